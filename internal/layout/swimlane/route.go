package swimlane

import (
	"maps"
	"math"
	"slices"
	"sort"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

// route gives every edge an orthogonal path from its source port to its
// target port. Candidates are tried from the simplest (straight, one bend,
// two bends through a gutter) to the general gutter route, which is valid
// by construction: gutters are the lines between columns and between rows
// that no node touches.
func (s *state) route() {
	if s.routed != nil {
		s.spare = s.routed // the routes of the last round: their memory serves again
	}
	s.routed = s.newSegGrid()
	if s.sideUse == nil {
		s.sideUse = map[sideKey]int{}
		for _, e := range s.edges {
			s.sideUse[sideKey{e.from, e.fs}]++
			s.sideUse[sideKey{e.to, e.ts}]++
		}
	}
	s.ports()
	for _, e := range s.edges {
		a, b := s.lanes[e.from.m.Lane.Index], s.lanes[e.to.m.Lane.Index]
		e.spanLo, e.spanHi = math.Min(a.y, b.y), math.Max(a.y+a.h, b.y+b.h)
	}
	for _, e := range s.edges {
		s.checkpoint()
		e.pts = s.routeEdge(e)
	}
	s.checkpoint()
	s.reroute()
	s.checkpoint()
	if len(s.edges) <= untangleMaxEdges {
		if s.midCross == nil {
			s.midCross = make(map[*edge]int, len(s.edges))
		}
		for _, e := range s.edges {
			s.midCross[e] = s.routed.crossings(e.pts, e)
		}
	}
	s.spreadTracks()
	s.checkpoint()
	s.straighten()
	s.separateEnds()
}

// spreadTracks gives every route its tracks (assignChannels) and
// untangles them. Up to untangleMaxEdges edges it does so twice, with the
// channels ordered once and with a second ordering that sees where the
// other channels put each segment's ends (layout.Channels.Refine), and
// keeps the drawing that crosses less (the first on a tie): the second
// ordering crosses less on most diagrams, more on a few.
func (s *state) spreadTracks() {
	spread := func(refine bool) {
		s.assignChannels(refine)
		for _, e := range s.edges {
			e.pts = geom.Simplify(e.pts)
		}
		s.untangle()
	}
	if len(s.edges) > untangleMaxEdges {
		spread(false)
		return
	}
	type saved struct {
		pts      []geom.Point
		src, dst geom.Point
	}
	save := func() []saved {
		out := make([]saved, len(s.edges))
		for i, e := range s.edges {
			out[i] = saved{slices.Clone(e.pts), e.srcPort, e.dstPort}
		}
		return out
	}
	restore := func(v []saved) {
		for i, e := range s.edges {
			e.pts, e.srcPort, e.dstPort = v[i].pts, v[i].src, v[i].dst
		}
	}
	before := save() // the routes as laid, on the gutters' middle lines
	needV, needH := maps.Clone(s.needV), maps.Clone(s.needH)
	spread(false)
	c0 := s.routeCrossings()
	if c0 == 0 {
		return
	}
	first := save()
	firstV, firstH := s.needV, s.needH
	restore(before)
	s.needV, s.needH = needV, needH
	spread(true)
	if c0 <= s.routeCrossings() {
		restore(first)
		s.needV, s.needH = firstV, firstH
	}
}

// straighten lays again, as a straight line, with one bend or with two
// (its middle run on a gutter's middle line, a track's width from any
// other route beside it), every route that bends more where such a route
// is valid, runs along no other route and crosses no more routes as they
// lie on their tracks: a route
// chosen on the gutters' middle lines may go round a crossing that the
// channels then bring back (a detour that runs along another route
// there), and the detour is then all it adds.
func (s *state) straighten() {
	if len(s.edges) > untangleMaxEdges {
		return
	}
	var g *segGrid
	for _, e := range s.edges {
		if len(e.pts) <= 3 || s.detour[e] {
			continue // simple already, or taken out of a bundle for its label
		}
		if g == nil {
			g = s.newSegGrid()
			defer func() { s.spare = g }()
			for _, o := range s.edges {
				g.add(o.pts, o)
			}
		}
		before := -1
		for _, cand := range s.candidates(e, e.srcPort, e.dstPort) {
			if len(cand) > 4 || len(cand) >= len(e.pts) || !s.clear(e, cand) || g.overlaps(cand, e) > 0 ||
				len(cand) == 4 && (e.hasLabel && routeLen(cand)+labelledSave > routeLen(e.pts) || g.nearParallel(cand[1], cand[2], e, trackStep)) {
				continue
			}
			if before < 0 {
				before = exactCrossings(g, e.pts, e)
			}
			if exactCrossings(g, cand, e) <= before {
				g.remove(e.pts, e)
				e.pts = cand
				g.add(cand, e)
				break
			}
		}
		if len(e.pts) > 4 {
			s.cutTurnBacks(g, e)
		}
	}
}

// cutTurnBacks takes out of e's route every turn back that leads nowhere:
// a route running one way (down, out of a decision's bottom) that turns
// aside (right), turns back to its first way (down) and then runs back
// the other way (left) goes straight on instead (down, then left), when
// the shorter route keeps a channel's clearance from nodes, runs along
// no other route nor beside one closer than a track, and crosses no
// more routes. The gutter search moves along gutters only, so a route
// out of a port turns at the first gutter it meets, even when the way
// it wants lies back across the port's own line. The same goes for a
// step of a staircase (down, right, down, right: down, then right),
// which a route takes to reach the gutter beside its target when the
// row it could run along to it is no gutter.
func (s *state) cutTurnBacks(g *segGrid, e *edge) {
	before := -1 // e's crossings, counted when a turn back is first found
	for i := 1; i+3 < len(e.pts); i++ {
		p0, p1, p2, p3, p4 := e.pts[i-1], e.pts[i], e.pts[i+1], e.pts[i+2], e.pts[i+3]
		d0, d1, d2, d3 := unitDir(p0, p1), unitDir(p1, p2), unitDir(p2, p3), unitDir(p3, p4)
		back, stair := d1 == (geom.Point{X: -d3.X, Y: -d3.Y}), staircaseCut && d1 == d3
		if d0 != d2 || !back && !stair || d0 == d1 || d0 == (geom.Point{}) || d1 == (geom.Point{}) {
			continue
		}
		q := geom.Point{X: p1.X, Y: p3.Y} // straight on from p0 to level with p3
		if d0.X != 0 {
			q = geom.Point{X: p3.X, Y: p1.Y}
		}
		if unitDir(p0, q) != d0 || unitDir(q, p4) != d3 {
			continue // p4 lies back beside the turn: the turn is needed
		}
		cand := make([]geom.Point, 0, len(e.pts)-2)
		cand = append(cand, e.pts[:i]...)
		cand = append(cand, q)
		cand = append(cand, e.pts[i+3:]...)
		cand = geom.Simplify(cand)
		if !s.clear(e, cand) || g.overlaps(cand, e) > 0 || g.nearParallel(p0, q, e, trackStep) || g.nearParallel(q, p4, e, trackStep) {
			continue
		}
		if before < 0 {
			before = exactCrossings(g, e.pts, e)
		}
		n := exactCrossings(g, cand, e)
		if n > before {
			continue
		}
		g.remove(e.pts, e)
		e.pts, before = cand, n
		g.add(cand, e)
		i = 0 // look again from the start
	}
}

// staircaseCut is off only in tests that compare with the routes whose
// staircase steps are left as the gutters lay them (cutTurnBacks).
var staircaseCut = true

// unitDir returns the direction of the run from a to b (a unit vector
// along an axis), or the zero point for a run of no length.
func unitDir(a, b geom.Point) geom.Point {
	switch {
	case b.X > a.X:
		return geom.Point{X: 1}
	case b.X < a.X:
		return geom.Point{X: -1}
	case b.Y > a.Y:
		return geom.Point{Y: 1}
	case b.Y < a.Y:
		return geom.Point{Y: -1}
	}
	return geom.Point{}
}

// labelledSave is how much shorter a route with two bends must be than
// a labelled edge's route for straighten to take it: the label may find
// less room on it, so it is worth that only where the old route goes a
// long way round (a port exchange that sent it round a neighbour's run).
const labelledSave = 100.0

// rerouteOnTracks lays again, once the routes lie on their tracks, each
// route that still crosses another: among its simple routes, its gutter
// routes and the gutter search's route (which now sees the other routes
// where the channels put them), the one that crosses fewest routes is
// kept when it crosses fewer than the route it replaces, keeps a
// channel's clearance from nodes and runs along no other route nor
// beside one closer than a track. The channels order a gutter's routes
// by where they go, so two routes laid through one gutter on its middle
// line may cross once on their tracks where the middle lines did not;
// such a route may then have a way round that the first routing, which
// saw the middle lines, could not tell apart.
//
// It runs once the rounds that widen gaps are over; it reports whether a
// route moved.
func (s *state) rerouteOnTracks() bool {
	if len(s.edges) > untangleMaxEdges {
		return false
	}
	g := s.newSegGrid()
	for _, o := range s.edges {
		g.add(o.pts, o)
	}
	routed := s.routed
	s.routed = g // the gutter search weighs the routes as they lie
	defer func() { s.routed, s.spare = routed, g }()
	any, mazes, mirrors := false, 0, 0
	for round := 0; round < rerouteRounds; round++ {
		moved := false
		for _, e := range s.edges {
			if s.overWork() {
				return any
			}
			if s.detour[e] {
				continue // taken out of a bundle for its label
			}
			before := exactCrossings(g, e.pts, e)
			unwind := e.winds(e.pts) // a route round its own end: any route that does not, crossing no more
			if before == 0 && !unwind {
				continue
			}
			cands := append(s.candidates(e, e.srcPort, e.dstPort), s.gutterRoutes(e, e.srcPort, e.dstPort)...)
			// The gutter search only for a route that the channels made
			// cross more than on the middle lines (where the rerouting
			// searched already), or in the second pass, which the first
			// pass's moves reached.
			if mazes < trackMazeMax && (round > 0 || before > s.midCross[e]) {
				mazes++
				if m := s.mazeRoute(e, routeCost(e.pts, before), trackMazeWindow); m != nil {
					cands = append(cands, m)
				}
			}
			var best []geom.Point
			bestN := before
			if unwind {
				bestN++ // as many crossings as before, without the winding
			}
			for _, c := range cands {
				c = s.fitTracks(g, e, geom.Simplify(c))
				if len(c) < 2 || !s.clear(e, c) || g.overlaps(c, e) > 0 || s.besideAnother(g, c, e) {
					continue
				}
				n := exactCrossings(g, c, e)
				if !e.better(c, n, before, unwind) {
					continue // a detour that costs more than it saves
				}
				if n < bestN || n == bestN && best != nil && len(c) < len(best) {
					best, bestN = c, n
				}
			}
			if best == nil {
				if mirrors < mirrorMax && s.rerouteMirrored(g, e, before, unwind, &mirrors) {
					moved, any = true, true
				}
				continue
			}
			g.remove(e.pts, e)
			e.pts = best
			g.add(best, e)
			moved, any = true, true
		}
		if !moved {
			break
		}
	}
	return any
}

// rerouteMirrored tries e's routes from a port on the other side of
// another route's port on the same side of the same node (as far from
// it as e's port is, inside the side and clear of the side's other
// ports), the other route left where it is: a retry whose step's own
// edge down runs straight to the next step has no stub to exchange
// ports with, and can only pass that edge on its far side. The best
// route is kept under the rules of rerouteOnTracks. It reports whether
// it moved e.
func (s *state) rerouteMirrored(g *segGrid, e *edge, before int, unwind bool, tried *int) bool {
	var best []geom.Point
	var bestSrc, bestDst geom.Point
	bestN := before
	if unwind {
		bestN++
	}
	for _, source := range [2]bool{true, false} {
		nd, side, port := e.to, e.ts, e.dstPort
		if source {
			nd, side, port = e.from, e.fs, e.srcPort
		}
		c := nd.rect().Center()
		along := func(p geom.Point) float64 {
			if horizontal(side) {
				return p.Y - c.Y
			}
			return p.X - c.X
		}
		others := s.otherPorts(e, nd, side, along) // the side's other ports
		half := nd.face(side, s.sideOthers(nd, side)) / 2
		at := along(port)
		for _, q := range others {
			off := 2*q - at
			if math.Abs(off) > half*portSpread || slices.ContainsFunc(others, func(r float64) bool { return math.Abs(r-off) < portStepMin }) {
				continue
			}
			if *tried++; *tried > mirrorMax {
				break
			}
			p := portPoint(nd, side, off)
			src, dst := e.srcPort, p
			if source {
				src, dst = p, e.dstPort
			}
			for _, r := range append(s.candidates(e, src, dst), s.gutterRoutes(e, src, dst)...) {
				r = s.fitTracks(g, e, geom.Simplify(r))
				if len(r) < 2 || !stubsOut(e, r) || !s.clear(e, r) || g.overlaps(r, e) > 0 || s.besideAnother(g, r, e) || windsRound(nd, side, r) {
					continue
				}
				n := exactCrossings(g, r, e)
				if !e.better(r, n, before, unwind) {
					continue
				}
				if n < bestN || n == bestN && best != nil && len(r) < len(best) {
					best, bestN, bestSrc, bestDst = r, n, src, dst
				}
			}
		}
	}
	if best == nil {
		return false
	}
	e.srcPort, e.dstPort = bestSrc, bestDst
	g.remove(e.pts, e)
	e.pts = best
	g.add(best, e)
	return true
}

// better reports whether route c of e, crossing n routes, may replace
// e's route, which crosses before: for a route that winds round its own
// end (unwind), any route that does not wind and crosses no more (the
// first routing already trades a winding for one crossing, see cost);
// for another, one that crosses fewer, with at most detourBends more
// bends and detourPerCrossing more pixels for each crossing it removes.
func (e *edge) better(c []geom.Point, n, before int, unwind bool) bool {
	if unwind {
		return n <= before && !e.winds(c)
	}
	removed := before - n
	return removed > 0 && len(c)-len(e.pts) <= detourBends*removed && routeLen(c)-routeLen(e.pts) <= detourPerCrossing*float64(removed)
}

// windsRound reports whether route pts, which leaves or enters side of
// nd, passes beyond nd's opposite side: it winds round the node it
// starts or ends at (out of the bottom, up round it and over its top).
func windsRound(nd *node, side model.Side, pts []geom.Point) bool {
	r := nd.rect()
	for _, p := range pts {
		if layout.BeyondSide(r, side, p) {
			return true
		}
	}
	return false
}

// winds reports whether route pts of e winds round one of its ends
// without need (layout.WindsRound): out of a step's right side, over its
// top and down past its left to reach a step on its right.
func (e *edge) winds(pts []geom.Point) bool {
	if e.from == e.to || len(pts) < 2 {
		return false
	}
	return layout.WindsRound(e.from.rect(), e.fs, pts, pts[len(pts)-1]) ||
		layout.WindsRound(e.to.rect(), e.ts, pts, pts[0])
}

// mirrorMax bounds the ports rerouteMirrored tries in one
// rerouteOnTracks (each with its simple and gutter routes), so that a
// hub whose side holds hundreds of ports costs no more than a few
// hundred tries.
const mirrorMax = 400

// portStepMin is how near another port of its side rerouteMirrored puts
// a port at the nearest.
const portStepMin = 8.0

// detourBends is how many more bends a route laid again on the tracks
// may have for each crossing it removes: one that wraps round its own
// source to spare a crossing (four more bends) reads worse than the
// crossing.
const detourBends = 2

// trackMazeMax bounds the gutter searches of one rerouteOnTracks (each
// up to mazeMaxPoints grid points): past it, crossing routes try only
// their simple and gutter routes.
const trackMazeMax = 120

// trackMazeWindow is the gutter search's window (see mazeWindow) when
// rerouteOnTracks lays a route again.
const trackMazeWindow = mazeWindow

// fitSteps bounds how many tracks away from a gutter's middle line
// fitTracks looks for a free line, on each side.
const fitSteps = 4

// fitTracks moves each inner segment of the route (laid on a gutter's
// middle line) to the nearest line, a track's width apart, where it runs
// along no other route nor beside one closer than a track, so that a route
// laid again among routes already on their tracks finds a free one. The
// runs out of and into the ports keep at least stub, every segment keeps
// its direction, and no segment moves over the lane titles or out of the
// lanes. It returns nil when a segment finds no such line.
func (s *state) fitTracks(g *segGrid, e *edge, c []geom.Point) []geom.Point {
	if len(c) < 4 {
		return c
	}
	orig := c
	c = slices.Clone(c)
	last := len(c) - 1
	for i := 1; i+1 < last; i++ {
		a, b := c[i], c[i+1]
		vert := a.X == b.X
		found := false
		for k := 0; k <= 2*fitSteps; k++ {
			d := float64((k+1)/2) * trackStep
			if k%2 == 1 {
				d = -d
			}
			a2, b2 := a, b
			if vert {
				a2.X, b2.X = a.X+d, b.X+d
			} else {
				a2.Y, b2.Y = a.Y+d, b.Y+d
			}
			if i == 1 && !s.stubOK(c[0], a2, e.fs) || i+1 == last-1 && !s.stubOK(c[last], b2, e.ts) || !s.inBody(a2) {
				continue
			}
			if g.nearParallel(a2, b2, e, trackStep) || g.overlaps([]geom.Point{a2, b2}, e) > 0 {
				continue
			}
			c[i], c[i+1] = a2, b2
			found = true
			break
		}
		if !found {
			return nil
		}
	}
	// Each segment still runs the way it ran (a shorter one may not have
	// shrunk to nothing or turned back).
	for i := 0; i < last; i++ {
		if (c[i+1].X-c[i].X)*(orig[i+1].X-orig[i].X)+(c[i+1].Y-c[i].Y)*(orig[i+1].Y-orig[i].Y) <= 0 {
			return nil
		}
	}
	return c
}

// inBody reports whether p lies right of the lane titles and inside the
// lanes, a channel's clearance from their borders.
func (s *state) inBody(p geom.Point) bool {
	top, bottom := s.lanes[0].y, s.lanes[len(s.lanes)-1].y+s.lanes[len(s.lanes)-1].h
	return p.X >= margin+s.headerW+channelClear && p.X <= s.width-margin-channelClear &&
		p.Y >= top+channelClear && p.Y <= bottom-channelClear
}

// stubOK reports whether the run from port p to q leaves p's side (side)
// outward by at least stub.
func (s *state) stubOK(p, q geom.Point, side model.Side) bool {
	d := dir(side)
	return (q.X-p.X)*d.X+(q.Y-p.Y)*d.Y >= stub
}

// besideAnother reports whether a segment of the route runs beside
// another route closer than a track (parallel, along more than a pixel).
func (s *state) besideAnother(g *segGrid, pts []geom.Point, e *edge) bool {
	for i := 0; i+1 < len(pts); i++ {
		if g.nearParallel(pts[i], pts[i+1], e, trackStep) {
			return true
		}
	}
	return false
}

// clear reports whether no segment of the route comes within
// channelClear of a node (its own ends' first and last segments aside):
// valid, and not along a node's border.
func (s *state) clear(e *edge, pts []geom.Point) bool { return s.clearBy(e, pts, channelClear) }

// blockedNear reports whether the segment from a to b comes within pad of
// a node other than the two in except.
func (g *grid) blockedNear(a, b geom.Point, except [2]*node, pad float64) bool {
	x0, x1 := math.Min(a.X, b.X)-pad, math.Max(a.X, b.X)+pad
	y0, y1 := math.Min(a.Y, b.Y)-pad, math.Max(a.Y, b.Y)+pad
	for bx := int(math.Max(x0, 0) / g.cell); bx <= int(x1/g.cell); bx++ {
		for by := int(math.Max(y0, 0) / g.cell); by <= int(y1/g.cell); by++ {
			for _, n := range g.buckets[[2]int{bx, by}] {
				if n != except[0] && n != except[1] && geom.SegmentCrosses(a, b, n.rect().Inset(pad)) {
					return true
				}
			}
		}
	}
	return false
}

// nearParallel reports whether a route other than e's runs beside a-b,
// parallel to it, less than d away and along more than a pixel of it.
func (g *segGrid) nearParallel(a, b geom.Point, e *edge, d float64) bool {
	near := false
	lo, hi := geom.Point{X: math.Min(a.X, b.X) - d, Y: math.Min(a.Y, b.Y) - d}, geom.Point{X: math.Max(a.X, b.X) + d, Y: math.Max(a.Y, b.Y) + d}
	g.cells(lo, hi, func(k int) {
		g.spend(len(g.buckets[k]))
		for _, si := range g.buckets[k] {
			o := &g.segs[si]
			if near || o.owner == e.m {
				continue
			}
			switch {
			case a.Y == b.Y && o.a.Y == o.b.Y && math.Abs(o.a.Y-a.Y) < d:
				near = math.Min(math.Max(a.X, b.X), math.Max(o.a.X, o.b.X))-math.Max(math.Min(a.X, b.X), math.Min(o.a.X, o.b.X)) > 1
			case a.X == b.X && o.a.X == o.b.X && math.Abs(o.a.X-a.X) < d:
				near = math.Min(math.Max(a.Y, b.Y), math.Max(o.a.Y, o.b.Y))-math.Max(math.Min(a.Y, b.Y), math.Min(o.a.Y, o.b.Y)) > 1
			}
		}
	})
	return near
}

// sideKey names a side of a node.
type sideKey struct {
	n    *node
	side model.Side
}

// fanInMin is how many edges entering one side make a fan-in.
const fanInMin = 3

func dir(side model.Side) geom.Point {
	switch side {
	case model.Right:
		return geom.Point{X: 1}
	case model.Left:
		return geom.Point{X: -1}
	case model.Top:
		return geom.Point{Y: -1}
	}
	return geom.Point{Y: 1}
}

func horizontal(side model.Side) bool { return side == model.Left || side == model.Right }

// ports spreads the edges that share a side of a node along that side
// (layout.PortSide.Spread) and records each edge's ports.
func (s *state) ports() {
	var g layout.PortGroups
	for i, e := range s.edges {
		g.Add(e.from.m.Index, e.fs, layout.PortEnd{Edge: i, Source: true, Other: e.to.rect().Center()})
		g.Add(e.to.m.Index, e.ts, layout.PortEnd{Edge: i, Other: e.from.rect().Center()})
	}
	for _, side := range g.Sides {
		nd := s.nodes[side.Node]
		for i, off := range side.Spread(nd.rect().Center(), nd.face(side.Side, s.endOthers(side.Ends)), portStepMax, portSpread) {
			pe := side.Ends[i]
			p := portPoint(nd, side.Side, off)
			if pe.Source {
				s.edges[pe.Edge].srcPort = p
			} else {
				s.edges[pe.Edge].dstPort = p
			}
		}
	}
}

// portPoint returns the point on nd's border on side, moved off pixels
// along the side from its middle.
func portPoint(nd *node, side model.Side, off float64) geom.Point {
	c := nd.rect().Center()
	a, b := nd.w/2, nd.h/2
	var depth func(along, half, otherHalf float64) float64
	switch nd.m.Shape {
	case model.Circle:
		depth = func(along, half, _ float64) float64 { return math.Sqrt(math.Max(0, half*half-along*along)) }
	case model.Diamond:
		depth = func(along, half, otherHalf float64) float64 { return half * (1 - math.Abs(along)/otherHalf) }
	default: // exact borders, free of rounding
		switch side {
		case model.Right:
			return geom.Point{X: nd.x + nd.w, Y: c.Y + off}
		case model.Left:
			return geom.Point{X: nd.x, Y: c.Y + off}
		case model.Top:
			return geom.Point{X: c.X + off, Y: nd.y}
		}
		return geom.Point{X: c.X + off, Y: nd.y + nd.h}
	}
	switch side {
	case model.Right:
		return geom.Point{X: c.X + depth(off, a, b), Y: c.Y + off}
	case model.Left:
		return geom.Point{X: c.X - depth(off, a, b), Y: c.Y + off}
	case model.Top:
		return geom.Point{X: c.X + off, Y: c.Y - depth(off, b, a)}
	}
	return geom.Point{X: c.X + off, Y: c.Y + depth(off, b, a)}
}

// routeEdge returns the first valid candidate route.
func (s *state) routeEdge(e *edge) []geom.Point {
	p, q := e.srcPort, e.dstPort
	// The first valid candidate that crosses no routed edge wins
	// (candidates come simplest first); otherwise the one crossing fewest,
	// then bending least, the general gutter route included.
	var best []geom.Point
	bestCost := math.Inf(1)
	direct := math.Abs(p.X-q.X) + math.Abs(p.Y-q.Y)
	lean := s.overWork() // past the budget: the first valid candidate
	try := func(cand []geom.Point) bool {
		x := 0
		if !lean {
			x = s.routed.crossings(cand, e)
		}
		c := e.cost(cand, x)
		if c < bestCost {
			best, bestCost = cand, c
		}
		return x == 0 && c-detourCost*direct < crossCost
	}
	if s.detour[e] {
		// Its label found no room in the bundle it runs in: out of the
		// bundle, down the gutter beside the column, and back in.
		for _, cand := range s.detourRoutes(e, p, q) {
			if s.valid(e, cand) {
				try(cand)
			}
		}
	}
	for _, cand := range s.candidates(e, p, q) {
		if best != nil && s.detour[e] {
			break
		}
		if s.valid(e, cand) && try(cand) {
			break
		}
	}
	if bestCost-detourCost*direct >= crossCost && !(best != nil && s.detour[e]) {
		for _, r := range s.gutterRoutes(e, p, q) {
			if try(r) {
				break
			}
		}
	}
	s.routed.add(best, e)
	return best
}

// gridWorkMax bounds the routing effort of one layout, counted in routed
// segments looked at by the queries of the segment index (see
// segGrid.spent). Routes are compared by the crossings they make, and a
// route that crosses is laid again, searched for in the gutters, swapped
// onto other tracks, and whole layouts are tried with other orders and
// sides; on a node with hundreds of edges each of those questions looks
// at hundreds of segments, and the effort grows with the cube of the
// edges (500 loops on one node: 77 million segments, 2 s; a node with
// 200 edges among 200 nodes: 14 billion, 80 s). Past the budget, which
// the largest diagrams of the quality corpus stay under (43 million),
// each edge takes its first valid route and the improvements stop, so
// that the rest of the layout costs time linear in the edges.
const gridWorkMax = 1 << 26

// overWork reports whether the layout has spent its routing budget.
func (s *state) overWork() bool { return *s.gridWork > gridWorkMax }

// rerouteRounds bounds the rip-up-and-reroute passes.
const rerouteRounds = 2

// rerouteTries and rerouteMazes bound the routes one reroute lays again
// and the gutter searches it makes, however many routes cross: a dense
// diagram of 1,000 nodes and 2,000 edges laid ~2,300 routes again and ran
// ~2,200 searches in each of its layout rounds (11 s), and one of twice
// that size passed the server's 30 s. The quality corpus (up to 400
// edges) stays under both.
const (
	rerouteTries = 1000
	rerouteMazes = 300
)

// reroute lifts every route that crosses another and lays it again, now
// that every other route is known (the first pass saw only the routes
// laid before it), keeping the new route when it crosses less. Only
// crossing routes move, so this costs little when few cross.
func (s *state) reroute() {
	stuck := map[*edge]bool{} // found nothing better in an earlier round
	tries, mazes := 0, 0
	for round := 0; round < rerouteRounds && tries < rerouteTries; round++ {
		moved := false
		for _, e := range s.edges {
			if stuck[e] || s.overWork() {
				continue
			}
			before := s.routed.crossings(e.pts, e)
			if before == 0 {
				continue
			}
			if tries++; tries > rerouteTries {
				break
			}
			s.routed.remove(e.pts, e)
			old := e.pts
			e.pts = s.routeEdge(e) // adds the new route
			if after := s.routed.crossings(e.pts, e); after > 0 && !s.mazeFailed[e] && mazes < rerouteMazes {
				mazes++
				if m := s.mazeRoute(e, routeCost(e.pts, after), mazeWindow); m != nil && s.valid(e, m) && s.mazeBetter(m, e, after) {
					s.routed.remove(e.pts, e)
					e.pts = m
					s.routed.add(m, e)
				} else {
					// The gutters offer this edge nothing better; the next
					// rounds (wider gaps, same grid) will not either.
					s.mazeFailed[e] = true
				}
			}
			if e.cost(e.pts, s.routed.crossings(e.pts, e)) >= e.cost(old, before) {
				s.routed.remove(e.pts, e)
				e.pts = old
				s.routed.add(old, e)
				stuck[e] = true
				continue
			}
			moved = true
		}
		if !moved {
			return
		}
	}
}

// segGrid is a bucket index of the routes laid so far, to count the
// crossings a candidate route would add.
type segGrid struct {
	nx, ny int
	cell   float64 // the side of a cell: gridCell, or more on a large drawing
	// segs holds the indexed segments, buckets their indexes by cell,
	// row by row: a long route lies in many cells, and an index there
	// takes 4 bytes where a copy of the segment took 80 (a hub with an
	// edge to each of 4,000 steps in one lane filled 1.3 GB).
	segs    []ownedSeg
	buckets [][]int32
	// spent, when set, counts the indexed segments the queries look at
	// (state.gridWork): the layout's routing effort.
	spent *int
}

// newSegGrid returns an empty index over a w × h drawing; anything outside
// goes to the nearest border cell.
func newSegGrid(w, h, cell float64) *segGrid {
	nx, ny := max(int(w/cell)+1, 1), max(int(h/cell)+1, 1)
	return &segGrid{nx: nx, ny: ny, cell: cell, buckets: make([][]int32, nx*ny)}
}

// gridCellsPerItem bounds a segment grid's cells by the diagram's steps
// and edges (at least minGridCells): a drawing whose steps run along a
// diagonal, as a chain through thousands of lanes, is mostly empty, and
// cells of gridCell over all of it grew with the square of its steps
// (2,000 lanes: 3 million cells, 80 MB for each grid).
const (
	gridCellsPerItem = 64
	minGridCells     = 1 << 16
)

// segGridCell returns the side of the cells of a w × h grid for a
// diagram of items steps and edges: gridCell, or larger when that would
// make more cells than the bound.
func segGridCell(w, h float64, items int) float64 {
	limit := float64(max(gridCellsPerItem*items, minGridCells))
	cell := gridCell
	for range 200 { // 1.25^200 cells cover any finite drawing
		if (math.Floor(w/cell)+1)*(math.Floor(h/cell)+1) <= limit {
			break
		}
		cell *= 1.25
	}
	return cell
}

// newSegGrid returns an empty index over the drawing, reusing the memory
// of the grid set aside (s.spare) when it has the same cells.
func (s *state) newSegGrid() *segGrid {
	cell := segGridCell(s.width, s.height, len(s.doc.Nodes)+len(s.doc.Edges))
	nx, ny := max(int(s.width/cell)+1, 1), max(int(s.height/cell)+1, 1)
	g := s.spare
	if g == nil || g.nx != nx || g.ny != ny || g.cell != cell {
		g = newSegGrid(s.width, s.height, cell)
		g.spent = s.gridWork
		return g
	}
	s.spare = nil
	g.spent = s.gridWork
	clear(g.segs)
	g.segs = g.segs[:0]
	for i := range g.buckets {
		clear(g.buckets[i])
		g.buckets[i] = g.buckets[i][:0]
	}
	return g
}

func (g *segGrid) clampX(v float64) int { return min(max(int(math.Floor(v/g.cell)), 0), g.nx-1) }
func (g *segGrid) clampY(v float64) int { return min(max(int(math.Floor(v/g.cell)), 0), g.ny-1) }

type ownedSeg struct {
	a, b       geom.Point
	owner      *model.Edge
	prev, next geom.Point // the points before a and after b (a and b at a route's ends)
}

// inner reports whether both ends of the segment are bends.
func (o ownedSeg) inner() bool { return o.prev != o.a && o.next != o.b }

// cells calls f with the index of every cell the box of a-b touches.
func (g *segGrid) cells(a, b geom.Point, f func(k int)) {
	x0, x1 := g.clampX(math.Min(a.X, b.X)), g.clampX(math.Max(a.X, b.X))
	y0, y1 := g.clampY(math.Min(a.Y, b.Y)), g.clampY(math.Max(a.Y, b.Y))
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			f(y*g.nx + x)
		}
	}
}

