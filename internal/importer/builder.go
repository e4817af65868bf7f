// Package importer turns artifacts into FlowZap Code: HTTP access logs
// (nginx/Apache combined format) and HAR files into request flows between
// clients and services, OpenAPI 3 documents (JSON or YAML) into a
// client/API flow, and Go source into the call flow of one function. The
// code it writes always passes `flowzap check --strict`.
package importer

import (
	"flowzap/internal/lazyre"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"flowzap/internal/compile"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// maxLabel keeps labels within the length that draws well.
const maxLabel = compile.MaxLabel

// builder collects lanes, nodes and edges as a syntax tree, printed by
// syntax.Print so that quoting and layout are the formatter's.
type builder struct {
	header []string
	lanes  []*blane
	byID   map[string]*blane
	nodes  map[string]string // node ID -> lane ID
	keys   map[string]string // caller's key -> node ID
	n      int
}

type blane struct {
	id, label string
	decls     []syntax.Stmt
	edges     []syntax.Stmt
	index     int
}

func newBuilder() *builder {
	return &builder{byID: map[string]*blane{}, nodes: map[string]string{}, keys: map[string]string{}}
}

func (b *builder) comment(format string, args ...any) {
	b.header = append(b.header, clean(fmt.Sprintf(format, args...), 200))
}

var nonIdent = lazyre.New(`[^A-Za-z0-9_]+`)

// lane returns the lane for a name, creating it; IDs are made from the
// name and kept unique.
func (b *builder) lane(name string) *blane {
	key := "lane\x00" + name
	if id, ok := b.keys[key]; ok {
		return b.byID[id]
	}
	id := strings.Trim(nonIdent.Get().ReplaceAllString(name, "_"), "_")
	if id == "" || !unicode.IsLetter(rune(id[0])) {
		id = "L" + id
	}
	if len(id) > 32 {
		id = id[:32]
	}
	base := id
	for i := 2; b.byID[id] != nil; i++ {
		id = fmt.Sprintf("%s%d", base, i)
	}
	l := &blane{id: id, label: clean(name, maxLabel), index: len(b.lanes)}
	if l.label == "" {
		l.label = id
	}
	b.lanes = append(b.lanes, l)
	b.byID[id] = l
	b.keys[key] = id
	return l
}

// newNode always creates a node; key may be empty.
func (b *builder) newNode(l *blane, key, shape, label string) string {
	b.n++
	id := "n" + strconv.Itoa(b.n)
	if key != "" {
		b.keys[key] = id
	}
	b.nodes[id] = l.id
	l.decls = append(l.decls, &syntax.NodeDecl{ID: syntax.Ident{Name: id}, Shape: syntax.Ident{Name: shape},
		Attrs: []*syntax.Attr{attr("label", syntax.SepColon, clean(label, maxLabel))}})
	return id
}

func attr(key string, sep syntax.Sep, value string) *syntax.Attr {
	return &syntax.Attr{Key: syntax.Ident{Name: key}, Sep: sep, Value: syntax.String{Value: value}}
}

// edge adds an edge from -> to with sides from where the lanes sit: right
// to left in a lane, down (bottom to top) to a later lane, up to an
// earlier one.
func (b *builder) edge(from, to, label string) {
	fl, tl := b.byID[b.nodes[from]], b.byID[b.nodes[to]]
	fs, ts := "right", "left"
	e := &syntax.Edge{From: syntax.Endpoint{Node: syntax.Ident{Name: from}}, To: syntax.Endpoint{Node: syntax.Ident{Name: to}}}
	if fl != tl {
		e.To.Lane = &syntax.Ident{Name: tl.id}
		fs, ts = "top", "bottom"
		if fl.index < tl.index {
			fs, ts = "bottom", "top"
		}
	}
	e.From.Handle = &syntax.Handle{Keyword: syntax.Ident{Name: "handle"}, Side: syntax.Ident{Name: fs}}
	e.To.Handle = &syntax.Handle{Keyword: syntax.Ident{Name: "handle"}, Side: syntax.Ident{Name: ts}}
	if label = clean(label, maxLabel); label != "" {
		e.HasAttrs = true
		e.Attrs = []*syntax.Attr{attr("label", syntax.SepEquals, label)}
	}
	fl.edges = append(fl.edges, e)
}

// File returns the syntax tree of everything added.
func (b *builder) File() *syntax.File {
	f := &syntax.File{Src: source.NewFile("import.fz", nil)}
	for _, h := range b.header {
		f.Stmts = append(f.Stmts, &syntax.Comment{Text: h})
	}
	for _, l := range b.lanes {
		ln := &syntax.Lane{ID: syntax.Ident{Name: l.id}, Label: &syntax.LaneLabel{Text: l.label}, Close: 1}
		ln.Body = append(append(ln.Body, l.decls...), l.edges...)
		f.Stmts = append(f.Stmts, ln)
	}
	return f
}

// String prints the diagram in canonical form.
func (b *builder) String() string {
	var s strings.Builder
	syntax.Print(&s, b.File())
	return s.String()
}

// clean makes text safe for a label: printable, no emoji, single spaces,
// at most max characters (cut with an ellipsis).
func clean(s string, max int) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), compile.IsEmoji(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	if utf8.RuneCountInString(out) > max {
		out = cutAtWord([]rune(out), max-1) + "…"
	}
	return out
}

