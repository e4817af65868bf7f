package layout

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"sync"

	"flowzap/internal/geom"
)

// Label placement is a pure stage shared by the workflow and architecture
// views: routed edges and obstacles in, one box per label out. Every
// candidate touches the label's own edge (it straddles a segment or sits
// beside it, LabelGap away), so a label can never drift away from what it
// names. Candidates are scored against other edges and other labels;
// obstacles (nodes, lane titles) and the canvas border are hard limits.
// Labels are placed most constrained first (greedy), then the ones left in
// conflict are moved again while that lowers their cost (repair). Labels
// that still cross an edge or a label are reported, so the engine can make
// room (widen a gap) and run the stage again.

// Label placement tuning, in pixels and cost units.
const (
	LabelGap         = 2.0  // between a label beside its edge and the edge
	labelEndClear    = 12.0 // kept free before an arrowhead
	labelStartClear  = 4.0  // kept free after a port
	labelSamples     = 9    // positions tried along a segment
	costCross        = 1000.0
	costLabelOverlap = 5000.0
	costAlong        = 12.0 // moving from the preferred position to the far end of the route
	costBeside       = 1.0  // beside a horizontal run rather than on it
	costStraddleVert = 10.0 // on a vertical run rather than beside it
	costVertical     = 8.0  // beside a vertical run rather than on a horizontal one
	costHug          = 30.0 // another route within LabelScene.Clearance of the box
	// costNearer: another route passes nearer a box set beside its run
	// than the run itself (LabelScene.Clearance > 0): the label reads as
	// that route's. Dearer than any preference, cheaper than a crossing.
	costNearer = 400.0
	// costCrowded: another route passes within roomyGap of the box,
	// though not within LabelScene.Clearance: a label with room round it
	// reads as its own route's more surely than one whose far end nears
	// another (a label in the gap between two components, beside the
	// short arrow that joins them). A preference, like costBeside.
	costCrowded = 5.0
	roomyGap    = 9.0
	// costFrame: a frame's outline (LabelScene.Frames) runs through the
	// box. A preference, like costCrowded.
	costFrame     = 4.0
	gridCell      = 128.0
	crossSaturate = 3
)

// costOwnCover is added to a candidate whose box covers a part of its
// own route other than its run (a bend, the far side of a route that
// turns back): the label would hide which way its route goes. Dearer
// than any preference alone, cheaper than another route hugging the
// label. A variable only so that a test can set it to nothing.
var costOwnCover = 18.0

// HugGap is how near another route may pass a label before the label
// reads as touching it.
const HugGap = 2.5

// MovedClear is how near a route moved after the labels were placed may
// come to another route's label that it was farther from: nearer, the
// label seems to touch it.
const MovedClear = 2 * LabelGap

// MoveNearsLabel reports whether a part of a route moved after the labels
// were placed, from oldPiece to newPiece, runs through another route's
// label (box, the label of the route owner), or comes nearer to it than
// it was and than MovedClear or than owner is: the label would then seem
// to touch it, or read as its.
func MoveNearsLabel(box geom.Rect, owner, oldPiece, newPiece []geom.Point) bool {
	dn := geom.RectDistance(box, newPiece)
	if dn < 0.5 {
		return true
	}
	return dn < geom.RectDistance(box, oldPiece) && (dn < MovedClear || dn <= geom.RectDistance(box, owner)+NearerSlack)
}

// NearerSlack is how much nearer a label set beside its run another
// route must pass than that run for the label to read as the other
// route's (LabelResult.Nearer).
const NearerSlack = 0.5

// LabelSpec is one label to place.
type LabelSpec struct {
	Route int     // index of the label's own edge in LabelScene.Routes
	W, H  float64 // size of the label's box
	// Near is where along its route the label would rather sit, from 0
	// (next to the source, as for a decision's outcomes) to 1 (next to the
	// target); 0.5 is the middle.
	Near float64
}

