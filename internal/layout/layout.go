// Package layout holds what every view's layout engine shares: the
// environment a layout runs in (text measurement and theme) and helpers
// for text blocks. It never imports an engine; engines live in
// sub-packages and are chosen by package pipeline.
package layout

import (
	"math"
	"strings"
	"sync"

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
	// Checkpoint, when set, is called by a layout engine between the
	// steps of a long layout (the workflow layout between its stages and
	// rounds, and before each edge it routes and each label it places),
	// where it may panic to abandon the layout: package pipeline
	// stops a layout nobody waits for any more that way, well before its
	// end, even in the long stretches that measure no text.
	Checkpoint func()
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

// Block wraps text at max pixels and measures it. Its Lines are shared
// with other calls: read them, never modify them.
func (e Env) Block(text string, size float64, bold bool, max float64) TextBlock {
	return e.wrapped(text, size, bold, max, false)
}

// Balanced is Block with the lines of each paragraph evened out
// (textmeasure.WrapBalanced): a label of two or three lines has no word
// or two left alone on its last line, and its block is no wider than
// that needs. Labels and titles use it; text that may be cut short after
// a few lines (Clamp) uses Block, which fills each line.
func (e Env) Balanced(text string, size float64, bold bool, max float64) TextBlock {
	return e.wrapped(text, size, bold, max, true)
}

func (e Env) wrapped(text string, size float64, bold bool, max float64, even bool) TextBlock {
	lh := size * e.Theme.LineHeight
	base := e.Measure
	for {
		w, ok := base.(textmeasure.Wrapper)
		if !ok {
			break
		}
		base = w.Base()
	}
	if m, ok := base.(*textmeasure.Font); ok && m == textmeasure.Default() && len(text) <= blockTextMax {
		// The embedded fonts measure the same text the same way every
		// time: remember the blocks, so that laying out a diagram again
		// after a keystroke wraps only the text that changed.
		k := blockKey{text, size, bold, even, max, lh}
		blocks.Lock()
		b, hit := blocks.m[k]
		blocks.Unlock()
		if hit && base != e.Measure {
			// A wrapper still sees one call per block (a canceled
			// layout stops there as it would measuring).
			e.Measure.Width("", size, bold)
		}
		if !hit {
			b = e.block(text, size, bold, even, max, lh)
			blocks.Lock()
			if len(blocks.m) >= blockCacheMax {
				clear(blocks.m)
			}
			blocks.m[k] = b
			blocks.Unlock()
		}
		return b
	}
	return e.block(text, size, bold, even, max, lh)
}

// WordBlock is Balanced with max widened, up to limit, to the widest word of
// text, so that a word longer than max (a compound noun, an identifier)
// stays whole on its line when the box may grow to hold it; a word wider
// than limit is still cut.
//
// Lines break between CJK characters as they do at spaces, so a run of
// them is no word: only the pieces between them are measured ("计算完成后…"
// wraps at max, not on one line up to limit).
func (e Env) WordBlock(text string, size float64, bold bool, max, limit float64) TextBlock {
	for _, field := range strings.Fields(text) {
		if len(field) < wordMeasureMin || max >= limit {
			continue
		}
		for _, word := range strings.FieldsFunc(field, textmeasure.Wide) {
			if len(word) < wordMeasureMin {
				continue
			}
			if w := math.Ceil(e.Measure.Width(word, size, bold)); w > max {
				max = math.Min(w, limit)
			}
		}
	}
	return e.Balanced(text, size, bold, max)
}

// PieceGrow is how much wider than its usual width (a factor) a label
// may wrap so that a word with no better break (a German compound, a
// long identifier's piece between its / . - _ ? & and camelCase breaks)
// is not cut inside.
const PieceGrow = 1.4

// PieceWidth returns the width text wraps at when it should wrap at w:
// w, or the width of its widest piece that Wrap could only cut inside a
// word when that is wider than w and at most PieceGrow times w. A piece
// wider still is cut inside at w: widening every such box costs room
// and the piece is cut anyway.
func (e Env) PieceWidth(text string, size float64, bold bool, w float64) float64 {
	if e.Measure.Width(text, size, bold) <= w {
		return w
	}
	if u := textmeasure.LongestUnit(e.Measure, text, size, bold); u > w && u <= w*PieceGrow {
		return math.Ceil(u)
	}
	return w
}

// wordMeasureMin is the length in bytes below which WordBlock does not
// measure a word: eleven of the widest glyphs at the body size fit the
// narrowest max its callers use (150 px).
const wordMeasureMin = 12

type blockKey struct {
	text            string
	size            float64
	bold, even      bool
	max, lineHeight float64
}

// blockCacheMax bounds the remembered blocks and blockTextMax the length
// of a text remembered (so the cache holds at most a few
// megabytes at worst); the cache starts over when it is full.
const (
	blockCacheMax = 10000
	blockTextMax  = 256
)

var blocks = struct {
	sync.Mutex
	m map[blockKey]TextBlock
}{m: map[blockKey]TextBlock{}}

func (e Env) block(text string, size float64, bold, even bool, max, lh float64) TextBlock {
	wrap := textmeasure.Wrap
	if even {
		wrap = textmeasure.WrapBalanced
	}
	lines := wrap(e.Measure, text, size, bold, max)
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
