package bpmn_test

import (
	"strings"
	"testing"

	"flowzap/internal/interchange/bpmn"
	"flowzap/internal/interchange/ixtest"
	"flowzap/internal/model"
)

// importSrc imports BPMN text and compiles the code it writes.
func importSrc(t *testing.T, src string) (*model.Document, string) {
	t.Helper()
	return ixtest.Import(t, "x.bpmn", []byte(src), bpmn.Import)
}

func edgeList(doc *model.Document) []string {
	var out []string
	for _, e := range doc.Edges {
		s := e.From.Label + " -> " + e.To.Label
		if e.Label != "" {
			s += " [" + e.Label + "]"
		}
		out = append(out, s)
	}
	return out
}

func hasEdge(doc *model.Document, want string) bool {
	for _, e := range edgeList(doc) {
		if e == want {
			return true
		}
	}
	return false
}

const pool = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">%s</definitions>`

// TestBoundaryEventFollowsItsStep: a boundary event (a timeout, an
// error) is reached from the step it is attached to, for every kind of
// step, instead of standing alone at the start of its lane.
func TestBoundaryEventFollowsItsStep(t *testing.T) {
	for _, task := range []string{"task", "userTask", "serviceTask", "subProcess", "callActivity"} {
		src := strings.Replace(pool, "%s", `<process id="p">
  <startEvent id="s" name="Begin"/>
  <`+task+` id="a" name="Wait for answer"/>
  <boundaryEvent id="b" name="Two weeks pass" attachedToRef="a"><timerEventDefinition/></boundaryEvent>
  <endEvent id="e1" name="Answered"/>
  <endEvent id="e2" name="Given up"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="a"/>
  <sequenceFlow id="f2" sourceRef="a" targetRef="e1"/>
  <sequenceFlow id="f3" sourceRef="b" targetRef="e2"/>
</process>`, 1)
		doc, out := importSrc(t, src)
		if !hasEdge(doc, "Wait for answer -> Two weeks pass") || !hasEdge(doc, "Two weeks pass -> Given up") {
			t.Errorf("%s: boundary event not reached from its step: %v\n%s", task, edgeList(doc), out)
		}
		if !strings.Contains(out, `boundary event "Two weeks pass" becomes a circle reached from its step`) {
			t.Errorf("%s: no warning:\n%s", task, out)
		}
	}
}

// TestLabelledSplitStays: an unnamed parallel split reached by a
// labelled flow (a decision's "Yes") stays as an "In parallel" step, so
// the decision keeps one edge per answer instead of two "Yes" edges that
// read as a choice; unlabelled splits are still dissolved.
func TestLabelledSplitStays(t *testing.T) {
	for _, label := range []string{`name="Yes"`, ""} {
		src := strings.Replace(pool, "%s", `<process id="p">
  <exclusiveGateway id="d" name="Complete?"/>
  <task id="t0" name="Check"/>
  <task id="r" name="Ask again"/>
  <parallelGateway id="fork"/>
  <task id="a" name="Score risk"/>
  <task id="b" name="Estimate cost"/>
  <sequenceFlow id="f0" sourceRef="t0" targetRef="d"/>
  <sequenceFlow id="f1" name="No" sourceRef="d" targetRef="r"/>
  <sequenceFlow id="f2" `+label+` sourceRef="d" targetRef="fork"/>
  <sequenceFlow id="f3" sourceRef="fork" targetRef="a"/>
  <sequenceFlow id="f4" sourceRef="fork" targetRef="b"/>
</process>`, 1)
		doc, out := importSrc(t, src)
		count := map[string]int{}
		for _, e := range doc.Edges {
			if e.From.Label == "Complete?" {
				count[e.Label]++
			}
		}
		if label != "" {
			if count["Yes"] != 1 || !hasEdge(doc, "Complete? -> In parallel [Yes]") || !hasEdge(doc, "In parallel -> Score risk") || !hasEdge(doc, "In parallel -> Estimate cost") {
				t.Errorf("labelled split: %v\n%s", edgeList(doc), out)
			}
			continue
		}
		if !hasEdge(doc, "Complete? -> Score risk") || !hasEdge(doc, "Complete? -> Estimate cost") || len(doc.Nodes) != 5 {
			t.Errorf("unlabelled split not dissolved: %v\n%s", edgeList(doc), out)
		}
	}
}

