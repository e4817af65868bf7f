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
  // answerWithin takes the answer in on this thread, within the task: the
  // render's promise has resolved when it returns (its callbacks run
  // before any other task), without the worker's message. Given no time,
  // it gives up and the answer comes the usual way.
  const edited = CODE.replace("Start", "Begun");
  const q = c.render(edited);
  let inTask = false;
  q.then(() => { inTask = true; });
  const within = c.answerWithin("render", 60000);
  await null;
  const taken = inTask;
  const wr = await q;
  // Given no time, it takes the answer only if the worker has already
  // written it: a large diagram keeps the worker busy for far longer than
  // the two calls apart, and a page descheduled between them (a busy
  // machine) tries again with another edit.
  let big = "";
  for (let l = 0; l < 8; l++) {
    big += "l" + l + " { # Lane " + l + "\n";
    for (let n = 0; n < 25; n++) big += "  n" + (l * 25 + n) + ": rectangle label:\"Step " + l + "." + n + "\"\n";
    for (let n = 0; n < 24; n++) big += "  n" + (l * 25 + n) + ".handle(right) -> n" + (l * 25 + n + 1) + ".handle(left)\n";
    if (l < 7) big += "  n" + (l * 25) + ".handle(bottom) -> l" + (l + 1) + ".n" + ((l + 1) * 25) + ".handle(top)\n";
    big += "}\n";
  }
  let gaveUp = false, lr = {};
  for (let i = 0; i < 3 && !gaveUp; i++) {
    const late = c.render(big + "// late " + i + "\n");
    gaveUp = !c.answerWithin("render", 0);
    lr = await late;
  }
  const plain = await c.render(edited);
  window.fzResult = {isolated: crossOriginIsolated, shared: !!c.shared, frame: !!r.frame, messages, svg: r.svg || "", error: r.error || wr.error || lr.error || "", again: !!again.svg,
    within, taken, withinSame: !!wr.svg && wr.svg === plain.svg, gaveUp, late: !!lr.svg};
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
		SVG, Error                     string
		// answerWithin
		Within, Taken, WithinSame, GaveUp, Late bool
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
	if got.Error != "" {
		t.Errorf("a render failed: %s", got.Error)
	}
	if !got.Within || !got.Taken || !got.WithinSame {
		t.Errorf("answerWithin: came %v, promise resolved within the task %v, picture the same as a plain render's %v: want all three",
			got.Within, got.Taken, got.WithinSame)
	}
	if !got.GaveUp || !got.Late {
		t.Errorf("answerWithin given no time: gave up %v, the answer still came %v: want both", got.GaveUp, got.Late)
	}
}

// warmPage has two clients (two workers) render on a stream. The first
// waits for the worker's warm-up after its first picture, then renders
// an edit on the same stream; the second, rendering a larger diagram,
// sends a typed text as soon as its warm-up has begun.
const warmPage = `<!doctype html><meta charset="utf-8"><title>flowzap wasm, warm-up</title><script type="module">
import { Flowzap } from "./wasm/flowzap.mjs";
try {
  let doneB;
  const warmedA = [], waiters = [];
  const nextA = () => new Promise((resolve) => { if (warmedA.length > waiters.length) resolve(warmedA[waiters.length]); waiters.push(resolve); });
  const warmedB = new Promise((resolve) => { doneB = resolve; });
  const a = new Flowzap({ onWarmed: (w) => { warmedA.push(w); if (waiters.length >= warmedA.length) waiters[warmedA.length - 1](w); } });
  await a.ready();
  const first = await a.render(CODE, { stream: "s" });
  const wa = await nextA();
  // Another diagram opened: a second warm-up.
  await a.render(CODE + "second { # Second\n  n9: rectangle label:\"Another lane\"\n}\n", { stream: "s" });
  const wa2 = await nextA();
  await a.render(CODE, { stream: "s" });
  const edited = await a.render(CODE.replace("Start", "Started"), { stream: "s" });

  let big = "";
  for (let l = 0; l < 8; l++) {
    big += "l" + l + " { # Lane " + l + "\n";
    for (let i = 1; i <= 15; i++) big += "  n" + (l * 20 + i) + ": rectangle label:\"Step " + l + "." + i + "\"\n";
    for (let i = 1; i < 15; i++) big += "  n" + (l * 20 + i) + ".handle(right) -> n" + (l * 20 + i + 1) + ".handle(left)\n";
    big += "}\n";
  }
  const b = new Flowzap({ onWarmed: (w) => doneB(w) });
  await b.ready();
  await b.render(big, { stream: "s" });
  const until = performance.now() + 60000;
  while (!b.warming && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
  const typed = await b.render(big.replace("Step 3.4\"", "Step 3.4x\""), { stream: "s" });
  const wb = await warmedB;
  window.fzResult = { first: !!first.svg, warmedA: wa, warmedA2: wa2, edited: edited.svg || "", error: edited.error || typed.error || "", warmingB: !!b.warming, warmedB: wb, typed: typed.svg || "" };
  a.close();
  b.close();
} catch (e) {
  window.fzResult = { error: "ERROR " + e };
}
</script>`

