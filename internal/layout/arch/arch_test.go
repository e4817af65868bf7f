package arch

import (
	"testing"

	"flowzap/internal/golden"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/textmeasure"
	"flowzap/internal/theme"
)

// TestMergesParallelEdges checks parallel dependencies become one edge
// listing each label once, and callers sit left of what they call.
func TestMergesParallelEdges(t *testing.T) {
	doc := layouttest.Compile(t, "x", `web { # Web
  n1: rectangle label:"Frontend"
  n1.handle(right) -> api.n2.handle(left) [label="REST"]
  n1.handle(right) -> api.n2.handle(left) [label="WebSocket"]
  n1.handle(right) -> api.n2.handle(left) [label="REST"]
}
api { # API
  n2: rectangle label:"Backend"
  n2.handle(right) -> db.n3.handle(left) [label="SQL"]
}
db { # Database
  n3: rectangle label:"Postgres"
}`)
	l := Layout(doc, layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light}).Layout
	if len(l.Edges) != 2 {
		t.Fatalf("got %d edges, want 2 after merging", len(l.Edges))
	}
	if l.Edges[0].Label == nil || l.Edges[0].Label.Text != "REST, WebSocket" {
		t.Errorf("merged label = %+v", l.Edges[0].Label)
	}
	x := map[string]float64{}
	for _, c := range l.Lanes {
		x[c.ID] = c.X
	}
	if !(x["web"] < x["api"] && x["api"] < x["db"]) {
		t.Errorf("containers not ordered by dependency: %v", x)
	}
	golden.Check(t, "testdata/merge.golden", []byte(l.Dump()))
}

func BenchmarkLayout(b *testing.B) { layouttest.Bench(b, Layout) }
