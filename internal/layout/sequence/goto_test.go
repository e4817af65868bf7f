package sequence

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/textmeasure"
	"flowzap/internal/theme"
)

// visaReferral: a consulate checks an application; complete ones may go
// to a security check, whose "Not cleared" goes to the refusal that
// incomplete applications reach too (drawn after the outer frame), while
// "Cleared" goes on to issuing the visa right after the inner frames.
const visaReferral = `applicant { # Applicant
  n1: circle label:"Apply online"
  n2: circle label:"Decision received"
  n1.handle(bottom) -> consulate.n3.handle(top) [label="application"]
}
consulate { # Consulate
  n3: rectangle label:"Register application"
  n4: diamond label:"Documents complete?"
  n5: diamond label:"Security check needed?"
  n6: rectangle label:"Issue visa"
  n7: rectangle label:"Refuse visa"
  n3.handle(right) -> n4.handle(left)
  n4.handle(right) -> n5.handle(left) [label="Complete"]
  n4.handle(bottom) -> n7.handle(top) [label="Missing"]
  n5.handle(right) -> n6.handle(left) [label="Not needed"]
  n5.handle(bottom) -> security.n8.handle(top) [label="Needed"]
  n6.handle(top) -> applicant.n2.handle(bottom) [label="visa"]
  n7.handle(top) -> applicant.n2.handle(bottom) [label="refusal letter"]
}
security { # Security Service
  n8: rectangle label:"Screen applicant"
  n9: diamond label:"Cleared?"
  n8.handle(right) -> n9.handle(left)
  n9.handle(top) -> consulate.n7.handle(bottom) [label="Not cleared"]
  n9.handle(right) -> consulate.n6.handle(bottom) [label="Cleared"]
}
`

