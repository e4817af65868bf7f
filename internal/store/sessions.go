package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Session is a playground session: code opened through a link that
// expires.
type Session struct {
	ID        string `json:"id"`
	Code      string `json:"code"`
	View      string `json:"view"`
	CreatedAt int64  `json:"createdAt"`
	ExpiresAt int64  `json:"expiresAt"`
}

// CreateSession stores a session that lives for ttl and returns it. Its ID
// has 128 random bits, so it cannot be guessed.
func (s *Store) CreateSession(ctx context.Context, code, view string, ttl time.Duration) (*Session, error) {
	t := now()
	ss := &Session{ID: NewID(16), Code: code, View: view, CreatedAt: t, ExpiresAt: t + ttl.Milliseconds()}
	err := s.retry(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO playground_sessions (id, code, view, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			ss.ID, ss.Code, ss.View, ss.CreatedAt, ss.ExpiresAt)
		return err
	})
	if err != nil {
		return nil, err
	}
	return ss, nil
}

// GetSession returns a session that has not expired, or ErrNotFound.
func (s *Store) GetSession(ctx context.Context, id string) (*Session, error) {
	ss := &Session{ID: id}
	err := s.db.QueryRowContext(ctx, `SELECT code, view, created_at, expires_at FROM playground_sessions WHERE id = $1 AND expires_at > $2`, id, now()).
		Scan(&ss.Code, &ss.View, &ss.CreatedAt, &ss.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return ss, err
}

// SweepSessions deletes the sessions that expired before at and returns
// how many it removed.
func (s *Store) SweepSessions(ctx context.Context, at time.Time) (int64, error) {
	var n int64
	err := s.retry(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM playground_sessions WHERE expires_at <= $1`, at.UnixMilli())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
