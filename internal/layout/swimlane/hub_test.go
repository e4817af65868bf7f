package swimlane

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
	"flowzap/internal/testgen"
)

// blockedHub is a dispatcher whose own lane goes on past it: the
// decision before it also branches to a node further right (n4, reached
// from n2's bottom), so the hub cannot move right over the middle of the
// six teams it hands work down to. Their row has to come to it instead.
const blockedHub = `intake { # Intake
  n1: circle label:"Ticket arrives"
  n2: diamond label:"Known customer?"
  n3: rectangle label:"Route to teams"
  n4: rectangle label:"Ask for account details"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left) [label="Yes"]
  n2.handle(bottom) -> n4.handle(top) [label="No"]
  n3.handle(bottom) -> teams.n5.handle(top) [label="billing"]
  n3.handle(bottom) -> teams.n6.handle(top) [label="login"]
  n3.handle(bottom) -> teams.n7.handle(top) [label="shipping"]
  n3.handle(bottom) -> teams.n8.handle(top) [label="returns"]
  n3.handle(bottom) -> teams.n9.handle(top) [label="warranty"]
  n3.handle(bottom) -> teams.n10.handle(top) [label="other"]
}
teams { # Support Teams
  n5: rectangle label:"Billing desk"
  n6: rectangle label:"Identity desk"
  n7: rectangle label:"Logistics"
  n8: rectangle label:"Returns desk"
  n9: rectangle label:"Repairs"
  n10: rectangle label:"General queue"
  n11: rectangle label:"Escalate to tier 2"
  n6.handle(right) -> n11.handle(left)
  n11.handle(top) -> intake.n4.handle(bottom) [label="Needs customer"]
  n10.handle(top) -> intake.n4.handle(bottom)
}
`

// TestBlockedHubCentredOverItsFan: a hub that cannot move over the middle
// of its fan has the fan (and the nodes that only follow from it) moved
// under it instead, so it sits within the fan's middle two columns
// rather than over its first node, and every quality rule still holds.
func TestBlockedHubCentredOverItsFan(t *testing.T) {
	doc := layouttest.Compile(t, "blocked-hub", blockedHub)
	env := layout.DefaultEnv()
	env.Fresh = true
	l := Layout(doc, env).Layout
	if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
		t.Fatalf("quality: %v", ps)
	}
	centre := map[string]float64{}
	for _, n := range l.Nodes {
		centre[n.ID] = n.X + n.W/2
	}
	var fan []float64
	for _, id := range []string{"n5", "n6", "n7", "n8", "n9", "n10"} {
		fan = append(fan, centre[id])
	}
	sort.Float64s(fan)
	if hub := centre["n3"]; hub < fan[2]-1 || hub > fan[3]+1 {
		t.Errorf("hub at x=%.0f, want between the fan's middle nodes (x=%.0f and %.0f); fan at %v", hub, fan[2], fan[3], fan)
	}
}

// dispatchAndServices is a dispatcher handing down to four services,
// beside an auditor handing down to an archive in a records lane (c),
// which the diagrams below complete.
const dispatchAndServices = `a { # Dispatch
n1: rectangle label:"Route request"
n2: rectangle label:"Audit"
n3: rectangle label:"Collect"
n1.handle(bottom) -> b.n4.handle(top)
n1.handle(bottom) -> b.n5.handle(top)
n1.handle(bottom) -> b.n6.handle(top)
n1.handle(bottom) -> b.n7.handle(top)
n2.handle(bottom) -> c.n9.handle(top)
}
b { # Services
n4: rectangle label:"Orders"
n5: rectangle label:"Billing"
n6: rectangle label:"Stock"
n7: rectangle label:"Mail"
}
`

// hubAmongHandOffs is a dispatcher whose lane also holds an auditor
// handing down past the services to the records lane. Ranked as written,
// the auditor takes a column next to the dispatcher (both start the
// flow), the services start beyond it, and the auditor's hand-off cuts
// the dispatcher's bundle.
const hubAmongHandOffs = dispatchAndServices + `c { # Records
n8: rectangle label:"Ledger"
n9: rectangle label:"Archive"
}
`

