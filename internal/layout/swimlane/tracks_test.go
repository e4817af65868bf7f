package swimlane

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// parallelHandOffs writes n parallel hand-offs between two lanes: a
// chain of n steps in the first lane, each handing off through its
// bottom side to the top of a step of the second lane's chain, which
// starts where the first chain ends; the hand-offs run along the gutter
// between the lanes side by side. With fan, one step hands off to n
// steps instead (a fan out of one bottom side).
func parallelHandOffs(n int, fan bool) string {
	var b strings.Builder
	b.WriteString("a { # Sales\n")
	if fan {
		b.WriteString("n1: rectangle label:\"Hub\"\n")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "n1.handle(bottom) -> b.n%d.handle(top) [label=\"h%d\"]\n", i+1, i)
		}
		b.WriteString("}\nb { # Ops\n")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "n%d: rectangle label:\"Step B%d\"\n", i+1, i)
		}
		b.WriteString("}\n")
		return b.String()
	}
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "n%d: rectangle label:\"Step A%d\"\n", i, i)
	}
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "n%d.handle(right) -> n%d.handle(left)\n", i, i+1)
	}
	fmt.Fprintf(&b, "n%d.handle(bottom) -> b.n%d.handle(top)\n", n, n+1)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "n%d.handle(bottom) -> b.n%d.handle(top) [label=\"p%d\"]\n", i, n+1+i, i)
	}
	b.WriteString("}\nb { # Ops\n")
	for i := 1; i <= n+1; i++ {
		fmt.Fprintf(&b, "n%d: rectangle label:\"Step B%d\"\n", n+i, i)
	}
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "n%d.handle(right) -> n%d.handle(left)\n", n+i, n+i+1)
	}
	b.WriteString("}\n")
	return b.String()
}

// closestRuns returns the smallest distance between parallel runs of two
// different edges that lie side by side along more than 20 px, and how
// many such pairs there are.
func closestRuns(l *scene.Layout) (float64, int) {
	type run struct {
		e        int
		vertical bool
		at, a, b float64
	}
	var runs []run
	for i, e := range l.Edges {
		p := e.Points
		for k := 0; k+1 < len(p); k++ {
			switch {
			case p[k][0] == p[k+1][0]:
				runs = append(runs, run{i, true, p[k][0], math.Min(p[k][1], p[k+1][1]), math.Max(p[k][1], p[k+1][1])})
			case p[k][1] == p[k+1][1]:
				runs = append(runs, run{i, false, p[k][1], math.Min(p[k][0], p[k+1][0]), math.Max(p[k][0], p[k+1][0])})
			}
		}
	}
	closest, pairs := math.Inf(1), 0
	for i, r := range runs {
		for _, o := range runs[i+1:] {
			if o.e == r.e || o.vertical != r.vertical || math.Min(r.b, o.b)-math.Max(r.a, o.a) <= 20 {
				continue
			}
			if d := math.Abs(o.at - r.at); d > 0.5 && d < 2*trackStep {
				closest = math.Min(closest, d)
				pairs++
			}
		}
	}
	return closest, pairs
}

// TestParallelHandOffsApart checks 3 to 6 parallel hand-offs between two
// lanes along the gutter between them, and 4 to 6 fanned out of one
// bottom side: the tracks side by side lie at least 10 px apart (at 7 px, six
// lines read as a band at 100 %), the gutter widening to hold them, and
// every rule holds (labels on their own edge).
func TestParallelHandOffsApart(t *testing.T) {
	for _, fan := range []bool{false, true} {
		for n := 3; n <= 6; n++ {
			if fan && n == 3 {
				continue // three fanned hand-offs run on two tracks apart
			}
			name := fmt.Sprintf("parallel-%d", n)
			if fan {
				name = fmt.Sprintf("fan-%d", n)
			}
			doc := layouttest.Compile(t, name, parallelHandOffs(n, fan))
			l := Layout(doc, layout.DefaultEnv()).Layout
			closest, pairs := closestRuns(&l)
			if pairs == 0 {
				t.Errorf("%s: no parallel runs side by side; the case needs them", name)
			} else if closest < 9.5 {
				t.Errorf("%s: parallel runs %.1f px apart, want at least 10", name, closest)
			}
			for _, p := range layouttest.Quality(doc, &l) {
				t.Errorf("%s: %s", name, p)
			}
		}
	}
}
