package server

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserGalleryCategoryFocus: a category of the gallery chosen from
// the keyboard (Enter, Space) or by a tap keeps the focus on its button,
// pressed, so Tab goes on inside the dialog and Escape still closes it
// (the buttons were made anew and the focus fell out of the dialog onto
// the page). At desktop and phone sizes, in English and French.
func TestBrowserGalleryCategoryFocus(t *testing.T) {
	for _, sz := range []struct {
		name  string
		w, h  int64
		phone bool
		lang  string
	}{{"desktop", 1366, 800, false, "en"}, {"tablet-fr", 1024, 768, false, "fr"}, {"phone", 390, 844, true, "en"}, {"phone-fr", 360, 740, true, "fr"}} {
		t.Run(sz.name, func(t *testing.T) {
			a := newApp(t, sz.w, sz.h)
			if sz.phone {
				a.touchScreen()
			}
			if sz.lang != "en" {
				a.chooseLanguage(sz.lang)
			}
			a.click("#templates")
			a.poll(`document.querySelectorAll("#gallery-list .card").length >= 30 && document.querySelectorAll("#gallery-cats button").length > 3`, "the gallery")
			focused := func(cat, what string) {
				t.Helper()
				a.poll(`document.activeElement.closest("#gallery-cats") && document.activeElement.dataset.category === `+jsString(cat)+
					` && document.activeElement.getAttribute("aria-pressed") === "true" && document.querySelectorAll("#gallery-list .card").length > 0`+
					` && [...document.querySelectorAll("#gallery-list .card")].every((c) => `+jsString(cat)+` !== "mindmaps" || c.dataset.id.startsWith("mindmap"))`, what)
			}
			if sz.phone {
				a.tapOrClick(`#gallery-cats button:last-child`, true)
				cat := a.val(`document.querySelector("#gallery-cats button:last-child").dataset.category`)
				focused(cat, "the tapped category pressed and focused")
				a.tapOrClick(`#gallery-cats button:first-child`, true)
				focused("", "All pressed and focused")
			} else {
				// Tab from the search to the first category (All), on to the last.
				a.js(`document.querySelector("#gallery-search").focus()`)
				a.key(kb.Tab)
				a.poll(`document.activeElement === document.querySelector("#gallery-cats button")`, "All focused by Tab")
				n := val[int](a, `document.querySelectorAll("#gallery-cats button").length`)
				for range n - 1 {
					a.key(kb.Tab)
				}
				cat := a.val(`document.activeElement.dataset.category`)
				a.key(kb.Enter)
				focused(cat, "the category chosen by Enter pressed and focused")
				a.key(kb.Tab, chromedp.KeyModifiers(inputShift))
				a.key(" ")
				prev := a.val(`document.activeElement.dataset.category`)
				focused(prev, "the category chosen by Space pressed and focused")
			}
			a.key(kb.Escape)
			a.poll(`document.querySelector("#gallery").hidden`, "Escape closing the gallery after a category")
		})
	}
}
