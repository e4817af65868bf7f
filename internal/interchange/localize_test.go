package interchange_test

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"flowzap/internal/interchange"
	"flowzap/internal/interchange/bpmn"
	"flowzap/internal/interchange/drawio"
	"flowzap/internal/interchange/mermaid"
)

// badInputs are inputs the importers report on: errors and constructs
// not carried over, one or more of each message where it is cheap to
// reach (the importers' testdata adds the rest).
var badInputs = map[string][]string{
	"mermaid": {
		"",
		"classDiagram\n  A <|-- B\n",
		"hello\n",
		"flowchart XY\n  A --> B\n",
		"flowchart LR extra\n  A --> B\n",
		"flowchart LR\n  A --> B\n  end\n",
		"flowchart LR\n  subgraph S\n  A --> B\n",
		"flowchart LR\n  subgraph\n  A --> B\n  end\n",
		"flowchart LR\n  A[Start --> B\n",
		"flowchart LR\n  A -->|yes B\n",
		"flowchart LR\n  A -- text B\n",
		"flowchart LR\n  A --> B ???\n",
		"flowchart LR\n  A --> \n",
		"flowchart LR\n  A@{ shape: rect --> B\n",
		"flowchart LR\n  A\xff --> B\n",
		"%%{init: {}}%%\nflowchart LR\n  A --> B\n  A ~~~ B\n  A <--> B\n  C>Flag] --> B\n  A:::hot --> C\n  classDef hot fill:#f00\n  click A call go()\n",
		"flowchart LR\n  subgraph S\n    subgraph T\n      A --> B\n    end\n  end\n  subgraph E\n  end\n  C --> T\n  C --> E\n",
		"---\ntitle: Returns 📦\n---\nflowchart LR\n  a[Receive 📦] -->|go 🚀| b[Refund]\n",
		"flowchart LR\n  a[Pack] --> b[Ship]\n  a -.->|\"loop: again\"| b\n",
		"flowchart LR\n  A e1@--> B\n  e1@{ animate: true, curve: linear }\n  C@{ shape: rect, icon: \"fa:x\", label: \"Cee\" } --> A\n",
		"sequenceDiagram\n  A->>B: hi\n  end\n",
		"sequenceDiagram\n  A->>B: hi\n  else no\n",
		"sequenceDiagram\n  loop forever\n  A->>B: hi\n",
		"sequenceDiagram\n  A->>B: hi\n  what is this\n",
		"sequenceDiagram\n  loop x\n  A->>B: hi\n  else y\n  B->>A: no\n  end\n",
		"sequenceDiagram\n" + strings.Repeat("  loop x\n", 100) + "  A->>B: hi\n",
		"sequenceDiagram\n  participant A@{ \"type\": \"actor\" }\n  A<<->>B: hi\n  rect rgb(0,0,0)\n  A->>B: x\n  end\n  box Blue G\n  participant C\n  end\n  par p\n  A->>B: y\n  end\n  Note over A: n\n  activate A\n  A->>B: \n  create participant D\n  A->>D: make ✅\n  loop empty\n  end\n  loop once\n  A->>B: z\n  end\n",
	},
	"drawio": {
		"<mxfile><diagram name=\"P\">!!!</diagram></mxfile>",
		"<mxfile><diagram name=\"P\">AAAA</diagram></mxfile>",
		"<mxfile><diagram name=\"P\">" + "80jNzg8uEsnILw" + "</diagram></mxfile>",
		"<svg/>",
		"<mxfile>\n<diagram>",
		"<mxfile/>",
		"",
		"<!DOCTYPE d [<!ENTITY a \"aaaa\">]><mxfile/>",
		"<?xml version=\"1.0\" encoding=\"EUC-JP\"?><mxfile/>",
		"<mxfile>\xff</mxfile>",
		"<mxfile><diagram name=\"P\"><svg/></diagram></mxfile>",
		"<mxfile><diagram name=\"P\"><mxGraphModel/></diagram></mxfile>",
		"<mxfile><diagram name=\"P\">" + compressed("<mxGraphModel><root>") + "</diagram></mxfile>",
		"<mxfile><diagram name=\"P\">" + compressed("<svg/>") + "</diagram></mxfile>",
		`<mxfile><diagram name="Cover"><mxGraphModel><root><mxCell id="0"/></root></mxGraphModel></diagram><diagram name="P"><mxGraphModel><root>
<mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="a" value="A 🚀" vertex="1" parent="1"><mxGeometry x="0" y="0" width="80" height="40" as="geometry"/></mxCell>
<mxCell id="b" value="B" vertex="1" parent="1"><mxGeometry x="200" y="0" width="80" height="40" as="geometry"/></mxCell>
<mxCell id="c" value="" vertex="1" parent="1"><mxGeometry x="400" y="0" width="80" height="40" as="geometry"/></mxCell>
<mxCell id="g" value="" style="rhombus;" vertex="1" parent="1"><mxGeometry x="400" y="200" width="80" height="80" as="geometry"/></mxCell>
<mxCell id="t" value="a note" style="text;" vertex="1" parent="1"><mxGeometry x="0" y="200" width="80" height="40" as="geometry"/></mxCell>
<mxCell id="e1" edge="1" source="a" target="b" parent="1" style="startArrow=classic;endArrow=classic;"/>
<mxCell id="e2" edge="1" source="a" parent="1"/>
<mxCell id="e3" edge="1" source="a" target="t" parent="1"/>
<UserObject id="u"/>
</root></mxGraphModel></diagram><diagram name="Q"><mxGraphModel><root/></mxGraphModel></diagram></mxfile>`,
	},
	"bpmn": {
		"<definitions><process id=\"p\"><task id=\"a\" name=\"A\"></process></definitions>",
		"<svg/>",
		"<definitions/>",
		"<definitions><process id=\"p\"/></definitions>",
		"<!DOCTYPE d [<!ENTITY a \"aaaa\">]><definitions/>",
		"<?xml version=\"1.0\" encoding=\"EUC-JP\"?><definitions/>",
		"<definitions><process id=\"p\">",
		strings.Repeat("<a>", 300),
		`<definitions><process id="p">
<startEvent id="s" name="Go"/>
<subProcess id="sp"><task id="inner" name="Inner"/></subProcess>
<boundaryEvent id="be" attachedToRef="sp"/>
<dataObject id="d"/><group id="gr" name="G"/><fancyThing id="x"/><dataStoreReference/>
<sequenceFlow id="f" sourceRef="s" targetRef="sp"/>
<sequenceFlow id="f2" sourceRef="s" targetRef="d"/>
<textAnnotation id="ta"><text>Note</text></textAnnotation>
<laneSet><lane id="A" name="A"><flowNodeRef>s</flowNodeRef></lane><lane id="B" name="B"><flowNodeRef>s</flowNodeRef><flowNodeRef>sp</flowNodeRef></lane><lane id="C" name="Empty"/></laneSet>
</process></definitions>`,
		`<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><collaboration id="c">` +
			`<participant id="pA" name="Shop" processRef="p"/><participant id="pB" name="Supplier"/><participant id="pC" name="Ghost" processRef="nowhere"/></collaboration>` +
			`<process id="p"><startEvent id="s"/><task id="t" name="Sell"/><task id="t2" name="Sell again"/><sequenceFlow id="f" sourceRef="s" targetRef="t"/><sequenceFlow id="f2" sourceRef="t" targetRef="t2"/>` +
			`<textAnnotation id="l1"><text>loop [never]</text></textAnnotation><textAnnotation id="l2"><text>loop [once]</text></textAnnotation><association sourceRef="l2" targetRef="t"/></process></definitions>`,
	},
}

