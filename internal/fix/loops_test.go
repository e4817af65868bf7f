package fix

import (
	"strings"
	"testing"

	"flowzap/internal/compile"
	"flowzap/internal/diag"
	"flowzap/internal/source"
)

// A loop that lists a node twice is flagged (FZ121); when fewer than two
// different nodes are left it is a single-node loop (FZ113). The fix keeps
// each node's first mention.
func TestRepeatedLoopNode(t *testing.T) {
	const head = "main { # Main\n  n1: rectangle label:\"A\"\n  n2: rectangle label:\"B\"\n  n1.handle(right) -> n2.handle(left)\n"
	for _, tc := range []struct {
		loop    string
		codes   []diag.Code
		fixed   string
		comment bool
	}{
		{"loop [again] n1 n2 n1", []diag.Code{diag.RepeatedLoopNode}, "loop [again] n1 n2\n", false},
		{"loop [again] n1 n1", []diag.Code{diag.SingleNodeLoop, diag.RepeatedLoopNode}, "// loop [again] n1\n", true},
	} {
		src := head + "  " + tc.loop + "\n}\n"
		_, _, ds := compile.Source(source.NewFile("x.fz", []byte(src)), compile.Options{})
		var got []diag.Code
		for _, d := range ds {
			if d.Code == diag.RepeatedLoopNode || d.Code == diag.SingleNodeLoop {
				got = append(got, d.Code)
			}
		}
		if strings.Join(codeStrings(got), " ") != strings.Join(codeStrings(tc.codes), " ") {
			t.Errorf("%s: diagnostics %v, want %v (all: %v)", tc.loop, got, tc.codes, ds)
		}
		r := Source("x.fz", []byte(src))
		if !strings.Contains(string(r.Code), tc.fixed) {
			t.Errorf("%s: fixed to\n%s\nwant %q in it", tc.loop, r.Code, tc.fixed)
		}
		for _, d := range r.Diags {
			if d.Code == diag.RepeatedLoopNode || d.Code == diag.SingleNodeLoop {
				t.Errorf("%s: still %v after the fix:\n%s", tc.loop, d, r.Code)
			}
		}
	}
}

func codeStrings(cs []diag.Code) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

// The emoji fix (FZ112) never empties a label, an edge label or a loop
// condition: text made of emoji only is kept as written, the warning
// left for a person; emoji beside words go.
func TestEmojiOnlyTextKept(t *testing.T) {
	src := "main { # Main\n  n1: rectangle label:\"😀😀😀\"\n  n2: rectangle label:\"Deploy 🚀\" owner:\"🙂\"\n  n1.handle(right) -> n2.handle(left) [label=\"✅\"]\n  loop [🔁] n1 n2\n}\n"
	r := Source("x.fz", []byte(src))
	for _, want := range []string{`label:"😀😀😀"`, `label:"Deploy"`, `owner:"🙂"`, `[label="✅"]`, "loop [🔁] n1 n2"} {
		if !strings.Contains(string(r.Code), want) {
			t.Errorf("want %s in\n%s", want, r.Code)
		}
	}
	if strings.Contains(string(r.Code), `""`) {
		t.Errorf("a text was emptied:\n%s", r.Code)
	}
}
