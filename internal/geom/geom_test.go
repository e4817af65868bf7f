package geom

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSimple: Simple is true exactly when Simplify keeps every point, on
// random orthogonal and repeated-point polylines.
func TestSimple(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		n := rng.IntN(7)
		pts := make([]Point, n)
		for i := range pts {
			pts[i] = Point{X: float64(rng.IntN(3)), Y: float64(rng.IntN(3))}
		}
		simplified := Simplify(pts)
		if got, want := Simple(pts), slices.Equal(simplified, pts); got != want {
			t.Fatalf("Simple(%v) = %v, Simplify gives %v", pts, got, simplified)
		}
		if len(pts) > 0 && &simplified[0] == &pts[0] {
			t.Fatalf("Simplify(%v) returned its input, want a copy", pts)
		}
	}
}

// TestPerpendicularCross: a crossing is strictly inside both segments;
// touching at an end, running along, or parallel is not.
func TestPerpendicularCross(t *testing.T) {
	h := [2]Point{{0, 5}, {10, 5}}
	for _, c := range []struct {
		v    [2]Point
		want bool
	}{
		{[2]Point{{5, 0}, {5, 10}}, true},
		{[2]Point{{5, 10}, {5, 0}}, true},
		{[2]Point{{5, 5}, {5, 10}}, false},   // ends on the line
		{[2]Point{{0, 0}, {0, 10}}, false},   // through its end
		{[2]Point{{12, 0}, {12, 10}}, false}, // beside it
		{[2]Point{{2, 5}, {8, 5}}, false},    // along it
	} {
		if got := PerpendicularCross(h[0], h[1], c.v[0], c.v[1]); got != c.want {
			t.Errorf("PerpendicularCross(%v, %v) = %v, want %v", h, c.v, got, c.want)
		}
		if got := PerpendicularCross(c.v[0], c.v[1], h[0], h[1]); got != c.want {
			t.Errorf("PerpendicularCross(%v, %v) = %v, want %v", c.v, h, got, c.want)
		}
	}
	// A staircase crosses a comb once on each of its steps.
	stairs := []Point{{0, 1}, {10, 1}, {10, 3}, {20, 3}}
	comb := []Point{{5, 0}, {5, 4}, {15, 4}, {15, 0}}
	if n := Crossings(stairs, comb); n != 2 {
		t.Errorf("Crossings = %d, want 2", n)
	}
}

func TestParallelGap(t *testing.T) {
	p := func(x, y float64) Point { return Point{X: x, Y: y} }
	cases := []struct {
		a0, a1, b0, b1 Point
		gap            float64
		ok             bool
	}{
		{p(0, 0), p(10, 0), p(5, 7), p(20, 7), 7, true},   // horizontal, overlapping
		{p(10, 0), p(0, 0), p(20, -3), p(9, -3), 3, true}, // either direction
		{p(0, 0), p(10, 0), p(10, 7), p(20, 7), 0, false}, // touching at a point only
		{p(0, 0), p(0, 10), p(4, 2), p(4, 30), 4, true},   // vertical
		{p(0, 0), p(0, 10), p(4, 11), p(4, 30), 0, false}, // vertical, apart along
		{p(0, 0), p(10, 0), p(4, -5), p(4, 5), 0, false},  // perpendicular
	}
	for _, c := range cases {
		gap, ok := ParallelGap(c.a0, c.a1, c.b0, c.b1)
		if gap != c.gap || ok != c.ok {
			t.Errorf("ParallelGap(%v, %v, %v, %v) = %v, %v; want %v, %v", c.a0, c.a1, c.b0, c.b1, gap, ok, c.gap, c.ok)
		}
	}
}
