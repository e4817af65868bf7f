package swimlane

import (
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// jogs counts the steps of at most portAlignMax across a route between
// two runs the same way, next to a port (the steps snapJogs takes out).
func jogs(l *scene.Layout) int {
	n := 0
	for _, e := range l.Edges {
		p := routePoints(e)
		for i := 1; i+2 < len(p); i++ {
			if i != 1 && i+2 != len(p)-1 {
				continue // not next to a port
			}
			d := geom.Dist(p[i], p[i+1])
			if d >= 0.5 && d <= portAlignMax && unitDir(p[i-1], p[i]) == unitDir(p[i+1], p[i+2]) {
				n++
			}
		}
	}
	return n
}

// TestSnapJogsChatbot: in a support chatbot's flow (of the unseen set),
// "attachment" left the question step's bottom, stepped 4.8 px aside and
// ran on down to the intent detection beside "message": the ends had
// been pulled apart at one end only. Its port now moves under the run.
func TestSnapJogsChatbot(t *testing.T) {
	ls := toggledCase(t, "unseen wf-chatbot-handoff.fz", &jogsSnapped)
	r0, r1 := labelledRoute(t, &ls[0], "attachment"), labelledRoute(t, &ls[1], "attachment")
	if len(r0) <= 2 {
		t.Fatalf("without the pass the route is already straight (%v): the test no longer shows the case", r0)
	}
	if len(r1) != 2 {
		t.Errorf("the route bends %d times (%d without the pass), want a straight line", len(r1)-2, len(r0)-2)
	}
}

// TestSnapJogsNeverWorse lays out the quality corpus with and without
// snapJogs and checks that no drawing gets a crossing, a shared run, a
// label hugged by another route or a jog more by it, that every quality
// rule still holds, and that it takes some jogs out.
func TestSnapJogsNeverWorse(t *testing.T) {
	names, corpus := smallCorpus(t)
	t.Cleanup(func() { jogsSnapped = true })
	var total [2]int
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		var c, r, h, j [2]int
		for k, on := range []bool{false, true} {
			l := layoutToggled(doc, &jogsSnapped, on)
			c[k], r[k], h[k], j[k] = layouttest.Crossings(&l), layouttest.SharedRuns(&l), layouttest.LabelsHugging(&l, layouttest.HugGap), jogs(&l)
			total[k] += j[k]
			if on {
				for _, p := range layouttest.Quality(doc, &l) {
					t.Errorf("%s, jogs snapped: %s", name, p)
				}
			}
		}
		if c[1] > c[0] || r[1] > r[0] || h[1] > h[0] || j[1] > j[0] {
			t.Errorf("%s: %d crossings, %d shared runs, %d hugged labels and %d jogs snapped, %d, %d, %d and %d not", name, c[1], r[1], h[1], j[1], c[0], r[0], h[0], j[0])
		}
	}
	t.Logf("jogs next to ports: %d → %d", total[0], total[1])
	if total[1] >= total[0] {
		t.Errorf("snapJogs took no jog out: %d → %d", total[0], total[1])
	}
}

// labelledRoute returns the route of the edge labelled text; the test
// fails when there is none.
func labelledRoute(t *testing.T, l *scene.Layout, text string) []geom.Point {
	t.Helper()
	for _, e := range l.Edges {
		if e.Label != nil && e.Label.Text == text {
			return routePoints(e)
		}
	}
	t.Fatalf("no edge labelled %q", text)
	return nil
}
