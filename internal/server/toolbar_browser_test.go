package server

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// barRow lists what is wrong with the bar over the picture: a control
// outside the bar or the window, text clipped or wrapped, two controls on
// different rows or overlapping, a bar taller than one row, a folded
// control without its ⋯ entry (or ⋯ with nothing folded), a zoom level
// not shown.
const barRow = `(() => {
	const bar = document.querySelector(".preview-bar"), br = bar.getBoundingClientRect(), s = getComputedStyle(bar);
	const left = br.left + parseFloat(s.paddingLeft) - 0.5, right = br.right - parseFloat(s.paddingRight) + 0.5;
	const name = (e) => e.id || e.textContent.trim();
	const bad = [];
	const rs = [...bar.querySelectorAll("[role=tab], button, #zoom-level")]
		.filter((e) => e.getBoundingClientRect().width > 0 && !e.closest("[role=menu]") && getComputedStyle(e).position !== "absolute")
		.map((e) => [e, e.getBoundingClientRect()]);
	if (rs.length < 5) bad.push("only " + rs.length + " controls shown");
	for (const [e, r] of rs) {
		if (r.left < left || r.right > right) bad.push(name(e) + " outside the bar (" + Math.round(r.left) + ".." + Math.round(r.right) + " of " + Math.round(left) + ".." + Math.round(right) + ")");
		if (r.left < 0 || r.right > innerWidth) bad.push(name(e) + " outside the window");
		if (e.scrollWidth > e.clientWidth + 1) bad.push(name(e) + " clipped");
		const st = getComputedStyle(e), line = parseFloat(st.lineHeight) || parseFloat(st.fontSize) * 1.3;
		if (e.matches("button, [role=tab]") && r.height > 2 * line + parseFloat(st.paddingTop) + parseFloat(st.paddingBottom) - 2) bad.push(name(e) + " wraps");
		const mid = (r.top + r.bottom) / 2;
		for (const [f, q] of rs) if (mid < q.top || mid > q.bottom) { bad.push(name(e) + " and " + name(f) + " on two rows"); break; }
	}
	rs.sort((a, b) => a[1].left - b[1].left);
	for (let i = 1; i < rs.length; i++) if (rs[i][1].left < rs[i - 1][1].right - 0.5) bad.push(name(rs[i - 1][0]) + " overlaps " + name(rs[i][0]));
	const tallest = Math.max(...rs.map(([, r]) => r.height));
	if (br.height > tallest + parseFloat(s.paddingTop) + parseFloat(s.paddingBottom) + 2) bad.push("the bar is " + Math.round(br.height) + " px tall");
	const folded = [...bar.querySelectorAll("[data-folded]")], more = document.querySelector("#bar-more");
	if (folded.length && !more.offsetWidth) bad.push("controls folded without ⋯");
	if (!folded.length && more.offsetWidth) bad.push("⋯ with nothing folded");
	for (const b of folded) if (!document.querySelector('#bar-more-list [data-for="' + b.id + '"]')) bad.push(b.id + " folded without an entry");
	const z = document.querySelector("#zoom-level").getBoundingClientRect();
	if (!z.width || z.left < 0 || z.right > innerWidth || z.bottom > innerHeight || !/\d+%/.test(document.querySelector("#zoom-level").textContent)) bad.push("the zoom level is not shown");
	return bad.join(", ");
})()`

const foldedIDs = `[...document.querySelectorAll(".preview-bar [data-folded]")].map((b) => b.id).join(" ")`

