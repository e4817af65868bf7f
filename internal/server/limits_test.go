package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"flowzap/internal/pipeline"
	"flowzap/internal/store"
)

// chain returns a workflow of n nodes in one lane, linked in a chain,
// with labels of the given length.
func chain(n, label int) string {
	var b strings.Builder
	b.WriteString("l { # Lane\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  n%d: rectangle label:\"%s\"\n", i, strings.Repeat("w", label))
	}
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  n%d.handle(right) -> n%d.handle(left)\n", i, i+1)
	}
	b.WriteString("}\n")
	return b.String()
}

func TestRenderLimits(t *testing.T) {
	ts := newTest(t, ":memory:", Options{Limits: pipeline.Limits{MaxLabel: 50, MaxNodes: 20, MaxEdges: 30, MaxPixels: 0.2e6, MaxArea: 1e9}})
	cases := []struct {
		name, code, format string
		status             int
		want               string
	}{
		{"label at the limit", chain(2, 50), "svg", 200, ""},
		{"label past the limit", chain(2, 51), "svg", 413, "input.fz:2:3: the label of n1 is 51 characters long; the limit is 50"},
		{"nodes at the limit", chain(20, 5), "svg", 200, ""},
		{"nodes past the limit", chain(21, 5), "svg", 413, "the diagram has 21 nodes; the limit is 20"},
		{"PNG past the pixel limit", chain(20, 5), "png", 413, "megapixels); the limit is 0.2 megapixels: use scale"},
		{"PNG within", chain(2, 5), "png", 200, ""},
		{"node ID past the limit", strings.Replace(chain(2, 5), "n2", "n"+strings.Repeat("2", 50), -1), "svg", 413, "input.fz:3:3: the ID of a node is 51 characters long; the limit is 50"},
		{"lane ID past the limit", strings.Replace(chain(2, 5), "l {", strings.Repeat("l", 51)+" {", 1), "svg", 413, "input.fz:1:1: the ID of a lane is 51 characters long"},
		{"loop condition past the limit", strings.Replace(chain(2, 5), "}\n", "  loop ["+strings.Repeat("c", 51)+"] n1 n2\n}\n", 1), "svg", 413, "input.fz:5:3: the condition of a loop is 51 characters long"},
		{"loops past the limit", strings.Replace(chain(2, 5), "}\n", strings.Repeat("  loop [again] n1 n2\n", 31)+"}\n", 1), "svg", 413, "the diagram has 31 loops; the limit is 30"},
		{"loops at the limit", strings.Replace(chain(2, 5), "}\n", strings.Repeat("  loop [again] n1 n2\n", 30)+"}\n", 1), "svg", 200, ""},
	}
	for _, c := range cases {
		resp, body := do(t, ts, "POST", "/api/render", map[string]any{"code": c.code, "format": c.format})
		if resp.StatusCode != c.status || !strings.Contains(string(body), c.want) {
			t.Errorf("%s: %d %.300s", c.name, resp.StatusCode, body)
		}
	}
	// A scale in range but too small for the picture is a bad option
	// (400), as one out of range is, not code with errors (422).
	if resp, body := do(t, ts, "POST", "/api/render", map[string]any{"code": chain(2, 5), "format": "png", "scale": 0.0001}); resp.StatusCode != 400 || !strings.Contains(string(body), "is too small: the PNG would be") {
		t.Errorf("a scale too small: %d %s", resp.StatusCode, body)
	}
	// Saving applies the same limits.
	if resp, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": chain(21, 5)}); resp.StatusCode != 413 {
		t.Errorf("saving past the node limit: %d %s", resp.StatusCode, body)
	}
}

// TestRenderTimeout checks a render past its time limit answers 503 with
// Retry-After, and the slot comes back.
func TestRenderTimeout(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RenderTimeout: time.Nanosecond, MaxRenders: 1})
	for i := 0; i < 3; i++ {
		resp, body := do(t, ts, "POST", "/api/render", map[string]any{"code": chain(300, 20), "format": "png"})
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "rendering took longer than") {
			t.Fatalf("render past its time limit: %d %s", resp.StatusCode, body)
		}
	}
}

