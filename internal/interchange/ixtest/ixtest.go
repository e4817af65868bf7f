// Package ixtest holds what the converters' tests share: the corpus of
// examples and gallery templates, and the comparison that says whether a
// round trip (FlowZap -> format -> FlowZap) kept lanes, nodes, shapes,
// labels and edges.
package ixtest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/model"
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
