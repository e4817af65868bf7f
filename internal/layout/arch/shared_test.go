package arch

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestSharedRunsOnTheCorpus bounds the pairs of routes drawn on one line
// over the quality corpus: when a column's right gutter and the next
// column's left gutter differed by a rounding error, 54 routes of the
// unseen set's access log ran on one line (589 pairs on that set), and
// routes facing each other across a band ran along each other. Polish
// moves the ports of the stubs that still do (237 runs on the whole
// compared corpus before, 24 after).
func TestSharedRunsOnTheCorpus(t *testing.T) {
	total, worst, worstName := 0, 0, ""
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		if len(doc.Edges) > 400 {
			continue
		}
		l := Layout(doc, layout.DefaultEnv()).Layout
		n := layouttest.SharedRuns(&l)
		total += n
		if n > worst {
			worst, worstName = n, name
		}
	}
	t.Logf("%d pairs of routes share a run; most in %s (%d)", total, worstName, worst)
	if total > 30 || worst > 3 {
		t.Errorf("%d pairs of routes share a run on the quality corpus (want at most 30), %d in %s (want at most 3)", total, worst, worstName)
	}
}
