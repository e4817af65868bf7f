package importer

import (
	"os"
	"strings"
	"testing"

	"flowzap/internal/compile"
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
	return len(doc.Lanes), len(doc.Nodes), len(doc.Edges)
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
	if edges != 7 {
		t.Errorf("want 7 requests as edges, got %d:\n%s", edges, code)
	}
	if lanes != 6 { // 3 clients, website, static, api
		t.Errorf("want 6 lanes, got %d:\n%s", lanes, code)
	}
	for _, want := range []string{"1 lines were not in combined log format", `"GET /api/orders/{id}"`, `"PUT /api/orders/{id}/items/{id}"`,
		`[label="500 error · 1402 ms"]`, `"GET /api/products"`, "Api_service { # Api service"} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %q:\n%s", want, code)
		}
	}
	if _, err := AccessLog([]byte("not a log\nat all\n")); err == nil || !strings.Contains(err.Error(), "first bad line: 1") {
		t.Errorf("garbage must be refused clearly, got %v", err)
	}
}

func TestHAR(t *testing.T) {
	code, err := HAR(read(t, "session.har"))
	if err != nil {
		t.Fatal(err)
	}
	lanes, _, edges := strict(t, code)
	if lanes != 4 || edges != 5 {
		t.Errorf("want 4 lanes (browser + 3 hosts) and 5 edges, got %d and %d:\n%s", lanes, edges, code)
	}
	for _, want := range []string{"Browser { # Browser", `"GET /v1/users/{id}"`, `[label="404 refused · 22 ms"]`} {
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
	if lanes != 4 || nodes != 6 || edges != 5 {
		t.Errorf("lanes %d nodes %d edges %d, want 4 6 5:\n%s", lanes, nodes, edges, code)
	}
	for _, want := range []string{`"POST /plants"`, `[label="addPlant → 201/422"]`, `# Plant Shop: catalogue`, "…"} {
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
