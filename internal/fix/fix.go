// Package fix repairs FlowZap Code: every departure from the official rules
// that has one clear meaning is rewritten, and each correction is listed
// with the line it was made on.
//
// [Source] cleans the text (control characters, invalid UTF-8), parses and
// checks it, rewrites the tree (separators, handles inferred from where the
// nodes sit, lane prefixes, edges and loops moved into their source's lane,
// lane labels, trailing comments, emoji, unknown attributes, IDs renumbered
// n1..nN) and prints it canonically. It never invents content: a missing
// lane label is taken from the lane ID, a missing handle from the layout.
// Code with errors the fixer cannot repair (a missing node, a stray brace)
// is returned unchanged with those errors.
package fix

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/model"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// Correction is one repair, on a line of the original text.
type Correction struct {
	Line int         `json:"line"`
	Code diag.Code   `json:"code,omitempty"`
	Msg  string      `json:"message"`
	Span source.Span `json:"-"`
	text *diag.Text  // Msg as format and arguments, for [Localize]
}

// Localize returns a copy of cs with every message in lang ("", "en":
// cs itself).
func Localize(cs []Correction, lang string) []Correction {
	if lang == "" || lang == "en" || cs == nil {
		return cs
	}
	out := make([]Correction, len(cs))
	for i, c := range cs {
		if c.text != nil {
			c.Msg = c.text.In(lang)
		}
		out[i] = c
	}
	return out
}

// Result is the outcome of [Source].
type Result struct {
	// Code is the repaired text. When errors remain that no rule repairs,
	// the lines holding them are kept as written and Diags reports them.
	Code []byte
	// Corrections lists what was changed, in line order.
	Corrections []Correction
	// Diags are the diagnostics of the repaired code in strict mode: style
	// warnings, and the errors no rule repairs. They refer to File.
	Diags diag.List
	// File is the source the diagnostics refer to.
	File *source.File
}

// Options tune a repair.
type Options struct {
	// Sides, when not nil, returns for a compiled document the sides its
	// picture draws each edge with (nil when it has none to offer): the
	// handles added to an edge written without them (FZ103) are then the
	// sides the diagram already shows, so writing them does not change
	// the picture. Without it, or for an edge it has
	// no sides for, they are model.InferSides'.
	Sides func(doc *model.Document) map[*model.Edge][2]model.Side
}

// Source repairs src. The name is used in diagnostics. Everything that can
// be repaired is; lines that cannot (a node that does not exist, prose
// without fences) are kept as written, and the result's Diags report them.
func Source(name string, src []byte) *Result { return SourceWith(name, src, Options{}) }

// SourceWith is [Source] with options.
func SourceWith(name string, src []byte, opts Options) *Result {
	orig := source.NewFile(name, src)
	f := &fixer{orig: orig, opts: opts}
	lines := splitLines(f.cleanText(src))
	lines = f.dropProse(lines)
	for round := 0; round < 4; round++ {
		sf := source.NewFile(name, joinLines(lines))
		tree, pd := syntax.Parse(sf)
		_, cd := compile.File(tree, compile.Options{})
		bad := map[int]bool{}
		for _, d := range append(pd, cd...).Filter(diag.Error) {
			bad[sf.Position(d.Span.Start).Line] = true
		}
		if len(bad) == 0 {
			break
		}
		var changed bool
		if lines, changed = f.repairLines(lines, bad); !changed {
			break
		}
	}
	f.lines = make([]int, len(lines))
	for i, l := range lines {
		f.lines[i] = l.orig
	}
	file, diags := syntax.Parse(source.NewFile(name, joinLines(lines)))
	f.src = file.Src
	f.prefixes(file)
	doc, cdiags := compile.File(file, compile.Options{})
	f.doc = doc
	f.broken = diags.HasErrors() || cdiags.HasErrors()
	f.rewrite(file, cdiags)
	var b bytes.Buffer
	syntax.Print(&b, file)
	out := source.NewFile(name, b.Bytes())
	_, _, all := compile.Source(out, compile.Options{Strict: true})
	return &Result{Code: b.Bytes(), Corrections: f.sorted(), Diags: all, File: out}
}

