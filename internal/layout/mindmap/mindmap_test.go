package mindmap

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"flowzap/internal/golden"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
	"flowzap/internal/textmeasure"
	"flowzap/internal/theme"
)

// TestBalanced checks the root's branches go to both sides and the root is
// the first circle.
func TestBalanced(t *testing.T) {
	src := layouttest.Examples(t)["mindmap-product-launch.fz"]
	doc := layouttest.Compile(t, "mm", src)
	l := Layout(doc, layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light}).Layout
	root := l.Nodes[0]
	if root.ID != "n1" {
		t.Fatalf("root is %s, want n1 (the first circle)", root.ID)
	}
	left, right := 0, 0
	for _, n := range l.Nodes[1:] {
		if n.X+n.W <= root.X {
			left++
		} else if n.X >= root.X+root.W {
			right++
		}
	}
	if left == 0 || right == 0 || left+right != len(l.Nodes)-1 {
		t.Errorf("unbalanced: %d left, %d right", left, right)
	}
	golden.Check(t, "testdata/product-launch.golden", []byte(l.Dump()))
}

func TestOmitted(t *testing.T) {
	doc := layouttest.Compile(t, "x", `a { # A
  n1: circle label:"Root"
  n2: diamond label:"Choice"
  n3: rectangle label:"Branch"
  n4: circle label:"End"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left) [label="yes"]
  n2.handle(bottom) -> n4.handle(top) [label="no"]
}`)
	om := Omitted(doc)
	if len(om) != 2 || om[0].ID != "n2" || om[1].ID != "n4" {
		t.Fatalf("omitted = %v", om)
	}
	l := Layout(doc, layout.DefaultEnv()).Layout
	if len(l.Edges) != 1 || l.Edges[0].From != "n1" || l.Edges[0].To != "n3" {
		t.Errorf("n3 should hang from the root through the omitted diamond: %+v", l.Edges)
	}
}

func BenchmarkLayout(b *testing.B) { layouttest.Bench(b, Layout) }

// chain returns the code of a root circle followed by a chain of n
// rectangles, each the only child of the one before.
func chain(n int) string {
	var b strings.Builder
	b.WriteString("c { # Chain\n  n0: circle label:\"Access log\"\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  n%d: rectangle label:\"GET /api/v1/items/%d receives 200\"\n", i, i)
	}
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  n%d.handle(right) -> n%d.handle(left)\n", i-1, i)
	}
	b.WriteString("}\n")
	return b.String()
}

// TestLongChainFolds checks that a long chain, too wide for a row, folds
// into columns read downward: the picture stays about as wide as it is
// tall (a row of 120 branches was 27,000 px wide), every quality rule
// holds, each branch sits under its parent (the edge between them is one
// gap long), and the first of a column is joined to the last of the one
// before by a turn in the gap between the columns, no longer than the
// block is tall.
func TestLongChainFolds(t *testing.T) {
	for _, n := range []int{6, 12, 40, 120, 600} {
		doc := layouttest.Compile(t, "chain", chain(n))
		l := Layout(doc, layout.DefaultEnv()).Layout
		for _, p := range layouttest.Quality(nil, &l) {
			t.Errorf("chain of %d: %s", n, p)
		}
		if r := l.Width / l.Height; r > 3 || r < 0.5 {
			t.Errorf("chain of %d: %.0f x %.0f px (width over height %.1f, want 0.5 to 3)", n, l.Width, l.Height, r)
		}
		// Branches are centred in their column, so the edge between two
		// columns may be longer than the gap by the difference of widths.
		minW, maxW := math.Inf(1), 0.0
		for _, b := range l.Nodes[1:] {
			minW, maxW = math.Min(minW, b.W), math.Max(maxW, b.W)
		}
		for _, e := range l.Edges {
			if e.From == "n0" {
				continue
			}
			length := 0.0
			for i := 1; i < len(e.Points); i++ {
				length += math.Abs(e.Points[i][0]-e.Points[i-1][0]) + math.Abs(e.Points[i][1]-e.Points[i-1][1])
			}
			if e.FromSide == "bottom" {
				if e.ToSide != "top" || len(e.Points) != 2 || e.Points[0][1] > e.Points[1][1] || length > gapX+0.01 {
					t.Errorf("chain of %d: edge %s→%s runs %s→%s over %.0f px, want straight down to the branch under it", n, e.From, e.To, e.FromSide, e.ToSide, length)
				}
				continue
			}
			// From the foot of a column to the head of the next: up,
			// at most the block's height.
			if len(e.Points) == 4 && e.Points[3][1] >= e.Points[0][1] {
				t.Errorf("chain of %d: edge %s→%s goes down to the next column, want up to its head", n, e.From, e.To)
			}
			if length > gapX+maxW-minW+l.Height+0.01 {
				t.Errorf("chain of %d: edge %s→%s is %.0f px long, want at most %.0f (across the gap, up the block)", n, e.From, e.To, length, gapX+maxW-minW+l.Height)
			}
		}
	}
}

