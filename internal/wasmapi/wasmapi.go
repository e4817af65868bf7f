// Package wasmapi is what the WebAssembly build (cmd/flowzap-wasm) answers:
// the HTTP API's validate, render, format, fix, fix/one, export and patch
// endpoints as plain function calls, with the same internal/pipeline calls,
// the same options and limits, and the same bytes in the answer (status,
// JSON body or picture) as internal/server, so a page that renders in the
// browser shows exactly what the server would send. It has no
// syscall/js dependency, so it is tested natively too.
package wasmapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

// Version identifies the answer format; the JS wrapper checks it.
const Version = "1"

// Request holds the fields of the HTTP API's request bodies.
type Request struct {
	Code   string
	Strict bool
	View   string
	Format string // render: "svg" (default) or "json" (the layout); export: "json" (default) or one of pipeline.ExportFormats
	Theme  string
	Number bool
	Order  string
	// Diagnostic is the one to repair (FixOne).
	Diagnostic struct {
		Code string
		Line int
	}
}

// Response is the server's answer: the HTTP status, the content type and
// the body. Report, set by [Render], is the validation report (the
// diagnostics in the request's view and the stats) as JSON.
type Response struct {
	Status int
	Type   string
	Body   string
	Report string
}

// The HTTP statuses of the server's answers (net/http is left out of the
// module for its size).
const (
	statusOK            = 200
	statusBadRequest    = 400
	statusTooLarge      = 413
	statusUnprocessable = 422
	statusInternal      = 500
)

const jsonType = "application/json; charset=utf-8"

// jsonBody encodes v as the server's writeJSON does.
func jsonBody(status int, v any) Response {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return failure(statusInternal, "internal error", nil)
	}
	return Response{Status: status, Type: jsonType, Body: b.String()}
}

// errorBody is the server's ErrorBody.
type errorBody struct {
	Error  string      `json:"error"`
	Status int         `json:"status"`
	Errors []diag.JSON `json:"errors,omitempty"`
}

func failure(status int, msg string, diags []diag.JSON) Response {
	return jsonBody(status, errorBody{Error: msg, Status: status, Errors: diags})
}

// Validate answers /api/validate: the validation report.
func Validate(req Request) Response {
	rep, err := pipeline.Validate("input.fz", []byte(req.Code), pipeline.Options{Strict: req.Strict, View: req.View, Order: req.Order})
	if err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	return jsonBody(statusOK, rep)
}

var contentTypes = map[string]string{
	"svg":  "image/svg+xml",
	"json": jsonType,
}

// Render answers /api/render for SVG and the layout JSON (PNG and PDF are
// refused: the server draws them). The Report field carries the
// validation report in the request's view and order, so one call gives
// the picture, the diagnostics and the stats.
func Render(req Request) Response {
	if req.Format == "" {
		req.Format = "svg"
	}
	opts := pipeline.RenderOptions{View: req.View, Format: req.Format, Theme: req.Theme, Number: req.Number, Order: req.Order}
	if err := opts.Check(); err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	ct, ok := contentTypes[req.Format]
	if !ok {
		return failure(statusBadRequest, "format "+strconv.Quote(req.Format)+" is drawn by the server only: expected svg or json", nil)
	}
	src := []byte(req.Code)
	// The server renders the result of a check in the default mode and
	// reports the check in the request's view; only the sequence view
	// checks differently (and the order only matters to its checks), so
	// the other views share one check.
	checked := pipeline.Check("input.fz", src, pipeline.Options{View: req.View, Order: req.Order})
	report := jsonBody(statusOK, checked.Report()).Body
	res := checked
	if req.View == "sequence" || req.Order != "" {
		res = pipeline.Check("input.fz", src, pipeline.Options{})
	}
	if !res.OK() {
		r := failure(statusUnprocessable, "the code has errors", res.Diags.Filter(diag.Error).JSONList(res.File))
		r.Report = report
		return r
	}
	var b bytes.Buffer
	if err := pipeline.RenderContext(context.Background(), &b, res, opts, pipeline.DefaultLimits); err != nil {
		var r Response
		if pipeline.IsLimit(err) {
			r = failure(statusTooLarge, err.Error(), nil)
		} else {
			r = failure(statusUnprocessable, err.Error(), nil)
		}
		r.Report = report
		return r
	}
	return Response{Status: statusOK, Type: ct, Body: b.String(), Report: report}
}

