package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"flowzap/internal/pipeline"
)

// The canvas tests drive the picture with real mouse, touch and key
// events (the DevTools protocol's Input domain) and check three things
// after every gesture: the code, the picture and the undo step.

const canvasCode = `ops { # Operations
  n1: circle label:"Start"
  n2: rectangle label:"Work"
  n3: diamond label:"OK?"
  // checked by hand
  n1.handle(right) -> n2.handle(left) [label="go"]
  n2.handle(right) -> n3.handle(left)
  n3.handle(right) -> back.n4.handle(left) [label="yes"]
  n3.handle(bottom) -> n2.handle(bottom) [label="no"]
  loop [retry] n2 n3
}
back { # Back office
  n4: taskbox label:"File it" owner:"Ann"
  n5: rectangle label:"Archive"
  n4.handle(right) -> n5.handle(left)
}
`

// where returns the window coordinates of a point of a picture element:
// the centre of a node, of an edge's label (or the middle of its line), of
// a lane's header, of a loop's title.
func (a *app) where(kind, id string) (float64, float64) {
	a.t.Helper()
	var p []float64
	ok := a.pollVal(fmt.Sprintf(`(() => {
		const svg = document.querySelector("#stage svg");
		if (!svg) return null;
		const g = [...svg.querySelectorAll('g[data-id="%s"]')].find((g) => g.classList.contains("fz-%s"));
		if (!g) return null;
		const c = (r) => [r.left + r.width / 2, r.top + r.height / 2];
		if ("%s" === "edge") {
			const lb = g.querySelector(":scope > rect");
			if (lb) return c(lb.getBoundingClientRect());
			const path = g.querySelector(":scope > path"), pt = path.getPointAtLength(path.getTotalLength() / 2);
			const m = path.getScreenCTM(), r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
			return [r.left + (pt.x - vb.x) * r.width / vb.width, r.top + (pt.y - vb.y) * r.height / vb.height];
		}
		if ("%s" === "lane") {
			const rects = g.querySelectorAll(":scope > rect");
			if (svg.classList.contains("workflow")) return c(rects[1].getBoundingClientRect());
			if (svg.classList.contains("sequence")) return c(rects[0].getBoundingClientRect());
			return c(g.querySelector(":scope > text").getBoundingClientRect());
		}
		if ("%s" === "loop") return c(g.querySelector(":scope > text").getBoundingClientRect());
		return c(g.getBoundingClientRect());
	})()`, id, kind, kind, kind, kind), &p)
	if !ok || len(p) != 2 {
		a.t.Fatalf("%s %s is not in the picture", kind, id)
	}
	return p[0], p[1]
}

// pollVal evaluates expr until it is not null and stores it in out.
func (a *app) pollVal(expr string, out *[]float64) bool {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		v, err := chromedp.Run(a.ctx, chromedp.Evaluate[[]float64](expr))
		if err == nil && v != nil {
			*out = v
			return true
		}
		time.Sleep(30 * time.Millisecond)
	}
	return false
}

func (a *app) mouse(typ input.DispatchMouseEventType, x, y float64, opts ...chromedp.MouseOption) {
	a.t.Helper()
	a.do("mouse "+string(typ), chromedp.MouseEvent(typ, x, y, opts...))
}

// clickAt clicks at a point (clicks: 2 for the second click of a double click).
func (a *app) clickAt(x, y float64, clicks int, mods ...kb.Modifier) {
	a.t.Helper()
	opts := []chromedp.MouseOption{chromedp.ButtonType(input.MouseButtonLeft), chromedp.ClickCount(clicks)}
	if len(mods) > 0 {
		opts = append(opts, chromedp.ButtonModifiers(mods...))
	}
	a.mouse(chromedp.MousePressed, x, y, opts...)
	a.mouse(chromedp.MouseReleased, x, y, opts...)
}

func (a *app) dblclickAt(x, y float64) {
	a.t.Helper()
	a.clickAt(x, y, 1)
	a.clickAt(x, y, 2)
}

// drag presses at (x0, y0), moves to (x1, y1) in steps and releases.
func (a *app) drag(x0, y0, x1, y1 float64) {
	a.t.Helper()
	left := chromedp.ButtonType(input.MouseButtonLeft)
	a.mouse(chromedp.MouseMoved, x0, y0)
	a.mouse(chromedp.MousePressed, x0, y0, left, chromedp.ClickCount(1))
	for i := 1; i <= 6; i++ {
		f := float64(i) / 6
		a.mouse(chromedp.MouseMoved, x0+(x1-x0)*f, y0+(y1-y0)*f, left, func(p *input.DispatchMouseEventParams) { p.Buttons = 1 })
	}
	a.mouse(chromedp.MouseReleased, x1, y1, left, chromedp.ClickCount(1))
}

// editorSelection returns the text selected in the editor.
func (a *app) editorSelection() string {
	return val[string](a, `(() => { const s = window.fzEditor.state.selection.main; return window.fzEditor.state.sliceDoc(s.from, s.to); })()`)
}

// view switches the preview's view and waits for its picture.
func (a *app) view(v string) {
	a.t.Helper()
	a.click(`#tabs [data-view="` + v + `"]`)
	a.poll(`document.querySelector("#stage svg")?.classList.contains("`+v+`") && document.querySelector("#stage").dataset.state === "fresh"`, v+" view")
}

// load puts code in the editor and waits for its picture.
func (a *app) load(code, view string) {
	a.t.Helper()
	a.setCode(code)
	if view != "" && !val[bool](a, `window.fzState.view === "`+view+`"`) {
		a.js(`document.querySelector('#tabs [data-view="` + view + `"]').click()`)
	}
	a.poll(`document.querySelector("#stage svg")?.classList.contains("`+view+`") && window.fzCanvas.inSync()`, "the picture of the code")
}

// undoable checks Ctrl+Z on the picture gives back before, and redo (Ctrl+Shift+Z) after.
func (a *app) undoable(before, after, what string) {
	a.t.Helper()
	a.js(`document.querySelector("#preview").focus()`)
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(before)+` && window.fzCanvas.inSync()`, "one Ctrl+Z undoing "+what)
	a.key("z", chromedp.KeyModifiers(inputCtrl|inputShift))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(after)+` && window.fzCanvas.inSync()`, "Ctrl+Shift+Z redoing "+what)
}