// TestShortChainStaysInARow checks that a chain shorter than foldMin is
// not folded, nor a longer one whose row fits compactWidth: every branch
// in its own column, in one row.
func TestShortChainStaysInARow(t *testing.T) {
	for _, n := range []int{foldMin - 1, foldMin} {
		doc := layouttest.Compile(t, "chain", chain(n))
		l := Layout(doc, layout.DefaultEnv()).Layout
		if n == foldMin && l.Width > compactWidth {
			t.Fatalf("chain of %d: %.0f px wide, the test needs a row narrower than %.0f", n, l.Width, compactWidth)
		}
		for _, e := range l.Edges {
			if e.FromSide != "right" || e.ToSide != "left" || len(e.Points) != 2 {
				t.Errorf("chain of %d: edge %s→%s runs %s→%s in %d points, want a straight right→left edge", n, e.From, e.To, e.FromSide, e.ToSide, len(e.Points))
			}
		}
	}
}

// deepTree returns the code of a mind map ten levels deep whose branches
// run on in short runs (one or two single children, too short to fold)
// and split in two now and then: drawn one column per level it is about
// 2,900 px wide.
func deepTree() string {
	var b strings.Builder
	b.WriteString("plan { # Plan\n  n1: circle label:\"Data platform\"\n")
	words := []string{"Ingest", "Validate", "Enrich", "Store", "Index", "Serve", "Monitor", "Backfill"}
	n := 1
	var edges [][2]int
	var grow func(parent, depth, salt int)
	grow = func(parent, depth, salt int) {
		if depth >= 10 {
			return
		}
		run := 1 + (depth+salt)%2
		cur := parent
		for i := 0; i < run; i++ {
			n++
			fmt.Fprintf(&b, "  n%d: rectangle label:\"%s %d\"\n", n, words[(n*5+salt)%len(words)], depth+i)
			edges = append(edges, [2]int{cur, n})
			cur = n
		}
		kids := 1
		if (depth*7+salt)%3 == 0 && depth < 8 {
			kids = 2
		}
		for k := 0; k < kids; k++ {
			grow(cur, depth+run, salt+k+1)
		}
	}
	for i := 0; i < 3; i++ {
		grow(1, 1, i)
	}
	for _, e := range edges {
		fmt.Fprintf(&b, "  n%d.handle(right) -> n%d.handle(left)\n", e[0], e[1])
	}
	b.WriteString("}\n")
	return b.String()
}

// TestDeepTreeCompacts checks that a deep tree with short runs, which one
// column per level made about 3,100 px wide and 770 tall, folds its short
// runs: at most 65 % of the plain drawing's width and wider than tall,
// every quality rule holds, and every branch stays next to its parent
// (beside it, one gap away give or take the widths in a folded column, or
// right under it).
func TestDeepTreeCompacts(t *testing.T) {
	doc := layouttest.Compile(t, "deep", deepTree())
	mins := compactFoldMins
	compactFoldMins = nil
	plain := Layout(doc, layout.DefaultEnv()).Layout
	compactFoldMins = mins
	l := Layout(doc, layout.DefaultEnv()).Layout
	for _, p := range layouttest.Quality(nil, &l) {
		t.Error(p)
	}
	if l.Width > 0.65*plain.Width || l.Width < l.Height {
		t.Errorf("%.0f x %.0f px (plain %.0f x %.0f): want at most 65 %% of the plain width, and wider than tall", l.Width, l.Height, plain.Width, plain.Height)
	}
	box := map[string]scene.NodeBox{}
	minW, maxW := math.Inf(1), 0.0
	for _, n := range l.Nodes {
		box[n.ID] = n
		if n.ID != "n1" {
			minW, maxW = math.Min(minW, n.W), math.Max(maxW, n.W)
		}
	}
	below := 0
	for _, e := range l.Edges {
		a, c := box[e.From], box[e.To]
		if e.FromSide == "bottom" || e.FromSide == "top" {
			below++
			if gap := math.Max(c.Y-(a.Y+a.H), a.Y-(c.Y+c.H)); gap > foldGap+0.01 {
				t.Errorf("edge %s→%s: the branch is %.0f px under its parent, want at most %.0f", e.From, e.To, gap, foldGap)
			}
			continue
		}
		gap := math.Max(c.X-(a.X+a.W), a.X-(c.X+c.W))
		if e.From != "n1" && gap > gapX+maxW-minW+0.01 {
			t.Errorf("edge %s→%s: the branch is %.0f px from its parent, want at most %.0f", e.From, e.To, gap, gapX+maxW-minW)
		}
	}
	if below == 0 {
		t.Error("no short run folded")
	}
}

