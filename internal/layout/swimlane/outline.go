package swimlane

import (
	"cmp"
	"math"
	"slices"

	"flowzap/internal/geom"
)

// band is one lane's part of a loop frame's outline: the rows y0..y1,
// columns lo..hi.
type band struct{ y0, y1, lo, hi float64 }

// loopJoin is how far two neighbouring bands of an outline overlap at
// least, so that the frame reads as one.
const loopJoin = 24.0

// loopColumnsMax bounds the steps beside which a column joining two
// bands is tried (each try counts the steps the frame takes in): a frame
// over more other steps tries only the jogs.
const loopColumnsMax = 64

// loopSnap is how far apart two neighbouring bands' sides may be to line
// up: a step that small in a frame's side reads as a slip.
const loopSnap = 16.0

// loopBands returns the bands of loop i's frame when its box r takes in a
// node that is not the loop's (nil otherwise): one per lane the box
// spans, top to bottom. In a lane holding nodes of the loop (or frames of
// loops nested in it, boxes[j]), the band runs from the leftmost to the
// rightmost of them with the frame's padding; in a lane between holding
// none, it is a bridge: the columns its neighbours share, at least
// loopJoin wide. Neighbours sharing fewer columns are widened toward
// each other. The first band reaches up to r's top, the last down to
// its bottom, and every band stays within r.
func (s *state) loopBands(i int, r geom.Rect, boxes []geom.Rect) []band {
	bands := s.loopBandsBy(i, r, boxes, false)
	if bands == nil {
		return nil
	}
	// A step between the loop's own steps in one lane (in a row of its
	// own, or beside them in their row) stays in a band per lane: the
	// bands then follow the rows, kept when they take in fewer steps.
	own := s.loopOwn(i)
	if n := s.strangers(own, bands); n > 0 {
		if rows := s.loopBandsBy(i, r, boxes, true); rows != nil && s.strangers(own, rows) < n {
			return rows
		}
	}
	return bands
}

// loopOwn returns the model indexes of loop i's nodes.
func (s *state) loopOwn(i int) map[int]bool {
	own := map[int]bool{}
	for _, n := range s.doc.Loops[i].Nodes {
		own[n.Index] = true
	}
	return own
}

// strangers counts the steps not in own that bands take in.
func (s *state) strangers(own map[int]bool, bands []band) int {
	n := 0
	for _, x := range s.nodes {
		if own[x.m.Index] {
			continue
		}
		for _, b := range bands {
			if x.rect().Overlaps(geom.Rect{X: b.lo, Y: b.y0, W: b.hi - b.lo, H: b.y1 - b.y0}) {
				n++
				break
			}
		}
	}
	return n
}

