package xmltree

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestUTF8: documents in UTF-16 (either byte order, with or without a
// byte order mark) and those declaring ISO-8859-1 or Windows-1252 are
// read as UTF-8 text that Parse accepts; another encoding is an error
// at its name.
func TestUTF8(t *testing.T) {
	doc := `<?xml version="1.0" encoding="%s"?>` + "\n<t name=\"Café – “ok”\"/>"
	le := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = append(b, 0xFF, 0xFE)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	be := func(s string) []byte {
		b := []byte{0xFE, 0xFF}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return b
	}
	utf16Doc := strings.Replace(doc, "%s", "UTF-16", 1)
	for name, src := range map[string][]byte{
		"utf-8":           []byte(strings.Replace(doc, "%s", "UTF-8", 1)),
		"utf-16le bom":    le(utf16Doc, true),
		"utf-16le":        le(utf16Doc, false),
		"utf-16be bom":    be(utf16Doc),
		"windows-1252":    []byte(strings.Replace(strings.Replace(doc, "%s", "windows-1252", 1), "Café – “ok”", "Caf\xe9 \x96 \x93ok\x94", 1)),
		"iso-8859-1 é":    []byte(strings.Replace(strings.Replace(doc, "%s", "ISO-8859-1", 1), "Café – “ok”", "Caf\xe9 \x96 \x93ok\x94", 1)),
		"ascii, no bytes": []byte(strings.Replace(strings.Replace(doc, "%s", "us-ascii", 1), "Café – “ok”", "Caf&#233; &#8211; &#8220;ok&#8221;", 1)),
	} {
		text, err := UTF8(src)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		root, err := Parse(text)
		if err != nil {
			t.Errorf("%s: %v\n%q", name, err, text)
			continue
		}
		if got := root.Attr("name"); got != "Café – “ok”" {
			t.Errorf("%s: name %q", name, got)
		}
		if root.Off != strings.Index(string(text), "<t") {
			t.Errorf("%s: element at %d in %q", name, root.Off, text)
		}
	}
	_, err := UTF8([]byte(strings.Replace(doc, "%s", "Shift_JIS", 1)))
	if e, ok := err.(*Error); !ok || e.Off != 30 || !strings.Contains(e.Msg, `found the encoding "Shift_JIS": expected UTF-8, UTF-16, ISO-8859-1 or Windows-1252`) {
		t.Errorf("Shift_JIS: %v", err)
	}
}

// TestParseErrorsSayWhatWasFound: a file cut short and a byte that is
// not UTF-8 are reported with what was found, where, and what was
// expected, not Go's "unexpected EOF" or "invalid UTF-8".
func TestParseErrorsSayWhatWasFound(t *testing.T) {
	for _, c := range []struct {
		src string
		off int
		msg string
	}{
		{`<definitions><process id="p"><task na`, 37, "XML syntax error: found the end of the file inside <process>: expected the rest of the document (was the file cut short?)"},
		{"<definitions><task name=\"Caf\xe9\"/></definitions>", 28, `XML syntax error: found the byte 0xE9, which is not UTF-8: expected UTF-8 text, or an encoding declaration such as <?xml version="1.0" encoding="ISO-8859-1"?>`},
	} {
		_, err := Parse([]byte(c.src))
		if e, ok := err.(*Error); !ok || e.Off != c.off || e.Msg != c.msg {
			t.Errorf("%q: got %#v, want %d %q", c.src, err, c.off, c.msg)
		}
	}
}

// TestParseTextInPieces: an element's text cut into many pieces (by
// comments) is joined whole, and text on both sides of a child element
// is kept.
func TestParseTextInPieces(t *testing.T) {
	root, err := Parse(textInPieces(200_000))
	if err != nil {
		t.Fatal(err)
	}
	if len(root.Text) != 200_001 || root.Children[0].Text != "in b" {
		t.Errorf("text of %d bytes, child %q", len(root.Text), root.Children[0].Text)
	}
}

// textInPieces is an element whose text is n pieces cut by comments, then
// a child, then one more letter.
func textInPieces(n int) []byte {
	return []byte("<a>" + strings.Repeat("x<!---->", n) + "<b>in b</b>y</a>")
}

// BenchmarkParseTextInPieces: the pieces are joined in linear time
// (200,000 pieces took 19 s when each was appended to a copy of the
// text so far).
func BenchmarkParseTextInPieces(b *testing.B) {
	for _, n := range []int{50_000, 200_000} {
		src := textInPieces(n)
		b.Run(fmt.Sprintf("pieces=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