// TestHubFanFirst: with the hub's children given the columns next to it
// first (fanFirst, tried on small diagrams), the hand-offs of its lane's
// other nodes come down beyond the bundle, and nothing crosses (3
// crossings without); every quality rule holds and no more edges run
// along each other. With a collector in the auditor's lane fed from the
// ledger too, the auditor's and the ledger's hand-offs cross whatever
// columns fanFirst gives them (the auditor's and the collector's
// columns lie between the ledger's and the archive's, or the other way
// round): that drawing crossed nowhere only while the two hand-offs ran
// along each other on one line from lane to lane, hiding where they
// swapped sides; since separateEnds moves such a port, it crosses once,
// with or without fanFirst.
func TestHubFanFirst(t *testing.T) {
	uncrossedBy(t, "hub-among-hand-offs", hubAmongHandOffs, &fanFirstTry, "fanFirst", 3, 0)
	fed := strings.Replace(hubAmongHandOffs, `n9: rectangle label:"Archive"
`, `n9: rectangle label:"Archive"
n8.handle(top) -> a.n3.handle(bottom)
`, 1)
	env := layout.DefaultEnv()
	env.Fresh = true
	l := Layout(layouttest.Compile(t, "hub-among-hand-offs-fed", fed), env).Layout
	if c, n := l.Stats.Crossings, layouttest.SharedRuns(&l); c > 1 || n > 0 {
		t.Errorf("with the ledger feeding the collector: %d crossings and %d pairs of edges along each other, want at most 1 and none", c, n)
	}
}

// stackedToStores is a router whose five services stack in one column
// (each is fed through its left side) and hand down to two stores, the
// one on the right fed by the two services written last. Ordered by the
// nodes their runs pass alone, the services feeding the left store stay
// on top, and the runs of the two lower ones, turning right to the other
// store, cut the three runs coming down past them.
const stackedToStores = `gateway { # Edge Gateway
  n1: circle label:"Incoming call"
  n2: rectangle label:"Match route"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> svc.n3.handle(left) [label="/users"]
  n2.handle(right) -> svc.n4.handle(left) [label="/orders/{orderId}/items"]
  n2.handle(right) -> svc.n5.handle(left) [label="/payments"]
  n2.handle(right) -> svc.n6.handle(left) [label="/inventory?warehouse=north&sku=*"]
  n2.handle(right) -> svc.n7.handle(left) [label="/search"]
}
svc { # Services
  n3: rectangle label:"Users"
  n4: rectangle label:"Orders"
  n5: rectangle label:"Payments"
  n6: rectangle label:"Inventory"
  n7: rectangle label:"Search"
  n3.handle(bottom) -> store.n8.handle(top) [label="SQL"]
  n4.handle(bottom) -> store.n8.handle(top) [label="SQL"]
  n5.handle(bottom) -> store.n8.handle(top) [label="SQL"]
  n6.handle(bottom) -> store.n9.handle(top) [label="KV"]
  n7.handle(bottom) -> store.n9.handle(top) [label="KV"]
}
store { # Storage
  n8: rectangle label:"Postgres"
  n9: rectangle label:"Redis"
}
`

// TestStackOrderedByTurns: with a pass weighed by the turns of the passed
// node's edges out of its bottom to another column (passTurns, tried on
// small diagrams), the services feeding the right-hand store go on top,
// and nothing crosses; every quality rule holds and no more edges run
// along each other.
func TestStackOrderedByTurns(t *testing.T) {
	l := uncrossedBy(t, "stacked-to-stores", stackedToStores, &passTurnsTry, "passTurns", 1, 0)
	y := map[string]float64{}
	for _, n := range l.Nodes {
		y[n.ID] = n.Y
	}
	for _, sql := range []string{"n3", "n4", "n5"} {
		for _, kv := range []string{"n6", "n7"} {
			if y[kv] > y[sql] {
				t.Errorf("%s (to the right-hand store) below %s (to the left-hand one)", kv, sql)
			}
		}
	}
}

