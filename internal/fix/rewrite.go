package fix

import (
	"slices"
	"strconv"
	"strings"

	"flowzap/internal/diag"
	"flowzap/internal/model"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// rewrite applies every repair to the tree. Phases run in this order so that
// later ones see statements in their final lanes.
func (f *fixer) rewrite(file *syntax.File, diags diag.List) {
	lanes := map[string]*syntax.Lane{}
	for _, s := range file.Stmts {
		if l, ok := s.(*syntax.Lane); ok {
			lanes[l.ID.Name] = l
		}
	}
	f.dropFences(file)
	f.dropLoopPrefixes(file)
	f.relocate(file, lanes)
	f.moveTrailing(file)
	for _, s := range file.Stmts {
		if l, ok := s.(*syntax.Lane); ok {
			f.lane(l)
		}
	}
	f.edges(file)
	f.cosmetics(diags)
	for _, s := range file.Stmts {
		if l, ok := s.(*syntax.Lane); ok && !l.Close.IsValid() {
			f.note(l.ID.Span, diag.UnterminatedLane, "closed lane %q after its last statement", l.ID.Name)
		}
	}
	f.renumber(file, diags)
}

// dropFences removes Markdown code fence lines.
func (f *fixer) dropFences(file *syntax.File) {
	drop := func(list []syntax.Stmt) []syntax.Stmt {
		out := list[:0]
		for _, s := range list {
			if fe, ok := s.(*syntax.Fence); ok && f.want(diag.MarkdownFence, fe.Span) {
				f.note(fe.Span, diag.MarkdownFence, "removed the Markdown code fence %q", fe.Text)
				continue
			}
			out = append(out, s)
		}
		return out
	}
	file.Stmts = drop(file.Stmts)
	for _, s := range file.Stmts {
		if l, ok := s.(*syntax.Lane); ok {
			l.Body = drop(l.Body)
		}
	}
}

// dropLoopPrefixes writes loop nodes as plain IDs: agent.n7 becomes n7.
func (f *fixer) dropLoopPrefixes(file *syntax.File) {
	syntax.Inspect(file, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.File, *syntax.Lane:
			return true
		case *syntax.Loop:
			if n.Prefixes != nil && f.want(diag.LoopLanePrefix, n.CondSpan) {
				f.note(n.CondSpan, diag.LoopLanePrefix, "removed the lane prefixes from the nodes of loop [%s]", n.Condition)
				n.Prefixes = nil
			}
		}
		return false
	})
}

// relocate moves edges and loops into the lane of their source (first)
// node, and turns single-node loops into comments.
func (f *fixer) relocate(file *syntax.File, lanes map[string]*syntax.Lane) {
	laneOf := func(id string) *syntax.Lane {
		if n := f.doc.Node(id); n != nil {
			return lanes[n.Lane.ID]
		}
		return nil
	}
	var moves []struct {
		s  syntax.Stmt
		to *syntax.Lane
	}
	made := map[syntax.Stmt]bool{} // comments made from single-node loops
	keep := func(list []syntax.Stmt, in *syntax.Lane) []syntax.Stmt {
		out := list[:0]
		for _, s := range list {
			var want *syntax.Lane
			switch s := s.(type) {
			case *syntax.Edge:
				want = laneOf(s.From.Node.Name)
			case *syntax.Loop:
				f.dedupeLoop(s)
				if distinctNodes(s) == 1 && f.want(diag.SingleNodeLoop, s.CondSpan) {
					f.note(s.CondSpan, diag.SingleNodeLoop, "turned the single-node loop [%s] into a comment", s.Condition)
					names := make([]string, len(s.Nodes))
					for i, id := range s.Nodes {
						names[i] = id.Name
					}
					c := &syntax.Comment{StmtBase: *s.Base(), Text: "loop [" + s.Condition + "] " + strings.Join(names, " "), Span: s.CondSpan}
					made[c] = true
					out = append(out, c)
					continue
				}
				if len(s.Nodes) > 0 {
					want = laneOf(s.Nodes[0].Name)
				}
			}
			if want != nil && want != in && (f.want(diag.MisplacedEdge, source.Span{Start: s.Pos()}) || f.want(diag.LoopOutsideLane, source.Span{Start: s.Pos()})) {
				// The comments written just above the statement (no
				// blank line between) are about it: they move with it.
				first := len(out)
				for next := s; first > 0 && !next.Base().BlankBefore; {
					c, ok := out[first-1].(*syntax.Comment)
					if !ok || made[c] {
						break
					}
					first--
					next = c
				}
				for _, c := range out[first:] {
					moves = append(moves, struct {
						s  syntax.Stmt
						to *syntax.Lane
					}{c, want})
				}
				out = out[:first]
				moves = append(moves, struct {
					s  syntax.Stmt
					to *syntax.Lane
				}{s, want})
				if _, ok := s.(*syntax.Loop); ok {
					f.note(source.Span{Start: s.Pos(), End: s.End()}, diag.LoopOutsideLane, "moved the loop into lane %q", want.ID.Name)
				} else {
					f.note(source.Span{Start: s.Pos(), End: s.End()}, diag.MisplacedEdge, "moved the edge into lane %q", want.ID.Name)
				}
				continue
			}
			out = append(out, s)
		}
		return out
	}
	file.Stmts = keep(file.Stmts, nil)
	for _, s := range file.Stmts {
		if l, ok := s.(*syntax.Lane); ok {
			l.Body = keep(l.Body, l)
		}
	}
	for _, m := range moves {
		m.s.Base().BlankBefore = false
		m.to.Body = append(m.to.Body, m.s)
	}
}

