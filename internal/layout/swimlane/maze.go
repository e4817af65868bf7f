package swimlane

import (
	"math"
	"sort"

	"flowzap/internal/geom"
)

// The gutters (the middle lines of the gaps between columns and between
// rows) form a grid that no node touches. When no simple route of an edge
// avoids crossing the others, mazeRoute searches that grid for the route
// crossing fewest routes, then bending least, then shortest (Dijkstra over
// grid points and directions), so that a route may go round a node or a
// group of edges instead of cutting through them.

// mazeMaxPoints bounds the grid the search runs on (grid points), so the
// search stays cheap; larger diagrams keep the simple routes.
const mazeMaxPoints = 4000

// mazeOverlapCost is the cost of running along another edge's route
// (see segGrid.overlaps).
const mazeOverlapCost = crossCost / 2

// mazeWindow is how many gutters beyond an edge's ends, on every side,
// the search may use.
const mazeWindow = 2

// mazeLenCost is the cost of one pixel of route, against one bend (as in
// routeCost).
const mazeLenCost = detourCost

// mazeRoute returns the best route of e through the gutter grid costing
// less than limit, or nil when there is none or the grid is too large.
func (s *state) mazeRoute(e *edge, limit float64, window int) []geom.Point {
	if s.overWork() {
		return nil
	}
	// The window: the gutters around both ends, window more on every
	// side.
	p, q := e.srcPort, e.dstPort
	c0, c1 := min(e.from.col, e.to.col)-1-window, max(e.from.col, e.to.col)+window
	sc := s.scratch()
	xs := sc.xs[:0]
	for c := max(c0, -1); c <= min(c1, s.cols-1); c++ {
		xs = append(xs, s.vGutter(c))
	}
	sc.xs = xs
	lo := sort.SearchFloat64s(s.hGutters, math.Min(p.Y, q.Y)) - 1 - window
	hi := sort.SearchFloat64s(s.hGutters, math.Max(p.Y, q.Y)) + window
	ys := s.hGutters[max(lo, 0):min(hi+1, len(s.hGutters))]
	if len(xs)*len(ys) > mazeMaxPoints || len(xs) == 0 || len(ys) == 0 {
		return nil
	}
	s1, sVert := s.exit(e.from, e.fs, p)
	t1, tVert := s.exit(e.to, e.ts, q)
	// Graph points: the grid, then s1 and t1 (each on one gutter line).
	nx, ny := len(xs), len(ys)
	grid := nx * ny
	src, dst := grid, grid+1
	at := func(i int) geom.Point {
		switch i {
		case src:
			return s1
		case dst:
			return t1
		}
		return geom.Point{X: xs[i%nx], Y: ys[i/nx]}
	}
	// Neighbours along a gutter line, in direction d (0 right, 1 down,
	// 2 left, 3 up).
	xi := func(x float64) int { return sort.SearchFloat64s(xs, x-1e-6) }
	yi := func(y float64) int { return sort.SearchFloat64s(ys, y-1e-6) }
	onLine := func(pt geom.Point, vert bool) (int, bool) { // index of the gutter line pt lies on
		if vert {
			i := xi(pt.X)
			return i, i < nx && math.Abs(xs[i]-pt.X) < 1e-6
		}
		i := yi(pt.Y)
		return i, i < ny && math.Abs(ys[i]-pt.Y) < 1e-6
	}
	sLine, okS := onLine(s1, sVert)
	tLine, okT := onLine(t1, tVert)
	if !okS || !okT {
		return nil
	}
	// step returns the next point from i in direction d along a gutter,
	// or -1.
	step := func(i, d int) int {
		pt := at(i)
		if i == src || i == dst {
			vert := sVert
			line := sLine
			if i == dst {
				vert, line = tVert, tLine
			}
			if vert != (d%2 == 1) {
				return -1
			}
			if vert { // along the vertical gutter xs[line]
				j := yi(pt.Y)
				if d == 1 {
					for j < ny && ys[j] <= pt.Y+1e-6 {
						j++
					}
					if j == ny {
						return -1
					}
				} else {
					j--
					for j >= 0 && ys[j] >= pt.Y-1e-6 {
						j--
					}
					if j < 0 {
						return -1
					}
				}
				return j*nx + line
			}
			j := xi(pt.X)
			if d == 0 {
				for j < nx && xs[j] <= pt.X+1e-6 {
					j++
				}
				if j == nx {
					return -1
				}
			} else {
				j--
				for j >= 0 && xs[j] >= pt.X-1e-6 {
					j--
				}
				if j < 0 {
					return -1
				}
			}
			return line*nx + j
		}
		cx, cy := i%nx, i/nx
		switch d {
		case 0:
			cx++
		case 1:
			cy++
		case 2:
			cx--
		default:
			cy--
		}
		if cx < 0 || cy < 0 || cx >= nx || cy >= ny {
			return -1
		}
		return cy*nx + cx
	}
	// The target t1 lies between two grid points of its line: reaching
	// either neighbour and moving toward t1 arrives there.
	var tNear [4]int // grid point before t1 when arriving in direction d
	for d := 0; d < 4; d++ {
		tNear[d] = step(dst, (d+2)%4)
	}
	dirOf := func(a, b geom.Point) int {
		switch {
		case b.X > a.X:
			return 0
		case b.Y > a.Y:
			return 1
		case b.X < a.X:
			return 2
		}
		return 3
	}
	startDir := dirOf(p, s1)
	endDir := dirOf(t1, q)
	hc, vc := s.gridCosts(e, xs, ys)
	segCost := func(a, b geom.Point) float64 {
		seg := []geom.Point{a, b}
		return float64(s.routed.crossings(seg, e))*crossCost + float64(s.routed.overlaps(seg, e))*mazeOverlapCost +
			mazeLenCost*(math.Abs(a.X-b.X)+math.Abs(a.Y-b.Y))
	}
	cost := func(i, j, d int) float64 { // from point i to its neighbour j in direction d
		if i >= grid || j >= grid {
			return segCost(at(i), at(j))
		}
		switch d {
		case 0:
			return hc[(i/nx)*(nx-1)+i%nx]
		case 2:
			return hc[(j/nx)*(nx-1)+j%nx]
		case 1:
			return vc[i]
		}
		return vc[j]
	}
	n := (grid + 2) * 4
	sc.dist, sc.prev = grown(sc.dist, n), grown(sc.prev, n)
	dist, prev := sc.dist, sc.prev
	for i := range dist {
		dist[i] = math.Inf(1)
		prev[i] = -1
	}
	pq := &sc.queue
	*pq = (*pq)[:0]
	startState := src*4 + startDir
	dist[startState] = 0
	// A*: the length still to go is a lower bound of the cost.
	h := func(i int) float64 {
		a := at(i)
		return mazeLenCost * (math.Abs(a.X-t1.X) + math.Abs(a.Y-t1.Y))
	}
	pq.push(mazeItem{startState, 0, h(src)})
	best, bestState := limit, -1
	for len(*pq) > 0 {
		it := pq.pop()
		if it.cost > dist[it.state] || it.prio >= best {
			continue
		}
		i, d := it.state/4, it.state%4
		// From here to t1 along its line, then into the port?
		for d2 := 0; d2 < 4; d2++ {
			if i == src || tNear[d2] != i || d2 == (d+2)%4 || d2 == (endDir+2)%4 {
				continue
			}
			ct := it.cost + segCost(at(i), t1)
			if d2 != d {
				ct++
			}
			if d2 != endDir {
				ct++
			}
			if ct < best {
				best, bestState = ct, it.state
			}
		}
		for nd := 0; nd < 4; nd++ {
			if nd == (d+2)%4 {
				continue // no turning back
			}
			j := step(i, nd)
			if j < 0 || j == dst {
				continue
			}
			c := it.cost + cost(i, j, nd)
			if nd != d {
				c++
			}
			st := j*4 + nd
			if c < dist[st] {
				dist[st] = c
				prev[st] = int32(it.state)
				pq.push(mazeItem{st, c, c + h(j)})
			}
		}
	}
	if bestState == -1 {
		return nil
	}
	// Walk back from the last grid point.
	st := bestState
	var rev []geom.Point
	for st >= 0 {
		rev = append(rev, at(st/4))
		st = int(prev[st])
	}
	pts := []geom.Point{p}
	for k := len(rev) - 1; k >= 0; k-- {
		pts = append(pts, rev[k])
	}
	pts = append(pts, t1, q)
	return geom.Simplify(pts)
}

