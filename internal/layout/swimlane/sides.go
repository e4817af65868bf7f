package swimlane

import (
	"strconv"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

// Sides chosen once the nodes are placed. model.InferSides gives an edge
// written without handles its sides from lane order alone, before any
// node has a column: a hand-off to a later lane leaves the bottom and
// enters the top (to an earlier lane the top and the bottom), and its
// target takes the source's column or a later one. Placed, a hand-off
// whose target lies several columns on may do better out of the
// source's right side (into the target's left or top) or into the
// target's left from the bottom, as Graphviz draws it, and a hand-off
// to a lane two or more lanes away need not run down through the edges
// of the lanes between.
//
// keepFewerCrossingsSides, for a diagram that crosses, tries two things
// and keeps each when it crosses fewer edges:
//
//   - the diagram laid out again with every hand-off between lanes whose
//     handles were not written (and that closes no cycle) as a forward
//     edge, right side to left side (newStateSides with flow): its
//     target takes a later column, as in Graphviz's ranking; then with
//     only those of them whose routes cross; the further layouts of
//     keepFewerCrossingsVariants are tried on the one crossing least;
//   - then, on the best layout so far, for each edge whose route crosses
//     another and whose sides were not both written, the pairs of sides
//     toward where its target lies (sidePairs): each pair's simple and
//     gutter routes are laid among the others as they lie on their
//     tracks, and the pair whose route crosses fewest routes, then bends
//     least, then runs shortest is taken when it crosses fewer than the
//     edge's route; the diagram is laid out again on the same columns
//     and rows with the sides taken (relaid).
//
// A side written in the code is never changed; in the second step an
// edge that crosses nothing keeps its sides, and on a tie the sides stay
// as they were.

// sidesTry is off only in tests that compare with the layout that keeps
// the sides inferred before placement.
var sidesTry = true

// sideRounds bounds the layouts keepFewerCrossingsSides lays again.
const sideRounds = 2

// sidePair is the sides an edge leaves and enters by.
type sidePair struct{ from, to model.Side }

// keepFewerCrossingsSides returns s, or a layout with other sides for
// edges whose handles were not written, when that crosses fewer edges
// (see above). Only for diagrams of up to geomCheckMax nodes whose
// drawing crosses.
func (s *state) keepFewerCrossingsSides() *state {
	if s.overWork() {
		return s
	}
	if !sidesTry || len(s.nodes) > geomCheckMax || len(s.edges) > untangleMaxEdges || !s.sidesFree() {
		return s
	}
	best, c := s, s.routeCrossings()
	shared, crossed := -1, 0 // best's shared runs and crossed labels, counted once another layout is laid
	keep := func(w *state) bool {
		if shared < 0 {
			shared, crossed = best.sharedRuns(), best.labelsCrossed()
		}
		wc, ws, wl := w.routeCrossings(), w.sharedRuns(), w.labelsCrossed()
		if !crossesLess(wc, ws, wl, c, shared, crossed) {
			return false
		}
		best, c, shared, crossed = w, wc, ws, wl
		return true
	}
	if c > 0 && s.flow == nil {
		// The diagram placed with its hand-offs as forward edges: all of
		// them, then those whose routes cross.
		all := make([]bool, len(s.edges))
		for i := range all {
			all[i] = true
		}
		crossing := make([]bool, len(s.edges))
		index := make(map[*model.Edge]int, len(s.edges))
		for i, e := range s.edges {
			index[e.m] = i
		}
		s.eachCrossing(func(a, b *model.Edge) { crossing[index[a]], crossing[index[b]] = true, true })
		// Each laid out plainly; the one crossing least, when it crosses
		// at most once more than s, tries the further layouts of the
		// crossing reduction too (the costly part: up to fourteen
		// layouts; on the unseen set they take a model-serving platform
		// from 12 crossings to 8, against 11 for s).
		var cand *state
		candC, tried := 0, -1
		for _, flow := range [][]bool{all, crossing} {
			w := newStateSides(s.doc, s.env, flow)
			w.gridWork = s.gridWork
			if w.flowEdges == 0 || w.flowEdges == tried {
				continue // nothing to change, or the same layout again
			}
			tried = w.flowEdges
			w.maze = s.scratch()
			w.layOut()
			if wc := w.routeCrossings(); cand == nil || wc < candC {
				cand, candC = w, wc
			}
		}
		if cand != nil && candC <= c+1 {
			keep(cand.keepFewerCrossingsVariants())
		}
	}
	for round := 0; round < sideRounds && c > 0; round++ {
		sides, changed := best.chooseSides()
		if !changed || !keep(best.relaid(sides)) {
			break
		}
	}
	return best
}

// sidesFree reports whether an edge between two lanes has a side the
// code does not write: else there is nothing to choose.
func (s *state) sidesFree() bool {
	for _, e := range s.doc.Edges {
		if e.From.Lane != e.To.Lane && (e.FromSide == model.NoSide || e.ToSide == model.NoSide) {
			return true
		}
	}
	return false
}

// sidePairs lists the pairs of sides an edge may take, today's first,
// or nil when it has no choice: an edge whose handles were both written,
// an edge inside one lane, a self-edge, one whose nodes share a column.
// Toward a target in a later lane and a later column: bottom to top,
// right to left, right to top and bottom to left; the mirrors of these
// toward an earlier lane or an earlier column. A written side keeps
// only the pairs that hold it.
func sidePairs(e *edge) []sidePair {
	m := e.m
	if m.FromSide != model.NoSide && m.ToSide != model.NoSide || m.From == m.To ||
		m.From.Lane == m.To.Lane || e.from.col == e.to.col {
		return nil
	}
	v, h := model.Bottom, model.Right
	if m.To.Lane.Index < m.From.Lane.Index {
		v = model.Top
	}
	if e.to.col < e.from.col {
		h = model.Left
	}
	out := []sidePair{{e.fs, e.ts}}
	for _, p := range []sidePair{{v, model.Opposite(v)}, {h, model.Opposite(h)}, {h, model.Opposite(v)}, {v, model.Opposite(h)}} {
		if p == out[0] || m.FromSide != model.NoSide && p.from != m.FromSide || m.ToSide != model.NoSide && p.to != m.ToSide {
			continue
		}
		out = append(out, p)
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// chooseSides returns every edge's sides, with the pair taken for each
// edge that crosses and has a pair whose route crosses fewer routes, and
// whether any edge changed. The routes are weighed against the others as
// they lie on their tracks, each edge against the routes chosen before
// it.
func (s *state) chooseSides() ([]sidePair, bool) {
	sides := s.sidePairs()
	g := s.newSegGrid()
	defer func() { s.spare = g }()
	for _, e := range s.edges {
		g.add(e.pts, e)
	}
	changed := false
	for i, e := range s.edges {
		pairs := sidePairs(e)
		if pairs == nil {
			continue
		}
		before := exactCrossings(g, e.pts, e)
		if before == 0 {
			continue
		}
		var best []geom.Point
		bestN, bestPair := before, pairs[0]
		for _, p := range pairs[1:] {
			e.fs, e.ts = p.from, p.to
			src, dst := s.portFor(e, true, sides), s.portFor(e, false, sides)
			var routes [][]geom.Point
			for _, r := range s.candidates(e, src, dst) {
				if s.valid(e, r) {
					routes = append(routes, r)
				}
			}
			routes = append(routes, s.gutterRoutes(e, src, dst)...)
			for _, r := range routes {
				r = s.fitTracks(g, e, geom.Simplify(r))
				if len(r) < 2 || !s.clear(e, r) || !stubsOut(e, r) || g.overlaps(r, e) > 0 || s.besideAnother(g, r, e) {
					continue
				}
				n := exactCrossings(g, r, e)
				if n < bestN || best != nil && n == bestN && (len(r) < len(best) || len(r) == len(best) && routeLen(r) < routeLen(best)) {
					best, bestN, bestPair = r, n, p
				}
			}
		}
		e.fs, e.ts = pairs[0].from, pairs[0].to
		if best == nil {
			continue
		}
		g.remove(e.pts, e)
		g.add(best, e)
		sides[i], changed = bestPair, true
	}
	// The routes in g stand for the routes of the edges with their new
	// sides; the state's own routes are untouched.
	return sides, changed
}

// portFor returns where e's source (or target) end would sit on its side
// among the other ends there, with the sides of sides (e's own as set on
// e): the side's ports spread as ports spreads them.
func (s *state) portFor(e *edge, source bool, sides []sidePair) geom.Point {
	nd, side, other := e.to, e.ts, e.from
	if source {
		nd, side, other = e.from, e.fs, e.to
	}
	ps := layout.PortSide{Node: nd.m.Index, Side: side}
	mine := -1
	for i, o := range s.edges {
		if o == e {
			mine = i
			ps.Ends = append(ps.Ends, layout.PortEnd{Edge: i, Source: source, Other: other.rect().Center()})
			continue
		}
		if o.from == nd && sides[i].from == side {
			ps.Ends = append(ps.Ends, layout.PortEnd{Edge: i, Source: true, Other: o.to.rect().Center()})
		}
		if o.to == nd && sides[i].to == side {
			ps.Ends = append(ps.Ends, layout.PortEnd{Edge: i, Other: o.from.rect().Center()})
		}
	}
	offs := ps.Spread(nd.rect().Center(), nd.face(side, s.endOthers(ps.Ends)), portStepMax, portSpread)
	for k, pe := range ps.Ends {
		if pe.Edge == mine && pe.Source == source {
			return portPoint(nd, side, offs[k])
		}
	}
	return portPoint(nd, side, 0)
}

// sidePairs returns the sides each edge is drawn with, in edge order.
func (s *state) sidePairs() []sidePair {
	sides := make([]sidePair, len(s.edges))
	for i, e := range s.edges {
		sides[i] = sidePair{e.fs, e.ts}
	}
	return sides
}

// relaid returns a new layout of s's columns and rows with the edges'
// sides set to sides: the nodes sized again (a side's ports may need a
// longer face), placed, routed and labelled.
func (s *state) relaid(sides []sidePair) *state {
	w := newStateSides(s.doc, s.env, s.flow)
	w.gridWork = s.gridWork
	w.maze = s.scratch()
	w.onwardBias, w.nextBias, w.stackFaces, w.passWeights = s.onwardBias, s.nextBias, s.stackFaces, s.passWeights
	w.fanFirstOn, w.fanWide, w.passTurns, w.pullOn, w.bumped = s.fanFirstOn, s.fanWide, s.passTurns, s.pullOn, s.bumped
	for i, e := range w.edges {
		e.fs, e.ts = sides[i].from, sides[i].to
	}
	w.sizeNodes()
	w.cols = s.cols
	for i, n := range w.nodes {
		n.col, n.row = s.nodes[i].col, s.nodes[i].row
	}
	w.countRows()
	w.arrange()
	return w
}

// DrawnSides returns the sides the workflow picture of doc draws each
// edge with, for the diagrams whose sides are chosen after placement (up
// to geomCheckMax nodes; nil above, where the picture keeps the sides
// model.InferSides gives). Writing these as handles (flowzap fix) or
// reporting them (the JSON graph) then says what the picture shows. The
// layout is memoised, so the render that usually follows costs nothing
// more.
func DrawnSides(doc *model.Document, env layout.Env) map[*model.Edge][2]model.Side {
	if doc == nil || len(doc.Nodes) == 0 || len(doc.Nodes) > geomCheckMax {
		return nil
	}
	free := false
	for _, e := range doc.Edges {
		if e.FromSide == model.NoSide || e.ToSide == model.NoSide {
			free = true
			break
		}
	}
	if !free {
		return nil
	}
	byID := make(map[string]*model.Edge, len(doc.Edges))
	for _, e := range doc.Edges {
		byID["e"+strconv.Itoa(e.Index+1)] = e // the layout's edge IDs
	}
	l := Layout(doc, env).Layout
	out := make(map[*model.Edge][2]model.Side, len(doc.Edges))
	for _, r := range l.Edges {
		if e := byID[r.ID]; e != nil {
			out[e] = [2]model.Side{model.Side(r.FromSide), model.Side(r.ToSide)}
		}
	}
	return out
}

// flowTry is off only in tests that compare with the layout that never
// ranks written hand-offs as forward edges (keepFewerCrossingsFlow).
var flowTry = true

// keepFewerCrossingsFlow lays a small diagram whose routes are tangled
// (at least one crossing per tangledShare edges; the seeds, which cross
// less, keep their time) out again with its hand-offs from a bottom into
// a later lane's top (or a top into an earlier lane's bottom) ranked as
// forward edges, each target a column after its source, as
// keepFewerCrossingsSides places edges written without handles: first
// the hand-offs whose routes cross, then all of them. The edges are then
// drawn with their own sides (written, or chosen before) on those
// columns and rows, and the drawing is kept when it crosses less, with
// no more labels crossed and shared runs weighed as one and a half
// crossings. A hand-off then steps to the next column where dropping
// straight across the lanes between would cross.
//
// The state returned has its crossings counted (state.crossings).
func (s *state) keepFewerCrossingsFlow() *state {
	if s.overWork() {
		return s
	}
	c := s.routeCrossings()
	s.crossings = c
	if !flowTry || len(s.nodes) > geomCheckMax || len(s.edges) > untangleMaxEdges || c == 0 || c*tangledShare < len(s.edges) {
		return s
	}
	_, back := model.Ranks(s.doc)
	sides := s.sidePairs()
	index := make(map[*model.Edge]int, len(s.edges))
	crossing := make([]bool, len(s.edges))
	for i, e := range s.edges {
		index[e.m] = i
	}
	s.eachCrossing(func(a, b *model.Edge) { crossing[index[a]], crossing[index[b]] = true, true })
	best, bc := s, c
	bs, bl := s.sharedRuns(), s.labelsCrossed()
	tried := -1
	// The hand-offs whose routes cross, then all of them.
	for _, only := range []bool{true, false} {
		flow := make([]bool, len(s.edges))
		n := 0
		for i, e := range s.edges {
			m := e.m
			if back[m] || !handOff(e) || only && !crossing[i] {
				continue
			}
			if down := m.To.Lane.Index > m.From.Lane.Index; down && e.fs == model.Bottom || !down && e.fs == model.Top {
				flow[i] = true
				n++
			}
		}
		if n == 0 || n == tried {
			continue
		}
		tried = n
		w := newStateFlow(s.doc, s.env, flow, sides)
		w.gridWork = s.gridWork
		w.maze = s.scratch()
		w.layOut()
		w.flow = nil
		r := w.relaid(sides)
		rc, rs, rl := r.routeCrossings(), r.sharedRuns(), r.labelsCrossed()
		if crossesLess(rc, rs, rl, bc, bs, bl) {
			best, bc, bs, bl = r, rc, rs, rl
		}
	}
	best.crossings = bc
	return best
}

// crossesLess reports whether a drawing with c crossings, shared runs
// and crossed labels is kept over one with bc, bs and bl (the terms of
// keepFewerCrossingsSides and keepFewerCrossingsFlow): it crosses less,
// crosses no more labels (a rule), and, with a shared run weighed as one
// and a half crossings (as in keepFewerCrossingsVariants: two edges
// drawn along each other hide a crossing), is less in all.
func crossesLess(c, shared, labels, bc, bs, bl int) bool {
	return c < bc && labels <= bl && 2*c+3*shared < 2*bc+3*bs
}

// gapMin is the fewest empty columns behind a hub that keepNarrowerHubRows
// closes: a single one costs a layout for a few pixels (about 50 in the
// blue-green seed, whose layout would take twice as long).
const gapMin = 2

// gapTry is off only in tests that compare with the layout that never
// closes the gap a centred hub leaves (keepNarrowerHubRows).
var gapTry = true

// keepNarrowerHubRows closes the gap that centreHubs leaves behind a hub
// moved over the middle of the nodes it hands over to: the hub's lane
// then has empty columns between the hub and the next node of its flow
// (a ledger fed by six sources, centred under them, with its check six
// columns on). The nodes of the hub's lane right of the gap move left by
// its width, when every column constraint into them still holds; the
// diagram is laid out again on those columns and kept when it is
// narrower, crosses no more, runs no more routes along each other and
// crosses no more labels. Centring first and closing after, as a rule,
// made some diagrams cross more (docs/quality.md); kept only when no
// worse, it costs one layout on the diagrams with such a gap.
func (s *state) keepNarrowerHubRows() *state {
	if s.overWork() {
		return s
	}
	if !gapTry || len(s.nodes) > geomCheckMax || len(s.edges) > untangleMaxEdges {
		return s
	}
	partners := make([]int, len(s.nodes))
	for _, e := range s.edges {
		if handOff(e) {
			partners[e.from.m.Index]++
			partners[e.to.m.Index]++
		}
	}
	cols := make([]int, len(s.nodes))
	for i, n := range s.nodes {
		cols[i] = n.col
	}
	moved := false
	for _, v := range s.nodes {
		if partners[v.m.Index] < hubMin {
			continue
		}
		lane := v.m.Lane.Index
		next := -1 // the first column right of the hub that its lane uses
		for i, n := range s.nodes {
			if n.m.Lane.Index == lane && cols[i] > cols[v.m.Index] && (next < 0 || cols[i] < next) {
				next = cols[i]
			}
		}
		gap := next - cols[v.m.Index] - 1
		if next < 0 || gap < gapMin {
			continue
		}
		shift := func(n *node) bool { return n.m.Lane.Index == lane && cols[n.m.Index] > cols[v.m.Index] }
		ok := true
		for _, e := range s.edges {
			if e.constraining && shift(e.to) && !shift(e.from) && cols[e.from.m.Index]+e.minlen > cols[e.to.m.Index]-gap {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for _, n := range s.nodes {
			if shift(n) {
				cols[n.m.Index] -= gap
			}
		}
		moved = true
	}
	if !moved {
		return s
	}
	sides := s.sidePairs()
	was := make([]int, len(s.nodes))
	for i, n := range s.nodes {
		was[i], n.col = n.col, cols[i]
	}
	w := s.relaid(sides)
	for i, n := range s.nodes {
		n.col = was[i]
	}
	c := s.crossings
	wc := w.routeCrossings()
	if w.width >= s.width || wc > c || w.sharedRuns() > s.sharedRuns() || w.labelsCrossed() > s.labelsCrossed() {
		return s
	}
	w.crossings = wc
	return w
}
