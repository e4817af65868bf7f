package model

// Adjust holds the manual layout adjustments of a file's `// @layout`
// block, checked against the diagram: entries naming nodes or lanes that
// do not exist are left out (compile warns about them).
type Adjust struct {
	// LaneOrder holds every lane once, in the order to draw them; nil
	// keeps the file order.
	LaneOrder []*Lane
	// Offsets moves nodes from their place in the automatic layout, by
	// node ID.
	Offsets map[string]Offset
	// After orders nodes within their lane: node ID -> the node of the
	// same lane it is drawn after (right of, in the workflow view).
	After map[string]string
}

// Offset is how far a node is moved from its place in the automatic
// layout, in pixels (right and down are positive).
type Offset struct{ DX, DY float64 }

// Offset returns node n's manual offset (zero when it has none).
func (d *Document) Offset(n *Node) Offset {
	if d.Adjust == nil {
		return Offset{}
	}
	return d.Adjust.Offsets[n.ID]
}

// InLaneOrder returns the document with its lanes in the drawing order of
// the @layout block: d itself when the block gives none, otherwise a copy
// whose lanes (with their indexes) are reordered and whose nodes, edges
// and loops point at the copied lanes and nodes. Node and edge indexes,
// and so the element IDs of every drawing, are unchanged.
func (d *Document) InLaneOrder() *Document {
	if d.Adjust == nil || len(d.Adjust.LaneOrder) != len(d.Lanes) {
		return d
	}
	same := true
	for i, l := range d.Adjust.LaneOrder {
		same = same && l == d.Lanes[i]
	}
	if same {
		return d
	}
	c := NewDocument(len(d.Nodes))
	c.Adjust = d.Adjust
	lanes := make(map[*Lane]*Lane, len(d.Lanes))
	for _, l := range d.Adjust.LaneOrder {
		nl := &Lane{ID: l.ID, Label: l.Label, HasLabel: l.HasLabel, Span: l.Span}
		c.AddLane(nl)
		lanes[l] = nl
	}
	nodes := make([]*Node, len(d.Nodes))
	for i, n := range d.Nodes {
		nn := *n
		nn.Lane = lanes[n.Lane]
		nodes[i] = &nn
	}
	for _, n := range nodes {
		c.AddNode(n)
	}
	for _, e := range d.Edges {
		ne := *e
		ne.From, ne.To = nodes[e.From.Index], nodes[e.To.Index]
		c.AddEdge(&ne)
	}
	for _, l := range d.Loops {
		nl := *l
		if l.Lane != nil {
			nl.Lane = lanes[l.Lane]
		}
		nl.Nodes = make([]*Node, len(l.Nodes))
		for i, n := range l.Nodes {
			nl.Nodes[i] = nodes[n.Index]
		}
		c.Loops = append(c.Loops, &nl)
	}
	return c
}
