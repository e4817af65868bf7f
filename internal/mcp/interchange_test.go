package mcp

import (
	"strings"
	"testing"
)

func TestExportImportDiagram(t *testing.T) {
	cs := session(t, Options{})
	code := "a { # A\n  n1: circle label:\"Start\"\n  n2: diamond label:\"OK?\"\n  n1.handle(right) -> n2.handle(left)\n}\n"
	res, out := call(t, cs, "export_diagram", map[string]any{"code": code, "format": "bpmn"})
	if res.IsError || out["extension"] != ".bpmn" || !strings.Contains(out["content"].(string), "<bpmn:exclusiveGateway id=\"n2\" name=\"OK?\">") {
		t.Fatalf("export: %s", textOf(res))
	}
	res, out = call(t, cs, "import_diagram", map[string]any{"from": "bpmn", "source": out["content"]})
	if res.IsError || out["ok"] != true || !strings.Contains(out["code"].(string), `n2: diamond label:"OK?"`) {
		t.Fatalf("import: %s", textOf(res))
	}
	// Without from: the source's first lines name the format.
	res, out = call(t, cs, "import_diagram", map[string]any{"source": "flowchart LR\n  A[Start] --> B{OK?}\n"})
	if res.IsError || out["ok"] != true || !strings.Contains(out["code"].(string), `diamond label:"OK?"`) {
		t.Fatalf("import without from: %s", textOf(res))
	}
	res, _ = call(t, cs, "import_diagram", map[string]any{"source": "A then B"})
	if !res.IsError || !strings.Contains(textOf(res), `give "from" (mermaid, bpmn, drawio)`) {
		t.Errorf("import of an unknown source: %s", textOf(res))
	}
	res, _ = call(t, cs, "import_diagram", map[string]any{"from": "mermaid", "source": "graph LR\n  A -->\n"})
	if !res.IsError || !strings.Contains(textOf(res), "input:2:") {
		t.Errorf("bad import: %s", textOf(res))
	}
	res, _ = call(t, cs, "export_diagram", map[string]any{"code": code, "format": "visio"})
	if !res.IsError {
		t.Errorf("unknown format accepted: %s", textOf(res))
	}
}
