// Package textmeasure measures and wraps text for layout. Production code
// uses [Font], which reads the embedded Inter metrics; tests use [Fixed],
// whose constant advance keeps golden files stable when a font changes.
package textmeasure

import (
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"flowzap/internal/fonts"
)

// Measurer returns the advance width of text in pixels at size px.
type Measurer interface {
	Width(text string, size float64, bold bool) float64
}

// Wrapper is a Measurer that measures as another one does (Base) and
// adds something of its own, such as a check that its work is still
// wanted; results known for the base hold for the wrapper.
type Wrapper interface {
	Measurer
	Base() Measurer
}

// Fixed is a Measurer where every character advances Advance × size.
type Fixed struct{ Advance float64 }

// Width implements Measurer.
func (f Fixed) Width(text string, size float64, bold bool) float64 {
	w := float64(utf8.RuneCountInString(text)) * f.Advance * size
	if bold {
		w *= 1.05
	}
	return w
}

// Font measures with the embedded Inter fonts, without kerning (SVG output
// sets font-kerning:none so browsers agree to a hundredth of a pixel).
type Font struct {
	glyphs *glyphs // Inter's glyphs and advances (glyphs_*.go)
	mu     sync.Mutex
	cache  map[cacheKey]float64
	ascii  [2][utf8.RuneSelf]float64 // regular, bold; -1 until measured
}

type cacheKey struct {
	r    rune
	bold bool
}

var (
	defaultOnce sync.Once
	defaultFont *Font
)

// Default returns the shared Inter measurer.
func Default() *Font {
	defaultOnce.Do(func() {
		defaultFont = &Font{glyphs: newGlyphs(), cache: map[cacheKey]float64{}}
		for i := range defaultFont.ascii {
			for j := range defaultFont.ascii[i] {
				defaultFont.ascii[i][j] = -1
			}
		}
	})
	return defaultFont
}

// unitsPerEm advance cache: widths are stored for size 1 and scaled.
func (f *Font) advance(r rune, bold bool) float64 {
	if r < utf8.RuneSelf {
		b := 0
		if bold {
			b = 1
		}
		if w := f.ascii[b][r]; w >= 0 {
			return w
		}
		defer func() { f.ascii[b][r] = f.cache[cacheKey{r, bold}] }()
	}
	k := cacheKey{r, bold}
	if w, ok := f.cache[k]; ok {
		return w
	}
	w, inInter := f.glyphs.advance(r, bold)
	if !inInter {
		// Not in Inter: the renderers draw it with a fallback font (the
		// PNG and PDF ones with the same fonts as here).
		switch i := fonts.Lookup(r); {
		case i > 0:
			w = fonts.Fallbacks()[i-1].Advance(r)
		case fonts.Attached(r):
			w = 0
		default:
			w = 0.6 // no font has it: about the width of a missing-glyph box
		}
	}
	f.cache[k] = w
	return w
}

// Width implements Measurer.
func (f *Font) Width(text string, size float64, bold bool) float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	w := 0.0
	for _, r := range text {
		w += f.advance(r, bold)
	}
	return w * size
}

// runeWidther is implemented by measurers whose width is the sum of their
// characters' advances (no kerning), which lets Wrap measure each
// character once.
type runeWidther interface {
	// RuneAdvance returns the advance of r in ems.
	RuneAdvance(r rune, bold bool) float64
}

// RuneAdvance returns the advance of r in ems (pixels at size 1).
func (f Fixed) RuneAdvance(r rune, bold bool) float64 {
	if bold {
		return f.Advance * 1.05
	}
	return f.Advance
}

// RuneAdvance returns the advance of r in ems (pixels at size 1).
func (f *Font) RuneAdvance(r rune, bold bool) float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.advance(r, bold)
}

// Break priorities, best first.
const (
	noBreak    = iota
	hardBreak  // inside a word: only when nothing else fits
	softBreak  // after / . - _ ? &, at a camelCase boundary, between ideographs
	spaceBreak // at a space (the space is dropped)
)

