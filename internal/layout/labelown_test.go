package layout

import (
	"testing"

	"flowzap/internal/geom"
)

// TestLabelKeepsOffItsOwnBends: a route that turns back (down, left, up)
// round a U whose bottom is shorter than its label. Centred on the
// bottom and set inside the U, the label would cover both of its sides
// and hide which way the route goes; it takes a spot clear of its other
// runs instead: under the bottom or beside a side. With the cost of
// covering its route set to nothing, it does sit across the U, so the
// scene tests the cost.
func TestLabelKeepsOffItsOwnBends(t *testing.T) {
	route := []geom.Point{{X: 300, Y: 100}, {X: 260, Y: 100}, {X: 260, Y: 180}, {X: 180, Y: 180}, {X: 180, Y: 120}}
	in := LabelScene{
		Canvas:     geom.Rect{W: 500, H: 400},
		Routes:     [][]geom.Point{route},
		Labels:     []LabelSpec{{Route: 0, W: 110, H: 36, Near: 0.6}},
		Obstacles:  []geom.Rect{{X: 300, Y: 70, W: 120, H: 60}, {X: 120, Y: 60, W: 120, H: 60}},
		Clearance:  3,
		EndAligned: true,
	}
	covers := func(box geom.Rect) bool {
		return coversOwnRoute(candidate{r: box, seg: -1}, route) && !straddles(box, route)
	}
	res := PlaceLabels(in)
	if len(res.Blocked) != 0 {
		t.Fatalf("blocked: %+v", res)
	}
	if covers(res.Boxes[0]) {
		t.Errorf("the label %+v covers a run of its route other than its own", res.Boxes[0])
	}
	saved := costOwnCover
	costOwnCover = 0
	defer func() { costOwnCover = saved }()
	if res := PlaceLabels(in); !covers(res.Boxes[0]) {
		t.Errorf("without the cost the label %+v does not cover its route: the scene tests nothing", res.Boxes[0])
	}
}

// straddles reports whether a run of the route passes through the box's
// centre: the box sits on that run.
func straddles(box geom.Rect, route []geom.Point) bool {
	c := box.Center()
	for k := 0; k+1 < len(route); k++ {
		a, b := route[k], route[k+1]
		if a.Y == b.Y && c.Y == a.Y && c.X >= min(a.X, b.X) && c.X <= max(a.X, b.X) ||
			a.X == b.X && c.X == a.X && c.Y >= min(a.Y, b.Y) && c.Y <= max(a.Y, b.Y) {
			return true
		}
	}
	return false
}
