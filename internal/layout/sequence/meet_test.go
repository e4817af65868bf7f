package sequence

import (
	"fmt"
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"flowzap/internal/scene"
)

// meetGen writes random decision structures: chains of steps over a few
// lanes (with replies to steps that send nothing on, some of them
// loops), decisions of two or three outcomes nested up to three deep,
// each outcome going on through steps and hand-offs, ending (an End
// circle) or retrying (back to the step before the decision); where two
// or more outcomes go on they meet at a join, all by the same message
// (each through a step of one lane) or by different ones.
type meetGen struct {
	r            *rand.Rand
	lanes        int
	n            int
	nodes, edges [][]string
	lane         map[string]int
	// meets lists, per decision, where its outcomes meet.
	meets []meet
}

type meet struct {
	decision, join string
	same           bool // every outcome goes on, by the same message
	ins            []string
	// ended: some way through an outcome ends (no merge: what follows
	// the join is not done after every outcome).
	ended bool
}

func (g *meetGen) node(lane int, shape, label string) string {
	g.n++
	id := fmt.Sprintf("n%d", g.n)
	if label == "" {
		label = "Step " + id
	}
	g.nodes[lane] = append(g.nodes[lane], fmt.Sprintf("  %s: %s label:%q", id, shape, label))
	g.lane[id] = lane
	return id
}

func (g *meetGen) edge(from, to, label string) {
	l := g.lane[from]
	attr := ""
	if label != "" {
		attr = fmt.Sprintf(" [label=%q]", label)
	}
	g.edges[l] = append(g.edges[l], fmt.Sprintf("  %s.handle(right) -> l%d.%s.handle(left)%s", from, g.lane[to], to, attr))
}

// chain adds one to three steps after prev and returns the last; a
// step may also answer to a step of another lane that sends nothing on
// (a reply: the flow goes on from the step that sent it).
func (g *meetGen) chain(prev string) string {
	var made []string
	for k := 1 + g.r.Intn(3); k > 0; k-- {
		n := g.node(g.r.Intn(g.lanes), "rectangle", "")
		g.edge(prev, n, "")
		prev = n
		made = append(made, n)
		if g.r.Intn(4) == 0 {
			g.edge(n, g.node(g.r.Intn(g.lanes), "rectangle", ""), "reply")
		}
	}
	if len(made) >= 2 && g.r.Intn(4) == 0 { // a loop over the chain
		l := g.lane[made[0]]
		g.edges[l] = append(g.edges[l], "  loop [again] "+strings.Join(made, " "))
	}
	return prev
}

// flow adds steps and decisions after prev; it returns the step the
// flow goes on from, or "" when every way ended, and whether some way
// ended.
func (g *meetGen) flow(prev string, depth int) (string, bool) {
	prev = g.chain(prev)
	if depth >= 3 || g.r.Intn(4) == 0 {
		return prev, false
	}
	d := g.node(g.r.Intn(g.lanes), "diamond", "")
	g.edge(prev, d, "")
	k := 2 + g.r.Intn(2)
	var exits []string
	ended := false
	for i := range k {
		x := g.node(g.r.Intn(g.lanes), "rectangle", "")
		g.edge(d, x, fmt.Sprintf("%s-b%d", d, i+1))
		switch c := g.r.Intn(8); {
		case c == 0 && i > 0: // ends
			end := g.node(g.lane[x], "circle", "End "+x)
			g.edge(x, end, "")
			ended = true
		case c == 1 && i > 0: // retries: the decision is asked again
			g.edge(x, prev, "retry")
		default:
			e, gone := g.flow(x, depth+1)
			if e != "" {
				exits = append(exits, e)
			}
			ended = ended || gone
		}
	}
	if len(exits) == 0 {
		return "", true
	}
	if len(exits) == 1 {
		e, gone := g.flow(exits[0], depth+1)
		return e, ended || gone
	}
	j := g.node(g.r.Intn(g.lanes), "rectangle", "")
	m := meet{decision: d, join: j, same: g.r.Intn(3) > 0, ended: ended}
	from := g.r.Intn(g.lanes)
	for i, e := range exits {
		if m.same {
			if g.lane[e] != from {
				h := g.node(from, "rectangle", "")
				g.edge(e, h, "")
				e = h
			}
			g.edge(e, j, "go on")
		} else {
			g.edge(e, j, fmt.Sprintf("from %d", i))
		}
		m.ins = append(m.ins, e)
	}
	g.meets = append(g.meets, m)
	e, gone := g.flow(j, depth+1)
	return e, ended || gone
}

