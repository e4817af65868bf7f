package swimlane

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/testgen"
)

// answeringFan hands a parcel down to five carriers; the first one
// written (n3) and the third (n5) answer a check (n8) that sits right of the
// fan-out, in the lane above. Taken in written order, the carriers put
// n3 first, and its answer has to cross the bundle down to the other
// four on its way back.
const answeringFan = `shop { # Shop
  n1: circle label:"Parcel packed"
  n2: rectangle label:"Offer to carriers"
  n8: diamond label:"Any carrier accepted?"
  n9: rectangle label:"Print label"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> carriers.n3.handle(top) [label="express"]
  n2.handle(bottom) -> carriers.n4.handle(top) [label="economy"]
  n2.handle(bottom) -> carriers.n5.handle(top) [label="freight"]
  n2.handle(bottom) -> carriers.n6.handle(top) [label="locker"]
  n2.handle(bottom) -> carriers.n7.handle(top) [label="courier"]
  n8.handle(right) -> n9.handle(left) [label="Yes"]
  n8.handle(top) -> n2.handle(top) [label="No, offer again"]
}
carriers { # Carriers
  n3: rectangle label:"Express desk"
  n4: rectangle label:"Economy desk"
  n5: rectangle label:"Freight desk"
  n6: rectangle label:"Locker network"
  n7: rectangle label:"Bike couriers"
  n3.handle(top) -> shop.n8.handle(bottom) [label="accepted"]
  n5.handle(right) -> shop.n8.handle(left) [label="quote"]
}
`

// TestSiblingsFollowTheirAnswers: the carriers that answer the check
// take the fan's last columns, next to it, so the answers cross fewer
// edges than with the carriers in written order; and the small-diagram
// check keeps the written order where that crosses less.
func TestSiblingsFollowTheirAnswers(t *testing.T) {
	alone(t)
	doc := layouttest.Compile(t, "answering-fan", answeringFan)
	env := layout.DefaultEnv()
	env.Fresh = true
	lay := func() (int, []layouttest.Problem) {
		l := Layout(doc, env).Layout
		return l.Stats.Crossings, layouttest.Quality(doc, &l)
	}
	defer func() { onwardSiblings = true }()
	onwardSiblings = false
	written, _ := lay()
	onwardSiblings = true
	got, ps := lay()
	if len(ps) > 0 {
		t.Fatalf("quality: %v", ps)
	}
	t.Logf("written order %d crossings, onward order %d", written, got)
	if got >= written {
		t.Errorf("answering carriers last: %d crossings, want fewer than in written order (%d)", got, written)
	}
}

// TestStackKeepsAnswersFree: a node handed down from a decision that
// other lanes answer through its bottom takes a column of its own when
// it has side edges, so the answers do not cut them: the webhook
// dispatcher of the unseen set (its "Back off and requeue" under "2xx
// within 10 s?", answered by three subscribers) and an approval flow.
func TestStackKeepsAnswersFree(t *testing.T) {
	ruleCrossesLess(t, &stackFaces, "stacked", "own column", map[string]string{
		"webhook-dispatch":    layouttest.Unseen(t)["unseen webhook-dispatch.fz"],
		"random-approval-080": testgen.RandomApproval(80),
	})
}

// TestPassesWeighedBySides: the crossing reduction weighs a hand-off's
// run past a node by the edges on that node's sides (a node with edges
// on both sides costs more to pass than one the run can go round): the
// unseen gateway whose services stack on its right and an approval flow
// then cross less.
func TestPassesWeighedBySides(t *testing.T) {
	ruleCrossesLess(t, &passWeights, "every pass one", "weighed", map[string]string{
		"gateway-right-stacked": layouttest.Unseen(t)["unseen gateway-right-stacked.fz"],
		"random-approval-080":   testgen.RandomApproval(80),
	})
}

// ruleCrossesLess lays out each diagram of cases with the layout rule
// that *rule turns on off (named without) and on (named with), and checks
// that with it every diagram keeps the quality rules and crosses less.
func ruleCrossesLess(t *testing.T, rule *bool, without, with string, cases map[string]string) {
	t.Helper()
	alone(t)
	ruleCrossesLessAll(t, rule, without, with, cases)
}

