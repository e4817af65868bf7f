package server

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"
)

// TestBrowserDialogsWholeScreen: on a phone every dialog, the small ones
// (My diagrams, the private edit link) too, takes the whole screen (they
// were 94 % wide with the page showing down both sides), and closing one
// opened from the ☰ panel gives the focus to ☰ (it fell onto the page,
// the panel being closed); on a desktop the dialog is inside the window
// and the focus goes back to its button. At desktop and phone sizes.
func TestBrowserDialogsWholeScreen(t *testing.T) {
	for _, sz := range []struct {
		name  string
		w, h  int64
		phone bool
	}{{"desktop", 1366, 800, false}, {"tablet", 1024, 768, false}, {"phone", 390, 844, true}, {"phone-fr", 360, 740, true}} {
		t.Run(sz.name, func(t *testing.T) {
			a := newApp(t, sz.w, sz.h)
			if sz.phone {
				a.touchScreen()
			}
			if sz.name == "phone-fr" {
				a.chooseLanguage("fr")
			}
			sheet := func(id string) {
				t.Helper()
				a.poll(`!document.querySelector("#`+id+`").hidden`, id+" open")
				bad := a.val(`(() => { const r = document.querySelector("#` + id + ` .sheet").getBoundingClientRect(), bad = [];
					if (r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) bad.push("outside the window");
					if (` + jsString(map[bool]string{true: "phone", false: ""}[sz.phone]) + ` && (r.left > 0.5 || r.right < innerWidth - 0.5 || r.top > 0.5 || r.bottom < innerHeight - 0.5)) bad.push("not the whole screen");
					const c = document.querySelector("#` + id + ` .close").getBoundingClientRect();
					if (c.right > innerWidth || c.bottom > innerHeight || c.left < 0) bad.push("Close cut off");
					return bad.length ? bad.join(", ") + " at " + [r.left, r.top, r.right, r.bottom].map(Math.round).join(",") : ""; })()`)
				if bad != "" {
					t.Errorf("%s: %s", id, bad)
				}
			}
			back := "mine"
			if sz.phone {
				back = "more"
			}
			// My diagrams, closed by its Close button.
			a.click("#mine")
			sheet("mine-dialog")
			a.tapOrClick("#mine-dialog .close", sz.phone)
			a.poll(`document.querySelector("#mine-dialog").hidden && document.activeElement.id === `+jsString(back), "the dialog closed, focus on "+back)
			// The private edit link after the first Save, closed by Escape.
			a.click("#save")
			sheet("edit-link-dialog")
			a.key(kb.Escape)
			if sz.phone {
				back = "more"
			} else {
				back = "save"
			}
			a.poll(`document.querySelector("#edit-link-dialog").hidden && document.activeElement.id === `+jsString(back), "the edit link closed, focus on "+back)
		})
	}
}

// TestBrowserSizesInLanguage: the sizes the app writes (a version's size
// in History, the size limit) are in the page's language, "1,4 Ko" in
// French, and never split from their unit over two lines (History on a
// phone showed "1.4" at the end of a line and "KB" on the next). At
// desktop and phone sizes.
func TestBrowserSizesInLanguage(t *testing.T) {
	for _, sz := range []struct {
		name, lang, size string
		w, h             int64
		phone            bool
	}{{"desktop", "en", `^\d+\.\d\x{00a0}KB$`, 1366, 800, false}, {"desktop-fr", "fr", `^\d+,\d\x{00a0}Ko$`, 1024, 768, false},
		{"phone-fr", "fr", `^\d+,\d\x{00a0}Ko$`, 360, 740, true}, {"phone-zh", "zh", `^\d+\.\d\x{00a0}KB$`, 390, 844, true}} {
		t.Run(sz.name, func(t *testing.T) {
			a := newApp(t, sz.w, sz.h)
			if sz.phone {
				a.touchScreen()
			}
			a.chooseLanguage(sz.lang)
			a.click("#save")
			a.poll(`!document.querySelector("#edit-link-dialog").hidden`, "the first save")
			a.key(kb.Escape)
			a.poll(`!document.querySelector("#history").hidden`, "the History button")
			a.click("#history")
			a.poll(`document.querySelectorAll("#history-list li").length === 1`, "the version")
			if got := a.val(`document.querySelector("#history-list li .what").textContent.split(" · ")[2].replace(/ \(.*$/, "")`); !regexpMatch(sz.size, got) {
				t.Errorf("the version's size is written %q, want it to match %s", got, sz.size)
			}
		})
	}
}

func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }

