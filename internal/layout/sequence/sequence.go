// Package sequence lays out the sequence view: lanes are participants
// (header boxes with dashed lifelines), every edge is a message drawn top to
// bottom in flow order (see model.Order), node labels are notes on the
// lifeline where the flow reaches them, replies to pending requests are
// dashed, loops become loop frames and decisions with labelled outcomes
// become alt frames.
//
//	┌────────┐        ┌────────┐
//	│ Client │        │  API   │
//	└───┬────┘        └───┬────┘
//	    │ [Submit form]   │
//	    │  POST /login    │
//	    │────────────────▶│
//	    │   200 OK        │
//	    │◀ ─ ─ ─ ─ ─ ─ ─ ─│
//
// Every phase is linear in the number of edges and lanes.
package sequence

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

const (
	margin      = 16.0
	minGap      = 200.0 // between lifelines
	headerMinW  = 120.0
	noteMaxW    = 176.0
	noteWordW   = 256.0 // a note widened for a word up to this
	selfWidth   = 40.0
	selfHeight  = 18.0
	rowPad      = 12.0
	frameHeader = 26.0
	framePad    = 10.0
	repeatAfter = 640.0 // repeat the headers at the bottom past this height
)

type participant struct {
	m     *model.Lane
	title layout.TextBlock
	w, h  float64
	x     float64 // lifeline x
}

type event struct {
	kind  int // evNote or evMessage
	node  *model.Node
	edge  *model.Edge
	text  layout.TextBlock
	box   geom.Rect // note or label box
	pts   []geom.Point
	reply bool
	label string
	also  []*model.Edge // the same message from other alternatives (model.Flow.Merged)
	back  bool          // a continuation back up to a step shown above (evGoto)
}

const (
	evNote = iota
	evMessage
	evGoto // where a section goes on (see gotos)
)

type frameSpec struct {
	kind, label  string // kind: "loop", "alt", "opt" (an alt of one section) or "break" (a section that ends)
	id           string // loops: "loop" and the loop's number in written order (the workflow view's ID)
	first, last  int    // edge indexes
	guards       map[int]string
	depth        int
	top, bottom  float64
	minX, maxX   float64
	dividerY     []float64
	dividerGuard []string
	evFirst      int // events[evFirst:evEnd] are inside the frame
	evEnd        int
	nodes        map[*model.Node]bool // a loop's nodes
	decision     *model.Node          // an alt frame's decision
	exit         bool                 // an alt frame that ends at its loop's way out (loopExits)
	loop         int                  // a loop frame's loop (its index in the document's loops)
}

type state struct {
	doc  *model.Document
	env  layout.Env
	flow *model.Flow // the message order
	// guard[e.Index]: e is a decision's outcome whose label guards its
	// section of the alt frame and the only way into its target; its
	// message is named after that target. An outcome into a step that
	// other messages reach too (a join) keeps its label: the step's note
	// comes once, after them. So does the one outcome left unframed after
	// break frames, unless it is "else" (the way round).
	guard  []bool
	notes  []layout.TextBlock // by node index: its note's text (noteBlock)
	parts  []*participant
	events []*event
	frames []*frameSpec
	width  float64
	height float64
	top    float64 // lifelines start
	bottom float64 // lifelines end
	repeat bool
	// evAt[p] is how many events there were when the message at flow
	// position p was reached (evAt[len] at the end).
	evAt []int
	// gotos[p] is the step that the section of an alt, opt or break
	// frame ending with the message at position p goes on at, when the
	// picture would not say so otherwise (see markGotos).
	gotos map[int]gotoMark
	// reachWork bounds the work of allReach in one stacking of the rows
	// (past it, an end shows after its frames as other joins do).
	reachWork int
	// replies is model.Converse's Reply: the request each message
	// answers, by edge index.
	replies []*model.Edge
}

// gotoMark is a continuation: the step a section goes on at, and
// whether that step showed above the section (back: a way back up).
type gotoMark struct {
	n    *model.Node
	back bool
}

