package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"unicode/utf8"

	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/source"
)

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
}

// Error returns the message.
func (e *LimitError) Error() string { return e.Msg }

// CheckLimits returns a [*LimitError] for the first limit the checked
// document passes, naming where.
func (l Limits) CheckLimits(f *source.File, doc *model.Document) error {
	if doc == nil {
		return nil
	}
	count := func(what string, n, limit int) error {
		if limit > 0 && n > limit {
			return &LimitError{What: what, Limit: float64(limit), Got: float64(n),
				Msg: fmt.Sprintf("the diagram has %d %s; the limit is %d: split it into several diagrams", n, what, limit)}
		}
		return nil
	}
	if err := count("nodes", len(doc.Nodes), l.MaxNodes); err != nil {
		return err
	}
	if err := count("edges", len(doc.Edges), l.MaxEdges); err != nil {
		return err
	}
	if err := count("lanes", len(doc.Lanes), l.MaxLanes); err != nil {
		return err
	}
	// Each loop is a frame to lay out and draw, as costly as an edge.
	if err := count("loops", len(doc.Loops), l.MaxEdges); err != nil {
		return err
	}
	if l.MaxLabel <= 0 {
		return nil
	}
	// Bytes bound code points from above: most texts are not counted, and
	// the name of a text for the message is made only for one past the
	// limit (this runs on every keystroke in the web app).
	label := func(what string, span source.Span, text string) error {
		if n := utf8.RuneCountInString(text); n > l.MaxLabel {
			p := f.Position(span.Start)
			return &LimitError{What: "label", Limit: float64(l.MaxLabel), Got: float64(n),
				Msg: fmt.Sprintf("%s:%d:%d: the %s is %d characters long; the limit is %d: shorten it", f.Name(), p.Line, p.Col, what, n, l.MaxLabel)}
		}
		return nil
	}
	long := func(text string) bool { return len(text) > l.MaxLabel }
	for _, ln := range doc.Lanes {
		if long(ln.ID) {
			if err := label("ID of a lane", ln.Span, ln.ID); err != nil {
				return err
			}
		}
		if long(ln.Label) {
			if err := label("title of lane "+ln.ID, ln.Span, ln.Label); err != nil {
				return err
			}
		}
	}
	for _, n := range doc.Nodes {
		if long(n.ID) {
			if err := label("ID of a node", n.Span, n.ID); err != nil {
				return err
			}
		}
		if !long(n.Label) && !long(n.Description) && !long(n.Owner) && !long(n.System) {
			continue
		}
		for _, t := range []struct{ what, text string }{{"label of " + n.ID, n.Label}, {"description of " + n.ID, n.Description},
			{"owner of " + n.ID, n.Owner}, {"system of " + n.ID, n.System}} {
			if err := label(t.what, n.Span, t.text); err != nil {
				return err
			}
		}
	}
	for _, e := range doc.Edges {
		if long(e.Label) {
			if err := label("label of the edge "+e.From.ID+" -> "+e.To.ID, e.Span, e.Label); err != nil {
				return err
			}
		}
	}
	for _, lp := range doc.Loops {
		if long(lp.Condition) {
			if err := label("condition of a loop", lp.Span, lp.Condition); err != nil {
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
			return &LimitError{What: "pixels", Limit: l.MaxPixels, Got: px,
				Msg: fmt.Sprintf("the PNG would be %.0f × %.0f pixels (%.1f megapixels); the limit is %.1f megapixels: use scale %.2g or less, or render SVG",
					w*scale, h*scale, px/1e6, l.MaxPixels/1e6, math.Floor(fit*100)/100)}
		}
		return nil
	}
	if opts.Format == "pdf" && l.MaxArea > 0 && w*h > l.MaxArea {
		return &LimitError{What: "area", Limit: l.MaxArea, Got: w * h,
			Msg: fmt.Sprintf("the diagram is %.0f × %.0f pixels; the limit is %.0f million square pixels: split it into several diagrams", w, h, l.MaxArea/1e6)}
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
	if err := Write(&b, sc, format, opts); err != nil {
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
