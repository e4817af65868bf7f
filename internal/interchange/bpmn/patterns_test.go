package bpmn

import "testing"

// TestPatternsCompile: every pattern compiles (they are compiled on first
// use, not when the program starts).
func TestPatternsCompile(t *testing.T) {
	for _, l := range []*lazyRegexp{loopRx, ncName} {
		if l.get() == nil {
			t.Fatalf("%s did not compile", l.pattern)
		}
	}
}
