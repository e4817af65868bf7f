package layout

import (
	"testing"

	"flowzap/internal/geom"
)

// TestClearanceKeepsOtherRoutesOffABesideLabel: a label beside a vertical
// route, with another route running just under the spot it would take on
// the right (not through it), takes the left when LabelScene.Clearance
// asks for room, and the right without it; either way nothing crosses it.
func TestClearanceKeepsOtherRoutesOffABesideLabel(t *testing.T) {
	scene := func(clearance float64) LabelScene {
		return LabelScene{
			Canvas: geom.Rect{W: 400, H: 300},
			Routes: [][]geom.Point{
				{{X: 150, Y: 0}, {X: 150, Y: 200}},       // the label's own edge
				{{X: 160, Y: 107.5}, {X: 350, Y: 107.5}}, // runs along the right spot's bottom
			},
			Labels:    []LabelSpec{{Route: 0, W: 80, H: 20, Near: 0.5}},
			Clearance: clearance,
		}
	}
	other := [][]geom.Point{scene(0).Routes[1]}
	without := PlaceLabels(scene(0))
	if len(without.Blocked) != 0 || without.Boxes[0].X < 150 {
		t.Fatalf("without clearance: want the box right of the edge, free; got %+v", without)
	}
	if newSegIndex(other).crossings(without.Boxes[0].Inset(3), -1) == 0 {
		t.Fatalf("the scene does not test anything: the other route is not within 3 px of %+v", without.Boxes[0])
	}
	with := PlaceLabels(scene(3))
	box := with.Boxes[0]
	if len(with.Blocked) != 0 || newSegIndex(other).crossings(box.Inset(3), -1) != 0 {
		t.Errorf("with clearance 3: the other route runs within 3 px of %+v", box)
	}
	if box.Right() > 150 && box.X < 150 {
		t.Errorf("with clearance 3: %+v straddles its edge instead of standing beside it", box)
	}
}
