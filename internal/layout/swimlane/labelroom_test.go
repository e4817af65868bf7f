package swimlane

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/testgen"
)

// TestGeneratedSeedsKeepRules: generated diagrams beyond the corpus that
// once broke a rule. In random-approval 9091 the three lines of "No, send
// back to the requester with comments", on its run back through the row
// of "Step 3", hung 1.2 px over the route along the gap under the row
// ("escalate to finance director"), with the route into the row above
// them: no spot was free, and the rounds that make room only widened the
// gap above the row. A label still blocked after a round widens the gap
// that the route through it runs in (makeRoom, widenUnderLabel).
// random-hub 2031 had a label crossed by another edge until further
// layouts with fewer crossed labels were kept.
func TestGeneratedSeedsKeepRules(t *testing.T) {
	for _, c := range []struct {
		name string
		src  string
	}{
		{"random-approval 9091", testgen.RandomApproval(9091)},
		{"random-hub 2031", testgen.RandomHub(2031)},
	} {
		doc := layouttest.Compile(t, c.name, c.src)
		for _, fresh := range []bool{false, true} {
			env := layout.DefaultEnv()
			env.Fresh = fresh
			l := Layout(doc, env).Layout
			for _, p := range layouttest.Quality(doc, &l) {
				t.Errorf("%s: %s", c.name, p)
			}
		}
	}
}

// TestLongLabelHubKeepsRules lays out a generated hub where a long label
// ("/var/log/app/current.log") runs up beside another route: it keeps
// every rule, also when the layout is served from the memo. (It once
// needed the label wrapped narrower, narrowBlocked; since the ports of a
// column of targets nest, it finds a spot at its usual width. The
// narrowing's own contract is TestNarrowBlockedKeepsWhatHelps.)
func TestLongLabelHubKeepsRules(t *testing.T) {
	doc := layouttest.Compile(t, "random-hub 80167", testgen.RandomHub(80167))
	for _, fresh := range []bool{true, false, false} { // laid out, remembered, served from the memo
		env := layout.DefaultEnv()
		env.Fresh = fresh
		l := Layout(doc, env).Layout
		for _, p := range layouttest.Quality(doc, &l) {
			t.Errorf("fresh %v: %s", fresh, p)
		}
	}
}

// TestBundledLabelLeavesTheRow: three edges written between the same
// sides of two nodes of one row, each with a label of two or three lines.
// The outer labels sit outside the bundle; the middle one, between two
// edges a port step apart, has no spot its neighbours do not cross, and
// widening the gaps does not move them apart. After a round that widened
// the gap above the row for it, its edge leaves the bundle along the
// gutter above or below the row (makeRoom, detourRoutes), where its label
// sits clear. Before, the label stayed crossed and the rounds grew the
// lane and the gap between the columns by hundreds of pixels.
func TestBundledLabelLeavesTheRow(t *testing.T) {
	src := `api { # API
  n1: rectangle label:"Orders service"
  n2: rectangle label:"Inventory service"
  n3: circle label:"Done"
  n1.handle(right) -> n2.handle(left) [label="GET /api/v2/stock/{sku}?warehouse=all"]
  n1.handle(right) -> n2.handle(left) [label="POST /api/v2/reservations with the order lines"]
  n1.handle(right) -> n2.handle(left) [label="DELETE /api/v2/reservations/{id}"]
  n2.handle(right) -> n3.handle(left)
}
`
	doc := layouttest.Compile(t, "bundle", src)
	for _, fresh := range []bool{true, false, false} { // laid out, remembered, served from the memo
		env := layout.DefaultEnv()
		env.Fresh = fresh
		sc := Layout(doc, env)
		l := sc.Layout
		for _, p := range layouttest.Quality(doc, &l) {
			t.Errorf("fresh %v: %s", fresh, p)
		}
		left := 0 // routes that leave the row of their ports
		for _, e := range l.Edges {
			if e.ID == "e4" {
				continue
			}
			for _, p := range e.Points {
				if p[1] != e.Points[0][1] && p[1] != e.Points[len(e.Points)-1][1] {
					left++
					break
				}
			}
		}
		if left == 0 {
			t.Errorf("fresh %v: every route of the bundle stays in the row", fresh)
		}
		if l.Width > 1400 {
			t.Errorf("fresh %v: the drawing is %.0f px wide: the gaps grew for a label that no gap frees", fresh, l.Width)
		}
	}
}
