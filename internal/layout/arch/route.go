package arch

import (
	"math"
	"sort"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

// sides chooses where each dependency leaves and enters. A side written in
// the code is always kept. Where none is written: toward the other
// container's column, straight down (or up) to the next component of the
// same stack, or out and back through the right channel.
func (s *state) sides() {
	// A component feeding hubMin or more non-neighbouring components of its
	// own container is a hub: its dependencies run through the container's
	// left channel, so they do not cross the ways out of its targets on the
	// right. Only where no other container's dependency uses the left sides.
	fan := map[*comp]int{}
	leftUsed := map[*container]bool{}
	for _, d := range s.deps {
		switch c1, c2 := d.from.cont, d.to.cont; {
		case c1 == c2 && d.to.idx != d.from.idx+1 && d.to.idx != d.from.idx-1:
			fan[d.from]++
		case c2.col > c1.col:
			leftUsed[c2] = true
		case c2.col < c1.col:
			leftUsed[c1] = true
		}
		if d.dfs == model.Left {
			leftUsed[d.from.cont] = true
		}
		if d.dts == model.Left {
			leftUsed[d.to.cont] = true
		}
	}
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
		case d.from.cont == d.to.cont && fan[d.from] >= hubMin && !leftUsed[d.from.cont]:
			d.fs, d.ts = model.Left, model.Left
		default:
			d.fs, d.ts = model.Right, model.Right
		}
		if d.dfs != model.NoSide {
			d.fs = d.dfs
		}
		if d.dts != model.NoSide {
			d.ts = d.dts
		}
	}
}

// Routing tuning, in pixels.
const (
	bendCost = 40.0 // a bend is worth this much length when choosing a way
)

// route gives every dependency an orthogonal path: a stub out of its
// source's side, free channels, a stub into its target's side.
func (s *state) route() {
	s.ports()
	routes := make([][]geom.Point, len(s.deps))
	for i, d := range s.deps {
		d.pts = geom.Simplify(s.path(d))
		routes[i] = d.pts
	}
	ch := layout.Channels{Width: s.channelWidth, Step: trackStep, Clear: channelClear}
	for line, w := range ch.Spread(routes) {
		for _, ref := range s.channels[line] {
			s.need[ref] = math.Max(s.need[ref], w)
		}
	}
}

// channelKind says which gap a channel runs in.
type channelKind int

const (
	gutterChannel        channelKind = iota // between container columns (index: the gap)
	highwayChannel                          // above (index 0) or below (1) the containers
	containerChannel                        // a container's right padding (index: the container)
	containerLeftChannel                    // a container's left padding (index: the container)
	gapChannel                              // a band above, between or below a container's components (index: the container, sub: the band)
	stackChannel                            // the gap under a container in its column (index: the container)
)

// channelRef names the gap of a channel.
type channelRef struct {
	kind       channelKind
	index, sub int
}

// channelWidth returns the width of the gap a channel line runs in (the
// narrowest, when several gaps share the line).
func (s *state) channelWidth(line layout.ChannelLine) (float64, bool) {
	refs := s.channels[line]
	if len(refs) == 0 {
		return 0, false
	}
	w := math.Inf(1)
	for _, ref := range refs {
		w = math.Min(w, s.refWidth(ref))
	}
	return w, true
}

func (s *state) refWidth(ref channelRef) float64 {
	switch ref.kind {
	case gutterChannel:
		return s.gap[ref.index]
	case highwayChannel:
		if ref.index == 0 {
			return s.hwTop
		}
		return s.hwBot
	case containerLeftChannel:
		return s.conts[ref.index].padL - channelClear
	case containerChannel:
		return s.conts[ref.index].padR - channelClear
	case gapChannel:
		return s.conts[ref.index].gaps[ref.sub]
	}
	return s.conts[ref.index].below
}

// leftChannel is the x of the channel in a container's left padding.
func (s *state) leftChannel(c *container) float64 { return c.x + c.padL/2 }

