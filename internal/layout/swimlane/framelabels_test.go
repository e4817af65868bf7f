package swimlane

import (
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// labelsAcrossFrames counts the edge labels that a loop frame's line, as
// drawn (its box, or its outline), runs through.
func labelsAcrossFrames(l *scene.Layout) int {
	n := 0
	for _, e := range l.Edges {
		if e.Label == nil {
			continue
		}
		r := geom.Rect{X: e.Label.X, Y: e.Label.Y, W: e.Label.W, H: e.Label.H}
	frames:
		for _, lp := range l.Loops {
			pts := lp.Outline
			if len(pts) == 0 {
				pts = [][2]float64{{lp.X, lp.Y}, {lp.X + lp.W, lp.Y}, {lp.X + lp.W, lp.Y + lp.H}, {lp.X, lp.Y + lp.H}}
			}
			for k := range pts {
				a, b := pts[k], pts[(k+1)%len(pts)]
				if geom.SegmentCrosses(geom.Point{X: a[0], Y: a[1]}, geom.Point{X: b[0], Y: b[1]}, r) {
					n++
					break frames
				}
			}
		}
	}
	return n
}

// TestLabelsOffFrames lays out the drawings of the quality corpus that
// have loops with labels kept off the frames' borders and not, and checks
// that no drawing gets a label across a frame more, or a crossing more,
// that every quality rule holds, and that nine in ten of the labels that lay
// across a frame no longer do.
func TestLabelsOffFrames(t *testing.T) {
	var across [2]int
	looped := func(doc *model.Document) bool { return len(doc.Loops) > 0 }
	eachToggled(t, &frameLabelsClear, looped, func(name string, ls [2]scene.Layout) {
		n := [2]int{labelsAcrossFrames(&ls[0]), labelsAcrossFrames(&ls[1])}
		c := [2]int{layouttest.Crossings(&ls[0]), layouttest.Crossings(&ls[1])}
		across[0], across[1] = across[0]+n[0], across[1]+n[1]
		if n[1] > n[0] || c[1] > c[0] {
			t.Errorf("%s: %d labels across a frame and %d crossings with labels kept off, %d and %d without", name, n[1], c[1], n[0], c[0])
		}
	})
	t.Logf("labels across a loop frame: %d → %d", across[0], across[1])
	if across[0] == 0 || 10*across[1] > across[0] {
		t.Errorf("labels across a loop frame: %d → %d; want some, fewer than a tenth left", across[0], across[1])
	}
}

// TestLabelsOffFramesRollingUpdate: in the rolling update template both
// "No" labels (out of the loop to the end and down to the pause) lay
// across the frame's dashed line, one on its right side, one on its
// bottom.
func TestLabelsOffFramesRollingUpdate(t *testing.T) {
	src := layouttest.QualityCorpus(t)["template kubernetes-rolling-update.fz"]
	if src == "" {
		t.Fatal("no kubernetes-rolling-update template in the corpus")
	}
	doc := layouttest.Compile(t, "kubernetes-rolling-update.fz", src)
	l := layoutToggled(doc, &frameLabelsClear, true)
	if n := labelsAcrossFrames(&l); n != 0 {
		t.Errorf("%d labels across the loop's frame", n)
	}
	for _, p := range layouttest.Quality(doc, &l) {
		t.Error(p)
	}
}
