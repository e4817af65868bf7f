package swimlane

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// laneChain is a chain of n steps, each in a lane of its own: the steps
// run along the drawing's diagonal, which is mostly empty.
func laneChain(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "l%d { # Lane %d\n  n%d: rectangle label:\"Step %d\"\n", i, i, i, i)
		if i < n {
			fmt.Fprintf(&b, "  n%d.handle(right) -> l%d.n%d.handle(left)\n", i, i+1, i+1)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// TestSegGridCellsBounded: a segment grid has at most gridCellsPerItem
// cells per step and edge (or minGridCells), however large and empty the
// drawing; a drawing of usual size keeps cells of gridCell.
func TestSegGridCellsBounded(t *testing.T) {
	for _, tc := range []struct {
		w, h  float64
		items int
	}{
		{368000, 232000, 4000},
		{736000, 464000, 8000},
		{1e7, 1e7, 1},
		{50, 1e8, 10},
	} {
		cell := segGridCell(tc.w, tc.h, tc.items)
		g := newSegGrid(tc.w, tc.h, cell)
		if limit := max(gridCellsPerItem*tc.items, minGridCells); g.nx*g.ny > limit {
			t.Errorf("%v × %v, %d items: %d × %d cells, want at most %d", tc.w, tc.h, tc.items, g.nx, g.ny, limit)
		}
		if k := g.cellOf(geom.Point{X: tc.w, Y: tc.h}); k != g.nx*g.ny-1 {
			t.Errorf("%v × %v: the far corner is in cell %d of %d", tc.w, tc.h, k, g.nx*g.ny)
		}
	}
	if cell := segGridCell(4000, 3000, 40); cell != gridCell {
		t.Errorf("a 4000 × 3000 drawing has cells of %v, want %v", cell, gridCell)
	}
}

// TestManyLanesMemory: a chain through four times as many lanes
// allocates about four times as much while it is laid out, not sixteen
// (its grids had cells of gridCell over the whole drawing: 2,000 lanes
// allocated 150 MB, 4,000 lanes 650 MB).
func TestManyLanesMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out 2,000 lanes")
	}
	alloc := func(n int) uint64 {
		doc := layouttest.Compile(t, "lanes", laneChain(n))
		env := layout.DefaultEnv()
		env.Fresh = true
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		l := Layout(doc, env).Layout
		runtime.ReadMemStats(&after)
		if len(l.Edges) != n-1 {
			t.Fatalf("%d lanes: %d edges drawn, want %d", n, len(l.Edges), n-1)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(500), alloc(2000)
	t.Logf("500 lanes: %d MB, 2000 lanes: %d MB", small>>20, large>>20)
	if ratio := float64(large) / float64(small); ratio > 8 {
		t.Errorf("4 times the lanes allocated %.1f times as much (%d MB, %d MB): want about 4", ratio, small>>20, large>>20)
	}
}

func BenchmarkManyLanes(b *testing.B) {
	for _, n := range []int{500, 1000, 2000, 4000} {
		doc := layouttest.Compile(b, "lanes", laneChain(n))
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			env := layout.DefaultEnv()
			env.Fresh = true
			for b.Loop() {
				Layout(doc, env)
			}
		})
	}
}

// hubChain is one lane whose first step has an edge to each of n others:
// every route runs down the column of steps, so the routes' grid holds
// them in a number of cells that grows with the square of n.
func hubChain(n int) string {
	var b strings.Builder
	b.WriteString("l { # Hub\n")
	for i := 1; i <= n+1; i++ {
		fmt.Fprintf(&b, "  n%d: rectangle label:\"Step %d\"\n", i, i)
	}
	for i := 2; i <= n+1; i++ {
		fmt.Fprintf(&b, "  n1 -> n%d\n", i)
	}
	b.WriteString("}\n")
	return b.String()
}

// BenchmarkHub lays out a hub of n edges in one lane (docs/benchmarks.md:
// the grid's cells hold 4-byte indexes of the segments, not copies).
func BenchmarkHub(b *testing.B) {
	for _, n := range []int{500, 1000, 2000, 4000} {
		doc := layouttest.Compile(b, "hub", hubChain(n))
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			env := layout.DefaultEnv()
			env.Fresh = true
			for b.Loop() {
				Layout(doc, env)
			}
		})
	}
}
