package mcp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// handler is a typed tool handler. A nil result is built from out (as
// structured content and its JSON as text); an error becomes a tool error
// whose text is the error's message.
type handler[In, Out any] func(ctx context.Context, req *sdk.CallToolRequest, in In) (*sdk.CallToolResult, Out, error)

// hints are a tool's behaviour annotations.
type hints struct {
	readOnly   bool // never changes anything outside the call
	idempotent bool // the same arguments give the same answer
}

// enums gives the allowed values of properties, by dotted path: "view",
// "operations.op" (a property of the objects in the operations array).
type enums map[string][]string

// addTool registers a tool whose input schema is inferred from In, refined
// with enums, and whose arguments are checked by this package rather than
// by the SDK so that a wrong argument is reported as a plain sentence
// ("argument \"code\" must be a string, not a number").
func addTool[In, Out any](s *sdk.Server, t *sdk.Tool, h hints, en enums, fn handler[In, Out]) {
	schema := func() *jsonschema.Schema {
		in, err := jsonschema.For[In](nil)
		if err != nil {
			panic(fmt.Sprintf("mcp: input schema of %s: %v", t.Name, err))
		}
		for path, vals := range en {
			p := schemaAt(in, path)
			if p == nil {
				panic(fmt.Sprintf("mcp: %s has no property %s", t.Name, path))
			}
			p.Enum = nil
			for _, v := range vals {
				p.Enum = append(p.Enum, v)
			}
		}
		if p := in.Properties["lng"]; p != nil {
			p.Pattern = lngPattern
		}
		// Accept properties the schema does not list: FlowZap's clients
		// send some that only some tools read.
		in.AdditionalProperties = nil
		return in
	}
	// in checks the arguments (an optional list or object may come as
	// null); the schema published says each property's one type, as the
	// clients that refuse type lists (["null", "array"]) need.
	in := schema()
	if !strings.HasPrefix(t.Name, "flowzap_") {
		// Our own tools refuse an argument they do not take (veiw for
		// view would otherwise draw the default view without a word);
		// FlowZap's names stay open for its clients, and lng, which
		// they send to every tool, is taken everywhere.
		in.AdditionalProperties = &jsonschema.Schema{Not: &jsonschema.Schema{}}
	}
	published := schema()
	singleTypes(published)
	tt := *t
	tt.InputSchema = published
	if ot := reflect.TypeFor[Out](); ot != reflect.TypeFor[any]() {
		if ot.Kind() == reflect.Pointer {
			ot = ot.Elem() // the schema of the value; a nil pointer sends no structured content
		}
		out, err := jsonschema.ForType(ot, nil)
		if err != nil {
			panic(fmt.Sprintf("mcp: output schema of %s: %v", t.Name, err))
		}
		tt.OutputSchema = out
	}
	no := false
	tt.Annotations = &sdk.ToolAnnotations{Title: t.Title, ReadOnlyHint: h.readOnly, IdempotentHint: h.idempotent, OpenWorldHint: &no}
	if !h.readOnly {
		tt.Annotations.DestructiveHint = &no
	}
	s.AddTool(&tt, func(ctx context.Context, req *sdk.CallToolRequest) (*sdk.CallToolResult, error) {
		raw := req.Params.Arguments
		if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
			raw = json.RawMessage("{}")
		}
		var generic any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&generic); err != nil {
			return toolError("the arguments are not valid JSON: " + err.Error()), nil
		}
		if msg := checkValue(in, generic, ""); msg != "" {
			return toolError(msg), nil
		}
		var v In
		if err := json.Unmarshal(raw, &v); err != nil {
			return toolError(plainJSONError(err)), nil
		}
		res, out, err := fn(ctx, req, v)
		if err != nil {
			return toolError(err.Error()), nil
		}
		if res == nil {
			res = &sdk.CallToolResult{}
		}
		if tt.OutputSchema != nil && !isNil(out) {
			b, err := json.Marshal(out)
			if err != nil {
				return nil, fmt.Errorf("encoding the result: %w", err)
			}
			res.StructuredContent = json.RawMessage(b)
			if res.Content == nil {
				res.Content = []sdk.Content{&sdk.TextContent{Text: string(b)}}
			}
		}
		if res.Content == nil {
			res.Content = []sdk.Content{}
		}
		return res, nil
	})
}

