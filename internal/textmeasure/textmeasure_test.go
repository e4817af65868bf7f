package textmeasure

import (
	"math"
	"math/rand"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The survey measured Chromium (kerning off) at 161.85 px for this string at
// 14 px in Inter Regular; our measurement must agree.
func TestInterMatchesBrowser(t *testing.T) {
	got := Default().Width("Approve purchase order", 14, false)
	if math.Abs(got-161.85) > 0.1 {
		t.Errorf("width = %.2f, want 161.85 ± 0.1", got)
	}
	if b := Default().Width("Approve purchase order", 14, true); b <= got {
		t.Errorf("semibold (%.2f) should be wider than regular (%.2f)", b, got)
	}
}

func TestWrap(t *testing.T) {
	m := Fixed{Advance: 0.5} // 7 px per character at 14 px
	lines := Wrap(m, "Verify the deployment succeeded everywhere", 14, false, 100)
	for _, l := range lines {
		if w := m.Width(l, 14, false); w > 100 {
			t.Errorf("line %q is %.0f px wide, more than 100", l, w)
		}
	}
	if got := strings.Join(lines, " "); got != "Verify the deployment succeeded everywhere" {
		t.Errorf("wrapping lost or changed words: %q", got)
	}
	// Cut inside, a word's lines but the last end with a hyphen, which
	// must fit: 9 letters and a hyphen a line, then the 4 left.
	long := Wrap(m, strings.Repeat("x", 40), 14, false, 70)
	if got := strings.Join(long, " | "); got != "xxxxxxxx- | xxxxxxxx- | xxxxxxxx- | xxxxxxxx- | xxxxxxxx" {
		t.Errorf("a 280 px word in 70 px: got %s", got)
	}
}

// wrap7 wraps with 7 px per character (Fixed 0.5 at 14 px) in chars
// characters per line.
func wrap7(text string, chars int) []string {
	return Wrap(Fixed{Advance: 0.5}, text, 14, false, float64(chars*7))
}

func TestWrapBreakPoints(t *testing.T) {
	for _, c := range []struct {
		text  string
		chars int
		want  string // lines joined by " | "
	}{
		// Spaces first: the whole URL fits after "Call".
		{"Call auth.example.com now", 21, "Call auth.example.com | now"},
		// ... unless the space leaves a short line before a word that must
		// be broken anyway.
		{"Call https://auth.example.com", 20, "Call https://auth. | example.com"},
		// Then after / . - _ ? & (never "auth.example.co | m").
		{"https://auth.example.com/oauth/token", 14, "https://auth. | example.com/ | oauth/token"},
		{"auth.example.com", 15, "auth.example. | com"},
		{"GET /orders/{orderId}", 14, "GET /orders/ | {orderId}"},
		// A break after / that leaves the line half full goes before a
		// later camelCase one; one that leaves it emptier does not.
		{"GET /members/{memberId}/loans", 20, "GET /members/ | {memberId}/loans"},
		{"/organizationMembershipInvites", 20, "/organization | MembershipInvites"},
		{"/search?q=x&page=2", 12, "/search?q=x& | page=2"},
		{"snake_case_name-with-dashes", 12, "snake_case_ | name-with- | dashes"},
		// camelCase boundaries.
		{"processPaymentRequestHandler", 10, "process | Payment | Request | Handler"},
		// Only then inside a word, in pieces of even width (no line
		// left with a letter or two).
		{"xxxxxxxxxx", 4, "xxxx | xxx | xxx"},
		// A cut between two letters ends its line with a hyphen, except
		// in a box a few letters wide (xxxx above) and in scripts that
		// do not hyphenate.
		{"Kreditantragsbearbeitung", 22, "Kreditantrag- | sbearbeitung"},
		{"Ja, Kreditrahmenerhöhungsgenehmigung", 30, "Ja, | Kreditrahmenerhö- | hungsgenehmigung"},
		{"Zahlungsbestätigung", 12, "Zahlungsbe- | stätigung"},
		{"очень длинноеслово", 8, "очень | длинно- | еслово"},
		{"ΕπιβεβαίωσηΠληρωμής", 8, "Επιβεβ- | αίωση | Πληρωμής"},
		// Runs of spaces count once; explicit newlines stay.
		{"a   b\n\nc", 10, "a b |  | c"},
		// CJK breaks between characters, never before closing punctuation
		// nor after an opening bracket, and rather where a phrase ends
		// (after its punctuation, before a bracket) when that leaves the
		// line a third full.
		{"下单成功。通知用户", 4, "下单成 | 功。 | 通知用户"},
		{"配送依頼（ヤマト運輸）", 9, "配送依頼 | （ヤマト運輸）"},
		{"在庫を確認（倉庫）する", 6, "在庫を確認 | （倉庫）する"},
		{"注文（速達）を確認する", 3, "注文 | （速 | 達） | を確認 | する"},
		// Trailing dots stay with their word.
		{"Wait... done", 7, "Wait... | done"},
		// A number keeps its unit.
		{"200 OK · 798 ms", 12, "200 OK · | 798 ms"},
		{"Retry in 30 s then give up", 12, "Retry in | 30 s then | give up"},
		{"Canary 5 % of traffic", 9, "Canary | 5 % of | traffic"},
		{"Step 3 made", 6, "Step 3 | made"},
		// Nor is a number cut between its groups of thousands.
		{"threshold of 5 000 EUR?", 14, "threshold of | 5 000 EUR?"},
		{"total 1 234 567,89 EUR", 12, "total | 1 234 567,89 | EUR"},
		{"step 12 then 345 more", 8, "step 12 | then 345 | more"},
		{"year 2026 000", 10, "year 2026 | 000"},
	} {
		got := strings.Join(wrap7(c.text, c.chars), " | ")
		if got != c.want {
			t.Errorf("Wrap(%q, %d chars):\n got %s\nwant %s", c.text, c.chars, got, c.want)
		}
	}
}

// TestWrapClusters: combining marks and emoji sequences are never split.
func TestWrapClusters(t *testing.T) {
	for _, text := range []string{"नमस्ते दुनिया", "👩‍💻👩‍💻👩‍💻", "e\u0301e\u0301e\u0301e\u0301", "👍🏽👍🏽👍🏽"} {
		for chars := 1; chars < 6; chars++ {
			lines := wrap7(text, chars)
			for _, l := range lines {
				r, _ := utf8.DecodeRuneInString(l)
				if unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) || r == '\u200d' || (r >= 0x1f3fb && r <= 0x1f3ff) {
					t.Errorf("Wrap(%q, %d chars) = %q: a line starts inside a cluster", text, chars, lines)
				}
			}
			if strings.ReplaceAll(strings.Join(lines, ""), " ", "") != strings.ReplaceAll(text, " ", "") {
				t.Errorf("Wrap(%q, %d chars) = %q lost text", text, chars, lines)
			}
		}
	}
}