// TestBranchesReadClockwise: the root's branches read clockwise in the
// order they are written (down the right side, then up the left side),
// whatever their number and sizes, on generated trees.
func TestBranchesReadClockwise(t *testing.T) {
	words := []string{"Plan", "Build the first version of the service", "Ask", "Review the design with two teams", "Ship", "Measure"}
	for seed := 0; seed < 60; seed++ {
		var b strings.Builder
		b.WriteString("m { # Map\nn1: circle label:\"Root\"\n")
		id, branches := 1, 2+seed%8
		var order []string
		for i := 0; i < branches; i++ {
			id++
			br := id
			order = append(order, fmt.Sprintf("n%d", br))
			fmt.Fprintf(&b, "n%d: rectangle label:%q\nn1.handle(right) -> n%d.handle(left)\n", br, words[(seed+i)%len(words)], br)
			for j := 0; j < (seed*7+i*3)%6; j++ {
				id++
				fmt.Fprintf(&b, "n%d: rectangle label:%q\nn%d.handle(right) -> n%d.handle(left)\n", id, words[(seed+j+i)%len(words)], br, id)
			}
		}
		b.WriteString("}\n")
		doc := layouttest.Compile(t, "clockwise", b.String())
		l := Layout(doc, layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light}).Layout
		boxes := layouttest.NodeBoxes(&l)
		root := boxes["n1"]
		type at struct {
			id   string
			y    float64
			left bool
		}
		var got []at
		for _, id := range order {
			n := boxes[id]
			got = append(got, at{id, n.Y + n.H/2, n.X+n.W <= root.X})
		}
		// Clockwise: right side top to bottom, then left side bottom to top.
		angle := func(a at) float64 {
			if !a.left {
				return a.y
			}
			return 1e6 - a.y
		}
		for i := 1; i < len(got); i++ {
			if angle(got[i]) <= angle(got[i-1]) {
				t.Errorf("seed %d: branch %s (left %v) comes before %s (left %v) clockwise", seed, got[i].id, got[i].left, got[i-1].id, got[i-1].left)
				break
			}
		}
	}
}

// TestSingleBranchTrunk: a root with a single branch, whose branches
// would all stand on one side, is drawn along its trunk: the root on
// top, the branch under it, its branches shared between the two sides,
// every quality rule holding and the picture smaller both ways. The
// root's single branch here leads through a second one ("Router" then
// "Dispatcher") to twelve services, and beside "Router" stands the short
// "Audit" (the branches of "Router" leave one side under a third of the
// other's height, so the trunk goes on into the taller). A single branch
// with two short branches stays beside the root: along a trunk it would
// be taller.
func TestSingleBranchTrunk(t *testing.T) {
	var b strings.Builder
	b.WriteString("m { # Map\nn1: circle label:\"Ingress\"\nn2: rectangle label:\"Router\"\nn3: rectangle label:\"Dispatcher\"\nn4: rectangle label:\"Audit\"\n")
	b.WriteString("n1.handle(right) -> n2.handle(left)\nn2.handle(right) -> n3.handle(left)\nn2.handle(right) -> n4.handle(left)\n")
	for i := 0; i < 12; i++ {
		fmt.Fprintf(&b, "s%d: rectangle label:\"Service %c\"\nn3.handle(right) -> s%d.handle(left)\n", i, 'A'+i, i)
	}
	b.WriteString("}\n")
	doc := layouttest.Compile(t, "trunk", b.String())
	sc := Layout(doc, layout.DefaultEnv())
	l := sc.Layout
	for _, p := range layouttest.Quality(nil, &l) {
		t.Error(p)
	}
	boxes := layouttest.NodeBoxes(&l)
	root, router, disp := boxes["n1"], boxes["n2"], boxes["n3"]
	axis := root.X + root.W/2
	for id, n := range map[string]scene.Box{"Router": router, "Dispatcher": disp} {
		if math.Abs(n.X+n.W/2-axis) > 0.5 || n.Y < root.Y+root.H {
			t.Errorf("%s at %+v is not under the root %+v", id, n, root)
		}
	}
	if router.Y > disp.Y {
		t.Errorf("Router below Dispatcher")
	}
	left, right := 0, 0
	for i := 0; i < 12; i++ {
		s := boxes[fmt.Sprintf("s%d", i)]
		switch {
		case s.X+s.W <= disp.X-gapX+0.5:
			left++
		case s.X >= disp.X+disp.W+gapX-0.5:
			right++
		default:
			t.Errorf("service s%d at %+v is not one gap beside Dispatcher %+v", i, s, disp)
		}
	}
	if left != 6 || right != 6 {
		t.Errorf("services %d left, %d right of Dispatcher; want 6 and 6", left, right)
	}
	if a := boxes["n4"]; a.Y > router.Y+router.H || a.Y+a.H < router.Y {
		t.Errorf("Audit %+v is not beside Router %+v", a, router)
	}
	// The one-sided drawing, for comparison.
	root1 := build(doc, Root(doc), layout.DefaultEnv())
	placeSides(root1, foldMin)
	w0, h0 := size(root1)
	if l.Width-2*margin > w0 || l.Height-2*margin >= h0 {
		t.Errorf("trunk %g x %g px, not smaller than one side's %g x %g", l.Width-2*margin, l.Height-2*margin, w0, h0)
	}

	doc = layouttest.Compile(t, "short", `m { # Map
n1: circle label:"Open ticket"
n2: rectangle label:"Triage ticket"
n3: rectangle label:"Send help article"
n4: rectangle label:"Escalate with logs"
n1.handle(right) -> n2.handle(left)
n2.handle(right) -> n3.handle(left)
n2.handle(right) -> n4.handle(left)
}`)
	for _, e := range Layout(doc, layout.DefaultEnv()).Layout.Edges {
		if e.FromSide != "right" {
			t.Errorf("short map: edge %s→%s leaves %s, want right", e.From, e.To, e.FromSide)
		}
	}
}

