package jsonbody

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

type request struct {
	Code   string  `json:"code"`
	View   string  `json:"view,omitempty"`
	Scale  float64 `json:"scale,omitempty"`
	Number bool    `json:"number,omitempty"`
}

type op struct {
	Op   string `json:"op"`
	Node string `json:"node"`
}

type batch struct {
	Code string `json:"code"`
	Ops  []op   `json:"ops"`
}

func TestDecodeWords(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		into     func() any
		want     string
	}{
		{"empty", "", func() any { return &request{} }, "found nothing: expected a JSON object"},
		{"null for an object", " null\n", func() any { return &request{} }, "line 1, column 2: found null: expected a JSON object"},
		{"not UTF-8", "{\"code\": \"a\xffb\"}", func() any { return &request{} }, "line 1, column 12: found the byte 0xff, which is not UTF-8: expected JSON text in UTF-8"},
		{"lone high surrogate", `{"code": "a\ud800b"}`, func() any { return &request{} }, `line 1, column 12: found \ud800, half of a UTF-16 surrogate pair: expected a character (a pair such as \ud83d\ude00, or the character itself)`},
		{"lone low surrogate", "{\n \"code\": \"\\uDC00\"}", func() any { return &request{} }, `line 2, column 11: found \uDC00, half of a UTF-16 surrogate pair: expected a character (a pair such as \ud83d\ude00, or the character itself)`},
		{"high then not low", `{"code": "\ud83d\u0041"}`, func() any { return &request{} }, `line 1, column 11: found \ud83d, half of a UTF-16 surrogate pair: expected a character (a pair such as \ud83d\ude00, or the character itself)`},
		{"blank", " \n\t", func() any { return &[]op{} }, "found nothing: expected a JSON array"},
		{"cut short", `{"code": "a`, func() any { return &request{} }, "line 1, column 12: the JSON ends early: expected the rest of a JSON object"},
		{"cut after a brace", "{\n\n", func() any { return &request{} }, "line 1, column 2: the JSON ends early: expected the rest of a JSON object"},
		{"syntax", "{\n  \"code\": x\n}", func() any { return &request{} }, "line 2, column 11: found 'x': expected a JSON value (an object, an array, a string, a number, true, false or null)"},
		{"byte order mark", "\xef\xbb\xbf{\"code\": x}", func() any { return &request{} }, "line 1, column 10: found 'x': expected a JSON value (an object, an array, a string, a number, true, false or null)"},
		{"too deep", `{"code": ` + strings.Repeat("[", MaxDepth+1), func() any { return &request{} }, fmt.Sprintf("JSON nested deeper than %d levels at line 1, column %d", MaxDepth, 9+MaxDepth)},
		{"not ASCII", "{\"code\": \u00e9}", func() any { return &request{} }, "line 1, column 10: found the character U+00E9: expected a JSON value (an object, an array, a string, a number, true, false or null)"},
		{"array for object", `[1, 2]`, func() any { return &request{} }, "line 1, column 1: found an array: expected a JSON object"},
		{"object for array", `{"op": "x"}`, func() any { return &[]op{} }, "line 1, column 1: found an object: expected a JSON array"},
		{"number for string", `{"view": "workflow", "code": 5}`, func() any { return &request{} }, `line 1, column 30: field "code": found a number: expected a string`},
		{"too large", `{"n": 300}`, func() any {
			return &struct {
				N int8 `json:"n"`
			}{}
		}, `line 1, column 7: field "n": found the number 300: expected a whole number`},
		{"string for number", `{"scale": "2"}`, func() any { return &request{} }, `line 1, column 11: field "scale": found a string: expected a number`},
		{"string for bool", "{\n \"number\": \"yes\"}", func() any { return &request{} }, `line 2, column 12: field "number": found a string: expected true or false`},
		{"bool for string", `{"code": true}`, func() any { return &request{} }, `line 1, column 10: field "code": found true or false: expected a string`},
		{"object for string, nested", `{"ops": [{"op": {"a": 1}}]}`, func() any { return &batch{} }, `line 1, column 17: field "ops.op": found an object: expected a string`},
		{"unknown field, flat", `{"code": "", "veiw": "sequence"}`, func() any { return &request{} }, `unknown field "veiw": expected one of "code", "number", "scale", "view"`},
		{"unknown field, nested", `{"code": "", "ops": [{"op": "x", "nod": "n1"}]}`, func() any { return &batch{} }, `field "ops", element 1: unknown field "nod": expected one of "node", "op"`},
		{"unknown field in an array", `[{"op": "x", "nod": "n1"}]`, func() any { return &[]op{} }, `element 1: unknown field "nod": expected one of "node", "op"`},
		{"two values", "{\"code\": \"\"}\n {}", func() any { return &request{} }, "line 2, column 2: found more after the JSON value: expected one value only"},
		// A field given twice was read as its last value.
		{"field twice", "{\"code\": \"a\",\n \"code\": \"b\"}", func() any { return &request{} }, `line 2, column 2: found the field "code" a second time in one object: expected each field once`},
		{"field twice, nested", `{"code": "", "ops": [{"op": "x"}, {"op": "y", "node": "n", "op": "z"}]}`, func() any { return &batch{} }, `line 1, column 60: found the field "op" a second time in one object: expected each field once`},
		// A closing bracket after the value was taken as nothing more.
		{"closing brace after", `{"code": "x"}}`, func() any { return &request{} }, "line 1, column 14: found more after the JSON value: expected one value only"},
		{"closing bracket after", "{\"code\": \"x\"}\n ]]", func() any { return &request{} }, "line 2, column 2: found more after the JSON value: expected one value only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Decode([]byte(tc.in), tc.into())
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Decode(%q) = %v, want an *Error", tc.in, err)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("Decode(%q):\n got %s\nwant %s", tc.in, got, tc.want)
			}
			if strings.Contains(err.Error(), "Go ") || strings.Contains(err.Error(), "json:") {
				t.Errorf("Decode(%q) names Go's types or package: %s", tc.in, err)
			}
		})
	}
}

