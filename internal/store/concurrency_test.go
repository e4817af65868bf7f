package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// freshPostgres creates an empty database on the test server and returns
// its DSN with the given application name (so a test can count its own
// connections while other packages' tests use the server too).
func freshPostgres(t *testing.T, app string) string {
	t.Helper()
	admin := postgresDSN(t)
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := strings.ToLower(fmt.Sprintf("t_%s_%d", app, time.Now().UnixNano()))
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err == nil {
			db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			db.Close()
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	q := u.Query()
	q.Set("application_name", app)
	u.RawQuery = q.Encode()
	return u.String()
}

// pair opens two stores on one database, as two instances would.
func pair(t *testing.T, dsn string) (*Store, *Store) {
	t.Helper()
	a, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	b, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return a, b
}

// TestConcurrentSaves has 16 clients save versions of one diagram through
// two instances at once: every save must succeed (none may fail because
// another took the version number), and every saved text must be kept
// exactly once, under consecutive versions.
func TestConcurrentSaves(t *testing.T) {
	ctx := context.Background()
	dsns := map[string]string{"sqlite": filepath.Join(t.TempDir(), "c.db"), "postgres": freshPostgres(t, "saves")}
	for name, dsn := range dsns {
		t.Run(name, func(t *testing.T) {
			a, b := pair(t, dsn)
			id, token, err := a.Create(ctx, Save{Code: "v1", View: "workflow"})
			if err != nil {
				t.Fatal(err)
			}
			const clients, each = 16, 15
			var wg sync.WaitGroup
			var failed atomic.Int64
			var firstErr atomic.Value
			for c := 0; c < clients; c++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					st := a
					if c%2 == 1 {
						st = b
					}
					for i := 0; i < each; i++ {
						if _, err := st.Update(ctx, id, token, Save{Code: fmt.Sprintf("c%d-%d", c, i), View: "workflow"}); err != nil {
							failed.Add(1)
							firstErr.CompareAndSwap(nil, err)
						}
					}
				}()
			}
			wg.Wait()
			if n := failed.Load(); n > 0 {
				t.Fatalf("%d of %d concurrent saves failed, first: %v", n, clients*each, firstErr.Load())
			}
			d, err := b.Get(ctx, id, 0)
			if err != nil {
				t.Fatal(err)
			}
			if d.Versions != 1+clients*each {
				t.Fatalf("%d versions after %d saves", d.Versions, 1+clients*each)
			}
			seen := map[string]bool{}
			for v := 2; v <= d.Versions; v++ {
				dv, err := a.Get(ctx, id, v)
				if err != nil {
					t.Fatalf("version %d: %v", v, err)
				}
				if seen[dv.Code] {
					t.Fatalf("text %q saved twice", dv.Code)
				}
				seen[dv.Code] = true
			}
			if len(seen) != clients*each {
				t.Errorf("%d distinct texts kept, want %d", len(seen), clients*each)
			}
		})
	}
}

// TestIfVersion checks optimistic concurrency: a save or delete that
// names a version other than the current one fails with the current one.
func TestIfVersion(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			id, token, err := s.Create(ctx, Save{Code: "v1", View: "workflow"})
			if err != nil {
				t.Fatal(err)
			}
			if v, err := s.Update(ctx, id, token, Save{Code: "v2", View: "workflow", IfVersion: 1}); err != nil || v != 2 {
				t.Fatalf("update at the right version: %d %v", v, err)
			}
			_, err = s.Update(ctx, id, token, Save{Code: "stale", View: "workflow", IfVersion: 1})
			var ve *VersionError
			if !errors.As(err, &ve) || ve.Current != 2 || !errors.Is(err, ErrVersionMismatch) {
				t.Fatalf("stale update: %v", err)
			}
			if err := s.Delete(ctx, id, token, 1); !errors.Is(err, ErrVersionMismatch) {
				t.Fatalf("stale delete: %v", err)
			}
			if _, err := s.Update(ctx, id, "bad", Save{Code: "x", View: "workflow", IfVersion: 1}); !errors.Is(err, ErrForbidden) {
				t.Errorf("a wrong token must be refused before the version is told: %v", err)
			}
			d, _ := s.Get(ctx, id, 0)
			if d.Code != "v2" || d.Versions != 2 {
				t.Errorf("a refused save changed the diagram: %+v", d)
			}
			if err := s.Delete(ctx, id, token, 2); err != nil {
				t.Errorf("delete at the right version: %v", err)
			}
		})
	}
}

