package wasmapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"flowzap/internal/pipeline"
	"flowzap/internal/testgen"
)

// keystrokes returns n versions of the web app's typing benchmark diagram
// (10 lanes of 20 nodes, testgen seed 3), each with one more letter typed
// into a node label, as the browser benchmark types them.
func keystrokes(n int) []string {
	src := testgen.Diagram(testgen.Options{Nodes: 200, Lanes: 10, Seed: 3})
	node := strings.Index(src, "n77:")
	at := node + strings.Index(src[node:], `label:"`) + len(`label:"`)
	out := make([]string, n)
	for i := range out {
		out[i] = src[:at] + strings.Repeat("x", i%30) + fmt.Sprint(i) + src[at:]
	}
	return out
}

// BenchmarkRender measures the web app's preview call (what the worker
// runs on every keystroke: check, SVG and the report) natively, on the
// keystroke benchmark's diagram with a different label every time.
func BenchmarkRender(b *testing.B) {
	codes := keystrokes(64)
	i := 0
	for b.Loop() {
		r := Render(Request{Code: codes[i%len(codes)]})
		if r.Status != 200 || !strings.HasPrefix(r.Body, "<svg") || r.Report == "" {
			b.Fatalf("status %d: %.200s", r.Status, r.Body)
		}
		i++
	}
}

// TestRenderReport: the render answers the picture and the report of the
// same check, and an error's answer still carries the report.
func TestRenderReport(t *testing.T) {
	r := Render(Request{Code: keystrokes(1)[0]})
	if r.Status != 200 || !strings.HasPrefix(r.Body, "<svg") || !strings.Contains(r.Report, `"valid":true`) {
		t.Fatalf("status %d, report %.200s", r.Status, r.Report)
	}
	bad := Render(Request{Code: "w { # W\n  n1: circle label:\"A\"\n  n1.handle(right) -> n9.handle(left)\n}\n"})
	if bad.Status != 422 || !strings.Contains(bad.Report, `"valid":false`) || !strings.Contains(bad.Body, "the code has errors") {
		t.Fatalf("status %d, body %.200s, report %.200s", bad.Status, bad.Body, bad.Report)
	}
}

// TestStreamPictures: renders on a stream answer pictures in parts that,
// put together with the picture before as the web app's client does, are
// byte for byte the SVG of a render without a stream, through typing that
// keeps and that changes sizes, an error, a change of view and theme, and
// a caller that asks from a picture the stream no longer has.
func TestStreamPictures(t *testing.T) {
	codes := keystrokes(40)
	type step struct {
		code, view, theme string
		base              int // -1: the client's latest; else this base
	}
	var steps []step
	for i, c := range codes {
		steps = append(steps, step{c, "", "", -1})
		switch i {
		case 10:
			steps = append(steps, step{c[:len(c)/2] + "\"\n" + c[len(c)/2:], "", "", -1}) // an error: no picture
		case 20:
			steps = append(steps, step{c, "architecture", "", -1}, step{c, "architecture", "dark", -1}, step{c, "", "", -1})
		case 30:
			steps = append(steps, step{c, "", "", 12345}) // a base the stream never had
		}
	}
	var (
		have  []string // the client's items of its latest picture
		seq   int      // its number
		reuse int      // parts that were references
	)
	for i, s := range steps {
		base := seq
		if s.base >= 0 {
			base = s.base
		}
		want := Render(Request{Code: s.code, View: s.view, Theme: s.theme})
		got := Render(Request{Code: s.code, View: s.view, Theme: s.theme, Stream: "preview", Base: base})
		if got.Status != want.Status || got.Report != want.Report || got.Type != want.Type {
			t.Fatalf("step %d: status %d, want %d (report %q, want %q)", i, got.Status, want.Status, got.Report, want.Report)
		}
		if want.Status != 200 {
			if got.Picture != nil || got.Body != want.Body {
				t.Fatalf("step %d: an error answers %q and picture %v, want %q", i, got.Body, got.Picture, want.Body)
			}
			continue
		}
		p := got.Picture
		if p == nil || got.Body != "" {
			t.Fatalf("step %d: no picture in parts (body %d bytes)", i, len(got.Body))
		}
		var prev []string
		switch p.Base {
		case 0:
		case seq:
			prev = have
		default:
			t.Fatalf("step %d: parts from picture %d, the client has %d", i, p.Base, seq)
		}
		if s.base >= 0 && s.base != seq && p.Base != 0 {
			t.Fatalf("step %d: asked from %d, answered from %d", i, s.base, p.Base)
		}
		items, err := p.Resolve(prev)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if svg := p.SVG(items); svg != want.Body {
			t.Fatalf("step %d: the parts make %d bytes, the render %d:\n%.300s\n%.300s", i, len(svg), len(want.Body), svg, want.Body)
		}
		for _, j := range p.Same {
			if j >= 0 {
				reuse++
			}
		}
		have, seq = items, p.Seq
	}
	// Most parts of a picture are the picture before's: over 40 keys
	// into one label of a 200-node diagram, at least 400 parts on 28 of
	// them (the typed word, 12 letters and more, widens its node every
	// few keys as it grows, up to the 240 px a word keeps whole, and
	// the drawing around moves with it).
	if reuse < 28*400 {
		t.Errorf("only %d parts were references to the picture before", reuse)
	}
}

