// Package patch applies atomic edit operations to FlowZap Code, the edits a
// diagram editor makes: insert, remove, update (shape, label, taskbox
// fields) and move nodes; insert, remove, update (label, handle sides) and
// reverse edges; insert, rename, move and remove lanes; insert, update and
// remove loops; and the manual layout adjustments of the `// @layout`
// block (nudgeNode, reorderLane, clearLayout).
//
// Operations work on the syntax tree, so comments and the order of
// everything else are kept; the result is printed canonically and checked.
// Either every operation applies and the result has no errors, or nothing
// changes and the error says which operation failed and why.
//
// The rules of the official style hold after every batch: node IDs stay
// n1..nN without gaps when they were (nodes after a removed one move down
// and every reference follows, including the @layout block), an edge is
// written in its source node's lane with the target's lane prefix when it
// crosses lanes, and a loop sits in its first node's lane.
//
// Elements are named as the SVG names them in its data-id attributes: a
// node or lane by its ID, an edge as "eN" (its 1-based place in written
// order) and a loop as "loopN" (the same for loops). In an operation,
// "edge" and "loop" name an element of the input code (before any
// operation of the batch), so a selection made on the picture can be used
// as is; node and lane IDs are the current ones. Each [OpResult] names the
// element an operation created or changed in the output code, so a caller
// can select it.
package patch

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// Op is one operation. Fields not used by an operation are ignored;
// pointer fields distinguish "leave as is" (nil) from "set to empty".
type Op struct {
	Op          string   `json:"op" jsonschema:"insertNode, removeNode, updateNode, moveNode, insertEdge, removeEdge, updateEdge, reverseEdge, insertLane, renameLane, moveLane, removeLane, insertLoop, updateLoop, removeLoop, nudgeNode, orderNode, reorderLane or clearLayout"`
	ID          string   `json:"id,omitempty" jsonschema:"node ID (lane ID for insertLane, renameLane, moveLane, removeLane and reorderLane); insertNode picks the next nN when empty; clearLayout: the node whose adjustment goes (all of them when empty)"`
	Lane        string   `json:"lane,omitempty" jsonschema:"target lane for insertNode and moveNode"`
	Shape       string   `json:"shape,omitempty" jsonschema:"circle, rectangle, diamond or taskbox"`
	Label       *string  `json:"label,omitempty" jsonschema:"node, edge or lane label"`
	Owner       *string  `json:"owner,omitempty" jsonschema:"insertNode, updateNode: the node's owner (a person or team); empty removes it"`
	Description *string  `json:"description,omitempty" jsonschema:"insertNode, updateNode: a longer description of the node; empty removes it"`
	System      *string  `json:"system,omitempty" jsonschema:"insertNode, updateNode: the system the step runs in (Stripe, Postgres); empty removes it"`
	From        string   `json:"from,omitempty" jsonschema:"edge source node ID"`
	To          string   `json:"to,omitempty" jsonschema:"edge target node ID"`
	FromSide    string   `json:"fromSide,omitempty" jsonschema:"left, right, top or bottom (inferred when empty)"`
	ToSide      string   `json:"toSide,omitempty" jsonschema:"left, right, top or bottom: the side the edge enters its target (inferred when empty)"`
	Index       *int     `json:"index,omitempty" jsonschema:"which of several parallel edges from->to, counting from 0; updateLoop and removeLoop: the loop's number in written order, from 0; moveLane and reorderLane: the lane's new place among the lanes, from 0"`
	Edge        string   `json:"edge,omitempty" jsonschema:"removeEdge, updateEdge, reverseEdge: the edge as the SVG names it (e1, e2, ... in written order of the input code), instead of from, to and index"`
	Loop        string   `json:"loop,omitempty" jsonschema:"updateLoop, removeLoop: the loop as the SVG names it (loop1, loop2, ... in written order of the input code), instead of index"`
	DX          *int     `json:"dx,omitempty" jsonschema:"nudgeNode: pixels to move the node right (negative: left), added to its current adjustment and snapped to the 8-pixel grid"`
	DY          *int     `json:"dy,omitempty" jsonschema:"nudgeNode: pixels to move the node down (negative: up)"`
	NewID       string   `json:"newId,omitempty" jsonschema:"renameLane: the new lane ID"`
	After       string   `json:"after,omitempty" jsonschema:"insertLane: the lane to insert after (end when empty); insertNode: the node to insert after; orderNode: the node of the same lane to draw it after (empty: no order)"`
	Before      string   `json:"before,omitempty" jsonschema:"insertNode: the node to insert before"`
	Position    *int     `json:"position,omitempty" jsonschema:"insertEdge: 0-based place among the edges written in the source's lane (their message order); the end when absent"`
	Nodes       []string `json:"nodes,omitempty" jsonschema:"insertLoop and updateLoop: the loop's node IDs in execution order"`
}

// JSONPlace names the operation at 0-based index i as errors do
// ("operation 2 (insertNode)"), so that an unknown field in a JSON batch
// is reported at its operation.
func (o Op) JSONPlace(i int) string {
	if o.Op == "" {
		return fmt.Sprintf("operation %d", i+1)
	}
	return fmt.Sprintf("operation %d (%s)", i+1, o.Op)
}

// Result is the patched code.
type Result struct {
	Code    []byte
	Applied []string // one line per operation (and one for renumbering)
	// Results says, for each operation in order, which element of Code
	// it created or changed.
	Results []OpResult
	Diags   diag.List
	File    *source.File
}

// OpResult names the element an operation created or changed, in the
// output code and as the SVG's data-id attributes name it, so that a
// caller can select it. Fields that do not apply are empty; an element
// removed by a later operation of the same batch is left out.
type OpResult struct {
	Op   string `json:"op"`
	Node string `json:"node,omitempty"` // node ID (after renumbering)
	Edge string `json:"edge,omitempty"` // "eN": the edge's place in written order
	Lane string `json:"lane,omitempty"` // lane ID
	Loop string `json:"loop,omitempty"` // "loopN": the loop's place in written order
	// DX and DY are a nudged node's whole adjustment after nudgeNode.
	DX *int `json:"dx,omitempty"`
	DY *int `json:"dy,omitempty"`
}

