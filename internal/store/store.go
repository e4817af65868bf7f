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
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"modernc.org/sqlite"               // registers "sqlite"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Errors callers can test with errors.Is.
var (
	ErrNotFound  = errors.New("not found")
	ErrForbidden = errors.New("the edit token does not match")
	// ErrBusy means a save could not get through concurrent saves of the
	// same diagram in time; the client may retry.
	ErrBusy = errors.New("the diagram is being saved by other clients; retry")
	// ErrVersionMismatch is matched by a [*VersionError].
	ErrVersionMismatch = errors.New("the diagram has changed")
)

// VersionError is returned when a save or delete names the version it
// expects (optimistic concurrency) and the diagram is at another one.
type VersionError struct {
	Current int // the diagram's current version
}

// Error names the version the diagram is at.
func (e *VersionError) Error() string {
	return fmt.Sprintf("the diagram is at version %d, not the expected one", e.Current)
}

// Is makes errors.Is(err, ErrVersionMismatch) true.
func (e *VersionError) Is(target error) bool { return target == ErrVersionMismatch }

// Config sizes the connection pool. Zero values pick the defaults.
type Config struct {
	// MaxConns is the most PostgreSQL connections one instance opens
	// (default 20). Requests beyond it wait for a free connection; the
	// sum over all instances must stay under the server's
	// max_connections (100 by default).
	MaxConns int
	// MaxIdleConns is how many idle connections are kept (default MaxConns).
	MaxIdleConns int
	// ConnMaxLifetime closes connections older than this (default 30 min).
	ConnMaxLifetime time.Duration
	// ConnMaxIdleTime closes connections idle this long (default 5 min).
	ConnMaxIdleTime time.Duration
}

// Store is a database of diagrams and snapshots.
type Store struct {
	db      *sql.DB
	Dialect string // "sqlite" or "postgres"
}

// Open opens the database named by dsn with the default pool; see
// [OpenWith].
func Open(ctx context.Context, dsn string) (*Store, error) { return OpenWith(ctx, dsn, Config{}) }

// OpenWith opens (creating if needed) the database named by dsn: a
// postgres:// or postgresql:// URL, or a SQLite file path (":memory:" for
// a private in-memory database). Migrations run before it returns; any
// number of instances may open the same database at once.
//
// PostgreSQL connections come from a bounded pool (cfg); a connection
// idle for over a second is pinged before reuse, so connections the
// server dropped are replaced instead of failing a request. SQLite uses
// one connection (SQLite has a single writer) and takes the write lock
// when a write transaction begins, so concurrent saves queue instead of
// failing.
func OpenWith(ctx context.Context, dsn string, cfg Config) (*Store, error) {
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 20
	}
	if cfg.MaxIdleConns <= 0 || cfg.MaxIdleConns > cfg.MaxConns {
		cfg.MaxIdleConns = cfg.MaxConns
	}
	if cfg.ConnMaxLifetime <= 0 {
		cfg.ConnMaxLifetime = 30 * time.Minute
	}
	if cfg.ConnMaxIdleTime <= 0 {
		cfg.ConnMaxIdleTime = 5 * time.Minute
	}
	s := &Store{Dialect: "sqlite"}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.Dialect = "postgres"
		s.db, err = sql.Open("pgx", dsn)
		if err == nil {
			s.db.SetMaxOpenConns(cfg.MaxConns)
			s.db.SetMaxIdleConns(cfg.MaxIdleConns)
			s.db.SetConnMaxLifetime(cfg.ConnMaxLifetime)
			s.db.SetConnMaxIdleTime(cfg.ConnMaxIdleTime)
		}
	} else {
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, fmt.Errorf("empty database path")
		}
		if path != ":memory:" {
			if dir := filepath.Dir(path); dir != "." {
				if st, err := os.Stat(dir); err != nil || !st.IsDir() {
					return nil, fmt.Errorf("cannot open the SQLite database %s: the folder %s does not exist", path, dir)
				}
			}
		}
		conn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate"
		if path == ":memory:" {
			conn = "file::memory:?_pragma=foreign_keys(1)&_txlock=immediate"
		}
		s.db, err = sql.Open("sqlite", conn)
		if err == nil {
			s.db.SetMaxOpenConns(1) // SQLite has one writer; one connection avoids busy errors
			s.db.SetConnMaxLifetime(0)
			s.db.SetConnMaxIdleTime(0)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := s.whileBusy(ctx, func() error { return s.db.PingContext(ctx) }); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("connecting to the %s database: %w", s.Dialect, err)
	}
	if err := s.whileBusy(ctx, func() error { return s.migrate(ctx) }); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// startBusyLimit bounds how long Open waits for other instances that
