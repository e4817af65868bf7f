package layouttest

import (
	"strings"
	"testing"

	"flowzap/internal/scene"
)

func TestPolylineDistance(t *testing.T) {
	pts := [][2]float64{{0, 0}, {100, 0}, {100, 100}}
	cases := []struct {
		x, y, w, h, want float64
	}{
		{40, -10, 20, 20, 0}, // straddles the first run
		{40, 3, 20, 10, 3},   // below it
		{110, 50, 10, 10, 10},
		{130, 140, 10, 10, 50}, // 30 right, 40 below the end
	}
	for _, c := range cases {
		got := PolylineDistance(rectOf(c.x, c.y, c.w, c.h), pts)
		if got != c.want {
			t.Errorf("distance of %v = %v, want %v", c, got, c.want)
		}
	}
}

func TestQualityFindsLabelProblems(t *testing.T) {
	l := &scene.Layout{Width: 400, Height: 200,
		Lanes: []scene.LaneBox{{ID: "a", Box: scene.Box{W: 400, H: 200}, Header: &scene.Box{W: 60, H: 200}}},
		Nodes: []scene.NodeBox{
			{ID: "n1", Lane: "a", Shape: "rectangle", Box: scene.Box{X: 80, Y: 80, W: 40, H: 40}},
			{ID: "n2", Lane: "a", Shape: "rectangle", Box: scene.Box{X: 300, Y: 80, W: 40, H: 40}},
		},
		Edges: []scene.EdgeRoute{
			{ID: "e1", From: "n1", To: "n2", FromSide: "right", ToSide: "left", Points: [][2]float64{{120, 100}, {300, 100}},
				Label: &scene.Label{Text: "far", Box: scene.Box{X: 150, Y: 150, W: 30, H: 14}}},
			{ID: "e2", From: "n1", To: "n2", FromSide: "bottom", ToSide: "bottom", Points: [][2]float64{{100, 120}, {100, 140}, {320, 140}, {320, 120}},
				Label: &scene.Label{Text: "crossed", Box: scene.Box{X: 200, Y: 93, W: 40, H: 14}}},
			{ID: "e3", From: "n2", To: "n1", FromSide: "top", ToSide: "top", Points: [][2]float64{{320, 80}, {320, 60}, {100, 60}, {100, 80}},
				Label: &scene.Label{Text: "title", Box: scene.Box{X: 30, Y: 53, W: 40, H: 14}}},
		},
	}
	var kinds []string
	for _, p := range Quality(nil, l) {
		kinds = append(kinds, p.Kind)
	}
	got := strings.Join(kinds, " ")
	for _, want := range []string{KindLabelFar, KindLabelCrossed, KindLabelHeader} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
	if strings.Count(got, KindLabelFar) != 3 { // "far", "crossed" (6 px off e2) and "title" (30 px off e3)
		t.Errorf("want 3 far labels: %s", got)
	}
}

func TestQualityCorpusCompiles(t *testing.T) {
	c := QualityCorpus(t)
	hubs := 0
	for name, src := range c {
		Compile(t, name, src)
		if strings.HasPrefix(name, "hub ") {
			hubs++
		}
	}
	if hubs < 40 { // 6 sizes × labelled or not × 4 shapes = 48
		t.Errorf("only %d hub diagrams", hubs)
	}
}

func TestUnseenCompiles(t *testing.T) {
	for name, src := range Unseen(t) {
		Compile(t, name, src)
	}
}

func TestSharedRuns(t *testing.T) {
	e := func(id string, pts ...[2]float64) scene.EdgeRoute { return scene.EdgeRoute{ID: id, Points: pts} }
	l := &scene.Layout{Edges: []scene.EdgeRoute{
		e("e1", [2]float64{100, 0}, [2]float64{100, 50}, [2]float64{200, 50}),
		e("e2", [2]float64{100, 100}, [2]float64{100, 40}, [2]float64{0, 40}),  // runs back along e1 from 40 to 50
		e("e3", [2]float64{300, 0}, [2]float64{300, 50}),                       // alone
		e("e4", [2]float64{150.5, 50}, [2]float64{150.5, 80}),                  // crosses e1's run, shares nothing
		e("e5", [2]float64{200, 50.4}, [2]float64{260, 50.4}),                  // touches e1's end only
		e("e6", [2]float64{300, 49}, [2]float64{300, 51}, [2]float64{310, 51}), // 1 px along e3: too short to see
	}}
	if got := SharedRuns(l); got != 1 {
		t.Errorf("SharedRuns = %d, want 1 (e1 and e2)", got)
	}
}

