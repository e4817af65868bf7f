package lazyre

import (
	"sync"
	"testing"
)

// TestGet: the pattern is compiled once, on first use, and the same
// compiled pattern serves every caller, concurrent ones included.
func TestGet(t *testing.T) {
	l := New(`^a+b$`)
	if l.re != nil {
		t.Fatal("compiled before its first use")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if !l.Get().MatchString("aaab") || l.Get().MatchString("ba") {
				t.Error("wrong matches")
			}
		})
	}
	wg.Wait()
	first := l.Get()
	if again := l.Get(); again != first {
		t.Error("compiled more than once")
	}
}

// TestInvalidPanics: an invalid pattern is a defect of the code, found
// on first use as regexp.MustCompile finds it.
func TestInvalidPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for an invalid pattern")
		}
	}()
	New(`(`).Get()
}
