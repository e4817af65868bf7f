package swimlane

import (
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestTextBalanced: a node's text and an edge's label that wrap at
// spaces are drawn in even lines, not with their last word alone
// (textmeasure's TestWrapBalanced checks text cut inside a word keeps
// the usual cut).
func TestTextBalanced(t *testing.T) {
	doc := layouttest.Compile(t, "balanced", `kiosk { # Kiosk
  n1: rectangle label:"Offer an upgrade for a fee"
  n2: rectangle label:"Text the guest when the room is ready"
  n3: circle label:"Arrives at the kiosk"
  n1.handle(right) -> n2.handle(left) [label="Declined: wait in the lobby"]
  n2.handle(right) -> n3.handle(left) [label="Kreditantragsbearbeitungsnummer"]
}
`)
	texts := map[string][]string{}
	for _, lines := range layouttest.TextLines(Layout(doc, layout.DefaultEnv())) {
		texts[strings.Join(lines, " ")] = lines
	}
	for text, want := range map[string]string{
		"Offer an upgrade for a fee":            "Offer an upgrade | for a fee",
		"Text the guest when the room is ready": "Text the guest when | the room is ready",
		"Arrives at the kiosk":                  "Arrives at | the kiosk",
		"Declined: wait in the lobby":           "Declined: wait | in the lobby",
	} {
		lines, ok := texts[text]
		if !ok {
			t.Errorf("%q is not drawn on lines broken at spaces (drawn: %q)", text, texts)
			continue
		}
		if got := strings.Join(lines, " | "); got != want {
			t.Errorf("%q drawn as %q, want %q", text, got, want)
		}
	}
}

// TestCircleTextRound: a circle's label is wrapped at the width that
// takes the smallest circle, so that two short words on one line ("Phone
// order") make no larger a circle than two on two lines ("Dine-in
// tablet"); a word is never cut for it ("Delivered").
func TestCircleTextRound(t *testing.T) {
	s := newState(layouttest.Compile(t, "circles", `channels { # Channels
  n1: circle label:"Dine-in tablet"
  n2: circle label:"Phone order"
  n3: circle label:"Delivered"
  n4: circle label:"Counter till"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n4.handle(left)
}
`), layout.DefaultEnv())
	s.sizeNodes()
	by := map[string]*node{}
	for _, n := range s.nodes {
		by[n.m.Label] = n
	}
	if a, b := by["Phone order"].w, by["Dine-in tablet"].w; a > b {
		t.Errorf("\"Phone order\" is drawn in a circle %.0f px wide, \"Dine-in tablet\" in one %.0f px wide", a, b)
	}
	if got := strings.Join(by["Phone order"].text.Lines, " | "); got != "Phone | order" {
		t.Errorf("\"Phone order\" drawn as %q, want \"Phone | order\"", got)
	}
	if got := by["Delivered"].text.Lines; len(got) != 1 {
		t.Errorf("\"Delivered\" drawn as %q, want it whole on one line", got)
	}
	for _, n := range s.nodes {
		if d := circleDiameter(n.text); n.w != d || n.h != d {
			t.Errorf("%q: circle %v x %v, its text needs %v", n.m.Label, n.w, n.h, d)
		}
	}
}
