package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

func init() {
	flagDefs["fmt"] = func(fs *flag.FlagSet) {
		fs.Bool("w", false, "write the result to the file instead of standard output")
		fs.Bool("l", false, "only list the files whose formatting differs")
	}
	flagDefs["fix"] = func(fs *flag.FlagSet) {
		fs.Bool("w", false, "write the result to the file instead of standard output")
		fs.Bool("json", false, "print {code, corrections, diagnostics} as JSON on standard output")
	}
	flagDefs["export"] = func(fs *flag.FlagSet) {
		fs.String("format", "json", "output format: json")
	}
	fmtCmd.run, fixCmd.run, exportCmd.run = runFmt, runFix, runExport
}

func boolFlag(fs *flag.FlagSet, name string) bool {
	return fs.Lookup(name).Value.(flag.Getter).Get().(bool)
}

var fmtCmd = &command{
	name:    "fmt",
	summary: "print FlowZap Code in its canonical form",
	usage:   "flowzap fmt [-w | -l] FILE...",
}

func runFmt(_ context.Context, x *ctx, args []string) int {
	fs, files, code := fmtCmd.parse(x, args)
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintf(x.Stderr, "flowzap fmt: no FILE given\nusage: %s\n", fmtCmd.usage)
		return exitUsage
	}
	write, list := boolFlag(fs, "w"), boolFlag(fs, "l")
	exit := exitOK
	for _, name := range files {
		if name == "-" && write {
			fmt.Fprintln(x.Stderr, "flowzap fmt: cannot use -w with standard input")
			return exitUsage
		}
		src, err := x.read(name)
		if err != nil {
			fmt.Fprintf(x.Stderr, "flowzap fmt: %v\n", err)
			exit = exitFail
			continue
		}
		out, diags, f, err := pipeline.Format(displayName(name), src)
		if err != nil {
			printDiags(x.Stderr, diags.Filter(diag.Error), f)
			exit = exitFail
			continue
		}
		changed := !bytes.Equal(out, src)
		switch {
		case list:
			if changed {
				fmt.Fprintln(x.Stdout, displayName(name))
			}
		case write:
			if changed {
				if err := x.writeAtomic(name, out); err != nil {
					fmt.Fprintf(x.Stderr, "flowzap fmt: %v\n", err)
					exit = exitFail
				}
			}
		default:
			x.Stdout.Write(out)
		}
	}
	return exit
}

var fixCmd = &command{
	name:    "fix",
	summary: "repair departures from the official rules and print canonical code",
	usage:   "flowzap fix [-w] [--json] FILE",
}

// FixJSON is the --json output of fix.
type FixJSON struct {
	File        string                `json:"file"`
	Fixed       bool                  `json:"fixed"`
	Code        string                `json:"code"`
	Corrections []pipeline.Correction `json:"corrections"`
	Diagnostics []diag.JSON           `json:"diagnostics"`
}

func runFix(_ context.Context, x *ctx, args []string) int {
	fs, files, code := fixCmd.parse(x, args)
	if code >= 0 {
		return code
	}
	if len(files) != 1 {
		fmt.Fprintf(x.Stderr, "flowzap fix: expected exactly one FILE, got %d\nusage: %s\n", len(files), fixCmd.usage)
		return exitUsage
	}
	name := files[0]
	write, asJSON := boolFlag(fs, "w"), boolFlag(fs, "json")
	if name == "-" && write {
		fmt.Fprintln(x.Stderr, "flowzap fix: cannot use -w with standard input")
		return exitUsage
	}
	src, err := x.read(name)
	if err != nil {
		fmt.Fprintf(x.Stderr, "flowzap fix: %v\n", err)
		return exitFail
	}
	r := pipeline.Fix(displayName(name), src)
	if asJSON {
		out := FixJSON{File: displayName(name), Fixed: r.Code != nil, Code: string(r.Code),
			Corrections: r.Corrections, Diagnostics: r.Diags.JSONList(r.File)}
		if out.Corrections == nil {
			out.Corrections = []pipeline.Correction{}
		}
		enc := json.NewEncoder(x.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	} else {
		for _, c := range r.Corrections {
			fmt.Fprintf(x.Stderr, "%s:%d: fixed: %s [%s]\n", displayName(name), c.Line, c.Msg, c.Code)
		}
		printDiags(x.Stderr, r.Diags, r.File)
	}
	if r.Code == nil {
		fmt.Fprintf(x.Stderr, "flowzap fix: %s: errors remain that the fixer cannot repair; nothing was written\n", displayName(name))
		return exitFail
	}
	switch {
	case write:
		if !bytes.Equal(r.Code, src) {
			if err := x.writeAtomic(name, r.Code); err != nil {
				fmt.Fprintf(x.Stderr, "flowzap fix: %v\n", err)
				return exitFail
			}
		}
	case !asJSON:
		x.Stdout.Write(r.Code)
	}
	if r.Diags.HasErrors() {
		return exitFail
	}
	return exitOK
}

var exportCmd = &command{
	name:    "export",
	summary: "export the diagram as a JSON graph",
	usage:   "flowzap export [--format json] FILE",
}

func runExport(_ context.Context, x *ctx, args []string) int {
	fs, files, code := exportCmd.parse(x, args)
	if code >= 0 {
		return code
	}
	if len(files) != 1 {
		fmt.Fprintf(x.Stderr, "flowzap export: expected exactly one FILE, got %d\nusage: %s\n", len(files), exportCmd.usage)
		return exitUsage
	}
	if f := fs.Lookup("format").Value.String(); f != "json" {
		fmt.Fprintf(x.Stderr, "flowzap export: unknown format %q: expected json (images come from flowzap render)\n", f)
		return exitUsage
	}
	name := files[0]
	src, err := x.read(name)
	if err != nil {
		fmt.Fprintf(x.Stderr, "flowzap export: %v\n", err)
		return exitFail
	}
	r := pipeline.Check(displayName(name), src, pipeline.Options{})
	printDiags(x.Stderr, r.Diags, r.File)
	if !r.OK() {
		return exitFail
	}
	enc := json.NewEncoder(x.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(pipeline.Export(r)); err != nil {
		fmt.Fprintf(x.Stderr, "flowzap export: %v\n", err)
		return exitFail
	}
	return exitOK
}
