package importer

import (
	"strconv"
	"strings"
	"testing"
)

// TestTemplateRoutes: a route reads as its authors wrote it: query
// dropped, percent-encoding decoded, and every identifier (numbers,
// UUIDs, hex digests, business keys with a run of digits, dates) a
// {id}, while words, versions and file names stay.
func TestTemplateRoutes(t *testing.T) {
	for in, want := range map[string]string{
		"/api/v2/invoices/INV-2026-0441/attachments":                  "/api/v2/invoices/{id}/attachments",
		"/api/orders/ord_88231":                                       "/api/orders/{id}",
		"/reports/2026-11-30/daily":                                   "/reports/{id}/daily",
		"/api/orders/1042/items/3":                                    "/api/orders/{id}/items/{id}",
		"/u/3f2a9c1e-7b3d-4e8a-9c0f-1d2e3f4a5b6c/avatar":              "/u/{id}/avatar",
		"/blobs/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d": "/blobs/{id}",
		"/files/Quarterly%20report%20%E2%80%93%20Q3":                  "/files/Quarterly report – Q3",
		"/search/acme%20gmbh?types=customer":                          "/search/acme gmbh",
		"/a%2Fb/c":                                                    "/a%2Fb/c",
		"/api/v2/oauth2/sha256/x509":                                  "/api/v2/oauth2/sha256/x509",
		"/static/js/app.3f9a1c.js":                                    "/static/js/app.3f9a1c.js",
		"/assets/fonts/inter-var.woff2":                               "/assets/fonts/inter-var.woff2",
		"/":                                                           "/",
		"":                                                            "/",
	} {
		if got := template(in); got != want {
			t.Errorf("template(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRootPagesAreWebsite: a page or file at the root of a site (/login,
// /pricing, /healthz, /favicon.ico) belongs to the website's lane, not
// to a service named after it; a first segment with more below it is a
// service.
func TestRootPagesAreWebsite(t *testing.T) {
	for in, want := range map[string]string{
		"/": "Website", "/login": "Website", "/pricing/": "Website", "/healthz?full=1": "Website", "/favicon.ico": "Website",
		"/api/login": "Api service", "/settings/team": "Settings service", "/static/app.js": "Static service", "/42/edit": "Service",
	} {
		if got := service(in); got != want {
			t.Errorf("service(%q) = %q, want %q", in, got, want)
		}
	}
	log := strings.Join([]string{
		`203.0.113.7 - - [30/Nov/2026:09:00:00 +0000] "GET /login HTTP/1.1" 200 10 "-" "x"`,
		`203.0.113.7 - - [30/Nov/2026:09:00:01 +0000] "POST /login HTTP/1.1" 302 10 "-" "x"`,
		`203.0.113.7 - - [30/Nov/2026:09:00:02 +0000] "GET /healthz HTTP/1.1" 200 10 "-" "x"`,
		`203.0.113.7 - - [30/Nov/2026:09:00:03 +0000] "GET /api/me HTTP/1.1" 200 10 "-" "x"`,
	}, "\n")
	code, err := AccessLog([]byte(log))
	if err != nil {
		t.Fatal(err)
	}
	if lanes, _, _ := strict(t, code); lanes != 3 {
		t.Errorf("want 3 lanes (client, website, api), got %d:\n%s", lanes, code)
	}
}

// TestRepeatsDrawnOnce: identical requests in a row (same client, route
// and answer: a poll, a health check) are one request "×N" with the
// longest time, so a log of repeats does not fill the picture (and the
// request limit) with copies; a different client, status or route in
// between keeps them apart.
func TestRepeatsDrawnOnce(t *testing.T) {
	line := func(ip, path string, status int, secs string) string {
		return ip + ` - - [30/Nov/2026:09:00:00 +0000] "GET ` + path + ` HTTP/1.1" ` + strconv.Itoa(status) + ` 10 "-" "x" ` + secs
	}
	log := strings.Join([]string{
		line("10.0.0.1", "/api/jobs/17", 200, "0.010"),
		line("10.0.0.1", "/api/jobs/18", 200, "0.030"),
		line("10.0.0.1", "/api/jobs/19?x=1", 200, "0.020"),
		line("10.0.0.1", "/api/jobs/19", 503, "0.020"),
		line("10.0.0.1", "/healthz", 200, "0.001"),
		line("10.0.0.1", "/healthz", 200, "0.001"),
	}, "\n")
	code, err := AccessLog([]byte(log))
	if err != nil {
		t.Fatal(err)
	}
	strict(t, code)
	got := strings.Join(flowLabels(t, code), "|")
	want := "GET /api/jobs/{id} ×3|Receive 200 OK · up to 30 ms|GET /api/jobs/{id}|Receive 503 Service Unavailable · 20 ms|GET /healthz ×2|Receive 200 OK · up to 1 ms"
	if got != want {
		t.Errorf("messages\n%s\nwant\n%s\n%s", got, want, code)
	}
	if !strings.Contains(code, "Identical requests in a row are drawn once") {
		t.Errorf("no comment on the squeezed requests:\n%s", code)
	}
}
