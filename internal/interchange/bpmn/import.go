package bpmn

import (
	"flowzap/internal/lazyre"
	"slices"
	"sort"
	"strconv"
	"strings"

	"flowzap/internal/interchange"
	"flowzap/internal/interchange/xmltree"
	"flowzap/internal/model"
	"flowzap/internal/source"
)

// shapeOf maps BPMN flow node types to FlowZap shapes; ok is false for
// elements that are not flow nodes.
func shapeOf(tag string) (model.Shape, bool) {
	switch tag {
	case "startEvent", "endEvent", "intermediateThrowEvent", "intermediateCatchEvent", "boundaryEvent":
		return model.Circle, true
	case "exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway", "complexGateway":
		return model.Diamond, true
	case "userTask", "manualTask":
		return model.Taskbox, true
	case "task", "serviceTask", "scriptTask", "sendTask", "receiveTask", "businessRuleTask", "callActivity",
		"subProcess", "transaction", "adHocSubProcess":
		return model.Rectangle, true
	}
	return "", false
}

// ignored are BPMN elements with no FlowZap counterpart, reported when met.
// Their names are phrases of a message, translated with it.
var ignored = map[string]interchange.Text{
	"dataObject": interchange.Phrase("data object"), "dataObjectReference": interchange.Phrase("data object"), "dataStoreReference": interchange.Phrase("data store"),
	"dataInputAssociation": interchange.Phrase("data association"), "dataOutputAssociation": interchange.Phrase("data association"),
	"group": interchange.Phrase("group"), "conversation": interchange.Phrase("conversation"), "choreographyTask": interchange.Phrase("choreography task"),
}

type bnode struct {
	el          *xmltree.Elem
	id, tag     string
	name        string
	shape       model.Shape
	lane        string
	x, y, w, h  float64
	hasPos      bool
	doc         string
	added       bool
	passThrough bool // an unnamed join or parallel gateway, dropped
	outline     int  // document order
}

type bflow struct {
	el       *xmltree.Elem
	from, to string
	name     string
	message  bool // a message flow between pools
	edge     int  // in our files, the FlowZap edge (1-based) the flow was written for
}

// edgeIndex is the 1-based index of the FlowZap edge that our export
// wrote the flow for (its ID is "Flow_e3"), or 0.
func edgeIndex(el *xmltree.Elem) int {
	if el == nil || el.Name != "sequenceFlow" {
		return 0
	}
	k, err := strconv.Atoi(strings.TrimPrefix(el.Attr("id"), "Flow_e"))
	if err != nil || !strings.HasPrefix(el.Attr("id"), "Flow_e") || k <= 0 {
		return 0
	}
	return k
}

// unnamed is the label of an element without a name: what it is, in
// words, rather than its generated ID ("StartEvent_1", "Gateway_1d9qz3k",
// "Activity_0k2x"). A gateway whose outgoing flows are all named asks
// between them ("in stock or missing?").
func unnamed(n *bnode, out []*bflow) string {
	switch n.tag {
	case "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent":
		// A start or end event says what kind it is when it is not a
		// plain one (a timer start, an error end); terminate ends all.
		catch := n.tag != "intermediateThrowEvent" && n.tag != "endEvent"
		for _, c := range n.el.Children {
			switch c.Name {
			case "timerEventDefinition":
				return "Timer"
			case "messageEventDefinition":
				if catch {
					return "Message received"
				}
				return "Message sent"
			case "signalEventDefinition":
				return "Signal"
			case "errorEventDefinition":
				return "Error"
			case "escalationEventDefinition":
				return "Escalation"
			case "conditionalEventDefinition":
				return "Condition met"
			case "compensateEventDefinition":
				return "Compensation"
			case "linkEventDefinition":
				return "Link"
			case "terminateEventDefinition":
				return "Terminate"
			}
		}
		switch n.tag {
		case "startEvent":
			return "Start"
		case "endEvent":
			return "End"
		}
		return "Event"
	case "exclusiveGateway", "inclusiveGateway", "complexGateway", "eventBasedGateway":
		var names []string
		for _, f := range out {
			if name := strings.TrimSpace(f.name); name != "" && len(out) <= 3 {
				names = append(names, name)
			}
		}
		if len(names) == len(out) && len(names) > 1 {
			return strings.Join(names, " or ") + "?"
		}
		switch n.tag {
		case "inclusiveGateway":
			return "Which apply?"
		case "eventBasedGateway":
			return "Which comes first?"
		}
		return "Which way?"
	}
	if words := taskWords[n.tag]; words != "" {
		return words
	}
	return n.id
}

