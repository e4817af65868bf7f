package server

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// wheelParams are Input.dispatchMouseEvent's for a wheel, with both deltas
// always sent (the browser refuses the event without either, and cdproto
// leaves out a zero).
type wheelParams struct {
	Type      string  `json:"type"`
	X         float64 `json:"x"`
	Y         float64 `json:"y"`
	DeltaX    float64 `json:"deltaX"`
	DeltaY    float64 `json:"deltaY"`
	Modifiers int64   `json:"modifiers"`
}

var wheelEvent = cdp.Command[wheelParams, cdp.Empty]{Method: input.CommandDispatchMouseEvent}

// wheel turns the mouse wheel (or scrolls with two fingers on a
// touchpad) over the middle of the picture, with modifiers (input's
// bits: 1 Alt, 2 Ctrl, 4 Meta, 8 Shift).
func (a *app) wheel(dx, dy float64, modifiers int64) {
	a.t.Helper()
	r := val[[]float64](a, `(() => { const r = document.querySelector("#preview").getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	a.do("turning the wheel", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, wheelEvent, wheelParams{Type: "mouseWheel", X: r[0], Y: r[1], DeltaX: dx, DeltaY: dy, Modifiers: modifiers})
		return err
	}))
}

// TestBrowserWheelPans: the wheel over the picture pans it (it did
// nothing: the pane does not scroll, so a zoomed picture could only be
// dragged), Shift+wheel sideways, and Ctrl+wheel still zooms around the
// pointer; a finger drags the picture on a phone. At desktop and phone
// sizes.
func TestBrowserWheelPans(t *testing.T) {
	for _, sz := range []struct {
		name  string
		w, h  int64
		phone bool
	}{{"desktop", 1366, 800, false}, {"tablet", 1024, 768, false}, {"phone", 390, 844, true}, {"phone-small", 360, 740, true}} {
		t.Run(sz.name, func(t *testing.T) {
			a := newApp(t, sz.w, sz.h)
			if sz.phone {
				a.touchScreen()
				a.click(`#panes [data-pane="preview"]`)
			}
			a.poll(`!!document.querySelector("#stage svg .fz-node")`, "the picture")
			a.click("#zoom-in")
			pan := func() (float64, float64, float64) {
				p := val[[]float64](a, `[window.fzState.panX, window.fzState.panY, window.fzState.zoom]`)
				return p[0], p[1], p[2]
			}
			x0, y0, z0 := pan()
			a.wheel(0, 100, 0)
			a.poll(fmt.Sprintf(`Math.abs(window.fzState.panY - (%f)) < 0.5 && Math.abs(window.fzState.panX - (%f)) < 0.5 && Math.abs(window.fzState.zoom - %f) < 1e-4`, y0-100, x0, z0), "the wheel panning the picture up by 100 px")
			// The picture moved on the screen, not only in the state.
			if bad := a.val(fmt.Sprintf(`(() => { const m = document.querySelector("#stage svg").style.transform.match(/translate\(([-\d.]+)px, ([-\d.]+)px\)/);
				return m && Math.abs(+m[1] - (%f)) < 0.5 && Math.abs(+m[2] - (%f)) < 0.5 ? "" : document.querySelector("#stage svg").style.transform; })()`, x0, y0-100)); bad != "" {
				t.Errorf("the picture's transform after the wheel: %q", bad)
			}
			a.wheel(0, 60, 8) // Shift: sideways
			a.poll(fmt.Sprintf(`Math.abs(window.fzState.panX - (%f)) < 0.5 && Math.abs(window.fzState.panY - (%f)) < 0.5`, x0-60, y0-100), "Shift+wheel panning sideways")
			a.wheel(-40, 0, 0) // a touchpad's sideways scroll
			a.poll(fmt.Sprintf(`Math.abs(window.fzState.panX - (%f)) < 0.5`, x0-20), "a sideways scroll panning")
			a.wheel(0, -100, 2) // Ctrl: zoom in
			a.poll(fmt.Sprintf(`window.fzState.zoom > %f`, z0*1.05), "Ctrl+wheel zooming in")
			if _, _, z := pan(); math.Abs(z-z0*1.1) > 0.01 {
				t.Errorf("Ctrl+wheel zoomed to %f, want %f", z, z0*1.1)
			}
			a.click("#zoom-fit")
			a.poll(`document.querySelector("#zoom-level").textContent !== ""`, "the fit")
			if sz.phone {
				// A finger drags the picture.
				x1, y1, _ := pan()
				r := val[[]float64](a, `(() => { const r = document.querySelector("#preview").getBoundingClientRect(); return [r.left + r.width / 2, r.bottom - 40]; })()`)
				a.touch(r[0], r[1], true)
				a.touchMove(r[0]-50, r[1]-80)
				a.touchEnd()
				a.poll(fmt.Sprintf(`Math.abs(window.fzState.panX - (%f)) < 1 && Math.abs(window.fzState.panY - (%f)) < 1`, x1-50, y1-80), "a finger panning the picture")
			}
		})
	}
}

func (a *app) touchMove(x, y float64) {
	a.t.Helper()
	a.do("touch move", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchMove, TouchPoints: []*input.TouchPoint{{X: x, Y: y}}})
		return err
	}))
}
