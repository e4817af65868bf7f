// Command flowzap checks, formats, fixes, exports and renders FlowZap Code.
// Run "flowzap help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"flowzap/internal/cli"
)

// main stops cleanly on SIGINT and SIGTERM: commands see their context
// end (flowzap serve drains its in-flight requests) and exit normally; a
// second signal ends the program at once.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// After the first signal, the next one kills the program as usual: a
	// command stuck in work that does not look at its context still
	// ends on a second Ctrl-C.
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := cli.Run(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
}