// loopBandsBy is loopBands with one band per lane, or with byRow one per
// row of each lane (from halfway up the gap above the row to halfway
// down the gap below it).
func (s *state) loopBandsBy(i int, r geom.Rect, boxes []geom.Rect, byRow bool) []band {
	loops := s.doc.Loops
	own := s.loopOwn(i)
	others := 0 // the steps in r that are not the loop's
	for _, n := range s.nodes {
		if !own[n.m.Index] && n.rect().Overlaps(r.Inset(1)) {
			others++
		}
	}
	if others == 0 {
		return nil
	}
	var bands []band
	var lanes, rows []int // the lane of each band, and its row (-1: all)
	add := func(k, row int, top, bottom float64) {
		y0, y1 := math.Max(top, r.Y), math.Min(bottom, r.Bottom())
		if y1-y0 > 0.5 {
			bands = append(bands, band{y0, y1, math.Inf(1), math.Inf(-1)})
			lanes, rows = append(lanes, k), append(rows, row)
		}
	}
	var rowOf map[*node]int // byRow: each node's row in its lane
	if byRow {
		rowOf = map[*node]int{}
	}
	for k, l := range s.lanes {
		if !byRow {
			add(k, -1, l.y, l.y+l.h)
			continue
		}
		cuts := s.rowCuts(k, rowOf)
		for j := 0; j+1 < len(cuts); j++ {
			add(k, j, cuts[j], cuts[j+1])
		}
	}
	if len(bands) == 0 {
		return nil
	}
	take := func(k int, lo, hi float64) {
		bands[k].lo = math.Min(bands[k].lo, lo)
		bands[k].hi = math.Max(bands[k].hi, hi)
	}
	for _, n := range loops[i].Nodes {
		nd := s.nodes[n.Index]
		for k, li := range lanes {
			if li == n.Lane.Index && (rows[k] < 0 || rows[k] == rowOf[nd]) {
				nr := nd.rect().Inset(10)
				take(k, nr.X, nr.Right())
			}
		}
	}
	for _, e := range s.edges { // its steps' edges to themselves and their labels (frameLoops)
		if e.from != e.to || !own[e.from.m.Index] || len(e.pts) == 0 {
			continue
		}
		x := e.selfLoopBox()
		for k := range bands {
			if x.Y < bands[k].y1 && x.Bottom() > bands[k].y0 {
				take(k, x.X, x.Right())
			}
		}
	}
	for j := range loops { // the frames nested in it
		if j == i || len(loops[j].Nodes) >= len(loops[i].Nodes) {
			continue
		}
		inside := true
		for _, n := range loops[j].Nodes {
			if !own[n.Index] {
				inside = false
				break
			}
		}
		if !inside {
			continue
		}
		f := boxes[j].Inset(-loopNest)
		for k := range bands {
			if f.Y < bands[k].y1 && f.Bottom() > bands[k].y0 {
				take(k, f.X, f.Right())
			}
		}
	}
	first, last := -1, -1
	for k, b := range bands {
		if b.lo <= b.hi {
			if first < 0 {
				first = k
			}
			last = k
		}
	}
	if first < 0 {
		return nil
	}
	bands = bands[first : last+1]
	bands[0].y0 = r.Y
	bands[len(bands)-1].y1 = r.Bottom()
	var content []int // the bands holding the loop
	for k, b := range bands {
		if b.lo <= b.hi {
			content = append(content, k)
		}
	}
	strangers := func(bs []band) int { return s.strangers(own, bs) }
	for c := 0; c+1 < len(content); c++ {
		p, q := content[c], content[c+1]
		a, b := bands[p], bands[q]
		if lo, hi := math.Max(a.lo, b.lo), math.Min(a.hi, b.hi); hi-lo >= loopJoin {
			for k := p + 1; k < q; k++ { // bridges: the columns both share
				bands[k].lo, bands[k].hi = lo, hi
			}
			continue
		}
		// Too few columns shared: a strip down from a along its side
		// toward b, a jog across in one of the bands p..q, and a strip on
		// into b; the jog goes where the fewest other steps are taken in.
		jlo, jhi := joint(a, b)
		nearA, nearB := [2]float64{a.hi - loopJoin, a.hi}, [2]float64{b.lo, b.lo + loopJoin}
		if a.lo+a.hi > b.lo+b.hi { // a to the right of b
			nearA, nearB = [2]float64{a.lo, a.lo + loopJoin}, [2]float64{b.hi - loopJoin, b.hi}
		}
		var best []band
		bestN, bestA := 0, 0.0
		try := func(cand []band) {
			n, area := strangers(cand), 0.0
			for _, x := range cand {
				area += (x.hi - x.lo) * (x.y1 - x.y0)
			}
			if best == nil || n < bestN || n == bestN && area < bestA-0.5 {
				best, bestN, bestA = cand, n, area
			}
		}
		for m := p; m <= q; m++ {
			cand := append([]band(nil), bands[p:q+1]...)
			for k := p; k <= q; k++ {
				x := &cand[k-p]
				switch {
				case k == m:
					x.lo, x.hi = math.Min(x.lo, jlo), math.Max(x.hi, jhi)
				case k > p && k < m:
					x.lo, x.hi = nearA[0], nearA[1]
				case k < q && k > m:
					x.lo, x.hi = nearB[0], nearB[1]
				}
			}
			try(cand)
		}
		// Or one column loopJoin wide through every band p..q, beside a
		// step it would otherwise take in: a and b reach over to it.
		for _, x := range s.nodes {
			nr := x.rect()
			if others > loopColumnsMax {
				break
			}
			if own[x.m.Index] || !nr.Overlaps(r) {
				continue
			}
			for _, lo := range [2]float64{nr.Right() + 8, nr.X - 8 - loopJoin} {
				if lo < r.X || lo+loopJoin > r.Right() {
					continue
				}
				cand := append([]band(nil), bands[p:q+1]...)
				for k := range cand {
					if k == 0 || k == len(cand)-1 {
						cand[k].lo, cand[k].hi = math.Min(cand[k].lo, lo), math.Max(cand[k].hi, lo+loopJoin)
					} else {
						cand[k].lo, cand[k].hi = lo, lo+loopJoin
					}
				}
				try(cand)
			}
		}
		copy(bands[p:q+1], best)
	}
	// Sides a few pixels apart line up, where that takes in no more steps.
	for k := 1; k < len(bands); k++ {
		pair := append([]band(nil), bands[k-1:k+1]...)
		n := strangers(pair)
		if d := pair[0].lo - pair[1].lo; d != 0 && math.Abs(d) < loopSnap {
			c := append([]band(nil), pair...)
			c[0].lo, c[1].lo = math.Min(c[0].lo, c[1].lo), math.Min(c[0].lo, c[1].lo)
			if strangers(c) <= n {
				pair = c
			}
		}
		if d := pair[0].hi - pair[1].hi; d != 0 && math.Abs(d) < loopSnap {
			c := append([]band(nil), pair...)
			c[0].hi, c[1].hi = math.Max(c[0].hi, c[1].hi), math.Max(c[0].hi, c[1].hi)
			if strangers(c) <= n {
				pair = c
			}
		}
		copy(bands[k-1:k+1], pair)
	}
	for k := range bands {
		bands[k].lo = math.Max(bands[k].lo, r.X)
		bands[k].hi = math.Min(bands[k].hi, r.Right())
	}
	return bands
}

