// Package cli implements the flowzap command line. [Run] is the whole
// program: cmd/flowzap only passes it the process's arguments and standard
// streams, and tests call it in-process with their own [Env].
//
// Exit codes: 0 success (warnings allowed), 1 the input has errors or an
// operation failed, 2 the command line itself is wrong.
package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"
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

// command is one subcommand. Its flags are typed variables: setup defines
// them on the flag set and returns the function that runs the command with
// their parsed values, so help can list a command's flags without running
// it and no command looks a flag up by name.
type command struct {
	name    string
	summary string
	usage   string
	setup   func(fs *flag.FlagSet) runFunc
}

// runFunc runs a command on its non-flag arguments. The error decides the
// exit code: nil is 0, a [usageError] 2, anything else 1 (see [Run]).
type runFunc func(c context.Context, x *ctx, args []string) error

// ctx carries the environment through a command.
type ctx struct {
	Env
	// maxInput is the largest input file in bytes (--max-input).
	maxInput int64
	// maxInputFlag is set when the command has the --max-input flag
	// that sets maxInput.
	maxInputFlag bool
	// out is Stdout, which remembers its first write error.
	out *stickyWriter
	// lang is the diagnostics' language (--lang; see langFromEnv).
	lang string
	// langFlag is set when the command has the --lang flag that sets lang.
	langFlag bool
}

// defaultMaxInput is --max-input's default: far above any real diagram,
// low enough that a stray huge file or /dev/zero fails fast.
const defaultMaxInput = 16 << 20

// usageError is a wrong command line: Run prints it and exits 2.
type usageError struct {
	msg       string
	showUsage bool // also print the command's usage line
}

func (e *usageError) Error() string { return e.msg }

// usagef reports a wrong command line.
func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// argsf reports wrong arguments, followed by the command's usage line.
func argsf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), showUsage: true}
}

// errReported says that the command failed and has already said why (the
// diagnostics are printed): Run exits 1 without a message.
var errReported = errors.New("failure already reported")

// flagError is a flag the command does not have, or a flag's value that
// does not parse: [command.exec] prints it with a suggestion and exits 2.
type flagError struct{ err error }

func (e *flagError) Error() string { return e.err.Error() }

// message says what is wrong with the flag, naming the closest flag the
// command has when the name looks misspelt.
func (e *flagError) message(fs *flag.FlagSet) string {
	msg := e.err.Error()
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Sprintf("flag %s needs a value", dashes(name))
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		// invalid value "x" for flag -name: why
		if i := strings.Index(rest, " for flag -"); i >= 0 {
			value, tail := rest[:i], rest[i+len(" for flag -"):]
			name, _, _ := strings.Cut(tail, ":")
			return fmt.Sprintf("invalid value %s for %s: expected %s", value, dashes(name), expectedValue(fs.Lookup(name)))
		}
		return msg
	}
	name, ok := strings.CutPrefix(msg, "flag provided but not defined: -")
	if !ok {
		return msg
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	s := fmt.Sprintf("unknown flag %s", dashes(name))
	if near := closest(name, names); near != "" {
		s += "; did you mean " + dashes(near) + "?"
	}
	return s
}

// expectedValue says what kind of value the flag takes.
func expectedValue(f *flag.Flag) string {
	if f == nil {
		return "a valid value"
	}
	if g, ok := f.Value.(flag.Getter); ok {
		switch g.Get().(type) {
		case bool:
			return "true or false"
		case int, int64, uint, uint64:
			return "a whole number"
		case float64:
			return "a number"
		case time.Duration:
			return "a duration such as 30s or 2m"
		}
	}
	return "a valid value"
}

