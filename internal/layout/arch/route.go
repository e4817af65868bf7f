package arch

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"sync/atomic"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

// sides chooses where each dependency leaves and enters. A side written in
// the code is always kept. Where none is written: toward the other
// container's column, or inside a container toward the other component's
// grid cell (right into left along a row, bottom into top down a column).
func (s *state) sides() {
	for _, d := range s.deps {
		a, b := d.from, d.to
		switch {
		case a.cont != b.cont && b.cont.col > a.cont.col:
			d.fs, d.ts = model.Right, model.Left
		case a.cont != b.cont && b.cont.col < a.cont.col:
			d.fs, d.ts = model.Left, model.Right
		case a.cont != b.cont:
			d.fs, d.ts = model.Right, model.Right
		case b.gj == a.gj && b.gi > a.gi:
			d.fs, d.ts = model.Right, model.Left
		case b.gj == a.gj:
			d.fs, d.ts = model.Left, model.Right
		case b.gj > a.gj:
			d.fs, d.ts = model.Bottom, model.Top
		default:
			d.fs, d.ts = model.Top, model.Bottom
		}
		if d.dfs != model.NoSide {
			d.fs = d.dfs
		}
		if d.dts != model.NoSide {
			d.ts = d.dts
		}
	}
}

// Routing tuning, in pixels.
const (
	bendCost = 40.0 // a bend is worth this much length when choosing a way
)

// route gives every dependency an orthogonal path: a stub out of its
// source's side, free channels, a stub into its target's side. Routes are
// first laid on the channels' middle lines, then the channels spread them
// onto tracks and untangle exchanges tracks and ports of routes that
// cross. Once the placement is final, rerouteFinal tries the routes that
// still cross on their other ways.
func (s *state) route() {
	s.ports()
	mids := make([][]geom.Point, len(s.deps))
	if len(s.deps) <= awareMax {
		s.laid = &laidSegs{}
	}
	for i, d := range s.deps {
		d.pts = geom.Simplify(s.path(d))
		mids[i] = d.pts
		if s.laid != nil {
			s.laid.add(d)
		}
	}
	s.laid = nil
	s.mids = mids
	for ref, w := range s.spread(mids, untangleWork) {
		s.need[ref] = math.Max(s.need[ref], w)
	}
}

// rerouteFinal reroutes the routes of the final placement that still
// cross (see reroute) and places the labels again; it keeps the old
// routes and labels when the new routes would need wider channels or leave
// a label without a place.
func (s *state) rerouteFinal() {
	if !repairCrossings || len(s.deps) > rerouteMax || len(s.mids) != len(s.deps) {
		return
	}
	oldPts := make([][]geom.Point, len(s.deps))
	oldBoxes := make([]geom.Rect, len(s.deps))
	for i, d := range s.deps {
		oldPts[i], oldBoxes[i] = d.pts, d.labelBox
	}
	need, changed := s.rerouteRoutes()
	if !changed {
		return
	}
	if len(need) == 0 && len(s.placeLabels()) == 0 {
		s.labelsBlocked = 0
		return
	}
	for i, d := range s.deps {
		d.pts, d.labelBox = oldPts[i], oldBoxes[i]
	}
}

// rerouteRoutes reroutes the routes that still cross (see reroute) and
// returns the room the channels of the new routes need and whether they
// changed.
func (s *state) rerouteRoutes() (map[channelRef]float64, bool) {
	need, changed := s.reroute(s.mids)
	if !changed {
		return nil, false
	}
	// The rerouting spreads each try with less untangling work; the way
	// it kept may untangle further with the full work (when it still
	// crosses twice or more: a single crossing is left, as by Layout's
	// arrangements, to keep the small diagrams fast).
	if t, _ := s.totalCrossings(); t >= arrangeFrom {
		kept := make([][]geom.Point, len(s.deps))
		keptPorts := make([][2]geom.Point, len(s.deps))
		for i, d := range s.deps {
			kept[i], keptPorts[i] = d.pts, [2]geom.Point{d.srcPort, d.dstPort}
		}
		more := s.spread(s.mids, untangleWork)
		if u, _ := s.totalCrossings(); u < t {
			for ref, w := range more {
				if need == nil {
					need = map[channelRef]float64{}
				}
				need[ref] = math.Max(need[ref], w)
			}
		} else {
			for i, d := range s.deps {
				d.pts = kept[i]
				d.srcPort, d.dstPort = keptPorts[i][0], keptPorts[i][1]
			}
		}
	}
	return need, true
}

// rerouting is the rerouting of a placement worked out before its labels
// are placed (tryReroute): the routes, ports and middle-line routes
// before and after it, the room its channels need and whether it changed
// anything.
type rerouting struct {
	before, after routesSnapshot
	need          map[channelRef]float64
	changed       bool
}

// routesSnapshot holds the routes, ports and middle-line routes of a
// drawing (the slices are shared: routing replaces them, never changes
// them in place).
type routesSnapshot struct {
	pts   [][]geom.Point
	ports [][2]geom.Point
	mids  [][]geom.Point
}

// snapshot returns the routes, ports and middle-line routes of s.
func (s *state) snapshot() routesSnapshot {
	r := routesSnapshot{pts: make([][]geom.Point, len(s.deps)), ports: make([][2]geom.Point, len(s.deps)), mids: slices.Clone(s.mids)}
	for i, d := range s.deps {
		r.pts[i], r.ports[i] = d.pts, [2]geom.Point{d.srcPort, d.dstPort}
	}
	return r
}

