package arch

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/testgen"
)

// TestArrangementsNeverCrossMore lays out the quality corpus with the
// first container arrangement only (and no row passes) and with every
// arrangement and the row passes, and checks that no diagram crosses more
// with them, and that they remove crossings in all.
func TestArrangementsNeverCrossMore(t *testing.T) {
	withoutShortcuts(t)
	withoutMoves(t)
	all, passes, folds, wraps := arrangements, rowPasses, foldings, wrapOptions
	defer func() { arrangements, rowPasses, foldings, wrapOptions, tryTieFlow = all, passes, folds, wraps, true }()
	wrapOptions, tryTieFlow = nil, false // tieFlow is compared on its own
	neverCrossesMore(t, "every arrangement and the row passes",
		func() { arrangements, rowPasses, foldings = all[:1], 0, nil },
		func() { arrangements, rowPasses, foldings = all, passes, nil })
}

// TestFoldingsCrossAtMostOnceMore lays out the quality corpus with and
// without the foldings and checks that a folded drawing crosses no more
// than the unfolded one, or once more when that one crossed already and
// the folded one fits a frame at most foldHalf of its size; and that the
// foldings make the drawings narrower in all.
func TestFoldingsCrossAtMostOnceMore(t *testing.T) {
	withoutShortcuts(t)
	withoutMoves(t)
	withoutTransposed(t)
	folds, wraps := foldings, wrapOptions
	defer func() { foldings, wrapOptions = folds, wraps }()
	names, corpus := sortedCorpus(t)
	w0, w1 := 0.0, 0.0
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		foldings, wrapOptions = nil, nil
		l0 := Layout(doc, layout.DefaultEnv()).Layout
		foldings, wrapOptions = folds, wraps
		l1 := Layout(doc, layout.DefaultEnv()).Layout
		c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1)
		f0, f1 := math.Max(l0.Width, foldAspect*l0.Height), math.Max(l1.Width, foldAspect*l1.Height)
		w0, w1 = w0+l0.Width, w1+l1.Width
		if c1 > c0 && !(c0 > 0 && c1 == c0+1 && f1 <= foldHalf*f0) {
			t.Errorf("%s: %d crossings folded (frame %.0f px), %d unfolded (frame %.0f px)", name, c1, f1, c0, f0)
		}
	}
	if w1 >= w0 {
		t.Errorf("the foldings made nothing narrower: %.0f px wide in all, %.0f without", w1, w0)
	}
	t.Logf("widths on the quality corpus: %.0f px without the foldings, %.0f with", w0, w1)
}

// containerColumns returns the column of each container of doc, by
// container ID, in the arrangement a.
func containerColumns(doc *model.Document, a arrangement) map[string]int {
	s := &state{doc: doc, env: layout.DefaultEnv(), arr: a}
	s.build(nil)
	s.rankContainers()
	cols := map[string]int{}
	for _, c := range s.conts {
		cols[c.m.ID] = c.col
	}
	return cols
}

// sortedCorpus returns the quality corpus and its names in order.
func sortedCorpus(t *testing.T) ([]string, map[string]string) {
	corpus := layouttest.QualityCorpus(t)
	names := make([]string, 0, len(corpus))
	for k := range corpus {
		names = append(names, k)
	}
	sort.Strings(names)
	return names, corpus
}

// neverCrossesMore lays out every diagram of the quality corpus after
// without() and after with(), and checks that none crosses more with what
// they switch on, and that it removes crossings in all. The transposed
// try is off: what is compared is a step of the usual layout.
func neverCrossesMore(t *testing.T, what string, without, with func()) {
	t.Helper()
	withoutTransposed(t)
	names, corpus := sortedCorpus(t)
	before, after := 0, 0
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		without()
		l0 := Layout(doc, layout.DefaultEnv()).Layout
		with()
		l1 := Layout(doc, layout.DefaultEnv()).Layout
		c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1)
		before += c0
		after += c1
		if c1 > c0 {
			t.Errorf("%s: %d crossings with %s, %d without", name, c1, what, c0)
		}
	}
	if after >= before {
		t.Errorf("%s removed no crossing: %d before, %d after", what, before, after)
	}
	t.Logf("crossings on the quality corpus: %d without %s, %d with", before, what, after)
}

