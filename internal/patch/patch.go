// Package patch applies atomic edit operations to FlowZap Code: insert,
// remove, update and move nodes; insert, remove and update edges; insert
// and rename lanes. Operations work on the syntax tree, so comments and the
// order of everything else are kept; the result is printed canonically and
// checked. Either every operation applies and the result has no errors, or
// nothing changes and the error says which operation failed and why.
package patch

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// Op is one operation. Fields not used by an operation are ignored;
// pointer fields distinguish "leave as is" (nil) from "set to empty".
type Op struct {
	Op          string  `json:"op" jsonschema:"insertNode, removeNode, updateNode, moveNode, insertEdge, removeEdge, updateEdge, insertLane or renameLane"`
	ID          string  `json:"id,omitempty" jsonschema:"node ID (lane ID for insertLane and renameLane); insertNode picks the next nN when empty"`
	Lane        string  `json:"lane,omitempty" jsonschema:"target lane for insertNode and moveNode"`
	Shape       string  `json:"shape,omitempty" jsonschema:"circle, rectangle, diamond or taskbox"`
	Label       *string `json:"label,omitempty" jsonschema:"node, edge or lane label"`
	Owner       *string `json:"owner,omitempty"`
	Description *string `json:"description,omitempty"`
	System      *string `json:"system,omitempty"`
	From        string  `json:"from,omitempty" jsonschema:"edge source node ID"`
	To          string  `json:"to,omitempty" jsonschema:"edge target node ID"`
	FromSide    string  `json:"fromSide,omitempty" jsonschema:"left, right, top or bottom (inferred when empty)"`
	ToSide      string  `json:"toSide,omitempty"`
	Index       *int    `json:"index,omitempty" jsonschema:"which of several parallel edges from->to, counting from 0"`
	NewID       string  `json:"newId,omitempty" jsonschema:"renameLane: the new lane ID"`
	After       string  `json:"after,omitempty" jsonschema:"insertLane: the lane to insert after (end when empty); insertNode: the node to insert after"`
	Before      string  `json:"before,omitempty" jsonschema:"insertNode: the node to insert before"`
}

// Result is the patched code.
type Result struct {
	Code    []byte
	Applied []string // one line per operation
	Diags   diag.List
	File    *source.File
}

// Error is a failed operation.
type Error struct {
	Index int // 0-based operation number, -1 for the input or the result
	Op    string
	Msg   string
}

// Error says which operation failed and why.
func (e *Error) Error() string {
	if e.Index < 0 {
		return e.Msg
	}
	return fmt.Sprintf("operation %d (%s): %s", e.Index+1, e.Op, e.Msg)
}

// Apply applies ops to src. On error nothing is applied.
func Apply(name string, src []byte, ops []Op) (*Result, error) {
	f, pd := syntax.Parse(source.NewFile(name, src))
	if pd.HasErrors() {
		return nil, &Error{Index: -1, Msg: "the input has syntax errors: " + pd.Err().Error()}
	}
	if _, cd := compile.File(f, compile.Options{}); cd.HasErrors() {
		return nil, &Error{Index: -1, Msg: "the input has errors: " + cd.Err().Error()}
	}
	p := &patcher{f: f, moved: map[string]bool{}}
	var applied []string
	for i, op := range ops {
		msg, err := p.apply(op)
		if err != nil {
			return nil, &Error{Index: i, Op: op.Op, Msg: err.Error()}
		}
		applied = append(applied, msg)
	}
	p.normalizeEdges()
	var b bytes.Buffer
	syntax.Print(&b, f)
	out := source.NewFile(name, b.Bytes())
	_, _, all := compile.Source(out, compile.Options{})
	if all.HasErrors() {
		return nil, &Error{Index: -1, Msg: "the result would have errors: " + all.Err().Error()}
	}
	return &Result{Code: b.Bytes(), Applied: applied, Diags: all, File: out}, nil
}

type patcher struct {
	f     *syntax.File
	moved map[string]bool // nodes whose lane changed, lanes renamed
}

func (p *patcher) lanes() []*syntax.Lane {
	var out []*syntax.Lane
	for _, s := range p.f.Stmts {
		if l, ok := s.(*syntax.Lane); ok {
			out = append(out, l)
		}
	}
	return out
}

