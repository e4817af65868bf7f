package pipeline

import (
	"context"

	"flowzap/internal/layout"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/textmeasure"
)

// LayoutContext is [LayoutWith] that stops when ctx is done: the layout
// engines measure text all along, and the measurer handed to them checks
// ctx (one non-blocking channel receive per label) and abandons the layout once ctx is
// done, so LayoutContext returns ctx's error soon after instead of
// finishing work nobody waits for.
func LayoutContext(ctx context.Context, doc *model.Document, opts RenderOptions) (*scene.Scene, error) {
	return layoutContext(ctx, doc, opts, nil)
}

// layoutContext is LayoutContext; spy, when set, wraps the fonts'
// measurer (for tests).
func layoutContext(ctx context.Context, doc *model.Document, opts RenderOptions, spy func(textmeasure.Measurer) textmeasure.Measurer) (sc *scene.Scene, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(layoutCanceled); !ok {
				panic(r)
			}
			sc, err = nil, ctx.Err()
		}
	}()
	return layoutEnv(doc, opts, func(env *layout.Env) {
		if spy != nil {
			env.Measure = spy(env.Measure)
		}
		cm := ctxMeasurer{m: env.Measure, done: ctx.Done()}
		if ra, ok := env.Measure.(runeAdvancer); ok {
			env.Measure = ctxRuneMeasurer{cm, ra}
		} else {
			env.Measure = cm
		}
	})
}

// layoutCanceled is the panic value that unwinds an abandoned layout.
type layoutCanceled struct{}

// ctxMeasurer measures with m until done is closed. It looks at the
// channel itself on every call (not at a flag set by a callback, which
// runs in its own goroutine and could come after the layout finished).
type ctxMeasurer struct {
	m    textmeasure.Measurer
	done <-chan struct{}
}

func (c ctxMeasurer) Width(text string, size float64, bold bool) float64 {
	select {
	case <-c.done:
		panic(layoutCanceled{})
	default:
	}
	return c.m.Width(text, size, bold)
}

// Base returns the measurer c checks the context for
// (textmeasure.Wrapper): text blocks of the embedded fonts come from the
// layout package's cache through it.
func (c ctxMeasurer) Base() textmeasure.Measurer { return c.m }

// runeAdvancer is the per-character measuring that lets wrapping measure
// each character once; the wrapper keeps it when the measurer has it.
type runeAdvancer interface {
	RuneAdvance(r rune, bold bool) float64
}

type ctxRuneMeasurer struct {
	ctxMeasurer
	ra runeAdvancer
}

func (c ctxRuneMeasurer) RuneAdvance(r rune, bold bool) float64 { return c.ra.RuneAdvance(r, bold) }
