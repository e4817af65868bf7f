package drawio

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"flowzap/internal/lazyre"
	"html"
	"io"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"flowzap/internal/interchange"
	"flowzap/internal/interchange/xmltree"
	"flowzap/internal/model"
	"flowzap/internal/source"
)

// maxInflated bounds a compressed diagram once inflated.
const maxInflated = 64 << 20

type cell struct {
	el             *xmltree.Elem // the mxCell (or its wrapper object)
	id, value      string
	style          map[string]string
	shape          string // the style's first bare word (ellipse, rhombus, swimlane, text, ...)
	parent         string
	vertex, edge   bool
	source, target string
	x, y, w, h     float64
	data           map[string]string // attributes of a wrapping <object>/<UserObject>
	order          int
}

// Import reads a .drawio file (mxfile, compressed or not, or a bare
// mxGraphModel). Only the first page is read; the others are reported.
func Import(name string, src []byte) *interchange.Result {
	// A drawing saved as .drawio.png carries its diagram in a text chunk
	// of the picture: that diagram is read, and diagnostics point into
	// it (the picture's bytes are no text to show).
	if diagram, isPNG := pngDiagram(src); isPNG {
		if diagram == nil {
			g := interchange.NewGraph("draw.io", source.NewFile(name, nil))
			g.Errorf(source.Span{}, "found a PNG picture without a draw.io diagram in it: expected one saved by draw.io with its diagram (.drawio.png)")
			return g.Finish()
		}
		return Import(name, diagram)
	}
	// A document in UTF-16 or Latin-1 is read, and reported on, as
	// UTF-8 text.
	utf8Src, encErr := xmltree.UTF8(src)
	if encErr == nil {
		src = utf8Src
	}
	f := source.NewFile(name, src)
	g := interchange.NewGraph("draw.io", f)
	root, err := xmltree.Parse(src)
	if encErr != nil {
		root, err = nil, encErr
	}
	if err != nil {
		xe := err.(*xmltree.Error)
		g.Errorf(source.Span{Start: source.Pos(xe.Off), End: source.Pos(xe.Off)}, xe.Format, xe.Args...)
		return g.Finish()
	}
	span := func(e *xmltree.Elem) source.Span {
		return source.Span{Start: source.Pos(e.Off), End: source.Pos(e.EndOff)}
	}
	if root.Name == "svg" {
		// A drawing saved as .drawio.svg carries its diagram in the
		// picture's content attribute; positions inside it are not in
		// the file: diagnostics point at the <svg>.
		content := root.Attr("content")
		if !strings.Contains(content, "<mxfile") && !strings.Contains(content, "<mxGraphModel") {
			g.Errorf(span(root), "found an SVG picture without a draw.io diagram in it: expected one saved by draw.io with its diagram (.drawio.svg)")
			return g.Finish()
		}
		sub, err := xmltree.Parse([]byte(content))
		if err != nil {
			xe := err.(*xmltree.Error)
			g.Errorf(span(root), "the draw.io diagram inside the SVG picture is invalid XML: %v", interchange.Phrase(xe.Format, xe.Args...))
			return g.Finish()
		}
		svg := root
		sub.Walk(func(e *xmltree.Elem) { e.Off, e.EndOff = svg.Off, svg.EndOff })
		root = sub
	}
	model0 := root
	ours := false
	switch root.Name {
	case "mxfile":
		ours = root.Attr("host") == "flowzap"
		pages := root.All("diagram")
		if len(pages) == 0 {
			g.Errorf(span(root), "the mxfile has no <diagram> page: expected at least one")
			return g.Finish()
		}
		// The first page with steps on it is imported (a first page
		// may be a cover, a legend or empty); the others are reported.
		models := make([]*xmltree.Elem, len(pages))
		chosen := -1
		for i, page := range pages {
			if m := page.Child("mxGraphModel"); m != nil {
				models[i] = m
			} else if strings.TrimSpace(page.Text) == "" {
				continue // an empty page (a new, blank one)
			} else {
				m, why, ok := inflate(page.Text)
				if !ok {
					g.Errorf(span(page), "page %q cannot be decompressed: %v", page.Attr("name"), why)
					return g.Finish()
				}
				// Positions inside a compressed page are not in the file:
				// diagnostics point at the page.
				sub, err := xmltree.Parse(m)
				if err != nil {
					xe := err.(*xmltree.Error)
					g.Errorf(span(page), "page %q holds invalid XML once decompressed: %v", page.Attr("name"), interchange.Phrase(xe.Format, xe.Args...))
					return g.Finish()
				}
				sub.Walk(func(e *xmltree.Elem) { e.Off, e.EndOff = page.Off, page.EndOff })
				models[i] = sub
			}
			if hasSteps(models[i]) {
				chosen = i
				break
			}
		}
		if chosen < 0 {
			chosen = 0
		}
		if models[chosen] == nil {
			g.Errorf(span(pages[chosen]), "page %q is empty: expected a diagram (an <mxGraphModel>, compressed or not)", pages[chosen].Attr("name"))
			return g.Finish()
		}
		for i, p := range pages {
			switch {
			case i < chosen:
				g.Warnf(span(p), "page %q has no steps: page %q is imported instead", p.Attr("name"), pages[chosen].Attr("name"))
			case i > chosen:
				g.Warnf(span(p), "page %q not carried over: only one page is imported", p.Attr("name"))
			}
		}
		model0 = models[chosen]
	case "mxGraphModel":
	default:
		g.Errorf(span(root), "found <%s> as the root element: expected a draw.io <mxfile>", root.Name)
		return g.Finish()
	}
	if model0.Name != "mxGraphModel" {
		g.Errorf(span(model0), "found <%s> in the page: expected <mxGraphModel>", model0.Name)
		return g.Finish()
	}
	r := model0.Child("root")
	if r == nil {
		g.Errorf(span(model0), "the model has no <root>: expected the diagram's cells in it")
		return g.Finish()
	}
	cells := map[string]*cell{}
	var order []*cell
	for _, c := range r.Children {
		var mx *xmltree.Elem
		data := map[string]string{}
		switch c.Name {
		case "mxCell":
			mx = c
		case "object", "UserObject":
			mx = c.Child("mxCell")
			for _, a := range c.Attrs {
				data[a.Name.Local] = a.Value
			}
		default:
			g.Warnf(span(c), "<%s> not carried over", c.Name)
			continue
		}
		if mx == nil {
			continue
		}
		ce := &cell{el: c, id: mx.Attr("id"), value: mx.Attr("value"), parent: mx.Attr("parent"),
			vertex: mx.Attr("vertex") == "1", edge: mx.Attr("edge") == "1", source: mx.Attr("source"), target: mx.Attr("target"), data: data, order: len(order)}
		if c != mx {
			ce.id = c.Attr("id")
			ce.value = c.Attr("label")
		}
		ce.style, ce.shape = parseStyle(mx.Attr("style"))
		if ce.style["placeholders"] == "1" && c != mx {
			ce.value = placeholders(ce.value, data)
		}
		if l := strings.TrimSpace(data[linkAttr]); l != "" {
			g.Warnf(span(c), "%s not carried over: FlowZap Code has no styling or links (%s)", "`"+linkAttr+"`", short(l))
		}
		if ce.style["html"] != "1" {
			// A label without html=1 is shown as written: "List<Order>"
			// and "a <b> c" keep their angle brackets.
			ce.value = html.EscapeString(ce.value)
		}
		if geo := mx.Child("mxGeometry"); geo != nil {
			ce.x, ce.y, ce.w, ce.h = parseNum(geo.Attr("x")), parseNum(geo.Attr("y")), parseNum(geo.Attr("width")), parseNum(geo.Attr("height"))
		}
		if ce.id == "" {
			continue
		}
		cells[ce.id] = ce
		order = append(order, ce)
	}
	// Absolute positions: vertex geometry is relative to a vertex parent.
	abs := map[string][2]float64{}
	var absOf func(c *cell, depth int) [2]float64
	absOf = func(c *cell, depth int) [2]float64 {
		if p, ok := abs[c.id]; ok {
			return p
		}
		pos := [2]float64{c.x, c.y}
		if p := cells[c.parent]; p != nil && p.vertex && depth < 64 {
			pp := absOf(p, depth+1)
			pos[0] += pp[0]
			pos[1] += pp[1]
		}
		abs[c.id] = pos
		return pos
	}
	// A labelled container that no connector joins (a VPC, a team's
	// box, a draw.io container=1 shape) holds shapes as a lane does.
	joined := map[string]bool{}
	for _, c := range order {
		if c.edge {
			joined[c.source], joined[c.target] = true, true
		}
	}
	// A list (a UML class, an ER table: a swimlane stacking rows of
	// text) that connectors join is a step, not a lane: a taskbox whose
	// items are its rows.
	rows := map[string][]*cell{}
	for _, c := range order {
		if p := cells[c.parent]; c.vertex && p != nil {
			rows[p.id] = append(rows[p.id], c)
		}
	}
	list := map[string]bool{}
	for _, c := range order {
		if !c.vertex || !joined[c.id] || c.shape != "swimlane" && c.style["shape"] != "swimlane" || c.style["childLayout"] != "stackLayout" || len(rows[c.id]) == 0 {
			continue
		}
		list[c.id] = !slices.ContainsFunc(rows[c.id], func(r *cell) bool {
			return r.shape != "text" && r.shape != "line" && r.style["shape"] != "line"
		})
	}
	container := map[string]bool{}
	for _, c := range order {
		p := cells[c.parent]
		if !c.vertex || c.shape == "text" || p == nil || !p.vertex || joined[p.id] || p.shape == "group" || text(p.value) == "" {
			continue
		}
		container[p.id] = true
	}
	swimlane := func(c *cell) bool {
		return c.vertex && (c.shape == "swimlane" || c.style["shape"] == "swimlane" || c.data["flowzap"] == "lane" ||
			c.shape == "shape=pool" || c.style["shape"] == "pool" || c.style["shape"] == "mxgraph.bpmn.swimlane")
	}
	isLane := func(c *cell) bool { return (swimlane(c) || c.vertex && container[c.id]) && !list[c.id] }
	hasLaneChild := map[string]bool{}
	for _, c := range order {
		if isLane(c) {
			if p := cells[c.parent]; p != nil && isLane(p) {
				hasLaneChild[p.id] = true
			}
		}
	}
	// laneFor walks up from a cell to the innermost lane holding it.
	laneFor := func(c *cell) *cell {
		for p, k := cells[c.parent], 0; p != nil && k < 64; p, k = cells[p.parent], k+1 {
			if isLane(p) {
				return p
			}
		}
		return nil
	}
	type laneRec struct {
		c     *cell
		label string
	}
	var lanes []*laneRec
	laneByID := map[string]*laneRec{}
	for _, c := range order {
		if !isLane(c) {
			continue
		}
		label := text(c.value)
		if hasLaneChild[c.id] {
			continue // a pool: its lanes are the leaves
		}
		if p := laneFor(c); p != nil && text(p.value) != "" {
			// Pools: the outermost containers, with lanes or without
			// (a collapsed "Customer" pool beside a "Support team" pool
			// whose lanes would otherwise lose its name).
			pools := 0
			for _, x := range order {
				if isLane(x) && laneFor(x) == nil {
					pools++
				}
			}
			if pools > 1 {
				label = text(p.value) + ": " + label
			}
		}
		lr := &laneRec{c: c, label: label}
		lanes = append(lanes, lr)
		laneByID[c.id] = lr
	}
	// Lanes are bands (ordered top to bottom) or columns (left to right).
	columns := false
	if len(lanes) > 1 && !ours {
		minX, maxX, minY, maxY := 1e18, -1e18, 1e18, -1e18
		for _, l := range lanes {
			p := absOf(l.c, 0)
			minX, maxX = min(minX, p[0]), max(maxX, p[0])
			minY, maxY = min(minY, p[1]), max(maxY, p[1])
		}
		byY := maxY-minY >= maxX-minX
		columns = !byY
		sort.SliceStable(lanes, func(i, j int) bool {
			a, b := absOf(lanes[i].c, 0), absOf(lanes[j].c, 0)
			if byY {
				return a[1] < b[1]
			}
			return a[0] < b[0]
		})
	}
	gl := map[string]*interchange.Lane{}
	for _, l := range lanes {
		key := l.c.data["flowzapId"]
		if key == "" {
			key = l.label
		}
		label := l.label
		if label == "" {
			label = "Lane " + strconv.Itoa(len(gl)+1)
		}
		gl[l.c.id] = g.Lane(key, label, span(l.c.el))
	}
	// laneOf is the lane holding a shape: the lane it was put in, else
	// the innermost swimlane its middle is drawn over (a shape dropped
	// on the page or in a pool over a lane, not into it, is where the
	// picture shows it). Another container holds only what was put in it.
	laneOf := func(c *cell) *interchange.Lane {
		if l := laneFor(c); l != nil && gl[l.id] != nil {
			return gl[l.id]
		}
		// Put in a pool, beside its lanes rather than in one, or on
		// the page: where it is drawn.
		p := absOf(c, 0)
		cx, cy := p[0]+c.w/2, p[1]+c.h/2
		var best *cell
		for _, l := range lanes {
			q := absOf(l.c, 0)
			if l.c != c && swimlane(l.c) && cx >= q[0] && cx <= q[0]+l.c.w && cy >= q[1] && cy <= q[1]+l.c.h && (best == nil || l.c.w*l.c.h < best.w*best.h) {
				best = l.c
			}
		}
		if best == nil {
			return nil
		}
		return gl[best.id]
	}
	var defLane *interchange.Lane
	// Which way each connector points, and how many reach and leave each
	// shape: an unlabelled event or gateway that connectors join is a
	// step of the flow, not a decoration.
	ins, outs := map[string]int{}, map[string]int{}
	for _, c := range order {
		if c.edge && cells[c.source] != nil && cells[c.target] != nil {
			from, to, _ := ends(c)
			outs[from]++
			ins[to]++
		}
	}
	unnamed := map[string]string{} // cell ID -> the label of an unlabelled step
	dissolved := map[string]bool{} // unlabelled joins and parallel gateways
	// Nodes: every other vertex with a label, in picture order within its
	// lane (file order for our own files).
	type nodeRec struct {
		c    *cell
		lane *interchange.Lane
	}
	var nodes []nodeRec
	var loops []*cell
	labelsOf := map[string][]string{} // edge ID -> labels of its label children
	for _, c := range order {
		if !c.vertex || isLane(c) {
			continue
		}
		if p := cells[c.parent]; p != nil && p.edge {
			labelsOf[p.id] = append(labelsOf[p.id], text(c.value))
			continue
		}
		if list[c.parent] {
			continue // a row of a list, read with it
		}
		if c.data["flowzap"] == "loop" {
			loops = append(loops, c)
			continue
		}
		t := text(c.value)
		if c.shape == "text" || c.style["text"] != "" && c.shape == "text" {
			if t != "" {
				lane := laneOf(c)
				g.Notes = append(g.Notes, &interchange.Note{Lane: lane, Text: "Note: " + t})
				g.Warnf(span(c.el), "text %q kept as a comment: FlowZap has no free text", short(t))
			}
			continue
		}
		if t == "" && c.shape == "group" {
			continue // a group only holds shapes, which are read on their own
		}
		if t == "" && c.data["flowzap"] == "" {
			switch shape := shapeOf(c); {
			case ins[c.id]+outs[c.id] == 0 || shape == model.Rectangle:
				g.Warnf(span(c.el), "shape %q without a label not carried over", c.id)
				continue
			case shape == model.Circle && ins[c.id] == 0:
				unnamed[c.id] = "Start"
			case shape == model.Circle && outs[c.id] == 0:
				unnamed[c.id] = "End"
			case shape == model.Circle:
				unnamed[c.id] = "Event"
			case outs[c.id] < 2 || c.style["gwType"] == "parallel" || c.style["symbol"] == "parallelGw":
				// A join, or a parallel split: its connectors are joined
				// through it (FlowZap has no parallel gateway).
				dissolved[c.id] = true
				if ins[c.id] == 0 {
					g.Warnf(span(c.el), "gateway %q without a label is reached by no connector: not carried over", c.id)
				}
				continue
			default:
				unnamed[c.id] = "Which way?"
			}
		}
		lane := laneOf(c)
		if lane == nil {
			if defLane == nil {
				defLane = g.Lane("main", "Main", source.Span{})
			}
			lane = defLane
		}
		nodes = append(nodes, nodeRec{c, lane})
	}
	if !ours {
		sort.SliceStable(nodes, func(i, j int) bool {
			a, b := absOf(nodes[i].c, 0), absOf(nodes[j].c, 0)
			if columns { // along a column: top to bottom
				a[0], a[1], b[0], b[1] = a[1], a[0], b[1], b[0]
			}
			if a[0] != b[0] {
				return a[0] < b[0]
			}
			return a[1] < b[1]
		})
	}
	for _, n := range nodes {
		c := n.c
		shape := shapeOf(c)
		label := text(c.value)
		if label == "" {
			label = unnamed[c.id]
		}
		var lines []string
		if shape == model.Taskbox {
			lines = textLines(c.value)
			if len(lines) > 0 {
				label = lines[0]
			}
		}
		// Our taskboxes keep their exact label as data, used while the
		// visible title was not edited.
		if fl := c.data["flowzapLabel"]; fl != "" && shape == model.Taskbox && len(lines) > 0 {
			if t, _, _ := strings.Cut(fl, "|"); strings.TrimSpace(t) == lines[0] {
				label = fl
				lines = nil
			}
		}
		if list[c.id] {
			shape, lines = model.Taskbox, nil
			for _, r := range rows[c.id] {
				if t := text(r.value); t != "" {
					label += "|" + t
				}
			}
		}
		node := g.Node(c.id, n.lane, shape, label, span(c.el))
		for _, l := range lines[min(1, len(lines)):] {
			switch {
			case strings.HasPrefix(l, "• ") || strings.HasPrefix(l, "- "):
				node.Label += "|" + strings.TrimSpace(l[strings.IndexByte(l, ' ')+1:])
			case strings.HasPrefix(l, "Owner:"):
				node.Owner = strings.TrimSpace(l[6:])
			case strings.HasPrefix(l, "System:"):
				node.System = strings.TrimSpace(l[7:])
			default:
				node.Label += "|" + l
			}
		}
		for k, v := range c.data {
			switch k {
			case "owner":
				node.Owner = v
			case "system":
				node.System = v
			case "description":
				node.Description = v
			}
		}
	}
	type pendingEdge struct {
		from, to *interchange.Node
		label    string
		sp       source.Span
	}
	type rawEdge struct {
		from, to, label string
		c               *cell
	}
	var raw []rawEdge
	leaving := map[string][]rawEdge{} // connectors out of a dissolved gateway
	for _, c := range order {
		if !c.edge {
			continue
		}
		from, to, both := ends(c)
		if both && cells[c.source] != nil && cells[c.target] != nil {
			g.Warnf(span(c.el), "connector %q has arrowheads at both ends: carried over as one edge from %q to %q", c.id, text(cells[from].value), text(cells[to].value))
		}
		label := text(c.value)
		if extra := strings.Join(labelsOf[c.id], " "); extra != "" {
			label = strings.TrimSpace(label + " " + extra)
		}
		// A connector to or from an empty lane (a collapsed pool: the
		// customer, the bank) makes a step there, named after it, as a
		// BPMN collapsed pool's messages do; the edge need not say it
		// again.
		if cells[from] != nil && cells[to] != nil && !(gl[from] != nil && gl[to] != nil) {
			for _, end := range []*string{&from, &to} {
				if l := gl[*end]; l != nil && len(rows[*end]) == 0 {
					name := label
					if name == "" {
						name = "Message"
					}
					g.Node(c.id+"@"+*end, l, model.Rectangle, name, span(c.el))
					*end, label = c.id+"@"+*end, ""
				}
			}
		}
		e := rawEdge{from, to, label, c}
		if dissolved[from] {
			leaving[from] = append(leaving[from], e)
			continue
		}
		raw = append(raw, e)
	}
	// A connector into a dissolved gateway goes on to each place the
	// gateway leads (through any gateway dissolved after it), labelled
	// with its own label, else the first label on the way. Where each
	// gateway leads is worked out once, so that a chain of gateways
	// costs its connectors, not the paths through it.
	leads := map[string][]rawEdge{}
	var reach func(d string, seen map[string]bool) []rawEdge
	reach = func(d string, seen map[string]bool) []rawEdge {
		if r, ok := leads[d]; ok {
			return r
		}
		if seen[d] {
			return nil
		}
		seen[d] = true
		var out []rawEdge
		have := map[[2]string]bool{}
		add := func(to, label string) {
			if k := [2]string{to, label}; !have[k] {
				have[k] = true
				out = append(out, rawEdge{to: to, label: label})
			}
		}
		for _, n := range leaving[d] {
			if !dissolved[n.to] {
				add(n.to, n.label)
				continue
			}
			for _, r := range reach(n.to, seen) {
				label := n.label
				if label == "" {
					label = r.label
				}
				add(r.to, label)
			}
		}
		leads[d] = out
		return out
	}
	through := func(e rawEdge) []rawEdge {
		if !dissolved[e.to] {
			return []rawEdge{e}
		}
		var out []rawEdge
		for _, r := range reach(e.to, map[string]bool{}) {
			label := e.label
			if label == "" {
				label = r.label
			}
			out = append(out, rawEdge{e.from, r.to, label, e.c})
		}
		return out
	}
	var pending []pendingEdge
	for _, r := range raw {
		for _, e := range through(r) {
			c := e.c
			from, to := g.FindNode(e.from), g.FindNode(e.to)
			if from == nil || to == nil {
				what := interchange.Phrase("is not connected at both ends")
				if c.source != "" && c.target != "" {
					what = interchange.Phrase("does not join two steps")
				}
				g.Warnf(span(c.el), "connector %q %s: not carried over", c.id, what)
				continue
			}
			pending = append(pending, pendingEdge{from, to, e.label, span(c.el)})
		}
	}
	for _, e := range pending {
		g.Edge(e.from, e.to, e.label, e.sp)
	}
	g.NameOutcomes()
	for _, c := range loops {
		lp := &interchange.Loop{Condition: c.data["condition"], Span: span(c.el)}
		for _, id := range strings.Fields(c.data["nodes"]) {
			if n := g.FindNode(id); n != nil {
				lp.Nodes = append(lp.Nodes, n)
			}
		}
		g.Loops = append(g.Loops, lp)
	}
	return g.Finish()
}

