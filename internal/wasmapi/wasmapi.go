// Package wasmapi is what the WebAssembly build (cmd/flowzap-wasm) answers:
// the HTTP API's validate, render, format, fix, fix/one, export and patch
// endpoints (and import, for the import module) as plain function calls, with the same internal/pipeline calls,
// the same options and limits, and the same bytes in the answer (status,
// JSON body or picture) as internal/server, so a page that renders in the
// browser shows exactly what the server would send. It has no
// syscall/js dependency, so it is tested natively too.
package wasmapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"

	"flowzap/internal/diag"
	"flowzap/internal/jsonbody"
	"flowzap/internal/pipeline"
)

// Version identifies the answer format; the JS wrapper checks it.
const Version = "1"

// Request holds the fields of the HTTP API's request bodies.
type Request struct {
	Code   string
	Strict bool
	View   string
	Format string // render: "svg" (default) or "json" (the layout); export: "json" (default) or one of pipeline.ExportFormats
	Theme  string
	Number bool
	Order  string
	// Lang is the language of the diagnostics' messages: "en" (or empty),
	// "fr" or "zh".
	Lang string
	// Diagnostic is the one to repair (FixOne).
	Diagnostic struct {
		Code string
		Line int
	}
	// Stream names a sequence of SVG renders (the web app's preview) whose
	// answers give the picture in parts ([Picture]) instead of the whole
	// SVG: each part the markup of one top-level element, or a reference to
	// the same markup in the stream's picture numbered Base, which the
	// caller has (0: none, every part is markup).
	Stream string
	Base   int
	// Stop, when set, is asked between the steps of [Speculate]'s layout
	// whether a newer request waits (the page sent one): the layout laid
	// out ahead is then abandoned at once, so that it never holds a
	// keystroke's own picture back.
	Stop func() bool
}

// Response is the server's answer: the HTTP status, the content type and
// the body. Report, set by [Render], is the validation report (the
// diagnostics in the request's view and the stats) as JSON.
type Response struct {
	Status int
	Type   string
	Body   string
	Report string
	// Picture replaces Body in the answer of a render on a stream.
	Picture *Picture
}

// Picture is an SVG in parts: Open (the root's opening tag), then each
// top-level element (the <defs> first): Items[i] is its markup, or, when
// Same[i] >= 0, "" and the markup is item Same[i] of the stream's picture
// numbered Base. The SVG is Open, "\n", each element's markup followed by
// "\n", then "</svg>\n": byte for byte the SVG the render answers
// without a stream. Seq numbers this picture in its stream.
type Picture struct {
	Seq, Base int
	Open      string
	Items     []string
	Same      []int
}

// Resolve returns the markup of every element of the picture, given
// that of the stream's picture numbered p.Base (nil when Base is 0).
func (p *Picture) Resolve(base []string) ([]string, error) {
	out := make([]string, len(p.Items))
	for i, it := range p.Items {
		if j := p.Same[i]; j >= 0 {
			if j >= len(base) {
				return nil, errors.New("wasmapi: a part refers to element " + strconv.Itoa(j) + " of a picture of " + strconv.Itoa(len(base)))
			}
			it = base[j]
		}
		out[i] = it
	}
	return out, nil
}

// PartsJSON returns the picture's parts as a JSON array: for each
// element, the index of its markup in the base picture (a number), or its
// markup (a string). It crosses into JavaScript as one string, parsed
// there at once (cheaper than building the array one element at a time
// through syscall/js).
func (p *Picture) PartsJSON() string {
	n := 2
	for _, it := range p.Items {
		n += len(it) + len(it)/8 + 8
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, it := range p.Items {
		if i > 0 {
			b = append(b, ',')
		}
		if p.Same[i] >= 0 {
			b = strconv.AppendInt(b, int64(p.Same[i]), 10)
		} else {
			b = appendJSONString(b, it)
		}
	}
	return string(append(b, ']'))
}

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, the rest as it is (the markup is UTF-8).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[last:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		last = i + 1
	}
	b = append(b, s[last:]...)
	return append(b, '"')
}

