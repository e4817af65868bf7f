package model_test

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"flowzap/internal/compile"
	"flowzap/internal/model"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

func doc(t testing.TB, src string) *model.Document {
	t.Helper()
	f := source.NewFile("t.fz", []byte(src))
	tree, pd := syntax.Parse(f)
	d, cd := compile.File(tree, compile.Options{})
	if all := append(pd, cd...); all.HasErrors() {
		t.Fatalf("test diagram has errors: %v", all.Err())
	}
	return d
}

// labels names each message by its label, or "from>to" when it has none.
func labels(edges []*model.Edge) string {
	var out []string
	for _, e := range edges {
		if e.Label != "" {
			out = append(out, e.Label)
		} else {
			out = append(out, e.From.ID+">"+e.To.ID)
		}
	}
	return strings.Join(out, ", ")
}

// sections names the messages of each section of a, sections apart by " | ".
func sections(f *model.Flow, a model.Alt) string {
	var br []string
	for _, b := range a.Branches {
		br = append(br, labels(f.Edges[b[0]:b[1]]))
	}
	return strings.Join(br, " | ")
}

// Two round trips, each with a nested call, written lane by lane (so the
// written order is scrambled).
const roundTrips = `browser { # Browser
  n1: circle label:"Open app"
  n2: rectangle label:"Show dashboard"
  n3: rectangle label:"Show profile"
  n1.handle(bottom) -> api.n4.handle(top) [label="POST /login"]
  n2.handle(bottom) -> api.n6.handle(top) [label="GET /me"]
}
api { # API
  n4: rectangle label:"Check password"
  n5: rectangle label:"Issue session"
  n6: rectangle label:"Load profile"
  n7: rectangle label:"Build page"
  n4.handle(bottom) -> db.n8.handle(top) [label="SELECT user"]
  n5.handle(top) -> browser.n2.handle(bottom) [label="200 session"]
  n6.handle(bottom) -> cache.n10.handle(top) [label="GET profile"]
  n7.handle(top) -> browser.n3.handle(bottom) [label="200 profile"]
}
db { # Database
  n8: rectangle label:"Find row"
  n8.handle(top) -> api.n5.handle(bottom) [label="row"]
}
cache { # Cache
  n10: rectangle label:"Hit"
  n10.handle(top) -> api.n7.handle(bottom) [label="profile"]
}
`

func TestFlowOrderRoundTrips(t *testing.T) {
	d := doc(t, roundTrips)
	f := model.Order(d, "")
	want := "POST /login, SELECT user, row, 200 session, GET /me, GET profile, profile, 200 profile"
	if got := labels(f.Edges); got != want {
		t.Errorf("flow order:\n got %s\nwant %s", got, want)
	}
	if got := labels(model.Order(d, model.WrittenOrder).Edges); !strings.HasPrefix(got, "POST /login, GET /me, SELECT user") {
		t.Errorf("written order: got %s", got)
	}
	c := talksCleanly(t, d, f)
	replies := map[string]string{}
	for _, e := range d.Edges {
		if r := c.Reply[e.Index]; r != nil {
			replies[e.Label] = r.Label
		}
	}
	if got := fmt.Sprint(replies); got != "map[200 profile:GET /me 200 session:POST /login profile:GET profile row:SELECT user]" {
		t.Errorf("replies: %s", got)
	}
	// Written order reads the same diagram as out of turn and unanswered.
	w := model.Converse(d, model.Order(d, model.WrittenOrder))
	if len(w.Unanswered) == 0 && len(w.OutOfTurn) == 0 {
		t.Errorf("written order should break the ping-pong rule on this diagram")
	}
}

// A decision whose alternatives each answer the pending request, nested in
// another decision, with a join after both.
const decisions = `client { # Client
  n1: circle label:"Start"
  n2: rectangle label:"Show result"
  n3: rectangle label:"Show error"
  n4: circle label:"Done"
  n1.handle(bottom) -> srv.n5.handle(top) [label="request"]
  n2.handle(right) -> n4.handle(left)
  n3.handle(right) -> n4.handle(left)
}
srv { # Server
  n5: diamond label:"Valid?"
  n6: rectangle label:"Work"
  n7: diamond label:"Worked?"
  n5.handle(right) -> n6.handle(left) [label="Yes"]
  n5.handle(top) -> client.n3.handle(bottom) [label="400"]
  n6.handle(right) -> n7.handle(left)
  n7.handle(top) -> client.n2.handle(bottom) [label="200"]
  n7.handle(bottom) -> client.n3.handle(bottom) [label="500"]
}
`

