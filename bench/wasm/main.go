// Command wasm benchmarks the WebAssembly build of the pipeline under
// Node (bench.mjs) next to the native pipeline: module load, first render
// and render time per keystroke on the smallest example and on a 200-node
// diagram. It expects make wasm's output in web/dist/wasm (make wasm-bench
// builds it first) and prints Markdown rows for docs/benchmarks.md.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"time"

	"flowzap/internal/pipeline"
	"flowzap/internal/testgen"
)

func main() {
	tmp, err := os.MkdirTemp("", "flowzap-wasm-bench-")
	check(err)
	defer os.RemoveAll(tmp)
	big := filepath.Join(tmp, "200-nodes.fz")
	check(os.WriteFile(big, []byte(testgen.Diagram(testgen.Options{Nodes: 200, Seed: 3})), 0o644))
	files := []string{big, "examples/hello.fz"}
	typing := filepath.Join(tmp, "typing.fz")
	check(os.WriteFile(typing, []byte(testgen.Diagram(testgen.Options{Nodes: 200, Lanes: 10, Seed: 3})), 0o644))

	out, err := exec.Command("node", "bench/wasm/bench.mjs", "web/dist/wasm", typing, files[0], files[1]).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			os.Stderr.Write(ee.Stderr)
		}
		check(fmt.Errorf("node bench.mjs (run make wasm first): %w", err))
	}
	var res struct {
		LoadMs float64
		Files  []struct {
			File                             string
			FirstMs, P50, P95, LoadToFirstMs float64
			SvgBytes                         int
		}
		Typing struct {
			File                     string
			P50, P95, CPUP50, CPUP95 float64
		}
	}
	check(json.Unmarshal(out, &res))
	fmt.Printf("module load (compile, instantiate, start): %.0f ms\n\n", res.LoadMs)
	fmt.Println("| diagram | load to first render | first render | render p50 | render p95 | native p50 |")
	fmt.Println("| --- | --- | --- | --- | --- | --- |")
	for i, f := range res.Files {
		src, err := os.ReadFile(files[i])
		check(err)
		fmt.Printf("| %s | %s | %.1f ms | %.1f ms | %.1f ms | %.2f ms |\n", f.File, loadToFirst(f.LoadToFirstMs), f.FirstMs, f.P50, f.P95, native(src))
	}
	t := res.Typing
	fmt.Printf("\ntyping replay (200 nodes in 10 lanes, 150 keys into labels): wall p50 %.1f ms, p95 %.1f ms; CPU p50 %.1f ms, p95 %.1f ms\n",
		t.P50, t.P95, t.CPUP50, t.CPUP95)
	fmt.Printf("\nnode %s, %s/%s, %d CPUs, %s\n", nodeVersion(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), time.Now().UTC().Format("2006-01-02"))
}

func loadToFirst(ms float64) string {
	if ms == 0 {
		return "(module loaded)"
	}
	return fmt.Sprintf("%.0f ms", ms)
}

// native is the median time of the same render through the pipeline
// compiled natively.
func native(src []byte) float64 {
	var times []float64
	for i := 0; i < 40; i++ {
		t := time.Now()
		r := pipeline.Check("input.fz", src, pipeline.Options{})
		var b bytes.Buffer
		check(pipeline.Render(&b, r, pipeline.RenderOptions{}))
		times = append(times, float64(time.Since(t).Microseconds())/1000)
	}
	sort.Float64s(times)
	return times[len(times)/2]
}

func nodeVersion() string {
	v, err := exec.Command("node", "--version").Output()
	if err != nil {
		return "?"
	}
	return string(bytes.TrimSpace(v))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasm bench:", err)
		os.Exit(1)
	}
}
