package swimlane

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/testgen"
)

// stopHere is the panic a test checkpoint raises to abandon a layout.
type stopHere struct{}

// TestCrossingReductionStops: the crossing reduction of a large diagram
// (seconds of sweeps at the node limit) asks the layout's checkpoint for
// every column it sweeps or transposes, so a layout nobody waits for any
// more is abandoned inside it, not only once it is over.
func TestCrossingReductionStops(t *testing.T) {
	src := testgen.Diagram(testgen.Options{Nodes: 400, Lanes: 8, Seed: 5})
	doc := layouttest.Compile(t, "big.fz", src)
	env := layout.DefaultEnv()
	s := newState(doc, env)
	s.sizeNodes()
	s.rank()
	asked := 0
	s.env.Checkpoint = func() { asked++ }
	s.assignRows()
	if asked < s.cols {
		t.Fatalf("the rows of %d columns were ordered asking the checkpoint %d times, want at least once a column", s.cols, asked)
	}
	// Abandoned at the checkpoint half way through the ordering: the
	// panic comes out of it (the pipeline recovers it and answers that
	// the layout stopped).
	s = newState(doc, env)
	s.sizeNodes()
	s.rank()
	n := 0
	s.env.Checkpoint = func() {
		if n++; n == asked/2 {
			panic(stopHere{})
		}
	}
	defer func() {
		if r := recover(); r != (stopHere{}) {
			t.Errorf("stopped half way through the ordering: recovered %v", r)
		}
	}()
	s.assignRows()
	t.Errorf("the ordering went on past the checkpoint that stopped it (%d questions)", n)
}
