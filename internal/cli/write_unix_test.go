//go:build unix

package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWriteToPipe: -o naming a FIFO (or a device such as /dev/stdout)
// writes into it; it is not replaced by a regular file.
func TestWriteToPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	code, _, stderr := runBounded(t, strings.NewReader(writeTestCode), "render", "-o", fifo, "-") // SVG: a pipe has no extension
	if code != exitOK {
		t.Fatalf("render into a FIFO: %d %q", code, stderr)
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was replaced: %v %v", st.Mode(), err)
	}
	select {
	case b := <-got:
		if !strings.HasPrefix(b, "<svg") {
			t.Errorf("the reader got %.40q", b)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing was written into the FIFO")
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", st.Mode(), err)
	}
}
