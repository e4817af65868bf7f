package mermaid_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"flowzap/internal/diag"
	"flowzap/internal/interchange/ixtest"
	"flowzap/internal/interchange/mermaid"
	"flowzap/internal/model"
	"flowzap/internal/pipeline"
	"flowzap/internal/source"
)

// export writes a corpus file as Mermaid.
func export(t *testing.T, path, format string) []byte {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := pipeline.Check(path, src, pipeline.Options{})
	var b bytes.Buffer
	if err := pipeline.ExportAs(&b, r, format); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b.Bytes()
}

// TestRoundTrip: FlowZap -> Mermaid flowchart -> FlowZap keeps lanes,
// nodes, shapes, labels (taskbox details too) and edges for every example
// and template, and the import passes the strict check.
func TestRoundTrip(t *testing.T) {
	ixtest.RoundTrip(t, "../../..", "mermaid", mermaid.Import, ixtest.Options{Taskbox: true})
}

func TestEscaping(t *testing.T) {
	nasty := []string{`Say "hi" & <b>bye</b>`, `50% | #1; done`, "back`tick *star* _under_ ~tilde~", `C:\path\to`, `a --> b [c] {d} (e)`, `end`, `Ünïcödé 日本語`, `#quot; literal`}
	var b strings.Builder
	b.WriteString("main { # Lane \"quoted\" & <x>\n")
	for i, s := range nasty {
		b.WriteString("  n" + string(rune('1'+i)) + ": rectangle label:" + strings.ReplaceAll(strings.ReplaceAll(`"`+strings.ReplaceAll(s, `\`, `\\`)+`"`, `"\"`, `"\"`), "\x00", "") + "\n")
	}
	for i := 1; i < len(nasty); i++ {
		b.WriteString("  n" + string(rune('0'+i)) + ".handle(right) -> n" + string(rune('1'+i)) + ".handle(left) [label=\"" + strings.ReplaceAll(strings.ReplaceAll(nasty[i], `\`, `\\`), `"`, `\"`) + "\"]\n")
	}
	b.WriteString("}\n")
	src := []byte(b.String())
	src = bytes.ReplaceAll(src, []byte(`label:"Say "hi" & <b>bye</b>"`), []byte(`label:"Say \"hi\" & <b>bye</b>"`))
	orig, err := ixtest.Compile("esc.fz", src, false)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "esc.fz")
	os.WriteFile(p, src, 0o644)
	mm := export(t, p, "mermaid")
	res := mermaid.Import("esc.mmd", mm)
	if !res.OK() {
		var e strings.Builder
		_ = res.Diags.Print(&e, res.Src)
		t.Fatalf("%s\n%s", e.String(), mm)
	}
	back, err := ixtest.Compile("back.fz", res.Code, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ixtest.Diff(orig, back, ixtest.Options{}) {
		t.Error(d)
	}
	if strings.Contains(string(mm), "<b>") || strings.Contains(string(mm), `"hi"`) {
		t.Errorf("raw markup or quotes in the output:\n%s", mm)
	}
}

// importOK imports a hand-written file and returns the checked result.
func importOK(t *testing.T, name string) (*model.Document, diag.List, string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	res := mermaid.Import(name, src)
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	if !res.OK() {
		t.Fatalf("import failed:\n%s", e.String())
	}
	doc, err := ixtest.Compile(name+".fz", res.Code, true)
	if err != nil {
		t.Fatal(err)
	}
	return doc, res.Diags, string(res.Code) + "\n" + e.String()
}

func labels(doc *model.Document) map[string]*model.Node {
	m := map[string]*model.Node{}
	for _, n := range doc.Nodes {
		m[n.Label] = n
	}
	return m
}

func TestImportReadme(t *testing.T) {
	doc, diags, out := importOK(t, "readme-flow.mmd")
	if len(doc.Lanes) != 1 || len(doc.Nodes) != 7 {
		t.Fatalf("want 1 lane, 7 nodes:\n%s", out)
	}
	n := labels(doc)
	want := map[string]model.Shape{"Merge to main": model.Circle, "Tests green?": model.Diamond, "Build image": model.Rectangle,
		"Push to registry": model.Rectangle, "Update changelog": model.Taskbox, "Done": model.Circle, "Notify author": model.Rectangle}
	for l, s := range want {
		if n[l] == nil || n[l].Shape != s {
			t.Errorf("node %q: want shape %s:\n%s", l, s, out)
		}
	}
	// C --> E & F makes two edges; "-- yes -->" carries a label.
	var yes, fromBuild int
	for _, e := range doc.Edges {
		if e.Label == "yes" && e.From.Label == "Tests green?" && e.To.Label == "Build image" {
			yes++
		}
		if e.From.Label == "Build image" {
			fromBuild++
		}
	}
	if yes != 1 || fromBuild != 2 || len(doc.Edges) != 8 {
		t.Errorf("edges: yes=%d fromBuild=%d total=%d:\n%s", yes, fromBuild, len(doc.Edges), out)
	}
	if len(diags) != 0 {
		t.Errorf("unexpected diagnostics:\n%s", out)
	}
}

func TestImportLanes(t *testing.T) {
	doc, diags, out := importOK(t, "lanes.mmd")
	var got []string
	for _, l := range doc.Lanes {
		got = append(got, l.ID+"="+l.Label)
	}
	if strings.Join(got, ",") != "shop=Web Shop,wh=Warehouse,carrier=Carrier" {
		t.Errorf("lanes %v:\n%s", got, out)
	}
	n := labels(doc)
	if n["Payment OK?"].Lane.ID != "shop" || n["Pick items"].Lane.ID != "wh" || n["Delivered"].Shape != model.Circle {
		t.Errorf("nodes misplaced:\n%s", out)
	}
	// Handles follow geometry: down to a later lane leaves bottom, enters top;
	// a backward edge in the lane goes over the top.
	for _, e := range doc.Edges {
		switch {
		case e.From.Label == "Payment OK?" && e.To.Label == "Pick items":
			if e.FromSide != model.Bottom || e.ToSide != model.Top || e.Label != "yes" {
				t.Errorf("cross-lane edge sides %s/%s label %q", e.FromSide, e.ToSide, e.Label)
			}
		case e.To.Label == "Customer places order":
			if e.FromSide != model.Top || e.ToSide != model.Top || e.Label != "no, retry" {
				t.Errorf("back edge sides %s/%s label %q", e.FromSide, e.ToSide, e.Label)
			}
		}
	}
	// classDef, click, ::: and the asymmetric shape are each reported at
	// their line and column.
	want := map[string]bool{"8:19": false, "11:7": false, "16:3": false, "17:3": false}
	src, _ := os.ReadFile("testdata/lanes.mmd")
	f := source.NewFile("lanes.mmd", src)
	for _, d := range diags {
		pos := f.Position(d.Span.Start)
		p := fmt.Sprintf("%d:%d", pos.Line, pos.Col)
		if _, ok := want[p]; ok {
			want[p] = true
		}
		if d.Code != diag.ImportUnsupported {
			t.Errorf("code %s for %s", d.Code, d.Msg)
		}
	}
	for p, ok := range want {
		if !ok {
			t.Errorf("no diagnostic at %s:\n%s", p, out)
		}
	}
	_ = diags
}

func TestImportSequence(t *testing.T) {
	doc, diags, out := importOK(t, "sequence.mmd")
	var got []string
	for _, l := range doc.Lanes {
		got = append(got, l.Label)
	}
	if strings.Join(got, ",") != "User,Web App,Auth API,Admin" {
		t.Errorf("lanes %v:\n%s", got, out)
	}
	if len(doc.Loops) != 1 || len(doc.Loops[0].Nodes) != 2 || doc.Loops[0].Condition != "every 5 minutes" {
		t.Errorf("loops:\n%s", out)
	}
	var guards []string
	for _, e := range doc.Edges {
		if e.From.Shape == model.Diamond {
			guards = append(guards, e.Label)
		}
	}
	if strings.Join(guards, ",") != "session valid,expired" {
		t.Errorf("alt branches %v:\n%s", guards, out)
	}
	if n := labels(doc)["Audit event"]; n == nil || n.Lane.Label != "Admin" {
		t.Errorf("last message:\n%s", out)
	}
	if !strings.Contains(out, "// Note right of U: user may retry") || !strings.Contains(out, "`autonumber` not carried over") {
		t.Errorf("note or autonumber lost:\n%s", out)
	}
	_ = diags
}

func TestImportErrors(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"unsupported.mmd", "unsupported.mmd:4:8: error: found \"the end of the line\" where a node ID was expected [FZ401]"},
		{"class.mmd", "class.mmd:1:1: error: Mermaid classDiagram diagrams cannot be imported: expected flowchart, graph or sequenceDiagram [FZ401]"},
	} {
		src, _ := os.ReadFile(filepath.Join("testdata", tc.file))
		res := mermaid.Import(tc.file, src)
		var e strings.Builder
		_ = res.Diags.Print(&e, res.Src)
		if res.OK() || !strings.Contains(e.String(), tc.want) {
			t.Errorf("%s: want %q in:\n%s", tc.file, tc.want, e.String())
		}
	}
}

// TestImportAltDrawsEachMessageOnce imports alt blocks (nested, each
// followed by more messages), an opt and a loop, and lays the result out
// as a sequence: each message of the source is drawn once, in source
// order; a guard is its section's guard and no message's text; what
// follows a block is drawn once after its frame; the opt is an opt frame
// (its way round drawn with the message after it); the loop holds its
// two messages. The ping-pong checks find nothing to report.
func TestImportAltDrawsEachMessageOnce(t *testing.T) {
	doc, _, out := importOK(t, "alt-nested.mmd")
	sc, err := pipeline.LayoutContext(context.Background(), doc, pipeline.RenderOptions{View: "sequence"})
	if err != nil {
		t.Fatal(err)
	}
	l := sc.Sequence
	var got []string
	drawn := 0
	merged := map[string]int{}
	for _, m := range l.Messages {
		got = append(got, m.Label.Text)
		drawn += 1 + len(m.Merged)
		merged[m.Label.Text] = len(m.Merged)
	}
	want := "order, lookup, cache miss?, warm cache, row, in stock or out of stock?, express or standard?, ship fast, ship later, queued, backorder, noted, invoice, payment, confirmation"
	if strings.Join(got, ", ") != want {
		t.Errorf("messages\n got %s\nwant %s\n%s", strings.Join(got, ", "), want, out)
	}
	if drawn != len(doc.Edges) {
		t.Errorf("%d edges drawn, want each of the %d once", drawn, len(doc.Edges))
	}
	if merged["queued"] != 1 || merged["invoice"] != 1 || merged["row"] != 1 {
		t.Errorf("\"queued\" after both shipping options, \"invoice\" after both stock answers and \"row\" after the opt (or without it) must be one message each: %v", merged)
	}
	var frames []string
	y := map[string][2]float64{}
	for _, f := range l.Frames {
		s := f.Label
		for _, sec := range f.Sections {
			s += " / [" + sec.Guard + "]"
		}
		frames = append(frames, s)
		y[f.Label] = [2]float64{f.Y, f.Y + f.H}
	}
	if got, want := strings.Join(frames, ", "), "opt [cache miss], alt [in stock] / [out of stock], alt [express] / [standard], loop [until paid]"; got != want {
		t.Errorf("frames\n got %s\nwant %s", got, want)
	}
	at := func(label string) float64 {
		for _, m := range l.Messages {
			if m.Label.Text == label {
				return m.Points[0][1]
			}
		}
		t.Fatalf("no message %q", label)
		return 0
	}
	if q, inner := at("queued"), y["alt [express]"]; q < inner[1] || q > y["alt [in stock]"][1] {
		t.Errorf("\"queued\" (y %.0f) must follow the shipping frame %v inside the stock frame %v", q, inner, y["alt [in stock]"])
	}
	if ds := sequenceCheck(t, "alt-nested.mmd"); len(ds) > 0 {
		t.Errorf("checks: %v\n%s", ds, out)
	}
	loop := y["loop [until paid]"]
	if i, p := at("invoice"), at("payment"); i < loop[0] || p > loop[1] || i < y["alt [in stock]"][1] {
		t.Errorf("invoice (y %.0f) and payment (y %.0f) must be inside the loop %v, after the stock frame", i, p, loop)
	}
}

// sequenceCheck imports a test file and returns the diagnostics of the
// code checked for the sequence view.
func sequenceCheck(t *testing.T, name string) []string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	r := pipeline.Check(name+".fz", mermaid.Import(name, src).Code, pipeline.Options{View: "sequence"})
	var out []string
	for _, d := range r.Diags {
		out = append(out, string(d.Code)+" "+d.Msg)
	}
	return out
}

// TestImportSectionsSendFromTheirSender imports an alt whose second
// section opens with another participant's message than the first
// ("query" from the API, not from the cache that asks "cached or miss?")
// and an opt whose only message leaves the deciding participant where it
// was; the log, in one section only, sends "rotate" after the alt. Laid
// out as a sequence, every message of the source is drawn from its sender
// to its receiver, in source order, the alt has its two sections, "rotate"
// is drawn once after the alt frame, and the opt is an opt frame, with
// "200 item" after both.
func TestImportSectionsSendFromTheirSender(t *testing.T) {
	doc, _, out := importOK(t, "alt-senders.mmd")
	sc, err := pipeline.LayoutContext(context.Background(), doc, pipeline.RenderOptions{View: "sequence"})
	if err != nil {
		t.Fatal(err)
	}
	l := sc.Sequence
	lane := map[string]string{}
	for _, n := range doc.Nodes {
		lane[n.ID] = n.Lane.ID
	}
	drawn := map[string]string{}
	var order []string
	for _, m := range l.Messages {
		drawn[m.Label.Text] = lane[m.From] + "->" + lane[m.To]
		order = append(order, m.Label.Text)
	}
	src, _ := os.ReadFile(filepath.Join("testdata", "alt-senders.mmd"))
	var want []string
	for _, line := range strings.Split(string(src), "\n") {
		from, rest, ok := strings.Cut(line, "->>")
		if !ok {
			continue
		}
		from = strings.TrimSpace(strings.TrimSuffix(from, "-"))
		to, text, _ := strings.Cut(rest, ": ")
		want = append(want, text)
		if got := drawn[text]; got != from+"->"+to {
			t.Errorf("%q drawn %s, want %s->%s", text, got, from, to)
		}
	}
	if p := 0; true {
		for _, m := range order {
			if p < len(want) && m == want[p] {
				p++
			}
		}
		if p < len(want) {
			t.Errorf("messages %v: want %v in this order", order, want)
		}
	}
	var frames []string
	for _, f := range l.Frames {
		s := f.Kind + " " + f.Label
		for _, sec := range f.Sections {
			s += " / [" + sec.Guard + "]"
		}
		frames = append(frames, s)
	}
	if got, want := strings.Join(frames, ", "), "alt alt [cached] / [miss], opt opt [audit on]"; got != want {
		t.Errorf("frames\n got %s\nwant %s\n%s", got, want, out)
	}
	for _, m := range l.Messages {
		// The log takes part in the "miss" section only: what it sends
		// after the alt follows the whole frame, once.
		if alt := l.Frames[0]; m.Label.Text == "rotate" && (len(m.Merged) != 1 || m.Points[0][1] < alt.Y+alt.H) {
			t.Errorf("\"rotate\" at y %.0f stands for %d more edges, want 1, after the alt frame (bottom %.0f):\n%s", m.Points[0][1], len(m.Merged), alt.Y+alt.H, out)
		}
		if m.Label.Text == "200 item" && len(m.Merged) != 1 {
			t.Errorf("\"200 item\" stands for %d more edges, want 1 (after the opt and without it):\n%s", len(m.Merged), out)
		}
	}
}

// TestImportLoopHoldsTheStepsMadeAfter: the Worker sends after a loop
// whose alt sections each opened with its message, so the steps after the
// decision are made only then; the loop holds them too (in execution
// order, before the messages they send), not the message after the loop.
func TestImportLoopHoldsTheStepsMadeAfter(t *testing.T) {
	doc, _, out := importOK(t, "loop-alt-after.mmd")
	if len(doc.Loops) != 1 {
		t.Fatalf("loops %d, want 1:\n%s", len(doc.Loops), out)
	}
	var got []string
	for _, n := range doc.Loops[0].Nodes {
		got = append(got, n.Label)
	}
	if g, want := strings.Join(got, ", "), "Start, ok or fail?, ok, ack, fail, park"; g != want {
		t.Errorf("loop over %s, want %s:\n%s", g, want, out)
	}
}

// TestImportBreakRoundTrip imports `break` blocks (two in a row, one
// inside an alt section, each followed by more messages): each becomes
// a decision whose guarded outcome ends and whose way round ("else")
// the rest takes, so the sequence view draws a break frame around the
// block's messages and the rest after it, and exporting to Mermaid
// gives the break blocks back, which import to the same frames again.
func TestImportBreakRoundTrip(t *testing.T) {
	doc, _, out := importOK(t, "break.mmd")
	frames := func(doc *model.Document) (string, map[string][2]float64, func(string) float64) {
		t.Helper()
		sc, err := pipeline.LayoutContext(context.Background(), doc, pipeline.RenderOptions{View: "sequence"})
		if err != nil {
			t.Fatal(err)
		}
		var fs []string
		y := map[string][2]float64{}
		for _, f := range sc.Sequence.Frames {
			s := f.Label
			for _, sec := range f.Sections {
				s += " / [" + sec.Guard + "]"
			}
			fs = append(fs, s)
			y[f.Label] = [2]float64{f.Y, f.Y + f.H}
		}
		at := func(label string) float64 {
			for _, m := range sc.Sequence.Messages {
				if m.Label != nil && m.Label.Text == label {
					return m.Points[0][1]
				}
			}
			t.Fatalf("no message %q", label)
			return 0
		}
		return strings.Join(fs, ", "), y, at
	}
	const want = "break [invalid payload], break [out of stock], alt [card] / [invoice], break [declined]"
	got, y, at := frames(doc)
	if got != want {
		t.Fatalf("frames\n got %s\nwant %s\n%s", got, want, out)
	}
	for _, c := range []struct{ frame, in, after string }{
		{"break [invalid payload]", "400 Bad Request", "reserve stock"},
		{"break [out of stock]", "409 Conflict", "reserved"},
		{"break [declined]", "402 Payment Required", "charged"},
	} {
		f := y[c.frame]
		if m := at(c.in); m < f[0] || m > f[1] {
			t.Errorf("%q (y %.0f) outside %s %v", c.in, m, c.frame, f)
		}
		if m := at(c.after); m < f[1] {
			t.Errorf("%q (y %.0f) not after %s %v", c.after, m, c.frame, f)
		}
	}
	if ds := sequenceCheck(t, "break.mmd"); len(ds) > 0 {
		t.Errorf("checks: %v\n%s", ds, out)
	}

	src, _ := os.ReadFile(filepath.Join("testdata", "break.mmd"))
	code := mermaid.Import("break.mmd", src).Code
	var b bytes.Buffer
	if err := pipeline.ExportAs(&b, pipeline.Check("break.fz", code, pipeline.Options{}), "mermaid-sequence"); err != nil {
		t.Fatal(err)
	}
	exported := b.String()
	for _, block := range []string{
		"break invalid payload\n    A-->>C: 400 Bad Request\n  end\n  A->>D: reserve stock\n",
		"break out of stock\n    D-->>A: none left\n    A-->>C: 409 Conflict\n  end\n  D-->>A: reserved\n",
		"break declined\n      P-->>A: declined\n      A-->>C: 402 Payment Required\n    end\n    P-->>A: charged\n",
	} {
		if !strings.Contains(exported, block) {
			t.Errorf("export lacks\n%s\nin\n%s", block, exported)
		}
	}
	again := mermaid.Import("again.mmd", b.Bytes())
	doc2, err := ixtest.Compile("again.fz", again.Code, true)
	if err != nil {
		t.Fatal(err)
	}
	if got, _, _ := frames(doc2); got != want {
		t.Errorf("exported and imported again, frames\n got %s\nwant %s\n%s", got, want, exported)
	}
}

// A subgraph's title in a bracket that is never closed (or empty) is
// read as far as it goes: the import neither panics nor loses the lane.
func TestImportSubgraphUnclosedBracket(t *testing.T) {
	for src, want := range map[string]string{
		"flowchart LR\nsubgraph pay(\n  a --> b\nend\n":              "pay=pay",
		"flowchart LR\nsubgraph pay[Payments\n  a --> b\nend\n":      "pay=Payments",
		"flowchart LR\nsubgraph pay[\"Payments\"]\n  a --> b\nend\n": "pay=Payments",
	} {
		res := mermaid.Import("in.mmd", []byte(src))
		if !res.OK() {
			var e strings.Builder
			_ = res.Diags.Print(&e, res.Src)
			t.Fatalf("%q: import failed:\n%s", src, e.String())
		}
		doc, err := ixtest.Compile("in.fz", res.Code, true)
		if err != nil {
			t.Fatalf("%q: %v\n%s", src, err, res.Code)
		}
		if got := doc.Lanes[0].ID + "=" + doc.Lanes[0].Label; got != want {
			t.Errorf("%q: lane %s, want %s\n%s", src, got, want, res.Code)
		}
	}
}

// Input of nothing but white space (a vertical tab, a form feed, a
// no-break space) is an empty input, not a crash.
func TestImportBlank(t *testing.T) {
	for _, src := range []string{"\v", "\f\n\v;\v", "\u00a0\n", " \t\n\n"} {
		res := mermaid.Import("in.mmd", []byte(src))
		var e strings.Builder
		_ = res.Diags.Print(&e, res.Src)
		if res.OK() || !strings.Contains(e.String(), "empty Mermaid input") {
			t.Errorf("%q: want an empty-input error, got:\n%s", src, e.String())
		}
	}
}

// TestSequenceEscapingRoundTrip: labels with the characters the
// sequence export writes as entity codes (';' is #59;, '#' #35;, '<'
// #lt;, '&' #amp;, '%' #37;) import back whole: the ';' ending a code
// does not end the statement.
func TestSequenceEscapingRoundTrip(t *testing.T) {
	nasty := []string{`Submit "urgent" #1 <form> & docs`, `Log in ledger; 100% audited`, `a;b;c`, `50% | #quot; literal`}
	var b strings.Builder
	b.WriteString("client { # Client\n  n1: circle label:\"Start\"\n")
	for i, s := range nasty {
		fmt.Fprintf(&b, "  n%d: rectangle label:%q\n", i+2, s)
		fmt.Fprintf(&b, "  n%d.handle(right) -> n%d.handle(left) [label=%q]\n", i+1, i+2, s+" sent")
	}
	b.WriteString("}\n")
	p := filepath.Join(t.TempDir(), "seq.fz")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	mm := export(t, p, "mermaid-sequence")
	res := mermaid.Import("seq.mmd", mm)
	if !res.OK() {
		var e strings.Builder
		_ = res.Diags.Print(&e, res.Src)
		t.Fatalf("%s\n%s", e.String(), mm)
	}
	back, err := ixtest.Compile("back.fz", res.Code, true)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, n := range back.Nodes {
		got[n.Label] = true
	}
	for _, e := range back.Edges {
		got[e.Label] = true
	}
	for _, s := range nasty {
		if !got[s] && !got[s+" sent"] {
			t.Errorf("label %q lost on the way back:\n%s\n%s", s, mm, res.Code)
		}
	}
}

// TestImportLinkForms: a '|' inside a quoted link label stays in the
// label, and links with a head at each end (o--o, x--x, <==>) import as
// two-way links do, with a warning.
func TestImportLinkForms(t *testing.T) {
	res := mermaid.Import("links.mmd", []byte("flowchart LR\n  C ---|\"critical | P1\"| D\n  G[Retry] o--o H[Circle ends]\n  H x--x I[Cross ends]\n  I <==> J\n  J o-. maybe .-o K\n"))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	if !res.OK() {
		t.Fatalf("import failed:\n%s", e.String())
	}
	doc, err := ixtest.Compile("links.fz", res.Code, true)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ed := range doc.Edges {
		got = append(got, ed.From.Label+">"+ed.To.Label+":"+ed.Label)
	}
	want := "C>D:critical | P1, Retry>Circle ends:, Circle ends>Cross ends:, Cross ends>J:, J>K:maybe"
	if strings.Join(got, ", ") != want {
		t.Errorf("edges %q, want %q\n%s", strings.Join(got, ", "), want, res.Code)
	}
	if n := strings.Count(e.String(), "two-way link"); n != 4 {
		t.Errorf("want 4 two-way warnings, got %d:\n%s", n, e.String())
	}
}

// TestImportCreatedParticipantAndMarkdown: a participant declared where
// it is created keeps its name (only the creation is reported), and a
// Markdown string loses its italic marks as it loses its bold ones,
// leaving an underscore inside a word.
func TestImportCreatedParticipantAndMarkdown(t *testing.T) {
	doc, out := ixtest.Import(t, "seq.mmd", []byte("sequenceDiagram\n  participant S as Server\n  create participant W as Worker\n  S->>W: spawn\n"), mermaid.Import)
	if len(doc.Lanes) != 2 || doc.Lanes[1].Label != "Worker" || !strings.Contains(out, "`create` not carried over") {
		t.Errorf("created participant:\n%s", out)
	}
	doc, out = ixtest.Import(t, "md.mmd", []byte("flowchart LR\n  A[\"`**Bold** _markdown_ label snake_case *it*`\"] --> B\n"), mermaid.Import)
	if got := doc.Nodes[0].Label; got != "Bold markdown label snake_case it" {
		t.Errorf("Markdown label %q:\n%s", got, out)
	}
}

// TestImportNamesDecisionOutcomes: a decision's unlabelled links are
// named, so the import passes the strict check: "else" for the only one
// beside labelled ones, the target's label when there are more.
func TestImportNamesDecisionOutcomes(t *testing.T) {
	doc, out := ixtest.Import(t, "d.mmd", []byte("flowchart LR\n  A{Paid?} -->|yes| B[Ship]\n  A --> C[Remind]\n  D{Size?} -->|S| E[Small box]\n  D --> F[Pallet]\n  D -.- G[Courier]\n"), mermaid.Import)
	var got []string
	for _, e := range doc.Edges {
		got = append(got, e.Label)
	}
	if strings.Join(got, ",") != "yes,else,S,Pallet,Courier" {
		t.Errorf("outcomes %q:\n%s", got, out)
	}
}

// TestImportEncoding: a byte order mark and CRLF line ends (as Windows
// editors save) are read as any file; a byte that is not UTF-8 (a file
// saved as Latin-1) is an error at that byte, not a letter quietly
// dropped from a label.
func TestImportEncoding(t *testing.T) {
	doc, out := ixtest.Import(t, "bom.mmd", []byte("\ufeffflowchart LR\r\n  A[Café] --> B{Ok?}\r\n"), mermaid.Import)
	if len(doc.Nodes) != 2 || doc.Nodes[0].Label != "Café" || doc.Nodes[1].Label != "Ok?" {
		t.Errorf("byte order mark and CRLF:\n%s", out)
	}
	doc, out = ixtest.Import(t, "bom.mmd", []byte("\ufeff---\ntitle: Shop\n---\nflowchart LR\n  A --> B\n"), mermaid.Import)
	if len(doc.Lanes) != 1 || doc.Lanes[0].Label != "Shop" {
		t.Errorf("byte order mark before front matter:\n%s", out)
	}
	for _, src := range []string{"flowchart LR\n  A[Caf\xe9] --> B[Na\xefve]\n", "sequenceDiagram\n  A->>B: Caf\xe9\n"} {
		res := mermaid.Import("latin1.mmd", []byte(src))
		var e strings.Builder
		_ = res.Diags.Print(&e, res.Src)
		want := ":2:"
		if res.OK() || !strings.Contains(e.String(), "latin1.mmd"+want) || !strings.Contains(e.String(), "found the byte 0xE9, which is not UTF-8: expected UTF-8 text") {
			t.Errorf("%q: want an error at the byte 0xE9, got:\n%s\n%s", src, e.String(), res.Code)
		}
	}
}

// TestImportMultilineLabel: a quoted label may run over several lines,
// a Markdown string's as a plain one's (each line a line of the label);
// a quote that is never closed takes no other line, and a quote in a
// message's text (5" screws) joins no lines.
func TestImportMultilineLabel(t *testing.T) {
	doc, out := ixtest.Import(t, "ml.mmd", []byte("flowchart LR\n  A[\"`**Order**\n  received`\"] --> B(\"Check\n stock\")\n  B -- \"in\n stock\" --> C{\"Pay\nnow?\"}\n  C -->|\"yes,\n card\"| D\n"), mermaid.Import)
	var got []string
	for _, n := range doc.Nodes {
		got = append(got, n.Label)
	}
	for _, e := range doc.Edges {
		got = append(got, e.Label)
	}
	if strings.Join(got, ",") != "Order received,Check stock,Pay now?,D,,in stock,yes, card" {
		t.Errorf("labels %q:\n%s", got, out)
	}
	doc, out = ixtest.Import(t, "open.mmd", []byte("flowchart LR\n  A[\"never closed] --> B\n  B --> C[\"C\"]\n"), mermaid.Import)
	if len(doc.Nodes) != 3 || len(doc.Edges) != 2 {
		t.Errorf("an unclosed quote took the next line:\n%s", out)
	}
	doc, out = ixtest.Import(t, "seq.mmd", []byte("sequenceDiagram\n  A->>B: 5\" screws\n  B->>A: the 3\" ones\n"), mermaid.Import)
	if len(doc.Nodes) != 3 || doc.Nodes[1].Label != `the 3" ones` || doc.Nodes[2].Label != `5" screws` {
		t.Errorf("quotes in messages:\n%s", out)
	}
}

// TestImportBlockAtTheEnd: an opt (or a break) that nothing after it
// follows in its decision's lane still gives the decision two outcomes
// (its way round ends at a step End), and an opt whose steps stay in
// that lane meets the way round again: exported, it is an opt frame.
func TestImportBlockAtTheEnd(t *testing.T) {
	for name, src := range map[string]string{
		"self":  "sequenceDiagram\n  C->>S: GET\n  opt logging\n    S->>S: log access\n  end\n  C->>S: poll\n  S-->>C: ok\n",
		"other": "sequenceDiagram\n  C->>S: GET\n  opt logging\n    S->>L: log access\n  end\n",
		"break": "sequenceDiagram\n  C->>S: GET\n  break invalid\n    S-->>C: 400\n  end\n",
	} {
		doc, out := ixtest.Import(t, name+".mmd", []byte(src), mermaid.Import)
		for _, n := range doc.Nodes {
			if n.Shape != model.Diamond {
				continue
			}
			var ways []string
			for _, e := range doc.Edges {
				if e.From == n {
					ways = append(ways, e.Label+">"+e.To.Label)
				}
			}
			if len(ways) != 2 || !slices.Contains(ways, "else>End") {
				t.Errorf("%s: decision %q has the outcomes %q:\n%s", name, n.Label, ways, out)
			}
		}
		if name != "self" {
			continue
		}
		var b bytes.Buffer
		if err := pipeline.ExportAs(&b, pipeline.Check("self.fz", mermaid.Import("self.mmd", []byte(src)).Code, pipeline.Options{}), "mermaid-sequence"); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "opt logging\n    S->>S: log access\n  end\n") {
			t.Errorf("%s: no opt frame in\n%s", name, b.String())
		}
	}
}

// TestImportAltWithoutGuards: sections without a guard (`alt` / `else`
// alone) are outcomes with names, as flowzap check asks: "else" beside
// a guarded one, else the message they send; a decision without any
// guard asks "Which way?", not "?".
func TestImportAltWithoutGuards(t *testing.T) {
	for src, want := range map[string]string{
		"sequenceDiagram\n  A->>B: ask\n  alt\n    B->>A: yes\n  else\n    B->>A: no\n  end\n":         "Which way?: yes>yes, no>no",
		"sequenceDiagram\n  A->>B: ask\n  alt ok\n    B->>A: fine\n  else\n    B->>A: failed\n  end\n": "ok?: ok>fine, else>failed",
	} {
		doc, out := ixtest.Import(t, "alt.mmd", []byte(src), mermaid.Import)
		var got string
		for _, n := range doc.Nodes {
			if n.Shape != model.Diamond {
				continue
			}
			var ways []string
			for _, e := range doc.Edges {
				if e.From == n {
					ways = append(ways, e.Label+">"+e.To.Label)
				}
			}
			got = n.Label + ": " + strings.Join(ways, ", ")
		}
		if got != want {
			t.Errorf("got %q, want %q:\n%s", got, want, out)
		}
	}
}

// TestImportTrapezoids: the trapezoid shapes [/a\] and [\b/] end at
// their own closing side, not at a parallelogram's further on the line
// (which made one node of "a\] --> U[\b" and lost the link).
func TestImportTrapezoids(t *testing.T) {
	doc, out := ixtest.Import(t, "trap.mmd", []byte("flowchart LR\n  T[/trap\\] --> U[\\inv/]\n  P[/para/] --> Q[\\alt\\]\n  Q --> R[/a/b/]\n  R --> S[/path/to/file]\n"), mermaid.Import)
	var got []string
	for _, e := range doc.Edges {
		got = append(got, e.From.Label+">"+e.To.Label)
	}
	if strings.Join(got, ",") != "trap>inv,para>alt,alt>a/b,a/b>/path/to/file" {
		t.Errorf("edges %q:\n%s", got, out)
	}
}

// TestImportParticipantInlineAlias: a participant named inside its
// properties (@{ "alias": "Public API" }, Mermaid 11's inline alias) is
// a lane of that name, not of its ID.
func TestImportParticipantInlineAlias(t *testing.T) {
	doc, out := ixtest.Import(t, "alias.mmd", []byte("sequenceDiagram\n  participant API@{ \"type\": \"boundary\", \"alias\": \"Public API\" }\n  participant DB@{ \"type\": \"database\" } as User Database\n  API->>DB: query\n"), mermaid.Import)
	if len(doc.Lanes) != 2 || doc.Lanes[0].Label != "Public API" || doc.Lanes[1].Label != "User Database" {
		t.Errorf("lanes:\n%s", out)
	}
}

// TestImportOptThenSeveralMessages: after an opt block whose way round
// its participant takes, the decision keeps two outcomes (the guard and
// one "else") however many messages the participant sends next: each of
// them was one more outcome "else" of the decision, and exported, the
// later ones read "else" instead of their own text.
func TestImportOptThenSeveralMessages(t *testing.T) {
	src := "sequenceDiagram\n  U->>W: order\n  opt gift\n    W->>U: wrap\n  end\n  W->>D: save\n  W->>U: confirm\n  W->>U: done\n"
	doc, out := ixtest.Import(t, "opt.mmd", []byte(src), mermaid.Import)
	for _, n := range doc.Nodes {
		if n.Shape != model.Diamond {
			continue
		}
		var ways []string
		for _, e := range doc.Edges {
			if e.From == n {
				ways = append(ways, e.Label)
			}
		}
		if !slices.Equal(ways, []string{"gift", "else"}) {
			t.Errorf("decision %q has the outcomes %q, want [gift else]:\n%s", n.Label, ways, out)
		}
	}
	var b bytes.Buffer
	if err := pipeline.ExportAs(&b, pipeline.Check("opt.fz", mermaid.Import("opt.mmd", []byte(src)).Code, pipeline.Options{}), "mermaid-sequence"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"W->>D: save\n", "W-->>U: confirm\n", "W->>U: done\n"} {
		if strings.Count(b.String(), want) != 1 {
			t.Errorf("%q is not drawn once in\n%s", want, b.String())
		}
	}
}

// TestImportEmojiWarningsPointAtTheirText: an emoji removed from the
// front matter's title (the label of the lane main) is reported at the
// title's line, not at 1:1, and one removed from a message names the
// message's text, not the step ID the importer made up for it.
func TestImportEmojiWarningsPointAtTheirText(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"flow.mmd": {"---\ntitle: Returns 📦\n---\nflowchart LR\n  a[Receive] --> b[Refund]\n",
			`flow.mmd:2:1: warning: emoji "📦" removed from lane label "Returns 📦"`},
		"seq.mmd": {"sequenceDiagram\n  A->>B: ask\n  B-->>A: Done ✅\n",
			`seq.mmd:3:3: warning: emoji "✅" removed from the label "Done ✅" of a step`},
	} {
		res := mermaid.Import(name, []byte(tc.src))
		var e strings.Builder
		_ = res.Diags.Print(&e, res.Src)
		if !res.OK() || !strings.Contains(e.String(), tc.want) {
			t.Errorf("%s: want %q in:\n%s", name, tc.want, e.String())
		}
	}
}

// TestImportAmpersandLimit: `A & B & ... --> C & D & ...` makes an edge
// per pair, so one line of a few kilobytes asked for millions of edges
// (2,250,000 from 22 KB, built before any limit was checked): the link
// that goes over the limit is an error at its arrow, and nothing is
// built from it.
func TestImportAmpersandLimit(t *testing.T) {
	var a, b []string
	for i := range 1000 {
		a = append(a, fmt.Sprintf("a%d", i))
		b = append(b, fmt.Sprintf("b%d", i))
	}
	line := "  " + strings.Join(a, " & ") + " --> " + strings.Join(b, " & ")
	src := "flowchart LR\n" + line + "\n"
	res := mermaid.Import("amp.mmd", []byte(src))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	want := fmt.Sprintf("amp.mmd:2:%d: error: found a link from 1000 nodes to 1000", strings.Index(line, "-->")+1)
	if res.OK() || !strings.Contains(e.String(), want) {
		t.Errorf("want %q in:\n%.600s", want, e.String())
	}
}

// TestImportLoopOfOneMessage: a loop of one message (a poll) stays a
// loop: a step in the sender's lane, labelled with the condition, sends
// the message, and the loop holds both (it was only a comment, FlowZap
// loops needing two steps). A loop right after an alt does not hold the
// step made for the alt's section when its participant sends again in
// the loop ("declined": the loop took in the whole alt).
func TestImportLoopOfOneMessage(t *testing.T) {
	src := "sequenceDiagram\n  U->>W: pay\n  alt card ok\n    W->>P: charge\n    P-->>W: approved\n  else declined\n    W-->>U: error\n  end\n  loop every 5s\n    W->>P: poll\n  end\n  W->>U: done\n"
	doc, out := ixtest.Import(t, "poll.mmd", []byte(src), mermaid.Import)
	if len(doc.Loops) != 1 {
		t.Fatalf("%d loops, want 1:\n%s", len(doc.Loops), out)
	}
	var ns []string
	for _, n := range doc.Loops[0].Nodes {
		ns = append(ns, n.Lane.ID+":"+n.Label)
	}
	if got, want := strings.Join(ns, " "), "W:every 5s P:poll"; got != want {
		t.Errorf("loop over %q, want %q:\n%s", got, want, out)
	}
	var b bytes.Buffer
	if err := pipeline.ExportAs(&b, pipeline.Check("poll.fz", mermaid.Import("poll.mmd", []byte(src)).Code, pipeline.Options{}), "mermaid-sequence"); err != nil {
		t.Fatal(err)
	}
	if want := "  loop every 5s\n    W->>P: poll\n  end\n"; !strings.Contains(b.String(), want) {
		t.Errorf("no %q in\n%s", want, b.String())
	}
	if strings.Index(b.String(), "loop every 5s") < strings.Index(b.String(), "  end\n") {
		t.Errorf("the loop frame holds the alt:\n%s", b.String())
	}
}

// TestRoundTripLoopSteps: a loop comes back with all its steps, also
// when they are not the shortest way from its first step to its last
// (a shortcut "cached" from Fetch to More? made the loop Fetch, More?
// and lost Parse and Store): the export lists them in a comment before
// the loop's link.
func TestRoundTripLoopSteps(t *testing.T) {
	out := export(t, filepath.Join("testdata", "loop-shortcut.fz"), "mermaid")
	if !strings.Contains(string(out), "  %% loop steps: n2 n3 n4 n5\n  n5 -.->|\"loop: while pages\"| n2\n") {
		t.Errorf("no steps comment before the loop's link:\n%s", out)
	}
	doc, res := ixtest.Import(t, "loop.mmd", out, mermaid.Import)
	if len(doc.Loops) != 1 {
		t.Fatalf("%d loops:\n%s", len(doc.Loops), res)
	}
	var got []string
	for _, n := range doc.Loops[0].Nodes {
		got = append(got, n.Label)
	}
	if want := "Fetch Parse Store More?"; strings.Join(got, " ") != want {
		t.Errorf("loop over %q, want %q:\n%s", strings.Join(got, " "), want, res)
	}
}

// TestImportLoopLinkWithoutPath: a dotted "loop: ..." link that closes
// no path, with no list of steps, stays an edge, and a warning says so
// (it became an edge silently).
func TestImportLoopLinkWithoutPath(t *testing.T) {
	src := "flowchart LR\n  a[Pack] --> b[Ship]\n  a -.->|\"loop: again\"| b\n"
	res := mermaid.Import("loop.mmd", []byte(src))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	if want := "loop.mmd:3:5: warning: found a loop link (\"loop: again\") from a back to b, but no path from b to a"; !res.OK() || !strings.Contains(e.String(), want) {
		t.Errorf("want %q in:\n%s", want, e.String())
	}
}

// TestImportBlockDepthLimit: blocks nested deeper than 256 are an error
// at the first block too deep: where each participant stands grows with
// the blocks around it, so the work grew with the square of the depth
// (3,000 nested alts, 60 KB, took 20 s).
func TestImportBlockDepthLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("sequenceDiagram\n  A->>B: go\n")
	for i := range 300 {
		fmt.Fprintf(&b, "  alt c%d\n  A->>B: m%d\n", i, i)
	}
	for range 300 {
		b.WriteString("  end\n")
	}
	res := mermaid.Import("deep.mmd", []byte(b.String()))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	if want := "deep.mmd:515:3: error: found a block nested 257 deep: expected at most 256"; res.OK() || !strings.Contains(e.String(), want) {
		t.Errorf("want %q in:\n%.500s", want, e.String())
	}
}

