package arch

import (
	"math"
	"slices"

	"flowzap/internal/geom"
	"flowzap/internal/model"
)

// The channels give each route a track per channel, so the final routes
// can keep two blemishes that no crossing count sees:
//
//   - a shared run: a stub (a route's first or last segment) lies on the
//     same line as a segment of another route over some length, so that two
//     routes seem to merge (a component's stub running into the stub of the
//     component facing it in the next grid column);
//   - a jog: a step of a few pixels between two parallel segments, where a
//     route passes from one channel's track to the next channel's.
//
// polish removes them on the final routes: it moves the port of a shared
// stub along its side, and lines a jog's segment up with its neighbour,
// whenever the route then stays clear of components, container headers and
// the other routes' tracks. A route that merged with another may cross it
// once instead: the merge hid that crossing.

// polishRoutes turns polish on; the tests turn it off to compare.
var polishRoutes = true

// polishMax bounds the dependencies polished (each try compares the
// route with every other).
const polishMax = 200

// jogMax is the longest step polish straightens: two tracks and a bit
// (a stub between two ports of facing sides that are spread differently
// steps by up to about that much).
const jogMax = 2*trackStep + 2

// polishClear is how close a moved segment may run beside a parallel
// segment of another route.
const polishClear = trackStep - 1

// polish removes shared runs and jogs from the final routes, then places
// the labels again; it keeps the routes as they were when a label then
// finds no place.
func (s *state) polish() {
	if !polishRoutes || len(s.deps) > polishMax {
		return
	}
	oldPts := make([][]geom.Point, len(s.deps))
	oldBoxes := make([]geom.Rect, len(s.deps))
	for i, d := range s.deps {
		oldPts[i], oldBoxes[i] = d.pts, d.labelBox
	}
	unshared := false
	for i := range s.deps {
		if s.unshare(i) {
			unshared = true
		}
	}
	var sharedPts [][]geom.Point
	if unshared {
		sharedPts = make([][]geom.Point, len(s.deps))
		for i, d := range s.deps {
			sharedPts[i] = d.pts
		}
	}
	straightened := false
	// A second pass: a jog lined up may make room for another's.
	for pass, again := 0, true; pass < 2 && again; pass++ {
		again = false
		for i := range s.deps {
			if s.straighten(i) {
				straightened, again = true, true
			}
		}
	}
	for i := range s.deps {
		if s.separate(i) {
			straightened = true
		}
	}
	if !unshared && !straightened || s.labelsStillHold(oldPts) || len(s.placeLabels()) == 0 {
		return
	}
	if unshared && straightened {
		// A label finds no place on the straightened routes: keep the
		// moved ports alone (two routes that seem to merge read worse
		// than a jog) when the labels find places on them.
		for i, d := range s.deps {
			d.pts, d.labelBox = sharedPts[i], oldBoxes[i]
		}
		if s.labelsStillHold(oldPts) || len(s.placeLabels()) == 0 {
			return
		}
	}
	for i, d := range s.deps {
		d.pts, d.labelBox = oldPts[i], oldBoxes[i]
	}
}

// labelsStillHold reports whether the labels as placed on the routes old
// still hold on the polished routes: each touches its route as closely
// as before and is not left over a part of it (movedUnder), and no moved route runs through another's label. Then the
// labels need not be placed again.
func (s *state) labelsStillHold(old [][]geom.Point) bool {
	for i, d := range s.deps {
		if slices.Equal(d.pts, old[i]) {
			continue
		}
		if len(d.labels) > 0 && (geom.RectDistance(d.labelBox, d.pts) > geom.RectDistance(d.labelBox, old[i])+1e-6 || movedUnder(d.labelBox, old[i], d.pts)) {
			return false
		}
		for _, o := range s.deps {
			if o == d || len(o.labels) == 0 {
				continue
			}
			for m := 0; m+1 < len(d.pts); m++ {
				if geom.SegmentCrosses(d.pts[m], d.pts[m+1], o.labelBox) {
					return false
				}
			}
		}
	}
	return true
}

