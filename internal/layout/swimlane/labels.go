package swimlane

import (
	"math"
	"sort"

	"flowzap/internal/geom"
	"flowzap/internal/model"
)

const (
	labelPadX = 5.0
	labelPadY = 2.0
)

// placeLabels puts each edge label on its route where it overlaps no node
// and no other label: near the source for a decision's outcomes, in the
// middle of the longest run otherwise, then anywhere along the route, then
// beside it.
func (s *state) placeLabels() {
	placed := &rectIndex{cell: 160, buckets: map[[2]int][]geom.Rect{}}
	for _, e := range s.edges {
		if !e.hasLabel {
			continue
		}
		w, h := e.label.W+2*labelPadX, e.label.H+2*labelPadY
		var fallback geom.Rect
		found := false
		for i, c := range s.labelCandidates(e, w, h) {
			if i == 0 {
				fallback = c
			}
			if s.labelFree(c, placed) {
				e.labelBox, found = c, true
				break
			}
		}
		if !found {
			e.labelBox = fallback
		}
		placed.add(e.labelBox)
	}
}

func (s *state) labelFree(r geom.Rect, placed *rectIndex) bool {
	if r.X < 0 || r.Y < 0 || r.Right() > s.width || r.Bottom() > s.height {
		return false
	}
	g := s.grid
	for bx := int(r.X / g.cell); bx <= int(r.Right()/g.cell); bx++ {
		for by := int(r.Y / g.cell); by <= int(r.Bottom()/g.cell); by++ {
			for _, n := range g.buckets[[2]int{bx, by}] {
				if n.rect().Inset(2).Overlaps(r) {
					return false
				}
			}
		}
	}
	return !placed.overlaps(r.Inset(2))
}

// labelCandidates lists label boxes in order of preference.
func (s *state) labelCandidates(e *edge, w, h float64) []geom.Rect {
	type seg struct {
		a, b geom.Point
		i    int
	}
	var segs []seg
	for i := 0; i+1 < len(e.pts); i++ {
		segs = append(segs, seg{e.pts[i], e.pts[i+1], i})
	}
	length := func(sg seg) float64 { return math.Abs(sg.b.X-sg.a.X) + math.Abs(sg.b.Y-sg.a.Y) }
	nearSource := e.from.m.Shape == model.Diamond
	sort.SliceStable(segs, func(i, j int) bool {
		if nearSource {
			return segs[i].i < segs[j].i
		}
		return length(segs[i]) > length(segs[j])
	})
	var out []geom.Rect
	at := func(p geom.Point) geom.Rect { return geom.Rect{X: p.X - w/2, Y: p.Y - h/2, W: w, H: h} }
	fractions := []float64{0.5, 0.3, 0.7, 0.15, 0.85}
	for _, sg := range segs {
		l := length(sg)
		if nearSource && sg.i == 0 {
			// Just past the decision's corner.
			along := math.Min(l/2, (map[bool]float64{true: w, false: h}[sg.a.Y == sg.b.Y])/2+8)
			out = append(out, at(lerpDist(sg.a, sg.b, along)))
		}
		for _, f := range fractions {
			out = append(out, at(lerp(sg.a, sg.b, f)))
		}
	}
	// Along every run at finer steps.
	for _, sg := range segs {
		for f := 0.05; f < 1; f += 0.1 {
			out = append(out, at(lerp(sg.a, sg.b, f)))
		}
	}
	// Beside the route: above/below horizontal runs, left/right of vertical ones.
	for _, sg := range segs {
		m := lerp(sg.a, sg.b, 0.5)
		if sg.a.Y == sg.b.Y {
			out = append(out, at(geom.Point{X: m.X, Y: m.Y - h/2 - 3}), at(geom.Point{X: m.X, Y: m.Y + h/2 + 3}))
		} else {
			out = append(out, at(geom.Point{X: m.X + w/2 + 4, Y: m.Y}), at(geom.Point{X: m.X - w/2 - 4, Y: m.Y}))
		}
	}
	// Last resort: rings of growing size around the middle of each run.
	for ring := 1; ring <= 6; ring++ {
		for _, sg := range segs {
			m := lerp(sg.a, sg.b, 0.5)
			dx, dy := float64(ring)*(w/2+6), float64(ring)*(h+4)
			for _, d := range [][2]float64{{0, -dy}, {0, dy}, {dx, 0}, {-dx, 0}, {dx, -dy}, {-dx, -dy}, {dx, dy}, {-dx, dy}} {
				out = append(out, at(geom.Point{X: m.X + d[0], Y: m.Y + d[1]}))
			}
		}
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

// rectIndex is a bucket index of placed label boxes.
type rectIndex struct {
	cell    float64
	buckets map[[2]int][]geom.Rect
}

func (x *rectIndex) add(r geom.Rect) {
	for bx := int(r.X / x.cell); bx <= int(r.Right()/x.cell); bx++ {
		for by := int(r.Y / x.cell); by <= int(r.Bottom()/x.cell); by++ {
			x.buckets[[2]int{bx, by}] = append(x.buckets[[2]int{bx, by}], r)
		}
	}
}

func (x *rectIndex) overlaps(r geom.Rect) bool {
	for bx := int(r.X / x.cell); bx <= int(r.Right()/x.cell); bx++ {
		for by := int(r.Y / x.cell); by <= int(r.Bottom()/x.cell); by++ {
			for _, o := range x.buckets[[2]int{bx, by}] {
				if o.Overlaps(r) {
					return true
				}
			}
		}
	}
	return false
}

// frameLoops computes the frame of each loop: the box around its nodes,
// with room for the condition on top.
func (s *state) frameLoops() {
	for _, l := range s.doc.Loops {
		var r geom.Rect
		for i, n := range l.Nodes {
			nr := s.nodes[n.Index].rect()
			if i == 0 {
				r = nr
			} else {
				r = r.Union(nr)
			}
		}
		r = r.Inset(10)
		r.Y -= 16
		r.H += 16
		s.loopBoxes = append(s.loopBoxes, r)
	}
}