// moveTrailing puts comments written after a statement on their own line
// before it.
func (f *fixer) moveTrailing(file *syntax.File) {
	lift := func(list []syntax.Stmt) []syntax.Stmt {
		out := make([]syntax.Stmt, 0, len(list))
		for _, s := range list {
			if t := s.Base().Trailing; t != nil && f.want(diag.TrailingComment, t.Span) {
				if _, isLane := s.(*syntax.Lane); !isLane {
					f.note(t.Span, diag.TrailingComment, "moved the comment %q to its own line", clipText(t.Text))
					c := &syntax.Comment{Text: t.Text, Span: t.Span}
					c.BlankBefore, s.Base().BlankBefore = s.Base().BlankBefore, false
					out = append(out, c)
					s.Base().Trailing = nil
				}
			}
			out = append(out, s)
			if l, ok := s.(*syntax.Lane); ok && l.CloseTrailing != nil && f.want(diag.TrailingComment, l.CloseTrailing.Span) {
				f.note(l.CloseTrailing.Span, diag.TrailingComment, "moved the comment %q to its own line", clipText(l.CloseTrailing.Text))
				out = append(out, &syntax.Comment{Text: l.CloseTrailing.Text, Span: l.CloseTrailing.Span})
				l.CloseTrailing = nil
			}
		}
		return out
	}
	file.Stmts = lift(file.Stmts)
	for _, s := range file.Stmts {
		if l, ok := s.(*syntax.Lane); ok {
			if t := l.Trailing; t != nil && f.want(diag.TrailingComment, t.Span) {
				f.note(t.Span, diag.TrailingComment, "moved the comment %q into the lane", clipText(t.Text))
				l.Body = append([]syntax.Stmt{&syntax.Comment{Text: t.Text, Span: t.Span}}, l.Body...)
				l.Trailing = nil
			}
			l.Body = lift(l.Body)
		}
	}
}

func clipText(s string) string {
	if len(s) > 30 {
		return s[:27] + "..."
	}
	return s
}

// lane repairs a lane's label and its nodes' attributes.
func (f *fixer) lane(l *syntax.Lane) {
	f.label(l)
	for _, s := range l.Body {
		if n, ok := s.(*syntax.NodeDecl); ok {
			n.Attrs = f.attrs(n.Attrs, syntax.SepColon, syntax.NodeKeys, diag.T("node %s", n.ID.Name))
		}
	}
}

