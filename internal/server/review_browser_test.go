package server

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// broken has an unknown shape on line 3, column 7 (FZ: hexagon).
const broken = "ops { # Operations\n  n1: circle label:\"Start\"\n  n2: hexagon label:\"Odd\"\n  n1.handle(right) -> n2.handle(left)\n}\n"

// TestBrowserProblemPositions: every entry of the problem list and the
// editor's tooltip say where the problem is (line:column), and a click on
// an entry moves the cursor there; at desktop and phone sizes.
func TestBrowserProblemPositions(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int64
	}{{"desktop", 1366, 768}, {"phone", 390, 844}} {
		t.Run(sz.name, func(t *testing.T) {
			a := newApp(t, sz.w, sz.h)
			a.setCode(broken)
			a.poll(`document.querySelectorAll(".cm-lintRange-error").length >= 1`, "the error underlined")
			a.js(`window.fzEditor.dispatch({selection: {anchor: 0}}); window.fzOpenLintPanel()`)
			a.poll(`document.querySelectorAll(".cm-panel-lint .cm-diagnostic").length >= 1`, "the problem list")
			entry := a.val(`[...document.querySelectorAll(".cm-panel-lint .cm-diagnostic")].find((d) => d.textContent.includes("hexagon"))?.textContent`)
			if !strings.HasPrefix(entry, "3:7 ") {
				t.Errorf("the problem list's entry: %q, want it to start with 3:7", entry)
			}
			// A click on the entry puts the cursor on it.
			a.click(`.cm-panel-lint .cm-diagnostic`)
			if err := pollExpr(a.ctx, `(() => { const s = window.fzEditor.state, h = s.selection.main.from, l = s.doc.lineAt(h); return l.number === 3 && h - l.from === 6; })()`, 5*time.Second); err != nil {
				t.Fatalf("the cursor after a click on the entry: %s", a.val(`(() => { const s = window.fzEditor.state, h = s.selection.main.from, l = s.doc.lineAt(h); return l.number + ":" + (h - l.from + 1); })()`))
			}
			// The tooltip on the underlined text says it too. (The pointer
			// is moved onto the underline again, where it is then, if no
			// tooltip came: a picture or the panel may move the text
			// after it was measured. Read where it is seen: the tooltip
			// may go again before a second look.)
			tip := `document.querySelector(".cm-tooltip-lint")?.textContent.includes("3:7 ")`
			for try := 0; ; try++ {
				x := val[float64](a, `(() => { const r = document.querySelector(".cm-lintRange-error").getBoundingClientRect(); return r.left + r.width / 2; })()`)
				y := val[float64](a, `(() => { const r = document.querySelector(".cm-lintRange-error").getBoundingClientRect(); return r.top + r.height / 2; })()`)
				a.mouse(chromedp.MouseMoved, x-1, y)
				a.mouse(chromedp.MouseMoved, x, y)
				if try == 4 {
					a.poll(tip, "the diagnostic's tooltip with 3:7")
					break
				}
				if pollExpr(a.ctx, tip, 4*time.Second) == nil {
					break
				}
			}
		})
	}
}