func TestFlowOrderDecisions(t *testing.T) {
	d := doc(t, decisions)
	f := model.Order(d, "")
	// n3 is entered from both decisions, so it waits until the frame of
	// the outer one closes; n2 has one way in and stays in its branch.
	want := "request, Yes, n6>n7, 200, n2>n4, 500, 400, n3>n4"
	if got := labels(f.Edges); got != want {
		t.Errorf("flow order:\n got %s\nwant %s", got, want)
	}
	var alts []string
	for _, a := range f.Alts {
		alts = append(alts, a.Decision.ID+": "+sections(f, a))
	}
	if got, want := strings.Join(alts, "; "), "n7: 200, n2>n4 | 500; n5: Yes, n6>n7, 200, n2>n4, 500 | 400"; got != want {
		t.Errorf("alternatives:\n got %s\nwant %s", got, want)
	}
	c := talksCleanly(t, d, f)
	for _, l := range []string{"200", "500", "400"} {
		for _, e := range d.Edges {
			if e.Label == l && c.Reply[e.Index] == nil {
				t.Errorf("%s is not read as the reply to request", l)
			}
		}
	}
}

// A retry loop: the edge back to the request closes a cycle and must not
// hold the walk up; the retry comes before the way out of the loop
// (written after it).
const retry = `app { # App
  n1: circle label:"Start"
  n2: rectangle label:"Send"
  n3: diamond label:"Acked?"
  n4: circle label:"End"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> queue.n5.handle(top) [label="publish"]
  n3.handle(right) -> n4.handle(left) [label="Yes"]
  n3.handle(top) -> n2.handle(top) [label="Retry"]
  loop [until acked] n2 n3
}
queue { # Queue
  n5: rectangle label:"Store"
  n5.handle(top) -> app.n3.handle(bottom) [label="ack"]
}
`

func TestFlowOrderLoop(t *testing.T) {
	d := doc(t, retry)
	f := model.Order(d, "")
	if got, want := labels(f.Edges), "n1>n2, publish, ack, Retry, Yes"; got != want {
		t.Errorf("flow order:\n got %s\nwant %s", got, want)
	}
	talksCleanly(t, d, f)
}

// TestOrderInvariants generates random graphs (cycles, several starts,
// unreachable parts, decisions) and checks that every order is a
// permutation, Pos is its inverse and alternatives nest and start with
// their decision's outcomes.
func TestOrderInvariants(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	shapes := []string{"circle", "rectangle", "diamond", "rectangle"}
	for round := 0; round < 300; round++ {
		lanes, nodes := 1+rng.Intn(4), 2+rng.Intn(14)
		var b strings.Builder
		edges := make([][]string, lanes)
		for i := 1; i <= nodes; i++ {
			edges[i%lanes] = append(edges[i%lanes], "")
		}
		for k := 0; k < rng.Intn(3*nodes); k++ {
			a, c := 1+rng.Intn(nodes), 1+rng.Intn(nodes)
			edges[a%lanes] = append(edges[a%lanes], fmt.Sprintf("  n%d.handle(right) -> l%d.n%d.handle(left) [label=\"e%d\"]\n", a, c%lanes, c, k))
		}
		for l := 0; l < lanes; l++ {
			fmt.Fprintf(&b, "l%d {\n", l)
			for i := 1; i <= nodes; i++ {
				if i%lanes == l {
					fmt.Fprintf(&b, "  n%d: %s label:\"N%d\"\n", i, shapes[rng.Intn(len(shapes))], i)
				}
			}
			for _, e := range edges[l] {
				b.WriteString(e)
			}
			b.WriteString("}\n")
		}
		d := doc(t, b.String())
		for _, order := range model.Orders {
			f := model.Order(d, order)
			if len(f.Edges) != len(d.Edges) {
				t.Fatalf("round %d %s: %d of %d edges\n%s", round, order, len(f.Edges), len(d.Edges), b.String())
			}
			seen := make([]bool, len(d.Edges))
			for p, e := range f.Edges {
				if seen[e.Index] || f.Pos[e.Index] != p {
					t.Fatalf("round %d %s: edge %d twice or Pos wrong\n%s", round, order, e.Index, b.String())
				}
				seen[e.Index] = true
			}
			if order == model.WrittenOrder {
				continue
			}
			for _, a := range f.Alts {
				for k, br := range a.Branches {
					if br[0] >= br[1] || f.Edges[br[0]].From != a.Decision || (k > 0 && a.Branches[k-1][1] != br[0]) {
						t.Fatalf("round %d: alternative of %s has a bad branch %v\n%s", round, a.Decision.ID, a.Branches, b.String())
					}
				}
				for _, o := range f.Alts {
					if o.Start() < a.Start() && a.Start() < o.End() && o.End() < a.End() {
						t.Fatalf("round %d: alternatives of %s and %s cross\n%s", round, a.Decision.ID, o.Decision.ID, b.String())
					}
				}
			}
			model.Converse(d, f) // must not panic
		}
	}
}

