package syntax

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"flowzap/internal/diag"
	"flowzap/internal/golden"
	"flowzap/internal/source"
	"flowzap/internal/testgen"
)

// corpus returns every .fz file used as shared test input: the examples and
// this package's testdata.
func corpus(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, pattern := range []string{"../../examples/*.fz", "testdata/*/*.fz", "../compile/testdata/*/*.fz", "../fix/testdata/*.fz"} {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files[p] = b
		}
	}
	if len(files) < 15 {
		t.Fatalf("corpus has only %d files", len(files))
	}
	return files
}

func parse(src string) (*File, diag.List) {
	return Parse(source.NewFile("test.fz", []byte(src)))
}

func TestFormatGolden(t *testing.T) {
	paths, _ := filepath.Glob("testdata/format/*.fz")
	if len(paths) == 0 {
		t.Fatal("no format inputs")
	}
	for _, p := range paths {
		src, _ := os.ReadFile(p)
		out, diags, err := Format(p, src)
		if err != nil {
			t.Errorf("%s: %v", p, diags)
			continue
		}
		golden.Check(t, strings.TrimSuffix(p, ".fz")+".golden", out)
	}
}

// TestFormatIdempotent checks Format(Format(x)) == Format(x) and that
// formatting never changes the statements (same counts of each kind).
func TestFormatIdempotent(t *testing.T) {
	for name, src := range corpus(t) {
		once, _, err := Format(name, src)
		if err != nil {
			continue // files with syntax errors are not formatted
		}
		twice, diags, err := Format(name, once)
		if err != nil {
			t.Errorf("%s: formatted output does not parse: %v\n%s", name, diags, once)
			continue
		}
		if !bytes.Equal(once, twice) {
			t.Errorf("%s: format is not idempotent:\n--- once\n%s\n--- twice\n%s", name, once, twice)
		}
		a, _ := parse(string(src))
		b, _ := parse(string(once))
		if ca, cb := countStmts(a), countStmts(b); ca != cb {
			t.Errorf("%s: formatting changed the statements: %v -> %v", name, ca, cb)
		}
	}
}

type counts struct{ lanes, nodes, edges, loops, comments int }

func countStmts(f *File) counts {
	var c counts
	var walk func([]Stmt)
	walk = func(list []Stmt) {
		for _, s := range list {
			if s.Base().Trailing != nil {
				c.comments++
			}
			switch s := s.(type) {
			case *Lane:
				c.lanes++
				if s.CloseTrailing != nil {
					c.comments++
				}
				walk(s.Body)
			case *NodeDecl:
				c.nodes++
			case *Edge:
				c.edges++
			case *Loop:
				c.loops++
			case *Comment:
				c.comments++
			}
		}
	}
	walk(f.Stmts)
	return c
}

func TestParseStatements(t *testing.T) {
	f, diags := parse(`lane1 { # First lane
  n1: circle label:"A \"quoted\" \\ word"
  n2: taskbox label:"T|a|b" owner:"o" system:"s" description:"d"
  n1.handle(right) -> lane2.n3.handle(left) [label="go"]
  loop [while busy] n1 n2
}
lane2 {
  n3: diamond
}`)
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if len(f.Stmts) != 2 {
		t.Fatalf("got %d top-level statements, want 2", len(f.Stmts))
	}
	l := f.Stmts[0].(*Lane)
	if l.ID.Name != "lane1" || l.Label.Text != "First lane" || l.Label.Style != LabelInline {
		t.Errorf("lane header parsed as %+v %+v", l.ID, l.Label)
	}
	n1 := l.Body[0].(*NodeDecl)
	if got := n1.Attrs[0].Value.Value; got != `A "quoted" \ word` {
		t.Errorf("string value = %q", got)
	}
	e := l.Body[2].(*Edge)
	if e.From.Node.Name != "n1" || e.From.Handle.Side.Name != "right" || e.To.Lane.Name != "lane2" ||
		e.To.Node.Name != "n3" || e.To.Handle.Side.Name != "left" || e.Attrs[0].Value.Value != "go" {
		t.Errorf("edge parsed wrongly: %+v", e)
	}
	lp := l.Body[3].(*Loop)
	if lp.Condition != "while busy" || len(lp.Nodes) != 2 {
		t.Errorf("loop parsed as %+v", lp)
	}
	if l2 := f.Stmts[1].(*Lane); l2.Label != nil {
		t.Errorf("lane2 should have no label, got %+v", l2.Label)
	}
}

// TestSpans checks that every statement's span lies inside the file and
// starts where its text starts.
func TestSpans(t *testing.T) {
	for name, src := range corpus(t) {
		f, _ := Parse(source.NewFile(name, src))
		var walk func([]Stmt)
		walk = func(list []Stmt) {
			for _, s := range list {
				if s.Pos() < 0 || s.End() > f.End() || s.Pos() > s.End() {
					t.Errorf("%s: statement %T has span %d..%d outside 0..%d", name, s, s.Pos(), s.End(), f.End())
				}
				if l, ok := s.(*Lane); ok {
					if got := f.Src.Slice(l.ID.Span); got != l.ID.Name {
						t.Errorf("%s: lane ID span holds %q, want %q", name, got, l.ID.Name)
					}
					walk(l.Body)
				}
				if n, ok := s.(*NodeDecl); ok {
					if got := f.Src.Slice(n.ID.Span); got != n.ID.Name {
						t.Errorf("%s: node ID span holds %q, want %q", name, got, n.ID.Name)
					}
				}
			}
		}
		walk(f.Stmts)
	}
}

