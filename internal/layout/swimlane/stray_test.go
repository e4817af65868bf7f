package swimlane

import (
	"math"
	"os"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// strayRoutes returns the edges of l whose routes run more than a pixel
// beyond the lanes of their two ends.
func strayRoutes(l *scene.Layout) []string {
	lanes := map[string]scene.LaneBox{}
	for _, ln := range l.Lanes {
		lanes[ln.ID] = ln
	}
	laneOf := map[string]string{}
	for _, n := range l.Nodes {
		laneOf[n.ID] = n.Lane
	}
	var out []string
	for _, e := range l.Edges {
		a, b := lanes[laneOf[e.From]], lanes[laneOf[e.To]]
		lo, hi := math.Min(a.Y, b.Y), math.Max(a.Y+a.H, b.Y+b.H)
		for _, p := range e.Points {
			if p[1] < lo-1 || p[1] > hi+1 {
				out = append(out, e.From+"->"+e.To)
				break
			}
		}
	}
	return out
}

// TestRoutesStayInTheirLanes: a route that would have to cross one or
// two hand-offs to stay in the lanes of its ends crosses them instead of
// passing through another lane, which would say that lane takes part: a
// step to the next step of its lane (the physician's) across two
// hand-offs going down, not under the nurse's step, and the MFA example's
// token from the auth service down to the session store, not over the
// user's lane.
func TestRoutesStayInTheirLanes(t *testing.T) {
	triage := `patient { # Patient
  n1: circle label:"Arrives at emergency"
  n2: circle label:"Goes home"
  n1.handle(bottom) -> desk.n3.handle(top) [label="walk-in"]
}
desk { # Reception
  n3: rectangle label:"Register and take vitals"
  n4: diamond label:"Triage level?"
  n3.handle(right) -> n4.handle(left)
  n4.handle(bottom) -> doc.n5.handle(top) [label="level 1: resuscitation now"]
  n4.handle(right) -> doc.n6.handle(top) [label="level 2-3: urgent"]
  n4.handle(top) -> patient.n2.handle(bottom) [label="level 5: refer to GP"]
  n4.handle(bottom) -> nurse.n8.handle(top) [label="level 4: minor injuries"]
}
doc { # Physician
  n5: rectangle label:"Stabilise"
  n6: rectangle label:"Examine and order tests"
  n7: diamond label:"Admit?"
  n5.handle(right) -> n6.handle(left)
  n6.handle(right) -> lab.n9.handle(top) [label="bloods and imaging"]
  n7.handle(bottom) -> ward.n11.handle(top) [label="yes"]
  n7.handle(top) -> patient.n2.handle(bottom) [label="no: discharge letter"]
}
nurse { # Nurse
  n8: rectangle label:"Dress wound"
  n8.handle(top) -> patient.n2.handle(bottom) [label="treated"]
}
lab { # Laboratory
  n9: rectangle label:"Run tests"
  n10: rectangle label:"Report results"
  n9.handle(right) -> n10.handle(left)
  n10.handle(top) -> doc.n7.handle(bottom) [label="results within 2h"]
}
ward { # Ward
  n11: rectangle label:"Assign bed"
  n12: rectangle label:"Inpatient care"
  n11.handle(right) -> n12.handle(left)
}
`
	mfa, err := os.ReadFile("../../../examples/user-authentication-mfa.fz")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, src string }{{"triage.fz", triage}, {"user-authentication-mfa.fz", string(mfa)}} {
		doc := layouttest.Compile(t, tc.name, tc.src)
		l := Layout(doc, layout.DefaultEnv()).Layout
		if s := strayRoutes(&l); len(s) > 0 {
			t.Errorf("%s: routes run through a lane that holds neither of their ends: %v", tc.name, s)
		}
		if v := layouttest.Quality(doc, &l); len(v) > 0 {
			t.Errorf("%s: %v", tc.name, v)
		}
	}
}