// restore puts the routes, ports and middle-line routes of snap back.
func (r *rerouting) restore(s *state, snap *routesSnapshot) {
	for i, d := range s.deps {
		d.pts, d.srcPort, d.dstPort = snap.pts[i], snap.ports[i][0], snap.ports[i][1]
	}
	copy(s.mids, snap.mids)
}

// tryReroute works out the rerouting of the final placement as
// rerouteFinal does, before the labels are placed, and leaves the drawing
// as rerouteFinal would when every label finds a place: rerouted when the
// new routes need no wider channel. It returns nil where rerouteFinal does
// nothing.
func (s *state) tryReroute() *rerouting {
	if !repairCrossings || len(s.deps) > rerouteMax || len(s.mids) != len(s.deps) {
		return nil
	}
	r := &rerouting{before: s.snapshot()}
	r.need, r.changed = s.rerouteRoutes()
	r.after = s.snapshot()
	if r.changed && len(r.need) > 0 {
		// rerouteFinal gives the old routes back (the ports and middle
		// lines stay as the rerouting left them).
		for i, d := range s.deps {
			d.pts = r.before.pts[i]
		}
	}
	return r
}

// spread puts copies of the middle-line routes mids on their tracks as the
// dependencies' routes and untangles them (with at most about work routes
// compared with moved segments; none when work is 0); it returns the room
// the channels short of it need.
func (s *state) spread(mids [][]geom.Point, work int) map[channelRef]float64 {
	var lines [][]segLine
	if len(s.deps) <= untangleMax {
		lines = make([][]segLine, len(s.deps))
	}
	routes := make([][]geom.Point, len(s.deps))
	for i, d := range s.deps {
		d.pts = append([]geom.Point(nil), mids[i]...)
		routes[i] = d.pts
		if lines != nil {
			lines[i] = s.channelSegs(d.pts)
		}
	}
	ch := layout.Channels{Width: s.channelWidth, Step: trackStep, Clear: channelClear, Sequential: true, SharedRun: 1}
	if len(s.labelRoom) > 0 {
		ch.Room = func(r int, vertical bool) float64 {
			if vertical {
				return s.labelRoom[s.deps[r]][1]
			}
			return s.labelRoom[s.deps[r]][0]
		}
	}
	need := map[channelRef]float64{}
	for line, w := range ch.Spread(routes) {
		for _, ref := range s.channels[line] {
			need[ref] = math.Max(need[ref], w)
		}
	}
	if lines != nil && repairCrossings && work > 0 {
		s.untangle(lines, work)
	}
	return need
}

// repairCrossings turns untangling and rerouting on; the tests turn it
// off to compare.
var repairCrossings = true

// Rerouting bounds: the most dependencies for which routes that cross are
// tried on other ways, how many ways of a route are ranked and how many of
// the best ranked are tried, how many passes over the routes that cross,
// how many drawings are tried in all (each is spread and untangled again),
// and the untangling work of a tried drawing.
const (
	rerouteMax    = 80
	rerouteWays   = 10
	rerouteTop    = 3
	reroutePasses = 2
	rerouteTries  = 20
	rerouteWork   = 5_000
)

// reroute tries the other ways of each route that crosses another after
// spread (see route) and keeps a way when the whole drawing then crosses
// less: for each such route, its other ways (up to rerouteWays) are ranked
// by how often they cross the other routes as they lie, and the
// rerouteTop first are tried, each drawing spread and untangled again. It
// returns the room the channels of the kept drawing need, and whether it
// changed anything.
func (s *state) reroute(mids [][]geom.Point) (map[channelRef]float64, bool) {
	total, per := s.totalCrossings()
	if total == 0 {
		return nil, false
	}
	// The untangling of a tried drawing may exchange ports (d.srcPort,
	// d.dstPort); a drawing given up gives them back with its routes.
	best := make([][]geom.Point, len(s.deps))
	bestPorts := make([][2]geom.Point, len(s.deps))
	for i, d := range s.deps {
		best[i], bestPorts[i] = d.pts, [2]geom.Point{d.srcPort, d.dstPort}
	}
	restore := func() {
		for j, e := range s.deps {
			e.pts = best[j]
			e.srcPort, e.dstPort = bestPorts[j][0], bestPorts[j][1]
		}
	}
	var need map[channelRef]float64
	changed := false
	tries := 0
	type alt struct {
		pts []geom.Point
		est int
	}
	var alts []alt
	// A route whose tries were all rejected is tried again in the next
	// pass only when a try was kept since: otherwise the same ways would
	// be tried on the same drawing (routes and ports are given back after
	// each route) with the same outcome, so they are only counted.
	type tried struct {
		gen int // kept tries before it; -1: not tried
		n   int // the tries it counted
	}
	memo := make([]tried, len(s.deps))
	for i := range memo {
		memo[i].gen = -1
	}
	gen := 0
	boxes := make([]geom.Rect, len(s.deps))
	for pass := 0; pass < reroutePasses && total > 0 && tries < rerouteTries; pass++ {
		improved := false
		// The routes that cross most first: the tries go where they
		// can remove most.
		order := make([]int, len(s.deps))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(per[b], per[a]) })
		for _, i := range order {
			d := s.deps[i]
			if per[i] == 0 {
				continue
			}
			if m := memo[i]; m.gen == gen {
				for range m.n {
					if tries++; tries > rerouteTries {
						break
					}
				}
				if tries >= rerouteTries {
					break
				}
				continue
			}
			triesBefore, genBefore := tries, gen
			old := mids[i]
			alts = alts[:0]
			// The other ways leave and enter where the middle-line
			// route does: the spread starts from the middle lines.
			d.srcPort, d.dstPort = old[0], old[len(old)-1]
			for j, e := range s.deps {
				boxes[j] = bounds(e.pts)
			}
			for _, pts := range s.otherWays(d, old) {
				alts = append(alts, alt{pts, s.crossingsBoxed(i, pts, boxes)})
			}
			slices.SortStableFunc(alts, func(a, b alt) int { return cmp.Compare(a.est, b.est) })
			for _, a := range alts[:min(len(alts), rerouteTop)] {
				if tries++; tries > rerouteTries {
					break
				}
				extra := pathLength(a.pts) - pathLength(old)
				if extra > detourPerCrossing*float64(per[i]) {
					continue // even removing all its crossings would not pay for the detour
				}
				mids[i] = a.pts
				n := s.spread(mids, rerouteWork)
				if t, p := s.totalCrossings(); t < total && extra <= detourPerCrossing*float64(total-t) {
					total, per, need = t, p, n
					for j, e := range s.deps {
						best[j], bestPorts[j] = e.pts, [2]geom.Point{e.srcPort, e.dstPort}
					}
					improved, changed = true, true
					gen++
					break
				}
				mids[i] = old
				restore()
			}
			restore()
			if m := &memo[i]; genBefore == gen {
				m.gen, m.n = gen, tries-triesBefore
			} else {
				m.gen = -1
			}
			if total == 0 || tries >= rerouteTries {
				break
			}
		}
		if !improved {
			break
		}
	}
	restore()
	return need, changed
}

