package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"flowzap/internal/pipeline"
)

func init() {
	flagDefs["diff"] = func(fs *flag.FlagSet) {
		fs.Bool("json", false, "print {changes, summary, same} as JSON")
	}
	flagDefs["patch"] = func(fs *flag.FlagSet) {
		fs.Bool("w", false, "write the result to FILE instead of standard output")
	}
	flagDefs["import"] = func(fs *flag.FlagSet) {
		fs.String("from", "", "artifact kind: "+strings.Join(pipeline.ImportKinds, ", "))
		fs.String("func", "", "go: the function to follow, Name or Type.Method")
		fs.Int("depth", 3, "go: how many calls deep to follow")
		fs.String("o", "-", "output file, or - for standard output")
	}
	diffCmd.run, patchCmd.run, importCmd.run = runDiff, runPatch, runImport
}

var diffCmd = &command{
	name:    "diff",
	summary: "show the structured differences between two versions of a diagram",
	usage:   "flowzap diff [--json] OLD NEW",
}

func runDiff(_ context.Context, x *ctx, args []string) int {
	fs, files, code := diffCmd.parse(x, args)
	if code >= 0 {
		return code
	}
	if len(files) != 2 {
		fmt.Fprintf(x.Stderr, "flowzap diff: expected OLD and NEW, got %d files\nusage: %s\n", len(files), diffCmd.usage)
		return exitUsage
	}
	var srcs [2][]byte
	for i, f := range files {
		b, err := x.read(f)
		if err != nil {
			fmt.Fprintf(x.Stderr, "flowzap diff: %v\n", err)
			return exitFail
		}
		srcs[i] = b
	}
	r, err := pipeline.Diff(displayName(files[0]), srcs[0], displayName(files[1]), srcs[1])
	if err != nil {
		fmt.Fprintf(x.Stderr, "flowzap diff: %v\n", err)
		return exitFail
	}
	if boolFlag(fs, "json") {
		enc := json.NewEncoder(x.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(r)
		return exitOK
	}
	fmt.Fprint(x.Stdout, r.Text())
	return exitOK
}

var patchCmd = &command{
	name:    "patch",
	summary: "apply JSON edit operations to a diagram, all or nothing",
	usage:   "flowzap patch [-w] FILE OPS.json",
}

func runPatch(_ context.Context, x *ctx, args []string) int {
	fs, files, code := patchCmd.parse(x, args)
	if code >= 0 {
		return code
	}
	if len(files) != 2 {
		fmt.Fprintf(x.Stderr, "flowzap patch: expected FILE and OPS.json, got %d files\nusage: %s\n", len(files), patchCmd.usage)
		return exitUsage
	}
	src, err := x.read(files[0])
	if err != nil {
		fmt.Fprintf(x.Stderr, "flowzap patch: %v\n", err)
		return exitFail
	}
	raw, err := x.read(files[1])
	if err != nil {
		fmt.Fprintf(x.Stderr, "flowzap patch: %v\n", err)
		return exitFail
	}
	var ops []pipeline.PatchOp
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ops); err != nil {
		fmt.Fprintf(x.Stderr, "flowzap patch: %s: %v (expected a JSON array of operations)\n", files[1], err)
		return exitFail
	}
	r, err := pipeline.Patch(displayName(files[0]), src, ops)
	if err != nil {
		fmt.Fprintf(x.Stderr, "flowzap patch: %v; nothing was changed\n", err)
		return exitFail
	}
	for _, a := range r.Applied {
		fmt.Fprintf(x.Stderr, "%s: %s\n", displayName(files[0]), a)
	}
	printDiags(x.Stderr, r.Diags, r.File)
	if boolFlag(fs, "w") {
		if files[0] == "-" {
			fmt.Fprintln(x.Stderr, "flowzap patch: cannot use -w with standard input")
			return exitUsage
		}
		if err := x.writeAtomic(files[0], r.Code); err != nil {
			fmt.Fprintf(x.Stderr, "flowzap patch: %v\n", err)
			return exitFail
		}
		return exitOK
	}
	x.Stdout.Write(r.Code)
	return exitOK
}

var importCmd = &command{
	name:    "import",
	summary: "turn an access log, HAR file, OpenAPI document or Go function into a diagram",
	usage:   "flowzap import --from log|har|openapi|go [--func Name] [-o OUT] FILE",
}

func runImport(_ context.Context, x *ctx, args []string) int {
	fs, files, code := importCmd.parse(x, args)
	if code >= 0 {
		return code
	}
	if len(files) != 1 {
		fmt.Fprintf(x.Stderr, "flowzap import: expected exactly one FILE, got %d\nusage: %s\n", len(files), importCmd.usage)
		return exitUsage
	}
	kind := fs.Lookup("from").Value.String()
	if !slices.Contains(pipeline.ImportKinds, kind) {
		fmt.Fprintf(x.Stderr, "flowzap import: --from %q: expected %s\n", kind, strings.Join(pipeline.ImportKinds, ", "))
		return exitUsage
	}
	if kind == "go" && fs.Lookup("func").Value.String() == "" {
		fmt.Fprintln(x.Stderr, "flowzap import: --from go needs --func Name or Type.Method")
		return exitUsage
	}
	opts := pipeline.ImportOptions{Func: fs.Lookup("func").Value.String(), Depth: fs.Lookup("depth").Value.(flag.Getter).Get().(int)}
	var data []byte
	if kind == "go" {
		opts.Path = x.path(files[0])
		if _, err := os.Stat(opts.Path); err != nil {
			fmt.Fprintf(x.Stderr, "flowzap import: %v\n", err)
			return exitFail
		}
	} else {
		var err error
		if data, err = x.read(files[0]); err != nil {
			fmt.Fprintf(x.Stderr, "flowzap import: %v\n", err)
			return exitFail
		}
	}
	out, err := pipeline.Import(kind, data, opts)
	if err != nil {
		fmt.Fprintf(x.Stderr, "flowzap import: %s: %v\n", displayName(files[0]), err)
		return exitFail
	}
	if o := fs.Lookup("o").Value.String(); o != "-" {
		if err := x.writeAtomic(o, []byte(out)); err != nil {
			fmt.Fprintf(x.Stderr, "flowzap import: %v\n", err)
			return exitFail
		}
		return exitOK
	}
	fmt.Fprint(x.Stdout, out)
	return exitOK
}
