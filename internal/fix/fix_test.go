package fix

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/golden"
	"flowzap/internal/model"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

func compileSrc(t testing.TB, name string, src []byte, strict bool) (*model.Document, diag.List) {
	t.Helper()
	f, pd := syntax.Parse(source.NewFile(name, src))
	doc, cd := compile.File(f, compile.Options{Strict: strict})
	return doc, append(pd, cd...)
}

// TestGolden fixes each input and compares the code and the list of
// corrections with a golden file.
func TestGolden(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.fz")
	if len(paths) == 0 {
		t.Fatal("no inputs")
	}
	for _, p := range paths {
		src, _ := os.ReadFile(p)
		r := Source(p, src)
		if r.Code == nil {
			t.Errorf("%s: not fixed: %v", p, r.Diags)
			continue
		}
		var b strings.Builder
		b.Write(r.Code)
		b.WriteString("-- corrections --\n")
		for _, c := range r.Corrections {
			fmt.Fprintf(&b, "%d: %s [%s]\n", c.Line, c.Msg, c.Code)
		}
		golden.Check(t, strings.TrimSuffix(p, ".fz")+".golden", []byte(b.String()))
		if r.Diags.HasErrors() {
			t.Errorf("%s: fixed code fails strict checks: %v", p, r.Diags)
		}
	}
}

// TestFixedCodeIsStrict fixes every input that has no hard errors and
// checks the result passes strict mode, keeps every node and edge, and is a
// fixed point (fixing it again changes nothing).
func TestFixedCodeIsStrict(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.fz")
	more, _ := filepath.Glob("../../examples/*.fz")
	errs, _ := filepath.Glob("../compile/testdata/errors/*.fz")
	for _, p := range append(append(paths, more...), errs...) {
		src, _ := os.ReadFile(p)
		before, diags := compileSrc(t, p, src, false)
		r := Source(p, src)
		if diags.HasErrors() {
			if !r.Diags.HasErrors() && !onlyEncoding(diags) && !repairable(diags) {
				t.Errorf("%s: has errors no rule repairs, but the result reports none:\n%s", p, r.Code)
			}
			continue
		}
		if r.Code == nil {
			t.Errorf("%s: not fixed: %v", p, r.Diags)
			continue
		}
		if r.Diags.HasErrors() {
			t.Errorf("%s: fixed code fails strict mode:\n%s", p, r.Code)
		}
		after, _ := compileSrc(t, p, r.Code, true)
		if got, want := signature(after), signature(before); got != want {
			t.Errorf("%s: fixing changed the diagram\nbefore: %s\nafter:  %s", p, want, got)
		}
		again := Source(p, r.Code)
		if string(again.Code) != string(r.Code) || len(again.Corrections) != 0 {
			t.Errorf("%s: fix is not a fixed point; second pass made %v", p, again.Corrections)
		}
	}
}

// repairable reports whether every error in l is of a kind the text
// repairs may remove.
func repairable(l diag.List) bool {
	for _, d := range l.Filter(diag.Error) {
		switch d.Code {
		case diag.ControlChar, diag.InvalidUTF8, diag.UnterminatedLane, diag.UnknownSide, diag.UnknownShape, diag.ChainedEdge, diag.Syntax, diag.UnterminatedStr, diag.WrongLanePrefix, diag.UndefinedLane:
		default:
			return false
		}
	}
	return true
}

func onlyEncoding(l diag.List) bool {
	for _, d := range l.Filter(diag.Error) {
		if d.Code != diag.ControlChar && d.Code != diag.InvalidUTF8 {
			return false
		}
	}
	return true
}