// SVG returns the SVG document of a picture whose elements are items
// (see [Picture.Resolve]).
func (p *Picture) SVG(items []string) string {
	var b strings.Builder
	b.WriteString(p.Open)
	b.WriteByte('\n')
	for _, it := range items {
		b.WriteString(it)
		b.WriteByte('\n')
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// streams are the render streams' SVG caches, the few most recent.
var streams struct {
	sync.Mutex
	m     map[string]*stream
	clock int
}

// maxStreams bounds the streams kept (each holds one picture).
const maxStreams = 8

type stream struct {
	cache pipeline.SVGCache
	seq   int // the number of the picture in cache (0: none)
	used  int
	// code and prev are the texts of the stream's last two renders that
	// made a picture, opts the last one's options (see Speculate).
	code, prev string
	opts       pipeline.RenderOptions
}

// streamFor returns the named stream, made if new (the least recently
// used one forgotten when there are too many). streams is locked.
func streamFor(name string) *stream {
	if streams.m == nil {
		streams.m = map[string]*stream{}
	}
	streams.clock++
	st := streams.m[name]
	if st == nil {
		if len(streams.m) >= maxStreams {
			old := ""
			for k, v := range streams.m {
				if old == "" || v.used < streams.m[old].used {
					old = k
				}
			}
			delete(streams.m, old)
		}
		// Numbers go on from the clock: a stream made again never answers
		// a base that a caller still holds from before.
		st = &stream{seq: streams.clock}
		streams.m[name] = st
	}
	st.used = streams.clock
	return st
}

// The HTTP statuses of the server's answers (net/http is left out of the
// module for its size).
const (
	statusOK            = 200
	statusBadRequest    = 400
	statusTooLarge      = 413
	statusUnprocessable = 422
	statusInternal      = 500
	statusNotHere       = 501 // a format this module leaves out (pipeline.ErrCodecsLeftOut)
)

const jsonType = "application/json; charset=utf-8"

// jsonBody encodes v as the server's writeJSON does.
func jsonBody(status int, v any) Response {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return failure(statusInternal, "internal error", nil)
	}
	return Response{Status: status, Type: jsonType, Body: b.String()}
}

// errorBody is the server's ErrorBody.
type errorBody struct {
	Error   string      `json:"error"`
	Status  int         `json:"status"`
	Errors  []diag.JSON `json:"errors,omitempty"`
	Omitted int         `json:"omitted,omitempty"`
}

// failure is the server's error answer: diags bounded as it bounds them
// (pipeline.MaxListed).
func failure(status int, msg string, diags []diag.JSON) Response {
	omitted := 0
	diags = pipeline.CapList(diags, &omitted)
	return jsonBody(status, errorBody{Error: msg, Status: status, Errors: diags, Omitted: omitted})
}

// MaxInput is the largest request a call takes, in bytes of its code
// (the import's source, the patch's body): the server's default request
// body limit ([pipeline.DefaultMaxInput]), past which the server answers
// 413 before it reads the request. Past it a call answers 413 with the
// server's message, in the request's language.
const MaxInput = pipeline.DefaultMaxInput

// tooLarge answers a request of n bytes when it is over [MaxInput].
func tooLarge(n int, lang string) (Response, bool) {
	if n <= MaxInput {
		return Response{}, false
	}
	return failure(statusTooLarge, diag.T("request body too large: the limit is %d bytes", MaxInput).In(lang), nil), true
}

// Bounded returns f refusing, as the server does, a request whose code is
// over [MaxInput] bytes; the module's calls go through it.
func Bounded(f func(Request) Response) func(Request) Response {
	return func(req Request) Response {
		if resp, over := tooLarge(len(req.Code), req.Lang); over {
			return resp
		}
		return f(req)
	}
}

// localized gives js in lang and returns it.
func localized(js []diag.JSON, lang string) []diag.JSON {
	diag.LocalizeJSON(js, lang)
	return js
}

// Validate answers /api/validate: the validation report.
func Validate(req Request) Response {
	if err := pipeline.CheckLanguage(req.Lang); err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	rep, err := pipeline.Validate("input.fz", []byte(req.Code), pipeline.Options{Strict: req.Strict, View: req.View, Order: req.Order})
	if err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	return jsonBody(statusOK, rep.Answer(req.Lang))
}

var contentTypes = map[string]string{
	"svg":  "image/svg+xml",
	"json": jsonType,
}

// Render answers /api/render for SVG and the layout JSON (PNG and PDF are
// refused: the server draws them). The Report field carries the
// validation report in the request's view and order, so one call gives
// the picture, the diagnostics and the stats.
func Render(req Request) Response {
	if req.Format == "" {
		req.Format = "svg"
	}
	opts := pipeline.RenderOptions{View: req.View, Format: req.Format, Theme: req.Theme, Number: req.Number, Order: req.Order}
	if err := opts.Check(); err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	if err := pipeline.CheckLanguage(req.Lang); err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	ct, ok := contentTypes[req.Format]
	if !ok {
		return failure(statusBadRequest, "format "+strconv.Quote(req.Format)+" is drawn by the server only: expected svg or json", nil)
	}
	src := []byte(req.Code)
	// The server renders the result of a check in the default mode and
	// reports the check in the request's view; only the sequence view
	// checks differently (and the order only matters to its checks), so
	// the other views share one check.
	checked := pipeline.Check("input.fz", src, pipeline.Options{View: req.View, Order: req.Order})
	report := jsonBody(statusOK, checked.Report().Answer(req.Lang)).Body
	res := checked
	if req.View == "sequence" || req.Order != "" {
		res = pipeline.Check("input.fz", src, pipeline.Options{})
	}
	if !res.OK() {
		r := failure(statusUnprocessable, pipeline.CodeErrorsMessage(false, req.Lang), localized(res.Diags.Filter(diag.Error).JSONList(res.File), req.Lang))
		r.Report = report
		return r
	}
	var st *stream
	if req.Stream != "" && req.Format == "svg" {
		streams.Lock()
		defer streams.Unlock()
		st = streamFor(req.Stream)
		opts.SVGCache = &st.cache
		opts.SVGPartsOnly = true // the answer is the picture in parts
	}
	var b bytes.Buffer
	if err := pipeline.RenderContext(context.Background(), &b, res, opts, pipeline.DefaultLimits); err != nil {
		if st != nil {
			// The cache may hold a picture no answer gave: start again.
			st.cache = pipeline.SVGCache{}
			streams.clock++
			st.seq = streams.clock
		}
		var r Response
		if pipeline.IsLimit(err) {
			r = failure(statusTooLarge, pipeline.LocalizeErr(err, req.Lang).Error(), nil)
		} else {
			r = failure(statusUnprocessable, err.Error(), nil)
		}
		r.Report = report
		return r
	}
	if st != nil {
		st.prev, st.code, st.opts = st.code, req.Code, opts
		st.opts.SVGCache, st.opts.SVGPartsOnly = nil, false
		return Response{Status: statusOK, Type: ct, Report: report, Picture: st.picture(req.Base)}
	}
	return Response{Status: statusOK, Type: ct, Body: b.String(), Report: report}
}

// Speculate lays out, for the named stream, the text that one more wide
// letter typed where its last edit ended would make, and keeps nothing but
// what the layout remembers: the workflow layout's memo then holds the
// geometry of that text's sizes. Typing a label widens its node by one
// 16 px step every few letters, and the keystroke that does would lay the
// whole diagram out again (tens of milliseconds in the module); with the
// step laid out ahead, between two keystrokes, the memo serves it. The
// memo is exact (a layout it serves is byte for byte the full one), so
// nothing any render answers changes, only when the work is done. It
// answers 200 with {"laidOut": true} when the text was laid out, false
// when there was nothing to do (the last edit was no insertion, the view
// has no memo, the text would not be valid, or its sizes were known) or
// req.Stop said a newer request waits (the layout is then abandoned
// between two of its steps).
func Speculate(req Request) Response {
	streams.Lock()
	st := streams.m[req.Stream]
	var code string
	var opts pipeline.RenderOptions
	if st != nil {
		code, opts = speculation(st.prev, st.code), st.opts
	}
	streams.Unlock()
	laid := false
	stop := req.Stop
	if stop == nil {
		stop = func() bool { return false }
	}
	if code != "" && (opts.View == "" || opts.View == "workflow") && !stop() {
		before := allocated()
		res := pipeline.Check("input.fz", []byte(code), pipeline.Options{})
		if res.OK() && pipeline.DefaultLimits.CheckLimits(res.File, res.Doc) == nil {
			_, err := pipeline.LayoutUntil(res.Doc, opts, stop)
			laid = err == nil
		}
		// The garbage of a whole layout (not one the memo served) is
		// collected now, between two keystrokes, rather than while the
		// next one is drawn (in the module the collector has the one
		// thread); not when a newer request already waits.
		if allocated()-before > speculateGC && !stop() {
			runtime.GC()
		}
	}
	return jsonBody(statusOK, map[string]bool{"laidOut": laid})
}

// speculateGC is how many bytes a speculation may allocate before it
// collects its garbage at once: on the 200-node diagram, a layout the
// memo serves allocates under 1 MB, a whole layout 3 to 4 MB.
const speculateGC = 2 << 20

// allocated returns the bytes allocated so far (cheap: no stop).
func allocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// speculation returns the text after cur that typing a wide letter where
// the edit from prev to cur ended would make, or "" when that edit was no
// insertion. The letter is W, as wide as any a label usually has and
// narrower than a 16 px step: where a narrower letter would widen the
// node by a step, W widens it by the same step.
func speculation(prev, cur string) string {
	if prev == "" || len(cur) <= len(prev) || len(cur)-len(prev) > 64 {
		return ""
	}
	p := 0
	for p < len(prev) && prev[p] == cur[p] {
		p++
	}
	s := 0
	for s < len(prev)-p && prev[len(prev)-1-s] == cur[len(cur)-1-s] {
		s++
	}
	at := len(cur) - s
	return cur[:at] + "W" + cur[at:]
}

// picture numbers the picture just written in the stream's cache and
// returns it in parts, relative to the picture numbered base if that is
// the one written before.
func (st *stream) picture(base int) *Picture {
	delta := base != 0 && base == st.seq
	streams.clock++
	st.seq = streams.clock
	open, items, same := st.cache.Picture()
	p := &Picture{Seq: st.seq, Open: string(open), Items: make([]string, len(items)), Same: make([]int, len(items))}
	if delta {
		p.Base = base
	}
	for i, it := range items {
		if delta && same[i] >= 0 {
			p.Same[i] = same[i]
			continue
		}
		p.Same[i] = -1
		p.Items[i] = string(it)
	}
	return p
}

// Format answers /api/format: {"code": canonical form}.
func Format(req Request) Response {
	if err := pipeline.CheckLanguage(req.Lang); err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	res, err := pipeline.Format("input.fz", []byte(req.Code))
	if err != nil {
		return failure(statusUnprocessable, pipeline.CodeErrorsMessage(true, req.Lang), localized(res.Diags.Filter(diag.Error).JSONList(res.File), req.Lang))
	}
	return jsonBody(statusOK, map[string]string{"code": string(res.Code)})
}

// Fix answers /api/fix: the fix report.
func Fix(req Request) Response {
	if err := pipeline.CheckLanguage(req.Lang); err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	src := []byte(req.Code)
	res, err := pipeline.FixContext(context.Background(), "input.fz", src, pipeline.DefaultLimits)
	if err != nil {
		return failure(statusTooLarge, pipeline.LocalizeErr(err, req.Lang).Error(), nil) // the only error without a context to end
	}
	return jsonBody(statusOK, pipeline.NewFixReport(res, src).Answer(req.Lang))
}

// FixOne answers /api/fix/one: the repair of one diagnostic, every other
// line left as written.
func FixOne(req Request) Response {
	if err := pipeline.CheckFixTarget([]byte(req.Code), req.Diagnostic.Code, req.Diagnostic.Line); err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	if err := pipeline.CheckLanguage(req.Lang); err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	src := []byte(req.Code)
	res, err := pipeline.FixOneContext(context.Background(), "input.fz", src, diag.Code(req.Diagnostic.Code), req.Diagnostic.Line, pipeline.DefaultLimits)
	if err != nil {
		return failure(statusTooLarge, pipeline.LocalizeErr(err, req.Lang).Error(), nil)
	}
	return jsonBody(statusOK, pipeline.NewFixOneReport(res, src).Answer(req.Lang))
}

// Export answers /api/export: the JSON graph, or the diagram in another
// format (see pipeline.ExportFormats) with that format's media type. The
// rendering module writes JSON only: another format answers 501 there
// (the import module writes them; web/wasm's client sends them to it).
func Export(req Request) Response {
	if req.Format != "" && req.Format != "json" && !pipeline.IsExportFormat(req.Format) {
		return failure(statusBadRequest, "unknown export format "+strconv.Quote(req.Format)+": expected json, "+strings.Join(pipeline.ExportFormats(), ", "), nil)
	}
	if err := pipeline.CheckLanguage(req.Lang); err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	res := pipeline.Check("input.fz", []byte(req.Code), pipeline.Options{})
	if !res.OK() {
		return failure(statusUnprocessable, pipeline.CodeErrorsMessage(false, req.Lang), localized(res.Diags.Filter(diag.Error).JSONList(res.File), req.Lang))
	}
	if err := pipeline.DefaultLimits.CheckLimits(res.File, res.Doc); err != nil {
		return failure(statusTooLarge, pipeline.LocalizeErr(err, req.Lang).Error(), nil)
	}
	if req.Format != "" && req.Format != "json" {
		_, mime, _, _ := pipeline.ExportInfo(req.Format)
		var b bytes.Buffer
		if err := pipeline.ExportAs(&b, res, req.Format); err != nil {
			if errors.Is(err, pipeline.ErrCodecsLeftOut) {
				return failure(statusNotHere, err.Error(), nil)
			}
			return failure(statusUnprocessable, err.Error(), nil)
		}
		return Response{Status: statusOK, Type: mime + "; charset=utf-8", Body: b.String()}
	}
	return jsonBody(statusOK, pipeline.Export(res))
}

// Patch answers /api/patch: raw is the request body as JSON, {code, ops},
// read exactly as the server reads it (unknown fields refused); the answer
// is the patch report, or the server's error (413 in English when raw is
// over [MaxInput] bytes: the server has not read the language then).
func Patch(raw string) Response {
	if resp, over := tooLarge(len(raw), ""); over {
		return resp
	}
	var req pipeline.PatchRequest
	if err := jsonbody.Decode([]byte(raw), &req); err != nil {
		return failure(statusBadRequest, "invalid JSON body: "+err.Error(), nil)
	}
	// Both fields must be there, as the server requires them.
	if err := jsonbody.Require([]byte(raw), &req, "code", "ops"); err != nil {
		return failure(statusBadRequest, "invalid JSON body: "+err.Error(), nil)
	}
	if err := pipeline.CheckLanguage(req.Lang); err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	rep, err := pipeline.PatchChecked(req, pipeline.DefaultLimits)
	if err != nil {
		msg := pipeline.PatchErrorMessage(err, req.Lang) // the server's message
		var in *pipeline.PatchInputError
		switch {
		case errors.As(err, &in):
			return failure(statusUnprocessable, msg, in.Diags)
		case pipeline.IsLimit(err):
			return failure(statusTooLarge, msg, nil)
		}
		return failure(statusUnprocessable, msg, nil)
	}
	return jsonBody(statusOK, rep.Answer())
}
