package importer

import (
	"strings"
	"testing"

	"flowzap/internal/compile"
	"flowzap/internal/model"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// TestOpenAPILaneNames: a lane is headed by its tag (or first path
// segment) alone, capitalised when written in lower case, not by the
// document's title repeated on every lane; a tag named like the client's
// lane does not merge into it.
func TestOpenAPILaneNames(t *testing.T) {
	doc := `openapi: 3.0.3
info: {title: A Very Long Scheduling Platform API, version: "2"}
paths:
  /pets: {get: {summary: List pets, tags: [pets]}}
  /owners/{id}: {get: {summary: Get owner, tags: [Owners]}}
  /vets: {get: {summary: List vets}}
  /me: {get: {summary: Who am I, tags: [client]}}
`
	code, err := OpenAPI([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if lanes, _, _ := strict(t, code); lanes != 5 {
		t.Errorf("want 5 lanes, got %d:\n%s", lanes, code)
	}
	for _, want := range []string{"# Pets\n", "# Owners\n", "# Vets\n", "# Client API\n", "Client { # Client\n", `"A Very Long Scheduling Platform API"`} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %q:\n%s", want, code)
		}
	}
	if strings.Contains(code, "# A Very Long") {
		t.Errorf("the title heads a lane:\n%s", code)
	}
}

// TestOpenAPIWebhooks: webhooks (OpenAPI 3.1) and an operation's
// callbacks are requests the API makes to the client, drawn from the
// API's lane to the client's and answered (they were dropped without a
// word): a callback from its operation's step, a webhook from a step of
// its own; a document with only webhooks is read too.
func TestOpenAPIWebhooks(t *testing.T) {
	doc := `openapi: 3.1.0
info: {title: Shop, version: "1"}
paths:
  /orders:
    post:
      tags: [Orders]
      summary: Place an order
      callbacks:
        orderShipped:
          '{$request.body#/callbackUrl}':
            post:
              summary: The order left the warehouse
              responses: {"204": {description: ok}}
      responses: {"201": {description: created}}
webhooks:
  refundIssued:
    post:
      tags: [Payments]
      summary: A refund was issued
      responses: {"200": {description: ok}}
  stockLow:
    put:
      responses: {"200": {description: ok}}
`
	code, err := OpenAPI([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	want := "Place an order|Receive 201|The order left the warehouse|Delivered: 204|A refund was issued|Delivered: 200|Receive PUT stockLow|Delivered: 200"
	if got := flowLabelsBut(t, code, ""); got != want {
		t.Errorf("messages %q, want %q:\n%s", got, want, code)
	}
	// The callback leaves the operation's step after its answer; each
	// webhook starts from a step of its own.
	for _, want := range []string{"1 operation, 2 webhooks, 1 callback", "# Payments", "# Webhooks", `"Receive POST orderShipped"`,
		"n2.handle(top) -> Client.n3.handle(bottom)\n  n2.handle(top) -> Client.n4.handle(bottom) [label=\"The order left the warehouse\"]", "n4.handle(bottom) -> Orders.n5.handle(top)\n",
		`n6: rectangle label:"POST refundIssued"`, `n6.handle(top) -> Client.n7.handle(bottom) [label="A refund was issued"]`} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %q:\n%s", want, code)
		}
	}
	only := "openapi: 3.1.0\ninfo: {title: Hooks, version: '1'}\nwebhooks:\n  ping: {post: {summary: Ping}}\n"
	if code, err := OpenAPI([]byte(only)); err != nil {
		t.Errorf("a document with only webhooks: %v", err)
	} else {
		strict(t, code)
	}
}

// TestNoLabelRepeatsItsStep: an edge is labelled only when it says more
// than the step it reaches, for every artifact importer (logs, HAR,
// OpenAPI, Go calls: "Save()" to "Save()"): a label
// repeating its step ("GET /login" to "GET /login", "404 Not Found" to
// "Receive 404 Not Found") doubled the text of the workflow picture and
// drew every message of the sequence view twice (as an arrow's label and
// as a box on the lifeline).
func TestNoLabelRepeatsItsStep(t *testing.T) {
	var codes []string
	for _, imp := range []struct {
		file string
		run  func([]byte) (string, error)
	}{{"access.log", AccessLog}, {"session.har", HAR}, {"petstore.yaml", OpenAPI}, {"petstore.json", OpenAPI}} {
		code, err := imp.run(read(t, imp.file))
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, code)
	}
	one := `203.0.113.7 - - [30/Nov/2026:09:00:00 +0000] "GET /login HTTP/1.1" 200 10 "-" "x" 0.012
203.0.113.7 - - [30/Nov/2026:09:00:01 +0000] "POST /api/session HTTP/1.1" 201 10 "-" "x" 0.2
`
	code, err := AccessLog([]byte(one))
	if err != nil {
		t.Fatal(err)
	}
	codes = append(codes, code)
	if code, err = GoCalls("testdata/goapp", "Server.Checkout", 3); err != nil {
		t.Fatal(err)
	}
	codes = append(codes, code)
	for _, code := range codes {
		strict(t, code)
		doc := compiled(t, code)
		for _, e := range doc.Edges {
			if e.Label != "" && (e.Label == e.To.Label || strings.HasSuffix(e.To.Label, " "+e.Label)) {
				t.Errorf("edge %s -> %s repeats its step: %q\n%s", e.From.ID, e.To.ID, e.Label, code)
			}
		}
	}
}

