package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"flowzap/gallery"
	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
	"flowzap/internal/store"
)

// Each endpoint reads its own request type, so that a field it does not
// take is refused (400, listing the fields it does take) rather than
// ignored. internal/server/openapi.json describes the same fields.

// ValidateRequest is the body of POST /api/validate.
type ValidateRequest struct {
	Code   string `json:"code"`
	Strict bool   `json:"strict,omitempty"`
	View   string `json:"view,omitempty"`
	Order  string `json:"order,omitempty"` // sequence view: "flow" (default) or "written"
	Lang   string `json:"lang,omitempty"`  // the diagnostics' language: "en" (default), "fr" or "zh"
}

// RenderRequest is the body of POST /api/render.
type RenderRequest struct {
	Code   string  `json:"code"`
	View   string  `json:"view,omitempty"`
	Format string  `json:"format,omitempty"`
	Theme  string  `json:"theme,omitempty"`
	Scale  float64 `json:"scale,omitempty"` // 0 (or absent) is 1
	Number bool    `json:"number,omitempty"`
	Order  string  `json:"order,omitempty"`
	Lang   string  `json:"lang,omitempty"`
}

// CodeOnlyRequest is the body of POST /api/format and POST /api/fix: the
// code, and the language of the diagnostics.
type CodeOnlyRequest struct {
	Code string `json:"code"`
	Lang string `json:"lang,omitempty"`
}

// ExportRequest is the body of POST /api/export.
type ExportRequest struct {
	Code   string `json:"code"`
	Format string `json:"format,omitempty"`
	Lang   string `json:"lang,omitempty"` // the language of the errors of code that cannot be exported: "en" (default), "fr" or "zh"
}

// ValidateResponse is /api/validate's answer: the pipeline's report, the
// same as the CLI's check --json and the MCP validate tool.
type ValidateResponse = pipeline.Report

// health answers while the process serves (liveness): it touches no
// database, so a database outage does not get healthy instances killed.
func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": s.store.Dialect})
	return nil
}

// ready answers 200 when the instance can serve (readiness): the
// database answers within 2 s, every migration is applied, and the
// server is not shutting down.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) error {
	out := map[string]string{"status": "ready", "database": s.store.Dialect}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	code := http.StatusOK
	if s.draining.Load() {
		out["status"], code = "shutting down", http.StatusServiceUnavailable
	} else if err := s.store.Ping(ctx); err != nil {
		out["status"], code = "database unavailable", http.StatusServiceUnavailable
	} else if ok, err := s.store.Migrated(ctx); err != nil || !ok {
		out["status"], code = "migrations not applied", http.StatusServiceUnavailable
	}
	if code != http.StatusOK {
		w.Header().Set("Retry-After", "5")
	}
	writeJSON(w, code, out)
	return nil
}

func (s *Server) validate(w http.ResponseWriter, r *http.Request) error {
	var req ValidateRequest
	if err := decode(r, &req, "code"); err != nil {
		return err
	}
	if err := useLang(r, req.Lang); err != nil {
		return err
	}
	var rep *pipeline.Report
	if err := s.light(r.Context(), func() (err error) {
		rep, err = pipeline.Validate("input.fz", []byte(req.Code), pipeline.Options{Strict: req.Strict, View: req.View, Order: req.Order})
		if err != nil {
			return &apiError{status: http.StatusBadRequest, msg: err.Error()}
		}
		return nil
	}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep.Answer(req.Lang))
	return nil
}

