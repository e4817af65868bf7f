package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flowzap/internal/lazyre"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// MaxRequests caps how many requests an imported diagram shows; the rest
// are counted in a comment.
const MaxRequests = 60

// request is one HTTP exchange, from a log line or a HAR entry.
type request struct {
	client, host, method, path string
	status                     int
	ms                         float64 // duration, 0 when unknown
	times                      int     // how many identical requests in a row it stands for (0 or 1: one)
	redirect                   string  // where a redirect sends the client, as shown ("/login", "id.example.com/authorize")
	failure                    string  // why a request got no answer (a HAR's _error: "net::ERR_BLOCKED_BY_CLIENT")
}

// squeeze draws identical requests in a row once: the same client asking
// the same route with the same answer (a poll, a retry loop, a health
// check every few seconds) is one request "×N" with the longest time,
// instead of N copies of the same two steps.
func squeeze(reqs []request) []request {
	var out []request
	for _, r := range reqs {
		if n := len(out); n > 0 {
			p := &out[n-1]
			if p.client == r.client && p.host == r.host && p.method == r.method && p.status == r.status && template(p.path) == template(r.path) && p.redirect == r.redirect {
				p.times = max(p.times, 1) + 1
				p.ms = max(p.ms, r.ms)
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// combined matches the nginx/Apache combined (and common) log format:
// 203.0.113.7 - - [10/Oct/2026:13:55:36 +0000] "GET /a HTTP/1.1" 200 2326 "ref" "agent" [rt]
var combined = lazyre.New(`^(\S+) \S+ \S+ \[[^\]]+\] "(\S+) (\S+)(?: [^"]*)?" (\d{3}) \S+(?: "[^"]*" "[^"]*")?(?: (\d+(?:\.\d+)?))?`)

// noRequest matches a line of the format whose request line is not a
// request: "-" (the client closed the connection before sending one,
// logged 408 or 400) or bytes that are not HTTP (TLS spoken to the HTTP
// port).
var noRequest = lazyre.New(`^\S+ \S+ \S+ \[[^\]]+\] "(?:[^"\\]|\\.)*" \d{3} `)

// wholeSeconds: when every whole-number time of a log is below it, the
// times are Apache's %T (seconds), else its %D (microseconds).
const wholeSeconds = 100

// AccessLog converts an nginx or Apache access log in combined or common
// format. Lines that do not parse are counted and reported in a comment,
// never guessed at.
func AccessLog(data []byte) (string, error) {
	var reqs []request
	bad, lineNo, firstBad, firstText := 0, 0, 0, ""
	noReq, firstNoReq := 0, 0
	var whole []int // the requests whose time is a whole number
	maxWhole := 0.0 // the largest of those numbers
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), len(data)+1) // any line fits: the data is in memory already
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		m := combined.Get().FindStringSubmatch(line)
		if m == nil && noRequest.Get().MatchString(line) {
			noReq++
			if firstNoReq == 0 {
				firstNoReq = lineNo
			}
			continue
		}
		if m == nil {
			bad++
			if firstBad == 0 {
				firstBad, firstText = lineNo, line
			}
			continue
		}
		status, _ := strconv.Atoi(m[4])
		r := request{client: m[1], method: m[2], path: m[3], status: status}
		if m[5] != "" {
			// nginx's $request_time is in seconds with milliseconds
			// ("0.012"); a whole number is Apache's %D, in microseconds
			// ("12034": read as seconds it made a 12 ms answer 3 hours),
			// or its %T, in whole seconds: see wholeSeconds below.
			if v, err := strconv.ParseFloat(m[5], 64); err == nil {
				r.ms = v * 1000
				if !strings.Contains(m[5], ".") {
					whole = append(whole, len(reqs))
					maxWhole = max(maxWhole, v)
				}
			}
		}
		reqs = append(reqs, r)
	}
	// Whole numbers are microseconds (%D) unless every one of them is
	// under wholeSeconds: no server answers every request of a log in
	// under 0.1 ms, while %T logs seconds, mostly 0 to a few.
	if maxWhole >= wholeSeconds {
		for _, i := range whole {
			reqs[i].ms /= 1e6
		}
	}
	if err := sc.Err(); err != nil {
		return "", fmt.Errorf("reading the log: %v", err)
	}
	if len(reqs) == 0 {
		if bad == 0 && noReq > 0 {
			return "", &Error{Line: firstNoReq, Col: 1, Msg: "no line of the log has an HTTP request: each is a connection closed before sending one, or not speaking HTTP"}
		}
		if bad > 0 {
			return "", &Error{Line: firstBad, Col: 1, Msg: fmt.Sprintf("no line is in combined or common log format: found %q, expected lines like: 203.0.113.7 - - [10/Oct/2026:13:55:36 +0000] \"GET /index.html HTTP/1.1\" 200 512", clip(firstText, 60))}
		}
		return "", fmt.Errorf("the log is empty")
	}
	b := newBuilder()
	b.comment("Imported from an HTTP access log: %s from %s.", plural(len(reqs), "request", "requests"), plural(countClients(reqs), "client", "clients"))
	if bad > 0 {
		b.comment("Skipped %s not in combined log format (first: line %d).", plural(bad, "line", "lines"), firstBad)
	}
	if noReq > 0 {
		b.comment("Skipped %s with no HTTP request: a connection closed before sending one, or not speaking HTTP (first: line %d).", plural(noReq, "line", "lines"), firstNoReq)
	}
	flow(b, reqs, func(r request) string { return service(r.path) })
	return b.String(), nil
}

// plural writes n and the noun in its singular or plural form.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func countClients(reqs []request) int {
	seen := map[string]bool{}
	for _, r := range reqs {
		seen[r.client] = true
	}
	return len(seen)
}

