package server

import (
	"bytes"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"flowzap/web"
)

// wasmAsset serves the WebAssembly build embedded from web/dist/wasm (the
// module, wasm_exec.js and the JS API) at /assets/wasm/: the module as
// application/wasm (so browsers compile it while it downloads), brotli or
// gzip compressed as the client accepts (compressed at build time by make
// wasm), with a strong ETag per encoding and revalidated on each load
// (a 304 costs nothing, and an updated binary is never shadowed by a
// cached module). Asked with ?v= its checksum (the page's boot script
// does, see [indexPage]), the module is cached for good instead: that
// URL names these bytes only, and the browser keeps the machine code it
// compiled for a response it did not revalidate (Chromium drops it when
// a 304 renews the response), so a reload after a session skips most of
// the compiling. A binary built without the module answers 404, and the
// app renders through the server.
func (s *Server) wasmAsset(w http.ResponseWriter, r *http.Request) {
	f := web.WasmFiles()[r.PathValue("file")]
	if f == nil {
		http.NotFound(w, r)
		return
	}
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
	case f.Brotli != nil && enc["br"]:
		body, tag = f.Brotli, tag+"-br"
		h.Set("Content-Encoding", "br")
	case f.Gzip != nil && enc["gzip"]:
		body, tag = f.Gzip, tag+"-gz"
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

// bootTag is the boot script's tag in the web app's index.html.
const bootTag = `<script src="/assets/boot.js"></script>`

// indexPage returns the web app's index.html from assets, its boot
// script tagged with the module's checksum (data-wasm) when the binary
// holds the module, so that the worker asks for the module by a URL that
// names its bytes (see [Server.wasmAsset]).
func indexPage(assets fs.FS) ([]byte, error) {
	b, err := fs.ReadFile(assets, "index.html")
	if err != nil {
		return nil, err
	}
	if f := web.WasmFiles()["flowzap.wasm"]; f != nil && web.HasWasm() {
		tag := `<script src="/assets/boot.js" data-wasm="` + f.Checksum + `"></script>`
		b = bytes.Replace(b, []byte(bootTag), []byte(tag), 1)
	}
	return b, nil
}
