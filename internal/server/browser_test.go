package server

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"flowzap/internal/testgen"
)

var screenshots = flag.String("screenshots", "", "directory to write screenshots of the app to (docs/screenshots to refresh the docs)")

// browser starts headless Debian Chromium. make test installs it; outside
// CI a missing browser skips, in CI it fails.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed: make test installs it (scripts/ensure-chromium.sh)")
		}
		t.Skip("chromium not installed")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1400, 900),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("lang", "en-US"),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel3)
	return ctx
}

func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func poll(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second)))
	must(t, err, "waiting for "+what+" ("+expr+")")
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	must(t, err, "evaluating "+expr)
	return v
}

func shot(t *testing.T, ctx context.Context, name string) {
	if *screenshots == "" {
		return
	}
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	must(t, err, "screenshot")
	os.MkdirAll(*screenshots, 0o755)
	must(t, os.WriteFile(filepath.Join(*screenshots, name), b, 0o644), "writing screenshot")
}

const setDoc = `(code) => window.fzEditor.dispatch({changes: {from: 0, to: window.fzEditor.state.doc.length, insert: code}})`

func setCode(t *testing.T, ctx context.Context, code string) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void]("("+setDoc+")("+jsString(code)+")"))
	must(t, err, "setting the editor's text")
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "`", "\\`", "$", "\\$")
	return "`" + r.Replace(s) + "`"
}

