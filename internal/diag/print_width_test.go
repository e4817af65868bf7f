package diag

import (
	"strings"
	"testing"

	"flowzap/internal/source"
)

// TestCaretTerminalColumns: the caret stands under the span on a
// terminal when the line before it holds characters two columns wide
// (Chinese) or none wide (a byte order mark, a combining accent).
func TestCaretTerminalColumns(t *testing.T) {
	for _, c := range []struct{ line, span, want string }{
		{`  n1: circle label:"开始处理" colour:"x"`, "colour", strings.Repeat(" ", 30) + "^~~~~~"},
		{"\ufeffa {", "a", "^"},
		{`  n1: circle label:"Cafe` + "\u0301" + `" colour:"x"`, "colour", strings.Repeat(" ", 26) + "^~~~~~"},
		{`  n1: circle label:"开始"`, `"开始"`, strings.Repeat(" ", 19) + "^~~~~~"},
	} {
		src := c.line + "\n"
		f := source.NewFile("w.fz", []byte(src))
		start := strings.Index(src, c.span)
		l := List{{Severity: Warning, Code: "FZ115", Msg: "m", Span: source.Span{Start: source.Pos(start), End: source.Pos(start + len(c.span))}}}
		var b strings.Builder
		l.Print(&b, f)
		lines := strings.Split(b.String(), "\n")
		if len(lines) < 3 || lines[2] != "  "+c.want {
			t.Errorf("%q: caret line %q, want %q", c.line, lines[2], "  "+c.want)
		}
	}
}

// TestInvalidUTF8LineShown: a line with bytes that are not UTF-8 is still
// shown, each such byte as U+FFFD, with the caret under it.
func TestInvalidUTF8LineShown(t *testing.T) {
	src := "  n1: label:\"a\xffb\"\n"
	f := source.NewFile("u.fz", []byte(src))
	at := strings.IndexByte(src, 0xff)
	l := List{{Severity: Error, Code: "FZ001", Msg: "invalid UTF-8 byte 0xff", Span: source.Span{Start: source.Pos(at), End: source.Pos(at + 1)}}}
	var b strings.Builder
	l.Print(&b, f)
	lines := strings.Split(b.String(), "\n")
	if len(lines) < 3 || lines[1] != "    n1: label:\"a\uFFFDb\"" || lines[2] != "  "+strings.Repeat(" ", at)+"^" {
		t.Errorf("got %q", b.String())
	}
}
