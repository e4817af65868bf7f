package mcp

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

const twoLanes = `customer { # Customer
  n1: circle label:"Start"
  n2: rectangle label:"Place order"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> api.n3.handle(top) [label="POST /orders"]
}
api { # Order API
  n3: rectangle label:"Store order"
  n4: circle label:"Done"
  n3.handle(right) -> n4.handle(left)
  n3.handle(top) -> customer.n2.handle(bottom) [label="201 Created"]
}
`

// TestFlowZapNames checks that FlowZap's tool names, argument shapes and
// result shapes work as its MCP server's do.
func TestFlowZapNames(t *testing.T) {
	cs := session(t, Options{})
	res, out := call(t, cs, "flowzap_validate", map[string]any{"code": twoLanes})
	st, _ := out["stats"].(map[string]any)
	if out["valid"] != true || st["lanes"] != 2.0 || st["nodes"] != 4.0 || st["edges"] != 4.0 {
		t.Errorf("flowzap_validate: %v", out)
	}
	if !strings.Contains(textOf(res), "valid") {
		t.Errorf("flowzap_validate text: %s", textOf(res))
	}
	// Departures from the official rules are errors, with messages in the
	// language asked for.
	bad := "a { # A\n  n1: circle label=\"Start\"\n}\n"
	for lng, want := range map[string]string{"en": "node attribute written", "fr": "écrit avec", "zh": "使用了",
		"zh-CN": "使用了", "fr_FR": "écrit avec", "EN-us": "node attribute written", "": "node attribute written"} {
		_, out = call(t, cs, "flowzap_validate", map[string]any{"code": bad, "lng": lng})
		errs, _ := out["errors"].([]any)
		if out["valid"] != false || len(errs) == 0 || !strings.Contains(errs[0].(map[string]any)["message"].(string), want) {
			t.Errorf("flowzap_validate lng=%s: %v", lng, out)
		}
	}
	// A language the tools do not write is refused, saying which they do;
	// the published schema says so too.
	for _, lng := range []string{"de", "zh-", "chinese"} {
		res, _ := call(t, cs, "flowzap_validate", map[string]any{"code": bad, "lng": lng})
		if !res.IsError || !strings.Contains(textOf(res), "expected en, fr or zh, alone or with a region (fr-FR, zh-CN)") {
			t.Errorf("flowzap_validate lng=%q: %s", lng, textOf(res))
		}
	}
	tl, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range tl.Tools {
		b, _ := json.Marshal(tool.InputSchema)
		var in struct {
			Properties map[string]struct {
				Pattern string `json:"pattern"`
				Enum    []any  `json:"enum"`
			} `json:"properties"`
		}
		json.Unmarshal(b, &in)
		if p, ok := in.Properties["lng"]; ok && (p.Pattern != lngPattern || p.Enum != nil) {
			t.Errorf("%s: lng is published as %s", tool.Name, b)
		}
	}
	_, out = call(t, cs, "flowzap_export_graph", map[string]any{"code": twoLanes})
	g, _ := out["graph"].(map[string]any)
	lanes, _ := g["lanes"].([]any)
	nodes, _ := g["nodes"].([]any)
	if out["success"] != true || len(lanes) != 2 || lanes[0].(map[string]any)["type"] != "actor" || lanes[1].(map[string]any)["type"] != "system" {
		t.Errorf("flowzap_export_graph lanes: %v", out)
	}
	kinds := []string{}
	for _, n := range nodes {
		kinds = append(kinds, n.(map[string]any)["kind"].(string))
	}
	if strings.Join(kinds, ",") != "start,step,step,end" {
		t.Errorf("flowzap_export_graph kinds: %v", kinds)
	}
	newCode := strings.Replace(twoLanes, `label:"Store order"`, `label:"Save order"`, 1)
	_, out = call(t, cs, "flowzap_diff", map[string]any{"oldCode": twoLanes, "newCode": newCode})
	ch, _ := out["changes"].(map[string]any)
	upd, _ := ch["nodesUpdated"].([]any)
	if out["success"] != true || len(upd) != 1 || !strings.Contains(out["summary"].(string), "Updated 1 node") {
		t.Errorf("flowzap_diff: %v", out)
	}
	_, out = call(t, cs, "flowzap_apply_change", map[string]any{"code": twoLanes, "operations": []any{
		map[string]any{"op": "insertNode", "laneId": "api", "afterNodeId": "n3", "newNode": map[string]any{"shape": "rectangle", "label": "Charge card"}},
		map[string]any{"op": "insertEdge", "newEdge": map[string]any{"from": "n3", "to": "n5", "label": "charge"}},
		map[string]any{"op": "updateNode", "nodeId": "n4", "updates": map[string]any{"label": "Finished"}},
		map[string]any{"op": "removeEdge", "edgeId": "e3"},
	}})
	code, _ := out["code"].(string)
	if out["success"] != true || !strings.Contains(code, `n5: rectangle label:"Charge card"`) || !strings.Contains(code, `label:"Finished"`) ||
		strings.Contains(code, "n3.handle(right) -> n4.handle(left)") {
		t.Errorf("flowzap_apply_change: %v", out)
	}
	res, _ = call(t, cs, "flowzap_apply_change", map[string]any{"code": twoLanes, "operations": []any{map[string]any{"op": "removeNode"}}})
	if !res.IsError || !strings.Contains(textOf(res), `"success": false`) || !strings.Contains(textOf(res), "needs nodeId") {
		t.Errorf("flowzap_apply_change without nodeId: %s", textOf(res))
	}
	logs := `10.0.0.1 - - [10/Oct/2026:13:55:36 +0000] "GET /api/users/42 HTTP/1.1" 200 512 "-" "curl/8"
10.0.0.1 - - [10/Oct/2026:13:55:37 +0000] "POST /api/orders HTTP/1.1" 201 128 "-" "curl/8"
`
	_, out = call(t, cs, "flowzap_artifact_to_diagram", map[string]any{"artifactType": "http_logs", "content": logs})
	stats, _ := out["stats"].(map[string]any)
	if out["success"] != true || out["view"] != "sequence" || stats["stepCount"].(float64) < 2 || !strings.Contains(out["code"].(string), "GET /api/users/{id}") {
		t.Errorf("flowzap_artifact_to_diagram: %v", out)
	}
	res, _ = call(t, cs, "flowzap_get_syntax", map[string]any{})
	if !strings.Contains(textOf(res), "handle(") {
		t.Errorf("flowzap_get_syntax: %s", textOf(res))
	}
	_, out = call(t, cs, "flowzap_fix", map[string]any{"code": "a {\n  x: circle label=\"Go\"\n  y: rectangle label=\"Do\"\n  x -> y\n}\n", "lng": "fr"})
	if out["valid"] != true || len(out["corrections"].([]any)) == 0 || !strings.Contains(out["summary"].(string), "réparé") {
		t.Errorf("flowzap_fix: %v", out)
	}
	mm := "m { # Map\n  n1: circle label:\"Trip\"\n  n2: rectangle label:\"Budget\"\n  n3: rectangle label:\"Flights\"\n  n1.handle(right) -> n2.handle(left)\n  n2.handle(right) -> n3.handle(left)\n}\n"
	_, out = call(t, cs, "flowzap_mindmap_validate", map[string]any{"code": mm, "lng": "zh"})
	ms, _ := out["stats"].(map[string]any)
	if out["valid"] != true || ms["root"] != "Trip" || ms["branches"] != 1.0 || ms["depth"] != 2.0 || !strings.Contains(out["message"].(string), "思维导图") {
		t.Errorf("flowzap_mindmap_validate: %v", out)
	}
	_, out = call(t, cs, "flowzap_mindmap_approve", map[string]any{"code": mm})
	if out["approved"] != true {
		t.Errorf("flowzap_mindmap_approve: %v", out)
	}
	_, out = call(t, cs, "flowzap_mindmap_template", map[string]any{"topic": "Launch \"v2\"", "lng": "fr"})
	if c, _ := out["code"].(string); !strings.Contains(c, `label:"Launch \"v2\""`) || !strings.Contains(c, "Risques") {
		t.Errorf("flowzap_mindmap_template: %v", out)
	} else if _, o := call(t, cs, "flowzap_validate", map[string]any{"code": c}); o["valid"] != true {
		t.Errorf("the template is not valid: %v", o)
	}
}

// TestArgumentErrors checks wrong arguments come back as plain sentences.
func TestArgumentErrors(t *testing.T) {
	cs := session(t, Options{})
	for _, c := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"validate", map[string]any{"code": 7}, `argument "code" must be a string, not the number 7`},
		{"validate", map[string]any{}, `argument "code" is missing`},
		{"render", map[string]any{"code": good, "view": "kanban"}, `argument "view" is "kanban": expected one of workflow, sequence, architecture, mindmap`},
		{"apply_change", map[string]any{"code": good, "operations": []any{map[string]any{"op": "explode"}}}, `argument "operations[0].op" is "explode": expected one of insertNode`},
		{"apply_change", map[string]any{"code": good, "operations": "x"}, `argument "operations" must be a list, not "x"`},
		{"flowzap_create_playground", map[string]any{"code": good, "view": "gantt"}, `argument "view" is "gantt"`},
	} {
		res, _ := call(t, cs, c.tool, c.args)
		if !res.IsError || !strings.Contains(textOf(res), c.want) || strings.Contains(textOf(res), "Go") {
			t.Errorf("%s %v: got %q, want %q", c.tool, c.args, textOf(res), c.want)
		}
	}
}
