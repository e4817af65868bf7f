// Package layouttest gives the layout engines' tests one shared corpus:
// every example plus random valid diagrams (with and without handles), and
// a helper to compile them. It is imported only by tests.
package layouttest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"

	"flowzap/internal/compile"
	"flowzap/internal/layout"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
	"flowzap/internal/testgen"
)

// Root returns the repository root.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// Compile parses and checks src (tolerantly) and fails the test on errors.
func Compile(t testing.TB, name, src string) *model.Document {
	t.Helper()
	f, pd := syntax.Parse(source.NewFile(name, []byte(src)))
	doc, cd := compile.File(f, compile.Options{})
	if pd.HasErrors() || cd.HasErrors() {
		t.Fatalf("%s: does not compile: %v %v", name, pd, cd)
	}
	return doc
}

// Examples returns the text of every file in examples/, by base name.
func Examples(t testing.TB) map[string]string {
	out := map[string]string{}
	paths, _ := filepath.Glob(filepath.Join(Root(), "examples", "*.fz"))
	if len(paths) < 15 {
		t.Fatalf("found only %d examples", len(paths))
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = string(b)
	}
	return out
}

var handles = regexp.MustCompile(`\.handle\(\w+\)`)

// Corpus returns the examples, the hand-made edge cases in
// layouttest/testdata, and random diagrams of up to 1,000 nodes, half of
// them with their handles removed.
func Corpus(t testing.TB) map[string]string {
	out := Examples(t)
	extra, _ := filepath.Glob(filepath.Join(Root(), "internal", "layout", "layouttest", "testdata", "*.fz"))
	for _, p := range extra {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out["edge-case "+filepath.Base(p)] = string(b)
	}
	for seed := int64(0); seed < 36; seed++ {
		n := []int{3, 8, 25, 60, 150, 400, 1000}[seed%7]
		src := testgen.Diagram(testgen.Options{Nodes: n, Seed: seed, Lanes: int(seed%4) + 1})
		out[fmt.Sprintf("random-%d-%d", n, seed)] = src
		out[fmt.Sprintf("random-nohandles-%d-%d", n, seed)] = handles.ReplaceAllString(src, "")
	}
	return out
}

// Bench measures a layout engine on generated diagrams of 100, 1,000 and
// 10,000 nodes (seed 1), one sub-benchmark each.
func Bench(b *testing.B, lay func(*model.Document, layout.Env) *scene.Scene) {
	for _, n := range []int{100, 1000, 10000} {
		doc := Compile(b, "gen", testgen.Diagram(testgen.Options{Nodes: n, Seed: 1}))
		env := layout.DefaultEnv()
		env.Fresh = true // the whole layout, every time
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			for b.Loop() {
				lay(doc, env)
			}
		})
	}
}

// BenchSeeds measures a layout engine on the two seed diagrams of
// examples/ (seed-blue-green, seed-event-driven), one sub-benchmark each.
func BenchSeeds(b *testing.B, lay func(*model.Document, layout.Env) *scene.Scene) {
	ex := Examples(b)
	for _, name := range []string{"seed-blue-green.fz", "seed-event-driven.fz"} {
		doc := Compile(b, name, ex[name])
		env := layout.DefaultEnv()
		env.Fresh = true
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				lay(doc, env)
			}
		})
	}
}
