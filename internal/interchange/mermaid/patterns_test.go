package mermaid

import "testing"

// TestPatternsCompile: every pattern compiles (they are compiled on first
// use, not when the program starts).
func TestPatternsCompile(t *testing.T) {
	for _, re := range []func() any{
		func() any { return blkRx.get() }, func() any { return brRx.get() }, func() any { return cosRx.get() },
		func() any { return dirRx.get() }, func() any { return directRx.get() }, func() any { return edgeIDRx.get() },
		func() any { return entityRx.get() }, func() any { return faRx.get() }, func() any { return fullLinkRx.get() },
		func() any { return idRx.get() }, func() any { return msgRx.get() }, func() any { return noteRx.get() },
		func() any { return openLinkRx.get() }, func() any { return otherDiagrams.get() }, func() any { return partRx.get() },
		func() any { return propRx.get() }, func() any { return secRx.get() }, func() any { return styleRx.get() },
		func() any { return subgraphRx.get() }, func() any { return tagRx.get() }, func() any { return closeRx() },
	} {
		if re() == nil {
			t.Fatal("a pattern did not compile")
		}
	}
}
