package drawio_test

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/xml"
	"io"
	"math"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"flowzap/internal/interchange/drawio"
	"flowzap/internal/interchange/ixtest"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
)

// TestRoundTrip: FlowZap -> draw.io -> FlowZap keeps lanes (IDs and labels),
// nodes, shapes, labels, taskbox details, edges and loops for every
// example and template.
func TestRoundTrip(t *testing.T) {
	ixtest.RoundTrip(t, "../../..", "drawio", drawio.Import, ixtest.Options{Taskbox: true, LaneIDs: true})
}

func importFile(t *testing.T, name string) (*model.Document, string) {
	t.Helper()
	return ixtest.ImportFile(t, name, drawio.Import)
}

// TestImportHandMade reads a diagrams.net file drawn by hand: a pool
// with three lanes, shapes placed by hand, connectors with a value or an
// edge-label child, free text, a dangling connector and a second page.
func TestImportHandMade(t *testing.T) {
	doc, out := importFile(t, "hiring.drawio")
	checkHiring(t, doc, out)
	if !strings.Contains(out, "hiring.drawio:37:9: warning: text \"SLA: answer within 5 days\" kept as a comment") ||
		!strings.Contains(out, "warning: connector \"x9\" is not connected at both ends: not carried over") ||
		!strings.Contains(out, "hiring.drawio:88:3: warning: page \"Notes\" not carried over") {
		t.Errorf("missing diagnostics:\n%s", out)
	}
}

func checkHiring(t *testing.T, doc *model.Document, out string) {
	t.Helper()
	var lanes []string
	for _, l := range doc.Lanes {
		lanes = append(lanes, l.ID+"="+l.Label)
	}
	if strings.Join(lanes, ",") != "Hiring_manager=Hiring manager,Recruiting=Recruiting,Candidate=Candidate" {
		t.Errorf("lanes %v:\n%s", lanes, out)
	}
	want := map[string]model.Shape{"Open role": model.Circle, "Write job description": model.Rectangle, "Hire?": model.Diamond,
		"Screen CVs": model.Rectangle, "Send offer": model.Rectangle, "Interview": model.Rectangle, "Signed": model.Circle}
	got := map[string]*model.Node{}
	for _, n := range doc.Nodes {
		got[n.Label] = n
	}
	for l, s := range want {
		if got[l] == nil || got[l].Shape != s {
			t.Errorf("%q: want %s:\n%s", l, s, out)
		}
	}
	if len(doc.Nodes) != 8 || len(doc.Edges) != 8 {
		t.Errorf("%d nodes, %d edges; want 8 and 8:\n%s", len(doc.Nodes), len(doc.Edges), out)
	}
	labels := map[string]string{}
	for _, e := range doc.Edges {
		labels[e.From.Label+">"+e.To.Label] = e.Label
	}
	if labels["Interview>Hire?"] != "feedback" || labels["Hire?>Send offer"] != "yes" || labels["Write job description>Screen CVs"] != "posting" {
		t.Errorf("edge labels %v", labels)
	}
	// Nodes are numbered by position: the pool's lanes top to bottom, each
	// left to right.
	if got["Open role"].ID != "n1" || got["Write job description"].ID != "n2" || got["Hire?"].ID != "n3" {
		t.Errorf("numbering:\n%s", out)
	}
}

// TestImportCompressed reads the same file saved compressed (deflate,
// base64, URL encoding), as older diagrams.net versions save by default.
func TestImportCompressed(t *testing.T) {
	src, err := os.ReadFile("testdata/hiring.drawio")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	i, j := strings.Index(s, "<mxGraphModel"), strings.Index(s, "</mxGraphModel>")+len("</mxGraphModel>")
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	w.Write([]byte(url.PathEscape(s[i:j])))
	w.Close()
	comp := s[:i] + base64.StdEncoding.EncodeToString(buf.Bytes()) + s[j:]
	res := drawio.Import("packed.drawio", []byte(comp))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	if !res.OK() {
		t.Fatalf("import failed:\n%s", e.String())
	}
	doc, err := ixtest.Compile("packed.fz", res.Code, true)
	if err != nil {
		t.Fatal(err)
	}
	checkHiring(t, doc, string(res.Code)+e.String())
}

func TestImportErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"<mxfile><diagram name=\"P\">!!!</diagram></mxfile>", "x.drawio:1:9: error: page \"P\" cannot be decompressed: not base64"},
		{"<html/>", "x.drawio:1:1: error: found <html> as the root element: expected a draw.io <mxfile>"},
		{"<svg/>", "x.drawio:1:1: error: found an SVG picture without a draw.io diagram in it"},
		{"<mxfile>\n<diagram>", "x.drawio:2:10: error: XML syntax error"},
		{"<mxfile/>", "the mxfile has no <diagram> page"},
	} {
		res := drawio.Import("x.drawio", []byte(tc.src))
		var e strings.Builder
		_ = res.Diags.Print(&e, res.Src)
		if res.OK() || !strings.Contains(e.String(), tc.want) {
			t.Errorf("%s: want %q in:\n%s", tc.src, tc.want, e.String())
		}
	}
}