// lostWaysOn lists the sections of alt and opt frames that a reader
// would follow the wrong way. By the notation, what follows a frame
// follows each of its sections; a section's way on is where its last
// message goes (the flow order is depth first). That step must show
// (its note, or a message it sends) inside the section or as the first
// thing after the frame (after the frame around it, when the frame ends
// a section of it, and so on out), or a continuation in the section
// must name it; else what comes first after the frame must be a step
// the section reaches by another message (a fan-out's other way on). A
// step that shows above the section (a way back to it) must show
// right after the frame or be named by a continuation "↑ step", unless
// a loop frame around says it goes round.
// It also lists continuations that name no step shown further down.
func lostWaysOn(doc *model.Document, l *scene.SequenceLayout) []string {
	type item struct {
		y    float64
		node string // the step that shows (a note) or sends (a message)
	}
	var items []item
	to := map[string][]string{} // message ID to the steps it reaches
	edge := map[string]*model.Edge{}
	for _, e := range doc.Edges {
		edge["e"+strconv.Itoa(e.Index+1)] = e
	}
	for _, m := range l.Messages {
		for _, id := range append([]string{m.Edge}, m.Merged...) {
			// A message drawn once for several edges is sent by each
			// of their steps.
			items = append(items, item{topOf(m), edge[id].From.ID})
			to[m.Edge] = append(to[m.Edge], edge[id].To.ID)
		}
	}
	for _, n := range l.Notes {
		items = append(items, item{n.Y, n.Node})
	}
	for _, c := range l.Continuations {
		items = append(items, item{c.Y, ""})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].y < items[j].y })
	// first returns the first item below y (nil if none).
	first := func(y float64) *item {
		k := sort.Search(len(items), func(i int) bool { return items[i].y > y })
		if k == len(items) {
			return nil
		}
		return &items[k]
	}
	// shows returns the height where step n first shows or sends below y.
	shows := func(n string, y float64) (float64, bool) {
		for _, it := range items {
			if it.y > y && it.node == n {
				return it.y, true
			}
		}
		return 0, false
	}
	bottom := func(f scene.Frame) float64 { return f.Y + f.H }
	// around returns the innermost frame around f, or -1.
	around := func(f scene.Frame) int {
		best := -1
		for j, g := range l.Frames {
			if g.Y <= f.Y && bottom(f) <= bottom(g) && g.H > f.H && (best < 0 || g.H < l.Frames[best].H) {
				best = j
			}
		}
		return best
	}
	inLoop := func(f scene.Frame) bool {
		for _, g := range l.Frames {
			if g.Kind == "loop" && g.Y < f.Y && bottom(f) <= bottom(g) {
				return true
			}
		}
		return false
	}
	// namedIn reports whether a message between heights y0 and y1 is
	// labelled with step n's title (how a step that never sends shows).
	title := map[string]string{}
	for _, n := range doc.Nodes {
		title[n.ID] = n.Title()
	}
	namedIn := func(n string, y0, y1 float64) bool {
		for _, m := range l.Messages {
			if y := topOf(m); y > y0 && y < y1 && edge[m.Edge].To.ID == n && m.Label != nil && m.Label.Text == title[n] {
				return true
			}
		}
		return false
	}
	namedAbove := func(n string, y float64) bool { return namedIn(n, math.Inf(-1), y) }
	noted := map[string]bool{}
	for _, n := range l.Notes {
		noted[n.Node] = true
	}
	var bad []string
	for _, f := range l.Frames {
		if f.Kind == "break" {
			// A break stops where its last message goes; when that
			// step is drawn elsewhere and the message does not name it,
			// a continuation in the frame must ("Yes" to an "Incident
			// closed" drawn in another way).
			var last *scene.Message
			for i := range l.Messages {
				if m := &l.Messages[i]; topOf(*m) > f.Y && topOf(*m) < bottom(f) && (last == nil || topOf(*m) > topOf(*last)) {
					last = m
				}
			}
			if last == nil || inLoop(f) {
				continue
			}
			target := edge[last.Edge].To.ID
			if last.Label != nil && last.Label.Text == title[target] {
				continue
			}
			if in, ok := shows(target, f.Y); ok && in < bottom(f) {
				continue // it shows in the frame
			}
			_, seen := shows(target, -1)
			if !seen && !namedAbove(target, math.Inf(1)) {
				continue // shown nowhere else: the message is all there is
			}
			found := false
			for _, c := range l.Continuations {
				found = found || c.Node == target && c.Y > topOf(*last) && c.Y < bottom(f)
			}
			if !found {
				bad = append(bad, fmt.Sprintf("%q ends with %s to %s, drawn elsewhere, and no continuation names it", f.Label, last.Edge, target))
			}
			continue
		}
		if f.Kind != "alt" && f.Kind != "opt" {
			continue
		}
		// What comes right after the frame, and after each frame around
		// it whose section it ends.
		var nexts []*item
		for g := f; ; {
			nexts = append(nexts, first(bottom(g)))
			j := around(g)
			if j < 0 {
				break
			}
			p := l.Frames[j]
			end := bottom(p)
			for _, s := range p.Sections {
				if s.Y > bottom(g) && s.Y < end {
					end = s.Y
				}
			}
			if n := first(bottom(g)); n != nil && n.y < end {
				break
			}
			g = p
		}
		// asked holds the decisions of the frame and of the frames
		// around it: the senders of their first messages.
		asked := map[string]bool{}
		for g, j := f, 0; j >= 0; {
			var firstMsg *scene.Message
			for i := range l.Messages {
				if m := &l.Messages[i]; topOf(*m) > g.Y && topOf(*m) < bottom(g) && (firstMsg == nil || topOf(*m) < topOf(*firstMsg)) {
					firstMsg = m
				}
			}
			if firstMsg != nil && g.Kind != "loop" {
				asked[edge[firstMsg.Edge].From.ID] = true
			}
			if j = around(g); j >= 0 {
				g = l.Frames[j]
			}
		}
		ys := []float64{f.Y}
		guards := []string{strings.TrimPrefix(f.Label, f.Kind+" ")}
		for _, s := range f.Sections {
			ys = append(ys, s.Y)
			guards = append(guards, "["+s.Guard+"]")
		}
		ys = append(ys, bottom(f))
		for k := 0; k+1 < len(ys); k++ {
			top, end := ys[k], ys[k+1]
			var last *scene.Message
			reached := map[string]bool{}
			named := map[string]bool{}
			for i := range l.Messages {
				m := &l.Messages[i]
				if y := topOf(*m); y > top && y < end {
					if last == nil || y > topOf(*last) {
						last = m
					}
				}
			}
			// ended[m]: message m ends a section inside with a
			// continuation, so the way it reaches is named there.
			ended := map[*scene.Message]bool{}
			for _, c := range l.Continuations {
				if c.Y > top && c.Y < end {
					named[c.Node] = true
					var before *scene.Message
					for i := range l.Messages {
						if m := &l.Messages[i]; topOf(*m) < c.Y && (before == nil || topOf(*m) > topOf(*before)) {
							before = m
						}
					}
					ended[before] = true
				}
			}
			for i := range l.Messages {
				m := &l.Messages[i]
				if y := topOf(*m); y > top && y < end && !ended[m] {
					for _, n := range to[m.Edge] {
						reached[n] = true
					}
				}
			}
			if last == nil {
				continue
			}
			target := edge[last.Edge].To.ID
			y, ok := shows(target, top)
			above, seen := shows(target, -1)
			back := seen && above < top || namedAbove(target, top) // a way back to a step shown above
			// A way back to the decision of this frame or of one around
			// it: the decision shows in the section only as the sender
			// of its outcome, the section's first message; a
			// continuation must name it.
			if asked[target] && topOf(*last) > y && !inLoop(f) && !named[target] {
				bad = append(bad, fmt.Sprintf("section %s of %q ends with %s back to its decision %s and no continuation says so", guards[k], f.Label, last.Edge, target))
				continue
			}
			if back && inLoop(f) || named[target] || ok && y < end || !ok && !back {
				continue
			}
			// After the frame a step without a note only sends, from its
			// lifeline: when the section's last message carries its own
			// label and the step's title shows only on a message of
			// another section above, nothing there says the section
			// reached it.
			if ok && !noted[target] && (last.Label == nil || last.Label.Text != title[target]) && namedAbove(target, top) && !inLoop(f) {
				bad = append(bad, fmt.Sprintf("section %s of %q ends with %s to %s, named only in another section, and no continuation says so", guards[k], f.Label, last.Edge, target))
				continue
			}
			fine := false
			for _, n := range nexts {
				fine = fine || n != nil && (ok && n.y == y || !back && reached[n.node])
			}
			if !fine {
				bad = append(bad, fmt.Sprintf("section %s of %q ends with %s to %s, which goes on further down (y %.0f, not right after the frame) and no continuation says so",
					guards[k], f.Label, last.Edge, target, y))
			}
		}
	}
	// A message back to a step that showed or sent above it (a cycle
	// closed without a loop written round it), anywhere but in a loop
	// frame, is followed by a continuation naming that step, or by the
	// step itself going on, unless it answers the call of that step, in
	// another participant (an edge from the step to the message's
	// sender: drawn as an answer).
	calls := map[[2]string]bool{}
	for _, e := range doc.Edges {
		calls[[2]string{e.From.ID, e.To.ID}] = true
	}
	for i := range l.Messages {
		m := l.Messages[i]
		y, from, target := topOf(m), edge[m.Edge].From.ID, edge[m.Edge].To.ID
		if target == from || edge[m.Edge].From.Lane != edge[m.Edge].To.Lane && calls[[2]string{target, from}] {
			continue
		}
		if above, seen := shows(target, -1); !seen || above >= y {
			continue
		}
		looped := false
		for _, g := range l.Frames {
			looped = looped || g.Kind == "loop" && g.Y < y && y < bottom(g)
		}
		if looped {
			continue
		}
		if next := first(y); next != nil && (next.node == target || next.node == "" && slices.ContainsFunc(l.Continuations, func(c scene.Continuation) bool {
			return c.Y == next.y && c.Node == target
		})) {
			continue
		}
		bad = append(bad, fmt.Sprintf("%s goes back up to %s and nothing after it says so", m.Edge, target))
	}
	for _, c := range l.Continuations {
		if strings.HasPrefix(c.Text, "↑") {
			if y, _ := shows(c.Node, -1); y > c.Y && !namedAbove(c.Node, c.Y) {
				bad = append(bad, fmt.Sprintf("continuation %q names %s, which does not show above", c.Text, c.Node))
			}
		} else if _, ok := shows(c.Node, c.Y); !ok && !namedIn(c.Node, c.Y, math.Inf(1)) {
			bad = append(bad, fmt.Sprintf("continuation %q names %s, which does not show further down", c.Text, c.Node))
		}
	}
	return bad
}

