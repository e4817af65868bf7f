package server

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"flowzap/internal/model"
	"flowzap/internal/pipeline"
)

// seedEdge is one edge of the seed diagram, as written in its file.
type seedEdge struct {
	from, fromSide, to, toSide, label string
}

// seedPlan reads examples/seed-blue-green.fz through the pipeline: the
// lanes (ID and title), their nodes in order and the edges in file order.
func seedPlan(t *testing.T) (*model.Document, []seedEdge) {
	t.Helper()
	src, err := os.ReadFile("../../examples/seed-blue-green.fz")
	if err != nil {
		t.Fatal(err)
	}
	r := pipeline.Check("seed-blue-green.fz", src, pipeline.Options{Strict: true})
	if !r.OK() || len(r.Diags) > 0 {
		t.Fatalf("the seed does not pass the strict check: %v", r.Diags)
	}
	var edges []seedEdge
	for _, e := range r.Doc.Edges {
		edges = append(edges, seedEdge{e.From.ID, string(e.FromSide), e.To.ID, string(e.ToSide), e.Label})
	}
	return r.Doc, edges
}

// graphOf describes a document's graph without its IDs: each lane's ID
// and title with its nodes (shape and label) in order, then every edge by
// the labels of its ends, its handle sides and its label, sorted.
func graphOf(doc *model.Document) []string {
	var out []string
	for _, l := range doc.Lanes {
		out = append(out, fmt.Sprintf("lane %s %q", l.ID, l.Label))
		for _, n := range l.Nodes {
			out = append(out, fmt.Sprintf("  %s %q", n.Shape, n.Label))
		}
	}
	var edges []string
	for _, e := range doc.Edges {
		edges = append(edges, fmt.Sprintf("edge %s:%q.%s -> %s:%q.%s label=%q", e.From.Lane.ID, e.From.Label, e.FromSide, e.To.Lane.ID, e.To.Label, e.ToSide, e.Label))
	}
	slices.Sort(edges)
	return append(out, edges...)
}

