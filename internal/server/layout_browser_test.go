package server

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserTabsOneRow: the view tabs stay on one row at 1366 px and
// wider.
func TestBrowserTabsOneRow(t *testing.T) {
	a := newApp(t, 1366, 768)
	for _, w := range []int64{1366, 1440, 1920} {
		a.size(w, 768)
		a.poll(`new Set([...document.querySelectorAll("#tabs [role=tab]")].map((b) => Math.round(b.getBoundingClientRect().top))).size === 1`, "the tabs on one row at "+a.val(`innerWidth`))
		a.fitsWidth(a.val(`innerWidth`) + " px")
	}
}

// smallControls lists the visible controls smaller than 40 x 40 px.
const smallControls = `(() => {
	const bad = [];
	for (const e of document.querySelectorAll("button, select, input:not([type=hidden]), [role=tab], [role=menuitem], a[href]")) {
		const r = e.getBoundingClientRect(), s = getComputedStyle(e);
		if (!r.width || !r.height || s.visibility === "hidden" || r.bottom < 0 || r.top > innerHeight || e.classList.contains("skip")) continue;
		if (r.width < 39.5 || r.height < 39.5) bad.push((e.id || e.getAttribute("aria-label") || e.textContent.trim().slice(0, 16)) + " " + Math.round(r.width) + "x" + Math.round(r.height));
	}
	return bad.join(", ");
})()`

// TestBrowserPhone: on a phone (coarse pointer) the header is one row
// with ☰ for the other actions, the picture gets most of the height, the
// zoom level shows, and every control, tab and menu entry is at least 40
// x 40 px.
func TestBrowserPhone(t *testing.T) {
	a := newApp(t, 390, 844)
	if _, err := chromedp.Call(a.ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5}); err != nil {
		t.Fatal(err)
	}
	a.poll(`matchMedia("(pointer: coarse)").matches`, "a coarse pointer")
	small := func(where string) {
		t.Helper()
		if bad := a.val(smallControls); bad != "" {
			t.Errorf("%s: controls under 40 x 40 px: %s", where, bad)
		}
	}
	a.click(`#panes [data-pane="preview"]`)
	a.poll(`!!document.querySelector("#stage svg .fz-node")`, "the picture")
	header := val[float64](a, `document.querySelector("header").getBoundingClientRect().height`)
	preview := val[float64](a, `document.querySelector("#preview").getBoundingClientRect().height`)
	t.Logf("phone: header %.0f px, picture pane %.0f of 844 px", header, preview)
	if header > 60 {
		t.Errorf("the header is %.0f px tall, want one row", header)
	}
	if preview < 0.65*844 {
		t.Errorf("the picture has %.0f px of 844", preview)
	}
	if !val[bool](a, `(() => { const r = document.querySelector("#zoom-level").getBoundingClientRect(); return r.width > 0 && r.right <= innerWidth && /\d+%/.test(document.querySelector("#zoom-level").textContent); })()`) {
		t.Error("the zoom level is not shown on a phone")
	}
	a.fitsWidth("phone")
	small("the diagram pane")

	// ☰ opens the other actions; a choice, Escape and a click outside close it.
	if val[bool](a, `document.querySelector("#templates").offsetWidth > 0`) {
		t.Error("the header's actions show before ☰")
	}
	a.do("tapping ☰", chromedp.Click(chromedp.ID("more"), chromedp.NodeVisible))
	a.poll(`document.querySelector("#templates").offsetWidth > 0 && document.querySelector("#more").getAttribute("aria-expanded") === "true"`, "the actions")
	a.fitsWidth("phone, ☰ open")
	small("the ☰ panel")
	a.axe("phone, ☰ open")
	a.do("opening Download", chromedp.Click(chromedp.ID("download"), chromedp.NodeVisible))
	a.poll(`!document.querySelector("#download-list").hidden`, "the Download menu")
	small("the Download menu")
	a.key(kb.Escape)
	a.poll(`document.querySelector("#download-list").hidden && document.querySelector("#templates").offsetWidth > 0`, "Escape closing the menu, the panel staying")
	a.key(kb.Escape)
	a.poll(`document.querySelector("#templates").offsetWidth === 0 && document.activeElement.id === "more"`, "Escape closing the panel")
	a.do("tapping ☰", chromedp.Click(chromedp.ID("more"), chromedp.NodeVisible))
	a.poll(`document.querySelector("#templates").offsetWidth > 0`, "the actions again")
	a.do("tapping outside", chromedp.MouseClickXY(200, 600))
	a.poll(`document.querySelector("#templates").offsetWidth === 0`, "a tap outside closing the panel")
	// Code and Diagram (in the header, beside ☰) close it too: it stayed
	// over the pane they show, hiding the view tabs.
	a.do("tapping ☰", chromedp.Click(chromedp.ID("more"), chromedp.NodeVisible))
	a.poll(`document.querySelector("#templates").offsetWidth > 0`, "the actions again")
	a.do("tapping Code", chromedp.Click(chromedp.CSS(`#panes [data-pane="editor"]`), chromedp.NodeVisible))
	a.poll(`document.body.dataset.pane === "editor" && document.querySelector("#templates").offsetWidth === 0 && document.querySelector("#more").getAttribute("aria-expanded") === "false"`, "Code closing the panel")
	a.do("tapping ☰", chromedp.Click(chromedp.ID("more"), chromedp.NodeVisible))
	a.do("tapping Diagram", chromedp.Click(chromedp.CSS(`#panes [data-pane="preview"]`), chromedp.NodeVisible))
	a.poll(`document.body.dataset.pane === "preview" && document.querySelector("#templates").offsetWidth === 0`, "Diagram closing the panel")
	if bad := a.onTop("#tabs [role=tab]"); bad != "" {
		t.Errorf("the view tabs after Diagram: %s", bad)
	}
	a.do("tapping ☰", chromedp.Click(chromedp.ID("more"), chromedp.NodeVisible))
	a.do("tapping Templates", chromedp.Click(chromedp.ID("templates"), chromedp.NodeVisible))
	a.poll(`!document.querySelector("#gallery").hidden && document.querySelector("#templates").offsetWidth === 0`, "the gallery, the panel closed")
	a.poll(`document.querySelectorAll("#gallery-list .card").length > 10`, "the cards")
	small("the gallery")
	a.key(kb.Escape)

	// The code pane and its problem list.
	a.click(`#panes [data-pane="editor"]`)
	a.setCode(broken)
	a.poll(`document.querySelectorAll(".cm-lintRange-error").length >= 1`, "the error")
	a.js(`window.fzOpenLintPanel()`)
	a.poll(`!!document.querySelector(".cm-panel-lint")`, "the problem list")
	small("the code pane with its problem list")

	// The canvas's context menu.
	a.setCode(smallDiagram)
	a.click(`#panes [data-pane="preview"]`)
	a.poll(`!!document.querySelector("#stage svg .fz-node")`, "the picture")
	a.js(`document.querySelector("#preview").focus()`)
	a.key(kb.Enter)
	a.key(kb.F10, chromedp.KeyModifiers(inputShift))
	a.poll(`!!document.querySelector(".canvas-menu")`, "the context menu")
	small("the context menu")
}

