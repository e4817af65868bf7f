package mermaid_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"flowzap/internal/interchange/ixtest"
	"flowzap/internal/interchange/mermaid"
	"flowzap/internal/model"
	"flowzap/internal/pipeline"
)

// seqExport writes code as a Mermaid sequence diagram.
func seqExport(t *testing.T, name string, code []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := pipeline.ExportAs(&b, pipeline.Check(name, code, pipeline.Options{}), "mermaid-sequence"); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b.String()
}

// structure describes a document without its node IDs: each lane's
// steps (shape and label), the edges between them and the loops, sorted,
// so that two imports that number their steps differently compare equal.
func structure(doc *model.Document) []string {
	name := func(n *model.Node) string {
		return fmt.Sprintf("%s/%s %q", n.Lane.ID, n.Shape, n.Label)
	}
	var out []string
	for _, n := range doc.Nodes {
		out = append(out, "node "+name(n))
	}
	for _, e := range doc.Edges {
		out = append(out, fmt.Sprintf("edge %s -> %s [%q]", name(e.From), name(e.To), e.Label))
	}
	for _, lp := range doc.Loops {
		var ns []string
		for _, n := range lp.Nodes {
			ns = append(ns, name(n))
		}
		slices.Sort(ns)
		out = append(out, fmt.Sprintf("loop %q: %s", lp.Condition, strings.Join(ns, ", ")))
	}
	slices.Sort(out)
	return out
}

// loopStarts lists, for each loop block of a sequence diagram, its
// condition and the text of the first message inside it.
func loopStarts(src string) []string {
	var out []string
	open := ""
	for _, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		if c, ok := strings.CutPrefix(l, "loop "); ok {
			open = c
			continue
		}
		if _, text, ok := strings.Cut(l, ":"); ok && open != "" && strings.Contains(l, ">") && !strings.HasPrefix(l, "Note") {
			out = append(out, open+": "+strings.TrimSpace(text))
			open = ""
		}
	}
	return out
}

// TestSequenceRoundTrip imports each sequence diagram of
// testdata/roundtrip-*.mmd, exports it, and imports and exports that again:
// the second round must give the first one's export and structure back
// (nodes, edges, loops, labels), so that round trips settle after the
// first: a decision's question is read back as the decision (not a step
// before a second one), a loop frame starts at its first message, a
// step's label written as a note over its participant comes back as
// that label, not as a comment.
func TestSequenceRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "roundtrip-*.mmd"))
	if err != nil || len(files) < 10 {
		t.Fatalf("found %d files: %v", len(files), err)
	}
	// What Mermaid cannot say: there the first import's structure is not
	// given back, but the second round must still settle.
	lossy := map[string]string{
		"par.mmd":               "the sections of a par block are read in order: its fan-out is not written back",
		"opt-last.mmd":          "the End circle comes back as a step (a sequence message has no shape)",
		"alt-join-repeated.mmd": "a section that only reaches the step the sections meet at is the way round an opt frame: its guard comes back as else",
	}
	for _, path := range files {
		name := strings.TrimPrefix(filepath.Base(path), "roundtrip-")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc1, code1 := ixtest.Import(t, name, src, mermaid.Import)
			mm1 := seqExport(t, name+".fz", mermaid.Import(name, src).Code)
			doc2, code2 := ixtest.Import(t, name+".1.mmd", []byte(mm1), mermaid.Import)
			mm2 := seqExport(t, name+".1.fz", mermaid.Import(name+".1.mmd", []byte(mm1)).Code)
			if a, b := loopStarts(string(src)), loopStarts(mm1); !slices.Equal(a, b) {
				t.Errorf("the loop frames start at %q, not at %q as in the source:\n%s", b, a, mm1)
			}
			if mm1 != mm2 {
				t.Errorf("the export changed on the second round:\n--- first\n%s--- second\n%s", mm1, mm2)
			}
			doc3, _ := ixtest.Import(t, name+".2.mmd", []byte(mm2), mermaid.Import)
			if s2, s3 := structure(doc2), structure(doc3); !slices.Equal(s2, s3) {
				t.Errorf("the structure did not settle:\n%s\n---\n%s", strings.Join(s2, "\n"), strings.Join(s3, "\n"))
			}
			if s1, s2 := structure(doc1), structure(doc2); lossy[name] == "" && !slices.Equal(s1, s2) {
				t.Errorf("the structure changed on the way back:\n--- first import\n%s\n--- import of its export\n%s\n--- export\n%s--- code\n%s\n%s",
					strings.Join(s1, "\n"), strings.Join(s2, "\n"), mm1, code1, code2)
			}
			// Nothing of our own export is lost as a comment but the
			// places where a section goes on.
			for _, l := range strings.Split(code2, "\n") {
				if strings.Contains(l, "// Note over") {
					t.Errorf("a note of the export came back as a comment: %s\n%s", l, mm1)
				}
			}
		})
	}
}

