package mermaid

import (
	"bytes"
	"flowzap/internal/lazyre"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"flowzap/internal/interchange"
	"flowzap/internal/model"
	"flowzap/internal/source"
)

// stmt is one Mermaid statement: a line, or a part of a line split at ';'
// outside quotes and brackets. off is its byte offset in the file.
type stmt struct {
	text string
	off  int
}

// split cuts the file into statements, skipping %% comments, and returns
// the YAML front matter's title, if any.
func split(src []byte, flow bool) (stmts []stmt, title string, titleOff, titleEnd int) {
	text := string(src)
	off := 0
	// A byte order mark (Windows editors write one) is not part of the
	// first statement.
	if strings.HasPrefix(text, bom) {
		text, off = text[len(bom):], len(bom)
	}
	lines := strings.SplitAfter(text, "\n")
	i := 0
	// Front matter: --- ... --- at the very top.
	if len(lines) > 0 && strings.TrimSpace(lines[0]) == "---" {
		o := off + len(lines[0])
		for j := 1; j < len(lines); j++ {
			l := strings.TrimSpace(lines[j])
			if l == "---" {
				i = j + 1
				off = o + len(lines[j])
				break
			}
			if v, ok := strings.CutPrefix(l, "title:"); ok {
				title = strings.Trim(strings.TrimSpace(v), `"'`)
				titleOff = o + len(lines[j]) - len(strings.TrimLeft(lines[j], " \t"))
				titleEnd = titleOff + len(strings.TrimRight(strings.TrimLeft(lines[j], " \t"), " \t\r\n"))
			}
			o += len(lines[j])
		}
	}
	for ; i < len(lines); i++ {
		line := lines[i]
		start := off
		off += len(line)
		// An accessible description written as a block (`accDescr {`,
		// lines of text, `}`) is one statement, reported as such: its
		// lines are not diagram statements.
		if t := strings.TrimSpace(line); accBlockRx.Get().MatchString(t) && !strings.Contains(t, "}") {
			for j := i + 1; j < len(lines); j++ {
				if strings.Contains(lines[j], "}") {
					stmts = appendStmt(stmts, strings.TrimRight(line, "\r\n"), start)
					for _, l := range lines[i+1 : j+1] {
						off += len(l)
					}
					i = j
					break
				}
			}
			if off != start+len(line) {
				continue
			}
		}
		// A quoted flowchart label may run over several lines (Mermaid
		// reads "`first line
		// second line`" as one label of two lines): the statement goes on
		// to the line that closes the quote, when one of the next few
		// does: its first quote is followed by what ends a label (a
		// bracket, a '|', a link).
		if flow && opensQuote(line) {
			joined, j, closed := line, i, true
			for closed && opensQuote(joined) {
				closed = false
				for j+1 < len(lines) && j-i < maxLabelLines {
					j++
					next := lines[j]
					joined += next
					q := strings.IndexByte(next, '"')
					if q < 0 {
						continue
					}
					rest := strings.TrimLeft(next[q+1:], " \t")
					closed = rest != "" && strings.ContainsRune("])}|>-=.,", rune(rest[0]))
					break
				}
			}
			if closed {
				line, i = joined, j
				off = start + len(line)
			}
		}
		body := strings.TrimRight(line, "\r\n")
		depthQ, depthB := false, 0
		seg := 0
		for k := 0; k < len(body); k++ {
			c := body[k]
			switch {
			case c == '"':
				depthQ = !depthQ
			case depthQ:
			case c == '[' || c == '(' || c == '{':
				depthB++
			case c == ']' || c == ')' || c == '}':
				if depthB > 0 {
					depthB--
				}
			case c == '%' && k+1 < len(body) && body[k+1] == '%' && depthB == 0:
				stmts = appendStmt(stmts, body[seg:k], start+seg)
				seg = len(body)
				k = len(body)
			case c == ';' && depthB == 0 && !endsEntity(body[:k]):
				stmts = appendStmt(stmts, body[seg:k], start+seg)
				seg = k + 1
			}
		}
		if seg < len(body) {
			stmts = appendStmt(stmts, body[seg:], start+seg)
		}
	}
	return stmts, title, titleOff, titleEnd
}

// accBlockRx matches the first line of an accessible description
// written as a block over several lines.
var accBlockRx = lazyre.New(`^accDescr\s*\{`)

// frontConfig is the offset of the `config:` key of the YAML front
// matter at the top of src, or -1 when there is none.
func frontConfig(src []byte) int {
	text := strings.TrimPrefix(string(src), bom)
	off := len(src) - len(text)
	lines := strings.SplitAfter(text, "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return -1
	}
	off += len(lines[0])
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "---" {
			break
		}
		if strings.HasPrefix(l, "config:") {
			return off
		}
		off += len(l)
	}
	return -1
}

