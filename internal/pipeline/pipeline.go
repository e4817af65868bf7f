// Package pipeline is the one package that runs every stage of flowzap.
//
//	stage    function               input -> output
//	parse    syntax.Parse           text -> *syntax.File, diag.List
//	check    compile.File           *syntax.File -> *model.Document, diag.List
//	format   syntax.Format          text -> canonical text (parse + print)
//	fix      fix.Source             text -> repaired canonical text + corrections
//	export   export.Build           *model.Document -> JSON graph
//
// The CLI, the HTTP server and the MCP server call these functions and
// nothing below them, so the three front ends always agree.
package pipeline

import (
	"context"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/export"
	"flowzap/internal/fix"
	"flowzap/internal/layout"
	"flowzap/internal/layout/swimlane"
	"flowzap/internal/model"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// Options choose the checking mode. The zero value is the tolerant mode
// for the workflow view.
type Options struct {
	// Strict reports every departure from the official rules as an error.
	Strict bool
	// View is the view the file is meant for ("" is workflow; see
	// [CheckView]). It adds that view's checks and notes: the ping-pong
	// rule for "sequence", the nodes left out for "mindmap".
	View string
	// Order is the message order the sequence checks follow: "flow" (the
	// default when empty) or "written"; see model.Order and [CheckOrder].
	Order string
}

// Result is a checked file.
type Result struct {
	File   *source.File
	Syntax *syntax.File
	Doc    *model.Document
	// Diags holds the parse and check diagnostics, sorted by position.
	Diags diag.List
}

// OK reports whether the file has no errors.
func (r *Result) OK() bool { return !r.Diags.HasErrors() }

// Check parses and checks src. An unknown opts.View adds no view checks;
// front ends refuse it first with [CheckView].
func Check(name string, src []byte, opts Options) *Result {
	f := source.NewFile(name, src)
	tree, doc, all := compile.Source(f, compile.Options{Strict: opts.Strict, Sequence: opts.View == "sequence", Order: opts.Order})
	if notes := ViewNotes(doc, opts.View); len(notes) > 0 {
		all = append(all, notes...)
		all.Sort()
	}
	return &Result{File: f, Syntax: tree, Doc: doc, Diags: all}
}

// FormatResult is the outcome of [Format].
type FormatResult struct {
	File *source.File
	// Code is the canonical form; nil when syntax errors prevent formatting.
	Code []byte
	// Diags holds the parse diagnostics.
	Diags diag.List
}

// Format returns the canonical form of src. The error, when not nil, says
// that syntax errors (in the result's Diags) prevent formatting.
func Format(name string, src []byte) (*FormatResult, error) {
	out, diags, err := syntax.Format(name, src)
	return &FormatResult{File: source.NewFile(name, src), Code: out, Diags: diags}, err
}

// FixResult is the outcome of [Fix].
type FixResult = fix.Result

// Correction is one repair made by [Fix].
type Correction = fix.Correction

// Fix repairs src; see package fix.
// Handles it adds to edges written without them are the sides the
// workflow picture draws them with, so the fixed code draws the same
// picture.
func Fix(name string, src []byte) *FixResult {
	return fix.SourceWith(name, src, fix.Options{Sides: drawnSides})
}

// FixOne repairs only the diagnostic with the given code on the given line
// (1-based), leaving every other line as written; see fix.One.
func FixOne(name string, src []byte, code diag.Code, line int) *FixResult {
	return fix.OneWith(name, src, fix.Target{Code: code, Line: line}, fix.Options{Sides: drawnSides})
}

// FixContext is [Fix] bounded by limits and ctx, for servers and tools:
// the handles added to edges written without them come from the workflow
// layout, which is asked for them only of a repaired document within the
// limits' counts (past them FixContext returns a [*LimitError]: the fixed
// code could be neither drawn nor saved) and stops once ctx is done
// (FixContext then returns ctx's error). The rest of the repair costs
// time linear in the text.
func FixContext(ctx context.Context, name string, src []byte, limits Limits) (*FixResult, error) {
	opts, stop := boundedSides(ctx, limits)
	r := fix.SourceWith(name, src, opts)
	if *stop != nil {
		return nil, *stop
	}
	return r, nil
}

// FixOneContext is [FixOne] bounded by limits and ctx, as [FixContext].
func FixOneContext(ctx context.Context, name string, src []byte, code diag.Code, line int, limits Limits) (*FixResult, error) {
	opts, stop := boundedSides(ctx, limits)
	r := fix.OneWith(name, src, fix.Target{Code: code, Line: line}, opts)
	if *stop != nil {
		return nil, *stop
	}
	return r, nil
}

// boundedSides returns the fix options whose Sides lays the document out
// within limits and ctx, and where the reason it refused or stopped is
// left.
func boundedSides(ctx context.Context, limits Limits) (fix.Options, *error) {
	stop := new(error)
	counts := limits
	counts.MaxLabel = 0 // the counts bound the layout; labels are the render's to refuse
	sides := func(doc *model.Document) map[*model.Edge][2]model.Side {
		if err := counts.CheckLimits(nil, doc); err != nil {
			*stop = err
			return nil
		}
		if err := ctx.Err(); err != nil {
			*stop = err
			return nil
		}
		defer stopped(ctx, stop) // out is then nil
		env := layout.DefaultEnv()
		armStop(&env, stopFunc(ctx))
		return swimlane.DrawnSides(doc, env)
	}
	return fix.Options{Sides: sides}, stop
}

// Graph is the exported JSON graph.
type Graph = export.Graph

// Stats counts a document's elements.
type Stats = export.Stats

// Export builds the JSON graph of a checked file.
func Export(r *Result) *Graph { return export.BuildWith(r.Doc, r.File, drawnSides(r.Doc)) }

// ExportContext is [Export] that stops once ctx is done, returning ctx's
// error: the sides the graph reports come from the workflow layout, which
// looks at ctx as [LayoutContext] does.
func ExportContext(ctx context.Context, r *Result) (g *Graph, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer stopped(ctx, &err)
	env := layout.DefaultEnv()
	armStop(&env, stopFunc(ctx))
	return export.BuildWith(r.Doc, r.File, swimlane.DrawnSides(r.Doc, env)), nil
}

// StatsOf counts the elements of a checked file.
func StatsOf(r *Result) Stats { return export.StatsOf(r.Doc) }
