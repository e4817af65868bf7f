package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"go/scanner"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"flowzap/internal/diag"
	"flowzap/internal/jsonbody"
	"flowzap/internal/pipeline"
)

var diffCmd = &command{
	name:    "diff",
	summary: "show the structured differences between two versions of a diagram",
	usage:   "flowzap diff [--json] OLD NEW",
	setup: func(fs *flag.FlagSet) runFunc {
		f := &diffFlags{}
		fs.BoolVar(&f.json, "json", false, "print {changes, summary, same} as JSON")
		return f.run
	},
}

type diffFlags struct{ json bool }

func (f *diffFlags) run(_ context.Context, x *ctx, files []string) error {
	if len(files) != 2 {
		return argsf("expected OLD and NEW, got %s", counted(len(files), "file"))
	}
	if err := stdinOnce(files); err != nil {
		return err
	}
	var srcs [2][]byte
	for i, name := range files {
		b, err := x.read(name)
		if err != nil {
			return err
		}
		srcs[i] = b
	}
	// A version with errors is not compared: its errors are printed with
	// their positions, as check prints them.
	bad := 0
	for i, name := range files {
		if c := pipeline.Check(displayName(name), srcs[i], pipeline.Options{}); !c.OK() {
			x.printDiags(x.Stderr, c.Diags.Filter(diag.Error), c.File)
			fmt.Fprintf(x.Stderr, "flowzap diff: %s has %s: nothing was compared\n", displayName(name), counted(c.Diags.Count(diag.Error), "error"))
			bad++
		}
	}
	if bad > 0 {
		return errReported
	}
	r, err := pipeline.Diff(displayName(files[0]), srcs[0], displayName(files[1]), srcs[1])
	if err != nil {
		return err
	}
	if f.json {
		return writeJSON(x.Stdout, r)
	}
	fmt.Fprint(x.Stdout, r.Text())
	return nil
}

var patchCmd = &command{
	name:    "patch",
	summary: "apply JSON edit operations to a diagram, all or nothing",
	usage:   "flowzap patch [-w] FILE OPS.json",
	setup: func(fs *flag.FlagSet) runFunc {
		f := &patchFlags{}
		fs.BoolVar(&f.write, "w", false, "write the result to FILE instead of standard output")
		return f.run
	},
}

type patchFlags struct{ write bool }

func (f *patchFlags) run(_ context.Context, x *ctx, files []string) error {
	if len(files) != 2 {
		return argsf("expected FILE and OPS.json, got %s", counted(len(files), "file"))
	}
	if err := stdinOnce(files); err != nil {
		return err
	}
	if f.write && files[0] == "-" {
		return usagef("cannot use -w with standard input")
	}
	src, err := x.read(files[0])
	if err != nil {
		return err
	}
	raw, err := x.read(files[1])
	if err != nil {
		return err
	}
	var ops []pipeline.PatchOp
	if err := jsonbody.Decode(raw, &ops); err != nil {
		where, msg := displayName(files[1]), err.Error()
		var je *jsonbody.Error
		if errors.As(err, &je) && je.Line > 0 {
			where, msg = fmt.Sprintf("%s:%d:%d", where, je.Line, je.Column), je.Msg
		}
		return fmt.Errorf("%s: %s", where, msg)
	}
	r, err := pipeline.Patch(displayName(files[0]), src, ops)
	if err != nil {
		// Errors of the input itself are printed with their positions.
		if c := pipeline.Check(displayName(files[0]), src, pipeline.Options{}); !c.OK() {
			x.printDiags(x.Stderr, c.Diags.Filter(diag.Error), c.File)
		}
		return fmt.Errorf("%v; nothing was changed", err)
	}
	for _, a := range r.Applied {
		fmt.Fprintf(x.Stderr, "%s: %s\n", displayName(files[0]), a)
	}
	x.printDiags(x.Stderr, r.Diags, r.File)
	if f.write {
		return x.writeAtomic(files[0], r.Code)
	}
	x.Stdout.Write(r.Code)
	return nil
}

var importCmd = &command{
	name:    "import",
	summary: "turn a Mermaid, BPMN or draw.io diagram, an access log, HAR file, OpenAPI document or Go function into a diagram",
	usage:   "flowzap import [--from " + strings.Join(pipeline.ImportFormats(), "|") + "|log|har|openapi|go] [--func Name|Type.Method] [--depth N] [--fold-stdlib] [-o OUT [--force]] FILE",
	setup: func(fs *flag.FlagSet) runFunc {
		f := &importFlags{}
		fs.StringVar(&f.from, "from", "", "input format: "+strings.Join(pipeline.ImportFormats(), ", ")+" (diagrams) or "+strings.Join(pipeline.ImportKinds, ", ")+" (artifacts); default: from the file's extension or first lines")
		fs.StringVar(&f.fn, "func", "", "go: the function to follow, Name or Type.Method (default main, else the first function with a body)")
		fs.IntVar(&f.depth, "depth", 3, "go: how many calls deep to follow")
		fs.BoolVar(&f.fold, "fold-stdlib", false, "go: draw every standard-library package in one lane")
		fs.StringVar(&f.out, "o", "-", "output file, or - for standard output")
		fs.BoolVar(&f.force, "force", false, "replace the -o file if it exists")
		return f.run
	},
}

type importFlags struct {
	from, fn, out string
	depth         int
	fold, force   bool
	data          []byte // the input, when guess read it
}

