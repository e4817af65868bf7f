package pipeline

import (
	"fmt"

	"flowzap/internal/diff"
	"flowzap/internal/patch"
	"flowzap/internal/source"
)

// DiffResult is the structured difference between two versions.
type DiffResult = diff.Result

// PatchOp is one patch operation; see package patch.
type PatchOp = patch.Op

// PatchResult is patched code.
type PatchResult = patch.Result

// Diff compares two versions; both must be free of errors.
func Diff(oldName string, oldSrc []byte, newName string, newSrc []byte) (*DiffResult, error) {
	a := Check(oldName, oldSrc, Options{})
	if !a.OK() {
		return nil, fmt.Errorf("%s has errors: %v", oldName, a.Diags.Err())
	}
	b := Check(newName, newSrc, Options{})
	if !b.OK() {
		return nil, fmt.Errorf("%s has errors: %v", newName, b.Diags.Err())
	}
	lineA := func(off int) int { return a.File.Position(source.Pos(off)).Line }
	lineB := func(off int) int { return b.File.Position(source.Pos(off)).Line }
	return diff.Compare(a.Doc, b.Doc, lineA, lineB), nil
}

// Patch applies operations atomically; see package patch.
func Patch(name string, src []byte, ops []PatchOp) (*PatchResult, error) {
	return patch.Apply(name, src, ops)
}

// ImportKinds lists the artifact kinds Import reads.
var ImportKinds = []string{"log", "har", "openapi", "go"}
