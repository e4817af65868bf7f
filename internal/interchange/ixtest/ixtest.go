// Package ixtest holds what the converters' tests share: the corpus of
// examples and gallery templates, and the comparison that says whether a
// round trip (FlowZap -> format -> FlowZap) kept lanes, nodes, shapes,
// labels and edges.
package ixtest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/interchange"
	"flowzap/internal/model"
	"flowzap/internal/pipeline"
	"flowzap/internal/scene"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// Corpus returns every example and gallery template (paths from the
// module root given as root).
func Corpus(root string) ([]string, error) {
	var out []string
	for _, dir := range []string{"examples", "gallery/templates", "test/interchange/testdata"} {
		m, err := filepath.Glob(filepath.Join(root, dir, "*.fz"))
		if err != nil {
			return nil, err
		}
		out = append(out, m...)
	}
	if len(out) < 20 {
		return nil, fmt.Errorf("found only %d corpus files under %s", len(out), root)
	}
	return out, nil
}

// Compile checks src (tolerant mode) and returns the document, or an
// error listing the errors.
func Compile(name string, src []byte, strict bool) (*model.Document, error) {
	f := source.NewFile(name, src)
	tree, pd := syntax.Parse(f)
	doc, cd := compile.File(tree, compile.Options{Strict: strict})
	all := append(pd, cd...)
	if all.HasErrors() {
		var b strings.Builder
		_ = all.Filter(diag.Error).Print(&b, f)
		return nil, fmt.Errorf("%s does not check:\n%s%s", name, b.String(), src)
	}
	return doc, nil
}

// Options relax the comparison for formats that cannot carry something.
type Options struct {
	// LaneIDs also compares lane IDs (not only labels).
	LaneIDs bool
	// Taskbox compares owner, description and system.
	Taskbox bool
	// Shapes maps a shape to the one the format brings back (nil: same).
	Shapes map[model.Shape]model.Shape
}

// Diff compares two documents lane by lane and node by node (in lane
// order) and their edges as multisets; it returns the differences.
func Diff(a, b *model.Document, o Options) []string {
	var d []string
	lanes := func(doc *model.Document) []*model.Lane {
		var out []*model.Lane
		for _, l := range doc.Lanes {
			if len(l.Nodes) > 0 {
				out = append(out, l)
			}
		}
		return out
	}
	la, lb := lanes(a), lanes(b)
	if len(la) != len(lb) {
		return []string{fmt.Sprintf("%d lanes with nodes, got %d", len(la), len(lb))}
	}
	pos := map[*model.Node]string{}
	for i := range la {
		x, y := la[i], lb[i]
		if x.Label != y.Label {
			d = append(d, fmt.Sprintf("lane %d label %q, got %q", i, x.Label, y.Label))
		}
		if o.LaneIDs && x.ID != y.ID {
			d = append(d, fmt.Sprintf("lane %d ID %q, got %q", i, x.ID, y.ID))
		}
		if len(x.Nodes) != len(y.Nodes) {
			d = append(d, fmt.Sprintf("lane %q: %d nodes, got %d", x.Label, len(x.Nodes), len(y.Nodes)))
			continue
		}
		for j := range x.Nodes {
			p, q := x.Nodes[j], y.Nodes[j]
			pos[p] = fmt.Sprintf("%d.%d", i, j)
			pos[q] = fmt.Sprintf("%d.%d", i, j)
			want := p.Shape
			if s, ok := o.Shapes[want]; ok {
				want = s
			}
			if want != q.Shape {
				d = append(d, fmt.Sprintf("node %s shape %s, got %s", p.ID, want, q.Shape))
			}
			if p.Label != q.Label {
				d = append(d, fmt.Sprintf("node %s label %q, got %q", p.ID, p.Label, q.Label))
			}
			if o.Taskbox && (p.Owner != q.Owner || p.Description != q.Description || p.System != q.System) {
				d = append(d, fmt.Sprintf("node %s owner/description/system %q/%q/%q, got %q/%q/%q", p.ID,
					p.Owner, p.Description, p.System, q.Owner, q.Description, q.System))
			}
		}
	}
	edges := func(doc *model.Document) []string {
		var out []string
		for _, e := range doc.Edges {
			out = append(out, fmt.Sprintf("%s->%s %q", pos[e.From], pos[e.To], e.Label))
		}
		sort.Strings(out)
		return out
	}
	ea, eb := edges(a), edges(b)
	if strings.Join(ea, "\n") != strings.Join(eb, "\n") {
		d = append(d, fmt.Sprintf("edges differ:\nwant %v\ngot  %v", ea, eb))
	}
	return d
}

