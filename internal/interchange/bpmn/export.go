// Package bpmn converts between FlowZap Code and BPMN 2.0 XML with
// diagram interchange (BPMNDI).
//
// Export writes one pool with a lane per FlowZap lane; shapes and edges
// use the workflow layout's own coordinates, so the file opens looking
// like our picture. To give modelling tools a well-formed process (one
// blank start event, explicit starts and ends, gateways for every split,
// no gateway that both joins and forks) it adds the few elements BPMN
// requires; their IDs start with "FlowZapAdded_" so that Import removes
// them again. Import reads pools, lanes, events, tasks, gateways,
// sequence and message flows, and loop annotations.
package bpmn

import (
	"encoding/xml"
	"flowzap/internal/lazyre"
	"fmt"
	"io"
	"strconv"
	"strings"

	"flowzap/internal/interchange"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// Added prefixes the IDs of elements the export adds.
const Added = "FlowZapAdded_"

const (
	nsBPMN   = "http://www.omg.org/spec/BPMN/20100524/MODEL"
	nsBPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
	nsDC     = "http://www.omg.org/spec/DD/20100524/DC"
	nsDI     = "http://www.omg.org/spec/DD/20100524/DI"
)

type elem struct {
	id, tag, name string
	doc           string
	eventDef      string // e.g. "messageEventDefinition"
	box           scene.Box
	lane          *model.Lane
	in, out       []*flow
	node          *model.Node // nil for added elements
}

type flow struct {
	id, name string
	from, to *elem
	points   [][2]float64
	label    *scene.Label
}

var ncName = lazyre.New(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

// Export writes d as a BPMN 2.0 definitions document.
func Export(w io.Writer, d *interchange.Diagram) error {
	doc := d.Doc
	if d.Workflow == nil {
		return fmt.Errorf("bpmn export needs the workflow layout")
	}
	var elems []*elem
	byNode := map[*model.Node]*elem{}
	used := map[string]bool{}
	for _, n := range doc.Nodes {
		id := n.ID
		if !ncName.Get().MatchString(id) || strings.HasPrefix(id, Added) || strings.HasPrefix(id, "Lane_") || strings.HasPrefix(id, "Flow_") {
			id = "Node_" + strconv.Itoa(n.Index+1)
		}
		used[id] = true
		b, _ := d.Box(n)
		e := &elem{id: id, name: n.Label, box: b, lane: n.Lane, node: n}
		switch d.Kind(n) {
		case "start":
			e.tag = "startEvent"
		case "end":
			e.tag = "endEvent"
		case "milestone":
			e.tag = "intermediateThrowEvent"
		case "decision":
			e.tag = "exclusiveGateway"
		case "task":
			e.tag = "userTask"
			e.name = n.Title()
		default:
			e.tag = "task"
		}
		e.doc = details(n)
		if strings.TrimSpace(e.name) == "" {
			e.name = string(n.Shape) + " " + n.ID
		}
		elems = append(elems, e)
		byNode[n] = e
	}
	var flows []*flow
	seen := map[[2]*elem]*flow{}
	for _, ed := range doc.Edges {
		a, b := byNode[ed.From], byNode[ed.To]
		if f := seen[[2]*elem{a, b}]; f != nil {
			// BPMN forbids two flows between the same elements: one flow
			// carries both labels.
			if ed.Label != "" {
				f.name = strings.Trim(f.name+" / "+ed.Label, " /")
			}
			continue
		}
		f := &flow{id: "Flow_" + interchange.EdgeID(ed), name: ed.Label, from: a, to: b}
		if r := d.Route(ed); r != nil {
			f.points = r.Points
			f.label = r.Label
		}
		seen[[2]*elem{a, b}] = f
		flows = append(flows, f)
		a.out = append(a.out, f)
		b.in = append(b.in, f)
	}
	x := &exporter{elems: elems, flows: flows}
	x.normalise()
	return x.write(w, d)
}

// details is the documentation of a node: its taskbox items and its
// owner, system and description, one per line.
func details(n *model.Node) string {
	return strings.Join(interchange.Details(n, "- ", true), "\n")
}

type exporter struct {
	elems []*elem
	flows []*flow
	n     int
}

func (x *exporter) add(tag, name string, box scene.Box, lane *model.Lane) *elem {
	x.n++
	e := &elem{id: fmt.Sprintf("%s%s_%d", Added, tag, x.n), tag: tag, name: name, box: box, lane: lane}
	x.elems = append(x.elems, e)
	return e
}

func (x *exporter) connect(a, b *elem, name string, pts [][2]float64) *flow {
	x.n++
	f := &flow{id: fmt.Sprintf("%sFlow_%d", Added, x.n), name: name, from: a, to: b, points: pts}
	x.flows = append(x.flows, f)
	a.out = append(a.out, f)
	b.in = append(b.in, f)
	return f
}

func centre(b scene.Box) (float64, float64) { return b.X + b.W/2, b.Y + b.H/2 }

// normalise adds what BPMN's well-formedness rules need: explicit start
// and end events, a joining gateway in front of a gateway that also forks,
// a gateway after any other element that splits, and a single blank
// start event.
func (x *exporter) normalise() {
	orig := append([]*elem(nil), x.elems...)
	addStart := func(e *elem) {
		_, cy := centre(e.box)
		s := x.add("startEvent", "Start", scene.Box{X: e.box.X - 52, Y: cy - 15, W: 30, H: 30}, e.lane)
		x.connect(s, e, "", [][2]float64{{s.box.X + 30, cy}, {e.box.X, cy}})
	}
	addEnd := func(e *elem) {
		_, cy := centre(e.box)
		en := x.add("endEvent", "End", scene.Box{X: e.box.X + e.box.W + 22, Y: cy - 15, W: 30, H: 30}, e.lane)
		x.connect(e, en, "", [][2]float64{{e.box.X + e.box.W, cy}, {en.box.X, cy}})
	}
	hasStart, hasEnd := false, false
	for _, e := range orig {
		if e.tag != "startEvent" && len(e.in) == 0 {
			addStart(e)
		}
		if e.tag != "endEvent" && len(e.out) == 0 {
			addEnd(e)
		}
	}
	for _, e := range x.elems {
		hasStart = hasStart || e.tag == "startEvent"
		hasEnd = hasEnd || e.tag == "endEvent"
	}
	// A diagram that is one big cycle has no natural start or end: the
	// start goes before its first step, the end after its last.
	if !hasStart && len(orig) > 0 {
		addStart(orig[0])
	}
	if !hasEnd && len(orig) > 0 {
		last := orig[len(orig)-1]
		for _, e := range orig {
			if strings.HasSuffix(e.tag, "Gateway") {
				last = e // a gateway can take one more way out
			}
		}
		addEnd(last)
	}
	// Joins into a gateway that also forks: a joining gateway in front.
	for _, e := range orig {
		if strings.HasSuffix(e.tag, "Gateway") && len(e.in) > 1 && len(e.out) > 1 {
			_, cy := centre(e.box)
			g := x.add("exclusiveGateway", "", scene.Box{X: e.box.X - 46, Y: cy - 18, W: 36, H: 36}, e.lane)
			ins := e.in
			e.in = nil
			for _, f := range ins {
				f.to = g
				g.in = append(g.in, f)
				if n := len(f.points); n > 0 {
					f.points = append(f.points[:n-1:n-1], [2]float64{g.box.X + 18, g.box.Y + 18})
				}
			}
			x.connect(g, e, "", [][2]float64{{g.box.X + 36, cy}, {e.box.X, cy}})
		}
	}
	// Splits from anything but a gateway: a gateway right after it
	// (exclusive when the branches are labelled, else parallel).
	for _, e := range append([]*elem(nil), x.elems...) {
		if strings.HasSuffix(e.tag, "Gateway") || len(e.out) < 2 {
			continue
		}
		labelled := false
		for _, f := range e.out {
			labelled = labelled || f.name != ""
		}
		tag, name := "parallelGateway", ""
		if labelled {
			tag, name = "exclusiveGateway", e.name+"?"
		}
		cx, _ := centre(e.box)
		g := x.add(tag, name, scene.Box{X: cx - 18, Y: e.box.Y + e.box.H + 14, W: 36, H: 36}, e.lane)
		outs := e.out
		e.out = nil
		for _, f := range outs {
			f.from = g
			g.out = append(g.out, f)
			if len(f.points) > 0 {
				f.points = append([][2]float64{{cx, g.box.Y + 36}}, f.points[1:]...)
			}
		}
		x.connect(e, g, "", [][2]float64{{cx, e.box.Y + e.box.H}, {cx, g.box.Y}})
	}
	// One blank start event; the others start on a message.
	blank := false
	for _, e := range x.elems {
		if e.tag == "startEvent" {
			if blank {
				e.eventDef = "messageEventDefinition"
			}
			blank = true
		}
	}
}

type xw struct {
	b      strings.Builder
	indent int
}

func (w *xw) line(format string, args ...any) {
	w.b.WriteString(strings.Repeat("  ", w.indent))
	fmt.Fprintf(&w.b, format, args...)
	w.b.WriteByte('\n')
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), `"`, "&#34;")
}

