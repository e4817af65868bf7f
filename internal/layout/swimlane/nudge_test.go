package swimlane

import (
	"fmt"
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

const nudgeSrc = `a { # A
  n1: circle label:"Start"
  n2: rectangle label:"Work"
  n3: circle label:"Done"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n2.handle(bottom) -> b.n4.handle(top) [label="ask"]
}
b { # B
  n4: rectangle label:"Help with the work"
}
`

// TestNudgeMovesTheNodeAndTheEdgesFollow: an offset moves the node by
// exactly that much relative to the nodes of its column and row, the
// edges still meet it, and no quality rule breaks.
func TestNudgeMovesTheNodeAndTheEdgesFollow(t *testing.T) {
	plain := Layout(layouttest.Compile(t, "x.fz", nudgeSrc), layout.DefaultEnv()).Layout
	doc := layouttest.Compile(t, "x.fz", nudgeSrc+"// @layout v1\n// @layout node n2 dx=40 dy=-16\n")
	moved := Layout(doc, layout.DefaultEnv()).Layout
	if ps := layouttest.Quality(doc, &moved); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
	p, m := layouttest.NodeBoxes(&plain), layouttest.NodeBoxes(&moved)
	if d := (m["n2"].X - m["n4"].X) - (p["n2"].X - p["n4"].X); d != 40 {
		t.Errorf("n2 moved %v right of n4 (same column), want 40", d)
	}
	if d := (m["n2"].Y - m["n1"].Y) - (p["n2"].Y - p["n1"].Y); d != -16 {
		t.Errorf("n2 moved %v down from n1 (same row), want -16", d)
	}
	// n3, in the next column, makes room: a whole column gap stays
	// between them.
	if gap := m["n3"].X - (m["n2"].X + m["n2"].W); gap < colGapMin-0.01 {
		t.Errorf("n2 and n3 are %v apart, less than a column gap", gap)
	}
	// The edges into and out of n2 end on its new box.
	for _, e := range moved.Edges {
		if e.From != "n2" && e.To != "n2" {
			continue
		}
		end := e.Points[0]
		if e.To == "n2" {
			end = e.Points[len(e.Points)-1]
		}
		b := m["n2"]
		if end[0] < b.X-1 || end[0] > b.X+b.W+1 || end[1] < b.Y-1 || end[1] > b.Y+b.H+1 {
			t.Errorf("edge %s ends at %v, off n2's box %+v", e.ID, end, b)
		}
	}
}

// TestNudgesKeepQualityOnExamples nudges nodes of every example every
// way and checks every quality rule still holds.
func TestNudgesKeepQualityOnExamples(t *testing.T) {
	layouttest.NudgedExamplesKeepQuality(t, Layout, 0)
}

// TestLaneOrderFromTheBlock: the lane order of the block draws lanes in
// that order; the element IDs stay.
func TestLaneOrderFromTheBlock(t *testing.T) {
	doc := layouttest.Compile(t, "x.fz", nudgeSrc+"// @layout lane order=b\n")
	l := Layout(doc.InLaneOrder(), layout.DefaultEnv()).Layout
	if l.Lanes[0].ID != "b" || l.Lanes[1].ID != "a" || l.Lanes[0].Y > l.Lanes[1].Y {
		t.Errorf("lanes %+v", l.Lanes)
	}
	if ps := layouttest.Quality(doc.InLaneOrder(), &l); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
}

// TestOrderAfter: after= puts a node in a column right of the other, the
// flow's constraints still hold (what it leads to moves along), and a
// contradictory entry leaves the columns as ranked.
func TestOrderAfter(t *testing.T) {
	src := `a { # A
  n1: circle label:"Start"
  n2: rectangle label:"Pack"
  n3: rectangle label:"Print label"
  n4: circle label:"Ship"
  n1.handle(right) -> n2.handle(left)
  n1.handle(right) -> n3.handle(left)
  n3.handle(right) -> n4.handle(left)
}
`
	plain := layouttest.NodeBoxes(ptr(Layout(layouttest.Compile(t, "x.fz", src), layout.DefaultEnv()).Layout))
	if plain["n2"].X != plain["n3"].X {
		t.Fatalf("n2 and n3 should share a column without the block: %+v %+v", plain["n2"], plain["n3"])
	}
	doc := layouttest.Compile(t, "x.fz", src+"// @layout node n3 after=n2\n")
	l := Layout(doc, layout.DefaultEnv()).Layout
	if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
	b := layouttest.NodeBoxes(&l)
	if !(b["n3"].X > b["n2"].X+b["n2"].W && b["n4"].X > b["n3"].X+b["n3"].W) {
		t.Errorf("n3 not right of n2, or n4 not right of n3: %+v %+v %+v", b["n2"], b["n3"], b["n4"])
	}
	// n1 leads to n2: n1 after n2 contradicts the flow and is ignored.
	doc = layouttest.Compile(t, "x.fz", src+"// @layout node n1 after=n2\n")
	l = Layout(doc, layout.DefaultEnv()).Layout
	if got := layouttest.NodeBoxes(&l); got["n1"].X != plain["n1"].X || got["n2"].X != plain["n2"].X {
		t.Errorf("a contradictory order must leave the columns: %+v", got)
	}
}

func ptr(l scene.Layout) *scene.Layout { return &l }

// TestOrderAfterKeepsQualityOnExamples orders, in every example, nodes
// after other nodes of their lane and checks every quality rule.
func TestOrderAfterKeepsQualityOnExamples(t *testing.T) {
	for name, src := range layouttest.Examples(t) {
		doc := layouttest.Compile(t, name, src)
		var block strings.Builder
		block.WriteString("\n// @layout v1\n")
		for _, l := range doc.Lanes {
			if len(l.Nodes) >= 3 {
				// The first node after the last one: usually against the
				// flow (ignored), else honoured.
				fmt.Fprintf(&block, "// @layout node %s after=%s\n", l.Nodes[1].ID, l.Nodes[len(l.Nodes)-1].ID)
			}
		}
		adjusted := layouttest.Compile(t, name, src+block.String())
		l := Layout(adjusted, layout.DefaultEnv()).Layout
		for _, p := range layouttest.Quality(adjusted, &l) {
			t.Errorf("%s: %s", name, p)
		}
	}
}
