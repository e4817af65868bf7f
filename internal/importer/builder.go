// Package importer turns artifacts into FlowZap Code: HTTP access logs
// (nginx/Apache combined format) and HAR files into request flows between
// clients and services, OpenAPI 3 documents (JSON or YAML) into a
// client/API flow, and Go source into the call flow of one function. The
// code it writes always passes `flowzap check --strict`.
package importer

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"flowzap/internal/compile"
)

// maxLabel keeps labels within the length that draws well.
const maxLabel = compile.MaxLabel

// builder collects lanes, nodes and edges and prints strict-valid code.
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
	decls     []string
	edges     []string
}

func newBuilder() *builder {
	return &builder{byID: map[string]*blane{}, nodes: map[string]string{}, keys: map[string]string{}}
}

func (b *builder) comment(format string, args ...any) {
	b.header = append(b.header, "// "+clean(fmt.Sprintf(format, args...), 200))
}

var nonIdent = regexp.MustCompile(`[^A-Za-z0-9_]+`)

// lane returns the lane for a name, creating it; IDs are made from the
// name and kept unique.
func (b *builder) lane(name string) *blane {
	key := "lane\x00" + name
	if id, ok := b.keys[key]; ok {
		return b.byID[id]
	}
	id := strings.Trim(nonIdent.ReplaceAllString(name, "_"), "_")
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
	l := &blane{id: id, label: clean(name, maxLabel)}
	if l.label == "" {
		l.label = id
	}
	b.lanes = append(b.lanes, l)
	b.byID[id] = l
	b.keys[key] = id
	return l
}

// node returns the node for key in lane l, creating it with shape and
// label the first time.
func (b *builder) node(l *blane, key, shape, label string) string {
	k := "node\x00" + l.id + "\x00" + key
	if id, ok := b.keys[k]; ok {
		return id
	}
	b.n++
	id := fmt.Sprintf("n%d", b.n)
	b.keys[k] = id
	b.nodes[id] = l.id
	l.decls = append(l.decls, fmt.Sprintf("  %s: %s label:%s", id, shape, quote(clean(label, maxLabel))))
	return id
}

// edge adds an edge from -> to with sides from where the lanes sit.
func (b *builder) edge(from, to, label string) {
	fl, tl := b.nodes[from], b.nodes[to]
	fs, ts, target := "right", "left", to
	if fl != tl {
		target = tl + "." + to
		fs, ts = "top", "bottom"
		for _, l := range b.lanes {
			if l.id == fl {
				fs, ts = "bottom", "top"
				break
			}
			if l.id == tl {
				break
			}
		}
	}
	e := fmt.Sprintf("  %s.handle(%s) -> %s.handle(%s)", from, fs, target, ts)
	if label = clean(label, maxLabel); label != "" {
		e += " [label=" + quote(label) + "]"
	}
	b.byID[fl].edges = append(b.byID[fl].edges, e)
}

func (b *builder) String() string {
	var s strings.Builder
	for _, h := range b.header {
		s.WriteString(h + "\n")
	}
	for _, l := range b.lanes {
		fmt.Fprintf(&s, "%s { # %s\n", l.id, l.label)
		for _, d := range l.decls {
			s.WriteString(d + "\n")
		}
		for _, e := range l.edges {
			s.WriteString(e + "\n")
		}
		s.WriteString("}\n")
	}
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
		r := []rune(out)
		out = strings.TrimSpace(string(r[:max-1])) + "…"
	}
	return out
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

var (
	uuidRx = regexp.MustCompile(`(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`)
	numRx  = regexp.MustCompile(`/\d+(?:/|$)`)
	hexRx  = regexp.MustCompile(`/[0-9a-fA-F]{16,}(?:/|$)`)
)

// template turns a concrete path into its route: query dropped, numeric,
// UUID and long hex segments replaced with {id}.
func template(path string) string {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	path = uuidRx.ReplaceAllString(path, "{id}")
	for numRx.MatchString(path) {
		path = numRx.ReplaceAllStringFunc(path, func(m string) string { return strings.Replace(m, strings.Trim(m, "/"), "{id}", 1) })
	}
	for hexRx.MatchString(path) {
		path = hexRx.ReplaceAllStringFunc(path, func(m string) string { return strings.Replace(m, strings.Trim(m, "/"), "{id}", 1) })
	}
	if path == "" {
		path = "/"
	}
	return path
}
