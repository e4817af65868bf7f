package sequence

import (
	"strings"
	"testing"

	"flowzap/internal/layout/layouttest"
)

// TestOutcomeIntoAStepACycleReturnsToIsNamed lays out a canary release
// whose router sends traffic to the old or the new build; a later
// "promote" goes back round the cycle to the new build. The outcome into
// the new build is still the one way into it where it is drawn: its
// message names the step, as the other outcome's does, and the section
// needs no continuation. Counted as a second way in, the step's note
// came after the frame and the other section got a continuation naming
// its own step, drawn just above it.
func TestOutcomeIntoAStepACycleReturnsToIsNamed(t *testing.T) {
	doc := layouttest.Compile(t, "canary", `ops { # Release team
  n1: circle label:"Release 4.2"
  n2: rectangle label:"Watch error budget"
  n3: diamond label:"Healthy?"
  n4: rectangle label:"Promote to all"
  n5: rectangle label:"Roll back"
  n1.handle(bottom) -> router.n6.handle(top) [label="Start canary"]
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n4.handle(left) [label="Yes"]
  n3.handle(bottom) -> n5.handle(top) [label="No"]
  n4.handle(bottom) -> router.n8.handle(top) [label="Shift 100 %"]
}
router { # Traffic router
  n6: diamond label:"Bucket"
  n7: rectangle label:"Old build"
  n8: rectangle label:"New build"
  n9: rectangle label:"Record metrics"
  n6.handle(right) -> n7.handle(left) [label="95 %"]
  n6.handle(bottom) -> n8.handle(top) [label="5 %"]
  n7.handle(right) -> n9.handle(left)
  n8.handle(right) -> n9.handle(left)
  n9.handle(top) -> ops.n2.handle(bottom) [label="Metrics"]
}
`)
	l := laySequence(doc)
	for _, name := range []string{"Old build", "New build"} {
		messageY(t, l, name) // fails the test when no message names it
	}
	for _, n := range l.Notes {
		if n.Node == "n8" {
			t.Errorf("New build has a note at y %.0f: its outcome's message should name it", n.Y)
		}
	}
	for _, c := range l.Continuations {
		if (c.Node == "n7" || c.Node == "n8") && strings.HasPrefix(c.Text, "→") {
			t.Errorf("continuation %q: the section's step is drawn in it", c.Text)
		}
	}
	if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
		t.Errorf("%v", ps)
	}
	for _, p := range lostWaysOn(doc, l) {
		t.Errorf("%s", p)
	}
}
