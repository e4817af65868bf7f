package mermaid

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"flowzap/internal/lazyre"

	"flowzap/internal/interchange"
	"flowzap/internal/model"
	"flowzap/internal/source"
)

// seqParser maps a sequence diagram to a flow: participants become lanes;
// each message becomes a step in the receiver's lane (labelled with the
// message) reached from the sender's current step; loop blocks become
// loops, alt/opt/break blocks a decision whose outgoing edges carry the
// guards. After an alt block a participant's current steps are where each
// branch left it, so what it sends next follows every branch. After a
// break block the participants go on from where they stood before it,
// past its decision by the way round it ("else"): the break's section
// ends the sequence.
type seqParser struct {
	g *interchange.Graph
	// cur holds each participant's current steps: one, or after an alt
	// block the last step of each branch that involved it.
	cur map[*interchange.Lane][]*interchange.Node
	// skips are the decisions of opt blocks: an edge from one after its
	// block is the way round it ("else").
	skips map[*interchange.Node]bool
	// sent marks where a participant stands once its decision's outcome
	// has sent a section's first message to another participant: a
	// placeholder for a step after the decision in its lane, made (see
	// steps) only when the participant sends again from there, so that
	// its next message is not one more outcome of the decision.
	sent map[*interchange.Node]*interchange.Edge
	made map[*interchange.Node]*interchange.Node // the step made for a placeholder
	// before maps each step made for a placeholder to the message step
	// its outcome first reached: the made step comes before it in the
	// flow, whenever it is made.
	before map[*interchange.Node]*interchange.Node
	// rounds marks where the participants stand after a break block: a
	// placeholder for the way round its decision, which the first of them
	// to send takes (see round).
	rounds map[*interchange.Node]*round
	n      int
	blocks []*block
	// decisions are those of the alt, opt and break blocks, in order.
	decisions []*interchange.Node
	// optEnds are the steps where an opt block (or an alt of one
	// section) left its decision's lane.
	optEnds map[*interchange.Node][]*interchange.Node
	// aliases maps a participant ID to its lane.
	started bool
	// last is the step the statement just read made for its message
	// (nil after any other statement), with the message's text: a
	// question right before an alt, opt or break block is the block's
	// decision, and a note over its receiver right after it names it.
	last     *interchange.Node
	lastText string
	lastIn   []*interchange.Edge
	// ended: the statement just read was `end` (a note over a
	// participant that stands at several steps then names their join).
	ended bool
}

// round is the way round a break block's decision: the participant that
// sends first after the block goes on from the decision by the outcome
// "else"; the others, once it is taken, from where they stood before the
// block.
type round struct {
	decision *interchange.Node
	before   map[*interchange.Lane][]*interchange.Node
	taken    bool
}

// maxDepth bounds how deep blocks (loop, alt, opt, ...) may nest, as
// XML files are bounded to a depth of 256.
const maxDepth = 256

type block struct {
	kind     string
	label    string
	sp       source.Span
	first    int               // index of the first node created inside
	edge     int               // index of the first edge created inside
	loops    int               // index of the first loop closed inside
	head     *interchange.Node // a loop's step made before it, named by a note inside it
	snapshot map[*interchange.Lane][]*interchange.Node
	ends     []map[*interchange.Lane][]*interchange.Node // where each finished branch left the participants
	decision *interchange.Node
	guard    string // guard of the current section, for its first message
	guards   []string
	pending  bool // the current section has not sent its first message
	// ask is the step of a question asked right before the block
	// (`S->>S: In stock?`, as our export writes a decision): the
	// decision itself when its participant sends the first section's
	// first message from there, which keeps its label.
	ask   *interchange.Node
	named bool // the decision is ask: its label stays
}

