package server

import (
	"context"
	"net/http"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
	"flowzap/internal/store"
)

// The routes the web app needs beyond the general API and its files
// (assets.go): a quick fix for one diagnostic, a diagram's versions and
// name, and the favicon.
func (s *Server) webAppRoutes(api func(string, func(http.ResponseWriter, *http.Request) error)) {
	api("POST /api/fix/one", s.fixOne)
	api("GET /api/diagrams/{id}/versions", s.listVersions)
	api("PUT /api/diagrams/{id}/name", s.renameDiagram)
	s.mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		if f := assetFiles()["favicon.svg"]; f != nil {
			serveFile(w, r, f)
			return
		}
		http.NotFound(w, r)
	})
}

// FixOneRequest is the body of /api/fix/one: the code and the diagnostic to
// repair, by code and line.
type FixOneRequest struct {
	Code       string `json:"code"`
	Diagnostic struct {
		Code string `json:"code"`
		Line int    `json:"line"`
	} `json:"diagnostic"`
	Lang string `json:"lang,omitempty"` // the diagnostics' language: "en" (default), "fr" or "zh"
}

// fixOne repairs one diagnostic and leaves every other line as written.
// Fixed is false when that diagnostic has no automatic repair.
func (s *Server) fixOne(w http.ResponseWriter, r *http.Request) error {
	var req FixOneRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if err := pipeline.CheckFixTarget([]byte(req.Code), req.Diagnostic.Code, req.Diagnostic.Line); err != nil {
		return &apiError{status: http.StatusBadRequest, msg: err.Error()}
	}
	if err := useLang(r, req.Lang); err != nil {
		return err
	}
	src := []byte(req.Code)
	var res *pipeline.FixResult
	if err := s.heavy(r.Context(), func(ctx context.Context) error {
		var err error
		res, err = pipeline.FixOneContext(ctx, "input.fz", src, diag.Code(req.Diagnostic.Code), req.Diagnostic.Line, s.opts.Limits)
		return err
	}); err != nil {
		return pipeline.LocalizeErr(err, req.Lang)
	}
	writeJSON(w, http.StatusOK, pipeline.NewFixOneReport(res, src).Answer(req.Lang))
	return nil
}

// listVersions answers a diagram's name and versions, newest first.
func (s *Server) listVersions(w http.ResponseWriter, r *http.Request) error {
	h, err := s.store.Versions(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

// RenameRequest is the body of PUT /api/diagrams/{id}/name.
type RenameRequest struct {
	// Name is required: "" clears the name; a missing or null name is
	// refused, so that an empty body does not clear it by accident.
	Name *string `json:"name"`
}

func (s *Server) renameDiagram(w http.ResponseWriter, r *http.Request) error {
	tok, err := token(r)
	if err != nil {
		return err
	}
	expect, err := s.ifMatch(r)
	if err != nil {
		return err
	}
	var req RenameRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if req.Name == nil {
		return &apiError{status: http.StatusBadRequest, msg: `name is required: send the new name, or "" to clear it`}
	}
	name, err := store.CleanName(*req.Name)
	if err != nil {
		return &apiError{status: http.StatusBadRequest, msg: err.Error()}
	}
	if err := s.store.Rename(r.Context(), r.PathValue("id"), tok, name, expect); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": r.PathValue("id"), "name": name})
	return nil
}
