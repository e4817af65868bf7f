// Package diff computes the structured differences between two versions of
// a diagram: lanes, nodes (added, removed, relabelled, reshaped, moved to
// another lane, attributes changed, renumbered), edges (matched properly,
// parallel ones too, with label and handle changes) and loops.
//
// Nodes are matched by ID and label first, then by label and shape (so a
// renumbering is not a rewrite), then by ID alone. Edges are matched by
// their matched endpoints; parallel edges pair up by equal label, then in
// written order.
package diff

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"flowzap/internal/model"
)

// Field is one changed property.
type Field struct {
	Name string `json:"field"`
	Old  string `json:"old"`
	New  string `json:"new"`
}

// Change is one difference.
type Change struct {
	Kind    string `json:"kind"`    // added, removed, changed, renamed (lanes), reordered (edges)
	Element string `json:"element"` // lane, node, edge, loop
	ID      string `json:"id"`      // ID in the new version (old one when removed)
	OldID   string `json:"oldId,omitempty"`
	// Version says which version ID, From, To and Line refer to: "new",
	// or "old" for what was removed.
	Version string `json:"version"`
	// From and To are an edge's endpoints (node IDs in Version).
	From   string  `json:"from,omitempty"`
	To     string  `json:"to,omitempty"`
	What   string  `json:"what"` // short description: a label, "n1 -> n2"
	Fields []Field `json:"fields,omitempty"`
	Line   int     `json:"line"` // in the new version (old one when removed)
}

// Result is the whole difference.
type Result struct {
	Changes []Change `json:"changes"`
	Summary string   `json:"summary"`
	Same    bool     `json:"same"`
}

// Compare returns the changes from old to new. line maps offsets to lines
// for each document (nil gives line 0).
func Compare(old, new *model.Document, oldLine, newLine func(int) int) *Result {
	if oldLine == nil {
		oldLine = func(int) int { return 0 }
	}
	if newLine == nil {
		newLine = func(int) int { return 0 }
	}
	c := &comparer{old: old, new: new, oldLine: oldLine, newLine: newLine, match: map[*model.Node]*model.Node{}, renamed: map[string]string{}}
	c.matchNodes()
	c.lanes()
	c.nodes()
	c.edges()
	c.loops()
	for i := range c.out {
		if c.out[i].Version == "" {
			c.out[i].Version = "new"
			if c.out[i].Kind == "removed" {
				c.out[i].Version = "old"
			}
		}
	}
	r := &Result{Changes: c.out, Same: len(c.out) == 0}
	if r.Changes == nil {
		r.Changes = []Change{}
	}
	r.Summary = summary(r.Changes)
	return r
}

type comparer struct {
	old, new         *model.Document
	oldLine, newLine func(int) int
	match            map[*model.Node]*model.Node // old -> new
	renamed          map[string]string           // old lane ID -> new lane ID
	out              []Change
}

func (c *comparer) add(ch Change) { c.out = append(c.out, ch) }

// lanes reports lane changes. A lane missing from the new version whose
// nodes mostly sit in a lane missing from the old one was renamed: that is
// one change, and its nodes did not move.
func (c *comparer) lanes() {
	for _, o := range c.old.Lanes {
		if c.new.Lane(o.ID) != nil || len(o.Nodes) == 0 {
			continue
		}
		votes := map[*model.Lane]int{}
		for _, n := range o.Nodes {
			if m := c.match[n]; m != nil && c.old.Lane(m.Lane.ID) == nil {
				votes[m.Lane]++
			}
		}
		var best *model.Lane
		for l, v := range votes {
			if best == nil || v > votes[best] || v == votes[best] && l.Index < best.Index {
				best = l
			}
		}
		if best != nil && 2*votes[best] >= len(o.Nodes) && !c.isTarget(best.ID) {
			c.renamed[o.ID] = best.ID
		}
	}
	for _, l := range c.new.Lanes {
		o := c.old.Lane(l.ID)
		if o == nil {
			if old, ok := c.renamedFrom(l.ID); ok {
				ch := Change{Kind: "renamed", Element: "lane", ID: l.ID, OldID: old.ID, What: l.Label, Line: c.newLine(int(l.Span.Start)),
					Fields: []Field{{"id", old.ID, l.ID}}}
				if old.Label != l.Label {
					ch.Fields = append(ch.Fields, Field{"label", old.Label, l.Label})
				}
				c.add(ch)
				continue
			}
			c.add(Change{Kind: "added", Element: "lane", ID: l.ID, What: l.Label, Line: c.newLine(int(l.Span.Start))})
			continue
		}
		if o.Label != l.Label {
			c.add(Change{Kind: "changed", Element: "lane", ID: l.ID, What: l.Label, Line: c.newLine(int(l.Span.Start)),
				Fields: []Field{{"label", o.Label, l.Label}}})
		}
	}
	for _, o := range c.old.Lanes {
		if c.new.Lane(o.ID) == nil && c.renamed[o.ID] == "" {
			c.add(Change{Kind: "removed", Element: "lane", ID: o.ID, What: o.Label, Line: c.oldLine(int(o.Span.Start))})
		}
	}
}

