package pipeline

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"flowzap/internal/diag"
	"flowzap/internal/golden"
	"flowzap/internal/render/raster"
	"flowzap/internal/scene"
	"flowzap/internal/source"
	"flowzap/internal/testgen"
)

const hostile = `evil { # <script>alert(1)</script> & "lane"
  n1: circle label:"</text><script>alert('x')</script>"
  n2: rectangle label:"a < b && c > d"
  n1.handle(right) -> n2.handle(left) [label="<img src=x onerror=alert(1)>"]
}
`

// TestSVGEscapesUserText checks no label can inject markup into the SVG:
// the output is well-formed XML with no script element or event handler.
func TestSVGEscapesUserText(t *testing.T) {
	r := Check("evil.fz", []byte(hostile), Options{})
	var b bytes.Buffer
	if err := Render(&b, r, RenderOptions{Format: "svg"}); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(b.Bytes()))
	texts := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, b.String())
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if strings.EqualFold(x.Name.Local, "script") || strings.EqualFold(x.Name.Local, "img") {
				t.Fatalf("label injected a <%s> element", x.Name.Local)
			}
			for _, a := range x.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Fatalf("label injected an event handler %s", a.Name.Local)
				}
			}
		case xml.CharData:
			texts += string(x)
		}
	}
	for _, want := range []string{"<script>alert(1)</script>", "a < b && c > d"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the text %q should be shown literally", want)
		}
	}
}

