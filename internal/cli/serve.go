package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"flowzap/internal/pipeline"
	"flowzap/internal/server"
	"flowzap/internal/store"
)

var serveCmd = &command{
	name:    "serve",
	summary: "run the web app and HTTP API",
	usage: "flowzap serve [--addr HOST:PORT] [--db PATH|postgres://...] [flags]\n\n" +
		"Every flag can also be set by an environment variable: FLOWZAP_ and the flag\n" +
		"name in capitals with _ for - (--db-max-conns is FLOWZAP_DB_MAX_CONNS). A flag\n" +
		"on the command line wins over the environment.",
	setup: func(fs *flag.FlagSet) runFunc {
		f := &serveFlags{fs: fs}
		d := pipeline.DefaultLimits
		fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
		fs.StringVar(&f.db, "db", "flowzap.db", "SQLite file path, or a postgres:// URL to share one database between instances")
		fs.IntVar(&f.dbMaxConns, "db-max-conns", 20, "PostgreSQL connections per instance at most (the sum over instances must stay under the server's max_connections)")
		fs.Int64Var(&f.maxBody, "max-body", pipeline.DefaultMaxInput, "largest request body in bytes")
		fs.Float64Var(&f.rate, "rate", 20, "requests per second allowed per client (per instance)")
		fs.IntVar(&f.burst, "burst", 40, "requests a client may send at once above the rate")
		fs.BoolVar(&f.trustProxy, "trust-proxy", false, "take client addresses from X-Forwarded-For, right to left past the trusted proxies (behind a reverse proxy)")
		fs.StringVar(&f.trustedProxies, "trusted-proxies", "127.0.0.1/8,::1/128", "comma-separated addresses or CIDR ranges of the reverse proxies (with --trust-proxy)")
		fs.StringVar(&f.allowedHosts, "allowed-hosts", "", "comma-separated Host names the server answers (others get 403; a leading . allows subdomains); empty allows any")
		fs.StringVar(&f.cors, "cors-origins", "*", "origins allowed to call the API from a browser (comma-separated, * for any, empty for none)")
		fs.IntVar(&f.maxLabel, "max-label", d.MaxLabel, "longest label in characters")
		fs.IntVar(&f.maxNodes, "max-nodes", d.MaxNodes, "most nodes in a diagram")
		fs.IntVar(&f.maxEdges, "max-edges", d.MaxEdges, "most edges in a diagram")
		fs.Float64Var(&f.maxPixels, "max-pixels", d.MaxPixels, "largest PNG in pixels (width × height)")
		fs.DurationVar(&f.renderTimeout, "render-timeout", 30*time.Second, "longest time one render may take")
		fs.IntVar(&f.maxRenders, "max-renders", 0, "renders running at once (default: the number of CPUs); more wait in a queue")
		fs.IntVar(&f.renderQueue, "render-queue", 0, "renders that may wait for a slot (default 4 × --max-renders); past it, 503 with Retry-After")
		fs.DurationVar(&f.queueWait, "queue-wait", 10*time.Second, "longest wait in the render queue before 503")
		fs.DurationVar(&f.bodyTimeout, "body-timeout", 20*time.Second, "longest time to receive a request body (then 408)")
		fs.Int64Var(&f.quota, "storage-quota", 50<<20, "bytes of code one client may store per 24 hours (negative: no quota)")
		fs.DurationVar(&f.retention, "retention", 0, "delete diagrams not saved for this long and older snapshots, e.g. 2160h for 90 days (0 keeps everything)")
		fs.Float64Var(&f.accessLog, "access-log", 0, "share of requests written to the access log, 0 to 1 (errors and slow requests are always logged)")
		fs.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
		fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")
		fs.DurationVar(&f.shutdownTimeout, "shutdown-timeout", 30*time.Second, "on SIGTERM or SIGINT, how long in-flight requests may take to finish")
		fs.DurationVar(&f.drainDelay, "drain-delay", 0, "on SIGTERM or SIGINT, how long to keep serving with /api/ready answering 503 before closing the listener (behind a load balancer: a little more than its health check interval)")
		fs.StringVar(&f.memoryLimit, "memory-limit", "", "soft memory limit for the Go runtime, e.g. 1GiB (as GOMEMLIMIT)")
		return f.run
	},
}

type serveFlags struct {
	fs                                 *flag.FlagSet
	addr, db                           string
	dbMaxConns                         int
	maxBody                            int64
	rate                               float64
	burst                              int
	trustProxy                         bool
	trustedProxies, allowedHosts, cors string
	maxLabel, maxNodes, maxEdges       int
	maxPixels                          float64
	renderTimeout, queueWait           time.Duration
	maxRenders, renderQueue            int
	bodyTimeout, retention             time.Duration
	quota                              int64
	accessLog                          float64
	logFormat, logLevel                string
	shutdownTimeout                    time.Duration
	drainDelay                         time.Duration
	memoryLimit                        string
}

