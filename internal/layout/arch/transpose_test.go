package arch

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"flowzap/internal/importer"
	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/scene"
)

// TestTransposedNeverCrossesMore lays out the quality corpus with and
// without the transposed try: no diagram crosses more with it, and it
// removes crossings in all.
func TestTransposedNeverCrossesMore(t *testing.T) {
	names, corpus := sortedCorpus(t)
	t.Cleanup(func() { tryTransposed = true })
	withoutSpaceOut(t)
	before, after, kept := 0, 0, 0
	for _, name := range names {
		doc := layouttest.Compile(t, name, corpus[name])
		tryTransposed = false
		l0 := Layout(doc, layout.DefaultEnv()).Layout
		tryTransposed = true
		l1 := Layout(doc, layout.DefaultEnv()).Layout
		c0, c1 := layouttest.Crossings(&l0), layouttest.Crossings(&l1)
		before, after = before+c0, after+c1
		if c1 > c0 {
			t.Errorf("%s: %d crossings with the transposed try, %d without", name, c1, c0)
		}
		if rows(&l1) {
			kept++
			for _, p := range layouttest.Quality(doc, &l1) {
				t.Errorf("%s, transposed: %s", name, p)
			}
		}
	}
	if after >= before || kept == 0 {
		t.Errorf("the transposed try removed no crossing (%d before, %d after) or was never kept (%d)", before, after, kept)
	}
	t.Logf("crossings on the quality corpus: %d without the transposed try, %d with; kept for %d of %d diagrams", before, after, kept, len(names))
}

// rows reports whether a drawing has its containers' titles in strips
// down their left sides (a transposed drawing).
func rows(l *scene.Layout) bool {
	for _, c := range l.Lanes {
		if c.Header != nil && c.Header.H == c.Box.H && c.Header.W < c.Box.W {
			return true
		}
	}
	return false
}

