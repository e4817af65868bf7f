package compile

import (
	"fmt"
	"strings"
	"testing"
	"time"

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

// TestUndefinedCostLinear: eight times as many nodes and edges to
// undefined nodes take about eight times as long to check, not sixty-four
// (each undefined node was compared with every node for a suggestion:
// 32,000 of them took 8 s).
func TestUndefinedCostLinear(t *testing.T) {
	best := func(n int) time.Duration {
		src := undefinedMany(n)
		d := time.Duration(1<<63 - 1)
		for range 3 {
			start := time.Now()
			diags, _ := check("many.fz", src, Options{})
			d = min(d, time.Since(start))
			if c := diags.Count(diag.Error); c != n {
				t.Fatalf("%d errors, want %d", c, n)
			}
		}
		return d
	}
	small, large := best(2000), best(16000)
	t.Logf("2,000: %v, 16,000: %v", small, large)
	if ratio := float64(large) / float64(small); ratio > 24 {
		t.Errorf("8 times the undefined nodes took %.0f times as long (%v, %v): want about 8", ratio, small, large)
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
