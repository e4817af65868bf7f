// Package arch lays out the architecture view: lanes are containers (tiers,
// systems), nodes are components inside them, edges are dependencies
// labelled with what flows. Parallel edges between the same two components
// merge into one whose label lists every label once.
//
//	 col 0               col 1               col 2
//	┌─────────────┐     ┌─────────────┐     ┌─────────────┐
//	│ Users       │     │ Services    │     │ ⛁ Data      │
//	│ ┌─────────┐ │     │ ┌─────────┐ │     │ ┌─────────┐ │
//	│ │ Browser │─┼─────┼▶│   API   │─┼─────┼▶│ Postgres│ │
//	│ └─────────┘ │     │ └─────────┘ │     │ └─────────┘ │
//	└─────────────┘     └─────────────┘     └─────────────┘
//
// Containers are ranked by their dependencies (cycles broken) into columns
// and stacked in file order inside a column; components are stacked inside
// their container in flow order. Every dependency leaves and enters on the
// sides written in the code (n1.handle(bottom) leaves through the bottom),
// or on sides the view picks where none is written, with a short stub out
// of each side; the rest of its path runs through free channels only: the
// gaps between stacked components, the padding inside containers, the
// gaps between stacked containers, the gutters between container columns
// and the highways above and below everything, so it never crosses a
// component or a container it does not belong to.
package arch

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

const (
	margin       = 16.0
	highway      = 40.0 // free band above and below all containers
	colGap       = 88.0 // between container columns
	stackGap     = 36.0 // between containers in a column
	padX         = 28.0 // inside a container, beside the components
	headerH      = 36.0
	titlePadY    = 14.0 // above and below a wrapped container title
	padBottom    = 18.0
	compGap      = 22.0
	labelRoomY   = 6.0 // above and below a label between stacked components
	trackStep    = 7.0
	hubMin       = 3    // dependencies inside a container that make a component a hub
	portGap      = 14.0 // between the ports of dependencies sharing a side, at least
	portStepMax  = 24.0 // between ports, at most
	portSpread   = 0.8  // share of a side that its ports spread over
	channelClear = 6.0  // between a channel's outer tracks and its gap's border
	labelMaxW    = 150.0
	minCompW     = 150.0
	circleR      = 9.0
	diamondSize  = 26.0
)

type comp struct {
	m    *model.Node
	text layout.TextBlock
	w, h float64
	minW float64 // the narrowest it may be: its text, or room for its top and bottom ports
	x, y float64
	cont *container
	idx  int // position in the container's stack
}

func (c *comp) rect() geom.Rect { return geom.Rect{X: c.x, Y: c.y, W: c.w, H: c.h} }

type container struct {
	m     *model.Lane
	title layout.TextBlock
	icon  string
	comps []*comp
	col   int
	x, y  float64
	w, h  float64
	padR  float64 // right padding: the channel for dependencies inside the container, and their labels
	padL  float64 // left padding: the channel for a hub's dependencies inside the container
	// gaps are the free bands above, between and below the stacked
	// components: gaps[i] is above component i, gaps[len(comps)] below the
	// last one (the bottom padding). gapY are their middles, the channel
	// lines of dependencies leaving or entering a top or bottom side.
	gaps, gapY []float64
	// below is the gap under the container in its column.
	below float64
}

func (c *container) rect() geom.Rect { return geom.Rect{X: c.x, Y: c.y, W: c.w, H: c.h} }

type dep struct {
	id       string
	from, to *comp
	labels   []string
	fs, ts   model.Side // the sides used
	dfs, dts model.Side // the sides written in the code (NoSide: not written)
	srcPort  geom.Point // where the dependency leaves its source (set by ports)
	dstPort  geom.Point // where it enters its target
	pts      []geom.Point
	label    layout.TextBlock
	labelBox geom.Rect
}

