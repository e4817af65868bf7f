package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"flowzap/internal/fonts"
	"flowzap/internal/store"
	"flowzap/web"
)

// asset serves a file of the web app at /assets/ (see [assetFiles]):
// the app's bundle and style sheet, the boot script, the icon, the fonts
// and the WebAssembly build (the module, wasm_exec.js and the JS API; the
// module as application/wasm, so browsers compile it while it downloads).
// See [serveFile] for how. index.html is the page at / (see [indexPage]),
// not an asset; an unknown path answers 404 (a binary built without the
// module answers 404 for it, and the app renders through the server).
func (s *Server) asset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("path")
	f := assetFiles()[name]
	if name == cjkFontName {
		f = cjkFont()
	}
	if f == nil || name == "index.html" {
		http.NotFound(w, r)
		return
	}
	serveFile(w, r, f)
}

// assetFiles returns what the server sends under /assets/, by path: the
// files of web/dist (with fonts/cjk-label.ttf), Inter's two TTFs and
// app.css with the fonts it names followed by their checksums (?v=, see
// [versioned]), so that the browser keeps them as it keeps the files the
// page names. The CJK fallback font is apart (see [cjkFont]).
var assetFiles = sync.OnceValue(func() map[string]*web.File {
	out := maps.Clone(web.Files())
	out["fonts/Inter-Regular.ttf"] = web.NewFile("fonts/Inter-Regular.ttf", fonts.Regular)
	out["fonts/Inter-SemiBold.ttf"] = web.NewFile("fonts/Inter-SemiBold.ttf", fonts.SemiBold)
	if css := out["app.css"]; css != nil {
		if b, err := versioned(css.Raw, cssRefs, "fonts/", out, false); err == nil {
			out["app.css"] = web.NewFile("app.css", b)
		}
	}
	return out
})

// cjkFontName is the path under /assets/ of the CJK fallback font (Droid
// Sans Fallback, Apache 2.0, the one PNG and PDF use), which the style
// sheet names with a unicode-range: browsers fetch it only for CJK text
// that no installed font covers, so the Chinese interface and CJK labels
// in the editor read on systems without a CJK font.
const cjkFontName = "fonts/" + fonts.CJKFile

// cjkFont is the CJK fallback font, read (8 MB of fonts inflated) only
// when first asked for; nil in a build without it.
var cjkFont = sync.OnceValue(func() *web.File {
	if data := fonts.CJK(); data != nil {
		return web.NewFile(cjkFontName, data)
	}
	return nil
})

// serveFile sends f brotli or gzip compressed as the client accepts (the
// module compressed at build time by make wasm, text files once, when
// first asked for), with a strong ETag per encoding, revalidated on each
// load (a 304 costs nothing, and an updated binary is never shadowed by
// a cached file). Asked with ?v= its checksum (the page names the files
// it loads so, see [indexPage]; the boot script names the module so),
// the file is cached for good instead: that URL names these bytes only
// (a file of the WebAssembly build may be named by the build's version,
// [web.WasmVersion], as the worker names itself and what it loads), and
// for the module the browser then also keeps the machine code it
// compiled for a response it did not revalidate (Chromium drops it when
// a 304 renews the response), so a reload skips most of the compiling.
func serveFile(w http.ResponseWriter, r *http.Request, f *web.File) {
	h := w.Header()
	h.Set("Content-Type", f.Type)
	if v := r.URL.Query().Get("v"); v != "" && (v == f.Checksum || strings.HasPrefix(f.Name, "wasm/") && v == web.WasmVersion()) {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	body, tag := encoded(h, r, f)
	h.Set("ETag", strconv.Quote(tag))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// encoded returns f's body in the best coding r accepts and its ETag
// (f's checksum and the coding), and sets the headers that say so.
func encoded(h http.Header, r *http.Request, f *web.File) ([]byte, string) {
	h.Set("Vary", "Accept-Encoding")
	switch enc := accepts(r.Header.Get("Accept-Encoding")); {
	case f.Brotli() != nil && enc["br"]:
		h.Set("Content-Encoding", "br")
		return f.Brotli(), f.Checksum + "-br"
	case f.Gzip() != nil && enc["gzip"]:
		h.Set("Content-Encoding", "gzip")
		return f.Gzip(), f.Checksum + "-gz"
	}
	return f.Raw, f.Checksum
}

// linkPage serves the app's page at a link to something stored (a
// diagram, a snapshot or a session): with 404 when find says it is not
// there, so that only links that open something answer 200. Any other
// answer of find (the database away) serves the page as usual: the app
// asks again and says what went wrong.
func (s *Server) linkPage(page *web.File, pageErr error, find func(ctx context.Context, id string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if pageErr != nil {
			http.Error(w, "the web app is not built: "+pageErr.Error(), http.StatusInternalServerError)
			return
		}
		if err := find(r.Context(), r.PathValue("id")); !errors.Is(err, store.ErrNotFound) {
			serveFile(w, r, page)
			return
		}
		h := w.Header()
		h.Set("Content-Type", page.Type)
		h.Set("Cache-Control", "no-cache")
		body, _ := encoded(h, r, page)
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusNotFound)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
	}
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
// files it loads named by their checksums (?v=, see [versioned]), so that
// the browser keeps them until a new build changes them (see
// [serveFile]), and the boot script tagged with the WebAssembly build's
// version (data-wasm, [web.WasmVersion]) when the binary holds the module,
// so that the worker, the scripts it imports and the module are asked for
// by URLs that name their bytes.
func indexPage() (*web.File, error) {
	all := assetFiles()
	index := all["index.html"]
	if index == nil {
		return nil, fmt.Errorf("web/dist/index.html is missing")
	}
	page, err := versioned(index.Raw, pageRefs, "", all, true)
	if err != nil {
		return nil, err
	}
	if web.HasWasm() {
		page = bytes.Replace(page, []byte(`src="/assets/boot.js?v=`+all["boot.js"].Checksum+`"`),
			[]byte(`src="/assets/boot.js?v=`+all["boot.js"].Checksum+`" data-wasm="`+web.WasmVersion()+`"`), 1)
	}
	return web.NewFile("index.html", page), nil
}

// versioned returns b with each reference to a file of files that refs
// finds (its first group the reference up to the file's name, its second
// the name, its path under /assets/ being prefix+name) followed by ?v=
// the file's checksum. A file named that files lacks fails when strict,
// and is left as it is otherwise (the CJK fallback font, which is read
// only when asked for).
func versioned(b []byte, refs *regexp.Regexp, prefix string, files map[string]*web.File, strict bool) ([]byte, error) {
	var missing error
	out := refs.ReplaceAllFunc(b, func(ref []byte) []byte {
		m := refs.FindSubmatch(ref)
		f := files[prefix+string(m[2])]
		if f == nil && !strict {
			return ref
		}
		if f == nil {
			missing = fmt.Errorf("web/dist names /assets/%s%s, which the server does not have", prefix, m[2])
			return ref
		}
		return []byte(string(m[1]) + string(m[2]) + "?v=" + f.Checksum + string(m[3]))
	})
	return out, missing
}

// pageRefs finds the files of /assets/ that index.html names
// (src="/assets/NAME" or href="/assets/NAME"); cssRefs the fonts that
// app.css names (url(fonts/NAME.ttf)).
var (
	pageRefs = regexp.MustCompile(`((?:src|href)="/assets/)([A-Za-z0-9_.-]+)(")`)
	cssRefs  = regexp.MustCompile(`(url\(fonts/)([A-Za-z0-9_.-]+\.ttf)(\))`)
)
