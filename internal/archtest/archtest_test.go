package archtest

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// allowed lists, for each package, the packages of ours it may import.
// "internal/" is left out of the names for brevity.
var allowed = map[string][]string{
	"source":            {},
	"jsonbody":          {},
	"diag":              {"source"},
	"syntax":            {"source", "diag"},
	"model":             {"source"},
	"compile":           {"syntax", "model", "diag", "source"},
	"fix":               {"compile", "syntax", "model", "diag", "source", "lazyre"},
	"export":            {"compile", "model", "source"},
	"pipeline":          {"*"},
	"cli":               {"pipeline", "syntax", "diag", "source", "server", "mcp", "store", "gallery", "site", "jsonbody"},
	"site":              {"pipeline", "gallery", "fonts", "web"},
	"geom":              {},
	"lazyre":            {},
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
	"importer":          {"compile", "syntax", "source", "lazyre"},
	"store":             {},
	"server":            {"pipeline", "diag", "source", "store", "gallery", "web", "fonts", "mcp", "jsonbody"},
	"mcp":               {"pipeline", "diag", "source", "gallery", "jsonbody"},
	"golden":            {},
	"layout/layouttest": {"compile", "model", "source", "syntax", "testgen", "geom", "scene", "layout", "importer"},
	"layout/arch":       {"layout", "model", "scene", "geom", "theme", "textmeasure"},
	"layout/mindmap":    {"layout", "model", "scene", "geom", "theme", "textmeasure"},
	"layout/sequence":   {"layout", "model", "scene", "geom", "theme", "textmeasure"},
	"testgen":           {},
	"archtest":          {},
	"browsertest":       {},
	"cmd/flowzap":       {"cli"},
	"wasmapi":           {"pipeline", "diag", "jsonbody"},
	"cmd/flowzap-wasm":  {"wasmapi"},

	// Outside internal/: the embedded gallery and web app, the tools that
	// generate committed files, and the benchmarks.
	"gallery":            {"pipeline"},
	"web":                {},
	"tools/bundle":       {"pipeline", "syntax", "diag", "gallery", "fonts"},
	"tools/gendiag":      {"diag"},
	"tools/gallery":      {"pipeline", "gallery", "importer"},
	"tools/fzgen":        {"testgen"},
	"tools/codestats":    {"archtest"},
	"tools/fontmetrics":  {"fonts"},
	"tools/precompress":  {},
	"bench/quality":      {"*"},
	"bench/server":       {"*"},
	"bench/wasm":         {"*"},
	"test/multiinstance": {},
	"test/wasm":          {"pipeline", "server", "store"},
	"test/embed":         {"pipeline", "diag"},
}

// interchangeRules are the converters between FlowZap Code and other
// diagram formats (one package per format, sharing package interchange).
var interchangeRules = map[string][]string{
	"interchange":          {"compile", "syntax", "model", "scene", "diag", "source"},
	"interchange/ixtest":   {"compile", "syntax", "model", "diag", "source", "interchange", "pipeline", "scene"},
	"interchange/mermaid":  {"interchange", "model", "scene", "source", "lazyre"},
	"interchange/bpmn":     {"interchange", "interchange/xmltree", "model", "scene", "source", "lazyre"},
	"interchange/xmltree":  {"lazyre", "source"},
	"interchange/dot":      {"interchange", "model"},
	"interchange/d2":       {"interchange", "model"},
	"interchange/plantuml": {"interchange", "model"},
	"interchange/n8n":      {"interchange", "model"},
	"interchange/makecom":  {"interchange", "model"},
	"interchange/drawio":   {"interchange", "interchange/xmltree", "model", "scene", "source", "lazyre"},
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

// TestImportsCoversTheModule checks that the walk reaches the packages
// outside internal/ and cmd/.
func TestImportsCoversTheModule(t *testing.T) {
	imports, err := Imports("../..", "flowzap")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"gallery", "web", "tools/bundle", "tools/gendiag", "cmd/flowzap", "internal/syntax", "internal/layout/swimlane"} {
		if _, ok := imports[want]; !ok {
			t.Errorf("package %s was not found", want)
		}
	}
	for pkg := range imports {
		if strings.Contains(pkg, "testdata") || strings.Contains(pkg, "node_modules") {
			t.Errorf("package %s should have been skipped", pkg)
		}
	}
}

