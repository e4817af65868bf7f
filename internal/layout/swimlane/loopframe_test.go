package swimlane

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/geom"

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

// TestLoopTitlesAndSelfEdges lays out generated loops with long
// conditions whose last step waits on itself with a long label: each
// frame's title stays inside its frame (shortened with an ellipsis when
// it is wider), each step's edge to itself and its label lie inside the
// frames of the loops that hold the step, and every quality rule holds
// (the label on its own loop, crossed by nothing).
func TestLoopTitlesAndSelfEdges(t *testing.T) {
	env := layout.DefaultEnv()
	words := strings.Fields("until every item of the order is reserved or the order times out after an hour without progress from the warehouse")
	rng := rand.New(rand.NewSource(11))
	for c := 0; c < 24; c++ {
		steps := 2 + rng.Intn(3)
		var b strings.Builder
		b.WriteString("a { # Requests\nn1: circle label:\"Start\"\n")
		b.WriteString("n1.handle(bottom) -> w.n2.handle(top) [label=\"submit\"]\n}\nw { # Warehouse\n")
		var ids []string
		for k := 0; k < steps; k++ {
			id := fmt.Sprintf("n%d", k+2)
			ids = append(ids, id)
			fmt.Fprintf(&b, "%s: rectangle label:\"Step %d of the wave\"\n", id, k+1)
			if k > 0 {
				fmt.Fprintf(&b, "n%d.handle(right) -> %s.handle(left)\n", k+1, id)
			}
		}
		last := ids[len(ids)-1]
		side := []string{"right", "bottom", "top"}[rng.Intn(3)]
		fmt.Fprintf(&b, "%s.handle(%s) -> %s.handle(%s) [label=\"wait for the wave to close (up to %d min)\"]\n", last, side, last, side, 5+rng.Intn(30))
		if rng.Intn(2) == 0 {
			fmt.Fprintf(&b, "%s.handle(top) -> a.n1.handle(bottom) [label=\"reserved\"]\n", last)
		}
		cond := strings.Join(words[:6+rng.Intn(len(words)-6)], " ")
		fmt.Fprintf(&b, "loop [%s] %s\n}\n", cond, strings.Join(ids, " "))
		src := b.String()
		doc := layouttest.Compile(t, fmt.Sprint("case", c), src)
		sc := Layout(doc, env)
		l := sc.Layout
		for _, p := range layouttest.Quality(doc, &l) {
			t.Errorf("case %d: %s\n%s", c, p, src)
		}
		frame := geom.Rect{X: l.Loops[0].Box.X, Y: l.Loops[0].Box.Y, W: l.Loops[0].Box.W, H: l.Loops[0].Box.H}
		for _, it := range sc.Items {
			g, ok := it.(*scene.Group)
			if !ok || g.Kind != "loop" {
				continue
			}
			for _, x := range g.Items {
				if tx, ok := x.(*scene.Text); ok {
					w := env.Measure.Width(tx.Lines[0], tx.Size, false)
					if tx.X < frame.X || tx.X+w > frame.Right()+0.5 {
						t.Errorf("case %d: the title %q (x %.0f-%.0f) leaves its frame (x %.0f-%.0f)\n%s", c, tx.Lines[0], tx.X, tx.X+w, frame.X, frame.Right(), src)
					}
				}
			}
		}
		for _, e := range l.Edges {
			if e.From != e.To {
				continue
			}
			for _, p := range e.Points {
				if !frame.Contains(geom.Rect{X: p[0], Y: p[1]}, 0.5) {
					t.Errorf("case %d: the edge of %s to itself leaves the loop's frame at (%.0f, %.0f)\n%s", c, e.From, p[0], p[1], src)
					break
				}
			}
			if lb := e.Label; lb != nil && !frame.Contains(geom.Rect{X: lb.X, Y: lb.Y, W: lb.W, H: lb.H}, 0.5) {
				t.Errorf("case %d: the label of %s's edge to itself (%+v) is not inside the loop's frame (%+v)\n%s", c, e.From, *lb, frame, src)
			}
		}
	}
}
