// Package source holds FlowZap Code source text and converts compact byte
// offsets into human positions.
//
// Every later stage stores positions as a [Pos] (a byte offset into the
// file) or a [Span]; only when a position is shown to a person or sent to a
// client is it turned into a [Position] with [File.Position], which computes
// the 1-based line, the byte column and the UTF-16 column (for browsers and
// MCP clients) from the retained text.
package source

import (
	"sort"
	"unicode/utf8"
)

// Pos is a byte offset into a [File]'s text. The zero Pos is the first byte.
type Pos int

// NoPos marks a position that does not exist (for example the closing brace
// of a lane that was never closed).
const NoPos Pos = -1

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p >= 0 }

// Span is the half-open byte range [Start, End) of a piece of source.
type Span struct {
	Start, End Pos
}

// Len returns the number of bytes the span covers.
func (s Span) Len() int { return int(s.End - s.Start) }

// Position is a human-readable location. Line and Col are 1-based; Col counts
// bytes, Col16 counts UTF-16 code units (what browsers and LSP/MCP clients
// use), and Rune counts Unicode code points.
type Position struct {
	Filename string
	Offset   int
	Line     int
	Col      int
	Col16    int
	Rune     int
}

// File is one source text with its line table.
type File struct {
	name  string
	text  []byte
	lines []int // byte offset of the start of each line
}

// NewFile returns a File for text. The text is retained, not copied; callers
// must not modify it afterwards.
func NewFile(name string, text []byte) *File {
	lines := make([]int, 1, len(text)/24+1)
	for i, b := range text {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &File{name: name, text: text, lines: lines}
}

// Name returns the file name given to [NewFile].
func (f *File) Name() string { return f.name }

// Text returns the whole source text.
func (f *File) Text() []byte { return f.text }

// Size returns the length of the text in bytes.
func (f *File) Size() int { return len(f.text) }

// LineCount returns the number of lines (a final line without a newline
// counts; an empty file has one empty line).
func (f *File) LineCount() int { return len(f.lines) }

// Slice returns the text of s, clamped to the file.
func (f *File) Slice(s Span) string {
	a, b := f.clamp(s.Start), f.clamp(s.End)
	if b < a {
		b = a
	}
	return string(f.text[a:b])
}

func (f *File) clamp(p Pos) int {
	switch {
	case p < 0:
		return 0
	case int(p) > len(f.text):
		return len(f.text)
	}
	return int(p)
}

// LineStart returns the offset of the first byte of the 1-based line.
func (f *File) LineStart(line int) Pos {
	if line < 1 {
		return 0
	}
	if line > len(f.lines) {
		return Pos(len(f.text))
	}
	return Pos(f.lines[line-1])
}

// Line returns the text of the 1-based line without its line ending.
func (f *File) Line(line int) string {
	if line < 1 || line > len(f.lines) {
		return ""
	}
	start := f.lines[line-1]
	end := len(f.text)
	if line < len(f.lines) {
		end = f.lines[line] - 1
	}
	if end > start && f.text[end-1] == '\r' {
		end--
	}
	return string(f.text[start:end])
}

// Position converts p into a line and columns. Positions past the end of the
// text are clamped to the end.
func (f *File) Position(p Pos) Position {
	off := f.clamp(p)
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	start := f.lines[i]
	col16, runes := 0, 0
	for j := start; j < off; {
		r, size := utf8.DecodeRune(f.text[j:off])
		if r >= 0x10000 {
			col16 += 2
		} else {
			col16++
		}
		runes++
		j += size
	}
	return Position{
		Filename: f.name,
		Offset:   off,
		Line:     i + 1,
		Col:      off - start + 1,
		Col16:    col16 + 1,
		Rune:     runes + 1,
	}
}

// Offset16 converts a 1-based line and 1-based UTF-16 column (as sent by
// editors) back into a byte offset.
func (f *File) Offset16(line, col16 int) Pos {
	start := int(f.LineStart(line))
	want := col16 - 1
	j := start
	for n := 0; n < want && j < len(f.text) && f.text[j] != '\n'; {
		r, size := utf8.DecodeRune(f.text[j:])
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		j += size
	}
	return Pos(j)
}