// TestOrderLongChain walks a long chain without recursion.
func TestOrderLongChain(t *testing.T) {
	var b strings.Builder
	b.WriteString("a {\n")
	const n = 20000
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  n%d: rectangle label:\"S\"\n", i)
	}
	for i := n; i > 1; i-- { // written backwards
		fmt.Fprintf(&b, "  n%d.handle(right) -> n%d.handle(left)\n", i-1, i)
	}
	b.WriteString("}\n")
	d := doc(t, b.String())
	f := model.Order(d, "")
	for p, e := range f.Edges {
		if e.From.ID != fmt.Sprintf("n%d", p+1) {
			t.Fatalf("position %d is %s>%s", p, e.From.ID, e.To.ID)
		}
	}
}

func BenchmarkOrder(b *testing.B) {
	d := doc(b, roundTrips)
	for b.Loop() {
		model.Converse(d, model.Order(d, ""))
	}
}

// BenchmarkConverseUnanswered: 20,000 requests from one lane to another,
// none answered (the worst case for finding answers), in flow order.
func BenchmarkConverseUnanswered(b *testing.B) {
	var s strings.Builder
	const n = 20000
	s.WriteString("c {\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&s, "  n%d: rectangle label:\"Ask\"\n", i)
	}
	for i := 1; i < n; i++ {
		fmt.Fprintf(&s, "  n%d.handle(right) -> n%d.handle(left)\n  n%d.handle(bottom) -> s.m%d.handle(top)\n", i, i+1, i, i)
	}
	s.WriteString("}\ns {\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&s, "  m%d: rectangle label:\"Note\"\n", i)
	}
	s.WriteString("}\n")
	d := doc(b, s.String())
	f := model.Order(d, "")
	for b.Loop() {
		model.Converse(d, f)
	}
}

// Both answers lead A on to the same call: it is one message after the
// frame, and the conversation reads it once (no request out of turn).
func TestSameMessageAfterEveryAlternative(t *testing.T) {
	d := doc(t, `A { # A
  n1: circle label:"Start"
  n2: rectangle label:"200"
  n3: rectangle label:"500"
  n4: rectangle label:"done"
  n1.handle(bottom) -> B.n5.handle(top) [label="req"]
  n2.handle(bottom) -> C.n7.handle(top) [label="log it"]
  n3.handle(bottom) -> C.n7.handle(top) [label="log it"]
}
B { # B
  n5: diamond label:"ok?"
  n5.handle(top) -> A.n2.handle(bottom) [label="ok"]
  n5.handle(top) -> A.n3.handle(bottom) [label="fail"]
}
C { # C
  n7: rectangle label:"log"
  n7.handle(top) -> A.n4.handle(bottom) [label="done"]
}
`)
	f := model.Order(d, "")
	if got, want := labels(f.Edges), "req, ok, fail, log it, log it, done"; got != want {
		t.Fatalf("flow order:\n got %s\nwant %s", got, want)
	}
	if want := []bool{false, false, false, false, true, false}; fmt.Sprint(f.Merged) != fmt.Sprint(want) {
		t.Errorf("merged %v, want %v", f.Merged, want)
	}
	if len(f.Alts) != 1 || f.Alts[0].End() != 3 {
		t.Errorf("alternatives %+v, want one ending before the merged message", f.Alts)
	}
	talksCleanly(t, d, f)
	// With one answer leading nowhere, "log it" is sent by one branch:
	// it stays there and nothing is merged.
	d = doc(t, `A { # A
  n1: circle label:"Start"
  n2: rectangle label:"200"
  n3: rectangle label:"500"
  n4: rectangle label:"done"
  n1.handle(bottom) -> B.n5.handle(top) [label="req"]
  n2.handle(bottom) -> C.n7.handle(top) [label="log it"]
  n3.handle(bottom) -> C.n7.handle(top) [label="log it"]
  n8: circle label:"End"
}
B { # B
  n5: diamond label:"ok?"
  n5.handle(top) -> A.n2.handle(bottom) [label="ok"]
  n5.handle(top) -> A.n3.handle(bottom) [label="fail"]
  n5.handle(top) -> A.n8.handle(bottom) [label="gone"]
}
C { # C
  n7: rectangle label:"log"
  n7.handle(top) -> A.n4.handle(bottom) [label="done"]
}
`)
	f = model.Order(d, "")
	if f.Merged != nil {
		t.Errorf("merged %v although an answer ends", f.Merged)
	}
}