// taskWords name the kinds of activity.
var taskWords = map[string]string{
	"task": "Task", "userTask": "User task", "manualTask": "Manual task", "serviceTask": "Service task",
	"scriptTask": "Script task", "sendTask": "Send task", "receiveTask": "Receive task",
	"businessRuleTask": "Business rule", "callActivity": "Call activity", "subProcess": "Sub-process",
	"transaction": "Transaction", "adHocSubProcess": "Ad-hoc sub-process",
}

// messagesFirst puts each step's message flows before its other flows,
// in the places its flows had; the order of everything else is kept.
func messagesFirst(flows []*bflow) []*bflow {
	at := map[string][]int{}
	for i, f := range flows {
		at[f.from] = append(at[f.from], i)
	}
	out := make([]*bflow, len(flows))
	for _, idx := range at {
		var mine []*bflow
		for _, m := range []bool{true, false} {
			for _, i := range idx {
				if flows[i].message == m {
					mine = append(mine, flows[i])
				}
			}
		}
		for k, i := range idx {
			out[i] = mine[k]
		}
	}
	return out
}

// labelled reports whether any of the flows has a name.
func labelled(fl []*bflow) bool {
	for _, f := range fl {
		if strings.TrimSpace(f.name) != "" {
			return true
		}
	}
	return false
}

var exprRx = lazyre.New(`^[$#]\{\s*(.*?)\s*\}$`)

// condition is the label for a flow's condition expression: the
// expression-language wrapper of ${approved} or #{amount > 1000} is
// dropped, as it says nothing to a reader.
func condition(text string) string {
	text = strings.TrimSpace(text)
	if m := exprRx.Get().FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return text
}

// generatedID matches the IDs modelling tools make up for pools, lanes
// and processes: bpmn.io and Camunda's Type_base36 ("Lane_0k2x9a1",
// "Process_1"), Signavio's "sid-" UUIDs, and the underscore-led IDs of
// Trisotech ("_6-L1"), and any ID around a UUID (Bizagi's "Id_5f1c...").
var generatedID = lazyre.New(`^(?:(?i:lane|participant|process|pool)_[0-9][0-9a-z]*|sid-[0-9A-Fa-f-]+|_[-0-9A-Za-z]*[0-9][-0-9A-Za-z]*|\w*[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\w*)$`)

var loopRx = lazyre.New(`^\s*loop\s*\[(.*)\]`)

// laneKey is the key of a leaf lane: its ID without the "Lane_" that
// modellers put before it ("Lane_" alone is a key of its own, never ""
// for no lane).
func laneKey(l *xmltree.Elem) string {
	key := strings.TrimPrefix(l.Attr("id"), "Lane_")
	if strings.Trim(key, "_") == "" {
		key = l.Attr("id")
	}
	return key
}

