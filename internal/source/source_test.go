package source

import "testing"

func TestPosition(t *testing.T) {
	f := NewFile("x.fz", []byte("ab\r\nçé😀x\n\nlast"))
	cases := []struct {
		pos                    Pos
		line, col, col16, rune int
	}{
		{0, 1, 1, 1, 1},
		{2, 1, 3, 3, 3},   // the CR
		{4, 2, 1, 1, 1},   // after CRLF
		{6, 2, 3, 2, 2},   // after ç (2 bytes)
		{12, 2, 9, 5, 4},  // after 😀 (4 bytes, 2 UTF-16 units)
		{15, 4, 1, 1, 1},  // "last"
		{100, 4, 5, 5, 5}, // clamped to the end
	}
	for _, c := range cases {
		p := f.Position(c.pos)
		if p.Line != c.line || p.Col != c.col || p.Col16 != c.col16 || p.Rune != c.rune {
			t.Errorf("Position(%d) = line %d col %d col16 %d rune %d; want %d %d %d %d",
				c.pos, p.Line, p.Col, p.Col16, p.Rune, c.line, c.col, c.col16, c.rune)
		}
	}
	if got := f.Line(1); got != "ab" {
		t.Errorf("Line(1) = %q, want %q (without CR)", got, "ab")
	}
	if got := f.Line(4); got != "last" {
		t.Errorf("Line(4) = %q", got)
	}
	if f.LineCount() != 4 {
		t.Errorf("LineCount = %d, want 4", f.LineCount())
	}
	if got := f.Offset16(2, 5); got != 12 {
		t.Errorf("Offset16(2, 5) = %d, want 12", got)
	}
}

func TestSliceClamps(t *testing.T) {
	f := NewFile("x", []byte("hello"))
	if got := f.Slice(Span{-3, 99}); got != "hello" {
		t.Errorf("Slice = %q", got)
	}
	if got := f.Slice(Span{4, 2}); got != "" {
		t.Errorf("reversed span gave %q", got)
	}
}