type fixer struct {
	orig   *source.File
	src    *source.File // the cleaned text that was parsed
	lines  []int        // line of src (0-based) -> line of the original
	doc    *model.Document
	broken bool // errors remain that no rule repairs
	done   []Correction
	only   *Target // set by [One]: repair only this diagnostic
	opts   Options
	// drawn holds the sides of opts.Sides, asked for once (drawnAsked)
	// when the first edge needs handles, and only of a document that
	// compiled without errors (the picture of one with errors is not
	// drawn).
	drawn      map[*model.Edge][2]model.Side
	drawnAsked bool
}

// sidesOf returns the sides to write for an edge written without (some
// of) its handles: those of the picture (Options.Sides) when known, else
// model.InferSides'.
func (f *fixer) sidesOf(e *model.Edge, rank map[*model.Node]int, back map[*model.Edge]bool) (model.Side, model.Side) {
	if !f.drawnAsked {
		f.drawnAsked = true
		if f.opts.Sides != nil && f.doc != nil && !f.broken {
			f.drawn = f.opts.Sides(f.doc)
		}
	}
	if s, ok := f.drawn[e]; ok && s[0] != model.NoSide && s[1] != model.NoSide {
		return s[0], s[1]
	}
	return model.InferSides(e, rank, back)
}

func (f *fixer) note(sp source.Span, code diag.Code, format string, args ...any) {
	line := 0
	if f.src != nil {
		line = f.src.Position(sp.Start).Line
		if line >= 1 && line <= len(f.lines) {
			line = f.lines[line-1]
		}
	} else {
		line = f.orig.Position(sp.Start).Line
	}
	t := diag.T(format, args...)
	f.done = append(f.done, Correction{Line: line, Code: code, Msg: t.String(), Span: sp, text: &t})
}

// sorted returns the corrections by line, those of one line in the order
// they were made (a stable sort: n log n, whatever their number).
func (f *fixer) sorted() []Correction {
	out := slices.Clone(f.done)
	slices.SortStableFunc(out, func(a, b Correction) int { return cmp.Compare(a.Line, b.Line) })
	return out
}

// cleanText removes control characters (other than tab, CR, LF) and
// invalid UTF-8 bytes. Lines never change, since LF is kept.
//
// UTF-16 text (with its byte order mark) is first decoded to UTF-8: its
// lines stay the same, and removing its bytes that are not UTF-8 would
// lose every character beyond ASCII.
func (f *fixer) cleanText(src []byte) []byte {
	if bom := source.UTF16BOM(src); bom != "" && f.want(diag.InvalidUTF8, source.Span{}) {
		f.note(source.Span{End: 2}, diag.InvalidUTF8, "converted the text from UTF-16 (byte order mark %s) to UTF-8", bom)
		odd := len(src)%2 == 1
		src = source.FromUTF16(src[2:], bom == "FE FF")
		if odd {
			src = utf8.AppendRune(src, utf8.RuneError)
		}
		// Later corrections are at places of the converted text, on
		// the same lines.
		f.orig = source.NewFile(f.orig.Name(), src)
	}
	var out []byte
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		bad := r == utf8.RuneError && size == 1
		ctrl := r < 0x20 && r != '\t' && r != '\r' && r != '\n' || r >= 0x7f && r <= 0x9f
		code := diag.ControlChar
		if bad {
			code = diag.InvalidUTF8
		}
		if (bad || ctrl) && f.want(code, source.Span{Start: source.Pos(i)}) {
			if out == nil {
				out = append(make([]byte, 0, len(src)), src[:i]...)
			}
			sp := source.Span{Start: source.Pos(i), End: source.Pos(i + size)}
			if bad {
				f.note(sp, diag.InvalidUTF8, "removed invalid UTF-8 byte 0x%02x", src[i])
			} else {
				f.note(sp, diag.ControlChar, "removed control character %U", r)
			}
		} else if out != nil {
			out = append(out, src[i:i+size]...)
		}
		i += size
	}
	if out == nil {
		return src
	}
	return out
}

// stripEmoji removes emoji and collapses the blanks they leave.
func stripEmoji(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !compile.IsEmoji(r) {
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func hasEmoji(s string) bool {
	for _, r := range s {
		if compile.IsEmoji(r) {
			return true
		}
	}
	return false
}