type state struct {
	doc   *model.Document
	env   layout.Env
	conts []*container
	comps []*comp
	deps  []*dep
	cols  [][]*container
	colX  []float64
	colW  []float64
	width float64
	height,
	contentTop, contentBottom float64
	channels map[layout.ChannelLine][]channelRef // the channel lines of the current placement
	need     map[channelRef]float64              // channels short of room: the width they need
	// Room made for labels: gap[i] is the gutter left of column i
	// (gap[len(cols)] the one after the last), hwTop and hwBottom the
	// highways above and below the containers.
	gap          []float64
	hwTop, hwBot float64
}

// roomRounds bounds how often the layout widens gutters for labels that
// found no free spot.
const roomRounds = 3

// Layout lays out doc as an architecture diagram.
func Layout(doc *model.Document, env layout.Env) *scene.Scene {
	s := &state{doc: doc, env: env}
	s.build()
	s.rankContainers()
	s.orderComponents()
	s.sides()
	s.growForPorts()
	s.initGaps()
	s.gap = make([]float64, len(s.cols)+1)
	for i := range s.gap {
		s.gap[i] = colGap
	}
	s.hwTop, s.hwBot = highway, highway
	for round := 0; ; round++ {
		s.need = map[channelRef]float64{}
		s.place()
		s.registerChannels()
		s.route()
		blocked := s.placeLabels()
		if round == roomRounds || !s.makeRoom(blocked) {
			break
		}
	}
	return s.draw()
}

// build measures components and merges parallel dependencies.
func (s *state) build() {
	t := s.env.Theme
	for _, l := range s.doc.Lanes {
		c := &container{m: l, title: s.env.Block(l.Label, t.TitleFontSize, true, 190), icon: iconFor(l)}
		s.conts = append(s.conts, c)
	}
	for _, n := range s.doc.Nodes {
		c := &comp{m: n, cont: s.conts[n.Lane.Index]}
		switch n.Shape {
		case model.Circle, model.Diamond:
			c.text = s.env.Block(n.Label, t.FontSize, false, 150)
			c.w = math.Ceil(c.text.W + 2*circleR + 30)
			c.h = math.Max(40, math.Ceil(c.text.H+16))
		case model.Taskbox:
			c.text = s.env.Block(n.Title(), t.FontSize, true, 180)
			c.w, c.h = math.Ceil(c.text.W+32), math.Max(48, math.Ceil(c.text.H+22))
		default:
			label := n.Label
			c.text = s.env.Block(label, t.FontSize, false, 180)
			c.w, c.h = math.Ceil(c.text.W+32), math.Max(48, math.Ceil(c.text.H+22))
			if n.System != "" {
				c.h += 16
			}
		}
		c.w = math.Max(c.w, minCompW)
		c.minW = c.w
		s.comps = append(s.comps, c)
		c.cont.comps = append(c.cont.comps, c)
	}
	// Parallel dependencies merge when they are written with the same
	// sides; written on different sides they stay apart, each on its own.
	type pairKey struct {
		from, to int
		fs, ts   model.Side
	}
	byPair := map[pairKey]*dep{}
	for _, e := range s.doc.Edges {
		if e.From == e.To {
			continue
		}
		k := pairKey{e.From.Index, e.To.Index, e.FromSide, e.ToSide}
		d := byPair[k]
		if d == nil {
			d = &dep{from: s.comps[e.From.Index], to: s.comps[e.To.Index], id: "e" + strconv.Itoa(e.Index+1), dfs: e.FromSide, dts: e.ToSide}
			byPair[k] = d
			s.deps = append(s.deps, d)
		}
		if l := strings.TrimSpace(e.Label); l != "" && !slices.Contains(d.labels, l) {
			d.labels = append(d.labels, l)
		}
	}
	for _, d := range s.deps {
		if len(d.labels) > 0 {
			d.label = s.env.Block(strings.Join(d.labels, ", "), t.SmallFontSize, false, labelMaxW)
		}
	}
}