// hold SQLite's lock while they start.
const startBusyLimit = 20 * time.Second

// whileBusy runs fn again, with a short growing pause, while SQLite
// reports its busy lock, for at most startBusyLimit. Instances that open
// one new database together race to switch it to WAL mode, and SQLite
// answers that race with SQLITE_BUSY at once instead of waiting the busy
// timeout; a new attempt finds the mode set. Other errors, PostgreSQL's
// included, are returned at once.
func (s *Store) whileBusy(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(startBusyLimit)
	for i := 1; ; i++ {
		err := fn()
		if err == nil || s.Dialect != "sqlite" || !retryable(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(min(time.Duration(i)*10*time.Millisecond, 250*time.Millisecond)):
		}
	}
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Stats returns the connection pool's statistics.
func (s *Store) Stats() sql.DBStats { return s.db.Stats() }

// migrationLockID is the PostgreSQL advisory lock key that serialises
// migrations across instances ("flowzap" in ASCII).
const migrationLockID = 0x666c6f777a6170

// migrate applies the embedded migrations not yet recorded, in the order
// of the number their file name starts with, each in a transaction with
// its version row. On PostgreSQL the whole run holds an advisory lock, so
// instances starting together wait for each other instead of racing to
// create the same tables; the later ones find everything applied. On
// SQLite each migration's transaction takes the write lock first.
func (s *Store) migrate(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if s.Dialect == "postgres" {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLockID); err != nil {
			return fmt.Errorf("waiting for the migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLockID)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	list, err := migrationList()
	if err != nil {
		return err
	}
	for _, m := range list {
		if err := s.apply(ctx, conn, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

type migration struct {
	version int
	name    string
}

// migrationList returns the embedded migrations sorted by number; two
// files with one number are an error.
func migrationList() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var list []migration
	seen := map[int]string{}
	for _, name := range names {
		base := path.Base(name)
		i := 0
		for i < len(base) && base[i] >= '0' && base[i] <= '9' {
			i++
		}
		v, err := strconv.Atoi(base[:i])
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: the file name must start with its number", base)
		}
		if other, ok := seen[v]; ok {
			return nil, fmt.Errorf("migrations %s and %s have the same number", other, base)
		}
		seen[v] = base
		list = append(list, migration{v, name})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].version < list[j].version })
	return list, nil
}

// MigrationVersions returns the numbers of the embedded migrations.
func MigrationVersions() []int {
	list, _ := migrationList()
	var out []int
	for _, m := range list {
		out = append(out, m.version)
	}
	return out
}

// Migrated reports whether every embedded migration is recorded as
// applied (for readiness checks).
func (s *Store) Migrated(ctx context.Context) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		return false, err
	}
	return n >= len(MigrationVersions()), nil
}

func (s *Store) apply(ctx context.Context, conn *sql.Conn, m migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(m.name)
	if err != nil {
		return err
	}
	for _, stmt := range strings.Split(string(body), ";") {
		if strings.TrimSpace(stripComments(stmt)) == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, m.version, now()); err != nil {
		return err
	}
	return tx.Commit()
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

// possibleID reports whether id could be one [NewID] made: base64url
// characters only, and not longer than any ID the store makes. Any
// other ID names nothing, and is not sent to the database (PostgreSQL
// refuses a NUL byte or invalid UTF-8 in text with an error, which
// became an internal error instead of "not found").
func possibleID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
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

// Save is what a create, update or snapshot writes.
type Save struct {
	Code   string
	View   string
	Client string // who saves (a hashed address), for quotas; may be empty
	// IfVersion, when above 0, makes an update or delete fail with a
	// [*VersionError] unless the diagram is at this version.
	IfVersion int
}

// Create saves a new diagram and returns its ID and edit token.
func (s *Store) Create(ctx context.Context, sv Save) (id, token string, err error) {
	id, token = NewID(16), NewID(32)
	t := now()
	err = s.retry(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO diagrams (id, token_hash, current_version, created_at, updated_at) VALUES ($1, $2, 1, $3, $3)`,
			id, hashToken(token), t); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO versions (diagram_id, version, code, view, created_at, client, size) VALUES ($1, 1, $2, $3, $4, $5, $6)`,
			id, sv.Code, sv.View, t, sv.Client, len(sv.Code))
		return err
	})
	if err != nil {
		return "", "", err
	}
	return id, token, nil
}

