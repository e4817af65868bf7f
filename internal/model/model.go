// Package model is the semantic FlowZap diagram that every view is drawn
// from: lanes, nodes, edges and loops with names resolved, every element
// carrying the source span it came from.
//
// A [Document] is built by package compile and is read-only afterwards.
// Order is explicit: Lanes are in file order (the drawing order), Nodes in
// order of appearance, and Edges in the order they are written, which is the
// message order of the sequence view.
package model

import (
	"strings"

	"flowzap/internal/source"
)

// Shape is a node's shape.
type Shape string

// The shapes of FlowZap Code.
const (
	Circle    Shape = "circle"
	Rectangle Shape = "rectangle"
	Diamond   Shape = "diamond"
	Taskbox   Shape = "taskbox"
)

// Side is the side of a node an edge leaves or enters.
type Side string

// The sides. NoSide means the source did not say; layouts infer it.
const (
	NoSide Side = ""
	Left   Side = "left"
	Right  Side = "right"
	Top    Side = "top"
	Bottom Side = "bottom"
)

// Document is one compiled diagram.
type Document struct {
	Lanes []*Lane
	Nodes []*Node
	Edges []*Edge
	Loops []*Loop
	// Adjust holds the manual layout adjustments of the file's
	// `// @layout` block; nil when it has none.
	Adjust *Adjust

	lanes map[string]*Lane
	nodes map[string]*Node
}

// NewDocument returns an empty document ready for AddLane and AddNode,
// with room for about sizeHint nodes.
func NewDocument(sizeHint int) *Document {
	return &Document{lanes: map[string]*Lane{}, nodes: make(map[string]*Node, sizeHint),
		Nodes: make([]*Node, 0, sizeHint), Edges: make([]*Edge, 0, sizeHint)}
}

// Lane returns the lane with the given ID, or nil.
func (d *Document) Lane(id string) *Lane { return d.lanes[id] }

// Node returns the node with the given ID, or nil.
func (d *Document) Node(id string) *Node { return d.nodes[id] }

// AddLane appends l and gives it its index.
func (d *Document) AddLane(l *Lane) {
	l.Index = len(d.Lanes)
	d.Lanes = append(d.Lanes, l)
	d.lanes[l.ID] = l
}

// AddNode appends n to the document and to its lane.
func (d *Document) AddNode(n *Node) {
	n.Index = len(d.Nodes)
	d.Nodes = append(d.Nodes, n)
	d.nodes[n.ID] = n
	n.Lane.Nodes = append(n.Lane.Nodes, n)
}

// AddEdge appends e and gives it its index (its message order).
func (d *Document) AddEdge(e *Edge) {
	e.Index = len(d.Edges)
	d.Edges = append(d.Edges, e)
}

// Lane is a swimlane, a sequence participant or an architecture container.
type Lane struct {
	ID    string
	Label string // display label; equal to ID when none was written
	// HasLabel reports whether a display label was written.
	HasLabel bool
	Index    int
	Nodes    []*Node
	Span     source.Span
}

// Node is one step.
type Node struct {
	ID          string
	Lane        *Lane
	Shape       Shape
	Label       string
	Owner       string
	Description string
	System      string
	Index       int // order of appearance in the file
	Span        source.Span
}

// Title returns the first `|`-separated part of a taskbox label (the whole
// label for other shapes).
func (n *Node) Title() string {
	if n.Shape != Taskbox {
		return n.Label
	}
	t, _, _ := strings.Cut(n.Label, "|")
	return strings.TrimSpace(t)
}

// Items returns the sub-items of a taskbox label ("Review|Check|Verify"
// has the items Check and Verify); nil for other shapes.
func (n *Node) Items() []string {
	if n.Shape != Taskbox || !strings.Contains(n.Label, "|") {
		return nil
	}
	parts := strings.Split(n.Label, "|")[1:]
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Edge is a transition (workflow), a message (sequence) or a dependency
// (architecture).
type Edge struct {
	Index    int // order written in the file: the message order
	From, To *Node
	FromSide Side // NoSide when not written
	ToSide   Side
	Label    string
	HasLabel bool // a label attribute was written, possibly empty
	Span     source.Span
}

// CrossLane reports whether the edge joins two lanes.
func (e *Edge) CrossLane() bool { return e.From.Lane != e.To.Lane }

// Loop is a set of nodes that repeat while Condition holds.
type Loop struct {
	Condition string
	Nodes     []*Node // in execution order
	Lane      *Lane   // the lane it was written in; nil at the top level
	Span      source.Span
}

// Kinds classifies every node by its role in the flow: "start", "end" or
// "milestone" for circles (by whether edges enter or leave it), and "step",
// "decision" or "task" for the other shapes. It runs in O(nodes + edges).
func (d *Document) Kinds() map[*Node]string {
	in, out := map[*Node]int{}, map[*Node]int{}
	for _, e := range d.Edges {
		if e.From != e.To {
			out[e.From]++
			in[e.To]++
		}
	}
	kinds := make(map[*Node]string, len(d.Nodes))
	for _, n := range d.Nodes {
		switch {
		case n.Shape == Diamond:
			kinds[n] = "decision"
		case n.Shape == Taskbox:
			kinds[n] = "task"
		case n.Shape == Rectangle:
			kinds[n] = "step"
		case in[n] == 0 && out[n] > 0:
			kinds[n] = "start"
		case out[n] == 0 && in[n] > 0:
			kinds[n] = "end"
		default:
			kinds[n] = "milestone"
		}
	}
	return kinds
}
