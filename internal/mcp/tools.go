package mcp

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"flowzap/gallery"
	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

func base64URL(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// CodeIn is the input of the tools that take only code.
type CodeIn struct {
	Code string `json:"code" jsonschema:"FlowZap Code, the text of a .fz file"`
}

// ValidateIn is validate's input.
type ValidateIn struct {
	Code   string `json:"code" jsonschema:"FlowZap Code, the text of a .fz file"`
	Strict bool   `json:"strict,omitempty" jsonschema:"report every departure from the official rules as an error"`
	View   string `json:"view,omitempty" jsonschema:"workflow (default), sequence (adds the request/response ping-pong checks), architecture or mindmap (notes the nodes the mind map leaves out)"`
	Order  string `json:"order,omitempty" jsonschema:"message order of the sequence checks: flow (default; follows the flow from its start, each decision's alternatives may each answer a request) or written (as the edges are written)"`
}

// ValidateOut is validate's result: the pipeline's report, the same as the
// CLI's check --json and the HTTP API's validate answer.
type ValidateOut = pipeline.Report

// FixOut is fix's result: the pipeline's fix report, the same as the CLI's
// fix --json and the HTTP API's fix answer.
type FixOut = pipeline.FixReport

// FormatOut is format's result.
type FormatOut struct {
	Code string `json:"code"`
}

// RenderIn is render's input.
type RenderIn struct {
	Code   string  `json:"code" jsonschema:"FlowZap Code"`
	View   string  `json:"view,omitempty" jsonschema:"workflow (default), sequence, architecture or mindmap"`
	Format string  `json:"format,omitempty" jsonschema:"svg (default, returned as text), png (returned as an image) or json (the layout)"`
	Theme  string  `json:"theme,omitempty" jsonschema:"light (default) or dark"`
	Scale  float64 `json:"scale,omitempty" jsonschema:"PNG scale, 0 < scale <= 8 (default 1)"`
	Order  string  `json:"order,omitempty" jsonschema:"sequence view message order: flow (default; follows the flow from its start) or written (as the edges are written)"`
}

// DiffIn is diff's input.
type DiffIn struct {
	Old string `json:"old" jsonschema:"the earlier version of the code"`
	New string `json:"new" jsonschema:"the later version of the code"`
}

// ChangeIn is apply_change's input.
type ChangeIn struct {
	Code       string             `json:"code" jsonschema:"FlowZap Code to edit"`
	Operations []pipeline.PatchOp `json:"operations" jsonschema:"the operations, applied in order, all or nothing"`
}

// ChangeOut is apply_change's result.
type ChangeOut struct {
	Code     string      `json:"code"`
	Applied  []string    `json:"applied"`
	Warnings []diag.JSON `json:"warnings"`
}

// ArtifactIn is artifact_to_diagram's input.
type ArtifactIn struct {
	Kind     string `json:"kind" jsonschema:"log (nginx/Apache combined access log), har, openapi (JSON or YAML) or go (one Go source file)"`
	Content  string `json:"content" jsonschema:"the artifact's text"`
	Function string `json:"function,omitempty" jsonschema:"go only: the function (Name) or method (Type.Method) whose calls to follow"`
}

// ArtifactOut is artifact_to_diagram's result.
type ArtifactOut struct {
	Code  string         `json:"code"`
	Stats pipeline.Stats `json:"stats"`
}

// PlaygroundIn is create_playground's input.
type PlaygroundIn struct {
	Code string `json:"code" jsonschema:"FlowZap Code to open"`
	View string `json:"view,omitempty" jsonschema:"the view to open: workflow, sequence, architecture or mindmap"`
}

// PlaygroundOut is create_playground's result.
type PlaygroundOut struct {
	URL  string `json:"url,omitempty" jsonschema:"the playground link, when a flowzap serve base URL is configured"`
	Code string `json:"code" jsonschema:"the checked code"`
	Note string `json:"note,omitempty"`
}

// SyntaxOut is get_syntax's result.
type SyntaxOut struct {
	Reference string `json:"reference"`
}

func (t *tools) register(s *sdk.Server) {
	sdk.AddTool(s, &sdk.Tool{Name: "validate", Title: "Validate FlowZap Code",
		Description: "Check FlowZap Code: errors and warnings with line, column, code (FZnnn), message and fix; strict mode for code the FlowZap app must accept."}, t.validate)
	sdk.AddTool(s, &sdk.Tool{Name: "fix", Title: "Fix FlowZap Code",
		Description: "Repair departures from the official rules (separators, missing handles, lane prefixes, misplaced edges, lane labels, node numbering, emoji) and return canonical code with the list of corrections."}, t.fix)
	sdk.AddTool(s, &sdk.Tool{Name: "format", Title: "Format FlowZap Code",
		Description: "Return the canonical form of the code (the meaning never changes). Fails on syntax errors."}, t.format)
	sdk.AddTool(s, &sdk.Tool{Name: "render", Title: "Render a diagram",
		Description: "Draw the code as a workflow, sequence, architecture or mind map view: SVG as text, PNG as an image, or the layout JSON."}, t.render)
	sdk.AddTool(s, &sdk.Tool{Name: "export_graph", Title: "Export the graph",
		Description: "Return the diagram as a JSON graph: lanes, nodes, edges (in written order), loops and stats, with source spans."}, t.export)
	sdk.AddTool(s, &sdk.Tool{Name: "get_syntax", Title: "FlowZap Code reference",
		Description: "Return a concise reference of the FlowZap Code language with an example. Read it before writing code."}, t.syntax)
	sdk.AddTool(s, &sdk.Tool{Name: "diff", Title: "Compare two versions",
		Description: "Structured differences between two versions: lanes, nodes (added, removed, relabelled, reshaped, moved, renumbered), edges (label and handle changes, parallel edges) and loops, with a summary."}, t.diff)
	sdk.AddTool(s, &sdk.Tool{Name: "apply_change", Title: "Edit a diagram",
		Description: "Apply edit operations atomically: insertNode, removeNode (its edges and loop references go too), updateNode, moveNode, insertEdge, removeEdge, updateEdge, insertLane, renameLane (references updated). Returns formatted, checked code; on any failure nothing changes."}, t.change)
	sdk.AddTool(s, &sdk.Tool{Name: "artifact_to_diagram", Title: "Diagram from an artifact",
		Description: "Turn an HTTP access log, a HAR file, an OpenAPI 3 document or a Go function into FlowZap Code that passes strict checks."}, t.artifact)
	sdk.AddTool(s, &sdk.Tool{Name: "templates", Title: "Template gallery",
		Description: "List the gallery's templates (optionally by category or search words, in English or French), or get one template's code by id."}, t.templates)
	sdk.AddTool(s, &sdk.Tool{Name: "create_playground", Title: "Playground link",
		Description: "Check the code and return a /playground?code=... link for the configured flowzap serve instance, or the code itself when none is configured."}, t.playground)
}

func (t *tools) validate(_ context.Context, _ *sdk.CallToolRequest, in ValidateIn) (*sdk.CallToolResult, *ValidateOut, error) {
	if err := t.limit("code", in.Code); err != nil {
		return nil, nil, err
	}
	rep, err := pipeline.Validate("input.fz", []byte(in.Code), pipeline.Options{Strict: in.Strict, View: in.View, Order: in.Order})
	if err != nil {
		return nil, nil, err
	}
	return nil, rep, nil
}

func (t *tools) fix(_ context.Context, _ *sdk.CallToolRequest, in CodeIn) (*sdk.CallToolResult, *FixOut, error) {
	if err := t.limit("code", in.Code); err != nil {
		return nil, nil, err
	}
	src := []byte(in.Code)
	return nil, pipeline.NewFixReport(pipeline.Fix("input.fz", src), src), nil
}

func (t *tools) format(_ context.Context, _ *sdk.CallToolRequest, in CodeIn) (*sdk.CallToolResult, FormatOut, error) {
	if err := t.limit("code", in.Code); err != nil {
		return nil, FormatOut{}, err
	}
	res, err := pipeline.Format("input.fz", []byte(in.Code))
	if err != nil {
		var b bytes.Buffer
		res.Diags.Print(&b, res.File)
		return nil, FormatOut{}, fmt.Errorf("the code has syntax errors, so it was not formatted:\n%s", b.String())
	}
	return nil, FormatOut{Code: string(res.Code)}, nil
}

func (t *tools) checked(code string) (*pipeline.Result, error) {
	if err := t.limit("code", code); err != nil {
		return nil, err
	}
	r := pipeline.Check("input.fz", []byte(code), pipeline.Options{})
	if !r.OK() {
		var b bytes.Buffer
		r.Diags.Filter(diag.Error).Print(&b, r.File)
		return nil, fmt.Errorf("the code has errors; fix them first (the fix and validate tools help):\n%s", b.String())
	}
	return r, nil
}

func (t *tools) render(_ context.Context, _ *sdk.CallToolRequest, in RenderIn) (*sdk.CallToolResult, any, error) {
	r, err := t.checked(in.Code)
	if err != nil {
		return nil, nil, err
	}
	format := in.Format
	if format == "" {
		format = "svg"
	}
	var b bytes.Buffer
	if err := pipeline.Render(&b, r, pipeline.RenderOptions{View: in.View, Format: format, Theme: in.Theme, Scale: in.Scale, Order: in.Order}); err != nil {
		return nil, nil, err
	}
	switch format {
	case "png":
		return &sdk.CallToolResult{Content: []sdk.Content{&sdk.ImageContent{Data: b.Bytes(), MIMEType: "image/png"}}}, nil, nil
	case "pdf":
		return nil, nil, fmt.Errorf("PDF is not returned over MCP: use svg, png or json")
	}
	return text(b.String()), nil, nil
}

func (t *tools) export(_ context.Context, _ *sdk.CallToolRequest, in CodeIn) (*sdk.CallToolResult, *pipeline.Graph, error) {
	r, err := t.checked(in.Code)
	if err != nil {
		return nil, nil, err
	}
	return nil, pipeline.Export(r), nil
}

func (t *tools) syntax(_ context.Context, _ *sdk.CallToolRequest, _ struct{}) (*sdk.CallToolResult, SyntaxOut, error) {
	return text(Reference), SyntaxOut{Reference: Reference}, nil
}

func (t *tools) diff(_ context.Context, _ *sdk.CallToolRequest, in DiffIn) (*sdk.CallToolResult, *pipeline.DiffResult, error) {
	if err := t.limit("old", in.Old); err != nil {
		return nil, nil, err
	}
	if err := t.limit("new", in.New); err != nil {
		return nil, nil, err
	}
	r, err := pipeline.Diff("old.fz", []byte(in.Old), "new.fz", []byte(in.New))
	if err != nil {
		return nil, nil, err
	}
	return nil, r, nil
}

func (t *tools) change(_ context.Context, _ *sdk.CallToolRequest, in ChangeIn) (*sdk.CallToolResult, ChangeOut, error) {
	if err := t.limit("code", in.Code); err != nil {
		return nil, ChangeOut{}, err
	}
	if len(in.Operations) == 0 {
		return nil, ChangeOut{}, fmt.Errorf("no operations given")
	}
	r, err := pipeline.Patch("input.fz", []byte(in.Code), in.Operations)
	if err != nil {
		return nil, ChangeOut{}, fmt.Errorf("%v; nothing was changed", err)
	}
	return nil, ChangeOut{Code: string(r.Code), Applied: r.Applied, Warnings: r.Diags.Filter(diag.Warning).JSONList(r.File)}, nil
}

func (t *tools) artifact(_ context.Context, _ *sdk.CallToolRequest, in ArtifactIn) (*sdk.CallToolResult, ArtifactOut, error) {
	if err := t.limit("content", in.Content); err != nil {
		return nil, ArtifactOut{}, err
	}
	opts := pipeline.ImportOptions{Func: in.Function}
	data := []byte(in.Content)
	if in.Kind == "go" {
		dir, err := os.MkdirTemp("", "flowzap-go-*")
		if err != nil {
			return nil, ArtifactOut{}, err
		}
		defer os.RemoveAll(dir)
		opts.Path = filepath.Join(dir, "input.go")
		if err := os.WriteFile(opts.Path, data, 0o600); err != nil {
			return nil, ArtifactOut{}, err
		}
	}
	code, err := pipeline.Import(in.Kind, data, opts)
	if err != nil {
		return nil, ArtifactOut{}, err
	}
	r := pipeline.Check("import.fz", []byte(code), pipeline.Options{})
	return nil, ArtifactOut{Code: code, Stats: pipeline.StatsOf(r)}, nil
}

func (t *tools) playground(_ context.Context, _ *sdk.CallToolRequest, in PlaygroundIn) (*sdk.CallToolResult, PlaygroundOut, error) {
	if _, err := t.checked(in.Code); err != nil {
		return nil, PlaygroundOut{}, err
	}
	if t.opts.PlaygroundURL == "" {
		return nil, PlaygroundOut{Code: in.Code, Note: "no flowzap serve URL is configured (--playground-url or FLOWZAP_PLAYGROUND_URL); here is the checked code"}, nil
	}
	link, err := playgroundLink(t.opts.PlaygroundURL, in.Code, in.View)
	if err != nil {
		return nil, PlaygroundOut{}, err
	}
	return nil, PlaygroundOut{URL: link, Code: in.Code}, nil
}

// TemplatesIn is templates' input.
type TemplatesIn struct {
	ID       string `json:"id,omitempty" jsonschema:"a template id: returns that template with its code"`
	Category string `json:"category,omitempty" jsonschema:"patterns, devops, security, business, architecture or ai-agents"`
	Query    string `json:"query,omitempty" jsonschema:"words to search in titles and descriptions (English or French)"`
}

// TemplatesOut is templates' result.
type TemplatesOut struct {
	Templates []gallery.Template `json:"templates"`
}

func (t *tools) templates(_ context.Context, _ *sdk.CallToolRequest, in TemplatesIn) (*sdk.CallToolResult, TemplatesOut, error) {
	if in.ID != "" {
		tpl, ok := gallery.Get(in.ID)
		if !ok {
			return nil, TemplatesOut{}, fmt.Errorf("no template %q: call templates without id to list them", in.ID)
		}
		return nil, TemplatesOut{Templates: []gallery.Template{tpl}}, nil
	}
	return nil, TemplatesOut{Templates: gallery.List(in.Category, in.Query)}, nil
}
