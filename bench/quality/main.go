// Command quality measures the workflow and architecture layouts on the
// quality corpus (examples, gallery templates, generated hubs and long
// labels, imported diagrams, random diagrams) and compares edge crossings
// with Graphviz dot on the same graphs: same nodes with the same sizes as
// the view gave them, the same edges as the view draws (the architecture
// view merges parallel dependencies), lanes or containers as clusters,
// left to right. It prints a Markdown table
// (see docs/quality.md). Given .fz files as arguments, it measures those
// instead of the corpus (group "files"). Run it with `make quality-compare`, which installs
// Debian's graphviz first.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"flowzap/internal/compile"
	"flowzap/internal/geom"
	"flowzap/internal/importer"
	"flowzap/internal/layout"
	"flowzap/internal/layout/arch"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/layout/swimlane"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
	"flowzap/internal/testgen"
)

type diagram struct {
	group, name, src string
}

func main() {
	verbose := flag.Bool("v", false, "print one line per diagram")
	noDot := flag.Bool("nodot", false, "skip the Graphviz comparison")
	strict := flag.Bool("strict", false, "exit with status 1 when a measured view crosses more than dot on any diagram")
	show := flag.String("show", "", "print every crossing (point and edges) of the diagrams whose name holds this")
	views := flag.String("view", "workflow,architecture", "the views to measure, comma-separated")
	flag.Parse()
	var viewList []string
	for _, v := range strings.Split(*views, ",") {
		switch v = strings.TrimSpace(v); v {
		case "workflow", "architecture":
			viewList = append(viewList, v)
		default:
			fmt.Fprintf(os.Stderr, "quality: -view: unknown view %q (want workflow or architecture)\n", v)
			os.Exit(2)
		}
	}
	if !*noDot {
		if _, err := exec.LookPath("dot"); err != nil {
			fmt.Fprintln(os.Stderr, "quality: Graphviz dot is not installed (apt-get install graphviz), or pass -nodot")
			os.Exit(2)
		}
	}
	ds, err := corpus()
	if flag.NArg() > 0 {
		ds, err = files(flag.Args())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "quality:", err)
		os.Exit(1)
	}
	type row struct {
		n, failing, dotN                  int
		cross, dotCross, bends, worse     int
		shared, close, detours, windings  int
		overOwn                           int
		area, labelMax, labelSum, labelsN float64
		problems                          int
	}
	groups := map[string]*row{}
	var order []string
	type worseOne struct {
		name              string
		ours, dots, sided int // sided: dot given the written sides, -1 if it failed
	}
	type versus struct {
		worse                []worseOne
		ours, dots, compared int
	}
	vs := map[string]*versus{}
	env := layout.DefaultEnv()
	for _, d := range ds {
		doc, err := compileSrc(d.name, d.src)
		if err != nil {
			fmt.Fprintf(os.Stderr, "quality: %s: %v\n", d.name, err)
			continue
		}
		for _, view := range viewList {
			var l scene.Layout
			if view == "workflow" {
				l = swimlane.Layout(doc, env).Layout
			} else {
				l = arch.Layout(doc, env).Layout
			}
			key := view + " · " + d.group
			r := groups[key]
			if r == nil {
				r = &row{}
				groups[key] = r
				order = append(order, key)
			}
			ps := layouttest.Quality(doc, &l)
			cross := crossings(&l)
			if *show != "" && strings.Contains(d.name, *show) {
				for _, c := range crossingList(&l) {
					fmt.Printf("%s %s: crossing at (%.0f, %.0f): %s and %s\n", view, d.name, c.at.X, c.at.Y, c.a, c.b)
				}
			}
			bends := 0
			for _, e := range l.Edges {
				bends += max(0, len(e.Points)-2)
			}
			r.n++
			r.cross += cross
			r.bends += bends
			r.shared += layouttest.SharedRuns(&l)
			r.close += layouttest.CloseRuns(&l, closeGap, closeMin)
			r.windings += layouttest.Windings(&l)
			overOwn := layouttest.LabelsOverOwnRoute(&l)
			r.overOwn += overOwn
			length, detour := routeLengths(&l)
			if detour > longDetour {
				r.detours++
			}
			r.area += l.Width * l.Height
			r.problems += len(ps)
			if len(ps) > 0 {
				r.failing++
				if *verbose {
					for _, p := range ps {
						fmt.Printf("%-12s %-48s %s\n", view, d.name, p)
					}
				}
			}
			for _, e := range l.Edges {
				if e.Label != nil {
					dist := layouttest.PolylineDistance(geom.Rect{X: e.Label.X, Y: e.Label.Y, W: e.Label.W, H: e.Label.H}, e.Points)
					r.labelSum += dist
					r.labelsN++
					r.labelMax = math.Max(r.labelMax, dist)
				}
			}
			dc := -1
			if !*noDot {
				dc, err = dotCrossings(doc, &l, dotEdges(doc, &l, view), false)
				if err != nil {
					fmt.Fprintf(os.Stderr, "quality: dot on %s: %v\n", d.name, err)
				} else {
					v := vs[view]
					if v == nil {
						v = &versus{}
						vs[view] = v
					}
					r.dotN++
					r.dotCross += dc
					v.compared++
					v.ours += cross
					v.dots += dc
					if cross > dc {
						r.worse++
						w := worseOne{name: d.group + " · " + d.name, ours: cross, dots: dc, sided: -1}
						if sc, err := dotCrossings(doc, &l, dotEdges(doc, &l, view), true); err == nil {
							w.sided = sc
						}
						v.worse = append(v.worse, w)
					}
				}
			}
			if *verbose {
				fmt.Printf("%-12s %-48s crossings %4d dot %4d bends %4d problems %d size %5.0fx%-5.0f length %6.0f detour %5.0f windings %d shared %d close %d hugging labels %d over own route %d\n",
					view, d.name, cross, dc, bends, len(ps), l.Width, l.Height, length, detour, layouttest.Windings(&l), layouttest.SharedRuns(&l), layouttest.CloseRuns(&l, closeGap, closeMin), layouttest.LabelsHugging(&l, layouttest.HugGap), overOwn)
			}
		}
	}
	fmt.Println("| view · corpus | diagrams | failing quality rules | crossings | dot crossings | worse than dot | bends | shared runs | close runs | long detours | windings | labels over their own route | mean area (px²) | label distance mean / max (px) |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	sort.SliceStable(order, func(i, j int) bool { return order[i] < order[j] })
	for _, k := range order {
		r := groups[k]
		dot, worse := "–", "–"
		if r.dotN > 0 {
			dot, worse = strconv.Itoa(r.dotCross), fmt.Sprintf("%d of %d", r.worse, r.dotN)
		}
		mean := 0.0
		if r.labelsN > 0 {
			mean = r.labelSum / r.labelsN
		}
		fmt.Printf("| %s | %d | %d | %d | %s | %s | %d | %d | %d | %d | %d | %d | %.0f | %.1f / %.1f |\n", k, r.n, r.failing, r.cross, dot, worse, r.bends,
			r.shared, r.close, r.detours, r.windings, r.overOwn, r.area/float64(r.n), mean, r.labelMax)
	}
	anyWorse := false
	for _, view := range viewList {
		v := vs[view]
		if v == nil {
			continue
		}
		name := strings.ToUpper(view[:1]) + view[1:]
		fmt.Printf("\n%s view against dot: %d crossings against %d on %d diagrams; more crossings than dot on %d of them", name, v.ours, v.dots, v.compared, len(v.worse))
		if len(v.worse) == 0 {
			fmt.Println(".")
			continue
		}
		anyWorse = true
		fmt.Println(":")
		fmt.Println()
		fmt.Println("| diagram | ours | dot | dot, given the written sides |")
		fmt.Println("| --- | ---: | ---: | ---: |")
		still := 0
		for _, w := range v.worse {
			sided := "–"
			if w.sided >= 0 {
				sided = strconv.Itoa(w.sided)
				if w.ours > w.sided {
					still++
				}
			}
			fmt.Printf("| %s | %d | %d | %s |\n", w.name, w.ours, w.dots, sided)
		}
		fmt.Printf("\nGiven the sides written in the code as compass points, dot crosses as much as or more than the %s view on %d of these %d.\n",
			view, len(v.worse)-still, len(v.worse))
	}
	if *strict && anyWorse {
		os.Exit(1)
	}
}