// TestFixAndExportBounded: a fix and an export lay the diagram out (the
// handles fix adds, the positions several formats carry), so they pass
// through the render gate, within its time limit, and refuse a diagram
// past the limits as a render does.
func TestFixAndExportBounded(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RenderTimeout: time.Nanosecond, MaxRenders: 1})
	unhandled := strings.ReplaceAll(chain(30, 5), ".handle(right)", "")
	unhandled = strings.ReplaceAll(unhandled, ".handle(left)", "")
	for _, c := range []struct{ path, format string }{{"/api/fix", ""}, {"/api/export", ""}, {"/api/export", "bpmn"}, {"/api/export", "make"}} {
		req := map[string]any{"code": unhandled}
		if c.path == "/api/export" { // /api/fix takes code alone
			req["format"] = c.format
		}
		resp, body := do(t, ts, "POST", c.path, req)
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "took longer than") {
			t.Errorf("%s %s past the time limit: %d %s", c.path, c.format, resp.StatusCode, body)
		}
	}
	resp, body := do(t, ts, "POST", "/api/fix/one", map[string]any{"code": unhandled, "diagnostic": map[string]any{"code": "FZ103", "line": 32}})
	if resp.StatusCode != 503 {
		t.Errorf("/api/fix/one past the time limit: %d %s", resp.StatusCode, body)
	}

	ts = newTest(t, ":memory:", Options{Limits: pipeline.Limits{MaxEdges: 20}})
	selfChain := "main { # Main\n  n1: circle label:\"a\"\n  n1" + strings.Repeat(" -> n1", 25) + "\n}\n"
	resp, body = do(t, ts, "POST", "/api/fix", map[string]any{"code": selfChain})
	if resp.StatusCode != 413 || !strings.Contains(string(body), "the diagram has 25 edges; the limit is 20") {
		t.Errorf("a fix that makes more edges than the limit: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/fix", map[string]any{"code": strings.Replace(selfChain, strings.Repeat(" -> n1", 25), strings.Repeat(" -> n1", 20), 1)})
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"fixed":true`) {
		t.Errorf("a fix within the limit: %d %.300s", resp.StatusCode, body)
	}
}

// TestRenderQueue fills the render slots and the queue: the next render
// is refused at once with 503 and Retry-After.
func TestRenderQueue(t *testing.T) {
	st := memStore(t)
	s := New(st, Options{MaxRenders: 1, RenderQueue: 1, QueueWait: time.Minute})
	hold, _ := s.renders.enter(context.Background()) // the running render
	queued := make(chan error, 1)
	go func() {
		leave, err := s.renders.enter(context.Background()) // waits in the queue
		if err == nil {
			leave()
		}
		queued <- err
	}()
	for s.renders.queued() != 1 {
		time.Sleep(time.Millisecond)
	}
	w := httptest.NewRecorder()
	r := httptest.NewRequest("POST", "/api/render", strings.NewReader(`{"code": "l {\n  n1: circle label:\"a\"\n}\n"}`))
	r.Header.Set("Content-Type", "application/json")
	s.ServeHTTP(w, r)
	if w.Code != 503 || w.Header().Get("Retry-After") == "" {
		t.Errorf("render with a full queue: %d %s", w.Code, w.Body)
	}
	hold()
	if err := <-queued; err != nil {
		t.Errorf("the queued render did not get the slot: %v", err)
	}
}

// TestChecksGate: the parses and checks of validate, format, patch and
// saves run under their own gate. With every slot held, each waits at most
// QueueWait and is answered 503 with Retry-After (nothing saved); with the
// slots free again, each is answered as usual. A render does not take a
// check's slot.
func TestChecksGate(t *testing.T) {
	st := memStore(t)
	s := New(st, Options{MaxRenders: 1, QueueWait: 20 * time.Millisecond})
	code := "l {\n  n1: circle label:\"a\"\n}\n"
	body := func(fields map[string]any) string {
		fields["code"] = code
		b, _ := json.Marshal(fields)
		return string(b)
	}
	calls := []struct{ path, body string }{
		{"/api/validate", body(map[string]any{})},
		{"/api/format", body(map[string]any{})},
		{"/api/patch", body(map[string]any{"ops": []any{map[string]any{"op": "updateNode", "id": "n1", "label": "b"}}})},
		{"/api/diagrams", body(map[string]any{})},
		{"/api/playground", body(map[string]any{})},
		{"/api/playground/create", body(map[string]any{})},
		{"/api/import", `{"from":"mermaid","source":"flowchart LR\n  A --> B\n"}`},
	}
	send := func(path, body string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("POST", path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		s.ServeHTTP(w, r)
		return w
	}
	var held []func()
	for range checksPerCPU {
		leave, err := s.checks.enter(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, leave)
	}
	for _, c := range calls {
		if w := send(c.path, c.body); w.Code != 503 || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "busy") {
			t.Errorf("%s with every check slot taken: %d %s", c.path, w.Code, w.Body)
		}
	}
	if w := send("/api/render", body(map[string]any{})); w.Code != 200 {
		t.Errorf("a render with every check slot taken: %d %s", w.Code, w.Body)
	}
	for _, leave := range held {
		leave()
	}
	for _, c := range calls {
		if w := send(c.path, c.body); w.Code != 200 && w.Code != 201 {
			t.Errorf("%s with the slots free: %d %s", c.path, w.Code, w.Body)
		}
	}
	if n := s.checks.running(); n != 0 {
		t.Errorf("%d check slots still taken", n)
	}
}

// TestClientGone checks a request whose client left is neither answered
// 500 nor logged as an error.
func TestClientGone(t *testing.T) {
	st := memStore(t)
	var logs bytes.Buffer
	s := New(st, Options{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, path := range []string{"/api/render", "/api/diagrams/abc"} {
		w := httptest.NewRecorder()
		method, body := "POST", `{"code": `+strings.ReplaceAll(fmt.Sprintf("%q", chain(50, 10)), `\n`, `\n`)+`}`
		if !strings.HasSuffix(path, "render") {
			method, body = "GET", ""
		}
		r := httptest.NewRequest(method, path, strings.NewReader(body)).WithContext(ctx)
		r.Header.Set("Content-Type", "application/json")
		s.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Errorf("%s with the client gone: %d %s", path, w.Code, w.Body)
		}
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a client that went away was logged as an error:\n%s", logs.String())
	}
	if !strings.Contains(scrape(t, s), `flowzap_http_requests_total{method="POST",route="POST /api/render",status="499"} 1`) {
		t.Errorf("the metrics do not count the request as 499:\n%s", grepLines(scrape(t, s), "requests_total"))
	}
}

func scrape(t *testing.T, s *Server) string {
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	return w.Body.String()
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestClientAddress checks X-Forwarded-For is read from the right, past
// trusted proxies only, and ignored from untrusted peers.
func TestClientAddress(t *testing.T) {
	s := &Server{opts: Options{TrustProxy: true, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")}}}
	cases := []struct{ peer, xff, want string }{
		{"127.0.0.1:5000", "6.6.6.6, 203.0.113.9", "203.0.113.9"},           // the client forged 6.6.6.6
		{"127.0.0.1:5000", "6.6.6.6, 203.0.113.9, 10.1.2.3", "203.0.113.9"}, // two proxies
		{"198.51.100.7:5000", "1.2.3.4", "198.51.100.7"},                    // not from a proxy: ignored
		{"127.0.0.1:5000", "", "127.0.0.1"},
		{"127.0.0.1:5000", "10.0.0.1", "10.0.0.1"}, // only proxies: the leftmost
		{"[::1]:5000", "1.2.3.4", "::1"},           // ::1 is not trusted here
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := s.client(r); got != c.want {
			t.Errorf("peer %s XFF %q: client %q, want %q", c.peer, c.xff, got, c.want)
		}
	}
}

// TestForgedForwardedFor sends 3,000 requests with random X-Forwarded-For
// values through a trusted proxy: they all count as the proxy's one
// client... and from a flood of real distinct clients the limiter keeps at
// most RateKeys entries.
func TestForgedForwardedFor(t *testing.T) {
	st, _ := store.Open(context.Background(), ":memory:")
	defer st.Close()
	s := New(st, Options{TrustProxy: true, RateLimit: 1, Burst: 5, RateKeys: 100})
	ok := 0
	for i := 0; i < 3000; i++ {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/api/templates", nil)
		r.RemoteAddr = "127.0.0.1:4000"
		r.Header.Set("X-Forwarded-For", fmt.Sprintf("%d.%d.%d.%d, 198.51.100.1", i>>24, i>>16&255, i>>8&255, i&255))
		s.ServeHTTP(w, r)
		if w.Code == 200 {
			ok++
		}
	}
	if ok > 10 {
		t.Errorf("%d of 3000 requests with forged X-Forwarded-For got through a burst of 5", ok)
	}
	// Distinct real clients (as the proxy reports them): bounded table.
	ok = 0
	for i := 0; i < 5000; i++ {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/api/templates", nil)
		r.RemoteAddr = "127.0.0.1:4000"
		r.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
		s.ServeHTTP(w, r)
		if w.Code == 200 {
			ok++
		}
	}
	if n := s.rl.size(); n > 101 {
		t.Errorf("the rate limiter tracks %d clients, more than its cap of 100", n)
	}
	if ok > 100*5+10 {
		t.Errorf("%d of 5000 requests from new addresses got through: the overflow bucket does not limit", ok)
	}
}

func TestHostsCORSAndMethods(t *testing.T) {
	ts := newTest(t, ":memory:", Options{AllowedHosts: []string{"127.0.0.1", "localhost", ".example.org"}})
	req := func(method, path, host string, hdr ...string) *http.Response {
		r, _ := http.NewRequest(method, ts.URL+path, nil)
		if host != "" {
			r.Host = host
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			r.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if resp := req("GET", "/api/templates", "evil.test"); resp.StatusCode != 403 {
		t.Errorf("foreign Host: %d", resp.StatusCode)
	}
	if resp := req("GET", "/api/templates", "app.example.org:8080"); resp.StatusCode != 200 {
		t.Errorf("allowed subdomain: %d", resp.StatusCode)
	}
	resp := req("OPTIONS", "/api/diagrams/abc", "", "Origin", "https://agent.example", "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "authorization, content-type, if-match")
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != "*" ||
		resp.Header.Get("Access-Control-Allow-Methods") != "GET, HEAD, PUT, DELETE, OPTIONS" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "If-Match") {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
	resp = req("GET", "/api/templates", "", "Origin", "https://agent.example")
	if resp.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(resp.Header.Get("Access-Control-Expose-Headers"), "ETag") {
		t.Errorf("CORS on a simple request: %v", resp.Header)
	}
	resp = req("OPTIONS", "/api/render", "")
	if resp.StatusCode != 204 || resp.Header.Get("Allow") != "POST, OPTIONS" {
		t.Errorf("OPTIONS: %d %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	resp = req("PATCH", "/api/diagrams/abc", "")
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD, PUT, DELETE, OPTIONS" {
		t.Errorf("PATCH: %d %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	if resp := req("PATCH", "/api/nothing", ""); resp.StatusCode != 404 {
		t.Errorf("PATCH on an unknown path: %d", resp.StatusCode)
	}
	// Only the listed origins get CORS headers when a list is set.
	ts2 := newTest(t, ":memory:", Options{CORSOrigins: []string{"https://ok.example"}})
	r, _ := http.NewRequest("GET", ts2.URL+"/api/templates", nil)
	r.Header.Set("Origin", "https://other.example")
	resp2, _ := http.DefaultClient.Do(r)
	resp2.Body.Close()
	if resp2.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("an unlisted origin got CORS: %v", resp2.Header)
	}
}

// TestStorageAbuse checks saves need JSON, FlowZap Code without errors,
// and room in the client's quota.
func TestStorageAbuse(t *testing.T) {
	ts := newTest(t, ":memory:", Options{StorageQuota: 3 * int64(len(good))})
	resp, err := http.Post(ts.URL+"/api/diagrams", "text/plain", strings.NewReader(`{"code": "x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 415 {
		t.Errorf("text/plain save: %d", resp.StatusCode)
	}
	if resp, body := do(t, ts, "POST", "/api/playground", map[string]any{"code": strings.Repeat("not flowzap code ", 100)}); resp.StatusCode != 422 || !strings.Contains(string(body), "only FlowZap Code without errors can be saved") {
		t.Errorf("saving text that is not FlowZap Code: %d %s", resp.StatusCode, body)
	}
	for i := 0; i < 3; i++ {
		if resp, body := do(t, ts, "POST", "/api/playground", map[string]any{"code": good}); resp.StatusCode != 201 {
			t.Fatalf("save %d within the quota: %d %s", i, resp.StatusCode, body)
		}
	}
	resp, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": good})
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "storage quota reached") {
		t.Errorf("save past the quota: %d %s", resp.StatusCode, body)
	}
}

