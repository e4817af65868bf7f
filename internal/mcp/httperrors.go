package mcp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"

	"flowzap/internal/jsonbody"
)

// JSON-RPC error codes of the HTTP transport's refusals.
const (
	rpcParseError     = -32700
	rpcInvalidRequest = -32600
	rpcMethodNotFound = -32601
)

// rpcErrors answers the MCP library's HTTP refusals (a body that is not
// JSON-RPC, a wrong method or content type, a body over its cap) with a
// JSON-RPC error response with no id, as the Streamable HTTP transport
// allows, instead of the library's plain text: a client reads every
// answer of the endpoint as JSON. The HTTP status is kept.
//
// A body not received in time (the server's read deadline) is 408, as
// the API's; the library answered 400 quoting the connection's
// addresses.
func rpcErrors(bodyTimeout time.Duration, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ew := &rpcErrorWriter{ResponseWriter: w, method: r.Method}
		if r.Method == http.MethodPost && r.Body != nil {
			// Kept to answer a refusal of the message's method with its
			// id; the body is already capped (--max-body).
			body, err := io.ReadAll(r.Body)
			ew.request = body
			r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{err}))
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				msg := "request timeout: the request body was not received in time"
				if bodyTimeout > 0 {
					msg = fmt.Sprintf("request timeout: the request body was not received within %s", bodyTimeout)
				}
				w.Header().Set("Connection", "close")
				writeRPCError(w, http.StatusRequestTimeout, nil, rpcInvalidRequest, msg)
				return
			}
			// A body sent as another type is the library's 415, whatever it holds.
			mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			isJSON := err == nil && mt == "application/json"
			if msg := notJSON(body); isJSON && msg != "" {
				// The library reads the first value and ignores what
				// follows it (a stray } or a second message).
				writeRPCError(w, http.StatusBadRequest, nil, rpcParseError, msg)
				return
			}
			if status, id, code, msg := bodyProblem(body); isJSON && msg != "" {
				// The library would answer with Go's words, another id or
				// no JSON-RPC code (see messageProblem).
				writeRPCError(w, status, id, code, msg)
				return
			}
		}
		h.ServeHTTP(ew, r)
		ew.finish()
	})
}

// writeRPCError answers a JSON-RPC error of code and msg to the message
// id (null when it has none, or none could be read), with the HTTP status.
func writeRPCError(w http.ResponseWriter, status int, id any, code int64, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	data, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id,
		"error": map[string]any{"code": code, "message": msg}})
	w.Write(append(data, '\n'))
}

// rpcErrorWriter holds back a plain-text error response to rewrite it.
type rpcErrorWriter struct {
	http.ResponseWriter
	method  string
	request []byte // the POST body
	status  int    // the held-back error's status; 0 when passing through
	body    bytes.Buffer
	written bool
	held    int          // a JSON answer's status, held back to check its error codes
	answer  bytes.Buffer // that answer
}

func (w *rpcErrorWriter) WriteHeader(code int) {
	if w.written || w.status != 0 || w.held != 0 {
		return
	}
	if code >= 400 && strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		w.status = code
		return
	}
	if code == http.StatusOK && w.method == http.MethodPost && strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		// One JSON answer (the endpoint never streams): held back so
		// that an error the library wrote without a JSON-RPC code, or
		// in Go's words, can be reworded (see coded).
		w.held = code
		return
	}
	w.written = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *rpcErrorWriter) Write(p []byte) (int, error) {
	if w.status != 0 {
		if w.body.Len() < 4<<10 {
			w.body.Write(p)
		}
		return len(p), nil
	}
	if !w.written && w.held == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.held != 0 {
		return w.answer.Write(p)
	}
	w.written = true
	return w.ResponseWriter.Write(p)
}