// TestCanvasBuildSeed builds the whole seed blue-green deployment diagram
// (three lanes, 20 nodes, 22 edges, cross-lane and return edges, labels)
// from an empty canvas with the mouse (the keyboard only types the
// labels), nudges two nodes, renames lanes, deletes a node and undoes it.
// The code's graph is then the seed's, it passes the strict check,
// survives a reload, the CLI path draws exactly the app's picture, and a
// later edit of the code keeps the nudges.
func TestCanvasBuildSeed(t *testing.T) {
	seed, edges := seedPlan(t)
	a := newApp(t, 1440, 900)
	a.setCode("")
	a.poll(`document.querySelector("#stage").dataset.state === "empty"`, "the empty canvas")
	a.js(`window.fzCanvas.latencies = []`)
	start := time.Now()

	// Lanes, each titled in place; the titles give the seed's lane IDs,
	// two of them are renamed to the seed's titles later on.
	first := map[string]string{"CI": "CI", "BlueGreen": "Blue-Green", "LoadBalancer": "Load Balancer"}
	for _, l := range seed.Lanes {
		a.click("#canvas-add-lane")
		a.typeInPlace(first[l.ID], false)
		a.codeHas("lane "+l.ID, l.ID+" { # "+first[l.ID])
	}
	a.drawn("three lanes", `g.fz-lane[data-id="LoadBalancer"]`)

	// Nodes: select the lane, pick the shape, type the label. The last
	// lane's nodes are added by double clicks on the empty lane space
	// right of the last node (the palette's shape is still the
	// rectangle); its diamond is then changed by the context menu.
	for _, l := range seed.Lanes {
		x, y := a.where("lane", l.ID)
		a.clickAt(x, y, 1)
		a.poll(`document.querySelector("#stage svg").dataset.selected === "lane:`+l.ID+`"`, "lane "+l.ID+" selected")
		for _, n := range l.Nodes {
			switch {
			case l.ID != "LoadBalancer":
				a.click("#canvas-add-" + string(n.Shape))
			default:
				var p []float64
				if !a.pollVal(`(() => { const s = document.querySelector("#stage svg"), lane = s.querySelector('g.fz-lane[data-id="LoadBalancer"]');
					const rects = lane.querySelectorAll(":scope > rect"), body = rects[0].getBoundingClientRect(), head = rects[1].getBoundingClientRect();
					const mine = [...s.querySelectorAll("g.fz-node")].map((g) => g.getBoundingClientRect()).filter((r) => r.top + r.height / 2 > body.top && r.top + r.height / 2 < body.bottom);
					if (!mine.length) return [head.right + 30, body.top + body.height / 2];
					const last = mine.reduce((a, b) => b.right > a.right ? b : a);
					return [last.right + 12, last.top + last.height / 2]; })()`, &p) {
					t.Fatal("no empty lane space")
				}
				a.dblclickAt(p[0], p[1])
			}
			a.typeInPlace(n.Label, false)
			if l.ID == "LoadBalancer" && n.Shape != model.Rectangle {
				a.codeHas("node "+n.ID, fmt.Sprintf(`%s: rectangle label:"%s"`, n.ID, n.Label))
				a.drawn("node "+n.ID, `g.fz-node[data-id="`+n.ID+`"]`)
				a.menu("node", n.ID, "Shape: "+string(n.Shape))
			}
			a.codeHas("node "+n.ID, fmt.Sprintf(`%s: %s label:"%s"`, n.ID, n.Shape, n.Label))
			a.drawn("node "+n.ID, `g.fz-node[data-id="`+n.ID+`"]`)
		}
	}
	t.Logf("lanes and nodes: %v", time.Since(start).Round(time.Millisecond))

	// Edges, in the seed's order, by dragging from the source's handle
	// to the target's side.
	for i, e := range edges {
		a.connectNodes(e.from, e.fromSide, e.to, e.toSide)
		re := `/(^|\s)` + e.from + `\.handle\(` + e.fromSide + `\) -> (\w+\.)?` + e.to + `\.handle\(` + e.toSide + `\)/m`
		a.poll(re+`.test(window.fzEditor.state.doc.toString())`, fmt.Sprintf("edge %d %s.%s -> %s.%s", i+1, e.from, e.fromSide, e.to, e.toSide))
		a.drawn("edge", fmt.Sprintf(`g.fz-edge[data-id="e%d"]`, i+1))
	}
	t.Logf("edges: %v", time.Since(start).Round(time.Millisecond))

	// Labels: click an edge to select it, click again to edit its label.
	for i, e := range edges {
		if e.label == "" {
			continue
		}
		id := fmt.Sprintf("e%d", i+1)
		a.drawn("before the label", `g.fz-edge[data-id="`+id+`"]`)
		x, y := a.where("edge", id)
		a.clickAt(x, y, 1)
		a.poll(`document.querySelector("#stage svg").dataset.selected === "edge:`+id+`"`, id+" selected ("+e.from+" -> "+e.to+")")
		time.Sleep(450 * time.Millisecond) // two clicks, not a double click
		a.clickAt(x, y, 1)
		a.typeInPlace(e.label, false)
		re := `/(^|\s)` + e.from + `\.handle\(` + e.fromSide + `\) -> (\w+\.)?` + e.to + `\.handle\(` + e.toSide + `\) \[label="` + regexp.QuoteMeta(e.label) + `"\]/m`
		a.poll(re+`.test(window.fzEditor.state.doc.toString()) && window.fzCanvas.inSync()`, "label "+e.label+" on "+id)
	}
	t.Logf("labels: %v", time.Since(start).Round(time.Millisecond))

	// Rearrange two nodes within their lanes.
	k := val[float64](a, `window.fzState.zoom`)
	nudges := []struct {
		id     string
		dx, dy float64
	}{{"n9", 0, 32}, {"n15", 48, 0}}
	for _, m := range nudges {
		a.drawn("before moving "+m.id, `g.fz-node[data-id="`+m.id+`"]`)
		x, y := a.where("node", m.id)
		a.drag(x, y, x+m.dx*k, y+m.dy*k)
		a.codeHas("moving "+m.id, "// @layout node "+m.id+" d")
	}

	// Rename two lanes in place to the seed's titles.
	for _, l := range seed.Lanes {
		if first[l.ID] == l.Label {
			continue
		}
		a.drawn("before renaming", `g.fz-lane[data-id="`+l.ID+`"]`)
		x, y := a.where("lane", l.ID)
		a.dblclickAt(x, y)
		a.typeInPlace(l.Label, false)
		a.codeHas("rename", l.ID+" { # "+l.Label)
	}

	// Delete the node with the most edges, then undo.
	a.drawn("before deleting", `g.fz-node[data-id="n4"]`)
	before := a.code()
	x, y := a.where("node", "n4")
	a.clickAt(x, y, 1)
	a.poll(`document.querySelector("#stage svg").dataset.selected === "node:n4"`, "n4 selected")
	a.key(kb.Delete)
	a.codeHas("delete", `!"Verify deployment success"`, `!n4.handle`)
	a.drawn("delete", `!g.fz-node[data-id="n20"]`)
	a.key("z", chromedp.KeyModifiers(inputCtrl))
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(before)+` && window.fzCanvas.inSync()`, "the deletion undone")
	code := a.code()
	t.Logf("built by gestures in %v:\n%s", time.Since(start).Round(time.Millisecond), code)

	// The graph is the seed's; the code passes the strict check.
	r := pipeline.Check("built.fz", []byte(code), pipeline.Options{Strict: true})
	if !r.OK() || len(r.Diags) > 0 {
		t.Fatalf("the built diagram does not pass the strict check: %v\n%s", r.Diags, code)
	}
	if got, want := graphOf(r.Doc), graphOf(seed); !slices.Equal(got, want) {
		t.Errorf("the built graph differs from the seed's:\ngot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Doc.Adjust == nil || len(r.Doc.Adjust.Offsets) != len(nudges) {
		t.Errorf("want %d nudged nodes in the layout block, got %+v", len(nudges), r.Doc.Adjust)
	}
	a.sameAsCLI(code, "after building")

	a.logLatencies(60)
	a.reloadKeeps(code)

	// A later edit of the code, typed in the editor, keeps the nudges.
	at := strings.Index(code, `Run smoke tests"`) + len(`Run smoke tests`)
	a.js(fmt.Sprintf(`(() => { const v = window.fzEditor; v.focus(); v.dispatch({selection: {anchor: %d}}); })()`, len([]rune(code[:at]))))
	a.key(" again")
	edited := strings.Replace(code, `label:"Run smoke tests"`, `label:"Run smoke tests again"`, 1)
	a.poll(`window.fzEditor.state.doc.toString() === `+jsString(edited)+` && window.fzCanvas.inSync()`, "the edited code drawn")
	for _, m := range nudges {
		if !strings.Contains(edited, "// @layout node "+m.id+" d") {
			t.Errorf("the edit lost the nudge of %s", m.id)
		}
	}
	a.sameAsCLI(edited, "after editing the code")
	var plain []string
	for _, line := range strings.Split(edited, "\n") {
		if !strings.Contains(line, "@layout") {
			plain = append(plain, line)
		}
	}
	if svgOf(t, edited) == svgOf(t, strings.Join(plain, "\n")) {
		t.Errorf("the layout block changes nothing in the picture after the edit")
	}
	if errs := a.rec.take(); len(errs) > 0 {
		t.Errorf("failing requests: %v", errs)
	}
	t.Logf("whole scenario: %v", time.Since(start).Round(time.Millisecond))
}

