package patch

import (
	"strconv"
	"strings"
	"testing"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/source"
)

// three lanes, comments in several places, a cross-lane loop and a
// layout block.
const rich = `// Refund flow
// (hand-written)
desk { # Help desk
  n1: circle label:"Refund asked"
  // triage first
  n2: diamond label:"Valid?"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> ops.n3.handle(left) [label="yes"]
  n2.handle(bottom) -> bank.n5.handle(top) [label="no"]
  // desk ends here
}

// the money side
ops { # Operations
  n3: rectangle label:"Approve"
  n4: taskbox label:"Pay back|Check account|Send" owner:"Finance"
  n3.handle(right) -> n4.handle(left)
  n4.handle(bottom) -> bank.n5.handle(top)
  loop [until approved] n3 n4
}
bank { # Bank
  n5: circle label:"Closed"
}

// @layout v1
// @layout lane order=ops,desk
// @layout node n3 dx=24 dy=-16
// @layout node n5 dx=40
`

func mustApply(t *testing.T, src string, o ...Op) *Result {
	t.Helper()
	r, err := Apply("x.fz", []byte(src), o)
	if err != nil {
		t.Fatal(err)
	}
	strictClean(t, r.Code)
	return r
}

// strictClean fails when code has any error in strict mode, or any
// warning but the style warnings the input may have.
func strictClean(t *testing.T, code []byte) {
	t.Helper()
	_, _, d := compile.Source(source.NewFile("out.fz", code), compile.Options{Strict: true})
	for _, x := range d {
		if x.Severity == diag.Error || x.Code == diag.LayoutEntry || x.Code == diag.LayoutStale {
			t.Errorf("result: %s %s %s\n%s", x.Severity, x.Code, x.Msg, code)
		}
	}
}

func contains(t *testing.T, code []byte, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(string(code), w) {
			t.Errorf("missing %q in:\n%s", w, code)
		}
	}
}

func lacks(t *testing.T, code []byte, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(string(code), w) {
			t.Errorf("unexpected %q in:\n%s", w, code)
		}
	}
}

var keptComments = []string{"// Refund flow\n// (hand-written)\n", "  // triage first\n  n2:", "  // desk ends here\n}", "// the money side\n"}

func TestChangeShapeAndTaskboxFields(t *testing.T) {
	r := mustApply(t, rich,
		Op{Op: "updateNode", ID: "n3", Shape: "taskbox", Owner: strp("Finance lead"), Description: strp("Needs two eyes"), System: strp("ERP")},
		Op{Op: "updateNode", ID: "n4", Owner: strp("")})
	contains(t, r.Code, `n3: taskbox label:"Approve" owner:"Finance lead" description:"Needs two eyes" system:"ERP"`,
		`n4: taskbox label:"Pay back|Check account|Send"`+"\n")
	contains(t, r.Code, keptComments...)
	if got := r.Results[0]; got.Node != "n3" || got.Op != "updateNode" {
		t.Errorf("result %+v", got)
	}
	if _, err := Apply("x.fz", []byte(rich), []Op{{Op: "updateNode", ID: "n3", Shape: "hexagon"}}); err == nil || !strings.Contains(err.Error(), "unknown shape") {
		t.Errorf("bad shape: %v", err)
	}
}

func TestReverseEdgeMovesToNewSourceLane(t *testing.T) {
	// e3 is n2 -> bank.n5 [no]: reversed, it leaves n5 by its top and
	// enters n2 by its bottom, written in bank with desk's prefix.
	r := mustApply(t, rich, Op{Op: "reverseEdge", Edge: "e3"})
	contains(t, r.Code, "bank { # Bank\n  n5: circle label:\"Closed\"\n  n5.handle(top) -> desk.n2.handle(bottom) [label=\"no\"]\n}")
	lacks(t, r.Code, "n2.handle(bottom) -> bank.n5")
	contains(t, r.Code, keptComments...)
	if got := r.Results[0].Edge; got != "e5" { // bank is the last lane: its edge is the last one
		t.Errorf("edge result %q, want e5", got)
	}
	// The same edge named by its ends; a same-lane reversal stays.
	r = mustApply(t, rich, Op{Op: "reverseEdge", From: "n1", To: "n2"})
	contains(t, r.Code, "n2.handle(left) -> n1.handle(right)")
	if r.Results[0].Edge != "e1" {
		t.Errorf("edge result %q, want e1", r.Results[0].Edge)
	}
}