// importedAPI compiles what flowzap import makes of the gallery's OpenAPI
// file.
func importedAPI(t *testing.T) *model.Document {
	t.Helper()
	src, err := os.ReadFile("../../../tools/gallery/hubs/bookshop-openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	code, err := importer.OpenAPI(src)
	if err != nil {
		t.Fatal(err)
	}
	return layouttest.Compile(t, "bookshop", code)
}

// TestImportedAPIInRows lays out an imported OpenAPI file, whose requests
// go from a client's bottom side into an operation's top and whose
// responses come back up into the next client step: the containers come
// in rows, the client's above the services', each route runs down or up
// with at most two bends (out of the side, across, into the side), and
// no route crosses another.
func TestImportedAPIInRows(t *testing.T) {
	doc := importedAPI(t)
	l := Layout(doc, layout.DefaultEnv()).Layout
	if !rows(&l) {
		t.Fatalf("the imported API was not laid out in rows")
	}
	var client scene.LaneBox
	for _, c := range l.Lanes {
		if strings.EqualFold(c.ID, "client") {
			client = c
		}
	}
	for _, c := range l.Lanes {
		if c.ID != client.ID && c.Box.Y < client.Box.Y+client.Box.H {
			t.Errorf("container %s starts at y=%.0f, above the client's bottom (%.0f)", c.ID, c.Box.Y, client.Box.Y+client.Box.H)
		}
	}
	for _, e := range l.Edges {
		if len(e.Points) > 4 {
			t.Errorf("%s -> %s bends %d times, want at most 2", e.From, e.To, len(e.Points)-2)
		}
	}
	if x := layouttest.Crossings(&l); x != 0 {
		t.Errorf("%d crossings, want none", x)
	}
	for _, p := range layouttest.Quality(doc, &l) {
		t.Error(p)
	}
}

// TestNudgedRowsStayRows checks that a component dragged in a drawing in
// rows moves by its offset, right and down as dragged, and that the
// drawing stays in rows (the choice is made without the offsets).
func TestNudgedRowsStayRows(t *testing.T) {
	doc := importedAPI(t)
	l0 := Layout(doc, layout.DefaultEnv()).Layout
	doc.Adjust = &model.Adjust{Offsets: map[string]model.Offset{"n3": {DX: 30, DY: 12}}}
	l1 := Layout(doc, layout.DefaultEnv()).Layout
	if !rows(&l0) || !rows(&l1) {
		t.Fatalf("in rows: %v before the drag, %v after; want both", rows(&l0), rows(&l1))
	}
	box := func(l *scene.Layout) scene.Box {
		for _, n := range l.Nodes {
			if n.ID == "n3" {
				return n.Box
			}
		}
		t.Fatal("no n3")
		return scene.Box{}
	}
	b0, b1 := box(&l0), box(&l1)
	if dx, dy := b1.X-b0.X, b1.Y-b0.Y; math.Abs(dx-30) > 1 || math.Abs(dy-12) > 1 {
		t.Errorf("n3 moved by (%.0f, %.0f), want (30, 12)", dx, dy)
	}
	for _, p := range layouttest.Quality(doc, &l1) {
		t.Error(p)
	}
}

// TestCrossingDrawingsTryEveryRowArrangement: a drawing that crosses
// often (transposedFullFrom) has the transposed drawing laid out in
// every arrangement, whatever the rows' first routing gave, and keeps it
// when it crosses less: on the examples, templates and unseen diagrams,
// no drawing kept crosses more than that one does.
func TestCrossingDrawingsTryEveryRowArrangement(t *testing.T) {
	withoutShortcuts(t)
	names, corpus := sortedCorpus(t)
	env := layout.DefaultEnv()
	tried := 0
	for _, name := range names {
		if strings.HasPrefix(name, "random") {
			continue
		}
		doc := layouttest.Compile(t, name, corpus[name])
		if !transposable(doc) || len(doc.Edges) > arrangeMax || doc.Adjust != nil && len(doc.Adjust.Offsets) > 0 {
			continue
		}
		usual := layoutBest(doc, env, nil)
		if bx, _ := usual.totalCrossings(); bx < transposedFullFrom {
			continue
		}
		tried++
		f := layoutBest(transposedDoc(doc), env, usual)
		f.untranspose()
		fx, _ := f.totalCrossings()
		l := Layout(doc, env).Layout
		if got := layouttest.Crossings(&l); f.transposedBetter(usual) && got > fx {
			t.Errorf("%s: %d crossings kept, the rows in every arrangement cross %d", name, got, fx)
		}
	}
	if tried == 0 {
		t.Fatal("no drawing of the corpus crosses often: nothing was tried")
	}
}

// TestHubFanningDownInRows checks a router handing a request down to
// each of several services in another container, the request written
// into the router from the side in its own container. In columns every
// route leaves the router's bottom, runs beside the others down the gap
// between the containers and turns into the side of a stack of services
// (four bends each, a bundle of parallel lines); laid out in rows, the
// services sit side by side under the router and each route runs down
// with at most two bends, at a shorter length in all: the rows are kept,
// though their routes are not a sixth shorter.
func TestHubFanningDownInRows(t *testing.T) {
	for _, n := range []int{8, 12, 14} {
		var b strings.Builder
		b.WriteString("gw { # API gateway\n  n1: circle label:\"Client request\"\n  n2: rectangle label:\"Route by path\"\n  n1.handle(right) -> n2.handle(left)\n")
		for i := range n {
			fmt.Fprintf(&b, "  n2.handle(bottom) -> svc.n%d.handle(top) [label=\"/area%d\"]\n", i+3, i+1)
		}
		b.WriteString("}\nsvc { # Services\n")
		for i := range n {
			fmt.Fprintf(&b, "  n%d: rectangle label:\"Service %d\"\n", i+3, i+1)
		}
		b.WriteString("}\n")
		doc := layouttest.Compile(t, fmt.Sprintf("hub-%d", n), b.String())
		l := Layout(doc, layout.DefaultEnv()).Layout
		if !rows(&l) {
			t.Errorf("%d services: not laid out in rows", n)
			continue
		}
		for _, e := range l.Edges {
			if e.From == "n2" && len(e.Points) > 4 {
				t.Errorf("%d services: %s -> %s bends %d times, want at most 2", n, e.From, e.To, len(e.Points)-2)
			}
		}
		if x := layouttest.Crossings(&l); x != 0 {
			t.Errorf("%d services: %d crossings, want none", n, x)
		}
		for _, p := range layouttest.Quality(doc, &l) {
			t.Errorf("%d services: %s", n, p)
		}
	}
}

// spooler is a dispatcher (a decision in its own container) fanning down
// into four containers, three of which answer back up into two of its
// steps, one of them out of their right sides.
const spooler = `office { # Office Desk
  n1: circle label:"Print pressed"
  n2: rectangle label:"Render pages"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> spool.n3.handle(top) [label="Submit job"]
}
spool { # Print Spooler
  n3: rectangle label:"Queue job"
  n4: diamond label:"Printer"
  n5: rectangle label:"Mark job done"
  n6: rectangle label:"Requeue later"
  n3.handle(right) -> n4.handle(left)
  n4.handle(bottom) -> laser.n7.handle(top) [label="Laser"]
  n4.handle(bottom) -> plotter.n8.handle(top) [label="Plotter"]
  n4.handle(bottom) -> label.n9.handle(top) [label="Labels"]
  n4.handle(bottom) -> cloud.n10.handle(top) [label="Cloud print"]
  n4.handle(right) -> n5.handle(left) [label="Empty job"]
  n6.handle(left) -> n4.handle(top) [label="Retry"]
}
laser { # Laser Printer
  n7: rectangle label:"Print duplex"
  n7.handle(top) -> spool.n5.handle(bottom) [label="Printed"]
  n7.handle(right) -> spool.n6.handle(bottom) [label="Paper jam"]
}
plotter { # Plotter
  n8: rectangle label:"Plot sheet"
  n8.handle(top) -> spool.n5.handle(bottom) [label="Plotted"]
  n8.handle(right) -> spool.n6.handle(bottom) [label="Out of ink"]
}
label { # Label Printer
  n9: rectangle label:"Print labels"
  n9.handle(top) -> spool.n5.handle(bottom) [label="Done"]
}
cloud { # Cloud Print Service
  n10: rectangle label:"Upload document"
  n10.handle(top) -> spool.n5.handle(bottom) [label="202 Accepted"]
  n10.handle(right) -> spool.n6.handle(bottom) [label="Quota exceeded"]
}
`

// TestDispatcherAnsweredInRows: the spooler's printers, stacked in a
// column beside it, sent every route down one bundle in the gap between
// them with the labels side by side in it (52 bends, 1529 x 705). In rows
// under it (compacter) the routes are as long with a fifth of the bends
// fewer in a frame a third smaller, crossing as often.
func TestDispatcherAnsweredInRows(t *testing.T) {
	freeSidesOn(t)
	doc := layouttest.Compile(t, "spooler", spooler)
	l := Layout(doc, layout.DefaultEnv()).Layout
	if !rows(&l) {
		t.Fatal("not laid out in rows")
	}
	box := map[string]scene.Box{}
	for _, c := range l.Lanes {
		box[c.ID] = c.Box
	}
	spool := box["spool"]
	var prev *scene.Box
	for _, id := range []string{"laser", "plotter", "label", "cloud"} {
		b := box[id]
		if b.Y < spool.Y+spool.H {
			t.Errorf("%s (y %.0f) is not under the spooler (bottom %.0f)", id, b.Y, spool.Y+spool.H)
		}
		if prev != nil && (b.Y != prev.Y || b.X < prev.X+prev.W) {
			t.Errorf("%s %+v is not beside the printer before it %+v", id, b, *prev)
		}
		prev = &b
	}
	withoutTransposed(t)
	cols := Layout(doc, layout.DefaultEnv()).Layout
	if x, cx := layouttest.Crossings(&l), layouttest.Crossings(&cols); x > cx {
		t.Errorf("rows cross %d times, columns %d", x, cx)
	}
	if area, carea := l.Width*l.Height, cols.Width*cols.Height; area > transposedCompactArea*carea {
		t.Errorf("rows' frame %.0f x %.0f, columns' %.0f x %.0f", l.Width, l.Height, cols.Width, cols.Height)
	}
	for _, p := range layouttest.Quality(doc, &l) {
		t.Error(p)
	}
}