// Each alternative asks the queue; one answer after the frame answers
// both requests.
func TestAnswerAfterTheFrameAnswersEveryBranch(t *testing.T) {
	d := doc(t, `S { # Server
  n1: circle label:"Start"
  n2: diamond label:"Express?"
  n5: rectangle label:"queued"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> Q.n3.handle(top) [label="ship fast"]
  n2.handle(bottom) -> Q.n4.handle(top) [label="ship later"]
}
Q { # Queue
  n3: rectangle label:"Fast lane"
  n4: rectangle label:"Slow lane"
  n3.handle(top) -> S.n5.handle(bottom) [label="queued"]
  n4.handle(top) -> S.n5.handle(bottom) [label="queued"]
}
`)
	f := model.Order(d, "")
	if got, want := labels(f.Edges), "n1>n2, ship fast, ship later, queued, queued"; got != want {
		t.Fatalf("flow order:\n got %s\nwant %s", got, want)
	}
	talksCleanly(t, d, f)
}

// C sends "log it" from where it stood before the decision and again at
// the end of the one branch it takes part in: the same message, drawn
// once after the frame, not before it and again inside the branch. When
// the branch's way into the join is the decision's outcome itself,
// nothing is merged (the outcome stays the section's message).
func TestSameMessageFromBeforeTheFrame(t *testing.T) {
	d := doc(t, `A { # A
  n1: circle label:"Start"
  n2: rectangle label:"200"
  n3: rectangle label:"500"
  n1.handle(bottom) -> C.n6.handle(top) [label="hello"]
  n1.handle(bottom) -> B.n5.handle(top) [label="req"]
  n3.handle(bottom) -> C.n7.handle(top) [label="failed"]
}
B { # B
  n5: diamond label:"ok?"
  n5.handle(top) -> A.n2.handle(bottom) [label="ok"]
  n5.handle(top) -> A.n3.handle(bottom) [label="fail"]
}
C { # C
  n6: rectangle label:"seen"
  n7: rectangle label:"noted"
  n8: rectangle label:"log"
  n6.handle(right) -> D.n9.handle(top) [label="log it"]
  n7.handle(right) -> D.n9.handle(top) [label="log it"]
}
D { # D
  n9: rectangle label:"stored"
}
`)
	f := model.Order(d, "")
	if got, want := labels(f.Edges), "hello, req, ok, fail, failed, log it, log it"; got != want {
		t.Fatalf("flow order:\n got %s\nwant %s", got, want)
	}
	if want := []bool{false, false, false, false, false, false, true}; fmt.Sprint(f.Merged) != fmt.Sprint(want) {
		t.Errorf("merged %v, want %v", f.Merged, want)
	}
	d = doc(t, `A { # A
  n1: circle label:"Start"
  n4: diamond label:"ok?"
  n1.handle(bottom) -> C.n7.handle(top) [label="note"]
  n1.handle(right) -> n4.handle(left)
  n4.handle(bottom) -> B.n5.handle(top) [label="ok"]
  n4.handle(bottom) -> C.n7.handle(top) [label="no"]
}
B { # B
  n5: rectangle label:"go"
}
C { # C
  n7: rectangle label:"noted"
}
`)
	if f := model.Order(d, ""); f.Merged != nil || len(f.Alts) != 1 || len(f.Alts[0].Branches) != 2 {
		t.Errorf("merged %v, alternatives %+v: want the outcome \"no\" kept as its section's message", f.Merged, f.Alts)
	}
}

// talksCleanly checks that the conversation of d in flow order f leaves
// no request unanswered and no message out of turn, and returns it.
func talksCleanly(t *testing.T, d *model.Document, f *model.Flow) *model.Conversation {
	t.Helper()
	c := model.Converse(d, f)
	if len(c.Unanswered) != 0 || len(c.OutOfTurn) != 0 {
		t.Errorf("unanswered %s, out of turn %d", labels(c.Unanswered), len(c.OutOfTurn))
	}
	return c
}

// TestOutcomesWithOneLabelAreOneAlternative: a decision's outcomes with
// the same label (a fork: on "Accepted" the courier is sent and the
// customer told) make one section of its frame, gathered where the first
// of them is written, while unlabelled outcomes stay apart.
func TestOutcomesWithOneLabelAreOneAlternative(t *testing.T) {
	d := doc(t, `shop { # Shop
  n1: circle label:"Order"
  n2: diamond label:"Accept?"
  n3: rectangle label:"Tell customer"
  n4: rectangle label:"Refund"
  n5: rectangle label:"Log"
  n6: rectangle label:"Audit"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> courier.n7.handle(left) [label="Accepted"]
  n2.handle(bottom) -> n4.handle(top) [label="Declined"]
  n2.handle(top) -> n3.handle(bottom) [label="Accepted"]
  n2.handle(right) -> n5.handle(left)
  n2.handle(right) -> n6.handle(left)
}
courier { # Courier
  n7: rectangle label:"Pick up"
}
`)
	f := model.Order(d, "")
	if len(f.Alts) != 1 {
		t.Fatalf("want one frame, got %d", len(f.Alts))
	}
	if got, want := sections(f, f.Alts[0]), "Accepted, Accepted | Declined | n2>n5 | n2>n6"; got != want {
		t.Errorf("sections:\n got %s\nwant %s", got, want)
	}
	if w := model.Order(d, model.WrittenOrder); labels(w.Edges) != "n1>n2, Accepted, Declined, Accepted, n2>n5, n2>n6" {
		t.Errorf("written order must stay literal: %s", labels(w.Edges))
	}
}

