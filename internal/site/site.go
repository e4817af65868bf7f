// Package site writes the static playground (`flowzap site -o DIR`): the
// web app's editor, the template gallery and the WebAssembly module as
// plain files that any static host can serve, with no flowzap server
// behind them. In the page, rendering, checking, quick fixes, Format and
// the text exports run in the module; sharing uses #code= links; saving
// writes local files; the gallery reads JSON and SVG files written here.
// See docs/site.md.
package site

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/rasterizer"

	"flowzap/gallery"
	"flowzap/internal/fonts"
	"flowzap/internal/pipeline"
	"flowzap/web"
)

// ErrNoModule says the binary was built without the WebAssembly module,
// which the static site cannot work without.
var ErrNoModule = errors.New("this flowzap binary was built without the WebAssembly module, which the static site runs on: build it with `make build` (or run `make wasm` before `go build ./cmd/flowzap`)")

// hasWasm is web.HasWasm (a test takes the module away).
var hasWasm = web.HasWasm

// Summary says what [Write] wrote.
type Summary struct {
	Files int
	Bytes int64
}

// Files returns the site's files by slash-separated path. It fails with
// [ErrNoModule] when the binary holds no module.
func Files() (map[string][]byte, error) {
	if !hasWasm() {
		return nil, ErrNoModule
	}
	out := map[string][]byte{}
	for _, name := range []string{"app.js", "app.css", "favicon.svg", "boot.js", "fonts/cjk-label.ttf"} {
		b, err := fs.ReadFile(web.Assets, "dist/"+name)
		if err != nil {
			return nil, fmt.Errorf("the web app is not built (%v): run go run ./tools/bundle", err)
		}
		out["assets/"+name] = b
	}
	index, err := fs.ReadFile(web.Assets, "dist/index.html")
	if err != nil {
		return nil, fmt.Errorf("the web app is not built (%v): run go run ./tools/bundle", err)
	}
	page, err := staticIndex(index)
	if err != nil {
		return nil, err
	}
	out["index.html"] = page
	out["assets/fonts/Inter-Regular.ttf"] = fonts.Regular
	out["assets/fonts/Inter-SemiBold.ttf"] = fonts.SemiBold
	if data := fonts.CJK(); data != nil {
		out["assets/"+cjkFallback] = data
	}
	for name, f := range web.WasmFiles() {
		out["assets/wasm/"+name] = f.Raw
		// For hosts that send precompressed files as they are (nginx's
		// gzip_static and brotli_static, and others).
		if strings.HasSuffix(name, ".wasm") { // the rendering and the import modules
			if gz := f.Gzip(); gz != nil {
				out["assets/wasm/"+name+".gz"] = gz
			}
			if br := f.Brotli(); br != nil {
				out["assets/wasm/"+name+".br"] = br
			}
		}
	}
	if err := templates(out); err != nil {
		return nil, err
	}
	icons, err := appIcons(out["assets/favicon.svg"])
	if err != nil {
		return nil, err
	}
	maps.Copy(out, icons)
	out["manifest.webmanifest"] = []byte(manifest)
	out["_headers"] = []byte(headers)
	out["sw.js"] = serviceWorker(out)
	return out, nil
}

//go:embed sw.js
var swSource string

// serviceWorker returns sw.js, the site's service worker (see the
// comment at its top): swSource after two lines, VERSION (a checksum of
// every file it keeps, so a new build installs a new worker) and FILES,
// the files it keeps at once. shell is what the site needs to open and
// draw: every file but the thumbnails, the precompressed copies of the
// module (hosts send them in its place), the CJK fallback font (4 MB,
// fetched and then kept only for CJK text) and _headers; extra is the
// thumbnails.
func serviceWorker(files map[string][]byte) []byte {
	var shell, extra []string
	for name := range files {
		switch {
		case name == "_headers" || name == "sw.js" || name == "assets/"+cjkFallback ||
			strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".br"):
		case strings.HasPrefix(name, "assets/templates/") && strings.HasSuffix(name, ".svg"):
			extra = append(extra, name)
		default:
			shell = append(shell, name)
		}
	}
	sort.Strings(shell)
	sort.Strings(extra)
	sum := sha256.New()
	for _, name := range append(slices.Clone(shell), extra...) {
		fmt.Fprintf(sum, "%s %d\n", name, len(files[name]))
		sum.Write(files[name])
	}
	list, _ := json.Marshal(map[string][]string{"shell": shell, "extra": extra})
	return fmt.Appendf(nil, "const VERSION = %q;\nconst FILES = %s;\n\n%s", hex.EncodeToString(sum.Sum(nil))[:16], list, swSource)
}