// TestBrowserSkipLink: "Skip to the diagram" gives the picture the focus
// and shows its pane on a phone, without changing the address or asking
// to discard unsaved changes (following #preview was taken for a
// navigation: it asked, and Discard threw the work away; on a phone the
// hidden picture could not take the focus). At desktop and phone sizes.
func TestBrowserSkipLink(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int64
	}{{"desktop", 1366, 800}, {"tablet", 1024, 768}, {"phone", 390, 844}, {"phone-small", 360, 740}} {
		t.Run(sz.name, func(t *testing.T) {
			a := newApp(t, sz.w, sz.h)
			a.setCode(small + "// mine\n")
			url := a.val(`location.href`)
			a.js(`document.activeElement.blur()`)
			a.key(kb.Tab)
			a.poll(`document.activeElement.matches(".skip")`, "the skip link focused by Tab")
			a.key(kb.Enter)
			a.poll(`document.activeElement.id === "preview" && document.querySelector("#preview").getClientRects().length > 0`, "the picture focused and shown")
			if got := a.val(`location.href`); got != url {
				t.Errorf("the skip link changed the address to %s", got)
			}
			if !val[bool](a, `document.querySelector("#confirm-dialog").hidden`) {
				t.Error("the skip link asked to discard the changes")
			}
			if !strings.Contains(a.code(), "// mine") {
				t.Error("the changes are gone")
			}
		})
	}
}

// TestBrowserPhoneActions: the ☰ panel's actions tapped with a finger on
// a phone, each closing the panel: Fix all, Format, Share with both Copy
// buttons and Close, Save with the edit link's Copy, the dark theme, and
// the logo's question before discarding edits (Keep editing, then
// Discard changes).
func TestBrowserPhoneActions(t *testing.T) {
	a := newApp(t, 390, 844)
	a.touchScreen()
	a.poll(`matchMedia("(pointer: coarse)").matches`, "a coarse pointer")
	a.js(`navigator.clipboard.writeText = (s) => { window.copied = s; return Promise.resolve(); }`)
	tools := func(sel string) {
		t.Helper()
		a.tapOrClick("#more", true)
		a.poll(`document.querySelector("header").hasAttribute("data-open")`, "the ☰ panel")
		a.tapOrClick(sel, true)
		a.poll(`!document.querySelector("header").hasAttribute("data-open")`, "the panel closed after "+sel)
	}
	a.setCode(gapped)
	tools("#fix")
	a.toast("1 correction applied")
	a.poll(`window.fzEditor.state.doc.toString().includes("n2: rectangle")`, "Fix all")
	a.setCode("ops { # Ops\n      n1: circle label:\"Start\"\n}\n")
	tools("#format")
	a.toast("Formatted")
	a.poll(`window.fzEditor.state.doc.toString() === "ops { # Ops\n  n1: circle label:\"Start\"\n}\n"`, "Format")
	tools("#share")
	a.poll(`document.querySelector("#share-link").value.includes("/playground/") && document.querySelector("#code-link").value.includes("#code=")`, "the share links")
	a.tapOrClick("#code-copy", true)
	a.poll(`window.copied === document.querySelector("#code-link").value`, "the code link copied")
	a.tapOrClick("#share-copy", true)
	a.poll(`window.copied === document.querySelector("#share-link").value`, "the snapshot link copied")
	a.tapOrClick("#share-close", true)
	a.poll(`document.querySelector("#share-box").hidden`, "the share links closed")
	tools("#save")
	a.poll(`!document.querySelector("#edit-link-dialog").hidden && document.querySelector("#edit-link").value.includes("#edit=")`, "the edit link")
	a.tapOrClick("#edit-link-copy", true)
	a.poll(`window.copied === document.querySelector("#edit-link").value`, "the edit link copied")
	a.tapOrClick("#edit-link-dialog .close", true)
	a.poll(`document.querySelector("#edit-link-dialog").hidden`, "the edit link closed")
	tools("#theme")
	a.poll(`document.documentElement.dataset.theme === "dark"`, "the dark theme")
	// The logo leaves the diagram: with edits, it asks first.
	a.setCode("ops { # Ops\n  n1: circle label:\"Unsaved on the phone\"\n}\n")
	a.tapOrClick("#home", true)
	a.poll(`!document.querySelector("#confirm-dialog").hidden`, "the question")
	a.tapOrClick("#confirm-cancel", true)
	a.poll(`document.querySelector("#confirm-dialog").hidden && window.fzEditor.state.doc.toString().includes("Unsaved on the phone") && location.pathname.startsWith("/d/")`, "Keep editing")
	a.tapOrClick("#home", true)
	a.poll(`!document.querySelector("#confirm-dialog").hidden`, "the question again")
	a.tapOrClick("#confirm-ok", true)
	a.poll(`location.pathname === "/" && !window.fzEditor.state.doc.toString().includes("Unsaved on the phone")`, "Discard changes")
	if errs := a.rec.take(); len(errs) > 0 {
		t.Errorf("requests refused: %v", errs)
	}
}