// TestArrowheadsSayTheDirection: a connector points where its arrowhead
// is, whichever end it was drawn from; one with arrowheads at both ends
// is carried over from its source, with a warning.
func TestArrowheadsSayTheDirection(t *testing.T) {
	src := `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="a" value="Cart" style="rounded=0;" vertex="1" parent="1"><mxGeometry x="0" y="0" width="80" height="40" as="geometry"/></mxCell>
<mxCell id="b" value="Checkout" style="rounded=0;" vertex="1" parent="1"><mxGeometry x="200" y="0" width="80" height="40" as="geometry"/></mxCell>
<mxCell id="c" value="Receipt" style="rounded=0;" vertex="1" parent="1"><mxGeometry x="400" y="0" width="80" height="40" as="geometry"/></mxCell>
<mxCell id="d" value="Archive" style="rounded=0;" vertex="1" parent="1"><mxGeometry x="600" y="0" width="80" height="40" as="geometry"/></mxCell>
<mxCell id="e1" value="pay" edge="1" parent="1" source="b" target="a" style="endArrow=none;startArrow=classic;"><mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="e2" edge="1" parent="1" source="b" target="c" style="endArrow=block;"><mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="e3" edge="1" parent="1" source="c" target="d" style="startArrow=classic;endArrow=classic;"><mxGeometry relative="1" as="geometry"/></mxCell>
</root></mxGraphModel>`
	doc, out := ixtest.Import(t, "x.drawio", []byte(src), drawio.Import)
	if got, want := edgeList(doc), "Checkout -> Receipt [], Receipt -> Archive [], Cart -> Checkout [pay]"; !sameSet(got, want) {
		t.Errorf("edges %s, want %s:\n%s", got, want, out)
	}
	if !strings.Contains(out, `x.drawio:8:1: warning: connector "e3" has arrowheads at both ends`) {
		t.Errorf("no warning for the two-headed connector:\n%s", out)
	}
}

// edgeList writes doc's edges as "From -> To [label]", comma-separated.
func edgeList(doc *model.Document) string {
	var edges []string
	for _, ed := range doc.Edges {
		edges = append(edges, ed.From.Label+" -> "+ed.To.Label+" ["+ed.Label+"]")
	}
	return strings.Join(edges, ", ")
}

func sameSet(a, b string) bool {
	x, y := strings.Split(a, ", "), strings.Split(b, ", ")
	if len(x) != len(y) {
		return false
	}
	seen := map[string]int{}
	for _, s := range x {
		seen[s]++
	}
	for _, s := range y {
		seen[s]--
		if seen[s] < 0 {
			return false
		}
	}
	return true
}

