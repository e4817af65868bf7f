package swimlane

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
	"flowzap/internal/testgen"
)

// TestFacingPortsShareNoRun: in the identity check of the unseen set,
// "Take selfie" hands down to the next column ("liveness video", e3)
// while the node under it answers up into it ("ask for selfie", e6), so
// the two edges' ports face each other across the gap between the lanes.
// The channel must give the edge that turns down the lower track; the
// other way round their turns run along each other and read as one line.
func TestFacingPortsShareNoRun(t *testing.T) {
	src := layouttest.Unseen(t)["unseen kyc-retake.fz"]
	doc := layouttest.Compile(t, "kyc", src)
	env := layout.DefaultEnv()
	env.Fresh = true
	l := Layout(doc, env).Layout
	pair := l
	pair.Edges = nil
	for _, e := range l.Edges {
		if e.ID == "e3" || e.ID == "e6" {
			pair.Edges = append(pair.Edges, e)
		}
	}
	if len(pair.Edges) != 2 {
		t.Fatalf("want edges e3 and e6, got %d", len(pair.Edges))
	}
	if n := layouttest.SharedRuns(&pair); n != 0 {
		t.Errorf("e3 and e6 run along each other: %v and %v", pair.Edges[0].Points, pair.Edges[1].Points)
	}
}

// TestSharedRunsOnTheCorpus bounds the pairs of edges that run along each
// other over the whole quality corpus (190 before the channels weighed
// them, 19 after; 29 with the random hubs and approval flows, 22 once the
// untangling added none, none since separateEnds moves a port whose run
// lies along another route; one since untangle also swaps routes that run
// along each other: random hub 31's layout with its hand-offs stepped
// (keepFewerCrossingsFlow) then crosses 8 times instead of 13 with one
// run along another, which that choice weighs as one and a half
// crossings, and is kept).
func TestSharedRunsOnTheCorpus(t *testing.T) {
	const sharedRunsMax = 1
	total := 0
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		if len(doc.Edges) > 400 {
			continue
		}
		l := Layout(doc, layout.DefaultEnv()).Layout
		if n := layouttest.SharedRuns(&l); n > 0 {
			t.Logf("%s: %d pairs of edges run along each other", name, n)
			total += n
		}
	}
	if total > sharedRunsMax {
		t.Errorf("%d pairs of edges run along each other on the quality corpus, want at most %d", total, sharedRunsMax)
	}
}

// TestUntangleAddsNoSharedRun: the untangling swaps two routes' tracks
// (or ports) when they then cross less; the track one of them takes may
// hold a third route that the channels put there beside the swapped one,
// and the moved segment then runs along it. In these random diagrams such
// a swap put two edges out of (or into) one node on one line, weighed as
// one crossing against the two it spared (as in random-hub 9, where the
// two edges leaving "Step 1" by its bottom ran on one horizontal line
// for 170 px). Without separateEnds, which moves ports off such runs
// afterwards, no swap may add a run along another route.
func TestUntangleAddsNoSharedRun(t *testing.T) {
	separateEndsTry, flowTry = false, false // the untangling's routes alone
	defer func() { separateEndsTry, flowTry = true, true }()
	env := layout.DefaultEnv()
	env.Fresh = true
	for _, c := range []struct {
		hub  bool
		seed int64
	}{{true, 9}, {true, 28}, {true, 31}, {true, 39}, {false, 61}} {
		src, name := testgen.RandomApproval(c.seed), fmt.Sprintf("random-approval %d", c.seed)
		if c.hub {
			src, name = testgen.RandomHub(c.seed), fmt.Sprintf("random-hub %d", c.seed)
		}
		l := Layout(layouttest.Compile(t, name, src), env).Layout
		if n := layouttest.SharedRuns(&l); n > 0 {
			t.Errorf("%s: %d pairs of edges run along each other, want none", name, n)
		}
	}
}

// TestPortMovedOffSharedRun: in the idempotent-consumer template, "nack"
// goes up from "Roll back" into "Redeliver later" and "message id m-42"
// comes down from the delivered message into "Begin transaction", right
// under it; both nodes' ports lay on one line, so the two end runs
// overlapped across the gap between the two nodes and read as one edge
// with an arrowhead at each end. separateEnds moves the lower port along
// its side: the two edges now cross, a crossing the shared run hid.
func TestPortMovedOffSharedRun(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(layouttest.Root(), "gallery", "templates", "idempotent-consumer.fz"))
	if err != nil {
		t.Fatal(err)
	}
	doc := layouttest.Compile(t, "idempotent-consumer", string(src))
	env := layout.DefaultEnv()
	env.Fresh = true
	if n := layouttest.SharedRuns(&Layout(doc, env).Layout); n != 0 {
		t.Errorf("%d pairs of edges run along each other, want none", n)
	}
	separateEndsTry = false
	defer func() { separateEndsTry = true }()
	if n := layouttest.SharedRuns(&Layout(doc, env).Layout); n == 0 {
		t.Errorf("without separateEnds no edges run along each other: the test no longer tells")
	}
}

