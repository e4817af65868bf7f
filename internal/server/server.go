// Package server is flowzap's HTTP server: the JSON API (validate, render,
// format, fix, export, playground snapshots, saved diagrams with versions,
// templates, health), its OpenAPI document, and the embedded web app.
//
// Every request body is capped (413 with a JSON error past the limit),
// every client is rate limited (429 with Retry-After), every response
// carries strict security headers, and no user text is ever written into
// a page or an SVG unescaped.
package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"flowzap/internal/diag"
	"flowzap/internal/fonts"
	"flowzap/internal/source"
	"flowzap/internal/store"
	"flowzap/web"
)

// Options configure a server. Zero values pick the documented defaults.
type Options struct {
	MaxBody   int64   // request body cap in bytes (default 1 MiB)
	RateLimit float64 // requests per second per client (default 20)
	Burst     int     // burst size (default 40)
	Logger    *slog.Logger
	// TrustProxy takes the client address from X-Forwarded-For (only behind
	// a proxy that sets it).
	TrustProxy bool
}

// Server serves the API and the web app.
type Server struct {
	opts  Options
	store *store.Store
	mux   *http.ServeMux
	rl    *limiter
	log   *slog.Logger
}

// New returns a server over st.
func New(st *store.Store, opts Options) *Server {
	if opts.MaxBody <= 0 {
		opts.MaxBody = 1 << 20
	}
	if opts.RateLimit <= 0 {
		opts.RateLimit = 20
	}
	if opts.Burst <= 0 {
		opts.Burst = 40
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{opts: opts, store: st, mux: http.NewServeMux(), rl: newLimiter(opts.RateLimit, opts.Burst), log: opts.Logger}
	s.routes()
	return s
}

func (s *Server) routes() {
	api := func(pattern string, h func(w http.ResponseWriter, r *http.Request) error) {
		s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if err := h(w, r); err != nil {
				s.fail(w, r, err)
			}
		})
	}
	api("GET /api/health", s.health)
	api("POST /api/validate", s.validate)
	api("POST /api/render", s.render)
	api("POST /api/format", s.format)
	api("POST /api/fix", s.fix)
	api("POST /api/export", s.export)
	api("POST /api/playground", s.createPlayground)
	api("GET /api/playground/{id}", s.getPlayground)
	api("POST /api/diagrams", s.createDiagram)
	api("GET /api/diagrams/{id}", s.getDiagram)
	api("GET /api/diagrams/{id}/versions/{version}", s.getDiagram)
	api("PUT /api/diagrams/{id}", s.updateDiagram)
	api("DELETE /api/diagrams/{id}", s.deleteDiagram)
	api("GET /api/templates", s.listTemplates)
	api("GET /api/templates/{id}", s.getTemplate)
	s.webAppRoutes(api)
	s.mux.HandleFunc("GET /openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, OpenAPI)
	})
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &apiError{status: http.StatusNotFound, msg: "no such API route: " + r.Method + " " + r.URL.Path})
	})
	assets, _ := fs.Sub(web.Assets, "dist")
	files := http.FileServer(http.FS(assets))
	index := func(w http.ResponseWriter, r *http.Request) {
		b, err := fs.ReadFile(assets, "index.html")
		if err != nil {
			http.Error(w, "the web app is not built", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(b)
	}
	s.mux.HandleFunc("GET /{$}", index)
	s.mux.HandleFunc("GET /playground", index)
	s.mux.HandleFunc("GET /playground/{id}", index)
	s.mux.HandleFunc("GET /d/{id}", index)
	s.templatePages() // templates_pages.go
	s.mcpRoutes()     // mcp_route.go
	s.mux.Handle("GET /assets/", http.StripPrefix("/assets/", files))
	font := func(b []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "font/ttf")
			w.Header().Set("Cache-Control", "public, max-age=604800")
			w.Write(b)
		}
	}
	s.mux.HandleFunc("GET /assets/fonts/Inter-Regular.ttf", font(fonts.Regular))
	s.mux.HandleFunc("GET /assets/fonts/Inter-SemiBold.ttf", font(fonts.SemiBold))
}

// ServeHTTP applies the security headers, the rate limit and the body cap,
// then routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "+
		"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	if ok, wait := s.rl.allow(s.client(r)); !ok {
		h.Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		s.fail(w, r, &apiError{status: http.StatusTooManyRequests, msg: "too many requests: slow down and retry after the Retry-After delay"})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBody)
	s.mux.ServeHTTP(w, r)
	s.log.Info("request", "method", r.Method, "path", r.URL.Path, "duration", time.Since(start))
}

// clientKey is the stored form of the client's address: a hash, so the
// database keeps no addresses.
func (s *Server) clientKey(r *http.Request) string {
	h := sha256.Sum256([]byte("flowzap-client:" + s.client(r)))
	return hex.EncodeToString(h[:12])
}

func (s *Server) client(r *http.Request) string {
	if s.opts.TrustProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			return strings.TrimSpace(strings.Split(f, ",")[0])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// apiError is an error with an HTTP status and optional diagnostics.
type apiError struct {
	status  int
	msg     string
	diags   []diag.JSON
	current int // the diagram's current version, for 412
}

func (e *apiError) Error() string { return e.msg }

// ErrorBody is the JSON body of every error response.
type ErrorBody struct {
	Error  string      `json:"error"`
	Status int         `json:"status"`
	Errors []diag.JSON `json:"errors,omitempty"`
	// CurrentVersion is the diagram's version when a save named another
	// one (412 Precondition Failed).
	CurrentVersion int `json:"currentVersion,omitempty"`
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	var mbe *http.MaxBytesError
	var ve *store.VersionError
	switch {
	case errors.As(err, &ae):
	case errors.As(err, &mbe):
		ae = &apiError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("request body too large: the limit is %d bytes", mbe.Limit)}
	case errors.Is(err, store.ErrNotFound):
		ae = &apiError{status: http.StatusNotFound, msg: "not found"}
	case errors.Is(err, store.ErrForbidden):
		ae = &apiError{status: http.StatusForbidden, msg: "the edit token does not match this diagram"}
	case errors.As(err, &ve):
		w.Header().Set("ETag", etag(ve.Current))
		ae = &apiError{status: http.StatusPreconditionFailed, current: ve.Current,
			msg: fmt.Sprintf("the diagram was changed: it is at version %d, not the one in If-Match; reload it, merge, and save again", ve.Current)}
	case errors.Is(err, store.ErrBusy):
		w.Header().Set("Retry-After", "1")
		ae = &apiError{status: http.StatusServiceUnavailable, msg: "the diagram is being saved by many clients at once: retry after the Retry-After delay"}
	default:
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
		ae = &apiError{status: http.StatusInternalServerError, msg: "internal error"}
	}
	writeJSON(w, ae.status, ErrorBody{Error: ae.msg, Status: ae.status, Errors: ae.diags, CurrentVersion: ae.current})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// decode reads a JSON body into v, refusing unknown fields.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return &apiError{status: http.StatusBadRequest, msg: "invalid JSON body: " + err.Error()}
	}
	if dec.More() {
		return &apiError{status: http.StatusBadRequest, msg: "invalid JSON body: more than one value"}
	}
	return nil
}

// Run serves on addr until ctx ends, then shuts down gracefully.
func Run(ctx context.Context, addr string, h http.Handler) error {
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	}
}

func diagJSON(l diag.List, f *source.File, sev diag.Severity) []diag.JSON {
	return l.Filter(sev).JSONList(f)
}
