package swimlane

import (
	"math"
	"slices"
	"sort"

	"flowzap/internal/geom"
	"flowzap/internal/model"
)

// Crossing reduction, in the manner of Gansner, Koutsofios, North and Vo,
// "A technique for drawing directed graphs" (1993), adapted to lanes.
//
// The layers are the columns. Every edge between columns that are not
// neighbours gets a chain of virtual nodes, one per column it passes
// (a back edge is chained the other way round, so it is counted where it
// runs); edges inside one column (hand-offs down or up) cross nothing
// between columns and are left out. Inside a column, nodes are grouped by
// lane in file order: a node may only move among the nodes of its own lane
// in its own column, and a node handed down by a node of its own column
// stays below it.
//
// Two starting orders are tried: the rows of the single barycentric pass
// (assignRows' first step) and a depth-first order from the nodes as
// written. From each, sweeps alternate left to right and right to left,
// sorting every lane's nodes by the weighted median of their neighbours'
// positions in the column just swept, each sweep followed by transposition
// of neighbours that cross less the other way round. The best order seen
// is kept; the search stops when a sweep in each direction brings no
// improvement, or after a bounded number of sweeps (fewer on large
// diagrams, see sweepBudget). Crossings between two columns are counted
// with an accumulator tree (Barth, Jünger and Mutzel 2002), in
// O(E log V). The count adds, in every column, the nodes of a lane that
// the vertical runs of its nodes' edges to other lanes pass: an edge
// leaving or entering a node through its top runs past the nodes above
// it in its lane and column and cuts their edges, one through its bottom
// the nodes below it (a hand-off from the lane above wants its target on
// top). Passing a node costs one plus the fewer of its edges on its left
// or on its right (the run goes round it on the side with fewer, and cuts
// those): a node with edges on both sides is the costlier one to pass,
// so it goes where fewer runs pass it (ordering.pass; on small diagrams,
// keepFewerCrossingsVariants checks the order against the one that counts
// every pass as one). Edges inside a lane are left out of this count: it would
// reorder many ordinary flows for little, each then laid out twice
// (keepFewerCrossings). Rows are then
// given from the order (rowsFromOrder).

// ordering is the layered graph the crossing reduction works on. Real
// nodes are 0..n-1 (model index), virtual nodes follow.
type ordering struct {
	n      int       // real nodes
	layer  []int     // column of every node
	lane   []int     // lane of every node
	left   [][]int   // neighbours in the column to the left
	right  [][]int   // neighbours in the column to the right
	above  [][]int   // same-column, same-lane nodes that must come earlier
	key    []float64 // starting key inside a lane (row, or interpolated)
	layers [][]int   // current order of every column
	pos    []int     // index of every node in its column
	// up and down count the vertical runs of every real node's edges to
	// other lanes that leave or enter it through its top (up) or bottom
	// (down): such a
	// run passes the nodes of its lane and column above (below) it, and
	// cuts their edges. Nil when there are none.
	up, down []int
	// pass is what a vertical run passing a real node costs: the fewer
	// of its edges on its left or on its right side (the run goes round
	// it on the side with fewer); nil when every pass costs one.
	pass []int
	// check is the layout's checkpoint (layout.Env.Checkpoint), called
	// before each sweep and each transposition pass, and for every
	// column they work on; nil when there is none.
	check func()
}

// checkpoint lets the environment abandon the layout here.
func (o *ordering) checkpoint() {
	if o.check != nil {
		o.check()
	}
}

// passCost is what a vertical run passing v costs (see ordering.pass); a
// virtual node is an edge, which the run cuts.
func (o *ordering) passCost(v int) int {
	if o.pass == nil || v >= o.n {
		return 1
	}
	return o.pass[v]
}

