package arch

import (
	"cmp"
	"slices"

	"flowzap/internal/layout"
	"flowzap/internal/model"
)

// Cell moves: what the arrangements, row passes and foldings leave
// crossed often comes from one component's grid cell. Two routes that
// must pass each other to reach their sides (a component entered from
// the left by a route from above and from the top by a route from below;
// a hub's child placed between two other children, so that the trunk to
// a further child cuts its dependency) cross in every order of the
// tracks, but not once a component swaps cells with its neighbour. As
// the transposition step of layered crossing reduction exchanges two
// neighbours of a layer, Layout tries, on a drawing that still crosses,
// moving each component at an end of a crossed route one cell right,
// down, left or up inside its container's grid (exchanging cells with
// the component there, if any; a move past the grid's edge opens a new
// row or column), and keeps a move when the whole drawing crosses less
// (moveBetter). Moves build on each other: after a kept move the
// components of the routes that still cross are tried again.

// cellMove moves the component of node index node by (dx, dy) grid cells
// after grid placed it (exchanging cells with the component there).
type cellMove struct {
	node, dx, dy int
}

// Move search bounds: the most dependencies of a diagram whose
// components are moved, and how many moves are routed once (about half
// a layout each) per layout; a move whose first routing crosses less
// than the best drawing's did is laid out in full. On the compared
// corpus 6, 12, 24 and 48 tries left 4,225, 4,041, 3,837 and 3,663
// crossings (4,654 without moves).
const (
	moveMax   = 80
	moveTries = 24
)

// tryMoves turns the move search on (a variable so that tests can turn it
// off to compare).
var tryMoves = true

// applyMoves moves the components of c by s.moves, in order, then
// renumbers the grid without empty rows or columns.
func (s *state) applyMoves(c *container) {
	moved := false
	for _, m := range s.moves {
		k := s.comps[m.node]
		if k.cont != c {
			continue
		}
		x, y := k.gi+m.dx, k.gj+m.dy
		for _, o := range c.comps {
			if o != k && o.gi == x && o.gj == y {
				o.gi, o.gj = k.gi, k.gj
				break
			}
		}
		k.gi, k.gj = x, y
		moved = true
	}
	if moved {
		c.ncols = squeeze(c.comps, func(k *comp) *int { return &k.gi })
		c.nrows = squeeze(c.comps, func(k *comp) *int { return &k.gj })
	}
}

// moveCandidates lists the components at the ends of s's crossed routes
// in containers of two components or more, those whose routes cross most
// first.
func moveCandidates(s *state) []*comp {
	_, per := s.totalCrossings()
	score := make([]int, len(s.comps))
	for i, d := range s.deps {
		score[d.from.m.Index] += per[i]
		score[d.to.m.Index] += per[i]
	}
	var out []*comp
	for _, k := range s.comps {
		if score[k.m.Index] > 0 && len(k.cont.comps) > 1 {
			out = append(out, k)
		}
	}
	slices.SortStableFunc(out, func(a, b *comp) int { return cmp.Compare(score[b.m.Index], score[a.m.Index]) })
	return out
}

// moveDirs are the moves tried per component: right, down, left, up.
// Moves by two cells too (after all those by one, within the same 24
// tries) removed 8 more crossings of 3,841 on the compared corpus; with 36
// tries 148 more, for a sixth more time: moves stay at one cell.
var moveDirs = [4][2]int{{1, 0}, {0, 1}, {-1, 0}, {0, -1}}

