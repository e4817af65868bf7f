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
	"sync"
	"sync/atomic"
	"time"

	"flowzap/internal/server"
	"flowzap/internal/store"
)

const code = "shop { # Shop\n  n1: circle label:\"Start\"\n  n2: rectangle label:\"Work\"\n  n1.handle(right) -> n2.handle(left)\n}\n"

// edits: clients saving versions of one diagram through instances on one database.
func edits(dsn string, instances, clients int, d time.Duration) {
	var urls []string
	for i := 0; i < instances; i++ {
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			panic(err)
		}
		defer st.Close()
		ts := httptest.NewServer(server.New(st, server.Options{RateLimit: 1e6, Burst: 1e6}))
		defer ts.Close()
		urls = append(urls, ts.URL)
	}
	resp, err := http.Post(urls[0]+"/api/diagrams", "application/json", bytes.NewReader(mustJSON(map[string]string{"code": code})))
	if err != nil {
		panic(err)
	}
	var c struct{ ID, Token string }
	json.NewDecoder(resp.Body).Decode(&c)
	resp.Body.Close()
	var ok, bad, other atomic.Int64
	statuses := sync.Map{}
	end := time.Now().Add(d)
	var wg sync.WaitGroup
	tr := &http.Transport{MaxIdleConnsPerHost: clients * 2}
	cl := &http.Client{Transport: tr}
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for n := 0; time.Now().Before(end); n++ {
				body := mustJSON(map[string]string{"code": code + fmt.Sprintf("// %d %d\n", i, n)})
				req, _ := http.NewRequest("PUT", urls[i%len(urls)]+"/api/diagrams/"+c.ID, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+c.Token)
				resp, err := cl.Do(req)
				if err != nil {
					other.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				v, _ := statuses.LoadOrStore(resp.StatusCode, new(atomic.Int64))
				v.(*atomic.Int64).Add(1)
				if resp.StatusCode == 200 {
					ok.Add(1)
				} else if resp.StatusCode >= 500 {
					bad.Add(1)
				}
			}
		}(i)
	}
	wg.Wait()
	fmt.Printf("edits: %d instance(s), %d clients, %v: %d saved, %d 5xx, %d transport errors;", instances, clients, d, ok.Load(), bad.Load(), other.Load())
	statuses.Range(func(k, v any) bool { fmt.Printf(" %v:%d", k, v.(*atomic.Int64).Load()); return true })
	fmt.Println()
}

// starts: k stores opened at once on a fresh database, rounds times.
func starts(admin string, k, rounds int) {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		panic(err)
	}
	defer db.Close()
	failed := 0
	var firstErr error
	for r := 0; r < rounds; r++ {
		name := fmt.Sprintf("starts_%d", r)
		db.Exec("DROP DATABASE IF EXISTS " + name)
		if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
			panic(err)
		}
		dsn := replaceDB(admin, name)
		var wg sync.WaitGroup
		var mu sync.Mutex
		errs := 0
		start := make(chan struct{})
		for i := 0; i < k; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				st, err := store.Open(context.Background(), dsn)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs++
					if firstErr == nil {
						firstErr = err
					}
					return
				}
				st.Close()
			}()
		}
		close(start)
		wg.Wait()
		if errs > 0 {
			failed++
		}
		db.Exec("DROP DATABASE " + name)
	}
	fmt.Printf("starts: K=%d, %d rounds: %d rounds with a failed start (first error: %v)\n", k, rounds, failed, firstErr)
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }
