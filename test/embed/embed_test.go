// Package embed tests the @flowzap/diagram package (web/embed): the
// package that scripts/build-embed.sh writes and npm packs, and the
// <flowzap-diagram> element in headless Chromium on plain HTML pages served
// by a static file server, with every other network address blocked.
package embed

import (
	"archive/tar"
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
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"flowzap/internal/browsertest"
	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

var screenshots = flag.String("screenshots", "", "directory to write a screenshot of the example page to")

// pkgDir holds the package built once for the tests, as `make embed`
// writes it; buildErr says why not.
var pkgDir, buildErr = "", error(nil)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "flowzap-embed-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pkgDir = filepath.Join(dir, "package")
	cmd := exec.Command("bash", "scripts/build-embed.sh", pkgDir)
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		buildErr = fmt.Errorf("scripts/build-embed.sh: %v\n%s", err, out)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func built(t *testing.T) string {
	t.Helper()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return pkgDir
}

// TestPackage packs the package with npm (offline) and checks the tarball:
// exactly the files of the package.json files list (plus what npm always
// adds), each as built, the exports pointing at files in it, and no
// dependencies.
func TestPackage(t *testing.T) {
	dir := built(t)
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatal("npm is needed to pack the package: install Node.js")
	}
	dest := t.TempDir()
	cmd := exec.Command(npm, "pack", "--offline", "--json", "--pack-destination", dest)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "npm_config_cache="+filepath.Join(dest, "cache"), "npm_config_update_notifier=false")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("npm pack: %v\n%s", err, out)
	}
	var packed []struct {
		Name, Version, Filename string
		Size, UnpackedSize      int
	}
	if err := json.Unmarshal(out, &packed); err != nil || len(packed) != 1 {
		t.Fatalf("npm pack --json: %v\n%s", err, out)
	}
	p := packed[0]
	if p.Name != "@flowzap/diagram" {
		t.Errorf("package name %q, want @flowzap/diagram", p.Name)
	}
	t.Logf("%s: tarball %d bytes, unpacked %d bytes", p.Filename, p.Size, p.UnpackedSize)

	f, err := os.Open(filepath.Join(dest, p.Filename))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(h.Name, "package/")
		got[name] = b
		if h.Mode&0o111 != 0 {
			t.Errorf("%s is executable (mode %o) in the tarball", name, h.Mode)
		}
	}
	licences, _ := filepath.Glob(filepath.Join(dir, "licenses", "*"))
	want := []string{"package.json", "README.md", "NOTICE.md", "flowzap-diagram.js", "flowzap-diagram.d.ts",
		"flowzap.mjs", "worker.mjs", "core.mjs", "wasm_exec.js", "flowzap.wasm", "flowzap-import.wasm", "fonts/Inter-Regular.ttf", "fonts/Inter-SemiBold.ttf"}
	for _, l := range licences {
		want = append(want, "licenses/"+filepath.Base(l))
	}
	// Go's and Inter's licences, and one for every other Go module
	// compiled into the WebAssembly modules (none today: it is the standard
	// library and this repository's code).
	need := map[string]bool{"Go-LICENSE.txt": true, "Inter-OFL.txt": true}
	for _, tags := range []string{"flowzap_svgonly", "flowzap_svgonly flowzap_import"} { // the rendering and the import module
		list := exec.Command("go", "list", "-deps", "-tags", tags, "-f", "{{if .Module}}{{.Module.Path}}{{end}}", "../../cmd/flowzap-wasm")
		list.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		mods, err := list.Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		for _, m := range strings.Fields(string(mods)) {
			if m != "flowzap" {
				need[strings.ReplaceAll(m, "/", "-")+"-LICENSE.txt"] = true
			}
		}
	}
	have := map[string]bool{}
	for _, l := range licences {
		have[filepath.Base(l)] = true
	}
	for n := range need {
		if !have[n] {
			t.Errorf("licenses/%s is missing (have %v)", n, licences)
		}
	}
	var names []string
	for n := range got {
		names = append(names, n)
	}
	sort.Strings(names)
	sort.Strings(want)
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("the tarball holds\n  %s\nwant\n  %s", strings.Join(names, "\n  "), strings.Join(want, "\n  "))
	}
	for _, n := range want {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		if g, ok := got[n]; ok && !bytes.Equal(g, b) {
			t.Errorf("%s in the tarball differs from the built file", n)
		}
	}
	// The sources of the JS files are the repository's.
	for src, n := range map[string]string{"web/embed/flowzap-diagram.js": "flowzap-diagram.js", "web/wasm/flowzap.mjs": "flowzap.mjs",
		"web/wasm/worker.mjs": "worker.mjs", "web/wasm/core.mjs": "core.mjs", "web/embed/README.md": "README.md",
		"internal/fonts/Inter_400Regular.ttf": "fonts/Inter-Regular.ttf", "internal/fonts/Inter_600SemiBold.ttf": "fonts/Inter-SemiBold.ttf"} {
		b, err := os.ReadFile(filepath.Join("..", "..", src))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, got[n]) {
			t.Errorf("%s in the tarball is not %s", n, src)
		}
	}
	for _, m := range []string{"flowzap.wasm", "flowzap-import.wasm"} {
		if !bytes.HasPrefix(got[m], []byte("\x00asm")) {
			t.Errorf("%s is not a WebAssembly module", m)
		}
	}

	var pj struct {
		Name, Version, Type, License string
		Exports                      map[string]any
		Files                        []string
		Dependencies                 map[string]string
		PeerDependencies             map[string]string `json:"peerDependencies"`
	}
	if err := json.Unmarshal(got["package.json"], &pj); err != nil {
		t.Fatalf("package.json: %v", err)
	}
	if pj.Type != "module" || pj.Version == "" || pj.License == "" {
		t.Errorf("package.json: type %q, version %q, license %q", pj.Type, pj.Version, pj.License)
	}
	if len(pj.Dependencies) > 0 || len(pj.PeerDependencies) > 0 {
		t.Errorf("the package has dependencies: %v %v", pj.Dependencies, pj.PeerDependencies)
	}
	// Installed from the tarball (offline), the package imports by its
	// name in Node, where there is no DOM: server-side rendering of a docs
	// site (Docusaurus, VitePress) may import it.
	proj := filepath.Join(dest, "project")
	os.MkdirAll(proj, 0o755)
	os.WriteFile(filepath.Join(proj, "package.json"), []byte(`{"name": "embed-check", "private": true, "type": "module"}`), 0o644)
	cmd = exec.Command(npm, "install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", filepath.Join(dest, p.Filename))
	cmd.Dir = proj
	cmd.Env = append(os.Environ(), "npm_config_cache="+filepath.Join(dest, "cache"), "npm_config_update_notifier=false")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm install of the tarball: %v\n%s", err, out)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed: install Node.js")
	}
	cmd = exec.Command(node, "--input-type=module", "-e", `const m = await import("@flowzap/diagram"); console.log(Object.keys(m).sort().join(" "), typeof m.FlowzapDiagram, m.VIEWS.join(" "));`)
	cmd.Dir = proj
	out, err = cmd.CombinedOutput()
	if got, want := strings.TrimSpace(string(out)), "FlowzapDiagram IMPORT_FORMATS VIEWS configure dedent importDiagram ready render upgrade function workflow sequence architecture mindmap"; err != nil || got != want {
		t.Errorf("importing @flowzap/diagram in Node: %v\n%s\nwant %s", err, got, want)
	}

	var targets []string
	for _, v := range pj.Exports {
		switch v := v.(type) {
		case string:
			targets = append(targets, v)
		case map[string]any:
			for _, w := range v {
				targets = append(targets, fmt.Sprint(w))
			}
		}
	}
	if len(targets) < 2 {
		t.Errorf("package.json exports: %v", pj.Exports)
	}
	for _, target := range targets {
		found := false
		for n := range got {
			if ok, _ := path.Match(strings.TrimPrefix(target, "./"), n); ok {
				found = true
			}
		}
		if !found {
			t.Errorf("package.json exports %s, which is not in the tarball", target)
		}
	}
}

