package swimlane

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestLabelsInsideLaneWidth: on the quality corpus, no edge label reaches
// past the lanes' right edge (a label on a route past the last column
// used to cross the band's edge and touch the canvas's).
func TestLabelsInsideLaneWidth(t *testing.T) {
	for name, src := range layouttest.QualityCorpus(t) {
		l := Layout(layouttest.Compile(t, name, src), layout.DefaultEnv()).Layout
		if len(l.Lanes) == 0 {
			continue
		}
		right := l.Lanes[0].X + l.Lanes[0].W
		for _, e := range l.Edges {
			if e.Label != nil && e.Label.Box.X+e.Label.Box.W > right+0.01 {
				t.Errorf("%s: label %q reaches %.1f, past the lanes' right edge %.1f", name, e.Label.Text, e.Label.Box.X+e.Label.Box.W, right)
			}
		}
	}
}