var (
	aliasRx = lazyre.New(`"alias"\s*:\s*"((?:[^"\\]|\\.)*)"`)
	partRx  = lazyre.New(`^(participant|actor)\s+(.+?)(?:\s+as\s+(.+))?$`)
	msgRx   = lazyre.New(`^(.+?)\s*(<<-->>|<<->>|-->>|->>|-->|->|--x|-x|--\)|-\))\s*([+-]?)\s*([^:]+?)\s*:(.*)$`)
	noteRx  = lazyre.New(`(?i)^note\s+(left of|right of|over)\s+([^:]+?)\s*:(.*)$`)
	blkRx   = lazyre.New(`^(loop|alt|opt|par|critical|break|rect|box)\b\s*(.*)$`)
	secRx   = lazyre.New(`^(else|and|option)\b\s*(.*)$`)
	cosRx   = lazyre.New(`^(activate|deactivate|autonumber|title|accTitle|accDescr|links?|properties|details|destroy|create)\b`)
)

func (p *seqParser) span(s stmt, from, to int) source.Span {
	return source.Span{Start: source.Pos(s.off + from), End: source.Pos(s.off + to)}
}

func (p *seqParser) run(stmts []stmt) {
	p.cur = map[*interchange.Lane][]*interchange.Node{}
	p.skips = map[*interchange.Node]bool{}
	p.sent = map[*interchange.Node]*interchange.Edge{}
	p.made = map[*interchange.Node]*interchange.Node{}
	p.before = map[*interchange.Node]*interchange.Node{}
	p.rounds = map[*interchange.Node]*round{}
	p.optEnds = map[*interchange.Node][]*interchange.Node{}
	for _, s := range stmts {
		t := s.text
		last, lastText, lastIn, ended := p.last, p.lastText, p.lastIn, p.ended
		p.last, p.lastText, p.lastIn, p.ended = nil, "", nil, false
		if rest, ok := strings.CutPrefix(t, "create "); ok && partRx.Get().MatchString(strings.TrimSpace(rest)) {
			// The participant is declared (with its name) where it is
			// created; the creation itself is not carried.
			p.g.Warnf(p.span(s, 0, len("create")), "`create` not carried over: %s is a lane from the start", short(strings.TrimSpace(rest)))
			rest = strings.TrimSpace(rest)
			s = stmt{rest, s.off + len(t) - len(rest)}
			t = rest
		}
		switch {
		case t == "end":
			if len(p.blocks) > 0 && p.blocks[len(p.blocks)-1].kind == "loop" {
				// A question that ends a loop may ask the block
				// right after it (the sequence view cuts a decision's
				// frame out of the loop that holds the decision).
				p.last, p.lastText, p.lastIn = last, lastText, lastIn
			}
			p.end(s)
			p.ended = true
		case partRx.Get().MatchString(t):
			m := partRx.Get().FindStringSubmatch(t)
			id := m[2]
			label := m[3]
			if k := strings.Index(id, "@{"); k >= 0 {
				// The name may be given inside: @{ "alias": "Public API" }.
				if a := aliasRx.Get().FindStringSubmatch(id[k:]); a != nil && label == "" {
					label = strings.ReplaceAll(a[1], `\"`, `"`)
				}
				p.g.Warnf(p.span(s, 0, len(t)), "participant properties %s not carried over", short(id[k:]))
				id = strings.TrimSpace(id[:k])
			}
			if label == "" {
				label = id
			}
			if l := p.g.FindLane(id); l != nil {
				// Declared after a message named it: the name given
				// here is the one Mermaid shows.
				if l.Label == plain(id) && label != id {
					l.Label = plain(label)
				}
				continue
			}
			p.g.Lane(id, plain(label), p.span(s, 0, len(t)))
		case noteRx.Get().MatchString(t):
			m := noteRx.Get().FindStringSubmatch(t)
			who := strings.TrimSpace(strings.Split(m[2], ",")[0])
			l := p.lane(who, s)
			if p.noteLabel(m, l, last, lastText, lastIn, ended, s) {
				continue
			}
			p.g.Notes = append(p.g.Notes, &interchange.Note{Lane: l, Text: "Note " + m[1] + " " + m[2] + ": " + plain(m[3])})
			p.g.Warnf(p.span(s, 0, len(t)), "note kept as a comment in lane %q: FlowZap has no notes", who)
		case blkRx.Get().MatchString(t) && len(p.blocks) >= maxDepth:
			// Where each participant stands grows with the blocks open
			// around it, and so the work with the square of the depth.
			p.g.Errorf(p.span(s, 0, len(t)), "found a block nested %d deep: expected at most %d blocks one inside another", len(p.blocks)+1, maxDepth)
			return
		case blkRx.Get().MatchString(t):
			m := blkRx.Get().FindStringSubmatch(t)
			b := &block{kind: m[1], label: plain(m[2]), sp: p.span(s, 0, len(t)), first: len(p.g.Nodes), edge: len(p.g.Edges), loops: len(p.g.Loops), guard: plain(m[2]), pending: true}
			switch b.kind {
			case "alt", "opt", "break":
				b.guards = []string{b.label}
				if last != nil && strings.HasSuffix(lastText, "?") && last.Shape == model.Rectangle {
					b.ask = last
				}
			case "rect":
				p.g.Warnf(b.sp, "`rect` highlight not carried over")
			case "box":
				p.g.Warnf(b.sp, "participant `box` %q not carried over: its participants stay lanes", b.label)
			case "par", "critical":
				p.g.Warnf(b.sp, "`%s` block kept as plain message order: FlowZap has no %s frames", b.kind, b.kind)
			}
			p.blocks = append(p.blocks, b)
			if b.kind == "loop" {
				// A note over the step that the message before the
				// loop made names it, and takes it into the loop (the
				// sequence view draws a loop's first step's note in
				// its frame).
				p.last, p.lastText, p.lastIn = last, lastText, lastIn
			}
		case secRx.Get().MatchString(t):
			m := secRx.Get().FindStringSubmatch(t)
			if len(p.blocks) == 0 {
				p.g.Errorf(p.span(s, 0, len(m[1])), "`%s` outside a block: expected it inside alt, par or critical", m[1])
				continue
			}
			b := p.blocks[len(p.blocks)-1]
			if b.kind == "alt" && m[1] == "else" {
				b.guard = plain(m[2])
				b.guards = append(b.guards, b.guard)
				b.pending = true
				if b.snapshot != nil {
					b.ends = append(b.ends, p.cur)
					p.cur = maps.Clone(b.snapshot)
				}
			} else if b.kind == "alt" || b.kind == "par" && m[1] != "and" || b.kind == "critical" && m[1] != "option" {
				p.g.Errorf(p.span(s, 0, len(m[1])), "`%s` does not belong in a %s block", m[1], b.kind)
			}
		case cosRx.Get().MatchString(t):
			w := cosRx.Get().FindString(t)
			p.g.Warnf(p.span(s, 0, len(t)), "`%s` not carried over (%s)", w, short(t))
		case msgRx.Get().MatchString(t):
			p.message(s, msgRx.Get().FindStringSubmatch(t))
		default:
			p.g.Errorf(p.span(s, 0, len(t)), "found %q where a sequence statement was expected: expected a message (A->>B: text), participant, note, loop, alt, opt or end", short(t))
		}
	}
	for _, b := range p.blocks {
		p.g.Errorf(b.sp, "`%s` block is never closed: expected `end`", b.kind)
	}
	// The way round an opt, a one-section alt or a break that nothing
	// after the block takes (the block is the last thing its participant
	// does): the outcome "else" ends at a step End in the decision's
	// lane, so the decision keeps two outcomes. The steps where an opt
	// left that lane go on to End too, so the ways meet again (the
	// sequence view draws an opt frame, not a break).
	ways := map[*interchange.Node]int{}
	for _, e := range p.g.Edges {
		ways[e.From]++
	}
	for _, d := range p.decisions {
		if ways[d] == 1 {
			p.n++
			end := p.g.Node(fmt.Sprintf("seq%d", p.n), d.Lane, model.Circle, "End", d.Span)
			p.g.Edge(d, end, "else", d.Span)
			for _, n := range p.optEnds[d] {
				p.g.Edge(n, end, "", d.Span)
			}
		}
	}
}

