package arch

import (
	"math"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
)

// Diagrams whose dependencies between containers are written top to
// bottom (out of a bottom side into a top one, or back up), as imported
// request logs and API descriptions and most workflows are, read best with
// the containers in rows: each route then runs straight down or up. The
// layout's arrangements put containers in columns, so Layout also lays
// such a diagram out transposed, every x exchanged with its y: written
// sides turn (top into left, bottom into right), components and labels are
// measured with their width and height exchanged, and the drawing is
// turned back at the end (untranspose). Container columns become rows of
// containers and the components stacked in a container become a row, and
// the title band across a container's top becomes a strip down its left
// (stripW).

// tryTransposed turns the transposed try off in tests that compare with
// the layout without it.
var tryTransposed = true

// alignArea is how much larger than the packed drawing the aligned one
// may be (its bounding box) and still be kept for shorter routes alone,
// when the packed one would be kept too: a chain of containers, each
// entered at its start and left at its end, aligned makes a staircase
// with empty corners for a jog less per route.
const alignArea = 1.25

// transposable reports whether doc is worth laying out transposed: at
// least as many of its dependencies between containers are written
// through top or bottom sides as through left or right ones.
func transposable(doc *model.Document) bool {
	vertical, across := 0, 0
	for _, e := range doc.Edges {
		if !e.CrossLane() {
			continue
		}
		for _, sd := range [2]model.Side{e.FromSide, e.ToSide} {
			switch sd {
			case model.Top, model.Bottom:
				vertical++
			case model.Left, model.Right:
				across++
			}
		}
	}
	return vertical > 0 && vertical >= across
}

// withoutOffsets returns doc without the manual offsets of its @layout
// block (doc itself when it has none).
func withoutOffsets(doc *model.Document) *model.Document {
	if doc.Adjust == nil || len(doc.Adjust.Offsets) == 0 {
		return doc
	}
	d, a := *doc, *doc.Adjust
	a.Offsets = nil
	d.Adjust = &a
	return &d
}

// turn is the side a written side becomes when the drawing is transposed
// (and back: turning twice gives the side again).
func turn(sd model.Side) model.Side {
	switch sd {
	case model.Top:
		return model.Left
	case model.Left:
		return model.Top
	case model.Bottom:
		return model.Right
	case model.Right:
		return model.Bottom
	}
	return sd
}

// transposedDoc returns a copy of doc whose edges have their written
// sides turned and whose manual offsets have their x and y exchanged;
// lanes and nodes are shared.
func transposedDoc(doc *model.Document) *model.Document {
	t := withSides(doc, turn)
	if doc.Adjust != nil && len(doc.Adjust.Offsets) > 0 {
		a := *doc.Adjust
		a.Offsets = make(map[string]model.Offset, len(doc.Adjust.Offsets))
		for id, o := range doc.Adjust.Offsets {
			a.Offsets[id] = model.Offset{DX: o.DY, DY: o.DX}
		}
		t.Adjust = &a
	}
	return t
}

// withSides returns a copy of doc whose edges have side(s) for each
// written side s (NoSide included); lanes and nodes are shared.
func withSides(doc *model.Document, side func(model.Side) model.Side) *model.Document {
	d := *doc
	d.Edges = make([]*model.Edge, len(doc.Edges))
	for i, e := range doc.Edges {
		c := *e
		c.FromSide, c.ToSide = side(e.FromSide), side(e.ToSide)
		d.Edges[i] = &c
	}
	return &d
}

func flip(r geom.Rect) geom.Rect { return geom.Rect{X: r.Y, Y: r.X, W: r.H, H: r.W} }

// untranspose turns a drawing laid out transposed back: every x exchanged
// with its y, sides and label sizes turned back. Its doc becomes the
// model's own lanes and nodes (shared with the transposed copy).
func (s *state) untranspose() {
	s.turnOver(true)
}

// retranspose turns a drawing untranspose turned back into the frame it
// was laid out in, transposed (flipEnds reroutes it there).
func (s *state) retranspose() {
	s.turnOver(false)
}