// TestBrowserWorkerWarmUp: after the first picture of a stream, the
// worker warms the module up (worker.mjs, settle) on a stream of its own:
// it types its whole phrase when nothing else comes, again when another
// diagram is opened, and the page's stream is not disturbed (its next picture, assembled from parts, is
// byte for byte the pipeline's); a typed text on the stream once it has
// begun stops it.
func TestBrowserWorkerWarmUp(t *testing.T) {
	type warmed struct {
		Keys    int
		Ms      float64
		Stopped bool
	}
	type result struct {
		First, WarmingB            bool
		WarmedA, WarmedA2, WarmedB warmed
		Edited, Typed              string
	}
	got := runPage[result](t, warmPage, nil)
	const phrase = len(" and a few more words typed to warm")
	if !got.First || got.WarmedA.Keys != phrase || got.WarmedA.Stopped || got.WarmedA.Ms <= 0 {
		t.Errorf("first picture %v, warm-up %+v: want a picture, then every letter of the phrase typed, not stopped", got.First, got.WarmedA)
	}
	if got.WarmedA2.Keys != phrase || got.WarmedA2.Stopped {
		t.Errorf("after another diagram was opened, the warm-up %+v: want a second one, whole", got.WarmedA2)
	}
	var want bytes.Buffer
	edited := strings.Replace(browserCode, "Start", "Started", 1)
	if err := pipeline.Render(&want, pipeline.Check("input.fz", []byte(edited), pipeline.Options{}), pipeline.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	if got.Edited != want.String() {
		t.Errorf("the stream's picture after the warm-up (%d bytes) differs from the pipeline's (%d bytes)\n%s", len(got.Edited), want.Len(), firstDiff(got.Edited, want.String()))
	}
	if !got.WarmingB || !got.WarmedB.Stopped || got.WarmedB.Keys < 1 || got.WarmedB.Keys >= phrase {
		t.Errorf("warming %v, then %+v after a typed text: want the warm-up begun, then stopped part way", got.WarmingB, got.WarmedB)
	}
	if !strings.Contains(got.Typed, "Step 3.4x") {
		t.Errorf("the typed text's picture does not show the typed label")
	}
}

// importPage imports a Mermaid file with flowzap.mjs's importDiagram (the
// import module in a worker of its own), then one that cannot be read,
// and asks the rendering module for an import, which it does not answer.
const importPage = `<!doctype html><meta charset="utf-8"><title>flowzap import</title><script type="module">
import { importDiagram, Flowzap } from "./wasm/flowzap.mjs";
try {
  const ok = await importDiagram(MERMAID, { from: "mermaid", name: "shop.mmd" });
  const bad = await importDiagram("flowchart LR\n  a[Cart --> b\n", { name: "cut.mmd", lang: "fr" });
  const wrong = await new Flowzap().importDiagram(MERMAID, { from: "mermaid" });
  window.fzResult = { ok: ok.ok, code: ok.code || "", status: ok.status, badOK: bad.ok, badStatus: bad.status, badError: bad.error || "", badDiags: (bad.diagnostics || []).length, wrong: wrong.error || "" };
} catch (e) {
  window.fzResult = { error: "ERROR " + e };
}
</script>`

// importMermaid is a small flowchart in two lanes.
const importMermaid = "flowchart LR\n  subgraph shop [Shop]\n    a([Cart]) --> b{Paid?}\n  end\n  subgraph depot [Depot]\n    c[Ship parcel]\n  end\n  b -->|yes| c\n"

// TestBrowserImport runs importDiagram in headless Chromium: the import
// module, loaded on first use, answers what pipeline.ImportFor makes; an
// input it cannot read answers 422 with its diagnostics, in the language
// asked for; the rendering module refuses the operation, saying where
// imports run.
func TestBrowserImport(t *testing.T) {
	type result struct {
		OK        bool
		Code      string
		Status    int
		BadOK     bool
		BadStatus int
		BadError  string
		BadDiags  int
		Wrong     string
	}
	js, _ := json.Marshal(importMermaid)
	got := runPage[result](t, strings.ReplaceAll(importPage, "MERMAID", string(js)), nil)
	want, _, err := pipeline.ImportFor(pipeline.ImportRequest{From: "mermaid", Source: importMermaid, Name: "shop.mmd"}, pipeline.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if !got.OK || got.Status != 200 || got.Code != string(want.Code) {
		t.Errorf("import: ok %v, status %d, code\n%s\nwant\n%s", got.OK, got.Status, got.Code, want.Code)
	}
	if got.BadOK || got.BadStatus != 422 || got.BadDiags == 0 || !strings.Contains(got.BadError, "ne peut pas") {
		t.Errorf("an unreadable input: ok %v, status %d, %d diagnostics, error %q; want 422 with diagnostics, in French", got.BadOK, got.BadStatus, got.BadDiags, got.BadError)
	}
	if !strings.Contains(got.Wrong, "flowzap-import.wasm") {
		t.Errorf("the rendering module asked for an import answered %q, want an error naming flowzap-import.wasm", got.Wrong)
	}
}
