package bpmn_test

import (
	"bytes"
	"encoding/xml"
	"math"
	"slices"
	"strings"
	"testing"

	"flowzap/internal/interchange/bpmn"
	"flowzap/internal/interchange/ixtest"
	"flowzap/internal/model"
	"flowzap/internal/pipeline"
)

// TestRoundTrip: FlowZap -> BPMN -> FlowZap keeps lanes (IDs and labels),
// nodes, shapes, labels, taskbox details, edges and loops for every
// example and template, although the export adds the start/end events
// and gateways that BPMN requires.
func TestRoundTrip(t *testing.T) {
	ixtest.RoundTrip(t, "../../..", "bpmn", bpmn.Import, ixtest.Options{Taskbox: true, LaneIDs: true})
}

func importFile(t *testing.T, name string) (*model.Document, string) {
	t.Helper()
	return ixtest.ImportFile(t, name, bpmn.Import)
}

// TestImportModelerFile reads a two-pool file as a modelling tool writes
// it: lanes in picture order, the vendor pool as its own lane, unnamed
// join and parallel gateways dissolved into plain edges, the message flow
// kept, conditions and defaults as labels, and each element FlowZap
// cannot carry reported at its line.
func TestImportModelerFile(t *testing.T) {
	doc, out := importFile(t, "purchase.bpmn")
	var lanes []string
	for _, l := range doc.Lanes {
		lanes = append(lanes, l.Label)
	}
	if strings.Join(lanes, ",") != "Company: Requester,Company: Procurement,Vendor" {
		t.Errorf("lanes %v:\n%s", lanes, out)
	}
	byLabel := map[string]*model.Node{}
	for _, n := range doc.Nodes {
		byLabel[n.Label] = n
	}
	for label, shape := range map[string]model.Shape{"Need identified": model.Circle, "Fill purchase request": model.Taskbox,
		"Within budget?": model.Diamond, "Reject & notify": model.Rectangle, "Order received": model.Circle, "Issue invoice": model.Rectangle} {
		if n := byLabel[label]; n == nil || n.Shape != shape {
			t.Errorf("%q: want a %s:\n%s", label, shape, out)
		}
	}
	if len(doc.Nodes) != 10 {
		t.Errorf("%d nodes, want 10 (unnamed gateways dissolved):\n%s", len(doc.Nodes), out)
	}
	edges := map[string]string{}
	for _, e := range doc.Edges {
		edges[e.From.Label+" -> "+e.To.Label] = e.Label
	}
	for k, v := range map[string]string{
		"Within budget? -> Send purchase order":   "yes",
		"Send purchase order -> Request closed":   "",
		"Reject & notify -> Request closed":       "",
		"Send purchase order -> Order received":   "purchase order",
		"Order received -> Ship goods":            "",
		"Order received -> Issue invoice":         "",
		"Ship goods -> Order fulfilled":           "",
		"Within budget? -> Reject & notify":       "else", // the default flow
		"Fill purchase request -> Within budget?": "",
	} {
		if got, ok := edges[k]; !ok || got != v {
			t.Errorf("edge %s: got %q (present %v), want %q:\n%s", k, got, ok, v, out)
		}
	}
	if byLabel["Fill purchase request"].Description != "Uses the intranet form" {
		t.Errorf("documentation lost:\n%s", out)
	}
	for _, want := range []string{
		"purchase.bpmn:61:5: warning: data object \"Purchase order\" not carried over",
		"purchase.bpmn:62:5: warning: data object with id \"Data_PO\" not carried over",
		"purchase.bpmn:63:5: warning: text annotation kept as a comment",
		"purchase.bpmn:7:5: warning: flow \"MsgFlow_Invoice\" joins \"Task_Invoice\" and \"Pool_Company\"",
		"// Note: Budget limits come from finance every quarter",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

func TestImportErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"<definitions><process id=\"p\"><task id=\"a\" name=\"A\"></process></definitions>", "x.bpmn:1:62: error: XML syntax error: element <task> closed by </process>"},
		{"<svg/>", "x.bpmn:1:1: error: found <svg> as the root element: expected BPMN <definitions>"},
		{"<definitions/>", "no <process> in the BPMN file"},
		{"<!DOCTYPE d [<!ENTITY a \"aaaa\">]><definitions/>", "XML entity declarations are not accepted"},
		{"<?xml version=\"1.0\" encoding=\"EUC-JP\"?><definitions/>", "x.bpmn:1:31: error: found the encoding \"EUC-JP\": expected UTF-8, UTF-16, ISO-8859-1 or Windows-1252 (save the file as UTF-8)"},
	} {
		res := bpmn.Import("x.bpmn", []byte(tc.src))
		var e strings.Builder
		_ = res.Diags.Print(&e, res.Src)
		if res.OK() || !strings.Contains(e.String(), tc.want) {
			t.Errorf("%s: want %q in:\n%s", tc.src, tc.want, e.String())
		}
	}
}

