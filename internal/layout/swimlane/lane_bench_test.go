package swimlane

import (
	"fmt"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/testgen"
)

// BenchmarkOneLane measures diagrams whose nodes all sit in one lane, the
// case that grows a lane's columns and gutters the most.
func BenchmarkOneLane(b *testing.B) {
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
