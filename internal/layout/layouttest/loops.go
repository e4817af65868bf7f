package layouttest

import (
	"fmt"

	"flowzap/internal/scene"
)

// LoopStrangers returns, for each loop frame of a workflow layout that
// takes in a node which is not the loop's, "loop N frames node X": a node
// of another lane or outside the loop whose centre lies inside the
// frame's outline (its box when it has no outline), which reads as part
// of the loop.
func LoopStrangers(l *scene.Layout) []string {
	var out []string
	for i, lp := range l.Loops {
		own := map[string]bool{}
		for _, id := range lp.Nodes {
			own[id] = true
		}
		poly := lp.Outline
		if len(poly) == 0 {
			poly = [][2]float64{{lp.X, lp.Y}, {lp.X + lp.W, lp.Y}, {lp.X + lp.W, lp.Y + lp.H}, {lp.X, lp.Y + lp.H}}
		}
		for _, n := range l.Nodes {
			if !own[n.ID] && InPolygon(poly, n.X+n.W/2, n.Y+n.H/2) {
				out = append(out, fmt.Sprintf("loop %d frames node %s", i+1, n.ID))
			}
		}
	}
	return out
}

// InPolygon reports whether (x, y) lies inside the closed polygon pts (even-odd rule).
func InPolygon(pts [][2]float64, x, y float64) bool {
	in := false
	for i, j := 0, len(pts)-1; i < len(pts); j, i = i, i+1 {
		a, b := pts[i], pts[j]
		if (a[1] > y) != (b[1] > y) && x < a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
			in = !in
		}
	}
	return in
}
