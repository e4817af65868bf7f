// Package raster draws a *scene.Scene as PNG or PDF in pure Go, with the
// embedded Inter fonts (and, for the characters Inter lacks, the fallback
// fonts of package fonts, shaped and in bidirectional order), through
// github.com/tdewolff/canvas. It draws the
// scene's display list directly (no SVG round trip), so PNG, PDF and SVG
// show the same geometry.
package raster

import (
	"context"
	"fmt"
	"image"
	"io"
	"math"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/benoitkugler/textprocessing/fribidi"
	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"
	"github.com/tdewolff/canvas/renderers/rasterizer"
	"github.com/tdewolff/font"

	"flowzap/internal/fonts"
	"flowzap/internal/geom"
	"flowzap/internal/scene"
)

// mmPerPx converts CSS pixels (96 per inch) to millimetres for PDF pages.
const mmPerPx = 25.4 / 96

var (
	familyOnce sync.Once
	family     *canvas.FontFamily
	familyErr  error
)

func fontFamily() (*canvas.FontFamily, error) {
	familyOnce.Do(func() {
		family = canvas.NewFontFamily(fonts.Family)
		if err := family.LoadFont(fonts.Regular, 0, canvas.FontRegular); err != nil {
			familyErr = err
			return
		}
		familyErr = family.LoadFont(fonts.SemiBold, 0, canvas.FontSemiBold)
	})
	return family, familyErr
}

// MaxPixels caps the size of a PNG. A larger image is drawn at the scale
// that fits, so a huge diagram still gives a (smaller) picture instead of
// exhausting memory; SVG and PDF have no such limit.
const MaxPixels = 100e6

// MaxScale is the largest PNG scale, in device pixels per scene pixel.
const MaxScale = 8

// FitScale returns the scale PNG will use for a w×h scene at the asked
// scale: the same, or smaller when the image would pass MaxPixels.
func FitScale(w, h, scale float64) float64 {
	if px := w * h * scale * scale; px > MaxPixels {
		return math.Sqrt(MaxPixels / (w * h))
	}
	return scale
}

// PNG writes sc as a PNG image, scale device pixels per scene pixel (see
// FitScale for very large diagrams).
func PNG(w io.Writer, sc *scene.Scene, scale float64) error {
	return PNGContext(context.Background(), w, sc, scale)
}

// PNGContext is [PNG] that stops once ctx is done, returning ctx's error
// and writing nothing: rasterising is most of a PNG's time (a picture of
// hundreds of nested dashed frames takes minutes), and ctx is asked
// between two of the picture's paths or texts.
func PNGContext(ctx context.Context, w io.Writer, sc *scene.Scene, scale float64) error {
	if scale <= 0 || scale > MaxScale || math.IsNaN(scale) {
		return fmt.Errorf("scale %v out of range: expected a number above 0 and at most %d", scale, MaxScale)
	}
	scale = FitScale(sc.Width, sc.Height, scale)
	if sc.Width*scale < 1 || sc.Height*scale < 1 {
		return fmt.Errorf("the diagram is too large for PNG (%.0f x %.0f pixels): render SVG or PDF", sc.Width, sc.Height)
	}
	c, err := draw(sc, 1)
	if err != nil {
		return err
	}
	img := image.NewRGBA(image.Rect(0, 0, int(c.W*scale+0.5), int(c.H*scale+0.5)))
	ras := rasterizer.FromImage(img, canvas.DPMM(scale), canvas.DefaultColorSpace)
	c.RenderTo(stopping{ras, ctx})
	ras.Close()
	if err := ctx.Err(); err != nil {
		return err
	}
	return encodePNG(w, img)
}

// stopping passes what it is given to draw to its renderer until ctx is
// done, then nothing.
type stopping struct {
	canvas.Renderer
	ctx context.Context
}

func (s stopping) RenderPath(p *canvas.Path, style canvas.Style, m canvas.Matrix) {
	if s.ctx.Err() == nil {
		s.Renderer.RenderPath(p, style, m)
	}
}

func (s stopping) RenderText(t *canvas.Text, m canvas.Matrix) {
	if s.ctx.Err() == nil {
		s.Renderer.RenderText(t, m)
	}
}

