package interchange

import (
	"sort"
	"strings"

	"flowzap/internal/scene"
)

// SeqEvent is one line of a text sequence diagram, in the order the
// sequence view draws it. Kind is "message", "note", "open" (a loop, alt,
// opt or break frame starts: Frame and Text hold its kind and label), "else" (an
// alt frame's next branch: Text is its guard) or "close".
type SeqEvent struct {
	Kind string
	// Message: From and To are node IDs; Return marks an answer; Text is
	// the label. Note: Node is the node ID and Text its label.
	From, To, Node string
	Return         bool
	Frame          string // "loop", "alt", "opt" or "break" for open
	Text           string
	Depth          int // frames open around the event
	// Goto marks a note that is a continuation (where a section goes
	// on, at a step drawn elsewhere), not a step's label.
	Goto bool
}

// WayRound reports whether a section's guard names no condition: none,
// or "else" (the way round a decision, as the importers write it), which
// text formats write as a bare else.
func WayRound(guard string) bool {
	return guard == "" || strings.EqualFold(guard, "else")
}

// SequenceEvents turns the sequence layout into events: notes and
// messages sorted top to bottom, inside the view's loop and alt frames.
// Frames that would cross are cut so that they nest, as text formats
// require.
func SequenceEvents(seq *scene.SequenceLayout) []SeqEvent {
	type item struct {
		y  float64
		ev SeqEvent
	}
	var items []item
	for _, m := range seq.Messages {
		if len(m.Points) == 0 {
			continue
		}
		label := ""
		if m.Label != nil {
			label = m.Label.Text
		}
		items = append(items, item{m.Points[0][1], SeqEvent{Kind: "message", From: m.From, To: m.To, Return: m.Return, Text: label}})
	}
	for _, n := range seq.Notes {
		if n.Text != "" {
			items = append(items, item{n.Y + n.H/2, SeqEvent{Kind: "note", Node: n.Node, Text: n.Text, From: n.Owner}})
		}
	}
	// A continuation (where a section goes on) is a note on the step's
	// participant that names it.
	for _, c := range seq.Continuations {
		items = append(items, item{c.Y + c.H/2, SeqEvent{Kind: "note", Node: c.Node, Text: c.Text, From: c.Owner, Goto: true}})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].y < items[j].y })
	type frame struct {
		f          scene.Frame
		first, end int
		sections   []int
	}
	var frames []*frame
	for _, f := range seq.Frames {
		fr := &frame{f: f, first: -1}
		for i, it := range items {
			if it.y >= f.Y && it.y <= f.Y+f.H {
				if fr.first < 0 {
					fr.first = i
				}
				fr.end = i + 1
			}
		}
		if fr.first < 0 {
			continue
		}
		for _, s := range f.Sections {
			k := fr.first
			for k < fr.end && items[k].y < s.Y {
				k++
			}
			fr.sections = append(fr.sections, k)
		}
		frames = append(frames, fr)
	}
	sort.SliceStable(frames, func(i, j int) bool {
		if frames[i].first != frames[j].first {
			return frames[i].first < frames[j].first
		}
		return frames[i].end > frames[j].end
	})
	opens := map[int][]*frame{}
	for _, f := range frames {
		opens[f.first] = append(opens[f.first], f)
	}
	var out []SeqEvent
	var stack []*frame
	closeTo := func(i int) {
		for len(stack) > 0 && stack[len(stack)-1].end <= i {
			stack = stack[:len(stack)-1]
			out = append(out, SeqEvent{Kind: "close", Depth: len(stack)})
		}
	}
	secAt := map[*frame]int{}
	for i, it := range items {
		closeTo(i)
		for _, f := range stack {
			for secAt[f] < len(f.sections) && f.sections[secAt[f]] <= i {
				if f.sections[secAt[f]] == i && f == stack[len(stack)-1] {
					out = append(out, SeqEvent{Kind: "else", Text: f.f.Sections[secAt[f]].Guard, Depth: len(stack) - 1})
				}
				secAt[f]++
			}
		}
		for _, f := range opens[i] {
			if len(stack) > 0 && f.end > stack[len(stack)-1].end {
				f.end = stack[len(stack)-1].end
			}
			kind := "loop"
			if f.f.Kind == "alt" || f.f.Kind == "opt" || f.f.Kind == "break" {
				kind = f.f.Kind
			}
			label := strings.TrimSpace(strings.TrimPrefix(f.f.Label, f.f.Kind))
			label = strings.TrimSuffix(strings.TrimPrefix(label, "["), "]")
			out = append(out, SeqEvent{Kind: "open", Frame: kind, Text: label, Depth: len(stack)})
			stack = append(stack, f)
		}
		ev := it.ev
		ev.Depth = len(stack)
		out = append(out, ev)
	}
	closeTo(len(items) + 1)
	return out
}
