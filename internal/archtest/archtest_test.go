package archtest

import (
	"strings"
	"testing"
)

// allowed lists, for each package, the packages of ours it may import.
// "internal/" is left out of the names for brevity.
var allowed = map[string][]string{
	"source":            {},
	"diag":              {"source"},
	"syntax":            {"source", "diag"},
	"model":             {"source"},
	"compile":           {"syntax", "model", "diag", "source"},
	"fix":               {"compile", "syntax", "model", "diag", "source"},
	"export":            {"compile", "model", "source"},
	"pipeline":          {"*"},
	"cli":               {"pipeline", "syntax", "diag", "source", "server", "mcp", "store"},
	"geom":              {},
	"theme":             {},
	"fonts":             {},
	"textmeasure":       {"geom", "theme", "fonts"},
	"scene":             {"geom"},
	"layout":            {"model", "scene", "geom", "theme", "textmeasure"},
	"layout/swimlane":   {"layout", "model", "scene", "geom", "theme", "textmeasure"},
	"render/svg":        {"scene", "geom", "fonts"},
	"render/raster":     {"scene", "geom", "fonts"},
	"diff":              {"model"},
	"patch":             {"compile", "syntax", "source", "diag"},
	"importer":          {"compile", "syntax", "source"},
	"store":             {},
	"server":            {"pipeline", "diag", "source", "store", "gallery", "web", "fonts"},
	"mcp":               {"pipeline", "diag", "source", "gallery"},
	"golden":            {},
	"layout/layouttest": {"compile", "model", "source", "syntax", "testgen", "geom", "scene", "layout", "importer"},
	"layout/arch":       {"layout", "model", "scene", "geom", "theme", "textmeasure"},
	"layout/mindmap":    {"layout", "model", "scene", "geom", "theme", "textmeasure"},
	"layout/sequence":   {"layout", "model", "scene", "geom", "theme", "textmeasure"},
	"testgen":           {},
	"archtest":          {},
	"cmd/flowzap":       {"cli"},
}

// interchangeRules are the converters between FlowZap Code and other
// diagram formats (one package per format, sharing package interchange).
var interchangeRules = map[string][]string{
	"interchange":         {"compile", "syntax", "model", "scene", "diag", "source"},
	"interchange/ixtest":  {"compile", "syntax", "model", "diag", "source"},
	"interchange/mermaid": {"interchange", "model", "scene", "source"},
	"interchange/bpmn":    {"interchange", "interchange/xmltree", "model", "scene", "source"},
	"interchange/xmltree": {},
	"interchange/drawio":  {"interchange", "interchange/xmltree", "model", "scene", "source"},
}

func init() {
	for k, v := range interchangeRules {
		allowed[k] = v
	}
}

func TestImportRules(t *testing.T) {
	imports, err := Imports("../..", "flowzap")
	if err != nil {
		t.Fatal(err)
	}
	if len(imports) < 10 {
		t.Fatalf("found only %d packages; is the module root right?", len(imports))
	}
	for pkg, deps := range imports {
		name := strings.TrimPrefix(pkg, "internal/")
		rules, ok := allowed[name]
		if !ok {
			t.Errorf("package %s has no import rule: add it to the allow-list", pkg)
			continue
		}
		if len(rules) == 1 && rules[0] == "*" {
			continue
		}
		for _, d := range deps {
			dep := strings.TrimPrefix(d, "internal/")
			if !contains(rules, dep) {
				t.Errorf("%s imports %s, which its rule does not allow (allowed: %v)", pkg, d, rules)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