// BenchmarkRenderStream is BenchmarkRender as the web app's preview asks
// for it: on a stream, each picture in parts from the one before.
func BenchmarkRenderStream(b *testing.B) {
	codes := keystrokes(64)
	i, seq := 0, 0
	for b.Loop() {
		r := Render(Request{Code: codes[i%len(codes)], Stream: "bench", Base: seq})
		if r.Status != 200 || r.Picture == nil || r.Report == "" {
			b.Fatalf("status %d: %.200s", r.Status, r.Body)
		}
		seq = r.Picture.Seq
		i++
	}
}

// typing returns the texts the browser benchmark (TestKeystrokeLatency)
// makes: 30 letters typed into a label, then into the next, a space every
// fifth key.
func typing(n int) []string {
	src := testgen.Diagram(testgen.Options{Nodes: 200, Lanes: 10, Seed: 3})
	out := make([]string, 0, n)
	at := 0
	for i := range n {
		if i%30 == 0 {
			decl := strings.Index(src, fmt.Sprintf("n%d:", 40+i/30*37%160))
			at = decl + strings.Index(src[decl:], `label:"`) + len(`label:"`)
		}
		k := string(rune('a' + i%26))
		if i%5 == 4 {
			k = " "
		}
		src = src[:at] + k + src[at:]
		at++
		out = append(out, src)
	}
	return out
}

// BenchmarkTypingKeys renders the browser benchmark's 150 keystrokes as
// the web app asks for them (sub-benchmark "stream": in parts, from the
// picture before; "whole": the SVG; "speculate": as stream, each key
// followed by Speculate, not timed), and reports the median time of a
// key the layout memo serves (ms-hit-p50) and of every key.
func BenchmarkTypingKeys(b *testing.B) {
	keys := typing(150)
	for _, mode := range []string{"whole", "stream", "speculate"} {
		b.Run(mode, func(b *testing.B) {
			var times []float64
			seq := 0
			for b.Loop() {
				for _, code := range keys {
					req := Request{Code: code}
					if mode != "whole" {
						req.Stream, req.Base = "typing"+mode, seq
					}
					t0 := time.Now()
					r := Render(req)
					times = append(times, float64(time.Since(t0).Microseconds())/1000)
					if r.Status != 200 {
						b.Fatal(r.Body)
					}
					if r.Picture != nil {
						seq = r.Picture.Seq
					}
					if mode == "speculate" {
						Speculate(Request{Stream: req.Stream})
					}
				}
			}
			slices.Sort(times)
			b.ReportMetric(times[len(times)/2], "ms-p50")
			b.ReportMetric(times[len(times)/4], "ms-p25")
			b.ReportMetric(times[len(times)*9/10], "ms-p90")
		})
	}
}