// TestSectionsSayWhereTheyGoOn: a section of an alt frame whose way on
// is drawn further down than right after the frame (a join that an
// outer alternative reaches too) ends with a continuation naming where
// it goes on, on the hand-written diagrams of the corpus, a security
// referral written for it and 400 generated flows of nested decisions
// and joins.
func TestSectionsSayWhereTheyGoOn(t *testing.T) {
	doc := layouttest.Compile(t, "visa", visaReferral)
	l := laySequence(doc)
	for _, p := range lostWaysOn(doc, l) {
		t.Errorf("visa: %s", p)
	}
	var got []string
	for _, c := range l.Continuations {
		got = append(got, c.Owner+": "+c.Text)
	}
	if want := "consulate: → Refuse visa, applicant: → Decision received"; strings.Join(got, ", ") != want {
		t.Errorf("visa: continuations %q, want %q", strings.Join(got, ", "), want)
	}
	// The continuation stands in its section: below "Not cleared",
	// above the next section's divider.
	for _, f := range l.Frames {
		if f.Label == "alt [Not cleared]" && len(l.Continuations) > 0 {
			c := l.Continuations[0]
			if c.Y < messageY(t, l, "Not cleared") || len(f.Sections) == 0 || c.Y+c.H > f.Sections[0].Y {
				t.Errorf("visa: continuation at y %.0f-%.0f, not between \"Not cleared\" and its frame's divider", c.Y, c.Y+c.H)
			}
		}
	}
	if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
		t.Errorf("visa: %v", ps)
	}

	// A way back up: the sign-in's "No, retry" goes back to "Enter email
	// and password", shown at the top, in the last section of the last
	// frame (nothing follows it).
	doc = layouttest.Compile(t, "mfa", readRepo(t, "examples/user-authentication-mfa.fz"))
	l = laySequence(doc)
	found := false
	for _, c := range l.Continuations {
		if c.Text == "↑ Enter email and password" && c.Owner == "user" && c.Y > messageY(t, l, "No, retry") {
			found = true
		}
	}
	if !found {
		t.Errorf("mfa: continuations %v, want \"↑ Enter email and password\" after \"No, retry\"", l.Continuations)
	}
	// Its tooltip says it goes back; the visa's says where it goes on.
	titles := func(doc *model.Document) []string {
		var ts []string
		sc := Layout(doc, layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light})
		for _, it := range sc.Items {
			if g, ok := it.(*scene.Group); ok && g.Kind == "continuation" {
				ts = append(ts, g.Title)
			}
		}
		return ts
	}
	if ts := titles(doc); !slices.ContainsFunc(ts, func(s string) bool {
		return strings.HasPrefix(s, "goes back to ") && strings.HasSuffix(s, ": Enter email and password")
	}) {
		t.Errorf("mfa: continuation tooltips %q, want one going back to \"Enter email and password\"", ts)
	}
	if ts := titles(layouttest.Compile(t, "visa", visaReferral)); len(ts) == 0 || !strings.HasPrefix(ts[0], "goes on at n7: Refuse visa") {
		t.Errorf("visa: continuation tooltips %q, want \"goes on at n7: Refuse visa\" first", ts)
	}
	for _, p := range lostWaysOn(doc, l) {
		t.Errorf("mfa: %s", p)
	}

	names, corpus := handWritten(t)
	marked := 0
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		l := laySequence(doc)
		marked += len(l.Continuations)
		for _, p := range lostWaysOn(doc, l) {
			t.Errorf("%s: %s", name, p)
		}
	}
	if marked == 0 {
		t.Errorf("no continuation in the %d hand-written diagrams", len(names))
	}
	for seed := int64(0); seed < 400; seed++ {
		src, _ := breakFlow(seed)
		doc := layouttest.Compile(t, fmt.Sprintf("goto%d", seed), src)
		l := laySequence(doc)
		marked += len(l.Continuations)
		for _, p := range lostWaysOn(doc, l) {
			t.Errorf("seed %d: %s\n%s", seed, p, src)
		}
		if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
			t.Errorf("seed %d: %v\n%s", seed, ps, src)
		}
	}
	t.Logf("%d continuations", marked)
}