// ends are the cells a connector leaves and reaches, as its arrowheads
// say, not the order its ends were joined in: a connector drawn from B
// to A with its only arrow at the start (startArrow, endArrow=none)
// points at B. both reports arrowheads at both ends.
func ends(c *cell) (from, to string, both bool) {
	switch startArrow, endArrow := arrowAt(c.style["startArrow"], false), arrowAt(c.style["endArrow"], true); {
	case startArrow && !endArrow:
		return c.target, c.source, false
	case startArrow && endArrow:
		return c.source, c.target, true
	}
	return c.source, c.target, false
}

// hasSteps reports whether a page's model holds a shape that can be a
// step: a vertex that is neither a lane nor text and has a label, or
// that a connector joins.
func hasSteps(m *xmltree.Elem) bool {
	r := m.Child("root")
	if m.Name != "mxGraphModel" || r == nil {
		return true // reported when it is read
	}
	joined := map[string]bool{}
	for _, c := range r.Children {
		if mx := c.Child("mxCell"); c.Name != "mxCell" && mx != nil {
			c = mx
		}
		if c.Attr("edge") == "1" {
			joined[c.Attr("source")], joined[c.Attr("target")] = true, true
		}
	}
	for _, c := range r.Children {
		label, id := c.Attr("value"), c.Attr("id")
		if mx := c.Child("mxCell"); c.Name != "mxCell" && mx != nil {
			label, c = c.Attr("label"), mx
		}
		style, first := parseStyle(c.Attr("style"))
		if c.Attr("vertex") != "1" || first == "swimlane" || first == "text" || style["shape"] == "swimlane" || style["shape"] == "pool" {
			continue
		}
		if strings.TrimSpace(label) != "" || joined[id] {
			return true
		}
	}
	return false
}

