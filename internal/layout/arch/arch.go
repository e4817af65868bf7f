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
// and stacked in file order inside a column. Inside its container each
// component takes a cell of a grid, in flow order, placed where the sides
// written on its dependencies point (a dependency written
// n1.handle(right) -> n2.handle(left) puts n2 in the next grid column, one
// written bottom to top puts it in the next row); without written sides
// components stack downward. Every dependency leaves and enters on the
// sides written in the code (n1.handle(bottom) leaves through the bottom),
// or on sides the view picks where none is written, with a short stub out
// of each side; the rest of its path runs through free channels only: the
// gaps between stacked components, the padding inside containers, the
// gaps between stacked containers, the gutters between container columns
// and the highways above and below everything, so it never crosses a
// component or a container it does not belong to.
package arch

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

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
	cellGapX     = 48.0 // between grid columns inside a container
	topBand      = 10.0 // under a container's title, above its first row
	portGap      = 14.0 // between the ports of dependencies sharing a side, at least
	portStepMax  = 24.0 // between ports, at most
	portSpread   = 0.8  // share of a side that its ports spread over
	channelClear = 6.0  // between a channel's outer tracks and its gap's border
	labelMaxW    = 150.0
	minCompW     = 150.0
	sysMaxW      = 280.0 // widest a component's system line grows to
	circleR      = 9.0
	diamondSize  = 26.0
	stretchMax   = 360.0 // the widest a lone grid column stretches to fill its container
)

type comp struct {
	m      *model.Node
	text   layout.TextBlock
	desc   layout.TextBlock // a component's description, at most compDescLines
	w, h   float64
	minW   float64 // the narrowest it may be: its text, or room for its top and bottom ports
	mw, mh float64 // its size as measured from its text
	x, y   float64
	cont   *container
	gi, gj int // grid column and row inside the container
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
	// The grid of components: ncols columns of width cw, nrows rows of
	// height rh.
	ncols, nrows int
	cw, rh       []float64
	// vg are the vertical bands beside and between the grid columns:
	// vg[0] the left padding, vg[ncols] the right one; ev the same as
	// placed (a container narrower than its column shares the rest
	// between its paddings), vx their middles: the channel lines of
	// dependencies leaving or entering a left or right side.
	vg, ev, vx []float64
	// gaps are the horizontal bands above, between and below the rows:
	// gaps[j] is above row j, gaps[nrows] below the last one (the bottom
	// padding). gapY are their middles, the channel lines of dependencies
	// leaving or entering a top or bottom side.
	gaps, gapY []float64
	// below is the gap under the container in its column.
	below float64
	// tr: the drawing is transposed (state.tr); upright: it has been
	// turned back (state.untranspose), so the title strip runs down the
	// container's left side.
	tr, upright bool
	// align is the room added in front of each grid row of a transposed
	// container to bring its components nearer the ones they are
	// connected with (alignRows; nil: none).
	align []float64
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
	// roomTries counts the rounds its label was blocked (roomFor).
	roomTries int
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
	extra        []*float64 // bands that band() says grow along with the one it returns
	laid         *laidSegs  // the routes laid so far in the final routing pass (nil: not counted)
	pick         int        // rerouting: between takes its pick-th cheapest way (0: the usual choice)
	pickFor      *dep       // rerouting: the dependency whose ways pickWays holds, cheapest first
	pickWays     []way
	boxes        []geom.Rect    // untangling: the bounding boxes of the routes of deps
	work         int            // untangling: the segment pairs compared so far
	mids         [][]geom.Point // the routes of the last routing pass on the channels' middle lines
	// labelRoom is, for dependencies whose label found no free spot after
	// their bands grew, the room their tracks keep beside them on
	// horizontal and vertical channels (layout.Channels.Room).
	labelRoom map[*dep][2]float64
	arr       arrangement
	firstX    int // crossings after the first routing
	// ys, when set, are the heights grid orders the free components of
	// a grid column by (neighbourHeights of an earlier drawing).
	ys []float64
	// moves are the cell moves grid applies after placing the components
	// (improveByMoves).
	moves []cellMove
	// rank is the components' flow order (model.Ranks), shared by every
	// state built from the same proto (see flowRanks).
	rank map[*model.Node]int
	// round is the round of widening at which finishRoutes stopped, tried
	// the rerouting it worked out (nil: none), unlabelled whether the label
	// stage is still to come (labelled).
	round      int
	tried      *rerouting
	unlabelled bool
	// reroutedFirst: labelled places the labels on the rerouted routes
	// first (the folding foldOf lays out).
	reroutedFirst bool
	// shiftX, shiftY sum the moves of trim: the channels, bands and
	// middle-line routes stay where the placement put them.
	shiftX, shiftY float64
	// turned: untranspose turned the drawing (its channels run across).
	turned bool
	// labelsBlocked counts the labels the label stage (finish, labelled)
	// left without a free place.
	labelsBlocked int
	// nearer lists, after placeLabels, the dependencies whose label sits
	// beside them with another route nearer it (layout.LabelResult.Nearer):
	// the rounds make room for them as for blocked ones.
	nearer []*dep
	// framed lists, after placeLabels, the dependencies whose label is
	// clear but lies across a container's border
	// (layout.LabelResult.Framed): framedAgain gives them room.
	framed []*dep
	// fr, when set, is the room made for labels across a container's
	// border (framedAgain): bands widened by the rounds, or as a drawing
	// before widened them.
	fr *frameRoomSpec
	// frameGrowth is how much frameRoom widened each band, call by call
	// of makeRoom (a replay of it widens the same bands at the same
	// calls); roomCalls counts those calls.
	frameGrowth []map[roomKey]float64
	roomCalls   int
	// tr: the document is transposed (transposedDoc): components and
	// labels are measured with width and height exchanged and container
	// titles sit in a band across the top that is a strip down the left
	// once the drawing is turned back (untranspose).
	tr bool
	// usual, in a transposed drawing built without a proto, is the usual
	// drawing of the same diagram, whose component sizes and container
	// icons build takes instead of measuring and matching again.
	usual *state
}

// flowRanks returns model.Ranks of the document, computed once per
// layout: a state built from a proto shares the proto's.
func (s *state) flowRanks() map[*model.Node]int {
	if s.rank == nil {
		s.rank, _ = model.Ranks(s.doc)
	}
	return s.rank
}

// roomRounds bounds how often the layout widens channels short of tracks;
// labelRounds how often it lays out again to widen the bands around labels
// that found no free spot (a label-heavy diagram, such as an imported access
// log of 60 requests, may need eight rounds: each round frees some labels
// and the next widening others), for diagrams of up to labelRoundsMax
// dependencies (larger ones stop at roomRounds: a round of 10,000 nodes
// costs about 0.1 s).
const (
	roomRounds     = 5
	labelRounds    = 12
	labelRoundsMax = 400
)

// arrangement says how containers take their columns: by longest path
// (callers left of what they call), or moved by improveColumns; and in
// what order they stack inside a column (by barycenter, or the reverse).
type arrangement struct {
	moved, reversed bool
	// fold, above 1, stacks every fold consecutive columns into one
	// column, in column order (foldings: a drawing too wide to read).
	fold int
	// wrap wraps the grid of a container wider than foldWidth into
	// blocks one under the other (wrapRows).
	wrap bool
	// tieFlow orders containers whose neighbours in the column before
	// have the same mean position by where those neighbours come in
	// their containers in flow order (rankContainers).
	tieFlow bool
	// diagonal: a component that its placed neighbours all want
	// diagonally (right of one and below it, say) and whose cell is taken
	// looks down its grid column first, in the direction they want it,
	// rather than along its row (freeCell).
	diagonal bool
	// rows puts the components reached through their top or bottom side
	// from other containers, and depending on nothing in their own, side
	// by side in a row rather than one under the other (grid,
	// uprightEnds).
	rows bool
}

// arrangements are the container arrangements Layout tries on diagrams of
// up to arrangeMax dependencies whose first arrangement crosses at least
// arrangeFrom times. The first is laid out in full; each other distinct
// one is laid out to its first routing, and in full only when that first
// routing crosses less than the first arrangement's did; the drawing that
// crosses least is kept (the earlier one on a tie). So a diagram costs at
// most about four layouts, and one plus a few first routings (about half
// a layout each) when the other arrangements do not look better. A
// drawing with a single crossing keeps it: on the compared corpus the
// other arrangements removed it in 2 of the 85 diagrams where they helped,
// and trying them would cost the seed diagrams a third more.
var arrangements = []arrangement{{}, {moved: true}, {reversed: true}, {moved: true, reversed: true}}

// stackings are the arrangements with container columns stacked that
// Layout tries after arrangements and the row passes, on diagrams of up
// to arrangeMax dependencies whose best drawing so far crosses at least
// arrangeFrom times (or crosses at all, when the first arrangement's
// did so that often): every column stacked into one, or every two (three)
// consecutive columns. Where dependencies are written from a bottom side
// to a top one, containers side by side make every such route turn
// round; stacked, they run straight down. Each is laid out to its first
// routing, and in full only when that crosses less than the first
// arrangement's first routing did; it is kept by stackBetter.
var stackings = []arrangement{{fold: math.MaxInt32}, {fold: math.MaxInt32, moved: true}, {fold: 2}, {fold: 2, moved: true}, {fold: math.MaxInt32, reversed: true}, {fold: 3}}

const arrangeFrom = 2

// tryTieFlow turns on the try of tieFlow in Layout (a variable so that
// tests can turn it off).
var tryTieFlow = true

// stackDetour is how much longer, in pixels, the routes of a drawing with
// its container columns stacked (an arrangement with fold) may be in all
// for each crossing fewer than the best drawing so far: stacked columns
// cross less where dependencies are written top to bottom, but a stack
// whose routes go round the whole picture reads worse than a crossing.
const stackDetour = 500.0

// stackBetter reports whether s, a drawing with its container columns
// stacked that crosses (or runs along other routes) fewer times than best
// by fewer, is kept over it: when it crosses less without counting the
// runs along other routes too (the final polish moves many of those), and
// its routes are at most stackDetour longer per crossing fewer.
func (s *state) stackBetter(best *state, fewer int) bool {
	return s.plainCrossings() < best.plainCrossings() && s.routeLength()-best.routeLength() <= stackDetour*float64(fewer)
}

// plainCrossings counts the crossings of the routes (not the runs along
// each other).
func (s *state) plainCrossings() int {
	n := 0
	for i, a := range s.deps {
		box := bounds(a.pts)
		for _, b := range s.deps[i+1:] {
			if touch(box, bounds(b.pts)) {
				n += crossings(a.pts, b.pts)
			}
		}
	}
	return n
}

// routeLength is the length of all routes.
func (s *state) routeLength() float64 {
	n := 0.0
	for _, d := range s.deps {
		n += pathLength(d.pts)
	}
	return n
}

const arrangeMax = 200

