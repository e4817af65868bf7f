package sequence

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
	"flowzap/internal/textmeasure"
	"flowzap/internal/theme"
)

// TestLoopEndsAtItsWayOut: a loop over a step and a decision with one
// answer that retries (back into the loop) and one that leaves it for a
// chain of further steps. The steps after the way out are done once, after the
// loop: every message after the leaving one lies below the loop's frame and
// the decision's alt frame, and the frames still hold the retry, whichever
// of the two outcomes is written first. The same when the decision is
// not the loop's but asked after a call out of it (the loop's last step
// hands over to a step outside it, which asks: the guest's "Dish as
// expected?" after the kitchen's plating). Generated over lanes, loop
// placements, chain lengths, the outcomes' written order and where the
// decision is; and with a review after the steps whose "No" sends the
// work back into the loop, at once or through a step of its own (a round
// of its own: drawn after the loop too).
func TestLoopEndsAtItsWayOut(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	for c := 0; c < 60; c++ {
		lanes := 2 + rng.Intn(3)
		lane := make([][]string, lanes)
		var edges []string
		put := func(n int, shape, label string) int {
			l := rng.Intn(lanes)
			if n == 1 {
				l = 0
			}
			lane[l] = append(lane[l], fmt.Sprintf("n%d: %s label:\"%s\"", n, shape, label))
			return l
		}
		laneOf := map[int]int{}
		laneOf[1] = put(1, "circle", "Start")
		laneOf[2] = put(2, "rectangle", "Try the call")
		laneOf[3] = put(3, "diamond", "Worked?")
		m := 2 + rng.Intn(4) // steps after the way out
		for k := 0; k < m; k++ {
			laneOf[4+k] = put(4+k, "rectangle", fmt.Sprintf("Step %d", k+1))
		}
		outside := c%2 == 1 // the decision asked after a call out of the loop
		if outside {
			laneOf[20] = put(20, "rectangle", "Hand over the result")
			laneOf[21] = put(21, "rectangle", "Look at it")
		}
		// A review after the chain sends the work back into the loop: a
		// round of its own, after the loop has been left.
		outer := c%3 == 2
		// The review's "No" goes through a step of its own before it
		// enters the loop again (rework, then the loop's first step):
		// still a round of its own.
		rework := outer && (c/3)%2 == 0
		if outer {
			laneOf[30] = put(30, "diamond", "Accepted?")
			laneOf[31] = put(31, "circle", "Done")
		}
		if rework {
			laneOf[32] = put(32, "rectangle", "Rework the plan")
		}
		edge := func(a, b int, label string) {
			to := fmt.Sprintf("l%d.n%d", laneOf[b], b)
			edges = append(edges, fmt.Sprintf("n%d|n%d.handle(bottom) -> %s.handle(top) [label=\"%s\"]", a, a, to, label))
		}
		edge(1, 2, "go")
		if outside {
			edge(2, 20, "result")
			edge(20, 21, "hand over")
			edge(21, 3, "answer")
		} else {
			edge(2, 3, "answer")
		}
		if rng.Intn(2) == 0 {
			edge(3, 2, "No, retry")
			edge(3, 4, "Yes")
		} else { // the way out written first
			edge(3, 4, "Yes")
			edge(3, 2, "No, retry")
		}
		for k := 0; k+1 < m; k++ {
			edge(4+k, 5+k, fmt.Sprintf("then %d", k+1))
		}
		if outer {
			edge(4+m-1, 30, "review")
			if rework {
				edge(30, 32, "No")
				edge(32, 2, "again")
			} else {
				edge(30, 2, "No, again")
			}
			edge(30, 31, "Yes, done")
		}
		var b strings.Builder
		for i, ns := range lane {
			fmt.Fprintf(&b, "l%d { # Lane %d\n", i, i)
			for _, n := range ns {
				b.WriteString(n + "\n")
			}
			for _, e := range edges {
				src, text, _ := strings.Cut(e, "|")
				var from int
				fmt.Sscanf(src, "n%d", &from)
				if laneOf[from] == i {
					b.WriteString(text + "\n")
				}
			}
			if i == laneOf[2] {
				if outside {
					b.WriteString("loop [until it works] n2 n20\n")
				} else {
					b.WriteString("loop [until it works] n2 n3\n")
				}
			}
			b.WriteString("}\n")
		}
		src := b.String()
		doc := layouttest.Compile(t, fmt.Sprintf("case%d", c), src)
		l := laySequence(doc)
		loop, alt := loopAndAlt(l) // the loop's decision's alt, not the review's
		if loop == nil || alt == nil {
			t.Fatalf("case %d: want a loop and an alt frame, got %+v\n%s", c, l.Frames, src)
		}
		for _, msg := range l.Messages {
			y := topOf(msg)
			var n int
			fmt.Sscanf(msg.From, "n%d", &n)
			switch {
			case (n >= 4 && n < 20 || n >= 30) && (y < loop.Y+loop.H || y < alt.Y+alt.H):
				t.Errorf("case %d: %s -> %s (y=%.0f) after the way out is inside the loop (to y=%.0f) or its decision's frame (to y=%.0f)\n%s",
					c, msg.From, msg.To, y, loop.Y+loop.H, alt.Y+alt.H, src)
			case msg.From == "n3" && msg.To == "n2" && (y < alt.Y || y > alt.Y+alt.H || y > loop.Y+loop.H):
				t.Errorf("case %d: the retry (y=%.0f) is outside its frames\n%s", c, y, src)
			}
		}
		if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
			t.Errorf("case %d: problems: %v\n%s", c, ps, src)
		}
	}
}