// menuFits lists what of the open ⋯ menu is outside the window, and
// entries that do not match the folded controls.
const menuFits = `(() => {
	const bad = [], list = document.querySelector("#bar-more-list"), r = list.getBoundingClientRect();
	if (list.hidden || !r.width) return "the menu is not open";
	if (r.left < 0 || r.right > innerWidth || r.top < 0 || r.bottom > innerHeight) bad.push("the menu at " + Math.round(r.left) + ".." + Math.round(r.right) + " x " + Math.round(r.top) + ".." + Math.round(r.bottom));
	const shown = [...list.querySelectorAll("[role=menuitem]")].filter((i) => i.offsetWidth).map((i) => i.dataset.for).join(" ");
	const folded = [...document.querySelectorAll(".preview-bar [data-folded]")].map((b) => b.id).join(" ");
	if (shown !== folded) bad.push("entries " + shown + " for folded " + folded);
	for (const i of list.querySelectorAll("[role=menuitem]")) if (i.offsetWidth && (i.scrollWidth > i.clientWidth + 1 || !i.getAttribute("aria-label"))) bad.push(i.dataset.for + " clipped or unnamed");
	return bad.join(", ");
})()`

func (a *app) touchScreen() {
	a.t.Helper()
	if _, err := chromedp.Call(a.ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5}); err != nil {
		a.t.Fatal(err)
	}
}

// TestBrowserToolbarOneRow: at 1366, 1280 and 1024 px wide and on phones
// 390 and 360 px wide, in English, French and Chinese, the bar over the
// picture is one row with nothing clipped or overlapping: what does not
// fit is folded into ⋯, measured (a window resized or a language switched
// without a reload folds again), and the ⋯ menu fits the window.
func TestBrowserToolbarOneRow(t *testing.T) {
	a := newApp(t, 1366, 768)
	check := func(where string) {
		t.Helper()
		if bad := a.val(barRow); bad != "" {
			t.Errorf("%s: %s", where, bad)
		}
		a.fitsWidth(where)
	}
	// docs/webapp.md shows two of the pictures (make screenshots).
	shots := map[string]string{"en 1366": "app-toolbar-more.png", "fr 360": "app-toolbar-phone-fr.png"}
	menu := func(where, shot string) {
		t.Helper()
		if a.val(foldedIDs) == "" {
			return
		}
		a.do("opening ⋯", chromedp.Click(chromedp.ID("bar-more"), chromedp.NodeVisible))
		a.poll(`!document.querySelector("#bar-more-list").hidden`, "the ⋯ menu, "+where)
		if bad := a.val(menuFits); bad != "" {
			t.Errorf("%s, ⋯ open: %s", where, bad)
		}
		if shot != "" {
			a.shot(shot)
		}
		a.key(kb.Escape)
		a.poll(`document.querySelector("#bar-more-list").hidden && document.activeElement.id === "bar-more"`, "Escape closing ⋯, "+where)
	}
	for _, lang := range []string{"en", "fr", "zh"} {
		a.size(1366, 768)
		a.js(`localStorage.setItem("fz-lang", "` + lang + `")`)
		a.do("reloading", chromedp.Reload())
		a.poll(`document.documentElement.lang.startsWith("`+lang+`") && !!document.querySelector("#stage svg .fz-node")`, lang)
		// Desktop sizes: resized without a reload.
		for _, sz := range [][2]int64{{1366, 768}, {1280, 800}, {1024, 768}} {
			a.size(sz[0], sz[1])
			where := lang + " at " + strconv.Itoa(int(sz[0])) + "x" + strconv.Itoa(int(sz[1]))
			a.poll(`(`+barRow+`) === ""`, "one row, "+where)
			check(where)
			t.Logf("%s: folded %q", where, a.val(foldedIDs))
			menu(where, shots[lang+" "+strconv.Itoa(int(sz[0]))])
			if lang == "en" {
				a.axe(where + ", ⋯")
			}
		}
		// Phones: a touch screen from the start.
		for _, sz := range [][2]int64{{390, 844}, {360, 740}} {
			a.size(sz[0], sz[1])
			a.touchScreen()
			a.do("reloading", chromedp.Reload())
			a.poll(`document.documentElement.lang.startsWith("`+lang+`") && matchMedia("(pointer: coarse)").matches && !!document.querySelector("#stage svg .fz-node")`, lang+" on a touch screen")
			a.click(`#panes [data-pane="preview"]`)
			where := lang + " on a phone at " + strconv.Itoa(int(sz[0])) + "x" + strconv.Itoa(int(sz[1]))
			a.poll(`(`+barRow+`) === ""`, "one row, "+where)
			check(where)
			if bad := a.val(smallControls); bad != "" {
				t.Errorf("%s: controls under 40 x 40 px: %s", where, bad)
			}
			t.Logf("%s: folded %q", where, a.val(foldedIDs))
			menu(where, shots[lang+" "+strconv.Itoa(int(sz[0]))])
			if lang == "en" {
				a.axe(where)
			}
		}
		if _, err := chromedp.Call(a.ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: false}); err != nil {
			t.Fatal(err)
		}
	}

	// A language switched in the page folds again (the tabs' widths
	// change); so does the dark theme keep the look.
	a.size(1280, 800)
	a.do("reloading", chromedp.Reload())
	a.poll(`!!document.querySelector("#stage svg .fz-node")`, "the picture")
	for _, lang := range []string{"en", "fr", "zh", "en"} {
		a.js(`(() => { const s = document.querySelector("#lang"); s.value = "` + lang + `"; s.dispatchEvent(new Event("change")); })()`)
		a.poll(`document.documentElement.lang.startsWith("`+lang+`") && (`+barRow+`) === ""`, "one row after switching to "+lang)
		check(lang + " switched at 1280")
	}
	a.click("#theme")
	a.poll(`document.documentElement.dataset.theme === "dark"`, "the dark theme")
	check("dark at 1280")
	menu("dark at 1280", "")
	a.axe("dark at 1280")
}