// noteLabel reads `Note over X: text` (one participant) as a label,
// as the sequence export writes the label of a step that its message
// does not show: right after a message to X whose edge has no label, it
// is the label of the step the message made, and the message's text
// becomes the edge's label (unless it is the label's title); before X
// has a step, it is the label of the step X starts from (the Start
// circle of the first sender). It reports whether it did; other notes
// are comments.
func (p *seqParser) noteLabel(m []string, l *interchange.Lane, last *interchange.Node, lastText string, lastIn []*interchange.Edge, ended bool, s stmt) bool {
	if !strings.EqualFold(m[1], "over") || strings.Contains(m[2], ",") {
		return false
	}
	text := plain(m[3])
	if text == "" {
		return false
	}
	title, _, _ := strings.Cut(text, "|")
	title = strings.TrimSpace(title)
	switch {
	case last != nil && last.Lane == l && len(lastIn) > 0 && !slices.ContainsFunc(lastIn, func(e *interchange.Edge) bool { return e.Label != "" }):
		if k := len(p.blocks) - 1; k >= 0 && p.blocks[k].kind == "loop" && p.blocks[k].first == len(p.g.Nodes) {
			// No step made in the loop yet: the message's came before.
			p.blocks[k].head = last
		}
		last.Label = text
		if strings.Contains(text, "|") {
			last.Shape = model.Taskbox
		}
		if title != lastText {
			for _, e := range lastIn {
				e.Label = lastText
			}
		}
		return true
	case len(p.cur[l]) == 0:
		p.n++
		shape := model.Rectangle
		if !p.started {
			shape = model.Circle
		}
		p.cur[l] = []*interchange.Node{p.g.Node(fmt.Sprintf("seq%d", p.n), l, shape, text, p.span(s, 0, len(s.text)))}
		p.started = true
		return true
	case ended && len(p.cur[l]) > 1:
		// Right after a block, where X stands at several steps (the
		// ends of an alt's sections): the step they all lead to.
		srcs := p.steps(l, p.cur[l])
		sp := p.span(s, 0, len(s.text))
		p.n++
		join := p.g.Node(fmt.Sprintf("seq%d", p.n), l, model.Rectangle, text, sp)
		if strings.Contains(text, "|") {
			join.Shape = model.Taskbox
		}
		for i, src := range srcs {
			label := ""
			if p.skips[src] && i > 0 {
				label = "else"
			}
			p.g.Edge(src, join, label, sp)
		}
		p.cur[l] = []*interchange.Node{join}
		return true
	}
	return false
}

