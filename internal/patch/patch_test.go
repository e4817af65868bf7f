package patch

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"flowzap/internal/diag"
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
	if strings.Contains(out, "loop [until paid]") {
		t.Errorf("a loop left with one node must go (a loop needs two):\n%s", out)
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
	if !strings.Contains(string(r.Code), "loop [retry] shop.n1 billing.n2\n") { // n1 removed: n2, n3 renumbered n1, n2
		t.Errorf("loop prefixes not updated:\n%s", r.Code)
	}
}

const gapSrc = `shop { # Shop
  n1: circle label:"Start"
  n2: rectangle label:"Pick"
  n3: rectangle label:"Pack"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n2.handle(bottom) -> pay.n4.handle(top) [label="charge"]
  loop [more items] n2 n3
}
pay { # Pay
  n4: rectangle label:"Charge"
  n4.handle(top) -> shop.n3.handle(bottom) [label="paid"]
}
`

// TestRemoveKeepsNumberingGapFree checks the nodes after a removed one
// move down, with every reference, so strict checks pass.
func TestRemoveKeepsNumberingGapFree(t *testing.T) {
	r, err := Apply("x.fz", []byte(gapSrc), []Op{{Op: "removeNode", ID: "n2"}})
	if err != nil {
		t.Fatal(err)
	}
	code := string(r.Code)
	for _, want := range []string{`n2: rectangle label:"Pack"`, `n3: rectangle label:"Charge"`, `n3.handle(top) -> shop.n2.handle(bottom) [label="paid"]`} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %q:\n%s", want, code)
		}
	}
	if strings.Contains(code, "n4") || strings.Contains(code, "loop") {
		t.Errorf("n4 or the one-node loop left:\n%s", code)
	}
	if last := r.Applied[len(r.Applied)-1]; !strings.Contains(last, "n3->n2") || !strings.Contains(last, "n4->n3") {
		t.Errorf("renumbering not reported: %v", r.Applied)
	}
	if r.Diags.Filter(diag.Error).HasErrors() {
		t.Errorf("errors: %v", r.Diags)
	}
}