// Wrap breaks text into lines no wider than max pixels. It breaks at spaces
// first; a word too long for a line is broken after one of / . - _ ? &
// (preferred when it leaves the line at least half full), at a camelCase
// boundary (orderId -> order|Id) or between CJK characters, and only when
// none of these fits, inside the word (never before a combining
// mark or inside an emoji sequence), in pieces of even width, a cut
// between two letters ending its line with a hyphen. Runs of spaces count as one space;
// explicit newlines are kept. A line holds at least one character, so a
// character wider than max stands alone. It runs in time linear in the
// length of text.
func Wrap(m Measurer, text string, size float64, bold bool, max float64) []string {
	lines := make([]string, 0, 1)
	for {
		para, rest, more := strings.Cut(text, "\n")
		lines = wrapPara(lines, m, normalizeSpaces(para), size, bold, max)
		if !more {
			return lines
		}
		text = rest
	}
}

// WrapBalanced is Wrap with the lines of each paragraph evened out, as
// CSS's text-wrap: balance does: a paragraph that Wrap breaks at spaces
// alone into several lines is wrapped at the narrowest width that still
// gives it no more lines, so that its last line is not left with a word
// or two ("Offer an upgrade for a | fee" becomes "Offer an upgrade | for
// a fee") and its box is no wider than its text needs. A paragraph that
// Wrap breaks inside a word, or after punctuation, is kept as Wrap breaks
// it. It runs in time linear in the length of text (a bounded number of
// wraps of each paragraph).
func WrapBalanced(m Measurer, text string, size float64, bold bool, max float64) []string {
	lines := make([]string, 0, 2)
	for {
		para, rest, more := strings.Cut(text, "\n")
		para = normalizeSpaces(para)
		k := len(lines)
		var t *paraTables
		lines, t = wrapParaTables(lines, m, para, size, bold, max)
		if got := lines[k:]; len(got) > 1 && atSpaces(got, para) {
			lines = append(lines[:k], t.balanced(m, para, size, bold, got)...)
		}
		if !more {
			return lines
		}
		text = rest
	}
}

// balancePrecision is how close (in pixels) balanced comes to the
// narrowest width.
const balancePrecision = 0.25

// balanced returns para wrapped at the narrowest width (to within
// balancePrecision) at which it still takes len(greedy) lines broken at
// spaces alone; greedy is para wrapped at its usual width. A narrower
// width never gives fewer lines, and one too narrow for a word breaks
// that word, so the test is monotone. Every such wrap drops the same
// spaces, so its widest line is at least the mean of greedy's: the search
// starts there, and breaks the paragraph again at each width with the
// tables greedy was broken with.
func (t *paraTables) balanced(m Measurer, para string, size float64, bold bool, greedy []string) []string {
	hi, sum := 0.0, 0.0
	for _, l := range greedy {
		w := m.Width(l, size, bold)
		hi, sum = math.Max(hi, w), sum+w
	}
	lo := math.Max(0, sum/float64(len(greedy))-balancePrecision)
	best := greedy
	for hi-lo > balancePrecision {
		mid := (lo + hi) / 2
		if l := t.wrap(nil, para, mid); len(l) <= len(greedy) && atSpaces(l, para) {
			best, hi = l, mid
		} else {
			lo = mid
		}
	}
	return best
}

// atSpaces reports whether lines are para broken at spaces alone: no
// word cut, no break after punctuation or between ideographs.
func atSpaces(lines []string, para string) bool {
	n := len(lines) - 1
	for _, l := range lines {
		n += len(l)
	}
	if n != len(para) {
		return false
	}
	for _, l := range lines {
		if !strings.HasPrefix(para, l) {
			return false
		}
		para = para[len(l):]
		if para != "" {
			if para[0] != ' ' {
				return false
			}
			para = para[1:]
		}
	}
	return true
}

