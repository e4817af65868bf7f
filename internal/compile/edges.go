package compile

import (
	"strconv"
	"strings"
	"unicode"

	"flowzap/internal/diag"
	"flowzap/internal/model"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// NodeNumber returns N for an ID of the official form nN (N >= 1, no
// leading zero), and 0 otherwise.
func NodeNumber(id string) int {
	if len(id) < 2 || id[0] != 'n' || id[1] == '0' {
		return 0
	}
	n, err := strconv.Atoi(id[1:])
	if err != nil || n <= 0 || strconv.Itoa(n) != id[1:] {
		return 0
	}
	return n
}

// checkIDs reports node IDs that are not nN, or not numbered 1..N.
func (c *checker) checkIDs() {
	nums := make([]bool, len(c.doc.Nodes)+1)
	wellFormed := true
	for _, n := range c.doc.Nodes {
		num := NodeNumber(n.ID)
		if num == 0 {
			wellFormed = false
			d := c.decls[n.Index]
			c.report(d.ID.Span, diag.NodeIDForm, "run flowzap fix to renumber the nodes n1..nN",
				"node ID %q: expected the form nN (n1, n2, ...)", n.ID)
			continue
		}
		if num < len(nums) {
			nums[num] = true
		}
	}
	total := len(c.doc.Nodes)
	if !wellFormed || total == 0 {
		return
	}
	var missing []string
	for i := 1; i <= total && len(missing) < 5; i++ {
		if !nums[i] {
			missing = append(missing, "n"+strconv.Itoa(i))
		}
	}
	if len(missing) == 0 {
		return
	}
	// Point at the first node whose number lies beyond the count.
	for _, n := range c.doc.Nodes {
		if NodeNumber(n.ID) > total {
			c.report(c.decls[n.Index].ID.Span, diag.NodeIDNumbering, "run flowzap fix to renumber the nodes n1..nN",
				"node IDs are not numbered 1..%d without gaps: %s missing, found %q", total, strings.Join(missing, ", "), n.ID)
			return
		}
	}
}

// connect resolves edges and loops, in file order.
func (c *checker) connect() {
	var lane *model.Lane // the lane being walked; nil at the top level
	syntax.Inspect(c.file, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.File:
			return true
		case *syntax.Lane:
			if c.laneDecl[n.ID.Name] != n {
				return false // a duplicate lane: already reported, body not checked
			}
			lane = c.doc.Lane(n.ID.Name)
			return true
		case *syntax.Edge:
			c.edge(n, lane)
		case *syntax.Loop:
			c.loop(n, lane)
		case nil: // leaving a lane (or the file)
			lane = nil
		}
		return false
	})
}

// resolve finds the node an endpoint names and checks its lane prefix.
func (c *checker) resolve(ep *syntax.Endpoint) *model.Node {
	n := c.doc.Node(ep.Node.Name)
	if n == nil {
		if !c.laneless[ep.Node.Name] {
			c.undefined(ep.Node)
		}
		return nil
	}
	if ep.Lane != nil {
		if c.doc.Lane(ep.Lane.Name) == nil {
			c.report(ep.Lane.Span, diag.UndefinedLane, diag.T("write %s.%s", n.Lane.ID, n.ID),
				"undefined lane %q: expected the ID of a lane (%s is in lane %q)", ep.Lane.Name, n.ID, n.Lane.ID)
			return nil
		}
		if ep.Lane.Name != n.Lane.ID {
			c.report(ep.Lane.Span, diag.WrongLanePrefix, diag.T("write %s.%s", n.Lane.ID, n.ID),
				"lane prefix %q does not hold node %s: expected %q, the lane %s is in", ep.Lane.Name, n.ID, n.Lane.ID, n.ID)
			return nil
		}
	}
	return n
}

func (c *checker) undefined(id syntax.Ident) {
	fix := diag.T("")
	if lane := c.doc.Lane(id.Name); lane != nil {
		fix = diag.T("%q is a lane; name one of its nodes", id.Name)
	} else if n := c.sameFolded(id.Name); n != nil {
		fix = diag.T("did you mean %s?", n.ID)
	}
	c.report(id.Span, diag.UndefinedNode, fix, "undefined node %q: expected the ID of a node declared in some lane", id.Name)
}

