package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// gapped has one warning with a quick fix: n2 is missing (FZ111).
const gapped = "ops { # Operations\n  n1: circle label:\"Start\"\n  n3: rectangle label:\"Work\"\n  n1.handle(right) -> n3.handle(left)\n}\n"

// TestBrowserProblemsButton: the problem list and its Fix buttons are
// reached without a keyboard (Ctrl-Shift-M was the only way, none on a
// phone): while the code has problems a Show problems button under the
// editor opens the list, in the current language; a click (a tap on a
// phone) on it, then on the entry's Fix, repairs the code, and the button
// goes when no problem is left. At desktop and phone sizes.
func TestBrowserProblemsButton(t *testing.T) {
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
			want := "Show problems"
			if sz.name == "phone-fr" {
				a.chooseLanguage("fr")
				want = "Voir les problèmes"
			}
			a.poll(`document.querySelector("#status").dataset.level === "ok" && document.querySelector("#problems").hidden`, "no problems and no button")
			a.setCode(gapped)
			a.poll(`!document.querySelector("#problems").hidden && document.querySelector("#status").dataset.level === "warning"`, "the Show problems button")
			if got := a.val(`document.querySelector("#problems").textContent`); got != want {
				t.Errorf("the button says %q, want %q", got, want)
			}
			// The button is whole in the window, a 40 px target on a touch screen.
			if bad := a.val(`(() => { const r = document.querySelector("#problems").getBoundingClientRect(), s = document.querySelector("#status").getBoundingClientRect();
				const bad = [];
				if (r.left < 0 || r.right > innerWidth || r.bottom > innerHeight || r.top < 0) bad.push("outside the window");
				if (matchMedia("(pointer: coarse)").matches && (r.width < 40 || r.height < 40)) bad.push(Math.round(r.width) + "x" + Math.round(r.height));
				if (s.right > r.left + 0.5) bad.push("over the status line");
				return bad.join(", "); })()`); bad != "" {
				t.Errorf("the Show problems button: %s", bad)
			}
			a.tapOrClick("#problems", sz.phone)
			a.poll(`document.querySelectorAll(".cm-panel-lint .cm-diagnostic").length === 1`, "the problem list opened by the button")
			a.tapOrClick(".cm-panel-lint .cm-diagnostic button", sz.phone)
			a.poll(`window.fzEditor.state.doc.toString().includes("n2: rectangle") && !window.fzEditor.state.doc.toString().includes("n3")`, "the fix chosen in the list")
			a.poll(`document.querySelector("#problems").hidden && document.querySelector("#status").dataset.level === "ok"`, "the button gone with the last problem")
			// An empty editor has no problems to show either.
			a.setCode(broken)
			a.poll(`!document.querySelector("#problems").hidden`, "the button for an error")
			a.setCode("")
			a.poll(`document.querySelector("#problems").hidden`, "no button for an empty editor")
		})
	}
}

// tapOrClick taps the middle of the element with a finger on a phone, or
// clicks it with the mouse.
func (a *app) tapOrClick(sel string, phone bool) {
	a.t.Helper()
	if !phone {
		a.do("clicking "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
		return
	}
	r := val[[]float64](a, `(() => { const r = document.querySelector(`+jsString(sel)+`).getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	a.touch(r[0], r[1], false)
}

// onTop says which of the elements (selectors) is not the topmost at its
// own middle, with what covers it, or "" when each shows.
func (a *app) onTop(sels ...string) string {
	a.t.Helper()
	return a.val(`(() => { const bad = [];
		for (const sel of ` + jsString(strings.Join(sels, "\n")) + `.split("\n")) {
			const e = document.querySelector(sel), r = e.getBoundingClientRect(), top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
			if (!e.contains(top)) bad.push(sel + " under " + (top ? top.tagName.toLowerCase() + (top.id ? "#" + top.id : "") + "." + String(top.className) : "nothing"));
		}
		return bad.join(", "); })()`)
}

// TestBrowserProblemsUnderDialogs: the open problem list (CodeMirror's
// panel, at z-index 300) stays under what opens over the page: a toast
// and the gallery, at desktop and phone sizes (its Fix
// button showed through the gallery on a phone, over the cards, and hid
// the toast of the fix just made).
func TestBrowserProblemsUnderDialogs(t *testing.T) {
	for _, sz := range []struct {
		name  string
		w, h  int64
		phone bool
	}{{"desktop", 1280, 800, false}, {"phone", 390, 844, true}} {
		t.Run(sz.name, func(t *testing.T) {
			a := newApp(t, sz.w, sz.h)
			if sz.phone {
				a.touchScreen()
			}
			a.setCode(gapped + "\n\n\n")
			a.poll(`!document.querySelector("#problems").hidden`, "the Show problems button")
			a.tapOrClick("#problems", sz.phone)
			a.poll(`document.querySelectorAll(".cm-panel-lint .cm-diagnostic").length === 1`, "the problem list")
			// A toast over the list (the one a fix shows).
			a.js(`document.querySelector("#toast").hidden = false; document.querySelector("#toast").textContent = "A message about the fix just made, long enough to take two lines on a phone"; document.querySelector("#toast").style.bottom = (innerHeight - document.querySelector(".cm-panel-lint").getBoundingClientRect().bottom + 4) + "px"`)
			if bad := a.onTop("#toast"); bad != "" {
				t.Errorf("the toast: %s", bad)
			}
			a.js(`document.querySelector("#toast").hidden = true; document.querySelector("#toast").style.bottom = ""`)
			if sz.phone {
				a.tapOrClick("#more", true)
				a.poll(`document.querySelector("header").hasAttribute("data-open")`, "the ☰ panel")
			}
			a.click("#templates")
			a.poll(`document.querySelectorAll("#gallery-list .card").length > 10`, "the gallery")
			if bad := a.onTop(".cm-panel-lint .cm-diagnostic button"); !strings.Contains(bad, "under") {
				t.Errorf("the problem list's Fix shows over the gallery")
			}
			if hit := a.val(`(() => { const r = document.querySelector(".cm-panel-lint").getBoundingClientRect(), e = document.elementFromPoint(r.left + 10, r.top + 10); return e && e.closest(".cm-panel-lint") ? "the problem list" : ""; })()`); hit != "" {
				t.Errorf("%s shows over the gallery", hit)
			}
		})
	}
}
