// Package gallery is flowzap's template library: original FlowZap Code
// templates embedded in the binary, each with metadata in English, French
// and Chinese.
//
// Every template is two files in templates/: SLUG.fz holds the code and
// SLUG.json its metadata (category, preferred view, tags, title and
// description in the three languages, optionally related templates). The
// file name is the template's stable slug. Node, lane, edge and loop counts,
// the complexity rating and the related templates not listed by hand are
// computed from the parsed diagram when the library is first used. Tests
// make sure every template is strict-valid, lays out cleanly in its
// preferred view, has complete metadata and is not a near-copy of another.
package gallery

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"flowzap/internal/pipeline"
)

//go:embed templates/*.fz templates/*.json
var files embed.FS

// Languages lists the languages every title and description is written in.
var Languages = []string{"en", "fr", "zh"}

// Categories, in display order, with their names in the three languages.
var Categories = []Category{
	{"patterns", "Patterns", "Patrons", "常用模式"},
	{"architecture", "Architecture", "Architecture", "架构"},
	{"business", "Business operations", "Opérations métier", "业务运营"},
	{"devops", "DevOps and SRE", "DevOps et SRE", "DevOps 与 SRE"},
	{"security", "Security and compliance", "Sécurité et conformité", "安全与合规"},
	{"data", "Data and ML", "Données et ML", "数据与机器学习"},
	{"ai-agents", "AI agents", "Agents IA", "AI 智能体"},
	{"automation", "Automation", "Automatisation", "自动化"},
	{"mind-maps", "Mind maps", "Cartes mentales", "思维导图"},
}

// Complexities lists the complexity ratings, from the simplest.
var Complexities = []string{"simple", "medium", "complex"}

// Category groups templates.
type Category struct {
	ID string `json:"id"`
	EN string `json:"en"`
	FR string `json:"fr"`
	ZH string `json:"zh"`
}

// Name returns the category's name in lang ("en", "fr" or "zh"; English
// for anything else).
func (c Category) Name(lang string) string {
	return Text{c.EN, c.FR, c.ZH}.In(lang)
}

// CategoryByID returns the category with that ID.
func CategoryByID(id string) (Category, bool) {
	for _, c := range Categories {
		if c.ID == id {
			return c, true
		}
	}
	return Category{}, false
}

// Text is a text in English, French and Chinese.
type Text struct {
	EN string `json:"en"`
	FR string `json:"fr"`
	ZH string `json:"zh"`
}

// In returns the text in lang ("en", "fr" or "zh"; English for anything
// else).
func (t Text) In(lang string) string {
	switch lang {
	case "fr":
		return t.FR
	case "zh":
		return t.ZH
	}
	return t.EN
}

// Counts are the sizes of a template's diagram.
type Counts struct {
	Lanes int `json:"lanes"`
	Nodes int `json:"nodes"`
	Edges int `json:"edges"`
	Loops int `json:"loops"`
}

// Template is one library entry.
type Template struct {
	// ID is the template's stable slug (its file name without .fz).
	ID       string `json:"id"`
	Category string `json:"category"`
	// View is the view the template reads best in.
	View        string   `json:"view"`
	Title       Text     `json:"title"`
	Description Text     `json:"description"`
	Code        string   `json:"code,omitempty"`
	Tags        []string `json:"tags"`
	Counts      Counts   `json:"counts"`
	// Complexity is "simple", "medium" or "complex", derived from Counts.
	Complexity string `json:"complexity"`
	// Views lists the views worth showing, the preferred one first.
	Views []string `json:"views"`
	// Related lists the slugs of up to four related templates: those the
	// metadata names, then the closest by shared tags and category.
	Related []string `json:"related"`
}

// meta is the content of a SLUG.json file.
type meta struct {
	Category    string   `json:"category"`
	View        string   `json:"view"`
	Tags        []string `json:"tags"`
	Title       Text     `json:"title"`
	Description Text     `json:"description"`
	Related     []string `json:"related,omitempty"`
}

var (
	loadOnce sync.Once
	library  []Template // sorted by category order, then slug
	code     map[string]string
	problems []string
)

