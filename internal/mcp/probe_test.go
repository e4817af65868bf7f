package mcp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
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
	// A field the operation needs, left out, is named with what to put.
	res, _ = call(t, cs, "apply_change", map[string]any{"code": good,
		"operations": []any{map[string]any{"op": "insertEdge", "from": "n2"}}})
	if msg := textOf(res); !res.IsError || !strings.Contains(msg, `operation 1 (insertEdge): to is missing: insertEdge needs the ID of the edge's target node`) {
		t.Errorf("missing field: isError=%v %q", res.IsError, msg)
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

// A cancelled call, or one past its time, returns at once even when the
// layout notices only later: the work is told to stop, and its result
// dropped. (The stdio server used to wait for the layout to finish.)
func TestMCPHeavyReturnsOnCancel(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	stubborn := func(context.Context) error { <-release; return nil } // never looks at ctx
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	start := time.Now()
	err := (&tools{}).heavy(ctx, stubborn)
	if !errors.Is(err, context.Canceled) || time.Since(start) > 2*time.Second {
		t.Errorf("cancelled: %v after %v", err, time.Since(start))
	}
	start = time.Now()
	err = bounded(context.Background(), 50*time.Millisecond, stubborn)
	if err == nil || !strings.Contains(err.Error(), "took longer than 50ms") || time.Since(start) > 2*time.Second {
		t.Errorf("timed out: %v after %v", err, time.Since(start))
	}
	// Work that finishes is answered as before.
	if err := bounded(context.Background(), time.Second, func(context.Context) error { return nil }); err != nil {
		t.Errorf("finished work: %v", err)
	}
	boom := errors.New("boom")
	if err := bounded(context.Background(), time.Second, func(context.Context) error { return boom }); err != boom {
		t.Errorf("failed work: %v", err)
	}
}

// On stdio, a call the client cancels gets no answer (MCP: the receiver
// of notifications/cancelled should not respond); the library still
// wrote the tool's "context canceled" result, which clients report as a
// response to an unknown request.
func TestMCPCancelledCallIsNotAnswered(t *testing.T) {
	started := make(chan struct{}, 1)
	opts := Options{Gate: func(ctx context.Context, _ func(context.Context) error) error {
		started <- struct{}{}
		<-ctx.Done() // a layout that runs until the call is cancelled
		return ctx.Err()
	}}
	inR, inW := io.Pipe()
	var out syncBuffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		NewServer(opts).Run(context.Background(), &lineTransport{r: inR, w: &nopWriteCloser{&out}})
	}()
	send := func(s string) {
		if _, err := io.WriteString(inW, s+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`)
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"render","arguments":{"code":` + strconvQuote(good) + `}}}`)
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("render did not start")
	}
	send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2,"reason":"user"}}`)
	send(`{"jsonrpc":"2.0","id":3,"method":"ping"}`)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), `"id":3`) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // room for a late answer to 2
	inW.Close()
	<-done
	got := out.String()
	if !strings.Contains(got, `"id":3`) {
		t.Fatalf("ping not answered: %s", got)
	}
	if strings.Contains(got, `"id":2`) {
		t.Errorf("the cancelled call was answered: %s", got)
	}
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The reference tells agents how the sequence view orders messages as
// the renderer does (flow order by default, written order on request),
// not FlowZap's "as the edges are written", which the renderer does
// only with order "written".
func TestMCPReferenceSequenceOrder(t *testing.T) {
	cs := session(t, Options{})
	res, _ := call(t, cs, "get_syntax", nil)
	ref := textOf(res)
	if !strings.Contains(ref, "messages in flow order") || !strings.Contains(ref, `order:"written"`) {
		t.Errorf("the reference does not say the sequence view's order: %s", ref)
	}
	// The order it describes is the renderer's: a lane written before
	// the flow reaches it comes after in the default order.
	code := "b { # B\n  n3: rectangle label:\"Second\"\n  n3.handle(top) -> a.n2.handle(bottom) [label=\"reply\"]\n}\n" +
		"a { # A\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Ask\"\n  n1.handle(right) -> n2.handle(left)\n  n2.handle(bottom) -> b.n3.handle(top) [label=\"request\"]\n}\n"
	first := func(order string) string {
		res, _ := call(t, cs, "render", map[string]any{"code": code, "view": "sequence", "format": "json", "order": order})
		var lay struct {
			Messages []struct {
				Label *struct{ Text string } `json:"label"`
			} `json:"messages"`
		}
		if err := json.Unmarshal([]byte(textOf(res)), &lay); err != nil {
			t.Fatalf("%s: %v %s", order, err, textOf(res))
		}
		for _, m := range lay.Messages {
			if m.Label != nil && (m.Label.Text == "request" || m.Label.Text == "reply") {
				return m.Label.Text
			}
		}
		return ""
	}
	if got := first(""); got != "request" {
		t.Errorf("default (flow) order: first message %q, want request", got)
	}
	if got := first("written"); got != "reply" {
		t.Errorf("written order: first message %q, want reply", got)
	}
}

// A call to a tool the server does not have stays a protocol error
// (invalid params), but says which tools there are and the one meant.
func TestMCPUnknownToolNamesTheTools(t *testing.T) {
	cs := session(t, Options{})
	for name, want := range map[string]string{
		"flowzap_render": `(did you mean "render"?)`,
		"validat":        `(did you mean "validate"?)`,
		"flowzap_fixx":   `(did you mean "flowzap_fix"?)`,
		"draw_picture":   `this server's tools are `,
	} {
		_, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: name, Arguments: map[string]any{}})
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, "unknown tool "+strconvQuote(name)) || !strings.Contains(msg, want) ||
			!strings.Contains(msg, "apply_change") || !strings.Contains(msg, "flowzap_mindmap_template") {
			t.Errorf("%s: %s", name, msg)
		}
		if name == "draw_picture" && strings.Contains(msg, "did you mean") {
			t.Errorf("%s: a guess for an unrelated name: %s", name, msg)
		}
		var we *jsonrpc.Error
		if !errors.As(err, &we) || we.Code != jsonrpc.CodeInvalidParams {
			t.Errorf("%s: not invalid params: %#v", name, err)
		}
	}
	// Known tools are unaffected.
	if res, _ := call(t, cs, "validate", map[string]any{"code": good}); res.IsError {
		t.Errorf("validate: %s", textOf(res))
	}
}

