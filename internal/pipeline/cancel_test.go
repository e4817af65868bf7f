package pipeline

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

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
