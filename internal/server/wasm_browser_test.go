package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"flowzap/internal/store"
	"flowzap/internal/testgen"
	"flowzap/web"
)

// probe is run in every page before the app: it records the key events
// (their time, the edit count at that moment and when the first frame
// after the key began) and every picture the app
// draws (the edit it shows, when its markup was in the page, and when the
// frame after it was painted).
const pageProbe = `window.fzKeys = []; window.fzPics = [];
addEventListener("keydown", (e) => { window.fzKeys.push({t: e.timeStamp, gen: (window.fzState && window.fzState.gen) || 0, frame: 0}); }, true);
// The first frame after the key's edit: asked for on its input event, not
// on the keydown (a frame asked for there would start at once, before the
// key's text is even inserted, and push the frame that shows it to the
// next tick of the frame clock).
// (The app types a plain character itself, in the keydown, which it
// then prevents: that keydown is the edit.)
const keyFrame = () => { const k = window.fzKeys[window.fzKeys.length - 1]; if (k && !k.frame) { k.frame = -1; requestAnimationFrame(() => { k.frame = performance.now(); }); } };
addEventListener("input", keyFrame, true);
addEventListener("keydown", (e) => { if (e.defaultPrevented) keyFrame(); });
addEventListener("fz-picture", (e) => {
	const pic = {gen: e.detail.gen, how: e.detail.how, engine: document.querySelector("#stage").dataset.engine, drawn: performance.now(), painted: 0, ms: e.detail.ms || 0, goMs: e.detail.goMs || 0, asked: e.detail.asked || 0, done: e.detail.done || 0, got: e.detail.got || 0, swap: e.detail.swap || 0, made: e.detail.made || 0, morphed: e.detail.morphed || 0, shifted: e.detail.shifted || 0, inFrame: !!e.detail.inFrame};
	window.fzPics.push(pic);
	// A picture put in at the start of a frame is painted in that frame;
	// any other, in the next.
	const painted = () => setTimeout(() => { pic.painted = performance.now(); }, 0);
	if (e.detail.inFrame) painted(); else requestAnimationFrame(painted);
});`

// counter counts the requests to each path, and can refuse some paths
// (a server without the module).
type counter struct {
	h     http.Handler
	block string // paths with this prefix answer 404
	mu    sync.Mutex
	n     map[string]int
	// moduleQueries are the query strings the module was asked with.
	moduleQueries []string
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[r.URL.Path]++
	if r.URL.Path == "/assets/wasm/flowzap.wasm" {
		c.moduleQueries = append(c.moduleQueries, r.URL.RawQuery)
	}
	c.mu.Unlock()
	if c.block != "" && strings.HasPrefix(r.URL.Path, c.block) {
		http.NotFound(w, r)
		return
	}
	c.h.ServeHTTP(w, r)
}

// take returns the counts so far and starts again.
func (c *counter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = map[string]int{}
	return n
}

// newProbedApp is newApp with the probe in every page, the requests
// counted (and those under block refused), and script run before the app
// (to take features away from the browser).
func newProbedApp(t *testing.T, block, script string) (*app, *counter) {
	return newProbedAppThen(t, block, script, nil)
}

// newProbedAppThen is newProbedApp that runs before(a) just before the
// app is first opened (to start a trace of a first visit).
func newProbedAppThen(t *testing.T, block, script string, before func(*app)) (*app, *counter) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "app.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c := &counter{h: New(st, Options{RateLimit: 1000, Burst: 1000}), block: block}
	rec := &recorder{h: c}
	ts := httptest.NewServer(rec)
	t.Cleanup(ts.Close)
	a := &app{t: t, ctx: browser(t), base: ts.URL, rec: rec}
	for _, src := range []string{pageProbe, script} {
		if src == "" {
			continue
		}
		if _, err := chromedp.Call(a.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
			t.Fatal(err)
		}
	}
	a.size(1440, 900)
	if before != nil {
		before(a)
	}
	a.open("/")
	return a, c
}

// needWasm fails in CI (and skips elsewhere) when the binary under test
// was built without the WebAssembly module.
func needWasm(t *testing.T) {
	t.Helper()
	if web.HasWasm() {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal("web/dist/wasm is missing: make test builds it first (make wasm)")
	}
	t.Skip("web/dist/wasm is missing: run make wasm")
}

// serverCalls are the API calls the module answers once it has loaded.
var serverCalls = []string{"/api/render", "/api/validate", "/api/format", "/api/fix", "/api/fix/one"}

