package patch

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"flowzap/internal/syntax"
)

// edgeByID returns the input's edge named id ("e3": the third edge in
// written order), as the SVG's data-id names it.
func (p *patcher) edgeByID(id string) (*syntax.Edge, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "e"))
	if !strings.HasPrefix(id, "e") || err != nil || n < 1 {
		return nil, errorf("edge %q: expected e1, e2, ... (the edge's place in written order, as the SVG's data-id names it)", id)
	}
	if n > len(p.inEdges) {
		return nil, errorf("edge %s does not exist: the code has %d edges (e1 to e%d)", id, len(p.inEdges), len(p.inEdges))
	}
	e := p.inEdges[n-1]
	if !p.live(e) {
		return nil, errorf("edge %s was removed by an earlier operation", id)
	}
	return e, nil
}

// loopByID returns the input's loop named id ("loop2").
func (p *patcher) loopByID(id string) (*syntax.Loop, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "loop"))
	if !strings.HasPrefix(id, "loop") || err != nil || n < 1 {
		return nil, errorf("loop %q: expected loop1, loop2, ... (the loop's place in written order, as the SVG's data-id names it)", id)
	}
	if n > len(p.inLoops) {
		return nil, errorf("loop %s does not exist: the code has %d loops", id, len(p.inLoops))
	}
	lp := p.inLoops[n-1]
	if p.goneStmt[lp] {
		return nil, errorf("loop %s was removed by an earlier operation", id)
	}
	return lp, nil
}

// unlistEdge takes edge e out of the statement list it is written in and
// out of that lane's edge index.
func (p *patcher) unlistEdge(e *syntax.Edge) {
	l := p.edgeLane[e]
	list := &p.f.Stmts
	if l != nil {
		list = &l.Body
		p.laneEdge[l] = slices.DeleteFunc(p.laneEdge[l], func(x *syntax.Edge) bool { return x == e })
	}
	*list = slices.DeleteFunc(*list, func(s syntax.Stmt) bool { return s == syntax.Stmt(e) })
}

// relist writes edge e at the end of lane l's edges.
func (p *patcher) relist(e *syntax.Edge, l *syntax.Lane) {
	p.unlistEdge(e)
	e.BlankBefore = false
	insertBeforeTrailingComments(l, e)
	p.edgeLane[e] = l
	p.laneEdge[l] = append(p.laneEdge[l], e)
}

// reverseEdge turns an edge around: the target becomes the source, each
// node keeps the side the edge attaches to (the handles swap ends with
// their nodes), the label stays, and the edge moves into its new source's
// lane with the prefixes rewritten.
func (p *patcher) reverseEdge(op Op) (string, error) {
	e, err := p.findEdge(op)
	if err != nil {
		return "", err
	}
	from, to := e.From.Node.Name, e.To.Node.Name
	k := edgeKey(from, to)
	p.edges[k] = slices.DeleteFunc(p.edges[k], func(x *syntax.Edge) bool { return x == e })
	nk := edgeKey(to, from)
	p.edges[nk] = append(p.edges[nk], e)
	e.From, e.To = syntax.Endpoint{Node: syntax.Ident{Name: to}, Handle: e.To.Handle}, syntax.Endpoint{Node: syntax.Ident{Name: from}, Handle: e.From.Handle}
	p.setPrefixes(e)
	if nl := p.laneOf(to); nl != nil && p.edgeLane[e] != nl {
		p.relist(e, nl)
	}
	p.cur.edge = e
	return fmt.Sprintf("reversed edge %s -> %s into %s -> %s", from, to, to, from), nil
}