// fromEnv sets every flag not given on the command line from its
// FLOWZAP_ environment variable, if set.
func (f *serveFlags) fromEnv(x *ctx) error {
	given := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	var err error
	f.fs.VisitAll(func(fl *flag.Flag) {
		if given[fl.Name] || err != nil {
			return
		}
		name := "FLOWZAP_" + strings.ToUpper(strings.ReplaceAll(fl.Name, "-", "_"))
		if v := x.Getenv(name); v != "" {
			if e := fl.Value.Set(v); e != nil {
				why := "expected " + expectedValue(fl)
				if why == "expected a valid value" {
					why = e.Error()
				}
				err = usagef("%s=%q (--%s): %s", name, v, fl.Name, why)
			}
		}
	})
	return err
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (f *serveFlags) run(c context.Context, x *ctx, files []string) error {
	if len(files) != 0 {
		return usagef("unexpected arguments %v", files)
	}
	dbGiven := false
	f.fs.Visit(func(fl *flag.Flag) { dbGiven = dbGiven || fl.Name == "db" })
	if err := f.fromEnv(x); err != nil {
		return err
	}
	dsn := f.db
	if !dbGiven && x.Getenv("FLOWZAP_DB") == "" {
		dsn = x.path(dsn)
	}
	var proxies []netip.Prefix
	for _, p := range splitList(f.trustedProxies) {
		pr, err := netip.ParsePrefix(p)
		if err != nil {
			a, err2 := netip.ParseAddr(p)
			if err2 != nil {
				return usagef("--trusted-proxies: %q is neither an address nor a CIDR range", p)
			}
			pr = netip.PrefixFrom(a, a.BitLen())
		}
		proxies = append(proxies, pr)
	}
	if f.accessLog < 0 || f.accessLog > 1 || f.accessLog != f.accessLog {
		return usagef("--access-log %v: expected a share between 0 and 1", f.accessLog)
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return usagef("--log-level %q: expected debug, info, warn or error", f.logLevel)
	}
	var log *slog.Logger
	switch f.logFormat {
	case "text":
		log = slog.New(slog.NewTextHandler(x.Stderr, &slog.HandlerOptions{Level: level}))
	case "json":
		log = slog.New(slog.NewJSONHandler(x.Stderr, &slog.HandlerOptions{Level: level}))
	default:
		return usagef("--log-format %q: expected text or json", f.logFormat)
	}
	if f.memoryLimit != "" {
		n, err := parseBytes(f.memoryLimit)
		if err != nil {
			return usagef("--memory-limit %q: %v", f.memoryLimit, err)
		}
		debug.SetMemoryLimit(n)
	}
	st, err := store.OpenWith(c, dsn, store.Config{MaxConns: f.dbMaxConns})
	if err != nil {
		return err
	}
	defer st.Close()
	cors := splitList(f.cors)
	if cors == nil {
		cors = []string{}
	}
	srv := server.New(st, server.Options{MaxBody: f.maxBody, RateLimit: f.rate, Burst: f.burst, TrustProxy: f.trustProxy,
		TrustedProxies: proxies, AllowedHosts: splitList(f.allowedHosts), CORSOrigins: cors, Logger: log,
		Limits:        pipeline.Limits{MaxLabel: f.maxLabel, MaxNodes: f.maxNodes, MaxEdges: f.maxEdges, MaxLanes: pipeline.DefaultLimits.MaxLanes, MaxPixels: f.maxPixels, MaxArea: pipeline.DefaultLimits.MaxArea},
		RenderTimeout: f.renderTimeout, MaxRenders: f.maxRenders, RenderQueue: f.renderQueue, QueueWait: f.queueWait,
		BodyTimeout: f.bodyTimeout, StorageQuota: f.quota, Retention: f.retention, AccessLog: f.accessLog})
	mctx, stop := context.WithCancel(c)
	defer stop()
	go srv.Maintain(mctx)
	go srv.SweepSessions(mctx)
	// Listen before saying so: a port in use is reported as such, and
	// --addr with port 0 prints the port the system chose.
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("cannot listen on %s: the port is in use (another flowzap serve?); choose another with --addr", f.addr)
		}
		return fmt.Errorf("cannot listen on %s: %v (expected --addr HOST:PORT, such as 127.0.0.1:8080)", f.addr, err)
	}
	addr := ln.Addr().String()
	log.Info("flowzap serve: listening", "url", "http://"+addr, "database", st.Dialect)
	fmt.Fprintf(x.Stderr, "flowzap serve: http://%s (database: %s)\n", addr, st.Dialect)
	return server.RunWith(c, f.addr, srv, server.RunOptions{ShutdownTimeout: f.shutdownTimeout, DrainDelay: f.drainDelay, Logger: log,
		WriteTimeout: f.queueWait + f.renderTimeout + 30*time.Second, Listener: ln})
}

// parseBytes reads a size such as 512MiB, 2GiB, 1GB or 1000000.
func parseBytes(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.mult
			break
		}
	}
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil || n <= 0 {
		return 0, fmt.Errorf("expected a size such as 512MiB or 2GiB")
	}
	return n * mult, nil
}
