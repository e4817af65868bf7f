package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"flowzap/internal/store"
)

const good = `shop { # Shop
  n1: circle label:"Start"
  n2: rectangle label:"Work"
  n1.handle(right) -> n2.handle(left)
}
`

func newTest(t *testing.T, dsn string, opts Options) *httptest.Server {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ts := httptest.NewServer(New(st, opts))
	t.Cleanup(ts.Close)
	return ts
}

// memStore opens an in-memory SQLite store, closed when the test ends.
func memStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// backends returns a SQLite server and, from the PostgreSQL that make test
// starts, a PostgreSQL one.
func backends(t *testing.T) map[string]*httptest.Server {
	out := map[string]*httptest.Server{"sqlite": newTest(t, filepath.Join(t.TempDir(), "api.db"), Options{RateLimit: 1000, Burst: 1000})}
	dsn := os.Getenv("FLOWZAP_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("FLOWZAP_TEST_POSTGRES is not set: run the tests through make test")
		}
		t.Log("FLOWZAP_TEST_POSTGRES not set: PostgreSQL part skipped")
		return out
	}
	out["postgres"] = newTest(t, dsn, Options{RateLimit: 1000, Burst: 1000})
	return out
}

// sharedDatabases returns a SQLite file and, when make test started
// PostgreSQL, its database: each can be opened by several servers.
func sharedDatabases(t *testing.T) map[string]string {
	out := map[string]string{"sqlite": filepath.Join(t.TempDir(), "shared.db")}
	dsn := os.Getenv("FLOWZAP_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("FLOWZAP_TEST_POSTGRES is not set: run the tests through make test")
		}
		t.Log("FLOWZAP_TEST_POSTGRES not set: PostgreSQL part skipped")
		return out
	}
	out["postgres"] = dsn
	return out
}

func do(t *testing.T, ts *httptest.Server, method, path string, body any, header ...string) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		r = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, ts.URL+path, r)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, out
}