func (g *meetGen) source() string {
	start := g.node(0, "circle", "Start")
	if e, _ := g.flow(start, 0); e != "" {
		g.edge(e, g.node(g.lane[e], "circle", "End"), "")
	}
	var b strings.Builder
	for i := range g.nodes {
		fmt.Fprintf(&b, "l%d { # Lane %d\n%s\n%s\n}\n", i, i, strings.Join(g.nodes[i], "\n"), strings.Join(g.edges[i], "\n"))
	}
	return b.String()
}

// TestAlternativesMeetOnce lays out generated decision structures and
// checks that each keeps the view's rules (check, seqProblems), that
// every edge is drawn exactly once (a message standing for
// several edges counts each), that the message by which every outcome
// of a decision reaches where they meet is drawn once, below the
// decision's frame, with what follows it, and that a join some outcome
// does not reach keeps each message into it inside its frame.
var altOf = regexp.MustCompile(`^alt \[(n\d+)-b\d+\]$`)

func TestAlternativesMeetOnce(t *testing.T) {
	merged := 0
	for seed := int64(0); seed < 300; seed++ {
		r := rand.New(rand.NewSource(seed))
		lanes := 1 + r.Intn(4)
		g := &meetGen{r: r, lanes: lanes, nodes: make([][]string, lanes), edges: make([][]string, lanes), lane: map[string]int{}}
		src := g.source()
		l, _ := layLanes(t, int(seed), g.nodes, g.edges)
		fail := func(f string, a ...any) {
			t.Helper()
			t.Errorf("seed %d: %s\n%s", seed, fmt.Sprintf(f, a...), src)
		}
		for _, p := range append(check(l, nil), seqProblems(l, true)...) {
			fail("%s", p)
		}
		edges := strings.Count(src, "->")
		count := map[string]int{}
		msgOf := map[string]*scene.Message{} // by "from>to"
		for i := range l.Messages {
			m := &l.Messages[i]
			for _, id := range append([]string{m.Edge}, m.Merged...) {
				count[id]++
			}
			if len(m.Merged) > 0 {
				merged++
			}
			msgOf[m.From+">"+m.To] = m
		}
		for i := 1; i <= edges; i++ {
			if c := count[fmt.Sprintf("e%d", i)]; c != 1 {
				fail("edge e%d drawn %d times", i, c)
			}
		}
		if len(count) != edges {
			fail("%d edges drawn for %d written", len(count), edges)
		}
		frames := map[string]scene.Frame{}
		for _, f := range l.Frames {
			// Titled by the first outcome drawn: "alt [n5-b1]", or
			// "alt [n5-b2]" when a loop's round puts it first.
			if m := altOf.FindStringSubmatch(f.Label); m != nil {
				frames[m[1]] = f
			}
		}
		for _, mt := range g.meets {
			f, ok := frames[mt.decision]
			if !ok {
				fail("no frame for %s", mt.decision)
				continue
			}
			bottom := f.Y + f.H
			var ins []*scene.Message
			for _, e := range mt.ins {
				ins = append(ins, msgOf[e+">"+mt.join])
			}
			if mt.same && !mt.ended {
				if len(ins[0].Merged) != len(ins)-1 {
					fail("%s: the %d outcomes meet at %s by one message, drawn %d times", mt.decision, len(ins), mt.join, len(ins)-len(ins[0].Merged))
				}
				if y := ins[0].Points[0][1]; y <= bottom {
					fail("%s: the message into %s (y %.0f) is not below the frame (bottom %.0f)", mt.decision, mt.join, y, bottom)
				}
				for _, m := range l.Messages {
					if m.From == mt.join && topOf(m) <= bottom {
						fail("%s: what follows %s is inside the frame", mt.decision, mt.join)
					}
				}
				continue
			}
			for i, m := range ins {
				if m == nil {
					fail("%s: no message from %s into %s", mt.decision, mt.ins[i], mt.join)
					continue
				}
				if mt.ended && len(m.Merged) > 0 {
					fail("%s: an outcome ends, yet the messages into %s are merged", mt.decision, mt.join)
				}
				if y := m.Points[0][1]; y < f.Y || y > bottom {
					fail("%s: the message %s>%s, reached by one outcome, is outside the frame", mt.decision, m.From, m.To)
				}
			}
		}
	}
	if merged == 0 {
		t.Error("no generated diagram merged a message")
	}
	t.Logf("%d merged messages", merged)
}