func compileSrc(name, src string) (*model.Document, error) {
	f, pd := syntax.Parse(source.NewFile(name, []byte(src)))
	doc, cd := compile.File(f, compile.Options{})
	if pd.HasErrors() || cd.HasErrors() {
		return nil, fmt.Errorf("does not compile")
	}
	return doc, nil
}

func corpus() ([]diagram, error) {
	var out []diagram
	seen := map[string]bool{}
	for _, g := range []struct{ group, glob string }{{"examples", "examples/*.fz"}, {"templates", "gallery/templates/*.fz"}} {
		paths, _ := filepath.Glob(g.glob)
		if len(paths) == 0 {
			return nil, fmt.Errorf("no %s found: run from the repository root", g.glob)
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			if !seen[string(b)] {
				seen[string(b)] = true
				out = append(out, diagram{g.group, filepath.Base(p), string(b)})
			}
		}
	}
	add := func(group string, m map[string]string) {
		var names []string
		for k := range m {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			out = append(out, diagram{group, k, m[k]})
		}
	}
	unseen := map[string]string{}
	upaths, _ := filepath.Glob(filepath.Join("internal", "layout", "layouttest", "testdata", "unseen", "*.fz"))
	for _, p := range upaths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		unseen[filepath.Base(p)] = string(b)
	}
	add("unseen", unseen)
	add("hubs", testgen.Hubs())
	randomHubs := map[string]string{}
	for seed := int64(0); seed < 150; seed++ {
		randomHubs[fmt.Sprintf("random-hub-%03d", seed)] = testgen.RandomHub(seed)
	}
	add("random hubs", randomHubs)
	approvals := map[string]string{}
	for seed := int64(0); seed < 150; seed++ {
		approvals[fmt.Sprintf("random-approval-%03d", seed)] = testgen.RandomApproval(seed)
	}
	add("random approvals", approvals)
	add("long labels", testgen.LongLabels())
	imports := map[string]string{}
	for _, c := range []struct {
		file string
		fn   func([]byte) (string, error)
	}{{"petstore.json", importer.OpenAPI}, {"access.log", importer.AccessLog}, {"session.har", importer.HAR}} {
		b, err := os.ReadFile(filepath.Join("internal", "importer", "testdata", c.file))
		if err != nil {
			return nil, err
		}
		src, err := c.fn(b)
		if err != nil {
			return nil, fmt.Errorf("import %s: %v", c.file, err)
		}
		imports[c.file] = src
	}
	add("imports", imports)
	random := map[string]string{}
	for seed := int64(1); seed <= 12; seed++ {
		n := []int{12, 25, 60, 150}[seed%4]
		random[fmt.Sprintf("random-%d-%d", n, seed)] = testgen.Diagram(testgen.Options{Nodes: n, Seed: seed, Lanes: int(seed%4) + 1})
	}
	add("random", random)
	return out, nil
}

