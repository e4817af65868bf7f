package layouttest

import (
	"fmt"
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// NodeBoxes maps each node ID of l to its box.
func NodeBoxes(l *scene.Layout) map[string]scene.Box {
	out := map[string]scene.Box{}
	for _, n := range l.Nodes {
		out[n.ID] = n.Box
	}
	return out
}

// NudgedExamplesKeepQuality nudges every third node of every example (the
// nodes at index first, first+3, …) by offsets in every direction through
// a `// @layout` block, lays each out with lay and reports every quality
// rule it breaks.
func NudgedExamplesKeepQuality(t *testing.T, lay func(*model.Document, layout.Env) *scene.Scene, first int) {
	t.Helper()
	for name, src := range Examples(t) {
		doc := Compile(t, name, src)
		var block strings.Builder
		block.WriteString("\n// @layout v1\n")
		for i, n := range doc.Nodes {
			if i%3 != first%3 {
				continue
			}
			dx, dy := []int{48, -64, 16, -8}[i%4], []int{-24, 40, 8, -80}[i%4]
			fmt.Fprintf(&block, "// @layout node %s dx=%d dy=%d\n", n.ID, dx, dy)
		}
		adjusted := Compile(t, name, src+block.String())
		l := lay(adjusted, layout.DefaultEnv()).Layout
		for _, p := range Quality(adjusted, &l) {
			t.Errorf("%s: %s", name, p)
		}
	}
}
