package arch

import (
	"cmp"
	"math"
	"slices"

	"flowzap/internal/geom"
)

// The layout counts crossings first: a route that can reach its target
// without crossing anything only by going round the whole picture (out
// to an outer gutter, along the top highway, down the far side) is kept
// over one that crosses a route or two on the way. Read at a glance, such
// a route says little: the eye loses it on its way round, and the picture
// grows a frame of lines. shortcuts tries, on the drawing kept, the other
// ways of each route that runs much longer than the distance between its
// ends (more than shortcutOver and half of the drawing's width and
// height), shortest first, and keeps a way that saves at least half of
// that detour and shortcutPerCrossing for each crossing it adds (at most
// shortcutCrossMax more in the whole drawing), the drawing spread again
// each time. The drawing kept
// then needs no wider channel, every label still finds a place, and it is
// polished again; else it stays as it was.

// useShortcuts turns shortcuts on; the tests turn it off to compare.
var useShortcuts = true

// Shortcut tuning, in pixels (with bendCost a bend), and bounds: the
// least detour tried, the length a crossing added must save, the most
// crossings the shortcuts may add to the drawing, and the most drawings
// spread.
const (
	shortcutOver        = 600.0
	shortcutPerCrossing = 700.0
	shortcutCrossMax    = 1
	shortcutTries       = 12
)

// detourOf is how much longer (with bendCost a bend) route pts runs than
// the distance between its ends.
func detourOf(pts []geom.Point) float64 {
	if len(pts) < 2 {
		return 0
	}
	a, b := pts[0], pts[len(pts)-1]
	return ownCost(pts) - math.Abs(a.X-b.X) - math.Abs(a.Y-b.Y)
}

// shortcuts takes shorter ways for the routes of the drawing kept that go
// round it (see above).
func (s *state) shortcuts() {
	if !useShortcuts || !repairCrossings || s.turned || len(s.deps) > rerouteMax || len(s.mids) != len(s.deps) {
		return
	}
	least := math.Max(shortcutOver, (s.width+s.height)/2)
	var cands []int
	for i, d := range s.deps {
		if d.from != d.to && detourOf(d.pts) > least {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return
	}
	slices.SortStableFunc(cands, func(a, b int) int { return cmp.Compare(detourOf(s.deps[b].pts), detourOf(s.deps[a].pts)) })
	dx, dy := s.shiftX, s.shiftY
	s.translate(-dx, -dy)
	before := s.snapshot()
	boxes := make([]geom.Rect, len(s.deps))
	for i, d := range s.deps {
		boxes[i] = d.labelBox
	}
	x0, _ := s.totalCrossings()
	mids := slices.Clone(s.mids)
	for i, d := range s.deps {
		d.srcPort, d.dstPort = mids[i][0], mids[i][len(mids[i])-1]
	}
	s.spread(mids, rerouteWork)
	total, _ := s.totalCrossings()
	changed, tries := false, 0
	for _, i := range cands {
		d := s.deps[i]
		old, was := mids[i], d.pts
		over := detourOf(was)
		// The other ways leave and enter where the middle-line route
		// does, shortest first.
		sp, dp := d.srcPort, d.dstPort
		d.srcPort, d.dstPort = old[0], old[len(old)-1]
		ways := s.otherWays(d, old)
		d.srcPort, d.dstPort = sp, dp
		kept, tried := false, false
		for _, w := range ways {
			if tries >= shortcutTries {
				break
			}
			if ownCost(w) > ownCost(old)-over/2 {
				continue // saves too little of the detour
			}
			tries, tried = tries+1, true
			mids[i] = w
			s.spread(mids, rerouteWork)
			t, _ := s.totalCrossings()
			saved := ownCost(was) - ownCost(d.pts)
			if added := t - total; added <= shortcutCrossMax && saved >= over/2 && saved >= shortcutPerCrossing*float64(max(added, 0)) {
				total, changed, kept = t, true, true
				break
			}
		}
		if tried && !kept {
			// Every way given up: the routes as they were, once.
			mids[i] = old
			s.spread(mids, rerouteWork)
		}
		if tries >= shortcutTries {
			break
		}
	}
	if changed {
		need := s.spread(mids, untangleWork)
		changed = len(need) == 0 && len(s.placeLabels()) == 0
		if changed {
			s.polish()
			x, _ := s.totalCrossings()
			changed = x <= x0+shortcutCrossMax
		}
	}
	if changed {
		copy(s.mids, mids)
		s.labelsBlocked = 0
	} else {
		s.mids = before.mids
		for i, d := range s.deps {
			d.pts, d.srcPort, d.dstPort = before.pts[i], before.ports[i][0], before.ports[i][1]
			d.labelBox = boxes[i]
		}
	}
	s.trim()
}
