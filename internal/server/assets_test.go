package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"flowzap/web"
)

// assetClient gets paths of a test server with an Accept-Encoding and,
// when given, an If-None-Match.
type assetClient struct {
	t    *testing.T
	base string
}

func (c assetClient) get(path, enc, etag string) *http.Response {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.base+path, nil)
	req.Header.Set("Accept-Encoding", enc)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return res
}

// checkEncodings gets path with each Accept-Encoding a browser or a tool
// may send and checks the answer: the media type, the encoding chosen,
// Vary, the body decompressing to want exactly, a validator per encoding
// that answers 304, and Cache-Control (no-cache: revalidated on each
// load). A file under 1 KB comes as it is whatever the client accepts.
// It returns the bodies' sizes by encoding.
func (c assetClient) checkEncodings(path, mediaType string, want []byte) map[string]int {
	c.t.Helper()
	tags, sizes := map[string]bool{}, map[string]int{}
	for _, tc := range []struct{ accept, enc string }{{"gzip, deflate, br", "br"}, {"gzip", "gzip"}, {"br;q=0, gzip", "gzip"}, {"", ""}, {"identity", ""}} {
		if len(want) < 1024 {
			tc.enc = ""
		}
		res := c.get(path, tc.accept, "")
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != mediaType || res.Header.Get("Content-Encoding") != tc.enc || res.Header.Get("Vary") != "Accept-Encoding" || res.Header.Get("Cache-Control") != "no-cache" {
			c.t.Fatalf("%s, Accept-Encoding %q: %d, type %q (want %q), encoding %q (want %q), vary %q, cache %q", path, tc.accept, res.StatusCode, res.Header.Get("Content-Type"), mediaType, res.Header.Get("Content-Encoding"), tc.enc, res.Header.Get("Vary"), res.Header.Get("Cache-Control"))
		}
		var r io.Reader = bytes.NewReader(body)
		switch tc.enc {
		case "br":
			r = brotli.NewReader(r)
		case "gzip":
			zr, err := gzip.NewReader(r)
			if err != nil {
				c.t.Fatal(err)
			}
			r = zr
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, want) {
			c.t.Errorf("%s, Accept-Encoding %q: the body is not the file (%d bytes, %v)", path, tc.accept, len(got), err)
		}
		sizes[tc.enc] = len(body)
		etag := res.Header.Get("ETag")
		tags[etag] = true
		if res := c.get(path, tc.accept, etag); res.StatusCode != http.StatusNotModified {
			c.t.Errorf("%s, Accept-Encoding %q, If-None-Match %s: %d, want 304", path, tc.accept, etag, res.StatusCode)
		}
	}
	if len(tags) != 3 && len(want) >= 1024 || len(tags) != 1 && len(want) < 1024 {
		c.t.Errorf("%s: want one ETag per encoding (3), got %v", path, tags)
	}
	return sizes
}

// TestWasmAssets: the module is served as application/wasm, brotli or
// gzip compressed as the client accepts (decompressing to the exact
// module), with a validator per encoding that answers 304, and the CSP
// lets the page compile WebAssembly.
func TestWasmAssets(t *testing.T) {
	needWasm(t)
	raw := web.WasmFiles()["flowzap.wasm"].Raw
	ts := httptest.NewServer(New(nil, Options{RateLimit: 1000, Burst: 1000}))
	defer ts.Close()
	c := assetClient{t, ts.URL}
	if sizes := c.checkEncodings("/assets/wasm/flowzap.wasm", "application/wasm", raw); sizes["br"] > 2500*1000 {
		t.Errorf("the module is %d bytes compressed, over the 2.5 MB budget", sizes["br"])
	}
	// By its checksum, or by the build's version the page names (for the
	// worker, its scripts and the module alike), a file of the build is
	// kept for good (the browser then keeps the module's compiled code
	// too); by any other URL it is revalidated. The version is not the
	// checksum of a file outside the build.
	sum, version := web.WasmFiles()["flowzap.wasm"].Checksum, web.WasmVersion()
	if len(version) != 20 || version == sum {
		t.Errorf("the build's version %q: want 20 hex digits, not the module's checksum", version)
	}
	for path, want := range map[string]string{
		"/assets/wasm/flowzap.wasm?v=" + sum:     "public, max-age=31536000, immutable",
		"/assets/wasm/flowzap.wasm?v=" + version: "public, max-age=31536000, immutable",
		"/assets/wasm/worker.mjs?v=" + version:   "public, max-age=31536000, immutable",
		"/assets/wasm/core.mjs?v=" + version:     "public, max-age=31536000, immutable",
		"/assets/wasm/wasm_exec.js?v=" + version: "public, max-age=31536000, immutable",
		"/assets/app.js?v=" + version:            "no-cache",
		"/assets/wasm/flowzap.wasm?v=0" + sum:    "no-cache",
		"/assets/wasm/worker.mjs?v=0" + version:  "no-cache",
		"/assets/wasm/flowzap.wasm":              "no-cache",
	} {
		if cc := c.get(path, "br", "").Header.Get("Cache-Control"); cc != want {
			t.Errorf("%s: Cache-Control %q, want %q", path, cc, want)
		}
	}
	page := c.get("/", "", "")
	html, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if !regexp.MustCompile(`<script src="/assets/boot\.js\?v=[0-9a-f]{20}" data-wasm="` + version + `"></script>`).Match(html) {
		t.Errorf("the page does not name the build's version for the boot script:\n%.600s", html)
	}
	res := c.get("/assets/wasm/worker.mjs", "gzip", "")
	if ct := res.Header.Get("Content-Type"); ct != "text/javascript; charset=utf-8" {
		t.Errorf("worker.mjs: Content-Type %q", ct)
	}
	if res := c.get("/assets/wasm/nothing.wasm", "", ""); res.StatusCode != 404 {
		t.Errorf("an unknown file: %d, want 404", res.StatusCode)
	}
	if csp := c.get("/", "", "").Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self' 'wasm-unsafe-eval'") {
		t.Errorf("the page's CSP does not allow WebAssembly: %q", csp)
	}
}

