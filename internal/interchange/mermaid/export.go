// Package mermaid converts between FlowZap Code and Mermaid: it writes a
// `flowchart LR` (one subgraph per lane) or a `sequenceDiagram` (from the
// sequence view's own message order and frames), and reads Mermaid
// flowcharts/graphs and sequence diagrams back into FlowZap Code.
package mermaid

import (
	"fmt"
	"io"
	"strings"

	"flowzap/internal/interchange"
	"flowzap/internal/model"
)

// keywords are words Mermaid reads as syntax where an ID is expected.
var keywords = map[string]bool{
	"end": true, "graph": true, "flowchart": true, "subgraph": true, "style": true, "class": true,
	"classdef": true, "click": true, "linkstyle": true, "direction": true, "default": true,
	"participant": true, "actor": true, "loop": true, "alt": true, "else": true, "opt": true,
	"par": true, "and": true, "rect": true, "note": true, "critical": true, "break": true,
	"activate": true, "deactivate": true, "autonumber": true, "box": true, "title": true,
	"create": true, "destroy": true, "option": true, "call": true, "href": true, "callback": true,
	"interpolate": true, "accdescr": true, "acctitle": true, "over": true, "as": true,
	"left": true, "right": true, "of": true, "links": true, "link": true, "properties": true, "details": true,
}

// ids gives every lane a Mermaid ID: the lane ID when safe, else a prefixed
// one; it never equals a node ID or a keyword.
func laneIDs(doc *model.Document) map[*model.Lane]string {
	used := map[string]bool{}
	for _, n := range doc.Nodes {
		used[strings.ToLower(n.ID)] = true
	}
	out := map[*model.Lane]string{}
	for _, l := range doc.Lanes {
		id := interchange.ASCIIIdent(l.ID)
		if id != l.ID || keywords[strings.ToLower(id)] || used[strings.ToLower(id)] {
			id = "lane_" + id
		}
		base := id
		for k := 2; used[strings.ToLower(id)]; k++ {
			id = fmt.Sprintf("%s_%d", base, k)
		}
		used[strings.ToLower(id)] = true
		out[l] = id
	}
	return out
}

// nodeIDs gives every node a Mermaid ID (its own when safe).
func nodeIDs(doc *model.Document) map[*model.Node]string {
	used := map[string]bool{}
	out := map[*model.Node]string{}
	for _, n := range doc.Nodes {
		id := interchange.ASCIIIdent(n.ID)
		if id != n.ID || keywords[strings.ToLower(id)] {
			id = "node_" + id
		}
		base := id
		for k := 2; used[strings.ToLower(id)]; k++ {
			id = fmt.Sprintf("%s_%d", base, k)
		}
		used[strings.ToLower(id)] = true
		out[n] = id
	}
	return out
}

