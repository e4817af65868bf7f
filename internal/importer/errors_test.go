package importer

import (
	"errors"
	"testing"
)

// TestInputErrorsArePositioned: input an importer cannot read is an
// Error at the line (and column, when the decoder knows it) of the
// problem, saying what was found and what was expected, for YAML and
// JSON syntax errors, values of the wrong kind and lines in another
// format.
func TestInputErrorsArePositioned(t *testing.T) {
	for _, tc := range []struct {
		name      string
		run       func([]byte) (string, error)
		src       string
		line, col int
		msg       string
	}{
		{"yaml syntax", OpenAPI, "openapi: 3.0.0\npaths:\n  /a: {get: [\n", 3, 0, "not an OpenAPI document: did not find expected node content"},
		{"yaml kind", OpenAPI, "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      tags: pets\n", 5, 0, "GET /a: found the text `pets`, expected a list"},
		{"json kind", OpenAPI, `{"openapi": "3.1.0", "paths": {"/a": {"post": {"responses": [1]}}}}`, 1, 0, "POST /a: found a list, expected a mapping"},
		{"har syntax", HAR, "{\"log\": {\"entries\": [\n  {\"request\": {}, }\n]}}", 2, 19, "not a HAR file (expected JSON with log.entries): invalid character '}' looking for beginning of object key string"},
		{"har kind", HAR, "{\"log\": {\"entries\": [\n  {\"response\": {\"status\": \"200\"}}\n]}}", 2, 31, "not a HAR file (expected JSON with log.entries): log.entries.response.status is text, expected a number"},
		{"har url", HAR, "{\"log\": {\"entries\": [\n  {\"request\": {\"method\": \"GET\", \"url\": \"https://a.example/x\"}},\n  {\"request\": {\"url\": \"/login\"}}\n]}}", 3, 23, `entry 2: request URL "/login" is not absolute: expected a URL with a scheme and a host`},
		{"path item kind", OpenAPI, "openapi: 3.0.0\npaths:\n  /a:\n  /b: 5\n", 4, 7, "/b: found the number `5`, expected a mapping of methods to operations"},
		{"path item list", OpenAPI, "openapi: 3.0.0\npaths:\n  /b:\n    - get\n", 4, 5, "/b: found a list, expected a mapping of methods to operations"},
		{"log", AccessLog, "\n# nothing here\n", 2, 1, `no line is in combined or common log format: found "# nothing here", expected lines like: 203.0.113.7 - - [10/Oct/2026:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 512`},
	} {
		_, err := tc.run([]byte(tc.src))
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: want a positioned error, got %v", tc.name, err)
			continue
		}
		if e.Line != tc.line || e.Col != tc.col || e.Msg != tc.msg {
			t.Errorf("%s: got %d:%d %q, want %d:%d %q", tc.name, e.Line, e.Col, e.Msg, tc.line, tc.col, tc.msg)
		}
	}
}
