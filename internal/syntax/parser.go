// Package syntax reads FlowZap Code into a syntax tree and prints trees back
// as canonical text.
//
// [Parse] takes a *source.File and always returns a *[File], even for broken
// input: a line that cannot be read becomes a [BadStmt] holding its text, so
// one broken statement never hides the rest, and the problems are returned
// in a diag.List (at most one per line). The parser only checks what a
// statement looks like; names, shapes, sides and the spec's rules are
// checked by package compile. [Print] and [Format] turn a tree back into
// text; Format is canonical and has no options.
//
// Parsing is a single pass over the bytes with one token of lookahead: time
// is linear and memory is proportional to the input, whatever the input is.
package syntax

import (
	"strings"
	"unicode/utf8"

	"flowzap/internal/diag"
	"flowzap/internal/source"
)

// Parse parses the whole file. The returned tree is never nil.
func Parse(f *source.File) (*File, diag.List) {
	p := &parser{file: f, errLines: map[int]bool{}}
	p.s = scanner{src: f.Text(), err: func(sp source.Span, msg string) {
		p.errorf(sp, diag.UnterminatedStr, "", msg)
	}}
	p.checkEncoding()
	p.parseFile()
	p.diags.Sort()
	return &File{Src: f, Stmts: p.stmts}, p.diags
}

type parser struct {
	file     *source.File
	s        scanner
	diags    diag.List
	errLines map[int]bool

	// The current token, flat as in go/parser.
	tok  Token
	lit  string // identifier name, decoded string value or comment text
	span source.Span

	stmts []Stmt
	lane  *Lane // the open lane, if any

	peeked  item // the token after tok, when hasPeek
	peekEnd int  // scanner offset after peeked
	hasPeek bool

	// Slabs hand out tree nodes in blocks, which makes parsing a large
	// file several times cheaper in allocations.
	nodes   slab[NodeDecl]
	edges   slab[Edge]
	attrs   slab[Attr]
	handles slab[Handle]
	idents  slab[Ident]
	blank   bool // a blank line came before the current statement
}

// errorf reports an error unless the line already has one: a cascade of
// errors on one line helps nobody.
func (p *parser) errorf(sp source.Span, code diag.Code, fix any, format string, args ...any) {
	line := p.file.Position(sp.Start).Line
	if p.errLines[line] {
		return
	}
	p.errLines[line] = true
	p.diags.Add(diag.Diagnostic{Span: sp, Severity: diag.Error, Code: code}.WithText(diag.T(format, args...), fixText(fix)))
}

// slab allocates values of T in blocks of 64.
type slab[T any] struct{ free []T }