// TestImportEdgeProperties: `e1@{ animate: true }` on an edge's ID is
// one warning naming the edge's properties, not also a "node property"
// warning for each, as if e1 were a node.
func TestImportEdgeProperties(t *testing.T) {
	src := "flowchart LR\n  A e1@--> B\n  e1@{ animate: true, curve: linear }\n  C@{ shape: rect, icon: \"fa:x\", label: \"Cee\" } --> A\n"
	res := mermaid.Import("ep.mmd", []byte(src))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	for _, want := range []string{
		`ep.mmd:3:3: warning: edge properties of "e1" not carried over (animate, curve)`,
		`ep.mmd:4:4: warning: node property "icon" of C not carried over`,
	} {
		if !strings.Contains(e.String(), want) {
			t.Errorf("want %q in:\n%s", want, e.String())
		}
	}
	if strings.Contains(e.String(), "of e1 not carried") {
		t.Errorf("an edge's property reported as a node's:\n%s", e.String())
	}
}

// TestImportMessageWithoutText: a message without text gets a step
// labelled "Message N", and a warning says so (it was silent).
func TestImportMessageWithoutText(t *testing.T) {
	res := mermaid.Import("empty.mmd", []byte("sequenceDiagram\n  A->>B: hello\n  B-->>A:\n"))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	if want := `empty.mmd:3:3: warning: message from B to A has no text: its step is labelled "Message 2"`; !res.OK() || !strings.Contains(e.String(), want) {
		t.Errorf("want %q in:\n%s", want, e.String())
	}
}