// Layout lays out doc as an architecture diagram: the drawing layoutBest
// keeps, or the transposed one (containers in rows, see transpose.go)
// when that crosses less or runs shorter. Which of the two is decided on
// the diagram without its manual offsets, so that dragging a component
// never turns the whole drawing; the one chosen is then laid out with
// them. The same diagram with its sides left free is laid out too, and
// drawn instead when that is clearly better (freesides.go).
func Layout(doc *model.Document, env layout.Env) *scene.Scene {
	// Written or free sides, and the room for labels across borders, are
	// chosen on the diagram without its manual offsets, as the
	// transposition is: dragging a component never switches the drawing.
	plain := withoutOffsets(doc)
	if free := freeSidesDoc(plain); free != nil {
		w, f := drawing(plain, env), drawing(free, env)
		if f.freeBetter(w) {
			var sc *scene.Scene
			if plain == doc {
				sc = f.drawFramed()
			} else {
				_, growth := f.framedAgain()
				sc = drawing(freeSidesDoc(doc), env).relaidWith(growth).finalDraw()
			}
			sc.Layout.SidesLeftFree = true
			return sc
		}
		if plain == doc {
			return w.drawFramed()
		}
		_, growth := w.framedAgain()
		return drawing(doc, env).relaidWith(growth).finalDraw()
	}
	if plain == doc {
		return drawing(doc, env).drawFramed()
	}
	var growth []map[roomKey]float64
	if tryFrameRoom {
		_, growth = drawing(plain, env).framedAgain()
	}
	return drawing(doc, env).relaidWith(growth).finalDraw()
}

// drawFramed draws s, or the drawing framedAgain keeps instead.
func (s *state) drawFramed() *scene.Scene {
	if sc, _ := s.framedAgain(); sc != nil {
		return sc
	}
	return s.finalDraw()
}

// framedAgain judges, when s leaves labels across a container's border,
// s laid out again in its arrangement (its columns, rows and cell moves)
// with room made for them: its label rounds widen the band such a label
// stands in (frameRoom). The new drawing is kept when, drawn, it leaves
// fewer labels across borders and crosses no more, and it leaves no more
// labels without a place and grows by at most frameRoomGrowth. It
// returns the drawing judged to be kept, drawn, and, when that is the
// new one, the room it made, call by call; a nil scene when there was
// nothing to judge (s is left undrawn). A drawing laid out in rows
// (transposed) is left as it is.
func (s *state) framedAgain() (*scene.Scene, []map[roomKey]float64) {
	n := s.framedLabels()
	if !tryFrameRoom || n == 0 || len(s.deps) > frameRoomMax {
		return nil, nil
	}
	f := s.relaid(&frameRoomSpec{react: true})
	if f == nil || len(f.frameGrowth) == 0 || f.framedLabels() >= n || f.labelsBlocked > s.labelsBlocked ||
		f.width*f.height > frameRoomGrowth*s.width*s.height {
		return nil, nil
	}
	sc, fsc := s.finalDraw(), f.finalDraw()
	x, _ := s.totalCrossings()
	fx, _ := f.totalCrossings()
	if fx <= x && f.framedLabels() < s.framedLabels() {
		return fsc, f.frameGrowth
	}
	return sc, nil
}

// relaidWith lays s out again in its arrangement with the bands widened
// as growth says (framedAgain's room, for the same diagram without its
// manual offsets): dragging a component keeps the room the drawing had.
// With no growth, or a drawing laid out in rows, it returns s.
func (s *state) relaidWith(growth []map[roomKey]float64) *state {
	if len(growth) == 0 {
		return s
	}
	if r := s.relaid(&frameRoomSpec{replay: growth}); r != nil {
		return r
	}
	return s
}

// relaid lays s's arrangement, row order and cell moves out again, as
// layoutBest finished them, with the room fr makes for labels across
// borders; nil for a drawing laid out in rows.
func (s *state) relaid(fr *frameRoomSpec) *state {
	if s.tr || s.turned {
		return nil
	}
	a := &state{doc: s.doc, env: s.env, arr: s.arr, ys: s.ys, moves: s.moves, fr: fr}
	a.build(nil)
	a.rankContainers()
	a.prepare()
	a.firstX = a.firstRouting()
	a.finish()
	a.labelled()
	a.polish()
	a.trim()
	return a
}

// frameRoomSpec is the room a drawing makes for labels across a
// container's border. With react, its label rounds widen the gutter (or
// the strip between stacked containers) that such a label stands in, by
// as much as it reaches into the container and frameRoomX, and record it
// (state.frameGrowth); with replay, each call of makeRoom widens the
// bands the same call of the recorded drawing widened, by as much.
type frameRoomSpec struct {
	react  bool
	replay []map[roomKey]float64
}

// tryFrameRoom: framedAgain tries the drawing with room made for labels
// across a container's border (a variable so that tests can compare).
var tryFrameRoom = true

// frameRoomMax bounds the dependencies of a drawing that framedAgain
// lays out again.
const frameRoomMax = 400

// frameRoomGrowth is how much larger (in area) the drawing with room for
// labels across borders may be and still be kept.
const frameRoomGrowth = 1.3

// framedLabels counts the labels whose box a container's border runs
// through.
func (s *state) framedLabels() int {
	n := 0
	for _, d := range s.deps {
		if len(d.labels) == 0 {
			continue
		}
		for _, c := range s.conts {
			if acrossBorder(d.labelBox, c.rect()) {
				n++
				break
			}
		}
	}
	return n
}

// acrossBorder reports whether the outline of r runs through box b.
func acrossBorder(b, r geom.Rect) bool {
	if !b.Overlaps(r) {
		return false
	}
	in := func(v, lo, hi float64) bool { return v > lo+0.5 && v < hi-0.5 }
	return in(r.X, b.X, b.Right()) || in(r.Right(), b.X, b.Right()) || in(r.Y, b.Y, b.Bottom()) || in(r.Bottom(), b.Y, b.Bottom())
}

// drawing lays doc out (see Layout) and returns the drawing kept, not yet
// tightened and drawn.
func drawing(doc *model.Document, env layout.Env) *state {
	if !tryTransposed || !transposable(doc) {
		best := layoutBest(doc, env, nil)
		return improveWindings(doc, env, best, best)
	}
	plain := withoutOffsets(doc)
	if plain != doc && len(doc.Edges) > arrangeMax {
		// Too many dependencies to try (there are at most as many as
		// edges): the layout without the offsets would be wasted.
		return layoutBest(doc, env, nil)
	}
	best := layoutBest(plain, env, nil)
	var t *state
	full := false // t was laid out in every arrangement
	if len(best.deps) <= arrangeMax {
		var share float64
		t, share = layoutTransposed(transposedDoc(plain), env, best, true, nil)
		if t != nil {
			t.untranspose()
			if !t.transposedBetter(best) {
				t = nil
			}
		}
		bx, _ := best.totalCrossings()
		tx := bx
		if t != nil {
			tx, _ = t.totalCrossings()
		}
		// Every arrangement, kept over t when it crosses less (or as
		// often, routed shorter: the rows aligned under a hub): when both
		// still cross often (however long the rows' first routing runs:
		// rows whose first routing is no shorter, or crosses more, often
		// uncross once arranged), or the rows nearly halve the routes of
		// a drawing that crosses (see the constants).
		crossesOften := bx >= transposedFullFrom && tx >= transposedFullFrom
		halves := share <= transposedFullShare && bx > 0 && (t == nil || tx > 0)
		if crossesOften || halves {
			f := layoutBest(transposedDoc(plain), env, best)
			f.untranspose()
			if fx, _ := f.totalCrossings(); f.transposedBetter(best) && (t == nil || fx < tx || fx == tx && f.routeCost() < t.routeCost()) {
				t, full = f, true
			}
		}
	}
	switch {
	case plain == doc && t == nil:
		// The routes that wind round their ends unwound once the
		// drawing is chosen: a shorter usual drawing would keep the
		// transposed one from being tried (its first routing's share).
		return improveWindings(doc, env, best, best)
	case plain == doc:
		return t
	case t == nil:
		return layoutBest(doc, env, nil)
	case full:
		t = layoutBest(transposedDoc(doc), env, best)
	default:
		t, _ = layoutTransposed(transposedDoc(doc), env, best, false, t)
	}
	t.untranspose()
	return t
}

// finalDraw tightens the routes of the drawing kept (tightenFinal),
// spaces out its parallel routes (spaceOut) and draws it.
func (s *state) finalDraw() *scene.Scene {
	if s.turned {
		s.retranspose()
		s.flipEnds()
		s.shortcuts()
		s.untranspose()
	} else {
		s.flipEnds()
		s.shortcuts()
	}
	s.tightenFinal()
	s.spaceOut()
	return s.draw()
}

// transposedFullFrom is how often the usual drawing (and the rows' first
// try, when kept) must cross for the transposed one to be laid out in
// every arrangement, whatever its first routing gave: the other
// arrangements may uncross it (a whole layout more, 5-6 ms on the
// blue-green seed's scale; it crosses twice and does not pay it). On the
// quality corpus this took 27 drawings from 4-56 crossings to 1-34 (193
// crossings fewer in all; the saga-orchestration example 4 -> 3 with its
// services stacked under the orchestrator), where a first routing that
// was no shorter by transposedFirstGain had kept it from being tried.
const transposedFullFrom = 3

// transposedFullShare: a transposed first routing whose routes cost at
// most this share of the usual drawing's is laid out in every
// arrangement too, however little the usual drawing crosses (once at
// least), when it crosses more (or its finished drawing still crosses):
// rows that nearly halve the routes of a flow written top to bottom are
// worth a layout more. A usual drawing without crossings does not pay
// it for shorter routes alone (the event-driven seed, whose rows run 58 %
// of its columns, would take 5 ms instead of under one).
const transposedFullShare = 0.6

// alignedAgain lays s's drawing (its arrangement, row order and cell
// moves) out again with its containers' rows aligned (alignIfBetter) and finished;
// it returns nil when no row moves or the aligned first routing is not
// kept.
func (s *state) alignedAgain(proto *state) *state {
	a := &state{doc: s.doc, env: s.env, arr: s.arr, ys: s.ys, moves: s.moves}
	a.build(proto)
	a.rankContainers()
	a.prepare()
	x := a.alignIfBetter(a.firstRouting(), true)
	if !a.aligned() {
		return nil
	}
	a.firstX = x
	a.finish()
	return a
}

// aligned reports whether a row of a container is aligned (moved from
// its start).
func (s *state) aligned() bool {
	for _, c := range s.conts {
		for _, v := range c.align {
			if v != 0 {
				return true
			}
		}
	}
	return false
}

