package swimlane

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// paymentRetry retries a capture in two ways, each written back into
// the capture's bottom or top: the routes back used to run round the
// whole drawing (out of "Sleep with jitter"'s top, down past its bottom
// and under everything) to spare one crossing each.
const paymentRetry = `// A payment capture retried after a back-off, or after the gateway's own wait.
shop { # Checkout service
  n1: circle label:"Order ready"
  n2: rectangle label:"Sign request"
  n3: rectangle label:"Capture payment"
  n4: diamond label:"Gateway answer?"
  n5: diamond label:"Tries left?"
  n6: rectangle label:"Sleep with jitter"
  n7: circle label:"Captured"
  n8: rectangle label:"Flag order"
  n9: circle label:"Given up"
  n10: rectangle label:"Honour Retry-After header"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n4.handle(left)
  n4.handle(right) -> n7.handle(left) [label="200"]
  n4.handle(bottom) -> n5.handle(top) [label="502 or timeout"]
  n4.handle(top) -> n10.handle(left) [label="429"]
  n5.handle(right) -> n6.handle(left) [label="Yes"]
  n5.handle(bottom) -> n8.handle(top) [label="No"]
  n6.handle(top) -> n3.handle(bottom)
  n10.handle(bottom) -> n3.handle(top)
  n8.handle(right) -> n9.handle(left)
}
`

// grantRevision sends an application back to its first step's bottom:
// the route back used to climb past the circle, over its top and down
// its right into its bottom, with no crossing spared, since the port on
// the circle's bottom could as well lie left of the edge leaving it.
const grantRevision = `// A grant application sent back to the applicant when the budget does not add up.
applicant { # Applicant
  n1: circle label:"Submit application"
  n1.handle(bottom) -> office.n2.handle(top) [label="PDF and budget"]
}
office { # Grants office
  n2: rectangle label:"Check eligibility"
  n3: diamond label:"Budget adds up?"
  n4: rectangle label:"Ask for a revised budget"
  n5: diamond label:"Above 50,000?"
  n6: rectangle label:"Award grant"
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n5.handle(left) [label="Yes"]
  n3.handle(bottom) -> n4.handle(top) [label="No"]
  n4.handle(top) -> applicant.n1.handle(bottom) [label="revised budget"]
  n5.handle(right) -> n6.handle(left) [label="No"]
  n5.handle(bottom) -> board.n7.handle(top) [label="Yes"]
}
board { # Funding board
  n7: rectangle label:"Vote on the award"
  n7.handle(right) -> office.n6.handle(bottom) [label="approved"]
}
`

// TestNoLoopRoundAnEnd: a route does not wind round the step it leaves
// or enters (layouttest.Windings) when a route that crosses at most one
// edge more reaches it directly, and every quality rule still holds.
func TestNoLoopRoundAnEnd(t *testing.T) {
	for name, src := range map[string]string{"payment-retry": paymentRetry, "grant-revision": grantRevision} {
		l := freshLayout(t, name, src)
		if n := layouttest.Windings(&l); n > 0 {
			t.Errorf("%s: %d routes wind round one of their ends", name, n)
			for _, e := range l.Edges {
				t.Logf("%s %s>%s %s>%s %v", e.ID, e.From, e.To, e.FromSide, e.ToSide, e.Points)
			}
		}
	}
}

// freshLayout lays src out in the workflow view afresh (no memo) and
// reports every quality rule the layout breaks.
func freshLayout(t *testing.T, name, src string) scene.Layout {
	t.Helper()
	doc := layouttest.Compile(t, name, src)
	env := layout.DefaultEnv()
	env.Fresh = true
	l := Layout(doc, env).Layout
	for _, p := range layouttest.Quality(doc, &l) {
		t.Errorf("%s: %v", name, p)
	}
	return l
}
