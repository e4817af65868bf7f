// Command gallery renders every example to docs/gallery as PNG (and the
// seeds also in the dark theme), and writes docs/gallery/README.md.
// Run it after any change to layout or rendering: go run ./tools/gallery
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"flowzap/internal/pipeline"
)

func main() {
	paths, err := filepath.Glob("examples/*.fz")
	if err != nil || len(paths) == 0 {
		fail(fmt.Errorf("no examples found (run from the repository root): %v", err))
	}
	var index strings.Builder
	index.WriteString("# Gallery\n\nEvery example in `examples/`, drawn by `flowzap render` (workflow view, light theme, scale 1.5).\nRegenerate with `go run ./tools/gallery`.\n\n")
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".fz")
		src, err := os.ReadFile(p)
		if err != nil {
			fail(err)
		}
		r := pipeline.Check(p, src, pipeline.Options{})
		themes := []string{"light"}
		if strings.HasPrefix(name, "seed-") {
			themes = append(themes, "dark")
		}
		for _, th := range themes {
			var b bytes.Buffer
			if err := pipeline.Render(&b, r, pipeline.RenderOptions{Format: "png", Theme: th, Scale: 1.5}); err != nil {
				fail(fmt.Errorf("%s: %v", p, err))
			}
			out := name + ".png"
			if th == "dark" {
				out = name + "-dark.png"
			}
			if err := os.WriteFile(filepath.Join("docs/gallery", out), b.Bytes(), 0o644); err != nil {
				fail(err)
			}
			fmt.Fprintf(&index, "## %s (%s)\n\n![%s](%s)\n\n", name, th, name, out)
		}
	}
	if err := os.WriteFile("docs/gallery/README.md", []byte(index.String()), 0o644); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gallery:", err)
	os.Exit(1)
}
