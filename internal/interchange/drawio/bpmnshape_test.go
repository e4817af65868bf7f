package drawio_test

import (
	"fmt"
	"strings"
	"testing"

	"flowzap/internal/interchange/drawio"
	"flowzap/internal/interchange/ixtest"
)

// TestImportBPMNPaletteShapes: the BPMN palette's older shape
// (shape=mxgraph.bpmn.shape) is a gateway when its background is
// "gateway" and an event when it has an outline. They were read as
// rectangles: an unlabelled parallel gateway was dropped as a decoration
// with every connector through it, and a labelled gateway became a step.
func TestImportBPMNPaletteShapes(t *testing.T) {
	const gw = "shape=mxgraph.bpmn.shape;html=1;verticalLabelPosition=bottom;verticalAlign=top;perimeter=rhombusPerimeter;background=gateway;outlineConnect=0;outline=none;symbol=%s;"
	const ev = "shape=mxgraph.bpmn.shape;html=1;verticalLabelPosition=bottom;verticalAlign=top;perimeter=ellipsePerimeter;outlineConnect=0;outline=%s;symbol=general;"
	var cells []string
	v := func(id, value, style string, x int) {
		cells = append(cells, fmt.Sprintf(`<mxCell id="%s" value="%s" style="%s" vertex="1" parent="1"><mxGeometry x="%d" y="100" width="50" height="50" as="geometry"/></mxCell>`, id, value, style, x))
	}
	e := func(id, from, to, value string) {
		cells = append(cells, fmt.Sprintf(`<mxCell id="%s" value="%s" style="edgeStyle=orthogonalEdgeStyle;html=1;" edge="1" parent="1" source="%s" target="%s"><mxGeometry relative="1" as="geometry"/></mxCell>`, id, value, from, to))
	}
	v("start", "", fmt.Sprintf(ev, "standard"), 0)
	v("split", "", fmt.Sprintf(gw, "parallelGw"), 100)
	v("visit", "Visit site", "rounded=1;whiteSpace=wrap;html=1;", 200)
	v("photos", "Review photos", "rounded=1;whiteSpace=wrap;html=1;", 300)
	v("ok", "Covered?", fmt.Sprintf(gw, "exclusiveGw"), 400)
	v("pay", "Pay out", "rounded=1;whiteSpace=wrap;html=1;", 500)
	v("end", "", fmt.Sprintf(ev, "end"), 600)
	e("e1", "start", "split", "")
	e("e2", "split", "visit", "")
	e("e3", "split", "photos", "")
	e("e4", "visit", "ok", "")
	e("e5", "photos", "ok", "")
	e("e6", "ok", "pay", "yes")
	e("e7", "ok", "end", "no")
	e("e8", "pay", "end", "")
	src := `<mxfile><diagram id="p" name="Claim"><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		strings.Join(cells, "") + `</root></mxGraphModel></diagram></mxfile>`
	doc, out := ixtest.Import(t, "x.drawio", []byte(src), drawio.Import)
	var nodes, edges []string
	for _, n := range doc.Nodes {
		nodes = append(nodes, string(n.Shape)+" "+n.Label)
	}
	for _, e := range doc.Edges {
		edges = append(edges, e.From.Label+">"+e.To.Label+" "+e.Label)
	}
	if got, want := strings.Join(nodes, ", "), "circle Start, rectangle Visit site, rectangle Review photos, diamond Covered?, rectangle Pay out, circle End"; got != want {
		t.Errorf("nodes %s\nwant  %s\n%s", got, want, out)
	}
	if got, want := strings.Join(edges, ", "), "Start>Visit site , Start>Review photos , Visit site>Covered? , Review photos>Covered? , Covered?>Pay out yes, Covered?>End no, Pay out>End "; got != want {
		t.Errorf("edges %s\nwant  %s\n%s", got, want, out)
	}
}
