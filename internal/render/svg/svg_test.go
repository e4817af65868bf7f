package svg

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/scene"
)

// testScene has one item of every kind, two arrow colours and text that
// must be escaped.
func testScene() *scene.Scene {
	return &scene.Scene{View: "workflow", Width: 200, Height: 120, Background: "#fff", Items: []scene.Item{
		&scene.Group{Kind: "node", ID: `n1"><script>`, Class: "circle", Title: `Start & <go>`, Items: []scene.Item{
			&scene.Ellipse{C: geom.Point{X: 30, Y: 30}, RX: 20, RY: 20, Fill: "#dcfce7", Stroke: scene.Stroke{Color: "#16a34a", Width: 2}},
			&scene.Text{X: 30, Y: 34, Lines: []string{"A < B", "& C"}, Size: 14, Color: "#111", Anchor: scene.Middle, LineHeight: 18},
		}},
		&scene.Rect{R: geom.Rect{X: 100, Y: 10, W: 80, H: 40}, Radius: 6, Fill: "#eef", Stroke: scene.Stroke{Color: "#334", Width: 1, Dash: true}},
		&scene.Polygon{Points: []geom.Point{{X: 10, Y: 100}, {X: 20, Y: 90}, {X: 30, Y: 100}}, Fill: "#fef3c7"},
		&scene.Group{Kind: "edge", ID: "n1->n2", Items: []scene.Item{
			&scene.Path{Points: []geom.Point{{X: 50, Y: 30}, {X: 70, Y: 30}, {X: 70, Y: 60}, {X: 100, Y: 60}}, Radius: 8, Stroke: scene.Stroke{Color: "#475569", Width: 1.5}, Arrow: true},
			&scene.Path{Points: []geom.Point{{X: 50, Y: 40}, {X: 100, Y: 40}}, Stroke: scene.Stroke{Color: "#475569", Width: 1.5}, Arrow: true},
			&scene.Path{Points: []geom.Point{{X: 50, Y: 50}, {X: 100, Y: 50}}, Stroke: scene.Stroke{Color: "#dc2626", Width: 1.5}, Arrow: true},
		}},
	}}
}

func render(t *testing.T, sc *scene.Scene, opts Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, sc, opts); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestWellFormed parses the output as XML and checks the root element, the
// semantic groups and that user text never escapes its attribute or element.
func TestWellFormed(t *testing.T) {
	out := render(t, testScene(), Options{})
	dec := xml.NewDecoder(strings.NewReader(out))
	var root string
	groups, texts, titles, ids := 0, []string{}, []string{}, []string{}
	var inText, inTitle bool
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, out)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = x.Name.Local
				for _, a := range x.Attr {
					if a.Name.Local == "viewBox" && a.Value != "0 0 200 120" {
						t.Errorf("viewBox = %q", a.Value)
					}
				}
			}
			switch x.Name.Local {
			case "g":
				groups++
				for _, a := range x.Attr {
					if a.Name.Local == "data-id" {
						ids = append(ids, a.Value)
					}
				}
			case "script":
				t.Errorf("user text produced a <script> element")
			case "tspan":
				inText = true
			case "title":
				inTitle = true
			}
		case xml.EndElement:
			inText, inTitle = false, false
		case xml.CharData:
			if inText {
				texts = append(texts, string(x))
			}
			if inTitle {
				titles = append(titles, string(x))
			}
		}
	}
	if root != "svg" || groups != 2 {
		t.Errorf("root %q with %d groups, want svg with 2", root, groups)
	}
	if strings.Join(texts, "|") != "A < B|& C" {
		t.Errorf("text lines = %q", texts)
	}
	if strings.Join(ids, "|") != `n1"><script>|n1->n2` {
		t.Errorf("data-id values = %q, want the IDs unchanged after unescaping", ids)
	}
	if len(titles) != 1 || titles[0] != "Start & <go>" {
		t.Errorf("titles = %q", titles)
	}
	if !strings.Contains(out, `stroke-dasharray="6 4"`) || !strings.Contains(out, `rx="6"`) {
		t.Errorf("the dashed rounded rectangle lost its style:\n%s", out)
	}
}