// otherWays returns the other ways of d laid from its current ports: up
// to rerouteWays, cheapest by their own cost first (see pick), each once,
// none equal to old.
func (s *state) otherWays(d *dep, old []geom.Point) [][]geom.Point {
	var ways [][]geom.Point
	var raw, simple []geom.Point
	s.pickFor = nil // the ways of d are ranked again for this drawing
	for k := 1; k <= rerouteWays; k++ {
		s.pick = k
		raw = s.pathInto(raw[:0], d)
		s.pick = 0
		simple = geom.SimplifyInto(simple[:0], raw)
		if slices.Equal(simple, old) || slices.ContainsFunc(ways, func(w []geom.Point) bool { return slices.Equal(w, simple) }) {
			continue
		}
		ways = append(ways, slices.Clone(simple))
	}
	s.pickFor = nil
	return ways
}

// detourPerCrossing is the most a rerouted way may be longer than the old
// one, in pixels, for each crossing it removes from the drawing: a crossing
// reads better than a route that goes round the whole picture.
const detourPerCrossing = 2000.0

// pathLength is the length of an orthogonal route.
func pathLength(pts []geom.Point) float64 {
	n := 0.0
	for i := 1; i < len(pts); i++ {
		n += math.Abs(pts[i].X-pts[i-1].X) + math.Abs(pts[i].Y-pts[i-1].Y)
	}
	return n
}

// crossingsWith counts the crossings of pts with the routes of the
// dependencies other than s.deps[i].
func (s *state) crossingsWith(i int, pts []geom.Point) int {
	n := 0
	box := bounds(pts)
	for j, d := range s.deps {
		if j != i && touch(box, bounds(d.pts)) {
			n += crossings(pts, d.pts)
		}
	}
	return n
}

// crossingsBoxed is crossingsWith with the bounding boxes of the routes
// worked out before (boxes[j] for s.deps[j]).
func (s *state) crossingsBoxed(i int, pts []geom.Point, boxes []geom.Rect) int {
	n := 0
	box := bounds(pts)
	for j, d := range s.deps {
		if j != i && touch(box, boxes[j]) {
			n += crossings(pts, d.pts)
		}
	}
	return n
}

// totalCrossings counts the crossings of the routes, in all and per route;
// two routes that run along each other (crossingsAndShared) count as crossing
// there: they seem to merge, which reads worse than a crossing.
func (s *state) totalCrossings() (int, []int) {
	per := make([]int, len(s.deps))
	s.boxes = resizeRects(s.boxes, len(s.deps))
	for i, d := range s.deps {
		s.boxes[i] = bounds(d.pts)
	}
	total := 0
	for i, a := range s.deps {
		for j := i + 1; j < len(s.deps); j++ {
			if !touch(s.boxes[i], s.boxes[j]) {
				continue
			}
			if n := crossingsAndShared(a.pts, s.deps[j].pts); n > 0 {
				total += n
				per[i] += n
				per[j] += n
			}
		}
	}
	return total, per
}

// channelKind says which gap a channel runs in.
type channelKind int

const (
	gutterChannel  channelKind = iota // between container columns (index: the gap)
	highwayChannel                    // above (index 0) or below (1) the containers
	bandChannel                       // a band beside or between a container's grid columns (index: the container, sub: the band)
	gapChannel                        // a band above, between or below a container's components (index: the container, sub: the band)
	stackChannel                      // the gap under a container in its column (index: the container)
)

// channelRef names the gap of a channel.
type channelRef struct {
	kind       channelKind
	index, sub int
}

// channelWidth returns the width of the gap a channel line runs in (the
// narrowest, when several gaps share the line).
func (s *state) channelWidth(line layout.ChannelLine) (float64, bool) {
	refs := s.channels[line]
	if len(refs) == 0 {
		return 0, false
	}
	w := math.Inf(1)
	for _, ref := range refs {
		w = math.Min(w, s.refWidth(ref))
	}
	return w, true
}

