package swimlane

import (
	"math/rand"
	"slices"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// TestCountInversionsBruteForce checks the accumulator-tree count of the
// crossings between two columns against counting every pair of edges, on
// random bilayer graphs.
func TestCountInversionsBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	var tree, buf []int
	for trial := 0; trial < 500; trial++ {
		nl, nr := 1+rng.Intn(12), 1+rng.Intn(12)
		o := &ordering{}
		for i := 0; i < nl+nr; i++ {
			o.layer = append(o.layer, min(i/nl, 1))
			o.lane = append(o.lane, 0)
		}
		o.right = make([][]int, nl+nr)
		o.pos = make([]int, nl+nr)
		left, right := rng.Perm(nl), rng.Perm(nr)
		l := make([]int, nl)
		for i, p := range left {
			l[p] = i
			o.pos[i] = p
		}
		for i, p := range right {
			o.pos[nl+i] = p
		}
		type e struct{ a, b int }
		var es []e
		for m := rng.Intn(3 * (nl + nr)); m > 0; m-- {
			u, v := rng.Intn(nl), nl+rng.Intn(nr)
			o.right[u] = append(o.right[u], v) // parallel edges included
			es = append(es, e{u, v})
		}
		want := 0
		for i := range es {
			for j := i + 1; j < len(es); j++ {
				a1, b1, a2, b2 := o.pos[es[i].a], o.pos[es[i].b], o.pos[es[j].a], o.pos[es[j].b]
				if (a1 < a2 && b1 > b2) || (a1 > a2 && b1 < b2) {
					want++
				}
			}
		}
		if got := o.bilayer(l, nr, &buf, &tree); got != want {
			t.Fatalf("trial %d: %d crossings counted, %d by brute force (edges %v)", trial, got, want, es)
		}
	}
}

// TestPairCrossings checks the count used by transposition against every
// pair.
func TestPairCrossings(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for trial := 0; trial < 300; trial++ {
		a, b := make([]int, rng.Intn(6)), make([]int, rng.Intn(6))
		for i := range a {
			a[i] = rng.Intn(8)
		}
		for i := range b {
			b[i] = rng.Intn(8)
		}
		want := 0
		for _, x := range a {
			for _, y := range b {
				if x > y {
					want++
				}
			}
		}
		sa, sb := slices.Clone(a), slices.Clone(b)
		slices.Sort(sa)
		slices.Sort(sb)
		if got := pairCrossings(sa, sb); got != want {
			t.Fatalf("%v %v: %d, want %d", a, b, got, want)
		}
	}
}

// TestWeightedMedian checks the median rule of the sweeps.
func TestWeightedMedian(t *testing.T) {
	for _, c := range []struct {
		ps   []int
		want float64
	}{{nil, -1}, {[]int{4}, 4}, {[]int{1, 5}, 3}, {[]int{7, 1, 3}, 3}, {[]int{0, 1, 2, 10}, (1*8 + 2*1) / 9.0}, {[]int{2, 2, 2, 2}, 2}} {
		if got := weightedMedian(append([]int(nil), c.ps...)); got != c.want {
			t.Errorf("weightedMedian(%v) = %v, want %v", c.ps, got, c.want)
		}
	}
}

// TestReductionNeverCrossesMore lays out the whole quality corpus with the
// single barycentric pass and with crossing reduction, and checks that the
// drawn routes never cross more with the reduction (on large diagrams too,
// where the layout does not check it itself), and cross less in total.
func TestReductionNeverCrossesMore(t *testing.T) {
	env := layout.DefaultEnv()
	count := func(name, src string) (int, int) {
		doc := layouttest.Compile(t, name, src)
		s := newState(doc, env)
		s.sizeNodes()
		s.rank()
		s.assignRows()
		s.arrange()
		s.keepFewerCrossings()
		return s.routeCrossings(), len(s.nodes)
	}
	var before, after, better, bigBefore, bigAfter int
	for name, src := range layouttest.QualityCorpus(t) {
		crossingReduction = false
		c0, n := count(name, src)
		crossingReduction = true
		c1, _ := count(name, src)
		if n > geomCheckMax { // the layout keeps the reordered rows unchecked
			bigBefore += c0
			bigAfter += c1
		} else {
			before += c0
			after += c1
		}
		if c1 > c0 {
			t.Errorf("%s: %d crossings with crossing reduction, %d with the single pass", name, c1, c0)
		}
		if c1 < c0 {
			better++
		}
	}
	t.Logf("crossings: %d with the single pass, %d with crossing reduction (%d diagrams better); above %d nodes: %d and %d",
		before, after, better, geomCheckMax, bigBefore, bigAfter)
	if after >= before {
		t.Errorf("crossing reduction removed no crossing on the corpus: %d before, %d after", before, after)
	}
}