// arrowAt reports whether a connector end with the style value v (of
// startArrow or endArrow) has an arrowhead; def is draw.io's default
// when the style does not say (an arrow at the end, none at the start).
func arrowAt(v string, def bool) bool {
	if v == "" {
		return def
	}
	return v != "none"
}

// linkAttr is the property of a shape that holds its link (a page, a
// URL): named as written in the file, in every language.
const linkAttr = "link"

// placeholders fills a label's %name% with the shape's property of that
// name, as draw.io shows a label whose style has placeholders=1; an
// unknown name stays as written.
func placeholders(v string, data map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(v, '%')
		if i < 0 {
			break
		}
		j := strings.IndexByte(v[i+1:], '%')
		if j < 0 {
			break
		}
		name := v[i+1 : i+1+j]
		if val, ok := data[name]; ok && name != "label" && name != "" {
			b.WriteString(v[:i])
			b.WriteString(val)
			v = v[i+2+j:]
			continue
		}
		b.WriteString(v[:i+1])
		v = v[i+1:]
	}
	b.WriteString(v)
	return b.String()
}

func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

func parseNum(s string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return v
}

func parseStyle(s string) (map[string]string, string) {
	m := map[string]string{}
	first := ""
	for i, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			if i == 0 {
				first = part
			}
			m[part] = "1"
			continue
		}
		m[k] = v
	}
	return m, first
}