// TestFannedContainerMovesNextToItsSource checks a container fed by ten
// dependencies from the first column, which the longest path puts two
// columns away (behind a container joined to both by one or two
// dependencies), moves next to its source, and that this crosses far
// less (generated hub seed 71: 27 crossings before).
func TestFannedContainerMovesNextToItsSource(t *testing.T) {
	withoutMoves(t)
	doc := layouttest.Compile(t, "hub71", testgen.RandomHub(71))
	lp := containerColumns(doc, arrangement{})
	if lp["L1"]-lp["L0"] != 2 {
		t.Fatalf("by longest path L0 is in column %d and L1 in %d; the case needs them two apart", lp["L0"], lp["L1"])
	}
	moved := containerColumns(doc, arrangement{moved: true})
	if moved["L1"]-moved["L0"] != 1 {
		t.Errorf("moved: L0 in column %d, L1 in %d; want L1 next to L0", moved["L0"], moved["L1"])
	}
	all, passes := arrangements, rowPasses
	defer func() { arrangements, rowPasses = all, passes }()
	arrangements, rowPasses = all[:1], 0
	l0 := Layout(doc, layout.DefaultEnv()).Layout
	arrangements, rowPasses = all, passes
	l1 := Layout(doc, layout.DefaultEnv()).Layout
	c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1)
	if 2*c1 > c0 {
		t.Errorf("%d crossings with every arrangement, %d with the first: want at most half", c1, c0)
	}
	if ps := layouttest.Quality(doc, &l1); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
}

// TestRowsFollowTheirNeighbours checks the row passes on the
// database-sharding template (the rebalancer, free of dependencies inside
// its container, took the first row above the router whose dependencies
// its own cut: 4 crossings) and on generated hub 113 (14): ordered by
// their neighbours' heights in the first drawing, the components cross
// less (hub 113: 3), and every quality rule holds. (Hub 149, checked
// before, crosses 15 times either way since routes may cross a column
// under its shorter containers.)
func TestRowsFollowTheirNeighbours(t *testing.T) {
	withoutMoves(t)
	b, err := os.ReadFile(filepath.Join(layouttest.Root(), "gallery", "templates", "database-sharding.fz"))
	if err != nil {
		t.Fatal(err)
	}
	passes := rowPasses
	defer func() { rowPasses = passes }()
	for name, src := range map[string]string{"database-sharding": string(b), "hub113": testgen.RandomHub(113)} {
		doc := layouttest.Compile(t, name, src)
		rowPasses = 0
		l0 := Layout(doc, layout.DefaultEnv()).Layout
		rowPasses = passes
		l1 := Layout(doc, layout.DefaultEnv()).Layout
		c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1)
		if c1 >= c0 {
			t.Errorf("%s: %d crossings with the row passes, %d without", name, c1, c0)
		}
		if ps := layouttest.Quality(doc, &l1); len(ps) > 0 {
			t.Errorf("%s: quality: %v", name, ps)
		}
	}
}

// TestRerouteUntanglesInFull checks the unseen set's ledger fed by nine
// sources into its left and top: the rerouting sent two of its
// dependencies over the highway and kept the drawing its lighter
// untangling gave (3 crossings, the three sources of one container
// crossing on their way into the ledger's top); untangled again with the
// full work, the same ways cross nowhere.
func TestRerouteUntanglesInFull(t *testing.T) {
	withoutMoves(t)
	b, err := os.ReadFile(filepath.Join(layouttest.Root(), "internal", "layout", "layouttest", "testdata", "unseen", "ledger-fed.fz"))
	if err != nil {
		t.Fatal(err)
	}
	doc := layouttest.Compile(t, "ledger-fed", string(b))
	l := Layout(doc, layout.DefaultEnv()).Layout
	if n := layouttest.Crossings(&l); n > 0 {
		t.Errorf("%d crossings, want none", n)
	}
	if ps := layouttest.Quality(doc, &l); len(ps) > 0 {
		t.Errorf("quality: %v", ps)
	}
}

