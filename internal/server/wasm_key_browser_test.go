package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// keyTaskProbe marks each picture the app puts in the page while a
// keydown is being dispatched (between the window's first capture
// listener and its last bubble one): a picture drawn in the key's own
// task, before the frame that shows the key.
const keyTaskProbe = `window.fzInKey = false; window.fzKeyPics = [];
addEventListener("keydown", () => { window.fzInKey = true; }, true);
addEventListener("keydown", () => { window.fzInKey = false; });
addEventListener("keyup", () => { window.fzInKey = false; }, true);
addEventListener("fz-picture", (e) => { window.fzKeyPics.push({gen: e.detail.gen, inKey: window.fzInKey, text: document.querySelector("#stage svg")?.textContent || ""}); });`

// TestBrowserWasmKeyTask: a plain character typed in the editor is typed
// by the app itself, in the key's own task, with its picture (docs/wasm.md,
// "In the web app", step 1), and the editor behaves as if the browser had
// typed it: each character once, whether the driver sends a key as a
// keydown and a character event (chromedp) or as one keydown carrying its
// text (other drivers, a real keyboard); completions offered while typing
// code; a quick word undone in one step;
// a selection replaced; brackets and keys with modifiers the editor's
// way. At a desktop's and a phone's size.
func TestBrowserWasmKeyTask(t *testing.T) {
	needWasm(t)
	for _, size := range []struct {
		name string
		w, h int64
	}{{"desktop", 1440, 900}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			a, c := newProbedApp(t, "", keyTaskProbe)
			if size.w != 1440 {
				a.size(size.w, size.h)
				a.open("/")
			}
			a.poll(`window.fzEngine.mode === "local" && window.fzEngine.shared === true`, "the module, sharing memory with the page")
			// The wait is a tuning (10 ms by default); a generous one
			// here, so that a loaded machine still takes this path.
			a.js(`window.fzEngine.earlyMs = 5000`)
			a.setCode("ops { # Operations\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n  n1.handle(right) -> n2.handle(left)\n}\n")
			a.poll(`document.querySelector("#stage svg")?.textContent.includes("Work") && document.querySelector("#stage").dataset.state === "fresh"`, "the picture")
			cursor := func(after string) {
				a.t.Helper()
				a.js(`window.fzEditor.focus(); window.fzEditor.dispatch({selection: {anchor: window.fzEditor.state.doc.toString().indexOf(` + jsString(after) + `) + ` + fmt.Sprint(len(after)) + `}})`)
			}
			early := func() int { return val[int](a, `window.fzEngine.early`) }
			label := func() string {
				return val[string](a, `(window.fzEditor.state.doc.toString().match(/n2: rectangle label:"([^"]*)"/) || [])[1] ?? "?"`)
			}
			picture := func(gen int, what string) {
				a.t.Helper()
				a.poll(fmt.Sprintf(`window.fzKeyPics.some((p) => p.gen === %d) && document.querySelector("#stage").dataset.state === "fresh"`, gen), what)
			}
			c.take()

			// One key at a time: each is typed once, and its picture was
			// put in the page in the key's own task. Where the picture
			// cannot be seen (a phone showing the code), nothing waits
			// for it: the keys go the usual way.
			shown := val[bool](a, `document.querySelector("#preview").clientWidth > 0`)
			t.Logf("the picture shown while typing: %v", shown)
			cursor(`label:"Work`)
			before := early()
			for _, k := range "Go 2" {
				gen := val[int](a, `window.fzState.gen`)
				a.key(string(k))
				picture(gen+1, "the picture of "+string(k))
				if inKey := val[bool](a, fmt.Sprintf(`window.fzKeyPics.find((p) => p.gen === %d).inKey`, gen+1)); inKey != shown {
					t.Errorf("the picture of %q drawn in the key's own task: %v, want %v (the picture shown: %v)", k, inKey, shown, shown)
				}
			}
			if got := label(); got != "WorkGo 2" {
				t.Errorf("after typing \"Go 2\" the label is %q, want %q", got, "WorkGo 2")
			}
			if n, want := early()-before, map[bool]int{true: 4, false: 0}[shown]; n != want {
				t.Errorf("%d of 4 keys drawn in their own task, want %d (the picture shown: %v)", n, want, shown)
			}
			if !val[bool](a, `document.querySelector("#stage svg").textContent.includes("WorkGo 2")`) {
				t.Errorf("the picture does not show the typed label")
			}

			// Typing in the code offers completions, as when the browser
			// types (the editor's completion listens for typed input).
			cursor(`-> `)
			a.key("n")
			a.poll(`!!document.querySelector(".cm-tooltip-autocomplete")`, "completions offered while typing a node's ID")
			a.key(kb.Escape)
			a.key(kb.Backspace)
			a.poll(`window.fzEditor.state.doc.toString().includes("-> n2.handle(left)") && !document.querySelector(".cm-tooltip-autocomplete")`, "the ID's letter taken back")

			// A key sent as one keydown carrying its text: typed once.
			cursor(`label:"WorkGo 2`)
			gen := val[int](a, `window.fzState.gen`)
			a.do("a keydown with its text", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				k := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "x", Code: "KeyX", Text: "x", UnmodifiedText: "x", WindowsVirtualKeyCode: 88, NativeVirtualKeyCode: 88}
				if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, k); err != nil {
					return err
				}
				k.Type, k.Text, k.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
				_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, k)
				return err
			}))
			picture(gen+1, "the picture of x")
			if got := label(); got != "WorkGo 2x" {
				t.Errorf("after a keydown carrying \"x\" the label is %q, want %q", got, "WorkGo 2x")
			}

			// A word typed quickly after a pause is one step of the undo
			// history, as when the browser types it (the editor starts a
			// new step after 500 ms); Shift gives capitals.
			time.Sleep(700 * time.Millisecond)
			a.key("Abc")
			a.poll(`window.fzEditor.state.doc.toString().includes('label:"WorkGo 2xAbc"')`, "the quick word")
			a.key("z", chromedp.KeyModifiers(inputCtrl))
			a.poll(`!window.fzEditor.state.doc.toString().includes("Abc")`, "the word undone")
			if got := label(); got != "WorkGo 2x" {
				t.Errorf("one undo after a quick word left the label %q, want %q", got, "WorkGo 2x")
			}

			// A selection is replaced by the key.
			a.js(`(() => { const d = window.fzEditor.state.doc.toString(), at = d.indexOf('label:"WorkGo') + 7; window.fzEditor.dispatch({selection: {anchor: at, head: at + 4}}); })()`)
			a.key("P")
			a.poll(`window.fzEditor.state.doc.toString().includes('label:"PGo 2x"')`, "the selection replaced")

			// A bracket goes the editor's way (which may close it), not
			// this one.
			before = early()
			a.key("(")
			a.poll(`window.fzEditor.state.doc.toString().includes('label:"P(')`, "the bracket")
			if n := early() - before; n != 0 {
				t.Errorf("a bracket was typed by the app (%d)", n)
			}
			want := label()
			if want != "P(Go 2x" && want != "P()Go 2x" {
				t.Errorf("after a bracket the label is %q", want)
			}
			a.poll(`document.querySelector("#stage svg").textContent.includes(`+jsString(want)+`) && document.querySelector("#stage").dataset.state === "fresh"`, "the bracket's picture")
			if n := c.take(); n["/api/render"] > 0 {
				t.Errorf("%d renders asked of the server while typing", n["/api/render"])
			}
			if strings.Count(a.code(), want) != 1 {
				t.Errorf("the text after typing:\n%s", a.code())
			}
		})
	}
}
