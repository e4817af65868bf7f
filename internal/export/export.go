// Package export turns a *model.Document into the JSON graph that other
// tools read: a superset of FlowZap's export_graph object, with source
// spans. docs/export.md documents every field.
package export

import (
	"strconv"

	"flowzap/internal/model"
	"flowzap/internal/source"
)

// Graph is the exported diagram.
type Graph struct {
	Lanes []Lane `json:"lanes"`
	Nodes []Node `json:"nodes"`
	Edges []Edge `json:"edges"`
	Loops []Loop `json:"loops"`
	Stats Stats  `json:"stats"`
}

// Lane is one lane.
type Lane struct {
	ID        string `json:"id"`
	Label     string `json:"label"`
	Type      string `json:"type"` // always "lane"
	NodeCount int    `json:"nodeCount"`
	Span      Span   `json:"span"`
}

// Node is one node. Kind is start, end, milestone, step, decision or task.
type Node struct {
	ID         string     `json:"id"`
	LaneID     string     `json:"laneId"`
	Label      string     `json:"label"`
	Kind       string     `json:"kind"`
	Shape      string     `json:"shape"`
	Properties Properties `json:"properties"`
	Span       Span       `json:"span"`
}

// Properties are a node's optional attributes; Title and Items split a
// taskbox label at '|'.
type Properties struct {
	Owner       string   `json:"owner,omitempty"`
	Description string   `json:"description,omitempty"`
	System      string   `json:"system,omitempty"`
	Title       string   `json:"title,omitempty"`
	Items       []string `json:"items,omitempty"`
}

// Edge is one edge, in written order. Label is null when none was written.
// When the source gave no handles, the inferred sides are reported and
// HandlesInferred is true.
type Edge struct {
	ID              string  `json:"id"`
	From            string  `json:"from"`
	To              string  `json:"to"`
	FromLane        string  `json:"fromLane"`
	ToLane          string  `json:"toLane"`
	Label           *string `json:"label"`
	SourceHandle    string  `json:"sourceHandle"`
	TargetHandle    string  `json:"targetHandle"`
	HandlesInferred bool    `json:"handlesInferred,omitempty"`
	CrossLane       bool    `json:"crossLane"`
	Order           int     `json:"order"`
	Span            Span    `json:"span"`
}

// Loop is one loop.
type Loop struct {
	Condition string   `json:"condition"`
	Nodes     []string `json:"nodes"`
	LaneID    string   `json:"laneId,omitempty"`
	Span      Span     `json:"span"`
}

// Stats counts the diagram's elements.
type Stats struct {
	LaneCount      int `json:"laneCount"`
	NodeCount      int `json:"nodeCount"`
	EdgeCount      int `json:"edgeCount"`
	CrossLaneEdges int `json:"crossLaneEdges"`
	LoopCount      int `json:"loopCount"`
}

// Span is a source range as 1-based lines and byte columns.
type Span struct {
	Start Point `json:"start"`
	End   Point `json:"end"`
}

// Point is a 1-based line and column.
type Point struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

func span(f *source.File, s source.Span) Span {
	a, b := f.Position(s.Start), f.Position(s.End)
	return Span{Point{a.Line, a.Col}, Point{b.Line, b.Col}}
}

// StatsOf counts doc's elements.
func StatsOf(doc *model.Document) Stats {
	s := Stats{LaneCount: len(doc.Lanes), NodeCount: len(doc.Nodes), EdgeCount: len(doc.Edges), LoopCount: len(doc.Loops)}
	for _, e := range doc.Edges {
		if e.CrossLane() {
			s.CrossLaneEdges++
		}
	}
	return s
}

// Build exports doc; f is the source its spans refer to. Slices are never
// nil, so they encode as [] rather than null.
func Build(doc *model.Document, f *source.File) *Graph { return BuildWith(doc, f, nil) }

// BuildWith is [Build] where the handles of edges written without them
// are sides[edge] when given (the sides the workflow picture draws them
// with), else model.InferSides'.
func BuildWith(doc *model.Document, f *source.File, sides map[*model.Edge][2]model.Side) *Graph {
	g := &Graph{Lanes: []Lane{}, Nodes: []Node{}, Edges: []Edge{}, Loops: []Loop{}, Stats: StatsOf(doc)}
	for _, l := range doc.Lanes {
		g.Lanes = append(g.Lanes, Lane{ID: l.ID, Label: l.Label, Type: "lane", NodeCount: len(l.Nodes), Span: span(f, l.Span)})
	}
	kinds := doc.Kinds()
	for _, n := range doc.Nodes {
		p := Properties{Owner: n.Owner, Description: n.Description, System: n.System}
		if n.Shape == model.Taskbox {
			p.Title, p.Items = n.Title(), n.Items()
		}
		g.Nodes = append(g.Nodes, Node{ID: n.ID, LaneID: n.Lane.ID, Label: n.Label, Kind: kinds[n], Shape: string(n.Shape),
			Properties: p, Span: span(f, n.Span)})
	}
	rank, back := model.Ranks(doc)
	for i, e := range doc.Edges {
		fs, ts := model.InferSides(e, rank, back)
		if s, ok := sides[e]; ok && s[0] != model.NoSide && s[1] != model.NoSide {
			fs, ts = s[0], s[1]
		}
		ex := Edge{ID: "e" + strconv.Itoa(i+1), From: e.From.ID, To: e.To.ID, FromLane: e.From.Lane.ID, ToLane: e.To.Lane.ID,
			SourceHandle: string(fs), TargetHandle: string(ts), HandlesInferred: e.FromSide == model.NoSide || e.ToSide == model.NoSide,
			CrossLane: e.CrossLane(), Order: i + 1, Span: span(f, e.Span)}
		if e.HasLabel {
			label := e.Label
			ex.Label = &label
		}
		g.Edges = append(g.Edges, ex)
	}
	for _, l := range doc.Loops {
		ids := make([]string, len(l.Nodes))
		for i, n := range l.Nodes {
			ids[i] = n.ID
		}
		lx := Loop{Condition: l.Condition, Nodes: ids, Span: span(f, l.Span)}
		if l.Lane != nil {
			lx.LaneID = l.Lane.ID
		}
		g.Loops = append(g.Loops, lx)
	}
	return g
}