// compressed returns s as diagrams.net writes a compressed page.
func compressed(s string) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	_, _ = w.Write([]byte(url.PathEscape(s)))
	_ = w.Close()
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

var importers = map[string]func(string, []byte) *interchange.Result{
	"mermaid": mermaid.Import, "drawio": drawio.Import, "bpmn": bpmn.Import,
}

// TestLocalizedImports imports a corpus of inputs the importers report
// on (the inputs above and the importers' testdata) and checks that every
// diagnostic's message is translated, in French and in Chinese: a
// message of an importer with no entry in the catalogs would be given in
// English. It checks that the English text is the one the message was
// built with.
func TestLocalizedImports(t *testing.T) {
	type input struct {
		from, name string
		src        []byte
	}
	var inputs []input
	for from, srcs := range badInputs {
		for i, s := range srcs {
			inputs = append(inputs, input{from, fmt.Sprintf("%s #%d", from, i), []byte(s)})
		}
	}
	for from, glob := range map[string]string{"mermaid": "mermaid/testdata/*.mmd", "drawio": "drawio/testdata/*.drawio", "bpmn": "bpmn/testdata/*.bpmn"} {
		files, err := filepath.Glob(glob)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v, %d files", glob, err, len(files))
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, input{from, f, src})
		}
	}
	formats := map[string]bool{}
	seen := 0
	for _, in := range inputs {
		res := importers[in.from](filepath.Base(in.name), in.src)
		for _, d := range res.Diags {
			if strings.HasPrefix(d.Msg, "internal error") {
				t.Errorf("%s: %s", in.name, d.Msg)
				continue
			}
			if d.MsgText().String() != d.Msg {
				t.Errorf("%s: message %q kept as %q", in.name, d.Msg, d.MsgText().String())
			}
			for _, lang := range []string{"fr", "zh"} {
				if msg, _, _ := d.In(lang); msg == d.Msg {
					t.Errorf("%s %s: %s message not translated: %q", in.name, d.Code, lang, d.Msg)
				}
			}
			formats[d.MsgText().Format] = true
			seen++
		}
	}
	if seen < 100 || len(formats) < 70 {
		t.Errorf("only %d diagnostics of %d formats seen: the corpus no longer reaches the messages", seen, len(formats))
	}
	if testing.Verbose() {
		var fs []string
		for f := range formats {
			fs = append(fs, f)
		}
		sort.Strings(fs)
		t.Logf("%d diagnostics, %d formats:\n%s", seen, len(fs), strings.Join(fs, "\n"))
	}
}
