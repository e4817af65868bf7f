package fonts

import "unicode"

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

// Attached reports whether r belongs to the character before it for the
// choice of font: combining marks, joiners, variation selectors, emoji
// skin-tone modifiers and tag characters.
func Attached(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) || r == 0x200c || r == 0x200d ||
		(r >= 0xfe00 && r <= 0xfe0f) || (r >= 0x1f3fb && r <= 0x1f3ff) || (r >= 0xe0020 && r <= 0xe007f)
}

// The metrics table (see MetricsTable): a header of one uint16 units per
// em for each fallback font, then runs of characters, each 12 bytes, all
// little-endian: the first character (uint32), how many consecutive
// characters share the font and advance (uint16), the font (uint16, 1 for
// the first fallback) and the advance at a size of one em in 26.6 fixed
// point units of the font's design grid (int32), so that the advance in
// ems is exactly what the font gives: adv / 64 / unitsPerEm.
const runSize = 12
