package sequence

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"flowzap/internal/diag"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// endedSections lists the sections of alt and opt frames that end while
// a way through the frame goes on past it. Ways are followed by the
// messages drawn from the frame's top down: a step reached that sends a
// message drawn below the frame (and following it, see follows) goes
// on past it when it hangs on the frame's decision (see hangsOn: no
// message into it can be sent on a way where the decision is asked
// whatever it chooses, as a fan-out's other requests can); what a step
// that does not hang sends below the frame is on another account and
// is not followed. One that sends a message drawn above the frame goes
// back round (a retry: the step was there before the frame), which does
// not end either, and what it sends is not followed. A section that reaches neither stops at end steps.
// By the notation whatever follows a frame follows each of its
// sections, so such a section must be a break frame when another
// section goes on past the frame. Frames inside a loop frame are left
// out (a loop's way out is its own frame).
func endedSections(doc *model.Document, l *scene.SequenceLayout) []string {
	type msg struct {
		to string
		y  float64
	}
	out := map[string][]msg{}
	sender := map[string]string{} // edge ID to the step that sends it
	edge := map[string]*model.Edge{}
	node := map[string]*model.Node{}
	for _, e := range doc.Edges {
		sender["e"+strconv.Itoa(e.Index+1)] = e.From.ID
		edge["e"+strconv.Itoa(e.Index+1)] = e
	}
	for _, n := range doc.Nodes {
		node[n.ID] = n
	}
	hg := newHanger(doc, model.Order(doc, "").Back)
	for _, m := range l.Messages {
		for _, id := range append([]string{m.Edge}, m.Merged...) {
			out[sender[id]] = append(out[sender[id]], msg{m.To, topOf(m)})
		}
	}
	inLoop := func(f scene.Frame) bool {
		for _, g := range l.Frames {
			if g.Kind == "loop" && g.Y <= f.Y && f.Y+f.H <= g.Y+g.H {
				return true
			}
		}
		return false
	}
	var bad []string
	for _, f := range l.Frames {
		if (f.Kind != "alt" && f.Kind != "opt") || inLoop(f) {
			continue
		}
		bottom := f.Y + f.H
		// The frame's decision sends its first message.
		var decision *model.Node
		first := bottom
		for _, m := range l.Messages {
			if y := topOf(m); y > f.Y && y < first {
				first, decision = y, edge[m.Edge].From
			}
		}
		if decision == nil {
			continue
		}
		hangs := map[string]bool{}
		hanging := func(n string) bool {
			h, ok := hangs[n]
			if !ok {
				h = hg.hangsOn(node[n], decision)
				hangs[n] = h
			}
			return h
		}
		after := map[string]bool{} // steps that send a message following the frame
		for _, m := range l.Messages {
			if topOf(m) > bottom && follows(l, f, m) {
				for _, id := range append([]string{m.Edge}, m.Merged...) {
					after[sender[id]] = true
				}
			}
		}
		tops := []float64{f.Y}
		guards := []string{f.Label}
		for _, s := range f.Sections {
			tops = append(tops, s.Y)
			guards = append(guards, s.Guard)
		}
		tops = append(tops, bottom)
		var ended []string
		past := false
		for k := range guards {
			seen := map[string]bool{}
			var todo []string
			for _, m := range l.Messages {
				if y := m.Points[0][1]; y > tops[k] && y < tops[k+1] && !seen[m.To] {
					seen[m.To] = true
					todo = append(todo, m.To)
				}
			}
			if len(todo) == 0 {
				continue
			}
			goes, back := false, false
			for len(todo) > 0 {
				n := todo[len(todo)-1]
				todo = todo[:len(todo)-1]
				earlier := false // n sends from above the frame: a retry's target
				for _, m := range out[n] {
					earlier = earlier || m.y < f.Y
				}
				if earlier {
					back = true // what it sends is the earlier decision's way
					continue
				}
				goes = goes || after[n] && hanging(n)
				for _, m := range out[n] {
					if m.y > bottom && !hanging(n) {
						continue // on another account
					}
					if !seen[m.to] {
						seen[m.to] = true
						todo = append(todo, m.to)
					}
				}
			}
			past = past || goes
			if !goes && !back {
				ended = append(ended, guards[k])
			}
		}
		if past {
			for _, g := range ended {
				bad = append(bad, fmt.Sprintf("%s: section %q ends, yet a way through the frame goes on past it", f.Label, g))
			}
		}
	}
	return bad
}