// signature describes a diagram independently of node IDs: lanes with
// their labels' nodes, and edges between labelled nodes.
func signature(d *model.Document) string {
	var parts []string
	name := func(n *model.Node) string { return n.Lane.ID + "/" + stripEmoji(n.Label) + "/" + string(n.Shape) }
	for _, n := range d.Nodes {
		parts = append(parts, "node "+name(n))
	}
	for _, e := range d.Edges {
		parts = append(parts, "edge "+name(e.From)+" -> "+name(e.To)+" "+stripEmoji(e.Label))
	}
	for _, l := range d.Loops {
		if len(l.Nodes) < 2 {
			continue // the fixer turns single-node loops into comments
		}
		parts = append(parts, fmt.Sprintf("loop %s %d", l.Condition, len(l.Nodes)))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

var handleRx = regexp.MustCompile(`\.handle\((left|right|top|bottom)\)`)

// loosen rewrites valid code the way people and AI agents break the rules:
// wrong separators, dropped handles and prefixes, word IDs, misplaced
// lane labels.
func loosen(src string, rng *rand.Rand) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		switch {
		case strings.Contains(l, "->") && rng.Intn(3) == 0:
			l = handleRx.ReplaceAllString(l, "")
		case strings.Contains(l, "->") && rng.Intn(3) == 0:
			l = strings.Replace(l, "[label=", "[label:", 1)
		case strings.Contains(l, ": ") && strings.Contains(l, "label:") && rng.Intn(2) == 0:
			l = strings.Replace(l, "label:", "label=", 1)
		case strings.HasSuffix(strings.TrimSpace(l), "{") == false && strings.Contains(l, "{ #") && rng.Intn(2) == 0:
			l = strings.Replace(l, "{ # ", "{#", 1)
		}
		if strings.Contains(l, "->") && rng.Intn(3) == 0 {
			// drop a lane prefix from the target
			l = regexp.MustCompile(`-> \w+\.(n\d+)`).ReplaceAllString(l, "-> $1")
		}
		lines[i] = l
	}
	out := strings.Join(lines, "\n")
	if rng.Intn(2) == 0 { // word IDs instead of nN
		out = regexp.MustCompile(`\bn(\d+)\b`).ReplaceAllString(out, "step$1")
	}
	return out
}

func TestLoosenedExamplesAreRepaired(t *testing.T) {
	paths, _ := filepath.Glob("../../examples/*.fz")
	rng := rand.New(rand.NewSource(7))
	for _, p := range paths {
		orig, _ := os.ReadFile(p)
		want, _ := compileSrc(t, p, orig, true)
		for round := 0; round < 5; round++ {
			loose := loosen(string(orig), rng)
			r := Source(p, []byte(loose))
			if r.Code == nil {
				t.Errorf("%s round %d: not fixed: %v\n%s", p, round, r.Diags, loose)
				continue
			}
			if r.Diags.HasErrors() {
				t.Errorf("%s round %d: fixed code fails strict mode: %v\n%s", p, round, r.Diags, r.Code)
				continue
			}
			got, _ := compileSrc(t, p, r.Code, true)
			if signature(got) != signature(want) {
				t.Errorf("%s round %d: repair changed the diagram\nloose:\n%s\nfixed:\n%s", p, round, loose, r.Code)
			}
		}
	}
}

func TestUnfixableErrorsAreReported(t *testing.T) {
	src := "a { # A\n  n1: circle label:\"x\"\n  n1.handle(right) -> n7.handle(left)\n}\n"
	r := Source("x.fz", []byte(src))
	if string(r.Code) != src {
		t.Errorf("the unrepairable line must be kept as written:\n%s", r.Code)
	}
	if errs := r.Diags.Filter(diag.Error); len(errs) != 1 || errs[0].Code != diag.UndefinedNode {
		t.Fatalf("want the undefined-node error, got %v", r.Diags)
	}
}

// TestPartialRepair checks one unrepairable line does not block the other
// repairs: an LLM-style diagram with prose around a fence, compass and
// "up" sides, a long arrow, a chained edge, single quotes, trailing
// semicolons, a label without its key, a wrong lane prefix and an edge to
// a node that does not exist.
func TestPartialRepair(t *testing.T) {
	src := `Here is the diagram you asked for:
` + "```flowzap" + `
shop { # Shop
  a: circle "Start";
  b: rectangle label='Pick items'
  c: diamond label:"Paid?"
  a.handle(East) --> b.handle(West)
  b -> c -> pay.d [label='go']
  c.handle(up) -> b.handle(top) [label="No"]
  c.handle(bottom) -> shop.d.handle(top) [label="Yes"]
  c.handle(right) -> zz.handle(left)
}
pay { # Payment
  d: rectangle label:"Charge"
}
` + "```" + `
Let me know if you want changes!
`
	r := Source("llm.fz", []byte(src))
	errs := r.Diags.Filter(diag.Error)
	if len(errs) != 1 || errs[0].Code != diag.UndefinedNode {
		t.Errorf("want only the undefined node left, got %v\n%s", r.Diags, r.Code)
	}
	for _, want := range []string{
		`n1: circle label:"Start"`, `n2: rectangle label:"Pick items"`,
		`n1.handle(right) -> n2.handle(left)`, `n2.handle(right) -> n3.handle(left)`,
		`-> pay.n4.handle(top) [label="go"]`, `n3.handle(top) -> n2.handle(top) [label="No"]`,
		`n3.handle(bottom) -> pay.n4.handle(top) [label="Yes"]`, `n3.handle(right) -> zz.handle(left)`,
	} {
		if !strings.Contains(string(r.Code), want) {
			t.Errorf("missing %q in\n%s", want, r.Code)
		}
	}
	if strings.Contains(string(r.Code), "Here is") || strings.Contains(string(r.Code), "```") || strings.Contains(string(r.Code), ";") {
		t.Errorf("prose, fences or semicolons left:\n%s", r.Code)
	}
	// A failed edge line must not make its ends look unconnected.
	for _, d := range r.Diags {
		if d.Code == diag.OrphanNode {
			t.Errorf("orphan warning caused by a failed edge: %v", d)
		}
	}
	var lines []int
	for _, c := range r.Corrections {
		lines = append(lines, c.Line)
	}
	if len(r.Corrections) < 8 || lines[0] != 1 {
		t.Errorf("corrections (lines %v): %+v", lines, r.Corrections)
	}
}

