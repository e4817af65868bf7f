package swimlane

import (
	"math"
	"slices"
	"sort"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

const (
	labelPadX = 5.0
	labelPadY = 2.0
	// labelEndRoom is what a vertical run needs past a label at each end
	// (the arrowhead, the port).
	labelEndRoom = 12.0
	// labelClearance is how close another route may pass a label set
	// beside its own edge before another spot is preferred
	// (layout.LabelScene.Clearance).
	labelClearance = 3.0
)

// placeLabels runs the label stage (layout.PlaceLabels) over the routed
// edges: each label touches its own edge, near the source for a
// decision's outcomes, never over a node or a lane title. It returns the
// labels that found no spot clear of other edges and labels.
func (s *state) placeLabels() []*edge {
	in := layout.LabelScene{Canvas: geom.Rect{W: s.width, H: s.height}, EndAligned: true, Clearance: labelClearance, Checkpoint: s.env.Checkpoint}
	for _, n := range s.nodes {
		in.Obstacles = append(in.Obstacles, n.rect())
	}
	for _, l := range s.lanes {
		r := s.laneRect(l)
		in.Obstacles = append(in.Obstacles, geom.Rect{X: r.X, Y: r.Y, W: s.headerW, H: r.H})
		if s.inLanes {
			in.Frames = append(in.Frames, r)
		}
	}
	in.Obstacles = append(in.Obstacles, s.frameBorders()...)
	outDeg, inDeg := make([]int, len(s.nodes)), make([]int, len(s.nodes))
	for _, e := range s.edges {
		outDeg[e.from.m.Index]++
		inDeg[e.to.m.Index]++
	}
	var owners []*edge
	for i, e := range s.edges {
		in.Routes = append(in.Routes, e.pts)
		if !e.hasLabel {
			continue
		}
		near := layout.LabelNear(e.from.m.Shape == model.Diamond, outDeg[e.from.m.Index], inDeg[e.to.m.Index])
		in.Labels = append(in.Labels, layout.LabelSpec{Route: i, W: e.label.W + 2*labelPadX, H: e.label.H + 2*labelPadY, Near: near})
		owners = append(owners, e)
	}
	res := layout.PlaceLabels(in)
	for i, e := range owners {
		e.labelBox = res.Boxes[i]
	}
	var blocked []*edge
	for _, i := range res.Blocked {
		blocked = append(blocked, owners[i])
	}
	s.nearer = s.nearer[:0]
	for _, i := range res.Nearer {
		s.nearer = append(s.nearer, owners[i])
	}
	return blocked
}

// labelsInLanes places the labels of the drawing kept once more with
// the lanes as frames (layout.LabelScene.Frames): a label across the
// line between two lanes reads as text over that line, so of spots
// otherwise alike one inside a lane is taken ("200 OK" beside a route
// up into the lane above, on the part of its run in one lane rather
// than at the run's middle, on the line). Only the labels move, and only
// when no label loses its free spot and none more is left beside another
// route nearer it or with another route grazing it; else they stay where
// they were. The drawing is
// chosen before (as the frames would change which one is kept, through
// the room the labels are given, for no fewer crossings).
func (s *state) labelsInLanes() {
	if !labelsInLanesTry || len(s.lanes) < 2 || len(s.edges) > inLanesMaxEdges || s.overWork() {
		return
	}
	boxes := make([]geom.Rect, len(s.edges))
	for i, e := range s.edges {
		boxes[i] = e.labelBox
	}
	nearer, hugged := slices.Clone(s.nearer), s.labelsWithin(layout.HugGap)
	s.inLanes = true
	blocked := len(s.placeLabels())
	s.inLanes = false
	if blocked <= s.labelsBlocked && len(s.nearer) <= len(nearer) && s.labelsWithin(layout.HugGap) <= hugged {
		return
	}
	for i, e := range s.edges {
		e.labelBox = boxes[i]
	}
	s.nearer = nearer
}

// inLanesMaxEdges bounds the drawings whose labels labelsInLanes places
// again (it compares every label with every route).
const inLanesMaxEdges = 400

// labelsInLanesTry is off only in tests that compare with the labels
// placed across the lines between lanes.
var labelsInLanesTry = true

// frameBorderW is the width of the strip along a loop frame's border
// that no label covers: a label across the dashed line is cut by it.
const frameBorderW = 3.0

// frameBorders returns the strips along the borders of the loops' frames
// as the steps now lie (frameLoops), for the label stage to keep off: a
// label of an edge leaving a loop then sits inside the frame or outside
// it, not across its line. A frame over several lanes is drawn as an
// outline of one band per lane (loopBands): the strips follow that
// outline, as the drawing lays it before it widens a band for the
// loop's title.
func (s *state) frameBorders() []geom.Rect {
	if len(s.doc.Loops) == 0 || !frameLabelsClear {
		return nil
	}
	s.frameLoops()
	out := make([]geom.Rect, 0, 4*len(s.loopBoxes))
	const h = frameBorderW / 2
	for i, r := range s.loopBoxes {
		pts := []geom.Point{{X: r.X, Y: r.Y}, {X: r.Right(), Y: r.Y}, {X: r.Right(), Y: r.Bottom()}, {X: r.X, Y: r.Bottom()}}
		if len(s.loopBoxes) <= frameOutlinesMax {
			if bands := s.loopBands(i, r, s.loopBoxes); bands != nil {
				pts = outline(bands)
			}
		}
		for k, a := range pts {
			b := pts[(k+1)%len(pts)]
			out = append(out, geom.Rect{X: math.Min(a.X, b.X) - h, Y: math.Min(a.Y, b.Y) - h, W: math.Abs(b.X-a.X) + 2*h, H: math.Abs(b.Y-a.Y) + 2*h})
		}
	}
	return out
}

// frameOutlinesMax bounds the loops whose outline over several lanes
// (loopBands) the label stage keeps clear; past it, only their boxes'
// borders (each outline costs a pass over the steps).
const frameOutlinesMax = 64

// frameLabelsClear is off only in tests that compare with the labels
// placed across frames.
var frameLabelsClear = true

// narrowShares are the shares of labelMaxW a label still without a free
// spot once the rounds are over is wrapped at again (layout.NarrowShares;
// nil in tests that compare with the layout that never narrows).
var narrowShares = layout.NarrowShares

// narrowBlocked wraps the blocked labels narrower and places the labels
// again, keeping each narrowing that leaves fewer labels without a spot
// (layout.NarrowBlocked); it returns the labels still blocked.
func (s *state) narrowBlocked(blocked []*edge) []*edge {
	blocked, _ = layout.NarrowBlocked(blocked, narrowShares, func(e *edge, share float64) func() {
		before, prev := e.label, e.labelWrap
		e.wrapLabel(s.env, labelMaxW*share)
		if e.label.W >= before.W-1 {
			e.label, e.labelWrap = before, prev
			return nil
		}
		return func() { e.label, e.labelWrap = before, prev }
	}, s.placeLabels)
	return blocked
}

// wrapLabel lays the edge's label out at width w (0: labelMaxW), wider
// by up to layout.PieceGrow when a word with no better break would
// otherwise be cut inside ("Zahlungsbestätigung", "réinitialisation").
func (e *edge) wrapLabel(env layout.Env, w float64) {
	e.labelWrap = w
	if w == 0 {
		w = labelMaxW
	}
	size := env.Theme.SmallFontSize
	e.label = env.Balanced(e.m.Label, size, false, env.PieceWidth(e.m.Label, size, false, w))
}

// fitLabels widens the canvas, and the lanes with it, so that a label
// placed on a route past the last column (on the canvas's margin) lies
// inside its lane's band instead of across the band's edge.
// A label near the right edge keeps loopClear inside the lanes.
func (s *state) fitLabels() {
	right := 0.0
	for _, e := range s.edges {
		if e.hasLabel {
			right = math.Max(right, e.labelBox.Right())
		}
	}
	if right > s.width-margin-loopClear {
		s.width = math.Ceil(right + margin + loopClear)
	}
}

// frameLoops computes the frame of each loop: the box around its nodes,
// with room for the condition on top.
func (s *state) frameLoops() {
	loops := s.doc.Loops
	s.loopBoxes = make([]geom.Rect, len(loops))
	if len(loops) == 0 {
		return
	}
	t := s.env.Theme
	// Smaller loops first: a loop whose nodes are all in another one is
	// framed inside it, and each frame's title stays clear of the titles
	// before it.
	order := make([]int, len(loops))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(loops[order[a]].Nodes) < len(loops[order[b]].Nodes) })
	selfOf := map[int][]*edge{} // each node's edges to itself
	for _, e := range s.edges {
		if e.from == e.to && len(e.pts) > 0 {
			selfOf[e.from.m.Index] = append(selfOf[e.from.m.Index], e)
		}
	}
	members := make([]map[int]bool, len(loops))
	titles := make([]geom.Rect, len(loops))
	var done []int
	work := 0 // pairs of frames compared: past loopWorkMax, plain frames
	for _, i := range order {
		l := loops[i]
		members[i] = map[int]bool{}
		var r, body geom.Rect // the frame; its lanes' bodies (and the canvas above them), which it must stay in
		for k, n := range l.Nodes {
			members[i][n.Index] = true
			nr := s.nodes[n.Index].rect()
			lr := s.laneRect(s.lanes[n.Lane.Index])
			lr = geom.Rect{X: lr.X + s.headerW, Y: lr.Y, W: lr.W - s.headerW, H: lr.H}
			if k == 0 {
				r, body = nr, lr
			} else {
				r, body = r.Union(nr), body.Union(lr)
			}
		}
		r = r.Inset(10)
		// A member's edges to itself (a wait, a retry in place) and their
		// labels are part of the loop: inside its frame, never cut by it.
		for _, n := range l.Nodes {
			for _, e := range selfOf[n.Index] {
				r = r.Union(e.selfLoopBox())
			}
		}
		r.Y -= loopTitleH
		r.H += loopTitleH
		raise := func(y float64) { // the frame's top to y, if that is higher
			if y < r.Y {
				r.H += r.Y - y
				r.Y = y
			}
		}
		if work += 2 * len(done); work > loopWorkMax {
			// Thousands of loops: no more nesting or moving titles apart
			// (each would compare with every frame before it).
			r = clampInto(r, body.Inset(-2))
			s.loopBoxes[i] = r
			titles[i] = geom.Rect{X: r.X + 7, Y: r.Y, W: 0, H: loopTitleH}
			continue
		}
		for _, j := range done {
			inside := true
			for n := range members[j] {
				if !members[i][n] {
					inside = false
					break
				}
			}
			if inside && r.Overlaps(s.loopBoxes[j]) {
				r = r.Union(s.loopBoxes[j].Inset(loopNest))
				raise(s.loopBoxes[j].Y - loopTitleH - 2)
			}
		}
		tw := s.env.Measure.Width("loop ["+l.Condition+"]", t.SmallFontSize-1, false) + 6
		for round := range done { // each raise can meet one more title: at most len(done) rounds
			if round > 0 {
				if work += len(done); work > loopWorkMax {
					break
				}
			}
			title := geom.Rect{X: r.X + 7, Y: r.Y, W: tw, H: loopTitleH}
			moved := false
			for _, j := range done {
				if title.Overlaps(titles[j]) {
					raise(titles[j].Y - loopTitleH - 2)
					moved = true
					break
				}
			}
			if !moved {
				break
			}
		}
		// Frames nested many deep, or raised past many titles, stop at the
		// sides and bottom of their lanes (never over a lane title) and at
		// the canvas's top: they then share those edges, and draw slides
		// their titles apart along them.
		body.H += body.Y
		body.Y = 0
		r = clampInto(r, body.Inset(-2))
		s.loopBoxes[i] = r
		titles[i] = geom.Rect{X: r.X + 7, Y: r.Y, W: tw, H: loopTitleH}
		done = append(done, i)
	}
}