// spend counts n segments looked at.
func (g *segGrid) spend(n int) {
	if g.spent != nil {
		*g.spent += n
	}
}

func (g *segGrid) cellOf(p geom.Point) int { return g.clampY(p.Y)*g.nx + g.clampX(p.X) }

func (g *segGrid) add(pts []geom.Point, e *edge) {
	if !geom.Simple(pts) {
		pts = geom.Simplify(pts)
	}
	for i := 0; i+1 < len(pts); i++ {
		seg := segAt(pts, i, e)
		at := int32(len(g.segs))
		g.segs = append(g.segs, seg)
		g.cells(seg.a, seg.b, func(k int) { g.buckets[k] = append(g.buckets[k], at) })
	}
}

// segAt returns segment i of a simplified route.
func segAt(pts []geom.Point, i int, e *edge) ownedSeg {
	seg := ownedSeg{a: pts[i], b: pts[i+1], owner: e.m, prev: pts[i], next: pts[i+1]}
	if i > 0 {
		seg.prev = pts[i-1]
	}
	if i+2 < len(pts) {
		seg.next = pts[i+2]
	}
	return seg
}

// channelForced returns how many times two inner segments that run along
// one gutter must cross once the channels give them tracks side by side:
// whichever goes on the lower track, the bends of one may cut the other.
func channelForced(s, t ownedSeg) int {
	if !s.inner() || !t.inner() || !collinearOverlap(s.a, s.b, t.a, t.b) {
		return 0
	}
	type bend struct {
		at     float64
		toHigh bool
	}
	ends := func(o ownedSeg) (lo, hi float64, bs [2]bend) {
		vertical := o.a.X == o.b.X
		for k, end := range [2][2]geom.Point{{o.a, o.prev}, {o.b, o.next}} {
			along, turn := end[0].X, end[1].Y-end[0].Y
			if vertical {
				along, turn = end[0].Y, end[1].X-end[0].X
			}
			bs[k] = bend{along, turn > 0}
		}
		lo, hi = math.Min(bs[0].at, bs[1].at), math.Max(bs[0].at, bs[1].at)
		return lo, hi, bs
	}
	sLo, sHi, sb := ends(s)
	tLo, tHi, tb := ends(t)
	above := func(xb [2]bend, yb [2]bend, xLo, xHi, yLo, yHi float64) int { // x on the lower track
		n := 0
		for _, b := range xb {
			if b.toHigh && b.at > yLo+0.5 && b.at < yHi-0.5 {
				n++
			}
		}
		for _, b := range yb {
			if !b.toHigh && b.at > xLo+0.5 && b.at < xHi-0.5 {
				n++
			}
		}
		return n
	}
	return min(above(sb, tb, sLo, sHi, tLo, tHi), above(tb, sb, tLo, tHi, sLo, sHi))
}

