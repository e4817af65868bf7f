package interchange

import (
	"strconv"
	"strings"
	"testing"

	"flowzap/internal/model"
	"flowzap/internal/source"
)

// TestLimitAtTheElement: the error for an input that makes more than
// MaxElements lanes, nodes and edges points at the element that goes
// over, not at the top of the file.
func TestLimitAtTheElement(t *testing.T) {
	src := []byte("first line\nsecond line\n")
	g := NewGraph("Test", source.NewFile("big.txt", src))
	l := g.Lane("a", "A", source.Span{Start: 0, End: 5})
	at := source.Span{Start: 11, End: 17} // "second"
	for i := range MaxElements {
		g.Node(strconv.Itoa(i), l, model.Rectangle, "", at)
	}
	var e strings.Builder
	_ = g.Diags.Print(&e, g.Src)
	if want := "big.txt:2:1: error: the input has more than"; !strings.Contains(e.String(), want) {
		t.Errorf("want %q in:\n%s", want, e.String())
	}
}
