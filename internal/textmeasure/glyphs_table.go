//go:build flowzap_svgonly

package textmeasure

import "flowzap/internal/fonts"

// glyphs reads Inter's advances from the table that stands for the fonts
// in the SVG-only build (fonts.InterAdvance): the same numbers the fonts
// give (a test in internal/fonts keeps the table current), without the
// font files and their parser in the WebAssembly module.
type glyphs struct{}

func newGlyphs() *glyphs { return &glyphs{} }

// advance returns the advance of r in ems and whether Inter draws it.
func (g *glyphs) advance(r rune, bold bool) (float64, bool) {
	adv, ok := fonts.InterAdvance(r, bold)
	return float64(adv) / 64 / 1000, ok
}
