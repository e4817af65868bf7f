//go:build js && wasm && flowzap_import

package main

import (
	"syscall/js"

	"flowzap/internal/pipeline"
	"flowzap/internal/wasmapi"
)

// methods registers the import module's two calls: import, the HTTP
// API's /api/import (its request {from, source, name, lang}), and
// export, /api/export in every format ({code, format, lang}). Built on
// its own (make wasm writes flowzap-import.wasm), it brings the
// importers and the other formats' writers to pages with no server (the
// static site) without weighing on the rendering module, which every
// page loads (docs/wasm.md).
func methods(obj js.Value) {
	method(obj, "import", func(v js.Value) pipeline.ImportRequest {
		return pipeline.ImportRequest{From: str(v, "from"), Source: str(v, "source"), Name: str(v, "name"), Lang: str(v, "lang")}
	}, wasmapi.Import)
	method(obj, "export", request, wasmapi.Bounded(wasmapi.Export))
}
