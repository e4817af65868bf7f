package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"flowzap/internal/diag"
)

// ServeHTTP gives each request an ID, applies the security headers, the
// Host check, CORS, the rate limit, the body cap and read deadline, then
// routes; afterwards it counts the request in the metrics and, for the
// sampled share, errors and slow requests, writes an access log line.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &accessRecorder{ResponseWriter: w, status: http.StatusOK}
	id := r.Header.Get("X-Request-ID")
	if !validRequestID(id) {
		id = newRequestID()
	}
	r = r.WithContext(context.WithValue(context.WithValue(r.Context(), requestIDKey{}, id), langKey{}, new(string)))
	h := rec.Header()
	h.Set("X-Request-ID", id)
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "+
		"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	// With COOP, COEP makes the app cross-origin isolated, so the page
	// can share memory with the WebAssembly module's worker and read a
	// keystroke's picture at the start of a frame (web/wasm/flowzap.mjs).
	h.Set("Cross-Origin-Embedder-Policy", "require-corp")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	defer func() { s.finish(rec, r, start) }()

	if !s.hostAllowed(r.Host) {
		s.fail(rec, r, &apiError{status: http.StatusForbidden, msg: "host " + strconv.Quote(r.Host) + " is not served here"})
		return
	}
	api := strings.HasPrefix(r.URL.Path, "/api/")
	if api && s.cors(rec, r) {
		return // a CORS preflight, answered
	}
	if !probe(r.URL.Path) {
		rl := s.rl
		if fixedFile(r) {
			rl = s.rlFiles
		}
		if ok, wait := rl.allow(owner(s.client(r))); !ok {
			s.metrics.rateLimited.Inc()
			h.Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			s.fail(rec, r, refusal(http.StatusTooManyRequests, diag.T("too many requests: slow down and retry after the Retry-After delay")))
			return
		}
	}
	if r.Body != nil && r.Body != http.NoBody {
		http.NewResponseController(rec).SetReadDeadline(time.Now().Add(s.opts.BodyTimeout))
	}
	r.Body = http.MaxBytesReader(rec, r.Body, s.opts.MaxBody)
	s.mux.ServeHTTP(rec, r)
}

// fixedFile reports whether r asks for a file that is the same for
// every client and made once per process (the app's assets, a template's
// thumbnail or code, the icon): such requests come many at once (a
// gallery's thumbnails as it scrolls) and cost a copy, so they draw on a
// bucket of their own, filesFactor times larger (see Options.RateLimit).
func fixedFile(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/assets/"), p == "/favicon.ico", p == "/templates.js":
		return true
	case strings.HasPrefix(p, "/api/templates/"):
		return strings.HasSuffix(p, "/thumbnail.svg") || strings.HasSuffix(p, "/code.fz")
	}
	return false
}

// filesFactor is how many times the rate and burst of the rate limit
// the bucket for fixed files allows: a gallery of 151 templates in two
// themes fits in its burst.
const filesFactor = 10

// probe reports whether path is a health, readiness or metrics probe,
// which the rate limit spares.
func probe(path string) bool {
	return path == "/api/health" || path == "/api/ready" || path == "/metrics"
}

// finish records a served request.
func (s *Server) finish(rec *accessRecorder, r *http.Request, start time.Time) {
	d := time.Since(start)
	route := r.Pattern
	if route == "" {
		route = "other"
	}
	status := rec.status
	if rec.gone {
		status = 499 // the client closed the connection first
	}
	s.metrics.observe(route, r.Method, status, d)
	slow := d > 5*time.Second
	if status >= 500 || slow || s.opts.AccessLog >= 1 || s.opts.AccessLog > 0 && mrand.Float64() < s.opts.AccessLog {
		s.log.Info("request", "request_id", requestID(r), "method", r.Method, "path", r.URL.Path, "route", route,
			"status", status, "bytes", rec.bytes, "duration_ms", float64(d.Microseconds())/1000, "client", s.client(r))
	}
}

// accessRecorder remembers the status and size of an answer.
type accessRecorder struct {
	http.ResponseWriter
	status      int
	bytes       int64
	wroteHeader bool
	gone        bool
}