// sameFolded returns the first node whose ID equals name but for case
// (as strings.EqualFold compares), or nil. The nodes are indexed once,
// and those declared since the last call are added: a file with
// thousands of undefined nodes no longer looks at every node for each.
func (c *checker) sameFolded(name string) *model.Node {
	if c.folded == nil {
		c.folded = map[string]*model.Node{}
	}
	for ; c.foldedN < len(c.doc.Nodes); c.foldedN++ {
		n := c.doc.Nodes[c.foldedN]
		k := foldKey(n.ID)
		if _, ok := c.folded[k]; !ok {
			c.folded[k] = n
		}
	}
	return c.folded[foldKey(name)]
}

// foldKey returns s with each rune replaced by the smallest rune of its
// case-folding orbit: two strings have the same key exactly when
// strings.EqualFold says they are equal.
func foldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}

var sideOf = map[string]model.Side{"left": model.Left, "right": model.Right, "top": model.Top, "bottom": model.Bottom}

func (c *checker) side(h *syntax.Handle) (model.Side, bool) {
	if h == nil {
		return model.NoSide, true
	}
	if h.Keyword.Name != "handle" {
		c.report(h.Keyword.Span, diag.KeywordCase, "write handle", "keyword %q: expected lower case \"handle\"", h.Keyword.Name)
	}
	s, ok := sideOf[h.Side.Name]
	if ok {
		return s, true
	}
	if s, ok = sideOf[strings.ToLower(h.Side.Name)]; ok {
		c.report(h.Side.Span, diag.KeywordCase, diag.T("write %s", string(s)), "handle side %q: expected lower case %q", h.Side.Name, s)
		return s, true
	}
	c.report(h.Side.Span, diag.UnknownSide, "use left, right, top or bottom",
		"unknown handle side %q: expected left, right, top or bottom", h.Side.Name)
	return model.NoSide, false
}

func (c *checker) edge(e *syntax.Edge, lane *model.Lane) {
	span := source.Span{Start: e.Pos(), End: e.End()}
	if e.Arrow.Len() == 3 { // "-->"
		c.report(e.Arrow, diag.LongArrow, "write ->", "arrow written \"-->\": expected \"->\"")
	}
	from, to := c.resolve(&e.From), c.resolve(&e.To)
	fromSide, ok1 := c.side(e.From.Handle)
	toSide, ok2 := c.side(e.To.Handle)
	label, hasLabel := c.edgeAttrs(e)
	if from == nil || to == nil || !ok1 || !ok2 {
		return
	}
	if e.From.Lane != nil {
		c.report(e.From.Lane.Span, diag.SourcePrefix, diag.T("write %s without %q", from.ID, e.From.Lane.Name+"."),
			"edge source written with lane prefix %q: expected the bare node ID (edges live in their source's lane)", e.From.Lane.Name)
	}
	if e.To.Lane == nil && to.Lane != from.Lane {
		c.report(e.To.Node.Span, diag.MissingLanePrefix, diag.T("write %s.%s", to.Lane.ID, to.ID),
			"cross-lane target %s written without its lane: expected %s.%s", to.ID, to.Lane.ID, to.ID)
	}
	if lane != from.Lane {
		where := diag.T("at the top level")
		if lane != nil {
			where = diag.T("in lane %q", lane.ID)
		}
		c.report(span, diag.MisplacedEdge, diag.T("move the edge into lane %q", from.Lane.ID),
			"edge from %s written %s: expected it in lane %q, where %s is", from.ID, where, from.Lane.ID, from.ID)
	}
	if e.From.Handle == nil || e.To.Handle == nil {
		c.report(span, diag.MissingHandles, "run flowzap fix to infer the sides from the layout",
			"edge %s -> %s has no handle on %s: expected SRC.handle(SIDE) -> DST.handle(SIDE)", from.ID, to.ID, missingEnds(e))
	}
	c.doc.AddEdge(&model.Edge{From: from, To: to, FromSide: fromSide, ToSide: toSide, Label: label, HasLabel: hasLabel, Span: span})
}

func missingEnds(e *syntax.Edge) diag.Text {
	switch {
	case e.From.Handle == nil && e.To.Handle == nil:
		return diag.T("either end")
	case e.From.Handle == nil:
		return diag.T("its source")
	}
	return diag.T("its target")
}