// TestImportAccDescrBlock: an accessible description written as a block
// over several lines (`accDescr {` ... `}`) is one statement, reported
// once, in flowcharts and sequences alike; its lines were read as nodes
// and links and failed the import.
func TestImportAccDescrBlock(t *testing.T) {
	for _, src := range []string{
		"flowchart LR\n  accDescr {\n    Orders go\n    to the warehouse\n  }\n  A --> B\n",
		"sequenceDiagram\n  accDescr {\n    Orders go\n    to the warehouse\n  }\n  A->>B: hello\n",
	} {
		res := mermaid.Import("acc.mmd", []byte(src))
		var e strings.Builder
		_ = res.Diags.Print(&e, res.Src)
		if !res.OK() || strings.Count(e.String(), "warning:") != 1 || !strings.Contains(e.String(), "acc.mmd:2:3: warning: `accDescr` not carried over") {
			t.Errorf("want one warning at 2:3 for the block:\n%s", e.String())
		}
		if _, err := ixtest.Compile("acc.fz", res.Code, true); err != nil {
			t.Errorf("%v:\n%s", err, res.Code)
		}
	}
}

// TestImportLoopWithoutCondition: a `loop` without a condition gets one
// ("repeat"), for its frame and for the step made to head a loop of one
// message, which read as the made-up "seq1".
func TestImportLoopWithoutCondition(t *testing.T) {
	res := mermaid.Import("loop.mmd", []byte("sequenceDiagram\n  A->>B: hi\n  loop\n    A->>B: ping\n  end\n"))
	code := string(res.Code)
	if !res.OK() || !strings.Contains(code, "loop [repeat]") || strings.Contains(code, `"seq`) {
		t.Errorf("want a loop [repeat] and no made-up label:\n%s", code)
	}
}

