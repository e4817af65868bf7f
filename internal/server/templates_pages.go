package server

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"flowzap/gallery"
	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

// The template library's public pages: /templates (search and filters)
// and /templates/{slug} (picture, code, related templates), in English at
// the root and in French and Chinese under /fr/ and /zh/, plus the
// pictures and downloads they use, sitemap.xml and robots.txt. Pages are
// rendered on the server with html/template and work without JavaScript;
// /templates.js only adds the copy button.

// pageLangs are the page languages with their URL prefixes.
var pageLangs = []struct{ code, prefix, hreflang string }{
	{"en", "", "en"},
	{"fr", "/fr", "fr"},
	{"zh", "/zh", "zh-Hans"},
}

func langPrefix(lang string) string {
	for _, l := range pageLangs {
		if l.code == lang {
			return l.prefix
		}
	}
	return ""
}

// uiText holds the words of the pages in the three languages.
var uiText = map[string]map[string]string{
	"en": {
		"library": "Template library", "tagline": "%d original FlowZap Code templates: architecture patterns, business processes, DevOps, security, data, AI agents and automation.",
		"search": "Search", "searchPlaceholder": "Search templates (saga, OAuth, canary…)", "category": "Category", "complexity": "Complexity", "view": "View",
		"all": "All", "apply": "Apply", "results": "%d templates", "none": "No template matches. Try fewer words or another category.",
		"simple": "Simple", "medium": "Medium", "complex": "Complex", "workflow": "Workflow", "sequence": "Sequence", "architecture": "Architecture", "mindmap": "Mind map",
		"nodes": "nodes", "lanes": "lanes", "edges": "edges", "open": "Open in the editor", "download": "Download .fz", "copy": "Copy code", "copied": "Copied",
		"code": "FlowZap Code", "related": "Related templates", "views": "Views", "tags": "Tags", "back": "All templates", "app": "Editor",
		"titleSuffix": "FlowZap template", "pictureOf": "%s, %s view", "language": "Language", "preferred": "best read in the %s view",
	},
	"fr": {
		"library": "Bibliothèque de modèles", "tagline": "%d modèles FlowZap Code originaux : patrons d'architecture, processus métier, DevOps, sécurité, données, agents IA et automatisation.",
		"search": "Rechercher", "searchPlaceholder": "Rechercher un modèle (saga, OAuth, canari…)", "category": "Catégorie", "complexity": "Complexité", "view": "Vue",
		"all": "Toutes", "apply": "Appliquer", "results": "%d modèles", "none": "Aucun modèle ne correspond. Essayez moins de mots ou une autre catégorie.",
		"simple": "Simple", "medium": "Moyen", "complex": "Complexe", "workflow": "Flux", "sequence": "Séquence", "architecture": "Architecture", "mindmap": "Carte mentale",
		"nodes": "nœuds", "lanes": "couloirs", "edges": "liens", "open": "Ouvrir dans l'éditeur", "download": "Télécharger le .fz", "copy": "Copier le code", "copied": "Copié",
		"code": "Code FlowZap", "related": "Modèles associés", "views": "Vues", "tags": "Étiquettes", "back": "Tous les modèles", "app": "Éditeur",
		"titleSuffix": "modèle FlowZap", "pictureOf": "%s, vue %s", "language": "Langue", "preferred": "se lit le mieux en vue %s",
	},
	"zh": {
		"library": "模板库", "tagline": "%d 个原创 FlowZap Code 模板：架构模式、业务流程、DevOps、安全、数据、AI 智能体和自动化。",
		"search": "搜索", "searchPlaceholder": "搜索模板（saga、OAuth、金丝雀……）", "category": "分类", "complexity": "复杂度", "view": "视图",
		"all": "全部", "apply": "应用", "results": "%d 个模板", "none": "没有匹配的模板。请减少关键词或换一个分类。",
		"simple": "简单", "medium": "中等", "complex": "复杂", "workflow": "流程", "sequence": "时序", "architecture": "架构", "mindmap": "思维导图",
		"nodes": "节点", "lanes": "泳道", "edges": "连线", "open": "在编辑器中打开", "download": "下载 .fz", "copy": "复制代码", "copied": "已复制",
		"code": "FlowZap 代码", "related": "相关模板", "views": "视图", "tags": "标签", "back": "全部模板", "app": "编辑器",
		"titleSuffix": "FlowZap 模板", "pictureOf": "%s，%s视图", "language": "语言", "preferred": "最适合用%s视图阅读",
	},
}

