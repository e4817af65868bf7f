package layouttest

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// LabelReach is how far (px) a label box may be from its own edge.
const LabelReach = 4.0

// Problem kinds reported by Quality.
const (
	KindLabelFar     = "label-far"      // a label more than LabelReach from its own edge
	KindLabelCrossed = "label-crossed"  // another edge runs through a label
	KindLabelNode    = "label-on-node"  // a label covers a node
	KindLabelHeader  = "label-on-title" // a label covers a lane title
	KindLabelLabel   = "label-on-label" // two labels overlap
	KindDeclaredSide = "declared-side"  // an edge ignores a handle written in the code
	KindNodeHeader   = "node-on-title"  // a node covers a lane title
	KindGeometry     = "geometry"       // everything Check reports
)

// Problem is one broken promise of a layout.
type Problem struct {
	Kind string
	Msg  string
}

// String returns "kind: message".
func (p Problem) String() string { return p.Kind + ": " + p.Msg }

// Quality returns every broken promise of a workflow-like layout: what
// Check reports, plus the label rules (each label within LabelReach of its
// own edge, crossed by no other edge, covering no node, lane title or other
// label) and, when doc is not nil, the sides written in the code
// (edge "eN" is doc's edge N-1; views that merge or drop edges keep the id
// of the first one).
func Quality(doc *model.Document, l *scene.Layout) []Problem {
	var out []Problem
	for _, m := range Check(l) {
		out = append(out, Problem{KindGeometry, m})
	}
	add := func(kind, format string, args ...any) {
		out = append(out, Problem{kind, fmt.Sprintf(format, args...)})
	}
	var headers []geom.Rect
	for _, ln := range l.Lanes {
		if ln.Header != nil {
			headers = append(headers, boxRect(*ln.Header))
		}
	}
	for _, n := range l.Nodes {
		for _, h := range headers {
			if boxRect(n.Box).Overlaps(h) {
				add(KindNodeHeader, "node %s covers a lane title", n.ID)
			}
		}
	}
	type placed struct {
		id string
		r  geom.Rect
	}
	var labels []placed
	for _, e := range l.Edges {
		if e.Label != nil {
			labels = append(labels, placed{e.ID, boxRect(e.Label.Box)})
		}
	}
	for _, e := range l.Edges {
		if e.Label == nil || len(e.Points) < 2 {
			continue
		}
		lr := boxRect(e.Label.Box)
		if d := PolylineDistance(lr, e.Points); d > LabelReach {
			add(KindLabelFar, "label %q of %s is %.1f px from its edge", e.Label.Text, e.ID, d)
		}
		inner := lr
		for _, o := range l.Edges {
			if o.ID != e.ID && routeCrosses(o.Points, inner) {
				add(KindLabelCrossed, "label %q of %s is crossed by edge %s", e.Label.Text, e.ID, o.ID)
			}
		}
		for _, n := range l.Nodes {
			if inner.Overlaps(boxRect(n.Box)) {
				add(KindLabelNode, "label %q of %s covers node %s", e.Label.Text, e.ID, n.ID)
			}
		}
		for _, h := range headers {
			if inner.Overlaps(h) {
				add(KindLabelHeader, "label %q of %s covers a lane title", e.Label.Text, e.ID)
			}
		}
	}
	// Label pairs, by a sweep over x.
	sort.Slice(labels, func(i, j int) bool { return labels[i].r.X < labels[j].r.X })
	for i, a := range labels {
		for _, b := range labels[i+1:] {
			if b.r.X >= a.r.Right() {
				break
			}
			if a.r.Inset(-0.5).Overlaps(b.r) {
				add(KindLabelLabel, "labels of %s and %s overlap", a.id, b.id)
			}
		}
	}
	if doc != nil {
		out = append(out, declaredSides(doc, l)...)
	}
	return out
}

func declaredSides(doc *model.Document, l *scene.Layout) []Problem {
	if l.SidesLeftFree {
		return nil // the view says it drew its own sides (scene.Layout)
	}
	var out []Problem
	for _, e := range l.Edges {
		var i int
		if _, err := fmt.Sscanf(e.ID, "e%d", &i); err != nil || i < 1 || i > len(doc.Edges) {
			continue
		}
		m := doc.Edges[i-1]
		if m.From.ID != e.From || m.To.ID != e.To {
			continue
		}
		if m.FromSide != model.NoSide && string(m.FromSide) != e.FromSide {
			out = append(out, Problem{KindDeclaredSide, fmt.Sprintf("edge %s leaves %s by %s, written %s", e.ID, e.From, e.FromSide, m.FromSide)})
		}
		if m.ToSide != model.NoSide && string(m.ToSide) != e.ToSide {
			out = append(out, Problem{KindDeclaredSide, fmt.Sprintf("edge %s enters %s by %s, written %s", e.ID, e.To, e.ToSide, m.ToSide)})
		}
	}
	return out
}

