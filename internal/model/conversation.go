package model

// Conversation reads the edges as the messages of a sequence diagram, in
// written order. A cross-lane edge from A to B is a request; the next edge
// from B to A answers it (nested requests by B while A waits are fine).
type Conversation struct {
	// Reply[i] is the request that edge i answers, or nil.
	Reply []*Edge
	// OutOfTurn lists requests made by a lane other than the one serving
	// the pending request, each with the request that was still pending.
	OutOfTurn [][2]*Edge
	// Unanswered lists requests that no edge answers, in order.
	Unanswered []*Edge
}

// Converse classifies every edge of doc; it runs in O(edges × depth of
// nesting).
func Converse(doc *Document) *Conversation {
	c := &Conversation{Reply: make([]*Edge, len(doc.Edges))}
	var stack []*Edge
	for i, e := range doc.Edges {
		if !e.CrossLane() {
			continue
		}
		from, to := e.From.Lane, e.To.Lane
		answered := -1
		for j := len(stack) - 1; j >= 0; j-- {
			if r := stack[j]; r.From.Lane == to && r.To.Lane == from {
				answered = j
				break
			}
		}
		if answered >= 0 {
			c.Unanswered = append(c.Unanswered, stack[answered+1:]...)
			c.Reply[i] = stack[answered]
			stack = stack[:answered]
			continue
		}
		if n := len(stack); n > 0 && stack[n-1].To.Lane != from {
			c.OutOfTurn = append(c.OutOfTurn, [2]*Edge{e, stack[n-1]})
		}
		stack = append(stack, e)
	}
	c.Unanswered = append(c.Unanswered, stack...)
	return c
}
