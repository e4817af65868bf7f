package swimlane

import (
	"fmt"
	"math"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// closePairs counts the pairs of inner runs (between two bends, the runs
// spaceOut may move) of different routes that lie parallel, overlapping
// by more than a pixel, more than half a pixel and less than spaceTarget
// apart: drawn, each pair reads as one double line.
func closePairs(l *scene.Layout) int {
	n := 0
	for i, e := range l.Edges {
		for j := i + 1; j < len(l.Edges); j++ {
			f := l.Edges[j]
			for a := 1; a+2 < len(e.Points); a++ {
				for b := 1; b+2 < len(f.Points); b++ {
					p, q := geom.Point{X: e.Points[a][0], Y: e.Points[a][1]}, geom.Point{X: e.Points[a+1][0], Y: e.Points[a+1][1]}
					u, v := geom.Point{X: f.Points[b][0], Y: f.Points[b][1]}, geom.Point{X: f.Points[b+1][0], Y: f.Points[b+1][1]}
					if gap, ok := geom.ParallelGap(p, q, u, v); ok && gap > 0.5 && gap < spaceTarget-0.5 && alongOverlap(p, q, u, v) > 1 {
						n++
					}
				}
			}
		}
	}
	return n
}

// layoutToggled lays doc out afresh (the memo would hand back the other
// drawing) with the stage that flag turns on or off.
func layoutToggled(doc *model.Document, flag *bool, on bool) scene.Layout {
	*flag = on
	env := layout.DefaultEnv()
	env.Fresh = true
	return Layout(doc, env).Layout
}

// TestSpaceOutNeverWorse lays out the quality corpus with and without
// spaceOut and checks that no diagram gets a crossing, a shared run, a
// label hugged by another route or a pair of close parallel routes more
// by it, that every quality rule still holds, and that it spaces out a
// good share of the routes that ran closer than spaceTarget.
func TestSpaceOutNeverWorse(t *testing.T) {
	var close [2]int
	few := func(doc *model.Document) bool { return len(doc.Edges) <= untangleMaxEdges }
	eachToggled(t, &spaceRoutes, few, func(name string, ls [2]scene.Layout) {
		n := [2]int{closePairs(&ls[0]), closePairs(&ls[1])}
		close[0], close[1] = close[0]+n[0], close[1]+n[1]
		if msg := labelRunsKept(ls[0], ls[1]); msg != "" {
			t.Errorf("%s: %s", name, msg)
		}
		noneWorse(t, name, ls)
		if n[1] > n[0] {
			t.Errorf("%s: %d pairs of close parallel routes spaced out, %d not", name, n[1], n[0])
		}
	})
	t.Logf("pairs of routes running closer than %v px: %d → %d", spaceTarget, close[0], close[1])
	// A quarter at least: 2,658 → 1,848 when it came; 2,534 → 1,809
	// once the staircases were cut (fewer close pairs to start with,
	// fewer left).
	if 4*close[1] > 3*close[0] {
		t.Errorf("spaceOut spaced out too few close parallel routes: %d → %d", close[0], close[1])
	}
}

// TestSpaceOutGutter: in a subscription's dunning flow, "Approved" (to
// the ledger) and "No retries left" (to the accounts) ran down one gutter
// 10 px apart for 450 px, read as one double line, with 60 px free on
// either side; the label "No retries left" sat beside both.
func TestSpaceOutGutter(t *testing.T) {
	src := layouttest.Unseen(t)["unseen subscription-dunning.fz"]
	if src == "" {
		t.Fatal("subscription-dunning.fz is not in the unseen set")
	}
	doc := layouttest.Compile(t, "subscription-dunning.fz", src)
	t.Cleanup(func() { spaceRoutes = true })
	var n [2]int
	var l scene.Layout
	for k, on := range []bool{false, true} {
		l = layoutToggled(doc, &spaceRoutes, on)
		n[k] = closePairs(&l)
		for _, p := range layouttest.Quality(doc, &l) {
			t.Errorf("spaced out %v: %s", on, p)
		}
	}
	if n[0] == 0 || n[1] > n[0]/2 {
		t.Errorf("pairs of inner runs closer than %v px: %d without spaceOut, %d with; want some, halved", spaceTarget, n[0], n[1])
	}
	// The two long runs down the gutter: each edge's longest vertical.
	var xs []float64
	for _, e := range l.Edges {
		if e.Label == nil || e.Label.Text != "Approved" && e.Label.Text != "No retries left" {
			continue
		}
		long, x := 0.0, 0.0
		for k := 0; k+1 < len(e.Points); k++ {
			if a, b := e.Points[k], e.Points[k+1]; a[0] == b[0] && math.Abs(b[1]-a[1]) > long {
				long, x = math.Abs(b[1]-a[1]), a[0]
			}
		}
		xs = append(xs, x)
	}
	if len(xs) != 2 || math.Abs(xs[0]-xs[1]) < spaceTarget-0.5 {
		t.Errorf("the long runs of Approved and No retries left lie at x = %v, want two, %v px apart or more", xs, spaceTarget)
	}
}

// labelRunsKept checks that spacing out kept every label as placed on
// the runs it sat on: it kept its size; it stayed, or moved across runs
// it touched (within layout.LabelGap and a pixel) just as far as those
// runs moved (both ways at a corner); and each run it touched still has a run the same way, over the
// same stretch, that it touches as closely. It returns what broke, or
// "".
func labelRunsKept(before, after scene.Layout) string {
	type run struct {
		vert       bool
		at, lo, hi float64
		pts        []geom.Point
	}
	runs := func(pts [][2]float64) []run {
		var out []run
		for k := 0; k+1 < len(pts); k++ {
			a, b := pts[k], pts[k+1]
			r := run{vert: a[0] == b[0], pts: []geom.Point{{X: a[0], Y: a[1]}, {X: b[0], Y: b[1]}}}
			if r.vert {
				r.at, r.lo, r.hi = a[0], math.Min(a[1], b[1]), math.Max(a[1], b[1])
			} else {
				r.at, r.lo, r.hi = a[1], math.Min(a[0], b[0]), math.Max(a[0], b[0])
			}
			out = append(out, r)
		}
		return out
	}
	for i, e := range before.Edges {
		f := after.Edges[i]
		if e.Label == nil {
			continue
		}
		if f.Label == nil || f.Label.W != e.Label.W || f.Label.H != e.Label.H {
			return fmt.Sprintf("edge %s: label %q lost or resized", e.ID, e.Label.Text)
		}
		was := geom.Rect{X: e.Label.X, Y: e.Label.Y, W: e.Label.W, H: e.Label.H}
		is := geom.Rect{X: f.Label.X, Y: f.Label.Y, W: f.Label.W, H: f.Label.H}
		dx, dy := is.X-was.X, is.Y-was.Y
		withX, withY := dx == 0, dy == 0
		olds, news := runs(e.Points), runs(f.Points)
		for _, a := range olds {
			d := geom.RectDistance(was, a.pts)
			if d > layout.LabelGap+1 {
				continue
			}
			kept := false
			for _, b := range news {
				if b.vert != a.vert || math.Min(a.hi, b.hi)-math.Max(a.lo, b.lo) < 0 {
					continue
				}
				if geom.RectDistance(is, b.pts) <= d+1e-6 {
					kept = true
				}
				if a.vert && math.Abs(b.at-a.at-dx) < 1e-6 {
					withX = true
				}
				if !a.vert && math.Abs(b.at-a.at-dy) < 1e-6 {
					withY = true
				}
			}
			if !kept {
				return fmt.Sprintf("edge %s: label %q no longer on its run %v (label %v → %v; route %v → %v)", e.ID, e.Label.Text, a.pts, was, is, e.Points, f.Points)
			}
		}
		if !withX || !withY {
			return fmt.Sprintf("edge %s: label %q moved (%v, %v) but no run it sat on did", e.ID, e.Label.Text, dx, dy)
		}
	}
	return ""
}
