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
// at once, so the label stage runs for the folding and twice for its
// polish (five times before: twice per drawing and once for the
// polish). The polish's second run places the labels again because it
// moved a short route under its label: in the blue-green seed "Blue",
// "No" and "Yes" were left over their own arrowheads, off their runs'
// middle (movedUnder), until 2026-12-06 with one stage fewer.
func TestSeedLabelStages(t *testing.T) {
	withoutShortcuts(t)
	ex := layouttest.Examples(t)
	for name, most := range map[string]int64{"seed-blue-green.fz": 3, "seed-event-driven.fz": 3} {
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

// TestRoomedTrackKeepsItsRoom lays out a generated flow without handles
// where "No, send back to the requester with comments" runs the length
// of the drawing along the channel under the containers, beside the
// step's own way there (two routes between the same two components, one
// each way). The channels give room below its track (trackRoom), and
// the untangling then exchanged its track with its neighbour's, which
// ran through the room: twelve rounds widened the drawing to 3,174 px
// and the label was still crossed. A track roomed for a label that kept
// finding no place stays out of the exchanges.
func TestRoomedTrackKeepsItsRoom(t *testing.T) {
	doc := layouttest.Compile(t, "unhandled 2076", testgen.Unhandled(2076))
	l := Layout(doc, layout.DefaultEnv()).Layout
	for _, p := range layouttest.Quality(doc, &l) {
		t.Error(p)
	}
	if l.Width > 2600 {
		t.Errorf("%.0f px wide: the rounds widened it for a label that found no place", l.Width)
	}
}

// TestSeedLabelsOffTheirRoutes: in the blue-green seed the final polish
// moved the short routes out of "Current active?" and the two health
// checks a few pixels after their labels were placed; "Blue", "No" and
// "Yes" were left over their own arrowheads, off their runs' middle.
// The polish now places the labels again when it leaves one over its
// route (movedUnder): no label of either seed covers its own route.
func TestSeedLabelsOffTheirRoutes(t *testing.T) {
	ex := layouttest.Examples(t)
	for _, name := range []string{"seed-blue-green.fz", "seed-event-driven.fz"} {
		doc := layouttest.Compile(t, name, ex[name])
		l := Layout(doc, layout.DefaultEnv()).Layout
		if n := layouttest.LabelsOverOwnRoute(&l); n > 0 {
			t.Errorf("%s: %d labels cover a part of their own route", name, n)
		}
	}
}
