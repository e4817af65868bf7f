package server

import (
	"errors"
	"net/http"

	"flowzap/internal/pipeline"
)

// PatchRequest is the body of POST /api/patch.
type PatchRequest = pipeline.PatchRequest

// PatchResponse is the answer of POST /api/patch.
type PatchResponse = pipeline.PatchReport

// patchDiagram answers POST /api/patch: the operations applied to the
// code, all or nothing. 422 when the code has errors (with them) or an
// operation fails (naming it), 413 past a limit.
func (s *Server) patchDiagram(w http.ResponseWriter, r *http.Request) error {
	var req PatchRequest
	if err := decode(r, &req, "code", "ops"); err != nil {
		return err
	}
	rep, err := pipeline.PatchChecked(req, s.opts.Limits)
	if err != nil {
		return patchFailure(err)
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// patchFailure maps a pipeline.PatchChecked error to its answer (the
// WebAssembly module answers the same).
func patchFailure(err error) error {
	var in *pipeline.PatchInputError
	switch {
	case errors.As(err, &in):
		return &apiError{status: http.StatusUnprocessableEntity, msg: in.Error(), diags: in.Diags}
	case pipeline.IsLimit(err):
		return &apiError{status: http.StatusRequestEntityTooLarge, msg: err.Error()}
	}
	return &apiError{status: http.StatusUnprocessableEntity, msg: err.Error() + "; nothing was changed"}
}
