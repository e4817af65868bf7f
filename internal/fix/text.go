package fix

import (
	"flowzap/internal/lazyre"
	"strings"

	"flowzap/internal/diag"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// Text repairs: mistakes the parser cannot read past (a chained edge, a
// single-quoted string, a compass side) are rewritten line by line before
// the tree repairs run. Only lines that have a parse error are touched, so
// correct code is never changed here.

// lineText is one line of the text being repaired with the line of the
// original it came from.
type lineText struct {
	text string
	orig int // 1-based line in the original
}

func splitLines(src []byte) []lineText {
	parts := strings.Split(string(src), "\n")
	out := make([]lineText, len(parts))
	for i, p := range parts {
		out[i] = lineText{p, i + 1}
	}
	return out
}

func joinLines(lines []lineText) []byte {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = l.text
	}
	return []byte(strings.Join(parts, "\n"))
}

var fenceLine = lazyre.New("^\\s*(```|~~~)")

// dropProse removes the text around Markdown code fences: when the input
// holds at least one fenced block, every line outside the fences is prose
// written by a chat assistant, not code. The fence lines themselves stay
// for the tree repair, which reports them.
func (f *fixer) dropProse(lines []lineText) []lineText {
	var fences []int
	for i, l := range lines {
		if fenceLine.Get().MatchString(l.text) {
			fences = append(fences, i)
		}
	}
	if len(fences) < 2 {
		return lines
	}
	inside := make([]bool, len(lines))
	for k := 0; k+1 < len(fences); k += 2 {
		for i := fences[k]; i <= fences[k+1]; i++ {
			inside[i] = true
		}
	}
	if len(fences)%2 == 1 { // an unclosed last fence runs to the end
		for i := fences[len(fences)-1]; i < len(lines); i++ {
			inside[i] = true
		}
	}
	var out []lineText
	dropped, first := 0, 0
	for i, l := range lines {
		if inside[i] || strings.TrimSpace(l.text) == "" {
			out = append(out, l)
			continue
		}
		if dropped == 0 {
			first = l.orig
		}
		dropped++
	}
	if dropped > 0 {
		f.noteLine(first, diag.Syntax, "removed %d line%s of prose outside the code fences", dropped, diag.Plural(dropped))
	}
	return out
}

// repairLines rewrites the lines that have parse errors and reports
// whether anything changed.
func (f *fixer) repairLines(lines []lineText, bad map[int]bool) ([]lineText, bool) {
	var out []lineText
	changed := false
	for i, l := range lines {
		if !bad[i+1] {
			out = append(out, l)
			continue
		}
		repl := f.repairLine(l)
		if len(repl) != 1 || repl[0].text != l.text {
			changed = true
		}
		out = append(out, repl...)
	}
	return out, changed
}

var (
	compassSide = lazyre.New(`(?i)\.handle\(\s*(east|west|north|south|up|down|e|w|n|s|left|right|top|bottom)\s*\)`)
	bareLabel   = lazyre.New(`^(\s*[A-Za-z_][\w-]*\s*:\s*[A-Za-z]+)\s+"`)
	shapeWord   = lazyre.New(`^(\s*[A-Za-z_][\w-]*\s*:\s*)([A-Za-z]+)\b`)
)

var sideNames = map[string]string{"east": "right", "e": "right", "west": "left", "w": "left", "north": "top", "n": "top", "up": "top",
	"south": "bottom", "s": "bottom", "down": "bottom", "left": "left", "right": "right", "top": "top", "bottom": "bottom"}

var shapeNames = map[string]string{"rect": "rectangle", "box": "rectangle", "square": "rectangle", "process": "rectangle", "step": "rectangle",
	"task": "taskbox", "decision": "diamond", "rhombus": "diamond", "choice": "diamond", "gateway": "diamond",
	"oval": "circle", "ellipse": "circle", "start": "circle", "end": "circle", "terminal": "circle", "event": "circle", "round": "circle"}

