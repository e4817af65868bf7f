package testgen

import (
	"fmt"
	"math/rand"
	"strings"
)

var approvalLabels = []string{"Yes", "No, retry", "No, send back to the requester with comments", "approved",
	"rejected: budget exceeded", "escalate to finance director", "ok"}

// RandomApproval returns a random approval flow: a chain of 8 to 27 steps
// over 2 to 5 roles (lanes), a third of them decisions whose outcomes are
// labelled (from "ok" to a 45-character sentence) and which also send the
// work back to a random earlier step, the sides a hand-off or a return
// would have (random ones for returns inside a lane). The same seed gives
// the same diagram.
func RandomApproval(seed int64) string {
	rng := rand.New(rand.NewSource(seed))
	lanes := 2 + rng.Intn(4)
	n := 8 + rng.Intn(20)
	laneOf := make([]int, n+1)
	shapes := make([]string, n+1)
	for i := 1; i <= n; i++ {
		laneOf[i] = rng.Intn(lanes)
		shapes[i] = []string{"rectangle", "rectangle", "diamond"}[rng.Intn(3)]
	}
	shapes[1] = "circle"
	edges := make([][]string, lanes)
	side := func(a, b int, forward bool) (string, string) {
		switch {
		case laneOf[b] > laneOf[a]:
			return "bottom", "top"
		case laneOf[b] < laneOf[a]:
			return "top", "bottom"
		case forward:
			return "right", "left"
		}
		return []string{"top", "bottom", "left"}[rng.Intn(3)], []string{"top", "bottom", "right"}[rng.Intn(3)]
	}
	add := func(a, b int, forward bool, label string) {
		fs, ts := side(a, b, forward)
		prefix := ""
		if laneOf[a] != laneOf[b] {
			prefix = fmt.Sprintf("L%d.", laneOf[b])
		}
		if label != "" {
			label = fmt.Sprintf(" [label=%q]", label)
		}
		edges[laneOf[a]] = append(edges[laneOf[a]], fmt.Sprintf("n%d.handle(%s) -> %sn%d.handle(%s)%s", a, fs, prefix, b, ts, label))
	}
	for i := 1; i < n; i++ {
		label := ""
		if shapes[i] == "diamond" {
			label = approvalLabels[rng.Intn(len(approvalLabels))]
		}
		add(i, i+1, true, label)
		if shapes[i] == "diamond" && i > 2 {
			add(i, 1+rng.Intn(i-1), false, approvalLabels[1+rng.Intn(len(approvalLabels)-1)])
		}
	}
	var sb strings.Builder
	for l := 0; l < lanes; l++ {
		fmt.Fprintf(&sb, "L%d { # Role %d\n", l, l)
		for i := 1; i <= n; i++ {
			if laneOf[i] == l {
				fmt.Fprintf(&sb, "n%d: %s label:\"Step %d\"\n", i, shapes[i], i)
			}
		}
		for _, e := range edges[l] {
			sb.WriteString(e + "\n")
		}
		sb.WriteString("}\n")
	}
	return sb.String()
}