// Error is a failed operation.
type Error struct {
	Index int // 0-based operation number, -1 for the input or the result
	Op    string
	Msg   string    // in English
	text  diag.Text // Msg as format and arguments, for [Error.In]
}

// Error says which operation failed and why.
func (e *Error) Error() string {
	if e.Index < 0 {
		return e.Msg
	}
	return fmt.Sprintf("operation %d (%s): %s", e.Index+1, e.Op, e.Msg)
}

// Text returns the message of [Error.Error] as a text that can be given
// in another language (its String is Error's message).
func (e *Error) Text() diag.Text {
	text := e.text
	if text.Format == "" {
		text = diag.T("%s", e.Msg)
	}
	if e.Index < 0 {
		return text
	}
	return diag.T("operation %d (%s): %s", e.Index+1, e.Op, text)
}

// In returns the message of [Error.Error] in lang ("en", "fr" or "zh").
func (e *Error) In(lang string) string { return e.Text().In(lang) }

// newError returns the Error of operation index (-1 for the input or the
// result) whose message is msg.
func newError(index int, op string, msg diag.Text) *Error {
	return &Error{Index: index, Op: op, Msg: msg.String(), text: msg}
}

// textError is an error whose message can be given in another language.
type textError struct{ text diag.Text }

func (e *textError) Error() string { return e.text.String() }

// errorf returns an error of format and args that [Error.In] can
// translate (the catalogs of package diag hold the formats).
func errorf(format string, args ...any) error {
	return &textError{diag.T(format, args...)}
}

// errorsText is the first error of l and how many more there are, as
// diag.List.Err words them.
func errorsText(l diag.List) diag.Text {
	errs := l.Filter(diag.Error)
	if len(errs) > 1 {
		return diag.T("%s [%s] (and %d more errors)", errs[0].MsgText(), errs[0].Code, len(errs)-1)
	}
	return diag.T("%s [%s]", errs[0].MsgText(), errs[0].Code)
}

// MaxOps is the most operations one batch may hold (a gesture sends a
// few; a larger edit goes in several batches).
const MaxOps = 1000

// Apply applies ops to src. On error nothing is applied.
func Apply(name string, src []byte, ops []Op) (*Result, error) {
	if len(ops) == 0 {
		return nil, newError(-1, "", diag.T("no operations given: expected a list of one or more operations"))
	}
	if len(ops) > MaxOps {
		return nil, newError(-1, "", diag.T("%d operations in one batch; the limit is %d: send them in several batches", len(ops), MaxOps))
	}
	f, pd := syntax.Parse(source.NewFile(name, src))
	if pd.HasErrors() {
		return nil, newError(-1, "", diag.T("the input has syntax errors: %s", errorsText(pd)))
	}
	if _, cd := compile.File(f, compile.Options{}); cd.HasErrors() {
		return nil, newError(-1, "", diag.T("the input has errors: %s", errorsText(cd)))
	}
	p := newPatcher(f)
	var applied []string
	refs := make([]*ref, len(ops))
	for i, op := range ops {
		p.cur = &ref{op: op.Op}
		msg, err := p.apply(op)
		if err != nil {
			return nil, newError(i, op.Op, opText(err))
		}
		refs[i] = p.cur
		applied = append(applied, msg)
	}
	p.sweep()
	p.normalizeEdges()
	if msg := p.renumber(); msg != "" {
		applied = append(applied, msg)
	}
	p.writeLayout()
	var b bytes.Buffer
	syntax.Print(&b, f)
	out := source.NewFile(name, b.Bytes())
	_, _, all := compile.Source(out, compile.Options{})
	if all.HasErrors() {
		return nil, newError(-1, "", diag.T("the result would have errors: %s", errorsText(all)))
	}
	return &Result{Code: b.Bytes(), Applied: applied, Results: p.results(refs), Diags: all, File: out}, nil
}

// opText is the message of an operation's error.
func opText(err error) diag.Text {
	var te *textError
	if errors.As(err, &te) {
		return te.text
	}
	return diag.T("%s", err.Error())
}

// ref is what one operation created or changed, resolved to output names
// once every operation has run.
type ref struct {
	op     string
	node   *syntax.NodeDecl
	edge   *syntax.Edge
	lane   *syntax.Lane
	loop   *syntax.Loop
	nudged string // node ID whose adjustment nudgeNode changed
}

// results names each operation's element in the output: edges and loops
// by their place in written order, which is the order the printer writes
// them in (a lane's edges and loops keep their relative order).
func (p *patcher) results(refs []*ref) []OpResult {
	edgeN, loopN := map[*syntax.Edge]int{}, map[*syntax.Loop]int{}
	walkEdgesLoops(p.f, func(e *syntax.Edge) { edgeN[e] = len(edgeN) + 1 }, func(l *syntax.Loop) { loopN[l] = len(loopN) + 1 })
	laneLive := map[*syntax.Lane]bool{}
	for _, l := range p.laneList {
		laneLive[l] = true
	}
	out := make([]OpResult, len(refs))
	for i, r := range refs {
		o := OpResult{Op: r.op}
		if r.node != nil && !p.goneStmt[r.node] {
			o.Node = r.node.ID.Name
		}
		if n := edgeN[r.edge]; r.edge != nil && n > 0 {
			o.Edge = "e" + strconv.Itoa(n)
		}
		if r.lane != nil && laneLive[r.lane] {
			o.Lane = r.lane.ID.Name
		}
		if n := loopN[r.loop]; r.loop != nil && n > 0 {
			o.Loop = "loop" + strconv.Itoa(n)
		}
		if r.nudged != "" {
			id := p.finalID(r.nudged)
			if a, ok := p.layout.nodes[r.nudged]; ok && id != "" {
				o.Node = id
				o.DX, o.DY = &a.dx, &a.dy
			} else if id != "" {
				o.Node = id
				zero := 0
				o.DX, o.DY = &zero, &zero
			}
		}
		out[i] = o
	}
	return out
}

// walkEdgesLoops calls edge and loop for every edge and loop statement of f
// in written order (the order compile numbers them in).
func walkEdgesLoops(f *syntax.File, edge func(*syntax.Edge), loop func(*syntax.Loop)) {
	visit := func(s syntax.Stmt) {
		switch s := s.(type) {
		case *syntax.Edge:
			edge(s)
		case *syntax.Loop:
			if len(s.Nodes) > 0 {
				loop(s)
			}
		}
	}
	for _, s := range f.Stmts {
		if l, ok := s.(*syntax.Lane); ok {
			for _, b := range l.Body {
				visit(b)
			}
			continue
		}
		visit(s)
	}
}