// TestCanvasSelection: clicking a node, an edge, a lane or a loop in every
// view selects its statement in the editor, and the cursor in the code
// marks its element in the picture; at desktop and phone sizes.
func TestCanvasSelection(t *testing.T) {
	a := newApp(t, 1440, 900)
	type pick struct{ kind, id, text string }
	picks := map[string][]pick{
		"workflow": {{"node", "n2", `n2: rectangle label:"Work"`}, {"edge", "e1", `n1.handle(right) -> n2.handle(left) [label="go"]`},
			{"edge", "e2", `n2.handle(right) -> n3.handle(left)`}, {"lane", "back", `back { # Back office`}, {"loop", "loop1", `loop [retry] n2 n3`}, {"node", "n4", `n4: taskbox label:"File it" owner:"Ann"`}},
		"sequence":     {{"edge", "e3", `n3.handle(right) -> back.n4.handle(left) [label="yes"]`}, {"lane", "ops", `ops { # Operations`}, {"node", "n1", `n1: circle label:"Start"`}, {"loop", "loop1", `loop [retry] n2 n3`}},
		"architecture": {{"node", "n3", `n3: diamond label:"OK?"`}, {"edge", "e1", `n1.handle(right) -> n2.handle(left) [label="go"]`}, {"lane", "back", `back { # Back office`}},
		"mindmap":      {{"node", "n2", `n2: rectangle label:"Work"`}, {"node", "n1", `n1: circle label:"Start"`}},
	}
	for _, sz := range []struct {
		name string
		w, h int64
	}{{"desktop", 1440, 900}, {"phone", 390, 844}} {
		a.size(sz.w, sz.h)
		a.load(canvasCode, "workflow")
		for _, view := range []string{"workflow", "sequence", "architecture", "mindmap"} {
			if sz.name == "phone" {
				a.click(`#panes [data-pane="preview"]`)
			}
			a.view(view)
			for _, p := range picks[view] {
				x, y := a.where(p.kind, p.id)
				a.clickAt(x, y, 1)
				a.poll(`document.querySelector("#stage svg").dataset.selected === "`+p.kind+":"+p.id+`"`, fmt.Sprintf("%s %s: %s %s selected", sz.name, view, p.kind, p.id))
				if got := a.editorSelection(); got != p.text {
					t.Errorf("%s %s: clicking %s %s selected %q in the editor, want %q", sz.name, view, p.kind, p.id, got, p.text)
				}
				if n := val[int](a, `document.querySelectorAll("#stage svg .fz-sel").length`); n != 1 {
					t.Errorf("%s %s: %d elements marked after clicking %s", sz.name, view, n, p.id)
				}
			}
			// A click on empty space clears the selection.
			a.clickAt(val[float64](a, `document.querySelector("#preview").getBoundingClientRect().right - 6`), val[float64](a, `document.querySelector("#preview").getBoundingClientRect().bottom - 6`), 1)
			a.poll(`document.querySelector("#stage svg").dataset.selected === ""`, view+": a click outside clearing the selection")
			if view == "workflow" && sz.name == "desktop" {
				a.axe("a node selected")
			}
			// The cursor in the code marks its element.
			if sz.name == "phone" {
				a.click(`#panes [data-pane="editor"]`)
			}
			for _, p := range picks[view] {
				a.js(`(() => { const v = window.fzEditor, i = v.state.doc.toString().indexOf(` + jsString(p.text) + `); v.focus(); v.dispatch({selection: {anchor: i + 2}}); })()`)
				a.poll(`document.querySelector("#stage svg").dataset.selected === "`+p.kind+":"+p.id+`"`, fmt.Sprintf("%s %s: the cursor on %s marking it", sz.name, view, p.id))
			}
			// The cursor on a keyboard click in the editor: a real click on line 3.
			if sz.name == "desktop" {
				a.js(`window.fzEditor.dispatch({selection: {anchor: 0}})`)
				x := val[float64](a, `(() => { const v = window.fzEditor, r = v.coordsAtPos(v.state.doc.line(3).from + 4); return r.left; })()`)
				y := val[float64](a, `(() => { const v = window.fzEditor, r = v.coordsAtPos(v.state.doc.line(3).from + 4); return (r.top + r.bottom) / 2; })()`)
				a.clickAt(x, y, 1)
				want := "node:n2"
				if view == "mindmap" || view == "workflow" || view == "architecture" || view == "sequence" {
					a.poll(`document.querySelector("#stage svg").dataset.selected === "`+want+`"`, view+": a click in the code on n2's line")
				}
			}
		}
	}
	a.size(1440, 900)
}

// ---------- gestures ----------

// typeInPlace waits for the in-place text field, replaces its text and
// presses Enter (or Escape with cancel).
func (a *app) typeInPlace(text string, cancel bool) {
	a.t.Helper()
	a.poll(`document.activeElement?.classList.contains("canvas-edit")`, "the in-place text field")
	a.js(`document.activeElement.select()`)
	a.key(text)
	if cancel {
		a.key(kb.Escape)
	} else {
		a.key(kb.Enter)
	}
	a.poll(`!document.querySelector(".canvas-edit")`, "the text field closed")
}

// codeHas waits for the code to contain every part and none of the
// parts starting with "!".
func (a *app) codeHas(what string, parts ...string) {
	a.t.Helper()
	var conds []string
	for _, p := range parts {
		if s, ok := strings.CutPrefix(p, "!"); ok {
			conds = append(conds, `!c.includes(`+jsString(s)+`)`)
		} else {
			conds = append(conds, `c.includes(`+jsString(p)+`)`)
		}
	}
	expr := `(() => { const c = window.fzEditor.state.doc.toString(); return ` + strings.Join(conds, " && ") + `; })()`
	if err := pollExpr(a.ctx, expr, 15*time.Second); err != nil {
		a.t.Fatalf("%s: the code does not have %q:\n%s", what, parts, a.code())
	}
}

// drawn waits for the picture to show (or, with "!", not to show) an
// element with a title.
func (a *app) drawn(what, sel string) {
	a.t.Helper()
	neg := strings.HasPrefix(sel, "!")
	sel = strings.TrimPrefix(sel, "!")
	expr := `!!document.querySelector(` + jsString("#stage svg "+sel) + `) && window.fzCanvas.inSync()`
	if neg {
		expr = `!document.querySelector(` + jsString("#stage svg "+sel) + `) && window.fzCanvas.inSync()`
	}
	a.poll(expr, what+": the picture")
}

// menu opens the context menu on an element with the right button and
// chooses an entry.
func (a *app) menu(kind, id, entry string) {
	a.t.Helper()
	x, y := a.where(kind, id)
	right := chromedp.ButtonType(input.MouseButtonRight)
	a.mouse(chromedp.MousePressed, x, y, right, chromedp.ClickCount(1))
	a.mouse(chromedp.MouseReleased, x, y, right, chromedp.ClickCount(1))
	a.poll(`!!document.querySelector("#canvas-menu") && document.activeElement.closest("#canvas-menu") !== null`, "the context menu of "+id)
	a.clickOn(`[...document.querySelectorAll("#canvas-menu button")].find((b) => b.textContent.replace(/^✓ /, "") === `+jsString(entry)+`)`, entry)
	a.poll(`!document.querySelector("#canvas-menu")`, "the menu closed")
}

// clickOn clicks, with the mouse, the middle of the element expr finds.
func (a *app) clickOn(expr, what string) {
	a.t.Helper()
	var p []float64
	if !a.pollVal(`(() => { const e = `+expr+`; if (!e) return null; e.scrollIntoView({block: "nearest"}); const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`, &p) {
		a.t.Fatalf("%s is not on the page", what)
	}
	a.clickAt(p[0], p[1], 1)
}

