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
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"flowzap/internal/diag"
	"flowzap/internal/jsonbody"
	"flowzap/internal/pipeline"
	"flowzap/internal/source"
	"flowzap/internal/store"
)

// Options configure a server. Zero values pick the documented defaults.
type Options struct {
	MaxBody int64 // request body cap in bytes (default 1 MiB)
	// RateLimit is the requests per second per client (default 20), and
	// Burst the burst (default 40); requests for fixed files (the app's
	// assets, template thumbnails) draw on a bucket of their own ten
	// times larger.
	RateLimit float64
	Burst     int
	// RateKeys caps how many clients the rate limiter tracks at once
	// (default 100,000); past it, clients not yet tracked share one bucket.
	RateKeys int
	Logger   *slog.Logger
	// TrustProxy takes the client address from X-Forwarded-For: the
	// rightmost address that is not one of TrustedProxies, when the
	// request comes from a trusted proxy. Only behind a proxy that
	// appends to X-Forwarded-For.
	TrustProxy bool
	// TrustedProxies are the proxies' addresses (default: loopback).
	TrustedProxies []netip.Prefix
	// AllowedHosts, when set, are the only Host header values accepted
	// (host or host:port; a leading "." matches subdomains); others get 403,
	// which defeats DNS rebinding against a local install.
	AllowedHosts []string
	// CORSOrigins may call the API from a browser on another origin; "*"
	// is any (the default, nil). A non-nil empty list turns CORS off.
	CORSOrigins []string
	// Limits bound each render (default pipeline.DefaultLimits).
	Limits pipeline.Limits
	// RenderTimeout bounds one render (default 30 s).
	RenderTimeout time.Duration
	// MaxRenders is how many renders run at once (default: the CPUs);
	// RenderQueue how many more may wait (default 4×MaxRenders), at most
	// QueueWait (default 10 s) each; past that the answer is 503 with
	// Retry-After.
	MaxRenders  int
	RenderQueue int
	QueueWait   time.Duration
	// BodyTimeout bounds reading one request body (default 20 s): a
	// slower body gets 408.
	BodyTimeout time.Duration
	// StorageQuota is how many bytes of code one client may store in 24
	// hours, diagrams and snapshots together (default 50 MiB; negative: no
	// quota).
	StorageQuota int64
	// Retention, when above 0, deletes diagrams not saved for that long
	// and snapshots older than that (see [Server.Maintain]).
	Retention time.Duration
	// AccessLog is the share of requests logged (0 to 1; default 0 means
	// none). Errors (5xx) and requests slower than 5 s are always logged.
	AccessLog float64
	// Registry receives the metrics; nil makes a private one, served at
	// /metrics either way.
	Registry *prometheus.Registry
}

// Server serves the API and the web app.
type Server struct {
	opts    Options
	store   *store.Store
	mux     *http.ServeMux
	rl      *limiter
	rlFiles *limiter // the bucket of requests for fixed files (fixedFile)
	// saving holds, by client, the bytes of code of its saves under way
	// (checked against the quota, not stored yet).
	savingMu sync.Mutex
	saving   map[string]int64
	log      *slog.Logger
	renders  *gate
	checks   *gate // the parses and checks of validate, format, patch and saves (light)
	metrics  *metrics
	draining atomic.Bool
	// only lists, for a pattern registered for more methods than it
	// serves, the methods it does serve (none for a pattern that exists
	// only to refuse), so that Allow and 405 say the truth.
	only map[string][]string
}

