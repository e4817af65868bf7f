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

// TestSpreadNestsAColumnOfTargets: edges out of a node's bottom to nodes
// stacked in one column beside it (their centres level along the side)
// nest: the deepest takes the port farthest from the column, so each
// edge turns towards its target below the ones nearer to it and none
// crosses another. Written order must not matter.
func TestSpreadNestsAColumnOfTargets(t *testing.T) {
	center := geom.Point{X: 100, Y: 100}
	for _, x := range []float64{400, -200} { // column right, then left
		for _, order := range [][]int{{0, 1, 2, 3}, {3, 1, 0, 2}, {2, 3, 1, 0}} {
			ps := &PortSide{Side: model.Bottom}
			for _, k := range order {
				ps.Ends = append(ps.Ends, PortEnd{Edge: k, Source: true, Other: geom.Point{X: x, Y: 200 + 100*float64(k)}})
			}
			offs := ps.Spread(center, 140, 16, 0.8)
			at := map[int]float64{}
			for i, pe := range ps.Ends {
				at[pe.Edge] = offs[i]
			}
			for k := 1; k < 4; k++ {
				// Edge k's target lies below edge k-1's: its port is
				// farther from the column.
				if farther := (at[k] - at[k-1]) * (x - center.X); farther >= 0 {
					t.Errorf("column at x=%.0f, written %v: edge %d at %.1f, edge %d at %.1f: the deeper one's port is not farther from the column", x, order, k, at[k], k-1, at[k-1])
				}
			}
		}
	}
}