// Layout lays out doc as a sequence diagram.
func Layout(doc *model.Document, env layout.Env) *scene.Scene {
	s := &state{doc: doc, env: env, flow: model.Order(doc, env.Order), guard: make([]bool, len(doc.Edges))}
	// The ways into each step, but for those back round a cycle outside
	// every loop frame: drawn later, they point back up to the step (a
	// continuation), so the outcome before them is still the one way into
	// it, and its message names the step. A step of a written loop keeps
	// its note inside the loop's frame.
	looped := make([]bool, len(doc.Nodes))
	for _, l := range doc.Loops {
		for _, n := range l.Nodes {
			looped[n.Index] = true
		}
	}
	ins := make([]int, len(doc.Nodes))
	for _, e := range doc.Edges {
		if !s.back(e) || looped[e.To.Index] {
			ins[e.To.Index]++
		}
	}
	for _, a := range s.flow.Alts {
		for k, b := range a.Branches {
			if k == a.Breaks && len(framed(a)) == 0 {
				// Unframed: its message keeps its label, unless that
				// is "else", the way round, which names no condition.
				e := s.flow.Edges[b[0]]
				s.guard[e.Index] = strings.EqualFold(e.Label, "else") && ins[e.To.Index] == 1 && !s.back(e)
				break
			}
			// Every outcome of the section's label is guarded by it
			// (outcomes with one label are drawn as one section).
			first := s.flow.Edges[b[0]]
			for p := b[0]; p < b[1] && first.Label != ""; p++ {
				if e := s.flow.Edges[p]; e.From == a.Decision && e.Label == first.Label && ins[e.To.Index] == 1 && !s.back(e) {
					s.guard[e.Index] = true
				}
			}
		}
	}
	s.measure()
	s.frameSpecs()
	s.columns()
	s.rows()
	// Written order is literal: a section's last message is not its
	// way on there, so it has no continuations.
	if env.Order != model.WrittenOrder && s.markGotos() {
		s.rows()
	}
	s.finishFrames()
	return s.draw()
}

func (s *state) measure() {
	t := s.env.Theme
	for _, l := range s.doc.Lanes {
		// A word wider than 170 px widens the header, up to 260 px.
		p := &participant{m: l, title: s.env.WordBlock(l.Label, t.TitleFontSize, true, 170, 260)}
		p.w = math.Max(headerMinW, math.Ceil(p.title.W+28))
		p.h = math.Ceil(p.title.H + 20)
		s.parts = append(s.parts, p)
	}
	s.notes = make([]layout.TextBlock, len(s.doc.Nodes))
	for _, n := range s.doc.Nodes {
		s.notes[n.Index] = s.noteBlock(n)
	}
}

// frameSpecs finds the loops and alt frames and the messages they cover
// (positions in the message order).
func (s *state) frameSpecs() {
	// The messages at each node, and the decisions' alternatives.
	at := map[*model.Node][]int{}
	for p, e := range s.flow.Edges {
		at[e.From] = append(at[e.From], p)
		if e.To != e.From {
			at[e.To] = append(at[e.To], p)
		}
	}
	alts := map[*model.Node][]model.Alt{}
	for _, a := range s.flow.Alts {
		alts[a.Decision] = append(alts[a.Decision], a)
	}
	// A way out is kept only where the loop's frame ends with it (a loop
	// that goes on past it, round another decision's alternatives, still
	// holds what follows the way out, which must then stay in its branch).
	rounds := s.flow.Rounds
	exits := s.loopExits(at, alts, rounds)
	for {
		s.frames = nil
		s.buildFrames(at, alts, exits)
		ends := map[[2]int]bool{}
		for _, f := range s.frames {
			if f.kind == "loop" {
				for n := range f.nodes {
					ends[[2]int{n.Index, f.last}] = true
				}
				for _, d := range rounds[f.loop] {
					ends[[2]int{d.Index, f.last}] = true
				}
			}
		}
		stale := false
		for _, f := range s.frames {
			if f.exit && !ends[[2]int{f.decision.Index, f.last}] {
				delete(exits, f.first)
				stale = true
			}
		}
		if !stale {
			break
		}
	}
	// Outer frames first, so nested ones indent further.
	sort.SliceStable(s.frames, func(i, j int) bool {
		a, b := s.frames[i], s.frames[j]
		if a.first != b.first {
			return a.first < b.first
		}
		return a.last > b.last
	})
	for i, f := range s.frames {
		for _, g := range s.frames[:i] {
			if g.first <= f.first && f.last <= g.last {
				f.depth++
			}
		}
	}
}

