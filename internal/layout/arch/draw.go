package arch

import (
	"math"
	"strings"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

func box(r geom.Rect) scene.Box { return scene.Box{X: r.X, Y: r.Y, W: r.W, H: r.H} }

func text(b layout.TextBlock, x, cy float64, color string, anchor scene.Anchor) *scene.Text {
	return &scene.Text{X: x, Y: b.Baseline(cy), Lines: b.Lines, Size: b.Size, Bold: b.Bold, Color: color, Anchor: anchor, LineHeight: b.LineHeight}
}

// shapeName is how the architecture view draws each shape, as reported in
// the layout JSON.
func shapeName(s model.Shape) string {
	switch s {
	case model.Circle:
		return "endpoint"
	case model.Diamond:
		return "gateway"
	case model.Taskbox:
		return "task"
	}
	return "component"
}

func (s *state) draw() *scene.Scene {
	t := s.env.Theme
	sc := &scene.Scene{View: "architecture", Width: s.width, Height: s.height, Background: t.Background}
	lay := &sc.Layout
	*lay = scene.Layout{View: "architecture", Width: s.width, Height: s.height,
		Lanes: make([]scene.LaneBox, 0, len(s.conts)), Nodes: make([]scene.NodeBox, 0, len(s.comps)),
		Edges: make([]scene.EdgeRoute, 0, len(s.deps)), Loops: []scene.LoopBox{}}
	sc.Items = make([]scene.Item, 0, 1+len(s.conts)+len(s.deps)+len(s.comps))
	sc.Items = append(sc.Items, &scene.Rect{R: geom.Rect{W: s.width, H: s.height}, Fill: t.Background})
	for i, c := range s.conts {
		r := c.rect()
		g := &scene.Group{Kind: "lane", ID: c.m.ID, Class: strings.TrimSpace("container " + c.icon), Title: c.m.Label, Items: []scene.Item{
			&scene.Rect{R: r, Radius: 12, Fill: t.LaneFill[i%len(t.LaneFill)], Stroke: scene.Stroke{Color: t.LaneBorder, Width: 1.5, Dash: c.icon == "external"}},
		}}
		tx := r.X + titleInset
		if c.icon != "" && c.icon != "external" {
			g.Items = append(g.Items, icon(c.icon, geom.Point{X: r.X + 22, Y: r.Y + 18}, t.MutedText)...)
			tx += iconRoom
		}
		g.Items = append(g.Items, text(c.title, tx, r.Y+c.headerH()/2, t.LaneText, scene.Start))
		sc.Items = append(sc.Items, g)
		header := box(geom.Rect{X: r.X, Y: r.Y, W: r.W, H: c.headerH()})
		if c.tr {
			header = box(geom.Rect{X: r.X, Y: r.Y, W: c.stripW(), H: r.H})
		}
		lay.Lanes = append(lay.Lanes, scene.LaneBox{ID: c.m.ID, Label: c.m.Label, Box: box(r), Header: &header})
	}
	for _, d := range s.deps {
		title := d.from.m.ID + " → " + d.to.m.ID
		if len(d.labels) > 0 {
			title += ": " + strings.Join(d.labels, ", ")
		}
		g := &scene.Group{Kind: "edge", ID: d.id, Title: title, Items: []scene.Item{
			&scene.Path{Points: d.pts, Radius: 6, Stroke: scene.Stroke{Color: t.Edge, Width: 1.5}, Arrow: true},
		}}
		r := scene.EdgeRoute{ID: d.id, From: d.from.m.ID, To: d.to.m.ID, FromSide: string(d.fs), ToSide: string(d.ts)}
		if len(d.pts) > 0 {
			r.Points = make([][2]float64, 0, len(d.pts))
		}
		for _, p := range d.pts {
			r.Points = append(r.Points, [2]float64{p.X, p.Y})
		}
		if len(d.labels) > 0 {
			g.Items = append(g.Items, &scene.Rect{R: d.labelBox, Radius: 3, Fill: t.EdgeLabelBg},
				text(d.label, d.labelBox.Center().X, d.labelBox.Center().Y, t.EdgeText, scene.Middle))
			r.Label = &scene.Label{Text: strings.Join(d.labels, ", "), Box: box(d.labelBox)}
		}
		sc.Items = append(sc.Items, g)
		lay.Edges = append(lay.Edges, r)
	}
	for _, c := range s.comps {
		sc.Items = append(sc.Items, s.drawComp(c))
		lay.Nodes = append(lay.Nodes, scene.NodeBox{ID: c.m.ID, Lane: c.cont.m.ID, Shape: shapeName(c.m.Shape), Label: c.m.Label, Details: layout.NodeDetails(c.m), Box: box(c.rect())})
	}
	return sc
}

func (s *state) drawComp(c *comp) scene.Item {
	t := s.env.Theme
	r := c.rect()
	cy := r.Center().Y
	label := s.fitLabel(c, r)
	g := &scene.Group{Kind: "node", ID: c.m.ID, Class: shapeName(c.m.Shape), Title: layout.Tooltip(c.m)}
	switch c.m.Shape {
	case model.Circle:
		g.Items = append(g.Items,
			&scene.Rect{R: r, Radius: r.H / 2, Fill: t.NodeFill, Stroke: scene.Stroke{Color: t.StartStroke, Width: 1.25}},
			&scene.Ellipse{C: geom.Point{X: r.X + 20, Y: cy}, RX: circleR, RY: circleR, Fill: t.StartFill, Stroke: scene.Stroke{Color: t.StartStroke, Width: 2}},
			text(label, r.X+36, cy, t.NodeText, scene.Start))
	case model.Diamond:
		x := r.X + 20
		h := diamondSize / 2
		g.Items = append(g.Items,
			&scene.Rect{R: r, Radius: 8, Fill: t.NodeFill, Stroke: scene.Stroke{Color: t.DecisionLine, Width: 1.25}},
			&scene.Polygon{Points: []geom.Point{{X: x, Y: cy - h}, {X: x + h, Y: cy}, {X: x, Y: cy + h}, {X: x - h, Y: cy}},
				Fill: t.DecisionFill, Stroke: scene.Stroke{Color: t.DecisionLine, Width: 1.5}},
			text(label, r.X+40, cy, t.NodeText, scene.Start))
	default:
		if c.m.Shape == model.Taskbox {
			g.Items = append(g.Items,
				&scene.Rect{R: r, Radius: 8, Fill: t.TaskFill, Stroke: scene.Stroke{Color: t.TaskAccent, Width: 1.25}},
				&scene.Rect{R: geom.Rect{X: r.X, Y: r.Y + 1, W: 5, H: r.H - 2}, Radius: 2, Fill: t.TaskAccent})
		} else {
			g.Items = append(g.Items, &scene.Rect{R: r, Radius: 8, Fill: t.NodeFill, Stroke: scene.Stroke{Color: t.NodeStroke, Width: 1.25}})
		}
		mid := cy // the middle of what is above the system line
		if c.m.System != "" {
			mid -= 8
		}
		if len(c.desc.Lines) > 0 {
			// The label and the description, centred together.
			top := mid - (label.H+compDescGap+c.desc.H)/2
			g.Items = append(g.Items,
				text(label, r.Center().X, top+label.H/2, t.NodeText, scene.Middle),
				text(c.desc, r.Center().X, top+label.H+compDescGap+c.desc.H/2, t.MutedText, scene.Middle))
		} else {
			g.Items = append(g.Items, text(label, r.Center().X, mid, t.NodeText, scene.Middle))
		}
		if c.m.System != "" {
			// One line; one that does not fit the card ends in an
			// ellipsis (the whole text is in the tooltip).
			sys := s.env.Clamp(s.env.Block(c.m.System, t.SmallFontSize, false, r.W-16), 1, r.W-16)
			g.Items = append(g.Items,
				&scene.Text{X: r.Center().X, Y: r.Bottom() - 9, Lines: sys.Lines[:1], Size: sys.Size, Color: t.MutedText, Anchor: scene.Middle, LineHeight: sys.LineHeight})
		}
	}
	return g
}

// icon draws a small glyph for a container kind, centred on c.
func icon(kind string, c geom.Point, color string) []scene.Item {
	st := scene.Stroke{Color: color, Width: 1.5}
	switch kind {
	case "database":
		return []scene.Item{
			&scene.Path{Points: []geom.Point{{X: c.X - 7, Y: c.Y - 5}, {X: c.X - 7, Y: c.Y + 6}}, Stroke: st},
			&scene.Path{Points: []geom.Point{{X: c.X + 7, Y: c.Y - 5}, {X: c.X + 7, Y: c.Y + 6}}, Stroke: st},
			&scene.Ellipse{C: geom.Point{X: c.X, Y: c.Y - 5}, RX: 7, RY: 3, Stroke: st},
			&scene.Ellipse{C: geom.Point{X: c.X, Y: c.Y + 6}, RX: 7, RY: 3, Stroke: st},
		}
	case "queue":
		var out []scene.Item
		for i := -1; i <= 1; i++ {
			out = append(out, &scene.Rect{R: geom.Rect{X: c.X - 8 + float64(i+1)*6, Y: c.Y - 6, W: 4, H: 12}, Radius: 1, Fill: color})
		}
		return out
	case "person":
		return []scene.Item{
			&scene.Ellipse{C: geom.Point{X: c.X, Y: c.Y - 4}, RX: 3.5, RY: 3.5, Stroke: st},
			&scene.Path{Points: []geom.Point{{X: c.X - 7, Y: c.Y + 8}, {X: c.X - 7, Y: c.Y + 3}, {X: c.X + 7, Y: c.Y + 3}, {X: c.X + 7, Y: c.Y + 8}}, Radius: 3, Stroke: st},
		}
	}
	return nil
}

// fitLabel returns c's label as drawn in r: wrapped again to the card's
// width when the card is wider than the label was wrapped for (a lone
// component stretched to its container's width) and that takes fewer
// lines; the card keeps its size, the text is centred in it as before.
func (s *state) fitLabel(c *comp, r geom.Rect) layout.TextBlock {
	if len(c.text.Lines) < 2 {
		return c.text
	}
	t := s.env.Theme
	text, bold, inset := c.m.Label, false, 32.0
	switch c.m.Shape {
	case model.Circle:
		inset = 36 + 16
	case model.Diamond:
		inset = 40 + 16
	case model.Taskbox:
		text, bold = c.m.Title(), true
	}
	avail := math.Floor(r.W - inset)
	if avail <= c.text.W+1 {
		return c.text
	}
	wide := s.env.Block(text, t.FontSize, bold, s.env.PieceWidth(text, t.FontSize, bold, avail))
	if len(wide.Lines) >= len(c.text.Lines) || wide.W > avail || wide.H > c.text.H {
		return c.text
	}
	return wide
}