// greedyWords is the plain greedy word wrap, right when no word is longer
// than a line.
func greedyWords(m Measurer, text string, size, max float64) []string {
	var lines []string
	cur := ""
	for _, w := range glued(text) {
		if cur != "" && m.Width(cur+" "+w, size, false) > max {
			lines = append(lines, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	return append(lines, cur)
}

// glued returns the words of text, a number and its unit as one word.
func glued(text string) []string {
	var out []string
	for _, w := range strings.Fields(text) {
		if k := len(out) - 1; k >= 0 && unicode.IsDigit([]rune(out[k])[len([]rune(out[k]))-1]) && (unitAt([]rune(w), 0) || groupAt([]rune(out[k]+" "+w), len([]rune(out[k]))+1)) {
			out[k] += " " + w
			continue
		}
		out = append(out, w)
	}
	return out
}

// TestWrapProperties wraps random texts (words, punctuation, camelCase,
// CJK, combining marks): no text is lost, no line is wider than max unless
// it is one cluster, no line has outer spaces, and when every word fits on
// a line the result is the greedy word wrap.
func TestWrapProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(10))
	alphabet := []string{"a", "b", "Q", "x", " ", " ", " ", "/", ".", "-", "_", "?", "&", "下", "单", "e\u0301", "é", "ж", "ש", "7", "👍🏽", "ms"}
	m := Fixed{Advance: 0.5}
	for round := 0; round < 3000; round++ {
		var b strings.Builder
		for i := rng.Intn(80); i >= 0; i-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		text := strings.TrimSpace(b.String())
		max := float64(1+rng.Intn(30)) * 7
		lines := Wrap(m, text, 14, false, max)
		if bare(strings.Join(lines, "")) != bare(text) {
			t.Fatalf("Wrap(%q, %v) = %q lost text", text, max, lines)
		}
		for i, l := range lines[:len(lines)-1] {
			// A hyphen ends a line cut between two letters, or was there.
			if r, _ := utf8.DecodeLastRuneInString(strings.TrimSuffix(l, "-")); strings.HasSuffix(l, "-") && hyphenated(r) {
				if next, _ := utf8.DecodeRuneInString(lines[i+1]); !hyphenated(next) && !strings.Contains(text, string(r)+"-") {
					t.Fatalf("Wrap(%q, %v) = %q: %q ends in a hyphen the text lacks, before %q", text, max, lines, l, lines[i+1])
				}
			}
		}
		longest := 0.0
		for _, w := range glued(text) {
			longest = math.Max(longest, m.Width(w, 14, false))
		}
		for _, l := range lines {
			if l != strings.TrimSpace(l) {
				t.Fatalf("Wrap(%q, %v) = %q: outer spaces", text, max, lines)
			}
			if m.Width(l, 14, false) > max && len([]rune(l)) > 2 && !clusterOnly(l) {
				t.Fatalf("Wrap(%q, %v) = %q: %q is too wide", text, max, lines, l)
			}
		}
		if longest <= max && text != "" {
			if want := greedyWords(m, text, 14, max); !slices.Equal(lines, want) {
				t.Fatalf("Wrap(%q, %v) = %q, want the greedy word wrap %q", text, max, lines, want)
			}
		}
	}
}

// clusterOnly reports whether l is one character with its marks.
func clusterOnly(l string) bool {
	for i, r := range []rune(l) {
		if i > 0 && !unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) && !(r >= 0x1f3fb && r <= 0x1f3ff) {
			return false
		}
	}
	return true
}

