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

// CreateSession stores a session of sv's code and view that lives for
// ttl and returns it. Its ID has 128 random bits, so it cannot be
// guessed. sv.Client and the code's size are kept so that [Store.Usage]
// counts the session against the client's storage quota.
func (s *Store) CreateSession(ctx context.Context, sv Save, ttl time.Duration) (*Session, error) {
	t := now()
	ss := &Session{ID: NewID(16), Code: sv.Code, View: sv.View, CreatedAt: t, ExpiresAt: t + ttl.Milliseconds()}
	err := s.retry(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO playground_sessions (id, code, view, created_at, expires_at, client, size) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			ss.ID, ss.Code, ss.View, ss.CreatedAt, ss.ExpiresAt, sv.Client, len(sv.Code))
		return err
	})
	if err != nil {
		return nil, err
	}
	return ss, nil
}

// GetSession returns a session that has not expired, or ErrNotFound.
func (s *Store) GetSession(ctx context.Context, id string) (*Session, error) {
	if !possibleID(id) {
		return nil, ErrNotFound
	}
	ss := &Session{ID: id}
	err := s.db.QueryRowContext(ctx, `SELECT code, view, created_at, expires_at FROM playground_sessions WHERE id = $1 AND expires_at > $2`, id, now()).
		Scan(&ss.Code, &ss.View, &ss.CreatedAt, &ss.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return ss, err
}

// SweepSessions drops the code of the sessions that expired before at
// and returns how many it emptied. A session's row, without its code,
// stays until [QuotaWindow] after it was made, so that [Store.Usage]
// still counts it against its client's quota; then it is deleted.
func (s *Store) SweepSessions(ctx context.Context, at time.Time) (int64, error) {
	var n int64
	err := s.retry(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE playground_sessions SET code = '' WHERE expires_at <= $1 AND code <> ''`, at.UnixMilli())
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM playground_sessions WHERE expires_at <= $1 AND created_at < $2`, at.UnixMilli(), at.Add(-QuotaWindow).UnixMilli())
		return err
	})
	return n, err
}