// follows reports whether message m, below frame f, follows it: it is
// not in a later section of a frame around f (another alternative), and
// not after a break frame around f.
func follows(l *scene.SequenceLayout, f scene.Frame, m scene.Message) bool {
	y := topOf(m)
	section := func(g scene.Frame, y float64) int {
		k := 0
		for _, s := range g.Sections {
			if y > s.Y {
				k++
			}
		}
		return k
	}
	for _, g := range l.Frames {
		if g.Y >= f.Y || f.Y+f.H > g.Y+g.H || g.Kind == "loop" {
			continue // not around f
		}
		inside := y <= g.Y+g.H
		if g.Kind == "break" && !inside || inside && section(g, y) != section(g, f.Y) {
			return false
		}
	}
	return true
}

// hanger answers whether steps hang on decisions (see hangsOn) in one
// document; back marks the edges that close a cycle (left out
// throughout).
type hanger struct {
	into  map[*model.Node][]*model.Edge
	out   map[*model.Node][]*model.Edge // every edge, retries too
	outs  map[*model.Node]int
	leads map[*model.Node]map[*model.Node]bool // by decision: the steps that lead to it
}

func newHanger(doc *model.Document, back []bool) *hanger {
	h := &hanger{into: map[*model.Node][]*model.Edge{}, out: map[*model.Node][]*model.Edge{}, outs: map[*model.Node]int{}, leads: map[*model.Node]map[*model.Node]bool{}}
	for _, e := range doc.Edges {
		h.outs[e.From]++
		h.out[e.From] = append(h.out[e.From], e)
		if !back[e.Index] {
			h.into[e.To] = append(h.into[e.To], e)
		}
	}
	return h
}

// hangsOn reports whether step n hangs on decision d: every edge into
// it is sent on d's ways, on ways that d excludes (see besides), or
// from a step that n leads to (by any edges: a reply round to it; not
// past a step that leads to d, where d is asked again). A step nothing
// enters but a retry is a start of its own: it does not.
func (h *hanger) hangsOn(n, d *model.Node) bool {
	if len(h.into[n]) == 0 {
		return false
	}
	var later map[*model.Node]bool // the steps n leads to
	for _, g := range h.into[n] {
		if !h.besides(d, g) {
			continue
		}
		if later == nil {
			later = map[*model.Node]bool{}
			todo := []*model.Node{n}
			for len(todo) > 0 {
				m := todo[len(todo)-1]
				todo = todo[:len(todo)-1]
				for _, o := range h.out[m] {
					if !later[o.To] {
						later[o.To] = true
						if !h.leads[d][o.To] { // past it, d is asked again: a new round
							todo = append(todo, o.To)
						}
					}
				}
			}
		}
		if !later[g.From] {
			return false
		}
	}
	return true
}

// besides reports whether edge g is sent whatever decision d chooses:
// following the edges back from its sender, without passing d, one
// comes to a step that leads to d and is no decision (it sends both
// towards d and towards g: a fan-out), or to a step nothing enters that
// does not lead to d (a start of its own). Back from a step, the ways
// stop at a decision that leads to d: its outcome towards g excludes d
// (unless that outcome leads to d too).
func (h *hanger) besides(d *model.Node, g *model.Edge) bool {
	decision := func(n *model.Node) bool { return n.Shape == model.Diamond && h.outs[n] >= 2 }
	leads := h.leads[d]
	if leads == nil {
		leads = map[*model.Node]bool{}
		todo := []*model.Node{d}
		for len(todo) > 0 {
			n := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			for _, e := range h.into[n] {
				if e.From != d && !leads[e.From] {
					leads[e.From] = true
					todo = append(todo, e.From)
				}
			}
		}
		h.leads[d] = leads
	}
	seen := map[*model.Node]bool{}
	todo := []*model.Edge{g}
	for len(todo) > 0 {
		e := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		x := e.From
		switch {
		case x == d:
			continue
		case leads[x]:
			if !decision(x) || leads[e.To] || e.To == d {
				return true
			}
			continue
		case seen[x]:
			continue
		}
		seen[x] = true
		if len(h.into[x]) == 0 {
			return true
		}
		todo = append(todo, h.into[x]...)
	}
	return false
}

