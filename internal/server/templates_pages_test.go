package server

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"flowzap/gallery"
)

// voidElements never have an end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// checkWellFormed walks the token stream: every non-void element must be
// closed, in order (the parser would silently repair what the tokenizer
// shows), and attributes may not repeat.
func checkWellFormed(t *testing.T, name, page string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	var stack []string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Errorf("%s: %v", name, z.Err())
			}
			if len(stack) > 0 {
				t.Errorf("%s: unclosed elements %v", name, stack)
			}
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			seen := map[string]bool{}
			for _, a := range tok.Attr {
				if seen[a.Key] {
					t.Errorf("%s: <%s> repeats attribute %s", name, tok.Data, a.Key)
				}
				seen[a.Key] = true
			}
			if tt == html.StartTagToken && !voidElements[tok.Data] {
				stack = append(stack, tok.Data)
			}
		case html.EndTagToken:
			tok := z.Token()
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				t.Errorf("%s: </%s> does not close the open element (open: %v)", name, tok.Data, stack)
				return
			}
			stack = stack[:len(stack)-1]
		case html.DoctypeToken:
			if tok := z.Token(); !strings.EqualFold(tok.Data, "html") {
				t.Errorf("%s: doctype %q", name, tok.Data)
			}
		}
	}
}

type pageInfo struct {
	lang, title, description, canonical string
	alternates                          map[string]string
	h1                                  []string
	links, images                       []string
	ids                                 map[string]int
	svg                                 int
	byID                                map[string]*html.Node
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func inspect(t *testing.T, name, page string) pageInfo {
	t.Helper()
	checkWellFormed(t, name, page)
	if !strings.HasPrefix(page, "<!DOCTYPE html>") {
		t.Errorf("%s: does not start with the doctype", name)
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	p := pageInfo{alternates: map[string]string{}, ids: map[string]int{}, byID: map[string]*html.Node{}}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if id := attr(n, "id"); id != "" {
				p.ids[id]++
				p.byID[id] = n
			}
			switch n.DataAtom {
			case atom.Html:
				p.lang = attr(n, "lang")
			case atom.Title:
				p.title = text(n)
			case atom.Meta:
				if attr(n, "name") == "description" {
					p.description = attr(n, "content")
				}
			case atom.Link:
				switch attr(n, "rel") {
				case "canonical":
					p.canonical = attr(n, "href")
				case "alternate":
					p.alternates[attr(n, "hreflang")] = attr(n, "href")
				}
			case atom.H1:
				p.h1 = append(p.h1, text(n))
			case atom.A:
				p.links = append(p.links, attr(n, "href"))
			case atom.Img:
				p.images = append(p.images, attr(n, "src"))
				if !slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == "alt" }) {
					t.Errorf("%s: an image without alt", name)
				}
			case atom.Svg:
				p.svg++
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for id, n := range p.ids {
		if n > 1 {
			t.Errorf("%s: id %q used %d times", name, id, n)
		}
	}
	if len(p.h1) != 1 || p.h1[0] == "" {
		t.Errorf("%s: expected one non-empty h1, found %q", name, p.h1)
	}
	if p.title == "" || p.description == "" || p.canonical == "" {
		t.Errorf("%s: title %q, description %q, canonical %q", name, p.title, p.description, p.canonical)
	}
	for _, l := range []string{"en", "fr", "zh-Hans", "x-default"} {
		if p.alternates[l] == "" {
			t.Errorf("%s: no hreflang %s alternate", name, l)
		}
	}
	if p.alternates["x-default"] != p.alternates["en"] {
		t.Errorf("%s: x-default should be the English page", name)
	}
	return p
}

func get(t *testing.T, base, path string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestTemplatePages fetches every template page in the three languages
// and checks its HTML structure, its metadata for search engines, and
// that its links and pictures resolve.
func TestTemplatePages(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 100000, Burst: 100000})
	all := gallery.All()
	checked := map[string]bool{}
	resolve := func(from, href string) {
		if href == "" || strings.HasPrefix(href, "http") || checked[href] || strings.HasPrefix(href, "/?") {
			return
		}
		checked[href] = true
		resp, _ := get(t, ts.URL, href)
		if resp.StatusCode != 200 {
			t.Errorf("%s links to %s: %d", from, href, resp.StatusCode)
		}
	}
	for _, l := range pageLangs {
		resp, body := get(t, ts.URL, l.prefix+"/templates")
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s/templates: %d %s", l.prefix, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		idx := inspect(t, l.prefix+"/templates", body)
		if idx.lang != l.code {
			t.Errorf("%s/templates: lang %q", l.prefix, idx.lang)
		}
		if len(idx.images) != len(all) {
			t.Errorf("%s/templates: %d thumbnails for %d templates", l.prefix, len(idx.images), len(all))
		}
		for _, tm := range all {
			path := l.prefix + "/templates/" + tm.ID
			resp, body := get(t, ts.URL, path)
			if resp.StatusCode != 200 {
				t.Errorf("%s: %d", path, resp.StatusCode)
				continue
			}
			p := inspect(t, path, body)
			if p.lang != l.code || p.h1[0] != tm.Title.In(l.code) || p.description != tm.Description.In(l.code) {
				t.Errorf("%s: lang %q, h1 %q, description %q", path, p.lang, p.h1, p.description)
			}
			if !strings.HasSuffix(p.canonical, path) || !strings.HasSuffix(p.alternates["fr"], "/fr/templates/"+tm.ID) {
				t.Errorf("%s: canonical %q, fr alternate %q", path, p.canonical, p.alternates["fr"])
			}
			if p.svg != 1 {
				t.Errorf("%s: %d inline pictures", path, p.svg)
			}
			code := p.byID["code"]
			full, _ := gallery.Get(tm.ID)
			if code == nil || text(code) != strings.TrimSpace(full.Code) {
				t.Errorf("%s: the code block is not the template's code", path)
			}
			editor := p.byID["open-editor"]
			if editor == nil {
				t.Errorf("%s: no open-in-editor link", path)
			} else if u, err := url.Parse(attr(editor, "href")); err != nil || u.Path != "/" {
				t.Errorf("%s: editor link %q", path, attr(editor, "href"))
			} else if u.Query().Get("template") != tm.ID || u.Query().Get("view") != tm.View {
				// The editor loads the template by its ID: a short link, not
				// the whole code in the query string.
				t.Errorf("%s: the editor link does not name the template and view", path)
			}
			if dl := p.byID["download"]; dl == nil || attr(dl, "download") != tm.ID+".fz" {
				t.Errorf("%s: no .fz download", path)
			}
			for _, href := range p.links {
				if strings.Contains(href, "/templates/") || strings.HasPrefix(href, "/api/") {
					resolve(path, href)
				}
			}
			if l.code == "en" {
				for _, src := range p.images {
					resolve(path, src)
				}
			}
		}
	}
}