// TestWideChainsFold checks that diagrams whose containers side by side
// make a very wide picture come out folded (their container columns
// stacked) at most foldWidth wide and fitting a wide frame far better,
// that every quality rule holds, and that no route makes a long detour:
// the CI/CD example (three containers in a chain, 2,692 px wide side by
// side) and the unseen CI matrix (2,407 px, its rollback running under
// everything back to the runner) cross no more than side by side; the
// blue-green seed (3,514 px, once crossed) may cross once more, as
// foldHalf allows, and its rollback goes straight up into the CI pipeline
// instead of round the whole picture; the unseen long chain (one
// container, a row of 25 steps 4,441 px wide) wraps its row into lines.
func TestWideChainsFold(t *testing.T) {
	withoutShortcuts(t)
	withoutMoves(t)
	root := layouttest.Root()
	folds, wraps := foldings, wrapOptions
	defer func() { foldings, wrapOptions = folds, wraps }()
	for _, c := range []struct {
		path      string
		more      int
		maxDetour float64
	}{
		{filepath.Join(root, "examples", "ci-cd-pipeline.fz"), 0, 1600},
		{filepath.Join(root, "internal", "layout", "layouttest", "testdata", "unseen", "ci-matrix.fz"), 0, 1900},
		{filepath.Join(root, "examples", "seed-blue-green.fz"), 1, 1000},
		// One container whose row of 25 steps wraps into lines.
		{filepath.Join(root, "internal", "layout", "layouttest", "testdata", "unseen", "long-chain.fz"), 0, 1600},
	} {
		path := c.path
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc := layouttest.Compile(t, path, string(b))
		foldings, wrapOptions = nil, nil
		l0 := Layout(doc, layout.DefaultEnv()).Layout
		foldings, wrapOptions = folds, wraps
		l1 := Layout(doc, layout.DefaultEnv()).Layout
		if l0.Width <= foldWidth {
			t.Fatalf("%s: %.0f px wide side by side; the case needs more than %.0f", path, l0.Width, foldWidth)
		}
		if l1.Width > foldWidth {
			t.Errorf("%s: %.0f px wide folded, want at most %.0f", path, l1.Width, foldWidth)
		}
		f0, f1 := math.Max(l0.Width, foldAspect*l0.Height), math.Max(l1.Width, foldAspect*l1.Height)
		if f1 > 0.6*f0 {
			t.Errorf("%s: folded frame %.0f px, side by side %.0f: want at most 60 %%", path, f1, f0)
		}
		if c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1); c1 > c0+c.more {
			t.Errorf("%s: %d crossings folded, %d side by side", path, c1, c0)
		}
		for _, e := range l1.Edges {
			if d := detour(e.Points); d > c.maxDetour {
				t.Errorf("%s: edge %s runs %.0f px longer than the distance between its ends, want at most %.0f", path, e.ID, d, c.maxDetour)
			}
		}
		if ps := layouttest.Quality(doc, &l1); len(ps) > 0 {
			t.Errorf("%s: quality: %v", path, ps)
		}
	}
}

// detour is how much longer than the Manhattan distance between its ends
// a route is.
func detour(pts [][2]float64) float64 {
	n := len(pts)
	if n < 2 {
		return 0
	}
	return routeLength(pts) - math.Abs(pts[n-1][0]-pts[0][0]) - math.Abs(pts[n-1][1]-pts[0][1])
}

// routeLength is the length of an orthogonal route.
func routeLength(pts [][2]float64) float64 {
	n := 0.0
	for i := 1; i < len(pts); i++ {
		n += math.Abs(pts[i][0]-pts[i-1][0]) + math.Abs(pts[i][1]-pts[i-1][1])
	}
	return n
}

// TestStackingsNeverCrossMore lays out the quality corpus with and
// without the stacked arrangements and checks that no diagram crosses
// more with them, and that they remove crossings in all. The shortcuts
// are off, as in TestArrangementsNeverCrossMore: they may add a crossing
// by design to spare a route round the picture, in either drawing (a
// trial's adverse event, stacked in two columns, takes one to bring
// "Yes" straight across; in one column its routes went round the whole
// picture and crossed nothing).
func TestStackingsNeverCrossMore(t *testing.T) {
	withoutShortcuts(t)
	withoutMoves(t)
	all := stackings
	defer func() { stackings = all }()
	neverCrossesMore(t, "the stacked arrangements",
		func() { stackings = nil },
		func() { stackings = all })
}

