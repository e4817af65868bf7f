package fix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/diag"
	"flowzap/internal/source"
)

// TestOneRepairsOnlyItsDiagnostic repairs each fixable diagnostic of every
// test input on its own: that diagnostic goes away, every other diagnostic
// of another code stays, and lines far from it are untouched.
func TestOneRepairsOnlyItsDiagnostic(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.fz")
	if len(paths) == 0 {
		t.Fatal("no inputs")
	}
	tried := 0
	for _, p := range paths {
		src, _ := os.ReadFile(p)
		_, diags := compileSrc(t, p, src, false)
		if diags.HasErrors() {
			continue
		}
		f := source.NewFile(p, src)
		for _, d := range diags {
			if !strings.HasPrefix(string(d.Code), "FZ1") {
				continue
			}
			line := f.Position(d.Span.Start).Line
			r := One(p, src, Target{Code: d.Code, Line: line})
			if r.Code == nil {
				t.Errorf("%s:%d: %s has no repair on its own: %v", p, line, d.Code, r.Diags)
				continue
			}
			tried++
			if len(r.Corrections) == 0 || r.Corrections[0].Code != d.Code && d.Code != diag.NodeIDForm {
				t.Errorf("%s:%d: %s: corrections %v", p, line, d.Code, r.Corrections)
			}
			_, after := compileSrc(t, p, r.Code, false)
			if after.HasErrors() {
				t.Errorf("%s:%d: %s: the repair left errors:\n%s", p, line, d.Code, r.Code)
			}
			if count(after, d.Code) >= count(diags, d.Code) {
				t.Errorf("%s:%d: %s still reported as often after its repair:\n%s", p, line, d.Code, r.Code)
			}
			// A repaired line is printed canonically, so departures on the
			// same line go too; those on other lines stay.
			for _, other := range diags {
				if other.Code == d.Code || f.Position(other.Span.Start).Line == line || d.Code == diag.NodeIDForm || d.Code == diag.NodeIDNumbering {
					continue
				}
				if count(after, other.Code) == 0 {
					t.Errorf("%s:%d: repairing %s also repaired %s:\n%s", p, line, d.Code, other.Code, r.Code)
				}
			}
		}
	}
	if tried < 10 {
		t.Fatalf("only %d diagnostics tried", tried)
	}
}

// TestOneKeepsOtherLines is the reported case: fixing the separator of one
// edge label must not renumber nodes or touch another line.
func TestOneKeepsOtherLines(t *testing.T) {
	src := "ops { # Ops\n  n1: circle label:\"Start\"\n  n7: rectangle   label:\"Work\"\n  n1.handle(right) -> n7.handle(left) [label:\"go\"]\n  n7.handle(bottom) -> n1.handle(bottom) [label:\"back\"]\n}\n"
	r := One("x.fz", []byte(src), Target{Code: diag.EdgeAttrSep, Line: 5})
	if r.Code == nil {
		t.Fatalf("no repair: %v", r.Diags)
	}
	want := strings.Replace(src, `[label:"back"]`, `[label="back"]`, 1)
	if string(r.Code) != want {
		t.Errorf("got\n%s\nwant\n%s", r.Code, want)
	}
	if r := One("x.fz", []byte(src), Target{Code: diag.EdgeAttrSep, Line: 2}); r.Code != nil {
		t.Errorf("a repair on a line without that diagnostic:\n%s", r.Code)
	}
}

func count(l diag.List, c diag.Code) int {
	n := 0
	for _, d := range l {
		if d.Code == c {
			n++
		}
	}
	return n
}

// TestOneBesideOtherErrors: a diagnostic is repaired on its own even when
// another line holds an error that no rule repairs (an edge to an
// undefined node): the per-problem Fix button did nothing then, while Fix
// all repaired it.
func TestOneBesideOtherErrors(t *testing.T) {
	src := "shop { # Shop\n  n1: circle label=\"Start\"\n  n1.handle(right) -> n7.handle(left)\n}\n"
	r := One("input.fz", []byte(src), Target{Code: diag.Code("FZ101"), Line: 2})
	if !strings.Contains(string(r.Code), `n1: circle label:"Start"`) || len(r.Corrections) != 1 {
		t.Fatalf("FZ101 beside an undefined node: code %q, corrections %v, diags %v", r.Code, r.Corrections, r.Diags)
	}
	if !strings.Contains(string(r.Code), "-> n7.handle(left)") {
		t.Errorf("the other line changed: %q", r.Code)
	}
}