// service names the part of a site a path belongs to: its first segment
// when more follows it (/api/..., /static/...); a page or file at the root
// (/, /login, /pricing, /favicon.ico) is the website's, not a service of
// its own.
func service(path string) string {
	t := template(path)
	parts := strings.SplitN(strings.TrimPrefix(t, "/"), "/", 2)
	seg := parts[0]
	switch {
	case seg == "" || strings.Contains(seg, ".") || len(parts) == 1 || parts[1] == "":
		return "Website"
	case seg == "{id}":
		return "Service"
	}
	return strings.ToUpper(seg[:1]) + seg[1:] + " service"
}

// flow draws requests as a conversation in log order: each request is a
// message from the client to a node of the route's service, answered by a
// message back to the client, and the next request starts from there, so
// the sequence view shows every request followed by its answer (the
// ping-pong rule) in the order of the log. One client gets its own lane;
// several share a "Clients" lane so that their requests keep the log's
// order, each answer naming the client it went to, and each request
// whose client is not the one the previous answer went to naming the
// client that sent it (else the request would seem to come from the
// previous answer's client).
func flow(b *builder, reqs []request, laneOf func(request) string) {
	shown := squeeze(reqs)
	if len(shown) < len(reqs) {
		b.comment("Identical requests in a row are drawn once (×N).")
	}
	if len(shown) > MaxRequests {
		b.comment("The first %d requests are shown.", MaxRequests)
		shown = shown[:MaxRequests]
	}
	clients := countClients(shown)
	laneName := "Clients"
	if clients == 1 {
		laneName = shown[0].client
		if laneName != "Browser" {
			laneName = "Client " + laneName
		}
	}
	cl := b.lane(laneName)
	for _, r := range shown {
		b.lane(laneOf(r))
	}
	cur := b.newNode(cl, "", "circle", cl.label)
	last := "" // the client the previous answer went to
	for _, r := range shown {
		sl := b.lane(laneOf(r))
		route := r.method + " " + template(r.path)
		if r.times > 1 {
			route += " ×" + strconv.Itoa(r.times)
		}
		dst := b.newNode(sl, "", "rectangle", route)
		// An edge is labelled only when it says more than the step it
		// reaches: a label repeating the step's ("GET /login" to "GET
		// /login") doubled every text of the picture, and the sequence
		// view names an unlabelled message after the step it reaches.
		ask := ""
		if clients > 1 && r.client != last {
			ask = r.client + ": " + route
		}
		last = r.client
		b.edge(cur, dst, ask)
		answer := strconv.Itoa(r.status) + " " + statusText(r.status)
		if r.status == 0 {
			// A HAR's status 0: the request got no answer at all
			// (blocked, cancelled, failed), not "0 OK".
			answer = "no response"
			if r.failure != "" {
				answer += ": " + r.failure
			}
		}
		if r.ms > 0 && r.times > 1 {
			answer += " · up to " + millis(r.ms)
		} else if r.ms > 0 {
			answer += " · " + millis(r.ms)
		}
		got, said := "Receive "+answer, ""
		if r.status == 0 {
			got = strings.ToUpper(answer[:1]) + answer[1:]
		}
		if clients > 1 {
			got, said = r.client+" receives "+strconv.Itoa(r.status), answer
		}
		if r.redirect != "" {
			// Where a redirect leads is what the answer says: without it
			// an http request answered 301 and the https request that
			// follows read the same ("GET /dashboard" twice).
			said = strings.TrimPrefix(said+" to "+r.redirect, " ")
		}
		next := b.newNode(cl, "", "rectangle", got)
		b.edge(dst, next, said)
		cur = next
	}
}

