package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportEveryFormat exports every example and template in every
// format: no error, and the output names every node label (each format
// writes labels as text, escaped its own way, so plain labels must show).
func TestExportEveryFormat(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.fz")
	more, _ := filepath.Glob("../../gallery/templates/*.fz")
	files = append(files, more...)
	if len(files) < 20 {
		t.Fatalf("corpus has %d files", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := Check(f, src, Options{})
		for _, format := range ExportFormats() {
			var b bytes.Buffer
			if err := ExportAs(&b, r, format); err != nil {
				t.Errorf("%s as %s: %v", f, format, err)
				continue
			}
			if strings.HasSuffix(format, "sequence") {
				continue // the sequence view leaves some labels out
			}
			for _, n := range r.Doc.Nodes {
				plain := n.Title()
				if strings.ContainsAny(plain, "\"#<>&|`;%\\*_~-/[]=^@$'") || !isASCII(plain) {
					continue
				}
				if !strings.Contains(b.String(), plain) {
					t.Errorf("%s as %s: label %q missing", filepath.Base(f), format, plain)
					break
				}
			}
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func TestExportUnknownFormat(t *testing.T) {
	r := Check("x.fz", []byte("a { # A\n  n1: circle label:\"S\"\n}\n"), Options{})
	err := ExportAs(&bytes.Buffer{}, r, "visio")
	if err == nil || !strings.Contains(err.Error(), `unknown export format "visio": expected mermaid,`) {
		t.Errorf("got %v", err)
	}
	if _, err := ImportDiagram("visio", "x", nil); err == nil || !strings.Contains(err.Error(), "expected mermaid, bpmn, drawio") {
		t.Errorf("got %v", err)
	}
}