// buildFrames makes the loop and alt frames, the alternatives listed in
// exits ending at their loop's way out.
func (s *state) buildFrames(at map[*model.Node][]int, alts map[*model.Node][]model.Alt, exits map[int]int) {
	leaving := make(map[int]bool, len(exits)) // the messages by which a loop is left
	for _, cut := range exits {
		leaving[cut-1] = true
	}
	for li, l := range s.doc.Loops {
		in := map[*model.Node]bool{}
		for _, n := range l.Nodes {
			in[n] = true
		}
		f := &frameSpec{kind: "loop", id: "loop" + strconv.Itoa(li+1), label: "loop [" + l.Condition + "]", first: -1, nodes: in, loop: li}
		cover := func(p int) {
			if f.first < 0 || p < f.first {
				f.first = p
			}
			f.last = max(f.last, p)
		}
		// The messages between the loop's nodes; and a call from the
		// loop to another participant with the first message that comes
		// back into the loop after it (a loop whose nodes meet only
		// through another lane has no message of its own).
		var outs, ins []int // out of the loop; into it (from anywhere)
		for n := range in {
			for _, p := range at[n] {
				e := s.flow.Edges[p]
				switch {
				case e.To != n:
					if !in[e.To] {
						outs = append(outs, p)
					}
				case in[e.From]:
					cover(p)
					ins = append(ins, p)
				default:
					ins = append(ins, p)
				}
			}
		}
		sort.Ints(ins)
		after := func(p int) int { // the first message into the loop after p, or -1
			if i := sort.SearchInts(ins, p+1); i < len(ins) {
				return ins[i]
			}
			return -1
		}
		for _, p := range outs {
			if leaving[p] {
				continue // the loop's way out: what follows is done once
			}
			if q := after(p); q >= 0 && !in[s.flow.Edges[q].From] {
				cover(p)
				cover(q)
			}
		}
		if f.first < 0 {
			continue
		}
		// The message that enters the loop just before its first one,
		// from a participant that takes part in the loop, into a step
		// that nothing in the loop leads back to, is what starts each
		// round (an imported "loop" whose first message comes from a
		// step made before it): it goes inside. A loop that leads back
		// to the step it is entered at repeats by that way instead.
		lanes := map[*model.Lane]bool{}
		for n := range in {
			lanes[n.Lane] = true
		}
		for f.first > 0 {
			e := s.flow.Edges[f.first-1]
			if !in[e.To] || in[e.From] || !lanes[e.From.Lane] || e.To.Lane == e.From.Lane {
				break
			}
			again := false
			for _, p := range at[e.To] {
				g := s.flow.Edges[p]
				again = again || g.To == e.To && in[g.From] && g.From != e.To
			}
			if again {
				break
			}
			f.first--
		}
		// A decision inside the loop whose alternatives lead back into it
		// (a retry) takes them all into the loop: they are the loop's
		// body (the retry and the way out), not what follows it. So does
		// the loop's first step when it is the decision ("More items?"):
		// its alternatives start the frame, and the loop holds them all
		// rather than standing inside the first.
		for n := range in {
			for _, a := range alts[n] {
				if a.Start() >= f.first {
					end := a.End()
					if cut, ok := exits[a.Start()]; ok {
						end = cut
					}
					if q := after(a.Start() - 1); q >= 0 && q < end {
						f.last = max(f.last, end-1)
					}
				}
			}
		}
		s.frames = append(s.frames, f)
	}
	for _, a := range s.flow.Alts {
		guard := func(b [2]int) string {
			e := s.flow.Edges[b[0]]
			if e.Label != "" {
				return e.Label
			}
			return e.To.Title()
		}
		// A branch that ends while messages follow the frame is a break
		// (model.Alt.Breaks): whatever follows a frame follows all its
		// sections.
		for _, b := range a.Branches[:a.Breaks] {
			s.frames = append(s.frames, &frameSpec{kind: "break", label: "break [" + guard(b) + "]", first: b[0], last: b[1] - 1,
				guards: map[int]string{}, decision: a.Decision})
		}
		rest := a.Branches[a.Breaks:]
		if len(rest) == 0 || a.Breaks > 0 && len(rest) == 1 {
			continue // what is left happens whenever the breaks did not
		}
		kind := "alt"
		if len(rest) == 1 { // the other outcomes go round it (model.Flow.Alts)
			kind = "opt"
		}
		f := &frameSpec{kind: kind, label: kind + " [" + guard(rest[0]) + "]", first: rest[0][0], last: a.End() - 1,
			guards: map[int]string{}, decision: a.Decision}
		if cut, ok := exits[a.Start()]; ok && a.Breaks == 0 {
			f.last, f.exit = cut-1, true
		}
		for _, b := range rest[1:] {
			f.guards[b[0]] = guard(b)
		}
		s.frames = append(s.frames, f)
	}
	s.nestLoops()
}