// TestCanvasCrowdedEdgeClick: where the hit strokes of two edges overlap
// (the seed fitted to the pane, about a quarter of its size), a click on
// the middle of an edge's line selects that edge, not the one drawn on
// top of it (the test finds a point of an edge that another edge's line
// covers).
func TestCanvasCrowdedEdgeClick(t *testing.T) {
	src, err := os.ReadFile("../../examples/seed-blue-green.fz")
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(` \[label="[^"]*"\]`).ReplaceAllString(string(src), "")
	a := newApp(t, 1440, 900)
	a.load(code, "workflow")
	if z := val[float64](a, `window.fzState.zoom`); z > 0.4 {
		t.Fatalf("the seed is drawn at zoom %.2f; the test needs a crowded picture", z)
	}
	// A point on an edge's line that another edge's line covers (the
	// click must still pick the edge under it), then two other edges.
	type point struct {
		ID   string
		X, Y float64
	}
	hit := val[point](a, `(() => {
		const svg = document.querySelector("#stage svg"), r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
		for (const g of svg.querySelectorAll("g.fz-edge")) {
			const path = g.querySelector(":scope > path"), len = path.getTotalLength();
			for (let f = 0.1; f < 0.9; f += 0.02) {
				const pt = path.getPointAtLength(len * f);
				const x = r.left + (pt.x - vb.x) * r.width / vb.width, y = r.top + (pt.y - vb.y) * r.height / vb.height;
				const top = document.elementFromPoint(x, y)?.closest("g.fz-edge")?.dataset.id;
				if (top && top !== g.dataset.id) return {ID: g.dataset.id, X: x, Y: y};
			}
		}
		return {ID: ""};
	})()`)
	if hit.ID == "" {
		t.Fatal("no edge's line is covered by another edge; the test needs a crowded picture")
	}
	type click struct {
		id   string
		x, y float64
	}
	clicks := []click{{hit.ID, hit.X, hit.Y}}
	// Two edges whose middle is clear, one near each end of the flow.
	n := len(pipeline.Check("seed.fz", []byte(code), pipeline.Options{}).Doc.Edges)
	for _, order := range [][2]int{{n, -1}, {1, 1}} {
		for i := order[0]; i >= 1 && i <= n; i += order[1] {
			id := fmt.Sprintf("e%d", i)
			x, y := a.where("edge", id)
			if id != hit.ID && id != clicks[len(clicks)-1].id && val[string](a, fmt.Sprintf(`document.elementFromPoint(%f, %f)?.closest("g.fz-edge")?.dataset.id ?? ""`, x, y)) == id {
				clicks = append(clicks, click{id, x, y})
				break
			}
		}
	}
	if len(clicks) < 3 {
		t.Fatalf("found only %d edges to click", len(clicks))
	}
	// A point of an edge's line where that edge is on top, in the
	// picture as it is now.
	clear := func(id string) (float64, float64) {
		p := val[point](a, `(() => {
			const svg = document.querySelector("#stage svg"), r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
			const path = svg.querySelector('g.fz-edge[data-id="`+id+`"] > path'), len = path.getTotalLength();
			for (let f = 0.5, k = 0; k < 40; k++, f = 0.5 + (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 0.02) {
				const pt = path.getPointAtLength(len * f);
				const x = r.left + (pt.x - vb.x) * r.width / vb.width, y = r.top + (pt.y - vb.y) * r.height / vb.height;
				if (document.elementFromPoint(x, y)?.closest("g.fz-edge")?.dataset.id === "`+id+`") return {ID: "`+id+`", X: x, Y: y};
			}
			return {ID: ""};
		})()`)
		if p.ID == "" {
			t.Fatalf("no point of %s's line is on top", id)
		}
		return p.X, p.Y
	}
	want := map[string]bool{}
	for i, c := range clicks {
		id, x, y := c.id, c.x, c.y
		if i > 0 { // the picture changes with the label before
			prev := clicks[i-1].id
			a.poll(`[...document.querySelectorAll("#stage svg g.fz-edge text")].some((t) => t.textContent === "L`+prev+`")`, "the picture with L"+prev)
			x, y = clear(id)
		}
		want[id] = true
		a.clickAt(x, y, 1)
		a.poll(`document.querySelector("#stage svg").dataset.selected === "edge:`+id+`"`, id+" selected")
		time.Sleep(450 * time.Millisecond)
		a.clickAt(x, y, 1)
		a.typeInPlace("L"+id, false)
		a.codeHas("the label of "+id, `[label="L`+id+`"]`)
	}
	r := pipeline.Check("crowded.fz", []byte(a.code()), pipeline.Options{})
	for i, e := range r.Doc.Edges {
		label := ""
		if id := fmt.Sprintf("e%d", i+1); want[id] {
			label = "L" + id
		}
		if e.Label != label {
			t.Errorf("edge %d %s -> %s: label %q, want %q", i+1, e.From.ID, e.To.ID, e.Label, label)
		}
	}
}