// TestCanvasGestures drives every mouse gesture of the workflow view and
// checks the code, the picture and one undo step for each.
func TestCanvasGestures(t *testing.T) {
	a := newApp(t, 1440, 900)
	a.load(canvasCode, "workflow")
	start := a.code()

	// The palette adds a node of each shape into the selected lane; its
	// label is typed in place; one Ctrl+Z takes node and label away.
	for i, shape := range []string{"circle", "rectangle", "diamond", "taskbox"} {
		x, y := a.where("lane", "back")
		a.clickAt(x, y, 1)
		a.poll(`document.querySelector("#stage svg").dataset.selected === "lane:back"`, "the lane selected")
		a.click("#canvas-add-" + shape)
		a.typeInPlace("New "+shape, false)
		a.codeHas("palette "+shape, `n6: `+shape+` label:"New `+shape+`"`, "  // checked by hand\n")
		a.drawn("palette "+shape, `g.fz-node.fz-`+shape+`[data-id="n6"]`)
		if !strings.Contains(a.code()[strings.Index(a.code(), "back {"):], "n6: ") {
			t.Errorf("the %s went to the wrong lane:\n%s", shape, a.code())
		}
		after := a.code()
		a.undoable(start, after, "adding a "+shape)
		a.key("z", chromedp.KeyModifiers(inputCtrl))
		a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")
		_ = i
	}

	// A double click on empty lane space adds a node of the palette's shape there.
	a.drawn("back to the start", `g[data-id="n5"]`)
	lx := val[float64](a, `(() => { const r = document.querySelector('#stage svg g.fz-lane[data-id="ops"] > rect').getBoundingClientRect(); return r.right - 20; })()`)
	ly := val[float64](a, `(() => { const r = document.querySelector('#stage svg g.fz-lane[data-id="ops"] > rect').getBoundingClientRect(); return r.top + 12; })()`)
	a.dblclickAt(lx, ly)
	a.typeInPlace("Late step", false)
	a.codeHas("double click", `n6: taskbox label:"Late step"`)
	a.drawn("double click", `g.fz-node[data-id="n6"]`)
	a.undoable(start, a.code(), "the double-click node")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")

	// Connect: drag from n1's bottom handle to the left side of n5.
	a.drawn("start", `g[data-id="n1"]`)
	x1, y1 := a.where("node", "n1")
	a.mouse(chromedp.MouseMoved, x1, y1)
	a.poll(`!!document.querySelector('#stage svg .fz-handle[data-node="n1"][data-side="bottom"]')`, "the handles of n1")
	hp := val[[]float64](a, `(() => { const r = document.querySelector('#stage svg .fz-handle[data-node="n1"][data-side="bottom"]').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	tp := val[[]float64](a, `(() => { const r = document.querySelector('#stage svg g.fz-node[data-id="n5"]').getBoundingClientRect(); return [r.left + 4, r.top + r.height / 2]; })()`)
	a.drag(hp[0], hp[1], tp[0], tp[1])
	a.codeHas("connect", `n1.handle(bottom) -> back.n5.handle(left)`)
	a.drawn("connect", `g.fz-edge[data-id="e5"]`)
	a.poll(`document.querySelector("#stage svg").dataset.selected === "edge:e5"`, "the new edge selected")
	a.undoable(start, a.code(), "connecting")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")

	// Clicking a selected edge edits its label.
	a.drawn("start", `g.fz-edge[data-id="e2"]`)
	ex, ey := a.where("edge", "e2")
	a.clickAt(ex, ey, 1)
	a.poll(`document.querySelector("#stage svg").dataset.selected === "edge:e2"`, "the edge selected")
	time.Sleep(500 * time.Millisecond) // not a double click
	a.clickAt(ex, ey, 1)
	a.typeInPlace("next", false)
	a.codeHas("edge label", `n2.handle(right) -> n3.handle(left) [label="next"]`)
	a.drawn("edge label", `g.fz-edge[data-id="e2"] > rect`)
	a.undoable(start, a.code(), "the edge label")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")

	// Double clicks edit in place: node label, edge label, lane title,
	// loop condition; Escape cancels.
	for _, c := range []struct{ kind, id, text, want string }{
		{"node", "n2", "Do the work", `n2: rectangle label:"Do the work"`},
		{"edge", "e1", "start", `n1.handle(right) -> n2.handle(left) [label="start"]`},
		{"lane", "back", "Back end", `back { # Back end`},
		{"loop", "loop1", "until done", `loop [until done] n2 n3`},
	} {
		a.drawn("start", `g[data-id="`+c.id+`"]`)
		x, y := a.where(c.kind, c.id)
		a.dblclickAt(x, y)
		a.typeInPlace("nothing", true)
		if a.code() != start {
			t.Fatalf("Escape changed the code:\n%s", a.code())
		}
		a.dblclickAt(x, y)
		a.typeInPlace(c.text, false)
		a.codeHas("editing "+c.id, c.want)
		a.undoable(start, a.code(), "editing "+c.id)
		a.key("z", chromedp.KeyModifiers(inputCtrl))
		a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")
	}
	// A slow double click (the system's double-click speed, or a page busy
	// enough to handle the second release late) still edits in place: the
	// browser counts the clicks, not the page's own 450 ms.
	a.drawn("start", `g[data-id="n3"]`)
	x, y := a.where("node", "n3")
	a.clickAt(x, y, 1)
	time.Sleep(700 * time.Millisecond)
	a.clickAt(x, y, 2)
	a.typeInPlace("Fine?", false)
	a.codeHas("a slow double click", `n3: diamond label:"Fine?"`)
	a.undoTo(start, "the slow double click")

	// Delete and Backspace remove the selection: a node with its edges.
	a.drawn("start", `g[data-id="n5"]`)
	x5, y5 := a.where("node", "n5")
	a.clickAt(x5, y5, 1)
	a.poll(`document.querySelector("#stage svg").dataset.selected === "node:n5"`, "n5 selected")
	a.key(kb.Delete)
	a.codeHas("delete", `!n5:`, `!-> n5`)
	a.drawn("delete", `!g[data-id="n5"]`)
	a.undoable(start, a.code(), "deleting n5")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")
	a.drawn("start", `g[data-id="e4"]`)
	ex, ey = a.where("edge", "e4")
	a.clickAt(ex, ey, 1)
	a.poll(`document.querySelector("#stage svg").dataset.selected === "edge:e4"`, "e4 selected")
	a.key(kb.Backspace)
	a.codeHas("backspace", `!n3.handle(bottom) -> n2.handle(bottom)`)
	a.undoable(start, a.code(), "deleting e4")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")

	// Dragging a node into another lane moves its statement; the edges
	// get their lane prefixes.
	a.drawn("start", `g[data-id="n5"]`)
	x5, y5 = a.where("node", "n5")
	_, oy := a.where("node", "n3")
	a.drag(x5, y5, x5, oy)
	a.codeHas("move to lane", `n4.handle(right) -> ops.n5.handle(left)`)
	if i, j := strings.Index(a.code(), "n5: rectangle"), strings.Index(a.code(), "back {"); i < 0 || i > j {
		t.Errorf("n5 is not in lane ops:\n%s", a.code())
	}
	a.undoable(start, a.code(), "moving n5")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")

	// The context menu: shape, taskbox fields, handle sides, a loop.
	a.drawn("start", `g[data-id="n2"]`)
	a.menu("node", "n2", "Shape: diamond")
	a.codeHas("shape", `n2: diamond label:"Work"`)
	a.drawn("shape", `g.fz-node.fz-diamond[data-id="n2"]`)
	a.undoable(start, a.code(), "the shape")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")
	for _, f := range []struct{ entry, text, want string }{{"Owner…", "Bob", `owner:"Bob"`}, {"Description…", "Files the form", `description:"Files the form"`}, {"System…", "ERP", `system:"ERP"`}} {
		a.drawn("start", `g[data-id="n4"]`)
		a.menu("node", "n4", f.entry)
		a.typeInPlace(f.text, false)
		a.codeHas(f.entry, f.want)
		a.undoable(start, a.code(), f.entry)
		a.key("z", chromedp.KeyModifiers(inputCtrl))
		a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")
	}
	a.drawn("start", `g[data-id="e1"]`)
	a.menu("edge", "e1", "Leaves from: bottom")
	a.codeHas("side", `n1.handle(bottom) -> n2.handle(left) [label="go"]`)
	a.undoable(start, a.code(), "the side")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")
	a.drawn("start", `g[data-id="e1"]`)
	a.menu("edge", "e1", "Arrives at: top")
	a.codeHas("side", `n1.handle(right) -> n2.handle(top) [label="go"]`)
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")
	// A loop over two nodes picked with Shift+click.
	a.drawn("start", `g[data-id="n4"]`)
	x4, y4 := a.where("node", "n4")
	a.clickAt(x4, y4, 1)
	x5, y5 = a.where("node", "n5")
	a.clickAt(x5, y5, 1, kb.ModifierShift)
	a.poll(`document.querySelectorAll("#stage svg .fz-sel").length === 2`, "two nodes picked")
	a.menu("node", "n5", "Add a loop over the selected nodes")
	a.typeInPlace("more files", false)
	a.codeHas("loop", `loop [more files] n4 n5`)
	a.drawn("loop", `g.fz-loop[data-id="loop2"]`)
	a.undoable(start, a.code(), "the loop")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")

	// The context menu on empty space: a lane, a node, Auto-layout.
	{
		px := val[float64](a, `document.querySelector("#preview").getBoundingClientRect().right - 8`)
		py := val[float64](a, `document.querySelector("#preview").getBoundingClientRect().bottom - 8`)
		right := chromedp.ButtonType(input.MouseButtonRight)
		a.mouse(chromedp.MousePressed, px, py, right, chromedp.ClickCount(1))
		a.mouse(chromedp.MouseReleased, px, py, right, chromedp.ClickCount(1))
		a.poll(`!!document.querySelector("#canvas-menu")`, "the menu on empty space")
		a.clickOn(`[...document.querySelectorAll("#canvas-menu button")].find((b) => b.textContent === "Add diamond")`, "Add diamond")
		a.typeInPlace("Anywhere", false)
		a.codeHas("the menu on empty space", `n6: diamond label:"Anywhere"`)
		back := a.code()
		a.undoable(start, back, "the menu's node")
		a.key("z", chromedp.KeyModifiers(inputCtrl))
		a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")
	}

	// Lanes: add one (its title typed in place gives its ID too).
	a.drawn("start", `g[data-id="back"]`)
	{
		x, y := a.where("lane", "back")
		a.clickAt(x, y, 1)
	}
	a.click("#canvas-add-lane")
	a.typeInPlace("Audit trail", false)
	a.codeHas("add lane", "AuditTrail { # Audit trail")
	a.drawn("add lane", `g.fz-lane[data-id="AuditTrail"]`)
	a.undoable(start, a.code(), "adding a lane")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")

	// The context menu reverses an edge (sides and label follow).
	a.drawn("start", `g[data-id="e1"]`)
	a.menu("edge", "e1", "Reverse direction")
	a.codeHas("reverse", `n2.handle(left) -> n1.handle(right) [label="go"]`, `!n1.handle(right) -> n2.handle(left)`)
	a.undoable(start, a.code(), "reversing e1")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")

	// Lanes: move one in the code, delete one (its nodes, their edges
	// and loop references go with it).
	a.drawn("start", `g[data-id="back"]`)
	a.menu("lane", "back", "Move lane earlier")
	a.poll(`window.fzEditor.state.doc.toString().indexOf("back {") < window.fzEditor.state.doc.toString().indexOf("ops {")`, "back moved before ops")
	a.drawn("move lane", `g.fz-lane[data-id="back"]`)
	if y0, y1 := val[float64](a, `document.querySelector('#stage svg g.fz-lane[data-id="back"] > rect').getBBox().y`), val[float64](a, `document.querySelector('#stage svg g.fz-lane[data-id="ops"] > rect').getBBox().y`); y0 >= y1 {
		t.Errorf("the lane moved in the code but not in the picture: back at %v, ops at %v", y0, y1)
	}
	a.undoable(start, a.code(), "moving the lane")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")
	a.drawn("start", `g[data-id="back"]`)
	{
		x, y := a.where("lane", "back")
		a.clickAt(x, y, 1)
	}
	a.poll(`document.querySelector("#stage svg").dataset.selected === "lane:back"`, "the lane selected")
	a.key(kb.Delete)
	a.codeHas("delete lane", `!back {`, `!n4`, `!n5`, `!-> back.`)
	a.drawn("delete lane", `!g.fz-lane[data-id="back"]`)
	a.undoable(start, a.code(), "deleting the lane")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")

	// Manual layout: dragging a node within its lane nudges it (on the
	// 8-pixel grid) into the @layout block; the picture moves it; the
	// Auto-layout button drops the block.
	a.drawn("start", `g[data-id="n5"]`)
	x5, y5 = a.where("node", "n5")
	bx := val[float64](a, `document.querySelector('#stage svg g.fz-node[data-id="n5"]').getBBox().x`)
	k := val[float64](a, `window.fzState.zoom`)
	a.drag(x5, y5, x5+60*k, y5+3)
	a.codeHas("nudge", "// @layout", "n5 dx=")
	a.drawn("nudge", `g[data-id="n5"]`)
	nudgedPicture(t, a, bx)
	nudged := a.code()
	a.undoable(start, nudged, "the nudge")
	a.click("#canvas-auto")
	a.codeHas("auto-layout", "!@layout")
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "the automatic layout again")
	a.undoable(nudged, start, "auto-layout")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")
	// Dragging a lane header reorders the lanes in the picture (the code
	// keeps its order; the layout block gives the drawing order).
	a.drawn("start", `g[data-id="back"]`)
	{
		x, y := a.where("lane", "back")
		_, oy := a.where("lane", "ops")
		a.drag(x, y, x, oy-30)
	}
	a.codeHas("reorder", "@layout lane order=back,ops")
	a.drawn("reorder", `g.fz-lane[data-id="back"]`)
	if y0, y1 := val[float64](a, `document.querySelector('#stage svg g.fz-lane[data-id="back"] > rect').getBBox().y`), val[float64](a, `document.querySelector('#stage svg g.fz-lane[data-id="ops"] > rect').getBBox().y`); y0 >= y1 {
		t.Errorf("the lane header drag did not reorder the picture: back at %v, ops at %v", y0, y1)
	}
	a.undoable(start, a.code(), "reordering lanes")
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo")
	if errs := a.rec.take(); len(errs) > 0 {
		t.Errorf("failing requests: %v", errs)
	}
}