func tr(lang, key string) string {
	if s, ok := uiText[lang][key]; ok {
		return s
	}
	return uiText["en"][key]
}

func (s *Server) templatePages() {
	for _, l := range pageLangs {
		lang := l.code
		s.mux.HandleFunc("GET "+l.prefix+"/templates", func(w http.ResponseWriter, r *http.Request) { s.templateIndex(w, r, lang) })
		s.mux.HandleFunc("GET "+l.prefix+"/templates/{$}", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, l.prefix+"/templates", http.StatusMovedPermanently)
		})
		s.mux.HandleFunc("GET "+l.prefix+"/templates/{slug}", func(w http.ResponseWriter, r *http.Request) { s.templatePage(w, r, lang) })
	}
	s.mux.HandleFunc("GET /templates.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Write([]byte(templatesJS))
	})
	s.mux.HandleFunc("GET /api/templates/{id}/thumbnail.svg", s.templateThumbnail)
	s.mux.HandleFunc("GET /api/templates/{id}/code.fz", s.templateDownload)
	s.mux.HandleFunc("GET /sitemap.xml", s.sitemap)
	s.mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "User-agent: *\nAllow: /\nDisallow: /api/\nSitemap: %s/sitemap.xml\n", origin(r, s.opts.TrustProxy))
	})
}