// TestImportWarningsNameWhatTheySay: an element without a name is named
// by its id in a warning (not by ""), and a step listed in two lanes is
// reported where the second lane lists it.
func TestImportWarningsNameWhatTheySay(t *testing.T) {
	src := `<definitions><process id="p">
<startEvent id="s" name="Go"/>
<subProcess id="sp"><task id="inner" name="Inner"/></subProcess>
<sequenceFlow id="f" sourceRef="s" targetRef="sp"/>
<laneSet><lane id="A" name="A"><flowNodeRef>s</flowNodeRef></lane><lane id="B" name="B"><flowNodeRef>s</flowNodeRef><flowNodeRef>sp</flowNodeRef></lane></laneSet>
</process></definitions>`
	res := bpmn.Import("x.bpmn", []byte(src))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	if !res.OK() {
		t.Fatalf("import failed:\n%s", e.String())
	}
	for _, want := range []string{
		`x.bpmn:3:1: warning: the steps inside sub-process with id "sp" are not carried over`,
		`x.bpmn:5:89: warning: step "s" is listed in lane "A" and again in lane "B"`,
	} {
		if !strings.Contains(e.String(), want) {
			t.Errorf("want %q in:\n%s", want, e.String())
		}
	}
	if strings.Contains(e.String(), `""`) {
		t.Errorf("a warning names an element \"\":\n%s", e.String())
	}
}

// TestLoopOutline: a loop whose frame the workflow view draws as an
// outline (its box would take in steps not the loop's) stays a text
// annotation associated with its steps, with no group around them (a
// group is a rectangle, which would take in the other steps). The
// annotation sits above the outline's top-left corner: it overlaps no
// shape, and the step nearest to it is one of the loop's (above the
// box's corner it would stand by a step that is not).
func TestLoopOutline(t *testing.T) {
	out, lp, others := ixtest.Outlined(t, "../../..", "bpmn")
	var defs struct {
		Groups []struct{} `xml:"process>group"`
		Shapes []struct {
			Element string `xml:"bpmnElement,attr"`
			Bounds  struct {
				X float64 `xml:"x,attr"`
				Y float64 `xml:"y,attr"`
				W float64 `xml:"width,attr"`
				H float64 `xml:"height,attr"`
			} `xml:"Bounds"`
		} `xml:"BPMNDiagram>BPMNPlane>BPMNShape"`
	}
	if err := xml.Unmarshal(out, &defs); err != nil {
		t.Fatal(err)
	}
	if len(defs.Groups) > 0 {
		t.Errorf("%d groups: a group's rectangle takes in %v", len(defs.Groups), others)
	}
	type box struct{ x, y, w, h float64 }
	var note *box
	steps := map[string]box{}
	for _, s := range defs.Shapes {
		b := box{s.Bounds.X, s.Bounds.Y, s.Bounds.W, s.Bounds.H}
		switch {
		case s.Element == "Loop_1":
			note = &b
		case s.Element == "Participant_1" || strings.HasPrefix(s.Element, "Lane_"):
		default:
			steps[s.Element] = b
		}
	}
	if note == nil {
		t.Fatalf("no annotation shape:\n%s", out)
	}
	// gap is the distance between two boxes (0 when they overlap).
	gap := func(a, b box) float64 {
		dx := max(0, a.x-(b.x+b.w), b.x-(a.x+a.w))
		dy := max(0, a.y-(b.y+b.h), b.y-(a.y+a.h))
		return math.Hypot(dx, dy)
	}
	nearest, best := "", math.Inf(1)
	for id, b := range steps {
		d := gap(*note, b)
		if d == 0 {
			t.Errorf("the annotation %+v overlaps %s %+v", *note, id, b)
		}
		if d < best {
			nearest, best = id, d
		}
	}
	if !slices.Contains(lp.Nodes, nearest) {
		t.Errorf("the annotation %+v stands nearest to %s, not to a step of the loop %v", *note, nearest, lp.Nodes)
	}
	doc, log := ixtest.Import(t, "x.bpmn", out, bpmn.Import)
	if len(doc.Loops) != 1 || doc.Loops[0].Condition != "until reviewed" || len(doc.Loops[0].Nodes) != 2 {
		t.Errorf("loop not kept:\n%s", log)
	}
}

