package pipeline

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
)

// GuessImportFormat names the import format of a file (one of
// [ImportFormats] or [ImportKinds]) from its name and its first bytes, or
// returns "" when neither tells: the extension first (.mmd and .mermaid,
// .bpmn, .drawio, .har, .log, .go), then, for .xml, .json, .yaml, .yml,
// standard input and other names, what the text starts with (a Mermaid
// flowchart's or sequence diagram's header, a draw.io or BPMN document's
// root, an OpenAPI document's version key, a HAR file's log). A directory
// is Go code. The CLI and POST /api/import use it when the format is not
// given.
func GuessImportFormat(name string, data []byte, dir bool) string {
	if dir {
		return "go"
	}
	switch strings.ToLower(filepath.Ext(name)) {
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
	switch {
	case bytes.Contains(head, []byte("<mxfile")) || bytes.Contains(head, []byte("<mxGraphModel")):
		return "drawio"
	case bytes.Contains(head, []byte("BPMN/20100524/MODEL")):
		return "bpmn"
	case openAPIKey.Match(head):
		return "openapi"
	case harLog.Match(head):
		return "har"
	case mermaidHeader.Match(head):
		return "mermaid"
	}
	return ""
}

// guessBytes is how much of a file GuessImportFormat reads.
const guessBytes = 4096

var (
	// The first statement of a Mermaid flowchart or sequence diagram,
	// after comments, blank lines and a front matter.
	mermaidHeader = regexp.MustCompile(`(?m)\A(?:\s*(?:%%[^\n]*)?\n|---\n(?:[^\n]*\n)*?---\n)*\s*(?:flowchart|graph|sequenceDiagram)(?:\s|$)`)
	// An OpenAPI or Swagger document's version key, in YAML or JSON.
	openAPIKey = regexp.MustCompile(`(?m)^\s*(?:openapi|swagger)\s*:\s*["']?[0-9]|"(?:openapi|swagger)"\s*:\s*"[0-9]`)
	// A HAR file: a JSON object whose log holds a version and entries.
	harLog = regexp.MustCompile(`\A\s*\{\s*"log"\s*:\s*\{`)
)