func (s *slab[T]) new() *T {
	if len(s.free) == 0 {
		s.free = make([]T, 64)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}

// checkEncoding reports invalid UTF-8 and control characters, one per line.
// UTF-16 text (known by its byte order mark) is one error, on its first
// line: every line of it holds NUL bytes and bytes that are not UTF-8,
// and saying so for each would hide the one thing to do.
func (p *parser) checkEncoding() {
	src := p.file.Text()
	if bom := source.UTF16BOM(src); bom != "" {
		p.errorf(source.Span{Start: 0, End: 2}, diag.InvalidUTF8, "save the file as UTF-8",
			"the text is UTF-16 (it starts with the byte order mark %s): expected UTF-8 text", bom)
		for line := 2; line <= p.file.Position(source.Pos(len(src))).Line; line++ {
			p.errLines[line] = true
		}
		return
	}
	for i := 0; i < len(src); {
		c := src[i]
		if c >= 0x20 && c < 0x7f { // the common case: printable ASCII
			i++
			continue
		}
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f {
				p.errorf(source.Span{Start: source.Pos(i), End: source.Pos(i + 1)}, diag.ControlChar,
					"delete the character", "control character %U is not allowed: expected printable text, a tab or a line break", rune(c))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			p.errorf(source.Span{Start: source.Pos(i), End: source.Pos(i + 1)}, diag.InvalidUTF8,
				"save the file as UTF-8", "invalid UTF-8 byte 0x%02x: expected UTF-8 text", c)
		case r >= 0x80 && r <= 0x9f:
			p.errorf(source.Span{Start: source.Pos(i), End: source.Pos(i + size)}, diag.ControlChar,
				"delete the character", "control character %U is not allowed: expected printable text", r)
		}
		i += size
	}
}

func (p *parser) next() {
	if p.hasPeek {
		p.set(p.peeked)
		p.s.off, p.hasPeek = p.peekEnd, false
		return
	}
	p.set(p.s.next())
}

// set makes it the current token.
func (p *parser) set(it item) { p.tok, p.lit, p.span = it.tok, it.text, it.span }

// peek returns the token after the current one without consuming it; the
// token is kept so the next call to next does not scan it again.
func (p *parser) peek() item {
	if !p.hasPeek {
		saved := p.s.off
		p.peeked = p.s.next()
		p.peekEnd, p.s.off, p.hasPeek = p.s.off, saved, true
	}
	return p.peeked
}

func (p *parser) atEOL() bool { return p.tok == Newline || p.tok == EOF }

func (p *parser) parseFile() {
	p.next()
	for p.tok != EOF {
		if p.tok == Newline {
			p.blank = true
			p.next()
			continue
		}
		before := p.span.Start
		p.parseLine()
		if p.tok != Newline && p.tok != EOF || p.span.Start == before {
			// Never loop without progress, whatever a statement parser did.
			p.skipLine()
		}
		if p.tok == Newline {
			p.next()
		}
	}
	if p.lane != nil {
		l := p.lane
		p.errorf(l.ID.Span, diag.UnterminatedLane, "add a line with } after the lane's last statement",
			"lane %q is not closed: expected \"}\" before the end of the file", l.ID.Name)
		p.lane = nil
	}
}

func (p *parser) add(s Stmt) {
	list := &p.stmts
	if p.lane != nil {
		list = &p.lane.Body
	}
	s.Base().BlankBefore = p.blank && len(*list) > 0
	p.blank = false
	*list = append(*list, s)
}

// parseLine parses one statement and leaves the parser at the line's end.
func (p *parser) parseLine() {
	start := p.span.Start
	ok := true
	switch p.tok {
	case CommentTok:
		p.add(&Comment{Text: p.lit, Span: p.span})
		p.next()
	case RBrace:
		ok = p.parseClose()
	case Hash:
		ok = p.parseOwnLineLabel()
	case Illegal:
		if p.lit == "`" && strings.HasPrefix(string(p.file.Text()[p.span.Start:min(int(p.span.Start)+3, p.file.Size())]), "```") {
			rest, sp := p.s.restOfLine()
			p.add(&Fence{Text: "`" + rest, Span: source.Span{Start: start, End: sp.End}})
			p.next()
			return
		}
		if !p.foreignSyntax() {
			p.expected("a lane, node, edge or loop statement")
		}
		ok = false
	case IdentTok:
		ok = p.parseIdentLine()
	default:
		if !p.foreignSyntax() {
			p.expected("a lane, node, edge or loop statement")
		}
		ok = false
	}
	if ok {
		return
	}
	p.skipLine()
	p.add(&BadStmt{Span: source.Span{Start: start, End: p.span.Start}})
}

// expected reports "expected WHAT, found <the current token>" at the
// current token, the form of every syntax error, and returns false.
// What is a phrase of the engine (a string or a diag.Text).
func (p *parser) expected(what any) bool { return p.expectedFix("", what) }

// fixText returns fix (a string or a diag.Text) as a diag.Text.
func fixText(fix any) diag.Text {
	if t, ok := fix.(diag.Text); ok {
		return t
	}
	return diag.T(fix.(string))
}

// expectedFix is [parser.expected] with a fix to suggest.
func (p *parser) expectedFix(fix, what any) bool {
	return p.fail(diag.Syntax, fix, "expected %s, found %s", fixText(what), p.describe())
}

// fail reports an error at the current token and returns false so callers
// can write `return p.fail(...)`.
func (p *parser) fail(code diag.Code, fix any, format string, args ...any) bool {
	p.errorf(p.span, code, fix, format, args...)
	return false
}

func (p *parser) skipLine() {
	for !p.atEOL() {
		p.next()
	}
}

// endLine accepts an optional trailing comment and the end of the line.
func (p *parser) endLine(s Stmt, what any) bool {
	if p.tok == CommentTok {
		s.Base().Trailing = &Comment{Text: p.lit, Span: p.span}
		p.next()
	}
	if p.atEOL() {
		return true
	}
	if p.tok == Arrow || p.tok == LongArrow {
		return p.fail(diag.ChainedEdge, "write one edge per line: a -> b, then b -> c",
			"chained edge: expected end of line after the edge's target, found %s", p.describe())
	}
	return p.expected(diag.T("end of line after %s", fixText(what)))
}

func (p *parser) describe() diag.Text {
	switch p.tok {
	case IdentTok:
		return diag.T("%q", clip(p.lit))
	case StringTok:
		return diag.T("string %q", clip(p.lit))
	case Illegal:
		return diag.T("%q", p.lit)
	case CommentTok:
		return diag.T("comment")
	}
	return diag.T(p.tok.String())
}

func clip(s string) string {
	if len(s) > 40 {
		i := 40
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		return s[:i] + "…"
	}
	return s
}

func (p *parser) parseClose() bool {
	brace := p.span.Start
	p.next()
	switch {
	case p.lane == nil:
		p.errorf(source.Span{Start: brace, End: brace + 1}, diag.StrayBrace, "delete the \"}\"",
			"unexpected \"}\": no lane is open")
		p.skipLine()
		return true
	default:
		p.lane.Close = brace
		if p.tok == CommentTok {
			p.lane.CloseTrailing = &Comment{Text: p.lit, Span: p.span}
			p.next()
		}
		p.lane = nil
	}
	if !p.atEOL() {
		return p.expected("end of line after \"}\"")
	}
	return true
}

func (p *parser) parseOwnLineLabel() bool {
	l := p.lane
	if l == nil || l.Label != nil || len(l.Body) > 0 {
		return p.fail(diag.Syntax, "write comments as // text",
			"expected a statement, found \"#\" (a lane label belongs on the lane's opening line; comments start with //)")
	}
	hash := p.span.Start
	text, sp := p.s.restOfLine()
	p.next()
	if text != "" { // a bare "#" says nothing: the lane still has no label
		l.Label = &LaneLabel{Text: text, Style: LabelOwnLine, Span: source.Span{Start: hash, End: sp.End}}
	}
	p.blank = false
	return true
}

func (p *parser) parseIdentLine() bool {
	next := p.peek()
	switch {
	case strings.EqualFold(p.lit, "loop") && next.tok == LBrack:
		return p.parseLoop()
	case next.tok == LBrace:
		return p.parseLane()
	case next.tok == Colon:
		return p.parseNode()
	case next.tok == Dot || next.tok == Arrow || next.tok == LongArrow:
		return p.parseEdge()
	}
	if p.foreignSyntax() {
		return false
	}
	if next.tok == LBrack || next.tok == LParen || next.tok == Pipe {
		return p.fail(diag.Mermaid, "rewrite it as FlowZap Code: nodes are declared as n1: rectangle label:\"Text\"",
			"found Mermaid-style node %q: expected a FlowZap statement such as n1: rectangle label:\"...\"", clip(p.lit+p.sliceFrom(next)))
	}
	name := p.lit
	p.next()
	if p.atEOL() {
		return p.fail(diag.Syntax, "", "found bare word %q: expected a lane (%s {), a node (%s: rectangle label:\"...\") or an edge (%s.handle(right) -> ...)",
			clip(name), clip(name), clip(name), clip(name))
	}
	return p.expected(diag.T("\"{\", \":\" or \"->\" after %q", clip(name)))
}

func (p *parser) sliceFrom(it item) string {
	end := it.span.End
	if lim := it.span.Start + 30; end > lim {
		end = lim
	}
	return p.file.Slice(source.Span{Start: it.span.Start, End: end})
}

var mermaidWords = map[string]bool{
	"graph": true, "flowchart": true, "sequencediagram": true, "classdiagram": true, "statediagram": true,
	"statediagram-v2": true, "erdiagram": true, "gantt": true, "pie": true, "journey": true, "subgraph": true,
	"participant": true, "actor": true, "classdef": true, "linkstyle": true, "mindmap": true, "gitgraph": true,
	"autonumber": true,
}

// foreignSyntax recognises the first line of a Mermaid or PlantUML diagram
// and reports it with a clear message.
func (p *parser) foreignSyntax() bool {
	switch {
	case p.tok == IdentTok && mermaidWords[strings.ToLower(p.lit)]:
		p.fail(diag.Mermaid, "rewrite the diagram as FlowZap Code lanes, nodes and edges",
			"found Mermaid keyword %q: this is Mermaid syntax, expected FlowZap Code (lanes, nodes and edges)", p.lit)
		p.skipForeign()
		return true
	case p.tok == Illegal && p.lit == "%" && p.s.peek(0) == '%':
		p.fail(diag.Mermaid, "use // for comments", "found Mermaid comment \"%%%%\": expected FlowZap Code (comments start with //)")
		return true
	case p.tok == Illegal && p.lit == "@" && strings.HasPrefix(strings.ToLower(string(p.file.Text()[p.span.End:min(int(p.span.End)+8, p.file.Size())])), "startuml"):
		p.fail(diag.Mermaid, "rewrite the diagram as FlowZap Code lanes, nodes and edges",
			"found \"@startuml\": this is PlantUML syntax, expected FlowZap Code")
		p.skipForeign()
		return true
	}
	return false
}

// skipForeign treats the rest of the file as one bad statement when a
// foreign diagram's header opens the file: reporting every following line
// of a Mermaid diagram would bury the one useful message.
func (p *parser) skipForeign() {
	if len(p.stmts) > 0 || p.lane != nil {
		return
	}
	p.s.off = len(p.s.src)
	p.hasPeek = false
	p.set(item{tok: EOF, span: source.Span{Start: source.Pos(p.s.off), End: source.Pos(p.s.off)}})
}

func (p *parser) parseLane() bool {
	l := &Lane{ID: Ident{Name: p.lit, Span: p.span}, Close: source.NoPos}
	p.next()
	l.Open = p.span.Start
	p.next()
	if p.lane != nil {
		// Most often the "}" of the previous lane was forgotten: report it,
		// close that lane and go on with the new one, so its nodes and
		// edges are still checked where they belong.
		p.errorf(l.ID.Span, diag.NestedLane, diag.T("close lane %q with } before opening %q", p.lane.ID.Name, l.ID.Name),
			"lane %q opened inside lane %q: expected \"}\" to close %q first (lanes do not nest)", l.ID.Name, p.lane.ID.Name, p.lane.ID.Name)
		p.lane = nil
	}
	if p.tok == Hash {
		hash := p.span.Start
		noSpace := p.s.peek(0) != ' ' && p.s.peek(0) != '\t'
		text, sp := p.s.restOfLine()
		p.next()
		style := LabelInline
		if noSpace && text != "" {
			style = LabelNoSpace
		}
		if text != "" {
			l.Label = &LaneLabel{Text: text, Style: style, Span: source.Span{Start: hash, End: sp.End}}
		}
	}
	if p.tok != CommentTok && !p.atEOL() {
		p.expected("\"# Label\" or end of line after \"{\"")
		p.skipLine()
	} else {
		p.endLine(l, "\"{\"")
	}
	p.add(l)
	p.lane = l
	return true
}

func (p *parser) parseNode() bool {
	n := p.nodes.new()
	n.ID = Ident{Name: p.lit, Span: p.span}
	p.next() // ID
	colon := p.span
	p.next() // ':'
	if p.tok != IdentTok {
		return p.expected(diag.T("a shape (circle, rectangle, diamond or taskbox) after %q", n.ID.Name+":"))
	}
	n.Shape = Ident{Name: p.lit, Span: p.span}
	p.next()
	for p.tok == IdentTok || p.tok == Comma && len(n.Attrs) > 0 {
		if p.tok == Comma {
			p.next()
			continue
		}
		a, ok := p.parseAttr(SepColon)
		if !ok {
			return false
		}
		n.Attrs = append(n.Attrs, a)
	}
	if p.lane == nil {
		p.errorf(source.Span{Start: n.ID.Span.Start, End: colon.End}, diag.NodeOutsideLane, "move the node into a lane: lane { # Label ... }",
			"node %q is outside every lane: expected it between a lane's \"{\" and \"}\"", n.ID.Name)
	}
	if !p.endLine(n, "the node's attributes") {
		return false
	}
	p.add(n)
	return true
}

// parseAttr parses key:"value" or key="value"; want is the separator the
// context officially uses (':' on nodes, '=' on edges), used in hints.
func (p *parser) parseAttr(want Sep) (*Attr, bool) {
	sep := ":"
	if want == SepEquals {
		sep = "="
	}
	a := p.attrs.new()
	a.Key = Ident{Name: p.lit, Span: p.span}
	p.next()
	switch p.tok {
	case Colon:
		a.Sep = SepColon
	case Assign:
		a.Sep = SepEquals
	default:
		return nil, p.expected(diag.T("%q after attribute key %q", sep, clip(a.Key.Name)))
	}
	p.next()
	if p.tok != StringTok {
		return nil, p.expectedFix(diag.T("quote the value: %s%s\"...\"", a.Key.Name, sep),
			diag.T("a double-quoted string after %q", a.Key.Name+p.file.Slice(source.Span{Start: a.Key.Span.End, End: p.span.Start})))
	}
	a.Value = String{Value: p.lit, Span: p.span}
	p.next()
	return a, true
}

func (p *parser) parseEdge() bool {
	e := p.edges.new()
	if !p.parseEndpoint(&e.From, true) {
		return false
	}
	switch p.tok {
	case Arrow, LongArrow:
		e.Arrow = p.span
		p.next()
	default:
		return p.expected("\"->\" after the edge's source")
	}
	if p.tok == Pipe {
		return p.fail(diag.Mermaid, "write the label as [label=\"...\"] after the target",
			"found Mermaid edge label \"|...|\": expected the target node after \"->\"")
	}
	if !p.parseEndpoint(&e.To, false) {
		return false
	}
	if p.tok == LBrack {
		if !p.parseEdgeAttrs(e) {
			return false
		}
	}
	if !p.endLine(e, "the edge") {
		return false
	}
	p.add(e)
	return true
}

func (p *parser) parseEndpoint(ep *Endpoint, isSource bool) bool {
	if p.tok != IdentTok {
		return p.expected("a node ID after \"->\"")
	}
	var buf [3]Ident
	parts := buf[:0]
	for {
		id := Ident{Name: p.lit, Span: p.span}
		p.next()
		if strings.EqualFold(id.Name, "handle") && p.tok == LParen && len(parts) > 0 {
			h, ok := p.parseHandle(id)
			if !ok {
				return false
			}
			ep.Handle = h
			break
		}
		parts = append(parts, id)
		if p.tok != Dot {
			break
		}
		p.next()
		if p.tok != IdentTok {
			return p.expected("a node ID or handle(...) after \".\"")
		}
	}
	switch len(parts) {
	case 1:
		ep.Node = parts[0]
	case 2:
		lane := p.idents.new()
		*lane = parts[0]
		ep.Lane, ep.Node = lane, parts[1]
	default:
		return p.fail(diag.Syntax, "", "expected LANE.NODE.handle(SIDE), found %d dotted names", len(parts))
	}
	if isSource && (p.tok == LBrack || p.tok == LParen || p.tok == LBrace) ||
		!isSource && (p.tok == LParen || p.tok == LBrace || p.tok == Pipe) {
		return p.fail(diag.Mermaid, "declare nodes on their own lines: n1: rectangle label:\"...\"",
			"found Mermaid-style node shape after %q: expected %s", ep.Node.Name, map[bool]diag.Text{true: diag.T("\"->\""), false: diag.T("[label=\"...\"] or end of line")}[isSource])
	}
	return true
}

func (p *parser) parseHandle(kw Ident) (*Handle, bool) {
	p.next() // '('
	if p.tok != IdentTok {
		return nil, p.expected("a side (left, right, top or bottom) in handle(...)")
	}
	side := Ident{Name: p.lit, Span: p.span}
	p.next()
	if p.tok != RParen {
		return nil, p.expected(diag.T("\")\" after handle(%s", clip(side.Name)))
	}
	h := p.handles.new()
	*h = Handle{Keyword: kw, Side: side, Span: source.Span{Start: kw.Span.Start, End: p.span.End}}
	p.next()
	return h, true
}

func (p *parser) parseEdgeAttrs(e *Edge) bool {
	open := p.span.Start
	p.next()
	if p.tok == IdentTok {
		if nx := p.peek(); nx.tok == RBrack || nx.tok == IdentTok {
			return p.fail(diag.Mermaid, "declare nodes on their own lines: n1: rectangle label:\"...\"",
				"found Mermaid-style node text [%s...]: expected [label=\"...\"]", clip(p.lit))
		}
	}
	for p.tok != RBrack {
		switch p.tok {
		case Comma:
			p.next()
			continue
		case IdentTok:
			a, ok := p.parseAttr(SepEquals)
			if !ok {
				return false
			}
			e.Attrs = append(e.Attrs, a)
			continue
		}
		if p.atEOL() {
			return p.expectedFix("close the attributes with ]", "\"]\" to close the edge's attributes")
		}
		return p.expected("label=\"...\" or \"]\" in the edge's attributes")
	}
	e.HasAttrs = true
	e.Brackets = source.Span{Start: open, End: p.span.End}
	p.next()
	return true
}

func (p *parser) parseLoop() bool {
	l := &Loop{Keyword: Ident{Name: p.lit, Span: p.span}}
	p.next() // "loop"
	open := p.span.Start
	text, _, ok := p.s.until(']')
	if !ok {
		p.next()
		return p.expectedFix("close the condition with ]", "\"]\" to close the loop condition")
	}
	l.Condition = strings.TrimSpace(text)
	l.CondSpan = source.Span{Start: open, End: source.Pos(p.s.off)}
	p.next()
	var prefixes []*Ident
	hasPrefix := false
	for p.tok == IdentTok || p.tok == Comma {
		if p.tok != IdentTok {
			p.next()
			continue
		}
		id := Ident{Name: p.lit, Span: p.span}
		p.next()
		var prefix *Ident
		if p.tok == Dot && p.peek().tok == IdentTok { // lane.node
			prefix = p.idents.new()
			*prefix = id
			p.next()
			id = Ident{Name: p.lit, Span: p.span}
			p.next()
			hasPrefix = true
		}
		l.Nodes = append(l.Nodes, id)
		prefixes = append(prefixes, prefix)
	}
	if hasPrefix {
		l.Prefixes = prefixes
	}
	if !p.endLine(l, "the loop's node list") {
		return false
	}
	p.add(l)
	return true
}
