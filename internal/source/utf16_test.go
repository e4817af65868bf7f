package source

import (
	"testing"
	"unicode/utf16"
)

// TestFromUTF16 decodes text with characters beyond the BMP in both byte
// orders, and turns unpaired surrogates into U+FFFD without losing the
// unit after them.
func TestFromUTF16(t *testing.T) {
	encode := func(units []uint16, big bool) []byte {
		var b []byte
		for _, u := range units {
			if big {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		return b
	}
	text := "Café → 日本 𝄞 ok"
	for _, big := range []bool{false, true} {
		if got := string(FromUTF16(encode(utf16.Encode([]rune(text)), big), big)); got != text {
			t.Errorf("big-endian %v: %q, want %q", big, got, text)
		}
		// A high surrogate followed by a letter, a lone low surrogate at
		// the end, and an odd last byte.
		src := append(encode([]uint16{'a', 0xD834, 'b', 0xDD1E}, big), 'x')
		if got, want := string(FromUTF16(src, big)), "a\uFFFDb\uFFFD"; got != want {
			t.Errorf("big-endian %v: %q, want %q", big, got, want)
		}
	}
	if UTF16BOM([]byte{0xFF, 0xFE, 'a', 0}) != "FF FE" || UTF16BOM([]byte{0xFE, 0xFF}) != "FE FF" || UTF16BOM([]byte("ab")) != "" || UTF16BOM([]byte{0xFF}) != "" {
		t.Errorf("UTF16BOM")
	}
}