// normalizeSpaces trims s and turns each run of white space into one
// space, without allocating when s is already so.
func normalizeSpaces(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\t' || c == '\r' || c == '\v' || c == '\f' || c >= utf8.RuneSelf ||
			c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func wrapPara(lines []string, m Measurer, para string, size float64, bold bool, max float64) []string {
	lines, _ = wrapParaTables(lines, m, para, size, bold, max)
	return lines
}

// wrapParaTables is wrapPara that also returns the tables it broke para
// with (nil when para fits on one line), for WrapBalanced to break it
// again at other widths.
func wrapParaTables(lines []string, m Measurer, para string, size float64, bold bool, max float64) ([]string, *paraTables) {
	if para == "" {
		return append(lines, ""), nil
	}
	rw, additive := m.(runeWidther)
	if !additive && m.Width(para, size, bold) <= max {
		return append(lines, para), nil
	}
	if additive { // most labels fit on one line: no tables for them
		w := 0.0
		for _, r := range para {
			if w += rw.RuneAdvance(r, bold) * size; w > max+1e-9 {
				break
			}
		}
		if w <= max+1e-9 {
			return append(lines, para), nil
		}
	}
	t := newParaTables(m, para, size, bold, rw, additive)
	return t.wrap(lines, para, max), t
}

// paraTables are what breaking a paragraph into lines needs, whatever
// the width: each rune's offset and the widths before it, how good a
// break before it is, the end of its word and the next soft break.
// WrapBalanced breaks one paragraph at several widths with them.
type paraTables struct {
	n        int
	off      []int
	runes    []rune
	x        []float64
	kind     []uint8
	wordEnd  []int32
	nextSoft []int32
	hw       float64
}

func newParaTables(m Measurer, para string, size float64, bold bool, rw runeWidther, additive bool) *paraTables {
	// off[i] is the byte offset of rune i; x[i] the width of runes [0, i).
	n := utf8.RuneCountInString(para)
	off := make([]int, 0, n+1)
	runes := make([]rune, 0, n)
	x := make([]float64, 1, n+1)
	for i, r := range para {
		off = append(off, i)
		runes = append(runes, r)
		var w float64
		if additive {
			w = rw.RuneAdvance(r, bold) * size
		} else {
			w = m.Width(string(r), size, bold)
		}
		x = append(x, x[len(x)-1]+w)
	}
	off = append(off, len(para))
	hw := m.Width("-", size, bold) // a hyphen, for a cut inside a word
	if additive {
		hw = rw.RuneAdvance('-', bold) * size
	}
	// kind[i] says how good a break before rune i is.
	kind := make([]uint8, n+1)
	for i := 1; i < n; i++ {
		kind[i] = breakBefore(runes[i-1], runes[i])
	}
	// A number keeps its unit ("798 | ms" never): the space between them
	// is no break.
	for i := 2; i < n; i++ {
		if kind[i] == spaceBreak && runes[i-1] == ' ' && unicode.IsDigit(runes[i-2]) && (unitAt(runes, i) || groupAt(runes, i)) {
			kind[i] = noBreak
		}
	}
	// wordEnd[i] is the end of the word that starts at rune i.
	wordEnd := make([]int32, n+1)
	wordEnd[n] = int32(n)
	for i := n - 1; i >= 0; i-- {
		wordEnd[i] = wordEnd[i+1]
		if runes[i] == ' ' {
			wordEnd[i] = int32(i)
		}
	}
	// nextSoft[i] is the first break at or after rune i that is soft or
	// better (n when none): the end of the piece a cut inside a word
	// evens out, found without scanning the rest of a long word for each
	// of its lines.
	nextSoft := make([]int32, n+1)
	nextSoft[n] = int32(n)
	for i := n - 1; i >= 0; i-- {
		nextSoft[i] = nextSoft[i+1]
		if kind[i] >= softBreak {
			nextSoft[i] = int32(i)
		}
	}
	return &paraTables{n: n, off: off, runes: runes, x: x, kind: kind, wordEnd: wordEnd, nextSoft: nextSoft, hw: hw}
}

// wrap appends para, broken into lines no wider than max, to lines.
func (t *paraTables) wrap(lines []string, para string, max float64) []string {
	n, off, runes, x, kind, wordEnd, nextSoft, hw := t.n, t.off, t.runes, t.x, t.kind, t.wordEnd, t.nextSoft, t.hw
	start := 0
	for start < n {
		// The longest run from start that fits (at least one rune; a
		// trailing space does not count).
		end := start + 1
		for end < n && (x[end+1]-x[start] <= max+1e-9 || runes[end] == ' ') {
			end++
		}
		if end == n {
			lines = append(lines, para[off[start]:])
			break
		}
		// end is now the first rune that does not fit; the best break at or
		// before it, latest within the best kind.
		cut, best := end, uint8(hardBreak)
		if kind[end] == noBreak {
			best = noBreak
		}
		soft := -1 // the latest soft break
		for i := end; i > start; i-- {
			if kind[i] == softBreak && soft < 0 {
				soft = i
			}
			if kind[i] > best {
				cut, best = i, kind[i]
				if best == spaceBreak {
					break
				}
			}
		}
		// A space that leaves the line less than half full, before a word
		// too long for a line of its own: break inside that word instead.
		if best == spaceBreak && soft > cut && x[cut]-x[start] < max/2 && x[wordEnd[cut]]-x[cut] > max {
			cut, best = soft, softBreak
		}
		// Among soft breaks, one after / . - _ ? & that leaves the line at
		// least half full reads better than a later camelCase or CJK one
		// ("GET /members/ | {memberId}", not "{member | Id}").
		// In CJK text a phrase ends at its punctuation: a break after
		// "、" or "）" or before "（" that leaves the line a third full
		// reads better than one between two ideographs of a word
		// ("配送依頼 | （ヤマト運輸）", not "配送依頼（ヤマト運 | 輸）").
		if best == softBreak {
			for i := cut; i > start && x[i]-x[start] >= max/3; i-- {
				if kind[i] != softBreak {
					continue
				}
				if x[i]-x[start] >= max/2 && strings.ContainsRune("/.-_?&", runes[i-1]) || phraseBreak(runes[i-1], runes[i]) {
					cut = i
					break
				}
			}
		}
		// Inside a word (up to its next better break), the pieces are
		// made even: a word needing k lines is cut at the first letter
		// past a k-th of its width, so that no line is left with a
		// letter or two ("Kreditantragsbearbeitun | g" becomes
		// "Kreditantrag | sbearbeitung").
		// A cut between two letters ends its line with a hyphen, so the
		// pieces read as one word ("Kreditantrag- | sbearbeitung"): the
		// pieces leave room for it.
		hyphen := false
		if best == hardBreak {
			seg := int(nextSoft[end+1])
			room, hyphens := max, max > 4*hw // no hyphen in a box a few letters wide
			if hyphens {
				room -= hw
			}
			// The fewest lines: every piece but the last leaves room for
			// its hyphen.
			if w := x[seg] - x[start]; w > max {
				target := w / (1 + math.Ceil((w-max)/room))
				for i := start + 1; i < cut; i++ {
					if kind[i] == hardBreak && x[i]-x[start] >= target-1e-9 {
						cut = i
						break
					}
				}
			}
			letters := func(i int) bool {
				return hyphens && i > start && i < n && kind[i] == hardBreak && hyphenated(runes[i-1]) && hyphenated(runes[i])
			}
			for letters(cut) && x[cut]-x[start]+hw > max+1e-9 && letters(cut-1) {
				cut--
			}
			hyphen = letters(cut) && x[cut]-x[start]+hw <= max+1e-9
		}
		if best == noBreak { // one cluster wider than max
			cut = end
			for cut < n && kind[cut] == noBreak && runes[cut] != ' ' {
				cut++
			}
		}
		line := strings.TrimRight(para[off[start]:off[cut]], " ")
		if hyphen {
			line += "-"
		}
		lines = append(lines, line)
		for start = cut; start < n && runes[start] == ' '; start++ {
		}
	}
	return lines
}

// hyphenated reports whether r is a letter of a script whose words are
// hyphenated when cut (Latin, Greek, Cyrillic, Armenian).
func hyphenated(r rune) bool {
	return unicode.IsLetter(r) && unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Armenian)
}