// unshare moves the ports of s.deps[i] whose stubs run along another
// route, by one track or two either way along their sides, and reports
// whether it moved one.
func (s *state) unshare(i int) bool {
	d := s.deps[i]
	moved := false
	for end := 0; end < 2; end++ {
		pts := d.pts
		if len(pts) < 3 {
			return moved
		}
		a, b := 0, 1
		if end == 1 {
			a, b = len(pts)-1, len(pts)-2
		}
		if !s.runsAlong(i, pts[a], pts[b]) && !s.facesStub(i, pts[a], pts[b]) {
			continue
		}
		k, side := endOf(d, end)
		before := s.crossingsWith(i, pts)
		for _, off := range [...]float64{trackStep, -trackStep, 2 * trackStep, -2 * trackStep} {
			np := slices.Clone(pts)
			if side == model.Left || side == model.Right {
				np[a].Y += off
				np[b].Y += off
			} else {
				np[a].X += off
				np[b].X += off
			}
			if !s.onFace(k, side, np[a], i) || !sameWays(pts, np) || s.sharesRun(i, np) || s.facesStub(i, np[a], np[b]) {
				continue
			}
			if s.crossingsWith(i, np) > before+1 || !s.clearRoute(i, pts, np) {
				continue
			}
			d.pts = np
			moved = true
			break
		}
	}
	return moved
}

// straighten lines up the segments on either side of each jog of
// s.deps[i] (moving the one after the jog onto the line of the one before,
// or the other way round) and reports whether it straightened one.
func (s *state) straighten(i int) bool {
	d := s.deps[i]
	moved := false
	for j := 1; j+2 < len(d.pts); j++ {
		pts := d.pts
		p, q := pts[j], pts[j+1]
		step := math.Abs(q.X-p.X) + math.Abs(q.Y-p.Y)
		if step == 0 || step > jogMax {
			continue
		}
		vertJog := p.X == q.X // the jog is vertical: the segments beside it are horizontal
		before := s.crossingsWith(i, pts)
		for _, after := range [...]bool{true, false} {
			np := slices.Clone(pts)
			// Move the segment after the jog (points j+1, j+2) onto the
			// line of the one before (point j), or the one before (points
			// j-1, j) onto the line of the one after (point j+1).
			from, to, ref := j+1, j+2, p
			if !after {
				from, to, ref = j-1, j, q
			}
			for m := from; m <= to; m++ {
				if vertJog {
					np[m].Y = ref.Y
				} else {
					np[m].X = ref.X
				}
			}
			// A moved end is a port: it must stay on its side.
			if from == 0 || to == len(np)-1 {
				end, at := 0, 0
				if to == len(np)-1 {
					end, at = 1, len(np)-1
				}
				k, side := endOf(d, end)
				if !s.onFace(k, side, np[at], i) {
					continue
				}
			}
			np = geom.Simplify(np)
			if len(np) < 2 || !keepsStubs(pts, np) || s.sharesRun(i, np) {
				continue
			}
			if s.crossingsWith(i, np) > before || !s.clearRoute(i, pts, np) {
				continue
			}
			d.pts = np
			moved = true
			j = 0 // the points shifted: look again from the start
			break
		}
		if slices.Equal(d.pts, pts) && s.slideJog(i, j) {
			moved = true
			j = 0
		}
	}
	return moved
}