func TestHandleSidesByEdgeID(t *testing.T) {
	r := mustApply(t, rich, Op{Op: "updateEdge", Edge: "e4", FromSide: "bottom", ToSide: "top"})
	contains(t, r.Code, "n3.handle(bottom) -> n4.handle(top)")
	if r.Results[0].Edge != "e4" {
		t.Errorf("result %+v", r.Results[0])
	}
	for _, bad := range []Op{{Op: "updateEdge", Edge: "e9", FromSide: "top"}, {Op: "updateEdge", Edge: "x1"}, {Op: "updateEdge", Edge: "e2", FromSide: "up"}} {
		if _, err := Apply("x.fz", []byte(rich), []Op{bad}); err == nil {
			t.Errorf("%+v must fail", bad)
		}
	}
	if _, err := Apply("x.fz", []byte(rich), []Op{{Op: "removeEdge", Edge: "e2"}, {Op: "updateEdge", Edge: "e2", Label: strp("x")}}); err == nil || !strings.Contains(err.Error(), "removed by an earlier operation") {
		t.Errorf("edge removed earlier: %v", err)
	}
}

func TestInsertResultsNameTheNewElements(t *testing.T) {
	r := mustApply(t, rich,
		Op{Op: "insertLane", ID: "audit", Label: strp("Audit"), After: "desk"},
		Op{Op: "insertNode", Lane: "audit", Shape: "rectangle", Label: strp("Log refund")},
		Op{Op: "insertEdge", From: "n2", To: "n6", FromSide: "bottom", ToSide: "top", Label: strp("audit")},
		Op{Op: "insertLoop", Nodes: []string{"n1", "n2"}, Label: strp("until valid")})
	want := []OpResult{{Op: "insertLane", Lane: "audit"}, {Op: "insertNode", Node: "n6", Lane: "audit"}, {Op: "insertEdge", Edge: "e4"}, {Op: "insertLoop", Loop: "loop1"}}
	for i, w := range want {
		if g := r.Results[i]; g.Op != w.Op || g.Node != w.Node || g.Edge != w.Edge || g.Lane != w.Lane || g.Loop != w.Loop {
			t.Errorf("result %d = %+v, want %+v", i, g, w)
		}
	}
	contains(t, r.Code, "  n2.handle(bottom) -> audit.n6.handle(top) [label=\"audit\"]\n  loop [until valid] n1 n2\n  // desk ends here\n}", "audit { # Audit\n  n6: rectangle label:\"Log refund\"\n}")
	checkEdgeIDs(t, r)
}

// checkEdgeIDs checks every edge result names, in the output, the edge
// the SVG draws with that data-id: for the insertEdge of
// TestInsertResultsNameTheNewElements, n2 -> n6.
func checkEdgeIDs(t *testing.T, r *Result) {
	t.Helper()
	_, doc, _ := compile.Source(source.NewFile("x.fz", r.Code), compile.Options{})
	for _, res := range r.Results {
		if res.Edge == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimPrefix(res.Edge, "e"))
		if err != nil || n < 1 || n > len(doc.Edges) {
			t.Fatalf("edge result %q out of range (%d edges)", res.Edge, len(doc.Edges))
		}
		if e := doc.Edges[n-1]; e.From.ID != "n2" || e.To.ID != "n6" {
			t.Errorf("%s is %s -> %s", res.Edge, e.From.ID, e.To.ID)
		}
	}
}

