package pipeline

import (
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"flowzap/internal/scene"
)

// FuzzPipeline runs any input through fix, check, the JSON graph, every
// view's layout and the SVG writer: nothing may panic, and every scene must be finite and hold
// its nodes inside the canvas.
func FuzzPipeline(f *testing.F) {
	for _, b := range exampleSources(f) {
		f.Add(b)
	}
	f.Add([]byte("a {\n n1 -> n2\n n1: circle\n n2: diamond\n loop [x] n1 n2\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<14 {
			return
		}
		// Fix (which lays the workflow out for the handles it writes) and
		// the JSON graph take any input too.
		if fr := Fix("fuzz.fz", src); fr == nil {
			t.Fatal("Fix returned nil")
		}
		r := Check("fuzz.fz", src, Options{View: "sequence"})
		if r.Doc != nil {
			Export(r)
		}
		if !r.OK() {
			return
		}
		for _, view := range Views {
			sc, err := Layout(r.Doc, view, "light")
			if err != nil {
				t.Fatalf("%s: %v", view, err)
			}
			finite(t, view, sc)
			if view == "workflow" {
				// What a layout remembers never changes a result: the
				// same diagram laid out from scratch gives the same
				// drawing.
				freshLayouts = true
				fresh, _ := Layout(r.Doc, view, "light")
				freshLayouts = false
				if a, b := layoutJSON(t, sc), layoutJSON(t, fresh); a != b {
					t.Fatalf("workflow: the layout differs from the layout from scratch:\n%s\n%s", a, b)
				}
			}
			if err := Write(io.Discard, sc, "svg", RenderOptions{}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func layoutJSON(t *testing.T, sc *scene.Scene) string {
	t.Helper()
	b, err := json.Marshal(sc.Layout)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func finite(t *testing.T, view string, sc *scene.Scene) {
	t.Helper()
	bad := func(v ...float64) bool {
		for _, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return true
			}
		}
		return false
	}
	if bad(sc.Width, sc.Height) || sc.Width <= 0 || sc.Height <= 0 {
		t.Fatalf("%s: canvas %vx%v", view, sc.Width, sc.Height)
	}
	for _, n := range sc.Layout.Nodes {
		if bad(n.X, n.Y, n.W, n.H) || n.X < 0 || n.Y < 0 || n.X+n.W > sc.Width+0.01 || n.Y+n.H > sc.Height+0.01 {
			t.Fatalf("%s: node %s at %+v outside %vx%v", view, n.ID, n.Box, sc.Width, sc.Height)
		}
	}
	for _, e := range sc.Layout.Edges {
		for _, p := range e.Points {
			if bad(p[0], p[1]) {
				t.Fatalf("%s: edge %s has a non-finite point", view, e.ID)
			}
		}
	}
}

// exampleSources returns the code of every diagram in examples/, the
// fuzz targets' first inputs (none found fails the test: a fuzz target
// without them would test next to nothing).
func exampleSources(tb testing.TB) [][]byte {
	tb.Helper()
	paths, _ := filepath.Glob("../../examples/*.fz")
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		tb.Fatal("no diagram in ../../examples")
	}
	return out
}