// improveByMoves tries cell moves (see above) on best, which crosses
// bestX times, and returns the drawing it keeps. Diagrams with manual
// layout adjustments keep their cells: the offsets are relative to them.
func improveByMoves(doc *model.Document, env layout.Env, proto, best *state, bestX int) *state {
	if !tryMoves || len(best.deps) > moveMax || doc.Adjust != nil && len(doc.Adjust.Offsets) > 0 {
		return best
	}
	tries := 0
	tried := map[cellMove]bool{}
	for improved := true; improved && bestX > 0 && tries < moveTries; {
		improved = false
	next:
		for _, k := range moveCandidates(best) {
			for _, dir := range moveDirs {
				m := cellMove{k.m.Index, dir[0], dir[1]}
				if tried[m] || tries >= moveTries {
					continue
				}
				tried[m] = true
				s := &state{doc: doc, env: env, arr: best.arr, ys: best.ys, moves: append(slices.Clip(best.moves), m)}
				s.build(proto)
				s.rankContainers()
				s.prepare()
				if !s.movedCell(best, k) {
					continue // the move left the grid as it was
				}
				tries++
				if s.firstX = s.firstRouting(); s.firstX >= best.firstX {
					continue
				}
				s.finish()
				if x, _ := s.totalCrossings(); x < bestX && s.moveBetter(best, bestX-x) {
					best, bestX = s, x
					improved = true
					clear(tried)
					break next
				}
			}
		}
	}
	return best
}

// movedCell reports whether component k sits in another grid cell, or
// its container's grid has another shape, in s than in best.
func (s *state) movedCell(best *state, k *comp) bool {
	a, b := s.comps[k.m.Index], best.comps[k.m.Index]
	return a.gi != b.gi || a.gj != b.gj || a.cont.ncols != b.cont.ncols || a.cont.nrows != b.cont.nrows
}

// moveBetter reports whether s, a drawing with one more cell move than
// best that crosses (or runs along other routes) fewer times by fewer, is
// kept over it: when its plain crossings are not more either and its
// routes are at most stackDetour longer per crossing fewer.
func (s *state) moveBetter(best *state, fewer int) bool {
	return s.plainCrossings() <= best.plainCrossings() && s.routeLength()-best.routeLength() <= stackDetour*float64(fewer) &&
		s.against() <= best.against() && s.readsBack() <= best.readsBack()
}

// readsBack counts the dependencies between two components of one
// container that lead on in the flow (the target ranks after the source:
// no way back round a cycle) but whose target stands before the source,
// above it in the same grid column or left of it in the same row. Where
// the view picks the sides there are none written to run against, and a
// cell move that saves a crossing by exchanging two steps of a chain
// makes the container read out of order: a trip's "Flight held?", "Car
// held?", "Hotel held?" from top to bottom where the flow asks about the
// hotel before the car. Only such a dependency inside a longer chain of
// the container counts (another one leading on enters its source or
// leaves its target): two steps alone, one over the other with the arrow
// up, still read plainly ("Open war room", then "Inform customers"
// above it, in an incident commander's container). A cell move that adds
// one is not kept.
func (s *state) readsBack() int {
	rank := s.flowRanks()
	var on []*dep
	entered, left := map[*comp]bool{}, map[*comp]bool{} // a dependency leading on enters, leaves the component
	for _, d := range s.deps {
		if d.from.cont == d.to.cont && d.from != d.to && rank[d.from.m] < rank[d.to.m] && d.dfs == model.NoSide && d.dts == model.NoSide {
			on = append(on, d)
			entered[d.to], left[d.from] = true, true
		}
	}
	n := 0
	for _, d := range on {
		a, b := d.from, d.to
		if (a.gi == b.gi && b.gj < a.gj || a.gj == b.gj && b.gi < a.gi) && (entered[a] || left[b]) {
			n++
		}
	}
	return n
}

// against counts the dependencies between two components of one
// container that run against the way they are written: a dependency
// from a right side to a left one whose target stands left of its
// source in the same grid row (or from a left side to a right one, the
// other way; and so on for top and bottom in a column). Its route
// wraps round both components, and the container reads in the wrong
// order ("Bring in owning team" before the "Escalate to incident
// commander" that leads to it). A cell move that adds one is not kept
// for the crossings it saves.
func (s *state) against() int {
	n := 0
	for _, d := range s.deps {
		a, b := d.from, d.to
		if a.cont != b.cont || a == b {
			continue
		}
		switch {
		case d.fs == model.Right && d.ts == model.Left && a.gj == b.gj && b.gi < a.gi,
			d.fs == model.Left && d.ts == model.Right && a.gj == b.gj && b.gi > a.gi,
			d.fs == model.Bottom && d.ts == model.Top && a.gi == b.gi && b.gj < a.gj,
			d.fs == model.Top && d.ts == model.Bottom && a.gi == b.gi && b.gj > a.gj:
			n++
		}
	}
	return n
}

