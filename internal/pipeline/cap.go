package pipeline

// MaxListed bounds each list of diagnostics (and of corrections) an
// answer of the API or of the WebAssembly module carries: code a few
// hundred kilobytes long can hold hundreds of thousands of them (200,000
// unclosed lanes in an 800 KB body made a 128 MB answer). The first ones
// are kept, in their order, and the answer's "omitted" says how many were
// left out.
const MaxListed = 1000

// CapList keeps the first [MaxListed] entries of l and adds the number it
// leaves out to *omitted.
func CapList[T any](l []T, omitted *int) []T {
	if len(l) <= MaxListed {
		return l
	}
	*omitted += len(l) - MaxListed
	return l[:MaxListed:MaxListed]
}

// ReportAnswer is a validation report as the API and the module answer
// it: its lists bounded, with how many entries were left out.
type ReportAnswer struct {
	*Report
	Omitted int `json:"omitted,omitempty"`
}

// Answer bounds r's lists ([MaxListed]; r is changed) and returns them
// localized in lang.
func (r *Report) Answer(lang string) ReportAnswer {
	omitted := 0
	r.Errors = CapList(r.Errors, &omitted)
	r.Warnings = CapList(r.Warnings, &omitted)
	r.Infos = CapList(r.Infos, &omitted)
	return ReportAnswer{r.Localize(lang), omitted}
}

// FixAnswer is a fix report (of /api/fix or /api/fix/one) as the API and
// the module answer it: its lists bounded, with how many entries were
// left out.
type FixAnswer struct {
	*FixReport
	Omitted int `json:"omitted,omitempty"`
}

// Answer bounds r's lists ([MaxListed]; r is changed) and returns them
// localized in lang.
func (r *FixReport) Answer(lang string) FixAnswer {
	omitted := 0
	r.Corrections = CapList(r.Corrections, &omitted)
	r.Diagnostics = CapList(r.Diagnostics, &omitted)
	return FixAnswer{r.Localize(lang), omitted}
}

// PatchAnswer is a patch report as the API and the module answer it: its
// diagnostics bounded, with how many were left out.
type PatchAnswer struct {
	*PatchReport
	Omitted int `json:"omitted,omitempty"`
}

// Answer bounds r's diagnostics ([MaxListed]; r is changed).
func (r *PatchReport) Answer() PatchAnswer {
	omitted := 0
	r.Diagnostics = CapList(r.Diagnostics, &omitted)
	return PatchAnswer{r, omitted}
}
