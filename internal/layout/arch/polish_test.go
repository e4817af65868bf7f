package arch

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestPolishRemovesBlemishes lays out the quality corpus with and without
// polish and checks that no diagram gets more crossings and shared runs
// together (a shared run may become the crossing it hid, no more), that
// polish never adds a jog or a run-on (one route running on into
// another along a line), and that it removes most shared runs, jogs and
// run-ons.
func TestPolishRemovesBlemishes(t *testing.T) {
	withoutTransposed(t)
	withoutTighten(t)
	withoutSpaceOut(t)
	defer func() { polishRoutes = true }()
	names, corpus := sortedCorpus(t)
	var runs, jogs, ons [2]int
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		if len(doc.Edges) > 400 {
			continue
		}
		var c, r, j, o [2]int
		for k, on := range []bool{false, true} {
			polishRoutes = on
			l := Layout(doc, layout.DefaultEnv()).Layout
			c[k], r[k], j[k] = layouttest.Crossings(&l), layouttest.SharedRuns(&l), layouttest.Jogs(&l, jogMax)
			o[k] = layouttest.RunOns(&l, continueGap)
			runs[k] += r[k]
			jogs[k] += j[k]
			ons[k] += o[k]
		}
		if c[1]+r[1] > c[0]+r[0] {
			t.Errorf("%s: %d crossings and %d shared runs polished, %d and %d not", name, c[1], r[1], c[0], r[0])
		}
		if j[1] > j[0] {
			t.Errorf("%s: %d jogs polished, %d not", name, j[1], j[0])
		}
		if o[1] > o[0] {
			t.Errorf("%s: %d run-ons polished, %d not", name, o[1], o[0])
		}
	}
	t.Logf("shared runs %d → %d, jogs %d → %d, run-ons %d → %d", runs[0], runs[1], jogs[0], jogs[1], ons[0], ons[1])
	if 2*runs[1] > runs[0] || 2*jogs[1] > jogs[0] || 4*ons[1] > ons[0] {
		t.Errorf("polish removed too little: shared runs %d → %d, jogs %d → %d, run-ons %d → %d", runs[0], runs[1], jogs[0], jogs[1], ons[0], ons[1])
	}
}

// TestPortsApart checks that no two routes leave or enter a component at
// the same point, on the whole quality corpus (a rerouting once kept a
// port that an untangling had given to another route).
func TestPortsApart(t *testing.T) {
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		if len(doc.Edges) > 400 {
			continue
		}
		l := Layout(doc, layout.DefaultEnv()).Layout
		seen := map[[2]float64]string{}
		for _, e := range l.Edges {
			if len(e.Points) < 2 {
				continue
			}
			for _, p := range [][2]float64{e.Points[0], e.Points[len(e.Points)-1]} {
				k := [2]float64{p[0], p[1]}
				if other, ok := seen[k]; ok {
					t.Errorf("%s: edges %s and %s end at the same point (%.1f, %.1f)", name, other, e.ID, p[0], p[1])
				}
				seen[k] = e.ID
			}
		}
	}
}

// returns is a returns desk whose "Refund" is written out of the top of
// the refund step into the bottom of a circle in the customer's container,
// two columns left: its route climbs the gutter beside the finance
// container to the highway, while "Salvage value" climbs the same gutter
// into the refund step's top. They met on one line, "Refund" turning off
// it a track above where "Salvage value" turned onto it, and read as one
// route.
const returns = `customer { # Customer
  n1: circle label:"Request return"
  n2: rectangle label:"Print prepaid shipping label"
  n3: circle label:"Refund received"
  n4: circle label:"Repaired item received"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> warehouse.n5.handle(top) [label="Parcel"]
}
warehouse { # Returns Warehouse
  n5: rectangle label:"Scan parcel"
  n6: diamond label:"Condition?"
  n7: rectangle label:"Restock as open box"
  n9: rectangle label:"Recycle"
  n5.handle(right) -> n6.handle(left)
  n6.handle(right) -> n7.handle(left) [label="Like new"]
  n6.handle(bottom) -> repair.n10.handle(top) [label="Faulty, under warranty"]
  n6.handle(top) -> n9.handle(left) [label="Broken beyond repair"]
  n7.handle(bottom) -> finance.n12.handle(top) [label="Credit memo"]
  n9.handle(bottom) -> finance.n12.handle(top) [label="Salvage value"]
}
repair { # Repair Shop
  n10: rectangle label:"Diagnose fault"
  n11: rectangle label:"Replace part and test"
  n10.handle(right) -> n11.handle(left)
  n11.handle(left) -> n10.handle(bottom) [label="Test failed"]
  n11.handle(top) -> customer.n4.handle(bottom) [label="Ship back"]
  loop [until the test passes] n10 n11
}
finance { # Finance
  n12: rectangle label:"Issue refund to original payment method"
  n12.handle(top) -> customer.n3.handle(bottom) [label="Refund"]
}`

// TestRoutesDoNotRunOn checks that no route of the returns desk runs on
// into another along a line, and that every label still touches its
// route.
func TestRoutesDoNotRunOn(t *testing.T) {
	doc := layouttest.Compile(t, "returns", returns)
	l := Layout(doc, layout.DefaultEnv()).Layout
	if n := layouttest.RunOns(&l, continueGap); n > 0 {
		t.Errorf("%d pairs of routes run on into each other", n)
	}
	for _, p := range layouttest.Quality(doc, &l) {
		t.Error(p)
	}
}
