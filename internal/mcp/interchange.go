package mcp

import (
	"bytes"
	"context"
	"fmt"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

// ExportIn is the input of export_diagram.
type ExportIn struct {
	Code   string `json:"code" jsonschema:"FlowZap Code"`
	Format string `json:"format" jsonschema:"the output format"`
}

// ExportOut is the output of export_diagram.
type ExportOut struct {
	Format    string `json:"format"`
	Extension string `json:"extension"`
	MediaType string `json:"mediaType"`
	Content   string `json:"content"`
}

// ImportIn is the input of import_diagram.
type ImportIn struct {
	From   string `json:"from,omitempty" jsonschema:"the input format; left out, it is taken from the source's first lines (a Mermaid header, a draw.io or BPMN root element)"`
	Source string `json:"source" jsonschema:"the diagram in that format"`
}

// ImportOut is the output of import_diagram.
type ImportOut struct {
	OK          bool        `json:"ok"`
	Code        string      `json:"code"`
	Diagnostics []diag.JSON `json:"diagnostics"`
}

func (t *tools) registerInterchange(s *sdk.Server) {
	ro := hints{readOnly: true, idempotent: true}
	addTool(s, &sdk.Tool{Name: "export_diagram", Title: "Export to another format",
		Description: "Write checked FlowZap Code as Mermaid (flowchart or sequenceDiagram), BPMN 2.0 XML with diagram interchange, a draw.io file, Graphviz DOT, D2, PlantUML (activity with swimlanes or sequence), an n8n workflow or a Make.com blueprint. Returns the file content."},
		ro, enums{"format": pipeline.ExportFormats()}, t.exportDiagram)
	addTool(s, &sdk.Tool{Name: "import_diagram", Title: "Import from another format",
		Description: "Turn a Mermaid flowchart or sequence diagram, a BPMN 2.0 file or a draw.io file into strict-valid, formatted FlowZap Code. Diagnostics (with line and column in the source) list what could not be carried over."},
		ro, enums{"from": pipeline.ImportFormats()}, t.importDiagram)
}

func (t *tools) exportDiagram(ctx context.Context, _ *sdk.CallToolRequest, in ExportIn) (*sdk.CallToolResult, *ExportOut, error) {
	r, err := t.laid(in.Code)
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	// Several formats carry positions from a layout: as heavy as a render.
	if err := t.heavy(ctx, func(ctx context.Context) error { return pipeline.ExportAsContext(ctx, &b, r, in.Format) }); err != nil {
		return nil, nil, err
	}
	ext, mime, _, _ := pipeline.ExportInfo(in.Format)
	return text(b.String()), &ExportOut{Format: in.Format, Extension: ext, MediaType: mime, Content: b.String()}, nil
}

func (t *tools) importDiagram(_ context.Context, _ *sdk.CallToolRequest, in ImportIn) (*sdk.CallToolResult, *ImportOut, error) {
	if err := t.limit("source", in.Source); err != nil {
		return nil, nil, err
	}
	from, err := pipeline.ImportFormatFor(in.From, "", []byte(in.Source))
	if err != nil {
		return nil, nil, err
	}
	in.From = from
	res, err := pipeline.ImportWithin(from, "input", []byte(in.Source), t.opts.Limits)
	if err != nil {
		return nil, nil, err
	}
	out := &ImportOut{OK: res.OK(), Code: string(res.Code), Diagnostics: firstOf(res.Diags).JSONList(res.Src)}
	if out.Diagnostics == nil {
		out.Diagnostics = []diag.JSON{}
	}
	if !res.OK() {
		var e bytes.Buffer
		printDiags(&e, res.Diags, res.Src)
		return nil, nil, fmt.Errorf("the %s input cannot be imported:\n%s", in.From, e.String())
	}
	return text(out.Code), out, nil
}
