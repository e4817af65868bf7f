package cli

import (
	"io"
	"slices"
	"strings"

	"flowzap/internal/diag"
	"flowzap/internal/source"
)

// languages are the values of --lang: the languages the diagnostics
// (messages, notes and fixes) are printed in.
var languages = []string{"en", "fr", "zh"}

// langFromEnv is --lang's default: FLOWZAP_LANG, else the locale the
// environment gives messages (LC_ALL, then LC_MESSAGES, then LANG, the
// first one set, as POSIX reads them): "fr_FR.UTF-8" is French,
// "zh_CN.UTF-8" Chinese, anything else ("C", "en_US.UTF-8", unset)
// English.
func langFromEnv(getenv func(string) string) string {
	if getenv == nil {
		return "en"
	}
	for _, name := range []string{"FLOWZAP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			return localeLang(v)
		}
	}
	return "en"
}

// localeLang is the language of a locale name or language tag: fr, zh
// or en.
func localeLang(v string) string {
	v = strings.ToLower(v)
	for _, l := range languages {
		if v == l || strings.HasPrefix(v, l+"_") || strings.HasPrefix(v, l+"-") || strings.HasPrefix(v, l+".") {
			return l
		}
	}
	return "en"
}

// checkLang refuses a --lang that is not one of [languages].
func checkLang(l string) error {
	if slices.Contains(languages, l) {
		return nil
	}
	return usagef("--lang %q: expected en, fr or zh%s", l, didYouMean(l, languages))
}

// printDiags writes at most maxPrinted diagnostics as text, in the
// command's language (--lang). The line's frame stays as the compilers
// write it, for editors and CI problem matchers: "file:line:col:
// error: … [FZ008]", "note:", "fix:".
func (x *ctx) printDiags(w io.Writer, l diag.List, f *source.File) {
	printDiags(w, l.Localize(x.lang), f)
}
