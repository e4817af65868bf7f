package diag

import (
	"fmt"
	"strings"

	"flowzap/internal/source"
)

// Text is a message kept as its English format and arguments, so that it
// can be given again in another language ([Localize]). Its String is the
// English text, byte for byte what fmt.Sprintf(Format, Args...) gives.
// An argument that is itself a Text (an English phrase of the engine, such
// as what a syntax error expected) is translated too; any other argument
// (user text: IDs, labels, quoted code, numbers) is kept as it is.
type Text struct {
	Format string
	Args   []any
}

// T returns the Text of format and args.
func T(format string, args ...any) Text { return Text{Format: format, Args: args} }

// String returns the English text.
func (t Text) String() string {
	if len(t.Args) == 0 {
		return t.Format
	}
	return fmt.Sprintf(t.Format, t.Args...)
}

// In returns the text in lang ("en", "fr" or "zh"): the catalog's
// translation of its format, English when there is none.
func (t Text) In(lang string) string {
	format := t.Format
	if tr, ok := catalog[lang][format]; ok {
		format = tr
	}
	if len(t.Args) == 0 {
		return format
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		if at, ok := a.(Text); ok {
			args[i] = at.In(lang)
		} else {
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
}

// Languages are the languages messages are given in; English is the
// default and the language of the formats.
var Languages = []string{"en", "fr", "zh"}

// CheckLanguage returns nil when lang is "" (English) or one of
// [Languages], and otherwise an error saying which are known.
func CheckLanguage(lang string) error {
	if lang == "" {
		return nil
	}
	for _, l := range Languages {
		if l == lang {
			return nil
		}
	}
	return fmt.Errorf("unknown language %q: expected %s or %s", lang, strings.Join(Languages[:len(Languages)-1], ", "), Languages[len(Languages)-1])
}

// Catalog returns the translations of lang, English format to translated
// format (nil for English). Tests use it to check every format has one.
func Catalog(lang string) map[string]string { return catalog[lang] }

var catalog = map[string]map[string]string{"fr": fr, "zh": zh}

// literal translates a message kept without its format (a fix or note
// given as a constant string): the catalog's entry for the text itself.
func literal(s, lang string) string {
	if tr, ok := catalog[lang][s]; ok && !strings.Contains(s, "%") {
		return tr
	}
	return s
}

// WithText returns d with Msg (and Fix, when fix is not the zero Text)
// set from texts that [Localize] can give in another language.
func (d Diagnostic) WithText(msg Text, fix Text) Diagnostic {
	d.Msg, d.msg = msg.String(), &msg
	if fix.Format != "" {
		d.Fix, d.fix = fix.String(), &fix
	}
	return d
}

// NewNote returns a note whose message can be localized.
func NewNote(sp source.Span, msg Text) Note { return Note{Span: sp, Msg: msg.String(), msg: &msg} }

// MsgText returns the message as a Text: its format and arguments when it
// was built from them, else the message itself as a format without verbs.
func (d Diagnostic) MsgText() Text {
	if d.msg != nil {
		return *d.msg
	}
	return Text{Format: d.Msg}
}

// In returns the message of d, its fix and its notes' messages in lang.
func (d Diagnostic) In(lang string) (msg, fix string, notes []string) {
	msg, fix = d.Msg, d.Fix
	if lang == "" || lang == "en" {
		for _, n := range d.Notes {
			notes = append(notes, n.Msg)
		}
		return
	}
	if d.msg != nil {
		msg = d.msg.In(lang)
	} else {
		msg = literal(d.Msg, lang)
	}
	if d.fix != nil {
		fix = d.fix.In(lang)
	} else if d.Fix != "" {
		fix = literal(d.Fix, lang)
	}
	for _, n := range d.Notes {
		if n.msg != nil {
			notes = append(notes, n.msg.In(lang))
		} else {
			notes = append(notes, literal(n.Msg, lang))
		}
	}
	return
}

// Localize returns a copy of l with every message, fix and note in lang
// (English, unchanged, for "" and "en").
func (l List) Localize(lang string) List {
	if lang == "" || lang == "en" || l == nil {
		return l
	}
	out := make(List, len(l))
	for i, d := range l {
		msg, fix, notes := d.In(lang)
		d.Msg, d.Fix = msg, fix
		if len(d.Notes) > 0 {
			ns := make([]Note, len(d.Notes))
			copy(ns, d.Notes)
			for j := range ns {
				ns[j].Msg = notes[j]
			}
			d.Notes = ns
		}
		out[i] = d
	}
	return out
}

// LocalizeJSON gives the messages, fixes and notes of js in lang, in place.
func LocalizeJSON(js []JSON, lang string) {
	if lang == "" || lang == "en" {
		return
	}
	for i := range js {
		j := &js[i]
		if j.src == nil {
			j.Message, j.Fix = literal(j.Message, lang), literal(j.Fix, lang)
			for k := range j.Notes {
				j.Notes[k].Message = literal(j.Notes[k].Message, lang)
			}
			continue
		}
		msg, fix, notes := j.src.In(lang)
		j.Message, j.Fix = msg, fix
		notesCopy := make([]NoteJSON, len(j.Notes))
		copy(notesCopy, j.Notes)
		for k := range notesCopy {
			notesCopy[k].Message = notes[k]
		}
		if j.Notes != nil {
			j.Notes = notesCopy
		}
		j.src = nil
	}
}
