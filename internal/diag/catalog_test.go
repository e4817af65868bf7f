package diag_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"flowzap/internal/diag"
	"flowzap/internal/syntax"
)

// messageDirs hold the code that builds the diagnostics, the fixes and
// the fixer's corrections the front ends show, and the importers'
// diagnostics about the files they read.
var messageDirs = []string{"../syntax", "../compile", "../fix", "../pipeline", "../patch", "../server",
	"../interchange", "../interchange/mermaid", "../interchange/drawio", "../interchange/bpmn", "../interchange/xmltree"}

// messageFuncs are the functions whose string literal arguments are
// message formats or fix texts (diag.T's first argument is one too).
// Errorf and Warnf are the importers' (interchange.Graph's), never fmt's.
var messageFuncs = map[string]bool{
	"errorf": true, "fail": true, "expected": true, "expectedFix": true, "endLine": true, "err": true,
	"report": true, "note": true, "noteLine": true,
	"Errorf": true, "Warnf": true, "warn": true, "Phrase": true,
}

// engineFormats returns every format and fix text the engine's sources
// hold, by where it is.
func engineFormats(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, dir := range messageDirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				var fn string
				isT := false
				switch f := call.Fun.(type) {
				case *ast.Ident:
					fn = f.Name
				case *ast.SelectorExpr:
					fn = f.Sel.Name
					if x, ok := f.X.(*ast.Ident); ok && x.Name == "diag" && fn == "T" {
						isT = true
					} else if ok && x.Name == "fmt" {
						return true // fmt.Errorf: not a message of the engine
					}
				}
				if !isT && !messageFuncs[fn] {
					return true
				}
				for i, a := range call.Args {
					if isT && i > 0 {
						break
					}
					lit, ok := a.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					s, err := strconv.Unquote(lit.Value)
					if err != nil || s == "" || s == "%s" || s == "%q" {
						continue
					}
					out[s] = fset.Position(lit.Pos()).String()
				}
				return true
			})
		}
	}
	// The tokens a syntax error names as what it found.
	for tok := syntax.Token(0); ; tok++ {
		s := tok.String()
		if s == "token" {
			break
		}
		if !strings.HasPrefix(s, `"`) {
			out[s] = "syntax.Token"
		}
	}
	return out
}

// TestCatalogComplete fails when a format or fix text of the engine has
// no French or Chinese translation.
func TestCatalogComplete(t *testing.T) {
	formats := engineFormats(t)
	if len(formats) < 100 {
		t.Fatalf("found only %d formats: the scan of the sources is broken", len(formats))
	}
	var keys []string
	for k := range formats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, lang := range []string{"fr", "zh"} {
		cat := diag.Catalog(lang)
		for _, k := range keys {
			if _, ok := cat[k]; !ok {
				t.Errorf("%s: no %s translation of %q", formats[k], lang, k)
			}
		}
		for k := range cat {
			if _, ok := formats[k]; !ok {
				t.Errorf("%s catalog: %q is not a format of the engine (left over?)", lang, k)
			}
		}
	}
	if os.Getenv("FZ_DUMP_FORMATS") != "" {
		for _, k := range keys {
			t.Logf("%q", k)
		}
	}
}

var verbRE = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*[0-9]*(?:\.[0-9]+)?([a-zA-Z%])`)

// verbs returns the verb of each argument of format, by argument index.
func verbs(format string) map[int]byte {
	out := map[int]byte{}
	next := 0
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			n, _ := strconv.Atoi(m[1])
			next = n - 1
		}
		out[next] = m[2][0]
		next++
	}
	return out
}

// pluralRE finds a %s right after a letter: diag.Plural's "s", which
// other languages leave out.
var pluralRE = regexp.MustCompile(`[a-z]%s`)

// TestCatalogVerbs checks every translation takes the same arguments with
// the same verbs as its English format.
func TestCatalogVerbs(t *testing.T) {
	for _, lang := range []string{"fr", "zh"} {
		for en, tr := range diag.Catalog(lang) {
			want, got := verbs(en), verbs(tr)
			plural := map[int]bool{}
			if loc := pluralRE.FindAllStringIndex(en, -1); loc != nil {
				for _, l := range loc {
					plural[len(verbs(en[:l[0]+1]))] = true
				}
			}
			for i, v := range want {
				g, ok := got[i]
				switch {
				case !ok && !plural[i]:
					t.Errorf("%s %q: argument %d (%%%c) missing in %q", lang, en, i+1, v, tr)
				case ok && g != v:
					t.Errorf("%s %q: argument %d is %%%c, translated %%%c in %q", lang, en, i+1, v, g, tr)
				}
			}
			for i := range got {
				if _, ok := want[i]; !ok {
					t.Errorf("%s %q: %q uses argument %d, which English does not have", lang, en, tr, i+1)
				}
			}
			if strings.Count(en, "%") == 0 && strings.Count(tr, "%") > 0 {
				t.Errorf("%s %q: %q has verbs", lang, en, tr)
			}
		}
	}
}
