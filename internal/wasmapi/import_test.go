package wasmapi

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"flowzap/internal/pipeline"
)

// TestImport checks the import call's answers natively: code read from a
// Mermaid file (its format given, or told from its name), an input that
// cannot be read (422 with its diagnostics, in French), a format it
// cannot tell and a language it does not speak (400), code past the
// limits (413). test/wasm compares the module's answers with the server's.
func TestImport(t *testing.T) {
	src := "flowchart LR\n  a[Order in] --> b{Paid?}\n  b -->|yes| c[Ship it]\n"
	type report struct {
		OK          bool
		Code        string
		Error       string
		Diagnostics []struct{ Line, Column int }
	}
	read := func(r Response) report {
		t.Helper()
		var rep report
		if err := json.Unmarshal([]byte(r.Body), &rep); err != nil {
			t.Fatalf("answer %d %q: %v", r.Status, r.Body, err)
		}
		return rep
	}
	for _, req := range []pipeline.ImportRequest{{From: "mermaid", Source: src}, {Source: src, Name: "order.mmd"}} {
		r := Import(req)
		rep := read(r)
		if r.Status != 200 || !rep.OK || !strings.Contains(rep.Code, `label:"Ship it"`) || r.Type != jsonType {
			t.Errorf("import %+v: %d %s ok=%v\n%s", req, r.Status, r.Type, rep.OK, rep.Code)
		}
	}
	r := Import(pipeline.ImportRequest{From: "mermaid", Source: "flowchart LR\n  a[Order --> b\n", Lang: "fr"})
	if rep := read(r); r.Status != 422 || rep.OK || len(rep.Diagnostics) == 0 || rep.Diagnostics[0].Line != 2 || !strings.Contains(rep.Error, "ne peut pas") {
		t.Errorf("an input that cannot be read: %d %+v", r.Status, rep)
	}
	for _, req := range []pipeline.ImportRequest{{Source: "just some words\n", Name: "notes.txt"}, {From: "visio", Source: src}, {From: "mermaid", Source: src, Lang: "de"}} {
		if r := Import(req); r.Status != 400 || read(r).Error == "" {
			t.Errorf("import %+v: %d %s, want 400 with a message", req, r.Status, r.Body)
		}
	}
	var big strings.Builder
	big.WriteString("flowchart TD\n")
	for i := range pipeline.DefaultLimits.MaxNodes + 1 {
		fmt.Fprintf(&big, "  a%d --> b%d\n", i, i)
	}
	if r := Import(pipeline.ImportRequest{From: "mermaid", Source: big.String()}); r.Status != 413 || !strings.Contains(read(r).Error, "limit") {
		t.Errorf("code past the limits: %d %s", r.Status, r.Body)
	}
}