// rowCuts returns the lines that cut lane k into its rows, top to
// bottom (the lane's top, halfway between each two rows, its bottom), and
// records each node's row in rowOf. Rows are read from where the nodes
// stand (nodes sharing a row overlap vertically), so that a layout served
// from the memo, which keeps positions only, cuts the same.
func (s *state) rowCuts(k int, rowOf map[*node]int) []float64 {
	l := s.lanes[k]
	var in []*node
	for _, n := range s.nodes {
		if n.m.Lane.Index == k {
			in = append(in, n)
		}
	}
	slices.SortFunc(in, func(a, b *node) int { return cmp.Compare(a.y, b.y) })
	cuts := []float64{l.y}
	bottom := math.Inf(-1) // of the row being read
	row := -1
	for _, n := range in {
		if n.y >= bottom {
			if row >= 0 {
				cuts = append(cuts, (bottom+n.y)/2)
			}
			row++
		}
		bottom = math.Max(bottom, n.y+n.h)
		rowOf[n] = row
	}
	return append(cuts, l.y+l.h)
}

// joint returns the columns that join bands a and b: those they share,
// or a strip loopJoin into each when they share fewer.
func joint(a, b band) (float64, float64) {
	lo, hi := math.Max(a.lo, b.lo), math.Min(a.hi, b.hi)
	if hi-lo >= loopJoin {
		return lo, hi
	}
	if a.lo+a.hi <= b.lo+b.hi { // a to the left of b
		return math.Min(a.hi, b.lo) - loopJoin, math.Max(a.hi, b.lo) + loopJoin
	}
	return math.Min(b.hi, a.lo) - loopJoin, math.Max(b.hi, a.lo) + loopJoin
}

// outline returns the corners of the polygon that is the union of the
// bands, clockwise from its top-left corner.
func outline(bands []band) []geom.Point {
	var merged []band
	for _, b := range bands {
		if n := len(merged); n > 0 && merged[n-1].lo == b.lo && merged[n-1].hi == b.hi {
			merged[n-1].y1 = b.y1
			continue
		}
		merged = append(merged, b)
	}
	pts := []geom.Point{{X: merged[0].lo, Y: merged[0].y0}}
	for _, b := range merged {
		pts = append(pts, geom.Point{X: b.hi, Y: b.y0}, geom.Point{X: b.hi, Y: b.y1})
	}
	for k := len(merged) - 1; k >= 0; k-- {
		b := merged[k]
		pts = append(pts, geom.Point{X: b.lo, Y: b.y1}, geom.Point{X: b.lo, Y: b.y0})
	}
	pts = pts[:len(pts)-1] // the top-left corner again
	// Drop repeated corners and corners on a straight side.
	for changed := true; changed && len(pts) > 4; {
		changed = false
		for k := 0; k < len(pts) && len(pts) > 4; k++ {
			p, q, n := pts[(k+len(pts)-1)%len(pts)], pts[k], pts[(k+1)%len(pts)]
			if (p.X == q.X && q.X == n.X) || (p.Y == q.Y && q.Y == n.Y) {
				pts = append(pts[:k], pts[k+1:]...)
				changed = true
				k--
			}
		}
	}
	return pts
}

// closedPath returns the outline as a path that starts and ends halfway
// along its top side, so that a path with rounded bends rounds every
// corner.
func closedPath(pts []geom.Point) []geom.Point {
	mid := geom.Point{X: (pts[0].X + pts[1].X) / 2, Y: pts[0].Y}
	out := append([]geom.Point{mid}, pts[1:]...)
	return append(out, pts[0], mid)
}

// loopTitleIn places the title (tw px wide) of loop i, whose frame is
// bands within box r, in the strip at ty along its top band (its bottom
// band when the title is at the bottom): 10 px in, or where loopTitleX
// finds the strip free of edges, labels, other titles and frames. A band
// too narrow for the title widens to hold it, within r. It returns the
// title's x.
func (s *state) loopTitleIn(bands []band, atBottom bool, ty, tw float64, r geom.Rect, titles, boxes []geom.Rect, i int) (float64, bool) {
	b := &bands[0]
	if atBottom {
		b = &bands[len(bands)-1]
	}
	if need := tw + 18; b.hi-b.lo < need {
		b.hi = math.Min(r.Right(), b.lo+need)
		b.lo = math.Max(r.X, b.hi-need)
	}
	others := func(rs []geom.Rect) []geom.Rect {
		out := make([]geom.Rect, 0, len(rs))
		for j, x := range rs {
			if j != i {
				out = append(out, x)
			}
		}
		return out
	}
	strip := geom.Rect{X: b.lo, Y: r.Y, W: b.hi - b.lo, H: r.H}
	return s.loopTitleX(strip, ty, tw, others(titles), others(boxes), nil)
}

// bounds returns the box around pts.
func bounds(pts []geom.Point) geom.Rect {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		x0, y0 = math.Min(x0, p.X), math.Min(y0, p.Y)
		x1, y1 = math.Max(x1, p.X), math.Max(y1, p.Y)
	}
	return geom.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}