// lane returns the participant's lane, creating it on first mention.
func (p *seqParser) lane(id string, s stmt) *interchange.Lane {
	id = strings.TrimSpace(id)
	if l := p.g.FindLane(id); l != nil {
		return l
	}
	return p.g.Lane(id, plain(id), p.span(s, 0, len(s.text)))
}

func (p *seqParser) message(s stmt, m []string) {
	from, to := p.lane(m[1], s), p.lane(m[4], s)
	if strings.Contains(m[2], "<<") {
		p.g.Warnf(p.span(s, 0, len(s.text)), "two-way message kept as %s to %s", m[1], m[4])
	}
	text := plain(m[5])
	sp := p.span(s, 0, len(s.text))
	var label string
	outcome := false
	var srcs []*interchange.Node
	if at := p.cur[from]; len(at) == 1 && p.rounds[at[0]] != nil && !p.rounds[at[0]].taken && p.rounds[at[0]].decision.Lane == from {
		// The break's participant goes on: its message is the way
		// round the break.
		r := p.rounds[at[0]]
		r.taken = true
		srcs, label, outcome = []*interchange.Node{r.decision}, "else", true
	} else {
		srcs = p.steps(from, at)
	}
	if len(srcs) == 0 {
		p.n++
		var src *interchange.Node
		if !p.started {
			src = p.g.Node(fmt.Sprintf("seq%d", p.n), from, model.Circle, "Start", sp)
		} else {
			src = p.g.Node(fmt.Sprintf("seq%d", p.n), from, model.Rectangle, from.Label, sp)
		}
		srcs = []*interchange.Node{src}
	}
	p.started = true
	// The first message of an alt, opt or break section asks its decision
	// (and that of every block around it still waiting for its first
	// message, outermost first: an alt whose first section opens with
	// another alt decides before the inner one); the message is the
	// outcome.
	for _, b := range p.blocks {
		if (b.kind != "alt" && b.kind != "opt" && b.kind != "break") || !b.pending {
			continue
		}
		if b.decision == nil && b.ask != nil && b.ask.Lane == from && len(srcs) == 1 && srcs[0] == b.ask {
			// The question asked right before the block is its
			// decision (our export writes one so).
			b.decision, b.named = b.ask, true
			b.ask.Shape = model.Diamond
			p.decisions = append(p.decisions, b.decision)
			p.cur[from] = []*interchange.Node{b.decision}
			b.snapshot = maps.Clone(p.cur)
		}
		if b.decision == nil {
			p.n++
			b.decision = p.g.Node(fmt.Sprintf("seq%d", p.n), from, model.Diamond, b.label+"?", b.sp)
			p.decisions = append(p.decisions, b.decision)
			for _, src := range srcs {
				p.g.Edge(src, b.decision, label, sp)
			}
			p.cur[from] = []*interchange.Node{b.decision}
			b.snapshot = maps.Clone(p.cur)
		}
		srcs = []*interchange.Node{b.decision}
		label = b.guard
		b.pending = false
		outcome = true
	}
	if outcome && srcs[0].Lane != from {
		// A section that opens with another participant's message: the
		// outcome goes to a step of that participant, which sends it.
		hop := p.hop(srcs[0], from, label, sp)
		srcs, label, outcome = []*interchange.Node{hop}, "", false
	}
	if text == "" {
		text = fmt.Sprintf("Message %d", len(p.g.Edges)+1)
		p.g.Warnf(sp, "message from %s to %s has no text: its step is labelled %q (a FlowZap step needs a label)", m[1], m[4], text)
	}
	p.n++
	dst := p.g.Node(fmt.Sprintf("seq%d", p.n), to, model.Rectangle, text, sp)
	var last *interchange.Edge
	at := slices.Clone(srcs)
	p.last, p.lastText, p.lastIn = dst, text, nil
	for i, src := range srcs {
		l := label
		if p.skips[src] && src != srcs[0] {
			l = "else"
		}
		last = p.g.Edge(src, dst, l, sp)
		p.lastIn = append(p.lastIn, last)
		if l == "else" {
			// The way round the opt is taken: the participant stands
			// after it, at a step the outcome "else" leads to (made
			// if it sends again, see steps), not at the decision, whose
			// every later message would be one more outcome "else".
			mark := &interchange.Node{Lane: from}
			p.sent[mark] = last
			at[i] = mark
		}
	}
	if from != to {
		p.cur[from] = at
		if outcome {
			// The participant has sent the outcome and stands after its
			// decision, not at it.
			mark := &interchange.Node{Lane: from}
			p.sent[mark] = last
			p.cur[from] = []*interchange.Node{mark}
		}
	}
	p.cur[to] = []*interchange.Node{dst}
}

