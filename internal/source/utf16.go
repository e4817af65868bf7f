package source

import (
	"unicode/utf16"
	"unicode/utf8"
)

// UTF16BOM returns the byte order mark src starts with when it is UTF-16
// text ("FF FE", little-endian, or "FE FF", big-endian), else "".
func UTF16BOM(src []byte) string {
	switch {
	case len(src) >= 2 && src[0] == 0xFF && src[1] == 0xFE:
		return "FF FE"
	case len(src) >= 2 && src[0] == 0xFE && src[1] == 0xFF:
		return "FE FF"
	}
	return ""
}

// FromUTF16 decodes src, UTF-16 code units (big-endian when bigEndian)
// with no byte order mark, to UTF-8. Unpaired surrogates become U+FFFD;
// an odd last byte is left out (the caller says what it makes of it).
func FromUTF16(src []byte, bigEndian bool) []byte {
	out := make([]byte, 0, len(src)/2)
	unit := func(i int) rune {
		if bigEndian {
			return rune(src[i])<<8 | rune(src[i+1])
		}
		return rune(src[i+1])<<8 | rune(src[i])
	}
	for i := 0; i+1 < len(src); i += 2 {
		r := unit(i)
		if utf16.IsSurrogate(r) && i+3 < len(src) {
			if pair := utf16.DecodeRune(r, unit(i+2)); pair != utf8.RuneError {
				r = pair
				i += 2
			}
		}
		if utf16.IsSurrogate(r) {
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}
