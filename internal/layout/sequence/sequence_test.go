package sequence

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/golden"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/textmeasure"
	"flowzap/internal/theme"
)

// TestQuality lays out the shared corpus and checks the sequence view's
// promises: messages in flow order, top to bottom, between the right
// lifelines; nothing overlaps; everything inside the canvas.
func TestQuality(t *testing.T) {
	for name, src := range layouttest.Corpus(t) {
		doc := layouttest.Compile(t, name, src)
		sc := Layout(doc, layout.DefaultEnv())
		l := sc.Sequence
		if n := drawnEdges(l); n != len(doc.Edges) {
			t.Errorf("%s: %d messages stand for %d edges, want %d", name, len(l.Messages), n, len(doc.Edges))
			continue
		}
		for _, p := range check(l, model.Order(doc, "")) {
			t.Errorf("%s: %s", name, p)
		}
	}
}

// drawnEdges counts the edges the messages stand for (a message merged
// from several alternatives stands for each of them).
func drawnEdges(l *scene.SequenceLayout) int {
	n := 0
	for _, m := range l.Messages {
		n += 1 + len(m.Merged)
	}
	return n
}

func check(l *scene.SequenceLayout, flow *model.Flow) []string {
	var bad []string
	report := func(f string, a ...any) {
		if len(bad) < 20 {
			bad = append(bad, fmt.Sprintf(f, a...))
		}
	}
	canvas := geom.Rect{W: l.Width, H: l.Height}
	rect := func(b scene.Box) geom.Rect { return geom.Rect{X: b.X, Y: b.Y, W: b.W, H: b.H} }
	life := map[string]float64{}
	var boxes []geom.Rect
	var what []string
	for _, p := range l.Participants {
		life[p.ID] = p.X + p.W/2
		boxes = append(boxes, rect(p.Box))
		what = append(what, "participant "+p.ID)
	}
	lastY := -1.0
	pos := 0 // the flow position of message i
	for i, m := range l.Messages {
		if flow != nil {
			for k, id := range append([]string{m.Edge}, m.Merged...) {
				if pos+k >= len(flow.Edges) {
					report("message %d stands for more edges than there are", i)
					break
				}
				if want := fmt.Sprintf("e%d", flow.Edges[pos+k].Index+1); id != want {
					report("message %d stands for edge %s, want %s: messages must follow the flow order", i, id, want)
				}
				if k > 0 && !flow.Merged[pos+k] {
					report("message %d merges edge %s, which the flow does not merge", i, id)
				}
			}
			pos += 1 + len(m.Merged)
		}
		y := m.Points[0][1]
		if y <= lastY {
			report("message %s at y=%.1f is not below the previous one (%.1f)", m.Edge, y, lastY)
		}
		lastY = y
		for _, p := range m.Points {
			if math.IsNaN(p[0]) || !canvas.Contains(geom.Rect{X: p[0], Y: p[1]}, 0.01) {
				report("message %s point %v outside the canvas", m.Edge, p)
			}
		}
		if m.Label != nil {
			boxes = append(boxes, rect(m.Label.Box))
			what = append(what, "label of "+m.Edge)
		}
	}
	for _, n := range l.Notes {
		boxes = append(boxes, rect(n.Box))
		what = append(what, "note "+n.Node)
	}
	for _, c := range l.Continuations {
		boxes = append(boxes, rect(c.Box))
		what = append(what, "continuation "+c.Text)
	}
	// A section's guard stands on the background under its divider
	// (draw.go): no label or note may reach into it.
	env := layout.DefaultEnv()
	size := env.Theme.SmallFontSize
	for _, f := range l.Frames {
		for _, sec := range f.Sections {
			w := env.Measure.Width("["+sec.Guard+"]", size, false)
			boxes = append(boxes, geom.Rect{X: f.X + 6, Y: sec.Y + 2, W: w + 4, H: 15})
			what = append(what, fmt.Sprintf("guard [%s] of %q", sec.Guard, f.Label))
		}
	}
	for i, b := range boxes {
		if !canvas.Contains(b, 0.01) {
			report("%s outside the canvas", what[i])
		}
		for j := i + 1; j < len(boxes); j++ {
			if b.Overlaps(boxes[j]) {
				report("%s overlaps %s", what[i], what[j])
			}
		}
	}
	for _, f := range l.Frames {
		if !canvas.Contains(rect(f.Box), 0.01) {
			report("frame %q outside the canvas", f.Label)
		}
	}
	return bad
}

// TestMessagesJoinLifelines checks each message starts on its source's
// lifeline and ends on its target's, and replies are recognised.
func TestMessagesJoinLifelines(t *testing.T) {
	src := layouttest.Examples(t)["sequence-login.fz"]
	doc := layouttest.Compile(t, "seq", src)
	l := Layout(doc, layout.DefaultEnv()).Sequence
	x := map[string]float64{}
	for _, p := range l.Participants {
		x[p.ID] = p.X + p.W/2
	}
	lane := map[string]string{}
	for _, n := range doc.Nodes {
		lane[n.ID] = n.Lane.ID
	}
	replies := 0
	for _, m := range l.Messages {
		a, b := m.Points[0], m.Points[len(m.Points)-1]
		if a[0] != x[lane[m.From]] || b[0] != x[lane[m.To]] {
			t.Errorf("message %s runs %v -> %v, not between the lifelines of %s and %s", m.Edge, a, b, m.From, m.To)
		}
		if m.Return {
			replies++
		}
	}
	if replies != 1 {
		t.Errorf("want exactly one dashed reply (200 + Set-Cookie), got %d", replies)
	}
}

