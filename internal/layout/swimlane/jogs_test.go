package swimlane

import (
	"testing"

	"flowzap/internal/geom"
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
	var total [2]int
	eachToggled(t, &jogsSnapped, nil, func(name string, ls [2]scene.Layout) {
		j := [2]int{jogs(&ls[0]), jogs(&ls[1])}
		total[0], total[1] = total[0]+j[0], total[1]+j[1]
		noneWorse(t, name, ls)
		if j[1] > j[0] {
			t.Errorf("%s: %d jogs snapped, %d not", name, j[1], j[0])
		}
	})
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