// checked parses and checks code, turning errors into a 422 answer with
// the diagnostics in lang.
func checked(code, lang string) (*pipeline.Result, error) {
	res := pipeline.Check("input.fz", []byte(code), pipeline.Options{})
	if !res.OK() {
		omitted := 0
		ds := pipeline.CapList(diagJSON(res.Diags, res.File, diag.Error), &omitted)
		diag.LocalizeJSON(ds, lang)
		return nil, &apiError{status: http.StatusUnprocessableEntity, msg: pipeline.CodeErrorsMessage(false, lang), diags: ds, omitted: omitted}
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
	var req RenderRequest
	if err := decode(r, &req, "code"); err != nil {
		return err
	}
	if req.Format == "" {
		req.Format = "svg"
	}
	opts := pipeline.RenderOptions{View: req.View, Format: req.Format, Theme: req.Theme, Scale: req.Scale, Number: req.Number, Order: req.Order}
	if err := opts.Check(); err != nil {
		return &apiError{status: http.StatusBadRequest, msg: err.Error()}
	}
	if err := useLang(r, req.Lang); err != nil {
		return err
	}
	ct := contentTypes[req.Format]
	var b bytes.Buffer
	start := time.Now()
	err := s.heavy(r.Context(), func(ctx context.Context) error {
		res, err := checked(req.Code, req.Lang)
		if err != nil {
			return err
		}
		return pipeline.RenderContext(ctx, &b, res, opts, s.opts.Limits)
	})
	if err != nil {
		err = pipeline.LocalizeErr(err, req.Lang)
		var ae *apiError
		if errors.As(err, &ae) || pipeline.IsLimit(err) || errors.Is(err, errQueueFull) || errors.Is(err, errRenderTimeout) || r.Context().Err() != nil {
			return err
		}
		if oe := (*pipeline.OptionError)(nil); errors.As(err, &oe) {
			// A scale in range but too small for this picture (under one
			// pixel): an option to change, as one out of range is, not
			// code with errors.
			return &apiError{status: http.StatusBadRequest, msg: err.Error()}
		}
		return &apiError{status: http.StatusUnprocessableEntity, msg: err.Error()}
	}
	s.metrics.renders.WithLabelValues(viewName(req.View), req.Format).Observe(time.Since(start).Seconds())
	w.Header().Set("Content-Type", ct)
	if req.Format == "svg" {
		// Even opened on its own, an SVG from us can run nothing.
		w.Header().Set("Content-Security-Policy", svgCSP)
	}
	w.Write(b.Bytes())
	return nil
}

// svgCSP is the Content-Security-Policy of every SVG the server sends:
// even opened on its own, it can run nothing and load nothing but its
// inline styles and embedded fonts.
const svgCSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:"

func viewName(v string) string {
	if v == "" {
		return "workflow"
	}
	return v
}

func (s *Server) format(w http.ResponseWriter, r *http.Request) error {
	var req CodeOnlyRequest
	if err := decode(r, &req, "code"); err != nil {
		return err
	}
	if err := useLang(r, req.Lang); err != nil {
		return err
	}
	var res *pipeline.FormatResult
	if err := s.light(r.Context(), func() (err error) {
		res, err = pipeline.Format("input.fz", []byte(req.Code))
		if err != nil {
			omitted := 0
			ds := pipeline.CapList(diagJSON(res.Diags, res.File, diag.Error), &omitted)
			diag.LocalizeJSON(ds, req.Lang)
			return &apiError{status: http.StatusUnprocessableEntity, msg: pipeline.CodeErrorsMessage(true, req.Lang), diags: ds, omitted: omitted}
		}
		return nil
	}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"code": string(res.Code)})
	return nil
}

// FixResponse is /api/fix's answer: the pipeline's fix report, the same as
// the CLI's fix --json and the MCP fix tool.
type FixResponse = pipeline.FixReport

func (s *Server) fix(w http.ResponseWriter, r *http.Request) error {
	var req CodeOnlyRequest
	if err := decode(r, &req, "code"); err != nil {
		return err
	}
	if err := useLang(r, req.Lang); err != nil {
		return err
	}
	src := []byte(req.Code)
	var res *pipeline.FixResult
	if err := s.heavy(r.Context(), func(ctx context.Context) error {
		var err error
		res, err = pipeline.FixContext(ctx, "input.fz", src, s.opts.Limits)
		return err
	}); err != nil {
		return pipeline.LocalizeErr(err, req.Lang)
	}
	writeJSON(w, http.StatusOK, pipeline.NewFixReport(res, src).Answer(req.Lang))
	return nil
}