func TestLoopOperations(t *testing.T) {
	one := 0
	cond := "until packed"
	r, err := Apply("x.fz", []byte(gapSrc), []Op{
		{Op: "updateLoop", Index: &one, Label: &cond, Nodes: []string{"n1", "n2", "n3"}},
		{Op: "insertLoop", Label: strp("retry charge"), Nodes: []string{"n4", "n3"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(r.Code), "loop [until packed] n1 n2 n3") || !strings.Contains(string(r.Code), "  loop [retry charge] n4 n3\n}") {
		t.Errorf("loops:\n%s", r.Code)
	}
	r, err = Apply("x.fz", []byte(gapSrc), []Op{{Op: "removeLoop", Index: &one}})
	if err != nil || strings.Contains(string(r.Code), "loop") {
		t.Errorf("removeLoop: %v\n%s", err, r.Code)
	}
	for _, bad := range [][]Op{
		{{Op: "insertLoop", Label: strp("x"), Nodes: []string{"n1"}}},
		{{Op: "insertLoop", Label: strp("x"), Nodes: []string{"n1", "n9"}}},
		{{Op: "removeLoop"}},
		{{Op: "updateLoop", Index: intp(3), Label: strp("x")}},
	} {
		if _, err := Apply("x.fz", []byte(gapSrc), bad); err == nil {
			t.Errorf("%+v must fail", bad)
		}
	}
}

func TestInsertEdgeAtPosition(t *testing.T) {
	r, err := Apply("x.fz", []byte(gapSrc), []Op{{Op: "insertEdge", From: "n1", To: "n3", Label: strp("skip"), Position: intp(1)}})
	if err != nil {
		t.Fatal(err)
	}
	want := "  n1.handle(right) -> n2.handle(left)\n  n1.handle(right) -> n3.handle(left) [label=\"skip\"]\n  n2.handle(right) -> n3.handle(left)\n"
	if !strings.Contains(string(r.Code), want) {
		t.Errorf("edge not at position 1:\n%s", r.Code)
	}
	if _, err := Apply("x.fz", []byte(gapSrc), []Op{{Op: "insertEdge", From: "n1", To: "n3", Position: intp(9)}}); err == nil {
		t.Error("position out of range must fail")
	}
}

func TestLabelWithNewlineAndNoOps(t *testing.T) {
	_, err := Apply("x.fz", []byte(gapSrc), []Op{{Op: "updateNode", ID: "n1", Label: strp("two\nlines")}})
	if err == nil || !strings.Contains(err.Error(), "line break") {
		t.Errorf("newline: %v", err)
	}
	if _, err := Apply("x.fz", []byte(gapSrc), nil); err == nil || !strings.Contains(err.Error(), "no operations") {
		t.Errorf("no operations: %v", err)
	}
}

func strp(s string) *string { return &s }
func intp(i int) *int       { return &i }

// BenchmarkManyOps applies 10,000 operations to a 2,000-node diagram; the
// time per operation stays flat as the count grows.
func BenchmarkManyOps(b *testing.B) {
	var src strings.Builder
	src.WriteString("a { # A\n")
	for i := 1; i <= 2000; i++ {
		fmt.Fprintf(&src, "  n%d: rectangle label:\"Step %d\"\n", i, i)
	}
	for i := 1; i < 2000; i++ {
		fmt.Fprintf(&src, "  n%d.handle(right) -> n%d.handle(left)\n", i, i+1)
	}
	src.WriteString("}\n")
	var ops []Op
	for i := 0; i < 10000; i++ {
		switch i % 4 {
		case 0:
			ops = append(ops, Op{Op: "insertNode", Lane: "a", ID: fmt.Sprintf("n%d", 2001+i+3), Label: strp(fmt.Sprintf("New %d", i))})
		case 1:
			ops = append(ops, Op{Op: "updateNode", ID: fmt.Sprintf("n%d", 1+i%2000), Label: strp("Changed")})
		case 2:
			ops = append(ops, Op{Op: "insertEdge", From: fmt.Sprintf("n%d", 1+i%2000), To: fmt.Sprintf("n%d", 1+(i+7)%2000)})
		case 3:
			ops = append(ops, Op{Op: "removeNode", ID: fmt.Sprintf("n%d", 2001+i)})
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Apply("x.fz", []byte(src.String()), ops); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGesture applies what one canvas gesture sends (a nudge; a new
// node with its edge) to the 20-node seed diagram and to a 2,000-node one:
// the time a gesture waits for its code, before the picture is drawn.
func BenchmarkGesture(b *testing.B) {
	seed, err := os.ReadFile("../../examples/seed-blue-green.fz")
	if err != nil {
		b.Fatal(err)
	}
	var big strings.Builder
	big.WriteString("a { # A\n")
	for i := 1; i <= 2000; i++ {
		fmt.Fprintf(&big, "  n%d: rectangle label:\"Step %d\"\n", i, i)
	}
	for i := 1; i < 2000; i++ {
		fmt.Fprintf(&big, "  n%d.handle(right) -> n%d.handle(left)\n", i, i+1)
	}
	big.WriteString("}\n")
	for _, c := range []struct {
		name       string
		src        []byte
		lane, next string
	}{{"seed20", seed, "BlueGreen", "n21"}, {"nodes2000", []byte(big.String()), "a", "n2001"}} {
		for _, g := range []struct {
			name string
			ops  []Op
		}{
			{"nudge", []Op{{Op: "nudgeNode", ID: "n3", DX: intp(24), DY: intp(-8)}}},
			{"addNodeAndEdge", []Op{{Op: "insertNode", Lane: c.lane, Shape: "diamond", Label: strp("Check?")}, {Op: "insertEdge", From: "n3", To: c.next}}},
			{"removeNode", []Op{{Op: "removeNode", ID: "n2"}}},
		} {
			ops := g.ops
			b.Run(c.name+"/"+g.name, func(b *testing.B) {
				for b.Loop() {
					if _, err := Apply("x.fz", c.src, ops); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestTooManyOperations: a batch past MaxOps is refused whole, saying so.
func TestTooManyOperations(t *testing.T) {
	ops := make([]Op, MaxOps+1)
	for i := range ops {
		ops[i] = Op{Op: "insertNode", Lane: "a"}
	}
	_, err := Apply("x.fz", []byte("a { # A\n  n1: circle label:\"S\"\n}\n"), ops)
	if err == nil || !strings.Contains(err.Error(), "the limit is 1000") {
		t.Errorf("want the limit error, got %v", err)
	}
	if _, err := Apply("x.fz", []byte("a { # A\n  n1: circle label:\"S\"\n}\n"), ops[:MaxOps]); err != nil {
		t.Errorf("a batch of MaxOps: %v", err)
	}
}

// A field the language cannot hold is refused before code is written,
// naming the operation and the field.
func TestFieldsCheckedBeforeWriting(t *testing.T) {
	for _, tc := range []struct {
		op   Op
		want string
	}{
		{Op{Op: "insertNode", Lane: "shop", Label: strp("a\x00b")}, "operation 1 (insertNode): label: control character U+0000 (at character 2) is not allowed"},
		{Op{Op: "updateNode", ID: "n1", Owner: strp("x\x1b")}, "operation 1 (updateNode): owner: control character U+001B"},
		{Op{Op: "insertLoop", Nodes: []string{"n1", "n2"}, Label: strp("a]b[c")}, `operation 1 (insertLoop): label: a loop condition cannot contain "]" (at character 2)`},
		{Op{Op: "updateLoop", Index: intp(0), Label: strp("x]")}, `operation 1 (updateLoop): label: a loop condition cannot contain "]"`},
		{Op{Op: "insertLoop", Nodes: []string{"n1", "n1"}, Label: strp("again")}, `operation 1 (insertLoop): nodes: node "n1" is listed twice (at places 1 and 2)`},
		{Op{Op: "updateLoop", Index: intp(0), Nodes: []string{"n2", "n3", "n2"}}, `operation 1 (updateLoop): nodes: node "n2" is listed twice (at places 1 and 3)`},
	} {
		_, err := Apply("x.fz", []byte(gapSrc), []Op{tc.op})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%+v:\n got %v\nwant %s...", tc.op, err, tc.want)
		}
	}
}

// TestErrorIn: an operation's error is given in English by Error and in
// French or Chinese by In, the field and operation names kept as sent.
func TestErrorIn(t *testing.T) {
	_, err := Apply("in.fz", []byte("w { # W\n  n1: circle label:\"A\"\n}\n"), []Op{{Op: "insertEdge", From: "n1"}})
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("err = %v, want a *Error", err)
	}
	for lang, want := range map[string]string{
		"":   "operation 1 (insertEdge): to is missing: insertEdge needs the ID of the edge's target node",
		"fr": "opération 1 (insertEdge) : to manque : insertEdge a besoin de l'ID du nœud cible du lien",
		"zh": "操作 1（insertEdge）：缺少 to：insertEdge 需要连线目标节点的 ID",
	} {
		if got := e.In(lang); got != want {
			t.Errorf("In(%q) = %q, want %q", lang, got, want)
		}
	}
	if e.Error() != e.In("en") {
		t.Errorf("Error() = %q, In(en) = %q", e.Error(), e.In("en"))
	}
}
