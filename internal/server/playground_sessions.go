package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"flowzap/internal/store"
)

// SessionTTL is how long a playground session lives.
const SessionTTL = 60 * time.Minute

// sessionRoutes serves FlowZap's playground sessions: POST
// /api/playground/create {code, view} answers {url} with a link that opens
// the code in the app for 60 minutes. The link is /playground/{id}, which
// the app already opens; GET /api/playground/{id} finds sessions too.
func (s *Server) sessionRoutes() {
	s.mux.HandleFunc("POST /api/playground/create", func(w http.ResponseWriter, r *http.Request) {
		err := noQuery(r)
		if err == nil {
			err = s.createSession(w, r)
		}
		if err != nil {
			s.fail(w, r, err)
		}
	})
	// GET would be taken by GET /api/playground/{id} (a playground named
	// "create": 404); it is a 405 naming POST.
	s.only["GET /api/playground/create"] = nil
	s.mux.HandleFunc("GET /api/playground/create", s.noRoute)
}

func (s *Server) createSession(w http.ResponseWriter, r *http.Request) error {
	req, err := s.saveable(r)
	if err != nil {
		return err
	}
	ss, err := s.store.CreateSession(r.Context(), store.Save{Code: req.Code, View: req.View, Client: s.clientKey(r)}, SessionTTL)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": ss.ID, "url": s.baseURL(r) + "/playground/" + ss.ID,
		"view": ss.View, "expiresAt": time.UnixMilli(ss.ExpiresAt).UTC().Format(time.RFC3339)})
	return nil
}

// session returns the playground session id as a snapshot, for the app's
// /playground/{id} page.
func (s *Server) session(ctx context.Context, id string) (*store.Snapshot, error) {
	ss, err := s.store.GetSession(ctx, id)
	if err != nil {
		return nil, err
	}
	return &store.Snapshot{ID: ss.ID, Code: ss.Code, View: ss.View, CreatedAt: ss.CreatedAt}, nil
}

// SweepSessions deletes expired playground sessions every few minutes
// until ctx ends.
func (s *Server) SweepSessions(ctx context.Context) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		if n, err := s.store.SweepSessions(ctx, time.Now()); err != nil && ctx.Err() == nil {
			s.log.Warn("playground session sweep failed", "err", err)
		} else if n > 0 {
			s.log.Info("playground sessions expired", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sessionLink creates a session for an MCP tool call made by request r
// and returns its URL. The session counts against the client's storage
// quota, as one made through POST /api/playground/create does.
func (s *Server) sessionLink(ctx context.Context, r *http.Request, code, view string) (string, error) {
	if strings.TrimSpace(code) == "" {
		return "", errors.New("the code is empty")
	}
	if view == "" {
		view = "workflow"
	}
	if err := s.checkQuota(r, int64(len(code))); err != nil {
		return "", err
	}
	ss, err := s.store.CreateSession(ctx, store.Save{Code: code, View: view, Client: s.clientKey(r)}, SessionTTL)
	if err != nil {
		return "", err
	}
	return s.baseURL(r) + "/playground/" + ss.ID, nil
}
