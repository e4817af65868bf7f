package swimlane

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestHintedStepSitsAmongItsSteps: a retry step joined only by edges
// whose sides say where it sits (entered on its right from a decision's
// bottom, leaving by its left into the step it repeats) sits between
// those steps, not at the far left of its lane, so the loop over the
// three frames none of the steps before them.
func TestHintedStepSitsAmongItsSteps(t *testing.T) {
	src := `shop { # Shop
  n1: circle label:"Order placed"
  n2: rectangle label:"Check stock"
  n3: rectangle label:"Reserve items"
  n4: diamond label:"Warehouse answer"
  n5: rectangle label:"Pause and ask again"
  n6: circle label:"Reserved"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n4.handle(left)
  n4.handle(right) -> n6.handle(left) [label="confirmed"]
  n4.handle(bottom) -> n5.handle(right) [label="busy"]
  n5.handle(left) -> n3.handle(bottom) [label="again"]
  loop [until the warehouse confirms] n3 n4 n5
}
`
	doc := layouttest.Compile(t, "hinted.fz", src)
	l := Layout(doc, layout.DefaultEnv()).Layout
	if ps := layouttest.LoopStrangers(&l); len(ps) > 0 {
		t.Errorf("the loop frames steps that are not its own: %v", ps)
	}
	b := layouttest.NodeBoxes(&l)
	retry, check, reserve := b["n5"], b["n2"], b["n3"]
	if retry.X < check.X+check.W {
		t.Errorf("the retry step (x %.0f) sits left of or under the step before the loop (x %.0f..%.0f)", retry.X, check.X, check.X+check.W)
	}
	if retry.X+retry.W <= reserve.X {
		t.Errorf("the retry step (x %.0f..%.0f) sits left of the step it repeats (x %.0f)", retry.X, retry.X+retry.W, reserve.X)
	}
}
