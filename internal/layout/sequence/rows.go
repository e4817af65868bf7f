package sequence

import (
	"math"
	"slices"
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
	// rows may run twice (see markGotos): start afresh.
	s.events = s.events[:0]
	s.evAt = s.evAt[:0]
	for _, f := range s.frames {
		f.dividerY, f.dividerGuard = f.dividerY[:0], f.dividerGuard[:0]
	}
	shown := make([]bool, len(s.doc.Nodes))
	s.reachWork = 16*(len(s.flow.Edges)+len(s.frames)) + 4096
	note := func(n *model.Node) {
		if shown[n.Index] {
			return
		}
		shown[n.Index] = true
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
	// By node index: the position of the last edge into it, how many
	// edges enter it, where the edges into it start, and where it
	// first sends (-1: never) as drawn: an edge merged into the message
	// before it is sent there (sendsMerged: drawn with another step's).
	nn := len(s.doc.Nodes)
	lastIn, ins, firstIn, firstOut := make([]int, nn), make([]int, nn), make([]int, nn), make([]int, nn)
	sendsMerged := make([]bool, nn)
	for i := range nn {
		firstIn[i], firstOut[i] = -1, -1
	}
	for pos, e := range s.flow.Edges {
		to := e.To.Index
		if firstIn[to] < 0 {
			firstIn[to] = pos
		}
		lastIn[to] = pos
		ins[to]++
		if from := e.From.Index; firstOut[from] < 0 {
			p := pos
			for p > 0 && p < len(s.flow.Merged) && s.flow.Merged[p] {
				p--
			}
			firstOut[from] = p
			sendsMerged[from] = p != pos
		}
	}
	for pos, e := range s.flow.Edges {
		s.evAt = append(s.evAt, len(s.events))
		// borrow is how much of the padding above a self-message's label
		// of several lines may take: half a pixel only right under a
		// frame's tab or a section's guard, whose text box ends 1 px
		// above (so the two never touch, whatever the rounding).
		borrow := 4.0
		if len(starts[pos]) > 0 || len(dividers[pos]) > 0 {
			borrow = 0.5
		}
		// A section's divider comes before the frames that start with
		// the section's first message: they lie inside that section
		// (nestLoops widens a loop that would reach past it to hold the
		// whole alt frame, which then starts before pos). Drawn after
		// them, the divider and its guard cut through their tabs (a
		// retry loop whose first message is the "No" outcome).
		for _, f := range dividers[pos] {
			f.dividerY = append(f.dividerY, y)
			f.dividerGuard = append(f.dividerGuard, f.guards[pos])
			y += 20
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
			// The same message from the other alternatives comes next
			// (drawn with this one): their senders show before it too.
			for q := pos + 1; q < len(s.flow.Merged) && s.flow.Merged[q]; q++ {
				note(s.flow.Edges[q].From)
			}
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
				ev.text = s.env.Balanced(ev.label, t.SmallFontSize, false, math.Max(60, math.Abs(b-a)-28))
				w, h := ev.text.W+10, ev.text.H+4
				ev.box = geom.Rect{X: (a+b)/2 - w/2, Y: y, W: w, H: h}
				arrowY := y + h + 3
				ev.pts = []geom.Point{{X: a, Y: arrowY}, {X: b, Y: arrowY}}
				y = arrowY + rowPad
			}
			s.events = append(s.events, ev)
			if s.named(e) && len(e.To.Items()) == 0 {
				shown[e.To.Index] = true // the message already shows the target's label
			}
		}
		join := ins[e.To.Index] > 1
		// A join entered after more of the flow (the rest of an outer
		// decision's frame, when a branch before this one led to it
		// too: model.Order) shows its note before what it sends, not
		// among the messages between.
		out := firstOut[e.To.Index]
		sends := out >= 0
		late := join && sends && out > pos+1
		// A loop's way out (loopExits) closes its frames before the step
		// it reaches shows: that step is done once, after the loop.
		leaves := false
		for _, f := range ends[pos] {
			leaves = leaves || f.exit
		}
		if lastIn[e.To.Index] == pos && !join && !leaves && !s.opensLoop(pos+1, e.To, starts) {
			note(e.To)
		}
		if g, ok := s.gotos[pos]; ok {
			// The section goes on further down, or back up: say where,
			// on that step's lifeline, before its frame closes.
			n := g.n
			arrow := "→ "
			if g.back {
				arrow = "↑ "
			}
			b := s.env.WordBlock(arrow+n.Title(), t.SmallFontSize, false, noteMaxW-16, noteWordW-16)
			w, h := math.Ceil(b.W+16), math.Ceil(b.H+10)
			x := s.parts[n.Lane.Index].x
			s.events = append(s.events, &event{kind: evGoto, node: n, text: b, label: arrow + n.Title(), back: g.back, box: geom.Rect{X: x - w/2, Y: y, W: w, H: h}})
			y += h + 10
		}
		closing, held := ends[pos], []*frameSpec(nil)
		hold := lastIn[e.To.Index] == pos && ((join && !late) || (!join && leaves))
		if hold {
			// A loop around the join holds its note: the frames inside
			// it close first (the alternatives that all lead to the
			// join), then the note, then the loop and the frames around
			// it (ends is outer first). So does a break frame: the
			// sequence stops there, at that step (a join of ways that
			// all end, "Declined with reasons" after "Red" and "No").
			split := false
			for k := len(closing) - 1; k >= 0; k-- {
				if f := closing[k]; f.kind == "loop" && f.nodes[e.To] || f.kind == "break" {
					closing, held = ends[pos][k+1:], ends[pos][:k+1]
					split = true
					break
				}
			}
			// A join whose message is drawn with another step's (the
			// same message from the other alternatives, after the
			// frames) shows right after the innermost frame that holds
			// every edge into it (the alternatives that all lead to it),
			// inside the frames around that one: it stays in the outer
			// section its ways are part of, not among the other
			// section's steps after the frames.
			for k := len(closing) - 1; k > 0 && !split && sendsMerged[e.To.Index]; k-- {
				if f := closing[k]; f.first <= firstIn[e.To.Index] {
					closing, held = ends[pos][k:], ends[pos][:k]
					split = true
				}
			}
			// An end that some ways through a frame never reach shows
			// inside that frame, in the section of its last message: a
			// note after a frame reads as following every section of
			// it ("Review update" after "Green? No" would follow the
			// auto-merge too). The sections that do reach it from
			// further up say so with a continuation (markGotos).
			if !split && join && !sends {
				for k := len(closing) - 1; k >= 0; k-- {
					if f := closing[k]; f.kind != "loop" && !s.allReach(f, e.To) {
						closing, held = ends[pos][k+1:], ends[pos][:k+1]
						break
					}
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
	s.evAt = append(s.evAt, len(s.events))
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
	if s.replies == nil { // rows may run twice: the answers stay
		s.replies = model.Converse(s.doc, s.flow).Reply
	}
	for _, ev := range s.events {
		if ev.kind == evMessage && s.replies[ev.edge.Index] != nil {
			ev.reply = true
		}
	}
}

// sections returns the flow positions of f's sections, in order: each
// from its first message to just after its last.
func (f *frameSpec) sections() [][2]int {
	starts := []int{f.first}
	for p := range f.guards {
		starts = append(starts, p)
	}
	slices.Sort(starts)
	out := make([][2]int, len(starts))
	for k, a := range starts {
		b := f.last + 1
		if k+1 < len(starts) {
			b = starts[k+1]
		}
		out[k] = [2]int{a, b}
	}
	return out
}

// allReach reports whether every way through frame f reaches step n:
// f is an alt frame each of whose sections reaches it (see reaches).
// A break or opt frame has a way that does not go through it.
func (s *state) allReach(f *frameSpec, n *model.Node) bool {
	if f.kind != "alt" {
		return false
	}
	for _, sec := range f.sections() {
		if !s.reaches(f, sec[0], sec[1], n) {
			return false
		}
	}
	return true
}

// reaches reports whether the section of frame f holding the messages
// at flow positions a to b reaches step n on every way through it: a
// message into n outside the frames nested in it (loops aside), or a
// nested alt frame all of whose ways reach n.
func (s *state) reaches(f *frameSpec, a, b int, n *model.Node) bool {
	if s.reachWork -= len(s.frames) + b - a; s.reachWork < 0 {
		return true // past the budget: after the frame, as joins show
	}
	var nested []*frameSpec
	for _, g := range s.frames {
		if g != f && g.kind != "loop" && a <= g.first && g.last < b {
			nested = append(nested, g)
		}
	}
outer:
	for p := a; p < b; p++ {
		if s.flow.Edges[p].To != n {
			continue
		}
		for _, g := range nested {
			if g.first <= p && p <= g.last {
				continue outer
			}
		}
		return true
	}
	for _, g := range nested {
		if s.allReach(g, n) {
			return true
		}
	}
	return false
}

// markGotos finds the sections of alt and opt frames whose way on is
// drawn further down than right after the frame, and reports whether
// there are any. By the notation, what follows a frame follows each of
// its sections; a section whose last message reaches a step that is
// entered only later (a join that an alternative of an outer frame
// reaches too, drawn after that frame: the referral's "Fraud confirmed:
// Yes" to "Decline claim", while "No" goes on to "Approve payout" right
// after the frames) would read as going on with what follows. Such a
// section ends with a continuation naming the step. A section's way on
// is its last message's target: the flow order is depth first, so the
// last message of a section is where its way through stands when the
// section ends. It is drawn further down when the first note or
// message of that step after the section's start comes neither inside
// the section nor right after the frame (or, when the frame ends a
// section of the frame around it, right after that one, and so on
// out), and what comes there is not another step the section reaches
// (a fan-out's other way on; this last one only for a step not shown
// above). A way back to a step that showed above the section (a retry)
// is named with "↑" unless a loop frame around says it goes round.
// A step counts as shown above when a message above is labelled with
// its title (an end step that sends nothing shows only so). A break
// frame stops at the step its last message reaches: when that message
// does not name it and it is drawn elsewhere (an end that other ways
// reach too), the frame ends with a continuation naming it. A way
// back to the decision of the frame or of one around it, which shows
// in the section only as the sender of its first message, is named
// with "↑" (asksAround); so is a step that only sends right after the
// frame when the section's last message does not name it and its
// title shows only on another section's message (unnamedAfter). Loops
// and the unframed way after breaks go on in place: they have none.
func (s *state) markGotos() bool {
	// act[n] lists the events where step n shows or sends, in order.
	act := make([][]int, len(s.doc.Nodes)) // by node index
	add := func(n *model.Node, i int) {
		if l := act[n.Index]; len(l) == 0 || l[len(l)-1] != i {
			act[n.Index] = append(l, i)
		}
	}
	// named[n] lists the events whose message is labelled with step n's
	// title (a step that never sends shows only so).
	named := make([][]int, len(s.doc.Nodes))
	noted := make([]bool, len(s.doc.Nodes)) // the step has a note
	for i, ev := range s.events {
		switch ev.kind {
		case evNote:
			add(ev.node, i)
			noted[ev.node.Index] = true
		case evMessage:
			add(ev.edge.From, i)
			for _, e := range ev.also {
				add(e.From, i)
			}
			if to := ev.edge.To.Index; s.named(ev.edge) {
				named[to] = append(named[to], i)
			}
		}
	}
	gotos := map[int]gotoMark{}
	parent := s.frameParents()
	at := make(map[*frameSpec]int, len(s.frames))
	for i, f := range s.frames {
		at[f] = i
	}
	// inLoop reports whether frame i lies in a loop frame.
	inLoop := func(i int) bool {
		for p := parent[i]; p != nil; p = parent[at[p]] {
			if p.kind == "loop" {
				return true
			}
		}
		return false
	}
	looped := s.loopedMessages()
	var after []int
	// Inner frames first: a way on named in a section inside is not one
	// the section around it goes on by (see goesOn).
	for fi := len(s.frames) - 1; fi >= 0; fi-- {
		f := s.frames[fi]
		if f.kind != "alt" && f.kind != "opt" && f.kind != "break" {
			continue
		}
		// after lists the events that come right after the frame: its
		// end, and when it ends a section of the frame around it (its
		// end is that frame's divider or end), that frame's end too,
		// and so on out.
		after = append(after[:0], f.evEnd)
		for g, p := f, parent[fi]; p != nil; g, p = p, parent[at[p]] {
			if _, ok := p.guards[g.last+1]; !ok && p.last != g.last {
				break
			}
			after = append(after, p.evEnd)
		}
		for _, sec := range f.sections() {
			a, b := sec[0], sec[1]
			n := s.flow.Edges[b-1].To
			l := act[n.Index]
			i, _ := slices.BinarySearch(l, s.evAt[a])
			// back: the step showed above the section (a way back to
			// it, a retry or a round trip's answer), or a message above
			// was labelled with its title (an end step reached before).
			nb := named[n.Index]
			j, _ := slices.BinarySearch(nb, s.evAt[a])
			back := i > 0 || j > 0
			// A way back to the decision of this frame or of one around
			// it (a code typed after a time-out, checked again) shows
			// in the section only as the sender of its guard: it goes
			// back up to the question.
			if b-1 > a && s.asksAround(fi, parent, at, n) {
				if !inLoop(fi) {
					gotos[b-1] = gotoMark{n, true}
				}
				continue
			}
			if last := s.flow.Edges[b-1]; last.From != n && i < len(l) && l[i] < s.evAt[b-1] && !inLoop(fi) && !looped[b-1] && !showsAfter(l[i:], s.evAt[b-1], s.evAt[b], after) {
				// The step shows in the section only above its last
				// message, which goes back up to it (a second round of
				// review, no loop written round it): name it, as a way
				// back above the section.
				gotos[b-1] = gotoMark{n, true}
				continue
			}
			switch {
			case i < len(l) && (l[i] < s.evAt[b] || slices.Contains(after, l[i])) && !s.unnamedAfter(n, l[i], a, b, nb, noted):
				continue // it shows in the section or right after the frame
			case back && inLoop(fi):
				continue // the loop's frame says it goes round
			case f.kind == "break":
				// A break stops at the step its last message reaches:
				// when that message does not name it and it is drawn
				// elsewhere (an end that other ways reach too: "Yes" to
				// "Incident closed"), say which.
				if s.named(s.flow.Edges[b-1]) || j < len(nb) && nb[j] < s.evAt[b] || !back && i == len(l) && j == len(nb) {
					continue
				}
			case !back && (i == len(l) || s.goesOn(a, b, after, gotos)):
				continue
			}
			gotos[b-1] = gotoMark{n, back}
		}
	}
	s.markWaysBack(act, named, looped, gotos)
	s.gotos = gotos
	return len(gotos) > 0
}

// markWaysBack names the step that a message closing a cycle, outside
// the ends of sections, goes back up to (a refresh written from the last step back
// to an early one, a reassessment back to its question after the
// question's frame): drawn where it is sent, such a message reads as a
// step of its own, or as the end, unless the picture says where it
// leads. Not named: a message a loop frame holds (the frame says it goes
// round), the answer to a call (a message back to the step of another
// participant that called its sender, drawn as an answer), one the step it reaches goes on from
// right after, a message drawn with another (merged), and the last
// message of a section, which markGotos has weighed already.
func (s *state) markWaysBack(act, named [][]int, looped []bool, gotos map[int]gotoMark) {
	ends := map[int]bool{}
	for _, f := range s.frames {
		if f.kind == "alt" || f.kind == "opt" || f.kind == "break" {
			for _, sec := range f.sections() {
				ends[sec[1]-1] = true
			}
		}
	}
	// calls holds the edges by their ends: an edge back to the step of
	// another participant that called its sender is the call's answer
	// (drawn as one), not a way back to name.
	var calls map[[2]int]bool
	for p, e := range s.flow.Edges {
		if s.flow.Back == nil || !s.flow.Back[e.Index] {
			continue
		}
		if calls == nil {
			calls = make(map[[2]int]bool, len(s.doc.Edges))
			for _, g := range s.doc.Edges {
				calls[[2]int{g.From.Index, g.To.Index}] = true
			}
		}
		if e.From.Lane != e.To.Lane && calls[[2]int{e.To.Index, e.From.Index}] {
			continue
		}
		if _, ok := gotos[p]; ok || ends[p] || looped[p] || e.From == e.To ||
			p > 0 && p < len(s.flow.Merged) && s.flow.Merged[p] {
			continue
		}
		n, at := e.To, s.evAt[p]
		l, nb := act[n.Index], named[n.Index]
		if (len(l) == 0 || l[0] >= at) && (len(nb) == 0 || nb[0] >= at) {
			continue // not shown above: the message leads on to it
		}
		next := len(s.events)
		if p+1 < len(s.evAt) {
			next = s.evAt[p+1]
		}
		if _, found := slices.BinarySearch(l, next); found {
			continue // it answers or goes on right after
		}
		gotos[p] = gotoMark{n, true}
	}
}

// loopedMessages reports, by flow position, whether a loop frame holds
// the message (its frame says where it goes round), in one pass over the
// frames and the messages however deep the loops nest.
func (s *state) loopedMessages() []bool {
	depth := make([]int, len(s.flow.Edges)+1)
	for _, f := range s.frames {
		if f.kind == "loop" && 0 <= f.first && f.first <= f.last && f.last < len(s.flow.Edges) {
			depth[f.first]++
			depth[f.last+1]--
		}
	}
	out := make([]bool, len(s.flow.Edges))
	for p, d := 0, 0; p < len(out); p++ {
		d += depth[p]
		out[p] = d > 0
	}
	return out
}

// showsAfter reports whether one of the events l (a step's, in order)
// comes after the event at msg and before the event at end, or right
// after the frame (after).
func showsAfter(l []int, msg, end int, after []int) bool {
	for _, k := range l {
		if k > msg && k < end || slices.Contains(after, k) {
			return true
		}
	}
	return false
}

// unnamedAfter reports whether step n, which sends the event at k
// right after a frame, goes unnamed there for the section holding the
// messages at flow positions a to b: the section's last message
// carries its own label, n has no note and its title shows only on a
// message of another section above (nb: the events of the messages
// labelled with it). After the frame it only sends, from its
// lifeline: a reader cannot tell it is the step that message reached
// (the hotel's "no" to "Cancel flight", named in the car's section,
// before the flight's "refund").
func (s *state) unnamedAfter(n *model.Node, k, a, b int, nb []int, noted []bool) bool {
	// nb is in order: its last event must stand above the section (none
	// in it or below it).
	return k >= s.evAt[b] && !noted[n.Index] && !s.named(s.flow.Edges[b-1]) && len(nb) > 0 && nb[len(nb)-1] < s.evAt[a]
}

// asksAround reports whether n is the decision of frame fi or of a
// frame around it.
func (s *state) asksAround(fi int, parent []*frameSpec, at map[*frameSpec]int, n *model.Node) bool {
	for f := s.frames[fi]; f != nil; f = parent[at[f]] {
		if f.decision == n {
			return true
		}
	}
	return false
}

// goesOn reports whether what follows a frame (the events at after)
// is a step that the messages at flow positions a to b reach showing or
// sending: that section goes on right after the frame anyway (a
// fan-out's other way), whatever its last message reaches. A message
// that ends a section inside with a continuation (gotos) does not count:
// its way on is named where it stands.
func (s *state) goesOn(a, b int, after []int, gotos map[int]gotoMark) bool {
	for _, i := range after {
		if i >= len(s.events) {
			continue
		}
		ev := s.events[i]
		n := ev.node
		if ev.kind == evMessage {
			n = ev.edge.From
		}
		for p := a; p < b; p++ {
			if _, named := gotos[p]; s.flow.Edges[p].To == n && !named {
				return true
			}
		}
	}
	return false
}

// frameParents returns, by frame, the innermost frame around it (nil
// for none); s.frames is sorted outer first.
func (s *state) frameParents() []*frameSpec {
	var stack []*frameSpec
	parent := make([]*frameSpec, len(s.frames))
	for i, f := range s.frames {
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
	}
	return parent
}

// finishFrames sizes each frame around the messages and notes it covers
// and around the frames nested in it, then fits the canvas around
// everything (frames, notes and labels are never clipped).
func (s *state) finishFrames() {
	t := s.env.Theme
	const pad = 10.0
	parent := s.frameParents()
	for _, f := range s.frames {
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

// opensLoop reports whether the message at pos is n's first, sent from
// inside a loop frame that opens with it: n is the loop's first step, so
// its note stands inside the frame (the step repeated each round, "Charge
// through the acquirer" before "Approved?"), not above it with the
// message that enters the loop.
func (s *state) opensLoop(pos int, n *model.Node, starts map[int][]*frameSpec) bool {
	if pos >= len(s.flow.Edges) || s.flow.Edges[pos].From != n || pos < len(s.flow.Merged) && s.flow.Merged[pos] {
		return false
	}
	for _, f := range starts[pos] {
		if f.kind == "loop" && f.nodes[n] {
			return true
		}
	}
	return false
}
