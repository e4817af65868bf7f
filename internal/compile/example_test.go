package compile_test

import (
	"fmt"

	"flowzap/internal/compile"
	"flowzap/internal/source"
)

// Source parses and checks a file: the tree, the document and every
// diagnostic, sorted.
func ExampleSource() {
	f := source.NewFile("flow.fz", []byte("a { # A\n  n1: circle label:\"Start\"\n  n1.handle(right) -> n9.handle(left)\n}\n"))
	_, doc, diags := compile.Source(f, compile.Options{})
	fmt.Println(len(doc.Nodes), diags.Err())
	// Output: 1 undefined node "n9": expected the ID of a node declared in some lane [FZ015]
}
