package fix

import (
	"bytes"
	"strings"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// Target names one diagnostic: its code and the line (1-based) it is
// reported on.
type Target struct {
	Code diag.Code
	Line int
}

// One repairs only the diagnostic named by target and leaves every other
// line as written: a quick fix on one warning must not reformat, renumber
// or repair the rest of the file ([Source] does that). Node renumbering
// (FZ110, FZ111) is one repair of the whole file and is applied as such.
//
// The repaired tree is printed canonically and compared line by line with
// the canonical print of the untouched tree; only the lines that the repair
// changed, and the target line itself, are replaced in the original text.
// Result.Code is nil when the target has no automatic repair (no such
// diagnostic on that line, or errors that block fixing).
func One(name string, src []byte, target Target) *Result {
	return OneWith(name, src, target, Options{})
}

// OneWith is [One] with options.
func OneWith(name string, src []byte, target Target, opts Options) *Result {
	orig := source.NewFile(name, src)
	f := &fixer{orig: orig, only: &target, opts: opts}
	clean := f.cleanText(src)
	if target.Code == diag.InvalidUTF8 || target.Code == diag.ControlChar {
		if len(f.done) == 0 {
			return &Result{File: orig, Corrections: []Correction{}}
		}
		out := source.NewFile(name, clean)
		return &Result{Code: clean, Corrections: f.sorted(), File: out, Diags: strictDiags(out)}
	}
	cf := source.NewFile(name, clean)
	file, diags := syntax.Parse(cf)
	if diags.HasErrors() {
		return &Result{Diags: diags, File: file.Src, Corrections: f.sorted()}
	}
	doc, cdiags := compile.File(file, compile.Options{})
	if doc == nil {
		return &Result{Diags: cdiags.Filter(diag.Error), File: file.Src, Corrections: f.sorted()}
	}
	// Errors elsewhere (an edge to an undefined node on another line) do
	// not keep the target from being repaired, as the whole fix repairs
	// what it can beside them; the rules that a broken document makes
	// unsafe hold back, as there (fixer.broken).
	f.broken = cdiags.HasErrors()
	var before bytes.Buffer
	syntax.Print(&before, file)
	f.src = file.Src
	f.doc = doc
	f.rewrite(file, cdiags)
	if len(f.done) == 0 {
		return &Result{File: orig, Corrections: []Correction{}}
	}
	var after bytes.Buffer
	syntax.Print(&after, file)
	code := splice(string(clean), before.String(), after.String(), target.Line)
	out := source.NewFile(name, []byte(code))
	return &Result{Code: []byte(code), Corrections: f.sorted(), File: out, Diags: strictDiags(out)}
}

func strictDiags(f *source.File) diag.List {
	pf, pd := syntax.Parse(f)
	_, sd := compile.File(pf, compile.Options{Strict: true})
	all := append(pd, sd...)
	all.Sort()
	return all
}

// want reports whether a repair of code at sp is wanted: always for
// [Source], and for [One] only when it names the target (renumbering
// matches on the code alone).
func (f *fixer) want(code diag.Code, sp source.Span) bool {
	if f.only == nil {
		return true
	}
	if code != f.only.Code {
		return false
	}
	if code == diag.NodeIDForm || code == diag.NodeIDNumbering {
		return true
	}
	file := f.src
	if file == nil {
		file = f.orig
	}
	return file.Position(sp.Start).Line == f.only.Line
}

// maxDiffCells bounds the line comparison's work; past it the whole
// canonical text is used.
const maxDiffCells = 4 << 20

// splice applies to orig the changes between before (the canonical print
// of orig) and after (the canonical print with one repair).
//
// Lines found unchanged in all three texts anchor the comparison. Between
// two anchors, orig's lines are matched to after's loosely (ignoring blanks,
// case and the attribute separator); a line takes its text from after only
// when it is the target line, when the repair wrote it (after has it,
// before does not) or when the repair removed it; every other line keeps
// its text as written, even where the canonical print differs.
func splice(orig, before, after string, line int) string {
	o, b, a := lines(orig), lines(before), lines(after)
	ob, ba := align(o, b, exact), align(b, a, exact)
	if ob == nil || ba == nil {
		return after
	}
	bToA := make([]int, len(b))
	for i := range bToA {
		bToA[i] = -1
	}
	newA := make([]bool, len(a)) // lines the repair wrote
	for i := range newA {
		newA[i] = true
	}
	for _, p := range ba {
		bToA[p[0]] = p[1]
		newA[p[1]] = false
	}
	gone := make([]bool, len(o)) // lines of orig whose canonical text the repair removed
	var anchors [][2]int         // (orig, after) lines the same in all three
	for _, p := range ob {
		if j := bToA[p[1]]; j >= 0 {
			anchors = append(anchors, [2]int{p[0], j})
		} else {
			gone[p[0]] = true
		}
	}
	anchors = append(anchors, [2]int{len(o), len(a)})
	var out []string
	var pick func(o0, o1, a0, a1 int)
	pick = func(o0, o1, a0, a1 int) {
		target, removed, wrote := false, false, false
		for i := o0; i < o1; i++ {
			target = target || i+1 == line && !gone[i] // a removed target line is its repair
			removed = removed || gone[i]
		}
		for j := a0; j < a1; j++ {
			wrote = wrote || newA[j]
		}
		switch {
		case !target && !removed && !wrote:
			out = append(out, o[o0:o1]...)
		case o1-o0 == a1-a0 && o1-o0 > 1:
			for k := 0; k < o1-o0; k++ {
				pick(o0+k, o0+k+1, a0+k, a0+k+1)
			}
		case !target && !wrote:
			for i := o0; i < o1; i++ {
				if !gone[i] {
					out = append(out, o[i])
				}
			}
		default:
			out = append(out, a[a0:a1]...)
		}
	}
	oi, ai := 0, 0
	for _, an := range anchors {
		og, ag := o[oi:an[0]], a[ai:an[1]]
		if len(og) > 0 || len(ag) > 0 {
			loose := align(og, ag, looseKey)
			if loose == nil {
				pick(oi, an[0], ai, an[1])
			} else {
				p0, q0 := 0, 0
				for _, m := range append(loose, [2]int{len(og), len(ag)}) {
					pick(oi+p0, oi+m[0], ai+q0, ai+m[1])
					if m[0] < len(og) {
						pick(oi+m[0], oi+m[0]+1, ai+m[1], ai+m[1]+1)
					}
					p0, q0 = m[0]+1, m[1]+1
				}
			}
		}
		if an[0] < len(o) {
			out = append(out, o[an[0]])
		}
		oi, ai = an[0]+1, an[1]+1
	}
	return strings.Join(out, "")
}

func exact(s string) string { return s }

// looseKey is a line without blanks, in lower case, with "=" read as ":"
// and "-->" as "->".
func looseKey(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(s)), "")
	return strings.NewReplacer("=", ":", "-->", "->").Replace(s)
}

