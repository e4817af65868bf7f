package server

import (
	"path/filepath"
	"strings"
	"testing"
)

// trips is written lane by lane, so its written order is not its flow.
const trips = `c { # Client
  n1: circle label:"Start"
  n2: rectangle label:"Done"
  n1.handle(bottom) -> s.n3.handle(top) [label="ask"]
}
s { # Server
  n3: rectangle label:"Look up"
  n4: rectangle label:"Answer"
  n4.handle(top) -> c.n2.handle(bottom) [label="reply"]
  n3.handle(bottom) -> d.n5.handle(top) [label="query"]
}
d { # Store
  n5: rectangle label:"Rows"
  n5.handle(top) -> s.n4.handle(bottom) [label="rows"]
}
`

// TestRenderOrder: /api/render and /api/validate take the sequence
// message order ("flow" by default, or "written") and refuse others.
func TestRenderOrder(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "order.db"), Options{RateLimit: 1000, Burst: 1000})
	edges := func(body []byte) string {
		var ids []string
		for _, part := range strings.Split(string(body), `"edge":`)[1:] {
			ids = append(ids, strings.Trim(strings.TrimSpace(part)[:4], `",`))
		}
		return strings.Join(ids, " ")
	}
	for order, want := range map[string]string{"": "e1 e3 e4 e2", "flow": "e1 e3 e4 e2", "written": "e1 e2 e3 e4"} {
		resp, body := do(t, ts, "POST", "/api/render", map[string]any{"code": trips, "format": "json", "view": "sequence", "order": order})
		if resp.StatusCode != 200 {
			t.Fatalf("order %q: %d %s", order, resp.StatusCode, body)
		}
		if got := edges(body); got != want {
			t.Errorf("order %q: messages %s, want %s", order, got, want)
		}
	}
	resp, body := do(t, ts, "POST", "/api/render", map[string]any{"code": trips, "view": "sequence", "order": "sideways"})
	if resp.StatusCode != 400 || !strings.Contains(string(body), `unknown order \"sideways\": expected flow or written`) {
		t.Errorf("bad order: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/validate", map[string]any{"code": trips, "view": "sequence", "order": "sideways"})
	if resp.StatusCode != 400 {
		t.Errorf("validate with a bad order: %d %s", resp.StatusCode, body)
	}
}
