package swimlane

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestQualityCorpus checks the quality rules (layouttest.Quality) on the
// whole quality corpus and logs the tally by kind.
func TestQualityCorpus(t *testing.T) {
	var tally layouttest.Tally
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		l := Layout(doc, layout.DefaultEnv()).Layout
		ps := layouttest.Quality(doc, &l)
		tally.Add(name, ps)
	}
	t.Logf("swimlane: %s", tally)
}
