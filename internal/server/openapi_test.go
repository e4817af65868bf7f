package server

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/pipeline"
)

// TestOpenAPIStatuses sends each documented operation the requests a
// client gets wrong (and right), and checks that every status answered
// is one openapi.json lists for the operation, and that every route the
// server serves is documented. 405 (any route, with Allow) and 408 (any
// body) are said once, in the document's description.
func TestOpenAPIStatuses(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "o.db"), Options{RateLimit: 10000, Burst: 10000, Limits: pipeline.Limits{MaxLabel: 100, MaxNodes: 20, MaxEdges: 30, MaxLanes: 10, MaxPixels: 1e6, MaxArea: 1e9}})
	type operation struct {
		Responses map[string]any `json:"responses"`
	}
	var raw struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(OpenAPI), &raw); err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Paths map[string]map[string]operation
	}
	spec.Paths = map[string]map[string]operation{}
	for p, ops := range raw.Paths {
		spec.Paths[p] = map[string]operation{}
		for m, v := range ops {
			if m == "parameters" {
				continue
			}
			var op operation
			if err := json.Unmarshal(v, &op); err != nil {
				t.Fatal(p, m, err)
			}
			spec.Paths[p][m] = op
		}
	}
	resp, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": good})
	var d struct{ ID, Token string }
	if json.Unmarshal(body, &d) != nil || resp.StatusCode != 201 {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/playground", map[string]any{"code": good})
	var sn struct{ ID string }
	if json.Unmarshal(body, &sn) != nil || resp.StatusCode != 201 {
		t.Fatalf("snapshot: %d %s", resp.StatusCode, body)
	}
	big := "l { # L\n"
	for i := 0; i < 30; i++ {
		big += fmt.Sprintf("  n%d: rectangle label:\"x\"\n", i)
	}
	big += "}\n"
	bad := "a {\n  n1: circle label=\"x\"\n}\n"
	auth := []string{"Authorization", "Bearer " + d.Token}
	type req struct {
		method, path, spec string
		body               any
		header             []string
	}
	code := func(c string) map[string]any { return map[string]any{"code": c} }
	var reqs []req
	for _, p := range []string{"/api/validate", "/api/render", "/api/format", "/api/fix", "/api/export", "/api/patch", "/api/fix/one", "/api/import",
		"/api/playground", "/api/playground/create", "/api/diagrams"} {
		reqs = append(reqs,
			req{"POST", p, p, `{"code": 5}`, nil},
			req{"POST", p, p, `{"code": "x"} []`, nil},
			req{"POST", p, p, code(good), []string{"Content-Type", "text/plain"}},
			req{"POST", p, p, code(good), nil},
			req{"POST", p, p, code(bad), nil},
			req{"POST", p, p, code(big), nil},
			req{"POST", p, p, code(""), nil},
			req{"POST", p, p, map[string]any{"code": good, "view": "gantt"}, nil},
			req{"POST", p, p, map[string]any{"code": bad, "lang": "fr"}, nil},
			req{"POST", p, p, map[string]any{"code": good, "lang": "de"}, nil},
			req{"POST", p, p, `{"code": "` + strings.Repeat("x", 2<<20) + `"}`, nil},
		)
	}
	reqs = append(reqs,
		req{"POST", "/api/render", "/api/render", map[string]any{"code": good, "format": "gif"}, nil},
		req{"POST", "/api/export", "/api/export", map[string]any{"code": good, "format": "gif"}, nil},
		req{"GET", "/api/playground/" + sn.ID, "/api/playground/{id}", nil, nil},
		req{"GET", "/api/playground/nosuch", "/api/playground/{id}", nil, nil},
		req{"GET", "/api/diagrams/" + d.ID, "/api/diagrams/{id}", nil, nil},
		req{"GET", "/api/diagrams/" + d.ID, "/api/diagrams/{id}", nil, []string{"If-None-Match", `"v1"`}},
		req{"GET", "/api/diagrams/nosuch", "/api/diagrams/{id}", nil, nil},
		req{"GET", "/api/diagrams/" + d.ID + "/versions/1", "/api/diagrams/{id}/versions/{version}", nil, nil},
		req{"GET", "/api/diagrams/" + d.ID + "/versions/9", "/api/diagrams/{id}/versions/{version}", nil, nil},
		req{"GET", "/api/diagrams/" + d.ID + "/versions/x", "/api/diagrams/{id}/versions/{version}", nil, nil},
		req{"GET", "/api/diagrams/" + d.ID + "/versions", "/api/diagrams/{id}/versions", nil, nil},
		req{"GET", "/api/diagrams/nosuch/versions", "/api/diagrams/{id}/versions", nil, nil},
		req{"GET", "/api/templates", "/api/templates", nil, nil},
		req{"GET", "/api/templates?category=nope", "/api/templates", nil, nil},
		req{"GET", "/api/templates?view=nope", "/api/templates", nil, nil},
		req{"GET", "/api/templates/nosuch", "/api/templates/{id}", nil, nil},
		req{"GET", "/api/templates/nosuch/thumbnail.svg", "/api/templates/{id}/thumbnail.svg", nil, nil},
		req{"GET", "/api/templates/nosuch/code.fz", "/api/templates/{id}/code.fz", nil, nil},
		req{"GET", "/api/health", "/api/health", nil, nil},
		req{"GET", "/api/ready", "/api/ready", nil, nil},
	)
	for _, m := range []string{"PUT", "DELETE"} {
		p := "/api/diagrams/" + d.ID
		reqs = append(reqs,
			req{m, p, "/api/diagrams/{id}", code(good), nil},
			req{m, p, "/api/diagrams/{id}", code(good), []string{"Authorization", "Bearer wrong"}},
			req{m, p, "/api/diagrams/{id}", code(good), append([]string{"If-Match", "v"}, auth...)},
			req{m, p, "/api/diagrams/{id}", code(good), append([]string{"If-Match", `"v9"`}, auth...)},
			req{m, "/api/diagrams/nosuch", "/api/diagrams/{id}", code(good), auth},
			req{m, p, "/api/diagrams/{id}", code(bad), auth},
			req{m, p, "/api/diagrams/{id}", code(""), auth},
			req{m, p, "/api/diagrams/{id}", `{"code": 5}`, auth},
			req{m, p, "/api/diagrams/{id}", code(big), auth},
		)
	}
	for _, b := range []any{map[string]any{"name": "x"}, map[string]any{}, `{"name": 5}`} {
		reqs = append(reqs,
			req{"PUT", "/api/diagrams/" + d.ID + "/name", "/api/diagrams/{id}/name", b, auth},
			req{"PUT", "/api/diagrams/" + d.ID + "/name", "/api/diagrams/{id}/name", b, nil},
			req{"PUT", "/api/diagrams/nosuch/name", "/api/diagrams/{id}/name", b, auth})
	}
	reqs = append(reqs, req{"DELETE", "/api/diagrams/" + d.ID, "/api/diagrams/{id}", nil, auth},
		req{"GET", "/api/diagrams/" + d.ID, "/api/diagrams/{id}", nil, nil})

	covered := map[string]bool{}
	for _, q := range reqs {
		op, ok := spec.Paths[q.spec][strings.ToLower(q.method)]
		if !ok {
			t.Errorf("openapi.json does not describe %s %s", q.method, q.spec)
			continue
		}
		covered[q.method+" "+q.spec] = true
		h := q.header
		resp, body := do(t, ts, q.method, q.path, q.body, h...)
		if _, ok := op.Responses[fmt.Sprint(resp.StatusCode)]; !ok {
			short := string(body)
			if len(short) > 200 {
				short = short[:200]
			}
			t.Errorf("%s %s answered %d, which openapi.json does not list for %s %s: %s", q.method, q.path, resp.StatusCode, q.method, q.spec, short)
		}
		if resp.StatusCode >= 400 && !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s %s: %d as %s, want a JSON error", q.method, q.path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	for p, ops := range spec.Paths {
		for m := range ops {
			if !covered[strings.ToUpper(m)+" "+p] {
				t.Errorf("no request of this test reaches %s %s", strings.ToUpper(m), p)
			}
		}
	}
}