// layoutBest lays doc out in the arrangements Layout tries and returns
// the drawing kept, polished and trimmed. With usual, doc is transposed
// (transposedDoc) and usual is its usual drawing (see state.usual).
func layoutBest(doc *model.Document, env layout.Env, usual *state) *state {
	// A drawing too wide to read is folded first: when the folding
	// crosses nowhere, it is the drawing.
	proto := &state{doc: doc, env: env, tr: usual != nil, usual: usual}
	proto.build(nil)
	proto.rankContainers()
	proto.prepare()
	proto.place()
	folded, moreFolds := foldOf(doc, env, proto, proto)
	var foldedX int
	if folded != nil {
		if foldedX, _ = folded.totalCrossings(); foldedX == 0 && folded.labelsBlocked == 0 && folded.sidewaysStacked() == 0 {
			folded = tryRows(doc, env, proto, folded)
			folded.polish()
			folded.trim()
			return folded
		}
	}
	var best *state
	bestX, firstX := 0, 0
	firstFinX := 0 // the first arrangement's crossings, finished
	seen := map[string]bool{}
	for i, a := range arrangements {
		fresh := func() *state {
			s := &state{doc: doc, env: env, arr: a}
			s.build(proto)
			s.rankContainers()
			return s
		}
		var s *state
		if i == 0 {
			s = proto // the first arrangement is the proto's, already prepared
		} else {
			s = fresh()
		}
		if key := s.columnsKey(); seen[key] {
			continue
		} else {
			seen[key] = true
		}
		if i > 0 {
			if s.prepare(); s.firstRouting() >= firstX {
				continue
			}
			s = fresh()
			s.prepare()
		}
		x0 := s.firstRouting()
		s.firstX = x0
		// With a folding laid out, the first arrangement's label stage
		// waits until the folding is judged (it is mostly kept, and the
		// labels of a drawing not kept are wasted): compared by its routes.
		lazy := i == 0 && folded != nil
		if lazy {
			s.finishRoutes()
		} else {
			s.finish()
		}
		if len(s.deps) > arrangeMax {
			best = s
			break
		}
		x, _ := s.totalCrossings()
		if lazy && x >= arrangeFrom {
			s.labelled() // other arrangements are compared with it
			x, _ = s.totalCrossings()
		}
		if i == 0 {
			firstX = x0
		}
		if i == 0 {
			firstFinX = x
		}
		if best == nil || x < bestX {
			best, bestX = s, x
		}
		if x < arrangeFrom {
			break
		}
	}
	// Rows in the order of the neighbours' heights in the best drawing,
	// also for a single crossing in a drawing no wider than foldWidth (a
	// wider one already costs a folded layout).
	for pass := 0; pass < rowPasses && (bestX >= arrangeFrom || bestX == 1 && proto.width <= foldWidth) && len(best.deps) <= arrangeMax; pass++ {
		fresh := func(ys []float64) *state {
			s := &state{doc: doc, env: env, arr: best.arr, ys: ys}
			s.build(proto)
			s.rankContainers()
			return s
		}
		var ys []float64
		firstX := best.firstX
		for _, c := range best.heightChoices() {
			s := fresh(c)
			s.prepare()
			if x := s.firstRouting(); x < firstX {
				ys, firstX = c, x
				break
			}
		}
		if ys == nil {
			break
		}
		s := fresh(ys)
		s.prepare()
		s.firstX = s.firstRouting()
		s.finish()
		x, _ := s.totalCrossings()
		if x >= bestX {
			break
		}
		best, bestX = s, x
	}
	// Containers fed from one place ordered by where in it they are fed
	// (tieFlow), when the best drawing crosses at all: where that changes
	// nothing (no tie) it costs one ranking.
	shared := false // a column holds two containers or more
	for _, col := range best.cols {
		shared = shared || len(col) > 1
	}
	if tryTieFlow && bestX > 0 && shared && len(best.deps) <= arrangeMax && !best.arr.tieFlow {
		if best.unlabelled {
			best.labelled()
			bestX, _ = best.totalCrossings()
		}
		a := best.arr
		a.tieFlow = true
		fresh := func() *state {
			s := &state{doc: doc, env: env, arr: a, ys: best.ys}
			s.build(proto)
			s.rankContainers()
			return s
		}
		if s := fresh(); !seen[s.columnsKey()] && s.columnsKey() != best.columnsKey() {
			seen[s.columnsKey()] = true
			s.prepare()
			s.firstX = s.firstRouting()
			s.finish()
			if x, _ := s.totalCrossings(); x < bestX {
				best, bestX = s, x
			}
		}
	}
	// The container columns stacked, when the best drawing still crosses
	// (once at least, when the first arrangement crossed arrangeFrom
	// times: another arrangement that crosses less must not keep the
	// stackings from being tried, which may not cross at all; a trial's
	// adverse event crossed 3 times in the first arrangement and once in
	// the reversed one, and nowhere stacked).
	for _, a := range stackings {
		if bestX == 0 || bestX < arrangeFrom && firstFinX < arrangeFrom || len(best.deps) > arrangeMax {
			break
		}
		fresh := func() *state {
			s := &state{doc: doc, env: env, arr: a}
			s.build(proto)
			s.rankContainers()
			return s
		}
		s := fresh()
		if key := s.columnsKey(); seen[key] || key == best.columnsKey() {
			continue
		} else {
			seen[key] = true
		}
		if s.prepare(); s.firstRouting() >= firstX {
			continue
		}
		s = fresh()
		s.prepare()
		s.firstX = s.firstRouting()
		s.finish()
		if x, _ := s.totalCrossings(); x < bestX && s.stackBetter(best, bestX-x) {
			best, bestX = s, x
		}
	}
	if folded == nil {
		folded, moreFolds = foldOf(doc, env, best, proto)
		if folded != nil {
			foldedX, _ = folded.totalCrossings()
		}
	}
	rowX := bestX
	takeFold := folded != nil && foldBetter(folded, foldedX, best, bestX) &&
		!(foldedX >= bestX && folded.sidewaysStacked() > best.sidewaysStacked() && folded.routeCost() > best.routeCost())
	if takeFold && folded.labelsBlocked > 0 {
		// A folding that leaves a label without a place is kept only
		// over a drawing that leaves one too.
		if best.unlabelled {
			best.labelled()
			bestX, _ = best.totalCrossings()
			rowX = bestX
		}
		takeFold = best.labelsBlocked > 0 && foldBetter(folded, foldedX, best, bestX)
	}
	if takeFold {
		best = folded
	} else if folded != nil {
		if best.unlabelled {
			best.labelled()
			bestX, _ = best.totalCrossings()
			rowX = bestX
		}
		// The folding that fits best crosses too often: the next ones.
		for _, f := range moreFolds[:min(len(moreFolds), foldRetries)] {
			f.firstX = f.firstRouting()
			f.finish()
			if fx, _ := f.totalCrossings(); foldBetter(f, fx, best, bestX) && f.routeLength()-best.routeLength() <= stackDetour*float64(max(bestX-fx, 0)) &&
				(f.labelsBlocked == 0 || best.labelsBlocked > 0) {
				best = f
				break
			}
		}
	}
	// The diagonal arrangement (tryDiagonal), then cell moves, on a
	// drawing that still crosses, unless it is a folding kept although it
	// crosses more than the row it folds: it crosses by choice
	// (foldBetter), and on the compared corpus no move ever helped such a
	// drawing (the blue-green seed is one; trying would cost it five
	// times its layout).
	best.labelled()
	if len(best.deps) <= max(moveMax, arrangeMax) {
		if x, _ := best.totalCrossings(); x > 0 && !((best.arr.fold > 0 || best.arr.wrap) && x > rowX) {
			best = tryDiagonal(doc, env, proto, best, x)
			if tryMoves && len(best.deps) <= moveMax {
				x, _ = best.totalCrossings()
				best = improveByMoves(doc, env, proto, best, x)
			}
		}
	}
	best = tryRows(doc, env, proto, best)
	// Containers in rows: the drawing again with its rows aligned
	// (alignRows: a gateway's row over the services it calls), kept when
	// finished it crosses no more, leaves no more labels without a place
	// and routes shorter. The arrangements above are compared packed
	// (aligned rows that route better at first may cross more once
	// finished), so only the chosen drawing is tried.
	if best.tr && len(best.deps) <= arrangeMax {
		if s := best.alignedAgain(proto); s != nil {
			s.labelled()
			bestX, _ := best.totalCrossings()
			if x, _ := s.totalCrossings(); x <= bestX && s.labelsBlocked <= best.labelsBlocked && s.routeCost() < best.routeCost() {
				best = s
			}
		}
	}
	best.polish()
	best.trim()
	return best
}

// tryRows lays best out again with its arrangement's rows set, when
// a container holds components reached through their top or bottom from
// other containers that depend on nothing in it (uprightEnds) in more
// than one row, and returns the drawing kept: the new one when, laid out
// in full and labelled, it crosses no more, leaves no more labels
// without a place, winds no more (windings) and its routes cost less
// (routeCost). Where no container holds such components it costs one
// pass over the dependencies.
func tryRows(doc *model.Document, env layout.Env, proto, best *state) *state {
	if best.arr.rows || len(best.deps) > arrangeMax || doc.Adjust != nil && len(doc.Adjust.Offsets) > 0 || !best.stackedUpright() {
		return best
	}
	a := best.arr
	a.rows = true
	s := &state{doc: doc, env: env, arr: a, ys: best.ys}
	s.build(proto)
	s.rankContainers()
	s.prepare()
	s.firstX = s.firstRouting()
	s.finish()
	if best.unlabelled {
		best.labelled()
	}
	bestX, _ := best.totalCrossings()
	sw, _ := s.windings()
	bw, _ := best.windings()
	if x, _ := s.totalCrossings(); x <= bestX && s.labelsBlocked <= best.labelsBlocked && sw <= bw && s.routeCost() < best.routeCost() {
		return s
	}
	return best
}

// stackedUpright reports whether a container of s holds components that
// arrangement.rows would put side by side (uprightEnds) in more than one
// grid row.
func (s *state) stackedUpright() bool {
	inner := map[*comp]bool{}
	for _, d := range s.deps {
		if d.from.cont == d.to.cont {
			inner[d.from], inner[d.to] = true, true
		}
	}
	upright := uprightEnds(s.deps)
	for _, c := range s.conts {
		row := -1
		for _, k := range c.comps {
			if !upright[k] || inner[k] {
				continue
			}
			if row >= 0 && k.gj != row {
				return true
			}
			row = k.gj
		}
	}
	return false
}

// diagonalTry is off only in tests that compare with the layout that
// never tries arrangement.diagonal.
var diagonalTry = true

// tryDiagonal lays best (crossing bestX times) out again with its
// arrangement's diagonal set, when that puts a component in another
// grid cell, and returns the drawing that crosses less: the new one only
// when its first routing already crossed less than best's did and, laid
// out in full, it crosses less without crossing more plainly or running
// much longer (moveBetter). Where it changes no cell it costs one grid.
func tryDiagonal(doc *model.Document, env layout.Env, proto, best *state, bestX int) *state {
	if !diagonalTry || best.arr.diagonal || len(best.deps) > arrangeMax || doc.Adjust != nil && len(doc.Adjust.Offsets) > 0 {
		return best
	}
	a := best.arr
	a.diagonal = true
	s := &state{doc: doc, env: env, arr: a, ys: best.ys}
	s.build(proto)
	s.rankContainers()
	s.prepare()
	if !slices.ContainsFunc(best.comps, func(k *comp) bool { return s.movedCell(best, k) }) {
		return best
	}
	if s.firstX = s.firstRouting(); s.firstX >= best.firstX {
		return best
	}
	s.finish()
	if x, _ := s.totalCrossings(); x < bestX && s.moveBetter(best, bestX-x) {
		return s
	}
	return best
}

// foldWidth is the width past which Layout tries folding the container
// columns into stacks (foldings), foldAspect the width-to-height ratio of
// the frame a drawing is meant to fit (a wide screen).
const (
	foldWidth  = 1600.0
	foldAspect = 1.6
)

// foldings are the column foldings fold tries: every column stacked into
// one, then every two (and three) consecutive columns into one.
var foldings = []int{math.MaxInt32, 2, 3}

// frame is the width of the smallest foldAspect frame that holds s's
// drawing: what fits a screen best is smallest.
func (s *state) frame() float64 { return math.Max(s.width, s.height*foldAspect) }

// foldOf lays out, when the placed drawing s is wider than foldWidth,
// the folding of its container columns into stacks (foldings, with s's
// arrangement) that fits a wide frame best, placed without routes, when
// that frame is at most foldKeep of s's; it returns nil otherwise. A
// chain of containers side by side, each with a long row, reads from a
// very wide picture; stacked, it reads from top to bottom. Layout keeps
// the folded drawing when it crosses nowhere (before laying out any
// other), else by foldBetter; so a wide diagram costs at most one more
// layout, and a wide one that folds without crossings about one layout.
func foldOf(doc *model.Document, env layout.Env, s *state, proto *state) (*state, []*state) {
	cands := foldCandidates(doc, env, s, proto)
	if len(cands) == 0 {
		return nil, nil
	}
	f := cands[0]
	f.firstX = f.firstRouting()
	f.finishRoutes()
	f.reroutedFirst = true
	f.labelled()
	return f, cands[1:]
}