// cutAtWord returns the first n runes of r, shortened to end at a word's
// end when one ends in the second half (a space follows it), else after a
// slash, dot, dash or underscore there, so that a cut never leaves half a
// word ("insuran…"); trailing spaces and punctuation are dropped.
func cutAtWord(r []rune, n int) string {
	cut := n
	if r[n] != ' ' {
		for _, seps := range []string{" ", "/.-_"} {
			if i := lastIndexAny(r[:n], seps); i >= n/2 {
				cut = i
				if seps != " " {
					cut++ // keep the separator with its word
				}
				break
			}
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,;:")
}

// lastIndexAny returns the index of the last rune of r in chars, or -1.
func lastIndexAny(r []rune, chars string) int {
	for i := len(r) - 1; i >= 0; i-- {
		if strings.ContainsRune(chars, r[i]) {
			return i
		}
	}
	return -1
}

// template turns a concrete path into its route: query dropped,
// percent-encoding decoded ("Quarterly%20report" reads "Quarterly
// report"), and numeric, UUID and long hex segments, and other segments
// that carry an identifier's run of digits (INV-2026-0441, ord_88231,
// 2026-11-30), replaced with {id}. File names (a dot in the segment) keep
// their digits: app.3f9a1c.js is a file, not a record.
func template(path string) string {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if d, err := url.PathUnescape(seg); err == nil && !strings.ContainsRune(d, '/') {
			seg = d
		}
		if isID(seg) {
			seg = "{id}"
		}
		segs[i] = seg
	}
	path = strings.Join(segs, "/")
	if path == "" {
		path = "/"
	}
	return path
}

var (
	uuidRx  = lazyre.New(`(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	hexRx   = lazyre.New(`^[0-9a-fA-F]{16,}$`)
	digitRx = lazyre.New(`[0-9]+`)
)

// isID reports whether a path segment is a record's identifier rather
// than a word of the route: all digits, a UUID, a long hex string, or a
// segment without a dot with a run of four digits or more (v2, oauth2
// and sha256 stay).
func isID(seg string) bool {
	if seg == "" {
		return false
	}
	if uuidRx.Get().MatchString(seg) || hexRx.Get().MatchString(seg) {
		return true
	}
	if strings.ContainsRune(seg, '.') {
		return false
	}
	digits, longest := 0, 0
	for _, run := range digitRx.Get().FindAllString(seg, -1) {
		digits += len(run)
		longest = max(longest, len(run))
	}
	return digits == len(seg) || longest >= 4
}
