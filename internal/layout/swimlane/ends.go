package swimlane

import (
	"math"

	"flowzap/internal/geom"
	"flowzap/internal/model"
)

// Two edges whose runs lie on one line end to end, a few pixels apart,
// read as one line: the run out of one node seems to go on into the other
// edge's node (a port below a node on the line of a port above the node
// under it, or a route leaving a node's side on the line of another
// route turning into the next node's side). So do two edges whose runs
// lie along each other on one line (a shared run): where two stacked
// nodes have ports on one line, facing each other across the gap between
// them, and one edge turns into the gap toward the lower node while the
// other turns out of it toward the upper one, their end runs overlap
// across the gap. And two runs a few pixels apart side by side read as
// one thick line (a port of a circle beside the line of a route into the
// node under it). separateEnds moves the port of such a run a few pixels
// along its side, taking its stub off the line.

// separateEndsTry is off only in tests that compare with the drawing
// that leaves such runs on one line.
var separateEndsTry = true

// endGap is how far apart two edges' runs on one line must end: closer,
// they read as one line.
const endGap = 16.0

// endShifts are the moves along its side tried for a port whose stub
// lies on another edge's line, in the order tried: far enough to read as
// another line first, the nearest last.
var endShifts = [...]float64{12, -12, 16, -16, 8, -8}

// endPortGap is the least distance kept between a moved port and another
// port on its side.
const endPortGap = trackStep

// alongSlack is how many more routes a moved port's route may cross when
// the move takes its end run off another route it ran along: the two
// edges usually swap sides where they run together, a crossing the shared
// run hid, and drawn apart it shows (the channels weigh a shared run as
// one and a half crossings, see layout.Channels.SharedRun).
const alongSlack = 1

// separateEnds moves, where it can, the port of each end run that lies
// end to end with another edge's run on one line (closer than endGap),
// along one (sharing more than 2 px of it) or beside one closer than half
// a track, keeping the route valid,
// clear of nodes, crossing no more routes (alongSlack more for a run
// along another), running along none and its bend runs at least stub/2
// long.
func (s *state) separateEnds() {
	if len(s.edges) > untangleMaxEdges || !separateEndsTry {
		return
	}
	var g *segGrid
	for _, e := range s.edges {
		for _, src := range [2]bool{true, false} {
			n := len(e.pts)
			if n < 3 {
				continue
			}
			i0, i1 := 0, 1
			if !src {
				i0, i1 = n-1, n-2
			}
			if g == nil {
				if !s.anyEndToEnd() {
					return
				}
				g = s.newSegGrid()
				defer func() { s.spare = g }()
				for _, o := range s.edges {
					g.add(o.pts, o)
				}
			}
			slack, clear := 0, trackStep/2
			switch {
			case g.along(e.pts[i0], e.pts[i1], e):
				slack = alongSlack
			case g.endToEnd(e.pts[i0], e.pts[i1], e):
			case g.nearParallel(e.pts[i0], e.pts[i1], e, trackStep/2):
				clear = besideClear
			default:
				continue
			}
			s.shiftEnd(g, e, src, i0, i1, slack, clear)
		}
	}
}

// anyEndToEnd reports whether some run of a route lies end to end with
// another route's run, along it or beside it closer than half a track (a
// cheap first look: most drawings have none).
func (s *state) anyEndToEnd() bool {
	type line struct {
		vertical bool
		at       float64
	}
	runs := map[line][][3]float64{} // lo, hi, edge index
	for k, e := range s.edges {
		for i := 0; i+1 < len(e.pts); i++ {
			a, b := e.pts[i], e.pts[i+1]
			l := line{a.X == b.X, a.Y}
			lo, hi := math.Min(a.X, b.X), math.Max(a.X, b.X)
			if l.vertical {
				l.at = a.X
				lo, hi = math.Min(a.Y, b.Y), math.Max(a.Y, b.Y)
			}
			l.at = math.Round(l.at)
			runs[l] = append(runs[l], [3]float64{lo, hi, float64(k)})
		}
	}
	for l, rs := range runs {
		for i := range rs {
			for j := i + 1; j < len(rs); j++ {
				if rs[i][2] == rs[j][2] {
					continue
				}
				if gap := math.Max(rs[i][0], rs[j][0]) - math.Min(rs[i][1], rs[j][1]); gap < endGap && (gap >= 0 || gap < -alongMin) {
					return true
				}
			}
		}
		// Runs beside it, closer than half a track (a line or more
		// apart as rounded).
		for d := 1.0; d <= trackStep/2; d++ {
			for _, o := range runs[line{l.vertical, l.at + d}] {
				for _, r := range rs {
					if r[2] != o[2] && math.Min(r[1], o[1])-math.Max(r[0], o[0]) > 1 {
						return true
					}
				}
			}
		}
	}
	return false
}

