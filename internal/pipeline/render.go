package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"flowzap/internal/diag"
	"flowzap/internal/layout"
	"flowzap/internal/layout/arch"
	"flowzap/internal/layout/mindmap"
	"flowzap/internal/layout/sequence"
	"flowzap/internal/layout/swimlane"
	"flowzap/internal/model"
	"flowzap/internal/render/svg"
	"flowzap/internal/scene"
	"flowzap/internal/theme"
)

// RenderOptions choose what [Render] produces. The zero value renders the
// workflow view as light SVG at scale 1.
type RenderOptions struct {
	View      string  // "workflow" (default)
	Format    string  // "svg" (default), "png", "pdf" or "json" (the layout)
	Theme     string  // "light" (default) or "dark"
	Scale     float64 // PNG device pixels per diagram pixel, at most [MaxScale]; 0 means 1
	EmbedFont bool    // SVG only: embed Inter so the file is self-contained
	Number    bool    // sequence view: number the messages 1., 2., ...
	Order     string  // sequence view: "flow" (default) or "written" message order
	// SVGCache, if set, lets the SVG writer reuse the markup of the
	// top-level elements unchanged since the picture written before with
	// it (the web app's module, on every keystroke; see svg.Options.Cache).
	// The output is the same.
	SVGCache *SVGCache
	// SVGPartsOnly, with SVGCache, writes no SVG document: the picture is
	// read in parts from the cache (svg.Options.PartsOnly; the module's
	// keystroke pictures).
	SVGPartsOnly bool
}

// SVGCache is the SVG writer's memory of the picture written before (see
// RenderOptions.SVGCache); its zero value is empty and ready to use.
type SVGCache = svg.Cache

// Layout lays out a checked document in the given view. Missing handles
// are inferred before layout.
func Layout(doc *model.Document, view, themeName string) (*scene.Scene, error) {
	return LayoutWith(doc, RenderOptions{View: view, Theme: themeName})
}

// LayoutWith lays out a checked document with the view, theme and
// numbering of opts.
func LayoutWith(doc *model.Document, opts RenderOptions) (*scene.Scene, error) {
	return layoutEnv(doc, opts, nil)
}

// freshLayouts makes every layout start from scratch (layout.Env.Fresh):
// the benchmarks that lay one diagram out again and again set it.
var freshLayouts bool

// layoutEnv is LayoutWith with an optional change to the environment.
func layoutEnv(doc *model.Document, opts RenderOptions, adjust func(*layout.Env)) (*scene.Scene, error) {
	view := opts.View
	if err := CheckTheme(opts.Theme); err != nil {
		return nil, err
	}
	th, _ := theme.ByName(opts.Theme)
	env := layout.DefaultEnv()
	env.Theme = th
	env.Number = opts.Number
	if err := CheckOrder(opts.Order); err != nil {
		return nil, err
	}
	env.Order = opts.Order
	env.Fresh = freshLayouts
	if adjust != nil {
		adjust(&env)
	}
	if view != "mindmap" {
		// The @layout block's lane order; the mind map has no lanes to
		// order.
		doc = doc.InLaneOrder()
	}
	switch view {
	case "", "workflow":
		return swimlane.Layout(doc, env), nil
	case "sequence":
		return sequence.Layout(doc, env), nil
	case "mindmap":
		return mindmap.Layout(doc, env), nil
	case "architecture":
		return arch.Layout(doc, env), nil
	}
	return nil, CheckView(view)
}

// ViewNotes returns the informational diagnostics a view adds: the nodes
// the mind map leaves out, and the edges of a node to itself that the
// architecture view leaves out.
func ViewNotes(doc *model.Document, view string) diag.List {
	var l diag.List
	switch view {
	case "mindmap":
		for _, n := range mindmap.Omitted(doc) {
			l.Add(diag.Diagnostic{Span: n.Span, Severity: diag.Info, Code: diag.MindMapOmitted}.WithText(
				diag.T("mind map: %s %s %q is not drawn (the mind map shows the first circle and the rectangles)", n.Shape, n.ID, n.Label), diag.Text{}))
		}
	case "architecture":
		for _, e := range doc.Edges {
			if e.From != e.To {
				continue
			}
			msg := diag.T("architecture: edge %s -> %s is not drawn (the architecture view shows what depends on what; a step's edge to itself is drawn in the workflow and sequence views)", e.From.ID, e.To.ID)
			if e.Label != "" {
				msg = diag.T("architecture: edge %s -> %s %q is not drawn (the architecture view shows what depends on what; a step's edge to itself is drawn in the workflow and sequence views)", e.From.ID, e.To.ID, e.Label)
			}
			l.Add(diag.Diagnostic{Span: e.Span, Severity: diag.Info, Code: diag.ArchSelfOmitted}.WithText(msg, diag.Text{}))
		}
	}
	return l
}

// Render lays out r's document and writes it in the chosen format. r must
// have no errors.
func Render(w io.Writer, r *Result, opts RenderOptions) error {
	if !r.OK() {
		return fmt.Errorf("%s has errors: %v", r.File.Name(), r.Diags.Err())
	}
	if err := opts.Check(); err != nil {
		return err
	}
	format := opts.Format
	if format == "" {
		format = "svg"
	}
	sc, err := LayoutWith(r.Doc, opts)
	if err != nil {
		return err
	}
	return Write(w, sc, format, opts)
}

// OptionError is a render option that does not fit the diagram drawn (a
// PNG scale too small for its picture): the option is to change, not the
// code (the API answers it 400, as an option out of range).
type OptionError struct{ msg string }

// Error returns the message.
func (e *OptionError) Error() string { return e.msg }

// Write serialises a laid-out scene.
func Write(w io.Writer, sc *scene.Scene, format string, opts RenderOptions) error {
	return WriteContext(context.Background(), w, sc, format, opts)
}

// WriteContext is [Write] that stops once ctx is done (a PNG between two
// of its paths), returning ctx's error.
func WriteContext(ctx context.Context, w io.Writer, sc *scene.Scene, format string, opts RenderOptions) error {
	switch format {
	case "", "svg":
		return svg.Render(w, sc, svg.Options{EmbedFont: opts.EmbedFont, Cache: opts.SVGCache, PartsOnly: opts.SVGPartsOnly})
	case "png":
		scale := opts.Scale
		if scale == 0 {
			scale = 1
		}
		if pw, ph := sc.Width*scale, sc.Height*scale; pw < 1 || ph < 1 {
			return &OptionError{fmt.Sprintf("scale %g is too small: the PNG would be %.2g × %.2g pixels; use a scale of at least %.2g",
				scale, pw, ph, math.Ceil(100/math.Min(sc.Width, sc.Height))/100)}
		}
		return writePNG(ctx, w, sc, scale)
	case "pdf":
		return writePDF(w, sc)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		return enc.Encode(sc.JSON())
	}
	return CheckFormat(format)
}

// drawnSides returns the sides the workflow picture draws doc's edges with
// (swimlane.DrawnSides, with the default measures: the sides do not
// depend on the theme), for Fix and Export.
func drawnSides(doc *model.Document) map[*model.Edge][2]model.Side {
	return swimlane.DrawnSides(doc, layout.DefaultEnv())
}