// iconFor picks a glyph for containers whose name says what they are.
func iconFor(l *model.Lane) string {
	name := strings.ToLower(l.ID + " " + l.Label)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(name, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("database", "data", "db", "storage", "store", "warehouse", "sql"):
		return "database"
	case has("queue", "broker", "bus", "kafka", "stream"):
		return "queue"
	case has("user", "client", "customer", "browser", "visitor", "caller", "human", "people", "supplier"):
		return "person"
	case has("external", "third", "partner", "provider", "vendor", "cloud"):
		return "external"
	}
	return ""
}

// rankContainers puts containers in columns by their dependencies: the
// caller is left of what it calls, except where the code writes the
// dependency leftward (leaving a left side or entering a right one): then
// the callee goes left. Cycles are broken in file order.
func (s *state) rankContainers() {
	n := len(s.conts)
	out := make([][]int, n)
	seen := map[[2]int]bool{}
	for _, d := range s.deps {
		a, b := d.from.cont.m.Index, d.to.cont.m.Index
		if leftward(d) {
			a, b = b, a
		}
		if a != b && !seen[[2]int{a, b}] {
			seen[[2]int{a, b}] = true
			out[a] = append(out[a], b)
		}
	}
	// Depth-first search marks back edges.
	state := make([]int8, n)
	back := map[[2]int]bool{}
	var visit func(v int)
	visit = func(v int) { // lanes are few; recursion depth is bounded by them
		state[v] = 1
		for _, w := range out[v] {
			if state[w] == 1 {
				back[[2]int{v, w}] = true
			} else if state[w] == 0 {
				visit(w)
			}
		}
		state[v] = 2
	}
	for v := 0; v < n; v++ {
		if state[v] == 0 {
			visit(v)
		}
	}
	var cons []layout.RankEdge
	for v := 0; v < n; v++ {
		for _, w := range out[v] {
			if !back[[2]int{v, w}] {
				cons = append(cons, layout.RankEdge{From: v, To: w, MinLen: 1})
			}
		}
	}
	rank, _ := layout.LongestPath(n, cons)
	for v, r := range rank {
		s.conts[v].col = r
	}
	cols := 0
	for _, c := range s.conts {
		cols = max(cols, c.col+1)
	}
	s.cols = make([][]*container, cols)
	for _, c := range s.conts {
		s.cols[c.col] = append(s.cols[c.col], c)
	}
	// Inside a column, order containers by the mean position of their
	// neighbours in the previous column (barycenter), keeping file order
	// for ties.
	pos := map[*container]float64{}
	for ci, col := range s.cols {
		if ci > 0 {
			bary := map[*container]float64{}
			for _, c := range col {
				sum, k := 0.0, 0.0
				for _, d := range s.deps {
					if d.to.cont == c && d.from.cont.col == ci-1 {
						sum += pos[d.from.cont]
						k++
					}
				}
				if k > 0 {
					bary[c] = sum / k
				} else {
					bary[c] = float64(c.m.Index)
				}
			}
			sort.SliceStable(col, func(i, j int) bool { return bary[col[i]] < bary[col[j]] })
		}
		for i, c := range col {
			pos[c] = float64(i)
		}
	}
}

// leftward reports whether the written sides of d say its target lies to
// the left of its source.
func leftward(d *dep) bool {
	l := d.dfs == model.Left || d.dts == model.Right
	r := d.dfs == model.Right || d.dts == model.Left
	return l && !r
}

// orderComponents stacks components in flow order inside each container.
func (s *state) orderComponents() {
	rank, _ := model.Ranks(s.doc)
	for _, c := range s.conts {
		sort.SliceStable(c.comps, func(i, j int) bool { return rank[c.comps[i].m] < rank[c.comps[j].m] })
		for i, k := range c.comps {
			k.idx = i
		}
	}
}

