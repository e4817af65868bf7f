package layout

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// TooltipTextMax bounds, in characters (code points), each text a tooltip
// repeats: the label and each of owner, system and description. It is
// the server's default label limit (pipeline.DefaultLimits), so a checked
// document's tooltips carry their texts whole; where no limit applies (a
// local render) a longer text is cut with an ellipsis.
const TooltipTextMax = 1000

// Tooltip returns the native tooltip of a node (the <title> of its group
// in the SVG): its label, a taskbox's title with each sub-item on a line
// of its own ("• Check docs"), then [TooltipDetails].
func Tooltip(n *model.Node) string {
	if n.Owner == "" && n.System == "" && n.Description == "" && n.Items() == nil {
		return cut(n.Label, TooltipTextMax) // most nodes: the label itself, no copy
	}
	var b strings.Builder
	if items := n.Items(); len(items) > 0 {
		b.WriteString(cut(n.Title(), TooltipTextMax))
		for _, it := range items {
			b.WriteString("\n• ")
			b.WriteString(cut(it, TooltipTextMax))
		}
	} else {
		b.WriteString(cut(n.Label, TooltipTextMax))
	}
	if d := TooltipDetails(n); d != "" {
		b.WriteByte('\n')
		b.WriteString(d)
	}
	return b.String()
}

// TooltipDetails returns what a node's tooltip says besides its label,
// each on a line of its own and only when written: "Owner: …",
// "System: …" and the description; "" when the node has none of them.
// A message of the sequence view that is named after its target adds
// them to its own tooltip.
func TooltipDetails(n *model.Node) string {
	var lines []string
	if n.Owner != "" {
		lines = append(lines, "Owner: "+cut(n.Owner, TooltipTextMax))
	}
	if n.System != "" {
		lines = append(lines, "System: "+cut(n.System, TooltipTextMax))
	}
	if n.Description != "" {
		lines = append(lines, cut(n.Description, TooltipTextMax))
	}
	return strings.Join(lines, "\n")
}

// NodeDetails returns a node's owner, system and description for the
// layout JSON.
func NodeDetails(n *model.Node) scene.Details {
	return scene.Details{Owner: n.Owner, System: n.System, Description: n.Description}
}

// cut returns s, or its first max characters followed by an ellipsis
// (fewer when the cut would split a letter from its marks or a joined
// emoji).
func cut(s string, max int) string {
	if len(s) <= max || utf8.RuneCountInString(s) <= max {
		return s
	}
	i, k := 0, 0
	for i < len(s) && k < max {
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
		k++
	}
	head := s[:i]
	if next, _ := utf8.DecodeRuneInString(s[i:]); extends(next) {
		head = head[:lastCluster(head)]
	}
	return trimEnd(head) + "…"
}

// extends reports whether r belongs to the character before it: a mark,
// a variation selector, a skin tone or a joiner (and what a joiner joins).
func extends(r rune) bool {
	return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == '\u200d' ||
		r >= '\ufe00' && r <= '\ufe0f' || r >= 0x1f3fb && r <= 0x1f3ff
}

// lastCluster returns where the last character of s starts, with its
// marks, and the emoji it is joined to.
func lastCluster(s string) int {
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		i -= n
		if extends(r) {
			continue
		}
		// r is a base: joined to the one before?
		if p, pn := utf8.DecodeLastRuneInString(s[:i]); p == '\u200d' && i-pn > 0 {
			i -= pn
			continue
		}
		return i
	}
	return 0
}

// trimEnd drops the spaces, a dangling joiner and the commas, colons and
// semicolons that may end a shortened text (before its ellipsis).
func trimEnd(s string) string {
	for s != "" {
		r, n := utf8.DecodeLastRuneInString(s)
		if !unicode.IsSpace(r) && r != '\u200d' && !strings.ContainsRune(",;:、，；：", r) {
			return s
		}
		s = s[:len(s)-n]
	}
	return s
}

// Clamp returns b with at most max lines: when b has more, the last one
// kept ends with an ellipsis, shortened (at a space when that keeps at
// least half the line, else a character at a time) so that it stays no
// wider than width. The block keeps its size and line height; W and H are
// measured again. b's Lines are not modified.
func (e Env) Clamp(b TextBlock, max int, width float64) TextBlock {
	if max < 1 || len(b.Lines) <= max {
		return b
	}
	lines := append([]string(nil), b.Lines[:max]...)
	last := strings.TrimRightFunc(lines[max-1], unicode.IsSpace)
	fits := func(s string) bool { return e.Measure.Width(s+"…", b.Size, b.Bold) <= width }
	for last != "" && !fits(last) {
		last = trimEnd(last[:lastCluster(last)])
	}
	// A word cut in the middle reads worse than one left out, unless that
	// leaves little of the line.
	if full := lines[max-1]; len(last) < len(full) && full[len(last)] != ' ' {
		if sp := strings.LastIndexByte(last, ' '); sp > 0 && e.Measure.Width(last[:sp], b.Size, b.Bold) >= width/2 {
			last = trimEnd(last[:sp])
		}
	}
	lines[max-1] = last + "…"
	out := TextBlock{Lines: lines, Size: b.Size, Bold: b.Bold, LineHeight: b.LineHeight}
	for _, l := range lines {
		out.W = math.Max(out.W, e.Measure.Width(l, b.Size, b.Bold))
	}
	out.H = float64(len(lines)) * b.LineHeight
	return out
}
