package server

import (
	"bytes"
	"net/http"
	"strconv"

	"flowzap/gallery"
	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

// CodeRequest is the body of the endpoints that take code.
type CodeRequest struct {
	Code   string  `json:"code"`
	Strict bool    `json:"strict,omitempty"`
	View   string  `json:"view,omitempty"`
	Format string  `json:"format,omitempty"`
	Theme  string  `json:"theme,omitempty"`
	Scale  float64 `json:"scale,omitempty"`
	Number bool    `json:"number,omitempty"`
}

// ValidateResponse is /api/validate's answer: the pipeline's report, the
// same as the CLI's check --json and the MCP validate tool.
type ValidateResponse = pipeline.Report

func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	status, code := "ok", http.StatusOK
	if err := s.store.Ping(r.Context()); err != nil {
		status, code = "database unavailable", http.StatusServiceUnavailable
	}
	writeJSON(w, code, map[string]string{"status": status, "database": s.store.Dialect})
	return nil
}

func (s *Server) validate(w http.ResponseWriter, r *http.Request) error {
	var req CodeRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	rep, err := pipeline.Validate("input.fz", []byte(req.Code), pipeline.Options{Strict: req.Strict, View: req.View})
	if err != nil {
		return &apiError{http.StatusBadRequest, err.Error(), nil}
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// checked parses and checks code, turning errors into a 422 answer.
func checked(code string) (*pipeline.Result, error) {
	res := pipeline.Check("input.fz", []byte(code), pipeline.Options{})
	if !res.OK() {
		return nil, &apiError{http.StatusUnprocessableEntity, "the code has errors", diagJSON(res.Diags, res.File, diag.Error)}
	}
	return res, nil
}

var contentTypes = map[string]string{
	"svg":  "image/svg+xml",
	"png":  "image/png",
	"pdf":  "application/pdf",
	"json": "application/json; charset=utf-8",
}

func (s *Server) render(w http.ResponseWriter, r *http.Request) error {
	var req CodeRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if req.Format == "" {
		req.Format = "svg"
	}
	opts := pipeline.RenderOptions{View: req.View, Format: req.Format, Theme: req.Theme, Scale: req.Scale, Number: req.Number}
	if err := opts.Check(); err != nil {
		return &apiError{http.StatusBadRequest, err.Error(), nil}
	}
	ct := contentTypes[req.Format]
	res, err := checked(req.Code)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := pipeline.Render(&b, res, opts); err != nil {
		return &apiError{http.StatusBadRequest, err.Error(), nil}
	}
	w.Header().Set("Content-Type", ct)
	if req.Format == "svg" {
		// Even opened on its own, an SVG from us can run nothing.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; font-src data:")
	}
	w.Write(b.Bytes())
	return nil
}

func (s *Server) format(w http.ResponseWriter, r *http.Request) error {
	var req CodeRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	res, err := pipeline.Format("input.fz", []byte(req.Code))
	if err != nil {
		return &apiError{http.StatusUnprocessableEntity, "the code has syntax errors", diagJSON(res.Diags, res.File, diag.Error)}
	}
	writeJSON(w, http.StatusOK, map[string]string{"code": string(res.Code)})
	return nil
}

// FixResponse is /api/fix's answer: the pipeline's fix report, the same as
// the CLI's fix --json and the MCP fix tool.
type FixResponse = pipeline.FixReport

func (s *Server) fix(w http.ResponseWriter, r *http.Request) error {
	var req CodeRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	src := []byte(req.Code)
	writeJSON(w, http.StatusOK, pipeline.NewFixReport(pipeline.Fix("input.fz", src), src))
	return nil
}

func (s *Server) export(w http.ResponseWriter, r *http.Request) error {
	var req CodeRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if req.Format != "" && req.Format != "json" {
		return &apiError{http.StatusBadRequest, "unknown export format " + strconv.Quote(req.Format) + ": expected json", nil}
	}
	res, err := checked(req.Code)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, pipeline.Export(res))
	return nil
}

// SaveRequest is the body that creates or updates a diagram or snapshot.
type SaveRequest struct {
	Code string `json:"code"`
	View string `json:"view,omitempty"`
}

func (s *Server) saveable(r *http.Request) (SaveRequest, error) {
	var req SaveRequest
	if err := decode(r, &req); err != nil {
		return req, err
	}
	if req.View == "" {
		req.View = "workflow"
	}
	if err := pipeline.CheckView(req.View); err != nil {
		return req, &apiError{http.StatusBadRequest, err.Error(), nil}
	}
	if req.Code == "" {
		return req, &apiError{http.StatusBadRequest, "code is empty", nil}
	}
	return req, nil
}

func (s *Server) createPlayground(w http.ResponseWriter, r *http.Request) error {
	req, err := s.saveable(r)
	if err != nil {
		return err
	}
	id, err := s.store.CreateSnapshot(r.Context(), req.Code, req.View)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]string{"id": id, "url": "/playground/" + id})
	return nil
}

func (s *Server) getPlayground(w http.ResponseWriter, r *http.Request) error {
	sn, err := s.store.GetSnapshot(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sn)
	return nil
}

func (s *Server) createDiagram(w http.ResponseWriter, r *http.Request) error {
	req, err := s.saveable(r)
	if err != nil {
		return err
	}
	id, token, err := s.store.Create(r.Context(), req.Code, req.View)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "token": token, "version": 1, "url": "/d/" + id})
	return nil
}

func (s *Server) getDiagram(w http.ResponseWriter, r *http.Request) error {
	v := 0
	if vs := r.PathValue("version"); vs != "" {
		n, err := strconv.Atoi(vs)
		if err != nil || n < 1 {
			return &apiError{http.StatusBadRequest, "version must be a positive number", nil}
		}
		v = n
	}
	d, err := s.store.Get(r.Context(), r.PathValue("id"), v)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func token(r *http.Request) (string, error) {
	h := r.Header.Get("Authorization")
	const p = "Bearer "
	if len(h) <= len(p) || h[:len(p)] != p {
		return "", &apiError{http.StatusUnauthorized, "missing edit token: send Authorization: Bearer <token>", nil}
	}
	return h[len(p):], nil
}

func (s *Server) updateDiagram(w http.ResponseWriter, r *http.Request) error {
	tok, err := token(r)
	if err != nil {
		return err
	}
	req, err := s.saveable(r)
	if err != nil {
		return err
	}
	v, err := s.store.Update(r.Context(), r.PathValue("id"), tok, req.Code, req.View)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "version": v})
	return nil
}

func (s *Server) deleteDiagram(w http.ResponseWriter, r *http.Request) error {
	tok, err := token(r)
	if err != nil {
		return err
	}
	if err := s.store.Delete(r.Context(), r.PathValue("id"), tok); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listTemplates(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	writeJSON(w, http.StatusOK, map[string]any{"categories": gallery.Categories, "templates": gallery.List(q.Get("category"), q.Get("q"))})
	return nil
}

func (s *Server) getTemplate(w http.ResponseWriter, r *http.Request) error {
	t, ok := gallery.Get(r.PathValue("id"))
	if !ok {
		return &apiError{http.StatusNotFound, "no template " + strconv.Quote(r.PathValue("id")), nil}
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}
