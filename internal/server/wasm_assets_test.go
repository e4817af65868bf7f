package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/andybalholm/brotli"

	"flowzap/web"
)

// TestWasmAssets: the module is served as application/wasm, brotli or
// gzip compressed as the client accepts (decompressing to the exact
// module), with a validator per encoding that answers 304, and the CSP
// lets the page compile WebAssembly.
func TestWasmAssets(t *testing.T) {
	needWasm(t)
	raw := web.WasmFiles()["flowzap.wasm"].Raw
	ts := httptest.NewServer(New(nil, Options{}))
	defer ts.Close()
	get := func(path, enc, etag string) *http.Response {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Header.Set("Accept-Encoding", enc)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	tags := map[string]bool{}
	for _, tc := range []struct{ accept, enc string }{{"gzip, deflate, br", "br"}, {"gzip", "gzip"}, {"br;q=0, gzip", "gzip"}, {"", ""}, {"identity", ""}} {
		res := get("/assets/wasm/flowzap.wasm", tc.accept, "")
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/wasm" || res.Header.Get("Content-Encoding") != tc.enc || res.Header.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("Accept-Encoding %q: %d, type %q, encoding %q (want %q), vary %q", tc.accept, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Encoding"), tc.enc, res.Header.Get("Vary"))
		}
		var r io.Reader = bytes.NewReader(body)
		switch tc.enc {
		case "br":
			r = brotli.NewReader(r)
		case "gzip":
			zr, err := gzip.NewReader(r)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, raw) {
			t.Errorf("Accept-Encoding %q: the body is not the module (%d bytes, %v)", tc.accept, len(got), err)
		}
		if tc.enc == "br" && len(body) > 2500*1000 {
			t.Errorf("the module is %d bytes compressed, over the 2.5 MB budget", len(body))
		}
		etag := res.Header.Get("ETag")
		tags[etag] = true
		if res := get("/assets/wasm/flowzap.wasm", tc.accept, etag); res.StatusCode != http.StatusNotModified {
			t.Errorf("Accept-Encoding %q, If-None-Match %s: %d, want 304", tc.accept, etag, res.StatusCode)
		}
	}
	if len(tags) != 3 {
		t.Errorf("want one ETag per encoding (3), got %v", tags)
	}
	// By the checksum the page names it with, the module is kept for good
	// (the browser then keeps its compiled code too); by any other URL it
	// is revalidated.
	sum := web.WasmFiles()["flowzap.wasm"].Checksum
	for path, want := range map[string]string{
		"/assets/wasm/flowzap.wasm?v=" + sum:  "public, max-age=31536000, immutable",
		"/assets/wasm/flowzap.wasm?v=0" + sum: "no-cache",
		"/assets/wasm/flowzap.wasm":           "no-cache",
	} {
		if cc := get(path, "br", "").Header.Get("Cache-Control"); cc != want {
			t.Errorf("%s: Cache-Control %q, want %q", path, cc, want)
		}
	}
	page := get("/", "", "")
	html, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if !bytes.Contains(html, []byte(`<script src="/assets/boot.js" data-wasm="`+sum+`"></script>`)) {
		t.Errorf("the page does not name the module's checksum for the boot script:\n%.600s", html)
	}
	res := get("/assets/wasm/worker.mjs", "gzip", "")
	if ct := res.Header.Get("Content-Type"); ct != "text/javascript; charset=utf-8" {
		t.Errorf("worker.mjs: Content-Type %q", ct)
	}
	if res := get("/assets/wasm/nothing.wasm", "", ""); res.StatusCode != 404 {
		t.Errorf("an unknown file: %d, want 404", res.StatusCode)
	}
	if csp := get("/", "", "").Header.Get("Content-Security-Policy"); !bytes.Contains([]byte(csp), []byte("script-src 'self' 'wasm-unsafe-eval'")) {
		t.Errorf("the page's CSP does not allow WebAssembly: %q", csp)
	}
}
