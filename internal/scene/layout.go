package scene

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Layout is the semantic geometry of a view, serialised as the layout
// JSON. Every box is {x, y, w, h} with a top-left origin, in pixels.
type Layout struct {
	View   string      `json:"view"`
	Width  float64     `json:"width"`
	Height float64     `json:"height"`
	Lanes  []LaneBox   `json:"lanes"`
	Nodes  []NodeBox   `json:"nodes"`
	Edges  []EdgeRoute `json:"edges"`
	Loops  []LoopBox   `json:"loops"`
	// Stats measures the drawing, for the views that count it (the
	// workflow view); nil otherwise.
	Stats *LayoutStats `json:"stats,omitempty"`
	// SidesLeftFree is true when the view drew the edges on sides of its
	// own choosing rather than the sides written in the code (the
	// architecture view does when the written sides, chosen for the
	// workflow, would draw a clearly worse picture).
	SidesLeftFree bool `json:"sidesLeftFree,omitempty"`
}

// LayoutStats measures a drawing's edges: the points where the routes of
// two edges cross, and the bends of all routes.
type LayoutStats struct {
	Crossings int `json:"crossings"`
	Bends     int `json:"bends"`
}

// Box is a rectangle in the layout JSON.
type Box struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	W float64 `json:"w"`
	H float64 `json:"h"`
}

// LaneBox is a lane (a band in the workflow view).
type LaneBox struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Box
	// Header is the box holding the lane's title (the left column of a
	// workflow band, the title strip across the top of an architecture
	// container, or down its left side for containers laid out in rows),
	// when the view draws one. Labels never cover it.
	Header *Box `json:"header,omitempty"`
}

// NodeBox is a node's bounding box.
type NodeBox struct {
	ID    string `json:"id"`
	Lane  string `json:"lane"`
	Shape string `json:"shape"`
	Label string `json:"label"`
	Details
	Box
}

// Details are a node's texts besides its label, as written; each is left
// out of the JSON when the node has none.
type Details struct {
	Owner       string `json:"owner,omitempty"`
	System      string `json:"system,omitempty"`
	Description string `json:"description,omitempty"`
}

// Label is a placed edge label.
type Label struct {
	Text string `json:"text"`
	Box
}

// EdgeRoute is an edge's route: Points start on the source's border at
// FromSide and end on the target's border at ToSide.
type EdgeRoute struct {
	ID       string       `json:"id"`
	From     string       `json:"from"`
	To       string       `json:"to"`
	FromSide string       `json:"fromSide"`
	ToSide   string       `json:"toSide"`
	Points   [][2]float64 `json:"points"`
	Label    *Label       `json:"label"`
}

// LoopBox is a loop's frame. Box bounds it. Outline, when the frame is
// not that box, lists the corners of the rectilinear polygon drawn
// instead (clockwise from its top-left corner, top-left origin): a box
// around the loop's nodes in each lane, joined across the lanes between,
// so that the frame takes in no step that is not the loop's. It is left
// out of the JSON when the frame is the box.
type LoopBox struct {
	Condition string       `json:"condition"`
	Nodes     []string     `json:"nodes"`
	Outline   [][2]float64 `json:"outline,omitempty"`
	Box
}

func half(v float64) string {
	r := math.Round(v*2) / 2
	if r == math.Trunc(r) {
		return fmt.Sprintf("%.0f", r)
	}
	return fmt.Sprintf("%.1f", r)
}

func (b Box) dump() string {
	return half(b.X) + "," + half(b.Y) + " " + half(b.W) + "x" + half(b.H)
}

// Dump returns the layout as sorted text lines with coordinates rounded to
// 0.5 px, the small reviewable form used by golden files:
//
//	lane ops 0,0 240x600 "Ops"
//	node n1 ops circle 24,30 56x56 "Start"
//	edge e1 n1>n2 right>left 80,58 120,58 "Go"@84,50
func (l *Layout) Dump() string {
	var lines []string
	lines = append(lines, fmt.Sprintf("view %s %sx%s", l.View, half(l.Width), half(l.Height)))
	for _, x := range l.Lanes {
		lines = append(lines, fmt.Sprintf("lane %s %s %q", x.ID, x.Box.dump(), x.Label))
	}
	for _, x := range l.Nodes {
		lines = append(lines, fmt.Sprintf("node %s %s %s %s %q", x.ID, x.Lane, x.Shape, x.Box.dump(), x.Label))
	}
	for _, x := range l.Edges {
		var pts []string
		for _, p := range x.Points {
			pts = append(pts, half(p[0])+","+half(p[1]))
		}
		s := fmt.Sprintf("edge %s %s>%s %s>%s %s", x.ID, x.From, x.To, x.FromSide, x.ToSide, strings.Join(pts, " "))
		if x.Label != nil {
			s += fmt.Sprintf(" %q@%s", x.Label.Text, x.Label.Box.dump())
		}
		lines = append(lines, s)
	}
	for _, x := range l.Loops {
		s := fmt.Sprintf("loop %q %s %s", x.Condition, strings.Join(x.Nodes, ","), x.Box.dump())
		if len(x.Outline) > 0 {
			var pts []string
			for _, p := range x.Outline {
				pts = append(pts, half(p[0])+","+half(p[1]))
			}
			s += " outline " + strings.Join(pts, " ")
		}
		lines = append(lines, s)
	}
	sortStrings(lines[1:])
	return strings.Join(lines, "\n") + "\n"
}

func sortStrings(s []string) { sort.Strings(s) }
