// Package svg writes a *scene.Scene as a clean, semantic SVG document: one
// <g> per lane, node, edge and loop with a data-id and CSS classes, a
// <title> on each for accessibility, and every piece of user text escaped.
// Text uses the Inter font with kerning off, matching layout measurement.
package svg

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"

	"flowzap/internal/fonts"
	"flowzap/internal/geom"
	"flowzap/internal/scene"
)

// Options tune the output.
type Options struct {
	// EmbedFont embeds Inter as a base64 @font-face so the SVG looks the
	// same where Inter is not installed (adds about 450 KB).
	EmbedFont bool
	// Cache, if set, keeps the markup of each top-level element of the
	// picture written with it, and the next picture written with it reuses
	// the markup of every element equal to the one written before (in the
	// web app a keystroke changes a few of several hundred); the output is
	// the same, byte for byte. It also gives the picture in parts
	// ([Cache.Picture]). A Cache is not safe for concurrent use.
	Cache *Cache
	// PartsOnly, with Cache, writes nothing to w: the picture is read in
	// parts from the cache ([Cache.Picture]), and the markup of each
	// element equal to the one before is kept as it is instead of being
	// copied into a whole document (a keystroke's picture in the web app's
	// module, which hands over only the parts).
	PartsOnly bool
}

// Render writes sc as SVG to w.
func Render(w io.Writer, sc *scene.Scene, opts Options) error {
	var b bytes.Buffer
	if opts.Cache == nil || !opts.PartsOnly {
		b.Grow(2048 + 400*len(sc.Items)) // about what a node or an edge takes
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" class="flowzap %s" role="img">`,
		num(sc.Width), num(sc.Height), num(sc.Width), num(sc.Height), esc(sc.View))
	b.WriteString("\n")
	writeDefs(&b, sc, opts)
	if c := opts.Cache; c != nil && opts.PartsOnly {
		c.writeParts(b.Bytes(), sc)
		return nil
	}
	out := writer{b: b.Bytes()}
	if c := opts.Cache; c != nil {
		c.write(&out, sc)
	} else {
		for _, it := range sc.Items {
			out.item(it, "")
		}
	}
	out.s("</svg>\n")
	_, err := w.Write(out.b)
	return err
}

func writeDefs(b *bytes.Buffer, sc *scene.Scene, opts Options) {
	b.WriteString("<defs>\n")
	// One arrowhead marker per edge colour.
	colors := map[string]bool{}
	var walk func([]scene.Item)
	walk = func(items []scene.Item) {
		for _, it := range items {
			switch x := it.(type) {
			case *scene.Group:
				walk(x.Items)
			case *scene.Path:
				if x.Arrow && !colors[x.Stroke.Color] {
					colors[x.Stroke.Color] = true
					fmt.Fprintf(b, `<marker id="%s" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>`+"\n",
						markerID(x.Stroke.Color), esc(x.Stroke.Color))
				}
			}
		}
	}
	walk(sc.Items)
	b.WriteString("<style>\n")
	if opts.EmbedFont {
		fmt.Fprintf(b, "@font-face{font-family:Inter;font-weight:400;src:url(data:font/ttf;base64,%s) format('truetype')}\n", base64.StdEncoding.EncodeToString(fonts.Regular))
		fmt.Fprintf(b, "@font-face{font-family:Inter;font-weight:600;src:url(data:font/ttf;base64,%s) format('truetype')}\n", base64.StdEncoding.EncodeToString(fonts.SemiBold))
	}
	b.WriteString(".flowzap text{font-family:Inter,'Helvetica Neue',Arial,sans-serif;font-kerning:none;white-space:pre}\n")
	b.WriteString("</style>\n</defs>\n")
}

func markerID(color string) string {
	h := uint32(2166136261)
	for i := 0; i < len(color); i++ {
		h = (h ^ uint32(color[i])) * 16777619
	}
	return "fz-arrow-" + strconv.FormatUint(uint64(h), 36)
}

// writer appends SVG markup to a byte slice: strconv and the escaping
// below append in place, which costs a fraction of fmt's formatting on a
// large diagram (the web app writes one per keystroke).
type writer struct{ b []byte }

func (w *writer) s(parts ...string) {
	for _, p := range parts {
		w.b = append(w.b, p...)
	}
}

// attr appends ` name="value"` with value written as num writes it.
func (w *writer) attr(name string, v float64) {
	w.b = append(w.b, ' ')
	w.b = append(w.b, name...)
	w.b = append(w.b, '=', '"')
	w.num(v)
	w.b = append(w.b, '"')
}

func (w *writer) num(v float64) { w.b = appendNum(w.b, v) }

func (w *writer) esc(s string) { w.b = appendEsc(w.b, s) }