// repairLine returns the repaired line, or several lines for a chained
// edge.
func (f *fixer) repairLine(l lineText) []lineText {
	s := l.text
	note := func(code diag.Code, format string, args ...any) { f.noteLine(l.orig, code, format, args...) }
	if t := strings.TrimRight(s, " \t\r"); strings.HasSuffix(t, ";") && !insideString(t, len(t)-1) {
		s = strings.TrimRight(strings.TrimSuffix(t, ";"), " \t")
		note(diag.Syntax, "removed the trailing ';'")
	}
	if q := singleToDouble(s); q != s {
		s = q
		note(diag.Syntax, "wrote single-quoted text in double quotes")
	}
	if n := unterminated(s); n != s {
		s = n
		note(diag.UnterminatedStr, "closed the string left open at the end of the line")
	}
	s = compassSide.Get().ReplaceAllStringFunc(s, func(m string) string {
		word := strings.ToLower(compassSide.Get().FindStringSubmatch(m)[1])
		side := sideNames[word]
		if word != side {
			note(diag.UnknownSide, "wrote handle(%s) as handle(%s)", compassSide.Get().FindStringSubmatch(m)[1], side)
		}
		return ".handle(" + side + ")"
	})
	if m := shapeWord.Get().FindStringSubmatch(s); m != nil && !strings.Contains(s, "->") {
		if shape, ok := shapeNames[strings.ToLower(m[2])]; ok {
			s = m[1] + shape + s[len(m[0]):]
			note(diag.UnknownShape, "wrote the shape %q as %s", m[2], shape)
		}
	}
	if m := bareLabel.Get().FindStringSubmatchIndex(s); m != nil && !strings.Contains(s, "->") {
		s = s[:m[3]] + " label:" + s[m[3]:][strings.Index(s[m[3]:], `"`):]
		note(diag.Syntax, "added the label key to the node's text: label:\"...\"")
	}
	if parts := splitArrows(s); len(parts) > 2 {
		return f.splitChain(l, parts)
	}
	return []lineText{{s, l.orig}}
}

// splitChain turns a -> b -> c [attrs] into a -> b and b -> c [attrs].
// The middle endpoints keep their handle as targets and lose it (and any
// lane prefix) as sources; the tree repair infers the new handles.
func (f *fixer) splitChain(l lineText, parts []string) []lineText {
	indent := l.text[:len(l.text)-len(strings.TrimLeft(l.text, " \t"))]
	last := strings.TrimSpace(parts[len(parts)-1])
	attrs := ""
	if i := strings.Index(last, "["); i >= 0 {
		last, attrs = strings.TrimSpace(last[:i]), " "+last[i:]
	}
	parts[len(parts)-1] = last
	var out []lineText
	for i := 0; i+1 < len(parts); i++ {
		from := strings.TrimSpace(parts[i])
		if i > 0 {
			from = bareNode(from)
		}
		e := indent + from + " -> " + strings.TrimSpace(parts[i+1])
		if i+2 == len(parts) {
			e += attrs
		}
		out = append(out, lineText{e, l.orig})
	}
	f.noteLine(l.orig, diag.ChainedEdge, "split the chained edge into %d edges, one per line", len(parts)-1)
	return out
}

// bareNode drops the handle and lane prefix of an endpoint written as
// [lane.]node[.handle(side)].
func bareNode(ep string) string {
	if i := strings.Index(ep, ".handle("); i >= 0 {
		ep = ep[:i]
	}
	if i := strings.LastIndex(ep, "."); i >= 0 {
		ep = ep[i+1:]
	}
	return ep
}

// splitArrows splits s at the arrows (-> or -->) outside strings and
// brackets.
func splitArrows(s string) []string {
	var parts []string
	start, inStr, depth := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0 && c == '-' && strings.HasPrefix(s[i:], "-->"):
			parts = append(parts, s[start:i])
			i += 2
			start = i + 1
		case depth == 0 && c == '-' && strings.HasPrefix(s[i:], "->"):
			parts = append(parts, s[start:i])
			i++
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// insideString reports whether byte i of s is inside a double-quoted
// string.
func insideString(s string, i int) bool {
	in := false
	for j := 0; j < i && j < len(s); j++ {
		switch {
		case in && s[j] == '\\':
			j++
		case s[j] == '"':
			in = !in
		}
	}
	return in
}

// singleToDouble rewrites 'text' outside double-quoted strings as "text".
func singleToDouble(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				j = len(s) - 1
			}
			b.WriteString(s[i : j+1])
			i = j
		case c == '\'' && (i == 0 || strings.ContainsRune(" \t:=[(,", rune(s[i-1]))):
			k := strings.IndexByte(s[i+1:], '\'')
			if k < 0 {
				b.WriteByte(c)
				continue
			}
			b.WriteString(syntax.Quote(s[i+1 : i+1+k]))
			i += k + 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// unterminated closes a double-quoted string left open at the end of the
// line (before a closing ']' of an edge's attributes when there is one).
func unterminated(s string) string {
	t := strings.TrimRight(s, " \t\r")
	if !insideString(t+" ", len(t)+1) {
		return s
	}
	if strings.HasSuffix(t, "]") && strings.Contains(t, "[") {
		return t[:len(t)-1] + `"]`
	}
	return t + `"`
}

// noteLine records a correction on a line of the original text.
func (f *fixer) noteLine(line int, code diag.Code, format string, args ...any) {
	f.note(source.Span{}, code, format, args...)
	f.done[len(f.done)-1].Line = line
}
