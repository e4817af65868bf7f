package fonts

import (
	"bytes"
	"compress/gzip"
	"embed"
	"io"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The fallback fonts, in lookup order: scripts with their own font first,
// then CJK, emoji and symbols. See fallback/README.md for their origin and
// licences.
var fallbackFiles = []string{
	"NotoSansArabic-Regular", "NotoSansHebrew-Regular", "NotoSansDevanagari-Regular", "NotoSansBengali-Regular",
	"NotoSansTamil-Regular", "NotoSansTelugu-Regular", "NotoSansGujarati-Regular", "NotoSansGurmukhi-Regular",
	"NotoSansKannada-Regular", "NotoSansMalayalam-Regular", "NotoSansSinhala-Regular", "NotoSansThai-Regular",
	"NotoSansLao-Regular", "NotoSansKhmer-Regular", "NotoSansMyanmar-Regular", "NotoSansGeorgian-Regular",
	"NotoSansArmenian-Regular", "NotoSansEthiopic-Regular", "DroidSansFallbackFull", "NanumSquareR", "NotoEmoji_400Regular",
	"NotoSansSymbols-Regular", "NotoSansSymbols2-Regular",
}

//go:embed fallback/*.ttf.gz
var fallbackFS embed.FS

// ApacheLicense is the text of the Apache License 2.0 that covers the
// Droid Sans Fallback font.
//
//go:embed fallback/LICENSE-Apache-2.0.txt
var ApacheLicense string

// Fallback is one fallback font.
type Fallback struct {
	Name string // file name without extension, e.g. "NotoSansArabic-Regular"
	Data []byte // the TTF
	font *sfnt.Font
}

var (
	fallbackOnce sync.Once
	fallbacks    []*Fallback
	primaryOnce  sync.Once
	primary      *sfnt.Font

	coverMu sync.Mutex
	cover   = map[rune]int8{}
	buf     sfnt.Buffer
)

func loadPrimary() {
	primaryOnce.Do(func() {
		var err error
		if primary, err = sfnt.Parse(Regular); err != nil {
			panic("fonts: Inter does not parse: " + err.Error()) // a build defect, not input
		}
	})
}

func loadFallbacks() {
	fallbackOnce.Do(func() {
		for _, name := range fallbackFiles {
			gz, err := fallbackFS.ReadFile("fallback/" + name + ".ttf.gz")
			if err != nil {
				panic("fonts: missing " + name) // a build defect
			}
			zr, err := gzip.NewReader(bytes.NewReader(gz))
			if err != nil {
				panic("fonts: " + name + ": " + err.Error())
			}
			data, err := io.ReadAll(zr)
			if err != nil {
				panic("fonts: " + name + ": " + err.Error())
			}
			f, err := sfnt.Parse(data)
			if err != nil {
				panic("fonts: " + name + " does not parse: " + err.Error())
			}
			fallbacks = append(fallbacks, &Fallback{Name: name, Data: data, font: f})
		}
	})
}

// Fallbacks returns the fallback fonts in lookup order, unpacking them on
// the first call (about 8 MB).
func Fallbacks() []*Fallback {
	loadFallbacks()
	return fallbacks
}

// Lookup returns which font draws r: 0 for Inter, i+1 for Fallbacks()[i],
// and 0 when no font has it (Inter's missing-glyph box is drawn). Controls,
// spaces and format characters (joiners, variation selectors) are 0; a
// caller keeps them, and combining marks, with the character before them
// (see [Attached]). Lookup is safe for concurrent use.
func Lookup(r rune) int {
	if r < utf8.RuneSelf {
		return 0
	}
	coverMu.Lock()
	defer coverMu.Unlock()
	if i, ok := cover[r]; ok {
		return int(i)
	}
	loadPrimary()
	i := 0
	if idx, err := primary.GlyphIndex(&buf, r); err != nil || idx == 0 {
		loadFallbacks() // only now: Latin, Greek and Cyrillic never need them
		for k, f := range fallbacks {
			if idx, err := f.font.GlyphIndex(&buf, r); err == nil && idx != 0 {
				i = k + 1
				break
			}
		}
	}
	cover[r] = int8(i)
	return i
}

// Advance returns the advance of r in f in ems, 0 when f has no glyph
// for it. It is safe for concurrent use.
func (f *Fallback) Advance(r rune) float64 {
	coverMu.Lock()
	defer coverMu.Unlock()
	idx, err := f.font.GlyphIndex(&buf, r)
	if err != nil || idx == 0 {
		return 0
	}
	upem := f.font.UnitsPerEm()
	adv, err := f.font.GlyphAdvance(&buf, idx, fixed.I(int(upem)), font.HintingNone)
	if err != nil {
		return 0
	}
	return float64(adv) / 64 / float64(upem)
}

// Attached reports whether r belongs to the character before it for the
// choice of font: combining marks, joiners, variation selectors, emoji
// skin-tone modifiers and tag characters.
func Attached(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) || r == 0x200c || r == 0x200d ||
		(r >= 0xfe00 && r <= 0xfe0f) || (r >= 0x1f3fb && r <= 0x1f3ff) || (r >= 0xe0020 && r <= 0xe007f)
}
