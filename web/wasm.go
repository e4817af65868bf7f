package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
	"sync"
)

// WasmFile is one file of the WebAssembly build (dist/wasm, written by
// `make wasm`): its bytes, the same bytes compressed with gzip and with
// brotli (nil when not built), its media type and a strong validator.
type WasmFile struct {
	Name     string
	Raw      []byte
	Gzip     []byte
	Brotli   []byte
	Type     string
	Checksum string // hex SHA-256 of Raw, first 20 characters
}

var wasmFiles struct {
	once  sync.Once
	files map[string]*WasmFile
}

// WasmFiles returns the files of dist/wasm (the module, Go's
// wasm_exec.js and the JS API) by name, or an empty map when the binary
// was built without them (see [HasWasm]). The module's compressed forms
// are the ones `make wasm` wrote next to it (flowzap.wasm.gz,
// flowzap.wasm.br); the small scripts are gzip-compressed here, once.
func WasmFiles() map[string]*WasmFile {
	wasmFiles.once.Do(func() {
		wasmFiles.files = map[string]*WasmFile{}
		entries, err := fs.ReadDir(Assets, "dist/wasm")
		if err != nil {
			return
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".br") {
				continue
			}
			raw, err := fs.ReadFile(Assets, "dist/wasm/"+name)
			if err != nil {
				continue
			}
			sum := sha256.Sum256(raw)
			f := &WasmFile{Name: name, Raw: raw, Type: wasmType(name), Checksum: hex.EncodeToString(sum[:])[:20]}
			f.Gzip, _ = fs.ReadFile(Assets, "dist/wasm/"+name+".gz")
			f.Brotli, _ = fs.ReadFile(Assets, "dist/wasm/"+name+".br")
			if f.Gzip == nil && len(raw) > 1024 {
				var b bytes.Buffer
				zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
				zw.Write(raw)
				zw.Close()
				f.Gzip = b.Bytes()
			}
			wasmFiles.files[name] = f
		}
	})
	return wasmFiles.files
}

// HasWasm reports whether the binary holds the WebAssembly module (it was
// built after `make wasm`; `make build` and `make run` do that).
func HasWasm() bool {
	f := WasmFiles()
	return f["flowzap.wasm"] != nil && f["worker.mjs"] != nil && f["wasm_exec.js"] != nil
}

func wasmType(name string) string {
	switch path.Ext(name) {
	case ".wasm":
		return "application/wasm"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	}
	return "application/octet-stream"
}