// TestWayBackInsideItsSection: a section whose last message goes back up
// to a step shown earlier in the same section, with no loop written
// round it, names that step: the reviewers' "second round" back to
// "Read and annotate" (drawn as a message to their own lifeline, at the
// end of the editor's "yes"), and an on-call page back to "Debug", which
// the same section reached first. Without the continuation the message
// reads as going on to something new.
func TestWayBackInsideItsSection(t *testing.T) {
	for _, c := range []struct{ name, src, message, want, owner string }{
		{"journal", layouttest.JournalReview, "second round", "↑ Read and annotate", "reviewers"},
		{"no-handles", layouttest.Unseen(t)["unseen no-handles.fz"], "page on-call", "↑ Debug", "eng"},
	} {
		doc := layouttest.Compile(t, c.name, c.src)
		l := laySequence(doc)
		found := false
		for _, k := range l.Continuations {
			if k.Text == c.want && k.Owner == c.owner && k.Y > messageY(t, l, c.message) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: continuations %v, want %q on %s after %q", c.name, l.Continuations, c.want, c.owner, c.message)
		}
		for _, p := range lostWaysOn(doc, l) {
			t.Errorf("%s: %s", c.name, p)
		}
		if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
			t.Errorf("%s: %v", c.name, ps)
		}
	}
}

