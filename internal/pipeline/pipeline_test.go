package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/testgen"
)

// TestGeneratedDiagramsAreStrictValid checks the generator used by the
// benchmarks and layout tests produces code that passes strict checks.
func TestGeneratedDiagramsAreStrictValid(t *testing.T) {
	for _, n := range []int{2, 5, 30, 200, 2000} {
		for seed := int64(0); seed < 5; seed++ {
			src := testgen.Diagram(testgen.Options{Nodes: n, Seed: seed})
			r := Check("gen.fz", []byte(src), Options{Strict: true})
			if !r.OK() {
				var b strings.Builder
				r.Diags.Print(&b, r.File)
				t.Fatalf("nodes=%d seed=%d: generated code is not strict-valid:\n%s", n, seed, b.String())
			}
			if got := len(r.Doc.Nodes); got != n {
				t.Errorf("nodes=%d seed=%d: got %d nodes", n, seed, got)
			}
		}
	}
}

// TestSeeds checks the two seed diagrams from the product pages: strict
// valid, with the counts the pages show.
func TestSeeds(t *testing.T) {
	cases := map[string][4]int{ // lanes, nodes, edges, cross-lane edges
		"seed-blue-green.fz":   {3, 20, 22, 5},
		"seed-event-driven.fz": {3, 19, 22, 5},
	}
	for name, want := range cases {
		src, err := os.ReadFile(filepath.Join("../../examples", name))
		if err != nil {
			t.Fatal(err)
		}
		r := Check(name, src, Options{Strict: true})
		if len(r.Diags) != 0 {
			t.Errorf("%s: unexpected diagnostics %v", name, r.Diags)
		}
		st := StatsOf(r)
		got := [4]int{st.LaneCount, st.NodeCount, st.EdgeCount, st.CrossLaneEdges}
		if got != want {
			t.Errorf("%s: stats %v, want %v", name, got, want)
		}
	}
}

func TestExportShape(t *testing.T) {
	r := Check("x.fz", []byte("a { # A\n  n1: circle label:\"S\"\n  n2: taskbox label:\"T|x|y\" owner:\"o\"\n  n1 -> n2\n}\n"), Options{})
	g := Export(r)
	if len(g.Lanes) != 1 || len(g.Nodes) != 2 || len(g.Edges) != 1 || g.Loops == nil {
		t.Fatalf("graph: %+v", g)
	}
	e := g.Edges[0]
	if e.ID != "e1" || e.SourceHandle != "right" || e.TargetHandle != "left" || !e.HandlesInferred || e.Label != nil {
		t.Errorf("edge: %+v", e)
	}
	n := g.Nodes[1]
	if n.Kind != "task" || n.Properties.Title != "T" || strings.Join(n.Properties.Items, ",") != "x,y" || n.Properties.Owner != "o" {
		t.Errorf("taskbox node: %+v", n)
	}
	if g.Nodes[0].Kind != "start" || g.Nodes[0].Span.Start.Line != 2 {
		t.Errorf("start node: %+v", g.Nodes[0])
	}
}

// BenchmarkCheck measures parse + check throughput on generated files.
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		src := []byte(testgen.Diagram(testgen.Options{Nodes: n, Seed: 1}))
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if r := Check("bench.fz", src, Options{Strict: true}); !r.OK() {
					b.Fatal("invalid")
				}
			}
		})
	}
}

// BenchmarkFormat measures the canonical formatter.
func BenchmarkFormat(b *testing.B) {
	src := []byte(testgen.Diagram(testgen.Options{Nodes: 10000, Seed: 1}))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Format("bench.fz", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFix measures the fixer on code that needs repairs everywhere.
func BenchmarkFix(b *testing.B) {
	src := testgen.Diagram(testgen.Options{Nodes: 10000, Seed: 1})
	src = strings.ReplaceAll(src, "label:", "label=")
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if r := Fix("bench.fz", []byte(src)); r.Code == nil {
			b.Fatal("not fixed")
		}
	}
}

// BenchmarkExport measures building the JSON graph.
func BenchmarkExport(b *testing.B) {
	src := []byte(testgen.Diagram(testgen.Options{Nodes: 10000, Seed: 1}))
	r := Check("bench.fz", src, Options{})
	for b.Loop() {
		Export(r)
	}
}