type poly struct {
	pts      []geom.Point
	from, to string
}

// crossings counts the points where two edges' routes cross, leaving out
// those inside (or within 4 px of) a node: ports of one node are not
// crossings.
func crossings(l *scene.Layout) int { return len(crossingList(l)) }

func crossingList(l *scene.Layout) []crossing {
	var ps []poly
	for _, e := range l.Edges {
		p := poly{from: e.From, to: e.To}
		for _, q := range e.Points {
			p.pts = append(p.pts, geom.Point{X: q[0], Y: q[1]})
		}
		ps = append(ps, p)
	}
	var boxes []geom.Rect
	for _, n := range l.Nodes {
		boxes = append(boxes, geom.Rect{X: n.X, Y: n.Y, W: n.W, H: n.H}.Inset(4))
	}
	return listCrossings(ps, boxes)
}

func countCrossings(ps []poly, boxes []geom.Rect) int { return len(listCrossings(ps, boxes)) }

type crossing struct {
	at   geom.Point
	a, b string
}

func listCrossings(ps []poly, boxes []geom.Rect) []crossing {
	var out []crossing
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			a, b := ps[i].pts, ps[j].pts
			for x := 0; x+1 < len(a); x++ {
				for y := 0; y+1 < len(b); y++ {
					if p, ok := intersect(a[x], a[x+1], b[y], b[y+1]); ok && !inAny(p, boxes) {
						out = append(out, crossing{p, ps[i].from + ">" + ps[i].to, ps[j].from + ">" + ps[j].to})
					}
				}
			}
		}
	}
	return out
}

