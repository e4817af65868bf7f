package pipeline_test

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"

	"flowzap/internal/diag"
	"flowzap/internal/fix"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/layout/swimlane"
	"flowzap/internal/pipeline"
	"flowzap/internal/scene"
)

// drawing is what a reader sees of a workflow layout: where each node
// stands and the sides each edge leaves and enters by, by lane and text
// rather than by ID (fix renumbers the nodes and writes each edge in its
// source's lane, which renumbers the edges).
func drawing(l *scene.Layout) string {
	name := map[string]string{}
	var parts []string
	for _, n := range l.Nodes {
		name[n.ID] = n.Lane + "/" + n.Label
		parts = append(parts, fmt.Sprintf("%s@%.0f,%.0f", name[n.ID], n.X, n.Y))
	}
	for _, e := range l.Edges {
		label := ""
		if e.Label != nil {
			label = e.Label.Text
		}
		parts = append(parts, fmt.Sprintf("%s->%s[%s]:%s>%s", name[e.From], name[e.To], label, e.FromSide, e.ToSide))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

// TestFixKeepsThePicture checks that the handles `flowzap fix` writes on
// edges written without them are the sides the workflow picture already
// draws them with: the fixed code draws the same picture (every node in
// its place, every edge on its sides) on the diagrams of the quality
// corpus that have such edges, and the JSON graph reports those sides.
// With the sides inferred before placement (the fix of before), some of
// these pictures changed.
func TestFixKeepsThePicture(t *testing.T) {
	corpus := layouttest.QualityCorpus(t)
	names := slices.Sorted(maps.Keys(corpus))
	env := layout.DefaultEnv()
	tried, changedBefore := 0, 0
	for _, name := range names {
		src := []byte(corpus[name])
		r := pipeline.Check(name, src, pipeline.Options{})
		if r.Doc == nil || r.Diags.HasErrors() || len(r.Doc.Nodes) > 50 || !hasCode(r.Diags, diag.MissingHandles) {
			continue
		}
		tried++
		before := swimlane.Layout(r.Doc, env).Layout
		fixed := pipeline.Fix(name, src)
		fr := pipeline.Check(name, fixed.Code, pipeline.Options{})
		if fr.Doc == nil || fr.Diags.HasErrors() || hasCode(fr.Diags, diag.MissingHandles) {
			t.Fatalf("%s: the fixed code does not compile with every handle written: %v", name, fr.Diags)
		}
		after := swimlane.Layout(fr.Doc, env).Layout
		switch same := drawing(&before) == drawing(&after); {
		case knownChanged[name] && same:
			t.Errorf("%s: fixing the handles keeps the picture now: take it off knownChanged", name)
		case knownChanged[name]:
			t.Logf("%s: fixing the handles changes the picture (known, docs/quality.md)", name)
		case !same:
			t.Errorf("%s: fixing the handles changed the picture:\n before %s\n after  %s", name, drawing(&before), drawing(&after))
		}
		g := pipeline.Export(r)
		for i, e := range before.Edges {
			if g.Edges[i].SourceHandle != e.FromSide || g.Edges[i].TargetHandle != e.ToSide {
				t.Errorf("%s: the JSON graph reports %s's sides as %s>%s, the picture draws %s>%s", name, e.ID, g.Edges[i].SourceHandle, g.Edges[i].TargetHandle, e.FromSide, e.ToSide)
			}
		}
		old := fix.Source(name, src) // handles from the sides inferred before placement
		if od := pipeline.Check(name, old.Code, pipeline.Options{}); od.Doc != nil {
			if ol := swimlane.Layout(od.Doc, env).Layout; drawing(&ol) != drawing(&before) {
				changedBefore++
			}
		}
	}
	t.Logf("%d diagrams with edges written without handles; the sides inferred before placement changed %d of their pictures", tried, changedBefore)
	if tried < 10 {
		t.Fatalf("only %d diagrams to try", tried)
	}
}

// knownChanged are the corpus diagrams whose picture fixing the handles
// still changes (docs/quality.md, "Written hand-offs ranked as forward
// edges"): diagrams written without handles whose picture comes from a
// forward layout of keepFewerCrossingsSides that the diagram with the
// drawn sides written does not reach from its own. About one generated
// diagram written without handles in 20 to 60 is such a case. And one
// whose fixed code, every side written, is also laid out with the
// siblings of its fan-out in the order of the next steps they feed
// (tried only where no side is left to choose; docs/quality.md,
// "Siblings ordered by the steps they feed"): random-unhandled 7, 1
// crossing as written, none fixed. random-unhandled 14 is such a case
// again since a route that winds round its own end counts a crossing
// more (docs/quality.md, "Routes round their own ends"): the written and
// the fixed code now keep different rows of the same columns.
var knownChanged = map[string]bool{"random-unhandled 5": true, "random-unhandled 7": true, "random-unhandled 14": true}

func hasCode(ds diag.List, code diag.Code) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}