// nudgedPicture checks the picture moved n5 by the nudge (56 px: the
// drag's 60 px on the 8-pixel grid).
func nudgedPicture(t *testing.T, a *app, bx float64) {
	t.Helper()
	if nx := val[float64](a, `document.querySelector('#stage svg g.fz-node[data-id="n5"]').getBBox().x`); math.Abs(nx-bx-56) > 8.5 {
		t.Errorf("the nudged node moved from x=%v to x=%v, want about 60 px right\n%s", bx, nx, a.code())
	}
}

// TestCanvasKeyboard: every gesture has a keyboard path, the controls are
// reached by Tab and focus stays visible.
func TestCanvasKeyboard(t *testing.T) {
	a := newApp(t, 1440, 900)
	a.load(canvasCode, "workflow")
	start := a.code()
	back := func(what string) {
		t.Helper()
		a.undoTo(start, what)
	}
	sel := func(want, what string) {
		t.Helper()
		a.poll(`document.querySelector("#stage svg").dataset.selected === "`+want+`"`, what)
	}

	// Tab reaches every canvas control, then the picture.
	a.js(`document.querySelector('#tabs [aria-selected="true"]').focus()`)
	var seen []string
	for i := 0; i < 20 && !val[bool](a, `document.activeElement === document.querySelector("#preview")`); i++ {
		a.key("\t")
		seen = append(seen, val[string](a, `document.activeElement.id`))
	}
	for _, id := range []string{"canvas-add-lane", "canvas-add-circle", "canvas-add-rectangle", "canvas-add-diamond", "canvas-add-taskbox", "canvas-connect", "canvas-delete", "canvas-auto"} {
		// A control folded into the bar's ⋯ menu is reached through ⋯
		// (TestBrowserToolbarMore drives its entries).
		if val[bool](a, `document.querySelector("#`+id+`").hasAttribute("data-folded") && !!document.querySelector('#bar-more-list [data-for="`+id+`"]')`) {
			id = "bar-more"
		}
		if !strings.Contains(" "+strings.Join(seen, " ")+" ", " "+id+" ") {
			t.Errorf("Tab does not reach #%s (reached %v)", id, seen)
		}
	}
	if !val[bool](a, `document.activeElement === document.querySelector("#preview") && getComputedStyle(document.querySelector("#preview")).outlineStyle !== "none"`) {
		t.Errorf("the picture is not reached by Tab with a visible focus (reached %v)", seen)
	}

	// Enter picks the first node, the arrows move between nodes; the
	// selection is drawn.
	a.key(kb.Enter)
	sel("node:n1", "Enter picking the first node")
	a.key(kb.ArrowRight)
	sel("node:n2", "ArrowRight to n2")
	if !val[bool](a, `!!document.querySelector("#stage svg .fz-ring")`) {
		t.Error("the selected node has no visible ring")
	}
	if got := a.editorSelection(); got != `n2: rectangle label:"Work"` {
		t.Errorf("the keyboard selection selected %q in the editor", got)
	}
	// Enter edits in place; Escape cancels.
	a.key(kb.Enter)
	a.typeInPlace("Keyed", true)
	a.key(kb.Enter)
	a.typeInPlace("Keyed", false)
	a.codeHas("Enter editing", `n2: rectangle label:"Keyed"`)
	back("the keyboard edit")
	// Delete removes.
	a.js(`document.querySelector("#preview").focus()`)
	sel("node:n2", "n2 still selected")
	a.key(kb.Delete)
	a.codeHas("Delete", `!n2: rectangle`, `!"Work"`)
	back("the keyboard delete")
	// Shift+F10 opens the context menu; arrows and Enter choose.
	a.js(`document.querySelector("#preview").focus(); window.fzCanvasSelect({kind: "node", id: "n2"})`)
	a.key(kb.F10, chromedp.KeyModifiers(inputShift))
	a.poll(`document.activeElement?.closest("#canvas-menu") && document.activeElement.textContent === "Edit text"`, "Shift+F10 opening the menu")
	a.key(kb.ArrowDown)
	a.key(kb.ArrowDown)
	a.key(kb.ArrowDown)
	a.poll(`document.activeElement.textContent.endsWith("Shape: diamond")`, "ArrowDown in the menu")
	a.key(kb.Enter)
	a.codeHas("menu by keyboard", `n2: diamond label:"Work"`)
	back("the shape by keyboard")
	// The ContextMenu key opens it too; Escape closes it and returns to the picture.
	a.js(`document.querySelector("#preview").focus()`)
	a.key(kb.ContextMenu)
	a.poll(`!!document.activeElement?.closest("#canvas-menu")`, "the ContextMenu key")
	a.key(kb.Escape)
	a.poll(`!document.querySelector("#canvas-menu") && document.activeElement === document.querySelector("#preview")`, "Escape closing the menu")
	// N adds a node after the selection, its label typed in place; one
	// undo. Escape on the new node's label takes the node back.
	a.key("n")
	a.typeInPlace("Dropped", true)
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "Escape taking the new node back")
	a.key("n")
	a.typeInPlace("Added", false)
	a.codeHas("N", `n6: rectangle label:"Added"`)
	if i, j := strings.Index(a.code(), "n6:"), strings.Index(a.code(), "back {"); i > j {
		t.Errorf("N put the node in the wrong lane:\n%s", a.code())
	}
	back("N")
	// C connects: the arrows choose the target, Enter writes the edge.
	a.js(`document.querySelector("#preview").focus(); window.fzCanvasSelect({kind: "node", id: "n1"})`)
	a.key("c")
	a.key(kb.ArrowDown)
	a.poll(`!!document.querySelector("#stage svg .fz-target")`, "the connect target shown")
	a.key(kb.Enter)
	a.poll(`/n1\.handle\(\w+\) -> back\.n[45]\.handle/.test(window.fzEditor.state.doc.toString())`, "C connecting n1 to a node of lane back")
	back("C")
	// Alt+ArrowDown moves the node to the next lane.
	a.js(`document.querySelector("#preview").focus(); window.fzCanvasSelect({kind: "node", id: "n3"})`)
	a.key(kb.ArrowDown, chromedp.KeyModifiers(inputAlt))
	a.codeHas("Alt+ArrowDown", `n3.handle(right) -> n4.handle(left) [label="yes"]`)
	if i, j := strings.Index(a.code(), "n3: diamond"), strings.Index(a.code(), "back {"); i < j {
		t.Errorf("Alt+ArrowDown did not move n3 into lane back:\n%s", a.code())
	}
	back("Alt+ArrowDown")
	// L selects the node's lane; Enter edits its title; Alt+arrows reorder it.
	a.js(`document.querySelector("#preview").focus(); window.fzCanvasSelect({kind: "node", id: "n4"})`)
	a.key("l")
	sel("lane:back", "L selecting the lane")
	a.key(kb.Enter)
	a.typeInPlace("Archive room", false)
	a.codeHas("lane title by keyboard", `back { # Archive room`)
	back("the lane title")
	a.js(`document.querySelector("#preview").focus(); window.fzCanvasSelect({kind: "lane", id: "back"})`)
	a.key(kb.ArrowUp, chromedp.KeyModifiers(inputAlt))
	a.codeHas("Alt+ArrowUp on a lane", "@layout lane order=back,ops")
	back("the lane reorder")
	// E walks the edges of a node, O the loops.
	a.js(`document.querySelector("#preview").focus(); window.fzCanvasSelect({kind: "node", id: "n1"})`)
	a.key("e")
	sel("edge:e1", "E selecting n1's edge")
	a.key(kb.Enter)
	a.typeInPlace("begin", false)
	a.codeHas("edge label by keyboard", `[label="begin"]`)
	back("the edge label")
	a.js(`document.querySelector("#preview").focus()`)
	a.key("o")
	sel("loop:loop1", "O selecting the loop")
	a.key(kb.Enter)
	a.typeInPlace("again", false)
	a.codeHas("loop by keyboard", `loop [again] n2 n3`)
	back("the loop condition")
	// Space adds nodes to the selection; the menu adds a loop over them.
	a.js(`document.querySelector("#preview").focus(); window.fzCanvasSelect({kind: "node", id: "n4"})`)
	a.key(" ")
	a.key(kb.ArrowRight)
	sel("node:n5", "ArrowRight to n5")
	a.key(" ")
	a.poll(`document.querySelectorAll("#stage svg .fz-sel").length === 2`, "two nodes picked by Space")
	a.key(kb.F10, chromedp.KeyModifiers(inputShift))
	a.poll(`!!document.activeElement?.closest("#canvas-menu")`, "the menu")
	a.js(`document.querySelector("#canvas-menu").querySelector("button:last-of-type").focus()`)
	a.key(kb.ArrowUp)
	a.poll(`document.activeElement.textContent === "Add a loop over the selected nodes"`, "the loop entry")
	a.key(kb.Enter)
	a.typeInPlace("more", false)
	a.codeHas("loop by keyboard", `loop [more] n4 n5`)
	back("the loop")
	// Shift+L adds a lane; Shift+arrows nudge.
	a.js(`document.querySelector("#preview").focus(); window.fzCanvasSelect({kind: "node", id: "n5"})`)
	a.key("L", chromedp.KeyModifiers(inputShift))
	a.typeInPlace("Audit", false)
	a.codeHas("Shift+L", "Audit { # Audit")
	back("Shift+L")
	a.js(`document.querySelector("#preview").focus(); window.fzCanvasSelect({kind: "node", id: "n5"})`)
	a.key(kb.ArrowRight, chromedp.KeyModifiers(inputShift))
	a.codeHas("Shift+ArrowRight", "@layout node n5 dx=8")
	back("the keyboard nudge")
	// Escape clears the selection; then the arrows pan again.
	a.js(`document.querySelector("#preview").focus(); window.fzCanvasSelect({kind: "node", id: "n5"})`)
	a.key(kb.Escape)
	sel("", "Escape clearing the selection")
	px := val[float64](a, `window.fzState.panX`)
	a.key(kb.ArrowLeft)
	a.poll(fmt.Sprintf(`window.fzState.panX > %f`, px+30), "the arrows panning without a selection")
	a.axe("keyboard selection")
}