// innerChannel is the x of the channel in a container's right padding.
func (s *state) innerChannel(c *container) float64 { return c.x + c.w - c.padR/2 }

// stackY is the y of the channel under a container in its column.
func (s *state) stackY(c *container) float64 { return c.y + c.h + c.below/2 }

// highways returns the y of the channels above and below everything.
func (s *state) highways() (top, bottom float64) {
	return margin + s.hwTop/2, s.contentBottom + s.hwBot/2
}

// registerChannels lists the channel lines of the current placement.
func (s *state) registerChannels() {
	s.channels = map[layout.ChannelLine][]channelRef{}
	add := func(line layout.ChannelLine, ref channelRef) {
		s.channels[line] = append(s.channels[line], ref)
	}
	for i := range s.cols {
		add(layout.ChannelLine{Vertical: true, At: s.leftGutter(i)}, channelRef{kind: gutterChannel, index: i})
	}
	if n := len(s.cols); n > 0 {
		add(layout.ChannelLine{Vertical: true, At: s.rightGutter(n - 1)}, channelRef{kind: gutterChannel, index: n})
	}
	top, bottom := s.highways()
	add(layout.ChannelLine{At: top}, channelRef{kind: highwayChannel, index: 0})
	add(layout.ChannelLine{At: bottom}, channelRef{kind: highwayChannel, index: 1})
	for i, c := range s.conts {
		add(layout.ChannelLine{Vertical: true, At: s.innerChannel(c)}, channelRef{kind: containerChannel, index: i})
		add(layout.ChannelLine{Vertical: true, At: s.leftChannel(c)}, channelRef{kind: containerLeftChannel, index: i})
		for k, y := range c.gapY {
			if c.gaps[k] > 0 {
				add(layout.ChannelLine{At: y}, channelRef{kind: gapChannel, index: i, sub: k})
			}
		}
	}
	for _, col := range s.cols {
		for _, c := range col[:max(len(col)-1, 0)] {
			add(layout.ChannelLine{At: s.stackY(c)}, channelRef{kind: stackChannel, index: c.m.Index})
		}
	}
}

// facePoint is the middle of a side of a component, moved off by along
// that side.
func facePoint(k *comp, side model.Side, off float64) geom.Point {
	r := k.rect()
	switch side {
	case model.Left:
		return geom.Point{X: r.X, Y: r.Center().Y + off}
	case model.Top:
		return geom.Point{X: r.Center().X + off, Y: r.Y}
	case model.Bottom:
		return geom.Point{X: r.Center().X + off, Y: r.Bottom()}
	}
	return geom.Point{X: r.Right(), Y: r.Center().Y + off}
}

// portEnd is one end of a dependency on a side of a component, with the
// keys that order the side's ports.
type portEnd struct {
	d      *dep
	source bool
	k1, k2 float64
}

// ports spreads the dependencies sharing a side of a component over that
// side, ordered so that they do not cross on their way out: routed once
// from the middles of the sides, each end is keyed by where its route
// turns after the stub (toward the side's start or end, and how far), then
// by how far out its next turn lies, nesting routes that turn the same way.
func (s *state) ports() {
	for _, d := range s.deps {
		d.srcPort = facePoint(d.from, d.fs, 0)
		d.dstPort = facePoint(d.to, d.ts, 0)
	}
	faces := make([][]portEnd, 4*len(s.comps))
	rev := make([]geom.Point, 0, 8)
	for _, d := range s.deps {
		pts := geom.Simplify(s.path(d))
		k1, k2 := portKeys(pts, d.fs)
		i := 4*d.from.m.Index + sideIndex(d.fs)
		faces[i] = append(faces[i], portEnd{d, true, k1, k2})
		rev = rev[:0]
		for j := len(pts) - 1; j >= 0; j-- {
			rev = append(rev, pts[j])
		}
		k1, k2 = portKeys(rev, d.ts)
		i = 4*d.to.m.Index + sideIndex(d.ts)
		faces[i] = append(faces[i], portEnd{d, false, k1, k2})
	}
	for i, ends := range faces {
		if len(ends) == 0 {
			continue
		}
		k, side := s.comps[i/4], allSides[i%4]
		if len(ends) > 1 {
			sort.SliceStable(ends, func(a, b int) bool {
				ea, eb := ends[a], ends[b]
				if math.Abs(ea.k1-eb.k1) > 0.5 {
					return ea.k1 < eb.k1
				}
				return ea.k2 < eb.k2
			})
		}
		length := k.h
		if side == model.Top || side == model.Bottom {
			length = k.w
		}
		n := float64(len(ends))
		step := math.Min(portStepMax, portSpread*length/n)
		for j, pe := range ends {
			p := facePoint(k, side, (float64(j)-(n-1)/2)*step)
			if pe.source {
				pe.d.srcPort = p
			} else {
				pe.d.dstPort = p
			}
		}
	}
}

