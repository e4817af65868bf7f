// Package mindmap lays out the mind map view, following FlowZap's rule: the
// first circle is the root, rectangles are branches along the edges, and
// other shapes are left out (their children hang from the nearest drawn
// ancestor). The tree is balanced on both sides of the root (a root with
// a single branch, or one far taller than the rest, may stand on top of
// a trunk down to the first branch whose branches can be shared between
// the sides), and in a map too wide for compactWidth a long run of
// single-child branches folds into columns (each read downward, as a
// newspaper's are) so that a long chain stays about as wide as it is
// tall, each branch still next to its parent.
//
//	[branch]─┐          ┌─[branch]──[leaf]
//	[branch]─┼─( root )─┤
//	         │          └─[branch]
//
// Layout is linear in the number of nodes and edges.
package mindmap

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"flowzap/internal/geom"
	"flowzap/internal/layout"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

const (
	margin = 24.0
	gapX   = 56.0 // between levels
	gapY   = 14.0 // between siblings

	wordMax = 320.0 // widest a branch's text grows to keep a long word whole

	foldMin    = 5    // shortest run of single-child branches that folds
	foldGap    = 20.0 // between the rows of a folded run
	foldAspect = 1.6  // width over height a folded run aims at
)

// How a branch is joined to its parent inside a folded run.
const (
	viaTree = iota // out of the parent's outer side, into the branch's inner side
	viaDown        // out of the parent's bottom, into the branch's top
)

type tnode struct {
	m        *model.Node
	text     layout.TextBlock
	w, h     float64
	depth    int
	side     int // +1 right, -1 left, 0 root
	children []*tnode
	span     float64 // vertical space of the subtree
	// The subtree's profile (see pack): its node's (or block's) top and
	// size, and where its branches lie, within its span; and its top
	// within its siblings' stack.
	nodeRel, nearW, nearH float64
	farTop, farBot        float64 // farBot == farTop: no branches
	rel                   float64
	x, y                  float64

	level int      // column of the node's side (a folded run takes one)
	off   float64  // distance from the root's side to its (block's) near edge
	run   []*tnode // on the first branch of a folded run: the run, in order
	rows  int      // rows of the folded run
	bw    float64  // folded run: the block's width
	bh    float64  // folded run: the block's height
	via   int      // how the edge from the parent runs (viaTree, viaDown)
	// A branch of a folded run: x of the near and far edges of its block
	// (the near one on the root's side).
	folded    bool
	near, far float64
	// A branch of a folded run: x of the near and far edges of its
	// column's cell (the edge to the next column turns between them).
	cellNear, cellFar float64
	// trunk marks the nodes of a trunk (see trunkOf): drawn one under
	// the other on the root's axis, their other branches beside them.
	trunk bool
}

func (n *tnode) rect() geom.Rect { return geom.Rect{X: n.x, Y: n.y, W: n.w, H: n.h} }

// Root returns the node the mind map grows from: the first circle, or the
// first rectangle when there is no circle, or nil.
func Root(doc *model.Document) *model.Node {
	for _, n := range doc.Nodes {
		if n.Shape == model.Circle {
			return n
		}
	}
	for _, n := range doc.Nodes {
		if n.Shape == model.Rectangle {
			return n
		}
	}
	return nil
}

// Omitted returns the nodes the mind map does not draw, in file order.
func Omitted(doc *model.Document) []*model.Node {
	root := Root(doc)
	var out []*model.Node
	for _, n := range doc.Nodes {
		if n != root && n.Shape != model.Rectangle {
			out = append(out, n)
		}
	}
	return out
}

// Layout lays out doc as a mind map.
func Layout(doc *model.Document, env layout.Env) *scene.Scene {
	t := env.Theme
	sc := &scene.Scene{View: "mindmap", Background: t.Background}
	sc.Layout = scene.Layout{View: "mindmap", Lanes: []scene.LaneBox{}, Nodes: []scene.NodeBox{}, Edges: []scene.EdgeRoute{}, Loops: []scene.LoopBox{}}
	rootM := Root(doc)
	if rootM == nil {
		sc.Width, sc.Height = 2*margin, 2*margin
		sc.Layout.Width, sc.Layout.Height = sc.Width, sc.Height
		sc.Items = append(sc.Items, &scene.Rect{R: geom.Rect{W: sc.Width, H: sc.Height}, Fill: t.Background})
		return sc
	}
	root := build(doc, rootM, env)
	shortest := bestFoldMin(root)
	reset(root)
	place(root, shortest)
	return draw(root, sc, env)
}