type patcher struct {
	f     *syntax.File
	moved map[string]bool // nodes whose lane changed, lanes renamed

	// Indexes, so that every operation costs about the size of what it
	// touches rather than of the whole file.
	laneList []*syntax.Lane
	laneByID map[string]*syntax.Lane
	laneOfID map[string]*syntax.Lane     // node ID -> lane
	decls    map[string]*syntax.NodeDecl // node ID -> declaration
	edges    map[string][]*syntax.Edge   // "from\x00to" -> edges in written order
	laneEdge map[*syntax.Lane][]*syntax.Edge
	byNode   map[string][]*syntax.Edge // node ID -> edges touching it
	loops    []*syntax.Loop            // in written order (index n is loopN+1), then inserted ones
	maxN     int
	gapFree  bool // the input's node IDs are n1..nK

	// Removals are swept once at the end.
	gone     map[string]bool // removed node IDs
	goneStmt map[syntax.Stmt]bool

	edgeLane map[*syntax.Edge]*syntax.Lane // the lane an edge is written in (nil: top level)
	inEdges  []*syntax.Edge                // the input's edges in written order: e1, e2, ...
	inLoops  []*syntax.Loop                // the input's loops in written order: loop1, ...
	relocate map[*syntax.Edge]bool         // edges whose ends changed (reverseEdge)
	renamed  map[string]string             // renumbering: old node ID -> new
	layout   *layoutBlock                  // the @layout block
	cur      *ref                          // what the running operation names
}

func newPatcher(f *syntax.File) *patcher {
	p := &patcher{f: f, moved: map[string]bool{}, laneByID: map[string]*syntax.Lane{}, laneOfID: map[string]*syntax.Lane{},
		decls: map[string]*syntax.NodeDecl{}, edges: map[string][]*syntax.Edge{}, laneEdge: map[*syntax.Lane][]*syntax.Edge{},
		byNode: map[string][]*syntax.Edge{}, gone: map[string]bool{}, goneStmt: map[syntax.Stmt]bool{},
		edgeLane: map[*syntax.Edge]*syntax.Lane{}, relocate: map[*syntax.Edge]bool{}}
	addList := func(l *syntax.Lane, list []syntax.Stmt) {
		for _, s := range list {
			switch s := s.(type) {
			case *syntax.NodeDecl:
				if l != nil {
					p.laneOfID[s.ID.Name], p.decls[s.ID.Name] = l, s
					p.maxN = max(p.maxN, compile.NodeNumber(s.ID.Name))
				}
			case *syntax.Edge:
				p.indexEdge(l, s, -1)
			}
		}
	}
	addList(nil, f.Stmts)
	for _, s := range f.Stmts {
		if l, ok := s.(*syntax.Lane); ok {
			p.laneList = append(p.laneList, l)
			p.laneByID[l.ID.Name] = l
			addList(l, l.Body)
		}
	}
	walkEdgesLoops(f, func(e *syntax.Edge) { p.inEdges = append(p.inEdges, e) }, func(l *syntax.Loop) { p.inLoops = append(p.inLoops, l) })
	p.loops = slices.Clone(p.inLoops) // index n is loop n+1, as the SVG numbers them
	p.layout = readLayout(f)
	// Entries naming nodes or lanes the input does not have are stale:
	// drop them before a new node or lane could take their ID.
	for id, a := range p.layout.nodes {
		if p.decls[id] == nil {
			delete(p.layout.nodes, id)
		} else if a.after != "" && p.decls[a.after] == nil {
			a.after = ""
			p.layout.set(id, a)
		}
	}
	p.layout.order = slices.DeleteFunc(p.layout.order, func(id string) bool { return p.laneByID[id] == nil })
	p.gapFree = len(p.decls) > 0
	for id := range p.decls {
		if n := compile.NodeNumber(id); n < 1 || n > len(p.decls) || "n"+strconv.Itoa(n) != id {
			p.gapFree = false
		}
	}
	return p
}

func edgeKey(from, to string) string { return from + "\x00" + to }

// indexEdge records e, written in lane l (nil at the top level) at place
// at among that lane's edges (-1: the end).
func (p *patcher) indexEdge(l *syntax.Lane, e *syntax.Edge, at int) {
	k := edgeKey(e.From.Node.Name, e.To.Node.Name)
	p.edges[k] = append(p.edges[k], e)
	p.edgeLane[e] = l
	p.byNode[e.From.Node.Name] = append(p.byNode[e.From.Node.Name], e)
	if e.To.Node.Name != e.From.Node.Name {
		p.byNode[e.To.Node.Name] = append(p.byNode[e.To.Node.Name], e)
	}
	if l != nil {
		if at < 0 || at >= len(p.laneEdge[l]) {
			p.laneEdge[l] = append(p.laneEdge[l], e)
		} else {
			p.laneEdge[l] = slices.Insert(p.laneEdge[l], at, e)
		}
	}
}

// live reports whether edge e is still there.
func (p *patcher) live(e *syntax.Edge) bool {
	return !p.goneStmt[e] && !p.gone[e.From.Node.Name] && !p.gone[e.To.Node.Name]
}

func (p *patcher) lanes() []*syntax.Lane { return p.laneList }

func (p *patcher) lane(id string) *syntax.Lane { return p.laneByID[id] }

// node returns the lane, the index in its body and the declaration of node
// id (the index costs a scan of that lane only).
func (p *patcher) node(id string) (*syntax.Lane, int, *syntax.NodeDecl) {
	n := p.decls[id]
	if n == nil {
		return nil, -1, nil
	}
	l := p.laneOfID[id]
	for i, s := range l.Body {
		if s == syntax.Stmt(n) {
			return l, i, n
		}
	}
	return nil, -1, nil
}

// oneLine rejects text with a line break: every FlowZap label is one line.
func oneLine(what string, v *string) error {
	if v != nil && strings.ContainsAny(*v, "\n\r") {
		if what == "loop condition" {
			return errorf("the loop condition contains a line break: FlowZap labels are one line (a taskbox lists sub-items with |)")
		}
		return errorf("the %s contains a line break: FlowZap labels are one line (a taskbox lists sub-items with |)", what)
	}
	return nil
}

