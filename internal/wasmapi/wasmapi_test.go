package wasmapi

import (
	"fmt"
	"strings"
	"testing"

	"flowzap/internal/testgen"
)

// keystrokes returns n versions of the web app's typing benchmark diagram
// (10 lanes of 20 nodes, testgen seed 3), each with one more letter typed
// into a node label, as the browser benchmark types them.
func keystrokes(n int) []string {
	src := testgen.Diagram(testgen.Options{Nodes: 200, Lanes: 10, Seed: 3})
	node := strings.Index(src, "n77:")
	at := node + strings.Index(src[node:], `label:"`) + len(`label:"`)
	out := make([]string, n)
	for i := range out {
		out[i] = src[:at] + strings.Repeat("x", i%30) + fmt.Sprint(i) + src[at:]
	}
	return out
}

// BenchmarkRender measures the web app's preview call (what the worker
// runs on every keystroke: check, SVG and the report) natively, on the
// keystroke benchmark's diagram with a different label every time.
func BenchmarkRender(b *testing.B) {
	codes := keystrokes(64)
	i := 0
	for b.Loop() {
		r := Render(Request{Code: codes[i%len(codes)]})
		if r.Status != 200 || !strings.HasPrefix(r.Body, "<svg") || r.Report == "" {
			b.Fatalf("status %d: %.200s", r.Status, r.Body)
		}
		i++
	}
}

// TestRenderReport: the render answers the picture and the report of the
// same check, and an error's answer still carries the report.
func TestRenderReport(t *testing.T) {
	r := Render(Request{Code: keystrokes(1)[0]})
	if r.Status != 200 || !strings.HasPrefix(r.Body, "<svg") || !strings.Contains(r.Report, `"valid":true`) {
		t.Fatalf("status %d, report %.200s", r.Status, r.Report)
	}
	bad := Render(Request{Code: "w { # W\n  n1: circle label:\"A\"\n  n1.handle(right) -> n9.handle(left)\n}\n"})
	if bad.Status != 422 || !strings.Contains(bad.Report, `"valid":false`) || !strings.Contains(bad.Body, "the code has errors") {
		t.Fatalf("status %d, body %.200s, report %.200s", bad.Status, bad.Body, bad.Report)
	}
}