// separate moves each inner segment of s.deps[i] (one between two
// turns) that runs closer than mergeGap beside another route's parallel
// segment, or else continues one on its line (see continues), a track
// away from it, either side, when the route then crosses no more routes,
// runs along none, stays clear and, moved off a line it continued,
// continues fewer (two routes turning 2 px
// apart where two channels meet read as one bent line, and so do two
// routes on one line, one leaving it a track before the other joins it).
// It reports whether it moved one.
func (s *state) separate(i int) bool {
	d := s.deps[i]
	moved := false
	for j := 1; j+2 < len(d.pts); j++ {
		pts := d.pts
		p, q := pts[j], pts[j+1]
		vert := p.X == q.X
		if !vert && p.Y != q.Y {
			continue
		}
		// near: a track from the parallel segments closer than mergeGap;
		// on: a track from the segments it continues.
		var near, on []float64
		for o, od := range s.deps {
			if o == i {
				continue
			}
			for m := 0; m+1 < len(od.pts); m++ {
				at := od.pts[m].Y
				if vert {
					at = od.pts[m].X
				}
				if g, ok := geom.ParallelGap(p, q, od.pts[m], od.pts[m+1]); ok && g > 0 && g < mergeGap {
					near = append(near, at-trackStep, at+trackStep)
				} else if !ok && continues(p, q, od.pts[m], od.pts[m+1]) {
					on = append(on, at-trackStep, at+trackStep)
				}
			}
		}
		cands := near
		if len(near) == 0 {
			cands = on
		}
		if len(cands) == 0 {
			continue
		}
		before := s.crossingsWith(i, pts)
		conts := -1
		if len(near) == 0 {
			conts = s.continuations(i, pts)
		}
		for _, c := range cands {
			np := geom.Simplify(segmentAt(pts, j, vert, c))
			if len(np) < 2 || !keepsStubs(pts, np) || s.sharesRun(i, np) || s.crossingsWith(i, np) > before || !s.clearRoute(i, pts, np) {
				continue
			}
			if conts >= 0 && s.continuations(i, np) >= conts {
				continue // it must continue fewer
			}
			d.pts = np
			moved = true
			break
		}
	}
	return moved
}

// continueGap is the gap below which two segments of different routes on
// one line, end to end, read as one line: the two routes seem to run on
// into each other (one turning off the line a track before the other
// turns onto it).
const continueGap = 2 * trackStep

// continues reports whether segments a0-a1 and b0-b1 lie on one line,
// horizontal or vertical, without overlapping, their nearer ends less
// than continueGap apart.
func continues(a0, a1, b0, b1 geom.Point) bool {
	var lo1, hi1, lo2, hi2 float64
	switch {
	case a0.Y == a1.Y && b0.Y == b1.Y && a0.Y == b0.Y && a0.X != a1.X && b0.X != b1.X:
		lo1, hi1, lo2, hi2 = math.Min(a0.X, a1.X), math.Max(a0.X, a1.X), math.Min(b0.X, b1.X), math.Max(b0.X, b1.X)
	case a0.X == a1.X && b0.X == b1.X && a0.X == b0.X && a0.Y != a1.Y && b0.Y != b1.Y:
		lo1, hi1, lo2, hi2 = math.Min(a0.Y, a1.Y), math.Max(a0.Y, a1.Y), math.Min(b0.Y, b1.Y), math.Max(b0.Y, b1.Y)
	default:
		return false
	}
	gap := math.Max(lo2-hi1, lo1-hi2)
	return gap >= 0 && gap < continueGap
}

// continuations counts the inner segments of pts (those between two
// turns) that continue a segment of another route than s.deps[self].
func (s *state) continuations(self int, pts []geom.Point) int {
	n := 0
	for m := 1; m+2 < len(pts); m++ {
		for j, o := range s.deps {
			if j == self {
				continue
			}
			for k := 0; k+1 < len(o.pts); k++ {
				if continues(pts[m], pts[m+1], o.pts[k], o.pts[k+1]) {
					n++
				}
			}
		}
	}
	return n
}

// slideJog moves the jog of s.deps[i] between its points j and j+1 along
// the route, when a segment beside it runs closer than mergeGap to another
// route's parallel segment (the route passes from one channel's track to
// the next level with another route's turn, and the two strokes read as
// one line): the jog goes a track past that segment's end, so that the
// route passes it on its other track, where straighten could not line the
// jog up. It reports whether it moved the jog.
func (s *state) slideJog(i, j int) bool {
	d := s.deps[i]
	pts := d.pts
	p, q := pts[j], pts[j+1]
	vertJog := p.X == q.X
	along := func(v geom.Point) float64 {
		if vertJog {
			return v.X
		}
		return v.Y
	}
	lo, hi := along(pts[j-1]), along(pts[j+2])
	var cands []float64
	for o, od := range s.deps {
		if o == i {
			continue
		}
		for m := 0; m+1 < len(od.pts); m++ {
			u, v := od.pts[m], od.pts[m+1]
			for _, seg := range [...][2]geom.Point{{pts[j-1], p}, {q, pts[j+2]}} {
				if g, ok := geom.ParallelGap(seg[0], seg[1], u, v); ok && g < mergeGap {
					cands = append(cands, math.Min(along(u), along(v))-trackStep, math.Max(along(u), along(v))+trackStep)
				}
			}
		}
	}
	before := s.crossingsWith(i, pts)
	for _, c := range cands {
		if !(c > math.Min(lo, hi) && c < math.Max(lo, hi)) {
			continue
		}
		np := segmentAt(pts, j, vertJog, c)
		if !keepsStubs(pts, np) || s.sharesRun(i, np) || s.crossingsWith(i, np) > before || !s.clearRoute(i, pts, np) {
			continue
		}
		d.pts = np
		return true
	}
	return false
}