// TestOneMarkerPerColour checks that arrows share one marker per colour and
// that every marker-end points at a defined marker.
func TestOneMarkerPerColour(t *testing.T) {
	out := render(t, testScene(), Options{})
	defined := regexp.MustCompile(`<marker id="([^"]+)"`).FindAllStringSubmatch(out, -1)
	used := regexp.MustCompile(`marker-end="url\(#([^)]+)\)"`).FindAllStringSubmatch(out, -1)
	if len(defined) != 2 || len(used) != 3 {
		t.Fatalf("%d markers defined, %d used; want 2 and 3", len(defined), len(used))
	}
	ids := map[string]bool{}
	for _, m := range defined {
		ids[m[1]] = true
	}
	for _, m := range used {
		if !ids[m[1]] {
			t.Errorf("marker %s is used but not defined", m[1])
		}
	}
}

// TestEmbedFont checks that the fonts are embedded only when asked.
func TestEmbedFont(t *testing.T) {
	plain := render(t, testScene(), Options{})
	embedded := render(t, testScene(), Options{EmbedFont: true})
	if strings.Contains(plain, "@font-face") || strings.Count(embedded, "@font-face") != 2 {
		t.Errorf("@font-face: %d without EmbedFont, %d with, want 0 and 2", strings.Count(plain, "@font-face"), strings.Count(embedded, "@font-face"))
	}
	if len(embedded) < len(plain)+100_000 {
		t.Errorf("embedded SVG is only %d bytes longer", len(embedded)-len(plain))
	}
}

// TestPathData checks straight runs, rounded bends and bends too short for
// the full radius.
func TestPathData(t *testing.T) {
	for _, c := range []struct {
		pts  []geom.Point
		r    float64
		want string
	}{
		{[]geom.Point{{X: 0, Y: 0}, {X: 10, Y: 0}}, 8, "M0 0 L10 0"},
		{[]geom.Point{{X: 0, Y: 0}, {X: 20, Y: 0}, {X: 20, Y: 20}}, 8, "M0 0 L12 0 Q20 0 20 8 L20 20"},
		{[]geom.Point{{X: 0, Y: 0}, {X: 4, Y: 0}, {X: 4, Y: 20}}, 8, "M0 0 L2 0 Q4 0 4 2 L4 20"},
		{[]geom.Point{{X: 0, Y: 0}, {X: 20, Y: 0}, {X: 20, Y: 20}}, 0, "M0 0 L20 0 L20 20"},
		{[]geom.Point{{X: 0.123, Y: 1.005}, {X: 2.5, Y: 1.005}}, 0, "M0.12 1 L2.5 1"},
	} {
		if got := PathData(c.pts, c.r); got != c.want {
			t.Errorf("PathData(%v, %v) = %q, want %q", c.pts, c.r, got, c.want)
		}
	}
}

// TestAppendNum: numbers are written as the shortest form of the value
// rounded to hundredths, exactly as strconv formats it, including
// negative zero, tiny and huge values.
func TestAppendNum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vals := []float64{0, math.Copysign(0, -1), -0.001, 0.004, 0.005, -0.005, 0.015, 1.005, 2.675, 99.995, -12.5, 1e11, 1e10 + 0.07,
		123456789.125, -1e13, 1e300, math.NaN(), math.Inf(1), math.Inf(-1), 5e-324}
	for range 200000 {
		vals = append(vals, (rng.Float64()-0.5)*math.Pow(10, float64(rng.IntN(14))))
		vals = append(vals, float64(rng.IntN(400000)-200000)/float64([]int{1, 2, 4, 8, 10, 100, 3}[rng.IntN(7)]))
	}
	for _, v := range vals {
		want := "0"
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			want = strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
		}
		if got := string(appendNum(nil, v)); got != want {
			t.Fatalf("appendNum(%v) = %q, want %q", v, got, want)
		}
	}
}
