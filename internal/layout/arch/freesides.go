package arch

import "flowzap/internal/model"

// Sides written for the workflow view. FlowZap Code writes a side on both
// ends of nearly every edge, and people choose them for the swimlane
// workflow: a hand-off to the next lane leaves a step's bottom, a reply
// comes back into a top. Kept as they are in the architecture view, where
// the lanes are containers placed otherwise, such sides may send routes
// round whole containers (a step's right side into a component that
// stands below and to its left), or stretch a chain of containers into
// one long row. So Layout also lays the diagram out with every side left
// to the view, as if none were written, and draws that instead when it is
// clearly better (freeBetter); otherwise the written sides stand, as
// they do whenever the free drawing is only as good. The choice is made
// on the diagram without its manual offsets (see Layout), so dragging a
// component keeps the drawing it was dragged in.

// tryFreeSides turns the free drawing on; tests turn it off to compare.
var tryFreeSides = true

// freeGain is how much shorter (with bendCost a bend) the routes of the
// free drawing must be, as a share of the written one's, when both cross
// as often.
const freeGain = 0.75

// freeFrame is how much larger a frame (see frame) the free drawing may
// need than the written one when its routes are shorter by freeGain;
// freeFrameFewer when it crosses less (sides left free stack a chain
// down a container: a picture much taller than wide is no better for a
// crossing saved).
const (
	freeFrame      = 1.15
	freeFrameFewer = 1.5
)

// freeMin is how much shorter in all (px, with bendCost a bend) the free
// drawing's routes must be when both cross as often: a small diagram
// keeps its written sides for a few pixels.
const freeMin = 400.0

// freeHalf: a free drawing that crosses once more than the written one
// is drawn when its routes are at most this share of the written one's,
// in a frame no larger (the written sides sending routes round whole
// containers), even where the written one crosses nothing: routes twice
// as long round the containers read worse than one crossing.
const freeHalf = 0.5

// freeSidesDoc returns doc with no side written on any edge, or nil when
// there is nothing to compare: no side is written, or too many
// dependencies for a second layout.
func freeSidesDoc(doc *model.Document) *model.Document {
	if !tryFreeSides || len(doc.Edges) > arrangeMax {
		return nil
	}
	written := false
	for _, e := range doc.Edges {
		written = written || e.FromSide != model.NoSide || e.ToSide != model.NoSide
	}
	if !written {
		return nil
	}
	return withSides(doc, func(model.Side) model.Side { return model.NoSide })
}

// freeBetter reports whether f, the drawing with free sides, is drawn
// instead of w, the one with the written sides: when it leaves no more
// labels without a place, does not read backwards where w does not
// (startsBackward), and crosses less (its routes at most flipDetour
// longer for each crossing saved, in a frame at most freeFrameFewer of
// w's), or crosses as often with routes shorter by freeGain and freeMin
// in a frame at most freeFrame of w's, or once more with routes at most
// freeHalf of w's in a frame no larger, or more often by at most as many
// routes as w winds round one of their own ends and f does not
// (layout.WindsRound), with routes shorter, in a frame at most
// freeFrameFewer of w's.
func (f *state) freeBetter(w *state) bool {
	if f.labelsBlocked > w.labelsBlocked || f.startsBackward() && !w.startsBackward() {
		return false
	}
	fx, _ := f.totalCrossings()
	wx, _ := w.totalCrossings()
	fc, wc := f.routeCost(), w.routeCost()
	// A route wound round its own end reads worse than a crossing
	// (layout.WindsRound): the written sides sending one round its
	// component are traded for as many crossings, with shorter routes.
	fn, _ := f.windings()
	wn, _ := w.windings()
	if fn < wn && fx > wx && fx <= wx+wn-fn && fc < wc && f.frame() <= freeFrameFewer*w.frame() {
		return true
	}
	switch {
	case fx < wx:
		return fc <= wc+flipDetour*float64(wx-fx) && f.frame() <= freeFrameFewer*w.frame()
	case fx == wx:
		return wc-fc >= freeMin && fc <= freeGain*wc && f.frame() <= freeFrame*w.frame()
	case fx == wx+1:
		return fc <= freeHalf*wc && f.frame() <= w.frame()
	}
	return false
}

// startsBackward reports whether the diagram's flow leaves its first
// container backwards: the container it first hands off to lies wholly
// left of it, or wholly above it. Free sides may mirror a diagram whose
// replies outnumber its requests (a client on the right of the gateway it
// calls), which crosses no more but reads from right to left.
func (s *state) startsBackward() bool {
	rank := s.flowRanks()
	var first *dep
	for _, d := range s.deps {
		if d.from.cont == d.to.cont {
			continue
		}
		if first == nil || rank[d.from.m] < rank[first.from.m] || rank[d.from.m] == rank[first.from.m] && rank[d.to.m] < rank[first.to.m] {
			first = d
		}
	}
	if first == nil {
		return false
	}
	a, b := first.from.cont, first.to.cont
	return b.x+b.w <= a.x || b.y+b.h <= a.y
}