// steps returns the steps participant lane sends from, making the step
// after a decision for each place it stands after sending an outcome:
// that outcome then goes to the new step (in the decision's lane,
// labelled with the guard), which sends what the outcome sent. Where it
// stands after a break block, it takes the way round the break's
// decision (a step of its own reached by the outcome "else") when no
// participant has yet, else it goes on from where it stood before the
// block.
func (p *seqParser) steps(lane *interchange.Lane, at []*interchange.Node) []*interchange.Node {
	out := make([]*interchange.Node, 0, len(at))
	in := make(map[*interchange.Node]bool, len(at))
	add := func(n *interchange.Node) {
		if !in[n] {
			in[n] = true
			out = append(out, n)
		}
	}
	for _, n := range at {
		if r := p.rounds[n]; r != nil {
			if !r.taken {
				r.taken = true
				add(p.hop(r.decision, lane, "else", r.decision.Span))
				continue
			}
			for _, m := range p.steps(lane, r.before[lane]) {
				add(m)
			}
			continue
		}
		if e := p.sent[n]; e != nil {
			if p.made[n] == nil {
				// The outcome keeps its place among the decision's.
				p.n++
				hop := p.g.Node(fmt.Sprintf("seq%d", p.n), e.From.Lane, model.Rectangle, guardLabel(e.Label), e.Span)
				p.g.Edge(hop, e.To, "", e.Span)
				// A loop closed since holds the step (just before the
				// message) as it holds the decision and the message.
				for _, lp := range p.g.Loops {
					if k := slices.Index(lp.Nodes, e.To); k >= 0 && slices.Contains(lp.Nodes, e.From) {
						lp.Nodes = slices.Insert(lp.Nodes, k, hop)
					}
				}
				p.before[hop] = e.To
				e.To = hop
				p.made[n] = hop
			}
			n = p.made[n]
		}
		add(n)
	}
	return out
}

