package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"flowzap/internal/pipeline"
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
	old, err := st.CreateSession(context.Background(), store.Save{Code: code, View: "workflow"}, -time.Minute)
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

// mcpCall calls a tool over /api/mcp and returns whether the result is an
// error, and its text.
func mcpCall(t *testing.T, url, tool string, args map[string]any) (bool, string) {
	t.Helper()
	b, _ := json.Marshal(args)
	resp, m := mcpPost(t, url, `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"`+tool+`","arguments":`+string(b)+`}}`)
	res, _ := m["result"].(map[string]any)
	if resp.StatusCode != 200 || res == nil {
		t.Fatalf("%s: %d %v", tool, resp.StatusCode, m)
	}
	isErr, _ := res["isError"].(bool)
	var text strings.Builder
	for _, c := range res["content"].([]any) {
		if s, ok := c.(map[string]any)["text"].(string); ok {
			text.WriteString(s)
		}
	}
	return isErr, text.String()
}

// TestRemoteMCPRenderLimits: the tools that lay a diagram out over
// /api/mcp take the API's render limits (they rendered 2,001 nodes and a
// 524-megapixel PNG that /api/render refuses).
func TestRemoteMCPRenderLimits(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "mcp.db"), Options{RateLimit: 1000, Burst: 1000,
		Limits: pipeline.Limits{MaxNodes: 3, MaxEdges: 100, MaxLanes: 10, MaxLabel: 100, MaxPixels: 50_000}})
	four := "a { # A\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"One\"\n  n3: rectangle label:\"Two\"\n  n4: circle label:\"End\"\n  n1.handle(right) -> n2.handle(left)\n  n2.handle(right) -> n3.handle(left)\n  n3.handle(right) -> n4.handle(left)\n}\n"
	for _, tool := range []string{"render", "export_diagram"} {
		args := map[string]any{"code": four}
		if tool == "export_diagram" {
			args["format"] = "bpmn"
		}
		if isErr, text := mcpCall(t, ts.URL, tool, args); !isErr || !strings.Contains(text, "the limit is 3") {
			t.Errorf("%s of 4 nodes with a limit of 3: error %v, %q", tool, isErr, text)
		}
	}
	// Imports that make code past the limits are refused: it could be
	// neither drawn nor saved here.
	if isErr, text := mcpCall(t, ts.URL, "import_diagram", map[string]any{"source": "flowchart LR\n  A --> B --> C --> D\n"}); !isErr || !strings.Contains(text, "imported from the mermaid input is past the limits") || !strings.Contains(text, "the limit is 3") {
		t.Errorf("import_diagram of 4 nodes with a limit of 3: error %v, %q", isErr, text)
	}
	if isErr, text := mcpCall(t, ts.URL, "import_diagram", map[string]any{"source": "flowchart LR\n  A --> B\n"}); isErr {
		t.Errorf("import_diagram within the limits: %q", text)
	}
	logs := "1.2.3.4 - - [05/Dec/2026:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"curl\"\n1.2.3.4 - - [05/Dec/2026:10:00:01 +0000] \"GET /b HTTP/1.1\" 200 1 \"-\" \"curl\"\n"
	if isErr, text := mcpCall(t, ts.URL, "artifact_to_diagram", map[string]any{"kind": "log", "content": logs}); !isErr || !strings.Contains(text, "past the limits") {
		t.Errorf("artifact_to_diagram past the node limit: error %v, %q", isErr, text)
	}
	if isErr, text := mcpCall(t, ts.URL, "flowzap_artifact_to_diagram", map[string]any{"artifactType": "http_logs", "content": logs}); !isErr || !strings.Contains(text, "past the limits") {
		t.Errorf("flowzap_artifact_to_diagram past the node limit: error %v, %q", isErr, text)
	}
	two := "a { # A\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"One\"\n  n1.handle(right) -> n2.handle(left)\n}\n"
	if isErr, text := mcpCall(t, ts.URL, "render", map[string]any{"code": two, "format": "png", "scale": 4}); !isErr || !strings.Contains(text, "pixels") {
		t.Errorf("a PNG past the pixel limit: error %v, %q", isErr, text)
	}
	if isErr, text := mcpCall(t, ts.URL, "render", map[string]any{"code": two}); isErr || !strings.Contains(text, "<svg") {
		t.Errorf("a render within the limits: error %v, %.80q", isErr, text)
	}
}