// manifest is the web app manifest: with it and the service worker,
// browsers offer to install the site as an app of its own window, which
// opens offline. Its paths are relative to it (the site may live in a
// subdirectory).
const manifest = `{
  "name": "flowzap playground",
  "short_name": "flowzap",
  "description": "Diagrams as code: write FlowZap Code and see it as a workflow, a sequence diagram, an architecture diagram or a mind map. Works offline.",
  "start_url": "./",
  "scope": "./",
  "display": "standalone",
  "background_color": "#f8fafc",
  "theme_color": "#1d4ed8",
  "icons": [
    {"src": "assets/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
    {"src": "assets/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
    {"src": "assets/icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    {"src": "assets/favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}
  ]
}
`

// appIcons draws the app's icon (favicon.svg: a rounded square and the
// mark on it) as the PNG icons the manifest names: 192 and 512 px as it
// is, and 512 px "maskable" (launchers cut such an icon to their own
// shape): the square to the edges and the mark scaled into the middle
// 80%, the zone no launcher cuts.
func appIcons(favicon []byte) (map[string][]byte, error) {
	bad := func(why string) error {
		return fmt.Errorf("web/dist/favicon.svg: %s: the app's icons cannot be drawn from it", why)
	}
	src := string(favicon)
	open, rest, ok := strings.Cut(src, ">")
	if !ok || !strings.HasPrefix(open, "<svg") || !strings.Contains(open, `viewBox="0 0 32 32"`) {
		return nil, bad(`no <svg viewBox="0 0 32 32"> at its start`)
	}
	body, _, ok := strings.Cut(rest, "</svg>")
	back, mark, ok2 := strings.Cut(body, "/>")
	if !ok || !ok2 || !strings.HasPrefix(back, `<rect width="32" height="32"`) {
		return nil, bad("its first element is not the 32×32 square behind the mark")
	}
	square := regexp.MustCompile(` rx="[0-9.]+"`).ReplaceAllString(back, "") + "/>"
	maskable := open + ">" + square + `<g transform="translate(3.2 3.2) scale(0.8)">` + mark + "</g></svg>"
	out := map[string][]byte{}
	for _, icon := range []struct {
		name, svg string
		px        float64
	}{{"assets/icon-192.png", src, 192}, {"assets/icon-512.png", src, 512}, {"assets/icon-maskable-512.png", maskable, 512}} {
		c, err := canvas.ParseSVG(strings.NewReader(icon.svg))
		if err != nil {
			return nil, bad(err.Error())
		}
		w, _ := c.Size()
		var buf bytes.Buffer
		if err := png.Encode(&buf, rasterizer.Draw(c, canvas.DPMM(icon.px/w), canvas.DefaultColorSpace)); err != nil {
			return nil, err
		}
		out[icon.name] = buf.Bytes()
	}
	return out, nil
}

// cjkFallback is the CJK fallback font's path under assets/.
const cjkFallback = "fonts/" + fonts.CJKFile

// headers is _headers, the header rules of the hosts that read that file
// (Netlify, Cloudflare Pages): the two headers that make the page
// cross-origin isolated, so that it reads its pictures from memory shared
// with the module's worker (docs/wasm.md). Elsewhere it is an unused file
// and the page uses the worker's messages.
const headers = `/*
  Cross-Origin-Opener-Policy: same-origin
  Cross-Origin-Embedder-Policy: require-corp
`

