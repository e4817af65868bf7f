package swimlane

import (
	"encoding/json"
	"slices"
	"sort"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/testgen"
)

// fullLayout lays doc out without the memo.
func fullLayout(t *testing.T, doc *model.Document, env layout.Env) []byte {
	t.Helper()
	env.Fresh = true
	return sceneJSON(t, Layout(doc, env))
}

func sceneJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func reverse(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

// TestMemoMatchesFullLayout: whatever the memo remembers, a layout is
// byte for byte the full layout of its own diagram. Each diagram of the
// corpus is laid out (filling the memo), then edited the ways an author
// edits while typing: texts that keep their size (a label reversed, a
// node renamed, a loop condition or a description changed: the memo is
// used) and texts that grow (a letter added: it is not), and every
// layout is compared with the full layout of the edited diagram.
func TestMemoMatchesFullLayout(t *testing.T) {
	corpus := layouttest.QualityCorpus(t)
	names := make([]string, 0, len(corpus))
	for k := range corpus {
		names = append(names, k)
	}
	sort.Strings(names)
	env := layout.DefaultEnv()
	edits := []struct {
		name string
		do   func(d *model.Document)
	}{
		{"same", func(*model.Document) {}},
		{"reversed labels", func(d *model.Document) {
			for _, n := range d.Nodes {
				if n.Shape != model.Taskbox {
					n.Label = reverse(n.Label)
				}
			}
			for _, e := range d.Edges {
				e.Label = reverse(e.Label)
			}
		}},
		{"renamed nodes, new conditions and descriptions", func(d *model.Document) {
			for _, n := range d.Nodes {
				n.ID = "x" + n.ID
				if n.Shape != model.Taskbox { // a taskbox draws its description
					n.Description += " (edited)"
				}
			}
			for _, l := range d.Loops {
				l.Condition += " or sooner"
			}
		}},
		{"a letter more", func(d *model.Document) {
			if len(d.Nodes) > 0 {
				d.Nodes[len(d.Nodes)/2].Label += "W"
			}
			if len(d.Edges) > 0 {
				d.Edges[0].Label += "W"
			}
		}},
	}
	hits := map[string]int{}
	tried := 0
	for _, name := range names {
		src := corpus[name]
		if len(src) > 40000 { // the largest random diagrams: enough of them below
			continue
		}
		layouttest.Compile(t, name, src) // the original, to fill the memo
		Layout(layouttest.Compile(t, name, src), env)
		for _, ed := range edits {
			doc := layouttest.Compile(t, name, src)
			ed.do(doc)
			s := newState(doc, env)
			s.sizeNodes()
			hit := recall(s.memoKey(true)) != nil
			got := sceneJSON(t, Layout(doc, env))
			want := fullLayout(t, doc, env)
			if string(got) != string(want) {
				t.Errorf("%s, %s (memo hit %v): the layout differs from the full layout", name, ed.name, hit)
			}
			if hit {
				hits[ed.name]++
			}
		}
		tried++
	}
	// The same diagram and one with only new names, conditions and
	// descriptions must always find the memo; reversed labels mostly
	// measure the same (kerning and wrapping aside).
	for _, ed := range []string{"same", "renamed nodes, new conditions and descriptions"} {
		if hits[ed] != tried {
			t.Errorf("%s: the memo served %d of %d layouts, want all", ed, hits[ed], tried)
		}
	}
	if hits["reversed labels"] == 0 {
		t.Errorf("reversed labels: the memo served none of %d layouts", tried)
	}
	t.Logf("memo hits of %d diagrams: %v", tried, hits)
}

// TestMemoBounded: the memo keeps at most memoEntries layouts, and no
// more than memoBudget of nodes, edges and route points in all.
func TestMemoBounded(t *testing.T) {
	env := layout.DefaultEnv()
	for i := range 12 {
		src := testgen.Diagram(testgen.Options{Nodes: 1000 + 150*i, Seed: int64(i), Lanes: 3})
		Layout(layouttest.Compile(t, "big", src), env)
		memo.Lock()
		n, total := len(memo.entries), 0
		for _, en := range memo.entries {
			total += en.size
		}
		memo.Unlock()
		if n > memoEntries || total > memoBudget {
			t.Fatalf("after %d layouts the memo holds %d entries of %d in all (at most %d, %d)", i+1, n, total, memoEntries, memoBudget)
		}
	}
}
