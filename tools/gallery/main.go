// Command gallery renders the examples to docs/gallery as PNG: every
// example in the workflow view, the seeds also in the dark theme and in
// every other view, and a few examples in the view they were written for;
// then the hub-heavy diagrams of tools/gallery/hubs (a gateway fanning out,
// a ledger fed by six sources, and an access log and an OpenAPI file
// imported with the importers) in every view. It writes
// docs/gallery/README.md as an index. Run it after any change to layout or
// rendering: go run ./tools/gallery
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"flowzap/internal/importer"
	"flowzap/internal/pipeline"
)

type shot struct{ view, theme string }

// extra lists the additional pictures of chosen examples.
var extra = map[string][]shot{
	"seed-blue-green":        {{"workflow", "dark"}, {"sequence", "light"}, {"architecture", "light"}, {"mindmap", "light"}},
	"seed-event-driven":      {{"workflow", "dark"}, {"sequence", "light"}, {"architecture", "light"}, {"mindmap", "light"}},
	"sequence-login":         {{"sequence", "light"}},
	"architecture-web-app":   {{"architecture", "light"}, {"architecture", "dark"}},
	"mindmap-product-launch": {{"mindmap", "light"}},
	"api-gateway":            {{"sequence", "light"}, {"architecture", "light"}},
}

func main() {
	paths, err := filepath.Glob("examples/*.fz")
	if err != nil || len(paths) == 0 {
		fail(fmt.Errorf("no examples found (run from the repository root): %v", err))
	}
	var index strings.Builder
	index.WriteString("# Gallery\n\nThe examples in `examples/`, drawn by `flowzap render` at scale 1.5.\nRegenerate with `go run ./tools/gallery` (or `make gallery`).\n\n")
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".fz")
		src, err := os.ReadFile(p)
		if err != nil {
			fail(err)
		}
		r := pipeline.Check(p, src, pipeline.Options{})
		fmt.Fprintf(&index, "## %s\n\n", name)
		for _, sh := range append([]shot{{"workflow", "light"}}, extra[name]...) {
			var b bytes.Buffer
			if err := pipeline.Render(&b, r, pipeline.RenderOptions{View: sh.view, Format: "png", Theme: sh.theme, Scale: 1.5}); err != nil {
				fail(fmt.Errorf("%s: %v", p, err))
			}
			out := name + ".png"
			if sh.view != "workflow" || sh.theme != "light" {
				out = name + "-" + sh.view + "-" + sh.theme + ".png"
			}
			if err := os.WriteFile(filepath.Join("docs/gallery", out), b.Bytes(), 0o644); err != nil {
				fail(err)
			}
			fmt.Fprintf(&index, "%s view, %s theme:\n\n![%s, %s view](%s)\n\n", sh.view, sh.theme, name, sh.view, out)
		}
	}
	index.WriteString("# Hubs and imported diagrams\n\nThe diagrams of `tools/gallery/hubs`, in every view: fan-outs, fan-ins and\nwhat `flowzap import` makes of an access log and an OpenAPI file.\n\n")
	for _, h := range []struct {
		name, file string
		imp        func([]byte) (string, error)
	}{
		{"hub-gateway-fan-out", "gateway-fan-out.fz", nil},
		{"hub-ledger-fan-in", "ledger-fan-in.fz", nil},
		{"import-access-log", "bookshop-access.log", importer.AccessLog},
		{"import-openapi", "bookshop-openapi.yaml", importer.OpenAPI},
	} {
		p := filepath.Join("tools/gallery/hubs", h.file)
		src, err := os.ReadFile(p)
		if err != nil {
			fail(err)
		}
		if h.imp != nil {
			code, err := h.imp(src)
			if err != nil {
				fail(fmt.Errorf("%s: %v", p, err))
			}
			src = []byte(code)
		}
		r := pipeline.Check(p, src, pipeline.Options{})
		fmt.Fprintf(&index, "## %s\n\n", h.name)
		for _, view := range []string{"workflow", "sequence", "architecture", "mindmap"} {
			var b bytes.Buffer
			if err := pipeline.Render(&b, r, pipeline.RenderOptions{View: view, Format: "png", Theme: "light", Scale: 1.5}); err != nil {
				fail(fmt.Errorf("%s: %v", p, err))
			}
			out := h.name + "-" + view + ".png"
			if err := os.WriteFile(filepath.Join("docs/gallery", out), b.Bytes(), 0o644); err != nil {
				fail(err)
			}
			fmt.Fprintf(&index, "%s view:\n\n![%s, %s view](%s)\n\n", view, h.name, view, out)
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