// LabelScene is the input of PlaceLabels.
type LabelScene struct {
	Canvas    geom.Rect
	Obstacles []geom.Rect    // never covered: nodes, lane titles
	Routes    [][]geom.Point // every edge's orthogonal route
	Labels    []LabelSpec    // the labels to place
	Fixed     []geom.Rect    // labels placed before, to keep clear of
	// EndAligned also tries, beside a run shorter than its label, boxes
	// that start at the run's start or end at its end (reaching past the
	// other end), not only the box centred on it.
	EndAligned bool
	// Clearance, when above 0, makes a box cost costHug more when
	// another route passes within Clearance of it without crossing it:
	// such a label, beside its edge with another route running along
	// its other side, or on its edge with another route grazing its
	// border, reads as that other route's as much as its own.
	Clearance float64
	// Frames are outlines a label had rather not straddle (the
	// architecture view's containers): a box that a frame's border runs
	// through costs costFrame more, so that of spots otherwise alike one
	// wholly inside or outside the frame is taken.
	Frames []geom.Rect
	// Checkpoint, when set, is called before each label's candidates are
	// made and before each is placed (see Env.Checkpoint: it may panic to
	// abandon the layout).
	Checkpoint func()
}

// LabelResult is the output of PlaceLabels.
type LabelResult struct {
	Boxes []geom.Rect // one per label, in LabelScene.Labels order
	// Blocked lists the labels (indexes into Labels) that found no position
	// clear of other edges and labels; each box is the least bad one.
	Blocked []int
	// Nearer lists the labels (indexes into Labels) left beside their
	// edge with another route passing nearer them than that edge (only
	// with LabelScene.Clearance): clear, but they read as that route's.
	// A view may make room for them as for the blocked ones.
	Nearer []int
	// Framed lists the labels (indexes into Labels) clear of other
	// routes but straddling a frame's border (LabelScene.Frames): text
	// across a container's outline. A view may make room for them too.
	Framed []int
}

// candidateBuf holds PlaceLabels' candidate arrays from one call to the
// next (a layout places its labels many times; the arrays are as large
// as the labels' candidates together).
type candidateBuf struct{ scratch, all []candidate }

var candidateBufs = sync.Pool{New: func() any { return new(candidateBuf) }}

type candidate struct {
	r      geom.Rect
	cost   float64 // static part: crossings, preferences
	beside bool    // beside its run, not on it
	seg    int     // the run of its route it sits on or beside
}

