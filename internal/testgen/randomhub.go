package testgen

import (
	"fmt"
	"math/rand"
	"strings"
)

var hubLabels = []string{"GET /v1/items", "order.created", "sync", "POST https://api.example.com/v2/payments/{paymentId}/capture",
	"retry", "No, try again", "fetchUserPreferencesById", "/var/log/app/current.log", "ok", "Yes"}

// RandomHub returns a random hub-heavy diagram: 2 to 5 lanes, the first
// node fanning out to every node of the second lane (6 to 19 of them),
// about half as many random extra edges as nodes (parallel edges and
// returns included), two thirds of the edges with the sides a hand-off
// would have and the rest with random sides, labels from "ok" to a
// 60-character URL on half the diagrams' fan-outs and half the extra
// edges, and every shape. The same seed gives the same diagram.
func RandomHub(seed int64) string {
	rng := rand.New(rand.NewSource(seed))
	sides := []string{"left", "right", "top", "bottom"}
	lanes := 2 + rng.Intn(4)
	per := make([][]int, lanes)
	id := 0
	for l := range per {
		k := 1 + rng.Intn(6)
		if l == 1 {
			k = 6 + rng.Intn(14)
		}
		for i := 0; i < k; i++ {
			id++
			per[l] = append(per[l], id)
		}
	}
	laneOf := map[int]int{}
	for l, ns := range per {
		for _, n := range ns {
			laneOf[n] = l
		}
	}
	edges := make([][]string, lanes) // by the source's lane
	add := func(a, b int, label bool) {
		fs, ts := sides[rng.Intn(4)], sides[rng.Intn(4)]
		if rng.Intn(3) > 0 {
			switch {
			case laneOf[b] > laneOf[a]:
				fs, ts = "bottom", "top"
			case laneOf[b] < laneOf[a]:
				fs, ts = "top", "bottom"
			default:
				fs, ts = "right", "left"
			}
		}
		pre := ""
		if laneOf[b] != laneOf[a] {
			pre = fmt.Sprintf("L%d.", laneOf[b])
		}
		lab := ""
		if label {
			lab = fmt.Sprintf(" [label=%q]", hubLabels[rng.Intn(len(hubLabels))])
		}
		edges[laneOf[a]] = append(edges[laneOf[a]], fmt.Sprintf("n%d.handle(%s) -> %sn%d.handle(%s)%s", a, fs, pre, b, ts, lab))
	}
	labelled := rng.Intn(2) == 0
	for _, n := range per[1] {
		add(per[0][0], n, labelled)
	}
	for i := 0; i < id/2; i++ {
		if a, b := 1+rng.Intn(id), 1+rng.Intn(id); a != b {
			add(a, b, rng.Intn(2) == 0)
		}
	}
	var sb strings.Builder
	shapes := []string{"rectangle", "rectangle", "diamond", "circle", "taskbox"}
	for l, ns := range per {
		fmt.Fprintf(&sb, "L%d { # Lane %d\n", l, l)
		for _, n := range ns {
			fmt.Fprintf(&sb, "n%d: %s label:\"Step %d\"\n", n, shapes[rng.Intn(len(shapes))], n)
		}
		for _, e := range edges[l] {
			sb.WriteString(e + "\n")
		}
		sb.WriteString("}\n")
	}
	return sb.String()
}
