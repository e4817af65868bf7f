//go:build flowzap_svgonly && !flowzap_import

package pipeline

import (
	"io"

	"flowzap/internal/interchange"
)

// The rendering WebAssembly module (flowzap_svgonly without
// flowzap_import) leaves the writers and readers of the other diagram
// formats out: they weigh about 0.1 MB compressed, and the import module
// (flowzap-import.wasm, built with flowzap_import) answers those exports
// and imports (docs/wasm.md).

func exportWriter(string) func(io.Writer, *interchange.Diagram) error { return nil }

func importReader(string) func(string, []byte) *interchange.Result { return nil }
