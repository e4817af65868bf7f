package mindmap

import (
	"fmt"
	"os"
	"path/filepath"
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
		sc := Layout(doc, layout.DefaultEnv())
		ps := layouttest.Quality(nil, &sc.Layout)
		if len(ps) > 0 {
			bad++
			t.Errorf("%s: %d problems, first: %v", name, len(ps), ps[0])
		}
	}
	t.Logf("%d bad", bad)
}
