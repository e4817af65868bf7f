package swimlane

import (
	"math"
	"slices"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

// Spacing out: the channels pack parallel routes trackStep apart, the
// least that reads as two lines, even in a gap with room to spare; two
// routes running down one gutter side by side for hundreds of pixels then
// read as one double line, and a label beside them seems to belong to
// either. Once the drawing is chosen, spaceOut moves each inner segment
// (a run between two bends) that runs closer than spaceTarget beside a
// parallel run of another route away from it, as far as that distance or
// half of it, when the move keeps everything else as it was or better:
//   - the route stays clear of the steps (channelClear), inside the lanes'
//     body, and no nearer to a step or a lane border than it was when it
//     was nearer than spaceTarget;
//   - it crosses no more routes, shares no more runs, and no moved run
//     ends on the line of another route's run (endToEnd) or along one;
//   - no other parallel run is brought nearer than it was;
//   - its stubs keep their direction and at least stub of length, and the
//     runs beside the moved one keep theirs;
//   - its own label stays on the runs it sat on (moving with the moved
//     run, see spaceLabelsKept), and the moved part crosses no other
//     label, nor comes nearer to one (layout.MoveNearsLabel).

// spaceTarget is how far apart spaceOut lays parallel routes where it
// can.
const spaceTarget = 2 * trackStep

// spaceStepClear is how near a moved route may come to a step it was
// farther from: a route that near a step's border still reads as
// passing it.
const spaceStepClear = trackStep + 2

// spaceRounds bounds the passes of spaceOut over all routes (a route
// moved away may make room for the next one to move).
const spaceRounds = 3

// spaceRoutes turns spaceOut on; tests turn it off to compare.
var spaceRoutes = true

// spaceOut spaces out the parallel routes of the final drawing (see
// above). Drawings of more than untangleMaxEdges edges are left as they
// are.
func (s *state) spaceOut() {
	if !spaceRoutes || len(s.edges) > untangleMaxEdges || len(s.edges) < 2 {
		return
	}
	g := s.newSegGrid()
	for _, e := range s.edges {
		if len(e.pts) > 1 {
			g.add(e.pts, e)
		}
	}
	for range spaceRounds {
		moved := false
		for _, e := range s.edges {
			if len(e.pts) >= 4 && s.spaceRoute(g, e) {
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	s.spare = g
}

// parallelSides returns the distances from segment a-b to the nearest
// parallel run of another route than e's on each side (lo: left of a
// vertical segment or above a horizontal one; hi: the other side),
// overlapping it along by more than a pixel and more than half a pixel
// away (nearer, the two share a run), looking no farther than twice
// spaceTarget; +Inf for a side with none.
func (g *segGrid) parallelSides(a, b geom.Point, e *edge) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(1)
	if a == b {
		return lo, hi
	}
	const look = 2 * spaceTarget
	vert := a.X == b.X
	g.cells(geom.Point{X: math.Min(a.X, b.X) - look, Y: math.Min(a.Y, b.Y) - look}, geom.Point{X: math.Max(a.X, b.X) + look, Y: math.Max(a.Y, b.Y) + look}, func(k int) {
		g.spend(len(g.buckets[k]))
		for _, si := range g.buckets[k] {
			o := &g.segs[si]
			if o.owner == e.m {
				continue
			}
			gap, ok := geom.ParallelGap(a, b, o.a, o.b)
			if !ok || gap <= 0.5 || alongOverlap(a, b, o.a, o.b) <= 1 {
				continue
			}
			if vert && o.a.X < a.X || !vert && o.a.Y < a.Y {
				lo = math.Min(lo, gap)
			} else {
				hi = math.Min(hi, gap)
			}
		}
	})
	return lo, hi
}

// closeOwners appends to dst the edges, other than e, with a run
// parallel to a-b closer than spaceTarget (and more than half a pixel
// away), overlapping it along by more than a pixel.
func (g *segGrid) closeOwners(a, b geom.Point, e *edge, dst []*model.Edge) []*model.Edge {
	if a == b {
		return dst
	}
	lo := geom.Point{X: math.Min(a.X, b.X) - spaceTarget, Y: math.Min(a.Y, b.Y) - spaceTarget}
	hi := geom.Point{X: math.Max(a.X, b.X) + spaceTarget, Y: math.Max(a.Y, b.Y) + spaceTarget}
	g.cells(lo, hi, func(k int) {
		g.spend(len(g.buckets[k]))
		for _, si := range g.buckets[k] {
			o := &g.segs[si]
			if o.owner == e.m || slices.Contains(dst, o.owner) {
				continue
			}
			if gap, ok := geom.ParallelGap(a, b, o.a, o.b); ok && gap > 0.5 && gap < spaceTarget-0.5 && alongOverlap(a, b, o.a, o.b) > 1 {
				dst = append(dst, o.owner)
			}
		}
	})
	return dst
}

// alongOverlap returns how far two parallel axis-parallel segments
// overlap along their direction (negative when they do not).
func alongOverlap(a, b, c, d geom.Point) float64 {
	if a.X == b.X {
		return math.Min(math.Max(a.Y, b.Y), math.Max(c.Y, d.Y)) - math.Max(math.Min(a.Y, b.Y), math.Min(c.Y, d.Y))
	}
	return math.Min(math.Max(a.X, b.X), math.Max(c.X, d.X)) - math.Max(math.Min(a.X, b.X), math.Min(c.X, d.X))
}

func sign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// spaceRoute moves the inner segments of e's route that run closer than
// spaceTarget beside another route away from it (see spaceOut), keeping
// g up to date. It reports whether it moved one.
func (s *state) spaceRoute(g *segGrid, e *edge) bool {
	moved := false
	for j := 1; j+2 < len(e.pts); j++ {
		pts := e.pts
		p, q := pts[j], pts[j+1]
		vert := p.X == q.X
		if !vert && p.Y != q.Y || p == q {
			continue
		}
		lo, hi := g.parallelSides(p, q, e)
		if math.Min(lo, hi) >= spaceTarget-0.5 {
			continue
		}
		g.remove(pts, e)
		np := s.spaceSegment(g, e, j, lo, hi)
		if np != nil {
			e.pts = np
			moved = true
		}
		g.add(e.pts, e)
	}
	return moved
}

// spaceSegment returns e's route with segment j moved away from the
// nearest parallel run beside it (lo and hi away on either side, as
// parallelSides), or nil when no move passes spaceOut's checks. It tries
// the whole way to spaceTarget, then halfway between the runs on either
// side, then half the way. g holds every route but e's.
func (s *state) spaceSegment(g *segGrid, e *edge, j int, lo, hi float64) []geom.Point {
	gap, other, side := lo, hi, -1.0
	if hi < lo {
		gap, other, side = hi, lo, 1
	}
	pts := e.pts
	p, q := pts[j], pts[j+1]
	vert := p.X == q.X
	across := func(v geom.Point) float64 {
		if vert {
			return v.X
		}
		return v.Y
	}
	last := len(pts) - 1
	oldPiece := pts[j-1 : j+3]
	full := spaceTarget - gap
	before := -1
	var oldNear []*model.Edge
	var tried []float64
	for _, t := range [...]float64{full, math.Min(full, (other-gap)/2), full / 2} {
		t = math.Round(t)
		if t < 1 || slices.Contains(tried, t) {
			continue
		}
		tried = append(tried, t)
		p2, q2 := p, q
		if vert {
			p2.X -= side * t
			q2.X = p2.X
		} else {
			p2.Y -= side * t
			q2.Y = p2.Y
		}
		// The runs at its ends keep their direction, and a length that
		// still turns cleanly.
		if sign(across(pts[j-1])-across(p2)) != sign(across(pts[j-1])-across(p)) ||
			sign(across(pts[j+2])-across(q2)) != sign(across(pts[j+2])-across(q)) ||
			shortened(pts[j-1], p, p2) || shortened(pts[j+2], q, q2) {
			continue
		}
		if j == 1 && !s.stubOK(pts[0], p2, e.fs) || j+2 == last && !s.stubOK(pts[last], q2, e.ts) {
			continue
		}
		if l2, h2 := g.parallelSides(p2, q2, e); math.Min(l2, h2) <= gap+0.5 {
			continue
		}
		newPiece := []geom.Point{pts[j-1], p2, q2, pts[j+2]}
		np := slices.Clone(pts)
		np[j], np[j+1] = p2, q2
		if !s.inBody(p2) || !s.inBody(q2) || !s.valid(e, np) || !s.clear(e, np) && s.clear(e, pts) ||
			s.nearerSteps(e, j, pts, p2, q2) || s.nearerLaneBorder(p, q, p2, q2) {
			continue
		}
		if before < 0 {
			before = g.crossings(oldPiece, e) + g.overlaps(oldPiece, e)
			for k := range 3 {
				oldNear = g.closeOwners(oldPiece[k], oldPiece[k+1], e, oldNear)
			}
		}
		if g.crossings(newPiece, e)+g.overlaps(newPiece, e) > before {
			continue
		}
		worse := false
		var near []*model.Edge
		for k := range 3 {
			a, b := newPiece[k], newPiece[k+1]
			if g.endToEnd(a, b, e) && !g.endToEnd(oldPiece[k], oldPiece[k+1], e) || g.along(a, b, e) {
				worse = true
			}
			near = g.closeOwners(a, b, e, near)
		}
		for _, o := range near {
			if !slices.Contains(oldNear, o) {
				worse = true // a route it ran well apart from before
			}
		}
		if worse {
			continue
		}
		box, ok := s.spaceLabelsKept(g, e, pts, np, oldPiece, newPiece, geom.Point{X: p2.X - p.X, Y: p2.Y - p.Y})
		if !ok {
			continue
		}
		e.labelBox = box
		return np
	}
	return nil
}

// shortened reports whether the run from end to a bend at old, the bend
// moved to next, becomes shorter than a corner needs while it was not.
func shortened(end, old, next geom.Point) bool {
	const least = 2 * cornerRadius
	return geom.Dist(end, next) < least && geom.Dist(end, next) < geom.Dist(end, old)
}

// nearerSteps reports whether segment j of e's route, moved from p-q to
// p2-q2, comes nearer than spaceTarget to a step it was farther from
// (the steps at the route's own ends aside for its first and last
// segments).
func (s *state) nearerSteps(e *edge, j int, pts []geom.Point, p2, q2 geom.Point) bool {
	last := len(pts) - 2
	for k := j - 1; k <= j+1; k++ {
		a, b := pts[k], pts[k+1]
		a2, b2 := a, b
		switch k {
		case j - 1:
			b2 = p2
		case j:
			a2, b2 = p2, q2
		case j + 1:
			a2 = q2
		}
		except := skip(e, k, last)
		if s.grid.blockedNear(a2, b2, except, spaceStepClear) && s.stepGap(a2, b2, except) < s.stepGap(a, b, except)-0.5 {
			return true
		}
	}
	return false
}

// stepGap returns the distance from segment a-b to the nearest step but
// those in except, looking no farther than spaceTarget (spaceTarget when
// none is nearer).
func (s *state) stepGap(a, b geom.Point, except [2]*node) float64 {
	best := spaceTarget
	g := s.grid
	x0, x1 := math.Min(a.X, b.X)-spaceTarget, math.Max(a.X, b.X)+spaceTarget
	y0, y1 := math.Min(a.Y, b.Y)-spaceTarget, math.Max(a.Y, b.Y)+spaceTarget
	for bx := int(math.Max(x0, 0) / g.cell); bx <= int(x1/g.cell); bx++ {
		for by := int(math.Max(y0, 0) / g.cell); by <= int(y1/g.cell); by++ {
			for _, n := range g.buckets[[2]int{bx, by}] {
				if n != except[0] && n != except[1] {
					best = math.Min(best, geom.RectDistance(n.rect(), []geom.Point{a, b}))
				}
			}
		}
	}
	return best
}

// nearerLaneBorder reports whether a horizontal run moved from p-q to
// p2-q2 comes nearer than spaceTarget to a lane's border than it was.
func (s *state) nearerLaneBorder(p, q, p2, q2 geom.Point) bool {
	if p.Y != q.Y {
		return false
	}
	gap := func(y float64) float64 {
		best := spaceTarget
		for _, l := range s.lanes {
			best = math.Min(best, math.Min(math.Abs(y-l.y), math.Abs(y-l.y-l.h)))
		}
		return best
	}
	return gap(p2.Y) < trackStep && gap(p2.Y) < gap(p.Y)
}

// spaceLabelsKept reports whether the labels stay as placed when e's
// route changes from old to next (oldPiece to newPiece, the part that
// changes; segment j of the route, the middle run of the piece, moved by
// shift), and returns where e's label goes. A label on the moved run (or
// beside it, or at a corner of it) moves with it by shift, staying as
// placed on it, when it then overlaps no step or other label and passes
// no other route nearer than layout.MovedClear (or than before); a label
// on a run at the piece's ends stays on that run, which keeps its line.
// Its own label touches the route as closely as before, and the moved
// part runs through no other route's label, nor comes nearer to one than
// layout.MovedClear or than that label's own route is (it would then read
// as this route's label). g holds every route but e's.
func (s *state) spaceLabelsKept(g *segGrid, e *edge, old, next, oldPiece, newPiece []geom.Point, shift geom.Point) (geom.Rect, bool) {
	box := e.labelBox
	if e.hasLabel {
		if d := geom.RectDistance(box, oldPiece[1:3]); d <= layout.LabelGap+1 {
			box.X += shift.X
			box.Y += shift.Y
			if !s.labelFree(g, e, box) {
				return box, false
			}
		}
		if geom.RectDistance(box, next) > geom.RectDistance(e.labelBox, old)+1e-6 {
			return box, false
		}
		for k := 0; k+1 < len(oldPiece); k += 2 {
			d := geom.RectDistance(e.labelBox, oldPiece[k:k+2])
			if d <= layout.LabelGap+1 && geom.RectDistance(box, newPiece[k:k+2]) > d+1e-6 {
				return box, false
			}
		}
	}
	var near geom.Rect
	for i, v := range newPiece {
		if i == 0 {
			near = geom.Rect{X: v.X, Y: v.Y}
		} else {
			near = near.Union(geom.Rect{X: v.X, Y: v.Y})
		}
	}
	near = near.Inset(spaceTarget)
	for _, o := range s.edges {
		if o == e || !o.hasLabel || !o.labelBox.Overlaps(near) {
			continue
		}
		if layout.MoveNearsLabel(o.labelBox, o.pts, oldPiece, newPiece) {
			return box, false
		}
	}
	return box, true
}

// labelFree reports whether e's label, moved from e.labelBox to box,
// stays inside the lanes' body, overlaps no step and no other label
// (with a label gap between), and has no other route nearer than
// layout.MovedClear that was not as near before. g holds every route but
// e's.
func (s *state) labelFree(g *segGrid, e *edge, box geom.Rect) bool {
	top, bottom := s.lanes[0].y, s.lanes[len(s.lanes)-1].y+s.lanes[len(s.lanes)-1].h
	if box.X < margin+s.headerW || box.Y < top || box.Bottom() > bottom {
		return false
	}
	pad := box.Inset(layout.LabelGap)
	for _, n := range s.nodes {
		if pad.Overlaps(n.rect()) {
			return false
		}
	}
	for _, o := range s.edges {
		if o != e && o.hasLabel && pad.Overlaps(o.labelBox) {
			return false
		}
	}
	free := true
	a, b := geom.Point{X: box.X - layout.MovedClear, Y: box.Y - layout.MovedClear}, geom.Point{X: box.Right() + layout.MovedClear, Y: box.Bottom() + layout.MovedClear}
	g.cells(a, b, func(k int) {
		g.spend(len(g.buckets[k]))
		for _, si := range g.buckets[k] {
			o := &g.segs[si]
			if !free || o.owner == e.m {
				continue
			}
			seg := []geom.Point{o.a, o.b}
			if d := geom.RectDistance(box, seg); d < layout.MovedClear && d < geom.RectDistance(e.labelBox, seg) {
				free = false
			}
		}
	})
	return free
}