// Get returns the current version of a diagram (version 0) or the given
// version. An ID or version no diagram can have (see possibleID;
// a version negative or past the database's 32-bit numbers) is
// ErrNotFound.
func (s *Store) Get(ctx context.Context, id string, version int) (*Diagram, error) {
	if version < 0 || version > math.MaxInt32 || !possibleID(id) {
		// PostgreSQL refuses to compare a larger number with its integer
		// column (an internal error, not a missing version).
		return nil, ErrNotFound
	}
	d := &Diagram{ID: id}
	var deleted sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT d.current_version, d.created_at, d.updated_at, d.deleted_at, v.version, v.code, v.view
		FROM diagrams d JOIN versions v ON v.diagram_id = d.id AND v.version = (CASE WHEN $2 = 0 THEN d.current_version ELSE $2 END)
		WHERE d.id = $1`, id, version).
		Scan(&d.Versions, &d.CreatedAt, &d.UpdatedAt, &deleted, &d.Version, &d.Code, &d.View)
	if errors.Is(err, sql.ErrNoRows) || err == nil && deleted.Valid {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

// lock reads a live diagram's current version inside tx, checking the
// token and the expected version. On PostgreSQL the row stays locked
// (SELECT ... FOR UPDATE) until tx ends, so saves of one diagram run one
// after the other; on SQLite the write transaction already holds the
// database's write lock.
func (s *Store) lock(ctx context.Context, tx *sql.Tx, id, token string, ifVersion int) (int, error) {
	if !possibleID(id) {
		return 0, ErrNotFound
	}
	var hash string
	var current int
	var deleted sql.NullInt64
	q := `SELECT token_hash, current_version, deleted_at FROM diagrams WHERE id = $1`
	if s.Dialect == "postgres" {
		q += ` FOR UPDATE`
	}
	err := tx.QueryRowContext(ctx, q, id).Scan(&hash, &current, &deleted)
	if errors.Is(err, sql.ErrNoRows) || err == nil && deleted.Valid {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	if subtle.ConstantTimeCompare([]byte(hash), []byte(hashToken(token))) != 1 {
		return 0, ErrForbidden
	}
	if ifVersion > 0 && ifVersion != current {
		return 0, &VersionError{Current: current}
	}
	return current, nil
}

// Update saves a new version; the token must match (and the version, if
// sv.IfVersion is set). An empty sv.View keeps the view of the version
// it follows, read under the same lock (read before, a view saved
// meanwhile by another client was undone). It returns the new version
// number. Concurrent updates of one diagram are serialised; none fails
// because another got there first.
func (s *Store) Update(ctx context.Context, id, token string, sv Save) (int, error) {
	var next int
	err := s.retry(ctx, func(tx *sql.Tx) error {
		current, err := s.lock(ctx, tx, id, token, sv.IfVersion)
		if err != nil {
			return err
		}
		view := sv.View
		if view == "" {
			if err := tx.QueryRowContext(ctx, `SELECT view FROM versions WHERE diagram_id = $1 AND version = $2`, id, current).Scan(&view); err != nil {
				return err
			}
		}
		next = current + 1
		t := now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO versions (diagram_id, version, code, view, created_at, client, size) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			id, next, sv.Code, view, t, sv.Client, len(sv.Code)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE diagrams SET current_version = $1, updated_at = $2 WHERE id = $3 AND current_version = $4`,
			next, t, id, current)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errRetry
		}
		return nil
	})
	return next, err
}

