package server

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"flowzap/gallery"
)

// TestTemplatePagesInBrowser opens the template library in each language
// in headless Chromium: the list with its thumbnails, a search, a template
// page with its picture, a view tab, the copy button, and the editor
// opened from the page with the template's code.
func TestTemplatePagesInBrowser(t *testing.T) {
	ctx := browser(t)
	ts := newTest(t, filepath.Join(t.TempDir(), "pages.db"), Options{RateLimit: 1000, Burst: 1000})
	tm, _ := gallery.Get("event-driven-processing")
	for _, l := range pageLangs {
		must(t, chromedp.Do(ctx, chromedp.Navigate(ts.URL+l.prefix+"/templates")), "opening "+l.prefix+"/templates")
		poll(t, ctx, `document.documentElement.lang === `+strconv.Quote(l.code), "the page language")
		poll(t, ctx, `document.querySelectorAll("#results > li").length === `+strconv.Itoa(len(gallery.All())), "every template card")
		// Thumbnails load as images (they are lazy: scroll the first ones in).
		poll(t, ctx, `[...document.querySelectorAll("#results > li > img")].slice(0, 4).every(i => i.complete && i.naturalWidth > 0)`, "the first thumbnails")
		must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`input[name="q"]`), "outbox")), "typing a search")
		must(t, chromedp.Do(ctx, chromedp.Submit(chromedp.CSS(`input[name="q"]`))), "searching")
		must(t, chromedp.Do(ctx, chromedp.WaitReady("footer")), "the results page")
		poll(t, ctx, `location.search.includes("q=outbox") && !!document.querySelector('#results li[data-id="event-driven-processing"]')`, "the search results")

		follow(t, ctx, `#results li[data-id="event-driven-processing"] h2 a`, "opening the template")
		poll(t, ctx, `document.querySelector("h1").textContent === `+strconv.Quote(tm.Title.In(l.code)), "the template title")
		poll(t, ctx, `document.querySelector("#picture svg.workflow") && document.querySelectorAll("#picture svg g, #picture svg rect").length > 10`, "the workflow picture")
		poll(t, ctx, `document.querySelector("#picture svg").getBoundingClientRect().width > 300`, "a visible picture")
		poll(t, ctx, `!document.querySelector("button[data-copy]").hidden`, "the copy button")
		follow(t, ctx, `nav.tabs a[href$="view=sequence"]`, "the sequence tab")
		poll(t, ctx, `!!document.querySelector("#picture svg.sequence") && document.querySelector('nav.tabs a[aria-current="page"]').href.endsWith("view=sequence")`, "the sequence picture")
	}
	follow(t, ctx, "#open-editor", "opening the editor")
	poll(t, ctx, `document.body.dataset.ready === "1" && window.fzEditor && window.fzEditor.state.doc.toString().includes("checkout { # Checkout Service")`, "the template in the editor")
	poll(t, ctx, `!!document.querySelector("#stage svg.sequence")`, "the editor in the sequence view")
}

// follow goes where the link matching selector points, as a click would,
// and waits for the new page.
func follow(t *testing.T, ctx context.Context, selector, what string) {
	t.Helper()
	href := eval[string](t, ctx, `document.querySelector(`+strconv.Quote(selector)+`).href`)
	must(t, chromedp.Do(ctx, chromedp.Navigate(href)), what)
}