// TestImportPoolsGroupsAndDivs reads a page as diagrams.net draws it: a
// collapsed pool beside a pool with lanes (whose lanes keep the pool's
// name), shapes inside a group (a container, not a shape to report), and
// a label whose second line is a <div> ("Investigate<div>and fix</div>"
// read "Investigateand fix").
func TestImportPoolsGroupsAndDivs(t *testing.T) {
	doc, out := importFile(t, "support.drawio")
	var lanes []string
	for _, l := range doc.Lanes {
		lanes = append(lanes, l.Label)
	}
	if got := strings.Join(lanes, "|"); got != "Customer|Support team: Level 1|Support team: Level 2" {
		t.Errorf("lanes %s:\n%s", got, out)
	}
	labels := map[string]bool{}
	for _, n := range doc.Nodes {
		labels[n.Label] = true
	}
	for _, want := range []string{"Investigate and fix", "Triage", "Known issue?"} {
		if !labels[want] {
			t.Errorf("no node %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "warning") {
		t.Errorf("unexpected warnings:\n%s", out)
	}
}

// TestDecisionOutcomesAreNamed: an unnamed connector out of a rhombus
// beside named ones reads "else"; when none is named, each is named after
// the step it reaches, so the imported file checks without FZ204.
func TestDecisionOutcomesAreNamed(t *testing.T) {
	cell := func(id, value, style string, x int) string {
		return `<mxCell id="` + id + `" value="` + value + `" style="` + style + `" vertex="1" parent="1"><mxGeometry x="` + strconv.Itoa(x) + `" y="0" width="80" height="40" as="geometry"/></mxCell>`
	}
	edge := func(id, value, from, to string) string {
		return `<mxCell id="` + id + `" value="` + value + `" edge="1" parent="1" source="` + from + `" target="` + to + `"><mxGeometry relative="1" as="geometry"/></mxCell>`
	}
	src := `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		cell("d1", "Paid?", "rhombus;", 0) + cell("a", "Ship", "", 100) + cell("b", "Remind", "", 200) +
		cell("d2", "Channel?", "rhombus;", 300) + cell("c", "Email", "", 400) + cell("e", "SMS", "", 500) +
		edge("e1", "Yes", "d1", "a") + edge("e2", "", "d1", "b") + edge("e3", "", "b", "d2") +
		edge("e4", "", "d2", "c") + edge("e5", "", "d2", "e") +
		`</root></mxGraphModel>`
	doc, out := ixtest.Import(t, "x.drawio", []byte(src), drawio.Import)
	want := "Paid? -> Ship [Yes], Paid? -> Remind [else], Remind -> Channel? [], Channel? -> Email [Email], Channel? -> SMS [SMS]"
	if got := edgeList(doc); !sameSet(got, want) {
		t.Errorf("edges %s, want %s:\n%s", got, want, out)
	}
}

// TestColumnLanesReadDownwards: in lanes drawn as columns, the steps of
// a lane are numbered top to bottom, whatever their x (a step placed a
// little to the left, further down, came first).
func TestColumnLanesReadDownwards(t *testing.T) {
	src := `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="L1" value="Shopper" style="swimlane;startSize=30;" vertex="1" parent="1"><mxGeometry x="0" y="0" width="200" height="500" as="geometry"/></mxCell>
<mxCell id="L2" value="Shop" style="swimlane;startSize=30;" vertex="1" parent="1"><mxGeometry x="200" y="0" width="200" height="500" as="geometry"/></mxCell>
<mxCell id="a" value="Add to cart" vertex="1" parent="L1"><mxGeometry x="60" y="60" width="120" height="50" as="geometry"/></mxCell>
<mxCell id="b" value="Check out" vertex="1" parent="L1"><mxGeometry x="40" y="260" width="120" height="50" as="geometry"/></mxCell>
<mxCell id="c" value="Reserve stock" vertex="1" parent="L2"><mxGeometry x="40" y="160" width="120" height="50" as="geometry"/></mxCell>
<mxCell id="e1" edge="1" parent="1" source="a" target="c"><mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="e2" edge="1" parent="1" source="c" target="b"><mxGeometry relative="1" as="geometry"/></mxCell>
</root></mxGraphModel>`
	doc, out := ixtest.Import(t, "x.drawio", []byte(src), drawio.Import)
	var nodes []string
	for _, n := range doc.Nodes {
		nodes = append(nodes, n.ID+"="+n.Label)
	}
	if got := strings.Join(nodes, ","); got != "n1=Add to cart,n2=Check out,n3=Reserve stock" {
		t.Errorf("nodes %s:\n%s", got, out)
	}
}

// TestLoopOutline: a loop frame that the workflow view draws as an
// outline (its box would take in steps not the loop's) is exported as a
// shape drawing that outline, corner for corner, on the frame's box, so
// that it takes in none of those steps; the title sits in the outline's
// top-left corner; the file imports back with the loop.
func TestLoopOutline(t *testing.T) {
	out, lp, others := ixtest.Outlined(t, "../../..", "drawio")
	m := regexp.MustCompile(`(?s)<object id="fz_loop_1"[^>]*>\s*<mxCell style="([^"]*)"[^>]*>\s*<mxGeometry x="([^"]*)" y="([^"]*)" width="([^"]*)" height="([^"]*)"`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no loop cell:\n%s", out)
	}
	style := string(m[1])
	var geo [4]float64
	for i := range geo {
		geo[i], _ = strconv.ParseFloat(string(m[2+i]), 64)
	}
	if geo != [4]float64{lp.X, lp.Y, lp.W, lp.H} {
		t.Errorf("geometry %v, want the frame's box %+v", geo, lp.Box)
	}
	sm := regexp.MustCompile(`(?:^|;)shape=stencil\(([^)]*)\)`).FindStringSubmatch(style)
	if sm == nil {
		t.Fatalf("the loop is drawn as its box (style %q), which takes in %v", style, others)
	}
	raw, err := base64.StdEncoding.DecodeString(sm[1])
	if err != nil {
		t.Fatal(err)
	}
	inflated, err := io.ReadAll(flate.NewReader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatal(err)
	}
	stencilXML, err := url.PathUnescape(string(inflated))
	if err != nil {
		t.Fatal(err)
	}
	var shape struct {
		W    float64 `xml:"w,attr"`
		H    float64 `xml:"h,attr"`
		Path struct {
			Quads []struct {
				X1 float64 `xml:"x1,attr"`
				Y1 float64 `xml:"y1,attr"`
			} `xml:"quad"`
		} `xml:"foreground>path"`
	}
	if err := xml.Unmarshal([]byte(stencilXML), &shape); err != nil {
		t.Fatalf("%v:\n%s", err, stencilXML)
	}
	if shape.W != lp.W || shape.H != lp.H {
		t.Errorf("stencil %gx%g, want %gx%g", shape.W, shape.H, lp.W, lp.H)
	}
	var corners [][2]float64
	for _, q := range shape.Path.Quads {
		corners = append(corners, [2]float64{geo[0] + q.X1, geo[1] + q.Y1})
	}
	// The path starts after the first corner and turns at the others, then
	// at the first.
	want := append(append([][2]float64{}, lp.Outline[1:]...), lp.Outline[0])
	if len(corners) != len(want) {
		t.Fatalf("corners %v, want %v", corners, want)
	}
	for i := range want {
		if math.Abs(corners[i][0]-want[i][0]) > 0.01 || math.Abs(corners[i][1]-want[i][1]) > 0.01 {
			t.Errorf("corner %d at %v, want %v", i, corners[i], want[i])
		}
	}
	for id, b := range others {
		if layouttest.InPolygon(corners, b.X+b.W/2, b.Y+b.H/2) {
			t.Errorf("step %s inside the drawn frame", id)
		}
	}
	// The title: draw.io puts a top-left label spacingLeft+2 and
	// spacingTop+2 px into the box.
	num := func(key string) float64 {
		v := regexp.MustCompile(`(?:^|;)` + key + `=([-0-9.]+)`).FindStringSubmatch(style)
		if v == nil {
			t.Fatalf("no %s in %q", key, style)
		}
		f, _ := strconv.ParseFloat(v[1], 64)
		return f
	}
	tx, ty := geo[0]+num("spacingLeft")+2, geo[1]+num("spacingTop")+2
	if !layouttest.InPolygon(corners, tx+4, ty+8) {
		t.Errorf("title at %.1f,%.1f outside the outline", tx, ty)
	}
	doc, log := ixtest.Import(t, "x.drawio", out, drawio.Import)
	if len(doc.Loops) != 1 || doc.Loops[0].Condition != "until reviewed" || len(doc.Loops[0].Nodes) != 2 {
		t.Errorf("loop not kept:\n%s", log)
	}
}