// TestCanvasViews: the gestures that apply in the sequence, architecture
// and mind map views.
func TestCanvasViews(t *testing.T) {
	a := newApp(t, 1440, 900)
	a.load(canvasCode, "sequence")
	start := a.code()
	back := func(what string) {
		t.Helper()
		a.undoTo(start, what)
	}
	edit := func(kind, id, text, want string) {
		t.Helper()
		a.drawn("start", `g[data-id="`+id+`"]`)
		x, y := a.where(kind, id)
		a.dblclickAt(x, y)
		a.typeInPlace(text, false)
		a.codeHas(kind+" "+id, want)
		back("editing " + id)
	}
	// Sequence: a message is an edge, a participant a lane, a note a node.
	edit("edge", "e3", "approved", `n3.handle(right) -> back.n4.handle(left) [label="approved"]`)
	edit("lane", "back", "Records", `back { # Records`)
	edit("node", "n1", "Begin", `n1: circle label:"Begin"`)
	edit("loop", "loop1", "while open", `loop [while open] n2 n3`)
	a.drawn("start", `g[data-id="e4"]`)
	x, y := a.where("edge", "e4")
	a.clickAt(x, y, 1)
	a.poll(`document.querySelector("#stage svg").dataset.selected === "edge:e4"`, "a message selected")
	a.key(kb.Delete)
	a.codeHas("deleting a message", `!n3.handle(bottom) -> n2.handle(bottom)`)
	a.drawn("deleting a message", `!g.fz-edge[data-id="e5"]`)
	back("deleting a message")
	a.menu("edge", "e3", "Reverse direction")
	a.codeHas("reversing a message", `n4.handle(left) -> ops.n3.handle(right) [label="yes"]`)
	back("reversing a message")
	// Dragging a participant's header reorders the participants.
	a.drawn("start", `g[data-id="back"]`)
	x, y = a.where("lane", "back")
	ox, _ := a.where("lane", "ops")
	a.drag(x, y, ox-40, y)
	a.codeHas("participant order", "@layout lane order=back,ops")
	back("reordering participants")

	// Architecture: drag a component into another container; connect.
	a.view("architecture")
	a.drawn("start", `g[data-id="n2"]`)
	x, y = a.where("node", "n2")
	bx, by := a.where("node", "n5")
	a.drag(x, y, bx, by+20)
	a.codeHas("moving a component", `n1.handle(right) -> back.n2.handle(left) [label="go"]`)
	if i, j := strings.Index(a.code(), "n2: rectangle"), strings.Index(a.code(), "back {"); i < j {
		t.Errorf("n2 not moved into back:\n%s", a.code())
	}
	back("moving a component")
	edit("node", "n4", "File", `n4: taskbox label:"File"`)
	a.drawn("start", `g[data-id="n1"]`)
	x1, y1 := a.where("node", "n1")
	a.mouse(chromedp.MouseMoved, x1, y1)
	a.poll(`!!document.querySelector('#stage svg .fz-handle[data-node="n1"][data-side="right"]')`, "the handles of n1")
	hp := val[[]float64](a, `(() => { const r = document.querySelector('#stage svg .fz-handle[data-node="n1"][data-side="right"]').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	tp := val[[]float64](a, `(() => { const r = document.querySelector('#stage svg g.fz-node[data-id="n5"]').getBoundingClientRect(); return [r.left + r.width / 2, r.top + 3]; })()`)
	a.drag(hp[0], hp[1], tp[0], tp[1])
	a.codeHas("connecting components", `n1.handle(right) -> back.n5.handle(top)`)
	back("connecting components")

	// Mind map: nodes are edited, deleted and given fields.
	a.view("mindmap")
	edit("node", "n2", "Effort", `n2: rectangle label:"Effort"`)
	a.drawn("start", `g[data-id="n5"]`)
	x, y = a.where("node", "n5")
	a.clickAt(x, y, 1)
	a.poll(`document.querySelector("#stage svg").dataset.selected === "node:n5"`, "a mind map node selected")
	a.key(kb.Backspace)
	a.codeHas("deleting a mind map node", `!n5:`)
	back("deleting a mind map node")
	a.menu("node", "n2", "Owner…")
	a.typeInPlace("Lee", false)
	a.codeHas("owner in the mind map", `n2: rectangle label:"Work" owner:"Lee"`)
	back("the owner")
	if errs := a.rec.take(); len(errs) > 0 {
		t.Errorf("failing requests: %v", errs)
	}
}

// connectNodes drags from a side handle of one node to a side of another.
func (a *app) connectNodes(from, fromSide, to, toSide string) {
	a.t.Helper()
	a.drawn("before connecting", `g.fz-node[data-id="`+from+`"]`)
	x, y := a.where("node", from)
	a.mouse(chromedp.MouseMoved, x, y)
	var hp, tp []float64
	if !a.pollVal(`(() => { const h = document.querySelector('#stage svg .fz-handle[data-node="`+from+`"][data-side="`+fromSide+`"]'); if (!h) return null; const r = h.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`, &hp) {
		a.t.Fatalf("no %s handle on %s", fromSide, from)
	}
	a.pollVal(`(() => { const r = document.querySelector('#stage svg g.fz-node[data-id="`+to+`"]').getBoundingClientRect();
		const s = "`+toSide+`"; return s === "left" ? [r.left + 3, r.top + r.height / 2] : s === "right" ? [r.right - 3, r.top + r.height / 2] : s === "top" ? [r.left + r.width / 2, r.top + 3] : [r.left + r.width / 2, r.bottom - 3]; })()`, &tp)
	a.drag(hp[0], hp[1], tp[0], tp[1])
}

// TestCanvasBuildFromEmpty is the judging scenario: from an empty editor,
// a three-lane diagram with nodes and labelled edges built by gestures
// only; two nodes rearranged, a lane renamed, a node deleted and the
// deletion undone. The code then passes the strict check, survives a
// reload, and the CLI path draws exactly the app's picture, also after a
// later edit of the code. Gesture-to-picture times are logged (measured,
// not asserted; docs/benchmarks.md).
func TestCanvasBuildFromEmpty(t *testing.T) {
	a := newApp(t, 1440, 900)
	a.setCode("")
	a.poll(`document.querySelector("#stage").dataset.state === "empty"`, "the empty canvas")
	a.js(`window.fzCanvas.latencies = []`)

	// Three lanes from the toolbar, each titled in place.
	for _, title := range []string{"CI Pipeline", "Blue-Green Controller", "Load Balancer"} {
		a.click("#canvas-add-lane")
		a.typeInPlace(title, false)
	}
	a.codeHas("three lanes", "CIPipeline { # CI Pipeline", "BlueGreenController { # Blue-Green Controller", "LoadBalancer { # Load Balancer")
	a.drawn("three lanes", `g.fz-lane[data-id="LoadBalancer"]`)

	// Nodes: select a lane, pick a shape; each next node follows the
	// selected one.
	lanes := []struct {
		id    string
		nodes [][2]string
	}{
		{"CIPipeline", [][2]string{{"circle", "Start"}, {"rectangle", "Build new version"}, {"rectangle", "Run tests"}}},
		{"BlueGreenController", [][2]string{{"rectangle", "Deploy to green"}, {"diamond", "Tests passed?"}, {"rectangle", "Roll back"}}},
		{"LoadBalancer", [][2]string{{"rectangle", "Switch traffic"}, {"taskbox", "Watch errors"}, {"circle", "Done"}}},
	}
	n := 0
	for _, l := range lanes {
		x, y := a.where("lane", l.id)
		a.clickAt(x, y, 1)
		a.poll(`document.querySelector("#stage svg").dataset.selected === "lane:`+l.id+`"`, "lane "+l.id+" selected")
		for _, nd := range l.nodes {
			n++
			a.click("#canvas-add-" + nd[0])
			a.typeInPlace(nd[1], false)
			a.codeHas("node "+nd[1], fmt.Sprintf(`n%d: %s label:"%s"`, n, nd[0], nd[1]))
			a.drawn("node "+nd[1], fmt.Sprintf(`g.fz-node[data-id="n%d"]`, n))
		}
	}

	// Edges by dragging handles; labels by clicking an edge twice.
	for _, e := range [][4]string{
		{"n1", "right", "n2", "left"}, {"n2", "right", "n3", "left"}, {"n3", "bottom", "n4", "top"}, {"n4", "right", "n5", "left"},
		{"n5", "right", "n7", "left"}, {"n5", "bottom", "n6", "top"}, {"n7", "right", "n8", "left"}, {"n8", "right", "n9", "left"}, {"n6", "top", "n3", "bottom"},
	} {
		a.connectNodes(e[0], e[1], e[2], e[3])
		a.poll(`/`+e[0]+`\.handle\(`+e[1]+`\) -> (\w+\.)?`+e[2]+`\.handle\(`+e[3]+`\)/.test(window.fzEditor.state.doc.toString())`, "the edge "+e[0]+" -> "+e[2])
	}
	a.drawn("edges", `g.fz-edge[data-id="e9"]`)
	for _, l := range [][2]string{{"e3", "Deploy"}, {"e5", "Yes"}, {"e6", "No"}, {"e9", "Failed"}} {
		a.drawn("before the label", `g.fz-edge[data-id="`+l[0]+`"]`)
		x, y := a.where("edge", l[0])
		a.clickAt(x, y, 1)
		a.poll(`document.querySelector("#stage svg").dataset.selected === "edge:`+l[0]+`"`, l[0]+" selected")
		time.Sleep(500 * time.Millisecond) // two clicks, not a double click
		a.clickAt(x, y, 1)
		a.typeInPlace(l[1], false)
		a.codeHas("label "+l[1], `[label="`+l[1]+`"]`)
	}

	// Rearrange two nodes by dragging them within their lanes.
	k := val[float64](a, `window.fzState.zoom`)
	for _, m := range []struct {
		id     string
		dx, dy float64
	}{{"n2", 0, 32}, {"n8", 48, 0}} {
		a.drawn("before moving "+m.id, `g.fz-node[data-id="`+m.id+`"]`)
		x, y := a.where("node", m.id)
		a.drag(x, y, x+m.dx*k, y+m.dy*k)
		a.codeHas("moving "+m.id, "// @layout node "+m.id+" d")
	}

	// Rename a lane in place.
	a.drawn("before renaming", `g.fz-lane[data-id="LoadBalancer"]`)
	x, y := a.where("lane", "LoadBalancer")
	a.dblclickAt(x, y)
	a.typeInPlace("Traffic", false)
	a.codeHas("rename", "LoadBalancer { # Traffic")

	// Delete a node, then undo.
	a.drawn("before deleting", `g.fz-node[data-id="n6"]`)
	before := a.code()
	x, y = a.where("node", "n6")
	a.clickAt(x, y, 1)
	a.poll(`document.querySelector("#stage svg").dataset.selected === "node:n6"`, "n6 selected")
	a.key(kb.Delete)
	a.codeHas("delete", `!"Roll back"`)
	a.drawn("delete", `!g[data-id="n9"]`)
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(before)+` && window.fzCanvas.inSync()`, "the deletion undone")
	code := a.code()
	t.Logf("built by gestures:\n%s", code)
	if *screenshots != "" {
		x, y = a.where("node", "n5")
		a.clickAt(x, y, 1)
		a.poll(`document.querySelector("#stage svg").dataset.selected === "node:n5"`, "n5 selected for the screenshot")
		a.shot("app-canvas.png")
		a.js(`window.fzCanvasSelect(null)`)
	}

	// Strict check.
	if r := pipeline.Check("built.fz", []byte(code), pipeline.Options{Strict: true}); !r.OK() || len(r.Diags) > 0 {
		t.Errorf("the built diagram does not pass the strict check: %v\n%s", r.Diags, code)
	}
	// The CLI path draws the app's picture.
	a.sameAsCLI(code, "after building")

	a.logLatencies(20)
	a.reloadKeeps(code)

	// A later edit of the code keeps the adjustments.
	edited := strings.Replace(code, `label:"Run tests"`, `label:"Run all tests"`, 1)
	a.setCode(edited)
	a.poll(`window.fzCanvas.inSync()`, "the edited picture")
	a.sameAsCLI(edited, "after editing the code")
	var plain []string
	for _, line := range strings.Split(edited, "\n") {
		if !strings.Contains(line, "@layout") {
			plain = append(plain, line)
		}
	}
	if svgOf(t, edited) == svgOf(t, strings.Join(plain, "\n")) {
		t.Errorf("the layout block changes nothing in the picture after the edit")
	}
}

// svgOf renders code as the CLI does (workflow view, light theme).
func svgOf(t *testing.T, code string) string {
	t.Helper()
	r := pipeline.Check("input.fz", []byte(code), pipeline.Options{})
	if !r.OK() {
		t.Fatalf("the code has errors: %v", r.Diags)
	}
	var b strings.Builder
	if err := pipeline.Render(&b, r, pipeline.RenderOptions{View: "workflow", Format: "svg", Theme: "light"}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// sameAsCLI compares the app's picture (without the canvas's own marks)
// with the CLI's SVG of code, both read by the browser's XML parser.
func (a *app) sameAsCLI(code, when string) {
	a.t.Helper()
	want := svgOf(a.t, code)
	diff := val[string](a, `(() => {
		const clean = (svg) => {
			svg = svg.cloneNode(true);
			svg.querySelectorAll(".fz-ui, .fz-hit").forEach((e) => e.remove());
			svg.querySelectorAll(".fz-sel").forEach((e) => e.classList.remove("fz-sel"));
			svg.querySelectorAll("[data-dragging]").forEach((e) => { e.removeAttribute("data-dragging"); e.removeAttribute("transform"); });
			for (const at of ["style", "aria-hidden", "data-selected"]) svg.removeAttribute(at);
			return svg;
		};
		// Whitespace between elements is not part of the picture (the
		// preview's incremental update does not keep it).
		const canon = (e) => e.nodeType === 3 ? (e.data.trim() ? e.data : "") : e.nodeType !== 1 ? "" :
			"<" + e.localName + [...e.attributes].map((x) => " " + x.name + "=" + JSON.stringify(x.value)).sort().join("") + ">" + [...e.childNodes].map(canon).join("") + "</" + e.localName + ">";
		const mine = canon(clean(document.querySelector("#stage svg")));
		const ref = canon(new DOMParser().parseFromString(`+jsString(want)+`, "image/svg+xml").documentElement);
		if (mine === ref) return "";
		let i = 0;
		while (i < mine.length && mine[i] === ref[i]) i++;
		return "app: " + mine.slice(Math.max(0, i - 80), i + 120) + "\ncli: " + ref.slice(Math.max(0, i - 80), i + 120);
	})()`)
	if diff != "" {
		a.t.Errorf("%s: the app's picture differs from the CLI's:\n%s", when, diff)
	}
}

// ---------- latency ----------

// latencies returns the gesture-to-picture times recorded by the page.
// undoTo checks that the last gesture is one undo step back to start
// (a.undoable), then undoes it with Ctrl+Z and waits for start.
func (a *app) undoTo(start, what string) {
	a.t.Helper()
	a.undoable(start, a.code(), what)
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "undo of "+what)
}

// logLatencies logs the gesture-to-picture times by gesture and in all,
// and fails when fewer than least gestures were timed.
func (a *app) logLatencies(least int) {
	a.t.Helper()
	var all []float64
	for name, xs := range a.latencies() {
		all = append(all, xs...)
		a.t.Logf("gesture to picture, %-14s n=%2d p50 %5.0f ms p95 %5.0f ms", name, len(xs), percentile(xs, 0.5), percentile(xs, 0.95))
	}
	a.t.Logf("gesture to picture, all            n=%2d p50 %5.0f ms p95 %5.0f ms (%s)", len(all), percentile(all, 0.5), percentile(all, 0.95), val[string](a, `document.querySelector("#stage").dataset.engine`))
	if len(all) < least {
		a.t.Errorf("only %d gestures timed", len(all))
	}
}

// reloadKeeps reloads the app and checks that it keeps the code (the
// draft) and draws the CLI's picture of it.
func (a *app) reloadKeeps(code string) {
	a.t.Helper()
	a.open("/")
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(code)+` && window.fzCanvas.inSync()`, "the code after a reload")
	a.sameAsCLI(code, "after a reload")
}

func (a *app) latencies() map[string][]float64 {
	var out []struct {
		Name string  `json:"name"`
		Ms   float64 `json:"ms"`
	}
	s := val[string](a, `JSON.stringify(window.fzCanvas.latencies)`)
	if err := jsonUnmarshal(s, &out); err != nil {
		a.t.Fatal(err)
	}
	m := map[string][]float64{}
	for _, l := range out {
		m[l.Name] = append(m[l.Name], l.Ms)
	}
	return m
}

func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// touch sends a touch press (and, unless hold, its release) at a point.
func (a *app) touch(x, y float64, hold bool) {
	a.t.Helper()
	pt := []*input.TouchPoint{{X: x, Y: y}}
	a.do("touch start", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: pt})
		return err
	}))
	if !hold {
		a.touchEnd()
	}
}

// pinch sends a two-finger pinch on the preview pane: both fingers
// down around its centre, apart by from px, then moved apart to to px in
// a few steps, then lifted.
func (a *app) pinch(from, to float64) {
	a.t.Helper()
	r := val[[]float64](a, `(() => { const r = document.querySelector("#preview").getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	cx, cy := r[0], r[1]
	points := func(d float64) []*input.TouchPoint {
		one, two := 1.0, 2.0
		return []*input.TouchPoint{{X: cx - d/2, Y: cy, ID: &one}, {X: cx + d/2, Y: cy, ID: &two}}
	}
	send := func(typ input.DispatchTouchEventType, pts []*input.TouchPoint) {
		a.do("touch "+string(typ), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts})
			return err
		}))
	}
	send(input.DispatchTouchEventTypeTouchStart, points(from))
	for i := 1; i <= 5; i++ {
		send(input.DispatchTouchEventTypeTouchMove, points(from+(to-from)*float64(i)/5))
	}
	send(input.DispatchTouchEventTypeTouchEnd, []*input.TouchPoint{})
}

func (a *app) touchEnd() {
	a.t.Helper()
	a.do("touch end", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}})
		return err
	}))
}