// A decision's outcome straight into the step other messages reach is
// drawn with them only when it says nothing they contradict: "400 Bad
// signature" beside "200 OK" is a reply of its own (merged, the picture
// would say 200 OK is sent for a bad signature too), while "No" into a
// step reached by an unlabelled step on is the guard of the way round.
func TestOutcomeWithItsOwnWordsIsNotMerged(t *testing.T) {
	src := func(outcome, reply string) string {
		return `psp { # Provider
  n1: circle label:"Charge"
  n5: rectangle label:"Got an answer"
  n1.handle(bottom) -> m.n9.handle(top) [label="event"]
}
m { # Merchant
  n9: diamond label:"Valid?"
  n11: rectangle label:"Store event"
  n12: rectangle label:"Mark paid"
  n9.handle(right) -> n11.handle(left) [label="valid"]
  n9.handle(top) -> psp.n5.handle(bottom) [label="` + outcome + `"]
  n11.handle(right) -> n12.handle(left)
  n12.handle(top) -> psp.n5.handle(bottom)` + reply + `
}
`
	}
	for _, tc := range []struct {
		outcome, reply string
		merged         bool
	}{
		{"400 Bad signature", ` [label="200 OK"]`, false},
		{"no", ` [label="200 OK"]`, false},
		{"", ` [label="200 OK"]`, true},
		{"else", ` [label="200 OK"]`, true},
		{"200 OK", ` [label="200 OK"]`, true},
		{"no", ``, true},
	} {
		f := model.Order(doc(t, src(tc.outcome, tc.reply)), "")
		merged := slices.Contains(f.Merged, true)
		if merged != tc.merged {
			t.Errorf("outcome %q, reply%s: merged %v, want %v (order %s)", tc.outcome, tc.reply, merged, tc.merged, labels(f.Edges))
		}
		if len(f.Alts) != 1 {
			t.Fatalf("outcome %q: %d alternatives, want 1", tc.outcome, len(f.Alts))
		}
		if want := 2; !tc.merged && len(f.Alts[0].Branches) != want {
			t.Errorf("outcome %q, reply%s: %d branches, want %d (the outcome is its own section)", tc.outcome, tc.reply, len(f.Alts[0].Branches), want)
		}
	}
}