func (s stopping) RenderImage(img image.Image, m canvas.Matrix) {
	if s.ctx.Err() == nil {
		s.Renderer.RenderImage(img, m)
	}
}

// PDF writes sc as a one-page vector PDF, sized at 96 scene pixels per inch,
// with the fonts embedded as subsets.
func PDF(w io.Writer, sc *scene.Scene) error {
	c, err := draw(sc, mmPerPx)
	if err != nil {
		return err
	}
	r := pdf.New(w, c.W, c.H, nil)
	c.RenderTo(r)
	return r.Close()
}

func draw(sc *scene.Scene, k float64) (*canvas.Canvas, error) {
	fam, err := fontFamily()
	if err != nil {
		return nil, fmt.Errorf("loading fonts: %w", err)
	}
	c := canvas.New(sc.Width*k, sc.Height*k)
	ctx := canvas.NewContext(c)
	ctx.SetCoordSystem(canvas.CartesianIV)
	ctx.SetView(canvas.Identity.Scale(k, k))
	d := &drawer{ctx: ctx, fam: fam}
	for _, it := range sc.Items {
		d.item(it)
	}
	return c, nil
}

type drawer struct {
	ctx *canvas.Context
	fam *canvas.FontFamily
}

func (d *drawer) item(it scene.Item) {
	switch x := it.(type) {
	case *scene.Group:
		for _, c := range x.Items {
			d.item(c)
		}
	case *scene.Rect:
		d.fillStroke(roundedRect(x.R, x.Radius), x.Fill, x.Stroke)
	case *scene.Ellipse:
		p := canvas.Ellipse(x.RX, x.RY).Translate(x.C.X, x.C.Y)
		d.fillStroke(p, x.Fill, x.Stroke)
	case *scene.Polygon:
		p := &canvas.Path{}
		for i, pt := range x.Points {
			if i == 0 {
				p.MoveTo(pt.X, pt.Y)
			} else {
				p.LineTo(pt.X, pt.Y)
			}
		}
		p.Close()
		d.fillStroke(p, x.Fill, x.Stroke)
	case *scene.Path:
		d.polyline(x)
	case *scene.Text:
		d.text(x)
	}
}

func (d *drawer) fillStroke(p *canvas.Path, fill string, st scene.Stroke) {
	ctx := d.ctx
	ctx.Push()
	defer ctx.Pop()
	if fill != "" {
		ctx.SetFillColor(canvas.Hex(fill))
	} else {
		ctx.SetFillColor(canvas.Transparent)
	}
	if st.Color != "" && st.Width > 0 {
		ctx.SetStrokeColor(canvas.Hex(st.Color))
		ctx.SetStrokeWidth(st.Width)
		if st.Dash {
			ctx.SetDashes(0, 6, 4)
		}
	} else {
		ctx.SetStrokeColor(canvas.Transparent)
	}
	ctx.DrawPath(0, 0, p)
}

func roundedRect(r geom.Rect, rad float64) *canvas.Path {
	rad = math.Min(rad, math.Min(r.W, r.H)/2)
	p := &canvas.Path{}
	if rad <= 0 {
		p.MoveTo(r.X, r.Y)
		p.LineTo(r.Right(), r.Y)
		p.LineTo(r.Right(), r.Bottom())
		p.LineTo(r.X, r.Bottom())
		p.Close()
		return p
	}
	p.MoveTo(r.X+rad, r.Y)
	p.LineTo(r.Right()-rad, r.Y)
	p.QuadTo(r.Right(), r.Y, r.Right(), r.Y+rad)
	p.LineTo(r.Right(), r.Bottom()-rad)
	p.QuadTo(r.Right(), r.Bottom(), r.Right()-rad, r.Bottom())
	p.LineTo(r.X+rad, r.Bottom())
	p.QuadTo(r.X, r.Bottom(), r.X, r.Bottom()-rad)
	p.LineTo(r.X, r.Y+rad)
	p.QuadTo(r.X, r.Y, r.X+rad, r.Y)
	p.Close()
	return p
}

