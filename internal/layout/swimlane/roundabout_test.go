package swimlane

import (
	"sort"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// wayRound returns the detour of the route of the edge from -> to in a
// laid-out drawing, and whether there is such an edge.
func wayRound(l *scene.Layout, from, to string) (float64, bool) {
	for _, e := range l.Edges {
		if e.From == from && e.To == to {
			var pts []geom.Point
			for _, p := range e.Points {
				pts = append(pts, geom.Point{X: p[0], Y: p[1]})
			}
			return detour(pts), true
		}
	}
	return 0, false
}

// TestWaysRoundWire: in an international wire's screening (of the unseen
// set), "No hit" leaves the screening decision's bottom for the debit in
// the lane above. With the debit in the decision's column the route went
// round the whole drawing (about 1,300 px past the way between them);
// with it a column further, it turns up in the gap between the two.
func TestWaysRoundWire(t *testing.T) {
	corpus := layouttest.QualityCorpus(t)
	const name = "unseen wire-sanctions.fz"
	src, ok := corpus[name]
	if !ok {
		t.Fatalf("%s is not in the quality corpus", name)
	}
	doc := layouttest.Compile(t, name, src)
	t.Cleanup(func() { waysRoundTry = true })
	var d [2]float64
	for k, on := range []bool{false, true} {
		l := layoutToggled(doc, &waysRoundTry, on)
		var found bool
		if d[k], found = wayRound(&l, "n8", "n7"); !found {
			t.Fatal("no edge n8 -> n7")
		}
		if on {
			for _, p := range layouttest.Quality(doc, &l) {
				t.Errorf("%s: %s", name, p)
			}
		}
	}
	if d[0] <= detourPerCrossing {
		t.Fatalf("without the pass, No hit already runs only %.0f px past the way between its ends: the test no longer shows the case", d[0])
	}
	if d[1] > 200 {
		t.Errorf("No hit runs %.0f px past the way between its ends (%.0f without the pass), want at most 200", d[1], d[0])
	}
}

// TestWaysRoundNeverWorse lays out the quality corpus with and without
// keepShorterWaysRound and checks that no drawing gets a label hugged by
// another route, a shared run, or crossings and detours that weigh more
// by it, that every quality rule still holds, and that it changes some.
func TestWaysRoundNeverWorse(t *testing.T) {
	corpus := layouttest.QualityCorpus(t)
	names := make([]string, 0, len(corpus))
	for name := range corpus {
		if !bigRandom.MatchString(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	t.Cleanup(func() { waysRoundTry = true })
	changed := 0
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		var ls [2]scene.Layout
		var w [2]float64
		for k, on := range []bool{false, true} {
			ls[k] = layoutToggled(doc, &waysRoundTry, on)
			w[k] = float64(layouttest.Crossings(&ls[k]))*detourPerCrossing + layoutDetours(&ls[k])
		}
		if w[0] == w[1] {
			continue
		}
		changed++
		if w[1] > w[0] {
			t.Errorf("%s: crossings and detours weigh %.0f, %.0f without the pass", name, w[1], w[0])
		}
		if a, b := layouttest.SharedRuns(&ls[1]), layouttest.SharedRuns(&ls[0]); a > b {
			t.Errorf("%s: %d shared runs, %d without the pass", name, a, b)
		}
		if a, b := layouttest.LabelsHugging(&ls[1], layouttest.HugGap), layouttest.LabelsHugging(&ls[0], layouttest.HugGap); a > b {
			t.Errorf("%s: %d labels hugged by other routes, %d without the pass", name, a, b)
		}
		for _, p := range layouttest.Quality(doc, &ls[1]) {
			t.Errorf("%s: %s", name, p)
		}
	}
	if changed == 0 {
		t.Error("the pass changed no drawing of the corpus")
	}
	t.Logf("%d drawings changed", changed)
}

// layoutDetours sums the detours of a drawing's routes.
func layoutDetours(l *scene.Layout) float64 {
	n := 0.0
	for _, e := range l.Edges {
		var pts []geom.Point
		for _, p := range e.Points {
			pts = append(pts, geom.Point{X: p[0], Y: p[1]})
		}
		n += detour(pts)
	}
	return n
}
