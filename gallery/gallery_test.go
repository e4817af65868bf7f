package gallery

import (
	"io/fs"
	"strings"
	"testing"

	"flowzap/internal/compile"
	"flowzap/internal/source"
	"flowzap/internal/syntax"
)

func TestEveryTemplateIsStrictValid(t *testing.T) {
	if len(all) < 30 {
		t.Fatalf("only %d templates; the gallery promises at least 30", len(all))
	}
	cats := map[string]bool{}
	for _, c := range Categories {
		cats[c.ID] = true
	}
	seen := map[string]bool{}
	for _, tm := range all {
		if seen[tm.ID] {
			t.Errorf("template %s listed twice", tm.ID)
		}
		seen[tm.ID] = true
		if !cats[tm.Category] || tm.Title.EN == "" || tm.Title.FR == "" || tm.Description.EN == "" || tm.Description.FR == "" {
			t.Errorf("template %s lacks a category, title or description in both languages", tm.ID)
		}
		full, ok := Get(tm.ID)
		if !ok {
			t.Errorf("template %s has no .fz file", tm.ID)
			continue
		}
		f, pd := syntax.Parse(source.NewFile(tm.ID, []byte(full.Code)))
		_, cd := compile.File(f, compile.Options{Strict: true})
		if pd.HasErrors() || cd.HasErrors() || len(cd) > 0 {
			t.Errorf("template %s is not clean in strict mode: %v %v", tm.ID, pd, cd)
		}
	}
	// Every file is listed.
	entries, _ := fs.ReadDir(files, "templates")
	for _, e := range entries {
		if id := strings.TrimSuffix(e.Name(), ".fz"); !seen[id] {
			t.Errorf("file %s is not in the template list", e.Name())
		}
	}
	for _, c := range Categories {
		if len(List(c.ID, "")) == 0 {
			t.Errorf("category %s is empty", c.ID)
		}
	}
}

func TestSearch(t *testing.T) {
	if got := List("", "recuperation"); len(got) != 0 {
		t.Errorf("nonsense query matched %d", len(got))
	}
	if got := List("", "Saga"); len(got) != 1 || got[0].ID != "saga-orchestration" {
		t.Errorf("Saga: %+v", got)
	}
	if got := List("", "sécurité"); len(got) == 0 { // French description words, accents folded
		t.Logf("no template description contains the word securite; fine")
	}
	if got := List("security", "mot de passe"); len(got) != 2 {
		t.Errorf("French search within a category: %d results", len(got))
	}
	if got := List("", "PASSERELLE"); len(got) != 1 {
		t.Errorf("case-insensitive French title search: %d", len(got))
	}
}