// initGaps sizes the bands around each container's components: a band
// that a top or bottom side opens into gets room for a track at least.
func (s *state) initGaps() {
	for _, c := range s.conts {
		n := len(c.comps)
		c.gaps = make([]float64, n+1)
		c.gapY = make([]float64, n+1)
		for i := 1; i < n; i++ {
			c.gaps[i] = compGap
		}
		c.gaps[n] = padBottom
		c.below = stackGap
	}
	open := func(k *comp, side model.Side) {
		switch side {
		case model.Top:
			k.cont.gaps[k.idx] = math.Max(k.cont.gaps[k.idx], compGap)
		case model.Bottom:
			k.cont.gaps[k.idx+1] = math.Max(k.cont.gaps[k.idx+1], compGap)
		}
	}
	for _, d := range s.deps {
		open(d.from, d.fs)
		open(d.to, d.ts)
	}
}

// place computes container and component boxes.
func (s *state) place() {
	s.contentTop = margin + s.hwTop
	for _, c := range s.conts {
		c.padR = math.Max(c.padR, padX)
		c.padL = math.Max(c.padL, padX)
	}
	for _, d := range s.deps {
		if d.from.cont == d.to.cont && d.fs == model.Right && d.ts == model.Right && len(d.labels) > 0 {
			c := d.from.cont
			c.padR = math.Max(c.padR, math.Ceil(padX/2+d.label.W+24))
		}
	}
	s.colW = make([]float64, len(s.cols))
	for ci, col := range s.cols {
		for _, c := range col {
			w := math.Max(c.title.W+padX+c.padR+24, c.padL+c.padR+minCompW)
			for _, k := range c.comps {
				w = math.Max(w, k.minW+c.padL+c.padR)
			}
			c.w = math.Ceil(w)
			s.colW[ci] = math.Max(s.colW[ci], c.w)
		}
	}
	s.colX = make([]float64, len(s.cols))
	x := margin + s.gap[0]/2
	bottom := s.contentTop
	for ci, col := range s.cols {
		s.colX[ci] = x
		y := s.contentTop
		for i, c := range col {
			c.w = s.colW[ci]
			c.x, c.y = x, y
			cy := y + c.headerH() + c.gaps[0]
			c.gapY[0] = cy - c.gaps[0]/2
			for i, k := range c.comps {
				k.w = c.w - c.padL - c.padR
				k.x, k.y = x+c.padL, cy
				cy += k.h + c.gaps[i+1]
				c.gapY[i+1] = cy - c.gaps[i+1]/2
			}
			c.h = math.Max(cy-y, c.headerH()+padBottom+8)
			y += c.h
			if i+1 < len(col) {
				y += c.below
			}
		}
		bottom = math.Max(bottom, y)
		x += s.colW[ci] + s.gap[ci+1]
	}
	s.contentBottom = bottom
	s.width = math.Ceil(x - s.gap[len(s.cols)]/2 + margin)
	s.height = math.Ceil(bottom + s.hwBot + margin)
}

// makeRoom widens the channels short of room for their tracks, and the
// band each blocked label sits in (the gutter between container columns, a
// highway, the gap between two containers or two components, or a
// container's side padding) by the label's size, once per band and round.
// It reports whether anything grew.
func (s *state) makeRoom(blocked []*dep) bool {
	grown := map[any]bool{}
	for ref, w := range s.need {
		switch ref.kind {
		case gutterChannel:
			if w > s.gap[ref.index] {
				s.gap[ref.index], grown[ref] = w, true
			}
		case highwayChannel:
			if ref.index == 0 && w > s.hwTop {
				s.hwTop, grown[ref] = w, true
			} else if ref.index == 1 && w > s.hwBot {
				s.hwBot, grown[ref] = w, true
			}
		case containerChannel:
			if c := s.conts[ref.index]; w+channelClear > c.padR {
				c.padR, grown[ref] = w+channelClear, true
			}
		case containerLeftChannel:
			if c := s.conts[ref.index]; w+channelClear > c.padL {
				c.padL, grown[ref] = w+channelClear, true
			}
		case gapChannel:
			if c := s.conts[ref.index]; w > c.gaps[ref.sub] {
				c.gaps[ref.sub], grown[ref] = w, true
			}
		case stackChannel:
			if c := s.conts[ref.index]; w > c.below {
				c.below, grown[ref] = w, true
			}
		}
	}
	for _, d := range blocked {
		s.roomFor(d, grown)
	}
	return len(grown) > 0
}

