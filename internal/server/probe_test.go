package server

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Patch failures name the operation and the field; unknown fields list
// the fields of the object they are in.
func TestPatchErrorsNameOperationAndField(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 1000, Burst: 1000})
	code := jsonString(patchCode)
	for _, c := range []struct {
		body   string
		status int
		want   string
	}{
		{`{"code": ` + code + `, "ops": [{"op": "insertNode", "lane": "pay", "label": "a\u0000b"}]}`, 422, `operation 1 (insertNode): label: control character U+0000`},
		{`{"code": ` + code + `, "ops": [{"op": "insertLoop", "nodes": ["n1", "n2"], "label": "a]b[c"}]}`, 422, `operation 1 (insertLoop): label: a loop condition cannot contain \"]\"`},
		{`{"code": ` + code + `, "ops": [{"op": "insertLoop", "nodes": ["n1", "n1"], "label": "x"}]}`, 422, `operation 1 (insertLoop): nodes: node \"n1\" is listed twice`},
		{`{"code": ` + code + `, "ops": [{"op": "removeNode", "id": "n1"}, {"op": "insertNode", "bogus": 1}]}`, 400, `operation 2 (insertNode): unknown field \"bogus\": expected one of \"after\", \"before\"`},
		{`{"code": ` + code + `, "opz": []}`, 400, `unknown field \"opz\": expected one of \"code\", \"lang\", \"ops\"`},
	} {
		resp, body := do(t, ts, "POST", "/api/patch", c.body)
		if resp.StatusCode != c.status || !strings.Contains(string(body), c.want) {
			t.Errorf("%s:\n got %d %s\nwant %d and %q", c.body, resp.StatusCode, body, c.status, c.want)
		}
	}
	resp, body := do(t, ts, "POST", "/api/fix/one", `{"code": "", "diagnostic": {"code": "FZ101", "line": 1, "col": 2}}`)
	if resp.StatusCode != 400 || !strings.Contains(string(body), `field \"diagnostic\": unknown field \"col\": expected one of \"code\", \"line\"`) {
		t.Errorf("fix/one nested: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/fix/one", `{"code": "", "diag": {}}`)
	if resp.StatusCode != 400 || !strings.Contains(string(body), `unknown field \"diag\": expected one of \"code\", \"diagnostic\"`) {
		t.Errorf("fix/one: %d %s", resp.StatusCode, body)
	}
}

// A body with a byte order mark is read; one nested too deeply, or with a
// stray character, is refused in plain words.
func TestJSONBodyPlainWords(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 1000, Burst: 1000})
	resp, body := do(t, ts, "POST", "/api/validate", "\xef\xbb\xbf"+`{"code": "a { # A\n  n1: circle label:\"x\"\n}\n"}`)
	if resp.StatusCode != 200 {
		t.Errorf("BOM: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/validate", `{"code": `+strings.Repeat("[", 10001))
	if resp.StatusCode != 400 || !strings.Contains(string(body), "JSON nested deeper than 10000 levels at line 1, column ") || strings.Contains(string(body), "invalid character") {
		t.Errorf("deep: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/validate", "\xff\xfe{}")
	if resp.StatusCode != 400 || strings.Contains(string(body), "invalid character") {
		t.Errorf("UTF-16 mark: %d %s", resp.StatusCode, body)
	}
}

// If-Match compares strongly: a weak tag never matches; a list matches
// when any tag in it is the current version; * matches any diagram.
func TestIfMatchListsAndWeakTags(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 1000, Burst: 1000})
	_, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": good})
	var c struct{ ID, Token string }
	json.Unmarshal(body, &c)
	auth := "Bearer " + c.Token
	put := func(ifMatch string) (int, string) {
		resp, body := do(t, ts, "PUT", "/api/diagrams/"+c.ID, map[string]any{"code": good + "// " + ifMatch + "\n"}, "Authorization", auth, "If-Match", ifMatch)
		return resp.StatusCode, resp.Header.Get("ETag") + " " + string(body)
	}
	for _, tc := range []struct {
		ifMatch string
		status  int
	}{
		{`W/"v1"`, 412},       // weak: never matches
		{`"v9", W/"v1"`, 412}, // no strong tag names v1
		{`"v0x"`, 400},
		{`"v1", `, 400},
		{`"v7", "v1"`, 200}, // now v2
		{`"v1", "v3"`, 412},
		{`"v1","v2"`, 200}, // now v3
		{`*`, 200},         // now v4
		{`"v4"`, 200},
	} {
		if status, body := put(tc.ifMatch); status != tc.status {
			t.Errorf("If-Match %s: %d %s, want %d", tc.ifMatch, status, body, tc.status)
		}
	}
	if status, body := put(`W/"v5"`); status != 412 || !strings.Contains(body, `"v5"`) {
		t.Errorf("weak tag of the current version: %d %s, want 412 with the current ETag", status, body)
	}
	resp, _ := do(t, ts, "PUT", "/api/diagrams/nosuchdiagram", map[string]any{"code": good}, "Authorization", auth, "If-Match", `"v1", "v2"`)
	if resp.StatusCode != 404 {
		t.Errorf("list on a missing diagram: %d", resp.StatusCode)
	}
}