// TestImportUTF16: a file saved as UTF-16 (Windows editors' "Unicode")
// is read as its text.
func TestImportUTF16(t *testing.T) {
	xmlText := `<?xml version="1.0" encoding="UTF-16"?>` + "\n" + `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		`<mxCell id="a" value="Prüfen" style="rounded=1;" vertex="1" parent="1"><mxGeometry x="0" y="0" width="80" height="40" as="geometry"/></mxCell>` +
		`<mxCell id="b" value="Fertig" style="ellipse;" vertex="1" parent="1"><mxGeometry x="200" y="0" width="40" height="40" as="geometry"/></mxCell>` +
		`<mxCell id="e" edge="1" parent="1" source="a" target="b"><mxGeometry relative="1" as="geometry"/></mxCell></root></mxGraphModel>`
	src := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(xmlText)) {
		src = append(src, byte(u), byte(u>>8))
	}
	doc, out := ixtest.Import(t, "u16.drawio", src, drawio.Import)
	if len(doc.Nodes) != 2 || doc.Nodes[0].Label != "Prüfen" || len(doc.Edges) != 1 {
		t.Errorf("UTF-16 file:\n%s", out)
	}
}

// TestImportUnlabelledEventsAndGateways: an unlabelled event or gateway
// that connectors join is part of the flow: a circle is named Start or
// End by where it stands, a gateway that forks is a decision, and a join
// or a parallel gateway is dissolved, its connectors joined through it.
// An unlabelled shape no connector joins stays a decoration.
func TestImportUnlabelledEventsAndGateways(t *testing.T) {
	v := func(id, style string, x int) string {
		return `<mxCell id="` + id + `" value="" style="` + style + `" vertex="1" parent="1"><mxGeometry x="` + strconv.Itoa(x) + `" y="0" width="40" height="40" as="geometry"/></mxCell>`
	}
	l := func(id, label string, x int) string {
		return strings.Replace(v(id, "rounded=1;", x), `value=""`, `value="`+label+`"`, 1)
	}
	e := func(from, to, label string) string {
		return `<mxCell id="` + from + to + `" value="` + label + `" edge="1" parent="1" source="` + from + `" target="` + to + `"><mxGeometry relative="1" as="geometry"/></mxCell>`
	}
	src := `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		v("s", "shape=mxgraph.bpmn.event;symbol=general;", 0) + l("a", "Receive", 100) + v("fork", "shape=mxgraph.bpmn.gateway2;gwType=parallel;", 200) +
		l("b", "Check A", 300) + l("c", "Check B", 300) + v("join", "rhombus;", 400) + v("x", "rhombus;", 500) +
		l("y", "Pay", 600) + l("n", "Reject", 600) + v("end", "ellipse;shape=doubleEllipse;", 700) + v("deco", "ellipse;", 900) +
		e("s", "a", "") + e("a", "fork", "") + e("fork", "b", "") + e("fork", "c", "") + e("b", "join", "") + e("c", "join", "") +
		e("join", "x", "") + e("x", "y", "yes") + e("x", "n", "no") + e("y", "end", "") + e("n", "end", "") +
		`</root></mxGraphModel>`
	doc, out := ixtest.Import(t, "g.drawio", []byte(src), drawio.Import)
	var nodes []string
	for _, n := range doc.Nodes {
		nodes = append(nodes, string(n.Shape)+":"+n.Label)
	}
	var edges []string
	for _, ed := range doc.Edges {
		edges = append(edges, ed.From.Label+">"+ed.To.Label+ed.Label)
	}
	sort.Strings(nodes)
	sort.Strings(edges)
	if got := strings.Join(nodes, ","); got != "circle:End,circle:Start,diamond:Which way?,rectangle:Check A,rectangle:Check B,rectangle:Pay,rectangle:Receive,rectangle:Reject" {
		t.Errorf("nodes %s:\n%s", got, out)
	}
	if got := strings.Join(edges, ","); got != "Check A>Which way?,Check B>Which way?,Pay>End,Receive>Check A,Receive>Check B,Reject>End,Start>Receive,Which way?>Payyes,Which way?>Rejectno" {
		t.Errorf("edges %s:\n%s", got, out)
	}
	if !strings.Contains(out, `shape "deco" without a label not carried over`) {
		t.Errorf("the decoration is not reported:\n%s", out)
	}
}

