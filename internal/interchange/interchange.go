// Package interchange is what every converter between FlowZap Code and
// another diagram format shares.
//
// Exports read a [Diagram]: the checked document with its node roles and,
// when the caller laid it out, the workflow and sequence geometry, so that
// formats with coordinates (BPMN DI, draw.io) open looking like our own
// picture. Imports fill a [Graph] (lanes, nodes, edges, loops, and the
// diagnostics about the input, positioned in the input file) and call
// [Graph.Finish], which numbers the nodes, chooses every handle from where
// the target sits in the flow, builds a syntax tree, prints it with
// syntax.Print and checks the result in strict mode.
//
// The converters themselves live in one sub-package per format.
package interchange

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// Details returns the lines that say more of a node than its label: its
// taskbox items (each after bullet), then its owner and system and, with
// description, its description, each after its name ("Owner: …").
func Details(n *model.Node, bullet string, description bool) []string {
	var lines []string
	for _, it := range n.Items() {
		lines = append(lines, bullet+it)
	}
	if n.Owner != "" {
		lines = append(lines, "Owner: "+n.Owner)
	}
	if n.System != "" {
		lines = append(lines, "System: "+n.System)
	}
	if description && n.Description != "" {
		lines = append(lines, "Description: "+n.Description)
	}
	return lines
}

// Label is the text a node shows in formats with one text per shape: its
// label, or a taskbox's title, items ("• "), owner and system on lines of
// their own.
func Label(n *model.Node) string {
	if n.Shape != model.Taskbox {
		return n.Label
	}
	return strings.Join(append([]string{n.Title()}, Details(n, "• ", false)...), "\n")
}

// Diagram is a checked document ready for export.
type Diagram struct {
	Doc *model.Document
	// Name is a title for formats that carry one (from the file name).
	Name string
	// Workflow is the workflow layout; nil when the caller did not lay the
	// document out.
	Workflow *scene.Layout
	// Sequence is the sequence view's layout (message order, frames);
	// nil when not laid out.
	Sequence *scene.SequenceLayout

	kinds  map[*model.Node]string
	boxes  map[string]scene.Box
	lanes  map[string]scene.Box
	routes map[string]*scene.EdgeRoute
	rank   map[*model.Node]int
	back   map[*model.Edge]bool
}

// NewDiagram wraps doc with its layouts (either may be nil).
func NewDiagram(doc *model.Document, name string, wf *scene.Layout, seq *scene.SequenceLayout) *Diagram {
	d := &Diagram{Doc: doc, Name: name, Workflow: wf, Sequence: seq, kinds: doc.Kinds(),
		boxes: map[string]scene.Box{}, lanes: map[string]scene.Box{}, routes: map[string]*scene.EdgeRoute{}}
	if wf != nil {
		for _, n := range wf.Nodes {
			d.boxes[n.ID] = n.Box
		}
		for _, l := range wf.Lanes {
			d.lanes[l.ID] = l.Box
		}
		for i := range wf.Edges {
			d.routes[wf.Edges[i].ID] = &wf.Edges[i]
		}
	}
	d.rank, d.back = model.Ranks(doc)
	return d
}

// Kind is the node's role: "start", "end", "milestone" (circles), "step",
// "decision" or "task".
func (d *Diagram) Kind(n *model.Node) string { return d.kinds[n] }

// Box returns the node's box in the workflow layout.
func (d *Diagram) Box(n *model.Node) (scene.Box, bool) {
	b, ok := d.boxes[n.ID]
	return b, ok
}

// LaneBox returns the lane's band in the workflow layout.
func (d *Diagram) LaneBox(l *model.Lane) (scene.Box, bool) {
	b, ok := d.lanes[l.ID]
	return b, ok
}

// EdgeID is the stable ID of an edge: e1, e2, ... in written order, as in
// the layout JSON.
func EdgeID(e *model.Edge) string { return "e" + strconv.Itoa(e.Index+1) }

// Route returns the edge's route in the workflow layout, or nil.
func (d *Diagram) Route(e *model.Edge) *scene.EdgeRoute { return d.routes[EdgeID(e)] }

// Sides returns the sides the edge leaves and enters: the routed ones when
// laid out, else the written ones with the missing ones inferred.
func (d *Diagram) Sides(e *model.Edge) (from, to model.Side) {
	if r := d.Route(e); r != nil && r.FromSide != "" && r.ToSide != "" {
		return model.Side(r.FromSide), model.Side(r.ToSide)
	}
	return model.InferSides(e, d.rank, d.back)
}

// Back reports whether the edge closes a cycle (it runs against the flow).
func (d *Diagram) Back(e *model.Edge) bool { return d.back[e] }

// Rank is the node's column in the flow.
func (d *Diagram) Rank(n *model.Node) int { return d.rank[n] }

// LoopsOf returns, for every node, the loops that cover it.
func (d *Diagram) LoopsOf() map[*model.Node][]*model.Loop {
	m := map[*model.Node][]*model.Loop{}
	for _, l := range d.Doc.Loops {
		for _, n := range l.Nodes {
			m[n] = append(m[n], l)
		}
	}
	return m
}

// Out returns every node's outgoing edges in written order.
func (d *Diagram) Out() map[*model.Node][]*model.Edge {
	m := map[*model.Node][]*model.Edge{}
	for _, e := range d.Doc.Edges {
		m[e.From] = append(m[e.From], e)
	}
	return m
}

// ASCIIIdent turns s into an identifier of ASCII letters, digits and '_'
// that starts with a letter, or returns "" when nothing is left. Accented
// Latin letters lose their accents.
func ASCIIIdent(s string) string {
	var b strings.Builder
	under := false
	for _, r := range s {
		r = fold(r)
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			under = false
		case !under && b.Len() > 0:
			b.WriteByte('_')
			under = true
		}
	}
	out := strings.TrimRight(b.String(), "_")
	if out != "" && !unicode.IsLetter(rune(out[0])) {
		out = "x" + out
	}
	if len(out) > 40 {
		out = strings.TrimRight(out[:40], "_")
	}
	return out
}

// fold maps common accented Latin letters to their base letter.
func fold(r rune) rune {
	if r < 0xC0 || r > 0x17F {
		return r
	}
	const from = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ"
	const to = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy"
	fr := []rune(from)
	for i, c := range fr {
		if c == r {
			return rune(to[i])
		}
	}
	return r
}