// TestConditionLabels: a condition expression labels its flow without
// the expression language's ${...} or #{...} wrapper.
func TestConditionLabels(t *testing.T) {
	for expr, want := range map[string]string{"${approved}": "approved", "#{ amount &gt; 1000 }": "amount > 1000", "approved == true": "approved == true"} {
		src := strings.Replace(pool, "%s", `<process id="p">
  <task id="a" name="Review"/>
  <exclusiveGateway id="g" name="Approve?"/>
  <task id="b" name="Pay"/>
  <task id="c" name="Refuse"/>
  <sequenceFlow id="f0" sourceRef="a" targetRef="g"/>
  <sequenceFlow id="f1" sourceRef="g" targetRef="b"><conditionExpression xsi:type="tFormalExpression">`+expr+`</conditionExpression></sequenceFlow>
  <sequenceFlow id="f2" name="Otherwise" sourceRef="g" targetRef="c"/>
</process>`, 1)
		doc, out := importSrc(t, src)
		if !hasEdge(doc, "Approve? -> Pay ["+want+"]") {
			t.Errorf("%s: want label %q: %v\n%s", expr, want, edgeList(doc), out)
		}
	}
}

// TestMessageFlowsFirst: a step that sends a message and then waits for
// the answer has its message flow written first, so that following the
// flow reaches the other pool's work before the answer is received.
func TestMessageFlowsFirst(t *testing.T) {
	src := strings.Replace(pool, "%s", `<collaboration id="c">
  <participant id="P1" name="Customer" processRef="p1"/>
  <participant id="P2" name="Shop" processRef="p2"/>
  <messageFlow id="m1" name="Order" sourceRef="send" targetRef="recv"/>
  <messageFlow id="m2" name="Invoice" sourceRef="bill" targetRef="wait"/>
</collaboration>
<process id="p1">
  <startEvent id="s1" name="Want"/>
  <task id="send" name="Send order"/>
  <intermediateCatchEvent id="wait" name="Invoice received"><messageEventDefinition/></intermediateCatchEvent>
  <sequenceFlow id="a1" sourceRef="s1" targetRef="send"/>
  <sequenceFlow id="a2" sourceRef="send" targetRef="wait"/>
</process>
<process id="p2">
  <startEvent id="recv" name="Order received"/>
  <task id="bill" name="Write invoice"/>
  <endEvent id="e2" name="Done"/>
  <sequenceFlow id="b1" sourceRef="recv" targetRef="bill"/>
  <sequenceFlow id="b2" sourceRef="bill" targetRef="e2"/>
</process>`, 1)
	doc, out := importSrc(t, src)
	order := map[string]int{}
	for i, e := range edgeList(doc) {
		order[e] = i + 1
	}
	for _, pair := range [][2]string{
		{"Send order -> Order received [Order]", "Send order -> Invoice received"},
		{"Write invoice -> Invoice received [Invoice]", "Write invoice -> Done"},
	} {
		if order[pair[0]] == 0 || order[pair[1]] == 0 || order[pair[0]] > order[pair[1]] {
			t.Errorf("want %q before %q: %v\n%s", pair[0], pair[1], edgeList(doc), out)
		}
	}
}

