package fix_test

import (
	"fmt"

	"flowzap/internal/fix"
)

// Source repairs every fixable departure and lists each correction.
func ExampleSource() {
	r := fix.Source("flow.fz", []byte("a { # A\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n  n1 -> n2\n}\n"))
	fmt.Print(string(r.Code))
	for _, c := range r.Corrections {
		fmt.Printf("line %d: %s [%s]\n", c.Line, c.Msg, c.Code)
	}
	// Output:
	// a { # A
	//   n1: circle label:"Start"
	//   n2: rectangle label:"Work"
	//   n1.handle(right) -> n2.handle(left)
	// }
	// line 4: added handles to n1 -> n2: n1.handle(right) -> n2.handle(left) [FZ103]
}
