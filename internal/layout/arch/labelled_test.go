package arch

import (
	"fmt"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// finishAtOnce is the finish of a layout as one pass (labels placed in
// every round, then rerouteFinal), as it was before finishRoutes and
// labelled split it: the reference TestLabelledAsAtOnce compares with. It
// reports whether its first label stage left a label without a place.
func finishAtOnce(s *state) (blocked bool) {
	placed := false // the labels were placed once
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
		stuck := s.placeLabels()
		if !placed {
			blocked, placed = len(stuck) > 0, true
		}
		if round == lastRound || !s.makeRoom(stuck) {
			break
		}
	}
	s.rerouteFinal()
	return blocked
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
// all, except where the one-pass finish's first label stage left a label
// without a place: labelled places the labels on the rerouted routes
// first and keeps them when every label finds a place there.
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
		rounds := finishAtOnce(want)
		got.finishRoutes()
		got.labelled()
		if drawingKey(want) != drawingKey(got) && !rounds {
			t.Errorf("%s: finishRoutes and labelled give another drawing than the one-pass finish", name)
		}
	}
}

// TestSeedLabelStages checks how often the seeds' layouts run the label
// stage: the blue-green seed lays out its folding (kept) and its row (only
// compared, so left without labels), and the rerouted folding takes its
// labels at once, so the label stage runs for the folding and its polish
// only (five times before: twice per drawing and once for the polish).
func TestSeedLabelStages(t *testing.T) {
	ex := layouttest.Examples(t)
	for name, most := range map[string]int64{"seed-blue-green.fz": 2, "seed-event-driven.fz": 2} {
		doc := layouttest.Compile(t, name, ex[name])
		before := labelStages.Load()
		Layout(doc, layout.DefaultEnv())
		if n := labelStages.Load() - before; n > most {
			t.Errorf("%s: the label stage ran %d times, want at most %d", name, n, most)
		} else {
			t.Logf("%s: %d label stages", name, n)
		}
	}
}