// roomFor widens the band that d's blocked label sits in.
func (s *state) roomFor(d *dep, grown map[any]bool) {
	c := d.labelBox.Center()
	w, h := d.labelBox.W+16, d.labelBox.H+2*labelRoomY
	grow := func(key any, v *float64, by float64) {
		if !grown[key] {
			grown[key], *v = true, *v+by
		}
	}
	switch {
	case c.Y < s.contentTop:
		grow("top", &s.hwTop, h)
		return
	case c.Y > s.contentBottom:
		grow("bottom", &s.hwBot, h)
		return
	}
	for ci := range s.cols {
		if c.X < s.colX[ci] {
			grow(gutterKey(ci), &s.gap[ci], w)
			return
		}
		if c.X > s.colX[ci]+s.colW[ci] {
			continue
		}
		for _, k := range s.cols[ci] {
			switch {
			case c.Y < k.y:
				return // above the column's first container: the highway grew
			case c.Y > k.y+k.h:
				if c.Y < k.y+k.h+k.below {
					grow(stackKey(k.m.Index), &k.below, h)
					return
				}
				continue
			}
			// Inside k: the band between components, or a side padding.
			for i := range k.gaps {
				top := k.gapY[i] - k.gaps[i]/2
				if c.Y >= top && c.Y <= top+k.gaps[i] {
					grow(gapKey(k.m.Index, i), &k.gaps[i], h)
					return
				}
			}
			if c.X > k.x+k.w-k.padR {
				grow(k, &k.padR, w/2)
			} else if c.X < k.x+k.padL {
				grow(k, &k.padL, w/2)
			}
			return
		}
		return
	}
	grow(gutterKey(len(s.cols)), &s.gap[len(s.cols)], w)
}

// roomKey names a band widened for a label (apart from the widening of
// the same band for tracks).
type roomKey struct{ r channelRef }

func gutterKey(i int) roomKey { return roomKey{channelRef{kind: gutterChannel, index: i}} }
func stackKey(c int) roomKey  { return roomKey{channelRef{kind: stackChannel, index: c}} }
func gapKey(c, i int) roomKey { return roomKey{channelRef{kind: gapChannel, index: c, sub: i}} }

// headerH is the height of the container's title strip: headerH, or
// taller for a title that wraps.
func (c *container) headerH() float64 { return math.Max(headerH, math.Ceil(c.title.H+titlePadY)) }

// growForPorts makes a component taller when many dependencies share its
// left or right side, and wider when many share its top or bottom, so
// their ports stay portGap apart.
func (s *state) growForPorts() {
	count := make([]int, 4*len(s.comps))
	for _, d := range s.deps {
		count[4*d.from.m.Index+sideIndex(d.fs)]++
		count[4*d.to.m.Index+sideIndex(d.ts)]++
	}
	for i, n := range count {
		if n < 2 {
			continue
		}
		k := s.comps[i/4]
		need := math.Ceil(float64(n) * portGap / portSpread)
		switch allSides[i%4] {
		case model.Left, model.Right:
			k.h = math.Max(k.h, need)
		default:
			k.minW = math.Max(k.minW, need)
		}
	}
}

// allSides lists the four sides in sideIndex order.
var allSides = [4]model.Side{model.Right, model.Left, model.Top, model.Bottom}

// sideIndex numbers a side 0 to 3 (as in sides).
func sideIndex(side model.Side) int {
	switch side {
	case model.Left:
		return 1
	case model.Top:
		return 2
	case model.Bottom:
		return 3
	}
	return 0
}
