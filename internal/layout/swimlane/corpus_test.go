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
		hugs.Add(doc, &l)
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
}

// TestLabelClearOfParallelRoute lays out a journal's review, written
// without handles: "no, desk reject" runs to "Published" 10 px under
// "revised version", which runs back to "Desk check". Its label sat on
// its own run, centred, its top 0.2 px from the other route, and read as
// either's. No label may now pass within layouttest.HugGap of another route.
func TestLabelClearOfParallelRoute(t *testing.T) {
	doc := layouttest.Compile(t, "journal", `author { # Author
  n1: circle label:"Draft ready"
  n2: rectangle label:"Submit manuscript"
  n3: rectangle label:"Revise"
  n4: circle label:"Published"
  n1 -> n2
  n2 -> editor.n5 [label="manuscript with cover letter and suggested reviewers"]
  n3 -> editor.n5 [label="revised version"]
}
editor { # Editor
  n5: rectangle label:"Desk check"
  n6: diamond label:"In scope?"
  n7: rectangle label:"Invite reviewers"
  n8: diamond label:"Verdict"
  n5 -> n6
  n6 -> n7 [label="yes"]
  n6 -> author.n4 [label="no, desk reject"]
  n7 -> reviewers.n9 [label="invitation"]
  n8 -> author.n3 [label="major or minor revision"]
  n8 -> production.n11 [label="accept"]
  n8 -> author.n4 [label="reject with reports"]
}
reviewers { # Reviewers
  n9: rectangle label:"Read and annotate"
  n10: rectangle label:"Write report"
  n9 -> n10
  n10 -> editor.n8 [label="report"]
  n10 -> n9 [label="second round"]
}
production { # Production
  n11: rectangle label:"Copy-edit and typeset"
  n12: rectangle label:"Proofs to author"
  n11 -> n12
  n12 -> author.n4 [label="online first"]
}`)
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