// read returns the input: as guess read it, or read now.
func (f *importFlags) read(x *ctx, name string) ([]byte, error) {
	if f.data != nil {
		return f.data, nil
	}
	return x.read(name)
}

func (f *importFlags) run(_ context.Context, x *ctx, files []string) error {
	if len(files) != 1 {
		return argsf("expected exactly one FILE, got %d", len(files))
	}
	// Not even --force replaces the input with its import.
	if err := x.notInput(files[0], f.out); err != nil {
		return err
	}
	// The output is FlowZap Code, which may hold work of its own: an
	// existing file is replaced only with --force.
	if f.out != "-" && !f.force && !isDevice(x.path(f.out)) {
		if _, err := os.Stat(x.path(f.out)); err == nil {
			return fmt.Errorf("%s exists: use --force to replace it", f.out)
		}
	}
	if f.from == "" {
		if err := f.guess(x, files[0]); err != nil {
			return err
		}
	}
	if pipeline.IsImportFormat(f.from) {
		return f.diagram(x, files[0])
	}
	if !slices.Contains(pipeline.ImportKinds, f.from) {
		if slices.Contains(pipeline.ExportFormats(), f.from) {
			return usagef("--from %q: %s is an export format (flowzap export --format %s), which import does not read: expected %s", f.from, f.from, f.from, strings.Join(append(pipeline.ImportFormats(), pipeline.ImportKinds...), ", "))
		}
		all := append(pipeline.ImportFormats(), pipeline.ImportKinds...)
		return usagef("--from %q: expected %s%s", f.from, strings.Join(all, ", "), didYouMean(f.from, all))
	}
	opts := pipeline.ImportOptions{Func: f.fn, Depth: f.depth, FoldStdlib: f.fold}
	var data []byte
	if f.from == "go" {
		opts.Path = x.path(files[0])
		if _, err := os.Stat(opts.Path); err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return fmt.Errorf("%s: %v", files[0], pe.Err)
			}
			return err
		}
	} else {
		var err error
		if data, err = f.read(x, files[0]); err != nil {
			return err
		}
	}
	out, err := pipeline.Import(f.from, data, opts)
	var at interface {
		Position() (int, int)
		Message() string
	}
	if errors.As(err, &at) {
		// An error at a position of the input reads as the diagram
		// importers' do: file:line:col: error: what was found, expected.
		line, col := at.Position()
		pos := fmt.Sprintf("%s:%d", displayName(files[0]), line)
		if col > 0 {
			pos += fmt.Sprintf(":%d", col)
		}
		fmt.Fprintf(x.Stderr, "%s: error: %s\n", pos, at.Message())
		return errReported
	}
	var goErrs scanner.ErrorList
	if errors.As(err, &goErrs) && len(goErrs) > 0 {
		// Go syntax errors, each at its place in its file, as check
		// prints FlowZap Code's.
		for _, e := range goErrs {
			name := e.Pos.Filename
			if rel, rerr := filepath.Rel(x.path("."), name); rerr == nil && !strings.HasPrefix(rel, "..") {
				name = rel
			}
			if f.from == "go" && !isDir(opts.Path) {
				name = files[0]
			}
			fmt.Fprintf(x.Stderr, "%s:%d:%d: error: %s\n", name, e.Pos.Line, e.Pos.Column, e.Msg)
		}
		return errReported
	}
	if err != nil {
		return fmt.Errorf("%s: %v", displayName(files[0]), err)
	}
	if f.out != "-" {
		return x.writeAtomic(f.out, []byte(out))
	}
	fmt.Fprint(x.Stdout, out)
	return nil
}

// isDir reports whether p is a directory.
func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// guess sets the input format from the file's name and first bytes
// (pipeline.GuessImportFormat) when --from is not given.
func (f *importFlags) guess(x *ctx, name string) error {
	var data []byte
	dir := false
	if name != "-" {
		fi, err := os.Stat(x.path(name))
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return fmt.Errorf("%s: %v", name, pe.Err)
			}
			return err
		}
		dir = fi.IsDir()
	}
	if !dir && pipeline.GuessImportFormat(name, nil, false) == "" {
		var err error
		if data, err = x.read(name); err != nil {
			return err
		}
		f.data = data // read once: the importer takes it from here
	}
	f.from = pipeline.GuessImportFormat(name, data, dir)
	if format, export := pipeline.ExportOnlyFormat(name, data); f.from == "" && format != "" {
		return usagef("%s is a %s file, which import does not read: it reads %s (flowzap export --format %s writes %s)", displayName(name), format, strings.Join(append(pipeline.ImportFormats(), pipeline.ImportKinds...), ", "), export, format)
	}
	if f.from == "" {
		return usagef("cannot tell the format of %s from its name or its first lines: name it with --from (%s)", displayName(name), strings.Join(append(pipeline.ImportFormats(), pipeline.ImportKinds...), ", "))
	}
	return nil
}

// diagram imports another diagram format: what could not be carried over
// is reported on standard error with its line and column; the code is
// written only when the input could be read.
func (f *importFlags) diagram(x *ctx, name string) error {
	data, err := f.read(x, name)
	if err != nil {
		return err
	}
	r, err := pipeline.ImportDiagram(f.from, displayName(name), data)
	if err != nil {
		return usagef("%v", err)
	}
	x.printDiags(x.Stderr, r.Diags, r.Src)
	if !r.OK() {
		return errReported
	}
	if f.out != "-" {
		return x.writeAtomic(f.out, r.Code)
	}
	_, err = x.Stdout.Write(r.Code)
	return err
}
