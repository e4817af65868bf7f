package server

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"flowzap/web"
)

// asset serves a file of the built front end (web/dist, embedded) at
// /assets/: the app's bundle and style sheet, the boot script, the icon
// and the WebAssembly build (the module, wasm_exec.js and the JS API; the
// module as application/wasm, so browsers compile it while it downloads).
// See [serveFile] for how. index.html is the page at / (see [indexPage]),
// not an asset; an unknown path answers 404 (a binary built without the
// module answers 404 for it, and the app renders through the server).
func (s *Server) asset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("path")
	f := web.Files()[name]
	if f == nil || name == "index.html" {
		http.NotFound(w, r)
		return
	}
	serveFile(w, r, f)
}

// serveFile sends f brotli or gzip compressed as the client accepts (the
// module compressed at build time by make wasm, text files once, when
// first asked for), with a strong ETag per encoding, revalidated on each
// load (a 304 costs nothing, and an updated binary is never shadowed by
// a cached file). Asked with ?v= its checksum (the page names the files
// it loads so, see [indexPage]; the boot script names the module so),
// the file is cached for good instead: that URL names these bytes only,
// and for the module the browser then also keeps the machine code it
// compiled for a response it did not revalidate (Chromium drops it when
// a 304 renews the response), so a reload skips most of the compiling.
func serveFile(w http.ResponseWriter, r *http.Request, f *web.File) {
	h := w.Header()
	h.Set("Content-Type", f.Type)
	if v := r.URL.Query().Get("v"); v != "" && v == f.Checksum {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("Vary", "Accept-Encoding")
	body, tag := f.Raw, f.Checksum
	switch enc := accepts(r.Header.Get("Accept-Encoding")); {
	case f.Brotli() != nil && enc["br"]:
		body, tag = f.Brotli(), tag+"-br"
		h.Set("Content-Encoding", "br")
	case f.Gzip() != nil && enc["gzip"]:
		body, tag = f.Gzip(), tag+"-gz"
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", strconv.Quote(tag))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// accepts returns the content codings of an Accept-Encoding header that
// are not refused with q=0.
func accepts(header string) map[string]bool {
	out := map[string]bool{}
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		if q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
			continue
		}
		out[name] = true
	}
	return out
}

// indexPage returns the web app's page made from dist/index.html: the
// files it loads named by their checksums (?v=), so that the browser
// keeps them until a new build changes them (see [serveFile]), and the
// boot script tagged with the module's checksum (data-wasm) when the
// binary holds the module, so that the worker asks for the module by a
// URL that names its bytes. A file the page names that dist/ lacks fails.
func indexPage() (*web.File, error) {
	all := web.Files()
	index := all["index.html"]
	if index == nil {
		return nil, fmt.Errorf("web/dist/index.html is missing")
	}
	page := string(index.Raw)
	for _, ref := range assetRefs.FindAllStringSubmatch(page, -1) {
		f := all[ref[2]]
		if f == nil {
			return nil, fmt.Errorf("web/dist/index.html names %s, which web/dist lacks", ref[2])
		}
		versioned := ref[1] + "/assets/" + ref[2] + "?v=" + f.Checksum + `"`
		if ref[2] == "boot.js" && web.HasWasm() {
			versioned += ` data-wasm="` + web.WasmFiles()["flowzap.wasm"].Checksum + `"`
		}
		page = strings.Replace(page, ref[0], versioned, 1)
	}
	return web.NewFile("index.html", []byte(page)), nil
}

// assetRefs finds the files of dist/ that index.html names: src="/assets/
// NAME" or href="/assets/NAME".
var assetRefs = regexp.MustCompile(`((?:src|href)=")/assets/([A-Za-z0-9_.-]+)"`)
