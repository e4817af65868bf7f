package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// TestConcurrentEditsNever500 has 8 clients save versions of one diagram
// through two instances on one database (SQLite file and PostgreSQL):
// every save is acknowledged, none answers 5xx, and the versions count
// the acknowledged saves.
func TestConcurrentEditsNever500(t *testing.T) {
	for name, dsn := range sharedDatabases(t) {
		t.Run(name, func(t *testing.T) {
			a := newTest(t, dsn, Options{RateLimit: 1e6, Burst: 1e6})
			b := newTest(t, dsn, Options{RateLimit: 1e6, Burst: 1e6})
			_, body := do(t, a, "POST", "/api/diagrams", map[string]any{"code": good})
			var c struct{ ID, Token string }
			json.Unmarshal(body, &c)
			const clients, each = 8, 12
			var ok, fail atomic.Int64
			var wg sync.WaitGroup
			var firstBad atomic.Value
			for i := 0; i < clients; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ts := []*httptest.Server{a, b}[i%2]
					for n := 0; n < each; n++ {
						j, _ := json.Marshal(map[string]string{"code": good + fmt.Sprintf("// %d-%d\n", i, n)})
						req, _ := http.NewRequest("PUT", ts.URL+"/api/diagrams/"+c.ID, bytes.NewReader(j))
						req.Header.Set("Content-Type", "application/json")
						req.Header.Set("Authorization", "Bearer "+c.Token)
						resp, err := http.DefaultClient.Do(req)
						if err != nil {
							fail.Add(1)
							continue
						}
						msg, _ := io.ReadAll(resp.Body)
						resp.Body.Close()
						if resp.StatusCode == 200 {
							ok.Add(1)
						} else {
							fail.Add(1)
							firstBad.CompareAndSwap(nil, fmt.Sprintf("%d %s", resp.StatusCode, msg))
						}
					}
				}()
			}
			wg.Wait()
			if fail.Load() != 0 {
				t.Fatalf("%d of %d concurrent saves failed; first: %v", fail.Load(), clients*each, firstBad.Load())
			}
			_, body = do(t, b, "GET", "/api/diagrams/"+c.ID, nil)
			var d struct{ Versions int }
			json.Unmarshal(body, &d)
			if d.Versions != 1+int(ok.Load()) {
				t.Errorf("%d versions for %d acknowledged saves", d.Versions, 1+ok.Load())
			}
		})
	}
}

// TestOptimisticConcurrency checks ETag and If-Match: a save based on an
// old version answers 412 with the current version, and the diagram is
// unchanged.
func TestOptimisticConcurrency(t *testing.T) {
	ts := newTest(t, ":memory:", Options{})
	resp, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": good})
	var c struct{ ID, Token string }
	json.Unmarshal(body, &c)
	if resp.Header.Get("ETag") != `"v1"` {
		t.Errorf("create ETag %q", resp.Header.Get("ETag"))
	}
	resp, _ = do(t, ts, "GET", "/api/diagrams/"+c.ID, nil)
	tag := resp.Header.Get("ETag")
	if tag != `"v1"` {
		t.Fatalf("ETag %q", tag)
	}
	if resp, _ := do(t, ts, "GET", "/api/diagrams/"+c.ID, nil, "If-None-Match", tag); resp.StatusCode != 304 {
		t.Errorf("If-None-Match with the current ETag: %d", resp.StatusCode)
	}
	auth := "Bearer " + c.Token
	resp, body = do(t, ts, "PUT", "/api/diagrams/"+c.ID, map[string]any{"code": good + "// a\n"}, "Authorization", auth, "If-Match", tag)
	if resp.StatusCode != 200 || resp.Header.Get("ETag") != `"v2"` {
		t.Fatalf("save at the current version: %d %s %q", resp.StatusCode, body, resp.Header.Get("ETag"))
	}
	resp, body = do(t, ts, "PUT", "/api/diagrams/"+c.ID, map[string]any{"code": good + "// b\n"}, "Authorization", auth, "If-Match", tag)
	var e ErrorBody
	json.Unmarshal(body, &e)
	if resp.StatusCode != http.StatusPreconditionFailed || e.CurrentVersion != 2 || resp.Header.Get("ETag") != `"v2"` {
		t.Fatalf("stale save: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, ts, "PUT", "/api/diagrams/"+c.ID, map[string]any{"code": good}, "Authorization", auth, "If-Match", "nonsense"); resp.StatusCode != 400 {
		t.Errorf("bad If-Match: %d %s", resp.StatusCode, body)
	}
	if resp, _ := do(t, ts, "DELETE", "/api/diagrams/"+c.ID, nil, "Authorization", auth, "If-Match", `"v1"`); resp.StatusCode != 412 {
		t.Errorf("stale delete: %d", resp.StatusCode)
	}
	_, body = do(t, ts, "GET", "/api/diagrams/"+c.ID, nil)
	if !bytes.Contains(body, []byte(`// a`)) || bytes.Contains(body, []byte(`// b`)) {
		t.Errorf("a refused save changed the diagram: %s", body)
	}
}

// TestAuthorizationScheme checks the scheme name is case-insensitive.
func TestAuthorizationScheme(t *testing.T) {
	ts := newTest(t, ":memory:", Options{})
	_, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": good})
	var c struct{ ID, Token string }
	json.Unmarshal(body, &c)
	for _, scheme := range []string{"bearer", "BEARER", "Bearer", "bEaReR"} {
		if resp, body := do(t, ts, "PUT", "/api/diagrams/"+c.ID, map[string]any{"code": good}, "Authorization", scheme+" "+c.Token); resp.StatusCode != 200 {
			t.Errorf("%s: %d %s", scheme, resp.StatusCode, body)
		}
	}
	for _, h := range []string{"Basic " + c.Token, c.Token, "Bearer", "Bearer "} {
		if resp, _ := do(t, ts, "PUT", "/api/diagrams/"+c.ID, map[string]any{"code": good}, "Authorization", h); resp.StatusCode != 401 {
			t.Errorf("%q: %d, want 401", h, resp.StatusCode)
		}
	}
}