// TestImportSkipsPagesWithoutSteps: a first page with no steps on it (a
// cover with a title only) does not make the import fail: the first page
// that has steps is read, and every other page is reported.
func TestImportSkipsPagesWithoutSteps(t *testing.T) {
	page := func(name, cells string) string {
		return `<diagram id="` + name + `" name="` + name + `"><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` + cells + `</root></mxGraphModel></diagram>`
	}
	cell := func(id, value, style string) string {
		return `<mxCell id="` + id + `" value="` + value + `" style="` + style + `" vertex="1" parent="1"><mxGeometry x="0" y="0" width="80" height="40" as="geometry"/></mxCell>`
	}
	src := `<mxfile host="app.diagrams.net">` + page("Cover", cell("t", "Claims handbook", "text;")) +
		page("Flow", cell("a", "Open claim", "rounded=1;")+cell("b", "Close claim", "rounded=1;")+
			`<mxCell id="e" edge="1" parent="1" source="a" target="b"><mxGeometry relative="1" as="geometry"/></mxCell>`) +
		page("Later", cell("c", "Other", "rounded=1;")) + `</mxfile>`
	doc, out := ixtest.Import(t, "pages.drawio", []byte(src), drawio.Import)
	if len(doc.Nodes) != 2 || doc.Nodes[0].Label != "Open claim" || len(doc.Edges) != 1 {
		t.Errorf("want the page Flow:\n%s", out)
	}
	// A blank page (an empty <diagram>) is skipped too; alone, it is
	// an error saying so, not a decompression failure.
	doc, _ = ixtest.Import(t, "blank.drawio", []byte(strings.Replace(src, page("Cover", cell("t", "Claims handbook", "text;")), `<diagram id="b" name="Blank"> </diagram>`, 1)), drawio.Import)
	if len(doc.Nodes) != 2 {
		t.Errorf("a blank first page is not skipped")
	}
	res := drawio.Import("blank.drawio", []byte(`<mxfile><diagram name="Blank"></diagram></mxfile>`))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	if res.OK() || !strings.Contains(e.String(), `blank.drawio:1:9: error: page "Blank" is empty: expected a diagram`) {
		t.Errorf("a blank page alone:\n%s", e.String())
	}
	for _, want := range []string{`page "Cover" has no steps: page "Flow" is imported instead`, `page "Later" not carried over: only one page is imported`} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in:\n%s", want, out)
		}
	}
}