// TestImportParticipantDeclaredAfterUse: a participant declared with a
// name after a message already named it (`A->>S: hi` / `participant S as
// Backend`) gets that name, as Mermaid shows it; it was kept as "S".
func TestImportParticipantDeclaredAfterUse(t *testing.T) {
	res := mermaid.Import("late.mmd", []byte("sequenceDiagram\n  C->>S: connect\n  participant S as Backend\n  participant C\n  S-->>C: ok\n"))
	code := string(res.Code)
	if !res.OK() || !strings.Contains(code, "S { # Backend") || !strings.Contains(code, "C { # C") {
		t.Errorf("want the lane S labelled Backend:\n%s", code)
	}
}

// TestImportFrontMatterConfig: the front matter's config (theme, look),
// which replaced %%{init}%% directives, is reported as they are; it was
// dropped without a word.
func TestImportFrontMatterConfig(t *testing.T) {
	res := mermaid.Import("cfg.mmd", []byte("---\ntitle: Orders\nconfig:\n  theme: dark\n---\nflowchart LR\n  A --> B\n"))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	if want := "cfg.mmd:3:1: warning: Mermaid directive (config:) not carried over"; !res.OK() || !strings.Contains(e.String(), want) || !strings.Contains(string(res.Code), "# Orders") {
		t.Errorf("want %q in:\n%s\n%s", want, e.String(), res.Code)
	}
}