// remove takes e's route pts out of the index.
func (g *segGrid) remove(pts []geom.Point, e *edge) {
	for i := 0; i+1 < len(pts); i++ {
		g.cells(pts[i], pts[i+1], func(k int) {
			b := g.buckets[k]
			g.spend(len(b))
			out := b[:0]
			for _, i := range b {
				if g.segs[i].owner != e.m {
					out = append(out, i)
				}
			}
			g.buckets[k] = out
		})
	}
}

// crossings counts the routed segments that the route crosses at a right
// angle, away from their ends. A crossing in a corner of two cells is
// counted once per cell; the count only ranks candidates.
func (g *segGrid) crossings(pts []geom.Point, e *edge) int {
	if !geom.Simple(pts) {
		pts = geom.Simplify(pts) // a route straight through a repeated point crosses there
	}
	n := 0
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		seg := segAt(pts, i, e)
		g.cells(a, b, func(k int) {
			g.spend(len(g.buckets[k]))
			for _, si := range g.buckets[k] {
				o := &g.segs[si]
				if o.owner == e.m {
					continue
				}
				if geom.PerpendicularCross(a, b, o.a, o.b) {
					n++
				} else if seg.inner() && o.inner() && g.cellOf(overlapStart(a, b, o.a, o.b)) == k {
					n += channelForced(seg, *o)
				}
			}
		})
	}
	return n
}