func (s *Server) export(w http.ResponseWriter, r *http.Request) error {
	var req ExportRequest
	if err := decode(r, &req, "code"); err != nil {
		return err
	}
	if req.Format != "" && req.Format != "json" && !pipeline.IsExportFormat(req.Format) {
		return &apiError{status: http.StatusBadRequest, msg: "unknown export format " + strconv.Quote(req.Format) + ": expected json, " + strings.Join(pipeline.ExportFormats(), ", ")}
	}
	if err := useLang(r, req.Lang); err != nil {
		return err
	}
	res, err := checked(req.Code, req.Lang)
	if err != nil {
		return err
	}
	if err := s.opts.Limits.CheckLimits(res.File, res.Doc); err != nil {
		return pipeline.LocalizeErr(err, req.Lang)
	}
	if req.Format != "" && req.Format != "json" {
		return s.exportAs(w, r, res, req.Format)
	}
	var g *pipeline.Graph
	if err := s.heavy(r.Context(), func(ctx context.Context) error {
		var err error
		g, err = pipeline.ExportContext(ctx, res)
		return err
	}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, g)
	return nil
}

// SaveRequest is the body that creates or updates a diagram or snapshot.
type SaveRequest struct {
	Code string `json:"code"`
	View string `json:"view,omitempty"`
	// viewSet: the body named a view (a new version without one keeps
	// the diagram's).
	viewSet bool
}

// saveable reads a body to store and checks it first: the code must be
// FlowZap Code without errors and within the limits, and the client must
// have room left in its storage quota.
func (s *Server) saveable(r *http.Request) (SaveRequest, error) {
	var req SaveRequest
	if err := decode(r, &req, "code"); err != nil {
		return req, err
	}
	req.viewSet = req.View != ""
	if req.View == "" {
		req.View = "workflow"
	}
	if err := pipeline.CheckView(req.View); err != nil {
		return req, &apiError{status: http.StatusBadRequest, msg: err.Error()}
	}
	if strings.TrimSpace(req.Code) == "" {
		return req, &apiError{status: http.StatusBadRequest, msg: "code is empty"}
	}
	if err := s.light(r.Context(), func() error {
		res, err := checked(req.Code, requestLang(r))
		if err != nil {
			ae := err.(*apiError)
			t := diag.T("only FlowZap Code without errors can be saved: %s", diag.T("the code has errors"))
			ae.msg, ae.text = t.String(), &t
			return ae
		}
		return s.opts.Limits.CheckLimits(res.File, res.Doc)
	}); err != nil {
		return req, err
	}
	if err := s.checkQuota(r, int64(len(req.Code))); err != nil {
		return req, err
	}
	return req, nil
}

// checkQuota answers 429 when n more bytes of code would take the
// client of r past its storage quota; otherwise it counts the n bytes as
// under way until r ends (by then they are stored, and counted by the
// database, or refused).
func (s *Server) checkQuota(r *http.Request, n int64) error {
	q := s.opts.StorageQuota
	if q <= 0 {
		return nil
	}
	// The bytes of the client's saves still under way count too:
	// checked against the database alone, parallel saves each saw the
	// same usage and together went past the quota.
	key := s.clientKey(r)
	pending := s.reserve(key, n)
	used, err := s.store.Usage(r.Context(), key, time.Now().Add(-store.QuotaWindow))
	if err != nil {
		s.release(key, n)
		return err
	}
	if used+pending > q {
		s.release(key, n)
		s.metrics.quota.Inc()
		ae := refusal(http.StatusTooManyRequests, diag.T("storage quota reached: each client may store %d bytes of code in 24 hours, and %d are used", q, used+pending-n))
		ae.retryAfter = 3600
		return ae
	}
	context.AfterFunc(r.Context(), func() { s.release(key, n) })
	return nil
}

