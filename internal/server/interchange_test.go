package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"flowzap/internal/pipeline"
)

// TestExportAndImportFormats: /api/export writes other formats with their
// media type; /api/import reads them back as strict-valid code, or answers
// 422 with positioned diagnostics.
func TestExportAndImportFormats(t *testing.T) {
	ts := newTest(t, ":memory:", Options{})
	code := "a { # A\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n  n1.handle(right) -> n2.handle(left) [label=\"go\"]\n}\n"
	resp, body := do(t, ts, "POST", "/api/export", map[string]string{"code": code, "format": "mermaid"})
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/vnd.mermaid") ||
		!strings.Contains(string(body), `n1 -->|"go"| n2`) {
		t.Fatalf("export: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	resp, body = do(t, ts, "POST", "/api/import", map[string]string{"from": "mermaid", "source": string(body), "name": "a.mmd"})
	var out ImportResponse
	if err := json.Unmarshal(body, &out); err != nil || resp.StatusCode != http.StatusOK || !out.OK ||
		!strings.Contains(out.Code, `n1.handle(right) -> n2.handle(left) [label="go"]`) {
		t.Fatalf("import: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/import", map[string]string{"from": "mermaid", "source": "graph LR\n  A -->\n"})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"FZ401"`) || !strings.Contains(string(body), `"line":2`) {
		t.Errorf("bad import: %d %s", resp.StatusCode, body)
	}
	// Without "from": the name's extension, else the source's first lines.
	for _, req := range []map[string]string{
		{"source": "%% pasted\nflowchart LR\n  A[Start] --> B[Work]\n"},
		{"source": "sequenceDiagram\n  A->>B: hello\n", "name": "board.mmd"},
	} {
		resp, body = do(t, ts, "POST", "/api/import", req)
		if err := json.Unmarshal(body, &out); err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(out.Code, "Imported from Mermaid") {
			t.Errorf("import without from %v: %d %s", req, resp.StatusCode, body)
		}
	}
	resp, body = do(t, ts, "POST", "/api/import", map[string]string{"source": "A then B"})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `give \"from\" (mermaid, bpmn, drawio)`) {
		t.Errorf("import of an unknown source: %d %s", resp.StatusCode, body)
	}
	resp, _ = do(t, ts, "POST", "/api/import", map[string]string{"from": "visio", "source": "x"})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown format: %d", resp.StatusCode)
	}
	resp, _ = do(t, ts, "POST", "/api/export", map[string]string{"code": code, "format": "visio"})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown export format: %d", resp.StatusCode)
	}
}

// TestImportPastTheLimits: an import whose code is past the server's
// limits answers 413 saying which, instead of code that could never be
// drawn or saved on this server.
func TestImportPastTheLimits(t *testing.T) {
	ts := newTest(t, ":memory:", Options{Limits: pipeline.Limits{MaxNodes: 3, MaxEdges: 100, MaxLanes: 10, MaxLabel: 20}})
	for _, c := range []struct{ src, want string }{
		{"flowchart LR\n  A --> B --> C --> D\n", "the diagram has 4 nodes; the limit is 3"},
		{"flowchart LR\n  A[" + strings.Repeat("word ", 5) + "] --> B\n", "characters long; the limit is 20"},
	} {
		resp, body := do(t, ts, "POST", "/api/import", map[string]string{"from": "mermaid", "source": c.src})
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "imported from the mermaid input is past the limits") || !strings.Contains(string(body), c.want) {
			t.Errorf("import of %q: %d %s", c.src, resp.StatusCode, body)
		}
	}
	if resp, body := do(t, ts, "POST", "/api/import", map[string]string{"from": "mermaid", "source": "flowchart LR\n  A --> B --> C\n"}); resp.StatusCode != http.StatusOK {
		t.Errorf("import within the limits: %d %s", resp.StatusCode, body)
	}
}