func TestDecodeValid(t *testing.T) {
	var r request
	if err := Decode([]byte(" {\"code\": \"a\", \"scale\": 2}\n\n"), &r); err != nil {
		t.Fatal(err)
	}
	if r.Code != "a" || r.Scale != 2 {
		t.Errorf("decoded %+v", r)
	}
	// Escapes that name characters: a surrogate pair, and text that only
	// looks like a lone half (after an escaped backslash or quote).
	for in, want := range map[string]string{
		`{"code": "\ud83d\ude00 \u00e9"}`: "😀 é",
		`{"code": "\\ud800"}`:             `\ud800`,
		`{"code": "\"\\\"\\ud800"}`:       `"\"\ud800`,
	} {
		var r request
		if err := Decode([]byte(in), &r); err != nil || r.Code != want {
			t.Errorf("Decode(%s) = %q, %v; want %q", in, r.Code, err, want)
		}
	}
}

// A leading byte order mark is dropped, not refused.
func TestDecodeByteOrderMark(t *testing.T) {
	var r request
	if err := Decode([]byte("\xef\xbb\xbf{\"code\": \"a\"}"), &r); err != nil || r.Code != "a" {
		t.Fatalf("Decode with a BOM = %v, %+v; want code \"a\"", err, r)
	}
}

// TestRequire: a required field left out is named, with what it takes;
// present (even empty or null) it passes.
func TestRequire(t *testing.T) {
	type req struct {
		Code string `json:"code"`
		N    int    `json:"n,omitempty"`
	}
	for _, c := range []struct {
		data  string
		names []string
		want  string
	}{
		{`{}`, []string{"code"}, `missing field "code": expected it in the object, a string`},
		{`{"code": "x"}`, []string{"code", "n"}, `missing field "n": expected it in the object, a whole number`},
		{`{"code": ""}`, []string{"code"}, ``},
		{"\xef\xbb\xbf{\"code\": \"\"}", []string{"code"}, ``},
	} {
		var v req
		err := Require([]byte(c.data), &v, c.names...)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("Require(%s, %v) = %q, want %q", c.data, c.names, got, c.want)
		}
	}
}
