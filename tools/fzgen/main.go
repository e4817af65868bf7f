// Command fzgen prints a random, strict-valid FlowZap diagram, for
// benchmarks and experiments: go run ./tools/fzgen -nodes 1000 -seed 1
package main

import (
	"flag"
	"fmt"

	"flowzap/internal/testgen"
)

func main() {
	nodes := flag.Int("nodes", 100, "number of nodes")
	lanes := flag.Int("lanes", 0, "number of lanes (0: about one per 20 nodes)")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	fmt.Print(testgen.Diagram(testgen.Options{Nodes: *nodes, Lanes: *lanes, Seed: *seed}))
}