// TestBrowserNoPictureYet: a reload of code with errors, with no picture
// drawn before, says there is none (no blank area under "Showing the last
// good picture"), and through the server sends no render that would be
// refused; the same with the module, at phone size.
func TestBrowserNoPictureYet(t *testing.T) {
	t.Run("server", func(t *testing.T) {
		a, c := newProbedApp(t, "/assets/wasm/", "")
		a.poll(`!!document.querySelector("#stage svg .fz-node")`, "the first preview")
		a.setCode(broken)
		a.poll(`localStorage.getItem("fz-draft:home")?.includes("hexagon")`, "the draft kept")
		// (The reload does not ask: this tab has no one to answer.)
		a.js(`window.fzState.baseline = window.fzEditor.state.doc.toString()`)
		a.rec.take()
		c.take()
		a.do("reloading", chromedp.Reload())
		a.poll(`document.body.dataset.ready === "1" && window.fzEditor.state.doc.toString().includes("hexagon")`, "the draft restored")
		a.poll(`!document.querySelector("#empty").hidden && document.querySelector("#empty").textContent.includes("No picture yet")`, "the note that there is no picture")
		a.poll(`document.querySelector("#status").textContent.includes("error")`, "the status")
		if !val[bool](a, `document.querySelector("#stale").hidden`) {
			t.Errorf("the stale note shows: %q", a.val(`document.querySelector("#stale").textContent`))
		}
		for _, e := range a.rec.take() {
			if strings.Contains(e, "/api/render") {
				t.Errorf("a render of code known to have errors was asked for: %s", e)
			}
		}
		if n := c.take()["/api/render"]; n != 0 {
			t.Errorf("%d renders asked for code with errors", n)
		}
		// Fixing it draws the picture, and the note goes.
		a.setCode(small)
		a.poll(`!!document.querySelector("#stage svg .fz-node") && document.querySelector("#empty").hidden`, "the picture")
	})
	t.Run("phone", func(t *testing.T) {
		a := newApp(t, 390, 844)
		a.setCode(broken)
		a.poll(`localStorage.getItem("fz-draft:home")?.includes("hexagon")`, "the draft kept")
		a.js(`for (const k of Object.keys(localStorage)) if (!k.startsWith("fz-draft")) localStorage.removeItem(k)`)
		a.do("reloading", chromedp.Reload())
		a.poll(`document.body.dataset.ready === "1" && window.fzEditor.state.doc.toString().includes("hexagon")`, "the draft restored")
		a.click(`#panes [data-pane="preview"]`)
		a.poll(`!document.querySelector("#empty").hidden && document.querySelector("#empty").textContent.includes("No picture yet") && document.querySelector("#stale").hidden`, "the note that there is no picture")
	})
}

// TestBrowserEmptyEditor: an empty editor has one empty state: the
// preview's hint, and no "No problems" beside it.
func TestBrowserEmptyEditor(t *testing.T) {
	a := newApp(t, 1366, 768)
	a.setCode("")
	a.poll(`!document.querySelector("#empty").hidden && document.querySelector("#empty").textContent.includes("The editor is empty")`, "the empty state")
	a.poll(`document.querySelector("#status").textContent === ""`, "no status about no code")
	if n := val[int](a, `document.querySelectorAll(".cm-lintRange, .cm-lint-marker").length`); n != 0 {
		t.Errorf("%d diagnostics on an empty editor", n)
	}
}

// TestBrowserMissingDiagram: /d/<unknown> says so in the page, for good,
// shows no sample under that address, and offers a new diagram.
func TestBrowserMissingDiagram(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int64
	}{{"desktop", 1366, 768}, {"phone", 390, 844}} {
		t.Run(sz.name, func(t *testing.T) {
			a := newApp(t, sz.w, sz.h)
			a.open("/d/doesnotexist")
			a.poll(`document.querySelector('[data-banner="missing"]')?.textContent.includes("No diagram doesnotexist here")`, "the banner")
			if c := a.code(); c != "" {
				t.Errorf("the page shows code under a missing diagram's address:\n%s", c)
			}
			a.js(`new Promise((r) => setTimeout(r, 5000))`)
			if !val[bool](a, `!!document.querySelector('[data-banner="missing"]')`) {
				t.Error("the banner went away by itself")
			}
			a.click(`[data-banner="missing"] button`)
			a.poll(`location.pathname === "/" && window.fzEditor.state.doc.toString().includes("{") && !document.querySelector('[data-banner="missing"]')`, "a new diagram")
		})
	}
}

