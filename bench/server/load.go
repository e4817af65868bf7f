package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"flowzap/internal/server"
	"flowzap/internal/store"
)

// op is one kind of request the load sends.
type op struct {
	name string
	req  func(base string, i int) *http.Request
}

func jsonReq(method, url string, body any) *http.Request {
	b, _ := json.Marshal(body)
	r, _ := http.NewRequest(method, url, bytes.NewReader(b))
	r.Header.Set("Content-Type", "application/json")
	return r
}

// loadRun measures each operation at each connection count against one
// in-process server on dsn and prints a Markdown table.
func loadRun(dsn, label string, conns []int, d time.Duration) {
	st, err := store.OpenWith(context.Background(), dsn, store.Config{MaxConns: 20})
	if err != nil {
		panic(err)
	}
	defer st.Close()
	ts := httptest.NewServer(server.New(st, server.Options{RateLimit: 1e9, Burst: 1e9, StorageQuota: -1, QueueWait: 30 * time.Second, RenderQueue: 1000}))
	defer ts.Close()
	resp, err := http.DefaultClient.Do(jsonReq("POST", ts.URL+"/api/diagrams", map[string]string{"code": code}))
	if err != nil {
		panic(err)
	}
	var c struct{ ID string }
	json.NewDecoder(resp.Body).Decode(&c)
	resp.Body.Close()
	ops := []op{
		{"render (SVG)", func(b string, i int) *http.Request {
			return jsonReq("POST", b+"/api/render", map[string]string{"code": code})
		}},
		{"validate", func(b string, i int) *http.Request {
			return jsonReq("POST", b+"/api/validate", map[string]string{"code": code})
		}},
		{"save (create)", func(b string, i int) *http.Request {
			return jsonReq("POST", b+"/api/diagrams", map[string]string{"code": code + fmt.Sprintf("// %d\n", i)})
		}},
		{"read", func(b string, i int) *http.Request {
			r, _ := http.NewRequest("GET", b+"/api/diagrams/"+c.ID, nil)
			return r
		}},
	}
	var watch *sql.DB
	if st.Dialect == "postgres" {
		watch, _ = sql.Open("pgx", dsn)
		defer watch.Close()
	}
	for _, o := range ops {
		for _, n := range conns {
			peak := 0
			stop := make(chan struct{})
			var pw sync.WaitGroup
			if watch != nil {
				pw.Add(1)
				go func() {
					defer pw.Done()
					for {
						var k int
						watch.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()`).Scan(&k)
						peak = max(peak, k-1)
						select {
						case <-stop:
							return
						case <-time.After(20 * time.Millisecond):
						}
					}
				}()
			}
			ok, errs, lat := hammer(ts.URL, o, n, d)
			close(stop)
			pw.Wait()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			pct := func(p float64) time.Duration {
				if len(lat) == 0 {
					return 0
				}
				return lat[int(p*float64(len(lat)-1))]
			}
			pool := "—"
			if watch != nil {
				pool = fmt.Sprint(peak)
			}
			fmt.Printf("| %s | %s | %d | %.0f | %.1f | %.1f | %d | %s |\n", label, o.name, n, float64(ok)/d.Seconds(),
				float64(pct(0.5).Microseconds())/1000, float64(pct(0.99).Microseconds())/1000, errs, pool)
		}
	}
}

// hammer runs n closed-loop clients for d and returns the successes,
// the failures (non-2xx or transport errors) and every latency.
func hammer(base string, o op, n int, d time.Duration) (int64, int64, []time.Duration) {
	tr := &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n}
	cl := &http.Client{Transport: tr, Timeout: time.Minute}
	defer tr.CloseIdleConnections()
	var ok, bad atomic.Int64
	var mu sync.Mutex
	var all []time.Duration
	end := time.Now().Add(d)
	var wg sync.WaitGroup
	var seq atomic.Int64
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(end) {
				t := time.Now()
				resp, err := cl.Do(o.req(base, int(seq.Add(1))))
				if err != nil {
					bad.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(t))
				if resp.StatusCode < 300 {
					ok.Add(1)
				} else {
					bad.Add(1)
				}
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return ok.Load(), bad.Load(), all
}
