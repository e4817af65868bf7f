package svg

import (
	"bytes"
	"math"

	"flowzap/internal/geom"
	"flowzap/internal/scene"
)

// Cache remembers the last picture written with it (see [Options.Cache]):
// its top-level scene items and the markup written for each. The scene
// items are kept as they were given: a scene written with a cache must not
// be changed afterwards.
type Cache struct {
	items []cachedItem
	byID  map[string]int // a top-level group's ID -> its index in items
	open  []byte         // the root's opening tag
	defs  []byte         // the <defs> element
	same  []int          // see Picture
	warm  bool           // a picture was written
}

type cachedItem struct {
	it     scene.Item
	markup []byte // without the line break after it
}

// Picture returns the last picture written with the cache in parts: open
// is the root's opening tag (<svg ...>); items the markup of each
// top-level element in order, the <defs> first, each without the line
// break that follows it; same[i] is the index in the items of the
// picture written before of one with exactly the same markup as items[i],
// or -1 (always -1 for the first picture). The picture's SVG is open,
// "\n", each item followed by "\n", then "</svg>\n". The slices are the
// cache's own, valid until its next picture.
func (c *Cache) Picture() (open []byte, items [][]byte, same []int) {
	items = make([][]byte, 0, len(c.items)+1)
	items = append(items, c.defs)
	for _, x := range c.items {
		items = append(items, x.markup)
	}
	return c.open, items, c.same
}

// write appends the top-level items of sc to out (whose markup so far is
// the root's opening tag, a line break and the <defs>), reusing the markup
// of the items equal to those of the picture before, and remembers the
// new picture.
func (c *Cache) write(out *writer, sc *scene.Scene) {
	head := out.b
	cut := bytes.IndexByte(head, '\n')
	open, defs := head[:cut], head[cut+1:len(head)-1]
	same := make([]int, 0, len(sc.Items)+1)
	if c.warm && bytes.Equal(defs, c.defs) {
		same = append(same, 0)
	} else {
		same = append(same, -1)
	}
	type span struct{ from, to int }
	spans := make([]span, len(sc.Items))
	var byID map[string]int
	for i, it := range sc.Items {
		old := c.match(i, it)
		from := len(out.b)
		if old >= 0 && equalItem(it, c.items[old].it) {
			out.b = append(out.b, c.items[old].markup...)
			out.b = append(out.b, '\n')
		} else {
			out.item(it, "")
			if old >= 0 && !bytes.Equal(out.b[from:len(out.b)-1], c.items[old].markup) {
				old = -1
			}
		}
		spans[i] = span{from, len(out.b) - 1}
		if old >= 0 {
			old++ // the defs are item 0 of the picture
		}
		same = append(same, old)
		byID = indexGroup(byID, it, i, len(sc.Items))
	}
	// The markup stays where it is: the writer only appends to out.b
	// after this, and a new buffer is made for the next picture.
	buf := out.b
	items := make([]cachedItem, len(sc.Items))
	for i, it := range sc.Items {
		items[i] = cachedItem{it: it, markup: buf[spans[i].from:spans[i].to:spans[i].to]}
	}
	c.items, c.byID, c.same = items, byID, same
	c.open = buf[:len(open):len(open)]
	c.defs = buf[len(open)+1 : len(open)+1+len(defs) : len(open)+1+len(defs)]
	c.warm = true
}

// writeParts is write for a picture read only in parts (see
// [Options.PartsOnly]): head is the root's opening tag, a line break and
// the <defs>; the markup of an item equal to the one before is kept as
// it is, and only the new markup is written, each item's into a slice of
// its own (so that an old item kept does not keep a whole picture's
// buffer alive).
func (c *Cache) writeParts(head []byte, sc *scene.Scene) {
	cut := bytes.IndexByte(head, '\n')
	open, defs := head[:cut], head[cut+1:len(head)-1]
	same := make([]int, 0, len(sc.Items)+1)
	if c.warm && bytes.Equal(defs, c.defs) {
		same = append(same, 0)
	} else {
		same = append(same, -1)
	}
	items := make([]cachedItem, len(sc.Items))
	var byID map[string]int
	var out writer
	for i, it := range sc.Items {
		old := c.match(i, it)
		if old >= 0 && equalItem(it, c.items[old].it) {
			items[i] = cachedItem{it: it, markup: c.items[old].markup}
		} else {
			out.b = out.b[:0]
			out.item(it, "")
			items[i] = cachedItem{it: it, markup: bytes.Clone(out.b[:len(out.b)-1])}
			if old >= 0 && !bytes.Equal(items[i].markup, c.items[old].markup) {
				old = -1
			}
		}
		if old >= 0 {
			old++ // the defs are item 0 of the picture
		}
		same = append(same, old)
		byID = indexGroup(byID, it, i, len(sc.Items))
	}
	c.items, c.byID, c.same = items, byID, same
	c.open = bytes.Clone(open)
	c.defs = bytes.Clone(defs)
	c.warm = true
}

