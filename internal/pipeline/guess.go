package pipeline

import (
	"bytes"
	"path/filepath"
	"strings"

	"flowzap/internal/interchange/xmltree"
	"flowzap/internal/lazyre"
)

// GuessImportFormat names the import format of a file (one of
// [ImportFormats] or [ImportKinds]) from its name and its first bytes, or
// returns "" when neither tells: the extension first (.mmd and .mermaid,
// .bpmn, .drawio, .har, .log, .go), then, for .xml, .json, .yaml, .yml,
// standard input and other names, what the text starts with (a Mermaid
// flowchart's or sequence diagram's header, a draw.io or BPMN document's
// root, a picture saved by draw.io with its diagram (.drawio.svg,
// .drawio.png, also told by their name), an OpenAPI document's version key, a HAR file's log). A directory
// is Go code. The CLI and POST /api/import use it when the format is not
// given.
func GuessImportFormat(name string, data []byte, dir bool) string {
	if dir {
		return "go"
	}
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".drawio.svg") || strings.HasSuffix(lower, ".drawio.png") {
		return "drawio" // a picture saved by draw.io with its diagram in it
	}
	switch filepath.Ext(lower) {
	case ".mmd", ".mermaid":
		return "mermaid"
	case ".bpmn":
		return "bpmn"
	case ".drawio":
		return "drawio"
	case ".har":
		return "har"
	case ".log":
		return "log"
	case ".go":
		return "go"
	}
	head := data
	if len(head) > guessBytes {
		head = head[:guessBytes]
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		// UTF-16 (Windows' "Unicode"): an XML document the importers read.
		if text, err := xmltree.UTF8(head[:len(head)&^1]); err == nil {
			head = text
		}
	}
	switch {
	case bytes.Contains(head, []byte("<mxfile")) || bytes.Contains(head, []byte("<mxGraphModel")),
		// An SVG saved by draw.io: the diagram, escaped, in its content attribute.
		bytes.Contains(head, []byte("<svg")) && (bytes.Contains(head, []byte("&lt;mxfile")) || bytes.Contains(head, []byte("&lt;mxGraphModel"))),
		// A PNG saved by draw.io: the diagram in a text chunk.
		bytes.HasPrefix(head, []byte("\x89PNG")) && (bytes.Contains(head, []byte("tEXtmxfile")) || bytes.Contains(head, []byte("zTXtmxGraphModel"))):
		return "drawio"
	case bytes.Contains(head, []byte("BPMN/20100524/MODEL")):
		return "bpmn"
	case openAPIKey.Get().Match(head):
		return "openapi"
	case harLog.Get().Match(head):
		return "har"
	case mermaidHeader.Get().Match(head):
		return "mermaid"
	}
	return ""
}

// guessBytes is how much of a file GuessImportFormat reads.
const guessBytes = 4096

var (
	// The first statement of a Mermaid flowchart or sequence diagram,
	// after comments, blank lines and a front matter.
	mermaidHeader = lazyre.New(`(?m)\A(?:\s*(?:%%[^\n]*)?\n|---\n(?:[^\n]*\n)*?---\n)*\s*(?:flowchart(?:-elk)?|graph|sequenceDiagram)(?:\s|$)`)
	// An OpenAPI or Swagger document's version key, in YAML or JSON.
	openAPIKey = lazyre.New(`(?m)^\s*(?:openapi|swagger)\s*:\s*["']?[0-9]|"(?:openapi|swagger)"\s*:\s*"[0-9]`)
	// A HAR file: a JSON object whose log holds a version and entries.
	harLog = lazyre.New(`\A\s*\{\s*"log"\s*:\s*\{`)
)

// ExportOnlyFormat names the diagram format of a file that FlowZap
// writes but does not read ("PlantUML", "D2", "Graphviz DOT"), from its
// extension or its first line, with the export format that writes it;
// "" when it is none of them. The CLI says so rather than asking for
// --from.
func ExportOnlyFormat(name string, data []byte) (format, export string) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".puml", ".plantuml", ".pu", ".iuml", ".wsd":
		return "PlantUML", "plantuml"
	case ".d2":
		return "D2", "d2"
	case ".dot", ".gv":
		return "Graphviz DOT", "dot"
	}
	head := data
	if len(head) > guessBytes {
		head = head[:guessBytes]
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	switch {
	case plantUMLStart.Get().Match(head):
		return "PlantUML", "plantuml"
	case dotGraph.Get().Match(head):
		return "Graphviz DOT", "dot"
	}
	return "", ""
}

var (
	plantUMLStart = lazyre.New(`^\s*@start(uml|activity|sequence)\b`)
	dotGraph      = lazyre.New(`^(?:\s*(?://[^\n]*|#[^\n]*)?\n)*\s*(?:strict\s+)?(?:di)?graph\s*(?:"[^"]*"|[A-Za-z_][A-Za-z0-9_]*)?\s*\{`)
)