func (s *state) refWidth(ref channelRef) float64 {
	switch ref.kind {
	case gutterChannel:
		return s.gap[ref.index]
	case highwayChannel:
		if ref.index == 0 {
			return s.hwTop
		}
		return s.hwBot
	case bandChannel:
		c := s.conts[ref.index]
		if ref.sub == 0 || ref.sub == c.ncols {
			return c.ev[ref.sub] - channelClear
		}
		return c.ev[ref.sub]
	case gapChannel:
		return s.conts[ref.index].gaps[ref.sub]
	}
	return s.conts[ref.index].below
}

// stackY is the y of the channel under a container in its column.
func (s *state) stackY(c *container) float64 { return c.y + c.h + c.below/2 }

// highways returns the y of the channels above and below everything.
func (s *state) highways() (top, bottom float64) {
	return margin + s.hwTop/2, s.contentBottom + s.hwBot/2
}

// registerChannels lists the channel lines of the current placement.
func (s *state) registerChannels() {
	n := len(s.cols) + 3
	for _, c := range s.conts {
		n += len(c.vx) + len(c.gapY) + 1
	}
	s.channels = make(map[layout.ChannelLine][]channelRef, n)
	add := func(line layout.ChannelLine, ref channelRef) {
		s.channels[line] = append(s.channels[line], ref)
	}
	for i := range s.cols {
		add(layout.ChannelLine{Vertical: true, At: s.leftGutter(i)}, channelRef{kind: gutterChannel, index: i})
	}
	if n := len(s.cols); n > 0 {
		add(layout.ChannelLine{Vertical: true, At: s.rightGutter(n - 1)}, channelRef{kind: gutterChannel, index: n})
	}
	top, bottom := s.highways()
	add(layout.ChannelLine{At: top}, channelRef{kind: highwayChannel, index: 0})
	add(layout.ChannelLine{At: bottom}, channelRef{kind: highwayChannel, index: 1})
	for i, c := range s.conts {
		for k, x := range c.vx {
			add(layout.ChannelLine{Vertical: true, At: x}, channelRef{kind: bandChannel, index: i, sub: k})
		}
		for k, y := range c.gapY {
			if c.gaps[k] > 0 {
				add(layout.ChannelLine{At: y}, channelRef{kind: gapChannel, index: i, sub: k})
			}
		}
	}
	for _, col := range s.cols {
		for _, c := range col[:max(len(col)-1, 0)] {
			add(layout.ChannelLine{At: s.stackY(c)}, channelRef{kind: stackChannel, index: c.m.Index})
		}
	}
}

// facePoint is the middle of a side of a component, moved off by along
// that side.
func facePoint(k *comp, side model.Side, off float64) geom.Point {
	r := k.rect()
	switch side {
	case model.Left:
		return geom.Point{X: r.X, Y: r.Center().Y + off}
	case model.Top:
		return geom.Point{X: r.Center().X + off, Y: r.Y}
	case model.Bottom:
		return geom.Point{X: r.Center().X + off, Y: r.Bottom()}
	}
	return geom.Point{X: r.Right(), Y: r.Center().Y + off}
}

// portEnd is one end of a dependency on a side of a component, with the
// keys that order the side's ports.
type portEnd struct {
	d      *dep
	source bool
	k1, k2 float64
}

// ports spreads the dependencies sharing a side of a component over that
// side, ordered so that they do not cross on their way out: routed once
// from the middles of the sides, each end is keyed by where its route
// turns after the stub (toward the side's start or end, and how far), then
// by how far out its next turn lies, nesting routes that turn the same way.
func (s *state) ports() {
	for _, d := range s.deps {
		d.srcPort = facePoint(d.from, d.fs, 0)
		d.dstPort = facePoint(d.to, d.ts, 0)
	}
	faces := make([][]portEnd, 4*len(s.comps))
	rev := make([]geom.Point, 0, 8)
	for _, d := range s.deps {
		pts := geom.Simplify(s.path(d))
		k1, k2 := portKeys(pts, d.fs)
		i := 4*d.from.m.Index + layout.SideIndex(d.fs)
		faces[i] = append(faces[i], portEnd{d, true, k1, k2})
		rev = rev[:0]
		for j := len(pts) - 1; j >= 0; j-- {
			rev = append(rev, pts[j])
		}
		k1, k2 = portKeys(rev, d.ts)
		i = 4*d.to.m.Index + layout.SideIndex(d.ts)
		faces[i] = append(faces[i], portEnd{d, false, k1, k2})
	}
	for i, ends := range faces {
		if len(ends) == 0 {
			continue
		}
		k, side := s.comps[i/4], layout.Sides[i%4]
		if len(ends) > 1 {
			sort.SliceStable(ends, func(a, b int) bool {
				ea, eb := ends[a], ends[b]
				if math.Abs(ea.k1-eb.k1) > 0.5 {
					return ea.k1 < eb.k1
				}
				return ea.k2 < eb.k2
			})
		}
		length := k.h
		if side == model.Top || side == model.Bottom {
			length = k.w
		}
		n := float64(len(ends))
		step := math.Min(portStepMax, portSpread*length/n)
		for j, pe := range ends {
			p := facePoint(k, side, (float64(j)-(n-1)/2)*step)
			if pe.source {
				pe.d.srcPort = p
			} else {
				pe.d.dstPort = p
			}
		}
	}
}