// portKeys keys the end of a route at pts[0] on side: how far along the
// side its route goes after the first bend, then how far out (signed so
// that routes turning the same way nest).
func portKeys(pts []geom.Point, side model.Side) (k1, k2 float64) {
	flat := side == model.Top || side == model.Bottom
	along := func(p geom.Point) float64 {
		if flat {
			return p.X
		}
		return p.Y
	}
	perp := func(p geom.Point) float64 {
		if flat {
			return p.Y
		}
		return p.X
	}
	out := 1.0
	if side == model.Top || side == model.Left {
		out = -1
	}
	if len(pts) < 3 {
		return along(pts[len(pts)-1]) - along(pts[0]), 0
	}
	k1 = along(pts[2]) - along(pts[0])
	if len(pts) >= 4 {
		sign := 1.0
		if k1 < 0 {
			sign = -1
		}
		k2 = -sign * out * perp(pts[3])
	}
	return k1, k2
}

func (s *state) rightGutter(col int) float64 { return s.colX[col] + s.colW[col] + s.gap[col+1]/2 }
func (s *state) leftGutter(col int) float64  { return s.colX[col] - s.gap[col]/2 }

// routeEnd is an end of a dependency as the router sees it: the port, the
// horizontal line its route runs along next to the component (the port's
// own for a left or right side, the band above or below for a top or
// bottom side), which way that run may go, and the stub from the port to
// the run.
type routeEnd struct {
	p    geom.Point
	k    *comp
	y    float64
	dir  int // +1: the run goes right of the port, -1: left, 0: either
	stub [2]geom.Point
	n    int // points in stub
}

func (s *state) routeEnd(k *comp, side model.Side, p geom.Point) routeEnd {
	e := routeEnd{p: p, k: k, y: p.Y, stub: [2]geom.Point{p}, n: 1}
	switch side {
	case model.Right:
		e.dir = 1
	case model.Left:
		e.dir = -1
	case model.Top, model.Bottom:
		i := k.idx
		if side == model.Bottom {
			i++
		}
		e.y = k.cont.gapY[i]
		e.stub[1], e.n = geom.Point{X: p.X, Y: e.y}, 2
	}
	return e
}

// allows reports whether e's run may reach x.
func (e routeEnd) allows(x float64) bool { return e.dir == 0 || (x > e.p.X) == (e.dir > 0) }

// path routes d: its source's stub, a way through the channels, its
// target's stub.
func (s *state) path(d *dep) []geom.Point {
	a := s.routeEnd(d.from, d.fs, d.srcPort)
	b := s.routeEnd(d.to, d.ts, d.dstPort)
	pts := make([]geom.Point, 0, 10)
	pts = append(pts, a.stub[:a.n]...)
	if a.k.cont == b.k.cont {
		pts = s.inside(pts, a, b)
	} else {
		pts = s.between(pts, a, b)
	}
	for i := b.n - 1; i >= 0; i-- {
		pts = append(pts, b.stub[i])
	}
	return pts
}

