// Package store keeps saved diagrams and shared snapshots in SQLite (the
// embedded default, pure Go) or PostgreSQL (for several app instances
// sharing one database). Both run the same migrations and the same SQL.
//
// A saved diagram has a public read ID of 128 random bits and a secret
// edit token of 256 random bits; only the token's SHA-256 is stored, and
// only the token holder can change or delete. Every save adds a version;
// nothing is overwritten. Deleting hides the diagram but keeps its
// versions.
package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Errors callers can test with errors.Is.
var (
	ErrNotFound  = errors.New("not found")
	ErrForbidden = errors.New("the edit token does not match")
)

// Store is a database of diagrams and snapshots.
type Store struct {
	db      *sql.DB
	Dialect string // "sqlite" or "postgres"
}

// Open opens (creating if needed) the database named by dsn: a
// postgres:// or postgresql:// URL, or a SQLite file path (":memory:" for
// a private in-memory database). Migrations run before it returns.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{Dialect: "sqlite"}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.Dialect = "postgres"
		s.db, err = sql.Open("pgx", dsn)
	} else {
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, fmt.Errorf("empty database path")
		}
		conn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)"
		if path == ":memory:" {
			conn = "file::memory:?_pragma=foreign_keys(1)"
		}
		s.db, err = sql.Open("sqlite", conn)
		if err == nil {
			s.db.SetMaxOpenConns(1) // SQLite has one writer; one connection avoids busy errors
		}
	}
	if err != nil {
		return nil, err
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("connecting to the %s database: %w", s.Dialect, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// migrate applies the embedded migrations not yet recorded, each in a
// transaction. Several instances starting at once are safe: the version
// row's primary key lets only one apply a migration.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for i, name := range names {
		version := i + 1
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		body, _ := migrations.ReadFile(name)
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, version, now()); err != nil {
			tx.Rollback()
			continue // another instance is applying it
		}
		for _, stmt := range strings.Split(string(body), ";") {
			if strings.TrimSpace(stripComments(stmt)) == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				tx.Rollback()
				return fmt.Errorf("migration %s: %w", name, err)
			}
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func stripComments(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func now() int64 { return time.Now().UnixMilli() }

// NewID returns n random bytes encoded as base64url (16 bytes = 128 bits
// give a 22-character ID).
func NewID(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the OS has no randomness: nothing safe can continue
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Diagram is a saved diagram at one version.
type Diagram struct {
	ID        string `json:"id"`
	Version   int    `json:"version"`
	Versions  int    `json:"versions"`
	Code      string `json:"code"`
	View      string `json:"view"`
	CreatedAt int64  `json:"createdAt"`
	UpdatedAt int64  `json:"updatedAt"`
}

// Create saves a new diagram and returns its ID and edit token.
func (s *Store) Create(ctx context.Context, code, view string) (id, token string, err error) {
	id, token = NewID(16), NewID(32)
	t := now()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", "", err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO diagrams (id, token_hash, current_version, created_at, updated_at) VALUES ($1, $2, 1, $3, $3)`,
		id, hashToken(token), t); err != nil {
		return "", "", err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO versions (diagram_id, version, code, view, created_at) VALUES ($1, 1, $2, $3, $4)`,
		id, code, view, t); err != nil {
		return "", "", err
	}
	return id, token, tx.Commit()
}

// Get returns the current version of a diagram (version 0) or the given
// version.
func (s *Store) Get(ctx context.Context, id string, version int) (*Diagram, error) {
	d := &Diagram{ID: id}
	var deleted sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT current_version, created_at, updated_at, deleted_at FROM diagrams WHERE id = $1`, id).
		Scan(&d.Versions, &d.CreatedAt, &d.UpdatedAt, &deleted)
	if errors.Is(err, sql.ErrNoRows) || deleted.Valid {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	d.Version = version
	if version == 0 {
		d.Version = d.Versions
	}
	err = s.db.QueryRowContext(ctx, `SELECT code, view FROM versions WHERE diagram_id = $1 AND version = $2`, id, d.Version).Scan(&d.Code, &d.View)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return d, err
}

// check verifies the token of a live diagram.
func (s *Store) check(ctx context.Context, tx *sql.Tx, id, token string) (int, error) {
	var hash string
	var current int
	var deleted sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT token_hash, current_version, deleted_at FROM diagrams WHERE id = $1`, id).Scan(&hash, &current, &deleted)
	if errors.Is(err, sql.ErrNoRows) || err == nil && deleted.Valid {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	if subtle.ConstantTimeCompare([]byte(hash), []byte(hashToken(token))) != 1 {
		return 0, ErrForbidden
	}
	return current, nil
}

// Update saves a new version; the token must match. It returns the new
// version number.
func (s *Store) Update(ctx context.Context, id, token, code, view string) (int, error) {
	for attempt := 0; attempt < 3; attempt++ {
		v, err := s.update(ctx, id, token, code, view)
		if err == nil || errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) {
			return v, err
		}
		// A concurrent save took the version number: try again.
	}
	return 0, fmt.Errorf("diagram %s is being saved concurrently; try again", id)
}

func (s *Store) update(ctx context.Context, id, token, code, view string) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	current, err := s.check(ctx, tx, id, token)
	if err != nil {
		return 0, err
	}
	next, t := current+1, now()
	if _, err := tx.ExecContext(ctx, `INSERT INTO versions (diagram_id, version, code, view, created_at) VALUES ($1, $2, $3, $4, $5)`,
		id, next, code, view, t); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE diagrams SET current_version = $1, updated_at = $2 WHERE id = $3 AND current_version = $4`,
		next, t, id, current)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return 0, fmt.Errorf("concurrent update")
	}
	return next, tx.Commit()
}

// Delete hides a diagram; its versions are kept. The token must match.
func (s *Store) Delete(ctx context.Context, id, token string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := s.check(ctx, tx, id, token); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE diagrams SET deleted_at = $1 WHERE id = $2`, now(), id); err != nil {
		return err
	}
	return tx.Commit()
}

// Snapshot is an immutable shared diagram.
type Snapshot struct {
	ID        string `json:"id"`
	Code      string `json:"code"`
	View      string `json:"view"`
	CreatedAt int64  `json:"createdAt"`
}

// CreateSnapshot stores an immutable snapshot and returns its ID.
func (s *Store) CreateSnapshot(ctx context.Context, code, view string) (string, error) {
	id := NewID(16)
	_, err := s.db.ExecContext(ctx, `INSERT INTO snapshots (id, code, view, created_at) VALUES ($1, $2, $3, $4)`, id, code, view, now())
	return id, err
}

// GetSnapshot returns a snapshot.
func (s *Store) GetSnapshot(ctx context.Context, id string) (*Snapshot, error) {
	sn := &Snapshot{ID: id}
	err := s.db.QueryRowContext(ctx, `SELECT code, view, created_at FROM snapshots WHERE id = $1`, id).Scan(&sn.Code, &sn.View, &sn.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return sn, err
}
