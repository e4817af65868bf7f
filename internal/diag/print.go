package diag

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"flowzap/internal/source"
)

// Print writes the list as text, one diagnostic per entry:
//
//	file.fz:3:7: error: unknown shape "square", expected circle, rectangle, diamond or taskbox [FZ008]
//	  n1: square label:"Start"
//	      ^~~~~~
//	  fix: ...
//
// The source line is shown with tabs expanded and a caret under the span.
func (l List) Print(w io.Writer, f *source.File) error {
	var b strings.Builder
	for _, d := range l {
		writeOne(&b, d, f)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeOne(b *strings.Builder, d Diagnostic, f *source.File) {
	p := f.Position(d.Span.Start)
	fmt.Fprintf(b, "%s:%d:%d: %s: %s [%s]\n", f.Name(), p.Line, p.Col, d.Severity, d.Msg, d.Code)
	line := f.Line(p.Line)
	if line != "" && len(line) <= 400 {
		prefix, under := caret(line, p.Col-1, d.Span.Len())
		fmt.Fprintf(b, "  %s\n  %s%s\n", sanitize(line), prefix, under)
	}
	for _, n := range d.Notes {
		np := f.Position(n.Span.Start)
		fmt.Fprintf(b, "  note: %s (line %d:%d)\n", n.Msg, np.Line, np.Col)
	}
	if d.Fix != "" {
		fmt.Fprintf(b, "  fix: %s\n", d.Fix)
	}
}

// caret returns the blank prefix up to byte column col and a ^~~ marker as
// wide as the span (clamped to the line), both measured in terminal
// columns: a Chinese character or an emoji takes two, a byte order mark
// or a combining accent none.
func caret(line string, col, n int) (string, string) {
	if col > len(line) {
		col = len(line)
	}
	var pre strings.Builder
	for _, r := range line[:col] {
		if r == '\t' {
			pre.WriteByte('\t')
		} else {
			pre.WriteString(strings.Repeat(" ", runeWidth(r)))
		}
	}
	rest := line[col:]
	if n > len(rest) {
		n = len(rest)
	}
	w := 0
	for _, r := range rest[:n] {
		w += runeWidth(r)
	}
	if w < 1 {
		w = 1
	}
	return pre.String(), "^" + strings.Repeat("~", w-1)
}

// runeWidth is the number of terminal columns r takes: 0 for marks and
// format characters (combining accents, zero-width joiners, the byte
// order mark), 2 for East Asian wide and fullwidth characters and
// emoji, 1 for the rest.
func runeWidth(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case r >= 0x1100 && r <= 0x115F, // Hangul Jamo initials
		r >= 0x2E80 && r <= 0x303E, // CJK radicals, punctuation
		r >= 0x3041 && r <= 0x33FF, // kana, CJK symbols
		r >= 0x3400 && r <= 0x4DBF, // CJK extension A
		r >= 0x4E00 && r <= 0x9FFF, // CJK unified ideographs
		r >= 0xA000 && r <= 0xA4CF, // Yi
		r >= 0xAC00 && r <= 0xD7A3, // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF, // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F, // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFF60, // fullwidth forms
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x1F300 && r <= 0x1F64F, // pictographs, emoticons
		r >= 0x1F900 && r <= 0x1F9FF, // supplemental pictographs
		r >= 0x20000 && r <= 0x3FFFD: // CJK extensions B and later
		return 2
	}
	return 1
}

// sanitize replaces control characters so a diagnostic never writes raw
// escape sequences to a terminal, and each byte that is not UTF-8 with
// U+FFFD (one column, as caret counts it).
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}

// JSON is the wire form of a diagnostic, used by the CLI's --json output, the
// HTTP API and the MCP tools. Lines and columns are 1-based; Column counts
// bytes, Column16 counts UTF-16 code units.
type JSON struct {
	File      string `json:"file,omitempty"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Column16  int    `json:"column16"`
	EndCol16  int    `json:"endColumn16"`
	Severity  string `json:"severity"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	Fix       string `json:"fix,omitempty"`
	// Notes add context, such as where a duplicate was first defined.
	Notes []NoteJSON `json:"notes,omitempty"`
	// src is the diagnostic converted, for [LocalizeJSON].
	src *Diagnostic
}

// NoteJSON is the wire form of a [Note], with 1-based positions like [JSON].
type NoteJSON struct {
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Column16 int    `json:"column16"`
	Message  string `json:"message"`
}

// ToJSON converts d into its wire form with positions computed from f.
func ToJSON(d Diagnostic, f *source.File) JSON {
	s, e := f.Position(d.Span.Start), f.Position(d.Span.End)
	j := JSON{
		File: f.Name(), Line: s.Line, Column: s.Col, EndLine: e.Line, EndColumn: e.Col,
		Column16: s.Col16, EndCol16: e.Col16,
		Severity: d.Severity.String(), Code: string(d.Code), Message: d.Msg, Fix: d.Fix, src: &d,
	}
	for _, n := range d.Notes {
		p := f.Position(n.Span.Start)
		j.Notes = append(j.Notes, NoteJSON{Line: p.Line, Column: p.Col, Column16: p.Col16, Message: n.Msg})
	}
	return j
}

// JSONList converts every diagnostic in l; the result is never nil.
func (l List) JSONList(f *source.File) []JSON {
	out := make([]JSON, 0, len(l))
	for _, d := range l {
		out = append(out, ToJSON(d, f))
	}
	return out
}
