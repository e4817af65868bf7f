package arch

import (
	"fmt"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/testgen"
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

// TestNarrowedLabelFindsPlace lays out a generated approval flow where a
// long label ("No, send back to the requester with comments") runs up
// between two other routes inside a container, whose band cannot widen
// for it: wrapped narrower (narrowBlocked), it finds a place beside its
// own edge; without the narrowing (and the final tightening, which may
// make room for it another way) another route crosses it.
func TestNarrowedLabelFindsPlace(t *testing.T) {
	doc := layouttest.Compile(t, "approval 60036", testgen.RandomApproval(60036))
	problems := func() []layouttest.Problem {
		l := Layout(doc, layout.DefaultEnv()).Layout
		return layouttest.Quality(doc, &l)
	}
	for _, p := range problems() {
		t.Error(p)
	}
	saved := narrowShares
	narrowShares = nil
	defer func() { narrowShares = saved }()
	withoutTighten(t) // tightening may make room for the label another way
	if len(problems()) == 0 {
		t.Error("without the narrowing the diagram keeps every rule too: the test no longer tries narrowBlocked")
	}
}