// bom is the UTF-8 byte order mark.
const bom = "\ufeff"

// maxLabelLines bounds how many lines after its own a quoted label may
// run over, so that an unclosed quote is reported on its line rather
// than taking the rest of the file.
const maxLabelLines = 20

// opensQuote reports whether s leaves a label's quote open: a '"' that
// follows a shape's opening bracket, a '|' or a link's dashes, or opens
// a Markdown string ("`), and is not closed. A comment (%%) outside
// quotes and brackets ends the scan, as it ends the line.
func opensQuote(s string) bool {
	inQ, depthB := false, 0
	for k := 0; k < len(s); k++ {
		c := s[k]
		switch {
		case c == '"' && inQ:
			inQ = false
		case inQ:
		case c == '"':
			prev := strings.TrimRight(s[:k], " \t")
			md := k+1 < len(s) && s[k+1] == '`'
			if !md && (prev == "" || !strings.ContainsRune("[({>|-=.:,", rune(prev[len(prev)-1]))) {
				// A quote inside plain text (5" screws) opens no label.
				continue
			}
			inQ = true
		case c == '[' || c == '(' || c == '{':
			depthB++
		case c == ']' || c == ')' || c == '}':
			if depthB > 0 {
				depthB--
			}
		case c == '%' && k+1 < len(s) && s[k+1] == '%' && depthB == 0:
			return false
		}
	}
	return inQ
}

// firstInvalidUTF8 is the offset of the first byte of src that is not
// UTF-8, or -1.
func firstInvalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// endsEntity reports whether s ends with the start of a Mermaid entity
// code (#35, #lt, #quot): a ';' after it closes the code (#35; is '#')
// and does not end the statement, as Mermaid reads it (its own export
// of "a; b" in a message is "a#59; b").
func endsEntity(s string) bool {
	i := len(s)
	for i > 0 && i > len(s)-12 && (s[i-1] >= 'a' && s[i-1] <= 'z' || s[i-1] >= 'A' && s[i-1] <= 'Z' || s[i-1] >= '0' && s[i-1] <= '9') {
		i--
	}
	return i < len(s) && i > 0 && s[i-1] == '#'
}

func appendStmt(list []stmt, s string, off int) []stmt {
	t := strings.TrimLeft(s, " \t")
	off += len(s) - len(t)
	t = strings.TrimRight(t, " \t")
	if strings.TrimSpace(t) == "" { // blank, other white space included
		return list
	}
	return append(list, stmt{t, off})
}

var otherDiagrams = lazyre.New(`^(classDiagram|stateDiagram(-v2)?|erDiagram|gantt|pie|journey|gitGraph|mindmap|timeline|quadrantChart|requirementDiagram|C4Context|C4Container|C4Component|C4Dynamic|C4Deployment|sankey-beta|xychart-beta|block-beta|packet-beta|kanban|architecture-beta|radar-beta|zenuml|treemap-beta)\b`)

