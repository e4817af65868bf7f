package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"flowzap/internal/diag"
	"flowzap/internal/interchange"
	"flowzap/internal/layout"
	"flowzap/internal/layout/sequence"
	"flowzap/internal/layout/swimlane"
)

// Exporter describes a format a laid-out diagram is written in; its
// writer is [exportWriter]'s.
type exporter struct {
	name, ext, mime, desc string
}

var exporters = []exporter{
	{"mermaid", ".mmd", "text/vnd.mermaid", "Mermaid flowchart, one subgraph per lane"},
	{"mermaid-sequence", ".mmd", "text/vnd.mermaid", "Mermaid sequenceDiagram of the sequence view"},
	{"bpmn", ".bpmn", "application/xml", "BPMN 2.0 XML with diagram interchange (our layout)"},
	{"drawio", ".drawio", "application/vnd.jgraph.mxfile", "draw.io / diagrams.net file with swimlanes"},
	{"dot", ".dot", "text/vnd.graphviz", "Graphviz DOT, a cluster per lane, ports from handles"},
	{"d2", ".d2", "text/plain", "D2, a container per lane"},
	{"plantuml", ".puml", "text/plain", "PlantUML activity diagram with swimlanes"},
	{"plantuml-sequence", ".puml", "text/plain", "PlantUML sequence diagram of the sequence view"},
	{"n8n", ".json", "application/json", "n8n workflow JSON (trigger, IF/Switch, No Operation steps, lanes as sticky notes)"},
	{"make", ".json", "application/json", "Make.com scenario blueprint (routers with filters)"},
}

// converter describes a format read into FlowZap Code; its reader is
// [importReader]'s.
type converter struct {
	name, desc string
}

var converters = []converter{
	{"mermaid", "Mermaid flowchart/graph or sequenceDiagram"},
	{"bpmn", "BPMN 2.0 XML (pools, lanes, events, tasks, gateways, flows)"},
	{"drawio", "draw.io / diagrams.net file (swimlanes, shapes, connectors)"},
}

// ExportFormats lists the formats of [ExportAs], in a stable order.
func ExportFormats() []string {
	var out []string
	for _, e := range exporters {
		out = append(out, e.name)
	}
	return out
}

// ImportFormats lists the formats [Import] reads.
func ImportFormats() []string {
	var out []string
	for _, i := range converters {
		out = append(out, i.name)
	}
	return out
}

// ExportInfo describes an export format: the file extension and media
// type of its output, and one line about it.
func ExportInfo(format string) (ext, mime, desc string, ok bool) {
	for _, e := range exporters {
		if e.name == format {
			return e.ext, e.mime, e.desc, true
		}
	}
	return "", "", "", false
}

// IsExportFormat reports whether format is one of [ExportFormats].
func IsExportFormat(format string) bool { return slices.Contains(ExportFormats(), format) }

// IsImportFormat reports whether format is one of [ImportFormats].
func IsImportFormat(format string) bool { return slices.Contains(ImportFormats(), format) }

// ExportAs writes the checked file r in another diagram format (see
// [ExportFormats]). The workflow and sequence layouts are computed so
// that formats with coordinates look like our own picture. r must have
// no errors.
func ExportAs(w io.Writer, r *Result, format string) error {
	return ExportAsContext(context.Background(), w, r, format)
}

