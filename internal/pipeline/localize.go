package pipeline

import (
	"flowzap/internal/diag"
	"flowzap/internal/fix"
)

// CheckLanguage returns nil when lang is a language the diagnostics are
// given in ("" is English), and otherwise the error the front ends answer
// with 400.
func CheckLanguage(lang string) error { return diag.CheckLanguage(lang) }

// Localize gives the report's messages, fixes and notes in lang ("en",
// "fr" or "zh"; "" and "en" change nothing).
func (r *Report) Localize(lang string) *Report {
	diag.LocalizeJSON(r.Errors, lang)
	diag.LocalizeJSON(r.Warnings, lang)
	diag.LocalizeJSON(r.Infos, lang)
	return r
}

// Localize gives the report's corrections and diagnostics in lang.
func (r *FixReport) Localize(lang string) *FixReport {
	r.Corrections = fix.Localize(r.Corrections, lang)
	diag.LocalizeJSON(r.Diagnostics, lang)
	return r
}

// LocalizeErr returns err with its message in lang when it is a
// [*LimitError] (a copy: the What, Limit and Got are the same), and err
// itself otherwise.
func LocalizeErr(err error, lang string) error {
	le, ok := err.(*LimitError)
	if !ok || le.text == nil || lang == "" || lang == "en" {
		return err
	}
	c := *le
	c.Msg = le.text.In(lang)
	return &c
}
