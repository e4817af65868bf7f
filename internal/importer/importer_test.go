package importer

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/model"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// strict checks the code passes strict mode and returns its statistics.
func strict(t *testing.T, code string) (lanes, nodes, edges int) {
	t.Helper()
	f, pd := syntax.Parse(source.NewFile("import.fz", []byte(code)))
	doc, cd := compile.File(f, compile.Options{Strict: true})
	if pd.HasErrors() || cd.HasErrors() {
		t.Fatalf("imported code fails strict checks: %v %v\n%s", pd, cd.Filter(0), code)
	}
	// The sequence view's checks: every cross-lane request is answered
	// before the next one.
	_, sd := compile.File(f, compile.Options{Strict: true, Sequence: true})
	for _, d := range sd {
		if d.Code == diag.PingPong || d.Code == diag.Unanswered {
			t.Errorf("sequence check: %s\n%s", d.Msg, code)
		}
	}
	return len(doc.Lanes), len(doc.Nodes), len(doc.Edges)
}

// flowLabelsBut returns the edge labels in the sequence view's flow order
// but the answers labelled skip, joined with "|".
func flowLabelsBut(t *testing.T, code, skip string) string {
	t.Helper()
	var out []string
	for _, l := range flowLabels(t, code) {
		if l != skip {
			out = append(out, l)
		}
	}
	return strings.Join(out, "|")
}

// flowLabels returns what the sequence view says of each message, in its
// flow order: the edge's label, else the label of the step it reaches.
func flowLabels(t *testing.T, code string) []string {
	f, _ := syntax.Parse(source.NewFile("import.fz", []byte(code)))
	doc, _ := compile.File(f, compile.Options{})
	var out []string
	for _, e := range model.Order(doc, "").Edges {
		l := e.Label
		if l == "" {
			l = e.To.Label
		}
		out = append(out, l)
	}
	return out
}

func read(t *testing.T, name string) []byte {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAccessLog(t *testing.T) {
	code, err := AccessLog(read(t, "access.log"))
	if err != nil {
		t.Fatal(err)
	}
	lanes, _, edges := strict(t, code)
	if edges != 14 {
		t.Errorf("want 7 requests and 7 answers as edges, got %d:\n%s", edges, code)
	}
	if lanes != 4 { // clients, website, static, api
		t.Errorf("want 4 lanes, got %d:\n%s", lanes, code)
	}
	// The sequence follows the log, across clients.
	var requests []string
	for _, l := range flowLabels(t, code) {
		if strings.Contains(l, " /") {
			requests = append(requests, l)
		}
	}
	// A request names its client when the previous answer went to
	// another one (or there was none).
	want := []string{"203.0.113.7: GET /", "GET /static/app.js", "POST /api/login", "GET /api/orders/{id}", "198.51.100.23: GET /api/orders/{id}", "203.0.113.7: PUT /api/orders/{id}/items/{id}", "192.0.2.44: GET /api/products"}
	if strings.Join(requests, "|") != strings.Join(want, "|") {
		t.Errorf("requests not in log order: %v", requests)
	}
	for _, want := range []string{"Skipped 1 line not in combined log format (first: line 7)", `"GET /api/orders/{id}"`, `"PUT /api/orders/{id}/items/{id}"`,
		`[label="500 Internal Server Error · 1402 ms"]`, "7 requests from 3 clients", `"GET /api/products"`, "Api_service { # Api service"} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %q:\n%s", want, code)
		}
	}
	if _, err := AccessLog([]byte("not a log\nat all\n")); err == nil || !strings.HasPrefix(err.Error(), `1:1: no line is in combined or common log format: found "not a log", expected`) {
		t.Errorf("garbage must be refused clearly, got %v", err)
	}
}

func TestHAR(t *testing.T) {
	code, err := HAR(read(t, "session.har"))
	if err != nil {
		t.Fatal(err)
	}
	lanes, _, edges := strict(t, code)
	if lanes != 4 || edges != 10 {
		t.Errorf("want 4 lanes (browser + 3 hosts) and 10 edges, got %d and %d:\n%s", lanes, edges, code)
	}
	if !strings.Contains(code, "Skipped 1 entry with data: or other local URLs") {
		t.Errorf("the data: URL entry is not reported:\n%s", code)
	}
	for _, want := range []string{"Browser { # Browser", `"GET /v1/users/{id}"`, `"Receive 404 Not Found · 22 ms"`} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %q:\n%s", want, code)
		}
	}
	if _, err := HAR([]byte(`{"log": {"entries": []}}`)); err == nil {
		t.Error("an empty HAR must be refused")
	}
}