// Delete hides a diagram; its versions are kept. The token must match
// (and the version, if ifVersion is above 0).
func (s *Store) Delete(ctx context.Context, id, token string, ifVersion int) error {
	return s.retry(ctx, func(tx *sql.Tx) error {
		if _, err := s.lock(ctx, tx, id, token, ifVersion); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE diagrams SET deleted_at = $1 WHERE id = $2`, now(), id)
		return err
	})
}

// errRetry asks retry to run the transaction again.
var errRetry = errors.New("retry")

// retry runs fn in a transaction and commits, running it again (up to 8
// times, with a short growing pause) when the database reports a
// conflict that a new attempt resolves: a serialisation failure, a
// deadlock, a duplicate version key, or SQLite's busy lock. When every
// attempt conflicts it returns ErrBusy, never the database's error.
func (s *Store) retry(ctx context.Context, fn func(tx *sql.Tx) error) error {
	const attempts = 8
	for i := 0; ; i++ {
		err := s.inTx(ctx, fn)
		if err == nil || !retryable(err) {
			return err
		}
		if i == attempts-1 {
			return ErrBusy
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(1+i*i) * 5 * time.Millisecond):
		}
	}
}

func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// retryable reports whether err is a transient conflict.
func retryable(err error) bool {
	if errors.Is(err, errRetry) {
		return true
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "40001", "40P01", "23505", "55P03": // serialization, deadlock, unique violation, lock not available
			return true
		}
		return false
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
			return true
		}
	}
	return false
}

// Snapshot is an immutable shared diagram.
type Snapshot struct {
	ID        string `json:"id"`
	Code      string `json:"code"`
	View      string `json:"view"`
	CreatedAt int64  `json:"createdAt"`
}

// CreateSnapshot stores an immutable snapshot and returns its ID.
func (s *Store) CreateSnapshot(ctx context.Context, sv Save) (string, error) {
	id := NewID(16)
	err := s.retry(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO snapshots (id, code, view, created_at, client, size) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, sv.Code, sv.View, now(), sv.Client, len(sv.Code))
		return err
	})
	return id, err
}

// GetSnapshot returns a snapshot.
func (s *Store) GetSnapshot(ctx context.Context, id string) (*Snapshot, error) {
	if !possibleID(id) {
		return nil, ErrNotFound
	}
	sn := &Snapshot{ID: id}
	err := s.db.QueryRowContext(ctx, `SELECT code, view, created_at FROM snapshots WHERE id = $1`, id).Scan(&sn.Code, &sn.View, &sn.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return sn, err
}

// QuotaWindow is the period over which storage quotas are counted: a
// client's saves stop counting this long after they were made.
const QuotaWindow = 24 * time.Hour

// Usage returns how many bytes of code client has stored (versions,
// snapshots and playground sessions, expired ones included) since the
// given time.
func (s *Store) Usage(ctx context.Context, client string, since time.Time) (int64, error) {
	var total int64
	t := since.UnixMilli()
	for _, table := range []string{"versions", "snapshots", "playground_sessions"} {
		var n int64
		if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(size), 0) FROM `+table+` WHERE client = $1 AND created_at >= $2`, client, t).Scan(&n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// Purge deletes, for good, the diagrams not saved since before (with all
// their versions), the diagrams deleted before it, and the snapshots
// made before it. It works in batches of at most batch rows per
// statement and returns how many diagrams and snapshots it removed.
func (s *Store) Purge(ctx context.Context, before time.Time, batch int) (diagrams, snapshots int64, err error) {
	if batch <= 0 {
		batch = 500
	}
	t := before.UnixMilli()
	for {
		var n int64
		err := s.retry(ctx, func(tx *sql.Tx) error {
			n = 0
			q := `SELECT id FROM diagrams WHERE updated_at < $1 OR deleted_at < $1 LIMIT ` + strconv.Itoa(batch)
			if s.Dialect == "postgres" {
				q += ` FOR UPDATE` // a save running now keeps its diagram
			}
			rows, err := tx.QueryContext(ctx, q, t)
			if err != nil {
				return err
			}
			var ids []string
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, id := range ids {
				if _, err := tx.ExecContext(ctx, `DELETE FROM versions WHERE diagram_id = $1`, id); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM diagrams WHERE id = $1`, id); err != nil {
					return err
				}
			}
			n = int64(len(ids))
			return nil
		})
		if err != nil {
			return diagrams, snapshots, err
		}
		diagrams += n
		if n < int64(batch) {
			break
		}
	}
	for {
		res, err := s.db.ExecContext(ctx, `DELETE FROM snapshots WHERE id IN (SELECT id FROM snapshots WHERE created_at < $1 LIMIT `+strconv.Itoa(batch)+`)`, t)
		if err != nil {
			return diagrams, snapshots, err
		}
		n, _ := res.RowsAffected()
		snapshots += n
		if n < int64(batch) {
			return diagrams, snapshots, nil
		}
	}
}
