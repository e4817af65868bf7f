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
// all.
func TestImportGeneratedSendersHold(t *testing.T) {
	for seed := range 300 {
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
					kind := []string{"alt", "opt"}[r.Intn(2)]
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
}