// TestSingleBranchTrunkGenerated: maps whose root has a single branch
// (through a chain of zero to two more) with 1 to 24 branches of 0 to 3
// leaves each keep every quality rule; with eight branches or more, nodes
// stand on both sides of the root (with six or seven, the drawing along
// the trunk may save too little area to be kept).
func TestSingleBranchTrunkGenerated(t *testing.T) {
	for seed := 0; seed < 72; seed++ {
		var b strings.Builder
		b.WriteString("m { # Map\nn0: circle label:\"Root topic\"\n")
		chain := seed % 3
		for i := 1; i <= chain+1; i++ {
			fmt.Fprintf(&b, "n%d: rectangle label:\"Stage %d\"\nn%d.handle(right) -> n%d.handle(left)\n", i, i, i-1, i)
		}
		hub, id := chain+1, chain+1
		branches := 1 + seed%24
		for i := 0; i < branches; i++ {
			id++
			br := id
			fmt.Fprintf(&b, "n%d: rectangle label:\"Branch %d of the map\"\nn%d.handle(right) -> n%d.handle(left)\n", br, i, hub, br)
			for j := 0; j < (seed*5+i*7)%4; j++ {
				id++
				fmt.Fprintf(&b, "n%d: rectangle label:\"Leaf %d\"\nn%d.handle(right) -> n%d.handle(left)\n", id, j, br, id)
			}
		}
		b.WriteString("}\n")
		doc := layouttest.Compile(t, "gen", b.String())
		l := Layout(doc, layout.DefaultEnv()).Layout
		for _, p := range layouttest.Quality(nil, &l) {
			t.Errorf("seed %d: %s", seed, p)
		}
		if branches < 8 {
			continue
		}
		boxes := layouttest.NodeBoxes(&l)
		axis := boxes["n0"].X + boxes["n0"].W/2
		left, right := 0, 0
		for _, n := range l.Nodes {
			if n.X+n.W < axis {
				left++
			} else if n.X > axis {
				right++
			}
		}
		if left == 0 || right == 0 {
			t.Errorf("seed %d (%d branches): %d nodes left of the root, %d right", seed, branches, left, right)
		}
	}
}

