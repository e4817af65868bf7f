package site

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"flowzap/gallery"
	"flowzap/internal/browsertest"
	"flowzap/internal/pipeline"
	"flowzap/internal/testgen"
)

// tab is one Chromium tab on the static site, behind a request filter:
// only the site's own server is reachable, and offline turns that off too.
type tab struct {
	t       *testing.T
	ctx     context.Context
	base    string
	offline atomic.Bool
	// slowModule, while set, holds the rendering module's response back
	// this long (a slow network), so that a test can see what the page
	// shows before the module has loaded.
	slowModule atomic.Int64
	mu         sync.Mutex
	blocked    []string // requests to anything but the site
	paths      []string // requests the site's server received
	dropped    []string // requests that reached it offline (not answered)
}

func newTab(t *testing.T, dir string) *tab { return newTabAt(t, dir, "") }

// newTabAt is newTab with the site at prefix on its host (a subdirectory:
// "/play"), and nothing else there.
func newTabAt(t *testing.T, dir, prefix string) *tab { return newTabSized(t, dir, prefix, 1440, 900) }

// newTabSized is newTabAt in a window of w×h CSS pixels (a phone's:
// 390×844).
func newTabSized(t *testing.T, dir, prefix string, w, h int) *tab {
	tb := &tab{t: t}
	files := http.StripPrefix(prefix, http.FileServer(http.Dir(dir)))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tb.offline.Load() {
			// The network off for every client of the site, its service
			// worker included (the request filter below sees only the
			// page's requests): the connection drops unanswered.
			tb.mu.Lock()
			tb.dropped = append(tb.dropped, r.URL.Path)
			tb.mu.Unlock()
			if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
				c.Close()
			}
			return
		}
		tb.mu.Lock()
		tb.paths = append(tb.paths, r.URL.Path)
		tb.mu.Unlock()
		if !strings.HasPrefix(r.URL.Path, prefix+"/") {
			http.NotFound(w, r)
			return
		}
		if d := time.Duration(tb.slowModule.Load()); d > 0 && strings.HasSuffix(r.URL.Path, "/flowzap.wasm") {
			select {
			case <-time.After(d):
			case <-r.Context().Done():
				return
			}
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	tb.base = ts.URL + prefix
	ctx := browsertest.Tab(t, 1440, 900, 4*time.Minute)
	tb.ctx = ctx
	// A headless window is never narrower than 500 px: a phone's size is
	// the page's emulated viewport.
	if w != 1440 || h != 900 {
		if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(int64(w), int64(h))); err != nil {
			t.Fatal(err)
		}
	}
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			url := ev.Request.URL
			if strings.HasPrefix(url, tb.base+"/") && !tb.offline.Load() {
				chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			if !strings.HasPrefix(url, tb.base+"/") {
				tb.mu.Lock()
				tb.blocked = append(tb.blocked, url)
				tb.mu.Unlock()
			}
			chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonInternetDisconnected})
		}
	}()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatal(err)
	}
	return tb
}

func (tb *tab) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

func (tb *tab) poll(expr, what string) {
	tb.t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		tb.t.Fatalf("waiting for %s (%s): %v", what, expr, err)
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

func (tb *tab) js(expr string) { tb.t.Helper(); val[any](tb, "(() => { "+expr+" ; return null })()") }

func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.run("opening "+path, chromedp.Navigate(tb.base+path))
	tb.poll(`document.body.dataset.ready === "1"`, "the app at "+path)
}

