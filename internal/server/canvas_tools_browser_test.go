package server

import (
	"strings"
	"testing"
)

// TestCanvasToolButtons drives every button of the canvas tools with the
// pointer (a mouse on the desktop, a finger on a phone): the four shapes,
// Connect (then a click or tap on the target), Undo, Redo, Add lane,
// Auto-layout and Delete, checking the code and the picture after each.
func TestCanvasToolButtons(t *testing.T) {
	for _, size := range []struct {
		name  string
		w, h  int64
		phone bool
	}{{"desktop", 1440, 900, false}, {"phone", 390, 844, true}} {
		t.Run(size.name, func(t *testing.T) {
			a := newApp(t, size.w, size.h)
			if size.phone {
				a.click(`#panes [data-pane="preview"]`)
			}
			tap := func(kind, id string) {
				t.Helper()
				a.drawn("before a tap", `[data-id="`+id+`"]`)
				x, y := a.where(kind, id)
				if size.phone {
					a.touch(x, y, false)
				} else {
					a.clickAt(x, y, 1)
				}
				a.poll(`document.querySelector("#stage svg").dataset.selected === "`+kind+`:`+id+`"`, id+" selected")
			}
			a.load(canvasCode, "workflow")
			start := a.code()

			// The four shapes, each after the node added before it.
			tap("lane", "back")
			for i, shape := range []string{"circle", "rectangle", "diamond", "taskbox"} {
				a.click("#canvas-add-" + shape)
				label := "Tool " + shape
				a.typeInPlace(label, false)
				id := []string{"n6", "n7", "n8", "n9"}[i]
				a.codeHas("the "+shape+" tool", id+": "+shape+` label:"`+label+`"`)
				a.drawn("the "+shape+" tool", `g.fz-node.fz-`+shape+`[data-id="`+id+`"]`)
			}
			if i, j := strings.Index(a.code(), "back {"), strings.Index(a.code(), "n6: circle"); j < i {
				t.Errorf("the tools added into the wrong lane:\n%s", a.code())
			}
			added := a.code()

			// Connect: the tool, then a click or tap on the target.
			tap("node", "n1")
			a.click("#canvas-connect")
			a.poll(`document.querySelector("#canvas-live").textContent.startsWith("Connect")`, "connect mode announced")
			x, y := a.where("node", "n5")
			if size.phone {
				a.touch(x, y, false)
			} else {
				a.clickAt(x, y, 1)
			}
			a.poll(`/n1\.handle\(\w+\) -> back\.n5\.handle\(\w+\)/.test(window.fzEditor.state.doc.toString()) && window.fzCanvas.inSync()`, "the Connect tool writing n1 -> back.n5")
			connected := a.code()
			if n := strings.Count(connected, "->") - strings.Count(added, "->"); n != 1 {
				t.Errorf("the Connect tool wrote %d edges, want 1", n)
			}

			// Undo and Redo buttons.
			a.click("#canvas-undo")
			a.poll(`window.fzEditor.state.doc.toString() === `+jsString(added)+` && window.fzCanvas.inSync()`, "the Undo button")
			a.click("#canvas-redo")
			a.poll(`window.fzEditor.state.doc.toString() === `+jsString(connected)+` && window.fzCanvas.inSync()`, "the Redo button")

			// Add lane, titled in place.
			tap("lane", "back")
			a.click("#canvas-add-lane")
			a.typeInPlace("Tool lane", false)
			a.codeHas("the Add lane tool", "ToolLane { # Tool lane")
			a.drawn("the Add lane tool", `g.fz-lane[data-id="ToolLane"]`)

			// Delete the selected node: its edges go with it.
			tap("node", "n5")
			a.click("#canvas-delete")
			a.codeHas("the Delete tool", `!label:"Archive"`)
			a.drawn("the Delete tool", `!g.fz-node[data-id="n9"]`)

			// Auto-layout drops the @layout block.
			a.load(start+"\n// @layout v1\n// @layout node n2 dx=16 dy=8\n", "workflow")
			a.drawn("a nudged picture", `g.fz-node[data-id="n2"]`)
			a.click("#canvas-auto")
			a.codeHas("the Auto-layout tool", "!@layout")
			a.drawn("the Auto-layout tool", `g.fz-node[data-id="n2"]`)
			if size.phone {
				a.fitsWidth("phone, after the tools")
			}
		})
	}
}
