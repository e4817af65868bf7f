package arch

import (
	"math"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

// Routes are chosen on the middle lines of the channels; the channels then
// give each route a track of its own, one channel after another, and two
// routes that only touched on a middle line may now cross. untangle
// repairs what it can on the spread routes: for every pair of routes that
// cross, it tries exchanging their tracks in the channels where they run
// side by side and their ports on a side of a component they share, in
// every combination of those exchanges (they often only help together: a
// route that turns from a container's band into a gutter needs both
// channels' tracks exchanged), and keeps the first combination after which
// the two routes cross fewer routes in all, with their stubs still
// leaving and entering their sides outward and no run along another route.

// Untangling bounds: the most dependencies untangled, the passes over the
// crossing pairs, and the exchanges combined for one pair (2^n
// combinations are tried).
const (
	untangleMax      = 150
	untangleRounds   = 3
	untangleMaxMoves = 5
	// untangleWork bounds the work of one untangling, counted in routes
	// compared with a moved segment (well under a millisecond); the pairs
	// of routes past it stay as they are.
	untangleWork = 25_000
)

// segLine is an inner segment of a route (pts[i]..pts[i+1]) and the
// channel line it lay on before the channels spread their tracks.
type segLine struct {
	i    int
	line layout.ChannelLine
}

// channelSegs lists the inner segments of pts that lie on channel lines.
func (s *state) channelSegs(pts []geom.Point) []segLine {
	var out []segLine
	for i := 1; i+2 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		line := layout.ChannelLine{Vertical: a.X == b.X, At: a.Y}
		if line.Vertical {
			line.At = a.X
		}
		if _, ok := s.channels[line]; ok {
			out = append(out, segLine{i, line})
		}
	}
	return out
}

// untangle runs the exchanges over the routes of s.deps, with at most
// about work routes compared with moved segments; lines[i] are the channel
// segments of s.deps[i] as channelSegs found them before the spread.
func (s *state) untangle(lines [][]segLine, work int) {
	n := len(s.deps)
	if n > untangleMax || n < 2 {
		return
	}
	s.boxes = resizeRects(s.boxes, n)
	for i, d := range s.deps {
		s.boxes[i] = bounds(d.pts)
	}
	s.work = 0
	for round := 0; round < untangleRounds; round++ {
		improved := false
		for ai := 0; ai < n; ai++ {
			for bi := ai + 1; bi < n; bi++ {
				if s.work > work {
					return
				}
				if !touch(s.boxes[ai], s.boxes[bi]) || !crossAtAll(s.deps[ai].pts, s.deps[bi].pts) {
					continue
				}
				if s.tryExchanges(ai, bi, lines, work) {
					improved = true
				}
			}
		}
		if !improved {
			return
		}
	}
}

// resizeRects returns r with n elements.
func resizeRects(r []geom.Rect, n int) []geom.Rect {
	if cap(r) < n {
		return make([]geom.Rect, n)
	}
	return r[:n]
}

// move is one exchange between routes a and b: of their segments ia and
// ib on one channel (track), or of their ends on one side of a component
// (port; ia and ib then say which end: 0 the source, 1 the target).
type move struct {
	port   bool
	ia, ib int
}

