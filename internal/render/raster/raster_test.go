package raster

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/fonts"
	"flowzap/internal/geom"
	"flowzap/internal/scene"
	"flowzap/internal/textmeasure"
)

// samples are labels in fourteen scripts (and emoji).
var samples = []struct{ script, text string }{
	{"Chinese", "下单成功"},
	{"Japanese", "こんにちは世界"},
	{"Korean", "안녕하세요"},
	{"Arabic", "مرحبا بالعالم"},
	{"Hebrew", "שלום עולם"},
	{"Devanagari", "नमस्ते दुनिया"},
	{"Bengali", "বাংলা"},
	{"Tamil", "தமிழ்"},
	{"Thai", "สวัสดีชาวโลก"},
	{"Georgian", "ქართული"},
	{"Armenian", "Բարեւ"},
	{"Cyrillic", "Привет, мир"},
	{"Greek", "Γειά σου κόσμε"},
	{"Emoji", "🚀👍🎉"},
}

const size = 14.0

// textScene is one line of text, left-aligned at x=10.
func textScene(s string) *scene.Scene {
	return &scene.Scene{Width: 400, Height: 40, Items: []scene.Item{
		&scene.Rect{R: geom.Rect{W: 400, H: 40}, Fill: "#ffffff"},
		&scene.Text{X: 10, Y: 26, Lines: []string{s}, Size: size, Color: "#000000", LineHeight: size * 1.3},
	}}
}

// ink returns the dark pixels of img (as a set of points) and their
// horizontal extent.
func ink(img image.Image) (map[image.Point]bool, int, int) {
	set := map[image.Point]bool{}
	lo, hi := 1<<30, -1
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bb, _ := img.At(x, y).RGBA()
			if (r+g+bb)/3 < 0x9000 {
				set[image.Point{X: x, Y: y}] = true
				lo, hi = min(lo, x), max(hi, x)
			}
		}
	}
	return set, lo, hi
}

func renderPNG(t *testing.T, sc *scene.Scene) image.Image {
	t.Helper()
	var b bytes.Buffer
	if err := PNG(&b, sc, 1); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestPNGDrawsEveryScript renders each sample and the same number of
// characters no font has (Inter's missing-glyph boxes, which is how these
// scripts came out before fallback fonts): the pictures must differ, every
// character must have a font, and the ink must fit in the width the layout
// measured (so boxes fit their text).
func TestPNGDrawsEveryScript(t *testing.T) {
	m := textmeasure.Default()
	for _, s := range samples {
		for _, r := range s.text {
			if r > 0x7f && r != ' ' && !fonts.Attached(r) && fonts.Lookup(r) == 0 && m.RuneAdvance(r, false) == 0.6 {
				t.Errorf("%s: no font draws %q (U+%04X)", s.script, r, r)
			}
		}
		got, lo, hi := ink(renderPNG(t, textScene(s.text)))
		if len(got) < 40 {
			t.Errorf("%s: %q drew only %d dark pixels", s.script, s.text, len(got))
			continue
		}
		boxes := strings.Repeat("\U000F0001", len([]rune(strings.ReplaceAll(s.text, " ", ""))))
		tofu, _, _ := ink(renderPNG(t, textScene(boxes)))
		same := 0
		for p := range got {
			if tofu[p] {
				same++
			}
		}
		if union := len(got) + len(tofu) - same; float64(same) > 0.5*float64(union) {
			t.Errorf("%s: %q looks like missing-glyph boxes (%d of %d dark pixels shared)", s.script, s.text, same, union)
		}
		w := m.Width(s.text, size, false)
		if drawn := float64(hi - lo + 1); drawn > w*1.1+3 || drawn < w*0.4 {
			t.Errorf("%s: %q is drawn %.0f px wide but measured %.0f px", s.script, s.text, drawn, w)
		}
	}
}

// TestRunsRightToLeft: Hebrew and Arabic runs come out right to left, in
// the visual order the browser shows for a left-to-right line, with
// brackets mirrored.
func TestRunsRightToLeft(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{"abc שלום def", "abc |שלום/1| def"},
		{"שלום עולם", "עולם/1| /1|שלום/1"},
		{"שלום (order 42)", "שלום/1| (order 42)"},
		{"שלום (עולם)", "(/1|עולם/1|) /1|שלום/1"},
		{"下单 (order)", "下单| (order)"},
		{"Ship 🚀", "Ship |🚀"},
	} {
		var parts []string
		for _, r := range Runs(c.line) {
			p := r.Text
			if r.Level%2 == 1 {
				p += "/1"
			}
			parts = append(parts, p)
		}
		if got := strings.Join(parts, "|"); got != c.want {
			t.Errorf("Runs(%q) = %s, want %s", c.line, got, c.want)
		}
	}
}