// loopExits finds the decisions that end a loop: inside a loop, every
// alternative but the last leads back into the loop and nowhere else (a
// retry) and the last leaves it and never comes back. What follows the way out is done once,
// after the loop, so the decision's frame (and with it the loop's) ends
// at the message that leaves: the rest of that branch comes after both
// frames instead of inside them ("car returned" inside "loop [while the
// estimate is disputed]" read as repeated with the estimate). It returns,
// by the alternative's first message, the position just after the
// leaving message.
func (s *state) loopExits(at map[*model.Node][]int, alts map[*model.Node][]model.Alt, rounds [][]*model.Node) map[int]int {
	exits := map[int]int{}
	looped := make([]bool, len(s.doc.Nodes)) // in some loop
	for _, l := range s.doc.Loops {
		for _, n := range l.Nodes {
			looped[n.Index] = true
		}
	}
	for li, l := range s.doc.Loops {
		in := map[*model.Node]bool{}
		for _, n := range l.Nodes {
			in[n] = true
		}
		into := func(b [2]int) bool { // a message of the branch enters the loop
			for p := b[0]; p < b[1]; p++ {
				if in[s.flow.Edges[p].To] {
					return true
				}
			}
			return false
		}
		// comesBack: a message of the branch enters the loop other than
		// as, or after, an outcome of a decision outside every loop
		// reached after a step done outside the loop (a review's "No,
		// with comments" back to the planning step after the tests loop
		// has been left and a pull request opened; a declined mortgage's
		// "try another lender" back to the broker's document check after
		// the lender's "Affordable?": a round of its own, not the
		// loop's), as model.Order weighs a decision's outcomes.
		comesBack := func(b [2]int) bool {
			left := false  // a message of the branch reached a step outside the loop
			outer := false // and then came out of a decision outside every loop
			for p := b[0]; p < b[1]; p++ {
				e := s.flow.Edges[p]
				outer = outer || e.From.Shape == model.Diamond && !looped[e.From.Index] && left
				if in[e.To] && !outer {
					return true
				}
				left = left || !in[e.To] && e.To.Shape != model.Diamond
			}
			return false
		}
		// stays: the branch enters the loop again and every step it
		// reaches outside the loop goes on inside the branch, or is an
		// end (a step that sends nothing: a suggested fix that worked
		// stops there, one that did not comes back), with no join after
		// the alternatives that goes on (another way out).
		stays := func(b [2]int) bool {
			if !into(b) {
				return false
			}
			for p := b[0]; p < b[1]; p++ {
				t := s.flow.Edges[p].To
				if in[t] {
					continue
				}
				goes, sends := false, false
				for _, q := range at[t] {
					from := s.flow.Edges[q].From == t
					sends = sends || from
					goes = goes || (from && q >= b[0] && q < b[1])
				}
				if !goes && sends {
					return false
				}
			}
			return true
		}
		for _, n := range append(slices.Clip(l.Nodes), rounds[li]...) {
			for _, a := range alts[n] {
				k := len(a.Branches) - 1
				if k < 1 || comesBack(a.Branches[k]) {
					continue
				}
				retry := true
				for _, b := range a.Branches[:k] {
					retry = retry && stays(b)
				}
				if last := a.Branches[k]; retry && last[1] > last[0]+1 {
					exits[a.Start()] = last[0] + 1
				}
			}
		}
	}
	return exits
}