// TestBodyTimeout sends half a body and stops: the answer is 408, on
// /api/mcp too (as a JSON-RPC error; it was 400 quoting the
// connection's addresses).
func TestBodyTimeout(t *testing.T) {
	ts := newTest(t, ":memory:", Options{BodyTimeout: 200 * time.Millisecond})
	for _, path := range []string{"/api/validate", "/api/mcp"} {
		c, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: 100\r\n\r\n{\"code\": ", path)
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 408 || !strings.Contains(string(body), "was not received within 200ms") || strings.Contains(string(body), "127.0.0.1") {
			t.Errorf("%s: slow body: %d %s", path, resp.StatusCode, body)
		}
	}
}

func TestHealthReadyMetrics(t *testing.T) {
	st := memStore(t)
	var logs bytes.Buffer
	s := New(st, Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	get := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		return w
	}
	if w := get("/api/health"); w.Code != 200 {
		t.Errorf("health: %d", w.Code)
	}
	if w := get("/api/ready"); w.Code != 200 || !strings.Contains(w.Body.String(), `"ready"`) {
		t.Errorf("ready: %d %s", w.Code, w.Body)
	}
	if w := get("/api/templates"); w.Header().Get("X-Request-ID") == "" {
		t.Error("no X-Request-ID")
	}
	m := scrape(t, s)
	for _, want := range []string{`flowzap_http_requests_total{method="GET",route="GET /api/templates",status="200"} 1`,
		"flowzap_http_request_duration_seconds_bucket", "flowzap_db_max_open_connections 1", "flowzap_renders_running 0", "go_goroutines"} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if logs.Len() != 0 {
		t.Errorf("access log is off by default, but:\n%s", logs.String())
	}
	s.Drain()
	if w := get("/api/ready"); w.Code != 503 {
		t.Errorf("ready while draining: %d", w.Code)
	}
	if w := get("/api/health"); w.Code != 200 {
		t.Errorf("health while draining: %d", w.Code)
	}
	// Access log on: one JSON line per request with its ID.
	logs.Reset()
	s.opts.AccessLog = 1
	r := httptest.NewRequest("GET", "/api/templates", nil)
	r.Header.Set("X-Request-ID", "abc-123")
	s.ServeHTTP(httptest.NewRecorder(), r)
	var line map[string]any
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil || line["request_id"] != "abc-123" || line["status"] != float64(200) {
		t.Errorf("access log line: %s %v", logs.String(), err)
	}
}

