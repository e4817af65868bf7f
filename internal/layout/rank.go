package layout

// RankEdge asks for rank(To) >= rank(From) + MinLen.
type RankEdge struct{ From, To, MinLen int }

// LongestPath ranks the n nodes of a constraint graph by longest path: the
// smallest ranks that meet every edge, sources at 0. It also returns the
// nodes in topological order. The graph should be acyclic; nodes on a cycle
// (and those after them) keep the rank their other predecessors give and
// come last in the order, so a cycle never loops or panics. O(n + edges).
func LongestPath(n int, edges []RankEdge) (rank, order []int) {
	rank = make([]int, n)
	out := make([][]RankEdge, n)
	indeg := make([]int, n)
	for _, e := range edges {
		out[e.From] = append(out[e.From], e)
		indeg[e.To]++
	}
	order = make([]int, 0, n)
	for v := 0; v < n; v++ {
		if indeg[v] == 0 {
			order = append(order, v)
		}
	}
	for i := 0; i < len(order); i++ {
		v := order[i]
		for _, e := range out[v] {
			if r := rank[v] + e.MinLen; r > rank[e.To] {
				rank[e.To] = r
			}
			if indeg[e.To]--; indeg[e.To] == 0 {
				order = append(order, e.To)
			}
		}
	}
	if len(order) < n { // cycles: append what is left, in index order
		seen := make([]bool, n)
		for _, v := range order {
			seen[v] = true
		}
		for v := 0; v < n; v++ {
			if !seen[v] {
				order = append(order, v)
			}
		}
	}
	return rank, order
}