// TestBrowserMineUndo: removing an entry of My diagrams can be undone
// from the toast, and the focus stays in the dialog (on the entry that
// takes the removed one's place, the one put back, or Close).
func TestBrowserMineUndo(t *testing.T) {
	a := newApp(t, 1366, 768)
	a.js(`localStorage.setItem("fz-mine", JSON.stringify([{id: "aaa", name: "First", version: 1, savedAt: Date.now()}, {id: "bbb", name: "Second", version: 2, savedAt: Date.now()}]))`)
	a.click("#mine")
	a.poll(`document.querySelectorAll("#mine-list li").length === 2`, "my diagrams")
	// From the keyboard: the focus stays in the dialog, on the entry that
	// takes the removed one's place (it fell onto the page).
	a.js(`document.querySelector('#mine-list li[data-id="aaa"] button[aria-label^="Remove"]').focus()`)
	a.key(kb.Enter)
	a.poll(`document.querySelectorAll("#mine-list li").length === 1`, "the entry removed")
	a.toast("Removed First")
	a.poll(`document.activeElement === document.querySelector('#mine-list li[data-id="bbb"] button[aria-label^="Remove"]')`, "the focus on the next entry's ✕")
	a.click(`#toast button`)
	a.poll(`[...document.querySelectorAll("#mine-list li")].map((l) => l.dataset.id).join() === "aaa,bbb" && document.querySelector("#toast").hidden`, "the entry back in its place")
	a.poll(`document.activeElement === document.querySelector('#mine-list li[data-id="aaa"] button[aria-label^="Remove"]')`, "the focus on the entry put back")
	if got := a.val(`JSON.parse(localStorage.getItem("fz-mine")).map((d) => d.id).join()`); got != "aaa,bbb" {
		t.Errorf("the list kept: %s", got)
	}
	// The last entries removed, Close has it.
	a.key(kb.Enter)
	a.poll(`document.activeElement === document.querySelector('#mine-list li[data-id="bbb"] button[aria-label^="Remove"]')`, "the focus on the next entry's ✕")
	a.key(kb.Enter)
	a.poll(`!document.querySelector("#mine-list li") && document.activeElement === document.querySelector("#mine-dialog .close")`, "the focus on Close")
}

// TestBrowserTemplateName: a template opened takes its title as the
// diagram's name, and downloads are named after it.
func TestBrowserTemplateName(t *testing.T) {
	a := newApp(t, 1366, 768)
	a.click("#templates")
	a.poll(`document.querySelectorAll("#gallery-list .card").length > 10`, "the gallery")
	title := a.val(`document.querySelector('#gallery-list .card[data-id="api-gateway"] strong').textContent`)
	a.click(`#gallery-list .card[data-id="api-gateway"]`)
	a.poll(`location.search.includes("template=api-gateway") && document.querySelector("#name").value === `+jsString(title), "the template's title as the name")
	a.js(`window.fzLastDownload = ""`)
	a.click("#download")
	a.click(`[data-download="fz"]`)
	want := strings.ReplaceAll(title, " ", "-") + ".fz"
	a.poll(`window.fzLastDownload === `+jsString(want), "the download named "+want)
	// Not an edit: leaving asks nothing.
	if val[bool](a, `window.fzState.name !== window.fzState.baselineName`) {
		t.Error("the template's name counts as an unsaved change")
	}
}

