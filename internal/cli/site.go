package cli

import (
	"context"
	"flag"
	"fmt"

	"flowzap/internal/site"
)

var siteCmd = &command{
	name:    "site",
	summary: "write the editor, the gallery and the WebAssembly module as a static site",
	usage:   "flowzap site -o DIR [--force]",
	setup: func(fs *flag.FlagSet) runFunc {
		f := &siteFlags{}
		fs.StringVar(&f.out, "o", "", "the directory to write (new or empty)")
		fs.BoolVar(&f.force, "force", false, "write into a directory that is not empty (the site's files replace those of the same name)")
		return f.run
	},
}

type siteFlags struct {
	out   string
	force bool
}

func (f *siteFlags) run(_ context.Context, x *ctx, args []string) error {
	if len(args) > 0 {
		return argsf("site takes no arguments; name the directory with -o")
	}
	if f.out == "" {
		return argsf("-o DIR is required")
	}
	sum, err := site.Write(x.path(f.out), f.force)
	if err != nil {
		return err // it names the directory or says how to build the module
	}
	fmt.Fprintf(x.Stdout, "wrote %d files (%.1f MB) to %s: serve it with any static file server (for example python3 -m http.server -d %s); docs/site.md says more\n",
		sum.Files, float64(sum.Bytes)/1e6, f.out, f.out)
	return nil
}
