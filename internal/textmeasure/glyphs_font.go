//go:build !flowzap_svgonly

package textmeasure

import (
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"flowzap/internal/fonts"
)

// glyphs reads advances from the embedded Inter fonts (the full build;
// the WebAssembly module reads the same numbers from a table, see
// glyphs_table.go). Its caller holds Font's lock.
type glyphs struct {
	regular, bold *sfnt.Font
	buf           sfnt.Buffer
}

func newGlyphs() *glyphs {
	r, err1 := opentype.Parse(fonts.Regular)
	b, err2 := opentype.Parse(fonts.SemiBold)
	if err1 != nil || err2 != nil {
		panic("textmeasure: embedded fonts do not parse") // a build defect, not input
	}
	return &glyphs{regular: r, bold: b}
}

// advance returns the advance of r in ems and whether Inter draws it (the
// space always counts as drawn); a glyph whose advance does not read
// measures 0.
func (g *glyphs) advance(r rune, bold bool) (float64, bool) {
	face := g.regular
	if bold {
		face = g.bold
	}
	idx, err := face.GlyphIndex(&g.buf, r)
	if err != nil {
		return 0, true
	}
	if idx == 0 && r != ' ' {
		return 0, false
	}
	adv, err := face.GlyphAdvance(&g.buf, idx, fixed.I(1000), font.HintingNone)
	if err != nil {
		return 0, true
	}
	return float64(adv) / 64 / 1000, true
}
