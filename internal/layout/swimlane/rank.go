package swimlane

import (
	"math"
	"slices"
	"sort"

	"flowzap/internal/layout"
	"flowzap/internal/model"
)

// rank puts every node in a global column. Constraining edges (see
// newState) require col(to) >= col(from) + minlen; the longest path over
// them gives the leftmost columns. Nodes nothing constrains from the left
// are then pulled next to what they feed (or left of the node whose left
// handle points at them).
func (s *state) rank() {
	n := len(s.nodes)
	out := make([][]*edge, n)
	var cons []layout.RankEdge
	for _, b := range s.bumped {
		for _, e := range s.edges {
			if e.constraining && e.to.m.Index == b {
				e.minlen++
			}
		}
	}
	for _, e := range s.edges {
		if e.constraining {
			out[e.from.m.Index] = append(out[e.from.m.Index], e)
			cons = append(cons, layout.RankEdge{From: e.from.m.Index, To: e.to.m.Index, MinLen: e.minlen})
		}
	}
	cols, topo := layout.LongestPath(n, cons)
	hasPred := make([]bool, n)
	for _, c := range cons {
		hasPred[c.To] = true
	}
	queue := make([]*node, len(topo))
	for i, v := range topo {
		queue[i] = s.nodes[v]
		s.nodes[v].col = cols[v]
	}
	// Left-handle hints, in written order.
	leftOf := make([]*node, n)
	// The step each node's first way back up or down leads into (a back
	// edge from a top into a bottom, or the reverse), in written order.
	wayBack := make([]*node, n)
	for _, e := range s.edges {
		if i := e.from.m.Index; wayBack[i] == nil && e.to != e.from && !e.constraining &&
			(e.fs == model.Top && e.ts == model.Bottom || e.fs == model.Bottom && e.ts == model.Top) {
			wayBack[i] = e.to
		}
	}
	for _, e := range s.edges {
		if e.fs == model.Left && e.from != e.to && leftOf[e.to.m.Index] == nil {
			leftOf[e.to.m.Index] = e.from
		}
	}
	// The edges that only hint where each node sits, between two steps
	// of one loop in one lane (see hintedCol).
	loopsOf := make([][]int, n) // each node's loops, in order
	for i, l := range s.doc.Loops {
		for _, a := range l.Nodes {
			if k := loopsOf[a.Index]; len(k) == 0 || k[len(k)-1] != i {
				loopsOf[a.Index] = append(k, i)
			}
		}
	}
	hints := make([][]*edge, n)
	for _, e := range s.edges {
		if !e.constraining && e.from != e.to && e.from.m.Lane == e.to.m.Lane && (e.fs == model.Left || e.ts == model.Right) &&
			shareLoop(loopsOf[e.from.m.Index], loopsOf[e.to.m.Index]) {
			hints[e.from.m.Index] = append(hints[e.from.m.Index], e)
			hints[e.to.m.Index] = append(hints[e.to.m.Index], e)
		}
	}
	for i := len(queue) - 1; i >= 0; i-- {
		a := queue[i]
		if hasPred[a.m.Index] {
			continue
		}
		limit := -1
		for _, e := range out[a.m.Index] {
			if c := e.to.col - e.minlen; limit < 0 || c < limit {
				limit = c
			}
		}
		if p := leftOf[a.m.Index]; p != nil && p.col >= 1 && (limit < 0 || p.col-1 <= limit) {
			a.col = p.col - 1
		} else if limit > a.col {
			a.col = limit
		} else if t := wayBack[a.m.Index]; limit < 0 && t != nil {
			// Only a way back leaves it, up or down into another
			// step (a query sent back to the step that checks the order):
			// under or over that step, not at the far left.
			a.col = max(a.col, t.col)
		} else if c, ok := hintedCol(a, hints[a.m.Index], hasPred); limit < 0 && ok {
			a.col = max(a.col, c)
		}
	}
	// The further layouts (keepFewerCrossingsVariants) are tried only up
	// to geomCheckMax nodes: above, what they would change is not sought.
	further := len(s.nodes) <= geomCheckMax
	if further {
		queue = s.fanFirst(queue)
	}
	s.orderSiblings(queue, out)
	s.orderSources(queue, out)
	s.spread(queue, out)
	if further {
		s.pullSources(queue, out, hasPred, leftOf)
	}
	s.centreHubs()
	for _, nd := range s.nodes {
		if nd.col+1 > s.cols {
			s.cols = nd.col + 1
		}
	}
}

