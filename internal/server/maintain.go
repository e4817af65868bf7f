package server

import (
	"context"
	"time"
)

// Maintain applies the retention (Options.Retention) until ctx ends: at
// once, then every hour, it deletes the diagrams not saved within the
// retention and the older snapshots. Every instance may run it: the
// deletions are idempotent and a diagram being saved is kept.
func (s *Server) Maintain(ctx context.Context) {
	if s.opts.Retention <= 0 {
		return
	}
	for {
		d, sn, err := s.store.Purge(ctx, time.Now().Add(-s.opts.Retention), 500)
		if err != nil && ctx.Err() == nil {
			s.log.Warn("retention purge failed", "err", err)
		} else if d+sn > 0 {
			s.log.Info("retention purge", "diagrams", d, "snapshots", sn, "retention", s.opts.Retention.String())
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}