// TestTallBranchTrunk: a root whose branches would leave one side under
// a third of the other's height (a gateway with ten services, and a
// relay) stands on top of the taller, whose services are shared between
// the sides; the relay, written after it, stands left of the root.
func TestTallBranchTrunk(t *testing.T) {
	var b strings.Builder
	b.WriteString("m { # Map\nn1: circle label:\"PC client\"\nn2: rectangle label:\"Session gateway\"\nn3: rectangle label:\"Relay servers\"\n")
	b.WriteString("n1.handle(right) -> n2.handle(left)\nn1.handle(right) -> n3.handle(left)\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "s%d: rectangle label:\"Service %c\"\nn2.handle(right) -> s%d.handle(left)\n", i, 'A'+i, i)
	}
	b.WriteString("}\n")
	doc := layouttest.Compile(t, "tall", b.String())
	l := Layout(doc, layout.DefaultEnv()).Layout
	for _, p := range layouttest.Quality(nil, &l) {
		t.Error(p)
	}
	boxes := layouttest.NodeBoxes(&l)
	root, gw, relay := boxes["n1"], boxes["n2"], boxes["n3"]
	if math.Abs(gw.X+gw.W/2-(root.X+root.W/2)) > 0.5 || gw.Y < root.Y+root.H {
		t.Errorf("gateway %+v not under the root %+v", gw, root)
	}
	if relay.X+relay.W > root.X || relay.Y > root.Y+root.H || relay.Y+relay.H < root.Y {
		t.Errorf("relay %+v not left of the root %+v", relay, root)
	}
	left := 0
	for i := 0; i < 10; i++ {
		if s := boxes[fmt.Sprintf("s%d", i)]; s.X+s.W < gw.X {
			left++
		}
	}
	if left != 5 {
		t.Errorf("%d of 10 services left of the gateway, want 5", left)
	}
}

// TestBranchColoursApart lays out roots with 2 to 14 main branches and
// checks that two branches side by side round the root (the last beside
// the first included) never share a colour, and that up to six branches
// all differ.
func TestBranchColoursApart(t *testing.T) {
	for n := 2; n <= 14; n++ {
		var b strings.Builder
		b.WriteString("m { # M\n  n1: circle label:\"Root\"\n")
		for i := 2; i <= n+1; i++ {
			fmt.Fprintf(&b, "  n%d: rectangle label:\"Branch %d\"\n", i, i)
		}
		for i := 2; i <= n+1; i++ {
			fmt.Fprintf(&b, "  n1.handle(right) -> n%d.handle(left)\n", i)
		}
		b.WriteString("}\n")
		doc := layouttest.Compile(t, "branches", b.String())
		sc := Layout(doc, layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light})
		root := sc.Layout.Nodes[0]
		cx, cy := root.X+root.W/2, root.Y+root.H/2
		type branch struct {
			angle  float64
			colour string
		}
		var bs []branch
		for _, it := range sc.Items {
			g, ok := it.(*scene.Group)
			if !ok || g.Kind != "edge" {
				continue
			}
			var to *scene.NodeBox
			for _, e := range sc.Layout.Edges {
				if e.ID == g.ID {
					for k := range sc.Layout.Nodes {
						if sc.Layout.Nodes[k].ID == e.To {
							to = &sc.Layout.Nodes[k]
						}
					}
				}
			}
			p := g.Items[0].(*scene.Path)
			// Clockwise from the top, so the order runs round the root.
			a := math.Atan2(to.X+to.W/2-cx, -(to.Y + to.H/2 - cy))
			if a < 0 {
				a += 2 * math.Pi
			}
			bs = append(bs, branch{a, p.Stroke.Color})
		}
		if len(bs) != n {
			t.Fatalf("%d branches: %d edges drawn", n, len(bs))
		}
		slices.SortFunc(bs, func(x, y branch) int { return cmp.Compare(x.angle, y.angle) })
		seen := map[string]bool{}
		for i, x := range bs {
			seen[x.colour] = true
			if y := bs[(i+1)%n]; x.colour == y.colour {
				t.Errorf("%d branches: two neighbours round the root share %s", n, x.colour)
			}
		}
		if want := min(n, len(theme.Light.Branches)); len(seen) != want {
			t.Errorf("%d branches: %d colours, want %d", n, len(seen), want)
		}
	}
}