func TestValidateRenderFormatFixExport(t *testing.T) {
	ts := newTest(t, ":memory:", Options{})
	resp, body := do(t, ts, "POST", "/api/validate", map[string]any{"code": "a {\n  n1: circle label=\"x\"\n  n1.handle(right) -> n9.handle(left)\n}\n"})
	var v ValidateResponse
	json.Unmarshal(body, &v)
	if resp.StatusCode != 200 || v.Valid || len(v.Errors) != 1 || v.Errors[0].Line != 3 || v.Errors[0].Code != "FZ015" || len(v.Warnings) == 0 {
		t.Errorf("validate: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/render", map[string]any{"code": good, "format": "svg"})
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !bytes.HasPrefix(body, []byte("<svg")) {
		t.Errorf("render svg: %d %s %.60s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	for _, view := range []string{"sequence", "architecture", "mindmap"} {
		resp, body = do(t, ts, "POST", "/api/render", map[string]any{"code": good, "format": "json", "view": view})
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"view": "`+view+`"`) {
			t.Errorf("render %s: %d %.80s", view, resp.StatusCode, body)
		}
	}
	resp, body = do(t, ts, "POST", "/api/render", map[string]any{"code": good, "format": "png", "scale": 1})
	if resp.StatusCode != 200 || !bytes.HasPrefix(body, []byte("\x89PNG")) {
		t.Errorf("render png: %d", resp.StatusCode)
	}
	resp, body = do(t, ts, "POST", "/api/render", map[string]any{"code": "a {\n  n1 -> n2\n}\n"})
	if resp.StatusCode != 422 || !strings.Contains(string(body), "FZ015") {
		t.Errorf("render of broken code: %d %s", resp.StatusCode, body)
	}
	resp, _ = do(t, ts, "POST", "/api/render", map[string]any{"code": good, "format": "gif"})
	if resp.StatusCode != 400 {
		t.Errorf("unknown format: %d", resp.StatusCode)
	}
	resp, body = do(t, ts, "POST", "/api/format", map[string]any{"code": "a {#A\nn1: circle label:\"x\"\n}\n"})
	if resp.StatusCode != 200 || !strings.Contains(string(body), `a { # A\n  n1: circle`) {
		t.Errorf("format: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/fix", map[string]any{"code": "a {\n  s: circle label=\"x\"\n  t: circle label=\"y\"\n  s -> t\n}\n"})
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"fixed":true`) {
		t.Errorf("fix: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/export", map[string]any{"code": good})
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"nodeCount":2`) {
		t.Errorf("export: %d %s", resp.StatusCode, body)
	}
}

func TestBadRequests(t *testing.T) {
	ts := newTest(t, ":memory:", Options{MaxBody: 4096})
	resp, body := do(t, ts, "POST", "/api/validate", `{"code": `)
	if resp.StatusCode != 400 || !strings.Contains(string(body), "invalid JSON") {
		t.Errorf("bad JSON: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/validate", `{"code": "x", "evil": 1}`)
	if resp.StatusCode != 400 || !strings.Contains(string(body), `unknown field \"evil\": expected one of \"code\"`) {
		t.Errorf("unknown field: %d %s", resp.StatusCode, body)
	}
	// Mistakes are worded in JSON's terms, with where they are, never
	// in Go's.
	for in, want := range map[string]string{
		`[1]`:                   "line 1, column 1: found an array: expected a JSON object",
		`{"code": 5}`:           `line 1, column 10: field \"code\": found a number: expected a string`,
		"{\"code\": \"x\"}\n{}": "line 2, column 1: found more after the JSON value",
		``:                      "found nothing: expected a JSON object",
	} {
		resp, body = do(t, ts, "POST", "/api/validate", in)
		if resp.StatusCode != 400 || !strings.Contains(string(body), "invalid JSON body: "+want) || strings.Contains(string(body), "Go ") {
			t.Errorf("%q: %d %s, want 400 %s", in, resp.StatusCode, body, want)
		}
	}
	resp, body = do(t, ts, "POST", "/api/validate", map[string]any{"code": strings.Repeat("x", 10000)})
	if resp.StatusCode != 413 || !strings.Contains(string(body), "the limit is 4096 bytes") {
		t.Errorf("oversized body: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "GET", "/api/nope", nil)
	if resp.StatusCode != 404 || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("unknown route: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "GET", "/api/validate", nil)
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST, OPTIONS" || !strings.Contains(string(body), "GET is not allowed on /api/validate") {
		t.Errorf("wrong method: %d %s %q", resp.StatusCode, body, resp.Header.Get("Allow"))
	}
}

func TestRateLimit(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 1, Burst: 3})
	codes := []int{}
	for i := 0; i < 5; i++ {
		resp, _ := do(t, ts, "GET", "/api/templates", nil)
		codes = append(codes, resp.StatusCode)
		if resp.StatusCode == 429 && resp.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if codes[0] != 200 || codes[4] != 429 {
		t.Errorf("status codes %v: want 200s then 429", codes)
	}
}

// TestNoScriptInjection checks labels cannot inject markup: the SVG is
// escaped and served with a CSP that forbids scripts, and the app pages
// carry a strict CSP.
func TestNoScriptInjection(t *testing.T) {
	ts := newTest(t, ":memory:", Options{})
	evil := "a { # <script>alert(1)</script>\n  n1: circle label:\"<img src=x onerror=alert(1)>\"\n  n2: rectangle label:\"</text><script>alert(2)</script>\"\n  n1.handle(right) -> n2.handle(left) [label=\"<svg onload=alert(3)>\"]\n}\n"
	resp, body := do(t, ts, "POST", "/api/render", map[string]any{"code": evil})
	if resp.StatusCode != 200 {
		t.Fatalf("render: %d %s", resp.StatusCode, body)
	}
	s := string(body)
	// Tags would start with "<"; the attributes inside the escaped text are
	// only text.
	for _, bad := range []string{"<script", "<img", "<svg onload"} {
		if strings.Contains(s, bad) {
			t.Errorf("the SVG contains %q unescaped", bad)
		}
	}
	if !strings.Contains(s, "&lt;script&gt;") {
		t.Error("the label text should be shown, escaped")
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("SVG CSP = %q", csp)
	}
	resp, _ = do(t, ts, "GET", "/", nil)
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("the app page lacks %s", h)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "'unsafe-eval'") {
		t.Errorf("page CSP = %q", csp)
	}
}

func TestDiagramsAndSnapshots(t *testing.T) {
	for name, ts := range backends(t) {
		t.Run(name, func(t *testing.T) {
			resp, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": good, "view": "workflow"})
			var created struct {
				ID, Token, URL string
				Version        int
			}
			json.Unmarshal(body, &created)
			if resp.StatusCode != 201 || len(created.ID) != 22 || created.Token == "" || created.URL != "/d/"+created.ID {
				t.Fatalf("create: %d %s", resp.StatusCode, body)
			}
			resp, _ = do(t, ts, "PUT", "/api/diagrams/"+created.ID, map[string]any{"code": "changed"})
			if resp.StatusCode != 401 {
				t.Errorf("update without token: %d", resp.StatusCode)
			}
			resp, _ = do(t, ts, "PUT", "/api/diagrams/"+created.ID, map[string]any{"code": good}, "Authorization", "Bearer wrong")
			if resp.StatusCode != 403 {
				t.Errorf("update with a wrong token: %d", resp.StatusCode)
			}
			resp, body = do(t, ts, "PUT", "/api/diagrams/"+created.ID, map[string]any{"code": good + "// v2\n", "view": "sequence"}, "Authorization", "Bearer "+created.Token)
			if resp.StatusCode != 200 || !strings.Contains(string(body), `"version":2`) {
				t.Errorf("update: %d %s", resp.StatusCode, body)
			}
			resp, body = do(t, ts, "GET", "/api/diagrams/"+created.ID, nil)
			if resp.StatusCode != 200 || !strings.Contains(string(body), "// v2") || !strings.Contains(string(body), `"versions":2`) {
				t.Errorf("read: %d %s", resp.StatusCode, body)
			}
			resp, body = do(t, ts, "GET", "/api/diagrams/"+created.ID+"/versions/1", nil)
			if resp.StatusCode != 200 || strings.Contains(string(body), "// v2") {
				t.Errorf("version 1: %d %s", resp.StatusCode, body)
			}
			resp, _ = do(t, ts, "DELETE", "/api/diagrams/"+created.ID, nil, "Authorization", "Bearer "+created.Token)
			if resp.StatusCode != 204 {
				t.Errorf("delete: %d", resp.StatusCode)
			}
			resp, _ = do(t, ts, "GET", "/api/diagrams/"+created.ID, nil)
			if resp.StatusCode != 404 {
				t.Errorf("deleted diagram: %d", resp.StatusCode)
			}
			resp, body = do(t, ts, "POST", "/api/playground", map[string]any{"code": good, "view": "sequence"})
			var snap struct{ ID, URL string }
			json.Unmarshal(body, &snap)
			if resp.StatusCode != 201 || snap.URL != "/playground/"+snap.ID {
				t.Fatalf("playground: %d %s", resp.StatusCode, body)
			}
			resp, body = do(t, ts, "GET", "/api/playground/"+snap.ID, nil)
			if resp.StatusCode != 200 || !strings.Contains(string(body), `"view":"sequence"`) {
				t.Errorf("read snapshot: %d %s", resp.StatusCode, body)
			}
			resp, _ = do(t, ts, "GET", "/playground/"+snap.ID, nil)
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Errorf("snapshot page: %d", resp.StatusCode)
			}
		})
	}
}

func TestTemplatesAndOpenAPI(t *testing.T) {
	ts := newTest(t, ":memory:", Options{})
	resp, body := do(t, ts, "GET", "/api/templates?q=passerelle", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"api-gateway"`) {
		t.Errorf("template search: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "GET", "/api/templates/saga-orchestration", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "orchestrator") {
		t.Errorf("template: %d %.100s", resp.StatusCode, body)
	}
	resp, _ = do(t, ts, "GET", "/api/templates/nope", nil)
	if resp.StatusCode != 404 {
		t.Errorf("unknown template: %d", resp.StatusCode)
	}
	resp, body = do(t, ts, "GET", "/openapi.json", nil)
	var doc map[string]any
	if resp.StatusCode != 200 || json.Unmarshal(body, &doc) != nil || doc["openapi"] != "3.1.0" {
		t.Errorf("openapi: %d", resp.StatusCode)
	}
	paths := doc["paths"].(map[string]any)
	for _, p := range []string{"/api/validate", "/api/render", "/api/diagrams/{id}", "/api/templates"} {
		if paths[p] == nil {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
}

// TestTwoInstancesSharePostgres runs two app instances on one PostgreSQL
// database: what one saves, the other reads and updates.
func TestTwoInstancesSharePostgres(t *testing.T) {
	dsn := os.Getenv("FLOWZAP_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("FLOWZAP_TEST_POSTGRES is not set: run the tests through make test")
		}
		t.Skip("FLOWZAP_TEST_POSTGRES not set")
	}
	a := newTest(t, dsn, Options{})
	b := newTest(t, dsn, Options{})
	_, body := do(t, a, "POST", "/api/diagrams", map[string]any{"code": good})
	var created struct{ ID, Token string }
	json.Unmarshal(body, &created)
	resp, body := do(t, b, "PUT", "/api/diagrams/"+created.ID, map[string]any{"code": good + "// from b\n"}, "Authorization", "Bearer "+created.Token)
	if resp.StatusCode != 200 {
		t.Fatalf("update on the second instance: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, a, "GET", "/api/diagrams/"+created.ID, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "// from b") || !strings.Contains(string(body), `"versions":2`) {
		t.Errorf("the first instance does not see the second's save: %s", body)
	}
	_, body = do(t, b, "POST", "/api/playground", map[string]any{"code": good})
	var snap struct{ ID string }
	json.Unmarshal(body, &snap)
	if resp, _ := do(t, a, "GET", "/api/playground/"+snap.ID, nil); resp.StatusCode != 200 {
		t.Errorf("snapshot made on b not readable on a: %d", resp.StatusCode)
	}
}

// TestRateLimitFixedFiles: a gallery's thumbnails, asked for all at once
// by a client under the default limits, are all served (they drew on the
// API's bucket and 64 of 151 came back 429), while the API's own bucket
// still limits that client; fixed files have a bucket of their own, ten
// times larger, which limits them too.
func TestRateLimitFixedFiles(t *testing.T) {
	ts := newTest(t, ":memory:", Options{})
	_, body := do(t, ts, "GET", "/api/templates", nil)
	var got struct{ Templates []struct{ ID string } }
	if err := json.Unmarshal(body, &got); err != nil || len(got.Templates) < 100 {
		t.Fatalf("templates: %v, %d", err, len(got.Templates))
	}
	list := got.Templates
	for _, theme := range []string{"light", "dark"} {
		for _, tpl := range list {
			if resp, _ := do(t, ts, "GET", "/api/templates/"+tpl.ID+"/thumbnail.svg?theme="+theme, nil); resp.StatusCode != 200 {
				t.Fatalf("thumbnail %s (%s): %d", tpl.ID, theme, resp.StatusCode)
			}
		}
	}
	codes := map[int]int{}
	for range 60 {
		resp, _ := do(t, ts, "GET", "/api/templates", nil)
		codes[resp.StatusCode]++
	}
	if codes[429] == 0 {
		t.Errorf("60 API requests at once: %v, want some 429 (the API's bucket holds 40)", codes)
	}
	small := newTest(t, ":memory:", Options{RateLimit: 1, Burst: 2})
	codes = map[int]int{}
	for range 30 {
		resp, _ := do(t, small, "GET", "/api/templates/api-gateway/thumbnail.svg", nil)
		codes[resp.StatusCode]++
	}
	if codes[200] != 20 || codes[429] != 10 {
		t.Errorf("30 thumbnails at once with a burst of 2: %v, want 20 served (ten times the burst) and 10 refused", codes)
	}
}

// TestDatabaseDown: when the database goes away (here: its connections
// closed under the server), saving and loading answer 503 with
// Retry-After, as /api/ready does, not 500 "internal error".
func TestDatabaseDown(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "down.db"))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(New(st, Options{RateLimit: 1000, Burst: 1000}))
	defer ts.Close()
	code := "a { # A\n  n1: circle label:\"Start\"\n}\n"
	resp, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": code})
	if resp.StatusCode != 201 {
		t.Fatalf("save: %d %s", resp.StatusCode, body)
	}
	var saved struct{ ID string }
	json.Unmarshal(body, &saved)
	st.Close()
	for _, c := range []struct{ method, path string }{{"POST", "/api/diagrams"}, {"GET", "/api/diagrams/" + saved.ID}} {
		var in any
		if c.method == "POST" {
			in = map[string]any{"code": code}
		}
		resp, body := do(t, ts, c.method, c.path, in)
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "database is unavailable") {
			t.Errorf("%s %s with the database gone: %d %q %s", c.method, c.path, resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
	}
	// The MCP tools that store a playground session say the same, not
	// the driver's words (which name the database and its address).
	for _, tool := range []string{"create_playground", "flowzap_create_playground"} {
		_, m := mcpPost(t, ts.URL, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"`+tool+`","arguments":{"code":"a { # A\n  n1: circle label:\"Start\"\n}\n"}}}`)
		got, _ := json.Marshal(m)
		if !strings.Contains(string(got), "database is unavailable") || strings.Contains(string(got), "down.db") || strings.Contains(string(got), "closed") {
			t.Errorf("%s with the database gone: %s", tool, got)
		}
	}
}

// TestStorageQuotaUnderParallelSaves: saves sent at once by one client
// stay within its storage quota (each was checked against the stored
// bytes alone, and 20 parallel saves stored 2.3 times the quota).
func TestStorageQuotaUnderParallelSaves(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "quota.db"), Options{RateLimit: 1000, Burst: 1000, StorageQuota: 10_000})
	code := "a { # A\n  n1: circle label:\"Start\"\n}\n// " + strings.Repeat("c", 960) + "\n"
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, _ := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": code})
			mu.Lock()
			codes[resp.StatusCode]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if stored := codes[201]; stored > 10_000/len(code) || stored == 0 || codes[429] != 30-stored {
		t.Errorf("30 parallel saves of %d bytes under a 10,000-byte quota: %v, want at most %d stored and the rest 429", len(code), codes, 10_000/len(code))
	}
}

