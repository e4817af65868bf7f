package model

import (
	"cmp"
	"slices"
	"strings"
)

// Ranks places every node in a column by flow: edges that close a cycle
// (found by a depth-first search in file order) are reversed for ranking,
// then each node's rank is the longest path to it. It runs in
// O(nodes + edges) and does not recurse, so it is safe on any graph size.
func Ranks(doc *Document) (rank map[*Node]int, back map[*Edge]bool) {
	// The work is done on positions in doc.Nodes and doc.Edges (slices,
	// not maps: this runs on every render).
	pos := nodePositions(doc)
	n := len(doc.Nodes)
	// out[first[i]:first[i+1]] are the edges leaving node i, in file order.
	first := make([]int, n+1)
	for _, e := range doc.Edges {
		first[pos(e.From)+1]++
	}
	for i := range n {
		first[i+1] += first[i]
	}
	out := make([]int32, len(doc.Edges))
	fill := append([]int(nil), first[:n]...)
	for i, e := range doc.Edges {
		f := pos(e.From)
		out[fill[f]] = int32(i)
		fill[f]++
	}
	isBack := make([]bool, len(doc.Edges))
	state := make([]int8, n) // 0 new, 1 on stack, 2 done
	type frame struct{ n, i int }
	var stack []frame
	for root := range n {
		if state[root] != 0 {
			continue
		}
		stack = append(stack[:0], frame{root, first[root]})
		state[root] = 1
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.i == first[top.n+1] {
				state[top.n] = 2
				stack = stack[:len(stack)-1]
				continue
			}
			ei := out[top.i]
			top.i++
			to := pos(doc.Edges[ei].To)
			switch state[to] {
			case 1:
				isBack[ei] = true
			case 0:
				state[to] = 1
				stack = append(stack, frame{to, first[to]})
			}
		}
	}
	// Longest path over the acyclic rest (Kahn's algorithm).
	indeg := make([]int, n)
	for i, e := range doc.Edges {
		if !isBack[i] && e.From != e.To {
			indeg[pos(e.To)]++
		}
	}
	ranks := make([]int, n)
	queue := make([]int, 0, n)
	for i := range n {
		if indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	for q := 0; q < len(queue); q++ {
		from := queue[q]
		for _, ei := range out[first[from]:first[from+1]] {
			e := doc.Edges[ei]
			if isBack[ei] || e.From == e.To {
				continue
			}
			to := pos(e.To)
			if r := ranks[from] + 1; r > ranks[to] {
				ranks[to] = r
			}
			if indeg[to]--; indeg[to] == 0 {
				queue = append(queue, to)
			}
		}
	}
	rank = make(map[*Node]int, n)
	for i, nd := range doc.Nodes {
		rank[nd] = ranks[i]
	}
	back = map[*Edge]bool{}
	for i, b := range isBack {
		if b {
			back[doc.Edges[i]] = true
		}
	}
	return rank, back
}

// nodePositions returns a node's position in doc.Nodes: its Index, when
// every node's Index is its position (a document as compiled), else
// looked up.
func nodePositions(doc *Document) func(*Node) int {
	for i, nd := range doc.Nodes {
		if nd.Index != i {
			at := make(map[*Node]int, len(doc.Nodes))
			for j, m := range doc.Nodes {
				at[m] = j
			}
			return func(m *Node) int { return at[m] }
		}
	}
	return func(m *Node) int { return m.Index }
}

// wayRound reports whether the decision's outcome e into the node that
// message g reaches says nothing that drawing g in its place would
// contradict: e has no label, "else" or g's own, or g has none (a step
// on, so e's label is the guard of the way round: "No" into "Watch
// lease key").
func wayRound(e, g *Edge) bool {
	l, m := strings.TrimSpace(e.Label), strings.TrimSpace(g.Label)
	return l == "" || m == "" || strings.EqualFold(l, "else") || l == m
}

// Opposite returns the side facing s.
func Opposite(s Side) Side {
	switch s {
	case Left:
		return Right
	case Right:
		return Left
	case Top:
		return Bottom
	case Bottom:
		return Top
	}
	return NoSide
}

// InferSides returns the sides for an edge whose handles were not written,
// from where its nodes sit: forward in a lane leaves right and enters left;
// backward in a lane goes over the top; down to a later lane leaves bottom
// and enters top, up to an earlier lane the reverse. A side that was written
// is kept, and the missing one faces it.
func InferSides(e *Edge, rank map[*Node]int, back map[*Edge]bool) (from, to Side) {
	from, to = e.FromSide, e.ToSide
	switch {
	case from != NoSide && to != NoSide:
		return from, to
	case from != NoSide:
		return from, Opposite(from)
	case to != NoSide:
		return Opposite(to), to
	}
	a, b := e.From, e.To
	switch {
	case a == b:
		return Right, Top
	case a.Lane != b.Lane && a.Lane.Index < b.Lane.Index:
		return Bottom, Top
	case a.Lane != b.Lane:
		return Top, Bottom
	case back[e] || rank[b] < rank[a]:
		return Top, Top
	case rank[b] > rank[a]:
		return Right, Left
	case a.Index < b.Index:
		return Bottom, Top
	}
	return Top, Bottom
}

// The message orders of the sequence view.
const (
	// FlowOrder follows the flow: from its start, each node's outgoing
	// edges in written order, depth first, so that a request's consequences
	// come before the next step.
	FlowOrder = "flow"
	// WrittenOrder is the literal order the edges are written in.
	WrittenOrder = "written"
)

// Orders lists the message orders; the empty string means [FlowOrder].
var Orders = []string{FlowOrder, WrittenOrder}

// Flow is the edges of a document in message order, with the decisions
// whose branches form alternatives.
type Flow struct {
	// Edges are all the document's edges, each once, in message order.
	Edges []*Edge
	// Pos[e.Index] is the position of e in Edges.
	Pos []int
	// Alts are the decisions with two or more outcomes, in the order their
	// frames close (inner frames before the frames around them). An
	// outcome drawn with the message it goes straight to ([Flow.Merged])
	// has no branch, so an Alt may have one branch only (an opt).
	Alts []Alt
	// Nested reports whether the alternatives nest properly (always true
	// in flow order), so a conversation may follow them.
	Nested bool
	// Back[e.Index] reports that edge e closes a cycle (a retry back to
	// an earlier step): the walk does not wait for it. Nil in written
	// order.
	Back []bool
	// Rounds[i] are the decisions outside every loop that the steps of
	// loop i (in written order) lead to ([RoundDecisions]).
	Rounds [][]*Node
	// Merged[p] reports that the edge at position p is the same message
	// as the one before it, drawn once with it: the edges into a join
	// that every alternative of a decision reaches, all from one lane and
	// with one label ("log it" after both "200" and "500"), come together
	// after the decision's frame. Nil when there are none.
	Merged []bool
}

