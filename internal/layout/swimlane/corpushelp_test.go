package swimlane

import (
	"sort"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout/layouttest"
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
// that flag turns on off and then on, checks every quality rule on the
// second drawing, and returns both.
func toggledCase(t *testing.T, name string, flag *bool) [2]scene.Layout {
	t.Helper()
	corpus := layouttest.QualityCorpus(t)
	src, ok := corpus[name]
	if !ok {
		t.Fatalf("%s is not in the quality corpus", name)
	}
	doc := layouttest.Compile(t, name, src)
	t.Cleanup(func() { *flag = true })
	var ls [2]scene.Layout
	for k, on := range []bool{false, true} {
		ls[k] = layoutToggled(doc, flag, on)
	}
	for _, p := range layouttest.Quality(doc, &ls[1]) {
		t.Errorf("%s: %s", name, p)
	}
	return ls
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
