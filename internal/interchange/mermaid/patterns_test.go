package mermaid

import "testing"

// TestPatternsCompile: every pattern compiles (they are compiled on first
// use, not when the program starts).
func TestPatternsCompile(t *testing.T) {
	for _, re := range []func() any{
		func() any { return blkRx.Get() }, func() any { return brRx.Get() }, func() any { return cosRx.Get() },
		func() any { return dirRx.Get() }, func() any { return directRx.Get() }, func() any { return edgeIDRx.Get() },
		func() any { return entityRx.Get() }, func() any { return faRx.Get() }, func() any { return fullLinkRx.Get() },
		func() any { return idRx.Get() }, func() any { return msgRx.Get() }, func() any { return noteRx.Get() },
		func() any { return openLinkRx.Get() }, func() any { return otherDiagrams.Get() }, func() any { return partRx.Get() },
		func() any { return propRx.Get() }, func() any { return secRx.Get() }, func() any { return styleRx.Get() },
		func() any { return subgraphRx.Get() }, func() any { return tagRx.Get() }, func() any { return closeRx() },
		func() any { return accBlockRx.Get() },
	} {
		if re() == nil {
			t.Fatal("a pattern did not compile")
		}
	}
}