// Alt is a decision drawn as an alternative frame: branch k covers the
// messages Edges[Branches[k][0]:Branches[k][1]], which start with the
// decision's k-th outcome.
type Alt struct {
	Decision *Node
	Branches [][2]int
	// Breaks is how many of the first branches end the sequence: when
	// what is drawn after the frame hangs on another branch, or another
	// branch is the way round ("else"), a branch none of whose steps
	// leads on (it stops at end steps, or at steps that go on whatever
	// the decision chose) is drawn as a break frame, and the flow order
	// puts such branches first (see [Order]).
	Breaks int
}

// Start returns the position of the alternative's first message.
func (a Alt) Start() int { return a.Branches[0][0] }

// End returns the position just after its last message.
func (a Alt) End() int { return a.Branches[len(a.Branches)-1][1] }

// Order returns the edges of doc in the given order (an entry of [Orders];
// the empty string is [FlowOrder]).
//
// Flow order walks from the first circle that no edge enters (else from
// the nodes no edge enters, in lane order), following each node's
// outgoing edges in written order, depth first. A node is entered once all
// the edges that lead to it (other than those closing a cycle) have been
// drawn, so the steps after a join come after every branch that joins
// there; a join reached inside a decision's branch continues after that
// decision's frame, or after the frame of the innermost decision that
// holds every edge into it when one of them lies in an earlier branch of
// a decision around it (or before that decision). When every way through
// a decision meets at such a join by the same message (one lane, one
// label), or the branches that do not send it have it sent from before
// the decision, its edges are held back and drawn together after the
// frame (see [Flow.Merged]). A branch that ends while a way through its
// frame goes on past it comes first in the frame (see [Alt.Breaks]). A
// decision inside a loop, or outside every loop but led to by a loop's
// steps ([RoundDecisions]), takes the outcomes that lead back into the
// loop first, then those that leave it, each in written order: what
// follows the way out is done once, after the loop. A step outside
// every loop sends its messages to other lanes before going on in its own
// lane when the way on leads to the same receiver, or sends to the same
// participant somewhere the message does not lead (see waitingSends).
// Edges the walk cannot reach are taken from the
// earliest written one. Written order is the tie-breaker throughout. It
// runs without recursion, in O(nodes + edges): the joins where
// alternatives meet are looked for within a budget of a few times the
// edges.
func Order(doc *Document, order string) *Flow {
	if order == WrittenOrder {
		return writtenOrder(doc)
	}
	w := newOrderWalk(doc)
	f, merge := w.run(nil)
	if forks := w.forkJoins(); forks != nil {
		if merge == nil {
			merge = forks
		} else {
			for i, m := range forks {
				merge[i] = merge[i] || m
			}
		}
	}
	if merge != nil {
		// Second pass: the edges into a join that every alternative
		// reaches by the same message are held back and drawn together
		// after the frame (see Flow.Merged).
		f, _ = w.run(merge)
	}
	w.breaks(f)
	f.Back = w.back
	f.Rounds = w.rounds
	return f
}

// orderWalk holds what both passes of the flow order share.
type orderWalk struct {
	doc    *Document
	out    [][]*Edge
	roots  []*Node
	back   []bool
	indeg  []int
	hasOut []bool // the node leads somewhere other than to itself
	backIn []bool // an edge closing a cycle enters the node
	// same[n]: every edge into n (other than those closing a cycle) is
	// the same message: from one lane, with one label, or a decision's
	// outcome from that lane (skip).
	same   []bool
	skip   []bool    // by edge index: an outcome that goes straight to a same-message join
	rounds [][]*Node // RoundDecisions
}