// TestCanvasLatencyFromRelease: a drag's gesture-to-picture time starts
// at the release that ends it, not at the press (the time the hand takes
// to drag is not the app's latency), for a connection and a nudge.
func TestCanvasLatencyFromRelease(t *testing.T) {
	a := newApp(t, 1440, 900)
	a.load(canvasCode, "workflow")
	a.js(`window.fzCanvas.latencies = []; window.addEventListener("pointerdown", (e) => { window.fzDown = e.timeStamp; }, true); window.addEventListener("pointerup", (e) => { window.fzUp = e.timeStamp; }, true)`)
	slowDrag := func(x0, y0, x1, y1 float64) {
		t.Helper()
		left := chromedp.ButtonType(input.MouseButtonLeft)
		held := func(p *input.DispatchMouseEventParams) { p.Buttons = 1 }
		a.mouse(chromedp.MouseMoved, x0, y0)
		a.mouse(chromedp.MousePressed, x0, y0, left, chromedp.ClickCount(1))
		a.mouse(chromedp.MouseMoved, (x0+x1)/2, (y0+y1)/2, left, held)
		time.Sleep(400 * time.Millisecond)
		a.mouse(chromedp.MouseMoved, x1, y1, left, held)
		a.mouse(chromedp.MouseReleased, x1, y1, left, chromedp.ClickCount(1))
	}
	check := func(name string) {
		t.Helper()
		a.poll(`window.fzCanvas.latencies.some((l) => l.name === "`+name+`")`, "the "+name+" timed")
		l := val[[]float64](a, `(() => { const l = window.fzCanvas.latencies.find((l) => l.name === "`+name+`"); return [l.t0, window.fzDown, window.fzUp]; })()`)
		if l[0] != l[2] || l[2]-l[1] < 300 {
			t.Errorf("%s: timed from %.1f, want the release at %.1f (press at %.1f)", name, l[0], l[2], l[1])
		}
	}
	x, y := a.where("node", "n1")
	a.mouse(chromedp.MouseMoved, x, y)
	var hp, tp []float64
	a.pollVal(`(() => { const h = document.querySelector('#stage svg .fz-handle[data-node="n1"][data-side="bottom"]'); if (!h) return null; const r = h.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`, &hp)
	a.pollVal(`(() => { const r = document.querySelector('#stage svg g.fz-node[data-id="n5"]').getBoundingClientRect(); return [r.left + 3, r.top + r.height / 2]; })()`, &tp)
	if len(hp) != 2 || len(tp) != 2 {
		t.Fatal("no handle or target to connect")
	}
	slowDrag(hp[0], hp[1], tp[0], tp[1])
	a.codeHas("the connection", "n1.handle(bottom) -> back.n5.handle(left)")
	check("connect")

	a.drawn("before the nudge", `g.fz-node[data-id="n2"]`)
	k := val[float64](a, `window.fzState.zoom`)
	x, y = a.where("node", "n2")
	slowDrag(x, y, x, y+40*k)
	a.codeHas("the nudge", "// @layout node n2 d")
	check("nudge")
}