// Import reads a Mermaid flowchart/graph or sequenceDiagram and returns
// FlowZap Code (or the diagnostics saying why not).
func Import(name string, src []byte) *interchange.Result {
	f := source.NewFile(name, src)
	g := interchange.NewGraph("Mermaid", f)
	// Mermaid files are UTF-8: a byte that is not (a file saved as
	// Latin-1 or Windows-1252) would lose its letter from a label.
	if at := firstInvalidUTF8(src); at >= 0 {
		g.Errorf(source.Span{Start: source.Pos(at), End: source.Pos(at + 1)}, "found the byte 0x%02X, which is not UTF-8: expected UTF-8 text (save the file as UTF-8)", src[at])
		return g.Finish()
	}
	stmts, title, titleOff, titleEnd := split(src, false)
	if len(stmts) > 0 && isFlowHeader(stmts[0].text) {
		stmts, title, titleOff, titleEnd = split(src, true)
	}
	// Directives (%%{init: ...}%%) were cut as comments; say so.
	directive := "%%{...}%%" // an argument: code, not words
	for at := 0; ; at += 3 {
		i := bytes.Index(src[at:], []byte("%%{"))
		if i < 0 {
			break
		}
		at += i
		g.Warnf(source.Span{Start: source.Pos(at), End: source.Pos(at + 3)}, "Mermaid directive (%s) not carried over: FlowZap has its own themes", directive)
	}
	// So is the front matter's config (its theme, look, layout), which
	// replaced them.
	if at := frontConfig(src); at >= 0 {
		config := "config:" // an argument: code, not words
		g.Warnf(source.Span{Start: source.Pos(at), End: source.Pos(at + len(config))}, "Mermaid directive (%s) not carried over: FlowZap has its own themes", config)
	}
	if len(stmts) == 0 {
		g.Errorf(source.Span{}, "empty Mermaid input: expected a `flowchart`, `graph` or `sequenceDiagram` header")
		return g.Finish()
	}
	head := stmts[0]
	word := strings.Fields(head.text)[0]
	sp := source.Span{Start: source.Pos(head.off), End: source.Pos(head.off + len(word))}
	switch {
	case isFlowHeader(head.text):
		p := &flowParser{g: g, title: title, titleOff: titleOff, titleEnd: titleEnd}
		p.header(head)
		p.run(stmts[1:])
		g.NameOutcomes()
	case word == "sequenceDiagram":
		p := &seqParser{g: g}
		if title != "" {
			g.Notes = append(g.Notes, &interchange.Note{Text: "Title: " + title})
		}
		p.run(stmts[1:])
		// Sections without a guard (alt / else) are outcomes too.
		g.NameOutcomes()
	case otherDiagrams.Get().MatchString(word):
		g.Errorf(sp, "Mermaid %s diagrams cannot be imported: expected flowchart, graph or sequenceDiagram", word)
	default:
		g.Errorf(sp, "found %q where a Mermaid diagram header was expected: expected flowchart, graph or sequenceDiagram", head.text)
	}
	return g.Finish()
}

// isFlowHeader reports whether a diagram's first statement opens a
// flowchart.
func isFlowHeader(head string) bool {
	switch strings.Fields(head)[0] {
	case "flowchart", "graph", "flowchart-elk":
		return true
	}
	return false
}

// ---- flowcharts ----

type fnode struct {
	key      string
	shape    model.Shape
	label    string
	lines    []string
	lane     string // subgraph key; "" for none
	hasShape bool
	sp       source.Span
	// props are the `@{...}` properties not carried over, reported
	// once it is known whether the ID names a node or an edge.
	props []prop
}

// prop is a property of `ID@{...}` that is not carried over.
type prop struct {
	name string
	sp   source.Span
}

type fedge struct {
	from, to string
	label    string
	dotted   bool
	sp       source.Span
}

type flowParser struct {
	g        *interchange.Graph
	title    string
	titleOff int
	titleEnd int // the front matter's title line, when it names the lane main
	nodes    map[string]*fnode
	order    []*fnode
	edges    []*fedge
	lanes    []string // subgraph keys, in order of appearance; "" is the default lane
	labels   map[string]string
	laneSp   map[string]source.Span
	stack    []string
	edgeIDs  map[string]bool
	subgraph map[string]bool
}

func (p *flowParser) span(s stmt, from, to int) source.Span {
	return source.Span{Start: source.Pos(s.off + from), End: source.Pos(s.off + to)}
}

var dirRx = lazyre.New(`^(TB|TD|BT|RL|LR)$`)

func (p *flowParser) header(s stmt) {
	f := strings.Fields(s.text)
	if len(f) > 1 && !dirRx.Get().MatchString(f[1]) {
		i := strings.Index(s.text, f[1])
		p.g.Errorf(p.span(s, i, i+len(f[1])), "unknown flowchart direction %q: expected TB, TD, BT, RL or LR", f[1])
	}
	if len(f) > 2 {
		i := strings.Index(s.text, f[2])
		p.g.Errorf(p.span(s, i, len(s.text)), "unexpected %q after the flowchart header: expected a new line", strings.Join(f[2:], " "))
	}
}

var (
	subgraphRx = lazyre.New(`^subgraph\b\s*(.*)$`)
	styleRx    = lazyre.New(`^(classDef|class|style|linkStyle|click|accTitle|accDescr|callback|href)\b`)
	directRx   = lazyre.New(`^direction\s+(TB|TD|BT|RL|LR)$`)
	idRx       = lazyre.New(`^[\p{L}\p{N}_][\p{L}\p{N}_.'-]*`)
)