// label repairs a lane's label: added when missing, moved onto the opening
// line, a space after "#", emoji removed.
func (f *fixer) label(l *syntax.Lane) {
	switch {
	case l.Label == nil:
		if !f.want(diag.MissingLaneLabel, l.ID.Span) {
			return
		}
		l.Label = &syntax.LaneLabel{Text: l.ID.Name}
		f.note(l.ID.Span, diag.MissingLaneLabel, "added the display label %q (the lane ID) to lane %q", l.ID.Name, l.ID.Name)
	case l.Label.Style == syntax.LabelOwnLine && f.want(diag.LaneLabelOwnLine, l.Label.Span):
		f.note(l.Label.Span, diag.LaneLabelOwnLine, "moved the label %q onto the opening line of lane %q", l.Label.Text, l.ID.Name)
	case l.Label.Style == syntax.LabelNoSpace && f.want(diag.LaneLabelNoSpace, l.Label.Span):
		f.note(l.Label.Span, diag.LaneLabelNoSpace, "added a space after \"#\" in the label of lane %q", l.ID.Name)
	case l.Label.Style != syntax.LabelInline:
		return // [One] with another target: the label stays as written
	}
	if hasEmoji(l.Label.Text) && f.want(diag.EmojiInLabel, l.Label.Span) {
		if t := stripEmoji(l.Label.Text); t != "" {
			f.note(l.Label.Span, diag.EmojiInLabel, "removed emoji from the label of lane %q", l.ID.Name)
			l.Label.Text = t
		}
	}
	l.Label.Style = syntax.LabelInline
}

// attrs drops unknown keys, strips emoji and notes separator repairs.
func (f *fixer) attrs(list []*syntax.Attr, sep syntax.Sep, known []string, owner diag.Text) []*syntax.Attr {
	out := list[:0]
	for _, a := range list {
		key := strings.ToLower(a.Key.Name)
		if !slices.Contains(known, key) && f.want(diag.UnknownAttr, a.Key.Span) {
			f.note(a.Key.Span, diag.UnknownAttr, "removed the unknown attribute %s from %s", a.Key.Name, owner)
			continue
		}
		code, want := diag.NodeAttrSep, ":"
		if sep == syntax.SepEquals {
			code, want = diag.EdgeAttrSep, "="
		}
		if a.Sep != sep && f.want(code, a.Key.Span) {
			f.note(a.Key.Span, code, "wrote %s%s\"...\" on %s", key, want, owner)
			a.Sep = sep
		}
		// Text made of emoji only keeps them: emptied, it would say
		// nothing (the warning stays, for a person to reword).
		if t := stripEmoji(a.Value.Value); t != "" && hasEmoji(a.Value.Value) && f.want(diag.EmojiInLabel, a.Value.Span) {
			f.note(a.Value.Span, diag.EmojiInLabel, "removed emoji from the %s of %s", key, owner)
			a.Value.Value = t
		}
		a.Key.Name = key
		out = append(out, a)
	}
	return out
}

// edges repairs prefixes, handles and attributes of every edge; and emoji
// in loop conditions.
func (f *fixer) edges(file *syntax.File) {
	rank, back := model.Ranks(f.doc)
	byStart := map[source.Pos]*model.Edge{}
	for _, e := range f.doc.Edges {
		byStart[e.Span.Start] = e
	}
	for _, s := range file.Stmts {
		l, ok := s.(*syntax.Lane)
		if !ok {
			continue
		}
		for _, b := range l.Body {
			switch b := b.(type) {
			case *syntax.Edge:
				if me := byStart[b.Pos()]; me != nil {
					f.edge(b, me, rank, back)
				}
			case *syntax.Loop:
				if t := stripEmoji(b.Condition); t != "" && hasEmoji(b.Condition) && f.want(diag.EmojiInLabel, b.CondSpan) {
					f.note(b.CondSpan, diag.EmojiInLabel, "removed emoji from the loop condition")
					b.Condition = t
				}
			}
		}
	}
}

