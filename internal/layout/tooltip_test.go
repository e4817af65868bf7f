package layout

import (
	"strings"
	"testing"
	"unicode/utf8"

	"flowzap/internal/model"
	"flowzap/internal/textmeasure"
	"flowzap/internal/theme"
)

func TestTooltip(t *testing.T) {
	for _, c := range []struct {
		n    model.Node
		want string
	}{
		{model.Node{Shape: model.Rectangle, Label: "Ship"}, "Ship"},
		{model.Node{Shape: model.Rectangle, Label: "Ship", Description: "by courier"}, "Ship\nby courier"},
		{model.Node{Shape: model.Circle, Label: "a|b", Owner: "Ops", System: "WMS"}, "a|b\nOwner: Ops\nSystem: WMS"},
		{model.Node{Shape: model.Taskbox, Label: "Review | Check|Verify", System: "Jira", Description: "Two eyes"},
			"Review\n• Check\n• Verify\nSystem: Jira\nTwo eyes"},
	} {
		if got := Tooltip(&c.n); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.n, got, c.want)
		}
	}
	// Each text is bounded; a cut never splits a joined emoji.
	long := strings.Repeat("ab ", TooltipTextMax) + "end"
	got := Tooltip(&model.Node{Label: "x", Description: long})
	if !strings.HasSuffix(got, "…") || utf8.RuneCountInString(got) > TooltipTextMax+3 {
		t.Errorf("a long description gives a tooltip of %d characters ending %q", utf8.RuneCountInString(got), got[len(got)-8:])
	}
	for _, c := range [][2]string{
		{"xxxxe\u0301\u0301", "xxxx…"}, // a letter and its marks go together
		{"xxxxxe\u0301", "xxxxx…"},     // cut before the letter
		{"xxx👩\u200d👩\u200d👧", "xxx…"}, // a joined emoji is one
		{"xxxxx👍🏽", "xxxxx…"},          // with its skin tone
		{"xxxxx yz", "xxxxx…"},
		{"xxxx, yz", "xxxx…"}, // no space before the ellipsis
	} {
		if got := cut(c[0], 6); got != c[1] {
			t.Errorf("cut(%q, 6) = %q, want %q", c[0], got, c[1])
		}
	}
}

func TestClamp(t *testing.T) {
	env := Env{Measure: textmeasure.Fixed{Advance: 0.5}, Theme: theme.Light} // 6 px a character at 12 px
	text := "one two three four five six seven eight nine ten eleven twelve"
	b := env.Block(text, 12, false, 60) // 10 characters a line
	c := env.Clamp(b, 3, 60)
	if len(c.Lines) != 3 || !strings.HasSuffix(c.Lines[2], "…") {
		t.Fatalf("clamped to %q", c.Lines)
	}
	for _, l := range c.Lines {
		if w := env.Measure.Width(l, 12, false); w > 60 {
			t.Errorf("the line %q is %.0f px wide, more than 60", l, w)
		}
	}
	if c.H != 3*b.LineHeight || b.Lines[2] == c.Lines[2] {
		t.Errorf("height %.1f, the block's own lines changed: %q", c.H, b.Lines)
	}
	if got := env.Clamp(b, len(b.Lines), 60); len(got.Lines) != len(b.Lines) || strings.Contains(strings.Join(got.Lines, ""), "…") {
		t.Errorf("a block that fits is changed: %q", got.Lines)
	}
	// A line cut in the middle of a word loses the word instead, when
	// that keeps half the line.
	b = TextBlock{Lines: []string{"aaaaaa bbb", "c"}, Size: 12, LineHeight: 15.6}
	if got := env.Clamp(b, 1, 60).Lines[0]; got != "aaaaaa…" {
		t.Errorf("got %q, want %q", got, "aaaaaa…")
	}
	b = TextBlock{Lines: []string{"a bbbbbbbbb", "c"}, Size: 12, LineHeight: 15.6}
	if got := env.Clamp(b, 1, 60).Lines[0]; got != "a bbbbbbb…" {
		t.Errorf("got %q, want %q", got, "a bbbbbbb…")
	}
}

// A node with nothing but a label (most nodes) gets its label as it is:
// laying out a diagram again after each keystroke copies no text.
func TestTooltipOfALabelAllocatesNothing(t *testing.T) {
	n := &model.Node{Shape: model.Rectangle, Label: "Check stock"}
	if a := testing.AllocsPerRun(100, func() { _ = Tooltip(n) }); a != 0 {
		t.Errorf("%.0f allocations for a plain label's tooltip, want 0", a)
	}
}
