package arch

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestPolishRemovesBlemishes lays out the quality corpus with and without
// polish and checks that no diagram gets more crossings and shared runs
// together (a shared run may become the crossing it hid, no more), that
// polish never adds a jog, and that it removes most shared runs and jogs.
func TestPolishRemovesBlemishes(t *testing.T) {
	withoutTransposed(t)
	withoutTighten(t)
	defer func() { polishRoutes = true }()
	names, corpus := sortedCorpus(t)
	var runs, jogs [2]int
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		if len(doc.Edges) > 400 {
			continue
		}
		var c, r, j [2]int
		for k, on := range []bool{false, true} {
			polishRoutes = on
			l := Layout(doc, layout.DefaultEnv()).Layout
			c[k], r[k], j[k] = layouttest.Crossings(&l), layouttest.SharedRuns(&l), layouttest.Jogs(&l, jogMax)
			runs[k] += r[k]
			jogs[k] += j[k]
		}
		if c[1]+r[1] > c[0]+r[0] {
			t.Errorf("%s: %d crossings and %d shared runs polished, %d and %d not", name, c[1], r[1], c[0], r[0])
		}
		if j[1] > j[0] {
			t.Errorf("%s: %d jogs polished, %d not", name, j[1], j[0])
		}
	}
	t.Logf("shared runs %d → %d, jogs %d → %d", runs[0], runs[1], jogs[0], jogs[1])
	if 2*runs[1] > runs[0] || 2*jogs[1] > jogs[0] {
		t.Errorf("polish removed too little: shared runs %d → %d, jogs %d → %d", runs[0], runs[1], jogs[0], jogs[1])
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
