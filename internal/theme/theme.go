// Package theme holds the visual tokens of flowzap's diagrams: colours,
// font sizes and weights by role, spacing and strokes. Layout reads the
// sizes; renderers read the colours.
package theme

// Theme is one complete look.
type Theme struct {
	Name string

	Background   string
	LaneFill     []string // alternating lane body fills
	LaneHeader   string   // lane header band fill
	LaneBorder   string
	LaneText     string
	NodeFill     string
	NodeStroke   string
	NodeText     string
	StartFill    string // circles
	StartStroke  string
	DecisionFill string
	DecisionLine string
	TaskFill     string
	TaskAccent   string
	MutedText    string // owner/system lines, loop labels
	Edge         string
	EdgeLabelBg  string
	EdgeText     string
	LoopStroke   string
	// Branches colour the main branches of a mind map in turn, each
	// branch's subtree taking its colour: six hues that stay apart, the
	// first four shared with the shapes' accents.
	Branches []string

	FontSize      float64 // node labels
	SmallFontSize float64 // edge labels, taskbox details
	TitleFontSize float64 // lane titles
	LineHeight    float64 // multiple of the font size
}

// Light is the default theme.
var Light = Theme{
	Name:       "light",
	Background: "#ffffff",
	LaneFill:   []string{"#f8fafc", "#f1f5f9"}, LaneHeader: "#e2e8f0", LaneBorder: "#cbd5e1", LaneText: "#0f172a",
	NodeFill: "#ffffff", NodeStroke: "#475569", NodeText: "#0f172a",
	StartFill: "#ecfdf5", StartStroke: "#059669",
	DecisionFill: "#fffbeb", DecisionLine: "#d97706",
	TaskFill: "#eff6ff", TaskAccent: "#2563eb",
	MutedText: "#475569", Edge: "#334155", EdgeLabelBg: "#ffffff", EdgeText: "#1e293b", LoopStroke: "#7c3aed",
	Branches: []string{"#2563eb", "#059669", "#d97706", "#7c3aed", "#db2777", "#0891b2"},
	FontSize: 14, SmallFontSize: 12, TitleFontSize: 14, LineHeight: 1.3,
}

// Dark is the dark theme.
var Dark = Theme{
	Name:       "dark",
	Background: "#0b1120",
	LaneFill:   []string{"#111827", "#0f172a"}, LaneHeader: "#1e293b", LaneBorder: "#334155", LaneText: "#e2e8f0",
	NodeFill: "#1e293b", NodeStroke: "#94a3b8", NodeText: "#f1f5f9",
	StartFill: "#064e3b", StartStroke: "#34d399",
	DecisionFill: "#422006", DecisionLine: "#fbbf24",
	TaskFill: "#172554", TaskAccent: "#60a5fa",
	MutedText: "#94a3b8", Edge: "#cbd5e1", EdgeLabelBg: "#0b1120", EdgeText: "#e2e8f0", LoopStroke: "#a78bfa",
	Branches: []string{"#60a5fa", "#34d399", "#fbbf24", "#a78bfa", "#f472b6", "#22d3ee"},
	FontSize: 14, SmallFontSize: 12, TitleFontSize: 14, LineHeight: 1.3,
}

// ByName returns the theme called name ("light" or "dark").
func ByName(name string) (Theme, bool) {
	switch name {
	case "", "light":
		return Light, true
	case "dark":
		return Dark, true
	}
	return Theme{}, false
}
