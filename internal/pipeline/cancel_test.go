package pipeline

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"flowzap/internal/testgen"
	"flowzap/internal/textmeasure"
)

type measureFunc func(text string, size float64, bold bool) float64

func (f measureFunc) Width(text string, size float64, bold bool) float64 { return f(text, size, bold) }

func TestLayoutContext(t *testing.T) {
	var b strings.Builder
	b.WriteString("a { # A\n")
	for i := 0; i < 50; i++ {
		b.WriteString("  n" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ": rectangle label:\"a label long enough to wrap over several lines of text\"\n")
	}
	b.WriteString("}\n")
	res := Check("x.fz", []byte(b.String()), Options{})
	if !res.OK() {
		t.Fatal(res.Diags.Err())
	}
	sc, err := LayoutContext(context.Background(), res.Doc, RenderOptions{})
	if err != nil || sc == nil || len(sc.Items) == 0 {
		t.Fatalf("layout with a live context: %v", err)
	}
	want, _ := LayoutWith(res.Doc, RenderOptions{})
	if sc.Width != want.Width || sc.Height != want.Height {
		t.Errorf("the checking measurer changed the layout: %vx%v, want %vx%v", sc.Width, sc.Height, want.Width, want.Height)
	}
	// Canceled in the middle of the layout (after its 20th measure).
	for _, view := range Views {
		ctx, cancel := context.WithCancel(context.Background())
		calls := 0
		spy := func(m textmeasure.Measurer) textmeasure.Measurer {
			return measureFunc(func(text string, size float64, bold bool) float64 {
				if calls++; calls == 20 {
					cancel()
				}
				return m.Width(text, size, bold)
			})
		}
		sc, err := layoutContext(ctx, res.Doc, RenderOptions{View: view}, spy)
		if !errors.Is(err, context.Canceled) || sc != nil {
			t.Errorf("%s: layout canceled midway: %v (after %d measures)", view, err, calls)
		}
		cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := LayoutContext(ctx, res.Doc, RenderOptions{View: "sequence"}); !errors.Is(err, context.Canceled) {
		t.Errorf("layout with a canceled context: %v", err)
	}
	var out bytes.Buffer
	if err := RenderContext(ctx, &out, res, RenderOptions{Format: "png"}, DefaultLimits); !errors.Is(err, context.Canceled) || out.Len() != 0 {
		t.Errorf("render with a canceled context: %v, %d bytes written", err, out.Len())
	}
}

// TestLayoutUntil: a workflow layout asks whether to stop between its
// steps, not only when it measures text (which it does all at the start:
// the routing, the crossings' repair and the labels measure nothing), so
// an abandoned layout stops soon wherever it is; stopped, it answers
// ErrStopped and leaves nothing behind that changes a later layout.
func TestLayoutUntil(t *testing.T) {
	src := testgen.Diagram(testgen.Options{Nodes: 300, Lanes: 6, Seed: 11})
	res := Check("x.fz", []byte(src), Options{})
	if !res.OK() {
		t.Fatal(res.Diags.Err())
	}
	edges := len(res.Doc.Edges)
	// Whole layouts (no memo), until the last part.
	freshLayouts = true
	defer func() { freshLayouts = false }()
	// Measures and questions, in order: m for a measure, q for a
	// question asked anywhere else.
	var order []byte
	spy := func(m textmeasure.Measurer) textmeasure.Measurer {
		return measureFunc(func(text string, size float64, bold bool) float64 {
			order = append(order, 'm')
			return m.Width(text, size, bold)
		})
	}
	stopped := func() bool { order = append(order, 'q'); return false }
	if sc, err := layoutStop(res.Doc, RenderOptions{}, stopped, func() error { return ErrStopped }, spy); err != nil || sc == nil {
		t.Fatalf("a layout never stopped: %v", err)
	}
	asked := 0
	if _, err := LayoutUntil(res.Doc, RenderOptions{}, func() bool { asked++; return false }); err != nil {
		t.Fatal(err)
	}
	// Every measure asks first (q m); the other questions are the steps'.
	steps := 0
	for i, c := range order {
		if c == 'q' && (i+1 == len(order) || order[i+1] == 'q') {
			steps++
		}
	}
	if steps < edges {
		t.Errorf("%d questions between the layout's steps, want at least one per edge (%d)", steps, edges)
	}
	// Stopped half way, three quarters of the way, at the last question.
	for _, at := range []int{asked / 2, asked * 3 / 4, asked - 1} {
		n := 0
		sc, err := LayoutUntil(res.Doc, RenderOptions{}, func() bool { n++; return n >= at })
		if !errors.Is(err, ErrStopped) || sc != nil {
			t.Errorf("stopped at question %d of %d: %v", at, asked, err)
		}
		if n != at {
			t.Errorf("stopped at question %d, asked %d times", at, n)
		}
	}
	if _, err := LayoutUntil(res.Doc, RenderOptions{}, func() bool { return true }); !errors.Is(err, ErrStopped) {
		t.Errorf("a layout stopped before it began: %v", err)
	}
	// Nothing left behind in what layouts remember: a text laid out with
	// the memo after a stopped layout of it equals its fresh layout.
	wide := Check("x.fz", []byte(strings.Replace(src, `label:"`, `label:"A much wider label `, 3)), Options{})
	want, err := LayoutWith(wide.Doc, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	freshLayouts = false
	n := 0
	if _, err := LayoutUntil(wide.Doc, RenderOptions{}, func() bool { n++; return n >= asked*3/4 }); !errors.Is(err, ErrStopped) {
		t.Fatalf("stopped with the memo: %v", err)
	}
	got, err := LayoutUntil(wide.Doc, RenderOptions{}, func() bool { return false })
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := Write(&a, want, "svg", RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, got, "svg", RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("the layout after a stopped one differs from a fresh layout")
	}
}

// BenchmarkLayoutContext is a whole workflow layout of a 1,000-node
// diagram as the server makes it for a request (LayoutContext: the
// measurer and the steps ask the request's context whether to stop).
func BenchmarkLayoutContext(b *testing.B) {
	res := Check("x.fz", []byte(testgen.Diagram(testgen.Options{Nodes: 1000, Lanes: 10, Seed: 5})), Options{})
	freshLayouts = true
	b.Cleanup(func() { freshLayouts = false })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for b.Loop() {
		if _, err := LayoutContext(ctx, res.Doc, RenderOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