// TestBrowserWasmApp: once the module has loaded, the preview, the
// diagnostics, the quick fixes and Format never ask the server; the first
// picture did not wait for the module; every keystroke gives a new picture and
// the last keystroke's picture wins.
func TestBrowserWasmApp(t *testing.T) {
	needWasm(t)
	a, c := newProbedApp(t, "", "")
	a.poll(`window.fzEngine.mode === "local"`, "the module")
	a.poll(`document.querySelector("#stage").dataset.engine === "local"`, "the first local picture")
	// The server's COOP and COEP make the page cross-origin isolated, so
	// the engine reads answers from memory shared with its worker too.
	if !val[bool](a, `self.crossOriginIsolated === true && window.fzEngine.shared === true`) {
		t.Errorf("the app is not cross-origin isolated, or its engine shares no memory with the worker (crossOriginIsolated %v, shared %v)",
			val[bool](a, `self.crossOriginIsolated`), val[bool](a, `!!window.fzEngine.shared`))
	}
	type pic struct {
		Gen                   int
		How, Engine           string
		Drawn, Painted, Asked float64
	}
	pics := val[[]pic](a, `window.fzPics`)
	ready := val[float64](a, `window.fzEngine.marks.ready`)
	n := c.take()
	// The first picture never waits for the module: while it loads, the
	// server draws (or the last visit's picture shows). The module,
	// started by the page's first script, may still answer first, and on
	// a busy machine it may be ready before the app asks for its first
	// picture (the app first fetches the template): then it draws it.
	if len(pics) == 0 || (pics[0].Engine == "local" && n["/api/render"] == 0 && pics[0].Asked < ready) {
		t.Errorf("the first picture waited for the module (no server render asked while it loaded; module ready at %.0f ms): %+v, requests %v", ready, pics, n)
	}
	firstLocal := 0.0
	for _, p := range pics {
		if p.Engine == "local" {
			firstLocal = p.Drawn
			break
		}
	}
	t.Logf("first picture %.0f ms after the navigation, module loaded in %.0f ms, first local picture at %.0f ms",
		pics[0].Drawn, val[float64](a, `window.fzEngine.loadMs`), firstLocal)
	if n["/assets/wasm/flowzap.wasm"] != 1 || n["/assets/wasm/worker.mjs"] != 1 {
		t.Errorf("the module and worker were fetched %d and %d times, want once", n["/assets/wasm/flowzap.wasm"], n["/assets/wasm/worker.mjs"])
	}
	// The boot script has the worker ask for the module by the build's
	// version, the URL the server lets the browser keep with its compiled
	// code.
	c.mu.Lock()
	queries := slices.Clone(c.moduleQueries)
	c.mu.Unlock()
	if want := "v=" + web.WasmVersion(); len(queries) == 0 || queries[0] != want {
		t.Errorf("the module was asked for with queries %q, want %q first", queries, want)
	}

	// In the first pause after its first picture, the worker warms the
	// module up (worker.mjs, settle): it types into the diagram's first
	// label on a stream of its own, then says so. The preview is left as
	// it was, and nothing goes to the server.
	picture := val[string](a, `document.querySelector("#stage svg").outerHTML`)
	served := c.take()["/api/render"]
	a.poll(`!!window.fzEngine.warmed`, "the module's warm-up")
	type warmed struct {
		Keys    int
		Ms      float64
		Stopped bool
	}
	if w := val[warmed](a, `window.fzEngine.warmed`); w.Keys != len(" and a few more words typed to warm") || w.Ms <= 0 || w.Stopped {
		t.Errorf("the warm-up reported %+v, want every letter of its text typed, in some time, not stopped", w)
	}
	if after := val[string](a, `document.querySelector("#stage svg").outerHTML`); after != picture {
		t.Errorf("the warm-up changed the preview")
	}
	if n := c.take()["/api/render"]; n != 0 {
		t.Errorf("the warm-up (or the page meanwhile) asked the server for %d renders (%d before it)", n, served)
	}

	// Typing, an error, one quick fix, Fix all and Format: all local.
	a.setCode("ops { # Operations\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n  n1.handle(right) -> n2.handle(left)\n")
	a.click(".cm-content")
	a.js(`window.fzEditor.dispatch({selection: {anchor: window.fzEditor.state.doc.length}})`)
	a.key("}")
	a.poll(`document.querySelector("#stage svg")?.textContent.includes("Work") && document.querySelector("#stage").dataset.state === "fresh"`, "the typed diagram")
	a.setCode("ops { # Operations\n  n1: circle label:\"Start\"\n  n1.handle(right) -> n9.handle(left)\n}\n")
	a.poll(`!!document.querySelector(".cm-lintRange-error")`, "the error underline")
	a.poll(`document.querySelector("#stage").dataset.state === "stale" && !document.querySelector("#stale").hidden`, "the last good picture kept")
	a.setCode("ops { # Operations\n  n1: circle label:\"Start\"\n  n7: rectangle   label:\"Work\"\n  n1.handle(right) -> n7.handle(left) [label:\"go\"]\n  n7.handle(bottom) -> n1.handle(bottom) [label:\"back\"]\n}\n")
	a.poll(`document.querySelectorAll(".cm-lintRange-warning").length >= 2`, "the warnings")
	a.js(`window.fzOpenLintPanel()`)
	a.poll(`[...document.querySelectorAll(".cm-diagnostic")].some((d) => d.textContent.includes("back"))`, "the lint panel")
	a.js(`[...document.querySelectorAll(".cm-diagnostic")].find((d) => d.textContent.includes("FZ102") && d.textContent.includes("back")).querySelector(".cm-diagnosticAction").click()`)
	a.poll(`window.fzEditor.state.doc.toString().includes('[label="back"]')`, "the one fix")
	if got := a.code(); !strings.Contains(got, `[label:"go"]`) {
		t.Errorf("the quick fix changed other lines:\n%s", got)
	}
	a.click("#fix")
	a.toast("applied")
	a.poll(`window.fzEditor.state.doc.toString().includes('[label="go"]')`, "every fix")
	a.setCode("ops { # Operations\n  n1:   circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n      n1.handle(right) -> n2.handle(left)\n}\n")
	a.click("#format")
	a.toast("Formatted")
	a.poll(`window.fzEditor.state.doc.toString().includes("  n1: circle")`, "the formatted code")
	a.click("#tab-sequence")
	a.poll(`document.querySelector("#stage svg")?.classList.contains("sequence") && document.querySelector("#stage").dataset.state === "fresh"`, "the sequence view")
	for path, k := range c.take() {
		for _, p := range serverCalls {
			if path == p && k > 0 {
				t.Errorf("%d calls to %s after the module loaded, want none", k, path)
			}
		}
	}

	// 200 nodes: each keystroke gives its picture; a burst of keystrokes
	// ends on the last one's picture, and no older picture is drawn after
	// a newer one.
	a.click("#tab-workflow")
	a.setCode(keystrokeDiagram())
	a.poll(`document.querySelectorAll("#stage svg .fz-node").length === 200 && document.querySelector("#stage").dataset.state === "fresh"`, "the 200-node preview")
	a.js(`window.fzEditor.focus(); window.fzEditor.dispatch({selection: {anchor: window.fzEditor.state.doc.toString().indexOf('label:"', window.fzEditor.state.doc.toString().indexOf("n100:")) + 7}})`)
	a.js(`window.fzPics.length = 0`)
	// Plain letters are predicted: their picture is asked for on the
	// key's beforeinput, and the editor's edit takes that render over
	// (one render per key, not two).
	counts := func() [2]int { return val[[2]int](a, `[window.fzEngine.predictions, window.fzEngine.predicted]`) }
	before := counts()
	for _, k := range "Zeta" {
		gen := val[int](a, `window.fzState.gen`)
		a.key(string(k))
		a.poll(fmt.Sprintf(`window.fzPics.some((p) => p.gen === %d && p.how === "fresh")`, gen+1), "the picture of keystroke "+string(k))
	}
	if got := counts(); got[0]-before[0] != 4 || got[1]-before[1] != 4 {
		t.Errorf("typing 4 letters made %d predictions, %d of them taken over, want 4 and 4", got[0]-before[0], got[1]-before[1])
	}
	// A bracket is not predicted (the editor closes it): its picture
	// comes from the edit itself. Deleting it again is not typing.
	before = counts()
	gen := val[int](a, `window.fzState.gen`)
	a.key("(")
	a.poll(fmt.Sprintf(`window.fzPics.some((p) => p.gen === %d && p.how === "fresh")`, gen+1), "the picture of the bracket")
	if got := counts(); got != before {
		t.Errorf("a bracket was predicted: counts %v, then %v", before, got)
	}
	a.key(kb.Backspace)
	// Characters the SVG escapes (& < >) go through the in-place update
	// too: the comparison with the server's picture below checks them.
	a.key("-quick & <a>b")
	a.poll(`window.fzPics.length > 0 && window.fzPics[window.fzPics.length - 1].gen === window.fzState.gen`, "the last keystroke's picture")
	if !val[bool](a, `document.querySelector("#stage svg").textContent.includes("Zeta-quick & <a>b")`) {
		t.Errorf("the last picture does not show the typed label")
	}
	if gens := val[[]int](a, `window.fzPics.map((p) => p.gen)`); !increasing(gens) {
		t.Errorf("pictures drawn out of order (edit numbers %v)", gens)
	}
	// Only the changed groups were replaced, and the picture is exactly
	// the server's SVG parsed whole (apart from the canvas's additions).
	// (A label that outgrows its column moves everything after it, so
	// only the first keystrokes are small patches.)
	if made := val[[]int](a, `window.fzPics.map((p) => p.made)`); len(made) == 0 || slices.Min(made) > 10 {
		t.Errorf("groups created per picture: %v, want a few for some (only the changed ones)", made)
	}
	// A label that outgrows its column moves the groups after it: they
	// are moved by a transform (most) or updated in place, not parsed
	// anew.
	if moved := val[[]int](a, `window.fzPics.map((p) => p.shifted)`); len(moved) == 0 || slices.Max(moved) < 50 {
		t.Errorf("groups moved by a transform per picture: %v, want many for a label that moves the others", moved)
	}
	// Once the typing pauses, the moved groups are put back to their
	// own coordinates (no transform left): the comparison below is with
	// the picture as it then is.
	a.poll(`!document.querySelector("#stage").dataset.moved && !document.querySelector("#stage svg > g[transform]")`, "the moved groups put back")
	for path, k := range c.take() {
		for _, p := range serverCalls {
			if path == p && k > 0 {
				t.Errorf("%d calls to %s while typing, want none", k, path)
			}
		}
	}
	if diff := val[string](a, `(async () => {
		const code = window.fzEditor.state.doc.toString();
		const r = await fetch("/api/render", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({code, view: "workflow", format: "svg", theme: window.fzState.theme})});
		const t = document.createElement("template");
		t.innerHTML = await r.text();
		const clean = (svg) => [...svg.children].filter((e) => !e.matches(".fz-ui")).map((e) => {
			const c = e.cloneNode(true);
			c.querySelectorAll(".fz-hit").forEach((x) => x.remove());
			c.classList.remove("fz-sel");
			if (!c.getAttribute("class")) c.removeAttribute("class");
			return c.outerHTML;
		});
		const a = clean(document.querySelector("#stage svg")), b = clean(t.content.querySelector("svg"));
		const size = (svg) => ["width", "height", "viewBox", "class"].map((n) => svg.getAttribute(n)).join(" ");
		if (size(document.querySelector("#stage svg")) !== size(t.content.querySelector("svg"))) return "the root: " + size(document.querySelector("#stage svg")) + " / " + size(t.content.querySelector("svg"));
		const i = a.findIndex((x, i) => x !== b[i]);
		return a.length === b.length && i < 0 ? "" : a.length + " vs " + b.length + " elements, first difference at " + i + ": " + (a[i] || "").slice(0, 200) + " / " + (b[i] || "").slice(0, 200);
	})()`); diff != "" {
		t.Errorf("the patched picture differs from the server's: %s", diff)
	}
	// While groups are moved by a transform (before the picture settles),
	// the canvas's selection ring of a moved node is where the node is
	// drawn: its boxes add the shift.
	if bad := val[string](a, `(async () => {
		const doc = window.fzEditor.state.doc.toString(), gen = window.fzState.gen;
		const at = doc.indexOf('label:"', doc.indexOf("n40:")) + 7;
		const got = new Promise((res) => addEventListener("fz-picture", function f(e) {
			if (e.detail.gen === gen + 1) { removeEventListener("fz-picture", f); res(e.detail); }
		}));
		window.fzEditor.dispatch({changes: {from: at, insert: "WWWWWW"}});
		const d = await got;
		const g = document.querySelector("#stage svg > g.fz-node[transform]");
		if (d.shifted < 50 || !g) return "a label grown by six letters moved " + d.shifted + " groups by a transform";
		window.fzCanvasSelect({kind: "node", id: g.dataset.id});
		const ring = document.querySelector("#stage svg .fz-ring"), shape = g.querySelector(":scope > rect, :scope > ellipse, :scope > polygon");
		if (!ring || !shape) return "no selection ring";
		const svg = document.querySelector("#stage svg"), k = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
		const r = ring.getBoundingClientRect(), b = shape.getBoundingClientRect();
		const dx = (r.x + r.width / 2 - b.x - b.width / 2) / k, dy = (r.y + r.height / 2 - b.y - b.height / 2) / k;
		return Math.abs(dx) < 1 && Math.abs(dy) < 1 ? "" : "the ring of " + g.dataset.id + " is off by " + dx.toFixed(1) + ", " + dy.toFixed(1) + " picture units";
	})()`); bad != "" {
		t.Error(bad)
	}
	// Every edge keeps one hit line (the canvas's), on its route as it is
	// now, moved edges included.
	if bad := val[[]string](a, `[...document.querySelectorAll("#stage svg g.fz-edge")].filter((g) => /^e\d+$/.test(g.dataset.id)).filter((g) => {
		const hits = g.querySelectorAll(":scope > .fz-hit"), p = g.querySelector(":scope > path:not(.fz-hit)");
		return hits.length !== 1 || hits[0] !== g.lastElementChild || hits[0].getAttribute("d") !== p.getAttribute("d");
	}).map((g) => g.dataset.id)`); len(bad) > 0 {
		t.Errorf("edges without one hit line on their route: %v", bad)
	}
}