// TestSelfEdgeBeforeHandOn: a step's edge to itself (a wait, a retry in
// place), written after the edge that hands on, comes right after the
// message into the step, before what the step hands on, not after
// everything the step leads to. Generated chains over 1 to 4 lanes.
func TestSelfEdgeBeforeHandOn(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for c := 0; c < 80; c++ {
		lanes := 1 + rng.Intn(4)
		steps := 3 + rng.Intn(6)
		self := 1 + rng.Intn(steps-2) // a step in the middle of the chain
		laneOf := make([]int, steps+1)
		nodes := make([][]string, lanes)
		for i := 1; i <= steps; i++ {
			laneOf[i] = rng.Intn(lanes)
			shape := "rectangle"
			if i == 1 {
				shape = "circle"
			}
			nodes[laneOf[i]] = append(nodes[laneOf[i]], fmt.Sprintf("n%d: %s label:\"Step %d\"", i, shape, i))
		}
		edges := make([][]string, lanes)
		for i := 1; i < steps; i++ {
			edges[laneOf[i]] = append(edges[laneOf[i]], fmt.Sprintf("n%d.handle(right) -> l%d.n%d.handle(left) [label=\"on %d\"]", i, laneOf[i+1], i+1, i))
		}
		edges[laneOf[self]] = append(edges[laneOf[self]], fmt.Sprintf("n%d.handle(bottom) -> n%d.handle(right) [label=\"wait\"]", self, self))
		l, src := layLanes(t, c, nodes[:lanes], edges[:lanes])
		top := map[string]float64{}
		for _, msg := range l.Messages {
			top[msg.Label.Text] = topOf(msg)
		}
		if w, on := top["wait"], top[fmt.Sprintf("on %d", self)]; w >= on {
			t.Errorf("case %d: the self-message of n%d (y=%.0f) comes after what n%d hands on (y=%.0f)\n%s", c, self, w, self, on, src)
		}
		if self > 1 {
			if w, in := top["wait"], top[fmt.Sprintf("on %d", self-1)]; w <= in {
				t.Errorf("case %d: the self-message of n%d (y=%.0f) comes before the message into it (y=%.0f)\n%s", c, self, w, in, src)
			}
		}
	}
}

// TestDeepFramesClearTheirTabs: frames nested up to seven deep (each
// decision's first outcome asks the next one) keep their first message
// below their tab: a nested frame is drawn 2 px lower a level, and past
// two levels its tab reached into the first message (the line of a
// self-message through "alt [next: 720p]").
func TestDeepFramesClearTheirTabs(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for c := 0; c < 40; c++ {
		depth := 2 + rng.Intn(6)
		lanes := 1 + rng.Intn(3)
		var nodes, edges [3][]string
		laneOf := map[int]int{}
		add := func(n int, shape, label string) {
			laneOf[n] = rng.Intn(lanes)
			nodes[laneOf[n]] = append(nodes[laneOf[n]], fmt.Sprintf("n%d: %s label:\"%s\"", n, shape, label))
		}
		add(1, "circle", "Start")
		for d := 0; d < depth; d++ {
			add(2+2*d, "diamond", fmt.Sprintf("Check %d?", d+1))
			add(3+2*d, "rectangle", fmt.Sprintf("Stop %d", d+1))
		}
		add(2+2*depth, "rectangle", "Done")
		edge := func(a, b int, label string) {
			edges[laneOf[a]] = append(edges[laneOf[a]], fmt.Sprintf("n%d.handle(bottom) -> l%d.n%d.handle(top) [label=\"%s\"]", a, laneOf[b], b, label))
		}
		edge(1, 2, "begin")
		for d := 0; d < depth; d++ {
			edge(2+2*d, 4+2*d, fmt.Sprintf("yes %d", d+1))
			edge(2+2*d, 3+2*d, fmt.Sprintf("no %d", d+1))
		}
		l, src := layLanes(t, c, nodes[:lanes], edges[:lanes])
		for _, f := range l.Frames {
			for _, msg := range l.Messages {
				y := msg.Label.Y
				for _, p := range msg.Points {
					y = min(y, p[1])
				}
				if y > f.Y && y < f.Y+21 {
					t.Errorf("case %d: %q (from y=%.0f) reaches into the tab of %q (y=%.0f..%.0f)\n%s", c, msg.Label.Text, y, f.Label, f.Y, f.Y+20, src)
				}
			}
		}
	}
}

