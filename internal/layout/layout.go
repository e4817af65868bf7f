// Package layout holds what every view's layout engine shares: the
// environment a layout runs in (text measurement and theme) and helpers
// for text blocks. It never imports an engine; engines live in
// sub-packages and are chosen by package pipeline.
package layout

import (
	"flowzap/internal/textmeasure"
	"flowzap/internal/theme"
)

// Env is everything environmental a layout needs, injected so tests can
// use a fixed-advance measurer.
type Env struct {
	Measure textmeasure.Measurer
	Theme   theme.Theme
	// Number prefixes sequence messages with their order (1., 2., ...).
	Number bool
	// Order is the sequence view's message order: model.FlowOrder (the
	// default when empty) or model.WrittenOrder.
	Order string
	// Fresh lays the diagram out from scratch, without the geometry an
	// engine remembers from an earlier layout of the same structure and
	// sizes (see swimlane's memo). The result is the same; benchmarks set
	// it to measure the whole layout.
	Fresh bool
}

// DefaultEnv measures with the embedded Inter fonts and uses the light
// theme.
func DefaultEnv() Env { return Env{Measure: textmeasure.Default(), Theme: theme.Light} }

// TextBlock is wrapped text with its measured size.
type TextBlock struct {
	Lines      []string
	Size       float64
	Bold       bool
	LineHeight float64
	W, H       float64
}

// Block wraps text at max pixels and measures it.
func (e Env) Block(text string, size float64, bold bool, max float64) TextBlock {
	lh := size * e.Theme.LineHeight
	lines := textmeasure.Wrap(e.Measure, text, size, bold, max)
	b := TextBlock{Lines: lines, Size: size, Bold: bold, LineHeight: lh}
	for _, l := range lines {
		if w := e.Measure.Width(l, size, bold); w > b.W {
			b.W = w
		}
	}
	b.H = float64(len(lines)) * lh
	return b
}

// Baseline returns the baseline of the first line when the block is
// centred vertically on cy.
func (b TextBlock) Baseline(cy float64) float64 {
	return cy - b.H/2 + b.LineHeight/2 + b.Size*0.36
}
