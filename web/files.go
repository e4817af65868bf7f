package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"mime"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// File is one file of the built front end (dist/), as the server sends
// it: its bytes, its media type, a strong validator and, for text and the
// module, the same bytes compressed with gzip and with brotli.
type File struct {
	Name     string // its path in dist/, as served under /assets/: "app.js", "wasm/flowzap.wasm"
	Raw      []byte
	Type     string
	Checksum string // hex SHA-256 of Raw, first 20 characters

	once         sync.Once
	gzip, brotli []byte
}

// NewFile returns the file name (its path in dist/) with the bytes raw:
// for a page made from one of dist/ (the server's index.html, which names
// the checksums of the files it loads).
func NewFile(name string, raw []byte) *File {
	sum := sha256.Sum256(raw)
	return &File{Name: name, Raw: raw, Type: mediaType(name), Checksum: hex.EncodeToString(sum[:])[:20]}
}

// Gzip returns Raw gzip-compressed, or nil when compressing does not pay
// (a file under 1 KB, or a format that is compressed already). The
// module's is the one `make wasm` wrote next to it (flowzap.wasm.gz);
// other files are compressed once, on first use.
func (f *File) Gzip() []byte {
	f.compress()
	return f.gzip
}

// Brotli returns Raw brotli-compressed, or nil as for [File.Gzip]. The
// module's is the one `make wasm` wrote (flowzap.wasm.br, at its highest
// quality); other files are compressed once, on first use, at
// runtimeBrotliQuality.
func (f *File) Brotli() []byte {
	f.compress()
	return f.brotli
}

// runtimeBrotliQuality is the brotli quality of the files compressed
// when first asked for: the app's 495 KB bundle compresses to 156 KB in
// about 30 ms at 5, to 152 KB in 150 ms at 9 and to 141 KB in a second
// at 11 (docs/benchmarks.md).
const runtimeBrotliQuality = 5

func (f *File) compress() {
	f.once.Do(func() {
		f.gzip, _ = fs.ReadFile(Assets, "dist/"+f.Name+".gz")
		f.brotli, _ = fs.ReadFile(Assets, "dist/"+f.Name+".br")
		if len(f.Raw) < 1024 || !compressible(f.Type) {
			return
		}
		if f.gzip == nil {
			var b bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
			zw.Write(f.Raw)
			zw.Close()
			f.gzip = b.Bytes()
		}
		if f.brotli == nil {
			var b bytes.Buffer
			bw := brotli.NewWriterLevel(&b, runtimeBrotliQuality)
			bw.Write(f.Raw)
			bw.Close()
			f.brotli = b.Bytes()
		}
	})
}

// compressible reports whether files of a media type shrink when
// compressed (text, scripts, SVG, JSON, WebAssembly, TrueType fonts).
func compressible(mediaType string) bool {
	t, _, _ := strings.Cut(mediaType, ";")
	switch t {
	case "application/wasm", "application/json", "image/svg+xml", "font/ttf", "application/javascript":
		return true
	}
	return strings.HasPrefix(t, "text/")
}

var files struct {
	once sync.Once
	all  map[string]*File
	wasm map[string]*File
}

// Files returns the files of dist/ by their path in it ("app.js",
// "wasm/flowzap.wasm"), without the module's precompressed copies (see
// [File.Gzip]). Each file is read once.
func Files() map[string]*File {
	files.once.Do(func() {
		files.all, files.wasm = map[string]*File{}, map[string]*File{}
		fs.WalkDir(Assets, "dist", func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || strings.HasSuffix(p, ".gz") || strings.HasSuffix(p, ".br") {
				return nil
			}
			raw, err := fs.ReadFile(Assets, p)
			if err != nil {
				return nil
			}
			name := strings.TrimPrefix(p, "dist/")
			f := NewFile(name, raw)
			files.all[name] = f
			if dir, base := path.Split(name); dir == "wasm/" {
				files.wasm[base] = f
			}
			return nil
		})
	})
	return files.all
}

// WasmFiles returns the files of dist/wasm (the module, Go's
// wasm_exec.js and the JS API) by name, or an empty map when the binary
// was built without them (see [HasWasm]).
func WasmFiles() map[string]*File {
	Files()
	return files.wasm
}

// WasmVersion returns one checksum of every file of dist/wasm (the
// module, its worker and scripts), "" when there are none: a URL that
// names it (?v=) names this build of all of them, so the worker and the
// scripts it imports can be kept by browsers as the module is.
func WasmVersion() string {
	wasmVersion.once.Do(func() {
		names := slices.Sorted(maps.Keys(WasmFiles()))
		if len(names) == 0 {
			return
		}
		h := sha256.New()
		for _, name := range names {
			fmt.Fprintf(h, "%s %s\n", name, files.wasm[name].Checksum)
		}
		wasmVersion.sum = hex.EncodeToString(h.Sum(nil))[:20]
	})
	return wasmVersion.sum
}

var wasmVersion struct {
	once sync.Once
	sum  string
}

// HasWasm reports whether the binary holds the WebAssembly module (it was
// built after `make wasm`; `make build` and `make run` do that).
func HasWasm() bool {
	f := WasmFiles()
	return f["flowzap.wasm"] != nil && f["worker.mjs"] != nil && f["wasm_exec.js"] != nil
}

// mediaType is the Content-Type of a file of dist/ by its extension.
func mediaType(name string) string {
	switch ext := path.Ext(name); ext {
	case ".wasm":
		return "application/wasm"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".ttf":
		return "font/ttf"
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
	}
	return "application/octet-stream"
}
