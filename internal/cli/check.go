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

func init() {
	flagDefs["check"] = func(fs *flag.FlagSet) {
		fs.Bool("strict", false, "report every departure from the official rules as an error")
		fs.Bool("json", false, "print the result as JSON on standard output")
		fs.String("view", "workflow", "also apply the checks of this view: workflow or sequence (the ping-pong rule)")
	}
}

var checkCmd = &command{
	name:    "check",
	summary: "check FlowZap Code and report errors and warnings",
	usage:   "flowzap check [--strict] [--json] [--view workflow|sequence] FILE...",
}

func init() { checkCmd.run = runCheck }

// CheckJSON is the --json output for one file; the HTTP API's validate
// answer has the same shape.
type CheckJSON struct {
	File     string          `json:"file"`
	Valid    bool            `json:"valid"`
	Errors   []diag.JSON     `json:"errors"`
	Warnings []diag.JSON     `json:"warnings"`
	Infos    []diag.JSON     `json:"infos"`
	Stats    *pipeline.Stats `json:"stats"`
}

func runCheck(_ context.Context, x *ctx, args []string) int {
	fs, files, code := checkCmd.parse(x, args)
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintf(x.Stderr, "flowzap check: no FILE given\nusage: %s\n", checkCmd.usage)
		return exitUsage
	}
	strict := fs.Lookup("strict").Value.(flag.Getter).Get().(bool)
	asJSON := fs.Lookup("json").Value.(flag.Getter).Get().(bool)
	view := fs.Lookup("view").Value.String()
	if !pipeline.IsView(view) {
		fmt.Fprintf(x.Stderr, "flowzap check: unknown view %q: expected workflow, sequence, architecture or mindmap\n", view)
		return exitUsage
	}
	opts := pipeline.Options{Strict: strict, Sequence: view == "sequence"}
	exit := exitOK
	var outs []CheckJSON
	for _, name := range files {
		src, err := x.read(name)
		if err != nil {
			fmt.Fprintf(x.Stderr, "flowzap check: %v\n", err)
			exit = exitFail
			continue
		}
		r := pipeline.Check(displayName(name), src, opts)
		if !r.OK() {
			exit = exitFail
		}
		if asJSON {
			outs = append(outs, checkJSON(r))
			continue
		}
		printDiags(x.Stderr, r.Diags, r.File)
		st := pipeline.StatsOf(r)
		verdict := "ok"
		if !r.OK() {
			verdict = "invalid"
		}
		fmt.Fprintf(x.Stdout, "%s: %s: %d lanes, %d nodes, %d edges; %d errors, %d warnings\n", displayName(name), verdict,
			st.LaneCount, st.NodeCount, st.EdgeCount, r.Diags.Count(diag.Error), r.Diags.Count(diag.Warning))
	}
	if asJSON {
		enc := json.NewEncoder(x.Stdout)
		enc.SetIndent("", "  ")
		if len(files) == 1 && len(outs) == 1 {
			enc.Encode(outs[0])
		} else {
			if outs == nil {
				outs = []CheckJSON{}
			}
			enc.Encode(outs)
		}
	}
	return exit
}

func checkJSON(r *pipeline.Result) CheckJSON {
	st := pipeline.StatsOf(r)
	return CheckJSON{
		File: r.File.Name(), Valid: r.OK(), Stats: &st,
		Errors:   r.Diags.Filter(diag.Error).JSONList(r.File),
		Warnings: r.Diags.Filter(diag.Warning).JSONList(r.File),
		Infos:    r.Diags.Filter(diag.Info).JSONList(r.File),
	}
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
