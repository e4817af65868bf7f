// Package diag defines the diagnostics every stage reports and renders them
// as text (file:line:col with the source line and a caret) or JSON.
//
// A [List] collects diagnostics in any order; [List.Sort] orders them by
// position, and [List.Err] returns nil when there is no error. The same list
// is shown by the CLI, sent by the HTTP API and returned by the MCP tools.
package diag

import (
	"fmt"
	"sort"

	"flowzap/internal/source"
)

// Severity says how serious a diagnostic is.
type Severity int

// The severities, most serious first.
const (
	Error Severity = iota
	Warning
	Info
)

// String returns "error", "warning" or "info".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one problem found in a source file.
type Diagnostic struct {
	Span     source.Span
	Severity Severity
	Code     Code
	// Msg says what was found and what was expected. It is lowercase and has
	// no trailing period.
	Msg string
	// Fix, when not empty, says how to repair the problem (and the fixer
	// applies it).
	Fix string
	// Notes add context, such as where a duplicate was first defined.
	Notes []Note
	// msg and fix, when set, are Msg and Fix as format and arguments, for
	// [List.Localize].
	msg, fix *Text
}

// Note is a secondary message attached to a diagnostic.
type Note struct {
	Span source.Span
	Msg  string
	msg  *Text // Msg as format and arguments, when built from them
}

// List is a list of diagnostics.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Sort orders the list by position, then by severity, then by code.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Code < b.Code
	})
}

// Count returns how many diagnostics have severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// HasErrors reports whether the list holds at least one error.
func (l List) HasErrors() bool { return l.Count(Error) > 0 }

// Filter returns the diagnostics with severity s, in list order.
func (l List) Filter(s Severity) List {
	var out List
	for _, d := range l {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Err returns nil when the list has no error, and otherwise an error whose
// text is the first error's message and how many more there are.
func (l List) Err() error {
	errs := l.Filter(Error)
	if len(errs) == 0 {
		return nil
	}
	return listError(errs)
}

type listError List

func (e listError) Error() string {
	msg := fmt.Sprintf("%s [%s]", e[0].Msg, e[0].Code)
	if len(e) > 1 {
		msg += fmt.Sprintf(" (and %d more errors)", len(e)-1)
	}
	return msg
}

// Plural returns "s" unless n is 1, for messages such as "%d edge%s".
func Plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
