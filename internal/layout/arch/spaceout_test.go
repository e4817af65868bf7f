package arch

import (
	"math"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// TestSpaceOutNeverWorse lays out the quality corpus with and without
// spaceOut and checks that no diagram gets a crossing, a shared run or a
// run-on more by it, nor more close parallel routes, that every quality
// rule still holds, and that it spaces out many of the parallel routes
// that ran closer than spaceTarget (5,702 pairs on the corpus before it,
// 3,324 after; most of the rest lie in gaps too narrow to spread, or are
// stubs, which keep their ports).
func TestSpaceOutNeverWorse(t *testing.T) {
	names, corpus := sortedCorpus(t)
	t.Cleanup(func() { spaceRoutes = true })
	var close [2]int
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		if len(doc.Edges) > polishMax {
			continue
		}
		var c, r, o, n [2]int
		for k, on := range []bool{false, true} {
			spaceRoutes = on
			l := Layout(doc, layout.DefaultEnv()).Layout
			c[k], r[k], o[k], n[k] = layouttest.Crossings(&l), layouttest.SharedRuns(&l), layouttest.RunOns(&l, continueGap), closeParallels(&l)
			close[k] += n[k]
			if on {
				for _, p := range layouttest.Quality(doc, &l) {
					t.Errorf("%s, spaced out: %s", name, p)
				}
			}
		}
		if c[1] > c[0] || r[1] > r[0] || o[1] > o[0] {
			t.Errorf("%s: %d crossings, %d shared runs and %d run-ons spaced out, %d, %d and %d not", name, c[1], r[1], o[1], c[0], r[0], o[0])
		}
		if n[1] > n[0] {
			t.Errorf("%s: %d pairs of close parallel routes spaced out, %d not", name, n[1], n[0])
		}
	}
	t.Logf("pairs of parallel routes closer than %v px: %d → %d", spaceTarget, close[0], close[1])
	if 10*close[1] > 7*close[0] {
		t.Errorf("spaceOut spaced out too few close parallel routes: %d → %d", close[0], close[1])
	}
}

// The gateway's three routes down the gutter left of the chat service ran
// 6 and 7 px apart, read as one line, with room to spare on both sides.
func TestSpaceOutGutter(t *testing.T) {
	const chat = `app { # Mobile App
  n1: rectangle label:"Send message"
  n2: rectangle label:"Show delivered"
  n3: rectangle label:"Show retry banner"
  n1.handle(right) -> gw.n4.handle(left) [label="POST /messages"]
  n3.handle(top) -> n1.handle(bottom) [label="Tap retry"]
}
gw { # Gateway
  n4: rectangle label:"Authenticate token"
  n5: diamond label:"Rate limited?"
  n4.handle(right) -> n5.handle(left)
  n5.handle(top) -> app.n3.handle(bottom) [label="429 Too Many Requests"]
  n5.handle(right) -> chat.n6.handle(left) [label="forward"]
}
chat { # Chat Service
  n6: rectangle label:"Persist message"
  n7: rectangle label:"Fan out to members"
  n6.handle(right) -> n7.handle(left)
  n6.handle(bottom) -> store.n8.handle(top) [label="INSERT"]
  n7.handle(bottom) -> push.n9.handle(top) [label="per offline member"]
  n7.handle(top) -> app.n2.handle(bottom) [label="ack via websocket"]
}
store { # Database
  n8: rectangle label:"messages table"
  n8.handle(right) -> chat.n6.handle(bottom) [label="row id"]
}
push { # Push Service
  n9: rectangle label:"Send APNs / FCM"
  n10: diamond label:"Delivered?"
  n9.handle(right) -> n10.handle(left)
  n10.handle(top) -> n9.handle(top) [label="retry 3 times"]
  n10.handle(right) -> app.n2.handle(right) [label="delivery receipt"]
}
`
	doc := layouttest.Compile(t, "chat.fz", chat)
	t.Cleanup(func() { spaceRoutes = true })
	var n [2]int
	for k, on := range []bool{false, true} {
		spaceRoutes = on
		l := Layout(doc, layout.DefaultEnv()).Layout
		n[k] = closeParallels(&l)
		for _, p := range layouttest.Quality(doc, &l) {
			t.Errorf("spaced out %v: %s", on, p)
		}
	}
	if n[0] == 0 || n[1] > n[0]/2 {
		t.Errorf("pairs of parallel routes closer than %v px: %d without spaceOut, %d with; want some, halved", spaceTarget, n[0], n[1])
	}
}

// closeParallels counts the pairs of segments of different routes that
// run parallel, overlapping, more than half a pixel and less than
// spaceTarget apart.
func closeParallels(l *scene.Layout) int {
	n := 0
	for i, e := range l.Edges {
		for j := i + 1; j < len(l.Edges); j++ {
			f := l.Edges[j]
			for a := 0; a+1 < len(e.Points); a++ {
				for b := 0; b+1 < len(f.Points); b++ {
					p, q, u, v := e.Points[a], e.Points[a+1], f.Points[b], f.Points[b+1]
					var g, lo, hi float64
					switch {
					case p[0] == q[0] && u[0] == v[0] && p[1] != q[1] && u[1] != v[1]:
						g = math.Abs(p[0] - u[0])
						lo = math.Max(math.Min(p[1], q[1]), math.Min(u[1], v[1]))
						hi = math.Min(math.Max(p[1], q[1]), math.Max(u[1], v[1]))
					case p[1] == q[1] && u[1] == v[1] && p[0] != q[0] && u[0] != v[0]:
						g = math.Abs(p[1] - u[1])
						lo = math.Max(math.Min(p[0], q[0]), math.Min(u[0], v[0]))
						hi = math.Min(math.Max(p[0], q[0]), math.Max(u[0], v[0]))
					default:
						continue
					}
					if hi > lo && g > 0.5 && g < spaceTarget-0.5 {
						n++
					}
				}
			}
		}
	}
	return n
}

// withoutSpaceOut turns spaceOut off for the rest of the test: tests that
// compare another stage on and off compare it on the routes as laid,
// which spacing out would move differently in each.
func withoutSpaceOut(t *testing.T) {
	spaceRoutes = false
	t.Cleanup(func() { spaceRoutes = true })
}
