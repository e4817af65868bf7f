package diag

import (
	"os"
	"strings"
	"testing"

	"flowzap/internal/source"
)

func TestPrintShowsLineAndCaret(t *testing.T) {
	f := source.NewFile("a.fz", []byte("lane { # L\n\tn1: square label:\"x\"\n}\n"))
	l := List{{Span: source.Span{Start: 16, End: 22}, Severity: Error, Code: UnknownShape,
		Msg: `unknown shape "square"`, Fix: "use rectangle"}}
	var b strings.Builder
	l.Print(&b, f)
	want := "a.fz:2:6: error: unknown shape \"square\" [FZ008]\n  \tn1: square label:\"x\"\n  \t    ^~~~~~\n  fix: use rectangle\n"
	if b.String() != want {
		t.Errorf("got:\n%q\nwant:\n%q", b.String(), want)
	}
}

func TestSortAndErr(t *testing.T) {
	l := List{
		{Span: source.Span{Start: 9}, Severity: Warning, Code: OrphanNode, Msg: "b"},
		{Span: source.Span{Start: 2}, Severity: Error, Code: Syntax, Msg: "a"},
		{Span: source.Span{Start: 9}, Severity: Error, Code: UndefinedNode, Msg: "c"},
	}
	l.Sort()
	if l[0].Msg != "a" || l[1].Msg != "c" || l[2].Msg != "b" {
		t.Errorf("sorted order wrong: %v", l)
	}
	if err := l.Err(); err == nil || err.Error() != "a [FZ010] (and 1 more errors)" {
		t.Errorf("Err() = %v", err)
	}
	if (List{{Severity: Warning}}).Err() != nil {
		t.Error("a list of warnings must have a nil Err")
	}
}

// TestCodesDocumented checks docs/diagnostics.md lists every code with its
// class, so the table never drifts from the code.
func TestCodesDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/diagnostics.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[Code]bool{}
	for _, c := range Codes {
		if seen[c.Code] {
			t.Errorf("code %s listed twice", c.Code)
		}
		seen[c.Code] = true
		row := "| " + string(c.Code) + " | " + c.Class.String() + " |"
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/diagnostics.md lacks the row starting %q", row)
		}
	}
}
