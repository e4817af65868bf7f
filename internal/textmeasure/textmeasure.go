// Package textmeasure measures and wraps text for layout. Production code
// uses [Font], which reads the embedded Inter metrics; tests use [Fixed],
// whose constant advance keeps golden files stable when a font changes.
package textmeasure

import (
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"flowzap/internal/fonts"
)

// Measurer returns the advance width of text in pixels at size px.
type Measurer interface {
	Width(text string, size float64, bold bool) float64
}

// Fixed is a Measurer where every character advances Advance × size.
type Fixed struct{ Advance float64 }

// Width implements Measurer.
func (f Fixed) Width(text string, size float64, bold bool) float64 {
	w := float64(utf8.RuneCountInString(text)) * f.Advance * size
	if bold {
		w *= 1.05
	}
	return w
}

// Font measures with the embedded Inter fonts, without kerning (SVG output
// sets font-kerning:none so browsers agree to a hundredth of a pixel).
type Font struct {
	regular, bold *sfnt.Font
	mu            sync.Mutex
	cache         map[cacheKey]float64
	buf           sfnt.Buffer
}

type cacheKey struct {
	r    rune
	bold bool
}

var (
	defaultOnce sync.Once
	defaultFont *Font
)

// Default returns the shared Inter measurer.
func Default() *Font {
	defaultOnce.Do(func() {
		r, err1 := opentype.Parse(fonts.Regular)
		b, err2 := opentype.Parse(fonts.SemiBold)
		if err1 != nil || err2 != nil {
			panic("textmeasure: embedded fonts do not parse") // a build defect, not input
		}
		defaultFont = &Font{regular: r, bold: b, cache: map[cacheKey]float64{}}
	})
	return defaultFont
}

// unitsPerEm advance cache: widths are stored for size 1 and scaled.
func (f *Font) advance(r rune, bold bool) float64 {
	k := cacheKey{r, bold}
	if w, ok := f.cache[k]; ok {
		return w
	}
	face := f.regular
	if bold {
		face = f.bold
	}
	w := 0.0
	idx, err := face.GlyphIndex(&f.buf, r)
	if err == nil && idx == 0 && r != ' ' {
		w = 0.6 // missing glyph: the renderers use a fallback of about this width
	} else if err == nil {
		adv, err := face.GlyphAdvance(&f.buf, idx, fixed.I(1000), font.HintingNone)
		if err == nil {
			w = float64(adv) / 64 / 1000
		}
	}
	f.cache[k] = w
	return w
}

// Width implements Measurer.
func (f *Font) Width(text string, size float64, bold bool) float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	w := 0.0
	for _, r := range text {
		w += f.advance(r, bold)
	}
	return w * size
}

// Wrap breaks text into lines no wider than max pixels, at spaces when it
// can and inside long words when it must. Explicit newlines are kept.
func Wrap(m Measurer, text string, size float64, bold bool, max float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		cur := ""
		for _, w := range words {
			cand := w
			if cur != "" {
				cand = cur + " " + w
			}
			if m.Width(cand, size, bold) <= max || cur == "" && m.Width(w, size, bold) <= max {
				cur = cand
				continue
			}
			if cur != "" {
				lines = append(lines, cur)
			}
			// Break a word that is too long by itself.
			for m.Width(w, size, bold) > max && utf8.RuneCountInString(w) > 1 {
				cut := fit(m, w, size, bold, max)
				lines = append(lines, w[:cut])
				w = w[cut:]
			}
			cur = w
		}
		lines = append(lines, cur)
	}
	return lines
}

// fit returns the byte length of the longest prefix of w that fits in max
// (at least one rune).
func fit(m Measurer, w string, size float64, bold bool, max float64) int {
	best := 0
	for i := range w {
		if i > 0 && m.Width(w[:i], size, bold) > max {
			break
		}
		best = i
	}
	if best == 0 {
		_, n := utf8.DecodeRuneInString(w)
		return n
	}
	return best
}
