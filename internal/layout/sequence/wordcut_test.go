package sequence

import (
	"strings"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// TestSequenceKeepsWords: a word wider than its text's usual width (a
// participant's title, a message to itself, a note) widens that text to
// hold it whole, up to its limit, and the canvas holds the widened note
// of the first and of the last participant; every rule of the view
// holds.
func TestSequenceKeepsWords(t *testing.T) {
	src := `antrag { # Kreditantragsbearbeitung
n1: circle label:"Rechnungsbestätigungsanforderung"
n2: rectangle label:"Prüfen"
n1.handle(right) -> n2.handle(left) [label="Antragsunterlagenvollständigkeit"]
n2.handle(bottom) -> amt.n3.handle(top) [label="weiter"]
}
amt { # Prüfamt
n3: rectangle label:"Kreditwürdigkeitsprüfungsergebnis"
}
`
	doc := layouttest.Compile(t, "wordcut", src)
	sc := Layout(doc, layout.DefaultEnv())
	l := sc.Sequence
	if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
		t.Errorf("problems: %v", ps)
	}
	var texts []string
	var boxes []geom.Rect
	for _, it := range sc.Items {
		collect(it, &texts, &boxes)
	}
	all := strings.Join(texts, "\n")
	for _, w := range []string{"Kreditantragsbearbeitung", "Rechnungsbestätigungsanforderung", "Antragsunterlagenvollständigkeit", "Kreditwürdigkeitsprüfungsergebnis"} {
		if !strings.Contains(all, w) {
			t.Errorf("%q cut: %q", w, texts)
		}
	}
	for _, b := range boxes {
		if b.X < 0 || b.X+b.W > sc.Width {
			t.Errorf("a box %+v outside the canvas (0 to %.0f)", b, sc.Width)
		}
	}
}

// collect gathers the lines of every text and the boxes of every rect
// in it.
func collect(it scene.Item, texts *[]string, boxes *[]geom.Rect) {
	switch x := it.(type) {
	case *scene.Group:
		for _, c := range x.Items {
			collect(c, texts, boxes)
		}
	case *scene.Text:
		*texts = append(*texts, x.Lines...)
	case *scene.Rect:
		*boxes = append(*boxes, x.R)
	}
}

// TestCJKSelfLabelWraps: a long message to itself in Chinese wraps at
// the 200 px of a self-message's label (lines break between CJK
// characters), instead of standing on one line widened as if it were a
// single word; the same for a note at its 160 px.
func TestCJKSelfLabelWraps(t *testing.T) {
	src := `s { # 搜索服务
  n1: circle label:"开始"
  n2: rectangle label:"计算完成后将结果写入持久化存储并发送确认消息给上游服务"
  n1.handle(right) -> n2.handle(left) [label="计算完成后将结果写入持久化存储并发送确认消息给上游服务以便继续处理"]
}
`
	doc := layouttest.Compile(t, "cjk-self", src)
	l := Layout(doc, layout.DefaultEnv()).Sequence
	if len(l.Messages) != 1 || l.Messages[0].Label == nil {
		t.Fatalf("want one labelled message, got %d", len(l.Messages))
	}
	if w := l.Messages[0].Label.Box.W; w > 200+10 {
		t.Errorf("the self-message's label is %.0f px wide, want at most 210 (200 of text)", w)
	}
	for _, n := range l.Notes {
		if n.Box.W > noteMaxW+1e-9 {
			t.Errorf("note %q is %.0f px wide, want at most %g", n.Text, n.Box.W, noteMaxW)
		}
	}
}
