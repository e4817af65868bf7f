package scene

import (
	"fmt"
	"strings"
)

// SequenceLayout is the layout JSON of the sequence view.
type SequenceLayout struct {
	View         string        `json:"view"`
	Width        float64       `json:"width"`
	Height       float64       `json:"height"`
	Participants []Participant `json:"participants"`
	Messages     []Message     `json:"messages"`
	Frames       []Frame       `json:"frames"`
	Notes        []Note        `json:"notes"`
	// Continuations say where an alternative goes on when that is not
	// what is drawn right after its frame.
	Continuations []Continuation `json:"continuations,omitempty"`
}

// Participant is a lane drawn as a header box with a lifeline below it.
type Participant struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Box
}

// Message is one edge, drawn as an arrow between lifelines (or a
// self-message loop). Messages are in message order.
type Message struct {
	Edge string `json:"edge"`
	// Merged lists the other edges this message stands for: the same
	// message (same participants, same label) reaching a join from the
	// other alternatives of a decision, drawn once after its frame.
	Merged []string     `json:"merged,omitempty"`
	From   string       `json:"from"`
	To     string       `json:"to"`
	Return bool         `json:"return"` // answers a pending request (dashed)
	Points [][2]float64 `json:"points"`
	Label  *Label       `json:"label"`
}

// Frame is a loop, alt, opt or break frame around messages.
type Frame struct {
	Kind  string `json:"kind"` // "loop", "alt", "opt" (one section) or "break" (a section that ends)
	Label string `json:"label"`
	Box
	// Sections holds, for alt frames, the y of each divider and its guard.
	Sections []Section `json:"sections,omitempty"`
}

// Section is one guarded part of an alt frame.
type Section struct {
	Guard string  `json:"guard"`
	Y     float64 `json:"y"`
}

// Note is a node's label shown on its participant's lifeline. Owner is
// the participant (the node's lane); the node's own owner is in Details.
type Note struct {
	Node  string `json:"node"`
	Text  string `json:"text"`
	Owner string `json:"participant"`
	Details
	Box
}

// Continuation ends a section of an alt or opt frame whose way on is
// drawn further down than right after the frame (a join that another,
// outer alternative reaches too): it names the step the section goes on
// at, on that step's participant ("→ Decline claim"; "↑ Enter code" for
// a way back up to a step shown above the section).
type Continuation struct {
	Node  string `json:"node"` // the step the section goes on at
	Text  string `json:"text"`
	Owner string `json:"participant"`
	Box
}

// Dump returns the sequence layout as text lines (messages in order, the
// rest sorted), rounded to 0.5 px.
func (l *SequenceLayout) Dump() string {
	var lines, rest []string
	lines = append(lines, fmt.Sprintf("view %s %sx%s", l.View, half(l.Width), half(l.Height)))
	for _, p := range l.Participants {
		rest = append(rest, fmt.Sprintf("participant %s %s %q", p.ID, p.Box.dump(), p.Label))
	}
	for _, n := range l.Notes {
		rest = append(rest, fmt.Sprintf("note %s %s %s %q", n.Node, n.Owner, n.Box.dump(), n.Text))
	}
	for _, c := range l.Continuations {
		rest = append(rest, fmt.Sprintf("continuation %s %s %s %q", c.Node, c.Owner, c.Box.dump(), c.Text))
	}
	for _, f := range l.Frames {
		rest = append(rest, fmt.Sprintf("frame %s %s %q", f.Kind, f.Box.dump(), f.Label))
	}
	for _, m := range l.Messages {
		var pts []string
		for _, p := range m.Points {
			pts = append(pts, half(p[0])+","+half(p[1]))
		}
		s := fmt.Sprintf("message %s %s>%s %s", m.Edge, m.From, m.To, strings.Join(pts, " "))
		if m.Return {
			s += " return"
		}
		if len(m.Merged) > 0 {
			s += " merged " + strings.Join(m.Merged, ",")
		}
		if m.Label != nil {
			s += fmt.Sprintf(" %q@%s", m.Label.Text, m.Label.Box.dump())
		}
		lines = append(lines, s)
	}
	sortStrings(rest)
	return strings.Join(append(lines, rest...), "\n") + "\n"
}
