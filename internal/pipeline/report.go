package pipeline

import (
	"flowzap/internal/diag"
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
