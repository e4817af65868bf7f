package layout

import (
	"flowzap/internal/geom"
	"flowzap/internal/model"
)

// WindsRound reports whether route pts, one of whose ends lies on side of
// r (a node's box) and whose other end is other, winds round r without
// need: beyond the side of r opposite side it runs level with r (a
// segment along that side whose span overlaps r's: out of a node's
// right, over its top and down past its left), although other does not
// lie on or beyond that side (within a pixel). Such a loop round a node
// reads worse than a crossing. A route that passes beyond the far side
// only above or below the node (an S from one node's right side to the
// left side of the node under it) does not wind.
func WindsRound(r geom.Rect, side model.Side, pts []geom.Point, other geom.Point) bool {
	if BeyondSide(r.Inset(-1), side, other) {
		return false
	}
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		if !BeyondSide(r, side, a) || !BeyondSide(r, side, b) {
			continue
		}
		if side == model.Left || side == model.Right {
			if min(a.Y, b.Y) < r.Bottom() && max(a.Y, b.Y) > r.Y {
				return true
			}
		} else if min(a.X, b.X) < r.Right() && max(a.X, b.X) > r.X {
			return true
		}
	}
	return false
}

// BeyondSide reports whether p lies beyond the side of r opposite side
// (left of r for its right side).
func BeyondSide(r geom.Rect, side model.Side, p geom.Point) bool {
	switch side {
	case model.Bottom:
		return p.Y < r.Y
	case model.Top:
		return p.Y > r.Bottom()
	case model.Left:
		return p.X > r.Right()
	case model.Right:
		return p.X < r.X
	}
	return false
}