const smallDiagram = "ops { # Operations\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n  n1.handle(right) -> n2.handle(left)\n}\n"

// TestBrowserPhoneReadableZoom: on a phone a wide diagram opens at a zoom
// whose text can be read (it opened fitted to the width, at about a
// quarter of its size), from its start; Fit shows it whole, and a new
// picture opens readable again. A narrow window with a mouse still fits.
func TestBrowserPhoneReadableZoom(t *testing.T) {
	wide := "a { # Intake\n  n1: circle label:\"Start\"\n"
	for i := 2; i <= 16; i++ {
		wide += "  n" + strconv.Itoa(i) + ": rectangle label:\"Step number " + strconv.Itoa(i) + "\"\n"
	}
	for i := 1; i < 16; i++ {
		wide += "  n" + strconv.Itoa(i) + ".handle(right) -> n" + strconv.Itoa(i+1) + ".handle(left)\n"
	}
	wide += "}\n"
	a := newApp(t, 390, 844)
	a.click(`#panes [data-pane="preview"]`)
	a.load(wide, "workflow")
	fitted := val[float64](a, `window.fzState.zoom`)
	if fitted >= 0.4 {
		t.Fatalf("with a mouse the diagram is fitted at zoom %.2f; the test needs a wide diagram", fitted)
	}
	if _, err := chromedp.Call(a.ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5}); err != nil {
		t.Fatal(err)
	}
	a.poll(`matchMedia("(pointer: coarse)").matches`, "a coarse pointer")
	a.load(strings.Replace(wide, "Step number 2", "Step two", 1), "workflow") // a new picture, on a touch screen
	a.poll(`window.fzState.zoom >= 0.59`, "a readable zoom on a phone")
	// The text is at least 8 px tall and the first step is in the pane.
	text := val[float64](a, `Math.min(...[...document.querySelectorAll("#stage svg .fz-node text")].slice(0, 3).map((e) => e.getBoundingClientRect().height))`)
	if text < 8 {
		t.Errorf("node text is %.1f px tall on a phone, want at least 8", text)
	}
	if !val[bool](a, `(() => { const p = document.querySelector("#preview").getBoundingClientRect(), n = document.querySelector('#stage svg g.fz-node[data-id="n1"]').getBoundingClientRect();
		return n.left >= p.left && n.right <= p.right && n.top >= p.top && n.bottom <= p.bottom; })()`) {
		t.Error("the diagram's first step is not in the pane")
	}
	a.shot("phone-readable.png")
	if level := a.val(`document.querySelector("#zoom-level").textContent`); level != "60%" {
		t.Errorf("the zoom level shows %q, want 60%%", level)
	}
	// Fit shows the whole diagram; the 0 key too, after a zoom.
	a.click("#zoom-fit")
	a.poll(`window.fzState.zoom < 0.4 && window.fzState.autoFit`, "Fit showing the whole diagram")
	a.click("#zoom-in")
	a.js(`document.querySelector("#preview").focus()`)
	a.key("0")
	a.poll(`window.fzState.zoom < 0.4 && window.fzState.autoFit`, "0 showing the whole diagram")
	// Another view is a new picture: readable again.
	a.click(`#tabs [data-view="sequence"]`)
	a.poll(`document.querySelector("#stage svg")?.classList.contains("sequence")`, "the sequence view")
	a.click(`#tabs [data-view="workflow"]`)
	a.poll(`document.querySelector("#stage svg")?.classList.contains("workflow") && window.fzState.zoom >= 0.59`, "the workflow view readable again")
}

