package arch

import (
	"math"
	"sort"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

// sides chooses where each dependency leaves and enters: toward the other
// container's column, straight down (or up) to the next component of the
// same stack, or out and back through the right channel.
func (s *state) sides() {
	for _, d := range s.deps {
		c1, c2 := d.from.cont.col, d.to.cont.col
		switch {
		case c2 > c1:
			d.fs, d.ts = model.Right, model.Left
		case c2 < c1:
			d.fs, d.ts = model.Left, model.Right
		case d.from.cont == d.to.cont && d.to.idx == d.from.idx+1:
			d.fs, d.ts = model.Bottom, model.Top // straight down the stack
		case d.from.cont == d.to.cont && d.to.idx == d.from.idx-1:
			d.fs, d.ts = model.Top, model.Bottom
		default:
			d.fs, d.ts = model.Right, model.Right
		}
	}
}

// route gives every dependency an orthogonal path through free channels.
func (s *state) route() {
	s.ports()
	for _, d := range s.deps {
		d.pts = geom.Simplify(s.path(d))
	}
}

type portEnd struct {
	d   *dep
	src bool
}

// ports spreads the dependencies on each side of a component, ordered by
// the height of their other end.
func (s *state) ports() {
	type key struct {
		c    *comp
		side model.Side
	}
	groups := map[key][]portEnd{}
	var keys []key
	add := func(k key, pe portEnd) {
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], pe)
	}
	for _, d := range s.deps {
		add(key{d.from, d.fs}, portEnd{d, true})
		add(key{d.to, d.ts}, portEnd{d, false})
	}
	for _, k := range keys {
		ends := groups[k]
		other := func(pe portEnd) float64 {
			if pe.src {
				return pe.d.to.rect().Center().Y
			}
			return pe.d.from.rect().Center().Y
		}
		sort.SliceStable(ends, func(i, j int) bool { return other(ends[i]) < other(ends[j]) })
		r := k.c.rect()
		vertical := k.side == model.Top || k.side == model.Bottom
		length := r.H
		if vertical {
			length = r.W
		}
		step := math.Min(12, 0.8*length/float64(len(ends)))
		for i, pe := range ends {
			off := (float64(i) - float64(len(ends)-1)/2) * step
			var p geom.Point
			switch k.side {
			case model.Right:
				p = geom.Point{X: r.Right(), Y: r.Center().Y + off}
			case model.Left:
				p = geom.Point{X: r.X, Y: r.Center().Y + off}
			case model.Top:
				p = geom.Point{X: r.Center().X + off, Y: r.Y}
			default:
				p = geom.Point{X: r.Center().X + off, Y: r.Bottom()}
			}
			if pe.src {
				pe.d.pts = append([]geom.Point{p}, pe.d.pts...)
			} else {
				pe.d.pts = append(pe.d.pts, p)
			}
		}
	}
}

func (s *state) rightGutter(col int) float64 { return s.colX[col] + s.colW[col] + s.gap[col+1]/2 }
func (s *state) leftGutter(col int) float64  { return s.colX[col] - s.gap[col]/2 }

// gutterLimit is how far a track may move off the middle of the gutter at x.
func (s *state) gutterLimit(x float64) float64 {
	for i := range s.cols {
		if x < s.colX[i] {
			return s.gap[i]/2 - 8
		}
	}
	return s.gap[len(s.cols)]/2 - 8
}