func (p *patcher) lane(id string) *syntax.Lane {
	for _, l := range p.lanes() {
		if l.ID.Name == id {
			return l
		}
	}
	return nil
}

func (p *patcher) node(id string) (*syntax.Lane, int, *syntax.NodeDecl) {
	for _, l := range p.lanes() {
		for i, s := range l.Body {
			if n, ok := s.(*syntax.NodeDecl); ok && n.ID.Name == id {
				return l, i, n
			}
		}
	}
	return nil, -1, nil
}

func (p *patcher) apply(op Op) (string, error) {
	switch op.Op {
	case "insertNode":
		return p.insertNode(op)
	case "removeNode":
		return p.removeNode(op)
	case "updateNode":
		return p.updateNode(op)
	case "moveNode":
		return p.moveNode(op)
	case "insertEdge":
		return p.insertEdge(op)
	case "removeEdge":
		return p.removeEdge(op)
	case "updateEdge":
		return p.updateEdge(op)
	case "insertLane":
		return p.insertLane(op)
	case "renameLane":
		return p.renameLane(op)
	}
	return "", fmt.Errorf("unknown operation %q: expected insertNode, removeNode, updateNode, moveNode, insertEdge, removeEdge, updateEdge, insertLane or renameLane", op.Op)
}

func validID(id string) bool {
	if id == "" {
		return false
	}
	for i, r := range id {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' && i > 0
		if !ok {
			return false
		}
	}
	return true
}

func (p *patcher) nextID() string {
	maxN := 0
	for _, l := range p.lanes() {
		for _, s := range l.Body {
			if n, ok := s.(*syntax.NodeDecl); ok {
				maxN = max(maxN, compile.NodeNumber(n.ID.Name))
			}
		}
	}
	return "n" + strconv.Itoa(maxN+1)
}

func isShape(s string) bool { return slices.Contains(syntax.Shapes, s) }
func isSide(s string) bool  { return slices.Contains(syntax.Sides, s) }

func (p *patcher) insertNode(op Op) (string, error) {
	l := p.lane(op.Lane)
	if l == nil {
		return "", fmt.Errorf("lane %q does not exist", op.Lane)
	}
	id := op.ID
	if id == "" {
		id = p.nextID()
	}
	if !validID(id) {
		return "", fmt.Errorf("node ID %q is not valid: expected letters, digits, _ or -", id)
	}
	if _, _, n := p.node(id); n != nil {
		return "", fmt.Errorf("node %q already exists", id)
	}
	shape := op.Shape
	if shape == "" {
		shape = "rectangle"
	}
	if !isShape(shape) {
		return "", fmt.Errorf("unknown shape %q: expected circle, rectangle, diamond or taskbox", shape)
	}
	n := &syntax.NodeDecl{ID: syntax.Ident{Name: id}, Shape: syntax.Ident{Name: shape}}
	label := ""
	if op.Label != nil {
		label = *op.Label
	}
	setAttr(n, "label", &label)
	setAttr(n, "owner", op.Owner)
	setAttr(n, "description", op.Description)
	setAttr(n, "system", op.System)
	at := 0
	for i, s := range l.Body {
		if _, ok := s.(*syntax.NodeDecl); ok {
			at = i + 1
		}
	}
	if ref := op.After + op.Before; ref != "" {
		if op.After != "" && op.Before != "" {
			return "", fmt.Errorf("give after or before, not both")
		}
		rl, i, rn := p.node(ref)
		if rn == nil {
			return "", fmt.Errorf("node %q (to insert next to) does not exist", ref)
		}
		if rl != l {
			return "", fmt.Errorf("node %q is in lane %s, not in lane %s", ref, rl.ID.Name, l.ID.Name)
		}
		at = i
		if op.After != "" {
			at = i + 1
		}
	}
	l.Body = append(l.Body[:at], append([]syntax.Stmt{n}, l.Body[at:]...)...)
	return fmt.Sprintf("inserted node %s (%s %q) in lane %s", id, shape, label, l.ID.Name), nil
}

