package sequence

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/testgen"
)

// labelGap is how far a message label may sit from its own arrow.
const labelGap = 4.0

// seqProblems checks the sequence view's picture rules beyond check: every
// message label within labelGap px of its own arrow and crossed by no
// other arrow, frames and notes inside the canvas and each frame inside
// the frames around it, frame titles and guards inside their frame, and
// (when crossing is set) no two frames crossing.
func seqProblems(l *scene.SequenceLayout, crossing bool) []string {
	var bad []string
	report := func(f string, a ...any) {
		if len(bad) < 20 {
			bad = append(bad, fmt.Sprintf(f, a...))
		}
	}
	rect := func(b scene.Box) geom.Rect { return geom.Rect{X: b.X, Y: b.Y, W: b.W, H: b.H} }
	canvas := geom.Rect{W: l.Width, H: l.Height}
	// Arrows sorted by their top, to find those near a label quickly.
	type arrow struct {
		top, bottom float64
		m           *scene.Message
	}
	arrows := make([]arrow, 0, len(l.Messages))
	for i := range l.Messages {
		m := &l.Messages[i]
		a := arrow{top: m.Points[0][1], bottom: m.Points[0][1], m: m}
		for _, p := range m.Points {
			a.top, a.bottom = min(a.top, p[1]), max(a.bottom, p[1])
		}
		arrows = append(arrows, a)
	}
	sort.Slice(arrows, func(i, j int) bool { return arrows[i].top < arrows[j].top })
	tallest := 0.0
	for _, a := range arrows {
		tallest = max(tallest, a.bottom-a.top)
	}
	for i := range l.Messages {
		m := &l.Messages[i]
		if m.Label == nil {
			continue
		}
		r := rect(m.Label.Box)
		if d := layouttest.PolylineDistance(r, m.Points); d > labelGap {
			report("label %q of %s is %.1f px from its arrow", m.Label.Text, m.Edge, d)
		}
		if !canvas.Contains(r, 0.01) {
			report("label %q of %s outside the canvas", m.Label.Text, m.Edge)
		}
		k := sort.Search(len(arrows), func(j int) bool { return arrows[j].top >= r.Y-tallest-1 })
		for ; k < len(arrows) && arrows[k].top <= r.Bottom(); k++ {
			o := arrows[k].m
			if o == m {
				continue
			}
			for j := 0; j+1 < len(o.Points); j++ {
				a, b := o.Points[j], o.Points[j+1]
				if geom.SegmentCrosses(geom.Point{X: a[0], Y: a[1]}, geom.Point{X: b[0], Y: b[1]}, r) {
					report("label %q of %s is crossed by the arrow of %s", m.Label.Text, m.Edge, o.Edge)
					break
				}
			}
		}
	}
	for _, n := range l.Notes {
		if !canvas.Contains(rect(n.Box), 0.01) {
			report("note %s outside the canvas", n.Node)
		}
	}
	for _, c := range l.Continuations {
		if !canvas.Contains(rect(c.Box), 0.01) {
			report("continuation %q outside the canvas", c.Text)
		}
	}
	for _, p := range l.Participants {
		if !canvas.Contains(rect(p.Box), 0.01) {
			report("header %s outside the canvas", p.ID)
		}
	}
	for i, f := range l.Frames {
		r := rect(f.Box)
		if !canvas.Contains(r, 0.01) {
			report("frame %q (%.0f..%.0f) outside the canvas (width %.0f)", f.Label, r.X, r.Right(), l.Width)
		}
		// Whatever lies within the frame's height lies within its width.
		inside := func(what string, b geom.Rect) {
			if b.Y > r.Y && b.Bottom() < r.Bottom() && (b.X < r.X-0.01 || b.Right() > r.Right()+0.01) {
				report("%s sticks out of frame %q (%.0f..%.0f)", what, f.Label, r.X, r.Right())
			}
		}
		for _, m := range l.Messages {
			if m.Label != nil {
				inside("label of "+m.Edge, rect(m.Label.Box))
			}
			for _, p := range m.Points {
				inside("arrow of "+m.Edge, geom.Rect{X: p[0], Y: p[1]})
			}
		}
		for _, n := range l.Notes {
			inside("note "+n.Node, rect(n.Box))
		}
		for _, c := range l.Continuations {
			inside("continuation "+c.Text, rect(c.Box))
		}
		for j, g := range l.Frames {
			o := rect(g.Box)
			if i != j && o.Y >= r.Y && o.Bottom() <= r.Bottom() && (o.Y > r.Y || o.Bottom() < r.Bottom()) && !r.Contains(o, 0.01) {
				report("frame %q sticks out of the frame %q around it", g.Label, f.Label)
			}
			if crossing && r.Y < o.Y && o.Y < r.Bottom() && r.Bottom() < o.Bottom() {
				report("frames %q and %q cross", f.Label, g.Label)
			}
			// A frame inside another lies inside one of its sections: no
			// divider between two sections cuts through it.
			if i != j && r.Contains(o, 0.01) {
				for _, sec := range f.Sections {
					if sec.Y > r.Y+0.01 && o.Y < sec.Y-0.01 && sec.Y < o.Bottom()-0.01 {
						report("the divider of [%s] in frame %q cuts through frame %q", sec.Guard, f.Label, g.Label)
					}
				}
			}
		}
	}
	return bad
}

