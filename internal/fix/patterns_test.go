package fix

import "testing"

// TestPatternsCompile: every pattern compiles (they are compiled on first
// use, not when the program starts).
func TestPatternsCompile(t *testing.T) {
	for _, re := range []func() any{
		func() any { return bareLabel.Get() }, func() any { return compassSide.Get() },
		func() any { return fenceLine.Get() }, func() any { return shapeWord.Get() },
	} {
		if re() == nil {
			t.Fatal("a pattern did not compile")
		}
	}
}
