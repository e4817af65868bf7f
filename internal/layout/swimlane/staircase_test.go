package swimlane

import (
	"testing"

	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// TestStaircaseAdverseEvent: in a trial's adverse event flow (of the
// unseen set), "Three or more alike" leaves the causality decision's top
// for the safety board's left, three lanes down. Its way is up, left,
// down and right in (three bends); the gutters laid the last two as a
// staircase (down to the gutter above the board's row, right to the
// gutter beside the board, down, right), two bends more.
func TestStaircaseAdverseEvent(t *testing.T) {
	ls := toggledCase(t, "unseen adverse-event.fz", &staircaseCut)
	b0, b1 := len(edgeRoute(t, &ls[0], "n10", "n14"))-2, len(edgeRoute(t, &ls[1], "n10", "n14"))-2
	if b0 <= 3 {
		t.Fatalf("without the cut the route already bends %d times: the test no longer shows the case", b0)
	}
	if b1 != 3 {
		t.Errorf("the route bends %d times (%d without the cut), want 3", b1, b0)
	}
}

// TestStaircaseCorpus lays out the quality corpus with and without the
// staircase cut: every quality rule holds with it, and in all the routes
// bend less and cross no more. (Drawing by drawing the cut may change
// which layout the later comparisons keep, so a drawing may cross once
// more while others cross less; the totals are what it must improve.)
func TestStaircaseCorpus(t *testing.T) {
	var bends, cross, hug [2]int
	eachToggled(t, &staircaseCut, nil, func(_ string, ls [2]scene.Layout) {
		for k := range ls {
			for _, e := range ls[k].Edges {
				bends[k] += max(0, len(e.Points)-2)
			}
			cross[k] += layouttest.Crossings(&ls[k])
			hug[k] += layouttest.LabelsHugging(&ls[k], layouttest.HugGap)
		}
	})
	t.Logf("bends %d → %d, crossings %d → %d, labels hugged %d → %d", bends[0], bends[1], cross[0], cross[1], hug[0], hug[1])
	if bends[1] >= bends[0] {
		t.Errorf("the routes bend %d times in all with the cut, %d without", bends[1], bends[0])
	}
	if cross[1] > cross[0] {
		t.Errorf("the routes cross %d times in all with the cut, %d without", cross[1], cross[0])
	}
	if hug[1] > hug[0] {
		t.Errorf("%d labels hugged by other routes in all with the cut, %d without", hug[1], hug[0])
	}
}