// needlessBreaks lists the decisions drawn with break frames although no
// way through their other alternatives goes on past the frame to a step
// that hangs on the decision (see hangsOn), and none of them is the way
// round ("else"): what follows the frame would happen whatever the
// decision chose (another request of a fan-out), so the ended
// alternative is just an alternative.
func needlessBreaks(doc *model.Document) []string {
	f := model.Order(doc, "")
	h := newHanger(doc, f.Back)
	var bad []string
	for _, a := range f.Alts {
		if a.Breaks == 0 {
			continue
		}
		found := false
		for _, b := range a.Branches[a.Breaks:] {
			// The way round ("else", an imported Mermaid break) goes
			// on for the decision whatever follows the frame.
			found = found || strings.EqualFold(f.Edges[b[0]].Label, "else")
			for p := b[0]; p < b[1] && !found; p++ {
				n := f.Edges[p].To
				for _, o := range doc.Edges {
					if o.From == n && f.Pos[o.Index] >= a.End() && h.hangsOn(n, a.Decision) {
						found = true
						break
					}
				}
			}
		}
		if !found {
			bad = append(bad, fmt.Sprintf("%s: %d break frames, yet nothing after the frame hangs on it", a.Decision.Title(), a.Breaks))
		}
	}
	return bad
}

// breakFlow generates flow seed of the break tests: one to four lanes of
// nested decisions whose ways meet (meetGen), with fan-out requests on
// odd seeds. It returns the code and how many requests fanOut added.
func breakFlow(seed int64) (string, int) {
	r := rand.New(rand.NewSource(seed))
	lanes := 1 + r.Intn(4)
	g := &meetGen{r: r, lanes: lanes, nodes: make([][]string, lanes), edges: make([][]string, lanes), lane: map[string]int{}}
	g.source()
	requests := 0
	if seed%2 == 1 {
		requests = fanOut(g)
	}
	var b strings.Builder
	for i := range g.nodes {
		fmt.Fprintf(&b, "l%d { # Lane %d\n%s\n%s\n}\n", i, i, strings.Join(g.nodes[i], "\n"), strings.Join(g.edges[i], "\n"))
	}
	return b.String(), requests
}

// fanOut adds requests from the start, or from a random step, to the
// steps that some decision outcomes go to (a gateway that also calls
// the services a check decides between), and returns how many.
func fanOut(g *meetGen) int {
	outcome := regexp.MustCompile(`-> l\d+\.(n\d+)\.handle\(left\) \[label="n\d+-b\d+"\]`)
	var targets, steps []string
	for _, es := range g.edges {
		for _, e := range es {
			if m := outcome.FindStringSubmatch(e); m != nil {
				targets = append(targets, m[1])
			}
		}
	}
	for _, ns := range g.nodes {
		for _, n := range ns {
			if strings.Contains(n, "rectangle") {
				steps = append(steps, strings.Fields(n)[0][:len(strings.Fields(n)[0])-1])
			}
		}
	}
	if len(targets) == 0 {
		return 0
	}
	k := 1 + g.r.Intn(2)
	for range k {
		from := "n1"
		if g.r.Intn(2) == 0 {
			from = steps[g.r.Intn(len(steps))]
		}
		g.edge(from, targets[g.r.Intn(len(targets))], "request")
	}
	return k
}

// Two diagrams of our own. In the first the error paths meet after the
// frames ("Build error", then "Error" to the client), as in
// api-gateway: "Out of stock?" ends its "No" way with the confirmation,
// and what follows the frames hangs on its "Yes" (and on the card
// check's "No", which excludes it): a real break. In the second a
// gateway fans out: it asks the order service, whose fraud check sends
// "Yes" to the payment service and "No" to support, and it calls both
// itself too ("POST /payments", "POST /tickets"). The payment service's
// "captured" comes after the gateway's own request whatever the check
// chose, so "No" ending at support is no break.
const (
	realBreak = `client { # Client
  n1: circle label:"Place order"
  n2: rectangle label:"Show confirmation"
  n3: rectangle label:"Show error"
  n1.handle(bottom) -> api.n4.handle(top) [label="POST /orders"]
}
api { # Order API
  n4: diamond label:"Card valid?"
  n5: diamond label:"Out of stock?"
  n6: rectangle label:"Build error"
  n7: rectangle label:"Reserve items"
  n4.handle(right) -> n5.handle(left) [label="Yes"]
  n4.handle(bottom) -> n6.handle(top) [label="No"]
  n5.handle(right) -> n6.handle(left) [label="Yes"]
  n5.handle(bottom) -> n7.handle(top) [label="No"]
  n7.handle(top) -> client.n2.handle(bottom) [label="201 Created"]
  n6.handle(top) -> client.n3.handle(bottom) [label="Error"]
}
`
	fanOutNoBreak = `gw { # Gateway
  n1: circle label:"Request"
  n2: rectangle label:"Route"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> svc.n3.handle(top) [label="POST /orders"]
  n2.handle(bottom) -> svc.n5.handle(top) [label="POST /payments"]
  n2.handle(bottom) -> svc.n6.handle(top) [label="POST /tickets"]
}
svc { # Services
  n3: rectangle label:"Create order"
  n4: diamond label:"Fraud check passed?"
  n5: rectangle label:"Capture payment"
  n6: rectangle label:"Open support ticket"
  n3.handle(right) -> n4.handle(left)
  n4.handle(right) -> n5.handle(left) [label="Yes"]
  n4.handle(bottom) -> n6.handle(top) [label="No"]
  n5.handle(bottom) -> data.n7.handle(top) [label="captured"]
}
data { # Ledger
  n7: rectangle label:"Record payment"
}
`
)