func (w *writer) item(it scene.Item, indent string) {
	switch x := it.(type) {
	case *scene.Group:
		w.s(indent, `<g class="`)
		w.esc("fz-" + x.Kind)
		if x.Class != "" {
			w.esc(" fz-" + x.Class)
		}
		w.s(`" data-id="`)
		w.esc(x.ID)
		w.s(`">`)
		if x.Title != "" {
			w.s("<title>")
			w.esc(x.Title)
			w.s("</title>")
		}
		w.s("\n")
		inner := indent + "  "
		for _, c := range x.Items {
			w.item(c, inner)
		}
		w.s(indent, "</g>\n")
	case *scene.Rect:
		w.s(indent, "<rect")
		w.attr("x", x.R.X)
		w.attr("y", x.R.Y)
		w.attr("width", x.R.W)
		w.attr("height", x.R.H)
		if x.Radius > 0 {
			w.attr("rx", x.Radius)
		}
		w.paint(x.Fill, x.Stroke)
		w.s("/>\n")
	case *scene.Ellipse:
		w.s(indent, "<ellipse")
		w.attr("cx", x.C.X)
		w.attr("cy", x.C.Y)
		w.attr("rx", x.RX)
		w.attr("ry", x.RY)
		w.paint(x.Fill, x.Stroke)
		w.s("/>\n")
	case *scene.Polygon:
		w.s(indent, `<polygon points="`)
		for i, p := range x.Points {
			if i > 0 {
				w.b = append(w.b, ' ')
			}
			w.num(p.X)
			w.b = append(w.b, ',')
			w.num(p.Y)
		}
		w.b = append(w.b, '"')
		w.paint(x.Fill, x.Stroke)
		w.s("/>\n")
	case *scene.Path:
		w.s(indent, `<path d="`)
		w.b = appendPath(w.b, x.Points, x.Radius)
		w.b = append(w.b, '"')
		w.paint("", x.Stroke)
		if x.Arrow {
			w.s(` marker-end="url(#`, markerID(x.Stroke.Color), `)"`)
		}
		w.s("/>\n")
	case *scene.Text:
		anchor := [...]string{"start", "middle", "end"}[x.Anchor]
		weight := "400"
		if x.Bold {
			weight = "600"
		}
		w.s(indent, "<text")
		w.attr("x", x.X)
		w.attr("y", x.Y)
		w.attr("font-size", x.Size)
		w.s(` font-weight="`, weight, `" text-anchor="`, anchor, `" fill="`)
		w.esc(x.Color)
		w.s(`">`)
		for i, l := range x.Lines {
			w.s("<tspan")
			w.attr("x", x.X)
			if i > 0 {
				w.attr("dy", x.LineHeight)
			}
			w.b = append(w.b, '>')
			w.esc(l)
			w.s("</tspan>")
		}
		w.s("</text>\n")
	}
}

func (w *writer) paint(fill string, st scene.Stroke) {
	if fill == "" {
		fill = "none"
	}
	w.s(` fill="`)
	w.esc(fill)
	w.b = append(w.b, '"')
	if st.Color != "" && st.Width > 0 {
		w.s(` stroke="`)
		w.esc(st.Color)
		w.b = append(w.b, '"')
		w.attr("stroke-width", st.Width)
		if st.Dash {
			w.s(` stroke-dasharray="6 4"`)
		}
	}
}

// PathData returns SVG path data for an orthogonal polyline whose bends
// are rounded with radius r (smaller where segments are short).
func PathData(pts []geom.Point, r float64) string {
	return string(appendPath(nil, pts, r))
}

// appendPath appends PathData(pts, r) to b.
func appendPath(b []byte, pts []geom.Point, r float64) []byte {
	pt := func(cmd string, p geom.Point) {
		b = append(b, cmd...)
		b = appendNum(b, p.X)
		b = append(b, ' ')
		b = appendNum(b, p.Y)
	}
	for i, p := range pts {
		if i == 0 {
			pt("M", p)
			continue
		}
		if i == len(pts)-1 || r <= 0 {
			pt(" L", p)
			continue
		}
		prev, next := pts[i-1], pts[i+1]
		rr := math.Min(r, math.Min(dist(prev, p), dist(p, next))/2)
		pt(" L", toward(p, prev, rr))
		pt(" Q", p)
		pt(" ", toward(p, next, rr))
	}
	return b
}

func dist(a, b geom.Point) float64 { return math.Abs(a.X-b.X) + math.Abs(a.Y-b.Y) }

// toward returns the point d away from p in the direction of q.
func toward(p, q geom.Point, d float64) geom.Point {
	l := dist(p, q)
	if l == 0 {
		return p
	}
	return geom.Point{X: p.X + (q.X-p.X)*d/l, Y: p.Y + (q.Y-p.Y)*d/l}
}

func num(v float64) string { return string(appendNum(nil, v)) }

// appendNum appends v rounded to hundredths, in the shortest form.
func appendNum(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, '0')
	}
	r := math.Round(v * 100)
	if r == 0 && math.Signbit(r) || math.Abs(r) >= 1e12 {
		return strconv.AppendFloat(b, r/100, 'f', -1, 64)
	}
	// The shortest form of r/100 is the decimal r/100 itself (the double
	// nearest it is far closer than 0.01 at this size): write it from the
	// integer, which is much faster.
	k := int64(r)
	if k < 0 {
		b = append(b, '-')
		k = -k
	}
	b = strconv.AppendInt(b, k/100, 10)
	if f := k % 100; f != 0 {
		b = append(b, '.', byte('0'+f/10))
		if f%10 != 0 {
			b = append(b, byte('0'+f%10))
		}
	}
	return b
}

func esc(s string) string { return html.EscapeString(s) }

// appendEsc appends s escaped as html.EscapeString escapes it.
func appendEsc(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '"':
			r = "&#34;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, r...)
		last = i + 1
	}
	return append(b, s[last:]...)
}