// TestUnnamedElementsSayWhatTheyAre: an element without a name (the
// start and end events, gateways and often whole processes a modeller
// leaves unnamed) is labelled with what it is, never with its generated
// ID ("StartEvent_1", "Gateway_1d9qz3k", "Process_1").
func TestUnnamedElementsSayWhatTheyAre(t *testing.T) {
	src := strings.Replace(pool, "%s", `<process id="Process_1">
  <startEvent id="StartEvent_1"/>
  <task id="Activity_0k2x" name="Check stock"/>
  <exclusiveGateway id="Gateway_1d9qz3k"/>
  <task id="Activity_1a" name="Ship"/>
  <serviceTask id="Activity_1b"/>
  <inclusiveGateway id="Gateway_0incl"/>
  <task id="Activity_2a" name="Email"/>
  <task id="Activity_2b" name="SMS"/>
  <exclusiveGateway id="Gateway_0x"/>
  <intermediateCatchEvent id="Event_0tmr"><timerEventDefinition/></intermediateCatchEvent>
  <intermediateThrowEvent id="Event_0msg"><messageEventDefinition/></intermediateThrowEvent>
  <endEvent id="Event_1end"/>
  <sequenceFlow id="f1" sourceRef="StartEvent_1" targetRef="Activity_0k2x"/>
  <sequenceFlow id="f2" sourceRef="Activity_0k2x" targetRef="Gateway_1d9qz3k"/>
  <sequenceFlow id="f3" name="in stock" sourceRef="Gateway_1d9qz3k" targetRef="Activity_1a"/>
  <sequenceFlow id="f4" name="missing" sourceRef="Gateway_1d9qz3k" targetRef="Activity_1b"/>
  <sequenceFlow id="f5" sourceRef="Activity_1a" targetRef="Gateway_0incl"/>
  <sequenceFlow id="f6" sourceRef="Gateway_0incl" targetRef="Activity_2a"/>
  <sequenceFlow id="f7" sourceRef="Gateway_0incl" targetRef="Activity_2b"/>
  <sequenceFlow id="f8" sourceRef="Activity_2a" targetRef="Gateway_0x"/>
  <sequenceFlow id="f9" sourceRef="Gateway_0x" targetRef="Event_0tmr"/>
  <sequenceFlow id="f10" sourceRef="Gateway_0x" targetRef="Event_0msg"/>
  <sequenceFlow id="f11" sourceRef="Event_0tmr" targetRef="Event_1end"/>
  <sequenceFlow id="f12" sourceRef="Activity_1b" targetRef="Event_1end"/>
</process>`, 1)
	doc, out := importSrc(t, src)
	var labels []string
	for _, n := range doc.Nodes {
		labels = append(labels, n.Label)
	}
	want := "Start|Check stock|in stock or missing?|Ship|Service task|Which apply?|Email|SMS|Which way?|Timer|Message sent|End"
	if got := strings.Join(labels, "|"); got != want {
		t.Errorf("labels %s, want %s:\n%s", got, want, out)
	}
	if len(doc.Lanes) != 1 || doc.Lanes[0].Label != "Process" {
		t.Errorf("the unnamed process should read Process:\n%s", out)
	}
	if strings.Contains(out, `label:"StartEvent_1"`) || strings.Contains(out, "# Process_1") {
		t.Errorf("generated IDs as labels:\n%s", out)
	}
}

// TestEveryOutcomeIsNamed: unnamed flows out of a gateway still name
// their outcome, as `flowzap check` asks of a decision: the default flow
// reads "else", and the ways out of an event-based gateway (whose flows a
// modeller never names) are named after the event each one waits for.
func TestEveryOutcomeIsNamed(t *testing.T) {
	src := strings.Replace(pool, "%s", `<process id="p">
  <userTask id="t1" name="Submit claim"/>
  <eventBasedGateway id="wait"/>
  <intermediateCatchEvent id="paid" name="Payout received"><messageEventDefinition/></intermediateCatchEvent>
  <intermediateCatchEvent id="late"><timerEventDefinition/></intermediateCatchEvent>
  <exclusiveGateway id="big" name="Over 1000?" default="f6"/>
  <task id="audit" name="Audit"/>
  <task id="file" name="File"/>
  <sequenceFlow id="f1" sourceRef="t1" targetRef="wait"/>
  <sequenceFlow id="f2" sourceRef="wait" targetRef="paid"/>
  <sequenceFlow id="f3" sourceRef="wait" targetRef="late"/>
  <sequenceFlow id="f4" sourceRef="paid" targetRef="big"/>
  <sequenceFlow id="f5" sourceRef="big" targetRef="audit"><conditionExpression>${amount > 1000}</conditionExpression></sequenceFlow>
  <sequenceFlow id="f6" sourceRef="big" targetRef="file"/>
</process>`, 1)
	doc, out := importSrc(t, src)
	for _, want := range []string{
		"Which comes first? -> Payout received [Payout received]",
		"Which comes first? -> Timer [Timer]",
		"Over 1000? -> Audit [amount > 1000]",
		"Over 1000? -> File [else]",
	} {
		if !hasEdge(doc, want) {
			t.Errorf("want %s: %v\n%s", want, edgeList(doc), out)
		}
	}
	for _, e := range doc.Edges {
		if e.From.Shape == model.Diamond && e.Label == "" {
			t.Errorf("outcome %s -> %s has no label:\n%s", e.From.Label, e.To.Label, out)
		}
	}
}