// buildOrdering turns the ranked and rowed nodes into the layered graph,
// with the current rows as the first order. With weights, a pass of a
// node costs by its side edges (ordering.pass); with turns too, an edge
// out of its top or bottom to another lane in a column on its right
// (left) counts as a right (left) side edge: it turns that way beside the
// node, so a run passing on that side cuts it.
func (s *state) buildOrdering(weights, turns bool) *ordering {
	n := len(s.nodes)
	o := &ordering{n: n, check: s.env.Checkpoint}
	for _, nd := range s.nodes {
		o.layer = append(o.layer, nd.col)
		o.lane = append(o.lane, nd.m.Lane.Index)
		o.key = append(o.key, float64(nd.row))
	}
	o.left = make([][]int, n)
	o.right = make([][]int, n)
	o.above = make([][]int, n)
	addNode := func(col, lane int, key float64) int {
		o.layer = append(o.layer, col)
		o.lane = append(o.lane, lane)
		o.key = append(o.key, key)
		o.left = append(o.left, nil)
		o.right = append(o.right, nil)
		o.above = append(o.above, nil)
		return len(o.layer) - 1
	}
	link := func(a, b int) { // a in column c, b in column c+1
		o.right[a] = append(o.right[a], b)
		o.left[b] = append(o.left[b], a)
	}
	for _, e := range s.edges {
		a, b := e.from, e.to
		if a == b || a.m.Lane == b.m.Lane {
			continue
		}
		for _, end := range [2]struct {
			v    int
			side model.Side
		}{{a.m.Index, e.fs}, {b.m.Index, e.ts}} {
			switch end.side {
			case model.Top:
				if o.up == nil {
					o.up, o.down = make([]int, n), make([]int, n)
				}
				o.up[end.v]++
			case model.Bottom:
				if o.up == nil {
					o.up, o.down = make([]int, n), make([]int, n)
				}
				o.down[end.v]++
			}
		}
	}
	if o.up != nil && weights {
		left, right := make([]int, n), make([]int, n)
		for _, e := range s.edges {
			if e.from == e.to {
				continue
			}
			turning := turns && e.from.m.Lane != e.to.m.Lane
			for _, end := range [2]struct {
				v, col, other int
				side          model.Side
			}{{e.from.m.Index, e.from.col, e.to.col, e.fs}, {e.to.m.Index, e.to.col, e.from.col, e.ts}} {
				switch {
				case end.side == model.Left:
					left[end.v]++
				case end.side == model.Right:
					right[end.v]++
				case !turning:
				case end.other > end.col:
					right[end.v]++
				case end.other < end.col:
					left[end.v]++
				}
			}
		}
		o.pass = make([]int, n)
		heavy := false
		for i := range o.pass {
			o.pass[i] = 1 + min(left[i], right[i])
			heavy = heavy || o.pass[i] > 1
		}
		if !heavy {
			o.pass = nil
		}
	}
	for _, e := range s.edges {
		a, b := e.from, e.to
		if a == b {
			continue
		}
		if a.col == b.col {
			// Stacked in one column (see stackedUnder): a node handed
			// down comes after its parent, one handed up before it.
			if a.m.Lane == b.m.Lane && e.fs == model.Bottom && e.ts == model.Top {
				o.above[b.m.Index] = append(o.above[b.m.Index], a.m.Index)
			}
			if a.m.Lane == b.m.Lane && e.fs == model.Top && e.ts == model.Bottom {
				o.above[a.m.Index] = append(o.above[a.m.Index], b.m.Index)
			}
			continue
		}
		if a.col > b.col {
			a, b = b, a
		}
		// A long edge runs in one lane while it passes columns: the
		// target's when it leaves sideways (it turns into the target's row
		// in the first gap), the source's when it leaves up or down.
		lane := e.to.m.Lane.Index
		if !horizontal(e.fs) {
			lane = e.from.m.Lane.Index
		}
		key := func(c int) float64 {
			ra, rb := float64(a.row), float64(b.row)
			switch {
			case a.m.Lane.Index == lane && b.m.Lane.Index == lane:
				t := float64(c-a.col) / float64(b.col-a.col)
				return ra + t*(rb-ra) + 0.25
			case a.m.Lane.Index == lane:
				return ra + 0.25
			}
			return rb + 0.25
		}
		prev := a.m.Index
		for c := a.col + 1; c < b.col; c++ {
			v := addNode(c, lane, key(c))
			link(prev, v)
			prev = v
		}
		link(prev, b.m.Index)
	}
	o.layers = make([][]int, s.cols)
	for v := range o.layer {
		o.layers[o.layer[v]] = append(o.layers[o.layer[v]], v)
	}
	o.pos = make([]int, len(o.layer))
	for _, l := range o.layers {
		sort.SliceStable(l, func(i, j int) bool { return o.less(l[i], l[j], o.key) })
		o.fixStacks(l)
		o.index(l)
	}
	return o
}