// hop makes a step in lane reached from decision d by the outcome
// labelled guard: the participant that goes on in that section.
func (p *seqParser) hop(d *interchange.Node, lane *interchange.Lane, guard string, sp source.Span) *interchange.Node {
	p.n++
	hop := p.g.Node(fmt.Sprintf("seq%d", p.n), lane, model.Rectangle, guardLabel(guard), sp)
	p.g.Edge(d, hop, guard, sp)
	return hop
}

// guardLabel is the label of the step an outcome leads to: its guard,
// or "else" for an unguarded section.
func guardLabel(guard string) string {
	if guard == "" {
		return "else"
	}
	return guard
}

func (p *seqParser) end(s stmt) {
	if len(p.blocks) == 0 {
		p.g.Errorf(p.span(s, 0, 3), "`end` with no open block: expected loop, alt, opt, par, critical, break, rect or box before it")
		return
	}
	b := p.blocks[len(p.blocks)-1]
	p.blocks = p.blocks[:len(p.blocks)-1]
	switch b.kind {
	case "loop":
		// A loop without a condition (Mermaid draws just "loop") still
		// needs words for its frame and for a step made to head it.
		cond := b.label
		if strings.TrimSpace(cond) == "" {
			cond = "repeat"
		}
		lp := &interchange.Loop{Condition: cond, Span: b.sp}
		for _, n := range p.g.Nodes[b.first:] {
			// A decision of a block around the loop, asked by the
			// loop's first message, is not repeated with it; nor is a
			// step made inside it for a section that ended before it
			// (an alt's "declined", made when its participant sends
			// again from there, in the loop).
			if to := p.before[n]; to != nil && slices.Index(p.g.Nodes, to) < b.first {
				continue
			}
			if !slices.ContainsFunc(p.blocks, func(o *block) bool { return o.decision == n }) {
				lp.Nodes = append(lp.Nodes, n)
			}
		}
		if b.head != nil {
			lp.Nodes = append([]*interchange.Node{b.head}, lp.Nodes...)
		}
		if len(lp.Nodes) == 0 {
			p.g.Warnf(b.sp, "loop %q holds no message: left out", b.label)
			return
		}
		p.loopHead(lp, b)
		p.g.Loops = append(p.g.Loops, lp)
	case "break":
		d := b.decision
		if d == nil {
			return
		}
		if !b.named {
			d.Label = b.label + "?"
		}
		// The break's section ends the sequence: what follows goes on
		// from where the participants stood before the block, past the
		// decision by its way round.
		// The decision's own participant, should another take the way
		// round first, goes on from where it asked the decision.
		before := maps.Clone(b.snapshot)
		before[d.Lane] = nil
		for _, e := range p.g.Edges {
			if e.To == d {
				before[d.Lane] = append(before[d.Lane], e.From)
			}
		}
		mark := &interchange.Node{Lane: d.Lane}
		p.rounds[mark] = &round{decision: d, before: before}
		p.cur = map[*interchange.Lane][]*interchange.Node{}
		for l, at := range b.snapshot {
			if len(at) > 0 {
				p.cur[l] = []*interchange.Node{mark}
			}
		}
	case "alt", "opt":
		if b.decision != nil && b.kind == "alt" {
			p.cur = p.meet(b, append(b.ends, p.cur))
			p.join(b)
		}
		if d := b.decision; d != nil && len(b.guards) == 1 && !slices.Contains(p.cur[d.Lane], d) {
			// An opt (or an alt of one section) may be skipped: the
			// decision's lane also goes on from the decision itself,
			// by an outcome "else" to what it sends next.
			for _, n := range p.cur[d.Lane] {
				if n.Lane == d.Lane && p.sent[n] == nil && p.rounds[n] == nil {
					p.optEnds[d] = append(p.optEnds[d], n)
				}
			}
			p.cur[d.Lane] = append(slices.Clone(p.cur[d.Lane]), d)
			p.skips[d] = true
		}
		if b.decision != nil && !b.named {
			if b.kind == "opt" {
				b.decision.Label = b.label + "?"
			} else {
				b.decision.Label = strings.Join(nonEmpty(b.guards), " or ") + "?"
				if len(nonEmpty(b.guards)) == 0 {
					// alt / else without guards
					b.decision.Label = "Which way?"
				}
			}
		}
	}
}