// TestCollapsedPoolKeepsItsMessages: a pool drawn collapsed (a
// participant with no process) becomes a lane, and each message to or
// from it a step there named after the message; they were dropped, with
// a warning, and the diagram lost who the process talks to.
func TestCollapsedPoolKeepsItsMessages(t *testing.T) {
	src := strings.Replace(pool, "%s", `<collaboration id="c">
  <participant id="Participant_Shop" name="Web shop" processRef="p"/>
  <participant id="Participant_Bank" name="Bank"/>
  <messageFlow id="m1" name="charge request" sourceRef="charge" targetRef="Participant_Bank"/>
  <messageFlow id="m2" sourceRef="Participant_Bank" targetRef="paid"/>
</collaboration>
<process id="p">
  <task id="charge" name="Charge card"/>
  <intermediateCatchEvent id="paid" name="Payment confirmed"><messageEventDefinition/></intermediateCatchEvent>
  <sequenceFlow id="f1" sourceRef="charge" targetRef="paid"/>
</process>`, 1)
	doc, out := importSrc(t, src)
	var lanes []string
	for _, l := range doc.Lanes {
		lanes = append(lanes, l.Label)
	}
	if strings.Join(lanes, ",") != "Web shop,Bank" {
		t.Errorf("lanes %v, want Web shop,Bank:\n%s", lanes, out)
	}
	for _, want := range []string{"Charge card -> charge request", "Message -> Payment confirmed", "Charge card -> Payment confirmed"} {
		if !hasEdge(doc, want) {
			t.Errorf("want %s: %v\n%s", want, edgeList(doc), out)
		}
	}
	if strings.Contains(out, "not carried over") {
		t.Errorf("a message to the collapsed pool was dropped:\n%s", out)
	}
}

// TestGeneratedLaneIDsGiveWay: a lane whose ID a modeller made up
// ("Lane_0k2x9a1", "Process_1") is identified in the code by its name
// (Reception.n1, not x0k2x9a1.n1); a meaningful ID stays.
func TestGeneratedLaneIDsGiveWay(t *testing.T) {
	src := strings.Replace(pool, "%s", `<collaboration id="Collaboration_1">
  <participant id="Participant_0v1x7" name="Clinic" processRef="Process_1"/>
  <participant id="Participant_1k9" name="Lab" processRef="Process_0z2"/>
</collaboration>
<process id="Process_1">
  <laneSet id="LaneSet_1">
    <lane id="Lane_0k2x9a1" name="Reception"><flowNodeRef>s</flowNodeRef></lane>
    <lane id="Lane_Nurses" name="Nurses"><flowNodeRef>a</flowNodeRef></lane>
  </laneSet>
  <startEvent id="s" name="Patient arrives"/>
  <task id="a" name="Take sample"/>
  <sequenceFlow id="f" sourceRef="s" targetRef="a"/>
</process>
<process id="Process_0z2">
  <task id="b" name="Analyse"/>
  <task id="c" name="Report"/>
  <sequenceFlow id="g" sourceRef="b" targetRef="c"/>
</process>`, 1)
	doc, out := importSrc(t, src)
	var ids []string
	for _, l := range doc.Lanes {
		ids = append(ids, l.ID)
	}
	if got := strings.Join(ids, ","); got != "Clinic_Reception,Nurses,Lab" {
		t.Errorf("lane IDs %s, want Clinic_Reception,Nurses,Lab:\n%s", got, out)
	}
}

// TestVerticalPool: in a pool drawn vertically (isHorizontal="false"),
// lanes are columns, read left to right, and steps are numbered top to
// bottom (they were read as stacked bands: lanes in file order, steps
// by their x).
func TestVerticalPool(t *testing.T) {
	doc, out := importFile(t, "vertical.bpmn")
	var lanes []string
	for _, l := range doc.Lanes {
		lanes = append(lanes, l.Label)
	}
	if got := strings.Join(lanes, ","); got != "Waiter,Chef" {
		t.Errorf("lanes %s, want Waiter,Chef:\n%s", got, out)
	}
	var nodes []string
	for _, n := range doc.Nodes {
		nodes = append(nodes, n.ID+"="+n.Label)
	}
	if got := strings.Join(nodes, ","); got != "n1=Take order,n2=Serve,n3=Cook" {
		t.Errorf("nodes %s:\n%s", got, out)
	}
}