// printable refuses text the language cannot hold: control characters
// other than tab (a line break is refused by [oneLine] in its own words).
func printable(field, v string) error {
	for i, r := range v {
		if r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f {
			return errorf("%s: control character %U (at character %d) is not allowed: expected printable text", field, r, utf8.RuneCountInString(v[:i])+1)
		}
	}
	return nil
}

// checkFields refuses, before any code is written, text that the
// language cannot hold in the field it goes to, naming the field.
func checkFields(op Op) error {
	for _, v := range []struct {
		what string
		v    *string
	}{{"label", op.Label}, {"owner", op.Owner}, {"description", op.Description}, {"system", op.System}} {
		if v.v == nil {
			continue
		}
		if err := printable(v.what, *v.v); err != nil {
			return err
		}
		what := v.what
		if v.what == "label" && (op.Op == "insertLoop" || op.Op == "updateLoop") {
			what = "loop condition"
		}
		if err := oneLine(what, v.v); err != nil {
			return err
		}
	}
	if op.Label != nil && (op.Op == "insertLoop" || op.Op == "updateLoop") {
		// A loop condition is written between [ and ], unquoted: the
		// first ] ends it.
		if i := strings.IndexByte(*op.Label, ']'); i >= 0 {
			return errorf("label: a loop condition cannot contain \"]\" (at character %d): the language ends the condition at the first ]", utf8.RuneCountInString((*op.Label)[:i])+1)
		}
	}
	for _, v := range []struct{ what, v string }{{"id", op.ID}, {"lane", op.Lane}, {"shape", op.Shape}, {"from", op.From},
		{"to", op.To}, {"fromSide", op.FromSide}, {"toSide", op.ToSide}, {"edge", op.Edge}, {"loop", op.Loop},
		{"newId", op.NewID}, {"after", op.After}, {"before", op.Before}} {
		if err := printable(v.what, v.v); err != nil {
			return err
		}
	}
	seen := map[string]int{}
	for i, id := range op.Nodes {
		if err := printable(fmt.Sprintf("nodes[%d]", i), id); err != nil {
			return err
		}
		if j, ok := seen[id]; ok {
			return errorf("nodes: node %q is listed twice (at places %d and %d): a loop lists each node once", id, j+1, i+1)
		}
		seen[id] = i
	}
	return nil
}

func (p *patcher) apply(op Op) (string, error) {
	if err := checkFields(op); err != nil {
		return "", err
	}
	if err := required(op); err != nil {
		return "", err
	}
	switch op.Op {
	case "insertNode":
		return p.insertNode(op)
	case "removeNode":
		return p.removeNode(op)
	case "updateNode":
		return p.updateNode(op)
	case "moveNode":
		return p.moveNode(op)
	case "insertEdge":
		return p.insertEdge(op)
	case "removeEdge":
		return p.removeEdge(op)
	case "updateEdge":
		return p.updateEdge(op)
	case "insertLane":
		return p.insertLane(op)
	case "renameLane":
		return p.renameLane(op)
	case "insertLoop":
		return p.insertLoop(op)
	case "updateLoop":
		return p.updateLoop(op)
	case "removeLoop":
		return p.removeLoop(op)
	case "reverseEdge":
		return p.reverseEdge(op)
	case "moveLane":
		return p.moveLane(op)
	case "removeLane":
		return p.removeLane(op)
	case "nudgeNode":
		return p.nudgeNode(op)
	case "reorderLane":
		return p.reorderLane(op)
	case "clearLayout":
		return p.clearLayout(op)
	case "orderNode":
		return p.orderNode(op)
	}
	return "", errorf("unknown operation %q: expected one of %s", op.Op, strings.Join(OpNames, ", "))
}

// required names a field an operation cannot do without when it is
// left out, instead of looking up an empty name (`node "" does not
// exist`, `no edge  -> `), which did not say what to send.
func required(op Op) error {
	need := func(field string, what diag.Text) error {
		return errorf("%s is missing: %s needs %s", field, op.Op, what)
	}
	switch op.Op {
	case "removeNode", "updateNode", "nudgeNode", "orderNode":
		if op.ID == "" {
			return need("id", diag.T("the ID of a node (n1, n2, ...)"))
		}
	case "moveNode":
		if op.ID == "" {
			return need("id", diag.T("the ID of a node (n1, n2, ...)"))
		}
		if op.Lane == "" {
			return need("lane", diag.T("the ID of the lane to move the node to"))
		}
	case "insertNode":
		if op.Lane == "" {
			return need("lane", diag.T("the ID of the lane to add the node to"))
		}
	case "insertEdge":
		if op.From == "" {
			return need("from", diag.T("the ID of the edge's source node"))
		}
		if op.To == "" {
			return need("to", diag.T("the ID of the edge's target node"))
		}
	case "removeEdge", "updateEdge", "reverseEdge":
		if op.Edge == "" && (op.From == "" || op.To == "") {
			return errorf("the edge is missing: %s needs edge (e1, e2, ... in written order) or from and to (the IDs of its nodes)", op.Op)
		}
	case "insertLane", "renameLane", "removeLane", "moveLane", "reorderLane":
		if op.ID == "" {
			return need("id", diag.T("the ID of a lane"))
		}
	}
	return nil
}

// OpNames lists every operation, in the order docs/api.md describes them.
var OpNames = []string{"insertNode", "removeNode", "updateNode", "moveNode", "insertEdge", "removeEdge", "updateEdge", "reverseEdge",
	"insertLane", "renameLane", "moveLane", "removeLane", "insertLoop", "updateLoop", "removeLoop", "nudgeNode", "orderNode", "reorderLane", "clearLayout"}

func validID(id string) bool {
	if id == "" {
		return false
	}
	for i, r := range id {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' && i > 0
		if !ok {
			return false
		}
	}
	return true
}

func (p *patcher) nextID() string {
	p.maxN++
	return "n" + strconv.Itoa(p.maxN)
}

func isShape(s string) bool { return slices.Contains(syntax.Shapes, s) }
func isSide(s string) bool  { return slices.Contains(syntax.Sides, s) }