// Problems returns what is wrong with the embedded templates: unreadable
// or incomplete metadata, unknown categories or views, code that does not
// compile. Templates with such problems are left out of the library; a
// test makes sure the list is empty.
func Problems() []string {
	load()
	return problems
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func load() {
	loadOnce.Do(func() {
		code = map[string]string{}
		entries, err := fs.ReadDir(files, "templates")
		if err != nil {
			problems = append(problems, err.Error())
			return
		}
		have := map[string]bool{}
		for _, e := range entries {
			have[e.Name()] = true
		}
		bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
		for _, e := range entries {
			name := e.Name()
			if !strings.HasSuffix(name, ".fz") {
				if slug, ok := strings.CutSuffix(name, ".json"); !ok || !have[slug+".fz"] {
					bad("templates/%s: expected only SLUG.fz files with their SLUG.json metadata", name)
				}
				continue
			}
			slug := strings.TrimSuffix(name, ".fz")
			t, src, err := loadOne(slug)
			if err != nil {
				bad("%v", err)
				continue
			}
			library = append(library, t)
			code[slug] = src
		}
		order := map[string]int{}
		for i, c := range Categories {
			order[c.ID] = i
		}
		sort.SliceStable(library, func(i, j int) bool {
			a, b := library[i], library[j]
			if order[a.Category] != order[b.Category] {
				return order[a.Category] < order[b.Category]
			}
			return a.ID < b.ID
		})
		relate(library)
	})
}

func loadOne(slug string) (Template, string, error) {
	where := "templates/" + slug
	if !slugRE.MatchString(slug) {
		return Template{}, "", fmt.Errorf("%s.fz: the slug must be lowercase words joined by hyphens", where)
	}
	src, err := files.ReadFile(where + ".fz")
	if err != nil {
		return Template{}, "", err
	}
	raw, err := files.ReadFile(where + ".json")
	if err != nil {
		return Template{}, "", fmt.Errorf("%s.json: missing: every template needs its metadata", where)
	}
	var m meta
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Template{}, "", fmt.Errorf("%s.json: %v", where, err)
	}
	if _, ok := CategoryByID(m.Category); !ok {
		return Template{}, "", fmt.Errorf("%s.json: unknown category %q", where, m.Category)
	}
	if m.View == "" {
		return Template{}, "", fmt.Errorf("%s.json: no view: expected %s", where, strings.Join(pipeline.Views, ", "))
	}
	if err := pipeline.CheckView(m.View); err != nil {
		return Template{}, "", fmt.Errorf("%s.json: %v", where, err)
	}
	for _, lang := range Languages {
		if strings.TrimSpace(m.Title.In(lang)) == "" || strings.TrimSpace(m.Description.In(lang)) == "" {
			return Template{}, "", fmt.Errorf("%s.json: the title and description in %q are missing", where, lang)
		}
	}
	if len(m.Tags) == 0 {
		return Template{}, "", fmt.Errorf("%s.json: no tags", where)
	}
	r := pipeline.Check(slug+".fz", src, pipeline.Options{})
	if !r.OK() {
		return Template{}, "", fmt.Errorf("%s.fz: %v", where, r.Diags.Err())
	}
	st := pipeline.StatsOf(r)
	t := Template{
		ID: slug, Category: m.Category, View: m.View, Title: m.Title, Description: m.Description,
		Tags:   m.Tags,
		Counts: Counts{Lanes: st.LaneCount, Nodes: st.NodeCount, Edges: st.EdgeCount, Loops: st.LoopCount},
		// Related holds the listed slugs until relate completes it.
		Related: m.Related,
	}
	t.Complexity = Rate(t.Counts)
	t.Views = []string{m.View}
	for _, v := range []string{"workflow", "sequence", "architecture"} {
		if v != m.View {
			t.Views = append(t.Views, v)
		}
	}
	return t, string(src), nil
}

// Rate derives a complexity rating from a diagram's counts: each node
// counts 1, each edge 1/2, each lane after the first 2 and each loop 2;
// under 15 is simple, under 19 medium, anything larger complex. The
// bounds give each rating a fair share of the library.
func Rate(c Counts) string {
	score := float64(c.Nodes) + float64(c.Edges)/2 + 2*float64(max(c.Lanes-1, 0)) + 2*float64(c.Loops)
	switch {
	case score < 15:
		return "simple"
	case score < 19:
		return "medium"
	}
	return "complex"
}