func (f *fixer) edge(e *syntax.Edge, me *model.Edge, rank map[*model.Node]int, back map[*model.Edge]bool) {
	name := me.From.ID + " -> " + me.To.ID
	sp := source.Span{Start: e.Pos(), End: e.End()}
	if e.From.Lane != nil && f.want(diag.SourcePrefix, e.From.Lane.Span) {
		f.note(e.From.Lane.Span, diag.SourcePrefix, "removed the lane prefix %q from the source of %s", e.From.Lane.Name, name)
		e.From.Lane = nil
	}
	if e.To.Lane == nil && me.CrossLane() && f.want(diag.MissingLanePrefix, e.To.Node.Span) {
		f.note(e.To.Node.Span, diag.MissingLanePrefix, "wrote the target of %s as %s.%s", name, me.To.Lane.ID, me.To.ID)
		e.To.Lane = &syntax.Ident{Name: me.To.Lane.ID}
	}
	if (e.From.Handle == nil || e.To.Handle == nil) && f.want(diag.MissingHandles, sp) {
		fs, ts := f.sidesOf(me, rank, back)
		if e.From.Handle == nil {
			e.From.Handle = &syntax.Handle{Keyword: syntax.Ident{Name: "handle"}, Side: syntax.Ident{Name: string(fs)}}
		}
		if e.To.Handle == nil {
			e.To.Handle = &syntax.Handle{Keyword: syntax.Ident{Name: "handle"}, Side: syntax.Ident{Name: string(ts)}}
		}
		f.note(sp, diag.MissingHandles, "added handles to %s: %s.handle(%s) -> %s.handle(%s)", name,
			me.From.ID, e.From.Handle.Side.Name, me.To.ID, e.To.Handle.Side.Name)
	}
	e.Attrs = f.attrs(e.Attrs, syntax.SepEquals, []string{"label"}, diag.T("edge %s", name))
	if f.src.Slice(e.Arrow) == "-->" && f.want(diag.LongArrow, e.Arrow) {
		f.note(e.Arrow, diag.LongArrow, "wrote the arrow of %s as ->", name)
	}
}

// cosmetics notes the repairs that printing makes by itself: keyword case.
func (f *fixer) cosmetics(diags diag.List) {
	for _, d := range diags {
		if d.Code == diag.KeywordCase && f.want(d.Code, d.Span) {
			f.note(d.Span, d.Code, "wrote %q in lower case", f.src.Slice(d.Span))
		}
	}
}

// renumber gives nodes the IDs n1..nN in order of appearance when the IDs
// are not already of that form, and updates every reference.
func (f *fixer) renumber(file *syntax.File, diags diag.List) {
	needed := false
	for _, d := range diags {
		if (d.Code == diag.NodeIDForm || d.Code == diag.NodeIDNumbering) && f.want(d.Code, d.Span) {
			needed = true
		}
	}
	if !needed || len(f.doc.Nodes) == 0 {
		return
	}
	ids := map[string]string{}
	newIDs := map[string]bool{}
	for i, n := range f.doc.Nodes {
		ids[n.ID] = "n" + strconv.Itoa(i+1)
		newIDs[ids[n.ID]] = true
	}
	if f.broken && !f.safeToRenumber(file, newIDs) {
		return
	}
	renamed := 0
	for _, n := range f.doc.Nodes {
		if ids[n.ID] != n.ID {
			renamed++
		}
	}
	f.note(source.Span{Start: f.doc.Nodes[0].Span.Start}, diag.NodeIDNumbering,
		"renumbered %d node%s to n1..n%d in order of appearance, updating every edge and loop", renamed, diag.Plural(renamed), len(f.doc.Nodes))
	ren := func(id *syntax.Ident) {
		if nw, ok := ids[id.Name]; ok {
			id.Name = nw
		}
	}
	// The @layout block's adjustments follow their nodes.
	syntax.RenameLayoutNodes(file, ids)
	// Edges and loops outside lanes too: [One] renumbers without moving them.
	syntax.Inspect(file, func(n syntax.Node) bool {
		switch b := n.(type) {
		case *syntax.File, *syntax.Lane:
			return true
		case *syntax.NodeDecl:
			ren(&b.ID)
		case *syntax.Edge:
			ren(&b.From.Node)
			ren(&b.To.Node)
		case *syntax.Loop:
			for i := range b.Nodes {
				ren(&b.Nodes[i])
			}
		}
		return false
	})
}