// TestForkBranchesMeetOnce generates forks: a step that is no decision
// leads to two to six branches, each a chain of steps in its lane or
// another, and every branch goes on to one join in the fork's lane by an
// unnamed message. The edges into the join come together, once (one
// message, the others merged with it), after every other edge of the
// branches and just before the join's own. A join one of whose edges is
// named, comes from another lane, or is reached through a decision keeps
// its edges where the branches send them.
func TestForkBranchesMeetOnce(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for i := range 60 {
		k := 2 + rng.Intn(5)
		spoil := i % 4 // 0: a clean fork; 1: a named edge; 2: from another lane; 3: through a decision
		var a, b strings.Builder
		id := 3
		fmt.Fprintf(&a, "A { # A\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Fork\"\n  n1.handle(right) -> n2.handle(left)\n")
		b.WriteString("B { # B\n")
		node := func(lane *strings.Builder, shape string) int {
			n := id
			id++
			fmt.Fprintf(lane, "  n%d: %s label:\"Step %d\"\n", n, shape, n)
			return n
		}
		const join, end = 100, 101
		var lastIn []int // the step that sends each branch's edge into the join
		for br := range k {
			prev, prevB := 2, false
			chain := rng.Intn(3)
			if br > 0 && chain == 0 {
				chain = 1 // one direct edge from the fork at most
			}
			for c := range chain {
				inB := rng.Intn(2) == 0 && c < chain-1
				lane := &a
				if inB {
					lane = &b
				}
				n := node(lane, "rectangle")
				from, to := &a, ""
				if prevB {
					from = &b
				}
				if inB {
					to = "B."
				} else if prevB {
					to = "A."
				}
				fmt.Fprintf(from, "  n%d.handle(bottom) -> %sn%d.handle(top)\n", prev, to, n)
				prev, prevB = n, inB
			}
			lastIn = append(lastIn, prev)
		}
		named, fromB, decided := -1, -1, -1
		switch spoil {
		case 1:
			named = rng.Intn(k)
		case 2:
			fromB = rng.Intn(k)
		case 3:
			decided = rng.Intn(k)
		}
		for br, p := range lastIn {
			from, to, label := &a, "", ""
			if br == named {
				label = ` [label="done"]`
			}
			if br == fromB {
				n := node(&b, "rectangle")
				fmt.Fprintf(&a, "  n%d.handle(bottom) -> B.n%d.handle(top)\n", p, n)
				p, from, to = n, &b, "A."
			}
			if br == decided {
				d, x := node(&a, "diamond"), node(&a, "circle")
				fmt.Fprintf(&a, "  n%d.handle(right) -> n%d.handle(left)\n  n%d.handle(bottom) -> n%d.handle(top) [label=\"No\"]\n", p, d, d, x)
				p = d
				label = ` [label="Yes"]`
			}
			fmt.Fprintf(from, "  n%d.handle(right) -> %sn%d.handle(left)%s\n", p, to, join, label)
		}
		fmt.Fprintf(&a, "  n%d: rectangle label:\"Join\"\n  n%d: circle label:\"End\"\n  n%d.handle(right) -> n%d.handle(left)\n}\n", join, end, join, end)
		b.WriteString("}\n")
		src := a.String() + b.String()
		d := doc(t, src)
		f := model.Order(d, "")
		var ins []int
		last := -1 // the last branch edge not into the join
		for p, e := range f.Edges {
			switch {
			case e.To.ID == "n100":
				ins = append(ins, p)
			case e.From.ID != "n100" && e.From.ID != "n1":
				last = max(last, p)
			}
		}
		merged := func(p int) bool { return p < len(f.Merged) && f.Merged[p] }
		if spoil != 0 {
			if f.Merged != nil {
				t.Errorf("case %d (spoilt %d): edges merged %v\n%s", i, spoil, f.Merged, src)
			}
			continue
		}
		if len(ins) != k {
			t.Fatalf("case %d: %d edges into the join, want %d\n%s", i, len(ins), k, src)
		}
		for j, p := range ins {
			if p != ins[0]+j || merged(p) != (j > 0) {
				t.Errorf("case %d: the join's edges at %v (merged %v): want %d consecutive, all but the first merged\n%s", i, ins, f.Merged, k, src)
				break
			}
		}
		if ins[0] < last {
			t.Errorf("case %d: the join's edges start at %d, before the branch edge at %d\n%s", i, ins[0], last, src)
		}
		if p := slices.IndexFunc(f.Edges, func(e *model.Edge) bool { return e.From.ID == "n100" }); p != ins[k-1]+1 {
			t.Errorf("case %d: the join's own edge is not right after the edges into it\n%s", i, src)
		}
	}
}

// TestLoopEnteredAtTwoStepsClosedAtTheFirst: a loop that the flow enters
// at two steps (the system design interview, which the shortlist leads
// to, and the scorecard review, which the other interviews lead to) is
// closed by the edge back to the step the flow meets first ("Extra
// round"), not by the senior candidate's scorecard, which a search going
// deep through the first interview would meet first. So the senior
// interview and its scorecard come in the shortlist's frame, before the
// review, and the extra round goes back up to it.
func TestLoopEnteredAtTwoStepsClosedAtTheFirst(t *testing.T) {
	d := doc(t, `recruit { # Recruiter
  n1: circle label:"Opening approved"
  n2: diamond label:"Shortlist?"
  n3: rectangle label:"Reject politely"
  n4: rectangle label:"Send offer"
  n1.handle(right) -> n2.handle(left)
  n2.handle(top) -> n3.handle(left) [label="No"]
  n2.handle(bottom) -> panel.n5.handle(top) [label="Yes"]
  n2.handle(right) -> panel.n6.handle(top) [label="Yes"]
  n2.handle(bottom) -> panel.n7.handle(top) [label="Yes, senior role"]
}
panel { # Interview panel
  n5: rectangle label:"Technical interview"
  n6: rectangle label:"Values interview"
  n7: rectangle label:"System design interview"
  n5.handle(bottom) -> committee.n8.handle(top) [label="scorecard A"]
  n6.handle(bottom) -> committee.n8.handle(top) [label="scorecard B"]
  n7.handle(bottom) -> committee.n8.handle(top) [label="scorecard C"]
}
committee { # Hiring committee
  n8: rectangle label:"Review scorecards"
  n9: diamond label:"Decision"
  n10: rectangle label:"Ask for one more interview"
  n8.handle(right) -> n9.handle(left)
  n9.handle(top) -> recruit.n4.handle(bottom) [label="Hire"]
  n9.handle(right) -> n10.handle(left) [label="Unsure"]
  n9.handle(bottom) -> recruit.n3.handle(bottom) [label="No hire"]
  n10.handle(top) -> panel.n7.handle(bottom) [label="Extra round"]
}
`)
	f := model.Order(d, "")
	var back []string
	for i, b := range f.Back {
		if b {
			back = append(back, d.Edges[i].Label)
		}
	}
	if got := strings.Join(back, ", "); got != "Extra round" {
		t.Errorf("edges closing a cycle: %q, want \"Extra round\"", got)
	}
	order := labels(f.Edges)
	c, review := strings.Index(order, "scorecard C"), strings.Index(order, "n8>n9")
	if c < 0 || review < 0 || c > review {
		t.Errorf("the senior scorecard comes after the review: %s", order)
	}
}