// turnOver exchanges every x with its y, every side with its turned one;
// upright tells which way the drawing now stands.
func (s *state) turnOver(upright bool) {
	s.turned = upright
	for _, c := range s.conts {
		c.x, c.y, c.w, c.h = c.y, c.x, c.h, c.w
		c.upright = upright
	}
	for _, k := range s.comps {
		k.x, k.y, k.w, k.h = k.y, k.x, k.h, k.w
	}
	for _, d := range s.deps {
		for i, p := range d.pts {
			d.pts[i] = geom.Point{X: p.Y, Y: p.X}
		}
		d.labelBox = flip(d.labelBox)
		d.label.W, d.label.H = d.label.H, d.label.W
		d.fs, d.ts = turn(d.fs), turn(d.ts)
		d.dfs, d.dts = turn(d.dfs), turn(d.dts)
	}
	s.width, s.height = s.height, s.width
}

// transposedBetter reports whether s, a drawing laid out transposed and
// turned back, is kept over best: it leaves no more labels without a
// place, and it crosses less, or as often with routes shorter by a
// transposedGain share (a bend counts as bendCost of length), or shorter
// at all with a transposedBendGain share of the bends fewer (a hub whose
// routes, in columns, all leave down, turn twice to run beside each other
// and turn again into the sides of a column of components, in rows runs
// each route down with two bends).
func (s *state) transposedBetter(best *state) bool {
	if s.labelsBlocked > best.labelsBlocked {
		return false
	}
	x, _ := s.totalCrossings()
	bx, _ := best.totalCrossings()
	if x != bx {
		return x < bx
	}
	cost, bestCost := s.routeCost(), best.routeCost()
	return cost < (1-transposedGain)*bestCost || cost < bestCost && s.bendsSaved(best, transposedBendGain) || s.compacter(best, cost, bestCost)
}

// compacter reports whether s, a transposed drawing whose routes cost
// cost, is kept over usual (usualCost) as the more compact one: where
// usual's routes bend transposedBundleBends times each or more on
// average (a bundle), s does without a transposedCompactBends share of
// those bends in a frame of at most transposedCompactArea of usual's
// area, with routes at most transposedCompactSlack longer. A dispatcher
// fanning down into four containers that each answer back up: in
// columns the containers stacked beside it and every route ran in one
// bundle down the gap between them, labels beside each other in it; in
// rows each route runs down or up to its container, routes as long, a
// fifth of the bends fewer, the frame a third smaller.
func (s *state) compacter(usual *state, cost, usualCost float64) bool {
	return s.bendsSaved(usual, transposedCompactBends) &&
		cost <= (1+transposedCompactSlack)*usualCost &&
		s.width*s.height <= transposedCompactArea*usual.width*usual.height
}

// transposedCompactBends, transposedCompactArea and
// transposedCompactSlack: see compacter.
const (
	transposedCompactBends = 0.15
	transposedCompactArea  = 0.8
	transposedCompactSlack = 0.05
)

// bendsSaved reports whether s, a transposed drawing, does without a
// share (transposedBendGain, transposedCompactBends) of the bends of
// usual, the usual drawing, whose routes bend transposedBundleBends times
// each or more on average (they leave, turn to run beside each other and turn into their
// targets' sides; a ledger under its six sources, whose routes bend
// less, stays as it is: in rows it would sit at the left end of its
// row).
func (s *state) bendsSaved(usual *state, share float64) bool {
	ub := float64(usual.bends())
	return ub >= transposedBundleBends*float64(len(usual.deps)) && float64(s.bends()) <= (1-share)*ub
}

// transposedBundleBends: see bendsSaved.
const transposedBundleBends = 3

// transposedGain is the share by which a transposed drawing's routes must
// be shorter (routeCost) than the usual one's to be kept when both cross
// as often.
const transposedGain = 0.15

// transposedBendGain is the share of the usual drawing's bends a
// transposed drawing whose routes are shorter (but not by transposedGain)
// must do without to be kept when both cross as often.
const transposedBendGain = 0.25

// bends counts the bends of all routes.
func (s *state) bends() int {
	n := 0
	for _, d := range s.deps {
		n += max(len(d.pts)-2, 0)
	}
	return n
}

// routeCost is the length of all routes with every bend counted as
// bendCost more.
func (s *state) routeCost() float64 {
	return s.routeLength() + bendCost*float64(s.bends())
}

