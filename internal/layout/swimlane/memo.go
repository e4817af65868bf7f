package swimlane

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"slices"
	"sync"

	"flowzap/internal/geom"
	"flowzap/internal/model"
)

// The layout memo. Typing in a label, renaming a node, editing a
// description or a loop's condition changes the text of a diagram but,
// most of the time, not one size the layout works from. Everything after
// sizeNodes reads only the diagram's structure and those sizes, never a
// text, so two diagrams with the same structure and the same sizes get
// the same geometry: the memo keeps the geometry of the last few layouts
// under a key made of exactly what the later phases read, and a layout
// whose key is known skips them and draws the remembered geometry with
// its own texts. The result is byte for byte what the full layout gives
// (TestMemoMatchesFullLayout); only the time differs. This is what makes
// a keystroke in a large diagram cheap in the editor, where each
// keystroke lays out the whole diagram again.

// memoEntries is how many layouts the memo remembers (the editors of a
// few diagrams at once on one server); memoMaxNodes the largest diagram
// it keeps; memoBudget bounds the sizes of all it keeps together (nodes,
// edges and route points: about 16 bytes each), so it holds a few
// megabytes at most.
const (
	memoEntries  = 8
	memoMaxNodes = 20000
	memoBudget   = 400000
)

// geometry is what the phases after sizeNodes decide: every position,
// route and label box, and the drawing's size.
type geometry struct {
	width, height float64
	laneY, laneH  []float64
	nodeX, nodeY  []float64
	nodeW, nodeH  []float64 // a layout with other sides (sides.go) may grow other faces
	pts           [][]geom.Point
	labelBox      []geom.Rect
	loopBoxes     []geom.Rect
	crossings     int
	// sides are the edges' sides as laid out: those of an edge whose
	// handles were not written may be chosen after placement (sides.go).
	sides []sidePair
	// labelWrap is each edge's labelWrap (a label narrowed to find a
	// place).
	labelWrap []float64
}

type memoEntry struct {
	hash uint64
	key  []byte
	geo  *geometry
	size int // nodes, edges and route points, against memoBudget
}

var memo struct {
	sync.Mutex
	seed    maphash.Seed
	entries []memoEntry // most recently used last
}

func init() { memo.seed = maphash.MakeSeed() }

// memoKey returns the key of the sized state: the structure (lanes,
// nodes, edges, loops, the @layout block) and, with sizes, every size the
// later phases read. The structure alone decides the columns and rows
// (rank, orderAfter, assignRows read no size).
func (s *state) memoKey(sizes bool) []byte {
	b := make([]byte, 0, 64+40*len(s.nodes)+48*len(s.edges))
	i64 := func(v int) { b = binary.AppendVarint(b, int64(v)) }
	f64 := func(v float64) {
		if sizes {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	off := func(v float64) { b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v)) }
	side := func(sd model.Side) {
		b = append(b, byte(len(sd)))
		b = append(b, sd...)
	}
	f64(s.headerW)
	i64(len(s.lanes))
	for _, l := range s.lanes {
		f64(l.title.H)
		i64(len(l.m.Nodes))
		for _, n := range l.m.Nodes {
			i64(n.Index)
		}
	}
	i64(len(s.nodes))
	for _, n := range s.nodes {
		i64(n.m.Lane.Index)
		b = append(b, n.m.Shape...)
		f64(n.w)
		f64(n.h)
	}
	i64(len(s.edges))
	for _, e := range s.edges {
		i64(e.from.m.Index)
		i64(e.to.m.Index)
		side(e.m.FromSide)
		side(e.m.ToSide)
		side(e.fs)
		side(e.ts)
		if e.hasLabel {
			b = append(b, 1)
			f64(e.label.W)
			f64(e.label.H)
		} else {
			b = append(b, 0)
		}
	}
	i64(len(s.doc.Loops))
	for _, l := range s.doc.Loops {
		i64(len(l.Nodes))
		for _, n := range l.Nodes {
			i64(n.Index)
		}
	}
	if a := s.doc.Adjust; a != nil {
		b = append(b, 1)
		i64(len(a.LaneOrder))
		for _, l := range a.LaneOrder {
			i64(l.Index)
		}
		// Offsets and order entries by node index, in node order, with
		// their targets as indexes: the key does not depend on the IDs.
		for _, n := range s.nodes {
			if o, ok := a.Offsets[n.m.ID]; ok {
				i64(n.m.Index)
				off(o.DX)
				off(o.DY)
			}
		}
		b = append(b, 0xff)
		for _, n := range s.nodes {
			ref, ok := a.After[n.m.ID]
			if !ok {
				continue
			}
			i64(n.m.Index)
			if r := s.doc.Node(ref); r != nil {
				i64(r.Index)
			} else {
				i64(-1)
			}
		}
	}
	return b
}