// safeToRenumber reports whether renumbering cannot change what a broken
// file means: no node ID is declared twice, and no reference to a missing
// node would become one of the new IDs.
func (f *fixer) safeToRenumber(file *syntax.File, newIDs map[string]bool) bool {
	seen := map[string]bool{}
	ok := true
	check := func(id string) {
		if f.doc.Node(id) == nil && newIDs[id] {
			ok = false
		}
	}
	for _, s := range file.Stmts {
		l, isLane := s.(*syntax.Lane)
		if !isLane {
			continue
		}
		for _, b := range l.Body {
			switch b := b.(type) {
			case *syntax.NodeDecl:
				if seen[b.ID.Name] {
					ok = false
				}
				seen[b.ID.Name] = true
			case *syntax.Edge:
				check(b.From.Node.Name)
				check(b.To.Node.Name)
			case *syntax.Loop:
				for _, n := range b.Nodes {
					check(n.Name)
				}
			}
		}
	}
	return ok
}

// prefixes repairs lane prefixes that name the wrong lane: a target
// prefix is rewritten to the lane its node is declared in, and a source
// prefix is dropped (sources never take one).
func (f *fixer) prefixes(file *syntax.File) {
	laneOf := map[string]string{}
	for _, s := range file.Stmts {
		if l, ok := s.(*syntax.Lane); ok {
			for _, b := range l.Body {
				if n, ok := b.(*syntax.NodeDecl); ok {
					if _, dup := laneOf[n.ID.Name]; dup {
						laneOf[n.ID.Name] = "" // a duplicate: no single lane
						continue
					}
					laneOf[n.ID.Name] = l.ID.Name
				}
			}
		}
	}
	fix := func(e *syntax.Edge) {
		if p := e.From.Lane; p != nil {
			if want, ok := laneOf[e.From.Node.Name]; ok && want != "" && want != p.Name {
				f.note(p.Span, diag.WrongLanePrefix, "removed the wrong lane prefix %q from the source %s (it is in lane %q)", p.Name, e.From.Node.Name, want)
				e.From.Lane = nil
			}
		}
		if p := e.To.Lane; p != nil {
			if want, ok := laneOf[e.To.Node.Name]; ok && want != "" && want != p.Name {
				f.note(p.Span, diag.WrongLanePrefix, "wrote the target as %s.%s: %s is in lane %q, not %q", want, e.To.Node.Name, e.To.Node.Name, want, p.Name)
				p.Name = want
			}
		}
	}
	for _, s := range file.Stmts {
		switch s := s.(type) {
		case *syntax.Edge:
			fix(s)
		case *syntax.Lane:
			for _, b := range s.Body {
				if e, ok := b.(*syntax.Edge); ok {
					fix(e)
				}
			}
		}
	}
}

// distinctNodes counts the different nodes loop l lists.
func distinctNodes(l *syntax.Loop) int {
	seen := map[string]bool{}
	for _, id := range l.Nodes {
		seen[id.Name] = true
	}
	return len(seen)
}

// dedupeLoop repairs FZ121: a node the loop lists again is left out (the
// first mention keeps its place, and its lane prefix if written).
func (f *fixer) dedupeLoop(l *syntax.Loop) {
	seen := map[string]bool{}
	var nodes []syntax.Ident
	var prefixes []*syntax.Ident
	withPrefixes := len(l.Prefixes) == len(l.Nodes)
	for i, id := range l.Nodes {
		if seen[id.Name] && f.want(diag.RepeatedLoopNode, id.Span) {
			f.note(id.Span, diag.RepeatedLoopNode, "removed node %s, listed again in loop [%s]", id.Name, l.Condition)
			continue
		}
		seen[id.Name] = true
		nodes = append(nodes, id)
		if withPrefixes {
			prefixes = append(prefixes, l.Prefixes[i])
		}
	}
	l.Nodes = nodes
	if withPrefixes {
		l.Prefixes = prefixes
	}
}
