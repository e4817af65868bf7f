package swimlane

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/golden"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/testgen"
	"flowzap/internal/textmeasure"
	"flowzap/internal/theme"
)

func compileSrc(t testing.TB, name, src string) *model.Document {
	return layouttest.Compile(t, name, src)
}

func corpus(t testing.TB) map[string]string { return layouttest.Corpus(t) }

// TestQuality lays out every diagram of the corpus and checks the
// geometric promises of the workflow view.
func TestQuality(t *testing.T) {
	for name, src := range corpus(t) {
		doc := compileSrc(t, name, src)
		sc := Layout(doc, layout.DefaultEnv())
		for _, problem := range Check(&sc.Layout) {
			t.Errorf("%s: %s", name, problem)
		}
	}
}

// Check returns every violated layout promise.
func Check(l *scene.Layout) []string {
	var bad []string
	report := func(format string, args ...any) {
		if len(bad) < 20 {
			bad = append(bad, fmt.Sprintf(format, args...))
		}
	}
	canvas := geom.Rect{W: l.Width, H: l.Height}
	rect := func(b scene.Box) geom.Rect { return geom.Rect{X: b.X, Y: b.Y, W: b.W, H: b.H} }
	lanes := map[string]geom.Rect{}
	for _, ln := range l.Lanes {
		lanes[ln.ID] = rect(ln.Box)
		if !canvas.Contains(rect(ln.Box), 0.01) {
			report("lane %s outside the canvas", ln.ID)
		}
	}
	nodes := map[string]scene.NodeBox{}
	for i, n := range l.Nodes {
		nodes[n.ID] = n
		r := rect(n.Box)
		if nan(r.X, r.Y, r.W, r.H) || r.W <= 0 || r.H <= 0 {
			report("node %s has a bad box %+v", n.ID, r)
		}
		if !lanes[n.Lane].Contains(r, 0.01) {
			report("node %s is not inside its lane %s", n.ID, n.Lane)
		}
		for _, o := range l.Nodes[i+1:] {
			if r.Overlaps(rect(o.Box)) {
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
				if geom.SegmentCrosses(a, b, rect(n.Box)) {
					report("edge %s segment %d crosses node %s", e.ID, i, n.ID)
				}
			}
		}
		if e.Label != nil {
			lr := rect(e.Label.Box)
			if !canvas.Contains(lr, 0.01) {
				report("label of %s outside the canvas", e.ID)
			}
			for _, n := range l.Nodes {
				if lr.Overlaps(rect(n.Box)) {
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
		if math.Abs(math.Hypot(dx, dy)-a) > eps {
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

// TestGolden keeps a small reviewable dump of two layouts measured with a
// fixed-advance font, so it moves only when the algorithm changes.
func TestGolden(t *testing.T) {
	env := layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light}
	for _, name := range []string{"hello", "ab-testing"} {
		src, err := os.ReadFile("../../../examples/" + name + ".fz")
		if err != nil {
			t.Fatal(err)
		}
		sc := Layout(compileSrc(t, name, string(src)), env)
		golden.Check(t, "testdata/"+name+".scene.golden", []byte(sc.Layout.Dump()))
	}
}

// TestOrderFollowsHandles checks that handles steer placement: right->left
// puts the target to the right, bottom->top into a later lane puts it below.
func TestOrderFollowsHandles(t *testing.T) {
	doc := compileSrc(t, "x", `a { # A
  n1: circle label:"S"
  n2: rectangle label:"Work"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> b.n3.handle(top)
}
b { # B
  n3: rectangle label:"Check"
}`)
	l := Layout(doc, layout.DefaultEnv()).Layout
	n := map[string]scene.NodeBox{}
	for _, x := range l.Nodes {
		n[x.ID] = x
	}
	if n["n2"].X <= n["n1"].X+n["n1"].W {
		t.Errorf("n2 should be right of n1: %+v %+v", n["n1"], n["n2"])
	}
	if n["n3"].Y <= n["n2"].Y+n["n2"].H {
		t.Errorf("n3 should be below n2")
	}
	if math.Abs((n["n3"].X+n["n3"].W/2)-(n["n2"].X+n["n2"].W/2)) > 0.5 {
		t.Errorf("a hand-off down should keep the column: n2 %+v n3 %+v", n["n2"], n["n3"])
	}
	if !strings.Contains(l.Dump(), "edge e2 n2>n3 bottom>top") {
		t.Errorf("dump lacks the hand-off:\n%s", l.Dump())
	}
}

func BenchmarkLayout(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		doc := compileSrc(b, "gen", testgen.Diagram(testgen.Options{Nodes: n, Seed: 1}))
		env := layout.DefaultEnv()
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			for b.Loop() {
				Layout(doc, env)
			}
		})
	}
}

// metrics counts edge crossings (pairs of segments of different edges that
// cross at a point inside both) and bends.
func metrics(l *scene.Layout) (crossings, bends int) {
	type seg struct {
		a, b [2]float64
		edge int
	}
	var segs []seg
	for i, e := range l.Edges {
		bends += max(0, len(e.Points)-2)
		for j := 0; j+1 < len(e.Points); j++ {
			segs = append(segs, seg{e.Points[j], e.Points[j+1], i})
		}
	}
	for i := range segs {
		for j := i + 1; j < len(segs); j++ {
			s, t := segs[i], segs[j]
			if s.edge == t.edge {
				continue
			}
			h, v := s, t
			if s.a[1] != s.b[1] {
				h, v = t, s
			}
			if h.a[1] != h.b[1] || v.a[0] != v.b[0] {
				continue // parallel
			}
			x, y := v.a[0], h.a[1]
			if x > math.Min(h.a[0], h.b[0]) && x < math.Max(h.a[0], h.b[0]) &&
				y > math.Min(v.a[1], v.b[1]) && y < math.Max(v.a[1], v.b[1]) {
				crossings++
			}
		}
	}
	return crossings, bends
}

// TestMetrics keeps bends and crossings low on the examples: on average at
// most two bends per edge, and fewer crossings than edges.
func TestMetrics(t *testing.T) {
	paths, _ := filepath.Glob("../../../examples/*.fz")
	for _, p := range paths {
		b, _ := os.ReadFile(p)
		l := Layout(compileSrc(t, p, string(b)), layout.DefaultEnv()).Layout
		c, bends := metrics(&l)
		n := len(l.Edges)
		t.Logf("%-32s edges %3d  bends %3d (%.2f per edge)  crossings %d", filepath.Base(p), n, bends, float64(bends)/float64(max(n, 1)), c)
		if float64(bends) > 2*float64(n) {
			t.Errorf("%s: %d bends for %d edges", p, bends, n)
		}
		if c > n {
			t.Errorf("%s: %d crossings for %d edges", p, c, n)
		}
	}
}