// tryExchanges tries every combination of the exchanges possible between
// s.deps[ai] and s.deps[bi] (while s.work stays within work), and keeps
// the first that lowers the crossings of the two.
func (s *state) tryExchanges(ai, bi int, lines [][]segLine, work int) bool {
	a, b := s.deps[ai], s.deps[bi]
	var moves []move
	for _, sa := range lines[ai] {
		for _, sb := range lines[bi] {
			if sa.line == sb.line && sideBySide(a.pts, sa.i, b.pts, sb.i) && !s.roomed(a, sa.i) && !s.roomed(b, sb.i) {
				moves = append(moves, move{ia: sa.i, ib: sb.i})
			}
		}
	}
	for ea := 0; ea < 2; ea++ {
		for eb := 0; eb < 2; eb++ {
			ka, sa := endOf(a, ea)
			kb, sb := endOf(b, eb)
			if ka == kb && sa == sb && len(a.pts) >= 3 && len(b.pts) >= 3 {
				moves = append(moves, move{port: true, ia: ea, ib: eb})
			}
		}
	}
	if len(moves) == 0 {
		return false
	}
	if len(moves) > untangleMaxMoves {
		moves = moves[:untangleMaxMoves]
	}
	na := make([]geom.Point, len(a.pts))
	nb := make([]geom.Point, len(b.pts))
	pair := -1 // crossings(a.pts, b.pts), once needed (a.pts and b.pts change only when a try is kept, which ends the loop)
	for mask := 1; mask < 1<<len(moves) && s.work <= work; mask++ {
		copy(na, a.pts)
		copy(nb, b.pts)
		for k, m := range moves {
			if mask&(1<<k) == 0 {
				continue
			}
			if m.port {
				swapPorts(a, na, m.ia, b, nb, m.ib)
			} else {
				swapTracks(a.pts, na, m.ia, b.pts, nb, m.ib)
			}
		}
		if !sameWays(a.pts, na) || !sameWays(b.pts, nb) {
			continue
		}
		// Only the segments that moved change the count: compare theirs.
		if pair < 0 {
			pair = crossings(a.pts, b.pts)
		}
		before := pair + s.changedCrossings(ai, bi, a.pts, na) + s.changedCrossings(bi, ai, b.pts, nb)
		after := crossings(na, nb) + s.changedCrossings(ai, bi, na, a.pts) + s.changedCrossings(bi, ai, nb, b.pts)
		if after >= before {
			continue
		}
		oldA, oldB := a.pts, b.pts
		boxA, boxB := s.boxes[ai], s.boxes[bi]
		a.pts, b.pts = na, nb
		s.boxes[ai], s.boxes[bi] = bounds(na), bounds(nb)
		if s.overlapsOthers(ai) || s.overlapsOthers(bi) {
			a.pts, b.pts = oldA, oldB
			s.boxes[ai], s.boxes[bi] = boxA, boxB
			continue
		}
		a.srcPort, a.dstPort = na[0], na[len(na)-1]
		b.srcPort, b.dstPort = nb[0], nb[len(nb)-1]
		return true
	}
	return false
}

// roomed reports whether segment i of d's route lies on a track the
// channels gave room beside for d's label (trackRoom): the room is laid
// out beside that track, so the segment keeps it (another route put on
// it would run through the label's room, the label's own route beside).
func (s *state) roomed(d *dep, i int) bool {
	room, ok := s.labelRoom[d]
	if !ok || d.roomTries < roomedTries {
		return false
	}
	if d.pts[i].X == d.pts[i+1].X {
		return room[1] > 0
	}
	return room[0] > 0
}

// roomedTries is how many rounds a label must have found no place
// before its route's roomed tracks stay out of the exchanges: the
// exchanges uncross, and most labels find a place in the first rounds
// anyway.
const roomedTries = 4

// endOf returns the component and side of d's source (end 0) or target.
func endOf(d *dep, end int) (*comp, model.Side) {
	if end == 0 {
		return d.from, d.fs
	}
	return d.to, d.ts
}

// sideBySide reports whether segments a[i]..a[i+1] and b[j]..b[j+1] run
// parallel on different tracks over a common stretch.
func sideBySide(a []geom.Point, i int, b []geom.Point, j int) bool {
	a0, a1, b0, b1 := a[i], a[i+1], b[j], b[j+1]
	if (a0.X == a1.X) != (b0.X == b1.X) {
		return false
	}
	if a0.X == a1.X {
		return a0.X != b0.X && math.Min(math.Max(a0.Y, a1.Y), math.Max(b0.Y, b1.Y)) > math.Max(math.Min(a0.Y, a1.Y), math.Min(b0.Y, b1.Y))
	}
	return a0.Y != b0.Y && math.Min(math.Max(a0.X, a1.X), math.Max(b0.X, b1.X)) > math.Max(math.Min(a0.X, a1.X), math.Min(b0.X, b1.X))
}

// swapTracks puts segment i of na on the track segment j of b lies on and
// segment j of nb on a's (old holds the routes as they were).
func swapTracks(a, na []geom.Point, i int, b, nb []geom.Point, j int) {
	if a[i].X == a[i+1].X {
		na[i].X, na[i+1].X = b[j].X, b[j].X
		nb[j].X, nb[j+1].X = a[i].X, a[i].X
		return
	}
	na[i].Y, na[i+1].Y = b[j].Y, b[j].Y
	nb[j].Y, nb[j+1].Y = a[i].Y, a[i].Y
}