// reserve adds n bytes to the client's saves under way and returns
// their total, this one included.
func (s *Server) reserve(key string, n int64) int64 {
	s.savingMu.Lock()
	defer s.savingMu.Unlock()
	if s.saving == nil {
		s.saving = map[string]int64{}
	}
	s.saving[key] += n
	return s.saving[key]
}

// release takes n bytes off the client's saves under way (the save is
// stored, and counted by the database, or refused).
func (s *Server) release(key string, n int64) {
	s.savingMu.Lock()
	defer s.savingMu.Unlock()
	if s.saving[key] -= n; s.saving[key] <= 0 {
		delete(s.saving, key)
	}
}

func (s *Server) createPlayground(w http.ResponseWriter, r *http.Request) error {
	req, err := s.saveable(r)
	if err != nil {
		return err
	}
	id, err := s.store.CreateSnapshot(r.Context(), store.Save{Code: req.Code, View: req.View, Client: s.clientKey(r)})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]string{"id": id, "url": "/playground/" + id})
	return nil
}

func (s *Server) getPlayground(w http.ResponseWriter, r *http.Request) error {
	sn, err := s.store.GetSnapshot(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		sn, err = s.session(r.Context(), r.PathValue("id")) // a playground session (playground_sessions.go)
	}
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
	id, token, err := s.store.Create(r.Context(), store.Save{Code: req.Code, View: req.View, Client: s.clientKey(r)})
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(1))
	w.Header().Set("Location", "/api/diagrams/"+id)
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "token": token, "version": 1, "url": "/d/" + id})
	return nil
}

func (s *Server) getDiagram(w http.ResponseWriter, r *http.Request) error {
	v := 0
	if vs := r.PathValue("version"); vs != "" {
		n, err := strconv.Atoi(vs)
		if err != nil || n < 1 {
			return refusal(http.StatusBadRequest, diag.T("version must be a positive number"))
		}
		v = n
	}
	d, err := s.store.Get(r.Context(), r.PathValue("id"), v)
	if err != nil {
		return err
	}
	tag := etag(d.Version)
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", "no-cache")
	if inm := r.Header.Get("If-None-Match"); inm != "" && v == 0 && matchETag(inm, d.Version) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// token reads the edit token from "Authorization: Bearer <token>"; the
// scheme name is case-insensitive (RFC 9110, section 11.1).
func token(r *http.Request) (string, error) {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	scheme, tok, ok := strings.Cut(h, " ")
	tok = strings.TrimSpace(tok)
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return "", refusal(http.StatusUnauthorized, diag.T("missing edit token: send Authorization: Bearer <token>"))
	}
	return tok, nil
}

// etag is the entity tag of a diagram version.
func etag(version int) string { return `"v` + strconv.Itoa(version) + `"` }

// ifMatch reads If-Match and returns the version the store must find the
// diagram at: 0 when the header is absent or "*" (any existing diagram).
// A list matches if any tag in it names the current version; a weak tag
// (W/"v3") never matches, as RFC 9110 asks If-Match to compare strongly.
// When no tag can match, the answer is 412 with the current version; a
// header that is not a list of tags is 400.
func (s *Server) ifMatch(r *http.Request) (int, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return 0, nil
	}
	bad := &apiError{status: http.StatusBadRequest, msg: `invalid If-Match: send the ETag of the version you edited, such as "v3" (or a list of them: "v3", "v4")`}
	var strong []int
	for t := range strings.SplitSeq(h, ",") {
		t = strings.TrimSpace(t)
		weak := strings.HasPrefix(t, "W/")
		t = strings.TrimPrefix(t, "W/")
		if strings.HasPrefix(t, `"`) != strings.HasSuffix(t, `"`) || len(t) == 1 {
			return 0, bad
		}
		v, err := strconv.Atoi(strings.TrimPrefix(strings.Trim(t, `"`), "v"))
		if err != nil || v <= 0 {
			return 0, bad
		}
		if !weak {
			strong = append(strong, v)
		}
	}
	if len(strong) == 1 {
		return strong[0], nil
	}
	// Several tags, or only weak ones: the current version decides.
	d, err := s.store.Get(r.Context(), r.PathValue("id"), 0)
	if err != nil {
		return 0, err
	}
	if slices.Contains(strong, d.Version) {
		return d.Version, nil
	}
	return 0, &store.VersionError{Current: d.Version}
}