func (c *checker) edgeAttrs(e *syntax.Edge) (label string, has bool) {
	for _, a := range e.Attrs {
		key := lower(a.Key.Name)
		if key != "label" {
			c.report(a.Key.Span, diag.UnknownAttr, "remove the attribute", "unknown edge attribute %q: expected label", a.Key.Name)
			continue
		}
		if has {
			c.report(a.Key.Span, diag.DuplicateAttr, "keep one label", "edge label given twice: expected one label")
			continue
		}
		if key != a.Key.Name {
			c.report(a.Key.Span, diag.KeywordCase, "write label", "attribute key %q: expected lower case \"label\"", a.Key.Name)
		}
		if a.Sep == syntax.SepColon {
			c.report(source.Span{Start: a.Key.Span.End, End: a.Value.Span.Start}, diag.EdgeAttrSep,
				diag.T("write [label=%s]", syntax.Quote(a.Value.Value)), "edge attribute written label:\"...\": expected label=\"...\" (edges use \"=\")")
		}
		label, has = a.Value.Value, true
		c.checkText(label, a.Value.Span, diag.T("edge label"))
		c.checkLength(label, a.Value.Span)
	}
	return label, has
}

func (c *checker) loop(l *syntax.Loop, lane *model.Lane) {
	span := source.Span{Start: l.Pos(), End: l.End()}
	if l.Keyword.Name != "loop" {
		c.report(l.Keyword.Span, diag.KeywordCase, "write loop", "keyword %q: expected lower case \"loop\"", l.Keyword.Name)
	}
	if len(l.Nodes) == 0 {
		c.report(span, diag.EmptyLoop, "list the nodes that repeat: loop [condition] n2 n3",
			"loop [%s] has no nodes: expected the IDs of the nodes that repeat", l.Condition)
		return
	}
	ml := &model.Loop{Condition: l.Condition, Lane: lane, Span: span}
	ok := true
	first := map[string]int{}
	for i, id := range l.Nodes {
		if j, dup := first[id.Name]; dup {
			// Listed again: the loop repeats each node once, so the
			// repeat adds nothing and is left out of the drawing.
			c.report(id.Span, diag.RepeatedLoopNode, diag.T("list each node once: %s", dedupedLoop(l)),
				"loop [%s] lists node %s twice (at places %d and %d): expected each node once", l.Condition, id.Name, j+1, i+1)
			continue
		}
		first[id.Name] = i
		n := c.resolve(&syntax.Endpoint{Lane: l.Prefix(i), Node: id})
		if n == nil {
			ok = false
			continue
		}
		ml.Nodes = append(ml.Nodes, n)
	}
	if i := firstPrefix(l); i >= 0 {
		pre := l.Prefix(i)
		c.report(source.Span{Start: pre.Span.Start, End: l.End()}, diag.LoopLanePrefix, diag.T("write the node IDs alone: %s", plainLoop(l)),
			"loop node written %s.%s: expected the node ID alone (node IDs are unique across lanes)", pre.Name, l.Nodes[i].Name)
	}
	c.checkText(l.Condition, l.CondSpan, diag.T("loop condition"))
	if len(first) == 1 {
		c.report(span, diag.SingleNodeLoop, "list at least two nodes, or describe the repetition in the node's label",
			"loop [%s] has a single node: expected two or more nodes that repeat", l.Condition)
	}
	if lane == nil {
		c.report(span, diag.LoopOutsideLane, "move the loop into the lane of its first node",
			"loop written outside a lane: expected it inside a lane")
	}
	if ok {
		c.doc.Loops = append(c.doc.Loops, ml)
	}
}

// dedupedLoop writes loop l with each node listed once, as the fix for
// FZ121 does.
func dedupedLoop(l *syntax.Loop) string {
	seen := map[string]bool{}
	var ids []string
	for _, id := range l.Nodes {
		if !seen[id.Name] {
			seen[id.Name] = true
			ids = append(ids, id.Name)
		}
	}
	return "loop [" + l.Condition + "] " + strings.Join(ids, " ")
}