// TestBrowserToolbarMore: every control folded into ⋯ works from its
// entry as its button does, chosen with the mouse (or a finger) and with
// the keyboard (Enter on ⋯, arrows, Enter or Space), at a desktop and a
// phone size; its key on the picture still works; ⋯ opens with Enter,
// Space or ↓, its arrows wrap, Home and End jump, Escape closes it and
// gives the focus back to ⋯, a click outside and Tab close it.
func TestBrowserToolbarMore(t *testing.T) {
	for _, size := range []struct {
		name  string
		w, h  int64
		phone bool
	}{{"desktop", 1024, 768, false}, {"phone", 390, 844, true}} {
		t.Run(size.name, func(t *testing.T) {
			a := newApp(t, size.w, size.h)
			if size.phone {
				a.touchScreen()
				a.do("reloading", chromedp.Reload())
				a.poll(`matchMedia("(pointer: coarse)").matches && !!document.querySelector("#stage svg .fz-node")`, "a touch screen")
				a.click(`#panes [data-pane="preview"]`)
			}
			a.load(canvasCode, "workflow")
			folded := strings.Fields(a.val(foldedIDs))
			t.Logf("folded: %v", folded)
			if len(folded) < 8 {
				t.Fatalf("only %v are folded at %dx%d: the test needs most of the tools folded", folded, size.w, size.h)
			}
			active := func() string { return a.val(`(document.activeElement.dataset.for || document.activeElement.id)`) }
			isOpen := func(open bool, what string) {
				t.Helper()
				want := "true"
				cond := `!document.querySelector("#bar-more-list").hidden`
				if !open {
					want, cond = "false", `document.querySelector("#bar-more-list").hidden`
				}
				a.poll(cond+` && document.querySelector("#bar-more").getAttribute("aria-expanded") === "`+want+`"`, what)
			}
			if got := a.val(`[...["aria-haspopup", "aria-expanded", "aria-controls"].map((n) => document.querySelector("#bar-more").getAttribute(n)), document.querySelector("#bar-more-list").getAttribute("role"), document.querySelector("#bar-more-list [role=menuitem]") ? "menuitem" : "none"].join(" ")`); got != "menu false bar-more-list menu menuitem" {
				t.Errorf("⋯ and its menu: %q", got)
			}

			// The menu's keys.
			a.js(`document.querySelector("#bar-more").focus()`)
			a.key(kb.Enter)
			isOpen(true, "Enter opening ⋯")
			if active() != folded[0] {
				t.Errorf("Enter on ⋯ focused %q, want the first entry %s", active(), folded[0])
			}
			a.key(kb.ArrowDown)
			if active() != folded[1] {
				t.Errorf("↓ went to %q, want %s", active(), folded[1])
			}
			a.key(kb.ArrowUp)
			a.key(kb.ArrowUp)
			if active() != folded[len(folded)-1] {
				t.Errorf("↑ from the first entry went to %q, want the last %s", active(), folded[len(folded)-1])
			}
			a.key(kb.ArrowDown)
			if active() != folded[0] {
				t.Errorf("↓ from the last entry went to %q, want the first %s", active(), folded[0])
			}
			a.key(kb.End)
			a.key(kb.Home)
			if active() != folded[0] {
				t.Errorf("End then Home went to %q", active())
			}
			a.key(kb.Escape)
			isOpen(false, "Escape closing ⋯")
			if active() != "bar-more" {
				t.Errorf("Escape left the focus on %q, want ⋯", active())
			}
			a.key(" ")
			isOpen(true, "Space opening ⋯")
			a.key(kb.Escape)
			isOpen(false, "Escape closing ⋯")
			a.key(kb.ArrowDown)
			isOpen(true, "↓ opening ⋯")
			a.key("\t")
			isOpen(false, "Tab closing ⋯")
			a.do("opening ⋯", chromedp.Click(chromedp.ID("bar-more"), chromedp.NodeVisible))
			isOpen(true, "a click opening ⋯")
			a.do("clicking ⋯ again", chromedp.Click(chromedp.ID("bar-more"), chromedp.NodeVisible))
			isOpen(false, "a second click closing ⋯")
			a.do("opening ⋯", chromedp.Click(chromedp.ID("bar-more"), chromedp.NodeVisible))
			isOpen(true, "a click opening ⋯")
			x := val[float64](a, `document.querySelector("#preview").getBoundingClientRect().left + 20`)
			y := val[float64](a, `document.querySelector("#preview").getBoundingClientRect().bottom - 20`)
			if size.phone {
				a.touch(x, y, false)
			} else {
				a.clickAt(x, y, 1)
			}
			isOpen(false, "a click outside closing ⋯")

			// Each folded control from its entry: with the mouse, then with
			// the keyboard (Enter, or Space every other time).
			for _, how := range []string{"mouse", "keyboard"} {
				for i, id := range folded {
					what := id + " chosen in ⋯ with the " + how
					choose := func() {
						t.Helper()
						if how == "mouse" {
							if !a.unfold("#" + id) {
								t.Fatalf("%s is not folded", id)
							}
							return
						}
						a.js(`document.querySelector("#bar-more").focus()`)
						a.key(kb.Enter)
						isOpen(true, "Enter opening ⋯ for "+id)
						for j := 0; j < i; j++ {
							a.key(kb.ArrowDown)
						}
						if active() != id {
							t.Fatalf("%s: the arrows reached %q", what, active())
						}
						if i%2 == 0 {
							a.key(kb.Enter)
						} else {
							a.key(" ")
						}
					}
					a.exerciseTool(id, what, size.phone, choose)
					isOpen(false, "⋯ closed after "+what)
				}
			}
			a.fitsWidth(size.name + ", after the tools")
		})
	}
}

