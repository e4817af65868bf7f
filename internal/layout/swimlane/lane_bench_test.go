package swimlane

import (
	"fmt"
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/testgen"
)

// BenchmarkOneLane measures diagrams whose nodes all sit in one lane, the
// case that grows a lane's columns and gutters the most; "unconnected"
// ones are steps listed with no edge between them, every one placed in
// the first column the lane has free.
func BenchmarkOneLane(b *testing.B) {
	for _, n := range []int{5000, 20000} {
		var src strings.Builder
		src.WriteString("a { # A\n")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&src, "  n%d: rectangle label:\"Step %d\"\n", i, i)
		}
		src.WriteString("}\n")
		doc := layouttest.Compile(b, "list", src.String())
		env := layout.DefaultEnv()
		env.Fresh = true
		b.Run(fmt.Sprintf("unconnected=%d", n), func(b *testing.B) {
			for b.Loop() {
				Layout(doc, env)
			}
		})
	}
	for _, n := range []int{1000, 10000, 20000} {
		doc := layouttest.Compile(b, "gen", testgen.Diagram(testgen.Options{Nodes: n, Seed: 1, Lanes: 1}))
		env := layout.DefaultEnv()
		env.Fresh = true
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			for b.Loop() {
				Layout(doc, env)
			}
		})
	}
}