// foldCandidates returns, when the placed drawing s is wider than
// foldWidth, the foldings of its container columns into stacks
// (foldings, with s's arrangement) whose frame is at most foldKeep of
// s's, placed without routes, the one that fits a wide frame best first
// (then in the order of foldArrangements).
func foldCandidates(doc *model.Document, env layout.Env, s *state, proto *state) []*state {
	if s.width <= foldWidth || len(s.deps) > arrangeMax {
		return nil
	}
	seen := map[string]bool{s.columnsKey(): true}
	limit := foldKeep * s.frame()
	wide := false // a container of s is wide enough to wrap
	for _, c := range s.conts {
		wide = wide || c.w > foldWidth
	}
	var cands []*state
	for _, a := range foldArrangements(s.arr) {
		if a.wrap && !wide || a == s.arr {
			continue
		}
		f := &state{doc: doc, env: env, arr: a, ys: s.ys}
		f.build(proto)
		f.rankContainers()
		if key := f.columnsKey(); seen[key] {
			continue
		} else {
			seen[key] = true
		}
		f.prepare()
		f.place()
		if f.frame() <= limit {
			cands = append(cands, f)
		}
	}
	// The smallest frame first; of equal frames the last tried, as the
	// search for the smallest kept it.
	slices.Reverse(cands)
	slices.SortStableFunc(cands, func(a, b *state) int { return cmp.Compare(a.frame(), b.frame()) })
	return cands
}

// foldRetries is how many more foldings Layout lays out when the one
// that fits a frame best is not kept (crossing more than the unfolded
// drawing; a variable so that tests can turn it off): a folding by twos
// may cross less than every column in one.
// Such a folding is kept by foldBetter when its routes are also at most
// stackDetour longer in all per crossing fewer (no longer for as many
// crossings): a folding whose routes go round the whole picture to
// avoid a crossing reads worse than the row it folds.
var foldRetries = 2

// foldArrangements lists the arrangements foldOf tries from a: each
// folding of the columns, without and with long container rows wrapped,
// and the columns as they are with the rows wrapped.
func foldArrangements(a arrangement) []arrangement {
	var list []arrangement
	for _, wrap := range wrapOptions {
		for _, m := range append([]int{0}, foldings...) {
			if m == 0 && !wrap {
				continue
			}
			b := a
			b.fold, b.wrap = m, wrap
			list = append(list, b)
		}
	}
	return list
}

// wrapOptions are the wrappings of long container rows foldOf tries
// (a variable so that tests can turn wrapping off).
var wrapOptions = []bool{false, true}

// foldBetter reports whether the folded drawing f (crossing fx times) is
// kept over best (crossing bestX times): when it crosses less, or as
// often and fits a wide frame better (frame at most foldKeep of best's),
// or once more than an already crossed best when it fits a frame at most
// foldHalf of best's.
func foldBetter(f *state, fx int, best *state, bestX int) bool {
	return fx < bestX || fx == bestX && f.frame() <= foldKeep*best.frame() ||
		bestX > 0 && fx == bestX+1 && f.frame() <= foldHalf*best.frame()
}

// sidewaysStacked counts the dependencies written from a left or right
// side into a left or right one between two containers of one column:
// stacked, such a route must wind round a container's side to enter
// the one beside it in the code (five sensor feeds written right to left
// into a gateway that a folding put under their container). A folding
// that adds such routes is not kept over a drawing that crosses as
// little and routes cheaper (routeCost; layoutBest), and one that
// crosses nowhere is not kept before the drawing it folds is laid out.
func (s *state) sidewaysStacked() int {
	n := 0
	for _, d := range s.deps {
		if d.from.cont != d.to.cont && d.from.cont.col == d.to.cont.col &&
			(d.dfs == model.Left || d.dfs == model.Right) && (d.dts == model.Left || d.dts == model.Right) {
			n++
		}
	}
	return n
}

// foldKeep is how much smaller a folded drawing's frame must be to be kept
// over one that crosses as often.
const foldKeep = 0.9

// foldHalf: a folded drawing that fits a frame at most this share of the
// unfolded one's may cross once more than it, when that one crosses
// already (an uncrossed drawing stays uncrossed).
const foldHalf = 0.5

// rowPasses bounds how often Layout reorders rows by the neighbours'
// heights in the best drawing so far (a variable so that tests can turn
// it off).
var rowPasses = 2

// sweepRows lets heightChoices offer the one-side orders (a variable for
// the tests, which compare with and without them).
var sweepRows = true

// heightChoices returns the orders of rows a pass of layoutBest tries
// (state.ys), in turn until one crosses less: every component with
// dependencies to other containers ordered by its neighbours' heights in
// s at once, and, when the containers stand in two columns or more, one
// side moved at a time (a sweep of layered crossing reduction): the
// components of the even columns' containers ordered by their
// neighbours' heights while the others keep their order in s, then the
// odd columns'. Moving both sides at once can swap two orders that
// already matched, so that the pass stops with the drawing still
// tangled where moving one side alone would have untangled it.
func (s *state) heightChoices() [][]float64 {
	all := s.neighbourHeights()
	out := [][]float64{all}
	if len(s.cols) < 2 || !sweepRows {
		return out
	}
	for parity := range 2 {
		ys := slices.Clone(all)
		moved := 0
		for _, k := range s.comps {
			if i := k.m.Index; !math.IsNaN(ys[i]) {
				if k.cont.col%2 == parity {
					moved++
				} else {
					ys[i] = k.y + k.h/2
				}
			}
		}
		if moved > 1 {
			out = append(out, ys)
		}
	}
	return out
}

// neighbourHeights returns, for each component with dependencies to other
// containers, the mean height of those neighbours' centres in the
// current drawing (indexed by node; NaN for the others).
func (s *state) neighbourHeights() []float64 {
	sum := make([]float64, len(s.comps))
	n := make([]float64, len(s.comps))
	for _, d := range s.deps {
		if d.from.cont == d.to.cont {
			continue
		}
		sum[d.from.m.Index] += d.to.y + d.to.h/2
		n[d.from.m.Index]++
		sum[d.to.m.Index] += d.from.y + d.from.h/2
		n[d.to.m.Index]++
	}
	for i := range sum {
		if n[i] == 0 {
			sum[i] = math.NaN()
		} else {
			sum[i] /= n[i]
		}
	}
	return sum
}

// columnsKey names the containers' columns and their order inside them.
func (s *state) columnsKey() string {
	var b strings.Builder
	for _, col := range s.cols {
		for _, c := range col {
			b.WriteString(strconv.Itoa(c.m.Index))
			b.WriteByte(' ')
		}
		b.WriteByte('|')
	}
	if s.arr.wrap {
		b.WriteString("wrap")
	}
	return b.String()
}

// prepare places the components in the columns rankContainers chose:
// their grid, sides, sizes and bands.
func (s *state) prepare() {
	s.grid()
	s.sides()
	s.growForPorts()
	s.initBands()
	s.gap = make([]float64, len(s.cols)+1)
	for i := range s.gap {
		s.gap[i] = colGap
	}
	s.hwTop, s.hwBot = highway, highway
}

// firstRouting places the containers and routes the dependencies once
// (the first round of finish) and returns how often the routes cross (0
// above arrangeMax dependencies: not compared).
func (s *state) firstRouting() int {
	s.need = map[channelRef]float64{}
	s.place()
	s.registerChannels()
	s.route()
	if len(s.deps) > arrangeMax {
		return 0
	}
	x, _ := s.totalCrossings()
	return x
}

// finish completes the layout after firstRouting: the rounds that widen
// channels short of tracks and bands around labels that found no place,
// then the rerouting of the final placement. (finishRoutes and labelled
// give the same drawing in two steps, for a drawing whose labels may not
// be needed; finish reroutes once the rounds are over, so a drawing whose
// labels need rounds is not rerouted twice.)
func (s *state) finish() {
	lastRound := roomRounds
	if len(s.deps) <= labelRoundsMax {
		lastRound = labelRounds
	}
	for round := 0; ; round++ {
		if round > 0 {
			s.routeAgain()
		}
		if len(s.need) > 0 && round < roomRounds && s.makeRoom(nil) {
			continue // channels short of tracks: widen them before placing labels
		}
		blocked := s.placeLabels()
		s.labelsBlocked = len(blocked)
		if round == lastRound || !s.makeRoom(s.withNearer(blocked)) {
			s.narrowBlocked(blocked)
			break
		}
	}
	s.rerouteFinal()
}

// withNearer returns blocked and the dependencies whose label
// placeLabels left beside them with another route nearer it: both get
// room in a round.
func (s *state) withNearer(blocked []*dep) []*dep {
	if len(s.nearer) == 0 {
		return blocked
	}
	return append(append([]*dep(nil), blocked...), s.nearer...)
}

// finishRoutes completes the routes of the layout after firstRouting: the
// rounds that widen channels short of tracks, then the rerouting of the
// final placement (tryReroute). The label stage is left to labelled;
// until then the routes are those finish gives wherever every label finds
// a place (the label stage then changes no route).
func (s *state) finishRoutes() {
	for s.round = 0; ; s.round++ {
		if s.round > 0 {
			s.routeAgain()
		}
		if len(s.need) > 0 && s.round < roomRounds && s.makeRoom(nil) {
			continue // channels short of tracks: widen them before placing labels
		}
		break
	}
	s.tried = s.tryReroute()
	s.unlabelled = true
}

// routeAgain places the containers and routes the dependencies again
// (after a round widened channels or bands).
func (s *state) routeAgain() {
	s.need = map[channelRef]float64{}
	s.place()
	s.registerChannels()
	s.route()
}

// labelled places the labels of a drawing finishRoutes completed, as
// finish does: the rounds that widen bands around labels that found no
// place, then the rerouting of the final placement, kept when it needs no
// wider channel and every label still finds a place. The rerouting
// tryReroute worked out is used when no round changed the placement.
func (s *state) labelled() {
	if !s.unlabelled {
		return
	}
	s.unlabelled = false
	lastRound := roomRounds
	if len(s.deps) <= labelRoundsMax {
		lastRound = labelRounds
	}
	r := s.tried
	s.tried = nil
	reroutedBlocked := false // the rerouted routes leave a label without a place
	if s.reroutedFirst && r != nil && r.changed && len(r.need) == 0 {
		// The rerouted drawing first: when every label finds a place on
		// it, it is the drawing (the labels of the routes before the
		// rerouting would only be placed to be replaced).
		r.restore(s, &r.after)
		if len(s.placeLabels()) == 0 {
			s.labelsBlocked = 0
			return
		}
		reroutedBlocked = true
	}
	if r != nil {
		r.restore(s, &r.before)
	}
	for round := s.round; ; round++ {
		if round > s.round {
			s.routeAgain()
			if len(s.need) > 0 && round < roomRounds && s.makeRoom(nil) {
				continue
			}
		}
		blocked := s.placeLabels()
		s.labelsBlocked = len(blocked)
		if round == lastRound || !s.makeRoom(s.withNearer(blocked)) {
			if s.narrowBlocked(blocked) {
				r = nil // the labels changed: the rerouting is worked out again
			}
			break
		}
		r = nil // the placement changed: the rerouting is worked out again
	}
	if r == nil {
		s.rerouteFinal()
		return
	}
	if !r.changed {
		return
	}
	oldPts := make([][]geom.Point, len(s.deps))
	oldBoxes := make([]geom.Rect, len(s.deps))
	for i, d := range s.deps {
		oldPts[i], oldBoxes[i] = d.pts, d.labelBox
	}
	r.restore(s, &r.after)
	if len(r.need) == 0 && !reroutedBlocked && len(s.placeLabels()) == 0 {
		s.labelsBlocked = 0
		return
	}
	for i, d := range s.deps {
		d.pts, d.labelBox = oldPts[i], oldBoxes[i]
	}
}