// portKeys keys the end of a route at pts[0] on side: how far along the
// side its route goes after the first bend, then how far out (signed so
// that routes turning the same way nest).
func portKeys(pts []geom.Point, side model.Side) (k1, k2 float64) {
	flat := side == model.Top || side == model.Bottom
	along, perp := axes(!flat)
	out := 1.0
	if side == model.Top || side == model.Left {
		out = -1
	}
	if len(pts) < 3 {
		return along(pts[len(pts)-1]) - along(pts[0]), 0
	}
	k1 = along(pts[2]) - along(pts[0])
	if len(pts) >= 4 {
		sign := 1.0
		if k1 < 0 {
			sign = -1
		}
		k2 = -sign * out * perp(pts[3])
	}
	return k1, k2
}

// rightGutter is the x of the gutter right of column col: the next
// column's left gutter, the very same value (the channels know it by its
// x), or past the last column.
func (s *state) rightGutter(col int) float64 {
	if col+1 < len(s.colX) {
		return s.leftGutter(col + 1)
	}
	return s.colX[col] + s.colW[col] + s.gap[col+1]/2
}

func (s *state) leftGutter(col int) float64 { return s.colX[col] - s.gap[col]/2 }

// routeEnd is an end of a dependency as the router sees it: the port,
// the horizontal line its route runs along next to the component (the
// port's own for a left or right side, the band above or below for a top
// or bottom side), which way that run may go, and the stub from the port
// to the run. A left or right side's run ends in the vertical band vi
// beside the component.
type routeEnd struct {
	p    geom.Point
	k    *comp
	y    float64
	dir  int // +1: the run goes right of the port, -1: left, 0: either
	vert bool
	vi   int // the vertical band (vert), or the horizontal one
	stub [2]geom.Point
	n    int // points in stub
}

func (s *state) routeEnd(k *comp, side model.Side, p geom.Point) routeEnd {
	e := routeEnd{p: p, k: k, y: p.Y, stub: [2]geom.Point{p}, n: 1}
	switch side {
	case model.Right:
		e.dir, e.vert, e.vi = 1, true, k.gi+1
	case model.Left:
		e.dir, e.vert, e.vi = -1, true, k.gi
	default:
		e.vi = k.gj
		if side == model.Bottom {
			e.vi++
		}
		e.y = k.cont.gapY[e.vi]
		e.stub[1], e.n = geom.Point{X: p.X, Y: e.y}, 2
	}
	return e
}

// outside reports whether e's run may go on to a gutter: it runs along a
// horizontal band, or out of the outermost grid column.
func (e routeEnd) outside() bool {
	return !e.vert || e.dir < 0 && e.vi == 0 || e.dir > 0 && e.vi == e.k.cont.ncols
}

// path routes d: its source's stub, a way through the channels, its
// target's stub.
func (s *state) path(d *dep) []geom.Point { return s.pathInto(make([]geom.Point, 0, 12), d) }

// pathInto is path, appended to pts.
func (s *state) pathInto(pts []geom.Point, d *dep) []geom.Point {
	a := s.routeEnd(d.from, d.fs, d.srcPort)
	b := s.routeEnd(d.to, d.ts, d.dstPort)
	pts = append(pts, a.stub[:a.n]...)
	if a.k.cont == b.k.cont {
		pts = s.inside(pts, a, b)
	} else {
		pts = s.between(pts, a, b, d)
	}
	for i := b.n - 1; i >= 0; i-- {
		pts = append(pts, b.stub[i])
	}
	return pts
}

// nearest returns the index of the value of lines nearest to v among
// those whose width is positive.
func nearest(lines, widths []float64, v float64) int {
	i, _ := slices.BinarySearch(lines, v)
	best, bestD := -1, math.Inf(1)
	for _, j := range [...]int{i - 2, i - 1, i, i + 1} {
		if j >= 0 && j < len(lines) && widths[j] > 0 {
			if dd := math.Abs(lines[j] - v); dd < bestD {
				best, bestD = j, dd
			}
		}
	}
	if best < 0 {
		return len(lines) - 1
	}
	return best
}

// innerBand returns the index of the band of lines (with widths) a route
// inside a container crosses over at v: the nearest (nearest), or when
// rerouting the pick-th nearest (the nearest again when there are fewer).
func (s *state) innerBand(lines, widths []float64, v float64) int {
	if s.pick <= 1 {
		return nearest(lines, widths, v)
	}
	idx := make([]int, 0, len(lines))
	for j, w := range widths {
		if w > 0 {
			idx = append(idx, j)
		}
	}
	if s.pick > len(idx) {
		return nearest(lines, widths, v)
	}
	slices.SortStableFunc(idx, func(p, q int) int { return cmp.Compare(math.Abs(lines[p]-v), math.Abs(lines[q]-v)) })
	return idx[s.pick-1]
}

