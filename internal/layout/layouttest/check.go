package layouttest

import (
	"fmt"
	"math"

	"flowzap/internal/geom"
	"flowzap/internal/scene"
)

// Check returns every violated promise of a workflow-like layout (the
// workflow, architecture and mind map views): nodes inside their lanes and
// not overlapping; edges orthogonal, leaving and entering on their declared
// sides, never crossing a node; labels clear of nodes and each other;
// everything inside the canvas; no NaN.
func Check(l *scene.Layout) []string {
	var bad []string
	report := func(format string, args ...any) {
		if len(bad) < 20 {
			bad = append(bad, fmt.Sprintf(format, args...))
		}
	}
	canvas := geom.Rect{W: l.Width, H: l.Height}
	lanes := map[string]geom.Rect{}
	for _, ln := range l.Lanes {
		lanes[ln.ID] = boxRect(ln.Box)
		if !canvas.Contains(boxRect(ln.Box), 0.01) {
			report("lane %s outside the canvas", ln.ID)
		}
	}
	nodes := map[string]scene.NodeBox{}
	for i, n := range l.Nodes {
		nodes[n.ID] = n
		r := boxRect(n.Box)
		if nan(r.X, r.Y, r.W, r.H) || r.W <= 0 || r.H <= 0 {
			report("node %s has a bad box %+v", n.ID, r)
		}
		if lr, ok := lanes[n.Lane]; (ok || n.Lane != "") && !lr.Contains(r, 0.01) {
			report("node %s is not inside its lane %s", n.ID, n.Lane)
		}
		for _, o := range l.Nodes[i+1:] {
			if r.Overlaps(boxRect(o.Box)) {
				report("nodes %s and %s overlap", n.ID, o.ID)
			}
		}
	}
	var labels []geom.Rect
	for _, e := range l.Edges {
		pts := e.Points
		if len(pts) < 2 {
			report("edge %s has %d points", e.ID, len(pts))
			continue
		}
		for i, p := range pts {
			if nan(p[0], p[1]) || p[0] < 0 || p[1] < 0 || p[0] > l.Width || p[1] > l.Height {
				report("edge %s point %d %v outside the canvas", e.ID, i, p)
			}
			if i > 0 && p[0] != pts[i-1][0] && p[1] != pts[i-1][1] {
				report("edge %s segment %d is not orthogonal", e.ID, i)
			}
		}
		if i := DoublesBack(pts); i >= 0 {
			report("edge %s segment %d doubles back over segment %d", e.ID, i, i-1)
		}
		from, to := nodes[e.From], nodes[e.To]
		if msg := onSide(from, e.FromSide, pts[0], pts[1], true); msg != "" {
			report("edge %s source: %s", e.ID, msg)
		}
		if msg := onSide(to, e.ToSide, pts[len(pts)-1], pts[len(pts)-2], false); msg != "" {
			report("edge %s target: %s", e.ID, msg)
		}
		for i := 0; i+1 < len(pts); i++ {
			a, b := geom.Point{X: pts[i][0], Y: pts[i][1]}, geom.Point{X: pts[i+1][0], Y: pts[i+1][1]}
			for _, n := range l.Nodes {
				own := i == 0 && n.ID == e.From || i == len(pts)-2 && n.ID == e.To
				if own && n.Shape != "rectangle" && n.Shape != "taskbox" {
					continue // ports of round shapes lie inside their box
				}
				if geom.SegmentCrosses(a, b, boxRect(n.Box)) {
					report("edge %s segment %d crosses node %s", e.ID, i, n.ID)
				}
			}
		}
		if e.Label != nil {
			lr := boxRect(e.Label.Box)
			if !canvas.Contains(lr, 0.01) {
				report("label of %s outside the canvas", e.ID)
			}
			for _, n := range l.Nodes {
				if lr.Overlaps(boxRect(n.Box)) {
					report("label of %s overlaps node %s", e.ID, n.ID)
				}
			}
			for _, o := range labels {
				if lr.Overlaps(o) {
					report("label of %s overlaps another label", e.ID)
				}
			}
			labels = append(labels, lr)
		}
	}
	return bad
}