func (s *state) path(d *dep) []geom.Point {
	p, q := d.pts[0], d.pts[len(d.pts)-1]
	c1, c2 := d.from.cont.col, d.to.cont.col
	vert := func(x, lo, hi, limit float64) float64 { return s.track(true, x, lo, hi, limit) }
	switch {
	case d.fs == model.Bottom || d.fs == model.Top:
		if p.X == q.X {
			return []geom.Point{p, q}
		}
		y := (p.Y + q.Y) / 2 // the gap between the two components
		return []geom.Point{p, {X: p.X, Y: y}, {X: q.X, Y: y}, q}
	case c1 == c2 && d.from.cont == d.to.cont:
		// Through the container's own right padding.
		c := d.from.cont
		x := vert(c.x+c.w-c.padR+padX/2, math.Min(p.Y, q.Y), math.Max(p.Y, q.Y), padX/2-5)
		return []geom.Point{p, {X: x, Y: p.Y}, {X: x, Y: q.Y}, q}
	case c1 == c2:
		x := vert(s.rightGutter(c1), math.Min(p.Y, q.Y), math.Max(p.Y, q.Y), s.gutterLimit(s.rightGutter(c1)))
		return []geom.Point{p, {X: x, Y: p.Y}, {X: x, Y: q.Y}, q}
	}
	g1, g2 := s.rightGutter(c1), s.leftGutter(c2)
	if c2 < c1 {
		g1, g2 = s.leftGutter(c1), s.rightGutter(c2)
	}
	if g1 == g2 { // neighbouring columns share the gutter between them
		x := vert(g1, math.Min(p.Y, q.Y), math.Max(p.Y, q.Y), s.gutterLimit(g1))
		return []geom.Point{p, {X: x, Y: p.Y}, {X: x, Y: q.Y}, q}
	}
	// Farther columns: over the highway above or below everything.
	top, bottom := margin+s.hwTop/2, s.contentBottom+s.hwBot/2
	hy := top
	if (p.Y-top)+(q.Y-top) > (bottom-p.Y)+(bottom-q.Y) {
		hy = bottom
	}
	hwLimit := s.hwTop/2 - 6
	if hy != top {
		hwLimit = s.hwBot/2 - 6
	}
	hy = s.track(false, hy, math.Min(g1, g2), math.Max(g1, g2), hwLimit)
	x1 := vert(g1, math.Min(p.Y, hy), math.Max(p.Y, hy), s.gutterLimit(g1))
	x2 := vert(g2, math.Min(q.Y, hy), math.Max(q.Y, hy), s.gutterLimit(g2))
	return []geom.Point{p, {X: x1, Y: p.Y}, {X: x1, Y: hy}, {X: x2, Y: hy}, {X: x2, Y: q.Y}, q}
}

type trackKey struct {
	vertical bool
	at       float64
	offset   float64
}

type span struct{ lo, hi float64 }

// track returns the line at+offset nearest to at whose stretch lo..hi no
// earlier route uses, and reserves it.
func (s *state) track(vertical bool, at, lo, hi, limit float64) float64 {
	for k := 0; ; k++ {
		off := float64((k+1)/2) * trackStep
		if k%2 == 1 {
			off = -off
		}
		if math.Abs(off) > limit {
			return at
		}
		key := trackKey{vertical, at, off}
		free := true
		for _, sp := range s.tracks[key] {
			if lo < sp.hi+4 && sp.lo < hi+4 {
				free = false
				break
			}
		}
		if free {
			s.tracks[key] = append(s.tracks[key], span{lo, hi})
			return at + off
		}
	}
}

// placeLabels runs the label stage (layout.PlaceLabels): each label
// touches its own dependency, clear of components and container titles.
func (s *state) placeLabels() []*dep {
	in := layout.LabelScene{Canvas: geom.Rect{W: s.width, H: s.height}}
	for _, c := range s.comps {
		in.Obstacles = append(in.Obstacles, c.rect())
	}
	for _, c := range s.conts {
		in.Obstacles = append(in.Obstacles, geom.Rect{X: c.x, Y: c.y, W: c.w, H: c.headerH()})
	}
	var owners []*dep
	for i, d := range s.deps {
		in.Routes = append(in.Routes, d.pts)
		if len(d.labels) > 0 {
			in.Labels = append(in.Labels, layout.LabelSpec{Route: i, W: d.label.W + 10, H: d.label.H + 4, Near: 0.5})
			owners = append(owners, d)
		}
	}
	res := layout.PlaceLabels(in)
	for i, d := range owners {
		d.labelBox = res.Boxes[i]
	}
	var blocked []*dep
	for _, i := range res.Blocked {
		blocked = append(blocked, owners[i])
	}
	return blocked
}