func newOrderWalk(doc *Document) *orderWalk {
	nn := len(doc.Nodes)
	w := &orderWalk{doc: doc, out: make([][]*Edge, nn), hasOut: make([]bool, nn)}
	out := w.out
	hasIn := make([]bool, nn)
	for _, e := range doc.Edges {
		out[e.From.Index] = append(out[e.From.Index], e)
		if e.From != e.To {
			hasIn[e.To.Index] = true
			w.hasOut[e.From.Index] = true
		}
	}
	// A step's edges to itself (a wait, a retry in place) are what it
	// does before handing on: they come before its other edges, else
	// depth first puts them after everything the step leads to ("GPU
	// busy" on "Encode segment" drawn after "Video live"). A decision's
	// edges keep their written order: they are its alternatives.
	// A decision's outcomes with one label (a fork: "Accepted" to the
	// courier and "Accepted" to the customer) are one alternative: they
	// are drawn together, where the first of them is written.
	budget := 4*len(doc.Edges) + 4096 // steps loopStays may look at
	var loops map[*Node][]*Loop       // the loops that hold each node
	for _, l := range doc.Loops {
		if loops == nil {
			loops = map[*Node][]*Loop{}
		}
		for _, n := range l.Nodes {
			if !slices.Contains(loops[n], l) {
				loops[n] = append(loops[n], l)
			}
		}
	}
	// A decision outside every loop that the loop's steps lead to (a
	// call out of the loop whose answer is asked of someone else) is part
	// of a round when one of its outcomes leads back into the loop: the
	// guest's "Dish as expected?" after the kitchen's plating, whose "No"
	// sends the dish back to be remade. Its outcomes are ordered as if it
	// were inside (around: such a decision's loops).
	var around map[*Node][]*Loop
	w.rounds = RoundDecisions(doc)
	for li, ds := range w.rounds {
		for _, d := range ds {
			if around == nil {
				around = map[*Node][]*Loop{}
			}
			around[d] = append(around[d], doc.Loops[li])
		}
	}
	for i, es := range out {
		if len(es) < 2 {
			continue
		}
		if doc.Nodes[i].Shape != Diamond {
			// A step's edge to itself first; then, inside a loop, an edge
			// into a step of the step's own loop before one that leaves
			// it (a patient's "questions", answered and back, before
			// "agrees": the round comes before what follows the loop).
			n := doc.Nodes[i]
			inside := func(e *Edge) bool { // loops[n]: a node's few loops
				for _, l := range loops[n] {
					if slices.Contains(loops[e.To], l) {
						return true
					}
				}
				return false
			}
			slices.SortStableFunc(es, func(a, b *Edge) int {
				if c := cmp.Compare(b2i(a.From != a.To), b2i(b.From != b.To)); c != 0 {
					return c
				}
				return cmp.Compare(b2i(!inside(a)), b2i(!inside(b)))
			})
			continue
		}
		first, key := map[string]int{}, make(map[*Edge]int, len(es))
		for k, e := range es {
			key[e] = k
			if e.Label == "" {
				continue
			}
			if f, ok := first[e.Label]; ok {
				key[e] = f
			} else {
				first[e.Label] = k
			}
		}
		// Inside a loop, the outcomes that go on inside it (a retry)
		// come before those that leave it: what follows the way out is
		// done once, after the loop, and is drawn after its frame.
		// A fork stays together: it stays when one of its edges does.
		stays := map[int]bool{}
		held := loops[doc.Nodes[i]]
		if len(held) == 0 {
			held = around[doc.Nodes[i]]
		}
		for e := range loopStays(loops, held, out, doc.Nodes[i], es, &budget) {
			stays[key[e]] = true
		}
		slices.SortStableFunc(es, func(a, b *Edge) int {
			if c := cmp.Compare(b2i(!stays[key[a]]), b2i(!stays[key[b]])); c != 0 {
				return c
			}
			return cmp.Compare(key[a], key[b])
		})
	}
	var roots []*Node
	for _, l := range doc.Lanes {
		for _, n := range l.Nodes {
			if n.Shape == Circle && !hasIn[n.Index] && len(out[n.Index]) > 0 {
				roots = append(roots, n)
				break
			}
		}
		if len(roots) > 0 {
			break
		}
	}
	for _, l := range doc.Lanes {
		for _, n := range l.Nodes {
			if !hasIn[n.Index] && len(out[n.Index]) > 0 && (len(roots) == 0 || n != roots[0]) {
				roots = append(roots, n)
			}
		}
	}
	w.roots = roots
	w.back = backEdges(doc, roots, out)
	w.backIn = make([]bool, nn)
	for _, e := range doc.Edges {
		if w.back[e.Index] {
			w.backIn[e.To.Index] = true
		}
	}
	w.indeg = make([]int, nn)
	w.same = make([]bool, nn)
	w.skip = make([]bool, len(doc.Edges))
	msg := make([]*Edge, nn) // the message into each node
	for i := range w.same {
		w.same[i] = true
	}
	outcome := func(e *Edge) bool { return w.decision(e.From) }
	for _, e := range doc.Edges {
		if w.back[e.Index] {
			continue
		}
		t := e.To.Index
		w.indeg[t]++
		switch g := msg[t]; {
		case e.From == e.To:
			w.same[t] = false
		case outcome(e):
		case g == nil:
			msg[t] = e
		case g.From.Lane != e.From.Lane || g.Label != e.Label:
			w.same[t] = false
		}
	}
	// A step's edge back round a cycle (a rejection sent back to an
	// earlier step) comes before its edges on when one of those leads to
	// a step that goes on or that other ways reach too (shown by its
	// note after its last way in): it leads to nothing new, and drawn
	// after them it would come after all they lead to, as if sent by the
	// last of those steps (the finance team's "rejected" drawn after the
	// "Ship" its "approved" goes to, which the credit check's "no"
	// reaches too). Edges on to an end that only this step reaches keep
	// their written order (a rollout's "Released", then its "regression
	// found later" back to the canary), and so do a decision's outcomes:
	// they are its alternatives. An answer to the step that called this
	// one (an edge back to a step with an edge into this one) keeps its
	// place too: a round trip answers once the step has done its part
	// (a gateway's reply after its call to the mainframe).
	var calls map[[2]int]bool // the edges, by from and to node index
	for i, es := range out {
		if len(es) < 2 || doc.Nodes[i].Shape == Diamond {
			continue
		}
		goesOn := slices.ContainsFunc(es, func(e *Edge) bool {
			return !w.back[e.Index] && e.From != e.To && (w.indeg[e.To.Index] >= 2 || w.hasOut[e.To.Index])
		})
		if !goesOn {
			continue
		}
		if calls == nil {
			calls = make(map[[2]int]bool, len(doc.Edges))
			for _, e := range doc.Edges {
				calls[[2]int{e.From.Index, e.To.Index}] = true
			}
		}
		wayBack := func(e *Edge) bool {
			return w.back[e.Index] && e.From != e.To && !calls[[2]int{e.To.Index, e.From.Index}]
		}
		waits := w.waitingSends(doc.Nodes[i], es, loops, &budget)
		slices.SortStableFunc(es, func(a, b *Edge) int {
			if c := cmp.Compare(b2i(a.From != a.To), b2i(b.From != b.To)); c != 0 {
				return c
			}
			if c := cmp.Compare(b2i(!wayBack(a)), b2i(!wayBack(b))); c != 0 {
				return c
			}
			return cmp.Compare(b2i(waits[a] != sendsToJoin), b2i(waits[b] != sendsToJoin))
		})
		// A message to a participant the way on sends to again goes
		// just before the way on, its place among the step's other
		// messages kept (a fan-out keeps its written order).
		for k, e := range es {
			if e.From == e.To || e.To.Lane != e.From.Lane || w.back[e.Index] {
				continue
			}
			moved := 0
			for j := k; j < len(es); j++ {
				if waits[es[j]] == sendsFirst {
					g := es[j]
					copy(es[k+moved+1:j+1], es[k+moved:j])
					es[k+moved] = g
					moved++
				}
			}
			break
		}
	}
	// A decision's outcome straight into such a node is the way round
	// what its other outcomes do (Mermaid's opt): it is drawn with the
	// message when the decision is in the lane that sends it and the
	// outcome says nothing the message contradicts (see wayRound). An
	// outcome with words of its own into a message with others ("400 Bad
	// signature" beside the others' "200 OK") is a message of its own:
	// merged, the picture would say the other message is sent instead.
	for _, e := range doc.Edges {
		if t := e.To.Index; !w.back[e.Index] && e.From != e.To && outcome(e) {
			if g := msg[t]; g == nil || g.From.Lane != e.From.Lane || !wayRound(e, g) {
				w.same[t] = false
			} else {
				w.skip[e.Index] = true
			}
		}
	}
	return w
}

// decision reports whether n is a decision with alternatives: a diamond
// with two outcomes or more.
func (w *orderWalk) decision(n *Node) bool { return n.Shape == Diamond && len(w.out[n.Index]) >= 2 }

