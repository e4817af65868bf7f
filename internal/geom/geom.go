// Package geom holds the geometry value types shared by layout and
// rendering: points, sizes, rectangles and orthogonal polylines, in pixels
// with a top-left origin and y growing downwards.
package geom

import (
	"cmp"
	"math"
	"slices"
)

// Point is a position.
type Point struct{ X, Y float64 }

// Rect is an axis-aligned rectangle.
type Rect struct{ X, Y, W, H float64 }

// Right returns the x of the right edge.
func (r Rect) Right() float64 { return r.X + r.W }

// Bottom returns the y of the bottom edge.
func (r Rect) Bottom() float64 { return r.Y + r.H }

// Center returns the centre point.
func (r Rect) Center() Point { return Point{r.X + r.W/2, r.Y + r.H/2} }

// Inset returns r grown by d on every side (shrunk when d < 0).
func (r Rect) Inset(d float64) Rect { return Rect{r.X - d, r.Y - d, r.W + 2*d, r.H + 2*d} }

// Overlaps reports whether the interiors of r and o intersect.
func (r Rect) Overlaps(o Rect) bool {
	return r.X < o.Right() && o.X < r.Right() && r.Y < o.Bottom() && o.Y < r.Bottom()
}

// Contains reports whether o lies inside r (edges may touch), with a
// tolerance of eps.
func (r Rect) Contains(o Rect, eps float64) bool {
	return o.X >= r.X-eps && o.Y >= r.Y-eps && o.Right() <= r.Right()+eps && o.Bottom() <= r.Bottom()+eps
}

// Union returns the smallest rectangle holding r and o.
func (r Rect) Union(o Rect) Rect {
	x, y := math.Min(r.X, o.X), math.Min(r.Y, o.Y)
	return Rect{x, y, math.Max(r.Right(), o.Right()) - x, math.Max(r.Bottom(), o.Bottom()) - y}
}

// SegmentCrosses reports whether the axis-parallel segment a-b passes
// through the interior of r (touching its border does not count).
// Differences below 1e-6 px are rounding, not crossings.
func SegmentCrosses(a, b Point, r Rect) bool {
	const eps = 1e-6
	if a.Y == b.Y { // horizontal
		x0, x1 := math.Min(a.X, b.X), math.Max(a.X, b.X)
		return a.Y > r.Y+eps && a.Y < r.Bottom()-eps && x1 > r.X+eps && x0 < r.Right()-eps
	}
	y0, y1 := math.Min(a.Y, b.Y), math.Max(a.Y, b.Y)
	return a.X > r.X+eps && a.X < r.Right()-eps && y1 > r.Y+eps && y0 < r.Bottom()-eps
}

// Simplify drops repeated points and points in the middle of a straight
// run of an orthogonal polyline.
func Simplify(pts []Point) []Point {
	if Simple(pts) {
		return slices.Clone(pts)
	}
	return SimplifyInto(pts[:0:0], pts)
}

// SimplifyInto is Simplify writing into dst's storage from its start (a
// buffer reused from call to call; it must not share memory with pts).
func SimplifyInto(dst, pts []Point) []Point {
	dst = dst[:0]
	for _, p := range pts {
		if n := len(dst); n > 0 && dst[n-1] == p {
			continue
		}
		if n := len(dst); n >= 2 {
			a, b := dst[n-2], dst[n-1]
			if a.X == b.X && b.X == p.X || a.Y == b.Y && b.Y == p.Y {
				dst[n-1] = p
				continue
			}
		}
		dst = append(dst, p)
	}
	return dst
}

// PerpendicularCross reports whether two axis-parallel segments a-b and
// c-d, one horizontal and one vertical, cross at a point strictly inside
// both (touching at an end is not crossing).
func PerpendicularCross(a, b, c, d Point) bool {
	if a.Y == b.Y && c.X == d.X {
		return c.X > math.Min(a.X, b.X) && c.X < math.Max(a.X, b.X) && a.Y > math.Min(c.Y, d.Y) && a.Y < math.Max(c.Y, d.Y)
	}
	if a.X == b.X && c.Y == d.Y {
		return PerpendicularCross(c, d, a, b)
	}
	return false
}

// Crossings counts the points where two orthogonal polylines cross
// (PerpendicularCross of every pair of their segments).
func Crossings(a, b []Point) int {
	n := 0
	for i := 0; i+1 < len(a); i++ {
		for j := 0; j+1 < len(b); j++ {
			if PerpendicularCross(a[i], a[i+1], b[j], b[j+1]) {
				n++
			}
		}
	}
	return n
}

