package mcp

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

const good = `a { # A
  n1: circle label:"Start"
  n2: rectangle label:"Work"
  n1.handle(right) -> n2.handle(left)
}
`

func session(t *testing.T, opts Options) *sdk.ClientSession {
	t.Helper()
	ctx := context.Background()
	ct, st := sdk.NewInMemoryTransports()
	srv := NewServer(opts)
	ss, err := srv.Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	c := sdk.NewClient(&sdk.Implementation{Name: "test", Version: "1"}, nil)
	cs, err := c.Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

func call(t *testing.T, cs *sdk.ClientSession, name string, args map[string]any) (*sdk.CallToolResult, map[string]any) {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: protocol error %v", name, err)
	}
	var out map[string]any
	if res.StructuredContent != nil {
		b, _ := json.Marshal(res.StructuredContent)
		json.Unmarshal(b, &out)
	}
	return res, out
}

func textOf(res *sdk.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*sdk.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

func TestListTools(t *testing.T) {
	cs := session(t, Options{})
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
		if tool.Description == "" || tool.InputSchema == nil {
			t.Errorf("tool %s lacks a description or input schema", tool.Name)
		}
		// One type per property: Gemini's and OpenAI's strict tool
		// calling refuse type lists such as ["null", "array"].
		b, _ := json.Marshal(tool.InputSchema)
		if bytes.Contains(b, []byte(`"type":[`)) {
			t.Errorf("tool %s: a type list in its input schema: %s", tool.Name, b)
		}
	}
	want := "validate,fix,format,render,export_graph,get_syntax,diff,apply_change,artifact_to_diagram,create_playground,templates"
	for _, w := range strings.Split(want, ",") {
		if !strings.Contains(","+strings.Join(names, ",")+",", ","+w+",") {
			t.Errorf("missing tool %s (have %v)", w, names)
		}
	}
}

func TestValidateAndFix(t *testing.T) {
	cs := session(t, Options{})
	res, out := call(t, cs, "validate", map[string]any{"code": "a {\n  n1: circle label=\"x\"\n  n1 -> n9\n}\n", "strict": true})
	if res.IsError || out["valid"] != false {
		t.Fatalf("validate: %v %v", res.IsError, out)
	}
	errs := out["errors"].([]any)
	first := errs[0].(map[string]any)
	if first["line"].(float64) != 1 || first["code"] == "" {
		t.Errorf("first error: %v", first)
	}
	_, out = call(t, cs, "fix", map[string]any{"code": "a {\n  start: circle label=\"Go\"\n  stop: circle label:\"End\"\n  start -> stop\n}\n"})
	if out["fixed"] != true || !strings.Contains(out["code"].(string), "n1.handle(right) -> n2.handle(left)") {
		t.Errorf("fix: %v", out)
	}
	// Bad input: wrong argument type is rejected by the schema as a tool error.
	res, _ = call(t, cs, "validate", map[string]any{"code": 42})
	if !res.IsError {
		t.Error("a number for code must be a tool error")
	}
}

func TestRenderFormats(t *testing.T) {
	cs := session(t, Options{})
	res, _ := call(t, cs, "render", map[string]any{"code": good})
	if res.IsError || !strings.HasPrefix(textOf(res), "<svg") {
		t.Fatalf("svg: %v %.80s", res.IsError, textOf(res))
	}
	res, _ = call(t, cs, "render", map[string]any{"code": good, "format": "png", "view": "sequence"})
	if len(res.Content) != 1 {
		t.Fatalf("png: %d contents", len(res.Content))
	}
	img, ok := res.Content[0].(*sdk.ImageContent)
	if !ok || img.MIMEType != "image/png" || len(img.Data) < 100 {
		t.Fatalf("png content: %#v", res.Content[0])
	}
	res, _ = call(t, cs, "render", map[string]any{"code": good, "format": "json", "view": "architecture"})
	if !strings.Contains(textOf(res), `"view": "architecture"`) {
		t.Errorf("json layout: %.200s", textOf(res))
	}
	res, _ = call(t, cs, "render", map[string]any{"code": "a {\n  n1 -> n2\n}\n"})
	if !res.IsError || !strings.Contains(textOf(res), "undefined node") {
		t.Errorf("broken code must give a tool error naming the problem: %v", textOf(res))
	}
}

