// Command multiinstance is the multi-instance test that make test runs:
// three flowzap serve instances started at the same moment on one
// PostgreSQL database behind nginx, a load of clients saving, editing and
// reading through nginx while one instance is killed with SIGKILL and
// restarted, then checks that every acknowledged save reads back
// identical, that the only 5xx answers are the killed instance's
// in-flight requests, that a flooding client stays within its rate limit,
// and that SIGTERM drains every instance to exit status 0. The same
// kill -9 durability check then runs on SQLite.
//
// Usage: multiinstance -bin bin/flowzap -nginx /usr/sbin/nginx
// (FLOWZAP_TEST_POSTGRES names the database; scripts/multi-instance.sh
// sets everything up).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

var (
	bin     = flag.String("bin", "bin/flowzap", "the flowzap binary")
	nginx   = flag.String("nginx", "nginx", "the nginx binary")
	loadFor = flag.Duration("load", 16*time.Second, "how long the load runs on PostgreSQL")
	clients = flag.Int("clients", 12, "load clients, each from its own loopback address")
)

const (
	rate  = 100 // per client per instance, requests per second
	burst = 100
)

func main() {
	flag.Parse()
	dsn := os.Getenv("FLOWZAP_TEST_POSTGRES")
	if dsn == "" {
		fail("FLOWZAP_TEST_POSTGRES is not set: run through scripts/multi-instance.sh")
	}
	dir, err := os.MkdirTemp("", "flowzap-multi-")
	check(err)
	defer os.RemoveAll(dir)
	start := time.Now()
	defer stopAll()
	postgres(dir, dsn)
	stopAll() // nginx
	sqlite(dir)
	fmt.Printf("multi-instance: all checks passed in %.0f s\n", time.Since(start).Seconds())
}

// instance is one flowzap serve process.
type instance struct {
	port int
	args []string
	cmd  *exec.Cmd
	log  string
	done chan error
}

func newInstance(dir string, n int, args ...string) *instance {
	return &instance{port: freePort(), args: args, log: filepath.Join(dir, fmt.Sprintf("instance%d.log", n))}
}

func (in *instance) url() string { return fmt.Sprintf("http://127.0.0.1:%d", in.port) }

func (in *instance) start() {
	f, err := os.OpenFile(in.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	check(err)
	args := append([]string{"serve", "--addr", fmt.Sprintf("127.0.0.1:%d", in.port), "--trust-proxy", "--trusted-proxies", "127.0.0.1/32",
		"--rate", fmt.Sprint(rate), "--burst", fmt.Sprint(burst), "--log-format", "json", "--shutdown-timeout", "20s"}, in.args...)
	in.cmd = exec.Command(*bin, args...)
	in.cmd.Stdout, in.cmd.Stderr = f, f
	check(in.cmd.Start())
	track(in.cmd)
	in.done = make(chan error, 1)
	go func() { in.done <- in.cmd.Wait(); f.Close() }()
}

// ready waits until /api/ready answers 200.
func (in *instance) ready(within time.Duration) error {
	end := time.Now().Add(within)
	for time.Now().Before(end) {
		select {
		case err := <-in.done:
			return fmt.Errorf("instance on port %d exited: %v\n%s", in.port, err, tail(in.log))
		default:
		}
		resp, err := http.Get(in.url() + "/api/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("instance on port %d not ready after %s\n%s", in.port, within, tail(in.log))
}

func (in *instance) kill() {
	in.cmd.Process.Signal(syscall.SIGKILL)
	<-in.done
}

// term sends SIGTERM and returns the exit error (nil for status 0).
func (in *instance) term() error {
	in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-in.done:
		return err
	case <-time.After(30 * time.Second):
		in.cmd.Process.Kill()
		return fmt.Errorf("did not exit within 30 s of SIGTERM")
	}
}

// ledger records acknowledged saves: diagram id -> version -> code.
type ledger struct {
	mu    sync.Mutex
	saves map[string]map[int]string
	n     int
}

func (l *ledger) add(id string, v int, code string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.saves[id] == nil {
		l.saves[id] = map[int]string{}
	}
	l.saves[id][v] = code
	l.n++
}

// outcome is one answer (or transport error) the load saw.
type outcome struct {
	at     time.Time
	method string
	path   string
	status int // 0: transport error
}

type load struct {
	base    string
	led     *ledger
	mu      sync.Mutex
	results []outcome
}

func (ld *load) note(o outcome) {
	ld.mu.Lock()
	ld.results = append(ld.results, o)
	ld.mu.Unlock()
}

// clientFrom returns an HTTP client whose connections come from the
// loopback address ip, so that nginx and flowzap see distinct clients.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4}}
}

func code(client, n int) string {
	return fmt.Sprintf("team%d { # Team %d\n  n1: circle label:\"Start %d\"\n  n2: rectangle label:\"Edit %d by client %d\"\n  n1.handle(right) -> n2.handle(left)\n}\n", client, client, n, n, client)
}

// do sends a JSON request and returns the status and body (status 0 on
// a transport error).
func (ld *load) do(c *http.Client, method, path string, body any, token string) (int, []byte) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, ld.base+path, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		ld.note(outcome{time.Now(), method, path, 0})
		return 0, nil
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	ld.note(outcome{time.Now(), method, path, resp.StatusCode})
	return resp.StatusCode, b
}

