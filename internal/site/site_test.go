package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"flowzap/gallery"
	"flowzap/web"
)

// needWasm fails in CI (and skips elsewhere) when the test binary was
// built without the WebAssembly module (make test builds it first).
func needWasm(t *testing.T) {
	t.Helper()
	if web.HasWasm() {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal("web/dist/wasm is missing: make test builds it first (make wasm)")
	}
	t.Skip("web/dist/wasm is missing: run make wasm")
}

// TestWrite: the files of the site, the refusal of a directory that is
// not empty, --force, and a file where the directory should be.
func TestWrite(t *testing.T) {
	needWasm(t)
	dir := filepath.Join(t.TempDir(), "site")
	sum, err := Write(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "assets/app.js", "assets/boot.js", "assets/app.css", "assets/fonts/Inter-Regular.ttf",
		"assets/wasm/flowzap.wasm", "assets/wasm/flowzap.wasm.gz", "assets/wasm/worker.mjs", "assets/wasm/wasm_exec.js",
		"assets/templates/index.json", "assets/templates/api-gateway.light.svg", "assets/templates/api-gateway.dark.svg"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("missing %s: %v", name, err)
		}
	}
	page, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if !strings.Contains(string(page), `data-static="1"`) || strings.Contains(string(page), `"/assets/`) || !strings.Contains(string(page), "'wasm-unsafe-eval'") {
		t.Errorf("index.html is not the static page:\n%s", page)
	}
	css, _ := os.ReadFile(filepath.Join(dir, "assets/app.css"))
	if strings.Contains(string(css), "url(/") {
		t.Errorf("app.css names files by absolute paths, which break in a subdirectory")
	}
	var idx struct {
		Templates []struct {
			ID, Code, Search string
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "assets/templates/index.json"))
	if err := json.Unmarshal(b, &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Templates) != len(gallery.All()) || len(idx.Templates) < 100 {
		t.Errorf("the index has %d templates, the library %d", len(idx.Templates), len(gallery.All()))
	}
	for _, tpl := range idx.Templates {
		full, _ := gallery.Get(tpl.ID)
		if tpl.Code != full.Code || tpl.Search == "" {
			t.Errorf("template %s: code or search text missing", tpl.ID)
		}
	}
	if files, _ := os.ReadDir(dir); sum.Files < 200 || len(files) != 5 {
		t.Errorf("wrote %d files, %d entries at the top (want index.html, sw.js, manifest.webmanifest, _headers and assets)", sum.Files, len(files))
	}
	if !strings.Contains(string(page), `<link rel="manifest" href="manifest.webmanifest">`) {
		t.Errorf("index.html does not link the manifest")
	}
	var man struct {
		Name     string
		StartURL string `json:"start_url"`
		Icons    []struct{ Src, Sizes, Purpose string }
	}
	if b, err := os.ReadFile(filepath.Join(dir, "manifest.webmanifest")); err != nil || json.Unmarshal(b, &man) != nil || man.StartURL != "./" || len(man.Icons) < 3 {
		t.Errorf("manifest.webmanifest: %v %+v", err, man)
	}
	for _, icon := range man.Icons {
		b, err := os.ReadFile(filepath.Join(dir, icon.Src))
		if err != nil {
			t.Errorf("the manifest names %s: %v", icon.Src, err)
			continue
		}
		if strings.HasSuffix(icon.Src, ".png") {
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil || fmt.Sprintf("%dx%d", img.Bounds().Dx(), img.Bounds().Dy()) != icon.Sizes {
				t.Errorf("%s: not a %s PNG (%v)", icon.Src, icon.Sizes, err)
				continue
			}
			// Opaque where a launcher's mask may cut (maskable), or
			// transparent in the square's rounded corners (any).
			_, _, _, a := img.At(0, 0).RGBA()
			if (icon.Purpose == "maskable") != (a == 0xffff) {
				t.Errorf("%s (%s): its corner's alpha is %d", icon.Src, icon.Purpose, a)
			}
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "_headers")); !strings.Contains(string(b), "Cross-Origin-Embedder-Policy: require-corp") || !strings.Contains(string(b), "Cross-Origin-Opener-Policy: same-origin") {
		t.Errorf("_headers does not ask for cross-origin isolation:\n%s", b)
	}

	// Not empty: refused, nothing changed; --force writes over.
	os.WriteFile(filepath.Join(dir, "assets/app.js"), []byte("old"), 0o644)
	if _, err := Write(dir, false); err == nil || !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("a directory that is not empty: %v, want a refusal naming --force", err)
	}
	one := t.TempDir()
	os.WriteFile(filepath.Join(one, "mine.txt"), []byte("x"), 0o644)
	if _, err := Write(one, false); err == nil || !strings.Contains(err.Error(), "is not empty (it holds mine.txt)") {
		t.Errorf("a directory holding one file: %v, want it named", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "assets/app.js")); string(b) != "old" {
		t.Errorf("a refused write changed files")
	}
	os.WriteFile(filepath.Join(dir, "mine.txt"), []byte("keep"), 0o644)
	if _, err := Write(dir, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "assets/app.js")); string(b) == "old" {
		t.Errorf("--force did not write over the site's files")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "mine.txt")); string(b) != "keep" {
		t.Errorf("--force removed a file that is not the site's")
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "*", "*.tmp"))
	if len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := Write(file, true); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("a file as DIR: %v", err)
	}
}

