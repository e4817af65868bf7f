package sequence

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/testgen"
)

func zzCorpus() map[string]string {
	c := map[string]string{}
	for s := int64(13000); s < 13060; s++ {
		c[fmt.Sprintf("approval-%d", s)] = testgen.RandomApproval(s)
		c[fmt.Sprintf("hub-%d", s)] = testgen.RandomHub(s)
		c[fmt.Sprintf("diag-%d", s)] = testgen.Diagram(testgen.Options{Nodes: 8 + int(s%40), Seed: s})
	}
	for _, d := range []string{"/tmp/lead/u", "/tmp/lead/v"} {
		fs, _ := filepath.Glob(d + "/*.fz")
		for _, f := range fs {
			b, _ := os.ReadFile(f)
			c[f] = string(b)
		}
	}
	return c
}

func TestZZSweep(t *testing.T) {
	bad := 0
	for name, src := range zzCorpus() {
		doc := layouttest.Compile(t, name, src)
		for _, order := range []string{"", "written"} {
			env := layout.DefaultEnv()
			env.Order = order
			sc := Layout(doc, env)
			l := sc.Sequence
			ps := append(check(l, nil), seqProblems(l, order == "")...)
			ps = append(ps, guardsStruck(sc, env)...)
			if len(ps) > 0 {
				bad++
				t.Errorf("%s (order %q): %d problems, first: %s", name, order, len(ps), strings.Join(ps[:min(3, len(ps))], "; "))
			}
		}
	}
	t.Logf("%d bad", bad)
}

func TestZZDump(t *testing.T) {
	os.MkdirAll("/tmp/lead/g", 0o755)
	for name, src := range zzCorpus() {
		if strings.HasPrefix(name, "/") {
			continue
		}
		os.WriteFile("/tmp/lead/g/"+name+".fz", []byte(src), 0o644)
	}
}