// TestCanvasHandlesAtSmallZoom: with the seed fitted to the pane (about a
// quarter of its size) a node's side handles are still big enough to grab
// (at least eight pixels across) without covering the node's
// middle, and at full size they keep their six picture units.
func TestCanvasHandlesAtSmallZoom(t *testing.T) {
	src, err := os.ReadFile("../../examples/seed-blue-green.fz")
	if err != nil {
		t.Fatal(err)
	}
	a := newApp(t, 1440, 900)
	a.load(string(src), "workflow")
	handle := func(when string) []float64 {
		t.Helper()
		a.drawn(when, `g.fz-node[data-id="n10"]`)
		x, y := a.where("node", "n10")
		a.mouse(chromedp.MouseMoved, x-1, y)
		a.mouse(chromedp.MouseMoved, x, y)
		var h []float64
		if !a.pollVal(`(() => { const h = document.querySelector('#stage svg .fz-handle[data-node="n10"][data-side="top"]'); if (!h) return null;
			const r = h.getBoundingClientRect(), n = document.querySelector('#stage svg g.fz-node[data-id="n10"]').getBoundingClientRect();
			return [r.width, r.bottom, n.top + n.height / 2, +h.getAttribute("r"), window.fzState.zoom]; })()`, &h) {
			t.Fatalf("%s: no handle on n10", when)
		}
		return h
	}
	h := handle("fitted")
	if h[4] > 0.4 {
		t.Fatalf("the seed is drawn at zoom %.2f; the test needs a small picture", h[4])
	}
	if h[0] < 8 {
		t.Errorf("at zoom %.2f the handle is %.1f px across, want at least 8", h[4], h[0])
	}
	if h[1] >= h[2] {
		t.Errorf("at zoom %.2f the top handle reaches the node's middle (%.1f >= %.1f)", h[4], h[1], h[2])
	}
	a.js(`document.querySelector("#zoom-fit").click()`)
	for range 8 {
		a.click("#zoom-in")
	}
	a.poll(`window.fzState.zoom >= 1`, "full size")
	if h = handle("at full size"); h[3] != 6 {
		t.Errorf("at zoom %.2f the handle's radius is %.1f, want 6", h[4], h[3])
	}
}