// TestCanvasPhone: on a 390-pixel-wide phone the tools fit, a long press
// opens the context menu, taps select and double taps edit, and the
// toolbar's Undo takes a gesture back.
func TestCanvasPhone(t *testing.T) {
	a := newApp(t, 390, 844)
	a.click(`#panes [data-pane="preview"]`)
	a.load(canvasCode, "workflow")
	start := a.code()
	// A two-finger pinch zooms the picture (it did nothing: one pointer
	// panned, and the page itself may not zoom) and leaves the code alone.
	before := val[float64](a, `window.fzState.zoom`)
	a.pinch(60, 180)
	if after := val[float64](a, `window.fzState.zoom`); after < before*2.2 || after > before*3.8 || a.code() != start {
		t.Errorf("a pinch from 60 to 180 px zoomed %.3f -> %.3f (want about three times), code changed: %v", before, after, a.code() != start)
	}
	a.click("#zoom-fit")
	// On a touch screen the gallery does not focus its search (the
	// keyboard would cover the cards); its Close button has the focus.
	if _, err := chromedp.Call(a.ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5}); err != nil {
		t.Fatal(err)
	}
	a.poll(`matchMedia("(pointer: coarse)").matches`, "a coarse pointer")
	a.click("#templates")
	a.poll(`!document.querySelector("#gallery").hidden && document.activeElement.matches("#gallery .close")`, "the gallery opened with Close focused, not the search")
	a.key(kb.Escape)
	a.poll(`document.querySelector("#gallery").hidden`, "Escape closing the gallery")
	a.fitsWidth("phone, canvas tools")
	for _, id := range []string{"canvas-add-lane", "canvas-add-rectangle", "canvas-delete", "canvas-undo"} {
		// Shown in the bar, or folded into its ⋯ menu (then ⋯ is shown).
		if !val[bool](a, `(() => { const e = document.querySelector("#`+id+`"), r = (e.hasAttribute("data-folded") ? document.querySelector("#bar-more") : e).getBoundingClientRect(); return r.width >= 24 && r.right <= innerWidth && r.left >= 0; })()`) {
			t.Errorf("#%s is not usable on a phone", id)
		}
	}
	// A long press opens the menu on the node.
	x, y := a.where("node", "n2")
	a.touch(x, y, true)
	a.poll(`!!document.querySelector("#canvas-menu") && document.querySelector("#stage svg").dataset.selected === "node:n2"`, "a long press opening the menu")
	a.touchEnd()
	if !val[bool](a, `(() => { const r = document.querySelector("#canvas-menu").getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth; })()`) {
		t.Error("the context menu sticks out of the phone's screen")
	}
	a.axe("phone, context menu")
	a.clickOn(`[...document.querySelectorAll("#canvas-menu button")].find((b) => b.textContent.endsWith("Shape: circle"))`, "Shape: circle")
	a.codeHas("the menu on a phone", `n2: circle label:"Work"`)
	a.drawn("the menu on a phone", `g.fz-node.fz-circle[data-id="n2"]`)
	// The toolbar's Undo.
	a.click("#canvas-undo")
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "Undo on a phone")
	a.click("#canvas-redo")
	a.codeHas("Redo on a phone", `n2: circle label:"Work"`)
	a.click("#canvas-undo")
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(start)+` && window.fzCanvas.inSync()`, "Undo again")
	// A tap on a lane's header selects it; the palette adds a node there,
	// labelled in place.
	x, y = a.where("lane", "back")
	a.touch(x, y, false)
	a.poll(`document.querySelector("#stage svg").dataset.selected === "lane:back"`, "a tap selecting the lane")
	a.click("#canvas-add-rectangle")
	a.typeInPlace("Phoned in", false)
	a.codeHas("the palette on a phone", `n6: rectangle label:"Phoned in"`)
	a.drawn("the palette on a phone", `g.fz-node[data-id="n6"]`)
	// A double tap edits a node; the toolbar's Delete removes the selection.
	x, y = a.where("node", "n6")
	a.touch(x, y, false)
	a.touch(x, y, false)
	a.typeInPlace("Phoned", false)
	a.codeHas("a double tap", `n6: rectangle label:"Phoned"`)
	a.drawn("a double tap", `g.fz-node[data-id="n6"]`)
	x, y = a.where("node", "n6")
	a.touch(x, y, false)
	a.poll(`document.querySelector("#stage svg").dataset.selected === "node:n6"`, "a tap selecting n6")
	a.click("#canvas-delete")
	a.codeHas("Delete on a phone", `!n6:`)
	a.fitsWidth("phone, after the gestures")
	a.shot("app-canvas-phone.png")
}

