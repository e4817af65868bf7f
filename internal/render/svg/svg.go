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
}

// Render writes sc as SVG to w.
func Render(w io.Writer, sc *scene.Scene, opts Options) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" class="flowzap %s" role="img">`,
		num(sc.Width), num(sc.Height), num(sc.Width), num(sc.Height), esc(sc.View))
	b.WriteString("\n")
	writeDefs(&b, sc, opts)
	for _, it := range sc.Items {
		writeItem(&b, it, "")
	}
	b.WriteString("</svg>\n")
	_, err := w.Write(b.Bytes())
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

func writeItem(b *bytes.Buffer, it scene.Item, indent string) {
	switch x := it.(type) {
	case *scene.Group:
		class := "fz-" + x.Kind
		if x.Class != "" {
			class += " fz-" + x.Class
		}
		fmt.Fprintf(b, `%s<g class="%s" data-id="%s">`, indent, esc(class), esc(x.ID))
		if x.Title != "" {
			fmt.Fprintf(b, "<title>%s</title>", esc(x.Title))
		}
		b.WriteString("\n")
		for _, c := range x.Items {
			writeItem(b, c, indent+"  ")
		}
		fmt.Fprintf(b, "%s</g>\n", indent)
	case *scene.Rect:
		fmt.Fprintf(b, `%s<rect x="%s" y="%s" width="%s" height="%s"`, indent, num(x.R.X), num(x.R.Y), num(x.R.W), num(x.R.H))
		if x.Radius > 0 {
			fmt.Fprintf(b, ` rx="%s"`, num(x.Radius))
		}
		paint(b, x.Fill, x.Stroke)
		b.WriteString("/>\n")
	case *scene.Ellipse:
		fmt.Fprintf(b, `%s<ellipse cx="%s" cy="%s" rx="%s" ry="%s"`, indent, num(x.C.X), num(x.C.Y), num(x.RX), num(x.RY))
		paint(b, x.Fill, x.Stroke)
		b.WriteString("/>\n")
	case *scene.Polygon:
		fmt.Fprintf(b, `%s<polygon points="`, indent)
		for i, p := range x.Points {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(num(p.X) + "," + num(p.Y))
		}
		b.WriteByte('"')
		paint(b, x.Fill, x.Stroke)
		b.WriteString("/>\n")
	case *scene.Path:
		fmt.Fprintf(b, `%s<path d="%s"`, indent, PathData(x.Points, x.Radius))
		paint(b, "", x.Stroke)
		if x.Arrow {
			fmt.Fprintf(b, ` marker-end="url(#%s)"`, markerID(x.Stroke.Color))
		}
		b.WriteString("/>\n")
	case *scene.Text:
		anchor := [...]string{"start", "middle", "end"}[x.Anchor]
		weight := "400"
		if x.Bold {
			weight = "600"
		}
		fmt.Fprintf(b, `%s<text x="%s" y="%s" font-size="%s" font-weight="%s" text-anchor="%s" fill="%s">`,
			indent, num(x.X), num(x.Y), num(x.Size), weight, anchor, esc(x.Color))
		for i, l := range x.Lines {
			if i == 0 {
				fmt.Fprintf(b, "<tspan x=\"%s\">%s</tspan>", num(x.X), esc(l))
				continue
			}
			fmt.Fprintf(b, "<tspan x=\"%s\" dy=\"%s\">%s</tspan>", num(x.X), num(x.LineHeight), esc(l))
		}
		b.WriteString("</text>\n")
	}
}

func paint(b *bytes.Buffer, fill string, st scene.Stroke) {
	if fill == "" {
		fill = "none"
	}
	fmt.Fprintf(b, ` fill="%s"`, esc(fill))
	if st.Color != "" && st.Width > 0 {
		fmt.Fprintf(b, ` stroke="%s" stroke-width="%s"`, esc(st.Color), num(st.Width))
		if st.Dash {
			b.WriteString(` stroke-dasharray="6 4"`)
		}
	}
}

// PathData returns SVG path data for an orthogonal polyline whose bends
// are rounded with radius r (smaller where segments are short).
func PathData(pts []geom.Point, r float64) string {
	var b bytes.Buffer
	for i, p := range pts {
		if i == 0 {
			fmt.Fprintf(&b, "M%s %s", num(p.X), num(p.Y))
			continue
		}
		if i == len(pts)-1 || r <= 0 {
			fmt.Fprintf(&b, " L%s %s", num(p.X), num(p.Y))
			continue
		}
		prev, next := pts[i-1], pts[i+1]
		rr := math.Min(r, math.Min(dist(prev, p), dist(p, next))/2)
		a := toward(p, prev, rr)
		c := toward(p, next, rr)
		fmt.Fprintf(&b, " L%s %s Q%s %s %s %s", num(a.X), num(a.Y), num(p.X), num(p.Y), num(c.X), num(c.Y))
	}
	return b.String()
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

func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

func esc(s string) string { return html.EscapeString(s) }