// forkJoins marks the steps where the branches of a fork meet by one
// unnamed message within the step's own lane: a step that is no
// decision leads to several others ("Plan jobs" to the lint, test and
// scan jobs) and each of them, or the chain of single steps it starts,
// goes on to the same step ("All checks green?"). The edges into such a
// join are drawn together, once, just before it: drawn one per branch,
// each would be a message to itself named after the join, and the join
// read as asked again after every job. Only steps no decision leads to
// on the way back count: a decision's branches meet by the rules of
// meets. It is linear: each step is walked back from at most once.
func (w *orderWalk) forkJoins() []bool {
	doc := w.doc
	nn := len(doc.Nodes)
	var in [][]*Edge        // the edges into each node that do not close a cycle
	fork := make([]int, nn) // the fork a step's chain starts at, plus one; -1 none
	ways := make([]int, nn) // the steps each step leads on to (not closing a cycle)
	for _, e := range doc.Edges {
		if e.To != e.From && !w.back[e.Index] {
			ways[e.From.Index]++
		}
	}
	// forkOf walks back from n, no fork itself, along single edges from
	// steps that are no decision to the fork that starts its chain.
	forkOf := func(n *Node) int {
		var path []int
		r := -1
		for p := n; ; {
			if fork[p.Index] != 0 {
				r = fork[p.Index]
				break
			}
			path = append(path, p.Index)
			fork[p.Index] = -1 // seen: a cycle of single edges ends here
			if len(in[p.Index]) != 1 || w.decision(in[p.Index][0].From) {
				break
			}
			q := in[p.Index][0].From
			if ways[q.Index] >= 2 {
				r = q.Index + 1
				break
			}
			p = q
		}
		for _, i := range path {
			fork[i] = r
		}
		return r
	}
	var joins []bool
	for _, n := range doc.Nodes {
		if w.indeg[n.Index] < 2 || !w.same[n.Index] {
			continue
		}
		if in == nil {
			in = make([][]*Edge, nn)
			for _, e := range doc.Edges {
				if !w.back[e.Index] && e.From != e.To {
					in[e.To.Index] = append(in[e.To.Index], e)
				}
			}
		}
		ok, at := true, 0
		for _, e := range in[n.Index] {
			d := e.From
			if e.Label != "" || d.Lane != n.Lane || w.decision(d) || w.skip[e.Index] {
				ok = false
				break
			}
			f := d.Index + 1
			if ways[d.Index] < 2 {
				f = forkOf(d)
			}
			if f <= 0 || at != 0 && f != at {
				ok = false
				break
			}
			at = f
		}
		if !ok {
			continue
		}
		if joins == nil {
			joins = make([]bool, nn)
		}
		joins[n.Index] = true
	}
	return joins
}

// run walks the flow once. Edges into the nodes listed in hold wait for
// their node and are drawn together just before it. The first pass
// (hold nil) also returns the joins whose edges should be held: see
// meets.
func (w *orderWalk) run(hold []bool) (*Flow, []bool) {
	doc, out, back, indeg := w.doc, w.out, w.back, w.indeg
	f := &Flow{Edges: make([]*Edge, 0, len(doc.Edges)), Pos: make([]int, len(doc.Edges)), Nested: true}
	nn := len(doc.Nodes)
	type frame struct {
		n        *Node
		i        int
		alt      *Alt
		deferred []*Node
		held     []*Edge // edges into n drawn just before its own
	}
	got := make([]int, nn)
	firstIn := make([]int, nn) // the position of the first edge drawn into a node
	visited := make([]bool, nn)
	pushed := make([]bool, nn)
	emitted := make([]bool, len(doc.Edges))
	var merge []bool
	var held [][]*Edge
	if hold != nil {
		held = make([][]*Edge, nn)
	}
	var stack []*frame
	push := func(n *Node) {
		visited[n.Index] = true
		pushed[n.Index] = true
		fr := &frame{n: n}
		if w.decision(n) {
			fr.alt = &Alt{Decision: n}
		}
		if held != nil {
			// The message is drawn as its first edge: an outcome that
			// goes round the others is drawn with it, never as it.
			fr.held, held[n.Index] = held[n.Index], nil
			slices.SortStableFunc(fr.held, func(a, b *Edge) int { return cmp.Compare(b2i(w.skip[a.Index]), b2i(w.skip[b.Index])) })
		}
		stack = append(stack, fr)
	}
	emit := func(e *Edge) {
		f.Pos[e.Index] = len(f.Edges)
		f.Edges = append(f.Edges, e)
		emitted[e.Index] = true
	}
	// meets marks the joins that the decision's frame that just closed
	// (from position start) holds and where every way through it meets:
	// every outcome of every decision in the frame, the frame's own
	// included, leads on to the join (a message to a step that sends
	// nothing on, a reply, may come first) or back round a cycle (a retry
	// asks the decision again); none ends or stops at another join.
	reach := make([]bool, nn)
	// Each check reads its frame, and frames nest: past a budget of a
	// few times the edges (decisions nested thousands deep) the joins
	// are left unmerged, so the walk stays linear.
	budget := 4*len(doc.Edges) + 4096
	meets := func(start int, joins []*Node) {
		edges := f.Edges[start:]
		for _, n := range joins {
			if !w.same[n.Index] || budget < len(edges) {
				continue
			}
			budget -= len(edges)
			// Edges come in walk order: what a step leads to comes
			// after the edge into it, so one pass backwards finds
			// which steps lead to n.
			ins := 0
			for i := len(edges) - 1; i >= 0; i-- {
				e := edges[i]
				if e.To == n && !back[e.Index] {
					ins++
				}
				if e.To == n || back[e.Index] || reach[e.To.Index] {
					reach[e.From.Index] = true
				}
			}
			// The same message sent before the frame too (from where its
			// sender stood before the decision) is the way on for the
			// alternatives that do not send it: then not every way
			// through the frame need lead to n, but each edge into n
			// inside it is sent by a step, none is an outcome.
			early := got[n.Index] - ins
			ok := ins > 0 && ins+early == indeg[n.Index]
			for _, e := range edges {
				d := e.From
				isOutcome := !back[e.Index] && w.decision(d)
				if ok && isOutcome && (early == 0 && e.To != n && !reach[e.To.Index] || early > 0 && e.To == n) {
					ok = false
				}
			}
			for _, e := range edges {
				reach[e.From.Index] = false
			}
			if !ok {
				continue
			}
			if merge == nil {
				merge = make([]bool, nn)
			}
			merge[n.Index] = true
		}
	}
	// onlyBack reports whether every edge out of n closes a cycle.
	onlyBack := func(n *Node) bool {
		es := out[n.Index]
		for _, e := range es {
			if !back[e.Index] || e.From == e.To {
				return false
			}
		}
		return len(es) > 0
	}
	walk := func(root *Node) {
		push(root)
		for len(stack) > 0 {
			top := stack[len(stack)-1]
			if len(top.held) > 0 {
				for k, e := range top.held {
					f.Merged = append(f.Merged, make([]bool, len(f.Edges)+1-len(f.Merged))...)
					f.Merged[len(f.Edges)] = k > 0
					emit(e)
				}
				top.held = nil
				continue
			}
			edges := out[top.n.Index]
			if top.i == len(edges) {
				stack = stack[:len(stack)-1]
				if top.alt != nil {
					k := len(top.alt.Branches) - 1
					top.alt.Branches[k][1] = len(f.Edges)
					if hold == nil && len(top.deferred) > 0 {
						meets(top.alt.Start(), top.deferred)
					}
					// An outcome held back with the message it goes
					// straight to leaves its branch empty: the frame
					// has the other branches only (one: an opt).
					top.alt.Branches = slices.DeleteFunc(top.alt.Branches, func(b [2]int) bool { return b[0] == b[1] })
					if len(top.alt.Branches) > 0 {
						f.Alts = append(f.Alts, *top.alt)
					}
				}
				// A join that only goes back round cycles (a
				// reassessment sent back to its question) comes first:
				// it leads to nothing new, and after the others it would
				// come after all they lead to.
				slices.SortStableFunc(top.deferred, func(a, b *Node) int {
					return cmp.Compare(b2i(!onlyBack(a)), b2i(!onlyBack(b)))
				})
				for i := len(top.deferred) - 1; i >= 0; i-- {
					push(top.deferred[i])
				}
				continue
			}
			e := edges[top.i]
			top.i++
			if top.alt != nil && (top.i < 2 || e.Label == "" || edges[top.i-2].Label != e.Label) {
				if k := len(top.alt.Branches); k > 0 {
					top.alt.Branches[k-1][1] = len(f.Edges)
				}
				top.alt.Branches = append(top.alt.Branches, [2]int{len(f.Edges), len(f.Edges)})
			}
			t, at := e.To.Index, len(f.Edges)
			if hold != nil && hold[t] && !back[e.Index] {
				held[t] = append(held[t], e)
			} else {
				emit(e)
			}
			if back[e.Index] {
				continue
			}
			if got[t] == 0 {
				firstIn[t] = at
			}
			got[t]++
			if visited[t] || got[t] < indeg[t] {
				continue
			}
			// The join continues after the innermost open decision whose
			// frame holds every edge into it: one reached from an earlier
			// branch of an outer decision too comes after that decision's
			// frame, not inside its last branch alone.
			owner := -1
			if indeg[t] >= 2 {
				for j := len(stack) - 1; j >= 0; j-- {
					if a := stack[j].alt; a != nil {
						owner = j
						if len(a.Branches) > 0 && a.Branches[0][0] <= firstIn[t] {
							break
						}
					}
				}
			}
			if owner < 0 {
				push(e.To)
				continue
			}
			visited[t] = true
			stack[owner].deferred = append(stack[owner].deferred, e.To)
		}
	}
	for _, r := range w.roots {
		if !visited[r.Index] {
			walk(r)
		}
	}
	for _, e := range doc.Edges { // what the walk could not reach
		if !emitted[e.Index] && !visited[e.From.Index] {
			walk(e.From)
		}
	}
	for _, e := range doc.Edges { // never walked (cannot happen; kept total)
		if !emitted[e.Index] {
			emit(e)
		}
	}
	if f.Merged != nil {
		f.Merged = append(f.Merged, make([]bool, len(f.Edges)-len(f.Merged))...)
	}
	return f, merge
}