// segmentAt returns a copy of pts with its segment from point j to j+1,
// vertical or not, moved across to c.
func segmentAt(pts []geom.Point, j int, vert bool, c float64) []geom.Point {
	np := slices.Clone(pts)
	if vert {
		np[j].X, np[j+1].X = c, c
	} else {
		np[j].Y, np[j+1].Y = c, c
	}
	return np
}

// keepsStubs reports whether next leaves and enters its components the
// way old does (the same direction, with a stub at least half as long).
func keepsStubs(old, next []geom.Point) bool {
	stub := func(p, q geom.Point) (int, int, float64) {
		return sign(q.X - p.X), sign(q.Y - p.Y), math.Abs(q.X-p.X) + math.Abs(q.Y-p.Y)
	}
	n, m := len(old), len(next)
	for _, e := range [...][4]geom.Point{{old[0], old[1], next[0], next[1]}, {old[n-1], old[n-2], next[m-1], next[m-2]}} {
		ox, oy, ol := stub(e[0], e[1])
		nx, ny, nl := stub(e[2], e[3])
		if ox != nx || oy != ny || nl < math.Min(ol, 2*trackStep)/2 {
			return false
		}
	}
	return true
}

// onFace reports whether p lies on side of k within the stretch its ports
// spread over, at least one track from the ports of the other routes on
// that side.
func (s *state) onFace(k *comp, side model.Side, p geom.Point, self int) bool {
	r := k.rect()
	along, lo, hi := p.Y, r.Y, r.Bottom()
	if side == model.Top || side == model.Bottom {
		along, lo, hi = p.X, r.X, r.Right()
	}
	mid, half := (lo+hi)/2, portSpread*(hi-lo)/2
	if math.Abs(along-mid) > half {
		return false
	}
	for j, o := range s.deps {
		if j == self || len(o.pts) == 0 {
			continue
		}
		for end := 0; end < 2; end++ {
			ok, os := endOf(o, end)
			if ok != k || os != side {
				continue
			}
			q := o.pts[0]
			if end == 1 {
				q = o.pts[len(o.pts)-1]
			}
			oa := q.Y
			if side == model.Top || side == model.Bottom {
				oa = q.X
			}
			if math.Abs(oa-along) < trackStep-0.5 {
				return false
			}
		}
	}
	return true
}

// runsAlong reports whether segment a-b lies on one line with a segment of
// another route than s.deps[self] over some length, or beside one closer
// than mergeGap: two strokes that near read as one line, so that one
// route seems to run on into the other (a stub leaving a component level
// with the turn of a route entering the component beside it).
func (s *state) runsAlong(self int, a, b geom.Point) bool {
	for j, o := range s.deps {
		if j == self {
			continue
		}
		for m := 0; m+1 < len(o.pts); m++ {
			// On one line, the gap is 0.
			if d, ok := geom.ParallelGap(a, b, o.pts[m], o.pts[m+1]); ok && d < mergeGap {
				return true
			}
		}
	}
	return false
}

// mergeGap is the distance below which two parallel strokes that overlap
// read as one line, or as a double line (the clearance polish keeps).
const mergeGap = polishClear

// stubGap is the distance between two ports below which their stubs,
// when they point at each other on one line, read as one route.
const stubGap = 40.0

