package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stopTestCode needs a layout to be fixed (the edge has no handles).
const stopTestCode = "a { # A\n  n1: circle label:\"x\"\n  n2: rectangle label:\"y\"\n  n1 -> n2\n}\n"

// TestInterruptStops: render, export and fix stop once their context is
// done (Ctrl-C, SIGTERM) instead of finishing work nobody waits for, and
// write nothing.
func TestInterruptStops(t *testing.T) {
	c, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"render", "-o", filepath.Join(dir, "x.svg"), "-"},
		{"export", "-o", filepath.Join(dir, "x.json"), "-"},
		{"export", "--format", "mermaid", "-o", filepath.Join(dir, "x.mmd"), "-"},
		{"fix", "-"},
	} {
		var out, errb bytes.Buffer
		code := Run(c, args, Env{Stdin: strings.NewReader(stopTestCode), Stdout: &out, Stderr: &errb})
		if code != exitFail || !strings.Contains(errb.String(), "interrupted; nothing was") || out.Len() != 0 {
			t.Errorf("%v: %d %q %q", args, code, errb.String(), out.String())
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("an interrupted command wrote %v", entries)
	}
}

// TestTimeoutFlag: --timeout gives up with a message naming the flag.
func TestTimeoutFlag(t *testing.T) {
	for _, args := range [][]string{{"render", "--timeout", "1ns", "-"}, {"export", "--timeout", "1ns", "-"}, {"fix", "--timeout", "1ns", "-"}} {
		code, stdout, stderr := runBounded(t, strings.NewReader(stopTestCode), args...)
		if code != exitFail || !strings.Contains(stderr, "gave up after 1ns (--timeout); nothing was") || stdout != "" {
			t.Errorf("%v: %d %q %q", args, code, stderr, stdout)
		}
	}
	if code, stdout, stderr := runBounded(t, strings.NewReader(stopTestCode), "render", "--timeout", "1m", "-"); code != exitOK || !strings.HasPrefix(stdout, "<svg") {
		t.Errorf("render --timeout 1m: %d %q", code, stderr)
	}
	code, _, stderr := runBounded(t, strings.NewReader(stopTestCode), "render", "--timeout", "soon", "-")
	if code != exitUsage || !strings.Contains(stderr, `invalid value "soon" for --timeout: expected a duration such as 30s or 2m`) {
		t.Errorf("--timeout soon: %d %q", code, stderr)
	}
}

// TestFixCorrectionsCapped: fix prints at most maxPrinted corrections as
// text, then how many more there are.
func TestFixCorrectionsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("a { # A\n")
	for i := 1; i <= 300; i++ {
		fmt.Fprintf(&b, "  n%d: rectangle label:\"s\" // note %d\n", i, i)
	}
	b.WriteString("}\n")
	code, _, stderr := runBounded(t, strings.NewReader(b.String()), "fix", "-")
	if code != exitOK || strings.Count(stderr, ": fixed: ") != maxPrinted || !strings.Contains(stderr, "<stdin>: ... and 100 more corrections (use --json to see them all)") {
		t.Errorf("fix of 300 corrections: %d, %d printed, %.200q", code, strings.Count(stderr, ": fixed: "), stderr[max(0, len(stderr)-200):])
	}
}