// inside routes between two components of one container, through the
// bands of its grid: along a shared band, or with one turn where a
// vertical band meets a horizontal one, or along a vertical band, across
// the horizontal band nearest the middle and along the other vertical band.
func (s *state) inside(pts []geom.Point, a, b routeEnd) []geom.Point {
	c := a.k.cont
	switch {
	case !a.vert && !b.vert:
		if a.vi == b.vi {
			return pts // both in the same band
		}
		x := c.vx[s.innerBand(c.vx, c.ev, (a.p.X+b.p.X)/2)]
		return append(pts, geom.Point{X: x, Y: a.y}, geom.Point{X: x, Y: b.y})
	case a.vert && (!b.vert || a.vi == b.vi):
		x := c.vx[a.vi]
		return append(pts, geom.Point{X: x, Y: a.y}, geom.Point{X: x, Y: b.y})
	case !a.vert:
		x := c.vx[b.vi]
		return append(pts, geom.Point{X: x, Y: a.y}, geom.Point{X: x, Y: b.y})
	}
	xa, xb := c.vx[a.vi], c.vx[b.vi]
	y := c.gapY[s.innerBand(c.gapY, c.gaps, (a.y+b.y)/2)]
	return append(pts, geom.Point{X: xa, Y: a.y}, geom.Point{X: xa, Y: y}, geom.Point{X: xb, Y: y}, geom.Point{X: xb, Y: b.y})
}

// exit is a way from a route end to a gutter: the points after the stub
// (turning from the end's vertical band into a horizontal one), the gutter
// and the y where it reaches it, and its cost.
type exit struct {
	pts  [2]geom.Point
	n    int
	g, y float64
	cost float64
}

// exits lists the ways from e out of its container to the gutters beside
// its column.
func (s *state) exits(e routeEnd, out *[4]exit) []exit {
	c := e.k.cont
	gl, gr := s.leftGutter(c.col), s.rightGutter(c.col)
	list := out[:0]
	if e.outside() {
		if e.dir <= 0 {
			list = append(list, exit{g: gl, y: e.y, cost: math.Abs(gl - e.p.X)})
		}
		if e.dir >= 0 {
			list = append(list, exit{g: gr, y: e.y, cost: math.Abs(gr - e.p.X)})
		}
		return list
	}
	x := c.vx[e.vi]
	j := e.k.gj
	for _, band := range [2]int{j, j + 1} {
		if c.gaps[band] <= 0 {
			continue
		}
		y := c.gapY[band]
		for _, g := range [2]float64{gl, gr} {
			list = append(list, exit{pts: [2]geom.Point{{X: x, Y: e.y}, {X: x, Y: y}}, n: 2, g: g, y: y,
				cost: math.Abs(x-e.p.X) + math.Abs(y-e.y) + math.Abs(g-x) + 2*bendCost})
		}
	}
	return list
}

// between routes between components of two containers: out of the source's
// container to a gutter beside its column, then along it when the target's
// column shares that gutter, else across the gap between two containers of
// one column or a highway, into the gutter beside the target's column and
// into the target's container.
func (s *state) between(pts []geom.Point, a, b routeEnd, d *dep) []geom.Point {
	if s.pick > 0 && s.pickFor == d {
		// Rerouting: the pick-th cheapest way, of the ways ranked for
		// the pick before.
		w := &s.pickWays[min(s.pick, len(s.pickWays))-1]
		return append(pts, w.pts[:w.n]...)
	}
	ca, cb := a.k.cont, b.k.cont
	var bufA, bufB [4]exit
	ea, eb := s.exits(a, &bufA), s.exits(b, &bufB)
	top, bottom := s.highways()
	// Crossings: the highways, and between two containers of one column,
	// the gap under the upper one.
	cross := [3]float64{top, bottom}
	nc := 2
	if ca.col == cb.col {
		upper := ca
		if cb.y < ca.y {
			upper = cb
		}
		cross[2], nc = s.stackY(upper), 3
	}
	// And the gaps between stacked containers of the columns from the
	// source's to the target's, where the run across from gutter to
	// gutter passes no container (below a shorter column, say): a route
	// from a lower container to a column two along then need not go
	// round everything.
	var gapBuf [8]*container
	gapsAcross := s.gapsAcross(ca, cb, gapBuf[:0])
	var buf [48]way
	ways := buf[:0]
	add := func(x, y exit, mid []geom.Point, cost float64) {
		w := way{cost: cost}
		w.n += copy(w.pts[:], x.pts[:x.n])
		w.n += copy(w.pts[w.n:], mid)
		for i := y.n - 1; i >= 0; i-- {
			w.pts[w.n] = y.pts[i]
			w.n++
		}
		ways = append(ways, w)
	}
	if h, ok := s.straightAcross(a, b); ok {
		// Straight through the gap between two stacked neighbours, down
		// (or up) from the source's band where nothing of its container
		// is in the way, and the same into the target's band.
		xa, oka := s.clearDown(a, h)
		xb, okb := s.clearDown(b, h)
		if oka && okb {
			w := way{cost: math.Abs(xa-a.p.X) + math.Abs(a.y-h) + math.Abs(xa-xb) + math.Abs(h-b.y) + math.Abs(xb-b.p.X) + 2*bendCost}
			if xa != a.p.X {
				w.pts[w.n] = geom.Point{X: xa, Y: a.y}
				w.n++
				w.cost += 2 * bendCost
			}
			w.pts[w.n], w.pts[w.n+1] = geom.Point{X: xa, Y: h}, geom.Point{X: xb, Y: h}
			w.n += 2
			if xb != b.p.X {
				w.pts[w.n] = geom.Point{X: xb, Y: b.y}
				w.n++
				w.cost += 2 * bendCost
			}
			ways = append(ways, w)
		}
	}
	for _, x := range ea {
		for _, y := range eb {
			base := x.cost + y.cost
			if math.Abs(x.g-y.g) < 0.5 { // one gutter (a column's right and the next one's left, up to rounding)
				add(x, y, []geom.Point{{X: x.g, Y: x.y}, {X: x.g, Y: y.y}}, base+math.Abs(x.y-y.y)+2*bendCost)
				continue
			}
			for _, h := range cross[:nc] {
				add(x, y, []geom.Point{{X: x.g, Y: x.y}, {X: x.g, Y: h}, {X: y.g, Y: h}, {X: y.g, Y: y.y}},
					base+math.Abs(x.y-h)+math.Abs(x.g-y.g)+math.Abs(h-y.y)+4*bendCost)
			}
			for _, c := range gapsAcross {
				if h := s.stackY(c); s.runFree(c, h, x.g, y.g) {
					add(x, y, []geom.Point{{X: x.g, Y: x.y}, {X: x.g, Y: h}, {X: y.g, Y: h}, {X: y.g, Y: y.y}},
						base+math.Abs(x.y-h)+math.Abs(x.g-y.g)+math.Abs(h-y.y)+4*bendCost+gapAcrossCost)
				}
			}
		}
	}
	best := 0
	for i := range ways {
		if ways[i].cost < ways[best].cost {
			best = i
		}
	}
	if s.pick > 0 {
		// Rerouting: the pick-th cheapest way (the ways are kept for the
		// next picks of d).
		slices.SortStableFunc(ways, func(p, q way) int { return cmp.Compare(p.cost, q.cost) })
		s.pickFor, s.pickWays = d, append(s.pickWays[:0], ways...)
		w := &ways[min(s.pick, len(ways))-1]
		return append(pts, w.pts[:w.n]...)
	}
	if s.laid != nil && len(ways) > 1 {
		// Crossing the routes laid before costs crossCost each: try the
		// ways cheapest first while one could still beat the best.
		slices.SortStableFunc(ways, func(p, q way) int { return cmp.Compare(p.cost, q.cost) })
		best = -1
		bestCost := math.Inf(1)
		var line [10]geom.Point
		for i := range ways {
			w := &ways[i]
			if w.cost >= bestCost {
				break
			}
			line[0] = pts[len(pts)-1]
			n := 1 + copy(line[1:], w.pts[:w.n])
			line[n] = b.stub[b.n-1]
			if c := w.cost + crossCost*float64(s.laid.crossings(line[:n+1], d)); c < bestCost {
				best, bestCost = i, c
			}
		}
	}
	return append(pts, ways[best].pts[:ways[best].n]...)
}

