package layout

import (
	"math"
	"sort"

	"flowzap/internal/geom"
)

// Channel routing, shared by the workflow and architecture views: the
// inner segments of orthogonal routes (neither the first nor the last, so
// both their ends are bends) that lie on a channel line (the middle of a
// free gap between columns, rows or containers) are ordered so that the
// bends at their ends cross as few of the others as possible, then packed
// into parallel tracks, each segment on a track of its own wherever it
// overlaps another one. A channel that needs more room than its gap has is
// reported, so the engine can widen the gap and lay out again.

// Channel tuning, in pixels.
const (
	channelSpacing  = 4.0 // segments closer than this along a channel share no track
	channelExactMax = 400 // larger channels are packed first-fit, n·log n
)

// ChannelLine is a channel: vertical or not, and the x (or y) of its middle.
type ChannelLine struct {
	Vertical bool
	At       float64
}

// Channels describes the channels of a layout for SpreadChannels.
type Channels struct {
	// Width returns the width of the gap around line, and whether line is
	// a channel at all.
	Width func(line ChannelLine) (float64, bool)
	Step  float64 // between neighbouring tracks
	Clear float64 // between the outer tracks and the gap's border
	// Sequential orders the horizontal channels first and then each
	// vertical one with the ends of its segments where the horizontal
	// channels put them (otherwise every channel is ordered with the other
	// channels' segments on their middle lines).
	Sequential bool
	// SharedRun is what one shared run costs when two segments' order is
	// chosen, against 2 for a crossing (0: shared runs are not weighed). A
	// shared run is an end where one segment turns toward high and the
	// other toward low at the same place: with the first on the lower
	// track, their turns run along each other, two edges drawn on one line
	// (as when the ports of two stacked nodes face each other).
	SharedRun int
	// Room, when set, returns the extra room the segments of route r
	// want on a vertical or horizontal channel (a label beside them):
	// their track lies that much farther from the next one below it (or
	// right of it).
	Room func(r int, vertical bool) float64
	// Refine orders every channel a second time, once all are spread,
	// with the ends of its segments where the other channels put them
	// (a horizontal channel then sees which of its routes a vertical one
	// takes farther down).
	Refine bool
}

type chanSeg struct {
	pts    []geom.Point
	i      int     // the segment is pts[i]..pts[i+1]
	lo, hi float64 // its extent along the channel
	// Where its ends turn: positions along the channel whose bend goes
	// toward lower coordinates (up, or left) and toward higher ones.
	toLow, toHigh []float64
	track         int
	room          float64 // extra room wanted below (or right of) its track (Channels.Room)
}

// GrowLabelRoom returns room (what Channels.Room keeps beside a route's
// tracks for its label: [0] below its horizontal runs, [1] beside its
// vertical ones) grown to fit a label w wide and h high, for a route with
// runs in horizontal channels (hRuns) or only in vertical ones (vRuns);
// grown is false when the label already fits (or the route has no run in
// a channel).
func GrowLabelRoom(room [2]float64, w, h float64, hRuns, vRuns bool) (_ [2]float64, grown bool) {
	switch {
	case hRuns && h+LabelGap+2 > room[0]:
		room[0] = h + LabelGap + 2
	case !hRuns && vRuns && w+LabelGap+2 > room[1]:
		room[1] = w + LabelGap + 2
	default:
		return room, false
	}
	return room, true
}

