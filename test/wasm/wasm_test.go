// Package wasm tests the WebAssembly build of the pipeline
// (cmd/flowzap-wasm, web/wasm) under Node: it answers every example and
// gallery template, in every view and option, byte for byte as the HTTP
// server does, and it stays within its size budget.
package wasm

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/pipeline"
	"flowzap/internal/server"
	"flowzap/internal/store"
	"flowzap/internal/testgen"
)

// budget is the most the module may weigh served compressed (gzip -9; the
// brotli size is printed too and is smaller).
const budget = 2_500_000

// request is one call: the module's method and its request object (the
// HTTP API's request body).
type request struct {
	Op  string         `json:"op"`
	Req map[string]any `json:"req"`
}

// answer is the module's raw answer.
type answer struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Body   string `json:"body"`
	Report string `json:"report"`
}

var endpoints = map[string]string{
	"validate": "/api/validate",
	"render":   "/api/render",
	"format":   "/api/format",
	"fix":      "/api/fix",
	"fixOne":   "/api/fix/one",
	"export":   "/api/export",
	"patch":    "/api/patch",
	"import":   "/api/import",
}

// moduleDir holds the module built once for the package's tests, as make
// wasm writes it; buildErr says why not.
var moduleDir, buildErr = "", error(nil)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "flowzap-wasm-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	moduleDir, buildErr = dir, build(dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// build compiles the module and copies the JS files as make wasm does.
func build(dir string) error {
	root := filepath.Join("..", "..")
	cmd := exec.Command("go", "build", "-trimpath", "-tags", "flowzap_svgonly", "-ldflags=-s", "-o", filepath.Join(dir, "flowzap.wasm"), "./cmd/flowzap-wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the module: %v\n%s", err, out)
	}
	cmd = exec.Command("go", "build", "-trimpath", "-tags", "flowzap_svgonly flowzap_import", "-ldflags=-s", "-o", filepath.Join(dir, "flowzap-import.wasm"), "./cmd/flowzap-wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the import module: %v\n%s", err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %v", err)
	}
	files := []string{filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js")}
	for _, f := range []string{"core.mjs", "worker.mjs", "flowzap.mjs"} {
		files = append(files, filepath.Join(root, "web", "wasm", f))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// module returns the built module's directory, failing the test when the
// build failed.
func module(t *testing.T) string {
	t.Helper()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return moduleDir
}

// nodePath returns node, failing (not skipping) when it is missing.
func nodePath(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed to run the WebAssembly module: install Node.js")
	}
	return node
}

// TestClient runs client.mjs: the main-thread API's results and its
// cancelling of stale requests, with the real module.
func TestClient(t *testing.T) {
	out, err := exec.Command(nodePath(t), "client.mjs", module(t)).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "client ok") {
		t.Fatalf("node client.mjs: %v\n%s", err, out)
	}
}

// extraCorpus adds the .fz files a glob names to the corpus, to compare
// the module with the server on diagrams of one's own:
//
//	go test ./test/wasm -run TestSameAsServer -corpus '/path/to/*.fz'
var extraCorpus = flag.String("corpus", "", "a glob of further .fz files to compare (TestSameAsServer)")