func nan(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return true
		}
	}
	return false
}

// onSide checks that p lies on n's border on side and that the route moves
// away from (source) or into (target) the node there.
func onSide(n scene.NodeBox, side string, p, next [2]float64, source bool) string {
	const eps = 0.6
	cx, cy := n.X+n.W/2, n.Y+n.H/2
	dx, dy := p[0]-cx, p[1]-cy
	a, b := n.W/2, n.H/2
	switch n.Shape {
	case "circle":
		// A circle, or an ellipse or pill as wide as its box (the mind
		// map's root): the ellipse meets the pill at the middle of each
		// side, where its routes end.
		if r := math.Hypot(dx/a, dy/b); math.Abs(r-1)*math.Min(a, b) > eps {
			return fmt.Sprintf("%v is not on the circle's border", p)
		}
	case "diamond":
		if math.Abs(math.Abs(dx)/a+math.Abs(dy)/b-1) > 0.02 {
			return fmt.Sprintf("%v is not on the diamond's border", p)
		}
	default:
		onX := math.Abs(dx) > a-eps && math.Abs(dx) < a+eps && math.Abs(dy) <= b+eps
		onY := math.Abs(dy) > b-eps && math.Abs(dy) < b+eps && math.Abs(dx) <= a+eps
		if !onX && !onY {
			return fmt.Sprintf("%v is not on the border", p)
		}
	}
	// The point must be in the half of the shape that faces side, and the
	// route must run perpendicular to that side.
	// next is the neighbouring point of the route, so next-p points away
	// from the node for sources and targets alike.
	mx, my := next[0]-p[0], next[1]-p[1]
	_ = source
	ok := false
	switch side {
	case "right":
		ok = dx > 0 && mx > 0 && my == 0
	case "left":
		ok = dx < 0 && mx < 0 && my == 0
	case "top":
		ok = dy < 0 && my < 0 && mx == 0
	case "bottom":
		ok = dy > 0 && my > 0 && mx == 0
	}
	if !ok {
		return fmt.Sprintf("%v does not leave/enter through the %s side", p, side)
	}
	return ""
}

// DoublesBack returns the index of the first segment of the orthogonal
// polyline pts that runs back along the segment before it (ignoring
// segments shorter than 0.01 px), or -1: such a route draws over itself,
// hides where it goes and (drawn with joins) smears into a wedge.
func DoublesBack(pts [][2]float64) int {
	pdx, pdy, prev := 0.0, 0.0, -1
	for i := 0; i+1 < len(pts); i++ {
		dx, dy := pts[i+1][0]-pts[i][0], pts[i+1][1]-pts[i][1]
		if math.Abs(dx)+math.Abs(dy) < 0.01 {
			continue
		}
		if prev >= 0 && (dx*pdx < 0 || dy*pdy < 0) {
			return i
		}
		pdx, pdy, prev = dx, dy, i
	}
	return -1
}

// Crossings counts the points where two edges' routes cross.
func Crossings(l *scene.Layout) int {
	routes := make([][]geom.Point, len(l.Edges))
	for i, e := range l.Edges {
		routes[i] = routeOf(e.Points)
	}
	n := 0
	for i := range routes {
		for j := i + 1; j < len(routes); j++ {
			n += geom.Crossings(routes[i], routes[j])
		}
	}
	return n
}

// TextLines returns, for each top-level group of sc with an ID (a lane,
// a node, an edge), the lines of its first text: a lane's title, a
// node's label, an edge's label, as wrapped.
func TextLines(sc *scene.Scene) map[string][]string {
	lines := map[string][]string{}
	for _, it := range sc.Items {
		g, ok := it.(*scene.Group)
		if !ok {
			continue
		}
		for _, x := range g.Items {
			if tx, ok := x.(*scene.Text); ok && len(lines[g.ID]) == 0 {
				lines[g.ID] = tx.Lines
			}
		}
	}
	return lines
}
