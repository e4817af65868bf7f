package swimlane

import "math"

// Manual layout adjustments (the `// @layout node nN dx=.. dy=..` lines,
// model.Document.Offset) move a node from its place in the automatic
// layout. They apply in place, before edges are routed and labels placed,
// so edges follow the node. A node never leaves its cell (its column
// across, its lane's row down): the column grows on the side the node
// moves to, and the row likewise, by as much as the node would stick out.
// So nudged nodes never overlap another node or a gutter that edges
// run along, and every quality rule still holds; the node moves by its
// offset relative to the other nodes of its column and row, and what is
// beyond grows apart to make room.

// nudgeRoom is the room nudged nodes need: per column, left and right of
// its widest node; per lane row, above and below its tallest node.
type nudgeRoom struct {
	left, right []float64
	up, down    map[[2]int]float64 // by lane index and row
}

// nudgeRoom returns the room the offsets need, or nil when no node is
// nudged.
func (s *state) nudgeRoom() *nudgeRoom {
	if s.doc.Adjust == nil || len(s.doc.Adjust.Offsets) == 0 {
		return nil
	}
	colW := make([]float64, s.cols)
	rowH := map[[2]int]float64{}
	for _, n := range s.nodes {
		colW[n.col] = math.Max(colW[n.col], n.w)
		k := [2]int{n.m.Lane.Index, n.row}
		rowH[k] = math.Max(math.Max(rowH[k], n.h), emptyLaneH)
	}
	r := &nudgeRoom{left: make([]float64, s.cols), right: make([]float64, s.cols), up: map[[2]int]float64{}, down: map[[2]int]float64{}}
	for _, n := range s.nodes {
		o := s.doc.Offset(n.m)
		if o.DX == 0 && o.DY == 0 {
			continue
		}
		// How far the moved node sticks out of its cell on each side.
		slackX := (colW[n.col] - n.w) / 2
		r.right[n.col] = math.Max(r.right[n.col], o.DX-slackX)
		r.left[n.col] = math.Max(r.left[n.col], -o.DX-slackX)
		k := [2]int{n.m.Lane.Index, n.row}
		slackY := (rowH[k] - n.h) / 2
		r.down[k] = math.Max(r.down[k], o.DY-slackY)
		r.up[k] = math.Max(r.up[k], -o.DY-slackY)
	}
	return r
}

// widen adds the room to the column widths.
func (r *nudgeRoom) widen(colW []float64) {
	if r == nil {
		return
	}
	for c := range colW {
		colW[c] += r.left[c] + r.right[c]
	}
}

// heighten adds the room to the row heights.
func (r *nudgeRoom) heighten(lanes []*lane) {
	if r == nil {
		return
	}
	for li, l := range lanes {
		for i := range l.rowH {
			l.rowH[i] += r.up[[2]int{li, i}] + r.down[[2]int{li, i}]
		}
	}
}

// move puts every node of a grown column or row back in the middle of
// its original cell, then moves the nudged ones by their offsets.
func (r *nudgeRoom) move(s *state) {
	if r == nil {
		return
	}
	for _, n := range s.nodes {
		k := [2]int{n.m.Lane.Index, n.row}
		o := s.doc.Offset(n.m)
		n.x += (r.left[n.col]-r.right[n.col])/2 + o.DX
		n.y += (r.up[k]-r.down[k])/2 + o.DY
	}
}

// orderAfter honours the `after=` entries of the @layout block (order
// within a lane): a node goes to a column right of the node of its lane it
// is drawn after, and every column constraint of the flow still holds
// (what it leads to moves along). Entries that contradict the flow (the
// node leads to the other, directly or not) cannot all hold: the columns
// are then left as ranked. Columns left empty are closed up.
func (s *state) orderAfter() {
	if s.doc.Adjust == nil || len(s.doc.Adjust.After) == 0 {
		return
	}
	type pair struct{ n, ref *node }
	var pairs []pair
	for id, ref := range s.doc.Adjust.After {
		a, b := s.doc.Node(id), s.doc.Node(ref)
		if a == nil || b == nil || a.Lane.ID != b.Lane.ID {
			continue
		}
		pairs = append(pairs, pair{s.nodes[a.Index], s.nodes[b.Index]})
	}
	if len(pairs) == 0 {
		return
	}
	saved := make([]int, len(s.nodes))
	for i, n := range s.nodes {
		saved[i] = n.col
	}
	// Push right until every constraint holds; a contradiction would push
	// forever, so stop after as many rounds as there are nodes.
	settled := false
	for round := 0; round <= len(s.nodes) && !settled; round++ {
		settled = true
		for _, p := range pairs {
			if p.n.col <= p.ref.col {
				p.n.col, settled = p.ref.col+1, false
			}
		}
		for _, e := range s.edges {
			if e.constraining && e.to.col < e.from.col+e.minlen {
				e.to.col, settled = e.from.col+e.minlen, false
			}
		}
	}
	if !settled {
		for i, n := range s.nodes {
			n.col = saved[i]
		}
		return
	}
	// Close up the columns nothing is left in.
	used := map[int]bool{}
	for _, n := range s.nodes {
		used[n.col] = true
	}
	remap, next := map[int]int{}, 0
	for c := 0; len(remap) < len(used); c++ {
		if used[c] {
			remap[c] = next
			next++
		}
	}
	for _, n := range s.nodes {
		n.col = remap[n.col]
	}
	s.cols = next
}