// hubSharingChildren is a dispatcher handing down to four services,
// two of which an importer in the records lane feeds too (so the
// dispatcher alone constrains only two of them, too few to count as a
// hub's children), beside an auditor whose archive reports up to a
// collector.
const hubSharingChildren = dispatchAndServices + `c { # Records
n9: rectangle label:"Archive"
n10: rectangle label:"Import"
n9.handle(top) -> a.n3.handle(bottom)
n10.handle(right) -> b.n5.handle(left)
n10.handle(right) -> b.n6.handle(left)
}
`

// TestHubFanFirstWide: counting the children that other nodes constrain
// too (fanFirst's wide order, tried on small diagrams), the services
// take the columns next to the dispatcher and nothing crosses; every
// quality rule holds and no more edges run along each other.
func TestHubFanFirstWide(t *testing.T) {
	uncrossedBy(t, "hub-sharing-children", hubSharingChildren, &fanWideTry, "the wide order", 1, 0)
}

// sourceLeftBehind is a dispatcher handing down to five steps, two of
// which (Invoice after Quote) run on to a third, beside a late-fee step
// of its lane that hands down to Invoice alone. Ranked, the late fee
// starts next to what it feeds; spreading the dispatcher's children over
// their own columns then pushes Invoice far to the right, and the late
// fee's hand-off runs back across the whole bundle.
const sourceLeftBehind = `a { # Intake
n1: rectangle label:"Split order"
n2: rectangle label:"Late fee"
n1.handle(bottom) -> b.n3.handle(top)
n1.handle(bottom) -> b.n4.handle(top)
n1.handle(bottom) -> b.n5.handle(top)
n1.handle(bottom) -> b.n7.handle(top)
n1.handle(bottom) -> b.n8.handle(top)
n2.handle(bottom) -> b.n7.handle(top)
}
b { # Fulfilment
n3: taskbox label:"Pack"
n4: taskbox label:"Label"
n5: rectangle label:"Ship"
n7: rectangle label:"Invoice"
n8: rectangle label:"Quote"
n8.handle(right) -> n7.handle(left)
n7.handle(right) -> n5.handle(left)
}
`

// TestSourcePulledUp: with a source left behind by the spreading pulled
// up to what it feeds again (pullSources, tried on small diagrams), the
// late fee sits right above Invoice and its hand-off drops straight into
// it, crossing at most the one dispatcher edge that runs on past it.
func TestSourcePulledUp(t *testing.T) {
	l := uncrossedBy(t, "source-left-behind", sourceLeftBehind, &pullSourcesTry, "pullSources", 2, 1)
	centre := map[string]float64{}
	for _, n := range l.Nodes {
		centre[n.ID] = n.X + n.W/2
	}
	if d := centre["n2"] - centre["n7"]; d < -1 || d > 1 {
		t.Errorf("late fee at x=%.0f, invoice at x=%.0f: want one above the other", centre["n2"], centre["n7"])
	}
}

// TestFurtherLayoutFreesLabel: random hub 2007 (a fan-out of 18 edges out
// of one side) first comes out with "GET /v1/items" crossed by the fan's
// trunk; a further layout of keepFewerCrossingsVariants whose labels are
// all free is kept although it crosses more, since a crossed label
// breaks a rule.
func TestFurtherLayoutFreesLabel(t *testing.T) {
	doc := layouttest.Compile(t, "random-hub-2007", testgen.RandomHub(2007))
	env := layout.DefaultEnv()
	env.Fresh = true
	l := Layout(doc, env).Layout
	if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
}

