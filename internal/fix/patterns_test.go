package fix

import "testing"

// TestPatternsCompile: every pattern compiles (they are compiled on first
// use, not when the program starts).
func TestPatternsCompile(t *testing.T) {
	for _, re := range []func() any{
		func() any { return bareLabel.get() }, func() any { return compassSide.get() },
		func() any { return fenceLine.get() }, func() any { return shapeWord.get() },
	} {
		if re() == nil {
			t.Fatal("a pattern did not compile")
		}
	}
}
