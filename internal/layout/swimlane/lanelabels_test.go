package swimlane

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/scene"
)

// labelsAcrossLanes lists the edge labels that the line between two
// lanes runs through.
func labelsAcrossLanes(l *scene.Layout) []string {
	var out []string
	for _, e := range l.Edges {
		if e.Label == nil {
			continue
		}
		top, bottom := e.Label.Y, e.Label.Y+e.Label.H
		for _, ln := range l.Lanes[1:] {
			if top+1 < ln.Y && ln.Y < bottom-1 {
				out = append(out, e.Label.Text)
				break
			}
		}
	}
	return out
}

// TestLabelsInsideLanes: a label of a route from one lane into the next
// sat at the middle of the route's run, across the line between the
// lanes: text over that line, on two lanes' backgrounds. Once the drawing
// is kept, the labels are placed again preferring spots inside a lane.
// A hand-off diagram of a product launch: every hand-off's label keeps to
// a lane; on the quality corpus no drawing gets such a label more, a
// crossing, a shared run or a hugged label more, and at least three in five
// of them move inside a lane.
func TestLabelsInsideLanes(t *testing.T) {
	src := `pm { # Product manager
  n1: circle label:"Launch date set"
  n2: rectangle label:"Approve launch notes"
  n1.handle(bottom) -> eng.n3.handle(top) [label="Scope frozen"]
  n2.handle(bottom) -> mkt.n6.handle(top) [label="Notes approved"]
}
eng { # Engineering
  n3: rectangle label:"Cut release branch"
  n4: rectangle label:"Run the full regression"
  n5: diamond label:"Green?"
  n3.handle(right) -> n4.handle(left)
  n4.handle(right) -> n5.handle(left)
  n5.handle(top) -> pm.n2.handle(bottom) [label="Release candidate"]
  n5.handle(bottom) -> mkt.n7.handle(top) [label="Build number"]
}
mkt { # Marketing
  n6: rectangle label:"Write the announcement"
  n7: rectangle label:"Schedule the campaign"
  n8: circle label:"Launched"
  n6.handle(right) -> n7.handle(left)
  n7.handle(right) -> n8.handle(left)
}
`
	doc := layouttest.Compile(t, "launch", src)
	ls := layBoth(t, "launch", doc, &labelsInLanesTry)
	if before := labelsAcrossLanes(&ls[0]); len(before) == 0 {
		t.Errorf("without the stage no label lies across a lane's line: the diagram no longer tests it")
	}
	if after := labelsAcrossLanes(&ls[1]); len(after) > 0 {
		t.Errorf("labels across the line between two lanes: %q", after)
	}
	noneWorse(t, "launch", ls)
	// The picture the view draws (memo and all) is the stage's.
	if got := labelsAcrossLanes(&Layout(doc, layout.DefaultEnv()).Layout); len(got) > 0 {
		t.Errorf("Layout: labels across the line between two lanes: %q", got)
	}

	var across [2]int
	eachToggled(t, &labelsInLanesTry, nil, func(name string, ls [2]scene.Layout) {
		n := [2]int{len(labelsAcrossLanes(&ls[0])), len(labelsAcrossLanes(&ls[1]))}
		across[0], across[1] = across[0]+n[0], across[1]+n[1]
		if n[1] > n[0] {
			t.Errorf("%s: %d labels across a lane's line with the stage, %d without", name, n[1], n[0])
		}
		noneWorse(t, name, ls)
	})
	t.Logf("labels across the line between two lanes: %d → %d", across[0], across[1])
	if across[0] == 0 || 5*across[1] > 2*across[0] {
		t.Errorf("labels across the line between two lanes: %d → %d; want some, at most two in five left", across[0], across[1])
	}
}
