package swimlane

import (
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
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
	var walk func(items []scene.Item)
	walk = func(items []scene.Item) {
		for _, it := range items {
			switch x := it.(type) {
			case *scene.Group:
				walk(x.Items)
			case *scene.Text:
				texts[strings.Join(x.Lines, " ")] = x.Lines
			}
		}
	}
	walk(Layout(doc, layout.DefaultEnv()).Items)
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