func TestRemoveLaneTakesNodesEdgesAndLoopReferences(t *testing.T) {
	r := mustApply(t, rich, Op{Op: "removeLane", ID: "ops"})
	lacks(t, r.Code, "ops {", "Approve", "Pay back", "loop [", "order=")
	// n5 became n3; its offset followed it, n3's (removed) went.
	contains(t, r.Code, "bank { # Bank\n  n3: circle label:\"Closed\"", "n2.handle(bottom) -> bank.n3.handle(top) [label=\"no\"]", "// @layout node n3 dx=40\n")
	lacks(t, r.Code, "dy=-16")
	contains(t, r.Code, "// Refund flow", "// triage first", "// desk ends here")
	if _, err := Apply("x.fz", []byte("a { # A\n  n1: circle label:\"x\"\n}\n"), []Op{{Op: "removeLane", ID: "a"}}); err == nil || !strings.Contains(err.Error(), "only lane") {
		t.Errorf("removing the only lane: %v", err)
	}
}

func TestRemoveLaneKeepsForeignStatements(t *testing.T) {
	// An edge between two other lanes' nodes written (tolerated) in the
	// removed lane moves to its source's lane.
	src := "a { # A\n  n1: circle label:\"x\"\n}\nb { # B\n  n2: rectangle label:\"y\"\n  n1.handle(bottom) -> c.n3.handle(top)\n}\nc { # C\n  n3: circle label:\"z\"\n  n2.handle(top) -> n3.handle(bottom)\n}\n"
	r, err := Apply("x.fz", []byte(src), []Op{{Op: "removeLane", ID: "b"}})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, r.Code, "a { # A\n  n1: circle label:\"x\"\n  n1.handle(bottom) -> c.n2.handle(top)\n}")
}

func TestMoveLaneKeepsItsComments(t *testing.T) {
	r := mustApply(t, rich, Op{Op: "moveLane", ID: "desk", Index: intp(2)})
	code := string(r.Code)
	iOps, iBank, iDesk := strings.Index(code, "ops {"), strings.Index(code, "bank {"), strings.Index(code, "desk {")
	if !(iOps < iBank && iBank < iDesk) {
		t.Errorf("lane order not ops, bank, desk:\n%s", code)
	}
	if !strings.HasPrefix(code, "// Refund flow\n// (hand-written)\n") {
		t.Errorf("the file's header comment moved:\n%s", code)
	}
	contains(t, r.Code, "// the money side\nops {")
	if r.Results[0].Lane != "desk" {
		t.Errorf("result %+v", r.Results[0])
	}
	if _, err := Apply("x.fz", []byte(rich), []Op{{Op: "moveLane", ID: "desk", Index: intp(3)}}); err == nil {
		t.Error("index 3 of 3 lanes must fail")
	}
}

func TestRenameLaneIDAndTitleFollowLayout(t *testing.T) {
	r := mustApply(t, rich, Op{Op: "renameLane", ID: "ops", NewID: "finance", Label: strp("Finance")})
	contains(t, r.Code, "finance { # Finance", "-> finance.n3.handle(left) [label=\"yes\"]", "// @layout lane order=finance,desk\n")
	if r.Results[0].Lane != "finance" {
		t.Errorf("result %+v", r.Results[0])
	}
}

func TestMoveNodeRewritesEveryReference(t *testing.T) {
	src := "a { # A\n  n1: circle label:\"x\"\n  n2: rectangle label:\"y\"\n  n1.handle(right) -> n2.handle(left)\n  // about the loop\n  loop [again] n2 n3\n}\nb { # B\n  n3: rectangle label:\"z\"\n  n3.handle(top) -> a.n2.handle(bottom)\n}\nloop [outer] a.n1 b.n3\n"
	r, err := Apply("x.fz", []byte(src), []Op{{Op: "moveNode", ID: "n2", Lane: "b"}})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, r.Code,
		"a { # A\n  n1: circle label:\"x\"\n  n1.handle(right) -> b.n2.handle(left)\n",
		"b { # B\n  n3: rectangle label:\"z\"\n  n2: rectangle label:\"y\"\n  n3.handle(top) -> n2.handle(bottom)\n  loop [again] n2 n3\n}",
		"// about the loop")
	if r.Results[0].Node != "n2" || r.Results[0].Lane != "b" {
		t.Errorf("result %+v", r.Results[0])
	}
	// A loop prefix follows its node.
	r, err = Apply("x.fz", []byte(src), []Op{{Op: "moveNode", ID: "n3", Lane: "a"}})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, r.Code, "loop [outer] a.n1 a.n3")
}