// style reports the warnings that hold in every mode: orphans and
// decisions with too few or unlabelled outcomes.
func (c *checker) style() {
	touched := make([]bool, len(c.doc.Nodes))
	outCount := make([]int, len(c.doc.Nodes))
	for _, e := range c.doc.Edges {
		touched[e.From.Index], touched[e.To.Index] = true, true
		outCount[e.From.Index]++
	}
	for _, l := range c.doc.Loops {
		for _, n := range l.Nodes {
			touched[n.Index] = true
		}
	}
	c.failedEdgeEnds(touched)
	single := len(c.doc.Nodes) == 1
	for _, n := range c.doc.Nodes {
		id := c.decls[n.Index].ID.Span
		if !touched[n.Index] && !single {
			c.report(id, diag.OrphanNode, "connect it with an edge, or remove it", "node %s has no edges: expected it connected to the flow", n.ID)
		}
		if n.Shape != model.Diamond {
			continue
		}
		if k := outCount[n.Index]; k < 2 {
			c.report(id, diag.DecisionBranches, "add an edge for each outcome, or use a rectangle",
				"decision %s has %d outgoing edge%s: expected at least two outcomes", n.ID, k, diag.Plural(k))
		}
	}
	for _, e := range c.doc.Edges {
		if e.From.Shape == model.Diamond {
			if strings.TrimSpace(e.Label) == "" {
				c.report(e.Span, diag.DecisionUnlabeled, "add [label=\"...\"] naming the outcome",
					"outcome %s -> %s of decision %s has no label: expected a label such as \"Yes\" or \"No\"", e.From.ID, e.To.ID, e.From.ID)
			}
		}
	}
}

// pingPong applies the sequence rules (see model.Converse) in the message
// order of the sequence view and reports the requests made out of turn and
// those never answered.
func (c *checker) pingPong() {
	conv := model.Converse(c.doc, model.Order(c.doc, c.opts.Order))
	for _, pair := range conv.OutOfTurn {
		e, top := pair[0], pair[1]
		d := c.report(e.Span, diag.PingPong, diag.T("answer %s -> %s first, from lane %q", top.From.ID, top.To.ID, top.To.Lane.ID),
			"new request from lane %q before lane %q answered the request %s -> %s: expected a response first",
			e.From.Lane.ID, top.To.Lane.ID, top.From.ID, top.To.ID)
		d.Notes = append(d.Notes, diag.NewNote(top.Span, diag.T("the pending request")))
	}
	for _, e := range conv.Unanswered {
		c.unanswered(e)
	}
}

func (c *checker) unanswered(e *model.Edge) {
	c.report(e.Span, diag.Unanswered, diag.T("add a response edge from lane %q back to lane %q", e.To.Lane.ID, e.From.Lane.ID),
		"request %s -> %s from lane %q is never answered: expected a response from lane %q", e.From.ID, e.To.ID, e.From.Lane.ID, e.To.Lane.ID)
}

// firstPrefix returns the index of the first node written with a lane
// prefix in the loop's node list, or -1.
func firstPrefix(l *syntax.Loop) int {
	for i := range l.Nodes {
		if l.Prefix(i) != nil {
			return i
		}
	}
	return -1
}

// plainLoop writes the loop with its node IDs alone.
func plainLoop(l *syntax.Loop) string {
	var b strings.Builder
	b.WriteString("loop [" + l.Condition + "]")
	for _, id := range l.Nodes {
		b.WriteString(" " + id.Name)
	}
	return b.String()
}

// failedEdgeEnds marks the nodes named by edges that failed (an error was
// reported on the edge or its line could not be parsed) as touched: the
// error already says what is wrong, and an orphan warning on its ends
// would be false.
func (c *checker) failedEdgeEnds(touched []bool) {
	mark := func(name string) {
		if n := c.doc.Node(name); n != nil {
			touched[n.Index] = true
		}
	}
	var visit func(list []syntax.Stmt)
	visit = func(list []syntax.Stmt) {
		for _, s := range list {
			switch s := s.(type) {
			case *syntax.Lane:
				visit(s.Body)
			case *syntax.Edge:
				mark(s.From.Node.Name)
				mark(s.To.Node.Name)
			case *syntax.BadStmt:
				text := c.file.Src.Slice(s.Span)
				if !strings.Contains(text, "->") {
					continue
				}
				for _, w := range strings.FieldsFunc(text, func(r rune) bool {
					return !(r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r))
				}) {
					mark(w)
				}
			}
		}
	}
	visit(c.file.Stmts)
}
