package interchange

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/model"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// MaxElements bounds what one import may create (lanes + nodes + edges),
// so a hostile file cannot make the importer build an unbounded diagram.
const MaxElements = 200000

// Graph is what an importer reads from a foreign file: lanes in drawing
// order, nodes, edges and loops, plus what it has to say about the input.
type Graph struct {
	// Format names the input format in messages and in the header comment.
	Format string
	// Src is the input file; diagnostics are positioned in it.
	Src *source.File
	// Diags holds what the importer found in the input.
	Diags diag.List

	Lanes []*Lane
	Nodes []*Node
	Edges []*Edge
	Loops []*Loop
	// Notes are kept as comments in the lane they belong to (or at the top).
	Notes []*Note

	lanes map[string]*Lane
	nodes map[string]*Node
	full  bool
}

// Lane is an imported lane. Key is the input's identifier (used to make
// the FlowZap lane ID); Label the display label.
type Lane struct {
	Key, Label string
	Span       source.Span
	id         string
}

// Node is an imported node.
type Node struct {
	Key   string
	Lane  *Lane
	Shape model.Shape
	Label string
	// Owner, Description and System are the attributes a taskbox (or any
	// node) may carry.
	Owner, Description, System string
	Span                       source.Span
	id                         string
	index                      int
}

// Edge is an imported edge. Sides may be left empty: Finish chooses them.
type Edge struct {
	From, To         *Node
	Label            string
	FromSide, ToSide model.Side
	Span             source.Span
}

// Loop is an imported loop.
type Loop struct {
	Condition string
	Nodes     []*Node
	Span      source.Span
}

// Note is text from the input that has no FlowZap element (a sequence
// note, an annotation); it becomes a comment so nothing is lost.
type Note struct {
	Lane *Lane // nil: at the top of the file
	Text string
}

// NewGraph starts an import of src.
func NewGraph(format string, src *source.File) *Graph {
	return &Graph{Format: format, Src: src, lanes: map[string]*Lane{}, nodes: map[string]*Node{}}
}

// Text is a message, or a phrase of one, kept as its English format and
// arguments so that it can be given in another language ([diag.Text]);
// importers name it here.
type Text = diag.Text

// Phrase returns the English phrase of format and args that an importer
// gives as an argument of a message (what a connector lacks, an element's
// kind): it is translated with the message.
func Phrase(format string, args ...any) Text { return diag.T(format, args...) }

// Errorf reports that the input cannot be read at sp. The message is
// kept as format and args, so that it can be localized: an argument that
// is a [Text] ([Phrase]) is translated with it, any other is kept.
func (g *Graph) Errorf(sp source.Span, format string, args ...any) {
	g.Diags.Add(diag.Diagnostic{Span: sp, Severity: diag.Error, Code: diag.ImportInvalid}.WithText(diag.T(format, args...), diag.Text{}))
}

// Warnf reports a construct that is not carried over (or carried over
// changed) at sp; its message is kept as [Graph.Errorf] keeps it.
func (g *Graph) Warnf(sp source.Span, format string, args ...any) {
	g.Diags.Add(diag.Diagnostic{Span: sp, Severity: diag.Warning, Code: diag.ImportUnsupported}.WithText(diag.T(format, args...), diag.Text{}))
}

// warn adds the warning of format and args at sp to ds.
func warn(ds *diag.List, sp source.Span, format string, args ...any) {
	ds.Add(diag.Diagnostic{Span: sp, Severity: diag.Warning, Code: diag.ImportUnsupported}.WithText(diag.T(format, args...), diag.Text{}))
}

// count reports whether one more element fits, reporting at sp, the
// element that does not, when it is the first.
func (g *Graph) count(sp source.Span) bool {
	if len(g.Lanes)+len(g.Nodes)+len(g.Edges) >= MaxElements {
		if !g.full {
			g.full = true
			g.Errorf(sp, "the input has more than %d lanes, nodes and edges: expected a smaller diagram", MaxElements)
		}
		return false
	}
	return true
}

// Lane returns the lane with the given key, creating it with label (the
// key when label is empty) the first time.
func (g *Graph) Lane(key, label string, sp source.Span) *Lane {
	if l := g.lanes[key]; l != nil {
		return l
	}
	if label == "" {
		label = key
	}
	l := &Lane{Key: key, Label: label, Span: sp}
	if !g.count(sp) {
		return l
	}
	g.lanes[key] = l
	g.Lanes = append(g.Lanes, l)
	return l
}

