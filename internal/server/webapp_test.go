package server

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixOne repairs one diagnostic through the API: only its line changes.
func TestFixOne(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "api.db"), Options{RateLimit: 1000, Burst: 1000})
	src := "ops { # Ops\n  a: circle label:\"Start\"\n  b: rectangle label:\"Work\"\n  a.handle(right) -> b.handle(left) [label:\"go\"]\n  b.handle(bottom) -> a.handle(bottom) [label:\"back\"]\n}\n"
	resp, body := do(t, ts, "POST", "/api/fix/one", map[string]any{"code": src, "diagnostic": map[string]any{"code": "FZ102", "line": 5}})
	var out FixResponse
	if err := json.Unmarshal(body, &out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	want := strings.Replace(src, `[label:"back"]`, `[label="back"]`, 1)
	if !out.Fixed || out.Code != want || len(out.Corrections) != 1 {
		t.Errorf("got %+v, want code\n%s", out, want)
	}
	// No such diagnostic on that line: nothing to do, and the answer
	// says what the code still has (the IDs of lines 2 and 3 first).
	_, body = do(t, ts, "POST", "/api/fix/one", map[string]any{"code": src, "diagnostic": map[string]any{"code": "FZ102", "line": 2}})
	if err := json.Unmarshal(body, &out); err != nil || out.Fixed || out.Code != src || out.File != "input.fz" ||
		len(out.Diagnostics) != 4 || out.Diagnostics[0].Code != "FZ110" || out.Diagnostics[0].Line != 2 {
		t.Errorf("a fix on a line without the diagnostic: %s", body)
	}
	for _, c := range []struct {
		code string
		line int
		want string
	}{
		{"FZ9999", 2, `unknown code \"FZ9999\"`},
		{"fz102", 2, `unknown code`},
		{"FZ102", 40, "line 40 is past the end of the code (7 lines)"},
	} {
		resp, body := do(t, ts, "POST", "/api/fix/one", map[string]any{"code": src, "diagnostic": map[string]any{"code": c.code, "line": c.line}})
		if resp.StatusCode != 400 || !strings.Contains(string(body), c.want) {
			t.Errorf("diagnostic %s on line %d: %d %s", c.code, c.line, resp.StatusCode, body)
		}
	}
	resp, body = do(t, ts, "POST", "/api/fix/one", map[string]any{"code": src})
	if resp.StatusCode != 400 || !strings.Contains(string(body), "expected a code") {
		t.Errorf("missing diagnostic: %d %s", resp.StatusCode, body)
	}
}

// TestNamesAndVersions names a diagram, lists its versions and checks the
// token and the name's limits.
func TestNamesAndVersions(t *testing.T) {
	for name, ts := range backends(t) {
		t.Run(name, func(t *testing.T) {
			_, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": nameSample, "view": "workflow"})
			var created struct{ ID, Token string }
			if err := json.Unmarshal(body, &created); err != nil || created.ID == "" {
				t.Fatalf("create: %s", body)
			}
			do(t, ts, "PUT", "/api/diagrams/"+created.ID, map[string]any{"code": nameSample + "// two\n", "view": "sequence"}, "Authorization", "Bearer "+created.Token)
			resp, body := do(t, ts, "PUT", "/api/diagrams/"+created.ID+"/name", map[string]any{"name": "  订单流程 Order flow "}, "Authorization", "Bearer "+created.Token)
			if resp.StatusCode != 200 || !strings.Contains(string(body), `"name":"订单流程 Order flow"`) {
				t.Fatalf("rename: %d %s", resp.StatusCode, body)
			}
			resp, _ = do(t, ts, "PUT", "/api/diagrams/"+created.ID+"/name", map[string]any{"name": "x"}, "Authorization", "Bearer wrong")
			if resp.StatusCode != 403 {
				t.Errorf("rename with a wrong token: %d", resp.StatusCode)
			}
			resp, _ = do(t, ts, "PUT", "/api/diagrams/"+created.ID+"/name", map[string]any{"name": "x"})
			if resp.StatusCode != 401 {
				t.Errorf("rename without a token: %d", resp.StatusCode)
			}
			// If-Match names the version the client saw (version 2 now).
			resp, body = do(t, ts, "PUT", "/api/diagrams/"+created.ID+"/name", map[string]any{"name": "stale"}, "Authorization", "Bearer "+created.Token, "If-Match", `"v1"`)
			if resp.StatusCode != 412 || !strings.Contains(string(body), `"currentVersion":2`) {
				t.Errorf("rename with a stale If-Match: %d %s", resp.StatusCode, body)
			}
			resp, body = do(t, ts, "PUT", "/api/diagrams/"+created.ID+"/name", map[string]any{"name": "订单流程 Order flow"}, "Authorization", "Bearer "+created.Token, "If-Match", `"v2"`)
			if resp.StatusCode != 200 {
				t.Errorf("rename with the current If-Match: %d %s", resp.StatusCode, body)
			}
			resp, body = do(t, ts, "PUT", "/api/diagrams/"+created.ID+"/name", map[string]any{"name": strings.Repeat("n", 201)}, "Authorization", "Bearer "+created.Token)
			if resp.StatusCode != 400 || !strings.Contains(string(body), "the limit is 200") {
				t.Errorf("a long name: %d %s", resp.StatusCode, body)
			}
			resp, body = do(t, ts, "GET", "/api/diagrams/"+created.ID+"/versions", nil)
			var h struct {
				Name     string
				Current  int
				Versions []struct {
					Version, Size int
					View          string
					CreatedAt     int64
				}
			}
			if err := json.Unmarshal(body, &h); err != nil || resp.StatusCode != 200 {
				t.Fatalf("versions: %d %s", resp.StatusCode, body)
			}
			if h.Name != "订单流程 Order flow" || h.Current != 2 || len(h.Versions) != 2 || h.Versions[0].Version != 2 ||
				h.Versions[0].View != "sequence" || h.Versions[1].Size != len(nameSample) || h.Versions[0].CreatedAt == 0 {
				t.Errorf("versions: %s", body)
			}
			resp, _ = do(t, ts, "GET", "/api/diagrams/nope/versions", nil)
			if resp.StatusCode != 404 {
				t.Errorf("versions of a missing diagram: %d", resp.StatusCode)
			}
		})
	}
}

// TestFavicon: the favicon answers at /favicon.ico too; the CJK web font.
func TestFavicon(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "api.db"), Options{RateLimit: 1000, Burst: 1000})
	resp, body := do(t, ts, "GET", "/favicon.ico", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(string(body), "<svg") || resp.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("favicon: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// The CJK fallback web font: a TrueType font, gzip-compressed on request.
	resp, body = do(t, ts, "GET", "/assets/fonts/cjk-fallback.ttf", nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "font/ttf" || len(body) < 1<<20 || string(body[:4]) != "\x00\x01\x00\x00" {
		t.Errorf("CJK font: %d %s, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}
}

const nameSample = "ops { # Operations\n  n1: circle label:\"Start\"\n}\n"