// match returns the index of the item of the picture before that it
// should be compared with: the one at the same place if it draws the same
// element, else the group with the same ID; -1 if none.
func (c *Cache) match(i int, it scene.Item) int {
	g, isGroup := it.(*scene.Group)
	if i < len(c.items) {
		if !isGroup {
			if sameKind(it, c.items[i].it) {
				return i
			}
			return -1
		}
		if og, ok := c.items[i].it.(*scene.Group); ok && og.ID == g.ID {
			return i
		}
	}
	if isGroup && g.ID != "" {
		if j, ok := c.byID[g.ID]; ok {
			return j
		}
	}
	return -1
}

// sameKind reports whether a and b are drawn items of one kind.
func sameKind(a, b scene.Item) bool {
	k := kindOf(a)
	return k != 0 && k == kindOf(b)
}

// kindOf numbers the kinds of drawn items (0: none of them).
func kindOf(it scene.Item) int {
	switch it.(type) {
	case *scene.Rect:
		return 1
	case *scene.Ellipse:
		return 2
	case *scene.Polygon:
		return 3
	case *scene.Path:
		return 4
	case *scene.Text:
		return 5
	}
	return 0
}

// same reports whether two numbers are written alike: equal bits (-0 is
// written "-0", 0 "0"; a NaN equals nothing, so it is written again).
func sameNum(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) && !math.IsNaN(a) }

func samePoints(a, b []geom.Point) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameNum(a[i].X, b[i].X) || !sameNum(a[i].Y, b[i].Y) {
			return false
		}
	}
	return true
}

func sameStroke(a, b scene.Stroke) bool {
	return a.Color == b.Color && sameNum(a.Width, b.Width) && a.Dash == b.Dash
}

// equalItem reports whether a and b are the same drawing: every field the
// writer reads (and every other field of the scene's types) equal. A new
// field in a scene type must be compared here too (TestEqualItemFields).
func equalItem(a, b scene.Item) bool {
	switch x := a.(type) {
	case *scene.Group:
		y, ok := b.(*scene.Group)
		if !ok || x.Kind != y.Kind || x.ID != y.ID || x.Class != y.Class || x.Title != y.Title || len(x.Items) != len(y.Items) {
			return false
		}
		for i := range x.Items {
			if !equalItem(x.Items[i], y.Items[i]) {
				return false
			}
		}
		return true
	case *scene.Rect:
		y, ok := b.(*scene.Rect)
		return ok && sameNum(x.R.X, y.R.X) && sameNum(x.R.Y, y.R.Y) && sameNum(x.R.W, y.R.W) && sameNum(x.R.H, y.R.H) &&
			sameNum(x.Radius, y.Radius) && x.Fill == y.Fill && sameStroke(x.Stroke, y.Stroke)
	case *scene.Ellipse:
		y, ok := b.(*scene.Ellipse)
		return ok && sameNum(x.C.X, y.C.X) && sameNum(x.C.Y, y.C.Y) && sameNum(x.RX, y.RX) && sameNum(x.RY, y.RY) &&
			x.Fill == y.Fill && sameStroke(x.Stroke, y.Stroke)
	case *scene.Polygon:
		y, ok := b.(*scene.Polygon)
		return ok && samePoints(x.Points, y.Points) && x.Fill == y.Fill && sameStroke(x.Stroke, y.Stroke)
	case *scene.Path:
		y, ok := b.(*scene.Path)
		return ok && samePoints(x.Points, y.Points) && sameNum(x.Radius, y.Radius) && sameStroke(x.Stroke, y.Stroke) && x.Arrow == y.Arrow
	case *scene.Text:
		y, ok := b.(*scene.Text)
		if !ok || !sameNum(x.X, y.X) || !sameNum(x.Y, y.Y) || !sameNum(x.Size, y.Size) || x.Bold != y.Bold ||
			x.Color != y.Color || x.Anchor != y.Anchor || !sameNum(x.LineHeight, y.LineHeight) || len(x.Lines) != len(y.Lines) {
			return false
		}
		for i := range x.Lines {
			if x.Lines[i] != y.Lines[i] {
				return false
			}
		}
		return true
	}
	return false
}

// indexGroup records in byID (made with room for n when nil) that item i
// is the first group with its ID, and returns byID.
func indexGroup(byID map[string]int, it scene.Item, i, n int) map[string]int {
	g, ok := it.(*scene.Group)
	if !ok || g.ID == "" {
		return byID
	}
	if byID == nil {
		byID = make(map[string]int, n)
	}
	if _, dup := byID[g.ID]; !dup {
		byID[g.ID] = i
	}
	return byID
}
