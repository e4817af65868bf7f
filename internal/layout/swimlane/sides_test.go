package swimlane

import (
	"os"
	"path/filepath"
	"testing"

	"flowzap/internal/layout/layouttest"
)

// TestSidesChosenAfterPlacement: diagrams written without handles, whose
// hand-offs between lanes the inference before placement sends from the
// bottom of their source into the top of their target (an analytics
// lakehouse whose consumers read three lanes up; a bank's channels and
// mainframe of the unseen set), cross fewer edges with the sides chosen
// once the nodes are placed (keepFewerCrossingsSides) than with the
// sides inferred from lane order alone; and no handle written in the
// code changes (the quality rules check every written side).
func TestSidesChosenAfterPlacement(t *testing.T) {
	lake, err := os.ReadFile(filepath.Join(layouttest.Root(), "internal", "layout", "arch", "testdata", "lakehouse.fz"))
	if err != nil {
		t.Fatal(err)
	}
	unseen := layouttest.Unseen(t)
	ruleCrossesLessAll(t, &sidesTry, "sides from lane order", "sides after placement", map[string]string{
		"lakehouse":       string(lake),
		"arch-bank-core":  unseen["unseen arch-bank-core.fz"],
		"arch-ml-serving": unseen["unseen arch-ml-serving.fz"],
	})
}