// roundTrips generates sequence diagrams: k participants, many round trips
// with nested calls, decisions whose outcomes answer, loops, and long
// labels (sentences, URLs, camelCase, CJK).
func roundTrips(seed int64, parts, trips int) string {
	rng := rand.New(rand.NewSource(seed))
	labels := []string{"GET /v1/orders/{orderId}/items?expand=product&limit=50", "200 OK", "Validate the signed session token against the identity provider",
		"https://auth.example.com/oauth2/authorize", "processPaymentAuthorizationRequest", "ok", "查询订单状态 (query order)", "שלום?",
		"retry with exponential backoff", "ack", "Error", "Yes", "Timeout", "POST /payments"}
	lab := func() string { return labels[rng.Intn(len(labels))] }
	lanes := make([][]string, parts)
	id := 0
	node := func(lane int, shape string) string {
		id++
		l := lab()
		if rng.Intn(3) == 0 {
			l = "Step " + fmt.Sprint(id)
		}
		lanes[lane] = append(lanes[lane], fmt.Sprintf("  n%d: %s label:%q\n", id, shape, l))
		return fmt.Sprintf("n%d", id)
	}
	laneOf := map[string]int{}
	mk := func(lane int, shape string) string {
		n := node(lane, shape)
		laneOf[n] = lane
		return n
	}
	edge := func(a, b string, label string) {
		la, lb := laneOf[a], laneOf[b]
		to := b
		if la != lb {
			to = fmt.Sprintf("p%d.%s", lb, b)
		}
		attr := ""
		if label != "" {
			attr = fmt.Sprintf(" [label=%q]", label)
		}
		lanes[la] = append(lanes[la], fmt.Sprintf("  %s.handle(right) -> %s.handle(left)%s\n", a, to, attr))
	}
	cur := mk(0, "circle")
	var loops []string
	for t := 0; t < trips; t++ {
		callee := 1 + rng.Intn(parts-1)
		req := mk(callee, "rectangle")
		edge(cur, req, lab())
		work := req
		if rng.Intn(2) == 0 && parts > 2 { // nested call
			inner := (callee + 1 + rng.Intn(parts-2)) % parts
			if inner == 0 {
				inner = 1
			}
			if inner != callee {
				x := mk(inner, "rectangle")
				edge(work, x, lab())
				back := mk(callee, "rectangle")
				edge(x, back, lab())
				work = back
			}
		}
		reply := mk(laneOf[cur], "rectangle")
		if rng.Intn(3) == 0 { // a decision whose outcomes both answer
			d := mk(callee, "diamond")
			edge(work, d, "")
			alt := mk(laneOf[cur], "rectangle")
			edge(d, reply, lab())
			edge(d, alt, lab())
			edge(alt, reply, "")
		} else {
			edge(work, reply, lab())
		}
		if rng.Intn(4) == 0 {
			loops = append(loops, fmt.Sprintf("  loop [%s] %s %s\n", lab(), cur, reply))
		}
		cur = reply
	}
	var b strings.Builder
	for i, l := range lanes {
		fmt.Fprintf(&b, "p%d { # %s\n", i, []string{"Browser", "API gateway with a rather long participant title", "Payments", "订单服务", "Identity provider", "Ledger"}[i%6])
		for _, line := range l {
			b.WriteString(line)
		}
		if i == 0 {
			for _, l := range loops {
				b.WriteString(l)
			}
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// TestSequenceQuality checks the sequence view's picture rules on every
// example and gallery template, the shared quality corpus (hubs, long
// labels, imports, random diagrams) and generated round-trip diagrams.
func TestSequenceQuality(t *testing.T) {
	corpus := layouttest.QualityCorpus(t)
	for seed := int64(0); seed < 24; seed++ {
		parts := 2 + int(seed%5)
		corpus[fmt.Sprintf("round-trips-%d", seed)] = roundTrips(seed, parts, 3+int(seed)*2)
	}
	failing := 0
	for name, src := range corpus {
		doc := layouttest.Compile(t, name, src)
		for _, order := range []string{"", "written"} {
			env := layout.DefaultEnv()
			env.Order = order
			sc := Layout(doc, env)
			l := sc.Sequence
			ps := append(check(l, nil), seqProblems(l, order == "")...)
			ps = append(ps, guardsStruck(sc, env)...)
			if order == "" {
				skip, ins := map[string]bool{}, map[*model.Node]int{}
				for _, e := range doc.Edges {
					ins[e.To]++
				}
				for _, n := range doc.Nodes {
					skip[n.ID] = n.Shape == model.Diamond || ins[n] < 2
				}
				for _, lp := range doc.Loops { // a loop holds its nodes' notes
					for _, n := range lp.Nodes {
						skip[n.ID] = true
					}
				}
				ps = append(ps, notesOutOfPlace(l, skip)...)
			}
			if len(ps) > 0 {
				failing++
				t.Errorf("%s (order %q): %d problems, first: %s", name, order, len(ps), strings.Join(ps[:min(3, len(ps))], "; "))
			}
		}
	}
	t.Logf("%d diagrams, %d layouts with problems", len(corpus), failing)
}

// guardsStruck reports the alt guards ("[No]") that a lifeline passes
// through: a guard spanning a lifeline must stand on a filled rectangle
// drawn before it, as the frame's tab does.
func guardsStruck(sc *scene.Scene, env layout.Env) []string {
	var lifelines []float64
	for _, it := range sc.Items {
		if g, ok := it.(*scene.Group); ok && g.Kind == "lane" {
			lifelines = append(lifelines, g.Items[0].(*scene.Path).Points[0].X)
		}
	}
	var bad []string
	for _, it := range sc.Items {
		g, ok := it.(*scene.Group)
		if !ok || g.Kind != "frame" {
			continue
		}
		for i, it := range g.Items {
			tx, ok := it.(*scene.Text)
			if !ok || tx.Bold || !strings.HasPrefix(tx.Lines[0], "[") {
				continue
			}
			w := env.Measure.Width(tx.Lines[0], tx.Size, false)
			covered := func(x float64) bool {
				for _, it := range g.Items[:i] {
					if r, ok := it.(*scene.Rect); ok && r.Fill != "" && r.R.X <= tx.X && r.R.Right() >= tx.X+w &&
						r.R.Y <= tx.Y-tx.Size*0.75 && r.R.Bottom() >= tx.Y+tx.Size*0.25 {
						return true
					}
				}
				return false
			}
			for _, x := range lifelines {
				if tx.X < x && x < tx.X+w && !covered(x) {
					bad = append(bad, fmt.Sprintf("guard %s of frame %q is struck through by the lifeline at x=%.0f", tx.Lines[0], g.Title, x))
				}
			}
		}
	}
	return bad
}

// notesOutOfPlace reports the notes of joins (nodes several messages
// reach) that stand in another alt section, or another frame, than the
// first message their node sends: a join is entered once every branch
// that leads to it is in, and what it sends follows from it. The nodes
// in skip are left out (decisions: their note stands above their alt
// frame, since a decision is asked before any outcome; the nodes of
// loops, whose frame holds their notes).
func notesOutOfPlace(l *scene.SequenceLayout, skip map[string]bool) []string {
	where := func(y float64) string {
		var k strings.Builder
		for i, f := range l.Frames {
			if y < f.Y || y > f.Y+f.H {
				continue
			}
			sec := 0
			for j, s := range f.Sections {
				if y > s.Y {
					sec = j + 1
				}
			}
			fmt.Fprintf(&k, "%d.%d ", i, sec)
		}
		return k.String()
	}
	first := map[string]float64{}
	for _, m := range l.Messages {
		if _, ok := first[m.From]; !ok {
			first[m.From] = m.Points[0][1]
		}
	}
	var bad []string
	for _, n := range l.Notes {
		y, ok := first[n.Node]
		if !ok || skip[n.Node] {
			continue
		}
		if a, b := where(n.Y+n.H/2), where(y); a != b {
			bad = append(bad, fmt.Sprintf("note %s stands in frames [%s], its first message in [%s]", n.Node, a, b))
		}
	}
	return bad
}

// TestJoinsAfterTheirAlternatives: in flow order, a node that messages
// from two branches of one decision reach (or from inside a decision's
// frame and from before it) sends its first message after that
// decision's frame, not inside one of its branches: on the quality
// corpus and generated round trips.
func TestJoinsAfterTheirAlternatives(t *testing.T) {
	corpus := layouttest.QualityCorpus(t)
	for seed := int64(0); seed < 24; seed++ {
		corpus[fmt.Sprintf("round-trips-%d", seed)] = roundTrips(seed, 2+int(seed%5), 3+int(seed)*2)
	}
	bad := 0
	for name, src := range corpus {
		doc := layouttest.Compile(t, name, src)
		f := model.Order(doc, "")
		in := map[*model.Node][]int{}
		first := map[*model.Node]int{}
		for pos, e := range f.Edges {
			in[e.To] = append(in[e.To], pos)
			if _, ok := first[e.From]; !ok {
				first[e.From] = pos
			}
		}
		branch := func(a model.Alt, pos int) int { // -1 outside the frame
			for k, b := range a.Branches {
				if b[0] <= pos && pos < b[1] {
					return k
				}
			}
			return -1
		}
		for n, ins := range in {
			out, ok := first[n]
			if !ok || len(ins) < 2 {
				continue
			}
			for _, a := range f.Alts {
				if a.Decision == n || out < a.Start() || out >= a.End() {
					continue // the join sends outside this frame
				}
				for _, p := range ins {
					if p < out && branch(a, p) != branch(a, out) && (branch(a, p) >= 0 || p < a.Start()) {
						bad++
						if bad <= 5 {
							t.Errorf("%s: %s is reached at %d and sends at %d inside the frame of %s (%d..%d)", name, n.ID, p, out, a.Decision.ID, a.Start(), a.End())
						}
						break
					}
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d joins send inside a frame that one of their ways in lies outside of", bad)
	}
}

// TestSelfLabelUnderGuardNeverTouches lays out a generated approval flow
// whose two-line self-message label ("No, send back to the requester
// with comments") stands right under a section's guard: the label's box
// started exactly where the guard's ends, and rounding made the two
// overlap by 1e-13 px; it keeps half a pixel from the guard now.
func TestSelfLabelUnderGuardNeverTouches(t *testing.T) {
	doc := layouttest.Compile(t, "approval 60248", testgen.RandomApproval(60248))
	l := Layout(doc, layout.DefaultEnv()).Sequence
	for _, p := range append(check(l, nil), seqProblems(l, true)...) {
		t.Error(p)
	}
}

// TestLoopStartingASectionUnderItsDivider: a loop whose first message is
// the first of an alt frame's second section (a retry loop entered by
// the "No" outcome) lies inside that section: its frame starts below the
// section's divider and guard, which do not cut through its tab.
func TestLoopStartingASectionUnderItsDivider(t *testing.T) {
	src := `p { # Poller
  n1: circle label:"Start"
  n2: rectangle label:"Poll queue"
  n3: diamond label:"Message?"
  n4: rectangle label:"Handle message"
  n5: rectangle label:"Sleep"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n4.handle(left) [label="Yes, one message"]
  n3.handle(bottom) -> n5.handle(top) [label="No message waiting"]
  n5.handle(left) -> n2.handle(bottom) [label="poll again after 5 s"]
  n4.handle(top) -> n2.handle(top) [label="next"]
  loop [until shutdown] n2 n3 n4 n5
  loop [inner retry] n3 n5
}
`
	doc := layouttest.Compile(t, "retry-in-section", src)
	l := Layout(doc, layout.DefaultEnv()).Sequence
	var alt, inner *scene.Frame
	for i := range l.Frames {
		switch f := &l.Frames[i]; {
		case f.Kind == "alt":
			alt = f
		case strings.Contains(f.Label, "inner retry"):
			inner = f
		}
	}
	if alt == nil || inner == nil || len(alt.Sections) == 0 {
		t.Fatalf("want an alt frame with a divider and the inner loop, got %+v", l.Frames)
	}
	div := alt.Sections[len(alt.Sections)-1].Y
	if inner.Y < div+14 { // the guard's line of text stands under the divider
		t.Errorf("the inner loop's frame starts at y %.0f, above or on the guard under the divider at %.0f", inner.Y, div)
	}
	if inner.Y+inner.H > alt.Y+alt.H {
		t.Errorf("the inner loop's frame (to %.0f) reaches out of the alt frame (to %.0f)", inner.Y+inner.H, alt.Y+alt.H)
	}
}
