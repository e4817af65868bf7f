package server

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	"flowzap/internal/pipeline"
)

// ImportRequest is the body of POST /api/import (see
// pipeline.ImportRequest).
type ImportRequest = pipeline.ImportRequest

// ImportResponse is the answer of POST /api/import (see
// pipeline.ImportReport).
type ImportResponse = pipeline.ImportReport

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
	if err := useLang(r, req.Lang); err != nil {
		return err
	}
	// Reading the source and checking the code it makes is work of the
	// size of the body, as a check is (a 1 MiB Mermaid file takes most
	// of a second): under the checks' gate, so that many imports at
	// once take a bounded share of the processor.
	var res *pipeline.ImportResult
	var from string
	gateErr := s.light(r.Context(), func() (err error) {
		res, from, err = pipeline.ImportFor(req, s.opts.Limits)
		return err
	})
	if errors.Is(gateErr, errQueueFull) || (gateErr != nil && r.Context().Err() != nil) {
		return gateErr
	}
	var le *pipeline.LimitError
	if errors.As(gateErr, &le) {
		return pipeline.LocalizeErr(le, req.Lang)
	} else if gateErr != nil {
		return &apiError{status: http.StatusBadRequest, msg: gateErr.Error()}
	}
	out, status := pipeline.NewImportReport(res, from, req.Lang)
	writeJSON(w, status, out)
	return nil
}
