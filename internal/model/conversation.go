package model

import "sort"

// Conversation reads the edges as the messages of a sequence diagram, in
// the order of a [Flow]. A cross-lane edge from A to B is a request; the
// next edge from B to A answers it (nested requests by B while A waits are
// fine). Inside a decision's alternatives each branch starts from the
// requests pending before the decision, so each alternative may answer the
// same request ("200 OK" in one branch, "Error" in another); after the
// frame, what some branch left unanswered can still be answered.
type Conversation struct {
	// Reply[i] is the request that edge i (by Index) answers, or nil.
	Reply []*Edge
	// OutOfTurn lists requests made by a lane other than the one serving
	// the pending request, each with the request that was still pending.
	OutOfTurn [][2]*Edge
	// Unanswered lists requests that no edge answers, in message order.
	Unanswered []*Edge
}

// Converse classifies every edge of doc in the order of flow (nil means
// written order without alternatives). It runs in O(edges × depth of
// nesting + alternatives × branches × pending requests).
func Converse(doc *Document, flow *Flow) *Conversation {
	edges := doc.Edges
	if flow != nil {
		edges = flow.Edges
	}
	c := &Conversation{Reply: make([]*Edge, len(doc.Edges))}
	// Frame events by position: alternatives close (inner first), branches
	// switch, alternatives open (outer first).
	type altState struct {
		a      *Alt
		saved  []*Edge // pending requests when the frame opened
		result []*Edge // the longest pending list a finished branch left
	}
	var closes, opens map[int][]*Alt
	var switches map[int][]*Alt
	if flow != nil && flow.Nested && len(flow.Alts) > 0 {
		closes, opens, switches = map[int][]*Alt{}, map[int][]*Alt{}, map[int][]*Alt{}
		for i := range flow.Alts {
			a := &flow.Alts[i]
			closes[a.End()] = append(closes[a.End()], a)
			opens[a.Start()] = append(opens[a.Start()], a)
			for _, b := range a.Branches[1:] {
				switches[b[0]] = append(switches[b[0]], a)
			}
		}
		for _, l := range closes {
			sort.SliceStable(l, func(i, j int) bool { return l[i].Start() > l[j].Start() })
		}
		for _, l := range opens {
			sort.SliceStable(l, func(i, j int) bool { return l[i].End() > l[j].End() })
		}
	}
	var stack []*Edge
	var open []*altState
	answered := make([]bool, len(doc.Edges))
	requested := make([]bool, len(doc.Edges))
	finish := func(st *altState) {
		if st.result == nil || len(stack) > len(st.result) {
			st.result = append([]*Edge{}, stack...)
		}
	}
	frameEvents := func(p int) {
		for _, a := range closes[p] {
			if n := len(open); n > 0 && open[n-1].a == a {
				st := open[n-1]
				finish(st)
				stack = append(stack[:0], st.result...)
				open = open[:n-1]
			}
		}
		for _, a := range switches[p] {
			if n := len(open); n > 0 && open[n-1].a == a {
				st := open[n-1]
				finish(st)
				stack = append(stack[:0], st.saved...)
			}
		}
		for _, a := range opens[p] {
			open = append(open, &altState{a: a, saved: append([]*Edge{}, stack...)})
		}
	}
	for p, e := range edges {
		frameEvents(p)
		if !e.CrossLane() {
			continue
		}
		from, to := e.From.Lane, e.To.Lane
		match := -1
		for j := len(stack) - 1; j >= 0; j-- {
			if r := stack[j]; r.From.Lane == to && r.To.Lane == from {
				match = j
				break
			}
		}
		if match >= 0 {
			c.Reply[e.Index] = stack[match]
			answered[stack[match].Index] = true
			stack = stack[:match]
			continue
		}
		if n := len(stack); n > 0 && stack[n-1].To.Lane != from {
			c.OutOfTurn = append(c.OutOfTurn, [2]*Edge{e, stack[n-1]})
		}
		requested[e.Index] = true
		stack = append(stack, e)
	}
	frameEvents(len(edges))
	for _, e := range edges {
		if requested[e.Index] && !answered[e.Index] {
			c.Unanswered = append(c.Unanswered, e)
		}
	}
	return c
}
