//go:build js && wasm && !flowzap_import

package main

import (
	"syscall/js"

	"flowzap/internal/wasmapi"
)

// methods registers the rendering module's calls: the HTTP API's
// validate, render, format, fix, fix/one, export (JSON; the other formats
// answer 501 here, the import module writes them) and patch, and the
// layout made ahead (speculate).
func methods(obj js.Value) {
	for name, f := range map[string]func(wasmapi.Request) wasmapi.Response{
		"validate":  wasmapi.Validate,
		"render":    wasmapi.Render,
		"speculate": wasmapi.Speculate,
		"format":    wasmapi.Format,
		"fix":       wasmapi.Fix,
		"fixOne":    wasmapi.FixOne,
		"export":    wasmapi.Export,
	} {
		method(obj, name, request, wasmapi.Bounded(f))
	}
	// patch reads its request as the server reads the body: the object
	// (code and ops) as JSON, unknown fields refused.
	method(obj, "patch", func(v js.Value) string {
		if v.Type() != js.TypeObject {
			return "{}"
		}
		return js.Global().Get("JSON").Call("stringify", v).String()
	}, wasmapi.Patch)
}
