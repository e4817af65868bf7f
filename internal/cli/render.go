package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

var renderCmd = &command{
	name:    "render",
	summary: "draw a diagram as SVG, PNG, PDF or layout JSON",
	usage:   "flowzap render [--view workflow|sequence|architecture|mindmap] [--theme light|dark] [--scale N] [--format F] [--number] [--order flow|written] [--embed-font] [--timeout D] [-o OUT] FILE",
	setup: func(fs *flag.FlagSet) runFunc {
		f := &renderFlags{fs: fs}
		fs.StringVar(&f.view, "view", "workflow", "view to draw: "+strings.Join(pipeline.Views, ", "))
		fs.StringVar(&f.theme, "theme", "light", "colour theme: "+strings.Join(pipeline.Themes, " or "))
		fs.Float64Var(&f.scale, "scale", 2, fmt.Sprintf("PNG only: device pixels per diagram pixel (above 0, at most %d)", pipeline.MaxScale))
		fs.StringVar(&f.format, "format", "", "output format: svg, png, pdf or json (default: from the -o extension)")
		fs.StringVar(&f.out, "o", "-", "output file, or - for standard output")
		fs.BoolVar(&f.number, "number", false, "sequence view: number the messages")
		fs.StringVar(&f.order, "order", "flow", "sequence view: message order, flow (follow the flow from its start) or written (as the edges are written)")
		fs.BoolVar(&f.embedFont, "embed-font", false, "SVG only: embed the Inter font so the file looks the same everywhere")
		fs.DurationVar(&f.timeout, "timeout", 0, "give up a drawing that takes longer, such as 30s or 2m (default: no limit)")
		return f.run
	},
}

type renderFlags struct {
	fs                              *flag.FlagSet
	view, theme, format, out, order string
	scale                           float64
	number, embedFont               bool
	timeout                         time.Duration
}

// isDevice reports whether p exists and is a device or a pipe, not a
// file.
func isDevice(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && !st.Mode().IsRegular()
}

func (f *renderFlags) run(cx context.Context, x *ctx, files []string) error {
	if len(files) != 1 {
		return argsf("expected exactly one FILE, got %d", len(files))
	}
	format := f.format
	if format == "" {
		if f.out == "-" || isDevice(x.path(f.out)) {
			format = "svg" // standard output, /dev/stdout, a pipe
		} else {
			format = strings.TrimPrefix(strings.ToLower(filepath.Ext(f.out)), ".")
		}
	}
	if err := pipeline.CheckScale(f.scale); err != nil { // here 0 is no default
		return usagef("--%v", err)
	}
	for _, c := range []struct {
		got     string
		options []string
		check   func(string) error
	}{
		{f.view, pipeline.Views, pipeline.CheckView},
		{format, pipeline.Formats, pipeline.CheckFormat},
		{f.theme, pipeline.Themes, pipeline.CheckTheme},
		{f.order, pipeline.Orders, pipeline.CheckOrder},
	} {
		if err := checkChoice(c.got, c.options, c.check); err != nil {
			return err
		}
	}
	opts := pipeline.RenderOptions{View: f.view, Format: format, Theme: f.theme, Scale: f.scale, EmbedFont: f.embedFont, Number: f.number, Order: f.order}
	if err := opts.Check(); err != nil {
		return usagef("%v", err)
	}
	if format == "" {
		if isDir(x.path(f.out)) {
			return usagef("-o %s is a folder: expected a file name such as %s", f.out, filepath.Join(f.out, "diagram.svg"))
		}
		return usagef("no format given and %q has no extension: expected --format %s", f.out, strings.Join(pipeline.Formats, ", "))
	}
	f.warnUnused(x, format)
	name := files[0]
	if err := x.notInput(name, f.out); err != nil {
		return err
	}
	src, err := x.read(name)
	if err != nil {
		return err
	}
	r := pipeline.Check(displayName(name), src, pipeline.Options{})
	x.printDiags(x.Stderr, r.Diags, r.File)
	if !r.OK() {
		return fmt.Errorf("%s: %s; nothing was drawn", displayName(name), counted(r.Diags.Count(diag.Error), "error"))
	}
	x.printDiags(x.Stderr, pipeline.ViewNotes(r.Doc, opts.View), r.File)
	var buf bytes.Buffer
	cx, cancel := withTimeout(cx, f.timeout)
	defer cancel()
	if err := pipeline.RenderContext(cx, &buf, r, opts, pipeline.Limits{}); err != nil {
		return stoppedError(err, "nothing was drawn", f.timeout)
	}
	if f.out == "-" {
		x.Stdout.Write(buf.Bytes())
		return nil
	}
	return x.writeAtomic(f.out, buf.Bytes())
}

// warnUnused says which flags given on the command line do nothing for
// this view or format (--number for a workflow, --scale for an SVG), so
// that a mistaken flag is not silently dropped.
func (f *renderFlags) warnUnused(x *ctx, format string) {
	f.fs.Visit(func(fl *flag.Flag) {
		var applies string
		switch {
		case (fl.Name == "number" || fl.Name == "order") && f.view != "sequence":
			applies = "the sequence view (--view sequence)"
		case fl.Name == "scale" && format != "png":
			applies = "PNG"
		case fl.Name == "embed-font" && format != "svg":
			applies = "SVG"
		default:
			return
		}
		fmt.Fprintf(x.Stderr, "flowzap render: warning: %s applies to %s only: ignored\n", dashes(fl.Name), applies)
	})
}