// narrowShares are the shares of labelMaxW a label still without a place
// once no band can grow for it is wrapped at again (layout.NarrowShares:
// it may then fit beside a vertical run between two others, inside a
// container, say; nil in tests that compare with the layout that never
// narrows).
var narrowShares = layout.NarrowShares

// narrowBlocked wraps the blocked labels narrower and places the labels
// again, keeping each narrowing that leaves fewer labels without a place
// (layout.NarrowBlocked); it reports whether it kept one.
func (s *state) narrowBlocked(blocked []*dep) bool {
	t := s.env.Theme
	left, kept := layout.NarrowBlocked(blocked, narrowShares, func(d *dep, share float64) func() {
		text := strings.Join(d.labels, ", ")
		b := s.env.Block(text, t.SmallFontSize, false, s.env.PieceWidth(text, t.SmallFontSize, false, labelMaxW*share))
		if b.W >= d.label.W-1 {
			return nil
		}
		before := d.label
		d.label = b
		return func() { d.label = before }
	}, s.placeLabels)
	if kept {
		s.labelsBlocked = len(left)
	}
	return kept
}

// trim moves the drawing so that its content (containers, routes, labels)
// sits margin from the top left corner and cuts the canvas margin past it:
// bands widened in an earlier round for a label that then found a place
// elsewhere leave no empty strip.
func (s *state) trim() {
	box := geom.Rect{X: math.Inf(1), Y: math.Inf(1)}
	right, bottom := math.Inf(-1), math.Inf(-1)
	add := func(r geom.Rect) {
		box.X, box.Y = math.Min(box.X, r.X), math.Min(box.Y, r.Y)
		right, bottom = math.Max(right, r.Right()), math.Max(bottom, r.Bottom())
	}
	for _, c := range s.conts {
		add(c.rect())
	}
	for _, d := range s.deps {
		for _, p := range d.pts {
			add(geom.Rect{X: p.X, Y: p.Y})
		}
		if len(d.labels) > 0 {
			add(d.labelBox)
		}
	}
	if math.IsInf(right, -1) {
		return
	}
	dx, dy := math.Floor(margin-box.X), math.Floor(margin-box.Y)
	s.translate(dx, dy)
	s.width, s.height = math.Ceil(right+dx+margin), math.Ceil(bottom+dy+margin)
}

// translate moves the containers, components, routes and labels of s by
// dx, dy, and counts the move in shiftX, shiftY.
func (s *state) translate(dx, dy float64) {
	s.shiftX, s.shiftY = s.shiftX+dx, s.shiftY+dy
	for _, c := range s.conts {
		c.x, c.y = c.x+dx, c.y+dy
	}
	for _, k := range s.comps {
		k.x, k.y = k.x+dx, k.y+dy
	}
	for _, d := range s.deps {
		for i := range d.pts {
			d.pts[i].X += dx
			d.pts[i].Y += dy
		}
		d.labelBox.X += dx
		d.labelBox.Y += dy
	}
}

// build measures components and merges parallel dependencies. With a
// proto (a state built before from the same document), it takes the
// measures from it instead of measuring the text again.
func (s *state) build(proto *state) {
	t := s.env.Theme
	if proto != nil {
		s.rank = proto.flowRanks()
		s.tr = proto.tr
	}
	for _, l := range s.doc.Lanes {
		c := &container{m: l, tr: s.tr}
		if proto != nil {
			c.title, c.icon = proto.conts[l.Index].title, proto.conts[l.Index].icon
		} else if s.usual != nil {
			c.title, c.icon = s.env.Block(l.Label, t.TitleFontSize, true, trTitleW), s.usual.conts[l.Index].icon
		} else {
			w := 190.0
			if s.tr {
				w = trTitleW
			}
			c.title, c.icon = s.env.Block(l.Label, t.TitleFontSize, true, w), iconFor(l)
		}
		s.conts = append(s.conts, c)
	}
	for _, n := range s.doc.Nodes {
		c := &comp{m: n, cont: s.conts[n.Lane.Index]}
		switch {
		case proto != nil:
			p := proto.comps[n.Index]
			c.text, c.desc, c.w, c.h = p.text, p.desc, p.mw, p.mh
		case s.usual != nil:
			p := s.usual.comps[n.Index]
			c.text, c.desc, c.w, c.h = p.text, p.desc, p.mh, p.mw
		default:
			c.measure(s.env)
			c.w = math.Max(c.w, minCompW)
			if s.tr {
				c.w, c.h = c.h, c.w
			}
		}
		c.minW, c.mw, c.mh = c.w, c.w, c.h
		s.comps = append(s.comps, c)
		c.cont.comps = append(c.cont.comps, c)
	}
	// Parallel dependencies merge when they are written with the same
	// sides; written on different sides they stay apart, each on its own.
	// A side left unwritten agrees with any (mergeable).
	type pairKey struct {
		from, to int
		fs, ts   model.Side
	}
	byPair := make(map[pairKey]*dep, len(s.doc.Edges))
	between := map[[2]int][]*dep{} // the dependencies between two components
	for _, e := range s.doc.Edges {
		if e.From == e.To {
			continue
		}
		k := pairKey{e.From.Index, e.To.Index, e.FromSide, e.ToSide}
		d := byPair[k]
		ends := [2]int{e.From.Index, e.To.Index}
		if d == nil {
			d = mergeable(between[ends], e)
		}
		if d == nil {
			d = &dep{from: s.comps[e.From.Index], to: s.comps[e.To.Index], id: "e" + strconv.Itoa(e.Index+1), dfs: e.FromSide, dts: e.ToSide}
			byPair[k] = d
			between[ends] = append(between[ends], d)
			s.deps = append(s.deps, d)
		}
		if l := strings.TrimSpace(e.Label); l != "" && !slices.Contains(d.labels, l) {
			d.labels = append(d.labels, l)
		}
	}
	for i, d := range s.deps {
		if len(d.labels) > 0 {
			if proto != nil {
				d.label = proto.deps[i].label
			} else {
				text := strings.Join(d.labels, ", ")
				d.label = s.env.Block(text, t.SmallFontSize, false, s.env.PieceWidth(text, t.SmallFontSize, false, labelMaxW))
				if s.tr {
					d.label.W, d.label.H = d.label.H, d.label.W
				}
			}
		}
	}
}

// mergeable returns the first of deps (the dependencies between e's two
// components) that e joins although their written sides differ: where one
// of the two leaves a side unwritten and the other writes the way the
// view draws most dependencies, out of a right side into a left one, or
// inside one container out of a bottom into a top (without the merge the
// view would mostly pick those sides too, and the two would run side by
// side, a label between them crossed by its neighbour). Else nil. A
// dependency that had a side unwritten takes the side e writes there.
func mergeable(deps []*dep, e *model.Edge) *dep {
	fill := func(a, b model.Side) model.Side {
		if a == model.NoSide {
			return b
		}
		return a
	}
	agree := func(a, b, want model.Side) bool {
		return (a == model.NoSide || a == want) && (b == model.NoSide || b == want)
	}
	natural := func(fs, ts model.Side) bool {
		return agree(fs, e.FromSide, model.Right) && agree(ts, e.ToSide, model.Left) ||
			e.From.Lane == e.To.Lane && agree(fs, e.FromSide, model.Bottom) && agree(ts, e.ToSide, model.Top)
	}
	for _, d := range deps {
		if !natural(d.dfs, d.dts) || fill(d.dfs, e.FromSide) == model.NoSide && fill(d.dts, e.ToSide) == model.NoSide {
			continue
		}
		if d.dfs == model.NoSide {
			d.dfs = e.FromSide
		}
		if d.dts == model.NoSide {
			d.dts = e.ToSide
		}
		return d
	}
	return nil
}

// measure sizes c from its text.
func (c *comp) measure(env layout.Env) {
	t, n := env.Theme, c.m
	switch n.Shape {
	case model.Circle, model.Diamond:
		c.text = env.Block(n.Label, t.FontSize, false, env.PieceWidth(n.Label, t.FontSize, false, 150))
		c.w = math.Ceil(c.text.W + 2*circleR + 30)
		c.h = math.Max(40, math.Ceil(c.text.H+16))
	default:
		// A card: a step's label, or a task's title in bold; a system
		// line and a description under it, for both.
		label, bold := n.Label, false
		if n.Shape == model.Taskbox {
			label, bold = n.Title(), true
		}
		c.text = env.Block(label, t.FontSize, bold, env.PieceWidth(label, t.FontSize, bold, 180))
		c.w, c.h = math.Ceil(c.text.W+32), math.Max(48, math.Ceil(c.text.H+22))
		if n.System != "" {
			// The system line is one line in the small type: the card
			// grows to hold it, up to sysMaxW of text.
			c.h += 16
			sys := env.Block(n.System, t.SmallFontSize, false, sysMaxW)
			if len(sys.Lines) == 1 {
				c.w = math.Max(c.w, math.Ceil(sys.W+32))
			} else {
				c.w = math.Max(c.w, sysMaxW+32)
			}
		}
		if n.Description != "" {
			// Under the label, in the system line's type; the full
			// text is in the component's tooltip.
			c.desc = env.Clamp(env.Block(n.Description, t.SmallFontSize, false, 180), compDescLines, 180)
			c.w = math.Max(c.w, math.Ceil(c.desc.W+32))
			c.h += math.Ceil(c.desc.H) + compDescGap
		}
	}
}

// A component's description takes at most compDescLines lines (an
// ellipsis ends the last), compDescGap below its label.
const (
	compDescLines = 2
	compDescGap   = 2.0
)

// iconFor picks a glyph for containers whose name says what they are. It
// matches whole words of the ID and label (split at spaces, punctuation and
// camelCase), in the singular or plural, so that "Storefront", "Feedback"
// and "Business rules" get no icon; the words for stores and queues also
// match as the end of a compound ("MongoDB", "PostgreSQL", "Datastore",
// "EventBus").
func iconFor(l *model.Lane) string {
	words := nameWords(l.ID + " " + l.Label)
	has := func(suffix bool, keys ...string) bool {
		for _, w := range words {
			for _, k := range keys {
				if w == k || w == k+"s" || w == k+"es" || suffix && len(w) > len(k) && strings.HasSuffix(w, k) {
					return true
				}
			}
		}
		return false
	}
	switch {
	case has(false, "database", "data", "storage", "warehouse"), has(true, "db", "store", "sql", "database"):
		return "database"
	case has(false, "queue", "broker", "bus", "kafka", "stream", "topic"), has(true, "queue", "bus", "broker", "mq"):
		return "queue"
	case has(false, "user", "client", "customer", "browser", "visitor", "caller", "human", "people", "person", "supplier"):
		return "person"
	case has(false, "external", "third", "partner", "provider", "vendor", "cloud"):
		return "external"
	}
	return ""
}

