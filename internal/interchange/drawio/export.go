// Package drawio converts between FlowZap Code and draw.io / diagrams.net
// files (.drawio, an mxfile holding mxGraph models).
//
// Export writes swimlane containers for the lanes, the nodes inside them
// at our workflow layout's coordinates, orthogonal edges with our
// waypoints, exit and entry points and labels, and loop frames (a frame
// drawn as an outline is a shape of that outline), so the
// diagram opens in diagrams.net looking like our picture and can be
// edited there. FlowZap attributes ride on each cell as custom data
// (Edit Data in diagrams.net), so a file that went through diagrams.net
// imports back unchanged. Import reads our files and hand-made ones:
// swimlanes (pools with lanes, or lanes alone), shapes, edges with their
// labels, in compressed or plain form.
package drawio

import (
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"

	"flowzap/internal/interchange"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// Cell ID prefixes of the elements that are not nodes.
const (
	lanePrefix = "fz_lane_"
	edgePrefix = "fz_edge_"
	loopPrefix = "fz_loop_"
)

func attr(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\n':
			b.WriteString("&#10;")
		case '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func num(v float64) string { return strconv.FormatFloat(float64(int64(v*100+0.5))/100, 'f', -1, 64) }

// label is the HTML a node shows: its label (a taskbox's title in bold
// with its items and attributes as lines).
func label(n *model.Node) string {
	if n.Shape != model.Taskbox {
		lines := []string{html.EscapeString(n.Label)}
		return strings.Join(lines, "<br>")
	}
	lines := []string{"<b>" + html.EscapeString(n.Title()) + "</b>"}
	for _, it := range n.Items() {
		lines = append(lines, "• "+html.EscapeString(it))
	}
	if n.Owner != "" {
		lines = append(lines, "<i>Owner: "+html.EscapeString(n.Owner)+"</i>")
	}
	if n.System != "" {
		lines = append(lines, "<i>System: "+html.EscapeString(n.System)+"</i>")
	}
	return strings.Join(lines, "<br>")
}

var styles = map[model.Shape]string{
	model.Circle:    "ellipse;whiteSpace=wrap;html=1;aspect=fixed;fillColor=#dae8fc;strokeColor=#6c8ebf;",
	model.Rectangle: "rounded=1;whiteSpace=wrap;html=1;arcSize=12;fillColor=#ffffff;strokeColor=#666666;",
	model.Diamond:   "rhombus;whiteSpace=wrap;html=1;fillColor=#fff2cc;strokeColor=#d6b656;",
	model.Taskbox:   "rounded=0;whiteSpace=wrap;html=1;align=left;spacingLeft=8;verticalAlign=top;fillColor=#f5f5f5;strokeColor=#666666;",
}

// Export writes d as an uncompressed .drawio file.
func Export(w io.Writer, d *interchange.Diagram) error {
	if d.Workflow == nil {
		return fmt.Errorf("draw.io export needs the workflow layout")
	}
	doc := d.Doc
	var b strings.Builder
	name := d.Name
	if name == "" {
		name = "Diagram"
	}
	fmt.Fprintf(&b, "<mxfile host=\"flowzap\" agent=\"flowzap\" type=\"device\">\n")
	fmt.Fprintf(&b, "  <diagram id=\"flowzap-%s\" name=\"%s\">\n", attr(interchange.ASCIIIdent(name)), attr(name))
	fmt.Fprintf(&b, "    <mxGraphModel grid=\"1\" gridSize=\"10\" guides=\"1\" tooltips=\"1\" connect=\"1\" arrows=\"1\" fold=\"1\" page=\"1\" pageScale=\"1\" pageWidth=\"%s\" pageHeight=\"%s\" math=\"0\" shadow=\"0\">\n",
		num(d.Workflow.Width), num(d.Workflow.Height))
	b.WriteString("      <root>\n        <mxCell id=\"0\" />\n        <mxCell id=\"1\" parent=\"0\" />\n")
	laneID := map[*model.Lane]string{}
	laneBox := map[*model.Lane]scene.Box{}
	for i, l := range doc.Lanes {
		id := lanePrefix + strconv.Itoa(i+1)
		laneID[l] = id
		box, _ := d.LaneBox(l)
		laneBox[l] = box
		head := 30.0
		for _, lb := range d.Workflow.Lanes {
			if lb.ID == l.ID && lb.Header != nil && lb.Header.W > 0 {
				head = lb.Header.W
			}
		}
		fmt.Fprintf(&b, "        <object id=\"%s\" label=\"%s\" flowzap=\"lane\" flowzapId=\"%s\">\n", id, attr(html.EscapeString(l.Label)), attr(l.ID))
		fmt.Fprintf(&b, "          <mxCell style=\"swimlane;horizontal=0;startSize=%s;html=1;whiteSpace=wrap;fillColor=#f8f9fa;swimlaneFillColor=#ffffff;strokeColor=#9aa0a6;fontStyle=1;collapsible=0;\" vertex=\"1\" parent=\"1\">\n", num(head))
		fmt.Fprintf(&b, "            <mxGeometry x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" as=\"geometry\" />\n", num(box.X), num(box.Y), num(box.W), num(box.H))
		b.WriteString("          </mxCell>\n        </object>\n")
	}
	for i, lp := range d.Workflow.Loops {
		if i >= len(doc.Loops) {
			break
		}
		fmt.Fprintf(&b, "        <object id=\"%s%d\" label=\"%s\" flowzap=\"loop\" condition=\"%s\" nodes=\"%s\">\n", loopPrefix, i+1,
			attr(html.EscapeString("loop ["+doc.Loops[i].Condition+"]")), attr(doc.Loops[i].Condition), attr(strings.Join(lp.Nodes, " ")))
		style := "rounded=1;arcSize=4;dashed=1;fillColor=none;strokeColor=#7e57c2;verticalAlign=top;align=left;spacingLeft=6;html=1;fontColor=#5e35b1;"
		if len(lp.Outline) >= 4 {
			style = loopOutlineStyle(lp)
		}
		fmt.Fprintf(&b, "          <mxCell style=\"%s\" vertex=\"1\" parent=\"1\">\n", style)
		fmt.Fprintf(&b, "            <mxGeometry x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" as=\"geometry\" />\n", num(lp.X), num(lp.Y), num(lp.W), num(lp.H))
		b.WriteString("          </mxCell>\n        </object>\n")
	}
	for _, n := range doc.Nodes {
		box, _ := d.Box(n)
		lb := laneBox[n.Lane]
		extra := ""
		for _, kv := range [][2]string{{"owner", n.Owner}, {"system", n.System}, {"description", n.Description}} {
			if kv[1] != "" {
				extra += fmt.Sprintf(" %s=\"%s\"", kv[0], attr(kv[1]))
			}
		}
		if n.Shape == model.Taskbox {
			extra += fmt.Sprintf(" flowzapLabel=\"%s\"", attr(n.Label))
		}
		fmt.Fprintf(&b, "        <object id=\"%s\" label=\"%s\" flowzap=\"%s\"%s>\n", attr(n.ID), attr(label(n)), n.Shape, extra)
		fmt.Fprintf(&b, "          <mxCell style=\"%s\" vertex=\"1\" parent=\"%s\">\n", styles[n.Shape], laneID[n.Lane])
		fmt.Fprintf(&b, "            <mxGeometry x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" as=\"geometry\" />\n", num(box.X-lb.X), num(box.Y-lb.Y), num(box.W), num(box.H))
		b.WriteString("          </mxCell>\n        </object>\n")
	}
	for _, e := range doc.Edges {
		style := "edgeStyle=orthogonalEdgeStyle;rounded=0;orthogonalLoop=1;jettySize=auto;html=1;endArrow=block;endFill=1;"
		r := d.Route(e)
		fs, ts := d.Sides(e)
		if r != nil && len(r.Points) >= 2 {
			fb, _ := d.Box(e.From)
			tb, _ := d.Box(e.To)
			p, q := r.Points[0], r.Points[len(r.Points)-1]
			style += fmt.Sprintf("exitX=%s;exitY=%s;exitDx=0;exitDy=0;entryX=%s;entryY=%s;entryDx=0;entryDy=0;",
				num(frac(p[0]-fb.X, fb.W)), num(frac(p[1]-fb.Y, fb.H)), num(frac(q[0]-tb.X, tb.W)), num(frac(q[1]-tb.Y, tb.H)))
		} else {
			ex, ey := sidePoint(fs)
			nx, ny := sidePoint(ts)
			style += fmt.Sprintf("exitX=%s;exitY=%s;entryX=%s;entryY=%s;", num(ex), num(ey), num(nx), num(ny))
		}
		value := ""
		if e.Label != "" {
			value = html.EscapeString(e.Label)
			style += "labelBackgroundColor=#ffffff;"
		}
		fmt.Fprintf(&b, "        <mxCell id=\"%s%s\" value=\"%s\" style=\"%s\" edge=\"1\" parent=\"1\" source=\"%s\" target=\"%s\">\n",
			edgePrefix, interchange.EdgeID(e), attr(value), style, attr(e.From.ID), attr(e.To.ID))
		if r != nil && len(r.Points) > 2 {
			b.WriteString("          <mxGeometry relative=\"1\" as=\"geometry\">\n            <Array as=\"points\">\n")
			for _, p := range r.Points[1 : len(r.Points)-1] {
				fmt.Fprintf(&b, "              <mxPoint x=\"%s\" y=\"%s\" />\n", num(p[0]), num(p[1]))
			}
			b.WriteString("            </Array>\n          </mxGeometry>\n")
		} else {
			b.WriteString("          <mxGeometry relative=\"1\" as=\"geometry\" />\n")
		}
		b.WriteString("        </mxCell>\n")
	}
	b.WriteString("      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func frac(v, size float64) float64 {
	if size <= 0 {
		return 0.5
	}
	f := v / size
	return min(1, max(0, f))
}

func sidePoint(s model.Side) (float64, float64) {
	switch s {
	case model.Left:
		return 0, 0.5
	case model.Top:
		return 0.5, 0
	case model.Bottom:
		return 0.5, 1
	}
	return 1, 0.5
}

// loopRadius is the corner radius of an outlined loop frame, as in our
// picture.
const loopRadius = 10.0

// loopOutlineStyle is the style of a loop frame drawn as its outline (a
// box per lane joined across the lanes between, which takes in no other
// step): a shape of its own, in the form diagrams.net's Edit Shape
// dialog writes (shape=stencil(...), the stencil's XML URL-encoded,
// deflated and in base64), on the frame's bounding box. The title sits
// in the outline's top-left corner, where our picture draws it.
func loopOutlineStyle(lp scene.LoopBox) string {
	p0 := lp.Outline[0]
	return "shape=stencil(" + stencil(loopStencil(lp)) + ");dashed=1;fillColor=none;strokeColor=#7e57c2;strokeWidth=1.25;pointerEvents=0;" +
		"verticalAlign=top;align=left;spacingLeft=" + num(p0[0]-lp.X+8) + ";spacingTop=" + num(p0[1]-lp.Y) + ";html=1;fontColor=#5e35b1;"
}

// loopStencil returns the stencil drawing lp's outline in lp's box, its
// corners rounded by loopRadius (less on short sides).
func loopStencil(lp scene.LoopBox) string {
	pts := lp.Outline
	n := len(pts)
	at := func(i int) [2]float64 { return pts[(i%n+n)%n] }
	// towards returns the point r px from p towards q.
	towards := func(p, q [2]float64, r float64) [2]float64 {
		d := math.Hypot(q[0]-p[0], q[1]-p[1])
		if d == 0 {
			return p
		}
		return [2]float64{p[0] + (q[0]-p[0])*r/d, p[1] + (q[1]-p[1])*r/d}
	}
	radius := func(i int) float64 {
		p := at(i)
		a, b := at(i-1), at(i+1)
		return min(loopRadius, math.Hypot(p[0]-a[0], p[1]-a[1])/2, math.Hypot(p[0]-b[0], p[1]-b[1])/2)
	}
	xy := func(p [2]float64) string {
		return "x=\"" + num(p[0]-lp.X) + "\" y=\"" + num(p[1]-lp.Y) + "\""
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<shape w="%s" h="%s" aspect="variable" strokewidth="inherit"><foreground><path>`, num(lp.W), num(lp.H))
	b.WriteString("<move " + xy(towards(at(0), at(1), radius(0))) + "/>")
	for i := 1; i <= n; i++ {
		p, r := at(i), radius(i)
		b.WriteString("<line " + xy(towards(p, at(i-1), r)) + "/>")
		q := towards(p, at(i+1), r)
		fmt.Fprintf(&b, `<quad x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(p[0]-lp.X), num(p[1]-lp.Y), num(q[0]-lp.X), num(q[1]-lp.Y))
	}
	b.WriteString("<close/></path><stroke/></foreground></shape>")
	return b.String()
}

// stencil encodes a stencil's XML as diagrams.net reads it inside
// shape=stencil(...): URL-encoded, raw-deflated, base64. The deflate
// stream is made of stored blocks (no compression): the shape is a few
// hundred bytes, and the WebAssembly module, which exports draw.io too,
// carries no compressor for it.
func stencil(xml string) string {
	data := []byte(url.PathEscape(xml))
	var out []byte
	for {
		n := min(len(data), 0xffff)
		final := byte(0)
		if n == len(data) {
			final = 1
		}
		out = append(out, final, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		out = append(out, data[:n]...)
		data = data[n:]
		if final == 1 {
			return base64.StdEncoding.EncodeToString(out)
		}
	}
}