// uncrossedBy lays code out without and with the further layout that
// *try switches on, and checks the case a test covers: without it the
// drawing crosses at least least times, with it at most most times, every
// quality rule holds and no more edges run along each other. It returns
// the layout with the further layout on.
func uncrossedBy(t *testing.T, name, code string, try *bool, what string, least, most int) scene.Layout {
	t.Helper()
	if try != &bumpTry {
		alone(t)
	}
	doc := layouttest.Compile(t, name, code)
	env := layout.DefaultEnv()
	env.Fresh = true
	defer func() { *try = true }()
	*try = false
	before := Layout(doc, env).Layout
	*try = true
	l := Layout(doc, env).Layout
	if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
		t.Fatalf("quality: %v", ps)
	}
	if before.Stats.Crossings < least {
		t.Fatalf("without %s the drawing should cross at least %d times (the case this test covers); it crosses %d times", what, least, before.Stats.Crossings)
	}
	if l.Stats.Crossings > most {
		t.Errorf("%d crossings, want at most %d (%d without %s)", l.Stats.Crossings, most, before.Stats.Crossings, what)
	}
	if a, b := layouttest.SharedRuns(&l), layouttest.SharedRuns(&before); a > b {
		t.Errorf("%d edges run along another, %d without %s", a, b, what)
	}
	return l
}

// TestCrossedTargetMovedOn: in the checkout saga of the unseen set, the
// services answer the orchestrator's decisions through their tops and the
// compensation hands down to two of them; laid out as ranked, the answers
// and the routes out to the services cross 4 times. Moving the target of
// a crossed edge one column further (bumpCandidates, a further layout of
// keepFewerCrossingsVariants) gives the routes room: at most 2 crossings
// (1 now).
func TestCrossedTargetMovedOn(t *testing.T) {
	uncrossedBy(t, "checkout-saga", layouttest.Unseen(t)["unseen checkout-saga.fz"], &bumpTry, "moving crossed targets on", 4, 2)
}

// TestTangledDrawingMovesTargets: side-combos of the unseen set (every
// side combination between two lanes) changes nothing by the guesses of
// the ranking and ordering, so no further layout was tried on it; its
// routes cross more often than it has edges, and moving the crossed
// targets on takes it from 14 crossings to 11 (dot, given the written
// sides, 13). The seeds, which cross far less than once per tangledShare
// edges, are not tried (their cost is BenchmarkCPU's).
func TestTangledDrawingMovesTargets(t *testing.T) {
	uncrossedBy(t, "side-combos", layouttest.Unseen(t)["unseen side-combos.fz"], &bumpTry, "moving crossed targets on", 13, 11)
	examples := layouttest.Examples(t)
	for _, name := range []string{"seed-blue-green.fz", "seed-event-driven.fz"} {
		doc := layouttest.Compile(t, name, examples[name])
		s := newState(doc, layout.DefaultEnv())
		s.layOut()
		if c := s.routeCrossings(); c*tangledShare >= len(s.edges) {
			t.Errorf("%s: %d crossings of %d edges: tangled, the moves would be tried", name, c, len(s.edges))
		}
	}
}

// fanInFanOutHub writes a hub in the middle lane fed through its top by
// sources in the lane above and handing over through its bottom to
// children in the lane below.
func fanInFanOutHub(sources, children int) string {
	var b strings.Builder
	b.WriteString("src { # Sources\n")
	for i := 1; i <= sources; i++ {
		fmt.Fprintf(&b, "  s%d: rectangle label:\"Source %d\"\n", i, i)
	}
	for i := 1; i <= sources; i++ {
		fmt.Fprintf(&b, "  s%d.handle(bottom) -> hub.h.handle(top) [label=\"in %d\"]\n", i, i)
	}
	b.WriteString("}\nhub { # Hub\n  h: rectangle label:\"Router\"\n")
	for i := 1; i <= children; i++ {
		fmt.Fprintf(&b, "  h.handle(bottom) -> dst.c%d.handle(top) [label=\"out %d\"]\n", i, i)
	}
	b.WriteString("}\ndst { # Children\n")
	for i := 1; i <= children; i++ {
		fmt.Fprintf(&b, "  c%d: rectangle label:\"Child %d\"\n", i, i)
	}
	b.WriteString("}\n")
	return b.String()
}

