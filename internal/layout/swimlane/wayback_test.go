package swimlane

import (
	"testing"

	"flowzap/internal/scene"
)

// expenseQuery: a claim checked three ways; a query goes to a step whose
// only way on leads back up into the first check. That step used to be
// pulled to the far left (nothing ranks it: the way back is a back
// edge), so the query ran round the whole lane to reach it.
const expenseQuery = `// An expense claim checked three ways, queried back to the claimant.
staff { # Employee
  n1: circle label:"Trip over"
  n2: rectangle label:"File expense claim"
  n3: circle label:"Money received"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> finance.n4.handle(top) [label="receipts"]
}
finance { # Finance
  n4: rectangle label:"Screen claim"
  n5: rectangle label:"Check per-diem rates"
  n6: rectangle label:"Check card statement"
  n7: rectangle label:"Check project code"
  n8: diamond label:"All in order?"
  n9: rectangle label:"Ask the claimant"
  n10: rectangle label:"Reimburse"
  n4.handle(right) -> n5.handle(left) [label="meals"]
  n4.handle(right) -> n6.handle(left) [label="card spend"]
  n4.handle(right) -> n7.handle(left) [label="project"]
  n5.handle(right) -> n8.handle(left)
  n6.handle(right) -> n8.handle(left)
  n7.handle(right) -> n8.handle(left)
  n8.handle(bottom) -> n9.handle(right) [label="No, query"]
  n9.handle(top) -> n4.handle(bottom) [label="answers"]
  n8.handle(right) -> n10.handle(left) [label="Yes"]
  n10.handle(top) -> staff.n3.handle(bottom) [label="payroll"]
}
`

// TestWayBackUnderItsTarget: a step that only a way back leaves, up
// into the step it returns to, sits under that step (in its column),
// not at the far left of the drawing.
func TestWayBackUnderItsTarget(t *testing.T) {
	l := freshLayout(t, "expense-query", expenseQuery)
	box := map[string]scene.Box{}
	for _, n := range l.Nodes {
		box[n.ID] = n.Box
	}
	ask, screen := box["n9"], box["n4"]
	if c := ask.X + ask.W/2; c < screen.X || c > screen.X+screen.W || ask.Y < screen.Y+screen.H {
		t.Errorf("\"Ask the claimant\" at %+v, want it under \"Screen claim\" at %+v", ask, screen)
	}
}

// TestNoTurnBack: a route out of a decision's bottom to a step below and
// to its left goes down and then left; it used to turn right first at
// the gutter under the decision (the gutter search moves along gutters)
// and come back under it (cutTurnBacks).
func TestNoTurnBack(t *testing.T) {
	l := freshLayout(t, "expense-query", expenseQuery)
	for _, e := range l.Edges {
		if e.From != "n8" || e.To != "n9" {
			continue
		}
		if len(e.Points) > 5 {
			t.Errorf("\"No, query\" bends %d times, want at most 3: %v", len(e.Points)-2, e.Points)
		}
	}
}