// gridCosts returns the cost of every grid segment for a route of e: for
// the horizontal segment on gutter line j between vertical gutters i and
// i+1, hc[j*(nx-1)+i]; for the vertical one on gutter i between lines j and
// j+1, vc[j*nx+i]. A segment costs its length, crossCost for every other
// route crossing it (half when the crossing is at one of its ends, where
// the route may turn instead) and mazeOverlapCost for every other route
// running along it. O(S·k) for the S routed segments near the grid,
// touching k grid segments each.
func (s *state) gridCosts(e *edge, xs, ys []float64) (hc, vc []float64) {
	nx, ny := len(xs), len(ys)
	sc := s.scratch()
	sc.hc, sc.vc = grown(sc.hc, ny*(nx-1)), grown(sc.vc, ny*nx)
	hc, vc = sc.hc, sc.vc
	clear(vc[max(ny-1, 0)*nx:]) // the last line's entries are never set below
	for j := 0; j < ny; j++ {
		for i := 0; i+1 < nx; i++ {
			hc[j*(nx-1)+i] = mazeLenCost * (xs[i+1] - xs[i])
		}
		if j+1 < ny {
			for i := 0; i < nx; i++ {
				vc[j*nx+i] = mazeLenCost * (ys[j+1] - ys[j])
			}
		}
	}
	const eps = 1e-6
	// span returns the indices of the values of vs strictly inside (lo, hi).
	span := func(vs []float64, lo, hi float64) (int, int) {
		return sort.SearchFloat64s(vs, lo+eps), sort.SearchFloat64s(vs, hi-eps)
	}
	// cell returns the index k with vs[k] < v < vs[k+1], or the line v lies
	// on (on = true), or -1 outside.
	cell := func(vs []float64, v float64) (int, bool) {
		k := sort.SearchFloat64s(vs, v-eps)
		if k < len(vs) && math.Abs(vs[k]-v) <= eps {
			return k, true
		}
		if k == 0 || k == len(vs) {
			return -1, false
		}
		return k - 1, false
	}
	// The routed segments near the window, each once.
	g := s.routed
	s.routed.cells(geom.Point{X: xs[0], Y: ys[0]}, geom.Point{X: xs[nx-1], Y: ys[ny-1]}, func(k int) {
		g.spend(len(g.buckets[k]))
		for _, si := range g.buckets[k] {
			o := &g.segs[si]
			// Once: in the first cell of the window the segment is in.
			first := g.clampY(math.Max(math.Min(o.a.Y, o.b.Y), ys[0]))*g.nx + g.clampX(math.Max(math.Min(o.a.X, o.b.X), xs[0]))
			if o.owner == e.m || first != k {
				continue
			}
			a, b := o.a, o.b
			if a.Y == b.Y && a.X != b.X { // horizontal at a.Y
				lo, hi := math.Min(a.X, b.X), math.Max(a.X, b.X)
				row, on := cell(ys, a.Y)
				i0, i1 := span(xs, lo, hi)
				for i := i0; i < i1; i++ { // vertical gutters it passes
					switch {
					case on:
						if row > 0 {
							vc[(row-1)*nx+i] += crossCost / 2
						}
						if row+1 < ny {
							vc[row*nx+i] += crossCost / 2
						}
					case row >= 0:
						vc[row*nx+i] += crossCost
					}
				}
				if on { // along gutter line row
					for i := 0; i+1 < nx; i++ {
						if math.Min(hi, xs[i+1])-math.Max(lo, xs[i]) > 1 {
							hc[row*(nx-1)+i] += mazeOverlapCost
						}
					}
				}
			} else if a.X == b.X && a.Y != b.Y { // vertical at a.X
				lo, hi := math.Min(a.Y, b.Y), math.Max(a.Y, b.Y)
				col, on := cell(xs, a.X)
				j0, j1 := span(ys, lo, hi)
				for j := j0; j < j1; j++ {
					switch {
					case on:
						if col > 0 {
							hc[j*(nx-1)+col-1] += crossCost / 2
						}
						if col+1 < nx {
							hc[j*(nx-1)+col] += crossCost / 2
						}
					case col >= 0:
						hc[j*(nx-1)+col] += crossCost
					}
				}
				if on {
					for j := 0; j+1 < ny; j++ {
						if math.Min(hi, ys[j+1])-math.Max(lo, ys[j]) > 1 {
							vc[j*nx+col] += mazeOverlapCost
						}
					}
				}
			}
		}
	})
	return hc, vc
}

