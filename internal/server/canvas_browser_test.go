package server

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

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

// selected returns the picture's selection ("node:n2").
func (a *app) selected() string {
	return val[string](a, `document.querySelector("#stage svg")?.dataset.selected ?? ""`)
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

// ---------- latency ----------

// latencies returns the gesture-to-picture times recorded by the page.
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

var _ = strings.Contains
var _ = kb.Enter
var _ = pipeline.Check

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
