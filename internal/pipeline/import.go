//go:build !flowzap_svgonly

// The importers (access logs, HAR, OpenAPI, Go call graphs) and the
// mind-map starter are left out of the WebAssembly build (tag
// flowzap_svgonly): the browser never imports, and leaving them out spares
// the module their code and their packages' start-up (YAML, go/parser).

package pipeline

import (
	"fmt"
	"strings"

	"flowzap/internal/importer"
)

// ImportOptions tune Import.
type ImportOptions struct {
	Func  string // go: the function or Type.Method to follow
	Depth int    // go: how many calls deep to follow (0 means 3)
	Path  string // go: the file or package directory (the data is ignored)
	// Files are go source files given by content (the data and Path are
	// then ignored): one package.
	Files []GoFile
	// FoldStdlib draws every standard-library package in one lane (go).
	FoldStdlib bool
}

// GoFile is one Go source file given by content.
type GoFile = importer.GoFile

// Import converts an artifact into FlowZap Code that passes strict checks.
func Import(kind string, data []byte, opts ImportOptions) (string, error) {
	var code string
	var err error
	switch kind {
	case "log", "nginx", "apache":
		code, err = importer.AccessLog(data)
	case "har":
		code, err = importer.HAR(data)
	case "openapi":
		code, err = importer.OpenAPI(data)
	case "go":
		depth := opts.Depth
		if depth <= 0 {
			depth = 3
		}
		switch {
		case len(opts.Files) > 0:
			code, err = importer.GoCallsOpts(opts.Files, importer.GoOptions{Func: opts.Func, Depth: depth, FoldStdlib: opts.FoldStdlib})
		case opts.Path != "":
			code, err = importer.GoCallsPath(opts.Path, importer.GoOptions{Func: opts.Func, Depth: depth, FoldStdlib: opts.FoldStdlib})
		default:
			code, err = importer.GoCallsOpts([]GoFile{{Name: "input.go", Src: data}}, importer.GoOptions{Func: opts.Func, Depth: depth, FoldStdlib: opts.FoldStdlib})
		}
	default:
		return "", fmt.Errorf("unknown artifact kind %q: expected %s", kind, strings.Join(ImportKinds, ", "))
	}
	if err != nil {
		return "", err
	}
	if r := Check("import.fz", []byte(code), Options{Strict: true}); !r.OK() {
		return "", fmt.Errorf("internal error: the imported diagram fails strict checks: %v", r.Diags.Err())
	}
	return code, nil
}

// MindMapCode writes a starter mind map about topic with the given
// first-level branches, in a lane labelled laneLabel.
func MindMapCode(laneLabel, topic string, branches []string) (string, error) {
	return importer.MindMap(laneLabel, topic, branches)
}
