package swimlane

import (
	"os"
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestQualityCorpus lays out the whole quality corpus and checks every
// promise of layouttest.Quality. FLOWZAP_QUALITY_SHOW=substring prints
// the problems of the diagrams whose name holds it.
func TestQualityCorpus(t *testing.T) {
	var tally layouttest.Tally
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		l := Layout(doc, layout.DefaultEnv()).Layout
		ps := layouttest.Quality(doc, &l)
		tally.Add(name, ps)
		if f := os.Getenv("FLOWZAP_QUALITY_SHOW"); f != "" && strings.Contains(name, f) {
			for _, p := range ps {
				t.Logf("%s: %s", name, p)
			}
		}
		for _, p := range ps {
			t.Errorf("%s: %s", name, p)
		}
	}
	t.Logf("workflow: %s", tally)
}

// BenchmarkSeeds measures the two seed diagrams.
func BenchmarkSeeds(b *testing.B) { layouttest.BenchSeeds(b, Layout) }