func (tb *tab) toast(text string) {
	tb.t.Helper()
	tb.poll(`!document.querySelector("#toast").hidden && document.querySelector("#toast").textContent.includes(`+jsString(text)+`)`, "the message "+text)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// waitFile waits for a download to appear whole in dir.
func waitFile(t *testing.T, dir, suffix string) []byte {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), suffix) {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err == nil && len(b) > 0 {
					os.Remove(filepath.Join(dir, e.Name()))
					return b
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no %s file downloaded to %s", suffix, dir)
	return nil
}

// TestStaticSite loads the static build from a plain file server, with
// every other request blocked: the editor renders the gallery, typing
// updates the picture, a #code= link of a long diagram opens the same
// code, files open and save, PNG is drawn by the browser, and it all
// keeps working with the network off after the load.
func TestStaticSite(t *testing.T) {
	needWasm(t)
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := Write(dir, false); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, dir)
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(tb.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	// Every picture put on the stage, from the page's start.
	if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.fzPictures = []; addEventListener("fz-picture", (e) => fzPictures.push(e.detail.how + " " + (document.querySelector("#stage").dataset.engine || "")))`}); err != nil {
		t.Fatal(err)
	}
	// The module on a slow network (it may otherwise load before the
	// site's picture, which then is not shown: preview.js).
	tb.slowModule.Store(int64(1500 * time.Millisecond))
	tb.open("/")
	tb.poll(`window.fzEngine.mode === "local" && document.querySelector("#stage").dataset.engine === "local" && !!document.querySelector("#stage svg .fz-node")`, "the first local picture")
	tb.slowModule.Store(0)
	// A first visit has no picture kept from a last one: the site's own
	// picture of the home template comes first, then the module's.
	if got := val[string](tb, `fzPictures.join(", ")`); !strings.HasPrefix(got, "cached cache, fresh local") {
		t.Errorf("the pictures of a first visit: %s, want the site's picture of the home template, then the module's", got)
	}
	if !val[bool](tb, `getComputedStyle(document.querySelector("#mine")).display === "none" && getComputedStyle(document.querySelector("#share-link")).display === "none"`) {
		t.Errorf("My diagrams and the snapshot link should be hidden on the static site")
	}

	// The gallery: every template, searched as the server searches, with
	// thumbnails; a card opens its template.
	tb.run("templates", chromedp.Click(chromedp.CSS("#templates"), chromedp.NodeVisible))
	tb.poll(fmt.Sprintf(`+document.querySelector("#gallery-list").dataset.count === %d`, len(gallery.All())), "every template in the gallery")
	tb.poll(`[...document.querySelectorAll("#gallery-list img")].slice(0, 3).every((i) => i.complete && i.naturalWidth > 0)`, "the thumbnails")
	for _, q := range []string{"sécurité", "paiement", "order"} {
		want := len(gallery.Search(gallery.Filter{Query: q}))
		tb.js(`const s = document.querySelector("#gallery-search"); s.value = ` + jsString(q) + `; s.dispatchEvent(new Event("input"))`)
		tb.poll(fmt.Sprintf(`document.querySelector("#gallery-list").dataset.q === %s && +document.querySelector("#gallery-list").dataset.count === %d`, jsString(q), want), fmt.Sprintf("%d templates for %q", want, q))
	}
	first := gallery.Search(gallery.Filter{Query: "order"})[0]
	tb.js(`document.querySelector('#gallery-list .card[data-id="` + first.ID + `"]').click()`)
	full, _ := gallery.Get(first.ID)
	tb.poll(`window.fzEditor.state.doc.toString() === `+jsString(full.Code), "the template "+first.ID)
	tb.poll(`document.querySelector("#stage").dataset.state === "fresh" && location.search.includes("template=`+first.ID+`")`, "its picture")

	// Typing draws with real key events.
	tb.js(`window.fzEditor.dispatch({changes: {from: 0, to: window.fzEditor.state.doc.length, insert: "ops { # Operations\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n  n1.handle(right) -> n2.handle(left)\n"}}); window.fzEditor.focus(); window.fzEditor.dispatch({selection: {anchor: window.fzEditor.state.doc.length}})`)
	tb.run("typing", chromedp.KeyEvent("}"))
	tb.poll(`document.querySelector("#stage svg")?.textContent.includes("Work") && document.querySelector("#stage").dataset.state === "fresh"`, "the typed diagram")

	// Share: a compressed #code= link of a long diagram opens it again.
	long := testgen.Diagram(testgen.Options{Nodes: 200, Lanes: 10, Seed: 3})
	tb.js(`window.fzEditor.dispatch({changes: {from: 0, to: window.fzEditor.state.doc.length, insert: ` + jsString(long) + `}})`)
	tb.run("share", chromedp.Click(chromedp.CSS("#share"), chromedp.NodeVisible))
	tb.poll(`document.querySelector("#code-link").value.includes("#code=~")`, "the compressed code link")
	link := val[string](tb, `document.querySelector("#code-link").value`)
	if !strings.HasPrefix(link, tb.base+"/#code=~") || len(link) > len(long)/2 {
		t.Errorf("code link of %d bytes for %d bytes of code: %.80s…", len(link), len(long), link)
	}
	tb.js(`window.fzState.baseline = window.fzEditor.state.doc.toString()`) // no discard question
	tb.run("opening the link", chromedp.Navigate("about:blank"))
	tb.run("opening the link", chromedp.Navigate(link))
	tb.poll(`document.body.dataset.ready === "1" && window.fzEditor.state.doc.toString() === `+jsString(long), "the shared code")
	tb.poll(`document.querySelectorAll("#stage svg .fz-node").length === 200`, "the shared picture")

	// Save: to the same file again where the browser lets a page write
	// files (File System Access, stood in for here), else a download.
	tb.js(`window.fzWrites = []; window.fzPicks = 0;
		window.showSaveFilePicker = async (o) => { window.fzPicks++; return {name: o.suggestedName, createWritable: async () => {
			let text = ""; return {write: async (t) => { text += t; }, close: async () => { window.fzWrites.push(text); }}; }}; };`)
	tb.js(`document.querySelector("#name").value = "Order flow"; document.querySelector("#name").dispatchEvent(new Event("input"))`)
	tb.run("save", chromedp.Click(chromedp.CSS("#save"), chromedp.NodeVisible))
	tb.toast("Saved to Order-flow.fz")
	tb.js(`window.fzEditor.focus(); window.fzEditor.dispatch({changes: {from: window.fzEditor.state.doc.length, insert: "// more\n"}})`)
	tb.run("save again", chromedp.KeyEvent("s", chromedp.KeyModifiers(2)))
	tb.poll(`window.fzWrites.length === 2`, "the second save")
	if picks := val[int](tb, `window.fzPicks`); picks != 1 {
		t.Errorf("the file was picked %d times, want once (the second save writes to the same file)", picks)
	}
	if got := val[string](tb, `window.fzWrites[1]`); got != long+"// more\n" {
		t.Errorf("the saved file differs from the code (%d bytes, want %d)", len(got), len(long)+8)
	}
	tb.js(`window.showSaveFilePicker = undefined`)
	tb.run("save as a download", chromedp.Click(chromedp.CSS("#save"), chromedp.NodeVisible))
	if got := waitFile(t, downloads, ".fz"); string(got) != long+"// more\n" {
		t.Errorf("the downloaded .fz differs from the code")
	}

	// Open a file (the file input, as in browsers without File System Access).
	small := "team { # Team\n  n1: circle label:\"Opened from disk\"\n}\n"
	f := filepath.Join(t.TempDir(), "disk.fz")
	os.WriteFile(f, []byte(small), 0o644)
	tb.run("open", chromedp.SetUploadFiles(chromedp.CSS("#open-input"), []string{f}, chromedp.NodeReady))
	tb.poll(`window.fzEditor.state.doc.toString() === `+jsString(small)+` && document.querySelector("#stage svg")?.textContent.includes("Opened from disk")`, "the opened file")

	// PNG is drawn by the browser; PDF says it needs a server.
	tb.run("download menu", chromedp.Click(chromedp.CSS("#download"), chromedp.NodeVisible))
	tb.run("PNG", chromedp.Click(chromedp.CSS(`[data-download="png"]`), chromedp.NodeVisible))
	if png := waitFile(t, downloads, ".png"); !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 1000 {
		t.Errorf("the PNG download is not a picture (%d bytes)", len(png))
	}
	tb.run("download menu", chromedp.Click(chromedp.CSS("#download"), chromedp.NodeVisible))
	tb.run("PDF", chromedp.Click(chromedp.CSS(`[data-download="pdf"]`), chromedp.NodeVisible))
	tb.toast("PDF is made by a flowzap server")

	// The network off: typing, Format and a share link still work.
	tb.offline.Store(true)
	tb.js(`window.fzEditor.focus(); window.fzEditor.dispatch({selection: {anchor: window.fzEditor.state.doc.toString().indexOf("disk") + 4}})`)
	tb.run("typing offline", chromedp.KeyEvent("!"))
	tb.poll(`document.querySelector("#stage svg")?.textContent.includes("Opened from disk!") && document.querySelector("#stage").dataset.state === "fresh"`, "the picture, offline")
	tb.js(`window.fzEditor.dispatch({changes: {from: 0, to: window.fzEditor.state.doc.length, insert: "team { # Team\n  n1:    circle label:\"x\"\n}\n"}})`)
	tb.run("format offline", chromedp.Click(chromedp.CSS("#format"), chromedp.NodeVisible))
	tb.toast("Formatted")
	tb.run("share offline", chromedp.Click(chromedp.CSS("#share"), chromedp.NodeVisible))
	tb.poll(`document.querySelector("#code-link").value.includes("#code=")`, "the code link, offline")
	tb.run("templates offline", chromedp.Click(chromedp.CSS("#templates"), chromedp.NodeVisible))
	tb.poll(`+document.querySelector("#gallery-list").dataset.count > 0`, "the gallery, offline")
	tb.offline.Store(false)

	// A Mermaid file is converted in the browser, by the import module
	// (loaded now, on the first import), with the server's answer; one
	// that cannot be read says where.
	mmd := filepath.Join(t.TempDir(), "shop.mmd")
	os.WriteFile(mmd, []byte("flowchart LR\n  subgraph shop [Shop]\n    a([Cart]) --> b{Paid?}\n  end\n  b -->|yes| c[Ship parcel]\n"), 0o644)
	tb.js(`window.fzState.baseline = window.fzEditor.state.doc.toString()`) // no discard question
	tb.run("open a Mermaid file", chromedp.SetUploadFiles(chromedp.CSS("#open-input"), []string{mmd}, chromedp.NodeReady))
	tb.poll(`window.fzEditor.state.doc.toString().includes('label:"Ship parcel"') && document.querySelector("#stage svg")?.textContent.includes("Ship parcel")`, "the converted Mermaid file and its picture")
	tb.toast("Opened shop.mmd")
	tb.mu.Lock()
	loaded := slices.ContainsFunc(tb.paths, func(p string) bool { return strings.HasSuffix(p, "/flowzap-import.wasm") })
	tb.mu.Unlock()
	if !loaded {
		t.Errorf("the import module was not loaded for the Mermaid file")
	}
	// The import module's worker stops a while after the last import
	// (here 0.3 s), and the next import starts it again.
	if !val[bool](tb, `window.fzEngine.importer === true`) {
		t.Errorf("no import worker running after an import")
	}
	tb.js(`window.fzEngine.importIdleMs = 300`)
	tb.js(`window.fzState.baseline = window.fzEditor.state.doc.toString()`) // no discard question
	tb.run("open the Mermaid file again", chromedp.SetUploadFiles(chromedp.CSS("#open-input"), []string{mmd}, chromedp.NodeReady))
	tb.poll(`window.fzEngine.importer === false`, "the import worker stopped once idle")
	cut := filepath.Join(t.TempDir(), "cut.mmd")
	os.WriteFile(cut, []byte("flowchart LR\n  a[Cart --> b\n"), 0o644)
	tb.run("open a broken Mermaid file", chromedp.SetUploadFiles(chromedp.CSS("#open-input"), []string{cut}, chromedp.NodeReady))
	tb.toast("cut.mmd:2:")
	if !val[bool](tb, `window.fzEditor.state.doc.toString().includes('label:"Ship parcel"')`) {
		t.Errorf("a file that could not be read replaced the code")
	}

	// The other export formats are written by the import module too (the
	// rendering module leaves them out), byte for byte the server's.
	code := val[string](tb, `window.fzEditor.state.doc.toString()`)
	tb.run("close the gallery", chromedp.Click(chromedp.CSS("#gallery [data-close]"), chromedp.NodeVisible))
	tb.poll(`document.querySelector("#gallery").hidden`, "the gallery closed")
	for _, f := range []struct{ item, suffix string }{{"mermaid", ".mmd"}, {"bpmn", ".bpmn"}} {
		tb.run("download menu", chromedp.Click(chromedp.CSS("#download"), chromedp.NodeVisible))
		tb.run(f.item, chromedp.Click(chromedp.CSS(`[data-download="`+f.item+`"]`), chromedp.NodeVisible))
		got := waitFile(t, downloads, f.suffix)
		var want bytes.Buffer
		if err := pipeline.ExportAs(&want, pipeline.Check("input.fz", []byte(code), pipeline.Options{}), f.item); err != nil {
			t.Fatal(err)
		}
		if string(got) != want.String() {
			t.Errorf("the %s download differs from the server's export (%d bytes, want %d)", f.item, len(got), want.Len())
		}
	}

	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.blocked) > 0 {
		t.Errorf("the page asked other sites: %v", tb.blocked)
	}
	for _, p := range tb.paths {
		if strings.HasPrefix(p, "/api/") {
			t.Errorf("the page asked the static host for %s", p)
		}
	}
}

// TestStaticSiteOffline: once the site has been opened, its service
// worker keeps every file, so that with the network off (the host
// unreachable for the page and the worker alike) a reload opens the app,
// draws locally, lists the gallery with its thumbnails, opens a template
// and a #code= link, and redraws on typing. A new build of the site then
// replaces the kept files on the next visit online. The site is in a
// subdirectory of its host, which the worker's scope is.
func TestStaticSiteOffline(t *testing.T) {
	needWasm(t)
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := Write(dir, false); err != nil {
		t.Fatal(err)
	}
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	kept := swFiles(t, files["sw.js"])
	tb := newTabAt(t, dir, "/play")
	tb.open("/")
	local := `window.fzEngine.mode === "local" && document.querySelector("#stage").dataset.engine === "local" && !!document.querySelector("#stage svg .fz-node")`
	tb.poll(local, "the first local picture")
	tb.poll(`!!navigator.serviceWorker.controller`, "the service worker in charge of the page")
	if val[bool](tb, `document.querySelector("#toast").textContent.includes("A new version")`) {
		t.Errorf("the first service worker taking the page over said a new version is ready")
	}
	if scope := val[string](tb, `navigator.serviceWorker.ready.then((r) => r.scope)`); scope != tb.base+"/" {
		t.Errorf("the service worker's scope is %s, want the site's directory %s/", scope, tb.base)
	}
	// The manifest and the worker make the site an app the browser
	// offers to install (its own window, opening offline).
	man, err := chromedp.Call(tb.ctx, page.GetAppManifest, page.GetAppManifestParams{})
	if err != nil {
		t.Fatal(err)
	}
	if man.URL != tb.base+"/manifest.webmanifest" || len(man.Errors) > 0 {
		t.Errorf("the manifest %s: %d errors (%v)", man.URL, len(man.Errors), man.Errors)
	}
	inst, err := chromedp.Call(tb.ctx, page.GetInstallabilityErrors, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range inst.InstallabilityErrors {
		var args []string
		for _, a := range e.ErrorArguments {
			args = append(args, a.Name+"="+a.Value)
		}
		t.Errorf("the browser would not install the site: %s %v", e.ErrorID, args)
	}
	for _, icon := range []string{"icon-192.png", "icon-512.png", "icon-maskable-512.png"} {
		if !val[bool](tb, `new Promise((done) => { const i = new Image(); i.onload = () => done(i.naturalWidth === `+strings.TrimSuffix(icon[strings.LastIndex(icon, "-")+1:], ".png")+`); i.onerror = () => done(false); i.src = "assets/`+icon+`"; })`) {
			t.Errorf("assets/%s is not a picture of its size", icon)
		}
	}
	cached := `(async () => { const keys = (await caches.keys()).filter((k) => k.startsWith("flowzap-site-")); if (keys.length !== 1) return "caches: " + keys.join(", "); return keys[0] + " " + (await (await caches.open(keys[0])).keys()).length; })()`
	if got, want := val[string](tb, cached), fmt.Sprintf("flowzap-site-%s %d", kept.version, len(kept.shell)+len(kept.extra)); got != want {
		t.Fatalf("the kept files: %s, want %s", got, want)
	}

	// DevTools' request filter takes the page's requests past its
	// service worker: off here, the host itself refuses everyone.
	if _, err := chromedp.Call(tb.ctx, fetch.Disable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	tb.offline.Store(true)
	tb.open("/")
	tb.poll(local, "the first local picture, offline")
	tb.run("templates offline", chromedp.Click(chromedp.CSS("#templates"), chromedp.NodeVisible))
	tb.poll(fmt.Sprintf(`+document.querySelector("#gallery-list").dataset.count === %d`, len(gallery.All())), "every template in the gallery, offline")
	tb.poll(`[...document.querySelectorAll("#gallery-list img")].slice(0, 3).every((i) => i.complete && i.naturalWidth > 0)`, "the thumbnails, offline")
	all := gallery.All()
	last := all[len(all)-1]
	if !val[bool](tb, `fetch("assets/templates/`+last.ID+`.dark.svg").then((r) => r.ok && r.text()).then((s) => !!s && s.startsWith("<svg"))`) {
		t.Errorf("the thumbnail of %s is not kept", last.ID)
	}
	tb.js(`document.querySelector('#gallery-list .card[data-id="` + last.ID + `"]').click()`)
	full, _ := gallery.Get(last.ID)
	tb.poll(`window.fzEditor.state.doc.toString() === `+jsString(full.Code), "the template "+last.ID+", offline")
	tb.poll(`document.querySelector("#stage").dataset.state === "fresh" && !!document.querySelector("#stage svg")`, "its picture, offline")

	code := "desk { # Help desk\n  n1: circle label:\"Ticket in\"\n  n2: rectangle label:\"Answer it\"\n  n1.handle(right) -> n2.handle(left)\n}\n"
	tb.run("a code link, offline", chromedp.Navigate("about:blank"))
	tb.run("a code link, offline", chromedp.Navigate(tb.base+"/#code="+base64.RawURLEncoding.EncodeToString([]byte(code))))
	tb.poll(`document.body.dataset.ready === "1" && window.fzEditor.state.doc.toString() === `+jsString(code), "the linked code, offline")
	tb.poll(`document.querySelector("#stage svg")?.textContent.includes("Answer it")`, "the linked picture, offline")
	tb.js(`window.fzEditor.focus(); window.fzEditor.dispatch({selection: {anchor: window.fzEditor.state.doc.toString().indexOf("Answer it") + 9}})`)
	tb.run("typing offline", chromedp.KeyEvent("!"))
	tb.poll(`document.querySelector("#stage svg")?.textContent.includes("Answer it!") && document.querySelector("#stage").dataset.state === "fresh"`, "the typed picture, offline")
	// A draw.io file opened offline: the import module was kept too.
	var drawio bytes.Buffer
	if err := pipeline.ExportAs(&drawio, pipeline.Check("desk.fz", []byte(code), pipeline.Options{}), "drawio"); err != nil {
		t.Fatal(err)
	}
	dio := filepath.Join(t.TempDir(), "desk.drawio")
	os.WriteFile(dio, drawio.Bytes(), 0o644)
	tb.js(`window.fzState.baseline = window.fzEditor.state.doc.toString()`) // no discard question
	tb.run("open a draw.io file, offline", chromedp.SetUploadFiles(chromedp.CSS("#open-input"), []string{dio}, chromedp.NodeReady))
	tb.poll(`window.fzEditor.state.doc.toString().includes('label:"Ticket in"') && !window.fzEditor.state.doc.toString().includes("Answer it!") && document.querySelector("#stage svg")?.textContent.includes("Ticket in")`, "the converted draw.io file, offline")
	// The host was off: a file nothing kept does not come.
	if got := val[string](tb, `fetch("not-kept.txt").then((r) => "answered " + r.status, (e) => "failed")`); got != "failed" {
		t.Errorf("a file of the site that is not kept, offline: %s, want a failed fetch", got)
	}
	tb.mu.Lock()
	dropped := slices.Clone(tb.dropped)
	tb.mu.Unlock()
	tb.offline.Store(false)
	if !slices.Contains(dropped, "/play/not-kept.txt") {
		t.Errorf("the host was not asked for the file that is not kept (asked offline: %v)", dropped)
	}

	// A new build: one file changed, and with it sw.js. The next visit
	// online installs it, which keeps the new file and drops the old cache.
	css := filepath.Join(dir, "assets", "app.css")
	b, _ := os.ReadFile(css)
	b = append(b, "\n/* a new build */\n"...)
	os.WriteFile(css, b, 0o644)
	files["assets/app.css"] = b
	sw := serviceWorker(files)
	os.WriteFile(filepath.Join(dir, "sw.js"), sw, 0o644)
	next := swFiles(t, sw)
	if next.version == kept.version {
		t.Fatal("a changed file left the service worker's version as it was")
	}
	tb.js(`window.fzState.baseline = window.fzEditor.state.doc.toString()`) // no discard question
	tb.open("/")
	tb.poll(`(async () => (await caches.keys()).join(" ") === "flowzap-site-`+next.version+`")()`, "the new build's cache, alone")
	// The page came from the old build: it says a new one is ready.
	tb.toast("A new version of this playground is ready")
	if !val[bool](tb, `(async () => (await (await caches.match("assets/app.css", {ignoreSearch: true})).text()).includes("a new build"))()`) {
		t.Errorf("the kept app.css is not the new build's")
	}
}

// swKept is what sw.js keeps: its version and its files.
type swKept struct {
	version      string
	shell, extra []string
}

// swFiles reads VERSION and FILES from the top of sw.js.
func swFiles(t *testing.T, sw []byte) swKept {
	t.Helper()
	var k swKept
	lines := strings.SplitN(string(sw), "\n", 3)
	if len(lines) < 3 {
		t.Fatalf("sw.js has no VERSION and FILES lines:\n%.300s", sw)
	}
	if _, err := fmt.Sscanf(lines[0], "const VERSION = %q;", &k.version); err != nil || k.version == "" {
		t.Fatalf("sw.js's first line: %q (%v)", lines[0], err)
	}
	var files struct{ Shell, Extra []string }
	if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(lines[1], "const FILES = "), ";")), &files); err != nil {
		t.Fatalf("sw.js's second line: %.200q (%v)", lines[1], err)
	}
	k.shell, k.extra = files.Shell, files.Extra
	return k
}

// TestStaticSitePhone drives the static site's own controls at a phone's
// size (390×844): the code shown first and the picture a tap away, the
// bar over the picture within the screen; in the ☰ panel, Open (a
// Mermaid file converted by the import module, in the browser), Share
// (a #code= link) and Save (a download where the browser cannot write
// files); and no request reaches /api/.
func TestStaticSitePhone(t *testing.T) {
	needWasm(t)
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := Write(dir, false); err != nil {
		t.Fatal(err)
	}
	tb := newTabSized(t, dir, "", 390, 844)
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(tb.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	tb.open("/")
	tb.poll(`window.fzEngine.mode === "local" && document.body.dataset.pane === "editor"`, "the module, the code shown")
	tb.run("the picture", chromedp.Click(chromedp.CSS(`#panes button[data-pane="preview"]`), chromedp.NodeVisible))
	tb.poll(`document.body.dataset.pane === "preview" && document.querySelector("#stage").dataset.engine === "local" && !!document.querySelector("#stage svg .fz-node")`, "the module's picture")
	if w := val[float64](tb, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the page is %.0f px wide on a 390 px screen", w)
	}
	if !val[bool](tb, `(() => { const r = document.querySelector(".preview-bar").getBoundingClientRect(); return r.left >= 0 && r.right <= 390.5; })()`) {
		t.Errorf("the bar over the picture leaves the screen")
	}

	more := func() {
		t.Helper()
		if !val[bool](tb, `document.querySelector("header").hasAttribute("data-open")`) {
			tb.run("☰", chromedp.Click(chromedp.CSS("#more"), chromedp.NodeVisible))
		}
		tb.poll(`document.querySelector("#open").offsetWidth > 0 && document.querySelector("#share").offsetWidth > 0 && document.querySelector("#save").offsetWidth > 0`, "Open, Share and Save in the ☰ panel")
	}

	// Open: the button is there; the file comes through its input (as in
	// browsers without File System Access).
	more()
	mmd := filepath.Join(t.TempDir(), "queue.mmd")
	os.WriteFile(mmd, []byte("flowchart TD\n  a[Take a number] --> b{Counter free?}\n  b -->|yes| c[Serve the visitor]\n  b -->|no| d[Wait in line]\n  d --> b\n"), 0o644)
	tb.run("open a Mermaid file", chromedp.SetUploadFiles(chromedp.CSS("#open-input"), []string{mmd}, chromedp.NodeReady))
	tb.poll(`window.fzEditor.state.doc.toString().includes('label:"Serve the visitor"')`, "the converted Mermaid file")
	tb.toast("Opened queue.mmd")
	tb.run("the picture", chromedp.Click(chromedp.CSS(`#panes button[data-pane="preview"]`), chromedp.NodeVisible))
	tb.poll(`document.querySelector("#stage svg")?.textContent.includes("Serve the visitor") && document.querySelector("#stage").dataset.state === "fresh"`, "its picture")

	// Share: a #code= link that opens the same code.
	more()
	tb.run("share", chromedp.Click(chromedp.CSS("#share"), chromedp.NodeVisible))
	tb.poll(`document.querySelector("#code-link").value.includes("#code=")`, "the code link")

	// Save: a download named after the file.
	tb.js(`window.showSaveFilePicker = undefined; document.querySelector("#share-dialog")?.close?.()`)
	tb.js(`for (const d of document.querySelectorAll("dialog[open]")) d.close()`)
	more()
	tb.run("save", chromedp.Click(chromedp.CSS("#save"), chromedp.NodeVisible))
	if got := waitFile(t, downloads, ".fz"); !strings.Contains(string(got), `label:"Serve the visitor"`) {
		t.Errorf("the saved file is not the code (%d bytes)", len(got))
	}

	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.paths {
		if strings.HasPrefix(p, "/api/") {
			t.Errorf("the page asked the static host for %s", p)
		}
	}
	if len(tb.blocked) > 0 {
		t.Errorf("the page asked other sites: %v", tb.blocked)
	}
}
