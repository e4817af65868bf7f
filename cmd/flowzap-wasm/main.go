//go:build js && wasm

// Command flowzap-wasm is the flowzap pipeline compiled to WebAssembly for
// browsers and Node: check, fix, format, render (SVG and the layout JSON,
// every view), the JSON graph export and the edit operations (patch), computed by the same
// internal/pipeline calls with the same options as the HTTP server, so the
// answers are byte for byte the server's.
//
// It registers one global object, flowzap, whose methods take and return
// plain JavaScript values (see [api]); web/wasm wraps it in a Web Worker
// with an ES module API. Build it with `make wasm` (see docs/wasm.md).
package main

import (
	"runtime/debug"
	"syscall/js"

	"flowzap/internal/wasmapi"
)

// api exposes the wasmapi calls to JavaScript. Each method takes one
// object (the fields of the HTTP API's request body: code, view, format,
// theme, number, order, strict, diagnostic) and returns an object
// {status, body, type}: status is the HTTP status the server would answer,
// body the exact bytes of its answer as a string, type its content type,
// goMs the time the call took in Go (milliseconds). Which calls depend on
// the build: the rendering module's (methods.go) or, built with the
// flowzap_import tag, the import module's two calls (import.go).
func api() js.Value {
	obj := js.Global().Get("Object").New()
	methods(obj)
	obj.Set("version", wasmapi.Version)
	return obj
}

// method sets obj[name] to a JavaScript function that reads its first
// argument with read, answers with f and returns the answer as an object
// (see [api]).
func method[R any](obj js.Value, name string, read func(js.Value) R, f func(R) wasmapi.Response) {
	perf := js.Global().Get("performance")
	obj.Set(name, js.FuncOf(func(this js.Value, args []js.Value) any {
		arg := js.Undefined()
		if len(args) > 0 && args[0].Type() == js.TypeObject {
			arg = args[0]
		}
		req := read(arg)
		t0 := perf.Call("now").Float()
		resp := f(req)
		took := perf.Call("now").Float() - t0
		out := js.Global().Get("Object").New()
		// The call's time in Go (ms), to tell it from the crossing
		// into JavaScript (the benchmarks print both).
		out.Set("goMs", took)
		out.Set("status", resp.Status)
		out.Set("type", resp.Type)
		if p := resp.Picture; p != nil {
			out.Set("picture", picture(p))
		} else {
			out.Set("body", resp.Body)
		}
		if resp.Report != "" {
			out.Set("report", resp.Report)
		}
		return out
	}))
}

// str returns v[k] when it is a string, else "" (an absent or mistyped
// field keeps its zero value, as an absent JSON field would).
func str(v js.Value, k string) string {
	if v.Type() != js.TypeObject {
		return ""
	}
	if f := v.Get(k); f.Type() == js.TypeString {
		return f.String()
	}
	return ""
}

// picture is a render's picture in parts as a JavaScript object {seq,
// base, open, parts}: parts is a JSON array (core.mjs parses it) whose
// i-th entry is the markup of the i-th top-level element (a string) or the
// index of the element with the same markup in the stream's picture
// numbered base (a number); only the markup that changed crosses into
// JavaScript.
func picture(p *wasmapi.Picture) js.Value {
	o := js.Global().Get("Object").New()
	o.Set("seq", p.Seq)
	o.Set("base", p.Base)
	o.Set("open", p.Open)
	o.Set("parts", p.PartsJSON())
	return o
}

func main() {
	// The module runs alone in its worker: collecting garbage less often
	// trades memory (a few tens of megabytes) for fewer pauses while typing.
	debug.SetGCPercent(400)
	js.Global().Set("flowzap", api())
	if ready := js.Global().Get("flowzapReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // keep the exported functions alive
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