// nameWords splits a name into lower-case words at every character that is
// not a letter or digit and where a lower-case letter meets an upper-case
// one ("orderDB" is "order" and "db").
func nameWords(name string) []string {
	var words []string
	var cur []rune
	prevLower := false
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range name {
		switch {
		case unicode.IsUpper(r):
			if prevLower {
				flush()
			}
			cur = append(cur, r)
			prevLower = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
			prevLower = unicode.IsLower(r)
		default:
			flush()
			prevLower = false
		}
	}
	flush()
	return words
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
	if s.arr.moved {
		rank = s.improveColumns(rank)
	}
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
	// neighbours in the previous column (barycenter); on a tie, by the
	// mean of where those neighbours come in their containers in flow
	// order (of two containers fed by one, the one fed from higher up
	// first), then by the sides written on those dependencies (of two
	// containers fed by one component, the one fed from its right or left
	// before the one fed from its bottom, so that the routes out of its
	// bottom run down past the others'), then in file order.
	var within []float64
	pos := map[*container]float64{}
	for ci, col := range s.cols {
		if ci > 0 {
			bary, fine, side := map[*container]float64{}, map[*container]float64{}, map[*container]float64{}
			for _, c := range col {
				sum, k, in, low := 0.0, 0.0, 0.0, 0.0
				for _, d := range s.deps {
					if d.to.cont == c && d.from.cont.col == ci-1 {
						if within == nil {
							within = s.flowShares()
						}
						sum += pos[d.from.cont]
						in += within[d.from.m.Index]
						low += sideHeight(d.dfs)
						k++
					}
				}
				if k > 0 {
					bary[c], fine[c], side[c] = sum/k, in/k, low/k
				} else {
					bary[c] = float64(c.m.Index)
				}
			}
			sort.SliceStable(col, func(i, j int) bool {
				if a, b := bary[col[i]], bary[col[j]]; a != b {
					return a < b
				}
				if !s.arr.tieFlow {
					return false
				}
				if a, b := fine[col[i]], fine[col[j]]; a != b {
					return a < b
				}
				return side[col[i]] < side[col[j]]
			})
		}
		if s.arr.reversed {
			slices.Reverse(col)
		}
		for i, c := range col {
			pos[c] = float64(i)
		}
	}
	if m := s.arr.fold; m > 1 && len(s.cols) > 1 {
		var folded [][]*container
		for i := 0; i < len(s.cols); i += m {
			var stack []*container
			for _, col := range s.cols[i:min(i+m, len(s.cols))] {
				stack = append(stack, col...)
			}
			for _, c := range stack {
				c.col = len(folded)
			}
			folded = append(folded, stack)
		}
		s.cols = folded
	}
}

// sideHeight places a written source side from high to low: a top side
// 0, a left or right one or none written 1, a bottom side 2.
func sideHeight(side model.Side) float64 {
	switch side {
	case model.Top:
		return 0
	case model.Bottom:
		return 2
	}
	return 1
}

// flowShares returns, for each component (by node index), where it comes
// among its container's components in flow order (model.Ranks, file order
// for ties), as a share from 0 (the first) to under 1.
func (s *state) flowShares() []float64 {
	rank := s.flowRanks()
	out := make([]float64, len(s.comps))
	for _, c := range s.conts {
		order := slices.Clone(c.comps)
		sort.SliceStable(order, func(i, j int) bool { return rank[order[i].m] < rank[order[j].m] })
		for i, k := range order {
			out[k.m.Index] = float64(i) / float64(len(order))
		}
	}
	return out
}

// columnCost weighs a dependency whose target's container column lies
// span columns right of its source's: nothing for the next column, two
// for the same column (the route goes out to a gutter and back, round the
// containers between), one per column passed over, more for a target left
// of its source.
func columnCost(span int) int {
	switch {
	case span == 1:
		return 0
	case span == 0:
		return 2
	case span > 1:
		return span - 1
	default:
		return 2 - span
	}
}

// improveColumns moves containers between columns while that lowers the
// sum of columnCost over the dependencies between containers (oriented as
// in rankContainers): a container fed by many dependencies from two
// columns to its left moves next to their source, taking a lightly joined
// container's column. Each pass tries every container in every column
// (containers are few), at most columnPasses passes; empty columns are
// squeezed out.
func (s *state) improveColumns(rank []int) []int {
	n := len(s.conts)
	type pair struct{ a, b int }
	weight := map[pair]int{}
	for _, d := range s.deps {
		a, b := d.from.cont.m.Index, d.to.cont.m.Index
		if a == b {
			continue
		}
		if leftward(d) {
			a, b = b, a
		}
		weight[pair{a, b}]++
	}
	inc := make([][]pair, n)
	for p := range weight {
		inc[p.a] = append(inc[p.a], p)
		inc[p.b] = append(inc[p.b], p)
	}
	for v := range inc {
		sort.Slice(inc[v], func(i, j int) bool {
			if inc[v][i].a != inc[v][j].a {
				return inc[v][i].a < inc[v][j].a
			}
			return inc[v][i].b < inc[v][j].b
		})
	}
	cost := func(v int) int {
		c := 0
		for _, p := range inc[v] {
			c += weight[p] * columnCost(rank[p.b]-rank[p.a])
		}
		return c
	}
	rank = slices.Clone(rank)
	for pass := 0; pass < columnPasses; pass++ {
		improved := false
		for v := 0; v < n; v++ {
			cols := slices.Max(rank) + 1
			old, best, bestCost := rank[v], rank[v], cost(v)
			for c := -1; c <= cols; c++ {
				rank[v] = c
				if k := cost(v); k < bestCost {
					best, bestCost = c, k
				}
			}
			rank[v] = best
			if best != old {
				improved = true
				squeezeRanks(rank)
			}
		}
		if !improved {
			break
		}
	}
	return rank
}

// columnPasses bounds the passes of improveColumns.
const columnPasses = 8

// squeezeRanks renumbers ranks 0, 1, ... without gaps, keeping their order.
func squeezeRanks(rank []int) {
	vals := slices.Clone(rank)
	slices.Sort(vals)
	vals = slices.Compact(vals)
	for i, r := range rank {
		rank[i], _ = slices.BinarySearch(vals, r)
	}
}

// leftward reports whether the written sides of d say its target lies to
// the left of its source.
func leftward(d *dep) bool {
	l := d.dfs == model.Left || d.dts == model.Right
	r := d.dfs == model.Right || d.dts == model.Left
	return l && !r
}

// want is where a dependency's written sides put its target's grid cell
// relative to its source's: right for a right side or into a left side,
// down for a bottom side or into a top side, and so on; down when nothing
// is written, beside for two equal top or bottom sides.
func want(d *dep) (dx, dy int) {
	switch d.dfs {
	case model.Right:
		dx++
	case model.Left:
		dx--
	case model.Bottom:
		dy++
	case model.Top:
		dy--
	}
	switch d.dts {
	case model.Left:
		dx++
	case model.Right:
		dx--
	case model.Top:
		dy++
	case model.Bottom:
		dy--
	}
	dx, dy = max(-1, min(1, dx)), max(-1, min(1, dy))
	if dx == 0 && dy == 0 {
		if d.dfs == d.dts && (d.dfs == model.Top || d.dfs == model.Bottom) {
			return 1, 0
		}
		return 0, 1
	}
	return dx, dy
}

// gridSearch bounds the cells tried around a taken one before a
// component opens a new row.
const gridSearch = 64

