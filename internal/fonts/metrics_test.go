//go:build !flowzap_svgonly

package fonts

import (
	"bytes"
	"os"
	"testing"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestMetricsTableCurrent: the committed metrics table, which the
// SVG-only build measures with, is what the fallback fonts give.
func TestMetricsTableCurrent(t *testing.T) {
	got, err := os.ReadFile("fallback_metrics.bin")
	if err != nil {
		t.Fatal(err)
	}
	if want := MetricsTable(); !bytes.Equal(got, want) {
		t.Fatalf("fallback_metrics.bin (%d bytes) is not what the fallback fonts give (%d bytes): run go run ./tools/fontmetrics", len(got), len(want))
	}
}

// TestInterTableCurrent: the committed Inter table, which the SVG-only
// build measures with, is what the Inter fonts give.
func TestInterTableCurrent(t *testing.T) {
	got, err := os.ReadFile("inter_metrics.bin")
	if err != nil {
		t.Fatal(err)
	}
	if want := InterTable(); !bytes.Equal(got, want) {
		t.Fatalf("inter_metrics.bin (%d bytes) is not what the Inter fonts give (%d bytes): run go run ./tools/fontmetrics", len(got), len(want))
	}
}

// TestInterLookup: looking a character up in the Inter table answers what
// the fonts answer, for every character.
func TestInterLookup(t *testing.T) {
	runs := interTableRuns(InterTable())
	for i, data := range [][]byte{Regular, SemiBold} {
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		var b sfnt.Buffer
		bad := 0
		for r := rune(0); r <= unicode.MaxRune && bad < 5; r++ {
			if r >= 0xd800 && r <= 0xdfff {
				continue
			}
			idx, err := f.GlyphIndex(&b, r)
			if err != nil {
				t.Fatal(err)
			}
			want, wantOK := int32(0), idx != 0 || r == ' '
			if wantOK {
				a, err := f.GlyphAdvance(&b, idx, fixed.I(1000), font.HintingNone)
				if err == nil {
					want = int32(a)
				}
			}
			if got, ok := interLookup(runs, r, i == 1); got != want || ok != wantOK {
				t.Errorf("font %d, %U: table %d %v, font %d %v", i, r, got, ok, want, wantOK)
				bad++
			}
		}
	}
}