func pt(p [2]float64) geom.Point { return geom.Point{X: p[0], Y: p[1]} }

// PolylineDistance returns the distance from r to the nearest point of the
// orthogonal polyline pts (0 when they touch or overlap).
func PolylineDistance(r geom.Rect, pts [][2]float64) float64 {
	return geom.RectDistance(r, routeOf(pts))
}

// Tally counts problems by kind, and the diagrams with at least one.
type Tally struct {
	Diagrams int            // diagrams checked
	Failing  int            // diagrams with at least one problem
	ByKind   map[string]int // problems by kind
	Diags    map[string]int // diagrams with at least one problem of a kind
	Examples map[string]string
}

// Add records the problems of one diagram.
func (t *Tally) Add(name string, ps []Problem) {
	if t.ByKind == nil {
		t.ByKind, t.Diags, t.Examples = map[string]int{}, map[string]int{}, map[string]string{}
	}
	t.Diagrams++
	if len(ps) > 0 {
		t.Failing++
	}
	kinds := map[string]bool{}
	for _, p := range ps {
		if !kinds[p.Kind] {
			kinds[p.Kind] = true
			t.Diags[p.Kind]++
		}
		t.ByKind[p.Kind]++
		if _, ok := t.Examples[p.Kind]; !ok {
			t.Examples[p.Kind] = name + ": " + p.Msg
		}
	}
}

// String lists the counts by kind.
func (t Tally) String() string {
	var kinds []string
	for k := range t.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d diagrams have problems\n", t.Failing, t.Diagrams)
	for _, k := range kinds {
		fmt.Fprintf(&b, "  %-16s %5d in %3d diagrams, e.g. %s\n", k, t.ByKind[k], t.Diags[k], t.Examples[k])
	}
	return b.String()
}

func rectOf(x, y, w, h float64) geom.Rect { return geom.Rect{X: x, Y: y, W: w, H: h} }

// boxRect is the rectangle of a box of a layout.
func boxRect(b scene.Box) geom.Rect { return rectOf(b.X, b.Y, b.W, b.H) }

// SharedRuns counts the pairs of edges that run along each other: a
// segment of one lies on a segment of the other (same line, within 1 px)
// for more than 2 px. Drawn, such a pair looks like one line, and where
// each edge goes cannot be read. Segments are bucketed by their line, so
// it runs in about linear time on drawings without long shared lines.
func SharedRuns(l *scene.Layout) int {
	routes := make([][]geom.Point, len(l.Edges))
	for i, e := range l.Edges {
		routes[i] = routeOf(e.Points)
	}
	return geom.SharedRuns(routes)
}

// CloseRuns counts the pairs of edges with parallel segments that run
// beside each other more than 1 px and less than d px apart over more
// than minLen px: drawn, they read as one thick line. Segments are
// bucketed by their line, so it runs in about linear time.
func CloseRuns(l *scene.Layout, d, minLen float64) int {
	type run struct {
		edge       int
		at, lo, hi float64
	}
	lines := map[[2]int64][]run{} // (vertical?, coordinate rounded down to 1 px)
	for i, e := range l.Edges {
		for k := 0; k+1 < len(e.Points); k++ {
			a, b := e.Points[k], e.Points[k+1]
			switch {
			case a[0] == b[0] && a[1] != b[1]:
				key := [2]int64{1, int64(math.Floor(a[0]))}
				lines[key] = append(lines[key], run{i, a[0], math.Min(a[1], b[1]), math.Max(a[1], b[1])})
			case a[1] == b[1] && a[0] != b[0]:
				key := [2]int64{0, int64(math.Floor(a[1]))}
				lines[key] = append(lines[key], run{i, a[1], math.Min(a[0], b[0]), math.Max(a[0], b[0])})
			}
		}
	}
	pairs := map[[2]int]bool{}
	for key, rs := range lines {
		for off := int64(0); off <= int64(math.Ceil(d)); off++ {
			for _, o := range lines[[2]int64{key[0], key[1] + off}] {
				for _, r := range rs {
					if gap := math.Abs(r.at - o.at); r.edge != o.edge && gap > 1 && gap < d && math.Min(r.hi, o.hi)-math.Max(r.lo, o.lo) > minLen {
						pairs[[2]int{min(r.edge, o.edge), max(r.edge, o.edge)}] = true
					}
				}
			}
		}
	}
	return len(pairs)
}