// A rename must say the name: a missing or null name is refused (it does
// not clear the name), "" clears it, and a format character is refused
// with its place.
func TestRenameNeedsName(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 1000, Burst: 1000})
	_, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": good})
	var c struct{ ID, Token string }
	json.Unmarshal(body, &c)
	auth := "Bearer " + c.Token
	path := "/api/diagrams/" + c.ID + "/name"
	if resp, body := do(t, ts, "PUT", path, `{"name": "Orders"}`, "Authorization", auth); resp.StatusCode != 200 {
		t.Fatalf("rename: %d %s", resp.StatusCode, body)
	}
	for _, b := range []string{`{}`, `{"name": null}`} {
		if resp, body := do(t, ts, "PUT", path, b, "Authorization", auth); resp.StatusCode != 400 || !strings.Contains(string(body), "name is required") {
			t.Errorf("%s: %d %s", b, resp.StatusCode, body)
		}
	}
	if resp, body := do(t, ts, "PUT", path, `{"name": "abc\u202etxt"}`, "Authorization", auth); resp.StatusCode != 400 || !strings.Contains(string(body), "U+202E at character 4") {
		t.Errorf("bidi override: %d %s", resp.StatusCode, body)
	}
	_, body = do(t, ts, "GET", "/api/diagrams/"+c.ID+"/versions", nil)
	if !strings.Contains(string(body), `"Orders"`) {
		t.Errorf("a refused rename changed the name: %s", body)
	}
	if resp, body := do(t, ts, "PUT", path, `{"name": ""}`, "Authorization", auth); resp.StatusCode != 200 || !strings.Contains(string(body), `"name":""`) {
		t.Errorf("clear: %d %s", resp.StatusCode, body)
	}
}

// /api/fix keeps an emoji-only label rather than emptying it.
func TestFixKeepsEmojiOnlyLabel(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 1000, Burst: 1000})
	resp, body := do(t, ts, "POST", "/api/fix", map[string]any{"code": "main { # Main\n  n1: rectangle label:\"😀😀😀\"\n}\n"})
	var got struct{ Code string }
	json.Unmarshal(body, &got)
	if resp.StatusCode != 200 || !strings.Contains(got.Code, `label:"😀😀😀"`) {
		t.Errorf("fix: %d %s", resp.StatusCode, body)
	}
}