// TestHubChildrenUnderHub: a hub with a fan-in from one lane and a
// fan-out to another is centred over its sources; its children, ranked
// after the last source, are pulled back with it, so their row spans the
// hub's column (or starts right under the hub) instead of starting
// beyond the last source.
func TestHubChildrenUnderHub(t *testing.T) {
	for _, tc := range [][2]int{{8, 4}, {6, 3}, {5, 5}, {9, 6}, {4, 3}} {
		name := fmt.Sprintf("hub-%d-in-%d-out", tc[0], tc[1])
		doc := layouttest.Compile(t, name, fanInFanOutHub(tc[0], tc[1]))
		env := layout.DefaultEnv()
		env.Fresh = true
		l := Layout(doc, env).Layout
		if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
			t.Fatalf("%s: quality: %v", name, ps)
		}
		var hub *scene.NodeBox
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range l.Nodes {
			n := &l.Nodes[i]
			switch {
			case n.ID == "h":
				hub = n
			case strings.HasPrefix(n.ID, "c"):
				lo, hi = min(lo, n.X), max(hi, n.X+n.W)
			}
		}
		if hub == nil {
			t.Fatalf("%s: no hub", name)
		}
		centre := hub.X + hub.W/2
		spans := lo <= centre && centre <= hi
		startsUnder := hub.X <= lo && lo <= hub.X+hub.W
		if !spans && !startsUnder {
			t.Errorf("%s: children span x=%.0f..%.0f, hub at x=%.0f..%.0f: want them under the hub", name, lo, hi, hub.X, hub.X+hub.W)
		}
	}
}

// TestHubGapClosed: a ledger fed by six sources in three lanes above it
// is centred under them (centreHubs), which left its lane's next node,
// the balance check, six columns on: an empty stretch as wide as the
// sources' rows. The gap is closed (keepNarrowerHubRows) when the
// drawing is then narrower and crosses, shares runs and crosses labels
// no more: 1,552 px wide instead of 1,837.
func TestHubGapClosed(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(layouttest.Root(), "tools", "gallery", "hubs", "ledger-fan-in.fz"))
	if err != nil {
		t.Fatal(err)
	}
	doc := layouttest.Compile(t, "ledger-fan-in", string(src))
	lay := func() *scene.Layout {
		env := layout.DefaultEnv()
		env.Fresh = true
		l := Layout(doc, env).Layout
		return &l
	}
	closed := lay()
	gapTry = false
	open := lay()
	gapTry = true
	for _, p := range layouttest.Quality(doc, closed) {
		t.Error(p)
	}
	if closed.Width > open.Width-200 {
		t.Errorf("the drawing is %.0f px wide, %.0f with the gap: want it over 200 px narrower", closed.Width, open.Width)
	}
	if a, b := layouttest.Crossings(closed), layouttest.Crossings(open); a > b {
		t.Errorf("closing the gap crosses %d times, %d with it", a, b)
	}
}

// columnFanOut is a dispatcher in lane a handing work down to k systems in
// lane b, each of which reports back to one collector in lane a: the k
// systems share a rank, so they stand in one column beside the
// dispatcher.
func columnFanOut(k int, labels bool) string {
	names := []string{"CRM", "Billing", "Support desk", "Analytics warehouse", "Search index", "Backups (flag)", "Mail", "Ledger", "Archive", "Data lake"}
	var b strings.Builder
	b.WriteString("a { # Office\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Send delete commands\"\n  n3: rectangle label:\"Collect receipts\"\n  n4: circle label:\"Done\"\n")
	b.WriteString("  n1.handle(right) -> n2.handle(left)\n  n3.handle(right) -> n4.handle(left)\n")
	for i := range k {
		fmt.Fprintf(&b, "  n2.handle(bottom) -> b.c%d.handle(top)", i)
		if labels {
			fmt.Fprintf(&b, " [label=%q]", names[i%len(names)])
		}
		b.WriteString("\n")
	}
	b.WriteString("}\nb { # Systems\n")
	for i := range k {
		fmt.Fprintf(&b, "  c%d: rectangle label:\"Erase in %s\"\n", i, names[i%len(names)])
	}
	for i := range k {
		fmt.Fprintf(&b, "  c%d.handle(right) -> a.n3.handle(top) [label=\"receipt\"]\n", i)
	}
	b.WriteString("}\n")
	return b.String()
}