// Import reads BPMN 2.0 XML: every process (a pool) and its lanes become
// lanes; events, tasks and gateways nodes; sequence and message flows
// edges; text annotations written `loop [condition]` loops, other
// annotations comments. Elements added by our export are removed again.
func Import(name string, src []byte) *interchange.Result {
	// A document in UTF-16 or Latin-1 is read, and reported on, as
	// UTF-8 text.
	utf8Src, encErr := xmltree.UTF8(src)
	if encErr == nil {
		src = utf8Src
	}
	f := source.NewFile(name, src)
	g := interchange.NewGraph("BPMN 2.0", f)
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
	if root.Name != "definitions" {
		g.Errorf(span(root), "found <%s> as the root element: expected BPMN <definitions>", root.Name)
		return g.Finish()
	}
	// DI bounds by element ID.
	type rect struct{ x, y, w, h float64 }
	bounds := map[string]rect{}
	vertical := false // pools drawn as columns, lanes side by side
	root.Walk(func(e *xmltree.Elem) {
		if e.Name == "BPMNShape" {
			if e.Attr("isHorizontal") == "false" {
				vertical = true
			}
			if b := e.Child("Bounds"); b != nil {
				bounds[e.Attr("bpmnElement")] = rect{parseNum(b.Attr("x")), parseNum(b.Attr("y")), parseNum(b.Attr("width")), parseNum(b.Attr("height"))}
			}
		}
	})
	// Pools: participants name their process.
	poolName := map[string]string{}
	poolID := map[string]string{}
	root.Walk(func(e *xmltree.Elem) {
		if e.Name == "participant" && e.Attr("processRef") != "" {
			poolName[e.Attr("processRef")] = e.Attr("name")
			poolID[e.Attr("processRef")] = e.Attr("id")
		}
	})
	type laneRec struct {
		key, label string
		el         *xmltree.Elem
		y, x       float64
		order      int
	}
	var lanes []*laneRec
	nodes := map[string]*bnode{}
	var nodeOrder []*bnode
	var flows, boundary []*bflow
	var triggered []*bflow // into event sub-processes, after the flows they may interrupt
	var associations []*xmltree.Elem
	var annotations []*xmltree.Elem
	assoc := map[string][]string{} // annotation ID -> element IDs
	laneOf := map[string]string{}
	inside := map[string]*xmltree.Elem{} // a step inside a sub-process -> the sub-process
	stepsIn := map[string]int{}          // process ID -> how many steps it has
	processes := root.All("process")
	if len(processes) == 0 {
		g.Errorf(span(root), "no <process> in the BPMN file: expected at least one process")
		return g.Finish()
	}
	for _, p := range processes {
		pname := poolName[p.Attr("id")]
		if pname == "" {
			pname = p.Attr("name")
		}
		if pname == "" {
			// A generated ID ("Process_1", "Process_0x8k2q") names
			// nothing: the lane reads "Process" (numbered when several).
			pname = "Process"
			for i, q := range processes {
				if q == p && len(processes) > 1 {
					pname = "Process " + strconv.Itoa(i+1)
				}
			}
		}
		// Lanes: the leaves of the lane sets (nested lanes flatten).
		var leaves []*xmltree.Elem
		p.Walk(func(e *xmltree.Elem) {
			if e.Name == "lane" && e.Child("childLaneSet") == nil {
				leaves = append(leaves, e)
			}
		})
		defKey := poolID[p.Attr("id")]
		if defKey == "" {
			defKey = p.Attr("id")
		}
		for _, l := range leaves {
			label := strings.TrimSpace(l.Attr("name"))
			// A nested lane (Warehouse's Picking and Shipping) is
			// flattened: its label keeps the names of the lanes it is in.
			if label != "" {
				for e := l.Parent; e != nil && e != p; e = e.Parent {
					if name := strings.TrimSpace(e.Attr("name")); e.Name == "lane" && name != "" {
						label = name + ": " + label
					}
				}
			}
			if label == "" {
				label = pname
			} else if len(processes) > 1 {
				label = pname + ": " + label
			}
			r := bounds[l.Attr("id")]
			key := laneKey(l)
			lanes = append(lanes, &laneRec{key: key, label: label, el: l, y: r.y, x: r.x, order: len(lanes)})
			for _, ref := range l.All("flowNodeRef") {
				id := strings.TrimSpace(ref.Text)
				if prev, ok := laneOf[id]; ok && prev != key {
					g.Warnf(span(ref), "step %q is listed in lane %q and again in lane %q: a step belongs to one lane, it goes in the last", id, prev, key)
				}
				laneOf[id] = key
			}
		}
		poolLane := ""
		for _, c := range p.Children {
			if sh, ok := shapeOf(c.Name); ok {
				n := &bnode{el: c, id: c.Attr("id"), tag: c.Name, name: c.Attr("name"), shape: sh, outline: len(nodeOrder)}
				if d := c.Child("documentation"); d != nil {
					n.doc = d.Text
				}
				n.added = strings.HasPrefix(n.id, Added)
				if r, ok := bounds[n.id]; ok {
					n.x, n.y, n.w, n.h, n.hasPos = r.x, r.y, r.w, r.h, true
				}
				n.lane = laneOf[n.id]
				if n.lane == "" && n.hasPos {
					// Not listed in any lane (a tool that forgot it):
					// the lane it is drawn in.
					cx, cy := n.x+n.w/2, n.y+n.h/2
					for _, l := range leaves {
						if r, ok := bounds[l.Attr("id")]; ok && cx >= r.x && cx <= r.x+r.w && cy >= r.y && cy <= r.y+r.h {
							n.lane = laneKey(l)
						}
					}
				}
				if n.lane == "" {
					if poolLane == "" {
						r := bounds[defKey]
						poolLane = defKey
						lanes = append(lanes, &laneRec{key: defKey, label: pname, el: p, y: r.y, x: r.x, order: len(lanes)})
					}
					n.lane = poolLane
				}
				if c.Name == "subProcess" || c.Name == "transaction" || c.Name == "adHocSubProcess" {
					for _, cc := range c.Children {
						if _, ok := shapeOf(cc.Name); ok {
							g.Warnf(span(c), "the steps inside sub-process %s are not carried over: it becomes one step", called(c))
							break
						}
					}
					// A message flow or an annotation may reach a step
					// inside it (the task that charges the card, in a
					// "Payment" sub-process): it reaches the sub-process.
					c.Walk(func(e *xmltree.Elem) {
						if id := e.Attr("id"); e != c && id != "" {
							if _, ok := shapeOf(e.Name); ok {
								inside[id] = c
							}
						}
					})
				}
				if c.Name == "boundaryEvent" {
					// The event happens to its step: an edge from the step
					// keeps the path it starts (a timeout, an error) after it.
					g.Warnf(span(c), "boundary event %s becomes a circle reached from its step (FlowZap has no attached events)", called(c))
					if host := c.Attr("attachedToRef"); host != "" {
						boundary = append(boundary, &bflow{el: c, from: host, to: n.id})
					}
				}
				nodes[n.id] = n
				nodeOrder = append(nodeOrder, n)
				stepsIn[p.Attr("id")]++
				if se := c.Child("startEvent"); c.Name == "subProcess" && c.Attr("triggeredByEvent") == "true" && se != nil && se.Attr("id") != "" {
					// An event sub-process has no flow into it: its
					// start event (a cancellation, a timeout) is what
					// sets it off, and leads to it.
					sn := &bnode{el: se, id: se.Attr("id"), tag: se.Name, name: se.Attr("name"), shape: model.Circle, lane: n.lane, outline: len(nodeOrder)}
					if r, ok := bounds[sn.id]; ok {
						sn.x, sn.y, sn.w, sn.h, sn.hasPos = r.x, r.y, r.w, r.h, true
					}
					delete(inside, sn.id)
					nodes[sn.id] = sn
					nodeOrder = append(nodeOrder, sn)
					triggered = append(triggered, &bflow{el: se, from: sn.id, to: n.id})
				}
				continue
			}
			switch c.Name {
			case "sequenceFlow":
				fl := &bflow{el: c, from: c.Attr("sourceRef"), to: c.Attr("targetRef"), name: c.Attr("name")}
				if fl.name == "" {
					if ce := c.Child("conditionExpression"); ce != nil {
						fl.name = condition(ce.Text)
					}
				}
				flows = append(flows, fl)
			case "textAnnotation":
				annotations = append(annotations, c)
			case "association":
				assoc[c.Attr("targetRef")] = append(assoc[c.Attr("targetRef")], c.Attr("sourceRef"))
				assoc[c.Attr("sourceRef")] = append(assoc[c.Attr("sourceRef")], c.Attr("targetRef"))
				associations = append(associations, c)
			case "laneSet", "documentation", "extensionElements", "ioSpecification", "property":
			default:
				what, ok := ignored[c.Name]
				if !ok {
					what = interchange.Phrase("%s", "<"+c.Name+">")
				}
				g.Warnf(span(c), "%s %s not carried over: FlowZap Code has no such element", what, called(c))
			}
		}
	}
	// Link events are a flow's "go to": each throw leads on to the
	// catches of the same link name (the event's name when its link
	// has none), so that the flow they cut in two is one again.
	// Links do not leave their process: the name is looked up in it.
	type link struct {
		process *xmltree.Elem
		name    string
	}
	catches := map[link][]string{}
	linkName := func(n *bnode) (link, bool) {
		d := n.el.Child("linkEventDefinition")
		if d == nil {
			return link{}, false
		}
		if name := strings.TrimSpace(d.Attr("name")); name != "" {
			return link{n.el.Parent, name}, true
		}
		return link{n.el.Parent, strings.TrimSpace(n.name)}, true
	}
	for _, n := range nodeOrder {
		if name, ok := linkName(n); ok && n.tag == "intermediateCatchEvent" {
			catches[name] = append(catches[name], n.id)
		}
	}
	for _, n := range nodeOrder {
		if name, ok := linkName(n); ok && n.tag == "intermediateThrowEvent" {
			var jumps []*bflow
			for _, to := range catches[name] {
				jumps = append(jumps, &bflow{el: n.el, from: n.id, to: to})
			}
			// Right after the flow into the throw, so the flows keep
			// the order they are taken in.
			at := len(flows)
			for i, fl := range flows {
				if fl.to == n.id {
					at = i + 1
				}
			}
			flows = slices.Insert(flows, at, jumps...)
		}
	}
	flows = append(flows, triggered...)
	// An association between two steps (a compensation event's to the
	// task that undoes the work) is the only way to that task.
	for _, a := range associations {
		from, to := a.Attr("sourceRef"), a.Attr("targetRef")
		if nodes[from] != nil && nodes[to] != nil {
			flows = append(flows, &bflow{el: a, from: from, to: to})
		}
	}
	// A diagram with pools keeps what is drawn outside them (text
	// annotations, groups) in its collaboration.
	for _, co := range root.All("collaboration") {
		for _, c := range co.Children {
			switch c.Name {
			case "textAnnotation":
				annotations = append(annotations, c)
			case "association":
				assoc[c.Attr("targetRef")] = append(assoc[c.Attr("targetRef")], c.Attr("sourceRef"))
				assoc[c.Attr("sourceRef")] = append(assoc[c.Attr("sourceRef")], c.Attr("targetRef"))
			case "participant", "messageFlow", "documentation", "extensionElements", "conversationLink",
				"messageFlowAssociation", "participantAssociation", "correlationKey":
			default:
				what, ok := ignored[c.Name]
				if !ok {
					what = interchange.Phrase("%s", "<"+c.Name+">")
				}
				g.Warnf(span(c), "%s %s not carried over: FlowZap Code has no such element", what, called(c))
			}
		}
	}
	// Message flows come before a step's sequence flows, so that what a
	// message sets off in the other pool is followed first: a sender that
	// then waits for the answer (a catch event) meets it after the reply
	// that reaches it, and the sequence view tells the exchange in order.
	var messages []*bflow
	root.Walk(func(e *xmltree.Elem) {
		if e.Name == "messageFlow" {
			m := &bflow{el: e, from: e.Attr("sourceRef"), to: e.Attr("targetRef"), name: e.Attr("name"), message: true}
			for _, end := range []*string{&m.from, &m.to} {
				if sp := inside[*end]; sp != nil && nodes[sp.Attr("id")] != nil {
					g.Warnf(span(e), "message flow %q reaches %q inside sub-process %s: it reaches the sub-process", e.Attr("id"), *end, called(sp))
					*end = sp.Attr("id")
				}
			}
			messages = append(messages, m)
		}
	})
	// A pool drawn collapsed (a participant without a process: the bank,
	// the customer) has no steps, but its messages are part of the story:
	// it becomes a lane, and each message to or from it a step there,
	// named after the message (the edge need not say it again).
	// So is a pool drawn open but left empty (its process has no step).
	processIDs := map[string]bool{}
	for _, p := range processes {
		processIDs[p.Attr("id")] = true
	}
	collapsed := func(e *xmltree.Elem) bool {
		ref := e.Attr("processRef")
		return ref == "" || processIDs[ref] && stepsIn[ref] == 0
	}
	blackBox := map[string]*xmltree.Elem{}
	root.Walk(func(e *xmltree.Elem) {
		if e.Name == "participant" && collapsed(e) && e.Attr("id") != "" {
			blackBox[e.Attr("id")] = e
		}
	})
	poolLanes := map[string]bool{}
	for _, m := range messages {
		if (nodes[m.from] == nil && blackBox[m.from] == nil) || (nodes[m.to] == nil && blackBox[m.to] == nil) {
			continue // reported below, without a step made for it
		}
		for _, end := range []*string{&m.from, &m.to} {
			pool := blackBox[*end]
			if pool == nil {
				continue
			}
			key := pool.Attr("id")
			if !poolLanes[key] {
				poolLanes[key] = true
				label := strings.TrimSpace(pool.Attr("name"))
				if label == "" {
					label = "Participant"
				}
				r := bounds[key]
				lanes = append(lanes, &laneRec{key: key, label: label, el: pool, y: r.y, x: r.x, order: len(lanes)})
			}
			label := strings.TrimSpace(m.name)
			if label == "" {
				label = "Message"
			}
			n := &bnode{el: m.el, id: m.el.Attr("id") + "@" + key, tag: "message", name: label, shape: model.Rectangle, lane: key, outline: len(nodeOrder)}
			nodes[n.id] = n
			nodeOrder = append(nodeOrder, n)
			*end, m.name = n.id, ""
		}
	}
	// A pool that takes no part (no process, no message), or names a
	// process the file does not have, is reported, not dropped unseen.
	root.Walk(func(e *xmltree.Elem) {
		if e.Name != "participant" {
			return
		}
		name := strings.TrimSpace(e.Attr("name"))
		if name == "" {
			name = e.Attr("id")
		}
		switch ref := e.Attr("processRef"); {
		case ref != "" && !processIDs[ref]:
			g.Warnf(span(e), "pool %q names the process %q, which the file does not have: not carried over", name, ref)
		case collapsed(e) && !poolLanes[e.Attr("id")]:
			g.Warnf(span(e), "pool %q has no process and sends or receives no message: not carried over", name)
		}
	})
	flows = messagesFirst(append(append(flows, boundary...), messages...))
	// Remove what our export added, and unnamed joins and parallel
	// gateways (FlowZap draws a split or join as several edges).
	out, in := map[string][]*bflow{}, map[string][]*bflow{}
	for _, fl := range flows {
		out[fl.from] = append(out[fl.from], fl)
		in[fl.to] = append(in[fl.to], fl)
	}
	for _, n := range nodeOrder {
		if n.shape == model.Diamond && strings.TrimSpace(n.name) != "" && !n.added && len(out[n.id]) == 1 && len(in[n.id]) > 1 {
			// A named join ("Merge") decides nothing: a decision with
			// one way out is what flowzap check warns of.
			n.passThrough = true
			g.Warnf(span(n.el), "gateway %s joins %d flows into one: its flows are joined, its name is not carried over", called(n.el), len(in[n.id]))
			continue
		}
		if n.shape == model.Diamond && strings.TrimSpace(n.name) == "" && !n.added && (len(out[n.id]) <= 1 || n.tag == "parallelGateway") && len(in[n.id]) > 0 && len(out[n.id]) > 0 {
			n.passThrough = true
			if len(out[n.id]) > 1 && labelled(in[n.id]) {
				// Dissolving a split reached by a labelled flow (a
				// decision's "Yes") would copy the label onto every
				// branch, and a decision with two "Yes" reads as a choice
				// between them. The split stays, as a step that says so.
				n.passThrough = false
				n.shape, n.name = model.Rectangle, "In parallel"
			}
		}
	}
	drop := func(n *bnode) bool { return n != nil && (n.added || n.passThrough) }
	var final []*bflow
	for _, fl := range flows {
		a, b := nodes[fl.from], nodes[fl.to]
		if drop(a) {
			continue // handled from the kept source
		}
		if a == nil || b == nil {
			// message flows may join pools rather than nodes
			// Named by the file's own references, not the steps made
			// for a collapsed pool.
			from, to := fl.from, fl.to
			if fl.el.Attr("sourceRef") != "" || fl.el.Attr("targetRef") != "" {
				from, to = fl.el.Attr("sourceRef"), fl.el.Attr("targetRef")
			}
			g.Warnf(span(fl.el), "flow %q joins %q and %q, which are not both steps: not carried over", fl.el.Attr("id"), from, to)
			continue
		}
		// Follow the flow through dropped elements to the kept targets.
		type hop struct {
			id    string
			label string
			edge  int // the FlowZap edge our export wrote the way as, 0 when none
		}
		stack := []hop{{fl.to, fl.name, edgeIndex(fl.el)}}
		seen := map[string]bool{}
		for len(stack) > 0 {
			h := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			t := nodes[h.id]
			if !drop(t) {
				final = append(final, &bflow{el: fl.el, from: fl.from, to: h.id, name: h.label, edge: h.edge})
				continue
			}
			if seen[h.id] {
				continue
			}
			seen[h.id] = true
			// Pushed last first, so that the ways out are taken in the
			// file's order (the order of the messages they send).
			for _, nx := range slices.Backward(out[h.id]) {
				label := nx.name
				if label == "" {
					label = h.label
				}
				edge := h.edge
				if k := edgeIndex(nx.el); k > 0 {
					edge = k
				}
				stack = append(stack, hop{nx.to, label, edge})
			}
		}
	}
	// Lanes in picture order (top to bottom when laid out; left to right
	// when the pools are drawn vertically), nodes in each lane along it.
	sort.SliceStable(lanes, func(i, j int) bool {
		a, b := lanes[i].y, lanes[j].y
		if vertical {
			a, b = lanes[i].x, lanes[j].x
		}
		if a != b {
			return a < b
		}
		return lanes[i].order < lanes[j].order
	})
	ours := root.Attr("exporter") == "flowzap"
	gl := map[string]*interchange.Lane{}
	for _, l := range lanes {
		// A generated ID ("Lane_0k2x9a1", "Participant_1", "sid-4F2A...")
		// would be the lane's ID in the code (x0k2x9a1.n2): its name
		// says more, when no other lane has it.
		key := l.key
		if generatedID.Get().MatchString(l.el.Attr("id")) && l.label != "" && g.FindLane(l.label) == nil && !ours {
			key = l.label
		}
		gl[l.key] = g.Lane(key, l.label, span(l.el))
	}
	kept := make([]*bnode, 0, len(nodeOrder))
	for _, n := range nodeOrder {
		if !drop(n) {
			kept = append(kept, n)
		}
	}
	// Files from other tools list elements in any order: number them by
	// position. Ours keep the order of the FlowZap file.
	sort.SliceStable(kept, func(i, j int) bool {
		a, b := kept[i], kept[j]
		if !ours && a.hasPos && b.hasPos && vertical && a.y != b.y {
			return a.y < b.y
		}
		if !ours && a.hasPos && b.hasPos && !vertical && a.x != b.x {
			return a.x < b.x
		}
		return a.outline < b.outline
	})
	for _, n := range kept {
		label := strings.TrimSpace(n.name)
		if label == "" {
			label = unnamed(n, out[n.id])
		}
		node := g.Node(n.id, gl[n.lane], n.shape, label, span(n.el))
		readDoc(node, n.doc)
	}
	if ours && !slices.ContainsFunc(final, func(fl *bflow) bool { return fl.edge == 0 }) {
		// Our files keep the FlowZap file's edge order (the sequence
		// view's message order), which the flows around the gateways
		// the export added do not: each flow says which edge it was.
		sort.SliceStable(final, func(i, j int) bool { return final[i].edge < final[j].edge })
	}
	fanOut := map[string]int{}
	for _, fl := range final {
		fanOut[fl.from]++
	}
	for _, fl := range final {
		a, b := g.FindNode(fl.from), g.FindNode(fl.to)
		if a == nil || b == nil {
			continue
		}
		label := strings.TrimSpace(fl.name)
		if label == "" && a.Shape == model.Diamond && fanOut[fl.from] > 1 {
			// An outcome needs a name. The gateway's default flow is
			// taken when no other is: "else". Another unnamed flow
			// (after an event-based gateway, always) is the way to the
			// step it reaches, and is named after it: "Which comes
			// first?" leads by "Payout received" to the event. A flow
			// that went through a dissolved split reaches several steps
			// at once and stays unnamed.
			if src := nodes[fl.from]; src != nil && src.el.Attr("default") != "" && src.el.Attr("default") == fl.el.Attr("id") {
				label = "else"
			} else if fl.el.Name == "sequenceFlow" && fl.el.Attr("targetRef") == fl.to {
				label = b.Label
			}
		}
		g.Edge(a, b, label, span(fl.el))
	}
	// outer is the step that stands for an element: itself, or the
	// sub-process it is drawn inside.
	outer := func(id string) string {
		if sp := inside[id]; sp != nil {
			return sp.Attr("id")
		}
		return id
	}
	for _, an := range annotations {
		text := ""
		if t := an.Child("text"); t != nil {
			text = strings.TrimSpace(t.Text)
		}
		if m := loopRx.Get().FindStringSubmatch(text); m != nil {
			lp := &interchange.Loop{Condition: m[1], Span: span(an)}
			var ns []*interchange.Node
			for _, id := range assoc[an.Attr("id")] {
				if n := g.FindNode(outer(id)); n != nil {
					ns = append(ns, n)
				}
			}
			// Execution order: as listed after the condition when the
			// annotation names the steps, else by position.
			order := strings.Fields(text[len(m[0]):])
			rank := map[string]int{}
			for i, id := range order {
				rank[id] = i + 1
			}
			sort.SliceStable(ns, func(i, j int) bool { return rank[ns[i].Key] < rank[ns[j].Key] })
			lp.Nodes = ns
			g.Loops = append(g.Loops, lp)
			continue
		}
		var lane *interchange.Lane
		for _, id := range assoc[an.Attr("id")] {
			if n := g.FindNode(outer(id)); n != nil {
				lane = n.Lane
				break
			}
		}
		g.Notes = append(g.Notes, &interchange.Note{Lane: lane, Text: "Note: " + text})
		g.Warnf(span(an), "text annotation kept as a comment: FlowZap has no notes")
	}
	return g.Finish()
}

