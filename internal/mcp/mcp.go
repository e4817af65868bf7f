// Package mcp is flowzap's Model Context Protocol server: the tools AI
// coding agents call to check, repair, format, draw, export, compare, edit
// and import FlowZap Code. It is built on the official Go SDK
// (github.com/modelcontextprotocol/go-sdk) and holds no diagram logic of its
// own: every tool calls package pipeline. Nothing reaches the network.
package mcp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"flowzap/internal/pipeline"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// Options configure the server. The zero value is usable.
type Options struct {
	// PlaygroundURL is the base URL of a `flowzap serve` instance, used by
	// create_playground to build links; empty returns the code instead.
	PlaygroundURL string
	// MaxInput caps the size of code and artifacts, in bytes (0: 1 MiB).
	MaxInput int
	// Version is reported to clients.
	Version string
	// HTTPClient creates playground sessions (nil: a client with a
	// 10-second timeout).
	HTTPClient *http.Client
	// Playground, when set, creates playground links itself instead of
	// asking the server at PlaygroundURL: the remote MCP endpoint inside
	// flowzap serve stores sessions directly. It returns "" when it cannot
	// make a link.
	Playground func(ctx context.Context, code, view string) (string, error)
	// Limits bound the diagrams the tools lay out (nodes, edges, lanes,
	// label length, PNG pixels); the zero value takes
	// pipeline.DefaultLimits, the server's defaults.
	Limits pipeline.Limits
	// Gate runs a tool's layout work (render, export): flowzap serve
	// passes its render queue and time limit, so that a call over
	// /api/mcp waits for a slot as /api/render does. Nil runs the work at
	// once, bounded by RenderTimeout.
	Gate func(ctx context.Context, work func(context.Context) error) error
	// Checks gives a tool call its place in a gate for the whole call
	// (parsing, checking, formatting; a layout gives the place up when it
	// enters Gate) and returns the function that frees it: flowzap serve
	// passes the gate of /api/validate and the other checks, so that
	// calls over /api/mcp count against the same bound on the processor.
	// Its error (no place: the server is busy) is the call's answer, as a
	// tool error. Nil runs every call at once.
	Checks func(ctx context.Context) (leave func(), err error)
	// HostsChecked says that the server in front of the HTTP handler
	// checks the Host header itself (an allow-list of host names) or
	// sits behind a reverse proxy: the SDK's own guard, which refuses
	// every Host but localhost on a loopback listener, would then refuse
	// the proxy's requests for the public name.
	HostsChecked bool
	// BodyTimeout is the server's limit for receiving a request body,
	// named when a body is not received in time (0: not named).
	BodyTimeout time.Duration
}

// RenderTimeout bounds one tool's layout work when no Gate is given.
const RenderTimeout = 30 * time.Second

// NewServer returns a server with every tool registered.
func NewServer(opts Options) *sdk.Server {
	if opts.MaxInput <= 0 {
		opts.MaxInput = pipeline.DefaultMaxInput
	}
	if opts.Version == "" {
		opts.Version = "dev"
	}
	s := sdk.NewServer(&sdk.Implementation{Name: "flowzap", Title: "FlowZap Code tools", Version: opts.Version}, &sdk.ServerOptions{
		Instructions: "Tools for FlowZap Code (.fz) diagrams. Call get_syntax first if you are unsure of the language; " +
			"validate code before showing it to a user; fix repairs most warnings; render draws workflow, sequence, architecture or mind map views.",
	})
	if opts.Limits == (pipeline.Limits{}) {
		opts.Limits = pipeline.DefaultLimits
	}
	t := &tools{opts: opts}
	t.register(s)
	s.AddReceivingMiddleware(withClient, unknownTool, t.gated)
	return s
}

// unknownTool words the library's refusal of a call to a tool the server
// does not have (a protocol error, as MCP says) so that an agent can
// retry at once: it lists the tools and names the nearest one
// (flowzap_render: render).
func unknownTool(next sdk.MethodHandler) sdk.MethodHandler {
	return func(ctx context.Context, method string, req sdk.Request) (sdk.Result, error) {
		res, err := next(ctx, method, req)
		var we *jsonrpc.Error
		if method != "tools/call" || !errors.As(err, &we) || we.Code != jsonrpc.CodeInvalidParams || !strings.HasPrefix(we.Message, "unknown tool") {
			return res, err
		}
		call, ok := req.(*sdk.CallToolRequest)
		ss, _ := req.GetSession().(*sdk.ServerSession)
		if !ok || call.Params == nil || ss == nil {
			return res, err
		}
		lr, lerr := next(ctx, "tools/list", &sdk.ListToolsRequest{Session: ss, Params: &sdk.ListToolsParams{}})
		list, _ := lr.(*sdk.ListToolsResult)
		if lerr != nil || list == nil {
			return res, err
		}
		name := call.Params.Name
		var names []string
		best, bestScore := "", 0
		for _, tool := range list.Tools {
			names = append(names, tool.Name)
			if score := nearness(name, tool.Name); score > bestScore {
				best, bestScore = tool.Name, score
			}
		}
		msg := fmt.Sprintf("unknown tool %q: this server's tools are %s", name, strings.Join(names, ", "))
		if name == "" {
			msg = "no tool named: give params.name, one of " + strings.Join(names, ", ")
		} else if best != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", best)
		}
		return nil, &jsonrpc.Error{Code: jsonrpc.CodeInvalidParams, Message: msg}
	}
}

