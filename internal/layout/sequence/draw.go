package sequence

import (
	"strconv"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/scene"
)

func box(r geom.Rect) scene.Box { return scene.Box{X: r.X, Y: r.Y, W: r.W, H: r.H} }

func text(b layout.TextBlock, c geom.Point, color string) *scene.Text {
	return &scene.Text{X: c.X, Y: b.Baseline(c.Y), Lines: b.Lines, Size: b.Size, Bold: b.Bold, Color: color,
		Anchor: scene.Middle, LineHeight: b.LineHeight}
}

func (s *state) draw() *scene.Scene {
	t := s.env.Theme
	sc := &scene.Scene{View: "sequence", Width: s.width, Height: s.height, Background: t.Background}
	lay := &scene.SequenceLayout{View: "sequence", Width: s.width, Height: s.height,
		Participants: []scene.Participant{}, Messages: []scene.Message{}, Frames: []scene.Frame{}, Notes: []scene.Note{}}
	sc.Sequence = lay
	sc.Items = append(sc.Items, &scene.Rect{R: geom.Rect{W: s.width, H: s.height}, Fill: t.Background})
	for _, p := range s.parts {
		r := geom.Rect{X: p.x - p.w/2, Y: margin, W: p.w, H: p.h}
		g := &scene.Group{Kind: "lane", ID: p.m.ID, Title: p.m.Label, Items: []scene.Item{
			&scene.Path{Points: []geom.Point{{X: p.x, Y: s.top}, {X: p.x, Y: s.bottom}}, Stroke: scene.Stroke{Color: t.LaneBorder, Width: 1.25, Dash: true}},
			&scene.Rect{R: r, Radius: 6, Fill: t.LaneHeader, Stroke: scene.Stroke{Color: t.NodeStroke, Width: 1.25}},
			text(p.title, r.Center(), t.LaneText),
		}}
		if s.repeat {
			rb := r
			rb.Y = s.bottom
			g.Items = append(g.Items, &scene.Rect{R: rb, Radius: 6, Fill: t.LaneHeader, Stroke: scene.Stroke{Color: t.NodeStroke, Width: 1.25}},
				text(p.title, rb.Center(), t.LaneText))
		}
		sc.Items = append(sc.Items, g)
		lay.Participants = append(lay.Participants, scene.Participant{ID: p.m.ID, Label: p.m.Label, Box: box(r)})
	}
	for i, f := range s.frames {
		if f.maxX <= f.minX {
			continue
		}
		r := geom.Rect{X: f.minX, Y: f.top, W: f.maxX - f.minX, H: f.bottom - f.top}
		tabW := s.env.Measure.Width(f.label, t.SmallFontSize, true) + 16
		color := t.LoopStroke
		if f.kind != "loop" {
			color = t.DecisionLine
		}
		id := f.id
		if id == "" {
			id = f.kind + strconv.Itoa(i+1)
		}
		g := &scene.Group{Kind: "frame", ID: id, Class: f.kind, Title: f.label, Items: []scene.Item{
			&scene.Rect{R: r, Radius: 4, Stroke: scene.Stroke{Color: color, Width: 1.25}},
			&scene.Polygon{Points: []geom.Point{{X: r.X, Y: r.Y}, {X: r.X + tabW, Y: r.Y}, {X: r.X + tabW, Y: r.Y + 14}, {X: r.X + tabW - 6, Y: r.Y + 20}, {X: r.X, Y: r.Y + 20}},
				Fill: t.Background, Stroke: scene.Stroke{Color: color, Width: 1.25}},
			&scene.Text{X: r.X + 8, Y: r.Y + 14, Lines: []string{f.label}, Size: t.SmallFontSize, Bold: true, Color: color, LineHeight: t.SmallFontSize * t.LineHeight},
		}}
		fr := scene.Frame{Kind: f.kind, Label: f.label, Box: box(r)}
		for j, y := range f.dividerY {
			// The guard stands on the background, like the frame's tab:
			// the lifelines it spans (the first one passes under its
			// opening bracket) stop at its edge instead of striking
			// its text through.
			guard := "[" + f.dividerGuard[j] + "]"
			gw := s.env.Measure.Width(guard, t.SmallFontSize, false)
			g.Items = append(g.Items,
				&scene.Path{Points: []geom.Point{{X: r.X, Y: y + 2}, {X: r.Right(), Y: y + 2}}, Stroke: scene.Stroke{Color: color, Width: 1, Dash: true}},
				&scene.Rect{R: geom.Rect{X: r.X + 6, Y: y + 4, W: gw + 4, H: 15}, Fill: t.Background},
				&scene.Text{X: r.X + 8, Y: y + 15, Lines: []string{guard}, Size: t.SmallFontSize, Color: color, LineHeight: t.SmallFontSize * t.LineHeight})
			fr.Sections = append(fr.Sections, scene.Section{Guard: f.dividerGuard[j], Y: y + 2})
		}
		sc.Items = append(sc.Items, g)
		lay.Frames = append(lay.Frames, fr)
	}
	for _, ev := range s.events {
		if ev.kind == evGoto {
			// Unfilled and dashed: it points to the step, further down
			// ("→") or above ("↑"), and is no step of its own.
			n := ev.node
			title := "goes on at "
			if ev.back {
				title = "goes back to "
			}
			// Numbered like the frames: a step may be named by several,
			// and its note has its ID.
			id := "continuation" + strconv.Itoa(len(lay.Continuations)+1)
			sc.Items = append(sc.Items, &scene.Group{Kind: "continuation", ID: id, Title: title + n.ID + ": " + n.Title(), Items: []scene.Item{
				&scene.Rect{R: ev.box, Radius: 4, Fill: t.Background, Stroke: scene.Stroke{Color: t.TaskAccent, Width: 1, Dash: true}},
				text(ev.text, ev.box.Center(), t.NodeText),
			}})
			lay.Continuations = append(lay.Continuations, scene.Continuation{Node: n.ID, Text: ev.label, Owner: n.Lane.ID, Box: box(ev.box)})
			continue
		}
		if ev.kind == evNote {
			sc.Items = append(sc.Items, &scene.Group{Kind: "node", ID: ev.node.ID, Class: string(ev.node.Shape), Title: layout.Tooltip(ev.node), Items: []scene.Item{
				&scene.Rect{R: ev.box, Radius: 4, Fill: t.TaskFill, Stroke: scene.Stroke{Color: t.TaskAccent, Width: 1}},
				text(ev.text, ev.box.Center(), t.NodeText),
			}})
			lay.Notes = append(lay.Notes, scene.Note{Node: ev.node.ID, Text: ev.node.Label, Owner: ev.node.Lane.ID, Details: layout.NodeDetails(ev.node), Box: box(ev.box)})
			continue
		}
		e := ev.edge
		id := "e" + strconv.Itoa(e.Index+1)
		title := e.From.ID + " → " + e.To.ID + ": " + ev.label
		if s.named(e) {
			// Named after its target: the message stands for the step.
			if d := layout.TooltipDetails(e.To); d != "" {
				title += "\n" + d
			}
		}
		label := text(ev.text, ev.box.Center(), t.EdgeText)
		if e.From.Lane == e.To.Lane {
			// A message to itself has its label beside the loop: its
			// lines start together, at the loop.
			label.Anchor, label.X = scene.Start, ev.box.X+5
		}
		g := &scene.Group{Kind: "edge", ID: id, Title: title, Items: []scene.Item{
			&scene.Path{Points: ev.pts, Radius: 4, Stroke: scene.Stroke{Color: t.Edge, Width: 1.5, Dash: ev.reply}, Arrow: true},
			&scene.Rect{R: ev.box, Radius: 3, Fill: t.EdgeLabelBg},
			label,
		}}
		sc.Items = append(sc.Items, g)
		m := scene.Message{Edge: id, From: e.From.ID, To: e.To.ID, Return: ev.reply, Label: &scene.Label{Text: ev.label, Box: box(ev.box)}}
		for _, o := range ev.also {
			m.Merged = append(m.Merged, "e"+strconv.Itoa(o.Index+1))
		}
		for _, p := range ev.pts {
			m.Points = append(m.Points, [2]float64{p.X, p.Y})
		}
		lay.Messages = append(lay.Messages, m)
	}
	return sc
}
