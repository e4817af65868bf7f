package makecom_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"

	"flowzap/internal/interchange/ixtest"
	"flowzap/internal/pipeline"
)

// TestBlueprintSchema: every example and template exported as a Make
// blueprint validates against the schema written from Make's blueprint
// format (testdata/blueprint.schema.json), every step appears once (plus
// "Go to" modules for edges back), and module IDs are unique.
func TestBlueprintSchema(t *testing.T) {
	raw, err := os.ReadFile("testdata/blueprint.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema jsonschema.Schema
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	rs, err := schema.Resolve(nil)
	if err != nil {
		t.Fatal(err)
	}
	// The schema must reject what Make rejects.
	for _, bad := range []string{`{"name":"x","flow":[],"metadata":{}}`,
		`{"name":"x","flow":[{"id":1,"module":"builtin:BasicRouter","version":1,"metadata":{"designer":{"x":0,"y":0}}}],"metadata":{"version":1,"scenario":{"roundtrips":1,"maxErrors":3,"autoCommit":true,"sequential":false},"designer":{}}}`} {
		var v any
		_ = json.Unmarshal([]byte(bad), &v)
		if rs.Validate(v) == nil {
			t.Errorf("schema accepts %s", bad)
		}
	}
	files, err := ixtest.Corpus("../../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		src, _ := os.ReadFile(path)
		r := pipeline.Check(path, src, pipeline.Options{})
		var b bytes.Buffer
		if err := pipeline.ExportAs(&b, r, "make"); err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		if err := rs.Validate(v); err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
			continue
		}
		ids := map[float64]bool{}
		steps := 0
		var walk func(flow []any)
		walk = func(flow []any) {
			for _, m := range flow {
				mod := m.(map[string]any)
				id := mod["id"].(float64)
				if ids[id] {
					t.Errorf("%s: module id %v twice", filepath.Base(path), id)
				}
				ids[id] = true
				if mapper, ok := mod["mapper"].(map[string]any); ok && mapper["name"] == "step" || mod["module"] == "gateway:CustomWebHook" {
					steps++
				}
				if routes, ok := mod["routes"].([]any); ok {
					for _, rt := range routes {
						walk(rt.(map[string]any)["flow"].([]any))
					}
				}
			}
		}
		walk(v.(map[string]any)["flow"].([]any))
		if steps != len(r.Doc.Nodes) {
			t.Errorf("%s: %d step modules, want %d", filepath.Base(path), steps, len(r.Doc.Nodes))
		}
	}
}

// decisions returns a flow of n decisions, each leading on to the next
// and out to an end step of its own: a blueprint nests one route per
// decision.
func decisions(n int) string {
	var b bytes.Buffer
	b.WriteString("main { # Main\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  n%d: diamond label:\"Check %d\"\n  n%d: rectangle label:\"Stop %d\"\n", 2*i-1, i, 2*i, i)
	}
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  n%d.handle(bottom) -> n%d.handle(top) [label=\"no\"]\n", 2*i-1, 2*i)
		if i < n {
			fmt.Fprintf(&b, "  n%d.handle(right) -> n%d.handle(left) [label=\"yes\"]\n", 2*i-1, 2*i+1)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// TestDeepBlueprintSize: a blueprint's size grows linearly with the
// steps however deep its routes nest (indented, 2,000 steps took 534 MB),
// and a shallow one is still indented for people to read.
func TestDeepBlueprintSize(t *testing.T) {
	size := func(n int) (int, bool) {
		r := pipeline.Check("deep.fz", []byte(decisions(n)), pipeline.Options{})
		if !r.OK() {
			t.Fatal(r.Diags.Err())
		}
		var b bytes.Buffer
		if err := pipeline.ExportAs(&b, r, "make"); err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b.Bytes(), &v); err != nil {
			t.Fatalf("%d decisions: %v", n, err)
		}
		return b.Len(), bytes.Contains(b.Bytes(), []byte("\n  "))
	}
	if _, indented := size(3); !indented {
		t.Error("a shallow blueprint is not indented")
	}
	small, _ := size(100)
	big, indented := size(400)
	if indented {
		t.Error("a blueprint nesting 400 routes deep is indented")
	}
	if ratio := float64(big) / float64(small); ratio > 4.5 {
		t.Errorf("4 times the decisions made a blueprint %.1f times larger (%d bytes, then %d)", ratio, small, big)
	}
}