// TestCanvasOutlinedLoop: a double click on the title of a loop drawn as
// an outline opens the condition's field at the title (not at the corner
// of the outline's bounding box, left of the box the title stands in),
// at desktop and phone sizes, and the typed condition lands in the code.
func TestCanvasOutlinedLoop(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int64
	}{{"desktop", 1440, 900}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			a := newApp(t, size.w, size.h)
			if size.name == "phone" {
				a.click(`#panes [data-pane="preview"]`)
			}
			// The interchange corpus's loop outline diagram: a box around
			// its loop's steps would take in three others.
			code, err := os.ReadFile("../../test/interchange/testdata/loop-outline.fz")
			if err != nil {
				t.Fatal(err)
			}
			a.load(string(code), "workflow")
			start := a.code()
			a.drawn("the outlined loop", `g.fz-loop[data-id="loop1"] > path`)
			if val[bool](a, `!!document.querySelector('#stage svg g.fz-loop[data-id="loop1"] > rect')`) {
				t.Fatal("the loop is drawn as a plain box; the test needs an outline")
			}
			x, y := a.where("loop", "loop1")
			a.dblclickAt(x, y)
			a.poll(`document.activeElement?.classList.contains("canvas-edit")`, "the condition's field")
			// The field starts just before the title (or as far left as it
			// must to stay on screen), well right of the outline's leftmost
			// point, where the corner of its bounding box is.
			off := val[[]float64](a, `(() => {
				const g = document.querySelector('#stage svg g.fz-loop[data-id="loop1"]');
				const title = g.querySelector(":scope > text").getBoundingClientRect(), frame = g.getBoundingClientRect();
				return [document.activeElement.getBoundingClientRect().left, title.left, frame.left];
			})()`)
			if len(off) != 3 {
				t.Fatalf("no positions: %v", off)
			}
			field, title, frame := off[0], off[1], off[2]
			if title-frame < 20 {
				t.Fatalf("the title is %.1f px from the outline's left: no step-in, the test tells nothing", title-frame)
			}
			if field > title+1 || field < frame+(title-frame)/2 {
				t.Errorf("the field starts at x %.1f; the title at %.1f, the outline's left at %.1f", field, title, frame)
			}
			a.typeInPlace("until approved", false)
			a.codeHas("the outlined loop's condition", `loop [until approved] n6 n3`)
			a.undoable(start, a.code(), "the outlined loop's condition")
		})
	}
}
