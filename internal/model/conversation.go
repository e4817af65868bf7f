package model

import (
	"slices"
	"sort"
	"strings"
)

// Conversation reads the edges as the messages of a sequence diagram, in
// the order of a [Flow]. A cross-lane edge from A to B is a request; the
// next edge from B to A answers it (nested requests by B while A waits are
// fine). Inside a decision's alternatives each branch starts from the
// requests pending before the decision, so each alternative may answer the
// same request ("200 OK" in one branch, "Error" in another); after the
// frame, what some branch left unanswered can still be answered, and an
// answer there answers the request each branch left in the same place
// ("queued" after both "ship fast" and "ship later"). An edge
// merged with the one before it ([Flow.Merged]) is the same message: it
// answers what that one answers and asks nothing of its own. A message
// whose label starts with an HTTP method ("POST /token") asks: it is a
// request, never the answer to one.
type Conversation struct {
	// Reply[i] is the request that edge i (by Index) answers, or nil.
	Reply []*Edge
	// OutOfTurn lists requests made by a lane other than the one serving
	// the pending request, each with the request that was still pending.
	OutOfTurn [][2]*Edge
	// Unanswered lists requests that no edge answers, in message order.
	Unanswered []*Edge
}

// pending is one request waiting for its answer, on top of the ones below.
type pending struct {
	e     *Edge
	below *pending
	n     int // requests from here down
}

func (p *pending) len() int {
	if p == nil {
		return 0
	}
	return p.n
}

// Converse classifies every edge of doc in the order of flow (nil means
// written order without alternatives). Each request is pushed once and
// popped at most once per branch it is pending in, and a message that
// answers nothing is recognised without a search, so it runs in
// O(edges + alternatives × branches × lane pairs with pending requests).
func Converse(doc *Document, flow *Flow) *Conversation {
	edges := doc.Edges
	if flow != nil {
		edges = flow.Edges
	}
	c := &Conversation{Reply: make([]*Edge, len(doc.Edges))}
	// Frame events by position: alternatives close (inner first), branches
	// switch, alternatives open (outer first).
	type pair [2]*Lane // from, to
	type altState struct {
		a           *Alt
		k           int      // the branches finished so far
		saved       *pending // pending requests when the frame opened
		result      *pending // the longest pending list a finished branch left
		savedCount  map[pair]int
		resultCount map[pair]int
		ends        []*pending // what each finished branch left pending
	}
	// count[{a, b}] is how many pending requests go from lane a to lane b,
	// so a message that answers none is known without a search.
	count := map[pair]int{}
	clone := func(m map[pair]int) map[pair]int {
		out := make(map[pair]int, len(m))
		for k, v := range m {
			if v > 0 {
				out[k] = v
			}
		}
		return out
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
	// The pending requests form a persistent stack (each entry points to
	// the one below), so saving and restoring it at frames costs nothing.
	var stack *pending
	var open []*altState
	answered := make([]bool, len(doc.Edges))
	requested := make([]bool, len(doc.Edges))
	// same[r] lists the requests of other branches that stood where r
	// stands in the pending list the frame kept: an answer after the
	// frame answers them too ("queued" after both "ship fast" and "ship
	// later").
	same := map[*Edge][]*Edge{}
	above := func(p, base *pending) []*pending { // bottom up, above base
		var out []*pending
		for ; p != nil && p.len() > base.len(); p = p.below {
			out = append(out, p)
		}
		slices.Reverse(out)
		return out
	}
	finish := func(st *altState) {
		st.k++
		if st.k <= st.a.Breaks {
			// A break: the sequence stops there, so what it leaves
			// pending does not go on after the frame.
			return
		}
		st.ends = append(st.ends, stack)
		if st.resultCount == nil || stack.len() > st.result.len() {
			st.result, st.resultCount = stack, clone(count)
		}
	}
	keep := func(st *altState) {
		kept := above(st.result, st.saved)
		for _, end := range st.ends {
			if end == st.result {
				continue
			}
			for i, q := range above(end, st.saved) {
				if i < len(kept) && kept[i].e != q.e && kept[i].e.From.Lane == q.e.From.Lane && kept[i].e.To.Lane == q.e.To.Lane {
					same[kept[i].e] = append(same[kept[i].e], q.e)
				}
			}
		}
	}
	var answer func(r *Edge)
	answer = func(r *Edge) {
		answered[r.Index] = true
		for _, q := range same[r] {
			answer(q)
		}
	}
	frameEvents := func(p int) {
		for _, a := range closes[p] {
			if n := len(open); n > 0 && open[n-1].a == a {
				st := open[n-1]
				finish(st)
				if st.resultCount == nil { // every branch a break
					st.result, st.resultCount = st.saved, clone(st.savedCount)
				}
				keep(st)
				stack, count = st.result, st.resultCount
				open = open[:n-1]
			}
		}
		for _, a := range switches[p] {
			if n := len(open); n > 0 && open[n-1].a == a {
				st := open[n-1]
				finish(st)
				stack, count = st.saved, clone(st.savedCount)
			}
		}
		for _, a := range opens[p] {
			open = append(open, &altState{a: a, saved: stack, savedCount: clone(count)})
		}
	}
	for p, e := range edges {
		frameEvents(p)
		if flow != nil && p > 0 && p < len(flow.Merged) && flow.Merged[p] {
			// The same message as the one before (drawn once with it):
			// it answers what that one answers, and asks nothing more.
			c.Reply[e.Index] = c.Reply[edges[p-1].Index]
			continue
		}
		if !e.CrossLane() {
			continue
		}
		from, to := e.From.Lane, e.To.Lane
		if count[pair{to, from}] > 0 && !asks(e.Label) {
			// The answer to the latest request from "to" to "from"; the
			// requests above it are left unanswered.
			for stack != nil {
				r := stack.e
				stack = stack.below
				count[pair{r.From.Lane, r.To.Lane}]--
				if r.From.Lane == to && r.To.Lane == from {
					c.Reply[e.Index] = r
					answer(r)
					break
				}
			}
			continue
		}
		if stack != nil && stack.e.To.Lane != from {
			c.OutOfTurn = append(c.OutOfTurn, [2]*Edge{e, stack.e})
		}
		requested[e.Index] = true
		stack = &pending{e: e, below: stack, n: stack.len() + 1}
		count[pair{from, to}]++
	}
	frameEvents(len(edges))
	for _, e := range edges {
		if requested[e.Index] && !answered[e.Index] {
			c.Unanswered = append(c.Unanswered, e)
		}
	}
	return c
}

// httpMethods are the request methods a label may start with.
var httpMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// asks reports whether a message's label reads as a request: an HTTP
// method in capitals, then a space or the end ("POST /token", "GET").
func asks(label string) bool {
	for _, m := range httpMethods {
		if rest, ok := strings.CutPrefix(label, m); ok && (rest == "" || rest[0] == ' ') {
			return true
		}
	}
	return false
}
