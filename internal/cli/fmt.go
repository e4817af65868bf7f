package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

var fmtCmd = &command{
	name:    "fmt",
	summary: "print FlowZap Code in its canonical form",
	usage:   "flowzap fmt [-w] [-l] FILE...",
	setup: func(fs *flag.FlagSet) runFunc {
		f := &fmtFlags{}
		fs.BoolVar(&f.write, "w", false, "write the result to the file instead of standard output")
		fs.BoolVar(&f.list, "l", false, "only list the files whose formatting differs")
		return f.run
	},
}

type fmtFlags struct{ write, list bool }

func (f *fmtFlags) run(_ context.Context, x *ctx, files []string) error {
	if len(files) == 0 {
		return argsf("no FILE given")
	}
	if err := stdinOnce(files); err != nil {
		return err
	}
	failed := false
	for _, name := range files {
		if name == "-" && f.write {
			return usagef("cannot use -w with standard input")
		}
		src, loneCR, err := x.readText(name)
		if err != nil {
			fmt.Fprintf(x.Stderr, "flowzap fmt: %v\n", err)
			failed = true
			continue
		}
		res, err := pipeline.Format(displayName(name), src)
		if err != nil {
			x.printDiags(x.Stderr, res.Diags.Filter(diag.Error), res.File)
			failed = true
			continue
		}
		// A file with lone carriage returns (read as line feeds) is not
		// canonical either.
		changed := loneCR || !bytes.Equal(res.Code, src)
		// -l and -w together list the files they rewrite.
		if f.list && changed {
			fmt.Fprintln(x.Stdout, displayName(name))
		}
		switch {
		case f.write:
			if changed {
				if err := x.writeAtomic(name, res.Code); err != nil {
					fmt.Fprintf(x.Stderr, "flowzap fmt: %v\n", err)
					failed = true
				}
			}
		case !f.list:
			x.Stdout.Write(res.Code)
		}
	}
	if failed {
		return errReported
	}
	return nil
}

var fixCmd = &command{
	name:    "fix",
	summary: "repair departures from the official rules and print canonical code",
	usage:   "flowzap fix [-w] [--json] [--timeout D] FILE",
	setup: func(fs *flag.FlagSet) runFunc {
		f := &fixFlags{}
		fs.BoolVar(&f.write, "w", false, "write the result to the file instead of standard output")
		fs.BoolVar(&f.json, "json", false, "print {file, fixed, code, corrections, diagnostics} as JSON on standard output")
		fs.DurationVar(&f.timeout, "timeout", 0, "give up a repair that takes longer, such as 30s or 2m (default: no limit)")
		return f.run
	},
}

type fixFlags struct {
	write, json bool
	timeout     time.Duration
}

func (f *fixFlags) run(cx context.Context, x *ctx, files []string) error {
	if len(files) != 1 {
		return argsf("expected exactly one FILE, got %d", len(files))
	}
	name := files[0]
	if name == "-" && f.write {
		return usagef("cannot use -w with standard input")
	}
	src, loneCR, err := x.readText(name)
	if err != nil {
		return err
	}
	// No limits on the command line (as render); an interrupt stops the
	// layout that places the handles.
	cx, cancel := withTimeout(cx, f.timeout)
	defer cancel()
	r, err := pipeline.FixContext(cx, displayName(name), src, pipeline.Limits{})
	if err != nil {
		return stoppedError(err, "nothing was written", f.timeout)
	}
	if f.json {
		writeJSON(x.Stdout, pipeline.NewFixReport(r, src).Localize(x.lang))
	} else {
		for i, c := range pipeline.LocalizeCorrections(r.Corrections, x.lang) {
			if i == maxPrinted {
				fmt.Fprintf(x.Stderr, "%s: ... and %d more corrections (use --json to see them all)\n", displayName(name), len(r.Corrections)-maxPrinted)
				break
			}
			fmt.Fprintf(x.Stderr, "%s:%d: fixed: %s [%s]\n", displayName(name), c.Line, c.Msg, c.Code)
		}
		x.printDiags(x.Stderr, r.Diags, r.File)
	}
	switch {
	case f.write:
		if loneCR || !bytes.Equal(r.Code, src) {
			if err := x.writeAtomic(name, r.Code); err != nil {
				return err
			}
		}
	case !f.json:
		x.Stdout.Write(r.Code)
	}
	if r.Diags.HasErrors() {
		return errReported
	}
	return nil
}

var exportCmd = &command{
	name:    "export",
	summary: "export the diagram as a JSON graph or in another diagram format (Mermaid, BPMN, draw.io, ...)",
	usage:   "flowzap export [--format json|" + strings.Join(pipeline.ExportFormats(), "|") + "] [-o OUT] [--timeout D] FILE",
	setup: func(fs *flag.FlagSet) runFunc {
		f := &exportFlags{}
		fs.StringVar(&f.format, "format", "json", "output format: json (the graph) or "+strings.Join(pipeline.ExportFormats(), ", "))
		fs.StringVar(&f.out, "o", "-", "output file, or - for standard output")
		fs.DurationVar(&f.timeout, "timeout", 0, "give up an export that takes longer, such as 30s or 2m (default: no limit)")
		return f.run
	},
}

type exportFlags struct {
	format, out string
	timeout     time.Duration
}

func (f *exportFlags) run(cx context.Context, x *ctx, files []string) error {
	if len(files) != 1 {
		return argsf("expected exactly one FILE, got %d", len(files))
	}
	if f.format != "json" && !pipeline.IsExportFormat(f.format) {
		return usagef("unknown format %q: expected json or %s (images come from flowzap render)%s", f.format, strings.Join(pipeline.ExportFormats(), ", "), didYouMean(f.format, append([]string{"json"}, pipeline.ExportFormats()...)))
	}
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
		return errReported
	}
	cx, cancel := withTimeout(cx, f.timeout)
	defer cancel()
	var b bytes.Buffer
	if f.format == "json" {
		g, err := pipeline.ExportContext(cx, r)
		if err != nil {
			return stoppedError(err, "nothing was written", f.timeout)
		}
		if err := writeJSON(&b, g); err != nil {
			return err
		}
	} else if err := pipeline.ExportAsContext(cx, &b, r, f.format); err != nil {
		return stoppedError(err, "nothing was written", f.timeout)
	}
	if f.out != "-" {
		return x.writeAtomic(f.out, b.Bytes())
	}
	_, err = x.Stdout.Write(b.Bytes())
	return err
}
