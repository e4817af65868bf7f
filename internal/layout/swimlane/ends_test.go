package swimlane

import (
	"math"
	"sort"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// endToEndPairs counts the pairs of runs of different edges that lie on
// one line, end to end, less than endGap apart.
func endToEndPairs(l scene.Layout) int {
	type run struct {
		vertical   bool
		at, lo, hi float64
		edge       int
	}
	var runs []run
	for k, e := range l.Edges {
		for i := 0; i+1 < len(e.Points); i++ {
			a, b := e.Points[i], e.Points[i+1]
			if a[0] == b[0] {
				runs = append(runs, run{true, a[0], math.Min(a[1], b[1]), math.Max(a[1], b[1]), k})
			} else {
				runs = append(runs, run{false, a[1], math.Min(a[0], b[0]), math.Max(a[0], b[0]), k})
			}
		}
	}
	n := 0
	for i, r := range runs {
		for _, o := range runs[i+1:] {
			if o.edge == r.edge || o.vertical != r.vertical || math.Abs(o.at-r.at) >= 0.5 {
				continue
			}
			if gap := math.Max(r.lo, o.lo) - math.Min(r.hi, o.hi); gap >= 0 && gap < endGap {
				n++
			}
		}
	}
	return n
}

// TestRunsDoNotMeetEndToEnd: no two edges of the unseen set's workflow
// layouts run on one line end to end closer than endGap (where one seems
// to run on into the other's node); without separateEnds, the lab's
// "Call back critical value" seemed to run straight into "Review results"
// along the line of the other edge entering it (30 such pairs in 26 of the
// set's 129 diagrams).
func TestRunsDoNotMeetEndToEnd(t *testing.T) {
	unseen := layouttest.Unseen(t)
	names := make([]string, 0, len(unseen))
	for k := range unseen {
		names = append(names, k)
	}
	sort.Strings(names)
	env := layout.DefaultEnv()
	for _, name := range names {
		if n := endToEndPairs(Layout(compileSrc(t, name, unseen[name]), env).Layout); n > 0 {
			t.Errorf("%s: %d pairs of runs end to end on one line", name, n)
		}
	}
	separateEndsTry = false
	defer func() { separateEndsTry = true }()
	env.Fresh = true // not the remembered layout
	name := "unseen wf-lab-pipeline.fz"
	if n := endToEndPairs(Layout(compileSrc(t, name, unseen[name]), env).Layout); n == 0 {
		t.Errorf("%s without separateEnds: no runs end to end; the test no longer tells", name)
	}
}

// TestLabelledRouteStraightened: in the marketplace payouts the labelled
// "Yes" from "Accepted?" into "Credit account" straight below lost its
// port to a run from far away (untangle's exchange) and went 210 px to
// the right and back to reach the other; straighten now takes the short
// route with two bends for a labelled edge too when it saves labelledSave.
func TestLabelledRouteStraightened(t *testing.T) {
	name := "unseen wf-marketplace-payouts.fz"
	flowTry = false // the columns the case was found on
	defer func() { flowTry = true }()
	env := layout.DefaultEnv()
	env.Fresh = true
	l := Layout(compileSrc(t, name, layouttest.Unseen(t)[name]), env).Layout
	for _, e := range l.Edges {
		if e.From != "n13" || e.To != "n15" {
			continue
		}
		n := 0.0
		for i := 1; i < len(e.Points); i++ {
			n += math.Abs(e.Points[i][0]-e.Points[i-1][0]) + math.Abs(e.Points[i][1]-e.Points[i-1][1])
		}
		if n > 200 {
			t.Errorf("Accepted? -> Credit account runs %.0f px: %v", n, e.Points)
		}
		return
	}
	t.Fatal("no edge n13 -> n15")
}
