package raster

import (
	"bytes"
	"context"
	"image/color"
	"image/png"
	"math"
	"regexp"
	"strings"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/scene"
)

// testScene is a white page with a filled red rectangle on the left, a
// blue circle on the right and a line of text.
func testScene() *scene.Scene {
	return &scene.Scene{View: "workflow", Width: 100, Height: 50, Background: "#ffffff", Items: []scene.Item{
		&scene.Rect{R: geom.Rect{X: 0, Y: 0, W: 100, H: 50}, Fill: "#ffffff"},
		&scene.Rect{R: geom.Rect{X: 10, Y: 10, W: 30, H: 30}, Fill: "#ff0000"},
		&scene.Group{Kind: "node", ID: "n1", Items: []scene.Item{
			&scene.Ellipse{C: geom.Point{X: 75, Y: 25}, RX: 12, RY: 12, Fill: "#0000ff"},
			&scene.Text{X: 75, Y: 48, Lines: []string{"Go ✓"}, Size: 8, Color: "#000000", Anchor: scene.Middle, LineHeight: 10},
		}},
		&scene.Path{Points: []geom.Point{{X: 40, Y: 25}, {X: 63, Y: 25}}, Stroke: scene.Stroke{Color: "#000000", Width: 1}, Arrow: true},
	}}
}

func near(c color.Color, r, g, b uint8) bool {
	cr, cg, cb, _ := c.RGBA()
	d := func(x uint32, y uint8) bool { return math.Abs(float64(x>>8)-float64(y)) <= 8 }
	return d(cr, r) && d(cg, g) && d(cb, b)
}

// TestPNG decodes the image and checks its size at two scales and the
// colours where the shapes are.
func TestPNG(t *testing.T) {
	for _, scale := range []float64{1, 2} {
		var b bytes.Buffer
		if err := PNG(&b, testScene(), scale); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatalf("scale %v: not a PNG: %v", scale, err)
		}
		w, h := img.Bounds().Dx(), img.Bounds().Dy()
		if w != int(100*scale) || h != int(50*scale) {
			t.Errorf("scale %v: image is %dx%d, want %dx%d", scale, w, h, int(100*scale), int(50*scale))
		}
		at := func(x, y float64) color.Color { return img.At(int(x*scale), int(y*scale)) }
		if c := at(25, 25); !near(c, 255, 0, 0) {
			t.Errorf("scale %v: inside the red rectangle: %v", scale, c)
		}
		if c := at(75, 25); !near(c, 0, 0, 255) {
			t.Errorf("scale %v: inside the blue circle: %v", scale, c)
		}
		if c := at(5, 45); !near(c, 255, 255, 255) {
			t.Errorf("scale %v: the background: %v", scale, c)
		}
		if c := at(50, 25); near(c, 255, 255, 255) {
			t.Errorf("scale %v: the edge between the shapes is not drawn", scale)
		}
	}
}

// TestPNGScale checks the scale limits and that huge diagrams are drawn
// smaller instead of exhausting memory.
func TestPNGScale(t *testing.T) {
	for _, bad := range []float64{0, -1, MaxScale + 0.5, math.NaN()} {
		if err := PNG(&bytes.Buffer{}, testScene(), bad); err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("scale %v: err = %v, want out of range", bad, err)
		}
	}
	if got := FitScale(100, 50, 2); got != 2 {
		t.Errorf("FitScale on a small scene = %v, want 2", got)
	}
	if got := FitScale(20000, 20000, 2); got*got*20000*20000 > MaxPixels*1.0001 || got >= 2 {
		t.Errorf("FitScale(20000, 20000, 2) = %v: the image would have %.0f pixels", got, got*got*20000*20000)
	}
}

// TestPDF checks that the PDF is one page of the scene's size (96 pixels
// per inch) with the text's font embedded.
func TestPDF(t *testing.T) {
	var b bytes.Buffer
	if err := PDF(&b, testScene()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "%PDF-") || !strings.Contains(out, "%%EOF") {
		t.Fatalf("not a PDF: %q...", out[:min(20, len(out))])
	}
	if n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAllString(out, -1)); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	// 100 x 50 px at 96 px per inch is 75 x 37.5 pt.
	if !regexp.MustCompile(`/MediaBox\s*\[0 0 75 37\.5\]`).MatchString(out) {
		t.Errorf("the page is not 75 x 37.5 pt:\n%s", firstLine(out, "/MediaBox"))
	}
	if !strings.Contains(out, "/FontFile") {
		t.Errorf("no embedded font program")
	}
}

func firstLine(s, sub string) string {
	i := strings.Index(s, sub)
	if i < 0 {
		return "(no " + sub + ")"
	}
	return s[i:min(len(s), i+80)]
}

// asked is a context that is done once it has been asked n times.
type asked struct {
	context.Context
	n, calls int
}

func (a *asked) Err() error {
	a.calls++
	if a.calls > a.n {
		return context.Canceled
	}
	return nil
}

// TestPNGStops: a PNG whose context ends stops drawing at the next path,
// returns the context's error and writes nothing; one whose context does
// not end is drawn whole.
func TestPNGStops(t *testing.T) {
	var b bytes.Buffer
	ctx := &asked{Context: context.Background(), n: 2}
	if err := PNGContext(ctx, &b, testScene(), 1); err != context.Canceled || b.Len() != 0 {
		t.Errorf("ended after two paths: %v, %d bytes written", err, b.Len())
	}
	// Each path or text asks once; after the end, nothing more is drawn
	// (the renderer is asked, not the rasterizer).
	if ctx.calls < 3 {
		t.Errorf("the context was asked %d times", ctx.calls)
	}
	ctx = &asked{Context: context.Background(), n: 1 << 30}
	if err := PNGContext(ctx, &b, testScene(), 1); err != nil || b.Len() == 0 {
		t.Errorf("not ended: %v, %d bytes", err, b.Len())
	}
	if ctx.calls < 4 {
		t.Errorf("a whole picture asked its context %d times: not between its paths", ctx.calls)
	}
}