// TestPartsJSON: the parts cross into JavaScript as JSON that reads back
// as the references and the markup, whatever characters the markup has.
func TestPartsJSON(t *testing.T) {
	p := &Picture{Items: []string{"", `<g data-id="a">x &amp; "y" \ z</g>`, "", "tab\tnew\nline\r\x01\x1f é ✓ \u2028"}, Same: []int{3, -1, 0, -1}}
	var got []any
	if err := json.Unmarshal([]byte(p.PartsJSON()), &got); err != nil {
		t.Fatalf("%v: %s", err, p.PartsJSON())
	}
	want := []any{3.0, p.Items[1], 0.0, p.Items[3]}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parts read back as %q, want %q", got, want)
	}
}

// TestSpeculation: the text laid out ahead is the last edit's text with a
// W typed where the edit ended; nothing for an edit that removed text.
func TestSpeculation(t *testing.T) {
	for _, c := range []struct{ prev, cur, want string }{
		{`a label:"Sta"`, `a label:"Star"`, `a label:"StarW"`},
		{`n1: rectangle label:"ab" n2`, `n1: rectangle label:"abb" n2`, `n1: rectangle label:"abbW" n2`},
		{`label:"A B"`, `label:"A xB"`, `label:"A xWB"`},
		{`label:"AB"`, `label:"A"`, ``},
		{``, `label:"A"`, ``},
		{`label:"AB"`, `label:"AB"`, ``},
	} {
		if got := speculation(c.prev, c.cur); got != c.want {
			t.Errorf("speculation(%q, %q) = %q, want %q", c.prev, c.cur, got, c.want)
		}
	}
}

// TestSpeculate: laying the next letter out ahead while typing changes
// no picture (each is still the render's without a stream, byte for
// byte), it does lay out the keystrokes that widen a label, and it stops
// when told a newer request waits.
func TestSpeculate(t *testing.T) {
	keys := typing(40)
	seq, laid, stopped := 0, 0, 0
	var have []string
	for i, code := range keys {
		r := Render(Request{Code: code, Stream: "spec", Base: seq})
		want := Render(Request{Code: code})
		if r.Status != 200 || want.Status != 200 {
			t.Fatalf("key %d: status %d and %d", i, r.Status, want.Status)
		}
		var prev []string
		if r.Picture.Base != 0 {
			prev = have
		}
		items, err := r.Picture.Resolve(prev)
		if err != nil {
			t.Fatal(err)
		}
		if r.Picture.SVG(items) != want.Body {
			t.Fatalf("key %d: the picture differs from the render's", i)
		}
		have, seq = items, r.Picture.Seq
		if i%3 == 1 {
			// A newer request comes while the layout ahead is under way:
			// it stops (and the pictures after it are still exact).
			asked := 0
			s := Speculate(Request{Stream: "spec", Stop: func() bool { asked++; return asked > 5 }})
			if s.Status != 200 || !strings.Contains(s.Body, `"laidOut":false`) {
				t.Fatalf("key %d: speculate told to stop answered %d %s", i, s.Status, s.Body)
			}
			if asked > 0 {
				stopped++
			}
			continue
		}
		s := Speculate(Request{Stream: "spec"})
		if s.Status != 200 {
			t.Fatalf("key %d: speculate answered %d %s", i, s.Status, s.Body)
		}
		if strings.Contains(s.Body, `"laidOut":true`) {
			laid++
		}
	}
	if laid == 0 {
		t.Error("no keystroke was laid out ahead")
	}
	if stopped == 0 {
		t.Error("no layout ahead was asked whether to stop")
	}
	if s := Speculate(Request{Stream: "no such stream"}); s.Status != 200 || !strings.Contains(s.Body, `"laidOut":false`) {
		t.Errorf("speculate on an unknown stream: %d %s", s.Status, s.Body)
	}
}

