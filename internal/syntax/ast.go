package syntax

import "flowzap/internal/source"

// Node is any element of the syntax tree. Every node knows its span.
type Node interface {
	Pos() source.Pos
	End() source.Pos
}

// Stmt is one statement: a [Lane], [NodeDecl], [Edge], [Loop], [Comment] or
// [BadStmt].
type Stmt interface {
	Node
	stmt()
	// Base returns the fields every statement shares.
	Base() *StmtBase
}

// StmtBase holds what every statement shares: whether a blank line came
// before it (the formatter keeps one) and a comment written after it on the
// same line.
type StmtBase struct {
	BlankBefore bool
	Trailing    *Comment
}

// Base returns b itself.
func (b *StmtBase) Base() *StmtBase { return b }

// File is a parsed FlowZap Code file.
type File struct {
	Src   *source.File
	Stmts []Stmt // top-level statements in source order
}

// Pos returns 0, the start of the file.
func (f *File) Pos() source.Pos { return 0 }

// End returns the end of the file's text.
func (f *File) End() source.Pos { return source.Pos(f.Src.Size()) }

// Ident is a name as written: a lane or node ID, a shape, a side or a key.
type Ident struct {
	Name string
	Span source.Span
}

// Pos returns the start of the identifier.
func (x *Ident) Pos() source.Pos { return x.Span.Start }

// End returns the end of the identifier.
func (x *Ident) End() source.Pos { return x.Span.End }

// String is a double-quoted string: Value holds the decoded text.
type String struct {
	Value string
	Span  source.Span // including the quotes
}

// Pos returns the position of the opening quote.
func (x *String) Pos() source.Pos { return x.Span.Start }

// End returns the position after the closing quote.
func (x *String) End() source.Pos { return x.Span.End }

// Comment is a `//` comment; Text excludes the slashes and surrounding
// blanks.
type Comment struct {
	StmtBase
	Text string
	Span source.Span
}

// Pos returns the position of the slashes.
func (x *Comment) Pos() source.Pos { return x.Span.Start }

// End returns the end of the comment line.
func (x *Comment) End() source.Pos { return x.Span.End }

// LabelStyle records how a lane's display label was written.
type LabelStyle int

// How a lane label may be written.
const (
	LabelInline  LabelStyle = iota // `id { # Label`, the official form
	LabelNoSpace                   // `id {#Label`
	LabelOwnLine                   // `# Label` on the line after `id {`
)

// LaneLabel is the display label of a lane.
type LaneLabel struct {
	Text  string
	Style LabelStyle
	Span  source.Span // from the '#' to the end of the text
}

// Lane is `ID { # Label` ... `}`.
type Lane struct {
	StmtBase
	ID    Ident
	Label *LaneLabel // nil when the lane has no label
	Open  source.Pos // the '{'
	Close source.Pos // the '}', or source.NoPos when never closed
	Body  []Stmt
	// CloseTrailing is a comment written after the closing brace.
	CloseTrailing *Comment
}

// Pos returns the start of the lane ID.
func (x *Lane) Pos() source.Pos { return x.ID.Span.Start }

// End returns the position after the closing brace (or the end of the last
// statement when the lane was never closed).
func (x *Lane) End() source.Pos {
	if x.Close.IsValid() {
		return x.Close + 1
	}
	if n := len(x.Body); n > 0 {
		return x.Body[n-1].End()
	}
	return x.Open + 1
}

// Sep is the separator written between an attribute's key and value.
type Sep int

// The separators. Nodes officially use ':' and edges '='.
const (
	SepColon Sep = iota
	SepEquals
)

// Attr is `key:"value"` (node) or `key="value"` (edge).
type Attr struct {
	Key   Ident
	Sep   Sep
	Value String
}

// Pos returns the start of the key.
func (x *Attr) Pos() source.Pos { return x.Key.Span.Start }

// End returns the end of the value.
func (x *Attr) End() source.Pos { return x.Value.Span.End }

// NodeDecl is `ID: SHAPE key:"value" ...`.
type NodeDecl struct {
	StmtBase
	ID    Ident
	Shape Ident
	Attrs []*Attr
}

// Pos returns the start of the node ID.
func (x *NodeDecl) Pos() source.Pos { return x.ID.Span.Start }