// breaks marks the branches that end where a way through the frame
// goes on past it: whatever follows a frame follows every one of its
// branches, so a branch that stops at end steps (the successful
// request's "200 OK" while the error paths go on to "Build error
// response") is a break, not an alternative. Such branches are moved
// to the front of their frame (the others keep their order) and counted
// in [Alt.Breaks].
//
// What goes on past the frame is what hangs on its decision: a step a
// branch reaches hangs on the decision when no edge into it (other than
// those closing a cycle) is sent whatever the decision chooses. An edge
// drawn inside the frame is the decision's own; one drawn outside is
// sent whatever it chooses when, following the edges back from it
// (without passing the decision), one comes to a step that leads to the
// decision and is no decision itself (a fan-out: the gateway that asks
// the order service, whose fraud check sends "Yes" to the payment
// service, and sends "POST /payments" to it too), or to a start of its
// own. Back from an edge, a decision that leads to this one by another
// outcome excludes it: the other ways into "Build error response" in
// api-gateway ("No (401)", "No (429)") are alternatives to "All
// answered?", so it hangs on its "Timeout". An edge from a step that
// the step itself leads to (by any edges: a reply round to it) does not
// bring it about and is left aside. A frame is gone on from when a step
// that hangs on it, reached by one of its branches, leads on after it
// (an edge leaving it is drawn after the frame). A branch
// ends when every edge leaving a step it reaches is drawn inside it, or
// after the frame from a step that does not hang on it (that goes on
// on another account), and none of its edges goes back round to a step
// it did not enter itself (a retry asks again; a loop inside the branch
// does not keep it from ending). Messages drawn after a frame that no
// way through it leads to make no break either. A frame one of whose
// branches is the way round its decision (its one outcome labelled
// "else", as a Mermaid break imports) has the others that end drawn as
// breaks even when nothing follows it: the way round goes on.
//
// Inside a loop only a branch that leaves the loop for good (none of its
// steps is the loop's) can be a break; the others are left as they are
// (a loop's way out is its own frame, see the sequence view). Frames
// nest, so inner frames are done first; the work is bounded by a
// budget of a few times the edges
// (past it, frames stay alternatives), and following edges back by one
// of the same size (past it, steps are taken to hang).
func (w *orderWalk) breaks(f *Flow) {
	if len(f.Alts) == 0 {
		return
	}
	inLoop := make([]bool, len(w.doc.Nodes))
	for _, l := range w.doc.Loops {
		for _, n := range l.Nodes {
			inLoop[n.Index] = true
		}
	}
	budget := 4*len(f.Edges) + 4096
	// in[n] are the edges into node n that do not close a cycle.
	in := make([][]*Edge, len(w.doc.Nodes))
	for _, e := range w.doc.Edges {
		if !w.back[e.Index] {
			in[e.To.Index] = append(in[e.To.Index], e)
		}
	}
	isDecision := w.decision
	// Per frame: lead[n] == mark when step n leads to the frame's
	// decision (it is asked on some way from n); seen[n] == stamp when a
	// search from a step outside the frame has been through n.
	lead := make([]int, len(w.doc.Nodes))
	seen := make([]int, len(w.doc.Nodes))
	mark, stamp := 0, 0
	var todo []*Node
	// Following edges back has a budget of its own, so that frames are
	// still looked at when it runs out (then their steps are taken to
	// hang).
	follow := 4*len(f.Edges) + 4096
	// leads marks the steps that lead to decision d (once per decision).
	// It reports false when its budget runs out.
	var ledTo *Node
	leads := func(d *Node) bool {
		if d == ledTo {
			return follow > 0
		}
		ledTo = d
		mark++
		todo = append(todo[:0], d)
		for len(todo) > 0 && follow > 0 {
			n := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			for _, g := range in[n.Index] {
				follow--
				if lead[g.From.Index] != mark && g.From != d {
					lead[g.From.Index] = mark
					todo = append(todo, g.From)
				}
			}
		}
		return follow > 0
	}
	// besides reports whether edge g, drawn outside the frame of
	// decision d, can be sent on a way where d is asked too whatever d
	// chooses: its step leads to d and is not a decision (a fan-out: it
	// sends g and goes on to d), or some way to it leaves such a step
	// (or starts) apart from d. A way that leaves a decision leading to
	// d by another outcome excludes d (api-gateway's "No (429)" to "Build
	// error response" is an alternative to "All answered?"), and a way
	// through d is d's own.
	besides := func(g *Edge, d *Node) bool {
		x := g.From
		if lead[x.Index] == mark {
			return !isDecision(x) || lead[g.To.Index] == mark
		}
		stamp++
		seen[x.Index] = stamp
		todo = append(todo[:0], x)
		for len(todo) > 0 && follow > 0 {
			n := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			if len(in[n.Index]) == 0 {
				return true // a start of its own
			}
			for _, h := range in[n.Index] {
				follow--
				switch y := h.From; {
				case y == d:
				case lead[y.Index] == mark:
					if !isDecision(y) {
						return true
					}
				case seen[y.Index] != stamp:
					seen[y.Index] = stamp
					todo = append(todo, y)
				}
			}
		}
		return false
	}
	// after reports whether step x comes after step n: n leads to it
	// (by any edges, retries too), other than through a step that leads
	// to the frame's decision (marked by leads): a way through such a
	// step asks the decision again, a new round (an author's revised
	// draft goes back to both reviewers: the second reviewer's findings
	// are not an answer to it). Past its budget it reports true.
	var from []*Node
	after := func(n, x *Node) bool {
		stamp++
		seen[n.Index] = stamp
		from = append(from[:0], n)
		for len(from) > 0 {
			m := from[len(from)-1]
			from = from[:len(from)-1]
			for _, o := range w.out[m.Index] {
				if follow--; follow <= 0 || o.To == x {
					return true
				}
				if lead[o.To.Index] == mark {
					continue
				}
				if seen[o.To.Index] != stamp {
					seen[o.To.Index] = stamp
					from = append(from, o.To)
				}
			}
		}
		return false
	}
	// hangs reports whether node n, which a branch of frame a reaches
	// and which leads on after it, hangs on the frame: every edge into
	// it is drawn inside the frame, excludes the frame's decision (see
	// besides) or comes back round from a step n leads to (a reply to
	// what n sent: it does not bring n about). Past its budget it is
	// taken to hang.
	hangs := func(a *Alt, n *Node, start, end int) bool {
		asked := false
		for _, g := range in[n.Index] {
			if q := f.Pos[g.Index]; q >= start && q < end {
				continue
			}
			if !asked {
				if asked = true; !leads(a.Decision) {
					return true
				}
			}
			if besides(g, a.Decision) && !after(n, g.From) {
				return follow <= 0
			}
		}
		return true
	}
	// scan reports whether branch b of frame a ends, and whether it
	// goes on past the frame's end. A step it reaches that leads on after
	// the frame only on another account (it does not hang on the frame)
	// neither goes on past it nor keeps the branch from ending.
	scan := func(a *Alt, b [2]int, start, end int) (ends, past bool) {
		ends = true
		for p := b[0]; p < b[1]; p++ {
			e := f.Edges[p]
			if w.back[e.Index] {
				// A retry goes back round unless it returns to a step
				// the branch itself entered (a loop inside it).
				inner := len(in[e.To.Index]) > 0
				for _, g := range in[e.To.Index] {
					if q := f.Pos[g.Index]; q < b[0] || q >= b[1] {
						inner = false
					}
				}
				ends = ends && inner
				continue
			}
			hung := 0 // 1: e.To hangs on the frame, -1: it does not
			for _, o := range w.out[e.To.Index] {
				budget--
				q := f.Pos[o.Index]
				if q >= b[0] && q < b[1] {
					continue
				}
				if q >= end {
					if hung == 0 {
						hung = -1
						if hangs(a, e.To, start, end) {
							hung = 1
						}
					}
					if hung < 0 {
						continue
					}
					past = true
				}
				ends = false
			}
		}
		return ends, past
	}
	var moved []*Edge
	var movedMerged []bool
	for i := range f.Alts {
		a := &f.Alts[i]
		start, end := a.Start(), a.End()
		// round is the branch that is the way round the decision (its
		// one outcome "else", as a Mermaid break imports), or -1.
		round := -1
		for k, b := range a.Branches {
			if strings.EqualFold(f.Edges[b[0]].Label, "else") {
				if round >= 0 {
					round = -1
					break
				}
				round = k
			}
		}
		loopy := inLoop[a.Decision.Index]
		if end >= len(f.Edges) && round < 0 || budget < end-start {
			continue
		}
		budget -= end - start
		var stop, goOn [][2]int
		onward := false
		ended := make([]bool, len(a.Branches))
		for k, b := range a.Branches {
			ends, past := scan(a, b, start, end)
			onward = onward || past
			ended[k] = ends
			if loopy {
				// Inside a loop only a branch that leaves it for good
				// (none of its steps is the loop's) is a break: it
				// leaves the loop and stops ("declined: risk" to "Show
				// declined" while the payment goes round).
				for p := b[0]; p < b[1] && ended[k]; p++ {
					ended[k] = !inLoop[f.Edges[p].To.Index]
				}
			}
		}
		if !onward && round >= 0 {
			// The way round goes on for the decision even when nothing
			// follows the frame: the branches that end are breaks.
			ended[round] = false
			onward = true
		}
		for k, b := range a.Branches {
			if ended[k] {
				stop = append(stop, b)
			} else {
				goOn = append(goOn, b)
			}
		}
		if len(stop) == 0 || !onward {
			continue
		}
		order := append(stop, goOn...)
		if slices.Equal(order, a.Branches) {
			a.Breaks = len(stop)
			continue
		}
		// Move the ending branches first: the edges, their positions,
		// the merged marks and the frames nested in them.
		moved, movedMerged = moved[:0], movedMerged[:0]
		shift := make([]int, len(order))
		for k, b := range order {
			shift[k] = start + len(moved) - b[0]
			moved = append(moved, f.Edges[b[0]:b[1]]...)
			if f.Merged != nil {
				movedMerged = append(movedMerged, f.Merged[b[0]:b[1]]...)
			}
		}
		for j := i - 1; j >= 0; j-- {
			in := &f.Alts[j]
			if in.Start() < start || in.End() > end {
				break
			}
			for k, b := range order {
				if b[0] <= in.Start() && in.Start() < b[1] {
					for x := range in.Branches {
						in.Branches[x][0] += shift[k]
						in.Branches[x][1] += shift[k]
					}
					break
				}
			}
		}
		copy(f.Edges[start:end], moved)
		if f.Merged != nil {
			copy(f.Merged[start:end], movedMerged)
		}
		for p := start; p < end; p++ {
			f.Pos[f.Edges[p].Index] = p
		}
		for k, b := range order {
			order[k] = [2]int{b[0] + shift[k], b[1] + shift[k]}
		}
		a.Branches = order
		a.Breaks = len(stop)
	}
}