// TestBrowserPhoneLanguages: on phones 390 and 360 px wide, in each
// language of the app, the header and the view tabs stay on one row each
// and nothing is cut off at the right.
func TestBrowserPhoneLanguages(t *testing.T) {
	a := newApp(t, 390, 844)
	for _, lang := range []string{"en", "fr", "zh"} {
		for _, w := range []int64{390, 360} {
			a.size(w, 800)
			if _, err := chromedp.Call(a.ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5}); err != nil {
				t.Fatal(err)
			}
			a.js(`localStorage.setItem("fz-lang", "` + lang + `")`)
			a.do("reloading", chromedp.Reload())
			a.poll(`document.documentElement.lang.startsWith("`+lang+`") && matchMedia("(pointer: coarse)").matches && !!document.querySelector("#stage svg .fz-node")`, lang+" on a touch screen")
			a.click(`#panes [data-pane="preview"]`)
			where := lang + " at " + strconv.Itoa(int(w)) + " px"
			a.poll(`new Set([...document.querySelectorAll("#tabs [role=tab]")].map((b) => Math.round(b.getBoundingClientRect().top))).size === 1`, "the tabs on one row, "+where)
			rows := a.val(`(() => { const bad = [];
				for (const e of document.querySelectorAll("#tabs [role=tab], header button, header input")) {
					const r = e.getBoundingClientRect(), s = getComputedStyle(e), line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.3;
					if (r.width && e.scrollWidth > e.clientWidth + 1) bad.push((e.id || e.textContent.trim()) + " clipped");
					if (r.width && e.matches("[role=tab], button") && r.height > 2 * line + parseFloat(s.paddingTop) + parseFloat(s.paddingBottom) - 2) bad.push((e.id || e.textContent.trim()) + " wraps");
				}
				const tops = new Set([...document.querySelectorAll("header > *")].filter((e) => e.getBoundingClientRect().width).map((e) => Math.round(e.getBoundingClientRect().top / 20)));
				if (tops.size > 1) bad.push("header on " + tops.size + " rows");
				return bad.join(", "); })()`)
			if rows != "" {
				t.Errorf("%s: %s", where, rows)
			}
			a.fitsWidth(where)
			a.shot("phone-" + lang + "-" + strconv.Itoa(int(w)) + ".png")
		}
	}
}

// downloadMenuOut says where the open Download menu leaves the window,
// or "" when it is inside it.
const downloadMenuOut = `(() => {
	const list = document.querySelector("#download-list"), r = list.getBoundingClientRect();
	if (list.hidden || !r.width) return "the menu is not open";
	if (r.left < 0 || r.right > innerWidth || r.top < 0 || r.bottom > innerHeight) return "the menu at " + Math.round(r.left) + ".." + Math.round(r.right) + " x " + Math.round(r.top) + ".." + Math.round(r.bottom) + " in " + innerWidth + " x " + innerHeight;
	return "";
})()`

