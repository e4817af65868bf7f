package bpmn_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/interchange/bpmn"
	"flowzap/internal/interchange/ixtest"
	"flowzap/internal/model"
	"flowzap/internal/pipeline"
)

func edgeOrder(doc *model.Document) string {
	var out []string
	for _, e := range doc.Edges {
		out = append(out, e.From.Label+">"+e.To.Label)
	}
	return strings.Join(out, ", ")
}

// TestRoundTripKeepsEdgeOrder: our own file comes back with the FlowZap
// file's edge order, the sequence view's message order, although the
// flows through the gateways the export adds after a step that splits
// are written after the others (Wrap's two messages came back last, and
// in reverse).
func TestRoundTripKeepsEdgeOrder(t *testing.T) {
	path := filepath.Join("testdata", "order.fz")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := pipeline.Check(path, src, pipeline.Options{})
	var b bytes.Buffer
	if err := pipeline.ExportAs(&b, r, "bpmn"); err != nil {
		t.Fatal(err)
	}
	doc, out := ixtest.Import(t, "order.bpmn", b.Bytes(), bpmn.Import)
	if got, want := edgeOrder(doc), edgeOrder(r.Doc); got != want {
		t.Errorf("edges in the order\n%s\nwant\n%s\n%s", got, want, out)
	}
}

// TestImportSplitInFileOrder: the ways out of a dissolved parallel
// gateway are taken in the file's order (they were reversed).
func TestImportSplitInFileOrder(t *testing.T) {
	src := `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <process id="p">
    <startEvent id="s" name="Claim in"/>
    <parallelGateway id="g"/>
    <task id="a" name="Visit site"/>
    <task id="b" name="Review photos"/>
    <task id="c" name="Call witness"/>
    <sequenceFlow id="f0" sourceRef="s" targetRef="g"/>
    <sequenceFlow id="f1" sourceRef="g" targetRef="a"/>
    <sequenceFlow id="f2" sourceRef="g" targetRef="b"/>
    <sequenceFlow id="f3" sourceRef="g" targetRef="c"/>
  </process>
</definitions>
`
	doc, out := ixtest.Import(t, "split.bpmn", []byte(src), bpmn.Import)
	if got, want := edgeOrder(doc), "Claim in>Visit site, Claim in>Review photos, Claim in>Call witness"; got != want {
		t.Errorf("edges %s, want %s:\n%s", got, want, out)
	}
}
