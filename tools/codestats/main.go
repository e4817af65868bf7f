// Command codestats prints the code measures recorded in
// docs/architecture.md: size, the longest functions, how many functions
// pass 60 and 100 lines, and the exported names without a doc comment.
// Run it from the module root with:
//
//	go run ./tools/codestats [-top N]
package main

import (
	"flag"
	"fmt"
	"os"

	"flowzap/internal/archtest"
)

func main() {
	top := flag.Int("top", 10, "how many of the longest functions to list")
	flag.Parse()
	st, err := archtest.Measure(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, "codestats:", err)
		os.Exit(1)
	}
	fmt.Printf("%d files, %d lines, %d functions; %d over 60 lines, %d over 100 lines\n",
		st.Files, st.Lines, len(st.Funcs), st.Over(60), st.Over(100))
	fmt.Println("longest functions:")
	for _, f := range st.Funcs[:min(*top, len(st.Funcs))] {
		fmt.Printf("  %4d  %s  %s\n", f.Lines, f.Name, f.Pos)
	}
	fmt.Printf("exported names without a doc comment: %d\n", len(st.Undocumented))
	for _, u := range st.Undocumented {
		fmt.Println("  " + u)
	}
}