func num(v float64) string { return strconv.FormatFloat(float64(int(v*100+0.5))/100, 'f', -1, 64) }

func bounds(b scene.Box) string {
	return fmt.Sprintf(`<dc:Bounds x="%s" y="%s" width="%s" height="%s" />`, num(b.X), num(b.Y), num(b.W), num(b.H))
}

func (x *exporter) write(out io.Writer, d *interchange.Diagram) error {
	doc := d.Doc
	w := &xw{}
	name := d.Name
	if name == "" {
		name = "Diagram"
	}
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.line(`<bpmn:definitions xmlns:bpmn="%s" xmlns:bpmndi="%s" xmlns:dc="%s" xmlns:di="%s" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn" exporter="flowzap" exporterVersion="1">`, nsBPMN, nsBPMNDI, nsDC, nsDI)
	w.indent++
	w.line(`<bpmn:collaboration id="Collaboration_1">`)
	w.line(`  <bpmn:participant id="Participant_1" name="%s" processRef="Process_1" />`, esc(name))
	w.line(`</bpmn:collaboration>`)
	w.line(`<bpmn:process id="Process_1" isExecutable="false">`)
	w.indent++
	laneID := map[*model.Lane]string{}
	usedLane := map[string]bool{}
	for i, l := range doc.Lanes {
		// A lane ID with no ASCII letter or digit (клиент, 服务) is
		// numbered: "Lane_" alone would name no lane once imported.
		base := interchange.ASCIIIdent(l.ID)
		if strings.Trim(base, "_") == "" {
			base = strconv.Itoa(i + 1)
		}
		id := "Lane_" + base
		for k := 2; usedLane[id]; k++ {
			id = "Lane_" + base + "_" + strconv.Itoa(k)
		}
		usedLane[id] = true
		laneID[l] = id
	}
	w.line(`<bpmn:laneSet id="LaneSet_1">`)
	for _, l := range doc.Lanes {
		w.line(`  <bpmn:lane id="%s" name="%s">`, laneID[l], esc(l.Label))
		for _, e := range x.elems {
			if e.lane == l {
				w.line(`    <bpmn:flowNodeRef>%s</bpmn:flowNodeRef>`, e.id)
			}
		}
		w.line(`  </bpmn:lane>`)
	}
	w.line(`</bpmn:laneSet>`)
	for _, e := range x.elems {
		attrs := ""
		if e.name != "" {
			attrs = fmt.Sprintf(` name="%s"`, esc(e.name))
		}
		w.line(`<bpmn:%s id="%s"%s>`, e.tag, e.id, attrs)
		w.indent++
		if e.doc != "" {
			w.line(`<bpmn:documentation>%s</bpmn:documentation>`, esc(e.doc))
		}
		for _, f := range e.in {
			w.line(`<bpmn:incoming>%s</bpmn:incoming>`, f.id)
		}
		for _, f := range e.out {
			w.line(`<bpmn:outgoing>%s</bpmn:outgoing>`, f.id)
		}
		if e.eventDef != "" {
			w.line(`<bpmn:%s id="%sDef_%s" />`, e.eventDef, Added, e.id)
		}
		w.indent--
		w.line(`</bpmn:%s>`, e.tag)
	}
	for _, f := range x.flows {
		attrs := ""
		if f.name != "" {
			attrs = fmt.Sprintf(` name="%s"`, esc(f.name))
		}
		w.line(`<bpmn:sequenceFlow id="%s"%s sourceRef="%s" targetRef="%s" />`, f.id, attrs, f.from.id, f.to.id)
	}
	// Loops: a text annotation associated with each step it repeats.
	byNode := map[*model.Node]*elem{}
	for _, e := range x.elems {
		if e.node != nil {
			byNode[e.node] = e
		}
	}
	for i, lp := range doc.Loops {
		ids := make([]string, len(lp.Nodes))
		for k, n := range lp.Nodes {
			ids[k] = n.ID
		}
		w.line(`<bpmn:textAnnotation id="Loop_%d">`, i+1)
		w.line(`  <bpmn:text>%s</bpmn:text>`, esc("loop ["+lp.Condition+"] "+strings.Join(ids, " ")))
		w.line(`</bpmn:textAnnotation>`)
		for k, n := range lp.Nodes {
			w.line(`<bpmn:association id="Loop_%d_%d" associationDirection="None" sourceRef="%s" targetRef="Loop_%d" />`, i+1, k+1, byNode[n].id, i+1)
		}
	}
	w.indent--
	w.line(`</bpmn:process>`)
	x.writeDI(w, d, laneID, byNode)
	w.indent--
	w.line(`</bpmn:definitions>`)
	_, err := io.WriteString(out, w.b.String())
	return err
}

