package patch

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

// opGen turns a stream of choices into operations that name elements of
// the current code (and sometimes elements that do not exist).
type opGen struct {
	next func(n int) int // a choice in [0, n)
}

func (g *opGen) pick(list []string) string {
	if len(list) == 0 || g.next(12) == 0 {
		return "zz" // now and then, something that does not exist
	}
	return list[g.next(len(list))]
}

func (g *opGen) op(nodes, lanes []string, edges, loops int) Op {
	sides := syntax.Sides
	shapes := syntax.Shapes
	label := []string{"Check", "Ship it", "", "Ask \"why\"", "a|b|c"}[g.next(5)]
	switch name := OpNames[g.next(len(OpNames))]; name {
	case "insertNode":
		return Op{Op: name, Lane: g.pick(lanes), Shape: shapes[g.next(4)], Label: &label}
	case "removeNode", "moveNode":
		return Op{Op: name, ID: g.pick(nodes), Lane: g.pick(lanes)}
	case "updateNode":
		o := Op{Op: name, ID: g.pick(nodes), Label: &label}
		if g.next(2) == 0 {
			o.Shape = shapes[g.next(4)]
		}
		if g.next(2) == 0 {
			v := []string{"", "Ops team"}[g.next(2)]
			o.Owner, o.System = &v, &v
		}
		return o
	case "insertEdge":
		o := Op{Op: name, From: g.pick(nodes), To: g.pick(nodes), Label: &label}
		if g.next(2) == 0 {
			o.FromSide, o.ToSide = sides[g.next(4)], sides[g.next(4)]
		}
		return o
	case "removeEdge", "updateEdge", "reverseEdge":
		o := Op{Op: name, Edge: "e" + strconv.Itoa(1+g.next(edges+1))}
		if name == "updateEdge" {
			o.FromSide, o.Label = sides[g.next(4)], &label
		}
		return o
	case "insertLane":
		id := "l" + strconv.Itoa(g.next(5))
		return Op{Op: name, ID: id, Label: &label, After: g.pick(lanes)}
	case "renameLane":
		return Op{Op: name, ID: g.pick(lanes), NewID: "r" + strconv.Itoa(g.next(5)), Label: &label}
	case "moveLane", "reorderLane":
		return Op{Op: name, ID: g.pick(lanes), Index: intp(g.next(len(lanes) + 1))}
	case "removeLane":
		return Op{Op: name, ID: g.pick(lanes)}
	case "insertLoop", "updateLoop":
		cond := "again"
		o := Op{Op: name, Label: &cond, Nodes: []string{g.pick(nodes), g.pick(nodes)}, Loop: "loop" + strconv.Itoa(1+g.next(loops+1))}
		return o
	case "removeLoop":
		return Op{Op: name, Loop: "loop" + strconv.Itoa(1+g.next(loops+1))}
	case "nudgeNode":
		return Op{Op: name, ID: g.pick(nodes), DX: intp(g.next(200) - 100), DY: intp(g.next(200) - 100)}
	case "orderNode":
		return Op{Op: name, ID: g.pick(nodes), After: g.pick(append(nodes, ""))}
	case "clearLayout":
		if g.next(2) == 0 {
			return Op{Op: name}
		}
		return Op{Op: name, ID: g.pick(nodes)}
	}
	panic("unreachable")
}

// elements lists what code has: node and lane IDs, edge and loop counts.
func elements(code []byte) (nodes, lanes []string, edges, loops int) {
	_, doc, _ := compile.Source(source.NewFile("x.fz", code), compile.Options{})
	for _, n := range doc.Nodes {
		nodes = append(nodes, n.ID)
	}
	for _, l := range doc.Lanes {
		lanes = append(lanes, l.ID)
	}
	return nodes, lanes, len(doc.Edges), len(doc.Loops)
}