func (p *patcher) insertNode(op Op) (string, error) {
	l := p.lane(op.Lane)
	if l == nil {
		return "", errorf("lane %q does not exist", op.Lane)
	}
	id := op.ID
	if id == "" {
		id = p.nextID()
	}
	if !validID(id) {
		return "", errorf("node ID %q is not valid: expected letters, digits, _ or -", id)
	}
	if p.decls[id] != nil {
		return "", errorf("node %q already exists", id)
	}
	if p.gone[id] {
		return "", errorf("node %q was removed by an earlier operation: give the new node another ID", id)
	}
	shape := op.Shape
	if shape == "" {
		shape = "rectangle"
	}
	if !isShape(shape) {
		return "", errorf("unknown shape %q: expected circle, rectangle, diamond or taskbox", shape)
	}
	n := &syntax.NodeDecl{ID: syntax.Ident{Name: id}, Shape: syntax.Ident{Name: shape}}
	label := ""
	if op.Label != nil {
		label = *op.Label
	}
	setAttr(n, "label", &label)
	setAttr(n, "owner", op.Owner)
	setAttr(n, "description", op.Description)
	setAttr(n, "system", op.System)
	// The printer writes a lane's nodes before its edges, so a new last
	// node can go at the end of the body (before trailing comments).
	at := len(l.Body)
	for at > 0 {
		if _, ok := l.Body[at-1].(*syntax.Comment); !ok {
			break
		}
		at--
	}
	if ref := op.After + op.Before; ref != "" {
		if op.After != "" && op.Before != "" {
			return "", errorf("give after or before, not both")
		}
		rl, i, rn := p.node(ref)
		if rn == nil {
			return "", errorf("node %q (to insert next to) does not exist", ref)
		}
		if rl != l {
			return "", errorf("node %q is in lane %s, not in lane %s", ref, rl.ID.Name, l.ID.Name)
		}
		at = i
		if op.After != "" {
			at = i + 1
		}
	}
	l.Body = append(l.Body[:at], append([]syntax.Stmt{n}, l.Body[at:]...)...)
	p.decls[id], p.laneOfID[id] = n, l
	p.maxN = max(p.maxN, compile.NodeNumber(id))
	p.cur.node, p.cur.lane = n, l
	return fmt.Sprintf("inserted node %s (%s %q) in lane %s", id, shape, label, l.ID.Name), nil
}

// setAttr sets key to *v (nil leaves it; an empty owner, description or
// system removes the attribute).
func setAttr(n *syntax.NodeDecl, key string, v *string) {
	if v == nil {
		return
	}
	for i, a := range n.Attrs {
		if strings.EqualFold(a.Key.Name, key) {
			if *v == "" && key != "label" {
				n.Attrs = append(n.Attrs[:i], n.Attrs[i+1:]...)
				return
			}
			a.Value.Value = *v
			return
		}
	}
	if *v == "" && key != "label" {
		return
	}
	n.Attrs = append(n.Attrs, &syntax.Attr{Key: syntax.Ident{Name: key}, Sep: syntax.SepColon, Value: syntax.String{Value: *v}})
}

// edges calls fn for every edge statement with the list holding it.
func (p *patcher) eachList(fn func(list *[]syntax.Stmt)) {
	fn(&p.f.Stmts)
	for _, l := range p.lanes() {
		fn(&l.Body)
	}
}

func (p *patcher) removeNode(op Op) (string, error) {
	n := p.decls[op.ID]
	if n == nil {
		return "", errorf("node %q does not exist", op.ID)
	}
	edges, loops := 0, 0
	for _, e := range p.byNode[op.ID] {
		if !p.goneStmt[e] && (!p.gone[e.From.Node.Name] || e.From.Node.Name == op.ID) && (!p.gone[e.To.Node.Name] || e.To.Node.Name == op.ID) {
			edges++
		}
	}
	for _, l := range p.loops {
		if !p.goneStmt[l] && slices.ContainsFunc(l.Nodes, func(x syntax.Ident) bool { return x.Name == op.ID }) {
			loops++
		}
	}
	p.cur.lane = p.laneOfID[op.ID]
	p.goneStmt[n] = true
	p.gone[op.ID] = true
	delete(p.decls, op.ID)
	delete(p.laneOfID, op.ID)
	p.layout.forget(op.ID, true)
	return fmt.Sprintf("removed node %s with %d edges and %d loop references", op.ID, edges, loops), nil
}

// sweep removes, in one pass, the statements removed by operations and
// the edges and loop references of removed nodes.
func (p *patcher) sweep() {
	if len(p.goneStmt) == 0 && len(p.gone) == 0 {
		return
	}
	p.eachList(func(list *[]syntax.Stmt) {
		out := (*list)[:0]
		for _, s := range *list {
			if p.goneStmt[s] {
				continue
			}
			switch s := s.(type) {
			case *syntax.Edge:
				if p.gone[s.From.Node.Name] || p.gone[s.To.Node.Name] {
					continue
				}
			case *syntax.Loop:
				kept, prefixes := s.Nodes[:0], []*syntax.Ident(nil)
				for i, id := range s.Nodes {
					if !p.gone[id.Name] {
						kept = append(kept, id)
						prefixes = append(prefixes, s.Prefix(i))
					}
				}
				if s.Prefixes != nil {
					s.Prefixes = prefixes
				}
				shrunk := len(kept) < len(s.Nodes)
				s.Nodes = kept
				if len(kept) == 0 || shrunk && len(kept) < 2 {
					continue // a loop needs two nodes
				}
			}
			out = append(out, s)
		}
		*list = out
	})
}

