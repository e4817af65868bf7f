package syntax

// Inspect traverses the tree rooted at n in source order, like
// go/ast.Inspect: it calls f(n); when f returns true, Inspect visits each of
// n's children the same way and then calls f(nil).
//
// The children are the statements of a [File] and of a [Lane] (with the
// lane's ID first), the identifiers, attributes, strings, endpoints and
// handles inside statements, and the comments written after a statement
// (StmtBase.Trailing, Lane.CloseTrailing). A [LaneLabel] is not a node: it
// is reached through its [Lane].
func Inspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	switch n := n.(type) {
	case *File:
		for _, s := range n.Stmts {
			Inspect(s, f)
		}
	case *Lane:
		Inspect(&n.ID, f)
		inspectComment(n.Trailing, f)
		for _, s := range n.Body {
			Inspect(s, f)
		}
		inspectComment(n.CloseTrailing, f)
	case *NodeDecl:
		Inspect(&n.ID, f)
		Inspect(&n.Shape, f)
		for _, a := range n.Attrs {
			Inspect(a, f)
		}
		inspectComment(n.Trailing, f)
	case *Attr:
		Inspect(&n.Key, f)
		Inspect(&n.Value, f)
	case *Edge:
		Inspect(&n.From, f)
		Inspect(&n.To, f)
		for _, a := range n.Attrs {
			Inspect(a, f)
		}
		inspectComment(n.Trailing, f)
	case *Endpoint:
		if n.Lane != nil {
			Inspect(n.Lane, f)
		}
		Inspect(&n.Node, f)
		if n.Handle != nil {
			Inspect(n.Handle, f)
		}
	case *Handle:
		Inspect(&n.Keyword, f)
		Inspect(&n.Side, f)
	case *Loop:
		Inspect(&n.Keyword, f)
		for i := range n.Nodes {
			if pre := n.Prefix(i); pre != nil {
				Inspect(pre, f)
			}
			Inspect(&n.Nodes[i], f)
		}
		inspectComment(n.Trailing, f)
	case *Fence:
		inspectComment(n.Trailing, f)
	case *BadStmt:
		inspectComment(n.Trailing, f)
	}
	f(nil)
}

// inspectComment visits c unless it is nil (a nil *Comment in a Node
// interface would not be nil).
func inspectComment(c *Comment, f func(Node) bool) {
	if c != nil {
		Inspect(c, f)
	}
}
