package arch

import (
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestQualityCorpus lays out the whole quality corpus as the view draws
// it and checks the promises of layouttest.Quality, all of them (written
// sides unless the view left them free, and then freeNeverWorse; labels,
// overlaps, edges through nodes, the canvas), that containers never
// overlap and that no edge runs through a container it does not belong to.
func TestQualityCorpus(t *testing.T) {
	freeSidesOn(t) // as the view draws
	var tally layouttest.Tally
	var hugs layouttest.HugTally
	free, kept := 0, 0
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		l := Layout(doc, layout.DefaultEnv()).Layout
		if freeNeverWorse(t, name, doc, &l) {
			free++
		} else {
			kept++
		}
		ps := layouttest.Quality(doc, &l)
		tally.Add(name, ps)
		hugs.Add(name, doc, &l)
		for _, p := range ps {
			t.Errorf("%s: %s", name, p)
		}
		lane := map[string]string{}
		for _, n := range l.Nodes {
			lane[n.ID] = n.Lane
		}
		for _, e := range l.Edges {
			for _, c := range l.Lanes {
				if c.ID == lane[e.From] || c.ID == lane[e.To] {
					continue
				}
				r := geom.Rect{X: c.X, Y: c.Y, W: c.W, H: c.H}
				for i := 0; i+1 < len(e.Points); i++ {
					a, b := e.Points[i], e.Points[i+1]
					if geom.SegmentCrosses(geom.Point{X: a[0], Y: a[1]}, geom.Point{X: b[0], Y: b[1]}, r) {
						t.Errorf("%s: edge %s runs through container %s", name, e.ID, c.ID)
						break
					}
				}
			}
		}
		for i, a := range l.Lanes {
			for _, b := range l.Lanes[i+1:] {
				ra := geom.Rect{X: a.X, Y: a.Y, W: a.W, H: a.H}
				if ra.Overlaps(geom.Rect{X: b.X, Y: b.Y, W: b.W, H: b.H}) {
					t.Errorf("%s: containers %s and %s overlap", name, a.ID, b.ID)
				}
			}
		}
	}
	t.Logf("architecture: %s", tally)
	// The drawing with free sides (freesides.go) is neither never nor
	// always chosen.
	t.Logf("%d drawings with free sides, %d with the written ones", free, kept)
	if free < (free+kept)/10 || kept < free {
		t.Errorf("%d drawn with free sides, %d as written: want some of each, most as written", free, kept)
	}
	// 644 of 4,931 labels of the workflow view and 142 of 4,896 of the
	// architecture view lay that near before the label stage kept clear.
	hugs.Check(t)
	// 1,210 of 5,087 labels covered a bend or another run of their own
	// route before the label stage and the passes after it kept off them
	// (2026-12-06).
	hugs.CheckOverOwn(t, 20)
}

// BenchmarkSeeds measures the two seed diagrams.
func BenchmarkSeeds(b *testing.B) { freeSidesOn(b); layouttest.BenchSeeds(b, Layout) }
