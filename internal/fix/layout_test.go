package fix

import (
	"strings"
	"testing"
)

// TestRenumberingRewritesLayoutBlock: when fix renumbers nodes, the
// @layout adjustments follow their nodes instead of going stale.
func TestRenumberingRewritesLayoutBlock(t *testing.T) {
	src := "a { # A\n  start: circle label:\"Go\"\n  work: rectangle label:\"Do\"\n  start.handle(right) -> work.handle(left)\n}\n// @layout v1\n// @layout node work dx=32\n// @layout node start dy=-8\n"
	r := Source("x.fz", []byte(src))
	want := "  n1.handle(right) -> n2.handle(left)\n}\n\n// @layout v1\n// @layout node n1 dy=-8\n// @layout node n2 dx=32\n"
	if !strings.HasSuffix(string(r.Code), want) {
		t.Errorf("got\n%s\nwant the end\n%s", r.Code, want)
	}
	// One quick fix renumbers too.
	one := One("x.fz", []byte(src), Target{Code: "FZ110", Line: 2})
	if !strings.Contains(string(one.Code), "// @layout node n2 dx=32") {
		t.Errorf("quick fix:\n%s", one.Code)
	}
}

// TestRenumberingDropsStaleLayoutLines: a line for a node that is gone
// must not fall to the node renumbered into its ID.
func TestRenumberingDropsStaleLayoutLines(t *testing.T) {
	src := "a { # A\n  start: circle label:\"Go\"\n  work: rectangle label:\"Do\"\n  start.handle(right) -> work.handle(left)\n}\n// @layout node n2 dx=64\n// @layout node work dy=8\n"
	r := Source("x.fz", []byte(src))
	if !strings.HasSuffix(string(r.Code), "\n// @layout v1\n// @layout node n2 dy=8\n") {
		t.Errorf("got\n%s", r.Code)
	}
}

// TestRenumberingRewritesAfter: the node an after= names is renumbered
// too; an after= naming a node that is gone goes.
func TestRenumberingRewritesAfter(t *testing.T) {
	src := "a { # A\n  start: circle label:\"Go\"\n  work: rectangle label:\"Do\"\n  rest: rectangle label:\"Rest\"\n  start.handle(right) -> work.handle(left)\n  start.handle(right) -> rest.handle(left)\n}\n// @layout node rest after=work\n// @layout node work after=gone\n"
	r := Source("x.fz", []byte(src))
	if !strings.HasSuffix(string(r.Code), "\n// @layout v1\n// @layout node n3 after=n2\n") {
		t.Errorf("got\n%s", r.Code)
	}
}
