package arch

import (
	"math"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// newsroom: the writer's "Submit" sends its review request down into the
// first step of the review desk, whose decision sends changes back up to
// the draft. Counted by crossings alone, the request went round the
// whole picture (out to the left gutter, along the top, down the right)
// to avoid crossing "Changes needed" once.
const newsroom = `writer { # Writer
  n1: rectangle label:"Revise the draft"
  n2: circle label:"Submit"
  n1.handle(right) -> n2.handle(top)
  n2.handle(bottom) -> review.n3.handle(top) [label="Review request"]
}
review { # Review desk
  n3: rectangle label:"Spell check"
  n4: rectangle label:"Fact check"
  n5: rectangle label:"Legal read"
  n6: diamond label:"Approved?"
  n7: rectangle label:"Schedule"
  n3.handle(right) -> n4.handle(left)
  n4.handle(right) -> n5.handle(left)
  n5.handle(right) -> n6.handle(left)
  n6.handle(top) -> writer.n1.handle(bottom) [label="Changes needed"]
  n6.handle(right) -> n7.handle(left) [label="Yes"]
  n7.handle(bottom) -> web.n8.handle(top) [label="Slot"]
}
web { # Website
  n8: rectangle label:"Publish article"
  n9: rectangle label:"Notify readers"
  n8.handle(right) -> n9.handle(left)
}`

// longestDetour returns the most any route of l runs longer than the
// distance between its ends, and that route's ID.
func longestDetour(l *scene.Layout) (float64, string) {
	most, id := 0.0, ""
	for _, e := range l.Edges {
		p := e.Points
		if len(p) < 2 {
			continue
		}
		n := 0.0
		for i := 1; i < len(p); i++ {
			n += math.Abs(p[i][0]-p[i-1][0]) + math.Abs(p[i][1]-p[i-1][1])
		}
		a, b := p[0], p[len(p)-1]
		if d := n - math.Abs(a[0]-b[0]) - math.Abs(a[1]-b[1]); d > most {
			most, id = d, e.ID
		}
	}
	return most, id
}

// TestShortcutInsteadOfGoingRound: the newsroom's review request takes
// the way between the containers (crossing "Changes needed" once)
// instead of going round the picture, and the drawing keeps every
// quality rule.
func TestShortcutInsteadOfGoingRound(t *testing.T) {
	defer func() { useShortcuts = true }()
	doc := layouttest.Compile(t, "newsroom", newsroom)
	useShortcuts = false
	l0 := Layout(doc, layout.DefaultEnv()).Layout
	useShortcuts = true
	l1 := Layout(doc, layout.DefaultEnv()).Layout
	d0, id0 := longestDetour(&l0)
	d1, id1 := longestDetour(&l1)
	if d0 < (l0.Width+l0.Height)/2 {
		t.Fatalf("without shortcuts the longest detour (%s) is %.0f px in a %.0fx%.0f drawing: the case is gone", id0, d0, l0.Width, l0.Height)
	}
	if d1 > (l1.Width+l1.Height)/4 {
		t.Errorf("with shortcuts route %s still runs %.0f px longer than the distance between its ends (%.0fx%.0f drawing)", id1, d1, l1.Width, l1.Height)
	}
	if c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1); c1 > c0+shortcutCrossMax {
		t.Errorf("the drawing crosses %d times with shortcuts, %d without; want at most %d more", c1, c0, shortcutCrossMax)
	}
	if p := layouttest.Quality(doc, &l1); len(p) > 0 {
		t.Errorf("the drawing with shortcuts breaks quality rules: %v", p)
	}
}

// TestShortcutsCorpus lays out the unseen set with and without shortcuts:
// the routes that go round more than half the drawing's width and height
// must become fewer, no drawing may cross more than shortcutCrossMax
// times more, and the drawings keep every quality rule.
func TestShortcutsCorpus(t *testing.T) {
	defer func() { useShortcuts = true }()
	round0, round1 := 0, 0
	for name, src := range layouttest.Unseen(t) {
		doc := layouttest.Compile(t, name, src)
		if len(doc.Edges) > rerouteMax {
			continue
		}
		useShortcuts = false
		l0 := Layout(doc, layout.DefaultEnv()).Layout
		useShortcuts = true
		l1 := Layout(doc, layout.DefaultEnv()).Layout
		if d, _ := longestDetour(&l0); d > (l0.Width+l0.Height)/2 {
			round0++
		}
		if d, _ := longestDetour(&l1); d > (l1.Width+l1.Height)/2 {
			round1++
		}
		if c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1); c1 > c0+shortcutCrossMax {
			t.Errorf("%s: crosses %d times with shortcuts, %d without", name, c1, c0)
		}
		for _, p := range layouttest.Quality(doc, &l1) {
			t.Errorf("%s: %s", name, p)
		}
	}
	t.Logf("drawings with a route round more than half the picture: %d without shortcuts, %d with", round0, round1)
	if round1 >= round0 {
		t.Errorf("drawings with a route going round: %d with shortcuts, %d without; want fewer", round1, round0)
	}
}

// withoutShortcuts turns the shortcuts off for the rest of test t: the
// tests of the stages that choose a drawing by its crossings (the
// arrangements, foldings, row passes, cell moves, label stages) compare
// the drawings those stages give, before shortcuts may trade a crossing
// for a route that went round the picture (TestShortcutsCorpus checks
// that trade).
func withoutShortcuts(t *testing.T) {
	useShortcuts = false
	t.Cleanup(func() { useShortcuts = true })
}