// spread keeps unrelated nodes of one lane out of each other's column: in
// topological order, a node moves right until its lane has no node in that
// column, unless a node already there hands it down (bottom -> top) or up
// inside the lane, in which case it stacks in a new row below or above.
// Successors are pushed along so every column constraint still holds.
func (s *state) spread(order []*node, out [][]*edge) {
	type laneCol struct{ lane, col int }
	used := map[laneCol]bool{}
	parents := make([][]*edge, len(s.nodes)) // edges of same-lane nodes that hand v up or down
	for _, e := range s.edges {
		vertical := e.fs == model.Bottom && e.ts == model.Top || e.fs == model.Top && e.ts == model.Bottom
		if vertical && e.from.m.Lane == e.to.m.Lane && e.from != e.to {
			parents[e.to.m.Index] = append(parents[e.to.m.Index], e)
		}
	}
	// A node stacked under its parent has its top against the parent's
	// bottom (above it, its bottom against the parent's top). When edges
	// to other lanes come into the parent through that face, they have to
	// pass the stacked node; if it has edges on its left or right, they
	// cut them. Such a node takes a column of its own (stackFaces).
	var face, side []int // a node's edges to other lanes through its bottom (face[2i]) and top (face[2i+1]); its edges through its left or right
	if s.stackFaces {
		face, side = make([]int, 2*len(s.nodes)), make([]int, len(s.nodes))
		for _, e := range s.edges {
			if e.from == e.to {
				continue
			}
			for _, end := range [2]struct {
				n, other *node
				side     model.Side
			}{{e.from, e.to, e.fs}, {e.to, e.from, e.ts}} {
				i := end.n.m.Index
				switch {
				case horizontal(end.side):
					side[i]++
				case end.n.m.Lane == end.other.m.Lane:
				case end.side == model.Bottom && end.other.m.Lane.Index > end.n.m.Lane.Index:
					face[2*i]++
				case end.side == model.Top && end.other.m.Lane.Index < end.n.m.Lane.Index:
					face[2*i+1]++
				}
			}
		}
	}
	// A node fed sideways (right -> left), like the branches of a fan-out,
	// may stack in a new row under a sibling; one handed over vertically
	// from another lane, or a source whose flow leaves vertically, takes a
	// column of its own so its vertical edges stay clear.
	sideways := make([]bool, len(s.nodes))
	hasIn := make([]bool, len(s.nodes))
	for _, e := range s.edges {
		if !e.constraining {
			continue
		}
		hasIn[e.to.m.Index] = true
		if e.minlen == 1 {
			sideways[e.to.m.Index] = true
		}
	}
	for _, e := range s.edges {
		if e.constraining && e.minlen == 1 && !hasIn[e.from.m.Index] {
			sideways[e.from.m.Index] = true
		}
	}
	// A hand-off down (or up) past whole lanes runs down its column
	// through them: the lanes between keep that column free of their
	// nodes, and the hand-off does not take a column where they have one,
	// so it passes no node and cuts no other lane's hand-offs.
	passLo, passHi := make([]int, len(s.nodes)), make([]int, len(s.nodes))
	for i := range passLo {
		passLo[i], passHi[i] = len(s.lanes), -1
	}
	for _, e := range s.edges {
		if !handOff(e) || !e.constraining {
			continue
		}
		a, b := e.from.m.Lane.Index, e.to.m.Lane.Index
		lo, hi := min(a, b)+1, max(a, b)-1
		if lo > hi {
			continue
		}
		i := e.from.m.Index
		passLo[i], passHi[i] = min(passLo[i], lo), max(passHi[i], hi)
	}
	passed := map[laneCol]bool{}
	blocked := func(v *node, c int) bool {
		if passed[laneCol{v.m.Lane.Index, c}] {
			return true
		}
		for m := passLo[v.m.Index]; m <= passHi[v.m.Index]; m++ {
			if used[laneCol{m, c}] {
				return true
			}
		}
		return false
	}
	// A node that hands down (or up) to several nodes of its own lane
	// through one face (a fan-out: one change to six builds) keeps one
	// of them in its column; the others take columns of their own, in a
	// row beside it, instead of a stack whose edges all run down one
	// side. fans and stacked are by node and face: 2i its bottom, 2i+1
	// its top.
	faceOf := func(e *edge) int {
		if e.fs == model.Top {
			return 2*e.from.m.Index + 1
		}
		return 2 * e.from.m.Index
	}
	fans, stacked := make([]int, 2*len(s.nodes)), make([]bool, 2*len(s.nodes))
	for i := range parents {
		for _, e := range parents[i] {
			fans[faceOf(e)]++
		}
	}
	parentAt := func(v *node, c int, faces bool) bool {
		for _, e := range parents[v.m.Index] {
			if f := faceOf(e); e.from.col != c || fans[f] > 1 && stacked[f] {
				continue
			}
			f := 2 * e.from.m.Index // v below its parent: the parent's bottom
			if e.fs == model.Top {
				f++ // above it: the parent's top
			}
			if !faces || face == nil || face[f] == 0 || side[v.m.Index] == 0 {
				return true
			}
		}
		return false
	}
	// skip leads from a used column of a lane toward the first free one
	// after it (path-compressed), so that placing many nodes in one lane
	// costs linear time, not a scan of every used column per node.
	skip := map[laneCol]int{}
	free := func(l, c int) int {
		end := c
		for used[laneCol{l, end}] {
			if n, ok := skip[laneCol{l, end}]; ok {
				end = n
			} else {
				end++
			}
		}
		for c < end {
			next, ok := skip[laneCol{l, c}]
			if !ok {
				next = c + 1
			}
			skip[laneCol{l, c}] = end
			c = next
		}
		return end
	}
	for _, v := range order {
		l := v.m.Lane.Index
		for {
			if !sideways[v.m.Index] {
				// Used columns with no parent of v are passed over
				// whatever else holds there: jump to the first free
				// column or the first with a parent, whichever is first.
				c := free(l, v.col)
				for _, e := range parents[v.m.Index] {
					if e.from.col >= v.col && e.from.col < c {
						c = e.from.col
					}
				}
				v.col = c
			}
			if !(used[laneCol{l, v.col}] && !parentAt(v, v.col, true) && !sideways[v.m.Index] || blocked(v, v.col)) {
				break
			}
			if face != nil && !blocked(v, v.col) && parentAt(v, v.col, false) {
				s.stackMoved = true
			}
			v.col++
		}
		used[laneCol{l, v.col}] = true
		for _, e := range parents[v.m.Index] {
			if e.from.col == v.col {
				stacked[faceOf(e)] = true
			}
		}
		for m := passLo[v.m.Index]; m <= passHi[v.m.Index]; m++ {
			passed[laneCol{m, v.col}] = true
		}
		for _, e := range out[v.m.Index] {
			if c := v.col + e.minlen; c > e.to.col {
				e.to.col = c
			}
		}
	}
}