// counting measures like Fixed but is not additive to Wrap, and counts
// the characters it was asked to measure.
type counting struct{ chars int }

func (c *counting) Width(text string, size float64, bold bool) float64 {
	n := utf8.RuneCountInString(text)
	c.chars += n
	return float64(n) * 0.5 * size
}

// TestWrapLinear: wrapping measures each character a bounded number of
// times, whatever the label's length (it was quadratic in the length of a
// long word).
func TestWrapLinear(t *testing.T) {
	for _, n := range []int{1000, 100000} {
		for _, text := range []string{strings.Repeat("x", n), strings.Repeat("word ", n/5), strings.Repeat("a.b/", n/4)} {
			c := &counting{}
			Wrap(c, text, 14, false, 170)
			if c.chars > 3*len(text) {
				t.Errorf("wrapping %d characters measured %d characters", len(text), c.chars)
			}
		}
	}
}

// TestWrapLongWord: a word with no break in it, of hundreds of thousands
// of letters, is cut into lines that give the word back (its cost, linear
// since each line no longer scans the rest of the word, is measured by
// BenchmarkWrap/word, docs/benchmarks.md).
func TestWrapLongWord(t *testing.T) {
	m := Default()
	for _, n := range []int{50000, 400000} {
		word := strings.Repeat("abcdefghij", n/10)
		lines := Wrap(m, word, 12, false, 170)
		var joined strings.Builder
		for _, l := range lines {
			if w := m.Width(l, 12, false); w > 170 {
				t.Fatalf("%d letters: a line %.0f px wide, want at most 170", n, w)
			}
			joined.WriteString(strings.TrimSuffix(l, "-"))
		}
		if len(lines) < n/40 || joined.String() != word {
			t.Fatalf("%d letters: %d lines that do not make the word again", n, len(lines))
		}
	}
}

func BenchmarkWrap(b *testing.B) {
	m := Default()
	for _, n := range []int{1000, 10000, 100000} {
		word := strings.Repeat("abcdefghij", n/10)
		words := strings.Repeat("lorem ipsum dolor sit amet ", n/27+1)[:n]
		url := strings.Repeat("auth.example.com/", n/17+1)[:n]
		for name, text := range map[string]string{"word": word, "words": words, "url": url} {
			b.Run(name+"/chars="+strconv.Itoa(n), func(b *testing.B) {
				for b.Loop() {
					Wrap(m, text, 12, false, 170)
				}
			})
		}
		// Balanced: the words wrapped again a dozen times.
		b.Run("balanced/chars="+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				WrapBalanced(m, words, 12, false, 170)
			}
		})
	}
	// A label of a few words, as layouts wrap them.
	for _, label := range []string{"Offer an upgrade for a fee", "No, send back to the requester with comments"} {
		b.Run("label/"+strconv.Itoa(len(label)), func(b *testing.B) {
			for b.Loop() {
				Wrap(m, label, 12, false, 130)
			}
		})
		b.Run("label-balanced/"+strconv.Itoa(len(label)), func(b *testing.B) {
			for b.Loop() {
				WrapBalanced(m, label, 12, false, 130)
			}
		})
	}
}

