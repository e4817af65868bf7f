package plantuml_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/pipeline"
)

func export(t *testing.T, path, format string) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := pipeline.ExportAs(&b, pipeline.Check(path, src, pipeline.Options{}), format); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b.String()
}

// TestActivityLines: every activity is one line of source, so an item
// or a label that ends with ';' cannot end a multi-line activity early,
// and no line but the first and the last holds an '@' (a label starting
// with "@startuml" made the activity after it an error, an item
// "@enduml" on a line of its own would end the diagram). When PlantUML
// is installed, it reads both exports without an error.
func TestActivityLines(t *testing.T) {
	path := filepath.Join("testdata", "lines.fz")
	act := export(t, path, "plantuml")
	lines := strings.Split(strings.TrimSuffix(act, "\n"), "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, ":") && !strings.HasSuffix(l, ";") {
			t.Errorf("line %d: the activity %q goes on over several lines:\n%s", i+1, l, act)
		}
		if i > 0 && i < len(lines)-1 && strings.Contains(l, "@") {
			t.Errorf("line %d: %q holds an '@':\n%s", i+1, l, act)
		}
	}
	if !strings.Contains(act, `:**Ship;**\n* Pack box;\n* <U+0040>enduml\n//Owner: Ops;//\n//System: WMS//;`) {
		t.Errorf("the taskbox is not one activity with its lines:\n%s", act)
	}
	seq := export(t, path, "plantuml-sequence")
	bin, err := exec.LookPath("plantuml")
	if err != nil {
		t.Log("plantuml not installed: not run")
		return
	}
	dir := t.TempDir()
	for name, src := range map[string]string{"act.puml": act, "seq.puml": seq} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command(bin, "-checkonly", filepath.Join(dir, "act.puml"), filepath.Join(dir, "seq.puml")).CombinedOutput(); err != nil {
		t.Errorf("plantuml: %v\n%s\n%s", err, out, act)
	}
}

// TestSwimlaneTitles: swimlane titles are escaped as labels are, so a
// lane "**Ops**" is not drawn bold, "[[wiki]]" is not a link and "a|b"
// keeps its bar (it was written "a/b"). When PlantUML is installed, the
// drawing shows each title as written.
func TestSwimlaneTitles(t *testing.T) {
	act := export(t, filepath.Join("testdata", "lanes.fz"), "plantuml")
	for _, want := range []string{
		"|L1| ~*~*Ops~*~* <U+003C>b>team<U+003C>~/b> ~[~[wiki~]~] a<U+007C>b\n",
		"|L2| Dev <U+007E><U+007E>x<U+007E><U+007E> <U+005C>n y\n",
	} {
		if !strings.Contains(act, want) {
			t.Errorf("no %q in:\n%s", want, act)
		}
	}
	bin, err := exec.LookPath("plantuml")
	if err != nil {
		t.Log("plantuml not installed: not run")
		return
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "lanes.puml"), []byte(act), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-tsvg", filepath.Join(dir, "lanes.puml")).CombinedOutput(); err != nil {
		t.Fatalf("plantuml: %v\n%s", err, out)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "lanes.svg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{">**Ops** &lt;b&gt;team&lt;/b&gt; [[wiki]] a|b<", `>Dev ~~x~~ \n y<`} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("the drawing has no title %q:\n%s", want, svg)
		}
	}
}