type groupKey struct{ lane, col int }

// centreParents moves nodes down (never up, never past each other) toward
// the mean row of the same-lane nodes they feed, right to left, so a parent
// sits beside its children instead of above them all.
func (s *state) centreParents(keys []groupKey, groups map[groupKey][]*node) {
	// Only fan-outs count: children fed from the parent's right side. A
	// flow with an exception branch keeps its main line straight.
	out := make([][]*node, len(s.nodes))
	for _, e := range s.edges {
		if e.from.m.Lane == e.to.m.Lane && e.to.col > e.from.col && e.fs == model.Right {
			out[e.from.m.Index] = append(out[e.from.m.Index], e.to)
		}
	}
	for i := len(keys) - 1; i >= 0; i-- {
		group := append([]*node(nil), groups[keys[i]]...)
		sort.SliceStable(group, func(a, b int) bool { return group[a].row < group[b].row })
		prev := math.MinInt
		for _, nd := range group {
			r := nd.row
			if kids := out[nd.m.Index]; len(kids) > 1 {
				sum := 0
				for _, k := range kids {
					sum += k.row
				}
				if want := int(math.Floor(float64(sum)/float64(len(kids)) + 0.5)); want > r {
					r = want
				}
			}
			if r <= prev {
				r = prev + 1
			}
			nd.row = r
			prev = r
		}
	}
}

// stackedUnder reports whether a same-lane node in nd's own column hands
// nd down or up.
func (s *state) stackedUnder(nd *node, in []*edge) bool {
	for _, e := range in {
		if e.from.m.Lane == nd.m.Lane && e.from.col == nd.col && e.from != nd &&
			(e.fs == model.Bottom && e.ts == model.Top || e.fs == model.Top && e.ts == model.Bottom) {
			return true
		}
	}
	return false
}

// stackParentsPlaced reports whether every same-lane node of nd's column
// that hands nd down or up already has its row.
func (s *state) stackParentsPlaced(nd *node, in []*edge, placed []bool) bool {
	for _, e := range in {
		if e.from.m.Lane == nd.m.Lane && e.from.col == nd.col && e.from != nd && !placed[e.from.m.Index] &&
			(e.fs == model.Bottom && e.ts == model.Top || e.fs == model.Top && e.ts == model.Bottom) {
			return false
		}
	}
	return true
}

// desiredRow is the row a node would like: below a same-column parent that
// hands it down, otherwise the mean row of its placed same-lane parents.
func (s *state) desiredRow(nd *node, in []*edge, placed []bool) float64 {
	sum, n := 0.0, 0
	below := math.Inf(-1)
	for _, e := range in {
		p := e.from
		if !placed[p.m.Index] || p.m.Lane != nd.m.Lane {
			continue
		}
		// Handed down (bottom -> top): below every such parent, whatever
		// its column. Handed up inside the column: the row above.
		if e.fs == model.Bottom && e.ts == model.Top || p.col == nd.col && e.fs == model.Bottom {
			below = math.Max(below, float64(p.row+1))
			continue
		}
		if p.col == nd.col && e.fs == model.Top {
			below = math.Max(below, float64(p.row-1))
			continue
		}
		// A child reached through the parent's bottom prefers the row
		// below, through its top the row above: the main line stays
		// straight and branches sit where their handles point.
		bias := 0.0
		switch e.fs {
		case model.Bottom:
			bias = 0.5
		case model.Top:
			bias = -0.5
		}
		sum += float64(p.row) + bias
		n++
	}
	if !math.IsInf(below, -1) {
		return below
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// assignRows gives each node a row in its lane so that no two nodes of a
// lane share a cell. A first pass goes through the columns left to right;
// inside a lane's column, nodes are ordered by the mean row of the
// same-lane nodes that lead into them (the barycenter heuristic, which
// keeps sibling groups in their parents' order), then packed downwards. A
// node handed down (bottom -> top) by a node of its own column goes below
// it. Crossing reduction (reduceCrossings, order.go) then reorders the
// nodes of every lane and column when that crosses fewer edges, and
// finishRows centres parents beside their children.
func (s *state) assignRows() {
	in := make([][]*edge, len(s.nodes))
	for _, e := range s.edges {
		if e.from != e.to {
			in[e.to.m.Index] = append(in[e.to.m.Index], e)
		}
	}
	groups := map[groupKey][]*node{}
	for _, nd := range s.nodes {
		k := groupKey{nd.m.Lane.Index, nd.col}
		groups[k] = append(groups[k], nd)
	}
	keys := make([]groupKey, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].col != keys[j].col {
			return keys[i].col < keys[j].col
		}
		return keys[i].lane < keys[j].lane
	})
	placed := make([]bool, len(s.nodes))
	desired := make([]float64, len(s.nodes))
	for _, k := range keys {
		group := groups[k]
		// Nodes whose same-lane parent sits in this very column wait until
		// that parent has its row.
		var first, later []*node
		for _, nd := range group {
			if s.stackedUnder(nd, in[nd.m.Index]) {
				later = append(later, nd)
			} else {
				first = append(first, nd)
			}
		}
		used := map[int]bool{}
		place := func(batch []*node) {
			for _, nd := range batch {
				desired[nd.m.Index] = s.desiredRow(nd, in[nd.m.Index], placed)
			}
			sort.SliceStable(batch, func(i, j int) bool { return desired[batch[i].m.Index] < desired[batch[j].m.Index] })
			for _, nd := range batch {
				r := roundRow(desired[nd.m.Index])
				for used[r] {
					r++
				}
				used[r] = true
				nd.row = r
				placed[nd.m.Index] = true
			}
		}
		place(first)
		// A stack of hand-offs down one column (n1 -> n2 -> n3) is placed
		// parent first, so each node goes below the one that hands it down.
		for len(later) > 0 {
			var ready, wait []*node
			for _, nd := range later {
				if s.stackParentsPlaced(nd, in[nd.m.Index], placed) {
					ready = append(ready, nd)
				} else {
					wait = append(wait, nd)
				}
			}
			if len(ready) == 0 { // a cycle of hand-offs: place the rest
				ready, wait = wait, nil
			}
			place(ready)
			later = wait
		}
	}
	s.rowKeys, s.rowGroups = keys, groups
	s.reduceCrossings(in)
	s.finishRows()
}

