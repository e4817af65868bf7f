package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"flowzap/internal/store"
)

func mcpPost(t *testing.T, url string, body string) (*http.Response, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", url+"/api/mcp", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Mcp-Protocol-Version", "2025-06-18")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var m map[string]any
	json.Unmarshal(data, &m)
	return resp, m
}

// TestRemoteMCP calls the tools over /api/mcp and checks the API's limits
// apply: the body cap and the rate limit.
func TestRemoteMCP(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "mcp.db"), Options{RateLimit: 1000, Burst: 1000, MaxBody: 4096})
	_, m := mcpPost(t, ts.URL, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`)
	tools, _ := m["result"].(map[string]any)["tools"].([]any)
	if len(tools) < 20 {
		t.Fatalf("tools/list: %v", m)
	}
	code := "a { # A\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n  n1.handle(right) -> n2.handle(left)\n}\n"
	args, _ := json.Marshal(map[string]any{"code": code, "view": "sequence"})
	_, m = mcpPost(t, ts.URL, `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"flowzap_create_playground","arguments":`+string(args)+`}}`)
	sc, _ := m["result"].(map[string]any)["structuredContent"].(map[string]any)
	if u, _ := sc["url"].(string); !strings.HasPrefix(u, ts.URL+"/playground/") {
		t.Errorf("create_playground over HTTP: %v", m)
	} else if resp, body := do(t, ts, "GET", "/api/playground/"+strings.TrimPrefix(u, ts.URL+"/playground/"), nil); resp.StatusCode != 200 || !strings.Contains(string(body), "Work") {
		t.Errorf("the session does not open: %d %s", resp.StatusCode, body)
	}
	big := `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"validate","arguments":{"code":"` + strings.Repeat("x", 5000) + `"}}}`
	if resp, _ := mcpPost(t, ts.URL, big); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the cap: status %d, want 413", resp.StatusCode)
	}
	// No file access: the Go importer reads the given source only.
	args, _ = json.Marshal(map[string]any{"kind": "go", "content": "package p\nimport \"os\"\nfunc main() { os.ReadFile(\"/etc/passwd\") }\n"})
	_, m = mcpPost(t, ts.URL, `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"artifact_to_diagram","arguments":`+string(args)+`}}`)
	if b, _ := json.Marshal(m); bytes.Contains(b, []byte("root:")) {
		t.Errorf("a file was read: %s", b)
	}

	slow := newTest(t, filepath.Join(t.TempDir(), "rl.db"), Options{RateLimit: 0.001, Burst: 2})
	var last int
	for i := 0; i < 4; i++ {
		resp, _ := mcpPost(t, slow.URL, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`)
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("rate limit: last status %d, want 429", last)
	}
}

// TestPlaygroundSessions creates a session as FlowZap's API does, opens it
// through the app's API, and checks expiry and the sweeper.
func TestPlaygroundSessions(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := New(st, Options{RateLimit: 1000, Burst: 1000})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	code := "a { # A\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n  n1.handle(right) -> n2.handle(left)\n}\n"
	resp, body := do(t, ts, "POST", "/api/playground/create", map[string]any{"code": code, "view": "sequence"})
	var out struct{ ID, URL, View, ExpiresAt string }
	json.Unmarshal(body, &out)
	if resp.StatusCode != http.StatusCreated || out.URL != ts.URL+"/playground/"+out.ID || len(out.ID) < 20 || out.View != "sequence" {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	if exp, err := time.Parse(time.RFC3339, out.ExpiresAt); err != nil || time.Until(exp) < 59*time.Minute || time.Until(exp) > 61*time.Minute {
		t.Errorf("expiresAt %q is not in 60 minutes", out.ExpiresAt)
	}
	resp, body = do(t, ts, "GET", "/api/playground/"+out.ID, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"view":"sequence"`) || !strings.Contains(string(body), "Start") {
		t.Errorf("open: %d %s", resp.StatusCode, body)
	}
	if resp, _ := do(t, ts, "GET", "/playground/"+out.ID, nil); resp.StatusCode != 200 {
		t.Errorf("the app page: %d", resp.StatusCode)
	}
	for _, bad := range []map[string]any{{"code": code, "view": "gantt"}, {"code": "a {"}, {"code": ""}} {
		if resp, body := do(t, ts, "POST", "/api/playground/create", bad); resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("%v: %d %s", bad, resp.StatusCode, body)
		}
	}
	old, err := st.CreateSession(context.Background(), code, "workflow", -time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if resp, _ := do(t, ts, "GET", "/api/playground/"+old.ID, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an expired session: %d, want 404", resp.StatusCode)
	}
	if n, err := st.SweepSessions(context.Background(), time.Now()); err != nil || n != 1 {
		t.Errorf("sweep removed %d (%v), want 1", n, err)
	}
}