// A numeric id that is not a 64-bit integer is refused with the id as
// sent, on both transports: the library answered 1.5 as 1 and
// 12345678901234567890 as -9223372036854775808, which no client can
// match with its request.
func TestMCPNonIntegerIDs(t *testing.T) {
	bad := []string{"1.5", "12345678901234567890", "-1e300"}
	good := map[string]string{"7": "7", "-1": "-1", `"abc"`: `"abc"`, "1e3": "1000"}

	var lines []string
	lines = append(lines, `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	for _, id := range bad {
		lines = append(lines, `{"jsonrpc":"2.0","id":`+id+`,"method":"ping"}`)
	}
	for id := range good {
		lines = append(lines, `{"jsonrpc":"2.0","id":`+id+`,"method":"ping"}`)
	}
	var out strings.Builder
	NewServer(Options{}).Run(context.Background(), &lineTransport{r: io.NopCloser(strings.NewReader(strings.Join(lines, "\n") + "\n")), w: &nopWriteCloser{&out}})
	stdio := out.String()
	for _, id := range bad {
		if !strings.Contains(stdio, `"id":`+id+`,`) && !strings.Contains(stdio, `"id":`+id+`}`) ||
			!strings.Contains(stdio, "the id "+id+" must be a string or an integer") {
			t.Errorf("stdio: id %s: %s", id, stdio)
		}
	}
	for id, want := range good {
		if !strings.Contains(stdio, `"id":`+want+`,"result":{}`) {
			t.Errorf("stdio: id %s not answered as %s: %s", id, want, stdio)
		}
	}
	if strings.Contains(stdio, `"id":1,`) || strings.Contains(stdio, "-9223372036854775808") {
		t.Errorf("stdio: an id answered as another: %s", stdio)
	}

	srv := httptest.NewServer(NewHTTPHandler(Options{}))
	defer srv.Close()
	post := func(body string) (int, string) {
		req, _ := http.NewRequest("POST", srv.URL, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, id := range bad {
		code, body := post(`{"jsonrpc":"2.0","id":` + id + `,"method":"ping"}`)
		if code != 400 || !strings.Contains(body, `"id":`+id) || !strings.Contains(body, "must be a string or an integer") {
			t.Errorf("http: id %s: %d %s", id, code, body)
		}
	}
	if code, body := post(`[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2.5,"method":"ping"}]`); code != 400 || !strings.Contains(body, `"id":2.5`) {
		t.Errorf("http batch: %d %s", code, body)
	}
	for id, want := range good {
		code, body := post(`{"jsonrpc":"2.0","id":` + id + `,"method":"ping"}`)
		if code != 200 || !strings.Contains(body, `"id":`+want) {
			t.Errorf("http: id %s: %d %s", id, code, body)
		}
	}
}

// Every argument of every tool says what it is: an agent reads the
// schema to call a tool right the first time (apply_change's toSide,
// owner, description and system said nothing).
func TestMCPEveryArgumentDescribed(t *testing.T) {
	cs := session(t, Options{})
	lt, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	type schema struct {
		Description string             `json:"description"`
		Properties  map[string]*schema `json:"properties"`
		Items       *schema            `json:"items"`
	}
	var walk func(tool, path string, s *schema)
	walk = func(tool, path string, s *schema) {
		if s == nil {
			return
		}
		for name, p := range s.Properties {
			// Fields of FlowZap's own shapes keep its names; label
			// says what it is by itself.
			if p.Description == "" && name != "label" {
				t.Errorf("%s: argument %s%s has no description", tool, path, name)
			}
			walk(tool, path+name+".", p)
		}
		walk(tool, path, s.Items)
	}
	for _, tool := range lt.Tools {
		b, _ := json.Marshal(tool.InputSchema)
		var s schema
		json.Unmarshal(b, &s)
		walk(tool.Name, "", &s)
	}
}

// A second initialize on stdio is the client's mistake: invalid request
// (it was answered as an internal error, -32603), saying why.
func TestMCPDuplicateInitialize(t *testing.T) {
	init := `{"jsonrpc":"2.0","id":%d,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`
	in := fmt.Sprintf(init, 1) + "\n" + `{"jsonrpc":"2.0","method":"notifications/initialized"}` + "\n" + fmt.Sprintf(init, 2) + "\n"
	var out strings.Builder
	NewServer(Options{}).Run(context.Background(), &lineTransport{r: io.NopCloser(strings.NewReader(in)), w: &nopWriteCloser{&out}})
	var second map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m map[string]any
		json.Unmarshal([]byte(line), &m)
		if m["id"] == float64(2) {
			second = m
		}
	}
	e, _ := second["error"].(map[string]any)
	if e == nil || e["code"] != float64(-32600) || !strings.Contains(fmt.Sprint(e["message"]), "already initialized") {
		t.Errorf("second initialize: %v", second)
	}
}

// Our own tools refuse an argument they do not take, naming the nearest
// (render with veiw drew the workflow view without a word); lng is taken
// everywhere, and FlowZap's tools still take what its clients send.
func TestMCPUnknownArgument(t *testing.T) {
	cs := session(t, Options{})
	res, _ := call(t, cs, "render", map[string]any{"code": good, "veiw": "sequence"})
	if msg := textOf(res); !res.IsError || !strings.Contains(msg, `the arguments have an unknown field "veiw": expected one of code, format, order, scale, theme, view (did you mean "view"?)`) {
		t.Errorf("render veiw: isError=%v %q", res.IsError, msg)
	}
	res, _ = call(t, cs, "validate", map[string]any{"code": good, "lng": "fr"})
	if res.IsError {
		t.Errorf("validate with lng: %s", textOf(res))
	}
	res, _ = call(t, cs, "flowzap_validate", map[string]any{"code": good, "sessionId": "abc"})
	if res.IsError {
		t.Errorf("flowzap_validate with an extra argument: %s", textOf(res))
	}
}

// The unfiltered templates list is large; its description says how
// large, with the real count, so that an agent filters first.
func TestMCPTemplatesDescriptionSaysTheSize(t *testing.T) {
	cs := session(t, Options{})
	lt, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, out := call(t, cs, "templates", nil)
	n := len(out["templates"].([]any))
	kb := (len(textOf(res)) + 512) / 1024
	for _, tool := range lt.Tools {
		if tool.Name == "templates" {
			want := fmt.Sprintf("lists all %d templates (about %d KB of JSON)", n, kb)
			if !strings.Contains(tool.Description, want) {
				t.Errorf("description %q lacks %q", tool.Description, want)
			}
		}
	}
}

// Over HTTP, a body that is more than one JSON value (a stray } after
// the message, a second message) is a parse error naming the byte, not
// answered as if the rest were not there.
func TestMCPHTTPTrailingData(t *testing.T) {
	srv := httptest.NewServer(NewHTTPHandler(Options{}))
	defer srv.Close()
	post := func(body string) (int, string) {
		req, _ := http.NewRequest("POST", srv.URL, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("MCP-Protocol-Version", "2025-06-18")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	msg := `{"jsonrpc":"2.0","id":3,"method":"tools/list"}`
	for _, body := range []string{msg + "}", msg + " x", msg + msg, msg + "]"} {
		code, got := post(body)
		if code != 400 || !strings.Contains(got, `"code":-32700`) || !strings.Contains(got, fmt.Sprintf("at byte %d: found", len(msg)+strings.Count(body[len(msg):], " ")+1)) || !strings.Contains(got, "expected nothing after the JSON value") || strings.Contains(got, `"tools"`) {
			t.Errorf("%q: %d %.300s", body, code, got)
		}
	}
	if code, got := post(msg + "\n"); code != 200 || !strings.Contains(got, `"id":3`) {
		t.Errorf("one message and a newline: %d %.200s", code, got)
	}
}

// Over HTTP, a message that is not a JSON-RPC request the library can
// read (a number, a wrong-typed jsonrpc, method or id, params of the
// wrong shape for an MCP method) is refused as over stdio: in plain
// words with a JSON-RPC code and the request's id when it has one,
// never with Go's type names ("json: cannot unmarshal ... into Go
// value of type jsonrpc2.wireDecode") or code 0, which JSON-RPC does not
// define.
func TestMCPHTTPMalformedMessages(t *testing.T) {
	srv := httptest.NewServer(NewHTTPHandler(Options{}))
	defer srv.Close()
	cases := []struct {
		body   string
		status int
		code   int
		id     string
		says   string
	}{
		{`1`, 400, -32600, "null", "a message must be a JSON object (or a batch: a JSON array of objects), not the number 1"},
		{`null`, 400, -32600, "null", "not null"},
		{`"x"`, 400, -32600, "null", "not a string"},
		{`[1]`, 400, -32600, "null", "message 1 of the batch must be a JSON object"},
		{`{"jsonrpc":2,"id":4,"method":"ping"}`, 400, -32600, "4", `"jsonrpc" must be "2.0"`},
		{`{"jsonrpc":"2.0","id":5,"method":[]}`, 400, -32600, "5", "the method must be a non-empty string"},
		{`{"jsonrpc":"2.0","id":{},"method":"ping"}`, 400, -32600, "null", "the id must be a string, a number or null"},
		{`[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":true,"method":"ping"}]`, 400, -32600, "null", "message 2 of the batch"},
		{`{"jsonrpc":"2.0","id":6,"method":"tools/call","params":[]}`, 200, -32602, "6", "invalid params for tools/call: params must be an object, not a list"},
		{`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":1}}`, 200, -32602, "7", `"name" must be a string, not the number 1`},
		{`{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{}}`, 200, -32602, "8", `"name" is missing`},
		{`{"jsonrpc":"2.0","id":9,"method":"initialize","params":{"protocolVersion":1}}`, 200, -32602, "9", `"protocolVersion" must be a string`},
		{`{"jsonrpc":"2.0","id":10,"method":"initialize","params":{"protocolVersion":"2025-06-18","clientInfo":{"name":1}}}`, 200, -32602, "10", "invalid params for initialize"},
		{`{"jsonrpc":"2.0","id":11,"method":"logging/setLevel","params":{"level":"loud"}}`, 200, -32602, "11", `"level" is "loud": expected one of debug`},
		{`{"jsonrpc":"2.0","id":12,"method":"tools/list","params":{"cursor":5}}`, 200, -32602, "12", `"cursor" must be a string`},
	}
	for _, c := range cases {
		req, _ := http.NewRequest("POST", srv.URL, strings.NewReader(c.body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("MCP-Protocol-Version", "2025-06-18")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var m struct {
			ID    json.RawMessage `json:"id"`
			Error struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal(data, &m); err != nil || resp.StatusCode != c.status || m.Error.Code != c.code || string(m.ID) != c.id ||
			!strings.Contains(m.Error.Message, c.says) || strings.Contains(m.Error.Message, "Go ") || strings.Contains(m.Error.Message, "unmarshal") {
			t.Errorf("%s: %d %s\nwant %d, code %d, id %s, saying %q", c.body, resp.StatusCode, data, c.status, c.code, c.id, c.says)
		}
	}
	// A well-formed request still goes through, and so does a notification.
	for body, want := range map[string]int{
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_syntax","_meta":{"progressToken":1}}}`: 200,
		`{"jsonrpc":"2.0","method":"notifications/initialized","params":[]}`:                                        202,
	} {
		req, _ := http.NewRequest("POST", srv.URL, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || strings.Contains(string(data), `"error"`) {
			t.Errorf("%s: %d %.200s", body, resp.StatusCode, data)
		}
	}
}

// Over stdio, params of the wrong shape for an MCP method are invalid
// params in plain words, as over HTTP.
func TestMCPStdioInvalidParams(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go NewServer(Options{}).Run(ctx, &lineTransport{r: inR, w: outW})
	go func() {
		io.WriteString(inW, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`+"\n")
		io.WriteString(inW, `{"jsonrpc":"2.0","method":"notifications/initialized"}`+"\n")
		io.WriteString(inW, `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":["render"]}}`+"\n")
		io.WriteString(inW, `{"jsonrpc":"2.0","id":3,"method":"logging/setLevel","params":[]}`+"\n")
	}()
	dec := json.NewDecoder(outR)
	got := map[string]string{}
	for len(got) < 3 {
		var m struct {
			ID    json.RawMessage `json:"id"`
			Error *struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		s := "ok"
		if m.Error != nil {
			s = fmt.Sprint(m.Error.Code, " ", m.Error.Message)
		}
		got[string(m.ID)] = s
	}
	if got["2"] != `-32602 invalid params for tools/call: "name" must be a string, not a list` ||
		got["3"] != "-32602 invalid params for logging/setLevel: params must be an object, not a list" {
		t.Errorf("got %q", got)
	}
}

// Over HTTP, a tool call ends when its client goes away: the library
// gave the handlers a context without the request's end, so a layout
// went on to its end, holding a render slot, after the client left.
func TestMCPHTTPCallEndsWithClient(t *testing.T) {
	ended := make(chan error, 1)
	opts := Options{Checks: func(ctx context.Context) (func(), error) {
		// Stands for a long tool call: it waits for its context to end.
		select {
		case <-ctx.Done():
			ended <- ctx.Err()
		case <-time.After(10 * time.Second):
			ended <- nil
		}
		return func() {}, nil
	}}
	srv := httptest.NewServer(NewHTTPHandler(opts))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL, strings.NewReader(
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_syntax"}}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("answered %d before the client left", resp.StatusCode)
	}
	select {
	case err := <-ended:
		if err == nil {
			t.Error("the call went on after its client left")
		}
	case <-time.After(5 * time.Second):
		t.Error("the call went on after its client left")
	}
}

// Code with a diagnostic on each of thousands of lines is answered with
// the first maxDiagnostics of each list (150,000 unclosed lanes made a
// 209 MB validate answer), and a refusal that lists errors says how many
// more there are.
func TestMCPDiagnosticsCapped(t *testing.T) {
	cs := session(t, Options{})
	code := strings.Repeat("a {\n", maxDiagnostics+300)
	for _, tool := range []string{"validate", "flowzap_validate", "flowzap_mindmap_validate"} {
		_, out := call(t, cs, tool, map[string]any{"code": code})
		errs, _ := out["errors"].([]any)
		if len(errs) != maxDiagnostics {
			t.Errorf("%s: %d errors listed", tool, len(errs))
		}
	}
	for _, tool := range []string{"format", "render", "export_graph"} {
		res, _ := call(t, cs, tool, map[string]any{"code": code})
		txt := textOf(res)
		if !res.IsError || !strings.Contains(txt, "more (the first 1000 are listed)") || strings.Count(txt, "\n") > 6*maxDiagnostics {
			t.Errorf("%s: %d bytes, ends %q", tool, len(txt), txt[max(0, len(txt)-200):])
		}
	}
}