func increasing(s []int) bool {
	for i := 1; i < len(s); i++ {
		if s[i] <= s[i-1] {
			return false
		}
	}
	return len(s) > 0
}

// keystrokeDiagram is the benchmark diagram: 10 lanes of 20
// nodes, about 226 edges.
func keystrokeDiagram() string {
	return testgen.Diagram(testgen.Options{Nodes: 200, Lanes: 10, Seed: 3})
}

// TestBrowserWasmFallback: without the module (a binary built without
// it, or a browser without WebAssembly) the app draws, checks, fixes and
// formats through the server and says nothing alarming.
func TestBrowserWasmFallback(t *testing.T) {
	for _, tc := range []struct{ name, block, script string }{
		{"module missing", "/assets/wasm/", ""},
		{"no WebAssembly", "", "delete globalThis.WebAssembly;"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, c := newProbedApp(t, tc.block, tc.script)
			a.poll(`window.fzEngine.mode === "server"`, "the server fallback")
			a.poll(`!!document.querySelector("#stage svg .fz-node") && document.querySelector("#stage").dataset.engine === "server"`, "the picture")
			a.setCode("ops { # Operations\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n  n1.handle(right) -> n2.handle(left)\n")
			a.click(".cm-content")
			a.js(`window.fzEditor.dispatch({selection: {anchor: window.fzEditor.state.doc.length}})`)
			a.key("}")
			a.poll(`document.querySelector("#stage svg")?.textContent.includes("Work") && document.querySelector("#stage").dataset.state === "fresh"`, "the typed diagram")
			a.poll(`document.querySelector("#status").textContent === "No problems"`, "the check")
			a.setCode("ops { # Operations\n  n1:   circle label:\"Start\"\n}\n")
			a.click("#format")
			a.toast("Formatted")
			if !val[bool](a, `document.querySelector("#stale").hidden && !document.querySelector("[data-banner]")`) {
				t.Errorf("the fallback shows a warning: %s", val[string](a, `document.querySelector("#stale").textContent`))
			}
			n := c.take()
			if n["/api/render"] == 0 || n["/api/validate"] == 0 || n["/api/format"] != 1 {
				t.Errorf("the server should draw, check and format: %v", n)
			}
			if tc.block == "" && n["/assets/wasm/flowzap.wasm"] > 0 {
				t.Errorf("a browser without WebAssembly fetched the module")
			}
			// The unfinished code before the "}" is refused (422); nothing
			// else fails, apart from the refused module files.
			for _, e := range a.rec.take() {
				if !strings.HasPrefix(e, "422 ") && !strings.Contains(e, "/assets/wasm/") {
					t.Errorf("failing request: %s", e)
				}
			}
		})
	}
}

// TestBrowserWasmCached: on a reload, the worker, the scripts it imports
// and the module all come from the browser's cache (their URLs name the
// build's version, which the server serves immutable): the module's
// start asks the server for nothing.
func TestBrowserWasmCached(t *testing.T) {
	needWasm(t)
	a, c := newProbedApp(t, "", "")
	local := `window.fzEngine.mode === "local" && document.querySelector("#stage").dataset.engine === "local"`
	a.poll(local, "the first local picture")
	first := c.take()
	for _, name := range []string{"worker.mjs", "core.mjs", "wasm_exec.js", "flowzap.wasm"} {
		if first["/assets/wasm/"+name] != 1 {
			t.Errorf("first visit: /assets/wasm/%s asked for %d times, want once", name, first["/assets/wasm/"+name])
		}
	}
	a.open("/")
	a.poll(local, "the first local picture of the reload")
	for path, n := range c.take() {
		if strings.HasPrefix(path, "/assets/wasm/") {
			t.Errorf("reload: %s asked of the server %d times, want none (kept by the browser)", path, n)
		}
	}
}
