package diag

// Code is a stable diagnostic code such as "FZ012". Codes are never reused
// for another meaning; docs/diagnostics.md lists them all.
type Code string

// Class says how a code's severity depends on the checking mode.
type Class int

// The classes of diagnostics, following the spec's three lists.
const (
	// Always is an error in every mode: nothing sensible can be drawn.
	Always Class = iota
	// Departure is a warning by default and an error in strict mode; the
	// fixer repairs it.
	Departure
	// Style is a warning in every mode and is never repaired automatically.
	Style
	// Informational is an info note in every mode.
	Informational
)

// String names the class as docs/diagnostics.md does.
func (c Class) String() string {
	switch c {
	case Always:
		return "error"
	case Departure:
		return "warning (error in strict mode), fixable"
	case Style:
		return "warning"
	default:
		return "info"
	}
}

// Severity returns the severity a code of class c has in the given mode.
func (c Class) Severity(strict bool) Severity {
	switch c {
	case Always:
		return Error
	case Departure:
		if strict {
			return Error
		}
		return Warning
	case Style:
		return Warning
	default:
		return Info
	}
}

// The diagnostic codes. FZ0xx are always errors, FZ1xx are departures from
// the official rules (fixable), FZ2xx are style warnings, FZ3xx are notes.
const (
	InvalidUTF8      Code = "FZ001"
	ControlChar      Code = "FZ002"
	UnterminatedStr  Code = "FZ003"
	UnterminatedLane Code = "FZ004"
	StrayBrace       Code = "FZ005"
	NestedLane       Code = "FZ006"
	NodeOutsideLane  Code = "FZ007"
	UnknownShape     Code = "FZ008"
	UnknownSide      Code = "FZ009"
	Syntax           Code = "FZ010"
	Mermaid          Code = "FZ011"
	ChainedEdge      Code = "FZ012"
	DuplicateNode    Code = "FZ013"
	DuplicateLane    Code = "FZ014"
	UndefinedNode    Code = "FZ015"
	UndefinedLane    Code = "FZ016"
	WrongLanePrefix  Code = "FZ017"
	EmptyLoop        Code = "FZ018"
	NoLane           Code = "FZ019"
	DuplicateAttr    Code = "FZ020"

	NodeAttrSep       Code = "FZ101"
	EdgeAttrSep       Code = "FZ102"
	MissingHandles    Code = "FZ103"
	MissingLanePrefix Code = "FZ104"
	SourcePrefix      Code = "FZ105"
	MisplacedEdge     Code = "FZ106"
	MissingLaneLabel  Code = "FZ107"
	LaneLabelOwnLine  Code = "FZ108"
	LaneLabelNoSpace  Code = "FZ109"
	NodeIDForm        Code = "FZ110"
	NodeIDNumbering   Code = "FZ111"
	EmojiInLabel      Code = "FZ112"
	SingleNodeLoop    Code = "FZ113"
	LoopOutsideLane   Code = "FZ114"
	UnknownAttr       Code = "FZ115"
	TrailingComment   Code = "FZ116"
	KeywordCase       Code = "FZ117"
	LongArrow         Code = "FZ118"
	MarkdownFence     Code = "FZ119"
	LoopLanePrefix    Code = "FZ120"
	RepeatedLoopNode  Code = "FZ121"

	LongLabel         Code = "FZ201"
	OrphanNode        Code = "FZ202"
	DecisionBranches  Code = "FZ203"
	DecisionUnlabeled Code = "FZ204"
	Unanswered        Code = "FZ205"
	PingPong          Code = "FZ206"
	LayoutEntry       Code = "FZ207"
	LayoutStale       Code = "FZ208"

	MindMapOmitted  Code = "FZ301"
	ArchSelfOmitted Code = "FZ302"

	// Imports from other formats (Mermaid, BPMN, draw.io): positions are
	// in the imported file.
	ImportInvalid     Code = "FZ401"
	ImportUnsupported Code = "FZ402"
)

// CodeInfo documents one code.
type CodeInfo struct {
	Code    Code
	Class   Class
	Title   string
	Example string
}