// corpus returns every example and gallery template.
func corpus(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	if *extraCorpus != "" {
		names, err := filepath.Glob(*extraCorpus)
		if err != nil || len(names) == 0 {
			t.Fatalf("-corpus %q names no file (%v)", *extraCorpus, err)
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			files[n] = string(b)
		}
	}
	// Besides the examples and templates: labels in many scripts, emoji
	// and combining marks (testdata), the layout tests' edge cases and the
	// diagrams written after the layouts were tuned (unseen), the
	// generated hubs and long labels, and generated diagrams of several
	// sizes (the first 60 nodes in 3 lanes, the last the 200 in 10).
	for _, pat := range []string{"../../examples/*.fz", "../../gallery/templates/*.fz", "testdata/*.fz", "../../internal/layout/layouttest/testdata/*.fz", "../../internal/layout/layouttest/testdata/unseen/*.fz"} {
		names, _ := filepath.Glob(pat)
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			files[n] = string(b)
		}
	}
	for name, code := range testgen.Hubs() {
		files["hubs/"+name] = code
	}
	for name, code := range testgen.LongLabels() {
		files["long/"+name] = code
	}
	for i, o := range []testgen.Options{{Nodes: 12, Seed: 1}, {Nodes: 60, Lanes: 3, Seed: 2}, {Nodes: 200, Lanes: 10, Seed: 3}} {
		files[fmt.Sprintf("generated/%d.fz", i)] = testgen.Diagram(o)
	}
	if len(files) < 100 {
		t.Fatalf("found only %d examples and templates", len(files))
	}
	return files
}

