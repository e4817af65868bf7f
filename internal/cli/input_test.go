package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runBounded(t *testing.T, stdin io.Reader, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Env{Stdin: stdin, Stdout: &out, Stderr: &errb, Dir: t.TempDir()})
	return code, out.String(), errb.String()
}

// endless is an input that never ends, like /dev/zero.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func TestInputBounds(t *testing.T) {
	code, _, stderr := runBounded(t, endless{}, "check", "--max-input", "1000", "-")
	if code != exitFail || !strings.Contains(stderr, "-: the input is larger than the 1000-byte limit (raise it with --max-input)") {
		t.Errorf("endless stdin: %d %q", code, stderr)
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "big.fz")
	os.WriteFile(big, append(bytes.Repeat([]byte("// comment\n"), 300), "a { # A\n  n1: circle label:\"x\"\n}\n"...), 0o644)
	code, _, stderr = runBounded(t, nil, "check", "--max-input", "1000", big)
	if code != exitFail || !strings.Contains(stderr, "the file is 3333 bytes, larger than the 1000-byte limit") {
		t.Errorf("big file: %d %q", code, stderr)
	}
	if code, _, stderr := runBounded(t, nil, "check", big); code != exitOK {
		t.Errorf("the default limit refuses a small file: %d %q", code, stderr)
	}
}

func TestCROnlyLineEndings(t *testing.T) {
	src := "a { # A\r  n1: circle label:\"x\"\r  n2: rectangle label:\"y\"\r  n1.handle(right) -> n2.handle(left)\r}\r"
	code, stdout, stderr := runBounded(t, strings.NewReader(src), "check", "-")
	if code != exitOK || !strings.Contains(stdout, "2 nodes, 1 edge;") {
		t.Errorf("CR-only line endings: %d %q %q", code, stdout, stderr)
	}
	// An error is reported on its real line.
	code, stdout, stderr = runBounded(t, strings.NewReader("a { # A\r  n1: circle label:\"x\"\r  n1.handle(right) -> n9.handle(left)\r}\r"), "check", "-")
	if code != exitFail || !strings.Contains(stdout+stderr, ":3:") {
		t.Errorf("error position with CR-only line endings: %d %q %q", code, stdout, stderr)
	}
}

// TestCRKeptInBinaryInput: a lone carriage return byte of a picture or of
// UTF-16 text is data, not a line ending: it is not rewritten (a
// .drawio.png's compressed diagram was broken so), while text's are.
func TestCRKeptInBinaryInput(t *testing.T) {
	for _, c := range []struct {
		name, in string
		changed  bool
	}{
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\rx", false},
		{"UTF-16", "\xff\xfe<\x00a\x00\r\x00>\x00", false},
		{"text", "a\rb\r\nc", true},
	} {
		got, said := normalizeCR([]byte(c.in))
		if changed := string(got) != c.in; changed != c.changed || said != c.changed {
			t.Errorf("%s: %q became %q (reported changed: %v)", c.name, c.in, got, said)
		}
	}
}

func TestScaleMessages(t *testing.T) {
	src := "a { # A\n  n1: circle label:\"x\"\n}\n"
	out := filepath.Join(t.TempDir(), "x.png")
	code, _, stderr := runBounded(t, strings.NewReader(src), "render", "--scale", "0.000001", "-o", out, "-")
	if code == exitOK || !strings.Contains(stderr, "scale 1e-06 is too small: the PNG would be") || strings.Contains(stderr, "too large") {
		t.Errorf("tiny scale: %d %q", code, stderr)
	}
	code, _, stderr = runBounded(t, strings.NewReader(src), "render", "--scale", "NaN", "-o", out, "-")
	if code == exitOK || !strings.Contains(stderr, "scale NaN out of range") {
		t.Errorf("NaN scale: %d %q", code, stderr)
	}
}

// TestImportExportOnlyFormats: a PlantUML, D2 or DOT file, which FlowZap
// writes but does not read, is named as such rather than "cannot tell
// the format"; so is --from with an export format.
func TestImportExportOnlyFormats(t *testing.T) {
	for _, c := range []struct{ stdin, want string }{
		{"@startuml\nA -> B : hi\n@enduml\n", "<stdin> is a PlantUML file, which import does not read: it reads mermaid, bpmn, drawio"},
		{"digraph G {\n  a -> b;\n}\n", "<stdin> is a Graphviz DOT file, which import does not read"},
	} {
		code, _, stderr := runBounded(t, strings.NewReader(c.stdin), "import", "-")
		if code == exitOK || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: %d %q", c.stdin, code, stderr)
		}
	}
	code, _, stderr := runBounded(t, strings.NewReader("a -> b\n"), "import", "--from", "d2", "-")
	if code == exitOK || !strings.Contains(stderr, `--from "d2": d2 is an export format (flowzap export --format d2), which import does not read: expected mermaid`) {
		t.Errorf("--from d2: %d %q", code, stderr)
	}
}

// TestLoneCRIsNotCanonical: a file with lone carriage returns (read as
// line feeds) is listed by fmt -l and rewritten by fmt -w and fix -w
// with line feeds, as a CRLF file is.
func TestLoneCRIsNotCanonical(t *testing.T) {
	const canonical = "a { # A\n  n1: circle label:\"x\"\n}\n"
	cr := strings.ReplaceAll(canonical, "\n", "\r")
	dir := t.TempDir()
	for _, args := range [][]string{{"fmt", "-l"}, {"fmt", "-w", "-l"}, {"fix", "-w"}} {
		p := filepath.Join(dir, "cr.fz")
		os.WriteFile(p, []byte(cr), 0o644)
		code, stdout, stderr := runBounded(t, nil, append(args, p)...)
		if code != exitOK {
			t.Fatalf("%v: %d %q", args, code, stderr)
		}
		if args[1] == "-l" || len(args) > 2 {
			if strings.TrimSpace(stdout) != p {
				t.Errorf("%v: listed %q, want %q", args, stdout, p)
			}
		}
		b, _ := os.ReadFile(p)
		want := cr
		if args[1] == "-w" {
			want = canonical
		}
		if string(b) != want {
			t.Errorf("%v: the file holds %q, want %q", args, b, want)
		}
	}
}
