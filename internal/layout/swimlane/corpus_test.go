package swimlane

import (
	"os"
	"strings"
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
		if f := os.Getenv("FLOWZAP_QUALITY_SHOW"); f != "" && strings.Contains(name, f) {
			for _, p := range ps {
				t.Logf("%s: %s", name, p)
			}
		}
	}
	t.Logf("swimlane: %s", tally)
}
