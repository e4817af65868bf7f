package patch

import (
	"encoding/json"
	"strings"
	"testing"
)

const base = `// Ordering flow
shop { # Shop
  n1: circle label:"Start"
  // the main step
  n2: rectangle label:"Take order"
  n3: circle label:"Done"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> pay.n4.handle(top) [label="Pay"]
  n2.handle(right) -> n3.handle(left)
  loop [until paid] n2 n4
}
pay { # Payments
  n4: rectangle label:"Charge card"
  n4.handle(top) -> shop.n3.handle(bottom) [label="Paid"]
}
`

func ops(t *testing.T, js string) []Op {
	t.Helper()
	var o []Op
	if err := json.Unmarshal([]byte(js), &o); err != nil {
		t.Fatal(err)
	}
	return o
}

func apply(t *testing.T, js string) string {
	t.Helper()
	r, err := Apply("x.fz", []byte(base), ops(t, js))
	if err != nil {
		t.Fatal(err)
	}
	return string(r.Code)
}

func TestInsertNodeAndEdge(t *testing.T) {
	out := apply(t, `[{"op":"insertNode","lane":"pay","shape":"diamond","label":"Approved?"},
		{"op":"insertEdge","from":"n4","to":"n5","label":"check"}]`)
	for _, want := range []string{`n5: diamond label:"Approved?"`, `n4.handle(right) -> n5.handle(left) [label="check"]`, "// the main step"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q:\n%s", want, out)
		}
	}
}

func TestRemoveNodeTakesItsEdgesAndLoopReferences(t *testing.T) {
	out := apply(t, `[{"op":"removeNode","id":"n4"}]`)
	if strings.Contains(out, "n4") {
		t.Errorf("n4 is still referenced:\n%s", out)
	}
	if !strings.Contains(out, "loop [until paid] n2\n") {
		t.Errorf("loop should keep n2 only:\n%s", out)
	}
}

func TestMoveNodeFixesPrefixesAndPlacement(t *testing.T) {
	out := apply(t, `[{"op":"moveNode","id":"n3","lane":"pay"}]`)
	for _, want := range []string{
		"pay { # Payments\n  n4: rectangle label:\"Charge card\"\n  n3: circle label:\"Done\"",
		`n2.handle(right) -> pay.n3.handle(left)`,
		`n4.handle(top) -> n3.handle(bottom) [label="Paid"]`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q:\n%s", want, out)
		}
	}
}

func TestRenameLaneUpdatesReferences(t *testing.T) {
	out := apply(t, `[{"op":"renameLane","id":"pay","newId":"billing","label":"Billing"}]`)
	if !strings.Contains(out, "billing { # Billing") || !strings.Contains(out, "-> billing.n4.handle(top)") || strings.Contains(out, "pay.") {
		t.Errorf("rename incomplete:\n%s", out)
	}
}

func TestUpdateAndRemoveEdge(t *testing.T) {
	out := apply(t, `[{"op":"updateEdge","from":"n2","to":"n4","label":"Checkout","toSide":"left"},
		{"op":"removeEdge","from":"n1","to":"n2"},
		{"op":"updateNode","id":"n2","label":"Take the order","owner":"Sales"}]`)
	for _, want := range []string{`n2.handle(bottom) -> pay.n4.handle(left) [label="Checkout"]`, `n2: rectangle label:"Take the order" owner:"Sales"`} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "n1.handle(right) -> n2") {
		t.Errorf("edge n1 -> n2 not removed:\n%s", out)
	}
}

func TestAllOrNothing(t *testing.T) {
	for _, js := range []string{
		`[{"op":"insertNode","lane":"shop","label":"ok"},{"op":"removeNode","id":"n99"}]`,
		`[{"op":"insertNode","lane":"nowhere"}]`,
		`[{"op":"insertNode","lane":"shop","id":"n1"}]`,
		`[{"op":"insertEdge","from":"n1","to":"n2","fromSide":"up"}]`,
		`[{"op":"renameLane","id":"pay","newId":"shop"}]`,
		`[{"op":"frobnicate"}]`,
	} {
		if _, err := Apply("x.fz", []byte(base), ops(t, js)); err == nil {
			t.Errorf("%s: expected an error", js)
		}
	}
	_, err := Apply("x.fz", []byte(base), ops(t, `[{"op":"insertNode","lane":"shop"},{"op":"removeNode","id":"n99"}]`))
	if err == nil || !strings.Contains(err.Error(), "operation 2 (removeNode)") {
		t.Errorf("error should name the failing operation: %v", err)
	}
}

func TestParallelEdgesNeedIndex(t *testing.T) {
	src := "a { # A\n  n1: rectangle label:\"A\"\n  n2: rectangle label:\"B\"\n  n1.handle(right) -> n2.handle(left) [label=\"x\"]\n  n1.handle(right) -> n2.handle(left) [label=\"y\"]\n}\n"
	if _, err := Apply("x.fz", []byte(src), ops(t, `[{"op":"removeEdge","from":"n1","to":"n2"}]`)); err == nil {
		t.Fatal("ambiguous removal must fail")
	}
	r, err := Apply("x.fz", []byte(src), ops(t, `[{"op":"removeEdge","from":"n1","to":"n2","index":1}]`))
	if err != nil || strings.Contains(string(r.Code), `"y"`) || !strings.Contains(string(r.Code), `"x"`) {
		t.Errorf("index 1 should remove the y edge: %v\n%s", err, r.Code)
	}
}

// TestLoopLanePrefixesFollowEdits checks that the lane prefixes written in
// a loop's node list follow renameLane and stay aligned after removeNode.
func TestLoopLanePrefixesFollowEdits(t *testing.T) {
	src := "shop { # Shop\n  n1: circle label:\"Order\"\n  n2: rectangle label:\"Check\"\n  n1.handle(right) -> n2.handle(left)\n  n2.handle(bottom) -> pay.n3.handle(top)\n}\npay { # Pay\n  n3: rectangle label:\"Charge\"\n}\nloop [retry] shop.n1 shop.n2 pay.n3\n"
	ops := []Op{{Op: "renameLane", ID: "pay", NewID: "billing"}, {Op: "removeNode", ID: "n1"}}
	r, err := Apply("x.fz", []byte(src), ops)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(r.Code), "loop [retry] shop.n2 billing.n3\n") {
		t.Errorf("loop prefixes not updated:\n%s", r.Code)
	}
}