func TestRenderFormats(t *testing.T) {
	src, err := os.ReadFile("../../examples/seed-blue-green.fz")
	if err != nil {
		t.Fatal(err)
	}
	r := Check("seed.fz", src, Options{})
	sc, err := Layout(r.Doc, "workflow", "light")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Render(&b, r, RenderOptions{Format: "png", Scale: 2}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); math.Abs(float64(w)-2*sc.Width) > 1 || math.Abs(float64(h)-2*sc.Height) > 1 {
		t.Errorf("PNG is %dx%d, want about %.0fx%.0f at scale 2", w, h, 2*sc.Width, 2*sc.Height)
	}
	// The background is painted, and text pixels (dark) exist.
	if c := img.At(1, 1); c == nil {
		t.Error("no pixel at the corner")
	}
	b.Reset()
	if err := Render(&b, r, RenderOptions{Format: "pdf"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) || !bytes.Contains(b.Bytes(), []byte("Inter")) {
		t.Errorf("PDF lacks its header or embedded font (%d bytes)", b.Len())
	}
	b.Reset()
	if err := Render(&b, r, RenderOptions{Format: "json"}); err != nil {
		t.Fatal(err)
	}
	var l scene.Layout
	if err := json.Unmarshal(b.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	if l.View != "workflow" || len(l.Lanes) != 3 || len(l.Nodes) != 20 || len(l.Edges) != 22 {
		t.Errorf("layout JSON: view %q, %d lanes, %d nodes, %d edges", l.View, len(l.Lanes), len(l.Nodes), len(l.Edges))
	}
	for i, e := range l.Edges {
		if e.ID != "e"+itoa(i+1) {
			t.Errorf("edges are not in written order: %s at %d", e.ID, i)
		}
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestRenderErrors(t *testing.T) {
	r := Check("x.fz", []byte("a { # A\n  n1: circle label:\"x\"\n}\n"), Options{})
	for _, o := range []RenderOptions{{View: "pie"}, {Format: "gif"}, {Theme: "neon"}, {Format: "png", Scale: -1}, {View: "kanban"}} {
		if err := Render(io.Discard, r, o); err == nil {
			t.Errorf("%+v: expected an error", o)
		}
	}
	bad := Check("y.fz", []byte("a { # A\n  n1.handle(right) -> n2.handle(left)\n}\n"), Options{})
	if err := Render(io.Discard, bad, RenderOptions{}); err == nil {
		t.Error("rendering code with errors must fail")
	}
}

// TestSVGGolden keeps one small full SVG, to review the markup itself.
func TestSVGGolden(t *testing.T) {
	src, _ := os.ReadFile("../../examples/hello.fz")
	r := Check("hello.fz", src, Options{})
	var b bytes.Buffer
	if err := Render(&b, r, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/hello.svg", b.Bytes())
}

// BenchmarkRenderSeed measures a seed diagram from source text to SVG, the
// whole in-process path.
func BenchmarkRenderSeed(b *testing.B) {
	fresh(b)
	src, _ := os.ReadFile("../../examples/seed-blue-green.fz")
	for b.Loop() {
		r := Check("seed.fz", src, Options{})
		if err := Render(io.Discard, r, RenderOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderSVG measures source to SVG for generated workflows.
func BenchmarkRenderSVG(b *testing.B) {
	fresh(b)
	for _, n := range []int{100, 1000, 10000} {
		src := []byte(testgen.Diagram(testgen.Options{Nodes: n, Seed: 1}))
		b.Run("nodes="+itoa(n), func(b *testing.B) {
			for b.Loop() {
				r := Check("gen.fz", src, Options{})
				if err := Render(io.Discard, r, RenderOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRenderKeystroke measures source to SVG for the web app's
// typing benchmark diagram (10 lanes of 20 nodes, about 226 edges): what
// one keystroke costs the preview, natively.
func BenchmarkRenderKeystroke(b *testing.B) {
	fresh(b)
	src := []byte(testgen.Diagram(testgen.Options{Nodes: 200, Lanes: 10, Seed: 3}))
	for b.Loop() {
		r := Check("gen.fz", src, Options{})
		if err := Render(io.Discard, r, RenderOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// fresh makes the layouts of a benchmark start from scratch: it lays the
// same diagram out again and again, which the workflow layout would
// otherwise answer from its memo.
func fresh(b *testing.B) {
	freshLayouts = true
	b.Cleanup(func() { freshLayouts = false })
}

// BenchmarkTyping replays what the web app's keystroke benchmark types
// (internal/server/keystroke_bench_test.go) on the same 200-node diagram:
// 30 letters into one label, then 30 into the next, a space every fifth
// key, each keystroke checked and rendered to SVG. It reports the
// distribution of the time per keystroke (ms-p50, ms-p95, ms-max), with
// the layout memo on, as in the app: a keystroke that keeps every size
// reuses the last geometry.
func BenchmarkTyping(b *testing.B) {
	base := testgen.Diagram(testgen.Options{Nodes: 200, Lanes: 10, Seed: 3})
	var times []float64
	for iter := 0; b.Loop(); iter++ {
		src := base
		at := 0
		for i := range 150 {
			if i%30 == 0 {
				decl := strings.Index(src, fmt.Sprintf("n%d:", 40+i/30*37%160))
				at = decl + strings.Index(src[decl:], `label:"`) + len(`label:"`)
			}
			k := string(rune('a' + (i+iter)%26))
			if i%5 == 4 {
				k = " "
			}
			src = src[:at] + k + src[at:]
			at++
			start := time.Now()
			r := Check("gen.fz", []byte(src), Options{})
			if err := Render(io.Discard, r, RenderOptions{}); err != nil {
				b.Fatal(err)
			}
			times = append(times, float64(time.Since(start))/float64(time.Millisecond))
		}
	}
	slices.Sort(times)
	q := func(p float64) float64 { return times[min(len(times)-1, int(p*float64(len(times))))] }
	b.ReportMetric(q(0.5), "ms-p50")
	b.ReportMetric(q(0.95), "ms-p95")
	b.ReportMetric(times[len(times)-1], "ms-max")
}

// BenchmarkRenderPNG measures the seed to PNG at scale 2.
func BenchmarkRenderPNG(b *testing.B) {
	src, _ := os.ReadFile("../../examples/seed-blue-green.fz")
	r := Check("seed.fz", src, Options{})
	for b.Loop() {
		if err := Render(io.Discard, r, RenderOptions{Format: "png", Scale: 2}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMaxScale: the scale limit the options check is the PNG renderer's
// own (the constant is repeated so the SVG-only build needs no raster).
func TestMaxScale(t *testing.T) {
	if MaxScale != raster.MaxScale {
		t.Errorf("pipeline.MaxScale = %d, raster.MaxScale = %d: keep them equal", MaxScale, raster.MaxScale)
	}
}

// TestViewNotes: the views that leave something of the code out say so,
// as info diagnostics at the place in the code: the mind map each node
// it does not draw (FZ301), the architecture view each edge of a node to
// itself (FZ302); the workflow view draws everything and adds none.
func TestViewNotes(t *testing.T) {
	src := `ops { # Operations
n1: circle label:"Start"
n2: rectangle label:"Poll the job"
n3: diamond label:"Done?"
n1.handle(right) -> n2.handle(left)
n2.handle(right) -> n3.handle(left)
n2.handle(bottom) -> n2.handle(bottom) [label="wait 30 s"]
n3.handle(top) -> n2.handle(top) [label="No"]
}
`
	notes := func(view string) []diag.Diagnostic {
		r := Check("notes.fz", []byte(src), Options{View: view})
		var out []diag.Diagnostic
		for _, d := range r.Diags {
			if d.Severity == diag.Info {
				out = append(out, d)
			}
		}
		return out
	}
	if ds := notes("workflow"); len(ds) != 0 {
		t.Errorf("workflow: %v, want no info", ds)
	}
	ds := notes("architecture")
	if len(ds) != 1 || ds[0].Code != diag.ArchSelfOmitted || !strings.Contains(ds[0].Msg, `n2 -> n2 "wait 30 s"`) {
		t.Fatalf("architecture: %v, want one FZ302 about n2 -> n2", ds)
	}
	f := source.NewFile("notes.fz", []byte(src))
	if line := f.Position(ds[0].Span.Start).Line; line != 7 {
		t.Errorf("architecture: FZ302 on line %d, want 7 (the edge)", line)
	}
	ds = notes("mindmap")
	if len(ds) != 1 || ds[0].Code != diag.MindMapOmitted || !strings.Contains(ds[0].Msg, "n3") {
		t.Errorf("mindmap: %v, want one FZ301 about the diamond n3", ds)
	}
}
