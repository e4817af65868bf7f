package cli

import (
	"context"
	"flag"
	"io"

	"flowzap/internal/mcp"
	"flowzap/internal/pipeline"
)

var mcpCmd = &command{
	name:    "mcp",
	summary: "run the MCP server for AI agents on standard input and output",
	usage:   "flowzap mcp [--playground-url URL] [--max-input BYTES]",
	setup: func(fs *flag.FlagSet) runFunc {
		f := &mcpFlags{}
		fs.StringVar(&f.playgroundURL, "playground-url", "", "base URL of a flowzap serve instance for create_playground links (default: $FLOWZAP_PLAYGROUND_URL)")
		fs.IntVar(&f.maxInput, "max-input", pipeline.DefaultMaxInput, "largest code or artifact a tool accepts, in bytes")
		return f.run
	},
}

type mcpFlags struct {
	playgroundURL string
	maxInput      int
}

func (f *mcpFlags) run(c context.Context, x *ctx, files []string) error {
	if len(files) != 0 {
		return argsf("unexpected arguments %v", files)
	}
	opts := mcp.Options{PlaygroundURL: f.playgroundURL, MaxInput: f.maxInput, Version: Version}
	if opts.PlaygroundURL == "" {
		opts.PlaygroundURL = x.Getenv("FLOWZAP_PLAYGROUND_URL")
	}
	err := mcp.Serve(c, io.NopCloser(x.Stdin), nopWriteCloser{x.Stdout}, opts)
	if err != nil && c.Err() == nil {
		return err
	}
	return nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