// singleTypes replaces, all through sc, a type list of one type and
// "null" (how an optional Go slice, map or pointer is inferred) by that
// type alone: an absent property says the same, and Gemini's and
// OpenAI's strict tool calling refuse type lists.
func singleTypes(sc *jsonschema.Schema) {
	if sc == nil {
		return
	}
	if len(sc.Types) == 2 && slices.Contains(sc.Types, "null") {
		for _, t := range sc.Types {
			if t != "null" {
				sc.Type, sc.Types = t, nil
			}
		}
	}
	for _, p := range sc.Properties {
		singleTypes(p)
	}
	singleTypes(sc.Items)
	singleTypes(sc.AdditionalProperties)
	for _, l := range [][]*jsonschema.Schema{sc.AnyOf, sc.OneOf, sc.AllOf, sc.PrefixItems} {
		for _, x := range l {
			singleTypes(x)
		}
	}
	for _, d := range sc.Defs {
		singleTypes(d)
	}
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

func toolError(msg string) *sdk.CallToolResult {
	return &sdk.CallToolResult{IsError: true, Content: []sdk.Content{&sdk.TextContent{Text: msg}}}
}

// schemaAt returns the schema of the property at a dotted path, looking
// through arrays into their items.
func schemaAt(s *jsonschema.Schema, path string) *jsonschema.Schema {
	for _, part := range strings.Split(path, ".") {
		for s != nil && s.Items != nil {
			s = s.Items
		}
		if s == nil || s.Properties == nil {
			return nil
		}
		s = s.Properties[part]
	}
	return s
}

func schemaTypes(s *jsonschema.Schema) []string {
	if s.Type != "" {
		return []string{s.Type}
	}
	return s.Types
}

// checkValue checks v against the parts of s that tool schemas use (type,
// enum, required, properties, items) and returns the first problem as a
// sentence, or "".
func checkValue(s *jsonschema.Schema, v any, path string) string {
	name := "the arguments"
	if path != "" {
		name = "argument " + strconv.Quote(path)
	}
	if types := schemaTypes(s); len(types) > 0 {
		got := jsonType(v)
		ok := slices.Contains(types, got) || (got == "integer" && slices.Contains(types, "number"))
		if !ok && slices.Contains(types, "integer") && got == "number" {
			return fmt.Sprintf("%s must be a whole number, not %s", name, describe(v))
		}
		if !ok {
			var want []string
			for _, t := range types {
				if t != "null" {
					want = append(want, article(t))
				}
			}
			return fmt.Sprintf("%s must be %s, not %s", name, strings.Join(want, " or "), describe(v))
		}
	}
	if len(s.Enum) > 0 && v != nil {
		if !slices.ContainsFunc(s.Enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(v) }) {
			var want []string
			for _, e := range s.Enum {
				want = append(want, fmt.Sprint(e))
			}
			if str, ok := v.(string); ok && str == "" {
				return ""
			}
			return fmt.Sprintf("%s is %s: expected one of %s", name, describe(v), strings.Join(want, ", "))
		}
	}
	if str, ok := v.(string); ok && s.Pattern != "" && str != "" {
		if re, err := regexp.Compile(s.Pattern); err == nil && !re.MatchString(str) {
			if s.Pattern == lngPattern {
				return fmt.Sprintf("%s is %s: expected en, fr or zh, alone or with a region (fr-FR, zh-CN)", name, describe(v))
			}
			return fmt.Sprintf("%s is %s: expected a match of %s", name, describe(v), s.Pattern)
		}
	}
	switch x := v.(type) {
	case map[string]any:
		for _, r := range s.Required {
			if _, ok := x[r]; !ok {
				return fmt.Sprintf("argument %s is missing: it is required", strconv.Quote(join(path, r)))
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if closed(s) {
			// A misspelt field (lable for label) would otherwise be
			// dropped without a word, and the operation done without it.
			for _, k := range keys {
				if _, ok := s.Properties[k]; !ok && !(path == "" && k == "lng") {
					return unknownField(path, k, s)
				}
			}
		}
		for _, k := range keys {
			if ps, ok := s.Properties[k]; ok {
				if msg := checkValue(ps, x[k], join(path, k)); msg != "" {
					return msg
				}
			}
		}
	case []any:
		if s.Items != nil {
			for i, e := range x {
				if msg := checkValue(s.Items, e, fmt.Sprintf("%s[%d]", path, i)); msg != "" {
					return msg
				}
			}
		}
	}
	return ""
}

// closed reports whether s refuses properties it does not list
// (additionalProperties: false, as inferred for a Go struct).
func closed(s *jsonschema.Schema) bool {
	a := s.AdditionalProperties
	return a != nil && a.Not != nil && reflect.ValueOf(*a.Not).IsZero() && len(s.Properties) > 0
}

// unknownField words a property an object does not take: where, the
// fields it takes, and the nearest one when the name looks misspelt.
func unknownField(path, k string, s *jsonschema.Schema) string {
	where := "the arguments"
	if path != "" {
		where = "argument " + strconv.Quote(path)
	}
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	slices.Sort(names)
	has := "has"
	if path == "" {
		has = "have"
	}
	msg := fmt.Sprintf("%s %s an unknown field %s: expected one of %s", where, has, strconv.Quote(k), strings.Join(names, ", "))
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(strings.ToLower(k), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", strconv.Quote(best))
	}
	return msg
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if f, err := x.Float64(); err == nil && f == math.Trunc(f) && !strings.ContainsAny(string(x), ".eE") {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

func article(t string) string {
	switch t {
	case "string":
		return "a string"
	case "integer":
		return "a whole number"
	case "number":
		return "a number"
	case "boolean":
		return "true or false"
	case "array":
		return "a list"
	case "object":
		return "an object"
	}
	return t
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case string:
		if len(x) > 40 {
			x = x[:40] + "..."
		}
		return strconv.Quote(x)
	case json.Number:
		return "the number " + string(x)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprint(v)
}

// plainJSONError turns encoding/json's errors into a sentence without Go
// type names.
func plainJSONError(err error) string {
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		return fmt.Sprintf("argument %q has the wrong type (%s)", te.Field, te.Value)
	}
	return "the arguments could not be read: " + err.Error()
}