// fzBlock finds the FlowZap code in the docs: <script type="text/flowzap">
// children, ```flowzap fences and MDX template literals (code={`...`}).
var fzBlock = regexp.MustCompile("(?sm)<script type=\"text/flowzap\">\n(.*?)</script>|^```flowzap[^\n]*\n(.*?)^```|code=\\{`(.*?)`\\}")

// TestDocExamples checks that every FlowZap example in the package's
// README, docs/embed.md and the example page is valid code.
func TestDocExamples(t *testing.T) {
	total := 0
	for _, f := range []string{"../../web/embed/README.md", "../../docs/embed.md", "../../docs/examples/embed.html", "../../README.md"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range fzBlock.FindAllStringSubmatch(string(b), -1) {
			code := m[1] + m[2] + m[3]
			if strings.Contains(code, "n3.handle(left)\n    }") && strings.Contains(code, "Read & comment") {
				continue // the example page's deliberate error
			}
			n++
			res := pipeline.Check(f, []byte(dedent(code)), pipeline.Options{})
			if !res.OK() {
				t.Errorf("%s: example %d is not valid: %v\n%s", f, n, res.Diags.Err(), code)
			}
		}
		if n == 0 {
			t.Errorf("%s: found no FlowZap example", f)
		}
		total += n
	}
	t.Logf("%d examples checked", total)
}

// dedent is the element's dedent (flowzap-diagram.js): blank lines around
// the code and the indentation all lines share removed.
func dedent(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	indent := ""
	first := true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		ws := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if first {
			indent, first = ws, false
			continue
		}
		i := 0
		for i < len(indent) && i < len(ws) && indent[i] == ws[i] {
			i++
		}
		indent = indent[:i]
	}
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			lines[i] = ""
		} else {
			lines[i] = l[len(indent):]
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// native is the SVG the flowzap pipeline draws for code.
func native(t *testing.T, code, view, theme string, number bool) string {
	t.Helper()
	var b bytes.Buffer
	res := pipeline.Check("input.fz", []byte(code), pipeline.Options{})
	if err := pipeline.Render(&b, res, pipeline.RenderOptions{View: view, Theme: theme, Number: number}); err != nil {
		t.Fatalf("native render (%s %s): %v", view, theme, err)
	}
	return b.String()
}

// firstError is the first error the pipeline reports for code, as the
// element shows it: "line:column" and the message.
func firstError(t *testing.T, code string) (string, string) {
	t.Helper()
	res := pipeline.Check("input.fz", []byte(code), pipeline.Options{})
	errs := res.Diags.Filter(diag.Error).JSONList(res.File)
	if len(errs) == 0 {
		t.Fatalf("the code has no error:\n%s", code)
	}
	return fmt.Sprintf("%d:%d", errs[0].Line, errs[0].Column), errs[0].Message
}

func nodes(svg string) int { return strings.Count(svg, `class="fz-node`) }

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// tab is one Chromium tab with what it saw: console messages, requests to
// other hosts (blocked) and the paths the servers were asked for.
type tab struct {
	t       *testing.T
	ctx     context.Context
	base    string // the server of the pages
	cdn     string // another origin serving the package, with CORS
	mu      sync.Mutex
	console []string
	blocked []string
	asked   map[string]int
}

// modules is how many times the WebAssembly module was fetched, from
// anywhere.
func (tb *tab) modules() int {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	n := 0
	for p, k := range tb.asked {
		if strings.HasSuffix(p, ".wasm") {
			n += k
		}
	}
	return n
}

// fetched is how many times the file at path was asked for.
func (tb *tab) fetched(path string) int {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return tb.asked[path]
}

// hooks runs in every page before its scripts: it counts the Web Workers
// started and the render and error events of each element.
const hooks = `(() => {
  const W = window.Worker;
  window.fzWorkers = 0;
  window.Worker = class extends W { constructor(...a) { super(...a); window.fzWorkers++; } };
  window.fzRenders = {};
  window.fzErrors = {};
  window.fzTimes = [];
  document.addEventListener("flowzap-render", (e) => { window.fzTimes.push(performance.now()); const id = e.target.id; window.fzRenders[id] = (window.fzRenders[id] || 0) + 1; });
  document.addEventListener("flowzap-error", (e) => { const id = e.target.id; window.fzErrors[id] = (window.fzErrors[id] || 0) + 1; });
})();`

// browserTab starts headless Chromium on a static file server: /pkg/ and
// /build/embed/ are the built package, /docs/ and /examples/ the
// repository's, /t/ the test's own pages and files. Requests anywhere
// else are blocked and recorded. make test installs Chromium; outside CI a
// missing browser skips, in CI it fails.
func browserTab(t *testing.T, pages map[string]string) *tab {
	t.Helper()
	dir := built(t)
	tb := &tab{t: t, asked: map[string]int{}}
	pkg := http.FileServer(http.Dir(dir))
	mux := http.NewServeMux()
	// /t/mod/ is the package again, for configure({moduleURL}).
	for _, prefix := range []string{"/pkg/", "/build/embed/", "/t/mod/"} {
		mux.Handle(prefix, http.StripPrefix(prefix, pkg))
	}
	mux.Handle("/docs/", http.StripPrefix("/docs/", http.FileServer(http.Dir("../../docs"))))
	mux.Handle("/examples/", http.StripPrefix("/examples/", http.FileServer(http.Dir("../../examples"))))
	mux.HandleFunc("/t/", func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".html") {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		}
		io.WriteString(w, strings.ReplaceAll(body, "CDN_ORIGIN", tb.cdn))
	})
	count := func(prefix string, cors bool) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			tb.mu.Lock()
			tb.asked[prefix+r.URL.Path]++
			tb.mu.Unlock()
			if cors {
				w.Header().Set("Access-Control-Allow-Origin", "*")
			}
			mux.ServeHTTP(w, r)
		})
	}
	ts := httptest.NewServer(count("", false))
	t.Cleanup(ts.Close)
	cdn := httptest.NewServer(count("cdn:", true))
	t.Cleanup(cdn.Close)
	tb.base, tb.cdn = ts.URL, cdn.URL

	ctx := browsertest.Tab(t, 1280, 900, 4*time.Minute,
		// No name resolves: nothing but the test server can be reached.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
	)
	tb.ctx = ctx

	messages := chromedp.Console(ctx)
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatalf("Fetch.enable: %v", err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: hooks}); err != nil {
		t.Fatalf("adding the hooks: %v", err)
	}
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			if strings.HasPrefix(ev.Request.URL, ts.URL+"/") || strings.HasPrefix(ev.Request.URL, cdn.URL+"/") {
				chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			tb.mu.Lock()
			tb.blocked = append(tb.blocked, ev.Request.URL)
			tb.mu.Unlock()
			chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}
	}()
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleWarning {
				tb.mu.Lock()
				tb.console = append(tb.console, fmt.Sprintf("%s: %s (%s)", m.Type, m.Text, m.URL))
				tb.mu.Unlock()
			}
		}
	}()
	return tb
}

