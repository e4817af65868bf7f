package mermaid_test

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"flowzap/internal/interchange/ixtest"
	"flowzap/internal/interchange/mermaid"
	"flowzap/internal/pipeline"
)

// TestImportGeneratedSendersHold imports 300 generated sequence diagrams
// of 2 to 4 participants with alt (2 or 3 sections) and opt blocks nested
// up to two deep, and lays each out as a sequence: every message of the
// source is drawn, and always from its sender to its receiver (found by
// the step it reaches, so an outcome drawn with its guard counts too).
// Before sections sent their first message from their own participant,
// 80 of the 300 had a message drawn from the wrong participant or not at
// all. 150 more diagrams have break blocks too: each message is still
// drawn from its sender, and break frames are drawn (a break that ends a
// section or the diagram has nothing to go on past: an opt frame).
func TestImportGeneratedSendersHold(t *testing.T) {
	blocks, breaks := 0, 0
	for seed := range 450 {
		r := rand.New(rand.NewSource(int64(seed)))
		parts := []string{"A", "B", "C", "D"}[:2+r.Intn(3)]
		var b strings.Builder
		b.WriteString("sequenceDiagram\n")
		for _, p := range parts {
			b.WriteString("participant " + p + "\n")
		}
		type msg struct{ from, to, text string }
		var msgs []msg
		n := 0
		var gen func(depth int)
		gen = func(depth int) {
			for range 1 + r.Intn(3) {
				if depth < 2 && r.Intn(4) == 0 {
					kinds := []string{"alt", "opt", "break"}[:2+seed/300]
					kind := kinds[r.Intn(len(kinds))]
					fmt.Fprintf(&b, "%s g%d\n", kind, n)
					n++
					gen(depth + 1)
					if kind == "alt" {
						for range 1 + r.Intn(2) {
							fmt.Fprintf(&b, "else h%d\n", n)
							n++
							gen(depth + 1)
						}
					}
					b.WriteString("end\n")
					continue
				}
				from, to := parts[r.Intn(len(parts))], parts[r.Intn(len(parts))]
				for to == from {
					to = parts[r.Intn(len(parts))]
				}
				m := msg{from, to, fmt.Sprintf("m%d", n)}
				n++
				msgs = append(msgs, m)
				fmt.Fprintf(&b, "%s->>%s: %s\n", m.from, m.to, m.text)
			}
		}
		gen(0)
		src := b.String()
		blocks += strings.Count(src, "\nbreak ")
		res := mermaid.Import("g.mmd", []byte(src))
		doc, err := ixtest.Compile("g.fz", res.Code, false)
		if err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, src)
		}
		sc, err := pipeline.LayoutContext(context.Background(), doc, pipeline.RenderOptions{View: "sequence"})
		if err != nil {
			t.Fatal(err)
		}
		lane := map[string]string{}
		for _, nd := range doc.Nodes {
			lane[nd.ID] = nd.Lane.ID
		}
		reaches := map[string]string{} // edge ID -> label of the step it reaches
		for _, e := range doc.Edges {
			reaches[fmt.Sprintf("e%d", e.Index+1)] = e.To.Label
		}
		for _, f := range sc.Sequence.Frames {
			if f.Kind == "break" && seed >= 300 {
				breaks++
			}
		}
		drawn := map[string][]string{}
		for _, m := range sc.Sequence.Messages {
			drawn[reaches[m.Edge]] = append(drawn[reaches[m.Edge]], lane[m.From]+"->"+lane[m.To])
		}
		for _, m := range msgs {
			d := drawn[m.text]
			wrong := len(d) == 0
			for _, x := range d {
				wrong = wrong || x != m.from+"->"+m.to
			}
			if wrong {
				t.Errorf("seed %d: %s (%s->%s) drawn %v\n%s\n%s", seed, m.text, m.from, m.to, d, src, res.Code)
			}
		}
	}
	if breaks == 0 {
		t.Error("no generated diagram has a break frame")
	}
	t.Logf("%d break blocks, %d break frames", blocks, breaks)
}