// TestBrowser drives the app as a user would: live preview while typing,
// an underlined error and its quick fix, views, templates, sharing, and
// saving then editing with the token after a reload.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	ts := newTest(t, filepath.Join(t.TempDir(), "app.db"), Options{RateLimit: 1000, Burst: 1000})
	must(t, chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/")), "opening the app")
	poll(t, ctx, `document.body.dataset.ready === "1"`, "the app to start")
	poll(t, ctx, `!!document.querySelector("#stage svg .fz-node")`, "the first preview")
	shot(t, ctx, "app-workflow.png")

	// Keystroke to picture on a 200-node diagram (measured, not asserted:
	// timing belongs in benchmarks, see docs/benchmarks.md).
	setCode(t, ctx, testgen.Diagram(testgen.Options{Nodes: 200, Seed: 3}))
	poll(t, ctx, `document.querySelectorAll("#stage svg .fz-node").length === 200`, "the 200-node preview")
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`new Promise((done) => {
		const stage = document.querySelector("#stage");
		const before = +stage.dataset.renders;
		const start = performance.now();
		window.fzEditor.dispatch({changes: {from: window.fzEditor.state.doc.length, insert: "\n// x"}});
		const tick = () => (+stage.dataset.renders > before ? done(performance.now() - start) : requestAnimationFrame(tick));
		tick();
	})`, chromedp.EvalAwaitPromise))
	must(t, err, "measuring keystroke to picture")
	t.Logf("keystroke to picture, 200 nodes: %.0f ms (25 ms of it is the debounce)", ms)

	// Typing changes the preview.
	setCode(t, ctx, "ops { # Operations\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n  n1.handle(right) -> n2.handle(left)\n")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".cm-content")),
		chromedp.Evaluate[chromedp.Void](`window.fzEditor.dispatch({selection: {anchor: window.fzEditor.state.doc.length}})`),
		chromedp.SendKeys(chromedp.CSS(".cm-content"), "}")), "typing")
	poll(t, ctx, `document.querySelector("#stage svg")?.textContent.includes("Work") && window.fzEditor.state.doc.toString().endsWith("}")`, "the typed diagram")
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(".cm-content"), "\n// typed by the test")), "typing more")
	poll(t, ctx, `window.fzEditor.state.doc.toString().includes("// typed by the test")`, "the typed comment")

	// An error is underlined; the preview keeps the last good picture.
	setCode(t, ctx, "ops { # Operations\n  n1: circle label:\"Start\"\n  n1.handle(right) -> n9.handle(left)\n}\n")
	poll(t, ctx, `!!document.querySelector(".cm-lintRange-error")`, "the error underline")
	poll(t, ctx, `document.querySelector("#stage").dataset.state === "stale" && !!document.querySelector("#stage svg")`, "the last good picture kept")
	poll(t, ctx, `document.querySelector("#status").dataset.level === "error"`, "the error status")

	// A departure gets a quick fix from the lint panel.
	setCode(t, ctx, "ops {\n  start: circle label=\"Start\"\n  stop: circle label:\"Stop\"\n  start -> stop\n}\n")
	poll(t, ctx, `!!document.querySelector(".cm-lintRange-warning")`, "the warning underline")
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.fzOpenLintPanel()`)), "opening the lint panel")
	poll(t, ctx, `!!document.querySelector(".cm-diagnosticAction")`, "a quick fix button")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".cm-diagnosticAction"))), "applying the quick fix")
	poll(t, ctx, `window.fzEditor.state.doc.toString().includes("n1.handle(right) -> n2.handle(left)")`, "the fixed code")

	// Views.
	for _, view := range []string{"sequence", "architecture", "mindmap", "workflow"} {
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#tabs button[data-view="`+view+`"]`))), "switching to "+view)
		poll(t, ctx, `document.querySelector("#stage svg")?.classList.contains("`+view+`")`, "the "+view+" view")
	}

	// Templates, in French.
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("lang"))), "switching to French")
	poll(t, ctx, `document.querySelector("#templates").textContent === "Modèles"`, "the French interface")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("templates"))), "opening the gallery")
	poll(t, ctx, `document.querySelectorAll("#gallery-list .card").length >= 30`, "the gallery")
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("gallery-search"), "passerelle")), "searching")
	poll(t, ctx, `document.querySelectorAll("#gallery-list .card").length < 10 && !!document.querySelector('#gallery-list .card[data-id="api-gateway"]')`, "the search result")
	shot(t, ctx, "app-gallery-fr.png")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#gallery-list .card[data-id="api-gateway"]`))), "opening the template")
	poll(t, ctx, `window.fzEditor.state.doc.toString().includes("gateway { # API Gateway")`, "the template in the editor")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("lang"))), "back to English")

	// Share and reopen the link.
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("share"))), "sharing")
	poll(t, ctx, `document.querySelector("#share-link").value.includes("/playground/")`, "the share link")
	link := eval[string](t, ctx, `document.querySelector("#share-link").value`)
	must(t, chromedp.Do(ctx, chromedp.Navigate(link)), "opening the share link")
	poll(t, ctx, `document.body.dataset.ready === "1" && window.fzEditor.state.doc.toString().includes("gateway { # API Gateway")`, "the shared diagram")

	// FlowZap's link form: /playground?code=<base64url>&view=sequence.
	must(t, chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/playground?view=sequence&code=YSB7ICMgQQogIG4xOiBjaXJjbGUgbGFiZWw6IlVSTCIKfQo")), "opening a code link")
	poll(t, ctx, `document.body.dataset.ready === "1" && window.fzEditor.state.doc.toString().includes("URL") && document.querySelector("#tabs button[data-view=sequence]").getAttribute("aria-selected") === "true"`, "the code from the URL")

	// Save, reload, edit with the token.
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("save"))), "saving")
	poll(t, ctx, `location.pathname.startsWith("/d/")`, "the saved diagram's URL")
	page := eval[string](t, ctx, `location.href`)
	must(t, chromedp.Do(ctx, chromedp.Navigate(page)), "reloading")
	poll(t, ctx, `document.body.dataset.ready === "1" && window.fzEditor.state.doc.toString().includes("URL")`, "the saved diagram after reload")
	setCode(t, ctx, "a { # A\n  n1: circle label:\"URL edited\"\n}\n")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("save"))), "saving again")
	poll(t, ctx, `document.querySelector("#toast").textContent.includes("version 2")`, "version 2")
	id := eval[string](t, ctx, `location.pathname.split("/").pop()`)
	_, body := do(t, ts, "GET", "/api/diagrams/"+id, nil)
	if !strings.Contains(string(body), `"versions":2`) || !strings.Contains(string(body), "URL edited") {
		t.Errorf("the server does not have version 2: %s", body)
	}
	// Another browser (no token) can only save a copy.
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`localStorage.removeItem("fz-tokens")`), chromedp.Navigate(page)), "forgetting the token")
	poll(t, ctx, `document.body.dataset.ready === "1" && document.querySelector("#save").textContent === "Save a copy"`, "the copy-only save button")
	shot(t, ctx, "app-saved.png")
}
