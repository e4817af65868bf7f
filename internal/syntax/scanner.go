package syntax

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"flowzap/internal/source"
)

// scanner splits source text into tokens. It never fails: bad bytes come
// back as Illegal tokens, and an unterminated string is reported through
// the err callback and returned as a string token ending at the line end.
// Every call does work proportional to the bytes it consumes, so scanning is
// linear in the input size.
type scanner struct {
	src []byte
	off int
	err func(span source.Span, msg string)
}

type item struct {
	tok  Token
	span source.Span
	text string // identifier name, decoded string value or comment text
}

func (s *scanner) skipBlanks() {
	for s.off < len(s.src) {
		switch s.src[s.off] {
		case ' ', '\t', '\r', '\f', '\v':
			s.off++
		default:
			if s.off+3 <= len(s.src) && s.src[s.off] == 0xEF && s.src[s.off+1] == 0xBB && s.src[s.off+2] == 0xBF {
				s.off += 3 // byte order mark, anywhere on a line, is blank
				continue
			}
			return
		}
	}
}

// next returns the next token on the current line.
func (s *scanner) next() item {
	s.skipBlanks()
	start := s.off
	if s.off >= len(s.src) {
		return item{tok: EOF, span: s.span(start)}
	}
	c := s.src[s.off]
	switch {
	case c == '\n':
		s.off++
		return item{tok: Newline, span: s.span(start)}
	case c == '"':
		return s.scanString()
	case c == '/' && s.peek(1) == '/':
		return s.scanComment()
	case c == '-' && s.peek(1) == '>':
		s.off += 2
		return item{tok: Arrow, span: s.span(start)}
	case c == '-' && s.peek(1) == '-' && s.peek(2) == '>':
		s.off += 3
		return item{tok: LongArrow, span: s.span(start)}
	case isIdentByte(c):
		return s.scanIdent()
	}
	if tok := punct(c); tok != Illegal {
		s.off++
		return item{tok: tok, span: s.span(start)}
	}
	r, size := utf8.DecodeRune(s.src[s.off:])
	if r != utf8.RuneError && isIdentRune(r) {
		return s.scanIdent()
	}
	s.off += size
	return item{tok: Illegal, span: s.span(start), text: string(s.src[start:s.off])}
}

func punct(c byte) Token {
	switch c {
	case '{':
		return LBrace
	case '}':
		return RBrace
	case '[':
		return LBrack
	case ']':
		return RBrack
	case '(':
		return LParen
	case ')':
		return RParen
	case ':':
		return Colon
	case '=':
		return Assign
	case '.':
		return Dot
	case ',':
		return Comma
	case '#':
		return Hash
	case '|':
		return Pipe
	}
	return Illegal
}

// text returns src[start:end] as a string without copying. The source
// text is never modified once a File is made (see source.NewFile), so the
// string stays valid; this keeps the parser from allocating per token.
func (s *scanner) text(start, end int) string {
	if end <= start {
		return ""
	}
	return unsafe.String(&s.src[start], end-start)
}

func (s *scanner) peek(n int) byte {
	if s.off+n < len(s.src) {
		return s.src[s.off+n]
	}
	return 0
}

func (s *scanner) span(start int) source.Span {
	return source.Span{Start: source.Pos(start), End: source.Pos(s.off)}
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// scanIdent reads letters, digits, '_' and '-' (a '-' that starts an arrow
// ends the identifier).
func (s *scanner) scanIdent() item {
	start := s.off
	for s.off < len(s.src) {
		c := s.src[s.off]
		if c < utf8.RuneSelf {
			if isIdentByte(c) {
				s.off++
				continue
			}
			if c == '-' && s.peek(1) != '>' && s.peek(1) != '-' && s.off > start {
				s.off++
				continue
			}
			break
		}
		r, size := utf8.DecodeRune(s.src[s.off:])
		if r == utf8.RuneError || !isIdentRune(r) {
			break
		}
		s.off += size
	}
	return item{tok: IdentTok, span: s.span(start), text: s.text(start, s.off)}
}

// scanString reads a double-quoted string with \" and \\ escapes. Any other
// backslash is kept as written.
func (s *scanner) scanString() item {
	start := s.off
	s.off++ // opening quote
	// Fast path: no escapes, so the value is a slice of the source.
	if j := bytes.IndexAny(s.src[s.off:], "\"\\\n"); j >= 0 && s.src[s.off+j] == '"' {
		v := s.text(s.off, s.off+j)
		s.off += j + 1
		return item{tok: StringTok, span: s.span(start), text: v}
	}
	var b strings.Builder
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch c {
		case '"':
			s.off++
			return item{tok: StringTok, span: s.span(start), text: b.String()}
		case '\n':
			s.err(s.span(start), "unterminated string: expected a closing \" before the end of the line")
			return item{tok: StringTok, span: s.span(start), text: b.String()}
		case '\\':
			if n := s.peek(1); n == '"' || n == '\\' {
				b.WriteByte(n)
				s.off += 2
				continue
			}
		case '\r':
			if s.peek(1) == '\n' {
				s.off++
				continue
			}
		}
		b.WriteByte(c)
		s.off++
	}
	s.err(s.span(start), "unterminated string: expected a closing \" before the end of the file")
	return item{tok: StringTok, span: s.span(start), text: b.String()}
}

func (s *scanner) scanComment() item {
	start := s.off
	end := s.lineEnd()
	s.off = end
	text := strings.TrimSpace(strings.TrimPrefix(string(s.src[start:end]), "//"))
	return item{tok: CommentTok, span: source.Span{Start: source.Pos(start), End: source.Pos(trimCR(s.src, start, end))}, text: text}
}

// restOfLine consumes and returns the rest of the current line (without the
// line ending), trimmed of blanks.
func (s *scanner) restOfLine() (string, source.Span) {
	s.skipBlanks()
	start := s.off
	end := s.lineEnd()
	s.off = end
	e := trimCR(s.src, start, end)
	text := strings.TrimRight(string(s.src[start:e]), " \t\r")
	return text, source.Span{Start: source.Pos(start), End: source.Pos(start + len(text))}
}

// until consumes text up to the byte c on the current line and returns it
// (c itself is consumed too); ok is false when the line ends first.
func (s *scanner) until(c byte) (text string, span source.Span, ok bool) {
	start := s.off
	for s.off < len(s.src) && s.src[s.off] != '\n' {
		if s.src[s.off] == c {
			text = string(s.src[start:s.off])
			span = s.span(start)
			s.off++
			return text, span, true
		}
		s.off++
	}
	s.off = trimCR(s.src, start, s.off)
	return string(s.src[start:s.off]), s.span(start), false
}

func (s *scanner) lineEnd() int {
	if j := bytes.IndexByte(s.src[s.off:], '\n'); j >= 0 {
		return s.off + j
	}
	return len(s.src)
}

func trimCR(src []byte, start, end int) int {
	if end > start && src[end-1] == '\r' {
		return end - 1
	}
	return end
}