// TestBrowserOpenedFileClean: a file just opened is no unsaved work:
// leaving asks nothing until it is edited.
func TestBrowserOpenedFileClean(t *testing.T) {
	a := newApp(t, 1366, 768)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "picked.fz"), []byte("picked { # Picked\n  n1: circle label:\"Picked file\"\n}\n"), 0o644)
	a.do("choosing a file", chromedp.SetUploadFiles(chromedp.ID("open-input"), []string{filepath.Join(dir, "picked.fz")}))
	a.poll(`window.fzEditor.state.doc.toString().includes("Picked file")`, "the picked file")
	a.click("#templates")
	a.poll(`document.querySelectorAll("#gallery-list .card").length > 10`, "the gallery")
	a.click(`#gallery-list .card[data-id="api-gateway"]`)
	// The template's code is loaded (it comes after the address changes):
	// only then is the next file opened over it, or the template would
	// replace that file's edited text.
	a.poll(`location.search.includes("template=api-gateway") && !window.fzEditor.state.doc.toString().includes("Picked file") && window.fzState.baseline === window.fzEditor.state.doc.toString()`, "the template opened without a question")
	if !val[bool](a, `document.querySelector("#confirm-dialog").hidden`) {
		t.Error("leaving a file just opened asked about unsaved changes")
	}
	// Edited, it asks.
	os.WriteFile(filepath.Join(dir, "again.fz"), []byte("again { # Again\n  n1: circle label:\"Picked file\"\n}\n"), 0o644)
	a.do("choosing another file", chromedp.SetUploadFiles(chromedp.ID("open-input"), []string{filepath.Join(dir, "again.fz")}))
	a.poll(`window.fzEditor.state.doc.toString().includes("Picked file") && window.fzState.baseline === window.fzEditor.state.doc.toString()`, "the other file")
	a.setCode("picked { # Picked\n  n1: circle label:\"Edited\"\n}\n")
	a.click("#home")
	a.poll(`!document.querySelector("#confirm-dialog").hidden`, "the question once edited")
	a.click("#confirm-cancel")
}

// TestBrowserStaleToast: a message about the code goes once the code has
// changed, and one about a page once another is loaded.
func TestBrowserStaleToast(t *testing.T) {
	a := newApp(t, 1366, 768)
	a.setCode(broken)
	a.click("#format")
	a.poll(`!document.querySelector("#toast").hidden`, "a message about Format")
	a.js(`new Promise((r) => setTimeout(r, 1100))`)
	a.setCode(small)
	a.poll(`document.querySelector("#toast").hidden`, "the message about the old code gone")
	// Going to another page takes a message about this one away.
	a.click("#format")
	a.poll(`!document.querySelector("#toast").hidden`, "a message about Format")
	a.click("#templates")
	a.poll(`document.querySelectorAll("#gallery-list .card").length > 10`, "the gallery")
	a.click(`#gallery-list .card[data-id="api-gateway"]`)
	a.poll(`!document.querySelector("#confirm-dialog").hidden`, "the question")
	a.click("#confirm-ok")
	a.poll(`location.search.includes("template=api-gateway") && document.querySelector("#toast").hidden`, "the toast gone with its page")
}

