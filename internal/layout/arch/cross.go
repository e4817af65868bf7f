package arch

import "flowzap/internal/geom"

// The crossing counts below are geom.PerpendicularCross and geom.Crossings
// without math.Min and math.Max (whose NaN and signed-zero handling the
// routes, finite coordinates, never need): they are the inner loops of
// the untangling and rerouting, and give the same counts.

// perpCross reports whether segments a-b and c-d, one horizontal and one
// vertical, cross at a point inside both (as geom.PerpendicularCross).
func perpCross(a, b, c, d geom.Point) bool {
	switch {
	case a.Y == b.Y && c.X == d.X:
		return strictlyBetween(c.X, a.X, b.X) && strictlyBetween(a.Y, c.Y, d.Y)
	case a.X == b.X && c.Y == d.Y:
		return strictlyBetween(a.X, c.X, d.X) && strictlyBetween(c.Y, a.Y, b.Y)
	}
	return false
}

// strictlyBetween reports whether v lies strictly between p and q.
func strictlyBetween(v, p, q float64) bool {
	if p > q {
		p, q = q, p
	}
	return v > p && v < q
}

// crossings counts the points where two orthogonal routes cross (as
// geom.Crossings).
func crossings(a, b []geom.Point) int {
	n := 0
	for i := 0; i+1 < len(a); i++ {
		p, q := a[i], a[i+1]
		for j := 0; j+1 < len(b); j++ {
			if perpCross(p, q, b[j], b[j+1]) {
				n++
			}
		}
	}
	return n
}

// crossingsAndShared is crossings(a, b) plus the number of segments of a
// that lie on one line with a segment of b over some length (a shared
// run), in one pass over the pairs of segments.
func crossingsAndShared(a, b []geom.Point) int {
	n := 0
	for i := 0; i+1 < len(a); i++ {
		p, q := a[i], a[i+1]
		shared := false
		for j := 0; j+1 < len(b); j++ {
			if perpCross(p, q, b[j], b[j+1]) {
				n++
			} else if !shared && collinearOverlap(p, q, b[j], b[j+1]) {
				shared = true
			}
		}
		if shared {
			n++
		}
	}
	return n
}

// crossAtAll reports whether crossings(a, b) > 0, stopping at the first.
func crossAtAll(a, b []geom.Point) bool {
	for i := 0; i+1 < len(a); i++ {
		p, q := a[i], a[i+1]
		for j := 0; j+1 < len(b); j++ {
			if perpCross(p, q, b[j], b[j+1]) {
				return true
			}
		}
	}
	return false
}