// shapeOf maps a cell's style to one of the four shapes.
func shapeOf(c *cell) model.Shape {
	switch model.Shape(c.data["flowzap"]) {
	case model.Circle, model.Rectangle, model.Diamond, model.Taskbox:
		return model.Shape(c.data["flowzap"])
	}
	sh := c.style["shape"]
	switch {
	case c.shape == "ellipse" || c.style["ellipse"] != "" || sh == "ellipse" || sh == "doubleEllipse" ||
		strings.Contains(sh, "flowchart.start") || strings.Contains(sh, "flowchart.terminator") ||
		strings.Contains(sh, "bpmn.event") || strings.Contains(sh, "flowchart.on-page_reference"):
		return model.Circle
	case c.shape == "rhombus" || c.style["rhombus"] != "" || sh == "rhombus" || strings.Contains(sh, "decision") ||
		strings.Contains(sh, "bpmn.gateway"):
		return model.Diamond
	case sh == "mxgraph.bpmn.shape":
		// The BPMN palette's older shape draws a gateway or an event by
		// its background and outline: a gateway's background is
		// "gateway" (symbol=parallelGw, exclusiveGw, ...), an event has
		// an outline (standard, end, catching, ...) and no background.
		if c.style["background"] == "gateway" || c.style["perimeter"] == "rhombusPerimeter" {
			return model.Diamond
		}
		if o := c.style["outline"]; o != "" && o != "none" || c.style["perimeter"] == "ellipsePerimeter" {
			return model.Circle
		}
	}
	return model.Rectangle
}