// LongestUnit returns the width of the widest piece of text that Wrap
// cannot break without cutting inside a word: the runs between spaces,
// the breaks after / . - _ ? &, camelCase boundaries and CJK characters
// (a number and its unit count as one piece). A label wrapped at least
// that wide is broken only at those points.
func LongestUnit(m Measurer, text string, size float64, bold bool) float64 {
	widest := 0.0
	for para := range strings.SplitSeq(text, "\n") {
		runes := []rune(normalizeSpaces(para))
		start := 0
		for i := 1; i <= len(runes); i++ {
			if i < len(runes) {
				k := breakBefore(runes[i-1], runes[i])
				if k < softBreak || k == spaceBreak && i >= 2 && unicode.IsDigit(runes[i-2]) && (unitAt(runes, i) || groupAt(runes, i)) {
					continue
				}
			}
			end := i
			if runes[end-1] == ' ' {
				end--
			}
			if end > start {
				widest = max(widest, m.Width(string(runes[start:end]), size, bold))
			}
			start = i
		}
	}
	return widest
}

// units are the words that stay on the line of the number before them.
var units = []string{"ms", "s", "µs", "ns", "min", "h", "d", "%", "px", "kB", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "B", "k", "m", "km", "kg", "g", "°C", "°F", "€", "$", "£", "x", "×"}

