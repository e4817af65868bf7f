package swimlane

import (
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestNodeTextKeepsWords: a word that the text of its shape cannot hold
// at the usual width ("Acknowledged" in a decision, a compound noun in a
// rectangle or a lane's title, a long word in a circle or a taskbox's
// title) widens the text and the shape (or the title column) to hold it
// whole, up to the limit; a word wider than that is still cut, with a
// hyphen. An edge's label holds a word up to 1.4 times its usual width
// whole. Every quality rule holds.
func TestNodeTextKeepsWords(t *testing.T) {
	src := `ops { # Kreditantragsbearbeitung
n1: circle label:"Unacknowledged"
n2: rectangle label:"Kreditwürdigkeitsprüfung starten"
n3: diamond label:"Acknowledged within 5 min?"
n4: taskbox label:"Vertragsunterlagen prüfen|Scan"
n5: rectangle label:"Rechtschreibprüfungswörterbuchaktualisierungsverfahren"
n1.handle(right) -> n2.handle(left)
n2.handle(right) -> n3.handle(left)
n3.handle(right) -> n4.handle(left) [label="Yes"]
n3.handle(bottom) -> n5.handle(top) [label="No"]
n4.handle(right) -> n6.handle(left) [label="Zahlungsbestätigungsanfrage"]
n6: circle label:"Done"
}
`
	doc := layouttest.Compile(t, "wordcut", src)
	sc := Layout(doc, layout.DefaultEnv())
	if ps := layouttest.Quality(doc, &sc.Layout); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
	lines := layouttest.TextLines(sc)
	whole := func(id, word string) bool {
		for _, l := range lines[id] {
			if strings.Contains(l, word) {
				return true
			}
		}
		return false
	}
	for id, word := range map[string]string{"ops": "Kreditantragsbearbeitung", "n1": "Unacknowledged", "n2": "Kreditwürdigkeitsprüfung", "n3": "Acknowledged", "n4": "Vertragsunterlagen", "e5": "Zahlungsbestätigungsanfrage"} {
		if !whole(id, word) {
			t.Errorf("%s: %q cut: %q", id, word, lines[id])
		}
	}
	if whole("n5", "Rechtschreibprüfungswörterbuchaktualisierungsverfahren") {
		t.Errorf("n5: a word wider than the limit kept whole: %q", lines["n5"])
	}
	// Cut inside, each piece but the last ends with a hyphen.
	for i, l := range lines["n5"][:max(len(lines["n5"])-1, 0)] {
		if !strings.HasSuffix(l, "-") {
			t.Errorf("n5: line %d of %q cut inside the word without a hyphen", i, lines["n5"])
		}
	}
}