// backEdges finds the edges that close a cycle, by a depth-first search
// from roots (then from every other node in lane order) that follows
// outgoing edges in written order, entering a loop (a strongly connected
// part of the flow of more than one node) as soon as it can: a node's
// edges into a loop it is not part of come first. So a loop entered at
// two steps ("Ask for one more interview" back to the system design
// interview, which the shortlist also leads to, before the scorecards
// are reviewed) is closed by the edge back to the step the flow reaches
// first, not at the step the search would meet first by going deep
// through another branch. An edge that closes a cycle leads to a step on
// the search's path to its own, so every walk of the rest of the flow
// meets it after its target. It runs in O(nodes + edges).
func backEdges(doc *Document, roots []*Node, out [][]*Edge) []bool {
	nn := len(doc.Nodes)
	back := make([]bool, len(doc.Edges))
	part := strongParts(nn, out)
	size := make([]int, nn)
	for _, p := range part {
		size[p]++
	}
	// order[n]: n's outgoing edges in the order the search takes them,
	// when that is not their written order.
	order := make([][]*Edge, nn)
	for i, es := range out {
		into := func(e *Edge) bool { t := part[e.To.Index]; return t != part[i] && size[t] > 1 }
		if !slices.ContainsFunc(es, into) {
			continue
		}
		o := make([]*Edge, 0, len(es))
		for _, e := range es {
			if into(e) {
				o = append(o, e)
			}
		}
		for _, e := range es {
			if !into(e) {
				o = append(o, e)
			}
		}
		order[i] = o
	}
	edges := func(n *Node) []*Edge {
		if o := order[n.Index]; o != nil {
			return o
		}
		return out[n.Index]
	}
	state := make([]int8, nn) // 0 new, 1 on stack, 2 done
	type frame struct {
		n *Node
		i int
	}
	var stack []frame
	search := func(root *Node) {
		if state[root.Index] != 0 {
			return
		}
		stack = append(stack[:0], frame{root, 0})
		state[root.Index] = 1
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			es := edges(top.n)
			if top.i == len(es) {
				state[top.n.Index] = 2
				stack = stack[:len(stack)-1]
				continue
			}
			e := es[top.i]
			top.i++
			switch state[e.To.Index] {
			case 1:
				back[e.Index] = true
			case 0:
				state[e.To.Index] = 1
				stack = append(stack, frame{e.To, 0})
			}
		}
	}
	for _, r := range roots {
		search(r)
	}
	for _, l := range doc.Lanes {
		for _, n := range l.Nodes {
			search(n)
		}
	}
	return back
}

