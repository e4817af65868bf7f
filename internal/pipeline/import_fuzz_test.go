//go:build !flowzap_svgonly

package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzImport feeds any bytes to every importer: the diagram formats
// (Mermaid, BPMN, draw.io) and the artifacts (access logs, HAR, OpenAPI,
// Go source). Nothing may panic; an import either fails with an error
// or diagnostics, or gives code that passes the strict checks (Import
// says "internal error" when it would not).
func FuzzImport(f *testing.F) {
	seeds := map[string][]string{
		"mermaid": {"../interchange/mermaid/testdata/*.mmd"},
		"bpmn":    {"../interchange/bpmn/testdata/*.bpmn"},
		"drawio":  {"../interchange/drawio/testdata/*.drawio"},
		"log":     {"../importer/testdata/*.log"},
		"har":     {"../importer/testdata/*.har"},
		"openapi": {"../importer/testdata/petstore.*", "../importer/testdata/callbacks*.yaml"},
		"go":      {"../importer/testdata/goapp/*.go"},
	}
	kinds := []string{"mermaid", "bpmn", "drawio", "log", "har", "openapi", "go"}
	for i, k := range kinds {
		for _, g := range seeds[k] {
			paths, _ := filepath.Glob(g)
			for _, p := range paths {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(uint8(i), b)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, src []byte) {
		if len(src) > 1<<14 {
			return
		}
		k := kinds[int(kind)%len(kinds)]
		switch k {
		case "mermaid", "bpmn", "drawio":
			r, err := ImportDiagram(k, "fuzz", src)
			if err != nil {
				t.Fatal(err)
			}
			if !r.OK() {
				if !r.Diags.HasErrors() {
					t.Fatalf("%s: no code and no error", k)
				}
				return
			}
			if c := Check("fuzz.fz", r.Code, Options{Strict: true}); !c.OK() {
				t.Fatalf("%s: the imported code fails strict checks: %v\n%s", k, c.Diags.Err(), r.Code)
			}
		default:
			code, err := Import(k, src, ImportOptions{Func: "main"})
			if err != nil {
				if strings.Contains(err.Error(), "internal error") {
					t.Fatalf("%s: %v", k, err)
				}
				return
			}
			if c := Check("fuzz.fz", []byte(code), Options{Strict: true}); !c.OK() {
				t.Fatalf("%s: the imported code fails strict checks: %v\n%s", k, c.Diags.Err(), code)
			}
		}
	})
}
