package swimlane

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestSourcesAnsweredStandNearTheAnswer lays out three front ends that
// each hand down into one gateway, whose check answers one of them back
// ("403" to the kiosk). In written order the answer crossed the other
// two hand-offs, and the drawing that crossed least stacked the three
// front ends in one column, a lane three times as tall. The answered one
// now stands last, nearest the check: the three side by side in one row,
// nothing crossed.
func TestSourcesAnsweredStandNearTheAnswer(t *testing.T) {
	doc := layouttest.Compile(t, "front-ends", `fronts { # Front ends
  n1: circle label:"Kiosk"
  n2: circle label:"Browser"
  n3: circle label:"Voice assistant"
  n1.handle(bottom) -> gate.n4.handle(top) [label="HTTPS"]
  n2.handle(bottom) -> gate.n4.handle(top) [label="HTTPS"]
  n3.handle(bottom) -> gate.n4.handle(top) [label="gRPC"]
}
gate { # Gateway
  n4: rectangle label:"Terminate TLS"
  n5: diamond label:"Allowed?"
  n4.handle(right) -> n5.handle(left)
  n5.handle(top) -> fronts.n1.handle(bottom) [label="403"]
  n5.handle(right) -> back.n6.handle(left) [label="Forward"]
}
back { # Backend
  n6: rectangle label:"Serve request"
}
`)
	l := Layout(doc, layout.DefaultEnv()).Layout
	if x := layouttest.Crossings(&l); x != 0 {
		t.Errorf("%d crossings, want none", x)
	}
	ys := map[float64]bool{}
	for _, n := range l.Nodes {
		if n.Lane == "fronts" {
			ys[n.Y+n.H/2] = true
		}
	}
	if len(ys) != 1 {
		t.Errorf("the front ends stand in %d rows, want one", len(ys))
	}
	for _, p := range layouttest.Quality(doc, &l) {
		t.Errorf("%s", p)
	}
}
