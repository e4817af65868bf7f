package arch

import (
	"testing"

	"flowzap/internal/layout"
	"flowzap/internal/layout/layouttest"
)

// A GitOps pipeline whose observability container holds two components,
// each reached through its top from a different step and depending on
// nothing in its own container: side by side (arrangement.rows), each
// route runs down into its top; one under the other (the usual grid of
// components without dependencies between them), the routes into the
// lower one squeeze between them.
const rowsSrc = `dev { # Developer
  n1: circle label:"Merge to main"
  n1.handle(right) -> ci.n2.handle(left)
}
ci { # CI
  n2: rectangle label:"Build, test, sign image"
  n3: rectangle label:"Bump tag in config repo"
  n2.handle(right) -> n3.handle(left) [label="image sha256:ab12…"]
  n3.handle(bottom) -> cd.n4.handle(top) [label="Pull request auto-merged"]
}
cd { # Argo CD
  n4: rectangle label:"Sync canary (5 % traffic)"
  n5: rectangle label:"Analysis: error rate, p99 latency"
  n6: diamond label:"Healthy after 10 min?"
  n7: rectangle label:"Promote to 50 %, then 100 %"
  n8: rectangle label:"Roll back to previous revision"
  n4.handle(right) -> n5.handle(left)
  n5.handle(right) -> n6.handle(left)
  n6.handle(top) -> n7.handle(left) [label="Yes"]
  n6.handle(bottom) -> n8.handle(left) [label="No"]
  n7.handle(bottom) -> obs.n9.handle(top) [label="Deployment marker"]
  n8.handle(bottom) -> obs.n9.handle(top) [label="Rollback marker"]
  n8.handle(top) -> dev.n1.handle(bottom) [label="Revert PR opened"]
  n5.handle(bottom) -> obs.n10.handle(top) [label="PromQL queries"]
}
obs { # Observability
  n9: rectangle label:"Annotate dashboards"
  n10: rectangle label:"Prometheus"
  n10.handle(top) -> cd.n5.handle(bottom) [label="Metrics"]
}
`

func TestComponentsReachedFromAboveInARow(t *testing.T) {
	withoutShortcuts(t)
	doc := layouttest.Compile(t, "rows", rowsSrc)
	l := Layout(doc, layout.DefaultEnv()).Layout
	boxes := layouttest.NodeBoxes(&l)
	a, b := boxes["n10"], boxes["n9"]
	if a.Y != b.Y {
		t.Errorf("n10 at y %.0f and n9 at y %.0f: want one row", a.Y, b.Y)
	}
	for _, e := range l.Edges {
		if (e.To == "n9" || e.To == "n10") && len(e.Points) > 6 {
			t.Errorf("%s -> %s bends %d times, want at most 4", e.From, e.To, len(e.Points)-2)
		}
	}
	if x := layouttest.Crossings(&l); x > 1 {
		t.Errorf("%d crossings, want at most one (Revert PR opened must cross a marker)", x)
	}
	for _, p := range layouttest.Quality(doc, &l) {
		t.Error(p)
	}
}

// TestFoldingKeepsSidewaysRoutesStraight: folded into two stacks, the
// serverless image pipeline puts the API under the client and the
// storage under the API, and the dependencies written from a right side
// into a left one wind round a container to reach the one under it;
// the unfolded drawing crosses as little with cheaper routes and is
// kept: each route bends at most twice.
func TestFoldingKeepsSidewaysRoutesStraight(t *testing.T) {
	src := layouttest.QualityCorpus(t)["template serverless-image-pipeline.fz"]
	if src == "" {
		t.Fatal("template serverless-image-pipeline.fz is not in the quality corpus")
	}
	doc := layouttest.Compile(t, "serverless-image-pipeline", src)
	l := Layout(doc, layout.DefaultEnv()).Layout
	for _, e := range l.Edges {
		if len(e.Points) > 4 {
			t.Errorf("%s -> %s bends %d times, want at most 2", e.From, e.To, len(e.Points)-2)
		}
	}
	for _, p := range layouttest.Quality(doc, &l) {
		t.Error(p)
	}
}
