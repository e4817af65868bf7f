package pipeline

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// described has nodes with an owner, a system and a description holding
// markup characters, over two lanes so that the sequence view draws both
// a note and a message named after its target.
const described = `ops { # Ops
  n1: circle label:"Order in"
  n2: rectangle label:"Check <stock> & \"reserve\"" owner:"Warehouse & Co" system:"WMS <v2>" description:"Looks up the bin; if < 5 left, reorder & tell the 'buyer'."
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> ship.n3.handle(left)
}
ship { # Shipping
  n3: taskbox label:"Pack order|Pick items|Seal box" owner:"Packer" description:"Wrap </title><script>x</script> twice"
  n4: circle label:"Done"
  n3.handle(right) -> n4.handle(left)
}
`

// svgTitles parses an SVG and returns the <title> of each group by its
// class ("fz-node", "fz-edge", ...) and data-id, failing on XML that is
// not well-formed or holds a script.
func svgTitles(t *testing.T, svg []byte) map[string]string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	titles := map[string]string{}
	var stack []string // the key of each open element ("" for all but groups)
	inTitle := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if x.Name.Local == "script" {
				t.Fatal("a text injected a <script> element")
			}
			key := ""
			if x.Name.Local == "g" {
				var class, id string
				for _, a := range x.Attr {
					switch a.Name.Local {
					case "class":
						class, _, _ = strings.Cut(a.Value, " ")
					case "data-id":
						id = a.Value
					}
				}
				key = class + " " + id
			}
			inTitle = x.Name.Local == "title"
			stack = append(stack, key)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			inTitle = false
		case xml.CharData:
			if inTitle && len(stack) >= 2 && stack[len(stack)-2] != "" {
				titles[stack[len(stack)-2]] += string(x)
			}
		}
	}
	return titles
}

// TestNodeTooltips checks that in every view a node's group carries its
// label, owner, system and description, each on a line of its own, as
// its <title>, escaped; that the sequence view's message named after a
// step carries the step's details; and that the layout JSON carries them.
func TestNodeTooltips(t *testing.T) {
	r := Check("described.fz", []byte(described), Options{})
	if r.Doc == nil || !r.OK() {
		t.Fatalf("the diagram does not check: %v", r.Diags)
	}
	n2 := "Check <stock> & \"reserve\"\nOwner: Warehouse & Co\nSystem: WMS <v2>\nLooks up the bin; if < 5 left, reorder & tell the 'buyer'."
	n3 := "Pack order\n• Pick items\n• Seal box\nOwner: Packer\nWrap </title><script>x</script> twice"
	for _, view := range []string{"workflow", "sequence", "architecture", "mindmap"} {
		var b bytes.Buffer
		if err := Render(&b, r, RenderOptions{View: view, Format: "svg"}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b.Bytes(), []byte("WMS &lt;v2&gt;")) {
			t.Errorf("%s: the system is not in the SVG, escaped", view)
		}
		titles := svgTitles(t, b.Bytes())
		want := map[string]string{"fz-node n2": n2, "fz-node n3": n3, "fz-node n1": "Order in"}
		switch view {
		case "sequence":
			// n2 is named by the message that reaches it (no note); the
			// taskbox has a note for its items, and its message too
			// stands for it.
			want = map[string]string{"fz-node n3": n3,
				"fz-edge e1": "n1 → n2: " + n2,
				"fz-edge e2": "n2 → n3: Pack order\nOwner: Packer\nWrap </title><script>x</script> twice"}
		case "mindmap":
			delete(want, "fz-node n3") // a mind map leaves out taskboxes
		}
		for k, w := range want {
			if got, ok := titles[k]; !ok {
				t.Errorf("%s: no <title> on %s", view, k)
			} else if got != w {
				t.Errorf("%s: %s has the title\n%q\nwant\n%q", view, k, got, w)
			}
		}

		b.Reset()
		if err := Render(&b, r, RenderOptions{View: view, Format: "json"}); err != nil {
			t.Fatal(err)
		}
		var l struct {
			Nodes, Notes []struct {
				ID, Node, Owner, System, Description string
			}
		}
		if err := json.Unmarshal(b.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, n := range append(l.Nodes, l.Notes...) {
			if n.ID+n.Node == "n3" {
				found = true
				if n.Owner != "Packer" || n.System != "" || !strings.HasPrefix(n.Description, "Wrap </title>") {
					t.Errorf("%s: the layout JSON has n3 with %+v", view, n)
				}
			}
		}
		if !found && view != "mindmap" {
			t.Errorf("%s: the layout JSON has no n3", view)
		}
	}
}