// TestUpdateKeepsTheView: a new version sent with its code alone keeps
// the view the diagram was saved with (it was reset to the workflow);
// one that names a view changes it.
func TestUpdateKeepsTheView(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "view.db"), Options{RateLimit: 1000, Burst: 1000})
	code := "a { # A\n  n1: circle label:\"Start\"\n}\n"
	resp, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": code, "view": "sequence"})
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	var c struct{ ID, Token string }
	json.Unmarshal(body, &c)
	put := func(in map[string]any) {
		b, _ := json.Marshal(in)
		req, _ := http.NewRequest("PUT", ts.URL+"/api/diagrams/"+c.ID, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("update %v: %d", in, resp.StatusCode)
		}
	}
	view := func() string {
		_, body := do(t, ts, "GET", "/api/diagrams/"+c.ID, nil)
		var d struct{ View string }
		json.Unmarshal(body, &d)
		return d.View
	}
	put(map[string]any{"code": code + "// two\n"})
	if v := view(); v != "sequence" {
		t.Errorf("code alone: view %q, want sequence", v)
	}
	put(map[string]any{"code": code, "view": "mindmap"})
	if v := view(); v != "mindmap" {
		t.Errorf("a view named: %q, want mindmap", v)
	}
}

// TestVersionPastInt32: a version number past 32 bits is 404 on both
// databases (PostgreSQL answered 500).
func TestVersionPastInt32(t *testing.T) {
	for name, ts := range backends(t) {
		resp, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": good})
		var d struct{ ID string }
		if json.Unmarshal(body, &d) != nil || resp.StatusCode != 201 {
			t.Fatalf("%s: create %d %s", name, resp.StatusCode, body)
		}
		for _, v := range []string{"2147483648", "9223372036854775807"} {
			if resp, body := do(t, ts, "GET", "/api/diagrams/"+d.ID+"/versions/"+v, nil); resp.StatusCode != 404 {
				t.Errorf("%s: version %s: %d %s, want 404", name, v, resp.StatusCode, body)
			}
		}
	}
}

