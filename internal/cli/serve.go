package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"flowzap/internal/server"
	"flowzap/internal/store"
)

var serveCmd = &command{
	name:    "serve",
	summary: "run the web app and HTTP API",
	usage:   "flowzap serve [--addr HOST:PORT] [--db PATH|postgres://...]",
	setup: func(fs *flag.FlagSet) runFunc {
		f := &serveFlags{db: stringFlag{value: "flowzap.db"}}
		fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
		fs.Var(&f.db, "db", "SQLite file path, or a postgres:// URL to share one database between instances (default: $FLOWZAP_DB or flowzap.db)")
		fs.Int64Var(&f.maxBody, "max-body", 1<<20, "largest request body in bytes")
		fs.Float64Var(&f.rate, "rate", 20, "requests per second allowed per client")
		fs.IntVar(&f.dbMaxConns, "db-max-conns", 20, "PostgreSQL connections per instance at most (the sum over instances must stay under the server's max_connections)")
		fs.BoolVar(&f.trustProxy, "trust-proxy", false, "take client addresses from X-Forwarded-For (behind a reverse proxy)")
		return f.run
	},
}

type serveFlags struct {
	addr       string
	db         stringFlag
	maxBody    int64
	rate       float64
	trustProxy bool
	dbMaxConns int
}

func (f *serveFlags) run(c context.Context, x *ctx, files []string) error {
	if len(files) != 0 {
		return usagef("unexpected arguments %v", files)
	}
	dsn := f.db.value
	if !f.db.set && x.Getenv("FLOWZAP_DB") != "" {
		dsn = x.Getenv("FLOWZAP_DB")
	}
	if !f.db.set && dsn == "flowzap.db" {
		dsn = x.path(dsn)
	}
	st, err := store.OpenWith(c, dsn, store.Config{MaxConns: f.dbMaxConns})
	if err != nil {
		return err
	}
	defer st.Close()
	log := slog.New(slog.NewTextHandler(x.Stderr, nil))
	srv := server.New(st, server.Options{MaxBody: f.maxBody, RateLimit: f.rate, TrustProxy: f.trustProxy, Logger: log})
	fmt.Fprintf(x.Stderr, "flowzap serve: http://%s (database: %s)\n", f.addr, st.Dialect)
	return server.Run(c, f.addr, srv)
}

// stringFlag is a string flag that knows whether it was given, so that an
// explicit value wins over the environment.
type stringFlag struct {
	value string
	set   bool
}

func (s *stringFlag) String() string { return s.value }

func (s *stringFlag) Set(v string) error {
	s.value, s.set = v, true
	return nil
}