func inAny(p geom.Point, boxes []geom.Rect) bool {
	for _, r := range boxes {
		if p.X >= r.X && p.X <= r.Right() && p.Y >= r.Y && p.Y <= r.Bottom() {
			return true
		}
	}
	return false
}

// intersect returns the point where segments p1-p2 and p3-p4 cross
// properly (not at an end, not collinear).
func intersect(p1, p2, p3, p4 geom.Point) (geom.Point, bool) {
	d := (p2.X-p1.X)*(p4.Y-p3.Y) - (p2.Y-p1.Y)*(p4.X-p3.X)
	if math.Abs(d) < 1e-9 {
		return geom.Point{}, false
	}
	t := ((p3.X-p1.X)*(p4.Y-p3.Y) - (p3.Y-p1.Y)*(p4.X-p3.X)) / d
	u := ((p3.X-p1.X)*(p2.Y-p1.Y) - (p3.Y-p1.Y)*(p2.X-p1.X)) / d
	const eps = 1e-6
	if t <= eps || t >= 1-eps || u <= eps || u >= 1-eps {
		return geom.Point{}, false
	}
	return geom.Point{X: p1.X + t*(p2.X-p1.X), Y: p1.Y + t*(p2.Y-p1.Y)}, true
}

// dotEdge is an edge given to dot, with the sides written in the code as
// compass points (empty when not written).
type dotEdge struct{ from, to, label, tail, head string }

// compass is the dot compass point of a side.
func compass(s model.Side) string {
	return map[model.Side]string{model.Top: "n", model.Bottom: "s", model.Left: "w", model.Right: "e"}[s]
}

// dotEdges lists the edges dot draws for a view: every edge of the code
// for the workflow view (which draws each one), the edges of the layout
// for the architecture view (which merges parallel dependencies written
// with the same sides into one edge listing their labels, and leaves out
// self-dependencies): the same graph our view draws.
func dotEdges(doc *model.Document, l *scene.Layout, view string) []dotEdge {
	var out []dotEdge
	if view == "workflow" {
		for _, e := range doc.Edges {
			out = append(out, dotEdge{e.From.ID, e.To.ID, e.Label, compass(e.FromSide), compass(e.ToSide)})
		}
		return out
	}
	written := map[[2]string]*model.Edge{}
	for _, e := range doc.Edges {
		if k := [2]string{e.From.ID, e.To.ID}; written[k] == nil {
			written[k] = e
		}
	}
	for _, e := range l.Edges {
		lab := ""
		if e.Label != nil {
			lab = e.Label.Text
		}
		de := dotEdge{from: e.From, to: e.To, label: lab}
		if w := written[[2]string{e.From, e.To}]; w != nil {
			de.tail, de.head = compass(w.FromSide), compass(w.ToSide)
		}
		out = append(out, de)
	}
	return out
}