// TestGracefulShutdown cancels the server's context while a request runs:
// the request completes and RunWith returns nil.
func TestGracefulShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "saved")
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- RunWith(ctx, "", h, RunOptions{Listener: ln, ShutdownTimeout: 5 * time.Second}) }()
	var wg sync.WaitGroup
	wg.Add(1)
	var got string
	go func() {
		defer wg.Done()
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got = err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got = string(b)
	}()
	<-started
	cancel()
	wg.Wait()
	if got != "saved" {
		t.Errorf("in-flight request during shutdown: %q", got)
	}
	if err := <-done; err != nil {
		t.Errorf("RunWith: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
		t.Error("the server still accepts requests after shutting down")
	}
}

// TestDrainDelay: with a drain delay the instance keeps serving after the
// signal and /api/ready answers 503, so that a load balancer sees it
// leave before its listener closes (with none, /api/ready could not be
// reached once the signal came).
func TestDrainDelay(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	st := memStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- RunWith(ctx, "", New(st, Options{}), RunOptions{Listener: ln, DrainDelay: 600 * time.Millisecond, ShutdownTimeout: 5 * time.Second})
	}()
	url := "http://" + ln.Addr().String() + "/api/ready"
	if resp, err := http.Get(url); err != nil || resp.StatusCode != 200 {
		t.Fatalf("ready before the signal: %v %v", resp, err)
	}
	cancel()
	time.Sleep(100 * time.Millisecond)
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("during the drain delay: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 503 || !strings.Contains(string(body), "shutting down") {
		t.Errorf("/api/ready during the drain delay: %d %s", resp.StatusCode, body)
	}
	if err := <-done; err != nil {
		t.Errorf("RunWith: %v", err)
	}
}

