// Package testgen writes random but valid FlowZap Code for tests,
// benchmarks and fuzz seeds. Output depends only on the seed. It is imported
// only by tests and benchmarks.
package testgen

import (
	"fmt"
	"math/rand"
	"strings"
)

// Options shape a generated diagram.
type Options struct {
	Nodes int   // number of nodes (at least 2)
	Lanes int   // number of lanes; 0 picks about one per 20 nodes (2..60)
	Seed  int64 // random seed
}

var verbs = []string{"Validate", "Load", "Store", "Send", "Check", "Approve", "Review", "Notify", "Compute", "Route", "Archive", "Sync"}
var nouns = []string{"order", "invoice", "payment", "profile", "report", "ticket", "event", "batch", "token", "record", "shipment", "request"}

// Diagram returns the code of a strict-valid diagram: every lane labelled,
// nodes n1..nN, every edge with handles and lane prefixes, decisions with
// two labelled outcomes, some back edges and loops.
func Diagram(o Options) string {
	rng := rand.New(rand.NewSource(o.Seed))
	if o.Nodes < 2 {
		o.Nodes = 2
	}
	lanes := o.Lanes
	if lanes == 0 {
		lanes = min(max(o.Nodes/20, 2), 60)
	}
	lanes = min(lanes, o.Nodes)
	laneOf := make([]int, o.Nodes+1) // node number -> lane
	members := make([][]int, lanes)
	// Nodes flow through the lanes in runs, like a real process.
	lane := 0
	for n := 1; n <= o.Nodes; n++ {
		if n > 1 && rng.Intn(6) == 0 {
			lane = rng.Intn(lanes)
		}
		if n <= lanes { // every lane gets at least one node
			lane = n - 1
		}
		laneOf[n] = lane
		members[lane] = append(members[lane], n)
	}
	shape := make([]string, o.Nodes+1)
	for n := 1; n <= o.Nodes; n++ {
		switch {
		case n == 1 || n == o.Nodes:
			shape[n] = "circle"
		case rng.Intn(7) == 0 && n < o.Nodes-1:
			shape[n] = "diamond"
		case rng.Intn(9) == 0:
			shape[n] = "taskbox"
		default:
			shape[n] = "rectangle"
		}
	}
	edges := make([][]string, lanes)
	addEdge := func(a, b int, label string) {
		fs, ts := "right", "left"
		switch {
		case laneOf[a] < laneOf[b]:
			fs, ts = "bottom", "top"
		case laneOf[a] > laneOf[b]:
			fs, ts = "top", "bottom"
		case b < a:
			fs, ts = "top", "top"
		}
		target := fmt.Sprintf("n%d", b)
		if laneOf[a] != laneOf[b] {
			target = fmt.Sprintf("lane%d.n%d", laneOf[b]+1, b)
		}
		e := fmt.Sprintf("n%d.handle(%s) -> %s.handle(%s)", a, fs, target, ts)
		if label != "" {
			e += fmt.Sprintf(" [label=%q]", label)
		}
		edges[laneOf[a]] = append(edges[laneOf[a]], e)
	}
	var loops []string
	for n := 1; n < o.Nodes; n++ {
		if shape[n] == "diamond" {
			addEdge(n, n+1, "Yes")
			other := n + 2 + rng.Intn(min(5, o.Nodes-n-1))
			if other > o.Nodes {
				other = o.Nodes
			}
			if rng.Intn(3) == 0 && n > 2 {
				other = n - 1 - rng.Intn(min(n-1, 3)) // a retry back edge
			}
			addEdge(n, other, "No")
			continue
		}
		addEdge(n, n+1, "")
		if rng.Intn(40) == 0 && n > 3 && laneOf[n-1] == laneOf[n] {
			loops = append(loops, fmt.Sprintf("loop [while more %s] n%d n%d", nouns[rng.Intn(len(nouns))], n-1, n))
		}
	}
	var b strings.Builder
	for l := 0; l < lanes; l++ {
		fmt.Fprintf(&b, "lane%d { # %s Team %d\n", l+1, strings.ToUpper(nouns[l%len(nouns)][:1])+nouns[l%len(nouns)][1:], l+1)
		for _, n := range members[l] {
			label := verbs[rng.Intn(len(verbs))] + " " + nouns[rng.Intn(len(nouns))]
			switch shape[n] {
			case "circle":
				label = map[bool]string{true: "Start", false: "Done"}[n == 1]
			case "diamond":
				label = nouns[rng.Intn(len(nouns))] + " ok?"
			case "taskbox":
				label += "|Check inputs|Sign off"
				fmt.Fprintf(&b, "  n%d: taskbox label:%q owner:\"Team %d\"\n", n, label, l+1)
				continue
			}
			fmt.Fprintf(&b, "  n%d: %s label:%q\n", n, shape[n], label)
		}
		for _, e := range edges[l] {
			b.WriteString("  " + e + "\n")
		}
		for _, lp := range loops {
			var first int
			fmt.Sscanf(strings.Fields(lp)[len(strings.Fields(lp))-2], "n%d", &first)
			if laneOf[first] == l {
				b.WriteString("  " + lp + "\n")
			}
		}
		b.WriteString("}\n")
	}
	return b.String()
}