// checkPlace keys the function that gives a tool call's place in the
// Checks gate up (see heavy).
type checkPlace struct{}

// withClient ends the handling of a message that came over HTTP when
// its request ends (the client went away, or the server is shutting
// down): the library hands its handlers a context that keeps the
// request's values but not its end, so a tool call went on to its end,
// holding a render slot, for an answer no one would read.
func withClient(next sdk.MethodHandler) sdk.MethodHandler {
	return func(ctx context.Context, method string, req sdk.Request) (sdk.Result, error) {
		r := Request(ctx)
		if r == nil {
			return next(ctx, method, req)
		}
		ctx, cancel := context.WithCancelCause(ctx)
		defer cancel(nil)
		stop := context.AfterFunc(r.Context(), func() { cancel(context.Cause(r.Context())) })
		defer stop()
		return next(ctx, method, req)
	}
}

// gated runs each tool call under Options.Checks. A call that finds no
// place is answered as a tool error the agent can read and retry on.
func (t *tools) gated(next sdk.MethodHandler) sdk.MethodHandler {
	return func(ctx context.Context, method string, req sdk.Request) (sdk.Result, error) {
		if method != "tools/call" || t.opts.Checks == nil {
			return next(ctx, method, req)
		}
		leave, err := t.opts.Checks(ctx)
		if err != nil {
			return &sdk.CallToolResult{IsError: true, Content: []sdk.Content{&sdk.TextContent{Text: err.Error()}}}, nil
		}
		give := sync.OnceFunc(leave)
		defer give()
		return next(context.WithValue(ctx, checkPlace{}, give), method, req)
	}
}

// nearness scores how likely a mistyped tool name meant name (0: not at
// all): a name written with a prefix or suffix around it (flowzap_render,
// render_diagram), else a small spelling distance.
func nearness(typed, name string) int {
	typed, lname := strings.ToLower(typed), strings.ToLower(name)
	if typed == "" {
		return 0
	}
	if strings.Contains(typed, lname) {
		return 100 + len(lname) // the longest tool name inside wins
	}
	if d := editDistance(typed, lname); d <= 2 {
		return 50 - d
	}
	return 0
}

// Serve runs the server over a reader and writer (newline-delimited
// JSON-RPC, as on stdio) until the client disconnects or ctx ends. A
// malformed message is answered with a JSON-RPC error and the session goes
// on.
func Serve(ctx context.Context, r io.ReadCloser, w io.WriteCloser, opts Options) error {
	return NewServer(opts).Run(ctx, &lineTransport{r: r, w: w})
}

type tools struct{ opts Options }

// heavy runs work (a layout) through the server's gate, or bounded by
// RenderTimeout when there is none, and stops it when ctx ends (the
// client cancelled the call or went away). The call returns as soon as
// ctx ends or the time is up, even when the work notices it only later
// (a layout looks at ctx between its steps, and some steps of a large
// diagram take seconds): a cancelled call must not hold the session's
// end, nor a timed-out one its answer. The work is told to stop and its
// result dropped.
func (t *tools) heavy(ctx context.Context, work func(context.Context) error) error {
	if give, ok := ctx.Value(checkPlace{}).(func()); ok {
		give() // the layout waits for its own gate, not in the checks'
	}
	if t.opts.Gate != nil {
		return t.opts.Gate(ctx, work)
	}
	return bounded(ctx, RenderTimeout, work)
}

// bounded runs work with a deadline, returning when it finishes or
// when ctx ends or the deadline passes, whichever comes first.
func bounded(ctx context.Context, limit time.Duration, work func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel() // on an early return, tells work to stop
	done := make(chan error, 1)
	go func() { done <- work(ctx) }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		select {
		case err = <-done: // finished at the same moment
		default:
			err = ctx.Err()
		}
	}
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == context.DeadlineExceeded {
		return fmt.Errorf("the layout took longer than %s: draw a smaller diagram, or split it", limit)
	}
	return err
}