// origin is the scheme and host the client used, for absolute links.
func origin(r *http.Request, trustProxy bool) string {
	scheme := "http"
	if r.TLS != nil || trustProxy && r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// pictures caches rendered SVG pictures by template, view and theme: the
// templates are embedded, so a picture never changes while the server runs.
var pictures sync.Map

// picture renders a template in a view as SVG (without the XML prolog, so
// it can be inlined in HTML).
func picture(t gallery.Template, view, theme string) ([]byte, error) {
	key := t.ID + "\x00" + view + "\x00" + theme
	if b, ok := pictures.Load(key); ok {
		return b.([]byte), nil
	}
	r := pipeline.Check(t.ID+".fz", []byte(t.Code), pipeline.Options{})
	var buf bytes.Buffer
	if err := pipeline.Render(&buf, r, pipeline.RenderOptions{View: view, Theme: theme}); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	if i := bytes.Index(b, []byte("<svg")); i > 0 {
		b = b[i:]
	}
	pictures.Store(key, b)
	return b, nil
}

func (s *Server) templateThumbnail(w http.ResponseWriter, r *http.Request) {
	t, ok := gallery.Get(r.PathValue("id"))
	if !ok {
		s.fail(w, r, refusal(http.StatusNotFound, diag.T("no template %q", r.PathValue("id"))))
		return
	}
	q, err := queryParams(r, "theme", "view")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	view := q.Get("view")
	if view == "" {
		view = t.View
	}
	if err := pipeline.CheckView(view); err != nil {
		s.fail(w, r, &apiError{status: http.StatusBadRequest, msg: err.Error()})
		return
	}
	theme := q.Get("theme")
	if theme == "" {
		theme = "light"
	}
	if err := pipeline.CheckTheme(theme); err != nil {
		s.fail(w, r, &apiError{status: http.StatusBadRequest, msg: err.Error()})
		return
	}
	b, err := picture(t, view, theme)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Content-Security-Policy", svgCSP)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(b)
}

func (s *Server) templateDownload(w http.ResponseWriter, r *http.Request) {
	t, ok := gallery.Get(r.PathValue("id"))
	if !ok {
		s.fail(w, r, refusal(http.StatusNotFound, diag.T("no template %q", r.PathValue("id"))))
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+t.ID+`.fz"`)
	w.Write([]byte(t.Code))
}

// alternate is one language version of a page.
type alternate struct{ Lang, Href string }

// pageData is what both page templates receive.
type pageData struct {
	Lang, Title, Description, Canonical string
	Alternates                          []alternate
	T                                   func(key string) string
	Prefix                              string
	Main                                any
}

func newPage(r *http.Request, trustProxy bool, lang, path, title, desc string) pageData {
	o := origin(r, trustProxy)
	p := pageData{Lang: lang, Title: title, Description: desc, Canonical: o + langPrefix(lang) + path, Prefix: langPrefix(lang),
		T: func(key string) string { return tr(lang, key) }}
	for _, l := range pageLangs {
		p.Alternates = append(p.Alternates, alternate{l.hreflang, o + l.prefix + path})
	}
	return p
}

// card is a template as listed on a page.
type card struct {
	ID, Href, Title, Description, Category, Complexity, ComplexityName, Thumb string
	Counts                                                                    gallery.Counts
}

func cardOf(t gallery.Template, lang string) card {
	c, _ := gallery.CategoryByID(t.Category)
	return card{ID: t.ID, Href: langPrefix(lang) + "/templates/" + t.ID, Title: t.Title.In(lang), Description: t.Description.In(lang),
		Category: c.Name(lang), Complexity: t.Complexity, ComplexityName: tr(lang, t.Complexity), Thumb: "/api/templates/" + t.ID + "/thumbnail.svg", Counts: t.Counts}
}

type option struct {
	Value, Name string
	Selected    bool
}

type indexData struct {
	Query, Tagline, Count string
	Categories            []option
	Complexities          []option
	Cards                 []card
}

func (s *Server) templateIndex(w http.ResponseWriter, r *http.Request, lang string) {
	q := r.URL.Query()
	f := gallery.Filter{Query: q.Get("q"), Category: q.Get("category"), Complexity: q.Get("complexity")}
	if _, ok := gallery.CategoryByID(f.Category); !ok {
		f.Category = ""
	}
	if !slices.Contains(gallery.Complexities, f.Complexity) {
		f.Complexity = ""
	}
	d := indexData{Query: f.Query, Tagline: fmt.Sprintf(tr(lang, "tagline"), len(gallery.All()))}
	d.Categories = append(d.Categories, option{"", tr(lang, "all"), f.Category == ""})
	for _, c := range gallery.Categories {
		d.Categories = append(d.Categories, option{c.ID, c.Name(lang), c.ID == f.Category})
	}
	d.Complexities = append(d.Complexities, option{"", tr(lang, "all"), f.Complexity == ""})
	for _, c := range gallery.Complexities {
		d.Complexities = append(d.Complexities, option{c, tr(lang, c), c == f.Complexity})
	}
	for _, t := range gallery.Search(f) {
		d.Cards = append(d.Cards, cardOf(t, lang))
	}
	d.Count = fmt.Sprintf(tr(lang, "results"), len(d.Cards))
	title := tr(lang, "library")
	if c, ok := gallery.CategoryByID(f.Category); ok {
		title = c.Name(lang) + " – " + title
	}
	p := newPage(r, s.opts.TrustProxy, lang, "/templates", title+" – FlowZap", d.Tagline)
	p.Main = d
	writePage(w, indexTmpl, p)
}

type viewTab struct {
	Name, Href string
	Current    bool
}

type detailData struct {
	card
	View, Code, EditorHref, Download, CategoryHref, Preferred string
	Picture                                                   template.HTML
	PictureLabel                                              string
	Tabs                                                      []viewTab
	Tags                                                      []string
	Related                                                   []card
}

func (s *Server) templatePage(w http.ResponseWriter, r *http.Request, lang string) {
	t, ok := gallery.Get(r.PathValue("slug"))
	if !ok {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		p := newPage(r, s.opts.TrustProxy, lang, "/templates", tr(lang, "library")+" – FlowZap", fmt.Sprintf(tr(lang, "tagline"), len(gallery.All())))
		p.Main = indexData{Count: tr(lang, "none")}
		notFoundTmpl.Execute(w, p)
		return
	}
	view := r.URL.Query().Get("view")
	if !slices.Contains(t.Views, view) {
		view = t.View
	}
	svg, err := picture(t, view, "light")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := detailData{card: cardOf(t, lang), View: view, Code: t.Code, Picture: template.HTML(svg), Tags: t.Tags,
		EditorHref:   "/?template=" + url.QueryEscape(t.ID) + "&view=" + url.QueryEscape(view),
		Download:     "/api/templates/" + t.ID + "/code.fz",
		CategoryHref: langPrefix(lang) + "/templates?category=" + url.QueryEscape(t.Category),
		PictureLabel: fmt.Sprintf(tr(lang, "pictureOf"), t.Title.In(lang), tr(lang, view)),
		Preferred:    fmt.Sprintf(tr(lang, "preferred"), tr(lang, t.View))}
	for _, v := range t.Views {
		href := langPrefix(lang) + "/templates/" + t.ID
		if v != t.View {
			href += "?view=" + v
		}
		d.Tabs = append(d.Tabs, viewTab{tr(lang, v), href, v == view})
	}
	for _, id := range t.Related {
		if rt, ok := gallery.Get(id); ok {
			d.Related = append(d.Related, cardOf(rt, lang))
		}
	}
	p := newPage(r, s.opts.TrustProxy, lang, "/templates/"+t.ID, t.Title.In(lang)+" – "+tr(lang, "titleSuffix"), t.Description.In(lang))
	p.Main = d
	writePage(w, detailTmpl, p)
}

func writePage(w http.ResponseWriter, t *template.Template, p pageData) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		http.Error(w, "page error: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(buf.Bytes())
}

// sitemap lists every page in every language, with its alternates.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) {
	o := origin(r, s.opts.TrustProxy)
	paths := []string{"/templates"}
	for _, t := range gallery.All() {
		paths = append(paths, "/templates/"+t.ID)
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	for _, p := range paths {
		for _, l := range pageLangs {
			fmt.Fprintf(&b, "<url><loc>%s</loc>", xmlEscape(o+l.prefix+p))
			for _, a := range pageLangs {
				fmt.Fprintf(&b, `<xhtml:link rel="alternate" hreflang="%s" href="%s"/>`, a.hreflang, xmlEscape(o+a.prefix+p))
			}
			fmt.Fprintf(&b, `<xhtml:link rel="alternate" hreflang="x-default" href="%s"/>`, xmlEscape(o+p))
			b.WriteString("</url>\n")
		}
	}
	b.WriteString("</urlset>\n")
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write([]byte(b.String()))
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

const templatesJS = `// Copy buttons of the template pages.
for (const b of document.querySelectorAll("button[data-copy]")) {
  b.hidden = false;
  b.addEventListener("click", async () => {
    const text = document.getElementById(b.dataset.copy).textContent;
    try { await navigator.clipboard.writeText(text); } catch (e) {
      const r = document.createRange(); r.selectNodeContents(document.getElementById(b.dataset.copy));
      const s = getSelection(); s.removeAllRanges(); s.addRange(r); document.execCommand("copy");
    }
    const label = b.textContent; b.textContent = b.dataset.done; setTimeout(() => { b.textContent = label; }, 1500);
  });
}
for (const s of document.querySelectorAll("form.filters select")) s.addEventListener("change", () => s.form.submit());
`

const pageCSS = `@font-face{font-family:Inter;src:url(/assets/fonts/Inter-Regular.ttf);font-weight:400}
@font-face{font-family:Inter;src:url(/assets/fonts/Inter-SemiBold.ttf);font-weight:600}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 Inter,system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#0f172a;background:#f8fafc}
a{color:#1d4ed8}
header.top{display:flex;gap:1.5rem;align-items:center;padding:.75rem 1.5rem;background:#fff;border-bottom:1px solid #e2e8f0}
header.top .brand{font-weight:600;color:#0f172a;text-decoration:none;font-size:1.1rem}
header.top nav{display:flex;gap:1rem;flex:1}
header.top .langs{display:flex;gap:.5rem}
header.top .langs a[aria-current]{font-weight:600;color:#0f172a;text-decoration:none}
main{max-width:1200px;margin:0 auto;padding:1.5rem}
h1{font-size:1.9rem;margin:.5rem 0}
.lede{font-size:1.1rem;color:#334155;max-width:60rem}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin:1rem 0;padding:1rem;background:#fff;border:1px solid #e2e8f0;border-radius:10px}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;color:#475569;gap:.25rem}
form.filters input,form.filters select,form.filters button{font:inherit;padding:.45rem .6rem;border:1px solid #cbd5e1;border-radius:6px;background:#fff}
form.filters input{min-width:18rem}
form.filters button{background:#1d4ed8;color:#fff;border-color:#1d4ed8;cursor:pointer}
.chips{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0 1rem;padding:0;list-style:none}
.chips a{display:inline-block;padding:.2rem .7rem;border-radius:999px;background:#e2e8f0;color:#0f172a;text-decoration:none;font-size:.9rem}
.chips a[aria-current]{background:#1d4ed8;color:#fff}
ul.cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:1rem}
ul.cards li{background:#fff;border:1px solid #e2e8f0;border-radius:10px;overflow:hidden;display:flex;flex-direction:column}
ul.cards img{width:100%;height:150px;object-fit:contain;background:#f1f5f9;border-bottom:1px solid #e2e8f0;padding:.5rem}
ul.cards .body{padding:.75rem 1rem 1rem}
ul.cards h2,ul.cards h3{font-size:1.05rem;margin:0 0 .35rem}
ul.cards h2 a,ul.cards h3 a{color:#0f172a;text-decoration:none}
ul.cards h2 a:hover,ul.cards h3 a:hover{text-decoration:underline}
ul.cards p{margin:0 0 .5rem;color:#475569;font-size:.92rem}
.meta{display:flex;flex-wrap:wrap;gap:.4rem;font-size:.8rem;color:#475569;margin:0;padding:0;list-style:none}
.meta li{background:#f1f5f9;border-radius:4px;padding:.05rem .45rem}
.badge-simple{color:#166534}.badge-medium{color:#92400e}.badge-complex{color:#991b1b}
nav.tabs{display:flex;gap:.25rem;margin-top:1rem;border-bottom:1px solid #cbd5e1}
nav.tabs a{padding:.45rem .9rem;text-decoration:none;color:#334155;border:1px solid transparent;border-bottom:none;border-radius:6px 6px 0 0}
nav.tabs a[aria-current]{background:#fff;border-color:#cbd5e1;color:#0f172a;font-weight:600;margin-bottom:-1px}
figure.picture{margin:0;background:#fff;border:1px solid #cbd5e1;border-top:none;padding:1rem;overflow:auto;max-height:80vh}
figure.picture svg{max-width:100%;height:auto}
figure.picture figcaption{font-size:.85rem;color:#64748b;margin-top:.5rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
.actions a,.actions button{font:inherit;padding:.5rem .9rem;border-radius:6px;border:1px solid #1d4ed8;background:#fff;color:#1d4ed8;text-decoration:none;cursor:pointer}
.actions a.primary{background:#1d4ed8;color:#fff}
pre.code{background:#0f172a;color:#e2e8f0;padding:1rem;border-radius:8px;overflow:auto;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
footer{max-width:1200px;margin:2rem auto;padding:0 1.5rem;color:#64748b;font-size:.85rem}
`

var pageFuncs = template.FuncMap{"sprintf": fmt.Sprintf}

const pageHead = `{{define "head"}}<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<meta name="description" content="{{.Description}}">
<link rel="canonical" href="{{.Canonical}}">
{{range .Alternates}}<link rel="alternate" hreflang="{{.Lang}}" href="{{.Href}}">
{{end}}{{with index .Alternates 0}}<link rel="alternate" hreflang="x-default" href="{{.Href}}">{{end}}
<style>` + pageCSS + `</style>
</head>
<body>
<header class="top">
<a class="brand" href="/">FlowZap</a>
<nav aria-label="Site"><a href="{{.Prefix}}/templates">{{call .T "library"}}</a><a href="/">{{call .T "app"}}</a></nav>
<nav class="langs" aria-label="{{call .T "language"}}">{{$lang := .Lang}}{{range .Alternates}}<a href="{{.Href}}" hreflang="{{.Lang}}" lang="{{.Lang}}"{{if eq (slice .Lang 0 2) $lang}} aria-current="page"{{end}}>{{if eq .Lang "en"}}English{{else if eq .Lang "fr"}}Français{{else}}中文{{end}}</a>{{end}}</nav>
</header>
{{end -}}
{{define "foot"}}<footer>FlowZap Code · <a href="/sitemap.xml">sitemap.xml</a></footer>
<script src="/templates.js" defer></script>
</body>
</html>
{{end -}}
{{define "cardtail"}}<p>{{.Description}}</p>
<ul class="meta"><li>{{.Category}}</li><li class="badge-{{.Complexity}}">{{.ComplexityName}}</li></ul>
</div>
</li>{{end -}}
{{define "card"}}<li data-id="{{.ID}}">
<img src="{{.Thumb}}" alt="" loading="lazy" width="260" height="150">
<div class="body">
<h3><a href="{{.Href}}">{{.Title}}</a></h3>
{{template "cardtail" .}}{{end -}}
{{define "card2"}}<li data-id="{{.ID}}">
<img src="{{.Thumb}}" alt="" loading="lazy" width="260" height="150">
<div class="body">
<h2><a href="{{.Href}}">{{.Title}}</a></h2>
{{template "cardtail" .}}{{end}}`

var indexTmpl = template.Must(template.New("index").Funcs(pageFuncs).Parse(pageHead + `{{template "head" .}}{{$T := .T}}{{$p := .Prefix}}
<main>
{{with .Main}}
<h1>{{call $T "library"}}</h1>
<p class="lede">{{.Tagline}}</p>
<form class="filters" action="{{$p}}/templates" method="get" role="search">
<label>{{call $T "search"}} <input type="search" name="q" value="{{.Query}}" placeholder="{{call $T "searchPlaceholder"}}"></label>
<label>{{call $T "category"}} <select name="category">{{range .Categories}}<option value="{{.Value}}"{{if .Selected}} selected{{end}}>{{.Name}}</option>{{end}}</select></label>
<label>{{call $T "complexity"}} <select name="complexity">{{range .Complexities}}<option value="{{.Value}}"{{if .Selected}} selected{{end}}>{{.Name}}</option>{{end}}</select></label>
<button type="submit">{{call $T "apply"}}</button>
</form>
<ul class="chips" aria-label="{{call $T "category"}}">{{range .Categories}}<li><a href="{{$p}}/templates{{if .Value}}?category={{.Value}}{{end}}"{{if .Selected}} aria-current="page"{{end}}>{{.Name}}</a></li>{{end}}</ul>
<p class="count" role="status">{{.Count}}</p>
{{if .Cards}}<ul class="cards" id="results">{{range .Cards}}{{template "card2" .}}{{end}}</ul>{{else}}<p>{{call $T "none"}}</p>{{end}}
{{end}}
</main>
{{template "foot" .}}`))

var detailTmpl = template.Must(template.New("detail").Funcs(pageFuncs).Parse(pageHead + `{{template "head" .}}{{$T := .T}}{{$p := .Prefix}}
<main>
{{with .Main}}
<nav aria-label="Breadcrumb"><a href="{{$p}}/templates">{{call $T "library"}}</a> › <a href="{{.CategoryHref}}">{{.Category}}</a></nav>
<h1>{{.Title}}</h1>
<p class="lede">{{.Description}}</p>
<ul class="meta">
<li>{{.Category}}</li>
<li class="badge-{{.Complexity}}">{{call $T "complexity"}}: {{.ComplexityName}}</li>
<li>{{.Counts.Nodes}} {{call $T "nodes"}}</li>
<li>{{.Counts.Lanes}} {{call $T "lanes"}}</li>
<li>{{.Counts.Edges}} {{call $T "edges"}}</li>
<li>{{.Preferred}}</li>
</ul>
<nav class="tabs" aria-label="{{call $T "views"}}">{{range .Tabs}}<a href="{{.Href}}"{{if .Current}} aria-current="page"{{end}}>{{.Name}}</a>{{end}}</nav>
<figure class="picture" id="picture">
{{.Picture}}
<figcaption>{{.PictureLabel}}</figcaption>
</figure>
<div class="actions">
<a class="primary" href="{{.EditorHref}}" id="open-editor">{{call $T "open"}}</a>
<a href="{{.Download}}" download="{{.ID}}.fz" id="download">{{call $T "download"}}</a>
<button type="button" data-copy="code" data-done="{{call $T "copied"}}" hidden>{{call $T "copy"}}</button>
</div>
<h2>{{call $T "code"}}</h2>
<pre class="code"><code id="code">{{.Code}}</code></pre>
<h2>{{call $T "tags"}}</h2>
<ul class="meta">{{range .Tags}}<li><a href="{{$p}}/templates?q={{.}}">{{.}}</a></li>{{end}}</ul>
{{if .Related}}<h2>{{call $T "related"}}</h2>
<ul class="cards" id="related">{{range .Related}}{{template "card" .}}{{end}}</ul>{{end}}
{{end}}
</main>
{{template "foot" .}}`))

var notFoundTmpl = template.Must(template.New("notfound").Funcs(pageFuncs).Parse(pageHead + `{{template "head" .}}{{$T := .T}}
<main>
<h1>404</h1>
<p>{{.Main.Count}}</p>
<p><a href="{{.Prefix}}/templates">{{call $T "back"}}</a></p>
</main>
{{template "foot" .}}`))
