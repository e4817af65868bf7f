package pipeline

import (
	"context"
	"errors"

	"flowzap/internal/layout"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/textmeasure"
)

// LayoutContext is [LayoutWith] that stops when ctx is done: the layout
// engines measure text all along, and the measurer handed to them checks
// ctx (one non-blocking channel receive per label), as does the workflow
// layout between its steps (layout.Env.Checkpoint: each stage and round,
// each edge routed, each label placed); the
// layout is abandoned once ctx is done, so LayoutContext returns ctx's
// error soon after instead of finishing work nobody waits for.
func LayoutContext(ctx context.Context, doc *model.Document, opts RenderOptions) (*scene.Scene, error) {
	return layoutContext(ctx, doc, opts, nil)
}

// ErrStopped is the error of a layout [LayoutUntil] abandoned.
var ErrStopped = errors.New("pipeline: layout stopped")

// LayoutUntil is [LayoutContext] with the question asked of a function:
// the layout is abandoned, and ErrStopped returned, once stopped reports
// true at one of the points LayoutContext looks at its context. The
// WebAssembly module lays the next keystroke's text out ahead with it,
// and stops as soon as the page has sent a newer request.
func LayoutUntil(doc *model.Document, opts RenderOptions, stopped func() bool) (*scene.Scene, error) {
	if stopped() {
		return nil, ErrStopped
	}
	return layoutStop(doc, opts, stopped, func() error { return ErrStopped }, nil)
}

// layoutContext is LayoutContext; spy, when set, wraps the fonts'
// measurer (for tests).
func layoutContext(ctx context.Context, doc *model.Document, opts RenderOptions, spy func(textmeasure.Measurer) textmeasure.Measurer) (sc *scene.Scene, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return layoutStop(doc, opts, stopFunc(ctx), ctx.Err, spy)
}

// layoutStop lays doc out, abandoning the layout (and returning why())
// once stopped reports true when text is measured or at a checkpoint.
func layoutStop(doc *model.Document, opts RenderOptions, stopped func() bool, why func() error, spy func(textmeasure.Measurer) textmeasure.Measurer) (sc *scene.Scene, err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(layoutCanceled); !ok {
				panic(r)
			}
			sc, err = nil, why()
		}
	}()
	return layoutEnv(doc, opts, func(env *layout.Env) {
		if spy != nil {
			env.Measure = spy(env.Measure)
		}
		armStop(env, stopped)
	})
}

// armStop makes a layout run with env unwind (panic with layoutCanceled)
// at its next checkpoint or text measure once stopped reports true.
func armStop(env *layout.Env, stopped func() bool) {
	env.Checkpoint = func() {
		if stopped() {
			panic(layoutCanceled{})
		}
	}
	cm := ctxMeasurer{m: env.Measure, stopped: stopped}
	if ra, ok := env.Measure.(runeAdvancer); ok {
		env.Measure = ctxRuneMeasurer{cm, ra}
	} else {
		env.Measure = cm
	}
}

// stopFunc returns a function reporting whether ctx is done. The channel
// itself is looked at on every call (not a flag set by a callback, which
// runs in its own goroutine and could come after the layout finished).
func stopFunc(ctx context.Context) func() bool {
	done := ctx.Done()
	return func() bool {
		select {
		case <-done:
			return true
		default:
			return false
		}
	}
}

// layoutCanceled is the panic value that unwinds an abandoned layout.
type layoutCanceled struct{}

// stopped, deferred by a function that lays out with an env armed by
// armStop, turns the unwinding of an abandoned layout into ctx's error
// in *err; any other panic goes on.
func stopped(ctx context.Context, err *error) {
	if r := recover(); r != nil {
		if _, ok := r.(layoutCanceled); !ok {
			panic(r)
		}
		*err = ctx.Err()
	}
}

// ctxMeasurer measures with m until stopped reports true.
type ctxMeasurer struct {
	m       textmeasure.Measurer
	stopped func() bool
}

func (c ctxMeasurer) Width(text string, size float64, bold bool) float64 {
	if c.stopped() {
		panic(layoutCanceled{})
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