// LabelsHugging counts the labels that another edge than their own
// passes within d px of (or through): drawn, such a label could belong to
// either edge.
func LabelsHugging(l *scene.Layout, d float64) int {
	n := 0
	for i, e := range l.Edges {
		if e.Label == nil {
			continue
		}
		r := boxRect(e.Label.Box).Inset(d)
		for j, o := range l.Edges {
			if j != i && routeCrosses(o.Points, r) {
				n++
				break
			}
		}
	}
	return n
}

// routeCrosses reports whether a segment of the route pts runs through r.
func routeCrosses(pts [][2]float64, r geom.Rect) bool {
	for k := 0; k+1 < len(pts); k++ {
		if geom.SegmentCrosses(pt(pts[k]), pt(pts[k+1]), r) {
			return true
		}
	}
	return false
}

// HugGap is how near another route may pass a label before the label
// reads as touching it (LabelsHugging; layout.HugGap).
const HugGap = layout.HugGap

// hugMaxEdges leaves the huge random drawings out of HugTally's count
// (labels packed between hundreds of routes).
const hugMaxEdges = 400

// LabelsNearer returns, for each label that another edge's route passes
// nearer than the label's own edge (by more than layout.NearerSlack), a line
// naming both: the label is clear of every route, but it reads as the
// other one's (a label set beside its edge, with another route grazing
// its far side).
func LabelsNearer(l *scene.Layout) []string {
	var out []string
	for i, e := range l.Edges {
		if e.Label == nil || len(e.Points) < 2 {
			continue
		}
		r := boxRect(e.Label.Box)
		own := PolylineDistance(r, e.Points)
		for j, o := range l.Edges {
			if j == i || len(o.Points) < 2 {
				continue
			}
			// Only routes that come that near are measured.
			if !routeCrosses(o.Points, r.Inset(own)) {
				continue
			}
			if d := PolylineDistance(r, o.Points); d < own-layout.NearerSlack {
				out = append(out, fmt.Sprintf("label %q of %s is %.1f px from %s, %.1f px from its own edge", e.Label.Text, e.ID, d, o.ID, own))
				break
			}
		}
	}
	return out
}

// HugTally counts, over a corpus, the labels, those another route
// passes within HugGap of, and those another route passes nearer than
// their own edge (LabelsNearer), on the drawings of up to 400 edges.
type HugTally struct {
	Labels, Hugging int
	Nearer          []string // "diagram: label ..." for each label LabelsNearer names
	OverOwn         int      // labels over a part of their own route (LabelsOverOwnRoute)
}

// Add counts the labels of l, laid out from doc (the diagram name).
func (h *HugTally) Add(name string, doc *model.Document, l *scene.Layout) {
	if len(doc.Edges) > hugMaxEdges {
		return
	}
	for _, e := range l.Edges {
		if e.Label != nil {
			h.Labels++
		}
	}
	h.Hugging += LabelsHugging(l, HugGap)
	h.OverOwn += LabelsOverOwnRoute(l)
	for _, n := range LabelsNearer(l) {
		h.Nearer = append(h.Nearer, name+": "+n)
	}
}

// Check logs the tally and fails t when more than 1 % of the labels lie
// that near another route than their own, or more than one in a
// thousand has another route nearer than its own edge: such a label
// could belong to either, and the label stage keeps clear of them where
// it can.
func (h HugTally) Check(t testing.TB) {
	t.Helper()
	t.Logf("labels within %.1f px of another route: %d of %d", HugGap, h.Hugging, h.Labels)
	if h.Hugging*100 > h.Labels {
		t.Errorf("%d of %d labels lie within %.1f px of another route than their own: want at most 1%%", h.Hugging, h.Labels, HugGap)
	}
	// A label the label stage found blocked everywhere may be left
	// touching another route (a template's architecture drawing has one);
	// more than one in a thousand is a regression.
	for _, n := range h.Nearer {
		t.Logf("another route nearer than its own edge: %s", n)
	}
	if len(h.Nearer)*1000 > h.Labels {
		t.Errorf("%d of %d labels have another route nearer than their own edge: want at most 1 in 1,000", len(h.Nearer), h.Labels)
	}
}

// CheckOverOwn logs how many labels cover a part of their own route
// other than their run and fails t when more than perThousand in a
// thousand do: the label stage keeps them off where it can.
func (h HugTally) CheckOverOwn(t testing.TB, perThousand int) {
	t.Helper()
	t.Logf("labels over a part of their own route: %d of %d", h.OverOwn, h.Labels)
	if h.OverOwn*1000 > h.Labels*perThousand {
		t.Errorf("%d of %d labels cover a part of their own route other than their run: want at most %d in 1,000", h.OverOwn, h.Labels, perThousand)
	}
}