// TestImportContainersAreLanes: a labelled container that no connector
// joins (container=1, a cloud provider's group) holds its shapes as a
// lane, rather than being a step of its own with no edges; a shape that
// a connector joins stays a step, whatever it holds.
func TestImportContainersAreLanes(t *testing.T) {
	v := func(id, value, style, parent string) string {
		return `<mxCell id="` + id + `" value="` + value + `" style="` + style + `" vertex="1" parent="` + parent + `"><mxGeometry x="10" y="10" width="80" height="40" as="geometry"/></mxCell>`
	}
	e := func(id, from, to, label string) string {
		return `<mxCell id="` + id + `" value="` + label + `" edge="1" parent="1" source="` + from + `" target="` + to + `"><mxGeometry relative="1" as="geometry"/></mxCell>`
	}
	src := `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		v("vpc", "VPC", "shape=mxgraph.aws4.group;container=1;", "1") + v("web", "Web server", "rounded=1;", "vpc") + v("db", "Database", "shape=cylinder3;", "vpc") +
		v("user", "User", "rounded=1;", "1") + v("icon", "", "shape=image;", "user") +
		e("c1", "user", "web", "HTTPS") + e("c2", "web", "db", "SQL") + `</root></mxGraphModel>`
	doc, out := ixtest.Import(t, "c.drawio", []byte(src), drawio.Import)
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
	if strings.Join(got, ", ") != "VPC: Web server Database, Main: User" || len(doc.Edges) != 2 {
		t.Errorf("lanes %q:\n%s", got, out)
	}
}

// TestImportGatewayChainIsLinear: connectors through a chain of
// dissolved gateways, two between each pair, are followed once per
// connector, not once per path (2^40 of them here).
func TestImportGatewayChainIsLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>`)
	cell := func(id, value, style string) {
		b.WriteString(`<mxCell id="` + id + `" value="` + value + `" style="` + style + `" vertex="1" parent="1"><mxGeometry x="0" y="0" width="40" height="40" as="geometry"/></mxCell>`)
	}
	edge := func(id, from, to, label string) {
		b.WriteString(`<mxCell id="` + id + `" value="` + label + `" edge="1" parent="1" source="` + from + `" target="` + to + `"><mxGeometry relative="1" as="geometry"/></mxCell>`)
	}
	const k = 40
	cell("s", "Start here", "rounded=1;")
	cell("t", "Then this", "rounded=1;")
	for i := range k {
		cell("g"+strconv.Itoa(i), "", "shape=mxgraph.bpmn.gateway2;gwType=parallel;")
	}
	edge("in", "s", "g0", "")
	for i := range k - 1 {
		edge("a"+strconv.Itoa(i), "g"+strconv.Itoa(i), "g"+strconv.Itoa(i+1), "a")
		edge("b"+strconv.Itoa(i), "g"+strconv.Itoa(i), "g"+strconv.Itoa(i+1), "b")
	}
	edge("out", "g"+strconv.Itoa(k-1), "t", "")
	b.WriteString(`</root></mxGraphModel>`)
	done := make(chan []byte, 1)
	go func() { done <- drawio.Import("chain.drawio", []byte(b.String())).Code }()
	select {
	case code := <-done:
		doc, err := ixtest.Compile("chain.fz", code, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Edges) != 2 {
			t.Errorf("%d edges, want 2 (labelled a and b):\n%s", len(doc.Edges), code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the import of a chain of 40 gateways did not finish in 20 s")
	}
}

// TestImportPlainTextLabels: a label without html=1 in its style is
// plain text, shown as written: its angle brackets are not tags to
// remove; an HTML label's tags still are.
func TestImportPlainTextLabels(t *testing.T) {
	src := `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		`<mxCell id="a" value="List&lt;Order&gt; &amp;amp; x &lt;b&gt; y" style="rounded=1;" vertex="1" parent="1"><mxGeometry x="0" y="0" width="80" height="40" as="geometry"/></mxCell>` +
		`<mxCell id="b" value="Ship &lt;b&gt;now&lt;/b&gt;" style="rounded=1;html=1;" vertex="1" parent="1"><mxGeometry x="200" y="0" width="80" height="40" as="geometry"/></mxCell>` +
		`<mxCell id="e" value="a&lt;b" edge="1" parent="1" source="a" target="b"><mxGeometry relative="1" as="geometry"/></mxCell></root></mxGraphModel>`
	doc, out := ixtest.Import(t, "plain.drawio", []byte(src), drawio.Import)
	if len(doc.Nodes) != 2 || doc.Nodes[0].Label != "List<Order> &amp; x <b> y" || doc.Nodes[1].Label != "Ship now" || doc.Edges[0].Label != "a<b" {
		t.Errorf("labels:\n%s", out)
	}
}

// TestImportShapesOverLanes: shapes drawn over swimlanes without being
// put in them (their parent is the page, or a group on the page) go in
// the lane the picture shows them in, not in a lane "Main" of their
// own beside lanes left empty and dropped.
func TestImportShapesOverLanes(t *testing.T) {
	v := func(id, value, style, parent string, x, y, w, h int) string {
		return `<mxCell id="` + id + `" value="` + value + `" style="` + style + `" vertex="1" parent="` + parent + `"><mxGeometry x="` +
			strconv.Itoa(x) + `" y="` + strconv.Itoa(y) + `" width="` + strconv.Itoa(w) + `" height="` + strconv.Itoa(h) + `" as="geometry"/></mxCell>`
	}
	e := func(id, from, to string) string {
		return `<mxCell id="` + id + `" edge="1" parent="1" source="` + from + `" target="` + to + `"><mxGeometry relative="1" as="geometry"/></mxCell>`
	}
	src := `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		v("la", "Developer", "swimlane;horizontal=0;", "1", 0, 0, 700, 140) + v("lb", "CI server", "swimlane;horizontal=0;", "1", 0, 140, 700, 140) +
		v("a", "Open pull request", "rounded=1;", "1", 60, 40, 120, 60) + v("b", "Run tests", "rounded=1;", "1", 240, 180, 120, 60) +
		v("g", "", "group", "1", 400, 150, 200, 100) + v("c", "Build", "rounded=1;", "g", 20, 20, 120, 60) +
		v("d", "Merge", "rounded=1;", "1", 560, 40, 100, 60) + v("f", "Off the lanes", "rounded=1;", "1", 60, 400, 100, 60) +
		e("c1", "a", "b") + e("c2", "b", "c") + e("c3", "c", "d") + e("c4", "d", "f") + `</root></mxGraphModel>`
	doc, out := ixtest.Import(t, "o.drawio", []byte(src), drawio.Import)
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
	if want := "Developer: Open pull request Merge, CI server: Run tests Build, Main: Off the lanes"; strings.Join(got, ", ") != want {
		t.Errorf("lanes %q, want %q:\n%s", got, want, out)
	}
}

// TestImportPlaceholdersAndLinks: a label with placeholders=1 shows its
// shape's properties (%name%), as draw.io draws it, not the raw
// "%name%"; a shape's link is reported, not dropped unseen.
func TestImportPlaceholdersAndLinks(t *testing.T) {
	src := `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		`<object label="%name%&lt;br&gt;(%team%)" name="Billing" team="Payments" id="a"><mxCell style="rounded=1;html=1;placeholders=1;" vertex="1" parent="1"><mxGeometry x="0" y="0" width="100" height="60" as="geometry"/></mxCell></object>` +
		`<object label="%name% at 100% and %missing%" name="Ledger" id="b"><mxCell style="rounded=1;placeholders=1;" vertex="1" parent="1"><mxGeometry x="200" y="0" width="100" height="60" as="geometry"/></mxCell></object>` +
		`<UserObject label="Docs" link="https://wiki.example.com/billing" id="c"><mxCell style="rounded=1;" vertex="1" parent="1"><mxGeometry x="400" y="0" width="100" height="60" as="geometry"/></mxCell></UserObject>` +
		`<mxCell id="e1" edge="1" parent="1" source="a" target="b"><mxGeometry relative="1" as="geometry"/></mxCell>` +
		`<mxCell id="e2" edge="1" parent="1" source="b" target="c"><mxGeometry relative="1" as="geometry"/></mxCell></root></mxGraphModel>`
	doc, out := ixtest.Import(t, "p.drawio", []byte(src), drawio.Import)
	var got []string
	for _, n := range doc.Nodes {
		got = append(got, n.Label)
	}
	if want := "Billing (Payments)|Ledger at 100% and %missing%|Docs"; strings.Join(got, "|") != want {
		t.Errorf("labels %q, want %q:\n%s", got, want, out)
	}
	if !strings.Contains(out, "p.drawio:1:") || !strings.Contains(out, "warning: `link` not carried over: FlowZap Code has no styling or links (https://wiki.example.com/billing)") {
		t.Errorf("the link is not reported:\n%s", out)
	}
}

