package swimlane

import (
	"math"
	"sort"

	"flowzap/internal/geom"
)

// Channel routing: the inner segments of routes (neither the first nor the
// last, so both their ends are bends) run along gutters. Every gutter is a
// channel: its segments are ordered so that the bends at their ends cross
// as few of the others as possible, then packed into parallel tracks
// trackStep apart, each segment on a track of its own wherever it overlaps
// another one. A channel that needs more tracks than its gap holds asks for
// a wider gap (see makeRoom).

// chanSeg is one inner segment lying on a gutter.
type chanSeg struct {
	e      *edge
	i      int     // the segment is e.pts[i]..e.pts[i+1]
	lo, hi float64 // its extent along the gutter
	// Where its ends turn: positions along the gutter whose bend goes
	// toward lower coordinates (up, or left) and toward higher ones.
	toLow, toHigh []float64
	track         int
}

// channelKey identifies a gutter: vertical or not, and its line.
type channelKey struct {
	vertical bool
	at       float64
}

// assignChannels orders and spreads the segments of every channel and
// records the room each channel lacks in s.need.
func (s *state) assignChannels() {
	channels := map[channelKey][]*chanSeg{}
	var keys []channelKey
	for _, e := range s.edges {
		pts := e.pts
		for i := 1; i+2 < len(pts); i++ {
			a, b := pts[i], pts[i+1]
			vertical := a.X == b.X
			k := channelKey{vertical, a.Y}
			if vertical {
				k.at = a.X
			}
			if !s.isGutter(k) {
				continue
			}
			cs := &chanSeg{e: e, i: i}
			ends := [2]struct{ at, nb geom.Point }{{a, pts[i-1]}, {b, pts[i+2]}}
			for _, end := range ends {
				along, turn := end.at.X, end.nb.Y-end.at.Y
				if vertical {
					along, turn = end.at.Y, end.nb.X-end.at.X
				}
				if turn < 0 {
					cs.toLow = append(cs.toLow, along)
				} else {
					cs.toHigh = append(cs.toHigh, along)
				}
			}
			cs.lo, cs.hi = math.Min(a.X, b.X), math.Max(a.X, b.X)
			if vertical {
				cs.lo, cs.hi = math.Min(a.Y, b.Y), math.Max(a.Y, b.Y)
			}
			if _, ok := channels[k]; !ok {
				keys = append(keys, k)
			}
			channels[k] = append(channels[k], cs)
		}
	}
	for _, k := range keys {
		segs := channels[k]
		tracks := packChannel(segs)
		width := s.gapWidth(k)
		step := trackStep
		if need := float64(tracks-1)*trackStep + 2*channelClear; need > width {
			s.ask(k, need)
			if tracks > 1 {
				step = math.Max(1, (width-2*channelClear)/float64(tracks-1))
			}
		}
		for _, cs := range segs {
			off := (float64(cs.track) - float64(tracks-1)/2) * step
			if off == 0 {
				continue
			}
			p := cs.e.pts
			if k.vertical {
				p[cs.i].X += off
				p[cs.i+1].X += off
			} else {
				p[cs.i].Y += off
				p[cs.i+1].Y += off
			}
		}
	}
}

// packChannel orders a channel's segments and gives each a track so that a
// segment sits past every earlier one it overlaps. It returns the number of
// tracks. Large channels use first-fit by position (left-edge packing),
// which stays n·log n.
func packChannel(segs []*chanSeg) int {
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
	// above(s, t) counts the crossings when s takes a lower track than t.
	inside := func(v float64, c *chanSeg) bool { return v > c.lo+0.5 && v < c.hi-0.5 }
	above := func(s, t *chanSeg) int {
		n := 0
		for _, v := range s.toHigh {
			if inside(v, t) {
				n++
			}
		}
		for _, v := range t.toLow {
			if inside(v, s) {
				n++
			}
		}
		return n
	}
	sort.SliceStable(segs, func(i, j int) bool {
		a, b := above(segs[i], segs[j]), above(segs[j], segs[i])
		if a != b {
			return a < b
		}
		return false
	})
	// Insertion passes fix what the non-transitive sort left: swap
	// neighbours that overlap while that removes crossings.
	for pass := 0; pass < len(segs); pass++ {
		swapped := false
		for i := 0; i+1 < len(segs); i++ {
			if above(segs[i], segs[i+1]) > above(segs[i+1], segs[i]) {
				segs[i], segs[i+1] = segs[i+1], segs[i]
				swapped = true
			}
		}
		if !swapped {
			break
		}
	}
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

// isGutter reports whether k is the middle line of a gap.
func (s *state) isGutter(k channelKey) bool {
	if k.vertical {
		_, ok := s.vGutterGap[k.at]
		return ok
	}
	_, ok := s.hGutterGap[k.at]
	return ok
}

// gapWidth is the width of the gap a gutter runs in.
func (s *state) gapWidth(k channelKey) float64 {
	if k.vertical {
		return s.gapV[s.vGutterGap[k.at]]
	}
	g := s.hGutterGap[k.at]
	return s.lanes[g.lane].gapH[g.i]
}

// ask records that the gap of gutter k should be at least w wide.
func (s *state) ask(k channelKey, w float64) {
	if k.vertical {
		i := s.vGutterGap[k.at]
		s.needV[i] = math.Max(s.needV[i], w)
		return
	}
	g := s.hGutterGap[k.at]
	s.needH[g] = math.Max(s.needH[g], w)
}