// PlaceLabels places every label on its own edge. It is pure and runs in
// O(L·C·k) for L labels of C candidates each, k being the edges and labels
// near a candidate.
func PlaceLabels(in LabelScene) LabelResult {
	segs := newSegIndex(in.Routes)
	obst := &RectIndex{cell: 160, buckets: make(map[[2]int][]geom.Rect, bucketHint(len(in.Obstacles))), all: make([]geom.Rect, 0, len(in.Obstacles)), edges: make([][4]float64, 0, len(in.Obstacles))}
	for _, r := range in.Obstacles {
		obst.Add(r)
	}
	var frames *segIndex
	if len(in.Frames) > 0 {
		outlines := make([][]geom.Point, len(in.Frames))
		for i, f := range in.Frames {
			outlines[i] = []geom.Point{{X: f.X, Y: f.Y}, {X: f.Right(), Y: f.Y}, {X: f.Right(), Y: f.Bottom()}, {X: f.X, Y: f.Bottom()}, {X: f.X, Y: f.Y}}
		}
		frames = newSegIndex(outlines)
	}
	cands := make([][]candidate, len(in.Labels))
	free := make([]int, len(in.Labels))
	// The candidates kept, every label's in one array (ends[i] is where
	// label i's end), cut into cands once all are known.
	buf := candidateBufs.Get().(*candidateBuf)
	defer candidateBufs.Put(buf)
	scratch, all := buf.scratch[:0], buf.all[:0]
	ends := make([]int, len(in.Labels))
	check := in.Checkpoint
	if check == nil {
		check = func() {}
	}
	for i, spec := range in.Labels {
		check()
		scratch = labelCandidates(scratch[:0], in.Routes[spec.Route], spec, in.EndAligned)
		for _, c := range scratch {
			if !in.Canvas.Contains(c.r, 0.01) || obst.Overlaps(c.r) {
				continue
			}
			x := segs.crossings(c.r, spec.Route)
			c.cost += costCross * float64(x)
			if coversOwnRoute(c, in.Routes[spec.Route]) {
				c.cost += costOwnCover
			}
			if frames != nil && frames.crossings(c.r, -1) > 0 {
				c.cost += costFrame
			}
			if in.Clearance > 0 && x == 0 {
				if segs.crossings(c.r.Inset(in.Clearance), spec.Route) > 0 {
					c.cost += costHug
					if c.beside && segs.crossings(c.r.Inset(LabelGap-NearerSlack), spec.Route) > 0 {
						c.cost += costNearer
					}
				} else if segs.crossings(c.r.Inset(roomyGap), spec.Route) > 0 {
					c.cost += costCrowded
				}
			}
			if c.cost < costCross {
				free[i]++
			}
			all = append(all, c)
		}
		ends[i] = len(all)
	}
	buf.scratch, buf.all = scratch, all
	start := 0
	for i, end := range ends {
		cands[i] = all[start:end:end]
		start = end
	}
	// Candidates are sorted by cost only when a label's cheapest one
	// overlaps a placed label (most labels take their cheapest at once).
	sorted := make([]bool, len(in.Labels))
	order := make([]int, len(in.Labels))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return free[order[a]] < free[order[b]] })

	boxes := make([]geom.Rect, len(in.Labels))
	placed := newLabelIndex(len(in.Labels))
	for _, r := range in.Fixed {
		placed.add(-1, r)
	}
	cost := make([]float64, len(in.Labels))
	pick := func(i int) {
		if !sorted[i] {
			// The first cheapest candidate, as the stable sort would put
			// first: taken when no placed label overlaps it.
			low := -1
			for j, c := range cands[i] {
				if low < 0 || c.cost < cands[i][low].cost {
					low = j
				}
			}
			if low >= 0 && cands[i][low].cost < costLabelOverlap && placed.overlaps(cands[i][low].r, i) == 0 {
				boxes[i], cost[i] = cands[i][low].r, cands[i][low].cost
				placed.add(i, boxes[i])
				return
			}
			slices.SortStableFunc(cands[i], func(a, b candidate) int { return cmp.Compare(a.cost, b.cost) })
			sorted[i] = true
		}
		best, bestCost := -1, math.Inf(1)
		for j, c := range cands[i] {
			if c.cost >= bestCost {
				break // sorted: nothing later can win
			}
			total := c.cost + costLabelOverlap*float64(placed.overlaps(c.r, i))
			if total < bestCost {
				best, bestCost = j, total
			}
		}
		if best < 0 || bestCost >= costLabelOverlap {
			// Nothing on the edge is clear of other labels: step away from
			// the route until clear, so labels never cover each other.
			boxes[i] = lastResort(in, i, obst, placed)
			cost[i] = math.Inf(1)
		} else {
			boxes[i], cost[i] = cands[i][best].r, bestCost
		}
		placed.add(i, boxes[i])
	}
	for _, i := range order {
		check()
		pick(i)
	}
	// Repair: move labels still in conflict, now that every other label is
	// known, while that helps.
	for round := 0; round < 3; round++ {
		moved := false
		for _, i := range order {
			if cost[i] < costCross {
				continue
			}
			before := boxes[i]
			placed.remove(i, before)
			pick(i)
			if boxes[i] != before {
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	res := LabelResult{Boxes: boxes}
	for i := range in.Labels {
		switch {
		case cost[i] >= costCross:
			res.Blocked = append(res.Blocked, i)
		case cost[i] >= costNearer:
			res.Nearer = append(res.Nearer, i)
		case frames != nil && frames.crossings(boxes[i], -1) > 0:
			res.Framed = append(res.Framed, i)
		}
	}
	return res
}

// NarrowShares are the widths, as shares of a view's usual label width,
// that a label still without a free spot once the view's rounds are over
// is wrapped at again (NarrowBlocked): narrower and taller, it may fit
// between two routes running side by side, where no band could widen.
var NarrowShares = []float64{0.6, 0.4}

// NarrowBlocked tries the blocked labels narrower: for each share in
// turn, narrow(l, share) wraps label l at that share of its usual width
// and returns what undoes that (nil when the label gets no narrower), and
// place places every label again and returns those still blocked. A
// share is kept when fewer labels are left blocked, else undone and the
// labels placed again as they were. It returns the labels still blocked
// and whether a share was kept.
func NarrowBlocked[T comparable](blocked []T, shares []float64, narrow func(T, float64) func(), place func() []T) ([]T, bool) {
	kept := false
	for _, share := range shares {
		if len(blocked) == 0 {
			break
		}
		var undo []func()
		for _, l := range blocked {
			if u := narrow(l, share); u != nil {
				undo = append(undo, u)
			}
		}
		if len(undo) == 0 {
			continue
		}
		if again := place(); len(again) < len(blocked) {
			blocked, kept = again, true
			continue
		}
		for _, u := range undo {
			u()
		}
		place() // the boxes of the labels as they were
	}
	return blocked, kept
}

// lastResort looks for a spot clear of obstacles and labels by stepping
// away from the middle of each segment of the label's route, and falls back
// to the route's middle.
func lastResort(in LabelScene, i int, obst *RectIndex, placed *labelIndex) geom.Rect {
	spec := in.Labels[i]
	pts := in.Routes[spec.Route]
	for k := 1; k <= 40; k++ {
		for j := 0; j+1 < len(pts); j++ {
			m := geom.Toward(pts[j], pts[j+1], geom.Dist(pts[j], pts[j+1])/2)
			var tries []geom.Rect
			if pts[j].Y == pts[j+1].Y {
				d := float64(k) * (spec.H + LabelGap)
				tries = []geom.Rect{{X: m.X - spec.W/2, Y: m.Y - spec.H/2 - d, W: spec.W, H: spec.H}, {X: m.X - spec.W/2, Y: m.Y - spec.H/2 + d, W: spec.W, H: spec.H}}
			} else {
				d := float64(k) * (spec.W/2 + LabelGap)
				tries = []geom.Rect{{X: m.X - spec.W/2 + d, Y: m.Y - spec.H/2, W: spec.W, H: spec.H}, {X: m.X - spec.W/2 - d, Y: m.Y - spec.H/2, W: spec.W, H: spec.H}}
			}
			for _, r := range tries {
				if in.Canvas.Contains(r, 0.01) && !obst.Overlaps(r) && placed.overlaps(r, i) == 0 {
					return r
				}
			}
		}
	}
	return fallbackBox(pts, spec)
}

// fallbackBox centres a label on the middle of its route when nothing
// else fits (the canvas is smaller than the label, say).
func fallbackBox(pts []geom.Point, spec LabelSpec) geom.Rect {
	c := geom.Point{}
	if len(pts) > 0 {
		c = PointAlong(pts, 0.5)
	}
	return geom.Rect{X: c.X - spec.W/2, Y: c.Y - spec.H/2, W: spec.W, H: spec.H}
}

// PointAlong returns the point at fraction f of the route's length.
func PointAlong(pts []geom.Point, f float64) geom.Point {
	total := RouteLength(pts)
	want := f * total
	for i := 0; i+1 < len(pts); i++ {
		l := geom.Dist(pts[i], pts[i+1])
		if want <= l || i+2 == len(pts) {
			return geom.Toward(pts[i], pts[i+1], want)
		}
		want -= l
	}
	return pts[0]
}

// RouteLength is the length of a polyline.
func RouteLength(pts []geom.Point) float64 {
	l := 0.0
	for i := 0; i+1 < len(pts); i++ {
		l += geom.Dist(pts[i], pts[i+1])
	}
	return l
}

// labelCandidates appends to out the boxes touching the route: on and
// beside every segment, at evenly spread positions along it, each with its
// preference cost.
func labelCandidates(out []candidate, pts []geom.Point, spec LabelSpec, endAligned bool) []candidate {
	total := RouteLength(pts)
	if total == 0 {
		return out
	}
	w, h := spec.W, spec.H
	before := 0.0
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		l := geom.Dist(a, b)
		if l == 0 {
			continue
		}
		horiz := a.Y == b.Y
		extent := h // the label's size along the segment
		if horiz {
			extent = w
		}
		lo, hi := 0.0, l // distances from a that the box may span
		if i == 0 {
			lo = labelStartClear
		}
		if i+2 == len(pts) {
			hi = l - labelEndClear
		}
		var at [labelSamples]float64
		centres := at[:0]
		if hi-lo >= extent {
			first, last := lo+extent/2, hi-extent/2
			for k := 0; k < labelSamples; k++ {
				centres = append(centres, first+(last-first)*float64(k)/float64(labelSamples-1))
			}
		} else {
			// Shorter than the label: only beside the run, overlapping it,
			// centred on it or reaching past either of its ends.
			centres = append(centres, (lo+hi)/2)
			if endAligned && hi-lo >= 8 {
				centres = append(centres, lo+extent/2, hi-extent/2)
			}
		}
		short := hi-lo < extent
		for _, d := range centres {
			c := geom.Toward(a, b, d)
			along := math.Abs((before+d)/total - spec.Near)
			base := costAlong * along
			if horiz {
				if !short {
					out = append(out, candidate{geom.Rect{X: c.X - w/2, Y: c.Y - h/2, W: w, H: h}, base, false, i})
				}
				out = append(out,
					candidate{geom.Rect{X: c.X - w/2, Y: c.Y - LabelGap - h, W: w, H: h}, base + costBeside, true, i},
					candidate{geom.Rect{X: c.X - w/2, Y: c.Y + LabelGap, W: w, H: h}, base + costBeside, true, i})
			} else {
				if !short {
					out = append(out, candidate{geom.Rect{X: c.X - w/2, Y: c.Y - h/2, W: w, H: h}, base + costStraddleVert, false, i})
				}
				out = append(out,
					candidate{geom.Rect{X: c.X + LabelGap, Y: c.Y - h/2, W: w, H: h}, base + costVertical, true, i},
					candidate{geom.Rect{X: c.X - LabelGap - w, Y: c.Y - h/2, W: w, H: h}, base + costVertical, true, i})
			}
		}
		before += l
	}
	return out
}

// coversOwnRoute reports whether a segment of the candidate's own route
// other than its run passes through its box, a pixel in from its border.
func coversOwnRoute(c candidate, pts []geom.Point) bool {
	r := c.r.Inset(-1)
	for k := 0; k+1 < len(pts); k++ {
		if k != c.seg && geom.SegmentCrosses(pts[k], pts[k+1], r) {
			return true
		}
	}
	return false
}

// CoversOwnRoute reports whether a label's box, a pixel in from its
// border, is crossed by a part of its own route pts other than the run it
// sits on (the run through its centre): a bend, or another run of a
// route that turns back. Drawn over it, the label hides which way the
// route goes. A route moved after its label was placed may also leave
// its run through the box off its centre, which this reports too.
func CoversOwnRoute(box geom.Rect, pts []geom.Point) bool {
	r := box.Inset(-1)
	c := r.Center()
	for k := 0; k+1 < len(pts); k++ {
		if geom.SegmentCrosses(pts[k], pts[k+1], r) && !onRun(pts[k], pts[k+1], c) {
			return true
		}
	}
	return false
}

// onRun reports whether c lies on the axis-parallel segment a-b, within
// half a pixel.
func onRun(a, b, c geom.Point) bool {
	const eps = 0.5
	if math.Abs(a.Y-b.Y) < eps {
		return math.Abs(c.Y-a.Y) < eps && c.X >= math.Min(a.X, b.X)-eps && c.X <= math.Max(a.X, b.X)+eps
	}
	return math.Abs(c.X-a.X) < eps && c.Y >= math.Min(a.Y, b.Y)-eps && c.Y <= math.Max(a.Y, b.Y)+eps
}

// segIndex indexes route segments by the line they lie on: horizontal
// lines sorted by y, vertical ones by x, and on each line the segments
// sorted by where they start, with the running maximum of where they end.
// A query finds the lines through a box by binary search and, on each, the
// segments that can reach the box by binary search too, so crowded
// channels and segments thousands of pixels long cost no more than short
// ones (a bucket grid would hold a long segment in every cell it spans).
type segIndex struct {
	h, v     []segLine // horizontal lines by y, vertical lines by x
	hAt, vAt []float64 // where each line lies, for binary search
}

type segLine struct {
	at   float64
	segs []lineSeg // sorted by lo
	// reach[i] is the largest hi among segs[:i+1].
	reach []float64
}

type lineSeg struct {
	lo, hi float64
	route  int
}

func cellRange(lo, hi float64) (int, int) {
	return int(math.Floor(lo / gridCell)), int(math.Floor(hi / gridCell))
}

func newSegIndex(routes [][]geom.Point) *segIndex {
	type raw struct {
		vertical bool
		at       float64
		seg      lineSeg
	}
	n := 0
	for _, pts := range routes {
		n += max(len(pts)-1, 0)
	}
	all := make([]raw, 0, n)
	for r, pts := range routes {
		for i := 0; i+1 < len(pts); i++ {
			a, b := pts[i], pts[i+1]
			if a.X == b.X {
				all = append(all, raw{true, a.X, lineSeg{math.Min(a.Y, b.Y), math.Max(a.Y, b.Y), r}})
			} else {
				all = append(all, raw{false, a.Y, lineSeg{math.Min(a.X, b.X), math.Max(a.X, b.X), r}})
			}
		}
	}
	slices.SortFunc(all, func(p, q raw) int {
		if p.vertical != q.vertical {
			if p.vertical {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(p.at, q.at); c != 0 {
			return c
		}
		return cmp.Compare(p.seg.lo, q.seg.lo)
	})
	x := &segIndex{}
	// Every line's segments and reaches are runs of two arrays.
	segs, reaches := make([]lineSeg, len(all)), make([]float64, len(all))
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].vertical == all[i].vertical && all[j].at == all[i].at {
			j++
		}
		line := segLine{at: all[i].at, segs: segs[i:j:j], reach: reaches[i:j:j]}
		reach := math.Inf(-1)
		for k := i; k < j; k++ {
			line.segs[k-i] = all[k].seg
			reach = math.Max(reach, all[k].seg.hi)
			line.reach[k-i] = reach
		}
		if all[i].vertical {
			x.v, x.vAt = append(x.v, line), append(x.vAt, line.at)
		} else {
			x.h, x.hAt = append(x.h, line), append(x.hAt, line.at)
		}
		i = j
	}
	return x
}

// crossings counts the routes other than own with a segment through r, up
// to crossSaturate (a candidate crossed that often is out of the running
// anyway).
func (x *segIndex) crossings(r geom.Rect, own int) int {
	const eps = 1e-6 // as geom.SegmentCrosses
	var hit [crossSaturate]int
	n := 0
	scan := func(lines []segLine, at []float64, lo, hi, from, to float64) bool {
		i := firstAbove(at, lo+eps)
		for ; i < len(lines) && lines[i].at < hi-eps; i++ {
			l := &lines[i]
			// The first segment that may reach from: reach is sorted.
			for k := firstAbove(l.reach, from+eps); k < len(l.segs) && l.segs[k].lo < to-eps; k++ {
				sg := l.segs[k]
				if sg.hi <= from+eps || sg.route == own || slices.Contains(hit[:n], sg.route) {
					continue
				}
				hit[n] = sg.route
				n++
				if n == crossSaturate {
					return true
				}
			}
		}
		return false
	}
	if scan(x.h, x.hAt, r.Y, r.Bottom(), r.X, r.Right()) {
		return n
	}
	scan(x.v, x.vAt, r.X, r.Right(), r.Y, r.Bottom())
	return n
}

// firstAbove returns the index of the first value of the ascending list
// vs above v (len(vs) when none is).
func firstAbove(vs []float64, v float64) int {
	lo, hi := 0, len(vs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if vs[m] <= v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// labelIndex holds placed labels for overlap counts.
type labelIndex struct {
	buckets map[[2]int][]labelRef
}

type labelRef struct {
	id int
	r  geom.Rect
}

func newLabelIndex(n int) *labelIndex {
	return &labelIndex{buckets: make(map[[2]int][]labelRef, n)}
}

func (x *labelIndex) each(r geom.Rect, f func(k [2]int)) {
	x0, x1 := cellRange(r.X, r.Right())
	y0, y1 := cellRange(r.Y, r.Bottom())
	for bx := x0; bx <= x1; bx++ {
		for by := y0; by <= y1; by++ {
			f([2]int{bx, by})
		}
	}
}

func (x *labelIndex) add(id int, r geom.Rect) {
	x.each(r, func(k [2]int) { x.buckets[k] = append(x.buckets[k], labelRef{id, r}) })
}

func (x *labelIndex) remove(id int, r geom.Rect) {
	x.each(r, func(k [2]int) {
		list := x.buckets[k]
		for i, o := range list {
			if o.id == id {
				x.buckets[k] = append(list[:i], list[i+1:]...)
				break
			}
		}
	})
}

// overlaps counts placed labels other than self overlapping r (each
// counted once, in the bucket of its top-left corner's overlap).
func (x *labelIndex) overlaps(r geom.Rect, self int) int {
	n := 0
	var seen []int
	x.each(r, func(k [2]int) {
		for _, o := range x.buckets[k] {
			if o.id != self && o.r.Overlaps(r.Inset(1)) && (o.id < 0 || !containsInt(seen, o.id)) {
				if o.id >= 0 {
					seen = append(seen, o.id)
				}
				n++
			}
		}
	})
	return n
}

// RectIndex is a bucket index of rectangles for overlap queries.
type RectIndex struct {
	cell    float64
	buckets map[[2]int][]geom.Rect
	all     []geom.Rect  // every rectangle recorded, for small indexes
	edges   [][4]float64 // all's left, top, right and bottom edges
}

// rectIndexScan is the most rectangles Overlaps compares one by one
// instead of looking up buckets (faster for the few nodes and titles of
// a small diagram; the answer is the same: two rectangles that overlap
// share a bucket).
const rectIndexScan = 48

// bucketHint sizes the buckets of an index meant for n rectangles: none
// while Overlaps compares them one by one.
func bucketHint(n int) int {
	if n <= rectIndexScan {
		return 0
	}
	return 2 * n
}

// NewRectIndex returns an empty index.
func NewRectIndex() *RectIndex { return &RectIndex{cell: 160, buckets: map[[2]int][]geom.Rect{}} }

func (x *RectIndex) span(r geom.Rect) (x0, y0, x1, y1 int) {
	return int(math.Floor(r.X / x.cell)), int(math.Floor(r.Y / x.cell)), int(math.Floor(r.Right() / x.cell)), int(math.Floor(r.Bottom() / x.cell))
}

// Add records r.
func (x *RectIndex) Add(r geom.Rect) {
	x.all = append(x.all, r)
	x.edges = append(x.edges, [4]float64{r.X, r.Y, r.Right(), r.Bottom()})
	switch n := len(x.all); {
	case n <= rectIndexScan:
		return // buckets only once they pay
	case n == rectIndexScan+1:
		for _, o := range x.all[:n-1] {
			x.addToBuckets(o)
		}
	}
	x.addToBuckets(r)
}

func (x *RectIndex) addToBuckets(r geom.Rect) {
	x0, y0, x1, y1 := x.span(r)
	for bx := x0; bx <= x1; bx++ {
		for by := y0; by <= y1; by++ {
			x.buckets[[2]int{bx, by}] = append(x.buckets[[2]int{bx, by}], r)
		}
	}
}

// Overlaps reports whether r overlaps a recorded rectangle.
func (x *RectIndex) Overlaps(r geom.Rect) bool {
	if len(x.all) <= rectIndexScan {
		// geom.Rect.Overlaps with the edges worked out once.
		right, bottom := r.Right(), r.Bottom()
		for _, o := range x.edges {
			if r.X < o[2] && o[0] < right && r.Y < o[3] && o[1] < bottom {
				return true
			}
		}
		return false
	}
	x0, y0, x1, y1 := x.span(r)
	for bx := x0; bx <= x1; bx++ {
		for by := y0; by <= y1; by++ {
			for _, o := range x.buckets[[2]int{bx, by}] {
				if o.Overlaps(r) {
					return true
				}
			}
		}
	}
	return false
}

// LabelNear says where along its edge a label should rather sit: next to
// the source for a decision's outcomes; toward the end that is not a hub
// when the source fans out (fanOut edges leave it) or the target fans in
// (fanIn edges reach it), so that labels spread out with their edges
// instead of bunching at the hub; the middle otherwise.
func LabelNear(decision bool, fanOut, fanIn int) float64 {
	switch {
	case decision:
		return 0
	case fanOut > 2 && fanOut > fanIn:
		return 0.8
	case fanIn > 2 && fanIn > fanOut:
		return 0.2
	}
	return 0.5
}