// less orders two nodes of a column: by lane, then by key, then by id.
func (o *ordering) less(a, b int, key []float64) bool {
	if o.lane[a] != o.lane[b] {
		return o.lane[a] < o.lane[b]
	}
	if key[a] != key[b] {
		return key[a] < key[b]
	}
	return a < b
}

func (o *ordering) index(l []int) {
	for i, v := range l {
		o.pos[v] = i
	}
}

// fixStacks moves every node that sits before one of its same-column
// parents (o.above) to just after the last of them. Stacks are short, so
// this is linear in practice; a cycle of hand-offs is left as it is after
// a bounded number of moves.
func (o *ordering) fixStacks(l []int) {
	if !o.hasStacks(l) {
		return
	}
	o.index(l)
	budget := 2 * len(l)
	for i := 0; i < len(l) && budget > 0; i++ {
		v := l[i]
		last := -1
		for _, p := range o.above[v] {
			if o.layer[p] == o.layer[v] {
				last = max(last, o.pos[p])
			}
		}
		if last > i {
			copy(l[i:last], l[i+1:last+1])
			l[last] = v
			o.index(l)
			budget--
			i--
		}
	}
}

func (o *ordering) hasStacks(l []int) bool {
	for _, v := range l {
		if len(o.above[v]) > 0 {
			return true
		}
	}
	return false
}

// save and restore copy the order of every column.
func (o *ordering) save() [][]int {
	out := make([][]int, len(o.layers))
	for i, l := range o.layers {
		out[i] = slices.Clone(l)
	}
	return out
}

func (o *ordering) restore(saved [][]int) {
	for i, l := range saved {
		copy(o.layers[i], l)
		o.index(o.layers[i])
	}
}

// crossings counts the crossings of the whole layered graph.
func (o *ordering) crossings() int {
	total := 0
	var buf []int
	var tree []int
	for c := 0; c+1 < len(o.layers); c++ {
		total += o.bilayer(o.layers[c], len(o.layers[c+1]), &buf, &tree)
	}
	if o.up != nil {
		for _, l := range o.layers {
			total += o.vertical(l)
		}
	}
	return total
}

// vertical counts, in one column, the nodes of its lane that each
// vertical run of a node's edges passes (see ordering.up): a run up from
// a node passes every node of its lane placed before it, a run down
// every one placed after it.
func (o *ordering) vertical(l []int) int {
	total, before, downs := 0, 0, 0
	for i, v := range l {
		if i > 0 && o.lane[v] != o.lane[l[i-1]] {
			before, downs = 0, 0
		}
		c := o.passCost(v)
		total += downs * c
		if v < o.n {
			total += o.up[v] * before
			downs += o.down[v]
		}
		before += c
	}
	return total
}

// verticalPair is what the vertical runs of u and w cost with u placed
// just before w (the nodes passed between them).
func (o *ordering) verticalPair(u, w int) int {
	if o.up == nil {
		return 0
	}
	n := 0
	if u < o.n {
		n += o.down[u] * o.passCost(w)
	}
	if w < o.n {
		n += o.up[w] * o.passCost(u)
	}
	return n
}

// bilayer counts the crossings between column l and the next one (of
// size m) with an accumulator tree: the edges sorted by their left end
// (then right end) cross once for every inversion of their right ends.
func (o *ordering) bilayer(l []int, m int, buf, tree *[]int) int {
	seq := (*buf)[:0]
	for _, u := range l {
		start := len(seq)
		for _, v := range o.right[u] {
			seq = append(seq, o.pos[v])
		}
		slices.Sort(seq[start:])
	}
	*buf = seq
	return countInversions(seq, m, tree)
}

// countInversions counts the pairs i < j with seq[i] > seq[j], where every
// value lies in [0, m), with an accumulator tree in O(len(seq) log m).
func countInversions(seq []int, m int, tree *[]int) int {
	if len(seq) < 2 {
		return 0
	}
	first := 1
	for first < m {
		first *= 2
	}
	size := 2*first - 1
	first--
	t := *tree
	if cap(t) < size {
		t = make([]int, size)
	}
	t = t[:size]
	clear(t)
	*tree = t
	cross := 0
	for _, p := range seq {
		i := p + first
		t[i]++
		for i > 0 {
			if i%2 == 1 { // a left child: everything in the right sibling is greater
				cross += t[i+1]
			}
			i = (i - 1) / 2
			t[i]++
		}
	}
	return cross
}

