package arch

import (
	"os"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestLakehouse lays out testdata/lakehouse.fz, an analytics lakehouse
// written without handles in five systems (kept out of the unseen set
// while its workflow view runs two pairs of edges end to end): every
// quality rule holds, and it crosses at most as often as dot (9). With
// routes only over and under everything it crossed 11 times, the
// compute's routes going 400 px down round the bottom, although the
// ingestion column between ends far higher.
func TestLakehouse(t *testing.T) {
	b, err := os.ReadFile("testdata/lakehouse.fz")
	if err != nil {
		t.Fatal(err)
	}
	doc := layouttest.Compile(t, "lakehouse", string(b))
	l := Layout(doc, layout.DefaultEnv()).Layout
	if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
	if n := layouttest.Crossings(&l); n > 9 {
		t.Errorf("%d crossings, want at most dot's 9", n)
	}
}
