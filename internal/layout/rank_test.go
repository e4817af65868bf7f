package layout

import (
	"slices"
	"testing"
)

func TestLongestPath(t *testing.T) {
	// 0 -> 1 -> 3, 0 -> 2 (minlen 3) -> 3, 4 alone, 5 <-> 6 a cycle.
	edges := []RankEdge{{0, 1, 1}, {1, 3, 1}, {0, 2, 3}, {2, 3, 0}, {5, 6, 1}, {6, 5, 1}}
	rank, order := LongestPath(7, edges)
	if want := []int{0, 1, 3, 3, 0, 0, 0}; !slices.Equal(rank, want) {
		t.Errorf("rank = %v, want %v", rank, want)
	}
	if len(order) != 7 {
		t.Fatalf("order %v misses nodes", order)
	}
	pos := map[int]int{}
	for i, v := range order {
		pos[v] = i
	}
	for _, e := range edges[:4] {
		if pos[e.From] > pos[e.To] {
			t.Errorf("order %v puts %d after %d", order, e.From, e.To)
		}
	}
}
