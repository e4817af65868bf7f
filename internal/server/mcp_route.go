package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"flowzap/internal/mcp"
)

// mcpRoutes serves the MCP tools over Streamable HTTP at /api/mcp, for
// agents that connect to a remote MCP server. The tools are the ones of
// `flowzap mcp`; the request body cap, the rate limit and the host check
// of the API apply (ServeHTTP enforces them before routing), every call
// waits for a place among the checks as /api/validate does, tools that
// lay a diagram out take the render limits and queue of /api/render, and
// no tool reads or writes files.
func (s *Server) mcpRoutes() {
	h := mcp.NewHTTPHandler(mcp.Options{MaxInput: int(s.opts.MaxBody), Version: "serve", BodyTimeout: s.opts.BodyTimeout,
		// The tools that lay a diagram out take the API's limits and wait
		// for a slot of its render queue, within its time limit.
		Limits: s.opts.Limits,
		// Behind a proxy, or with --allowed-hosts, the server checks the
		// Host header itself (middleware); the SDK's localhost guard
		// refused the proxy's requests for the public name.
		HostsChecked: len(s.opts.AllowedHosts) > 0 || s.opts.TrustProxy,
		Gate: func(ctx context.Context, work func(context.Context) error) error {
			err := s.heavy(ctx, work)
			switch {
			case errors.Is(err, errQueueFull):
				return fmt.Errorf("the server is busy drawing other diagrams: retry in a few seconds")
			case errors.Is(err, errRenderTimeout):
				return fmt.Errorf("drawing took longer than the server's %s limit: draw a smaller diagram, or split it", s.opts.RenderTimeout)
			}
			return err
		},
		// Every call holds a place of the checks' gate (validate, format,
		// patch) while it parses and checks; a layout gives it up for the
		// render queue.
		Checks: func(ctx context.Context) (func(), error) {
			leave, err := s.checks.enter(ctx)
			if errors.Is(err, errQueueFull) {
				return nil, fmt.Errorf("the server is busy checking other diagrams: retry in a few seconds")
			}
			return leave, err
		},
		Playground: func(ctx context.Context, code, view string) (string, error) {
			r := mcp.Request(ctx)
			if r == nil {
				return "", fmt.Errorf("no request in the tool call's context")
			}
			return s.playgroundLink(ctx, r, code, view)
		}})
	// Registered for every method so that the library answers the
	// others in JSON-RPC (405), but it serves POST only.
	s.only["/api/mcp"] = []string{"POST"}
	s.mux.Handle("/api/mcp", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			// As every API route: 204 with the methods it takes (the MCP
			// library answered 405). A CORS preflight is answered before.
			w.Header().Set("Allow", "POST, OPTIONS")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.ServeHTTP(w, r)
	}))
}

// baseURL is the server's own address as the client sees it.
func (s *Server) baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || (s.opts.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https") {
		scheme = "https"
	}
	host := r.Host
	if s.opts.TrustProxy && r.Header.Get("X-Forwarded-Host") != "" {
		host = r.Header.Get("X-Forwarded-Host")
	}
	return scheme + "://" + host
}

// playgroundLink returns a link opening code in this server's app: a
// 60-minute playground session. Its errors are the tool's answer, so
// they are worded as the API's: the storage quota as it is, a database
// that does not answer as unavailable, anything else as an internal
// error (logged); the database driver's own words named the database's
// user, name and address to any client.
func (s *Server) playgroundLink(ctx context.Context, r *http.Request, code, view string) (string, error) {
	link, err := s.sessionLink(ctx, r, code, view)
	var ae *apiError
	switch {
	case err == nil:
		return link, nil
	case errors.As(err, &ae), ctx.Err() != nil:
		return "", err
	case s.databaseDown(ctx):
		s.log.Warn("database unavailable", "request_id", requestID(r), "path", r.URL.Path, "err", err)
		return "", errors.New("the database is unavailable: retry in a few seconds")
	}
	s.log.Error("playground session failed", "request_id", requestID(r), "path", r.URL.Path, "err", err)
	return "", errors.New("internal error: the playground session could not be stored; retry later")
}
