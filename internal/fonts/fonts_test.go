package fonts

import "testing"

// TestCoverage: one sample character per script has a font that draws it.
func TestCoverage(t *testing.T) {
	for _, c := range []struct {
		r    rune
		font string // "" is Inter
	}{
		{'a', ""}, {'ж', ""}, {'λ', ""}, {'下', "DroidSansFallbackFull"}, {'し', "DroidSansFallbackFull"},
		{'한', "NanumSquareR"}, {'ש', "NotoSansHebrew-Regular"}, {'ب', "NotoSansArabic-Regular"},
		{'न', "NotoSansDevanagari-Regular"}, {'ก', "NotoSansThai-Regular"}, {'অ', "NotoSansBengali-Regular"},
		{'த', "NotoSansTamil-Regular"}, {'ა', "NotoSansGeorgian-Regular"}, {'Ա', "NotoSansArmenian-Regular"},
		{'ሀ', "NotoSansEthiopic-Regular"}, {'😀', "NotoEmoji_400Regular"}, {'🚀', "NotoEmoji_400Regular"},
	} {
		got := ""
		if i := Lookup(c.r); i > 0 {
			got = Fallbacks()[i-1].Name
		}
		if got != c.font {
			t.Errorf("%q (U+%04X) is drawn with %q, want %q", c.r, c.r, got, c.font)
		}
		if i := Lookup(c.r); i > 0 && Fallbacks()[i-1].Advance(c.r) <= 0 {
			t.Errorf("%q has no advance in %s", c.r, Fallbacks()[i-1].Name)
		}
	}
	if Lookup('\U000F0000') != 0 {
		t.Errorf("a private-use character no font has should fall back to Inter's missing-glyph box")
	}
}
