// Command bundle builds the web app's JavaScript with the esbuild Go API
// (no Node.js needed at build time, only web/node_modules from `npm ci`)
// into web/dist/app.js, which is committed and embedded in the binary.
// Run it from the repository root: go run ./tools/bundle
package main

import (
	"fmt"
	"os"

	"github.com/evanw/esbuild/pkg/api"
)

func main() {
	res := api.Build(api.BuildOptions{
		EntryPoints:       []string{"web/src/app.js"},
		Outfile:           "web/dist/app.js",
		Bundle:            true,
		Write:             true,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Format:            api.FormatESModule,
		Target:            api.ES2020,
		LegalComments:     api.LegalCommentsEndOfFile,
		NodePaths:         []string{"web/node_modules"},
		LogLevel:          api.LogLevelWarning,
	})
	if len(res.Errors) > 0 {
		for _, e := range res.Errors {
			fmt.Fprintln(os.Stderr, "bundle:", e.Text)
		}
		os.Exit(1)
	}
}