// overlaps counts the routed segments of other edges that run along the
// route (on the same line, sharing more than a pixel): the channels will
// give them separate tracks, which may then cross.
func (g *segGrid) overlaps(pts []geom.Point, e *edge) int {
	n := 0
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		g.cells(a, b, func(k int) {
			g.spend(len(g.buckets[k]))
			for _, si := range g.buckets[k] {
				o := &g.segs[si]
				// Counted in the cell holding the start of the shared part.
				if o.owner != e.m && collinearOverlap(a, b, o.a, o.b) && g.cellOf(overlapStart(a, b, o.a, o.b)) == k {
					n++
				}
			}
		})
	}
	return n
}

// overlapStart returns the smallest point shared by two collinear
// axis-parallel segments.
func overlapStart(a, b, c, d geom.Point) geom.Point {
	return geom.Point{X: math.Max(math.Min(a.X, b.X), math.Min(c.X, d.X)), Y: math.Max(math.Min(a.Y, b.Y), math.Min(c.Y, d.Y))}
}

// collinearOverlap reports whether two axis-parallel segments lie on one
// line and share more than a pixel.
func collinearOverlap(a, b, c, d geom.Point) bool {
	switch {
	case a.Y == b.Y && c.Y == d.Y && a.Y == c.Y:
		return math.Min(math.Max(a.X, b.X), math.Max(c.X, d.X))-math.Max(math.Min(a.X, b.X), math.Min(c.X, d.X)) > 1
	case a.X == b.X && c.X == d.X && a.X == c.X:
		return math.Min(math.Max(a.Y, b.Y), math.Max(c.Y, d.Y))-math.Max(math.Min(a.Y, b.Y), math.Min(c.Y, d.Y)) > 1
	}
	return false
}

