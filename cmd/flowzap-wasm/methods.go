//go:build js && wasm && !flowzap_import

package main

import (
	"syscall/js"

	"flowzap/internal/wasmapi"
)

// methods registers the rendering module's calls: the HTTP API's
// validate, render, format, fix, fix/one, export and patch, and the
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

// request reads the request fields from a JavaScript object; missing or
// mistyped fields keep their zero value, as an absent JSON field would.
func request(v js.Value) wasmapi.Request {
	if v.Type() != js.TypeObject {
		return wasmapi.Request{}
	}
	str := func(k string) string { return str(v, k) }
	boolean := func(k string) bool {
		f := v.Get(k)
		return f.Type() == js.TypeBoolean && f.Bool()
	}
	req := wasmapi.Request{Code: str("code"), View: str("view"), Format: str("format"), Theme: str("theme"),
		Order: str("order"), Lang: str("lang"), Number: boolean("number"), Strict: boolean("strict"), Stream: str("stream")}
	if b := v.Get("base"); b.Type() == js.TypeNumber {
		req.Base = b.Int()
	}
	// stop (speculate): a function that answers true once a newer request
	// waits.
	if f := v.Get("stop"); f.Type() == js.TypeFunction {
		req.Stop = func() bool { return f.Invoke().Truthy() }
	}
	if d := v.Get("diagnostic"); d.Type() == js.TypeObject {
		if c := d.Get("code"); c.Type() == js.TypeString {
			req.Diagnostic.Code = c.String()
		}
		if l := d.Get("line"); l.Type() == js.TypeNumber {
			req.Diagnostic.Line = l.Int()
		}
	}
	return req
}
