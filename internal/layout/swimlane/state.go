package swimlane

import (
	"math"
	"strings"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

type node struct {
	m        *model.Node
	w, h     float64
	text     layout.TextBlock // label, or a taskbox's title
	items    layout.TextBlock // taskbox sub-items
	desc     layout.TextBlock // taskbox description (at most taskDescLines)
	meta     layout.TextBlock // taskbox owner and system
	col, row int
	x, y     float64
}

func (n *node) rect() geom.Rect { return geom.Rect{X: n.x, Y: n.y, W: n.w, H: n.h} }

// face is the length of n's side that its ports spread along, others
// being the nodes at the other ends of the side's edges: the node's
// height for the left and right sides, its width for the top and
// bottom. On a diamond's side of one end, or of two that go to two
// nodes, it is diamondFace of that, so that a port stays on the half of
// each edge nearer the side's own corner and reads as leaving that
// corner, not the next (a decision's "Rework" out of its left beside
// the edge coming in there left 7 px below its top corner and read as
// leaving the top). A side of more ends (a decision's fan) and a pair
// of edges to and from one node spread along all of it: squeezed, a
// fan's routes run closer and cross, and the pair's labels lose the
// room between its two runs.
func (n *node) face(side model.Side, others []*node) float64 {
	length := n.w
	if horizontal(side) {
		length = n.h
	}
	if n.m.Shape == model.Diamond && (len(others) == 1 || len(others) == 2 && others[0] != others[1]) {
		length *= diamondFace
	}
	return length
}

// sideOthers returns the nodes at the other ends of the edges that
// leave or enter nd by side.
func (s *state) sideOthers(nd *node, side model.Side) []*node {
	var out []*node
	for _, e := range s.edges {
		if e.from == nd && e.fs == side {
			out = append(out, e.to)
		}
		if e.to == nd && e.ts == side {
			out = append(out, e.from)
		}
	}
	return out
}

// endOthers returns the nodes at the other ends of ends.
func (s *state) endOthers(ends []layout.PortEnd) []*node {
	out := make([]*node, len(ends))
	for i, pe := range ends {
		if e := s.edges[pe.Edge]; pe.Source {
			out[i] = e.to
		} else {
			out[i] = e.from
		}
	}
	return out
}

type edge struct {
	m            *model.Edge
	from, to     *node
	fs, ts       model.Side
	minlen       int
	constraining bool
	srcPort      geom.Point // where the edge leaves its source (set by ports)
	dstPort      geom.Point // where it enters its target
	pts          []geom.Point
	label        layout.TextBlock
	hasLabel     bool
	labelBox     geom.Rect
	// labelWrap is the width the label wraps at once narrowed for want
	// of a free spot (narrowBlocked); 0 is labelMaxW.
	labelWrap float64
	// spanLo and spanHi are the top of the higher and the bottom of the
	// lower of the lanes of its ends (set by route): a route that runs
	// beyond them passes through a lane it has nothing to do with.
	spanLo, spanHi float64
}

type lane struct {
	m     *model.Lane
	title layout.TextBlock
	rows  int
	rowH  []float64
	rowY  []float64
	gapH  []float64 // free bands above, between and below the rows
	y, h  float64
}

type state struct {
	// gridWork counts the routed segments the route queries looked at
	// (segGrid.spent), over the whole layout: the states tried for it
	// share the count.
	gridWork *int
	doc      *model.Document
	env      layout.Env
	nodes    []*node // by model index
	edges    []*edge
	lanes    []*lane

	cols       int
	colW       []float64
	colX       []float64
	gapV       []float64 // free bands left of, between and right of the columns
	headerW    float64
	contentX   float64
	width      float64
	height     float64
	hGutters   []float64        // y of every horizontal gutter line, sorted
	hGutterGap map[float64]hGap // the gap each horizontal gutter runs in
	vGutterGap map[float64]int  // the gap (index into gapV) of each vertical gutter
	grid       *grid
	routed     *segGrid         // routes laid so far
	spare      *segGrid         // a grid no longer used, whose memory a new one may take
	needV      map[int]float64  // gaps (by index into gapV) that should grow to this width
	needH      map[hGap]float64 // the same for horizontal gaps
	loopBoxes  []geom.Rect

	rowKeys    []groupKey           // the lane-column groups, by column then lane
	rowGroups  map[groupKey][]*node // their nodes
	firstRows  []int                // rows of the single barycentric pass, when crossing reduction changed them
	mazeFailed map[*edge]bool       // edges for which the gutter search found no better route
	maze       *mazeScratch         // the gutter search's buffers (shared with the further layouts tried)
	midCross   map[*edge]int        // each route's crossings on the gutters' middle lines, before the channels
	// plainPorts: the untangling exchanges ports alone, not with the runs
	// that lead to them (a fallback when a label found no free spot).
	plainPorts bool
	crossings  int             // where the final routes cross, for the layout's stats
	sideUse    map[sideKey]int // how many edge ends each side of a node has
	// labelRoom is, for edges whose label found no free spot, the room
	// their tracks keep below them on horizontal gutters and right of
	// them on vertical ones (layout.Channels.Room).
	labelRoom map[*edge][2]float64
	// nearer lists, after placeLabels, the edges whose label sits beside
	// them with another route nearer it (layout.LabelResult.Nearer).
	nearer []*edge
	// labelsBlocked is how many labels the rounds left without a free
	// spot (layoutRounds).
	labelsBlocked int
	// inLanes has the label stage keep labels off the lines between
	// lanes where it can (labelsInLanes).
	inLanes bool
	// detour marks edges whose label found no room in a bundle of edges
	// running up or down inside a column: they leave it through the
	// gutter beside the column (detourRoutes).
	detour     map[*edge]bool
	widenedFor map[*edge]bool // edges whose blocked label widened the gaps beside their column
	rowWidened map[*edge]bool // edges whose blocked label, on a run through a row, widened the gap above it
	// blockedRounds counts, for each edge whose label found no free spot,
	// the rounds of makeRoom it was blocked in since initGaps.
	blockedRounds map[*edge]int
	// onwardBias: siblings of a fan-out take their columns in the order
	// of where their other edges lead (orderSiblings); onwardMoved: that
	// changed an order.
	onwardBias, onwardMoved bool
	// nextBias: among siblings whose other edges lead the same way, those
	// that feed earlier next steps come first (orderSiblings, nextPlaces;
	// a layout keepFewerCrossingsVariants tries); nextMoved: that would
	// change an order.
	nextBias, nextMoved bool
	// stackFaces: a node does not stack on a parent whose shared face
	// other lanes' edges come through when it has edges on its sides
	// (spread); stackMoved: that moved a node.
	stackFaces, stackMoved bool
	// passWeights: the crossing reduction weighs a vertical run's pass of
	// a node by the edges on its sides (ordering.pass); passMoved: that
	// changed the order.
	passWeights, passMoved bool
	// fanFirstOn: a hub's children in other lanes take their columns
	// right after the hub (fanFirst; off in the first layout, tried by
	// keepFewerCrossingsVariants); fanMoved: that would change the
	// order; fanWide, fanWideMoved: the same with the nodes that other
	// nodes constrain too.
	fanFirstOn, fanMoved, fanWide, fanWideMoved bool
	// passTurns: the passes are weighed with the turns of edges out of
	// tops and bottoms too (buildOrdering; off in the first layout, tried
	// by keepFewerCrossingsVariants); turnsMoved: that would change the
	// order.
	passTurns, turnsMoved bool
	// pullOn: sources left behind by spread move up to what they feed
	// (pullSources); sourcesPulled: that would move a node.
	pullOn, sourcesPulled bool
	// bumped: nodes whose constraining edges in ask for one column more
	// (tried by keepFewerCrossingsVariants for the targets of crossed
	// edges).
	bumped []int
	// flow: the edges (by index) that, between lanes and with no handle
	// written, were given right and left sides before placement
	// (newStateSides); flowEdges counts those that were.
	flow      []bool
	flowEdges int
}

func newState(doc *model.Document, env layout.Env) *state { return newStateSides(doc, env, nil) }

// newStateSides is newState; an edge marked in flow (by index) that runs
// between two lanes, has no handle written and does not close a cycle
// leaves right and enters left, instead of leaving the bottom into the
// top (or the top into the bottom), so that its target takes a later
// column (see keepFewerCrossingsSides).
func newStateSides(doc *model.Document, env layout.Env, flow []bool) *state {
	return newStateFlow(doc, env, flow, nil)
}

// newStateFlow is newStateSides; with sides given, every edge starts
// from its pair in sides instead of the sides written or inferred, and
// an edge marked in flow is given right and left sides whatever its
// handles (keepFewerCrossingsFlow ranks with them, then draws sides).
func newStateFlow(doc *model.Document, env layout.Env, flow []bool, sides []sidePair) *state {
	s := &state{gridWork: new(int), doc: doc, env: env, mazeFailed: map[*edge]bool{}, onwardBias: onwardSiblings, stackFaces: stackFaces, passWeights: passWeights, flow: flow}
	for _, l := range doc.Lanes {
		s.lanes = append(s.lanes, &lane{m: l})
	}
	for _, n := range doc.Nodes {
		s.nodes = append(s.nodes, &node{m: n})
	}
	rank, back := model.Ranks(doc)
	for i, e := range doc.Edges {
		fs, ts := model.InferSides(e, rank, back)
		if sides != nil {
			fs, ts = sides[i].from, sides[i].to
		}
		if flow != nil && flow[i] && (sides != nil || e.FromSide == model.NoSide && e.ToSide == model.NoSide) && e.From.Lane != e.To.Lane && !back[e] {
			fs, ts = model.Right, model.Left
			s.flowEdges++
		}
		se := &edge{m: e, from: s.nodes[e.From.Index], to: s.nodes[e.To.Index], fs: fs, ts: ts}
		vertical := (fs == model.Top || fs == model.Bottom) && (ts == model.Top || ts == model.Bottom) && fs != ts
		switch {
		case back[e] || e.From == e.To:
		case fs == model.Left || ts == model.Right: // a hint that the target sits to the left
		case fs == model.Right || ts == model.Left:
			se.constraining, se.minlen = true, 1
		case vertical: // a hand-off up or down: same column or later
			se.constraining = true
		}
		s.edges = append(s.edges, se)
	}
	// A forward edge leaving and entering by the same face (a hand-off
	// round a lane's bottom, a hop over the row) places its target when
	// nothing else does: later, in the column or beyond it in another
	// lane, beyond it in its own. Else its target, free of any column
	// constraint, is pulled to the far left next to what it feeds, and
	// the flow runs backwards through the picture.
	placed := make([]bool, len(s.nodes))
	for _, se := range s.edges {
		if se.constraining {
			placed[se.to.m.Index] = true
		}
	}
	for _, se := range s.edges {
		e := se.m
		if se.fs != se.ts || se.fs != model.Top && se.fs != model.Bottom || back[e] || e.From == e.To || placed[e.To.Index] {
			continue
		}
		se.constraining = true
		if e.From.Lane == e.To.Lane {
			se.minlen = 1
		}
	}
	return s
}

// sizeNodes measures every label and gives each node its size.
func (s *state) sizeNodes() {
	t := s.env.Theme
	for _, n := range s.nodes {
		switch n.m.Shape {
		case model.Circle:
			var d float64
			n.text, d = s.circleText(n.m.Label)
			n.w, n.h = d, d
		case model.Diamond:
			n.text = s.env.WordBlock(n.m.Label, t.FontSize, false, diamondTextW, diamondWordW)
			// The text box must fit inside the rhombus: it takes at most
			// diamondFillW of its width and diamondFillH of its height.
			n.w = grow(diamondMinW, math.Ceil(n.text.W/diamondFillW+diamondPad))
			n.h = math.Max(diamondMinH, math.Ceil(n.text.H/diamondFillH+diamondPad*2/3))
		case model.Taskbox:
			n.text = s.env.WordBlock(n.m.Title(), t.FontSize, true, taskTextW, taskWordW)
			w := n.text.W
			h := n.text.H
			if items := n.m.Items(); len(items) > 0 {
				joined := ""
				for i, it := range items {
					if i > 0 {
						joined += "\n"
					}
					joined += "• " + it
				}
				n.items = s.env.Block(joined, t.SmallFontSize, false, taskTextW)
				w, h = math.Max(w, n.items.W), h+taskItemsGap+n.items.H
			}
			if d := n.m.Description; d != "" {
				// The full text is in the node's tooltip.
				n.desc = s.env.Clamp(s.env.Block(d, t.SmallFontSize, false, taskTextW), taskDescLines, taskTextW)
				w, h = math.Max(w, n.desc.W), h+taskDescGap+n.desc.H
			}
			if meta := metaLine(n.m); meta != "" {
				n.meta = s.env.Block(meta, t.SmallFontSize, false, taskTextW)
				w, h = math.Max(w, n.meta.W), h+taskMetaGap+n.meta.H
			}
			n.w = grow(taskMinW, math.Ceil(w+2*nodePadX))
			n.h = math.Max(taskMinH, math.Ceil(h+taskPadY))
		default:
			n.text = s.env.WordBlock(n.m.Label, t.FontSize, false, rectTextW, rectWordW)
			n.w = grow(rectMinW, math.Ceil(n.text.W+2*nodePadX))
			n.h = math.Max(rectMinH, math.Ceil(n.text.H+rectPadY))
		}
	}
	for _, e := range s.edges {
		if e.m.Label != "" {
			e.hasLabel = true
			e.wrapLabel(s.env, 0)
		}
	}
	for _, l := range s.lanes {
		// A word the title column cannot hold widens it, up to
		// headerWordW ("Kreditantragsbearbeitung" stays whole).
		l.title = s.env.WordBlock(l.m.Label, t.TitleFontSize, true, headerMaxW-28, headerWordW-28)
		s.headerW = math.Max(s.headerW, l.title.W+28)
	}
	s.headerW = math.Min(math.Max(s.headerW, headerMinW), headerWordW)
	s.growForPorts()
}

// widthStep is how much wider than its smallest size a node grows at a
// time. Nodes whose labels differ a little get the same width, so a
// column's boxes line up, and typing in a label moves the drawing only
// every few letters: between two steps the layout stays the same, and the
// memo (memo.go) serves it.
const widthStep = 16.0

// circleWraps are the shares of circleTextW a circle's label is tried
// at (circleText).
var circleWraps = []float64{1, 0.8, 0.65, 0.5}

// circleText wraps a circle's label at the width, circleTextW or a
// narrower one of circleWraps, that takes the smallest circle, and
// returns it with the circle's diameter: a label of two short words
// ("Phone order") on two lines in a circle as small as its neighbours'
// ("Dine-in tablet"), not on one line in a circle a size larger. Of
// equal circles, the one of fewer lines; a narrower width is tried only
// while the label still breaks between words.
func (s *state) circleText(label string) (layout.TextBlock, float64) {
	var best layout.TextBlock
	bestD := math.Inf(1)
	words := strings.Join(strings.Fields(label), " ")
	for i, share := range circleWraps {
		b := s.env.WordBlock(label, s.env.Theme.SmallFontSize, false, circleTextW*share, circleWordW)
		if i > 0 && strings.Join(b.Lines, " ") != words {
			// Narrower, only where it breaks between words: never a
			// word cut in two to make the circle smaller.
			break
		}
		if d := circleDiameter(b); d < bestD {
			best, bestD = b, d
		}
	}
	return best, bestD
}

// circleDiameter is the diameter of the circle that holds text: its
// width and height padded, and the corners of its box inside the rim
// (a label of four or five lines needs more than its width).
func circleDiameter(text layout.TextBlock) float64 {
	d := math.Max(text.W+circlePadX, text.H+circlePadY)
	d = math.Max(d, math.Hypot(text.W, text.H)+circleCornerPad)
	return grow(circleMinD, math.Ceil(d))
}

// grow returns the size that holds need: least, or least plus a whole
// number of steps.
func grow(least, need float64) float64 {
	if need <= least {
		return least
	}
	return least + math.Ceil((need-least)/widthStep)*widthStep
}

func metaLine(n *model.Node) string {
	switch {
	case n.Owner != "" && n.System != "":
		return n.Owner + " · " + n.System
	case n.Owner != "":
		return n.Owner
	}
	return n.System
}

// growForPorts makes a node longer on a side that many edges share, so
// their ports stay at least portGap apart over the middle of the face.
func (s *state) growForPorts() {
	type key struct {
		n    *node
		side model.Side
	}
	count := map[key]int{}
	for _, e := range s.edges {
		count[key{e.from, e.fs}]++
		count[key{e.to, e.ts}]++
	}
	for k, c := range count {
		if c < 2 {
			continue
		}
		gap := portGap
		if k.n.m.Shape == model.Circle {
			gap = circlePortGap // a circle grows in both directions: keep it small
		}
		need := math.Ceil(float64(c) * gap / portSpread)
		switch k.side {
		case model.Left, model.Right:
			k.n.h = math.Max(k.n.h, need)
		default:
			k.n.w = math.Max(k.n.w, need)
		}
		if k.n.m.Shape == model.Circle {
			d := math.Max(k.n.w, k.n.h)
			k.n.w, k.n.h = d, d
		}
	}
}
