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
// along the line of the other edge entering it, and 30 more such pairs in
// 26 diagrams.
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