// setAttr sets key to *v (nil leaves it; an empty owner, description or
// system removes the attribute).
func setAttr(n *syntax.NodeDecl, key string, v *string) {
	if v == nil {
		return
	}
	for i, a := range n.Attrs {
		if strings.EqualFold(a.Key.Name, key) {
			if *v == "" && key != "label" {
				n.Attrs = append(n.Attrs[:i], n.Attrs[i+1:]...)
				return
			}
			a.Value.Value = *v
			return
		}
	}
	if *v == "" && key != "label" {
		return
	}
	n.Attrs = append(n.Attrs, &syntax.Attr{Key: syntax.Ident{Name: key}, Sep: syntax.SepColon, Value: syntax.String{Value: *v}})
}

// edges calls fn for every edge statement with the list holding it.
func (p *patcher) eachList(fn func(list *[]syntax.Stmt)) {
	fn(&p.f.Stmts)
	for _, l := range p.lanes() {
		fn(&l.Body)
	}
}

func (p *patcher) removeNode(op Op) (string, error) {
	l, i, n := p.node(op.ID)
	if n == nil {
		return "", fmt.Errorf("node %q does not exist", op.ID)
	}
	l.Body = append(l.Body[:i], l.Body[i+1:]...)
	edges, loops := 0, 0
	p.eachList(func(list *[]syntax.Stmt) {
		out := (*list)[:0]
		for _, s := range *list {
			switch s := s.(type) {
			case *syntax.Edge:
				if s.From.Node.Name == op.ID || s.To.Node.Name == op.ID {
					edges++
					continue
				}
			case *syntax.Loop:
				kept, prefixes := s.Nodes[:0], []*syntax.Ident(nil)
				for i, id := range s.Nodes {
					if id.Name != op.ID {
						kept = append(kept, id)
						prefixes = append(prefixes, s.Prefix(i))
					}
				}
				if len(kept) != len(s.Nodes) {
					loops++
				}
				if s.Prefixes != nil {
					s.Prefixes = prefixes
				}
				s.Nodes = kept
				if len(kept) == 0 {
					continue
				}
			}
			out = append(out, s)
		}
		*list = out
	})
	return fmt.Sprintf("removed node %s with %d edges and %d loop references", op.ID, edges, loops), nil
}

func (p *patcher) updateNode(op Op) (string, error) {
	_, _, n := p.node(op.ID)
	if n == nil {
		return "", fmt.Errorf("node %q does not exist", op.ID)
	}
	if op.Shape != "" {
		if !isShape(op.Shape) {
			return "", fmt.Errorf("unknown shape %q: expected circle, rectangle, diamond or taskbox", op.Shape)
		}
		n.Shape.Name = op.Shape
	}
	setAttr(n, "label", op.Label)
	setAttr(n, "owner", op.Owner)
	setAttr(n, "description", op.Description)
	setAttr(n, "system", op.System)
	if op.Lane != "" {
		return p.moveNode(op)
	}
	return fmt.Sprintf("updated node %s", op.ID), nil
}

func (p *patcher) moveNode(op Op) (string, error) {
	from, i, n := p.node(op.ID)
	if n == nil {
		return "", fmt.Errorf("node %q does not exist", op.ID)
	}
	to := p.lane(op.Lane)
	if to == nil {
		return "", fmt.Errorf("lane %q does not exist", op.Lane)
	}
	if from == to {
		return fmt.Sprintf("node %s is already in lane %s", op.ID, op.Lane), nil
	}
	from.Body = append(from.Body[:i], from.Body[i+1:]...)
	at := 0
	for j, s := range to.Body {
		if _, ok := s.(*syntax.NodeDecl); ok {
			at = j + 1
		}
	}
	to.Body = append(to.Body[:at], append([]syntax.Stmt{n}, to.Body[at:]...)...)
	p.moved[op.ID] = true
	return fmt.Sprintf("moved node %s from lane %s to lane %s", op.ID, from.ID.Name, to.ID.Name), nil
}

// laneOf returns the lane holding node id.
func (p *patcher) laneOf(id string) *syntax.Lane {
	l, _, _ := p.node(id)
	return l
}