// TestTrunkKeepsItsColour checks that the branches beside a trunk (a
// root with one child, and that child's children) never take the
// trunk's colour, however many there are.
func TestTrunkKeepsItsColour(t *testing.T) {
	var b strings.Builder
	b.WriteString("m { # M\n  n1: circle label:\"Root\"\n  n2: rectangle label:\"Trunk\"\n")
	for i := 3; i <= 16; i++ {
		fmt.Fprintf(&b, "  n%d: rectangle label:\"Side %d\"\n", i, i)
	}
	b.WriteString("  n1.handle(right) -> n2.handle(left)\n")
	for i := 3; i <= 16; i++ {
		fmt.Fprintf(&b, "  n2.handle(right) -> n%d.handle(left)\n", i)
	}
	b.WriteString("}\n")
	doc := layouttest.Compile(t, "trunk", b.String())
	sc := Layout(doc, layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light})
	colour := map[string]string{} // edge target → stroke
	for _, it := range sc.Items {
		if g, ok := it.(*scene.Group); ok && g.Kind == "edge" {
			for _, e := range sc.Layout.Edges {
				if e.ID == g.ID {
					colour[e.To] = g.Items[0].(*scene.Path).Stroke.Color
				}
			}
		}
	}
	trunk := colour["n2"]
	if trunk == "" || len(colour) != 15 {
		t.Fatalf("%d edges drawn, trunk colour %q", len(colour), trunk)
	}
	for to, c := range colour {
		if to != "n2" && c == trunk {
			t.Errorf("side branch %s takes the trunk's colour %s", to, c)
		}
	}
}

// TestCJKBranchWraps: a branch labelled in Chinese wraps at the 170 px of
// a branch's text (lines break between CJK characters), instead of
// standing on one line widened as if it were a single word.
func TestCJKBranchWraps(t *testing.T) {
	src := `m { # M
  n1: circle label:"产品战略"
  n2: rectangle label:"很长的中文标签用于测试换行是否正确处理"
  n3: rectangle label:"推荐服务获取个性化推荐列表并写入缓存以便下次直接读取"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
}
`
	doc := layouttest.Compile(t, "cjk-branch", src)
	sc := Layout(doc, layout.DefaultEnv())
	for _, n := range sc.Layout.Nodes {
		if n.W > 170+28 {
			t.Errorf("branch %s is %.0f px wide, want at most 198 (170 of text)", n.ID, n.W)
		}
	}
}

// TestSpineShowsEachBranchColour: the edges from the root to its branches
// share the spine in the gap beside the root; just before each branch's
// turn towards it, the colour drawn on top (the last edge drawn through
// that point) is that branch's own, on both sides, above and below the
// root, so that no branch hangs from a line of another colour.
func TestSpineShowsEachBranchColour(t *testing.T) {
	for _, n := range []int{4, 8, 12} {
		var b strings.Builder
		b.WriteString("m { # M\n  n1: circle label:\"Root\"\n")
		for i := 2; i <= n+1; i++ {
			fmt.Fprintf(&b, "  n%d: rectangle label:\"Branch %d\"\n", i, i)
		}
		for i := 2; i <= n+1; i++ {
			fmt.Fprintf(&b, "  n1.handle(right) -> n%d.handle(left)\n", i)
		}
		b.WriteString("}\n")
		doc := layouttest.Compile(t, "spine", b.String())
		sc := Layout(doc, layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light})
		var paths []*scene.Path // edges in drawing order
		for _, it := range sc.Items {
			if g, ok := it.(*scene.Group); ok && g.Kind == "edge" {
				paths = append(paths, g.Items[0].(*scene.Path))
			}
		}
		on := func(p *scene.Path, x, y float64) bool {
			for i := 0; i+1 < len(p.Points); i++ {
				a, c := p.Points[i], p.Points[i+1]
				if math.Abs(a.X-x) < 0.5 && math.Abs(c.X-x) < 0.5 && y >= math.Min(a.Y, c.Y)-0.5 && y <= math.Max(a.Y, c.Y)+0.5 {
					return true
				}
			}
			return false
		}
		for _, p := range paths {
			if len(p.Points) != 4 {
				continue // a branch level with the root: no spine
			}
			// The point on the spine 10 px before the turn, towards the root.
			x, y := p.Points[1].X, p.Points[2].Y
			if p.Points[2].Y > p.Points[1].Y {
				y -= 10
			} else {
				y += 10
			}
			var top *scene.Path
			for _, q := range paths {
				if on(q, x, y) {
					top = q
				}
			}
			if top != p {
				t.Errorf("%d branches: the spine just before the branch at y %.0f shows %s, want its own %s", n, p.Points[3].Y, top.Stroke.Color, p.Stroke.Color)
			}
		}
	}
}