// FindLane returns the lane with the given key, or nil.
func (g *Graph) FindLane(key string) *Lane { return g.lanes[key] }

// Node returns the node with the given key, creating it in lane with the
// given shape and label (the key when empty) the first time.
func (g *Graph) Node(key string, lane *Lane, shape model.Shape, label string, sp source.Span) *Node {
	if n := g.nodes[key]; n != nil {
		return n
	}
	if label == "" {
		label = key
	}
	n := &Node{Key: key, Lane: lane, Shape: shape, Label: label, Span: sp}
	if !g.count(sp) {
		return n
	}
	g.nodes[key] = n
	g.Nodes = append(g.Nodes, n)
	return n
}

// FindNode returns the node with the given key, or nil.
func (g *Graph) FindNode(key string) *Node { return g.nodes[key] }

// NameOutcomes names the unnamed outcomes of each decision that has two
// or more (flowzap check asks for a name, and a drawing often leaves some
// out): beside named ones, a single unnamed outcome is the other way,
// "else"; otherwise each unnamed one is the way to the step it reaches
// and takes that step's title.
func (g *Graph) NameOutcomes() {
	named, unnamed := map[*Node]int{}, map[*Node]int{}
	for _, e := range g.Edges {
		if e.From.Shape == model.Diamond && e.From != e.To {
			if e.Label == "" {
				unnamed[e.From]++
			} else {
				named[e.From]++
			}
		}
	}
	for _, e := range g.Edges {
		d := e.From
		if e.Label != "" || d.Shape != model.Diamond || d == e.To || named[d]+unnamed[d] < 2 {
			continue
		}
		if named[d] > 0 && unnamed[d] == 1 {
			e.Label = "else"
		} else {
			e.Label, _, _ = strings.Cut(e.To.Label, "|") // a taskbox's title
		}
	}
}

// Edge adds an edge.
func (g *Graph) Edge(from, to *Node, label string, sp source.Span) *Edge {
	e := &Edge{From: from, To: to, Label: label, Span: sp}
	if g.count(sp) {
		g.Edges = append(g.Edges, e)
	}
	return e
}

// Result is a finished import.
type Result struct {
	// Code is strict-valid, formatted FlowZap Code; nil when the input
	// has errors.
	Code []byte
	// Src is the input; Diags are positioned in it.
	Src   *source.File
	Diags diag.List
}

// OK reports whether the import produced code.
func (r *Result) OK() bool { return r.Code != nil }

// Finish turns the graph into FlowZap Code. Nodes are numbered n1..N lane
// by lane, handles are chosen from where each target sits in the flow
// (forward in a lane: right to left; a later lane: bottom to top; an
// earlier lane: top to bottom; backward: over the top), and the result is
// printed with syntax.Print and checked in strict mode.
func (g *Graph) Finish() *Result {
	r := &Result{Src: g.Src, Diags: g.Diags}
	defer r.Diags.Sort()
	if r.Diags.HasErrors() {
		return r
	}
	if len(g.Nodes) == 0 {
		r.Diags.Add(diag.Diagnostic{Span: source.Span{}, Severity: diag.Error, Code: diag.ImportInvalid}.
			WithText(diag.T("no nodes found in the %s input: expected at least one step", g.Format), diag.Text{}))
		return r
	}
	g.assignIDs()
	// Drop lanes without nodes (a pool with no elements): FlowZap lanes
	// are only drawn around nodes; say so.
	var lanes []*Lane
	for _, l := range g.Lanes {
		if g.laneHasNodes(l) {
			lanes = append(lanes, l)
		} else {
			warn(&r.Diags, l.Span, "lane %q has no steps: it is left out (FlowZap lanes hold nodes)", l.Label)
		}
	}
	g.Lanes = lanes
	sides := g.chooseSides()
	file := g.tree(sides, &r.Diags)
	var buf bytes.Buffer
	if err := syntax.Print(&buf, file); err != nil {
		r.Diags.Add(diag.Diagnostic{Severity: diag.Error, Code: diag.ImportInvalid, Msg: err.Error()})
		return r
	}
	// The output must pass the strict check; anything else is a bug in
	// the importer, reported rather than hidden.
	out := source.NewFile("imported.fz", buf.Bytes())
	tree, pd := syntax.Parse(out)
	_, cd := compile.File(tree, compile.Options{Strict: true})
	all := append(pd, cd...)
	if all.HasErrors() {
		var sb strings.Builder
		_ = all.Filter(diag.Error).Print(&sb, out)
		r.Diags.Add(diag.Diagnostic{Severity: diag.Error, Code: diag.ImportInvalid}.
			WithText(diag.T("internal error: the imported code does not pass the strict check:\n%s", sb.String()), diag.Text{}))
		return r
	}
	r.Code = buf.Bytes()
	return r
}

