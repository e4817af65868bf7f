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