func (p *patcher) insertEdge(op Op) (string, error) {
	fl, tl := p.laneOf(op.From), p.laneOf(op.To)
	if fl == nil {
		return "", fmt.Errorf("source node %q does not exist", op.From)
	}
	if tl == nil {
		return "", fmt.Errorf("target node %q does not exist", op.To)
	}
	fs, ts := op.FromSide, op.ToSide
	if fs == "" || ts == "" {
		dfs, dts := p.inferSides(fl, tl)
		if fs == "" {
			fs = dfs
		}
		if ts == "" {
			ts = dts
		}
	}
	if !isSide(fs) || !isSide(ts) {
		return "", fmt.Errorf("unknown side %q/%q: expected left, right, top or bottom", fs, ts)
	}
	e := &syntax.Edge{
		From: syntax.Endpoint{Node: syntax.Ident{Name: op.From}, Handle: handle(fs)},
		To:   syntax.Endpoint{Node: syntax.Ident{Name: op.To}, Handle: handle(ts)},
	}
	if tl != fl {
		e.To.Lane = &syntax.Ident{Name: tl.ID.Name}
	}
	if op.Label != nil {
		e.Attrs = []*syntax.Attr{{Key: syntax.Ident{Name: "label"}, Sep: syntax.SepEquals, Value: syntax.String{Value: *op.Label}}}
		e.HasAttrs = true
	}
	at := len(fl.Body)
	for j, s := range fl.Body {
		switch s.(type) {
		case *syntax.NodeDecl, *syntax.Edge:
			at = j + 1
		}
	}
	fl.Body = append(fl.Body[:at], append([]syntax.Stmt{e}, fl.Body[at:]...)...)
	return fmt.Sprintf("inserted edge %s.handle(%s) -> %s.handle(%s)", op.From, fs, op.To, ts), nil
}

func handle(side string) *syntax.Handle {
	return &syntax.Handle{Keyword: syntax.Ident{Name: "handle"}, Side: syntax.Ident{Name: side}}
}

func (p *patcher) inferSides(fl, tl *syntax.Lane) (string, string) {
	if fl == tl {
		return "right", "left"
	}
	for _, l := range p.lanes() {
		if l == fl {
			return "bottom", "top" // the target lane comes later
		}
		if l == tl {
			return "top", "bottom"
		}
	}
	return "right", "left"
}

// findEdge returns the list and index of the edge from->to chosen by label
// or index.
func (p *patcher) findEdge(op Op) (*[]syntax.Stmt, int, error) {
	type hit struct {
		list *[]syntax.Stmt
		i    int
		e    *syntax.Edge
	}
	var hits []hit
	p.eachList(func(list *[]syntax.Stmt) {
		for i, s := range *list {
			if e, ok := s.(*syntax.Edge); ok && e.From.Node.Name == op.From && e.To.Node.Name == op.To {
				hits = append(hits, hit{list, i, e})
			}
		}
	})
	if len(hits) == 0 {
		return nil, 0, fmt.Errorf("no edge %s -> %s", op.From, op.To)
	}
	if op.Index != nil {
		if *op.Index < 0 || *op.Index >= len(hits) {
			return nil, 0, fmt.Errorf("index %d out of range: there are %d edges %s -> %s", *op.Index, len(hits), op.From, op.To)
		}
		h := hits[*op.Index]
		return h.list, h.i, nil
	}
	if len(hits) > 1 {
		return nil, 0, fmt.Errorf("%d edges %s -> %s: give index (0 to %d) to choose one", len(hits), op.From, op.To, len(hits)-1)
	}
	return hits[0].list, hits[0].i, nil
}

func (p *patcher) removeEdge(op Op) (string, error) {
	list, i, err := p.findEdge(op)
	if err != nil {
		return "", err
	}
	*list = append((*list)[:i], (*list)[i+1:]...)
	return fmt.Sprintf("removed edge %s -> %s", op.From, op.To), nil
}

func (p *patcher) updateEdge(op Op) (string, error) {
	list, i, err := p.findEdge(op)
	if err != nil {
		return "", err
	}
	e := (*list)[i].(*syntax.Edge)
	for _, sd := range []struct {
		v string
		h **syntax.Handle
	}{{op.FromSide, &e.From.Handle}, {op.ToSide, &e.To.Handle}} {
		if sd.v == "" {
			continue
		}
		if !isSide(sd.v) {
			return "", fmt.Errorf("unknown side %q: expected left, right, top or bottom", sd.v)
		}
		*sd.h = handle(sd.v)
	}
	if op.Label != nil {
		found := false
		for _, a := range e.Attrs {
			if strings.EqualFold(a.Key.Name, "label") {
				a.Value.Value, found = *op.Label, true
			}
		}
		if !found {
			e.Attrs = append(e.Attrs, &syntax.Attr{Key: syntax.Ident{Name: "label"}, Sep: syntax.SepEquals, Value: syntax.String{Value: *op.Label}})
			e.HasAttrs = true
		}
	}
	return fmt.Sprintf("updated edge %s -> %s", op.From, op.To), nil
}