// recall returns the geometry remembered under key, if any.
func recall(key []byte) *geometry {
	h := maphash.Bytes(memo.seed, key)
	memo.Lock()
	defer memo.Unlock()
	for i := len(memo.entries) - 1; i >= 0; i-- {
		if en := memo.entries[i]; en.hash == h && string(en.key) == string(key) {
			memo.entries = append(slices.Delete(memo.entries, i, i+1), en)
			return en.geo
		}
	}
	return nil
}

// capture returns the geometry of the laid-out state (as the memo keeps
// it: what frameLoops and draw read), for adopt to bring back.
func (s *state) capture() *geometry {
	g := &geometry{width: s.width, height: s.height}
	for _, l := range s.lanes {
		g.laneY, g.laneH = append(g.laneY, l.y), append(g.laneH, l.h)
	}
	for _, n := range s.nodes {
		g.nodeX, g.nodeY = append(g.nodeX, n.x), append(g.nodeY, n.y)
		g.nodeW, g.nodeH = append(g.nodeW, n.w), append(g.nodeH, n.h)
	}
	for _, e := range s.edges {
		g.pts = append(g.pts, slices.Clone(e.pts))
		g.labelBox = append(g.labelBox, e.labelBox)
		g.sides = append(g.sides, sidePair{e.fs, e.ts})
		g.labelWrap = append(g.labelWrap, e.labelWrap)
	}
	return g
}

// remember keeps the geometry of the laid-out state under key.
func (s *state) remember(key []byte) {
	if len(s.nodes) > memoMaxNodes {
		return
	}
	g := s.capture()
	g.loopBoxes, g.crossings = slices.Clone(s.loopBoxes), s.crossings
	size := len(s.nodes) + len(s.edges) + len(key)/16
	for _, p := range g.pts {
		size += len(p)
	}
	if size > memoBudget {
		return
	}
	h := maphash.Bytes(memo.seed, key)
	memo.Lock()
	defer memo.Unlock()
	total := size
	for _, en := range memo.entries {
		total += en.size
	}
	for len(memo.entries) > 0 && (len(memo.entries) >= memoEntries || total > memoBudget) {
		total -= memo.entries[0].size
		memo.entries = slices.Delete(memo.entries, 0, 1)
	}
	memo.entries = append(memo.entries, memoEntry{hash: h, key: key, geo: g, size: size})
}

// adopt gives the sized state the remembered geometry, ready to draw.
func (s *state) adopt(g *geometry) {
	s.width, s.height, s.crossings = g.width, g.height, g.crossings
	s.loopBoxes = slices.Clone(g.loopBoxes)
	for i, l := range s.lanes {
		l.y, l.h = g.laneY[i], g.laneH[i]
	}
	for i, n := range s.nodes {
		n.x, n.y = g.nodeX[i], g.nodeY[i]
		n.w, n.h = g.nodeW[i], g.nodeH[i]
	}
	for i, e := range s.edges {
		e.pts = slices.Clone(g.pts[i])
		e.labelBox = g.labelBox[i]
		e.fs, e.ts = g.sides[i].from, g.sides[i].to
		if g.labelWrap[i] != e.labelWrap {
			e.wrapLabel(s.env, g.labelWrap[i])
		}
	}
}

