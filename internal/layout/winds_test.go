package layout

import (
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/model"
)

// TestWindsRound: a route out of a box's right side that climbs over its
// top and comes down past its left, level with it, winds round the box
// when its other end lies to the right; an S to the left side of a box
// below passes beyond the left only below the box and does not; nor does
// a route whose other end lies beyond the far side (it has to reach
// round).
func TestWindsRound(t *testing.T) {
	r := geom.Rect{X: 100, Y: 100, W: 100, H: 40}
	pts := func(xy ...float64) []geom.Point {
		var p []geom.Point
		for i := 0; i+1 < len(xy); i += 2 {
			p = append(p, geom.Point{X: xy[i], Y: xy[i+1]})
		}
		return p
	}
	for _, c := range []struct {
		name string
		side model.Side
		pts  []geom.Point
		want bool
	}{
		{"loop round", model.Right, pts(200, 120, 220, 120, 220, 60, 80, 60, 80, 180, 380, 180, 380, 120, 400, 120), true},
		{"straight", model.Right, pts(200, 120, 400, 120), false},
		{"S below", model.Right, pts(200, 120, 220, 120, 220, 180, 80, 180, 80, 240, 100, 240), false},
		{"back to the left", model.Right, pts(200, 120, 220, 120, 220, 180, 40, 180, 40, 120, 60, 120), false},
		{"over the top into the bottom", model.Bottom, pts(450, 300, 450, 280, 80, 280, 80, 60, 230, 60, 230, 160, 170, 160, 170, 140), true},
	} {
		other := c.pts[len(c.pts)-1]
		if c.side == model.Bottom {
			other = c.pts[0]
		}
		if got := WindsRound(r, c.side, c.pts, other); got != c.want {
			t.Errorf("%s: WindsRound = %v, want %v", c.name, got, c.want)
		}
	}
}