// finishRows moves parents beside their children (centreParents) and
// shifts each lane so that its top row is 0, then counts the lanes' rows.
func (s *state) finishRows() {
	s.centreParents(s.rowKeys, s.rowGroups)
	// Rows may have gone negative; shift each lane so its top row is 0.
	minRow := make([]int, len(s.lanes))
	for _, nd := range s.nodes {
		if nd.row < minRow[nd.m.Lane.Index] {
			minRow[nd.m.Lane.Index] = nd.row
		}
	}
	for _, nd := range s.nodes {
		nd.row -= minRow[nd.m.Lane.Index]
	}
	s.countRows()
}

// countRows sets every lane's row count from its nodes' rows.
func (s *state) countRows() {
	for _, l := range s.lanes {
		l.rows = 0
	}
	for _, nd := range s.nodes {
		l := s.lanes[nd.m.Lane.Index]
		if nd.row+1 > l.rows {
			l.rows = nd.row + 1
		}
	}
}

// roundRow rounds a desired row to the nearest; ties go up, toward the
// main line.
func roundRow(d float64) int { return int(math.Floor(d + 0.5 - 1e-9)) }

// handOff reports whether e hands over vertically to another lane.
func handOff(e *edge) bool {
	return e.from.m.Lane != e.to.m.Lane && e.from != e.to &&
		(e.fs == model.Bottom && e.ts == model.Top || e.fs == model.Top && e.ts == model.Bottom)
}

// centreHubs moves a hub (a node handing over to, or handed over from,
// at least hubMin nodes of other lanes) to the median column of those
// nodes, so it sits over (or under) them instead of at one end of their
// row. The move is made only when every other column constraint of the
// hub still holds, its lane has no node in that column, and no edge
// between two other nodes of its lane passes that column.
func (s *state) centreHubs() {
	n := len(s.nodes)
	fan := make([][]*node, n)
	var in, out [][]*edge = make([][]*edge, n), make([][]*edge, n)
	for _, e := range s.edges {
		if !e.constraining {
			continue
		}
		out[e.from.m.Index] = append(out[e.from.m.Index], e)
		in[e.to.m.Index] = append(in[e.to.m.Index], e)
	}
	for _, e := range s.edges {
		if handOff(e) {
			fan[e.from.m.Index] = append(fan[e.from.m.Index], e.to)
			fan[e.to.m.Index] = append(fan[e.to.m.Index], e.from)
		}
	}
	// The flow inside each lane: a hub moved between the ends of one of
	// these would sit in its way (the edge would have to go round it).
	inLane := make([][]*edge, len(s.lanes))
	for _, e := range s.edges {
		if e.from != e.to && e.from.m.Lane == e.to.m.Lane && !handOff(e) {
			inLane[e.from.m.Lane.Index] = append(inLane[e.from.m.Lane.Index], e)
		}
	}
	h := &hubState{in: in, out: out, inLane: inLane, used: map[groupKey]int{}, through: make([][]*edge, len(s.lanes))}
	for _, nd := range s.nodes {
		h.used[groupKey{nd.m.Lane.Index, nd.col}]++
	}
	for _, e := range s.edges {
		if !handOff(e) {
			continue
		}
		a, b := e.from.m.Lane.Index, e.to.m.Lane.Index
		for l := min(a, b) + 1; l < max(a, b); l++ {
			h.through[l] = append(h.through[l], e)
		}
	}
	for _, v := range s.nodes {
		others := fan[v.m.Index]
		if len(others) < hubMin || h.work > hubWorkMax {
			continue
		}
		cols := make([]int, len(others))
		for i, o := range others {
			cols[i] = o.col
		}
		sort.Ints(cols)
		m := cols[len(cols)/2]
		if len(cols)%2 == 0 {
			m = (cols[len(cols)/2-1] + cols[len(cols)/2]) / 2
		}
		if m == v.col {
			continue
		}
		if h.used[groupKey{v.m.Lane.Index, m}] > 0 {
			h.shiftFan(v, others, m-v.col)
			continue
		}
		ok := true
		for _, e := range in[v.m.Index] {
			if !handOff(e) && e.from.col+e.minlen > m {
				ok = false
			}
		}
		for _, e := range out[v.m.Index] {
			if !handOff(e) && m+e.minlen > e.to.col {
				ok = false
			}
		}
		h.work += len(inLane[v.m.Lane.Index])
		for _, e := range inLane[v.m.Lane.Index] {
			if e.from != v && e.to != v && min(e.from.col, e.to.col) < m && m < max(e.from.col, e.to.col) {
				ok = false
				break
			}
		}
		if !ok {
			h.shiftFan(v, others, m-v.col)
			continue
		}
		h.move(v, m)
		h.pullLanes(v, others)
	}
}