// TestNestedLoopFrames: a loop whose nodes all belong to another loop is
// framed inside it, and two frames that overlap never put their titles
// on one line.
func TestNestedLoopFrames(t *testing.T) {
	doc := layouttest.Compile(t, "nested", layouttest.Unseen(t)["unseen nested-loops.fz"])
	env := layout.DefaultEnv()
	env.Fresh = true
	l := Layout(doc, env).Layout
	if len(l.Loops) != 2 {
		t.Fatalf("want 2 loops, got %d", len(l.Loops))
	}
	outer, inner := l.Loops[0].Box, l.Loops[1].Box
	if !(outer.X < inner.X && outer.Y < inner.Y && inner.X+inner.W < outer.X+outer.W && inner.Y+inner.H < outer.Y+outer.H) {
		t.Errorf("inner loop %+v is not inside the outer one %+v", inner, outer)
	}
	if inner.Y-outer.Y < loopTitleH {
		t.Errorf("titles on one line: frames at y %.1f and %.1f", outer.Y, inner.Y)
	}
}

// loopTitlesCrossed counts the loop titles of sc that an edge crosses or
// an edge label covers.
func loopTitlesCrossed(env layout.Env, sc *scene.Scene) (crossed, total int) {
	for _, it := range sc.Items {
		g, ok := it.(*scene.Group)
		if !ok || g.Kind != "loop" || len(g.Items) < 2 {
			continue
		}
		var fr geom.Rect // the frame's box, or its outline's
		switch f := g.Items[0].(type) {
		case *scene.Rect:
			fr = f.R
		case *scene.Path:
			fr = bounds(f.Points)
		default:
			continue
		}
		text, ok := g.Items[1].(*scene.Text)
		if !ok {
			continue
		}
		total++
		w := env.Measure.Width(text.Lines[0], text.Size, false)
		r := geom.Rect{X: text.X, Y: text.Y - 11, W: w, H: loopTitleH - 4} // the strip the title sits in
		// The title sits in its frame's top strip, or in its bottom one.
		top, bottom := fr.Y, fr.Bottom()-loopTitleH
		hit := math.Abs(r.Y-2-top) > 0.01 && math.Abs(r.Y-2-bottom) > 0.01
		for _, e := range sc.Layout.Edges {
			for i := 0; i+1 < len(e.Points); i++ {
				a, b := e.Points[i], e.Points[i+1]
				if geom.SegmentCrosses(geom.Point{X: a[0], Y: a[1]}, geom.Point{X: b[0], Y: b[1]}, r) {
					hit = true
				}
			}
			if e.Label != nil && r.Overlaps(geom.Rect{X: e.Label.X, Y: e.Label.Y, W: e.Label.W, H: e.Label.H}) {
				hit = true
			}
		}
		if hit {
			crossed++
		}
	}
	return crossed, total
}

// TestLoopTitlesClear: a loop's title slides along the top of its frame
// to a place no edge crosses and no edge label covers, when there is one,
// else the frame reaches higher, else (a frame nested in another, an edge
// along its top) the title goes below its nodes: no title of the quality
// corpus is crossed (30 of 147 were before).
func TestLoopTitlesClear(t *testing.T) {
	env := layout.DefaultEnv()
	env.Fresh = true
	crossed, total := 0, 0
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		if len(doc.Loops) == 0 || len(doc.Nodes) > 400 {
			continue
		}
		c, n := loopTitlesCrossed(env, Layout(doc, env))
		crossed += c
		total += n
		if c > 0 {
			t.Logf("%s: %d of %d loop titles crossed", name, c, n)
		}
	}
	t.Logf("%d of %d loop titles crossed", crossed, total)
	if total < 100 || crossed > 0 {
		t.Errorf("%d of %d loop titles crossed, want none", crossed, total)
	}
}

