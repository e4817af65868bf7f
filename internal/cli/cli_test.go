package cli

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts run "flowzap" as a command: testscript re-runs
// this test binary, which then calls Run exactly as cmd/flowzap does.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"flowzap": func() {
			os.Exit(Run(context.Background(), os.Args[1:], Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}))
		},
		// expect-exit N ARGS... runs flowzap ARGS and succeeds only when it
		// exits with status N, so scripts can tell 1 (bad input) from 2
		// (bad usage).
		"expect-exit": func() {
			want, err := strconv.Atoi(os.Args[1])
			if err != nil {
				fmt.Fprintln(os.Stderr, "expect-exit: first argument must be a number")
				os.Exit(3)
			}
			got := Run(context.Background(), os.Args[2:], Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
			if got != want {
				fmt.Fprintf(os.Stderr, "expect-exit: flowzap exited %d, want %d\n", got, want)
				os.Exit(1)
			}
			os.Exit(0)
		},
	})
}

// TestScripts runs testdata/script/*.txtar.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}
