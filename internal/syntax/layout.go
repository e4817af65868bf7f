package syntax

import (
	"slices"
	"strconv"
	"strings"

	"flowzap/internal/diag"
	"flowzap/internal/source"
)

// The manual layout adjustments of a diagram are kept in the file itself,
// as comment lines that start with "@layout". FlowZap reads them as plain
// comments, so the file stays valid FlowZap Code; flowzap draws them:
//
//	// @layout v1
//	// @layout lane order=billing,shop
//	// @layout node n4 dx=24 dy=-16
//	// @layout node n7 after=n5
//
// Offsets are pixels relative to the node's place in the automatic
// layout, on a grid of [LayoutGrid] pixels. [Print] writes the block once,
// at the end of the file, in the canonical form of [Layout.Canonical].

// LayoutGrid is the grid, in pixels, that layout offsets snap to.
const LayoutGrid = 8

// LayoutMaxOffset bounds an offset, in pixels, either way.
const LayoutMaxOffset = 4000

// LayoutNode is the adjustment of one node: its offset from its place in
// the automatic layout.
type LayoutNode struct {
	ID     Ident // the node ID, with its span in the comment
	DX, DY int   // pixels right and down, multiples of LayoutGrid
	// After, when its Name is set, is a node of the same lane that this
	// one is drawn after (right of, in the workflow view).
	After Ident
}

// Layout is the @layout block of a file: every @layout comment line
// wherever it is written, and what they say.
type Layout struct {
	Lines []*Comment // the @layout comments, in file order
	// LaneOrder lists lanes in the order they are drawn; lanes it leaves
	// out follow in file order. Nil when no line gives it.
	LaneOrder []Ident
	Nodes     []LayoutNode // one per node ID, in the order first written
	Bad       []*Comment   // lines not understood (kept as written by Print)
}

// IsLayoutComment reports whether c is a line of the @layout block.
func IsLayoutComment(c *Comment) bool {
	rest, ok := strings.CutPrefix(c.Text, "@layout")
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// Node returns the adjustment of node id, or nil.
func (l *Layout) Node(id string) *LayoutNode {
	for i := range l.Nodes {
		if l.Nodes[i].ID.Name == id {
			return &l.Nodes[i]
		}
	}
	return nil
}

// Snap rounds v to the nearest multiple of [LayoutGrid] (halves away from
// zero) and bounds it by [LayoutMaxOffset].
func Snap(v int) int {
	v = max(-LayoutMaxOffset, min(LayoutMaxOffset, v))
	neg := v < 0
	if neg {
		v = -v
	}
	v = (v + LayoutGrid/2) / LayoutGrid * LayoutGrid
	if neg {
		return -v
	}
	return v
}

// layoutComments returns the @layout comments of f in file order: own-line
// comments at the top level and inside lanes.
func layoutComments(f *File) []*Comment {
	var out []*Comment
	visit := func(list []Stmt) {
		for _, s := range list {
			if c, ok := s.(*Comment); ok && IsLayoutComment(c) {
				out = append(out, c)
			}
		}
	}
	for _, s := range f.Stmts {
		if c, ok := s.(*Comment); ok && IsLayoutComment(c) {
			out = append(out, c)
		}
		if l, ok := s.(*Lane); ok {
			visit(l.Body)
		}
	}
	return out
}

// ReadLayout reads the @layout block of f. Lines it does not understand
// are reported as warnings (code FZ207) with their position and kept in
// Bad; they are never errors, since to FlowZap they are comments.
func ReadLayout(f *File) (*Layout, diag.List) {
	l := &Layout{Lines: layoutComments(f)}
	var diags diag.List
	if len(l.Lines) == 0 {
		return l, nil
	}
	for _, c := range l.Lines {
		if err := l.readLine(f, c); err != nil {
			l.Bad = append(l.Bad, c)
			diags.Add(diag.Diagnostic{Span: err.span, Severity: diag.Warning, Code: diag.LayoutEntry}.WithText(err.msg,
				diag.T("write it as in: @layout node n4 dx=24 dy=-16, or @layout lane order=ops,billing (flowzap fmt keeps lines it does not understand as written)")))
		}
	}
	return l, diags
}

type layoutErr struct {
	span source.Span
	msg  diag.Text
}

// field is one space-separated word of a comment with its span.
type field struct {
	text string
	span source.Span
}

// fields splits comment c into words, with the span of each in f.
func fields(f *File, c *Comment) []field {
	raw := c.Text
	base := c.Span.Start
	if f != nil && f.Src != nil {
		// The text starts at the first "@" of the comment as written.
		if i := strings.Index(f.Src.Slice(c.Span), "@layout"); i >= 0 {
			base = c.Span.Start + source.Pos(i)
		}
	}
	var out []field
	i := 0
	for i < len(raw) {
		for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t') {
			i++
		}
		j := i
		for j < len(raw) && raw[j] != ' ' && raw[j] != '\t' {
			j++
		}
		if j > i {
			out = append(out, field{raw[i:j], source.Span{Start: base + source.Pos(i), End: base + source.Pos(j)}})
		}
		i = j
	}
	return out
}

