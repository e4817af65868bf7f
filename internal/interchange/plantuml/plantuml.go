// Package plantuml writes FlowZap diagrams as PlantUML: an activity
// diagram with one swimlane per lane, and a sequence diagram from the
// sequence view.
package plantuml

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"flowzap/internal/interchange"
	"flowzap/internal/model"
)

// Text escapes s for PlantUML text, so labels show exactly as written
// (checked against PlantUML's own rendering): the creole markup
// characters are preceded by '~', PlantUML's escape; '<' (which opens
// tags, icons and <U+...> codes, none of which '~' escapes), '~' (two
// of which make wavy text, and which shows as itself before a character
// it does not escape), '\' (which starts \n and \t) and '|' (which
// starts a table row) are written as Unicode codes, and so is '@' (a
// label that starts with "@startuml" made the activity after it an
// error); '>', '%', ';', '^', '=' and '$' stay as they are, since a '~'
// before them would show.
func Text(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '*', '/', '_', '-', '"', '[', ']', '#':
			b.WriteByte('~')
			b.WriteRune(r)
		case '<':
			b.WriteString("<U+003C>")
		case '~':
			b.WriteString("<U+007E>")
		case '\\':
			b.WriteString("<U+005C>")
		case '|':
			b.WriteString("<U+007C>")
		case '@':
			b.WriteString("<U+0040>")
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func label(n *model.Node) string {
	if n.Shape != model.Taskbox {
		return Text(n.Label)
	}
	lines := []string{"**" + Text(n.Title()) + "**"}
	for _, it := range n.Items() {
		lines = append(lines, "* "+Text(it))
	}
	if n.Owner != "" {
		lines = append(lines, "//Owner: "+Text(n.Owner)+"//")
	}
	if n.System != "" {
		lines = append(lines, "//System: "+Text(n.System)+"//")
	}
	// One line of source, its lines joined by PlantUML's \n: a source
	// line of a multi-line activity that ends with ';' (an item "Pack
	// box;") ends the activity there, and the rest is an error.
	return strings.Join(lines, `\n`)
}

// Activity writes the workflow as an activity diagram with swimlanes.
// PlantUML activities are structured (no arbitrary jumps), so the flow is
// walked from its starts: each step once, in its lane; a step with
// several ways out becomes a `switch` (decisions, with the edge labels as
// cases) or a `split` (other steps); an edge to a step already drawn ends
// its branch with a "goto <step>" box.
func Activity(w io.Writer, d *interchange.Diagram) error {
	doc := d.Doc
	out := d.Out()
	in := map[*model.Node]int{}
	for _, e := range doc.Edges {
		in[e.To]++
	}
	var b strings.Builder
	b.WriteString("@startuml\n")
	if d.Name != "" {
		fmt.Fprintf(&b, "title %s\n", Text(d.Name))
	}
	// Each swimlane is declared with an alias (|L2| Ops) and entered by
	// it: two lanes with one label stay two swimlanes.
	laneAlias := map[*model.Lane]string{}
	for i, l := range doc.Lanes {
		laneAlias[l] = "L" + strconv.Itoa(i+1)
		fmt.Fprintf(&b, "|%s| %s\n", laneAlias[l], laneName(l))
	}
	visited := map[*model.Node]bool{}
	// Steps entered by more than one edge get a connector so that jumps to
	// them can be drawn.
	cur := ""
	var walk func(n *model.Node, depth int)
	ind := func(depth int) string { return strings.Repeat("  ", depth) }
	lane := func(l *model.Lane, depth int) {
		if name := laneAlias[l]; name != cur {
			fmt.Fprintf(&b, "%s|%s|\n", ind(depth), name)
			cur = name
		}
	}
	stack := 0
	walk = func(n *model.Node, depth int) {
		for {
			stack++
			if stack > 10000 {
				return
			}
			visited[n] = true
			lane(n.Lane, depth)
			kind := d.Kind(n)
			if kind == "start" {
				fmt.Fprintf(&b, "%sstart\n", ind(depth))
			}
			outs := out[n]
			if n.Shape != model.Diamond || len(outs) < 2 {
				fmt.Fprintf(&b, "%s:%s;\n", ind(depth), label(n)) // a switch shows the decision itself
			}
			if len(outs) == 0 {
				if kind == "end" {
					fmt.Fprintf(&b, "%sstop\n", ind(depth))
				} else {
					fmt.Fprintf(&b, "%send\n", ind(depth))
				}
				return
			}
			if len(outs) == 1 {
				e := outs[0]
				if e.Label != "" {
					fmt.Fprintf(&b, "%s-> %s;\n", ind(depth), Text(e.Label))
				}
				if visited[e.To] {
					jump(&b, ind(depth), e.To)
					return
				}
				n = e.To
				continue
			}
			if n.Shape == model.Diamond {
				fmt.Fprintf(&b, "%sswitch (%s)\n", ind(depth), Text(n.Label))
				for _, e := range outs {
					fmt.Fprintf(&b, "%scase (%s)\n", ind(depth), Text(caseLabel(e)))
					branch(&b, e, depth+1, visited, walk, &cur, lane)
				}
				fmt.Fprintf(&b, "%sendswitch\n", ind(depth))
			} else {
				fmt.Fprintf(&b, "%ssplit\n", ind(depth))
				for i, e := range outs {
					if i > 0 {
						fmt.Fprintf(&b, "%ssplit again\n", ind(depth))
					}
					if e.Label != "" {
						fmt.Fprintf(&b, "%s  -> %s;\n", ind(depth), Text(e.Label))
					}
					branch(&b, e, depth+1, visited, walk, &cur, lane)
				}
				fmt.Fprintf(&b, "%send split\n", ind(depth))
			}
			return
		}
	}
	// Starts first (in file order), then whatever was not reached.
	for _, n := range doc.Nodes {
		if in[n] == 0 && !visited[n] {
			walk(n, 0)
		}
	}
	for _, n := range doc.Nodes {
		if !visited[n] {
			walk(n, 0)
		}
	}
	b.WriteString("@enduml\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func caseLabel(e *model.Edge) string {
	if e.Label != "" {
		return e.Label
	}
	return "to " + e.To.Label
}

func branch(b *strings.Builder, e *model.Edge, depth int, visited map[*model.Node]bool, walk func(*model.Node, int), cur *string, lane func(*model.Lane, int)) {
	ind := strings.Repeat("  ", depth)
	if visited[e.To] {
		jump(b, ind, e.To)
		return
	}
	walk(e.To, depth)
}

// jump ends a branch that goes back to a step already drawn: PlantUML
// activities cannot jump, so a "goto" box names the target.
func jump(b *strings.Builder, ind string, to *model.Node) {
	fmt.Fprintf(b, "%s:goto %s;\n", ind, Text(to.Label))
}

// laneName is the swimlane's title, escaped as node labels are: PlantUML
// reads creole and tags in it too (a lane "**Ops**" was drawn bold, a
// "[[...]]" as a link), and a '|' written as a code stays in the title.
func laneName(l *model.Lane) string {
	s := l.Label
	if strings.TrimSpace(s) == "" {
		s = l.ID
	}
	return Text(s)
}

// Sequence writes the sequence view as a PlantUML sequence diagram:
// participants in lane order, notes and messages in the view's order
// inside its loop and alt frames.
func Sequence(w io.Writer, d *interchange.Diagram) error {
	if d.Sequence == nil {
		return fmt.Errorf("plantuml sequence export needs the sequence layout")
	}
	doc := d.Doc
	alias := map[*model.Lane]string{}
	used := map[string]bool{}
	for i, l := range doc.Lanes {
		a := interchange.ASCIIIdent(l.ID)
		if a == "" || used[strings.ToLower(a)] {
			a = fmt.Sprintf("P%d", i+1)
		}
		used[strings.ToLower(a)] = true
		alias[l] = a
	}
	laneOf := map[string]string{}
	for _, n := range doc.Nodes {
		laneOf[n.ID] = alias[n.Lane]
	}
	var b strings.Builder
	b.WriteString("@startuml\n")
	for _, l := range doc.Lanes {
		fmt.Fprintf(&b, "participant \"%s\" as %s\n", strings.ReplaceAll(Text(l.Label), `~"`, `'`), alias[l])
	}
	for _, ev := range interchange.SequenceEvents(d.Sequence) {
		ind := strings.Repeat("  ", ev.Depth)
		switch ev.Kind {
		case "message":
			arrow := "->"
			if ev.Return {
				arrow = "-->"
			}
			fmt.Fprintf(&b, "%s%s %s %s : %s\n", ind, laneOf[ev.From], arrow, laneOf[ev.To], Text(ev.Text))
		case "note":
			fmt.Fprintf(&b, "%snote over %s : %s\n", ind, laneOf[ev.Node], Text(ev.Text))
		case "open":
			fmt.Fprintf(&b, "%s%s %s\n", ind, ev.Frame, Text(ev.Text))
		case "else":
			if interchange.WayRound(ev.Text) {
				fmt.Fprintf(&b, "%selse\n", ind) // not "else else"
			} else {
				fmt.Fprintf(&b, "%selse %s\n", ind, Text(ev.Text))
			}
		case "close":
			fmt.Fprintf(&b, "%send\n", ind)
		}
	}
	b.WriteString("@enduml\n")
	_, err := io.WriteString(w, b.String())
	return err
}
