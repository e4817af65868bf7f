package testgen

import (
	"fmt"
	"math/rand"
	"strings"
)

var services = []string{"Orders", "Billing", "Profile", "Search", "Catalog", "Inventory", "Shipping", "Reviews", "Payments", "Notifications",
	"Auth", "Pricing", "Cart", "Recommendations", "Analytics", "Audit", "Media", "Loyalty", "Tax", "Fraud", "Returns", "Support",
	"Ledger", "Reports", "Export", "Import", "Webhooks", "Sessions", "Quotas", "Flags"}

// Hubs returns generated hub diagrams: a gateway fanning out through its
// bottom to k services in another lane, a node fanning out to its right
// inside its lane, k sources in several lanes feeding one decision's top,
// and a ledger fed from the left by k sources, for k from 6 to 30, with
// labels on some of them.
func Hubs() map[string]string {
	out := map[string]string{}
	for _, k := range []int{6, 8, 12, 14, 20, 30} {
		for _, labelled := range []bool{false, true} {
			lab := func(i int) string {
				if !labelled {
					return ""
				}
				return fmt.Sprintf(" [label=\"%s\"]", []string{"GET /" + strings.ToLower(services[i%len(services)]), "route", "async event", "POST", "v2"}[i%5])
			}
			suffix := fmt.Sprintf("%d", k)
			if labelled {
				suffix += "-labelled"
			}
			// Fan-out down into another lane.
			var b strings.Builder
			b.WriteString("client { # Client\n  n1: circle label:\"Request\"\n  n1.handle(right) -> gw.n2.handle(left)\n}\n")
			b.WriteString("gw { # API Gateway\n  n2: rectangle label:\"Route request\"\n")
			for i := 0; i < k; i++ {
				fmt.Fprintf(&b, "  n2.handle(bottom) -> svc.n%d.handle(top)%s\n", i+3, lab(i))
			}
			b.WriteString("}\nsvc { # Services\n")
			for i := 0; i < k; i++ {
				fmt.Fprintf(&b, "  n%d: rectangle label:\"%s service\"\n", i+3, services[i%len(services)])
			}
			b.WriteString("}\n")
			out["hub fan-out-down "+suffix] = b.String()

			// Fan-out right inside the lane, then back into one join.
			b.Reset()
			b.WriteString("ops { # Operations\n  n1: rectangle label:\"Dispatch\"\n")
			for i := 0; i < k; i++ {
				fmt.Fprintf(&b, "  n%d: rectangle label:\"%s\"\n", i+2, services[i%len(services)])
			}
			fmt.Fprintf(&b, "  n%d: rectangle label:\"Join results\"\n", k+2)
			for i := 0; i < k; i++ {
				fmt.Fprintf(&b, "  n1.handle(right) -> n%d.handle(left)%s\n", i+2, lab(i))
				fmt.Fprintf(&b, "  n%d.handle(right) -> n%d.handle(left)\n", i+2, k+2)
			}
			b.WriteString("}\n")
			out["hub fan-out-right "+suffix] = b.String()

			// Fan-in from several lanes into a decision's top.
			b.Reset()
			lanes := 3
			for ln := 0; ln < lanes; ln++ {
				fmt.Fprintf(&b, "src%d { # Source team %d\n", ln, ln+1)
				for i := ln; i < k; i += lanes {
					fmt.Fprintf(&b, "  n%d: rectangle label:\"%s feed\"\n", i+1, services[i%len(services)])
					fmt.Fprintf(&b, "  n%d.handle(bottom) -> check.n%d.handle(top)%s\n", i+1, k+1, lab(i))
				}
				b.WriteString("}\n")
			}
			fmt.Fprintf(&b, "check { # Checks\n  n%d: diamond label:\"All valid?\"\n  n%d: rectangle label:\"Accept\"\n  n%d: rectangle label:\"Reject\"\n", k+1, k+2, k+3)
			fmt.Fprintf(&b, "  n%d.handle(right) -> n%d.handle(left) [label=\"Yes\"]\n  n%d.handle(bottom) -> n%d.handle(top) [label=\"No\"]\n}\n", k+1, k+2, k+1, k+3)
			out["hub fan-in-top "+suffix] = b.String()

			// A ledger fed from the left by k sources of its own lane.
			b.Reset()
			b.WriteString("books { # Finance\n")
			for i := 0; i < k; i++ {
				fmt.Fprintf(&b, "  n%d: rectangle label:\"%s\"\n", i+1, services[(i+7)%len(services)])
			}
			fmt.Fprintf(&b, "  n%d: rectangle label:\"General ledger\"\n", k+1)
			for i := 0; i < k; i++ {
				fmt.Fprintf(&b, "  n%d.handle(right) -> n%d.handle(left)%s\n", i+1, k+1, lab(i))
			}
			b.WriteString("}\n")
			out["hub fan-in-left "+suffix] = b.String()
		}
	}
	return out
}

var words = strings.Fields("when the customer confirms the order and the payment provider answers with a signed receipt " +
	"https://payments.example.com/v2/receipts/{receiptId} retry after thirty seconds unless cancelled by support")

// LongLabels returns generated diagrams whose edges carry long labels
// (20 to 120 characters, with URLs), across lanes and inside them, with a
// decision and a return edge.
func LongLabels() map[string]string {
	out := map[string]string{}
	for seed := int64(1); seed <= 6; seed++ {
		rng := rand.New(rand.NewSource(seed))
		label := func() string {
			n := 3 + rng.Intn(14)
			start := rng.Intn(len(words))
			var ws []string
			for i := 0; i < n; i++ {
				ws = append(ws, words[(start+i)%len(words)])
			}
			return strings.ReplaceAll(strings.Join(ws, " "), `"`, "")
		}
		var b strings.Builder
		fmt.Fprintf(&b, "a { # Customer with a rather long lane title %d\n", seed)
		b.WriteString("  n1: circle label:\"Start\"\n  n2: rectangle label:\"Fill in the form\"\n  n3: diamond label:\"Complete?\"\n")
		fmt.Fprintf(&b, "  n1.handle(right) -> n2.handle(left) [label=\"%s\"]\n", label())
		fmt.Fprintf(&b, "  n2.handle(right) -> n3.handle(left) [label=\"%s\"]\n", label())
		fmt.Fprintf(&b, "  n3.handle(top) -> n2.handle(top) [label=\"No, %s\"]\n", label())
		fmt.Fprintf(&b, "  n3.handle(bottom) -> b.n4.handle(top) [label=\"Yes, %s\"]\n", label())
		b.WriteString("}\nb { # Back office\n  n4: rectangle label:\"Review\"\n  n5: rectangle label:\"Archive\"\n  n6: circle label:\"Done\"\n")
		fmt.Fprintf(&b, "  n4.handle(right) -> n5.handle(left) [label=\"%s\"]\n", label())
		fmt.Fprintf(&b, "  n5.handle(right) -> n6.handle(left) [label=\"%s\"]\n", label())
		fmt.Fprintf(&b, "  n4.handle(bottom) -> c.n7.handle(top) [label=\"%s\"]\n", label())
		b.WriteString("}\nc { # Partner\n  n7: rectangle label:\"Notify partner\"\n")
		fmt.Fprintf(&b, "  n7.handle(right) -> b.n6.handle(bottom) [label=\"%s\"]\n", label())
		b.WriteString("}\n")
		out[fmt.Sprintf("long-labels %d", seed)] = b.String()
	}
	return out
}