// polyline strokes an orthogonal path with rounded bends and draws its
// arrowhead, shortening the line so it does not poke through the tip.
func (d *drawer) polyline(x *scene.Path) {
	pts := append([]geom.Point(nil), x.Points...)
	if len(pts) < 2 {
		return
	}
	const head = 8.0
	n := len(pts)
	tip, from := pts[n-1], pts[n-2]
	l := math.Hypot(tip.X-from.X, tip.Y-from.Y)
	ux, uy := 0.0, 0.0
	if l > 0 {
		ux, uy = (tip.X-from.X)/l, (tip.Y-from.Y)/l
	}
	if x.Arrow && l > head/2 {
		pts[n-1] = geom.Point{X: tip.X - ux*head*0.6, Y: tip.Y - uy*head*0.6}
	}
	p := &canvas.Path{}
	p.MoveTo(pts[0].X, pts[0].Y)
	for i := 1; i < len(pts); i++ {
		if i == len(pts)-1 || x.Radius <= 0 {
			p.LineTo(pts[i].X, pts[i].Y)
			continue
		}
		prev, cur, next := pts[i-1], pts[i], pts[i+1]
		r := math.Min(x.Radius, math.Min(dist(prev, cur), dist(cur, next))/2)
		a, b := toward(cur, prev, r), toward(cur, next, r)
		p.LineTo(a.X, a.Y)
		p.QuadTo(cur.X, cur.Y, b.X, b.Y)
	}
	ctx := d.ctx
	ctx.Push()
	ctx.SetFillColor(canvas.Transparent)
	ctx.SetStrokeColor(canvas.Hex(x.Stroke.Color))
	ctx.SetStrokeWidth(x.Stroke.Width)
	ctx.SetStrokeJoiner(canvas.RoundJoin)
	if x.Stroke.Dash {
		ctx.SetDashes(0, 6, 4)
	}
	ctx.DrawPath(0, 0, p)
	ctx.Pop()
	if x.Arrow {
		h := &canvas.Path{}
		h.MoveTo(tip.X, tip.Y)
		h.LineTo(tip.X-ux*head-uy*head*0.45, tip.Y-uy*head+ux*head*0.45)
		h.LineTo(tip.X-ux*head+uy*head*0.45, tip.Y-uy*head-ux*head*0.45)
		h.Close()
		d.fillStroke(h, x.Stroke.Color, scene.Stroke{})
	}
}

func dist(a, b geom.Point) float64 { return math.Abs(a.X-b.X) + math.Abs(a.Y-b.Y) }

func toward(p, q geom.Point, dd float64) geom.Point {
	l := dist(p, q)
	if l == 0 {
		return p
	}
	return geom.Point{X: p.X + (q.X-p.X)*dd/l, Y: p.Y + (q.Y-p.Y)*dd/l}
}

func (d *drawer) text(x *scene.Text) {
	style := canvas.FontRegular
	if x.Bold {
		style = canvas.FontSemiBold
	}
	// Face sizes are in points; one scene unit is one pixel here.
	face := d.fam.Face(x.Size*72/25.4, canvas.Hex(x.Color), style, canvas.FontNormal)
	face.Hinting = font.NoHinting
	for i, line := range x.Lines {
		if line == "" {
			continue
		}
		y := x.Y + float64(i)*x.LineHeight
		runs := Runs(line)
		if len(runs) == 1 && runs[0].Font == 0 && runs[0].Level == 0 {
			align := [...]canvas.TextAlign{canvas.Left, canvas.Center, canvas.Right}[x.Anchor]
			d.ctx.DrawText(x.X, y, shapeLine(face, line, align))
			continue
		}
		// Several fonts or right-to-left text: each run is shaped in its
		// own font and the runs are placed left to right in visual order.
		texts := make([]*canvas.Text, len(runs))
		width := 0.0
		for k, r := range runs {
			f := face
			if r.Font > 0 {
				fb, err := fallbackFont(r.Font - 1)
				if err != nil {
					continue
				}
				f = fb.Face(x.Size*72/25.4, canvas.Hex(x.Color))
				f.Hinting = font.NoHinting
				if x.Bold {
					f.FauxBold = 0.02
				}
			}
			texts[k] = shapeLine(f, r.Text, canvas.Left)
			width += texts[k].Width
		}
		left := x.X - [...]float64{0, width / 2, width}[x.Anchor]
		for _, t := range texts {
			if t != nil {
				d.ctx.DrawText(left, y, t)
				left += t.Width
			}
		}
	}
}

