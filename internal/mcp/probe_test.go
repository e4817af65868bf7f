package mcp

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

const withUndefined = "a { # A\n  n1: circle label:\"x\"\n  n1.handle(right) -> n9.handle(left)\n}\n"

// A misspelt field of an operation is refused, naming it, the fields the
// operation takes and the nearest one, rather than dropped (the call
// then answered "updated node n1" and changed nothing).
func TestMCPUnknownOperationField(t *testing.T) {
	cs := session(t, Options{})
	res, _ := call(t, cs, "apply_change", map[string]any{"code": good,
		"operations": []any{map[string]any{"op": "updateNode", "id": "n1", "lable": "Begin"}}})
	msg := textOf(res)
	if !res.IsError || !strings.Contains(msg, `argument "operations[0]" has an unknown field "lable"`) ||
		!strings.Contains(msg, `did you mean "label"?`) || !strings.Contains(msg, "expected one of") {
		t.Errorf("misspelt field: isError=%v %q", res.IsError, msg)
	}
	res, _ = call(t, cs, "flowzap_apply_change", map[string]any{"code": good,
		"operations": []any{map[string]any{"op": "insertEdge", "newEdge": map[string]any{"from": "n2", "to": "n1", "lable": "back"}}}})
	if msg := textOf(res); !res.IsError || !strings.Contains(msg, `"operations[0].newEdge" has an unknown field "lable"`) {
		t.Errorf("misspelt nested field: isError=%v %q", res.IsError, msg)
	}
	// A field from another vocabulary is named too, without a guess.
	res, _ = call(t, cs, "apply_change", map[string]any{"code": good,
		"operations": []any{map[string]any{"op": "removeNode", "nodeId": "n2"}}})
	if msg := textOf(res); !res.IsError || !strings.Contains(msg, `unknown field "nodeId"`) {
		t.Errorf("foreign field: isError=%v %q", res.IsError, msg)
	}
	// The right spelling works, and the arguments object itself still
	// takes properties it does not list (FlowZap's clients send some).
	res, out := call(t, cs, "apply_change", map[string]any{"code": good, "lng": "en",
		"operations": []any{map[string]any{"op": "updateNode", "id": "n1", "label": "Begin"}}})
	if res.IsError || !strings.Contains(out["code"].(string), `label:"Begin"`) {
		t.Errorf("good call: %v %s", res.IsError, textOf(res))
	}
}

// Code errors in diff and apply_change say where they are
// (FILE:LINE:COL with the source line), as every other tool does.
func TestMCPCodeErrorsArePositioned(t *testing.T) {
	cs := session(t, Options{})
	res, _ := call(t, cs, "diff", map[string]any{"old": withUndefined, "new": good})
	if msg := textOf(res); !res.IsError || !strings.Contains(msg, "old.fz:3:23: error: undefined node \"n9\"") || !strings.Contains(msg, "old (the earlier version)") {
		t.Errorf("diff old: %q", msg)
	}
	res, _ = call(t, cs, "diff", map[string]any{"old": good, "new": withUndefined})
	if msg := textOf(res); !res.IsError || !strings.Contains(msg, "new.fz:3:23:") {
		t.Errorf("diff new: %q", msg)
	}
	res, _ = call(t, cs, "apply_change", map[string]any{"code": withUndefined,
		"operations": []any{map[string]any{"op": "updateNode", "id": "n1", "label": "y"}}})
	if msg := textOf(res); !res.IsError || !strings.Contains(msg, "input.fz:3:23: error: undefined node \"n9\"") || !strings.Contains(msg, "nothing was changed") {
		t.Errorf("apply_change: %q", msg)
	}
}

// The order argument publishes its two values, and another is refused
// before the tool runs.
func TestMCPOrderEnum(t *testing.T) {
	cs := session(t, Options{})
	lt, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range lt.Tools {
		if tool.Name != "validate" && tool.Name != "render" {
			continue
		}
		b, _ := json.Marshal(tool.InputSchema)
		var sc struct {
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		}
		json.Unmarshal(b, &sc)
		if got := sc.Properties["order"].Enum; !slices.Equal(got, []string{"flow", "written"}) {
			t.Errorf("%s: order enum %v", tool.Name, got)
		}
		res, _ := call(t, cs, tool.Name, map[string]any{"code": good, "order": "random"})
		if msg := textOf(res); !res.IsError || !strings.Contains(msg, `argument "order" is "random": expected one of flow, written`) {
			t.Errorf("%s: %q", tool.Name, msg)
		}
	}
}

// Over HTTP, a client that accepts JSON but does not list
// text/event-stream gets its JSON answer: the endpoint never streams.
func TestMCPHTTPAcceptJSON(t *testing.T) {
	srv := httptest.NewServer(NewHTTPHandler(Options{}))
	defer srv.Close()
	post := func(accept string) (int, string) {
		req, _ := http.NewRequest("POST", srv.URL, strings.NewReader(`{"jsonrpc":"2.0","id":7,"method":"tools/list"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("MCP-Protocol-Version", "2025-06-18")
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, a := range []string{"application/json", "application/json; charset=utf-8", "application/*", "application/json, text/event-stream", ""} {
		code, body := post(a)
		if code != 200 || !strings.Contains(body, `"id":7`) || !strings.Contains(body, `"validate"`) {
			t.Errorf("Accept %q: %d %.200s", a, code, body)
		}
	}
	if code, body := post("text/event-stream"); code != 400 || !strings.Contains(body, "Accept") {
		t.Errorf("Accept text/event-stream only: %d %.200s", code, body)
	}
}