// RunOns counts the pairs of edges where an inner segment of one (a
// segment between two turns) lies on one line with a segment of the
// other, end to end, less than gap px apart without overlapping: drawn,
// one route seems to run on into the other, one turning off the line
// just before the other turns onto it. Segments are bucketed by their
// line, so it runs in about linear time.
func RunOns(l *scene.Layout, gap float64) int {
	type run struct {
		edge   int
		inner  bool
		lo, hi float64
	}
	lines := map[[2]float64][]run{} // (vertical?, coordinate)
	for i, e := range l.Edges {
		for k := 0; k+1 < len(e.Points); k++ {
			a, b := e.Points[k], e.Points[k+1]
			inner := k > 0 && k+2 < len(e.Points)
			switch {
			case a[0] == b[0] && a[1] != b[1]:
				key := [2]float64{1, a[0]}
				lines[key] = append(lines[key], run{i, inner, math.Min(a[1], b[1]), math.Max(a[1], b[1])})
			case a[1] == b[1] && a[0] != b[0]:
				key := [2]float64{0, a[1]}
				lines[key] = append(lines[key], run{i, inner, math.Min(a[0], b[0]), math.Max(a[0], b[0])})
			}
		}
	}
	pairs := map[[2]int]bool{}
	for _, rs := range lines {
		for _, r := range rs {
			if !r.inner {
				continue
			}
			for _, o := range rs {
				if g := math.Max(o.lo-r.hi, r.lo-o.hi); o.edge != r.edge && g >= 0 && g < gap {
					pairs[[2]int{min(r.edge, o.edge), max(r.edge, o.edge)}] = true
				}
			}
		}
	}
	return len(pairs)
}

// Jogs counts the steps of at most max px in the routes of l: an inner
// segment that short between two parallel segments turning opposite ways
// (a route that steps aside and goes on in the same direction). Drawn, a
// jog looks like a kink in a straight line.
func Jogs(l *scene.Layout, max float64) int {
	n := 0
	for _, e := range l.Edges {
		p := e.Points
		for k := 1; k+2 < len(p); k++ {
			a, b, c, d := p[k-1], p[k], p[k+1], p[k+2]
			step := math.Abs(c[0]-b[0]) + math.Abs(c[1]-b[1])
			if step == 0 || step > max {
				continue
			}
			// Parallel neighbours running the same way: a-b and c-d.
			if a[1] == b[1] && c[1] == d[1] && b[0] == c[0] && (b[0]-a[0])*(d[0]-c[0]) > 0 ||
				a[0] == b[0] && c[0] == d[0] && b[1] == c[1] && (b[1]-a[1])*(d[1]-c[1]) > 0 {
				n++
			}
		}
	}
	return n
}

// Windings counts the routes that wind round one of their own ends
// without need (layout.WindsRound): beyond the side of a node opposite
// the one the route leaves or enters by, it runs level with the node
// (out of its right, over its top and down past its left), although its
// other end does not lie on or beyond that side. An S from one node's
// right side to the left side of a node under it passes beyond the first
// node's left only below it, and does not count.
func Windings(l *scene.Layout) int {
	boxes := make(map[string]geom.Rect, len(l.Nodes))
	for _, n := range l.Nodes {
		boxes[n.ID] = geom.Rect{X: n.X, Y: n.Y, W: n.W, H: n.H}
	}
	n := 0
	for _, e := range l.Edges {
		if len(e.Points) < 2 || e.From == e.To {
			continue
		}
		pts := routeOf(e.Points)
		src, okS := boxes[e.From]
		dst, okD := boxes[e.To]
		if okS && layout.WindsRound(src, model.Side(e.FromSide), pts, pts[len(pts)-1]) ||
			okD && layout.WindsRound(dst, model.Side(e.ToSide), pts, pts[0]) {
			n++
		}
	}
	return n
}

// LabelsOverOwnRoute counts the labels that cover a part of their own
// route other than the run they sit on or beside (layout.CoversOwnRoute).
func LabelsOverOwnRoute(l *scene.Layout) int {
	n := 0
	for _, e := range l.Edges {
		if e.Label != nil && layout.CoversOwnRoute(boxRect(e.Label.Box), routeOf(e.Points)) {
			n++
		}
	}
	return n
}

// routeOf returns a route's points as geom points.
func routeOf(pts [][2]float64) []geom.Point {
	out := make([]geom.Point, len(pts))
	for i, p := range pts {
		out[i] = pt(p)
	}
	return out
}