// exerciseTool sets up what the control id acts on, chooses it (choose),
// and checks it did what its button does; then it loads canvasCode again.
func (a *app) exerciseTool(id, what string, phone bool, choose func()) {
	a.t.Helper()
	a.load(canvasCode, "workflow")
	// The whole picture (0 on the picture fits it), as a zoom chosen
	// before would stay.
	a.js(`document.querySelector("#preview").focus()`)
	a.key("0")
	a.poll(`window.fzState.autoFit`, "the picture fitted, for "+what)
	zoom := func() float64 { return val[float64](a, `window.fzState.zoom`) }
	pickNode := func() {
		a.t.Helper()
		x, y := a.where("node", "n1")
		if phone {
			a.touch(x, y, false)
		} else {
			a.clickAt(x, y, 1)
		}
		a.poll(`document.querySelector("#stage svg").dataset.selected === "node:n1"`, "n1 selected, for "+what)
	}
	switch id {
	case "zoom-in", "zoom-out":
		z := zoom()
		choose()
		want := z * 1.2
		if id == "zoom-out" {
			want = z / 1.2
		}
		a.poll(`Math.abs(window.fzState.zoom - `+strconv.FormatFloat(want, 'f', -1, 64)+`) < 0.005`, what+": the zoom from "+strconv.FormatFloat(z, 'f', 3, 64))
	case "zoom-fit":
		// Its key first: + on the picture zooms in, then Fit.
		a.js(`document.querySelector("#preview").focus()`)
		a.key("+")
		a.poll(`!window.fzState.autoFit`, "+ zooming in on the picture")
		choose()
		a.poll(`window.fzState.autoFit`, what+": fitted again")
	case "canvas-add-lane":
		pickNode()
		choose()
		a.typeInPlace("Menu lane", false)
		a.codeHas(what, "MenuLane { # Menu lane")
		a.drawn(what, `g.fz-lane[data-id="MenuLane"]`)
	case "canvas-add-circle", "canvas-add-rectangle", "canvas-add-diamond", "canvas-add-taskbox":
		shape := strings.TrimPrefix(id, "canvas-add-")
		pickNode()
		choose()
		a.typeInPlace("Menu "+shape, false)
		a.codeHas(what, ": "+shape+` label:"Menu `+shape+`"`)
		a.drawn(what, `g.fz-node.fz-`+shape)
	case "canvas-connect":
		pickNode()
		edges := strings.Count(a.code(), "->")
		choose()
		a.poll(`document.querySelector("#canvas-live").textContent.startsWith("Connect")`, what+": connect mode announced")
		x, y := a.where("node", "n5")
		if phone {
			a.touch(x, y, false)
		} else {
			a.clickAt(x, y, 1)
		}
		a.poll(`/n1\.handle\(\w+\) -> back\.n5\.handle\(\w+\)/.test(window.fzEditor.state.doc.toString()) && window.fzCanvas.inSync()`, what+": n1 -> back.n5 written")
		if n := strings.Count(a.code(), "->") - edges; n != 1 {
			a.t.Errorf("%s wrote %d edges, want 1", what, n)
		}
	case "canvas-delete":
		pickNode()
		choose()
		a.codeHas(what, `!label:"Start"`)
		a.drawn(what, `g.fz-node[data-id="n1"]`)
	case "canvas-auto":
		a.load(canvasCode+"\n// @layout v1\n// @layout node n2 dx=16 dy=8\n", "workflow")
		choose()
		a.codeHas(what, "!@layout")
	case "canvas-undo", "canvas-redo":
		before := a.code()
		pickNode()
		a.js(`document.querySelector("#preview").focus()`)
		a.key("n") // N on the picture adds a node, labelled in place
		a.typeInPlace("Keyed", false)
		a.codeHas("N on the picture", `label:"Keyed"`)
		after := a.code()
		if id == "canvas-redo" {
			a.js(`document.querySelector("#preview").focus()`)
			a.key("z", chromedp.KeyModifiers(inputCtrl))
			a.poll(`window.fzEditor.state.doc.toString() === `+jsString(before), "Ctrl+Z on the picture")
			choose()
			a.poll(`window.fzEditor.state.doc.toString() === `+jsString(after)+` && window.fzCanvas.inSync()`, what)
			return
		}
		choose()
		a.poll(`window.fzEditor.state.doc.toString() === `+jsString(before)+` && window.fzCanvas.inSync()`, what)
	default:
		a.t.Errorf("no check for the folded control %s", id)
	}
}