// unitAt reports whether a unit of units starts at rune i and ends
// there as a word (a space, the text's end or punctuation after it).
// The list is short and the check runs only after a digit and a space.
func unitAt(runes []rune, i int) bool {
	for _, u := range units {
		j := i
		for _, r := range u {
			if j >= len(runes) || runes[j] != r {
				j = -1
				break
			}
			j++
		}
		if j >= 0 && (j == len(runes) || strings.ContainsRune(" ,.;:)]!?/", runes[j])) {
			return true
		}
	}
	return false
}

// groupAt reports whether rune i starts the next group of three digits
// of a number written with spaces between its thousands ("5 000 EUR",
// "12 431 entries", "1 234,56"): the space before it, after a group of
// one to three digits, is no break, so that a line never ends with "5"
// and the next starts with "000". The caller has checked that rune i-1
// is a space and rune i-2 a digit.
func groupAt(runes []rune, i int) bool {
	if i+3 > len(runes) || i+3 < len(runes) && unicode.IsDigit(runes[i+3]) {
		return false
	}
	for _, r := range runes[i : i+3] {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	j := i - 2 // the digits before the space: one to three of them
	for j > 0 && unicode.IsDigit(runes[j-1]) {
		j--
	}
	return i-1-j <= 3
}

// breakBefore classifies the break between runes a and b.
func breakBefore(a, b rune) uint8 {
	if a < utf8.RuneSelf && b < utf8.RuneSelf { // the common case, without tables
		switch {
		case b == ' ':
			return noBreak
		case a == ' ':
			return spaceBreak
		case strings.IndexByte("/.-_?&", byte(a)) >= 0 && strings.IndexByte("/.-_?&)]}", byte(b)) < 0:
			return softBreak
		case 'a' <= a && a <= 'z' && 'A' <= b && b <= 'Z':
			return softBreak
		}
		return hardBreak
	}
	switch {
	case b == ' ':
		return noBreak // break after the space, not before it
	case a == ' ':
		return spaceBreak
	case unicode.In(b, unicode.Mn, unicode.Me, unicode.Mc) || b == '\u200d' || a == '\u200d' ||
		(b >= 0xfe00 && b <= 0xfe0f) || (b >= 0x1f3fb && b <= 0x1f3ff) || (b >= 0xe0020 && b <= 0xe007f):
		return noBreak // combining marks, joiners, variation selectors, skin tones, tags
	case strings.ContainsRune("/.-_?&", a) && !strings.ContainsRune("/.-_?&)]}", b):
		return softBreak
	case unicode.IsLower(a) && unicode.IsUpper(b):
		return softBreak
	case strings.ContainsRune(cjkClosing, b):
		return hardBreak // no CJK closing punctuation at the start of a line
	case strings.ContainsRune(cjkOpening, a):
		return hardBreak // nor an opening bracket at the end of one
	case wide(a) || wide(b):
		return softBreak
	}
	return hardBreak
}

// CJK punctuation that closes a phrase (never at the start of a line)
// and brackets that open one (never at the end of a line).
const (
	cjkClosing = "、。，！？：；」』）】〉》〕"
	cjkOpening = "「『（【〈《〔"
)

// phraseBreak reports whether a break between a and b ends a CJK phrase:
// after its closing punctuation, or before an opening bracket.
func phraseBreak(a, b rune) bool {
	return strings.ContainsRune(cjkClosing, a) || strings.ContainsRune(cjkOpening, b)
}

// Wide reports whether r is a CJK character (or CJK punctuation), between
// which lines may break as at a space.
func Wide(r rune) bool { return wide(r) }

// wide reports whether r is a CJK character, between which lines may break.
func wide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}
