package server

import (
	"net/http"

	"golang.org/x/text/language"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

// The language of the server's own messages (its refusals, see
// refusal): the request's "lang" where its body has one (the endpoints
// that answer diagnostics), otherwise the best of English, French and
// Chinese for its Accept-Language header (the web app sends its
// interface language there), English when it names none of them.

// langKey is the context key of the request's language, as its body
// gave it (a *string set by useLang; "" until then).
type langKey struct{}

// langMatcher picks one of [diag.Languages] for an Accept-Language
// header; English, the first, when none fits.
var langMatcher = language.NewMatcher(func() []language.Tag {
	tags := make([]language.Tag, len(diag.Languages))
	for i, l := range diag.Languages {
		tags[i] = language.MustParse(l)
	}
	return tags
}())

// useLang checks lang, a request body's language ("", "en", "fr" or
// "zh"), refusing another with 400, and records it as the request's
// language (see requestLang).
func useLang(r *http.Request, lang string) error {
	if err := pipeline.CheckLanguage(lang); err != nil {
		return &apiError{status: http.StatusBadRequest, msg: err.Error()}
	}
	if p, ok := r.Context().Value(langKey{}).(*string); ok && lang != "" {
		*p = lang
	}
	return nil
}

// requestLang returns the language of r's messages: "en", "fr" or "zh".
func requestLang(r *http.Request) string {
	if p, ok := r.Context().Value(langKey{}).(*string); ok && *p != "" {
		return *p
	}
	h := r.Header.Get("Accept-Language")
	if h == "" || len(h) > 512 {
		return "en"
	}
	_, i, conf := langMatcher.Match(parseAccept(h)...)
	if conf == language.No || i < 0 || i >= len(diag.Languages) {
		return "en"
	}
	return diag.Languages[i]
}

// parseAccept returns the tags of an Accept-Language header, best first
// (none when it cannot be read).
func parseAccept(h string) []language.Tag {
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil {
		return nil
	}
	return tags
}
