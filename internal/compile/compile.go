// Package compile checks a *syntax.File against the rules of FlowZap Code
// and builds a *model.Document.
//
// [File] resolves lane and node names, applies every rule of the spec with
// the severity the mode asks for (tolerant by default, [Options.Strict] for
// code the FlowZap app must accept), and fills in the model's explicit order
// fields. Problems are reported in a diag.List; the document is returned
// even when there are errors, with the offending elements (an edge to a
// missing node, a duplicate lane) left out.
package compile

import (
	"strings"
	"unicode/utf8"

	"flowzap/internal/diag"
	"flowzap/internal/model"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// Options select the checking mode. The zero value is the tolerant mode.
type Options struct {
	// Strict reports every departure from the official rules as an error.
	Strict bool
	// Sequence adds the sequence-view checks: every cross-lane request is
	// answered, and answered before the next request (the ping-pong rule).
	Sequence bool
	// Order is the message order the sequence checks follow: model.FlowOrder
	// (the default when empty) or model.WrittenOrder.
	Order string
}

// MaxLabel is the longest label, in characters, that draws well.
const MaxLabel = 50

// Source parses and checks f: the tree, the document and every parse and
// check diagnostic, sorted by position. It is what each front end and
// tool runs on text.
func Source(f *source.File, opts Options) (*syntax.File, *model.Document, diag.List) {
	tree, all := syntax.Parse(f)
	doc, cd := File(tree, opts)
	all = append(all, cd...)
	all.Sort()
	return tree, doc, all
}

// File checks f and builds its document. Parse diagnostics are not
// repeated; pass them to the caller's list yourself.
func File(f *syntax.File, opts Options) (*model.Document, diag.List) {
	hint := f.Src.Size() / 48 // about one node per 48 bytes of real code
	c := &checker{file: f, opts: opts, doc: model.NewDocument(hint), decls: make([]*syntax.NodeDecl, 0, hint),
		laneDecl: map[string]*syntax.Lane{}, laneless: map[string]bool{}}
	c.declare()
	c.checkIDs()
	c.connect()
	c.layout()
	c.style()
	if opts.Sequence {
		c.pingPong()
	}
	c.diags.Sort()
	return c.doc, c.diags
}

type checker struct {
	file  *syntax.File
	opts  Options
	doc   *model.Document
	diags diag.List

	decls    []*syntax.NodeDecl // by model.Node.Index
	laneDecl map[string]*syntax.Lane
	laneless map[string]bool // nodes declared outside lanes (already an error)

	// folded maps the case-folded ID of each of the first foldedN nodes
	// to the first node with it, for the suggestions of undefined nodes
	// (one map instead of a search of every node for each).
	folded  map[string]*model.Node
	foldedN int
}

// report adds a diagnostic whose severity follows the code's class and the
// mode.
//
// fix is a string or a diag.Text.
func (c *checker) report(sp source.Span, code diag.Code, fix any, format string, args ...any) *diag.Diagnostic {
	info, _ := diag.Lookup(code)
	f, ok := fix.(diag.Text)
	if !ok {
		f = diag.T(fix.(string))
	}
	c.diags.Add(diag.Diagnostic{Span: sp, Severity: info.Class.Severity(c.opts.Strict), Code: code}.WithText(diag.T(format, args...), f))
	return &c.diags[len(c.diags)-1]
}

func (c *checker) duplicate(kind string, id *syntax.Ident, prev source.Span, code diag.Code) {
	var d *diag.Diagnostic
	if kind == "lane" {
		d = c.report(id.Span, code, diag.T("rename one of them; lane IDs are unique across the file"),
			"duplicate lane ID %q: expected each lane ID once", id.Name)
	} else {
		d = c.report(id.Span, code, diag.T("rename one of them; node IDs are unique across the file"),
			"duplicate node ID %q: expected each node ID once", id.Name)
	}
	d.Notes = append(d.Notes, diag.NewNote(prev, diag.T("%q first defined here", id.Name)))
}

// declare registers lanes and nodes and checks their own rules.
func (c *checker) declare() {
	for _, s := range c.file.Stmts {
		c.trailing(s)
		switch s := s.(type) {
		case *syntax.Lane:
			c.declareLane(s)
		case *syntax.NodeDecl:
			c.laneless[s.ID.Name] = true
		}
	}
	if len(c.doc.Lanes) == 0 && len(c.file.Stmts) == 0 {
		c.report(source.Span{}, diag.NoLane, "start with a lane: ops { # Operations", "empty file: expected at least one lane")
	} else if len(c.doc.Lanes) == 0 && !hasBad(c.file.Stmts) {
		c.report(source.Span{Start: c.file.Stmts[0].Pos(), End: c.file.Stmts[0].End()}, diag.NoLane,
			"put the diagram in a lane: ops { # Operations ... }", "no lane in the file: expected at least one lane (ID { # Label ... })")
	}
}

func hasBad(list []syntax.Stmt) bool {
	for _, s := range list {
		switch s.(type) {
		case *syntax.BadStmt, *syntax.NodeDecl:
			return true
		}
	}
	return false
}

func (c *checker) trailing(s syntax.Stmt) {
	if f, ok := s.(*syntax.Fence); ok {
		c.report(f.Span, diag.MarkdownFence, "remove the ``` lines (flowzap fix does)",
			"Markdown code fence %q: expected only FlowZap Code", f.Text)
	}
	if t := s.Base().Trailing; t != nil {
		c.report(t.Span, diag.TrailingComment, "move the comment to its own line above the statement",
			"comment after a statement: expected comments on their own lines")
	}
	if l, ok := s.(*syntax.Lane); ok && l.CloseTrailing != nil {
		c.report(l.CloseTrailing.Span, diag.TrailingComment, "move the comment to its own line",
			"comment after \"}\": expected comments on their own lines")
	}
}

func (c *checker) declareLane(l *syntax.Lane) {
	if prev, ok := c.laneDecl[l.ID.Name]; ok {
		c.duplicate("lane", &l.ID, prev.ID.Span, diag.DuplicateLane)
		for _, s := range l.Body {
			if n, ok := s.(*syntax.NodeDecl); ok {
				c.laneless[n.ID.Name] = true // known, so references do not cascade
			}
		}
		return
	}
	c.laneDecl[l.ID.Name] = l
	lane := &model.Lane{ID: l.ID.Name, Label: l.ID.Name, Span: source.Span{Start: l.Pos(), End: l.End()}}
	switch {
	case l.Label == nil:
		c.report(l.ID.Span, diag.MissingLaneLabel, diag.T("write %s { # %s", l.ID.Name, l.ID.Name),
			"lane %q has no display label: expected %s { # Label", l.ID.Name, l.ID.Name)
	case l.Label.Style == syntax.LabelOwnLine:
		c.report(l.Label.Span, diag.LaneLabelOwnLine, diag.T("write %s { # %s", l.ID.Name, l.Label.Text),
			"lane label on its own line: expected it on the lane's opening line after \"{\"")
	case l.Label.Style == syntax.LabelNoSpace:
		c.report(l.Label.Span, diag.LaneLabelNoSpace, diag.T("write { # %s", l.Label.Text),
			"lane label written \"{#%s\": expected a space after \"#\"", l.Label.Text)
	}
	if l.Label != nil {
		lane.Label, lane.HasLabel = l.Label.Text, true
		c.checkText(l.Label.Text, l.Label.Span, diag.T("lane label"))
	}
	c.doc.AddLane(lane)
	for _, s := range l.Body {
		c.trailing(s)
		if n, ok := s.(*syntax.NodeDecl); ok {
			c.declareNode(n, lane)
		}
	}
}

var shapeOf = map[string]model.Shape{
	"circle": model.Circle, "rectangle": model.Rectangle, "diamond": model.Diamond, "taskbox": model.Taskbox,
}

func (c *checker) declareNode(n *syntax.NodeDecl, lane *model.Lane) {
	if prev := c.doc.Node(n.ID.Name); prev != nil {
		c.duplicate("node", &n.ID, c.decls[prev.Index].ID.Span, diag.DuplicateNode)
		return
	}
	c.decls = append(c.decls, n)
	node := &model.Node{ID: n.ID.Name, Lane: lane, Span: source.Span{Start: n.Pos(), End: n.End()}}
	shape, ok := shapeOf[n.Shape.Name]
	if !ok {
		shape, ok = shapeOf[strings.ToLower(n.Shape.Name)]
		if ok {
			c.report(n.Shape.Span, diag.KeywordCase, diag.T("write %s", string(shape)), "shape %q: expected lower case %q", n.Shape.Name, shape)
		} else {
			c.report(n.Shape.Span, diag.UnknownShape, "use circle (start/end), rectangle (step), diamond (decision) or taskbox (task)",
				"unknown shape %q: expected circle, rectangle, diamond or taskbox", n.Shape.Name)
			shape = model.Rectangle
		}
	}
	node.Shape = shape
	for i, a := range n.Attrs {
		key := lower(a.Key.Name)
		if prev := findAttr(n.Attrs[:i], key); prev != nil {
			d := c.report(a.Key.Span, diag.DuplicateAttr, "keep one of them", "attribute %q given twice: expected each key once", a.Key.Name)
			d.Notes = append(d.Notes, diag.NewNote(prev.Key.Span, diag.T("first given here")))
			continue
		}
		c.nodeAttr(node, a, key)
	}
	if shape == model.Taskbox {
		for _, part := range strings.Split(node.Label, "|") {
			c.checkLength(strings.TrimSpace(part), n.ID.Span)
		}
	} else {
		c.checkLength(node.Label, n.ID.Span)
	}
	c.doc.AddNode(node)
}

func (c *checker) nodeAttr(node *model.Node, a *syntax.Attr, key string) {
	if a.Sep == syntax.SepEquals {
		c.report(source.Span{Start: a.Key.Span.End, End: a.Value.Span.Start}, diag.NodeAttrSep,
			diag.T("write %s:%s", key, syntax.Quote(a.Value.Value)),
			"node attribute written %s=\"...\": expected %s:\"...\" (nodes use \":\")", a.Key.Name, key)
	}
	var dst *string
	switch key {
	case "label":
		dst = &node.Label
	case "owner":
		dst = &node.Owner
	case "description":
		dst = &node.Description
	case "system":
		dst = &node.System
	default:
		c.report(a.Key.Span, diag.UnknownAttr, "remove the attribute",
			"unknown node attribute %q: expected label, owner, description or system", a.Key.Name)
		return
	}
	if key != a.Key.Name {
		c.report(a.Key.Span, diag.KeywordCase, diag.T("write %s", key), "attribute key %q: expected lower case %q", a.Key.Name, key)
	}
	*dst = a.Value.Value
	c.checkText(a.Value.Value, a.Value.Span, key)
}

// findAttr returns the attribute in list whose key is key (any case).
func findAttr(list []*syntax.Attr, key string) *syntax.Attr {
	for _, a := range list {
		if lower(a.Key.Name) == key {
			return a
		}
	}
	return nil
}

// lower is strings.ToLower without the allocation for names that are
// already lower case (nearly all of them).
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// checkText reports emoji in user text; what names it (an attribute key,
// or a diag.Text).
func (c *checker) checkText(text string, sp source.Span, what any) {
	for _, r := range text {
		if IsEmoji(r) {
			c.report(sp, diag.EmojiInLabel, "remove the emoji",
				"emoji %q in %s: expected plain text (FlowZap labels do not take emoji)", string(r), what)
			return
		}
	}
}

func (c *checker) checkLength(label string, sp source.Span) {
	if n := utf8.RuneCountInString(label); n > MaxLabel {
		c.report(sp, diag.LongLabel, "shorten the label, or move detail into description:\"...\"",
			"label is %d characters long: expected at most %d to draw well", n, MaxLabel)
	}
}

// IsEmoji reports whether r is an emoji or an emoji joiner/selector.
func IsEmoji(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF, // pictographs, emoticons, transport, flags
		r >= 0x2600 && r <= 0x27BF, // miscellaneous symbols and dingbats
		r >= 0x2B50 && r <= 0x2B55,
		r >= 0x231A && r <= 0x231B, r >= 0x23E9 && r <= 0x23FA,
		r == 0xFE0F, r == 0x200D, r == 0x20E3,
		r >= 0xE0020 && r <= 0xE007F:
		return true
	}
	return false
}
