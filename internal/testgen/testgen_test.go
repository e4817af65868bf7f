package testgen

import (
	"strings"
	"testing"
)

func TestDeterministic(t *testing.T) {
	a := Diagram(Options{Nodes: 50, Seed: 3})
	b := Diagram(Options{Nodes: 50, Seed: 3})
	if a != b {
		t.Fatal("same seed gave different diagrams")
	}
	if c := Diagram(Options{Nodes: 50, Seed: 4}); c == a {
		t.Fatal("different seeds gave the same diagram")
	}
	if n := strings.Count(a, ": "); n != 50 {
		t.Errorf("got %d node lines, want 50", n)
	}
}