// TestWayBackBeforeTheWayOn: a step's edge back round a cycle comes
// before its edges on when those lead to a step that goes on or that
// other ways reach (drawn after them, the way back came after all they
// lead to, as if sent by the last of those steps); an answer to the
// step that called it, and a way back beside an edge to an end that
// only it reaches, keep their written place.
func TestWayBackBeforeTheWayOn(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"way back first", `ops { # Operations
  n1: circle label:"Order in"
  n2: rectangle label:"Check stock"
  n3: diamond label:"In stock?"
  n4: rectangle label:"Ask a manager"
  n5: rectangle label:"Pack"
  n6: circle label:"Shipped"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n5.handle(left) [label="yes"]
  n3.handle(bottom) -> n4.handle(top) [label="no"]
  n4.handle(right) -> n5.handle(bottom) [label="substitute approved"]
  n4.handle(left) -> n2.handle(bottom) [label="recount"]
  n5.handle(right) -> n6.handle(left) [label="label printed"]
}
`, "n1>n2, n2>n3, yes, no, recount, substitute approved, label printed"},
		{"answer keeps its place", `esb { # Bus
  n1: circle label:"Call in"
  n2: rectangle label:"Route"
  n3: rectangle label:"Map reply"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> gw.n4.handle(top) [label="post"]
}
gw { # Gateway
  n4: rectangle label:"Translate"
  n4.handle(bottom) -> host.n5.handle(top) [label="transaction"]
  n4.handle(top) -> esb.n2.handle(bottom) [label="JSON reply"]
}
host { # Mainframe
  n5: rectangle label:"Post entry"
  n6: rectangle label:"Journal"
  n5.handle(right) -> n6.handle(left)
}
`, "n1>n2, post, transaction, n5>n6, JSON reply"},
		{"end only it reaches", `rel { # Release
  n1: circle label:"Merge"
  n2: rectangle label:"Canary"
  n3: rectangle label:"Roll out"
  n4: circle label:"Released"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n4.handle(left)
  n3.handle(bottom) -> n2.handle(bottom) [label="regression found"]
}
`, "n1>n2, n2>n3, n3>n4, regression found"},
	}
	for _, c := range cases {
		d := doc(t, c.src)
		f := model.Order(d, "")
		if got := labels(f.Edges); got != c.want {
			t.Errorf("%s: flow order %q, want %q", c.name, got, c.want)
		}
	}
}

// TestJoinThatOnlyGoesBackComesFirst: of the joins that continue after a
// decision's frame, one whose edges all go back round cycles (a
// reassessment sent back to the question) comes before one that goes
// on, not after everything that one leads to.
func TestJoinThatOnlyGoesBackComesFirst(t *testing.T) {
	d := doc(t, `desk { # Desk
  n1: circle label:"Call in"
  n2: diamond label:"Urgent?"
  n3: rectangle label:"Examine"
  n4: rectangle label:"Wait"
  n5: rectangle label:"Reassess"
  n6: rectangle label:"Treat"
  n7: circle label:"Home"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left) [label="yes"]
  n2.handle(bottom) -> n4.handle(top) [label="no"]
  n2.handle(top) -> n5.handle(top) [label="unsure"]
  n4.handle(right) -> n5.handle(left)
  n4.handle(bottom) -> n3.handle(bottom) [label="room free"]
  n3.handle(right) -> n6.handle(left)
  n6.handle(right) -> n7.handle(left)
  n5.handle(bottom) -> n2.handle(bottom) [label="worse"]
}
`)
	want := "n1>n2, yes, no, n4>n5, room free, unsure, worse, n3>n6, n6>n7"
	if got := labels(model.Order(d, "").Edges); got != want {
		t.Errorf("flow order:\n got %s\nwant %s", got, want)
	}
}