// TestImportsFailsOnBrokenPackages checks that a directory whose Go files
// cannot be loaded is an error rather than a package left unchecked.
func TestImportsFailsOnBrokenPackages(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"no package clause": {"a.go": "this is not Go\n"},
		"two packages":      {"a.go": "package a\n", "b.go": "package b\n"},
	} {
		root := t.TempDir()
		dir := filepath.Join(root, "internal", "broken")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for f, text := range files {
			if err := os.WriteFile(filepath.Join(dir, f), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := Imports(root, "example"); err == nil || !strings.Contains(err.Error(), "internal/broken") {
			t.Errorf("%s: Imports returned %v, want an error naming internal/broken", name, err)
		}
	}
}

// TestDocComments checks that every exported name has a doc comment.
func TestDocComments(t *testing.T) {
	st, err := Measure("../..")
	if err != nil {
		t.Fatal(err)
	}
	if st.Files < 50 || len(st.Funcs) < 300 {
		t.Fatalf("measured only %d files and %d functions; is the module root right?", st.Files, len(st.Funcs))
	}
	for _, u := range st.Undocumented {
		t.Errorf("%s has no doc comment", u)
	}
}

// TestMeasure checks the measures on a small module written here.
func TestMeasure(t *testing.T) {
	root := t.TempDir()
	src := "// Package p is a test.\npackage p\n\n// A is documented.\nfunc A() {\n\tB()\n}\n\nfunc B() {}\n\ntype t struct{}\n\nfunc (t) C() {}\n\n// T is documented.\ntype T struct{}\n\nfunc (*T) D() {}\n\nconst (\n\tE = 1 // E is documented.\n\tF = 2\n)\n"
	if err := os.WriteFile(filepath.Join(root, "p.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "p_test.go"), []byte("package p\n\nfunc Undocumented() {}\n"), 0o644)
	st, err := Measure(root)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range st.Funcs {
		names = append(names, fmt.Sprintf("%s:%d", f.Name, f.Lines))
	}
	if got := strings.Join(names, " "); got != "A:3 B:1 t.C:1 T.D:1" {
		t.Errorf("functions = %s", got)
	}
	if got := strings.Join(st.Undocumented, " | "); got != "p.go:9:1: func B | p.go:18:1: func T.D | p.go:22:2: F" {
		t.Errorf("undocumented = %s", got)
	}
	if st.Over(2) != 1 || st.Files != 1 {
		t.Errorf("Over(2) = %d, files = %d", st.Over(2), st.Files)
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

// TestNoPatternsCompiledAtStart: no package linked into the WebAssembly
// module compiles a regular expression in a package-level variable. Go
// runs those initialisers when the module starts, before its first
// picture, and the browser compiles the regexp package's code for them
// on that first call (docs/wasm.md); such patterns are written with
// lazyre instead, compiled on their first use.
func TestNoPatternsCompiledAtStart(t *testing.T) {
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH = "js", "wasm"
	ctx.BuildTags = []string{"flowzap_svgonly"}
	ctx.CgoEnabled = false
	seen := map[string]bool{}
	queue := []string{"cmd/flowzap-wasm"}
	checked := 0
	for len(queue) > 0 {
		rel := queue[0]
		queue = queue[1:]
		if seen[rel] {
			continue
		}
		seen[rel] = true
		dir := filepath.Join("../..", filepath.FromSlash(rel))
		pkg, err := ctx.ImportDir(dir, 0)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		for _, imp := range pkg.Imports {
			if dep, ok := strings.CutPrefix(imp, "flowzap/"); ok {
				queue = append(queue, dep)
			}
		}
		fset := token.NewFileSet()
		for _, name := range pkg.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			checked++
			for _, decl := range f.Decls {
				gen, ok := decl.(*ast.GenDecl)
				if !ok || gen.Tok != token.VAR {
					continue
				}
				ast.Inspect(gen, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.FuncLit:
						return false // runs when called, not at start
					case *ast.CallExpr:
						if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
							if x, ok := sel.X.(*ast.Ident); ok && x.Name == "regexp" && strings.Contains(sel.Sel.Name, "Compile") {
								t.Errorf("%s: a pattern compiled when the module starts: write it with lazyre.New", fset.Position(n.Pos()))
							}
						}
					}
					return true
				})
			}
		}
	}
	if len(seen) < 20 || checked < 50 {
		t.Fatalf("walked only %d packages and %d files from cmd/flowzap-wasm", len(seen), checked)
	}
}