func (p *flowParser) run(stmts []stmt) {
	p.nodes = map[string]*fnode{}
	p.labels = map[string]string{}
	p.laneSp = map[string]source.Span{}
	p.edgeIDs = map[string]bool{}
	p.subgraph = map[string]bool{}
	for _, s := range stmts {
		t := s.text
		switch {
		case t == "end" || strings.HasPrefix(t, "end ") || t == "end;":
			if len(p.stack) == 0 {
				p.g.Errorf(p.span(s, 0, 3), "`end` with no open subgraph: expected a `subgraph` before it")
				continue
			}
			p.stack = p.stack[:len(p.stack)-1]
		case subgraphRx.Get().MatchString(t):
			p.openSubgraph(s, subgraphRx.Get().FindStringSubmatch(t)[1])
		case directRx.Get().MatchString(t):
			// FlowZap lanes always run left to right; nothing to carry.
		case styleRx.Get().MatchString(t):
			w := styleRx.Get().FindString(t)
			p.g.Warnf(p.span(s, 0, len(t)), "%s not carried over: FlowZap Code has no styling or links (%s)", "`"+w+"`", short(t))
		default:
			p.chain(s)
		}
	}
	if n := len(p.stack); n > 0 {
		p.g.Errorf(p.laneSp[p.stack[n-1]], "subgraph %q is never closed: expected `end`", p.stack[n-1])
	}
	p.build()
}

func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

func (p *flowParser) openSubgraph(s stmt, rest string) {
	rest = strings.TrimSpace(rest)
	off := len(s.text) - len(rest)
	var key, label string
	m := idRx.Get().FindString(rest)
	switch {
	case rest == "":
		p.g.Errorf(p.span(s, 0, len(s.text)), "subgraph without a name: expected `subgraph ID [Label]`")
		key = "subgraph"
	case strings.HasPrefix(rest, `"`):
		label = strings.Trim(rest, `"`)
		key = label
	case m != "" && len(m) < len(rest) && strings.TrimSpace(rest[len(m):]) != "" && strings.ContainsAny(strings.TrimSpace(rest[len(m):])[:1], "[({"):
		key = m
		// The bracket's text, without its closing bracket when it has one.
		br := strings.TrimSpace(rest[len(m):])[1:]
		if n := len(br); n > 0 && strings.ContainsAny(br[n-1:], "])}") {
			br = br[:n-1]
		}
		label = strings.Trim(br, `"`)
	default:
		key, label = rest, rest
	}
	if len(p.stack) > 0 {
		p.g.Warnf(p.span(s, 0, len(s.text)), "subgraph %q is nested in %q: FlowZap lanes do not nest, so it becomes a lane of its own", key, p.stack[len(p.stack)-1])
	}
	if _, ok := p.labels[key]; !ok {
		p.lanes = append(p.lanes, key)
		p.labels[key] = plain(label)
		p.laneSp[key] = p.span(s, off, len(s.text))
	}
	p.subgraph[key] = true
	p.stack = append(p.stack, key)
}

// chain reads `A[..] & B --> |x| C --- D` statements.
func (p *flowParser) chain(s stmt) {
	t := s.text
	i := 0
	group, ok := p.nodeGroup(s, &i)
	if !ok {
		return
	}
	for {
		skipSpace(t, &i)
		if i >= len(t) {
			return
		}
		l, ok := p.link(s, &i)
		if !ok {
			return
		}
		skipSpace(t, &i)
		next, ok := p.nodeGroup(s, &i)
		if !ok {
			return
		}
		if l.invisible {
			p.g.Warnf(p.span(s, l.start, l.end), "invisible link `~~~` not carried over: it only moves nodes in Mermaid's layout")
		} else {
			if l.both {
				p.g.Warnf(p.span(s, l.start, l.end), "two-way link: FlowZap edges have one direction, kept as %s -> %s", group[0], next[0])
			}
			// `A & B & ... --> C & D & ...` makes an edge per pair: a
			// line of a few kilobytes could ask for millions.
			if n := len(p.edges) + len(group)*len(next); n > interchange.MaxElements {
				p.g.Errorf(p.span(s, l.start, l.end), "found a link from %d nodes to %d, an edge for each pair (%d edges in the diagram with it): expected at most %d lanes, nodes and edges in all (a smaller diagram)",
					len(group), len(next), n, interchange.MaxElements)
				return
			}
			for _, a := range group {
				for _, b := range next {
					p.edges = append(p.edges, &fedge{from: a, to: b, label: l.label, dotted: l.dotted, sp: p.span(s, l.start, l.end)})
				}
			}
		}
		group = next
	}
}

func skipSpace(t string, i *int) {
	for *i < len(t) && (t[*i] == ' ' || t[*i] == '\t') {
		*i++
	}
}