// ExportAsContext is [ExportAs] that stops once ctx is done, returning
// ctx's error: the layouts it computes look at ctx as [LayoutContext]
// does. The output is built in memory and written to w only when
// complete, so a stopped export writes nothing.
func ExportAsContext(ctx context.Context, w io.Writer, r *Result, format string) (err error) {
	if !r.OK() {
		return fmt.Errorf("%s has errors: %v", r.File.Name(), r.Diags.Err())
	}
	var ex *exporter
	for i := range exporters {
		if exporters[i].name == format {
			ex = &exporters[i]
		}
	}
	if ex == nil {
		return fmt.Errorf("unknown export format %q: expected %s", format, strings.Join(ExportFormats(), ", "))
	}
	write := exportWriter(format)
	if write == nil {
		return fmt.Errorf("export format %s: %w", format, ErrCodecsLeftOut)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	defer stopped(ctx, &err)
	env := layout.DefaultEnv()
	armStop(&env, stopFunc(ctx))
	wf := swimlane.Layout(r.Doc, env)
	seq := sequence.Layout(r.Doc, env)
	name := strings.TrimSuffix(filepath.Base(r.File.Name()), filepath.Ext(r.File.Name()))
	d := interchange.NewDiagram(r.Doc, name, &wf.Layout, seq.Sequence)
	var b bytes.Buffer
	if err := write(&b, d); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// ImportResult is an import: FlowZap Code, or the diagnostics (positioned
// in the imported file) that say why not.
type ImportResult = interchange.Result

// ImportDiagram reads src, written in the format from (see [ImportFormats]), and
// returns strict-valid, formatted FlowZap Code with the diagnostics about
// what could not be carried over.
func ImportDiagram(from, name string, src []byte) (*ImportResult, error) {
	for _, im := range converters {
		if im.name == from {
			read := importReader(from)
			if read == nil {
				return nil, fmt.Errorf("import format %s: %w", from, ErrCodecsLeftOut)
			}
			return read(name, src), nil
		}
	}
	return nil, fmt.Errorf("unknown import format %q: expected %s", from, strings.Join(ImportFormats(), ", "))
}

// ImportWithin is [ImportDiagram] for a front end with limits: code made
// from src that is past limits (nodes, edges, loops, lanes, label
// lengths) is refused with a [*LimitError] saying so, rather than
// returned as code that could never be drawn or saved there.
func ImportWithin(from, name string, src []byte, limits Limits) (*ImportResult, error) {
	res, err := ImportDiagram(from, name, src)
	if err != nil || !res.OK() {
		return res, err
	}
	c := Check("imported.fz", res.Code, Options{})
	if !c.OK() {
		return res, nil
	}
	if err := limits.CheckLimits(c.File, c.Doc); err != nil {
		le := *err.(*LimitError)
		var why any = le.Msg
		if le.text != nil {
			why = *le.text
		}
		t := diag.T("the FlowZap Code imported from the %s input is past the limits: %s", from, why)
		le.Msg, le.text = t.String(), &t
		return nil, &le
	}
	return res, nil
}

// ImportRequest is the body of POST /api/import, and what the WebAssembly
// module's import call takes: the source in the format from (one of
// [ImportFormats]; when empty, the one its name or first lines show, see
// [ImportFormatFor]), the file's name, and the diagnostics' language.
type ImportRequest struct {
	From   string `json:"from"`
	Source string `json:"source"`
	Name   string `json:"name,omitempty"`
	Lang   string `json:"lang,omitempty"` // the diagnostics' language: "en" (default), "fr" or "zh"
}

// ImportReport is the answer of an import (POST /api/import and the
// module's import call): strict-valid FlowZap Code (empty when the input
// could not be read) and the diagnostics about the input, positioned in
// it. Error and Status are set when the input cannot be read (422), as in
// every error answer of the API.
type ImportReport struct {
	OK          bool        `json:"ok"`
	Code        string      `json:"code"`
	Diagnostics []diag.JSON `json:"diagnostics"`
	Error       string      `json:"error,omitempty"`
	Status      int         `json:"status,omitempty"`
	// Omitted is how many diagnostics were left out (see [MaxListed]).
	Omitted int `json:"omitted,omitempty"`
}

// ImportFormatFor returns the diagram format an import request reads:
// from when it names one of [ImportFormats], else, when it is empty, the
// one the file's name or first lines show ([GuessImportFormat]; only the
// diagram formats). The error says what was expected (the API answers it
// with 400).
func ImportFormatFor(from, name string, src []byte) (string, error) {
	if from == "" {
		if f := GuessImportFormat(name, src, false); IsImportFormat(f) {
			return f, nil
		}
		return "", fmt.Errorf("cannot tell the format of the source from its name or its first lines: give \"from\" (%s)", strings.Join(ImportFormats(), ", "))
	}
	if !IsImportFormat(from) {
		return "", fmt.Errorf("unknown import format %q: expected %s", from, strings.Join(ImportFormats(), ", "))
	}
	return from, nil
}

// ImportFor is an import request's work, as /api/import and the
// WebAssembly import module do it: req's format ([ImportFormatFor]), then
// its source imported within limits ([ImportWithin]) under req.Name
// ("input" when empty). It returns the result and the format read; an
// error is a [*LimitError] (the API answers 413) or says what the request
// got wrong (400).
func ImportFor(req ImportRequest, limits Limits) (*ImportResult, string, error) {
	from, err := ImportFormatFor(req.From, req.Name, []byte(req.Source))
	if err != nil {
		return nil, "", err
	}
	name := req.Name
	if name == "" {
		name = "input"
	}
	res, err := ImportWithin(from, name, []byte(req.Source), limits)
	return res, from, err
}

// NewImportReport returns the answer to an import of the from format (res,
// from [ImportWithin]), its messages in lang, and its HTTP status: 200, or
// 422 when the input could not be read.
func NewImportReport(res *ImportResult, from, lang string) (*ImportReport, int) {
	out := &ImportReport{OK: res.OK(), Code: string(res.Code)}
	out.Diagnostics = CapList(res.Diags.JSONList(res.Src), &out.Omitted)
	if out.Diagnostics == nil {
		out.Diagnostics = []diag.JSON{}
	}
	diag.LocalizeJSON(out.Diagnostics, lang)
	if res.OK() {
		return out, 200
	}
	out.Status = 422
	out.Error = diag.T("the %s input cannot be read: the diagnostics say where", from).In(lang)
	return out, 422
}

// ErrCodecsLeftOut is the error of [ExportAs] and [ImportDiagram] for a
// known format in a build that leaves the other formats' writers and
// readers out (the rendering WebAssembly module: its import module
// answers them).
var ErrCodecsLeftOut = errors.New("this build leaves out the writers and readers of other diagram formats (the import module, flowzap-import.wasm, has them)")
