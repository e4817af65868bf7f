package makecom_test

import (
	"bytes"
	"encoding/json"
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