// TestPatchRequiresFields: a patch request without its code or its
// operations is refused with 400 naming the field, as the server refuses
// it (not read as empty code or no operations).
func TestPatchRequiresFields(t *testing.T) {
	code, _ := json.Marshal("w { # W\n  n1: circle label:\"A\"\n}\n")
	for _, c := range []struct{ body, field string }{
		{`{"code": ` + string(code) + `}`, `missing field \"ops\"`},
		{`{"ops": []}`, `missing field \"code\"`},
	} {
		r := Patch(c.body)
		if r.Status != 400 || !strings.Contains(r.Body, c.field) {
			t.Errorf("%s: %d %s", c.body, r.Status, r.Body)
		}
	}
	r := Patch(`{"code": ` + string(code) + `, "ops": [{"op": "updateNode", "id": "n1", "label": "B"}]}`)
	if r.Status != 200 || !strings.Contains(r.Body, `label:\"B\"`) {
		t.Errorf("a whole request: %d %s", r.Status, r.Body)
	}
}

// TestPatchErrorLang: a failed operation is answered in the request's
// lang (the server answers the same: internal/server TestLangPatchErrors).
func TestPatchErrorLang(t *testing.T) {
	code, _ := json.Marshal("w { # W\n  n1: circle label:\"A\"\n}\n")
	for lang, want := range map[string]string{
		"en": `operation 1 (moveNode): lane \"x\" does not exist; nothing was changed`,
		"fr": `opération 1 (moveNode) : le couloir \"x\" n'existe pas ; rien n'a été modifié`,
		"zh": `操作 1（moveNode）：泳道 \"x\" 不存在；未做任何更改`,
	} {
		r := Patch(`{"code": ` + string(code) + `, "lang": "` + lang + `", "ops": [{"op": "moveNode", "id": "n1", "lane": "x"}]}`)
		if r.Status != 422 || !strings.Contains(r.Body, `"error":"`+want+`"`) {
			t.Errorf("%s: %d %s, want %s", lang, r.Status, r.Body, want)
		}
	}
}

// TestMaxInput: every call refuses a request over MaxInput bytes with
// 413 and the server's message, in the request's language (the patch,
// whose language is inside the body, in English as the server answers),
// and takes one of exactly MaxInput bytes.
func TestMaxInput(t *testing.T) {
	over := strings.Repeat(" ", MaxInput+1)
	for name, f := range map[string]func(Request) Response{
		"validate": Validate, "render": Render, "format": Format, "fix": Fix, "fixOne": FixOne, "export": Export,
	} {
		r := Bounded(f)(Request{Code: over, Lang: "fr"})
		want := fmt.Sprintf(`"error":"corps de la requête trop grand : la limite est de %d octets","status":413`, MaxInput)
		if r.Status != 413 || !strings.Contains(r.Body, want) {
			t.Errorf("%s over the limit: %d %.200s", name, r.Status, r.Body)
		}
		if r := Bounded(f)(Request{Code: over[1:]}); r.Status == 413 {
			t.Errorf("%s at the limit: %d %.200s", name, r.Status, r.Body)
		}
	}
	body := `{"code": "` + over + `", "ops": []}`
	if r := Patch(body); r.Status != 413 || !strings.Contains(r.Body, fmt.Sprintf("request body too large: the limit is %d bytes", MaxInput)) {
		t.Errorf("patch over the limit: %d %.200s", r.Status, r.Body)
	}
	if r := Import(pipeline.ImportRequest{From: "mermaid", Source: "flowchart TD\n" + over, Lang: "zh"}); r.Status != 413 || !strings.Contains(r.Body, "请求体过大") {
		t.Errorf("import over the limit: %d %.200s", r.Status, r.Body)
	}
}