// run has client i save and read until stop closes.
func (ld *load) run(i int, c *http.Client, stop <-chan struct{}) {
	var id, token string
	for n := 0; ; n++ {
		select {
		case <-stop:
			return
		case <-time.After(40 * time.Millisecond):
		}
		if id == "" || n%25 == 0 {
			src := code(i, n)
			st, b := ld.do(c, "POST", "/api/diagrams", map[string]string{"code": src}, "")
			if st == 201 {
				var cr struct {
					ID, Token string
					Version   int
				}
				json.Unmarshal(b, &cr)
				id, token = cr.ID, cr.Token
				ld.led.add(id, 1, src)
			}
			continue
		}
		if n%3 == 0 {
			ld.do(c, "GET", "/api/diagrams/"+id, nil, "")
			continue
		}
		src := code(i, n)
		st, b := ld.do(c, "PUT", "/api/diagrams/"+id, map[string]string{"code": src}, token)
		if st == 200 {
			var ur struct{ Version int }
			json.Unmarshal(b, &ur)
			ld.led.add(id, ur.Version, src)
		}
	}
}

// verify reads every acknowledged save back through base, spreading the
// reads over many loopback addresses so that the rate limit does not
// slow it down.
func verify(base string, led *ledger) error {
	var cs []*http.Client
	for i := 1; i <= 60; i++ {
		cs = append(cs, clientFrom(fmt.Sprintf("127.0.4.%d", i)))
	}
	bad, k := 0, 0
	var first string
	for id, versions := range led.saves {
		for v, want := range versions {
			k++
			c := cs[(k/50)%len(cs)]
			resp, err := c.Get(fmt.Sprintf("%s/api/diagrams/%s/versions/%d", base, id, v))
			if err != nil {
				return err
			}
			var d struct{ Code string }
			json.NewDecoder(resp.Body).Decode(&d)
			resp.Body.Close()
			if resp.StatusCode != 200 || d.Code != want {
				bad++
				if first == "" {
					first = fmt.Sprintf("%s v%d: status %d, code %q, want %q", id, v, resp.StatusCode, d.Code, want)
				}
			}
		}
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d acknowledged saves do not read back identical; first: %s", bad, led.n, first)
	}
	return nil
}

