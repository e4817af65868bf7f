package compile

import (
	"fmt"
	"strings"
	"testing"

	"flowzap/internal/diag"
)

// TestUndefinedSuggestsCase: an undefined node that is a node's ID but
// for case is pointed at the first such node, declared before or after
// the edge, with the case folding of strings.EqualFold (the Kelvin sign
// is a K); another is not.
func TestUndefinedSuggestsCase(t *testing.T) {
	src := "a { # A\n  n1: circle label:\"x\"\n  N1.handle(right) -> Straße.handle(left)\n  n1.handle(right) -> \u212a9.handle(left)\n  n1.handle(right) -> zz.handle(left)\n}\n" +
		"b { # B\n  STRASSE: rectangle label:\"y\"\n  straße: rectangle label:\"z\"\n  k9: rectangle label:\"k\"\n  K9: rectangle label:\"K\"\n}\n"
	diags, _ := check("case.fz", []byte(src), Options{})
	want := map[string]string{"N1": "did you mean n1?", "Straße": "did you mean straße?", "\u212a9": "did you mean k9?", "zz": ""}
	seen := 0
	for _, d := range diags {
		if d.Code != diag.UndefinedNode {
			continue
		}
		name := d.Msg[len(`undefined node "`):strings.Index(d.Msg, `":`)]
		fix, ok := want[name]
		if !ok {
			t.Errorf("unexpected %s", d.Msg)
			continue
		}
		seen++
		if d.Fix != fix {
			t.Errorf("%s: fix %q, want %q", name, d.Fix, fix)
		}
	}
	if seen != len(want) {
		t.Errorf("%d undefined nodes reported, want %d: %v", seen, len(want), diags)
	}
}

// undefinedMany is n nodes and n edges, each to a node that does not
// exist.
func undefinedMany(n int) []byte {
	var b strings.Builder
	b.WriteString("m { # M\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  n%d: rectangle label:\"S%d\"\n", i, i)
	}
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  n%d.handle(right) -> x%d.handle(left)\n", i, i)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// TestUndefinedMany: thousands of edges to undefined nodes give one error
// each (their cost, linear since the suggestions come from an index of
// the case-folded IDs instead of a search of every node for each one, is
// measured by BenchmarkUndefinedMany, docs/benchmarks.md).
func TestUndefinedMany(t *testing.T) {
	const n = 16000
	diags, _ := check("many.fz", undefinedMany(n), Options{})
	if c := diags.Count(diag.Error); c != n {
		t.Fatalf("%d errors, want %d", c, n)
	}
}

func BenchmarkUndefinedMany(b *testing.B) {
	for _, n := range []int{4000, 16000} {
		src := undefinedMany(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				check("many.fz", src, Options{})
			}
		})
	}
}