// loopHead gives a loop of one message (`loop every 5s` / `W->>P:
// poll` / `end`, a poll) the second step a FlowZap loop needs: a step
// in the sender's lane, labelled with the condition, which the sender
// reaches where it sent the message from and which sends it. Holding
// the sender's step instead would repeat the message that reached it.
// The sender goes on from the new step after the loop.
//
// So does a loop whose first message the sequence view would draw before
// its frame, not in it: a message to itself, or from a participant
// that takes no other part in the loop (`loop each event` / `A->>B:
// publish` / `B->>C: deliver`), sent from a step made before the loop.
// A step of the sender named after the condition that sends the message
// already (our export writes the loop's head as a message to itself
// right before the loop) is the head: no other one is made.
func (p *seqParser) loopHead(lp *interchange.Loop, b *block) {
	dst := lp.Nodes[0]
	if len(lp.Nodes) > 1 {
		if b.edge >= len(p.g.Edges) {
			return
		}
		first := p.g.Edges[b.edge]
		dst = first.To
		if !slices.Contains(lp.Nodes, dst) || slices.Contains(lp.Nodes, first.From) || first.From.Shape == model.Diamond {
			return
		}
		if first.From.Lane != dst.Lane && slices.ContainsFunc(lp.Nodes, func(n *interchange.Node) bool { return n.Lane == first.From.Lane }) {
			return // the view starts the frame with it
		}
	}
	// Only edges made in the loop reach a step made in it, but for a
	// step made for a placeholder (see steps), which an older outcome
	// was turned to.
	edges := p.g.Edges[b.edge:]
	if p.before[dst] != nil {
		edges = p.g.Edges
	}
	var in []*interchange.Edge
	for _, e := range edges {
		if e.To == dst && !slices.Contains(lp.Nodes, e.From) {
			in = append(in, e)
		}
	}
	if len(in) == 0 {
		return
	}
	from := in[0].From.Lane
	for _, e := range in {
		if e.From.Lane != from || len(lp.Nodes) > 1 && e.From.Shape == model.Diamond {
			return
		}
	}
	if src := in[0].From; len(in) == 1 && src.Shape == model.Rectangle && src.Label == lp.Condition {
		// The step is already there: the sender's step named after
		// the condition, right before the loop (as our export writes
		// a loop of one message's head), sends the message.
		lp.Nodes = slices.Insert(lp.Nodes, slices.Index(lp.Nodes, dst), src)
		return
	}
	p.n++
	head := p.g.Node(fmt.Sprintf("seq%d", p.n), from, model.Rectangle, lp.Condition, lp.Span)
	srcs := make([]*interchange.Node, 0, len(in))
	for _, e := range in {
		srcs = append(srcs, e.From)
		e.To = head
	}
	p.g.Edge(head, dst, "", lp.Span)
	lp.Nodes = slices.Insert(lp.Nodes, slices.Index(lp.Nodes, dst), head)
	// A placeholder (see steps) where the sender stands after sending
	// the message stands for the step made for it, or, none made yet,
	// for the decision whose outcome sent it.
	if at := p.cur[from]; len(at) == len(srcs) && !slices.ContainsFunc(at, func(n *interchange.Node) bool {
		if m := p.made[n]; m != nil {
			n = m
		} else if e := p.sent[n]; e != nil {
			n = e.From
		}
		return !slices.Contains(srcs, n)
	}) {
		p.cur[from] = []*interchange.Node{head}
	}
}