// matchETag reports whether an If-None-Match list names version.
func matchETag(list string, version int) bool {
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag(version) {
			return true
		}
	}
	return false
}

func (s *Server) updateDiagram(w http.ResponseWriter, r *http.Request) error {
	tok, err := token(r)
	if err != nil {
		return err
	}
	expect, err := s.ifMatch(r)
	if err != nil {
		return err
	}
	req, err := s.saveable(r)
	if err != nil {
		return err
	}
	if !req.viewSet {
		// Code alone keeps the view of the version it follows: the store
		// reads it under the save's lock.
		req.View = ""
	}
	v, err := s.store.Update(r.Context(), r.PathValue("id"), tok, store.Save{Code: req.Code, View: req.View, Client: s.clientKey(r), IfVersion: expect})
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(v))
	writeJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "version": v})
	return nil
}

func (s *Server) deleteDiagram(w http.ResponseWriter, r *http.Request) error {
	tok, err := token(r)
	if err != nil {
		return err
	}
	expect, err := s.ifMatch(r)
	if err != nil {
		return err
	}
	if err := s.store.Delete(r.Context(), r.PathValue("id"), tok, expect); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listTemplates(w http.ResponseWriter, r *http.Request) error {
	// A misspelt filter (?categroy=devops) would silently list every
	// template: unknown parameters are refused, as unknown JSON fields are.
	q, err := queryParams(r, "category", "complexity", "q", "tag", "view")
	if err != nil {
		return err
	}
	f := gallery.Filter{Category: q.Get("category"), Query: q.Get("q"), Complexity: q.Get("complexity"), View: q.Get("view"), Tag: q.Get("tag")}
	if f.View != "" {
		if err := pipeline.CheckView(f.View); err != nil {
			return &apiError{status: http.StatusBadRequest, msg: "view: " + err.Error()}
		}
	}
	if _, ok := gallery.CategoryByID(f.Category); f.Category != "" && !ok {
		return &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf("category %q: expected one of %s", f.Category, strings.Join(categoryIDs(), ", "))}
	}
	if f.Complexity != "" && !slices.Contains(gallery.Complexities, f.Complexity) {
		return &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf("complexity %q: expected one of %s", f.Complexity, strings.Join(gallery.Complexities, ", "))}
	}
	writeJSON(w, http.StatusOK, map[string]any{"categories": gallery.Categories, "complexities": gallery.Complexities, "templates": gallery.Search(f)})
	return nil
}

// queryParams returns r's query parameters, refusing (400) one that is
// not in known (a misspelt name would be ignored) or that is given more
// than once (only the first was read, the others dropped silently, as a
// JSON field given twice would be).
func queryParams(r *http.Request, known ...string) (url.Values, error) {
	q := r.URL.Query()
	for _, k := range slices.Sorted(maps.Keys(q)) {
		if !slices.Contains(known, k) {
			return nil, &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf("unknown query parameter %q: expected %s", k, strings.Join(known, ", "))}
		}
		if n := len(q[k]); n > 1 {
			return nil, &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf("query parameter %q given %d times: expected it once", k, n)}
		}
	}
	return q, nil
}

func categoryIDs() []string {
	var ids []string
	for _, c := range gallery.Categories {
		ids = append(ids, c.ID)
	}
	return ids
}

func (s *Server) getTemplate(w http.ResponseWriter, r *http.Request) error {
	t, ok := gallery.Get(r.PathValue("id"))
	if !ok {
		return refusal(http.StatusNotFound, diag.T("no template %q", r.PathValue("id")))
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}