// Format answers /api/format: {"code": canonical form}.
func Format(req Request) Response {
	res, err := pipeline.Format("input.fz", []byte(req.Code))
	if err != nil {
		return failure(statusUnprocessable, "the code has syntax errors", res.Diags.Filter(diag.Error).JSONList(res.File))
	}
	return jsonBody(statusOK, map[string]string{"code": string(res.Code)})
}

// Fix answers /api/fix: the fix report.
func Fix(req Request) Response {
	src := []byte(req.Code)
	return jsonBody(statusOK, pipeline.NewFixReport(pipeline.Fix("input.fz", src), src))
}

// FixOne answers /api/fix/one: the repair of one diagnostic, every other
// line left as written.
func FixOne(req Request) Response {
	if req.Diagnostic.Code == "" || req.Diagnostic.Line < 1 {
		return failure(statusBadRequest, "diagnostic: expected a code (like FZ101) and a line (from 1)", nil)
	}
	res := pipeline.FixOne("input.fz", []byte(req.Code), diag.Code(req.Diagnostic.Code), req.Diagnostic.Line)
	out := pipeline.FixReport{Fixed: res.Code != nil, Code: string(res.Code), Corrections: res.Corrections, Diagnostics: res.Diags.JSONList(res.File)}
	if out.Corrections == nil {
		out.Corrections = []pipeline.Correction{}
	}
	if !out.Fixed {
		out.Code = req.Code
	}
	return jsonBody(statusOK, out)
}

// Export answers /api/export: the JSON graph, or the diagram in another
// format (see pipeline.ExportFormats) with that format's media type.
func Export(req Request) Response {
	if req.Format != "" && req.Format != "json" && !pipeline.IsExportFormat(req.Format) {
		return failure(statusBadRequest, "unknown export format "+strconv.Quote(req.Format)+": expected json, "+strings.Join(pipeline.ExportFormats(), ", "), nil)
	}
	res := pipeline.Check("input.fz", []byte(req.Code), pipeline.Options{})
	if !res.OK() {
		return failure(statusUnprocessable, "the code has errors", res.Diags.Filter(diag.Error).JSONList(res.File))
	}
	if err := pipeline.DefaultLimits.CheckLimits(res.File, res.Doc); err != nil {
		return failure(statusTooLarge, err.Error(), nil)
	}
	if req.Format != "" && req.Format != "json" {
		_, mime, _, _ := pipeline.ExportInfo(req.Format)
		var b bytes.Buffer
		if err := pipeline.ExportAs(&b, res, req.Format); err != nil {
			return failure(statusUnprocessable, err.Error(), nil)
		}
		return Response{Status: statusOK, Type: mime + "; charset=utf-8", Body: b.String()}
	}
	return jsonBody(statusOK, pipeline.Export(res))
}

// Patch answers /api/patch: raw is the request body as JSON, {code, ops},
// read exactly as the server reads it (unknown fields refused); the answer
// is the patch report, or the server's error.
func Patch(raw string) Response {
	var req pipeline.PatchRequest
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return failure(statusBadRequest, "invalid JSON body: "+err.Error(), nil)
	}
	if dec.More() {
		return failure(statusBadRequest, "invalid JSON body: more than one value", nil)
	}
	rep, err := pipeline.PatchChecked(req, pipeline.DefaultLimits)
	if err != nil {
		var in *pipeline.PatchInputError
		switch {
		case errors.As(err, &in):
			return failure(statusUnprocessable, in.Error(), in.Diags)
		case pipeline.IsLimit(err):
			return failure(statusTooLarge, err.Error(), nil)
		}
		return failure(statusUnprocessable, err.Error()+"; nothing was changed", nil)
	}
	return jsonBody(statusOK, rep)
}