// dotCrossings lays the same graph out with dot (nodes of the sizes our
// layout gave them, lanes as clusters, edge labels included) and counts the
// crossings of its splines, sampled finely. With ports, the sides written
// in the code are given to dot as the edges' compass points, so that dot
// works under the constraints our views keep.
func dotCrossings(doc *model.Document, l *scene.Layout, edges []dotEdge, ports bool) (int, error) {
	size := map[string]scene.NodeBox{}
	for _, n := range l.Nodes {
		size[n.ID] = n
	}
	var b bytes.Buffer
	b.WriteString("digraph G {\n rankdir=LR; splines=true; node [fixedsize=true, label=\"\"];\n")
	for _, ln := range doc.Lanes {
		fmt.Fprintf(&b, " subgraph \"cluster_%s\" {\n", ln.ID)
		for _, n := range doc.Nodes {
			if n.Lane != ln {
				continue
			}
			s := size[n.ID]
			shape := map[model.Shape]string{model.Circle: "circle", model.Diamond: "diamond"}[n.Shape]
			if shape == "" {
				shape = "box"
			}
			fmt.Fprintf(&b, "  \"%s\" [shape=%s, width=%.3f, height=%.3f];\n", n.ID, shape, s.W/72, s.H/72)
		}
		b.WriteString(" }\n")
	}
	for _, e := range edges {
		lab := ""
		if e.label != "" {
			lab = fmt.Sprintf(" [label=%s]", strconv.Quote(e.label))
		}
		tail, head := "", ""
		if ports && e.tail != "" {
			tail = ":" + e.tail
		}
		if ports && e.head != "" {
			head = ":" + e.head
		}
		fmt.Fprintf(&b, " \"%s\"%s -> \"%s\"%s%s;\n", e.from, tail, e.to, head, lab)
	}
	b.WriteString("}\n")
	cmd := exec.Command("dot", "-Tplain")
	cmd.Stdin = &b
	out, err := cmd.Output()
	if err != nil {
		return 0, err
	}
	var ps []poly
	var boxes []geom.Rect
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		num := func(i int) float64 { v, _ := strconv.ParseFloat(f[i], 64); return v * 72 }
		switch {
		case len(f) > 5 && f[0] == "node":
			x, y, w, h := num(2), num(3), num(4), num(5)
			boxes = append(boxes, geom.Rect{X: x - w/2, Y: y - h/2, W: w, H: h}.Inset(4))
		case len(f) > 4 && f[0] == "edge":
			k, _ := strconv.Atoi(f[3])
			if len(f) < 4+2*k {
				continue
			}
			var ctrl []geom.Point
			for i := 0; i < k; i++ {
				ctrl = append(ctrl, geom.Point{X: num(4 + 2*i), Y: num(5 + 2*i)})
			}
			ps = append(ps, poly{pts: sampleBezier(ctrl), from: f[1], to: f[2]})
		}
	}
	return countCrossings(ps, boxes), nil
}

// sampleBezier turns a piecewise cubic Bézier (1 + 3k control points) into
// a polyline of 12 points per piece.
func sampleBezier(c []geom.Point) []geom.Point {
	if len(c) < 4 {
		return c
	}
	out := []geom.Point{c[0]}
	for i := 0; i+3 < len(c); i += 3 {
		p0, p1, p2, p3 := c[i], c[i+1], c[i+2], c[i+3]
		for s := 1; s <= 12; s++ {
			t := float64(s) / 12
			u := 1 - t
			out = append(out, geom.Point{
				X: u*u*u*p0.X + 3*u*u*t*p1.X + 3*u*t*t*p2.X + t*t*t*p3.X,
				Y: u*u*u*p0.Y + 3*u*u*t*p1.Y + 3*u*t*t*p2.Y + t*t*t*p3.Y,
			})
		}
	}
	return out
}

// files reads the diagrams named on the command line.
func files(paths []string) ([]diagram, error) {
	var out []diagram
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, diagram{group: "files", name: filepath.Base(p), src: string(b)})
	}
	return out, nil
}

// closeGap and closeMin: two routes whose parallel runs lie more than 1
// px and less than closeGap apart over more than closeMin px are a close
// run in the table (layouttest.CloseRuns): drawn, they read as one thick
// line (the views' tracks are 10 and 7 px apart).
const (
	closeGap = 5.0
	closeMin = 8.0
)

// longDetour is the longest detour, in pixels, that the table does not
// count as long: a route running further than this past the way between
// its ends goes round a lane or the drawing (the workflow view trades
// such a detour for a crossing; see detourPerCrossing there).
const longDetour = 800

// routeLengths returns the total length of the edges' routes and the
// longest detour: how much longer than the Manhattan distance between its
// two ends an edge's route is.
func routeLengths(l *scene.Layout) (total, detour float64) {
	for _, e := range l.Edges {
		n := len(e.Points)
		if n < 2 {
			continue
		}
		length := 0.0
		for i := 1; i < n; i++ {
			length += math.Abs(e.Points[i][0]-e.Points[i-1][0]) + math.Abs(e.Points[i][1]-e.Points[i-1][1])
		}
		total += length
		direct := math.Abs(e.Points[n-1][0]-e.Points[0][0]) + math.Abs(e.Points[n-1][1]-e.Points[0][1])
		detour = math.Max(detour, length-direct)
	}
	return total, detour
}