func postgres(dir, dsn string) {
	fmt.Println("multi-instance: starting 3 instances at the same moment on one PostgreSQL database")
	inst := []*instance{newInstance(dir, 1, "--db", dsn, "--db-max-conns", "15"), newInstance(dir, 2, "--db", dsn, "--db-max-conns", "15"),
		newInstance(dir, 3, "--db", dsn, "--db-max-conns", "15")}
	for _, in := range inst {
		in.start()
	}
	for _, in := range inst {
		if err := in.ready(30 * time.Second); err != nil {
			fail(err.Error())
		}
	}
	startNginx(dir, inst)

	led := &ledger{saves: map[string]map[int]string{}}
	ld := &load{base: fmt.Sprintf("http://127.0.0.1:%d", nginxPort), led: led}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < *clients; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); ld.run(i, clientFrom(fmt.Sprintf("127.0.1.%d", i+1)), stop) }()
	}

	// A flooding client from its own address, for 4 s before the kill.
	time.Sleep(time.Second)
	flood := &load{base: ld.base, led: &ledger{saves: map[string]map[int]string{}}}
	fc := clientFrom("127.0.2.1")
	floodStart := time.Now()
	var fwg sync.WaitGroup
	for k := 0; k < 4; k++ {
		fwg.Add(1)
		go func() {
			defer fwg.Done()
			for time.Since(floodStart) < 4*time.Second {
				flood.do(fc, "GET", "/api/templates", nil, "")
			}
		}()
	}
	fwg.Wait()
	floodSecs := time.Since(floodStart).Seconds()
	accepted, limited, total := 0, 0, len(flood.results)
	for _, o := range flood.results {
		switch o.status {
		case 200:
			accepted++
		case 429:
			limited++
		}
	}
	allowed := burst + int(rate*floodSecs*1.1) + 10
	fmt.Printf("multi-instance: flooding client: %d requests in %.1f s, %d accepted (limit %d), %d answered 429\n", total, floodSecs, accepted, allowed, limited)
	if accepted > allowed || limited == 0 {
		fail(fmt.Sprintf("the rate limit does not hold: %d accepted, at most %d allowed, %d refused", accepted, allowed, limited))
	}

	time.Sleep(*loadFor/2 - 5*time.Second)
	// The instance to kill is the busiest: the balancer hashes client
	// addresses onto instances, so which instances the clients reach
	// changes from run to run (the instances' ports do), and one may get
	// none of them.
	victim, served := inst[0], -1
	for _, in := range inst {
		if n := diagramRequests(in.url()); n > served {
			victim, served = in, n
		}
	}
	if served <= 0 {
		fail("no instance served diagram requests: the load does not reach the instances")
	}
	killedAt := time.Now()
	fmt.Printf("multi-instance: kill -9 of the instance on port %d under load (it had served %d diagram requests)\n", victim.port, served)
	victim.kill()
	time.Sleep(3 * time.Second)
	victim.start()
	if err := victim.ready(30 * time.Second); err != nil {
		fail("restart after kill -9: " + err.Error())
	}
	restartedAt := time.Now()
	time.Sleep(*loadFor / 2)
	close(stop)
	wg.Wait()

	// 5xx: only 502s for requests in flight on the killed instance (at most
	// one per client), around the kill.
	counts := map[int]int{}
	var stray []string
	fivexx := 0
	for _, o := range ld.results {
		counts[o.status]++
		if o.status >= 500 || o.status == 0 {
			fivexx++
			near := o.at.After(killedAt.Add(-100*time.Millisecond)) && o.at.Before(killedAt.Add(2*time.Second))
			if o.status != 502 || !near {
				stray = append(stray, fmt.Sprintf("%s %s -> %d at kill%+.2fs", o.method, o.path, o.status, o.at.Sub(killedAt).Seconds()))
			}
		}
	}
	fmt.Printf("multi-instance: %d requests through nginx, statuses %v; %d acknowledged saves; restart took %.1f s\n",
		len(ld.results), counts, led.n, restartedAt.Sub(killedAt).Seconds()-3)
	if len(stray) > 0 || fivexx > *clients {
		sort.Strings(stray)
		fail(fmt.Sprintf("%d 5xx or failed requests, %d not explained by the kill: %s", fivexx, len(stray), strings.Join(first(stray, 10), "; ")))
	}
	if counts[200]+counts[201] < 100 {
		fail(fmt.Sprintf("too little load got through: %v", counts))
	}
	if err := verify(ld.base, led); err != nil {
		fail(err.Error())
	}
	fmt.Printf("multi-instance: all %d acknowledged saves read back identical\n", led.n)
	for _, in := range inst {
		if err := in.term(); err != nil {
			fail(fmt.Sprintf("SIGTERM of the instance on port %d: %v\n%s", in.port, err, tail(in.log)))
		}
	}
	fmt.Println("multi-instance: SIGTERM: every instance drained and exited with status 0")
}

