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

// placeLabels runs the label stage (layout.PlaceLabels) over the routed
// edges: each label touches its own edge, near the source for a
// decision's outcomes, never over a node or a lane title. It returns the
// labels that found no spot clear of other edges and labels.
func (s *state) placeLabels() []*edge {
	in := layout.LabelScene{Canvas: geom.Rect{W: s.width, H: s.height}}
	for _, n := range s.nodes {
		in.Obstacles = append(in.Obstacles, n.rect())
	}
	for _, l := range s.lanes {
		r := s.laneRect(l)
		in.Obstacles = append(in.Obstacles, geom.Rect{X: r.X, Y: r.Y, W: s.headerW, H: r.H})
	}
	var owners []*edge
	for i, e := range s.edges {
		in.Routes = append(in.Routes, e.pts)
		if !e.hasLabel {
			continue
		}
		near := 0.5
		if e.from.m.Shape == model.Diamond {
			near = 0
		}
		in.Labels = append(in.Labels, layout.LabelSpec{Route: i, W: e.label.W + 2*labelPadX, H: e.label.H + 2*labelPadY, Near: near})
		owners = append(owners, e)
	}
	res := layout.PlaceLabels(in)
	for i, e := range owners {
		e.labelBox = res.Boxes[i]
	}
	var blocked []*edge
	for _, i := range res.Blocked {
		blocked = append(blocked, owners[i])
	}
	return blocked
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