func (tb *tab) open(path string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(tb.base+path)); err != nil {
		tb.t.Fatalf("opening %s: %v", path, err)
	}
}

func (tb *tab) poll(expr, what string) {
	tb.t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		tb.t.Fatalf("waiting for %s (%s): %v\nstates: %s", what, expr, err, val[string](tb, `JSON.stringify([...document.querySelectorAll("flowzap-diagram")].map((e) => [e.id, e.state, e.error && e.error.message]))`))
	}
}

func val[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func (tb *tab) js(expr string) {
	tb.t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](expr)); err != nil {
		tb.t.Fatalf("running %s: %v", expr, err)
	}
}

func (tb *tab) scheme(dark bool) {
	tb.t.Helper()
	v := "light"
	if dark {
		v = "dark"
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}}}); err != nil {
		tb.t.Fatalf("emulating prefers-color-scheme %s: %v", v, err)
	}
}

// renders is how many times element id has drawn.
func (tb *tab) renders(id string) int {
	tb.t.Helper()
	return val[int](tb, `window.fzRenders[`+jsString(id)+`] || 0`)
}

// afterRender waits for element id's next picture (after n) and returns it.
func (tb *tab) afterRender(id string, n int, what string) string {
	tb.t.Helper()
	tb.poll(fmt.Sprintf(`(window.fzRenders[%s] || 0) > %d && document.getElementById(%s).state === "rendered"`, jsString(id), n, jsString(id)), what)
	return tb.svg(id)
}

func (tb *tab) svg(id string) string {
	tb.t.Helper()
	return val[string](tb, `document.getElementById(`+jsString(id)+`).svg`)
}

// picture describes the SVG in element id's shadow DOM.
type picture struct {
	Nodes, Edges     int
	Role, Title      string
	Desc, LabelledBy string
	Width            float64
	HostWidth        float64
}

func (tb *tab) picture(id string) picture {
	tb.t.Helper()
	return val[picture](tb, `(() => {
		const el = document.getElementById(`+jsString(id)+`), svg = el.shadowRoot.querySelector("svg");
		if (!svg) return {};
		const t = svg.querySelector(":scope > title"), d = svg.querySelector(":scope > desc");
		return {nodes: svg.querySelectorAll(".fz-node").length, edges: svg.querySelectorAll(".fz-edge").length,
			role: svg.getAttribute("role") || "", title: t ? t.textContent : "", desc: d ? d.textContent : "",
			labelledBy: svg.getAttribute("aria-labelledby") || "",
			width: svg.getBoundingClientRect().width, hostWidth: el.getBoundingClientRect().width};
	})()`)
}

// fonts says which of the package's Inter faces the page loaded and the
// font family the first label of element id is drawn with.
func (tb *tab) fonts(id string) string {
	tb.t.Helper()
	return val[string](tb, `document.fonts.ready.then(() => [...document.fonts].filter((f) => f.family === "flowzap-inter").map((f) => f.weight + " " + f.status).sort().join(", ") +
		" / " + getComputedStyle(document.getElementById(`+jsString(id)+`).shadowRoot.querySelector(".fz-node text")).fontFamily)`)
}

const interLoaded = `400 loaded, 600 loaded / flowzap-inter, Inter, "Helvetica Neue", Arial, sans-serif`

// errorText is the text element id shows in place of a picture.
func (tb *tab) errorText(id string) string {
	tb.t.Helper()
	return val[string](tb, `(() => { const e = document.getElementById(`+jsString(id)+`).shadowRoot.querySelector(".error"); return e ? e.textContent : ""; })()`)
}

// checkQuiet fails on console errors and warnings (but those listed as
// expected) and on requests that left the test server.
func (tb *tab) checkQuiet(expected ...string) {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
next:
	for _, m := range tb.console {
		for _, e := range expected {
			if strings.Contains(m, e) {
				continue next
			}
		}
		tb.t.Errorf("console: %s", m)
	}
	for _, u := range tb.blocked {
		tb.t.Errorf("the page asked for %s (blocked: only the test server may be reached)", u)
	}
	tb.console, tb.blocked = nil, nil
}

