package syntax

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

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
	Inspect(f, func(n Node) bool {
		switch n := n.(type) {
		case *Lane:
			c.lanes++
		case *NodeDecl:
			c.nodes++
		case *Edge:
			c.edges++
		case *Loop:
			c.loops++
		case *Comment:
			// fmt normalises the @layout block (stale entries go):
			// count the other comments.
			if !IsLayoutComment(n) {
				c.comments++
			}
		}
		return true
	})
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

// TestSpans checks that every node's span lies inside the file and inside
// its parent's (comments after a statement excepted), that Inspect visits
// nodes in source order, and that identifiers' spans hold their names.
func TestSpans(t *testing.T) {
	for name, src := range corpus(t) {
		f, _ := Parse(source.NewFile(name, src))
		var stack []Node
		last := source.Pos(0)
		Inspect(f, func(n Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			if n.Pos() < 0 || n.End() > f.End() || n.Pos() > n.End() {
				t.Errorf("%s: %T has span %d..%d outside 0..%d", name, n, n.Pos(), n.End(), f.End())
			}
			if n.Pos() < last {
				t.Errorf("%s: %T at %d visited after a node at %d", name, n, n.Pos(), last)
			}
			last = n.Pos()
			if _, isComment := n.(*Comment); !isComment && len(stack) > 0 {
				if p := stack[len(stack)-1]; n.Pos() < p.Pos() || n.End() > p.End() {
					t.Errorf("%s: %T %d..%d is outside its parent %T %d..%d", name, n, n.Pos(), n.End(), p, p.Pos(), p.End())
				}
			}
			if id, ok := n.(*Ident); ok && f.Src.Slice(id.Span) != id.Name {
				t.Errorf("%s: identifier span holds %q, want %q", name, f.Src.Slice(id.Span), id.Name)
			}
			stack = append(stack, n)
			return true
		})
		if len(stack) != 0 {
			t.Errorf("%s: Inspect called f(nil) %d times too few", name, len(stack))
		}
	}
}

// TestInspectPrunes checks that returning false skips a node's children.
func TestInspectPrunes(t *testing.T) {
	f, _ := parse("a { # A\n  n1: circle label:\"x\"\n  n2: circle label:\"y\"\n  n1.handle(right) -> n2.handle(left)\n}\n")
	var all, pruned []string
	Inspect(f, func(n Node) bool {
		if id, ok := n.(*Ident); ok {
			all = append(all, id.Name)
		}
		return true
	})
	Inspect(f, func(n Node) bool {
		if id, ok := n.(*Ident); ok {
			pruned = append(pruned, id.Name)
		}
		_, isEdge := n.(*Edge)
		return !isEdge
	})
	want := "a n1 circle label n2 circle label n1 handle right n2 handle left"
	if got := strings.Join(all, " "); got != want {
		t.Errorf("Inspect visited %q, want %q", got, want)
	}
	if got := strings.Join(pruned, " "); got != "a n1 circle label n2 circle label" {
		t.Errorf("Inspect with the edge pruned visited %q", got)
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

// utf16Text encodes s as UTF-16 with its byte order mark.
func utf16Text(s string, bigEndian bool) string {
	var b []byte
	if bigEndian {
		b = []byte{0xFE, 0xFF}
	} else {
		b = []byte{0xFF, 0xFE}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return string(b)
}

// TestUTF16IsOneError: UTF-16 text is one error on its first line that
// names the encoding, not an error for each line's NUL bytes.
func TestUTF16IsOneError(t *testing.T) {
	for _, c := range []struct {
		big bool
		bom string
	}{{false, "FF FE"}, {true, "FE FF"}} {
		_, diags := parse(utf16Text("a { # Café\n  n1: circle label:\"x\"\n}\n", c.big))
		want := "the text is UTF-16 (it starts with the byte order mark " + c.bom + "): expected UTF-8 text"
		if len(diags) != 1 || diags[0].Code != diag.InvalidUTF8 || diags[0].Msg != want || diags[0].Span != (source.Span{Start: 0, End: 2}) {
			t.Errorf("%s: want one error %q at 0..2, got %v", c.bom, want, diags)
		}
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

// TestLoopLanePrefixes checks that lane-qualified loop nodes parse, keep
// their prefixes through formatting and leave other loops alone.
func TestLoopLanePrefixes(t *testing.T) {
	src := "a { # A\n  n1: circle label:\"x\"\n}\nb { # B\n  n2: circle label:\"y\"\n}\nloop [until done] a.n1, b.n2 n1\n"
	f, diags := parse(src)
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	l := f.Stmts[2].(*Loop)
	var got []string
	for i, id := range l.Nodes {
		pre := "-"
		if p := l.Prefix(i); p != nil {
			pre = p.Name
		}
		got = append(got, pre+":"+id.Name)
	}
	if strings.Join(got, " ") != "a:n1 b:n2 -:n1" {
		t.Errorf("loop nodes = %v", got)
	}
	out, _, err := Format("x.fz", []byte(src))
	if err != nil || !strings.Contains(string(out), "loop [until done] a.n1 b.n2 n1\n") {
		t.Errorf("formatting lost the prefixes (%v):\n%s", err, out)
	}
	plain, _ := parse("a { # A\n  n1: circle label:\"x\"\n  n2: circle label:\"y\"\n  loop [again] n1 n2\n}\n")
	if lp := plain.Stmts[0].(*Lane).Body[2].(*Loop); lp.Prefixes != nil || lp.Prefix(0) != nil {
		t.Errorf("a loop without prefixes has Prefixes %v", lp.Prefixes)
	}
	if _, diags := parse("a { # A\n  n1: circle label:\"x\"\n}\nloop [x] a.n1.handle(right) n1\n"); len(diags) != 1 {
		t.Errorf("a handle in a loop's node list: diagnostics %v, want one syntax error", diags)
	}
}
