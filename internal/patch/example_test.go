package patch_test

import (
	"fmt"

	"flowzap/internal/patch"
)

// Apply edits a diagram with JSON-friendly operations, all or nothing.
func ExampleApply() {
	label := "Pack"
	r, err := patch.Apply("shop.fz", []byte("shop { # Shop\n  n1: circle label:\"Order\"\n}\n"), []patch.Op{
		{Op: "insertNode", Lane: "shop", Shape: "rectangle", Label: &label},
		{Op: "insertEdge", From: "n1", To: "n2"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(r.Code))
	// Output:
	// shop { # Shop
	//   n1: circle label:"Order"
	//   n2: rectangle label:"Pack"
	//   n1.handle(right) -> n2.handle(left)
	// }
}