// New returns a server over st.
func New(st *store.Store, opts Options) *Server {
	if opts.MaxBody <= 0 {
		opts.MaxBody = pipeline.DefaultMaxInput
	}
	if opts.RateLimit <= 0 {
		opts.RateLimit = 20
	}
	if opts.Burst <= 0 {
		opts.Burst = 40
	}
	if opts.RateKeys <= 0 {
		opts.RateKeys = 100_000
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.TrustedProxies == nil {
		opts.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	}
	if opts.CORSOrigins == nil {
		opts.CORSOrigins = []string{"*"}
	}
	if opts.Limits == (pipeline.Limits{}) {
		opts.Limits = pipeline.DefaultLimits
	}
	if opts.RenderTimeout <= 0 {
		opts.RenderTimeout = 30 * time.Second
	}
	if opts.MaxRenders <= 0 {
		opts.MaxRenders = runtime.GOMAXPROCS(0)
	}
	if opts.RenderQueue <= 0 {
		opts.RenderQueue = 4 * opts.MaxRenders
	}
	if opts.QueueWait <= 0 {
		opts.QueueWait = 10 * time.Second
	}
	if opts.BodyTimeout <= 0 {
		opts.BodyTimeout = 20 * time.Second
	}
	if opts.StorageQuota == 0 {
		opts.StorageQuota = 50 << 20
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	s := &Server{opts: opts, store: st, mux: http.NewServeMux(), rl: newLimiter(opts.RateLimit, opts.Burst, opts.RateKeys),
		rlFiles: newLimiter(filesFactor*opts.RateLimit, filesFactor*opts.Burst, opts.RateKeys), log: opts.Logger,
		renders: newGate(opts.MaxRenders, opts.RenderQueue, opts.QueueWait),
		checks:  newGate(checksPerCPU*opts.MaxRenders, checkQueuePerCPU*opts.MaxRenders, opts.QueueWait)}
	s.metrics = newMetrics(opts.Registry, s)
	s.only = map[string][]string{}
	s.routes()
	return s
}

// noQuery refuses (400) a query parameter sent to an endpoint that takes
// a JSON body (POST, PUT, DELETE): its options are fields of the body,
// and POST /api/render?format=png drew an SVG without a word.
func noQuery(r *http.Request) error {
	if r.Method == http.MethodGet || r.Method == http.MethodHead || r.URL.RawQuery == "" {
		return nil
	}
	q := r.URL.Query()
	keys := slices.Sorted(maps.Keys(q))
	name := r.URL.RawQuery
	if len(keys) > 0 {
		name = keys[0]
	}
	return &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf("unknown query parameter %q: %s %s takes no query parameters; send its options as fields of the JSON body", name, r.Method, r.URL.Path)}
}

// Drain marks the server as shutting down: /api/ready answers 503 so
// load balancers stop sending new requests, while requests keep being
// served.
func (s *Server) Drain() { s.draining.Store(true) }

func (s *Server) routes() {
	api := func(pattern string, h func(w http.ResponseWriter, r *http.Request) error) {
		s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			err := noQuery(r)
			if err == nil {
				err = h(w, r)
			}
			if err != nil {
				s.fail(w, r, err)
			}
		})
	}
	api("GET /api/health", s.health)
	api("GET /api/ready", s.ready)
	api("POST /api/validate", s.validate)
	api("POST /api/render", s.render)
	api("POST /api/format", s.format)
	api("POST /api/fix", s.fix)
	api("POST /api/export", s.export)
	api("POST /api/patch", s.patchDiagram)
	s.interchangeRoutes(api)
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
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.opts.Registry, promhttp.HandlerOpts{}))
	s.mux.HandleFunc("/api/", s.noRoute)
	// Every other path and method no route takes: a JSON 404, or 405
	// with Allow, as on the API, not the mux's plain text.
	s.mux.HandleFunc("/", s.noRoute)
	page, pageErr := indexPage()
	index := func(w http.ResponseWriter, r *http.Request) {
		if pageErr != nil {
			http.Error(w, "the web app is not built: "+pageErr.Error(), http.StatusInternalServerError)
			return
		}
		serveFile(w, r, page)
	}
	s.mux.HandleFunc("GET /{$}", index)
	s.mux.HandleFunc("GET /playground", index)
	// A link to a diagram, snapshot or session that is not there (deleted,
	// expired, mistyped) still opens the app, which says so, but answers
	// 404: link previews and crawlers do not take it for a page.
	s.mux.HandleFunc("GET /playground/{id}", s.linkPage(page, pageErr, func(ctx context.Context, id string) error {
		_, err := s.store.GetSnapshot(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			_, err = s.store.GetSession(ctx, id)
		}
		return err
	}))
	s.mux.HandleFunc("GET /d/{id}", s.linkPage(page, pageErr, func(ctx context.Context, id string) error {
		_, err := s.store.Get(ctx, id, 0)
		return err
	}))
	s.templatePages()                                  // templates_pages.go
	s.mcpRoutes()                                      // mcp_route.go
	s.sessionRoutes()                                  // playground_sessions.go
	s.mux.HandleFunc("GET /assets/{path...}", s.asset) // assets.go
}

// apiError is an error with an HTTP status and optional diagnostics.
type apiError struct {
	status int
	msg    string
	// text, when set, is msg as format and arguments: fail writes it in
	// the request's language (see refusal).
	text    *diag.Text
	diags   []diag.JSON
	omitted int // diagnostics already left out of diags (see pipeline.MaxListed)
	current int // the diagram's current version, for 412
	// retryAfter, when above 0, is sent as Retry-After (seconds).
	retryAfter int
}

func (e *apiError) Error() string { return e.msg }

// refusal returns the error of a request the server refuses, with status
// and the message t, which fail writes in the request's language
// (requestLang): the refusals a person may read in the web app (not
// found, quota, edit token, version conflict, busy, limits), not the
// ones only a program that misuses the API meets (content type, JSON
// syntax, unknown fields), which stay English.
func refusal(status int, t diag.Text) *apiError {
	return &apiError{status: status, msg: t.String(), text: &t}
}

