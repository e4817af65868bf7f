package sequence

import (
	"math"
	"strings"

	"flowzap/internal/geom"
	"flowzap/internal/model"
)

// rows stacks notes and messages top to bottom in message order,
// reserving room for frame headers and alt dividers.
func (s *state) rows() {
	t := s.env.Theme
	headerH := 0.0
	for _, p := range s.parts {
		headerH = math.Max(headerH, p.h)
	}
	for _, p := range s.parts {
		p.h = headerH
	}
	s.top = margin + headerH
	y := s.top + 20
	shown := map[*model.Node]bool{}
	note := func(n *model.Node) {
		if shown[n] {
			return
		}
		shown[n] = true
		b := s.notes[n.Index]
		w, h := math.Ceil(b.W+16), math.Ceil(b.H+10)
		x := s.parts[n.Lane.Index].x
		s.events = append(s.events, &event{kind: evNote, node: n, text: b, box: geom.Rect{X: x - w/2, Y: y, W: w, H: h}})
		y += h + 10
	}
	starts := map[int][]*frameSpec{}
	ends := map[int][]*frameSpec{}
	dividers := map[int][]*frameSpec{}
	for _, f := range s.frames {
		starts[f.first] = append(starts[f.first], f)
		ends[f.last] = append(ends[f.last], f)
		for i := range f.guards {
			dividers[i] = append(dividers[i], f)
		}
	}
	// A node several messages reach (a join) shows its note after the
	// last of them: it is entered only once they are all in (see
	// model.Order), so its note does not stand among the requests still
	// to come. Its own messages show it earlier if they come first.
	lastIn, ins, firstOut := map[*model.Node]int{}, map[*model.Node]int{}, map[*model.Node]int{}
	for pos, e := range s.flow.Edges {
		lastIn[e.To] = pos
		ins[e.To]++
		if _, ok := firstOut[e.From]; !ok {
			firstOut[e.From] = pos
		}
	}
	for pos, e := range s.flow.Edges {
		// borrow is how much of the padding above a self-message's label
		// of several lines may take: half a pixel only right under a
		// frame's tab or a section's guard, whose text box ends 1 px
		// above (so the two never touch, whatever the rounding).
		borrow := 4.0
		if len(starts[pos]) > 0 || len(dividers[pos]) > 0 {
			borrow = 0.5
		}
		for _, f := range starts[pos] {
			if f.decision != nil && f.decision == e.From {
				// The decision is asked before its alternatives: its
				// note stands above the frame, inside the frames
				// around it.
				note(e.From)
			}
			f.top = y
			f.evFirst = len(s.events)
			// finishFrames lowers a nested frame by 2 px a level: past
			// two levels its tab would reach into the first message
			// (a self-message's line through "alt [next: 720p]").
			y += frameHeader + math.Max(0, 2*float64(f.depth)-4)
		}
		for _, f := range dividers[pos] {
			f.dividerY = append(f.dividerY, y)
			f.dividerGuard = append(f.dividerGuard, f.guards[pos])
			y += 20
		}
		if pos > 0 && pos < len(s.flow.Merged) && s.flow.Merged[pos] {
			// The same message from another alternative (model.Order
			// brings them together after the frame): drawn once.
			for k := len(s.events) - 1; k >= 0; k-- {
				if s.events[k].kind == evMessage {
					s.events[k].also = append(s.events[k].also, e)
					break
				}
			}
		} else {
			note(e.From)
			ev := &event{kind: evMessage, edge: e, label: s.labelText(e)}
			a, b := s.parts[e.From.Lane.Index].x, s.parts[e.To.Lane.Index].x
			if e.From.Lane == e.To.Lane {
				// A word wider than 200 px widens the label up to the
				// 260 px its column was spaced for (columns).
				ev.text = s.env.WordBlock(ev.label, t.SmallFontSize, false, 200, 260)
				// A label is centred on its loop: a label of several lines
				// starts the loop low enough that it stays clear of what came
				// before (one line may use 4 px of the padding above, except
				// under a frame's tab or a guard: see borrow).
				top := y + math.Max(0, (ev.text.H+4)/2-selfHeight/2-borrow)
				ev.pts = []geom.Point{{X: a, Y: top}, {X: a + selfWidth, Y: top}, {X: a + selfWidth, Y: top + selfHeight}, {X: a, Y: top + selfHeight}}
				ev.box = geom.Rect{X: a + selfWidth + 3, Y: top + selfHeight/2 - (ev.text.H+4)/2, W: ev.text.W + 10, H: ev.text.H + 4}
				y = math.Max(top+selfHeight, ev.box.Bottom()) + rowPad
			} else {
				ev.text = s.env.Block(ev.label, t.SmallFontSize, false, math.Max(60, math.Abs(b-a)-28))
				w, h := ev.text.W+10, ev.text.H+4
				ev.box = geom.Rect{X: (a+b)/2 - w/2, Y: y, W: w, H: h}
				arrowY := y + h + 3
				ev.pts = []geom.Point{{X: a, Y: arrowY}, {X: b, Y: arrowY}}
				y = arrowY + rowPad
			}
			s.events = append(s.events, ev)
			if s.named(e) && len(e.To.Items()) == 0 {
				shown[e.To] = true // the message already shows the target's label
			}
		}
		join := ins[e.To] > 1
		// A join entered after more of the flow (the rest of an outer
		// decision's frame, when a branch before this one led to it
		// too: model.Order) shows its note before what it sends, not
		// among the messages between.
		out, sends := firstOut[e.To]
		late := join && sends && out > pos+1
		// A loop's way out (loopExits) closes its frames before the step
		// it reaches shows: that step is done once, after the loop.
		leaves := false
		for _, f := range ends[pos] {
			leaves = leaves || f.exit
		}
		if lastIn[e.To] == pos && !join && !leaves {
			note(e.To)
		}
		closing, held := ends[pos], []*frameSpec(nil)
		hold := lastIn[e.To] == pos && ((join && !late) || (!join && leaves))
		if hold {
			// A loop around the join holds its note: the frames inside
			// it close first (the alternatives that all lead to the
			// join), then the note, then the loop and the frames around
			// it (ends is outer first). So does a break frame: the
			// sequence stops there, at that step (a join of ways that
			// all end, "Declined with reasons" after "Red" and "No").
			for k := len(closing) - 1; k >= 0; k-- {
				if f := closing[k]; f.kind == "loop" && f.nodes[e.To] || f.kind == "break" {
					closing, held = ends[pos][k+1:], ends[pos][:k+1]
					break
				}
			}
		}
		closeFrames := func(fs []*frameSpec) {
			for i := len(fs) - 1; i >= 0; i-- { // inner frames close first
				f := fs[i]
				f.bottom = y
				f.evEnd = len(s.events)
				y += framePad
			}
		}
		closeFrames(closing)
		if hold {
			note(e.To) // after the alternatives that all lead to it, or the loop it leaves
		}
		closeFrames(held)
	}
	for _, n := range s.doc.Nodes { // nodes no edge reaches still show
		note(n)
	}
	s.bottom = y + 8
	s.repeat = s.bottom > repeatAfter
	s.height = s.bottom + margin
	if s.repeat {
		s.height = s.bottom + headerH + margin
	}
	s.height = math.Ceil(s.height)
	conv := model.Converse(s.doc, s.flow)
	for _, ev := range s.events {
		if ev.kind == evMessage && conv.Reply[ev.edge.Index] != nil {
			ev.reply = true
		}
	}
}