// checkProperty applies one generated batch to code and checks what must
// hold whatever the operations: no panic; a refused batch names its
// operation (never "the result would have errors", which would mean an
// operation wrote broken code); an applied batch gives canonical code
// with no error even in strict mode (the inputs are strict-clean), no
// @layout warning, and results naming elements the code has.
func checkProperty(t *testing.T, code []byte, ops []Op) []byte {
	t.Helper()
	r, err := Apply("x.fz", code, ops)
	if err != nil {
		var pe *Error
		if !errors.As(err, &pe) || pe.Index < 0 {
			t.Fatalf("ops %s on\n%s\nfailed as a whole: %v", show(ops), code, err)
		}
		return code
	}
	if again, _, ferr := syntax.Format("x.fz", r.Code); ferr != nil || !bytes.Equal(again, r.Code) {
		t.Fatalf("result is not canonical after %s:\n%s", show(ops), r.Code)
	}
	_, doc, d := compile.Source(source.NewFile("x.fz", r.Code), compile.Options{Strict: true})
	for _, x := range d {
		if x.Severity == diag.Error || x.Code == diag.LayoutEntry || x.Code == diag.LayoutStale {
			t.Fatalf("after %s:\n%s\n%s %s %s", show(ops), r.Code, x.Severity, x.Code, x.Msg)
		}
	}
	if len(r.Results) != len(ops) {
		t.Fatalf("%d results for %d operations", len(r.Results), len(ops))
	}
	for _, res := range r.Results {
		if res.Node != "" && doc.Node(res.Node) == nil {
			t.Fatalf("result names missing node %s after %s:\n%s", res.Node, show(ops), r.Code)
		}
		if res.Lane != "" && doc.Lane(res.Lane) == nil {
			t.Fatalf("result names missing lane %s after %s", res.Lane, show(ops))
		}
		if res.Edge != "" {
			if n, _ := strconv.Atoi(res.Edge[1:]); n < 1 || n > len(doc.Edges) {
				t.Fatalf("result names missing edge %s after %s:\n%s", res.Edge, show(ops), r.Code)
			}
		}
		if res.Loop != "" {
			if n, _ := strconv.Atoi(res.Loop[4:]); n < 1 || n > len(doc.Loops) {
				t.Fatalf("result names missing loop %s after %s:\n%s", res.Loop, show(ops), r.Code)
			}
		}
	}
	return r.Code
}

func show(ops []Op) string {
	var b strings.Builder
	for _, o := range ops {
		fmt.Fprintf(&b, "%+v; ", o)
	}
	return b.String()
}

var propertyInputs = []string{rich, gapSrc, strings.ReplaceAll(base, `  n2.handle(right) -> n3.handle(left)`, `  n2.handle(right) -> n3.handle(left) [label="done"]`)}

// strictExamples returns the examples that are strict-clean: more
// starting points for the random sequences (taskboxes, loops across
// lanes, decisions, many lanes).
func strictExamples(t *testing.T) []string {
	names, _ := filepath.Glob("../../examples/*.fz")
	var out []string
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, d := compile.Source(source.NewFile(n, b), compile.Options{Strict: true}); !d.HasErrors() {
			out = append(out, string(b))
		}
	}
	if len(out) < 5 {
		t.Fatalf("only %d strict-clean examples", len(out))
	}
	return out
}

// TestRandomOperationSequences applies thousands of random batches, each
// to the result of the previous one, from several starting diagrams.
func TestRandomOperationSequences(t *testing.T) {
	applied := 0
	defer func() {
		// Most batches name something missing somewhere; enough must
		// apply for the test to mean something.
		if applied < 300 {
			t.Errorf("only %d batches applied", applied)
		}
		t.Logf("%d batches applied", applied)
	}()
	for seed, start := range append(slices.Clone(propertyInputs), strictExamples(t)...) {
		if _, _, d := compile.Source(source.NewFile("x.fz", []byte(start)), compile.Options{Strict: true}); d.HasErrors() {
			t.Fatalf("input %d is not strict-clean: %v", seed, d.Err())
		}
		rng := rand.New(rand.NewPCG(uint64(seed), 14))
		g := &opGen{next: func(n int) int { return rng.IntN(n) }}
		code := []byte(start)
		rounds := 600
		if seed >= len(propertyInputs) {
			rounds = 150
		}
		for round := 0; round < rounds; round++ {
			nodes, lanes, edges, loops := elements(code)
			ops := make([]Op, 1+rng.IntN(4))
			for i := range ops {
				ops[i] = g.op(nodes, lanes, edges, loops)
			}
			prev := code
			code = checkProperty(t, code, ops)
			if !bytes.Equal(prev, code) {
				applied++
			}
			if len(nodes) > 40 || round%150 == 149 {
				code = []byte(start) // keep the diagrams small and varied
			}
		}
	}
}

// FuzzOperations drives the generator with fuzzed bytes (make fuzz runs
// it longer; go test runs the seeds).
func FuzzOperations(f *testing.F) {
	f.Add(uint8(0), []byte{1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add(uint8(1), []byte{17, 3, 0, 0, 9, 200, 4, 4, 4, 12, 99})
	f.Add(uint8(2), bytes.Repeat([]byte{5, 250, 7}, 20))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		code := []byte(propertyInputs[int(which)%len(propertyInputs)])
		i := 0
		g := &opGen{next: func(n int) int {
			if i >= len(data) {
				return 0
			}
			i++
			return int(data[i-1]) % n
		}}
		nodes, lanes, edges, loops := elements(code)
		var ops []Op
		for i < len(data) && len(ops) < 8 {
			ops = append(ops, g.op(nodes, lanes, edges, loops))
		}
		if len(ops) > 0 {
			checkProperty(t, code, ops)
		}
	})
}
