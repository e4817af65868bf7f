package swimlane

import (
	"testing"

	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// TestFinalUntangleNeverWorse lays out the quality corpus with and
// without the final untangling and checks that no drawing crosses more,
// shares more runs or has more labels hugged by another route for it,
// that every quality rule holds, and that it removes some crossings.
func TestFinalUntangleNeverWorse(t *testing.T) {
	var total [2]int
	better := 0
	eachToggled(t, &finalUntangleTry, nil, func(name string, ls [2]scene.Layout) {
		c := [2]int{layouttest.Crossings(&ls[0]), layouttest.Crossings(&ls[1])}
		total[0], total[1] = total[0]+c[0], total[1]+c[1]
		noneWorse(t, name, ls)
		if c[1] < c[0] {
			better++
		}
	})
	t.Logf("crossings on the corpus: %d → %d (%d drawings cross less)", total[0], total[1], better)
	if total[1] >= total[0] {
		t.Errorf("the final untangling removed no crossing: %d → %d", total[0], total[1])
	}
}

// TestFinalUntangleHubPorts: a discharge coordinator's four edges out of
// its bottom took their ports in the wrong order once the routes were
// laid again on the final gaps: "Book a ride", going farthest left, left
// right of "Home support needed?" and crossed it.
func TestFinalUntangleHubPorts(t *testing.T) {
	src := layouttest.Unseen(t)["unseen hospital-discharge.fz"]
	if src == "" {
		t.Fatal("hospital-discharge.fz is not in the unseen set")
	}
	doc := layouttest.Compile(t, "hospital-discharge.fz", src)
	t.Cleanup(func() { finalUntangleTry = true })
	var c [2]int
	for k, on := range []bool{false, true} {
		l := layoutToggled(doc, &finalUntangleTry, on)
		c[k] = layouttest.Crossings(&l)
		for _, p := range layouttest.Quality(doc, &l) {
			t.Errorf("untangled at the end %v: %s", on, p)
		}
		if on {
			book, home := -1.0, -1.0
			for _, e := range l.Edges {
				if e.Label == nil {
					continue
				}
				switch e.Label.Text {
				case "Book a ride":
					book = e.Points[0][0]
				case "Home support needed?":
					home = e.Points[0][0]
				}
			}
			if book < 0 || home < 0 || book >= home {
				t.Errorf("Book a ride leaves the coordinator at x = %v, Home support needed? at %v: want Book a ride, going farther left, on the left", book, home)
			}
		}
	}
	if c[1] >= c[0] {
		t.Errorf("crossings: %d without the final untangling, %d with; want fewer", c[0], c[1])
	}
}