// TestJoinNoteInItsSection: a join that both ways of an inner decision
// reach ("Reply 429 + Retry-After" after the limiter's "No" and the
// security team's "reject") shows right after the inner frame, inside
// the outer section they are part of, and before the message it sends
// together with the other section's step ("Response sent", drawn once
// after the outer frame).
func TestJoinNoteInItsSection(t *testing.T) {
	doc := layouttest.Compile(t, "rate-limiting", readRepo(t, "gallery/templates/rate-limiting.fz"))
	l := laySequence(doc)
	y := noteY(t, l, "Reply 429 + Retry-After")
	var inner, outer *scene.Frame
	for i := range l.Frames {
		switch f := &l.Frames[i]; f.Label {
		case "alt [No]":
			inner = f
		case "alt [Yes]":
			outer = f
		}
	}
	if inner == nil || outer == nil {
		t.Fatalf("frames %v, want alt [Yes] around alt [No]", l.Frames)
	}
	if y < inner.Y+inner.H || y > outer.Y+outer.H {
		t.Errorf("note at y %.0f, want between the inner frame's bottom %.0f and the outer's %.0f", y, inner.Y+inner.H, outer.Y+outer.H)
	}
	if m := messageY(t, l, "Response sent"); m < outer.Y+outer.H {
		t.Errorf("\"Response sent\" at y %.0f, inside the frames (bottom %.0f)", m, outer.Y+outer.H)
	}
	for _, p := range lostWaysOn(doc, l) {
		t.Errorf("%s", p)
	}
}

// endsAfterFrames lists the end steps (steps that send nothing and that
// a message reaches) whose
// note stands right after an alt or opt frame that has a way through
// it that never reaches them: by the notation what follows a frame
// follows each of its sections, so the end would read as following
// that way too (the hiring pipeline's "Send kind rejection" after the
// offer was accepted). A section reaches the step when a message into
// it or a continuation naming it stands in the section outside the
// alt and opt frames nested in it, or when an alt frame nested in it
// reaches it on every way (loops are part of the section they stand
// in; break frames stop, so they neither reach nor count against).
func endsAfterFrames(doc *model.Document, l *scene.SequenceLayout) []string {
	sends, reached := map[string]bool{}, map[string]bool{}
	edge := map[string]*model.Edge{}
	for _, e := range doc.Edges {
		sends[e.From.ID], reached[e.To.ID] = true, true
		edge["e"+strconv.Itoa(e.Index+1)] = e
	}
	bottom := func(f scene.Frame) float64 { return f.Y + f.H }
	type span struct{ top, end float64 }
	sections := func(f scene.Frame) []span {
		ys := []float64{f.Y}
		for _, s := range f.Sections {
			ys = append(ys, s.Y)
		}
		ys = append(ys, bottom(f))
		var out []span
		for k := 0; k+1 < len(ys); k++ {
			out = append(out, span{ys[k], ys[k+1]})
		}
		return out
	}
	// nestedIn lists the alt and opt frames inside s that no other such
	// frame inside s holds.
	nestedIn := func(s span) []scene.Frame {
		var in []scene.Frame
		for _, g := range l.Frames {
			if (g.Kind == "alt" || g.Kind == "opt") && g.Y > s.top && bottom(g) < s.end {
				in = append(in, g)
			}
		}
		var top []scene.Frame
		for _, g := range in {
			held := false
			for _, h := range in {
				held = held || h.Y < g.Y && bottom(g) < bottom(h)
			}
			if !held {
				top = append(top, g)
			}
		}
		return top
	}
	var allReach func(f scene.Frame, n string) bool
	reaches := func(s span, n string) bool {
		nested := nestedIn(s)
		outside := func(y float64) bool {
			for _, g := range nested {
				if y > g.Y && y < bottom(g) {
					return false
				}
			}
			return y > s.top && y < s.end
		}
		for _, m := range l.Messages {
			for _, id := range append([]string{m.Edge}, m.Merged...) {
				if edge[id].To.ID == n && outside(topOf(m)) {
					return true
				}
			}
		}
		for _, c := range l.Continuations {
			if c.Node == n && outside(c.Y) {
				return true
			}
		}
		for _, g := range nested {
			if g.Kind == "alt" && allReach(g, n) {
				return true
			}
		}
		return false
	}
	allReach = func(f scene.Frame, n string) bool {
		for _, s := range sections(f) {
			if !reaches(s, n) {
				return false
			}
		}
		return true
	}
	var bad []string
	for _, f := range l.Frames {
		if f.Kind != "alt" && f.Kind != "opt" {
			continue
		}
		// The first note, message or frame below the frame.
		first, y := "", math.Inf(1)
		for _, n := range l.Notes {
			if n.Y > bottom(f) && n.Y < y {
				first, y = n.Node, n.Y
			}
		}
		for _, m := range l.Messages {
			if t := topOf(m); t > bottom(f) && t < y {
				first, y = "", t
			}
		}
		for _, g := range l.Frames {
			if g.Y > bottom(f) && g.Y < y {
				first, y = "", g.Y
			}
		}
		if first == "" || sends[first] || !reached[first] {
			continue // no end, or a step no edge reaches (shown last)
		}
		for k, s := range sections(f) {
			if !reaches(s, first) {
				bad = append(bad, fmt.Sprintf("the end %s shows right after %q, whose section %d never reaches it", first, f.Label, k))
			}
		}
	}
	return bad
}

