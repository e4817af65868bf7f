//go:build !flowzap_svgonly

package fonts

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"io"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

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

// CJKFile is the name the web app gives the CJK fallback font ([CJK])
// under its fonts/ directory: its style sheet, the server and the static
// site all use it.
const CJKFile = "cjk-fallback.ttf"

// CJK returns the TTF of the CJK fallback font (Droid Sans Fallback,
// Apache 2.0), the one the web app names for CJK text that no installed
// font covers; nil if the build has none.
func CJK() []byte {
	for _, f := range Fallbacks() {
		if f.Name == "DroidSansFallbackFull" && len(f.Data) > 0 {
			return f.Data
		}
	}
	return nil
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

// MetricsTable returns the table that stands for the fallback fonts in the
// flowzap_svgonly build (see metrics.go): for every character that Inter
// lacks and a fallback font draws, which font and its advance, as
// [Lookup] and [Fallback.Advance] answer them. tools/fontmetrics writes it
// to fallback_metrics.bin and a test checks the committed file is current.
func MetricsTable() []byte {
	loadPrimary()
	loadFallbacks()
	var b sfnt.Buffer
	var t metricsWriter
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		if idx, err := primary.GlyphIndex(&b, r); err == nil && idx != 0 {
			continue
		}
		for k, f := range fallbacks {
			idx, err := f.font.GlyphIndex(&b, r)
			if err != nil || idx == 0 {
				continue
			}
			upem := f.font.UnitsPerEm()
			adv, err := f.font.GlyphAdvance(&b, idx, fixed.I(int(upem)), font.HintingNone)
			if err != nil {
				adv = 0 // Advance answers 0 then too
			}
			t.add(r, k+1, int32(adv), int(upem))
			break
		}
	}
	return t.bytes()
}

type metricsWriter struct {
	upem []uint16
	runs []byte
	last struct {
		r          rune
		font       int
		adv        int32
		start, len int
	}
}

func (t *metricsWriter) add(r rune, font int, adv int32, upem int) {
	for len(t.upem) < font {
		t.upem = append(t.upem, 0)
	}
	t.upem[font-1] = uint16(upem)
	l := &t.last
	if len(t.runs) > 0 && r == l.r+1 && font == l.font && adv == l.adv && l.len < 0xffff {
		l.r, l.len = r, l.len+1
		binary.LittleEndian.PutUint16(t.runs[l.start+4:], uint16(l.len))
		return
	}
	l.r, l.font, l.adv, l.start, l.len = r, font, adv, len(t.runs), 1
	t.runs = slices.Grow(t.runs, runSize)
	t.runs = binary.LittleEndian.AppendUint32(t.runs, uint32(r))
	t.runs = binary.LittleEndian.AppendUint16(t.runs, 1)
	t.runs = binary.LittleEndian.AppendUint16(t.runs, uint16(font))
	t.runs = binary.LittleEndian.AppendUint32(t.runs, uint32(adv))
}

func (t *metricsWriter) bytes() []byte {
	out := binary.LittleEndian.AppendUint16(nil, uint16(len(fallbackFiles)))
	for i := range fallbackFiles {
		u := uint16(0)
		if i < len(t.upem) {
			u = t.upem[i]
		}
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return append(out, t.runs...)
}
