package arch

import (
	"math"

	"flowzap/internal/model"
)

// Manual layout adjustments (the `// @layout node nN dx=.. dy=..` lines,
// model.Document.Offset) move a component from its place in the automatic
// layout. They apply in place, before routing and labels, so dependencies
// follow the component. A component never leaves its grid cell: the grid
// column grows on the side it moves to (the component keeps the width the
// column had) and its row grows likewise, so nothing overlaps and the
// bands that routes run through stay free.

// cellRoom is the room the nudged components of one container need: per
// grid column left and right, per grid row above and below.
type cellRoom struct {
	left, right, up, down []float64
}

// nudgeRoom returns container c's room, or nil when none of its
// components is nudged. It depends only on the components' sizes and
// offsets, so place() can ask twice.
func nudgeRoom(doc *model.Document, c *container) *cellRoom {
	if doc.Adjust == nil || len(doc.Adjust.Offsets) == 0 {
		return nil
	}
	var r *cellRoom
	rh := make([]float64, c.nrows)
	for _, k := range c.comps {
		rh[k.gj] = math.Max(rh[k.gj], k.h)
	}
	for _, k := range c.comps {
		o := doc.Offset(k.m)
		if o.DX == 0 && o.DY == 0 {
			continue
		}
		if r == nil {
			r = &cellRoom{left: make([]float64, c.ncols), right: make([]float64, c.ncols), up: make([]float64, c.nrows), down: make([]float64, c.nrows)}
		}
		r.right[k.gi] = math.Max(r.right[k.gi], o.DX)
		r.left[k.gi] = math.Max(r.left[k.gi], -o.DX)
		slack := (rh[k.gj] - k.h) / 2
		r.down[k.gj] = math.Max(r.down[k.gj], o.DY-slack)
		r.up[k.gj] = math.Max(r.up[k.gj], -o.DY-slack)
	}
	return r
}

// nudgeCells adds the room nudged components need to c's grid columns
// and rows.
func (s *state) nudgeCells(c *container) {
	r := nudgeRoom(s.doc, c)
	if r == nil {
		return
	}
	for i := range c.cw {
		c.cw[i] += r.left[i] + r.right[i]
	}
	for j := range c.rh {
		c.rh[j] += r.up[j] + r.down[j]
	}
}

// nudgeComps places c's components in their grown cells: every one keeps
// the width of its column before it grew and sits where it would have,
// and the nudged ones move by their offsets.
func (s *state) nudgeComps(c *container) {
	r := nudgeRoom(s.doc, c)
	if r == nil {
		return
	}
	for _, k := range c.comps {
		o := s.doc.Offset(k.m)
		k.w -= r.left[k.gi] + r.right[k.gi]
		k.x += r.left[k.gi] + o.DX
		k.y += (r.up[k.gj]-r.down[k.gj])/2 + o.DY
	}
}
