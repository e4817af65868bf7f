package arch

import (
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/testgen"
)

// TestRepairNeverCrossesMore lays out the quality corpus with and without
// untangling and rerouting and checks that no diagram crosses more with
// them, and that they remove crossings in all.
func TestRepairNeverCrossesMore(t *testing.T) {
	withoutShortcuts(t)
	withoutMoves(t)
	withoutTighten(t)
	withoutSpaceOut(t)
	// One arrangement, no row passes, stacking or tieFlow: the repair is compared on the
	// same placement (the search among arrangements picks by the
	// repaired drawings).
	all, passes, stacks := arrangements, rowPasses, stackings
	arrangements, rowPasses, stackings, tryTieFlow = all[:1], 0, nil, false
	defer func() {
		arrangements, rowPasses, stackings, tryTieFlow, repairCrossings = all, passes, stacks, true, true
	}()
	neverCrossesMore(t, "the repair", func() { repairCrossings = false }, func() { repairCrossings = true })
}

// TestFanOutsDoNotCross checks the generated hubs (fan-outs of 6 to 30
// dependencies through one side, fan-ins from three containers or into
// one side) draw without a crossing.
func TestFanOutsDoNotCross(t *testing.T) {
	for name, src := range testgen.Hubs() {
		doc := layouttest.Compile(t, name, src)
		l := Layout(doc, layout.DefaultEnv()).Layout
		if n := layouttest.Crossings(&l); n > 0 {
			t.Errorf("%s: %d crossings", name, n)
		}
	}
}

// TestRepairTakesAnotherWay checks a return written from a component's
// top into the bottom of a component of another container, whose shortest
// way cuts a dependency between two components of that container, is
// taken another way round.
func TestRepairTakesAnotherWay(t *testing.T) {
	src := strings.Join([]string{
		"dev { # Team",
		"  n1: circle label:\"Start\"",
		"  n2: rectangle label:\"Repair\"",
		"  n1.handle(bottom) -> ci.n3.handle(top)",
		"  n2.handle(right) -> n1.handle(top)",
		"}",
		"ci { # Runner",
		"  n3: rectangle label:\"Build\"",
		"  n4: rectangle label:\"Test\"",
		"  n5: rectangle label:\"Report\"",
		"  n3.handle(right) -> n4.handle(left)",
		"  n4.handle(right) -> n5.handle(left)",
		"  n5.handle(top) -> dev.n2.handle(bottom) [label=\"failed\"]",
		"}",
	}, "\n")
	doc := layouttest.Compile(t, "x", src)
	repairCrossings = false
	l0 := Layout(doc, layout.DefaultEnv()).Layout
	repairCrossings = true
	l1 := Layout(doc, layout.DefaultEnv()).Layout
	if n := layouttest.Crossings(&l0); n == 0 {
		t.Errorf("the case does not cross even without the repair")
	}
	if n := layouttest.Crossings(&l1); n > 0 {
		t.Errorf("%d crossings with the repair (%d without)", n, layouttest.Crossings(&l0))
	}
	if ps := layouttest.Quality(doc, &l1); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
}

// TestHubChildrenBesideTheirHub checks that the children of three hubs of
// one container, in the grid column after them, sit together beside
// their own hub (in their hubs' order), so no dependency crosses.
func TestHubChildrenBesideTheirHub(t *testing.T) {
	src := strings.Join([]string{
		"plan { # Plan",
		"  n1: circle label:\"Launch\"",
		"  n2: rectangle label:\"Risks\"",
		"  n3: rectangle label:\"Channels\"",
		"  n4: rectangle label:\"Audience\"",
		"  n5: rectangle label:\"Rival answer\"",
		"  n6: rectangle label:\"Support load\"",
		"  n7: rectangle label:\"Talk\"",
		"  n8: rectangle label:\"Newsletter\"",
		"  n9: rectangle label:\"Webinars\"",
		"  n10: rectangle label:\"Early users\"",
		"  n11: rectangle label:\"Buyers\"",
		"  n1.handle(right) -> n2.handle(left)",
		"  n2.handle(right) -> n5.handle(left)",
		"  n2.handle(right) -> n6.handle(left)",
		"  n1.handle(right) -> n3.handle(left)",
		"  n3.handle(right) -> n7.handle(left)",
		"  n3.handle(right) -> n8.handle(left)",
		"  n3.handle(right) -> n9.handle(left)",
		"  n1.handle(right) -> n4.handle(left)",
		"  n4.handle(right) -> n10.handle(left)",
		"  n4.handle(right) -> n11.handle(left)",
		"}",
	}, "\n")
	doc := layouttest.Compile(t, "x", src)
	l := Layout(doc, layout.DefaultEnv()).Layout
	if n := layouttest.Crossings(&l); n > 0 {
		t.Errorf("%d crossings", n)
	}
	y := map[string]float64{}
	for _, n := range l.Nodes {
		y[n.ID] = n.Y
	}
	parent := map[string]string{"n5": "n2", "n6": "n2", "n7": "n3", "n8": "n3", "n9": "n3", "n10": "n4", "n11": "n4"}
	for c, p := range parent {
		for c2, p2 := range parent {
			// A child of a hub higher up sits above every child of a hub
			// lower down.
			if y[p] < y[p2] && y[c] > y[c2] {
				t.Errorf("%s (child of %s) below %s (child of %s, which is lower)", c, p, c2, p2)
			}
		}
	}
	if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
}