// swapPorts exchanges the ports of na's end ea and nb's end eb (on one
// side of one component), with the stubs out of them.
func swapPorts(a *dep, na []geom.Point, ea int, b *dep, nb []geom.Point, eb int) {
	ia, ja := 0, 1
	if ea == 1 {
		ia, ja = len(na)-1, len(na)-2
	}
	ib, jb := 0, 1
	if eb == 1 {
		ib, jb = len(nb)-1, len(nb)-2
	}
	_, side := endOf(a, ea)
	pa, pb := na[ia], nb[ib]
	na[ia], nb[ib] = pb, pa
	if side == model.Left || side == model.Right {
		na[ja].Y, nb[jb].Y = pb.Y, pa.Y
	} else {
		na[ja].X, nb[jb].X = pb.X, pa.X
	}
}

// sameWays reports whether next is still a route like old: its stubs
// (first and last segments) run the same way (leaving and entering their
// sides outward), and no segment shrank to nothing. Inner segments may
// turn the other way round.
func sameWays(old, next []geom.Point) bool {
	last := len(old) - 2
	for i := 0; i+1 < len(old); i++ {
		dx0, dy0 := old[i+1].X-old[i].X, old[i+1].Y-old[i].Y
		dx1, dy1 := next[i+1].X-next[i].X, next[i+1].Y-next[i].Y
		if dx1 == 0 && dy1 == 0 {
			return false
		}
		if (i == 0 || i == last) && (sign(dx0) != sign(dx1) || sign(dy0) != sign(dy1)) {
			return false
		}
	}
	return true
}

func sign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// changedCrossings counts the crossings of the segments of pts that differ
// from other (a route of the same length: pts as it was or will be) with
// the routes of every dependency but s.deps[self] and s.deps[skip].
func (s *state) changedCrossings(self, skip int, pts, other []geom.Point) int {
	n := 0
	for k := 0; k+1 < len(pts); k++ {
		if pts[k] == other[k] && pts[k+1] == other[k+1] {
			continue
		}
		p, q := pts[k], pts[k+1]
		box := geom.Rect{X: math.Min(p.X, q.X), Y: math.Min(p.Y, q.Y), W: math.Abs(q.X - p.X), H: math.Abs(q.Y - p.Y)}
		for i, o := range s.deps {
			if i == self || i == skip || !touch(box, s.boxes[i]) {
				continue
			}
			for j := 0; j+1 < len(o.pts); j++ {
				if perpCross(p, q, o.pts[j], o.pts[j+1]) {
					n++
				}
			}
			s.work += len(o.pts)
		}
	}
	return n
}

// overlapsOthers reports whether a segment of the route of s.deps[di]
// runs along a segment of another route (on the same line, over some
// length).
func (s *state) overlapsOthers(di int) bool {
	pts := s.deps[di].pts
	for i, o := range s.deps {
		if i == di || !touch(s.boxes[di], s.boxes[i]) {
			continue
		}
		for k := 0; k+1 < len(pts); k++ {
			for j := 0; j+1 < len(o.pts); j++ {
				if collinearOverlap(pts[k], pts[k+1], o.pts[j], o.pts[j+1]) {
					return true
				}
			}
		}
	}
	return false
}

// collinearOverlap reports whether two axis-parallel segments lie on one
// line and share more than a point.
func collinearOverlap(a0, a1, b0, b1 geom.Point) bool {
	switch {
	case a0.X == a1.X && b0.X == b1.X && a0.X == b0.X:
		return math.Min(math.Max(a0.Y, a1.Y), math.Max(b0.Y, b1.Y)) > math.Max(math.Min(a0.Y, a1.Y), math.Min(b0.Y, b1.Y))
	case a0.Y == a1.Y && b0.Y == b1.Y && a0.Y == b0.Y:
		return math.Min(math.Max(a0.X, a1.X), math.Max(b0.X, b1.X)) > math.Max(math.Min(a0.X, a1.X), math.Min(b0.X, b1.X))
	}
	return false
}

// bounds is the bounding box of a route.
func bounds(pts []geom.Point) geom.Rect {
	if len(pts) == 0 {
		return geom.Rect{}
	}
	x0, y0, x1, y1 := pts[0].X, pts[0].Y, pts[0].X, pts[0].Y
	for _, p := range pts[1:] {
		x0, y0 = math.Min(x0, p.X), math.Min(y0, p.Y)
		x1, y1 = math.Max(x1, p.X), math.Max(y1, p.Y)
	}
	return geom.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

// touch reports whether two boxes meet (borders included).
func touch(a, b geom.Rect) bool {
	return a.X <= b.Right() && b.X <= a.Right() && a.Y <= b.Bottom() && b.Y <= a.Bottom()
}
