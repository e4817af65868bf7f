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
	var hugs layouttest.HugTally
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		l := Layout(doc, layout.DefaultEnv()).Layout
		ps := layouttest.Quality(doc, &l)
		tally.Add(name, ps)
		hugs.Add(name, doc, &l)
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
	// 644 of 4,931 labels of the workflow view and 142 of 4,896 of the
	// architecture view lay that near before the label stage kept clear.
	hugs.Check(t)
	// 195 of 5,127 labels covered a bend or another run of their own
	// route before the label stage kept off them (2026-12-06).
	hugs.CheckOverOwn(t, 10)
}

// TestLabelClearOfParallelRoute lays out a journal's review, written
// without handles: "no, desk reject" runs to "Published" 10 px under
// "revised version", which runs back to "Desk check". Its label sat on
// its own run, centred, its top 0.2 px from the other route, and read as
// either's. No label may now pass within layouttest.HugGap of another route.
func TestLabelClearOfParallelRoute(t *testing.T) {
	doc := layouttest.Compile(t, "journal", layouttest.JournalReview)
	l := Layout(doc, layout.DefaultEnv()).Layout
	if n := layouttest.LabelsHugging(&l, layouttest.HugGap); n > 0 {
		t.Errorf("%d labels lie within %.1f px of another route than their own", n, layouttest.HugGap)
	}
	for _, p := range layouttest.Quality(doc, &l) {
		t.Error(p)
	}
}

// BenchmarkSeeds measures the two seed diagrams.
func BenchmarkSeeds(b *testing.B) { layouttest.BenchSeeds(b, Layout) }
