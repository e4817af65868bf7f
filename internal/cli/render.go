package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

func init() {
	flagDefs["render"] = func(fs *flag.FlagSet) {
		fs.String("view", "workflow", "view to draw: "+strings.Join(pipeline.Views, ", "))
		fs.String("theme", "light", "colour theme: light or dark")
		fs.Float64("scale", 2, "PNG only: device pixels per diagram pixel (1 to 8)")
		fs.String("format", "", "output format: svg, png, pdf or json (default: from the -o extension)")
		fs.String("o", "-", "output file, or - for standard output")
		fs.Bool("number", false, "sequence view: number the messages")
		fs.Bool("embed-font", false, "SVG only: embed the Inter font so the file looks the same everywhere")
	}
	renderCmd.run = runRender
}

var renderCmd = &command{
	name:    "render",
	summary: "draw a diagram as SVG, PNG, PDF or layout JSON",
	usage:   "flowzap render [--view workflow|sequence|architecture|mindmap] [--theme light|dark] [--scale N] [--format F] [--number] [--embed-font] -o OUT FILE",
}

func runRender(_ context.Context, x *ctx, args []string) int {
	fs, files, code := renderCmd.parse(x, args)
	if code >= 0 {
		return code
	}
	if len(files) != 1 {
		fmt.Fprintf(x.Stderr, "flowzap render: expected exactly one FILE, got %d\nusage: %s\n", len(files), renderCmd.usage)
		return exitUsage
	}
	out := fs.Lookup("o").Value.String()
	format := fs.Lookup("format").Value.String()
	if format == "" {
		if out == "-" {
			format = "svg"
		} else {
			format = strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
		}
	}
	opts := pipeline.RenderOptions{
		View: fs.Lookup("view").Value.String(), Format: format, Theme: fs.Lookup("theme").Value.String(),
		Scale: fs.Lookup("scale").Value.(flag.Getter).Get().(float64), EmbedFont: boolFlag(fs, "embed-font"), Number: boolFlag(fs, "number"),
	}
	switch {
	case !pipeline.IsView(opts.View):
		fmt.Fprintf(x.Stderr, "flowzap render: unknown view %q: expected %s\n", opts.View, strings.Join(pipeline.Views, ", "))
		return exitUsage
	case !slices.Contains(pipeline.Formats, format):
		fmt.Fprintf(x.Stderr, "flowzap render: unknown format %q: expected %s\n", format, strings.Join(pipeline.Formats, ", "))
		return exitUsage
	case opts.Theme != "light" && opts.Theme != "dark":
		fmt.Fprintf(x.Stderr, "flowzap render: unknown theme %q: expected light or dark\n", opts.Theme)
		return exitUsage
	}
	if opts.Scale <= 0 || opts.Scale > 8 {
		fmt.Fprintf(x.Stderr, "flowzap render: --scale %v out of range: expected a number above 0 and at most 8\n", opts.Scale)
		return exitUsage
	}
	name := files[0]
	src, err := x.read(name)
	if err != nil {
		fmt.Fprintf(x.Stderr, "flowzap render: %v\n", err)
		return exitFail
	}
	r := pipeline.Check(displayName(name), src, pipeline.Options{})
	printDiags(x.Stderr, r.Diags, r.File)
	if !r.OK() {
		fmt.Fprintf(x.Stderr, "flowzap render: %s: %d errors; nothing was drawn\n", displayName(name), r.Diags.Count(diag.Error))
		return exitFail
	}
	printDiags(x.Stderr, pipeline.ViewNotes(r.Doc, opts.View), r.File)
	var buf bytes.Buffer
	if err := pipeline.Render(&buf, r, opts); err != nil {
		fmt.Fprintf(x.Stderr, "flowzap render: %v\n", err)
		return exitFail
	}
	if out == "-" {
		x.Stdout.Write(buf.Bytes())
		return exitOK
	}
	if err := x.writeAtomic(out, buf.Bytes()); err != nil {
		fmt.Fprintf(x.Stderr, "flowzap render: %v\n", err)
		return exitFail
	}
	return exitOK
}