// bilayerOrdering builds two columns of nodes in the given lanes with
// edges from left node i to right node j.
func bilayerOrdering(lanesL, lanesR []int, edges [][2]int) *ordering {
	nl := len(lanesL)
	o := &ordering{}
	for _, ln := range lanesL {
		o.layer, o.lane = append(o.layer, 0), append(o.lane, ln)
	}
	for _, ln := range lanesR {
		o.layer, o.lane = append(o.layer, 1), append(o.lane, ln)
	}
	n := len(o.layer)
	o.n = n
	o.left, o.right, o.above = make([][]int, n), make([][]int, n), make([][]int, n)
	for _, e := range edges {
		o.right[e[0]] = append(o.right[e[0]], nl+e[1])
		o.left[nl+e[1]] = append(o.left[nl+e[1]], e[0])
	}
	o.layers = [][]int{{}, {}}
	o.pos = make([]int, n)
	for v := range n {
		o.layers[o.layer[v]] = append(o.layers[o.layer[v]], v)
	}
	for _, l := range o.layers {
		o.index(l)
	}
	return o
}

// TestReduceUntangles checks that the sweeps undo a reversed matching and
// that no node leaves its lane.
func TestReduceUntangles(t *testing.T) {
	o := bilayerOrdering([]int{0, 0, 0}, []int{0, 0, 0}, [][2]int{{0, 2}, {1, 1}, {2, 0}})
	if c := o.crossings(); c != 3 {
		t.Fatalf("start: %d crossings, want 3", c)
	}
	if c := o.reduce(24); c != 0 || o.crossings() != 0 {
		t.Errorf("after reduction: %d (%d counted), want 0", c, o.crossings())
	}
	// Two lanes on the right: the crossing between lanes cannot go.
	o = bilayerOrdering([]int{0, 1}, []int{0, 1}, [][2]int{{0, 1}, {1, 0}})
	if c := o.reduce(24); c != 1 {
		t.Errorf("two lanes: %d crossings, want 1 (lanes keep their order)", c)
	}
	for _, l := range o.layers {
		for i := 0; i+1 < len(l); i++ {
			if o.lane[l[i]] > o.lane[l[i+1]] {
				t.Errorf("lane order broken in %v", l)
			}
		}
	}
}

// TestStatsCountTheDrawing checks the layout's stats against a count of
// every pair of segments of the drawn routes (metrics).
func TestStatsCountTheDrawing(t *testing.T) {
	for name, src := range layouttest.Examples(t) {
		l := Layout(layouttest.Compile(t, name, src), layout.DefaultEnv()).Layout
		if l.Stats == nil {
			t.Fatalf("%s: no stats", name)
		}
		c, b := metrics(&l)
		if l.Stats.Crossings != c || l.Stats.Bends != b {
			t.Errorf("%s: stats %+v, the routes have %d crossings and %d bends", name, *l.Stats, c, b)
		}
	}
}

// TestVerticalRunsBruteForce checks ordering.vertical and
// ordering.verticalPair against counting, for every pair of nodes of one
// lane in a column, the runs of each that pass the other, on 500 random
// columns (virtual nodes, which have no runs of their own, included).
func TestVerticalRunsBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for trial := 0; trial < 500; trial++ {
		size := 1 + rng.Intn(10)
		real := rng.Intn(size + 1)
		o := &ordering{n: real, up: make([]int, real), down: make([]int, real)}
		for v := 0; v < size; v++ {
			o.lane = append(o.lane, rng.Intn(3))
			if v < real {
				o.up[v], o.down[v] = rng.Intn(3), rng.Intn(3)
			}
		}
		l := rng.Perm(size)
		slices.SortStableFunc(l, func(a, b int) int { return o.lane[a] - o.lane[b] })
		runs := func(v int, dir []int) int {
			if v >= o.n {
				return 0
			}
			return dir[v]
		}
		want := 0
		for i := range l {
			for j := i + 1; j < len(l); j++ {
				if o.lane[l[i]] == o.lane[l[j]] {
					want += runs(l[i], o.down) + runs(l[j], o.up)
				}
			}
		}
		if got := o.vertical(l); got != want {
			t.Fatalf("trial %d: vertical(%v) = %d, want %d", trial, l, got, want)
		}
		for i := 0; i+1 < len(l); i++ {
			u, w := l[i], l[i+1]
			if o.lane[u] != o.lane[w] {
				continue
			}
			if got, want := o.verticalPair(u, w), runs(u, o.down)+runs(w, o.up); got != want {
				t.Fatalf("trial %d: verticalPair(%d, %d) = %d, want %d", trial, u, w, got, want)
			}
		}
	}
}