// strongParts numbers the strongly connected parts of the flow (Tarjan's
// algorithm, without recursion): part[a] == part[b] when each of nodes a
// and b leads to the other. out lists each node's outgoing edges.
func strongParts(nn int, out [][]*Edge) []int {
	index, low, part := make([]int, nn), make([]int, nn), make([]int, nn)
	for i := range index {
		index[i] = -1
	}
	onStack := make([]bool, nn)
	var stack []int
	type frame struct{ v, i int }
	var calls []frame
	next, parts := 0, 0
	for root := range nn {
		if index[root] >= 0 {
			continue
		}
		calls = append(calls[:0], frame{root, 0})
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(calls) > 0 {
			top := &calls[len(calls)-1]
			if top.i < len(out[top.v]) {
				w := out[top.v][top.i].To.Index
				top.i++
				switch {
				case index[w] < 0:
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					calls = append(calls, frame{w, 0})
				case onStack[w]:
					low[top.v] = min(low[top.v], index[w])
				}
				continue
			}
			v := top.v
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				u := calls[len(calls)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] == index[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					part[w] = parts
					if w == v {
						break
					}
				}
				parts++
			}
		}
	}
	return part
}

// writtenOrder is the literal order: decisions form alternatives from
// their first to their last written outcome, which need not nest.
func writtenOrder(doc *Document) *Flow {
	f := &Flow{Edges: doc.Edges, Pos: make([]int, len(doc.Edges)), Rounds: RoundDecisions(doc)}
	out := map[*Node][]*Edge{}
	for i, e := range doc.Edges {
		f.Pos[i] = i
		if e.From.Shape == Diamond {
			out[e.From] = append(out[e.From], e)
		}
	}
	for _, n := range doc.Nodes {
		outs := out[n]
		if len(outs) < 2 {
			continue
		}
		a := Alt{Decision: n}
		for k, e := range outs {
			end := outs[len(outs)-1].Index + 1
			if k+1 < len(outs) {
				end = outs[k+1].Index
			}
			a.Branches = append(a.Branches, [2]int{e.Index, end})
		}
		f.Alts = append(f.Alts, a)
	}
	return f
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// RoundDecisions returns, for each loop of doc in written order, the
// decisions that no loop holds and that the loop's steps lead to, in the
// order a breadth-first walk from its steps meets them: a call out of the
// loop whose answer is asked of someone else (the guest's "Dish as
// expected?" after the kitchen's plating, whose "No" sends the dish back
// to be remade). When one of their outcomes leads back into the loop,
// they are part of a round: [Order] puts those outcomes first as for a
// decision inside the loop, and the sequence view may end the loop's
// frame at such a decision's way out. The walk looks at a few times the
// edges in all, then stops.
func RoundDecisions(doc *Document) [][]*Node {
	out := make([][]*Node, len(doc.Nodes))
	inLoop := make([]bool, len(doc.Nodes))
	for _, e := range doc.Edges {
		out[e.From.Index] = append(out[e.From.Index], e.To)
	}
	for _, l := range doc.Loops {
		for _, n := range l.Nodes {
			inLoop[n.Index] = true
		}
	}
	budget := 4*len(doc.Edges) + 4096
	rounds := make([][]*Node, len(doc.Loops))
	for li, l := range doc.Loops {
		seen := make(map[*Node]bool, len(l.Nodes))
		queue := append([]*Node(nil), l.Nodes...)
		for len(queue) > 0 && budget > 0 {
			n := queue[0]
			queue = queue[1:]
			budget--
			if seen[n] {
				continue
			}
			seen[n] = true
			if n.Shape == Diamond && !inLoop[n.Index] && len(out[n.Index]) > 1 {
				rounds[li] = append(rounds[li], n)
			}
			queue = append(queue, out[n.Index]...)
		}
	}
	return rounds
}

// loopStays returns, for the outcomes es of decision d, which lead back
// into one of the loops held (those that hold d, or whose steps lead to
// it): to one of its steps, or to steps outside it that lead to one
// other than through a decision outside every loop reached after such a
// step (loops[n]: the loops that hold node n; out: every node's edges). It
// returns nil when held is empty, or when every outcome or none leads
// back (nothing to put first). The search shares budget (steps looked
// at) with the other decisions' searches, so the walk stays linear: past
// it, the outcomes keep their order.
func loopStays(loops map[*Node][]*Loop, held []*Loop, out [][]*Edge, d *Node, es []*Edge, budget *int) map[*Edge]bool {
	if len(held) == 0 {
		return nil
	}
	inLoop := func(n *Node) bool {
		for _, l := range loops[n] {
			if slices.Contains(held, l) {
				return true
			}
		}
		return false
	}
	var stays map[*Edge]bool
	type at struct {
		n    *Node
		left bool // a step outside the loop lies on the way
	}
	for _, e := range es {
		seen := map[at]bool{{d, false}: true, {d, true}: true}
		queue := []at{{e.To, false}}
		found := false
		for len(queue) > 0 && !found && *budget > 0 {
			a := queue[0]
			queue = queue[1:]
			*budget--
			if inLoop(a.n) {
				found = true
				break
			}
			if seen[a] {
				continue
			}
			seen[a] = true
			if a.n.Shape == Diamond && len(loops[a.n]) == 0 && a.left {
				// A decision outside every loop after a step done
				// outside the loop: coming back through one of its
				// outcomes (a review's "No, with comments" after the
				// tests loop has been left and a pull request opened)
				// is a round of its own, not this loop's.
				continue
			}
			left := a.left || a.n.Shape != Diamond
			for _, o := range out[a.n.Index] {
				queue = append(queue, at{o.To, left})
			}
		}
		if found {
			if stays == nil {
				stays = map[*Edge]bool{}
			}
			stays[e] = true
		}
	}
	if len(stays) == len(es) {
		return nil
	}
	return stays
}

// waitingSends returns, of the edges es leaving step n (no decision), the
// messages to another lane that go to a join which n's next step in its
// own lane leads to as well (other than through n, by edges that close no
// cycle): the join waits for that other way, so the message is only sent
// here, and the walk goes on in n's lane. Drawn first, it reads as sent when n is done ("GET /products"
// from "Browse catalogue" before the same step's "add to cart" leads to
// "Checkout" and its "POST /orders" to the same gateway); drawn after, it
// would come after everything the other way leads to, as if sent last.
// Such a message goes before every other edge (sendsToJoin). So does,
// just before the way on but after the step's messages written before it
// (sendsFirst), a message to a step no other way enters when the way on
// sends to that participant again, at a step the message does not lead
// to: a saga's "Hold seat" before the step that asks whether the seat is
// held, whose compensation sends "Release seat" to the same airline;
// drawn after the way on, the hold came after its release. Where the
// message's own way reaches that step too, the two ways meet (a fork and
// its join) and written order stands; so it does for a step that a cycle
// comes back to (what the message leads to may be that way round). A
// step inside a loop keeps its order (its round comes first, see Order).
// The searches share budget with the walk's others; past it, nothing is
// moved.
func (w *orderWalk) waitingSends(n *Node, es []*Edge, loops map[*Node][]*Loop, budget *int) map[*Edge]waitKind {
	if len(loops[n]) > 0 {
		return nil
	}
	var waits map[*Edge]waitKind
	for _, e := range es {
		t := e.To
		// A message to a step no other way enters waits for nothing;
		// it is moved only for its participant's sake (below), and not
		// by a step that a cycle comes back to: what the message leads
		// to may be the way round, drawn before the step goes on.
		join := w.indeg[t.Index] >= 2
		if e.From == t || w.back[e.Index] || t.Lane == n.Lane || !join && w.backIn[n.Index] {
			continue
		}
		// Where the message leads: the way on sending to the same
		// participant only there is the two ways meeting (a fork and
		// its join), which keeps its written order.
		var leads map[*Node]bool
		if !join {
			leads = map[*Node]bool{n: true, t: true}
			for queue := []*Node{t}; len(queue) > 0 && *budget > 0; {
				m := queue[0]
				queue = queue[1:]
				for _, o := range w.out[m.Index] {
					*budget--
					if !w.back[o.Index] && !leads[o.To] {
						leads[o.To] = true
						queue = append(queue, o.To)
					}
				}
			}
			if *budget <= 0 {
				continue
			}
		}
		seen := map[*Node]bool{n: true}
		var queue []*Node
		for _, g := range es {
			if g != e && g.To.Lane == n.Lane && g.To != n && g.To != t && !w.back[g.Index] && !seen[g.To] {
				seen[g.To] = true
				queue = append(queue, g.To)
			}
		}
		found := false
		for len(queue) > 0 && !found && *budget > 0 {
			m := queue[0]
			queue = queue[1:]
			for _, o := range w.out[m.Index] {
				*budget--
				if w.back[o.Index] || seen[o.To] {
					continue
				}
				if o.To == t || !join && o.To.Lane == t.Lane && !leads[o.To] {
					found = true
					break
				}
				seen[o.To] = true
				queue = append(queue, o.To)
			}
		}
		if found {
			if waits == nil {
				waits = map[*Edge]waitKind{}
			}
			waits[e] = sendsFirst
			if join {
				waits[e] = sendsToJoin
			}
		}
	}
	return waits
}

// waitKind says why waitingSends moves a message ahead of its step's
// way on.
type waitKind int

const (
	_           waitKind = iota
	sendsToJoin          // to a join the way on reaches too: first of all
	sendsFirst           // to a participant the way on sends to: before the way on
)
