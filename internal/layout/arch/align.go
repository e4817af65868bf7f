package arch

import "math"

// In a drawing with its containers in rows (transposed), the components of
// a container are packed from its start: a service called by the last
// steps of a client far to the right still sits at the left of its row,
// and every route to it runs sideways first. alignRows moves the grid rows
// of each transposed container (the components' places along the row once
// the drawing is turned back) toward the components they are connected
// with in other rows of containers, as the coordinate assignment of a
// layered drawing does: sweeps down the container columns of the
// transposed drawing (each container aligned to the columns placed before
// it, or, for a row of the grid with no such neighbour, to the ones after
// it), up, and down again. A row only ever moves away from the
// container's start (the room is added in front of it, container.align),
// never past the row before it; the rows that want to move to one place
// share it, centred on it where there is room (least squares, the
// pool-adjacent-violators algorithm). The drawing is kept only when it
// is better (Layout compares it with the packed one).

// alignSweeps is the number of sweeps alignRows makes: down, up, down.
const alignSweeps = 3

// alignRows sets container.align for every container of a transposed
// drawing and reports whether any row moved. It places the drawing as
// many times as it has container columns per sweep (place is linear).
func (s *state) alignRows() bool {
	if !s.tr || len(s.cols) < 2 {
		return false
	}
	for _, c := range s.conts {
		c.align = make([]float64, c.nrows)
	}
	// The components each one is connected with in other container
	// columns.
	nb := make(map[*comp][]*comp, len(s.comps))
	for _, d := range s.deps {
		if d.from.cont.col != d.to.cont.col {
			nb[d.from] = append(nb[d.from], d.to)
			nb[d.to] = append(nb[d.to], d.from)
		}
	}
	s.place()
	moved := false
	for sweep := 0; sweep < alignSweeps; sweep++ {
		down := sweep%2 == 0
		for n := range s.cols {
			ci := n
			if !down {
				ci = len(s.cols) - 1 - n
			}
			for _, c := range s.cols[ci] {
				if s.alignContainer(c, nb, down) {
					moved = true
					s.place() // the containers after c in its column move too
				}
			}
		}
	}
	if !moved {
		for _, c := range s.conts {
			c.align = nil
		}
	}
	return moved
}

// alignContainer sets c.align from the places of the components its own
// are connected with: those in the container columns before c's in the
// sweep's direction, or, for a row with none there, those after. It
// reports whether c.align changed.
func (s *state) alignContainer(c *container, nb map[*comp][]*comp, down bool) bool {
	// The shift each grid row wants (its neighbours' mean centre minus
	// its centre as packed) and the weight of that wish.
	want := make([]float64, c.nrows)
	weight := make([]float64, c.nrows)
	before := func(o *comp) bool {
		if down {
			return o.cont.col < c.col
		}
		return o.cont.col > c.col
	}
	var shift float64 // the row's start moved by the rows before it
	packed := make([]float64, c.nrows)
	for j := range packed {
		shift += c.align[j]
		packed[j] = shift
	}
	for j := 0; j < c.nrows; j++ {
		for _, pass := range [2]bool{true, false} {
			sum, n := 0.0, 0.0
			for _, k := range c.comps {
				if k.gj != j {
					continue
				}
				for _, o := range nb[k] {
					if before(o) == pass {
						sum += (o.y + o.h/2) - (k.y + k.h/2 - packed[j])
						n++
					}
				}
			}
			if n > 0 {
				want[j], weight[j] = sum/n, n
				break
			}
		}
	}
	shifts := isotonic(want, weight)
	changed := false
	prev := 0.0
	for j := range shifts {
		a := math.Round(math.Max(shifts[j], prev) - prev)
		if a < 1 {
			a = 0
		}
		if a != c.align[j] {
			changed = true
		}
		c.align[j] = a
		prev += a
	}
	return changed
}

// isotonic returns the non-decreasing sequence, none of it below 0,
// closest to want in least squares with the given weights; an entry of
// weight 0 takes the value of the one before it (0 at the start).
func isotonic(want, weight []float64) []float64 {
	type block struct {
		sum, w float64
		n      int
	}
	blocks := []block{{}} // the first: the entries before any of weight > 0
	for j := range want {
		if weight[j] == 0 {
			blocks[len(blocks)-1].n++
			continue
		}
		blocks = append(blocks, block{sum: want[j] * weight[j], w: weight[j], n: 1})
		for len(blocks) > 2 {
			a, b := blocks[len(blocks)-2], blocks[len(blocks)-1]
			if a.sum/a.w <= b.sum/b.w {
				break
			}
			blocks = append(blocks[:len(blocks)-2], block{sum: a.sum + b.sum, w: a.w + b.w, n: a.n + b.n})
		}
	}
	out := make([]float64, 0, len(want))
	for _, b := range blocks {
		v := 0.0
		if b.w > 0 {
			v = math.Max(0, b.sum/b.w)
		}
		for i := 0; i < b.n; i++ {
			out = append(out, v)
		}
	}
	return out
}