// shapeMu serialises shaping: the shaper keeps a glyph cache per font
// that is not safe for concurrent use, and fonts are shared by every
// render in the process.
var shapeMu sync.Mutex

func shapeLine(face *canvas.FontFace, s string, align canvas.TextAlign) *canvas.Text {
	shapeMu.Lock()
	defer shapeMu.Unlock()
	return canvas.NewTextLine(face, s, align)
}

var (
	fallbackMu    sync.Mutex
	fallbackFonts = map[int]*canvas.Font{}
)

// fallbackFont loads fonts.Fallbacks()[i] for drawing, once.
func fallbackFont(i int) (*canvas.Font, error) {
	fallbackMu.Lock()
	defer fallbackMu.Unlock()
	if f, ok := fallbackFonts[i]; ok {
		return f, nil
	}
	fb := fonts.Fallbacks()[i]
	f, err := canvas.LoadFont(fb.Data, 0, canvas.FontRegular)
	if err != nil {
		return nil, fmt.Errorf("loading font %s: %w", fb.Name, err)
	}
	fallbackFonts[i] = f
	return f, nil
}

// mirror maps the brackets that swap in right-to-left text.
var mirror = map[rune]rune{'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«'}

// Run is a piece of a line drawn in one font at one bidirectional level.
type Run struct {
	Text  string
	Font  int // 0 Inter, i+1 fonts.Fallbacks()[i] (see fonts.Lookup)
	Level int // bidirectional embedding level: odd is right to left
}

// Runs splits a line into runs of one font and one bidirectional level,
// in visual order (left to right), the way PNG and PDF draw it. The line's
// base direction is left to right, as in the SVG output. Combining marks,
// joiners and variation selectors stay with the character before them;
// brackets at a right-to-left level are mirrored.
func Runs(line string) []Run {
	rs := []rune(line)
	font := make([]int, len(rs))
	simple := true
	for i, r := range rs {
		if r >= utf8.RuneSelf {
			simple = false
			font[i] = fonts.Lookup(r)
		}
	}
	if simple {
		return []Run{{Text: line}}
	}
	for i, r := range rs {
		if i > 0 && fonts.Attached(r) {
			font[i] = font[i-1]
		}
	}
	pbase := fribidi.CharType(fribidi.LTR)
	vis, _ := fribidi.LogicalToVisual(fribidi.DefaultFlags, rs, &pbase)
	level := make([]int, len(rs))
	for i := range rs {
		if i < len(vis.EmbeddingLevels) {
			level[i] = int(vis.EmbeddingLevels[i])
		}
		if i > 0 && fonts.Attached(rs[i]) {
			level[i] = level[i-1]
		}
	}
	for i, r := range rs { // brackets in right-to-left text are mirrored
		if m, ok := mirror[r]; ok && level[i]%2 == 1 {
			rs[i] = m
		}
	}
	var runs []Run
	start := 0
	for i := 1; i <= len(rs); i++ {
		if i == len(rs) || font[i] != font[start] || level[i] != level[start] {
			piece := rs[start:i]
			if level[start]%2 == 1 && font[start] == 0 {
				// Spaces and punctuation between right-to-left words: the
				// shaper sees no strong direction in them, so reverse here.
				slices.Reverse(piece)
			}
			runs = append(runs, Run{Text: string(piece), Font: font[start], Level: level[start]})
			start = i
		}
	}
	// Reverse every sequence of runs at each level and above, from the
	// highest level down to the lowest odd one (rule L2 of the Unicode
	// bidirectional algorithm).
	maxLevel, minOdd := 0, 1<<30
	for _, r := range runs {
		maxLevel = max(maxLevel, r.Level)
		if r.Level%2 == 1 {
			minOdd = min(minOdd, r.Level)
		}
	}
	for lv := maxLevel; lv >= minOdd; lv-- {
		for i := 0; i < len(runs); {
			if runs[i].Level < lv {
				i++
				continue
			}
			j := i
			for j < len(runs) && runs[j].Level >= lv {
				j++
			}
			slices.Reverse(runs[i:j])
			i = j
		}
	}
	return runs
}