// TestBrowserSaveConflict: a diagram saved from another device (or tab)
// after the version being edited here is not overwritten by Save: the
// server refuses (If-Match) and a banner says so, offering Save anyway
// (the other version stays in History) or opening that version; the same
// for unsaved changes restored after a reload that were made to an older
// version than the one the server now has. Each of the banner's buttons
// is used both by a click at desktop size and by a tap on a phone (Save
// there is in the ☰ panel, which closes so as not to cover the banner).
func TestBrowserSaveConflict(t *testing.T) {
	a := newApp(t, 1280, 800)
	ts := &httptest.Server{URL: a.base}
	a.setCode(small)
	a.click("#save")
	a.poll(`location.pathname.startsWith("/d/") && !document.querySelector("#edit-link-dialog").hidden`, "the saved diagram")
	a.key(kb.Escape)
	id := a.val(`location.pathname.split("/").pop()`)
	token := a.val(`JSON.parse(localStorage.getItem("fz-tokens"))[location.pathname.split("/").pop()]`)
	other := func(text string, want int) {
		t.Helper()
		res, body := do(t, ts, "PUT", "/api/diagrams/"+id, map[string]string{"code": text}, "Authorization", "Bearer "+token)
		if res.StatusCode != 200 || !strings.Contains(string(body), fmt.Sprintf(`"version":%d`, want)) {
			t.Fatalf("the other device's save: %d %s", res.StatusCode, body)
		}
	}
	stored := func() string {
		t.Helper()
		_, body := do(t, ts, "GET", "/api/diagrams/"+id, nil)
		return string(body)
	}
	other(small+"// from the phone\n", 2)
	a.setCode(small + "// from the laptop\n")
	a.click("#save")
	a.poll(`document.querySelector('[data-banner="conflict"]')?.textContent.includes("Version 2 of this diagram was saved from another tab or device")`, "the conflict banner")
	if got := stored(); !strings.Contains(got, "from the phone") || !strings.Contains(got, `"version":2`) {
		t.Errorf("the other device's version was replaced: %s", got)
	}
	a.axe("the conflict banner")
	a.size(390, 844)
	if out := a.val(`[...document.querySelectorAll('[data-banner="conflict"], [data-banner="conflict"] button')].filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5).map((e) => e.textContent.slice(0, 20)).join()`); out != "" {
		t.Errorf("the conflict banner sticks out of a phone's screen: %s", out)
	}
	a.size(1280, 800)
	// Open version 2: it asks before the edits here are discarded.
	a.click(`[data-banner="conflict"] button:nth-of-type(2)`)
	a.poll(`!document.querySelector("#confirm-dialog").hidden`, "the question before discarding")
	a.click("#confirm-ok")
	a.poll(`window.fzEditor.state.doc.toString().includes("from the phone") && !document.querySelector('[data-banner="conflict"]')`, "version 2 opened")
	a.setCode(small + "// on top of the phone's\n")
	a.click("#save")
	a.toast("Saved, version 3")

	// Unsaved changes kept over a reload were made to version 3; the
	// phone saves version 4 meanwhile.
	a.setCode(small + "// draft on the laptop\n")
	a.poll(`(localStorage.getItem("fz-draft:d:`+id+`") || "").includes("draft on the laptop")`, "the draft kept")
	other(small+"// the phone again\n", 4)
	// This time on a phone, tapped: Save in the ☰ panel, then the
	// banner's Save anyway.
	a.size(390, 844)
	a.touchScreen()
	a.open("/d/" + id)
	a.poll(`window.fzEditor.state.doc.toString().includes("draft on the laptop") && !!document.querySelector('[data-banner="draft"]')`, "the draft restored")
	a.poll(`matchMedia("(pointer: coarse)").matches`, "a coarse pointer")
	a.tapOrClick("#more", true)
	a.poll(`document.querySelector("header").hasAttribute("data-open")`, "the ☰ panel")
	a.tapOrClick("#save", true)
	a.poll(`document.querySelector('[data-banner="conflict"]')?.textContent.includes("Version 4")`, "the conflict banner for the draft")
	if got := stored(); !strings.Contains(got, "the phone again") {
		t.Errorf("the phone's version 4 was replaced: %s", got)
	}
	const anyway = `[data-banner="conflict"] button:nth-of-type(1)`
	if a.val(`document.querySelector("header").hasAttribute("data-open")`) != "false" {
		t.Errorf("the ☰ panel stayed open over the conflict banner")
	}
	if out := a.onTop(anyway); out != "" {
		t.Errorf("Save anyway cannot be tapped on a phone: %s", out)
	}
	a.tapOrClick(anyway, true) // Save anyway
	a.toast("Saved, version 5")
	a.poll(`!document.querySelector('[data-banner="conflict"]')`, "the banner gone")
	if got := stored(); !strings.Contains(got, "draft on the laptop") {
		t.Errorf("Save anyway did not save: %s", got)
	}

	// Each button at the other size too: Open version 6 tapped on the
	// phone, Save anyway clicked at desktop size.
	other(small+"// the phone a third time\n", 6)
	a.setCode(small + "// edited on the phone\n")
	a.tapOrClick("#more", true)
	a.poll(`document.querySelector("header").hasAttribute("data-open")`, "the ☰ panel")
	a.tapOrClick("#save", true)
	a.poll(`document.querySelector('[data-banner="conflict"]')?.textContent.includes("Version 6")`, "the conflict banner on the phone")
	const open = `[data-banner="conflict"] button:nth-of-type(2)`
	if out := a.onTop(open); out != "" {
		t.Errorf("Open version 6 cannot be tapped on a phone: %s", out)
	}
	a.tapOrClick(open, true)
	a.poll(`!document.querySelector("#confirm-dialog").hidden`, "the question before discarding, on the phone")
	a.tapOrClick("#confirm-ok", true)
	a.poll(`window.fzEditor.state.doc.toString().includes("the phone a third time") && !document.querySelector('[data-banner="conflict"]')`, "version 6 opened on the phone")
	a.size(1280, 800)
	other(small+"// the phone a fourth time\n", 7)
	a.setCode(small + "// the laptop's last word\n")
	a.click("#save")
	a.poll(`document.querySelector('[data-banner="conflict"]')?.textContent.includes("Version 7")`, "the conflict banner at desktop size")
	a.click(anyway)
	a.toast("Saved, version 8")
	if got := stored(); !strings.Contains(got, "the laptop's last word") {
		t.Errorf("Save anyway at desktop size did not save: %s", got)
	}
}