func TestControlCharactersRemoved(t *testing.T) {
	r := Source("x.fz", []byte("a { # A\n  n1: circle label:\"St\x07art\xff\"\n}\n"))
	if r.Code == nil {
		t.Fatalf("not fixed: %v", r.Diags)
	}
	if !strings.Contains(string(r.Code), `label:"Start"`) {
		t.Errorf("control character and bad byte not removed:\n%s", r.Code)
	}
	if len(r.Corrections) != 2 || r.Corrections[0].Line != 2 {
		t.Errorf("corrections = %+v", r.Corrections)
	}
}

// TestUTF16Converted: UTF-16 text (either byte order) is converted to
// UTF-8, keeping every character, instead of losing each byte that is not
// UTF-8; the other repairs follow on the converted text.
func TestUTF16Converted(t *testing.T) {
	const text = "a { # Café\r\n  n1: circle label=\"Début 日本 \U0001D11E\"\r\n}\r\n"
	for _, big := range []bool{false, true} {
		b := []byte{0xFF, 0xFE}
		if big {
			b = []byte{0xFE, 0xFF}
		}
		for _, u := range utf16.Encode([]rune(text)) {
			if big {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		r := Source("x.fz", b)
		want := "a { # Café\n  n1: circle label:\"Début 日本 \U0001D11E\"\n}\n"
		if string(r.Code) != want || r.Diags.HasErrors() {
			t.Errorf("big endian %v: got %q %v, want %q", big, r.Code, r.Diags, want)
		}
		if len(r.Corrections) != 2 || r.Corrections[0].Line != 1 || r.Corrections[0].Code != diag.InvalidUTF8 ||
			!strings.HasPrefix(r.Corrections[0].Msg, "converted the text from UTF-16") ||
			r.Corrections[1].Line != 2 || r.Corrections[1].Code != diag.NodeAttrSep {
			t.Errorf("big endian %v: corrections %+v", big, r.Corrections)
		}
	}
}

func FuzzFix(f *testing.F) {
	paths, _ := filepath.Glob("../../examples/*.fz")
	more, _ := filepath.Glob("testdata/*.fz")
	for _, p := range append(paths, more...) {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// Each of the first diagnostics repaired on its own, with errors
		// elsewhere or not, must not panic or hang.
		sf := source.NewFile("fuzz.fz", src)
		tree, pd := syntax.Parse(sf)
		_, cd := compile.File(tree, compile.Options{})
		for i, d := range append(pd, cd...) {
			if i >= 8 {
				break
			}
			One("fuzz.fz", src, Target{Code: d.Code, Line: sf.Position(d.Span.Start).Line})
		}
		r := Source("fuzz.fz", src)
		if r.Diags.HasErrors() {
			return
		}
		if _, d := syntax.Parse(source.NewFile("out.fz", r.Code)); d.HasErrors() {
			t.Fatalf("fixed code does not parse: %v\ninput: %q\noutput: %q", d, src, r.Code)
		}
		again := Source("fuzz.fz", r.Code)
		if string(again.Code) != string(r.Code) {
			t.Fatalf("fix is not a fixed point\ninput: %q\nonce:  %q\ntwice: %q", src, r.Code, again.Code)
		}
	})
}

// BenchmarkManyCorrections: code whose every line is corrected (unclosed
// lanes): the corrections are sorted by line in n log n (100,000 lines
// took 28 s when they were sorted by insertion; docs/benchmarks.md).
func BenchmarkManyCorrections(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		src := []byte(strings.Repeat("a {\n", n))
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			for b.Loop() {
				Source("x.fz", src)
			}
		})
	}
}
