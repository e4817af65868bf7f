package pipeline

import "testing"

func TestGuessImportFormat(t *testing.T) {
	for _, c := range []struct {
		name, text string
		dir        bool
		want       string
	}{
		{"flow.mmd", "", false, "mermaid"},
		{"FLOW.Mermaid", "", false, "mermaid"},
		{"order.bpmn", "", false, "bpmn"},
		{"board.drawio", "", false, "drawio"},
		{"capture.har", "", false, "har"},
		{"access.log", "", false, "log"},
		{"main.go", "", false, "go"},
		{"cmd/server", "", true, "go"},
		{"export.xml", `<?xml version="1.0"?><mxfile host="app"><diagram>`, false, "drawio"},
		{"export.xml", `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">`, false, "bpmn"},
		{"api.yaml", "# Orders API\nopenapi: 3.1.0\ninfo:\n  title: Orders\n", false, "openapi"},
		{"api.json", `{"openapi": "3.0.3", "info": {"title": "Orders"}}`, false, "openapi"},
		{"old.yml", "swagger: '2.0'\n", false, "openapi"},
		{"session.json", "{\n  \"log\": {\"version\": \"1.2\", \"entries\": []}}", false, "har"},
		{"-", "%% a comment\n\nflowchart TD\n  A --> B\n", false, "mermaid"},
		{"diagram.txt", "---\ntitle: Checkout\n---\ngraph LR\n  A --> B\n", false, "mermaid"},
		{"-", "\xef\xbb\xbfgraph TB\nA-->B\n", false, "mermaid"},
		{"-", "sequenceDiagram\n  A->>B: hi\n", false, "mermaid"},
		{"model.xml", "\xff\xfe<\x00?\x00x\x00m\x00l\x00?\x00>\x00<\x00m\x00x\x00f\x00i\x00l\x00e\x00>\x00", false, "drawio"},
		{"board.drawio.svg", "", false, "drawio"},
		{"Board.DrawIO.png", "", false, "drawio"},
		{"-", `<svg xmlns="http://www.w3.org/2000/svg" content="&lt;mxfile host=&quot;app&quot;&gt;&lt;diagram`, false, "drawio"},
		{"-", "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x00\x00\x00\x00\x00\x10tEXtmxfile\x00%3Cmxfile", false, "drawio"},
		{"-", "flowchart-elk TD\n  A --> B\n", false, "mermaid"},
		// Not enough to tell: the caller asks for --from.
		{"picture.svg", `<svg xmlns="http://www.w3.org/2000/svg"><text>&lt;mxfile is a word here</text></svg>`[:40], false, ""},
		{"photo.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", false, ""},
		{"-", "classDiagram\n  A <|-- B\n", false, ""},
		{"notes.txt", "graphs of the week\n", false, ""},
		{"data.json", `{"name": "x"}`, false, ""},
		{"flow.fz", "a { # A\n  n1: circle label:\"Start\"\n}\n", false, ""},
	} {
		if got := GuessImportFormat(c.name, []byte(c.text), c.dir); got != c.want {
			t.Errorf("GuessImportFormat(%q, %.30q) = %q, want %q", c.name, c.text, got, c.want)
		}
	}
}

func TestExportOnlyFormat(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"flow.puml", "", "PlantUML"},
		{"-", "\n@startuml\nA -> B\n@enduml\n", "PlantUML"},
		{"net.d2", "", "D2"},
		{"g.gv", "", "Graphviz DOT"},
		{"-", "// calls\nstrict digraph \"x\" {\n a -> b\n}\n", "Graphviz DOT"},
		{"-", "graph {\n a -- b\n}\n", "Graphviz DOT"},
		{"-", "graph LR\n  A --> B\n", ""},
		{"notes.txt", "graphs of the week\n", ""},
	} {
		if got, _ := ExportOnlyFormat(c.name, []byte(c.text)); got != c.want {
			t.Errorf("ExportOnlyFormat(%q, %.30q) = %q, want %q", c.name, c.text, got, c.want)
		}
	}
}