// Flush passes through unless an error is held back.
func (w *rpcErrorWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok && w.status == 0 && w.held == 0 {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (w *rpcErrorWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// finish writes the held-back error as JSON-RPC.
func (w *rpcErrorWriter) finish() {
	if w.held != 0 {
		body := w.answer.Bytes()
		if fixed, ok := codedBody(body); ok {
			body = fixed
			w.Header().Del("Content-Length")
		}
		w.ResponseWriter.WriteHeader(w.held)
		w.ResponseWriter.Write(body)
		return
	}
	if w.status == 0 {
		return
	}
	msg, code := rpcRefusal(w.status, w.method, w.body.String())
	var id any // null: the message could not be read
	if w.status == http.StatusBadRequest && strings.Contains(w.body.String(), "not handled") {
		// A message whose method the server does not serve: JSON-RPC's
		// method not found, answered to its id; a notification (no id)
		// gets no answer, as any notification.
		var m struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		if json.Unmarshal(w.request, &m) == nil && m.Method != "" {
			if len(m.ID) == 0 || string(m.ID) == "null" {
				w.Header().Del("Content-Type")
				w.Header().Del("Content-Length")
				w.ResponseWriter.WriteHeader(http.StatusAccepted)
				return
			}
			w.status, code, id = http.StatusOK, rpcMethodNotFound, m.ID
			msg = fmt.Sprintf("method %q not found: this server answers initialize, ping, tools/list and tools/call (see docs/mcp.md)", m.Method)
		}
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Del("Content-Length")
	if w.status == http.StatusMethodNotAllowed {
		h.Set("Allow", "POST, OPTIONS")
	}
	data, _ := json.Marshal(map[string]any{
		"jsonrpc": "2.0",
		"id":      id,
		"error":   map[string]any{"code": code, "message": msg},
	})
	w.ResponseWriter.WriteHeader(w.status)
	w.ResponseWriter.Write(append(data, '\n'))
}

// rpcRefusal words the library's refusal for a client: the first line
// of its text (it sometimes repeats itself), or what to do instead.
func rpcRefusal(status int, method, text string) (string, int) {
	text = strings.TrimSpace(text)
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = strings.TrimSpace(text[:i])
	}
	switch status {
	case http.StatusMethodNotAllowed:
		return fmt.Sprintf("%s is not served here: this MCP endpoint is stateless and answers JSON-RPC messages sent with POST (no event stream, no session to delete)", method), rpcInvalidRequest
	case http.StatusRequestEntityTooLarge:
		return "the request body is too large: " + text, rpcInvalidRequest
	case http.StatusUnsupportedMediaType:
		return text + ": send JSON-RPC messages as a JSON body", rpcInvalidRequest
	}
	if text == "" {
		text = http.StatusText(status)
	}
	if status == http.StatusBadRequest && strings.Contains(text, "unmarshal") {
		return text, rpcParseError
	}
	return text, rpcInvalidRequest
}

// errReader returns err (io.EOF when nil) once the body read ahead is
// used up, so the library sees the same end as when it reads the body.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) {
	if e.err == nil {
		return 0, io.EOF
	}
	return 0, e.err
}

// notJSON returns why body is not one JSON value (with the byte where
// it goes wrong), or "" when it is one.
func notJSON(body []byte) string {
	if json.Valid(body) {
		return "" // checked without building the value (up to the body cap)
	}
	var v any
	err := json.Unmarshal(body, &v)
	if err == nil {
		return ""
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("parse error: not valid JSON at byte %d: %s", se.Offset, jsonbody.SyntaxWords(body, se.Error(), int(se.Offset)))
	}
	return "parse error: " + err.Error()
}

// codedBody rewrites, in a JSON answer (one response or a batch of
// them), the error responses coded would change; ok is false when none.
func codedBody(body []byte) ([]byte, bool) {
	if !bytes.Contains(body, []byte(`"error"`)) {
		return nil, false
	}
	trimmed := bytes.TrimSpace(body)
	var raws []json.RawMessage
	batch := len(trimmed) > 0 && trimmed[0] == '['
	if batch {
		if json.Unmarshal(trimmed, &raws) != nil {
			return nil, false
		}
	} else {
		raws = []json.RawMessage{trimmed}
	}
	changed := false
	for i, raw := range raws {
		m, err := jsonrpc.DecodeMessage(raw)
		if err != nil {
			continue
		}
		if c := coded(m); c != m {
			data, err := jsonrpc.EncodeMessage(c)
			if err != nil {
				continue
			}
			raws[i], changed = data, true
		}
	}
	if !changed {
		return nil, false
	}
	if !batch {
		return append(raws[0], '\n'), true
	}
	data, err := json.Marshal(raws)
	if err != nil {
		return nil, false
	}
	return append(data, '\n'), true
}
