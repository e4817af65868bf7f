package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/patch"
	"flowzap/internal/pipeline"
)

const patchCode = `// orders
shop { # Shop
  n1: circle label:"Start"
  n2: rectangle label:"Pack"
  n1.handle(right) -> n2.handle(left)
}
pay { # Pay
  n3: rectangle label:"Charge"
  n3.handle(top) -> shop.n2.handle(bottom)
}
`

func TestPatchRoute(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "api.db"), Options{RateLimit: 1000, Burst: 1000})
	resp, body := do(t, ts, "POST", "/api/patch", map[string]any{"code": patchCode, "ops": []map[string]any{
		{"op": "insertNode", "lane": "pay", "shape": "diamond", "label": "Paid?"},
		{"op": "insertEdge", "from": "n3", "to": "n4", "label": "check"},
		{"op": "reverseEdge", "edge": "e2"},
		{"op": "nudgeNode", "id": "n2", "dx": 20},
	}})
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var got PatchResponse
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"// orders\n", `n4: diamond label:"Paid?"`, "n2.handle(bottom) -> pay.n3.handle(top)", "// @layout node n2 dx=24\n"} {
		if !strings.Contains(got.Code, want) {
			t.Errorf("missing %q:\n%s", want, got.Code)
		}
	}
	if len(got.Result) != 4 || got.Result[0].Node != "n4" || got.Result[1].Edge != "e3" || got.Result[2].Edge != "e2" || *got.Result[3].DX != 24 {
		t.Errorf("results %+v", got.Result)
	}
	if len(got.Applied) != 4 || got.Diagnostics == nil {
		t.Errorf("applied %v diagnostics %v", got.Applied, got.Diagnostics)
	}

	for _, c := range []struct {
		body   string
		status int
		want   string
	}{
		{`{"code": "x {\n  n1: square\n}\n", "ops": [{"op": "removeNode", "id": "n1"}]}`, 422, `"the code has errors"`},
		{`{"code": ` + jsonString(patchCode) + `, "ops": [{"op": "removeNode", "id": "n9"}]}`, 422, `operation 1 (removeNode): node \"n9\" does not exist; nothing was changed`},
		{`{"code": ` + jsonString(patchCode) + `, "ops": []}`, 422, "no operations given"},
		{`{"code": ` + jsonString(patchCode) + `, "ops": [{"op": "removeNode", "node": "n1"}]}`, 400, "unknown field"},
	} {
		resp, body := do(t, ts, "POST", "/api/patch", c.body)
		if resp.StatusCode != c.status || !strings.Contains(string(body), c.want) {
			t.Errorf("%s: %d %s, want %d and %q", c.body, resp.StatusCode, body, c.status, c.want)
		}
	}
	// The route's methods, as every API route.
	if resp, _ := do(t, ts, "OPTIONS", "/api/patch", nil); resp.StatusCode != 204 || resp.Header.Get("Allow") != "POST, OPTIONS" {
		t.Errorf("OPTIONS: %d %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	if resp, body := do(t, ts, "GET", "/api/patch", nil); resp.StatusCode != 405 || !strings.Contains(string(body), "use POST") {
		t.Errorf("GET: %d %s", resp.StatusCode, body)
	}
	// A result past the limits is refused.
	small := newTest(t, filepath.Join(t.TempDir(), "small.db"), Options{RateLimit: 1000, Burst: 1000, Limits: pipeline.Limits{MaxLabel: 100, MaxNodes: 3, MaxEdges: 30, MaxLanes: 10, MaxPixels: 1e6, MaxArea: 1e9}})
	resp, body = do(t, small, "POST", "/api/patch", map[string]any{"code": patchCode, "ops": []map[string]any{{"op": "insertNode", "lane": "pay"}}})
	if resp.StatusCode != 413 || !strings.Contains(string(body), "4 nodes; the limit is 3") {
		t.Errorf("limit: %d %s", resp.StatusCode, body)
	}
	// So is a batch of more operations than patch.MaxOps.
	many := make([]map[string]any, patch.MaxOps+1)
	for i := range many {
		many[i] = map[string]any{"op": "nudgeNode", "id": "n1", "dx": 8}
	}
	resp, body = do(t, ts, "POST", "/api/patch", map[string]any{"code": patchCode, "ops": many})
	if want := fmt.Sprintf("%d operations in one batch; the limit is %d", patch.MaxOps+1, patch.MaxOps); resp.StatusCode != 413 || !strings.Contains(string(body), want) {
		t.Errorf("too many operations: %d %s", resp.StatusCode, body)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestPatchOpsCountedFirst: a batch past the operations limit is 413
// before its operations are read (reading 50,000 of them took the
// better part of a second, only to refuse them), with the pipeline's
// own limit and words.
func TestPatchOpsCountedFirst(t *testing.T) {
	_, err := pipeline.PatchChecked(pipeline.PatchRequest{Code: good, Ops: make([]pipeline.PatchOp, maxPatchOps+1)}, pipeline.DefaultLimits)
	var le *pipeline.LimitError
	if !errors.As(err, &le) || le.What != "operations" || int(le.Limit) != maxPatchOps || maxPatchOps != patch.MaxOps {
		t.Fatalf("the pipeline's operations limit is not maxPatchOps (%d): %v", maxPatchOps, err)
	}
	ts := newTest(t, ":memory:", Options{RateLimit: 1000, Burst: 1000})
	// Operations with a field no operation has: read one by one, the
	// first would be refused as 400; counted first, the batch is 413.
	body := `{"code": ` + jsonString(good) + `, "ops": [` + strings.TrimSuffix(strings.Repeat(`{"op": "removeNode", "zz": 1},`, 30000), ",") + `]}`
	resp, out := do(t, ts, "POST", "/api/patch", body)
	want := fmt.Sprintf("30000 operations in one batch; the limit is %d: send them in several batches", maxPatchOps)
	if resp.StatusCode != 413 || !strings.Contains(string(out), want) {
		t.Errorf("30,000 operations: %d %.200s, want 413 and %q", resp.StatusCode, out, want)
	}
	body = `{"code": ` + jsonString(good) + `, "ops": [` + strings.TrimSuffix(strings.Repeat(`{"op": "removeNode", "zz": 1},`, maxPatchOps), ",") + `]}`
	if resp, out := do(t, ts, "POST", "/api/patch", body); resp.StatusCode != 400 || !strings.Contains(string(out), `unknown field \"zz\"`) {
		t.Errorf("%d operations: %d %.200s, want 400 for the unknown field", maxPatchOps, resp.StatusCode, out)
	}
}
