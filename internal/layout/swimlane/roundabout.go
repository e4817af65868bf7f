package swimlane

import (
	"math"
	"slices"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

// A hand-off written out of a bottom into a lane above (or out of a top
// into a lane below) turns its back on its target. The ranking lets such
// an edge's target share its source's column, as any hand-off up or down
// may; when the routes beside that column are busy, the router then
// takes it round a lane or the whole drawing rather than across them (a
// detour of up to detourPerCrossing pixels is worth a crossing). One
// column further, the route turns in the gap between the two and comes
// into the target's face over a short way. keepShorterWaysRound tries
// that for the edges that go round, and keeps the layout when its
// crossings and detours weigh less.

// waysRoundTry is off only in tests that compare with the layout that
// never moves such a target a column further.
var waysRoundTry = true

// waysRoundTries bounds the further layouts keepShorterWaysRound lays.
const waysRoundTries = 2

// againstFaces reports whether a vertical edge between two lanes leaves
// its source through the face turned away from the target's lane: out of
// a bottom into a lane above, or out of a top into a lane below.
func againstFaces(e *edge) bool {
	from, to := e.from.m.Lane.Index, e.to.m.Lane.Index
	return e.fs == model.Bottom && e.ts == model.Top && to < from || e.fs == model.Top && e.ts == model.Bottom && to > from
}

// detour returns how much longer a route is than the way between its
// ends (the Manhattan distance).
func detour(pts []geom.Point) float64 {
	if len(pts) < 2 {
		return 0
	}
	a, b := pts[0], pts[len(pts)-1]
	return routeLen(pts) - math.Abs(a.X-b.X) - math.Abs(a.Y-b.Y)
}

// roundabout returns the edge against its faces, in one column with its
// source, whose route runs furthest past detourPerCrossing beyond the
// way between its ends; nil when there is none.
func (s *state) roundabout() *edge {
	var worst *edge
	most := roundaboutMin
	for _, e := range s.edges {
		if e.from == e.to || !againstFaces(e) || e.from.col != e.to.col || slices.Contains(s.bumped, e.to.m.Index) {
			continue
		}
		if d := detour(e.pts); d > most {
			worst, most = e, d
		}
	}
	return worst
}

// roundWeight weighs a drawing's crossings and detours as the router
// does: a crossing as much as detourPerCrossing pixels of route past the
// way between its ends.
func (s *state) roundWeight() float64 {
	w := float64(s.routeCrossings()) * detourPerCrossing
	for _, e := range s.edges {
		w += detour(e.pts)
	}
	return w
}

// keepShorterWaysRound lays the diagram out again with the target of a
// roundabout edge one column further (state.bumped), and keeps that
// layout when no label has another route through it or within
// layout.HugGap
// of it more, it shares no run more, and its crossings and detours weigh
// less (roundWeight).
func (s *state) keepShorterWaysRound() *state {
	if !waysRoundTry || s.overWork() || len(s.nodes) > geomCheckMax {
		return s
	}
	best := s
	var weight float64
	hugged, shared := -1, 0
	for range waysRoundTries {
		e := best.roundabout()
		if e == nil {
			break
		}
		if hugged < 0 {
			weight, hugged, shared = best.roundWeight(), best.labelsWithin(layout.HugGap), best.sharedRuns()
		}
		w := s.layVariant(best, variant{fan: best.fanFirstOn, wide: best.fanWide, turns: best.passTurns, pull: best.pullOn, next: best.nextBias,
			bump: append(slices.Clip(best.bumped), e.to.m.Index)})
		ww := w.roundWeight()
		wh, ws := w.labelsWithin(layout.HugGap), w.sharedRuns()
		if wh > hugged || ws > shared || ww >= weight {
			break
		}
		best, weight, hugged, shared = w, ww, wh, ws
	}
	return best
}

// roundaboutMin is the detour past which keepShorterWaysRound tries an
// edge's target a column further.
const roundaboutMin = 400.0