// TestImpossibleIDsAre404: an ID with a NUL byte or invalid UTF-8 in the
// path is 404 on both databases (PostgreSQL answered 500).
func TestImpossibleIDsAre404(t *testing.T) {
	for name, ts := range backends(t) {
		for _, c := range []struct{ method, path string }{
			{"GET", "/api/diagrams/a%00b"}, {"GET", "/api/diagrams/%ff"}, {"GET", "/api/diagrams/%ff/versions"},
			{"GET", "/api/diagrams/%ff/versions/1"}, {"GET", "/api/playground/%00"}, {"GET", "/api/playground/%fe%ff"},
			{"PUT", "/api/diagrams/%00"}, {"DELETE", "/api/diagrams/%ff"}, {"PUT", "/api/diagrams/%ff/name"},
		} {
			body := map[string]any{"code": good}
			if strings.HasSuffix(c.path, "/name") {
				body = map[string]any{"name": "n"}
			}
			if resp, out := do(t, ts, c.method, c.path, body, "Authorization", "Bearer t"); resp.StatusCode != 404 {
				t.Errorf("%s: %s %s: %d %s, want 404", name, c.method, c.path, resp.StatusCode, out)
			}
		}
	}
}

// A link to a diagram, snapshot or playground session opens the app with
// 200 while it is there, and with 404 once it is not (deleted, never
// made, expired): the app still loads and says so, but link previews and
// crawlers see the link is dead. HEAD answers the same without a body.
func TestLinkPagesOfWhatIsGone(t *testing.T) {
	for name, ts := range backends(t) {
		t.Run(name, func(t *testing.T) {
			page := func(path string) (int, string) {
				t.Helper()
				resp, body := do(t, ts, "GET", path, nil, "Accept-Encoding", "identity")
				if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("%s: Content-Type %q", path, ct)
				}
				if !strings.Contains(string(body), "<html") {
					t.Errorf("%s: not the app's page: %.100s", path, body)
				}
				return resp.StatusCode, resp.Header.Get("Cache-Control")
			}
			var created struct{ ID, Token string }
			_, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": good})
			json.Unmarshal(body, &created)
			var snap struct{ ID string }
			_, body = do(t, ts, "POST", "/api/playground", map[string]any{"code": good})
			json.Unmarshal(body, &snap)
			var sess struct{ ID string }
			_, body = do(t, ts, "POST", "/api/playground/create", map[string]any{"code": good})
			json.Unmarshal(body, &sess)
			if created.ID == "" || snap.ID == "" || sess.ID == "" {
				t.Fatalf("made %q, %q, %q", created.ID, snap.ID, sess.ID)
			}
			for _, p := range []string{"/d/" + created.ID, "/playground/" + snap.ID, "/playground/" + sess.ID} {
				if code, _ := page(p); code != 200 {
					t.Errorf("%s: %d, want 200", p, code)
				}
			}
			do(t, ts, "DELETE", "/api/diagrams/"+created.ID, nil, "Authorization", "Bearer "+created.Token)
			for _, p := range []string{"/d/" + created.ID, "/d/nothing-here", "/playground/nothing-here"} {
				if code, cc := page(p); code != 404 || cc != "no-cache" {
					t.Errorf("%s: %d (Cache-Control %q), want 404 (no-cache)", p, code, cc)
				}
			}
			resp, body := do(t, ts, "HEAD", "/d/nothing-here", nil)
			if resp.StatusCode != 404 || len(body) != 0 {
				t.Errorf("HEAD: %d with %d bytes", resp.StatusCode, len(body))
			}
			resp, body = do(t, ts, "GET", "/d/nothing-here", nil, "Accept-Encoding", "gzip")
			if resp.StatusCode != 404 || resp.Header.Get("Content-Encoding") != "gzip" || len(body) < 2 || body[0] != 0x1f {
				t.Errorf("gzip: %d %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
			}
		})
	}
}
