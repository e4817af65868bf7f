package importer

import (
	"testing"

	"flowzap/internal/lazyre"
)

// TestPatternsCompile: every pattern compiles (they are compiled on first
// use, not when the program starts).
func TestPatternsCompile(t *testing.T) {
	for _, l := range []*lazyre.Regexp{combined, digitRx, hexRx, nonIdent, uuidRx, yamlLineRx, yamlTypeRx} {
		if l.Get() == nil {
			t.Fatalf("%s did not compile", l)
		}
	}
}