// join makes one step of the steps where the sections of alt block b
// left a participant when they are the same message: each section ends
// with it (`G->>G: Build error response` in each, as our export writes
// a step the sections meet at), made inside the block, of one label and
// shape, and nothing has left or looped over them yet. The first is
// kept; the messages into the others go to it.
func (p *seqParser) join(b *block) {
	var made map[*interchange.Node]bool // made when needed: blocks may be many
	for l, at := range p.cur {
		if len(at) < 2 || slices.ContainsFunc(at, func(n *interchange.Node) bool {
			return n.Lane != at[0].Lane || n.Label != at[0].Label || n.Shape != at[0].Shape || p.before[n] != nil
		}) {
			continue
		}
		if made == nil {
			made = map[*interchange.Node]bool{}
			for _, n := range p.g.Nodes[b.first:] {
				made[n] = true
			}
		}
		if slices.ContainsFunc(at, func(n *interchange.Node) bool { return !made[n] }) {
			continue
		}
		same := map[*interchange.Node]bool{}
		for _, n := range at[1:] {
			same[n] = true
		}
		// Only edges made in the block leave or reach steps made in it
		// (none of them one made for a placeholder).
		inside := p.g.Edges[b.edge:]
		if slices.ContainsFunc(inside, func(e *interchange.Edge) bool { return e.From == at[0] || same[e.From] }) ||
			slices.ContainsFunc(p.g.Loops[b.loops:], func(lp *interchange.Loop) bool {
				return slices.ContainsFunc(lp.Nodes, func(n *interchange.Node) bool { return n == at[0] || same[n] })
			}) {
			continue
		}
		for _, e := range inside {
			if same[e.To] {
				e.To = at[0]
			}
		}
		kept := slices.DeleteFunc(p.g.Nodes[b.first:], func(n *interchange.Node) bool { return same[n] })
		p.g.Nodes = p.g.Nodes[:b.first+len(kept)]
		p.cur[l] = []*interchange.Node{at[0]}
	}
}

// meet returns where the participants stand after an alt block whose
// branches left them at ends: each at the last step of every branch that
// involved it (in branch order, once each), and where it stood before
// the block for the branches that did not (its next message follows the
// whole block, not only the branches it took part in), or there alone
// when no branch did. A decision it stood at is left out (sending from it
// would be one more outcome).
func (p *seqParser) meet(b *block, ends []map[*interchange.Lane][]*interchange.Node) map[*interchange.Lane][]*interchange.Node {
	out := maps.Clone(b.snapshot)
	for _, l := range p.g.Lanes {
		before := b.snapshot[l]
		var at []*interchange.Node
		// A set beside the list: after nested blocks a participant may
		// stand at thousands of steps, and a search of the list for each
		// made 3,000 nested alts take 20 s.
		in := map[*interchange.Node]bool{}
		add := func(ns []*interchange.Node) {
			for _, n := range ns {
				if !in[n] {
					in[n] = true
					at = append(at, n)
				}
			}
		}
		stayed := false
		for _, end := range ends {
			if slices.Equal(end[l], before) {
				stayed = true // this branch left l where it was
				continue
			}
			add(end[l])
		}
		if len(at) > 0 && stayed {
			add(slices.DeleteFunc(slices.Clone(before), func(n *interchange.Node) bool { return n.Shape == model.Diamond }))
		}
		if len(at) > 0 {
			out[l] = at
		}
	}
	return out
}

func nonEmpty(l []string) []string {
	var out []string
	for _, s := range l {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