func TestOpenAPI(t *testing.T) {
	code, err := OpenAPI(read(t, "petstore.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	lanes, nodes, edges := strict(t, code)
	if lanes != 4 || nodes != 11 || edges != 10 {
		t.Errorf("lanes %d nodes %d edges %d, want 4 11 10:\n%s", lanes, nodes, edges, code)
	}
	for _, want := range []string{`"POST /plants"`, `[label="addPlant"]`, `"Receive 201/422"`, `# Catalogue`, "…"} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %q:\n%s", want, code)
		}
	}
	code, err = OpenAPI(read(t, "petstore.json"))
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	if _, err := OpenAPI([]byte("swagger: '2.0'\npaths: {}\n")); err == nil || !strings.Contains(err.Error(), "OpenAPI 2") {
		t.Errorf("Swagger 2 must be refused clearly: %v", err)
	}
}

// Operations come in the document's order, not sorted by path, and each
// path's methods in the order written.
func TestOpenAPIDocumentOrder(t *testing.T) {
	doc := `openapi: 3.0.0
info: {title: Rentals, version: "1"}
paths:
  /stations:
    get: {summary: List stations, tags: [stations]}
  /bikes/{id}/unlock:
    parameters: [{name: id, in: path}]
    post: {summary: Unlock a bike, tags: [rides]}
  /rides/{id}:
    patch: {summary: Pause a ride, tags: [rides]}
    get: {summary: Ride status, tags: [rides]}
  /accounts/me:
    get: {summary: My account}
`
	code, err := OpenAPI([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	want := "List stations|Unlock a bike|Pause a ride|Ride status|My account"
	if got := flowLabelsBut(t, code, "Receive response"); got != want {
		t.Errorf("operations in order %q, want %q:\n%s", got, want, code)
	}
	if i, j := strings.Index(code, "# Stations"), strings.Index(code, "# Rides"); i < 0 || j < i {
		t.Errorf("lanes should follow the first operation of each tag:\n%s", code)
	}
}

func TestGoCalls(t *testing.T) {
	code, err := GoCalls("testdata/goapp", "Server.Checkout", 3)
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	for _, want := range []string{"Server { # Server", `"Checkout()"`, "Store { # Store", `"Save()"`, `"validate()"`, "Mailer { # Mailer", `"Send()"`, "package_http"} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %q:\n%s", want, code)
		}
	}
	if _, err := GoCalls("testdata/goapp", "Nope", 2); err == nil || !strings.Contains(err.Error(), "Server.Checkout") {
		t.Errorf("an unknown function should list the known ones: %v", err)
	}
}

// TestGoExecutionOrder checks calls come in execution order with a
// callee's calls nested between its call and its return, that closures,
// conversions and function values are not drawn as package functions,
// that methods on locals of known types are kept, and that the standard
// library folds into one lane; the package is given as two files.
func TestGoExecutionOrder(t *testing.T) {
	files := []GoFile{{Name: "a.go", Src: []byte(`package shop

import (
	"fmt"
	"strings"
)

type Store struct{}
type ID string

func (s *Store) Save(o string) error { audit(o); return nil }

func audit(o string) { fmt.Println(o) }

func Handle(name string) {
	st := &Store{}
	id := ID(strings.ToUpper(name))
	log := func() { fmt.Println("closure") }
	PlaceOrder(st, string(id))
	log()
	notify(name)
}
`)}, {Name: "b.go", Src: []byte(`package shop

func PlaceOrder(st *Store, o string) { reserve(o); st.Save(o) }

func reserve(o string) {}

func notify(n string) {}
`)}}
	code, err := GoCallsOpts(files, GoOptions{Func: "Handle", Depth: 4, FoldStdlib: true})
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	want := "strings.ToUpper()|PlaceOrder()|reserve()|Save()|audit()|fmt.Println()|notify()"
	if got := flowLabelsBut(t, code, "return"); got != want {
		t.Errorf("calls in flow order:\n got %s\nwant %s\n%s", got, want, code)
	}
	if strings.Contains(code, "log()") || strings.Contains(code, "ID()") || strings.Contains(code, `"string()"`) {
		t.Errorf("a closure or a conversion was drawn as a call:\n%s", code)
	}
	if !strings.Contains(code, "# Go standard library") || strings.Contains(code, "package fmt") {
		t.Errorf("the standard library is not folded:\n%s", code)
	}
}