func sqlite(dir string) {
	db := filepath.Join(dir, "flowzap.db")
	in := newInstance(dir, 9, "--db", db)
	in.start()
	if err := in.ready(30 * time.Second); err != nil {
		fail(err.Error())
	}
	led := &ledger{saves: map[string]map[int]string{}}
	ld := &load{base: in.url(), led: led}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); ld.run(i, clientFrom(fmt.Sprintf("127.0.3.%d", i+1)), stop) }()
	}
	time.Sleep(4 * time.Second)
	in.kill()
	close(stop)
	wg.Wait()
	in.start()
	if err := in.ready(30 * time.Second); err != nil {
		fail("SQLite restart after kill -9: " + err.Error())
	}
	if err := verify(in.url(), led); err != nil {
		fail("SQLite: " + err.Error())
	}
	fmt.Printf("multi-instance: SQLite: kill -9 under load, all %d acknowledged saves read back identical\n", led.n)
	if err := in.term(); err != nil {
		fail(fmt.Sprintf("SQLite SIGTERM: %v", err))
	}
}

var nginxPort int

func startNginx(dir string, inst []*instance) {
	nginxPort = freePort()
	var servers strings.Builder
	for _, in := range inst {
		fmt.Fprintf(&servers, "        server 127.0.0.1:%d max_fails=1 fail_timeout=2s;\n", in.port)
	}
	tmp := filepath.Join(dir, "nginx-tmp")
	os.MkdirAll(tmp, 0o777)
	os.Chmod(tmp, 0o777)
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;"
	}
	conf := fmt.Sprintf(`%s
daemon off;
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path %[3]s/body;
    proxy_temp_path %[3]s/proxy;
    fastcgi_temp_path %[3]s/fastcgi;
    uwsgi_temp_path %[3]s/uwsgi;
    scgi_temp_path %[3]s/scgi;
    upstream flowzap {
        hash $remote_addr consistent;
%[4]s        keepalive 32;
    }
    server {
        listen 127.0.0.1:%[5]d;
        client_max_body_size 1m;
        location / {
            proxy_pass http://flowzap;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Request-ID $request_id;
            proxy_read_timeout 90s;
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
        }
    }
}
`, user, dir, tmp, servers.String(), nginxPort)
	path := filepath.Join(dir, "nginx.conf")
	check(os.WriteFile(path, []byte(conf), 0o644))
	cmd := exec.Command(*nginx, "-p", dir, "-c", path)
	// Its own process group, so that stopping it stops its workers too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, _ := os.Create(filepath.Join(dir, "nginx.out"))
	cmd.Stdout, cmd.Stderr = out, out
	check(cmd.Start())
	track(cmd)
	end := time.Now().Add(10 * time.Second)
	for time.Now().Before(end) {
		if resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/api/health", nginxPort)); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	fail("nginx did not start:\n" + tail(filepath.Join(dir, "nginx.out")) + tail(filepath.Join(dir, "nginx-error.log")))
}

// diagramRequests sums an instance's /metrics request counts for the
// diagram routes.
func diagramRequests(base string) int {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "flowzap_http_requests_total{") && strings.Contains(line, "/api/diagrams") {
			var v float64
			fmt.Sscan(line[strings.LastIndex(line, " ")+1:], &v)
			n += int(v)
		}
	}
	return n
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func tail(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 3000 {
		b = b[len(b)-3000:]
	}
	return string(b)
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

// started lists the processes this test started, to stop on the way out.
var (
	startedMu sync.Mutex
	started   []*exec.Cmd
)

func track(c *exec.Cmd) {
	startedMu.Lock()
	started = append(started, c)
	startedMu.Unlock()
}

// stopAll stops every process still running: nginx's whole process group
// (master and workers) and any flowzap instance left.
func stopAll() {
	startedMu.Lock()
	defer startedMu.Unlock()
	for _, c := range started {
		if c.Process == nil || c.ProcessState != nil {
			continue
		}
		if c.SysProcAttr != nil && c.SysProcAttr.Setpgid {
			syscall.Kill(-c.Process.Pid, syscall.SIGKILL)
		} else {
			c.Process.Kill()
		}
	}
	started = nil
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "multi-instance: FAIL:", msg)
	stopAll()
	os.Exit(1)
}
