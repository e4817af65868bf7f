package arch

import (
	"fmt"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// finishAtOnce is the finish of a layout as one pass (labels placed in
// every round, then rerouteFinal), as it was before finishRoutes and
// labelled split it: the reference TestLabelledAsAtOnce compares with.
func finishAtOnce(s *state) {
	lastRound := roomRounds
	if len(s.deps) <= labelRoundsMax {
		lastRound = labelRounds
	}
	for round := 0; ; round++ {
		if round > 0 {
			s.routeAgain()
		}
		if len(s.need) > 0 && round < roomRounds && s.makeRoom(nil) {
			continue
		}
		blocked := s.placeLabels()
		if round == lastRound || !s.makeRoom(blocked) {
			break
		}
	}
	s.rerouteFinal()
}

// drawingKey names a drawing's size, routes, ports and label boxes.
func drawingKey(s *state) string {
	out := fmt.Sprint(s.width, s.height)
	for _, d := range s.deps {
		out += fmt.Sprint(d.pts, d.labelBox, d.srcPort, d.dstPort)
	}
	return out
}

// TestLabelledAsAtOnce checks on the quality corpus that the routes of a
// drawing completed by finishRoutes (the rerouting worked out before the
// labels) and then labelled are those of the one-pass finish, labels and
// all, label rounds included.
func TestLabelledAsAtOnce(t *testing.T) {
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		env := layout.DefaultEnv()
		routed := func() *state {
			s := &state{doc: doc, env: env}
			s.build(nil)
			s.rankContainers()
			s.prepare()
			s.firstRouting()
			return s
		}
		want, got := routed(), routed()
		finishAtOnce(want)
		got.finishRoutes()
		got.labelled()
		if drawingKey(want) != drawingKey(got) {
			t.Errorf("%s: finishRoutes and labelled give another drawing than the one-pass finish", name)
		}
	}
}
