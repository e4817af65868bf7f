package layout

import (
	"math/rand"
	"testing"

	"flowzap/internal/geom"
)

// TestRectIndexOverlaps checks the index against comparing every
// rectangle, below and above the count where it starts using buckets.
func TestRectIndexOverlaps(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	rect := func() geom.Rect {
		return geom.Rect{X: rng.Float64()*2000 - 200, Y: rng.Float64()*1500 - 100, W: rng.Float64() * 300, H: rng.Float64() * 120}
	}
	for _, n := range []int{0, 1, rectIndexScan, rectIndexScan + 1, 3 * rectIndexScan} {
		x := NewRectIndex()
		var all []geom.Rect
		for range n {
			r := rect()
			x.Add(r)
			all = append(all, r)
		}
		hits := 0
		for range 2000 {
			q := rect()
			want := false
			for _, o := range all {
				want = want || o.Overlaps(q)
			}
			if got := x.Overlaps(q); got != want {
				t.Fatalf("%d rectangles: Overlaps(%+v) = %v, want %v", n, q, got, want)
			}
			if want {
				hits++
			}
		}
		if n > 0 && hits == 0 {
			t.Fatalf("%d rectangles: no query overlapped anything (the test checks nothing)", n)
		}
	}
}