func (g *Graph) laneHasNodes(l *Lane) bool {
	for _, n := range g.Nodes {
		if n.Lane == l {
			return true
		}
	}
	return false
}

// assignIDs gives lanes identifiers made from their keys (unique, never of
// the node form nN) and numbers nodes lane by lane in order.
func (g *Graph) assignIDs() {
	used := map[string]bool{}
	for i, l := range g.Lanes {
		id := ASCIIIdent(l.Key)
		if id == "" {
			id = ASCIIIdent(l.Label)
		}
		if id == "" {
			id = "lane" + strconv.Itoa(i+1)
		}
		if isNodeForm(id) || strings.EqualFold(id, "loop") {
			id = "lane_" + id
		}
		base := id
		for k := 2; used[strings.ToLower(id)]; k++ {
			id = base + "_" + strconv.Itoa(k)
		}
		used[strings.ToLower(id)] = true
		l.id = id
	}
	k := 0
	for _, l := range g.Lanes {
		for _, n := range g.Nodes {
			if n.Lane == l {
				k++
				n.id = "n" + strconv.Itoa(k)
				n.index = k
			}
		}
	}
}

func isNodeForm(id string) bool {
	if len(id) < 2 || (id[0] != 'n' && id[0] != 'N') {
		return false
	}
	for _, c := range id[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// chooseSides builds the model of the imported diagram and infers the
// missing handles from the flow ranks, as the workflow layout places nodes.
func (g *Graph) chooseSides() map[*Edge][2]model.Side {
	doc := model.NewDocument(len(g.Nodes))
	ml := map[*Lane]*model.Lane{}
	for _, l := range g.Lanes {
		m := &model.Lane{ID: l.id, Label: l.Label, HasLabel: true}
		doc.AddLane(m)
		ml[l] = m
	}
	mn := map[*Node]*model.Node{}
	for _, l := range g.Lanes {
		for _, n := range g.Nodes {
			if n.Lane == l {
				m := &model.Node{ID: n.id, Lane: ml[l], Shape: n.Shape, Label: n.Label}
				doc.AddNode(m)
				mn[n] = m
			}
		}
	}
	me := map[*Edge]*model.Edge{}
	for _, e := range g.Edges {
		m := &model.Edge{From: mn[e.From], To: mn[e.To], FromSide: e.FromSide, ToSide: e.ToSide}
		doc.AddEdge(m)
		me[e] = m
	}
	rank, back := model.Ranks(doc)
	out := make(map[*Edge][2]model.Side, len(g.Edges))
	for _, e := range g.Edges {
		f, t := model.InferSides(me[e], rank, back)
		out[e] = [2]model.Side{f, t}
	}
	return out
}

// tree builds the syntax tree: a header comment, then each lane with its
// nodes, its edges (written in their source's lane) and its loops.
func (g *Graph) tree(sides map[*Edge][2]model.Side, ds *diag.List) *syntax.File {
	f := &syntax.File{Src: source.NewFile("imported.fz", nil)}
	name := filepath.Base(g.Src.Name())
	f.Stmts = append(f.Stmts, &syntax.Comment{Text: clean(fmt.Sprintf("Imported from %s (%s) by flowzap import", g.Format, name), 200, nil)})
	for _, n := range g.Notes {
		if n.Lane == nil {
			f.Stmts = append(f.Stmts, &syntax.Comment{Text: clean(n.Text, 500, nil)})
		}
	}
	body := map[*Lane]*syntax.Lane{}
	for i, l := range g.Lanes {
		label := clean(l.Label, 1<<20, func(r rune) {
			warn(ds, l.Span, "emoji %q removed from lane label %q (FlowZap labels take plain text)", string(r), l.Label)
		})
		if label == "" {
			label = l.id
		}
		sl := &syntax.Lane{ID: syntax.Ident{Name: l.id}, Label: &syntax.LaneLabel{Text: label}}
		sl.BlankBefore = i > 0
		body[l] = sl
		f.Stmts = append(f.Stmts, sl)
		for _, n := range g.Notes {
			if n.Lane == l {
				sl.Body = append(sl.Body, &syntax.Comment{Text: clean(n.Text, 500, nil)})
			}
		}
	}
	emoji := func(sp source.Span, what Text) func(rune) {
		return func(r rune) {
			warn(ds, sp, "emoji %q removed from %s (FlowZap labels take plain text)", string(r), what)
		}
	}
	for _, n := range g.Nodes {
		if n.Lane == nil || body[n.Lane] == nil {
			continue
		}
		d := &syntax.NodeDecl{ID: syntax.Ident{Name: n.id}, Shape: syntax.Ident{Name: string(n.Shape)}}
		add := func(key, v string, always bool) {
			// The input's label names the node: its key may be one the
			// importer made up (a sequence message's "seq16").
			v = clean(v, 1<<20, emoji(n.Span, Phrase("the %s %q of a step", key, v)))
			if v != "" || always {
				d.Attrs = append(d.Attrs, &syntax.Attr{Key: syntax.Ident{Name: key}, Sep: syntax.SepColon, Value: syntax.String{Value: v}})
			}
		}
		add("label", n.Label, true)
		add("owner", n.Owner, false)
		add("description", n.Description, false)
		add("system", n.System, false)
		sl := body[n.Lane]
		sl.Body = append(sl.Body, d)
	}
	for _, e := range g.Edges {
		s := sides[e]
		st := &syntax.Edge{
			From: syntax.Endpoint{Node: syntax.Ident{Name: e.From.id}, Handle: handle(s[0])},
			To:   syntax.Endpoint{Node: syntax.Ident{Name: e.To.id}, Handle: handle(s[1])},
		}
		if e.From.Lane != e.To.Lane {
			st.To.Lane = &syntax.Ident{Name: e.To.Lane.id}
		}
		if e.Label != "" {
			if v := clean(e.Label, 1<<20, emoji(e.Span, Phrase("an edge label"))); v != "" {
				st.Attrs = []*syntax.Attr{{Key: syntax.Ident{Name: "label"}, Sep: syntax.SepEquals, Value: syntax.String{Value: v}}}
				st.HasAttrs = true
			}
		}
		sl := body[e.From.Lane]
		sl.Body = append(sl.Body, st)
	}
	for _, lp := range g.Loops {
		var ids []syntax.Ident
		seen := map[*Node]bool{}
		for _, n := range lp.Nodes {
			if !seen[n] && n.id != "" {
				seen[n] = true
				ids = append(ids, syntax.Ident{Name: n.id})
			}
		}
		cond := clean(lp.Condition, 1<<20, emoji(lp.Span, Phrase("a loop condition")))
		cond = strings.NewReplacer("[", "(", "]", ")").Replace(cond)
		if len(ids) == 0 {
			warn(ds, lp.Span, "loop %q covers no step: it is left out", lp.Condition)
			continue
		}
		first := lp.Nodes[0]
		sl := body[first.Lane]
		if len(ids) == 1 {
			warn(ds, lp.Span, "loop %q covers a single step (%s): FlowZap loops need two or more, so it is kept as a comment", lp.Condition, ids[0].Name)
			sl.Body = append(sl.Body, &syntax.Comment{Text: "loop [" + cond + "] " + ids[0].Name})
			continue
		}
		sl.Body = append(sl.Body, &syntax.Loop{Keyword: syntax.Ident{Name: "loop"}, Condition: cond, Nodes: ids})
	}
	return f
}

func handle(s model.Side) *syntax.Handle {
	return &syntax.Handle{Keyword: syntax.Ident{Name: "handle"}, Side: syntax.Ident{Name: string(s)}}
}

// clean makes text fit a FlowZap string: control characters become
// spaces, runs of blanks one space, emoji are removed (onEmoji is told
// about each), and the text is cut to max characters.
func clean(s string, max int, onEmoji func(rune)) string {
	var b strings.Builder
	told := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r):
			b.WriteByte(' ')
		case compile.IsEmoji(r):
			if onEmoji != nil && !told && r > 0x2000 && r != 0xFE0F && r != 0x200D {
				onEmoji(r)
				told = true
			}
		default:
			b.WriteRune(r)
		}
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	if utf8.RuneCountInString(out) > max {
		out = string([]rune(out)[:max])
	}
	return out
}

// Clean is clean without emoji reporting, for importers' own use.
func Clean(s string) string { return clean(s, 1<<20, nil) }
