package swimlane

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/golden"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/textmeasure"
	"flowzap/internal/theme"
)

func compileSrc(t testing.TB, name, src string) *model.Document {
	return layouttest.Compile(t, name, src)
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

func BenchmarkLayout(b *testing.B) { layouttest.Bench(b, Layout) }

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

// TestSameFaceHandOffPlacesItsTarget: a forward edge that leaves and
// enters by the same face (a courier found, handed round the lane's
// bottom to the kitchen) places its target after its source when nothing
// else does, so the flow reads left to right instead of running back to
// the far left, where the target would otherwise be pulled next to what
// it feeds.
func TestSameFaceHandOffPlacesItsTarget(t *testing.T) {
	doc := compileSrc(t, "x", `kitchen { # Kitchen
  n1: rectangle label:"Prepare food"
  n1.handle(right) -> courier.n5.handle(left) [label="ready"]
}
courier { # Courier
  n2: circle label:"Start"
  n3: rectangle label:"Find courier"
  n4: diamond label:"Found?"
  n5: rectangle label:"Pick up"
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n4.handle(left)
  n4.handle(top) -> n3.handle(top) [label="No"]
  n4.handle(bottom) -> kitchen.n1.handle(bottom) [label="Yes"]
}`)
	l := Layout(doc, layout.DefaultEnv()).Layout
	n := map[string]scene.NodeBox{}
	for _, x := range l.Nodes {
		n[x.ID] = x
	}
	cx := func(id string) float64 { return n[id].X + n[id].W/2 }
	if cx("n1") < cx("n4")-1 {
		t.Errorf("Prepare food (centre x %.0f) should not come before the decision (centre x %.0f) that hands over to it", cx("n1"), cx("n4"))
	}
	if n["n5"].X <= n["n1"].X {
		t.Errorf("Pick up (x %.0f) should follow Prepare food (x %.0f)", n["n5"].X, n["n1"].X)
	}
}
