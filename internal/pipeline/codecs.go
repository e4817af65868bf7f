//go:build !flowzap_svgonly || flowzap_import

package pipeline

import (
	"io"

	"flowzap/internal/interchange"
	"flowzap/internal/interchange/bpmn"
	"flowzap/internal/interchange/d2"
	"flowzap/internal/interchange/dot"
	"flowzap/internal/interchange/drawio"
	"flowzap/internal/interchange/makecom"
	"flowzap/internal/interchange/mermaid"
	"flowzap/internal/interchange/n8n"
	"flowzap/internal/interchange/plantuml"
)

// exportWriter returns the writer of an export format (see [ExportFormats]),
// nil for another name.
func exportWriter(format string) func(io.Writer, *interchange.Diagram) error {
	switch format {
	case "mermaid":
		return mermaid.Flowchart
	case "mermaid-sequence":
		return mermaid.Sequence
	case "bpmn":
		return bpmn.Export
	case "drawio":
		return drawio.Export
	case "dot":
		return dot.Export
	case "d2":
		return d2.Export
	case "plantuml":
		return plantuml.Activity
	case "plantuml-sequence":
		return plantuml.Sequence
	case "n8n":
		return n8n.Export
	case "make":
		return makecom.Export
	}
	return nil
}

// importReader returns the reader of an import format (see
// [ImportFormats]), nil for another name.
func importReader(format string) func(name string, src []byte) *interchange.Result {
	switch format {
	case "mermaid":
		return mermaid.Import
	case "bpmn":
		return bpmn.Import
	case "drawio":
		return drawio.Import
	}
	return nil
}
