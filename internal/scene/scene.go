// Package scene is the render-ready result of a layout: positioned, styled
// primitives that every renderer draws the same way, plus the semantic
// layout (lanes, nodes, edges, loops with their boxes) that the layout JSON
// exposes and the geometric quality tests check.
//
// Coordinates are pixels with the origin at the top left. Items are drawn
// in order; a [Group] carries the element's kind and ID so the SVG output
// can be semantic.
package scene

import "flowzap/internal/geom"

// Scene is one laid-out view.
type Scene struct {
	View          string
	Width, Height float64
	Background    string
	Items         []Item
	// Layout is the semantic geometry of the workflow, architecture and
	// mind map views; Sequence replaces it for the sequence view.
	Layout   Layout
	Sequence *SequenceLayout
}

// JSON returns the value the layout JSON encodes for this scene.
func (s *Scene) JSON() any {
	if s.Sequence != nil {
		return s.Sequence
	}
	return &s.Layout
}

// Item is a drawing primitive: *Group, *Rect, *Ellipse, *Polygon, *Path or
// *Text.
type Item interface{ item() }

// Group gathers the items of one diagram element.
type Group struct {
	Kind  string // "lane", "node", "edge", "loop"
	ID    string
	Class string // extra CSS classes, such as the shape
	Title string // accessible name
	Items []Item
}

// Stroke is how an outline is drawn; an empty Color draws none.
type Stroke struct {
	Color string
	Width float64
	Dash  bool
}

// Rect is a rectangle, optionally with rounded corners.
type Rect struct {
	R      geom.Rect
	Radius float64
	Fill   string
	Stroke Stroke
}

// Ellipse is an ellipse (a circle when RX == RY).
type Ellipse struct {
	C      geom.Point
	RX, RY float64
	Fill   string
	Stroke Stroke
}

// Polygon is a closed polygon.
type Polygon struct {
	Points []geom.Point
	Fill   string
	Stroke Stroke
}

// Path is an open polyline with rounded bends and an optional arrowhead at
// its end.
type Path struct {
	Points []geom.Point
	Radius float64 // corner radius at bends
	Stroke Stroke
	Arrow  bool
}

// Anchor is the horizontal alignment of text.
type Anchor int

// Text anchors.
const (
	Start Anchor = iota
	Middle
	End
)

// Text is one or more lines of text. X is the anchor point; Y is the
// baseline of the first line.
type Text struct {
	X, Y       float64
	Lines      []string
	Size       float64
	Bold       bool
	Color      string
	Anchor     Anchor
	LineHeight float64 // distance between baselines, in pixels
}

func (*Group) item()   {}
func (*Rect) item()    {}
func (*Ellipse) item() {}
func (*Polygon) item() {}
func (*Path) item()    {}
func (*Text) item()    {}