// clampInto returns the part of r inside b (r itself when it fits).
func clampInto(r, b geom.Rect) geom.Rect {
	x0, y0 := math.Max(r.X, b.X), math.Max(r.Y, b.Y)
	x1, y1 := math.Min(r.Right(), b.Right()), math.Min(r.Bottom(), b.Bottom())
	return geom.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

// Loop frames: the strip above a frame's nodes that holds its title, and
// how far a frame reaches past a frame nested in it. loopWorkMax bounds
// the comparisons of frames with frames and titles with what crosses them
// (nesting, titles apart, titles clear of edges): a diagram with
// thousands of loops gets plain frames and titles past it, in time linear
// in its loops.
const (
	loopTitleH  = 16.0
	loopNest    = 6.0
	loopWorkMax = 1 << 20
)

// makeRoom widens the gaps whose channels lack tracks and the gaps that
// hold labels which found no free spot. It reports whether any gap grew.
func (s *state) makeRoom(blocked []*edge) bool {
	grew := false
	for i, w := range s.needV {
		if w > s.gapV[i] {
			s.gapV[i], grew = w, true
		}
	}
	for g, w := range s.needH {
		if l := s.lanes[g.lane]; w > l.gapH[g.i] {
			l.gapH[g.i], grew = w, true
		}
	}
	seenV, seenH := map[int]bool{}, map[hGap]bool{}
	for _, e := range blocked {
		c := e.labelBox.Center()
		if e.from == e.to && len(e.pts) > 0 {
			// An edge to itself: the room goes beside its loop, wherever
			// the label was left.
			c = bounds(e.pts).Center()
		}
		g, ok := s.vGapAt(c.X)
		if !ok {
			// Inside a column: the gap beside the column that the label's
			// longest horizontal run crosses, so its verticals move apart.
			g, ok = s.gapCrossedBy(e)
		}
		if ok && !seenV[g] {
			seenV[g] = true
			s.gapV[g] += e.labelBox.W + 2*labelPadX
			grew = true
		}
		if g, ok := s.hGapAt(c.Y); ok && !seenH[g] {
			seenH[g] = true
			s.lanes[g.lane].gapH[g.i] += 2 * (e.labelBox.H + labelPadY)
			grew = true
		}
	}
	// A blocked label whose edge runs along a horizontal gutter, among
	// other edges' tracks (a fan-out's bundle), gets room below its own
	// track on every horizontal gutter, so it can sit there; one whose
	// edge runs only along vertical gutters gets room right of its track.
	for _, e := range blocked {
		h, v := false, false
		for i := 0; i+1 < len(e.pts); i++ {
			a, b := e.pts[i], e.pts[i+1]
			if a.Y == b.Y {
				if _, ok := s.hGapAt(a.Y); ok {
					h = true
				}
			} else if _, ok := s.vGapAt(a.X); ok {
				v = true
			}
		}
		room, grown := layout.GrowLabelRoom(s.labelRoom[e], e.labelBox.W, e.labelBox.H, h, v)
		if !grown {
			continue
		}
		if s.labelRoom == nil {
			s.labelRoom = map[*edge][2]float64{}
		}
		s.labelRoom[e] = room
		grew = true
	}
	// A blocked label whose edge crosses a gap between rows or lanes by a
	// vertical run shorter than the label (a three-line label on a short
	// hand-off) makes that gap taller, so the run can hold it.
	for _, e := range blocked {
		for i := 0; i+1 < len(e.pts); i++ {
			a, b := e.pts[i], e.pts[i+1]
			if a.X != b.X || math.Abs(b.Y-a.Y) >= e.labelBox.H+2*labelEndRoom {
				continue
			}
			if g, ok := s.hGapAt((a.Y + b.Y) / 2); ok && !seenH[g] {
				seenH[g] = true
				s.lanes[g.lane].gapH[g.i] += e.labelBox.H
				grew = true
			}
		}
	}
	// A blocked label whose edge runs mostly up or down inside a column
	// (a request and its answer between two nodes stacked in one column,
	// a lane title on the left) sits beside that run: widen the gaps on
	// both sides of the column, so it fits beside the bundle.
	for _, e := range blocked {
		if c, ok := s.verticalIn(e); ok {
			if s.widenedFor[e] && !s.detour[e] {
				// The gaps grew already and it is still blocked: it is
				// inside the bundle. Take it out.
				if s.detour == nil {
					s.detour = map[*edge]bool{}
				}
				s.detour[e], grew = true, true
			}
			if s.widenedFor == nil {
				s.widenedFor = map[*edge]bool{}
			}
			s.widenedFor[e] = true
			for _, g := range [2]int{c, c + 1} {
				if g < len(s.gapV) && !seenV[g] {
					seenV[g] = true
					s.gapV[g] += e.labelBox.W + 2*labelPadX
					grew = true
				}
			}
		}
	}
	// Also make room beside the longest horizontal run of a blocked
	// label's own edge that lies in a gap, so it can sit there.
	for _, e := range blocked {
		best, bestLen := -1, 0.0
		for i := 0; i+1 < len(e.pts); i++ {
			a, b := e.pts[i], e.pts[i+1]
			if a.Y != b.Y || math.Abs(b.X-a.X) <= bestLen {
				continue
			}
			if _, ok := s.hGapAt(a.Y); ok {
				best, bestLen = i, math.Abs(b.X-a.X)
			}
		}
		if best < 0 || bestLen < e.labelBox.W {
			continue
		}
		g, _ := s.hGapAt(e.pts[best].Y)
		if h := 2*(e.labelBox.H+layout.LabelGap) + 2*channelClear; h > s.lanes[g.lane].gapH[g.i] {
			s.lanes[g.lane].gapH[g.i], grew = h, true
		}
	}
	// A blocked label whose edge runs only along rows (a straight edge
	// between two nodes of one row, with other edges crowding the row)
	// gets room in the gap above that row, where it can sit beside the
	// run's end as it leaves the row's nodes.
	out := map[bundleKey]*edge{} // the edge of each bundle that leaves it this round
	var bundles map[bundleKey][]*edge
	for _, e := range blocked {
		inGap, y, longest := false, 0.0, 0.0
		for i := 0; i+1 < len(e.pts); i++ {
			a, b := e.pts[i], e.pts[i+1]
			if a.Y != b.Y {
				continue
			}
			if _, ok := s.hGapAt(a.Y); ok {
				inGap = true
				break
			}
			if l := math.Abs(b.X - a.X); l > longest {
				y, longest = a.Y, l
			}
		}
		if inGap || longest < e.labelBox.W {
			continue
		}
		if s.rowWidened[e] && !s.detour[e] {
			if bundles == nil {
				bundles = s.bundles()
			}
			if b := bundles[keyOf(e)]; b != nil {
				// The gap above grew already and it is still blocked: it
				// runs in a bundle of parallel edges through the row.
				// One edge of the bundle a round leaves it (the one
				// nearest the bundle's middle: the outer ones have room
				// outside), along the gutter above or below the row.
				if o, ok := out[keyOf(e)]; !ok || bundleDepth(e, b) > bundleDepth(o, b) {
					out[keyOf(e)] = e
				}
			}
		}
		if s.rowWidened == nil {
			s.rowWidened = map[*edge]bool{}
		}
		s.rowWidened[e] = true
		if g, ok := s.rowGapAbove(y); ok && !seenH[g] {
			seenH[g] = true
			s.lanes[g.lane].gapH[g.i] += e.labelBox.H + layout.LabelGap
			grew = true
		}
	}
	for _, e := range out {
		if s.detour == nil {
			s.detour = map[*edge]bool{}
		}
		s.detour[e], grew = true, true
	}
	// A label still blocked after a round that widened gaps for it, that
	// another route's run crosses where that run lies in a gap the label
	// is not centred in (a three-line label on its run through a row, the
	// next route along the gap under the row 1.2 px into the label's last
	// line, while the rules above widen the gap above the row), widens
	// that gap by twice how far the run reaches into the label, and the
	// clearance: the run, on its track about the gap's middle, moves half
	// that far from the row the label sits in. Only from the second
	// round: a label the rules above free takes no more room.
	if s.blockedRounds == nil && len(blocked) > 0 {
		s.blockedRounds = map[*edge]int{}
	}
	for _, e := range blocked {
		s.blockedRounds[e]++
		if s.blockedRounds[e] > 1 {
			s.widenUnderLabel(e, seenV, seenH, &grew)
		}
	}
	return grew
}

// widenUnderLabel widens, for makeRoom, each gap holding a run of another
// route through e's label box, when the label's centre is not in that
// gap, by twice the run's depth in the box and labelClearance; seenV and
// seenH hold the gaps widened already this round.
func (s *state) widenUnderLabel(e *edge, seenV map[int]bool, seenH map[hGap]bool, grew *bool) {
	r := e.labelBox
	c := r.Center()
	cV, inV := s.vGapAt(c.X)
	cH, inH := s.hGapAt(c.Y)
	for _, o := range s.edges {
		if o == e {
			continue
		}
		for i := 0; i+1 < len(o.pts); i++ {
			a, b := o.pts[i], o.pts[i+1]
			if !geom.SegmentCrosses(a, b, r) {
				continue
			}
			if a.Y == b.Y {
				g, ok := s.hGapAt(a.Y)
				if !ok || inH && g == cH || seenH[g] {
					continue
				}
				seenH[g] = true
				depth := math.Min(a.Y-r.Y, r.Bottom()-a.Y)
				s.lanes[g.lane].gapH[g.i] += 2 * (depth + labelClearance)
				*grew = true
			} else {
				g, ok := s.vGapAt(a.X)
				if !ok || inV && g == cV || seenV[g] {
					continue
				}
				seenV[g] = true
				depth := math.Min(a.X-r.X, r.Right()-a.X)
				s.gapV[g] += 2 * (depth + labelClearance)
				*grew = true
			}
		}
	}
}

// rowGapAbove returns the gap above the row that holds y, if y lies in a
// row.
func (s *state) rowGapAbove(y float64) (hGap, bool) {
	li := sort.Search(len(s.lanes), func(i int) bool { return s.lanes[i].y+s.lanes[i].h > y })
	if li >= len(s.lanes) {
		return hGap{}, false
	}
	l := s.lanes[li]
	for i, ry := range l.rowY {
		if y >= ry && y < ry+l.rowH[i] {
			return hGap{li, i}, true
		}
	}
	return hGap{}, false
}

// vGapAt returns the vertical gap holding x, if x is in one.
func (s *state) vGapAt(x float64) (int, bool) {
	c := s.colAt(x)
	if c >= 0 && x < s.colX[c]+s.colW[c] {
		return 0, false // inside column c
	}
	return c + 1, c+1 < len(s.gapV)
}

// hGapAt returns the horizontal gap holding y, if y is in one.
func (s *state) hGapAt(y float64) (hGap, bool) {
	li := sort.Search(len(s.lanes), func(i int) bool { return s.lanes[i].y+s.lanes[i].h > y })
	if li >= len(s.lanes) {
		return hGap{}, false
	}
	l := s.lanes[li]
	for i, ry := range l.rowY { // rows of one lane: few
		if y < ry {
			return hGap{li, i}, true
		}
		if y < ry+l.rowH[i] {
			return hGap{}, false
		}
	}
	return hGap{li, len(l.rowY)}, true
}

// verticalIn returns the column that e's longest run lies in, when that
// run is vertical, longer than any horizontal one, and inside the
// column rather than in a gap beside it.
func (s *state) verticalIn(e *edge) (int, bool) {
	longV, longH, x := 0.0, 0.0, 0.0
	for i := 0; i+1 < len(e.pts); i++ {
		a, b := e.pts[i], e.pts[i+1]
		if a.X == b.X {
			if d := math.Abs(b.Y - a.Y); d > longV {
				longV, x = d, a.X
			}
		} else {
			longH = math.Max(longH, math.Abs(b.X-a.X))
		}
	}
	if longV <= longH {
		return 0, false
	}
	c := s.colAt(x)
	if c < 0 || x >= s.colX[c]+s.colW[c] {
		return 0, false
	}
	return c, true
}

// gapCrossedBy returns the vertical gap nearest e's label among the gaps
// whose middle line e's horizontal runs cross, if they cross one; else
// among the gaps (the one right of the last column too) where a run ends,
// turning into the gap: the label may sit beside the turn.
func (s *state) gapCrossedBy(e *edge) (int, bool) {
	at := e.labelBox.Center().X
	for _, ends := range [2]bool{false, true} {
		gap, dist := -1, math.Inf(1)
		for i := 0; i+1 < len(e.pts); i++ {
			a, b := e.pts[i], e.pts[i+1]
			if a.Y != b.Y {
				continue
			}
			lo, hi := math.Min(a.X, b.X), math.Max(a.X, b.X)
			for c := max(s.colAt(lo)-1, 0); c < s.cols && s.colX[c] <= hi; c++ {
				left := s.colX[c] + s.colW[c]
				x := left + s.gapV[c+1]/2
				in := x > lo && x < hi && c+1 < s.cols
				if ends {
					in = lo < left+s.gapV[c+1] && hi > left
				}
				if in && math.Abs(x-at) < dist {
					gap, dist = c+1, math.Abs(x-at)
				}
			}
		}
		if gap >= 0 {
			return gap, true
		}
	}
	return -1, false
}

// bundleKey names the edges that leave and enter the same sides of the
// same two nodes.
type bundleKey struct {
	from, to *node
	fs, ts   model.Side
}

func keyOf(e *edge) bundleKey { return bundleKey{e.from, e.to, e.fs, e.ts} }

// bundles returns the edges of each bundle of two edges or more: edges
// that leave and enter the same sides of the same two nodes (parallel
// runs, a label between them crossed by its neighbours).
func (s *state) bundles() map[bundleKey][]*edge {
	all := map[bundleKey][]*edge{}
	for _, e := range s.edges {
		all[keyOf(e)] = append(all[keyOf(e)], e)
	}
	for k, b := range all {
		if len(b) < 2 {
			delete(all, k)
		}
	}
	return all
}

// bundleDepth is how many edges of bundle leave e's source on each side
// of e, the fewer of the two: 0 for an outer edge.
func bundleDepth(e *edge, bundle []*edge) int {
	before, after := 0, 0
	for _, o := range bundle {
		if o == e {
			continue
		}
		a, b := o.srcPort.Y, e.srcPort.Y
		if !horizontal(e.fs) {
			a, b = o.srcPort.X, e.srcPort.X
		}
		if a < b {
			before++
		} else {
			after++
		}
	}
	return min(before, after)
}

// loopClear is the room the lanes keep beyond a label at their right end
// (fitLabels), so that a loop's frame can hold it with selfLoopBox's
// margin.
const loopClear = 8.0

// selfLoopBox is the box a loop's frame holds around one of its steps'
// edges to itself: the route with 6 px around it, and its label with 4.
func (e *edge) selfLoopBox() geom.Rect {
	r := bounds(e.pts).Inset(6)
	if e.hasLabel {
		r = r.Union(e.labelBox.Inset(4))
	}
	return r
}

// roomForSelfLabels gives the labels of edges from a step to itself that
// reach past the top or bottom of the step's lane (a loop under a step in
// a lane's last row, its label under the loop) room there: the lane's
// band above its first row or below its last grows by what is missing.
// It reports whether a band grew.
func (s *state) roomForSelfLabels() bool {
	grew := false
	for _, e := range s.edges {
		if e.from != e.to || !e.hasLabel {
			continue
		}
		l := s.lanes[e.from.m.Lane.Index]
		if over := l.y - e.labelBox.Y; over > 0 {
			l.gapH[0] += math.Ceil(over + 2*labelClearance)
			grew = true
		}
		if over := e.labelBox.Bottom() - (l.y + l.h); over > 0 {
			l.gapH[len(l.gapH)-1] += math.Ceil(over + 2*labelClearance)
			grew = true
		}
	}
	return grew
}