// TestPDFText renders the samples to PDF: the simple scripts' text must be
// extractable (pdftotext) and the page must show as much ink as the PNG
// (pdftoppm), so nothing is dropped or drawn as boxes.
func TestPDFText(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run scripts/ensure-poppler.sh (make test does)", tool)
		}
	}
	var lines []string
	for _, s := range samples {
		lines = append(lines, s.text)
	}
	sc := &scene.Scene{Width: 400, Height: float64(20 + 22*len(lines)), Items: []scene.Item{
		&scene.Rect{R: geom.Rect{W: 400, H: float64(20 + 22*len(lines))}, Fill: "#ffffff"},
		&scene.Text{X: 10, Y: 24, Lines: lines, Size: size, Color: "#000000", LineHeight: 22},
	}}
	dir := t.TempDir()
	var b bytes.Buffer
	if err := PDF(&b, sc); err != nil {
		t.Fatal(err)
	}
	pdfPath := filepath.Join(dir, "s.pdf")
	if err := os.WriteFile(pdfPath, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", pdfPath, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"下单成功", "こんにちは世界", "안녕하세요", "Привет, мир", "สวัสดีชาวโลก", "ქართული", "🚀"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("PDF text lacks %q; pdftotext gave:\n%s", want, out)
		}
	}
	if err := exec.Command("pdftoppm", "-png", "-r", "96", "-singlefile", pdfPath, filepath.Join(dir, "page")).Run(); err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	f, err := os.Open(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	fromPDF, _, _ := ink(page)
	fromPNG, _, _ := ink(renderPNG(t, sc))
	if r := float64(len(fromPDF)) / float64(len(fromPNG)); r < 0.7 || r > 1.4 {
		t.Errorf("the PDF page has %d dark pixels, the PNG %d: text is missing or drawn differently", len(fromPDF), len(fromPNG))
	}
}

func BenchmarkPNGScripts(b *testing.B) {
	var lines []string
	for _, s := range samples {
		lines = append(lines, s.text)
	}
	sc := textScene(strings.Join(lines, " "))
	PNG(&bytes.Buffer{}, sc, 1) // unpack and load the fallback fonts once
	for b.Loop() {
		PNG(&bytes.Buffer{}, sc, 1)
	}
}

func BenchmarkPNGLatin(b *testing.B) {
	sc := textScene("Approve the purchase order and notify the requester by email today")
	for b.Loop() {
		PNG(&bytes.Buffer{}, sc, 1)
	}
}

// TestConcurrentRenders draws the samples from several goroutines at once,
// as the server does; under -race it guards the shared fonts and shaper.
func TestConcurrentRenders(t *testing.T) {
	done := make(chan error)
	for i := 0; i < 3; i++ {
		go func() {
			for _, s := range samples {
				if err := PNG(&bytes.Buffer{}, textScene(s.text), 1); err != nil {
					done <- err
					return
				}
				if err := PDF(&bytes.Buffer{}, textScene(s.text)); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for i := 0; i < 3; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
