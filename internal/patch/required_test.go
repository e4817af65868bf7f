package patch

import (
	"strings"
	"testing"
)

// An operation without a field it needs says which field and what to
// put in it, rather than looking up an empty name.
func TestRequiredFields(t *testing.T) {
	for _, c := range []struct {
		op   Op
		want string
	}{
		{Op{Op: "updateNode", Label: strp("x")}, `id is missing: updateNode needs the ID of a node`},
		{Op{Op: "removeNode"}, `id is missing: removeNode needs the ID of a node`},
		{Op{Op: "moveNode", ID: "n1"}, `lane is missing: moveNode needs the ID of the lane`},
		{Op{Op: "insertNode", Label: strp("x")}, `lane is missing: insertNode needs the ID of the lane`},
		{Op{Op: "insertEdge", From: "n1"}, `to is missing: insertEdge needs the ID of the edge's target node`},
		{Op{Op: "insertEdge", To: "n2"}, `from is missing: insertEdge needs the ID of the edge's source node`},
		{Op{Op: "removeEdge", From: "n1"}, `the edge is missing: removeEdge needs edge (e1, e2, ...`},
		{Op{Op: "renameLane", Label: strp("X")}, `id is missing: renameLane needs the ID of a lane`},
	} {
		_, err := Apply("in.fz", []byte(rich), []Op{c.op})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.op.Op, err, c.want)
		}
	}
	// What may be left out still may: insertNode picks an ID, an edge
	// named by edge needs no from and to, clearLayout clears all.
	for _, op := range []Op{
		{Op: "insertNode", Lane: "ops", Shape: "rectangle", Label: strp("New")},
		{Op: "removeEdge", Edge: "e1"},
		{Op: "clearLayout"},
	} {
		if _, err := Apply("in.fz", []byte(rich), []Op{op}); err != nil {
			t.Errorf("%s: %v", op.Op, err)
		}
	}
}