// finishFrames sizes each frame around the messages and notes it covers
// and around the frames nested in it, then fits the canvas around
// everything (frames, notes and labels are never clipped).
func (s *state) finishFrames() {
	t := s.env.Theme
	const pad = 10.0
	var stack []*frameSpec
	parent := make([]*frameSpec, len(s.frames))
	for i, f := range s.frames { // sorted outer first
		for len(stack) > 0 {
			top := stack[len(stack)-1]
			if top.first <= f.first && f.last <= top.last {
				break
			}
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 {
			parent[i] = stack[len(stack)-1]
		}
		stack = append(stack, f)
		f.minX, f.maxX = math.Inf(1), math.Inf(-1)
		for _, ev := range s.events[f.evFirst:f.evEnd] {
			r := ev.box
			f.minX, f.maxX = math.Min(f.minX, r.X), math.Max(f.maxX, r.Right())
			for _, p := range ev.pts {
				f.minX, f.maxX = math.Min(f.minX, p.X), math.Max(f.maxX, p.X)
			}
		}
	}
	for i := len(s.frames) - 1; i >= 0; i-- { // inner frames first
		f := s.frames[i]
		if math.IsInf(f.minX, 1) {
			continue
		}
		f.minX -= pad
		f.maxX += pad
		need := s.env.Measure.Width(f.label, t.SmallFontSize, true) + 24
		for _, g := range f.dividerGuard {
			need = math.Max(need, s.env.Measure.Width("["+g+"]", t.SmallFontSize, false)+16)
		}
		f.maxX = math.Max(f.maxX, f.minX+need)
		f.top += 2 * float64(f.depth)
		if p := parent[i]; p != nil {
			p.minX, p.maxX = math.Min(p.minX, f.minX), math.Max(p.maxX, f.maxX)
		}
	}
	s.fit()
}

// fit shifts everything right when something reaches past the left margin
// and widens the canvas to the rightmost thing plus the margin.
func (s *state) fit() {
	lo, hi := math.Inf(1), math.Inf(-1)
	span := func(a, b float64) { lo, hi = math.Min(lo, a), math.Max(hi, b) }
	for _, p := range s.parts {
		span(p.x-p.w/2, p.x+p.w/2)
	}
	for _, ev := range s.events {
		span(ev.box.X, ev.box.Right())
		for _, p := range ev.pts {
			span(p.X, p.X)
		}
	}
	for _, f := range s.frames {
		if f.maxX > f.minX {
			span(f.minX, f.maxX)
		}
	}
	if math.IsInf(lo, 1) {
		return
	}
	if dx := margin - lo; dx > 0 {
		for _, p := range s.parts {
			p.x += dx
		}
		for _, ev := range s.events {
			ev.box.X += dx
			for i := range ev.pts {
				ev.pts[i].X += dx
			}
		}
		for _, f := range s.frames {
			f.minX += dx
			f.maxX += dx
		}
		hi += dx
	}
	s.width = math.Max(s.width, math.Ceil(hi+margin))
}

// noteText is what a node's note says: its label, or for a taskbox its
// title with each sub-item on a line of its own ("Review|Check|Verify"
// reads "Review", "· Check", "· Verify").
func noteText(n *model.Node) string {
	items := n.Items()
	if len(items) == 0 {
		return n.Label
	}
	var b strings.Builder
	b.WriteString(n.Title())
	for _, it := range items {
		b.WriteString("\n· ")
		b.WriteString(it)
	}
	return b.String()
}
