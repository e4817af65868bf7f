//go:build !flowzap_svgonly

package fonts

import (
	_ "embed"
	"encoding/binary"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Regular is Inter Regular (weight 400) as TTF.
//
//go:embed Inter_400Regular.ttf
var Regular []byte

// SemiBold is Inter SemiBold (weight 600) as TTF.
//
//go:embed Inter_600SemiBold.ttf
var SemiBold []byte

// InterTable returns the table that stands for Inter in the
// flowzap_svgonly build (see inter_metrics.go): for every character Inter
// Regular and SemiBold draw (and the space), its advance at 1000 pixels
// per em in 26.6 fixed point, exactly what measuring with the fonts gives.
// tools/fontmetrics writes it to inter_metrics.bin and a test checks the
// committed file is current.
func InterTable() []byte {
	var out []byte
	for _, data := range [][]byte{Regular, SemiBold} {
		f, err := sfnt.Parse(data)
		if err != nil {
			panic("fonts: Inter does not parse: " + err.Error()) // a build defect, not input
		}
		var b sfnt.Buffer
		var runs []byte
		n := 0
		var last struct {
			r   rune
			adv int32
			at  int
		}
		for r := rune(0); r <= unicode.MaxRune; r++ {
			if r >= 0xd800 && r <= 0xdfff {
				continue
			}
			idx, err := f.GlyphIndex(&b, r)
			if err != nil {
				panic("fonts: Inter's character map does not read: " + err.Error())
			}
			if idx == 0 && r != ' ' {
				continue
			}
			adv := int32(0) // what measuring gives when the advance does not read
			if a, err := f.GlyphAdvance(&b, idx, fixed.I(1000), font.HintingNone); err == nil {
				adv = int32(a)
			}
			if n > 0 && r == last.r+1 && adv == last.adv && binary.LittleEndian.Uint16(runs[last.at+4:]) < 0xffff {
				binary.LittleEndian.PutUint16(runs[last.at+4:], binary.LittleEndian.Uint16(runs[last.at+4:])+1)
				last.r = r
				continue
			}
			last.r, last.adv, last.at = r, adv, len(runs)
			runs = binary.LittleEndian.AppendUint32(runs, uint32(r))
			runs = binary.LittleEndian.AppendUint16(runs, 1)
			runs = binary.LittleEndian.AppendUint32(runs, uint32(adv))
			n++
		}
		out = binary.LittleEndian.AppendUint32(out, uint32(n))
		out = append(out, runs...)
	}
	return out
}
