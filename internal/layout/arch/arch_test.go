package arch

import (
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/golden"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/textmeasure"
	"flowzap/internal/theme"
)

func TestQuality(t *testing.T) {
	for name, src := range layouttest.Corpus(t) {
		doc := layouttest.Compile(t, name, src)
		l := Layout(doc, layout.DefaultEnv()).Layout
		for _, p := range layouttest.Check(&l) {
			t.Errorf("%s: %s", name, p)
		}
		// Containers never overlap.
		for i, a := range l.Lanes {
			for _, b := range l.Lanes[i+1:] {
				ra := geom.Rect{X: a.X, Y: a.Y, W: a.W, H: a.H}
				if ra.Overlaps(geom.Rect{X: b.X, Y: b.Y, W: b.W, H: b.H}) {
					t.Errorf("%s: containers %s and %s overlap", name, a.ID, b.ID)
				}
			}
		}
	}
}

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
