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
