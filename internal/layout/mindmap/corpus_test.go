package mindmap

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestQualityCorpus lays out the whole quality corpus and checks every
// promise of layouttest.Quality, and that the map is a tree of every drawn
// node.
func TestQualityCorpus(t *testing.T) {
	var tally layouttest.Tally
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		sc := Layout(doc, layout.DefaultEnv())
		ps := layouttest.Quality(nil, &sc.Layout) // a mind map's edges are its tree's, not the code's
		tally.Add(name, ps)
		for _, p := range ps {
			t.Errorf("%s: %s", name, p)
		}
		drawn := len(sc.Layout.Nodes)
		if root := Root(doc); root != nil && drawn != len(doc.Nodes)-len(Omitted(doc)) {
			t.Errorf("%s: drew %d nodes, want %d (all but the omitted)", name, drawn, len(doc.Nodes)-len(Omitted(doc)))
		}
		if drawn > 0 && len(sc.Layout.Edges) != drawn-1 {
			t.Errorf("%s: a tree of %d nodes needs %d edges, got %d", name, drawn, drawn-1, len(sc.Layout.Edges))
		}
	}
	t.Logf("mindmap: %s", tally)
}

// BenchmarkSeeds measures the two seed diagrams.
func BenchmarkSeeds(b *testing.B) { layouttest.BenchSeeds(b, Layout) }