// TestRemoteMCPBehindProxy: behind a reverse proxy on the same machine
// (a loopback listener, the public name in the Host header), /api/mcp
// answers as the rest of the API does once the name is allowed; other
// names get the API's 403.
func TestRemoteMCPBehindProxy(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "mcp.db"), Options{RateLimit: 1000, Burst: 1000, AllowedHosts: []string{"diagrams.example.com"}})
	post := func(host string) int {
		req, _ := http.NewRequest("POST", ts.URL+"/api/mcp", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"ping"}`))
		req.Host = host
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post("diagrams.example.com"); got != 200 {
		t.Errorf("the allowed public name: %d, want 200", got)
	}
	if got := post("evil.example.net"); got != 403 {
		t.Errorf("another name: %d, want 403", got)
	}
}

// TestRemoteMCPOptions: OPTIONS on /api/mcp answers 204 with Allow as
// every API route does, and a browser client's preflight may send the
// MCP protocol version header.
func TestRemoteMCPOptions(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "mcp.db"), Options{RateLimit: 1000, Burst: 1000, CORSOrigins: []string{"https://agent.example.com"}})
	req, _ := http.NewRequest("OPTIONS", ts.URL+"/api/mcp", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || !strings.Contains(resp.Header.Get("Allow"), "POST") {
		t.Errorf("OPTIONS /api/mcp: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	req, _ = http.NewRequest("OPTIONS", ts.URL+"/api/mcp", nil)
	req.Header.Set("Origin", "https://agent.example.com")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type, mcp-protocol-version")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || !strings.Contains(strings.ToLower(resp.Header.Get("Access-Control-Allow-Headers")), "mcp-protocol-version") {
		t.Errorf("preflight: %d, Allow-Headers %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Headers"))
	}
}

// TestRemoteMCPRefusalsAreJSONRPC: the MCP library's refusals (a body
// that is not JSON-RPC, a wrong method or content type) answer a JSON-RPC
// error with no id and the HTTP status, not plain text.
func TestRemoteMCPRefusalsAreJSONRPC(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "mcp.db"), Options{RateLimit: 1000, Burst: 1000})
	cases := []struct {
		method, ctype, body string
		status, code        int
		says                string
		id                  string
	}{
		{"POST", "application/json", `{"jsonrpc":"2.0","id":7,"method":"resources/nope"}`, 200, -32601, `method "resources/nope" not found`, "7"},
		{"POST", "application/json", `{"jsonrpc":"2.0","id":"a","method":"foo"}`, 200, -32601, "tools/list and tools/call", `"a"`},
		{"POST", "application/json", `{bad`, 400, -32700, "not valid JSON at byte 2", ""},
		{"POST", "application/json", `[]`, 400, -32600, "empty batch", ""},
		{"POST", "application/json", `{"jsonrpc":"1.0","id":1,"method":"ping"}`, 400, -32600, `"2.0"`, "1"},
		{"POST", "text/plain", `{}`, 415, -32600, "application/json", ""},
		{"GET", "", ``, 405, -32600, "POST", ""},
		{"DELETE", "", ``, 405, -32600, "POST", ""},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, ts.URL+"/api/mcp", strings.NewReader(c.body))
		if c.ctype != "" {
			req.Header.Set("Content-Type", c.ctype)
		}
		req.Header.Set("Accept", "application/json, text/event-stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var m struct {
			JSONRPC string          `json:"jsonrpc"`
			ID      json.RawMessage `json:"id"`
			Error   struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if c.id == "" {
			c.id = "null"
		}
		if err := json.Unmarshal(data, &m); err != nil || resp.StatusCode != c.status || m.JSONRPC != "2.0" || string(m.ID) != c.id ||
			m.Error.Code != c.code || !strings.Contains(m.Error.Message, c.says) || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s %q: %d %s %s, want %d with JSON-RPC error %d saying %q", c.method, c.body, resp.StatusCode, resp.Header.Get("Content-Type"), data, c.status, c.code, c.says)
		}
		if c.status == 405 && resp.Header.Get("Allow") != "POST, OPTIONS" {
			t.Errorf("%s: Allow %q", c.method, resp.Header.Get("Allow"))
		}
	}
	// A notification of a method not served gets no answer.
	req, _ := http.NewRequest("POST", ts.URL+"/api/mcp", strings.NewReader(`{"jsonrpc":"2.0","method":"notifications/nope"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 202 || len(data) != 0 {
		t.Errorf("an unknown notification: %d %s, want 202 and no body", resp.StatusCode, data)
	}
}

// TestRemoteMCPChecksGate: a tool call over /api/mcp takes a place among
// the checks as /api/validate does (busy: a tool error saying so), and a
// layout gives it up while it waits for the render queue.
func TestRemoteMCPChecksGate(t *testing.T) {
	st := memStore(t)
	s := New(st, Options{MaxRenders: 1, QueueWait: 50 * time.Millisecond, RateLimit: 1000, Burst: 1000})
	ts := httptest.NewServer(s)
	defer ts.Close()
	code := "a { # A\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n  n1.handle(right) -> n2.handle(left)\n}\n"
	args, _ := json.Marshal(map[string]any{"code": code})
	call := func(tool string) map[string]any {
		_, m := mcpPost(t, ts.URL, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"`+tool+`","arguments":`+string(args)+`}}`)
		r, _ := m["result"].(map[string]any)
		if r == nil {
			t.Fatalf("%s: no result: %v", tool, m)
		}
		return r
	}
	var held []func()
	for range checksPerCPU {
		leave, err := s.checks.enter(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, leave)
	}
	for _, tool := range []string{"validate", "format", "render"} {
		if r := call(tool); r["isError"] != true || !strings.Contains(fmt.Sprint(r["content"]), "busy") {
			t.Errorf("%s with every check slot taken: %v", tool, r)
		}
	}
	for _, leave := range held {
		leave()
	}
	if r := call("validate"); r["isError"] == true {
		t.Errorf("validate with the slots free: %v", r)
	}
	// A render waiting for the render queue holds no check slot.
	leave, err := s.renders.enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.renders.wait = 10 * time.Second
	done := make(chan map[string]any, 1)
	go func() { done <- call("render") }()
	deadline := time.Now().Add(10 * time.Second)
	for s.renders.queued() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if s.renders.queued() != 1 {
		t.Fatal("the render never waited for the queue")
	}
	if n := s.checks.running(); n != 0 {
		t.Errorf("a render waiting for the render queue holds %d check slot(s)", n)
	}
	leave()
	if r := <-done; r["isError"] == true {
		t.Errorf("the render after its wait: %v", r)
	}
	if n := s.checks.running(); n != 0 {
		t.Errorf("%d check slots still taken", n)
	}
}