// A mind map whose tree is deep grows one column per level, so a tree ten
// levels deep with short runs of single children (too short to fold) is
// several thousand pixels wide and a few hundred tall. When the drawing is
// wider than compactWidth, shorter runs fold too (down to two branches: a
// parent with one child takes it below itself, and the child's children
// go on beside the pair), when that fits a foldAspect frame at most
// compactKeep of the plain drawing's (listing the deep subtrees as
// indented outlines instead was tried: always taller than it saved).
const (
	compactKeep  = 0.85
	compactWidth = 1600.0
)

// noFold is a shortest folding run no run reaches: nothing folds.
const noFold = math.MaxInt32

// compactFoldMins are the shortest folding runs tried on a wide mind map.
var compactFoldMins = []int{3, 2}

// bestFoldMin returns the shortest run that folds in the mind map of root
// (see compactWidth): noFold when the map fits compactWidth unfolded. It
// lays the map out up to three times (each linear).
func bestFoldMin(root *tnode) int {
	width := 0.0
	frame := func(shortest int) float64 {
		reset(root)
		place(root, shortest)
		w, h := extent(root)
		width = w
		return math.Max(w, h*foldAspect)
	}
	best, bestFrame := foldMin, compactKeep*frame(foldMin)
	if width <= compactWidth {
		// A map that fits compactWidth with no run folded stays so: a
		// chain reads best in a row, and columns are only worth it where
		// the row would be too wide to read. (Folding never widens a
		// map, so one too wide folded is too wide unfolded: only a
		// narrow map costs this layout more.)
		if frame(noFold); width <= compactWidth {
			return noFold
		}
		return best
	}
	for _, shortest := range compactFoldMins {
		if f := frame(shortest); f < bestFrame {
			best, bestFrame = shortest, f
		}
	}
	return best
}

// reset clears what place computed, so that the tree can be placed again.
func reset(n *tnode) {
	*n = tnode{m: n.m, text: n.text, w: n.w, h: n.h, depth: n.depth, children: n.children}
	for _, c := range n.children {
		reset(c)
	}
}

// extent is the width and height of the placed tree (before shift: the
// root's x is already final, the others relative to the root's sides).
func extent(root *tnode) (w, h float64) {
	minX, maxX := root.x, root.x+root.w
	minY, maxY := root.y, root.y+root.h
	var walk func(n *tnode)
	walk = func(n *tnode) {
		x := n.x
		if n.side > 0 {
			x += root.x + root.w
		} else if n.side < 0 {
			x += root.x
		}
		minX, maxX = math.Min(minX, x), math.Max(maxX, x+n.w)
		minY, maxY = math.Min(minY, n.y+margin), math.Max(maxY, n.y+margin+n.h)
		for _, c := range n.children {
			walk(c)
		}
	}
	for _, c := range root.children {
		walk(c)
	}
	return maxX - minX + 2*margin, maxY - minY + 2*margin
}

// build walks the edges breadth-first from the root (both directions, so a
// branch written pointing at its parent still attaches), passing through
// nodes that are not drawn. Rectangles the walk never reaches hang from the
// root, so no branch is silently lost.
func build(doc *model.Document, rootM *model.Node, env layout.Env) *tnode {
	t := env.Theme
	out := make([][]*model.Node, len(doc.Nodes))
	in := make([][]*model.Node, len(doc.Nodes))
	for _, e := range doc.Edges {
		out[e.From.Index] = append(out[e.From.Index], e.To)
		in[e.To.Index] = append(in[e.To.Index], e.From)
	}
	mk := func(n *model.Node, depth int) *tnode {
		tn := &tnode{m: n, depth: depth}
		size, bold, max := t.FontSize, depth <= 1, 170.0
		if depth == 0 {
			size, max = t.FontSize+2, 150
		}
		tn.text = env.WordBlock(n.Label, size, bold, max, wordMax)
		tn.w = math.Ceil(tn.text.W + 28)
		tn.h = math.Ceil(tn.text.H + 16)
		if depth == 0 {
			tn.w, tn.h = math.Max(tn.w+24, 120), math.Max(tn.h+16, 56)
		}
		return tn
	}
	root := mk(rootM, 0)
	seen := make([]bool, len(doc.Nodes))
	seen[rootM.Index] = true
	type item struct {
		m      *model.Node
		parent *tnode
	}
	// Follow the flow first; then reach what is left against the flow.
	queue := []item{{rootM, root}}
	for _, adj := range [][][]*model.Node{out, in} {
		for i := 0; i < len(queue); i++ {
			it := queue[i]
			for _, nb := range adj[it.m.Index] {
				if seen[nb.Index] {
					continue
				}
				seen[nb.Index] = true
				parent := it.parent
				if nb.Shape == model.Rectangle {
					c := mk(nb, parent.depth+1)
					parent.children = append(parent.children, c)
					parent = c
				}
				queue = append(queue, item{nb, parent})
			}
		}
	}
	for _, n := range doc.Nodes {
		if !seen[n.Index] && n.Shape == model.Rectangle {
			seen[n.Index] = true
			root.children = append(root.children, mk(n, 1))
		}
	}
	return root
}