// TestMessageIntoSubProcess: a message flow to or from a step inside a
// sub-process (drawn expanded, carried as one step) reaches the
// sub-process, with a warning naming the flow, rather than being dropped
// with the collapsed pool's steps left unconnected; an annotation drawn
// outside the pools (in the collaboration) is reported, not lost.
func TestMessageIntoSubProcess(t *testing.T) {
	src := strings.Replace(pool, "%s", `<collaboration id="c">
  <participant id="Participant_Bank" name="Bank"/>
  <participant id="Participant_Shop" name="Shop" processRef="p"/>
  <messageFlow id="m1" name="charge request" sourceRef="charge" targetRef="Participant_Bank"/>
  <messageFlow id="m2" sourceRef="Participant_Bank" targetRef="paid"/>
  <messageFlow id="m3" sourceRef="Participant_Bank" targetRef="Participant_Shop"/>
  <textAnnotation id="ta"><text>Bank is external</text></textAnnotation>
  <association id="as" sourceRef="ta" targetRef="Participant_Bank"/>
</collaboration>
<process id="p">
  <startEvent id="s" name="Checked out"/>
  <subProcess id="sp" name="Payment">
    <task id="charge" name="Charge card"/>
    <intermediateCatchEvent id="paid" name="Paid"><messageEventDefinition/></intermediateCatchEvent>
    <sequenceFlow id="i1" sourceRef="charge" targetRef="paid"/>
  </subProcess>
  <endEvent id="e" name="Done"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="sp"/>
  <sequenceFlow id="f2" sourceRef="sp" targetRef="e"/>
</process>`, 1)
	doc, out := importSrc(t, src)
	for _, want := range []string{"Payment -> charge request", "Message -> Payment", "Checked out -> Payment", "Payment -> Done"} {
		if !hasEdge(doc, want) {
			t.Errorf("want %s: %v\n%s", want, edgeList(doc), out)
		}
	}
	if len(doc.Nodes) != 5 {
		t.Errorf("%d nodes, want 5 (no step made for the message to a pool):\n%s", len(doc.Nodes), out)
	}
	for _, want := range []string{
		`x.bpmn:4:3: warning: message flow "m1" reaches "charge" inside sub-process "Payment": it reaches the sub-process`,
		`x.bpmn:6:3: warning: flow "m3" joins "Participant_Bank" and "Participant_Shop", which are not both steps: not carried over`,
		`x.bpmn:7:3: warning: text annotation kept as a comment`,
		"// Note: Bank is external",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in:\n%s", want, out)
		}
	}
}

// TestNestedLanesAndToolIDs: a lane nested in another keeps the outer
// lane's name in its label (Warehouse: Picking), and lanes whose IDs a
// tool made up with a leading underscore (Trisotech's "_6-L1") are
// identified by their names.
func TestNestedLanesAndToolIDs(t *testing.T) {
	src := strings.Replace(pool, "%s", `<process id="_6-1">
  <laneSet id="ls">
    <lane id="_6-L1" name="Sales"><flowNodeRef>a</flowNodeRef></lane>
    <lane id="_6-L2" name="Warehouse">
      <childLaneSet id="cls">
        <lane id="_6-L3" name="Picking"><flowNodeRef>b</flowNodeRef></lane>
        <lane id="_6-L4" name="Shipping"><flowNodeRef>c</flowNodeRef></lane>
      </childLaneSet>
    </lane>
  </laneSet>
  <task id="a" name="Take order"/>
  <task id="b" name="Pick"/>
  <task id="c" name="Ship"/>
  <sequenceFlow id="f1" sourceRef="a" targetRef="b"/>
  <sequenceFlow id="f2" sourceRef="b" targetRef="c"/>
</process>`, 1)
	doc, out := importSrc(t, src)
	var lanes []string
	for _, l := range doc.Lanes {
		lanes = append(lanes, l.ID+"="+l.Label)
	}
	if got := strings.Join(lanes, ","); got != "Sales=Sales,Warehouse_Picking=Warehouse: Picking,Warehouse_Shipping=Warehouse: Shipping" {
		t.Errorf("lanes %s:\n%s", got, out)
	}
}