// ruleCrossesLessAll is ruleCrossesLess with every further layout on.
func ruleCrossesLessAll(t *testing.T, rule *bool, without, with string, cases map[string]string) {
	t.Helper()
	env := layout.DefaultEnv()
	env.Fresh = true
	defer func() { *rule = true }()
	for name, src := range cases {
		doc := layouttest.Compile(t, name, src)
		lay := func() (int, []layouttest.Problem) {
			l := Layout(doc, env).Layout
			return l.Stats.Crossings, layouttest.Quality(doc, &l)
		}
		*rule = false
		before, _ := lay()
		*rule = true
		got, ps := lay()
		if len(ps) > 0 {
			t.Fatalf("%s: quality: %v", name, ps)
		}
		t.Logf("%s: %s %d crossings, %s %d", name, without, before, with, got)
		if got >= before {
			t.Errorf("%s: %s: %d crossings, want fewer than %s (%d)", name, with, got, without, before)
		}
	}
}

// alone turns the further layouts that find other columns off for the
// rest of the test: those that move a crossed edge's target one column
// further (bumpCandidates) and the one that ranks hand-offs as forward
// edges (keepFewerCrossingsFlow). A test that compares a layout with and
// without one step checks that step alone, and those layouts, tried on
// both sides, would find other columns on each.
func alone(t *testing.T) {
	t.Helper()
	bumpTry, flowTry = false, false
	t.Cleanup(func() { bumpTry, flowTry = true, true })
}

// TestSiblingsByTheStepsTheyFeed: a queue hands jobs down to four to
// seven pools that write, further down, to two or three shared stores,
// each pool to one store or to two neighbouring ones (no two pools to the
// same two), the pools written in a shuffled order. Ordered by the stores they feed (nextPlaces), the
// pools' edges to the stores need not cross: the drawing crosses no edge
// and keeps every rule; without that variant some of these cross.
func TestSiblingsByTheStepsTheyFeed(t *testing.T) {
	alone(t)
	rng := rand.New(rand.NewSource(5))
	env := layout.DefaultEnv()
	env.Fresh = true
	without := 0
	for c := 0; c < 24; c++ {
		pools, stores := 4+rng.Intn(4), 2+rng.Intn(2)
		// Pool i feeds store span[i] (and the next one when two).
		type feed struct{ first, n int }
		feeds := make([]feed, pools)
		for i := range feeds {
			f := feed{first: i * stores / pools, n: 1}
			// The last pool of a store's may feed the next store too (no
			// two pools then share two stores: such a pair would have
			// to cross).
			last := i+1 == pools || (i+1)*stores/pools != f.first
			if f.first+1 < stores && last && rng.Intn(2) == 0 {
				f.n = 2
			}
			feeds[i] = f
		}
		perm := rng.Perm(pools)
		var b strings.Builder
		b.WriteString("sched { # Scheduling\nn1: rectangle label:\"Job queue\"\n")
		for _, i := range perm {
			fmt.Fprintf(&b, "n1.handle(bottom) -> pools.p%d.handle(top) [label=\"kind %d\"]\n", i, i)
		}
		b.WriteString("}\npools { # Pools\n")
		for _, i := range perm {
			fmt.Fprintf(&b, "p%d: rectangle label:\"Pool %d\"\n", i, i)
		}
		for _, i := range perm {
			for k := 0; k < feeds[i].n; k++ {
				fmt.Fprintf(&b, "p%d.handle(bottom) -> stores.s%d.handle(top) [label=\"write %d\"]\n", i, feeds[i].first+k, k)
			}
		}
		b.WriteString("}\nstores { # Stores\n")
		for s := 0; s < stores; s++ {
			fmt.Fprintf(&b, "s%d: rectangle label:\"Store %d\"\n", s, s)
		}
		b.WriteString("}\n")
		src := b.String()
		doc := layouttest.Compile(t, fmt.Sprintf("pools%d", c), src)
		l := Layout(doc, env).Layout
		if x := l.Stats.Crossings; x != 0 {
			t.Errorf("case %d: %d crossings, want none\n%s", c, x, src)
		}
		for _, p := range layouttest.Quality(doc, &l) {
			t.Errorf("case %d: %v\n%s", c, p, src)
		}
		nextSiblingsTry = false
		without += Layout(doc, env).Layout.Stats.Crossings
		nextSiblingsTry = true
	}
	if without == 0 {
		t.Error("no case crosses without the variant: the test shows nothing")
	}
}