// flipLabelScene returns in with every x exchanged with its y (label
// sizes are left to the caller).
func flipLabelScene(in layout.LabelScene) layout.LabelScene {
	out := in
	out.Canvas = flip(in.Canvas)
	out.Obstacles = make([]geom.Rect, len(in.Obstacles))
	for i, r := range in.Obstacles {
		out.Obstacles[i] = flip(r)
	}
	out.Frames = make([]geom.Rect, len(in.Frames))
	for i, r := range in.Frames {
		out.Frames[i] = flip(r)
	}
	out.Fixed = make([]geom.Rect, len(in.Fixed))
	for i, r := range in.Fixed {
		out.Fixed[i] = flip(r)
	}
	out.Routes = make([][]geom.Point, len(in.Routes))
	for i, pts := range in.Routes {
		f := make([]geom.Point, len(pts))
		for j, p := range pts {
			f[j] = geom.Point{X: p.Y, Y: p.X}
		}
		out.Routes[i] = f
	}
	return out
}

// layoutTransposed lays doc, transposed (transposedDoc), out in the first
// arrangement only, and returns the drawing polished and trimmed. It
// takes the components' sizes and the containers' icons from usual, the
// usual drawing of the same diagram. With gate, it returns nil when its
// first routing already shows it will not be kept over usual
// (transposedBetter): it crosses more than usual does in the end, or its
// routes are not shorter by transposedFirstGain (when usual crosses at
// all, routes that cost at most transposedFullShare of usual's go on
// however often they cross: they often cross less finished). So a
// diagram that gains
// nothing pays one or two routings more (each about a sixth of a
// layout). The first routing is made with the containers' rows packed
// and, when alignRows moves any, again with them aligned: the one that
// crosses less, or as often with shorter routes, goes on. With like (the
// same diagram laid out without its drag offsets), the rows are aligned
// as in like instead. share is the first routing's route cost as a
// share of usual's (below 1-transposedFirstGain: short enough that other
// arrangements, crossing less, may be kept).
func layoutTransposed(doc *model.Document, env layout.Env, usual *state, gate bool, like *state) (s *state, share float64) {
	s = &state{doc: doc, env: env, tr: true, usual: usual}
	s.build(nil)
	s.rankContainers()
	s.prepare()
	if like != nil {
		// The same diagram with its drag offsets: the rows aligned as in
		// like, laid out without them, so that dragging a component moves
		// that component alone.
		for i, c := range s.conts {
			c.align = like.conts[i].align
		}
	}
	s.firstX = s.firstRouting()
	bx, _ := usual.totalCrossings()
	shareNow := func() float64 { return s.routeCost() / math.Max(usual.routeCost(), 1) }
	// The gate below: crossing no more than usual with routes shorter by
	// transposedFirstGain, or shorter at all with a transposedBendGain
	// share of the bends fewer (bendsSaved); or, when usual crosses at all, routes that
	// cost at most transposedFullShare of usual's, however often the
	// first routing crosses (finished, such rows often cross no more:
	// a restaurant's three lanes written top to bottom, crossed three
	// times at first and once finished, as their columns, with routes
	// 40 % shorter).
	passes := func(share float64) bool {
		return s.firstX <= bx && (share < 1-transposedFirstGain || share < 1 && s.bendsSaved(usual, transposedBendGain)) || bx > 0 && share <= transposedFullShare
	}
	if like == nil {
		// The rows aligned or packed, whichever routes better the first
		// time.
		s.firstX = s.alignIfBetter(s.firstX, passes(shareNow()))
	}
	if gate {
		if share = shareNow(); !passes(share) {
			return nil, share
		}
	}
	s.finish()
	s.polish()
	s.trim()
	return s, share
}

// alignIfBetter aligns the rows of a transposed drawing whose first
// routing crossed x times (alignRows) and keeps them aligned when the
// first routing then crosses less, or as often with shorter routes (and,
// with packed, a drawing at most alignArea times as large); else it
// packs them again. It returns the first routing's crossings.
func (s *state) alignIfBetter(x int, packed bool) int {
	cost, area := s.routeCost(), s.width*s.height
	if !s.alignRows() {
		return x
	}
	n := s.firstRouting()
	if n > x || n == x && (s.routeCost() >= cost || packed && s.width*s.height > alignArea*area) {
		for _, c := range s.conts {
			c.align = nil
		}
		n = s.firstRouting()
	}
	return n
}

// transposedFirstGain is the share by which a transposed drawing's first
// routing must be shorter than the usual drawing for the layout to go on:
// on the corpus the routes of a finished transposed drawing were at most
// 4 % shorter than its first routing's, mostly longer (bands grown for
// labels), so one short by less than this is not kept (transposedGain).
const transposedFirstGain = 0.10