// TestWindings: a route out of a node's right side that climbs past its
// top and comes down beyond its left, level with it, to reach a node on
// its right winds round it; an S from a node's right side to the left
// side of the node under it, which passes beyond the first node's left
// only below it, does not; nor does a route to a node that lies beyond
// the far side.
func TestWindings(t *testing.T) {
	box := func(id string, x, y float64) scene.NodeBox {
		return scene.NodeBox{ID: id, Box: scene.Box{X: x, Y: y, W: 100, H: 40}}
	}
	for _, c := range []struct {
		name   string
		nodes  []scene.NodeBox
		from   string
		to     string
		fs, ts string
		pts    [][2]float64
		want   int
	}{
		{"loop round the source", []scene.NodeBox{box("a", 100, 100), box("b", 400, 100)}, "a", "b", "right", "left",
			[][2]float64{{200, 120}, {220, 120}, {220, 60}, {80, 60}, {80, 180}, {380, 180}, {380, 120}, {400, 120}}, 1},
		{"straight", []scene.NodeBox{box("a", 100, 100), box("b", 400, 100)}, "a", "b", "right", "left",
			[][2]float64{{200, 120}, {400, 120}}, 0},
		{"S to the node below", []scene.NodeBox{box("a", 100, 100), box("b", 100, 220)}, "a", "b", "right", "left",
			[][2]float64{{200, 120}, {220, 120}, {220, 180}, {80, 180}, {80, 240}, {100, 240}}, 0},
		{"back to a node on the left", []scene.NodeBox{box("a", 400, 100), box("b", 100, 100)}, "a", "b", "right", "left",
			[][2]float64{{500, 120}, {520, 120}, {520, 180}, {80, 180}, {80, 120}, {100, 120}}, 0},
		{"into a bottom over the top", []scene.NodeBox{box("a", 400, 300), box("b", 100, 100)}, "a", "b", "top", "bottom",
			[][2]float64{{450, 300}, {450, 280}, {80, 280}, {80, 60}, {230, 60}, {230, 160}, {170, 160}, {170, 140}}, 1},
	} {
		l := scene.Layout{Nodes: c.nodes, Edges: []scene.EdgeRoute{{ID: "e1", From: c.from, To: c.to, FromSide: c.fs, ToSide: c.ts, Points: c.pts}}}
		if got := Windings(&l); got != c.want {
			t.Errorf("%s: Windings = %d, want %d", c.name, got, c.want)
		}
	}
}

// TestLabelsNearer: a label 2 px above its own run, its top grazed by
// another route 0.5 px away, reads as that route's; 2 px above its run
// with the other route 6 px above it, it does not.
func TestLabelsNearer(t *testing.T) {
	mk := func(otherY float64) *scene.Layout {
		return &scene.Layout{Width: 400, Height: 200, Edges: []scene.EdgeRoute{
			{ID: "e1", Points: [][2]float64{{0, 100}, {300, 100}}, Label: &scene.Label{Text: "mine", Box: scene.Box{X: 100, Y: 78, W: 60, H: 20}}},
			{ID: "e2", Points: [][2]float64{{0, otherY}, {300, otherY}}},
		}}
	}
	if got := LabelsNearer(mk(77.5)); len(got) != 1 || !strings.Contains(got[0], `"mine" of e1`) {
		t.Errorf("grazed label: got %q", got)
	}
	if got := LabelsNearer(mk(72)); len(got) != 0 {
		t.Errorf("label nearer its own edge: got %q", got)
	}
}
