package diff

import (
	"strconv"
	"strings"
	"testing"

	"flowzap/internal/compile"
	"flowzap/internal/model"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

func doc(t testing.TB, src string) *model.Document {
	t.Helper()
	f, pd := syntax.Parse(source.NewFile("x.fz", []byte(src)))
	d, cd := compile.File(f, compile.Options{})
	if pd.HasErrors() || cd.HasErrors() {
		t.Fatalf("bad test input: %v %v", pd, cd)
	}
	return d
}

const base = `a { # A
  n1: circle label:"Start"
  n2: rectangle label:"Work"
  n3: diamond label:"Done?"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(bottom) -> b.n4.handle(top) [label="Yes"]
  n3.handle(top) -> n2.handle(top) [label="No"]
  loop [until done] n2 n3
}
b { # B
  n4: circle label:"End"
}
`

func TestNoChanges(t *testing.T) {
	r := Compare(doc(t, base), doc(t, base), nil, nil)
	if !r.Same || len(r.Changes) != 0 || r.Summary != "no changes" {
		t.Fatalf("identical inputs gave %+v", r)
	}
}

func TestChanges(t *testing.T) {
	changed := strings.NewReplacer(
		`n2: rectangle label:"Work"`, `n2: taskbox label:"Work hard" owner:"Team"`,
		`[label="Yes"]`, `[label="Approved"]`,
		`n3.handle(top) -> n2.handle(top)`, `n3.handle(left) -> n2.handle(top)`,
		"b { # B", "b { # Backend",
		"loop [until done]", "loop [while busy]",
	).Replace(base) + "c { # C\n  n5: rectangle label:\"Audit\"\n}\n"
	r := Compare(doc(t, base), doc(t, changed), nil, nil)
	got := r.Text()
	for _, want := range []string{
		`~ lane b: Backend: label "B" -> "Backend"`,
		`+ lane c: C`,
		`~ node n2: "Work hard": label "Work" -> "Work hard"; shape "rectangle" -> "taskbox"; owner "" -> "Team"`,
		`+ node n5: rectangle "Audit" in lane c`,
		`~ edge e3: n3 -> n4: label "Yes" -> "Approved"`,
		`~ edge e4: n3 -> n2: sourceHandle "top" -> "left"`,
		`~ loop while busy: loop [while busy]: condition "until done" -> "while busy"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// TestRenumberingIsNotARewrite checks inserting a node (which renumbers the
// following ones) reports one added node and its edges, not a cascade of
// relabelled nodes.
func TestRenumberingIsNotARewrite(t *testing.T) {
	renumbered := `a { # A
  n1: circle label:"Start"
  n2: rectangle label:"Prepare"
  n3: rectangle label:"Work"
  n4: diamond label:"Done?"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n4.handle(left)
  n4.handle(bottom) -> b.n5.handle(top) [label="Yes"]
  n4.handle(top) -> n3.handle(top) [label="No"]
  loop [until done] n3 n4
}
b { # B
  n5: circle label:"End"
}
`
	r := Compare(doc(t, base), doc(t, renumbered), nil, nil)
	added, removed, relabelled := 0, 0, 0
	for _, ch := range r.Changes {
		switch {
		case ch.Element == "node" && ch.Kind == "added":
			added++
		case ch.Element == "node" && ch.Kind == "removed":
			removed++
		case ch.Element == "node" && ch.Kind == "changed":
			for _, f := range ch.Fields {
				if f.Name == "label" {
					relabelled++
				}
			}
		}
	}
	if added != 1 || removed != 0 || relabelled != 0 {
		t.Errorf("added %d removed %d relabelled %d, want 1 0 0:\n%s", added, removed, relabelled, r.Text())
	}
}

func TestParallelEdges(t *testing.T) {
	old := "a { # A\n  n1: rectangle label:\"A\"\n  n2: rectangle label:\"B\"\n  n1.handle(right) -> n2.handle(left) [label=\"x\"]\n  n1.handle(right) -> n2.handle(left) [label=\"y\"]\n}\n"
	new := "a { # A\n  n1: rectangle label:\"A\"\n  n2: rectangle label:\"B\"\n  n1.handle(right) -> n2.handle(left) [label=\"y\"]\n}\n"
	r := Compare(doc(t, old), doc(t, new), nil, nil)
	if len(r.Changes) != 1 || r.Changes[0].Kind != "removed" || !strings.Contains(r.Changes[0].What, `"x"`) {
		t.Errorf("want only the x edge removed, got:\n%s", r.Text())
	}
}

func TestLaneRenameIsOneChange(t *testing.T) {
	renamed := strings.NewReplacer("b { # B", "done { # Finished", "b.n4", "done.n4").Replace(base)
	r := Compare(doc(t, base), doc(t, renamed), nil, nil)
	if len(r.Changes) != 1 || r.Changes[0].Kind != "renamed" || r.Changes[0].OldID != "b" || r.Changes[0].ID != "done" {
		t.Fatalf("want one rename, got %+v", r.Changes)
	}
	if r.Summary != "lanes: 1 renamed" {
		t.Errorf("summary %q", r.Summary)
	}
}

func TestEdgeOrderAndEnds(t *testing.T) {
	swapped := strings.Replace(base, "  n1.handle(right) -> n2.handle(left)\n  n2.handle(right) -> n3.handle(left)\n",
		"  n2.handle(right) -> n3.handle(left)\n  n1.handle(right) -> n2.handle(left)\n", 1)
	r := Compare(doc(t, base), doc(t, swapped), nil, nil)
	if len(r.Changes) != 1 || r.Changes[0].Kind != "reordered" || r.Changes[0].Element != "edge" {
		t.Fatalf("want one reordered edge, got %+v", r.Changes)
	}
	ch := r.Changes[0]
	if ch.From == "" || ch.To == "" || ch.Version != "new" || len(ch.Fields) != 1 || ch.Fields[0].Name != "position" {
		t.Errorf("reorder entry: %+v", ch)
	}
	removed := strings.Replace(base, "  n3.handle(top) -> n2.handle(top) [label=\"No\"]\n", "", 1)
	r = Compare(doc(t, base), doc(t, removed), nil, nil)
	if len(r.Changes) != 1 || r.Changes[0].From != "n3" || r.Changes[0].To != "n2" || r.Changes[0].Version != "old" {
		t.Errorf("removed edge entry: %+v", r.Changes)
	}
}

// BenchmarkManyLoops compares two versions with 20,000 loops each; the
// matching is by index, not pairwise.
func BenchmarkManyLoops(b *testing.B) {
	var s strings.Builder
	s.WriteString("a { # A\n")
	for i := 1; i <= 2000; i++ {
		s.WriteString("  n" + strconv.Itoa(i) + ": rectangle label:\"S" + strconv.Itoa(i) + "\"\n")
	}
	for i := 1; i < 2000; i++ {
		s.WriteString("  n" + strconv.Itoa(i) + ".handle(right) -> n" + strconv.Itoa(i+1) + ".handle(left)\n")
	}
	for i := 0; i < 20000; i++ {
		k := 1 + i%1999
		s.WriteString("  loop [c" + strconv.Itoa(i) + "] n" + strconv.Itoa(k) + " n" + strconv.Itoa(k+1) + "\n")
	}
	s.WriteString("}\n")
	old := doc(b, s.String())
	nw := doc(b, strings.Replace(s.String(), "loop [c7]", "loop [seven]", 1))
	b.ResetTimer()
	for b.Loop() {
		Compare(old, nw, nil, nil)
	}
}
