package swimlane

import (
	"flowzap/internal/geom"
	"flowzap/internal/layout"
)

// assignChannels spreads the routes over the tracks of their gutters
// (layout.Channels) and records the room each gutter lacks in s.needV and
// s.needH.
func (s *state) assignChannels(refine bool) {
	routes := make([][]geom.Point, len(s.edges))
	for i, e := range s.edges {
		routes[i] = e.pts
	}
	ch := layout.Channels{Width: s.gutterWidth, Step: trackStep, Clear: channelClear, SharedRun: 3, Refine: refine}
	if len(s.labelRoom) > 0 {
		ch.Room = func(r int, vertical bool) float64 {
			if vertical {
				return s.labelRoom[s.edges[r]][1]
			}
			return s.labelRoom[s.edges[r]][0]
		}
	}
	for line, w := range ch.Spread(routes) {
		if line.Vertical {
			i := s.vGutterGap[line.At]
			s.needV[i] = max(s.needV[i], w)
		} else {
			g := s.hGutterGap[line.At]
			s.needH[g] = max(s.needH[g], w)
		}
	}
}

// gutterWidth returns the width of the gap whose middle line is line, and
// whether line is such a gutter.
func (s *state) gutterWidth(line layout.ChannelLine) (float64, bool) {
	if line.Vertical {
		i, ok := s.vGutterGap[line.At]
		if !ok {
			return 0, false
		}
		return s.gapV[i], true
	}
	g, ok := s.hGutterGap[line.At]
	if !ok {
		return 0, false
	}
	return s.lanes[g.lane].gapH[g.i], true
}