// TestSimultaneousStarts opens eight stores at the same moment on an
// empty database, forty times on SQLite (whose race to switch a new file
// to WAL mode failed about one start in four hundred before Open waited
// it out) and five on PostgreSQL: every one must start, and the schema
// must be migrated once.
func TestSimultaneousStarts(t *testing.T) {
	for round := 0; round < 40; round++ {
		dsns := map[string]string{"sqlite": filepath.Join(t.TempDir(), "s.db")}
		if round < 5 {
			dsns["postgres"] = freshPostgres(t, "starts")
		}
		for name, dsn := range dsns {
			const k = 8
			var wg sync.WaitGroup
			errs := make(chan error, k)
			start := make(chan struct{})
			for i := 0; i < k; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					s, err := Open(context.Background(), dsn)
					if err == nil {
						var ok bool
						ok, err = s.Migrated(context.Background())
						if err == nil && !ok {
							err = errors.New("started before the migrations were done")
						}
						s.Close()
					}
					errs <- err
				}()
			}
			close(start)
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatalf("%s round %d: an instance failed to start: %v", name, round, err)
				}
			}
			s, err := Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			var n int
			s.db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
			s.Close()
			if n != len(MigrationVersions()) {
				t.Errorf("%s: %d migrations recorded, want %d", name, n, len(MigrationVersions()))
			}
		}
	}
}

// TestMigrationNumbers checks migrations apply in the order of their
// numbers, not of their position in the list.
func TestMigrationNumbers(t *testing.T) {
	v := MigrationVersions()
	if len(v) < 2 || v[0] != 1 {
		t.Fatalf("versions %v", v)
	}
	for i := 1; i < len(v); i++ {
		if v[i] <= v[i-1] {
			t.Fatalf("versions out of order: %v", v)
		}
	}
}

// TestPoolBound runs 200 concurrent readers on a store whose pool allows
// 5 connections and counts, on the server, the connections it opened.
func TestPoolBound(t *testing.T) {
	dsn := freshPostgres(t, "pool")
	ctx := context.Background()
	s, err := OpenWith(ctx, dsn, Config{MaxConns: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id, _, err := s.Create(ctx, Save{Code: "x", View: "workflow"})
	if err != nil {
		t.Fatal(err)
	}
	watch, err := sql.Open("pgx", postgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()
	stop := make(chan struct{})
	peak := make(chan int)
	go func() {
		most := 0
		for {
			var n int
			watch.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'pool'`).Scan(&n)
			most = max(most, n)
			select {
			case <-stop:
				peak <- most
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	var failed atomic.Int64
	for c := 0; c < 200; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				if _, err := s.Get(ctx, id, 0); err != nil {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	most := <-peak
	if failed.Load() > 0 {
		t.Errorf("%d reads failed", failed.Load())
	}
	if most > 5 || most == 0 {
		t.Errorf("peak %d server connections for a pool of 5", most)
	}
	if st := s.Stats(); st.MaxOpenConnections != 5 || st.OpenConnections > 5 {
		t.Errorf("pool stats %+v", st)
	}
}

// TestUsageAndPurge checks the quota count and the retention purge.
func TestUsageAndPurge(t *testing.T) {
	ctx := context.Background()
	// Own databases: the purge removes everything old enough.
	for name, dsn := range map[string]string{"sqlite": filepath.Join(t.TempDir(), "p.db"), "postgres": freshPostgres(t, "purge")} {
		t.Run(name, func(t *testing.T) {
			s, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			client := NewID(8)
			before := time.Now().Add(-time.Second)
			id, token, err := s.Create(ctx, Save{Code: "12345", View: "workflow", Client: client})
			if err != nil {
				t.Fatal(err)
			}
			s.Update(ctx, id, token, Save{Code: "123", View: "workflow", Client: client})
			sid, _ := s.CreateSnapshot(ctx, Save{Code: "12", View: "workflow", Client: client})
			if n, err := s.Usage(ctx, client, before); err != nil || n != 10 {
				t.Errorf("usage %d %v, want 10", n, err)
			}
			if n, _ := s.Usage(ctx, client, time.Now().Add(time.Minute)); n != 0 {
				t.Errorf("usage after the window %d", n)
			}
			// Nothing is older than a minute ago: nothing goes.
			s.Purge(ctx, time.Now().Add(-time.Minute), 2)
			if _, err := s.Get(ctx, id, 0); err != nil {
				t.Fatalf("purge removed a recent diagram: %v", err)
			}
			d, sn, err := s.Purge(ctx, time.Now().Add(time.Second), 2)
			if err != nil || d < 1 || sn < 1 {
				t.Fatalf("purge: %d %d %v", d, sn, err)
			}
			if _, err := s.Get(ctx, id, 1); !errors.Is(err, ErrNotFound) {
				t.Errorf("purged diagram still readable: %v", err)
			}
			if _, err := s.GetSnapshot(ctx, sid); !errors.Is(err, ErrNotFound) {
				t.Errorf("purged snapshot still readable: %v", err)
			}
		})
	}
}
