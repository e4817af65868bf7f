// Package dot writes FlowZap diagrams as Graphviz DOT: a cluster per lane,
// node shapes, edge labels, and ports from the handles.
package dot

import (
	"fmt"
	"io"
	"strings"

	"flowzap/internal/interchange"
	"flowzap/internal/model"
)

// Quote writes s as a DOT double-quoted string. Backslashes are doubled
// so that Graphviz's label escapes (\n, \l, \N, ...) are never triggered
// by the text itself; line breaks become \n.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
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

var ports = map[model.Side]string{model.Left: "w", model.Right: "e", model.Top: "n", model.Bottom: "s"}

func nodeAttrs(n *model.Node) string {
	switch n.Shape {
	case model.Circle:
		return `shape=circle, style=filled, fillcolor="#dae8fc", color="#6c8ebf", fixedsize=false`
	case model.Diamond:
		return `shape=diamond, style=filled, fillcolor="#fff2cc", color="#d6b656"`
	case model.Taskbox:
		return `shape=box, style=filled, fillcolor="#f5f5f5", color="#666666"`
	}
	return `shape=box, style="rounded,filled", fillcolor="#ffffff", color="#666666"`
}

// Export writes d as a DOT digraph laid out left to right.
func Export(w io.Writer, d *interchange.Diagram) error {
	doc := d.Doc
	var b strings.Builder
	name := d.Name
	if name == "" {
		name = "flowzap"
	}
	fmt.Fprintf(&b, "digraph %s {\n", Quote(name))
	b.WriteString("  graph [rankdir=LR, newrank=true, compound=true, nodesep=0.5, ranksep=0.6, fontname=\"Helvetica\"];\n")
	b.WriteString("  node [fontname=\"Helvetica\", fontsize=11, margin=\"0.15,0.08\"];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=10, color=\"#555555\"];\n")
	for i, l := range doc.Lanes {
		fmt.Fprintf(&b, "  subgraph %s {\n", Quote(fmt.Sprintf("cluster_%d_%s", i+1, l.ID)))
		fmt.Fprintf(&b, "    label=%s; labeljust=l; style=\"rounded,filled\"; fillcolor=\"#f8f9fa\"; color=\"#9aa0a6\";\n", Quote(l.Label))
		for _, n := range l.Nodes {
			fmt.Fprintf(&b, "    %s [label=%s, %s];\n", Quote(n.ID), Quote(interchange.Label(n)), nodeAttrs(n))
		}
		b.WriteString("  }\n")
	}
	for _, e := range doc.Edges {
		fs, ts := d.Sides(e)
		attrs := []string{}
		if e.Label != "" {
			attrs = append(attrs, "label="+Quote(e.Label))
		}
		if d.Back(e) {
			attrs = append(attrs, "constraint=false")
		}
		a := ""
		if len(attrs) > 0 {
			a = " [" + strings.Join(attrs, ", ") + "]"
		}
		fmt.Fprintf(&b, "  %s:%s -> %s:%s%s;\n", Quote(e.From.ID), ports[fs], Quote(e.To.ID), ports[ts], a)
	}
	for _, lp := range doc.Loops {
		if len(lp.Nodes) < 2 {
			continue
		}
		first, last := lp.Nodes[0], lp.Nodes[len(lp.Nodes)-1]
		fmt.Fprintf(&b, "  %s -> %s [label=%s, style=dashed, color=\"#7e57c2\", fontcolor=\"#5e35b1\", constraint=false];\n",
			Quote(last.ID), Quote(first.ID), Quote("loop ["+lp.Condition+"]"))
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}