// TestManyLoopsPlainFrames: thousands of loops (every pair of neighbours
// in a chain, many times over: the first ones nest dozens deep) are past
// the work bound for nesting and moving titles apart; every frame still
// holds its nodes, with its title strip above them, inside the canvas and
// clear of the lane title. BenchmarkManyLoops measures the
// cost, which stays linear in the loops.
func TestManyLoopsPlainFrames(t *testing.T) {
	doc := layouttest.Compile(t, "loops", manyLoops(40, 3000))
	env := layout.DefaultEnv()
	env.Fresh = true
	l := Layout(doc, env).Layout
	if len(l.Loops) != 3000 {
		t.Fatalf("%d loop frames, want 3000", len(l.Loops))
	}
	boxes := layouttest.NodeBoxes(&l)
	for _, lp := range l.Loops {
		f := lp.Box
		if f.X < 0 || f.Y < 0 || f.X+f.W > l.Width || f.Y+f.H > l.Height {
			t.Fatalf("loop %q outside the canvas: %+v", lp.Condition, f)
		}
		if h := l.Lanes[0].Header; f.X < h.X+h.W {
			t.Fatalf("loop %q over the lane title: %+v", lp.Condition, f)
		}
		for _, id := range lp.Nodes {
			n := boxes[id]
			if n.X < f.X || n.Y < f.Y+loopTitleH || n.X+n.W > f.X+f.W || n.Y+n.H > f.Y+f.H {
				t.Fatalf("loop %q frame %+v does not hold node %s %+v below its title", lp.Condition, f, id, n)
			}
		}
	}
}

func BenchmarkManyLoops(b *testing.B) {
	for _, loops := range []int{300, 3000, 30000} {
		doc := layouttest.Compile(b, "loops", manyLoops(40, loops))
		b.Run(strconv.Itoa(loops), func(b *testing.B) {
			env := layout.DefaultEnv()
			env.Fresh = true
			for b.Loop() {
				Layout(doc, env)
			}
		})
	}
}

// manyLoops is a chain of n steps with loops loops, each over two
// neighbours.
func manyLoops(n, loops int) string {
	var b strings.Builder
	b.WriteString("a { # A\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  n%d: rectangle label:\"Step %d\"\n", i, i)
	}
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  n%d.handle(right) -> n%d.handle(left)\n", i, i+1)
	}
	for k := range loops {
		i := k%(n-1) + 1
		fmt.Fprintf(&b, "  loop [again %d] n%d n%d\n", k, i, i+1)
	}
	b.WriteString("}\n")
	return b.String()
}

// TestNoDetourAroundAChannelCrossing: "Photograph receipts" hands down to
// the node right under it, whose left side another hand-off enters after
// running left between the two. Laid on the gutters' middle lines, the
// hand-off down went round that run (down, left, down, right and down
// again), running along it, and the channels then gave it the crossing
// back; it now runs straight down, crossing once as before.
func TestNoDetourAroundAChannelCrossing(t *testing.T) {
	src := `employee { # Employee
  n1: circle label:"Trip finished"
  n2: rectangle label:"Photograph receipts"
  n3: rectangle label:"Add missing receipt"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> system.n4.handle(top)
  n3.handle(bottom) -> system.n4.handle(left)
}
system { # Expense Tool
  n4: rectangle label:"Read amounts, match card lines"
  n5: diamond label:"Within policy?"
  n4.handle(right) -> n5.handle(left)
  n5.handle(bottom) -> manager.n6.handle(top) [label="Yes"]
  n5.handle(top) -> employee.n3.handle(bottom) [label="No"]
}
manager { # Manager
  n6: diamond label:"Approve?"
  n6.handle(left) -> employee.n3.handle(left) [label="Question"]
}
`
	env := layout.DefaultEnv()
	env.Fresh = true
	sc := Layout(layouttest.Compile(t, "detour", src), env)
	for _, e := range sc.Layout.Edges {
		if e.From == "n2" && e.To == "n4" && len(e.Points) != 2 {
			t.Errorf("n2 -> n4 runs %v, want a straight line down", e.Points)
		}
	}
	if c := sc.Layout.Stats.Crossings; c > 1 {
		t.Errorf("%d crossings, want at most 1", c)
	}
}

