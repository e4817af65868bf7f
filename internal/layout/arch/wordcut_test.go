package arch

import (
	"strings"
	"testing"
	"unicode"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// TestLabelsKeepWords: a component's label breaks at spaces, then after
// / . - _ ? & and at camelCase boundaries; a word with no such break
// that fits in a card up to layout.PieceGrow times wider widens its card rather
// than being cut ("Regressionsdiskontinuitätsanalyse" was cut after
// "Regressionsdisko"); a longer one is cut inside, the card not widened;
// a card whose label breaks well stays as wide as before. Dependency
// labels follow the same rule.
func TestLabelsKeepWords(t *testing.T) {
	src := `clients { # Clients
n1: rectangle label:"https://api.example.com/v2/customers/{customerId}/orders"
n2: rectangle label:"OrderFulfillmentOrchestrationService"
n1.handle(bottom) -> services.n3.handle(top) [label="Antragsbearbeitungsergebnisse"]
n2.handle(bottom) -> services.n4.handle(top)
}
services { # Services
n3: rectangle label:"Regressionsdiskontinuitätsanalyse"
n4: taskbox label:"Geschwindigkeitsmessungen prüfen|Radar"
n5: rectangle label:"Rechtschreibprüfungswörterbuchaktualisierung"
n3.handle(right) -> n5.handle(left)
n4.handle(right) -> n5.handle(left)
}
`
	doc := layouttest.Compile(t, "wordcut", src)
	sc := Layout(doc, layout.DefaultEnv())
	if ps := layouttest.Quality(doc, &sc.Layout); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
	lines := layouttest.TextLines(sc)
	width := map[string]float64{}
	for _, n := range sc.Layout.Nodes {
		width[n.ID] = n.W
	}
	// cutInside reports whether lines, text wrapped, break it between
	// two letters or digits that are not a camelCase boundary.
	cutInside := func(text string, ls []string) bool {
		word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
		rest := text
		for i := 0; i+1 < len(ls); i++ {
			if strings.HasSuffix(ls[i], "-") && !strings.HasPrefix(rest, ls[i]) {
				return true // a hyphen added where the word was cut
			}
			rest = strings.TrimPrefix(rest, ls[i])
			if strings.HasPrefix(rest, " ") {
				rest = rest[1:]
				continue
			}
			a, b := []rune(ls[i]), []rune(rest)
			la, fb := a[len(a)-1], b[0]
			if word(la) && word(fb) && !(unicode.IsLower(la) && unicode.IsUpper(fb)) {
				return true
			}
		}
		return false
	}
	text := map[string]string{"e1": "Antragsbearbeitungsergebnisse"}
	for _, n := range doc.Nodes {
		text[n.ID] = n.Title()
	}
	for _, id := range []string{"n1", "n2", "n3", "n4", "e1"} {
		if len(lines[id]) == 0 {
			t.Errorf("no text for %s", id)
		}
		if cutInside(text[id], lines[id]) {
			t.Errorf("%s cut inside a word: %q", id, strings.Join(lines[id], " | "))
		}
	}
	if !cutInside(text["n5"], lines["n5"]) {
		t.Errorf("n5 (316 px, over the bound) not cut: %q", lines["n5"])
	} else if !strings.HasSuffix(lines["n5"][0], "-") {
		t.Errorf("n5 cut inside a word without a hyphen: %q", lines["n5"])
	}
	for _, id := range []string{"n1", "n2", "n5"} {
		if width[id] > 180+32 {
			t.Errorf("%s is %g px wide, more than the usual 212", id, width[id])
		}
	}
	for _, id := range []string{"n3", "n4"} {
		if width[id] <= 180+32 || width[id] > 180*layout.PieceGrow+32 {
			t.Errorf("%s is %g px wide: want between 212 and %g", id, width[id], 180*layout.PieceGrow+32)
		}
	}
}

// TestStretchedCardRewraps: a lone component in a container that its
// column stretches (the container under it is wider) is drawn as wide as
// the container allows; its label, wrapped at the card's own width, is
// wrapped again to the card as drawn: one line in a card that has the
// room, never more lines than measured, every line inside the card.
func TestStretchedCardRewraps(t *testing.T) {
	src := `orders { # Order service
  n1: rectangle label:"Create order"
  n1.handle(right) -> stock.n2.handle(left) [label="reserve"]
  n1.handle(right) -> pay.n3.handle(left) [label="charge"]
}
stock { # Inventory service
  n2: rectangle label:"Reserve each line for 10 minutes"
}
pay { # Payment service
  n3: rectangle label:"Charge through the acquirer"
  n4: diamond label:"Approved?"
  n3.handle(right) -> n4.handle(left)
}`
	doc := layouttest.Compile(t, "stretched", src)
	env := layout.DefaultEnv()
	sc := Layout(doc, env)
	var card scene.NodeBox
	for _, n := range sc.Layout.Nodes {
		if n.ID == "n2" {
			card = n
		}
	}
	measured := env.Block(doc.Nodes[1].Label, env.Theme.FontSize, false, env.PieceWidth(doc.Nodes[1].Label, env.Theme.FontSize, false, 180))
	if len(measured.Lines) < 2 || card.W < measured.W+32+60 {
		t.Fatalf("the case needs a card stretched past a label of two lines: card %.0f px, label %d lines %.0f px", card.W, len(measured.Lines), measured.W)
	}
	lines := layouttest.TextLines(sc)["n2"]
	if len(lines) != 1 {
		t.Errorf("the stretched card (%.0f px) draws its label in %d lines %q; want one", card.W, len(lines), lines)
	}
	for _, l := range lines {
		if w := env.Measure.Width(l, env.Theme.FontSize, false); w > card.W-32 {
			t.Errorf("line %q is %.0f px, wider than the card's %.0f px of room", l, w, card.W-32)
		}
	}
}
