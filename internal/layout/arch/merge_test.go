package arch

import (
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestUnwrittenSidesJoinParallel: dependencies between the same two
// components merge into one when their written sides agree, and a side
// left unwritten agrees with a dependency written out of a right side
// into a left one, the sides the view would mostly pick for it. Apart,
// the three would run side by side a port step apart, the middle one's
// two-line label crossed by its neighbours. Written to another side
// (into the bottom), the dependency keeps its own way: the view may pick
// a better one for the unwritten edge.
func TestUnwrittenSidesJoinParallel(t *testing.T) {
	src := `app { # App
  n1: rectangle label:"Orders"
  n2: rectangle label:"Stock"
  n3: rectangle label:"Audit"
  n1.handle(right) -> n2.handle(left) [label="GET /api/v2/stock/{sku}?warehouse=all"]
  n1 -> n2 [label="POST /api/v2/reservations with the order lines"]
  n1.handle(right) -> n2 [label="DELETE /api/v2/reservations/{id}"]
  n2 -> n3 [label="write"]
  n2.handle(right) -> n3.handle(bottom) [label="read back"]
}
`
	doc := layouttest.Compile(t, "parallel", src)
	l := Layout(doc, layout.DefaultEnv()).Layout
	for _, p := range layouttest.Quality(doc, &l) {
		t.Error(p)
	}
	between := map[string][]string{}
	for _, e := range l.Edges {
		text := ""
		if e.Label != nil {
			text = e.Label.Text
		}
		between[e.From+">"+e.To] = append(between[e.From+">"+e.To], text)
	}
	if got := between["n1>n2"]; len(got) != 1 {
		t.Errorf("Orders -> Stock drawn as %d dependencies %q, want one", len(got), got)
	} else {
		for _, w := range []string{"GET", "POST", "DELETE"} {
			if !strings.Contains(strings.Join(strings.Fields(got[0]), " "), w) {
				t.Errorf("the merged label %q lacks %q", got[0], w)
			}
		}
	}
	if got := between["n2>n3"]; len(got) != 2 {
		t.Errorf("Stock -> Audit drawn as %d dependencies %q, want two (one written into the bottom)", len(got), got)
	}
}
