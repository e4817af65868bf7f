//go:build flowzap_svgonly

package fonts

import (
	_ "embed"
	"encoding/binary"
	"sort"
)

// This build (flowzap_svgonly, the WebAssembly module) leaves the fallback
// fonts out (4.5 MB compressed) and keeps only what layout measures with
// them: which font draws each character Inter lacks, and its advance, from
// fallback_metrics.bin (see MetricsTable). Text is measured exactly as in
// the full build; the SVG names the fonts and the browser draws them.

//go:embed fallback_metrics.bin
var metrics []byte

// Fallback is one fallback font. In this build Data is nil: only the
// metrics are kept.
type Fallback struct {
	Name  string // file name without extension, e.g. "NotoSansArabic-Regular"
	Data  []byte // nil in the flowzap_svgonly build
	index int    // 1 for the first fallback
	upem  float64
}

var fallbackList = func() []*Fallback {
	n := int(binary.LittleEndian.Uint16(metrics))
	out := make([]*Fallback, len(fallbackFiles))
	for i, name := range fallbackFiles {
		u := 0.0
		if i < n {
			u = float64(binary.LittleEndian.Uint16(metrics[2+2*i:]))
		}
		out[i] = &Fallback{Name: name, index: i + 1, upem: u}
	}
	return out
}()

// runs is the table's runs of characters.
var runs = metrics[2+2*int(binary.LittleEndian.Uint16(metrics)):]

// find returns the run holding r: its font (0 when none) and advance.
func find(r rune) (font int, adv int32) {
	n := len(runs) / runSize
	i := sort.Search(n, func(i int) bool { return rune(binary.LittleEndian.Uint32(runs[i*runSize:])) > r }) - 1
	if i < 0 {
		return 0, 0
	}
	run := runs[i*runSize:]
	start, count := rune(binary.LittleEndian.Uint32(run)), rune(binary.LittleEndian.Uint16(run[4:]))
	if r >= start+count {
		return 0, 0
	}
	return int(binary.LittleEndian.Uint16(run[6:])), int32(binary.LittleEndian.Uint32(run[8:]))
}

// Fallbacks returns the fallback fonts in lookup order (metrics only).
func Fallbacks() []*Fallback { return fallbackList }

// Lookup returns which font draws r: 0 for Inter, i+1 for Fallbacks()[i],
// and 0 when no font has it, as in the full build.
func Lookup(r rune) int {
	font, _ := find(r)
	return font
}

// Advance returns the advance of r in f in ems, 0 when f has no glyph
// for it (or, in this build, when f is not the font [Lookup] picks for r:
// only those advances are kept, the only ones layout asks for).
func (f *Fallback) Advance(r rune) float64 {
	font, adv := find(r)
	if font != f.index || f.upem == 0 {
		return 0
	}
	return float64(adv) / 64 / f.upem
}
