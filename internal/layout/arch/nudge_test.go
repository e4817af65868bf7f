package arch

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

const nudgeSrc = `web { # Web
  n1: rectangle label:"Browser"
  n2: rectangle label:"Mobile app"
  n1.handle(right) -> api.n3.handle(left) [label="HTTPS"]
  n2.handle(right) -> api.n3.handle(left) [label="HTTPS"]
}
api { # API
  n3: rectangle label:"Gateway"
  n3.handle(right) -> data.n4.handle(left) [label="SQL"]
}
data { # Data
  n4: rectangle label:"Postgres"
}
`

// TestNudgeMovesTheComponent: an offset moves the component by that much
// relative to the other components of its grid column and row, and no
// quality rule breaks.
func TestNudgeMovesTheComponent(t *testing.T) {
	plain := Layout(layouttest.Compile(t, "x.fz", nudgeSrc), layout.DefaultEnv()).Layout
	doc := layouttest.Compile(t, "x.fz", nudgeSrc+"// @layout v1\n// @layout node n2 dx=32 dy=40\n")
	moved := Layout(doc, layout.DefaultEnv()).Layout
	if ps := layouttest.Quality(doc, &moved); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
	p, m := layouttest.NodeBoxes(&plain), layouttest.NodeBoxes(&moved)
	if p["n1"].X != p["n2"].X {
		t.Fatalf("n1 and n2 should share a grid column: %+v %+v", p["n1"], p["n2"])
	}
	if d := m["n2"].X - m["n1"].X; d != 32 {
		t.Errorf("n2 is %v right of n1, want 32", d)
	}
	if d := (m["n2"].Y - m["n1"].Y) - (p["n2"].Y - p["n1"].Y); d != 40 {
		t.Errorf("n2 moved %v down from n1, want 40", d)
	}
	if m["n2"].W != p["n2"].W {
		t.Errorf("n2 changed width: %v -> %v", p["n2"].W, m["n2"].W)
	}
}

// TestNudgesKeepQualityOnExamples nudges components of every example
// every way and checks every quality rule still holds.
func TestNudgesKeepQualityOnExamples(t *testing.T) {
	layouttest.NudgedExamplesKeepQuality(t, Layout, 1)
}
