package syntax_test

import (
	"fmt"
	"os"

	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

const code = `ops { # Operations
  n1: circle label:"Alert"
  n2: rectangle label:"Triage"
  n1.handle(right) -> n2.handle(left) [label="page"]
}
`

// Parse always returns a tree; problems are in the diagnostics.
func ExampleParse() {
	f, diags := syntax.Parse(source.NewFile("ops.fz", []byte(code)))
	lane := f.Stmts[0].(*syntax.Lane)
	fmt.Println(lane.ID.Name, lane.Label.Text, len(lane.Body), len(diags))
	// Output: ops Operations 3 0
}

// Format prints the one canonical form; it never changes the meaning.
func ExampleFormat() {
	out, _, err := syntax.Format("ops.fz", []byte("ops {#Operations\n n1:circle label:\"Alert\"\n}"))
	if err != nil {
		fmt.Println(err)
		return
	}
	os.Stdout.Write(out)
	// Output:
	// ops { # Operations
	//   n1: circle label:"Alert"
	// }
}

// Inspect walks the tree in source order.
func ExampleInspect() {
	f, _ := syntax.Parse(source.NewFile("ops.fz", []byte(code)))
	syntax.Inspect(f, func(n syntax.Node) bool {
		if e, ok := n.(*syntax.Edge); ok {
			fmt.Println(e.From.Node.Name, "->", e.To.Node.Name, e.Attrs[0].Value.Value)
		}
		return true
	})
	// Output: n1 -> n2 page
}