// TestSideCombosStack checks that two containers joined by dependencies
// written on every combination of sides, which cross 8 times side by
// side, are stacked: both in one column (the same x), crossing less and
// with shorter routes than side by side.
func TestSideCombosStack(t *testing.T) {
	withoutShortcuts(t)
	withoutMoves(t)
	doc := layouttest.Compile(t, "side-combos", layouttest.Unseen(t)["unseen side-combos.fz"])
	all := stackings
	defer func() { stackings = all }()
	stackings = nil
	l0 := Layout(doc, layout.DefaultEnv()).Layout
	stackings = all
	l1 := Layout(doc, layout.DefaultEnv()).Layout
	for _, c := range l1.Lanes {
		if c.X != l1.Lanes[0].X {
			t.Errorf("container %s at x %.0f, %s at x %.0f: want them stacked in one column", c.ID, c.X, l1.Lanes[0].ID, l1.Lanes[0].X)
		}
	}
	c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1)
	if c0 < 2 || c1 >= c0 {
		t.Errorf("%d crossings stacked, %d side by side: want fewer stacked (and the case needs at least 2 side by side)", c1, c0)
	}
	length := func(l *scene.Layout) float64 {
		n := 0.0
		for _, e := range l.Edges {
			n += routeLength(e.Points)
		}
		return n
	}
	if n0, n1 := length(&l0), length(&l1); n1 >= n0 {
		t.Errorf("routes %.0f px long stacked, %.0f side by side: want shorter stacked", n1, n0)
	}
}

// TestTieFlowNeverCrossesMore lays out the quality corpus with and
// without the try of tieFlow and checks that no diagram crosses more
// with it, and that it removes crossings in all.
func TestTieFlowNeverCrossesMore(t *testing.T) {
	withoutMoves(t)
	defer func() { tryTieFlow = true }()
	neverCrossesMore(t, "the try of tieFlow", func() { tryTieFlow = false }, func() { tryTieFlow = true })
}

// TestContainerFedFromHigherUpComesFirst checks a gateway whose router
// calls a metrics container and, like the adapter below it, an orders
// container: the two containers tie on their neighbours' mean position,
// and the metrics one, fed only from the router, comes first, so that no
// route crosses (the file lists it last, which crossed once).
func TestContainerFedFromHigherUpComesFirst(t *testing.T) {
	withoutMoves(t)
	doc := layouttest.Compile(t, "versions", `consumers { # API Consumers
  n1: circle label:"Old integrations"
  n1.handle(right) -> gateway.n3.handle(left)
}
gateway { # Gateway
  n3: rectangle label:"Version router"
  n4: rectangle label:"v1 adapter"
  n3.handle(bottom) -> n4.handle(top)
  n3.handle(right) -> backend.n5.handle(left)
  n4.handle(right) -> backend.n5.handle(left)
  n3.handle(right) -> metrics.n6.handle(left)
}
backend { # Orders Service
  n5: rectangle label:"Orders v2 implementation"
}
metrics { # Usage Metrics
  n6: rectangle label:"v1 traffic by client"
}`)
	defer func() { tryTieFlow = true }()
	tryTieFlow = false
	l0 := Layout(doc, layout.DefaultEnv()).Layout
	tryTieFlow = true
	l1 := Layout(doc, layout.DefaultEnv()).Layout
	if c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1); c0 == 0 || c1 != 0 {
		t.Fatalf("%d crossings with tieFlow, %d without: want none with (the case needs some without)", c1, c0)
	}
	y := containerY(&l1)
	if y["metrics"] >= y["backend"] {
		t.Errorf("metrics at y %.0f, backend at y %.0f: want metrics above", y["metrics"], y["backend"])
	}
}

