package arch

import (
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// sharedRuns counts the segments of a that lie on one line with a segment
// of b over some length, the plain way.
func sharedRuns(a, b []geom.Point) int {
	n := 0
	for i := 0; i+1 < len(a); i++ {
		for j := 0; j+1 < len(b); j++ {
			if collinearOverlap(a[i], a[i+1], b[j], b[j+1]) {
				n++
				break
			}
		}
	}
	return n
}

// TestCrossingsAndShared checks the one-pass count against crossings and
// shared runs counted apart, on every pair of routes of the quality
// corpus's smaller diagrams (where shared runs and crossings both occur).
func TestCrossingsAndShared(t *testing.T) {
	pairs, shared := 0, 0
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		if len(doc.Edges) > 60 {
			continue
		}
		l := Layout(doc, layout.DefaultEnv()).Layout
		routes := make([][]geom.Point, len(l.Edges))
		for i, e := range l.Edges {
			for _, p := range e.Points {
				routes[i] = append(routes[i], geom.Point{X: p[0], Y: p[1]})
			}
		}
		for i, a := range routes {
			for j, b := range routes {
				if i == j {
					continue
				}
				want := geom.Crossings(a, b) + sharedRuns(a, b)
				if got := crossingsAndShared(a, b); got != want {
					t.Fatalf("%s: routes %d and %d: crossingsAndShared %d, want %d", name, i, j, got, want)
				}
				pairs++
				shared += sharedRuns(a, b)
			}
		}
	}
	if shared == 0 {
		t.Fatalf("no shared run among %d pairs: the comparison proves nothing", pairs)
	}
	t.Logf("%d pairs compared, %d shared runs among them", pairs, shared)
}