// TestTrunkAfterASmallBranch: when the root's branch that the trunk goes
// on through is written after a small one beside the root, the trunk
// takes the second colour; the branches beside the trunk (and the one
// beside the root) still never take it, and the first five of them take
// five different colours.
func TestTrunkAfterASmallBranch(t *testing.T) {
	var b strings.Builder
	b.WriteString("m { # M\n  n1: circle label:\"API\"\n  n2: rectangle label:\"Small\"\n  n3: rectangle label:\"Gateway\"\n")
	for i := 4; i <= 15; i++ {
		fmt.Fprintf(&b, "  n%d: rectangle label:\"service %d with a longer name\"\n", i, i)
	}
	b.WriteString("  n1.handle(right) -> n2.handle(left)\n  n1.handle(right) -> n3.handle(left)\n")
	for i := 4; i <= 15; i++ {
		fmt.Fprintf(&b, "  n3.handle(right) -> n%d.handle(left)\n", i)
	}
	b.WriteString("}\n")
	doc := layouttest.Compile(t, "trunk-second", b.String())
	sc := Layout(doc, layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light})
	colour := map[string]string{} // edge target → stroke
	for _, it := range sc.Items {
		if g, ok := it.(*scene.Group); ok && g.Kind == "edge" {
			for _, e := range sc.Layout.Edges {
				if e.ID == g.ID {
					colour[e.To] = g.Items[0].(*scene.Path).Stroke.Color
				}
			}
		}
	}
	var root, gw scene.NodeBox
	for _, n := range sc.Layout.Nodes {
		switch n.ID {
		case "n1":
			root = n
		case "n3":
			gw = n
		}
	}
	if gw.Y < root.Y+root.H {
		t.Fatalf("the map is not drawn along its trunk (gateway at y %.0f, root's bottom %.0f)", gw.Y, root.Y+root.H)
	}
	trunk := colour["n3"]
	seen := map[string]bool{}
	for _, id := range []string{"n2", "n4", "n5", "n6", "n7"} {
		seen[colour[id]] = true
	}
	if len(seen) != 5 {
		t.Errorf("the first five branches beside the trunk take %d colours, want 5: %v", len(seen), colour)
	}
	for to, c := range colour {
		if to != "n3" && c == trunk {
			t.Errorf("branch %s beside the trunk takes the trunk's colour %s", to, c)
		}
	}
}

