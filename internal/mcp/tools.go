package mcp

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

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
	Code    string   `json:"code"`
	Applied []string `json:"applied"`
	// Result names, for each operation, the element it created or
	// changed, as the SVG's data-id attributes do.
	Result   []pipeline.OpResult `json:"result"`
	Warnings []diag.JSON         `json:"warnings"`
}

// ArtifactIn is artifact_to_diagram's input.
type ArtifactIn struct {
	Kind     string   `json:"kind" jsonschema:"log (nginx/Apache combined access log), har, openapi (JSON or YAML) or go (Go source)"`
	Content  string   `json:"content,omitempty" jsonschema:"the artifact's text (or use files)"`
	Files    []string `json:"files,omitempty" jsonschema:"go: the source of several files of one package; log: several access logs merged"`
	Function string   `json:"function,omitempty" jsonschema:"go only: the function (Name) or method (Type.Method) whose calls to follow (default main, else the first function)"`
	Fold     bool     `json:"foldStdlib,omitempty" jsonschema:"go only: draw every standard-library package in one lane"`
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

// The argument values tools accept, for their schemas.
var (
	viewEnum     = []string{"workflow", "sequence", "architecture", "mindmap"}
	fzViewEnum   = viewEnum
	formatEnum   = []string{"svg", "png", "json"}
	themeEnum    = []string{"light", "dark"}
	orderEnum    = []string{"flow", "written"}
	kindEnum     = []string{"log", "har", "openapi", "go"}
	fzKindEnum   = []string{"http_logs", "openapi", "code"}
	opEnum       = pipeline.PatchOpNames
	fzOpEnum     = []string{"insertNode", "removeNode", "updateNode", "insertEdge", "removeEdge", "updateEdge"}
	shapeEnum    = []string{"circle", "rectangle", "diamond", "taskbox"}
	sideEnum     = []string{"left", "right", "top", "bottom"}
	categoryEnum = func() []string {
		var ids []string
		for _, c := range gallery.Categories {
			ids = append(ids, c.ID)
		}
		return ids
	}()
)

func (t *tools) register(s *sdk.Server) {
	ro := hints{readOnly: true, idempotent: true}
	addTool(s, &sdk.Tool{Name: "validate", Title: "Validate FlowZap Code",
		Description: "Check FlowZap Code: errors and warnings with line, column, code (FZnnn), message and fix; strict mode for code the FlowZap app must accept."},
		ro, enums{"view": viewEnum, "order": orderEnum}, t.validate)
	addTool(s, &sdk.Tool{Name: "fix", Title: "Fix FlowZap Code",
		Description: "Repair every departure from the official rules that has one clear meaning (separators, handles, arrows, chained edges, quotes, lane prefixes, misplaced edges, lane labels, node numbering, emoji, fences) and return canonical code, the corrections, and what is left for a person to decide."},
		ro, nil, t.fix)
	addTool(s, &sdk.Tool{Name: "format", Title: "Format FlowZap Code",
		Description: "Return the canonical form of the code (the meaning never changes). Fails on syntax errors."}, ro, nil, t.format)
	addTool(s, &sdk.Tool{Name: "render", Title: "Render a diagram",
		Description: "Draw the code as a workflow, sequence, architecture or mind map view: SVG as text, PNG as an image, or the layout JSON."},
		ro, enums{"view": viewEnum, "format": formatEnum, "theme": themeEnum, "order": orderEnum}, t.render)
	addTool(s, &sdk.Tool{Name: "export_graph", Title: "Export the graph",
		Description: "Return the diagram as a JSON graph: lanes, nodes, edges (in written order), loops and stats, with source spans."}, ro, nil, t.export)
	addTool(s, &sdk.Tool{Name: "get_syntax", Title: "FlowZap Code reference",
		Description: "Return a concise reference of the FlowZap Code language with every strict rule and an example. Read it before writing code."}, ro, nil, t.syntax)
	addTool(s, &sdk.Tool{Name: "diff", Title: "Compare two versions",
		Description: "Structured differences between two versions: lanes (renames too), nodes (added, removed, relabelled, reshaped, moved, renumbered), edges (label, handle and order changes, parallel edges) and loops, with a summary."},
		ro, nil, t.diff)
	addTool(s, &sdk.Tool{Name: "apply_change", Title: "Edit a diagram",
		Description: "Apply edit operations atomically and return formatted, checked code; on any failure nothing changes. " + opsHelp},
		ro, enums{"operations.op": opEnum, "operations.shape": shapeEnum, "operations.fromSide": sideEnum, "operations.toSide": sideEnum}, t.change)
	addTool(s, &sdk.Tool{Name: "artifact_to_diagram", Title: "Diagram from an artifact",
		Description: "Turn an HTTP access log, a HAR file, an OpenAPI 3 document or Go source (one or several files of a package) into FlowZap Code that passes strict checks and whose sequence view follows the source order."},
		ro, enums{"kind": kindEnum}, t.artifact)
	addTool(s, &sdk.Tool{Name: "templates", Title: "Template gallery",
		Description: "List the template library (optionally by category, complexity, preferred view or search words in English, French or Chinese), or get one template's code by id. Each template has a stable id (slug), category, tags, title and description in en/fr/zh, node/lane/edge counts, a complexity rating, its preferred view and related templates. " +
			fmt.Sprintf("Without a filter the answer lists all %d templates (about %d KB of JSON): filter with query, category, complexity or view first.", len(gallery.Search(gallery.Filter{})), listKB())},
		ro, enums{"category": categoryEnum, "complexity": gallery.Complexities, "view": viewEnum}, t.templates)
	addTool(s, &sdk.Tool{Name: "create_playground", Title: "Playground link",
		Description: "Check the code and return a link that opens it in the configured flowzap serve instance (a playground session, or a ?code= link for small code), or the code itself when none is configured."},
		hints{}, enums{"view": viewEnum}, t.playground)

	t.registerInterchange(s)

	// FlowZap's own tool names and shapes.
	fz := "Same name, arguments and result as FlowZap's MCP server. "
	addTool(s, &sdk.Tool{Name: "flowzap_validate", Title: "Validate FlowZap Code (FlowZap-compatible)",
		Description: fz + "Validate FlowZap Code against the official rules: {valid, errors, warnings, stats: {lanes, nodes, edges}}; messages in lng (en, fr, zh)."},
		ro, enums{}, t.fzValidate)
	addTool(s, &sdk.Tool{Name: "flowzap_create_playground", Title: "Create a playground (FlowZap-compatible)",
		Description: fz + "Check the code and return a shareable playground URL for the chosen view."},
		hints{}, enums{"view": fzViewEnum}, t.fzPlayground)
	addTool(s, &sdk.Tool{Name: "flowzap_get_syntax", Title: "FlowZap Code syntax (FlowZap-compatible)",
		Description: fz + "FlowZap Code syntax documentation with every strict rule and an example."}, ro, enums{}, t.fzSyntax)
	addTool(s, &sdk.Tool{Name: "flowzap_export_graph", Title: "Export the graph (FlowZap-compatible)",
		Description: fz + "The diagram as {success, graph: {lanes (type actor/system/unknown), nodes (kind start/end/step/decision/task), edges, stats}}."},
		ro, enums{}, t.fzExport)
	addTool(s, &sdk.Tool{Name: "flowzap_artifact_to_diagram", Title: "Diagram from an artifact (FlowZap-compatible)",
		Description: fz + "Turn HTTP logs (access log or HAR), an OpenAPI spec or Go code into FlowZap Code: {success, code, url, view, notes, stats: {actors, stepCount}}."},
		ro, enums{"artifactType": fzKindEnum, "view": fzViewEnum}, t.fzArtifact)
	addTool(s, &sdk.Tool{Name: "flowzap_diff", Title: "Compare two versions (FlowZap-compatible)",
		Description: fz + "Compare oldCode and newCode: {success, changes: {nodesAdded, nodesRemoved, nodesUpdated, edgesAdded, edgesRemoved, lanesAdded, lanesRemoved}, summary, details}."},
		ro, enums{}, t.fzDiff)
	addTool(s, &sdk.Tool{Name: "flowzap_apply_change", Title: "Edit a diagram (FlowZap-compatible)",
		Description: fz + "Apply operations atomically: insertNode needs laneId and newNode (afterNodeId or beforeNodeId place it); removeNode needs nodeId; updateNode needs nodeId and updates; insertEdge needs newEdge {from, to}; removeEdge and updateEdge need edgeId (e1, e2... in written order) or newEdge {from, to}. Returns {success, code, url, applied, summary}."},
		ro, enums{"operations.op": fzOpEnum, "operations.newNode.shape": shapeEnum, "operations.newEdge.fromHandle": sideEnum,
			"operations.newEdge.toHandle": sideEnum}, t.fzChange)
	addTool(s, &sdk.Tool{Name: "flowzap_fix", Title: "Fix FlowZap Code (FlowZap-compatible)",
		Description: fz + "Repair everything repairable and report what is left: {success, valid, code, corrections, remaining, summary}."},
		ro, enums{}, t.fzFix)
	addTool(s, &sdk.Tool{Name: "flowzap_mindmap_validate", Title: "Validate a mind map (FlowZap-compatible)",
		Description: fz + "Validate code for the mind map view (the first circle is the root, rectangles are branches): {valid, errors, warnings, stats: {root, branches, depth, nodes, omitted}, message}."},
		ro, enums{}, t.fzMindMapValidate)
	addTool(s, &sdk.Tool{Name: "flowzap_mindmap_approve", Title: "Approve a mind map (FlowZap-compatible)",
		Description: fz + "Check a mind map and, when it has no errors, approve it and return its canonical code: {approved, code, errors, stats, message}."},
		ro, enums{}, t.fzMindMapApprove)
	addTool(s, &sdk.Tool{Name: "flowzap_mindmap_create_playground", Title: "Mind map playground (FlowZap-compatible)",
		Description: fz + "Check a mind map and return a playground URL that opens it in the mind map view."},
		hints{}, enums{}, t.fzMindMapPlayground)
	addTool(s, &sdk.Tool{Name: "flowzap_mindmap_template", Title: "Mind map template (FlowZap-compatible)",
		Description: fz + "A starter mind map about a topic, with the given (or four generic) first-level branches, labels in lng."},
		ro, enums{}, t.fzMindMapTemplate)
}

// listKB is the size of the unfiltered templates answer, in KB, as
// templates' description announces it.
func listKB() int {
	b, _ := json.Marshal(TemplatesOut{Templates: gallery.Search(gallery.Filter{})})
	return (len(b) + 512) / 1024
}

// opsHelp says which fields each apply_change operation needs.
const opsHelp = "Fields per op: insertNode: lane, shape, label (id picks the next nN when empty; after or before a node places it). " +
	"removeNode: id (its edges and loop references go too; when the input was numbered n1..nK, later nodes move down so numbering stays gap-free, reported in applied). " +
	"updateNode: id and any of shape, label, owner, description, system. moveNode: id, lane. " +
	"insertEdge: from, to, optional label, fromSide, toSide, and position (0-based place among the edges written in the source's lane, i.e. the message order; the end when absent). " +
	"removeEdge: from, to (index picks among parallel edges). updateEdge: from, to, and label, fromSide or toSide. " +
	"insertLane: id, label (after a lane, or at the end). renameLane: id, newId and/or label (references updated). " +
	"insertLoop: label (the condition), nodes (two or more IDs), optional lane (default: the first node's). " +
	"updateLoop: index (0-based loop number in written order) and label and/or nodes. removeLoop: index. " +
	"Labels are one line: a line break is an error."

func (t *tools) validate(_ context.Context, _ *sdk.CallToolRequest, in ValidateIn) (*sdk.CallToolResult, *ValidateOut, error) {
	if err := t.limit("code", in.Code); err != nil {
		return nil, nil, err
	}
	rep, err := pipeline.Validate("input.fz", []byte(in.Code), pipeline.Options{Strict: in.Strict, View: in.View, Order: in.Order})
	if err != nil {
		return nil, nil, err
	}
	rep.Errors, rep.Warnings, rep.Infos = firstOf(rep.Errors), firstOf(rep.Warnings), firstOf(rep.Infos)
	return nil, rep, nil
}

func (t *tools) fix(ctx context.Context, _ *sdk.CallToolRequest, in CodeIn) (*sdk.CallToolResult, *FixOut, error) {
	if err := t.limit("code", in.Code); err != nil {
		return nil, nil, err
	}
	r, err := t.fixed(ctx, in.Code)
	if err != nil {
		return nil, nil, err
	}
	rep := pipeline.NewFixReport(r, []byte(in.Code))
	rep.Corrections, rep.Diagnostics = firstOf(rep.Corrections), firstOf(rep.Diagnostics)
	return nil, rep, nil
}

func (t *tools) format(_ context.Context, _ *sdk.CallToolRequest, in CodeIn) (*sdk.CallToolResult, FormatOut, error) {
	if err := t.limit("code", in.Code); err != nil {
		return nil, FormatOut{}, err
	}
	res, err := pipeline.Format("input.fz", []byte(in.Code))
	if err != nil {
		var b bytes.Buffer
		printDiags(&b, res.Diags, res.File)
		return nil, FormatOut{}, fmt.Errorf("the code has syntax errors, so it was not formatted:\n%s", b.String())
	}
	return nil, FormatOut{Code: string(res.Code)}, nil
}

func (t *tools) checked(code string) (*pipeline.Result, error) {
	return t.checkedAs("code", "the code", "input.fz", code)
}

// checkedAs checks one argument's code (what names it in the message,
// file in the positions) and, when it has errors, says each one with its
// line and column, the source line and the fix.
func (t *tools) checkedAs(arg, what, file, code string) (*pipeline.Result, error) {
	if err := t.limit(arg, code); err != nil {
		return nil, err
	}
	r := pipeline.Check(file, []byte(code), pipeline.Options{})
	if !r.OK() {
		var b bytes.Buffer
		printDiags(&b, r.Diags.Filter(diag.Error), r.File)
		return nil, fmt.Errorf("%s has errors; fix them first (the fix and validate tools help):\n%s", what, b.String())
	}
	return r, nil
}

func (t *tools) render(ctx context.Context, _ *sdk.CallToolRequest, in RenderIn) (*sdk.CallToolResult, any, error) {
	r, err := t.laid(in.Code)
	if err != nil {
		return nil, nil, err
	}
	format := in.Format
	if format == "" {
		format = "svg"
	}
	if format == "pdf" {
		return nil, nil, fmt.Errorf("PDF is not returned over MCP: use svg, png or json")
	}
	var b bytes.Buffer
	opts := pipeline.RenderOptions{View: in.View, Format: format, Theme: in.Theme, Scale: in.Scale, Order: in.Order}
	if err := t.heavy(ctx, func(ctx context.Context) error { return pipeline.RenderContext(ctx, &b, r, opts, t.opts.Limits) }); err != nil {
		return nil, nil, err
	}
	if format == "png" {
		return &sdk.CallToolResult{Content: []sdk.Content{&sdk.ImageContent{Data: b.Bytes(), MIMEType: "image/png"}}}, nil, nil
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
	// Each version's errors with their positions (old.fz:LINE:COL):
	// the comparison itself names only the first error.
	if _, err := t.checkedAs("old", "old (the earlier version)", "old.fz", in.Old); err != nil {
		return nil, nil, err
	}
	if _, err := t.checkedAs("new", "new (the later version)", "new.fz", in.New); err != nil {
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
	if err := t.opsLimit(len(in.Code), in.Operations); err != nil {
		return nil, ChangeOut{}, err
	}
	// Operations apply to code without errors; say where each one is
	// (the patch itself names only the first, without its place).
	if _, err := t.checked(in.Code); err != nil {
		return nil, ChangeOut{}, fmt.Errorf("%v\nnothing was changed", err)
	}
	r, err := pipeline.Patch("input.fz", []byte(in.Code), in.Operations)
	if err != nil {
		return nil, ChangeOut{}, fmt.Errorf("%v; nothing was changed", err)
	}
	return nil, ChangeOut{Code: string(r.Code), Applied: r.Applied, Result: r.Results, Warnings: firstOf(r.Diags.Filter(diag.Warning)).JSONList(r.File)}, nil
}

func (t *tools) artifact(_ context.Context, _ *sdk.CallToolRequest, in ArtifactIn) (*sdk.CallToolResult, ArtifactOut, error) {
	contents := in.Files
	if in.Content != "" {
		contents = append([]string{in.Content}, contents...)
	}
	if len(contents) == 0 {
		return nil, ArtifactOut{}, fmt.Errorf("give the artifact as content, or several files as files")
	}
	total := 0
	for _, c := range contents {
		total += len(c)
	}
	if total > t.opts.MaxInput {
		return nil, ArtifactOut{}, fmt.Errorf("the artifact is %d bytes: the limit is %d bytes", total, t.opts.MaxInput)
	}
	code, err := importArtifact(in.Kind, contents, pipeline.ImportOptions{Func: in.Function, FoldStdlib: in.Fold})
	if err != nil {
		return nil, ArtifactOut{}, err
	}
	r := pipeline.Check("import.fz", []byte(code), pipeline.Options{})
	if err := t.madeWithin(in.Kind, r); err != nil {
		return nil, ArtifactOut{}, err
	}
	return nil, ArtifactOut{Code: code, Stats: pipeline.StatsOf(r)}, nil
}

// madeWithin refuses code made from an artifact of the given kind that
// is past the limits: it could be neither drawn nor saved.
func (t *tools) madeWithin(kind string, r *pipeline.Result) error {
	if err := t.opts.Limits.CheckLimits(r.File, r.Doc); err != nil {
		return fmt.Errorf("the FlowZap Code made from the %s input is past the limits: %w", kind, err)
	}
	return nil
}

// importArtifact imports one or several texts of one kind. Go files are
// parsed from memory, so no temporary file is written and no path appears
// in messages; several logs are joined.
func importArtifact(kind string, contents []string, opts pipeline.ImportOptions) (string, error) {
	var data []byte
	switch kind {
	case "go":
		for i, c := range contents {
			opts.Files = append(opts.Files, pipeline.GoFile{Name: fmt.Sprintf("file%d.go", i+1), Src: []byte(c)})
		}
	case "log", "nginx", "apache":
		data = []byte(strings.Join(contents, "\n"))
	default:
		if len(contents) > 1 {
			return "", fmt.Errorf("%s takes one document, not %d", kind, len(contents))
		}
		data = []byte(contents[0])
	}
	return pipeline.Import(kind, data, opts)
}

func (t *tools) playground(ctx context.Context, _ *sdk.CallToolRequest, in PlaygroundIn) (*sdk.CallToolResult, PlaygroundOut, error) {
	if err := pipeline.CheckView(in.View); err != nil {
		return nil, PlaygroundOut{}, err
	}
	if _, err := t.checked(in.Code); err != nil {
		return nil, PlaygroundOut{}, err
	}
	link, err := t.playgroundURL(ctx, in.Code, in.View)
	if err != nil {
		return nil, PlaygroundOut{}, err
	}
	if link == "" {
		return nil, PlaygroundOut{Code: in.Code, Note: "no flowzap serve URL is configured (--playground-url or FLOWZAP_PLAYGROUND_URL); here is the checked code"}, nil
	}
	return nil, PlaygroundOut{URL: link, Code: in.Code}, nil
}

// TemplatesIn is templates' input.
type TemplatesIn struct {
	ID       string `json:"id,omitempty" jsonschema:"a template id: returns that template with its code"`
	Category string `json:"category,omitempty" jsonschema:"a category id"`
	Query    string `json:"query,omitempty" jsonschema:"words that must all appear in the id, tags, title or description, in English, French or Chinese (case and accents ignored)"`
	// Complexity and View were added with the template library's metadata.
	Complexity string `json:"complexity,omitempty" jsonschema:"simple, medium or complex"`
	View       string `json:"view,omitempty" jsonschema:"the view the template is meant for"`
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
	return nil, TemplatesOut{Templates: gallery.Search(gallery.Filter{Category: in.Category, Query: in.Query, Complexity: in.Complexity, View: in.View})}, nil
}
