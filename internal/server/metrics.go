package server

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the server's Prometheus metrics.
type metrics struct {
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	renders     *prometheus.HistogramVec
	limited     *prometheus.CounterVec
	rateLimited prometheus.Counter
	quota       prometheus.Counter
}

func newMetrics(reg *prometheus.Registry, s *Server) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "flowzap_http_requests_total",
			Help: "HTTP requests by route, method and status (499: the client left first)."}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "flowzap_http_request_duration_seconds",
			Help: "HTTP request latency by route and status class.", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}},
			[]string{"route", "class"}),
		renders: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "flowzap_render_duration_seconds",
			Help: "Render time (check, layout and drawing) by view and format.", Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}},
			[]string{"view", "format"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "flowzap_limit_rejections_total",
			Help: "Requests refused for passing a size limit, by limit."}, []string{"limit"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{Name: "flowzap_rate_limit_rejections_total",
			Help: "Requests refused by the per-client rate limit."}),
		quota: prometheus.NewCounter(prometheus.CounterOpts{Name: "flowzap_storage_quota_rejections_total",
			Help: "Saves refused by the per-client storage quota."}),
	}
	reg.MustRegister(m.requests, m.latency, m.renders, m.limited, m.rateLimited, m.quota,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	gauge := func(name, help string, f func() float64) {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
	}
	gauge("flowzap_renders_running", "Renders running now.", func() float64 { return float64(s.renders.running()) })
	gauge("flowzap_renders_queued", "Renders waiting for a slot.", func() float64 { return float64(s.renders.queued()) })
	gauge("flowzap_rate_limiter_clients", "Clients the rate limiter tracks.", func() float64 { return float64(s.rl.size()) })
	if s.store != nil {
		db := func(name, help string, f func() float64) { gauge("flowzap_db_"+name, help, f) }
		db("open_connections", "Open database connections.", func() float64 { return float64(s.store.Stats().OpenConnections) })
		db("in_use_connections", "Database connections in use.", func() float64 { return float64(s.store.Stats().InUse) })
		db("idle_connections", "Idle database connections.", func() float64 { return float64(s.store.Stats().Idle) })
		db("max_open_connections", "The pool's connection limit.", func() float64 { return float64(s.store.Stats().MaxOpenConnections) })
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "flowzap_db_wait_total",
			Help: "Times a request waited for a free database connection."}, func() float64 { return float64(s.store.Stats().WaitCount) }))
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "flowzap_db_wait_seconds_total",
			Help: "Total time waited for free database connections."}, func() float64 { return s.store.Stats().WaitDuration.Seconds() }))
	}
	return m
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, strconv.Itoa(status/100)+"xx").Observe(d.Seconds())
}