// rowGrid is what the structural phases decide: every node's column and
// row. It serves a layout whose structure is known but whose sizes are
// new (a keystroke that widened a node); only diagrams above geomCheckMax
// nodes use it, the ones whose rows are final after assignRows.
type rowGrid struct {
	cols     int
	col, row []int
}

var gridMemo struct {
	sync.Mutex
	hash uint64
	key  []byte
	g    *rowGrid
}

// recallGrid gives the state the columns and rows remembered for its
// structure, and reports whether it had them.
func (s *state) recallGrid(key []byte) bool {
	h := maphash.Bytes(memo.seed, key)
	gridMemo.Lock()
	g := gridMemo.g
	if gridMemo.hash != h || string(gridMemo.key) != string(key) {
		g = nil
	}
	gridMemo.Unlock()
	if g == nil {
		return false
	}
	s.cols = g.cols
	for i, n := range s.nodes {
		n.col, n.row = g.col[i], g.row[i]
	}
	s.countRows()
	return true
}

// rememberGrid keeps the state's columns and rows under key.
func (s *state) rememberGrid(key []byte) {
	g := &rowGrid{cols: s.cols, col: make([]int, len(s.nodes)), row: make([]int, len(s.nodes))}
	for i, n := range s.nodes {
		g.col[i], g.row[i] = n.col, n.row
	}
	h := maphash.Bytes(memo.seed, key)
	gridMemo.Lock()
	gridMemo.hash, gridMemo.key, gridMemo.g = h, key, g
	gridMemo.Unlock()
}

// arrangement is a laid-out state whole: its geometry (capture) and what
// the drawing's later passes read besides it (the gaps, columns and rows
// placed, the gutters and the index of the steps built from them, and
// what placing the labels found). keepFewerCrossings keeps one while it
// lays the diagram out with other rows, and puts it back when it keeps
// the first; the geometry alone would leave the later passes the other
// rows' gutters and index.
type arrangement struct {
	geo                            *geometry
	gapV, colW, colX               []float64
	contentX                       float64
	rowH, rowY, gapH               [][]float64
	labelRoom                      map[*edge][2]float64
	nearer                         []*edge
	detour, widenedFor, rowWidened map[*edge]bool
	blockedRounds                  map[*edge]int
	needV                          map[int]float64
	needH                          map[hGap]float64
	plainPorts                     bool
}

// keepArrangement captures the state's arrangement. The maps are kept as
// they are: a new arrangement makes maps of its own (initGaps).
func (s *state) keepArrangement() *arrangement {
	a := &arrangement{
		geo:  s.capture(),
		gapV: slices.Clone(s.gapV), colW: slices.Clone(s.colW), colX: slices.Clone(s.colX),
		contentX:  s.contentX,
		labelRoom: s.labelRoom, nearer: slices.Clone(s.nearer),
		detour: s.detour, widenedFor: s.widenedFor, rowWidened: s.rowWidened,
		blockedRounds: s.blockedRounds, needV: s.needV, needH: s.needH,
		plainPorts: s.plainPorts,
	}
	for _, l := range s.lanes {
		a.rowH = append(a.rowH, slices.Clone(l.rowH))
		a.rowY = append(a.rowY, slices.Clone(l.rowY))
		a.gapH = append(a.gapH, slices.Clone(l.gapH))
	}
	return a
}

// restoreArrangement puts a kept arrangement back, with the gutters and
// the index of the steps built again for it.
func (s *state) restoreArrangement(a *arrangement) {
	s.adopt(a.geo)
	s.gapV, s.colW, s.colX, s.contentX = a.gapV, a.colW, a.colX, a.contentX
	for i, l := range s.lanes {
		l.rowH, l.rowY, l.gapH = a.rowH[i], a.rowY[i], a.gapH[i]
	}
	s.labelRoom, s.nearer = a.labelRoom, a.nearer
	s.detour, s.widenedFor, s.rowWidened = a.detour, a.widenedFor, a.rowWidened
	s.blockedRounds, s.needV, s.needH = a.blockedRounds, a.needV, a.needH
	s.plainPorts = a.plainPorts
	s.gutters()
	s.grid = newGrid(s.nodes)
}
