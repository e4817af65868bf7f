// Package lazyre holds regular expressions compiled on their first use.
// A program that links a package without calling the code that needs its
// patterns (the WebAssembly module links the importers and the fixer but
// mostly only renders) then does not compile them when it starts.
package lazyre

import (
	"regexp"
	"sync"
)

// Regexp is a pattern compiled on its first use.
type Regexp struct {
	once    sync.Once
	pattern string
	re      *regexp.Regexp
}

// New returns the pattern, not compiled yet. Like regexp.MustCompile it
// is for patterns written in the code: Get panics on an invalid one.
func New(pattern string) *Regexp { return &Regexp{pattern: pattern} }

// String returns the pattern as written.
func (l *Regexp) String() string { return l.pattern }

// Get returns the compiled pattern, compiling it the first time.
func (l *Regexp) Get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.pattern) })
	return l.re
}