// renumber keeps node numbering gap-free: when the input's IDs were
// n1..nK and the operations left gaps, the nodes after each gap move down
// (their order kept) and every reference follows.
func (p *patcher) renumber() string {
	if !p.gapFree {
		return ""
	}
	var nums []int
	ok := true
	for _, l := range p.lanes() {
		for _, st := range l.Body {
			if n, isNode := st.(*syntax.NodeDecl); isNode && !p.goneStmt[n] {
				k := compile.NodeNumber(n.ID.Name)
				if k < 1 || "n"+strconv.Itoa(k) != n.ID.Name {
					ok = false // a new node with an ID of another form
				}
				nums = append(nums, k)
			}
		}
	}
	slices.Sort(nums)
	k := len(nums)
	if !ok || k == 0 || nums[k-1] == k {
		return ""
	}
	ids := map[string]string{}
	p.renamed = ids
	var changes []string
	for i, n := range nums {
		if n != i+1 {
			old, nw := "n"+strconv.Itoa(n), "n"+strconv.Itoa(i+1)
			ids[old] = nw
			changes = append(changes, old+"->"+nw)
		}
	}
	ren := func(id *syntax.Ident) {
		if nw, ok := ids[id.Name]; ok {
			id.Name = nw
		}
	}
	visit := func(list []syntax.Stmt) {
		for _, s := range list {
			switch s := s.(type) {
			case *syntax.NodeDecl:
				ren(&s.ID)
			case *syntax.Edge:
				ren(&s.From.Node)
				ren(&s.To.Node)
			case *syntax.Loop:
				for i := range s.Nodes {
					ren(&s.Nodes[i])
				}
			}
		}
	}
	visit(p.f.Stmts)
	for _, l := range p.lanes() {
		visit(l.Body)
	}
	if len(changes) > 12 {
		changes = append(changes[:12], fmt.Sprintf("and %d more", len(changes)-12))
	}
	return "renumbered nodes to keep n1..n" + strconv.Itoa(k) + " without gaps: " + strings.Join(changes, ", ")
}

func (p *patcher) updateNode(op Op) (string, error) {
	_, _, n := p.node(op.ID)
	if n == nil {
		return "", errorf("node %q does not exist", op.ID)
	}
	p.cur.node = n
	if op.Shape != "" {
		if !isShape(op.Shape) {
			return "", errorf("unknown shape %q: expected circle, rectangle, diamond or taskbox", op.Shape)
		}
		n.Shape.Name = op.Shape
	}
	setAttr(n, "label", op.Label)
	setAttr(n, "owner", op.Owner)
	setAttr(n, "description", op.Description)
	setAttr(n, "system", op.System)
	if op.Lane != "" {
		return p.moveNode(op)
	}
	return fmt.Sprintf("updated node %s", op.ID), nil
}

func (p *patcher) moveNode(op Op) (string, error) {
	from, i, n := p.node(op.ID)
	if n == nil {
		return "", errorf("node %q does not exist", op.ID)
	}
	to := p.lane(op.Lane)
	if to == nil {
		return "", errorf("lane %q does not exist", op.Lane)
	}
	p.cur.node, p.cur.lane = n, to
	if from == to {
		return fmt.Sprintf("node %s is already in lane %s", op.ID, op.Lane), nil
	}
	from.Body = append(from.Body[:i], from.Body[i+1:]...)
	at := 0
	for j, s := range to.Body {
		if _, ok := s.(*syntax.NodeDecl); ok {
			at = j + 1
		}
	}
	to.Body = append(to.Body[:at], append([]syntax.Stmt{n}, to.Body[at:]...)...)
	p.laneOfID[op.ID] = to
	p.moved[op.ID] = true
	// Its manual offset was from its place in the old lane: it starts
	// from its automatic place in the new one (a nudgeNode after the move
	// in the same batch places it where it was dropped).
	p.layout.forget(op.ID, true)
	return fmt.Sprintf("moved node %s from lane %s to lane %s", op.ID, from.ID.Name, to.ID.Name), nil
}

// laneOf returns the lane holding node id.
func (p *patcher) laneOf(id string) *syntax.Lane { return p.laneOfID[id] }

func (p *patcher) insertEdge(op Op) (string, error) {
	fl, tl := p.laneOf(op.From), p.laneOf(op.To)
	if fl == nil {
		return "", errorf("source node %q does not exist", op.From)
	}
	if tl == nil {
		return "", errorf("target node %q does not exist", op.To)
	}
	fs, ts := op.FromSide, op.ToSide
	if fs == "" || ts == "" {
		dfs, dts := p.inferSides(fl, tl)
		if fs == "" {
			fs = dfs
		}
		if ts == "" {
			ts = dts
		}
	}
	if !isSide(fs) || !isSide(ts) {
		return "", errorf("unknown side %q/%q: expected left, right, top or bottom", fs, ts)
	}
	e := &syntax.Edge{
		From: syntax.Endpoint{Node: syntax.Ident{Name: op.From}, Handle: handle(fs)},
		To:   syntax.Endpoint{Node: syntax.Ident{Name: op.To}, Handle: handle(ts)},
	}
	if tl != fl {
		e.To.Lane = &syntax.Ident{Name: tl.ID.Name}
	}
	if op.Label != nil {
		e.Attrs = []*syntax.Attr{{Key: syntax.Ident{Name: "label"}, Sep: syntax.SepEquals, Value: syntax.String{Value: *op.Label}}}
		e.HasAttrs = true
	}
	where := ""
	at := -1
	if op.Position != nil {
		var live []*syntax.Edge
		for _, x := range p.laneEdge[fl] {
			if p.live(x) {
				live = append(live, x)
			}
		}
		p.laneEdge[fl] = live
		if *op.Position < 0 || *op.Position > len(live) {
			return "", errorf("position %d out of range: lane %s has %d edges (0 to %d)", *op.Position, fl.ID.Name, len(live), len(live))
		}
		if *op.Position < len(live) {
			at = *op.Position
			where = fmt.Sprintf(" at position %d of lane %s", at, fl.ID.Name)
		}
	}
	if at >= 0 {
		anchor := syntax.Stmt(p.laneEdge[fl][at])
		if i := slices.Index(fl.Body, anchor); i >= 0 {
			fl.Body = slices.Insert(fl.Body, i, syntax.Stmt(e))
		} else {
			insertBeforeTrailingComments(fl, e)
		}
	} else {
		i := len(fl.Body)
		for j := len(fl.Body) - 1; j >= 0; j-- {
			if _, isLoop := fl.Body[j].(*syntax.Loop); !isLoop {
				if _, isComment := fl.Body[j].(*syntax.Comment); !isComment {
					i = j + 1
					break
				}
			}
			i = j
		}
		fl.Body = slices.Insert(fl.Body, i, syntax.Stmt(e))
	}
	p.indexEdge(fl, e, at)
	p.cur.edge = e
	return fmt.Sprintf("inserted edge %s.handle(%s) -> %s.handle(%s)%s", op.From, fs, op.To, ts, where), nil
}

