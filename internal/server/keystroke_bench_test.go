package server

import (
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var keystrokeBench = flag.Bool("keystroke-bench", false, "measure load and keystroke-to-picture times in Chromium (make bench-keystroke)")

// TestKeystrokeLatency is the benchmark of the web app's budgets (run by
// make bench-keystroke; the normal test run skips it, and
// TestBrowserWasmApp checks the same path works): the time from the
// navigation to the first picture drawn by the module (load), and from a
// real key event (Input.dispatchKeyEvent) to the painted picture that
// shows it, typing in a label of the 200-node diagram (10 lanes of 20
// nodes) at 60 ms a key. Both on a quiet machine and with every core
// spinning in this process; then through the server (no module) for
// comparison. docs/benchmarks.md records the results.
func TestKeystrokeLatency(t *testing.T) {
	if !*keystrokeBench {
		t.Skip("a benchmark: make bench-keystroke")
	}
	needWasm(t)
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("keystroke benchmark: %s, %d CPUs, %s, load average %s\n", runtime.GOARCH, runtime.NumCPU(), time.Now().UTC().Format("2006-01-02 15:04 UTC"), strings.TrimSpace(string(load)))
	for _, tc := range []struct {
		name  string
		block string
		busy  bool
	}{{"module, quiet", "", false}, {"module, busy", "", true}, {"server, quiet", "/assets/wasm/", false}, {"server, busy", "/assets/wasm/", true}} {
		t.Run(tc.name, func(t *testing.T) {
			stop := burn(tc.busy)
			defer stop()
			a, _ := newProbedApp(t, tc.block, "")
			local := tc.block == ""
			if local {
				cold := firstLocal(a)
				var warm []float64
				for range 5 {
					a.open("/")
					warm = append(warm, firstLocal(a))
				}
				slices.Sort(warm)
				fmt.Printf("%s: load to first local picture: first visit %.0f ms, reloads median %.0f ms (min %.0f, max %.0f)\n",
					tc.name, cold, warm[len(warm)/2], warm[0], warm[len(warm)-1])
			}
			r := typeKeys(a, 150, 60*time.Millisecond, false)
			fmt.Printf("%s: keystroke to painted picture, 200 nodes, %d keys at 60 ms: p50 %.1f ms, p95 %.1f ms, max %.1f ms; %d keys drawn only with a later one\n",
				tc.name, r.n, r.p50, r.p95, r.max, r.merged)
			one := typeKeys(a, 30, 0, true)
			fmt.Printf("%s: one keystroke at a time (each waits for its picture): p50 %.1f ms, p95 %.1f ms, max %.1f ms; module %.1f ms, swap %.1f ms (medians)\n",
				tc.name, one.p50, one.p95, one.max, one.module, one.swap)
			if local {
				fmt.Printf("%s: per picture (medians): module %.1f ms, markup swap %.1f ms, key to markup in the page %.1f ms\n", tc.name, r.module, r.swap, r.toDOM)
			}
		})
	}
}

// burn keeps every core busy until the returned function is called.
func burn(on bool) func() {
	if !on {
		return func() {}
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := 1.0
			for !stop.Load() {
				for range 10000 {
					x = math.Sqrt(x + 1)
				}
			}
			_ = x
		}()
	}
	return func() { stop.Store(true); wg.Wait() }
}

// firstLocal waits for the module's first painted picture of the page
// and returns its time since the navigation.
func firstLocal(a *app) float64 {
	a.t.Helper()
	expr := `(window.fzPics.find((p) => p.engine === "local" && p.painted > 0) || {}).painted || 0`
	a.poll("("+expr+") > 0", "the first local picture")
	return val[float64](a, expr)
}

type latencies struct {
	n, merged           int
	p50, p95, max       float64
	module, swap, toDOM float64
}

// typeKeys types n letters into labels of the 200-node diagram (30 in
// one, then the next: every text is new, so nothing drawn before can be
// reused), one every pace (or, with wait, each after the previous one's
// picture), and returns the time from each key event to the first painted
// picture that shows its edit.
func typeKeys(a *app, n int, pace time.Duration, wait bool) latencies {
	a.t.Helper()
	a.setCode(keystrokeDiagram())
	a.poll(`document.querySelectorAll("#stage svg .fz-node").length === 200 && document.querySelector("#stage").dataset.state === "fresh"`, "the 200-node preview")
	a.js(`window.fzPics.length = 0; window.fzKeys.length = 0`)
	start := time.Now()
	for i := range n {
		if i%30 == 0 {
			node := fmt.Sprintf("n%d:", 40+i/30*37%160)
			a.js(`window.fzEditor.focus(); window.fzEditor.dispatch({selection: {anchor: window.fzEditor.state.doc.toString().indexOf('label:"', window.fzEditor.state.doc.toString().indexOf(` + jsString(node) + `)) + 7}})`)
			time.Sleep(200 * time.Millisecond)
			start = time.Now().Add(-time.Duration(i) * pace)
		}
		if d := time.Until(start.Add(time.Duration(i) * pace)); d > 0 {
			time.Sleep(d)
		}
		k := string(rune('a' + i%26))
		if i%5 == 4 {
			k = " "
		}
		a.do("typing", chromedp.KeyEvent(k))
		if wait {
			// One keystroke at a time: its picture, then a pause.
			a.poll(`window.fzPics.length > 0 && window.fzPics[window.fzPics.length - 1].gen === window.fzState.gen && window.fzPics[window.fzPics.length - 1].painted > 0`, "the picture")
			time.Sleep(150 * time.Millisecond)
		}
	}
	a.poll(`window.fzPics.length > 0 && window.fzPics[window.fzPics.length - 1].gen === window.fzState.gen && window.fzPics[window.fzPics.length - 1].painted > 0`, "the last picture")
	type key struct {
		T   float64
		Gen int
	}
	type pic struct {
		Gen                      int
		Drawn, Painted, Ms, Swap float64
	}
	keys := val[[]key](a, `window.fzKeys`)
	pics := val[[]pic](a, `window.fzPics`)
	if len(keys) != n {
		a.t.Fatalf("%d key events recorded, want %d", len(keys), n)
	}
	var lat, toDOM, mod, swap []float64
	merged := 0
	for _, k := range keys {
		found := false
		for _, p := range pics {
			if p.Gen >= k.Gen+1 {
				if p.Gen != k.Gen+1 {
					merged++
				}
				lat = append(lat, p.Painted-k.T)
				toDOM = append(toDOM, p.Drawn-k.T)
				found = true
				break
			}
		}
		if !found {
			a.t.Fatalf("no picture for the key at edit %d (pictures: %v)", k.Gen+1, pics)
		}
	}
	for _, p := range pics {
		mod = append(mod, p.Ms)
		swap = append(swap, p.Swap)
	}
	return latencies{n: len(lat), merged: merged, p50: pct(lat, 50), p95: pct(lat, 95), max: pct(lat, 100),
		module: pct(mod, 50), swap: pct(swap, 50), toDOM: pct(toDOM, 50)}
}

// pct returns the p-th percentile (nearest rank) of v.
func pct(v []float64, p float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}
