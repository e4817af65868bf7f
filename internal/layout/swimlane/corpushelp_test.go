package swimlane

import (
	"sort"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// smallCorpus returns the names of the quality corpus, sorted, without
// the big random drawings, and the corpus.
func smallCorpus(t *testing.T) ([]string, map[string]string) {
	corpus := layouttest.QualityCorpus(t)
	names := make([]string, 0, len(corpus))
	for name := range corpus {
		if !bigRandom.MatchString(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names, corpus
}

// toggledCase lays the corpus diagram name out afresh with the stage
// that flag turns on off and then on (layBoth), and returns both.
func toggledCase(t *testing.T, name string, flag *bool) [2]scene.Layout {
	t.Helper()
	src, ok := layouttest.QualityCorpus(t)[name]
	if !ok {
		t.Fatalf("%s is not in the quality corpus", name)
	}
	t.Cleanup(func() { *flag = true })
	return layBoth(t, name, layouttest.Compile(t, name, src), flag)
}

// eachToggled lays every diagram of smallCorpus that keep keeps (all
// when keep is nil) out as layBoth does and hands both drawings to check.
func eachToggled(t *testing.T, flag *bool, keep func(*model.Document) bool, check func(name string, ls [2]scene.Layout)) {
	t.Helper()
	names, corpus := smallCorpus(t)
	t.Cleanup(func() { *flag = true })
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		if keep == nil || keep(doc) {
			check(name, layBoth(t, name, doc, flag))
		}
	}
}

// layBoth lays doc out afresh with the stage that flag turns on off and
// then on, checks every quality rule on the second drawing, and returns
// both.
func layBoth(t *testing.T, name string, doc *model.Document, flag *bool) [2]scene.Layout {
	t.Helper()
	var ls [2]scene.Layout
	for k, on := range []bool{false, true} {
		ls[k] = layoutToggled(doc, flag, on)
	}
	for _, p := range layouttest.Quality(doc, &ls[1]) {
		t.Errorf("%s: %s", name, p)
	}
	return ls
}

// noneWorse fails the test when the second drawing (with a stage) crosses
// more, shares more runs or has more labels hugged by another route than
// the first (without it).
func noneWorse(t *testing.T, name string, ls [2]scene.Layout) {
	t.Helper()
	var c, r, h [2]int
	for k := range ls {
		c[k], r[k], h[k] = layouttest.Crossings(&ls[k]), layouttest.SharedRuns(&ls[k]), layouttest.LabelsHugging(&ls[k], layouttest.HugGap)
	}
	if c[1] > c[0] || r[1] > r[0] || h[1] > h[0] {
		t.Errorf("%s: %d crossings, %d shared runs and %d hugged labels with the stage, %d, %d and %d without", name, c[1], r[1], h[1], c[0], r[0], h[0])
	}
}

// edgeRoute returns the route of the edge from -> to in a drawing; the
// test fails when there is no such edge.
func edgeRoute(t *testing.T, l *scene.Layout, from, to string) []geom.Point {
	t.Helper()
	for _, e := range l.Edges {
		if e.From == from && e.To == to {
			return routePoints(e)
		}
	}
	t.Fatalf("no edge %s -> %s", from, to)
	return nil
}

// routePoints returns an edge's route as points.
func routePoints(e scene.EdgeRoute) []geom.Point {
	pts := make([]geom.Point, len(e.Points))
	for i, p := range e.Points {
		pts[i] = geom.Point{X: p[0], Y: p[1]}
	}
	return pts
}