// TestImportDirectives: each %%{...}%% directive is reported where it
// stands, and the diagram is still imported.
func TestImportDirectives(t *testing.T) {
	res := mermaid.Import("d.mmd", []byte("%%{init: {'theme': 'forest'}}%%\nflowchart LR\n  A --> B\n  %%{ wrap }%%\n"))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	for _, want := range []string{"d.mmd:1:1: warning: Mermaid directive (%%{...}%%) not carried over", "d.mmd:4:3: warning: Mermaid directive (%%{...}%%) not carried over"} {
		if !res.OK() || !strings.Contains(e.String(), want) {
			t.Errorf("want %q in:\n%s", want, e.String())
		}
	}
	if n := strings.Count(e.String(), "Mermaid directive"); n != 2 {
		t.Errorf("%d directive warnings, want 2:\n%s", n, e.String())
	}
}

// TestImportLinkFromSubgraphLeavesItsEnd: a link from a subgraph leaves
// the node its flow ends at inside it (none of its links leaves it), and
// a link to one reaches the node its flow starts at, not the node written
// first or last (a2 is named before a1 here, by a link from outside).
func TestImportLinkFromSubgraphLeavesItsEnd(t *testing.T) {
	src := "flowchart TB\n  c1 --> a2\n  subgraph one\n    a1 --> a2\n  end\n  subgraph two\n    b2\n    b1 --> b2\n  end\n  one --> two\n"
	res := mermaid.Import("sg.mmd", []byte(src))
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	for _, want := range []string{`link to subgraph "one" attached to its node a2`, `link to subgraph "two" attached to its node b1`} {
		if !strings.Contains(e.String(), want) {
			t.Errorf("want %q in:\n%s", want, e.String())
		}
	}
}
