// Package cli implements the flowzap command line. [Run] is the whole
// program: cmd/flowzap only passes it the process's arguments and standard
// streams, and tests call it in-process with their own [Env].
//
// Exit codes: 0 success (warnings allowed), 1 the input has errors or an
// operation failed, 2 the command line itself is wrong.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// Env is everything the program may touch besides the file system.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Dir is the working directory relative paths are resolved against;
	// empty means the process's.
	Dir string
	// Getenv reads an environment variable; nil reads none.
	Getenv func(string) string
}

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// Version is the program version, set at build time with
// -ldflags "-X flowzap/internal/cli.Version=v1.2.3".
var Version = "0.1.0-dev"

type command struct {
	name    string
	summary string
	usage   string
	run     func(ctx context.Context, c *ctx, args []string) int
}

// ctx carries the environment through a command.
type ctx struct {
	Env
}

// commandList returns the commands in the order help lists them. It is a
// function, not a variable, so that every file's init has run first.
func commandList() []*command {
	return []*command{checkCmd, fmtCmd, fixCmd, exportCmd, renderCmd, diffCmd, patchCmd, importCmd, serveCmd, mcpCmd, versionCmd}
}

// Run runs the program with args (without the program name) and returns
// the exit code.
func Run(c context.Context, args []string, env Env) int {
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	x := &ctx{env}
	if len(args) == 0 {
		x.usage(x.Stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		return x.help(args[1:])
	}
	for _, cmd := range commandList() {
		if cmd.name == name {
			return cmd.run(c, x, args[1:])
		}
	}
	fmt.Fprintf(x.Stderr, "flowzap: unknown command %q\nRun 'flowzap help' for the list of commands.\n", name)
	return exitUsage
}

func (x *ctx) usage(w io.Writer) {
	fmt.Fprint(w, "flowzap turns FlowZap Code (.fz) into diagrams and keeps the code correct.\n\nUsage:\n\n\tflowzap <command> [arguments]\n\nCommands:\n\n")
	for _, c := range commandList() {
		fmt.Fprintf(w, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nUse \"flowzap help <command>\" for more about a command. FILE may be - for standard input.\n")
}

func (x *ctx) help(args []string) int {
	if len(args) == 0 {
		x.usage(x.Stdout)
		return exitOK
	}
	for _, c := range commandList() {
		if c.name == args[0] {
			fmt.Fprintf(x.Stdout, "usage: %s\n\n%s\n", c.usage, c.summary)
			fs := c.flags(x)
			fs.SetOutput(x.Stdout)
			fs.PrintDefaults()
			return exitOK
		}
	}
	fmt.Fprintf(x.Stderr, "flowzap help: unknown command %q\n", args[0])
	return exitUsage
}

// flags returns the command's flag set with output and error handling set
// up; commands define their flags through flagSet.
func (c *command) flags(x *ctx) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(x.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s\n", c.usage)
		fs.PrintDefaults()
	}
	if def, ok := flagDefs[c.name]; ok {
		def(fs)
	}
	return fs
}

// flagDefs lets help print a command's flags without running it.
var flagDefs = map[string]func(*flag.FlagSet){}

// parse parses the command's flags (flags may follow file names too).
func (c *command) parse(x *ctx, args []string) (*flag.FlagSet, []string, int) {
	fs := c.flags(x)
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, nil, exitOK
			}
			return nil, nil, exitUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		files = append(files, args[0])
		args = args[1:]
	}
	return fs, files, -1
}

func (x *ctx) path(name string) string {
	if name == "-" || filepath.IsAbs(name) || x.Dir == "" {
		return name
	}
	return filepath.Join(x.Dir, name)
}

// read returns the contents of FILE, or standard input for "-".
func (x *ctx) read(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(x.Stdin)
	}
	b, err := os.ReadFile(x.path(name))
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: %v", name, pe.Err)
		}
		return nil, err
	}
	return b, nil
}

// displayName is the name diagnostics use for FILE.
func displayName(name string) string {
	if name == "-" {
		return "<stdin>"
	}
	return name
}

// writeAtomic replaces the file with data: it writes a temporary file in
// the same directory, syncs it and renames it over the original, so a
// failure never leaves a half-written file. The original mode is kept.
func (x *ctx) writeAtomic(name string, data []byte) error {
	p := x.path(name)
	mode := os.FileMode(0o644)
	if st, err := os.Stat(p); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

var versionCmd = &command{
	name:    "version",
	summary: "print the flowzap version",
	usage:   "flowzap version",
	run: func(_ context.Context, x *ctx, args []string) int {
		rev := ""
		if bi, ok := debug.ReadBuildInfo(); ok {
			settings := map[string]string{}
			for _, s := range bi.Settings {
				settings[s.Key] = s.Value
			}
			if r := settings["vcs.revision"]; r != "" {
				rev = " " + r[:min(12, len(r))]
			}
			fmt.Fprintf(x.Stdout, "flowzap %s%s (%s)\n", Version, rev, bi.GoVersion)
			return exitOK
		}
		fmt.Fprintf(x.Stdout, "flowzap %s\n", Version)
		return exitOK
	},
}
