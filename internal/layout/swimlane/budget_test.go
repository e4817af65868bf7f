package swimlane

import (
	"fmt"
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// hubFan is a chain of n steps whose first step also leads, from its
// bottom into theirs, to every other: one node with n edges, whose routes
// all run under the chain, side by side.
func hubFan(n int) string {
	var b strings.Builder
	b.WriteString("main { # Main\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  n%d: rectangle label:\"Step %d\"\n", i, i)
	}
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  n%d.handle(right) -> n%d.handle(left)\n", i, i+1)
	}
	for i := 3; i <= n; i++ {
		fmt.Fprintf(&b, "  n1.handle(bottom) -> n%d.handle(bottom)\n", i)
	}
	b.WriteString("}\n")
	return b.String()
}

// selfLoops is one step with n edges back to itself.
func selfLoops(n int) string {
	var b strings.Builder
	b.WriteString("main { # Main\n  n1: circle label:\"Retry\"\n")
	for range n {
		b.WriteString("  n1.handle(right) -> n1.handle(top)\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// TestRoutingBudget lays out the diagrams whose routing effort grew with
// the cube of their edges (a hub with 100 edges among 100 steps looked
// at ~1 billion routed segments, 6 s; 200 edges, 14 billion, 80 s): the
// effort now stops near gridWorkMax, and every edge is still drawn, from
// its source's side to its target's.
func TestRoutingBudget(t *testing.T) {
	for _, tc := range []struct {
		name, src string
	}{
		{"hub fan of 100", hubFan(100)},
		{"300 loops on one step", selfLoops(300)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := layouttest.Compile(t, tc.name, tc.src)
			env := layout.DefaultEnv()
			env.Fresh = true
			sc, spent := layoutSpent(doc, env)
			// The last query started below the budget may pass it, and
			// the few queries that remain cost linear time.
			if limit := gridWorkMax + gridWorkMax/4; spent > limit {
				t.Errorf("the routing looked at %d segments; the budget is %d", spent, gridWorkMax)
			}
			if spent < gridWorkMax/4 {
				t.Errorf("the routing looked at only %d segments: this diagram no longer tests the budget", spent)
			}
			l := sc.Layout
			if len(l.Edges) != len(doc.Edges) {
				t.Fatalf("%d edges drawn, want %d", len(l.Edges), len(doc.Edges))
			}
			for _, e := range l.Edges {
				if len(e.Points) < 2 {
					t.Errorf("edge %s has no route", e.ID)
				}
			}
		})
	}
}
