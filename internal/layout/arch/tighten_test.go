package arch

import (
	"math"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// TestTightenNeverWorse lays out the quality corpus with and without
// tightenFinal and checks that no diagram gets a crossing, a shared run
// or a longer route in all by it, that every quality rule still holds,
// and that it shortens the routes of the corpus in all.
func TestTightenNeverWorse(t *testing.T) {
	defer func() { tightenRoutes = true }()
	names, corpus := sortedCorpus(t)
	var total [2]float64
	changed := 0
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		if len(doc.Edges) > 400 {
			continue
		}
		var c, r [2]int
		var length [2]float64
		for k, on := range []bool{false, true} {
			tightenRoutes = on
			l := Layout(doc, layout.DefaultEnv()).Layout
			c[k], r[k], length[k] = layouttest.Crossings(&l), layouttest.SharedRuns(&l), routesLength(&l)
			total[k] += length[k]
			if on {
				for _, p := range layouttest.Quality(doc, &l) {
					t.Errorf("%s, tightened: %s", name, p)
				}
			}
		}
		if c[1] > c[0] || r[1] > r[0] {
			t.Errorf("%s: %d crossings and %d shared runs tightened, %d and %d not", name, c[1], r[1], c[0], r[0])
		}
		if length[1] > length[0]+0.5 {
			t.Errorf("%s: routes %.0f px long tightened, %.0f px not", name, length[1], length[0])
		}
		if length[1] < length[0]-0.5 {
			changed++
		}
	}
	t.Logf("%d diagrams tightened; routes %.0f → %.0f px", changed, total[0], total[1])
	if total[1] > 0.98*total[0] {
		t.Errorf("tightening shortened the routes too little: %.0f → %.0f px", total[0], total[1])
	}
}

// withoutTighten turns tightenFinal off for the rest of the test: tests
// that compare another stage on and off compare it on the routes as
// laid, which tightening would move differently in each.
func withoutTighten(t *testing.T) {
	tightenRoutes = false
	t.Cleanup(func() { tightenRoutes = true })
}

// routesLength is the length of every route of l.
func routesLength(l *scene.Layout) float64 {
	n := 0.0
	for _, e := range l.Edges {
		for i := 1; i < len(e.Points); i++ {
			n += math.Abs(e.Points[i][0]-e.Points[i-1][0]) + math.Abs(e.Points[i][1]-e.Points[i-1][1])
		}
	}
	return n
}

// TestDetourHugsWhatItPasses: a route from a CDN down to origin storage
// two tiers below passes beside the services tier between them, not along
// the far edge of the drawing, and a route back up from the data tier
// keeps near the containers it goes round.
func TestDetourHugsWhatItPasses(t *testing.T) {
	doc := layouttest.Compile(t, "streaming", streamingTiers)
	l := Layout(doc, layout.DefaultEnv()).Layout
	box := l.Lanes[0].Box
	minX, minY, maxX, maxY := box.X, box.Y, box.X+box.W, box.Y+box.H
	for _, c := range l.Lanes[1:] {
		minX, minY = math.Min(minX, c.Box.X), math.Min(minY, c.Box.Y)
		maxX, maxY = math.Max(maxX, c.Box.X+c.Box.W), math.Max(maxY, c.Box.Y+c.Box.H)
	}
	for _, e := range l.Edges {
		for _, p := range e.Points {
			if out := math.Max(math.Max(minX-p[0], p[0]-maxX), math.Max(minY-p[1], p[1]-maxY)); out > 3*trackStep {
				t.Errorf("edge %s→%s runs %.0f px outside the containers at (%.0f, %.0f): %v", e.From, e.To, out, p[0], p[1], e.Points)
				break
			}
		}
	}
	for _, p := range layouttest.Quality(doc, &l) {
		t.Error(p)
	}
}

const streamingTiers = `clients { # Clients
  n1: rectangle label:"Smart TV app"
  n2: rectangle label:"Mobile app"
  n3: rectangle label:"Web player"
  n1.handle(bottom) -> edge.n4.handle(top) [label="HLS manifests"]
  n2.handle(bottom) -> edge.n4.handle(top) [label="HLS manifests"]
  n3.handle(bottom) -> edge.n4.handle(top) [label="DASH manifests"]
  n1.handle(bottom) -> edge.n5.handle(top) [label="REST / JSON"]
  n2.handle(bottom) -> edge.n5.handle(top) [label="REST / JSON"]
  n3.handle(bottom) -> edge.n5.handle(top) [label="REST / JSON"]
}
edge { # Edge
  n4: rectangle label:"CDN"
  n5: rectangle label:"API gateway"
  n4.handle(bottom) -> media.n9.handle(top) [label="Cache miss: fetch segment"]
  n5.handle(bottom) -> services.n6.handle(top) [label="/catalog"]
  n5.handle(bottom) -> services.n7.handle(top) [label="/playback"]
  n5.handle(bottom) -> services.n8.handle(top) [label="/profiles"]
}
services { # Services
  n6: rectangle label:"Catalog service"
  n7: rectangle label:"Playback service"
  n8: rectangle label:"Profile service"
  n7.handle(right) -> n8.handle(left) [label="Entitlement check (gRPC)"]
  n7.handle(bottom) -> media.n10.handle(top) [label="DRM licence request"]
  n6.handle(bottom) -> data.n11.handle(top) [label="SQL"]
  n8.handle(bottom) -> data.n12.handle(top) [label="Key-value reads"]
  n7.handle(bottom) -> data.n13.handle(top) [label="Viewing events"]
}
media { # Media
  n9: rectangle label:"Origin storage"
  n10: rectangle label:"DRM licence server"
  n14: rectangle label:"Transcoding farm"
  n14.handle(left) -> n9.handle(right) [label="Renditions 240p to 4K"]
}
data { # Data
  n11: rectangle label:"PostgreSQL catalogue"
  n12: rectangle label:"Redis profiles"
  n13: rectangle label:"Kafka viewing events"
  n15: rectangle label:"Recommendations model"
  n13.handle(right) -> n15.handle(left) [label="Stream"]
  n15.handle(top) -> services.n6.handle(right) [label="Rows per profile"]
}
`
