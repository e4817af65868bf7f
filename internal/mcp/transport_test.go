package mcp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// TestMalformedMessages sends every kind of broken message the stdio
// server may meet and checks each is answered with a JSON-RPC error while
// the session goes on.
func TestMalformedMessages(t *testing.T) {
	bad := []struct {
		line string
		code float64
		id   any
		msg  string // in the message, when set
	}{
		{"hello", -32700, nil, "found 'h': expected a JSON value"},
		{"\xff\xfe{\x00}\x00", -32700, nil, "found the byte 0xff at byte 1, which is not UTF-8: expected a JSON object in UTF-8 (the line starts with a UTF-16 byte order mark: send UTF-8)"},
		{"\xef\xbb\xbf{}", -32600, nil, `"jsonrpc" must be "2.0"`},
		{"\x00\x01\xff\xfe binary", -32700, nil, ""},
		{"{}", -32600, nil, ""},
		{`{"jsonrpc":"1.0","id":5,"method":"ping"}`, -32600, 5.0, ""},
		{`{"jsonrpc":"2.0","id":6,"method":7}`, -32600, 6.0, ""},
		{`{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}`, -32600, nil, ""},
		{strings.Repeat("[", 100000) + strings.Repeat("]", 100000), -32600, nil, ""},
		{strings.Repeat(`{"a":`, 100000) + "1" + strings.Repeat("}", 100000), -32700, nil, "JSON nested deeper than"},
		{`[{"jsonrpc":"2.0","id":7,"method":"ping"}]`, -32600, nil, ""},
		{`{"jsonrpc":"2.0","id":8,"method":"tools/call","params":"x"}`, -32600, 8.0, ""},
		{`{"jsonrpc":"2.0","id":9}`, -32600, 9.0, ""},
		{strings.Repeat("x", 2<<20), -32700, nil, ""}, // over the test's 1 MiB limit
	}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- NewServer(Options{}).Run(ctx, &lineTransport{r: inR, w: outW, maxLen: 1 << 20})
	}()
	sc := bufio.NewScanner(outR)
	sc.Buffer(nil, 1<<20)
	next := func() map[string]any {
		t.Helper()
		ch := make(chan map[string]any, 1)
		go func() {
			var m map[string]any
			if sc.Scan() {
				json.Unmarshal(sc.Bytes(), &m)
			}
			ch <- m
		}()
		select {
		case m := <-ch:
			return m
		case <-time.After(10 * time.Second):
			t.Fatal("no answer")
			return nil
		}
	}
	send := func(s string) {
		go inW.Write([]byte(s + "\n"))
	}
	// A call before initialize: invalid request, saying what comes first
	// (the library answered code 0, which JSON-RPC does not define).
	send(`{"jsonrpc":"2.0","id":0,"method":"tools/list"}`)
	if m := next(); m["id"] != 0.0 || m["error"] == nil || m["error"].(map[string]any)["code"] != -32600.0 ||
		!strings.Contains(fmt.Sprint(m["error"].(map[string]any)["message"]), "send initialize") {
		t.Errorf("tools/list before initialize: %v", m)
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`)
	if m := next(); m["result"] == nil {
		t.Fatalf("initialize: %v", m)
	}
	for _, b := range bad {
		send(b.line)
		m := next()
		e, _ := m["error"].(map[string]any)
		if e == nil || e["code"] != b.code || m["id"] != b.id {
			t.Errorf("%.40q: got %v, want code %v id %v", b.line, m, b.code, b.id)
		} else if msg := fmt.Sprint(e["message"]); !strings.Contains(msg, b.msg) || strings.Contains(msg, "invalid character") {
			t.Errorf("%.40q: message %q, want %q in plain words", b.line, msg, b.msg)
		}
		send(`{"jsonrpc":"2.0","id":"p","method":"ping"}`)
		if m := next(); m["id"] != "p" || m["result"] == nil {
			t.Fatalf("after %.40q the session stopped: %v", b.line, m)
		}
	}
	inW.Close()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop at the end of its input")
	}
}

// TestEndOfInputAnswersCalls: a client that writes its requests and
// closes its end at once (flowzap mcp < requests.jsonl) gets an answer to
// every call before the session ends; a call it cancelled is not waited
// for.
func TestEndOfInputAnswersCalls(t *testing.T) {
	code := `a { # A\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n  n1.handle(right) -> n2.handle(left)\n}\n`
	lines := []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
	}
	want := map[float64]bool{1: true}
	for i := 2; i < 12; i++ {
		tool := "render"
		if i%2 == 0 {
			tool = "validate"
		}
		lines = append(lines, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":%q,"arguments":{"code":"%s"}}}`, i, tool, code))
		want[float64(i)] = true
	}
	// A call that is cancelled gets no answer, and the end of the input
	// does not wait for one.
	lines = append(lines,
		`{"jsonrpc":"2.0","id":99,"method":"tools/call","params":{"name":"render","arguments":{"code":"`+code+`"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":99}}`)
	var out strings.Builder
	r := io.NopCloser(strings.NewReader(strings.Join(lines, "\n") + "\n"))
	w := &nopWriteCloser{&out}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	start := time.Now()
	NewServer(Options{}).Run(ctx, &lineTransport{r: r, w: w})
	if time.Since(start) > 30*time.Second {
		t.Errorf("the session took %v to end", time.Since(start))
	}
	got := map[float64]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if id, ok := m["id"].(float64); ok {
			if m["result"] == nil && id != 99 { // the cancelled call may be answered with an error, or not at all
				t.Errorf("call %v: %s", id, line)
			}
			got[id] = true
		}
	}
	for id := range want {
		if !got[id] {
			t.Errorf("call %v was not answered before the session ended", id)
		}
	}
}

type nopWriteCloser struct{ w io.Writer }

func (n *nopWriteCloser) Write(p []byte) (int, error) { return n.w.Write(p) }
func (n *nopWriteCloser) Close() error                { return nil }