// TestOptionsAllowMatches405: on every API route, OPTIONS's Allow (and a
// CORS preflight's Access-Control-Allow-Methods) lists exactly the
// methods that do not answer 405, and a 405 carries the same Allow.
func TestOptionsAllowMatches405(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 10000, Burst: 10000})
	var spec struct {
		Paths map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(OpenAPI), &spec); err != nil {
		t.Fatal(err)
	}
	paths := []string{"/api/mcp", "/api/playground/create"}
	for p := range spec.Paths {
		p = strings.NewReplacer("{id}", "x1", "{version}", "1").Replace(p)
		paths = append(paths, p)
	}
	for _, p := range paths {
		var served []string
		for _, m := range []string{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"} {
			resp, _ := do(t, ts, m, p, `{}`, "Accept", "application/json, text/event-stream")
			if resp.StatusCode != 405 {
				served = append(served, m)
			} else if a := resp.Header.Get("Allow"); a == "" {
				t.Errorf("%s %s: 405 without Allow", m, p)
			}
		}
		want := strings.Join(append(served, "OPTIONS"), ", ")
		resp, _ := do(t, ts, "OPTIONS", p, nil)
		if got := resp.Header.Get("Allow"); resp.StatusCode != 204 || got != want {
			t.Errorf("OPTIONS %s: %d Allow %q, want %q", p, resp.StatusCode, got, want)
		}
		resp, _ = do(t, ts, "OPTIONS", p, nil, "Origin", "https://elsewhere.example", "Access-Control-Request-Method", "POST")
		if got := resp.Header.Get("Access-Control-Allow-Methods"); got != want {
			t.Errorf("preflight %s: Access-Control-Allow-Methods %q, want %q", p, got, want)
		}
	}
	resp, body := do(t, ts, "GET", "/api/playground/create", nil)
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST, OPTIONS" {
		t.Errorf("GET /api/playground/create: %d %q %s", resp.StatusCode, resp.Header.Get("Allow"), body)
	}
}

