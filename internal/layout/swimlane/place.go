package swimlane

import (
	"math"
	"sort"

	"flowzap/internal/model"
)

// place turns columns and rows into coordinates.
//
//	margin │ header │ pad │ col 0 │ gap 0 │ col 1 │ ... │ pad │ margin
//
// Column widths are the widest node in the column; a gap widens to hold the
// label of an edge that crosses it. Row heights are the tallest node in the
// lane's row.
func (s *state) place() {
	s.colW = make([]float64, s.cols)
	s.gapAfter = make([]float64, s.cols)
	for i := range s.gapAfter {
		s.gapAfter[i] = colGapMin
	}
	for _, n := range s.nodes {
		s.colW[n.col] = math.Max(s.colW[n.col], n.w)
	}
	for _, e := range s.edges {
		if e.hasLabel && e.fs == model.Right && e.to.col > e.from.col {
			g := &s.gapAfter[e.from.col]
			*g = math.Max(*g, e.label.W+40)
		}
		if e.hasLabel && e.ts == model.Left && e.to.col > e.from.col {
			g := &s.gapAfter[e.to.col-1]
			*g = math.Max(*g, e.label.W+40)
		}
	}
	s.contentX = margin + s.headerW + contentPadX
	s.colX = make([]float64, s.cols)
	x := s.contentX
	for c := 0; c < s.cols; c++ {
		s.colX[c] = x
		x += s.colW[c] + s.gapAfter[c]
	}
	if s.cols > 0 {
		x -= s.gapAfter[s.cols-1]
	}
	s.width = math.Ceil(x + contentPadX + margin)

	for _, l := range s.lanes {
		l.rowH = make([]float64, max(l.rows, 1))
		l.rowY = make([]float64, len(l.rowH))
		for i := range l.rowH {
			l.rowH[i] = 40 // an empty lane still shows a band
		}
	}
	for _, n := range s.nodes {
		l := s.lanes[n.m.Lane.Index]
		l.rowH[n.row] = math.Max(l.rowH[n.row], n.h)
	}
	y := margin
	for _, l := range s.lanes {
		l.y = y
		ry := y + lanePadY
		for i := range l.rowH {
			l.rowY[i] = ry
			ry += l.rowH[i] + rowGap
		}
		l.h = ry - rowGap + lanePadY - y
		l.h = math.Max(l.h, l.title.H+32)
		y += l.h
	}
	s.height = math.Ceil(y + margin)

	for _, n := range s.nodes {
		l := s.lanes[n.m.Lane.Index]
		n.x = s.colX[n.col] + (s.colW[n.col]-n.w)/2
		n.y = l.rowY[n.row] + (l.rowH[n.row]-n.h)/2
	}
	s.gutters()
	s.grid = newGrid(s.nodes)
}

// gutters lists the horizontal lines that no node touches: above, between
// and below the rows of each lane.
func (s *state) gutters() {
	s.hGutters = s.hGutters[:0]
	for _, l := range s.lanes {
		s.hGutters = append(s.hGutters, l.y+lanePadY/2)
		for i := 0; i+1 < len(l.rowY); i++ {
			s.hGutters = append(s.hGutters, l.rowY[i]+l.rowH[i]+rowGap/2)
		}
		s.hGutters = append(s.hGutters, l.y+l.h-lanePadY/2)
	}
	sort.Float64s(s.hGutters)
}

// vGutter returns the x of the vertical gutter right of column c (c = -1 is
// the one left of the first column).
func (s *state) vGutter(c int) float64 {
	if c < 0 {
		return s.contentX - contentPadX/2
	}
	if c >= s.cols-1 {
		return s.colX[s.cols-1] + s.colW[s.cols-1] + contentPadX/2
	}
	return s.colX[c] + s.colW[c] + s.gapAfter[c]/2
}

// vGutterWidth is the free width around vertical gutter c.
func (s *state) vGutterWidth(c int) float64 {
	if c < 0 || c >= s.cols-1 {
		return contentPadX
	}
	return s.gapAfter[c]
}

// grid is a uniform bucket index of node rectangles for fast obstacle
// queries.
type grid struct {
	cell    float64
	buckets map[[2]int][]*node
}

func newGrid(nodes []*node) *grid {
	g := &grid{cell: 160, buckets: map[[2]int][]*node{}}
	for _, n := range nodes {
		r := n.rect()
		for bx := int(r.X / g.cell); bx <= int(r.Right()/g.cell); bx++ {
			for by := int(r.Y / g.cell); by <= int(r.Bottom()/g.cell); by++ {
				k := [2]int{bx, by}
				g.buckets[k] = append(g.buckets[k], n)
			}
		}
	}
	return g
}