// TestCanvasRevealAddedNode: zoomed in on the middle of the seed, a node
// added after a lane's last node (off the screen) is brought into the
// pane, so that its label is typed where it is drawn.
func TestCanvasRevealAddedNode(t *testing.T) {
	src, err := os.ReadFile("../../examples/seed-blue-green.fz")
	if err != nil {
		t.Fatal(err)
	}
	a := newApp(t, 1440, 900)
	a.load(string(src), "workflow")
	x, y := a.where("node", "n13")
	a.clickAt(x, y, 1)
	a.poll(`document.querySelector("#stage svg").dataset.selected === "node:n13"`, "n13 selected")
	for range 8 {
		a.click("#zoom-in")
	}
	a.poll(`window.fzState.zoom >= 1`, "full size")
	inPane := func(id string) bool {
		return val[bool](a, `(() => { const r = document.querySelector('#stage svg g.fz-node[data-id="`+id+`"]').getBoundingClientRect(), p = document.querySelector("#preview").getBoundingClientRect();
			return r.left >= p.left && r.right <= p.right && r.top >= p.top && r.bottom <= p.bottom; })()`)
	}
	if inPane("n13") {
		t.Fatal("n13 is in the pane at full size; the test needs it off the screen")
	}
	a.click("#canvas-add-rectangle")
	a.typeInPlace("Notify the team", false)
	a.codeHas("the new node", `n21: rectangle label:"Notify the team"`)
	a.drawn("the new node", `g.fz-node[data-id="n21"]`)
	a.poll(`document.querySelector("#stage svg").dataset.selected === "node:n21"`, "the new node selected")
	if !inPane("n21") {
		t.Errorf("the node added off the screen was not brought into the pane")
	}
}