// ErrorBody is the JSON body of every error response.
type ErrorBody struct {
	Error  string      `json:"error"`
	Status int         `json:"status"`
	Errors []diag.JSON `json:"errors,omitempty"`
	// Omitted is how many errors were left out of Errors (see
	// pipeline.MaxListed).
	Omitted int `json:"omitted,omitempty"`
	// CurrentVersion is the diagram's version when a save named another
	// one (412 Precondition Failed).
	CurrentVersion int `json:"currentVersion,omitempty"`
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	var mbe *http.MaxBytesError
	var ve *store.VersionError
	var le *pipeline.LimitError
	switch {
	case errors.As(err, &ae):
		if ae.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(ae.retryAfter))
		}
	case errors.As(err, &mbe):
		ae = refusal(http.StatusRequestEntityTooLarge, diag.T("request body too large: the limit is %d bytes", mbe.Limit))
	case errors.As(err, &le):
		s.metrics.limited.WithLabelValues(le.What).Inc()
		ae = &apiError{status: http.StatusRequestEntityTooLarge, msg: pipeline.LocalizeErr(le, requestLang(r)).Error()}
	case errors.Is(err, store.ErrNotFound):
		ae = refusal(http.StatusNotFound, notFound(r))
	case errors.Is(err, store.ErrForbidden):
		ae = refusal(http.StatusForbidden, diag.T("the edit token does not match this diagram"))
	case errors.As(err, &ve):
		w.Header().Set("ETag", etag(ve.Current))
		ae = refusal(http.StatusPreconditionFailed, diag.T("the diagram was changed: it is at version %d, not the one in If-Match; reload it, merge, and save again", ve.Current))
		ae.current = ve.Current
	case errors.Is(err, store.ErrBusy):
		w.Header().Set("Retry-After", "1")
		ae = refusal(http.StatusServiceUnavailable, diag.T("the diagram is being saved by many clients at once: retry after the Retry-After delay"))
	case errors.Is(err, errQueueFull):
		w.Header().Set("Retry-After", strconv.Itoa(int(s.opts.QueueWait.Seconds())+1))
		ae = refusal(http.StatusServiceUnavailable, diag.T("the server is busy with other diagrams: retry after the Retry-After delay"))
	case r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		// The client went away (or the server is closing its connection):
		// nobody reads an answer, and it is no server error.
		s.log.Debug("client went away", "request_id", requestID(r), "path", r.URL.Path)
		markGone(w)
		return
	case errors.Is(err, errRenderTimeout):
		w.Header().Set("Retry-After", "10")
		ae = refusal(http.StatusServiceUnavailable, diag.T("rendering took longer than the %s limit: render a smaller diagram or SVG, or retry later", s.opts.RenderTimeout.String()))
	case isTimeout(err):
		w.Header().Set("Connection", "close")
		ae = refusal(http.StatusRequestTimeout, diag.T("the request body was not received within %s", s.opts.BodyTimeout.String()))
	case s.databaseDown(r.Context()):
		// The database went away (a restart, a failover): a passing
		// state, said as such, not an internal error.
		s.log.Warn("database unavailable", "request_id", requestID(r), "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", "5")
		ae = refusal(http.StatusServiceUnavailable, diag.T("the database is unavailable: retry after the Retry-After delay"))
	default:
		s.log.Error("request failed", "request_id", requestID(r), "method", r.Method, "path", r.URL.Path, "err", err)
		ae = refusal(http.StatusInternalServerError, diag.T("internal error"))
	}
	msg := ae.msg
	if ae.text != nil {
		msg = ae.text.In(requestLang(r))
	}
	omitted := ae.omitted
	errs := pipeline.CapList(ae.diags, &omitted)
	writeJSON(w, ae.status, ErrorBody{Error: msg, Status: ae.status, Errors: errs, Omitted: omitted, CurrentVersion: ae.current})
}

// notFound words a 404 from the store: what the request named and why it
// may be missing.
func notFound(r *http.Request) diag.Text {
	id := r.PathValue("id")
	switch r.Pattern {
	case "GET /api/diagrams/{id}/versions/{version}":
		return diag.T("not found: diagram %q has no version %s (it was never saved, has been deleted, or has fewer versions)", id, r.PathValue("version"))
	case "GET /api/playground/{id}":
		return diag.T("not found: no snapshot or playground session %q (it was never made, or it has expired: sessions live %d minutes)", id, int(SessionTTL.Minutes()))
	}
	if id != "" && strings.HasPrefix(r.URL.Path, "/api/diagrams/") {
		return diag.T("not found: no diagram %q (it was never saved, or it has been deleted)", id)
	}
	return diag.T("not found: %s", r.URL.Path)
}