// compiled returns the document of code.
func compiled(t *testing.T, code string) *model.Document {
	t.Helper()
	f, _ := syntax.Parse(source.NewFile("import.fz", []byte(code)))
	doc, _ := compile.File(f, compile.Options{})
	return doc
}

// TestCallbackKeepsItsPlace: an operation's callback is told with its
// operation, before the next operation is asked (it came after every
// other operation of the document, as a branch the flow returned to at
// the end).
func TestCallbackKeepsItsPlace(t *testing.T) {
	doc := `openapi: 3.0.3
info: {title: Clinic, version: "1"}
paths:
  /appointments:
    post:
      summary: Book an appointment
      responses: {"201": {description: booked}}
      callbacks:
        reminder:
          '{$request.body#/callbackUrl}':
            post:
              summary: Reminder the day before
              responses: {"204": {description: ok}}
  /patients:
    post:
      summary: Register a patient
      responses: {"201": {description: created}}
`
	code, err := OpenAPI([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	want := "Book an appointment|Receive 201|Reminder the day before|Delivered: 204|Register a patient|Receive 201"
	if got := flowLabelsBut(t, code, ""); got != want {
		t.Errorf("messages %q, want %q:\n%s", got, want, code)
	}
}

// TestPathItemReferences: a path item written as a $ref to
// components/pathItems (or a YAML alias) brings its operations; they
// were dropped without a word. A reference to another file is named in a
// comment, not guessed at.
func TestPathItemReferences(t *testing.T) {
	doc := `openapi: 3.1.0
info: {title: Payments, version: "1"}
paths:
  /charges: &charges
    post: {tags: [charges], summary: Create a charge, responses: {"201": {description: ok}}}
  /v1/charges: *charges
  /refunds:
    $ref: '#/components/pathItems/Refunds'
  /disputes:
    $ref: 'disputes.yaml#/Disputes'
components:
  pathItems:
    Refunds:
      post: {tags: [refunds], summary: Refund a charge, responses: {"201": {description: ok}}}
`
	code, err := OpenAPI([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	want := "Create a charge|Receive 201|Create a charge|Receive 201|Refund a charge|Receive 201"
	if got := flowLabelsBut(t, code, ""); got != want {
		t.Errorf("messages %q, want %q:\n%s", got, want, code)
	}
	if !strings.Contains(code, "// Not followed: the $ref of /disputes (disputes.yaml#/Disputes)") {
		t.Errorf("the reference to another file is not reported:\n%s", code)
	}
}

// TestCallbackReferences: a callback written as a $ref (to
// components/callbacks), and a callback whose path item is a $ref (to
// components/pathItems), are followed like a path's; a path item whose
// callback names the path item itself again (a YAML alias, or a $ref)
// imports once with a comment instead of recursing without end.
func TestCallbackReferences(t *testing.T) {
	refs := `openapi: 3.1.0
info: {title: Hooks, version: "1"}
components:
  pathItems:
    Ping: {post: {summary: ping the subscriber, responses: {"204": {description: ok}}}}
  callbacks:
    Evt:
      '{$request.body#/url}': {$ref: '#/components/pathItems/Ping'}
paths:
  /subscriptions:
    post:
      summary: subscribe
      responses: {"201": {description: created}}
      callbacks:
        byRef: {$ref: '#/components/callbacks/Evt'}
        inline:
          '{$request.body#/url}': {$ref: '#/components/pathItems/Ping'}
        elsewhere: {$ref: 'other.yaml#/callbacks/X'}
`
	code, err := OpenAPI([]byte(refs))
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	if got := strings.Count(code, `[label="ping the subscriber"]`); got != 2 {
		t.Errorf("want both callbacks drawn, got %d:\n%s", got, code)
	}
	if !strings.Contains(code, "other.yaml#/callbacks/X") {
		t.Errorf("the external $ref is not named in the comment:\n%s", code)
	}

	for name, doc := range map[string]string{
		"alias": `openapi: 3.0.0
info: {title: loop, version: "1"}
components:
  pathItems:
    P: &p
      get:
        summary: hi
        responses: {'200': {description: ok}}
        callbacks:
          again:
            '{$url}': *p
paths:
  /a: *p
`,
		"ref": `openapi: 3.0.0
info: {title: loop, version: "1"}
components:
  pathItems:
    P:
      get:
        summary: hi
        responses: {'200': {description: ok}}
        callbacks:
          again:
            '{$url}': {$ref: '#/components/pathItems/P'}
paths:
  /a: {$ref: '#/components/pathItems/P'}
`,
	} {
		code, err := OpenAPI([]byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		strict(t, code)
		if !strings.Contains(code, "Not drawn: 1 callback inside callbacks") {
			t.Errorf("%s: the callback's own callback is not mentioned:\n%s", name, code)
		}
	}
}
