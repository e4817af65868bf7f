package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"flowzap/internal/mcp"
	"flowzap/internal/server"
	"flowzap/internal/store"
)

// frontEndInputs cover a clean file, warnings, errors with notes, the
// sequence and mind-map views, strict mode, and text that JSON escapes.
var frontEndInputs = []struct {
	name, code, view string
	strict           bool
}{
	{name: "clean", code: "a { # A\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"A & B <x>\"\n  n1.handle(right) -> n2.handle(left)\n}\n"},
	{name: "warnings", code: "a {\n  n1: circle label=\"Début\"\n  n2: circle label:\"Fin\"\n  n1 -> n2\n}\n"},
	{name: "strict", strict: true, code: "a {\n  n1: circle label=\"Début\"\n  n2: circle label:\"Fin\"\n  n1 -> n2\n}\n"},
	{name: "errors with notes", code: "a { # A\n  n1: circle label:\"One\"\n  n1: rectangle label:\"Again\"\n  n1.handle(right) -> n9.handle(left)\n}\n"},
	{name: "sequence", view: "sequence", code: "c { # Client\n  n1: rectangle label:\"Ask\"\n  n1.handle(bottom) -> s.n2.handle(top) [label=\"GET\"]\n}\ns { # Server\n  n2: rectangle label:\"Answer\"\n}\n"},
	{name: "mind map", view: "mindmap", code: "a { # A\n  n1: circle label:\"Root\"\n  n2: rectangle label:\"Idea\"\n  n3: diamond label:\"Choice?\"\n  n4: circle label:\"End\"\n  n1.handle(right) -> n2.handle(left)\n  n2.handle(right) -> n3.handle(left)\n  n3.handle(right) -> n4.handle(left)\n}\n"},
	{name: "syntax error", code: "a { # A\n  n1: circle label:\"Start\n"},
}

// TestFrontEndsAgree runs the same input through the CLI's --json output,
// the HTTP API and the MCP tools: validate and fix must answer byte for
// byte the same (compared as compact JSON, since the CLI indents).
func TestFrontEndsAgree(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ts := httptest.NewServer(server.New(st, server.Options{RateLimit: 1000, Burst: 1000}))
	t.Cleanup(ts.Close)
	cs := mcpSession(t)
	dir := t.TempDir()
	for _, in := range frontEndInputs {
		t.Run(in.name, func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, "input.fz"), []byte(in.code), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"check", "--json"}
			if in.strict {
				args = append(args, "--strict")
			}
			if in.view != "" {
				args = append(args, "--view", in.view)
			}
			cli := runCLI(t, dir, append(args, "input.fz")...)
			api := post(t, ts.URL+"/api/validate", map[string]any{"code": in.code, "strict": in.strict, "view": in.view})
			tool := callTool(t, cs, "validate", map[string]any{"code": in.code, "strict": in.strict, "view": in.view})
			same(t, "validate", cli, api, tool)
			if !strings.Contains(cli, `"file":"input.fz"`) {
				t.Errorf("the report does not name the file: %s", cli)
			}

			cli = runCLI(t, dir, "fix", "--json", "input.fz")
			api = post(t, ts.URL+"/api/fix", map[string]any{"code": in.code})
			tool = callTool(t, cs, "fix", map[string]any{"code": in.code})
			same(t, "fix", cli, api, tool)
		})
	}
	// The notes of a diagnostic and the mind map's omitted nodes reach JSON.
	var rep struct {
		Errors []struct {
			Notes []struct{ Message string } `json:"notes"`
		} `json:"errors"`
	}
	out := post(t, ts.URL+"/api/validate", map[string]any{"code": frontEndInputs[3].code})
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Errors) == 0 || len(rep.Errors[0].Notes) == 0 {
		t.Errorf("the duplicate's note is missing from the JSON report: %s", out)
	}
	if out := runCLI(t, dir, "check", "--json", "--view", "mindmap", writeInput(t, dir, frontEndInputs[5].code)); !strings.Contains(out, `"FZ`) || !strings.Contains(out, "mind map:") {
		t.Errorf("check --view mindmap leaves out the mind map's notes: %s", out)
	}
}

func writeInput(t *testing.T, dir, code string) string {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "input.fz"), []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	return "input.fz"
}

// runCLI runs flowzap in dir and returns its standard output as compact JSON.
func runCLI(t *testing.T, dir string, args ...string) string {
	t.Helper()
	var out, errs bytes.Buffer
	code := Run(context.Background(), args, Env{Stdout: &out, Stderr: &errs, Dir: dir})
	if code != exitOK && code != exitFail {
		t.Fatalf("flowzap %v exited %d: %s", args, code, errs.String())
	}
	return compact(t, out.Bytes())
}

func post(t *testing.T, url string, body any) string {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %s: %s", url, resp.Status, data)
	}
	return compact(t, data)
}

func mcpSession(t *testing.T) *sdk.ClientSession {
	t.Helper()
	ctx := context.Background()
	ct, st := sdk.NewInMemoryTransports()
	ss, err := mcp.NewServer(mcp.Options{}).Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "test", Version: "1"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

// callTool returns the tool's JSON result as the server wrote it (the text
// content carries the structured output's JSON in field order).
func callTool(t *testing.T, cs *sdk.ClientSession, name string, args map[string]any) string {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if res.IsError || len(res.Content) != 1 {
		t.Fatalf("%s: unexpected result %+v", name, res)
	}
	tc, ok := res.Content[0].(*sdk.TextContent)
	if !ok {
		t.Fatalf("%s: content is %T, want text", name, res.Content[0])
	}
	return compact(t, []byte(tc.Text))
}

func compact(t *testing.T, b []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatalf("not JSON: %v: %s", err, b)
	}
	return buf.String()
}

func same(t *testing.T, what, cli, api, tool string) {
	t.Helper()
	if cli != api {
		t.Errorf("%s: the CLI and the HTTP API differ:\ncli: %s\napi: %s", what, cli, api)
	}
	if cli != tool {
		t.Errorf("%s: the CLI and the MCP tool differ:\ncli: %s\nmcp: %s", what, cli, tool)
	}
}