// TestGoCallsOnWhatCallsReturn: a method called on what a call returns is
// drawn (it was dropped as a call on a value of unknown type): a
// chained call (json.NewDecoder(r.Body).Decode), a variable set by a
// constructor of another package (mux := http.NewServeMux(), by Go's
// NewT convention) or by a function of the package with a declared
// result (st := open() returning *Store); and a method may be named
// without its type when only one type has it.
func TestGoCallsOnWhatCallsReturn(t *testing.T) {
	files := []GoFile{{Name: "main.go", Src: []byte(`package main

import (
	"encoding/json"
	"net/http"
)

type Store struct{}

func (s *Store) Insert(v any) error { return nil }

func open() *Store { return &Store{} }

type server struct{}

func (s *server) create(w http.ResponseWriter, r *http.Request) {
	var v map[string]any
	if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
		return
	}
	st := open()
	st.Insert(v)
	mux := http.NewServeMux()
	mux.HandleFunc("/", nil)
}
`)}}
	code, err := GoCallsOpts(files, GoOptions{Func: "create", Depth: 2})
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	want := "NewDecoder()|Decode()|open()|Insert()|NewServeMux()|HandleFunc()"
	if got := flowLabelsBut(t, code, "return"); got != want {
		t.Errorf("calls in flow order:\n got %s\nwant %s\n%s", got, want, code)
	}
	for _, lane := range []string{"json_Decoder { # json.Decoder", "Store { # Store", "http_ServeMux { # http.ServeMux", "// Call flow of server.create"} {
		if !strings.Contains(code, lane) {
			t.Errorf("missing %q:\n%s", lane, code)
		}
	}
}

// TestGoDeferRunsLast: a deferred call is drawn where it runs, when the
// function returns (the last deferred first), not where it is written;
// its arguments are evaluated where it is written.
func TestGoDeferRunsLast(t *testing.T) {
	files := []GoFile{{Name: "a.go", Src: []byte(`package jobs

type Queue struct{}

func (q *Queue) Lock()          {}
func (q *Queue) Unlock()        {}
func (q *Queue) Pop() string    { return "" }
func (q *Queue) Log(s string)   {}

func work(q *Queue) {
	q.Lock()
	defer q.Unlock()
	defer q.Log(name())
	process(q.Pop())
}

func name() string   { return "" }
func process(string) {}
`)}}
	code, err := GoCallsOpts(files, GoOptions{Func: "work", Depth: 1})
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	want := "Lock()|name()|Pop()|process()|Log()|Unlock()"
	if got := flowLabelsBut(t, code, "return"); got != want {
		t.Errorf("calls in flow order:\n got %s\nwant %s\n%s", got, want, code)
	}
	if !strings.Contains(code, "following calls 1 level deep.") {
		t.Errorf("comment:\n%s", code)
	}
}

// A label cut to the length limit ends at a word's end (or after a path
// separator), never inside a word, and stays within the limit.
func TestCleanCutsAtWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"Search patients by name, date of birth or insurance number", 50, "Search patients by name, date of birth or…"},
		{"Cancel an appointment (late cancellations are charged)", 50, "Cancel an appointment (late cancellations are…"},
		{"Register a new patient", 50, "Register a new patient"},
		{"exactly the limit here and then more words", 22, "exactly the limit…"},
		{"GET /v1/organisations/memberships/invitations/pending", 30, "GET /v1/organisations/…"},
		{"Supercalifragilisticexpialidociousness", 12, "Supercalifr…"},
		{"one two, three", 9, "one two…"},
	} {
		got := clean(c.in, c.max)
		if got != c.want {
			t.Errorf("clean(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
		if n := utf8.RuneCountInString(got); n > c.max {
			t.Errorf("clean(%q, %d) is %d characters long", c.in, c.max, n)
		}
	}
}

// TestHARRedirects: a redirect's answer says where it sends the browser
// (from the response's redirectURL, else its Location header): the path
// on the same site, the host on another, the whole URL when only the
// scheme changes, so http://app/dashboard answered 301 and the https
// request that follows no longer read as the same request twice.
func TestHARRedirects(t *testing.T) {
	code, err := HAR(read(t, "redirects.har"))
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	for _, want := range []string{
		`[label="to https://app.example.com/dashboard"]`,
		`[label="to id.example.com/authorize"]`,
		`[label="to app.example.com/callback"]`,
		`[label="to /dashboard"]`,
		`"Receive 302 Found · 63 ms"`,
	} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %q:\n%s", want, code)
		}
	}
	if strings.Contains(code, "code=") || strings.Contains(code, "state=") {
		t.Errorf("a redirect's query is shown:\n%s", code)
	}
}

