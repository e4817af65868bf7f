// Package mcp is flowzap's Model Context Protocol server: the tools AI
// coding agents call to check, repair, format, draw, export, compare, edit
// and import FlowZap Code. It is built on the official Go SDK
// (github.com/modelcontextprotocol/go-sdk) and holds no diagram logic of its
// own: every tool calls package pipeline. Nothing reaches the network.
package mcp

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"

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
}

// NewServer returns a server with every tool registered.
func NewServer(opts Options) *sdk.Server {
	if opts.MaxInput <= 0 {
		opts.MaxInput = 1 << 20
	}
	if opts.Version == "" {
		opts.Version = "dev"
	}
	s := sdk.NewServer(&sdk.Implementation{Name: "flowzap", Title: "FlowZap Code tools", Version: opts.Version}, &sdk.ServerOptions{
		Instructions: "Tools for FlowZap Code (.fz) diagrams. Call get_syntax first if you are unsure of the language; " +
			"validate code before showing it to a user; fix repairs most warnings; render draws workflow, sequence, architecture or mind map views.",
	})
	t := &tools{opts: opts}
	t.register(s)
	return s
}

// Serve runs the server over a reader and writer (newline-delimited
// JSON-RPC, as on stdio) until the client disconnects or ctx ends.
func Serve(ctx context.Context, r io.ReadCloser, w io.WriteCloser, opts Options) error {
	return NewServer(opts).Run(ctx, &sdk.IOTransport{Reader: r, Writer: w})
}

type tools struct{ opts Options }

func (t *tools) limit(what, s string) error {
	if len(s) > t.opts.MaxInput {
		return fmt.Errorf("%s is %d bytes: the limit is %d bytes", what, len(s), t.opts.MaxInput)
	}
	return nil
}

func text(s string) *sdk.CallToolResult {
	return &sdk.CallToolResult{Content: []sdk.Content{&sdk.TextContent{Text: s}}}
}

// playgroundLink builds FlowZap's link form /playground?code=<base64url>.
func playgroundLink(base, code, view string) (string, error) {
	u, err := url.Parse(strings.TrimRight(base, "/") + "/playground")
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("playground base URL %q is not an http(s) URL", base)
	}
	q := url.Values{}
	q.Set("code", base64URL(code))
	if view != "" {
		q.Set("view", view)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