// TestTopChildrenBeyondTheBundle: a hub reaches one child of the lane
// below through its top (the route goes up, over and down) and two
// through its bottom (a bundle along the gutter under it). The child
// reached through the top takes the column beyond the other two, so its
// route comes down past the bundle instead of through it.
func TestTopChildrenBeyondTheBundle(t *testing.T) {
	src := `a { # A
h: rectangle label:"Hub"
h.handle(top) -> b.t.handle(bottom)
h.handle(bottom) -> b.x.handle(top)
h.handle(bottom) -> b.y.handle(top)
}
b { # B
t: rectangle label:"Over the top"
x: rectangle label:"First"
y: rectangle label:"Second"
}
`
	env := layout.DefaultEnv()
	env.Fresh = true
	sc := Layout(layouttest.Compile(t, "top-child", src), env)
	boxes := layouttest.NodeBoxes(&sc.Layout)
	if boxes["t"].X < boxes["x"].X || boxes["t"].X < boxes["y"].X {
		t.Errorf("the child reached through the top at x %v, the others at %v and %v: want it beyond them", boxes["t"].X, boxes["x"].X, boxes["y"].X)
	}
	if c := sc.Layout.Stats.Crossings; c != 0 {
		t.Errorf("%d crossings, want none", c)
	}
}

// TestLoopFramesDoNotCut: two loop frames either nest or stay apart; a
// frame that reaches higher for its title stops before it would cut
// through the frame of a loop in the lane above (loops-three-lanes: the
// "for each rendition" frame reached into the chunk and retry frames,
// their dashed borders crossing under "last chunk").
func TestLoopFramesDoNotCut(t *testing.T) {
	env := layout.DefaultEnv()
	env.Fresh = true
	pairs := 0
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		if len(doc.Loops) < 2 || len(doc.Nodes) > 400 {
			continue
		}
		l := Layout(doc, env).Layout
		for i := range l.Loops {
			a := geom.Rect{X: l.Loops[i].X, Y: l.Loops[i].Y, W: l.Loops[i].W, H: l.Loops[i].H}
			for j := i + 1; j < len(l.Loops); j++ {
				b := geom.Rect{X: l.Loops[j].X, Y: l.Loops[j].Y, W: l.Loops[j].W, H: l.Loops[j].H}
				pairs++
				if a.Overlaps(b) && !a.Contains(b, 0.5) && !b.Contains(a, 0.5) {
					t.Errorf("%s: the frames of %q and %q cut through each other: %+v, %+v", name, l.Loops[i].Condition, l.Loops[j].Condition, a, b)
				}
			}
		}
	}
	if pairs < 50 {
		t.Errorf("only %d pairs of loop frames looked at", pairs)
	}
}

// TestJoinIntoDiamondUncrossed: a decision whose "No" skips the step its
// "Yes" leads to, both joining the next diamond's left side. The channels
// first gave the skip, coming from below, the diamond's left corner and
// the step's route, level with that corner, a port below it: the two
// routes ran along each other, and drawn apart they crossed. untangle
// swaps ports of routes that run along each other too: the step's route
// goes straight into the corner and the skip into the side below it.
func TestJoinIntoDiamondUncrossed(t *testing.T) {
	src := `lane1 { # Checks
  n1: circle label:"Start"
  n2: rectangle label:"Store record"
  n3: diamond label:"batch ok?"
  n4: rectangle label:"Send batch"
  n5: diamond label:"profile ok?"
  n6: rectangle label:"Approve report"
  n7: circle label:"Done"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n4.handle(left) [label="Yes"]
  n3.handle(right) -> n5.handle(left) [label="No"]
  n4.handle(right) -> n5.handle(left)
  n5.handle(right) -> n6.handle(left) [label="Yes"]
  n5.handle(right) -> n7.handle(left) [label="No"]
  n6.handle(right) -> n7.handle(left)
}
`
	doc := layouttest.Compile(t, "join", src)
	l := Layout(doc, layout.DefaultEnv()).Layout
	if n := layouttest.Crossings(&l); n != 0 {
		t.Errorf("%d crossings, want none", n)
	}
	if n := layouttest.SharedRuns(&l); n != 0 {
		t.Errorf("%d pairs of edges run along each other, want none", n)
	}
	for _, e := range l.Edges {
		if e.From == "n4" && len(e.Points) != 2 {
			t.Errorf("the step's route into the diamond bends: %v", e.Points)
		}
	}
}

