package swimlane

import (
	"testing"

	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// TestWaysRoundWire: in an international wire's screening (of the unseen
// set), "No hit" leaves the screening decision's bottom for the debit in
// the lane above. With the debit in the decision's column the route went
// round the whole drawing (about 1,300 px past the way between them);
// with it a column further, it turns up in the gap between the two.
func TestWaysRoundWire(t *testing.T) {
	ls := toggledCase(t, "unseen wire-sanctions.fz", &waysRoundTry)
	d0, d1 := detour(edgeRoute(t, &ls[0], "n8", "n7")), detour(edgeRoute(t, &ls[1], "n8", "n7"))
	if d0 <= detourPerCrossing {
		t.Fatalf("without the pass, No hit already runs only %.0f px past the way between its ends: the test no longer shows the case", d0)
	}
	if d1 > 200 {
		t.Errorf("No hit runs %.0f px past the way between its ends (%.0f without the pass), want at most 200", d1, d0)
	}
}

// TestWaysRoundNeverWorse lays out the quality corpus with and without
// keepShorterWaysRound and checks that no drawing gets a label hugged by
// another route, a shared run, or crossings and detours that weigh more
// by it, that every quality rule still holds, and that it changes some.
func TestWaysRoundNeverWorse(t *testing.T) {
	changed := 0
	eachToggled(t, &waysRoundTry, nil, func(name string, ls [2]scene.Layout) {
		var w [2]float64
		for k := range ls {
			w[k] = float64(layouttest.Crossings(&ls[k]))*detourPerCrossing + layoutDetours(&ls[k])
		}
		if w[0] == w[1] {
			return
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
	})
	if changed == 0 {
		t.Error("the pass changed no drawing of the corpus")
	}
	t.Logf("%d drawings changed", changed)
}

// layoutDetours sums the detours of a drawing's routes.
func layoutDetours(l *scene.Layout) float64 {
	n := 0.0
	for _, e := range l.Edges {
		n += detour(routePoints(e))
	}
	return n
}
