// Command flowzap checks, formats, fixes, exports and renders FlowZap Code.
// Run "flowzap help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"

	"flowzap/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
}