// TestSequenceExportRoundTrip: a FlowZap diagram exported as a Mermaid
// sequence and imported back keeps its steps' labels (a step the
// message does not name is written as a note over its participant and
// read back as the step's label, inside a loop frame as one of the
// loop's steps), its decisions with their questions (also where the
// decision's frame is cut out of the loop that holds the decision) and
// its loops, as far as Mermaid can say them.
func TestSequenceExportRoundTrip(t *testing.T) {
	code := []byte(`client { # Client
  n1: circle label:"Open app"
  n1.handle(bottom) -> api.n2.handle(top) [label="GET /stock"]
}
api { # API
  n2: rectangle label:"Look up stock"
  n3: diamond label:"In stock?"
  n4: rectangle label:"Reserve"
  n5: rectangle label:"Report missing"
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n4.handle(left) [label="yes"]
  n3.handle(bottom) -> n5.handle(top) [label="no"]
  loop [until reserved] n2 n3
}
`)
	mm := seqExport(t, "stock.fz", code)
	doc, out := ixtest.Import(t, "stock.mmd", []byte(mm), mermaid.Import)
	want, err := ixtest.Compile("stock.fz", code, false)
	if err != nil {
		t.Fatal(err)
	}
	if s1, s2 := structure(want), structure(doc); !slices.Equal(s1, s2) {
		t.Errorf("the structure changed:\n--- .fz\n%s\n--- import of its export\n%s\n--- export\n%s--- code\n%s",
			strings.Join(s1, "\n"), strings.Join(s2, "\n"), mm, out)
	}
}

// TestSequenceContinuationIsAComment: where a section goes on at a step
// drawn above (a way back, which a Mermaid sequence cannot draw) is
// written as `Note right of`, which import keeps as a comment: written
// `Note over` it was read as the label of the step the message before
// it made ("↑ Push commit").
func TestSequenceContinuationIsAComment(t *testing.T) {
	code := []byte(`dev { # Developer
  n1: rectangle label:"Push commit"
  n5: rectangle label:"Fix the build"
  n1.handle(bottom) -> ci.n2.handle(top)
  n5.handle(left) -> n1.handle(left)
}
ci { # CI
  n2: rectangle label:"Build"
  n3: diamond label:"Green?"
  n4: rectangle label:"Deploy"
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n4.handle(left) [label="Yes"]
  n3.handle(top) -> dev.n5.handle(bottom) [label="No"]
}
`)
	mm := seqExport(t, "ci.fz", code)
	if !strings.Contains(mm, "Note right of dev: ↑ Push commit\n") {
		t.Errorf("no continuation note in\n%s", mm)
	}
	doc, out := ixtest.Import(t, "ci.mmd", []byte(mm), mermaid.Import)
	for _, n := range doc.Nodes {
		if strings.ContainsAny(n.Label, "↑→") {
			t.Errorf("step %s is labelled %q:\n%s", n.ID, n.Label, out)
		}
	}
	if !strings.Contains(out, "// Note right of dev: ↑ Push commit") {
		t.Errorf("the continuation is no comment:\n%s", out)
	}
}

// manyBlocks is a sequence diagram of n loops, each followed by a
// decision whose two sections answer alike.
func manyBlocks(n int) []byte {
	var b strings.Builder
	b.WriteString("sequenceDiagram\n  participant A\n  participant B\n  participant C\n")
	for i := range n {
		fmt.Fprintf(&b, "  loop l%d\n    A->>B: m%d\n    B->>C: n%d\n  end\n", i, i, i)
		fmt.Fprintf(&b, "  B->>B: q%d?\n  alt x\n    B->>A: done\n  else y\n    B->>A: done\n  end\n", i)
	}
	return []byte(b.String())
}

// TestSequenceManyBlocks: a diagram of thousands of loops and alts
// imports whole, a loop per loop block.
func TestSequenceManyBlocks(t *testing.T) {
	res := mermaid.Import("many.mmd", manyBlocks(2000))
	if !res.OK() {
		t.Fatalf("import failed: %v", res.Diags)
	}
	if got := bytes.Count(res.Code, []byte("loop [")); got != 2000 {
		t.Errorf("%d loops, want 2000", got)
	}
}

// BenchmarkSequenceManyBlocks: the joins and loop heads of many loops and
// alts are found among what each block made, not by going over the whole
// diagram at each block's end, so four times the blocks take about four
// times as long (12,000 pairs took 10 s when they were not;
// docs/benchmarks.md).
func BenchmarkSequenceManyBlocks(b *testing.B) {
	for _, n := range []int{3000, 12000} {
		src := manyBlocks(n)
		b.Run(fmt.Sprintf("pairs=%d", n), func(b *testing.B) {
			for b.Loop() {
				if res := mermaid.Import("many.mmd", src); !res.OK() {
					b.Fatal("import failed")
				}
			}
		})
	}
}