var (
	brRx  = lazyre.New(`(?i)<br\s*/?>|</?(?:div|p|li|ul|ol|h[1-6])(?:\s[^<>]*)?>`)
	tagRx = lazyre.New(`<[^<>]*>`)
)

// textLines turns a cell value (HTML when html=1, else plain text) into
// lines of text.
func textLines(v string) []string {
	v = brRx.Get().ReplaceAllString(v, "\n")
	v = tagRx.Get().ReplaceAllString(v, "")
	v = html.UnescapeString(v)
	var out []string
	for _, l := range strings.Split(v, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func text(v string) string { return strings.Join(textLines(v), " ") }

// pngDiagram returns the draw.io diagram a PNG picture carries (a
// .drawio.png: a tEXt chunk "mxfile", URL-encoded, or the older zTXt
// "mxGraphModel"), or nil; isPNG says whether src is a PNG picture at
// all. The chunk is found by its keyword, not by walking the chunks,
// and a tEXt ends at its last '>', so that a length or checksum changed
// on the way (a line-ending fix applied to the bytes) does not lose it.
func pngDiagram(src []byte) (diagram []byte, isPNG bool) {
	const sig = "\x89PNG\r\n\x1a\n"
	if !bytes.HasPrefix(src, []byte(sig)) {
		return nil, false
	}
	for _, key := range []string{"tEXtmxfile\x00", "tEXtmxGraphModel\x00"} {
		i := bytes.Index(src, []byte(key))
		if i < 0 {
			continue
		}
		text := src[i+len(key):]
		end := 0
		for end < len(text) && text[end] >= 0x20 && text[end] < 0x7f {
			end++
		}
		text = text[:end]
		end = max(bytes.LastIndex(text, []byte("%3E"))+3, bytes.LastIndexByte(text, '>')+1)
		if end <= 0 {
			continue
		}
		text = text[:end]
		if t, err := url.PathUnescape(string(text)); err == nil {
			text = []byte(t)
		}
		return text, true
	}
	for _, key := range []string{"zTXtmxGraphModel\x00\x00", "zTXtmxfile\x00\x00"} {
		// Compression method 0, then zlib: its two-byte header before
		// the deflate data, which ends itself.
		i := bytes.Index(src, []byte(key))
		if i < 0 || len(src) < i+len(key)+2 {
			continue
		}
		out, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(src[i+len(key)+2:])), maxInflated+1))
		if err != nil && len(out) == 0 || len(out) > maxInflated {
			continue
		}
		if t, err := url.PathUnescape(string(out)); err == nil {
			out = []byte(t)
		}
		return out, true
	}
	return nil, true
}

// inflate decodes a compressed page: base64, raw deflate, then URL
// encoding (as diagrams.net writes it). When it cannot, ok is false and
// why says what is wrong (the library's error kept as it is).
func inflate(s string) (out []byte, why interchange.Text, ok bool) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, interchange.Phrase("not base64: %v", err), false
	}
	r := flate.NewReader(bytes.NewReader(raw))
	data, err := io.ReadAll(io.LimitReader(r, maxInflated+1))
	if err != nil {
		return nil, interchange.Phrase("not deflate data: %v", err), false
	}
	if len(data) > maxInflated {
		return nil, interchange.Phrase("more than %d MiB once decompressed", maxInflated>>20), false
	}
	text, err := url.PathUnescape(string(data))
	if err != nil {
		return nil, interchange.Phrase("bad URL encoding: %v", err), false
	}
	return []byte(text), why, true
}
