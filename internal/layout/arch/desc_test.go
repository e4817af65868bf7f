package arch

import (
	"fmt"
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// TestComponentDrawsItsDescription: a component card (a step's, or a
// task's) with a description is taller than without and draws it in
// muted text under its label, at most compDescLines lines (the last
// ending in an ellipsis when the text is longer), with the system line
// still at the bottom, and all its text inside the card.
func TestComponentDrawsItsDescription(t *testing.T) {
	env := layout.DefaultEnv()
	th := env.Theme
	for _, shape := range []string{"rectangle", "taskbox"} {
		for _, sys := range []string{"", ` system:"PostgreSQL 16"`} {
			base := Layout(layouttest.Compile(t, "plain", "a { # A\n  n1: "+shape+" label:\"Orders DB\""+sys+"\n}\n"), env).Layout.Nodes[0]
			for _, d := range []string{"primary with one replica",
				"Stateless; scales on CPU above 70 percent, behind the load balancer with sticky sessions off and a readiness probe"} {
				name := fmt.Sprintf("%s%s %.20q", shape, sys, d)
				sc := Layout(layouttest.Compile(t, "desc", fmt.Sprintf("a { # A\n  n1: %s label:\"Orders DB\"%s description:%q\n}\n", shape, sys, d)), env)
				box := sc.Layout.Nodes[0].Box
				if box.H <= base.H {
					t.Errorf("%s: the card is %.0f px high, no more than without its description (%.0f)", name, box.H, base.H)
				}
				var texts []*scene.Text
				for _, it := range sc.Items {
					if g, ok := it.(*scene.Group); ok && g.Kind == "node" {
						for _, x := range g.Items {
							if x, ok := x.(*scene.Text); ok {
								texts = append(texts, x)
							}
						}
					}
				}
				want := 2
				if sys != "" {
					want = 3
				}
				if len(texts) != want {
					t.Fatalf("%s: %d texts in the card, want %d", name, len(texts), want)
				}
				desc := texts[1]
				if desc.Color != th.MutedText || len(desc.Lines) > compDescLines || !strings.HasPrefix(d, strings.TrimSuffix(desc.Lines[0], "…")) {
					t.Errorf("%s: the description is drawn as %q in %s", name, desc.Lines, desc.Color)
				}
				long := env.Measure.Width(d, th.SmallFontSize, false) > compDescLines*180
				if long != strings.HasSuffix(desc.Lines[len(desc.Lines)-1], "…") {
					t.Errorf("%s: long %v, lines %q", name, long, desc.Lines)
				}
				for i, x := range texts {
					if i > 0 && x.Y-x.Size <= texts[i-1].Y+float64(len(texts[i-1].Lines)-1)*texts[i-1].LineHeight {
						t.Errorf("%s: text %d (%q) overlaps the one above", name, i, x.Lines)
					}
					for j, l := range x.Lines {
						w := env.Measure.Width(l, x.Size, x.Bold)
						y := x.Y + float64(j)*x.LineHeight
						if x.X-w/2 < box.X || x.X+w/2 > box.X+box.W || y-x.Size < box.Y || y+x.Size*0.3 > box.Y+box.H {
							t.Errorf("%s: the line %q leaves the card %+v", name, l, box)
						}
					}
				}
			}
		}
	}
}

// TestQualityWithDescriptions lays out the unseen diagrams with a long
// description on every rectangle (two lines and an ellipsis, the
// tallest card there is): no rule broken.
func TestQualityWithDescriptions(t *testing.T) {
	var tally layouttest.Tally
	cards := 0
	for name, src := range layouttest.Unseen(t) {
		doc := layouttest.Compile(t, name, src)
		for _, n := range doc.Nodes {
			if n.Shape == model.Rectangle {
				n.Description = "Stateless; scales on CPU above 70 percent, behind the load balancer with sticky sessions off"
				cards++
			}
		}
		l := Layout(doc, layout.DefaultEnv()).Layout
		tally.Add(name, layouttest.Quality(doc, &l))
	}
	if tally.Failing > 0 {
		t.Errorf("rules broken with descriptions on %d cards: %v", cards, tally)
	}
	t.Logf("%d cards in %d diagrams", cards, tally.Diagrams)
}