// facesStub reports whether the stub port-tip of s.deps[self] points, on
// the same line, at another route's stub that points back at it from a
// port less than stubGap away (two components stacked close, one's route
// leaving towards the other and the other's entering from it): the two
// stubs then read as one route between the components.
func (s *state) facesStub(self int, port, tip geom.Point) bool {
	dx, dy := sign(tip.X-port.X), sign(tip.Y-port.Y)
	for j, o := range s.deps {
		if j == self || len(o.pts) < 2 {
			continue
		}
		for end := 0; end < 2; end++ {
			p, q := o.pts[0], o.pts[1]
			if end == 1 {
				p, q = o.pts[len(o.pts)-1], o.pts[len(o.pts)-2]
			}
			if sign(q.X-p.X) != -dx || sign(q.Y-p.Y) != -dy {
				continue // not pointing back
			}
			along := math.Abs(p.X-port.X) + math.Abs(p.Y-port.Y)
			if dx == 0 && math.Abs(p.X-port.X) < 1.5 && (p.Y-port.Y)*float64(dy) > 0 && along < stubGap ||
				dy == 0 && math.Abs(p.Y-port.Y) < 1.5 && (p.X-port.X)*float64(dx) > 0 && along < stubGap {
				return true
			}
		}
	}
	return false
}

// sharesRun reports whether a segment of pts runs along another route
// than s.deps[self].
func (s *state) sharesRun(self int, pts []geom.Point) bool {
	for m := 0; m+1 < len(pts); m++ {
		if s.runsAlong(self, pts[m], pts[m+1]) {
			return true
		}
	}
	return false
}

// clearRoute reports whether next, the new route of s.deps[self] (old
// before), passes with its moved segments through no component and no
// container header, runs
// through no container more than old did, and keeps its moved segments
// polishClear from the parallel segments of the other routes.
func (s *state) clearRoute(self int, old, next []geom.Point) bool {
	for m := 0; m+1 < len(next); m++ {
		a, b := next[m], next[m+1]
		if segmentIn(old, a, b) {
			continue // unmoved: what it passes, the route passed before
		}
		for _, k := range s.comps {
			if geom.SegmentCrosses(a, b, k.rect()) {
				return false
			}
		}
		for _, c := range s.conts {
			if geom.SegmentCrosses(a, b, c.headerRect()) {
				return false
			}
		}
	}
	if containerHits(s, next) > containerHits(s, old) {
		return false
	}
	for m := 0; m+1 < len(next); m++ {
		a, b := next[m], next[m+1]
		if segmentIn(old, a, b) {
			continue // unmoved
		}
		for j, o := range s.deps {
			if j == self {
				continue
			}
			for n := 0; n+1 < len(o.pts); n++ {
				if d, ok := geom.ParallelGap(a, b, o.pts[n], o.pts[n+1]); ok && d < polishClear {
					return false
				}
			}
		}
	}
	return true
}

// containerHits counts the segments of pts that cross a container's
// border.
func containerHits(s *state, pts []geom.Point) int {
	n := 0
	for m := 0; m+1 < len(pts); m++ {
		for _, c := range s.conts {
			r := c.rect()
			a, b := pts[m], pts[m+1]
			if geom.SegmentCrosses(a, b, r) && !(insideRect(a, r) && insideRect(b, r)) {
				n++
			}
		}
	}
	return n
}

// insideRect reports whether p lies inside r or on its border.
func insideRect(p geom.Point, r geom.Rect) bool {
	return p.X >= r.X && p.X <= r.Right() && p.Y >= r.Y && p.Y <= r.Bottom()
}

// segmentIn reports whether a-b is a segment of pts, or lies within one.
func segmentIn(pts []geom.Point, a, b geom.Point) bool {
	for m := 0; m+1 < len(pts); m++ {
		p, q := pts[m], pts[m+1]
		if p.Y == q.Y && a.Y == p.Y && b.Y == p.Y && between(a.X, p.X, q.X) && between(b.X, p.X, q.X) ||
			p.X == q.X && a.X == p.X && b.X == p.X && between(a.Y, p.Y, q.Y) && between(b.Y, p.Y, q.Y) {
			return true
		}
	}
	return false
}

func between(v, a, b float64) bool { return v >= math.Min(a, b) && v <= math.Max(a, b) }

// tightenRoutes turns tighten on; the tests turn it off to compare.
var tightenRoutes = true

