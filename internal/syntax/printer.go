package syntax

import (
	"bytes"
	"io"
	"slices"
	"strings"

	"flowzap/internal/diag"
	"flowzap/internal/source"
)

// Shapes, sides and attribute keys of the official language, in lower case.
var (
	Shapes   = []string{"circle", "rectangle", "diamond", "taskbox"}
	Sides    = []string{"left", "right", "top", "bottom"}
	NodeKeys = []string{"label", "owner", "description", "system"}
)

// canonical returns the lower-case spelling of a keyword-like identifier
// when it is one of set, and the name as written otherwise.
func canonical(name string, set []string) string {
	if l := strings.ToLower(name); slices.Contains(set, l) {
		return l
	}
	return name
}

// Print writes f in the canonical layout: lane headers as `id { # Label`,
// two-space indentation, and inside each lane its nodes, then its edges,
// then its loops. Comments move with the statement they precede; a comment
// at the end of a lane stays there. Blank lines between statements are kept
// (at most one). Node attributes are written key:"value", edge attributes
// key="value", arrows "->", shapes and sides in lower case. Bad statements
// are copied as written, so printing never loses text.
//
// The @layout lines (see [Layout]) are written once, at the end of the
// file after a blank line, in canonical form: entries for nodes and lanes
// the file does not declare are dropped, lines not understood are kept as
// written.
func Print(w io.Writer, f *File) error {
	pr := &printer{src: f.Src}
	lay, _ := ReadLayout(f)
	if len(lay.Lines) > 0 {
		pr.skip = map[Stmt]bool{}
		for _, c := range lay.Lines {
			pr.skip[c] = true
		}
	}
	pr.stmts(f.Stmts, "", false)
	nodes, lanes, order := declared(f)
	if lines := lay.Canonical(func(id string) bool { return nodes[id] }, func(id string) bool { return lanes[id] }, order); len(lines) > 0 {
		if pr.buf.Len() > 0 {
			pr.buf.WriteByte('\n')
		}
		for _, t := range lines {
			writeComment(&pr.buf, t)
			pr.buf.WriteByte('\n')
		}
	}
	_, err := w.Write(pr.buf.Bytes())
	return err
}

// Format parses src and prints it canonically. It fails, returning the
// parse diagnostics, when src has syntax errors: formatting never guesses.
// Format(Format(x)) == Format(x) for every x it accepts.
func Format(name string, src []byte) ([]byte, diag.List, error) {
	f, diags := Parse(source.NewFile(name, src))
	if err := diags.Err(); err != nil {
		return nil, diags, err
	}
	var b bytes.Buffer
	if err := Print(&b, f); err != nil {
		return nil, diags, err
	}
	return b.Bytes(), diags, nil
}

type printer struct {
	src  *source.File
	buf  bytes.Buffer
	skip map[Stmt]bool // the @layout lines, written at the end
}

// printItem is a statement with the comments that lead into it.
type printItem struct {
	lead []Stmt
	stmt Stmt // nil for comments at the end of a block
}

func group(list []Stmt) []printItem {
	var items []printItem
	var lead []Stmt
	for _, s := range list {
		switch s.(type) {
		case *Comment, *BadStmt, *Fence:
			lead = append(lead, s)
			continue
		}
		items = append(items, printItem{lead: lead, stmt: s})
		lead = nil
	}
	if len(lead) > 0 {
		items = append(items, printItem{lead: lead})
	}
	return items
}

func rank(s Stmt) int {
	switch s.(type) {
	case *NodeDecl:
		return 0
	case *Edge:
		return 1
	case *Loop:
		return 2
	case nil:
		return 3
	}
	return 0
}

