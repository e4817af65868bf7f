package diag_test

import (
	"os"

	"flowzap/internal/diag"
	"flowzap/internal/source"
)

// Print shows each diagnostic with its position, the source line and a
// caret under the span.
func ExampleList_Print() {
	f := source.NewFile("flow.fz", []byte("a { # A\n  n1: square label:\"x\"\n}\n"))
	l := diag.List{{Span: source.Span{Start: 14, End: 20}, Severity: diag.Error, Code: diag.UnknownShape,
		Msg: `unknown shape "square": expected circle, rectangle, diamond or taskbox`, Fix: "write rectangle"}}
	l.Print(os.Stdout, f)
	// Output:
	// flow.fz:2:7: error: unknown shape "square": expected circle, rectangle, diamond or taskbox [FZ008]
	//     n1: square label:"x"
	//         ^~~~~~
	//   fix: write rectangle
}