// tightenFinal pulls in the detours of the drawing kept (see tighten),
// turned back when it was laid out transposed, after Layout has chosen
// among the arrangements (so its choices are those of the untightened
// routes), places the labels again when a moved route no longer holds
// them, and trims the drawing to what is left. It keeps the routes as they
// were when a label then finds no place.
func (s *state) tightenFinal() {
	if !tightenRoutes || len(s.deps) > polishMax {
		return
	}
	oldPts := make([][]geom.Point, len(s.deps))
	oldBoxes := make([]geom.Rect, len(s.deps))
	for i, d := range s.deps {
		oldPts[i], oldBoxes[i] = d.pts, d.labelBox
	}
	boxes := make([]geom.Rect, len(s.deps))
	for i, d := range s.deps {
		boxes[i] = bounds(d.pts)
	}
	tightened := false
	// After the first pass, only the routes near one that moved are
	// tried again (what stopped them may have gone).
	var moved []geom.Rect
	for round := 0; round < tightenRounds; round++ {
		var next []geom.Rect
		for i, d := range s.deps {
			if round > 0 && !slices.ContainsFunc(moved, func(r geom.Rect) bool { return touch(r, boxes[i]) }) {
				continue
			}
			before := boxes[i]
			if s.tighten(i, boxes) {
				boxes[i] = bounds(d.pts)
				next = append(next, before.Union(boxes[i]))
			}
		}
		if len(next) == 0 {
			break
		}
		tightened, moved = true, next
	}
	if !tightened {
		return
	}
	// A segment pulled in may leave a jog behind it, where the rest of
	// its route stays on a track beside another route's: line it up.
	for i := range s.deps {
		if !slices.Equal(s.deps[i].pts, oldPts[i]) {
			s.straighten(i)
		}
	}
	s.settleFinal(oldPts, oldBoxes)
}

// settleFinal ends a pass over the final drawing that moved routes from
// oldPts (their labels at oldBoxes): when a moved route no longer holds
// the labels as placed, they are placed again on the drawing, upright
// now, and the routes and labels go back as they were if a label then
// finds no place; otherwise the drawing is trimmed to what is left.
func (s *state) settleFinal(oldPts [][]geom.Point, oldBoxes []geom.Rect) {
	if !s.labelsStillHold(oldPts) {
		// The drawing is upright now: its labels are placed as laid.
		tr := s.tr
		s.tr = false
		blocked := len(s.placeLabels()) > 0
		s.tr = tr
		if blocked {
			for i, d := range s.deps {
				d.pts, d.labelBox = oldPts[i], oldBoxes[i]
			}
			return
		}
	}
	s.trim()
}

// tightenRounds bounds the passes of tighten over all routes (a route
// pulled in may make room for the one it went round).
const tightenRounds = 3