// TestLaneIDsWithoutASCII: lanes whose IDs have no ASCII letter or digit
// (клиент, 服务) are exported with numbered IDs and come back as lanes,
// each holding its own steps; a file whose lane ID is "Lane_" alone
// keeps that lane too.
func TestLaneIDsWithoutASCII(t *testing.T) {
	src := []byte(`клиент { # Клиент
  n1: circle label:"Старт"
  n1.handle(bottom) -> 服务.n2.handle(top)
}
服务 { # 服务
  n2: rectangle label:"处理"
  n2.handle(bottom) -> 仓库.n3.handle(top)
}
仓库 { # 仓库
  n3: circle label:"完成"
}
`)
	orig, err := ixtest.Compile("uni.fz", src, false)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := pipeline.ExportAs(&b, pipeline.Check("uni.fz", src, pipeline.Options{}), "bpmn"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), `id="Lane_"`) || strings.Contains(b.String(), `id="Lane__`) {
		t.Errorf("lane IDs without a name of their own:\n%s", b.String())
	}
	back, out := ixtest.Import(t, "uni.bpmn", b.Bytes(), bpmn.Import)
	for _, d := range ixtest.Diff(orig, back, ixtest.Options{}) {
		t.Errorf("%s\n%s", d, out)
	}
	file := strings.Replace(b.String(), `id="Lane_1"`, `id="Lane_"`, 1)
	back, out = ixtest.Import(t, "bare.bpmn", []byte(file), bpmn.Import)
	if len(back.Lanes) != 3 || back.Lanes[0].Label != "Клиент" || len(back.Lanes[0].Nodes) != 1 {
		t.Errorf("lane \"Lane_\" lost:\n%s", out)
	}
}

// TestImportLatin1: a file that declares ISO-8859-1 (older modelling
// tools write one) is read, its accented names whole, and a warning
// about it points at the right column of the right line.
func TestImportLatin1(t *testing.T) {
	src := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process id=\"p\">\n" +
		"<startEvent id=\"s\" name=\"Commande re\xe7ue\"/><task id=\"t\" name=\"Pr\xfcfen\"/><sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"t\"/>\n" +
		"<dataStoreReference id=\"d\" name=\"Archiv\"/></process></definitions>\n"
	doc, out := ixtest.Import(t, "l1.bpmn", []byte(src), bpmn.Import)
	if len(doc.Nodes) != 2 || doc.Nodes[0].Label != "Commande reçue" || doc.Nodes[1].Label != "Prüfen" {
		t.Errorf("labels:\n%s", out)
	}
	if !strings.Contains(out, "l1.bpmn:4:1: warning: data store") {
		t.Errorf("want the warning at 4:1:\n%s", out)
	}
}

// TestImportReportsPoolsLeftOut: a pool with no process that exchanges
// no message, and one naming a process the file lacks, are reported
// (they were left out without a word).
func TestImportReportsPoolsLeftOut(t *testing.T) {
	src := `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><collaboration id="c">` +
		`<participant id="pA" name="Shop" processRef="p"/><participant id="pB" name="Supplier"/><participant id="pC" name="Ghost" processRef="nowhere"/></collaboration>` +
		`<process id="p"><startEvent id="s"/><task id="t" name="Sell"/><sequenceFlow id="f" sourceRef="s" targetRef="t"/></process></definitions>`
	_, out := ixtest.Import(t, "pools.bpmn", []byte(src), bpmn.Import)
	for _, want := range []string{
		`warning: pool "Supplier" has no process and sends or receives no message: not carried over`,
		`warning: pool "Ghost" names the process "nowhere", which the file does not have: not carried over`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in:\n%s", want, out)
		}
	}
}

// TestImportUnnamedEventsSayTheirKind: an unnamed start or end event of
// a kind (timer, message, error, terminate) is labelled with it, not
// with a plain Start or End.
func TestImportUnnamedEventsSayTheirKind(t *testing.T) {
	src := `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">` +
		`<startEvent id="s"><timerEventDefinition/></startEvent><startEvent id="s2"><messageEventDefinition/></startEvent><task id="t" name="Work"/>` +
		`<endEvent id="e1"><errorEventDefinition/></endEvent><endEvent id="e2"><terminateEventDefinition/></endEvent><endEvent id="e3"/><endEvent id="e4"><messageEventDefinition/></endEvent>` +
		`<sequenceFlow id="f1" sourceRef="s" targetRef="t"/><sequenceFlow id="f0" sourceRef="s2" targetRef="t"/><sequenceFlow id="f2" sourceRef="t" targetRef="e1"/>` +
		`<sequenceFlow id="f3" sourceRef="t" targetRef="e2"/><sequenceFlow id="f4" sourceRef="t" targetRef="e3"/><sequenceFlow id="f5" sourceRef="t" targetRef="e4"/></process></definitions>`
	doc, out := ixtest.Import(t, "ev.bpmn", []byte(src), bpmn.Import)
	var got []string
	for _, n := range doc.Nodes {
		got = append(got, n.Label)
	}
	if strings.Join(got, ",") != "Timer,Message received,Work,Error,Terminate,End,Message sent" {
		t.Errorf("labels %q:\n%s", got, out)
	}
}
