package xmltree

import (
	"strings"
	"unicode/utf8"

	"flowzap/internal/lazyre"
	"flowzap/internal/source"
)

var declEncoding = lazyre.New(`^(?:\x{feff})?\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']`)

// cp1252 are the characters Windows-1252 puts at 0x80..0x9F (0 where it
// has none: the byte stands for the control character of that code, as
// in ISO-8859-1).
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// UTF8 returns an XML document as UTF-8 text, for Parse and for the
// diagnostics about it. XML files are UTF-8 unless they start with a
// UTF-16 byte order mark (or "<?" in UTF-16) or declare another encoding;
// of those, ISO-8859-1 (read as Windows-1252, as browsers do),
// Windows-1252 and US-ASCII are read. Any other encoding is an error at
// its name in the declaration. The declaration is left as it was: Parse
// takes the encoding it names as read already.
func UTF8(src []byte) ([]byte, error) {
	switch {
	case len(src) >= 2 && src[0] == 0xFF && src[1] == 0xFE:
		return source.FromUTF16(src[2:], false), nil
	case len(src) >= 2 && src[0] == 0xFE && src[1] == 0xFF:
		return source.FromUTF16(src[2:], true), nil
	case len(src) >= 4 && src[0] == '<' && src[1] == 0 && src[2] == '?' && src[3] == 0:
		return source.FromUTF16(src, false), nil
	case len(src) >= 4 && src[0] == 0 && src[1] == '<' && src[2] == 0 && src[3] == '?':
		return source.FromUTF16(src, true), nil
	}
	head := src
	if len(head) > 512 {
		head = head[:512]
	}
	m := declEncoding.Get().FindSubmatchIndex(head)
	if m == nil {
		return src, nil
	}
	switch name := strings.ToLower(strings.TrimSpace(string(head[m[2]:m[3]]))); name {
	case "utf-8", "utf8":
		return src, nil
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii":
		return fromLatin1(src), nil
	default:
		return nil, errorf(m[2], "found the encoding %q: expected UTF-8, UTF-16, ISO-8859-1 or Windows-1252 (save the file as UTF-8)", string(head[m[2]:m[3]]))
	}
}

// fromLatin1 reads src as Windows-1252.
func fromLatin1(src []byte) []byte {
	out := make([]byte, 0, len(src)+len(src)/8)
	for _, b := range src {
		if b < 0x80 {
			out = append(out, b)
			continue
		}
		c := rune(b)
		if b < 0xA0 && cp1252[b-0x80] != 0 {
			c = cp1252[b-0x80]
		}
		out = utf8.AppendRune(out, c)
	}
	return out
}

// firstInvalid is the offset of the first byte of b that is not UTF-8,
// or -1.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}