// layLanes writes lanes l0, l1, ... of the given node and edge lines
// and lays the diagram out as a sequence; it returns the layout and the
// code (for failure messages).
func layLanes(t *testing.T, c int, nodes, edges [][]string) (*scene.SequenceLayout, string) {
	t.Helper()
	var b strings.Builder
	for i := range nodes {
		fmt.Fprintf(&b, "l%d { # Lane %d\n%s\n%s\n}\n", i, i, strings.Join(nodes[i], "\n"), strings.Join(edges[i], "\n"))
	}
	src := b.String()
	doc := layouttest.Compile(t, fmt.Sprintf("case%d", c), src)
	return laySequence(doc), src
}

// laySequence lays doc out as a sequence with the tests' fixed-width
// text measure.
func laySequence(doc *model.Document) *scene.SequenceLayout {
	return Layout(doc, layout.Env{Measure: textmeasure.Fixed{Advance: 0.55}, Theme: theme.Light}).Sequence
}

// loopAndAlt returns l's (last) loop frame and its highest alt frame, or
// nil for a kind it has none of.
func loopAndAlt(l *scene.SequenceLayout) (loop, alt *scene.Frame) {
	for i := range l.Frames {
		switch f := &l.Frames[i]; f.Kind {
		case "loop":
			loop = f
		case "alt":
			if alt == nil || f.Y < alt.Y {
				alt = f
			}
		}
	}
	return loop, alt
}

// topOf returns the highest y of a message's route.
func topOf(msg scene.Message) float64 {
	y := msg.Points[0][1]
	for _, p := range msg.Points {
		y = min(y, p[1])
	}
	return y
}

// TestLoopHoldsItsHeadDecision: a loop whose first step is its decision
// ("More items?": one answer runs the body and comes back to it, the
// other leaves) draws the decision's alternatives inside the loop's
// frame, not the loop inside the first alternative (which read as one
// question asked once, then a loop with no way out). Generated over
// lanes, body lengths, the outcomes' written order and how long the way
// out goes on.
func TestLoopHoldsItsHeadDecision(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for c := 0; c < 40; c++ {
		lanes := 1 + rng.Intn(3)
		nodes := make([][]string, lanes)
		edges := make([][]string, lanes)
		laneOf := map[int]int{1: 0, 2: 0}
		nodes[0] = append(nodes[0], `n1: circle label:"Start"`, `n2: diamond label:"More items?"`)
		body := 1 + rng.Intn(3)
		out := 1 + rng.Intn(3) // steps after the way out
		for k := 0; k < body+out; k++ {
			l := rng.Intn(lanes)
			laneOf[3+k] = l
			nodes[l] = append(nodes[l], fmt.Sprintf("n%d: rectangle label:\"Step %d\"", 3+k, k+1))
		}
		edge := func(a, b int, label string) {
			edges[laneOf[a]] = append(edges[laneOf[a]], fmt.Sprintf("n%d.handle(right) -> l%d.n%d.handle(left) [label=\"%s\"]", a, laneOf[b], b, label))
		}
		edge(1, 2, "begin")
		yes := func() { edge(2, 3, "Yes") }
		no := func() { edge(2, 3+body, "No") }
		if rng.Intn(2) == 0 {
			yes()
			no()
		} else {
			no()
			yes()
		}
		for k := 0; k+1 < body; k++ {
			edge(3+k, 4+k, fmt.Sprintf("body %d", k+1))
		}
		edge(2+body, 2, "next")
		for k := 0; k+1 < out; k++ {
			edge(3+body+k, 4+body+k, fmt.Sprintf("after %d", k+1))
		}
		var loop []string
		for k := 2; k < 3+body; k++ {
			loop = append(loop, fmt.Sprintf("n%d", k))
		}
		edges[0] = append(edges[0], "loop [for each item] "+strings.Join(loop, " "))
		l, src := layLanes(t, c, nodes, edges)
		lf, af := loopAndAlt(l)
		if lf == nil || af == nil {
			t.Fatalf("case %d: want a loop and an alt frame, got %+v\n%s", c, l.Frames, src)
		}
		if af.Y < lf.Y || af.Y+af.H > lf.Y+lf.H || af.X < lf.X {
			t.Errorf("case %d: the decision's alt frame (y %.0f to %.0f) is not inside the loop's (y %.0f to %.0f)\n%s", c, af.Y, af.Y+af.H, lf.Y, lf.Y+lf.H, src)
		}
		if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
			t.Errorf("case %d: problems: %v\n%s", c, ps, src)
		}
	}
}