func (s *state) candidates(e *edge, p, q geom.Point) [][]geom.Point {
	var out [][]geom.Point
	dp, dq := dir(e.fs), dir(e.ts)
	ahead := func(from, to geom.Point, d geom.Point) bool { // to lies at least stub ahead of from along d
		return (to.X-from.X)*d.X+(to.Y-from.Y)*d.Y >= stub
	}
	// Straight.
	if dp.X == -dq.X && dp.Y == -dq.Y && ahead(p, q, dp) && (dp.X != 0 && p.Y == q.Y || dp.Y != 0 && p.X == q.X) {
		out = append(out, []geom.Point{p, q})
	}
	// One bend.
	if horizontal(e.fs) != horizontal(e.ts) {
		c := geom.Point{X: q.X, Y: p.Y}
		if !horizontal(e.fs) {
			c = geom.Point{X: p.X, Y: q.Y}
		}
		if ahead(p, c, dp) && ahead(c, q, geom.Point{X: -dq.X, Y: -dq.Y}) {
			out = append(out, []geom.Point{p, c, q})
		}
	}
	// Two bends through a gutter between the ends.
	if dp.X == -dq.X && dp.Y == -dq.Y && ahead(p, q, dp) {
		if horizontal(e.fs) {
			for _, x := range []float64{s.vGutter(e.from.col), s.vGutter(e.to.col - 1), (p.X + q.X) / 2} {
				if (x-p.X)*dp.X >= stub && (q.X-x)*dp.X >= stub {
					out = append(out, []geom.Point{p, {X: x, Y: p.Y}, {X: x, Y: q.Y}, q})
				}
			}
		} else {
			// Nearest the source first; nearest the target first into a
			// side that several edges enter and this edge's source side
			// shares with none (a fan-in): there the runs meet in the
			// gutter before the target, where the channel nests them.
			from, to := p.Y, q.Y
			if s.sideUse[sideKey{e.to, e.ts}] >= fanInMin && s.sideUse[sideKey{e.from, e.fs}] == 1 {
				from, to = to, from
			}
			for _, y := range s.gutterYBetween(from, to) {
				out = append(out, []geom.Point{p, {X: p.X, Y: y}, {X: q.X, Y: y}, q})
			}
			// Four bends: out to the gutter beyond the source, along it to a
			// column gap, down (or up) that gap past the lanes between, and
			// along the gutter before the target: the long vertical run
			// stays between columns, clear of the rows it passes.
			if e.from.m.Lane != e.to.m.Lane {
				s1, _ := s.exit(e.from, e.fs, p)
				t1, _ := s.exit(e.to, e.ts, q)
				if (t1.Y-s1.Y)*dp.Y > 0 {
					for _, x := range []float64{s.vGutter(e.from.col - 1), s.vGutter(e.from.col), s.vGutter(e.to.col - 1), s.vGutter(e.to.col)} {
						out = append(out, []geom.Point{p, s1, {X: x, Y: s1.Y}, {X: x, Y: t1.Y}, t1, q})
					}
				}
			}
		}
	}
	return out
}