// Simple reports whether Simplify would keep every point of pts: no
// point repeats the one before it and no three in a row lie on one
// horizontal or vertical line.
func Simple(pts []Point) bool {
	for i := 1; i < len(pts); i++ {
		if pts[i] == pts[i-1] {
			return false
		}
		if i >= 2 {
			a, b, p := pts[i-2], pts[i-1], pts[i]
			if a.X == b.X && b.X == p.X || a.Y == b.Y && b.Y == p.Y {
				return false
			}
		}
	}
	return true
}

// Dist returns the Euclidean distance between a and b.
func Dist(a, b Point) float64 { return math.Hypot(b.X-a.X, b.Y-a.Y) }

// RectDistance returns the distance from r to the nearest point of the
// orthogonal polyline pts (0 where they touch or overlap; +Inf for fewer
// than two points).
func RectDistance(r Rect, pts []Point) float64 {
	best := math.Inf(1)
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		dx := math.Max(0, math.Max(r.X-math.Max(a.X, b.X), math.Min(a.X, b.X)-r.Right()))
		dy := math.Max(0, math.Max(r.Y-math.Max(a.Y, b.Y), math.Min(a.Y, b.Y)-r.Bottom()))
		best = math.Min(best, math.Hypot(dx, dy))
	}
	return best
}

// Toward returns the point d pixels from a on the way to b (a itself when
// they coincide).
func Toward(a, b Point, d float64) Point {
	l := Dist(a, b)
	if l == 0 {
		return a
	}
	f := d / l
	return Point{X: a.X + (b.X-a.X)*f, Y: a.Y + (b.Y-a.Y)*f}
}

// SharedRuns counts the pairs of routes that run along one line: an axis-
// parallel segment of one and a segment of the other on the same line
// (within 1 px) that overlap by more than 2 px. Such routes read as one
// line in the picture.
func SharedRuns(routes [][]Point) int {
	type run struct {
		route  int
		lo, hi float64
	}
	lines := map[[2]int64][]run{} // (horizontal?, coordinate rounded to 1 px)
	for i, pts := range routes {
		for k := 0; k+1 < len(pts); k++ {
			a, b := pts[k], pts[k+1]
			var r run
			var key [2]int64
			switch {
			case a.X == b.X && a.Y != b.Y:
				r, key = run{i, math.Min(a.Y, b.Y), math.Max(a.Y, b.Y)}, [2]int64{0, int64(math.Round(a.X))}
			case a.Y == b.Y && a.X != b.X:
				r, key = run{i, math.Min(a.X, b.X), math.Max(a.X, b.X)}, [2]int64{1, int64(math.Round(a.Y))}
			default:
				continue
			}
			lines[key] = append(lines[key], r)
		}
	}
	pairs := map[[2]int]bool{}
	for key, rs := range lines {
		near := rs
		if other, ok := lines[[2]int64{key[0], key[1] + 1}]; ok { // within 1 px across a rounding boundary
			near = append(append([]run(nil), rs...), other...)
		}
		slices.SortFunc(near, func(a, b run) int { return cmp.Compare(a.lo, b.lo) })
		for i, a := range near {
			for _, b := range near[i+1:] {
				if b.lo >= a.hi-2 {
					break
				}
				if a.route != b.route && math.Min(a.hi, b.hi)-b.lo > 2 {
					pairs[[2]int{min(a.route, b.route), max(a.route, b.route)}] = true
				}
			}
		}
	}
	return len(pairs)
}

// ParallelGap returns the distance between two axis-parallel segments
// that run the same way and overlap along it by more than a point, and
// whether they do.
func ParallelGap(a0, a1, b0, b1 Point) (float64, bool) {
	switch {
	case a0.Y == a1.Y && b0.Y == b1.Y:
		if math.Min(math.Max(a0.X, a1.X), math.Max(b0.X, b1.X)) > math.Max(math.Min(a0.X, a1.X), math.Min(b0.X, b1.X)) {
			return math.Abs(a0.Y - b0.Y), true
		}
	case a0.X == a1.X && b0.X == b1.X:
		if math.Min(math.Max(a0.Y, a1.Y), math.Max(b0.Y, b1.Y)) > math.Max(math.Min(a0.Y, a1.Y), math.Min(b0.Y, b1.Y)) {
			return math.Abs(a0.X - b0.X), true
		}
	}
	return 0, false
}