type mazeItem struct {
	state      int
	cost, prio float64
}

// mazeQueue is a binary min-heap of search states by priority.
type mazeQueue []mazeItem

func (q *mazeQueue) push(it mazeItem) {
	*q = append(*q, it)
	h := *q
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if h[p].prio <= h[i].prio {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func (q *mazeQueue) pop() mazeItem {
	h := *q
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h) && h[l].prio < h[m].prio {
			m = l
		}
		if r < len(h) && h[r].prio < h[m].prio {
			m = r
		}
		if m == i {
			break
		}
		h[m], h[i] = h[i], h[m]
		i = m
	}
	*q = h
	return top
}

// mazeScratch holds the buffers of one gutter search (mazeRoute and
// gridCosts), kept from one search to the next: a layout runs hundreds
// of searches, and allocating (and, in the WebAssembly module, zeroing
// and collecting) their arrays each time cost more than the search.
// A state and the further layouts tried from it share one, as they run
// one after the other.
type mazeScratch struct {
	xs, dist, hc, vc []float64
	prev             []int32
	queue            mazeQueue
}

// scratch returns the state's search buffers, made on first use.
func (s *state) scratch() *mazeScratch {
	if s.maze == nil {
		s.maze = &mazeScratch{}
	}
	return s.maze
}

// grown returns b resliced to n elements, reallocated only when its
// capacity is short; its contents are left for the caller to set.
func grown[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}
