package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAssetsCached: in Chromium, the page's only CJK letters (the
// language menu's 中文) are drawn from their own small font, and the 4 MB
// CJK fallback font is fetched only for other CJK text (the Chinese
// interface); on a reload, every file the page names by its checksum (the
// bundle, the style sheet, the boot script, the fonts) comes from the
// browser's cache, not the network.
func TestBrowserAssetsCached(t *testing.T) {
	a := newApp(t, 1440, 900)
	fetched := func(name string) bool {
		return val[bool](a, `performance.getEntriesByType("resource").some((r) => new URL(r.name).pathname === `+"`/assets/"+name+"`"+`)`)
	}
	// 中文 in the page's last-resort CJK family alone: whatever fonts the
	// system has, the browser draws it from flowzap-cjk.
	a.js(`window.fzFonts = ""; document.fonts.load("16px flowzap-cjk", "中文").then(() => { window.fzFonts = "loaded"; }, (e) => { window.fzFonts = String(e); })`)
	a.poll(`window.fzFonts !== ""`, "the font of 中文")
	if got := val[string](a, `window.fzFonts`); got != "loaded" || !val[bool](a, `document.fonts.check("16px flowzap-cjk", "中文")`) {
		t.Fatalf("the font of 中文: %s", got)
	}
	if !fetched("fonts/cjk-label.ttf") {
		t.Error("中文 did not fetch its own font (fonts/cjk-label.ttf)")
	}
	if fetched("fonts/cjk-fallback.ttf") {
		t.Error("the English page fetched the 4 MB CJK fallback font")
	}
	// The Chinese interface needs the large font.
	a.do("choosing Chinese", chromedp.SetValue(chromedp.ID("lang"), "zh"), chromedp.Evaluate[chromedp.Void](`document.querySelector("#lang").dispatchEvent(new Event("change"))`))
	a.poll(`document.querySelector("#templates").textContent === "模板"`, "the Chinese interface")
	a.js(`window.fzFonts = ""; document.fonts.load("16px flowzap-cjk", "模板").then(() => { window.fzFonts = "loaded"; }, (e) => { window.fzFonts = String(e); })`)
	a.poll(`window.fzFonts !== ""`, "the font of 模板")
	if !fetched("fonts/cjk-fallback.ttf") || !val[bool](a, `document.fonts.check("16px flowzap-cjk", "模板")`) {
		t.Error("the Chinese interface did not get the CJK fallback font")
	}
	a.do("choosing English", chromedp.SetValue(chromedp.ID("lang"), "en"), chromedp.Evaluate[chromedp.Void](`document.querySelector("#lang").dispatchEvent(new Event("change"))`))

	// A reload: the files named by checksum come from the cache.
	a.open("/")
	a.js(`document.fonts.load("16px flowzap-cjk", "中文"); document.fonts.load("600 16px Inter", "a")`)
	a.poll(`document.fonts.status === "loaded"`, "the fonts")
	files := val[string](a, `performance.getEntriesByType("resource").filter((r) => r.name.includes("?v=")).map((r) => new URL(r.name).pathname + " " + r.transferSize).join("\n")`)
	for _, name := range []string{"app.js", "app.css", "boot.js", "fonts/Inter-Regular.ttf", "fonts/cjk-label.ttf"} {
		found := false
		for line := range strings.SplitSeq(files, "\n") {
			path, size, _ := strings.Cut(line, " ")
			if path == "/assets/"+name {
				found = true
				if size != "0" {
					t.Errorf("reload: %s came from the network (%s bytes), not the cache", name, size)
				}
			}
		}
		if !found {
			t.Errorf("reload: the page did not load %s by its checksum; it loaded:\n%s", name, files)
		}
	}
}