func TestTemplateIndexFilters(t *testing.T) {
	ts := newTest(t, ":memory:", Options{})
	ids := func(path string) []string {
		resp, body := get(t, ts.URL, path)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		doc, _ := html.Parse(strings.NewReader(body))
		var out []string
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && n.DataAtom == atom.Li && attr(n, "data-id") != "" {
				out = append(out, attr(n, "data-id"))
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		return out
	}
	sec := ids("/templates?category=security")
	if len(sec) == 0 {
		t.Fatal("no security templates")
	}
	for _, id := range sec {
		if tm, _ := gallery.Get(id); tm.Category != "security" {
			t.Errorf("category filter listed %s (%s)", id, tm.Category)
		}
	}
	for _, id := range ids("/fr/templates?complexity=simple") {
		if tm, _ := gallery.Get(id); tm.Complexity != "simple" {
			t.Errorf("complexity filter listed %s (%s)", id, tm.Complexity)
		}
	}
	if got := ids("/zh/templates?q=" + url.QueryEscape("蓝绿")); !slices.Contains(got, "blue-green-deployment") {
		t.Errorf("Chinese search: %v", got)
	}
	if got := ids("/fr/templates?q=passerelle"); !slices.Contains(got, "api-gateway") {
		t.Errorf("French search: %v", got)
	}
	if got := ids("/templates?q=zzqx"); len(got) != 0 {
		t.Errorf("nonsense search: %v", got)
	}
	// Unknown filters are ignored rather than failing.
	if got := ids("/templates?category=nope&complexity=huge"); len(got) != len(gallery.All()) {
		t.Errorf("unknown filters: %d results", len(got))
	}
	resp, body := get(t, ts.URL, "/fr/templates/nope")
	if resp.StatusCode != 404 || !strings.Contains(body, `href="/fr/templates"`) {
		t.Errorf("unknown template page: %d", resp.StatusCode)
	}
	resp, body = get(t, ts.URL, "/templates/saga-orchestration?view=sequence")
	if resp.StatusCode != 200 || !strings.Contains(body, `class="flowzap sequence"`) {
		t.Errorf("sequence tab: %d", resp.StatusCode)
	}
}

func TestTemplateAssets(t *testing.T) {
	ts := newTest(t, ":memory:", Options{})
	resp, body := get(t, ts.URL, "/api/templates/cqrs-read-write/thumbnail.svg")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(body, "<svg") || !strings.Contains(body, "architecture") {
		t.Errorf("thumbnail: %d %s %.60s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("thumbnail served with the policy %q, want the SVGs' (nothing runs, nothing loads)", csp)
	}
	resp, body = get(t, ts.URL, "/api/templates/cqrs-read-write/thumbnail.svg?view=workflow&theme=dark")
	if resp.StatusCode != 200 || !strings.Contains(body, "workflow") {
		t.Errorf("thumbnail in another view: %d", resp.StatusCode)
	}
	for path, want := range map[string]int{
		"/api/templates/nope/thumbnail.svg":                     404,
		"/api/templates/cqrs-read-write/thumbnail.svg?view=pie": 400,
		"/api/templates/cqrs-read-write/thumbnail.svg?theme=x":  400,
		"/api/templates/nope/code.fz":                           404,
		"/api/templates?view=zzz":                               400,
		"/api/templates?category=nope":                          400,
		"/api/templates?complexity=hard":                        400,
	} {
		resp, body := get(t, ts.URL, path)
		if resp.StatusCode != want || !strings.Contains(body, `"error"`) {
			t.Errorf("%s: %d %s, want %d with a JSON error", path, resp.StatusCode, body, want)
		}
	}
	resp, body = get(t, ts.URL, "/api/templates/cqrs-read-write/code.fz")
	full, _ := gallery.Get("cqrs-read-write")
	if resp.StatusCode != 200 || body != full.Code || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename="cqrs-read-write.fz"`) {
		t.Errorf("download: %d %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	resp, body = get(t, ts.URL, "/api/templates?complexity=complex&view=architecture")
	if resp.StatusCode != 200 || !strings.Contains(body, `"complexities"`) {
		t.Errorf("filtered listing: %d", resp.StatusCode)
	}
	resp, body = get(t, ts.URL, "/robots.txt")
	if resp.StatusCode != 200 || !strings.Contains(body, "Sitemap: "+ts.URL+"/sitemap.xml") {
		t.Errorf("robots.txt: %d %s", resp.StatusCode, body)
	}
	resp, body = get(t, ts.URL, "/templates.js")
	if resp.StatusCode != 200 || !strings.Contains(body, "clipboard") {
		t.Errorf("templates.js: %d", resp.StatusCode)
	}
}

// TestSitemap parses sitemap.xml and follows every address in it.
func TestSitemap(t *testing.T) {
	ts := newTest(t, ":memory:", Options{RateLimit: 100000, Burst: 100000})
	resp, body := get(t, ts.URL, "/sitemap.xml")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("sitemap: %d", resp.StatusCode)
	}
	var set struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &set); err != nil {
		t.Fatal(err)
	}
	if want := 3 * (len(gallery.All()) + 1); len(set.URLs) != want {
		t.Fatalf("sitemap has %d addresses, want %d", len(set.URLs), want)
	}
	for _, u := range set.URLs {
		if len(u.Links) != 4 {
			t.Errorf("%s: %d alternates", u.Loc, len(u.Links))
		}
		path := strings.TrimPrefix(u.Loc, ts.URL)
		if path == u.Loc {
			t.Errorf("%s is not absolute on this host", u.Loc)
			continue
		}
		resp, _ := get(t, ts.URL, path)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", u.Loc, resp.StatusCode)
		}
	}
}
