package arch

import (
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// library is a lending desk written without handles: the decision
// "Damaged?" leads to a component right of it and, for "no", back to
// "Done" in the member's container on the far left. The sides rule sends
// that "no" out of the decision's left, where the way on is blocked, so
// it turned back under the decision and crossed the decision's own "yes".
const library = `member { # Library member
  n1: circle label:"Wants a book"
  n2: rectangle label:"Search the catalogue online"
  n3: rectangle label:"Place a hold"
  n4: rectangle label:"Pick up at the desk"
  n5: rectangle label:"Return the book"
  n6: circle label:"Done"
  n1 -> n2
  n2 -> catalogue.n7 [label="query by title or author"]
  n3 -> desk.n11 [label="hold request"]
  n4 -> n5
  n5 -> desk.n14 [label="drop in the return slot"]
}
catalogue { # Catalogue service
  n7: rectangle label:"Look up copies"
  n8: diamond label:"Copy on the shelf?"
  n9: rectangle label:"Show the shelf mark"
  n10: rectangle label:"Show the waiting list"
  n7 -> n8
  n8 -> n9 [label="yes"]
  n8 -> n10 [label="no, all out"]
  n9 -> member.n4 [label="go and get it"]
  n10 -> member.n3 [label="join the list"]
  n10 -> member.n6 [label="give up"]
}
desk { # Front desk
  n11: rectangle label:"Queue the hold"
  n12: diamond label:"Copy returned within 14 days?"
  n13: rectangle label:"Email the member"
  n14: rectangle label:"Check the book in"
  n15: diamond label:"Damaged?"
  n16: rectangle label:"Charge a repair fee"
  n11 -> n12
  n12 -> n13 [label="yes"]
  n12 -> n11 [label="no, keep waiting"]
  n13 -> member.n4 [label="your hold is ready"]
  n14 -> n15
  n15 -> n16 [label="yes"]
  n15 -> member.n6 [label="no"]
  n16 -> member.n6 [label="fee paid"]
  n14 -> n12 [label="returned copy frees a hold"]
}`

// TestFlippedEndCrossesLess checks that the library's "no" leaves the
// decision by another side and crosses nothing, and that the drawing
// crosses less in all.
func TestFlippedEndCrossesLess(t *testing.T) {
	doc := layouttest.Compile(t, "library", library)
	flipSides = false
	l0 := Layout(doc, layout.DefaultEnv()).Layout
	flipSides = true
	l1 := Layout(doc, layout.DefaultEnv()).Layout
	no := func(l *scene.Layout) (scene.EdgeRoute, int) {
		for _, e := range l.Edges {
			if e.From == "n15" && e.To == "n6" {
				return e, routeCrossings(l, e)
			}
		}
		t.Fatal("no route from n15 to n6")
		return scene.EdgeRoute{}, 0
	}
	e0, x0 := no(&l0)
	e1, x1 := no(&l1)
	if x0 == 0 {
		t.Fatalf("without flipping, the route from %s crosses nothing: the case is gone", e0.FromSide)
	}
	if x1 > 0 || e1.FromSide == e0.FromSide {
		t.Errorf("flipped: the route leaves by %s (before: %s) and crosses %d routes (before: %d); want another side and none", e1.FromSide, e0.FromSide, x1, x0)
	}
	if c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1); c1 >= c0 {
		t.Errorf("the drawing crosses %d times flipped, %d without; want fewer", c1, c0)
	}
	if p := layouttest.Quality(doc, &l1); len(p) > 0 {
		t.Errorf("flipped drawing breaks quality rules: %v", p)
	}
}

// TestFlippedEndsNeverCrossMore lays out the unseen set with and without
// flipping ends and checks that no diagram crosses more with it (or, as
// flipEnds weighs it, a crossing more for routes shorter by more than
// flipDetour), that the set crosses less, and that fewer routes turn
// back past their own component's far side. The airline's rebooking
// crosses once without flipping, twice with it (2026-12-06): unflipped,
// "new itinerary" and "partner itinerary" run round the bottom of the
// whole drawing, 830 px longer in all.
func TestFlippedEndsNeverCrossMore(t *testing.T) {
	defer func() { flipSides = true }()
	before, after := 0, 0
	backBefore, backAfter := 0, 0
	for name, src := range layouttest.Unseen(t) {
		doc := layouttest.Compile(t, name, src)
		if len(doc.Edges) > rerouteMax {
			continue
		}
		flipSides = false
		l0 := Layout(doc, layout.DefaultEnv()).Layout
		flipSides = true
		l1 := Layout(doc, layout.DefaultEnv()).Layout
		c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1)
		before, after = before+c0, after+c1
		backBefore, backAfter = backBefore+turningBack(&l0), backAfter+turningBack(&l1)
		if saved := routesLength(&l0) - routesLength(&l1); c1 > c0 && saved <= flipDetour*float64(c1-c0) {
			t.Errorf("%s: %d crossings with flipped ends, %d without, the routes %.0f px shorter", name, c1, c0, saved)
		}
	}
	t.Logf("on the unseen set, without flipped ends and with: %d and %d crossings, %d and %d ends turning back", before, after, backBefore, backAfter)
	if after >= before {
		t.Errorf("%d crossings with flipped ends, %d without; want fewer", after, before)
	}
	if backAfter >= backBefore {
		t.Errorf("%d ends turn back with flipped ends, %d without; want fewer", backAfter, backBefore)
	}
}

// turningBack counts the route ends of l that turn back (turnsBack).
func turningBack(l *scene.Layout) int {
	boxes := map[string]geom.Rect{}
	for _, n := range l.Nodes {
		boxes[n.ID] = geom.Rect{X: n.X, Y: n.Y, W: n.W, H: n.H}
	}
	n := 0
	for _, e := range l.Edges {
		pts := points(e.Points)
		if len(pts) < 2 || e.From == e.To {
			continue
		}
		if turnsBack(boxes[e.From], model.Side(e.FromSide), pts, pts[len(pts)-1]) {
			n++
		}
		if turnsBack(boxes[e.To], model.Side(e.ToSide), pts, pts[0]) {
			n++
		}
	}
	return n
}

func points(pts [][2]float64) []geom.Point {
	out := make([]geom.Point, len(pts))
	for i, p := range pts {
		out[i] = geom.Point{X: p[0], Y: p[1]}
	}
	return out
}

// routeCrossings counts the routes of l that e crosses.
func routeCrossings(l *scene.Layout, e scene.EdgeRoute) int {
	n := 0
	for _, o := range l.Edges {
		if o.ID != e.ID && crossings(points(e.Points), points(o.Points)) > 0 {
			n++
		}
	}
	return n
}
