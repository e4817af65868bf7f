package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"flowzap/internal/pipeline"
	"flowzap/internal/server"
	"flowzap/internal/store"
)

const adjusted = `api { # API
  n1: circle label:"Request"
  n2: rectangle label:"Check token"
  n3: rectangle label:"Answer"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n2.handle(bottom) -> db.n4.handle(top) [label="lookup"]
}
db { # Database
  n4: rectangle label:"Sessions"
  n4.handle(top) -> api.n3.handle(bottom) [label="row"]
}

// @layout v1
// @layout lane order=db,api
// @layout node n2 dx=40 dy=-16
// @layout node n4 dx=-24
`

// TestLayoutBlockDrawnAlikeEverywhere renders code with a @layout block
// in every view through the CLI, the HTTP API and the MCP render tool:
// the same bytes, and not the picture without the block.
func TestLayoutBlockDrawnAlikeEverywhere(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ts := httptest.NewServer(server.New(st, server.Options{RateLimit: 1000, Burst: 1000}))
	t.Cleanup(ts.Close)
	cs := mcpSession(t)
	dir := t.TempDir()
	plainCode := adjusted[:bytes.Index([]byte(adjusted), []byte("\n// @layout"))+1]
	for _, view := range pipeline.Views {
		for _, format := range []string{"svg", "json"} {
			cli := rawCLI(t, dir, adjusted, "render", "--view", view, "--format", format, "input.fz")
			api := rawPost(t, ts.URL+"/api/render", map[string]any{"code": adjusted, "view": view, "format": format})
			res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "render", Arguments: map[string]any{"code": adjusted, "view": view, "format": format}})
			if err != nil || res.IsError {
				t.Fatalf("mcp render: %v %+v", err, res)
			}
			tool := res.Content[0].(*sdk.TextContent).Text
			if cli != api || cli != tool {
				t.Errorf("%s %s: the CLI (%d bytes), the API (%d) and MCP (%d) differ", view, format, len(cli), len(api), len(tool))
			}
			plain := rawCLI(t, dir, plainCode, "render", "--view", view, "--format", format, "input.fz")
			if view != "mindmap" && plain == cli {
				t.Errorf("%s %s: the block changes nothing", view, format)
			}
			if view == "mindmap" && plain != cli {
				t.Errorf("mind map: the block must be ignored")
			}
		}
	}
	// The workflow layout: db drawn first, n2 moved by its offset
	// relative to n1 (its row) and n4 left of where it was.
	var a, b struct {
		Lanes []struct{ ID string }
		Nodes []struct {
			ID   string
			X, Y float64
		}
	}
	json.Unmarshal([]byte(rawCLI(t, dir, adjusted, "render", "--format", "json", "input.fz")), &a)
	json.Unmarshal([]byte(rawCLI(t, dir, plainCode, "render", "--format", "json", "input.fz")), &b)
	if a.Lanes[0].ID != "db" || b.Lanes[0].ID != "api" {
		t.Errorf("lane order: %v vs %v", a.Lanes, b.Lanes)
	}
	pos := func(l any, id string) (float64, float64) {
		for _, n := range l.([]struct {
			ID   string
			X, Y float64
		}) {
			if n.ID == id {
				return n.X, n.Y
			}
		}
		t.Fatalf("no node %s", id)
		return 0, 0
	}
	ax1, ay1 := pos(a.Nodes, "n1")
	ax2, ay2 := pos(a.Nodes, "n2")
	bx1, by1 := pos(b.Nodes, "n1")
	bx2, by2 := pos(b.Nodes, "n2")
	if (ay2-ay1)-(by2-by1) != -16 || (ax2-ax1)-(bx2-bx1) < 40 {
		t.Errorf("n2 relative to n1: moved %v across, %v down; want at least 40 and -16", (ax2-ax1)-(bx2-bx1), (ay2-ay1)-(by2-by1))
	}
}

func rawCLI(t *testing.T, dir, code string, args ...string) string {
	t.Helper()
	writeInput(t, dir, code)
	var out, errs bytes.Buffer
	if c := Run(context.Background(), args, Env{Stdout: &out, Stderr: &errs, Dir: dir}); c != exitOK {
		t.Fatalf("flowzap %v exited %d: %s", args, c, errs.String())
	}
	return out.String()
}

func rawPost(t *testing.T, url string, body any) string {
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
	return string(data)
}
