package cli_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"flowzap/internal/cli"
)

// Run is the whole program; cmd/flowzap passes it the process's arguments
// and streams, and returns its exit code.
func ExampleRun() {
	code := cli.Run(context.Background(), []string{"fmt", "-"}, cli.Env{
		Stdin:  strings.NewReader("a {#A\n n1: circle label:\"Start\"\n}"),
		Stdout: os.Stdout,
	})
	fmt.Println("exit", code)
	// Output:
	// a { # A
	//   n1: circle label:"Start"
	// }
	// exit 0
}