// Escape writes text for a double-quoted Mermaid label: every character
// Mermaid could read as syntax or markup is written as an entity code
// (#quot; #35; #lt; ...), which Mermaid turns back into the character.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#':
			b.WriteString("#35;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '&':
			b.WriteString("#amp;")
		case '|':
			b.WriteString("#124;")
		case '`':
			b.WriteString("#96;")
		case ';':
			b.WriteString("#59;")
		case '%':
			b.WriteString("#37;")
		case '\\':
			b.WriteString("#92;")
		case '*', '_', '~':
			// Markdown emphasis inside labels.
			fmt.Fprintf(&b, "#%d;", r)
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// text writes a node's label (a taskbox's title and items) and its
// owner, system and description as lines.
func text(n *model.Node) string {
	lines := append([]string{n.Title()}, interchange.Details(n, "- ", true)...)
	for i, l := range lines {
		lines[i] = Escape(l) // the names and bullets hold nothing Escape changes
	}
	return strings.Join(lines, "<br/>")
}

// shape wraps an escaped label in the Mermaid brackets for the shape.
func shape(n *model.Node) string {
	switch n.Shape {
	case model.Circle:
		return `(("` + text(n) + `"))`
	case model.Diamond:
		return `{"` + text(n) + `"}`
	case model.Taskbox:
		return `[["` + text(n) + `"]]`
	}
	return `["` + text(n) + `"]`
}

// Flowchart writes the diagram as a `flowchart LR`: a subgraph per lane
// holding its nodes, then every edge in written order. A loop becomes a
// dotted edge from its last step back to its first, labelled
// "loop: condition", after a comment "%% loop steps: n2 n3 ..." that
// lists its steps.
func Flowchart(w io.Writer, d *interchange.Diagram) error {
	doc := d.Doc
	lid, nid := laneIDs(doc), nodeIDs(doc)
	var b strings.Builder
	if d.Name != "" {
		fmt.Fprintf(&b, "---\ntitle: \"%s\"\n---\n", strings.NewReplacer(`"`, `'`, "\\", "/").Replace(d.Name))
	}
	b.WriteString("flowchart LR\n")
	for _, l := range doc.Lanes {
		fmt.Fprintf(&b, "  subgraph %s[\"%s\"]\n    direction LR\n", lid[l], Escape(l.Label))
		for _, n := range l.Nodes {
			fmt.Fprintf(&b, "    %s%s\n", nid[n], shape(n))
		}
		b.WriteString("  end\n")
	}
	for _, e := range doc.Edges {
		if e.HasLabel && e.Label != "" {
			fmt.Fprintf(&b, "  %s -->|\"%s\"| %s\n", nid[e.From], Escape(e.Label), nid[e.To])
		} else {
			fmt.Fprintf(&b, "  %s --> %s\n", nid[e.From], nid[e.To])
		}
	}
	for _, lp := range doc.Loops {
		if len(lp.Nodes) == 0 {
			continue
		}
		first, last := lp.Nodes[0], lp.Nodes[len(lp.Nodes)-1]
		// The link says where the loop starts and ends; the comment
		// before it lists its steps, which import reads back (the steps
		// of a loop need not be the shortest way between its ends).
		ids := make([]string, len(lp.Nodes))
		for i, n := range lp.Nodes {
			ids[i] = nid[n]
		}
		fmt.Fprintf(&b, "  %%%% loop steps: %s\n", strings.Join(ids, " "))
		fmt.Fprintf(&b, "  %s -.->|\"loop: %s\"| %s\n", nid[last], Escape(lp.Condition), nid[first])
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Sequence writes the diagram's sequence view as a `sequenceDiagram`:
// participants in lane order, then notes and messages in the order the
// sequence view draws them (answers dashed), inside its loop and alt
// frames. d.Sequence must be set.
func Sequence(w io.Writer, d *interchange.Diagram) error {
	seq := d.Sequence
	if seq == nil {
		return fmt.Errorf("mermaid sequence export needs the sequence layout")
	}
	doc := d.Doc
	lid := laneIDs(doc)
	laneOf := map[string]string{}
	for _, n := range doc.Nodes {
		laneOf[n.ID] = lid[n.Lane]
	}
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	for _, l := range doc.Lanes {
		fmt.Fprintf(&b, "  participant %s as %s\n", lid[l], seqText(l.Label))
	}
	for _, ev := range interchange.SequenceEvents(seq) {
		ind := strings.Repeat("  ", ev.Depth+1)
		switch ev.Kind {
		case "message":
			arrow := "->>"
			if ev.Return {
				arrow = "-->>"
			}
			fmt.Fprintf(&b, "%s%s%s%s: %s\n", ind, laneOf[ev.From], arrow, laneOf[ev.To], seqText(ev.Text))
		case "note":
			if ev.Goto {
				// Not a step's label (import reads `Note over` as
				// one): where a section goes on, a comment on import.
				fmt.Fprintf(&b, "%sNote right of %s: %s\n", ind, laneOf[ev.Node], seqText(ev.Text))
			} else {
				fmt.Fprintf(&b, "%sNote over %s: %s\n", ind, laneOf[ev.Node], seqText(ev.Text))
			}
		case "open":
			fmt.Fprintf(&b, "%s%s %s\n", ind, ev.Frame, seqText(ev.Text))
		case "else":
			if interchange.WayRound(ev.Text) {
				fmt.Fprintf(&b, "%selse\n", ind) // not "else else"
			} else {
				fmt.Fprintf(&b, "%selse %s\n", ind, seqText(ev.Text))
			}
		case "close":
			fmt.Fprintf(&b, "%send\n", ind)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// seqText escapes text written after a colon or a keyword in a sequence
// diagram, where a line ends the text and ';' and '#' are syntax.
func seqText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '#':
			b.WriteString("#35;")
		case ';':
			b.WriteString("#59;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '&':
			b.WriteString("#amp;")
		case '%':
			b.WriteString("#37;")
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	out := strings.TrimSpace(b.String())
	if out == "" {
		out = " "
	}
	return out
}
