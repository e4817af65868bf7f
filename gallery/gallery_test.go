package gallery

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"flowzap/internal/diff"
	"flowzap/internal/layout/layouttest"
	"flowzap/internal/model"
	"flowzap/internal/pipeline"
)

func TestLibraryLoads(t *testing.T) {
	for _, p := range Problems() {
		t.Error(p)
	}
	if n := len(All()); n < 35 {
		t.Fatalf("only %d templates", n)
	}
	for _, c := range Categories {
		if len(List(c.ID, "")) == 0 {
			t.Errorf("category %s is empty", c.ID)
		}
		if c.EN == "" || c.FR == "" || c.ZH == "" {
			t.Errorf("category %s lacks a name in some language", c.ID)
		}
	}
}

// TestStrictValid checks every template the way `flowzap check --strict`
// does, with the sequence (ping-pong) checks for sequence-first templates:
// not a single diagnostic may remain.
func TestStrictValid(t *testing.T) {
	for _, tm := range All() {
		full, _ := Get(tm.ID)
		r := pipeline.Check(tm.ID+".fz", []byte(full.Code), pipeline.Options{Strict: true, View: tm.View})
		for _, d := range r.Diags {
			pos := r.File.Position(d.Span.Start)
			t.Errorf("%s.fz:%d:%d: %s (%s)", tm.ID, pos.Line, pos.Col, d.Msg, d.Code)
		}
	}
}

