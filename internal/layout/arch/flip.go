package arch

import (
	"math"
	"slices"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

// An end whose side the code does not name leaves toward the other
// container's column, or toward the other component's grid cell (sides).
// On the drawing kept that side may be the wrong one: the route leaves a
// decision's left toward a component in the column on the left, finds
// that way blocked, and turns back under its own component, across the
// routes of its other side, round the whole container. flipEnds tries
// those ends on the other sides of their components, the drawing spread
// again each time, and keeps a side that crosses less, or as often with
// a route shorter by more than flipGain. A route that turns back and
// keeps its side is then tried on each other side with every route laid
// again (flipAll): the ports of a side are ordered for the routes as
// they leave, so a route moved alone may cross the others at its far
// end. The drawing kept then crosses no more than before, plainly
// either, every label still finds a place, and it is polished again.

// flipSides turns flipEnds on; the tests turn it off to compare.
var flipSides = true

// flipTries bounds the drawings flipEnds spreads and untangles.
const flipTries = 24

// flipGain is how much shorter (with bendCost a bend) the routes must be
// for a flipped end that crosses as often.
const flipGain = 60.0

// flipDetour is how much longer (with bendCost a bend) a flipped route
// may be for each crossing it saves.
const flipDetour = 400.0

// ownCost is the length of a route, with bendCost a bend.
func ownCost(pts []geom.Point) float64 {
	return pathLength(pts) + bendCost*float64(max(0, len(pts)-2))
}

// flipEnds tries the ends of the drawing kept on other sides (see above).
func (s *state) flipEnds() {
	if !flipSides || !repairCrossings || s.turned || len(s.deps) > rerouteMax || len(s.mids) != len(s.deps) {
		return
	}
	_, per := s.totalCrossings()
	var cands []int
	back := make([]bool, len(s.deps))
	for i, d := range s.deps {
		if d.from == d.to || d.dfs != model.NoSide && d.dts != model.NoSide || len(d.pts) < 2 {
			continue
		}
		back[i] = d.dfs == model.NoSide && turnsBack(d.from.rect(), d.fs, d.pts, d.pts[len(d.pts)-1]) ||
			d.dts == model.NoSide && turnsBack(d.to.rect(), d.ts, d.pts, d.pts[0])
		if back[i] || per[i] > 0 {
			cands = append(cands, i)
		}
	}
	// The routes that turn back, then those that cross most, first.
	slices.SortStableFunc(cands, func(a, b int) int {
		if back[a] != back[b] {
			if back[a] {
				return -1
			}
			return 1
		}
		return per[b] - per[a]
	})
	if len(cands) == 0 {
		return
	}
	dx, dy := s.shiftX, s.shiftY
	s.translate(-dx, -dy)
	before := s.snapshot()
	boxes := make([]geom.Rect, len(s.deps))
	sides := make([][2]model.Side, len(s.deps))
	for i, d := range s.deps {
		boxes[i], sides[i] = d.labelBox, [2]model.Side{d.fs, d.ts}
	}
	x0, _ := s.totalCrossings()
	plain0, cost0 := s.plainCrossings(), s.routeCost()
	// The drawing is spread again from its middle lines, before the
	// polish moved some ports: the ports are those of the middle lines.
	mids := slices.Clone(s.mids)
	for i, d := range s.deps {
		d.srcPort, d.dstPort = mids[i][0], mids[i][len(mids[i])-1]
	}
	s.spread(mids, rerouteWork)
	total, _ := s.totalCrossings()
	cost := s.routeCost()
	changed, tries, full := false, 0, 0
	// keep reports whether the drawing as spread now is kept over the
	// best so far, the i-th route having cost extra more than it did.
	keep := func(extra float64) bool {
		t, _ := s.totalCrossings()
		if t < total && extra <= flipDetour*float64(total-t) || t == total && extra < -flipGain && s.routeCost() < cost-flipGain {
			total, cost, changed = t, s.routeCost(), true
			return true
		}
		return false
	}
	for _, i := range cands {
		d := s.deps[i]
		flipped := false
		for end := range 2 {
			for _, side := range layout.Sides {
				if tries >= flipTries {
					break
				}
				fs, ts, sp, dp := d.fs, d.ts, d.srcPort, d.dstPort
				if !s.flipSide(d, i, end, side) {
					continue
				}
				tries++
				old, was := mids[i], d.pts
				mids[i] = s.flippedWay(d, i)
				s.spread(mids, rerouteWork)
				// The flipped route itself must not run longer than a
				// crossing it saves is worth (flipDetour), nor, crossing as
				// often, save less than flipGain, than it ran before.
				if keep(ownCost(d.pts) - min(ownCost(was), ownCost(before.pts[i]))) {
					flipped = true
					continue
				}
				mids[i] = old
				d.fs, d.ts, d.srcPort, d.dstPort = fs, ts, sp, dp
			}
		}
		// A route that turns back and kept its side may still leave by
		// another once the ports of every side are ordered again for it
		// and the routes rerouted: the others' ports, ordered for the
		// old side, put the flipped route across them.
		if flipped || !back[i] || len(s.deps) > flipFullMax {
			continue
		}
		for end := 0; end < 2 && !flipped && full < flipFullTries; end++ {
			for _, side := range layout.Sides {
				if full >= flipFullTries {
					break
				}
				fs, ts := d.fs, d.ts
				next, ok := s.flipAll(d, i, end, side)
				if !ok {
					continue
				}
				full++
				// Its routes must leave every label a place (the
				// rerouting may take another channel's room).
				if len(s.placeLabels()) == 0 && keep(ownCost(d.pts)-ownCost(before.pts[i])) {
					mids, flipped = next, true
					break
				}
				// Given up: d's sides back, every port that of its
				// middle line, each route on its track again.
				d.fs, d.ts = fs, ts
				for j, e := range s.deps {
					e.srcPort, e.dstPort = mids[j][0], mids[j][len(mids[j])-1]
				}
				s.spread(mids, rerouteWork)
			}
		}
	}
	if changed {
		need := s.spread(mids, untangleWork)
		changed = len(need) == 0 && len(s.placeLabels()) == 0
		if changed {
			s.polish()
			x, _ := s.totalCrossings()
			changed = x <= x0 && s.plainCrossings() <= plain0 && (x < x0 || s.routeCost() < cost0-flipGain)
		}
	}
	if changed {
		copy(s.mids, mids)
		s.labelsBlocked = 0
	} else {
		s.mids = before.mids
		for i, d := range s.deps {
			d.pts, d.srcPort, d.dstPort = before.pts[i], before.ports[i][0], before.ports[i][1]
			d.labelBox, d.fs, d.ts = boxes[i], sides[i][0], sides[i][1]
		}
	}
	s.trim()
}

// flipFullTries bounds the drawings flipAll reroutes whole, for routes
// of drawings of at most flipFullMax dependencies.
const (
	flipFullTries = 4
	flipFullMax   = 40
)

// flipAll puts end (0: the source, 1: the target) of d, the i-th
// dependency, on side of its component and lays every route again from
// there: the ports of every side ordered again, each route on its usual
// way, spread, then rerouted as the drawing kept was (rerouteRoutes). It
// returns the new middle lines and true, or false (changing nothing) when
// the code names the end's side or the end is already on side.
func (s *state) flipAll(d *dep, i, end int, side model.Side) ([][]geom.Point, bool) {
	if !s.flipSide(d, i, end, side) {
		return nil, false
	}
	s.ports()
	next := make([][]geom.Point, len(s.deps))
	for j, e := range s.deps {
		next[j] = geom.Simplify(s.path(e))
	}
	s.mids = next
	s.spread(next, untangleWork)
	s.rerouteRoutes()
	return slices.Clone(s.mids), true
}

// flippedWay returns the way of d, the i-th dependency, from its sides
// and ports as they are that crosses the other routes least as they lie,
// the shortest (with bendCost a bend) of those: the usual way or one of
// the rerouteWays next cheapest.
func (s *state) flippedWay(d *dep, i int) []geom.Point {
	boxes := make([]geom.Rect, len(s.deps))
	for j, e := range s.deps {
		boxes[j] = bounds(e.pts)
	}
	var best []geom.Point
	bestX, bestCost := 0, 0.0
	s.pickFor = nil
	for k := 0; k <= rerouteWays; k++ {
		s.pick = k
		pts := geom.Simplify(s.path(d))
		s.pick = 0
		x, c := s.crossingsBoxed(i, pts, boxes), ownCost(pts)
		if best == nil || x < bestX || x == bestX && c < bestCost {
			best, bestX, bestCost = pts, x, c
		}
	}
	s.pickFor = nil
	return best
}

// turnsBack reports whether a route pts leaving (or entering) r, a
// component's box, by side reaches beyond r's opposite side although
// other, its far end, does not lie beyond it: it left by the wrong side.
func turnsBack(r geom.Rect, side model.Side, pts []geom.Point, other geom.Point) bool {
	if layout.BeyondSide(r.Inset(-1), side, other) {
		return false
	}
	for _, p := range pts {
		if layout.BeyondSide(r, side, p) {
			return true
		}
	}
	return false
}

// flipSide puts end (0: the source, 1: the target) of d, the i-th
// dependency, on side of its component, at the point of that side
// nearest its middle that stays portGap from the ports of the other
// dependencies there. It reports false, changing nothing, when the code
// names the end's side, the end is already on side, or the side has no
// such point.
func (s *state) flipSide(d *dep, i, end int, side model.Side) bool {
	k, cur, written := d.from, d.fs, d.dfs
	if end == 1 {
		k, cur, written = d.to, d.ts, d.dts
	}
	if written != model.NoSide || cur == side {
		return false
	}
	flat := side == model.Top || side == model.Bottom
	along, _ := axes(!flat)
	length := k.h
	if flat {
		length = k.w
	}
	free := func(p geom.Point) bool {
		for j, e := range s.deps {
			if j == i {
				continue
			}
			if e.from == k && e.fs == side && math.Abs(along(e.srcPort)-along(p)) < portGap ||
				e.to == k && e.ts == side && math.Abs(along(e.dstPort)-along(p)) < portGap {
				return false
			}
		}
		return true
	}
	for n := 0; float64(n)*portGap <= portSpread*length/2; n++ {
		for _, sign := range [2]float64{1, -1} {
			p := facePoint(k, side, sign*float64(n)*portGap)
			if !free(p) {
				continue
			}
			if end == 0 {
				d.fs, d.srcPort = side, p
			} else {
				d.ts, d.dstPort = side, p
			}
			return true
		}
	}
	return false
}