// millis writes a duration: "12 ms", "< 1 ms" (not "0 ms"), "30.0 s"
// from ten seconds on (not "30001 ms").
func millis(ms float64) string {
	switch {
	case ms < 0.5:
		return "< 1 ms"
	case ms >= 10000:
		return fmt.Sprintf("%.1f s", ms/1000)
	}
	return fmt.Sprintf("%.0f ms", ms)
}

// statusText names a status code as HTTP does ("201 Created", "404 Not
// Found"); a code HTTP gives no name gets its class ("299 OK", "599 error").
func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return t
	}
	switch code {
	case 499: // nginx: the client went away before the answer
		return "Client Closed Request"
	case 444: // nginx: the connection was closed without an answer
		return "No Response"
	}
	switch {
	case code >= 500:
		return "error"
	case code >= 400:
		return "refused"
	case code >= 300:
		return "redirect"
	}
	return "OK"
}

// HAR converts an HTTP Archive (a browser's network log).
func HAR(data []byte) (string, error) {
	var har struct {
		Log struct {
			Entries []struct {
				Time    float64 `json:"time"`
				Request struct {
					Method string `json:"method"`
					URL    string `json:"url"`
				} `json:"request"`
				Response struct {
					Status      int    `json:"status"`
					Error       string `json:"_error"`
					RedirectURL string `json:"redirectURL"`
					Headers     []struct {
						Name  string `json:"name"`
						Value string `json:"value"`
					} `json:"headers"`
				} `json:"response"`
				ServerIPAddress string `json:"serverIPAddress"`
			} `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(data, &har); err != nil {
		return "", jsonError(data, "not a HAR file (expected JSON with log.entries)", err)
	}
	if len(har.Log.Entries) == 0 {
		return "", fmt.Errorf("the HAR file has no entries")
	}
	var reqs []request
	skipped := 0
	for i, e := range har.Log.Entries {
		u, err := url.Parse(e.Request.URL)
		if err == nil && u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "ws" && u.Scheme != "wss" && u.Scheme != "" {
			skipped++ // data:, blob:, chrome-extension: and the like never reach a server
			continue
		}
		if err != nil || u.Host == "" {
			return "", jsonErrorAt(data, fmt.Sprintf("entry %d: request URL %q is not absolute: expected a URL with a scheme and a host", i+1, clip(e.Request.URL, 80)),
				"log", "entries", i, "request", "url")
		}
		r := request{client: "Browser", host: u.Host, method: strings.ToUpper(e.Request.Method), path: u.EscapedPath(),
			status: e.Response.Status, ms: e.Time, failure: strings.TrimPrefix(e.Response.Error, "net::")}
		if r.status >= 300 && r.status < 400 {
			loc := e.Response.RedirectURL
			for _, h := range e.Response.Headers {
				if loc == "" && strings.EqualFold(h.Name, "Location") {
					loc = h.Value
				}
			}
			r.redirect = redirectTarget(u, loc)
		}
		reqs = append(reqs, r)
	}
	if len(reqs) == 0 {
		return "", fmt.Errorf("the HAR file has no network requests (%d entries with data: or other local URLs were skipped)", skipped)
	}
	b := newBuilder()
	b.comment("Imported from a HAR file: %s to %s.", plural(len(reqs), "request", "requests"), plural(countHosts(reqs), "host", "hosts"))
	if skipped > 0 {
		b.comment("Skipped %s with data: or other local URLs.", plural(skipped, "entry", "entries"))
	}
	flow(b, reqs, func(r request) string { return r.host })
	return b.String(), nil
}

// redirectTarget shows where a redirect from the request URL from leads:
// the path on the same site ("/login"), the host and path on another
// ("id.example.com/authorize"), the whole URL when only the scheme
// changes ("https://app.example.com/dashboard"). The query is dropped
// (it carries states and codes, not places); "" when loc is not a URL.
func redirectTarget(from *url.URL, loc string) string {
	to, err := url.Parse(strings.TrimSpace(loc))
	if err != nil || loc == "" {
		return ""
	}
	to = from.ResolveReference(to)
	path := template(to.EscapedPath())
	switch {
	case to.Host == from.Host && to.Scheme == from.Scheme:
		return path
	case to.Host == from.Host:
		return to.Scheme + "://" + to.Host + path
	}
	return to.Host + path
}

func countHosts(reqs []request) int {
	seen := map[string]bool{}
	for _, r := range reqs {
		seen[r.host] = true
	}
	return len(seen)
}

// clip shortens s to at most n bytes for a message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
