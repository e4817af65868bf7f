package pipeline_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/diag"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/layout/swimlane"
	"flowzap/internal/pipeline"
)

// TestImportsLayOutCleanly: what the Mermaid, BPMN and draw.io importers
// write is strict-valid and its workflow picture passes every layout
// quality rule (labels on their own edge and crossed by no other edge,
// declared sides honoured, no overlaps), for the hand-written inputs of
// each importer and for every example exported and imported back.
func TestImportsLayOutCleanly(t *testing.T) {
	type input struct {
		from, name string
		src        []byte
	}
	var inputs []input
	for from, dir := range map[string]string{"mermaid": "mermaid", "bpmn": "bpmn", "drawio": "drawio"} {
		paths, _ := filepath.Glob(filepath.Join("..", "interchange", dir, "testdata", "*"))
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, input{from, p, src})
		}
	}
	examples, _ := filepath.Glob("../../examples/*.fz")
	if len(examples) == 0 {
		t.Fatal("no examples found")
	}
	for _, p := range examples {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		r := pipeline.Check(p, src, pipeline.Options{})
		if r.Diags.Err() != nil || r.Doc == nil || len(r.Doc.Lanes) == 0 {
			continue
		}
		for _, f := range []string{"mermaid", "bpmn", "drawio"} {
			var b bytes.Buffer
			if err := pipeline.ExportAs(&b, r, f); err != nil {
				t.Fatalf("%s as %s: %v", p, f, err)
			}
			inputs = append(inputs, input{f, p + " via " + f, b.Bytes()})
		}
	}
	imported := 0
	for _, in := range inputs {
		res, err := pipeline.ImportDiagram(in.from, filepath.Base(in.name), in.src)
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() {
			continue // inputs written to be refused; the importers' tests check their messages
		}
		imported++
		doc := layouttest.Compile(t, in.name, string(res.Code))
		r := pipeline.Check(in.name, res.Code, pipeline.Options{Strict: true})
		for _, d := range r.Diags {
			if d.Severity != diag.Error {
				continue // style warnings (an unlabeled default flow) are allowed, as by check --strict
			}
			t.Errorf("%s: the imported code is not strict-valid: %s", in.name, d.Msg)
		}
		l := swimlane.Layout(doc, layout.DefaultEnv()).Layout
		for _, p := range layouttest.Quality(doc, &l) {
			t.Errorf("%s (imported from %s): %s\n%s", in.name, in.from, p, firstLines(string(res.Code), 4))
		}
	}
	t.Logf("%d imports laid out", imported)
	if imported < len(examples) {
		t.Fatalf("only %d imports succeeded", imported)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
