package pipeline

import (
	"errors"

	"flowzap/internal/diag"
	"flowzap/internal/fix"
	"flowzap/internal/patch"
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

// LocalizeCorrections returns the corrections of a fix with their
// messages in lang ("en", "fr" or "zh"; "" and "en" change nothing).
func LocalizeCorrections(cs []fix.Correction, lang string) []fix.Correction {
	return fix.Localize(cs, lang)
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

// CodeErrorsMessage returns the error of a 422 answer for code with
// errors (the diagnostics go with it), in lang; syntax: the code has
// syntax errors (format reads only the syntax).
func CodeErrorsMessage(syntax bool, lang string) string {
	if syntax {
		return diag.T("the code has syntax errors").In(lang)
	}
	return diag.T("the code has errors").In(lang)
}

// PatchErrorMessage returns the message the front ends (the server's
// /api/patch and the WebAssembly module's patch) answer a [PatchChecked]
// error with, in lang: the code has errors (a [*PatchInputError], whose
// diagnostics go with it), a limit passed, or an operation that failed and
// changed nothing.
func PatchErrorMessage(err error, lang string) string {
	var in *PatchInputError
	var pe *patch.Error
	switch {
	case errors.As(err, &in):
		return CodeErrorsMessage(false, lang)
	case IsLimit(err):
		return LocalizeErr(err, lang).Error()
	case errors.As(err, &pe):
		return diag.T("%s; nothing was changed", pe.Text()).In(lang)
	}
	return diag.T("%s; nothing was changed", err.Error()).In(lang)
}