// requests lists, for each file, every view in SVG and layout JSON, the
// dark theme, numbered and written-order sequences, the checks, fix,
// format and export; then the same for the file cut in half (errors) with
// a quick fix of its first error; then bad options.
func requests(files map[string]string) []request {
	var out []request
	add := func(op string, req map[string]any) { out = append(out, request{op, req}) }
	for _, name := range sortedKeys(files) {
		code := files[name]
		for _, view := range pipeline.Views {
			add("render", map[string]any{"code": code, "view": view})
			add("render", map[string]any{"code": code, "view": view, "format": "json"})
			add("render", map[string]any{"code": code, "view": view, "theme": "dark"})
			add("validate", map[string]any{"code": code, "view": view})
		}
		add("render", map[string]any{"code": code, "view": "sequence", "number": true, "order": "written"})
		add("render", map[string]any{"code": code, "view": "sequence", "number": true, "format": "json"})
		add("validate", map[string]any{"code": code, "strict": true})
		add("validate", map[string]any{"code": code, "view": "sequence", "order": "written", "strict": true})
		add("fix", map[string]any{"code": code})
		add("format", map[string]any{"code": code})
		add("export", map[string]any{"code": code})
		for _, f := range pipeline.ExportFormats() {
			add("export", map[string]any{"code": code, "format": f})
		}

		lines := strings.SplitAfter(code, "\n")
		half := strings.Join(lines[:len(lines)/2], "")
		add("render", map[string]any{"code": half})
		add("render", map[string]any{"code": half, "view": "sequence"})
		add("validate", map[string]any{"code": half, "strict": true})
		add("fix", map[string]any{"code": half})
		add("format", map[string]any{"code": half})
		add("export", map[string]any{"code": half})
		// The diagnostics in the other languages.
		for _, lang := range []string{"fr", "zh"} {
			add("validate", map[string]any{"code": half, "strict": true, "lang": lang})
			add("render", map[string]any{"code": half, "lang": lang})
			add("fix", map[string]any{"code": half, "lang": lang})
			add("format", map[string]any{"code": half, "lang": lang})
			add("patch", map[string]any{"code": half, "ops": []map[string]any{{"op": "clearLayout"}}, "lang": lang})
		}
		// Edit operations, and the manual layout block in every view.
		if full := pipeline.Check("input.fz", []byte(code), pipeline.Options{}); full.OK() && len(full.Doc.Nodes) > 0 {
			doc := full.Doc
			first, last := doc.Lanes[0].ID, doc.Lanes[len(doc.Lanes)-1].ID
			n1 := doc.Nodes[0].ID
			add("patch", map[string]any{"code": code, "ops": []map[string]any{
				{"op": "insertNode", "lane": first, "shape": "taskbox", "label": "Review|Read|Sign", "owner": "Legal"},
				{"op": "nudgeNode", "id": n1, "dx": 37, "dy": -12},
				{"op": "reorderLane", "id": last, "index": 0},
			}})
			if len(doc.Edges) > 0 {
				add("patch", map[string]any{"code": code, "ops": []map[string]any{{"op": "reverseEdge", "edge": "e1"}, {"op": "removeNode", "id": n1}}})
			}
			add("patch", map[string]any{"code": code, "ops": []map[string]any{{"op": "removeLane", "id": "no-such-lane"}}})
			adjusted := code + "\n// @layout v1\n// @layout lane order=" + last + "\n// @layout node " + n1 + " dx=48 dy=-24\n"
			for _, view := range pipeline.Views {
				add("render", map[string]any{"code": adjusted, "view": view})
				add("render", map[string]any{"code": adjusted, "view": view, "format": "json"})
			}
		}
		add("patch", map[string]any{"code": half, "ops": []map[string]any{{"op": "clearLayout"}}})
		r := pipeline.Check("input.fz", []byte(half), pipeline.Options{})
		for _, d := range r.Diags {
			p := r.File.Position(d.Span.Start)
			add("fixOne", map[string]any{"code": half, "diagnostic": map[string]any{"code": string(d.Code), "line": p.Line}})
			add("fixOne", map[string]any{"code": half, "diagnostic": map[string]any{"code": string(d.Code), "line": p.Line}, "lang": "fr"})
			break
		}
	}
	code := files[sortedKeys(files)[0]]
	add("render", map[string]any{"code": code, "view": "radial"})
	add("render", map[string]any{"code": code, "theme": "neon"})
	add("render", map[string]any{"code": code, "order": "random"})
	add("validate", map[string]any{"code": code, "view": "radial"})
	add("validate", map[string]any{"code": code, "lang": "de"})
	add("render", map[string]any{"code": code, "lang": "de"})
	add("patch", map[string]any{"code": code, "ops": []map[string]any{{"op": "clearLayout"}}, "lang": "de"})
	add("export", map[string]any{"code": code, "format": "xml"})
	add("fixOne", map[string]any{"code": code})
	add("render", map[string]any{"code": ""})
	add("patch", map[string]any{"code": code, "ops": []map[string]any{{"op": "removeNode", "node": "n1"}}})
	add("patch", map[string]any{"code": code, "ops": []map[string]any{}})
	add("patch", map[string]any{"code": code, "ops": []map[string]any{{"op": "explode"}}})
	add("patch", map[string]any{"code": code})
	// More diagnostics than an answer lists (pipeline.MaxListed): the
	// same first ones and the same count of those left out.
	many := strings.Repeat("a {\n", pipeline.MaxListed+200)
	add("validate", map[string]any{"code": many})
	add("render", map[string]any{"code": many, "lang": "fr"})
	add("format", map[string]any{"code": many})
	add("fix", map[string]any{"code": many})
	add("export", map[string]any{"code": many})
	add("patch", map[string]any{"code": many, "ops": []map[string]any{{"op": "clearLayout"}}})
	add("fixOne", map[string]any{"code": many, "diagnostic": map[string]any{"code": "FZ006", "line": 2}})
	// Code over the request limit: refused (413) before any work.
	over := code + strings.Repeat("// padding\n", pipeline.DefaultMaxInput/11+1)
	add("render", map[string]any{"code": over})
	add("validate", map[string]any{"code": over, "view": "sequence"})
	add("patch", map[string]any{"code": over, "ops": []map[string]any{{"op": "clearLayout"}}})
	return out
}

func sortedKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	// insertion order does not matter for the comparison, but a stable
	// order makes failures reproducible.
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// post sends one request to the server and returns its answer.
func post(t *testing.T, ts *httptest.Server, path string, body map[string]any) answer {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(ts.URL+path, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{Status: resp.StatusCode, Type: resp.Header.Get("Content-Type"), Body: string(got)}
}

// otherFormat tells an export in a format other than JSON: the import
// module writes those, the rendering module leaves them out.
func otherFormat(rq request) bool {
	f, _ := rq.Req["format"].(string)
	return rq.Op == "export" && pipeline.IsExportFormat(f)
}

// TestSameAsServer runs the module under Node and compares every answer
// with the HTTP server's: status, content type and body byte for byte,
// and render's report with /api/validate's in the same view and order.
// Exports in the other formats are answered by the import module
// (flowzap-import.wasm, as web/wasm's client sends them); the rendering
// module refuses them with 501 and says where they are written.
func TestSameAsServer(t *testing.T) {
	var reqs, others []request
	for _, rq := range requests(corpus(t)) {
		if otherFormat(rq) {
			others = append(others, rq)
		} else {
			reqs = append(reqs, rq)
		}
	}
	if len(others) < 100 {
		t.Fatalf("only %d exports in other formats", len(others))
	}
	// The last request asks the rendering module for one of them.
	reqs = append(reqs, others[0])
	answers, sizes := runModule(t, "flowzap.wasm", reqs)
	if got := answers[len(answers)-1]; got.Status != 501 || !strings.Contains(got.Body, "flowzap-import.wasm") {
		t.Errorf("the rendering module's answer to an export in %v: %d %s, want 501 naming the import module", others[0].Req["format"], got.Status, got.Body)
	}
	reqs, answers = reqs[:len(reqs)-1], answers[:len(answers)-1]
	otherAnswers, _ := runModule(t, "flowzap-import.wasm", others)
	reqs, answers = append(reqs, others...), append(answers, otherAnswers...)
	t.Logf("module size: %d bytes raw, %d gzip -9, %d brotli 11 (budget %d compressed)", sizes.Raw, sizes.Gzip, sizes.Brotli, budget)
	fmt.Printf("flowzap.wasm: %.2f MB raw, %.2f MB gzip, %.2f MB brotli (budget %.1f MB)\n", float64(sizes.Raw)/1e6, float64(sizes.Gzip)/1e6, float64(sizes.Brotli)/1e6, float64(budget)/1e6)
	if sizes.Gzip > budget {
		t.Errorf("the module is %d bytes gzip-compressed, over the %d budget: see docs/wasm.md for what dominates", sizes.Gzip, budget)
	}
	ts := newServer(t)
	failures, svgs := 0, 0
	for i, rq := range reqs {
		got := answers[i]
		want := post(t, ts, endpoints[rq.Op], rq.Req)
		where := fmt.Sprintf("%s %v", rq.Op, describe(rq.Req))
		if got.Status != want.Status || got.Type != want.Type || got.Body != want.Body {
			failures++
			if failures <= 5 {
				t.Errorf("%s: the module answers %d %s (%d bytes), the server %d %s (%d bytes)\n%s", where, got.Status, got.Type, len(got.Body), want.Status, want.Type, len(want.Body), firstDiff(got.Body, want.Body))
			}
			continue
		}
		if rq.Op == "render" {
			if got.Status == 200 && got.Type == "image/svg+xml" {
				svgs++
			}
			v := map[string]any{"code": rq.Req["code"], "view": rq.Req["view"], "order": rq.Req["order"], "lang": rq.Req["lang"]}
			rep := post(t, ts, "/api/validate", v)
			if (got.Status == 400 || got.Status == 413) && got.Report == "" {
				// Bad options or code over the request limit: no check
				// was made.
			} else if rep.Status != 200 || got.Report != rep.Body {
				failures++
				if failures <= 5 {
					t.Errorf("%s: the render's report differs from /api/validate's\n%s", where, firstDiff(got.Report, rep.Body))
				}
			}
		}
	}
	if failures > 0 {
		t.Errorf("%d of %d answers differ", failures, len(reqs))
	}
	if svgs < 500 {
		t.Errorf("only %d SVG pictures were compared", svgs)
	}
	t.Logf("%d answers compared, %d of them SVG pictures", len(reqs), svgs)
}

// moduleSizes are a module's sizes: raw, gzip -9 (the larger of Node's
// and Go's) and brotli 11.
type moduleSizes struct{ Raw, Gzip, Brotli int }

// runModule answers reqs with the module file name (of the built
// directory) under Node and returns the raw answers and its sizes.
func runModule(t *testing.T, name string, reqs []request) ([]answer, moduleSizes) {
	t.Helper()
	node := nodePath(t)
	dir := t.TempDir()
	mod := module(t)
	reqFile, outFile := filepath.Join(dir, "requests.json"), filepath.Join(dir, "answers.json")
	b, _ := json.Marshal(reqs)
	if err := os.WriteFile(reqFile, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "run.mjs", mod, reqFile, outFile, name)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	sizesJSON, err := cmd.Output()
	if err != nil {
		t.Fatalf("node run.mjs %s: %v\n%s", name, err, stderr.String())
	}
	var sizes moduleSizes
	if err := json.Unmarshal(sizesJSON, &sizes); err != nil {
		t.Fatalf("sizes %q: %v", sizesJSON, err)
	}
	// The .gz served next to the module is Go's (tools/precompress), a
	// little larger than Node's zlib at the same level: the budget holds
	// for the larger.
	raw, err := os.ReadFile(filepath.Join(mod, name))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(raw)
	zw.Close()
	sizes.Gzip = max(sizes.Gzip, gz.Len())
	var answers []answer
	b, err = os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &answers); err != nil {
		t.Fatal(err)
	}
	if len(answers) != len(reqs) {
		t.Fatalf("%d answers for %d requests", len(answers), len(reqs))
	}
	return answers, sizes
}

