package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const writeTestCode = "a { # A\n\tn1: circle label:\"x\"\n}\n"

// TestWriteFollowsSymlink: fmt -w on a symbolic link rewrites the file it
// points to and keeps the link; a dangling link's target is created.
func TestWriteFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.fz")
	os.WriteFile(real, []byte(writeTestCode), 0o644)
	link := filepath.Join(dir, "link.fz")
	if err := os.Symlink("real.fz", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	code, _, stderr := runBounded(t, nil, "fmt", "-w", link)
	if code != exitOK {
		t.Fatalf("fmt -w link: %d %q", code, stderr)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file: %v %v", st.Mode(), err)
	}
	if b, _ := os.ReadFile(real); !strings.Contains(string(b), "  n1: circle") {
		t.Errorf("the target was not formatted: %q", b)
	}

	dangling := filepath.Join(dir, "out.svg")
	os.Symlink(filepath.Join("sub", "drawn.svg"), dangling)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	if code, _, stderr := runBounded(t, strings.NewReader(writeTestCode), "render", "-o", dangling, "-"); code != exitOK {
		t.Fatalf("render to a dangling link: %d %q", code, stderr)
	}
	if st, err := os.Lstat(dangling); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the dangling link was replaced: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "sub", "drawn.svg")); err != nil || !bytes.HasPrefix(b, []byte("<svg")) {
		t.Errorf("the link's target was not written: %v %.20q", err, b)
	}
}

// TestWriteRefusesReadOnly: -w does not replace a file its owner made
// read-only, even for a user who may write the folder.
func TestWriteRefusesReadOnly(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ro.fz")
	os.WriteFile(p, []byte(writeTestCode), 0o444)
	code, _, stderr := runBounded(t, nil, "fmt", "-w", p)
	if code != exitFail || !strings.Contains(stderr, "cannot write "+p+": the file is read-only") {
		t.Errorf("fmt -w on a read-only file: %d %q", code, stderr)
	}
	if b, _ := os.ReadFile(p); string(b) != writeTestCode {
		t.Errorf("the read-only file changed: %q", b)
	}
}

// failWriter fails every write, as a full disk does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestStdoutWriteError: output that cannot be written is a failure, not
// a success with the output lost.
func TestStdoutWriteError(t *testing.T) {
	for _, args := range [][]string{{"fmt", "-"}, {"fix", "-"}, {"check", "-"}, {"render", "-"}, {"export", "-"}, {"version"}, {"help"}} {
		var errb bytes.Buffer
		code := Run(context.Background(), args, Env{Stdin: strings.NewReader(writeTestCode), Stdout: failWriter{}, Stderr: &errb})
		if code != exitFail || !strings.Contains(errb.String(), "cannot write standard output: no space left on device") {
			t.Errorf("%v: %d %q", args, code, errb.String())
		}
	}
}

// TestOutputIsNotInput: render, export and import refuse an -o that is
// their input file (by name, through a symbolic link or as a hard
// link), even with --force, and leave the input as it was.
func TestOutputIsNotInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "flow.fz")
	link := filepath.Join(dir, "link.svg")
	hard := filepath.Join(dir, "hard.json")
	os.WriteFile(in, []byte(writeTestCode), 0o644)
	links := true
	if os.Symlink("flow.fz", link) != nil || os.Link(in, hard) != nil {
		links = false
	}
	for _, args := range [][]string{
		{"render", "--format", "svg", "-o", in, in},
		{"render", "-o", link, in},
		{"export", "-o", hard, in},
		{"export", "--format", "mermaid", "-o", in, in},
		{"import", "--from", "mermaid", "--force", "-o", in, in},
	} {
		if !links && (args[len(args)-2] == link || args[len(args)-2] == hard) {
			continue
		}
		code, _, stderr := runBounded(t, nil, args...)
		out := args[len(args)-2]
		want := "-o " + out + " is the input file " + in + ": writing there would replace the input"
		if code != exitUsage || !strings.Contains(stderr, want) {
			t.Errorf("%v: %d %q, want exit 2 and %q", args, code, stderr, want)
		}
		if b, _ := os.ReadFile(in); string(b) != writeTestCode {
			t.Fatalf("%v: the input changed: %q", args, b)
		}
	}
	// Another file, and a device, are written as before.
	if code, _, stderr := runBounded(t, nil, "export", "-o", filepath.Join(dir, "out.json"), in); code != exitOK {
		t.Errorf("export to another file: %d %q", code, stderr)
	}
	if code, _, stderr := runBounded(t, strings.NewReader(writeTestCode), "render", "-o", os.DevNull, "-"); code != exitOK {
		t.Errorf("render - to %s: %d %q", os.DevNull, code, stderr)
	}
}