// A step that sends a message to another lane and goes on in its own lane,
// where its next step's way reaches the same receiver, sends first: the
// receiver waits for the other way anyway, and drawn after that way the
// message would read as sent last. A fan-out to other lanes keeps its
// written order, and so does a step inside a loop.
func TestSendBeforeGoingOnInTheLane(t *testing.T) {
	d := doc(t, `users { # Users
  n1: circle label:"Open app"
  n2: rectangle label:"Browse"
  n3: rectangle label:"Checkout"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left) [label="add to cart"]
  n2.handle(bottom) -> gw.n4.handle(top) [label="GET /products"]
  n3.handle(bottom) -> gw.n4.handle(top) [label="POST /orders"]
}
gw { # Gateway
  n4: rectangle label:"Route"
  n4.handle(bottom) -> svc.n5.handle(top) [label="orders"]
  n4.handle(bottom) -> svc.n6.handle(top) [label="payments"]
}
svc { # Services
  n5: rectangle label:"Orders"
  n6: rectangle label:"Payments"
  n5.handle(right) -> n6.handle(left) [label="charge"]
}
`)
	got := labels(model.Order(d, "").Edges)
	if want := "n1>n2, GET /products, add to cart, POST /orders, orders, charge, payments"; got != want {
		t.Errorf("flow order:\n got %s\nwant %s", got, want)
	}
	// Inside a loop the step's round comes first, whatever it sends.
	d = doc(t, `users { # Users
  n1: circle label:"Open app"
  n2: rectangle label:"Browse"
  n3: rectangle label:"Checkout"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left) [label="add to cart"]
  n2.handle(bottom) -> gw.n4.handle(top) [label="GET /products"]
  n3.handle(bottom) -> gw.n4.handle(top) [label="POST /orders"]
  n3.handle(top) -> n2.handle(top) [label="keep shopping"]
  loop [while shopping] n2 n3
}
gw { # Gateway
  n4: rectangle label:"Route"
}
`)
	if got := labels(model.Order(d, "").Edges); !strings.HasPrefix(got, "n1>n2, add to cart") {
		t.Errorf("flow order inside a loop: %s", got)
	}
}

// A step that sends a message and goes on in its own lane, where the way
// on sends to the same participant again, sends first: a saga's "Hold
// seat" comes before the compensation's "Release seat", not after it.
// When the two ways meet again at that participant (a fork and its join)
// or a cycle comes back to the step, the written order stands.
func TestSendBeforeTheWayOnSendsThereAgain(t *testing.T) {
	d := doc(t, `orch { # Orchestrator
  n1: rectangle label:"Start booking"
  n2: diamond label:"Seat held?"
  n3: rectangle label:"Issue ticket"
  n4: rectangle label:"Undo"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left) [label="Yes"]
  n2.handle(bottom) -> n4.handle(top) [label="No"]
  n4.handle(bottom) -> air.n6.handle(top) [label="Release seat"]
  n1.handle(bottom) -> air.n5.handle(top) [label="Hold seat"]
  n1.handle(bottom) -> bank.n7.handle(top) [label="Pre-authorise"]
}
air { # Airline
  n5: rectangle label:"Seat on hold"
  n6: rectangle label:"Seat released"
}
bank { # Bank
  n7: rectangle label:"Amount reserved"
}
`)
	got := labels(model.Order(d, "").Edges)
	if want := "Hold seat, n1>n2, Yes, No, Release seat, Pre-authorise"; got != want {
		t.Errorf("flow order:\n got %s\nwant %s", got, want)
	}

	// The message's own way reaches where the way on sends: the two
	// meet, and written order stands.
	d = doc(t, `it { # IT
  n1: rectangle label:"Create account"
  n2: rectangle label:"Ship laptop"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> mgr.n5.handle(top) [label="laptop shipped"]
  n1.handle(bottom) -> mgr.n3.handle(top) [label="plan the week"]
}
mgr { # Manager
  n3: rectangle label:"Plan week"
  n4: rectangle label:"Pick buddy"
  n5: circle label:"Ready"
  n3.handle(right) -> n4.handle(left)
  n4.handle(right) -> n5.handle(left)
}
`)
	if got, want := labels(model.Order(d, "").Edges), "n1>n2, laptop shipped, plan the week, n3>n4, n4>n5"; got != want {
		t.Errorf("fork and join:\n got %s\nwant %s", got, want)
	}

	// A cycle back to the sending step: the written order stands.
	d = doc(t, `a { # A
  n1: circle label:"Go"
  n2: rectangle label:"Poll"
  n3: rectangle label:"Wait"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(bottom) -> b.n5.handle(top) [label="result"]
  n2.handle(bottom) -> b.n4.handle(top) [label="status?"]
}
b { # B
  n4: rectangle label:"Check"
  n5: rectangle label:"Store"
  n4.handle(top) -> a.n2.handle(top) [label="again"]
}
`)
	if got := labels(model.Order(d, "").Edges); !strings.HasPrefix(got, "n1>n2, n2>n3") {
		t.Errorf("a step a cycle comes back to: %s", got)
	}
}