// gutterYBetween returns the horizontal gutters strictly between a and b,
// at least stub away from both, nearest to a first.
func (s *state) gutterYBetween(a, b float64) []float64 {
	lo, hi := math.Min(a, b)+stub, math.Max(a, b)-stub
	i := sort.SearchFloat64s(s.hGutters, lo)
	j := sort.SearchFloat64s(s.hGutters, hi+1e-9)
	if i >= j {
		return nil
	}
	in := s.hGutters[i:j]
	var out []float64
	if len(in) > 2*gutterTries { // the nearest to each end are enough
		out = append(append(out, in[:gutterTries]...), in[len(in)-gutterTries:]...)
	} else {
		out = append(out, in...)
	}
	if a > b {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out
}

// valid reports whether no segment of the route crosses a node. The first
// and last segments may pass through their own node's bounding box (ports
// of circles and diamonds lie inside it).
func (s *state) valid(e *edge, pts []geom.Point) bool { return s.clearBy(e, pts, 0) }

// clearBy reports whether the route is orthogonal and no segment comes
// within pad of a node, its own ends' first and last segments aside.
func (s *state) clearBy(e *edge, pts []geom.Point, pad float64) bool {
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		if a.X != b.X && a.Y != b.Y {
			return false
		}
		if s.grid.blockedNear(a, b, skip(e, i, len(pts)-2), pad) {
			return false
		}
	}
	return true
}

