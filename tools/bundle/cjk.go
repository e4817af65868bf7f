package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"github.com/tdewolff/font"

	"flowzap/internal/fonts"
)

// cjkMarker is the line of web/src/app.css that the CJK font faces
// replace in web/dist/app.css.
const cjkMarker = "/* @cjk-faces */"

// cjkLabelFont is the font of the page's own CJK letters, in
// web/dist/fonts.
const cjkLabelFont = "cjk-label.ttf"

// cjkRanges are the code points the CJK fallback font is fetched for
// (CSS unicode-range): radicals, punctuation, kana, bopomofo, the
// ideographs, Hangul syllables, compatibility and half- and full-width
// forms.
var cjkRanges = [][2]rune{{0x2E80, 0x2FDF}, {0x3000, 0x31FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7AF}, {0xF900, 0xFAFF}, {0xFE30, 0xFE4F}, {0xFF00, 0xFFEF}, {0x20000, 0x2A6DF}}

// cjkFaces returns the @font-face rules of the family flowzap-cjk (the
// style sheet's last resort for CJK text on systems without a CJK font)
// and the small font they name. The CJK letters of the page itself (the
// language menu's 中文) come from that small font, a subset of the
// fallback font (Droid Sans Fallback, internal/fonts) holding only them;
// the fallback font's face leaves them out of its unicode-range. So a
// browser without a CJK font shows the page without fetching the 4 MB
// font, which it fetches only for other CJK text (a Chinese interface, a
// label). With no CJK letter in the page, the small font is empty of
// them and not named.
func cjkFaces(page []byte) (faces, label []byte, err error) {
	var letters []rune
	for _, r := range string(page) {
		if inCJK(r) && !slices.Contains(letters, r) {
			letters = append(letters, r)
		}
	}
	slices.Sort(letters)
	data := fonts.CJK()
	if data == nil {
		return nil, nil, fmt.Errorf("internal/fonts has no DroidSansFallbackFull")
	}
	sf, err := font.ParseSFNT(data, 0)
	if err != nil {
		return nil, nil, err
	}
	glyphs := []uint16{0}
	for _, r := range letters {
		g := sf.GlyphIndex(r)
		if g == 0 {
			return nil, nil, fmt.Errorf("the CJK fallback font has no glyph for %q (U+%04X), which web/src/index.html holds", r, r)
		}
		glyphs = append(glyphs, g)
	}
	sub, err := sf.Subset(glyphs, font.SubsetOptions{Tables: font.KeepMinTables})
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	if len(letters) > 0 {
		fmt.Fprintf(&b, "@font-face { font-family: flowzap-cjk; src: url(fonts/%s) format(\"truetype\");\n  unicode-range: %s; }\n", cjkLabelFont, unicodeRange(letters, nil))
	}
	fmt.Fprintf(&b, "@font-face { font-family: flowzap-cjk; src: url(fonts/%s) format(\"truetype\");\n  unicode-range: %s; }", fonts.CJKFile, unicodeRange(nil, letters))
	out, err := reproducible(sub.Write(), data)
	return b.Bytes(), out, err
}

// reproducible returns the TrueType font sub with the modification time
// of its head table taken from the font it was made from (the subsetter
// writes the current time), and the checksums that depend on it
// recomputed: the same sources then make the same bytes, which the
// bundle check compares.
func reproducible(sub, from []byte) ([]byte, error) {
	headOf := func(b []byte) (dir, off int, err error) {
		if len(b) < 12 {
			return 0, 0, fmt.Errorf("not a font")
		}
		n := int(binary.BigEndian.Uint16(b[4:]))
		for i := range n {
			d := 12 + 16*i
			if d+16 > len(b) {
				break
			}
			if string(b[d:d+4]) == "head" {
				off := int(binary.BigEndian.Uint32(b[d+8:]))
				if off+54 > len(b) {
					break
				}
				return d, off, nil
			}
		}
		return 0, 0, fmt.Errorf("the font has no head table")
	}
	dir, head, err := headOf(sub)
	if err != nil {
		return nil, err
	}
	_, src, err := headOf(from)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(sub)
	copy(out[head+28:head+36], from[src+28:src+36]) // modified
	binary.BigEndian.PutUint32(out[head+8:], 0)     // checkSumAdjustment, while summing
	sum := func(b []byte) uint32 {
		var s uint32
		for i := 0; i < len(b); i += 4 {
			var w [4]byte
			copy(w[:], b[i:min(i+4, len(b))])
			s += binary.BigEndian.Uint32(w[:])
		}
		return s
	}
	length := int(binary.BigEndian.Uint32(out[dir+12:]))
	binary.BigEndian.PutUint32(out[dir+4:], sum(out[head:head+length]))
	binary.BigEndian.PutUint32(out[head+8:], 0xB1B0AFBA-sum(out))
	return out, nil
}

// inCJK reports whether r is in cjkRanges.
func inCJK(r rune) bool {
	for _, c := range cjkRanges {
		if r >= c[0] && r <= c[1] {
			return true
		}
	}
	return false
}

// unicodeRange writes a CSS unicode-range: the code points of only, or,
// when only is nil, cjkRanges without the code points of except (sorted).
func unicodeRange(only, except []rune) string {
	var parts []string
	add := func(lo, hi rune) {
		if lo == hi {
			parts = append(parts, fmt.Sprintf("U+%04X", lo))
		} else if lo < hi {
			parts = append(parts, fmt.Sprintf("U+%04X-%04X", lo, hi))
		}
	}
	if only != nil {
		for _, r := range only {
			add(r, r)
		}
	} else {
		for _, c := range cjkRanges {
			lo := c[0]
			for _, r := range except {
				if r >= lo && r <= c[1] {
					add(lo, r-1)
					lo = r + 1
				}
			}
			add(lo, c[1])
		}
	}
	return strings.Join(parts, ", ")
}