func (l *Layout) readLine(f *File, c *Comment) *layoutErr {
	w := fields(f, c)[1:] // after "@layout"
	whole := source.Span{Start: c.Span.Start, End: c.Span.End}
	if len(w) == 0 {
		return &layoutErr{whole, diag.T("empty @layout line: expected v1, lane order=... or node ID dx=N dy=N")}
	}
	switch w[0].text {
	case "v1":
		if len(w) > 1 {
			return &layoutErr{w[1].span, diag.T("unexpected %q after @layout v1: expected the end of the line", w[1].text)}
		}
		return nil
	case "lane":
		if len(w) != 2 || !strings.HasPrefix(w[1].text, "order=") {
			sp := w[0].span
			if len(w) > 1 {
				sp = w[1].span
			}
			return &layoutErr{sp, diag.T("@layout lane: expected order=ID,ID,... (the lanes in the order to draw them)")}
		}
		list := strings.TrimPrefix(w[1].text, "order=")
		var order []Ident
		pos := w[1].span.Start + source.Pos(len("order="))
		for _, id := range strings.Split(list, ",") {
			sp := source.Span{Start: pos, End: pos + source.Pos(len(id))}
			pos = sp.End + 1
			if !validLayoutID(id) {
				return &layoutErr{sp, diag.T("@layout lane order: %q is not a lane ID: expected IDs separated by commas, no spaces", id)}
			}
			if slices.ContainsFunc(order, func(x Ident) bool { return x.Name == id }) {
				return &layoutErr{sp, diag.T("@layout lane order: lane %s is listed twice: expected each lane once", id)}
			}
			order = append(order, Ident{Name: id, Span: sp})
		}
		l.LaneOrder = order
		return nil
	case "node":
		if len(w) < 2 || !validLayoutID(w[1].text) {
			return &layoutErr{w[0].span, diag.T("@layout node: expected a node ID, then dx=N and/or dy=N")}
		}
		n := LayoutNode{ID: Ident{Name: w[1].text, Span: w[1].span}}
		if len(w) == 2 {
			return &layoutErr{w[1].span, diag.T("@layout node %s: expected dx=N, dy=N or after=ID after the node ID", n.ID.Name)}
		}
		seen := map[string]bool{}
		for _, kv := range w[2:] {
			k, v, ok := strings.Cut(kv.text, "=")
			if !ok || (k != "dx" && k != "dy" && k != "after") {
				return &layoutErr{kv.span, diag.T("@layout node %s: unknown setting %q: expected dx=N, dy=N (whole pixels) or after=ID", n.ID.Name, kv.text)}
			}
			if seen[k] {
				return &layoutErr{kv.span, diag.T("@layout node %s: %s given twice: expected it once", n.ID.Name, k)}
			}
			seen[k] = true
			if k == "after" {
				if !validLayoutID(v) || v == n.ID.Name {
					return &layoutErr{kv.span, diag.T("@layout node %s: after=%s: expected the ID of another node of its lane", n.ID.Name, v)}
				}
				n.After = Ident{Name: v, Span: source.Span{Start: kv.span.Start + source.Pos(len("after=")), End: kv.span.End}}
				continue
			}
			num, err := strconv.Atoi(strings.TrimPrefix(v, "+"))
			if err != nil {
				return &layoutErr{kv.span, diag.T("@layout node %s: %s=%s is not a whole number of pixels: expected for example %s=24 or %s=-16", n.ID.Name, k, v, k, k)}
			}
			if num < -LayoutMaxOffset || num > LayoutMaxOffset {
				return &layoutErr{kv.span, diag.T("@layout node %s: %s=%d is too far: expected at most %d pixels either way", n.ID.Name, k, num, LayoutMaxOffset)}
			}
			if k == "dx" {
				n.DX = Snap(num)
			} else {
				n.DY = Snap(num)
			}
		}
		if prev := l.Node(n.ID.Name); prev != nil {
			// A later line for the same node wins for what it gives.
			if seen["dx"] {
				prev.DX = n.DX
			}
			if seen["dy"] {
				prev.DY = n.DY
			}
			if seen["after"] {
				prev.After = n.After
			}
		} else {
			l.Nodes = append(l.Nodes, n)
		}
		return nil
	}
	return &layoutErr{w[0].span, diag.T("unknown @layout entry %q: expected v1, lane or node", w[0].text)}
}

func validLayoutID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		if r == ' ' || r == ',' || r == '=' || r == '"' || r < ' ' {
			return false
		}
	}
	return true
}

