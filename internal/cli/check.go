package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
	"flowzap/internal/source"
)

// maxPrinted caps the diagnostics printed per file as text.
const maxPrinted = 200

var checkCmd = &command{
	name:    "check",
	summary: "check FlowZap Code and report errors and warnings",
	usage:   "flowzap check [--strict] [--json] [--view workflow|sequence|architecture|mindmap] [--order flow|written] FILE...",
	setup: func(fs *flag.FlagSet) runFunc {
		f := &checkFlags{}
		fs.BoolVar(&f.strict, "strict", false, "report every departure from the official rules as an error")
		fs.BoolVar(&f.json, "json", false, "print the result as JSON on standard output")
		fs.StringVar(&f.view, "view", "workflow", "also apply the checks and notes of this view: sequence adds the ping-pong rule, mindmap lists the nodes it leaves out")
		fs.StringVar(&f.order, "order", "flow", "sequence checks: message order, flow (follow the flow from its start) or written (as the edges are written)")
		return f.run
	},
}

type checkFlags struct {
	strict, json bool
	view, order  string
}

func (f *checkFlags) run(_ context.Context, x *ctx, files []string) error {
	if len(files) == 0 {
		return argsf("no FILE given")
	}
	if err := stdinOnce(files); err != nil {
		return err
	}
	if err := checkChoice(f.view, pipeline.Views, pipeline.CheckView); err != nil {
		return err
	}
	if err := checkChoice(f.order, pipeline.Orders, pipeline.CheckOrder); err != nil {
		return err
	}
	opts := pipeline.Options{Strict: f.strict, View: f.view, Order: f.order}
	failed := false
	var reports []*pipeline.Report
	for _, name := range files {
		src, err := x.read(name)
		if err != nil {
			fmt.Fprintf(x.Stderr, "flowzap check: %v\n", err)
			failed = true
			continue
		}
		r := pipeline.Check(displayName(name), src, opts)
		if !r.OK() {
			failed = true
		}
		if f.json {
			reports = append(reports, r.Report().Localize(x.lang))
			continue
		}
		x.printDiags(x.Stderr, r.Diags, r.File)
		st := pipeline.StatsOf(r)
		verdict := "ok"
		if !r.OK() {
			verdict = "invalid"
		}
		fmt.Fprintf(x.Stdout, "%s: %s: %s, %s, %s; %s, %s\n", displayName(name), verdict,
			counted(st.LaneCount, "lane"), counted(st.NodeCount, "node"), counted(st.EdgeCount, "edge"),
			counted(r.Diags.Count(diag.Error), "error"), counted(r.Diags.Count(diag.Warning), "warning"))
	}
	if f.json {
		if len(files) == 1 && len(reports) == 1 {
			writeJSON(x.Stdout, reports[0])
		} else {
			if reports == nil {
				reports = []*pipeline.Report{}
			}
			writeJSON(x.Stdout, reports)
		}
	}
	if failed {
		return errReported
	}
	return nil
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printDiags writes at most maxPrinted diagnostics as text.
func printDiags(w io.Writer, l diag.List, f *source.File) {
	if len(l) > maxPrinted {
		l[:maxPrinted].Print(w, f)
		fmt.Fprintf(w, "%s: ... and %d more diagnostics (use --json to see them all)\n", f.Name(), len(l)-maxPrinted)
		return
	}
	l.Print(w, f)
}

// counted writes n with its noun, singular for one: "1 warning", "3 lanes".
func counted(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
