package wasm

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"flowzap/internal/browsertest"
	"flowzap/internal/pipeline"
)

// page loads flowzap.mjs, sends three renders at once (the first two must
// come back cancelled) and a strict check, and publishes what it got.
const page = `<!doctype html><meta charset="utf-8"><title>flowzap wasm</title><script type="module">
import { render, check, ready } from "./wasm/flowzap.mjs";
try {
  await ready();
  const code = CODE;
  const rs = await Promise.all([render(code + "\n// a"), render(code + "\n// ab"), render(code, {view: "sequence", theme: "dark"})]);
  const c = await check(code, {strict: true});
  window.fzResult = {cancelled: rs.map((r) => !!r.cancelled), svg: rs[2].svg || "", error: rs[2].error || "", valid: c.valid};
} catch (e) {
  window.fzResult = {error: "ERROR " + e};
}
</script>`

// browserCode has labels in three scripts, measured with Inter and with
// the fallback metrics table.
const browserCode = "main { # Main\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"日本語 עברית Ελληνικά\"\n  n1.handle(right) -> n2.handle(left)\n}\n"

// runPage serves the module and html (CODE replaced by browserCode as a JS
// string) with the given headers on every answer, opens it in headless
// Chromium, waits for window.fzResult and returns it. It fails the test
// when the page reports an error.
func runPage[T any](t *testing.T, html string, headers map[string]string) T {
	t.Helper()
	dir := module(t)
	mux := http.NewServeMux()
	mux.Handle("/wasm/", http.StripPrefix("/wasm/", http.FileServer(http.Dir(dir))))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		js, _ := json.Marshal(browserCode)
		w.Write([]byte(strings.ReplaceAll(html, "CODE", string(js))))
	})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	ctx := browsertest.Tab(t, 1280, 900, 2*time.Minute)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!window.fzResult`, chromedp.WithPollingTimeout(90*time.Second))); err != nil {
		t.Fatalf("no result from the page: %v", err)
	}
	if msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`window.fzResult.error || ""`)); msg != "" {
		t.Fatalf("the page failed: %s", msg)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[T](`window.fzResult`))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestBrowserWorker runs web/wasm/flowzap.mjs in headless Chromium with a
// real module Web Worker: stale renders are cancelled and the picture is
// byte for byte the pipeline's.
func TestBrowserWorker(t *testing.T) {
	type result struct {
		Cancelled []bool
		SVG       string
		Valid     bool
	}
	got := runPage[result](t, page, nil)
	if len(got.Cancelled) != 3 || !got.Cancelled[0] || !got.Cancelled[1] || got.Cancelled[2] {
		t.Errorf("cancelled = %v, want the two older renders cancelled and the newest answered", got.Cancelled)
	}
	if !got.Valid {
		t.Errorf("the strict check says the code is not valid")
	}
	samePipelineSVG(t, "the browser's SVG", got.SVG)
}

// samePipelineSVG checks that svg, drawn in the browser from browserCode
// (sequence view, dark theme), is byte for byte the pipeline's.
func samePipelineSVG(t *testing.T, what, svg string) {
	t.Helper()
	var want bytes.Buffer
	if err := pipeline.Render(&want, pipeline.Check("input.fz", []byte(browserCode), pipeline.Options{}), pipeline.RenderOptions{View: "sequence", Theme: "dark"}); err != nil {
		t.Fatal(err)
	}
	if svg != want.String() {
		t.Errorf("%s (%d bytes) differs from the pipeline's (%d bytes)\n%s", what, len(svg), want.Len(), firstDiff(svg, want.String()))
	}
}

// sharedPage renders in a cross-origin isolated page with its worker's
// messages set aside, so that the only way the answer can arrive is the
// memory the client shares with the worker, read at the start of a frame.
// (The shared memory is only there when the page is isolated: without it
// the page fails on c.shared.)
const sharedPage = `<!doctype html><meta charset="utf-8"><title>flowzap wasm, shared answers</title><script type="module">
import { Flowzap } from "./wasm/flowzap.mjs";
try {
  const c = new Flowzap();
  await c.ready();
  const handle = c.worker.onmessage;
  let messages = 0;
  c.worker.onmessage = () => { messages++; };
  const p = c.render(CODE, {view: "sequence", theme: "dark"});
  // The client looks in the shared memory for two frames only: the page
  // holds its thread until the worker has written the answer there, so
  // that the first frame finds it however slow the machine is.
  const id = c.running.id, until = performance.now() + 60000;
  while (Atomics.load(c.shared.ctrl, 0) !== id && performance.now() < until) {}
  const r = await p;
  c.worker.onmessage = handle;
  const again = await c.render(CODE + "\n// again");
  window.fzResult = {isolated: crossOriginIsolated, shared: !!c.shared, frame: !!r.frame, messages, svg: r.svg || "", error: r.error || "", again: !!again.svg};
} catch (e) {
  window.fzResult = {error: "ERROR " + e};
}
</script>`

// TestBrowserWorkerShared: in a cross-origin isolated page (COOP and
// COEP, as the server sends them) the client shares memory with its
// worker, and an answer read from it at the start of a frame, with no
// message, is byte for byte the pipeline's; the client keeps working
// afterwards. Without isolation (TestBrowserWorker) it uses messages only.
func TestBrowserWorkerShared(t *testing.T) {
	type result struct {
		Isolated, Shared, Frame, Again bool
		Messages                       int
		SVG                            string
	}
	got := runPage[result](t, sharedPage, map[string]string{"Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp"})
	if !got.Isolated || !got.Shared {
		t.Fatalf("isolated %v, shared memory %v: want both", got.Isolated, got.Shared)
	}
	if !got.Frame {
		t.Errorf("the answer did not come from the shared memory at the start of a frame (%d messages set aside)", got.Messages)
	}
	if !got.Again {
		t.Errorf("the next render after a shared answer did not draw")
	}
	samePipelineSVG(t, "the shared answer's SVG", got.SVG)
}
