package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"unicode/utf8"

	"flowzap/internal/diag"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/source"
)

// DefaultMaxInput is the largest request by default, in bytes: the
// server's request body (flowzap serve -max-body), an MCP tool's code or
// artifact (flowzap mcp -max-input), the code the web app sends and what
// one call of the WebAssembly modules takes.
const DefaultMaxInput = 1 << 20

// Limits bound the work one request may ask for. A zero field means no
// limit. [DefaultLimits] are the server's defaults.
type Limits struct {
	MaxLabel  int     // characters (code points) in one label, description, lane title, loop condition or ID
	MaxNodes  int     // nodes in the document
	MaxEdges  int     // edges (transitions, messages, dependencies); loops are counted apart against the same limit
	MaxLanes  int     // lanes
	MaxPixels float64 // PNG width × height in device pixels
	MaxArea   float64 // PDF width × height in diagram pixels (SVG and the layout JSON stay cheap at any size)
}

// DefaultLimits keep one render well under a few seconds and a few
// hundred megabytes on a small machine. Each is a server flag.
var DefaultLimits = Limits{
	MaxLabel:  1000,
	MaxNodes:  2000,
	MaxEdges:  4000,
	MaxLanes:  200,
	MaxPixels: 16e6,
	MaxArea:   400e6,
}

// LimitError reports a request past one of the [Limits]. Front ends
// answer it with 413 (too large) and its message.
type LimitError struct {
	What  string // "label", "nodes", "edges", "lanes", "loops", "pixels", "area", "operations"
	Limit float64
	Got   float64
	Msg   string
	text  *diag.Text // Msg as format and arguments, for [LocalizeErr]
}

// Error returns the message.
func (e *LimitError) Error() string { return e.Msg }

// limitError returns the LimitError whose message is msg.
func limitError(what string, limit, got float64, msg diag.Text) *LimitError {
	return &LimitError{What: what, Limit: limit, Got: got, Msg: msg.String(), text: &msg}
}

// CheckLimits returns a [*LimitError] for the first limit the checked
// document passes, naming where.
func (l Limits) CheckLimits(f *source.File, doc *model.Document) error {
	if doc == nil {
		return nil
	}
	// msg is made only past the limit (this runs on every keystroke).
	count := func(what string, n, limit int, msg func(n, limit int) diag.Text) error {
		if limit > 0 && n > limit {
			return limitError(what, float64(limit), float64(n), msg(n, limit))
		}
		return nil
	}
	if err := count("nodes", len(doc.Nodes), l.MaxNodes, func(n, limit int) diag.Text {
		return diag.T("the diagram has %d nodes; the limit is %d: split it into several diagrams", n, limit)
	}); err != nil {
		return err
	}
	if err := count("edges", len(doc.Edges), l.MaxEdges, func(n, limit int) diag.Text {
		return diag.T("the diagram has %d edges; the limit is %d: split it into several diagrams", n, limit)
	}); err != nil {
		return err
	}
	if err := count("lanes", len(doc.Lanes), l.MaxLanes, func(n, limit int) diag.Text {
		return diag.T("the diagram has %d lanes; the limit is %d: split it into several diagrams", n, limit)
	}); err != nil {
		return err
	}
	// Each loop is a frame to lay out and draw, as costly as an edge.
	if err := count("loops", len(doc.Loops), l.MaxEdges, func(n, limit int) diag.Text {
		return diag.T("the diagram has %d loops; the limit is %d: split it into several diagrams", n, limit)
	}); err != nil {
		return err
	}
	if l.MaxLabel <= 0 {
		return nil
	}
	// Bytes bound code points from above: most texts are not counted, and
	// the name of a text for the message is made only for one past the
	// limit (this runs on every keystroke in the web app).
	label := func(what diag.Text, span source.Span, text string) error {
		if n := utf8.RuneCountInString(text); n > l.MaxLabel {
			p := f.Position(span.Start)
			return limitError("label", float64(l.MaxLabel), float64(n),
				diag.T("%s:%d:%d: the %s is %d characters long; the limit is %d: shorten it", f.Name(), p.Line, p.Col, what, n, l.MaxLabel))
		}
		return nil
	}
	long := func(text string) bool { return len(text) > l.MaxLabel }
	for _, ln := range doc.Lanes {
		if long(ln.ID) {
			if err := label(diag.T("ID of a lane"), ln.Span, ln.ID); err != nil {
				return err
			}
		}
		if long(ln.Label) {
			if err := label(diag.T("title of lane %s", ln.ID), ln.Span, ln.Label); err != nil {
				return err
			}
		}
	}
	for _, n := range doc.Nodes {
		if long(n.ID) {
			if err := label(diag.T("ID of a node"), n.Span, n.ID); err != nil {
				return err
			}
		}
		if !long(n.Label) && !long(n.Description) && !long(n.Owner) && !long(n.System) {
			continue
		}
		for _, t := range []struct {
			what diag.Text
			text string
		}{{diag.T("label of %s", n.ID), n.Label}, {diag.T("description of %s", n.ID), n.Description},
			{diag.T("owner of %s", n.ID), n.Owner}, {diag.T("system of %s", n.ID), n.System}} {
			if err := label(t.what, n.Span, t.text); err != nil {
				return err
			}
		}
	}
	for _, e := range doc.Edges {
		if long(e.Label) {
			if err := label(diag.T("label of the edge %s -> %s", e.From.ID, e.To.ID), e.Span, e.Label); err != nil {
				return err
			}
		}
	}
	for _, lp := range doc.Loops {
		if long(lp.Condition) {
			if err := label(diag.T("condition of a loop"), lp.Span, lp.Condition); err != nil {
				return err
			}
		}
	}
	return nil
}

