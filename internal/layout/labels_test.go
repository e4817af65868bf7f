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

// TestRoomKeepsALabelOffAnotherArrow: a label beside a vertical route
// whose right side ends 6 px short of another route (the short arrow
// between two components, in whose gap the label would read as that
// arrow's) takes the left side, where nothing passes within roomyGap,
// when LabelScene.Clearance is on; without it, the right (the cheaper
// on a tie, as placed before).
func TestRoomKeepsALabelOffAnotherArrow(t *testing.T) {
	scene := func(clearance float64) LabelScene {
		return LabelScene{
			Canvas: geom.Rect{W: 400, H: 300},
			Routes: [][]geom.Point{
				{{X: 150, Y: 60}, {X: 150, Y: 140}}, // the label's own edge
				{{X: 238, Y: 85}, {X: 238, Y: 115}}, // another, 6 px past the right spot
			},
			Labels:    []LabelSpec{{Route: 0, W: 80, H: 14, Near: 0.5}},
			Clearance: clearance,
		}
	}
	if res := PlaceLabels(scene(0)); res.Boxes[0].X < 150 {
		t.Fatalf("the scene does not test anything: without clearance the box %+v is already left of its edge", res.Boxes[0])
	}
	res := PlaceLabels(scene(3))
	box := res.Boxes[0]
	if len(res.Blocked) != 0 || box.Right() > 150 {
		t.Fatalf("with clearance: want the box left of its edge, free; got %+v", res)
	}
	if d := geom.RectDistance(box, scene(3).Routes[1]); d < roomyGap {
		t.Errorf("the other route passes %.1f px from %+v, want %v or more", d, box, roomyGap)
	}
	if d := geom.RectDistance(box, scene(3).Routes[0]); d > LabelGap+0.01 {
		t.Errorf("the box %+v is %.1f px from its own edge, want %v", box, d, LabelGap)
	}
}

// TestFramesKeepLabelsOffBorders: a label whose preferred spot on a
// horizontal run straddles a container's border (LabelScene.Frames)
// takes a spot wholly on one side of it, still on its run; without
// frames, the preferred spot.
func TestFramesKeepLabelsOffBorders(t *testing.T) {
	frame := geom.Rect{X: 0, Y: 40, W: 200, H: 120}
	scene := func(frames []geom.Rect) LabelScene {
		return LabelScene{
			Canvas:    geom.Rect{W: 500, H: 300},
			Routes:    [][]geom.Point{{{X: 100, Y: 100}, {X: 400, Y: 100}}},
			Labels:    []LabelSpec{{Route: 0, W: 80, H: 14, Near: 1.0 / 3}},
			Clearance: 3,
			Frames:    frames,
		}
	}
	straddles := func(b geom.Rect) bool { return b.X < frame.Right() && b.Right() > frame.Right() }
	if res := PlaceLabels(scene(nil)); !straddles(res.Boxes[0]) {
		t.Fatalf("the scene does not test anything: without frames the box %+v does not straddle x=%v", res.Boxes[0], frame.Right())
	}
	res := PlaceLabels(scene([]geom.Rect{frame}))
	box := res.Boxes[0]
	if len(res.Blocked) != 0 || straddles(box) {
		t.Errorf("with the frame: the box %+v straddles its border at x=%v (blocked %v)", box, frame.Right(), res.Blocked)
	}
	if d := geom.RectDistance(box, scene(nil).Routes[0]); d > LabelGap+0.01 {
		t.Errorf("the box %+v is %.1f px from its own run", box, d)
	}
}

// TestNearerReported: a label on a run too short to straddle stands
// beside it, 2 px off; with another route 1 px past its far side on both
// sides it reads as that route's: PlaceLabels places it there all the
// same (clear of both) but reports it in Nearer, not Blocked, so a view
// can make room. With the right side clear, it takes that side.
func TestNearerReported(t *testing.T) {
	scene := func(rightX, clearance float64) LabelScene {
		return LabelScene{
			Canvas: geom.Rect{W: 400, H: 300},
			Routes: [][]geom.Point{
				{{X: 150, Y: 100}, {X: 150, Y: 130}}, // the label's own edge
				{{X: 67, Y: 0}, {X: 67, Y: 300}},
				{{X: rightX, Y: 0}, {X: rightX, Y: 300}},
			},
			Labels:    []LabelSpec{{Route: 0, W: 80, H: 20, Near: 0.5}},
			Clearance: clearance,
		}
	}
	res := PlaceLabels(scene(233, 3))
	if len(res.Blocked) != 0 || len(res.Nearer) != 1 {
		t.Fatalf("grazed on both sides: want Nearer [0] and nothing blocked, got %+v", res)
	}
	if res = PlaceLabels(scene(233, 0)); len(res.Nearer) != 0 {
		t.Errorf("without clearance nothing is reported nearer: %+v", res)
	}
	res = PlaceLabels(scene(260, 3))
	if len(res.Nearer) != 0 || res.Boxes[0].X < 150 {
		t.Errorf("right side clear: want the box right of its edge, not reported; got %+v", res)
	}
}

// TestNarrowBlockedKeepsWhatHelps: NarrowBlocked keeps a share only when
// fewer labels are left blocked. Label "a" fits once wrapped at 0.4 of
// its width, "b" never fits: the 0.6 share frees nothing and is undone,
// the 0.4 share frees "a" and is kept (with "b" narrowed in that round
// too); a label that gets no narrower (nil undo) costs no placing.
func TestNarrowBlockedKeepsWhatHelps(t *testing.T) {
	width := map[string]float64{"a": 1, "b": 1, "c": 1}
	places := 0
	place := func() []string {
		places++
		var blocked []string
		for _, l := range []string{"a", "b"} {
			if l == "b" || width[l] > 0.5 {
				blocked = append(blocked, l)
			}
		}
		return blocked
	}
	narrow := func(l string, share float64) func() {
		if l == "c" {
			return nil
		}
		old := width[l]
		width[l] = share
		return func() { width[l] = old }
	}
	left, kept := NarrowBlocked([]string{"a", "b"}, []float64{0.6, 0.4}, narrow, place)
	if !kept || len(left) != 1 || left[0] != "b" {
		t.Fatalf("left %v, kept %v; want [b], true", left, kept)
	}
	if width["a"] != 0.4 || width["b"] != 0.4 {
		t.Errorf("widths %v: want a kept at 0.4 (b narrowed with it in the kept round)", width)
	}
	// 0.6: placed, nothing freed, undone and placed again; 0.4: placed.
	if places != 3 {
		t.Errorf("placed %d times, want 3", places)
	}
	places = 0
	if left, kept := NarrowBlocked([]string{"c"}, []float64{0.6, 0.4}, narrow, place); kept || len(left) != 1 || places != 0 {
		t.Errorf("a label that gets no narrower: left %v, kept %v, placed %d times; want [c], false, 0", left, kept, places)
	}
}