// endToEnd reports whether another edge's run lies on the line of a-b
// (within half a pixel) and ends less than endGap from it without
// overlapping it.
func (g *segGrid) endToEnd(a, b geom.Point, e *edge) bool {
	vertical := a.X == b.X
	lo, hi := geom.Point{X: math.Min(a.X, b.X) - endGap, Y: math.Min(a.Y, b.Y) - endGap}, geom.Point{X: math.Max(a.X, b.X) + endGap, Y: math.Max(a.Y, b.Y) + endGap}
	found := false
	g.cells(lo, hi, func(k int) {
		g.spend(len(g.buckets[k]))
		for _, si := range g.buckets[k] {
			o := &g.segs[si]
			if found || o.owner == e.m {
				continue
			}
			var gap float64
			switch {
			case vertical && o.a.X == o.b.X && math.Abs(o.a.X-a.X) < 0.5:
				gap = math.Max(math.Min(a.Y, b.Y), math.Min(o.a.Y, o.b.Y)) - math.Min(math.Max(a.Y, b.Y), math.Max(o.a.Y, o.b.Y))
			case !vertical && o.a.Y == o.b.Y && math.Abs(o.a.Y-a.Y) < 0.5:
				gap = math.Max(math.Min(a.X, b.X), math.Min(o.a.X, o.b.X)) - math.Min(math.Max(a.X, b.X), math.Max(o.a.X, o.b.X))
			default:
				continue
			}
			found = gap >= 0 && gap < endGap
		}
	})
	return found
}

// alongMin is how much of another route's run a run must share to lie
// along it (as layouttest.SharedRuns counts).
const alongMin = 2.0

// along reports whether another edge's run lies on the line of a-b
// (within a pixel) and shares more than alongMin of it.
func (g *segGrid) along(a, b geom.Point, e *edge) bool {
	vertical := a.X == b.X
	found := false
	g.cells(a, b, func(k int) {
		g.spend(len(g.buckets[k]))
		for _, si := range g.buckets[k] {
			o := &g.segs[si]
			if found || o.owner == e.m {
				continue
			}
			switch {
			case vertical && o.a.X == o.b.X && math.Abs(o.a.X-a.X) <= 1:
				found = math.Min(math.Max(a.Y, b.Y), math.Max(o.a.Y, o.b.Y))-math.Max(math.Min(a.Y, b.Y), math.Min(o.a.Y, o.b.Y)) > alongMin
			case !vertical && o.a.Y == o.b.Y && math.Abs(o.a.Y-a.Y) <= 1:
				found = math.Min(math.Max(a.X, b.X), math.Max(o.a.X, o.b.X))-math.Max(math.Min(a.X, b.X), math.Min(o.a.X, o.b.X)) > alongMin
			}
		}
	})
	return found
}

// besideClear is how far a run moved off another it ran beside must keep
// from every parallel run: nearly a track, so that it does not read as
// one thick line again.
const besideClear = trackStep - 2

// shiftEnd tries endShifts on the port at e.pts[i0] (its source end when
// src), whose run goes to e.pts[i1], and keeps the first that passes
// crossing at most slack more routes, its new runs clear (less than
// that from a parallel run of another route) of the others.
func (s *state) shiftEnd(g *segGrid, e *edge, src bool, i0, i1, slack int, clear float64) {
	nd, side := e.to, e.ts
	if src {
		nd, side = e.from, e.fs
	}
	c := nd.rect().Center()
	along := func(p geom.Point) float64 { return p.X - c.X }
	if horizontal(side) {
		along = func(p geom.Point) float64 { return p.Y - c.Y }
	}
	off := along(e.pts[i0])
	others := s.otherPorts(e, nd, side, along) // the other ports on this side
	if src {
		if e.to == nd && e.ts == side {
			others = append(others, along(e.dstPort))
		}
	} else if e.from == nd && e.fs == side {
		others = append(others, along(e.srcPort))
	}
	length := nd.face(side, s.sideOthers(nd, side))
	before := -1
	for _, d := range endShifts {
		no := off + d
		if math.Abs(no) > portSpread*length/2 {
			continue
		}
		near := false
		for _, o := range others {
			near = near || math.Abs(o-no) < endPortGap
		}
		if near {
			continue
		}
		p := portPoint(nd, side, no)
		q := e.pts[i1]
		if horizontal(side) {
			q.Y = p.Y
		} else {
			q.X = p.X
		}
		cand := append([]geom.Point(nil), e.pts...)
		cand[i0], cand[i1] = p, q
		// The run after the stub keeps its direction and some length.
		i2 := i1 + 1
		if !src {
			i2 = i1 - 1
		}
		r0, r1 := e.pts[i1], e.pts[i2]
		if geom.Dist(q, r1) < stub/2 || (r1.X-r0.X)*(r1.X-q.X) < 0 || (r1.Y-r0.Y)*(r1.Y-q.Y) < 0 {
			continue
		}
		if !s.stubOK(p, q, side) || !s.clear(e, cand) || !stubsOut(e, cand) || g.overlaps(cand, e) > 0 ||
			g.nearParallel(p, q, e, clear) || g.nearParallel(q, r1, e, clear) || g.endToEnd(p, q, e) {
			continue
		}
		if before < 0 {
			before = exactCrossings(g, e.pts, e)
		}
		if exactCrossings(g, cand, e) > before+slack {
			continue
		}
		g.remove(e.pts, e)
		e.pts = cand
		g.add(cand, e)
		if src {
			e.srcPort = p
		} else {
			e.dstPort = p
		}
		return
	}
}

// otherPorts returns where the ports of the edges other than e on side
// of nd lie along it (along measures a point).
func (s *state) otherPorts(e *edge, nd *node, side model.Side, along func(geom.Point) float64) []float64 {
	var others []float64
	for _, o := range s.edges {
		if o == e {
			continue
		}
		if o.from == nd && o.fs == side {
			others = append(others, along(o.srcPort))
		}
		if o.to == nd && o.ts == side {
			others = append(others, along(o.dstPort))
		}
	}
	return others
}