// TestMetadata checks what the pages and the search rely on.
func TestMetadata(t *testing.T) {
	for _, tm := range All() {
		for _, l := range Languages {
			title, desc := tm.Title.In(l), tm.Description.In(l)
			if len([]rune(title)) > 60 {
				t.Errorf("%s: %s title longer than 60 characters: %q", tm.ID, l, title)
			}
			if n := len([]rune(desc)); n < 10 || n > 220 {
				t.Errorf("%s: %s description of %d characters (expected 10 to 220): %q", tm.ID, l, n, desc)
			}
		}
		// The Chinese texts must be Chinese, not copies of the English.
		if !hasHan(tm.Title.ZH) || !hasHan(tm.Description.ZH) {
			t.Errorf("%s: the zh title or description has no Chinese characters", tm.ID)
		}
		if tm.Title.FR == tm.Title.EN && tm.Description.FR == tm.Description.EN {
			t.Errorf("%s: the French texts are the English ones", tm.ID)
		}
		for _, tag := range tm.Tags {
			if tag != strings.ToLower(strings.TrimSpace(tag)) || tag == "" {
				t.Errorf("%s: tag %q should be lowercase and trimmed", tm.ID, tag)
			}
		}
		if tm.Counts.Nodes == 0 || tm.Counts.Lanes == 0 {
			t.Errorf("%s: counts not computed: %+v", tm.ID, tm.Counts)
		}
		if !slices.Contains(Complexities, tm.Complexity) {
			t.Errorf("%s: complexity %q", tm.ID, tm.Complexity)
		}
		if tm.Views[0] != tm.View {
			t.Errorf("%s: views %v do not start with the preferred view %s", tm.ID, tm.Views, tm.View)
		}
		if tm.View == "mindmap" && tm.Category != "mind-maps" || tm.Category == "mind-maps" && tm.View != "mindmap" {
			t.Errorf("%s: mind maps and the mind-maps category go together", tm.ID)
		}
		if tm.ID != "blank-starter" && len(tm.Related) == 0 {
			t.Errorf("%s: no related template", tm.ID)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestRendersInPreferredView lays every template out in its preferred
// view and applies the layout engines' quality checks (nodes in their
// lanes, no overlaps, edges on their declared sides and clear of nodes,
// labels clear); the sequence view must at least draw every message.
func TestRendersInPreferredView(t *testing.T) {
	// The label and declared-side rules are tallied, as the layout
	// engines' corpus tests do, not asserted.
	var tally layouttest.Tally
	defer func() { t.Logf("quality rules: %s", tally) }()
	for _, tm := range All() {
		full, _ := Get(tm.ID)
		r := pipeline.Check(tm.ID+".fz", []byte(full.Code), pipeline.Options{})
		for _, view := range tm.Views {
			sc, err := pipeline.Layout(r.Doc, view, "light")
			if err != nil {
				t.Errorf("%s in %s: %v", tm.ID, view, err)
				continue
			}
			if view != tm.View {
				continue
			}
			if view == "sequence" {
				if sc.Sequence == nil || len(sc.Sequence.Messages) == 0 {
					t.Errorf("%s: the sequence view draws no message", tm.ID)
				}
				continue
			}
			for _, problem := range layouttest.Check(&sc.Layout) {
				t.Errorf("%s in %s: %s", tm.ID, view, problem)
			}
			tally.Add(tm.ID, layouttest.Quality(r.Doc, &sc.Layout))
		}
		var svg strings.Builder
		if err := pipeline.Render(&svg, r, pipeline.RenderOptions{View: tm.View}); err != nil || !strings.Contains(svg.String(), "<svg") {
			t.Errorf("%s: SVG in %s: %v", tm.ID, tm.View, err)
		}
	}
}

// similarity is the share of nodes that two diagrams have in common (same
// label and shape, whatever their IDs and lanes), over the larger one.
func similarity(a, b *model.Document) float64 {
	res := diff.Compare(a, b, nil, nil)
	kept := len(a.Nodes)
	for _, ch := range res.Changes {
		if ch.Element != "node" {
			continue
		}
		if ch.Kind == "removed" {
			kept--
		}
		if ch.Kind == "changed" && slices.ContainsFunc(ch.Fields, func(f diff.Field) bool { return f.Name == "label" || f.Name == "shape" }) {
			kept--
		}
	}
	return float64(kept) / float64(max(len(a.Nodes), len(b.Nodes)))
}

const tooAlike = 0.5

// TestNoNearDuplicates flags pairs of templates that share half their
// nodes, and templates too close to the FlowZap gallery diagrams kept as
// test fixtures in examples/seed-*.fz (templates must be original).
func TestNoNearDuplicates(t *testing.T) {
	docs := map[string]*model.Document{}
	var ids []string
	for _, tm := range All() {
		full, _ := Get(tm.ID)
		docs[tm.ID] = pipeline.Check(tm.ID, []byte(full.Code), pipeline.Options{}).Doc
		ids = append(ids, tm.ID)
	}
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			if s := similarity(docs[a], docs[b]); s >= tooAlike {
				t.Errorf("templates %s and %s are too alike: %.0f%% of their nodes are the same", a, b, 100*s)
			}
		}
	}
	seeds, _ := filepath.Glob("../examples/seed-*.fz")
	if len(seeds) == 0 {
		t.Fatal("no seed fixtures in examples/")
	}
	for _, p := range seeds {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		seed := pipeline.Check(p, src, pipeline.Options{}).Doc
		for _, id := range ids {
			if s := similarity(seed, docs[id]); s >= 0.3 {
				t.Errorf("template %s is too close to the FlowZap diagram %s (%.0f%% of the nodes): write it yourself", id, filepath.Base(p), 100*s)
			}
		}
	}
}

func TestSimilarityCatchesACopy(t *testing.T) {
	full, _ := Get("saga-orchestration")
	a := pipeline.Check("a", []byte(full.Code), pipeline.Options{}).Doc
	renumbered := strings.NewReplacer("n1:", "n99:", "n1.", "n99.", "orchestrator", "coordinator").Replace(full.Code)
	b := pipeline.Check("b", []byte(renumbered), pipeline.Options{}).Doc
	if s := similarity(a, b); s < tooAlike {
		t.Errorf("a renumbered copy scores %.2f", s)
	}
	other, _ := Get("mindmap-product-launch")
	c := pipeline.Check("c", []byte(other.Code), pipeline.Options{}).Doc
	if s := similarity(a, c); s >= tooAlike {
		t.Errorf("two unrelated templates score %.2f", s)
	}
}

func TestSearch(t *testing.T) {
	ids := func(l []Template) []string {
		var out []string
		for _, t := range l {
			out = append(out, t.ID)
		}
		return out
	}
	for _, c := range []struct {
		f    Filter
		want string
	}{
		{Filter{Query: "saga"}, "saga-orchestration"},
		{Filter{Query: "PASSERELLE"}, "api-gateway"},                   // French title, case folded
		{Filter{Query: "reprise apres sinistre"}, "disaster-recovery"}, // accents folded
		{Filter{Query: "网关"}, "api-gateway"},                           // Chinese title
		{Filter{Query: "蓝绿"}, "blue-green-deployment"},
		{Filter{Category: "security", Query: "mot de passe"}, "password-reset"},
		{Filter{Tag: "mfa"}, "user-authentication-mfa"},
		{Filter{View: "mindmap"}, "mindmap-product-launch"},
	} {
		got := ids(Search(c.f))
		if !slices.Contains(got, c.want) {
			t.Errorf("%+v: %v lacks %s", c.f, got, c.want)
		}
	}
	if got := Search(Filter{Query: "zzqx"}); len(got) != 0 {
		t.Errorf("nonsense query matched %v", ids(got))
	}
	if got := Search(Filter{Query: "password", Category: "devops"}); slices.Contains(ids(got), "password-reset") {
		t.Errorf("category filter ignored: %v", ids(got))
	}
	for _, cx := range Complexities {
		for _, tm := range Search(Filter{Complexity: cx}) {
			if tm.Complexity != cx {
				t.Errorf("complexity filter %s returned %s (%s)", cx, tm.ID, tm.Complexity)
			}
		}
	}
	if tm, ok := Get("saga-orchestration"); !ok || !strings.Contains(tm.Code, "orchestrator") {
		t.Errorf("Get did not return the code")
	}
	if _, ok := Get("../gallery"); ok {
		t.Error("Get accepted a path")
	}
	for _, tm := range All() {
		if tm.Code != "" {
			t.Fatalf("%s: listings must not carry code", tm.ID)
		}
	}
}

func TestRate(t *testing.T) {
	for _, c := range []struct {
		c    Counts
		want string
	}{
		{Counts{Lanes: 1, Nodes: 3, Edges: 2}, "simple"},
		{Counts{Lanes: 2, Nodes: 9, Edges: 9}, "medium"},
		{Counts{Lanes: 3, Nodes: 12, Edges: 12}, "complex"},
		{Counts{Lanes: 5, Nodes: 25, Edges: 30, Loops: 1}, "complex"},
	} {
		if got := Rate(c.c); got != c.want {
			t.Errorf("Rate(%+v) = %s, want %s", c.c, got, c.want)
		}
	}
}

// TestExamplesShareTheCorpus makes sure examples/ holds no copy of a
// template: a template shown there is a link to gallery/templates.
func TestExamplesShareTheCorpus(t *testing.T) {
	paths, _ := filepath.Glob("../examples/*.fz")
	for _, p := range paths {
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		slug := strings.TrimSuffix(filepath.Base(p), ".fz")
		_, isTemplate := Get(slug)
		if isTemplate && fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is a copy of a template: make it a link to ../gallery/templates/%s.fz", p, slug)
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			if target != fmt.Sprintf("../gallery/templates/%s.fz", slug) {
				t.Errorf("%s links to %s", p, target)
			}
		}
	}
}