// TestBrowserDownloadMenuInside: the Download menu stays inside the
// window on a phone wherever its button lands in the ☰ panel (at the end
// of a row, with History shown for a saved diagram, it went past the
// screen's right edge and cut off its entries), in every language; on a
// landscape phone, where it is taller than the window, it scrolls, and a
// finger reaches its last entry.
func TestBrowserDownloadMenuInside(t *testing.T) {
	a := newApp(t, 390, 844)
	a.touchScreen()
	a.poll(`matchMedia("(pointer: coarse)").matches`, "a coarse pointer")
	a.click("#save")
	a.poll(`location.pathname.startsWith("/d/") && !document.querySelector("#edit-link-dialog").hidden`, "the saved diagram")
	a.key(kb.Escape)
	a.poll(`document.querySelector("#edit-link-dialog").hidden && !document.querySelector("#history").hidden`, "History shown")
	for _, lang := range []string{"en", "fr", "zh"} {
		a.chooseLanguage(lang)
		for _, w := range []int64{390, 360} {
			a.size(w, 800)
			a.touchScreen() // a new viewport turns touch off
			where := lang + " at " + strconv.Itoa(int(w)) + " px"
			a.click("#download")
			a.poll(`!document.querySelector("#download-list").hidden`, "the Download menu, "+where)
			if out := a.val(downloadMenuOut); out != "" {
				t.Errorf("%s, Download at %s: %s", where, a.val(`(() => { const r = document.querySelector("#download").getBoundingClientRect(); return Math.round(r.left) + ".." + Math.round(r.right); })()`), out)
			}
			a.shot("download-" + lang + "-" + strconv.Itoa(int(w)) + ".png")
			// The panel's rows reflow while the menu is open (a font
			// arriving late, History shown): the menu stays inside.
			for _, reflow := range []string{`document.querySelector("#history").hidden = true`, `document.querySelector("#download").style.marginLeft = "120px"`, `document.querySelector("#download").style.marginLeft = ""; document.querySelector("#history").hidden = false`} {
				a.js(reflow)
				if out := a.val(downloadMenuOut); out != "" {
					t.Errorf("%s, after %s: %s", where, reflow, out)
				}
			}
			a.key(kb.Escape)
			a.key(kb.Escape)
			a.poll(`document.querySelector("#download-list").hidden && !document.querySelector("header").hasAttribute("data-open")`, "the menu and the panel closed")
		}
	}
	a.chooseLanguage("en")
	a.size(844, 390)
	a.touchScreen()
	a.poll(`matchMedia("(pointer: coarse)").matches`, "a coarse pointer")
	a.click("#download")
	a.poll(`!document.querySelector("#download-list").hidden`, "the Download menu on a landscape phone")
	if out := a.val(downloadMenuOut); out != "" {
		t.Errorf("landscape phone: %s", out)
	}
	// A finger scrolls the menu to its end and taps the last entry.
	a.js(`window.fzLastDownload = ""; const l = document.querySelector("#download-list"); l.scrollTop = l.scrollHeight`)
	pt := val[[]float64](a, `(() => { const r = document.querySelector("#download-list [data-download=make]").getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	if pt[1] > val[float64](a, `innerHeight`) {
		t.Fatalf("the last entry is out of reach at y %.0f", pt[1])
	}
	a.do("tapping the last entry", chromedp.TapXY(pt[0], pt[1]))
	a.poll(`window.fzLastDownload.endsWith(".make.json")`, "the last entry's download")
}

// TestBrowserHeaderFits: on a laptop (1280 to 1440 px) the header keeps
// every action inside the window in every language, for a saved diagram
// too (History shown) and one opened without its token (Save a copy): in
// French, Historique and Enregistrer une copie pushed the language menu
// out of the window at 1280 and 1366 px, where nobody could switch back.
func TestBrowserHeaderFits(t *testing.T) {
	a := newApp(t, 1280, 800)
	a.click("#save")
	a.poll(`location.pathname.startsWith("/d/") && !document.querySelector("#edit-link-dialog").hidden`, "the saved diagram")
	a.key(kb.Escape)
	check := func(who string) {
		t.Helper()
		for _, lang := range []string{"en", "fr", "zh"} {
			a.chooseLanguage(lang)
			for _, w := range []int64{1280, 1366, 1440} {
				a.size(w, 800)
				a.fitsWidth(who + ", " + lang + " at " + strconv.Itoa(int(w)) + " px")
			}
		}
		a.chooseLanguage("en")
	}
	check("the owner")
	a.js(`localStorage.removeItem("fz-tokens")`)
	a.open(a.val(`location.pathname`))
	a.poll(`document.querySelector("#save").textContent === "Save a copy" && !document.querySelector("#history").hidden`, "the page without the token")
	check("without the token")
}