func skip(e *edge, i, last int) [2]*node {
	var k [2]*node
	if i == 0 {
		k[0] = e.from
	}
	if i == last {
		k[1] = e.to
	}
	return k
}

// gutterRoutes returns the general routes, valid by construction: leave
// the source port into the gutter beyond it, travel along gutters and
// enter the target from the gutter beyond its port. Where the middle run
// may take one of several gutters, the one of least detour comes first,
// then the others near it (above and below, or left and right), so that
// the caller can prefer one that crosses less.
func (s *state) gutterRoutes(e *edge, p, q geom.Point) [][]geom.Point {
	s1, sVert := s.exit(e.from, e.fs, p)
	t1, tVert := s.exit(e.to, e.ts, q)
	route := func(mid ...geom.Point) []geom.Point {
		pts := append([]geom.Point{p, s1}, mid...)
		return append(pts, t1, q)
	}
	switch {
	case sVert && tVert:
		if s1.X != t1.X {
			var out [][]geom.Point
			for _, y := range s.nearHGutters(s1.Y, t1.Y) {
				out = append(out, route(geom.Point{X: s1.X, Y: y}, geom.Point{X: t1.X, Y: y}))
			}
			return out
		}
	case sVert && !tVert:
		return [][]geom.Point{route(geom.Point{X: s1.X, Y: t1.Y})}
	case !sVert && tVert:
		return [][]geom.Point{route(geom.Point{X: t1.X, Y: s1.Y})}
	default:
		if s1.Y != t1.Y {
			x := s.bestVGutter(s1.X, t1.X)
			return [][]geom.Point{route(geom.Point{X: x, Y: s1.Y}, geom.Point{X: x, Y: t1.Y})}
		}
	}
	return [][]geom.Point{route()}
}

// exit returns the point where a route leaving nd's side at port p meets
// the next gutter, and whether that gutter is vertical.
func (s *state) exit(nd *node, side model.Side, p geom.Point) (geom.Point, bool) {
	switch side {
	case model.Right:
		return geom.Point{X: s.vGutter(nd.col), Y: p.Y}, true
	case model.Left:
		return geom.Point{X: s.vGutter(nd.col - 1), Y: p.Y}, true
	case model.Top:
		i := sort.SearchFloat64s(s.hGutters, nd.y) - 1
		return geom.Point{X: p.X, Y: s.hGutters[max(i, 0)]}, false
	}
	i := sort.SearchFloat64s(s.hGutters, nd.y+nd.h)
	return geom.Point{X: p.X, Y: s.hGutters[min(i, len(s.hGutters)-1)]}, false
}