// ReadFile reads a corpus file.
func ReadFile(path string) ([]byte, error) { return os.ReadFile(path) }

// Importer reads a file of one format into FlowZap Code.
type Importer func(name string, src []byte) *interchange.Result

// RoundTrip exports every example and template (under the module root
// root) as format, imports it back with im, and checks that the import
// says nothing about our own export, that the code is strict-valid, and
// that what o names and the loops were kept.
func RoundTrip(t *testing.T, root, format string, im Importer, o Options) {
	t.Helper()
	files, err := Corpus(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			orig, err := Compile(path, src, false)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := pipeline.ExportAs(&b, pipeline.Check(path, src, pipeline.Options{}), format); err != nil {
				t.Fatal(err)
			}
			res := im("x."+format, b.Bytes())
			if !res.OK() {
				var e strings.Builder
				_ = res.Diags.Print(&e, res.Src)
				t.Fatalf("import failed:\n%s\n%s", e.String(), b.String())
			}
			for _, d := range res.Diags {
				t.Errorf("unexpected diagnostic on our own export: %s", d.Msg)
			}
			back, err := Compile("back.fz", res.Code, true)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range Diff(orig, back, o) {
				t.Error(d)
			}
			if len(back.Loops) != len(orig.Loops) {
				t.Errorf("%d loops, got %d", len(orig.Loops), len(back.Loops))
			}
		})
	}
}

// ImportFile imports testdata/name with im and compiles the result
// strictly; it returns the document and the code followed by the printed
// diagnostics, for tests to look into.
func ImportFile(t *testing.T, name string, im Importer) (*model.Document, string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Import(t, name, src, im)
}

// Import imports src (named name) with im and compiles the result
// strictly, as ImportFile does for a file.
func Import(t *testing.T, name string, src []byte, im Importer) (*model.Document, string) {
	t.Helper()
	res := im(name, src)
	var e strings.Builder
	_ = res.Diags.Print(&e, res.Src)
	if !res.OK() {
		t.Fatalf("import failed:\n%s", e.String())
	}
	doc, err := Compile(name+".fz", res.Code, true)
	if err != nil {
		t.Fatal(err)
	}
	return doc, string(res.Code) + "\n" + e.String()
}

// OutlineFile is the corpus diagram (from the module root) whose loop
// frame the workflow view draws as an outline: the box around the loop's
// two steps, in the top and bottom lanes, would take in three other
// steps.
const OutlineFile = "test/interchange/testdata/loop-outline.fz"

// Outlined exports OutlineFile (under the module root root) as format
// and returns the export, the workflow layout's loop frame and the boxes
// of the steps that lie in the frame's bounding box without being the
// loop's. It stops the test when the layout no longer draws an outline.
func Outlined(t *testing.T, root, format string) ([]byte, scene.LoopBox, map[string]scene.Box) {
	t.Helper()
	path := filepath.Join(root, OutlineFile)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := pipeline.Check(path, src, pipeline.Options{})
	var b bytes.Buffer
	if err := pipeline.ExportAs(&b, r, format); err != nil {
		t.Fatal(err)
	}
	sc, err := pipeline.Layout(r.Doc, "workflow", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Layout.Loops) != 1 || len(sc.Layout.Loops[0].Outline) == 0 {
		t.Fatalf("%s: the workflow layout draws no loop outline: %+v", OutlineFile, sc.Layout.Loops)
	}
	lp := sc.Layout.Loops[0]
	own := map[string]bool{}
	for _, id := range lp.Nodes {
		own[id] = true
	}
	others := map[string]scene.Box{}
	for _, n := range sc.Layout.Nodes {
		cx, cy := n.X+n.W/2, n.Y+n.H/2
		if !own[n.ID] && cx > lp.X && cx < lp.X+lp.W && cy > lp.Y && cy < lp.Y+lp.H {
			others[n.ID] = n.Box
		}
	}
	if len(others) == 0 {
		t.Fatalf("%s: the loop's box takes in no other step", OutlineFile)
	}
	return b.Bytes(), lp, others
}