func TestDiffChangeArtifactPlayground(t *testing.T) {
	cs := session(t, Options{PlaygroundURL: "https://fz.example/app"})
	_, out := call(t, cs, "diff", map[string]any{"old": good, "new": strings.Replace(good, `"Work"`, `"Rest"`, 1)})
	if out["summary"] != "nodes: 1 changed" {
		t.Errorf("diff: %v", out)
	}
	_, out = call(t, cs, "apply_change", map[string]any{"code": good, "operations": []any{
		map[string]any{"op": "insertNode", "lane": "a", "label": "Review"},
		map[string]any{"op": "insertEdge", "from": "n2", "to": "n3"},
	}})
	if !strings.Contains(out["code"].(string), "n2.handle(right) -> n3.handle(left)") {
		t.Errorf("apply_change: %v", out)
	}
	res, _ := call(t, cs, "apply_change", map[string]any{"code": good, "operations": []any{map[string]any{"op": "removeNode", "id": "n9"}}})
	if !res.IsError || !strings.Contains(textOf(res), "nothing was changed") {
		t.Errorf("a failing change must be a tool error: %s", textOf(res))
	}
	_, out = call(t, cs, "artifact_to_diagram", map[string]any{"kind": "openapi", "content": "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths:\n  /ping:\n    get:\n      responses: {'200': {description: ok}}\n"})
	if !strings.Contains(out["code"].(string), `"GET /ping"`) {
		t.Errorf("artifact: %v", out)
	}
	_, out = call(t, cs, "artifact_to_diagram", map[string]any{"kind": "go", "function": "Main",
		"content": "package p\nimport \"fmt\"\nfunc Main() { fmt.Println(helper()) }\nfunc helper() string { return \"x\" }\n"})
	if !strings.Contains(out["code"].(string), `"helper()"`) {
		t.Errorf("go artifact: %v", out)
	}
	_, out = call(t, cs, "create_playground", map[string]any{"code": good, "view": "sequence"})
	if u, _ := out["url"].(string); !strings.HasPrefix(u, "https://fz.example/app/playground?code=") || !strings.Contains(u, "view=sequence") {
		t.Errorf("playground: %v", out)
	}
}

func TestLimits(t *testing.T) {
	cs := session(t, Options{MaxInput: 100})
	res, _ := call(t, cs, "validate", map[string]any{"code": strings.Repeat("x", 200)})
	if !res.IsError || !strings.Contains(textOf(res), "the limit is 100 bytes") {
		t.Errorf("oversized input: %s", textOf(res))
	}
}

func TestSyntax(t *testing.T) {
	cs := session(t, Options{})
	res, _ := call(t, cs, "get_syntax", map[string]any{})
	if !strings.Contains(textOf(res), "handle(SIDE)") {
		t.Errorf("get_syntax: %.100s", textOf(res))
	}
}

func TestTemplates(t *testing.T) {
	cs := session(t, Options{})
	_, out := call(t, cs, "templates", map[string]any{"query": "saga"})
	list := out["templates"].([]any)
	found := false
	for _, x := range list {
		found = found || x.(map[string]any)["id"] == "saga-orchestration"
	}
	if !found {
		t.Fatalf("search: %v", out)
	}
	// Chinese and French searches, and the new filters.
	for _, q := range []map[string]any{{"query": "事件溯源"}, {"query": "sourcing evenements"}, {"query": "event", "complexity": "medium", "category": "architecture"}} {
		_, out := call(t, cs, "templates", q)
		list := out["templates"].([]any)
		if len(list) == 0 {
			t.Errorf("templates %v: nothing found", q)
		}
		for _, x := range list {
			m := x.(map[string]any)
			if c, ok := q["complexity"]; ok && (m["complexity"] != c || m["category"] != q["category"]) {
				t.Errorf("templates %v returned %v (%v, %v)", q, m["id"], m["category"], m["complexity"])
			}
		}
	}
	_, out = call(t, cs, "templates", map[string]any{"id": "saga-orchestration"})
	tpl := out["templates"].([]any)[0].(map[string]any)
	if !strings.Contains(tpl["code"].(string), "orchestrator") {
		t.Errorf("template code missing: %v", tpl)
	}
	res, _ := call(t, cs, "templates", map[string]any{"id": "nope"})
	if !res.IsError {
		t.Error("unknown template must be a tool error")
	}
}
