package compile

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"flowzap/internal/diag"
	"flowzap/internal/model"
	"flowzap/internal/source"
)

// annotation is an expected diagnostic written in a test input as
// `// ERROR "regexp"` or `// WARNING "regexp"` on the line after the line
// the diagnostic points at. The regexp is matched against "CODE message".
type annotation struct {
	line     int // the line the diagnostic must be on
	severity diag.Severity
	code     diag.Code
	rx       *regexp.Regexp // matched against the message
	at       int            // the annotation's own line
}

var (
	annotationRx = regexp.MustCompile(`^\s*// (ERROR|WARNING) (".*")\s*$`)
	codeRx       = regexp.MustCompile(`^FZ\d{3}$`)
)

func annotations(t *testing.T, name string, src []byte) []annotation {
	var out []annotation
	target := 0
	for i, line := range strings.Split(string(src), "\n") {
		m := annotationRx.FindStringSubmatch(line)
		if m == nil {
			target = i + 1
			continue
		}
		pattern := strings.ReplaceAll(m[2][1:len(m[2])-1], `\"`, `"`)
		code, rest, _ := strings.Cut(pattern, " ")
		if !codeRx.MatchString(code) {
			t.Fatalf("%s:%d: annotation %s does not start with a code", name, i+1, m[2])
		}
		sev := diag.Error
		if m[1] == "WARNING" {
			sev = diag.Warning
		}
		out = append(out, annotation{line: target, severity: sev, code: diag.Code(code), rx: regexp.MustCompile(rest), at: i + 1})
	}
	return out
}

// check parses and checks one file the way pipeline.Check does.
func check(name string, src []byte, opts Options) (diag.List, *source.File) {
	f := source.NewFile(name, src)
	_, _, all := Source(f, opts)
	return all, f
}

// TestErrorAnnotations runs every file in testdata/errors: each error or
// warning must be announced by an annotation, and each annotation must be
// met by a diagnostic of that severity on that line. Files named *.strict.fz
// are checked in strict mode, *.seq.fz with the sequence checks (in flow
// order; *.written.seq.fz in written order).
func TestErrorAnnotations(t *testing.T) {
	paths, _ := filepath.Glob("testdata/errors/*.fz")
	if len(paths) < 5 {
		t.Fatalf("only %d annotated inputs", len(paths))
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{Strict: strings.HasSuffix(p, ".strict.fz"), Sequence: strings.HasSuffix(p, ".seq.fz")}
			if strings.HasSuffix(p, ".written.seq.fz") {
				opts.Order = model.WrittenOrder
			}
			diags, f := check(p, src, opts)
			want := annotations(t, p, src)
			used := make([]bool, len(diags))
			for _, a := range want {
				found := false
				for i, d := range diags {
					line := f.Position(d.Span.Start).Line
					if !used[i] && line == a.line && d.Severity == a.severity && d.Code == a.code && a.rx.MatchString(d.Msg) {
						used[i], found = true, true
						break
					}
				}
				if !found {
					t.Errorf("%s:%d: no %s %s on line %d matching %q; got:\n%s", p, a.at, a.severity, a.code, a.line, a.rx, describe(diags, f, a.line))
				}
			}
			for i, d := range diags {
				if !used[i] && d.Severity != diag.Info {
					pos := f.Position(d.Span.Start)
					t.Errorf("%s:%d:%d: unexpected %s %s %s", p, pos.Line, pos.Col, d.Severity, d.Code, d.Msg)
				}
			}
		})
	}
}

func describe(diags diag.List, f *source.File, line int) string {
	var b strings.Builder
	for _, d := range diags {
		if f.Position(d.Span.Start).Line == line {
			fmt.Fprintf(&b, "\t%s %s %s\n", d.Severity, d.Code, d.Msg)
		}
	}
	if b.Len() == 0 {
		return "\t(nothing on that line)\n"
	}
	return b.String()
}

// TestEveryCodeTested makes sure each error and departure code appears in
// some annotated input, so no rule goes untested.
func TestEveryCodeTested(t *testing.T) {
	paths, _ := filepath.Glob("testdata/errors/*.fz")
	var all strings.Builder
	for _, p := range paths {
		b, _ := os.ReadFile(p)
		all.Write(b)
	}
	for _, ci := range diag.Codes {
		if ci.Class == diag.Informational {
			continue
		}
		if strings.HasPrefix(string(ci.Code), "FZ4") {
			// Import codes are reported on other formats' files, not on
			// FlowZap Code; the importers' own tests cover them.
			continue
		}
		if !strings.Contains(all.String(), `"`+string(ci.Code)+" ") {
			t.Errorf("code %s (%s) has no annotated test input", ci.Code, ci.Title)
		}
	}
}