// CheckSize returns a [*LimitError] when the laid-out scene is too large
// for the format at opts.Scale: PNG past MaxPixels, PDF past MaxArea.
func (l Limits) CheckSize(sc *scene.Scene, opts RenderOptions) error {
	w, h := sc.Width, sc.Height
	if opts.Format == "png" {
		scale := opts.Scale
		if scale == 0 {
			scale = 1
		}
		px := w * h * scale * scale
		if l.MaxPixels > 0 && px > l.MaxPixels {
			fit := math.Sqrt(l.MaxPixels / (w * h))
			return limitError("pixels", l.MaxPixels, px,
				diag.T("the PNG would be %.0f × %.0f pixels (%.1f megapixels); the limit is %.1f megapixels: use scale %.2g or less, or render SVG",
					w*scale, h*scale, px/1e6, l.MaxPixels/1e6, math.Floor(fit*100)/100))
		}
		return nil
	}
	if opts.Format == "pdf" && l.MaxArea > 0 && w*h > l.MaxArea {
		return limitError("area", l.MaxArea, w*h,
			diag.T("the diagram is %.0f × %.0f pixels; the limit is %.0f million square pixels: split it into several diagrams", w, h, l.MaxArea/1e6))
	}
	return nil
}

// RenderContext is [Render] bounded by limits and ctx: it refuses a
// document or a picture past the limits with a [*LimitError] and stops
// between stages (check, layout, size, drawing) once ctx is done,
// returning ctx's error. The output is built in memory and written to w
// only when complete, so a stopped render writes nothing.
func RenderContext(ctx context.Context, w io.Writer, r *Result, opts RenderOptions, limits Limits) error {
	if !r.OK() {
		return fmt.Errorf("%s has errors: %v", r.File.Name(), r.Diags.Err())
	}
	if err := opts.Check(); err != nil {
		return err
	}
	if err := limits.CheckLimits(r.File, r.Doc); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	sc, err := LayoutContext(ctx, r.Doc, opts)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := limits.CheckSize(sc, opts); err != nil {
		return err
	}
	format := opts.Format
	if format == "" {
		format = "svg"
	}
	var b bytes.Buffer
	if err := WriteContext(ctx, &b, sc, format, opts); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// IsLimit reports whether err is a [*LimitError].
func IsLimit(err error) bool {
	var le *LimitError
	return errors.As(err, &le)
}