func (c *comparer) isTarget(newID string) bool {
	for _, v := range c.renamed {
		if v == newID {
			return true
		}
	}
	return false
}

func (c *comparer) renamedFrom(newID string) (*model.Lane, bool) {
	for o, n := range c.renamed {
		if n == newID {
			return c.old.Lane(o), true
		}
	}
	return nil, false
}

func (c *comparer) matchNodes() {
	used := map[*model.Node]bool{}
	pair := func(o, n *model.Node) { c.match[o], used[n] = n, true }
	// 1. Same ID and label.
	for _, o := range c.old.Nodes {
		if n := c.new.Node(o.ID); n != nil && n.Label == o.Label {
			pair(o, n)
		}
	}
	// 2. Same label and shape, unique on both sides: a renumbered node.
	key := func(n *model.Node) string { return string(n.Shape) + "\x00" + n.Label }
	oldBy, newBy := map[string][]*model.Node{}, map[string][]*model.Node{}
	for _, o := range c.old.Nodes {
		if c.match[o] == nil {
			oldBy[key(o)] = append(oldBy[key(o)], o)
		}
	}
	for _, n := range c.new.Nodes {
		if !used[n] {
			newBy[key(n)] = append(newBy[key(n)], n)
		}
	}
	for k, os := range oldBy {
		if ns := newBy[k]; len(os) == 1 && len(ns) == 1 {
			pair(os[0], ns[0])
		}
	}
	// 3. Same ID: the node was edited.
	for _, o := range c.old.Nodes {
		if c.match[o] == nil {
			if n := c.new.Node(o.ID); n != nil && !used[n] {
				pair(o, n)
			}
		}
	}
}

func (c *comparer) nodes() {
	used := map[*model.Node]bool{}
	for _, n := range c.match {
		used[n] = true
	}
	for _, n := range c.new.Nodes {
		if !used[n] {
			c.add(Change{Kind: "added", Element: "node", ID: n.ID, What: fmt.Sprintf("%s %q in lane %s", n.Shape, n.Label, n.Lane.ID),
				Line: c.newLine(int(n.Span.Start))})
		}
	}
	for _, o := range c.old.Nodes {
		n := c.match[o]
		if n == nil {
			c.add(Change{Kind: "removed", Element: "node", ID: o.ID, What: fmt.Sprintf("%s %q", o.Shape, o.Label), Line: c.oldLine(int(o.Span.Start))})
			continue
		}
		var f []Field
		cmp := func(name, a, b string) {
			if a != b {
				f = append(f, Field{name, a, b})
			}
		}
		cmp("id", o.ID, n.ID)
		cmp("label", o.Label, n.Label)
		cmp("shape", string(o.Shape), string(n.Shape))
		if c.renamed[o.Lane.ID] != n.Lane.ID {
			cmp("lane", o.Lane.ID, n.Lane.ID)
		}
		cmp("owner", o.Owner, n.Owner)
		cmp("description", o.Description, n.Description)
		cmp("system", o.System, n.System)
		if len(f) > 0 {
			ch := Change{Kind: "changed", Element: "node", ID: n.ID, What: fmt.Sprintf("%q", n.Label), Fields: f, Line: c.newLine(int(n.Span.Start))}
			if o.ID != n.ID {
				ch.OldID = o.ID
			}
			c.add(ch)
		}
	}
	sortChanges(c.out)
}

func edgeName(e *model.Edge) string { return e.From.ID + " -> " + e.To.ID }