// TestEndedSectionsBreak: an alternative that ends while what follows
// the frame hangs on the decision's other alternatives is a break frame
// (api-gateway: the successful request ends at "Show response" while the
// error paths go on to "Build error response" after the frames; the
// diagram realBreak; subscription-renewal-dunning, where "Extend
// subscription" after the late "Paid before day 14?" is reached by it or
// by the first payment's "Yes", which excludes it). One whose frame is
// followed only by what would happen whatever the decision chose (the
// fan-out of fanOutNoBreak and import-mermaid-orders: the gateway's own
// requests) is an alt section, no break. Generated decision structures,
// with and without such fan-out requests, and every template keep both
// rules; every edge is still drawn once (see TestAlternativesMeetOnce).
func TestEndedSectionsBreak(t *testing.T) {
	src := readRepo(t, "gallery/templates/api-gateway.fz")
	doc := layouttest.Compile(t, "gw", src)
	l := laySequence(doc)
	for _, p := range endedSections(doc, l) {
		t.Errorf("api-gateway: %s", p)
	}
	breakY, errY := -1.0, messageY(t, l, "Error")
	for _, f := range l.Frames {
		if f.Label == "break [Yes]" {
			breakY = f.Y + f.H
			if ok := messageY(t, l, "200 OK"); ok < f.Y || ok > breakY {
				t.Errorf("api-gateway: \"200 OK\" (y=%.0f) is outside the break frame", ok)
			}
		}
	}
	if breakY < 0 || errY < breakY {
		t.Errorf("api-gateway: no break frame [Yes] above \"Error\" (y=%.0f)", errY)
	}
	// The timeout is the one way on left at that decision: unframed,
	// labelled.
	if messageY(t, l, "Timeout") < breakY {
		t.Errorf("api-gateway: \"Timeout\" does not follow the break frame")
	}

	kinds := func(l *scene.SequenceLayout) string {
		var ks []string
		for _, f := range l.Frames {
			ks = append(ks, f.Label)
		}
		return strings.Join(ks, ", ")
	}
	doc = layouttest.Compile(t, "real-break", realBreak)
	l = laySequence(doc)
	if got, want := kinds(l), "alt [Yes], break [No]"; got != want {
		t.Errorf("realBreak: frames %q, want %q", got, want)
	}
	for _, f := range l.Frames {
		if y := messageY(t, l, "201 Created"); f.Kind == "break" && (y < f.Y || y > f.Y+f.H) {
			t.Errorf("realBreak: \"201 Created\" (y=%.0f) is outside the break frame", y)
		}
	}
	doc = layouttest.Compile(t, "fan-out", fanOutNoBreak)
	l = laySequence(doc)
	if got, want := kinds(l), "alt [Yes]"; got != want {
		t.Errorf("fanOutNoBreak: frames %q, want %q", got, want)
	}
	if messageY(t, l, "captured") < messageY(t, l, "POST /payments") {
		t.Errorf("fanOutNoBreak: \"captured\" comes before the gateway's \"POST /payments\"")
	}
	for _, c := range []struct{ file, want string }{
		{"internal/layout/layouttest/testdata/unseen/import-mermaid-orders.fz", "alt [Yes]"},
		{"gallery/templates/subscription-renewal-dunning.fz", "alt [Yes], break [No]"},
	} {
		doc := layouttest.Compile(t, c.file, readRepo(t, c.file))
		if got := kinds(laySequence(doc)); got != c.want {
			t.Errorf("%s: frames %q, want %q", filepath.Base(c.file), got, c.want)
		}
	}
	for _, src := range []string{realBreak, fanOutNoBreak} {
		doc := layouttest.Compile(t, "own", src)
		for _, p := range append(endedSections(doc, laySequence(doc)), needlessBreaks(doc)...) {
			t.Errorf("%s\n%s", p, src)
		}
	}

	// A break's sequence stops there: a request it leaves pending is not
	// pending after the frame (dependency-update-bot's "Major" to the
	// maintainers before the tests run; expense-report's audit before the
	// employee adds a receipt).
	for _, name := range []string{"dependency-update-bot", "expense-report"} {
		if u := codes(sequenceDiags(readRepo(t, "gallery/templates/"+name+".fz"), ""), diag.PingPong); len(u) != 0 {
			t.Errorf("%s: out of turn after a break: %q", name, u)
		}
	}

	breaks, requests := 0, 0
	for seed := int64(0); seed < 400; seed++ {
		src, n := breakFlow(seed)
		requests += n
		doc := layouttest.Compile(t, fmt.Sprintf("break%d", seed), src)
		l := laySequence(doc)
		for _, p := range append(endedSections(doc, l), needlessBreaks(doc)...) {
			t.Errorf("seed %d: %s\n%s", seed, p, src)
		}
		for _, f := range l.Frames {
			if f.Kind == "break" {
				breaks++
			}
		}
	}
	if breaks == 0 || requests == 0 {
		t.Errorf("generated: %d break frames, %d fan-out requests", breaks, requests)
	}
	t.Logf("%d break frames, %d fan-out requests", breaks, requests)

	files, _ := filepath.Glob(filepath.Join(layouttest.Root(), "gallery/templates/*.fz"))
	for _, file := range files {
		src := readRepo(t, filepath.Join("gallery/templates", filepath.Base(file)))
		doc := layouttest.Compile(t, filepath.Base(file), src)
		for _, p := range append(endedSections(doc, laySequence(doc)), needlessBreaks(doc)...) {
			t.Errorf("%s: %s", filepath.Base(file), p)
		}
	}
}

