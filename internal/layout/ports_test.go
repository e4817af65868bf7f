package layout

import (
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/model"
)

// TestSpreadKeepsTheStraightEdgeStraight: of three edges out of a node's
// top, the one whose other node stands straight above leaves from the
// middle and the other two beside it, closer together when the side is
// short; when even that would put them too close, the three spread evenly.
func TestSpreadKeepsTheStraightEdgeStraight(t *testing.T) {
	center := geom.Point{X: 100, Y: 100}
	side := func() *PortSide {
		return &PortSide{Side: model.Top, Ends: []PortEnd{
			{Edge: 0, Other: geom.Point{X: 100, Y: 0}}, // straight above
			{Edge: 1, Other: geom.Point{X: -200, Y: 0}},
			{Edge: 2, Other: geom.Point{X: -100, Y: 0}, Source: true},
		}}
	}
	cases := []struct {
		name   string
		length float64
		want   map[int]float64 // edge -> offset
	}{
		// 40% of 150 is 60: a step of 32 would put the farthest at 64, so
		// the step shrinks to 30.
		{"short side", 150, map[int]float64{0: 0, 2: -30, 1: -60}},
		// Room for the full step.
		{"long side", 400, map[int]float64{0: 0, 2: -32, 1: -64}},
		// 40% of 50 is 20: 10 px apart is too close, so the ends spread
		// evenly (step 0.8*50/3) and none runs straight.
		{"too short", 50, map[int]float64{1: -50.0 * 0.8 / 3, 2: 0, 0: 50.0 * 0.8 / 3}},
	}
	for _, c := range cases {
		ps := side()
		offs := ps.Spread(center, c.length, 32, 0.8)
		for i, pe := range ps.Ends {
			if want := c.want[pe.Edge]; offs[i] < want-1e-9 || offs[i] > want+1e-9 {
				t.Errorf("%s: edge %d at %.2f, want %.2f", c.name, pe.Edge, offs[i], want)
			}
		}
	}
}