// TestContainerFedFromTheSideComesFirst checks an event router whose
// decision sends two events out of its right side to Operations and two
// out of its bottom to CRM, with CRM written before Operations: the
// containers tie on their neighbours' position and on where they are
// fed in flow order (one decision feeds both), and Operations, fed from
// the side, comes first, so that the routes out of the bottom run down
// past it and nothing crosses (in file order the four crossed four
// times).
func TestContainerFedFromTheSideComesFirst(t *testing.T) {
	doc := layouttest.Compile(t, "router", `router { # Event Router
  n1: circle label:"Event arrives"
  n2: diamond label:"Event type?"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> billing.n3.handle(left) [label="invoice.created"]
  n2.handle(right) -> billing.n4.handle(left) [label="payment.failed"]
  n2.handle(bottom) -> crm.n5.handle(top) [label="customer.updated"]
  n2.handle(bottom) -> crm.n6.handle(top) [label="customer.deleted (GDPR)"]
  n2.handle(right) -> ops.n7.handle(left) [label="deploy.finished"]
  n2.handle(right) -> ops.n8.handle(left) [label="alert.fired"]
  n2.handle(top) -> n9.handle(left) [label="unknown type"]
  n9: rectangle label:"Park in dead-letter queue"
}
billing { # Billing
  n3: rectangle label:"Post to ledger"
  n4: rectangle label:"Start dunning"
  n3.handle(right) -> audit.n10.handle(left) [label="ledger entry"]
  n4.handle(right) -> audit.n10.handle(left) [label="dunning case"]
}
crm { # CRM
  n5: rectangle label:"Sync contact"
  n6: rectangle label:"Erase personal data"
  n5.handle(right) -> audit.n10.handle(left) [label="contact diff"]
  n6.handle(right) -> audit.n10.handle(left) [label="erasure proof"]
}
ops { # Operations
  n7: rectangle label:"Annotate dashboards"
  n8: rectangle label:"Page on-call engineer"
  n7.handle(right) -> audit.n10.handle(left) [label="release note"]
  n8.handle(right) -> audit.n10.handle(left) [label="incident id"]
}
audit { # Audit
  n10: rectangle label:"Append to audit log"
  n11: circle label:"Retained 7 years"
  n10.handle(right) -> n11.handle(left)
}`)
	l := Layout(doc, layout.DefaultEnv()).Layout
	if c := layouttest.Crossings(&l); c != 0 {
		t.Errorf("%d crossings, want none", c)
	}
	y := containerY(&l)
	if y["ops"] >= y["crm"] {
		t.Errorf("Operations at y %.0f, CRM at y %.0f: want Operations above", y["ops"], y["crm"])
	}
	for _, p := range layouttest.Quality(doc, &l) {
		t.Error(p)
	}
}

// TestNextFoldingTried checks an incident escalation whose folding that
// fits a frame best crosses more than its 2,800 px wide row: the next
// folding is laid out too, and kept, narrower and crossing less than the
// row.
func TestNextFoldingTried(t *testing.T) {
	withoutShortcuts(t)
	withoutMoves(t)
	doc := layouttest.Compile(t, "incident-escalation", layouttest.Unseen(t)["unseen incident-escalation.fz"])
	retries := foldRetries
	defer func() { foldRetries = retries }()
	foldRetries = 0
	l0 := Layout(doc, layout.DefaultEnv()).Layout
	foldRetries = retries
	l1 := Layout(doc, layout.DefaultEnv()).Layout
	c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1)
	if l0.Width <= foldWidth || l1.Width >= l0.Width || c1 >= c0 {
		t.Errorf("next foldings tried: %.0f px wide, %d crossings; without: %.0f px wide, %d crossings; want narrower and fewer (and the case needs a wide row without)", l1.Width, c1, l0.Width, c0)
	}
}

// containerY returns the top of each container of l, by lane ID.
func containerY(l *scene.Layout) map[string]float64 {
	y := map[string]float64{}
	for _, c := range l.Lanes {
		y[c.ID] = c.Y
	}
	return y
}

// TestRowsSweepOneSideAtATime checks the row passes' one-side orders
// (heightChoices): generated hubs whose passes stopped because ordering
// both sides at once crossed no less untangle when one side moves while
// the other keeps its order.
func TestRowsSweepOneSideAtATime(t *testing.T) {
	defer func() { sweepRows = true }()
	for _, seed := range []int64{1, 79, 102, 136} {
		name := fmt.Sprintf("random-hub-%03d", seed)
		doc := layouttest.Compile(t, name, testgen.RandomHub(seed))
		sweepRows = false
		l0 := Layout(doc, layout.DefaultEnv()).Layout
		sweepRows = true
		l1 := Layout(doc, layout.DefaultEnv()).Layout
		c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1)
		if c1 >= c0 {
			t.Errorf("%s: %d crossings with one side moved at a time, %d without", name, c1, c0)
		}
		if ps := layouttest.Quality(doc, &l1); len(ps) > 0 {
			t.Errorf("%s: quality: %v", name, ps)
		}
	}
}