// TestFanOutIntoAColumn: the edges from one node's bottom to a column of
// nodes beside it nest, each turning towards its own target, instead of
// some leaving downwards and looping back up round their source to reach
// the column (the port order used to follow the written order when the
// targets stood level, and the outermost ports went to the wrong ends).
func TestFanOutIntoAColumn(t *testing.T) {
	for k := 5; k <= 10; k++ {
		for _, labels := range []bool{false, true} {
			name := fmt.Sprintf("column-%d-labels-%v", k, labels)
			doc := layouttest.Compile(t, name, columnFanOut(k, labels))
			env := layout.DefaultEnv()
			env.Fresh = true
			l := Layout(doc, env).Layout
			if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
				t.Errorf("%s: quality: %v", name, ps)
			}
			var hub scene.NodeBox
			for _, n := range l.Nodes {
				if n.ID == "n2" {
					hub = n
				}
			}
			var fan [][]geom.Point
			for _, e := range l.Edges {
				if e.From != "n2" || e.FromSide != "bottom" {
					continue
				}
				var pts []geom.Point
				for _, p := range e.Points {
					if p[1] < hub.Y+hub.H-0.5 {
						t.Errorf("%s: %s -> %s rises to y=%.0f, above its source's bottom (y=%.0f): it loops round the dispatcher", name, e.From, e.To, p[1], hub.Y+hub.H)
						break
					}
					pts = append(pts, geom.Point{X: p[0], Y: p[1]})
				}
				fan = append(fan, pts)
			}
			for i := range fan {
				for j := i + 1; j < len(fan); j++ {
					if n := geom.Crossings(fan[i], fan[j]); n > 0 {
						t.Errorf("%s: two edges of the fan-out cross (%d times)", name, n)
					}
				}
			}
		}
	}
}

// retryPast is a step whose own edge runs straight down to the next
// lane's first step, the flow going on right from there through steps
// more, and a step in a lane below sending a retry back up into the
// first step's bottom (the feature-flag rollout's "fix and retry").
func retryPast(steps int, labels bool) string {
	lab := func(s string) string {
		if !labels {
			return ""
		}
		return ` [label="` + s + `"]`
	}
	var b strings.Builder
	b.WriteString("dev { # Developer\nn1: circle label:\"Start\"\nn2: rectangle label:\"Change the setting\"\nn1.handle(right) -> n2.handle(left)\n")
	b.WriteString("n2.handle(bottom) -> svc.n3.handle(top)" + lab("apply to 5 percent") + "\n}\nsvc { # Service\nn3: rectangle label:\"Roll out\"\n")
	prev := 3
	for i := range steps {
		id := 4 + i
		fmt.Fprintf(&b, "n%d: rectangle label:\"Watch %d\"\nn%d.handle(right) -> n%d.handle(left)%s\n", id, i+1, prev, id, lab(fmt.Sprintf("after %d minutes", 10*(i+1))))
		prev = id
	}
	d := 4 + steps
	fmt.Fprintf(&b, "n%d: diamond label:\"Healthy?\"\nn%d.handle(right) -> n%d.handle(left)%s\n", d, prev, d, lab("metrics"))
	fmt.Fprintf(&b, "n%d: circle label:\"Done\"\nn%d.handle(right) -> n%d.handle(left)%s\n", d+1, d, d+1, lab("Yes"))
	fmt.Fprintf(&b, "n%d.handle(bottom) -> ops.n%d.handle(top)%s\n}\n", d, d+2, lab("No"))
	fmt.Fprintf(&b, "ops { # Operations\nn%d: rectangle label:\"Open an incident\"\nn%d.handle(top) -> dev.n2.handle(bottom)%s\n}\n", d+2, d+2, lab("fix and retry"))
	return b.String()
}

