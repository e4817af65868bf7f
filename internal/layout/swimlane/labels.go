package swimlane

import (
	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

const (
	labelPadX = 5.0
	labelPadY = 2.0
)

// placeLabels puts each edge label on its route (see layout.LabelPlacer):
// near the source for a decision's outcomes, in the middle of the longest
// run otherwise, never over a node or another label.
func (s *state) placeLabels() {
	obstacles := make([]geom.Rect, len(s.nodes))
	for i, n := range s.nodes {
		obstacles[i] = n.rect()
	}
	p := layout.NewLabelPlacer(geom.Rect{W: s.width, H: s.height}, obstacles)
	for _, e := range s.edges {
		if e.hasLabel {
			e.labelBox = p.Place(e.pts, e.label.W+2*labelPadX, e.label.H+2*labelPadY, e.from.m.Shape == model.Diamond)
		}
	}
}

// frameLoops computes the frame of each loop: the box around its nodes,
// with room for the condition on top.
func (s *state) frameLoops() {
	for _, l := range s.doc.Loops {
		var r geom.Rect
		for i, n := range l.Nodes {
			nr := s.nodes[n.Index].rect()
			if i == 0 {
				r = nr
			} else {
				r = r.Union(nr)
			}
		}
		r = r.Inset(10)
		r.Y -= 16
		r.H += 16
		s.loopBoxes = append(s.loopBoxes, r)
	}
}