// Codes lists every diagnostic code in order. docs/diagnostics.md is checked
// against it by a test.
var Codes = []CodeInfo{
	{InvalidUTF8, Always, "invalid UTF-8 encoding", "a byte sequence that is not UTF-8"},
	{ControlChar, Always, "control character other than tab, CR or LF", "a NUL or ESC byte in a label"},
	{UnterminatedStr, Always, "unterminated string", `label:"Start`},
	{UnterminatedLane, Always, "lane not closed with `}`", "`ops {` with no `}` before the end of the file"},
	{StrayBrace, Always, "`}` with no open lane", "a second `}`"},
	{NestedLane, Always, "lane opened inside a lane", "`inner {` before the outer lane's `}`"},
	{NodeOutsideLane, Always, "node defined outside every lane", "`n1: circle label:\"Start\"` at the top level"},
	{UnknownShape, Always, "unknown shape", "`n1: square`"},
	{UnknownSide, Always, "unknown handle side", "`n1.handle(up)`"},
	{Syntax, Always, "text that is not a statement", "a bare word, a missing `->`, a stray token"},
	{Mermaid, Always, "Mermaid syntax instead of FlowZap Code", "`graph TD`, `A --> B`"},
	{ChainedEdge, Always, "chained edge", "`n1 -> n2 -> n3`"},
	{DuplicateNode, Always, "two nodes with the same ID", "`n2` defined in two lanes"},
	{DuplicateLane, Always, "two lanes with the same ID", "two `ops {` lanes"},
	{UndefinedNode, Always, "edge or loop names a node that does not exist", "`n1 -> n99`"},
	{UndefinedLane, Always, "lane prefix names a lane that does not exist", "`nolane.n2`"},
	{WrongLanePrefix, Always, "lane prefix names a lane the node is not in", "`billing.n2` where n2 is in checkout"},
	{EmptyLoop, Always, "loop with no nodes", "`loop [forever]`"},
	{NoLane, Always, "empty file or file with no lane", "a file holding only comments"},
	{DuplicateAttr, Always, "attribute given twice", `label:"A" label:"B"`},

	{NodeAttrSep, Departure, "node attribute written with `=`", "`label=\"Start\"` instead of `label:\"Start\"`"},
	{EdgeAttrSep, Departure, "edge attribute written with `:`", "`[label:\"Yes\"]` instead of `[label=\"Yes\"]`"},
	{MissingHandles, Departure, "edge without handles", "`n1 -> n2`"},
	{MissingLanePrefix, Departure, "cross-lane target without its lane prefix", "`n3.handle(bottom) -> n4.handle(top)` with n4 in another lane"},
	{SourcePrefix, Departure, "edge source written with a lane prefix", "`ops.n1.handle(right) -> ...`"},
	{MisplacedEdge, Departure, "edge written outside its source's lane", "an edge from n1 written in another lane or at the top level"},
	{MissingLaneLabel, Departure, "lane without a display label", "`ops {`"},
	{LaneLabelOwnLine, Departure, "lane label on its own line", "`# Operations` on the line after `ops {`"},
	{LaneLabelNoSpace, Departure, "lane label without a space after `#`", "`ops {#Operations`"},
	{NodeIDForm, Departure, "node ID not of the form nN", "`start: circle`"},
	{NodeIDNumbering, Departure, "node IDs not numbered 1..N without gaps", "n1, n2, n5"},
	{EmojiInLabel, Departure, "emoji in a label", `label:"Deploy 🚀"`},
	{SingleNodeLoop, Departure, "loop with a single node", "`loop [retry] n2`"},
	{LoopOutsideLane, Departure, "loop written outside a lane", "a `loop` line at the top level"},
	{UnknownAttr, Departure, "unknown attribute key", `color:"red"`},
	{TrailingComment, Departure, "comment after a statement on the same line", `n1: circle label:"A" // start`},
	{KeywordCase, Departure, "shape, side or keyword not in lower case", "`n1: Circle`, `handle(Right)`"},
	{LongArrow, Departure, "arrow written `-->`", "`n1.handle(right) --> n2.handle(left)`"},
	{MarkdownFence, Departure, "Markdown code fence around the code", "a ```flowzap line pasted with the code"},
	{LoopLanePrefix, Departure, "loop node written with a lane prefix", "`loop [until confirmed] agent.n7 agent.n8` after the last lane"},
	{RepeatedLoopNode, Departure, "loop lists a node twice", "`loop [retry] n2 n3 n2`"},

	{LongLabel, Style, "label longer than 50 characters", "a sentence used as a label"},
	{OrphanNode, Style, "node no edge touches", "a rectangle with no edges"},
	{DecisionBranches, Style, "decision with fewer than two outgoing edges", "a diamond with one way out"},
	{DecisionUnlabeled, Style, "decision outcome without a label", "`n3.handle(right) -> n4.handle(left)` from a diamond"},
	{Unanswered, Style, "sequence: cross-lane request never answered", "client calls api, api never replies"},
	{PingPong, Style, "sequence: new request before the previous one was answered", "client calls api twice in a row"},
	{LayoutEntry, Style, "`// @layout` line not understood (ignored)", "`// @layout node n4 dx=left`"},
	{LayoutStale, Style, "`// @layout` line names a node or lane that does not exist (ignored; fmt drops it)", "`// @layout node n9 dx=16` after n9 was deleted"},

	{MindMapOmitted, Informational, "mind map: node not drawn", "a diamond in the mind map view"},
	{ArchSelfOmitted, Informational, "architecture: a node's edge to itself not drawn", "`n2.handle(top) -> n2.handle(top)` in the architecture view"},

	{ImportInvalid, Always, "import: the input cannot be read as the chosen format", "`A --> ` with no target in a Mermaid file"},
	{ImportUnsupported, Style, "import: a construct FlowZap Code cannot carry", "`classDef` in Mermaid, a BPMN data object"},
}

// Lookup returns the documentation of code c, and false if c is unknown.
func Lookup(c Code) (CodeInfo, bool) {
	for _, ci := range Codes {
		if ci.Code == c {
			return ci, true
		}
	}
	return CodeInfo{}, false
}
