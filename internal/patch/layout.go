package patch

import (
	"fmt"
	"slices"

	"flowzap/internal/syntax"
)

// layoutBlock is the file's `// @layout` block while operations run; it
// is written back, renumbered and canonical, once they are done.
type layoutBlock struct {
	order []string       // lane order; nil: file order
	nodes map[string]adj // node ID -> offsets
	bad   []string       // lines not understood, kept as written
	had   bool           // the input had a block
}

type adj struct {
	dx, dy int
	after  string // the node of the same lane it is drawn after
}

func readLayout(f *syntax.File) *layoutBlock {
	l, _ := syntax.ReadLayout(f)
	b := &layoutBlock{nodes: map[string]adj{}, had: len(l.Lines) > 0}
	for _, id := range l.LaneOrder {
		b.order = append(b.order, id.Name)
	}
	for _, n := range l.Nodes {
		b.nodes[n.ID.Name] = adj{n.DX, n.DY, n.After.Name}
	}
	for _, c := range l.Bad {
		b.bad = append(b.bad, c.Text)
	}
	return b
}

// finalID returns the output ID of node id ("" when it was removed).
func (p *patcher) finalID(id string) string {
	if p.gone[id] {
		return ""
	}
	if nw, ok := p.renamed[id]; ok {
		return nw
	}
	return id
}

// writeLayout replaces the file's @layout lines with the block as the
// operations left it: entries of removed nodes dropped, the others under
// their renumbered IDs. The printer writes it canonically at the end.
func (p *patcher) writeLayout() {
	b := p.layout
	if !b.had && len(b.order) == 0 && len(b.nodes) == 0 {
		return
	}
	l := &syntax.Layout{}
	for _, id := range b.order {
		if p.lane(id) != nil {
			l.LaneOrder = append(l.LaneOrder, syntax.Ident{Name: id})
		}
	}
	for id, a := range b.nodes {
		if nid := p.finalID(id); nid != "" {
			ln := syntax.LayoutNode{ID: syntax.Ident{Name: nid}, DX: a.dx, DY: a.dy}
			if a.after != "" && p.laneOf(a.after) == p.laneOf(id) {
				ln.After.Name = p.finalID(a.after)
			}
			l.Nodes = append(l.Nodes, ln)
		}
	}
	for _, t := range b.bad {
		l.Bad = append(l.Bad, &syntax.Comment{Text: t})
	}
	syntax.SetLayout(p.f, l.Canonical(nil, nil, nil))
}

// laneOrder returns the drawing order of the lanes: the block's order,
// then the lanes it leaves out in file order.
func (p *patcher) laneOrder() []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range p.layout.order {
		if p.lane(id) != nil && !seen[id] {
			out = append(out, id)
			seen[id] = true
		}
	}
	for _, l := range p.laneList {
		if !seen[l.ID.Name] {
			out = append(out, l.ID.Name)
		}
	}
	return out
}

func (p *patcher) nudgeNode(op Op) (string, error) {
	if p.decls[op.ID] == nil {
		return "", errorf("node %q does not exist", op.ID)
	}
	if op.DX == nil && op.DY == nil {
		return "", errorf("give dx and/or dy, the pixels to move the node by")
	}
	a := p.layout.nodes[op.ID]
	for _, v := range []struct {
		d   *int
		cur *int
	}{{op.DX, &a.dx}, {op.DY, &a.dy}} {
		if v.d == nil {
			continue
		}
		n := *v.cur + *v.d
		if n < -syntax.LayoutMaxOffset || n > syntax.LayoutMaxOffset {
			return "", errorf("node %s would be %d pixels from its place: at most %d either way", op.ID, n, syntax.LayoutMaxOffset)
		}
		*v.cur = syntax.Snap(n)
	}
	p.layout.set(op.ID, a)
	p.cur.nudged = op.ID
	return fmt.Sprintf("node %s is now dx=%d dy=%d from its place in the automatic layout", op.ID, a.dx, a.dy), nil
}

// set stores node id's adjustment; an empty one goes.
func (b *layoutBlock) set(id string, a adj) {
	if a == (adj{}) {
		delete(b.nodes, id)
	} else {
		b.nodes[id] = a
	}
}

// forget drops what the block says about node id: its own entry when
// all is true, and every "after" naming it.
func (b *layoutBlock) forget(id string, all bool) {
	if all {
		delete(b.nodes, id)
	}
	for k, a := range b.nodes {
		if a.after == id {
			a.after = ""
			b.set(k, a)
		}
	}
}

// orderNode draws a node after another node of its lane (in the workflow
// view, in a column right of it); an empty after drops the order.
func (p *patcher) orderNode(op Op) (string, error) {
	if p.decls[op.ID] == nil {
		return "", errorf("node %q does not exist", op.ID)
	}
	a := p.layout.nodes[op.ID]
	a.after = op.After
	msg := fmt.Sprintf("node %s keeps its place in the automatic order", op.ID)
	if op.After != "" {
		if p.decls[op.After] == nil {
			return "", errorf("node %q (after) does not exist", op.After)
		}
		if op.After == op.ID {
			return "", errorf("a node cannot be ordered after itself")
		}
		if l, rl := p.laneOf(op.ID), p.laneOf(op.After); l != rl {
			return "", errorf("node %s is in lane %s and %s in lane %s: order a node after a node of its own lane", op.ID, l.ID.Name, op.After, rl.ID.Name)
		}
		msg = fmt.Sprintf("node %s is drawn after %s", op.ID, op.After)
	}
	p.layout.set(op.ID, a)
	p.cur.nudged = op.ID
	return msg, nil
}

func (p *patcher) reorderLane(op Op) (string, error) {
	l := p.lane(op.ID)
	if l == nil {
		return "", errorf("lane %q does not exist", op.ID)
	}
	order := p.laneOrder()
	if op.Index == nil || *op.Index < 0 || *op.Index >= len(order) {
		return "", errorf("give index, the lane's new place in the drawing from 0 to %d", len(order)-1)
	}
	i := slices.Index(order, op.ID)
	order = slices.Delete(order, i, i+1)
	order = slices.Insert(order, *op.Index, op.ID)
	p.layout.order = order
	p.cur.lane = l
	return fmt.Sprintf("lane %s is drawn at place %d of %d (the code keeps its order)", op.ID, *op.Index, len(order)), nil
}

func (p *patcher) clearLayout(op Op) (string, error) {
	if op.ID == "" {
		n := len(p.layout.nodes)
		p.layout.order, p.layout.nodes, p.layout.bad = nil, map[string]adj{}, nil
		return fmt.Sprintf("cleared the manual layout (%d node adjustments and the lane order)", n), nil
	}
	if p.lane(op.ID) != nil && p.decls[op.ID] == nil {
		p.layout.order = nil
		p.cur.lane = p.lane(op.ID)
		return "cleared the manual lane order", nil
	}
	if p.decls[op.ID] == nil {
		return "", errorf("node %q does not exist", op.ID)
	}
	delete(p.layout.nodes, op.ID)
	p.cur.nudged = op.ID
	return fmt.Sprintf("node %s is back at its place in the automatic layout", op.ID), nil
}