func handle(side string) *syntax.Handle {
	return &syntax.Handle{Keyword: syntax.Ident{Name: "handle"}, Side: syntax.Ident{Name: side}}
}

func (p *patcher) inferSides(fl, tl *syntax.Lane) (string, string) {
	if fl == tl {
		return "right", "left"
	}
	for _, l := range p.lanes() {
		if l == fl {
			return "bottom", "top" // the target lane comes later
		}
		if l == tl {
			return "top", "bottom"
		}
	}
	return "right", "left"
}

// findEdge returns the list and index of the edge from->to chosen by label
// or index.
func (p *patcher) findEdge(op Op) (*syntax.Edge, error) {
	if op.Edge != "" {
		return p.edgeByID(op.Edge)
	}
	var hits []*syntax.Edge
	for _, e := range p.edges[edgeKey(op.From, op.To)] {
		if p.live(e) {
			hits = append(hits, e)
		}
	}
	if len(hits) == 0 {
		return nil, errorf("no edge %s -> %s", op.From, op.To)
	}
	if op.Index != nil {
		if *op.Index < 0 || *op.Index >= len(hits) {
			return nil, errorf("index %d out of range: there are %d edges %s -> %s", *op.Index, len(hits), op.From, op.To)
		}
		return hits[*op.Index], nil
	}
	if len(hits) > 1 {
		return nil, errorf("%d edges %s -> %s: give index (0 to %d) to choose one", len(hits), op.From, op.To, len(hits)-1)
	}
	return hits[0], nil
}

func (p *patcher) removeEdge(op Op) (string, error) {
	e, err := p.findEdge(op)
	if err != nil {
		return "", err
	}
	p.goneStmt[e] = true
	return fmt.Sprintf("removed edge %s -> %s", e.From.Node.Name, e.To.Node.Name), nil
}

func (p *patcher) updateEdge(op Op) (string, error) {
	e, err := p.findEdge(op)
	if err != nil {
		return "", err
	}
	p.cur.edge = e
	for _, sd := range []struct {
		v string
		h **syntax.Handle
	}{{op.FromSide, &e.From.Handle}, {op.ToSide, &e.To.Handle}} {
		if sd.v == "" {
			continue
		}
		if !isSide(sd.v) {
			return "", errorf("unknown side %q: expected left, right, top or bottom", sd.v)
		}
		*sd.h = handle(sd.v)
	}
	if op.Label != nil {
		found := false
		for _, a := range e.Attrs {
			if strings.EqualFold(a.Key.Name, "label") {
				a.Value.Value, found = *op.Label, true
			}
		}
		if !found {
			e.Attrs = append(e.Attrs, &syntax.Attr{Key: syntax.Ident{Name: "label"}, Sep: syntax.SepEquals, Value: syntax.String{Value: *op.Label}})
			e.HasAttrs = true
		}
	}
	return fmt.Sprintf("updated edge %s -> %s", e.From.Node.Name, e.To.Node.Name), nil
}

func (p *patcher) insertLane(op Op) (string, error) {
	if !validID(op.ID) {
		return "", errorf("lane ID %q is not valid: expected letters, digits, _ or -", op.ID)
	}
	if p.lane(op.ID) != nil {
		return "", errorf("lane %q already exists", op.ID)
	}
	label := op.ID
	if op.Label != nil && *op.Label != "" {
		label = *op.Label
	}
	l := &syntax.Lane{ID: syntax.Ident{Name: op.ID}, Label: &syntax.LaneLabel{Text: label}, Close: 0}
	at := len(p.f.Stmts)
	if op.After != "" {
		a := p.lane(op.After)
		if a == nil {
			return "", errorf("lane %q (after) does not exist", op.After)
		}
		for i, s := range p.f.Stmts {
			if s == syntax.Stmt(a) {
				at = i + 1
			}
		}
	}
	p.f.Stmts = append(p.f.Stmts[:at], append([]syntax.Stmt{l}, p.f.Stmts[at:]...)...)
	p.laneList = p.laneList[:0]
	for _, s := range p.f.Stmts {
		if x, ok := s.(*syntax.Lane); ok {
			p.laneList = append(p.laneList, x)
		}
	}
	p.laneByID[op.ID] = l
	p.cur.lane = l
	return fmt.Sprintf("inserted lane %s %q", op.ID, label), nil
}

func (p *patcher) renameLane(op Op) (string, error) {
	l := p.lane(op.ID)
	if l == nil {
		return "", errorf("lane %q does not exist", op.ID)
	}
	msg := "updated lane " + op.ID
	p.cur.lane = l
	if op.Label != nil && strings.TrimSpace(*op.Label) == "" {
		return "", errorf("the lane's title cannot be empty: the official style gives every lane a display label")
	}
	if op.NewID != "" && op.NewID != op.ID {
		if !validID(op.NewID) {
			return "", errorf("lane ID %q is not valid: expected letters, digits, _ or -", op.NewID)
		}
		if p.lane(op.NewID) != nil {
			return "", errorf("lane %q already exists", op.NewID)
		}
		old := op.ID
		l.ID.Name = op.NewID
		delete(p.laneByID, old)
		p.laneByID[op.NewID] = l
		if i := slices.Index(p.layout.order, old); i >= 0 {
			p.layout.order[i] = op.NewID
		}
		syntax.Inspect(p.f, func(n syntax.Node) bool {
			switch n := n.(type) {
			case *syntax.Endpoint: // an edge's lane prefixes
				if n.Lane != nil && n.Lane.Name == old {
					n.Lane.Name = op.NewID
				}
				return false
			case *syntax.Loop: // a loop's lane prefixes
				for i := range n.Nodes {
					if pre := n.Prefix(i); pre != nil && pre.Name == old {
						pre.Name = op.NewID
					}
				}
				return false
			case *syntax.File, *syntax.Lane, *syntax.Edge:
				return true
			}
			return false
		})
		msg = fmt.Sprintf("renamed lane %s to %s (every reference updated)", old, op.NewID)
	}
	if op.Label != nil {
		l.Label = &syntax.LaneLabel{Text: *op.Label}
	}
	return msg, nil
}

