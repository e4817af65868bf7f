package pipeline_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"flowzap/internal/pipeline"
)

const exampleCode = `shop { # Shop
  n1: circle label:"Order placed"
  n2: rectangle label:"Pack"
  n1.handle(right) -> n2.handle(left)
}
`

// Check parses and checks code; the result holds the tree, the document
// and the diagnostics.
func ExampleCheck() {
	r := pipeline.Check("order.fz", []byte(exampleCode), pipeline.Options{})
	st := pipeline.StatsOf(r)
	fmt.Println(r.OK(), st.LaneCount, st.NodeCount, st.EdgeCount)
	// Output: true 1 2 1
}

// Validate is what every front end answers: the same JSON report from the
// CLI (check --json), the HTTP API and the MCP validate tool.
func ExampleValidate() {
	loose := strings.Replace(exampleCode, `label:"Pack"`, `label="Pack"`, 1)
	rep, err := pipeline.Validate("order.fz", []byte(loose), pipeline.Options{Strict: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range rep.Errors {
		fmt.Printf("%d:%d %s %s\n", d.Line, d.Column, d.Severity, d.Code)
	}
	_, err = pipeline.Validate("order.fz", []byte(loose), pipeline.Options{View: "pie"})
	fmt.Println(err)
	// Output:
	// 3:22 error FZ101
	// unknown view "pie": expected workflow, sequence, architecture or mindmap
}

// Format returns the canonical form of the code.
func ExampleFormat() {
	res, err := pipeline.Format("order.fz", []byte("shop {   # Shop\n n1: circle   label:\"Start\"\n}\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	os.Stdout.Write(res.Code)
	// Output:
	// shop { # Shop
	//   n1: circle label:"Start"
	// }
}

// Fix repairs departures from the official rules; NewFixReport is the
// answer every front end gives.
func ExampleFix() {
	src := []byte("shop {\n  start: circle label=\"Start\"\n  pack: rectangle label:\"Pack\"\n  start -> pack\n}\n")
	rep := pipeline.NewFixReport(pipeline.Fix("order.fz", src), src)
	fmt.Print(rep.Code)
	for _, c := range rep.Corrections {
		fmt.Println(c.Code)
	}
	// Output:
	// shop { # shop
	//   n1: circle label:"Start"
	//   n2: rectangle label:"Pack"
	//   n1.handle(right) -> n2.handle(left)
	// }
	// FZ107
	// FZ101
	// FZ111
	// FZ103
}

// Render draws a checked file; the options are checked first.
func ExampleRender() {
	r := pipeline.Check("order.fz", []byte(exampleCode), pipeline.Options{})
	var b bytes.Buffer
	if err := pipeline.Render(&b, r, pipeline.RenderOptions{Format: "json"}); err != nil {
		fmt.Println(err)
		return
	}
	var layout struct {
		View  string `json:"view"`
		Nodes []any  `json:"nodes"`
	}
	json.Unmarshal(b.Bytes(), &layout)
	fmt.Println(layout.View, len(layout.Nodes))
	fmt.Println(pipeline.Render(&b, r, pipeline.RenderOptions{Format: "png", Scale: 20}))
	// Output:
	// workflow 2
	// scale 20 out of range: expected a number above 0 and at most 8
}
