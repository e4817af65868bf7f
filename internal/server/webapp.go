package server

import (
	"bytes"
	"compress/gzip"
	"strings"
	"sync"

	"flowzap/internal/fonts"
	"io/fs"
	"net/http"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
	"flowzap/internal/store"
	"flowzap/web"
)

// The routes the web app needs beyond the general API: a quick fix for one
// diagnostic, a diagram's versions and name, the favicon and the
// WebAssembly build of the pipeline.
func (s *Server) webAppRoutes(api func(string, func(http.ResponseWriter, *http.Request) error)) {
	api("POST /api/fix/one", s.fixOne)
	api("GET /api/diagrams/{id}/versions", s.listVersions)
	api("PUT /api/diagrams/{id}/name", s.renameDiagram)
	s.mux.HandleFunc("GET /assets/fonts/cjk-fallback.ttf", s.cjkFont)
	s.mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		b, err := fs.ReadFile(web.Assets, "dist/favicon.svg")
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Header().Set("Cache-Control", "public, max-age=604800")
		w.Write(b)
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
}

// fixOne repairs one diagnostic and leaves every other line as written.
// Fixed is false when that diagnostic has no automatic repair.
func (s *Server) fixOne(w http.ResponseWriter, r *http.Request) error {
	var req FixOneRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if req.Diagnostic.Code == "" || req.Diagnostic.Line < 1 {
		return &apiError{status: http.StatusBadRequest, msg: "diagnostic: expected a code (like FZ101) and a line (from 1)"}
	}
	res := pipeline.FixOne("input.fz", []byte(req.Code), diag.Code(req.Diagnostic.Code), req.Diagnostic.Line)
	out := FixResponse{Fixed: res.Code != nil, Code: string(res.Code), Corrections: res.Corrections, Diagnostics: res.Diags.JSONList(res.File)}
	if out.Corrections == nil {
		out.Corrections = []pipeline.Correction{}
	}
	if !out.Fixed {
		out.Code = req.Code
	}
	writeJSON(w, http.StatusOK, out)
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
	Name string `json:"name"`
}

func (s *Server) renameDiagram(w http.ResponseWriter, r *http.Request) error {
	tok, err := token(r)
	if err != nil {
		return err
	}
	var req RenameRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	name, err := store.CleanName(req.Name)
	if err != nil {
		return &apiError{status: http.StatusBadRequest, msg: err.Error()}
	}
	if err := s.store.Rename(r.Context(), r.PathValue("id"), tok, name); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": r.PathValue("id"), "name": name})
	return nil
}

var cjk struct {
	once    sync.Once
	raw, gz []byte
}

// cjkFont serves the bundled CJK fallback font (Droid Sans Fallback, Apache
// 2.0, the one PNG and PDF use) so the Chinese interface and CJK labels in
// the editor read on systems without a CJK font. The stylesheet names it
// with a unicode-range, so browsers fetch it only for CJK text that no
// installed font covers. It is sent gzip-compressed when the client takes it
// (2 MB instead of 4).
func (s *Server) cjkFont(w http.ResponseWriter, r *http.Request) {
	cjk.once.Do(func() {
		for _, f := range fonts.Fallbacks() {
			if f.Name == "DroidSansFallbackFull" {
				cjk.raw = f.Data
				var b bytes.Buffer
				zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
				zw.Write(f.Data)
				zw.Close()
				cjk.gz = b.Bytes()
			}
		}
	})
	if cjk.raw == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "font/ttf")
	w.Header().Set("Cache-Control", "public, max-age=604800")
	w.Header().Set("Vary", "Accept-Encoding")
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(cjk.gz)
		return
	}
	w.Write(cjk.raw)
}
