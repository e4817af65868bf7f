// Package d2 writes FlowZap diagrams in the D2 language: a container per
// lane, node shapes, labelled connections, loops as dashed back links.
package d2

import (
	"fmt"
	"io"
	"strings"

	"flowzap/internal/interchange"
	"flowzap/internal/model"
)

// Quote writes s as a D2 double-quoted string (quotes, backslashes and
// the "$" of substitutions escaped).
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '$':
			b.WriteString(`\$`) // no ${substitution}
		case '\n':
			b.WriteString(`\n`)
		case '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

var shapes = map[model.Shape]string{model.Circle: "circle", model.Rectangle: "rectangle", model.Diamond: "diamond", model.Taskbox: "rectangle"}

// Export writes d as D2 source laid out left to right.
func Export(w io.Writer, d *interchange.Diagram) error {
	doc := d.Doc
	var b strings.Builder
	b.WriteString("direction: right\n")
	key := map[*model.Node]string{}
	for _, l := range doc.Lanes {
		fmt.Fprintf(&b, "%s: %s {\n", Quote(l.ID), Quote(l.Label))
		b.WriteString("  style.fill: \"#f8f9fa\"\n")
		for _, n := range l.Nodes {
			key[n] = Quote(l.ID) + "." + Quote(n.ID)
			fmt.Fprintf(&b, "  %s: %s {\n    shape: %s\n", Quote(n.ID), Quote(interchange.Label(n)), shapes[n.Shape])
			if n.Shape == model.Taskbox {
				b.WriteString("    style.border-radius: 0\n    style.fill: \"#f5f5f5\"\n")
			}
			if n.Shape == model.Rectangle {
				b.WriteString("    style.border-radius: 6\n")
			}
			b.WriteString("  }\n")
		}
		b.WriteString("}\n")
	}
	for _, e := range doc.Edges {
		if e.Label != "" {
			fmt.Fprintf(&b, "%s -> %s: %s\n", key[e.From], key[e.To], Quote(e.Label))
		} else {
			fmt.Fprintf(&b, "%s -> %s\n", key[e.From], key[e.To])
		}
	}
	for _, lp := range doc.Loops {
		if len(lp.Nodes) < 2 {
			continue
		}
		first, last := lp.Nodes[0], lp.Nodes[len(lp.Nodes)-1]
		fmt.Fprintf(&b, "%s -> %s: %s {\n  style.stroke-dash: 4\n  style.stroke: \"#7e57c2\"\n}\n", key[last], key[first], Quote("loop ["+lp.Condition+"]"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
