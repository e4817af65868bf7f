package swimlane

import (
	"math"
	"slices"

	"flowzap/internal/geom"
	"flowzap/internal/model"
)

// Routes are chosen on the middle lines of the gutters, where routes that
// share a gutter only touch; the channels then give each its own track,
// and two routes that touched may now cross. untangle repairs what it can
// on the final routes: for every pair of routes that cross or run along
// each other, it tries swapping their tracks where they run side by side
// in one gutter, and swapping their ports where they share a side of a
// node (alone, or with the tracks of the runs that lead to them), and
// keeps a swap when the two routes then cross fewer routes in all, run
// along no more and pass through no node.

// untangleMaxEdges bounds the diagrams untangled (edges), and
// untangleRounds the passes, so the work stays small.
const (
	untangleMaxEdges = 400
	untangleRounds   = 3
	untangleReach    = 400.0 // tracks farther apart than this are not swapped
)

func (s *state) untangle() {
	if s.overWork() {
		return
	}
	if len(s.edges) > untangleMaxEdges {
		return
	}
	g := s.newSegGrid()
	defer func() { s.spare = g }()
	for _, e := range s.edges {
		g.add(e.pts, e)
	}
	index := make(map[*model.Edge]int, len(s.edges))
	for i, e := range s.edges {
		index[e.m] = i
	}
	var partners []int
	for round := 0; round < untangleRounds; round++ {
		improved := false
		for i, a := range s.edges {
			// The routes after a's that cross it, in order; a swap moves
			// only a and b, so after one the list is found again past b.
			partners = crossingPartners(g, a, index, i, partners[:0])
			for k := 0; k < len(partners); k++ {
				if s.overWork() {
					return
				}
				j := partners[k]
				if s.trySwaps(g, a, s.edges[j]) {
					improved = true
					partners = crossingPartners(g, a, index, j, partners[:0])
					k = -1
				}
			}
		}
		if !improved {
			return
		}
	}
}

// crossingPartners appends to buf, in increasing order, the indexes above
// after of the edges whose routes cross a's (crossBetween > 0) or run
// along it (two edges drawn on one line: into one side of a node, the one
// given the side's middle may be the one that should come in beside it),
// found through the grid instead of by trying every pair: two segments
// that cross or overlap share the cell holding their crossing or overlap.
func crossingPartners(g *segGrid, a *edge, index map[*model.Edge]int, after int, buf []int) []int {
	start := len(buf)
	for i := 0; i+1 < len(a.pts); i++ {
		p, q := a.pts[i], a.pts[i+1]
		g.cells(p, q, func(k int) {
			g.spend(len(g.buckets[k]))
			for _, si := range g.buckets[k] {
				o := &g.segs[si]
				if o.owner == a.m {
					continue
				}
				if j := index[o.owner]; j > after && (geom.PerpendicularCross(p, q, o.a, o.b) || collinearOverlap(p, q, o.a, o.b)) {
					buf = append(buf, j)
				}
			}
		})
	}
	found := buf[start:]
	slices.Sort(found)
	return append(buf[:start], slices.Compact(found)...)
}

// pairCost is what a pair of routes costs: every crossing with another
// route (theirs with each other once), and a crossing's worth for every
// run along another route; and, apart, those runs along another route.
func pairCost(g *segGrid, a, b *edge) (cost, along int) {
	along = g.overlaps(a.pts, a) + g.overlaps(b.pts, b)
	return exactCrossings(g, a.pts, a) + exactCrossings(g, b.pts, b) - geom.Crossings(a.pts, b.pts) + along, along
}

// trySwaps tries the swaps of a and b and keeps the first that lowers
// their cost and adds no run along another route: a swap moves the two
// routes onto each other's tracks, and a track the channels shared
// between routes that do not overlap may then hold a route that runs
// along another one (two edges drawn on one line, hiding where they
// cross). Weighed as one crossing, such a run was taken where it spared
// two crossings; the corpus's shared runs went from 40 to 29 when no swap
// may add one, for 3 crossings more (of 2,349).
func (s *state) trySwaps(g *segGrid, a, b *edge) bool {
	before, alongBefore := pairCost(g, a, b)
	oldA, oldB := a.pts, b.pts
	oldSA, oldDA, oldSB, oldDB := a.srcPort, a.dstPort, b.srcPort, b.dstPort
	attempt := func(na, nb []geom.Point) bool {
		if na == nil || nb == nil || !s.valid(a, na) || !s.valid(b, nb) || !stubsOut(a, na) || !stubsOut(b, nb) {
			return false
		}
		g.remove(a.pts, a)
		g.remove(b.pts, b)
		a.pts, b.pts = geom.Simplify(na), geom.Simplify(nb)
		g.add(a.pts, a)
		g.add(b.pts, b)
		if cost, along := pairCost(g, a, b); cost < before && along <= alongBefore {
			return true
		}
		g.remove(a.pts, a)
		g.remove(b.pts, b)
		a.pts, b.pts = oldA, oldB
		g.add(a.pts, a)
		g.add(b.pts, b)
		return false
	}
	// Tracks: inner segments side by side.
	for i := 1; i+2 < len(oldA); i++ {
		for j := 1; j+2 < len(oldB); j++ {
			na, nb := swapTracks(oldA, i, oldB, j)
			if na != nil && attempt(na, nb) {
				return true
			}
		}
	}
	// Ports: both leave (or enter) one side of one node.
	for _, end := range [][2]bool{{true, true}, {true, false}, {false, true}, {false, false}} {
		na, nb, ok := swapPorts(a, end[0], b, end[1])
		if !ok {
			continue
		}
		if end[0] {
			a.srcPort = na[0]
		} else {
			a.dstPort = na[len(na)-1]
		}
		if end[1] {
			b.srcPort = nb[0]
		} else {
			b.dstPort = nb[len(nb)-1]
		}
		if attempt(na, nb) {
			return true
		}
		// Ports and the runs that lead to them together: routes coming
		// into one side from one direction (a fan-in) nest only when the
		// one nearer the side's far end also turns into it first.
		ia, ib := 1, 1 // the segment after the port's stub
		if !end[0] {
			ia = len(na) - 3
		}
		if !end[1] {
			ib = len(nb) - 3
		}
		if !s.plainPorts && ia >= 1 && ib >= 1 && ia+2 < len(na) && ib+2 < len(nb) {
			if ta, tb := swapTracks(na, ia, nb, ib); ta != nil && attempt(ta, tb) {
				return true
			}
		}
		a.srcPort, a.dstPort, b.srcPort, b.dstPort = oldSA, oldDA, oldSB, oldDB
	}
	return false
}