func TestFrames(t *testing.T) {
	doc := layouttest.Compile(t, "f", `c { # Client
  n1: rectangle label:"Ask"
  n2: diamond label:"Cached?"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> s.n3.handle(top) [label="No"]
  n2.handle(right) -> n4.handle(left) [label="Yes"]
  n4: rectangle label:"Use cache"
  loop [until fresh] n1 n2
}
s { # Server
  n3: rectangle label:"Fetch"
  n3.handle(top) -> c.n4.handle(bottom) [label="data"]
}`)
	l := Layout(doc, layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light, Number: true}).Sequence
	kinds := []string{}
	for _, f := range l.Frames {
		kinds = append(kinds, f.Kind+":"+f.Label)
	}
	if got := strings.Join(kinds, ","); got != "loop:loop [until fresh],alt:alt [No]" {
		t.Errorf("frames = %s", got)
	}
	if !strings.HasPrefix(l.Messages[0].Label.Text, "1. ") {
		t.Errorf("numbering missing: %q", l.Messages[0].Label.Text)
	}
	golden.Check(t, "testdata/frames.golden", []byte(l.Dump()))
}

func BenchmarkLayout(b *testing.B) { layouttest.Bench(b, Layout) }

// TestLoopHoldsItsJoinAndRetry: a loop over a request, a call to another
// participant and the decision its two answers meet at. The decision's
// note (drawn after both answers, as a join's) stays inside the loop, and
// so do its alternatives, since one of them (the retry) leads back into
// the loop; the first answer's alternative frame is inside too.
func TestLoopHoldsItsJoinAndRetry(t *testing.T) {
	doc := layouttest.Compile(t, "retry", `app { # App
  n1: circle label:"Send"
  n2: rectangle label:"Done"
  n3: rectangle label:"Wait and resend"
  n1.handle(bottom) -> api.n4.handle(top) [label="PUT /item"]
  n3.handle(bottom) -> api.n4.handle(top) [label="PUT /item again"]
}
api { # API
  n4: rectangle label:"Store the item"
  n5: diamond label:"Replica acknowledged?"
  n4.handle(bottom) -> db.n6.handle(top) [label="write"]
  n5.handle(top) -> app.n2.handle(bottom) [label="201 stored"]
  n5.handle(left) -> app.n3.handle(bottom) [label="503 busy"]
  loop [at most 3 tries] n4 n5
}
db { # Replica
  n6: diamond label:"Disk has room?"
  n6.handle(top) -> api.n5.handle(bottom) [label="ack"]
  n6.handle(right) -> api.n5.handle(right) [label="nack"]
}`)
	l := laySequence(doc)
	var loop, retry *scene.Frame
	for i := range l.Frames {
		switch f := &l.Frames[i]; f.Label {
		case "loop [at most 3 tries]":
			loop = f
		case "alt [503 busy]": // the retry first: it leads back into the loop
			retry = f
		}
	}
	if loop == nil || retry == nil {
		t.Fatalf("want the loop and the alternatives of n5, got %+v", l.Frames)
	}
	inside := func(b scene.Box) bool { return b.Y >= loop.Y && b.Y+b.H <= loop.Y+loop.H }
	for _, n := range l.Notes {
		if n.Node == "n5" && !inside(n.Box) {
			t.Errorf("the join's note at y=%.0f..%.0f is outside the loop (y=%.0f..%.0f)", n.Y, n.Y+n.H, loop.Y, loop.Y+loop.H)
		}
	}
	if !inside(retry.Box) {
		t.Errorf("the retry's alternatives (y=%.0f..%.0f) are outside the loop (y=%.0f..%.0f)", retry.Y, retry.Y+retry.H, loop.Y, loop.Y+loop.H)
	}
	if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
		t.Errorf("problems: %v", ps)
	}
}

// TestDecisionNoteAboveItsAlternatives: a decision reached by a message from
// another participant (its note shown late, as a join's, since a retry leads
// back to it) is asked before its alternatives: its note stands above the
// alt frame, not inside the first alternative.
func TestDecisionNoteAboveItsAlternatives(t *testing.T) {
	doc := layouttest.Compile(t, "mfa", `user { # User
  n1: circle label:"Sign in"
  n2: rectangle label:"Enter code"
  n3: rectangle label:"Signed in"
  n1.handle(bottom) -> idp.n4.handle(top) [label="approve"]
  n2.handle(bottom) -> idp.n4.handle(top) [label="code"]
}
idp { # Identity Provider
  n4: diamond label:"Second factor verified?"
  n5: rectangle label:"Issue session"
  n4.handle(right) -> n5.handle(left) [label="Yes"]
  n4.handle(left) -> user.n2.handle(right) [label="Timed out"]
  n5.handle(top) -> user.n3.handle(bottom) [label="302 Found"]
}`)
	l := laySequence(doc)
	var alt *scene.Frame
	for i := range l.Frames {
		if l.Frames[i].Kind == "alt" {
			alt = &l.Frames[i]
		}
	}
	if alt == nil {
		t.Fatalf("want the decision's alternatives in an alt frame, got %+v", l.Frames)
	}
	found := false
	for _, n := range l.Notes {
		if n.Node == "n4" {
			found = true
			if n.Y+n.H > alt.Y {
				t.Errorf("the decision's note (y=%.0f..%.0f) is not above its alt frame (from y=%.0f)", n.Y, n.Y+n.H, alt.Y)
			}
		}
	}
	if !found {
		t.Fatal("the decision has no note")
	}
	if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
		t.Errorf("problems: %v", ps)
	}
}