// lines splits s after each newline, keeping the newlines.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.SplitAfter(s, "\n")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}

// align returns the matched line pairs of a longest common subsequence of
// x and y compared by key (common prefix and suffix first, then dynamic programming on the
// middle), or nil when the middle is too large to compare.
func align(x0, y0 []string, key func(string) string) [][2]int {
	x, y := make([]string, len(x0)), make([]string, len(y0))
	for i, s := range x0 {
		x[i] = key(s)
	}
	for i, s := range y0 {
		y[i] = key(s)
	}
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]
	if len(mx)*len(my) > maxDiffCells {
		return nil
	}
	pairs := make([][2]int, 0, pre+suf+min(len(mx), len(my)))
	for i := 0; i < pre; i++ {
		pairs = append(pairs, [2]int{i, i})
	}
	n, m := len(mx), len(my)
	w := m + 1
	dp := make([]int32, (n+1)*(m+1))
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if mx[i] == my[j] {
				dp[i*w+j] = dp[(i+1)*w+j+1] + 1
			} else {
				dp[i*w+j] = max(dp[(i+1)*w+j], dp[i*w+j+1])
			}
		}
	}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case mx[i] == my[j]:
			pairs = append(pairs, [2]int{pre + i, pre + j})
			i++
			j++
		case dp[(i+1)*w+j] >= dp[i*w+j+1]:
			i++
		default:
			j++
		}
	}
	for k := 0; k < suf; k++ {
		pairs = append(pairs, [2]int{len(x) - suf + k, len(y) - suf + k})
	}
	return pairs
}
