package mcp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
	"flowzap/internal/source"
)

// messageProblem checks one JSON-RPC message, read as an object, before
// the library sees it (whose own refusals name Go types, answer with
// another id or with code 0): it returns the id to answer with (nil
// for null), the error code and what is wrong, or msg "" when the
// message may go on. Both transports use it: stdio (one message a line)
// and Streamable HTTP (each message of a body).
func messageProblem(raw map[string]json.RawMessage) (id any, code int64, msg string) {
	id, idOK := readID(raw["id"])
	if v, ok := raw["jsonrpc"]; !ok || string(v) != `"2.0"` {
		return id, jsonrpc.CodeInvalidRequest, `invalid request: "jsonrpc" must be "2.0"`
	}
	if !idOK {
		return nil, jsonrpc.CodeInvalidRequest, "invalid request: the id must be a string, a number or null"
	}
	if msg := idProblem(raw["id"]); msg != "" {
		return id, jsonrpc.CodeInvalidRequest, msg
	}
	method, hasMethod := raw["method"]
	if !hasMethod {
		_, hasResult := raw["result"]
		_, hasError := raw["error"]
		if _, hasID := raw["id"]; !hasID || (!hasResult && !hasError) {
			return id, jsonrpc.CodeInvalidRequest, `invalid request: a message needs a "method" (a request or notification) or an "id" with a "result" or "error" (a response)`
		}
		return nil, 0, ""
	}
	var name string
	if json.Unmarshal(method, &name) != nil || name == "" {
		return id, jsonrpc.CodeInvalidRequest, "invalid request: the method must be a non-empty string"
	}
	p, hasParams := raw["params"]
	if hasParams && len(p) > 0 && p[0] != '{' && p[0] != '[' && string(p) != "null" {
		return id, jsonrpc.CodeInvalidRequest, "invalid request: params must be an object or an array"
	}
	if _, isCall := raw["id"]; isCall && id != nil {
		if msg := paramsProblem(name, p); msg != "" {
			return id, jsonrpc.CodeInvalidParams, msg
		}
	}
	return nil, 0, ""
}

// paramField is one parameter of an MCP method that the server reads:
// its JSON type and, for a string, the values it may take.
type paramField struct {
	kind     string // string or object
	required bool
	enum     []string
}

// mcpParams lists, for the methods this server answers, the parameters
// whose type the library checks with an error naming Go types.
var mcpParams = map[string]map[string]paramField{
	"initialize": {
		"protocolVersion": {kind: "string"},
		"capabilities":    {kind: "object"},
		"clientInfo":      {kind: "object"},
	},
	"tools/call": {
		"name": {kind: "string", required: true},
	},
	"tools/list":               {"cursor": {kind: "string"}},
	"resources/list":           {"cursor": {kind: "string"}},
	"resources/templates/list": {"cursor": {kind: "string"}},
	"prompts/list":             {"cursor": {kind: "string"}},
	"logging/setLevel": {
		"level": {kind: "string", required: true,
			enum: []string{"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"}},
	},
	"ping": {},
}

// paramsProblem says what is wrong with a request's params for an MCP
// method ("" when nothing or the method is not one of mcpParams): MCP's
// params are an object, and the fields the server reads have a type.
func paramsProblem(method string, p json.RawMessage) string {
	fields, known := mcpParams[method]
	if !known {
		return ""
	}
	p = bytes.TrimSpace(p)
	if len(p) == 0 || string(p) == "null" {
		p = []byte("{}")
	}
	if p[0] != '{' {
		return fmt.Sprintf("invalid params for %s: params must be an object, not %s", method, jsonKind(p))
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(p, &obj) != nil {
		return fmt.Sprintf("invalid params for %s: params must be an object", method)
	}
	if m, ok := obj["_meta"]; ok && jsonKind(m) != "an object" && string(m) != "null" {
		return fmt.Sprintf("invalid params for %s: _meta must be an object, not %s", method, jsonKind(m))
	}
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		f := fields[name]
		v, ok := obj[name]
		if !ok || string(v) == "null" {
			if f.required {
				return fmt.Sprintf("invalid params for %s: %q is missing: it is required (%s)", method, name, article(f.kind))
			}
			continue
		}
		if k := jsonKind(v); k != article(f.kind) {
			return fmt.Sprintf("invalid params for %s: %q must be %s, not %s", method, name, article(f.kind), k)
		}
		if len(f.enum) > 0 {
			var s string
			json.Unmarshal(v, &s)
			if !slices.Contains(f.enum, s) {
				return fmt.Sprintf("invalid params for %s: %q is %q: expected one of %s", method, name, s, strings.Join(f.enum, ", "))
			}
		}
	}
	return ""
}

// jsonKind names the type of a JSON value as the tools' errors do ("a
// string", "a list", ..., "the number 1").
func jsonKind(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "a list"
	case 't', 'f':
		return string(v)
	case 'n':
		return "null"
	}
	s := string(v)
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return "the number " + s
}

// bodyProblem checks an HTTP body that is one JSON value (see notJSON):
// a message (an object) or a batch (an array of them), each as
// messageProblem does. It returns the HTTP status, the id, the code and
// the refusal, or msg "" when the library may read the body. An invalid
// params error answers a request that could be read: 200, as the
// library answers a JSON-RPC error to a request; the others are 400.
func bodyProblem(body []byte) (status int, id any, code int64, msg string) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return 0, nil, 0, ""
	}
	var msgs []json.RawMessage
	switch body[0] {
	case '{':
		msgs = []json.RawMessage{body}
	case '[':
		if json.Unmarshal(body, &msgs) != nil || len(msgs) == 0 {
			return 0, nil, 0, "" // the library's "empty batch"
		}
	default:
		return 400, nil, jsonrpc.CodeInvalidRequest, fmt.Sprintf("invalid request: a message must be a JSON object (or a batch: a JSON array of objects), not %s", jsonKind(body))
	}
	for i, m := range msgs {
		m = bytes.TrimSpace(m)
		var raw map[string]json.RawMessage
		if len(m) == 0 || m[0] != '{' || json.Unmarshal(m, &raw) != nil {
			return 400, nil, jsonrpc.CodeInvalidRequest, fmt.Sprintf("invalid request: message %d of the batch must be a JSON object, not %s", i+1, jsonKind(m))
		}
		if id, code, msg := messageProblem(raw); msg != "" {
			if len(msgs) > 1 {
				msg = fmt.Sprintf("message %d of the batch: %s", i+1, msg)
			}
			if code == jsonrpc.CodeInvalidParams && len(msgs) == 1 {
				return 200, id, code, msg
			}
			return 400, id, code, msg
		}
	}
	return 0, nil, 0, ""
}

// maxDiagnostics bounds each list of diagnostics (and of corrections) a
// tool's answer carries, as the API's answers (pipeline.MaxListed): code a
// few hundred kilobytes long can hold hundreds of thousands of them
// (150,000 unclosed lanes made a 209 MB validate answer). The first ones
// are kept, in order.
const maxDiagnostics = pipeline.MaxListed

// firstOf keeps the first maxDiagnostics of l.
func firstOf[S ~[]E, E any](l S) S {
	if len(l) > maxDiagnostics {
		return l[:maxDiagnostics:maxDiagnostics]
	}
	return l
}

// printDiags prints the first maxDiagnostics of l, then how many more
// there are.
func printDiags(w io.Writer, l diag.List, f *source.File) {
	firstOf(l).Print(w, f)
	if n := len(l) - maxDiagnostics; n > 0 {
		fmt.Fprintf(w, "... and %d more (the first %d are listed)\n", n, maxDiagnostics)
	}
}
