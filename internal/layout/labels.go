package layout

import (
	"math"
	"sort"

	"flowzap/internal/geom"
)

// LabelPlacer puts edge labels on their routes where they cover no
// obstacle (node) and no label placed before, inside the canvas.
type LabelPlacer struct {
	canvas    geom.Rect
	obstacles *RectIndex
	placed    *RectIndex
}

// NewLabelPlacer returns a placer for a canvas and its obstacles.
func NewLabelPlacer(canvas geom.Rect, obstacles []geom.Rect) *LabelPlacer {
	p := &LabelPlacer{canvas: canvas, obstacles: NewRectIndex(), placed: NewRectIndex()}
	for _, r := range obstacles {
		p.obstacles.Add(r.Inset(2))
	}
	return p
}

// Place returns the box of a w×h label for the route pts and records it.
// Candidates, in order: near the start when nearStart (a decision's
// outcome), the middle and then other points of the longest runs, finer
// steps along every run, beside the runs, and rings around them.
func (p *LabelPlacer) Place(pts []geom.Point, w, h float64, nearStart bool) geom.Rect {
	cands := candidates(pts, w, h, nearStart)
	best := cands[0]
	for _, c := range cands {
		if p.free(c) {
			best = c
			break
		}
	}
	p.placed.Add(best)
	return best
}

func (p *LabelPlacer) free(r geom.Rect) bool {
	return p.canvas.Contains(r, 0) && !p.obstacles.Overlaps(r) && !p.placed.Overlaps(r.Inset(2))
}

type run struct {
	a, b geom.Point
	i    int
}

func (s run) length() float64 { return math.Abs(s.b.X-s.a.X) + math.Abs(s.b.Y-s.a.Y) }

func candidates(pts []geom.Point, w, h float64, nearStart bool) []geom.Rect {
	var runs []run
	for i := 0; i+1 < len(pts); i++ {
		runs = append(runs, run{pts[i], pts[i+1], i})
	}
	sort.SliceStable(runs, func(i, j int) bool {
		if nearStart {
			return runs[i].i < runs[j].i
		}
		return runs[i].length() > runs[j].length()
	})
	var out []geom.Rect
	at := func(c geom.Point) geom.Rect { return geom.Rect{X: c.X - w/2, Y: c.Y - h/2, W: w, H: h} }
	for _, r := range runs {
		if nearStart && r.i == 0 {
			along := h / 2
			if r.a.Y == r.b.Y {
				along = w / 2
			}
			out = append(out, at(lerpDist(r.a, r.b, math.Min(r.length()/2, along+8))))
		}
		for _, f := range []float64{0.5, 0.3, 0.7, 0.15, 0.85} {
			out = append(out, at(lerp(r.a, r.b, f)))
		}
	}
	for _, r := range runs {
		for f := 0.05; f < 1; f += 0.1 {
			out = append(out, at(lerp(r.a, r.b, f)))
		}
	}
	for _, r := range runs {
		m := lerp(r.a, r.b, 0.5)
		if r.a.Y == r.b.Y {
			out = append(out, at(geom.Point{X: m.X, Y: m.Y - h/2 - 3}), at(geom.Point{X: m.X, Y: m.Y + h/2 + 3}))
		} else {
			out = append(out, at(geom.Point{X: m.X + w/2 + 4, Y: m.Y}), at(geom.Point{X: m.X - w/2 - 4, Y: m.Y}))
		}
	}
	for ring := 1; ring <= 6; ring++ {
		for _, r := range runs {
			m := lerp(r.a, r.b, 0.5)
			dx, dy := float64(ring)*(w/2+6), float64(ring)*(h+4)
			for _, d := range [][2]float64{{0, -dy}, {0, dy}, {dx, 0}, {-dx, 0}, {dx, -dy}, {-dx, -dy}, {dx, dy}, {-dx, dy}} {
				out = append(out, at(geom.Point{X: m.X + d[0], Y: m.Y + d[1]}))
			}
		}
	}
	if len(out) == 0 && len(pts) > 0 {
		out = append(out, at(pts[0]))
	}
	return out
}

func lerp(a, b geom.Point, f float64) geom.Point {
	return geom.Point{X: a.X + (b.X-a.X)*f, Y: a.Y + (b.Y-a.Y)*f}
}

func lerpDist(a, b geom.Point, d float64) geom.Point {
	l := math.Abs(b.X-a.X) + math.Abs(b.Y-a.Y)
	if l == 0 {
		return a
	}
	return lerp(a, b, d/l)
}

// RectIndex is a bucket index of rectangles for overlap queries.
type RectIndex struct {
	cell    float64
	buckets map[[2]int][]geom.Rect
}

// NewRectIndex returns an empty index.
func NewRectIndex() *RectIndex { return &RectIndex{cell: 160, buckets: map[[2]int][]geom.Rect{}} }

func (x *RectIndex) span(r geom.Rect) (x0, y0, x1, y1 int) {
	return int(math.Floor(r.X / x.cell)), int(math.Floor(r.Y / x.cell)), int(math.Floor(r.Right() / x.cell)), int(math.Floor(r.Bottom() / x.cell))
}

// Add records r.
func (x *RectIndex) Add(r geom.Rect) {
	x0, y0, x1, y1 := x.span(r)
	for bx := x0; bx <= x1; bx++ {
		for by := y0; by <= y1; by++ {
			x.buckets[[2]int{bx, by}] = append(x.buckets[[2]int{bx, by}], r)
		}
	}
}

// Overlaps reports whether r overlaps a recorded rectangle.
func (x *RectIndex) Overlaps(r geom.Rect) bool {
	x0, y0, x1, y1 := x.span(r)
	for bx := x0; bx <= x1; bx++ {
		for by := y0; by <= y1; by++ {
			for _, o := range x.buckets[[2]int{bx, by}] {
				if o.Overlaps(r) {
					return true
				}
			}
		}
	}
	return false
}
