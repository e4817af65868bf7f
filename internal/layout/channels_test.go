package layout

import (
	"math"
	"testing"

	"flowzap/internal/geom"
)

// TestChannelRoom: a route that wants room below its track (a label)
// gets it: the next track lies Step plus that room farther; a channel
// too narrow for the room reports the width it needs and keeps the usual
// spacing meanwhile.
func TestChannelRoom(t *testing.T) {
	mk := func() [][]geom.Point {
		return [][]geom.Point{
			{{X: 0, Y: 0}, {X: 0, Y: 100}, {X: 300, Y: 100}, {X: 300, Y: 200}}, // down, right, down
			{{X: 50, Y: 0}, {X: 50, Y: 100}, {X: 250, Y: 100}, {X: 250, Y: 200}},
		}
	}
	for _, c := range []struct {
		width, room, gap float64
		need             bool
	}{{100, 20, 27, false}, {30, 20, 7, true}, {100, 0, 7, false}} {
		routes := mk()
		ch := Channels{Width: func(l ChannelLine) (float64, bool) { return c.width, !l.Vertical && l.At == 100 },
			Step: 7, Clear: 4, Room: func(r int, vertical bool) float64 { return c.room }}
		need := ch.Spread(routes)
		gap := math.Abs(routes[0][1].Y - routes[1][1].Y)
		if math.Abs(gap-c.gap) > 1e-9 {
			t.Errorf("width %v room %v: tracks %v apart, want %v", c.width, c.room, gap, c.gap)
		}
		if _, ok := need[ChannelLine{At: 100}]; ok != c.need {
			t.Errorf("width %v room %v: need reported %v, want %v", c.width, c.room, ok, c.need)
		}
		mid := (routes[0][1].Y + routes[1][1].Y) / 2
		if math.Abs(mid-100) > 1e-9 {
			t.Errorf("width %v room %v: tracks centred on %v, want 100", c.width, c.room, mid)
		}
	}
}