// TestEndsAfterTheWaysThatReachThem: an end step that several ways
// reach shows right after a frame only when every way through the frame
// reaches it; else it shows inside the frame, in the section of its last
// message, and the other sections that reach it name it with a
// continuation. The hiring pipeline ("Send kind rejection" after an
// accepted offer), the dependency bot ("Review update" after an
// auto-merge), a permission check whose rendered document would be
// followed by the access request page, and the hand-written corpus and
// 400 generated flows.
func TestEndsAfterTheWaysThatReachThem(t *testing.T) {
	for _, name := range []string{"gallery/templates/hiring-pipeline.fz", "gallery/templates/dependency-update-bot.fz"} {
		doc := layouttest.Compile(t, name, readRepo(t, name))
		l := laySequence(doc)
		if ps := endsAfterFrames(doc, l); len(ps) > 0 {
			t.Errorf("%s: %v", name, ps)
		}
	}
	doc := layouttest.Compile(t, "permission", permissionCheck)
	l := laySequence(doc)
	for _, p := range append(endsAfterFrames(doc, l), lostWaysOn(doc, l)...) {
		t.Errorf("permission: %s", p)
	}
	found := false
	for _, c := range l.Continuations {
		found = found || c.Text == "→ Show access request page" && c.Y > messageY(t, l, "403")
	}
	if !found {
		t.Errorf("permission: continuations %v, want \"→ Show access request page\" after \"403\"", l.Continuations)
	}
	if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
		t.Errorf("permission: %v", ps)
	}
	names, corpus := handWritten(t)
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		for _, p := range endsAfterFrames(doc, laySequence(doc)) {
			t.Errorf("%s: %s", name, p)
		}
	}
	for seed := int64(0); seed < 400; seed++ {
		src, _ := breakFlow(seed)
		doc := layouttest.Compile(t, fmt.Sprintf("ends%d", seed), src)
		l := laySequence(doc)
		for _, p := range endsAfterFrames(doc, l) {
			t.Errorf("seed %d: %s\n%s", seed, p, src)
		}
		if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
			t.Errorf("seed %d: %v\n%s", seed, ps, src)
		}
	}
}