// TestOutlinedLoopTitleClear: the title of a frame drawn as an outline
// (its steps in three lanes, others beside them) sits in the outline's
// top band, narrow here, beside an edge's label: it is shortened to fit
// rather than drawn under the label ("loop [until gree" showed).
func TestOutlinedLoopTitleClear(t *testing.T) {
	const src = `author { # Author
  n1: circle label:"Draft ready"
  n2: rectangle label:"Revise draft"
  n3: circle label:"Published"
  n1.handle(bottom) -> checks.n4.handle(top) [label="submit"]
  n2.handle(bottom) -> checks.n4.handle(top) [label="resubmit"]
}
checks { # Checks
  n4: rectangle label:"Run style checks"
  n5: diamond label:"Clean?"
  n4.handle(right) -> n5.handle(left)
  n5.handle(top) -> author.n2.handle(bottom) [label="issues found"]
  n5.handle(bottom) -> editor.n6.handle(top) [label="clean"]
}
editor { # Editor
  n6: rectangle label:"Edit review"
  n7: diamond label:"Accepted?"
  n6.handle(right) -> n7.handle(left)
  n7.handle(left) -> author.n2.handle(left) [label="changes requested"]
  n7.handle(right) -> author.n3.handle(right) [label="accept and publish"]
  loop [until clean and accepted] n2 n4 n5 n6 n7
}
`
	env := layout.DefaultEnv()
	env.Fresh = true
	sc := Layout(layouttest.Compile(t, "review", src), env)
	if len(sc.Layout.Loops) != 1 || len(sc.Layout.Loops[0].Outline) == 0 {
		t.Fatalf("the frame is not an outline: %+v", sc.Layout.Loops)
	}
	if crossed, total := loopTitlesCrossed(env, sc); total != 1 || crossed != 0 {
		t.Errorf("%d of %d loop titles crossed or covered", crossed, total)
	}
}

// TestLoopFrameNotRaisedInVain: an escalation desk's loop in the lane
// below the desk, with the desk's routes running along the strips above
// the frame. Raising the frame into them found no free place for its
// title, and the raise stayed: the frame reached 32 px into the desk's
// lane, across its border and two routes, and its title was crossed
// there. A raise that frees no place is undone: the frame keeps to its
// lane and its title (shortened if need be) is crossed by nothing.
func TestLoopFrameNotRaisedInVain(t *testing.T) {
	src := `customer { # Customer
  n1: circle label:"Opens ticket"
  n2: rectangle label:"Replies with details"
  n3: circle label:"Ticket closed"
  n1.handle(bottom) -> desk.n4.handle(top) [label="email or chat"]
  n2.handle(bottom) -> desk.n6.handle(top) [label="reply"]
}
desk { # Service desk (L1)
  n4: rectangle label:"Classify and set priority"
  n5: diamond label:"Known issue?"
  n6: rectangle label:"Apply knowledge-base fix"
  n7: diamond label:"Solved?"
  n4.handle(right) -> n5.handle(left)
  n5.handle(right) -> n6.handle(left) [label="Yes"]
  n5.handle(bottom) -> eng.n8.handle(top) [label="No: escalate"]
  n6.handle(right) -> n7.handle(left)
  n7.handle(top) -> customer.n3.handle(bottom) [label="Yes"]
  n7.handle(bottom) -> eng.n8.handle(top) [label="No"]
  n6.handle(top) -> customer.n2.handle(bottom) [label="Need more info"]
}
eng { # Engineering (L2)
  n8: rectangle label:"Reproduce"
  n9: diamond label:"Bug confirmed?"
  n10: rectangle label:"Write fix and release"
  n11: rectangle label:"Explain workaround"
  n8.handle(right) -> n9.handle(left)
  n9.handle(right) -> n10.handle(left) [label="Yes"]
  n9.handle(bottom) -> n11.handle(top) [label="No"]
  n10.handle(top) -> desk.n7.handle(bottom) [label="fixed in release"]
  n11.handle(top) -> desk.n7.handle(bottom) [label="workaround sent"]
  loop [SLA timer every 4 h until solved] n8 n9
}
`
	env := layout.DefaultEnv()
	env.Fresh = true
	sc := Layout(layouttest.Compile(t, "escalation", src), env)
	var eng scene.LaneBox
	for _, l := range sc.Layout.Lanes {
		if l.ID == "eng" {
			eng = l
		}
	}
	if len(sc.Layout.Loops) != 1 {
		t.Fatalf("%d loops drawn, want 1", len(sc.Layout.Loops))
	}
	if lp := sc.Layout.Loops[0]; lp.Y < eng.Y {
		t.Errorf("the frame's top at y %.0f, above its lane's top at %.0f", lp.Y, eng.Y)
	}
	if crossed, total := loopTitlesCrossed(env, sc); total != 1 || crossed != 0 {
		t.Errorf("%d of %d loop titles crossed or covered", crossed, total)
	}
}