// dashes writes a flag name as the usage lines do: -x for one letter,
// --name for a word.
func dashes(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// checkChoice returns check(got) as a usage error that suggests the
// closest of options, or nil when got is accepted.
func checkChoice(got string, options []string, check func(string) error) error {
	if err := check(got); err != nil {
		return usagef("%v%s", err, didYouMean(got, options))
	}
	return nil
}

// commandNames lists the commands' names.
func commandNames() []string {
	var names []string
	for _, c := range commandList() {
		names = append(names, c.name)
	}
	return names
}

// didYouMean returns "; did you mean X?" naming the option closest to got,
// or "" when none is close.
func didYouMean(got string, options []string) string {
	if near := closest(got, options); near != "" {
		return "; did you mean " + near + "?"
	}
	return ""
}

// closest returns the option nearest to got (ignoring case): the same
// word, else one that starts with got (at least 2 characters), else one
// within a small edit distance (a third of its length, at least 1, at
// most 2; got of at least 3 characters), or "" when none is close.
func closest(got string, options []string) string {
	g := strings.ToLower(got)
	for _, o := range options {
		if strings.ToLower(o) == g {
			return o
		}
	}
	if len(g) >= 2 {
		for _, o := range options {
			if strings.HasPrefix(strings.ToLower(o), g) {
				return o
			}
		}
	}
	if len([]rune(g)) < 3 {
		return "" // one or two letters: any other short name is as close
	}
	best, bestD := "", 3
	for _, o := range options {
		d := editDistance(g, strings.ToLower(o))
		if d < bestD && d <= max(1, len(o)/3) {
			best, bestD = o, d
		}
	}
	return best
}

// editDistance is the number of single-character insertions, deletions,
// substitutions and swaps of neighbours that turn a into b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// d[i][j] is the distance between ra[:i] and rb[:j].
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// commandList returns the commands in the order help lists them.
func commandList() []*command {
	return []*command{checkCmd, fmtCmd, fixCmd, exportCmd, renderCmd, diffCmd, patchCmd, importCmd, templatesCmd, siteCmd, serveCmd, mcpCmd, versionCmd}
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
	out := &stickyWriter{w: env.Stdout}
	env.Stdout = out
	x := &ctx{Env: env, out: out}
	if len(args) == 0 {
		x.usage(x.Stderr)
		return exitUsage
	}
	name := args[0]
	// A full disk or a closed pipe on standard output is a failure, not
	// a success with the output lost.
	checkOut := func(code int) int {
		if out.err != nil && code == exitOK {
			fmt.Fprintf(x.Stderr, "flowzap %s: cannot write standard output: %v\n", name, out.err)
			return exitFail
		}
		return code
	}
	switch name {
	case "help", "-h", "-help", "--help":
		return checkOut(x.help(args[1:]))
	case "-version", "--version":
		name = "version"
	}
	for _, cmd := range commandList() {
		if cmd.name == name {
			return checkOut(cmd.exec(c, x, args[1:]))
		}
	}
	fmt.Fprintf(x.Stderr, "flowzap: unknown command %q%s\nRun 'flowzap help' for the list of commands.\n", name, didYouMean(name, commandNames()))
	return exitUsage
}

// stickyWriter remembers the first error of its writer and writes
// nothing more after it.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		s.err = err
	}
	return n, err
}

func (x *ctx) usage(w io.Writer) {
	fmt.Fprint(w, "flowzap turns FlowZap Code (.fz) into diagrams and keeps the code correct.\n\nUsage:\n\n\tflowzap <command> [arguments]\n\nCommands:\n\n")
	for _, c := range commandList() {
		fmt.Fprintf(w, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nUse \"flowzap help <command>\" for more about a command. FILE may be - for standard input.\n")
}

func (x *ctx) help(args []string) int {
	if len(args) == 0 || args[0] == "help" {
		x.usage(x.Stdout)
		return exitOK
	}
	for _, c := range commandList() {
		if c.name == args[0] {
			fmt.Fprintf(x.Stdout, "usage: %s\n\n%s\n", c.usage, c.summary)
			fs, _ := c.flags(x)
			fs.SetOutput(x.Stdout)
			fs.PrintDefaults()
			return exitOK
		}
	}
	fmt.Fprintf(x.Stderr, "flowzap help: unknown command %q%s\n", args[0], didYouMean(args[0], commandNames()))
	return exitUsage
}

// exec parses the command's flags, runs it and turns its error into an
// exit code, printing the message.
func (c *command) exec(cx context.Context, x *ctx, args []string) int {
	fs, run := c.flags(x)
	files, err := parseInterspersed(fs, args)
	if err == nil && x.maxInputFlag && x.maxInput <= 0 {
		err = usagef("--max-input %d: expected a positive number of bytes", x.maxInput)
	}
	if err == nil && x.langFlag {
		err = checkLang(x.lang)
	}
	if err == nil {
		err = negativeDuration(fs)
	}
	if err == nil {
		err = run(cx, x, files)
	}
	var ue *usageError
	var fe *flagError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &fe):
		fmt.Fprintf(x.Stderr, "flowzap %s: %s\nusage: %s\nRun 'flowzap help %s' for its flags.\n", c.name, fe.message(fs), c.usage, c.name)
		return exitUsage
	case errors.As(err, &ue):
		fmt.Fprintf(x.Stderr, "flowzap %s: %s\n", c.name, ue.msg)
		if ue.showUsage {
			fmt.Fprintf(x.Stderr, "usage: %s\n", c.usage)
		}
		return exitUsage
	case errors.Is(err, errReported):
		return exitFail
	}
	if x.out != nil && x.out.err != nil && errors.Is(err, x.out.err) {
		err = fmt.Errorf("cannot write standard output: %w", err)
	}
	fmt.Fprintf(x.Stderr, "flowzap %s: %v\n", c.name, err)
	return exitFail
}

