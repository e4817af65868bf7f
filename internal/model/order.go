package model

// Ranks places every node in a column by flow: edges that close a cycle
// (found by a depth-first search in file order) are reversed for ranking,
// then each node's rank is the longest path to it. It runs in
// O(nodes + edges) and does not recurse, so it is safe on any graph size.
func Ranks(doc *Document) (rank map[*Node]int, back map[*Edge]bool) {
	out := make(map[*Node][]*Edge, len(doc.Nodes))
	for _, e := range doc.Edges {
		out[e.From] = append(out[e.From], e)
	}
	back = map[*Edge]bool{}
	state := make(map[*Node]int8, len(doc.Nodes)) // 0 new, 1 on stack, 2 done
	type frame struct {
		n *Node
		i int
	}
	for _, root := range doc.Nodes {
		if state[root] != 0 {
			continue
		}
		stack := []frame{{root, 0}}
		state[root] = 1
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.i == len(out[top.n]) {
				state[top.n] = 2
				stack = stack[:len(stack)-1]
				continue
			}
			e := out[top.n][top.i]
			top.i++
			switch state[e.To] {
			case 1:
				back[e] = true
			case 0:
				state[e.To] = 1
				stack = append(stack, frame{e.To, 0})
			}
		}
	}
	// Longest path over the acyclic rest (Kahn's algorithm).
	indeg := make(map[*Node]int, len(doc.Nodes))
	for _, e := range doc.Edges {
		if !back[e] && e.From != e.To {
			indeg[e.To]++
		}
	}
	rank = make(map[*Node]int, len(doc.Nodes))
	queue := make([]*Node, 0, len(doc.Nodes))
	for _, n := range doc.Nodes {
		if indeg[n] == 0 {
			queue = append(queue, n)
		}
	}
	for i := 0; i < len(queue); i++ {
		n := queue[i]
		for _, e := range out[n] {
			if back[e] || e.From == e.To {
				continue
			}
			if r := rank[n] + 1; r > rank[e.To] {
				rank[e.To] = r
			}
			if indeg[e.To]--; indeg[e.To] == 0 {
				queue = append(queue, e.To)
			}
		}
	}
	return rank, back
}

// Opposite returns the side facing s.
func Opposite(s Side) Side {
	switch s {
	case Left:
		return Right
	case Right:
		return Left
	case Top:
		return Bottom
	case Bottom:
		return Top
	}
	return NoSide
}

// InferSides returns the sides for an edge whose handles were not written,
// from where its nodes sit: forward in a lane leaves right and enters left;
// backward in a lane goes over the top; down to a later lane leaves bottom
// and enters top, up to an earlier lane the reverse. A side that was written
// is kept, and the missing one faces it.
func InferSides(e *Edge, rank map[*Node]int, back map[*Edge]bool) (from, to Side) {
	from, to = e.FromSide, e.ToSide
	switch {
	case from != NoSide && to != NoSide:
		return from, to
	case from != NoSide:
		return from, Opposite(from)
	case to != NoSide:
		return Opposite(to), to
	}
	a, b := e.From, e.To
	switch {
	case a == b:
		return Right, Top
	case a.Lane != b.Lane && a.Lane.Index < b.Lane.Index:
		return Bottom, Top
	case a.Lane != b.Lane:
		return Top, Bottom
	case back[e] || rank[b] < rank[a]:
		return Top, Top
	case rank[b] > rank[a]:
		return Right, Left
	case a.Index < b.Index:
		return Bottom, Top
	}
	return Top, Bottom
}
