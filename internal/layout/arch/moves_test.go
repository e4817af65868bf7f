package arch

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// withoutMoves turns the cell moves off for the rest of t: the tests that
// compare another step with and without it compare the drawings before
// the moves, which apply last and would blur the comparison.
func withoutMoves(t *testing.T) {
	tryMoves = false
	t.Cleanup(func() { tryMoves = true })
}

// withoutTransposed turns the transposed try off for the rest of t: the
// tests of a step of the usual layout compare its drawings, which the
// transposed one, kept or not by how they come out, would blur.
func withoutTransposed(t *testing.T) {
	tryTransposed = false
	t.Cleanup(func() { tryTransposed = true })
}

// TestMovesNeverCrossMore lays out the quality corpus with and without
// the cell moves and checks that no diagram crosses more with them, and
// that they remove crossings in all.
func TestMovesNeverCrossMore(t *testing.T) {
	t.Cleanup(func() { tryMoves = true })
	neverCrossesMore(t, "the cell moves", func() { tryMoves = false }, func() { tryMoves = true })
}

// TestMoveUncrossesTwoWaysIn checks a component entered from the left
// by a route from the row above and from the top by a route from the row
// below: in that order the two routes cross whatever their tracks, and
// the sources exchanging rows removes the crossing (and shortens the
// routes).
func TestMoveUncrossesTwoWaysIn(t *testing.T) {
	doc := layouttest.Compile(t, "two-ways-in", `check { # Checker
  c1: diamond label:"Node healthy?"
  c1.handle(bottom) -> pool.p1.handle(top) [label="Yes"]
  c1.handle(right) -> pool.p2.handle(top) [label="No"]
}
pool { # Node Pool
  p1: rectangle label:"Keep serving"
  p2: rectangle label:"Drain node"
  p3: circle label:"Live traffic"
  p1.handle(right) -> p3.handle(left)
  p2.handle(right) -> p3.handle(top)
}
`)
	withoutTransposed(t)
	t.Cleanup(func() { tryMoves = true })
	tryMoves = false
	l0 := Layout(doc, layout.DefaultEnv()).Layout
	tryMoves = true
	l1 := Layout(doc, layout.DefaultEnv()).Layout
	c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1)
	if c0 == 0 {
		t.Fatalf("without the moves the case crosses nowhere; it needs a crossing to remove")
	}
	if c1 != 0 {
		t.Errorf("%d crossings with the moves (%d without): want none", c1, c0)
	}
	for _, p := range layouttest.Quality(doc, &l1) {
		t.Errorf("with the moves: %s", p)
	}
	length := func(l []([][2]float64)) float64 {
		n := 0.0
		for _, pts := range l {
			n += routeLength(pts)
		}
		return n
	}
	var r0, r1 [][][2]float64
	for _, e := range l0.Edges {
		r0 = append(r0, e.Points)
	}
	for _, e := range l1.Edges {
		r1 = append(r1, e.Points)
	}
	if n0, n1 := length(r0), length(r1); n1 >= n0 {
		t.Errorf("routes %.0f px long with the moves, %.0f without: want shorter", n1, n0)
	}
}

// TestMovesUncrossUnseenDiagrams checks two diagrams of the unseen set
// whose crossing came from one component's cell: in the roadmap a hub's
// child fed from below sat between the hub's other children, so that the
// trunk to the last child cut its dependency; in the diagram written
// without handles the incident step sat in the last row, beside the
// resolved step, so that its page to engineering cut the runbook's
// dependency into the resolved step (the incident step exchanging rows
// with the runbook step removes it). Each crossed once without the moves,
// and crosses nowhere with them, keeping every rule.
func TestMovesUncrossUnseenDiagrams(t *testing.T) {
	unseen := layouttest.Unseen(t)
	t.Cleanup(func() { tryMoves = true })
	for _, name := range []string{"unseen mindmap-roadmap.fz", "unseen no-handles.fz"} {
		src, ok := unseen[name]
		if !ok {
			t.Fatalf("%s is missing from the unseen set", name)
		}
		doc := layouttest.Compile(t, name, src)
		tryMoves = false
		l0 := Layout(doc, layout.DefaultEnv()).Layout
		tryMoves = true
		l1 := Layout(doc, layout.DefaultEnv()).Layout
		c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1)
		if c0 == 0 {
			t.Errorf("%s: no crossing without the moves; the case needs one", name)
		}
		if c1 != 0 {
			t.Errorf("%s: %d crossings with the moves (%d without): want none", name, c1, c0)
		}
		for _, p := range layouttest.Quality(doc, &l1) {
			t.Errorf("%s: %s", name, p)
		}
	}
}