// TestServiceWorker: sw.js keeps every file the site needs to open and
// draw, and the thumbnails, but not the module's compressed copies, the
// 4 MB CJK font or _headers; its version is the same for the same files
// and changes with any of them.
func TestServiceWorker(t *testing.T) {
	needWasm(t)
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	k := swFiles(t, files["sw.js"])
	if !strings.Contains(string(files["sw.js"]), swSource) {
		t.Errorf("sw.js does not end with the worker's code")
	}
	shell := map[string]bool{}
	for _, name := range k.shell {
		shell[name] = true
	}
	for _, name := range []string{"index.html", "assets/app.js", "assets/app.css", "assets/boot.js", "assets/fonts/Inter-Regular.ttf",
		"assets/fonts/cjk-label.ttf", "assets/wasm/flowzap.wasm", "assets/wasm/worker.mjs", "assets/wasm/core.mjs", "assets/wasm/wasm_exec.js",
		"assets/templates/index.json"} {
		if !shell[name] {
			t.Errorf("sw.js does not keep %s at install", name)
		}
	}
	for _, name := range append(slices.Clone(k.shell), k.extra...) {
		if files[name] == nil {
			t.Errorf("sw.js keeps %s, which the site does not have", name)
		}
		if strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".br") || strings.Contains(name, "cjk-fallback") || name == "_headers" || name == "sw.js" {
			t.Errorf("sw.js keeps %s", name)
		}
	}
	if len(k.extra) != 2*len(gallery.All()) {
		t.Errorf("sw.js keeps %d thumbnails, want %d (two per template)", len(k.extra), 2*len(gallery.All()))
	}
	if again := swFiles(t, serviceWorker(files)); again.version != k.version {
		t.Errorf("the same files gave version %s, then %s", k.version, again.version)
	}
	files["assets/templates/index.json"] = append(slices.Clone(files["assets/templates/index.json"]), ' ')
	if changed := swFiles(t, serviceWorker(files)); changed.version == k.version {
		t.Errorf("a changed file left the version at %s", k.version)
	}
}

// TestNoModule: a binary without the module says how to build one.
func TestNoModule(t *testing.T) {
	hasWasm = func() bool { return false }
	defer func() { hasWasm = web.HasWasm }()
	dir := filepath.Join(t.TempDir(), "site")
	_, err := Write(dir, false)
	if !errors.Is(err, ErrNoModule) || !strings.Contains(err.Error(), "make build") {
		t.Errorf("without the module: %v", err)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("the directory was created anyway")
	}
}