// Unwinding moves: a drawing that crosses no more than it must may still
// route a dependency round one of its own ends (layout.WindsRound): a
// side-written request into a component placed at the far side of its
// container, run out past the whole drawing and back, because the way in
// from the near side would cross. Moving that component one cell (the
// router to the other end of its row) often gives the route a short way
// in that crosses nothing. improveWindings tries, on a drawing with such
// routes, moving the components at their ends one cell each way, and
// keeps a move when the drawing then crosses no more (plainly either),
// leaves no more labels without a place, runs no dependency of a
// container against its written sides where it did not, has fewer such
// routes and routes shorter in all (routeCost).

// unwindTries bounds the unwinding moves routed per layout.
const unwindTries = 12

// tryUnwind turns the unwinding moves on (a variable so that tests can
// turn them off to compare).
var tryUnwind = true

// windings counts the routes of s that wind round one of their own ends,
// and lists the components at the ends of those routes (each once, in
// dependency order).
func (s *state) windings() (int, []*comp) {
	n := 0
	var ends []*comp
	seen := map[*comp]bool{}
	for _, d := range s.deps {
		if len(d.pts) < 2 || d.from == d.to {
			continue
		}
		first, last := d.pts[0], d.pts[len(d.pts)-1]
		if !layout.WindsRound(d.from.rect(), d.fs, d.pts, last) && !layout.WindsRound(d.to.rect(), d.ts, d.pts, first) {
			continue
		}
		n++
		for _, k := range [2]*comp{d.from, d.to} {
			if !seen[k] && len(k.cont.comps) > 1 {
				seen[k] = true
				ends = append(ends, k)
			}
		}
	}
	return n, ends
}

// improveWindings tries unwinding moves (see above) on best and returns
// the drawing it keeps (best polished and trimmed, as layoutBest returns
// it; so is a drawing kept). Diagrams with manual layout adjustments keep
// their cells, and folded drawings are not tried: on the compared corpus
// no move unwound one, and the folded event-driven seed paid four times
// its layout for the tries. A move is laid out in full only when its
// first routing crosses no more than best's did and winds less.
func improveWindings(doc *model.Document, env layout.Env, proto, best *state) *state {
	if !tryMoves || !tryUnwind || len(best.deps) > moveMax || best.arr.fold > 0 || best.arr.wrap || doc.Adjust != nil && len(doc.Adjust.Offsets) > 0 {
		return best
	}
	wound, ends := best.windings()
	if wound == 0 {
		return best
	}
	bestX, _ := best.totalCrossings()
	tries := 0
	for _, k := range ends {
		for _, dir := range moveDirs {
			if tries >= unwindTries {
				return best
			}
			m := cellMove{k.m.Index, dir[0], dir[1]}
			s := &state{doc: doc, env: env, arr: best.arr, ys: best.ys, moves: append(slices.Clip(best.moves), m)}
			s.build(proto)
			s.rankContainers()
			s.prepare()
			if !s.movedCell(best, k) {
				continue
			}
			tries++
			if s.firstX = s.firstRouting(); s.firstX > best.firstX {
				continue
			}
			if w, _ := s.windings(); w >= wound {
				continue // routed at first, it winds as often: finished, it seldom winds less
			}
			s.finish()
			s.labelled()
			s.polish()
			s.trim()
			x, _ := s.totalCrossings()
			if x > bestX || s.plainCrossings() > best.plainCrossings() || s.labelsBlocked > best.labelsBlocked ||
				s.against() > best.against() || s.routeCost() >= best.routeCost() {
				continue
			}
			if w, _ := s.windings(); w < wound {
				// The components are those of best: the remaining
				// candidates are still tried on the drawing kept.
				best, bestX, wound = s, x, w
				if wound == 0 {
					return best
				}
			}
		}
	}
	return best
}
