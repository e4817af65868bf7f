package arch

import (
	"math"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

// sides chooses where each dependency leaves and enters: toward the other
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
	}
}

// route gives every dependency an orthogonal path through free channels.
func (s *state) route() {
	s.ports()
	routes := make([][]geom.Point, len(s.deps))
	for i, d := range s.deps {
		d.pts = geom.Simplify(s.path(d))
		routes[i] = d.pts
	}
	ch := layout.Channels{Width: s.channelWidth, Step: trackStep, Clear: channelClear}
	for line, w := range ch.Spread(routes) {
		s.need[s.channels[line]] = math.Max(s.need[s.channels[line]], w)
	}
}

// channelKind says which gap a channel runs in.
type channelKind int

const (
	gutterChannel        channelKind = iota // between container columns (index: the gap)
	highwayChannel                          // above (index 0) or below (1) the containers
	containerChannel                        // a container's right padding (index: the container)
	containerLeftChannel                    // a container's left padding (index: the container)
)

// channelRef names the gap of a channel.
type channelRef struct {
	kind  channelKind
	index int
}

// channelWidth returns the width of the gap a channel line runs in.
func (s *state) channelWidth(line layout.ChannelLine) (float64, bool) {
	ref, ok := s.channels[line]
	if !ok {
		return 0, false
	}
	switch ref.kind {
	case gutterChannel:
		return s.gap[ref.index], true
	case highwayChannel:
		if ref.index == 0 {
			return s.hwTop, true
		}
		return s.hwBot, true
	}
	if ref.kind == containerLeftChannel {
		return s.conts[ref.index].padL - channelClear, true
	}
	return s.conts[ref.index].padR - channelClear, true
}

// leftChannel is the x of the channel in a container's left padding.
func (s *state) leftChannel(c *container) float64 { return c.x + c.padL/2 }

// registerChannels lists the channel lines of the current placement.
func (s *state) registerChannels() {
	s.channels = map[layout.ChannelLine]channelRef{}
	for i := range s.cols {
		s.channels[layout.ChannelLine{Vertical: true, At: s.leftGutter(i)}] = channelRef{gutterChannel, i}
	}
	if n := len(s.cols); n > 0 {
		s.channels[layout.ChannelLine{Vertical: true, At: s.rightGutter(n - 1)}] = channelRef{gutterChannel, n}
	}
	s.channels[layout.ChannelLine{At: margin + s.hwTop/2}] = channelRef{highwayChannel, 0}
	s.channels[layout.ChannelLine{At: s.contentBottom + s.hwBot/2}] = channelRef{highwayChannel, 1}
	for i, c := range s.conts {
		s.channels[layout.ChannelLine{Vertical: true, At: s.innerChannel(c)}] = channelRef{containerChannel, i}
		s.channels[layout.ChannelLine{Vertical: true, At: s.leftChannel(c)}] = channelRef{containerLeftChannel, i}
	}
}

// innerChannel is the x of the channel in a container's right padding.
func (s *state) innerChannel(c *container) float64 { return c.x + c.w - c.padR/2 }

// ports spreads the dependencies on each side of a component
// (layout.PortSide.Spread) and records each dependency's ports.
func (s *state) ports() {
	var g layout.PortGroups
	for i, d := range s.deps {
		u := d.fs == d.ts
		g.Add(d.from.m.Index, d.fs, layout.PortEnd{Edge: i, Source: true, Other: d.to.rect().Center(), UTurn: u})
		g.Add(d.to.m.Index, d.ts, layout.PortEnd{Edge: i, Other: d.from.rect().Center(), UTurn: u})
	}
	for _, side := range g.Sides {
		r := s.comps[side.Node].rect()
		length := r.H
		if side.Side == model.Top || side.Side == model.Bottom {
			length = r.W
		}
		for i, off := range side.Spread(r.Center(), length, portStepMax, portSpread) {
			pe := side.Ends[i]
			var p geom.Point
			switch side.Side {
			case model.Right:
				p = geom.Point{X: r.Right(), Y: r.Center().Y + off}
			case model.Left:
				p = geom.Point{X: r.X, Y: r.Center().Y + off}
			case model.Top:
				p = geom.Point{X: r.Center().X + off, Y: r.Y}
			default:
				p = geom.Point{X: r.Center().X + off, Y: r.Bottom()}
			}
			if pe.Source {
				s.deps[pe.Edge].srcPort = p
			} else {
				s.deps[pe.Edge].dstPort = p
			}
		}
	}
}

func (s *state) rightGutter(col int) float64 { return s.colX[col] + s.colW[col] + s.gap[col+1]/2 }
func (s *state) leftGutter(col int) float64  { return s.colX[col] - s.gap[col]/2 }

func (s *state) path(d *dep) []geom.Point {
	p, q := d.srcPort, d.dstPort
	c1, c2 := d.from.cont.col, d.to.cont.col
	switch {
	case d.fs == model.Bottom || d.fs == model.Top:
		if p.X == q.X {
			return []geom.Point{p, q}
		}
		y := (p.Y + q.Y) / 2 // the gap between the two components
		return []geom.Point{p, {X: p.X, Y: y}, {X: q.X, Y: y}, q}
	case c1 == c2 && d.from.cont == d.to.cont:
		// Through the container's own right (or, for a hub, left) padding.
		c := d.from.cont
		x := s.innerChannel(c)
		if d.fs == model.Left {
			x = s.leftChannel(c)
		}
		return []geom.Point{p, {X: x, Y: p.Y}, {X: x, Y: q.Y}, q}
	case c1 == c2:
		x := s.rightGutter(c1)
		return []geom.Point{p, {X: x, Y: p.Y}, {X: x, Y: q.Y}, q}
	}
	g1, g2 := s.rightGutter(c1), s.leftGutter(c2)
	if c2 < c1 {
		g1, g2 = s.leftGutter(c1), s.rightGutter(c2)
	}
	if g1 == g2 { // neighbouring columns share the gutter between them
		x := g1
		return []geom.Point{p, {X: x, Y: p.Y}, {X: x, Y: q.Y}, q}
	}
	// Farther columns: over the highway above or below everything.
	top, bottom := margin+s.hwTop/2, s.contentBottom+s.hwBot/2
	hy := top
	if (p.Y-top)+(q.Y-top) > (bottom-p.Y)+(bottom-q.Y) {
		hy = bottom
	}
	x1, x2 := g1, g2
	return []geom.Point{p, {X: x1, Y: p.Y}, {X: x1, Y: hy}, {X: x2, Y: hy}, {X: x2, Y: q.Y}, q}
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