func TestLayoutOps(t *testing.T) {
	r := mustApply(t, rich,
		Op{Op: "nudgeNode", ID: "n3", DX: intp(17), DY: intp(16)},
		Op{Op: "nudgeNode", ID: "n1", DY: intp(-30)},
		Op{Op: "reorderLane", ID: "bank", Index: intp(0)})
	contains(t, r.Code, "\n// @layout v1\n// @layout lane order=bank,ops,desk\n// @layout node n1 dy=-32\n// @layout node n3 dx=40\n// @layout node n5 dx=40\n")
	if g := r.Results[0]; g.Node != "n3" || g.DX == nil || *g.DX != 40 || *g.DY != 0 {
		t.Errorf("nudge result %+v", g)
	}
	if g := r.Results[2]; g.Lane != "bank" {
		t.Errorf("reorder result %+v", g)
	}
	// Back to zero drops the entry; clearLayout on one node, then all.
	r = mustApply(t, rich, Op{Op: "nudgeNode", ID: "n3", DX: intp(-24), DY: intp(16)}, Op{Op: "clearLayout", ID: "n5"})
	contains(t, r.Code, "// @layout v1\n// @layout lane order=ops,desk\n")
	lacks(t, r.Code, "@layout node")
	r = mustApply(t, rich, Op{Op: "clearLayout"})
	lacks(t, r.Code, "@layout")
	contains(t, r.Code, "  n5: circle label:\"Closed\"\n}\n")
	for _, bad := range []Op{{Op: "nudgeNode", ID: "n9", DX: intp(8)}, {Op: "nudgeNode", ID: "n1"}, {Op: "nudgeNode", ID: "n1", DX: intp(5000)},
		{Op: "reorderLane", ID: "bank"}, {Op: "reorderLane", ID: "nope", Index: intp(0)}, {Op: "clearLayout", ID: "n42"}} {
		if _, err := Apply("x.fz", []byte(rich), []Op{bad}); err == nil {
			t.Errorf("%+v must fail", bad)
		}
	}
}

// TestRenumberingRewritesLayoutKeys: removing n1 renumbers every node,
// and the adjustments follow their nodes.
func TestRenumberingRewritesLayoutKeys(t *testing.T) {
	r := mustApply(t, rich, Op{Op: "removeNode", ID: "n1"})
	contains(t, r.Code, "// @layout node n2 dx=24 dy=-16\n// @layout node n4 dx=40\n", "n2: rectangle label:\"Approve\"")
	lacks(t, r.Code, "n5")
	if !strings.Contains(r.Applied[len(r.Applied)-1], "n3->n2") {
		t.Errorf("renumbering not reported: %v", r.Applied)
	}
	// A nudge of a node renumbered in the same batch names its new ID.
	r = mustApply(t, rich, Op{Op: "removeNode", ID: "n2"}, Op{Op: "nudgeNode", ID: "n4", DX: intp(8)})
	if g := r.Results[1]; g.Node != "n3" || *g.DX != 8 {
		t.Errorf("nudge after renumbering: %+v", g)
	}
	contains(t, r.Code, "// @layout node n3 dx=8\n")
}

func TestLayoutBlockSurvivesUnrelatedEdits(t *testing.T) {
	r := mustApply(t, rich, Op{Op: "updateNode", ID: "n2", Label: strp("Is it valid?")}, Op{Op: "insertNode", Lane: "bank", Label: strp("Archive")})
	contains(t, r.Code, "\n// @layout v1\n// @layout lane order=ops,desk\n// @layout node n3 dx=24 dy=-16\n// @layout node n5 dx=40\n")
	if strings.Count(string(r.Code), "@layout v1") != 1 || !strings.HasSuffix(string(r.Code), "dx=40\n") {
		t.Errorf("the block must be written once, at the end:\n%s", r.Code)
	}
}

