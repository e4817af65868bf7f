package wasmapi

import (
	"errors"

	"flowzap/internal/pipeline"
)

// Import answers /api/import: the FlowZap Code read from a Mermaid, BPMN
// or draw.io file (req.From, or the format its name or first lines show),
// with the diagnostics about the input, within the default limits (a
// source over [MaxInput] bytes is refused with 413, as the server refuses
// such a body). Only
// the import module (cmd/flowzap-wasm built with the flowzap_import tag)
// calls it: the importers would take the rendering module past its size
// budget (docs/wasm.md).
func Import(req pipeline.ImportRequest) Response {
	if resp, over := tooLarge(len(req.Source), req.Lang); over {
		return resp
	}
	if err := pipeline.CheckLanguage(req.Lang); err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	res, from, err := pipeline.ImportFor(req, pipeline.DefaultLimits)
	var le *pipeline.LimitError
	if errors.As(err, &le) {
		return failure(statusTooLarge, pipeline.LocalizeErr(le, req.Lang).Error(), nil)
	} else if err != nil {
		return failure(statusBadRequest, err.Error(), nil)
	}
	out, status := pipeline.NewImportReport(res, from, req.Lang)
	return jsonBody(status, out)
}