// TestAppAssets: the page and the files it loads (the bundle, the style
// sheet, the boot script) come compressed as the client accepts, with a
// validator per encoding; the page names each file by its checksum, and
// by that URL the file is kept for good, so that a visit after the first
// downloads none of them; the page itself is revalidated (304). index.html
// is not an asset, and /assets/ lists nothing.
func TestAppAssets(t *testing.T) {
	ts := httptest.NewServer(New(nil, Options{RateLimit: 1000, Burst: 1000}))
	defer ts.Close()
	c := assetClient{t, ts.URL}
	res := c.get("/", "", "")
	html, _ := io.ReadAll(res.Body)
	res.Body.Close()
	c.checkEncodings("/", "text/html; charset=utf-8", html)
	refs := regexp.MustCompile(`(?:src|href)="/assets/([a-z.]+)\?v=([0-9a-f]{20})"`).FindAllSubmatch(html, -1)
	named := map[string]bool{}
	for _, ref := range refs {
		name, sum := string(ref[1]), string(ref[2])
		named[name] = true
		f := assetFiles()[name]
		if f == nil || f.Checksum != sum {
			t.Fatalf("the page names %s?v=%s, which is not that file's checksum", name, sum)
		}
		sizes := c.checkEncodings("/assets/"+name, f.Type, f.Raw)
		if len(f.Raw) > 10000 && sizes["br"]*2 > len(f.Raw) {
			t.Errorf("%s: %d bytes, %d with brotli: not compressed", name, len(f.Raw), sizes["br"])
		}
		res := c.get("/assets/"+name+"?v="+sum, "br, gzip", "")
		res.Body.Close()
		if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s?v=%s: Cache-Control %q, want immutable", name, sum, cc)
		}
	}
	for _, name := range []string{"app.js", "app.css", "boot.js", "favicon.svg"} {
		if !named[name] {
			t.Errorf("the page does not name %s by its checksum:\n%.800s", name, html)
		}
	}
	if ct := c.get("/assets/app.css", "", "").Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("app.css: Content-Type %q", ct)
	}
	// The style sheet names its fonts by checksum too, but the CJK
	// fallback font (read only when asked for).
	css := string(assetFiles()["app.css"].Raw)
	for _, name := range []string{"Inter-Regular.ttf", "Inter-SemiBold.ttf", "cjk-label.ttf"} {
		f := assetFiles()["fonts/"+name]
		if f == nil || !strings.Contains(css, "url(fonts/"+name+"?v="+f.Checksum+")") {
			t.Errorf("app.css does not name fonts/%s by its checksum", name)
			continue
		}
		sizes := c.checkEncodings("/assets/fonts/"+name, "font/ttf", f.Raw)
		if len(f.Raw) > 10000 && sizes["br"]*2 > len(f.Raw) {
			t.Errorf("fonts/%s: %d bytes, %d with brotli: not compressed", name, len(f.Raw), sizes["br"])
		}
	}
	if !strings.Contains(css, "url(fonts/cjk-fallback.ttf)") {
		t.Error("app.css does not name the CJK fallback font")
	}
	for _, path := range []string{"/assets/", "/assets/index.html", "/assets/nothing.js", "/assets/wasm/", "/assets/wasm/flowzap.wasm.br"} {
		if res := c.get(path, "", ""); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
}