// Spread moves the inner segments of routes (in place) onto their tracks
// and returns, for every channel short of room, the gap width it needs.
func (c Channels) Spread(routes [][]geom.Point) map[ChannelLine]float64 {
	type segRef struct {
		pts   []geom.Point
		i     int
		route int
	}
	refs := map[ChannelLine][]segRef{}
	var lines []ChannelLine
	for ri, pts := range routes {
		for i := 1; i+2 < len(pts); i++ {
			a, b := pts[i], pts[i+1]
			line := ChannelLine{a.X == b.X, a.Y}
			if line.Vertical {
				line.At = a.X
			}
			if _, ok := c.Width(line); !ok {
				continue
			}
			if _, ok := refs[line]; !ok {
				lines = append(lines, line)
			}
			refs[line] = append(refs[line], segRef{pts, i, ri})
		}
	}
	// seg describes a segment as it lies now: its extent and where its
	// ends turn.
	seg := func(line ChannelLine, r segRef) *chanSeg {
		pts, i := r.pts, r.i
		a, b := pts[i], pts[i+1]
		cs := &chanSeg{pts: pts, i: i}
		if c.Room != nil {
			cs.room = c.Room(r.route, line.Vertical)
		}
		for _, end := range [2][2]geom.Point{{a, pts[i-1]}, {b, pts[i+2]}} {
			along, turn := end[0].X, end[1].Y-end[0].Y
			if line.Vertical {
				along, turn = end[0].Y, end[1].X-end[0].X
			}
			if turn < 0 {
				cs.toLow = append(cs.toLow, along)
			} else {
				cs.toHigh = append(cs.toHigh, along)
			}
		}
		cs.lo, cs.hi = math.Min(a.X, b.X), math.Max(a.X, b.X)
		if line.Vertical {
			cs.lo, cs.hi = math.Min(a.Y, b.Y), math.Max(a.Y, b.Y)
		}
		return cs
	}
	channels := map[ChannelLine][]*chanSeg{}
	if c.Sequential {
		// Horizontal channels first, each vertical one then sees the
		// tracks its segments' ends took.
		sort.SliceStable(lines, func(i, j int) bool { return !lines[i].Vertical && lines[j].Vertical })
	} else {
		for _, line := range lines {
			for _, r := range refs[line] {
				channels[line] = append(channels[line], seg(line, r))
			}
		}
	}
	need := map[ChannelLine]float64{}
	for _, line := range lines {
		segs := channels[line]
		if c.Sequential {
			for _, r := range refs[line] {
				segs = append(segs, seg(line, r))
			}
		}
		c.spreadLine(line, segs, need)
	}
	if c.Refine {
		// Again, each channel back on its middle line and ordered with
		// the ends of its segments where the other channels put them.
		for _, line := range lines {
			var segs []*chanSeg
			for _, r := range refs[line] {
				if line.Vertical {
					r.pts[r.i].X, r.pts[r.i+1].X = line.At, line.At
				} else {
					r.pts[r.i].Y, r.pts[r.i+1].Y = line.At, line.At
				}
			}
			for _, r := range refs[line] {
				segs = append(segs, seg(line, r))
			}
			c.spreadLine(line, segs, need)
		}
	}
	return need
}

// spreadLine orders the segments of one channel, moves each onto its
// track and records in need the width the channel lacks.
func (c Channels) spreadLine(line ChannelLine, segs []*chanSeg, need map[ChannelLine]float64) {
	{
		tracks := c.packChannel(segs)
		width, _ := c.Width(line)
		step := c.Step
		// Extra room below a track whose segments want it (labels): the
		// tracks then lie at uneven offsets, centred in the gap.
		var room []float64
		extra := 0.0
		for _, cs := range segs {
			if cs.room > 0 {
				if room == nil {
					room = make([]float64, tracks)
				}
				room[cs.track] = math.Max(room[cs.track], cs.room)
			}
		}
		for k := 0; k+1 < len(room); k++ {
			extra += room[k]
		}
		if w := float64(tracks-1)*c.Step + extra + 2*c.Clear; w > width {
			need[line] = max(need[line], w)
			room = nil // no room this time: the gap widens for the next layout
			if w = float64(tracks-1)*c.Step + 2*c.Clear; w > width && tracks > 1 {
				// squeeze the tracks into the middle half at worst
				step = math.Max(width-2*c.Clear, width/2) / float64(tracks-1)
			}
		}
		var at []float64 // track offsets from the channel's middle line, with room
		if room != nil {
			at = make([]float64, tracks)
			for k := 1; k < tracks; k++ {
				at[k] = at[k-1] + step + room[k-1]
			}
			mid := at[tracks-1] / 2
			for k := range at {
				at[k] -= mid
			}
		}
		for _, cs := range segs {
			off := (float64(cs.track) - float64(tracks-1)/2) * step
			if at != nil {
				off = at[cs.track]
			}
			if off == 0 {
				continue
			}
			if line.Vertical {
				cs.pts[cs.i].X += off
				cs.pts[cs.i+1].X += off
			} else {
				cs.pts[cs.i].Y += off
				cs.pts[cs.i+1].Y += off
			}
		}
	}
}