// gapAcrossCost is added to the cost of a way along a gap between
// stacked containers of a column between the ends' (gapsAcross): two
// crossings' worth, so that a route takes it only to spare a long way
// round. Taken at its length alone, such a way cut across where routes
// laid after it went down to the bottom highway: the unfolded drawing of
// wf-marketplace-payouts crossed 17 times instead of 5.
const gapAcrossCost = 2 * crossCost

// gapsAcross appends to out the containers, other than the last of their
// column, of the columns from ca's to cb's (up to cap(out) of them), whose
// gap below may carry a route between ca and cb (see runFree), when two
// columns or more lie apart (next columns share a gutter).
func (s *state) gapsAcross(ca, cb *container, out []*container) []*container {
	lo, hi := min(ca.col, cb.col), max(ca.col, cb.col)
	if hi-lo < 2 {
		return out // one column, or two sharing a gutter
	}
	for ci := lo; ci <= hi; ci++ {
		col := s.cols[ci]
		for _, c := range col[:max(len(col)-1, 0)] {
			if len(out) == cap(out) {
				return out
			}
			out = append(out, c)
		}
	}
	return out
}

// runFree reports whether a route may run along the gap under c, at h,
// from gutter x1 to gutter x2: no container of another column lies within
// the gap's half width of that run (those of c's column are clear of
// the gap by construction).
func (s *state) runFree(c *container, h, x1, x2 float64) bool {
	lo, hi := math.Min(x1, x2), math.Max(x1, x2)
	m := c.below / 2
	for _, o := range s.conts {
		if o.col != c.col && o.x < hi && o.x+o.w > lo && o.y < h+m && o.y+o.h > h-m {
			return false
		}
	}
	return true
}

// way is a way between two containers (see between): its points after
// the source's stub and before the target's, and its cost (length and
// bends).
type way struct {
	pts  [8]geom.Point
	n    int
	cost float64
}

// straightAcross reports whether a route may run from a to b straight
// through the gap between their containers, stacked next to each other in
// one column, and the y of that gap: both ends run along horizontal
// bands (top or bottom sides), and the containers are neighbours in their
// column (clearDown then finds where the route can cross each container's
// rows between its band and the gap).
func (s *state) straightAcross(a, b routeEnd) (float64, bool) {
	ca, cb := a.k.cont, b.k.cont
	if ca.col != cb.col || a.vert || b.vert {
		return 0, false
	}
	col := s.cols[ca.col]
	i, j := slices.Index(col, ca), slices.Index(col, cb)
	switch {
	case j == i+1:
		return s.stackY(ca), true
	case i == j+1:
		return s.stackY(cb), true
	}
	return 0, false
}