// End returns the end of the last attribute or of the shape.
func (x *NodeDecl) End() source.Pos {
	if n := len(x.Attrs); n > 0 {
		return x.Attrs[n-1].End()
	}
	return x.Shape.Span.End
}

// Handle is `.handle(SIDE)`.
type Handle struct {
	Keyword Ident // "handle" as written
	Side    Ident
	Span    source.Span // from "handle" to ')'
}

// Pos returns the start of the "handle" keyword.
func (x *Handle) Pos() source.Pos { return x.Span.Start }

// End returns the position after ')'.
func (x *Handle) End() source.Pos { return x.Span.End }

// Endpoint is `[LANE.]NODE[.handle(SIDE)]`.
type Endpoint struct {
	Lane   *Ident // nil when no lane prefix was written
	Node   Ident
	Handle *Handle // nil when no handle was written
}

// Pos returns the start of the endpoint.
func (x *Endpoint) Pos() source.Pos {
	if x.Lane != nil {
		return x.Lane.Span.Start
	}
	return x.Node.Span.Start
}

// End returns the end of the endpoint.
func (x *Endpoint) End() source.Pos {
	if x.Handle != nil {
		return x.Handle.Span.End
	}
	return x.Node.Span.End
}

// Edge is `SRC -> DST [label="..."]`.
type Edge struct {
	StmtBase
	From     Endpoint
	Arrow    source.Span // "->" or "-->"
	To       Endpoint
	Attrs    []*Attr     // inside the brackets
	Brackets source.Span // the [...] block; zero when absent
	HasAttrs bool        // a [...] block was written (possibly empty)
}

// Pos returns the start of the source endpoint.
func (x *Edge) Pos() source.Pos { return x.From.Pos() }

// End returns the end of the attribute block or the target endpoint.
func (x *Edge) End() source.Pos {
	if x.HasAttrs {
		return x.Brackets.End
	}
	return x.To.End()
}

// Loop is `loop [condition] ID ID ...`.
type Loop struct {
	StmtBase
	Keyword   Ident
	Condition string
	CondSpan  source.Span // the [...] block
	Nodes     []Ident
	// Prefixes holds the lane prefixes written before the nodes, as in
	// `loop [until confirmed] agent.n7 agent.n8` (a departure: loop nodes
	// are plain IDs), index for index with Nodes, a nil entry where none
	// was written. It is nil when no node has a prefix; code that edits
	// Nodes keeps it aligned or sets it to nil. Read it with [Loop.Prefix].
	Prefixes []*Ident
}

// Prefix returns the lane prefix written before Nodes[i], or nil.
func (x *Loop) Prefix(i int) *Ident {
	if len(x.Prefixes) != len(x.Nodes) || i < 0 || i >= len(x.Prefixes) {
		return nil
	}
	return x.Prefixes[i]
}

// Pos returns the start of the keyword.
func (x *Loop) Pos() source.Pos { return x.Keyword.Span.Start }

// End returns the end of the last node or of the condition.
func (x *Loop) End() source.Pos {
	if n := len(x.Nodes); n > 0 {
		return x.Nodes[n-1].Span.End
	}
	return x.CondSpan.End
}

// Fence is a Markdown code fence line (```, ```flowzap) pasted with the
// code, as chat assistants write it. It is kept so nothing is lost; the
// checker warns and the fixer removes it.
type Fence struct {
	StmtBase
	Text string
	Span source.Span
}

// Pos returns the start of the fence.
func (x *Fence) Pos() source.Pos { return x.Span.Start }

// End returns the end of the fence line.
func (x *Fence) End() source.Pos { return x.Span.End }

// BadStmt is a line that could not be parsed; it keeps its text so the
// formatter and fixer never lose it.
type BadStmt struct {
	StmtBase
	Span source.Span
}

// Pos returns the start of the bad text.
func (x *BadStmt) Pos() source.Pos { return x.Span.Start }

// End returns the end of the bad text.
func (x *BadStmt) End() source.Pos { return x.Span.End }

func (*Lane) stmt()     {}
func (*NodeDecl) stmt() {}
func (*Edge) stmt()     {}
func (*Loop) stmt()     {}
func (*Comment) stmt()  {}
func (*BadStmt) stmt()  {}
func (*Fence) stmt()    {}
