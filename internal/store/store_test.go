package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// PostgresDSN returns the DSN of the test PostgreSQL server that `make
// test` starts (scripts/with-postgres.sh). Outside CI a missing server
// skips; in CI it fails, so the tests never silently pass without it.
func postgresDSN(t *testing.T) string {
	dsn := os.Getenv("FLOWZAP_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("FLOWZAP_TEST_POSTGRES is not set: CI must run the tests through make test, which starts PostgreSQL")
		}
		t.Skip("FLOWZAP_TEST_POSTGRES not set (make test starts a PostgreSQL server and sets it)")
	}
	return dsn
}

func stores(t *testing.T) map[string]*Store {
	ctx := context.Background()
	out := map[string]*Store{}
	s, err := Open(ctx, filepath.Join(t.TempDir(), "flowzap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	out["sqlite"] = s
	p, err := Open(ctx, postgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	out["postgres"] = p
	return out
}

func TestDiagramLifecycle(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			id, token, err := s.Create(ctx, Save{Code: "v1", View: "workflow"})
			if err != nil {
				t.Fatal(err)
			}
			if len(id) != 22 || len(token) != 43 {
				t.Errorf("id %q (want 22 chars = 128 bits) token %q (want 43 = 256 bits)", id, token)
			}
			if _, err := s.Update(ctx, id, "wrong-token", Save{Code: "hacked", View: "workflow"}); !errors.Is(err, ErrForbidden) {
				t.Errorf("update with a wrong token: %v", err)
			}
			v, err := s.Update(ctx, id, token, Save{Code: "v2", View: "sequence"})
			if err != nil || v != 2 {
				t.Fatalf("update: %v %d", err, v)
			}
			d, err := s.Get(ctx, id, 0)
			if err != nil || d.Code != "v2" || d.View != "sequence" || d.Versions != 2 {
				t.Errorf("current: %+v %v", d, err)
			}
			d, err = s.Get(ctx, id, 1)
			if err != nil || d.Code != "v1" {
				t.Errorf("version 1 must be kept: %+v %v", d, err)
			}
			if err := s.Delete(ctx, id, "nope", 0); !errors.Is(err, ErrForbidden) {
				t.Errorf("delete with a wrong token: %v", err)
			}
			if err := s.Delete(ctx, id, token, 0); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Get(ctx, id, 0); !errors.Is(err, ErrNotFound) {
				t.Errorf("deleted diagram still readable: %v", err)
			}
			if _, err := s.Get(ctx, "does-not-exist", 0); !errors.Is(err, ErrNotFound) {
				t.Errorf("unknown id: %v", err)
			}
			sid, err := s.CreateSnapshot(ctx, Save{Code: "snap", View: "workflow"})
			if err != nil {
				t.Fatal(err)
			}
			sn, err := s.GetSnapshot(ctx, sid)
			if err != nil || sn.Code != "snap" {
				t.Errorf("snapshot: %+v %v", sn, err)
			}
		})
	}
}

// TestMigrationsIdempotent opens the same database twice.
func TestMigrationsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	for i := 0; i < 2; i++ {
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		s.Close()
	}
}