// TestPlaygroundSessionsCountInQuota: playground sessions, made through
// POST /api/playground/create or the MCP playground tool, count against
// the client's storage quota (they did not, so a client could store
// without bound through them).
func TestPlaygroundSessionsCountInQuota(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "q.db"), Options{RateLimit: 1000, Burst: 1000, StorageQuota: 3 * int64(len(good))})
	for i := 0; i < 3; i++ {
		if resp, body := do(t, ts, "POST", "/api/playground/create", map[string]any{"code": good}); resp.StatusCode != 201 {
			t.Fatalf("session %d within the quota: %d %s", i, resp.StatusCode, body)
		}
	}
	resp, body := do(t, ts, "POST", "/api/playground/create", map[string]any{"code": good})
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "storage quota reached") {
		t.Errorf("session past the quota: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": good}); resp.StatusCode != 429 {
		t.Errorf("save after sessions filled the quota: %d %s", resp.StatusCode, body)
	}
	args, _ := json.Marshal(map[string]any{"code": good})
	_, m := mcpPost(t, ts.URL, `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"flowzap_create_playground","arguments":`+string(args)+`}}`)
	if b, _ := json.Marshal(m); !strings.Contains(string(b), "storage quota reached") {
		t.Errorf("MCP playground past the quota: %s", b)
	}
}