// permissionCheck: a document request passes a session check, then a
// role check; a reader with any role sees the document (an end of its
// own), one with none gets "403", and an expired session "401": both go
// to the access request page.
const permissionCheck = `client { # Browser
  n1: circle label:"Open shared document"
  n2: rectangle label:"Render document"
  n3: rectangle label:"Show access request page"
  n1.handle(bottom) -> gateway.n4.handle(top) [label="GET /docs/42"]
}
gateway { # API gateway
  n4: rectangle label:"Validate session"
  n5: diamond label:"Session valid?"
  n4.handle(right) -> n5.handle(left)
  n5.handle(bottom) -> authz.n6.handle(top) [label="valid"]
  n5.handle(top) -> client.n3.handle(bottom) [label="401, expired"]
}
authz { # Authorization service
  n6: rectangle label:"Load roles and ACL"
  n7: diamond label:"Owner, editor or viewer?"
  n8: rectangle label:"Allow"
  n9: rectangle label:"Deny"
  n6.handle(right) -> n7.handle(left)
  n7.handle(right) -> n8.handle(left) [label="any of them"]
  n7.handle(bottom) -> n9.handle(top) [label="none"]
  n8.handle(top) -> docs.n10.handle(bottom) [label="fetch"]
  n9.handle(top) -> client.n3.handle(bottom) [label="403"]
}
docs { # Document store
  n10: rectangle label:"Read document"
  n10.handle(top) -> client.n2.handle(bottom) [label="200 + HTML"]
}
`

// handWritten returns the names, sorted, of the quality corpus's
// hand-written diagrams (the generated "random" ones left out), and the
// corpus.
func handWritten(t *testing.T) ([]string, map[string]string) {
	corpus := layouttest.QualityCorpus(t)
	names := make([]string, 0, len(corpus))
	for name := range corpus {
		if !strings.HasPrefix(name, "random") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names, corpus
}

// TestWayBackOutsideSections: a message that closes a cycle outside the
// end of a section (a dashboard's "refresh later" from its last step
// back to the request; a triage's "condition changed" back to its
// question, sent after the question's frame) names the step it goes back
// to, right under it: drawn on its sender's lifeline, it read as a step
// of its own, or as the end.
func TestWayBackOutsideSections(t *testing.T) {
	cases := []struct{ name, src, msg, want string }{
		{"dashboard", `client { # Client
  n1: circle label:"Open dashboard"
  n2: rectangle label:"Request figures"
  n3: rectangle label:"Draw charts"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> server.n4.handle(top) [label="GET /figures"]
  n3.handle(right) -> n2.handle(right) [label="refresh later"]
}
server { # Server
  n4: rectangle label:"Sum the day's sales"
  n4.handle(top) -> client.n3.handle(bottom) [label="figures"]
}
`, "refresh later", "↑ Request figures"},
		{"triage", `desk { # Desk
  n1: circle label:"Caller rings"
  n1.handle(bottom) -> nurse.n2.handle(top) [label="put through"]
}
nurse { # Nurse
  n2: diamond label:"Priority?"
  n3: rectangle label:"Book a same-day slot"
  n4: rectangle label:"Call back within the hour"
  n5: rectangle label:"Send an ambulance"
  n2.handle(right) -> n3.handle(left) [label="routine"]
  n2.handle(bottom) -> n4.handle(top) [label="unsure"]
  n2.handle(top) -> n5.handle(top) [label="urgent"]
  n3.handle(right) -> n4.handle(left)
  n4.handle(right) -> n2.handle(bottom) [label="symptoms worse"]
}
`, "symptoms worse", "↑ Priority?"},
	}
	// The answer to a call from another participant is drawn as an
	// answer: no continuation names the caller.
	doc := layouttest.Compile(t, "checkout", `web { # Web
  n1: rectangle label:"Checkout page"
  n2: rectangle label:"Order confirmation"
  n1.handle(bottom) -> api.n3.handle(top) [label="POST /orders"]
}
api { # API
  n3: rectangle label:"Create order"
  n4: rectangle label:"Reserve items"
  n3.handle(top) -> web.n1.handle(bottom) [label="201 Created"]
  n3.handle(right) -> n4.handle(left)
  n4.handle(top) -> web.n2.handle(bottom) [label="reserved"]
}
`)
	if l := laySequence(doc); len(l.Continuations) > 0 {
		t.Errorf("checkout: continuations %v, want none (\"201 Created\" answers the call)", l.Continuations)
	}
	for _, c := range cases {
		doc := layouttest.Compile(t, c.name, c.src)
		l := laySequence(doc)
		y := messageY(t, l, c.msg)
		found := false
		for _, k := range l.Continuations {
			found = found || k.Text == c.want && k.Y > y
		}
		if !found {
			t.Errorf("%s: continuations %v, want %q under %q", c.name, l.Continuations, c.want, c.msg)
		}
		for _, p := range lostWaysOn(doc, l) {
			t.Errorf("%s: %s", c.name, p)
		}
	}
}
