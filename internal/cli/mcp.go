package cli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"flowzap/internal/mcp"
)

func init() {
	flagDefs["mcp"] = func(fs *flag.FlagSet) {
		fs.String("playground-url", "", "base URL of a flowzap serve instance for create_playground links (default: $FLOWZAP_PLAYGROUND_URL)")
		fs.Int("max-input", 1<<20, "largest code or artifact a tool accepts, in bytes")
	}
	mcpCmd.run = runMCP
}

var mcpCmd = &command{
	name:    "mcp",
	summary: "run the MCP server for AI agents on standard input and output",
	usage:   "flowzap mcp [--playground-url URL] [--max-input BYTES]",
}

func runMCP(c context.Context, x *ctx, args []string) int {
	fs, files, code := mcpCmd.parse(x, args)
	if code >= 0 {
		return code
	}
	if len(files) != 0 {
		fmt.Fprintf(x.Stderr, "flowzap mcp: unexpected arguments %v\nusage: %s\n", files, mcpCmd.usage)
		return exitUsage
	}
	opts := mcp.Options{PlaygroundURL: fs.Lookup("playground-url").Value.String(),
		MaxInput: fs.Lookup("max-input").Value.(flag.Getter).Get().(int), Version: Version}
	if opts.PlaygroundURL == "" {
		opts.PlaygroundURL = x.Getenv("FLOWZAP_PLAYGROUND_URL")
	}
	err := mcp.Serve(c, io.NopCloser(x.Stdin), nopWriteCloser{x.Stdout}, opts)
	if err != nil && c.Err() == nil {
		fmt.Fprintf(x.Stderr, "flowzap mcp: %v\n", err)
		return exitFail
	}
	return exitOK
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