// packChannel orders a channel's segments and gives each a track so that a
// segment sits past every earlier one it overlaps. It returns the number of
// tracks. Large channels use first-fit by position (left-edge packing).
func (c Channels) packChannel(segs []*chanSeg) int {
	if len(segs) > channelExactMax {
		sort.SliceStable(segs, func(i, j int) bool { return segs[i].lo < segs[j].lo })
		var ends []float64 // per track, where its last segment ends
		for _, cs := range segs {
			t := -1
			for k, end := range ends {
				if end < cs.lo-channelSpacing {
					t = k
					break
				}
			}
			if t < 0 {
				t = len(ends)
				ends = append(ends, 0)
			}
			ends[t] = cs.hi
			cs.track = t
		}
		return max(len(ends), 1)
	}
	// above(s, t) weighs the crossings (2 each) and the shared runs (see
	// SharedRun) when s takes a lower track than t.
	inside := func(v float64, g *chanSeg) bool { return v > g.lo+0.5 && v < g.hi-0.5 }
	above := func(s, t *chanSeg) int {
		n := 0
		for _, v := range s.toHigh {
			for _, w := range t.toLow {
				if math.Abs(v-w) <= 0.5 {
					n += c.SharedRun
				}
			}
		}
		for _, v := range s.toHigh {
			if inside(v, t) {
				n += 2
			}
		}
		for _, v := range t.toLow {
			if inside(v, s) {
				n += 2
			}
		}
		return n
	}
	// Overlapping pairs prefer an order (the one whose bends cross less);
	// take the segments in an order that respects the preferences
	// (Kahn's algorithm, earliest first on ties; on a cycle, the segment
	// with the fewest unmet preferences goes next).
	n := len(segs)
	sort.SliceStable(segs, func(i, j int) bool { return segs[i].lo < segs[j].lo })
	after := make([][]int, n)
	indeg := make([]int, n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a, b := segs[i], segs[j]
			if !(a.lo < b.hi+channelSpacing && b.lo < a.hi+channelSpacing) {
				continue
			}
			ab, ba := above(a, b), above(b, a)
			switch {
			case ab < ba:
				after[i] = append(after[i], j)
				indeg[j]++
			case ba < ab:
				after[j] = append(after[j], i)
				indeg[i]++
			}
		}
	}
	done := make([]bool, n)
	order := make([]*chanSeg, 0, n)
	for len(order) < n {
		pick := -1
		for i := 0; i < n; i++ {
			if !done[i] && (pick < 0 || indeg[i] < indeg[pick]) {
				pick = i
				if indeg[i] == 0 {
					break
				}
			}
		}
		done[pick] = true
		order = append(order, segs[pick])
		for _, j := range after[pick] {
			indeg[j]--
		}
	}
	copy(segs, order)
	tracks := 0
	for i, cs := range segs {
		t := 0
		for _, o := range segs[:i] {
			if o.lo < cs.hi+channelSpacing && cs.lo < o.hi+channelSpacing && o.track+1 > t {
				t = o.track + 1
			}
		}
		cs.track = t
		tracks = max(tracks, t+1)
	}
	return max(tracks, 1)
}
