package mindmap

import (
	"testing"

	"flowzap/internal/golden"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/textmeasure"
	"flowzap/internal/theme"
)

// TestBalanced checks the root's branches go to both sides and the root is
// the first circle.
func TestBalanced(t *testing.T) {
	src := layouttest.Examples(t)["mindmap-product-launch.fz"]
	doc := layouttest.Compile(t, "mm", src)
	l := Layout(doc, layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light}).Layout
	root := l.Nodes[0]
	if root.ID != "n1" {
		t.Fatalf("root is %s, want n1 (the first circle)", root.ID)
	}
	left, right := 0, 0
	for _, n := range l.Nodes[1:] {
		if n.X+n.W <= root.X {
			left++
		} else if n.X >= root.X+root.W {
			right++
		}
	}
	if left == 0 || right == 0 || left+right != len(l.Nodes)-1 {
		t.Errorf("unbalanced: %d left, %d right", left, right)
	}
	golden.Check(t, "testdata/product-launch.golden", []byte(l.Dump()))
}

func TestOmitted(t *testing.T) {
	doc := layouttest.Compile(t, "x", `a { # A
  n1: circle label:"Root"
  n2: diamond label:"Choice"
  n3: rectangle label:"Branch"
  n4: circle label:"End"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left) [label="yes"]
  n2.handle(bottom) -> n4.handle(top) [label="no"]
}`)
	om := Omitted(doc)
	if len(om) != 2 || om[0].ID != "n2" || om[1].ID != "n4" {
		t.Fatalf("omitted = %v", om)
	}
	l := Layout(doc, layout.DefaultEnv()).Layout
	if len(l.Edges) != 1 || l.Edges[0].From != "n1" || l.Edges[0].To != "n3" {
		t.Errorf("n3 should hang from the root through the omitted diamond: %+v", l.Edges)
	}
}

func BenchmarkLayout(b *testing.B) { layouttest.Bench(b, Layout) }