func (c *comparer) edges() {
	type key struct{ from, to *model.Node }
	newBy := map[key][]*model.Edge{}
	for _, e := range c.new.Edges {
		newBy[key{e.From, e.To}] = append(newBy[key{e.From, e.To}], e)
	}
	used := map[*model.Edge]bool{}
	var pairs [][2]*model.Edge
	var removed []*model.Edge
	oldBy := map[key][]*model.Edge{}
	var order []key
	for _, e := range c.old.Edges {
		f, t := c.match[e.From], c.match[e.To]
		if f == nil || t == nil {
			removed = append(removed, e)
			continue
		}
		k := key{f, t}
		if _, ok := oldBy[k]; !ok {
			order = append(order, k)
		}
		oldBy[k] = append(oldBy[k], e)
	}
	for _, k := range order {
		olds, news := oldBy[k], newBy[k]
		taken := make([]bool, len(news))
		var rest []*model.Edge
		for _, o := range olds { // equal labels first
			found := false
			for i, n := range news {
				if !taken[i] && n.Label == o.Label && n.HasLabel == o.HasLabel {
					taken[i], found = true, true
					pairs = append(pairs, [2]*model.Edge{o, n})
					break
				}
			}
			if !found {
				rest = append(rest, o)
			}
		}
		for _, o := range rest { // then in written order
			found := false
			for i, n := range news {
				if !taken[i] {
					taken[i], found = true, true
					pairs = append(pairs, [2]*model.Edge{o, n})
					break
				}
			}
			if !found {
				removed = append(removed, o)
			}
		}
	}
	for _, p := range pairs {
		used[p[1]] = true
		o, n := p[0], p[1]
		var f []Field
		if o.Label != n.Label || o.HasLabel != n.HasLabel {
			f = append(f, Field{"label", o.Label, n.Label})
		}
		if o.FromSide != n.FromSide {
			f = append(f, Field{"sourceHandle", string(o.FromSide), string(n.FromSide)})
		}
		if o.ToSide != n.ToSide {
			f = append(f, Field{"targetHandle", string(o.ToSide), string(n.ToSide)})
		}
		if len(f) > 0 {
			c.add(Change{Kind: "changed", Element: "edge", ID: "e" + strconv.Itoa(n.Index+1), OldID: "e" + strconv.Itoa(o.Index+1),
				From: n.From.ID, To: n.To.ID, What: edgeName(n), Fields: f, Line: c.newLine(int(n.Span.Start))})
		}
	}
	c.reordered(pairs)
	for _, n := range c.new.Edges {
		if !used[n] {
			c.add(Change{Kind: "added", Element: "edge", ID: "e" + strconv.Itoa(n.Index+1), From: n.From.ID, To: n.To.ID, What: edgeText(n),
				Line: c.newLine(int(n.Span.Start))})
		}
	}
	for _, o := range removed {
		c.add(Change{Kind: "removed", Element: "edge", ID: "e" + strconv.Itoa(o.Index+1), From: o.From.ID, To: o.To.ID, What: edgeText(o),
			Line: c.oldLine(int(o.Span.Start)), Version: "old"})
	}
}

// reordered reports the kept edges whose written order changed, which
// changes the order of the sequence view's messages. The edges on a
// longest run that kept its order stay put; the others moved. It runs in
// O(e log e).
func (c *comparer) reordered(pairs [][2]*model.Edge) {
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0].Index < pairs[j][0].Index })
	// Longest increasing subsequence of the new positions.
	tails := []int{} // index into pairs of the smallest tail of each length
	prev := make([]int, len(pairs))
	for i, p := range pairs {
		k := sort.Search(len(tails), func(j int) bool { return pairs[tails[j]][1].Index >= p[1].Index })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	keep := make([]bool, len(pairs))
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
			keep[i] = true
		}
	}
	for i, p := range pairs {
		if keep[i] {
			continue
		}
		o, n := p[0], p[1]
		c.add(Change{Kind: "reordered", Element: "edge", ID: "e" + strconv.Itoa(n.Index+1), OldID: "e" + strconv.Itoa(o.Index+1),
			From: n.From.ID, To: n.To.ID, What: edgeName(n) + " moved in the message order",
			Fields: []Field{{"position", strconv.Itoa(o.Index + 1), strconv.Itoa(n.Index + 1)}}, Line: c.newLine(int(n.Span.Start))})
	}
}

