package arch

import (
	"math"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
	"flowzap/internal/testgen"
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
	withoutShortcuts(t)
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

// escalation: an on-call engineer's "Customer impact resolved? No" goes
// to a manager who escalates, brings in the owning team and hands a new
// mitigation back. The manager's two steps, written one after the
// other from a right side to a left one, once took each other's cells
// (a cell move that saved the crossing of the escalation's way up and
// the mitigation's way down), so that the container read "Bring in
// owning team" before "Escalate" with the edge between wrapped round
// both.
const escalation = `monitoring { # Monitoring
  n1: circle label:"Error rate above 5% for 3 minutes"
  n2: rectangle label:"Open incident"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> oncall.n3.handle(top) [label="page"]
}
oncall { # On-call engineer
  n3: rectangle label:"Acknowledge within 5 min"
  n4: diamond label:"Severity?"
  n5: rectangle label:"Roll back last deploy"
  n6: rectangle label:"Apply runbook mitigation"
  n7: rectangle label:"File ticket for next sprint"
  n8: diamond label:"Customer impact resolved?"
  n9: circle label:"Incident closed"
  n3.handle(right) -> n4.handle(left)
  n4.handle(bottom) -> n5.handle(top) [label="SEV1"]
  n4.handle(right) -> n6.handle(left) [label="SEV2"]
  n4.handle(top) -> n7.handle(bottom) [label="SEV3 or lower"]
  n4.handle(bottom) -> comms.n10.handle(top) [label="SEV1: notify status page"]
  n5.handle(right) -> n8.handle(bottom)
  n6.handle(right) -> n8.handle(left)
  n8.handle(right) -> n9.handle(left) [label="Yes"]
  n8.handle(top) -> manager.n12.handle(bottom) [label="No, after 30 minutes"]
  n7.handle(right) -> n9.handle(top)
}
comms { # Communications
  n10: rectangle label:"Post 'Investigating' on status page"
  n11: rectangle label:"Post 'Resolved' with summary"
  n10.handle(right) -> n11.handle(left) [label="when closed"]
}
manager { # Engineering manager
  n12: rectangle label:"Escalate to incident commander"
  n13: rectangle label:"Bring in owning team"
  n12.handle(right) -> n13.handle(left)
  n13.handle(bottom) -> oncall.n6.handle(top) [label="new mitigation"]
}
`

// againstWritten counts the edges between two nodes of one container,
// side by side in a row (or one above the other in a column), that run
// against the sides they are written with: from a right side to a left
// one with the target left of the source, and so on.
func againstWritten(l *scene.Layout) int {
	nb := map[string]scene.NodeBox{}
	for _, n := range l.Nodes {
		nb[n.ID] = n
	}
	c := 0
	for _, e := range l.Edges {
		a, b := nb[e.From], nb[e.To]
		if a.Lane != b.Lane || a.ID == b.ID {
			continue
		}
		row := a.Y < b.Y+b.H && b.Y < a.Y+a.H
		col := a.X < b.X+b.W && b.X < a.X+a.W
		switch {
		case row && e.FromSide == "right" && e.ToSide == "left" && b.X+b.W <= a.X,
			row && e.FromSide == "left" && e.ToSide == "right" && a.X+a.W <= b.X,
			col && e.FromSide == "bottom" && e.ToSide == "top" && b.Y+b.H <= a.Y,
			col && e.FromSide == "top" && e.ToSide == "bottom" && a.Y+a.H <= b.Y:
			c++
		}
	}
	return c
}

// TestMovesKeepWrittenOrder: a cell move is not kept when it makes an
// edge inside a container run against its written sides (the
// escalation's manager); on the quality corpus no drawing has more such
// edges with the moves than without them, and every quality rule holds.
func TestMovesKeepWrittenOrder(t *testing.T) {
	doc := layouttest.Compile(t, "escalation", escalation)
	l := Layout(doc, layout.DefaultEnv()).Layout
	x := map[string]float64{}
	for _, n := range l.Nodes {
		x[n.ID] = n.X
	}
	if x["n13"] < x["n12"] {
		t.Errorf("escalation: \"Bring in owning team\" (x %.0f) left of the \"Escalate to incident commander\" (x %.0f) that leads to it", x["n13"], x["n12"])
	}
	if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
		t.Errorf("escalation: %v", ps)
	}
	t.Cleanup(func() { tryMoves = true })
	names, corpus := sortedCorpus(t)
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		tryMoves = false
		l0 := Layout(doc, layout.DefaultEnv()).Layout
		tryMoves = true
		l1 := Layout(doc, layout.DefaultEnv()).Layout
		if a0, a1 := againstWritten(&l0), againstWritten(&l1); a1 > a0 {
			t.Errorf("%s: %d edges against their written sides with the cell moves, %d without", name, a1, a0)
		}
	}
}

