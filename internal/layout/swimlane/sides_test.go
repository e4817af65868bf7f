package swimlane

import (
	"os"
	"path/filepath"
	"testing"

	"flowzap/internal/layout/layouttest"
	"flowzap/internal/testgen"
)

// skipOneLane is written without handles: the first decision's "No" hands
// over two lanes down, past the second decision. With its sides from
// lane order it leaves the bottom, runs down beside the second decision
// and crosses that decision's "No" on its way into the top of "Sync
// report"; as a forward edge it runs down the column gap before the
// second decision, clear of it, into the left of "Sync report".
const skipOneLane = `lane1 { # Order Team 1
  n1: circle label:"Start"
  n1 -> lane2.n2
}
lane2 { # Invoice Team 2
  n2: diamond label:"profile ok?"
  n2 -> lane3.n3 [label="Yes"]
  n2 -> lane4.n4 [label="No"]
}
lane3 { # Payment Team 3
  n3: diamond label:"event ok?"
  n3 -> lane4.n4 [label="Yes"]
  n3 -> lane4.n5 [label="No"]
}
lane4 { # Profile Team 4
  n4: rectangle label:"Sync report"
  n5: diamond label:"payment ok?"
  n6: diamond label:"ticket ok?"
  n7: rectangle label:"Approve batch"
  n8: rectangle label:"Archive payment"
  n9: circle label:"Done"
  n4 -> n5
  n5 -> n6 [label="Yes"]
  n5 -> n8 [label="No"]
  n6 -> n7 [label="Yes"]
  n6 -> n9 [label="No"]
  n7 -> n8
  n8 -> n9
}
`

// TestSidesChosenAfterPlacement: diagrams written without handles, whose
// hand-offs between lanes the inference before placement sends from the
// bottom of their source into the top of their target (skipOneLane; an
// analytics lakehouse whose consumers read three lanes up; a bank's
// channels and mainframe of the unseen set), cross fewer edges with the sides chosen once the nodes are
// placed (keepFewerCrossingsSides) than with the sides inferred from lane
// order alone; and no handle written in the code changes (the quality
// rules check every written side).
func TestSidesChosenAfterPlacement(t *testing.T) {
	lake, err := os.ReadFile(filepath.Join(layouttest.Root(), "internal", "layout", "arch", "testdata", "lakehouse.fz"))
	if err != nil {
		t.Fatal(err)
	}
	unseen := layouttest.Unseen(t)
	flowTry = false // the sides chosen alone
	defer func() { flowTry = true }()
	ruleCrossesLessAll(t, &sidesTry, "sides from lane order", "sides after placement", map[string]string{
		"skip-one-lane":  skipOneLane,
		"lakehouse":      string(lake),
		"arch-bank-core": unseen["unseen arch-bank-core.fz"],
	})
}

// TestHandOffsRankedForward: hand-offs written from a bottom into a later
// lane's top, ranked as forward edges (keepFewerCrossingsFlow) and drawn
// with their written sides, cross less on these diagrams than ranked to
// keep their column: a template where agents hand a traveller's request
// down to each other (4 crossings, 2 now), a fleet of robots reporting to
// one dispatcher, and a random hub. Every quality rule holds, the
// written sides included.
func TestHandOffsRankedForward(t *testing.T) {
	tpl, err := os.ReadFile(filepath.Join(layouttest.Root(), "gallery", "templates", "multi-agent-handoff.fz"))
	if err != nil {
		t.Fatal(err)
	}
	unseen := layouttest.Unseen(t)
	ruleCrossesLessAll(t, &flowTry, "hand-offs keep their column", "hand-offs ranked forward", map[string]string{
		"multi-agent-handoff": string(tpl),
		"hub-robot-fleet":     unseen["unseen hub-robot-fleet.fz"],
		"random-hub 31":       testgen.RandomHub(31),
	})
}
