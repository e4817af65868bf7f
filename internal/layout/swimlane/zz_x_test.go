package swimlane

import (
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

func TestZZX(t *testing.T) {
	ex := layouttest.Examples(t)
	doc := layouttest.Compile(t, "bg", ex["seed-blue-green.fz"])
	s := newState(doc, layout.DefaultEnv())
	memoOff = true
	Layout(doc, layout.DefaultEnv())
	_ = s
	sc := Layout(doc, layout.DefaultEnv())
	es := sc.Layout.Edges
	for i := range es {
		for j := i + 1; j < len(es); j++ {
			a, b := es[i].Points, es[j].Points
			for x := 0; x+1 < len(a); x++ {
				for y := 0; y+1 < len(b); y++ {
					p := func(q [2]float64) (r struct{ X, Y float64 }) { r.X, r.Y = q[0], q[1]; return }
					if perpendicularCross(gp(p(a[x])), gp(p(a[x+1])), gp(p(b[y])), gp(p(b[y+1]))) {
						t.Logf("%s(%s>%s) x %s(%s>%s) at seg %v-%v / %v-%v", es[i].ID, es[i].From, es[i].To, es[j].ID, es[j].From, es[j].To, a[x], a[x+1], b[y], b[y+1])
					}
				}
			}
		}
	}
}

func gp(r struct{ X, Y float64 }) (p geom.Point) { return geom.Point{X: r.X, Y: r.Y} }
