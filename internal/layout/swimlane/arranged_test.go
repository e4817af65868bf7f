package swimlane

import (
	"maps"
	"slices"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestArrangedStateConsistent lays out the quality corpus afresh and
// checks that the state the arrangements hand to the final passes
// (untangling again, spacing out, fitting the labels) is one: the index
// of the steps holds every step where it lies, and the gutters are those
// of the gaps and rows placed. keepFewerCrossings, keeping the rows it
// laid out first after trying others, once put back their geometry alone
// and left the index and gutters of the rows tried.
func TestArrangedStateConsistent(t *testing.T) {
	corpus := layouttest.QualityCorpus(t)
	names := slices.Sorted(maps.Keys(corpus))
	t.Cleanup(func() { testHookArranged = nil })
	var bad []string
	seen := 0
	testHookArranged = func(s *state) {
		seen++
		fresh := newGrid(s.nodes)
		if !maps.EqualFunc(fresh.buckets, s.grid.buckets, func(a, b []*node) bool {
			return slices.Equal(a, b)
		}) {
			bad = append(bad, "index of the steps")
		}
		gutters := slices.Clone(s.hGutters)
		s.gutters()
		if !slices.Equal(gutters, s.hGutters) {
			bad = append(bad, "horizontal gutters")
		}
		for _, n := range s.nodes {
			l := s.lanes[n.m.Lane.Index]
			if n.row >= len(l.rowY) || n.y+n.h < l.rowY[n.row]-0.5 || n.y > l.rowY[n.row]+l.rowH[n.row]+0.5 {
				if s.doc.Offset(n.m).DY == 0 {
					bad = append(bad, "a step outside its row")
					break
				}
			}
		}
	}
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		bad = bad[:0]
		env := layout.DefaultEnv()
		env.Fresh = true
		Layout(doc, env)
		for _, b := range bad {
			t.Errorf("%s: the arranged state's %s is stale", name, b)
		}
	}
	if seen == 0 {
		t.Fatal("the hook never ran")
	}
}