func TestRecoveryKeepsLaterStatements(t *testing.T) {
	f, diags := parse("a { # A\n  n1: circle label:\"x\"\n  this is not valid\n  n2: rectangle label:\"y\"\n  n1.handle(right) -> n2.handle(left)\n}\n")
	if len(diags) != 1 || diags[0].Code != diag.Syntax {
		t.Fatalf("want one syntax error, got %v", diags)
	}
	if p := f.Src.Position(diags[0].Span.Start); p.Line != 3 || p.Col != 8 {
		t.Errorf("error at %d:%d, want 3:8", p.Line, p.Col)
	}
	c := countStmts(f)
	if c.nodes != 2 || c.edges != 1 {
		t.Errorf("statements after the bad line were lost: %+v", c)
	}
}

// TestHostileInputs checks that extreme inputs parse in bounded time
// without panicking. Time is not asserted; a hang fails through the test
// timeout and a crash fails the test.
func TestHostileInputs(t *testing.T) {
	garbage := make([]byte, 1<<16)
	seed := uint32(1)
	for i := range garbage {
		seed = seed*1664525 + 1013904223
		garbage[i] = byte(seed >> 24)
	}
	inputs := map[string]string{
		"1MB line":               "a { # A\n  n1: circle label:\"" + strings.Repeat("x", 1<<20) + "\"\n}\n",
		"1MB unterminated":       "a {\n n1: circle label:\"" + strings.Repeat("y", 1<<20),
		"1MB bare word":          strings.Repeat("z", 1<<20),
		"200 nested braces":      strings.Repeat("l {\n", 200) + strings.Repeat("}\n", 200),
		"200 braces on one line": "a " + strings.Repeat("{", 200),
		"binary garbage":         string(garbage),
		"invalid UTF-8":          "a { # \xff\xfe\n  n1: circle label:\"\xc3\x28\"\n}\n",
		"NUL bytes":              "a {\x00\n}\n",
		"only BOM":               "\xef\xbb\xbf",
		"many arrows":            "a {\n n1 " + strings.Repeat("-> n1 ", 10000) + "\n}\n",
		"deep dots":              "a {\n " + strings.Repeat("n1.", 10000) + "handle(left) -> n1\n}\n",
	}
	for name, src := range inputs {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			f, diags := parse(src)
			if f == nil {
				t.Fatal("Parse returned a nil tree")
			}
			for _, d := range diags {
				if d.Span.Start < 0 || int(d.Span.End) > len(src) || d.Msg == "" {
					t.Errorf("bad diagnostic %+v", d)
				}
			}
			t.Logf("%d bytes, %d diagnostics, %v", len(src), len(diags), time.Since(start))
		})
	}
}

func TestCRLFAndBOM(t *testing.T) {
	f, diags := parse("\xef\xbb\xbfa { # Lane A\r\n  n1: circle label:\"x\"\r\n}\r\n")
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	l := f.Stmts[0].(*Lane)
	if l.Label.Text != "Lane A" {
		t.Errorf("label = %q: the CR must not be part of it", l.Label.Text)
	}
}

func TestOneErrorPerLine(t *testing.T) {
	_, diags := parse("a {\n  n1: circle label:\"\x01\" ] ] ]\n}\n")
	if len(diags) != 1 || diags[0].Code != diag.ControlChar {
		t.Fatalf("want exactly the control-character error, got %v", diags)
	}
}

func FuzzParse(f *testing.F) {
	for _, src := range corpus(f) {
		f.Add(src)
	}
	f.Add([]byte("a {\n n1 -> n2 -> n3\n}"))
	f.Fuzz(func(t *testing.T, src []byte) {
		file, diags := Parse(source.NewFile("fuzz.fz", src))
		if file == nil {
			t.Fatal("nil tree")
		}
		for _, d := range diags {
			if d.Span.Start < 0 || int(d.Span.End) > len(src) || d.Span.Start > d.Span.End {
				t.Fatalf("diagnostic span %v outside the input of %d bytes", d.Span, len(src))
			}
		}
		var b bytes.Buffer
		if err := Print(&b, file); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzFormat(f *testing.F) {
	for _, src := range corpus(f) {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		once, _, err := Format("fuzz.fz", src)
		if err != nil {
			return
		}
		twice, diags, err := Format("fuzz.fz", once)
		if err != nil {
			t.Fatalf("formatted output does not parse: %v\ninput: %q\noutput: %q", diags, src, once)
		}
		if !bytes.Equal(once, twice) {
			t.Fatalf("not idempotent\ninput: %q\nonce:  %q\ntwice: %q", src, once, twice)
		}
		a, _ := Parse(source.NewFile("a", src))
		b, _ := Parse(source.NewFile("b", once))
		if ca, cb := countStmts(a), countStmts(b); ca != cb {
			t.Fatalf("statements changed %v -> %v\ninput: %q\noutput: %q", ca, cb, src, once)
		}
	})
}

// BenchmarkParse measures the parser alone on a large generated file.
func BenchmarkParse(b *testing.B) {
	src := []byte(testgen.Diagram(testgen.Options{Nodes: 10000, Seed: 1}))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, d := Parse(source.NewFile("bench.fz", src)); d.HasErrors() {
			b.Fatal(d)
		}
	}
}