// fixed repairs code as pipeline.Fix does, through heavy (the handles it
// adds come from the workflow layout) and within the limits.
func (t *tools) fixed(ctx context.Context, code string) (*pipeline.FixResult, error) {
	var r *pipeline.FixResult
	err := t.heavy(ctx, func(ctx context.Context) error {
		var err error
		r, err = pipeline.FixContext(ctx, "input.fz", []byte(code), t.opts.Limits)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// laid checks code, and that it is within the layout limits.
func (t *tools) laid(code string) (*pipeline.Result, error) {
	r, err := t.checked(code)
	if err != nil {
		return nil, err
	}
	if err := t.opts.Limits.CheckLimits(r.File, r.Doc); err != nil {
		return nil, err
	}
	return r, nil
}

func (t *tools) limit(what, s string) error {
	if len(s) > t.opts.MaxInput {
		return fmt.Errorf("%s is %d bytes: the limit is %d bytes", what, len(s), t.opts.MaxInput)
	}
	return nil
}

func text(s string) *sdk.CallToolResult {
	return &sdk.CallToolResult{Content: []sdk.Content{&sdk.TextContent{Text: s}}}
}

// MaxLinkCode is the largest code create_playground puts in a link
// (?code=...); larger code needs a playground session on the server.
const MaxLinkCode = 6 << 10

// playgroundURL returns a link that opens code in the configured server:
// a playground session when the server creates one, else a #code= link
// when the code is small. It returns "" when no server is configured.
func (t *tools) playgroundURL(ctx context.Context, code, view string) (string, error) {
	if t.opts.Playground != nil {
		return t.opts.Playground(ctx, code, view)
	}
	base := strings.TrimRight(t.opts.PlaygroundURL, "/")
	if base == "" {
		return "", nil
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("playground base URL %q is not an http(s) URL", t.opts.PlaygroundURL)
	}
	if link, err := createSession(ctx, t.client(), base, code, view); err == nil {
		return link, nil
	} else if len(code) > MaxLinkCode {
		return "", fmt.Errorf("could not create a playground session at %s (%v), and the code (%d bytes) is too large for a link (at most %d bytes)", base, err, len(code), MaxLinkCode)
	}
	return PlaygroundLink(base, code, view), nil
}

// PlaygroundLink builds FlowZap's link form /playground?code=<base64url>.
func PlaygroundLink(base, code, view string) string {
	q := url.Values{}
	q.Set("code", base64URL(code))
	if view != "" {
		q.Set("view", view)
	}
	return base + "/playground?" + q.Encode()
}

// NewHTTPHandler serves one MCP server over Streamable HTTP (stateless,
// answers as JSON; its refusals too, as JSON-RPC errors). The request is put in the context of every tool call,
// so an Options.Playground hook can find it with [Request].
func NewHTTPHandler(opts Options) http.Handler {
	srv := NewServer(opts)
	h := sdk.NewStreamableHTTPHandler(func(*http.Request) *sdk.Server { return srv },
		&sdk.StreamableHTTPOptions{Stateless: true, JSONResponse: true, DisableLocalhostProtection: opts.HostsChecked})
	return rpcErrors(opts.BodyTimeout, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, acceptJSON(r.WithContext(context.WithValue(r.Context(), requestKey{}, r))))
	}))
}

// acceptJSON lets a POST whose Accept takes JSON but not an event stream
// (Accept: application/json, as plain HTTP clients and some MCP clients
// send) through the library's check, which wants both listed: every
// answer of this endpoint is one JSON object (JSONResponse), never a
// stream, so such a client gets exactly what it accepts. A client that
// accepts only text/event-stream is still refused. No Accept header at
// all accepts anything (RFC 9110), so it passes too.
func acceptJSON(r *http.Request) *http.Request {
	if r.Method != http.MethodPost {
		return r
	}
	jsonOK, streamOK := len(r.Header.Values("Accept")) == 0, false
	for _, v := range r.Header.Values("Accept") {
		for _, part := range strings.Split(v, ",") {
			mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
			switch strings.ToLower(strings.TrimSpace(mt)) {
			case "application/json", "application/*":
				jsonOK = true
			case "text/event-stream", "text/*", "*/*":
				streamOK = true
			}
		}
	}
	if !jsonOK || streamOK {
		return r
	}
	r2 := r.Clone(r.Context())
	r2.Header.Add("Accept", "application/json, text/event-stream")
	return r2
}

type requestKey struct{}

// Request returns the HTTP request a tool call arrived with over
// [NewHTTPHandler], or nil.
func Request(ctx context.Context) *http.Request {
	r, _ := ctx.Value(requestKey{}).(*http.Request)
	return r
}