// nestLoops widens each loop frame that crosses another frame (a loop whose
// back edge returns inside a decision's branch, say) until it holds the
// whole of that frame, so frames never cut through each other. Alt frames
// nest by construction in flow order.
func (s *state) nestLoops() {
	var loops []*frameSpec
	for _, f := range s.frames {
		if f.kind == "loop" {
			loops = append(loops, f)
		}
	}
	if len(loops) == 0 {
		return
	}
	others := append([]*frameSpec(nil), s.frames...)
	sort.Slice(others, func(i, j int) bool { return others[i].first < others[j].first })
	for _, f := range loops {
		for changed, round := true, 0; changed && round < 64; round++ {
			changed = false
			// Only frames that start before f ends can cross it.
			end := sort.Search(len(others), func(i int) bool { return others[i].first > f.last })
			for _, g := range others[:end] {
				switch {
				case g == f:
				case g.first < f.first && f.first <= g.last && g.last < f.last:
					f.first, changed = g.first, true
				case f.first < g.first && g.first <= f.last && f.last < g.last:
					f.last, changed = g.last, true
				}
			}
		}
	}
}

// framed returns the branches of a that an alt (or opt) frame holds:
// those after its breaks, none when a single one is left (it happens
// whenever the breaks did not, unframed) or none is.
func framed(a model.Alt) [][2]int {
	rest := a.Branches[a.Breaks:]
	if a.Breaks > 0 && len(rest) == 1 {
		return nil
	}
	return rest
}

// columns places the lifelines far enough apart for their headers and for
// the labels of the messages between them.
func (s *state) columns() {
	t := s.env.Theme
	n := len(s.parts)
	if n == 0 {
		return
	}
	gap := make([]float64, n) // gap[i]: distance from lifeline i to i+1
	extra := make([]float64, n)
	for i := 0; i+1 < n; i++ {
		gap[i] = math.Max(minGap, (s.parts[i].w+s.parts[i+1].w)/2+32)
	}
	need := func(a, b int, w float64) {
		if a > b {
			a, b = b, a
		}
		have := 0.0
		for i := a; i < b; i++ {
			have += gap[i]
		}
		if w > have {
			gap[b-1] += w - have
		}
	}
	for _, e := range s.flow.Edges {
		lb := s.env.Block(s.labelText(e), t.SmallFontSize, false, 260)
		a, b := e.From.Lane.Index, e.To.Lane.Index
		if a == b {
			extra[a] = math.Max(extra[a], selfWidth+12+lb.W)
			if a+1 < n {
				need(a, a+1, selfWidth+lb.W+40)
			}
			continue
		}
		need(a, b, math.Min(lb.W, 260)+48)
	}
	// A note wider than its participant's header (a word that widened
	// it, see noteBlock) on the first or last lifeline keeps inside the
	// canvas.
	noteHalf := make([]float64, n)
	for _, nd := range s.doc.Nodes {
		i := nd.Lane.Index
		noteHalf[i] = math.Max(noteHalf[i], math.Ceil(s.notes[nd.Index].W+16)/2)
	}
	x := math.Max(margin+s.parts[0].w/2, noteHalf[0]-20+8) // the note 8 px from the edge at least
	for i, p := range s.parts {
		p.x = x
		if i+1 < n {
			x += gap[i]
		}
	}
	last := s.parts[n-1]
	right := math.Max(last.x+last.w/2, last.x+extra[n-1]+8)
	right = math.Max(right, last.x+math.Max(noteMaxW/2, noteHalf[n-1]))
	s.width = math.Ceil(right + margin + 40) // room for frames
	for _, p := range s.parts {
		p.x += 20
	}
}

// noteBlock is node n's note text, wrapped at noteMaxW less its padding;
// a word wider than that widens it, up to noteWordW.
func (s *state) noteBlock(n *model.Node) layout.TextBlock {
	return s.env.WordBlock(noteText(n), s.env.Theme.SmallFontSize, false, noteMaxW-16, noteWordW-16)
}

// back reports whether e goes back round a cycle (see [model.Flow]).
func (s *state) back(e *model.Edge) bool { return s.flow.Back != nil && s.flow.Back[e.Index] }

// named reports whether e's message is named after its target: it has
// no label, or its label is the guard of its alt frame's section ("ok"
// stands in the frame, the message says what is sent: "200"; see guard).
func (s *state) named(e *model.Edge) bool {
	return e.Label == "" || s.guard[e.Index]
}

func (s *state) labelText(e *model.Edge) string {
	text := e.Label
	if s.named(e) {
		text = e.To.Title() // a taskbox's sub-items are in its note
	}
	if s.env.Number {
		text = strconv.Itoa(s.flow.Pos[e.Index]+1) + ". " + text
	}
	return text
}