// TestParallelReviewsNoBreak: a draft goes to two or three reviewers at
// once; each one's "Yes" goes to a step that waits for every sign-off,
// each one's "No" to one shared "Revise draft" whose new version goes
// back to the submission. Neither outcome of a review goes on past its
// frame on its own account (the revision's way back to the other
// reviewers asks them again: a new round, not an answer to it), so each
// review is an alt frame holding both its outcomes, no break. Generated
// over the reviewers, the outcomes' written order and the lanes.
func TestParallelReviewsNoBreak(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for c := 0; c < 24; c++ {
		reviewers := 2 + rng.Intn(2)
		var b strings.Builder
		b.WriteString("author { # Author\nn1: circle label:\"Draft ready\"\nn2: rectangle label:\"Submit for review\"\nn3: rectangle label:\"Revise draft\"\nn4: circle label:\"Published\"\nn1.handle(right) -> n2.handle(left)\n")
		for r := 0; r < reviewers; r++ {
			fmt.Fprintf(&b, "n2.handle(bottom) -> r%d.n%d.handle(top) [label=\"draft to %d\"]\n", r, 10+2*r, r)
		}
		b.WriteString("n3.handle(right) -> n2.handle(bottom) [label=\"new version\"]\n}\n")
		for r := 0; r < reviewers; r++ {
			rv, dc := 10+2*r, 11+2*r
			fmt.Fprintf(&b, "r%d { # Reviewer %d\nn%d: rectangle label:\"Review %d\"\nn%d: diamond label:\"Sign off %d?\"\nn%d.handle(right) -> n%d.handle(left)\n", r, r, rv, r, dc, r, rv, dc)
			yes := fmt.Sprintf("n%d.handle(right) -> pub.n5.handle(top) [label=\"Yes %d\"]\n", dc, r)
			no := fmt.Sprintf("n%d.handle(top) -> author.n3.handle(bottom) [label=\"No %d\"]\n", dc, r)
			if rng.Intn(2) == 0 {
				b.WriteString(yes + no)
			} else {
				b.WriteString(no + yes)
			}
			b.WriteString("}\n")
		}
		b.WriteString("pub { # Publishing\nn5: rectangle label:\"Wait for every sign-off\"\nn6: rectangle label:\"Publish\"\nn5.handle(right) -> n6.handle(left)\nn6.handle(top) -> author.n4.handle(bottom) [label=\"live\"]\n}\n")
		src := b.String()
		doc := layouttest.Compile(t, fmt.Sprintf("reviews%d", c), src)
		l := laySequence(doc)
		alts := 0
		for _, f := range l.Frames {
			switch f.Kind {
			case "break":
				t.Errorf("case %d: %s, want no break frame\n%s", c, f.Label, src)
			case "alt":
				alts++
			}
		}
		if alts != reviewers {
			t.Errorf("case %d: %d alt frames for %d reviews\n%s", c, alts, reviewers, src)
		}
		for _, p := range endedSections(doc, l) {
			t.Errorf("case %d: %s\n%s", c, p, src)
		}
		if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
			t.Errorf("case %d: problems: %v\n%s", c, ps, src)
		}
	}
}