func (r *accessRecorder) WriteHeader(code int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *accessRecorder) Write(b []byte) (int, error) {
	r.wroteHeader = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (r *accessRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// markGone records that the client left before its answer.
func markGone(w http.ResponseWriter) {
	if r, ok := w.(*accessRecorder); ok {
		r.gone = true
	}
}

type requestIDKey struct{}

// requestID returns the request's ID (from X-Request-ID when the client
// or proxy sent a sane one, else a new one).
func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey{}).(string)
	return id
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// hostAllowed checks the Host header against Options.AllowedHosts.
func (s *Server) hostAllowed(host string) bool {
	if len(s.opts.AllowedHosts) == 0 {
		return true
	}
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	for _, a := range s.opts.AllowedHosts {
		a = strings.ToLower(a)
		switch {
		case strings.EqualFold(a, host) || a == name:
			return true
		case strings.HasPrefix(a, ".") && (strings.HasSuffix(name, a) || name == a[1:]):
			return true
		}
	}
	return false
}

// methods returns the methods path is routed for, probing the mux.
func (s *Server) methods(r *http.Request) []string {
	var out []string
	for _, m := range []string{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"} {
		q := *r
		q.Method = m
		_, pat := s.mux.Handler(&q)
		if list, ok := s.only[pat]; ok && !slices.Contains(list, m) {
			continue
		}
		if pat != "" && pat != "/api/" && pat != "/" {
			out = append(out, m)
		}
	}
	return out
}

// noRoute answers requests no route took: 204 with Allow for OPTIONS,
// 405 with Allow for a known path and another method, else 404.
func (s *Server) noRoute(w http.ResponseWriter, r *http.Request) {
	allowed := s.methods(r)
	if len(allowed) == 0 {
		what := diag.T("no such API route: %s %s", r.Method, r.URL.Path)
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			what = diag.T("no such page: %s %s", r.Method, r.URL.Path)
		}
		s.fail(w, r, refusal(http.StatusNotFound, what))
		return
	}
	allow := strings.Join(append(allowed, "OPTIONS"), ", ")
	w.Header().Set("Allow", allow)
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s.fail(w, r, &apiError{status: http.StatusMethodNotAllowed, msg: fmt.Sprintf("%s is not allowed on %s: use %s", r.Method, r.URL.Path, allow)})
}

// cors adds the CORS headers for an allowed Origin and answers
// preflights; it reports whether it answered.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" || len(s.opts.CORSOrigins) == 0 {
		return false
	}
	h := w.Header()
	h.Add("Vary", "Origin")
	any := slices.Contains(s.opts.CORSOrigins, "*")
	if !any && !slices.Contains(s.opts.CORSOrigins, origin) {
		return false
	}
	if any {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.Set("Access-Control-Allow-Origin", origin)
	}
	h.Set("Access-Control-Expose-Headers", "ETag, Location, Retry-After, X-Request-ID, Mcp-Session-Id")
	if r.Method != http.MethodOptions || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	allowed := s.methods(r)
	if len(allowed) == 0 {
		return false // 404 from the mux
	}
	h.Set("Access-Control-Allow-Methods", strings.Join(append(allowed, "OPTIONS"), ", "))
	// The MCP endpoint's clients send their protocol version (and, in
	// stateful servers, a session) with every request after initialize.
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match, If-None-Match, X-Request-ID, Mcp-Protocol-Version, Mcp-Session-Id, Last-Event-ID")
	h.Set("Access-Control-Max-Age", "600")
	h.Set("Allow", strings.Join(append(allowed, "OPTIONS"), ", "))
	w.WriteHeader(http.StatusNoContent)
	return true
}

// client returns the client's address: the connection's peer, or behind
// trusted proxies (TrustProxy) the rightmost X-Forwarded-For address that
// is not a trusted proxy. The leftmost entries are whatever the client
// sent, so they are never used while an untrusted address follows them.
func (s *Server) client(r *http.Request) string {
	peer, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		peer = r.RemoteAddr
	}
	if !s.opts.TrustProxy || !s.trusted(peer) {
		return peer
	}
	hops := r.Header.Values("X-Forwarded-For")
	var addrs []string
	for _, h := range hops {
		for _, a := range strings.Split(h, ",") {
			if a = strings.TrimSpace(a); a != "" {
				addrs = append(addrs, a)
			}
		}
	}
	for i := len(addrs) - 1; i >= 0; i-- {
		a := addrs[i]
		if !s.trusted(a) {
			if ip, err := netip.ParseAddr(a); err == nil {
				return ip.Unmap().String()
			}
			return a
		}
	}
	if len(addrs) > 0 {
		return addrs[0]
	}
	return peer
}

func (s *Server) trusted(addr string) bool {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// owner is whom a client address is counted for by the rate limit and
// the storage quota: an IPv4 address itself, but an IPv6 address's /64
// network, which is what one subscriber or host gets. Counted by whole
// address, one host could take 2^64 buckets and quotas: past
// Options.RateKeys it pushed every new client into the shared bucket.
func owner(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	ip = ip.Unmap()
	if ip.Is4() {
		return ip.String()
	}
	p, err := ip.WithZone("").Prefix(64)
	if err != nil {
		return addr
	}
	return p.String()
}

// clientKey is the stored form of the client's address: a hash, so the
// database keeps no addresses.
func (s *Server) clientKey(r *http.Request) string {
	h := sha256.Sum256([]byte("flowzap-client:" + owner(s.client(r))))
	return hex.EncodeToString(h[:12])
}