// TestRetryPassesOnTheFarSide: a retry up into the bottom of a step whose
// own edge down runs straight on crosses the flow it climbs past when it
// enters beside where it comes from; entering on the other side of that
// edge it climbs round the far side of the flow and crosses nothing
// (rerouteMirrored). For one to four steps after the first, with and
// without labels, no edge crosses another and every quality rule holds.
func TestRetryPassesOnTheFarSide(t *testing.T) {
	for steps := 1; steps <= 4; steps++ {
		for _, labels := range []bool{false, true} {
			name := fmt.Sprintf("retry-%d-labels-%v", steps, labels)
			doc := layouttest.Compile(t, name, retryPast(steps, labels))
			l := Layout(doc, layout.DefaultEnv()).Layout
			if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
				t.Errorf("%s: quality: %v", name, ps)
			}
			if n := layouttest.Crossings(&l); n > 0 {
				t.Errorf("%s: %d crossings, want none\n%s", name, n, retryPast(steps, labels))
			}
		}
	}
}

// laneFan writes a step handing down to k steps of its own lane (one
// change to k builds), each handing down to one check that waits for
// them all when join is set, with labels on the fan's edges when
// labelled is set.
func laneFan(k int, join, labelled bool) string {
	var b strings.Builder
	b.WriteString("dev { # Developer\nn1: circle label:\"Push\"\nn1.handle(bottom) -> ci.n2.handle(top) [label=\"trigger\"]\n}\nci { # CI\nn2: rectangle label:\"Compute affected targets\"\n")
	for i := 0; i < k; i++ {
		fmt.Fprintf(&b, "b%d: rectangle label:\"Build service %d\"\n", i, i)
	}
	if join {
		b.WriteString("n3: diamond label:\"All green?\"\n")
	}
	for i := 0; i < k; i++ {
		label := ""
		if labelled {
			label = fmt.Sprintf(" [label=\"svc%d/**\"]", i)
		}
		fmt.Fprintf(&b, "n2.handle(bottom) -> b%d.handle(top)%s\n", i, label)
		if join {
			fmt.Fprintf(&b, "b%d.handle(bottom) -> n3.handle(top)\n", i)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// TestLaneFanOutInARow: a step that hands down to several steps of its
// own lane has them in one row below it, side by side, not stacked in
// its column with every edge running down one side of the stack (the
// event-sourcing template's projector and views; a monorepo build's
// six services). Generated over the fan's size, a join after it and
// labels; every quality rule holds and nothing crosses.
func TestLaneFanOutInARow(t *testing.T) {
	for k := 2; k <= 8; k++ {
		for _, join := range []bool{false, true} {
			for _, labelled := range []bool{false, true} {
				name := fmt.Sprintf("fan %d join %v labels %v", k, join, labelled)
				src := laneFan(k, join, labelled)
				doc := layouttest.Compile(t, name, src)
				l := Layout(doc, layout.DefaultEnv()).Layout
				if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
					t.Errorf("%s: quality: %v", name, ps)
				}
				if c := layouttest.Crossings(&l); c > 0 {
					t.Errorf("%s: %d crossings", name, c)
				}
				boxes := layouttest.NodeBoxes(&l)
				hub := boxes["n2"]
				row := boxes["b0"].Y + boxes["b0"].H/2
				xs := map[float64]bool{}
				for i := 0; i < k; i++ {
					b := boxes[fmt.Sprintf("b%d", i)]
					if math.Abs(b.Y+b.H/2-row) > 0.5 {
						t.Errorf("%s: build %d at y=%.0f, not in the row of build 0 (y=%.0f)", name, i, b.Y+b.H/2, row)
					}
					if b.Y < hub.Y+hub.H {
						t.Errorf("%s: build %d (top %.0f) not below the hub (bottom %.0f)", name, i, b.Y, hub.Y+hub.H)
					}
					xs[b.X] = true
				}
				if len(xs) != k {
					t.Errorf("%s: the %d builds share columns (%d distinct)", name, k, len(xs))
				}
			}
		}
	}
}
