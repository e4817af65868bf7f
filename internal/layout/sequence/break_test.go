package sequence

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"flowzap/internal/diag"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// endedSections lists the sections of alt and opt frames that end while
// a way through the frame goes on past it. Ways are followed by the
// messages drawn from the frame's top down: a step reached that sends a
// message drawn below the frame (and following it, see follows) goes
// on past it; one that sends a message drawn above it goes back round
// (a retry), which does not end either. A section that reaches neither
// stops at end steps. By the notation whatever follows a frame follows
// each of its sections, so such a section must be a break frame when
// another section goes on past the frame. Frames inside a loop frame
// are left out (a loop's way out is its own frame).
func endedSections(doc *model.Document, l *scene.SequenceLayout) []string {
	type msg struct {
		to string
		y  float64
	}
	out := map[string][]msg{}
	sender := map[string]string{} // edge ID to the step that sends it
	for _, e := range doc.Edges {
		sender["e"+strconv.Itoa(e.Index+1)] = e.From.ID
	}
	for _, m := range l.Messages {
		for _, id := range append([]string{m.Edge}, m.Merged...) {
			out[sender[id]] = append(out[sender[id]], msg{m.To, topOf(m)})
		}
	}
	inLoop := func(f scene.Frame) bool {
		for _, g := range l.Frames {
			if g.Kind == "loop" && g.Y <= f.Y && f.Y+f.H <= g.Y+g.H {
				return true
			}
		}
		return false
	}
	var bad []string
	for _, f := range l.Frames {
		if (f.Kind != "alt" && f.Kind != "opt") || inLoop(f) {
			continue
		}
		bottom := f.Y + f.H
		after := map[string]bool{} // steps that send a message following the frame
		for _, m := range l.Messages {
			if topOf(m) > bottom && follows(l, f, m) {
				for _, id := range append([]string{m.Edge}, m.Merged...) {
					after[sender[id]] = true
				}
			}
		}
		tops := []float64{f.Y}
		guards := []string{f.Label}
		for _, s := range f.Sections {
			tops = append(tops, s.Y)
			guards = append(guards, s.Guard)
		}
		tops = append(tops, bottom)
		var ended []string
		past := false
		for k := range guards {
			seen := map[string]bool{}
			var todo []string
			for _, m := range l.Messages {
				if y := m.Points[0][1]; y > tops[k] && y < tops[k+1] && !seen[m.To] {
					seen[m.To] = true
					todo = append(todo, m.To)
				}
			}
			if len(todo) == 0 {
				continue
			}
			goes, back := false, false
			for len(todo) > 0 {
				n := todo[len(todo)-1]
				todo = todo[:len(todo)-1]
				goes = goes || after[n]
				for _, m := range out[n] {
					if m.y < f.Y {
						back = true
						continue
					}
					if !seen[m.to] {
						seen[m.to] = true
						todo = append(todo, m.to)
					}
				}
			}
			past = past || goes
			if !goes && !back {
				ended = append(ended, guards[k])
			}
		}
		if past {
			for _, g := range ended {
				bad = append(bad, fmt.Sprintf("%s: section %q ends, yet a way through the frame goes on past it", f.Label, g))
			}
		}
	}
	return bad
}

// follows reports whether message m, below frame f, follows it: it is
// not in a later section of a frame around f (another alternative), and
// not after a break frame around f.
func follows(l *scene.SequenceLayout, f scene.Frame, m scene.Message) bool {
	y := topOf(m)
	section := func(g scene.Frame, y float64) int {
		k := 0
		for _, s := range g.Sections {
			if y > s.Y {
				k++
			}
		}
		return k
	}
	for _, g := range l.Frames {
		if g.Y >= f.Y || f.Y+f.H > g.Y+g.H || g.Kind == "loop" {
			continue // not around f
		}
		inside := y <= g.Y+g.H
		if g.Kind == "break" && !inside || inside && section(g, y) != section(g, f.Y) {
			return false
		}
	}
	return true
}

// TestEndedSectionsBreak: in api-gateway the successful request ends at
// "Show response" while the error paths go on to "Build error response"
// after the frames; the success section is a break frame, so what
// follows the frames is not read as following it. Generated decision
// structures (some outcomes end, others meet again and go on) and every
// template keep the rule; every edge is still drawn once (see
// TestAlternativesMeetOnce).
func TestEndedSectionsBreak(t *testing.T) {
	src := readRepo(t, "gallery/templates/api-gateway.fz")
	doc := layouttest.Compile(t, "gw", src)
	l := laySequence(doc)
	for _, p := range endedSections(doc, l) {
		t.Errorf("api-gateway: %s", p)
	}
	breakY, errY := -1.0, messageY(t, l, "Error")
	for _, f := range l.Frames {
		if f.Label == "break [Yes]" {
			breakY = f.Y + f.H
			if ok := messageY(t, l, "200 OK"); ok < f.Y || ok > breakY {
				t.Errorf("api-gateway: \"200 OK\" (y=%.0f) is outside the break frame", ok)
			}
		}
	}
	if breakY < 0 || errY < breakY {
		t.Errorf("api-gateway: no break frame [Yes] above \"Error\" (y=%.0f)", errY)
	}
	// The timeout is the one way on left at that decision: unframed,
	// labelled.
	if messageY(t, l, "Timeout") < breakY {
		t.Errorf("api-gateway: \"Timeout\" does not follow the break frame")
	}

	// A break's sequence stops there: a request it leaves pending is not
	// pending after the frame (dependency-update-bot's "Major" to the
	// maintainers before the tests run; expense-report's audit before the
	// employee adds a receipt).
	for _, name := range []string{"dependency-update-bot", "expense-report"} {
		if u := codes(sequenceDiags(readRepo(t, "gallery/templates/"+name+".fz"), ""), diag.PingPong); len(u) != 0 {
			t.Errorf("%s: out of turn after a break: %q", name, u)
		}
	}

	breaks := 0
	for seed := int64(0); seed < 300; seed++ {
		r := rand.New(rand.NewSource(seed))
		lanes := 1 + r.Intn(4)
		g := &meetGen{r: r, lanes: lanes, nodes: make([][]string, lanes), edges: make([][]string, lanes), lane: map[string]int{}}
		src := g.source()
		var b strings.Builder
		for i := range g.nodes {
			fmt.Fprintf(&b, "l%d { # Lane %d\n%s\n%s\n}\n", i, i, strings.Join(g.nodes[i], "\n"), strings.Join(g.edges[i], "\n"))
		}
		doc := layouttest.Compile(t, fmt.Sprintf("break%d", seed), b.String())
		l := laySequence(doc)
		for _, p := range endedSections(doc, l) {
			t.Errorf("seed %d: %s\n%s", seed, p, src)
		}
		for _, f := range l.Frames {
			if f.Kind == "break" {
				breaks++
			}
		}
	}
	if breaks == 0 {
		t.Error("no generated diagram has a break frame")
	}
	t.Logf("%d break frames", breaks)

	files, _ := filepath.Glob(filepath.Join(layouttest.Root(), "gallery/templates/*.fz"))
	for _, file := range files {
		src := readRepo(t, filepath.Join("gallery/templates", filepath.Base(file)))
		doc := layouttest.Compile(t, filepath.Base(file), src)
		for _, p := range endedSections(doc, laySequence(doc)) {
			t.Errorf("%s: %s", filepath.Base(file), p)
		}
	}
}