// TestImportShapesInPoolBesideLanes: a shape put in a pool rather than
// in one of its lanes (dropped on the pool's area) goes in the lane it
// is drawn over; it went to a lane "Main" and the lane under it, left
// empty, was dropped.
func TestImportShapesInPoolBesideLanes(t *testing.T) {
	v := func(id, value, style, parent string, x, y, w, h int) string {
		return `<mxCell id="` + id + `" value="` + value + `" style="` + style + `" vertex="1" parent="` + parent + `"><mxGeometry x="` +
			strconv.Itoa(x) + `" y="` + strconv.Itoa(y) + `" width="` + strconv.Itoa(w) + `" height="` + strconv.Itoa(h) + `" as="geometry"/></mxCell>`
	}
	e := func(id, from, to string) string {
		return `<mxCell id="` + id + `" edge="1" parent="1" source="` + from + `" target="` + to + `"><mxGeometry relative="1" as="geometry"/></mxCell>`
	}
	src := `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		v("pool", "Shop", "swimlane;horizontal=0;childLayout=stackLayout;", "1", 100, 100, 600, 300) +
		v("l1", "Sales", "swimlane;horizontal=0;", "pool", 20, 0, 580, 150) + v("l2", "Stock", "swimlane;horizontal=0;", "pool", 20, 150, 580, 150) +
		v("a", "Take order", "rounded=1;", "l1", 60, 45, 120, 60) + v("b", "Reserve", "rounded=1;", "pool", 260, 195, 120, 60) +
		v("c", "Confirm", "rounded=1;", "pool", 420, 45, 120, 60) +
		e("c1", "a", "b") + e("c2", "b", "c") + `</root></mxGraphModel>`
	doc, out := ixtest.Import(t, "p.drawio", []byte(src), drawio.Import)
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
	if want := "Sales: Take order Confirm, Stock: Reserve"; strings.Join(got, ", ") != want {
		t.Errorf("lanes %q, want %q:\n%s", got, want, out)
	}
}

// TestImportListsAreTaskboxes: a list that connectors join (a UML class,
// an ER table: a stacked swimlane of text rows) is a step, a taskbox
// whose items are its rows; it was a lane, the connectors between lists
// were dropped and a page of them was refused as having no steps.
func TestImportListsAreTaskboxes(t *testing.T) {
	list := `swimlane;fontStyle=1;childLayout=stackLayout;horizontal=1;startSize=26;html=1;`
	v := func(id, value, style, parent string, x int) string {
		return `<mxCell id="` + id + `" value="` + value + `" style="` + style + `" vertex="1" parent="` + parent + `"><mxGeometry x="` + strconv.Itoa(x) + `" y="10" width="160" height="26" as="geometry"/></mxCell>`
	}
	src := `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		v("c1", "Order", list, "1", 0) + v("f1", "+ id: int", "text;html=1;", "c1", 0) + v("s1", "", "line;strokeWidth=1;", "c1", 0) + v("m1", "+ total(): Money", "text;html=1;", "c1", 0) +
		v("c2", "Customer", list, "1", 300) + v("f2", "+ name: string", "text;html=1;", "c2", 0) +
		v("lane", "Notes", "swimlane;childLayout=stackLayout;", "1", 600) + v("t", "not joined: a lane", "text;html=1;", "lane", 0) +
		`<mxCell id="r" value="places" edge="1" parent="1" source="c2" target="c1"><mxGeometry relative="1" as="geometry"/></mxCell></root></mxGraphModel>`
	doc, out := ixtest.Import(t, "l.drawio", []byte(src), drawio.Import)
	var got []string
	for _, n := range doc.Nodes {
		got = append(got, n.Label)
	}
	if want := "Order|+ id: int|+ total(): Money,Customer|+ name: string"; strings.Join(got, ",") != want || len(doc.Edges) != 1 || doc.Edges[0].Label != "places" || !strings.Contains(out, `lane "Notes" has no steps`) {
		t.Errorf("nodes %q, edges %s, want %q:\n%s", got, edgeList(doc), want, out)
	}
}

// TestImportDrawioSVG: a drawing saved as .drawio.svg, its diagram in
// the picture's content attribute, is read as the .drawio file would be,
// diagnostics pointing at the <svg>; an SVG without a diagram is refused
// saying so (it was "found <svg> as the root element").
func TestImportDrawioSVG(t *testing.T) {
	drawing := `<mxfile host="app.diagrams.net"><diagram id="d" name="Page-1"><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		`<mxCell id="a" value="Order" style="rounded=1;" vertex="1" parent="1"><mxGeometry x="0" y="0" width="100" height="60" as="geometry"/></mxCell>` +
		`<mxCell id="b" value="Ship" style="rounded=1;" vertex="1" parent="1"><mxGeometry x="200" y="0" width="100" height="60" as="geometry"/></mxCell>` +
		`<mxCell id="t" value="a note" style="text;" vertex="1" parent="1"><mxGeometry x="0" y="100" width="100" height="20" as="geometry"/></mxCell>` +
		`<mxCell id="e" edge="1" parent="1" source="a" target="b"><mxGeometry relative="1" as="geometry"/></mxCell></root></mxGraphModel></diagram></mxfile>`
	var content bytes.Buffer
	if err := xml.EscapeText(&content, []byte(drawing)); err != nil {
		t.Fatal(err)
	}
	svg := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" content=\"" + content.String() + "\"><g/></svg>\n"
	doc, out := ixtest.Import(t, "flow.drawio.svg", []byte(svg), drawio.Import)
	if edgeList(doc) != "Order -> Ship []" || !strings.Contains(out, `flow.drawio.svg:2:1: warning: text "a note" kept as a comment`) {
		t.Errorf("edges %s:\n%s", edgeList(doc), out)
	}
	res := drawio.Import("pic.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>`))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	if want := "pic.svg:1:1: error: found an SVG picture without a draw.io diagram in it"; res.OK() || !strings.Contains(e.String(), want) {
		t.Errorf("want %q in:\n%s", want, e.String())
	}
}

