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

func TestUnhandled(t *testing.T) {
	for seed := int64(0); seed < 8; seed++ {
		src := Unhandled(seed)
		if src != Unhandled(seed) {
			t.Fatalf("seed %d: not deterministic", seed)
		}
		n := strings.Count(src, ".handle(")
		switch {
		case seed/2%2 == 0 && n != 0:
			t.Errorf("seed %d: %d handles left, want none", seed, n)
		case seed/2%2 == 1 && n == 0:
			t.Errorf("seed %d: no handle left, want about half", seed)
		}
		if !strings.Contains(src, " -> ") {
			t.Errorf("seed %d: no edge", seed)
		}
	}
}