// clearDown returns an x where a route can run from e's band to the gap
// at y outside e's container without passing through a component: the
// port's own x when nothing of the container lies between (then the
// route goes straight on from its stub), else the vertical band nearest
// to it (the bands between grid columns are free of components).
func (s *state) clearDown(e routeEnd, y float64) (float64, bool) {
	c := e.k.cont
	lo, hi := math.Min(e.y, y), math.Max(e.y, y)
	free := func(x float64) bool {
		for _, k := range c.comps {
			r := k.rect()
			if r.Bottom() > lo && r.Y < hi && x > r.X-channelClear && x < r.Right()+channelClear {
				return false
			}
		}
		return true
	}
	if free(e.p.X) {
		return e.p.X, true
	}
	best, bestD := 0.0, math.Inf(1)
	for k, x := range c.vx {
		if c.ev[k] > 0 && math.Abs(x-e.p.X) < bestD && free(x) {
			best, bestD = x, math.Abs(x-e.p.X)
		}
	}
	return best, !math.IsInf(bestD, 1)
}

// crossCost is what crossing a route laid before costs a way between
// containers, in pixels of length.
const crossCost = 240.0

// awareMax is the most dependencies for which routes between containers
// look at the routes laid before them (counting crossings is linear in the
// routes laid, so it stays off for very large diagrams).
const awareMax = 400

// laidSegs holds the segments of the routes laid so far in a pass.
type laidSegs struct {
	h, v []laidSeg
}

// laidSeg is a horizontal (at: y, from x lo to hi) or vertical segment of
// the route of d.
type laidSeg struct {
	at, lo, hi float64
	d          *dep
}

func (l *laidSegs) add(d *dep) {
	pts := d.pts
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		if a.Y == b.Y {
			l.h = append(l.h, laidSeg{a.Y, math.Min(a.X, b.X), math.Max(a.X, b.X), d})
		} else {
			l.v = append(l.v, laidSeg{a.X, math.Min(a.Y, b.Y), math.Max(a.Y, b.Y), d})
		}
	}
}

// crossings counts the crossings of d's way pts with the laid segments,
// counting too a laid segment that ends on one of pts' segments (a bend on
// the same channel line, which crosses once the channel's tracks are
// spread unless they nest the right way), except for routes sharing an
// end with d (their ports are ordered to nest).
func (l *laidSegs) crossings(pts []geom.Point, d *dep) int {
	n := 0
	hit := func(o laidSeg, at, lo, hi, p float64) bool {
		if o.at <= lo || o.at >= hi || p < o.lo || p > o.hi {
			return false
		}
		if p > o.lo && p < o.hi {
			return true
		}
		return o.d.from != d.from && o.d.to != d.to
	}
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		if a.Y == b.Y {
			x0, x1 := math.Min(a.X, b.X), math.Max(a.X, b.X)
			for _, v := range l.v {
				if hit(v, a.Y, x0, x1, a.Y) {
					n++
				}
			}
		} else {
			y0, y1 := math.Min(a.Y, b.Y), math.Max(a.Y, b.Y)
			for _, h := range l.h {
				if hit(h, a.X, y0, y1, a.X) {
					n++
				}
			}
		}
	}
	return n
}

// labelStages counts the label stages run (placeLabels), for the tests
// that check how much work a layout does.
var labelStages atomic.Int64

// labelClearance is how close another route may pass a label before the
// label stage looks for a place clear of it (layout.LabelScene.Clearance):
// a label that touches two routes could belong to either.
const labelClearance = 3.0

// placeLabels runs the label stage (layout.PlaceLabels): each label
// touches its own dependency, clear of components and container titles.
func (s *state) placeLabels() []*dep {
	labelStages.Add(1)
	in := layout.LabelScene{Canvas: geom.Rect{W: s.width, H: s.height}, Clearance: labelClearance}
	for _, c := range s.comps {
		in.Obstacles = append(in.Obstacles, c.rect())
	}
	for _, c := range s.conts {
		in.Obstacles = append(in.Obstacles, c.headerRect())
		in.Frames = append(in.Frames, c.rect())
	}
	outDeg, inDeg := make([]int, len(s.comps)), make([]int, len(s.comps))
	for _, d := range s.deps {
		outDeg[d.from.m.Index]++
		inDeg[d.to.m.Index]++
	}
	var owners []*dep
	for i, d := range s.deps {
		in.Routes = append(in.Routes, d.pts)
		if len(d.labels) > 0 {
			near := layout.LabelNear(false, outDeg[d.from.m.Index], inDeg[d.to.m.Index])
			in.Labels = append(in.Labels, layout.LabelSpec{Route: i, W: d.label.W + 10, H: d.label.H + 4, Near: near})
			owners = append(owners, d)
		}
	}
	if s.tr {
		// Labels are placed upright: on the drawing turned back, where
		// the stage's preferences for horizontal runs hold.
		in = flipLabelScene(in)
		for i, d := range owners {
			in.Labels[i].W, in.Labels[i].H = d.label.H+10, d.label.W+4
		}
	}
	res := layout.PlaceLabels(in)
	for i, d := range owners {
		d.labelBox = res.Boxes[i]
		if s.tr {
			d.labelBox = flip(d.labelBox)
		}
	}
	var blocked []*dep
	for _, i := range res.Blocked {
		blocked = append(blocked, owners[i])
	}
	s.nearer = s.nearer[:0]
	for _, i := range res.Nearer {
		s.nearer = append(s.nearer, owners[i])
	}
	s.framed = s.framed[:0]
	for _, i := range res.Framed {
		s.framed = append(s.framed, owners[i])
	}
	return blocked
}

// axes returns how far a point lies along a horizontal line (a vertical
// one, when vertical) and across it.
func axes(vertical bool) (along, across func(geom.Point) float64) {
	if vertical {
		return pointY, pointX
	}
	return pointX, pointY
}

func pointX(p geom.Point) float64 { return p.X }
func pointY(p geom.Point) float64 { return p.Y }