// gardenAdvice: a loop over a suggestion whose answer either comes back
// ("still wilting", asked again) or ends ("thriving"), and whose decision's
// other outcome leaves the loop for a chain of steps in other lanes. The
// retry branch may end: it still counts as staying, so the way out is
// the other outcome.
const gardenAdvice = `// A plant clinic suggests care tips, up to three, before sending a sample to the lab.
owner { # Plant owner
  n1: circle label:"Leaves turn yellow"
  n2: rectangle label:"Try the tip"
  n3: circle label:"Plant thriving"
  n1.handle(right) -> clinic.n4.handle(left) [label="photo"]
  n2.handle(right) -> clinic.n5.handle(left) [label="still wilting"]
  n2.handle(bottom) -> n3.handle(top) [label="thriving"]
}
clinic { # Plant clinic
  n4: rectangle label:"Look at the photo"
  n5: diamond label:"Common cause?"
  n6: rectangle label:"Send a care tip"
  n4.handle(right) -> n5.handle(left)
  n5.handle(top) -> n6.handle(bottom) [label="Yes"]
  n6.handle(left) -> owner.n2.handle(bottom) [label="water less"]
  n5.handle(bottom) -> lab.n7.handle(top) [label="No, sample"]
  loop [up to three tips] n2 n5 n6
}
lab { # Soil lab
  n7: rectangle label:"Test the soil"
  n8: rectangle label:"Write the report"
  n7.handle(right) -> n8.handle(left)
  n8.handle(top) -> owner.n3.handle(bottom) [label="report"]
}
`

// TestRetryThatMayEndStaysInTheLoop: gardenAdvice's lab steps (the way
// out) come after the loop frame, not inside it, and the retry and the
// end of the tip's branch stay inside.
func TestRetryThatMayEndStaysInTheLoop(t *testing.T) {
	doc := layouttest.Compile(t, "garden-advice", gardenAdvice)
	l := laySequence(doc)
	loop, _ := loopAndAlt(l)
	if loop == nil {
		t.Fatalf("no loop frame: %+v", l.Frames)
	}
	for _, msg := range l.Messages {
		y := topOf(msg)
		switch {
		case (msg.From == "n7" || msg.From == "n8") && y < loop.Y+loop.H:
			t.Errorf("%s -> %s (y=%.0f), after the way out, is inside the loop (to y=%.0f)", msg.From, msg.To, y, loop.Y+loop.H)
		case msg.From == "n2" && msg.To == "n5" && (y < loop.Y || y > loop.Y+loop.H):
			t.Errorf("the retry (y=%.0f) is outside the loop (%.0f-%.0f)", y, loop.Y, loop.Y+loop.H)
		}
	}
	if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
		t.Errorf("problems: %v", ps)
	}
}

// bikeFitting: a step inside a loop (not a decision) sends one edge into
// its loop's other step, which answers back, and one that goes on; the
// one that goes on is written first.
const bikeFitting = `// A bike fitting: questions answered until the rider is happy, then the fit.
rider { # Rider
  n1: circle label:"Book a fitting"
  n2: rectangle label:"Try the bike"
  n3: rectangle label:"Pay for the fit"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left) [label="feels right"]
  n2.handle(bottom) -> shop.n4.handle(top) [label="saddle too high"]
  n3.handle(bottom) -> shop.n5.handle(top) [label="card payment"]
}
shop { # Bike shop
  n4: rectangle label:"Adjust the saddle"
  n5: rectangle label:"Print the fit sheet"
  n4.handle(top) -> rider.n2.handle(bottom) [label="lowered 5 mm"]
  loop [until the rider is comfortable] n2 n4
}
`

// TestLoopRoundBeforeWayOn: inside a loop, a step's edge into the loop
// (the round: "saddle too high", answered) comes before its edge that
// leaves the loop ("feels right", written first), so the loop's frame
// comes before what follows it instead of at the end of the picture.
func TestLoopRoundBeforeWayOn(t *testing.T) {
	doc := layouttest.Compile(t, "bike-fitting", bikeFitting)
	l := laySequence(doc)
	loop, _ := loopAndAlt(l)
	if loop == nil {
		t.Fatalf("no loop frame: %+v", l.Frames)
	}
	for _, msg := range l.Messages {
		if msg.From == "n3" && topOf(msg) < loop.Y+loop.H {
			t.Errorf("%s -> %s (y=%.0f) comes before the loop's end (y=%.0f)", msg.From, msg.To, topOf(msg), loop.Y+loop.H)
		}
	}
	if ps := append(check(l, nil), seqProblems(l, true)...); len(ps) > 0 {
		t.Errorf("problems: %v", ps)
	}
}
