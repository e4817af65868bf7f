package swimlane

import (
	"math"
	"slices"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
)

// A route may reach its port with a jog of a few pixels: the ports of a
// side are spread by that side's length, and the passes that pull ends
// apart or mirror a port move one end of an edge and not the other, so
// an edge between two steps of one row can leave at one height and
// enter 3 px lower (out along its stub, a step of 3 px, on). snapJogs
// takes such a step out by moving the port along its side: the route
// then runs straight from the port. The port moves at most
// portAlignMax, stays on the share of its side that the ports spread
// over (portSpread), keeps portAlignGap from the side's other ports and
// its place among them; the new route
// keeps its clearance from the steps, runs along and beside no other
// route, crosses no more, and comes near no other label. Its own label
// moves with the run it sat on when that is all it needs to touch it as
// before.

// jogsSnapped is off only in tests that compare with the jogs left as
// they are.
var jogsSnapped = true

// Bounds of snapJogs: the longest step it takes out, and the closest a
// moved port may come to another port of its side.
const (
	portAlignMax = 8.0
	portAlignGap = 12.0
)

// snapJogs takes the jogs next to the ports out of the final routes
// (see above). Drawings of more than untangleMaxEdges edges are left as
// they are.
func (s *state) snapJogs() {
	if !jogsSnapped || len(s.edges) > untangleMaxEdges {
		return
	}
	var g *segGrid
	for _, e := range s.edges {
		if len(e.pts) < 4 || e.from == e.to {
			continue
		}
		if g == nil {
			g = s.newSegGrid()
			defer func() { s.spare = g }()
			for _, o := range s.edges {
				if len(o.pts) > 1 {
					g.add(o.pts, o)
				}
			}
		}
		for _, source := range [2]bool{true, false} {
			s.snapJog(g, e, source)
		}
	}
}

// snapJog takes the jog after e's source (or before its target) out
// when it may (see above); g holds every route.
func (s *state) snapJog(g *segGrid, e *edge, source bool) {
	if len(e.pts) < 4 {
		return
	}
	// walk runs from the end looked at: e's route, or it reversed.
	walk := slices.Clone(e.pts)
	nd, side := e.to, e.ts
	if source {
		nd, side = e.from, e.fs
	} else {
		slices.Reverse(walk)
	}
	p0, p1, p2, p3 := walk[0], walk[1], walk[2], walk[3]
	d0, d1 := unitDir(p0, p1), unitDir(p1, p2)
	jog := geom.Dist(p1, p2)
	if d0 == (geom.Point{}) || d1 == (geom.Point{}) || d0 == d1 || unitDir(p2, p3) != d0 || jog < 0.5 || jog > portAlignMax {
		return
	}
	c := nd.rect().Center()
	along := func(p geom.Point) float64 {
		if horizontal(side) {
			return p.Y - c.Y
		}
		return p.X - c.X
	}
	at, off := along(p0), along(p0)+along(p2)-along(p1)
	if math.Abs(off) > portSpread*nd.face(side, s.sideOthers(nd, side))/2 {
		return
	}
	for _, q := range s.otherPorts(e, nd, side, along) {
		if math.Abs(q-off) < portAlignGap || (q-at)*(q-off) <= 0 {
			return
		}
	}
	np := portPoint(nd, side, off)
	cand := geom.Simplify(append([]geom.Point{np}, walk[3:]...))
	if !source {
		slices.Reverse(cand)
	}
	if !stubsOut(e, cand) || !s.clear(e, cand) || g.overlaps(cand, e) > 0 || g.nearParallel(np, p2, e, trackStep) {
		return
	}
	oldPiece, newPiece := []geom.Point{p0, p1, p2}, []geom.Point{np, p2}
	for _, o := range s.edges {
		if o != e && o.hasLabel && layout.MoveNearsLabel(o.labelBox, o.pts, oldPiece, newPiece) {
			return
		}
	}
	box := e.labelBox
	if e.hasLabel && geom.RectDistance(box, cand) > geom.RectDistance(box, e.pts)+1e-6 {
		// The label sat on the stub or the jog: it moves with the run.
		box.X += p2.X - p1.X
		box.Y += p2.Y - p1.Y
		g.remove(e.pts, e)
		free := s.labelFree(g, e, box)
		g.add(e.pts, e)
		if !free || geom.RectDistance(box, cand) > geom.RectDistance(e.labelBox, e.pts)+1e-6 {
			return
		}
	}
	if exactCrossings(g, cand, e) > exactCrossings(g, e.pts, e) {
		return
	}
	g.remove(e.pts, e)
	e.pts, e.labelBox = cand, box
	g.add(cand, e)
	if source {
		e.srcPort = np
	} else {
		e.dstPort = np
	}
}
