package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"flowzap/internal/diag"
)

// unhandled is a small workflow whose edges are written without handles:
// fixing it asks the workflow layout for their sides.
const unhandled = `intake { # Intake
  n1: circle label:"Start"
  n2: rectangle label:"Read the request"
  n3: diamond label:"Complete?"
  n1 -> n2
  n2 -> n3
  n3 -> n2 [label="no"]
  n3 -> review.n4 [label="yes"]
}
review { # Review
  n4: rectangle label:"Review"
  n5: circle label:"Done"
  n4 -> n5
}
`

// TestFixContext: the bounded fix answers what Fix answers; it refuses a
// document past the limits before laying it out, and stops with the
// context.
func TestFixContext(t *testing.T) {
	src := []byte(unhandled)
	want := Fix("x.fz", src)
	got, err := FixContext(context.Background(), "x.fz", src, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Code, want.Code) || len(got.Corrections) != len(want.Corrections) {
		t.Errorf("FixContext gave\n%s\nFix gave\n%s", got.Code, want.Code)
	}
	if !bytes.Contains(got.Code, []byte(".handle(")) {
		t.Errorf("no handles were added:\n%s", got.Code)
	}

	// A chain split into more edges than the limit allows.
	chain := "main { # Main\n  n1: circle label:\"a\"\n  n1" + strings.Repeat(" -> n1", 30) + "\n}\n"
	_, err = FixContext(context.Background(), "x.fz", []byte(chain), Limits{MaxEdges: 20})
	var le *LimitError
	if !errors.As(err, &le) || le.What != "edges" || le.Got != 30 {
		t.Errorf("a fix past the edge limit: %v, want the edges' LimitError", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r, err := FixContext(ctx, "x.fz", src, DefaultLimits); !errors.Is(err, context.Canceled) || r != nil {
		t.Errorf("a fix with a canceled context: %v", err)
	}
	if r, err := FixOneContext(ctx, "x.fz", src, diag.MissingHandles, 5, DefaultLimits); !errors.Is(err, context.Canceled) || r != nil {
		t.Errorf("a fix of one line with a canceled context: %v", err)
	}
	one, err := FixOneContext(context.Background(), "x.fz", src, diag.MissingHandles, 5, DefaultLimits)
	if err != nil || one.Code == nil {
		t.Fatalf("fix of line 5: %v", err)
	}
	if lines := strings.Split(string(one.Code), "\n"); !strings.Contains(lines[4], ".handle(") || strings.Contains(lines[5], ".handle(") {
		t.Errorf("only line 5 should have gained handles:\n%s", one.Code)
	}
}

// TestExportContext: the bounded exports write what the others write,
// and nothing once the context is done.
func TestExportContext(t *testing.T) {
	res := Check("x.fz", []byte(unhandled), Options{})
	if !res.OK() {
		t.Fatal(res.Diags.Err())
	}
	g, err := ExportContext(context.Background(), res)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(g)
	b, _ := json.Marshal(Export(res))
	if !bytes.Equal(a, b) {
		t.Errorf("ExportContext gave\n%s\nExport gave\n%s", a, b)
	}
	for _, format := range ExportFormats() {
		var got, want bytes.Buffer
		if err := ExportAsContext(context.Background(), &got, res, format); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if err := ExportAs(&want, res, format); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) || got.Len() == 0 {
			t.Errorf("%s: ExportAsContext and ExportAs differ", format)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	if err := ExportAsContext(ctx, &out, res, "bpmn"); !errors.Is(err, context.Canceled) || out.Len() != 0 {
		t.Errorf("an export with a canceled context: %v, %d bytes written", err, out.Len())
	}
	if g, err := ExportContext(ctx, res); !errors.Is(err, context.Canceled) || g != nil {
		t.Errorf("a graph with a canceled context: %v", err)
	}
}

// TestNewFixOneReport: a diagnostic that has no repair leaves the code as
// written, and the report says what remains in it.
func TestNewFixOneReport(t *testing.T) {
	src := []byte("a { # A\n  n1: circle label:\"Start\"\n  n1 -> n9\n}\n")
	r := FixOne("x.fz", src, diag.MissingHandles, 2)
	rep := NewFixOneReport(r, src)
	if rep.Fixed || rep.Code != string(src) || rep.File != "x.fz" {
		t.Errorf("report of a line with nothing to repair: %+v", rep)
	}
	if len(rep.Diagnostics) == 0 {
		t.Errorf("the report lists none of the code's problems (n9 does not exist)")
	}
	for _, tc := range []struct {
		code string
		line int
		want string
	}{
		{"", 1, "expected a code"},
		{"FZ999", 1, `unknown code "FZ999"`},
		{"FZ103", 9, "line 9 is past the end of the code (5 lines)"},
		{"FZ103", 0, "a line (from 1)"},
	} {
		err := CheckFixTarget(src, tc.code, tc.line)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CheckFixTarget(%q, %d) = %v, want %q", tc.code, tc.line, err, tc.want)
		}
	}
	if err := CheckFixTarget(src, "FZ103", 3); err != nil {
		t.Errorf("a known code on an existing line: %v", err)
	}
}