// pullLanes is centreHubs' last step for a hub v whose hand-offs reach
// several lanes (a fan-in from one lane and a fan-out to another): the
// hub was centred over all of them, which pulls it back over one lane's
// nodes while another lane's, ranked after the hub, stay to the right.
// Each such lane's group (hubMin nodes or more, all right of the hub's
// new column) moves toward the hub with shiftFan, under the same checks,
// until its median column is the hub's.
func (h *hubState) pullLanes(v *node, others []*node) {
	byLane := map[int][]*node{}
	var lanes []int
	for _, o := range others {
		l := o.m.Lane.Index
		if byLane[l] == nil {
			lanes = append(lanes, l)
		}
		byLane[l] = append(byLane[l], o)
	}
	if len(lanes) < 2 {
		return
	}
	for _, l := range lanes {
		group := byLane[l]
		if len(group) < hubMin {
			continue
		}
		cols := make([]int, len(group))
		for i, o := range group {
			cols[i] = o.col
		}
		sort.Ints(cols)
		if cols[0] <= v.col {
			continue
		}
		m := cols[len(cols)/2]
		if len(cols)%2 == 0 {
			m = (cols[len(cols)/2-1] + cols[len(cols)/2]) / 2
		}
		h.shiftFan(v, group, m-v.col)
	}
}

// hubState is what centreHubs and shiftFan keep while hubs and fans move:
// the constraining edges into and out of each node, each lane's inner
// flow, the nodes in each lane and column (used), each lane's hand-offs
// between other lanes that run through it, and the work done so far
// (past hubWorkMax, no more hub is centred).
type hubState struct {
	in, out, inLane [][]*edge
	used            map[groupKey]int
	through         [][]*edge
	work            int
}

// move puts n in column c, keeping used current.
func (h *hubState) move(n *node, c int) {
	h.used[groupKey{n.m.Lane.Index, n.col}]--
	n.col = c
	h.used[groupKey{n.m.Lane.Index, c}]++
}

// shiftFan is centreHubs' other way when the hub v cannot move to the
// median column of the nodes it hands over to (its lane has a node there,
// or its own lane's flow passes there): the hub's fan moves toward the
// hub instead, by d columns to the left (d > 0: the fan starts at the hub
// and runs right, as ranking leaves it). The move is made only when every
// node of the fan sits in one lane, the columns it moves to are free of
// that lane's other nodes and of hand-offs passing through it, every
// other column constraint into the fan still holds, and no flow of that
// lane between a moved and an unmoved node (or two unmoved ones) passes
// a moved node's new column. Then the hub sits over the middle of its
// fan instead of over its first node, and the row is as long as the fan
// rather than the fan plus the hub's distance to it. Its work is about
// the fan's edges plus its lane's flow and hand-offs (counted in h.work).
func (h *hubState) shiftFan(v *node, fan []*node, d int) {
	if d <= 0 || len(fan) == 0 {
		return
	}
	lane := fan[0].m.Lane.Index
	moved := make(map[*node]bool, len(fan))
	var list []*node
	for _, f := range fan {
		if f.m.Lane.Index != lane || f == v || f.col-d < 0 {
			return
		}
		if !moved[f] {
			moved[f] = true
			list = append(list, f)
		}
	}
	// The fan's own followers in its lane (nodes every constraint into
	// which comes from the fan) move with it.
	for i := 0; i < len(list); i++ {
		for _, e := range h.out[list[i].m.Index] {
			t := e.to
			h.work += 1 + len(h.in[t.m.Index])
			if moved[t] || t == v || t.m.Lane.Index != lane || t.col-d < 0 {
				continue
			}
			all := true
			for _, e := range h.in[t.m.Index] {
				all = all && moved[e.from]
			}
			if all {
				moved[t] = true
				list = append(list, t)
			}
		}
	}
	// The columns the fan leaves and takes, in its lane.
	leaving, taking := map[int]int{}, map[int]bool{}
	for _, f := range list {
		leaving[f.col]++
		taking[f.col-d] = true
	}
	// Hand-offs between other lanes running through the fan's lane.
	h.work += len(h.through[lane])
	for _, e := range h.through[lane] {
		if taking[e.from.col] || taking[e.to.col] {
			return
		}
	}
	// The lanes between the hub's and the fan's: the fan's hand-offs run
	// down (or up) through them in the new columns.
	lo, hi := min(v.m.Lane.Index, lane)+1, max(v.m.Lane.Index, lane)-1
	h.work += len(taking) * max(0, hi-lo+1)
	for c := range taking {
		for l := lo; l <= hi; l++ {
			if h.used[groupKey{l, c}] > 0 {
				return
			}
		}
		// The fan's lane holds no other node there.
		if h.used[groupKey{lane, c}] > leaving[c] {
			return
		}
	}
	for _, f := range list {
		c := f.col - d
		h.work += len(h.in[f.m.Index])
		for _, e := range h.in[f.m.Index] {
			if e.from != v && !moved[e.from] && e.from.col+e.minlen > c {
				return
			}
		}
	}
	// No flow of the lane comes to pass a moved node.
	taken := make([]int, 0, len(taking))
	for c := range taking {
		taken = append(taken, c)
	}
	sort.Ints(taken)
	newCol := func(n *node) int {
		if moved[n] {
			return n.col - d
		}
		return n.col
	}
	h.work += len(h.inLane[lane])
	for _, e := range h.inLane[lane] {
		if moved[e.from] && moved[e.to] {
			continue
		}
		a, b := newCol(e.from), newCol(e.to)
		if i := sort.SearchInts(taken, min(a, b)+1); i < len(taken) && taken[i] < max(a, b) {
			return
		}
	}
	for _, f := range list {
		h.move(f, f.col-d)
	}
}