// TestBrowserNameCleaned: a name pasted with invisible characters (a
// zero-width space, a bidirectional override that shows "x\u202Egpj.fz"
// as "xzf.jpg") is stored and used for downloads without them (the
// server refused the name after the diagram was saved, and the download
// kept the override); a name the server still refuses is said in the
// save's message instead of being hidden by it.
func TestBrowserNameCleaned(t *testing.T) {
	a := newApp(t, 1280, 800)
	a.js(`const n = document.querySelector("#name"); n.value = "Order\u200bflow \u202egpj"; n.dispatchEvent(new Event("input"))`)
	a.click("#save")
	a.poll(`location.pathname.startsWith("/d/") && !document.querySelector("#edit-link-dialog").hidden`, "the saved diagram")
	a.key(kb.Escape)
	a.toast("Saved, version 1.")
	if errs := a.rec.take(); len(errs) > 0 {
		t.Errorf("the server refused: %v", errs)
	}
	id := a.val(`location.pathname.split("/").pop()`)
	_, body := do(t, &httptest.Server{URL: a.base}, "GET", "/api/diagrams/"+id+"/versions", nil)
	if !strings.Contains(string(body), `"name":"Orderflow gpj"`) {
		t.Errorf("the stored name: %s", body)
	}
	a.js(`window.fzLastDownload = ""`)
	a.click("#download")
	a.click(`[data-download="fz"]`)
	a.poll(`window.fzLastDownload === "Orderflow-gpj.fz"`, "the download named Orderflow-gpj.fz")
	// Longer than the server takes (set by a script, past the field's
	// maxlength): the diagram is saved, and the message says the name is not.
	a.js(`document.querySelector("#name").value = "x".repeat(201); document.querySelector("#name").dispatchEvent(new Event("input"))`)
	a.click("#save")
	a.toast("Saved, version 2. The name was not saved:")
	a.rec.take()
}

// TestBrowserDraftKeptWhenHidden: on a phone an edit made just before
// switching to another app is kept as a draft as the page is hidden (a
// phone may end a page in the background without beforeunload, and the
// draft was written only 300 ms after the last edit).
func TestBrowserDraftKeptWhenHidden(t *testing.T) {
	a := newApp(t, 390, 844)
	a.touchScreen()
	kept := a.val(`(() => {
		window.fzEditor.dispatch({changes: {from: 0, insert: "// typed just before switching apps\n"}});
		Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
		document.dispatchEvent(new Event("visibilitychange"));
		return localStorage.getItem("fz-draft:home") || "";
	})()`)
	if !strings.Contains(kept, "typed just before switching apps") {
		t.Errorf("the draft as the page is hidden: %q", kept)
	}
	a.js(`delete document.visibilityState`)
	a.open("/")
	a.poll(`window.fzEditor.state.doc.toString().includes("typed just before switching apps") && !!document.querySelector('[data-banner="draft"]')`, "the draft restored")
}
