package arch

import (
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// TestSharedRunsOnTheCorpus bounds the pairs of routes drawn on one line
// over the quality corpus: when a column's right gutter and the next
// column's left gutter differed by a rounding error, 54 routes of the
// unseen set's access log ran on one line (589 pairs on that set), and
// routes facing each other across a band ran along each other. Polish
// moves the ports of the stubs that still do (237 runs on the whole
// compared corpus before, 24 after).
func TestSharedRunsOnTheCorpus(t *testing.T) {
	total, worst, worstName := 0, 0, ""
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		if len(doc.Edges) > 400 {
			continue
		}
		l := Layout(doc, layout.DefaultEnv()).Layout
		n := layouttest.SharedRuns(&l)
		total += n
		if n > worst {
			worst, worstName = n, name
		}
	}
	t.Logf("%d pairs of routes share a run; most in %s (%d)", total, worstName, worst)
	if total > 30 || worst > 3 {
		t.Errorf("%d pairs of routes share a run on the quality corpus (want at most 30), %d in %s (want at most 3)", total, worst, worstName)
	}
}

// TestStubsBesideRoutes bounds the stubs that run beside a segment of
// another route less than mergeGap away: drawn, the two strokes read as
// one line, so the route seems to run on into the other. In the restaurant
// diagram below the stub from "Serve dishes" to "Eat" ran 1.6 px from the
// first segment of "Asks for the bill" (both at the height of the two
// components' ports), and read as one route from "Serve dishes" through
// to that label.
func TestStubsBesideRoutes(t *testing.T) {
	const restaurant = `guest { # Guest
  n1: circle label:"Order at the table"
  n2: rectangle label:"Eat"
  n3: circle label:"Pay and leave"
  n2 -> n3
  n1 -> waiter.n4
  n2 -> waiter.n6 [label="Asks for the bill"]
}
waiter { # Waiter
  n4: rectangle label:"Enter order in tablet"
  n5: rectangle label:"Serve dishes"
  n6: rectangle label:"Bring the bill"
  n4 -> kitchen.n7 [label="Ticket printed"]
  n4 -> bar.n12 [label="Drinks ticket"]
  n5 -> guest.n2
  n6 -> guest.n3 [label="Card or cash"]
}
kitchen { # Kitchen
  n7: rectangle label:"Chef splits ticket by station"
  n8: rectangle label:"Grill station"
  n9: rectangle label:"Cold station"
  n10: rectangle label:"Pastry station"
  n11: diamond label:"All plates ready?"
  n13: rectangle label:"Pass: plate check"
  n7 -> n8
  n7 -> n9
  n7 -> n10
  n8 -> n11
  n9 -> n11
  n10 -> n11
  n11 -> n13 [label="Yes"]
  n11 -> n7 [label="No, wait for the slowest station"]
  n13 -> waiter.n5 [label="Ring the bell"]
}
bar { # Bar
  n12: rectangle label:"Pour drinks"
  n12 -> waiter.n5 [label="Drinks on tray"]
}
`
	doc := layouttest.Compile(t, "restaurant.fz", restaurant)
	l := Layout(doc, layout.DefaultEnv()).Layout
	if n := stubsBeside(&l); n != 0 {
		t.Errorf("restaurant: %d stubs run beside another route closer than %v px, want 0", n, mergeGap)
	}
	total := 0
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		if len(doc.Edges) > polishMax {
			continue
		}
		l := Layout(doc, layout.DefaultEnv()).Layout
		if n := stubsBeside(&l); n > 0 {
			t.Logf("%s: %d", name, n)
			total += n
		}
	}
	if total > 0 {
		t.Errorf("%d stubs run beside another route closer than %v px on the quality corpus, want 0", total, mergeGap)
	}
}

// stubsBeside counts the pairs of a route's stub (first or last segment)
// and another route's segment that overlap, parallel, more than 1 px and
// less than mergeGap apart.
func stubsBeside(l *scene.Layout) int {
	n := 0
	for i, e := range l.Edges {
		for _, k := range []int{0, len(e.Points) - 2} {
			if k < 0 {
				continue
			}
			a, b := pt(e.Points[k]), pt(e.Points[k+1])
			for j, o := range l.Edges {
				if j == i {
					continue
				}
				for m := 0; m+1 < len(o.Points); m++ {
					if d, ok := geom.ParallelGap(a, b, pt(o.Points[m]), pt(o.Points[m+1])); ok && d > 1 && d < mergeGap {
						n++
					}
				}
			}
		}
	}
	return n
}

func pt(p [2]float64) geom.Point { return geom.Point{X: p[0], Y: p[1]} }

// TestRoutesKeptATrackApart: two unseen diagrams where routes ran
// closer than mergeGap beside each other and read as one line. In the
// marketplace payouts the "velocity" route passed from one channel's
// track to the next 21 px short of where "requeue" turned down, 1.7 px
// beside it; neither of its segments could be lined up with the other
// (each then ran beside a third route until that one's own jog was lined
// up): polish lines up jogs twice, and slides a jog it cannot line up a
// track past the segment it runs beside. In many-lanes two routes that do
// not cross turned 2 px apart where two channels meet ("n11" down and
// right at 101.5, "n10" right and down at 103.5), so the corners read as
// one bent line: polish moves such an inner segment a track away.
func TestRoutesKeptATrackApart(t *testing.T) {
	unseen := layouttest.Unseen(t)
	for _, name := range []string{"wf-marketplace-payouts.fz", "many-lanes.fz"} {
		src := unseen["unseen "+name]
		if src == "" {
			t.Fatalf("%s is missing from the unseen set", name)
		}
		l := Layout(layouttest.Compile(t, name, src), layout.DefaultEnv()).Layout
		if n := layouttest.CloseRuns(&l, mergeGap, 1.5); n != 0 {
			t.Errorf("%s: %d pairs of routes run closer than %v px beside each other, want 0", name, n, mergeGap)
		}
	}
}