// Each code endpoint takes exactly its own fields: others are refused
// with its own list, and openapi.json describes the same fields as the
// request type the handler reads.
func TestEndpointFields(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 1000, Burst: 1000})
	code := jsonString(good)
	for _, c := range []struct {
		path, body string
		status     int
		want       string
	}{
		{"/api/format", `{"code": ` + code + `, "theme": "nonsense"}`, 400, `unknown field \"theme\": expected one of \"code\"`},
		{"/api/fix", `{"code": ` + code + `, "view": "zzz"}`, 400, `unknown field \"view\": expected one of \"code\"`},
		{"/api/export", `{"code": ` + code + `, "scale": -5}`, 400, `unknown field \"scale\": expected one of \"code\", \"format\"`},
		{"/api/render", `{"code": ` + code + `, "strict": true}`, 400, `unknown field \"strict\": expected one of \"code\", \"format\", \"lang\", \"number\", \"order\", \"scale\", \"theme\", \"view\"`},
		{"/api/render", `{"code": ` + code + `, "scale": -5}`, 400, `scale -5 out of range: expected a number above 0 and at most 8`},
		{"/api/render", `{"code": ` + code + `, "format": "png", "scale": 99}`, 400, `at most 8`},
		{"/api/validate", `{"code": ` + code + `, "scale": 2}`, 400, `unknown field \"scale\": expected one of \"code\", \"lang\", \"order\", \"strict\", \"view\"`},
		{"/api/validate", `{"code": ` + code + `, "strict": true, "view": "sequence", "order": "written"}`, 200, `"valid"`},
		{"/api/format", `{"code": ` + code + `}`, 200, `"code"`},
		{"/api/export", `{"code": ` + code + `, "format": "mermaid"}`, 200, ``},
	} {
		resp, body := do(t, ts, "POST", c.path, c.body)
		if resp.StatusCode != c.status || !strings.Contains(string(body), c.want) {
			t.Errorf("%s %s:\n got %d %s\nwant %d and %q", c.path, c.body, resp.StatusCode, body, c.status, c.want)
		}
	}

	var spec struct {
		Paths map[string]struct {
			Post struct {
				RequestBody struct {
					Content map[string]struct {
						Schema struct {
							Ref string `json:"$ref"`
						} `json:"schema"`
					} `json:"content"`
				} `json:"requestBody"`
			} `json:"post"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(OpenAPI), &spec); err != nil {
		t.Fatal(err)
	}
	for path, v := range map[string]any{"/api/validate": ValidateRequest{}, "/api/render": RenderRequest{}, "/api/format": CodeOnlyRequest{},
		"/api/fix": CodeOnlyRequest{}, "/api/export": ExportRequest{}, "/api/patch": PatchRequest{}, "/api/fix/one": FixOneRequest{}} {
		ref := spec.Paths[path].Post.RequestBody.Content["application/json"].Schema.Ref
		var documented []string
		if ref != "" {
			for k := range spec.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")].Properties {
				documented = append(documented, k)
			}
		}
		var fields []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			if f := rt.Field(i); f.IsExported() {
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				fields = append(fields, name)
			}
		}
		slices.Sort(documented)
		slices.Sort(fields)
		if ref != "" && !slices.Equal(documented, fields) {
			t.Errorf("%s: openapi.json (%s) lists %v, the handler reads %v", path, ref, documented, fields)
		}
	}
}

// TestNonAPIErrorsAreJSON: outside /api/ too, a path no route serves is
// a JSON 404 and a method a path does not take a JSON 405 with Allow
// (they were the mux's plain text, without the error body clients parse).
func TestNonAPIErrorsAreJSON(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 1000, Burst: 1000})
	for _, c := range []struct {
		method, path string
		status       int
		allow, want  string
	}{
		{"PUT", "/openapi.json", 405, "GET, HEAD, OPTIONS", "PUT is not allowed on /openapi.json"},
		{"POST", "/metrics", 405, "GET, HEAD, OPTIONS", "POST is not allowed on /metrics"},
		{"POST", "/", 405, "GET, HEAD, OPTIONS", "POST is not allowed on /"},
		{"DELETE", "/playground/abc", 405, "GET, HEAD, OPTIONS", "DELETE is not allowed"},
		{"GET", "/no/such/page", 404, "", "no such page: GET /no/such/page"},
	} {
		resp, body := do(t, ts, c.method, c.path, nil)
		var e ErrorBody
		if resp.StatusCode != c.status || resp.Header.Get("Allow") != c.allow || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
			json.Unmarshal(body, &e) != nil || e.Status != c.status || !strings.Contains(e.Error, c.want) {
			t.Errorf("%s %s: %d Allow %q %s, want %d Allow %q and %q", c.method, c.path, resp.StatusCode, resp.Header.Get("Allow"), body, c.status, c.allow, c.want)
		}
	}
	if resp, _ := do(t, ts, "OPTIONS", "/openapi.json", nil); resp.StatusCode != 204 || resp.Header.Get("Allow") != "GET, HEAD, OPTIONS" {
		t.Errorf("OPTIONS /openapi.json: %d %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	if resp, _ := do(t, ts, "GET", "/openapi.json", nil); resp.StatusCode != 200 {
		t.Errorf("GET /openapi.json: %d", resp.StatusCode)
	}
}

// TestErrorsNameWhatWasFound: a 415 names the Content-Type sent, and a
// 404 names the diagram, version or snapshot asked for (both said only
// what to do, or "not found").
func TestErrorsNameWhatWasFound(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "e.db"), Options{RateLimit: 1000, Burst: 1000})
	for _, c := range []struct {
		ct, want string
	}{
		{"text/plain", `found Content-Type \"text/plain\": expected application/json`},
		{"", `found no Content-Type: expected application/json`},
	} {
		req, _ := http.NewRequest("POST", ts.URL+"/api/render", strings.NewReader(`{"code":"x"}`))
		if c.ct != "" {
			req.Header.Set("Content-Type", c.ct)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 415 || !strings.Contains(string(body), c.want) {
			t.Errorf("Content-Type %q: %d %s, want 415 and %q", c.ct, resp.StatusCode, body, c.want)
		}
	}
	resp, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": good})
	var made struct{ ID, Token string }
	if json.Unmarshal(body, &made) != nil || resp.StatusCode != 201 {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	for _, c := range []struct {
		method, path, want string
	}{
		{"GET", "/api/diagrams/" + made.ID + "/versions/7", `diagram \"` + made.ID + `\" has no version 7`},
		{"GET", "/api/playground/nosuch", `no snapshot or playground session \"nosuch\"`},
		{"DELETE", "/api/diagrams/" + made.ID, ""},
		{"GET", "/api/diagrams/" + made.ID, `no diagram \"` + made.ID + `\" (it was never saved, or it has been deleted)`},
		{"PUT", "/api/diagrams/" + made.ID, `no diagram \"` + made.ID + `\"`},
	} {
		resp, body := do(t, ts, c.method, c.path, map[string]any{"code": good}, "Authorization", "Bearer "+made.Token)
		if c.want == "" {
			if resp.StatusCode != 204 {
				t.Fatalf("%s %s: %d %s", c.method, c.path, resp.StatusCode, body)
			}
			continue
		}
		if resp.StatusCode != 404 || !strings.Contains(string(body), c.want) {
			t.Errorf("%s %s: %d %s, want 404 and %q", c.method, c.path, resp.StatusCode, body, c.want)
		}
	}
}

// TestMissingFieldsAndEncodings: a body that leaves out a required field
// is 400 naming it (it was read as empty code: 200 from /api/format, 422
// "empty file" elsewhere), and a compressed body is 415 naming its
// Content-Encoding (it was 400 "not UTF-8").
func TestMissingFieldsAndEncodings(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 1000, Burst: 1000})
	for _, p := range []string{"/api/validate", "/api/render", "/api/format", "/api/fix", "/api/export", "/api/patch", "/api/playground", "/api/diagrams"} {
		resp, body := do(t, ts, "POST", p, `{}`)
		if resp.StatusCode != 400 || !strings.Contains(string(body), `missing field \"code\": expected it in the object, a string`) {
			t.Errorf("%s without code: %d %s", p, resp.StatusCode, body)
		}
	}
	resp, body := do(t, ts, "POST", "/api/patch", map[string]any{"code": good})
	if resp.StatusCode != 400 || !strings.Contains(string(body), `missing field \"ops\": expected it in the object, a JSON array`) {
		t.Errorf("/api/patch without ops: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, ts, "POST", "/api/diagrams", `{"code": "x", "code": `+jsonString(good)+`}`); resp.StatusCode != 400 || !strings.Contains(string(body), `found the field \"code\" a second time`) {
		t.Errorf("code given twice: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, ts, "POST", "/api/render", `{"code": "x"}}`); resp.StatusCode != 400 || !strings.Contains(string(body), "found more after the JSON value") {
		t.Errorf("a closing brace after the body: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, ts, "POST", "/api/format", map[string]any{"code": ""}); resp.StatusCode != 200 {
		t.Errorf("/api/format with empty code: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/validate", map[string]any{"code": good}, "Content-Encoding", "gzip")
	if resp.StatusCode != 415 || !strings.Contains(string(body), `found Content-Encoding \"gzip\": expected none`) {
		t.Errorf("a gzip body: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/validate", map[string]any{"code": good}, "Content-Type", "application/json; charset=utf-16")
	if resp.StatusCode != 415 || !strings.Contains(string(body), `found charset \"utf-16\": expected UTF-8`) {
		t.Errorf("a UTF-16 body: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, ts, "POST", "/api/validate", map[string]any{"code": good}, "Content-Type", "application/json; charset=UTF-8"); resp.StatusCode != 200 {
		t.Errorf("charset=UTF-8: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, ts, "POST", "/api/validate", map[string]any{"code": good}, "Content-Encoding", "identity"); resp.StatusCode != 200 {
		t.Errorf("Content-Encoding identity: %d %s", resp.StatusCode, body)
	}
}

// TestTemplatesUnknownParameter: a misspelt filter is 400 naming it and
// the parameters taken (it listed every template).
func TestTemplatesUnknownParameter(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 1000, Burst: 1000})
	resp, body := do(t, ts, "GET", "/api/templates?categroy=devops", nil)
	if resp.StatusCode != 400 || !strings.Contains(string(body), `unknown query parameter \"categroy\": expected category, complexity, q, tag, view`) {
		t.Errorf("misspelt filter: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, ts, "GET", "/api/templates?category=devops&q=&tag=&view=&complexity=", nil); resp.StatusCode != 200 {
		t.Errorf("known filters: %d %s", resp.StatusCode, body)
	}
	// A filter given twice was read as its first value, the other
	// dropped; a thumbnail took any parameter and the first of each.
	for path, want := range map[string]string{
		"/api/templates?category=devops&category=data":                        `query parameter \"category\" given 2 times: expected it once`,
		"/api/templates/ab-testing/thumbnail.svg?view=sequence&view=workflow": `query parameter \"view\" given 2 times`,
		"/api/templates/ab-testing/thumbnail.svg?veiw=sequence":               `unknown query parameter \"veiw\": expected theme, view`,
	} {
		if resp, body := do(t, ts, "GET", path, nil); resp.StatusCode != 400 || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d %s", path, resp.StatusCode, body)
		}
	}
	if resp, body := do(t, ts, "GET", "/api/templates/ab-testing/thumbnail.svg?view=sequence&theme=dark", nil); resp.StatusCode != 200 {
		t.Errorf("a thumbnail with its parameters: %d %.200s", resp.StatusCode, body)
	}
}

// TestBodyEndpointsRefuseQuery: an option sent in the query string of an
// endpoint that takes a JSON body is 400 naming it (POST
// /api/render?format=png drew an SVG without a word); GETs still take
// none of it into account and answer as usual.
func TestBodyEndpointsRefuseQuery(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 1000, Burst: 1000})
	code := "a { # A\n  n1: circle label:\"Go\"\n}\n"
	for _, path := range []string{"/api/render?format=png", "/api/validate?strict=1", "/api/diagrams?view=sequence", "/api/playground/create?x", "/api/import?from=mermaid"} {
		resp, body := do(t, ts, "POST", path, map[string]any{"code": code})
		name := strings.SplitN(strings.SplitN(path, "?", 2)[1], "=", 2)[0]
		if resp.StatusCode != 400 || !strings.Contains(string(body), `unknown query parameter \"`+name+`\"`) || !strings.Contains(string(body), "fields of the JSON body") {
			t.Errorf("POST %s: %d %s", path, resp.StatusCode, body)
		}
	}
	resp, body := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": code})
	if resp.StatusCode != 201 {
		t.Fatalf("save: %d %s", resp.StatusCode, body)
	}
	var saved struct{ ID string }
	json.Unmarshal(body, &saved)
	if resp, body := do(t, ts, "GET", "/api/diagrams/"+saved.ID+"?t=1", nil); resp.StatusCode != 200 {
		t.Errorf("GET with a query: %d %s", resp.StatusCode, body)
	}
}

// TestImportUnreadableHasError: an input that cannot be read is a 422
// with error and status, as every error answer of the API, in the
// request's language, besides its diagnostics (a client that reads
// error found none).
func TestImportUnreadableHasError(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 1000, Burst: 1000})
	for lang, want := range map[string]string{"": "the mermaid input cannot be read: the diagnostics say where", "fr": "l'entrée mermaid ne peut pas être lue"} {
		resp, body := do(t, ts, "POST", "/api/import", map[string]any{"from": "mermaid", "source": "nonsense", "lang": lang})
		var got struct {
			OK          bool
			Error       string
			Status      int
			Diagnostics []any
		}
		json.Unmarshal(body, &got)
		if resp.StatusCode != 422 || got.OK || got.Status != 422 || !strings.Contains(got.Error, want) || len(got.Diagnostics) == 0 {
			t.Errorf("lang %q: %d %s", lang, resp.StatusCode, body)
		}
	}
	resp, body := do(t, ts, "POST", "/api/import", map[string]any{"from": "mermaid", "source": "flowchart LR\n  A --> B\n"})
	if resp.StatusCode != 200 || strings.Contains(string(body), `"error"`) || strings.Contains(string(body), `"status"`) {
		t.Errorf("a readable input: %d %s", resp.StatusCode, body)
	}
}
