package server

import (
	"encoding/json"
	"errors"
	"net/http"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

// PatchRequest is the body of POST /api/patch.
type PatchRequest = pipeline.PatchRequest

// PatchResponse is the answer of POST /api/patch.
type PatchResponse = pipeline.PatchReport

// maxPatchOps is the most operations one batch may hold, as the patch
// pipeline counts them (TestPatchOpsCountedFirst keeps the two equal).
const maxPatchOps = 1000

// patchDiagram answers POST /api/patch: the operations applied to the
// code, all or nothing. 422 when the code has errors (with them) or an
// operation fails (naming it), 413 past a limit.
func (s *Server) patchDiagram(w http.ResponseWriter, r *http.Request) error {
	data, err := readJSON(r)
	if err != nil {
		return err
	}
	// Too many operations are refused before they are read: reading a
	// body's worth of them (50,000 in 1 MiB) into operations took the
	// better part of a second of CPU, only to refuse them after.
	// The message is in the request's lang, as the pipeline's.
	var count struct {
		Ops  []json.RawMessage `json:"ops"`
		Lang string            `json:"lang"`
	}
	if json.Unmarshal(data, &count) == nil && len(count.Ops) > maxPatchOps {
		lang := count.Lang
		if pipeline.CheckLanguage(lang) != nil {
			lang = "en"
		}
		return &apiError{status: http.StatusRequestEntityTooLarge,
			msg: diag.T("%d operations in one batch; the limit is %d: send them in several batches", len(count.Ops), maxPatchOps).In(lang)}
	}
	var req PatchRequest
	if err := decodeJSON(data, &req, "code", "ops"); err != nil {
		return err
	}
	if err := useLang(r, req.Lang); err != nil {
		return err
	}
	var rep *pipeline.PatchReport
	if err := s.light(r.Context(), func() (err error) {
		rep, err = pipeline.PatchChecked(req, s.opts.Limits)
		return err
	}); err != nil {
		if errors.Is(err, errQueueFull) || r.Context().Err() != nil {
			return err
		}
		return patchFailure(err, req.Lang)
	}
	writeJSON(w, http.StatusOK, rep.Answer())
	return nil
}

// patchFailure maps a pipeline.PatchChecked error to its answer, its
// message in lang (the WebAssembly module answers the same).
func patchFailure(err error, lang string) error {
	msg := pipeline.PatchErrorMessage(err, lang)
	var in *pipeline.PatchInputError
	switch {
	case errors.As(err, &in):
		return &apiError{status: http.StatusUnprocessableEntity, msg: msg, diags: in.Diags}
	case pipeline.IsLimit(err):
		return &apiError{status: http.StatusRequestEntityTooLarge, msg: msg}
	}
	return &apiError{status: http.StatusUnprocessableEntity, msg: msg}
}