func (pr *printer) stmts(list []Stmt, indent string, reorder bool) {
	if pr.skip != nil {
		kept := make([]Stmt, 0, len(list))
		for _, s := range list {
			if !pr.skip[s] {
				kept = append(kept, s)
			}
		}
		list = kept
	}
	items := group(list)
	if reorder {
		var sorted []printItem
		for r := 0; r <= 3; r++ {
			for _, it := range items {
				if rank(it.stmt) == r {
					sorted = append(sorted, it)
				}
			}
		}
		items = sorted
	}
	first := true
	emit := func(s Stmt) {
		if !first && s.Base().BlankBefore {
			pr.buf.WriteByte('\n')
		}
		first = false
		pr.stmt(s, indent)
	}
	for _, it := range items {
		for _, c := range it.lead {
			emit(c)
		}
		if it.stmt != nil {
			emit(it.stmt)
		}
	}
}

func (pr *printer) stmt(s Stmt, indent string) {
	b := &pr.buf
	b.WriteString(indent)
	switch s := s.(type) {
	case *Comment:
		writeComment(b, s.Text)
	case *BadStmt:
		b.WriteString(strings.TrimSpace(pr.src.Slice(s.Span)))
	case *Fence:
		b.WriteString(s.Text)
	case *Lane:
		pr.lane(s)
		return
	case *NodeDecl:
		pr.node(s)
	case *Edge:
		pr.edge(s)
	case *Loop:
		b.WriteString("loop [")
		b.WriteString(s.Condition)
		b.WriteString("]")
		for i, n := range s.Nodes {
			b.WriteByte(' ')
			if pre := s.Prefix(i); pre != nil {
				b.WriteString(pre.Name)
				b.WriteByte('.')
			}
			b.WriteString(n.Name)
		}
	}
	pr.trailing(s.Base().Trailing)
}

func (pr *printer) trailing(c *Comment) {
	if c != nil {
		pr.buf.WriteByte(' ')
		writeComment(&pr.buf, c.Text)
	}
	pr.buf.WriteByte('\n')
}

func writeComment(b *bytes.Buffer, text string) {
	b.WriteString("//")
	if text != "" {
		b.WriteByte(' ')
		b.WriteString(text)
	}
}

func (pr *printer) lane(l *Lane) {
	b := &pr.buf
	b.WriteString(l.ID.Name)
	b.WriteString(" {")
	if l.Label != nil && l.Label.Text != "" {
		b.WriteString(" # ")
		b.WriteString(l.Label.Text)
	}
	pr.trailing(l.Trailing)
	pr.stmts(l.Body, "  ", true)
	b.WriteString("}")
	pr.trailing(l.CloseTrailing)
}

func (pr *printer) node(n *NodeDecl) {
	b := &pr.buf
	b.WriteString(n.ID.Name)
	b.WriteString(": ")
	b.WriteString(canonical(n.Shape.Name, Shapes))
	for _, a := range n.Attrs {
		b.WriteByte(' ')
		b.WriteString(canonical(a.Key.Name, NodeKeys))
		b.WriteByte(':')
		writeString(b, a.Value.Value)
	}
}

func (pr *printer) edge(e *Edge) {
	b := &pr.buf
	writeEndpoint(b, &e.From)
	b.WriteString(" -> ")
	writeEndpoint(b, &e.To)
	if len(e.Attrs) == 0 {
		return
	}
	b.WriteString(" [")
	for i, a := range e.Attrs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(canonical(a.Key.Name, []string{"label"}))
		b.WriteByte('=')
		writeString(b, a.Value.Value)
	}
	b.WriteByte(']')
}

func writeEndpoint(b *bytes.Buffer, ep *Endpoint) {
	if ep.Lane != nil {
		b.WriteString(ep.Lane.Name)
		b.WriteByte('.')
	}
	b.WriteString(ep.Node.Name)
	if ep.Handle != nil {
		b.WriteString(".handle(")
		b.WriteString(canonical(ep.Handle.Side.Name, Sides))
		b.WriteByte(')')
	}
}

// Quote returns s as a FlowZap string literal, escaping '"' and '\'.
func Quote(s string) string {
	var b bytes.Buffer
	writeString(&b, s)
	return b.String()
}

func writeString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
}
