package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"flowzap/internal/server"
	"flowzap/internal/store"
)

func init() {
	flagDefs["serve"] = func(fs *flag.FlagSet) {
		fs.String("addr", "127.0.0.1:8080", "address to listen on")
		fs.String("db", "flowzap.db", "SQLite file path, or a postgres:// URL to share one database between instances (default: $FLOWZAP_DB or flowzap.db)")
		fs.Int64("max-body", 1<<20, "largest request body in bytes")
		fs.Float64("rate", 20, "requests per second allowed per client")
		fs.Bool("trust-proxy", false, "take client addresses from X-Forwarded-For (behind a reverse proxy)")
	}
	serveCmd.run = runServe
}

var serveCmd = &command{
	name:    "serve",
	summary: "run the web app and HTTP API",
	usage:   "flowzap serve [--addr HOST:PORT] [--db PATH|postgres://...]",
}

func runServe(c context.Context, x *ctx, args []string) int {
	fs, files, code := serveCmd.parse(x, args)
	if code >= 0 {
		return code
	}
	if len(files) != 0 {
		fmt.Fprintf(x.Stderr, "flowzap serve: unexpected arguments %v\n", files)
		return exitUsage
	}
	dsn := fs.Lookup("db").Value.String()
	if !isSet(fs, "db") && x.Getenv("FLOWZAP_DB") != "" {
		dsn = x.Getenv("FLOWZAP_DB")
	}
	if !isSet(fs, "db") && dsn == "flowzap.db" {
		dsn = x.path(dsn)
	}
	st, err := store.Open(c, dsn)
	if err != nil {
		fmt.Fprintf(x.Stderr, "flowzap serve: %v\n", err)
		return exitFail
	}
	defer st.Close()
	addr := fs.Lookup("addr").Value.String()
	log := slog.New(slog.NewTextHandler(x.Stderr, nil))
	srv := server.New(st, server.Options{MaxBody: fs.Lookup("max-body").Value.(flag.Getter).Get().(int64),
		RateLimit: fs.Lookup("rate").Value.(flag.Getter).Get().(float64), TrustProxy: boolFlag(fs, "trust-proxy"), Logger: log})
	fmt.Fprintf(x.Stderr, "flowzap serve: http://%s (database: %s)\n", addr, st.Dialect)
	if err := server.Run(c, addr, srv); err != nil {
		fmt.Fprintf(x.Stderr, "flowzap serve: %v\n", err)
		return exitFail
	}
	return exitOK
}

func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}
