package pipeline

import (
	"flowzap/internal/diag"
	"flowzap/internal/patch"
)

// PatchRequest is the body of POST /api/patch and of the WebAssembly
// module's patch call: code and the operations to apply to it, in order,
// all or nothing (see package patch).
type PatchRequest struct {
	Code string    `json:"code"`
	Ops  []PatchOp `json:"ops"`
	// Lang is the language of the diagnostics: "en" (or empty), "fr" or
	// "zh"; [PatchChecked] refuses others.
	Lang string `json:"lang,omitempty"`
}

// OpResult names the element one operation created or changed, as the
// SVG's data-id attributes name it; see patch.OpResult.
type OpResult = patch.OpResult

// PatchReport is the answer to a [PatchRequest] that applied: the new
// code, one result per operation (in order), one line per operation saying
// what it did (and one for renumbering), and the diagnostics of the new
// code (warnings and notes: it has no errors).
type PatchReport struct {
	Code        string      `json:"code"`
	Result      []OpResult  `json:"result"`
	Applied     []string    `json:"applied"`
	Diagnostics []diag.JSON `json:"diagnostics"`
}

// PatchInputError is a patch refused because the input code has errors:
// operations apply to code that is valid first.
type PatchInputError struct {
	Diags []diag.JSON // the errors, positioned in the input
}

// Error returns the message the front ends answer with.
func (e *PatchInputError) Error() string { return "the code has errors" }

// PatchChecked applies req.Ops to req.Code within lim, as the front ends
// do. Its error is a [*PatchInputError] (the input has errors), a
// [*LimitError] (the input or the result passes a limit) or a
// *patch.Error (an operation failed, or its result would have errors;
// nothing was changed).
func PatchChecked(req PatchRequest, lim Limits) (*PatchReport, error) {
	in := Check("input.fz", []byte(req.Code), Options{})
	if !in.OK() {
		e := &PatchInputError{Diags: in.Diags.Filter(diag.Error).JSONList(in.File)}
		diag.LocalizeJSON(e.Diags, req.Lang)
		return nil, e
	}
	if err := lim.CheckLimits(in.File, in.Doc); err != nil {
		return nil, err
	}
	if len(req.Ops) > patch.MaxOps {
		return nil, limitError("operations", patch.MaxOps, float64(len(req.Ops)),
			diag.T("%d operations in one batch; the limit is %d: send them in several batches", len(req.Ops), patch.MaxOps))
	}
	r, err := patch.Apply("input.fz", []byte(req.Code), req.Ops)
	if err != nil {
		return nil, err
	}
	out := Check("input.fz", r.Code, Options{})
	if err := lim.CheckLimits(out.File, out.Doc); err != nil {
		return nil, err
	}
	rep := &PatchReport{Code: string(r.Code), Result: r.Results, Applied: r.Applied, Diagnostics: out.Diags.JSONList(out.File)}
	if rep.Diagnostics == nil {
		rep.Diagnostics = []diag.JSON{}
	}
	diag.LocalizeJSON(rep.Diagnostics, req.Lang)
	return rep, nil
}

// PatchOpNames lists every patch operation.
var PatchOpNames = patch.OpNames
