package swimlane

import (
	"fmt"
	"strings"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// taskboxDescriptions are descriptions of every length and script: one
// word, a sentence, a paragraph, a URL without spaces, Chinese without
// spaces, emoji with joiners.
var taskboxDescriptions = []string{
	"Short",
	"Charges the saved card; retries twice on soft declines.",
	"A refund above 500 EUR needs a second reviewer from finance, who checks the receipt against the ledger, the customer's history and any open disputes before approving it.",
	"https://example.com/very/long/path/without/any/spaces/that/must/break/somewhere/else/entirely/and/keep/going/on",
	"每月底核对所有交易记录与银行对账单，发现差异时立即通知财务主管并记录在案，以便审计人员后续查阅和追踪处理结果。",
	"👩‍👩‍👧 family plan 👩‍👩‍👧 family plan 👩‍👩‍👧 family plan 👩‍👩‍👧 family plan 👩‍👩‍👧 family plan 👩‍👩‍👧 family plan",
}

// nodeGroup returns the scene group of node id.
func nodeGroup(t *testing.T, sc *scene.Scene, id string) *scene.Group {
	t.Helper()
	for _, it := range sc.Items {
		if g, ok := it.(*scene.Group); ok && g.Kind == "node" && g.ID == id {
			return g
		}
	}
	t.Fatalf("no node %s in the scene", id)
	return nil
}

// TestTaskboxDrawsItsDescription: a taskbox with a description is taller
// than the same taskbox without, draws the description in muted text
// under its title and items, at most taskDescLines lines (the last
// ending in an ellipsis when the text is longer), and every line of its
// text stays inside its box. A rectangle does not draw its description.
func TestTaskboxDrawsItsDescription(t *testing.T) {
	env := layout.DefaultEnv()
	th := env.Theme
	for _, label := range []string{"Charge card", "Review refund|Check receipt|Verify amount"} {
		for _, meta := range []string{"", ` owner:"Payments team" system:"Stripe"`} {
			plain := fmt.Sprintf("a { # A\n  n1: taskbox label:%q%s\n}\n", label, meta)
			base := Layout(layouttest.Compile(t, "plain", plain), env).Layout.Nodes[0]
			for _, d := range taskboxDescriptions {
				src := fmt.Sprintf("a { # A\n  n1: taskbox label:%q%s description:%q\n}\n", label, meta, d)
				name := fmt.Sprintf("%q%s %.20q", label, meta, d)
				doc := layouttest.Compile(t, "desc", src)
				d := doc.Nodes[0].Description // as read (emoji are left out)
				sc := Layout(doc, env)
				box := sc.Layout.Nodes[0].Box
				if box.H <= base.H {
					t.Errorf("%s: the taskbox is %.0f px high, no more than without its description (%.0f)", name, box.H, base.H)
				}
				r := geom.Rect{X: box.X, Y: box.Y, W: box.W, H: box.H}
				var desc *scene.Text
				var texts []*scene.Text
				for _, it := range nodeGroup(t, sc, "n1").Items {
					if x, ok := it.(*scene.Text); ok {
						texts = append(texts, x)
						if strings.HasPrefix(d, strings.TrimSuffix(x.Lines[0], "…")) {
							desc = x
						}
					}
				}
				if desc == nil {
					t.Errorf("%s: the description is not drawn", name)
					continue
				}
				if desc.Color != th.MutedText || desc.Size != th.SmallFontSize {
					t.Errorf("%s: the description is drawn in %s at %.0f px, want muted text at %.0f", name, desc.Color, desc.Size, th.SmallFontSize)
				}
				if texts[len(texts)-1] != desc && meta == "" || meta != "" && texts[len(texts)-2] != desc {
					t.Errorf("%s: the description is not under the title and items (before the owner line)", name)
				}
				if n := len(desc.Lines); n > taskDescLines {
					t.Errorf("%s: the description takes %d lines, want at most %d", name, n, taskDescLines)
				}
				joined := strings.Join(desc.Lines, "")
				long := env.Measure.Width(d, th.SmallFontSize, false) > 3*taskTextW
				if long != strings.HasSuffix(joined, "…") {
					t.Errorf("%s: an ellipsis is %v, the text is long %v: %q", name, !long, long, desc.Lines)
				}
				for _, x := range texts {
					for i, l := range x.Lines {
						w := env.Measure.Width(l, x.Size, x.Bold)
						top := x.Y + float64(i)*x.LineHeight - x.Size // a line's ascent is under its size
						bottom := x.Y + float64(i)*x.LineHeight + x.Size*0.3
						if x.X < r.X || x.X+w > r.Right() || top < r.Y || bottom > r.Bottom() {
							t.Errorf("%s: the line %q (%.0f,%.0f %.0f wide) leaves the box %v", name, l, x.X, x.Y, w, r)
						}
					}
				}
			}
		}
	}
	// A rectangle keeps its size and draws its label alone.
	for _, d := range taskboxDescriptions {
		src := fmt.Sprintf("a { # A\n  n1: rectangle label:\"Archive\" description:%q\n}\n", d)
		sc := Layout(layouttest.Compile(t, "rect", src), env)
		n := 0
		for _, it := range nodeGroup(t, sc, "n1").Items {
			if _, ok := it.(*scene.Text); ok {
				n++
			}
		}
		if h := sc.Layout.Nodes[0].H; h != rectMinH || n != 1 {
			t.Errorf("%.20q: a rectangle with a description is %.0f px high with %d texts, want %.0f and 1", d, h, n, rectMinH)
		}
	}
}

// TestQualityWithTaskboxDescriptions lays out the quality corpus with a
// description on every taskbox (three lines and an ellipsis, the
// tallest there is): no rule broken.
func TestQualityWithTaskboxDescriptions(t *testing.T) {
	long := taskboxDescriptions[2]
	var tally layouttest.Tally
	boxes := 0
	for name, src := range layouttest.QualityCorpus(t) {
		doc := layouttest.Compile(t, name, src)
		if len(doc.Edges) > 400 {
			continue
		}
		has := false
		for _, n := range doc.Nodes {
			if n.Shape == model.Taskbox {
				n.Description, has = long, true
				boxes++
			}
		}
		if !has {
			continue
		}
		l := Layout(doc, layout.DefaultEnv()).Layout
		tally.Add(name, layouttest.Quality(doc, &l))
	}
	if boxes < 20 {
		t.Fatalf("only %d taskboxes in the corpus", boxes)
	}
	if tally.Failing > 0 {
		t.Errorf("rules broken with descriptions on %d taskboxes: %v", boxes, tally)
	}
	t.Logf("%d taskboxes", boxes)
}