// TestSessionsCountInUsage: a playground session counts against its
// client's quota like a snapshot, and still does once it has expired
// and the sweep has dropped its code; its row goes a day after it was
// made.
func TestSessionsCountInUsage(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			client := NewID(8)
			before := time.Now().Add(-time.Second)
			ss, err := s.CreateSession(ctx, Save{Code: "1234567", View: "workflow", Client: client}, -time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if n, err := s.Usage(ctx, client, before); err != nil || n != 7 {
				t.Errorf("usage %d %v, want 7", n, err)
			}
			if n, err := s.SweepSessions(ctx, time.Now()); err != nil || n < 1 {
				t.Errorf("sweep emptied %d (%v), want at least 1", n, err)
			}
			if _, err := s.GetSession(ctx, ss.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("an expired session is readable: %v", err)
			}
			if n, err := s.Usage(ctx, client, before); err != nil || n != 7 {
				t.Errorf("usage after the sweep %d %v, want 7", n, err)
			}
			var code string
			if err := s.db.QueryRowContext(ctx, `SELECT code FROM playground_sessions WHERE id = $1`, ss.ID).Scan(&code); err != nil || code != "" {
				t.Errorf("the expired session's code is kept: %q %v", code, err)
			}
			s.SweepSessions(ctx, time.Now().Add(QuotaWindow+time.Minute))
			var rows int
			s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM playground_sessions WHERE id = $1`, ss.ID).Scan(&rows)
			if rows != 0 {
				t.Errorf("the session's row outlived the quota window")
			}
		})
	}
}

// TestGetVersionPastInt32: asking for a version past the 32-bit version
// numbers is ErrNotFound on both databases (PostgreSQL failed to encode
// it, and the API answered 500).
func TestGetVersionPastInt32(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			id, _, err := s.Create(ctx, Save{Code: "x", View: "workflow"})
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []int{1 << 31, 1<<63 - 1, -1} {
				if _, err := s.Get(ctx, id, v); !errors.Is(err, ErrNotFound) {
					t.Errorf("version %d: %v, want ErrNotFound", v, err)
				}
			}
			if d, err := s.Get(ctx, id, 1); err != nil || d.Version != 1 {
				t.Errorf("version 1: %+v %v", d, err)
			}
		})
	}
}

// TestImpossibleIDs: an ID with a NUL byte, invalid UTF-8 or other
// characters no ID has is ErrNotFound everywhere, on both databases
// (PostgreSQL refused such text with an error).
func TestImpossibleIDs(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			for _, id := range []string{"a\x00b", "\xff", "é", "a b", "", string(make([]byte, 200))} {
				checks := map[string]error{}
				_, checks["Get"] = s.Get(ctx, id, 0)
				_, checks["GetSnapshot"] = s.GetSnapshot(ctx, id)
				_, checks["GetSession"] = s.GetSession(ctx, id)
				_, checks["Versions"] = s.Versions(ctx, id)
				_, checks["Update"] = s.Update(ctx, id, "t", Save{Code: "x", View: "workflow"})
				checks["Delete"] = s.Delete(ctx, id, "t", 0)
				checks["Rename"] = s.Rename(ctx, id, "t", "n", 0)
				for f, err := range checks {
					if !errors.Is(err, ErrNotFound) {
						t.Errorf("%s(%q): %v, want ErrNotFound", f, id, err)
					}
				}
			}
		})
	}
}

// TestUpdateKeepsViewUnderLock: an update without a view keeps the view
// of the version it follows, read inside the save (the server read it
// before, so a view saved meanwhile by another client was undone).
func TestUpdateKeepsViewUnderLock(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			id, token, err := s.Create(ctx, Save{Code: "a", View: "workflow"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Update(ctx, id, token, Save{Code: "b", View: "sequence"}); err != nil {
				t.Fatal(err)
			}
			v, err := s.Update(ctx, id, token, Save{Code: "c"})
			if err != nil {
				t.Fatal(err)
			}
			if d, err := s.Get(ctx, id, v); err != nil || d.View != "sequence" || d.Code != "c" {
				t.Errorf("version %d: %+v %v, want code c in the sequence view", v, d, err)
			}
		})
	}
}

// TestVersionsListBounded: the list of versions holds the newest
// MaxVersionsListed (it held every version, unbounded work for a
// diagram saved all day), and Current still says how many there are.
func TestVersionsListBounded(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			id, _, err := s.Create(ctx, Save{Code: "x", View: "workflow"})
			if err != nil {
				t.Fatal(err)
			}
			last := MaxVersionsListed + 5
			tx, err := s.db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			for v := 2; v <= last; v++ {
				if _, err := tx.ExecContext(ctx, `INSERT INTO versions (diagram_id, version, code, view, created_at) VALUES ($1, $2, 'x', 'workflow', 0)`, id, v); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE diagrams SET current_version = $1 WHERE id = $2`, last, id); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			h, err := s.Versions(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if len(h.Versions) != MaxVersionsListed || h.Current != last || h.Versions[0].Version != last {
				t.Errorf("%d versions listed, current %d, newest %d; want %d, %d, %d", len(h.Versions), h.Current, h.Versions[0].Version, MaxVersionsListed, last, last)
			}
		})
	}
}