// nearHGutters returns the horizontal gutters around heights a and b,
// the one that makes the shortest detour first (the first of equals),
// then the others of the three nearest.
func (s *state) nearHGutters(a, b float64) []float64 {
	lo, hi := math.Min(a, b), math.Max(a, b)
	i := sort.SearchFloat64s(s.hGutters, lo)
	var out []float64
	best, cost := -1, math.Inf(1)
	for _, j := range []int{i - 1, i, i + 1} {
		if j < 0 || j >= len(s.hGutters) {
			continue
		}
		y := s.hGutters[j]
		out = append(out, y)
		if c := math.Max(0, lo-y) + math.Max(0, y-hi); c < cost {
			best, cost = len(out)-1, c
		}
	}
	if best > 0 {
		out[0], out[best] = out[best], out[0]
	}
	return out
}

// bestVGutter picks the vertical gutter that makes the shortest detour
// between x positions a and b: one between them, else the nearest one.
func (s *state) bestVGutter(a, b float64) float64 {
	lo, hi := math.Min(a, b), math.Max(a, b)
	c := s.colAt(lo) // the gutter right of c is the first one right of lo...
	best, cost := s.vGutter(-1), math.Inf(1)
	for _, k := range []int{c - 1, c, c + 1} {
		if k < -1 || k >= s.cols {
			continue
		}
		x := s.vGutter(k)
		if d := math.Max(0, lo-x) + math.Max(0, x-hi); d < cost {
			best, cost = x, d
		}
	}
	return best
}

// detourRoutes returns, for an edge from a bottom (or top) side to a top
// (or bottom) side, the routes that leave into the gutter beside the
// source, run along it to the vertical gutters right and left of the
// source's column, pass there to the gutter beside the target and come
// back into the target: a way out of a bundle of parallel edges. For an
// edge between a right (or left) side and a left (or right) one, they
// leave into the vertical gutter beside the source, run along the
// horizontal gutters nearest the two ports, and come back through the
// vertical gutter beside the target.
func (s *state) detourRoutes(e *edge, p, q geom.Point) [][]geom.Point {
	s1, sVert := s.exit(e.from, e.fs, p)
	t1, tVert := s.exit(e.to, e.ts, q)
	var out [][]geom.Point
	if sVert && tVert {
		// From a right (or left) side to a left (or right) one: out of
		// the row into the horizontal gutter above or below it, along
		// it, and back into the row beside the target. Between two
		// neighbouring columns (one vertical gutter) it turns halfway
		// between each port and the gutter.
		x1, x2 := s1.X, t1.X
		if x1 == x2 {
			x1, x2 = (p.X+s1.X)/2, (s1.X+q.X)/2
		}
		for _, y := range s.nearHGutters(math.Min(p.Y, q.Y), math.Max(p.Y, q.Y)) {
			if y != p.Y && y != q.Y {
				out = append(out, geom.Simplify([]geom.Point{p, {X: x1, Y: p.Y}, {X: x1, Y: y}, {X: x2, Y: y}, {X: x2, Y: q.Y}, q}))
			}
		}
		return out
	}
	if sVert || tVert || s1.Y == t1.Y {
		return nil
	}
	for _, k := range []int{e.from.col, e.from.col - 1} {
		x := s.vGutter(k)
		out = append(out, []geom.Point{p, s1, {X: x, Y: s1.Y}, {X: x, Y: t1.Y}, t1, q})
	}
	return out
}

// mazeBetter reports whether the gutter search's route m costs less than
// e's route, which crosses after (routeCost), and crosses fewer routes,
// counting a run along another route as half a crossing (as the search
// does).
func (s *state) mazeBetter(m []geom.Point, e *edge, after int) bool {
	c := s.routed.crossings(m, e)
	if c >= after || e.cost(m, c) >= e.cost(e.pts, after) {
		return false
	}
	return 2*c+s.routed.overlaps(m, e) < 2*after+s.routed.overlaps(e.pts, e)
}

// detourPerCrossing is how much longer, in pixels, a route may run to
// cross one edge fewer: a route round the whole drawing is harder to
// follow than a crossing or two.
const detourPerCrossing = 800.0

// detourCost is the cost of one pixel of route, against a crossing's
// crossCost and a bend's 1.
const detourCost = crossCost / detourPerCrossing

// routeLen returns the length of a route.
func routeLen(pts []geom.Point) float64 {
	n := 0.0
	for i := 1; i < len(pts); i++ {
		n += math.Abs(pts[i].X-pts[i-1].X) + math.Abs(pts[i].Y-pts[i-1].Y)
	}
	return n
}

// cost weighs route pts of e, crossing x routed edges: routeCost, and
// a crossing's cost more for a route that winds round one of its ends
// (winds): a loop round a step reads worse than one crossing, not worse
// than two; and strayCost more for a route that strays out of the lanes
// of its ends (strays).
func (e *edge) cost(pts []geom.Point, x int) float64 {
	c := routeCost(pts, x)
	if e.winds(pts) {
		c += crossCost
	}
	if e.strays(pts) {
		c += strayCost
	}
	return c
}

// strayCost is what a route pays for running through a lane that holds
// neither of its ends: a hand-off between two lanes drawn over a third
// (or a step to the next step of its lane drawn through another lane)
// says that lane takes part. It is worth a crossing and three quarters:
// with the length a detour adds (detourCost), a route crosses one or two
// others rather than stray round them, and strays rather than cross
// three more (a long way round the far side of a lane is then the
// clearer picture).
const strayCost = 1.75 * crossCost

// strays reports whether route pts of e runs beyond the lanes of its ends
// (their top and bottom, as route set them) by more than a pixel.
func (e *edge) strays(pts []geom.Point) bool {
	if e.spanHi <= e.spanLo {
		return false // not yet placed
	}
	for _, p := range pts {
		if p.Y < e.spanLo-1 || p.Y > e.spanHi+1 {
			return true
		}
	}
	return false
}

// routeCost weighs a route of an edge crossing x routed edges: crossCost
// a crossing, 1 a bend, detourCost a pixel of its length.
func routeCost(pts []geom.Point, x int) float64 {
	return float64(x)*crossCost + float64(len(pts)-2) + detourCost*routeLen(pts)
}