func edgeText(e *model.Edge) string {
	s := edgeName(e)
	if e.HasLabel {
		s += fmt.Sprintf(" [%q]", e.Label)
	}
	return s
}

func (c *comparer) loops() {
	ids := func(l *model.Loop, mapNew bool) string {
		var out []string
		for _, n := range l.Nodes {
			if mapNew {
				if m := c.match[n]; m != nil {
					out = append(out, m.ID)
					continue
				}
			}
			out = append(out, n.ID)
		}
		return strings.Join(out, " ")
	}
	used := map[*model.Loop]bool{}
	byCond, byNodes := map[string][]*model.Loop{}, map[string][]*model.Loop{}
	for _, n := range c.new.Loops {
		byCond[n.Condition] = append(byCond[n.Condition], n)
		k := ids(n, false)
		byNodes[k] = append(byNodes[k], n)
	}
	first := func(m map[string][]*model.Loop, k string) *model.Loop {
		list := m[k]
		for len(list) > 0 && used[list[0]] {
			list = list[1:]
		}
		m[k] = list
		if len(list) == 0 {
			return nil
		}
		return list[0]
	}
	for _, o := range c.old.Loops {
		oids := ids(o, true)
		best := first(byCond, o.Condition)
		if best == nil {
			best = first(byNodes, oids)
		}
		if best == nil {
			c.add(Change{Kind: "removed", Element: "loop", ID: o.Condition, What: "loop [" + o.Condition + "] " + ids(o, false), Line: c.oldLine(int(o.Span.Start))})
			continue
		}
		used[best] = true
		var f []Field
		if o.Condition != best.Condition {
			f = append(f, Field{"condition", o.Condition, best.Condition})
		}
		if bids := ids(best, false); oids != bids {
			f = append(f, Field{"nodes", oids, bids})
		}
		if len(f) > 0 {
			c.add(Change{Kind: "changed", Element: "loop", ID: best.Condition, What: "loop [" + best.Condition + "]", Fields: f, Line: c.newLine(int(best.Span.Start))})
		}
	}
	for _, n := range c.new.Loops {
		if !used[n] {
			c.add(Change{Kind: "added", Element: "loop", ID: n.Condition, What: "loop [" + n.Condition + "] " + ids(n, false), Line: c.newLine(int(n.Span.Start))})
		}
	}
}

func sortChanges(list []Change) {
	order := map[string]int{"lane": 0, "node": 1, "edge": 2, "loop": 3}
	sort.SliceStable(list, func(i, j int) bool { return order[list[i].Element] < order[list[j].Element] })
}

func summary(list []Change) string {
	if len(list) == 0 {
		return "no changes"
	}
	counts := map[string]map[string]int{}
	for _, ch := range list {
		if counts[ch.Element] == nil {
			counts[ch.Element] = map[string]int{}
		}
		counts[ch.Element][ch.Kind]++
	}
	var parts []string
	for _, el := range []string{"lane", "node", "edge", "loop"} {
		m := counts[el]
		if m == nil {
			continue
		}
		var bits []string
		for _, k := range []string{"added", "removed", "changed", "renamed", "reordered"} {
			if m[k] > 0 {
				bits = append(bits, fmt.Sprintf("%d %s", m[k], k))
			}
		}
		parts = append(parts, el+"s: "+strings.Join(bits, ", "))
	}
	return strings.Join(parts, "; ")
}

// Text renders the changes for people, one per line:
//
//   - node n7: rectangle "Send receipt" in lane billing (line 12)
//     ~ edge n1 -> n2: label "" -> "go"
func (r *Result) Text() string {
	var b strings.Builder
	for _, ch := range r.Changes {
		sign := map[string]string{"added": "+", "removed": "-", "changed": "~", "renamed": "~", "reordered": "^"}[ch.Kind]
		fmt.Fprintf(&b, "%s %s %s: %s", sign, ch.Element, ch.ID, ch.What)
		for i, f := range ch.Fields {
			if i == 0 {
				b.WriteString(": ")
			} else {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%s %q -> %q", f.Name, f.Old, f.New)
		}
		if ch.Line > 0 {
			fmt.Fprintf(&b, " (line %d)", ch.Line)
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "%s\n", r.Summary)
	return b.String()
}
