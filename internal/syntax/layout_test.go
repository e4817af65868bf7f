package syntax

import (
	"strings"
	"testing"

	"flowzap/internal/diag"
	"flowzap/internal/source"
)

const withBlock = `// @layout node n2 dy=+20
a { # A
  n1: circle label:"Start"
  // @layout lane order=b,a
  n2: rectangle label:"Step"
  n1.handle(right) -> n2.handle(left)
}
// a note that stays
b { # B
  n3: circle label:"End"
  n2.handle(bottom) -> n3.handle(top)
}
// @layout v1
// @layout node n10 dx=3
// @layout node n1 dx=-13 dy=0
// @layout node n1 dx=-12
// @layout node n7 dx=40
// @layout lane sideways
`

// TestFormatNormalisesLayoutBlock: the lines are gathered wherever they
// are, written once at the end, sorted, snapped to the grid, with stale
// entries dropped and the lines not understood kept.
func TestFormatNormalisesLayoutBlock(t *testing.T) {
	out, _, err := Format("x.fz", []byte(withBlock))
	if err != nil {
		t.Fatal(err)
	}
	want := `a { # A
  n1: circle label:"Start"
  n2: rectangle label:"Step"
  n1.handle(right) -> n2.handle(left)
}
// a note that stays
b { # B
  n3: circle label:"End"
  n2.handle(bottom) -> n3.handle(top)
}

// @layout v1
// @layout lane order=b,a
// @layout node n1 dx=-16
// @layout node n2 dy=24
// @layout lane sideways
`
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	again, _, _ := Format("x.fz", out)
	if string(again) != string(out) {
		t.Errorf("not idempotent:\n%s", again)
	}
}

func TestLayoutBlockThatChangesNothingGoes(t *testing.T) {
	src := "a { # A\n  n1: circle label:\"x\"\n}\nb { # B\n}\n// @layout v1\n// @layout lane order=a\n// @layout node n1 dx=2 dy=-3\n"
	out, _, err := Format("x.fz", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "@layout") {
		t.Errorf("a block with no effect must go:\n%s", out)
	}
}

func TestReadLayoutPositions(t *testing.T) {
	src := "a { # A\n  n1: circle label:\"x\"\n}\n//   @layout node n1 dx=abc\n"
	f, _ := Parse(source.NewFile("x.fz", []byte(src)))
	l, d := ReadLayout(f)
	if len(d) != 1 || d[0].Code != diag.LayoutEntry || d[0].Severity != diag.Warning {
		t.Fatalf("diags %v", d)
	}
	if p := f.Src.Position(d[0].Span.Start); p.Line != 4 || p.Col != 22 {
		t.Errorf("at %d:%d, want 4:22 (the dx=abc)", p.Line, p.Col)
	}
	if len(l.Bad) != 1 || len(l.Nodes) != 0 {
		t.Errorf("layout %+v", l)
	}
}

func TestSnap(t *testing.T) {
	for in, want := range map[int]int{0: 0, 3: 0, 4: 8, 12: 16, -4: -8, -3: 0, 23: 24, 9999: 4000, -9999: -4000} {
		if got := Snap(in); got != want {
			t.Errorf("Snap(%d) = %d, want %d", in, got, want)
		}
	}
}

func TestRenameLayoutNodes(t *testing.T) {
	f, _ := Parse(source.NewFile("x.fz", []byte("a { # A\n  n1: circle label:\"x\"\n  n2: circle label:\"y\"\n}\n// @layout node n2 dx=8\n// @layout node n1 dy=8\n")))
	RenameLayoutNodes(f, map[string]string{"n1": "n2", "n2": "n1"})
	var b strings.Builder
	for _, c := range layoutComments(f) {
		b.WriteString(c.Text + "\n")
	}
	if b.String() != "@layout node n1 dx=8\n@layout node n2 dy=8\n" {
		t.Errorf("got %q", b.String())
	}
}