// sweepBudget is how many sweeps the crossing reduction may make on a
// layered graph of size nodes+edges: 24 (as dot) up to 2,000, then fewer,
// so that large diagrams stay fast; at least 4.
func sweepBudget(size int) int {
	switch {
	case size <= 2000:
		return 24
	case size <= 20000:
		return 8
	}
	return 4
}

// passWeights is off only in tests that compare with every pass of a
// vertical run counted as one (see ordering.pass).
var passWeights = true

// crossingReduction is off only in tests that compare with the single
// barycentric pass.
var crossingReduction = true

// transposeBudget bounds the transposition passes after each sweep.
const transposeBudget = 4

// reduce runs the sweeps from the current order and leaves the best order
// seen in place; it returns its crossing count.
func (o *ordering) reduce(budget int) int {
	best := o.crossings()
	saved := o.save()
	idle := 0
	for it := 0; it < budget && best > 0 && idle < 2; it++ {
		o.checkpoint()
		o.sweep(it%2 == 0)
		o.transpose()
		if c := o.crossings(); c < best {
			best, saved, idle = c, o.save(), 0
		} else {
			idle++
		}
	}
	o.restore(saved)
	return best
}

// sweep sorts every column by the weighted median of its neighbours in the
// previous column of the sweep (left to right when down, else right to
// left), lane by lane. Nodes without such neighbours keep their place.
func (o *ordering) sweep(down bool) {
	med := make([]float64, len(o.layer))
	var ps []int
	cols := len(o.layers)
	for k := 1; k < cols; k++ {
		o.checkpoint()
		c, nb := k, o.left
		if !down {
			c, nb = cols-1-k, o.right
		}
		l := o.layers[c]
		for _, v := range l {
			ps = ps[:0]
			for _, u := range nb[v] {
				ps = append(ps, o.pos[u])
			}
			med[v] = weightedMedian(ps)
		}
		// Lane by lane: the nodes with a median are sorted among the
		// places of nodes with one; the others stay where they are.
		for i := 0; i < len(l); {
			j := i
			for j < len(l) && o.lane[l[j]] == o.lane[l[i]] {
				j++
			}
			var movable, slots []int
			for x := i; x < j; x++ {
				if med[l[x]] >= 0 {
					movable = append(movable, l[x])
					slots = append(slots, x)
				}
			}
			sort.SliceStable(movable, func(a, b int) bool { return med[movable[a]] < med[movable[b]] })
			for x, v := range movable {
				l[slots[x]] = v
			}
			i = j
		}
		o.fixStacks(l)
		o.index(l)
	}
}

// weightedMedian returns the median position of ps (-1 when empty), the
// weighted median of Gansner et al. for an even count: the two middle
// values weighted toward the side whose positions lie closer together.
func weightedMedian(ps []int) float64 {
	n := len(ps)
	switch n {
	case 0:
		return -1
	case 1:
		return float64(ps[0])
	}
	slices.Sort(ps)
	m := n / 2
	if n%2 == 1 {
		return float64(ps[m])
	}
	if n == 2 {
		return float64(ps[0]+ps[1]) / 2
	}
	l, r := float64(ps[m-1]-ps[0]), float64(ps[n-1]-ps[m])
	if l+r == 0 {
		return float64(ps[m-1]+ps[m]) / 2
	}
	return (float64(ps[m-1])*r + float64(ps[m])*l) / (l + r)
}

// transpose swaps neighbours of one lane in a column while that lowers the
// crossings with both neighbouring columns, at most transposeBudget passes.
func (o *ordering) transpose() {
	var a, b []int
	for pass, improved := 0, true; improved && pass < transposeBudget; pass++ {
		improved = false
		for _, l := range o.layers {
			o.checkpoint()
			for i := 0; i+1 < len(l); i++ {
				u, w := l[i], l[i+1]
				if o.lane[u] != o.lane[w] || slices.Contains(o.above[w], u) {
					continue
				}
				var keep, swap int
				for _, nb := range [][][]int{o.left, o.right} {
					a, b = o.positions(nb[u], a), o.positions(nb[w], b)
					keep += pairCrossings(a, b)
					swap += pairCrossings(b, a)
				}
				keep += o.verticalPair(u, w)
				swap += o.verticalPair(w, u)
				if swap < keep {
					l[i], l[i+1] = w, u
					o.pos[u], o.pos[w] = i+1, i
					improved = true
				}
			}
		}
	}
}