// placer holds the state of place: how far each side reaches from the
// root's side.
type placer struct {
	reach map[int]float64 // side -> distance from the root's side to the far edge of its farthest node
}

// place splits the root's branches between the two sides by subtree size
// and lays each side out as a tidy tree: leaves stacked, parents centred on
// their children, each child gapX beyond its parent (or its parent's
// folded run).
//
// A root with a single branch, or with one far taller than the others,
// is also laid out along its trunk (see trunkOf), kept when that drawing takes at least 10 % less area and fits
// a foldAspect frame no larger (a tall one-sided map grows wider along
// its trunk but half as tall; a short one would only grow taller).
func place(root *tnode, foldMin int) {
	placeSides(root, foldMin)
	if !trunks {
		return
	}
	trunk := trunkOf(root, foldMin)
	if trunk == nil {
		return
	}
	w0, h0 := size(root)
	reset(root)
	placeTrunk(trunk, foldMin)
	if w, h := size(root); w*h <= trunkKeep*w0*h0 && frame(w, h) <= frame(w0, h0) {
		return
	}
	reset(root)
	placeSides(root, foldMin)
}

// trunks says whether place tries the trunk (a variable so that tests
// can compare with the one-sided map).
var trunks = true

// trunkKeep is the most area a drawing along the trunk may take, as a
// share of the one-sided map's.
const trunkKeep = 0.9

// frame is the side of the foldAspect frame around a w x h drawing.
func frame(w, h float64) float64 { return math.Max(w, h*foldAspect) }

