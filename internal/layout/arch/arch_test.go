package arch

import (
	"testing"

	"flowzap/internal/golden"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
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

func BenchmarkLayout(b *testing.B) { freeSidesOn(b); layouttest.Bench(b, Layout) }

// TestWrittenSides checks that dependencies leave and enter on the sides
// written in the code, that a right-to-left chain runs along a row and a
// bottom-to-top one down a column, and that the ports of a hub's shared
// side are spread apart in the order of their targets.
func TestWrittenSides(t *testing.T) {
	doc := layouttest.Compile(t, "x", `gw { # Gateway
  n1: rectangle label:"Client"
  n2: rectangle label:"Router"
  n3: rectangle label:"Audit"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> n3.handle(top)
  n2.handle(top) -> svc.n4.handle(top) [label="orders"]
  n2.handle(top) -> svc.n5.handle(left) [label="stock"]
  n2.handle(top) -> svc.n6.handle(bottom) [label="users"]
}
svc { # Services
  n4: rectangle label:"Orders"
  n5: rectangle label:"Stock"
  n6: rectangle label:"Users"
}`)
	l := Layout(doc, layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light}).Layout
	nodes := map[string]scene.NodeBox{}
	for _, n := range l.Nodes {
		nodes[n.ID] = n
	}
	if a, b := nodes["n1"], nodes["n2"]; a.Y != b.Y || b.X <= a.X+a.W {
		t.Errorf("n2 should sit right of n1 on its row: %+v %+v", a.Box, b.Box)
	}
	if a, b := nodes["n2"], nodes["n3"]; a.X != b.X || b.Y <= a.Y+a.H {
		t.Errorf("n3 should sit under n2: %+v %+v", a.Box, b.Box)
	}
	want := map[string][2]string{"e1": {"right", "left"}, "e2": {"bottom", "top"}, "e3": {"top", "top"}, "e4": {"top", "left"}, "e5": {"top", "bottom"}}
	var topPorts []float64
	for _, e := range l.Edges {
		w := want[e.ID]
		if e.FromSide != w[0] || e.ToSide != w[1] {
			t.Errorf("%s: %s>%s, want %s>%s", e.ID, e.FromSide, e.ToSide, w[0], w[1])
		}
		if e.From == "n2" && e.FromSide == "top" {
			topPorts = append(topPorts, e.Points[0][0])
		}
	}
	if len(topPorts) != 3 || topPorts[0] == topPorts[1] || topPorts[1] == topPorts[2] || topPorts[0] == topPorts[2] {
		t.Errorf("the three top ports of n2 share a point: %v", topPorts)
	}
	if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
}

// TestParallelEdgesOnDifferentSides checks that dependencies between the
// same two components written with different sides stay apart, each on
// its own sides, with routes that share no point but none of their ends.
func TestParallelEdgesOnDifferentSides(t *testing.T) {
	doc := layouttest.Compile(t, "x", `web { # Web
  n1: rectangle label:"Frontend"
  n1.handle(right) -> api.n2.handle(left) [label="REST"]
  n1.handle(bottom) -> api.n2.handle(bottom) [label="events"]
  n1.handle(top) -> api.n2.handle(top) [label="health"]
}
api { # API
  n2: rectangle label:"Backend"
}`)
	l := Layout(doc, layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light}).Layout
	if len(l.Edges) != 3 {
		t.Fatalf("got %d edges, want 3 (different sides do not merge)", len(l.Edges))
	}
	seen := map[[2]float64]string{}
	for _, e := range l.Edges {
		for _, p := range e.Points {
			if o, ok := seen[p]; ok && o != e.ID {
				t.Errorf("edges %s and %s share the point %v", o, e.ID, p)
			}
			seen[p] = e.ID
		}
	}
	if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
}
