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
	Kind    string  `json:"kind"`    // added, removed, changed
	Element string  `json:"element"` // lane, node, edge, loop
	ID      string  `json:"id"`      // ID in the new version (old one when removed)
	OldID   string  `json:"oldId,omitempty"`
	What    string  `json:"what"` // short description: a label, "n1 -> n2"
	Fields  []Field `json:"fields,omitempty"`
	Line    int     `json:"line"` // in the new version (old one when removed)
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
	c := &comparer{old: old, new: new, oldLine: oldLine, newLine: newLine, match: map[*model.Node]*model.Node{}}
	c.lanes()
	c.nodes()
	c.edges()
	c.loops()
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
	out              []Change
}

func (c *comparer) add(ch Change) { c.out = append(c.out, ch) }

func (c *comparer) lanes() {
	for _, l := range c.new.Lanes {
		o := c.old.Lane(l.ID)
		if o == nil {
			c.add(Change{Kind: "added", Element: "lane", ID: l.ID, What: l.Label, Line: c.newLine(int(l.Span.Start))})
			continue
		}
		if o.Label != l.Label {
			c.add(Change{Kind: "changed", Element: "lane", ID: l.ID, What: l.Label, Line: c.newLine(int(l.Span.Start)),
				Fields: []Field{{"label", o.Label, l.Label}}})
		}
	}
	for _, o := range c.old.Lanes {
		if c.new.Lane(o.ID) == nil {
			c.add(Change{Kind: "removed", Element: "lane", ID: o.ID, What: o.Label, Line: c.oldLine(int(o.Span.Start))})
		}
	}
}

func (c *comparer) nodes() {
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
		cmp("lane", o.Lane.ID, n.Lane.ID)
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
			c.add(Change{Kind: "changed", Element: "edge", ID: "e" + strconv.Itoa(n.Index+1), What: edgeName(n), Fields: f, Line: c.newLine(int(n.Span.Start))})
		}
	}
	for _, n := range c.new.Edges {
		if !used[n] {
			c.add(Change{Kind: "added", Element: "edge", ID: "e" + strconv.Itoa(n.Index+1), What: edgeText(n), Line: c.newLine(int(n.Span.Start))})
		}
	}
	for _, o := range removed {
		c.add(Change{Kind: "removed", Element: "edge", ID: "e" + strconv.Itoa(o.Index+1), What: edgeText(o), Line: c.oldLine(int(o.Span.Start))})
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
	for _, o := range c.old.Loops {
		var best *model.Loop
		for _, n := range c.new.Loops {
			if used[n] {
				continue
			}
			if n.Condition == o.Condition || ids(n, false) == ids(o, true) {
				best = n
				break
			}
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
		if ids(o, true) != ids(best, false) {
			f = append(f, Field{"nodes", ids(o, true), ids(best, false)})
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
		for _, k := range []string{"added", "removed", "changed"} {
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
		sign := map[string]string{"added": "+", "removed": "-", "changed": "~"}[ch.Kind]
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