// TestUnwindingMoves checks generated diagrams whose finished drawing
// routes a dependency round one of its own ends: with the unwinding
// moves the drawing has fewer such routes, crosses no more and keeps
// every quality rule; over the whole set the routes are shorter.
func TestUnwindingMoves(t *testing.T) {
	withoutShortcuts(t)
	t.Cleanup(func() { tryUnwind = true })
	cases := map[string]string{
		"random-hub 16":       testgen.RandomHub(16),
		"random-hub 73":       testgen.RandomHub(73),
		"random-approval 44":  testgen.RandomApproval(44),
		"random-approval 131": testgen.RandomApproval(131),
	}
	var before, after float64
	for name, src := range cases {
		doc := layouttest.Compile(t, name, src)
		tryUnwind = false
		l0 := Layout(doc, layout.DefaultEnv()).Layout
		tryUnwind = true
		l1 := Layout(doc, layout.DefaultEnv()).Layout
		w0, w1 := layouttest.Windings(&l0), layouttest.Windings(&l1)
		if w1 >= w0 {
			t.Errorf("%s: %d routes round their own ends, %d without the unwinding moves: want fewer", name, w1, w0)
		}
		if x0, x1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1); x1 > x0 {
			t.Errorf("%s: %d crossings, %d without the unwinding moves", name, x1, x0)
		}
		for _, p := range layouttest.Quality(doc, &l1) {
			t.Errorf("%s: %s", name, p)
		}
		before += routesLength(&l0)
		after += routesLength(&l1)
	}
	if after >= before {
		t.Errorf("routes %.0f px in all with the unwinding moves, %.0f without: want shorter", after, before)
	}
}

// TestMoveKeepsAChainInOrder lays out a travel booking saga whose
// orchestrator asks, one after the other, whether the flight, the hotel
// and the car are held. Drawn with the sides left to the view, a cell
// move used to exchange the hotel and car questions to save a crossing,
// so that the container read "Flight held?", "Car held?", "Hotel held?"
// from top to bottom, the "Yes" from the hotel pointing back up. The
// chain must read in its order: no step of it stands above (in its
// column) or left of (in its row) the step that leads to it.
func TestMoveKeepsAChainInOrder(t *testing.T) {
	doc := layouttest.Compile(t, "trip", `traveller { # Traveller
  n1: circle label:"Book a trip"
  n2: rectangle label:"Trip confirmed with itinerary email"
  n3: rectangle label:"Booking failed, nothing charged"
  n1.handle(bottom) -> orch.n4.handle(top) [label="Dates, city, budget"]
}
orch { # Trip Orchestrator
  n4: rectangle label:"Start saga"
  n5: diamond label:"Flight held?"
  n6: diamond label:"Hotel held?"
  n7: diamond label:"Car held?"
  n8: rectangle label:"Capture payment"
  n9: rectangle label:"Compensate in reverse order"
  n4.handle(right) -> n5.handle(left)
  n5.handle(right) -> n6.handle(left) [label="Yes"]
  n6.handle(right) -> n7.handle(left) [label="Yes"]
  n7.handle(right) -> n8.handle(left) [label="Yes"]
  n5.handle(bottom) -> n9.handle(top) [label="No seat"]
  n6.handle(bottom) -> n9.handle(top) [label="Sold out"]
  n7.handle(bottom) -> n9.handle(top) [label="No car"]
  n8.handle(top) -> traveller.n2.handle(bottom) [label="Receipt"]
  n9.handle(top) -> traveller.n3.handle(bottom) [label="Apology and refund notice"]
  n4.handle(bottom) -> flights.n10.handle(top) [label="Hold seat"]
  n5.handle(bottom) -> hotels.n12.handle(top) [label="Hold room"]
  n6.handle(bottom) -> cars.n14.handle(top) [label="Hold car"]
  n9.handle(bottom) -> flights.n11.handle(top) [label="Release seat"]
  n9.handle(bottom) -> hotels.n13.handle(top) [label="Release room"]
}
flights { # Flight Service
  n10: rectangle label:"Hold seat for 15 minutes"
  n11: rectangle label:"Release held seat"
}
hotels { # Hotel Service
  n12: rectangle label:"Hold room"
  n13: rectangle label:"Cancel hold"
}
cars { # Car Rental
  n14: rectangle label:"Reserve vehicle class"
}
`)
	freeSidesOn(t)
	l := Layout(doc, layout.DefaultEnv()).Layout
	at := map[string]scene.NodeBox{}
	for _, n := range l.Nodes {
		at[n.ID] = n
	}
	chain := []string{"n4", "n5", "n6", "n7", "n8"}
	for i := 1; i < len(chain); i++ {
		a, b := at[chain[i-1]], at[chain[i]]
		sameCol := math.Abs(a.X+a.W/2-(b.X+b.W/2)) < 1
		sameRow := math.Abs(a.Y+a.H/2-(b.Y+b.H/2)) < 1
		if sameCol && b.Y < a.Y || sameRow && b.X < a.X {
			t.Errorf("%s stands before %s, which leads to it (%.0f,%.0f and %.0f,%.0f)", chain[i], chain[i-1], b.X, b.Y, a.X, a.Y)
		}
	}
	for _, p := range layouttest.Quality(doc, &l) {
		t.Errorf("%s", p)
	}
}