// newServer starts the HTTP server on an in-memory store, closed when
// the test ends.
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	st, err := store.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ts := httptest.NewServer(server.New(st, server.Options{RateLimit: 1e6, Burst: 1e6}))
	t.Cleanup(ts.Close)
	return ts
}

// TestImportSameAsServer runs the import module (flowzap-import.wasm,
// which the static site loads to open Mermaid, BPMN and draw.io files)
// under Node and compares its answers with /api/import's byte for byte:
// the importers' own test files; every example exported by the server to
// Mermaid, BPMN and draw.io (a .drawio.svg too) and read back, with the
// format given or told from the name, in each language; inputs that
// cannot be read (422, with their diagnostics), bad requests (400) and
// code past the limits (413). The module stays within the rendering
// module's budget as well.
func TestImportSameAsServer(t *testing.T) {
	ts := newServer(t)
	var reqs []request
	add := func(req map[string]any) { reqs = append(reqs, request{"import", req}) }
	own, _ := filepath.Glob("../../internal/interchange/*/testdata/*")
	for _, n := range own {
		ext := strings.TrimPrefix(filepath.Ext(n), ".")
		from := map[string]string{"mmd": "mermaid", "bpmn": "bpmn", "drawio": "drawio"}[ext]
		if from == "" {
			continue
		}
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		add(map[string]any{"from": from, "source": string(b), "name": filepath.Base(n)})
		add(map[string]any{"source": string(b), "name": filepath.Base(n), "lang": "fr"})
	}
	files := corpus(t)
	for i, name := range sortedKeys(files) {
		if i%3 != 0 { // a third of the corpus: the answers are the same code paths
			continue
		}
		for _, f := range []string{"mermaid", "bpmn", "drawio"} {
			exp := post(t, ts, "/api/export", map[string]any{"code": files[name], "format": f})
			if exp.Status != 200 {
				continue
			}
			lang := []string{"", "fr", "zh"}[i%3+len(f)%3]
			add(map[string]any{"from": f, "source": exp.Body, "name": filepath.Base(name), "lang": lang})
			if f == "drawio" && i%2 == 0 {
				add(map[string]any{"source": exp.Body, "name": "picture.drawio"})
			}
		}
	}
	add(map[string]any{"from": "mermaid", "source": "flowchart LR\n  a[Start] --> b{Ok?\n  b -->|yes| c[End]\n", "name": "broken.mmd"})
	add(map[string]any{"from": "mermaid", "source": "pie title Pets\n  \"Dogs\" : 386\n", "name": "pie.mmd", "lang": "zh"})
	add(map[string]any{"from": "bpmn", "source": "<definitions><process", "name": "cut.bpmn"})
	add(map[string]any{"from": "drawio", "source": "not xml at all", "name": "x.drawio", "lang": "fr"})
	add(map[string]any{"from": "visio", "source": "graph TD\n a-->b\n"})
	add(map[string]any{"source": "just some words\n", "name": "notes.txt"})
	add(map[string]any{"from": "mermaid", "source": "graph TD\n a-->b\n", "lang": "de"})
	add(map[string]any{"from": "mermaid", "source": ""})
	var big strings.Builder
	big.WriteString("flowchart TD\n")
	for i := range pipeline.DefaultLimits.MaxNodes + 10 {
		fmt.Fprintf(&big, "  n%d --> n%d\n", i, i+1)
	}
	add(map[string]any{"from": "mermaid", "source": big.String(), "name": "big.mmd", "lang": "fr"})
	// A source over the request limit: refused before it is read.
	add(map[string]any{"from": "mermaid", "source": "flowchart TD\n" + strings.Repeat("  %% padding\n", pipeline.DefaultMaxInput/13+1)})

	answers, sizes := runModule(t, "flowzap-import.wasm", reqs)
	fmt.Printf("flowzap-import.wasm: %.2f MB raw, %.2f MB gzip, %.2f MB brotli\n", float64(sizes.Raw)/1e6, float64(sizes.Gzip)/1e6, float64(sizes.Brotli)/1e6)
	if sizes.Gzip > budget {
		t.Errorf("the import module is %d bytes gzip-compressed, over the %d budget", sizes.Gzip, budget)
	}
	failures, statuses := 0, map[int]int{}
	for i, rq := range reqs {
		got, want := answers[i], post(t, ts, "/api/import", rq.Req)
		statuses[want.Status]++
		if got.Status != want.Status || got.Type != want.Type || got.Body != want.Body {
			failures++
			if failures <= 5 {
				src, _ := rq.Req["source"].(string)
				first, _, _ := strings.Cut(src, "\n")
				t.Errorf("import from=%v name=%v lang=%v (%d bytes starting %.40q): the module answers %d %s, the server %d %s\n%s", rq.Req["from"], rq.Req["name"], rq.Req["lang"], len(src), first, got.Status, got.Type, want.Status, want.Type, firstDiff(got.Body, want.Body))
			}
		}
	}
	if failures > 0 {
		t.Errorf("%d of %d answers differ", failures, len(reqs))
	}
	// Every kind of answer was compared.
	for _, status := range []int{200, 400, 413, 422} {
		if statuses[status] == 0 {
			t.Errorf("no import answered %d (answers by status: %v)", status, statuses)
		}
	}
	if statuses[200] < 100 {
		t.Errorf("only %d imports were read (answers by status: %v)", statuses[200], statuses)
	}
	t.Logf("%d imports compared (by status: %v)", len(reqs), statuses)
}

// describe names a request without its code.
func describe(req map[string]any) string {
	var parts []string
	for _, k := range []string{"view", "format", "theme", "number", "order", "strict", "lang"} {
		if v, ok := req[k]; ok {
			parts = append(parts, fmt.Sprintf("%s=%v", k, v))
		}
	}
	code, _ := req["code"].(string)
	first, _, _ := strings.Cut(code, "\n")
	return strings.Join(parts, " ") + fmt.Sprintf(" (%d bytes of code starting %.40q)", len(code), first)
}

// firstDiff shows where two answers part.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return fmt.Sprintf("at byte %d:\n  module: %q\n  server: %q", i, a[lo:min(len(a), i+80)], b[lo:min(len(b), i+80)])
}