// tighten pulls in the detours of s.deps[i]: an inner segment whose two
// neighbours run on to the same side of it (the route goes out round
// something and comes back, as along a highway or an outer gutter) moves
// towards them as far as the route stays valid: as far as the nearer
// neighbour's end (the detour is gone), or to just short of the first
// component, container or parallel route in the way, or just past one
// when that keeps it valid. A move must not cross more routes, run
// through a component, a container's header or more container borders,
// come closer than polishClear to another route's parallel segment or
// nearer a box it kept clear of (nearerBoxes), or shorten a stub below
// keepsStubs' length. boxes holds the bounds of the routes. It reports
// whether it moved a segment.
func (s *state) tighten(i int, boxes []geom.Rect) bool {
	d := s.deps[i]
	moved := false
	moves := 0
	for j := 1; j+2 < len(d.pts) && moves < tightenMoves; j++ {
		pts := d.pts
		p, q := pts[j], pts[j+1]
		vert := p.X == q.X
		if !vert && p.Y != q.Y {
			continue
		}
		// The segment spans along and moves across.
		along, across := axes(vert)
		a, b := sign(across(pts[j-1])-across(p)), sign(across(pts[j+2])-across(q))
		if a == 0 || a != b {
			continue
		}
		dir := float64(a)
		at := across(p)
		reach := math.Min(math.Abs(across(pts[j-1])-at), math.Abs(across(pts[j+2])-at))
		if reach < tightenMin {
			continue
		}
		lo, hi := math.Min(along(p), along(q)), math.Max(along(p), along(q))
		// Offsets to try: the whole reach, and the stops beside every
		// box and parallel route segment between.
		cands := []float64{reach}
		stop := func(v float64) {
			if t := (v - at) * dir; t >= 1 && t < reach {
				cands = append(cands, t)
			}
		}
		box := func(r geom.Rect, clear float64) {
			rlo, rhi := r.Y, r.Bottom()
			near, far := r.X, r.Right()
			if !vert {
				rlo, rhi, near, far = r.X, r.Right(), r.Y, r.Bottom()
			}
			if rhi <= lo || rlo >= hi {
				return
			}
			if dir < 0 {
				near, far = far, near
			}
			stop(near - dir*clear)
			stop(far + dir*clear)
		}
		for _, k := range s.comps {
			box(k.rect(), tightCompClear)
		}
		for _, c := range s.conts {
			box(c.rect(), tightContClear)
		}
		for o, od := range s.deps {
			if o == i {
				continue
			}
			for m := 0; m+1 < len(od.pts); m++ {
				u, v := od.pts[m], od.pts[m+1]
				if vert && u.X == v.X || !vert && u.Y == v.Y {
					box(geom.Rect{X: math.Min(u.X, v.X), Y: math.Min(u.Y, v.Y), W: math.Abs(u.X - v.X), H: math.Abs(u.Y - v.Y)}, trackStep)
				}
			}
		}
		slices.Sort(cands)
		cands = slices.Compact(cands)
		// The route changes only between its points j-1 and j+2: the
		// checks compare that piece before and after.
		oldPiece := pts[j-1 : j+3]
		before := -1
		for c := len(cands) - 1; c >= max(len(cands)-tightenTries, 0); c-- {
			t := cands[c]
			p2, q2 := p, q
			if vert {
				p2.X += dir * t
				q2.X = p2.X
			} else {
				p2.Y += dir * t
				q2.Y = p2.Y
			}
			if s.nearerBoxes(p, q, p2, q2) {
				continue
			}
			newPiece := geom.Simplify([]geom.Point{pts[j-1], p2, q2, pts[j+2]})
			if before < 0 {
				before = s.crossingsBoxed(i, oldPiece, boxes)
			}
			if s.crossingsBoxed(i, newPiece, boxes) > before || s.runsAlong(i, p2, q2) {
				continue
			}
			np := slices.Clone(pts)
			np[j], np[j+1] = p2, q2
			np = geom.Simplify(np)
			if len(np) < 2 || !keepsStubs(pts, np) || !s.clearRoute(i, oldPiece, newPiece) {
				continue
			}
			d.pts = np
			moved = true
			moves++
			j = 0 // the points shifted: look again from the start
			break
		}
	}
	return moved
}

// tightenMoves bounds the segments one call of tighten moves (each move
// shortens the route by at least 2 px; a route has a few detours).
const tightenMoves = 16

// tightenMin is the shortest detour tighten pulls in: less is a jog or a
// track's step, which straighten and the channels handle.
const tightenMin = 3 * trackStep

// tightenTries bounds the offsets tried per detour, farthest first.
const tightenTries = 8

// nearerBoxes reports whether the segment a2-b2 (a-b moved) comes closer
// than tightCompClear to a component, or than tightContClear to a
// container's border, that a-b kept that clear of, without entering it.
func (s *state) nearerBoxes(a, b, a2, b2 geom.Point) bool {
	near := func(a, b geom.Point, r geom.Rect, clear float64) bool {
		return geom.SegmentCrosses(a, b, r.Inset(clear-0.5)) && !geom.SegmentCrosses(a, b, r)
	}
	for _, k := range s.comps {
		if r := k.rect(); near(a2, b2, r, tightCompClear) && !near(a, b, r, tightCompClear) {
			return true
		}
	}
	for _, c := range s.conts {
		if r := c.rect(); near(a2, b2, r, tightContClear) && !near(a, b, r, tightContClear) {
			return true
		}
	}
	return false
}

// How close tighten brings a route to a component, and to a container's
// border, that it kept clear of: a route running close along a border
// seems to belong to the box.
const (
	tightCompClear = 10.0
	tightContClear = 2 * trackStep
)