// moveLane moves a lane's statement (with the comments written right
// above it) to another place among the lanes; the drawing order follows.
func (p *patcher) moveLane(op Op) (string, error) {
	l := p.lane(op.ID)
	if l == nil {
		return "", errorf("lane %q does not exist", op.ID)
	}
	if op.Index == nil || *op.Index < 0 || *op.Index >= len(p.laneList) {
		return "", errorf("give index, the lane's new place among the %d lanes, from 0 to %d", len(p.laneList), len(p.laneList)-1)
	}
	type chunk struct {
		stmts []syntax.Stmt
		lane  *syntax.Lane
	}
	var chunks []chunk
	var pending []syntax.Stmt
	seenLane := false
	for _, s := range p.f.Stmts {
		switch x := s.(type) {
		case *syntax.Comment, *syntax.BadStmt, *syntax.Fence:
			pending = append(pending, s)
			continue
		case *syntax.Lane:
			// Comments above the first lane are the file's header and
			// stay; comments separated from a lane by a blank line are
			// not its own.
			if !seenLane || x.BlankBefore {
				if len(pending) > 0 {
					chunks = append(chunks, chunk{stmts: pending})
				}
				pending = nil
			}
			seenLane = true
			chunks = append(chunks, chunk{stmts: append(pending, s), lane: x})
		default:
			chunks = append(chunks, chunk{stmts: append(pending, s)})
		}
		pending = nil
	}
	var lanes []chunk
	from := -1
	for _, c := range chunks {
		if c.lane != nil {
			if c.lane == l {
				from = len(lanes)
			}
			lanes = append(lanes, c)
		}
	}
	moved := lanes[from]
	lanes = slices.Delete(lanes, from, from+1)
	lanes = slices.Insert(lanes, *op.Index, moved)
	var out []syntax.Stmt
	next := 0
	for _, c := range chunks {
		if c.lane != nil {
			c = lanes[next]
			next++
		}
		out = append(out, c.stmts...)
	}
	p.f.Stmts = append(out, pending...)
	p.laneList = p.laneList[:0]
	for _, s := range p.f.Stmts {
		if x, ok := s.(*syntax.Lane); ok {
			p.laneList = append(p.laneList, x)
		}
	}
	p.cur.lane = l
	return fmt.Sprintf("moved lane %s to place %d of %d", op.ID, *op.Index, len(p.laneList)), nil
}

// removeLane removes a lane with its nodes, their edges and their loop
// references. Statements written in the lane that do not involve its
// nodes (tolerated misplaced edges, loops over other lanes' nodes) move to
// their source's lane instead of being lost.
func (p *patcher) removeLane(op Op) (string, error) {
	l := p.lane(op.ID)
	if l == nil {
		return "", errorf("lane %q does not exist", op.ID)
	}
	if len(p.laneList) == 1 {
		return "", errorf("lane %s is the only lane: a diagram needs at least one lane", op.ID)
	}
	nodes := 0
	for _, s := range l.Body {
		if n, ok := s.(*syntax.NodeDecl); ok && !p.goneStmt[n] && p.decls[n.ID.Name] == n {
			if _, err := p.removeNode(Op{ID: n.ID.Name}); err != nil {
				return "", err
			}
			nodes++
		}
	}
	for _, s := range slices.Clone(l.Body) {
		switch x := s.(type) {
		case *syntax.Edge:
			if p.live(x) {
				if sl := p.laneOf(x.From.Node.Name); sl != nil {
					p.setPrefixes(x)
					p.relist(x, sl)
				}
			}
		case *syntax.Loop:
			var alive []string
			for _, id := range x.Nodes {
				if !p.gone[id.Name] {
					alive = append(alive, id.Name)
				}
			}
			if !p.goneStmt[x] && len(alive) >= 2 {
				x.BlankBefore = false
				insertBeforeTrailingComments(p.laneOf(alive[0]), x)
			} else {
				p.goneStmt[x] = true
			}
		}
	}
	p.f.Stmts = slices.DeleteFunc(p.f.Stmts, func(s syntax.Stmt) bool { return s == syntax.Stmt(l) })
	p.laneList = slices.DeleteFunc(p.laneList, func(x *syntax.Lane) bool { return x == l })
	delete(p.laneByID, op.ID)
	p.layout.order = slices.DeleteFunc(p.layout.order, func(id string) bool { return id == op.ID })
	p.cur.lane = nil
	return fmt.Sprintf("removed lane %s with its %d nodes, their edges and loop references", op.ID, nodes), nil
}
