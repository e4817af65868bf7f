package server

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

// ImportRequest is the body of POST /api/import: a diagram in another
// format (From: mermaid, bpmn or drawio), optionally its file name for
// the diagnostics, and the language of the diagnostics.
type ImportRequest struct {
	From   string `json:"from"`
	Source string `json:"source"`
	Name   string `json:"name,omitempty"`
	Lang   string `json:"lang,omitempty"` // the diagnostics' language: "en" (default), "fr" or "zh"
}

// ImportResponse is the answer of POST /api/import: strict-valid FlowZap
// Code (empty when the input could not be read) and the diagnostics about
// the input, positioned in it.
type ImportResponse struct {
	OK          bool        `json:"ok"`
	Code        string      `json:"code"`
	Diagnostics []diag.JSON `json:"diagnostics"`
	// Error and Status are set when the input cannot be read (422), as
	// in every error answer of the API.
	Error  string `json:"error,omitempty"`
	Status int    `json:"status,omitempty"`
	// Omitted is how many diagnostics were left out (see maxDiagnostics).
	Omitted int `json:"omitted,omitempty"`
}

func (s *Server) interchangeRoutes(api func(string, func(http.ResponseWriter, *http.Request) error)) {
	api("POST /api/import", s.importDiagram)
}

// exportAs answers POST /api/export with a format other than json: the
// file in that format, with its media type and a download name.
// Several formats carry positions from the layouts: as heavy as a
// render, it runs through the render gate, within its time limit.
func (s *Server) exportAs(w http.ResponseWriter, r *http.Request, res *pipeline.Result, format string) error {
	ext, mime, _, _ := pipeline.ExportInfo(format)
	var b bytes.Buffer
	if err := s.heavy(r.Context(), func(ctx context.Context) error {
		if err := pipeline.ExportAsContext(ctx, &b, res, format); err != nil && ctx.Err() == nil {
			return &apiError{status: http.StatusUnprocessableEntity, msg: err.Error()}
		}
		return ctx.Err()
	}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", mime+"; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="diagram`+ext+`"`)
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b.Bytes())
	return err
}

func (s *Server) importDiagram(w http.ResponseWriter, r *http.Request) error {
	var req ImportRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if err := pipeline.CheckLanguage(req.Lang); err != nil {
		return &apiError{status: http.StatusBadRequest, msg: err.Error()}
	}
	noteLang(r, req.Lang)
	if req.From == "" {
		// Named by the file's extension or its first lines, as the CLI
		// does; only the diagram formats are served here.
		if f := pipeline.GuessImportFormat(req.Name, []byte(req.Source), false); pipeline.IsImportFormat(f) {
			req.From = f
		} else {
			return &apiError{status: http.StatusBadRequest, msg: "cannot tell the format of the source from its name or its first lines: give \"from\" (" + strings.Join(pipeline.ImportFormats(), ", ") + ")"}
		}
	}
	if !pipeline.IsImportFormat(req.From) {
		return &apiError{status: http.StatusBadRequest, msg: "unknown import format \"" + req.From + "\": expected " + strings.Join(pipeline.ImportFormats(), ", ")}
	}
	name := req.Name
	if name == "" {
		name = "input"
	}
	// Reading the source and checking the code it makes is work of the
	// size of the body, as a check is (a 1 MiB Mermaid file takes most
	// of a second): under the checks' gate, so that many imports at
	// once take a bounded share of the processor.
	var res *pipeline.ImportResult
	gateErr := s.light(r.Context(), func() (err error) {
		res, err = pipeline.ImportWithin(req.From, name, []byte(req.Source), s.opts.Limits)
		return err
	})
	if errors.Is(gateErr, errQueueFull) || (gateErr != nil && r.Context().Err() != nil) {
		return gateErr
	}
	err := gateErr
	var le *pipeline.LimitError
	if errors.As(err, &le) {
		return pipeline.LocalizeErr(le, req.Lang)
	} else if err != nil {
		return &apiError{status: http.StatusBadRequest, msg: err.Error()}
	}
	out := ImportResponse{OK: res.OK(), Code: string(res.Code)}
	out.Diagnostics = capList(res.Diags.JSONList(res.Src), &out.Omitted)
	if out.Diagnostics == nil {
		out.Diagnostics = []diag.JSON{}
	}
	diag.LocalizeJSON(out.Diagnostics, req.Lang)
	status := http.StatusOK
	if !res.OK() {
		status = http.StatusUnprocessableEntity
		out.Status = status
		out.Error = diag.T("the %s input cannot be read: the diagnostics say where", req.From).In(req.Lang)
	}
	writeJSON(w, status, out)
	return nil
}
