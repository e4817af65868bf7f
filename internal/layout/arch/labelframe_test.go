package arch

import (
	"math"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// metricsRelay: three services stacked in one container each send to an
// aggregator in the next, which writes to a store in a third; every
// label stands in a gutter between two containers, the usual gutter
// narrower than the labels.
const metricsRelay = `apps { # Application hosts
  a1: rectangle label:"Checkout API"
  a2: rectangle label:"Search API"
  a3: rectangle label:"Billing worker"
  a1.handle(right) -> agg.g1.handle(left) [label="StatsD packets"]
  a2.handle(right) -> agg.g1.handle(left) [label="StatsD packets"]
  a3.handle(right) -> agg.g1.handle(left) [label="OTLP metrics"]
}
agg { # Aggregation tier
  g1: rectangle label:"Metrics aggregator"
  g2: rectangle label:"Downsampler"
  g1.handle(bottom) -> g2.handle(top)
  g2.handle(right) -> store.s1.handle(left) [label="rollups every minute"]
  g1.handle(right) -> store.s2.handle(left) [label="raw points (24 h)"]
}
store { # Time-series storage
  s1: rectangle label:"Long-term store"
  s2: rectangle label:"Hot store"
}
`

// framedLabels counts the labels of l whose box a container's border
// runs through.
func framedLabels(l *scene.Layout) int {
	n := 0
	for _, e := range l.Edges {
		if e.Label == nil {
			continue
		}
		b := geom.Rect{X: e.Label.X, Y: e.Label.Y, W: e.Label.W, H: e.Label.H}
		in := func(v, lo, hi float64) bool { return v > lo+0.5 && v < hi-0.5 }
		for _, c := range l.Lanes {
			r := geom.Rect{X: c.X, Y: c.Y, W: c.W, H: c.H}
			if b.Overlaps(r) && (in(r.X, b.X, b.Right()) || in(r.Right(), b.X, b.Right()) || in(r.Y, b.Y, b.Bottom()) || in(r.Bottom(), b.Y, b.Bottom())) {
				n++
				break
			}
		}
	}
	return n
}

// TestLabelsClearOfContainerBorders lays out a diagram whose labels
// stand in the gutters between containers with and without the drawing
// laid out again with room for the labels left across a container's
// border (framedAgain): without it a label lies across a border, with it
// none does, and the drawing crosses no more. The same diagram with a
// component dragged keeps that room: every component moves as it does
// when no room is made.
func TestLabelsClearOfContainerBorders(t *testing.T) {
	doc := layouttest.Compile(t, "metrics-relay", metricsRelay)
	t.Cleanup(func() { tryFrameRoom = true })
	tryFrameRoom = false
	l0 := Layout(doc, layout.DefaultEnv()).Layout
	tryFrameRoom = true
	l1 := Layout(doc, layout.DefaultEnv()).Layout
	if n := framedLabels(&l0); n == 0 {
		t.Fatalf("no label across a border without the room: the diagram no longer tests it")
	}
	if n := framedLabels(&l1); n != 0 {
		t.Errorf("%d labels across a container's border with the room made, want 0 (%d without)", n, framedLabels(&l0))
	}
	if c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1); c1 > c0 {
		t.Errorf("%d crossings with the room made, %d without", c1, c0)
	}
	for _, p := range layouttest.Quality(doc, &l1) {
		t.Error(p)
	}
	moved := layouttest.Compile(t, "metrics-relay", metricsRelay+"// @layout node s2 dx=20 dy=10\n")
	l2 := Layout(moved, layout.DefaultEnv()).Layout
	tryFrameRoom = false
	l3 := Layout(moved, layout.DefaultEnv()).Layout
	at := func(l *scene.Layout, id string) scene.NodeBox {
		for _, n := range l.Nodes {
			if n.ID == id {
				return n
			}
		}
		t.Fatalf("no node %s", id)
		return scene.NodeBox{}
	}
	// Dragged, s2 moves as it does in the drawing without the room.
	for _, id := range []string{"s1", "s2", "g1"} {
		with := [2]float64{at(&l2, id).X - at(&l1, id).X, at(&l2, id).Y - at(&l1, id).Y}
		without := [2]float64{at(&l3, id).X - at(&l0, id).X, at(&l3, id).Y - at(&l0, id).Y}
		if math.Abs(with[0]-without[0]) > 0.5 || math.Abs(with[1]-without[1]) > 0.5 {
			t.Errorf("s2 dragged: %s moved by %v with the room, %v without", id, with, without)
		}
	}
	if n := framedLabels(&l2); n != 0 {
		t.Errorf("%d labels across a container's border once s2 is dragged", n)
	}
}
