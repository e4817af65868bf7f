package arch

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// TestStubsFaceNoStub: on the quality corpus (diagrams polish reaches, up
// to polishMax dependencies), no route's first or last segment points, on
// the same line, at another route's end segment pointing back from a
// port less than stubGap away. Two components stacked 22 px apart, the
// upper one's route leaving down and another route entering the lower
// one from above at the same x, drew two 7 px stubs on one line: one
// route between the two components, to the eye (32 such pairs before).
func TestStubsFaceNoStub(t *testing.T) {
	bad := 0
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		if len(doc.Edges) > polishMax {
			continue
		}
		for _, f := range facingStubs(Layout(doc, layout.DefaultEnv()).Layout) {
			bad++
			t.Logf("%s: %s", name, f)
		}
	}
	// order-events-hub and arch-edge-cdn kept one pair each until polish
	// kept the moved ports alone when a label found no place on the
	// straightened routes.
	if bad > 0 {
		t.Errorf("%d pairs of facing stubs, want none", bad)
	}
}

// TestStubsFaceNoStubGenerated: a hub feeds k components stacked in one
// container through their tops, and each feeds a store through its
// bottom; no two stubs face each other between the stacked components.
func TestStubsFaceNoStubGenerated(t *testing.T) {
	words := []string{"Open", "Deposit", "Withdraw", "Transfer", "Freeze", "Close", "Limit", "Rename"}
	for k := 2; k <= 8; k++ {
		for labelled := 0; labelled < 2; labelled++ {
			var b strings.Builder
			b.WriteString("api { # API\nn1: rectangle label:\"Bus\"\n")
			for i := 0; i < k; i++ {
				lab := ""
				if labelled == 1 {
					lab = fmt.Sprintf(" [label=%q]", words[i])
				}
				fmt.Fprintf(&b, "n1.handle(bottom) -> h.n%d.handle(top)%s\n", i+2, lab)
			}
			b.WriteString("}\nh { # Handlers\n")
			for i := 0; i < k; i++ {
				fmt.Fprintf(&b, "n%d: rectangle label:\"%s handler\"\nn%d.handle(bottom) -> s.n%d.handle(top)\n", i+2, words[i], i+2, k+2)
			}
			fmt.Fprintf(&b, "}\ns { # Store\nn%d: rectangle label:\"Event stream\"\n}\n", k+2)
			l := Layout(layouttest.Compile(t, "gen", b.String()), layout.DefaultEnv()).Layout
			for _, f := range facingStubs(l) {
				t.Errorf("%d handlers (labelled %d): %s", k, labelled, f)
			}
		}
	}
}

// facingStubs lists the pairs of route ends (first or last segments) of
// different routes that point at each other on one line from ports less
// than stubGap apart.
func facingStubs(l scene.Layout) []string {
	type end struct {
		edge       string
		port, tip  [2]float64
		dirX, dirY int
	}
	var out []string
	var ends []end
	{
		for _, e := range l.Edges {
			n := len(e.Points)
			if n < 2 {
				continue
			}
			for _, pq := range [][2][2]float64{{e.Points[0], e.Points[1]}, {e.Points[n-1], e.Points[n-2]}} {
				p, q := pq[0], pq[1]
				ends = append(ends, end{e.ID, p, q, sign(q[0] - p[0]), sign(q[1] - p[1])})
			}
		}
		for _, a := range ends {
			for _, b := range ends {
				if a.edge == b.edge || b.dirX != -a.dirX || b.dirY != -a.dirY {
					continue
				}
				dx, dy := b.port[0]-a.port[0], b.port[1]-a.port[1]
				facing := a.dirX == 0 && math.Abs(dx) < 1.5 && dy*float64(a.dirY) > 0 && math.Abs(dy) < stubGap ||
					a.dirY == 0 && math.Abs(dy) < 1.5 && dx*float64(a.dirX) > 0 && math.Abs(dx) < stubGap
				if facing && a.edge < b.edge {
					out = append(out, fmt.Sprintf("the stubs of %s and %s point at each other on one line, ports %v and %v", a.edge, b.edge, a.port, b.port))
				}
			}
		}
	}
	return out
}