func (x *exporter) writeDI(w *xw, d *interchange.Diagram, laneID map[*model.Lane]string, byNode map[*model.Node]*elem) {
	doc := d.Doc
	w.line(`<bpmndi:BPMNDiagram id="BPMNDiagram_1">`)
	w.indent++
	w.line(`<bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Collaboration_1">`)
	w.indent++
	// The pool spans every lane band; lanes start after its 30 px header.
	var pool scene.Box
	first := true
	for _, l := range doc.Lanes {
		b, ok := d.LaneBox(l)
		if !ok {
			continue
		}
		if first {
			pool, first = b, false
			continue
		}
		x1, y1 := max(pool.X+pool.W, b.X+b.W), max(pool.Y+pool.H, b.Y+b.H)
		pool.X, pool.Y = min(pool.X, b.X), min(pool.Y, b.Y)
		pool.W, pool.H = x1-pool.X, y1-pool.Y
	}
	// Added elements may stick out of the bands: widen the pool.
	for _, e := range x.elems {
		if e.box.X-10 < pool.X+30 {
			grow := pool.X + 30 - (e.box.X - 10)
			pool.X -= grow
			pool.W += grow
		}
		if r := e.box.X + e.box.W + 10; r > pool.X+pool.W {
			pool.W = r - pool.X
		}
	}
	w.line(`<bpmndi:BPMNShape id="Participant_1_di" bpmnElement="Participant_1" isHorizontal="true">`)
	w.line(`  %s`, bounds(pool))
	w.line(`</bpmndi:BPMNShape>`)
	for _, l := range doc.Lanes {
		b, ok := d.LaneBox(l)
		if !ok {
			continue
		}
		b.X, b.W = pool.X+30, pool.W-30
		w.line(`<bpmndi:BPMNShape id="%s_di" bpmnElement="%s" isHorizontal="true">`, laneID[l], laneID[l])
		w.line(`  %s`, bounds(b))
		w.line(`</bpmndi:BPMNShape>`)
	}
	for _, e := range x.elems {
		extra := ""
		if strings.HasSuffix(e.tag, "Gateway") {
			extra = ` isMarkerVisible="true"`
		}
		w.line(`<bpmndi:BPMNShape id="%s_di" bpmnElement="%s"%s>`, e.id, e.id, extra)
		w.line(`  %s`, bounds(e.box))
		w.line(`</bpmndi:BPMNShape>`)
	}
	for _, f := range x.flows {
		pts := f.points
		if len(pts) < 2 {
			ax, ay := centre(f.from.box)
			bx, by := centre(f.to.box)
			pts = [][2]float64{{ax, ay}, {bx, by}}
		}
		w.line(`<bpmndi:BPMNEdge id="%s_di" bpmnElement="%s">`, f.id, f.id)
		for _, p := range pts {
			w.line(`  <di:waypoint x="%s" y="%s" />`, num(p[0]), num(p[1]))
		}
		if f.label != nil {
			w.line(`  <bpmndi:BPMNLabel>%s</bpmndi:BPMNLabel>`, bounds(f.label.Box))
		}
		w.line(`</bpmndi:BPMNEdge>`)
	}
	var loops []scene.LoopBox
	if d.Workflow != nil {
		loops = d.Workflow.Loops
	}
	for i, lp := range doc.Loops {
		var b scene.Box
		if i < len(loops) {
			// Above the frame's top-left corner, as wide as its top side:
			// the outline's when the frame is one (its bounding box's
			// corner can lie over steps that are not the loop's).
			x, y, w := loops[i].X, loops[i].Y, loops[i].W
			if o := loops[i].Outline; len(o) >= 4 {
				x, y, w = o[0][0], o[0][1], o[1][0]-o[0][0]
			}
			b = scene.Box{X: x, Y: y - 34, W: min(220, max(120, w)), H: 30}
		} else if n := byNode[lp.Nodes[0]]; n != nil {
			b = scene.Box{X: n.box.X, Y: n.box.Y - 40, W: 160, H: 30}
		}
		w.line(`<bpmndi:BPMNShape id="Loop_%d_di" bpmnElement="Loop_%d">`, i+1, i+1)
		w.line(`  %s`, bounds(b))
		w.line(`</bpmndi:BPMNShape>`)
		for k, n := range lp.Nodes {
			e := byNode[n]
			cx, _ := centre(e.box)
			w.line(`<bpmndi:BPMNEdge id="Loop_%d_%d_di" bpmnElement="Loop_%d_%d">`, i+1, k+1, i+1, k+1)
			w.line(`  <di:waypoint x="%s" y="%s" />`, num(cx), num(e.box.Y))
			w.line(`  <di:waypoint x="%s" y="%s" />`, num(b.X+b.W/2), num(b.Y+b.H))
			w.line(`</bpmndi:BPMNEdge>`)
		}
	}
	w.indent--
	w.line(`</bpmndi:BPMNPlane>`)
	w.indent--
	w.line(`</bpmndi:BPMNDiagram>`)
}