// nextPlaces returns, by node index, for the siblings members (in their
// order), a key for where the flow goes on from each: siblings that feed
// the same next steps then sit side by side in the order of those steps
// (runner pools writing to a build cache and an artifact store: the pools
// that write to the cache alone before the pool that writes to both,
// before those that write to the store alone), so their edges to them
// need not cross. The next steps start in their queue order (pos); then,
// a few times, each sibling takes the mean place of the steps it feeds
// and each step the mean place of the siblings that feed it (barycentric
// sweeps between the two rows). A sibling that constrains nothing takes
// the key of the one before it (the first such, of the first after it
// that constrains something), so it keeps its neighbour.
func (s *state) nextPlaces(members []*node, out [][]*edge, pos []int) []float64 {
	next := make([]float64, len(s.nodes))
	has := make([]bool, len(members))
	place := map[*node]float64{} // the next steps' keys
	var feeds [][]*node          // by member
	for i, v := range members {
		var to []*node
		for _, e := range out[v.m.Index] {
			if e.constraining && e.to != v {
				to = append(to, e.to)
				place[e.to] = float64(pos[e.to.m.Index])
			}
		}
		feeds = append(feeds, to)
		has[i] = len(to) > 0
	}
	order := slices.Clone(members)
	for sweep := 0; sweep < nextSweeps; sweep++ {
		for i, v := range members {
			if has[i] {
				sum := 0.0
				for _, t := range feeds[i] {
					sum += place[t]
				}
				next[v.m.Index] = sum / float64(len(feeds[i]))
			}
		}
		last := -1
		for i, v := range members {
			if has[i] {
				last = i
				continue
			}
			if last >= 0 {
				next[v.m.Index] = next[members[last].m.Index]
				continue
			}
			for j := i + 1; j < len(members); j++ {
				if has[j] {
					next[v.m.Index] = next[members[j].m.Index]
					break
				}
			}
		}
		if sweep == nextSweeps-1 {
			break
		}
		// The steps take the mean place of their feeders in the order
		// the keys give.
		copy(order, members)
		sort.SliceStable(order, func(a, b int) bool { return next[order[a].m.Index] < next[order[b].m.Index] })
		at := make(map[*node]int, len(order))
		for k, v := range order {
			at[v] = k
		}
		sum, count := map[*node]float64{}, map[*node]int{}
		for i, v := range members {
			for _, t := range feeds[i] {
				sum[t] += float64(at[v])
				count[t]++
			}
		}
		for t := range place {
			place[t] = sum[t] / float64(count[t])
		}
	}
	return next
}

// nextSweeps is how many times nextPlaces gives the siblings their keys
// (the steps theirs in between).
const nextSweeps = 4

// stackFaces is off only in tests that compare with stacking a node on
// a parent whose shared face other lanes' edges come through (spread).
var stackFaces = true

// onwardSiblings is off only in tests that compare with the siblings of
// a fan-out in their written order.
var onwardSiblings = true

