package sequence

import (
	"testing"

	"flowzap/internal/layout/layouttest"
)

// TestLoopHoldsItsFirstStep: a loop entered by a message from a
// participant outside it shows its first step inside its frame: the step
// is what each round repeats ("Charge through the acquirer" before the
// decision "Approved?"), so its note stands under the frame's top, not
// above it with the message that enters the loop. The loop is written
// with no edge back into its first step (the frame alone says it
// repeats), over one lane or two.
func TestLoopHoldsItsFirstStep(t *testing.T) {
	for _, c := range []struct{ name, src string }{
		{"one lane", `orders { # Orders
  n1: circle label:"Start"
  n2: rectangle label:"Confirm order"
  n1.handle(right) -> n2.handle(left)
  n2.handle(bottom) -> pay.n3.handle(top) [label="charge card"]
}
pay { # Payments
  n3: rectangle label:"Charge through the acquirer"
  n4: diamond label:"Approved?"
  n5: rectangle label:"Send receipt"
  n3.handle(right) -> n4.handle(left)
  n4.handle(right) -> n5.handle(left) [label="yes"]
  loop [up to 3 tries] n3 n4
}`},
		{"two lanes", `shop { # Shop
  n1: circle label:"Basket ready"
  n1.handle(bottom) -> pay.n2.handle(top) [label="pay"]
}
pay { # Payments
  n2: rectangle label:"Ask the bank"
  n4: rectangle label:"Book the payment"
  n2.handle(bottom) -> bank.n3.handle(top) [label="authorise"]
}
bank { # Bank
  n3: diamond label:"Funds?"
  n3.handle(right) -> pay.n4.handle(left) [label="yes"]
  loop [until the bank answers] n2 n3
}`},
	} {
		doc := layouttest.Compile(t, c.name, c.src)
		l := laySequence(doc)
		var loopTop, loopBottom float64
		found := false
		for _, f := range l.Frames {
			if f.Kind == "loop" {
				loopTop, loopBottom, found = f.Y, f.Y+f.H, true
			}
		}
		if !found {
			t.Fatalf("%s: no loop frame", c.name)
		}
		first := doc.Loops[0].Nodes[0]
		for _, n := range l.Notes {
			if n.Node != first.ID {
				continue
			}
			if n.Y < loopTop || n.Y+n.H > loopBottom {
				t.Errorf("%s: the note of %q spans %.0f-%.0f, outside the loop frame %.0f-%.0f", c.name, first.Label, n.Y, n.Y+n.H, loopTop, loopBottom)
			}
		}
	}
}