// TestRateLimitIPv6Network: the addresses of one IPv6 /64 share one
// bucket (each address had its own, so one host could use 2^64 of them
// and, past RateKeys, push every new client into the shared bucket);
// IPv4 addresses and other /64s keep their own, and the storage quota
// is counted the same way.
func TestRateLimitIPv6Network(t *testing.T) {
	st := memStore(t)
	srv := New(st, Options{RateLimit: 0.001, Burst: 2})
	get := func(addr string) int {
		r := httptest.NewRequest("GET", "/api/templates/nosuch", nil)
		r.RemoteAddr = addr
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w.Code
	}
	for i, addr := range []string{"[2001:db8:1:2::1]:5000", "[2001:db8:1:2::ff]:5000", "[2001:db8:1:2:aaaa::9]:5000"} {
		want := http.StatusNotFound
		if i == 2 {
			want = http.StatusTooManyRequests
		}
		if got := get(addr); got != want {
			t.Errorf("request %d from %s: %d, want %d", i+1, addr, got, want)
		}
	}
	for _, addr := range []string{"[2001:db8:1:3::1]:5000", "192.0.2.1:5000", "192.0.2.2:5000"} {
		if got := get(addr); got != http.StatusNotFound {
			t.Errorf("%s: %d, want 404 (a bucket of its own)", addr, got)
		}
	}
	a := httptest.NewRequest("GET", "/", nil)
	a.RemoteAddr = "[2001:db8:1:2::1]:1"
	b := httptest.NewRequest("GET", "/", nil)
	b.RemoteAddr = "[2001:db8:1:2::2]:1"
	c := httptest.NewRequest("GET", "/", nil)
	c.RemoteAddr = "192.0.2.1:1"
	d := httptest.NewRequest("GET", "/", nil)
	d.RemoteAddr = "192.0.2.2:1"
	if srv.clientKey(a) != srv.clientKey(b) || srv.clientKey(c) == srv.clientKey(d) {
		t.Errorf("quota keys: one /64 must share, two IPv4 addresses must not")
	}
}

// TestDiagnosticsCapped: code holding a diagnostic on each of thousands
// of lines is answered with the first pipeline.MaxListed of each list and
// the number left out, on every endpoint that lists them (200,000
// unclosed lanes in an 800 KB body made a 128 MB answer).
func TestDiagnosticsCapped(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 1000, Burst: 1000})
	code := strings.Repeat("a {\n", pipeline.MaxListed+500)
	cases := []struct {
		path  string
		body  map[string]any
		lists []string
	}{
		{"/api/validate", map[string]any{"code": code}, []string{"errors"}},
		{"/api/fix", map[string]any{"code": code}, []string{"diagnostics", "corrections"}},
		{"/api/format", map[string]any{"code": code}, []string{"errors"}},
		{"/api/render", map[string]any{"code": code}, []string{"errors"}},
		{"/api/diagrams", map[string]any{"code": code}, []string{"errors"}},
		{"/api/patch", map[string]any{"code": code, "ops": []any{map[string]any{"op": "insertLane", "id": "b"}}}, []string{"errors"}},
	}
	for _, c := range cases {
		resp, body := do(t, ts, "POST", c.path, c.body)
		var got map[string]any
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatalf("%s: %d %.200s", c.path, resp.StatusCode, body)
		}
		omitted, _ := got["omitted"].(float64)
		if omitted == 0 || len(got[c.lists[0]].([]any)) != pipeline.MaxListed {
			t.Errorf("%s: %d, omitted %v", c.path, resp.StatusCode, got["omitted"])
		}
		for _, l := range c.lists {
			if n := len(got[l].([]any)); n > pipeline.MaxListed {
				t.Errorf("%s: %d %s", c.path, n, l)
			}
		}
	}
	// A usual answer has no omitted field.
	if _, body := do(t, ts, "POST", "/api/validate", map[string]any{"code": "a {\n}\n"}); strings.Contains(string(body), "omitted") {
		t.Errorf("a short list: %s", body)
	}
}
