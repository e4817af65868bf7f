package testgen

import (
	"math/rand"
	"regexp"
)

var handleRE = regexp.MustCompile(`\.handle\((?:left|right|top|bottom)\)`)

// Unhandled returns a diagram written the way people and agents often
// write one, without handles: RandomApproval's for even seeds and
// RandomHub's for odd ones, with every `.handle(SIDE)` left out when
// seed/2 is even and each one left out with even odds otherwise (so
// some edges keep one handle, some both, some none). The views choose
// the sides left unwritten. The same seed gives the same diagram.
func Unhandled(seed int64) string {
	src := RandomApproval(seed)
	if seed%2 == 1 {
		src = RandomHub(seed)
	}
	all := seed/2%2 == 0
	rng := rand.New(rand.NewSource(seed))
	return handleRE.ReplaceAllStringFunc(src, func(m string) string {
		if all || rng.Intn(2) == 0 {
			return ""
		}
		return m
	})
}