// axe runs axe-core (from web/node_modules, installed by npm ci) on the
// page, shadow DOM included, and fails on serious or critical violations.
func (tb *tab) axe(where string) {
	tb.t.Helper()
	src, err := os.ReadFile("../../web/node_modules/axe-core/axe.min.js")
	if err != nil {
		tb.t.Fatalf("axe-core is missing (run npm ci in web/; make test does): %v", err)
	}
	tb.js(string(src))
	out := val[string](tb, `axe.run(document, {resultTypes: ["violations"]}).then((r) => JSON.stringify(
		r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
			.map((v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target) + ": " + n.failureSummary)}))))`)
	var bad []any
	json.Unmarshal([]byte(out), &bad)
	if len(bad) > 0 {
		tb.t.Errorf("axe-core, %s: %d serious or critical violations: %s", where, len(bad), out)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

var views = []string{"workflow", "sequence", "architecture", "mindmap"}

// TestExamplePage opens docs/examples/embed.html: each seed diagram in each
// view is byte for byte the pipeline's picture with its node count, the
// dark numbered one too, the broken one shows its error with line:column;
// one worker and one module load for all; no console message, no request
// elsewhere; axe-core finds nothing serious.
func TestExamplePage(t *testing.T) {
	tb := browserTab(t, nil)
	tb.open("/docs/examples/embed.html")
	tb.poll(`[...document.querySelectorAll("flowzap-diagram")].every((e) => e.state === "rendered" || e.state === "error")`, "every diagram of the page")
	t.Logf("example page: first picture %.0f ms, the last picture %.0f ms after the page started loading (module served uncompressed from localhost)",
		val[float64](tb, `window.fzTimes[0]`), val[float64](tb, `window.fzTimes[window.fzTimes.length - 1]`))
	if n := val[int](tb, `document.querySelectorAll("flowzap-diagram").length`); n != 11 {
		t.Errorf("%d diagrams on the page, want 11", n)
	}
	for _, seed := range []string{"blue-green", "event-driven"} {
		code := readFile(t, "../../examples/seed-"+seed+".fz")
		stats := pipeline.StatsOf(pipeline.Check("input.fz", []byte(code), pipeline.Options{}))
		for _, view := range views {
			id := seed + "-" + view
			want := native(t, code, view, "", false)
			got := tb.svg(id)
			if got != want {
				t.Errorf("%s: the element's SVG (%d bytes) differs from the pipeline's (%d bytes)", id, len(got), len(want))
			}
			p := tb.picture(id)
			if p.Nodes != nodes(want) || p.Nodes == 0 {
				t.Errorf("%s: %d nodes drawn, the pipeline draws %d", id, p.Nodes, nodes(want))
			}
			if view == "workflow" && p.Nodes != stats.NodeCount {
				t.Errorf("%s: %d nodes drawn, the diagram has %d", id, p.Nodes, stats.NodeCount)
			}
			if p.Role != "img" || p.Title == "" || p.Desc == "" || p.LabelledBy == "" {
				t.Errorf("%s: not an accessible picture: %+v", id, p)
			}
			if id == "event-driven-workflow" {
				// fit="none": natural size, scrolling.
				if natural := val[float64](tb, `document.getElementById(`+jsString(id)+`).shadowRoot.querySelector("svg").width.baseVal.value`); p.Width != natural {
					t.Errorf("%s: fit=none: %.1f px wide, natural width %.1f px", id, p.Width, natural)
				}
			} else if p.Width > p.HostWidth+0.5 {
				t.Errorf("%s: the picture (%.0f px) is wider than its element (%.0f px)", id, p.Width, p.HostWidth)
			}
		}
		// The inline code is the seed's code.
		src := val[string](tb, `document.getElementById(`+jsString(seed+"-workflow")+`).source`)
		if strings.TrimSpace(src) != strings.TrimSpace(stripComments(code)) {
			t.Errorf("%s: the page's inline code is not examples/seed-%s.fz:\n%s", seed, seed, src)
		}
	}
	if p := tb.picture("blue-green-workflow"); !strings.HasPrefix(p.Title, "Workflow diagram: CI Pipeline, Blue-Green Controller and Load Balancer") ||
		p.Desc != "20 nodes and 22 connections in 3 lanes." {
		t.Errorf("blue-green title %q, description %q", p.Title, p.Desc)
	}
	dark := native(t, readFile(t, "../../examples/seed-event-driven.fz"), "sequence", "dark", true)
	if got := tb.svg("event-driven-dark"); got != dark {
		t.Errorf("the dark numbered sequence (%d bytes) differs from the pipeline's (%d bytes)", len(got), len(dark))
	}
	if h := val[float64](tb, `document.getElementById("event-driven-dark").shadowRoot.querySelector("svg").getBoundingClientRect().height`); h < 470 || h > 481 {
		t.Errorf("height=480: the picture is %.1f px high", h)
	}
	broken := dedent(val[string](tb, `document.querySelector("#broken script").textContent`))
	where, msg := firstError(t, broken)
	if text := tb.errorText("broken"); !strings.Contains(text, where) || !strings.Contains(text, msg) {
		t.Errorf("the broken diagram shows %q, want %s and %q", text, where, msg)
	}
	// The Mermaid diagram: converted as the pipeline converts it.
	mermaid := val[string](tb, `document.getElementById("from-mermaid").imported.text`)
	if !strings.HasPrefix(mermaid, "flowchart LR") {
		t.Errorf("the Mermaid diagram's text: %q", mermaid)
	}
	if got, want := tb.svg("from-mermaid"), native(t, imported(t, "mermaid", "", mermaid), "", "", false); got != want {
		t.Errorf("the Mermaid diagram (%d bytes) differs from the pipeline's picture of its import (%d bytes)", len(got), len(want))
	}
	if n := val[int](tb, `window.fzWorkers`); n != 2 {
		t.Errorf("%d workers started for 11 diagrams, want 2 (one draws, one converts)", n)
	}
	// The labels are drawn in Inter, the font the layout measured them with.
	if got := tb.fonts("blue-green-workflow"); got != interLoaded {
		t.Errorf("fonts: %s, want %s", got, interLoaded)
	}
	if n, m := tb.fetched("/build/embed/flowzap.wasm"), tb.fetched("/build/embed/flowzap-import.wasm"); n != 1 || m != 1 || tb.modules() != 2 {
		t.Errorf("the modules were fetched %d and %d times (%d in all), want once each", n, m, tb.modules())
	}
	if *screenshots != "" {
		b, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(*screenshots, 0o755)
		if err := os.WriteFile(filepath.Join(*screenshots, "embed-example.png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tb.axe("the example page")
	tb.scheme(true)
	tb.axe("the example page, dark system theme")
	tb.checkQuiet()
}

func stripComments(code string) string {
	var out []string
	for _, l := range strings.Split(code, "\n") {
		if !strings.HasPrefix(l, "//") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// The behaviour page's diagrams.
const (
	codeA = `order { # Orders
  n1: circle label:"Order in"
  n2: rectangle label:"Price < 100 & in stock?"
  n3: diamond label:"Approve"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(bottom) -> ship.n4.handle(top) [label="yes"]
}
ship { # Shipping
  n4: rectangle label:"Pack"
  n5: rectangle label:"Send"
  n4.handle(right) -> n5.handle(left)
}
`
	codeB = `team { # Team
  n1: circle label:"Idea"
  n2: rectangle label:"Sketch"
  n3: rectangle label:"Prototype"
  n4: rectangle label:"User test"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> n4.handle(left)
  n4.handle(bottom) -> ops.n5.handle(top) [label="ship it"]
}
ops { # Operations
  n5: rectangle label:"Deploy"
  n6: rectangle label:"Watch metrics"
  n5.handle(right) -> n6.handle(left)
}
`
	codeText = `notes { # Notes
  n1: circle label:"Write"
  n2: rectangle label:"Review"
  n1.handle(right) -> n2.handle(left)
}
`
	codeOther = `client { # Client
  n1: rectangle label:"Ask"
  n1.handle(bottom) -> server.n2.handle(top) [label="GET /items"]
}
server { # Server
  n2: rectangle label:"Answer"
  n2.handle(top) -> client.n1.handle(bottom) [label="200"]
}
`
	badCode = `order { # Orders
  n1: circle label:"Order in"
  n2: rectangle label:"Check"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n7.handle(left)
}
`
)

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// highlighted is code as a syntax highlighter writes it: each word in a
// span, entities for < and &.
func highlighted(code string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(code, "\n") {
		for i, w := range strings.Fields(line) {
			if i > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, `<span class="w%d">%s</span>`, i%3, htmlEscape(w))
		}
		if strings.HasSuffix(line, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

func indent(s, by string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = by + l
	}
	return strings.Join(lines, "\n")
}

// TestElement drives the element on a plain page: inline code (script
// child, plain text), src (and a 404), the code property, re-rendering on
// text and attribute changes (view, theme, theme auto following the
// system, number), diagnostics with line:column, Markdown code blocks
// upgraded, the programmatic render, one worker for all.
func TestElement(t *testing.T) {
	page := `<!doctype html><html lang="en"><meta charset="utf-8"><title>flowzap-diagram test</title><link rel="icon" href="data:,">
<script type="module">import * as fz from "/pkg/flowzap-diagram.js"; window.fz = fz;</script>
<main>
<h1>Test</h1>
<flowzap-diagram id="inline">
  <script type="text/flowzap">
` + indent(codeA, "    ") + `
  </script>
  <img id="fallback" alt="Orders and shipping" width="40" height="20" src="data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==">
</flowzap-diagram>
<flowzap-diagram id="text">
` + codeText + `</flowzap-diagram>
<flowzap-diagram id="src" view="sequence" src="/t/files/seed.fz"></flowzap-diagram>
<flowzap-diagram id="missing" src="/t/files/missing.fz"></flowzap-diagram>
<flowzap-diagram id="early"></flowzap-diagram>
<flowzap-diagram id="empty">
</flowzap-diagram>
<script>document.getElementById("early").code = ` + jsString(codeText) + `;</script>
<div id="md"><pre><code class="language-flowzap">` + htmlEscape(codeA) + `</code></pre>
<div class="language-flowzap highlight"><pre><span></span><code>` + highlighted(codeText) + `</code></pre></div>
<pre class="flowzap"><code>` + htmlEscape(codeOther) + `</code></pre></div>
</main>`
	seed := readFile(t, "../../examples/seed-event-driven.fz")
	tb := browserTab(t, map[string]string{"/t/page.html": page, "/t/files/seed.fz": seed, "/t/files/other.fz": codeOther})
	tb.open("/t/page.html")
	tb.poll(`["inline", "text", "src", "early"].every((id) => document.getElementById(id).state === "rendered") && document.getElementById("missing").state === "error"`, "the first pictures")

	// Inline code in a script child (with < and & in a label), plain text, src.
	if got, want := tb.svg("inline"), native(t, codeA, "", "", false); got != want {
		t.Errorf("inline: the SVG (%d bytes) differs from the pipeline's (%d bytes)", len(got), len(want))
	}
	if w := val[float64](tb, `document.getElementById("fallback").getBoundingClientRect().width`); w != 0 {
		t.Errorf("the fallback image is shown next to the picture (%.0f px wide)", w)
	}
	if p := tb.picture("inline"); p.Nodes != 5 || p.Edges != 4 || p.Title != "Workflow diagram: Orders and Shipping" || p.Desc != "5 nodes and 4 connections in 2 lanes." {
		t.Errorf("inline: %+v", p)
	}
	if got := val[int](tb, `document.getElementById("inline").stats.nodeCount`); got != 5 {
		t.Errorf("inline: stats.nodeCount %d, want 5", got)
	}
	if got, want := tb.svg("text"), native(t, codeText, "", "", false); got != want {
		t.Errorf("text content: the SVG (%d bytes) differs from the pipeline's (%d bytes)", len(got), len(want))
	}
	if got, want := tb.svg("src"), native(t, seed, "sequence", "", false); got != want {
		t.Errorf("src: the SVG (%d bytes) differs from the pipeline's (%d bytes)", len(got), len(want))
	}
	if st := val[string](tb, `document.getElementById("empty").state + " " + document.getElementById("empty").shadowRoot.textContent`); !strings.HasPrefix(st, "empty ") || !strings.Contains(st, "No FlowZap code") {
		t.Errorf("an element without code: %q", st)
	}
	tb.js(`document.getElementById("empty").append(` + jsString(codeText) + `)`)
	if got, want := tb.afterRender("empty", 0, "the code given later"), native(t, codeText, "", "", false); got != want {
		t.Errorf("code appended to an empty element: the SVG differs from the pipeline's")
	}
	if got, want := tb.svg("early"), native(t, codeText, "", "", false); got != want {
		t.Errorf("code property set before the element was defined: the SVG differs from the pipeline's")
	}
	if text := tb.errorText("missing"); !strings.Contains(text, "HTTP 404") || !strings.Contains(text, "/t/files/missing.fz") {
		t.Errorf("src 404: the element shows %q", text)
	}
	if s := val[string](tb, `document.getElementById("missing").shadowRoot.querySelector("svg") ? "svg" : ""`); s != "" {
		t.Errorf("src 404: a picture is shown")
	}

	// The text changes: a new picture.
	n := tb.renders("inline")
	tb.js(`document.querySelector("#inline script").textContent = ` + jsString(codeB))
	if got, want := tb.afterRender("inline", n, "the new text's picture"), native(t, codeB, "", "", false); got != want {
		t.Errorf("after a text change: the SVG (%d bytes) differs from the pipeline's (%d bytes)", len(got), len(want))
	}
	// Every view.
	for _, view := range views {
		n := tb.renders("inline")
		tb.js(`document.getElementById("inline").setAttribute("view", ` + jsString(view) + `)`)
		want := native(t, codeB, view, "", false)
		if view == "workflow" {
			// workflow is the default: setting it changes nothing drawn
			// but still draws again.
			want = native(t, codeB, "", "", false)
		}
		if got := tb.afterRender("inline", n, view+" view"); got != want {
			t.Errorf("view=%s: the SVG (%d bytes) differs from the pipeline's (%d bytes)", view, len(got), len(want))
		}
		if p := tb.picture("inline"); p.Nodes != nodes(want) {
			t.Errorf("view=%s: %d nodes drawn, the pipeline draws %d", view, p.Nodes, nodes(want))
		}
	}
	// Theme, and two attributes at once draw once.
	n = tb.renders("inline")
	tb.js(`document.getElementById("inline").setAttribute("theme", "dark")`)
	if got, want := tb.afterRender("inline", n, "the dark theme"), native(t, codeB, "mindmap", "dark", false); got != want {
		t.Errorf("theme=dark: the SVG differs from the pipeline's")
	}
	n = tb.renders("inline")
	tb.js(`{ const e = document.getElementById("inline"); e.setAttribute("view", "sequence"); e.setAttribute("number", ""); }`)
	if got, want := tb.afterRender("inline", n, "numbered sequence"), native(t, codeB, "sequence", "dark", true); got != want {
		t.Errorf("view=sequence number: the SVG differs from the pipeline's")
	}
	time.Sleep(300 * time.Millisecond)
	if got := tb.renders("inline"); got != n+1 {
		t.Errorf("two attributes changed together drew %d times, want once", got-n)
	}
	// theme="auto" follows the system, and draws again when it changes.
	tb.scheme(true)
	n = tb.renders("inline")
	tb.js(`document.getElementById("inline").setAttribute("theme", "auto")`)
	if got, want := tb.afterRender("inline", n, "theme auto"), native(t, codeB, "sequence", "dark", true); got != want {
		t.Errorf("theme=auto with a dark system: not the dark picture")
	}
	time.Sleep(300 * time.Millisecond)
	if got := tb.renders("inline"); got != n+1 {
		t.Errorf("theme auto (dark system): drew %d times, want once", got-n)
	}
	n = tb.renders("inline")
	tb.scheme(false)
	if got, want := tb.afterRender("inline", n, "the light system theme"), native(t, codeB, "sequence", "", true); got != want {
		t.Errorf("theme=auto after the system turned light: not the light picture")
	}

	// Invalid code: the diagnostic with line:column, then fixed again.
	errs := val[int](tb, `window.fzErrors.inline || 0`)
	tb.js(`document.querySelector("#inline script").textContent = ` + jsString(badCode))
	tb.poll(fmt.Sprintf(`(window.fzErrors.inline || 0) > %d`, errs), "the error of the invalid code")
	where, msg := firstError(t, badCode)
	if text := tb.errorText("inline"); !strings.Contains(text, where) || !strings.Contains(text, msg) || !strings.Contains(text, "n2.handle(right) -> n7.handle(left)") {
		t.Errorf("invalid code: the element shows %q, want %s, %q and the line", text, where, msg)
	}
	if where != "5:23" {
		t.Errorf("the error is at %s, want 5:23 (the test's code changed?)", where)
	}
	n = tb.renders("inline")
	tb.js(`document.querySelector("#inline script").textContent = ` + jsString(codeA))
	if got, want := tb.afterRender("inline", n, "the fixed code"), native(t, codeA, "sequence", "", true); got != want {
		t.Errorf("after fixing the code: the SVG differs from the pipeline's")
	}
	// A bad attribute value is shown as an error too.
	errs = val[int](tb, `window.fzErrors.inline || 0`)
	tb.js(`document.getElementById("inline").setAttribute("view", "gantt")`)
	tb.poll(fmt.Sprintf(`(window.fzErrors.inline || 0) > %d`, errs), "the error of view=gantt")
	if text := tb.errorText("inline"); !strings.Contains(text, "gantt") {
		t.Errorf("view=gantt: the element shows %q", text)
	}

	// src changes: loaded again; a 404 recovers when src is right.
	n = tb.renders("src")
	tb.js(`document.getElementById("src").setAttribute("src", "/t/files/other.fz")`)
	if got, want := tb.afterRender("src", n, "the other src"), native(t, codeOther, "sequence", "", false); got != want {
		t.Errorf("src changed: the SVG differs from the pipeline's")
	}
	n = tb.renders("missing")
	tb.js(`document.getElementById("missing").setAttribute("src", "/t/files/other.fz")`)
	if got, want := tb.afterRender("missing", n, "the 404 element with a good src"), native(t, codeOther, "", "", false); got != want {
		t.Errorf("src fixed: the SVG differs from the pipeline's")
	}

	// label names the picture; fit="none" keeps its natural size.
	tb.js(`document.getElementById("src").setAttribute("label", "Who asks whom")`)
	if p := tb.picture("src"); p.Title != "Who asks whom" {
		t.Errorf("label: the title is %q", p.Title)
	}
	tb.js(`document.getElementById("src").style.width = "200px"`)
	if p := tb.picture("src"); p.Width > 200.5 {
		t.Errorf("in a 200 px element the picture is %.1f px wide", p.Width)
	}
	tb.js(`document.getElementById("src").setAttribute("fit", "none")`)
	natural := val[float64](tb, `document.getElementById("src").shadowRoot.querySelector("svg").width.baseVal.value`)
	if p := tb.picture("src"); p.Width != natural || natural <= 200 {
		t.Errorf(`fit="none": the picture is %.1f px wide, its natural width is %.1f px`, p.Width, natural)
	}
	if s := val[bool](tb, `(() => { const st = document.getElementById("src").shadowRoot.querySelector(".stage"); return st.scrollWidth > st.clientWidth; })()`); !s {
		t.Errorf(`fit="none": the picture does not scroll in a narrower element`)
	}

	// The code property wins over the text.
	n = tb.renders("text")
	tb.js(`document.getElementById("text").code = ` + jsString(codeOther))
	if got, want := tb.afterRender("text", n, "the code property"), native(t, codeOther, "", "", false); got != want {
		t.Errorf("code property: the SVG differs from the pipeline's")
	}

	// A Markdown code block becomes an element.
	if got := val[string](tb, `fz.upgrade(document.getElementById("md"), {view: "architecture"}).map((e, i) => e.id = "upgraded" + i).join(" ")`); got != "upgraded0 upgraded1 upgraded2" {
		t.Errorf("upgrade made %q, want three elements", got)
	}
	for i, code := range []string{codeA, codeText, codeOther} {
		id := fmt.Sprint("upgraded", i)
		if got, want := tb.afterRender(id, 0, "the upgraded code block "+id), native(t, code, "architecture", "", false); got != want {
			t.Errorf("upgraded code block %d: the SVG differs from the pipeline's", i)
		}
	}
	if n := val[int](tb, `document.querySelectorAll("#md pre").length`); n != 0 {
		t.Errorf("%d code blocks left after upgrade", n)
	}

	// The programmatic API (also on the element's class).
	if got := val[string](tb, `(() => { const C = customElements.get("flowzap-diagram"); return [C.configure === fz.configure, C.render === fz.render, C.ready === fz.ready, C.upgrade === fz.upgrade].join(" "); })()`); got != "true true true true" {
		t.Errorf("the class's static API: %s", got)
	}
	if got, want := val[string](tb, `fz.render(`+jsString(codeB)+`, {view: "mindmap", theme: "dark"}).then((r) => r.svg)`), native(t, codeB, "mindmap", "dark", false); got != want {
		t.Errorf("render(): the SVG differs from the pipeline's")
	}
	where, _ = firstError(t, "x {")
	if got := val[string](tb, `fz.render("x {", {}).then((r) => r.status + " " + r.errors[0].line + ":" + r.errors[0].column)`); got != "422 "+where {
		t.Errorf("render() of bad code: %s, want 422 %s", got, where)
	}

	if n := val[int](tb, `window.fzWorkers`); n != 1 {
		t.Errorf("%d workers started, want 1 for every element and render()", n)
	}
	if n := tb.modules(); n != 1 {
		t.Errorf("the module was fetched %d times, want 1", n)
	}
	tb.axe("the test page")
	tb.checkQuiet("missing.fz")

	// The blocking works: a request elsewhere fails and is recorded.
	if got := val[string](tb, `fetch("http://flowzap.invalid/x.fz").then(() => "reached", () => "failed")`); got != "failed" {
		t.Errorf("a request to another host %s", got)
	}
	tb.mu.Lock()
	if len(tb.blocked) != 1 || tb.blocked[0] != "http://flowzap.invalid/x.fz" {
		t.Errorf("blocked requests %v, want the one to flowzap.invalid", tb.blocked)
	}
	tb.blocked, tb.console = nil, nil
	tb.mu.Unlock()
}

// TestConfigure: configure({moduleURL}) takes the module from elsewhere; a
// module that cannot be loaded shows the reason in every element and is
// fetched again when a text changes; so does importModuleURL for the
// import module; the
// package served from another origin (a CDN, with CORS) starts its worker
// through a blob: module and draws the same pictures.
func TestConfigure(t *testing.T) {
	body := `<flowzap-diagram id="a" view="sequence"><script type="text/flowzap">` + codeOther + `</script></flowzap-diagram>
<flowzap-diagram id="b">` + codeText + `</flowzap-diagram>`
	head := `<!doctype html><html lang="en"><meta charset="utf-8"><title>configure</title><link rel="icon" href="data:,">`
	tb := browserTab(t, map[string]string{
		"/t/moved.html": head + `<script type="module">import { configure } from "/pkg/flowzap-diagram.js"; configure({moduleURL: "/t/mod/flowzap.wasm", fonts: false});</script>` + body,
		"/t/gone.html":  head + `<script type="module">import { configure } from "/pkg/flowzap-diagram.js"; configure({moduleURL: "gone/flowzap.wasm"});</script>` + body,
		"/t/cdn.html":   head + `<script type="module" src="CDN_ORIGIN/pkg/flowzap-diagram.js"></script>` + body,
		"/t/limits.html": head + `<script type="module">import { configure } from "/pkg/flowzap-diagram.js"; configure({maxBytes: 64});</script>
<flowzap-diagram id="big" src="/t/files/big.fz"></flowzap-diagram><flowzap-diagram id="latin1" src="/t/files/latin1.fz"></flowzap-diagram>`,
		"/t/importmoved.html": head + `<script type="module">import { configure } from "/pkg/flowzap-diagram.js"; configure({importModuleURL: "/t/mod/flowzap-import.wasm", fonts: false});</script>
<flowzap-diagram id="m" from="mermaid">graph TD
  a[Order] --> b[Ship]
</flowzap-diagram>`,
		"/t/importgone.html": head + `<script type="module">import { configure } from "/pkg/flowzap-diagram.js"; configure({importModuleURL: "gone/flowzap-import.wasm", fonts: false});</script>
<flowzap-diagram id="m" from="mermaid">graph TD
  a[Order] --> b[Ship]
</flowzap-diagram>`,
		"/t/files/big.fz":    codeOther,
		"/t/files/latin1.fz": "a { # Caf\xe9\n  n1: circle label:\"x\"\n}\n",
	})
	wantA, wantB := native(t, codeOther, "sequence", "", false), native(t, codeText, "", "", false)
	both := `["a", "b"].every((id) => document.getElementById(id).state === "rendered")`

	tb.open("/t/moved.html")
	tb.poll(both, "the pictures with the module moved")
	if tb.svg("a") != wantA || tb.svg("b") != wantB {
		t.Errorf("moduleURL: the pictures differ from the pipeline's")
	}
	tb.mu.Lock()
	if tb.asked["/t/mod/flowzap.wasm"] != 1 || tb.asked["/pkg/flowzap.wasm"] != 0 {
		t.Errorf("moduleURL: the module was fetched from %v", tb.asked)
	}
	if tb.asked["/pkg/fonts/Inter-Regular.ttf"] != 0 {
		t.Errorf("fonts: false: the fonts were fetched")
	}
	tb.mu.Unlock()
	tb.checkQuiet()

	tb.open("/t/gone.html")
	tb.poll(`["a", "b"].every((id) => document.getElementById(id).state === "error")`, "the errors of a missing module")
	for _, id := range []string{"a", "b"} {
		if text := tb.errorText(id); !strings.Contains(text, "renderer could not run") || !strings.Contains(text, "404") {
			t.Errorf("a missing module: element %s shows %q", id, text)
		}
	}
	// Tried again (fetched again) when a text changes.
	errs := val[int](tb, `window.fzErrors.b || 0`)
	tb.js(`document.getElementById("b").textContent = ` + jsString(codeOther))
	tb.poll(fmt.Sprintf(`(window.fzErrors.b || 0) > %d`, errs), "the error of the missing module, tried again")
	if n := tb.fetched("/t/gone/flowzap.wasm"); n != 2 {
		t.Errorf("a missing module was asked for %d times, want twice (the first pictures, then the changed text)", n)
	}
	tb.checkQuiet("gone/flowzap.wasm")

	tb.open("/t/limits.html")
	tb.poll(`["big", "latin1"].every((id) => document.getElementById(id).state === "error")`, "the errors of a too large and a non-UTF-8 file")
	if text := tb.errorText("big"); !strings.Contains(text, "more than the 64 bytes") {
		t.Errorf("maxBytes: the element shows %q", text)
	}
	if text := tb.errorText("latin1"); !strings.Contains(text, "not UTF-8") {
		t.Errorf("a Latin-1 file: the element shows %q", text)
	}
	// Nothing to draw: the renderer is not loaded at all.
	time.Sleep(200 * time.Millisecond)
	if n := val[int](tb, `window.fzWorkers`); n != 0 {
		t.Errorf("nothing to draw, yet %d workers started", n)
	}
	tb.mu.Lock()
	if n := tb.asked["/pkg/flowzap.wasm"]; n != 0 {
		t.Errorf("nothing to draw, yet the module was fetched %d times", n)
	}
	tb.mu.Unlock()
	tb.checkQuiet()

	// importModuleURL: the import module from elsewhere; one that cannot
	// be loaded is shown, and tried again when the text changes.
	mermaid := "graph TD\n  a[Order] --> b[Ship]\n"
	tb.open("/t/importmoved.html")
	tb.poll(`document.getElementById("m").state === "rendered"`, "the Mermaid picture with the import module moved")
	if got, want := tb.svg("m"), native(t, imported(t, "mermaid", "", mermaid), "", "", false); got != want {
		t.Errorf("importModuleURL: the picture differs from the pipeline's")
	}
	if tb.fetched("/t/mod/flowzap-import.wasm") != 1 || tb.fetched("/pkg/flowzap-import.wasm") != 0 {
		t.Errorf("importModuleURL: the import module was fetched from %v", tb.asked)
	}
	tb.checkQuiet()
	tb.open("/t/importgone.html")
	tb.poll(`document.getElementById("m").state === "error"`, "the error of a missing import module")
	if text := tb.errorText("m"); !strings.Contains(text, "import module could not run") || !strings.Contains(text, "404") {
		t.Errorf("a missing import module: the element shows %q", text)
	}
	errs = val[int](tb, `window.fzErrors.m || 0`)
	tb.js(`document.getElementById("m").textContent = "graph LR\n  a --> b\n"`)
	tb.poll(fmt.Sprintf(`(window.fzErrors.m || 0) > %d`, errs), "the error of the missing import module, tried again")
	if n := tb.fetched("/t/gone/flowzap-import.wasm"); n != 2 {
		t.Errorf("a missing import module was asked for %d times, want twice (once per text)", n)
	}
	tb.checkQuiet("gone/flowzap-import.wasm")

	tb.mu.Lock()
	tb.asked = map[string]int{}
	tb.mu.Unlock()
	tb.open("/t/cdn.html")
	tb.poll(both, "the pictures with the package on another origin")
	if tb.svg("a") != wantA || tb.svg("b") != wantB {
		t.Errorf("another origin: the pictures differ from the pipeline's")
	}
	if n := val[int](tb, `window.fzWorkers`); n != 1 {
		t.Errorf("another origin: %d workers, want 1", n)
	}
	tb.mu.Lock()
	if tb.asked["cdn:/pkg/flowzap.wasm"] != 1 || tb.asked["cdn:/pkg/worker.mjs"] != 1 {
		t.Errorf("another origin: the package's files were fetched %v", tb.asked)
	}
	tb.mu.Unlock()
	if got := tb.fonts("a"); got != interLoaded {
		t.Errorf("another origin: fonts %s, want %s", got, interLoaded)
	}
	tb.checkQuiet()
}

// imported is the FlowZap code the pipeline makes of source (its format
// told from from, or from name and its first lines when from is empty).
func imported(t *testing.T, from, name, source string) string {
	t.Helper()
	res, _, err := pipeline.ImportFor(pipeline.ImportRequest{From: from, Name: name, Source: source}, pipeline.DefaultLimits)
	if err != nil || !res.OK() {
		t.Fatalf("native import of %s: %v", name, err)
	}
	return string(res.Code)
}

// TestImport: a Mermaid diagram given inline with from="mermaid", a BPMN
// file by its src's name and a draw.io file with from="auto" are
// converted by the import module and drawn as the pipeline draws the
// code it makes of them; an unreadable one shows its error at its line
// and column in the text given; changing only the view does not convert
// again; the import module is fetched once, in a worker of its own; and
// importDiagram() answers what the pipeline does.
func TestImport(t *testing.T) {
	mermaid := "flowchart LR\n  a[Browse catalog] --> b{In stock?}\n  b -->|yes| c[Add to basket]\n  b -->|no| d[Join waiting list]\n"
	broken := "flowchart LR\n  a[Start] --> b{Ok?\n  b --> c\n"
	var bpmn, drawio bytes.Buffer
	for f, buf := range map[string]*bytes.Buffer{"bpmn": &bpmn, "drawio": &drawio} {
		res := pipeline.Check("seed.fz", []byte(readFile(t, "../../examples/seed-blue-green.fz")), pipeline.Options{})
		if err := pipeline.ExportAs(buf, res, f); err != nil {
			t.Fatalf("export to %s: %v", f, err)
		}
	}
	page := `<!doctype html><html lang="en"><meta charset="utf-8"><title>flowzap-diagram import test</title><link rel="icon" href="data:,">
<script type="module">import * as fz from "/pkg/flowzap-diagram.js"; window.fz = fz;</script>
<main>
<h1>Imports</h1>
<flowzap-diagram id="mmd" from="mermaid">
` + htmlEscape(mermaid) + `</flowzap-diagram>
<flowzap-diagram id="bpmn" view="sequence" src="/t/files/release.bpmn"></flowzap-diagram>
<flowzap-diagram id="drawio" from="auto" view="architecture" src="/t/files/release.xml"></flowzap-diagram>
<flowzap-diagram id="broken" from="mermaid">` + htmlEscape(broken) + `</flowzap-diagram>
<flowzap-diagram id="visio" from="visio">graph TD
 a --> b</flowzap-diagram>
</main>`
	tb := browserTab(t, map[string]string{"/t/page.html": page, "/t/files/release.bpmn": bpmn.String(), "/t/files/release.xml": drawio.String()})
	tb.open("/t/page.html")
	tb.poll(`["mmd", "bpmn", "drawio"].every((id) => document.getElementById(id).state === "rendered") && ["broken", "visio"].every((id) => document.getElementById(id).state === "error")`, "the imported pictures")

	mmdCode := imported(t, "mermaid", "", mermaid)
	if got, want := tb.svg("mmd"), native(t, mmdCode, "", "", false); got != want {
		t.Errorf("inline Mermaid: the SVG (%d bytes) differs from the pipeline's (%d bytes)", len(got), len(want))
	}
	if got := val[[]string](tb, `(() => { const e = document.getElementById("mmd"); return [e.source, e.imported.from, e.imported.text]; })()`); len(got) != 3 || got[0] != mmdCode || got[1] != "mermaid" || got[2] != mermaid {
		t.Errorf("inline Mermaid: source, imported.from and imported.text are %q", got)
	}
	if got, want := tb.svg("bpmn"), native(t, imported(t, "", "release.bpmn", bpmn.String()), "sequence", "", false); got != want {
		t.Errorf("a .bpmn src: the SVG (%d bytes) differs from the pipeline's (%d bytes)", len(got), len(want))
	}
	if got, want := tb.svg("drawio"), native(t, imported(t, "", "release.xml", drawio.String()), "architecture", "", false); got != want {
		t.Errorf(`from="auto" on draw.io XML: the SVG (%d bytes) differs from the pipeline's (%d bytes)`, len(got), len(want))
	}
	res, _, err := pipeline.ImportFor(pipeline.ImportRequest{From: "mermaid", Source: broken}, pipeline.DefaultLimits)
	if err != nil || res.OK() {
		t.Fatalf("the broken Mermaid imports: %v", err)
	}
	first := res.Diags.Filter(diag.Error).JSONList(res.Src)[0]
	if text := tb.errorText("broken"); !strings.Contains(text, fmt.Sprintf("%d:%d", first.Line, first.Column)) || !strings.Contains(text, first.Message) || !strings.Contains(text, "a[Start] --> b{Ok?") {
		t.Errorf("unreadable Mermaid: the element shows %q, want %d:%d %q and its line", text, first.Line, first.Column, first.Message)
	}
	if text := tb.errorText("visio"); !strings.Contains(text, `unknown import format "visio"`) {
		t.Errorf(`from="visio": the element shows %q`, text)
	}

	// Another view: drawn again from the code converted before.
	asked := tb.fetched("/pkg/flowzap-import.wasm")
	n := tb.renders("mmd")
	tb.js(`window.conversion = document.getElementById("mmd")._conversion; document.getElementById("mmd").setAttribute("view", "mindmap")`)
	if got, want := tb.afterRender("mmd", n, "the mind map of the Mermaid diagram"), native(t, mmdCode, "mindmap", "", false); got != want {
		t.Errorf("view=mindmap on imported Mermaid: the SVG differs from the pipeline's")
	}
	if same := val[bool](tb, `window.conversion === document.getElementById("mmd")._conversion`); !same {
		t.Errorf("view=mindmap on imported Mermaid: converted again")
	}
	// The text changes: converted again.
	changed := mermaid + "  c --> e[Pay]\n"
	n = tb.renders("mmd")
	tb.js(`document.getElementById("mmd").textContent = ` + jsString(changed))
	if got, want := tb.afterRender("mmd", n, "the changed Mermaid"), native(t, imported(t, "mermaid", "", changed), "mindmap", "", false); got != want {
		t.Errorf("changed Mermaid: the SVG differs from the pipeline's")
	}
	if same := val[bool](tb, `window.conversion === document.getElementById("mmd")._conversion`); same {
		t.Errorf("changed Mermaid: not converted again")
	}
	// from removed: the text is read as FlowZap code, which it is not.
	errs := val[int](tb, `window.fzErrors.mmd || 0`)
	tb.js(`document.getElementById("mmd").removeAttribute("from")`)
	tb.poll(fmt.Sprintf(`(window.fzErrors.mmd || 0) > %d`, errs), "the error of Mermaid read as FlowZap code")
	if got := val[string](tb, `String(document.getElementById("mmd").imported)`); got != "null" {
		t.Errorf("without from: imported is %s", got)
	}

	// The API.
	if got, want := val[string](tb, `fz.importDiagram(`+jsString(mermaid)+`, {name: "shop.mmd"}).then((r) => r.status + " " + r.code)`), "200 "+imported(t, "", "shop.mmd", mermaid); got != want {
		t.Errorf("importDiagram(): %q, want %q", got, want)
	}
	if got := val[string](tb, `fz.importDiagram(`+jsString(broken)+`, {from: "mermaid", lang: "fr"}).then((r) => r.status + " " + r.ok + " " + r.diagnostics[0].line)`); got != fmt.Sprintf("422 false %d", first.Line) {
		t.Errorf("importDiagram() of broken Mermaid: %s", got)
	}
	if got := val[string](tb, `fz.importDiagram("just words", {}).then((r) => r.status + " " + r.error)`); !strings.HasPrefix(got, "400 cannot tell the format") {
		t.Errorf("importDiagram() of an unknown format: %s", got)
	}

	if got := tb.fetched("/pkg/flowzap-import.wasm"); got != 1 || asked != 1 {
		t.Errorf("the import module was fetched %d times (%d before the changes), want once", got, asked)
	}
	if got := tb.fetched("/pkg/flowzap.wasm"); got != 1 {
		t.Errorf("the rendering module was fetched %d times, want once", got)
	}
	if n := val[int](tb, `window.fzWorkers`); n != 2 {
		t.Errorf("%d workers started, want 2 (rendering and import)", n)
	}
	tb.checkQuiet()
}
