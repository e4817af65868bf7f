//go:build !flowzap_svgonly

package pipeline

import (
	"bytes"
	"testing"
)

// FuzzExport writes any valid diagram in every export format: nothing may
// panic or fail, and what the formats that flowzap also reads (Mermaid,
// BPMN, draw.io) wrote must import again as valid FlowZap Code with the
// same number of nodes.
func FuzzExport(f *testing.F) {
	for _, b := range exampleSources(f) {
		f.Add(b)
	}
	f.Add([]byte("a { # A \"quoted\" | lane\n  n1: circle label:\"say \\\"hi\\\" <b>&amp;</b> | {x} [y] %% z\"\n  n2: rectangle label:\"é 中文 \\\\ end\"\n  n1.handle(right) -> n2.handle(left) [label=\"a|b \\\"c\\\"\"]\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<13 {
			return
		}
		r := Check("fuzz.fz", src, Options{})
		if !r.OK() {
			return
		}
		for _, format := range ExportFormats() {
			var out bytes.Buffer
			if err := ExportAs(&out, r, format); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			if !IsImportFormat(format) || len(r.Doc.Nodes) == 0 {
				continue
			}
			back, err := ImportDiagram(format, "back", out.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if !back.OK() {
				t.Fatalf("%s: our own export does not import: %v\n%s", format, back.Diags.Err(), out.String())
			}
			c := Check("back.fz", back.Code, Options{Strict: true})
			if !c.OK() {
				t.Fatalf("%s: the export imported back fails strict checks: %v\n%s", format, c.Diags.Err(), back.Code)
			}
			if len(c.Doc.Nodes) != len(r.Doc.Nodes) {
				t.Fatalf("%s: %d nodes exported, %d imported back:\n%s\n%s", format, len(r.Doc.Nodes), len(c.Doc.Nodes), out.String(), back.Code)
			}
		}
	})
}