// TestWrapEvenPieces: a word broken inside (no space or better break in
// it) takes as few lines as greedy breaking would, every line but the
// last ending in a hyphen that fits (in a line more than four letters
// wide; narrower, no hyphen), and its pieces differ by at most one
// character, whatever its length and the line's.
func TestWrapEvenPieces(t *testing.T) {
	for n := 2; n <= 40; n++ {
		for chars := 1; chars < n; chars++ {
			lines := wrap7(strings.Repeat("w", n), chars)
			want, hyphens := (n+chars-1)/chars, chars > 4
			if hyphens {
				want = 1 + (n-chars+chars-2)/(chars-1)
			}
			if len(lines) != want {
				t.Fatalf("%d letters at %d a line: %d lines, want %d", n, chars, len(lines), want)
			}
			lo, hi := n, 0
			for i, l := range lines {
				if len(l) > chars {
					t.Errorf("%d letters at %d a line: %q is too wide", n, chars, l)
				}
				if hyphened := strings.HasSuffix(l, "-"); hyphened != (hyphens && i < len(lines)-1) {
					t.Errorf("%d letters at %d a line: %q ends in a hyphen %v", n, chars, lines, hyphened)
				}
				l = strings.TrimSuffix(l, "-")
				lo, hi = min(lo, len(l)), max(hi, len(l))
			}
			if hi-lo > 1 {
				t.Errorf("%d letters at %d a line: pieces %q", n, chars, lines)
			}
		}
	}
}

// TestLongestUnit: the widest piece Wrap would have to cut inside a word,
// in characters of a fixed-width font.
func TestLongestUnit(t *testing.T) {
	m := Fixed{Advance: 0.5}
	for _, c := range []struct {
		text  string
		chars int
	}{
		{"Kreditantragsbearbeitung", 24},
		{"Bonitätsbewertungsergebnis ausreichend?", 26},
		{"GET /api/v2/payments/intents/pi_3", 9},   // "payments/"
		{"loadAccountPreferencesWithDefaults", 11}, // "Preferences"
		{"Retry in 300 ms", 6},                     // "300 ms"
		{"Pay 12 431 now", 6},                      // "12 431"
		{"short\nKreditantrag", 12},
		{"下单成功", 1},
		{"", 0},
	} {
		if got := LongestUnit(m, c.text, 2, false); got != float64(c.chars) {
			t.Errorf("LongestUnit(%q) = %g chars, want %d", c.text, got, c.chars)
		}
	}
	// Wrapped that wide, no word is cut inside.
	for _, text := range []string{"Kreditantragsbearbeitung ist fertig", "GET /api/v2/payments/intents/pi_3/confirm"} {
		w := LongestUnit(m, text, 2, false)
		lines := Wrap(m, text, 2, false, w)
		for i := 0; i+1 < len(lines); i++ {
			a, b := []rune(lines[i]), []rune(lines[i+1])
			if breakBefore(a[len(a)-1], b[0]) == hardBreak && !strings.HasPrefix(text[strings.Index(text, lines[i])+len(lines[i]):], " ") {
				t.Errorf("Wrap(%q) at its longest unit cut inside a word: %q", text, lines)
			}
		}
	}
}

// bare is text without its spaces and hyphens (which Wrap drops at a
// break and adds at a cut inside a word).
func bare(text string) string {
	return strings.NewReplacer(" ", "", "-", "").Replace(text)
}