func (o *ordering) positions(vs []int, buf []int) []int {
	buf = buf[:0]
	for _, v := range vs {
		buf = append(buf, o.pos[v])
	}
	slices.Sort(buf)
	return buf
}

// pairCrossings counts the crossings between the edges of a node placed
// before another, given their neighbours' sorted positions a and b: the
// pairs with a[i] > b[j].
func pairCrossings(a, b []int) int {
	n, j := 0, 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		n += j
	}
	return n
}

// dfsOrder gives every column a fresh order: the order in which a depth
// first search from the nodes as written (following edges left to right,
// virtual chains included) reaches its nodes, lane by lane.
func (o *ordering) dfsOrder() {
	seen := make([]float64, len(o.layer))
	for i := range seen {
		seen[i] = -1
	}
	next := 0.0
	var stack []int
	for r := 0; r < len(o.layer); r++ {
		if seen[r] >= 0 {
			continue
		}
		stack = append(stack[:0], r)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[v] >= 0 {
				continue
			}
			seen[v] = next
			next++
			for i := len(o.right[v]) - 1; i >= 0; i-- {
				if w := o.right[v][i]; seen[w] < 0 {
					stack = append(stack, w)
				}
			}
		}
	}
	for _, l := range o.layers {
		sort.SliceStable(l, func(i, j int) bool { return o.less(l[i], l[j], seen) })
		o.fixStacks(l)
		o.index(l)
	}
}

// reduceCrossings reorders the nodes inside their lanes and columns to
// cross fewer edges (see the comment at the top of this file) and gives
// them rows in that order. It keeps the rows of the first pass when no
// order crosses less.
func (s *state) reduceCrossings(in [][]*edge) {
	if s.cols < 2 || !crossingReduction {
		return
	}
	o := s.buildOrdering(s.passWeights, s.passTurns)
	bestOrder := o.bestOrder()
	if o.pass != nil && len(s.nodes) <= geomCheckMax {
		// Did weighing the passes change the order? (Then the layout is
		// checked against the one without, keepFewerCrossingsVariants.)
		plain := s.buildOrdering(false, false)
		s.passMoved = !sameOrder(plain.bestOrder(), bestOrder)
		// Would counting the turns of edges out of tops and bottoms
		// change it? (Then the layout with them is tried too.)
		if !s.passTurns {
			turned := s.buildOrdering(true, true)
			s.turnsMoved = !sameOrder(turned.bestOrder(), bestOrder)
		}
	}
	if bestOrder == nil {
		return
	}
	s.firstRows = make([]int, len(s.nodes))
	for i, nd := range s.nodes {
		s.firstRows[i] = nd.row
	}
	o.restore(bestOrder)
	s.rowsFromOrder(o, in)
}

// bestOrder runs the sweeps from the current order and from a depth-first
// one, and returns the order that crosses least, or nil when none crosses
// less than the current order.
func (o *ordering) bestOrder() [][]int {
	size := len(o.layer)
	for _, r := range o.right {
		size += len(r)
	}
	budget := sweepBudget(size)
	start := o.save()
	first := o.crossings()
	best, bestOrder := first, start
	if c := o.reduce(budget); c < best {
		best, bestOrder = c, o.save()
	}
	if best > 0 {
		o.dfsOrder()
		if c := o.reduce(budget); c < best {
			best, bestOrder = c, o.save()
		}
	}
	if best >= first {
		return nil
	}
	return bestOrder
}

// geomCheckMax is the largest diagram (in nodes) whose routes are laid
// twice, with the rows of the single pass and with the reordered rows, to
// keep the one whose drawing crosses less. The crossings between columns
// that the reduction counts are what the router mostly draws, but not
// always (a route may go round a node, a hand-off inside a column may cut
// a row); above this size the reordered rows are kept unchecked, so that
// the layout stays fast.
const geomCheckMax = 50