// swapTracks returns copies of a and b with inner segments a[i]-a[i+1]
// and b[j]-b[j+1] on each other's line, when they are parallel, near and
// overlapping; nil otherwise.
func swapTracks(a []geom.Point, i int, b []geom.Point, j int) ([]geom.Point, []geom.Point) {
	a0, a1, b0, b1 := a[i], a[i+1], b[j], b[j+1]
	horizA, horizB := a0.Y == a1.Y, b0.Y == b1.Y
	if horizA != horizB {
		return nil, nil
	}
	var ca, cb, loA, hiA, loB, hiB float64
	if horizA {
		ca, cb = a0.Y, b0.Y
		loA, hiA, loB, hiB = math.Min(a0.X, a1.X), math.Max(a0.X, a1.X), math.Min(b0.X, b1.X), math.Max(b0.X, b1.X)
	} else {
		ca, cb = a0.X, b0.X
		loA, hiA, loB, hiB = math.Min(a0.Y, a1.Y), math.Max(a0.Y, a1.Y), math.Min(b0.Y, b1.Y), math.Max(b0.Y, b1.Y)
	}
	if ca == cb || math.Abs(ca-cb) > untangleReach || math.Min(hiA, hiB) <= math.Max(loA, loB) {
		return nil, nil
	}
	na, nb := append([]geom.Point(nil), a...), append([]geom.Point(nil), b...)
	if horizA {
		na[i].Y, na[i+1].Y, nb[j].Y, nb[j+1].Y = cb, cb, ca, ca
	} else {
		na[i].X, na[i+1].X, nb[j].X, nb[j+1].X = cb, cb, ca, ca
	}
	return na, nb
}

// swapPorts returns copies of a's and b's routes with the ports of the
// chosen ends exchanged, when those ends are on one side of one node and
// both routes turn after their first (or before their last) segment.
func swapPorts(a *edge, srcA bool, b *edge, srcB bool) ([]geom.Point, []geom.Point, bool) {
	nodeA, sideA := a.to, a.ts
	if srcA {
		nodeA, sideA = a.from, a.fs
	}
	nodeB, sideB := b.to, b.ts
	if srcB {
		nodeB, sideB = b.from, b.fs
	}
	if nodeA != nodeB || sideA != sideB || len(a.pts) < 3 || len(b.pts) < 3 {
		return nil, nil, false
	}
	na, nb := append([]geom.Point(nil), a.pts...), append([]geom.Point(nil), b.pts...)
	ia, ja := 0, 1 // the port and the next point
	if !srcA {
		ia, ja = len(na)-1, len(na)-2
	}
	ib, jb := 0, 1
	if !srcB {
		ib, jb = len(nb)-1, len(nb)-2
	}
	pa, pb := na[ia], nb[ib]
	na[ia], nb[ib] = pb, pa
	if horizontal(sideA) { // ports along a vertical side: the stub keeps its y
		na[ja].Y, nb[jb].Y = pb.Y, pa.Y
	} else {
		na[ja].X, nb[jb].X = pb.X, pa.X
	}
	return na, nb, true
}

// exactCrossings counts the routed segments (of other edges) that pts
// crosses, each crossing once.
func exactCrossings(g *segGrid, pts []geom.Point, e *edge) int {
	n := 0
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		g.cells(a, b, func(k int) {
			g.spend(len(g.buckets[k]))
			for _, si := range g.buckets[k] {
				o := &g.segs[si]
				if o.owner == e.m || !geom.PerpendicularCross(a, b, o.a, o.b) {
					continue
				}
				p := geom.Point{X: a.X, Y: o.a.Y}
				if a.Y == b.Y {
					p = geom.Point{X: o.a.X, Y: a.Y}
				}
				if g.cellOf(p) == k {
					n++
				}
			}
		})
	}
	return n
}

// stubsOut reports whether route pts of e leaves its source outward
// through its side and enters its target inward through its side: a
// track swap may not turn a stub back into its node.
func stubsOut(e *edge, pts []geom.Point) bool {
	if len(pts) < 2 {
		return false
	}
	along := func(a, b geom.Point, d geom.Point) float64 { return (b.X-a.X)*d.X + (b.Y-a.Y)*d.Y }
	n := len(pts)
	return along(pts[0], pts[1], dir(e.fs)) > 0 && along(pts[n-1], pts[n-2], dir(e.ts)) > 0
}