// TestImportCollapsedPoolKeepsItsMessages: a connector to or from an
// empty lane (a collapsed pool: the customer) makes a step there, named
// after it, as a BPMN collapsed pool's messages do; it was dropped as
// joining a lane, and the lane with it.
func TestImportCollapsedPoolKeepsItsMessages(t *testing.T) {
	src := `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		`<mxCell id="cust" value="Customer" style="swimlane;horizontal=0;" vertex="1" parent="1"><mxGeometry x="0" y="0" width="600" height="60" as="geometry"/></mxCell>` +
		`<mxCell id="ins" value="Insurer" style="swimlane;horizontal=0;" vertex="1" parent="1"><mxGeometry x="0" y="100" width="600" height="160" as="geometry"/></mxCell>` +
		`<mxCell id="a" value="Receive claim" style="rounded=1;" vertex="1" parent="ins"><mxGeometry x="60" y="50" width="120" height="60" as="geometry"/></mxCell>` +
		`<mxCell id="b" value="Assess" style="rounded=1;" vertex="1" parent="ins"><mxGeometry x="240" y="50" width="120" height="60" as="geometry"/></mxCell>` +
		`<mxCell id="m1" value="claim form" style="dashed=1;" edge="1" parent="1" source="cust" target="a"><mxGeometry relative="1" as="geometry"/></mxCell>` +
		`<mxCell id="f1" edge="1" parent="1" source="a" target="b"><mxGeometry relative="1" as="geometry"/></mxCell>` +
		`<mxCell id="m2" style="dashed=1;" edge="1" parent="1" source="b" target="cust"><mxGeometry relative="1" as="geometry"/></mxCell>` +
		`<mxCell id="m3" edge="1" parent="1" source="ins" target="cust"><mxGeometry relative="1" as="geometry"/></mxCell></root></mxGraphModel>`
	doc, out := ixtest.Import(t, "c.drawio", []byte(src), drawio.Import)
	if want := "claim form -> Receive claim [], Receive claim -> Assess [], Assess -> Message []"; edgeList(doc) != want {
		t.Errorf("edges %s, want %s:\n%s", edgeList(doc), want, out)
	}
	if !strings.Contains(out, `connector "m3" does not join two steps: not carried over`) {
		t.Errorf("a connector between two lanes is not reported:\n%s", out)
	}
}

// TestImportDrawioPNG: a drawing saved as .drawio.png, its diagram in a
// tEXt chunk "mxfile" (URL-encoded), is read as the .drawio file would
// be, also when a line-ending fix changed the chunk lengths on the way
// (IHDR's length, 13, is a carriage return); a PNG picture without one
// is refused saying so, not with its bytes quoted as XML.
func TestImportDrawioPNG(t *testing.T) {
	drawing := `<mxfile><diagram id="d" name="P"><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		`<mxCell id="a" value="Order" vertex="1" parent="1"><mxGeometry width="100" height="60" as="geometry"/></mxCell>` +
		`<mxCell id="b" value="Ship" vertex="1" parent="1"><mxGeometry x="200" width="100" height="60" as="geometry"/></mxCell>` +
		`<mxCell id="e" edge="1" parent="1" source="a" target="b"><mxGeometry relative="1" as="geometry"/></mxCell></root></mxGraphModel></diagram></mxfile>`
	chunk := func(typ string, data []byte) []byte {
		b := []byte{byte(len(data) >> 24), byte(len(data) >> 16), byte(len(data) >> 8), byte(len(data))}
		b = append(append(b, typ...), data...)
		return append(b, 'C', 'R', 'C', '!') // a checksum of printable bytes
	}
	png := []byte("\x89PNG\r\n\x1a\n")
	png = append(png, chunk("IHDR", make([]byte, 13))...)
	text := append([]byte("mxfile\x00"), strings.ReplaceAll(url.PathEscape(drawing), "+", "%2B")...)
	pic := append(append(append([]byte{}, png...), chunk("tEXt", text)...), chunk("IEND", nil)...)
	for _, src := range [][]byte{pic, bytes.ReplaceAll(pic, []byte("\x00\x00\x00\rIHDR"), []byte("\x00\x00\x00\nIHDR"))} {
		doc, out := ixtest.Import(t, "flow.drawio.png", src, drawio.Import)
		if edgeList(doc) != "Order -> Ship []" {
			t.Errorf("edges %s:\n%s", edgeList(doc), out)
		}
	}
	res := drawio.Import("pic.png", append(append(png, chunk("IDAT", []byte("\x00<&junk"))...), chunk("IEND", nil)...))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	if want := "pic.png:1:1: error: found a PNG picture without a draw.io diagram in it"; res.OK() || !strings.Contains(e.String(), want) {
		t.Errorf("want %q in:\n%s", want, e.String())
	}
}
