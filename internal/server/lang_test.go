package server

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/pipeline"
)

// TestLangField: the endpoints that answer diagnostics give them in the
// request's lang, English without one, and refuse an unknown lang with
// 400 naming the languages.
func TestLangField(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "l.db"), Options{RateLimit: 10000, Burst: 10000})
	bad := "ops { # Ops\n  n1: circle label:\"Start\"\n  n1.handle(right) -> n9.handle(left)\n}\n"
	want := map[string]string{
		"":   `undefined node "n9": expected the ID of a node declared in some lane`,
		"en": `undefined node "n9": expected the ID of a node declared in some lane`,
		"fr": `nœud "n9" non défini : attendu l'ID d'un nœud déclaré dans un couloir`,
		"zh": `未定义的节点 "n9"：应为某条泳道中已声明的节点 ID`,
	}
	for lang, msg := range want {
		body := map[string]any{"code": bad}
		if lang != "" {
			body["lang"] = lang
		}
		for _, path := range []string{"/api/validate", "/api/render", "/api/fix", "/api/patch"} {
			b := body
			if path == "/api/patch" {
				b = map[string]any{"code": bad, "ops": []any{}, "lang": lang}
			}
			resp, data := do(t, ts, "POST", path, b)
			var out struct {
				Errors      []struct{ Message string } `json:"errors"`
				Diagnostics []struct{ Message string } `json:"diagnostics"`
			}
			if err := json.Unmarshal(data, &out); err != nil {
				t.Fatalf("%s %q: %d %s", path, lang, resp.StatusCode, data)
			}
			list := append(out.Errors, out.Diagnostics...)
			if len(list) == 0 || list[0].Message != msg {
				t.Errorf("%s in %q: %d %s, want the message %q", path, lang, resp.StatusCode, data, msg)
			}
		}
	}
	for _, path := range []string{"/api/validate", "/api/render", "/api/format", "/api/fix", "/api/fix/one"} {
		resp, data := do(t, ts, "POST", path, map[string]any{"code": good, "lang": "de", "diagnostic": map[string]any{"code": "FZ101", "line": 1}})
		if path != "/api/fix/one" {
			resp, data = do(t, ts, "POST", path, map[string]any{"code": good, "lang": "de"})
		}
		if resp.StatusCode != 400 || !strings.Contains(string(data), `unknown language \"de\": expected en, fr or zh`) {
			t.Errorf("%s lang de: %d %s", path, resp.StatusCode, data)
		}
	}
}

// TestLangLimits: a diagram past a limit is refused (413) with the
// message in the request's lang, English without one.
func TestLangLimits(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "l.db"), Options{RateLimit: 10000, Burst: 10000, Limits: pipeline.Limits{MaxNodes: 1, MaxEdges: 30, MaxLanes: 10, MaxLabel: 100}})
	for lang, want := range map[string]string{
		"":   "the diagram has 2 nodes; the limit is 1: split it into several diagrams",
		"fr": "le diagramme a 2 nœuds ; la limite est de 1 : découpez-le en plusieurs diagrammes",
		"zh": "图表有 2 个节点；上限为 1：请拆分为多个图表",
	} {
		resp, data := do(t, ts, "POST", "/api/render", map[string]any{"code": good, "lang": lang})
		var out struct{ Error string }
		if json.Unmarshal(data, &out); resp.StatusCode != 413 || out.Error != want {
			t.Errorf("render in %q: %d %s, want 413 and %q", lang, resp.StatusCode, data, want)
		}
	}
}
