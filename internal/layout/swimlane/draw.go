package swimlane

import (
	"math"
	"slices"
	"sort"
	"strconv"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// draw turns the placed diagram into scene items and the layout JSON.
func (s *state) draw() *scene.Scene {
	t := s.env.Theme
	sc := &scene.Scene{View: "workflow", Width: s.width, Height: s.height, Background: t.Background}
	sc.Layout = scene.Layout{View: "workflow", Width: s.width, Height: s.height,
		Lanes: []scene.LaneBox{}, Nodes: []scene.NodeBox{}, Edges: []scene.EdgeRoute{}, Loops: []scene.LoopBox{},
		Stats: &scene.LayoutStats{Crossings: s.crossings, Bends: s.bends()}}
	sc.Items = append(sc.Items, &scene.Rect{R: geom.Rect{W: s.width, H: s.height}, Fill: t.Background})
	for i, l := range s.lanes {
		sc.Items = append(sc.Items, s.drawLane(l, i))
		r := s.laneRect(l)
		header := box(geom.Rect{X: r.X, Y: r.Y, W: s.headerW, H: r.H})
		sc.Layout.Lanes = append(sc.Layout.Lanes, scene.LaneBox{ID: l.m.ID, Label: l.m.Label, Box: box(r), Header: &header})
	}
	var titles, frames []geom.Rect // the loops' titles and frames placed so far
	titleWork, segs := 0, 0        // what the titles so far looked at (loopWorkMax); the routes' segments
	if len(s.doc.Loops) > 0 {
		for _, e := range s.edges {
			segs += len(e.pts)
		}
	}
	loops := s.doc.Loops
	boxes := append([]geom.Rect(nil), s.loopBoxes...) // the frames, as they grow for bottom titles
	tys := make([]float64, len(loops))                // the top of each title's strip
	txs := make([]float64, len(loops))
	atBottom := make([]bool, len(loops))
	heads := make([]string, len(loops)) // each frame's title, shortened to fit its frame
	for i, l := range loops {
		r := boxes[i]
		var tw float64
		heads[i], tw = s.loopTitle(l, r.W-20)
		tx, ok := r.X+10, false
		if titleWork += segs + len(titles) + len(boxes); titleWork <= loopWorkMax {
			// No free place along the top strip (an edge runs along it):
			// the frame reaches higher, a title's height at a time (at
			// most loopRaises times, never past the canvas's top), so the
			// title gets a strip of its own above. A raise that finds no
			// free place either is undone: the frame would only reach
			// into the routes above it.
			unraised := r
			for raise := 0; ; raise++ {
				tx, ok = s.loopTitleX(r, r.Y, tw, titles, frames, boxes[i+1:])
				if ok || raise == loopRaises || r.Y-loopTitleH < 0 {
					break
				}
				if titleWork += segs + len(titles) + len(boxes) + len(s.nodes); titleWork > loopWorkMax {
					break
				}
				strip := geom.Rect{X: r.X, Y: r.Y - loopTitleH, W: r.W, H: loopTitleH}
				if s.nodeIn(strip) || overlapsAny(strip, titles) ||
					cutsFrame(geom.Rect{X: r.X, Y: strip.Y, W: r.W, H: r.H + loopTitleH}, boxes, i) {
					break
				}
				r.Y -= loopTitleH
				r.H += loopTitleH
			}
			if !ok {
				r = unraised
				// Still crossed (a frame nested in another, whose title
				// takes the strip above): the title goes in a strip
				// below the frame's nodes, the frames around it growing
				// down to hold it.
				if x, grown, found := s.loopTitleBelow(i, boxes[i], tw, titles, boxes, atBottom); found {
					titleWork += segs + len(titles) + len(boxes)
					copy(boxes, grown)
					r, tx, atBottom[i] = boxes[i], x, true
				} else {
					// Nowhere whole: shortened (an ellipsis) until it
					// fits along the top.
					for w := tw * 0.85; w >= 60 && titleWork <= loopWorkMax; w *= 0.85 {
						titleWork += segs + len(titles) + len(boxes)
						h, hw := s.loopTitle(l, w)
						if x, fits := s.loopTitleX(r, r.Y, hw, titles, frames, boxes[i+1:]); fits {
							heads[i], tw, tx = h, hw, x
							break
						}
					}
				}
			}
		}
		boxes[i] = r
		txs[i], tys[i] = tx, r.Y
		if atBottom[i] {
			tys[i] = r.Bottom() - loopTitleH
		}
		titles = append(titles, geom.Rect{X: tx - 2, Y: tys[i] + 1, W: tw + 4, H: loopTitleH - 2})
		frames = append(frames, r)
	}
	for i, l := range loops {
		r, tx, ty := boxes[i], txs[i], tys[i]
		ids := make([]string, len(l.Nodes))
		for j, n := range l.Nodes {
			ids[j] = n.ID
		}
		title := heads[i]
		stroke := scene.Stroke{Color: t.LoopStroke, Width: 1.25, Dash: true}
		var frame scene.Item = &scene.Rect{R: r, Radius: 10, Stroke: stroke}
		lb := scene.LoopBox{Condition: l.Condition, Nodes: ids, Box: box(r)}
		if titleWork <= loopWorkMax {
			if bands := s.loopBands(i, r, boxes); bands != nil {
				tw := s.env.Measure.Width(title, t.SmallFontSize-1, false)
				// loopTitleIn widens the title's band to hold it: each
				// try works on a copy.
				try := func(w, y float64, bottom bool) ([]band, float64, bool) {
					bs := slices.Clone(bands)
					x, ok := s.loopTitleIn(bs, bottom, y, w, r, titles, boxes, i)
					return bs, x, ok && !s.nodeIn(geom.Rect{X: x - 2, Y: y, W: w + 4, H: loopTitleH})
				}
				bs, x, fits := try(tw, ty, atBottom[i])
				// Where the outline's band leaves no free place for the
				// whole title (an edge's label beside it), it goes to the
				// bottom band's strip; else it is shortened (an
				// ellipsis; the frame's tooltip has it whole) until it
				// fits in either, rather than drawn under the label.
				places := [][2]float64{{ty, b2f(atBottom[i])}}
				if !atBottom[i] {
					places = append(places, [2]float64{r.Bottom() - loopTitleH, 1})
				}
				for w := tw; !fits && w >= 60; w *= 0.85 {
					h, hw := s.loopTitle(l, w)
					for _, pl := range places {
						if hbs, hx, ok := try(hw, pl[0], pl[1] == 1); ok && !fits {
							title, bs, x, ty, fits = h, hbs, hx, pl[0], true
						}
					}
				}
				bands, tx = bs, x
				pts := outline(bands)
				lb.Box = box(bounds(pts))
				if len(pts) == 4 { // one box after all (the other steps lie between the loop's)
					frame = &scene.Rect{R: bounds(pts), Radius: 10, Stroke: stroke}
				} else {
					frame = &scene.Path{Points: closedPath(pts), Radius: 10, Stroke: stroke}
					for _, p := range pts {
						lb.Outline = append(lb.Outline, [2]float64{p.X, p.Y})
					}
				}
			}
		}
		sc.Items = append(sc.Items, &scene.Group{Kind: "loop", ID: "loop" + strconv.Itoa(i+1), Title: "loop: " + l.Condition, Items: []scene.Item{
			frame,
			&scene.Text{X: tx, Y: ty + 13, Lines: []string{title}, Size: t.SmallFontSize - 1,
				Color: t.LoopStroke, LineHeight: t.SmallFontSize * t.LineHeight},
		}})
		sc.Layout.Loops = append(sc.Layout.Loops, lb)
	}
	for _, e := range s.edges {
		sc.Items = append(sc.Items, s.drawEdge(e))
		sc.Layout.Edges = append(sc.Layout.Edges, s.edgeRoute(e))
	}
	for _, n := range s.nodes {
		sc.Items = append(sc.Items, s.drawNode(n))
		sc.Layout.Nodes = append(sc.Layout.Nodes, scene.NodeBox{ID: n.m.ID, Lane: n.m.Lane.ID, Shape: string(n.m.Shape),
			Label: n.m.Label, Details: layout.NodeDetails(n.m), Box: box(n.rect())})
	}
	return sc
}

func box(r geom.Rect) scene.Box { return scene.Box{X: r.X, Y: r.Y, W: r.W, H: r.H} }

func (s *state) laneRect(l *lane) geom.Rect {
	return geom.Rect{X: margin, Y: l.y, W: s.width - 2*margin, H: l.h}
}

func (s *state) drawLane(l *lane, i int) scene.Item {
	t := s.env.Theme
	r := s.laneRect(l)
	header := geom.Rect{X: r.X, Y: r.Y, W: s.headerW, H: r.H}
	stroke := scene.Stroke{Color: t.LaneBorder, Width: 1}
	return &scene.Group{Kind: "lane", ID: l.m.ID, Title: l.m.Label, Items: []scene.Item{
		&scene.Rect{R: r, Fill: t.LaneFill[i%len(t.LaneFill)], Stroke: stroke},
		&scene.Rect{R: header, Fill: t.LaneHeader, Stroke: stroke},
		text(l.title, header.Center(), t.LaneText, scene.Middle),
	}}
}

// text places a block centred on c (or starting at c.X for Start).
func text(b layout.TextBlock, c geom.Point, color string, anchor scene.Anchor) *scene.Text {
	return &scene.Text{X: c.X, Y: b.Baseline(c.Y), Lines: b.Lines, Size: b.Size, Bold: b.Bold, Color: color,
		Anchor: anchor, LineHeight: b.LineHeight}
}

func (s *state) drawNode(n *node) scene.Item {
	t := s.env.Theme
	r := n.rect()
	c := r.Center()
	g := &scene.Group{Kind: "node", ID: n.m.ID, Class: string(n.m.Shape), Title: layout.Tooltip(n.m)}
	switch n.m.Shape {
	case model.Circle:
		g.Items = append(g.Items,
			&scene.Ellipse{C: c, RX: n.w / 2, RY: n.h / 2, Fill: t.StartFill, Stroke: scene.Stroke{Color: t.StartStroke, Width: 2}},
			text(n.text, c, t.NodeText, scene.Middle))
	case model.Diamond:
		g.Items = append(g.Items,
			&scene.Polygon{Points: []geom.Point{{X: c.X, Y: r.Y}, {X: r.Right(), Y: c.Y}, {X: c.X, Y: r.Bottom()}, {X: r.X, Y: c.Y}},
				Fill: t.DecisionFill, Stroke: scene.Stroke{Color: t.DecisionLine, Width: 1.5}},
			text(n.text, c, t.NodeText, scene.Middle))
	case model.Taskbox:
		g.Items = append(g.Items,
			&scene.Rect{R: r, Radius: 8, Fill: t.TaskFill, Stroke: scene.Stroke{Color: t.TaskAccent, Width: 1.25}},
			&scene.Rect{R: geom.Rect{X: r.X, Y: r.Y + 1, W: 5, H: r.H - 2}, Radius: 2, Fill: t.TaskAccent})
		y := r.Y + 12
		x := r.X + 18
		g.Items = append(g.Items, text(n.text, geom.Point{X: x, Y: y + n.text.H/2}, t.NodeText, scene.Start))
		y += n.text.H
		if len(n.items.Lines) > 0 {
			y += 6
			g.Items = append(g.Items, text(n.items, geom.Point{X: x, Y: y + n.items.H/2}, t.NodeText, scene.Start))
			y += n.items.H
		}
		if len(n.desc.Lines) > 0 {
			y += taskDescGap
			g.Items = append(g.Items, text(n.desc, geom.Point{X: x, Y: y + n.desc.H/2}, t.MutedText, scene.Start))
			y += n.desc.H
		}
		if len(n.meta.Lines) > 0 {
			y += 8
			g.Items = append(g.Items, text(n.meta, geom.Point{X: x, Y: y + n.meta.H/2}, t.MutedText, scene.Start))
		}
	default:
		g.Items = append(g.Items,
			&scene.Rect{R: r, Radius: 8, Fill: t.NodeFill, Stroke: scene.Stroke{Color: t.NodeStroke, Width: 1.25}},
			text(n.text, c, t.NodeText, scene.Middle))
	}
	return g
}

func (s *state) drawEdge(e *edge) scene.Item {
	t := s.env.Theme
	title := e.from.m.ID + " → " + e.to.m.ID
	if e.hasLabel {
		title += ": " + e.m.Label
	}
	g := &scene.Group{Kind: "edge", ID: edgeID(e), Title: title, Items: []scene.Item{
		&scene.Path{Points: e.pts, Radius: cornerRadius, Stroke: scene.Stroke{Color: t.Edge, Width: 1.5}, Arrow: true},
	}}
	if e.hasLabel {
		g.Items = append(g.Items,
			&scene.Rect{R: e.labelBox, Radius: 4, Fill: t.EdgeLabelBg},
			text(e.label, e.labelBox.Center(), t.EdgeText, scene.Middle))
	}
	return g
}

func edgeID(e *edge) string { return "e" + strconv.Itoa(e.m.Index+1) }

func (s *state) edgeRoute(e *edge) scene.EdgeRoute {
	r := scene.EdgeRoute{ID: edgeID(e), From: e.from.m.ID, To: e.to.m.ID, FromSide: string(e.fs), ToSide: string(e.ts)}
	for _, p := range e.pts {
		r.Points = append(r.Points, [2]float64{p.X, p.Y})
	}
	if e.hasLabel {
		r.Label = &scene.Label{Text: e.m.Label, Box: box(e.labelBox)}
	}
	return r
}

// loopTitleX returns where the title of the loop framed by r (w px wide)
// starts: 10 px in from the frame's left, or the first place along the
// frame's strip starting at y (its top one or its bottom one) that no edge, edge label, other loop title (placed)
// or other loop's frame crosses; the usual place when there is none (and
// false).
func (s *state) loopTitleX(r geom.Rect, y, w float64, placed, drawn, pending []geom.Rect) (float64, bool) {
	top, bottom := y+1, y+loopTitleH-1
	type span struct{ lo, hi float64 }
	var blocked []span
	block := func(lo, hi float64) {
		if hi > r.X && lo < r.Right() {
			blocked = append(blocked, span{lo, hi})
		}
	}
	for _, e := range s.edges {
		for i := 0; i+1 < len(e.pts); i++ {
			a, b := e.pts[i], e.pts[i+1]
			if a.X == b.X {
				if math.Max(a.Y, b.Y) > top && math.Min(a.Y, b.Y) < bottom {
					block(a.X, a.X)
				}
			} else if a.Y > top && a.Y < bottom {
				block(math.Min(a.X, b.X), math.Max(a.X, b.X))
			}
		}
		if e.hasLabel && e.labelBox.Y < bottom && e.labelBox.Bottom() > top {
			block(e.labelBox.X, e.labelBox.Right())
		}
	}
	for _, p := range placed {
		if p.Y < bottom && p.Bottom() > top {
			block(p.X, p.Right())
		}
	}
	for _, frames := range [2][]geom.Rect{drawn, pending} { // other loops' borders
		for _, f := range frames {
			if f.Right() <= r.X || f.X >= r.Right() || f.Bottom() <= top || f.Y >= bottom {
				continue
			}
			for _, y := range [2]float64{f.Y, f.Bottom()} {
				if y > top && y < bottom {
					block(f.X, f.Right())
				}
			}
			block(f.X-4, f.X+4) // a title's end kept clear of a border it would touch
			block(f.Right()-4, f.Right()+4)
		}
	}
	sort.Slice(blocked, func(i, j int) bool { return blocked[i].lo < blocked[j].lo })
	x, last := r.X+10, r.Right()-8-w
	for _, b := range blocked {
		if b.lo-2 >= x+w+2 {
			break // the title fits before this span (and every later one)
		}
		if b.hi+2 > x-2 {
			x = b.hi + 4
		}
	}
	if x > last {
		return r.X + 10, false
	}
	return x, true
}

// loopTitleBelow tries the title of loop i (framed by r, w px wide) in a
// strip added below the frame's nodes: the frame grows down by a title's
// height, and each frame around it (a loop holding all of its nodes) grows
// down to hold it loopNest apart, as long as no grown frame takes in a
// node that is not its own, leaves the bodies of its lanes, or has its
// own title at the bottom. It returns the title's x, the frames as grown,
// and whether the strip has a free place.
func (s *state) loopTitleBelow(i int, r geom.Rect, w float64, placed, boxes []geom.Rect, atBottom []bool) (float64, []geom.Rect, bool) {
	loops := s.doc.Loops
	grown := append([]geom.Rect(nil), boxes...)
	grown[i] = geom.Rect{X: r.X, Y: r.Y, W: r.W, H: r.H + loopTitleH}
	members := func(j int) map[int]bool {
		m := map[int]bool{}
		for _, n := range loops[j].Nodes {
			m[n.Index] = true
		}
		return m
	}
	fits := func(j int, f geom.Rect) bool {
		own := members(j)
		add := geom.Rect{X: f.X, Y: boxes[j].Bottom(), W: f.W, H: f.Bottom() - boxes[j].Bottom()}
		for _, n := range s.nodes {
			if !own[n.m.Index] && n.rect().Overlaps(add) {
				return false
			}
		}
		low := 0.0 // the bottom of the lowest lane the loop's nodes are in
		for _, n := range loops[j].Nodes {
			lr := s.laneRect(s.lanes[n.Lane.Index])
			low = math.Max(low, lr.Bottom())
		}
		return f.Bottom() <= low-2
	}
	if !fits(i, grown[i]) {
		return 0, nil, false
	}
	inner := members(i)
	// The frames around it, smallest first, each holding the one before.
	var around []int
	for j := range loops {
		if j == i || len(loops[j].Nodes) <= len(loops[i].Nodes) || !boxes[j].Overlaps(r) {
			continue
		}
		holds := true
		outer := members(j)
		for n := range inner {
			if !outer[n] {
				holds = false
				break
			}
		}
		if holds {
			around = append(around, j)
		}
	}
	sort.SliceStable(around, func(a, b int) bool { return len(loops[around[a]].Nodes) < len(loops[around[b]].Nodes) })
	low := grown[i].Bottom()
	for _, j := range around {
		f := grown[j]
		if need := low + loopNest; f.Bottom() < need {
			if atBottom[j] {
				return 0, nil, false
			}
			f.H = need - f.Y
			if !fits(j, f) {
				return 0, nil, false
			}
			grown[j] = f
		}
		low = grown[j].Bottom()
	}
	x, ok := s.loopTitleX(grown[i], grown[i].Bottom()-loopTitleH, w, placed, grown[:i], grown[i+1:])
	if !ok || s.nodeIn(geom.Rect{X: x, Y: grown[i].Bottom() - loopTitleH, W: w, H: loopTitleH}) {
		return 0, nil, false
	}
	return x, grown, true
}

// nodeIn reports whether a node overlaps r.
func (s *state) nodeIn(r geom.Rect) bool {
	for _, n := range s.nodes {
		if n.rect().Overlaps(r) {
			return true
		}
	}
	return false
}

// overlapsAny reports whether r overlaps one of rs.
func overlapsAny(r geom.Rect, rs []geom.Rect) bool {
	for _, o := range rs {
		if r.Overlaps(o) {
			return true
		}
	}
	return false
}

// cutsFrame reports whether frame r of loop i would cut through the frame
// of another loop (boxes[j], j != i): overlap it without either holding
// the other. Two loops side by side in neighbouring lanes would otherwise
// draw their dashed frames across each other when one reaches higher for
// its title.
func cutsFrame(r geom.Rect, boxes []geom.Rect, i int) bool {
	for j, o := range boxes {
		if j != i && r.Overlaps(o) && !r.Contains(o, 0.5) && !o.Contains(r, 0.5) {
			return true
		}
	}
	return false
}

// loopRaises bounds how often a loop frame reaches higher for its title.
const loopRaises = 2

// loopTitle returns the title of loop l's frame ("loop [condition]") and
// its width: when it is wider than max, shortened to fit with an
// ellipsis (the whole condition stays in the frame's tooltip and in the
// layout JSON).
func (s *state) loopTitle(l *model.Loop, max float64) (string, float64) {
	size := s.env.Theme.SmallFontSize - 1
	title := "loop [" + l.Condition + "]"
	w := s.env.Measure.Width(title, size, false)
	if w <= max || max <= 0 {
		return title, w
	}
	b := s.env.Clamp(s.env.Block(title, size, false, max), 1, max)
	if len(b.Lines) == 0 {
		return title, w
	}
	return b.Lines[0], b.W
}

// b2f is 1 for true, 0 for false.
func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
