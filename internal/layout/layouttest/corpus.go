package layouttest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"flowzap/internal/importer"
	"flowzap/internal/testgen"
)

// QualityCorpus returns what the quality rules are checked on: Corpus,
// every gallery template, generated hubs (fan-out and fan-in of 6 to 30
// edges, through every side, with and without labels), generated long
// labels, the hand-written diagrams of testdata/unseen (see Unseen), the
// first RandomHubSeeds of testgen.RandomHub and testgen.RandomApproval,
// the first UnhandledSeeds of testgen.Unhandled, and the diagrams the
// importers make of their test inputs (OpenAPI, access log, HAR).
func QualityCorpus(t testing.TB) map[string]string {
	out := Corpus(t)
	seen := map[string]bool{}
	for _, src := range out {
		seen[src] = true
	}
	tpls, _ := filepath.Glob(filepath.Join(Root(), "gallery", "templates", "*.fz"))
	for _, p := range tpls {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !seen[string(b)] {
			out["template "+filepath.Base(p)] = string(b)
		}
	}
	for k, v := range Unseen(t) {
		out[k] = v
	}
	for k, v := range testgen.Hubs() {
		out[k] = v
	}
	for seed := int64(0); seed < RandomHubSeeds; seed++ {
		out[fmt.Sprintf("random-hub %d", seed)] = testgen.RandomHub(seed)
		out[fmt.Sprintf("random-approval %d", seed)] = testgen.RandomApproval(seed)
	}
	for seed := int64(0); seed < UnhandledSeeds; seed++ {
		out[fmt.Sprintf("random-unhandled %d", seed)] = testgen.Unhandled(seed)
	}
	for k, v := range testgen.LongLabels() {
		out[k] = v
	}
	imp := filepath.Join(Root(), "internal", "importer", "testdata")
	for _, c := range []struct {
		file string
		fn   func([]byte) (string, error)
	}{{"petstore.json", importer.OpenAPI}, {"petstore.yaml", importer.OpenAPI}, {"access.log", importer.AccessLog}, {"session.har", importer.HAR}} {
		b, err := os.ReadFile(filepath.Join(imp, c.file))
		if err != nil {
			t.Fatal(err)
		}
		src, err := c.fn(b)
		if err != nil {
			t.Fatalf("import %s: %v", c.file, err)
		}
		out["import "+c.file] = src
	}
	return out
}

// Unseen returns the hand-written diagrams of layouttest/testdata/unseen,
// keyed "unseen NAME": diagrams written after the layouts were tuned, as
// varied as users write them (gateways fanning out to 8-20 services, fed
// ledgers, approval loops, long labels with URLs and identifiers, up to
// ten lanes, every side combination, parallel and self edges, loops,
// taskboxes, mixed scripts, imported access logs and OpenAPI files,
// system landscapes around a gateway, bus or integration engine, mind
// maps with deep uneven branches and long words).
func Unseen(t testing.TB) map[string]string {
	out := map[string]string{}
	paths, _ := filepath.Glob(filepath.Join(Root(), "internal", "layout", "layouttest", "testdata", "unseen", "*.fz"))
	if len(paths) < 30 {
		t.Fatalf("found only %d diagrams in testdata/unseen", len(paths))
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out["unseen "+filepath.Base(p)] = string(b)
	}
	return out
}

// UnhandledSeeds is how many of testgen.Unhandled's diagrams (seeds 0
// on: approval flows and hubs written without some or all of their
// handles) the quality corpus holds.
const UnhandledSeeds = 16

// RandomHubSeeds is how many of testgen.RandomHub's and
// testgen.RandomApproval's diagrams (seeds 0 on) the quality corpus holds;
// bench/quality measures seeds beyond them too.
const RandomHubSeeds = 50