// TestStaleLayoutEntryDoesNotFallToANewNode: an entry for a node that
// does not exist is dropped, not given to the node inserted under that ID.
func TestStaleLayoutEntryDoesNotFallToANewNode(t *testing.T) {
	src := "a { # A\n  n1: circle label:\"x\"\n}\n// @layout node n2 dx=80\n// @layout lane order=zz,a\n"
	r := mustApply(t, src, Op{Op: "insertNode", Lane: "a", Label: strp("y")}, Op{Op: "insertLane", ID: "zz", Label: strp("Z")})
	contains(t, r.Code, "n2: rectangle label:\"y\"")
	lacks(t, r.Code, "@layout")
}

// TestMoveNodeDropsItsOffset: the offset was from the old lane's place; a
// nudge in the same batch sets the new one.
func TestMoveNodeDropsItsOffset(t *testing.T) {
	r := mustApply(t, rich, Op{Op: "moveNode", ID: "n3", Lane: "bank"})
	lacks(t, r.Code, "@layout node n3")
	r = mustApply(t, rich, Op{Op: "moveNode", ID: "n3", Lane: "bank"}, Op{Op: "nudgeNode", ID: "n3", DY: intp(-40)})
	contains(t, r.Code, "// @layout node n3 dy=-40\n")
}

// TestLoopIndexIsWrittenOrder: index n names the loop the SVG calls
// loop(n+1), also when a loop is written at the top level after the lanes.
func TestLoopIndexIsWrittenOrder(t *testing.T) {
	src := "a { # A\n  n1: circle label:\"x\"\n  n2: rectangle label:\"y\"\n  n1.handle(right) -> n2.handle(left)\n  loop [first] n1 n2\n}\nloop [second] n2 n1\n"
	r, err := Apply("x.fz", []byte(src), []Op{{Op: "removeLoop", Index: intp(1)}})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, r.Code, "loop [first]")
	lacks(t, r.Code, "loop [second]")
	r, err = Apply("x.fz", []byte(src), []Op{{Op: "updateLoop", Loop: "loop2", Label: strp("again")}})
	if err != nil || r.Results[0].Loop != "loop2" {
		t.Fatalf("%v %+v", err, r)
	}
	contains(t, r.Code, "loop [again] n2 n1")
}

// TestOrderNode: after= orders a node within its lane; it follows
// renumbering and goes with the node it names.
func TestOrderNode(t *testing.T) {
	r := mustApply(t, rich, Op{Op: "orderNode", ID: "n1", After: "n2"})
	contains(t, r.Code, "// @layout node n1 after=n2\n")
	if g := r.Results[0]; g.Node != "n1" {
		t.Errorf("result %+v", g)
	}
	r = mustApply(t, string(r.Code), Op{Op: "removeNode", ID: "n3"}, Op{Op: "nudgeNode", ID: "n2", DX: intp(8)})
	contains(t, r.Code, "// @layout node n1 after=n2\n// @layout node n2 dx=8\n// @layout node n4 dx=40\n")
	r = mustApply(t, string(r.Code), Op{Op: "removeNode", ID: "n2"})
	lacks(t, r.Code, "after=")
	for _, bad := range []Op{{Op: "orderNode", ID: "n1", After: "n3"}, {Op: "orderNode", ID: "n1", After: "n1"}, {Op: "orderNode", ID: "n1", After: "n9"}} {
		if _, err := Apply("x.fz", []byte(rich), []Op{bad}); err == nil {
			t.Errorf("%+v must fail", bad)
		}
	}
	r = mustApply(t, rich+"// @layout node n1 after=n2\n", Op{Op: "orderNode", ID: "n1"})
	lacks(t, r.Code, "after=")
}