// keepFewerCrossings lays the diagram out again with the rows of the
// single barycentric pass when crossing reduction changed them, and keeps
// whichever drawing crosses fewer edges (on a tie, the one whose routes
// are shorter in all; the reordered one when they are as long, or cross
// nowhere).
func (s *state) keepFewerCrossings() {
	if s.overWork() {
		return
	}
	if s.firstRows == nil || len(s.nodes) > geomCheckMax {
		return
	}
	reordered := make([]int, len(s.nodes))
	for i, nd := range s.nodes {
		reordered[i] = nd.row
	}
	c1, l1 := s.routeCrossings(), s.routeLength()
	if c1 == 0 {
		return // nothing crosses less
	}
	kept := s.keepArrangement()
	for i, nd := range s.nodes {
		nd.row = s.firstRows[i]
	}
	s.finishRows()
	s.arrangeRounds(checkRounds)
	if c0 := s.routeCrossings(); c1 < c0 || c1 == c0 && l1 <= s.routeLength() {
		for i, nd := range s.nodes {
			nd.row = reordered[i]
		}
		s.countRows()
		s.restoreArrangement(kept) // what the phases after this one read, as laid out with these rows
		return
	}
	if checkRounds < labelRounds {
		s.arrange()
	}
}

// checkRounds bounds the rounds that widen gaps in the layout with the
// single pass's rows that keepFewerCrossings compares with the reordered
// one (on the quality corpus, as many crossings as with every round; with
// one round, two diagrams kept reordered rows that, laid out in full,
// cross more than the single pass's).
const checkRounds = 2

// sameOrder tells whether two results of bestOrder are the same: both
// none, or the same rows.
func sameOrder(a, b [][]int) bool {
	return a == nil && b == nil || a != nil && b != nil && slices.EqualFunc(a, b, slices.Equal)
}

// routeLength returns the length of all routes together.
func (s *state) routeLength() float64 {
	n := 0.0
	for _, e := range s.edges {
		for i := 0; i+1 < len(e.pts); i++ {
			n += math.Abs(e.pts[i+1].X-e.pts[i].X) + math.Abs(e.pts[i+1].Y-e.pts[i].Y)
		}
	}
	return n
}

// routeCrossings counts the points where the routes of two different
// edges cross, in O(S·k) for S segments with k segments per grid cell.
func (s *state) routeCrossings() int {
	n := 0
	s.eachCrossing(func(a, b *model.Edge) { n++ })
	return n
}

// eachCrossing calls f once for every crossing of two routes, with the
// two edges.
func (s *state) eachCrossing(f func(a, b *model.Edge)) {
	g := s.newSegGrid()
	defer func() { s.spare = g }()
	for _, e := range s.edges {
		for i := 0; i+1 < len(e.pts); i++ {
			a, b := e.pts[i], e.pts[i+1]
			g.cells(a, b, func(k int) {
				g.spend(len(g.buckets[k]))
				for _, si := range g.buckets[k] {
					o := &g.segs[si]
					if o.owner == e.m || !geom.PerpendicularCross(a, b, o.a, o.b) {
						continue
					}
					p := geom.Point{X: a.X, Y: o.a.Y} // a-b vertical
					if a.Y == b.Y {
						p = geom.Point{X: o.a.X, Y: a.Y}
					}
					if g.cellOf(p) == k { // once, in the cell holding it
						f(e.m, o.owner)
					}
				}
			})
		}
		g.add(e.pts, e)
	}
}

// bends counts the corners of every route.
func (s *state) bends() int {
	n := 0
	for _, e := range s.edges {
		n += max(0, len(e.pts)-2)
	}
	return n
}

// rowsFromOrder gives every node a row in its lane, column by column from
// the left, in the order found: the row it would like (desiredRow), or the
// row after the previous node of its lane and column when that is taken.
func (s *state) rowsFromOrder(o *ordering, in [][]*edge) {
	placed := make([]bool, len(s.nodes))
	for _, l := range o.layers {
		prevLane, prev := -1, 0
		for _, v := range l {
			if v >= o.n {
				continue
			}
			nd := s.nodes[v]
			r := roundRow(s.desiredRow(nd, in[v], placed))
			if nd.m.Lane.Index == prevLane && r <= prev {
				r = prev + 1
			}
			nd.row = r
			placed[v] = true
			prevLane, prev = nd.m.Lane.Index, r
		}
	}
}
