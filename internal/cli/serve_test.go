package cli

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a buffer that a running server and the test may use at
// once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeStartErrors: what stops the server from starting is said in
// one line that names it, and nothing claims the server is listening
// before it is.
func TestServeStartErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"port in use", []string{"--addr", busy.Addr().String(), "--db", filepath.Join(dir, "a.db")},
			"cannot listen on " + busy.Addr().String() + ": the port is in use (another flowzap serve?); choose another with --addr"},
		{"no port", []string{"--addr", "localhost", "--db", filepath.Join(dir, "b.db")},
			"cannot listen on localhost: listen tcp: address localhost: missing port in address (expected --addr HOST:PORT, such as 127.0.0.1:8080)"},
		{"missing folder", []string{"--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "nowhere", "c.db")},
			"cannot open the SQLite database " + filepath.Join(dir, "nowhere", "c.db") + ": the folder " + filepath.Join(dir, "nowhere") + " does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var out, errb lockedBuffer
			code := Run(ctx, append([]string{"serve"}, tc.args...), Env{Stdout: &out, Stderr: &errb, Dir: dir})
			if code != exitFail || !strings.Contains(errb.String(), tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, errb.String(), exitFail, tc.want)
			}
			if strings.Contains(errb.String(), "listening") || strings.Contains(errb.String(), "http://") {
				t.Errorf("it said it was listening:\n%s", errb.String())
			}
		})
	}
}

// TestServePortZero: with port 0 the line that says where the server
// listens gives the port the system chose, and that address answers.
func TestServePortZero(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "z.db")}, Env{Stdout: &out, Stderr: &errb})
	}()
	re := regexp.MustCompile(`flowzap serve: (http://127\.0\.0\.1:[1-9][0-9]*) \(database: sqlite\)`)
	var url string
	for deadline := time.Now().Add(30 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(errb.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		t.Fatalf("no address with its port:\n%s", errb.String())
	}
	resp, err := http.Get(url + "/api/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s/api/health: %d", url, resp.StatusCode)
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("exit %d after the context ended:\n%s", code, errb.String())
	}
}

// TestServeEnvValue: a FLOWZAP_ variable that does not parse is named
// with its flag and what was expected, not "parse error".
func TestServeEnvValue(t *testing.T) {
	var errb lockedBuffer
	env := map[string]string{"FLOWZAP_MAX_NODES": "many"}
	code := Run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "e.db")},
		Env{Stderr: &errb, Getenv: func(k string) string { return env[k] }})
	want := `flowzap serve: FLOWZAP_MAX_NODES="many" (--max-nodes): expected a whole number`
	if code != exitUsage || !strings.Contains(errb.String(), want) {
		t.Errorf("exit %d, stderr %q, want %q", code, errb.String(), want)
	}
}
