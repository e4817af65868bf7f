package swimlane

import (
	"sort"

	"flowzap/internal/model"
)

// rank puts every node in a global column. Constraining edges (see
// newState) require col(to) >= col(from) + minlen; the longest path over
// them gives the leftmost columns. Nodes nothing constrains from the left
// are then pulled next to what they feed (or left of the node whose left
// handle points at them).
func (s *state) rank() {
	n := len(s.nodes)
	out := make([][]*edge, n)
	indeg := make([]int, n)
	for _, e := range s.edges {
		if e.constraining {
			out[e.from.m.Index] = append(out[e.from.m.Index], e)
			indeg[e.to.m.Index]++
		}
	}
	hasPred := make([]bool, n)
	queue := make([]*node, 0, n)
	for _, nd := range s.nodes {
		if indeg[nd.m.Index] == 0 {
			queue = append(queue, nd)
		} else {
			hasPred[nd.m.Index] = true
		}
	}
	for i := 0; i < len(queue); i++ {
		a := queue[i]
		for _, e := range out[a.m.Index] {
			if c := a.col + e.minlen; c > e.to.col {
				e.to.col = c
			}
			if indeg[e.to.m.Index]--; indeg[e.to.m.Index] == 0 {
				queue = append(queue, e.to)
			}
		}
	}
	// Left-handle hints, in written order.
	leftOf := make([]*node, n)
	for _, e := range s.edges {
		if e.fs == model.Left && e.from != e.to && leftOf[e.to.m.Index] == nil {
			leftOf[e.to.m.Index] = e.from
		}
	}
	for i := len(queue) - 1; i >= 0; i-- {
		a := queue[i]
		if hasPred[a.m.Index] {
			continue
		}
		limit := -1
		for _, e := range out[a.m.Index] {
			if c := e.to.col - e.minlen; limit < 0 || c < limit {
				limit = c
			}
		}
		if p := leftOf[a.m.Index]; p != nil && p.col >= 1 && (limit < 0 || p.col-1 <= limit) {
			a.col = p.col - 1
		} else if limit > a.col {
			a.col = limit
		}
	}
	s.spread(queue, out)
	for _, nd := range s.nodes {
		if nd.col+1 > s.cols {
			s.cols = nd.col + 1
		}
	}
}

// spread keeps unrelated nodes of one lane out of each other's column: in
// topological order, a node moves right until its lane has no node in that
// column, unless a node already there hands it down (bottom -> top) or up
// inside the lane, in which case it stacks in a new row below or above.
// Successors are pushed along so every column constraint still holds.
func (s *state) spread(order []*node, out [][]*edge) {
	type laneCol struct{ lane, col int }
	used := map[laneCol]bool{}
	parents := make([][]*node, len(s.nodes)) // same-lane nodes that hand v up or down
	for _, e := range s.edges {
		vertical := e.fs == model.Bottom && e.ts == model.Top || e.fs == model.Top && e.ts == model.Bottom
		if vertical && e.from.m.Lane == e.to.m.Lane && e.from != e.to {
			parents[e.to.m.Index] = append(parents[e.to.m.Index], e.from)
		}
	}
	parentAt := func(v *node, c int) bool {
		for _, p := range parents[v.m.Index] {
			if p.col == c {
				return true
			}
		}
		return false
	}
	for _, v := range order {
		l := v.m.Lane.Index
		for used[laneCol{l, v.col}] && !parentAt(v, v.col) {
			v.col++
		}
		used[laneCol{l, v.col}] = true
		for _, e := range out[v.m.Index] {
			if c := v.col + e.minlen; c > e.to.col {
				e.to.col = c
			}
		}
	}
}

type cellKey struct{ lane, col, row int }

// assignRows gives each node a row in its lane so that no two nodes of a
// lane share a cell. A node continues the row of the node that leads into
// it; a hand-off down inside the lane (bottom -> top) goes one row lower.
func (s *state) assignRows() {
	order := make([]*node, len(s.nodes))
	copy(order, s.nodes)
	sort.SliceStable(order, func(i, j int) bool { return order[i].col < order[j].col })
	in := make([][]*edge, len(s.nodes))
	for _, e := range s.edges {
		if e.from != e.to {
			in[e.to.m.Index] = append(in[e.to.m.Index], e)
		}
	}
	placed := make([]bool, len(s.nodes))
	used := map[cellKey]bool{}
	for _, nd := range order {
		pref, lane := 0, nd.m.Lane.Index
		first, down := true, false
		for _, e := range in[nd.m.Index] {
			p := e.from
			if !placed[p.m.Index] || p.m.Lane != nd.m.Lane {
				continue
			}
			cand := p.row
			switch {
			case e.fs == model.Bottom && e.ts == model.Top:
				cand = p.row + 1 // handed down: below every such source
				if !down || cand > pref {
					pref = cand
				}
				down, first = true, false
				continue
			case e.fs == model.Top && e.ts == model.Bottom && p.col == nd.col:
				cand = p.row - 1
			}
			if first && !down {
				pref = cand
				first = false
			}
		}
		r := pref
		for used[cellKey{lane, nd.col, r}] {
			r++
		}
		used[cellKey{lane, nd.col, r}] = true
		nd.row = r
		placed[nd.m.Index] = true
	}
	// Rows may have gone negative; shift each lane so its top row is 0.
	minRow := make([]int, len(s.lanes))
	for _, nd := range s.nodes {
		if nd.row < minRow[nd.m.Lane.Index] {
			minRow[nd.m.Lane.Index] = nd.row
		}
	}
	for _, nd := range s.nodes {
		l := s.lanes[nd.m.Lane.Index]
		nd.row -= minRow[nd.m.Lane.Index]
		if nd.row+1 > l.rows {
			l.rows = nd.row + 1
		}
	}
}