// freeCell finds a free cell near (x, y): the cell itself, else
// alternately after and before it down its grid column when its neighbours
// want it beside them (so a hub's children stack around the hub's row),
// along its row when they want it below or above; else the start of a new
// row. With down not 0 (neighbours that all want it diagonally, below
// them for 1, above for -1), the cells down its grid column in that
// direction come first: a decision's child through its bottom side then
// stacks under its child through its right side, as a tree, instead of
// a column further on, where the route from the bottom side must pass
// the route from the right side.
func freeCell(taken map[[2]int]bool, x, y, beside, lastRow, down int) (int, int) {
	if down != 0 && !taken[[2]int{x, y}] {
		return x, y
	}
	for k := 1; down != 0 && k <= gridSearch/2; k++ {
		if !taken[[2]int{x, y + k*down}] {
			return x, y + k*down
		}
	}
	for t := 0; t < gridSearch; t++ {
		off := (t + 1) / 2
		if t%2 == 0 {
			off = -off
		}
		cx, cy := x+off, y
		if beside > 0 {
			cx, cy = x, y-off
		}
		if !taken[[2]int{cx, cy}] {
			return cx, cy
		}
	}
	return 0, lastRow + 1
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// grid gives every component a cell of its container's grid: in flow
// order, each at the mean of the cells its already placed neighbours in
// the container want for it (want), or at the start of a new row. Empty
// grid columns and rows are then squeezed out.
func (s *state) grid() {
	rank := s.flowRanks()
	placed := make([]bool, len(s.comps))
	var in, out = make([][]*dep, len(s.comps)), make([][]*dep, len(s.comps))
	for _, d := range s.deps {
		if d.from.cont == d.to.cont {
			out[d.from.m.Index] = append(out[d.from.m.Index], d)
			in[d.to.m.Index] = append(in[d.to.m.Index], d)
		}
	}
	var upright map[*comp]bool
	if s.arr.rows {
		upright = uprightEnds(s.deps)
	}
	for _, c := range s.conts {
		sort.SliceStable(c.comps, func(i, j int) bool { return rank[c.comps[i].m] < rank[c.comps[j].m] })
		taken := map[[2]int]bool{}
		lastRow := -1
		// row: the cell of the last component without dependencies
		// inside the container that is reached through its top or
		// bottom (uprightEnds); the next such one goes beside it.
		row := [2]int{-1, -1}
		for _, k := range c.comps {
			if len(in[k.m.Index]) == 0 && len(out[k.m.Index]) == 0 && upright[k] {
				x, y := row[0]+1, row[1]
				if row[0] < 0 || taken[[2]int{x, y}] {
					x, y = 0, lastRow+1
				}
				k.gi, k.gj = x, y
				taken[[2]int{x, y}] = true
				placed[k.m.Index] = true
				lastRow = max(lastRow, y)
				row = [2]int{x, y}
				continue
			}
			sx, sy, n := 0, 0, 0
			dirs := 0 // how much more the neighbours want it beside than below
			// down: the direction down its grid column all the placed
			// neighbours want it diagonally (arrangement.diagonal), or 0.
			down, diag := 0, 0
			diagonal := func(dx, dy int) {
				if s.arr.diagonal && dx != 0 && dy != 0 && (diag == 0 || dy == down) {
					down, diag = dy, diag+1
				}
			}
			for _, d := range in[k.m.Index] {
				if placed[d.from.m.Index] {
					dx, dy := want(d)
					sx, sy, n = sx+d.from.gi+dx, sy+d.from.gj+dy, n+1
					dirs += abs(dx) - abs(dy)
					diagonal(dx, dy)
				}
			}
			for _, d := range out[k.m.Index] {
				// A dependency back to a component placed before (a loop
				// back) places it only when nothing else does.
				if n == 0 && placed[d.to.m.Index] {
					dx, dy := want(d)
					sx, sy, n = sx+d.to.gi-dx, sy+d.to.gj-dy, n+1
					dirs += abs(dx) - abs(dy)
					diagonal(-dx, -dy)
				}
			}
			x, y := 0, lastRow+1
			if n > 0 {
				mx, my := int(math.Round(float64(sx)/float64(n))), int(math.Round(float64(sy)/float64(n)))
				if diag != n {
					down = 0
				}
				x, y = freeCell(taken, mx, my, dirs, lastRow, down)
			}
			k.gi, k.gj = x, y
			taken[[2]int{x, y}] = true
			placed[k.m.Index] = true
			lastRow = max(lastRow, y)
		}
		c.ncols = squeeze(c.comps, func(k *comp) *int { return &k.gi })
		c.nrows = squeeze(c.comps, func(k *comp) *int { return &k.gj })
		orderColumns(c, in, out)
		if s.ys != nil {
			s.orderByHeights(c, in, out)
		}
		s.applyMoves(c)
		if s.arr.wrap {
			wrapRows(c)
		}
	}
}

// uprightEnds reports the components whose dependencies to other
// containers are written on their top or bottom side more often than on
// their left or right one (and at least once). With arrangement.rows,
// such components that depend on nothing else in their container sit
// side by side in a row (grid): a column of them leaves the routes into
// their tops only the narrow gaps between them.
func uprightEnds(deps []*dep) map[*comp]bool {
	score := map[*comp]int{}
	count := func(k *comp, side model.Side) {
		switch side {
		case model.Top, model.Bottom:
			score[k]++
		case model.Left, model.Right:
			score[k]--
		}
	}
	for _, d := range deps {
		if d.from.cont != d.to.cont {
			count(d.from, d.dfs)
			count(d.to, d.dts)
		}
	}
	out := map[*comp]bool{}
	for k, v := range score {
		if v > 0 {
			out[k] = true
		}
	}
	return out
}

// wrapRows wraps the grid of a container wider than foldWidth into
// blocks of grid columns placed one under the other, like the lines of a
// text: grid column i of block b goes to column i, its rows after those
// of block b-1. A dependency from the end of one block to the start of
// the next runs out of the block's last column, back along the band
// between the blocks and into the next.
func wrapRows(c *container) {
	if c.ncols < 4 {
		return
	}
	cw := make([]float64, c.ncols)
	for _, k := range c.comps {
		cw[k.gi] = math.Max(cw[k.gi], k.minCellW())
	}
	width := sum(cw) + float64(c.ncols-1)*cellGapX + 2*padX
	if width <= foldWidth {
		return
	}
	// The blocks aim a little under foldWidth: the gutters, highways and
	// bands grown for labels come on top.
	blocks := int(math.Ceil(width / (foldWidth - 2*colGap)))
	per := (c.ncols + blocks - 1) / blocks
	for _, k := range c.comps {
		b := k.gi / per
		k.gi, k.gj = k.gi%per, k.gj+b*c.nrows
	}
	c.ncols = per
	c.nrows = squeeze(c.comps, func(k *comp) *int { return &k.gj })
}

// orderSweeps is how many sweeps orderColumns makes (left to right, then
// right to left, and so on).
const orderSweeps = 4

// orderColumns reorders, in each grid column of c, the components that
// depend on no other component of that column: among the rows they hold,
// they take the order of the mean row of their neighbours in the grid
// column before (sweeping left to right) or after (right to left), a
// median-style crossing reduction between neighbouring grid columns
// (components keep their row when they have no such neighbour).
func orderColumns(c *container, in, out [][]*dep) {
	if c.ncols < 2 {
		return
	}
	byCol := make([][]*comp, c.ncols)
	for _, k := range c.comps {
		byCol[k.gi] = append(byCol[k.gi], k)
	}
	bary := make([]float64, len(in)) // by node index
	for sweep := 0; sweep < orderSweeps; sweep++ {
		right := sweep%2 == 0
		for step := 1; step < c.ncols; step++ {
			gi, side := step, step-1
			if !right {
				gi, side = c.ncols-1-step, c.ncols-step
			}
			var movable []*comp
			for _, k := range byCol[gi] {
				free, sum, n := true, 0.0, 0
				for _, list := range [2][]*dep{in[k.m.Index], out[k.m.Index]} {
					for _, d := range list {
						o := d.from
						if o == k {
							o = d.to
						}
						switch o.gi {
						case gi:
							free = false
						case side:
							sum += float64(o.gj)
							n++
						}
					}
				}
				if !free {
					continue
				}
				bary[k.m.Index] = float64(k.gj)
				if n > 0 {
					bary[k.m.Index] = sum / float64(n)
				}
				movable = append(movable, k)
			}
			if len(movable) < 2 {
				continue
			}
			reorderRows(movable, func(k *comp) float64 { return bary[k.m.Index] })
		}
	}
}

// orderByHeights reorders, in each grid column of c, the components that
// depend on no other component of their container and have dependencies
// to other containers: among the rows they hold, they take the order of
// s.ys (their neighbours' mean height in an earlier drawing), so that a
// component called from below sits below one called from above.
func (s *state) orderByHeights(c *container, in, out [][]*dep) {
	byCol := make([][]*comp, c.ncols)
	for _, k := range c.comps {
		if len(in[k.m.Index]) == 0 && len(out[k.m.Index]) == 0 && !math.IsNaN(s.ys[k.m.Index]) {
			byCol[k.gi] = append(byCol[k.gi], k)
		}
	}
	for _, movable := range byCol {
		if len(movable) < 2 {
			continue
		}
		reorderRows(movable, func(k *comp) float64 { return s.ys[k.m.Index] })
	}
}

// reorderRows gives the components of one grid column the rows they hold
// among them, in the order of key (ties keep their row order).
func reorderRows(movable []*comp, key func(*comp) float64) {
	rows := make([]int, len(movable))
	for i, k := range movable {
		rows[i] = k.gj
	}
	slices.Sort(rows)
	sort.SliceStable(movable, func(i, j int) bool {
		if a, b := key(movable[i]), key(movable[j]); a != b {
			return a < b
		}
		return movable[i].gj < movable[j].gj
	})
	for i, k := range movable {
		k.gj = rows[i]
	}
}

// squeeze renumbers one grid coordinate of comps 0, 1, ... without gaps
// and returns how many distinct values there are (at least 1).
func squeeze(comps []*comp, coord func(*comp) *int) int {
	var vals []int
	for _, k := range comps {
		vals = append(vals, *coord(k))
	}
	slices.Sort(vals)
	vals = slices.Compact(vals)
	for _, k := range comps {
		i, _ := slices.BinarySearch(vals, *coord(k))
		*coord(k) = i
	}
	return max(len(vals), 1)
}

// initBands sizes the bands around each container's grid: paddings,
// cellGapX between columns, compGap between rows; a band that a top or
// bottom side opens into gets room for a track at least, and a band
// between two neighbours joined by a labelled dependency gets room for the
// label.
func (s *state) initBands() {
	for _, c := range s.conts {
		c.vg = make([]float64, c.ncols+1)
		for i := range c.vg {
			c.vg[i] = cellGapX
		}
		c.vg[0], c.vg[c.ncols] = padX, padX
		c.gaps = make([]float64, c.nrows+1)
		for j := range c.gaps {
			c.gaps[j] = compGap
		}
		c.gaps[0], c.gaps[c.nrows] = topBand, padBottom
		c.below = stackGap
	}
	// Ends opening into each horizontal band: room for a track each.
	ends := map[*float64]int{}
	open := func(k *comp, side model.Side) {
		var g *float64
		switch side {
		case model.Top:
			g = &k.cont.gaps[k.gj]
		case model.Bottom:
			g = &k.cont.gaps[k.gj+1]
		default:
			return
		}
		ends[g]++
		*g = math.Max(*g, math.Max(compGap, 2*channelClear+float64(ends[g]-1)*trackStep))
	}
	for _, d := range s.deps {
		open(d.from, d.fs)
		open(d.to, d.ts)
		if len(d.labels) == 0 || d.from.cont != d.to.cont {
			continue
		}
		c, a, b := d.from.cont, d.from, d.to
		switch {
		case a.gj == b.gj && (b.gi == a.gi+1 || b.gi == a.gi-1):
			i := max(a.gi, b.gi)
			c.vg[i] = math.Max(c.vg[i], math.Ceil(d.label.W+10+2*layout.LabelGap+30))
			// A label taller than the row reaches into the bands above
			// and below it.
			if over := (d.label.H + 4 - math.Max(a.h, b.h)) / 2; over > 0 {
				c.gaps[a.gj] = math.Max(c.gaps[a.gj], math.Ceil(over+labelRoomY))
				c.gaps[a.gj+1] = math.Max(c.gaps[a.gj+1], math.Ceil(over+labelRoomY))
			}
		case a.gi == b.gi && (b.gj == a.gj+1 || b.gj == a.gj-1):
			j := max(a.gj, b.gj)
			c.gaps[j] = math.Max(c.gaps[j], math.Ceil(d.label.H+4+2*labelRoomY))
		}
	}
}

// place computes container and component boxes.
func (s *state) place() {
	s.contentTop = margin + s.hwTop
	s.colW = make([]float64, len(s.cols))
	for ci, col := range s.cols {
		for _, c := range col {
			c.cw = resize(c.cw, c.ncols)
			c.rh = resize(c.rh, c.nrows)
			for _, k := range c.comps {
				c.cw[k.gi] = math.Max(c.cw[k.gi], k.minCellW())
				c.rh[k.gj] = math.Max(c.rh[k.gj], k.h)
			}
			s.nudgeCells(c) // manual offsets: see nudge.go
			for j, a := range c.align {
				if j > 0 { // the room in front of the first row is in front of the container
					c.rh[j] += a
				}
			}
			w := sum(c.cw) + sum(c.vg)
			w = math.Max(w, c.titleW())
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
			if c.align != nil {
				y += c.align[0]
			}
			c.x, c.y = x, y
			// A container narrower than its column: one grid column
			// stretches (up to stretchMax), more share the rest between
			// the paddings.
			c.ev = append(c.ev[:0], c.vg...)
			if extra := c.w - sum(c.cw) - sum(c.vg); extra > 0 {
				if c.ncols == 1 && !c.tr {
					grow := math.Min(extra, math.Max(0, stretchMax-c.cw[0]))
					c.cw[0] += grow
					extra -= grow
				}
				c.ev[0] += extra / 2
				c.ev[c.ncols] += extra / 2
			}
			c.vx = resize(c.vx, c.ncols+1)
			colStart := make([]float64, c.ncols)
			cx := x
			for i := 0; i <= c.ncols; i++ {
				c.vx[i] = cx + c.ev[i]/2
				cx += c.ev[i]
				if i < c.ncols {
					colStart[i] = cx
					cx += c.cw[i]
				}
			}
			c.gapY = resize(c.gapY, c.nrows+1)
			rowStart := make([]float64, c.nrows)
			cy := y + c.topBand()
			for j := 0; j <= c.nrows; j++ {
				c.gapY[j] = cy + c.gaps[j]/2
				cy += c.gaps[j]
				if j < c.nrows {
					rowStart[j] = cy
					cy += c.rh[j]
				}
			}
			for _, k := range c.comps {
				k.w = c.cw[k.gi]
				k.x = colStart[k.gi]
				a := 0.0
				if c.align != nil && k.gj > 0 {
					a = c.align[k.gj]
				}
				k.y = rowStart[k.gj] + (c.rh[k.gj]+a-k.h)/2
			}
			s.nudgeComps(c)
			c.h = math.Max(cy-y, c.topBand()+padBottom+8)
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

// resize returns v with n zeros.
func resize(v []float64, n int) []float64 {
	if cap(v) < n {
		return make([]float64, n)
	}
	v = v[:n]
	clear(v)
	return v
}

func sum(v []float64) float64 {
	t := 0.0
	for _, x := range v {
		t += x
	}
	return t
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
		case bandChannel:
			c := s.conts[ref.index]
			if ref.sub == 0 || ref.sub == c.ncols {
				w += channelClear
			}
			if w > c.vg[ref.sub] {
				c.vg[ref.sub], grown[ref] = w, true
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
	call := s.roomCalls
	s.roomCalls++
	if s.fr != nil && s.fr.react {
		for _, d := range s.framed {
			s.frameRoom(d, grown, call)
		}
	}
	s.replayFrameRoom(call, grown)
	for _, d := range blocked {
		// Bands first; a label still blocked after two of them grew (or
		// with none left) gets room beside its own track as well.
		if !s.roomFor(d, grown) || d.roomTries > 2 {
			s.trackRoom(d, grown)
		}
	}
	return len(grown) > 0
}

// frameRoom widens the band that the label of d stands in across a
// container's border, by as much as the label reaches across it and
// frameRoomX: the gutter between container columns or the strip between
// stacked containers for a label outside (the routes through the band
// spread over it and the label, beside or on its run, comes clear of the
// border, or a later round widens it again), the container's margin on
// that side for a label whose middle is inside a container and which
// reaches out across the container's left or right side. A label across
// a container's top or bottom from inside is left as it is. It records
// the growth in s.frameGrowth (at makeRoom's call) and reports whether a
// band grew.
func (s *state) frameRoom(d *dep, grown map[any]bool, call int) bool {
	b := d.labelBox
	mid := geom.Point{X: b.X + b.W/2, Y: b.Y + b.H/2}
	over := geom.Point{} // how far the label reaches into a container, each way
	var home *container  // the container the label's middle is in
	for _, c := range s.conts {
		r := c.rect()
		if r.Contains(geom.Rect{X: mid.X, Y: mid.Y}, 0) {
			home = c
			break
		}
		if !b.Overlaps(r) {
			continue
		}
		over.X = math.Max(over.X, math.Min(b.Right()-r.X, r.Right()-b.X))
		over.Y = math.Max(over.Y, math.Min(b.Bottom()-r.Y, r.Bottom()-b.Y))
	}
	if home != nil {
		// Inside its container, out across the container's side: the
		// container's margin on that side widens by as much as the
		// label reaches out.
		sub, by := 0, home.x-b.X
		if out := b.Right() - (home.x + home.w); out > by {
			sub, by = home.ncols, out
		}
		key := roomKey{channelRef{kind: bandChannel, index: home.m.Index, sub: sub}}
		if by <= 0 || sub >= len(home.vg) || grown[key] {
			return false
		}
		return s.growFrameRoom(key, &home.vg[sub], math.Min(by, b.W), grown, call)
	}
	key, v, across, ok := s.band(mid, true)
	if !ok || key.r.kind != gutterChannel && key.r.kind != stackChannel || grown[key] {
		return false
	}
	by := over.Y
	if across {
		by = over.X
	}
	if by <= 0 {
		return false
	}
	return s.growFrameRoom(key, v, math.Min(by, b.W), grown, call)
}

// growFrameRoom widens band v (key) by by and frameRoomX, and records it
// in s.frameGrowth at makeRoom's call.
func (s *state) growFrameRoom(key roomKey, v *float64, by float64, grown map[any]bool, call int) bool {
	by += frameRoomX
	grown[key], *v = true, *v+by
	for len(s.frameGrowth) <= call {
		s.frameGrowth = append(s.frameGrowth, nil)
	}
	if s.frameGrowth[call] == nil {
		s.frameGrowth[call] = map[roomKey]float64{}
	}
	s.frameGrowth[call][key] += by
	return true
}

// frameRoomX is added to the width frameRoom widens a band by: the
// label's margin from the border once clear.
const frameRoomX = 12.0

// replayFrameRoom widens the bands as call i of makeRoom did in the
// drawing fr.replay was recorded from (frameRoomSpec).
func (s *state) replayFrameRoom(i int, grown map[any]bool) {
	if s.fr == nil || i >= len(s.fr.replay) {
		return
	}
	for key, by := range s.fr.replay[i] {
		switch key.r.kind {
		case gutterChannel:
			if key.r.index >= len(s.gap) {
				continue
			}
			s.gap[key.r.index] += by
		case stackChannel:
			if key.r.index >= len(s.conts) {
				continue
			}
			s.conts[key.r.index].below += by
		case bandChannel:
			if key.r.index >= len(s.conts) || key.r.sub >= len(s.conts[key.r.index].vg) {
				continue
			}
			s.conts[key.r.index].vg[key.r.sub] += by
		default:
			continue
		}
		grown[key] = true
	}
}

// trackRoom gives a blocked label room beside its dependency's own track
// (a label inside a bundle of routes, whose bands growing only moved the
// bundle): below it on horizontal channels, or right of it on vertical
// ones when the route has no horizontal run inside a channel. It reports
// whether the room grew.
func (s *state) trackRoom(d *dep, grown map[any]bool) bool {
	pts := d.pts // the route on its channels' middle lines, where they are known
	for i, o := range s.deps {
		if o == d && i < len(s.mids) {
			pts = s.mids[i]
		}
	}
	h, v := false, false
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		line := layout.ChannelLine{Vertical: a.X == b.X, At: a.Y}
		if line.Vertical {
			line.At = a.X
		}
		if _, ok := s.channelWidth(line); !ok {
			continue
		}
		if line.Vertical {
			v = true
		} else {
			h = true
		}
	}
	room, grownRoom := layout.GrowLabelRoom(s.labelRoom[d], d.labelBox.W, d.labelBox.H, h, v)
	if !grownRoom {
		return false
	}
	if s.labelRoom == nil {
		s.labelRoom = map[*dep][2]float64{}
	}
	s.labelRoom[d] = room
	grown[d] = true
	return true
}

// roomFor widens a band that d's route runs through, so that its blocked
// label finds room beside or on it: the band of its longest horizontal run
// that is as long as the label (grown by the label's height), else of its
// longest vertical run (grown by the label's width), else any other; in
// later rounds, the next band in that order. It reports whether a band
// grew.
func (s *state) roomFor(d *dep, grown map[any]bool) bool {
	w, h := d.labelBox.W+16, d.labelBox.H+2*labelRoomY
	type run struct {
		mid      geom.Point
		vertical bool
		rank     float64
	}
	var runs []run
	for i := 0; i+1 < len(d.pts); i++ {
		a, b := d.pts[i], d.pts[i+1]
		l := geom.Dist(a, b)
		r := run{mid: geom.Point{X: (a.X + b.X) / 2, Y: (a.Y + b.Y) / 2}, vertical: a.X == b.X, rank: l}
		if !r.vertical && l >= w {
			r.rank += 1e6
		} else if r.vertical {
			r.rank += 1e3
		}
		runs = append(runs, r)
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].rank > runs[j].rank })
	// A label still blocked after its first band grew tries the next one,
	// and after the last one the first again (a route down the middle of
	// a widened band can still cut the label: each half needs its width).
	skip := d.roomTries % max(len(runs), 1)
	d.roomTries++
	for _, r := range runs {
		s.extra = s.extra[:0]
		key, v, across, ok := s.band(r.mid, r.vertical)
		if !ok || grown[key] {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		by := h // a horizontal band grows by the label's height
		if across {
			by = w
		}
		grown[key], *v = true, *v+by
		for _, e := range s.extra {
			*e += h / 2
		}
		return true
	}
	return false
}

// band finds the band to widen for a run through p: for a vertical run
// the gutter or container band it runs down, else the row band it
// crosses; for a horizontal run the highway, gap between containers or
// row band it runs along, else the gutter or band between grid columns it
// crosses. across tells a band that grows sideways (by the label's width).
func (s *state) band(p geom.Point, vertical bool) (key roomKey, v *float64, across, ok bool) {
	switch {
	case p.Y < s.contentTop && !vertical:
		return roomKey{channelRef{kind: highwayChannel, index: 0}}, &s.hwTop, false, true
	case p.Y > s.contentBottom && !vertical:
		return roomKey{channelRef{kind: highwayChannel, index: 1}}, &s.hwBot, false, true
	}
	for ci := range s.cols {
		if p.X < s.colX[ci] {
			return gutterKey(ci), &s.gap[ci], true, true
		}
		if p.X > s.colX[ci]+s.colW[ci] {
			continue
		}
		for _, k := range s.cols[ci] {
			switch {
			case p.Y < k.y:
				return roomKey{}, nil, false, false
			case p.Y > k.y+k.h:
				if p.Y < k.y+k.h+k.below {
					return stackKey(k.m.Index), &k.below, false, true
				}
				continue
			}
			hj, vi := -1, -1
			for j := range k.gaps {
				if math.Abs(p.Y-k.gapY[j]) <= k.gaps[j]/2 {
					hj = j
				}
			}
			for i := range k.vg {
				if math.Abs(p.X-k.vx[i]) <= k.ev[i]/2 {
					vi = i
				}
			}
			if vi >= 0 && (vertical || hj < 0) {
				if !vertical {
					// Along a row, between two grid columns: a tall
					// label needs the bands above and below the row too.
					for j := 0; j+1 < len(k.gaps); j++ {
						if p.Y > k.gapY[j] && p.Y < k.gapY[j+1] {
							s.extra = append(s.extra, &k.gaps[j], &k.gaps[j+1])
						}
					}
				}
				return roomKey{channelRef{kind: bandChannel, index: k.m.Index, sub: vi}}, &k.vg[vi], true, true
			}
			if hj >= 0 {
				return gapKey(k.m.Index, hj), &k.gaps[hj], false, true
			}
			return roomKey{}, nil, false, false
		}
		return roomKey{}, nil, false, false
	}
	return gutterKey(len(s.cols)), &s.gap[len(s.cols)], true, true
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

// topBand is the band across the top of the container, in the drawing
// being laid out, that holds no component: the title strip, or in a
// transposed drawing the strip down the left once turned back (stripW).
func (c *container) topBand() float64 {
	if c.tr {
		return c.stripW()
	}
	return c.headerH()
}

// headerRect is the container's title strip in the drawing being laid
// out, or turned back.
func (c *container) headerRect() geom.Rect {
	if c.upright {
		return geom.Rect{X: c.x, Y: c.y, W: c.stripW(), H: c.h}
	}
	return geom.Rect{X: c.x, Y: c.y, W: c.w, H: c.topBand()}
}

// stripW is how wide the strip down a transposed container's left side
// is that holds its title (wrapped at trTitleW) and icon: components
// start right of the title, so routes into their top sides never cross
// it.
func (c *container) stripW() float64 {
	w := c.title.W + titleInset + stripPad
	if c.icon != "" && c.icon != "external" {
		w += iconRoom
	}
	return math.Ceil(w)
}

// Where a container's title starts: titleInset from its left side, or
// iconRoom further with an icon before it; a transposed container's
// title wraps at trTitleW and its strip ends stripPad right of it.
const (
	titleInset = 14.0
	iconRoom   = 24.0
	trTitleW   = 120.0
	stripPad   = 6.0
)

// titleW is the least width of a container for its title (in a
// transposed drawing: the least height once turned back, the title's).
func (c *container) titleW() float64 {
	if c.tr {
		return math.Ceil(c.title.H + titlePadY + topBand)
	}
	return c.title.W + padX + c.vg[c.ncols] + 24
}

// minCellW is the least width of a grid column holding k.
func (k *comp) minCellW() float64 {
	if k.cont.tr {
		return k.minW
	}
	return math.Max(k.minW, minCompW)
}

// growForPorts makes a component taller when many dependencies share its
// left or right side, and wider when many share its top or bottom, so
// their ports stay portGap apart.
func (s *state) growForPorts() {
	count := make([]int, 4*len(s.comps))
	for _, d := range s.deps {
		count[4*d.from.m.Index+layout.SideIndex(d.fs)]++
		count[4*d.to.m.Index+layout.SideIndex(d.ts)]++
	}
	for i, n := range count {
		if n < 2 {
			continue
		}
		k := s.comps[i/4]
		need := math.Ceil(float64(n) * portGap / portSpread)
		switch layout.Sides[i%4] {
		case model.Left, model.Right:
			k.h = math.Max(k.h, need)
		default:
			k.minW = math.Max(k.minW, need)
		}
	}
}
