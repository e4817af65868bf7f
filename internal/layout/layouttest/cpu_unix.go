//go:build unix

package layouttest

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"flowzap/internal/layout"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/testgen"
)

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchCPU runs lay on the seed diagrams, on the web app's typing
// diagram (200 nodes in 10 lanes, testgen seed 3) and on generated
// diagrams of 1,000 and 10,000 nodes and reports, besides wall time, the CPU time per
// layout (cpu-ms/op), which a busy shared machine does not inflate.
func BenchCPU(b *testing.B, lay func(*model.Document, layout.Env) *scene.Scene) {
	ex := Examples(b)
	cases := []struct {
		name, src string
	}{{"seed-blue-green", ex["seed-blue-green.fz"]}, {"seed-event-driven", ex["seed-event-driven.fz"]},
		{"keystroke-200", testgen.Diagram(testgen.Options{Nodes: 200, Lanes: 10, Seed: 3})}}
	for _, n := range []int{1000, 10000} {
		cases = append(cases, struct{ name, src string }{fmt.Sprintf("nodes=%d", n), testgen.Diagram(testgen.Options{Nodes: n, Seed: 1})})
	}
	for _, c := range cases {
		doc := Compile(b, c.name, c.src)
		env := layout.DefaultEnv()
		env.Fresh = true // the whole layout, every time
		b.Run(c.name, func(b *testing.B) {
			start := cpuTime()
			for b.Loop() {
				lay(doc, env)
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}
