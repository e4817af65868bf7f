package layout

import (
	"math"
	"sort"

	"flowzap/internal/geom"
	"flowzap/internal/model"
)

// PortEnd is one end of an edge on a side of a node: the edge (an index
// the engine keeps), whether this is its source end, and the centre of the
// node at its other end.
type PortEnd struct {
	Edge   int
	Source bool
	Other  geom.Point
	// UTurn marks an edge that leaves and enters on the same side (out
	// and back through a channel): such edges nest the other way round,
	// the farthest target on the port nearest the side's start.
	UTurn bool
}

// PortSide is the edge ends that share one side of one node.
type PortSide struct {
	Node int
	Side model.Side
	Ends []PortEnd
}

// PortGroups collects edge ends by node and side, sides in first-seen
// order, so engines spread their ports the same way.
type PortGroups struct {
	index map[[2]int]int
	Sides []*PortSide
}

// Add records an end on a side of node.
func (g *PortGroups) Add(node int, side model.Side, pe PortEnd) {
	if g.index == nil {
		g.index = map[[2]int]int{}
	}
	k := [2]int{node, SideIndex(side)}
	i, ok := g.index[k]
	if !ok {
		i = len(g.Sides)
		g.index[k] = i
		g.Sides = append(g.Sides, &PortSide{Node: node, Side: side})
	}
	g.Sides[i].Ends = append(g.Sides[i].Ends, pe)
}

// Sides lists the four sides in SideIndex order.
var Sides = [4]model.Side{model.Right, model.Left, model.Top, model.Bottom}

// SideIndex numbers a side 0 to 3, its place in Sides (no side counts as
// right).
func SideIndex(s model.Side) int {
	switch s {
	case model.Left:
		return 1
	case model.Top:
		return 2
	case model.Bottom:
		return 3
	}
	return 0
}

// Spread orders the side's ends by where their other end lies along the
// side (so they do not cross; ends of one kind whose other ends are
// level, a column beside the node, by how deep those lie, the deepest
// farthest from them, so their routes nest) and returns each end's offset from the
// middle of the side: the ports share spread of the side's length, at most
// stepMax apart. When one end faces its other node straight across, the
// spread shifts so that edge runs straight, the ports closer together if
// needed (down to portStepMin apart) to stay within 40 % of the side.
// center is the node's centre.
func (ps *PortSide) Spread(center geom.Point, length, stepMax, spread float64) []float64 {
	horizontal := ps.Side == model.Left || ps.Side == model.Right
	along := func(p geom.Point) float64 {
		if horizontal {
			return p.Y - center.Y
		}
		return p.X - center.X
	}
	key := func(pe PortEnd) float64 {
		if pe.UTurn {
			return -along(pe.Other)
		}
		return along(pe.Other)
	}
	// depth is how far the other end lies out from the side.
	depth := func(p geom.Point) float64 {
		switch ps.Side {
		case model.Right:
			return p.X - center.X
		case model.Left:
			return center.X - p.X
		case model.Top:
			return center.Y - p.Y
		}
		return p.Y - center.Y
	}
	sort.SliceStable(ps.Ends, func(i, j int) bool {
		a, b := ps.Ends[i], ps.Ends[j]
		ka, kb := key(a), key(b)
		if math.Abs(ka-kb) >= 0.5 || a.UTurn || b.UTurn || a.Source != b.Source || math.Abs(ka) < 0.5 || math.Abs(kb) < 0.5 {
			return ka < kb
		}
		// Other ends level along the side (a column of targets beside
		// the node): the deeper one's edge runs round the shallower
		// ones, so it takes the port farther from them.
		da, db := depth(a.Other), depth(b.Other)
		if ka > 0 {
			return da > db
		}
		return da < db
	})
	n := float64(len(ps.Ends))
	step := math.Min(stepMax, spread*length/n)
	shift := 0.0
	for i, pe := range ps.Ends {
		if math.Abs(along(pe.Other)) < 0.5 {
			// The straight end on the middle, the others beside it,
			// closer together if that keeps them within the limit (two
			// edges out of a diamond's top, one straight up: the other
			// leaves beside it instead of both from the middle).
			far := math.Max(float64(i), n-1-float64(i))
			if fit := portShiftLimit * length / far; far > 0 && fit < step {
				if fit < portStepMin {
					break
				}
				step = fit
			}
			shift = -(float64(i) - (n-1)/2) * step
			break
		}
	}
	offs := make([]float64, len(ps.Ends))
	for i := range ps.Ends {
		offs[i] = (float64(i)-(n-1)/2)*step + shift
	}
	return offs
}

// portShiftLimit is how far (as a share of the side) a spread may shift to
// keep one edge straight.
const portShiftLimit = 0.4

// portStepMin is the closest two ports may come so that one edge runs
// straight: closer, the ends spread evenly instead.
const portStepMin = 12.0