// relate completes each template's related list up to four: the slugs
// its metadata names first (unknown ones are reported), then the others
// ranked by shared tags (2 points each) and same category (1 point).
func relate(lib []Template) {
	known := map[string]bool{}
	for _, t := range lib {
		known[t.ID] = true
	}
	for i := range lib {
		t := &lib[i]
		var out []string
		for _, s := range t.Related {
			if !known[s] || s == t.ID {
				problems = append(problems, fmt.Sprintf("templates/%s.json: related template %q does not exist", t.ID, s))
				continue
			}
			out = append(out, s)
		}
		type cand struct {
			id    string
			score int
		}
		var cands []cand
		for _, o := range lib {
			if o.ID == t.ID || slices.Contains(out, o.ID) {
				continue
			}
			score := 0
			for _, tag := range o.Tags {
				if slices.Contains(t.Tags, tag) {
					score += 2
				}
			}
			if o.Category == t.Category {
				score++
			}
			if score > 1 {
				cands = append(cands, cand{o.ID, score})
			}
		}
		sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
		for _, c := range cands {
			if len(out) >= 4 {
				break
			}
			out = append(out, c.id)
		}
		if out == nil {
			out = []string{}
		}
		t.Related = out
	}
}

// Filter selects templates. Empty fields select everything.
type Filter struct {
	Category   string // a category ID
	Complexity string // simple, medium or complex
	View       string // the preferred view
	Tag        string // an exact tag
	// Query is a list of words, each of which must appear in the slug, the
	// tags, or the title or description in any of the three languages
	// (case- and accent-insensitive).
	Query string
}

// Search returns the templates, without their code, that match f, in
// library order (by category, then slug).
func Search(f Filter) []Template {
	load()
	words := strings.Fields(fold(f.Query))
	out := []Template{}
	for _, t := range library {
		if f.Category != "" && t.Category != f.Category ||
			f.Complexity != "" && t.Complexity != f.Complexity ||
			f.View != "" && t.View != f.View ||
			f.Tag != "" && !slices.Contains(t.Tags, f.Tag) {
			continue
		}
		if len(words) > 0 {
			hay := fold(haystack(t))
			ok := true
			for _, w := range words {
				if !strings.Contains(hay, w) {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

func haystack(t Template) string {
	parts := []string{t.ID, strings.ReplaceAll(t.ID, "-", " "), strings.Join(t.Tags, " ")}
	for _, l := range Languages {
		parts = append(parts, t.Title.In(l), t.Description.In(l))
	}
	if c, ok := CategoryByID(t.Category); ok {
		parts = append(parts, c.EN, c.FR, c.ZH)
	}
	return strings.Join(parts, " \x00 ")
}

// List returns the templates, without their code, of a category (empty:
// all) that match a search query (see [Filter.Query]).
func List(category, query string) []Template {
	return Search(Filter{Category: category, Query: query})
}

// All returns every template, without its code, in library order.
func All() []Template { return Search(Filter{}) }

// Get returns the template with its code.
func Get(id string) (Template, bool) {
	load()
	for _, t := range library {
		if t.ID == id {
			t.Code = code[id]
			return t, true
		}
	}
	return Template{}, false
}

// fold lowercases s and strips the accents of Latin letters, so that
// "Sécurité" matches "securite"; apostrophes and hyphens become spaces.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'à', 'â', 'ä', 'á':
			r = 'a'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'î', 'ï', 'í':
			r = 'i'
		case 'ô', 'ö', 'ó':
			r = 'o'
		case 'ù', 'û', 'ü', 'ú':
			r = 'u'
		case 'ç':
			r = 'c'
		case 'œ':
			b.WriteString("oe")
			continue
		case '\'', '’', '-', '_':
			r = ' '
		}
		if unicode.IsControl(r) && r != 0 {
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SearchText returns the text [Filter.Query] words are looked for in,
// already folded (lowercase, Latin accents stripped, apostrophes and
// hyphens as spaces), so that a page searching without a server (the
// static site) matches exactly as [Search] does: each folded query word
// must be a substring of it.
func SearchText(t Template) string { return fold(haystack(t)) }
