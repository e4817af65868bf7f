package server

import (
	"context"
	"fmt"
	"net/http"

	"flowzap/internal/mcp"
)

// mcpRoutes serves the MCP tools over Streamable HTTP at /api/mcp, for
// agents that connect to a remote MCP server. The tools are the ones of
// `flowzap mcp`; the request body cap and the rate limit of the API apply
// (ServeHTTP enforces both before routing), and no tool reads or writes
// files.
func (s *Server) mcpRoutes() {
	h := mcp.NewHTTPHandler(mcp.Options{MaxInput: int(s.opts.MaxBody), Version: "serve",
		Playground: func(ctx context.Context, code, view string) (string, error) {
			r := mcp.Request(ctx)
			if r == nil {
				return "", fmt.Errorf("no request in the tool call's context")
			}
			return s.playgroundLink(ctx, s.baseURL(r), code, view)
		}})
	s.mux.Handle("/api/mcp", h)
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
// 60-minute playground session.
func (s *Server) playgroundLink(ctx context.Context, base, code, view string) (string, error) {
	return s.sessionLink(ctx, base, code, view)
}