// inside routes between two components of one container: along their
// shared band, or down (or up) the container's right or left padding, or,
// when one end must run right and the other left, down one padding,
// across the band between them and along the other padding.
func (s *state) inside(pts []geom.Point, a, b routeEnd) []geom.Point {
	c := a.k.cont
	if a.y == b.y && a.dir == 0 && b.dir == 0 {
		return pts // both in the same band
	}
	best, bestCost := math.NaN(), math.Inf(1)
	for _, x := range [2]float64{s.innerChannel(c), s.leftChannel(c)} {
		if a.allows(x) && b.allows(x) {
			if cost := math.Abs(x-a.p.X) + math.Abs(x-b.p.X); cost < bestCost {
				best, bestCost = x, cost
			}
		}
	}
	if !math.IsNaN(best) {
		return append(pts, geom.Point{X: best, Y: a.y}, geom.Point{X: best, Y: b.y})
	}
	xa, xb := s.leftChannel(c), s.leftChannel(c)
	if a.dir > 0 {
		xa = s.innerChannel(c)
	}
	if b.dir > 0 {
		xb = s.innerChannel(c)
	}
	gy := c.gapY[a.k.idx]
	if a.k.idx < b.k.idx {
		gy = c.gapY[a.k.idx+1]
	}
	return append(pts, geom.Point{X: xa, Y: a.y}, geom.Point{X: xa, Y: gy}, geom.Point{X: xb, Y: gy}, geom.Point{X: xb, Y: b.y})
}

// between routes between components of two containers: out to a gutter
// beside the source's column, then along it when the target's column
// shares that gutter, else across the gap between two containers of one
// column or a highway, into the gutter beside the target's column.
func (s *state) between(pts []geom.Point, a, b routeEnd) []geom.Point {
	ca, cb := a.k.cont, b.k.cont
	gutters := func(e routeEnd) (out [2]float64, n int) {
		col := e.k.cont.col
		if e.dir >= 0 {
			out[n] = s.rightGutter(col)
			n++
		}
		if e.dir <= 0 {
			out[n] = s.leftGutter(col)
			n++
		}
		return out, n
	}
	ga, na := gutters(a)
	gb, nb := gutters(b)
	top, bottom := s.highways()
	// Crossings: the highways, and between two containers of one column,
	// the gap under the upper one.
	cross := [3]float64{top, bottom}
	nc := 2
	if ca.col == cb.col {
		upper := ca
		if cb.y < ca.y {
			upper = cb
		}
		cross[2], nc = s.stackY(upper), 3
	}
	var best [4]geom.Point
	bestN, bestCost := 0, math.Inf(1)
	for _, x1 := range ga[:na] {
		for _, x2 := range gb[:nb] {
			base := math.Abs(x1-a.p.X) + math.Abs(x2-b.p.X)
			if x1 == x2 {
				if cost := base + math.Abs(a.y-b.y) + 2*bendCost; cost < bestCost {
					best, bestN, bestCost = [4]geom.Point{{X: x1, Y: a.y}, {X: x1, Y: b.y}}, 2, cost
				}
				continue
			}
			for _, y := range cross[:nc] {
				if cost := base + math.Abs(a.y-y) + math.Abs(x1-x2) + math.Abs(y-b.y) + 4*bendCost; cost < bestCost {
					best, bestN, bestCost = [4]geom.Point{{X: x1, Y: a.y}, {X: x1, Y: y}, {X: x2, Y: y}, {X: x2, Y: b.y}}, 4, cost
				}
			}
		}
	}
	return append(pts, best[:bestN]...)
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
	outDeg, inDeg := map[*comp]int{}, map[*comp]int{}
	for _, d := range s.deps {
		outDeg[d.from]++
		inDeg[d.to]++
	}
	var owners []*dep
	for i, d := range s.deps {
		in.Routes = append(in.Routes, d.pts)
		if len(d.labels) > 0 {
			near := layout.LabelNear(false, outDeg[d.from], inDeg[d.to])
			in.Labels = append(in.Labels, layout.LabelSpec{Route: i, W: d.label.W + 10, H: d.label.H + 4, Near: near})
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
