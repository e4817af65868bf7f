package swimlane

import (
	"math"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// diamondPortsAstray returns the ends on a diamond's side of one end, or
// of two going to two nodes, which lie more than halfway along an edge
// of the diamond from that side's corner, toward the next corner: drawn
// there, the route reads as leaving (or entering) that next corner. (A
// pair of edges to and from one node keeps the whole side: node.face.)
func diamondPortsAstray(l *scene.Layout) []string {
	nodes := map[string]scene.NodeBox{}
	for _, n := range l.Nodes {
		nodes[n.ID] = n
	}
	type face struct{ node, side string }
	others := map[face][]string{}
	for _, e := range l.Edges {
		others[face{e.From, e.FromSide}] = append(others[face{e.From, e.FromSide}], e.To)
		others[face{e.To, e.ToSide}] = append(others[face{e.To, e.ToSide}], e.From)
	}
	var out []string
	for _, e := range l.Edges {
		if len(e.Points) < 2 {
			continue
		}
		for _, end := range []struct {
			node, side string
			at         [2]float64
		}{{e.From, e.FromSide, e.Points[0]}, {e.To, e.ToSide, e.Points[len(e.Points)-1]}} {
			n := nodes[end.node]
			o := others[face{end.node, end.side}]
			if n.Shape != "diamond" || len(o) > 2 || len(o) == 2 && o[0] == o[1] {
				continue
			}
			off, half := math.Abs(end.at[0]-(n.X+n.W/2)), n.W/2
			if end.side == "left" || end.side == "right" {
				off, half = math.Abs(end.at[1]-(n.Y+n.H/2)), n.H/2
			}
			if off > half/2+0.5 {
				out = append(out, e.From+" -> "+e.To+" at "+end.node+"'s "+end.side)
			}
		}
	}
	return out
}

// TestDiamondPortsNearTheirCorner: an underwriting decision, "Approve?",
// has the edge from the referral coming into its left corner and
// "Rework" written out of its left too. Spread over the whole side, as a
// rectangle's ports are, "Rework" left 7 px below the top corner and
// read as leaving the top, beside "Approved with conditions". On the
// quality corpus no end on a diamond's side of one or two ends now lies
// more than halfway toward the next corner (70 of 1,315 did on the
// unseen set and the templates, most of them such pairs).
func TestDiamondPortsNearTheirCorner(t *testing.T) {
	src := layouttest.Unseen(t)["unseen wf-underwriting.fz"]
	doc := layouttest.Compile(t, "wf-underwriting", src)
	l := Layout(doc, layout.DefaultEnv()).Layout
	if a := diamondPortsAstray(&l); len(a) > 0 {
		t.Errorf("wf-underwriting: %v", a)
	}
	names, corpus := smallCorpus(t)
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		l := Layout(doc, layout.DefaultEnv()).Layout
		for _, a := range diamondPortsAstray(&l) {
			t.Errorf("%s: %s lies more than halfway toward the next corner", name, a)
		}
	}
}
