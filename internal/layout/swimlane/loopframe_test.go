package swimlane

import (
	"os"
	"path/filepath"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// loopStrangersMax is how many steps of the corpus may lie inside a loop
// frame that is not theirs.
const loopStrangersMax = 0

// TestLoopStrangersCorpus counts the steps that a loop frame takes in
// without being the loop's, over the quality corpus and the unseen
// diagrams.
func TestLoopStrangersCorpus(t *testing.T) {
	all := layouttest.QualityCorpus(t)
	for k, v := range layouttest.Unseen(t) {
		all[k] = v
	}
	withLoops, strangers, layouts := 0, 0, 0
	for name, src := range all {
		doc := layouttest.Compile(t, name, src)
		if len(doc.Loops) == 0 {
			continue
		}
		withLoops++
		l := Layout(doc, layout.DefaultEnv()).Layout
		if ps := layouttest.LoopStrangers(&l); len(ps) > 0 {
			layouts++
			strangers += len(ps)
			for _, p := range ps {
				t.Logf("%s: %s", name, p)
			}
		}
	}
	t.Logf("%d steps inside a frame not their loop's, in %d of %d layouts with loops", strangers, layouts, withLoops)
	// 14 in 7 layouts when every frame was the box around its loop's
	// steps; 3 with a band per lane (they lay between steps of the loop
	// in their lane); none since the bands may follow the rows.
	if strangers > loopStrangersMax {
		t.Errorf("%d steps inside a frame not their loop's, more than %d", strangers, loopStrangersMax)
	}
}

// TestLoopFrameSkipsOtherSteps: a loop over a step of the top lane and
// one of the bottom lane, with steps of its own lanes and of the lane
// between beside them, is framed by an outline that takes in none of
// them, holds its own steps and its title, and is bounded by its box.
func TestLoopFrameSkipsOtherSteps(t *testing.T) {
	// The interchange corpus's loop outline diagram: every export keeps
	// its outline too (internal/interchange/ixtest.OutlineFile).
	src, err := os.ReadFile(filepath.Join(layouttest.Root(), "test", "interchange", "testdata", "loop-outline.fz"))
	if err != nil {
		t.Fatal(err)
	}
	doc := layouttest.Compile(t, "loop-frame", string(src))
	sc := Layout(doc, layout.DefaultEnv())
	l := sc.Layout
	if ps := layouttest.LoopStrangers(&l); len(ps) > 0 {
		t.Errorf("steps inside the frame: %v", ps)
	}
	if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
	if len(l.Loops) != 1 {
		t.Fatalf("%d loops", len(l.Loops))
	}
	lp := l.Loops[0]
	if len(lp.Outline) == 0 {
		t.Fatal("no outline: the frame is the box around n3 and n6, which takes in n2, n4 and n7")
	}
	in := func(x, y float64) bool {
		return layouttest.InPolygon(lp.Outline, x, y)
	}
	for _, n := range l.Nodes {
		if (n.ID == "n3" || n.ID == "n6") && !in(n.X+n.W/2, n.Y+n.H/2) {
			t.Errorf("own step %s outside the outline", n.ID)
		}
	}
	for _, p := range lp.Outline {
		if p[0] < lp.X-0.01 || p[0] > lp.X+lp.W+0.01 || p[1] < lp.Y-0.01 || p[1] > lp.Y+lp.H+0.01 {
			t.Errorf("corner %v outside the box %+v", p, lp.Box)
		}
	}
	for _, it := range sc.Items {
		if g, ok := it.(*scene.Group); ok && g.Kind == "loop" {
			tx := g.Items[1].(*scene.Text)
			if !in(tx.X+2, tx.Y-4) {
				t.Errorf("title at %.1f,%.1f outside the outline %v", tx.X, tx.Y, lp.Outline)
			}
		}
	}
}