// TestLeavesBesideADeepBranch: a chain of steps each with two leaves (a
// deep branch beside short ones at every level) packs the leaves beside
// the next step's branches instead of stacking every subtree in a band of
// its own: the map is well under the height of all its leaves stacked
// (eight steps were a staircase 818 px tall, now 509), keeps every rule,
// and each parent stays centred on its branches.
func TestLeavesBesideADeepBranch(t *testing.T) {
	const levels = 8
	var b strings.Builder
	b.WriteString("m { # M\n  n1: circle label:\"Root\"\n  n2: rectangle label:\"Platform\"\n")
	var edges []string
	edges = append(edges, "n1 n2")
	id, prev := 2, 2
	for l := 1; l <= levels; l++ {
		id++
		lv := id
		fmt.Fprintf(&b, "  n%d: rectangle label:\"Level %d of the platform rewrite\"\n", lv, l)
		edges = append(edges, fmt.Sprintf("n%d n%d", prev, lv))
		for k := 1; k <= 2; k++ {
			id++
			fmt.Fprintf(&b, "  n%d: rectangle label:\"Sub-task %d.%d\"\n", id, l, k)
			edges = append(edges, fmt.Sprintf("n%d n%d", lv, id))
		}
		prev = lv
	}
	id++
	fmt.Fprintf(&b, "  n%d: rectangle label:\"Other branch\"\n", id)
	edges = append(edges, fmt.Sprintf("n1 n%d", id))
	for _, e := range edges {
		var from, to string
		fmt.Sscan(e, &from, &to)
		fmt.Fprintf(&b, "  %s.handle(right) -> %s.handle(left)\n", from, to)
	}
	b.WriteString("}\n")
	doc := layouttest.Compile(t, "staircase", b.String())
	sc := Layout(doc, layout.DefaultEnv())
	for _, p := range layouttest.Quality(nil, &sc.Layout) {
		t.Error(p)
	}
	byID := map[string]scene.NodeBox{}
	leafH := 0.0
	for _, n := range sc.Layout.Nodes {
		byID[n.ID] = n
		if strings.HasPrefix(n.Label, "Sub-task") {
			leafH += n.H + 14
		}
	}
	if sc.Layout.Height > 0.7*leafH {
		t.Errorf("the map is %.0f px tall, want at most %.0f (0.7 of its %d leaves stacked, %.0f)", sc.Layout.Height, 0.7*leafH, 2*levels, leafH)
	}
	kids := map[string][]string{}
	for _, e := range sc.Layout.Edges {
		kids[e.From] = append(kids[e.From], e.To)
	}
	mid := func(n scene.NodeBox) float64 { return n.Y + n.H/2 }
	for from, to := range kids {
		if from == "n1" || len(to) < 2 {
			continue
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, c := range to {
			lo, hi = math.Min(lo, byID[c].Y), math.Max(hi, byID[c].Y+byID[c].H)
		}
		if d := math.Abs(mid(byID[from]) - (lo+hi)/2); d > 1 {
			t.Errorf("%s is %.0f px off the middle of its branches", byID[from].Label, d)
		}
	}
}

// TestTrunkRowsShareHeight: along a trunk, a row's branches rise beside
// the trunk node above when nothing stands on that side there and that
// node is no wider than theirs (a ledger fed by six sources: the
// sources beside the ledger reach up beside the first source, the root),
// instead of every row taking a band of its own below the one before.
func TestTrunkRowsShareHeight(t *testing.T) {
	var b strings.Builder
	b.WriteString("books { # Finance\n")
	names := []string{"Payroll", "Invoices", "Expenses", "Payments", "Refunds", "Tax"}
	for i, n := range names {
		fmt.Fprintf(&b, "  n%d: rectangle label:\"%s\"\n", i+1, n)
	}
	b.WriteString("  n7: rectangle label:\"General ledger\"\n")
	for i := range names {
		fmt.Fprintf(&b, "  n%d.handle(right) -> n7.handle(left)\n", i+1)
	}
	b.WriteString("}\n")
	doc := layouttest.Compile(t, "ledger", b.String())
	sc := Layout(doc, layout.DefaultEnv())
	for _, p := range layouttest.Quality(nil, &sc.Layout) {
		t.Error(p)
	}
	byID := map[string]scene.NodeBox{}
	for _, n := range sc.Layout.Nodes {
		byID[n.ID] = n
	}
	root, ledger := byID["n1"], byID["n7"]
	if ledger.Y < root.Y+root.H {
		t.Fatalf("not drawn along the trunk: ledger at y %.0f, root's bottom %.0f", ledger.Y, root.Y+root.H)
	}
	top := math.Inf(1)
	for i := 2; i <= 6; i++ {
		top = math.Min(top, byID[fmt.Sprintf("n%d", i)].Y)
	}
	if top >= root.Y+root.H {
		t.Errorf("the ledger's sources start at y %.0f, below the root's bottom %.0f: the row takes a band of its own", top, root.Y+root.H)
	}
}

// TestRootTextInsideItsOutline: the corners of the root's text stay
// inside its rounded outline, however many lines a long root label takes
// (a box taller than wide drawn as a pill cut through its first and last
// lines); a root of one line keeps its pill.
func TestRootTextInsideItsOutline(t *testing.T) {
	env := layout.DefaultEnv()
	for _, label := range []string{
		"Launch",
		"Onboarding a new hire",
		"Une racine avec un libellé extrêmement long qui devrait être coupé sur plusieurs lignes sans déborder",
		"Programme de transformation numérique 数字化转型 pour toutes les équipes du groupe en Europe et en Asie",
	} {
		src := fmt.Sprintf("m { # M\n  n1: circle label:%q\n  n2: rectangle label:\"Branch\"\n  n1.handle(right) -> n2.handle(left)\n}\n", label)
		doc := layouttest.Compile(t, "root", src)
		sc := Layout(doc, env)
		var box *scene.Rect
		var text *scene.Text
		for _, it := range sc.Items {
			if g, ok := it.(*scene.Group); ok && g.Kind == "node" && g.ID == "n1" {
				box, text = g.Items[0].(*scene.Rect), g.Items[1].(*scene.Text)
			}
		}
		if box == nil || text == nil {
			t.Fatalf("%q: no root drawn", label)
		}
		tw := 0.0
		for _, l := range text.Lines {
			tw = math.Max(tw, env.Measure.Width(l, text.Size, text.Bold))
		}
		th := float64(len(text.Lines)) * text.LineHeight
		r, rad := box.R, box.Radius
		// The text's corners, from the box's centre; the centre of the
		// outline's corner arc.
		x, y := tw/2, th/2
		cx, cy := r.W/2-rad, r.H/2-rad
		if x > cx && y > cy && math.Hypot(x-cx, y-cy) > rad {
			t.Errorf("%q (%d lines): the text's corner is %.1f px outside the outline (radius %.0f, box %.0f x %.0f)",
				label, len(text.Lines), math.Hypot(x-cx, y-cy)-rad, rad, r.W, r.H)
		}
		if len(text.Lines) == 1 && rad != r.H/2 {
			t.Errorf("%q: a root of one line is a pill (radius %.0f), got %.0f", label, r.H/2, rad)
		}
	}
}