// TestWrapBalanced: a paragraph broken at spaces keeps its number of
// lines but no line is left with a word or two; one broken inside a word
// or after punctuation is wrapped as Wrap wraps it.
func TestWrapBalanced(t *testing.T) {
	m := Fixed{Advance: 0.5} // 7 px a character
	for _, c := range []struct {
		text  string
		chars int
		want  string // lines joined by " | "
	}{
		{"Offer an upgrade for a fee", 22, "Offer an upgrade | for a fee"},
		{"Declined: wait in the lobby", 22, "Declined: wait | in the lobby"},
		{"Short", 22, "Short"},
		{"one two three four five six seven eight nine ten", 20, "one two three four | five six seven | eight nine ten"},
		{"Offer an upgrade for a fee\nand a late checkout for free", 22, "Offer an upgrade | for a fee | and a late | checkout for free"},
		// Cut inside a word or after a slash: as Wrap.
		{"Kreditantragsbearbeitung", 10, strings.Join(Wrap(m, "Kreditantragsbearbeitung", 14, false, 70), " | ")},
		{"GET /members/{memberId}/orders now", 16, strings.Join(Wrap(m, "GET /members/{memberId}/orders now", 14, false, 112), " | ")},
	} {
		if got := strings.Join(WrapBalanced(m, c.text, 14, false, float64(c.chars*7)), " | "); got != c.want {
			t.Errorf("WrapBalanced(%q, %d chars) = %q, want %q", c.text, c.chars, got, c.want)
		}
	}
	rng := rand.New(rand.NewSource(11))
	words := []string{"a", "to", "the", "order", "invoice", "payment", "é", "ship", "Zahlungseingang", "下单"}
	for round := 0; round < 3000; round++ {
		var b strings.Builder
		for i := rng.Intn(14); i >= 0; i-- {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[rng.Intn(len(words))])
		}
		text := b.String()
		max := float64(4+rng.Intn(30)) * 7
		greedy, even := Wrap(m, text, 14, false, max), WrapBalanced(m, text, 14, false, max)
		if !atSpaces(greedy, text) {
			if !slices.Equal(even, greedy) {
				t.Fatalf("WrapBalanced(%q, %v) = %q, want Wrap's %q (not broken at spaces alone)", text, max, even, greedy)
			}
			continue
		}
		if len(even) != len(greedy) || !atSpaces(even, text) {
			t.Fatalf("WrapBalanced(%q, %v) = %q: not %d lines broken at spaces (Wrap: %q)", text, max, even, len(greedy), greedy)
		}
		widest := func(lines []string) float64 {
			w := 0.0
			for _, l := range lines {
				w = math.Max(w, m.Width(l, 14, false))
			}
			return w
		}
		if w := widest(even); w > widest(greedy) {
			t.Fatalf("WrapBalanced(%q, %v) = %q is wider than Wrap's %q", text, max, even, greedy)
		} else if len(even) > 1 {
			// The narrowest: a character less and it takes more lines
			// (or cuts a word).
			if l := Wrap(m, text, 14, false, w-7); len(l) == len(even) && atSpaces(l, text) {
				t.Fatalf("WrapBalanced(%q, %v) = %q, but %q is as many lines and narrower", text, max, even, l)
			}
		}
	}
	// A bounded number of wraps: linear in the text.
	for _, n := range []int{1000, 100000} {
		text := strings.Repeat("word ", n/5)
		c := &counting{}
		WrapBalanced(c, text, 14, false, 170)
		if c.chars > 6*len(text) {
			t.Errorf("balancing %d characters measured %d characters", len(text), c.chars)
		}
	}
}

// FuzzWrapBalanced: balanced wrapping of any text at any width gives the
// text back, takes no more lines than Wrap, and no wider ones.
func FuzzWrapBalanced(f *testing.F) {
	f.Add("Offer an upgrade for a fee", 130.0)
	f.Add("Kreditantragsbearbeitung und Zahlungsbestätigung", 60.0)
	f.Add("下单 后 计算 完成", 20.0)
	f.Add("a\nb c d e f\n\n g", 7.0)
	m := Default()
	f.Fuzz(func(t *testing.T, text string, max float64) {
		if !utf8.ValidString(text) || len(text) > 2000 || !(max > 1 && max < 2000) {
			return
		}
		greedy, even := Wrap(m, text, 12, false, max), WrapBalanced(m, text, 12, false, max)
		if len(even) > len(greedy) {
			t.Fatalf("WrapBalanced(%q, %v) = %q: more lines than Wrap's %q", text, max, even, greedy)
		}
		if bare(strings.Join(even, "")) != bare(strings.Join(greedy, "")) {
			t.Fatalf("WrapBalanced(%q, %v) = %q: not the text of Wrap's %q", text, max, even, greedy)
		}
		widest := func(lines []string) float64 {
			w := 0.0
			for _, l := range lines {
				w = math.Max(w, m.Width(l, 12, false))
			}
			return w
		}
		if widest(even) > widest(greedy)+1e-6 {
			t.Fatalf("WrapBalanced(%q, %v) = %q: wider than Wrap's %q", text, max, even, greedy)
		}
	})
}