// negativeDuration refuses a duration flag set below zero (--timeout
// -5s): no flag has a meaning for it, and it read as "no limit" or as
// "already past".
func negativeDuration(fs *flag.FlagSet) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		if g, ok := f.Value.(flag.Getter); ok && err == nil {
			if d, ok := g.Get().(time.Duration); ok && d < 0 {
				err = usagef("%s %v: expected a duration of 0 or more, such as 30s or 2m", dashes(f.Name), d)
			}
		}
	})
	return err
}

// flags returns the command's flag set, with output and error handling set
// up, and the function that runs the command with the parsed flags.
func (c *command) flags(x *ctx) (*flag.FlagSet, runFunc) {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(x.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s\n", c.usage)
		fs.PrintDefaults()
	}
	run := c.setup(fs)
	if fs.Lookup("max-input") == nil && c.name != "serve" && c.name != "site" && c.name != "version" {
		fs.Int64Var(&x.maxInput, "max-input", defaultMaxInput, "largest input file in bytes")
		x.maxInputFlag = true
	}
	x.lang = langFromEnv(x.Getenv)
	if fs.Lookup("lang") == nil && !slices.Contains([]string{"serve", "site", "version", "mcp"}, c.name) {
		fs.StringVar(&x.lang, "lang", x.lang, "language of the diagnostics: en, fr or zh (FLOWZAP_LANG, LC_ALL, LC_MESSAGES or LANG give the default)")
		x.langFlag = true
	}
	return fs, run
}

// parseInterspersed parses flags that may follow file names too and
// returns the file names. A bad flag is returned as a [*flagError]: the
// flag package's own message and flag list are not printed, [command.exec]
// says what is wrong and suggests the flag meant.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	defer func() { fs.SetOutput(out); fs.Usage = usage }()
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(out)
				usage()
				return nil, err
			}
			return nil, &flagError{err: err}
		}
		args = fs.Args()
		if len(args) == 0 {
			return files, nil
		}
		files = append(files, args[0])
		args = args[1:]
	}
}

// noSetup is the setup of a command without flags.
func noSetup(run runFunc) func(*flag.FlagSet) runFunc {
	return func(*flag.FlagSet) runFunc { return run }
}

func (x *ctx) path(name string) string {
	if name == "-" || filepath.IsAbs(name) || x.Dir == "" {
		return name
	}
	return filepath.Join(x.Dir, name)
}

// read returns the contents of FILE, or standard input for "-", refusing
// inputs past --max-input without reading them whole. Lone carriage
// returns (old Mac line endings) become line feeds, byte for byte, so
// positions stay right.
func (x *ctx) read(name string) ([]byte, error) {
	b, _, err := x.readText(name)
	return b, err
}

// readText is [ctx.read] that also says whether lone carriage returns
// were turned into line feeds: the file on disk then differs from the
// text returned, and is not in canonical form.
func (x *ctx) readText(name string) (data []byte, loneCR bool, err error) {
	limit := x.maxInput
	if limit <= 0 {
		limit = defaultMaxInput
	}
	var r io.Reader = x.Stdin
	if name != "-" {
		f, err := os.Open(x.path(name))
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return nil, false, fmt.Errorf("%s: %v", name, pe.Err)
			}
			return nil, false, err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > limit {
			return nil, false, fmt.Errorf("%s: the file is %d bytes, larger than the %d-byte limit (raise it with --max-input)", name, st.Size(), limit)
		}
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, false, fmt.Errorf("%s: %v", name, pe.Err)
		}
		return nil, false, err
	}
	if int64(len(b)) > limit {
		return nil, false, fmt.Errorf("%s: the input is larger than the %d-byte limit (raise it with --max-input)", name, limit)
	}
	data, loneCR = normalizeCR(b)
	return data, loneCR, nil
}

// normalizeCR turns each carriage return not followed by a line feed
// into a line feed, in text: binary input (a .drawio.png picture, which
// carries its diagram, or UTF-16 text, which the XML importers decode
// themselves) is left as it is.
// It reports whether it changed any.
func normalizeCR(b []byte) ([]byte, bool) {
	if bytes.IndexByte(b, '\r') < 0 || binary(b) {
		return b, false
	}
	changed := false
	for i, c := range b {
		if c == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			b[i] = '\n'
			changed = true
		}
	}
	return b, changed
}