// TestLinkEventsAndEventSubProcess: a link throw event leads on to the
// link catch event of the same name (the flow they cut in two is one
// again), and an event sub-process, which no flow reaches, is reached
// from its start event instead of standing alone.
func TestLinkEventsAndEventSubProcess(t *testing.T) {
	src := strings.Replace(pool, "%s", `<process id="p">
  <startEvent id="s" name="Invoice received"/>
  <intermediateThrowEvent id="lt" name="To approval"><linkEventDefinition name="approval"/></intermediateThrowEvent>
  <intermediateCatchEvent id="lc" name="Approval"><linkEventDefinition name="approval"/></intermediateCatchEvent>
  <intermediateThrowEvent id="lt2"><linkEventDefinition name="nowhere"/></intermediateThrowEvent>
  <task id="a" name="Approve"/>
  <subProcess id="esp" name="Handle cancellation" triggeredByEvent="true">
    <startEvent id="cs" name="Cancel requested"><messageEventDefinition/></startEvent>
    <task id="u" name="Undo"/>
    <sequenceFlow id="i1" sourceRef="cs" targetRef="u"/>
  </subProcess>
  <sequenceFlow id="f1" sourceRef="s" targetRef="lt"/>
  <sequenceFlow id="f2" sourceRef="lc" targetRef="a"/>
  <sequenceFlow id="f3" sourceRef="a" targetRef="lt2"/>
</process>`, 1)
	doc, out := importSrc(t, src)
	want := []string{"Invoice received -> To approval", "To approval -> Approval", "Approval -> Approve", "Approve -> Link", "Cancel requested -> Handle cancellation"}
	if got := edgeList(doc); strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("edges %v, want %v:\n%s", got, want, out)
	}
}

// TestNamedJoinCompensationAndUUIDs: a named gateway that only joins
// flows ("Merge") is dissolved with a warning (a decision with one way
// out is what flowzap check warns of); a compensation task, reached only
// by an association from its compensation event, is reached by an edge;
// lane IDs around a UUID (Bizagi's "Id_...") give way to the lanes' names.
func TestNamedJoinCompensationAndUUIDs(t *testing.T) {
	src := strings.Replace(pool, "%s", `<process id="Id_9a8b7c6d-1111-2222-3333-444455556666" name="Claims">
  <laneSet id="ls">
    <lane id="Id_aaaa1111-0000-0000-0000-000000000001" name="Employee"><flowNodeRef>s</flowNodeRef><flowNodeRef>x</flowNodeRef><flowNodeRef>a</flowNodeRef><flowNodeRef>b</flowNodeRef><flowNodeRef>m</flowNodeRef><flowNodeRef>pay</flowNodeRef><flowNodeRef>bc</flowNodeRef><flowNodeRef>undo</flowNodeRef></lane>
  </laneSet>
  <startEvent id="s" name="Start"/>
  <exclusiveGateway id="x" name="Urgent?"/>
  <task id="a" name="Fast track"/>
  <task id="b" name="Queue"/>
  <exclusiveGateway id="m" name="Merge"/>
  <task id="pay" name="Pay"/>
  <boundaryEvent id="bc" attachedToRef="pay"><compensateEventDefinition/></boundaryEvent>
  <task id="undo" name="Reverse payment" isForCompensation="true"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="x"/>
  <sequenceFlow id="f2" name="yes" sourceRef="x" targetRef="a"/>
  <sequenceFlow id="f3" name="no" sourceRef="x" targetRef="b"/>
  <sequenceFlow id="f4" sourceRef="a" targetRef="m"/>
  <sequenceFlow id="f5" sourceRef="b" targetRef="m"/>
  <sequenceFlow id="f6" sourceRef="m" targetRef="pay"/>
  <association id="as" sourceRef="bc" targetRef="undo" associationDirection="One"/>
</process>`, 1)
	doc, out := importSrc(t, src)
	for _, want := range []string{"Fast track -> Pay", "Queue -> Pay", "Compensation -> Reverse payment"} {
		if !hasEdge(doc, want) {
			t.Errorf("want %s: %v\n%s", want, edgeList(doc), out)
		}
	}
	if want := `x.bpmn:9:3: warning: gateway "Merge" joins 2 flows into one: its flows are joined, its name is not carried over`; !strings.Contains(out, want) {
		t.Errorf("want %q in:\n%s", want, out)
	}
	if doc.Lanes[0].ID != "Employee" {
		t.Errorf("lane ID %s, want Employee:\n%s", doc.Lanes[0].ID, out)
	}
}

