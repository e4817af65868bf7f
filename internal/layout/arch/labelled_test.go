package arch

import (
	"fmt"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// drawingKey names a drawing's size, routes, ports and label boxes.
func drawingKey(s *state) string {
	out := fmt.Sprint(s.width, s.height)
	for _, d := range s.deps {
		out += fmt.Sprint(d.pts, d.labelBox, d.srcPort, d.dstPort)
	}
	return out
}

// TestLabelledAsFinish checks on the quality corpus that a drawing
// completed in two steps, finishRoutes (the rerouting worked out before
// the labels) and then labelled, is the drawing finish gives, labels and
// label rounds included.
func TestLabelledAsFinish(t *testing.T) {
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
		want.finish()
		got.finishRoutes()
		got.labelled()
		if drawingKey(want) != drawingKey(got) {
			t.Errorf("%s: finishRoutes and labelled give another drawing than finish", name)
		}
	}
}

// TestSeedLabelStages checks how often the seeds' layouts run the label
// stage: the blue-green seed lays out its folding (kept) and its row (only
// compared, so left without labels), and the folding, whose final
// rerouting changed its routes, takes its labels on the rerouted routes
// at once, so the label stage runs for the folding and its polish only
// (five times before: twice per drawing and once for the polish).
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