// csp is the static page's policy: its own files only (the module needs
// 'wasm-unsafe-eval'), so the page cannot talk to any other site.
const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'">`

// staticIndex turns the server's page into the static one: asset paths
// relative to the page (the site may live in a subdirectory), the home
// link to the page itself, the static mark the app reads, and the CSP.
func staticIndex(b []byte) ([]byte, error) {
	s := string(b)
	for _, r := range []struct{ from, to string }{
		{`<html lang="en">`, `<html lang="en" data-static="1">`},
		{`<meta charset="utf-8">`, `<meta charset="utf-8">` + "\n" + csp + "\n" + `<link rel="manifest" href="manifest.webmanifest">` + "\n" + `<meta name="theme-color" content="#1d4ed8">`},
		{`href="/" id="home"`, `href="./" id="home"`},
	} {
		if !strings.Contains(s, r.from) {
			return nil, fmt.Errorf("web/dist/index.html has no %s: the static page cannot be made from it", r.from)
		}
		s = strings.Replace(s, r.from, r.to, 1)
	}
	s = strings.ReplaceAll(s, `"/assets/`, `"assets/`)
	return []byte(s), nil
}

// index is assets/templates/index.json: what /api/templates answers
// without a query, with each template's code and search text.
type index struct {
	Categories   []gallery.Category `json:"categories"`
	Complexities []string           `json:"complexities"`
	Templates    []indexEntry       `json:"templates"`
}

type indexEntry struct {
	gallery.Template
	Search string `json:"search"`
}

// templates writes the gallery: the index (every template with its code
// and search text) and each thumbnail in both themes.
func templates(out map[string][]byte) error {
	idx := index{Categories: gallery.Categories, Complexities: gallery.Complexities}
	for _, t := range gallery.All() {
		full, _ := gallery.Get(t.ID)
		// The code is in the index, so a template opens without the
		// network once the gallery has been loaded.
		idx.Templates = append(idx.Templates, indexEntry{Template: full, Search: gallery.SearchText(t)})
		r := pipeline.Check(t.ID+".fz", []byte(full.Code), pipeline.Options{})
		for _, theme := range []string{"light", "dark"} {
			var buf bytes.Buffer
			if err := pipeline.Render(&buf, r, pipeline.RenderOptions{View: t.View, Theme: theme}); err != nil {
				return fmt.Errorf("template %s: %v", t.ID, err)
			}
			svg := buf.Bytes()
			if i := bytes.Index(svg, []byte("<svg")); i > 0 {
				svg = svg[i:]
			}
			out["assets/templates/"+t.ID+"."+theme+".svg"] = svg
		}
	}
	b, err := json.Marshal(idx)
	if err != nil {
		return err
	}
	out["assets/templates/index.json"] = b
	return nil
}

// Write writes the site to dir. dir must be new or empty unless force is
// set (then the site's files replace those of the same name; other files
// stay). Each file is written whole under a temporary name and renamed,
// so an interrupted run leaves no truncated file.
func Write(dir string, force bool) (Summary, error) {
	var sum Summary
	if dir == "" {
		return sum, errors.New("no output directory")
	}
	if st, err := os.Stat(dir); err == nil {
		if !st.IsDir() {
			return sum, fmt.Errorf("%s is a file, not a directory", dir)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return sum, err
		}
		if len(entries) > 0 && !force {
			what := fmt.Sprintf("%d entries", len(entries))
			if len(entries) == 1 {
				what = "it holds " + entries[0].Name()
			}
			return sum, fmt.Errorf("%s is not empty (%s): choose a new or empty directory, or pass --force to write over the site's files in it", dir, what)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return sum, err
	}
	files, err := Files()
	if err != nil {
		return sum, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return sum, err
		}
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, files[name], 0o644); err != nil {
			os.Remove(tmp)
			return sum, err
		}
		if err := os.Rename(tmp, path); err != nil {
			os.Remove(tmp)
			return sum, err
		}
		sum.Files++
		sum.Bytes += int64(len(files[name]))
	}
	return sum, nil
}
