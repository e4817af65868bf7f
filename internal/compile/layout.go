package compile

import (
	"flowzap/internal/diag"
	"flowzap/internal/model"
	"flowzap/internal/syntax"
)

// layout reads the file's `// @layout` block into doc.Adjust and warns
// about lines it cannot use: lines not understood (FZ207) and entries
// naming a node or lane the file does not declare (FZ208). Neither is ever
// an error: to FlowZap the block is a comment.
func (c *checker) layout() {
	l, diags := syntax.ReadLayout(c.file)
	c.diags = append(c.diags, diags...)
	if len(l.Lines) == 0 {
		return
	}
	a := &model.Adjust{}
	if len(l.LaneOrder) > 0 {
		seen := map[*model.Lane]bool{}
		for _, id := range l.LaneOrder {
			ml := c.doc.Lane(id.Name)
			if ml == nil {
				c.report(id.Span, diag.LayoutStale, "remove it from the list (flowzap fmt does)",
					"@layout lane order: lane %q does not exist: expected the ID of a lane of this file", id.Name)
				continue
			}
			seen[ml] = true
			a.LaneOrder = append(a.LaneOrder, ml)
		}
		for _, ml := range c.doc.Lanes {
			if !seen[ml] {
				a.LaneOrder = append(a.LaneOrder, ml)
			}
		}
	}
	for _, n := range l.Nodes {
		if c.doc.Node(n.ID.Name) == nil {
			c.report(n.ID.Span, diag.LayoutStale, "remove the line (flowzap fmt does)",
				"@layout node %q does not exist: expected the ID of a node of this file", n.ID.Name)
			continue
		}
		if ref := n.After.Name; ref != "" {
			me, other := c.doc.Node(n.ID.Name), c.doc.Node(ref)
			switch {
			case other == nil:
				c.report(n.After.Span, diag.LayoutStale, "remove after= (flowzap fmt does)",
					"@layout node %s after=%s: node %q does not exist: expected the ID of a node of this file", n.ID.Name, ref, ref)
			case other.Lane != me.Lane:
				c.report(n.After.Span, diag.LayoutEntry, diag.T("order it after a node of lane %s", me.Lane.ID),
					"@layout node %s after=%s: %s is in lane %s, %s in lane %s: expected a node of the same lane (ignored)", n.ID.Name, ref, ref, other.Lane.ID, n.ID.Name, me.Lane.ID)
			default:
				if a.After == nil {
					a.After = map[string]string{}
				}
				a.After[n.ID.Name] = ref
			}
		}
		if n.DX == 0 && n.DY == 0 {
			continue
		}
		if a.Offsets == nil {
			a.Offsets = map[string]model.Offset{}
		}
		a.Offsets[n.ID.Name] = model.Offset{DX: float64(n.DX), DY: float64(n.DY)}
	}
	if a.LaneOrder != nil || a.Offsets != nil || a.After != nil {
		c.doc.Adjust = a
	}
}