// nodeGroup reads `A & B & C`.
func (p *flowParser) nodeGroup(s stmt, i *int) ([]string, bool) {
	var keys []string
	for {
		skipSpace(s.text, i)
		k, ok := p.node(s, i)
		if !ok {
			return nil, false
		}
		keys = append(keys, k)
		j := *i
		skipSpace(s.text, &j)
		if j < len(s.text) && s.text[j] == '&' {
			*i = j + 1
			continue
		}
		return keys, true
	}
}

type bracket struct {
	open, close string
	shape       model.Shape
}

// brackets in the order they must be tried (longest opener first).
var brackets = []bracket{
	{"(((", ")))", model.Circle},
	{"((", "))", model.Circle},
	{"([", "])", model.Circle},
	{"[[", "]]", model.Taskbox},
	{"[(", ")]", model.Rectangle},
	{"{{", "}}", model.Rectangle},
	{"[/", "/]", model.Rectangle},
	{"[/", `\]`, model.Rectangle},
	{`[\`, `\]`, model.Rectangle},
	{`[\`, "/]", model.Rectangle},
	{"(", ")", model.Rectangle},
	{"[", "]", model.Rectangle},
	{"{", "}", model.Diamond},
	{">", "]", model.Rectangle},
}

// node reads one node reference with its optional shape and class.
func (p *flowParser) node(s stmt, i *int) (string, bool) {
	t := s.text
	start := *i
	id := idRx.Get().FindString(t[*i:])
	// An ID ends before a link: A-->B, A-.->B, A--oB.
	for _, cut := range []string{"--", "-.", "=="} {
		if k := strings.Index(id, cut); k >= 0 {
			id = id[:k]
		}
	}
	id = strings.TrimRight(id, "-.")
	if id == "" {
		found := interchange.Phrase("the end of the line")
		if *i < len(t) {
			found = interchange.Phrase("%s", short(t[*i:]))
		}
		p.g.Errorf(p.span(s, *i, len(t)), "found %q where a node ID was expected", found)
		return "", false
	}
	*i += len(id)
	n := p.nodes[id]
	if n == nil {
		n = &fnode{key: id, shape: model.Rectangle, label: id, sp: p.span(s, start, *i)}
		p.nodes[id] = n
		p.order = append(p.order, n)
	}
	if len(p.stack) > 0 && n.lane == "" {
		n.lane = p.stack[len(p.stack)-1]
	}
	// Edge ID before a link: `A e1@--> B` is written `A e1@-->B`.
	if *i < len(t) && t[*i] == '@' && *i+1 < len(t) && t[*i+1] == '{' {
		end := matchBrace(t, *i+1)
		if end < 0 {
			p.g.Errorf(p.span(s, *i, len(t)), "unclosed `@{`: expected `}`")
			return "", false
		}
		p.shapeProps(s, n, t[*i+2:end], *i)
		*i = end + 1
	} else {
		for _, b := range brackets {
			if !strings.HasPrefix(t[*i:], b.open) {
				continue
			}
			body := *i + len(b.open)
			text, end, ok := labelUntil(t, body, b.close)
			if b.open == "[/" || b.open == `[\` {
				// Parallelogram or trapezoid: the side that closes first
				// ends the label (`T[/a\] --> U[\b/]` is two nodes).
				other := `\]`
				if b.close == `\]` {
					other = "/]"
				}
				if t2, e2, ok2 := labelUntil(t, body, other); ok2 && (!ok || e2 < end) {
					text, end, ok = t2, e2, true
				}
			}
			if !ok {
				if b.open == "[/" || b.open == `[\` {
					continue // a plain [label] that starts with a slash
				}
				p.g.Errorf(p.span(s, *i, len(t)), "node %s: shape opened with %q is not closed: expected %q", id, b.open, b.close)
				return "", false
			}
			n.shape, n.hasShape = b.shape, true
			n.lines = decode(text)
			n.label = strings.Join(n.lines, " ")
			if b.open == ">" {
				p.g.Warnf(p.span(s, *i, end), "asymmetric shape of %s drawn as a rectangle", id)
			}
			*i = end
			break
		}
	}
	if strings.HasPrefix(t[*i:], ":::") {
		j := *i + 3
		c := idRx.Get().FindString(t[j:])
		p.g.Warnf(p.span(s, *i, j+len(c)), "class %q on %s not carried over: FlowZap Code has no styling", c, id)
		*i = j + len(c)
	}
	return id, true
}

// labelUntil reads a label from t[i:] up to close: a "quoted" label runs
// to its closing quote.
func labelUntil(t string, i int, close string) (text string, end int, ok bool) {
	j := i
	for j < len(t) && t[j] == ' ' {
		j++
	}
	if j < len(t) && t[j] == '"' {
		q := strings.IndexByte(t[j+1:], '"')
		if q >= 0 {
			k := j + 1 + q + 1
			m := k
			for m < len(t) && t[m] == ' ' {
				m++
			}
			if strings.HasPrefix(t[m:], close) {
				return t[j+1 : j+1+q], m + len(close), true
			}
		}
	}
	k := strings.Index(t[i:], close)
	if k < 0 {
		return "", 0, false
	}
	return t[i : i+k], i + k + len(close), true
}

func matchBrace(t string, i int) int {
	depth := 0
	inQ := false
	for j := i; j < len(t); j++ {
		switch c := t[j]; {
		case c == '"':
			inQ = !inQ
		case inQ:
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

var propRx = lazyre.New(`(\w+)\s*:\s*("(?:[^"]*)"|[^,}]+)`)

// shapeProps reads `@{ shape: diam, label: "..." }`.
func (p *flowParser) shapeProps(s stmt, n *fnode, body string, at int) {
	for _, m := range propRx.Get().FindAllStringSubmatch(body, -1) {
		v := strings.Trim(strings.TrimSpace(m[2]), `"`)
		switch strings.ToLower(m[1]) {
		case "shape":
			n.hasShape = true
			switch strings.ToLower(v) {
			case "diam", "diamond", "decision", "question":
				n.shape = model.Diamond
			case "circle", "circ", "sm-circ", "small-circle", "start", "stop", "dbl-circ", "double-circle", "fr-circ",
				"framed-circle", "f-circ", "filled-circle", "junction", "stadium", "pill", "terminal", "cross-circ", "summary":
				n.shape = model.Circle
			case "subproc", "subprocess", "subroutine", "fr-rect", "framed-rectangle":
				n.shape = model.Taskbox
			default:
				n.shape = model.Rectangle
			}
		case "label":
			n.lines = decode(v)
			n.label = strings.Join(n.lines, " ")
		default:
			n.props = append(n.props, prop{m[1], p.span(s, at, at+len(body)+3)})
		}
	}
}

type link struct {
	label        string
	dotted, both bool
	invisible    bool
	start, end   int
}

var (
	edgeIDRx = lazyre.New(`^[\p{L}\p{N}_]+@`)
	// A link with two heads starts with one too: <-->, o--o, x--x.
	fullLinkRx = lazyre.New(`^(<|o|x)?(~~~+|-{2,}>|-{2,}[ox]|-{3,}|={2,}>|={2,}[ox]|={3,}|-\.+->|-\.+-[ox]?)`)
	openLinkRx = lazyre.New(`^(<|o|x)?(--|==|-\.)`)
	closeRx    = sync.OnceValue(func() map[string]*regexp.Regexp {
		return map[string]*regexp.Regexp{
			"--": regexp.MustCompile(`(-{2,}>|-{2,}[ox]|-{3,})`),
			"==": regexp.MustCompile(`(={2,}>|={2,}[ox]|={3,})`),
			"-.": regexp.MustCompile(`(\.+->|\.+-[ox]|\.+-)`),
		}
	})
)

// link reads one link with its optional label.
func (p *flowParser) link(s stmt, i *int) (link, bool) {
	t := s.text
	if m := edgeIDRx.Get().FindString(t[*i:]); m != "" {
		p.edgeIDs[strings.TrimSuffix(m, "@")] = true
		*i += len(m)
	}
	l := link{start: *i}
	if m := fullLinkRx.Get().FindStringSubmatch(t[*i:]); m != nil && (len(t) == *i+len(m[0]) || !strings.ContainsAny(t[*i+len(m[0]):*i+len(m[0])+1], "ox") || strings.HasSuffix(m[2], ">")) {
		op := m[2]
		l.both = m[1] != ""
		l.dotted = strings.Contains(op, ".")
		l.invisible = strings.HasPrefix(op, "~")
		*i += len(m[0])
		j := *i
		skipSpace(t, &j)
		if j < len(t) && t[j] == '|' {
			from := j + 1 // a quoted label may hold a '|': "critical | P1"
			q := from
			skipSpace(t, &q)
			if q < len(t) && t[q] == '"' {
				if c := strings.IndexByte(t[q+1:], '"'); c >= 0 {
					from = q + 1 + c + 1
				}
			}
			k := strings.IndexByte(t[from:], '|')
			if k >= 0 {
				k += from - (j + 1)
			}
			if k < 0 {
				p.g.Errorf(p.span(s, j, len(t)), "edge label opened with `|` is not closed: expected a second `|`")
				return l, false
			}
			l.label = plain(strings.Trim(strings.TrimSpace(t[j+1:j+1+k]), `"`))
			*i = j + 1 + k + 1
		}
		l.end = *i
		return l, true
	}
	if m := openLinkRx.Get().FindStringSubmatch(t[*i:]); m != nil {
		l.both = m[1] != ""
		op := m[2]
		l.dotted = op == "-."
		body := *i + len(m[0])
		loc := closeRx()[op].FindStringIndex(t[body:])
		if loc == nil {
			p.g.Errorf(p.span(s, *i, len(t)), "link %q with text is not closed: expected a closing arrow such as `-->`", op)
			return l, false
		}
		l.label = plain(strings.Trim(strings.TrimSpace(t[body:body+loc[0]]), `"`))
		*i = body + loc[1]
		l.end = *i
		return l, true
	}
	p.g.Errorf(p.span(s, *i, len(t)), "found %q where a link (-->, ---, -.->, ==>) or the end of the statement was expected", short(t[*i:]))
	return l, false
}

// build turns what was read into the import graph.
func (p *flowParser) build() {
	g := p.g
	// Links to subgraphs: Mermaid draws them to the box; FlowZap needs a
	// node, so they go to the subgraph's first node (or come from its
	// last): the first that no link inside the subgraph reaches, the
	// last that none leaves, else the first and last written.
	subOf := map[string]string{}
	for _, n := range p.order {
		subOf[n.key] = n.lane
	}
	reached, left := map[string]bool{}, map[string]bool{}
	for _, e := range p.edges {
		if l := subOf[e.from]; l != "" && l == subOf[e.to] && e.from != e.to {
			left[e.from], reached[e.to] = true, true
		}
	}
	firstIn, lastIn := map[string]string{}, map[string]string{}
	noneIn, noneOut := map[string]string{}, map[string]string{}
	for _, n := range p.order {
		if n.lane == "" || p.subgraph[n.key] {
			continue
		}
		if _, ok := firstIn[n.lane]; !ok {
			firstIn[n.lane] = n.key
		}
		if _, ok := noneIn[n.lane]; !ok && !reached[n.key] {
			noneIn[n.lane] = n.key
		}
		lastIn[n.lane] = n.key
		if !left[n.key] {
			noneOut[n.lane] = n.key
		}
	}
	maps.Copy(firstIn, noneIn)
	maps.Copy(lastIn, noneOut)
	var edges []*fedge
	for _, e := range p.edges {
		ok := true
		for _, end := range []*string{&e.from, &e.to} {
			if !p.subgraph[*end] {
				continue
			}
			repl := firstIn[*end]
			if end == &e.from {
				repl = lastIn[*end]
			}
			if repl == "" {
				g.Warnf(e.sp, "link to the empty subgraph %q not carried over", *end)
				ok = false
				break
			}
			g.Warnf(e.sp, "link to subgraph %q attached to its node %s (FlowZap edges join nodes)", *end, repl)
			*end = repl
		}
		if ok {
			edges = append(edges, e)
		}
	}
	// Lanes in order of first appearance; nodes outside subgraphs go to a
	// default lane placed where its first node appeared.
	laneOf := map[string]*interchange.Lane{}
	defLabel := "Main"
	if p.title != "" {
		defLabel = p.title
	}
	seenLane := map[string]bool{}
	var order []string
	laneIdx := map[string]int{}
	for i, k := range p.lanes {
		laneIdx[k] = i
	}
	// Order: subgraphs in order, with the default lane inserted before the
	// first subgraph opened after its first node.
	var defFirst = -1
	for i, n := range p.order {
		if n.lane == "" && !p.subgraph[n.key] {
			defFirst = i
			break
		}
	}
	for _, k := range p.lanes {
		if defFirst >= 0 && !seenLane[""] {
			// the default lane comes first when its first node precedes
			// this subgraph's first node
			first := -1
			for i, n := range p.order {
				if n.lane == k {
					first = i
					break
				}
			}
			if first < 0 || defFirst < first {
				order = append(order, "")
				seenLane[""] = true
			}
		}
		order = append(order, k)
		seenLane[k] = true
	}
	if defFirst >= 0 && !seenLane[""] {
		order = append(order, "")
	}
	for _, k := range order {
		if k == "" {
			sp := source.Span{}
			if p.title != "" {
				sp = source.Span{Start: source.Pos(p.titleOff), End: source.Pos(p.titleEnd)}
			}
			laneOf[k] = g.Lane("main", defLabel, sp)
			continue
		}
		laneOf[k] = g.Lane(k, p.labels[k], p.laneSp[k])
	}
	for _, n := range p.order {
		if p.subgraph[n.key] {
			continue
		}
		if p.edgeIDs[n.key] && !n.hasShape {
			// One warning for the edge's properties, not one more for
			// each as if they were a node's.
			names := make([]string, len(n.props))
			for i, pr := range n.props {
				names[i] = pr.name
			}
			g.Warnf(n.sp, "edge properties of %q not carried over (%s)", n.key, strings.Join(names, ", "))
			continue
		}
		for _, pr := range n.props {
			g.Warnf(pr.sp, "node property %q of %s not carried over", pr.name, n.key)
		}
		node := g.Node(n.key, laneOf[n.lane], n.shape, n.label, n.sp)
		if len(n.lines) > 1 {
			details(node, n.lines)
		}
	}
	// Dotted "loop: ..." links written by our export become loops again:
	// the loop runs along the path from the link's target to its source.
	out := map[string][]string{}
	for _, e := range edges {
		if !(e.dotted && strings.HasPrefix(e.label, "loop: ")) {
			out[e.from] = append(out[e.from], e.to)
		}
	}
	steps := loopSteps(g.Src.Text())
	for _, e := range edges {
		from, to := g.FindNode(e.from), g.FindNode(e.to)
		if from == nil || to == nil {
			continue
		}
		if e.dotted && strings.HasPrefix(e.label, "loop: ") {
			path := steps[g.Src.Position(e.sp.Start).Line-1]
			if len(path) < 2 || path[0] != e.to || path[len(path)-1] != e.from || slices.ContainsFunc(path, func(k string) bool { return g.FindNode(k) == nil }) {
				path = pathBetween(out, e.to, e.from)
			}
			if len(path) >= 2 {
				lp := &interchange.Loop{Condition: strings.TrimPrefix(e.label, "loop: "), Span: e.sp}
				for _, k := range path {
					lp.Nodes = append(lp.Nodes, g.FindNode(k))
				}
				g.Loops = append(g.Loops, lp)
				continue
			}
			g.Warnf(e.sp, "found a loop link (%q) from %s back to %s, but no path from %s to %s and no `%%%% loop steps:` comment before it: kept as an edge, expected the loop's steps", e.label, e.from, e.to, e.to, e.from)
		}
		g.Edge(from, to, e.label, e.sp)
	}
}

// details reads the lines of a multi-line label as our export writes
// them: the title, "- item" lines (taskbox sub-items), and Owner, System
// and Description lines. Other lines join the label.
func details(n *interchange.Node, lines []string) {
	parts := []string{lines[0]}
	sep := " "
	if n.Shape == model.Taskbox {
		sep = "|"
	}
	for _, l := range lines[1:] {
		switch {
		case n.Shape == model.Taskbox && (strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "• ")):
			parts = append(parts, strings.TrimSpace(l[strings.IndexByte(l, ' ')+1:]))
		case strings.HasPrefix(l, "Owner:"):
			n.Owner = strings.TrimSpace(strings.TrimPrefix(l, "Owner:"))
		case strings.HasPrefix(l, "System:"):
			n.System = strings.TrimSpace(strings.TrimPrefix(l, "System:"))
		case strings.HasPrefix(l, "Description:"):
			n.Description = strings.TrimSpace(strings.TrimPrefix(l, "Description:"))
		default:
			parts = append(parts, l)
		}
	}
	n.Label = strings.Join(parts, sep)
}

// pathBetween finds a shortest path from a to b (breadth first).
var loopStepsRx = lazyre.New(`(?m)^[ \t]*%% loop steps: ([^\r\n]*)$`)

// loopSteps reads the comments "%% loop steps: n2 n3 n4" our export
// writes before a loop's link, by the line they stand on (1-based): the
// loop's steps in order.
func loopSteps(src []byte) map[int][]string {
	out := map[int][]string{}
	line, last := 1, 0
	for _, m := range loopStepsRx.Get().FindAllSubmatchIndex(src, -1) {
		line += bytes.Count(src[last:m[0]], []byte("\n"))
		last = m[0]
		out[line] = strings.Fields(string(src[m[2]:m[3]]))
	}
	return out
}

func pathBetween(out map[string][]string, a, b string) []string {
	prev := map[string]string{a: a}
	queue := []string{a}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		if x == b {
			var path []string
			for y := b; ; y = prev[y] {
				path = append([]string{y}, path...)
				if y == a {
					return path
				}
			}
		}
		for _, y := range out[x] {
			if _, ok := prev[y]; !ok {
				prev[y] = x
				queue = append(queue, y)
			}
		}
	}
	return nil
}
