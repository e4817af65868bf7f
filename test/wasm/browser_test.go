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

// TestBrowserWorker runs web/wasm/flowzap.mjs in headless Chromium with a
// real module Web Worker: stale renders are cancelled and the picture is
// byte for byte the pipeline's.
func TestBrowserWorker(t *testing.T) {
	dir := module(t)
	mux := http.NewServeMux()
	mux.Handle("/wasm/", http.StripPrefix("/wasm/", http.FileServer(http.Dir(dir))))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		js, _ := json.Marshal(browserCode)
		w.Write([]byte(strings.Replace(page, "CODE", string(js), 1)))
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	ctx := browsertest.Tab(t, 1280, 900, 2*time.Minute)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!window.fzResult`, chromedp.WithPollingTimeout(90*time.Second))); err != nil {
		t.Fatalf("no result from the page: %v", err)
	}
	type result struct {
		Cancelled []bool
		SVG       string
		Error     string
		Valid     bool
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[result](`window.fzResult`))
	if err != nil {
		t.Fatal(err)
	}
	if got.Error != "" {
		t.Fatalf("the page failed: %s", got.Error)
	}
	if len(got.Cancelled) != 3 || !got.Cancelled[0] || !got.Cancelled[1] || got.Cancelled[2] {
		t.Errorf("cancelled = %v, want the two older renders cancelled and the newest answered", got.Cancelled)
	}
	if !got.Valid {
		t.Errorf("the strict check says the code is not valid")
	}
	var want bytes.Buffer
	if err := pipeline.Render(&want, pipeline.Check("input.fz", []byte(browserCode), pipeline.Options{}), pipeline.RenderOptions{View: "sequence", Theme: "dark"}); err != nil {
		t.Fatal(err)
	}
	if got.SVG != want.String() {
		t.Errorf("the browser's SVG (%d bytes) differs from the pipeline's (%d bytes)\n%s", len(got.SVG), want.Len(), firstDiff(got.SVG, want.String()))
	}
}