// pollUntilReady: a client polls a report job in a loop. The job's
// "cancelled" answer leaves the loop for good (the client shows that it
// was cancelled, and nothing follows); "active" asks the renderer, whose
// progress and heartbeat both reach "Done?" (a join, drawn after the
// state's frame), where "no" goes round and "yes" leaves to the
// download.
const pollUntilReady = `client { # Client
  n1: circle label:"Ask for report"
  n2: rectangle label:"Wait 5 s and ask again"
  n3: rectangle label:"Show cancelled"
  n4: rectangle label:"Download report"
  n1.handle(bottom) -> jobs.n5.handle(top) [label="POST /reports"]
  n2.handle(bottom) -> jobs.n5.handle(top) [label="GET /reports/7"]
}
jobs { # Report jobs
  n5: rectangle label:"Look up job"
  n6: diamond label:"State?"
  n7: rectangle label:"Ask renderer"
  n8: diamond label:"Done?"
  n5.handle(right) -> n6.handle(left)
  n6.handle(top) -> client.n3.handle(bottom) [label="cancelled"]
  n6.handle(right) -> n7.handle(left) [label="active"]
  n7.handle(bottom) -> render.n9.handle(top) [label="progress?"]
  n8.handle(top) -> client.n4.handle(bottom) [label="yes: PDF"]
  n8.handle(bottom) -> client.n2.handle(top) [label="no"]
  loop [until done or cancelled] n5 n6 n7 n8 n2
}
render { # Renderer
  n9: rectangle label:"Count rendered pages"
  n10: rectangle label:"Send heartbeat"
  n9.handle(top) -> jobs.n8.handle(bottom) [label="42 of 60 pages"]
  n9.handle(right) -> n10.handle(left)
  n10.handle(top) -> jobs.n8.handle(bottom) [label="alive"]
}
`

// TestBreakOutOfLoop: inside a loop, a decision's branch that leaves
// the loop for good and stops ("cancelled" to "Show cancelled"; the
// payment retry's "declined: risk") is a break frame inside the loop
// frame, drawn before the branches that go on, so that what follows
// the decision's frame does not read as following it; the branches that
// go round or leave by the loop's way out keep their frames.
func TestBreakOutOfLoop(t *testing.T) {
	for _, c := range []struct{ name, src, brk, msg string }{
		{"poll", pollUntilReady, "break [cancelled]", "Show cancelled"},
		{"payment-retry-loop", readRepo(t, "internal/layout/layouttest/testdata/unseen/payment-retry-loop.fz"), "break [declined: risk]", "Show declined"},
	} {
		doc := layouttest.Compile(t, c.name, c.src)
		l := laySequence(doc)
		var loop, brk *scene.Frame
		for i := range l.Frames {
			switch f := &l.Frames[i]; {
			case f.Kind == "loop":
				loop = f
			case f.Label == c.brk:
				brk = f
			}
		}
		if loop == nil || brk == nil {
			var ls []string
			for _, f := range l.Frames {
				ls = append(ls, f.Label)
			}
			t.Errorf("%s: frames %q, want a loop holding %q", c.name, ls, c.brk)
			continue
		}
		if brk.Y < loop.Y || brk.Y+brk.H > loop.Y+loop.H {
			t.Errorf("%s: %q (y %.0f-%.0f) is not inside the loop (y %.0f-%.0f)", c.name, c.brk, brk.Y, brk.Y+brk.H, loop.Y, loop.Y+loop.H)
		}
		if y := messageY(t, l, c.msg); y < brk.Y || y > brk.Y+brk.H {
			t.Errorf("%s: %q (y %.0f) is outside %q", c.name, c.msg, y, c.brk)
		}
		for _, p := range append(endedSections(doc, l), lostWaysOn(doc, l)...) {
			t.Errorf("%s: %s", c.name, p)
		}
		if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
			t.Errorf("%s: %v", c.name, ps)
		}
	}
}
