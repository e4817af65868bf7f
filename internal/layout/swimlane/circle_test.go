package swimlane

import (
	"math"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// A circle's label, however many lines it wraps to, stays inside the
// circle: every corner of its text box is within the rim.
func TestCircleHoldsItsText(t *testing.T) {
	env := layout.DefaultEnv()
	for _, label := range []string{
		"Start",
		"Visitor lands on cart",
		"Open https://accounts.example-corp.internal/signin",
		"Customer calls the hotline after the third failed delivery attempt of the week",
	} {
		doc := layouttest.Compile(t, "circle", "a { # A\n  n1: circle label:\""+label+"\"\n}\n")
		s := newState(doc, env)
		s.sizeNodes()
		n := s.nodes[0]
		r := n.w / 2
		corner := math.Hypot(n.text.W/2, n.text.H/2)
		if corner > r-2 {
			t.Errorf("%q: text box %.0f×%.0f reaches %.1f px from the centre of a circle of radius %.1f", label, n.text.W, n.text.H, corner, r)
		}
	}
}
