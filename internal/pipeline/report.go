package pipeline

import (
	"bytes"
	"fmt"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/source"
)

// Report is the validation report, the one answer to "is this code
// valid?": the CLI's check --json prints it, the HTTP API's validate
// endpoint sends it and the MCP validate tool returns it, byte for byte the
// same for the same file name, code and options.
type Report struct {
	File     string      `json:"file"`
	Valid    bool        `json:"valid"`
	Errors   []diag.JSON `json:"errors"`
	Warnings []diag.JSON `json:"warnings"`
	Infos    []diag.JSON `json:"infos"`
	Stats    Stats       `json:"stats"`
}

// Report builds the validation report of a checked file. The lists are
// never nil, so JSON shows [] rather than null.
func (r *Result) Report() *Report {
	return &Report{
		File: r.File.Name(), Valid: r.OK(), Stats: StatsOf(r),
		Errors:   r.Diags.Filter(diag.Error).JSONList(r.File),
		Warnings: r.Diags.Filter(diag.Warning).JSONList(r.File),
		Infos:    r.Diags.Filter(diag.Info).JSONList(r.File),
	}
}

// Validate checks the options and then the code, and returns the report.
// The error, when not nil, is about the options (an unknown view), not the
// code: problems in the code are in the report.
func Validate(name string, src []byte, opts Options) (*Report, error) {
	if err := CheckView(opts.View); err != nil {
		return nil, err
	}
	if err := CheckOrder(opts.Order); err != nil {
		return nil, err
	}
	return Check(name, src, opts).Report(), nil
}

// FixReport is the answer of every front end's fix: the repaired code, the
// corrections made and what remains.
type FixReport struct {
	File string `json:"file"`
	// Fixed is false when errors remain that no rule repairs; Code is then
	// repaired everywhere else, with the lines holding those errors kept as
	// written, and Diagnostics lists them.
	Fixed       bool         `json:"fixed"`
	Code        string       `json:"code"`
	Corrections []Correction `json:"corrections"`
	// Diagnostics, in position order: what remains in strict mode, or the
	// errors that block the repair.
	Diagnostics []diag.JSON `json:"diagnostics"`
}

// NewFixReport builds the report of r, the repair of src by [Fix].
// Corrections is never nil, so JSON shows [] when nothing changed.
func NewFixReport(r *FixResult, src []byte) *FixReport {
	out := &FixReport{File: r.File.Name(), Fixed: r.Code != nil && !r.Diags.HasErrors(), Code: string(r.Code),
		Corrections: r.Corrections, Diagnostics: r.Diags.JSONList(r.File)}
	if out.Corrections == nil {
		out.Corrections = []Correction{}
	}
	if r.Code == nil {
		out.Code = string(src)
	}
	return out
}

// NewFixOneReport builds the report of r, the repair of one diagnostic of
// src by [FixOne]: Fixed says whether that diagnostic was repaired. When
// it was not, Code is src and Diagnostics are src's own in strict mode, so
// that the answer says what remains either way.
func NewFixOneReport(r *FixResult, src []byte) *FixReport {
	out := &FixReport{File: r.File.Name(), Fixed: r.Code != nil, Code: string(r.Code),
		Corrections: r.Corrections, Diagnostics: r.Diags.JSONList(r.File)}
	if out.Corrections == nil {
		out.Corrections = []Correction{}
	}
	if r.Code == nil {
		out.Code = string(src)
		if len(r.Diags) == 0 {
			f := source.NewFile(r.File.Name(), src)
			_, _, all := compile.Source(f, compile.Options{Strict: true})
			out.Diagnostics = all.JSONList(f)
		}
	}
	return out
}

// CheckFixTarget reports what is wrong with the diagnostic a client asks
// [FixOne] to repair in src: a code the checks never report, or a line
// the code does not have. The message suits an answer of 400.
func CheckFixTarget(src []byte, code string, line int) error {
	if code == "" || line < 1 {
		return fmt.Errorf("diagnostic: expected a code (like FZ101) and a line (from 1)")
	}
	if _, ok := diag.Lookup(diag.Code(code)); !ok {
		return fmt.Errorf("diagnostic: unknown code %q: expected one of the codes the checks report (like FZ101; see docs/diagnostics.md)", code)
	}
	if lines := bytes.Count(src, []byte("\n")) + 1; line > lines {
		return fmt.Errorf("diagnostic: line %d is past the end of the code (%d lines)", line, lines)
	}
	return nil
}