// Canonical returns the canonical text of the block, one comment text per
// line (without the slashes): "@layout v1", then the lane order, then
// one line per node sorted by node number (n2 before n10) and ID, with
// offsets in canonical form and zero offsets left out, then the lines not
// understood as written. Entries naming nodes or lanes that node and
// lane do not accept are dropped (pass nil to keep them all), and so are
// adjustments that change nothing. Nil when nothing is left.
func (l *Layout) Canonical(node, lane func(id string) bool, laneIDs []string) []string {
	var out []string
	var order []string
	for _, id := range l.LaneOrder {
		if lane == nil || lane(id.Name) {
			order = append(order, id.Name)
		}
	}
	// An order that only repeats the file's order changes nothing.
	if laneIDs != nil && slices.Equal(order, laneIDs[:min(len(order), len(laneIDs))]) {
		order = nil
	}
	if len(order) > 0 {
		out = append(out, "@layout lane order="+strings.Join(order, ","))
	}
	nodes := slices.Clone(l.Nodes)
	slices.SortStableFunc(nodes, func(a, b LayoutNode) int { return CompareNodeIDs(a.ID.Name, b.ID.Name) })
	for _, n := range nodes {
		if node != nil && n.After.Name != "" && !node(n.After.Name) {
			n.After.Name = "" // its node is gone
		}
		if (node != nil && !node(n.ID.Name)) || n.DX == 0 && n.DY == 0 && n.After.Name == "" {
			continue
		}
		s := "@layout node " + n.ID.Name
		if n.DX != 0 {
			s += " dx=" + strconv.Itoa(n.DX)
		}
		if n.DY != 0 {
			s += " dy=" + strconv.Itoa(n.DY)
		}
		if n.After.Name != "" {
			s += " after=" + n.After.Name
		}
		out = append(out, s)
	}
	for _, c := range l.Bad {
		out = append(out, c.Text)
	}
	if len(out) == 0 {
		return nil
	}
	return append([]string{"@layout v1"}, out...)
}

// CompareNodeIDs orders node IDs by number when both are nN (n2 before
// n10), IDs of that form first, and others by text.
func CompareNodeIDs(a, b string) int {
	na, nb := nodeNum(a), nodeNum(b)
	switch {
	case na > 0 && nb > 0 && na != nb:
		return na - nb
	case na > 0 && nb == 0:
		return -1
	case na == 0 && nb > 0:
		return 1
	}
	return strings.Compare(a, b)
}

func nodeNum(id string) int {
	if len(id) < 2 || id[0] != 'n' || id[1] == '0' {
		return 0
	}
	n, err := strconv.Atoi(id[1:])
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// declared returns the node and lane IDs f declares, and its lanes in
// file order.
func declared(f *File) (nodes, lanes map[string]bool, order []string) {
	nodes, lanes = map[string]bool{}, map[string]bool{}
	for _, s := range f.Stmts {
		if l, ok := s.(*Lane); ok {
			if !lanes[l.ID.Name] {
				order = append(order, l.ID.Name)
			}
			lanes[l.ID.Name] = true
			for _, b := range l.Body {
				if n, ok := b.(*NodeDecl); ok {
					nodes[n.ID.Name] = true
				}
			}
		}
	}
	return nodes, lanes, order
}

// RenameLayoutNodes rewrites the node IDs of f's @layout lines by ids
// (old ID -> new), as renumbering does for edges and loops. ids must name
// every node of f: a line naming any other node is stale (its node is
// gone) and is removed, so that it cannot fall to a node renumbered into
// its ID.
func RenameLayoutNodes(f *File, ids map[string]string) {
	stale := map[Stmt]bool{}
	for _, c := range layoutComments(f) {
		w := fields(nil, c)
		if len(w) < 3 || w[1].text != "node" {
			continue
		}
		nw, ok := ids[w[2].text]
		if !ok {
			stale[c] = true
			continue
		}
		parts := []string{"@layout", "node", nw}
		for _, x := range w[3:] {
			if ref, ok := strings.CutPrefix(x.text, "after="); ok {
				nr, known := ids[ref]
				if !known {
					continue // its node is gone
				}
				x.text = "after=" + nr
			}
			parts = append(parts, x.text)
		}
		if len(parts) == 3 {
			stale[c] = true // it only ordered the node after a node that is gone
			continue
		}
		c.Text = strings.Join(parts, " ")
	}
	if len(stale) > 0 {
		removeStmts(f, stale)
	}
}

// removeStmts takes the statements in drop out of f, at the top level and
// in lanes.
func removeStmts(f *File, drop map[Stmt]bool) {
	filter := func(list []Stmt) []Stmt {
		out := list[:0]
		for _, s := range list {
			if !drop[s] {
				out = append(out, s)
			}
		}
		return out
	}
	f.Stmts = filter(f.Stmts)
	for _, s := range f.Stmts {
		if l, ok := s.(*Lane); ok {
			l.Body = filter(l.Body)
		}
	}
}

// SetLayout replaces f's @layout lines with lines (comment texts such as
// [Layout.Canonical] returns), written at the end of the file.
func SetLayout(f *File, lines []string) {
	drop := map[Stmt]bool{}
	for _, c := range layoutComments(f) {
		drop[c] = true
	}
	removeStmts(f, drop)
	for i, t := range lines {
		f.Stmts = append(f.Stmts, &Comment{Text: t, StmtBase: StmtBase{BlankBefore: i == 0}})
	}
}
