package arch

import (
	"math"
	"slices"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
)

// Spacing out: the channels pack parallel routes trackStep apart, the least
// that reads as two lines, even in a gap with room to spare; several routes
// running down one gutter then read as one thick line, and a label beside
// them seems to belong to any of them. Once the drawing is chosen and
// tightened, spaceOut moves each inner segment that runs closer than
// spaceTarget beside a parallel segment of another route away from it, as
// far as that distance, when the move keeps the route valid (the checks of
// tighten: no more crossings, no component, container header or more
// container borders in the way, no box approached, stubs kept), leaves no
// route running on into another along one line, keeps the labels as
// placed (labelsKept) and brings the segment nearer no other parallel
// route than it was.

// spaceTarget is how far apart spaceOut lays parallel routes where it can.
const spaceTarget = 2 * trackStep

// spaceRounds bounds the passes of spaceOut over all routes (a route moved
// away may make room for the next one to move).
const spaceRounds = 3

// spaceRoutes turns spaceOut on; the tests turn it off to compare.
var spaceRoutes = true

// spaceOut spaces out the parallel routes of the drawing kept, places the
// labels again when a moved route no longer holds them, and trims the
// drawing. It keeps the routes as they were when a label then finds no
// place.
func (s *state) spaceOut() {
	if !spaceRoutes || len(s.deps) > polishMax {
		return
	}
	oldPts := make([][]geom.Point, len(s.deps))
	oldBoxes := make([]geom.Rect, len(s.deps))
	boxes := make([]geom.Rect, len(s.deps))
	for i, d := range s.deps {
		oldPts[i], oldBoxes[i] = d.pts, d.labelBox
		boxes[i] = bounds(d.pts)
	}
	moved := false
	for range spaceRounds {
		any := false
		for i := range s.deps {
			if s.spaceRoute(i, boxes) {
				boxes[i] = bounds(s.deps[i].pts)
				any = true
			}
		}
		if !any {
			break
		}
		moved = true
	}
	if !moved {
		return
	}
	s.settleFinal(oldPts, oldBoxes)
}

// nearestParallel returns the distance from segment a-b to the nearest
// parallel segment of another route than s.deps[self] that overlaps it,
// more than half a pixel away (nearer, the two share a run, which polish
// handles), and the side that segment lies on (-1 or 1 across the
// segment); +Inf and 0 when there is none.
func (s *state) nearestParallel(self int, a, b geom.Point) (float64, int) {
	vert := a.X == b.X
	_, across := axes(vert)
	best, side := math.Inf(1), 0
	for j, o := range s.deps {
		if j == self {
			continue
		}
		for m := 0; m+1 < len(o.pts); m++ {
			u, v := o.pts[m], o.pts[m+1]
			if g, ok := geom.ParallelGap(a, b, u, v); ok && g > 0.5 && g < best {
				best, side = g, sign(across(u)-across(a))
			}
		}
	}
	return best, side
}

// spaceRoute moves the inner segments of s.deps[i] that run closer than
// spaceTarget beside another route away from it (see spaceOut); boxes
// holds the bounds of the routes. It reports whether it moved one.
func (s *state) spaceRoute(i int, boxes []geom.Rect) bool {
	d := s.deps[i]
	moved := false
	for j := 1; j+2 < len(d.pts); j++ {
		pts := d.pts
		p, q := pts[j], pts[j+1]
		vert := p.X == q.X
		if !vert && p.Y != q.Y || p == q {
			continue
		}
		gap, side := s.nearestParallel(i, p, q)
		if gap >= spaceTarget-0.5 {
			continue
		}
		_, across := axes(vert)
		dir := -float64(side)
		full := spaceTarget - gap
		oldPiece := pts[j-1 : j+3]
		before := -1
		for _, t := range [...]float64{full, full / 2} {
			t = math.Round(t)
			if t < 1 {
				continue
			}
			p2, q2 := p, q
			if vert {
				p2.X += dir * t
				q2.X = p2.X
			} else {
				p2.Y += dir * t
				q2.Y = p2.Y
			}
			// The move must not pass the bends at its ends: the
			// segments beside it keep their direction.
			if sign(across(pts[j-1])-across(p2)) != sign(across(pts[j-1])-across(p)) ||
				sign(across(pts[j+2])-across(q2)) != sign(across(pts[j+2])-across(q)) {
				continue
			}
			if g, _ := s.nearestParallel(i, p2, q2); g <= gap+0.5 {
				continue
			}
			if s.nearerBoxes(p, q, p2, q2) {
				continue
			}
			newPiece := []geom.Point{pts[j-1], p2, q2, pts[j+2]}
			if before < 0 {
				before = s.crossingsBoxed(i, oldPiece, boxes)
			}
			if s.crossingsBoxed(i, newPiece, boxes) > before || s.runsAlong(i, p2, q2) {
				continue
			}
			np := slices.Clone(pts)
			np[j], np[j+1] = p2, q2
			if !keepsStubs(pts, np) || !s.clearRoute(i, oldPiece, newPiece) || s.runsOn(i, oldPiece, newPiece) || !s.labelsKept(i, pts, np, oldPiece, newPiece) {
				continue
			}
			d.pts = np
			moved = true
			break
		}
	}
	return moved
}

// runsOn reports whether a segment of next that old does not hold lies
// on one line with a segment of another route than s.deps[self], end to
// end (continues): the two routes would seem to run on into each other.
func (s *state) runsOn(self int, old, next []geom.Point) bool {
	for m := 0; m+1 < len(next); m++ {
		a, b := next[m], next[m+1]
		if segmentIn(old, a, b) {
			continue
		}
		for j, o := range s.deps {
			if j == self {
				continue
			}
			for n := 0; n+1 < len(o.pts); n++ {
				if continues(a, b, o.pts[n], o.pts[n+1]) {
					return true
				}
			}
		}
	}
	return false
}

// labelsKept reports whether the labels stay as placed when s.deps[i]
// moves from old to next (oldPiece to newPiece, the part that changes):
// its own label touches it as closely as before and is not left over a
// part of it (movedUnder), and the moved part runs
// through no other route's label, nor comes nearer to one
// (layout.MoveNearsLabel).
func (s *state) labelsKept(i int, old, next, oldPiece, newPiece []geom.Point) bool {
	d := s.deps[i]
	if len(d.labels) > 0 && (geom.RectDistance(d.labelBox, next) > geom.RectDistance(d.labelBox, old)+1e-6 || movedUnder(d.labelBox, old, next)) {
		return false
	}
	for _, o := range s.deps {
		if o == d || len(o.labels) == 0 {
			continue
		}
		if layout.MoveNearsLabel(o.labelBox, o.pts, oldPiece, newPiece) {
			return false
		}
	}
	return true
}

// movedUnder reports whether a route moved from old to next leaves its
// label over a part of it other than its run, or its run through the
// label off the label's centre (layout.CoversOwnRoute), where it was not.
func movedUnder(box geom.Rect, old, next []geom.Point) bool {
	return layout.CoversOwnRoute(box, next) && !layout.CoversOwnRoute(box, old)
}