// size is the width and height of the placed tree's nodes.
func size(root *tnode) (w, h float64) {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	var walk func(n *tnode)
	walk = func(n *tnode) {
		x0, y0 = math.Min(x0, n.x), math.Min(y0, n.y)
		x1, y1 = math.Max(x1, n.x+n.w), math.Max(y1, n.y+n.h)
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(root)
	return x1 - x0, y1 - y0
}

// placeSides lays the root's branches out on its two sides.
func placeSides(root *tnode, foldMin int) {
	p := &placer{reach: map[int]float64{}}
	for _, c := range root.children {
		fold(c, foldMin)
	}
	p.measure(root)
	right, left := split(root.children)
	height := p.sides(right, left, 0, root.h)
	root.x = margin + p.reach[-1]
	root.y = margin + height/2 - root.h/2
	for _, c := range root.children {
		shift(c, root)
	}
}

// A root with a single branch would have every node on one side, and one
// whose branches leave one side less than trunkShare of the other's
// height (one branch far taller than the rest) nearly so. Its trunk is
// the root and the branches that follow it one under the other, down to
// the first one whose branches can be shared between the two sides (its
// hub): a branch that is its parent's only one, or, where its parent's
// branches leave one side less than trunkShare of the other's height,
// the tallest of them. Its siblings then stand beside the parent,
// clockwise in written order round it (those written before it on the
// right, those after on the left). The hub's branches are split between
// the sides as the root's would be.
const (
	trunkShare = 1.0 / 3
	trunkGap   = 2 * gapY // between the rows of the trunk
)

// trunkOf returns the trunk of root, measured, root first, or nil when
// the root's branches can be shared between the sides, or no branch down
// its line has two before foldMin single ones in a row (a chain that
// folds).
func trunkOf(root *tnode, foldMin int) []*tnode {
	if len(root.children) == 0 {
		return nil
	}
	trunk := []*tnode{root}
	single := 0 // single branches in a row down the trunk
	for cur := root; ; {
		var next *tnode
		switch kids := cur.children; {
		case len(kids) == 1:
			if single++; single < foldMin { // longer, a chain that folds
				next = kids[0]
			}
		case len(kids) > 1:
			right, left := split(kids)
			if hr, hl := pack(right), pack(left); math.Min(hr, hl) < trunkShare*math.Max(hr, hl) {
				for _, c := range kids {
					if next == nil || c.span > next.span {
						next = c
					}
				}
				if len(next.children) < 2 {
					next = nil
				}
			}
			single = 0
		}
		if next == nil || len(next.children) == 0 {
			break
		}
		trunk = append(trunk, next)
		cur = next
	}
	for len(trunk) > 1 && len(trunk[len(trunk)-1].children) < 2 {
		trunk = trunk[:len(trunk)-1]
	}
	if len(trunk) < 2 {
		return nil
	}
	return trunk
}

// placeTrunk lays out a map along its trunk: each trunk node centred on
// one vertical axis under the one before, in a row of its own as tall as
// the branches beside it, which are split between its sides as the
// root's would be (a trunk node's next one is not beside it).
func placeTrunk(trunk []*tnode, foldMin int) {
	type row struct {
		n           *tnode
		right, left []*tnode
		reachL      float64
	}
	rows := make([]row, len(trunk))
	// Each side's branches stand below those of the rows above on that
	// side only (a row with nothing on its left lets the next row's left
	// branches rise beside it), centred on their trunk node, which stands
	// trunkGap below the one before; they rise beside an earlier trunk
	// node only where they stay clear of it (it is no wider than theirs
	// plus shareW on each side).
	type placed struct{ bottom, w float64 }
	var nodes []placed
	bottom := map[int]float64{1: -trunkGap, -1: -trunkGap} // nothing above the first row
	for i, n := range trunk {
		n.trunk = true
		if i > 0 {
			n.via = viaDown
		}
		p := &placer{reach: map[int]float64{}}
		for _, c := range n.children {
			if i+1 < len(trunk) && c == trunk[i+1] {
				continue
			}
			fold(c, foldMin)
			p.measure(c)
		}
		var right, left []*tnode
		if i+1 < len(trunk) {
			// Clockwise in written order round the trunk's next node,
			// below: those written before it down the right side, those
			// after it up the left.
			k := slices.Index(n.children, trunk[i+1])
			right = n.children[:k:k]
			for j := len(n.children) - 1; j > k; j-- {
				left = append(left, n.children[j])
			}
		} else {
			right, left = split(n.children)
		}
		hs := map[int]float64{1: pack(right), -1: pack(left)}
		c := n.h / 2
		if len(nodes) > 0 {
			c = nodes[len(nodes)-1].bottom + trunkGap + n.h/2
		}
		for side, list := range map[int][]*tnode{1: right, -1: left} {
			if len(list) == 0 {
				continue
			}
			c = math.Max(c, bottom[side]+trunkGap+hs[side]/2)
			for _, m := range nodes {
				if m.w/2 > n.w/2+shareW {
					c = math.Max(c, m.bottom+gapY+hs[side]/2)
				}
			}
		}
		h := math.Max(math.Max(hs[1], hs[-1]), n.h)
		p.sides(right, left, c-h/2, n.h)
		n.y = margin + c - n.h/2
		for side, list := range map[int][]*tnode{1: right, -1: left} {
			if len(list) > 0 {
				bottom[side] = math.Max(bottom[side], c+hs[side]/2)
			}
		}
		nodes = append(nodes, placed{c + n.h/2, n.w})
		rows[i] = row{n, right, left, p.reach[-1]}
	}
	axis := 0.0
	for _, r := range rows {
		axis = math.Max(axis, margin+r.reachL+r.n.w/2)
	}
	for _, r := range rows {
		r.n.x = axis - r.n.w/2
		for _, c := range r.right {
			shift(c, r.n)
		}
		for _, c := range r.left {
			shift(c, r.n)
		}
	}
}

// split divides the root's branches between the sides so that they read
// clockwise in written order, as a mind map is read: the first ones down
// the right side, the rest up the left side (left is returned top to
// bottom, so the last branch is at its top). The cut is the one that
// leaves the two sides' heights closest, the right side taking the
// larger share on a tie.
func split(children []*tnode) (right, left []*tnode) {
	total := 0.0
	for _, c := range children {
		total += c.span + gapY
	}
	k, best, acc := 0, math.Inf(1), 0.0
	for i := 0; i <= len(children); i++ {
		if d := math.Abs(2*acc - total); d < best-1e-9 && (i > 0 || len(children) == 0) {
			k, best = i, d
		}
		if i < len(children) {
			acc += children[i].span + gapY
		}
	}
	right = children[:k:k]
	for i := len(children) - 1; i >= k; i-- {
		left = append(left, children[i])
	}
	return right, left
}

// fold finds, in the subtree of n (not the root), every run of at least
// foldMin branches of which all but the last have exactly one child, and
// makes it columns when that is squarer than a row: the run's
// first branch gets the run, its rows and the block's size. The last
// branch's children hang from it as usual, right of the block.
func fold(n *tnode, foldMin int) {
	for n != nil {
		if len(n.children) != 1 {
			for _, c := range n.children {
				fold(c, foldMin)
			}
			return
		}
		run := []*tnode{n}
		m := n
		for len(m.children) == 1 {
			m = m.children[0]
			run = append(run, m)
		}
		if len(run) >= foldMin {
			foldRun(run)
		}
		if len(m.children) == 0 {
			return
		}
		for _, c := range m.children[1:] {
			fold(c, foldMin)
		}
		n = m.children[0]
	}
}

// foldRun picks the number of rows that brings the run's block nearest
// foldAspect and lays the run's cells out: column k holds branches
// k*rows to k*rows+rows-1, each column downward, as newspaper columns
// read (a column read upward put a step above the one before it), each
// branch under its parent and the first of a column joined to the last
// of the one before by a turn in the gap between them. Linear in the
// run.
func foldRun(run []*tnode) {
	k := len(run)
	sumW, rowH := 0.0, 0.0
	for _, m := range run {
		sumW += m.w
		rowH = math.Max(rowH, m.h)
	}
	pitchX, pitchY := sumW/float64(k)+gapX, rowH+foldGap
	best, bestScore := 1, math.Inf(1)
	for rows := 1; rows <= k; rows++ {
		cols := (k + rows - 1) / rows
		if rows > 1 && (k+rows-2)/(rows-1) == cols {
			continue // as many columns as with one row less
		}
		w := float64(cols)*pitchX - gapX
		h := float64(rows)*pitchY - foldGap
		if s := math.Abs(math.Log(w / h / foldAspect)); s < bestScore {
			best, bestScore = rows, s
		}
	}
	if best == 1 {
		return
	}
	head := run[0]
	head.run, head.rows = run, best
	cols := (k + best - 1) / best
	head.bw = -gapX
	for c := 0; c < cols; c++ {
		w := 0.0
		for _, m := range run[c*best : min(k, c*best+best)] {
			w = math.Max(w, m.w)
		}
		head.bw += w + gapX
	}
	head.bh = float64(best)*pitchY - foldGap
	for i := 1; i < k; i++ {
		if i%best == 0 {
			run[i].via = viaTree
		} else {
			run[i].via = viaDown
		}
	}
}

// last returns the last branch of n's folded run, or n.
func (n *tnode) last() *tnode {
	if n.run != nil {
		return n.run[len(n.run)-1]
	}
	return n
}

// measure sets the vertical span of every subtree (a folded run's block
// and what hangs from its last branch count as one), packing its branches
// (see pack) and centring the node on theirs.
func (p *placer) measure(n *tnode) float64 {
	kids := n.last().children
	for _, c := range kids {
		p.measure(c)
	}
	n.nearW, n.nearH = n.w, n.h
	if n.run != nil {
		n.nearW, n.nearH = n.bw, n.bh
	}
	if len(kids) == 0 {
		n.nodeRel, n.farTop, n.farBot = 0, 0, 0
		n.span = n.nearH
		return n.span
	}
	total := pack(kids)
	first, last := kids[0], kids[len(kids)-1]
	lo, hi := first.rel+first.nodeRel, last.rel+last.nodeRel+last.nearH
	y := (lo+hi)/2 - n.nearH/2
	top := math.Min(0, y)
	for _, c := range kids {
		c.rel -= top
	}
	n.nodeRel = y - top
	n.farTop, n.farBot = -top, total-top
	n.span = math.Max(n.nodeRel+n.nearH, n.farBot)
	return n.span
}

// shareW is how much wider than a sibling's node (or block) a node may
// be and still stand beside that sibling's branches: their column starts
// gapX/2 beyond the sibling's node, where the edges to them turn.
const shareW = gapX/2 - 10

// packLook is how many siblings above pack compares a sibling with one by
// one; those further up it clears entirely (so pack stays linear).
const packLook = 64

// pack stacks siblings (measured) from the top down, each as high as it
// may go, and returns their height: a sibling's node (or folded block)
// stays gapY below the nodes of those above, its branches below their
// branches, and a node below the branches of a sibling above (or its
// branches below that sibling's node) only where the wider of the two
// reaches the other's column. So the leaves beside a deep branch stand
// beside its branches instead of above the whole of it: a chain of steps
// each with two leaves was a staircase as tall as all its leaves, and it
// takes about a node's height a step.
func pack(list []*tnode) float64 {
	nearBot, farBot, older := math.Inf(-1), math.Inf(-1), math.Inf(-1)
	bottom := 0.0
	for i, n := range list {
		t := 0.0
		if i > 0 {
			need := func(b, from float64) { t = math.Max(t, b+gapY-from) }
			far := n.farBot > n.farTop
			need(nearBot, n.nodeRel)
			if far {
				need(farBot, n.farTop)
			}
			need(older, 0)
			for _, m := range list[max(0, i-packLook):i] {
				if m.farBot > m.farTop && n.nearW > m.nearW+shareW {
					need(m.rel+m.farBot, n.nodeRel)
				}
				if far && m.nearW > n.nearW+shareW {
					need(m.rel+m.nodeRel+m.nearH, n.farTop)
				}
			}
			if j := i - packLook; j >= 0 {
				older = math.Max(older, list[j].rel+list[j].span)
			}
		}
		n.rel = t
		nearBot = math.Max(nearBot, t+n.nodeRel+n.nearH)
		if n.farBot > n.farTop {
			farBot = math.Max(farBot, t+n.farBot)
		}
		bottom = math.Max(bottom, t+n.span)
	}
	return bottom
}

// sides places the branches right and left of a node of height h whose
// band starts at top, each side's stack centred on the band, which is as
// tall as the node or the taller side; it returns the band's height.
func (p *placer) sides(right, left []*tnode, top, h float64) float64 {
	for _, c := range right {
		p.setSide(c, 1, 1, gapX)
	}
	for _, c := range left {
		p.setSide(c, -1, 1, gapX)
	}
	hr, hl := pack(right), pack(left)
	h = math.Max(math.Max(hr, hl), h)
	p.stack(right, top+(h-hr)/2)
	p.stack(left, top+(h-hl)/2)
	return h
}

// setSide puts a subtree on one side of the root, its near edge off from
// the root's side, and records how far the side reaches (a folded run's
// block counts as one node).
func (p *placer) setSide(n *tnode, side, level int, off float64) {
	n.off = off
	w := n.w
	switch {
	case n.run != nil:
		for _, m := range n.run {
			m.side, m.level = side, level
		}
		w = n.bw
	default:
		n.side, n.level = side, level
	}
	p.reach[side] = math.Max(p.reach[side], off+w)
	for _, c := range n.last().children {
		p.setSide(c, side, level+1, off+w+gapX)
	}
}

// stack places packed siblings (see pack) whose stack starts at top,
// each parent centred on its branches, x relative to the root's side
// (fixed by shift).
func (p *placer) stack(list []*tnode, top float64) {
	for _, n := range list {
		t := top + n.rel
		p.stack(n.last().children, t)
		if n.run != nil {
			placeRun(n, n.off, t+n.nodeRel)
			continue
		}
		n.y = t + n.nodeRel
		if n.side > 0 {
			n.x = n.off // relative to the root's right edge
		} else {
			n.x = -n.off - n.w // relative to the root's left edge
		}
	}
}

// placeRun places the branches of head's folded run in their cells: the
// block's near edge off from the root's side, its top at top. Each branch
// is centred in its cell, so the edges inside a column run straight down
// (or up) and the one between two columns straight across.
func placeRun(head *tnode, off, top float64) {
	run, rows := head.run, head.rows
	rowH := 0.0
	for _, m := range run {
		rowH = math.Max(rowH, m.h)
	}
	colX := 0.0 // near edge of the column, from the block's near edge
	for c := 0; c*rows < len(run); c++ {
		cell := run[c*rows : min(len(run), c*rows+rows)]
		w := 0.0
		for _, m := range cell {
			w = math.Max(w, m.w)
		}
		for i, m := range cell {
			m.folded, m.near, m.far = true, off, off+head.bw
			m.cellNear, m.cellFar = off+colX, off+colX+w
			m.y = top + float64(i)*(rowH+foldGap) + (rowH-m.h)/2
			near := off + colX + (w-m.w)/2
			if head.side > 0 {
				m.x = near
			} else {
				m.x = -near - m.w
			}
		}
		colX += w + gapX
	}
}

// shift turns a subtree's positions relative to the root into canvas
// positions.
func shift(n, root *tnode) {
	if n.side > 0 {
		n.x += root.x + root.w
		n.near += root.x + root.w
		n.far += root.x + root.w
		n.cellNear += root.x + root.w
		n.cellFar += root.x + root.w
	} else if n.side < 0 {
		n.x += root.x
		n.near, n.far = root.x-n.near, root.x-n.far
		n.cellNear, n.cellFar = root.x-n.cellNear, root.x-n.cellFar
	}
	n.y += margin
	for _, c := range n.children {
		shift(c, root)
	}
}

func draw(root *tnode, sc *scene.Scene, env layout.Env) *scene.Scene {
	t := env.Theme
	var all []*tnode
	var walk func(n *tnode)
	walk = func(n *tnode) {
		all = append(all, n)
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(root)
	maxX, maxY := 0.0, 0.0
	for _, n := range all {
		maxX, maxY = math.Max(maxX, n.x+n.w), math.Max(maxY, n.y+n.h)
	}
	sc.Width, sc.Height = math.Ceil(maxX+margin), math.Ceil(maxY+margin)
	sc.Layout.Width, sc.Layout.Height = sc.Width, sc.Height
	sc.Items = append(sc.Items, &scene.Rect{R: geom.Rect{W: sc.Width, H: sc.Height}, Fill: t.Background})
	palette := t.Branches
	if len(palette) < 2 { // a theme without its own: the shapes' accents
		palette = []string{t.TaskAccent, t.StartStroke, t.DecisionLine, t.LoopStroke}
	}
	edgeN := 0
	colorOf := map[*tnode]string{}
	color := func(n *tnode) string { return colorOf[n] }
	var paint func(n *tnode, col string)
	paint = func(n *tnode, col string) {
		colorOf[n] = col
		for _, c := range n.children {
			paint(c, col)
		}
	}
	for i, c := range root.children {
		paint(c, palette[branchColour(i, len(root.children), len(palette))])
	}
	// Along a trunk, the branches beside it (the root's too) take the
	// other colours in turn, never the trunk's own: that is the colour of
	// the root's branch the trunk goes on through, which is not the
	// first colour when a branch beside the root is written before it
	// (the services of a gateway written after a small branch took the
	// gateway's green in turn).
	var trunkColour string
	for _, c := range root.children {
		if c.trunk {
			trunkColour = colorOf[c]
		}
	}
	if trunkColour != "" {
		others := make([]string, 0, len(palette))
		for _, c := range palette {
			if c != trunkColour {
				others = append(others, c)
			}
		}
		if len(others) == 0 { // a palette of one colour
			others = palette
		}
		k := 0
		for _, n := range all {
			if !n.trunk {
				continue
			}
			for _, c := range n.children {
				if !c.trunk {
					paint(c, others[k%len(others)])
					k++
				}
			}
		}
	}
	// The edges from one parent share its stub and the spine in the gap
	// beside it, and a root's (or a trunk branch's) have different
	// colours: each sibling's edge is drawn after those of the siblings
	// farther from the parent on its side, so that the stretch of spine
	// leading to a branch shows that branch's colour (drawn in written
	// order, the spine below the root on the right and above it on the
	// left took the colour of the farthest branch, the nearer ones
	// hanging from a line of another colour). drawn collects a parent's
	// edges; flush adds them to the picture, farthest first.
	var drawn []scene.Item
	var dist []float64
	flush := func() {
		idx := make([]int, len(drawn))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(i, j int) int { return cmp.Compare(dist[j], dist[i]) })
		for _, i := range idx {
			sc.Items = append(sc.Items, drawn[i])
		}
		drawn, dist = drawn[:0], dist[:0]
	}
	addEdge := func(n, c *tnode, fs, ts string, pts []geom.Point, k int) {
		id := "m" + strconv.Itoa(k)
		drawn = append(drawn, &scene.Group{Kind: "edge", ID: id, Title: n.m.Label + " → " + c.m.Label, Items: []scene.Item{
			&scene.Path{Points: pts, Radius: 8, Stroke: scene.Stroke{Color: color(c), Width: 2}},
		}})
		dist = append(dist, math.Abs(c.rect().Center().Y-n.rect().Center().Y))
		r := scene.EdgeRoute{ID: id, From: n.m.ID, To: c.m.ID, FromSide: fs, ToSide: ts}
		for _, pt := range pts {
			r.Points = append(r.Points, [2]float64{pt.X, pt.Y})
		}
		sc.Layout.Edges = append(sc.Layout.Edges, r)
	}
	for _, n := range all {
		for _, c := range n.children {
			edgeN++
			a, b := n.rect(), c.rect()
			var p, q geom.Point
			fs, ts := "right", "left"
			switch {
			case c.via == viaDown:
				fs, ts = "bottom", "top"
				p, q = geom.Point{X: a.Center().X, Y: a.Bottom()}, geom.Point{X: b.Center().X, Y: b.Y}
			case c.side > 0:
				p, q = geom.Point{X: a.Right(), Y: a.Center().Y}, geom.Point{X: b.X, Y: b.Center().Y}
			default:
				fs, ts = "left", "right"
				p, q = geom.Point{X: a.X, Y: a.Center().Y}, geom.Point{X: b.Right(), Y: b.Center().Y}
			}
			// The turn lies in the gap between the two columns, which
			// no node reaches (the branches of a folded run are centred
			// in their cells, so the gap is its block's).
			outer, inner := p.X, q.X
			if n.folded {
				outer = n.far
			}
			if c.folded {
				inner = c.near
			}
			if n.folded && c.folded { // from one column of a run to the next
				outer, inner = n.cellFar, c.cellNear
			}
			mid := (outer + inner) / 2
			if math.Abs(p.Y-q.Y) < 0.01 {
				q.Y = p.Y
			}
			if math.Abs(p.X-q.X) < 0.01 {
				q.X = p.X
			}
			pts := []geom.Point{p, {X: mid, Y: p.Y}, {X: mid, Y: q.Y}, q}
			if p.Y == q.Y || p.X == q.X {
				pts = []geom.Point{p, q}
			}
			addEdge(n, c, fs, ts, pts, edgeN)
		}
		flush()
	}
	for _, n := range all {
		r := n.rect()
		g := &scene.Group{Kind: "node", ID: n.m.ID, Class: "mindmap", Title: layout.Tooltip(n.m)}
		switch {
		case n.depth == 0:
			g.Items = append(g.Items, &scene.Rect{R: r, Radius: pillRadius(r.W, r.H, n.text.W, n.text.H), Fill: t.StartFill, Stroke: scene.Stroke{Color: t.StartStroke, Width: 2}})
		case n.depth == 1:
			g.Items = append(g.Items, &scene.Rect{R: r, Radius: 10, Fill: t.NodeFill, Stroke: scene.Stroke{Color: color(n), Width: 2}})
		default:
			g.Items = append(g.Items, &scene.Rect{R: r, Radius: 8, Fill: t.NodeFill, Stroke: scene.Stroke{Color: t.NodeStroke, Width: 1}})
		}
		g.Items = append(g.Items, &scene.Text{X: r.Center().X, Y: n.text.Baseline(r.Center().Y), Lines: n.text.Lines, Size: n.text.Size,
			Bold: n.text.Bold, Color: t.NodeText, Anchor: scene.Middle, LineHeight: n.text.LineHeight})
		sc.Items = append(sc.Items, g)
		sc.Layout.Nodes = append(sc.Layout.Nodes, scene.NodeBox{ID: n.m.ID, Shape: string(n.m.Shape), Label: n.m.Label,
			Details: layout.NodeDetails(n.m), Box: scene.Box{X: r.X, Y: r.Y, W: r.W, H: r.H}})
	}
	return sc
}

// textPad is how far inside the root's outline its text stays.
const textPad = 4.0

// pillRadius is the corner radius of the root's box, w x h around text of
// tw x th: a pill (half the height) when the text's corners stay textPad
// inside it, else the largest radius that keeps them so. A long root
// label wrapped in many lines makes a box taller than wide, whose pill
// outline cut through the corners of its first and last lines.
func pillRadius(w, h, tw, th float64) float64 {
	x, y := tw/2+textPad, th/2+textPad // a corner of the text from the centre
	inside := func(r float64) bool {
		cx, cy := w/2-r, h/2-r // the centre of the outline's corner arc
		return x <= cx || y <= cy || math.Hypot(x-cx, y-cy) <= r
	}
	if inside(h / 2) {
		return h / 2
	}
	for r := math.Floor(h / 2); r > 0; r-- {
		if inside(r) {
			return r
		}
	}
	return 0
}

// branchColour returns the palette index of main branch i of n, in a
// palette of size colours: the colours in turn, except that the last
// branch, which sits beside the first round the root, never takes the
// first's colour nor its other neighbour's.
func branchColour(i, n, size int) int {
	c := i % size
	if i == n-1 && i > 0 && c == 0 && size > 2 {
		c = 1
		if (i-1)%size == 1 {
			c = 2
		}
	}
	return c
}