func (p *patcher) insertLane(op Op) (string, error) {
	if !validID(op.ID) {
		return "", fmt.Errorf("lane ID %q is not valid: expected letters, digits, _ or -", op.ID)
	}
	if p.lane(op.ID) != nil {
		return "", fmt.Errorf("lane %q already exists", op.ID)
	}
	label := op.ID
	if op.Label != nil && *op.Label != "" {
		label = *op.Label
	}
	l := &syntax.Lane{ID: syntax.Ident{Name: op.ID}, Label: &syntax.LaneLabel{Text: label}, Close: 0}
	at := len(p.f.Stmts)
	if op.After != "" {
		a := p.lane(op.After)
		if a == nil {
			return "", fmt.Errorf("lane %q (after) does not exist", op.After)
		}
		for i, s := range p.f.Stmts {
			if s == syntax.Stmt(a) {
				at = i + 1
			}
		}
	}
	p.f.Stmts = append(p.f.Stmts[:at], append([]syntax.Stmt{l}, p.f.Stmts[at:]...)...)
	return fmt.Sprintf("inserted lane %s %q", op.ID, label), nil
}

func (p *patcher) renameLane(op Op) (string, error) {
	l := p.lane(op.ID)
	if l == nil {
		return "", fmt.Errorf("lane %q does not exist", op.ID)
	}
	msg := "updated lane " + op.ID
	if op.NewID != "" && op.NewID != op.ID {
		if !validID(op.NewID) {
			return "", fmt.Errorf("lane ID %q is not valid: expected letters, digits, _ or -", op.NewID)
		}
		if p.lane(op.NewID) != nil {
			return "", fmt.Errorf("lane %q already exists", op.NewID)
		}
		old := op.ID
		l.ID.Name = op.NewID
		syntax.Inspect(p.f, func(n syntax.Node) bool {
			switch n := n.(type) {
			case *syntax.Endpoint: // an edge's lane prefixes
				if n.Lane != nil && n.Lane.Name == old {
					n.Lane.Name = op.NewID
				}
				return false
			case *syntax.Loop: // a loop's lane prefixes
				for i := range n.Nodes {
					if pre := n.Prefix(i); pre != nil && pre.Name == old {
						pre.Name = op.NewID
					}
				}
				return false
			case *syntax.File, *syntax.Lane, *syntax.Edge:
				return true
			}
			return false
		})
		msg = fmt.Sprintf("renamed lane %s to %s (every reference updated)", old, op.NewID)
	}
	if op.Label != nil {
		l.Label = &syntax.LaneLabel{Text: *op.Label}
		if *op.Label == "" {
			l.Label = nil
		}
	}
	return msg, nil
}

// normalizeEdges moves the edges of moved nodes into their source's lane
// and rewrites the lane prefixes of every edge touching a moved node.
func (p *patcher) normalizeEdges() {
	if len(p.moved) == 0 {
		return
	}
	var move []*syntax.Edge
	p.eachList(func(list *[]syntax.Stmt) {
		out := (*list)[:0]
		for _, s := range *list {
			if e, ok := s.(*syntax.Edge); ok && (p.moved[e.From.Node.Name] || p.moved[e.To.Node.Name]) {
				fl, tl := p.laneOf(e.From.Node.Name), p.laneOf(e.To.Node.Name)
				e.From.Lane = nil
				if tl != fl && tl != nil {
					e.To.Lane = &syntax.Ident{Name: tl.ID.Name}
				} else {
					e.To.Lane = nil
				}
				if p.moved[e.From.Node.Name] {
					move = append(move, e)
					continue
				}
			}
			out = append(out, s)
		}
		*list = out
	})
	for _, e := range move {
		if l := p.laneOf(e.From.Node.Name); l != nil {
			e.Base().BlankBefore = false
			l.Body = append(l.Body, e)
		}
	}
}