// binary reports whether b is not text: a PNG picture, or a NUL byte in
// its first 8,000 bytes (as UTF-16 and other binary data have, and text
// never does).
func binary(b []byte) bool {
	return bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) || bytes.IndexByte(b[:min(len(b), 8000)], 0) >= 0
}

// stdinOnce refuses a command line that names standard input (-) more
// than once: the second read would find it empty.
func stdinOnce(files []string) error {
	n := 0
	for _, f := range files {
		if f == "-" {
			n++
		}
	}
	if n > 1 {
		return usagef("- (standard input) is named %d times: it can be read only once", n)
	}
	return nil
}

// displayName is the name diagnostics use for FILE.
func displayName(name string) string {
	if name == "-" {
		return "<stdin>"
	}
	return name
}

// notInput refuses an output file that is the input file itself, by the
// same name, through a symbolic link or as a hard link: the output (a
// picture, another format) would replace the code it was made from.
// Standard input and output, devices and pipes are never the same file.
func (x *ctx) notInput(in, out string) error {
	if in == "-" || out == "-" {
		return nil
	}
	ost, err := os.Stat(x.path(out))
	if err != nil || !ost.Mode().IsRegular() {
		return nil
	}
	ist, err := os.Stat(x.path(in))
	if err != nil || !os.SameFile(ist, ost) {
		return nil
	}
	return usagef("-o %s is the input file %s: writing there would replace the input; expected another file name", out, in)
}

// writeAtomic replaces the file with data: it writes a temporary file in
// the same directory, syncs it and renames it over the original, so a
// failure never leaves a half-written file. The original mode is kept. A
// symbolic link is followed (the file it points to is replaced, the link
// stays); a read-only file is refused; a device or a pipe is written to
// directly.
func (x *ctx) writeAtomic(name string, data []byte) error {
	if err := x.writeAtomicErr(name, data); err != nil {
		// Say which file and why, not which temporary file failed.
		var pe *fs.PathError
		var le *os.LinkError
		if errors.As(err, &pe) {
			err = pe.Err
		} else if errors.As(err, &le) {
			err = le.Err
		}
		if _, serr := os.Stat(filepath.Dir(x.path(name))); errors.Is(err, fs.ErrNotExist) && errors.Is(serr, fs.ErrNotExist) {
			return fmt.Errorf("cannot write %s: the folder %s does not exist", name, filepath.Dir(name))
		}
		return fmt.Errorf("cannot write %s: %v", name, err)
	}
	return nil
}

func (x *ctx) writeAtomicErr(name string, data []byte) error {
	p := x.path(name)
	mode := os.FileMode(0o644)
	if st, err := os.Stat(p); err == nil {
		if st.IsDir() {
			return errors.New("it is a folder")
		}
		if !st.Mode().IsRegular() {
			// A device or a pipe (/dev/stdout, /dev/null, a FIFO) is
			// written to, not replaced: renaming over it would swap it
			// for a regular file.
			return writeDevice(p, data)
		}
		if st.Mode().Perm()&0o200 == 0 {
			return errors.New("the file is read-only")
		}
		mode = st.Mode().Perm()
		if p, err = filepath.EvalSymlinks(p); err != nil {
			return err
		}
	} else if p, err = resolveLinks(p); err != nil {
		return err
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

// writeDevice writes data to the file p that is not a regular file.
func writeDevice(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// resolveLinks follows p while it is a symbolic link, so that a write
// creates the file a dangling link points to and keeps the link.
func resolveLinks(p string) (string, error) {
	for range 40 {
		st, err := os.Lstat(p)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		target, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = target
	}
	return "", errors.New("too many levels of symbolic links")
}

// withTimeout returns c bounded by d (--timeout); 0 is no bound.
func withTimeout(c context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(c)
	}
	return context.WithTimeout(c, d)
}

// stoppedError says why a command stopped when err is its context's:
// interrupted (Ctrl-C, SIGTERM) or past --timeout; other errors pass.
func stoppedError(err error, what string, timeout time.Duration) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("gave up after %v (--timeout); %s: a larger --timeout, or a smaller diagram, helps", timeout, what)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("interrupted; %s", what)
	}
	return err
}

var versionCmd = &command{
	name:    "version",
	summary: "print the flowzap version",
	usage:   "flowzap version",
	setup:   noSetup(runVersion),
}

func runVersion(_ context.Context, x *ctx, args []string) error {
	if len(args) > 0 {
		return argsf("version takes no arguments")
	}
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
		return nil
	}
	fmt.Fprintf(x.Stdout, "flowzap %s\n", Version)
	return nil
}