// readDoc reads the documentation our export writes: "- item" lines (a
// taskbox's sub-items) and Owner/System/Description lines; other text
// becomes the description.
func readDoc(n *interchange.Node, doc string) {
	var extra []string
	for _, l := range strings.Split(doc, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "":
		case strings.HasPrefix(l, "- ") && n.Shape == model.Taskbox:
			n.Label += "|" + strings.TrimSpace(l[2:])
		case strings.HasPrefix(l, "Owner:"):
			n.Owner = strings.TrimSpace(l[len("Owner:"):])
		case strings.HasPrefix(l, "System:"):
			n.System = strings.TrimSpace(l[len("System:"):])
		case strings.HasPrefix(l, "Description:"):
			n.Description = strings.TrimSpace(l[len("Description:"):])
		default:
			extra = append(extra, l)
		}
	}
	if len(extra) > 0 && n.Description == "" {
		n.Description = strings.Join(extra, " ")
	}
}

func parseNum(s string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return v
}

// called names an element in a message: its name in quotes, or, when it
// has none, its id ("with id ..."), or "(no name)".
func called(e *xmltree.Elem) interchange.Text {
	if n := strings.TrimSpace(e.Attr("name")); n != "" {
		return interchange.Phrase("%q", n)
	}
	if id := e.Attr("id"); id != "" {
		return interchange.Phrase("with id %q", id)
	}
	return interchange.Phrase("(no name)")
}