// TestLogLinesWithNoRequest: lines of the log's format whose request is
// "-" (a connection closed before sending one) or not HTTP (TLS spoken
// to the HTTP port) are counted as such, not as lines "not in combined
// log format", which they are; a log of nothing else is refused saying so.
func TestLogLinesWithNoRequest(t *testing.T) {
	log := `192.0.2.44 - - [29/Nov/2026:22:01:20 +0100] "-" 408 -
192.0.2.44 - - [29/Nov/2026:22:01:21 +0100] "\x16\x03\x01\x02\x00\x01" 400 226
2001:db8::1 - alice [29/Nov/2026:22:01:13 +0100] "GET /wiki/Main_Page HTTP/1.1" 200 10234
`
	code, err := AccessLog([]byte(log))
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	if !strings.Contains(code, "// Skipped 2 lines with no HTTP request: a connection closed before sending one, or not speaking HTTP (first: line 1).") ||
		strings.Contains(code, "not in combined log format") {
		t.Errorf("lines with no request miscounted:\n%s", code)
	}
	_, err = AccessLog([]byte(strings.SplitAfter(log, "\n")[0]))
	var e *Error
	if !errors.As(err, &e) || e.Line != 1 || !strings.HasPrefix(e.Msg, "no line of the log has an HTTP request") {
		t.Errorf("a log of lines with no request: got %v", err)
	}
}

// TestAnswersSayWhatHappened: a HAR request with status 0 got no answer
// (blocked, cancelled) and says so with the browser's reason, instead of
// "Receive 0 OK"; a time under a millisecond is "< 1 ms", not "0 ms",
// and one of ten seconds or more is in seconds ("30.0 s", not "30001
// ms"); nginx's own codes 499 and 444 are named.
func TestAnswersSayWhatHappened(t *testing.T) {
	code, err := HAR(read(t, "failed.har"))
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	for _, want := range []string{`"No response: ERR_BLOCKED_BY_CLIENT"`, `"Receive 200 OK · < 1 ms"`, `"Receive 101 Switching Protocols · 3 ms"`} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %q:\n%s", want, code)
		}
	}
	if strings.Contains(code, "Receive 0 OK") {
		t.Errorf("status 0 read as an answer:\n%s", code)
	}
	log := `203.0.113.7 - - [28/Nov/2026:09:14:30 +0000] "POST /api/orders HTTP/1.1" 502 157 "-" "curl/8" 30.001
203.0.113.7 - - [28/Nov/2026:09:14:40 +0000] "GET /api/orders HTTP/1.1" 499 0 "-" "curl/8" 2.5
`
	code, err = AccessLog([]byte(log))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"Receive 502 Bad Gateway · 30.0 s"`, `"Receive 499 Client Closed Request · 2500 ms"`} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %q:\n%s", want, code)
		}
	}
}

// TestApacheMicroseconds: a whole number after the user agent is
// Apache's %D, in microseconds (12034 is 12 ms), not nginx's
// $request_time in seconds, which has its milliseconds ("0.012").
func TestApacheMicroseconds(t *testing.T) {
	log := `192.0.2.1 - - [29/Nov/2026:22:01:13 +0100] "GET /wiki/Main_Page HTTP/1.1" 200 10234 "-" "Mozilla/5.0" 12034
192.0.2.1 - - [29/Nov/2026:22:01:14 +0100] "GET /wiki/Help HTTP/1.1" 200 1234 "-" "Mozilla/5.0" 0.012
`
	code, err := AccessLog([]byte(log))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(code, "· 12 ms") != 2 {
		t.Errorf("want both answers in 12 ms:\n%s", code)
	}
}

// TestApacheWholeSeconds: a log whose whole-number times are all small is
// Apache's %T, in seconds (a 3 is 3 s, not 3 µs); one with a 12034 among
// them is %D throughout.
func TestApacheWholeSeconds(t *testing.T) {
	line := func(path, t string) string {
		return `192.0.2.1 - - [29/Nov/2026:22:01:13 +0100] "GET ` + path + ` HTTP/1.1" 200 10234 "-" "Mozilla/5.0" ` + t + "\n"
	}
	code, err := AccessLog([]byte(line("/report", "3") + line("/", "0") + line("/export", "42")))
	if err != nil {
		t.Fatal(err)
	}
	// (a 0 of %T says under a second: no time is drawn, as for a line without one)
	for _, want := range []string{"· 3000 ms", `"Receive 200 OK"`, "· 42.0 s"} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %q:\n%s", want, code)
		}
	}
	code, err = AccessLog([]byte(line("/report", "3") + line("/", "12034")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"· < 1 ms", "· 12 ms"} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %q:\n%s", want, code)
		}
	}
}