// normalizeEdges moves the edges of moved nodes into their source's lane
// and rewrites the lane prefixes of every edge touching a moved node; a
// loop whose first node moved follows it, and loop prefixes follow their
// nodes.
func (p *patcher) normalizeEdges() {
	if len(p.moved) == 0 {
		return
	}
	var move []*syntax.Edge
	var moveLoops []*syntax.Loop
	p.eachList(func(list *[]syntax.Stmt) {
		out := (*list)[:0]
		for _, s := range *list {
			switch x := s.(type) {
			case *syntax.Edge:
				if p.moved[x.From.Node.Name] || p.moved[x.To.Node.Name] {
					p.setPrefixes(x)
					if p.moved[x.From.Node.Name] {
						move = append(move, x)
						continue
					}
				}
			case *syntax.Loop:
				touched := false
				for i, id := range x.Nodes {
					if p.moved[id.Name] {
						touched = true
						if pre := x.Prefix(i); pre != nil {
							pre.Name = p.laneOf(id.Name).ID.Name
						}
					}
				}
				if touched && len(x.Nodes) > 0 && p.moved[x.Nodes[0].Name] {
					moveLoops = append(moveLoops, x)
					continue
				}
			}
			out = append(out, s)
		}
		*list = out
	})
	for _, e := range move {
		if l := p.laneOf(e.From.Node.Name); l != nil {
			e.Base().BlankBefore = false
			insertBeforeTrailingComments(l, e)
		}
	}
	for _, lp := range moveLoops {
		if l := p.laneOf(lp.Nodes[0].Name); l != nil {
			lp.Base().BlankBefore = false
			insertBeforeTrailingComments(l, lp)
		}
	}
}

// setPrefixes writes edge e's lane prefixes as the official style wants:
// none on the source, the target's lane when it is another lane.
func (p *patcher) setPrefixes(e *syntax.Edge) {
	fl, tl := p.laneOf(e.From.Node.Name), p.laneOf(e.To.Node.Name)
	e.From.Lane = nil
	if tl != fl && tl != nil {
		e.To.Lane = &syntax.Ident{Name: tl.ID.Name}
	} else {
		e.To.Lane = nil
	}
}

// insertBeforeTrailingComments adds s to the end of l's body, before the
// comments that end the lane (they stay at its end).
func insertBeforeTrailingComments(l *syntax.Lane, s syntax.Stmt) {
	at := len(l.Body)
	for at > 0 {
		if _, ok := l.Body[at-1].(*syntax.Comment); !ok {
			break
		}
		at--
	}
	l.Body = slices.Insert(l.Body, at, s)
}

func (p *patcher) loopAt(op Op) (*syntax.Loop, error) {
	if op.Loop != "" {
		return p.loopByID(op.Loop)
	}
	var live []*syntax.Loop
	for _, l := range p.loops {
		if !p.goneStmt[l] {
			live = append(live, l)
		}
	}
	if op.Index == nil {
		return nil, errorf("give index, the loop's number in written order (0 to %d)", len(live)-1)
	}
	if *op.Index < 0 || *op.Index >= len(live) {
		return nil, errorf("loop %d does not exist: there are %d loops (0 to %d)", *op.Index, len(live), len(live)-1)
	}
	p.loops = live
	return live[*op.Index], nil
}

func (p *patcher) loopNodes(ids []string) ([]syntax.Ident, error) {
	if len(ids) < 2 {
		return nil, errorf("a loop needs two or more nodes, got %d", len(ids))
	}
	out := make([]syntax.Ident, len(ids))
	for i, id := range ids {
		if p.decls[id] == nil {
			return nil, errorf("node %q does not exist", id)
		}
		out[i] = syntax.Ident{Name: id}
	}
	return out, nil
}

func (p *patcher) insertLoop(op Op) (string, error) {
	if op.Label == nil || strings.TrimSpace(*op.Label) == "" {
		return "", errorf("give the loop's condition as label")
	}
	nodes, err := p.loopNodes(op.Nodes)
	if err != nil {
		return "", err
	}
	l := p.lane(op.Lane)
	if op.Lane == "" {
		l = p.laneOfID[op.Nodes[0]]
	}
	if l == nil {
		return "", errorf("lane %q does not exist", op.Lane)
	}
	lp := &syntax.Loop{Keyword: syntax.Ident{Name: "loop"}, Condition: *op.Label, Nodes: nodes}
	insertBeforeTrailingComments(l, lp)
	p.loops = append(p.loops, lp)
	p.cur.loop = lp
	return fmt.Sprintf("inserted loop [%s] over %s in lane %s", *op.Label, strings.Join(op.Nodes, " "), l.ID.Name), nil
}

func (p *patcher) updateLoop(op Op) (string, error) {
	lp, err := p.loopAt(op)
	if err != nil {
		return "", err
	}
	if op.Label != nil {
		if strings.TrimSpace(*op.Label) == "" {
			return "", errorf("the loop's condition cannot be empty")
		}
		lp.Condition = *op.Label
	}
	if op.Nodes != nil {
		nodes, err := p.loopNodes(op.Nodes)
		if err != nil {
			return "", err
		}
		lp.Nodes, lp.Prefixes = nodes, nil
		p.placeLoop(lp)
	}
	p.cur.loop = lp
	return fmt.Sprintf("updated loop [%s]", lp.Condition), nil
}

// placeLoop writes loop lp in the lane of its first node, where the
// official style wants it.
func (p *patcher) placeLoop(lp *syntax.Loop) {
	want := p.laneOf(lp.Nodes[0].Name)
	if want == nil {
		return
	}
	for _, l := range p.laneList {
		if i := slices.Index(l.Body, syntax.Stmt(lp)); i >= 0 {
			if l == want {
				return
			}
			l.Body = slices.Delete(l.Body, i, i+1)
		}
	}
	p.f.Stmts = slices.DeleteFunc(p.f.Stmts, func(s syntax.Stmt) bool { return s == syntax.Stmt(lp) })
	lp.BlankBefore = false
	insertBeforeTrailingComments(want, lp)
}

func (p *patcher) removeLoop(op Op) (string, error) {
	lp, err := p.loopAt(op)
	if err != nil {
		return "", err
	}
	p.goneStmt[lp] = true
	return fmt.Sprintf("removed loop [%s]", lp.Condition), nil
}
