package swimlane

import (
	"math"
	"sort"

	"flowzap/internal/model"
)

// Free bands ("gaps") separate columns and rows; the middle line of each is
// a gutter that edges travel along. Gaps start at their default widths and
// grow when the edges or labels that use them need more room (see
// makeRoom).
//
//	margin │ header │ gapV[0] │ col 0 │ gapV[1] │ col 1 │ ... │ gapV[cols] │ margin
//
// Inside a lane, gapH[0] is above the first row, gapH[i] between rows i-1
// and i, and gapH[rows] below the last row.

// initGaps sets every gap to its default width (once, before the first
// placement).
func (s *state) initGaps() {
	s.labelRoom, s.detour, s.widenedFor, s.rowWidened, s.blockedRounds = nil, nil, nil, nil, nil
	// What the gutter search could not improve holds for this grid of
	// rows only: an arrangement with other rows tries again.
	clear(s.mazeFailed)
	s.gapV = make([]float64, s.cols+1)
	for i := range s.gapV {
		s.gapV[i] = colGapMin
	}
	s.gapV[0], s.gapV[s.cols] = contentPadX, contentPadX
	for _, e := range s.edges {
		if e.hasLabel && e.fs == model.Right && e.to.col > e.from.col {
			g := &s.gapV[e.from.col+1]
			*g = math.Max(*g, e.label.W+labelGapRoom)
		}
		if e.hasLabel && e.ts == model.Left && e.to.col > e.from.col {
			g := &s.gapV[e.to.col]
			*g = math.Max(*g, e.label.W+labelGapRoom)
		}
	}
	for _, l := range s.lanes {
		rows := max(l.rows, 1)
		l.gapH = make([]float64, rows+1)
		for i := range l.gapH {
			l.gapH[i] = rowGap
		}
		l.gapH[0], l.gapH[rows] = lanePadY, lanePadY
	}
}

// place turns columns and rows into coordinates. Column widths are the
// widest node in the column, row heights the tallest node in the lane's
// row.
func (s *state) place() {
	s.colW = make([]float64, s.cols)
	for _, n := range s.nodes {
		s.colW[n.col] = math.Max(s.colW[n.col], n.w)
	}
	room := s.nudgeRoom() // manual offsets: see nudge.go
	room.widen(s.colW)
	s.contentX = margin + s.headerW
	s.colX = make([]float64, s.cols)
	x := s.contentX + s.gapV[0]
	for c := 0; c < s.cols; c++ {
		s.colX[c] = x
		x += s.colW[c] + s.gapV[c+1]
	}
	s.width = math.Ceil(x + margin)
	if s.cols == 0 {
		s.width = math.Ceil(x + s.gapV[0] + margin)
	}

	for _, l := range s.lanes {
		l.rowH = make([]float64, max(l.rows, 1))
		l.rowY = make([]float64, len(l.rowH))
		for i := range l.rowH {
			l.rowH[i] = emptyLaneH // an empty lane still shows a band
		}
	}
	for _, n := range s.nodes {
		l := s.lanes[n.m.Lane.Index]
		l.rowH[n.row] = math.Max(l.rowH[n.row], n.h)
	}
	room.heighten(s.lanes)
	y := margin
	for _, l := range s.lanes {
		l.y = y
		ry := y
		for i := range l.rowH {
			ry += l.gapH[i]
			l.rowY[i] = ry
			ry += l.rowH[i]
		}
		ry += l.gapH[len(l.rowH)]
		l.h = ry - y
		if min := l.title.H + titlePadY; l.h < min {
			// A tall title: grow the lane, keeping the rows centred.
			extra := min - l.h
			for i := range l.rowY {
				l.rowY[i] += extra / 2
			}
			l.h = min
		}
		y += l.h
	}
	s.height = math.Ceil(y + margin)

	for _, n := range s.nodes {
		l := s.lanes[n.m.Lane.Index]
		n.x = s.colX[n.col] + (s.colW[n.col]-n.w)/2
		n.y = l.rowY[n.row] + (l.rowH[n.row]-n.h)/2
	}
	room.move(s)
	s.gutters()
	s.grid = newGrid(s.nodes)
}

// hGap names a horizontal gap: a lane and the gap's index in its gapH.
type hGap struct{ lane, i int }

// gutters lists the horizontal lines that no node touches (the middle of
// every horizontal gap), sorted, and which gap each belongs to.
func (s *state) gutters() {
	s.hGutters = s.hGutters[:0]
	s.hGutterGap = map[float64]hGap{}
	for li, l := range s.lanes {
		for i := range l.gapH {
			var y float64
			switch {
			case i < len(l.rowY):
				y = l.rowY[i] - l.gapH[i]/2
			default:
				y = l.y + l.h - l.gapH[i]/2
			}
			s.hGutters = append(s.hGutters, y)
			s.hGutterGap[y] = hGap{li, i}
		}
	}
	sort.Float64s(s.hGutters)
	s.vGutterGap = make(map[float64]int, s.cols+1)
	for c := -1; c < s.cols; c++ {
		s.vGutterGap[s.vGutter(c)] = c + 1
	}
}

// vGutter returns the x of the vertical gutter right of column c (c = -1 is
// the one left of the first column).
func (s *state) vGutter(c int) float64 {
	if c < 0 {
		return s.contentX + s.gapV[0]/2
	}
	return s.colX[c] + s.colW[c] + s.gapV[c+1]/2
}

// colAt returns the column whose span or right gap holds x (-1 left of the
// first column), by binary search.
func (s *state) colAt(x float64) int {
	return sort.Search(s.cols, func(c int) bool { return s.colX[c] > x }) - 1
}

// grid is a uniform bucket index of node rectangles for fast obstacle
// queries.
type grid struct {
	cell    float64
	buckets map[[2]int][]*node
}

func newGrid(nodes []*node) *grid {
	g := &grid{cell: gridCell, buckets: map[[2]int][]*node{}}
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