// databaseDown reports, after a request failed for a reason of its own,
// whether the database answers no ping within a second.
func (s *Server) databaseDown(ctx context.Context) bool {
	if s.store == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	return s.store.Ping(ctx) != nil
}

// isTimeout reports whether err is a read deadline passing.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// decode reads a JSON body into v, refusing other content types (so a
// cross-site form or text/plain post cannot reach the API), content
// codings (a compressed body), unknown fields, trailing data and, of the
// fields named in required, those left out.
func decode(r *http.Request, v any, required ...string) error {
	data, err := readJSON(r)
	if err != nil {
		return err
	}
	return decodeJSON(data, v, required...)
}

// readJSON checks a request's Content-Type and Content-Encoding (see
// [decode]) and reads its body.
func readJSON(r *http.Request) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if cs, ok := params["charset"]; err == nil && mt == "application/json" && ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		// JSON is UTF-8 (RFC 8259): another charset's bytes would be
		// refused as "not UTF-8", without saying why.
		return nil, &apiError{status: http.StatusUnsupportedMediaType, msg: "found charset " + strconv.Quote(cs) + ": expected UTF-8 (send the JSON body in UTF-8, with no charset or charset=utf-8)"}
	}
	if err != nil || mt != "application/json" {
		found := "no Content-Type"
		if ct != "" {
			if len(ct) > 100 {
				ct = ct[:100] + "..."
			}
			found = "Content-Type " + strconv.Quote(ct)
		}
		return nil, &apiError{status: http.StatusUnsupportedMediaType, msg: "found " + found + ": expected application/json (send the body as JSON with Content-Type: application/json)"}
	}
	if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		if len(ce) > 100 {
			ce = ce[:100] + "..."
		}
		return nil, &apiError{status: http.StatusUnsupportedMediaType, msg: "found Content-Encoding " + strconv.Quote(ce) + ": expected none (send the JSON body uncompressed)"}
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) || isTimeout(err) {
			return nil, err
		}
		return nil, &apiError{status: http.StatusBadRequest, msg: "could not read the body: " + err.Error()}
	}
	return data, nil
}

// decodeJSON reads data, a JSON body, into v (see [decode]).
func decodeJSON(data []byte, v any, required ...string) error {
	if err := jsonbody.Decode(data, v); err != nil {
		return &apiError{status: http.StatusBadRequest, msg: "invalid JSON body: " + err.Error()}
	}
	if err := jsonbody.Require(data, v, required...); err != nil {
		return &apiError{status: http.StatusBadRequest, msg: "invalid JSON body: " + err.Error()}
	}
	return nil
}

// RunOptions tune [RunWith]. Zero values pick the defaults.
type RunOptions struct {
	// ShutdownTimeout is how long in-flight requests may take to finish
	// once ctx ends (default 30 s).
	ShutdownTimeout time.Duration
	// WriteTimeout bounds writing one answer (default 90 s: more than a
	// render's queue wait and timeout together).
	WriteTimeout time.Duration
	// DrainDelay is how long the instance keeps serving once ctx ends,
	// answering /api/ready with 503 so that a load balancer stops sending
	// it requests, before its listener closes (default 0: at once).
	DrainDelay time.Duration
	// Listener, when set, is served instead of listening on addr.
	Listener net.Listener
	// Logger reports the shutdown.
	Logger *slog.Logger
}

// Run serves on addr until ctx ends, then shuts down gracefully.
func Run(ctx context.Context, addr string, h http.Handler) error {
	return RunWith(ctx, addr, h, RunOptions{})
}

// RunWith serves h on addr until ctx ends. Then it drains: a [*Server]
// handler starts answering /api/ready with 503, the listener closes
// after o.DrainDelay (at once by default), in-flight requests, saves
// included, run to their end for up to o.ShutdownTimeout, and RunWith
// returns nil. Requests still running
// after that are cut off and reported in the error.
func RunWith(ctx context.Context, addr string, h http.Handler, o RunOptions) error {
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = 30 * time.Second
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 90 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout: o.WriteTimeout, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(o.Logger.Handler(), slog.LevelDebug)}
	ln := o.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", addr); err != nil {
			return err
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if d, ok := h.(interface{ Drain() }); ok {
		d.Drain()
	}
	if o.DrainDelay > 0 {
		o.Logger.Info("shutting down: still serving, /api/ready answers 503", "delay", o.DrainDelay.String())
		select {
		case <-time.After(o.DrainDelay):
		case err := <-errc:
			return err
		}
	}
	o.Logger.Info("shutting down: finishing in-flight requests", "timeout", o.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), o.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: requests still running after %s were cut off", o.ShutdownTimeout)
	}
	o.Logger.Info("shut down")
	return nil
}

func diagJSON(l diag.List, f *source.File, sev diag.Severity) []diag.JSON {
	return l.Filter(sev).JSONList(f)
}