// TestEmptyPoolKeepsItsMessages: a pool drawn open but left empty (its
// process has no step: the customer, in a model of the support desk) is
// read as a collapsed pool, a lane with a step for each message; its
// messages were dropped, and the pool with them, without a word.
func TestEmptyPoolKeepsItsMessages(t *testing.T) {
	src := strings.Replace(pool, "%s", `<collaboration id="c">
  <participant id="Participant_1x" name="Customer" processRef="Process_0a"/>
  <participant id="Participant_2y" name="Support desk" processRef="Process_0b"/>
  <participant id="Participant_3z" name="Auditor" processRef="Process_0c"/>
  <messageFlow id="m1" name="ticket" sourceRef="Participant_1x" targetRef="s"/>
  <messageFlow id="m2" name="answer" sourceRef="r" targetRef="Participant_1x"/>
</collaboration>
<process id="Process_0a"/>
<process id="Process_0c"/>
<process id="Process_0b">
  <startEvent id="s" name="Ticket in"/>
  <task id="r" name="Reply"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="r"/>
</process>`, 1)
	doc, out := importSrc(t, src)
	for _, want := range []string{"ticket -> Ticket in", "Reply -> answer", "Ticket in -> Reply"} {
		if !hasEdge(doc, want) {
			t.Errorf("want %s: %v\n%s", want, edgeList(doc), out)
		}
	}
	if want := `x.bpmn:4:3: warning: pool "Auditor" has no process and sends or receives no message: not carried over`; !strings.Contains(out, want) {
		t.Errorf("want %q in:\n%s", want, out)
	}
}

// TestStepNotListedInALane: a step that no lane lists (a tool forgot
// its flowNodeRef) goes in the lane it is drawn in, not in a lane of
// its own named after the pool.
func TestStepNotListedInALane(t *testing.T) {
	src := `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC">
<process id="p" name="Shop">
  <laneSet id="ls">
    <lane id="Lane_a" name="Sales"><flowNodeRef>s</flowNodeRef></lane>
    <lane id="Lane_b" name="Stock"><flowNodeRef>r</flowNodeRef></lane>
  </laneSet>
  <startEvent id="s" name="Order"/>
  <task id="r" name="Reserve"/>
  <task id="c" name="Confirm"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="r"/>
  <sequenceFlow id="f2" sourceRef="r" targetRef="c"/>
</process>
<bpmndi:BPMNDiagram><bpmndi:BPMNPlane bpmnElement="p">
  <bpmndi:BPMNShape bpmnElement="Lane_a"><dc:Bounds x="30" y="0" width="600" height="150"/></bpmndi:BPMNShape>
  <bpmndi:BPMNShape bpmnElement="Lane_b"><dc:Bounds x="30" y="150" width="600" height="150"/></bpmndi:BPMNShape>
  <bpmndi:BPMNShape bpmnElement="s"><dc:Bounds x="80" y="50" width="36" height="36"/></bpmndi:BPMNShape>
  <bpmndi:BPMNShape bpmnElement="r"><dc:Bounds x="200" y="190" width="100" height="80"/></bpmndi:BPMNShape>
  <bpmndi:BPMNShape bpmnElement="c"><dc:Bounds x="400" y="40" width="100" height="80"/></bpmndi:BPMNShape>
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</definitions>`
	doc, out := importSrc(t, src)
	var got []string
	for _, l := range doc.Lanes {
		s := l.Label + ":"
		for _, n := range doc.Nodes {
			if n.Lane == l {
				s += " " + n.Label
			}
		}
		got = append(got, s)
	}
	if want := "Sales: Order Confirm, Stock: Reserve"; strings.Join(got, ", ") != want {
		t.Errorf("lanes %q, want %q:\n%s", got, want, out)
	}
}