// orderSiblings reorders, in the queue spread takes nodes from, the
// children that one node alone constrains in another lane, in one
// column of the queue's start (the longest path's): those
// it reaches through its bottom first, then through its right side, then
// through its top, so that a route out of its right side or top, which
// must come down past the bundle out of its bottom, comes down beyond it.
// Among those reached through one side, the ones whose other edges lead
// left come first and the ones whose other edges lead right (an answer to
// a node beyond the fan-out, a flow going on) last, so that those edges
// leave the fan at its near end instead of crossing the bundle to the
// other siblings (keepFewerCrossingsSiblings checks it on small diagrams).
// Members keep the queue's places; a group whose members have successors
// between those places is left as it is.
func (s *state) orderSiblings(queue []*node, out [][]*edge) {
	n := len(s.nodes)
	pred := make([]*edge, n) // the one constraining edge into a node, if one
	preds := make([]int, n)
	for _, e := range s.edges {
		if e.constraining {
			preds[e.to.m.Index]++
			pred[e.to.m.Index] = e
		}
	}
	pos := make([]int, n)
	for i, v := range queue {
		pos[v.m.Index] = i
	}
	type key struct {
		hub       *node
		lane, col int
	}
	groups := map[key][]int{} // queue places
	var keys []key
	for i, v := range queue {
		e := pred[v.m.Index]
		if preds[v.m.Index] != 1 || e.from.m.Lane == v.m.Lane {
			continue
		}
		k := key{e.from, v.m.Lane.Index, v.col}
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	// onward is where a member's other edges lead, from -1 (every one
	// to or from a column to its left) to 1 (to its right, or on to a
	// node it constrains): siblings of one rank take their columns in
	// that order (see onwardBias).
	var onward []float64
	if s.onwardBias && len(keys) > 0 {
		onward = make([]float64, n)
		count := make([]int, n)
		hub := make([]*node, n)
		for _, k := range keys {
			for _, p := range groups[k] {
				hub[queue[p].m.Index] = k.hub
			}
		}
		for _, e := range s.edges {
			if e.from == e.to {
				continue
			}
			if v := e.from; hub[v.m.Index] != nil {
				i := v.m.Index
				count[i]++
				switch {
				case e.constraining || e.to.col > v.col:
					onward[i]++
				case e.to.col < v.col:
					onward[i]--
				}
			}
			if v := e.to; hub[v.m.Index] != nil && e.from != hub[v.m.Index] {
				i := v.m.Index
				count[i]++
				switch {
				case e.from.col > v.col:
					onward[i]++
				case e.from.col < v.col:
					onward[i]--
				}
			}
		}
		for i, c := range count {
			if c > 0 {
				onward[i] /= float64(c)
			}
		}
	}
	rank := func(sd model.Side) int {
		switch sd {
		case model.Right:
			return 1
		case model.Top:
			return 2
		}
		return 0
	}
	for _, k := range keys {
		places := groups[k]
		if len(places) < 2 {
			continue
		}
		members := groupMembers(queue, out, pos, places)
		if members == nil {
			continue
		}
		bySide := func(a, b int) bool {
			return rank(pred[members[a].m.Index].fs) < rank(pred[members[b].m.Index].fs)
		}
		sort.SliceStable(members, bySide)
		if onward != nil {
			plain := slices.Clone(members)
			sort.SliceStable(members, func(a, b int) bool {
				ra, rb := rank(pred[members[a].m.Index].fs), rank(pred[members[b].m.Index].fs)
				if ra != rb {
					return ra < rb
				}
				return onward[members[a].m.Index] < onward[members[b].m.Index]
			})
			if !slices.Equal(plain, members) {
				s.onwardMoved = true
			}
			// Then, among those whose other edges lead the same way, by
			// the next steps they feed (a variant: nextBias).
			next := s.nextPlaces(members, out, pos)
			byNext := slices.Clone(members)
			sort.SliceStable(byNext, func(a, b int) bool {
				ia, ib := byNext[a].m.Index, byNext[b].m.Index
				if ra, rb := rank(pred[ia].fs), rank(pred[ib].fs); ra != rb {
					return ra < rb
				}
				if onward[ia] != onward[ib] {
					return onward[ia] < onward[ib]
				}
				return next[ia] < next[ib]
			})
			if !slices.Equal(members, byNext) {
				s.nextMoved = true
				if s.nextBias {
					members = byNext
				}
			}
		}
		for i, p := range places {
			queue[p] = members[i]
			pos[members[i].m.Index] = p
		}
	}
}

// fanFirst moves, in the queue spread takes nodes from, the nodes that
// one hub alone constrains in other lanes (at least hubMin of them) to
// just after the hub, so that they take the columns next to it before
// the hub's lane neighbours and their hand-offs claim them: the hub's
// bundle then runs past as few of its lane's nodes as possible. Every
// moved node has the hub as its only constraining predecessor, so the
// queue stays in topological order. With wider (fanWide), a node that
// other nodes constrain too counts as the hub's child, and moves next
// to it when all of those come before the hub in the queue.
func (s *state) fanFirst(queue []*node) []*node {
	in := make([][]*edge, len(s.nodes))
	for _, e := range s.edges {
		if e.constraining {
			in[e.to.m.Index] = append(in[e.to.m.Index], e)
		}
	}
	strict := s.fanOrder(queue, in, false)
	wide := s.fanOrder(queue, in, true)
	s.fanMoved = !slices.Equal(strict, queue)
	s.fanWideMoved = !slices.Equal(wide, strict)
	switch {
	case s.fanFirstOn && s.fanWide:
		return wide
	case s.fanFirstOn:
		return strict
	}
	return queue
}

// fanOrder is fanFirst's order, with only the nodes a hub alone
// constrains as its children or (wide) every node of another lane it
// constrains; in holds each node's constraining edges in.
func (s *state) fanOrder(queue []*node, in [][]*edge, wide bool) []*node {
	n := len(s.nodes)
	kids := make([][]*node, n)
	for _, v := range queue {
		if !wide && len(in[v.m.Index]) != 1 {
			continue
		}
		for _, e := range in[v.m.Index] {
			k := kids[e.from.m.Index]
			if e.from.m.Lane != v.m.Lane && (len(k) == 0 || k[len(k)-1] != v) {
				kids[e.from.m.Index] = append(k, v)
			}
		}
	}
	hub := func(v *node) bool { return len(kids[v.m.Index]) >= hubMin }
	if !slices.ContainsFunc(queue, hub) {
		return queue
	}
	emitted := make([]bool, n)
	ready := func(v *node) bool {
		for _, e := range in[v.m.Index] {
			if !emitted[e.from.m.Index] {
				return false
			}
		}
		return true
	}
	out := make([]*node, 0, len(queue))
	var emit func(v *node)
	emit = func(v *node) {
		emitted[v.m.Index] = true
		out = append(out, v)
		if hub(v) {
			for _, k := range kids[v.m.Index] {
				if !emitted[k.m.Index] && ready(k) {
					emit(k)
				}
			}
		}
	}
	for _, v := range queue {
		if !emitted[v.m.Index] {
			emit(v)
		}
	}
	return out
}

// pullSources moves a node nothing constrains from the left, which the
// first pull left next to what it feeds, up to it again once spread has
// pushed what it feeds to the right: a column of its lane that no node
// takes and no hand-off passes, where its own hand-offs pass no node.
// Otherwise its edges run back across the columns it was left behind in.
// Off in the first layout (only sourcesPulled is set), tried by
// keepFewerCrossingsVariants.
func (s *state) pullSources(queue []*node, out [][]*edge, hasPred []bool, leftOf []*node) {
	type laneCol struct{ lane, col int }
	used := map[laneCol]bool{}
	passed := map[laneCol]bool{}
	for _, nd := range s.nodes {
		used[laneCol{nd.m.Lane.Index, nd.col}] = true
	}
	for _, e := range s.edges {
		if !handOff(e) {
			continue
		}
		a, b := e.from.m.Lane.Index, e.to.m.Lane.Index
		for l := min(a, b) + 1; l < max(a, b); l++ {
			passed[laneCol{l, e.from.col}] = true
			passed[laneCol{l, e.to.col}] = true
		}
	}
	var moved [][2]int // node, old column
	for i := len(queue) - 1; i >= 0; i-- {
		a := queue[i]
		if hasPred[a.m.Index] || leftOf[a.m.Index] != nil || len(out[a.m.Index]) == 0 {
			continue
		}
		limit := -1
		for _, e := range out[a.m.Index] {
			if c := e.to.col - e.minlen; limit < 0 || c < limit {
				limit = c
			}
		}
		if limit <= a.col {
			continue
		}
		l := a.m.Lane.Index
		c := limit
		if used[laneCol{l, c}] || passed[laneCol{l, c}] {
			continue
		}
		ok := true
		for _, e := range out[a.m.Index] {
			if !handOff(e) {
				continue
			}
			x, y := l, e.to.m.Lane.Index
			for m := min(x, y) + 1; m < max(x, y); m++ {
				if used[laneCol{m, c}] {
					ok = false
				}
			}
		}
		if !ok {
			continue
		}
		used[laneCol{l, a.col}] = false
		moved = append(moved, [2]int{a.m.Index, a.col})
		a.col = c
		used[laneCol{l, c}] = true
	}
	s.sourcesPulled = len(moved) > 0
	if !s.pullOn {
		for i := len(moved) - 1; i >= 0; i-- {
			s.nodes[moved[i][0]].col = moved[i][1]
		}
	}
}

// hintedCol returns the column a step of a loop that no edge places
// takes from the side hints of its edges to other steps of its loop in
// its lane (hints), and whether it has any: entered on its right side
// (or left by its left side into another step), it sits just left of
// that step; leaving by its left side (or entering the other step on its
// right), just right of it. Only steps the constraining edges placed
// (placed) count. A retry step entered from a decision's bottom into its
// right side, which leads back left into the step it repeats, then sits
// among the loop's steps instead of at the far left of its lane, where
// the loop's frame would take in every step in between.
func hintedCol(a *node, hints []*edge, placed []bool) (int, bool) {
	col, ok := 0, false
	for _, e := range hints {
		c := e.to.col + 1 // its target sits left of a
		if e.to == a {
			c = e.from.col - 1 // a sits left of its source
		}
		if o := e.from; o == a && !placed[e.to.m.Index] || o != a && !placed[o.m.Index] {
			continue // only steps the edges before placed
		}
		if !ok || c > col {
			col, ok = c, true
		}
	}
	return max(col, 0), ok
}

// shareLoop reports whether two ascending lists of loop indexes share one
// (in time linear in their lengths).
func shareLoop(a, b []int) bool {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			return true
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return false
}

// orderSources reorders, in the queue spread takes nodes from, the
// sources of one lane (nodes no edge constrains) that each hand off to
// one and the same node of another lane, in one column of the queue's
// start: those whose other edges come from or lead to columns to their
// right go last, those whose other edges lead left first, the rest in
// written order between. Three clients handing down into a gateway whose
// check answers one of them ("401" back to the mobile app) then stand
// with that one nearest the check, so that the answer reaches it without
// crossing the other clients' hand-offs; in written order it crossed
// both, and the drawing that crossed least stacked the clients in one
// column instead, a lane three times as tall. Members keep the queue's
// places; a group whose members have successors between those places is
// left as it is.
func (s *state) orderSources(queue []*node, out [][]*edge) {
	n := len(s.nodes)
	constrained := make([]bool, n)
	for _, e := range s.edges {
		if e.constraining {
			constrained[e.to.m.Index] = true
		}
	}
	type key struct {
		to        *node
		lane, col int
	}
	groups := map[key][]int{} // queue places
	var keys []key
	handoff := make([]*edge, n)
	for i, v := range queue {
		if constrained[v.m.Index] {
			continue
		}
		var h *edge
		k := 0
		for _, e := range out[v.m.Index] {
			if e.constraining {
				h = e
				k++
			}
		}
		if k != 1 || h.to.m.Lane == v.m.Lane {
			continue
		}
		handoff[v.m.Index] = h
		kk := key{h.to, v.m.Lane.Index, v.col}
		if groups[kk] == nil {
			keys = append(keys, kk)
		}
		groups[kk] = append(groups[kk], i)
	}
	if len(keys) == 0 {
		return
	}
	onward := make([]float64, n)
	count := make([]int, n)
	for _, e := range s.edges {
		if e.from == e.to {
			continue
		}
		for _, end := range [2]struct{ v, other *node }{{e.from, e.to}, {e.to, e.from}} {
			i := end.v.m.Index
			if handoff[i] == nil || handoff[i] == e {
				continue
			}
			count[i]++
			switch {
			case end.other.col > end.v.col:
				onward[i]++
			case end.other.col < end.v.col:
				onward[i]--
			}
		}
	}
	for i, c := range count {
		if c > 0 {
			onward[i] /= float64(c)
		}
	}
	pos := make([]int, n)
	for i, v := range queue {
		pos[v.m.Index] = i
	}
	for _, k := range keys {
		places := groups[k]
		if len(places) < 2 {
			continue
		}
		members := groupMembers(queue, out, pos, places)
		if members == nil {
			continue
		}
		sort.SliceStable(members, func(a, b int) bool {
			return onward[members[a].m.Index] < onward[members[b].m.Index]
		})
		for i, p := range places {
			queue[p] = members[i]
			pos[members[i].m.Index] = p
		}
	}
}

// groupMembers returns the nodes at the queue places of a group (in
// queue order), or nil when a member has a successor between the first
// and the last of those places: reordering the group would then put a
// node before what leads to it.
func groupMembers(queue []*node, out [][]*edge, pos []int, places []int) []*node {
	first, last := places[0], places[len(places)-1]
	for _, p := range places {
		for _, e := range out[queue[p].m.Index] {
			if q := pos[e.to.m.Index]; q > first && q < last {
				return nil
			}
		}
	}
	members := make([]*node, len(places))
	for i, p := range places {
		members[i] = queue[p]
	}
	return members
}
