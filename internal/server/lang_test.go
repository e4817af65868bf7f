package server

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"flowzap/internal/pipeline"
	"flowzap/internal/wasmapi"
)

// TestLangField: the endpoints that answer diagnostics give them in the
// request's lang, English without one, and refuse an unknown lang with
// 400 naming the languages.
func TestLangField(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "l.db"), Options{RateLimit: 10000, Burst: 10000})
	bad := "ops { # Ops\n  n1: circle label:\"Start\"\n  n1.handle(right) -> n9.handle(left)\n}\n"
	want := map[string]string{
		"":   `undefined node "n9": expected the ID of a node declared in some lane`,
		"en": `undefined node "n9": expected the ID of a node declared in some lane`,
		"fr": `nœud "n9" non défini : attendu l'ID d'un nœud déclaré dans un couloir`,
		"zh": `未定义的节点 "n9"：应为某条泳道中已声明的节点 ID`,
	}
	for lang, msg := range want {
		body := map[string]any{"code": bad}
		if lang != "" {
			body["lang"] = lang
		}
		for _, path := range []string{"/api/validate", "/api/render", "/api/fix", "/api/patch", "/api/export"} {
			b := body
			if path == "/api/patch" {
				b = map[string]any{"code": bad, "ops": []any{}, "lang": lang}
			}
			resp, data := do(t, ts, "POST", path, b)
			var out struct {
				Errors      []struct{ Message string } `json:"errors"`
				Diagnostics []struct{ Message string } `json:"diagnostics"`
			}
			if err := json.Unmarshal(data, &out); err != nil {
				t.Fatalf("%s %q: %d %s", path, lang, resp.StatusCode, data)
			}
			list := append(out.Errors, out.Diagnostics...)
			if len(list) == 0 || list[0].Message != msg {
				t.Errorf("%s in %q: %d %s, want the message %q", path, lang, resp.StatusCode, data, msg)
			}
		}
	}
	for _, path := range []string{"/api/validate", "/api/render", "/api/format", "/api/fix", "/api/fix/one", "/api/export"} {
		resp, data := do(t, ts, "POST", path, map[string]any{"code": good, "lang": "de", "diagnostic": map[string]any{"code": "FZ101", "line": 1}})
		if path != "/api/fix/one" {
			resp, data = do(t, ts, "POST", path, map[string]any{"code": good, "lang": "de"})
		}
		if resp.StatusCode != 400 || !strings.Contains(string(data), `unknown language \"de\": expected en, fr or zh`) {
			t.Errorf("%s lang de: %d %s", path, resp.StatusCode, data)
		}
	}
}

// TestLangLimits: a diagram past a limit is refused (413) with the
// message in the request's lang, English without one.
func TestLangLimits(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "l.db"), Options{RateLimit: 10000, Burst: 10000, Limits: pipeline.Limits{MaxNodes: 1, MaxEdges: 30, MaxLanes: 10, MaxLabel: 100}})
	for lang, want := range map[string]string{
		"":   "the diagram has 2 nodes; the limit is 1: split it into several diagrams",
		"fr": "le diagramme a 2 nœuds ; la limite est de 1 : découpez-le en plusieurs diagrammes",
		"zh": "图表有 2 个节点；上限为 1：请拆分为多个图表",
	} {
		resp, data := do(t, ts, "POST", "/api/render", map[string]any{"code": good, "lang": lang})
		var out struct{ Error string }
		if json.Unmarshal(data, &out); resp.StatusCode != 413 || out.Error != want {
			t.Errorf("render in %q: %d %s, want 413 and %q", lang, resp.StatusCode, data, want)
		}
	}
}

// TestLangPatchErrors: a failed edit operation, a missing field and code
// with errors are refused with the message in the request's lang, English
// without one, and the WebAssembly module answers the same bytes.
func TestLangPatchErrors(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "l.db"), Options{RateLimit: 10000, Burst: 10000})
	code := "ops { # Ops\n  n1: circle label:\"Start\"\n}\n"
	bad := "ops { # Ops\n  n1: circle label:\"Start\"\n  n1 -> n9\n}\n"
	for _, c := range []struct {
		code   string
		ops    []any
		status int
		want   map[string]string
	}{
		{code, []any{map[string]any{"op": "removeNode", "id": "n7"}}, 422, map[string]string{
			"":   `operation 1 (removeNode): node "n7" does not exist; nothing was changed`,
			"fr": `opération 1 (removeNode) : le nœud "n7" n'existe pas ; rien n'a été modifié`,
			"zh": `操作 1（removeNode）：节点 "n7" 不存在；未做任何更改`,
		}},
		{code, []any{map[string]any{"op": "updateNode", "label": "B"}}, 422, map[string]string{
			"":   `operation 1 (updateNode): id is missing: updateNode needs the ID of a node (n1, n2, ...); nothing was changed`,
			"fr": `opération 1 (updateNode) : id manque : updateNode a besoin de l'ID d'un nœud (n1, n2, ...) ; rien n'a été modifié`,
			"zh": `操作 1（updateNode）：缺少 id：updateNode 需要一个节点的 ID（n1、n2、...）；未做任何更改`,
		}},
		{code, []any{map[string]any{"op": "explode"}}, 422, map[string]string{
			"fr": `opération 1 (explode) : opération inconnue "explode" : attendu l'une de ` + strings.Join(pipeline.PatchOpNames, ", ") + ` ; rien n'a été modifié`,
		}},
		{code, []any{}, 422, map[string]string{
			"fr": `aucune opération donnée : attendu une liste d'une ou plusieurs opérations ; rien n'a été modifié`,
			"zh": `未给出任何操作：应为包含一个或多个操作的列表；未做任何更改`,
		}},
		{bad, []any{map[string]any{"op": "removeNode", "id": "n1"}}, 422, map[string]string{
			"":   "the code has errors",
			"fr": "le code contient des erreurs",
			"zh": "代码有错误",
		}},
		// Counted before the operations are read, in the lang still.
		{code, slices.Repeat([]any{map[string]any{"op": "removeNode", "id": "n1"}}, 1001), 413, map[string]string{
			"":   "1001 operations in one batch; the limit is 1000: send them in several batches",
			"fr": "1001 opérations dans un seul lot ; la limite est de 1000 : envoyez-les en plusieurs lots",
			"zh": "一批中有 1001 个操作；上限为 1000：请分成几批发送",
		}},
	} {
		for lang, want := range c.want {
			body := map[string]any{"code": c.code, "ops": c.ops, "lang": lang}
			resp, data := do(t, ts, "POST", "/api/patch", body)
			var out struct{ Error string }
			if json.Unmarshal(data, &out); resp.StatusCode != c.status || out.Error != want {
				t.Errorf("%v in %q: %d %s, want %d and %q", c.ops, lang, resp.StatusCode, data, c.status, want)
			}
			raw, _ := json.Marshal(body)
			if m := wasmapi.Patch(string(raw)); m.Status != resp.StatusCode || strings.TrimSpace(m.Body) != strings.TrimSpace(string(data)) {
				t.Errorf("%v in %q: the module answers %d %s, the server %d %s", c.ops, lang, m.Status, m.Body, resp.StatusCode, data)
			}
		}
	}
}

// TestLangCodeErrors: render and format refuse code with errors with the
// error line in the request's lang too, as the module does.
func TestLangCodeErrors(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "l.db"), Options{RateLimit: 10000, Burst: 10000})
	bad := "ops { # Ops\n  n1: circle label:\"Start\"\n  n1 -> n9\n}\n"
	for _, c := range []struct{ path, code, lang, want string }{
		{"/api/render", bad, "fr", "le code contient des erreurs"},
		{"/api/render", bad, "zh", "代码有错误"},
		{"/api/render", bad, "", "the code has errors"},
		{"/api/format", "ops { # Ops\n  n1: circle label:\"Start\"\n", "fr", "le code contient des erreurs de syntaxe"},
		{"/api/format", "ops { # Ops\n  n1: circle label:\"Start\"\n", "zh", "代码有语法错误"},
		{"/api/export", bad, "fr", "le code contient des erreurs"},
		{"/api/export", bad, "", "the code has errors"},
	} {
		resp, data := do(t, ts, "POST", c.path, map[string]any{"code": c.code, "lang": c.lang})
		var out struct{ Error string }
		if json.Unmarshal(data, &out); resp.StatusCode != 422 || out.Error != c.want {
			t.Errorf("%s in %q: %d %s, want 422 and %q", c.path, c.lang, resp.StatusCode, data, c.want)
		}
		var m wasmapi.Response
		switch c.path {
		case "/api/render":
			m = wasmapi.Render(wasmapi.Request{Code: c.code, Lang: c.lang, Format: "svg"})
		case "/api/export":
			m = wasmapi.Export(wasmapi.Request{Code: c.code, Lang: c.lang, Format: "mermaid"})
		default:
			m = wasmapi.Format(wasmapi.Request{Code: c.code, Lang: c.lang})
		}
		if m.Status != 422 || !strings.Contains(m.Body, `"error":"`+c.want+`"`) {
			t.Errorf("%s in %q: the module answers %d %s", c.path, c.lang, m.Status, m.Body)
		}
	}
}

// TestLangRefusals: the server's refusals a person may read in the web
// app (not found, edit token, version conflict, quota, body too large,
// a saved diagram with errors) come in the language the request's
// Accept-Language prefers among English, French and Chinese, English for
// any other; a request that cannot say so gets English.
func TestLangRefusals(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "r.db"), Options{RateLimit: 10000, Burst: 10000, MaxBody: 4096, StorageQuota: 600})
	_, data := do(t, ts, "POST", "/api/diagrams", map[string]any{"code": good})
	var created struct{ ID, Token string }
	if err := json.Unmarshal(data, &created); err != nil || created.Token == "" {
		t.Fatalf("create: %s", data)
	}
	bad := "ops { # Ops\n  n1: circle label:\"Start\"\n  n1.handle(right) -> n9.handle(left)\n}\n"
	type call struct {
		method, path string
		body         any
		header       []string
		status       int
		en, fr, zh   string
	}
	calls := []call{
		{"GET", "/api/diagrams/nope", nil, nil, 404, `not found: no diagram "nope"`, `introuvable : aucun diagramme "nope"`, `未找到：没有图表 "nope"`},
		{"GET", "/api/diagrams/" + created.ID + "/versions/9", nil, nil, 404, "has no version 9", "n'a pas de version 9", "没有版本 9"},
		{"PUT", "/api/diagrams/" + created.ID, map[string]any{"code": good}, nil, 401, "missing edit token", "jeton de modification manquant", "缺少编辑令牌"},
		{"PUT", "/api/diagrams/" + created.ID, map[string]any{"code": good}, []string{"Authorization", "Bearer wrong"}, 403, "the edit token does not match this diagram", "le jeton de modification ne correspond pas", "编辑令牌与该图表不匹配"},
		{"PUT", "/api/diagrams/" + created.ID, map[string]any{"code": good}, []string{"Authorization", "Bearer " + created.Token, "If-Match", `"v7"`}, 412, "it is at version 1", "il en est à la version 1", "当前为版本 1"},
		{"POST", "/api/diagrams", map[string]any{"code": bad}, nil, 422, "only FlowZap Code without errors can be saved: the code has errors", "seul un code FlowZap sans erreur peut être enregistré : le code contient des erreurs", "只能保存没有错误的 FlowZap 代码"},
		{"POST", "/api/render", map[string]any{"code": strings.Repeat("// padding\n", 500) + good}, nil, 413, "request body too large: the limit is 4096 bytes", "la limite est de 4096 octets", "上限为 4096 字节"},
		{"GET", "/api/templates/nope", nil, nil, 404, `no template "nope"`, `aucun modèle "nope"`, `没有模板 "nope"`},
		{"GET", "/api/nope", nil, nil, 404, "no such API route: GET /api/nope", "aucune route de l'API ne répond à GET /api/nope", "没有这样的 API 路由：GET /api/nope"},
		{"POST", "/api/diagrams", map[string]any{"code": good + "// " + strings.Repeat("x", 500) + "\n"}, nil, 429, "storage quota reached", "quota de stockage atteint", "已达到存储配额"},
	}
	accepts := []struct{ header, lang string }{
		{"", "en"}, {"fr-FR,fr;q=0.9,en;q=0.8", "fr"}, {"zh-CN", "zh"}, {"de-DE", "en"},
		{"de, fr;q=0.5", "fr"}, {"en;q=0.1, zh-Hans;q=0.9", "zh"}, {"fr;q=0", "en"}, {"not a header ;;; q=x", "en"},
	}
	for _, c := range calls {
		for _, a := range accepts {
			h := append([]string{}, c.header...)
			if a.header != "" {
				h = append(h, "Accept-Language", a.header)
			}
			resp, data := do(t, ts, c.method, c.path, c.body, h...)
			var out ErrorBody
			if err := json.Unmarshal(data, &out); err != nil || resp.StatusCode != c.status {
				t.Errorf("%s %s (Accept-Language %q): %d %s, want %d", c.method, c.path, a.header, resp.StatusCode, data, c.status)
				continue
			}
			want := map[string]string{"en": c.en, "fr": c.fr, "zh": c.zh}[a.lang]
			if !strings.Contains(out.Error, want) {
				t.Errorf("%s %s (Accept-Language %q): error %q, want it in %s, containing %q", c.method, c.path, a.header, out.Error, a.lang, want)
			}
		}
	}
	// A lang in the body, where the endpoint takes one, wins over the
	// header.
	r := httptest.NewRequest("POST", "/api/render", nil)
	r.Header.Set("Accept-Language", "fr")
	r = r.WithContext(context.WithValue(r.Context(), langKey{}, new(string)))
	if got := requestLang(r); got != "fr" {
		t.Errorf("header fr: %q", got)
	}
	if err := useLang(r, "zh"); err != nil {
		t.Fatal(err)
	}
	if got := requestLang(r); got != "zh" {
		t.Errorf("body zh, header fr: %q", got)
	}
	if err := useLang(r, "de"); err == nil || requestLang(r) != "zh" {
		t.Errorf("an unknown body lang: %v, then %q", err, requestLang(r))
	}
}

// TestLangImport: /api/import gives the diagnostics about the input in
// the request's lang, English without one, with the same codes and
// positions in every language; a diagram past a limit is refused in it
// too, and an unknown lang is 400.
func TestLangImport(t *testing.T) {
	ts := newTest(t, filepath.Join(t.TempDir(), "l.db"), Options{RateLimit: 10000, Burst: 10000})
	type diagnostic struct {
		Code    string `json:"code"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Message string `json:"message"`
	}
	for _, c := range []struct {
		from, source string
		want         map[string]string
	}{
		{"mermaid", "flowchart LR\n  A --> B\n  end\n", map[string]string{
			"":   "`end` with no open subgraph: expected a `subgraph` before it",
			"fr": "`end` sans subgraph ouvert : attendu un `subgraph` avant lui",
			"zh": "`end` 之前没有打开的 subgraph：其前应有 `subgraph`",
		}},
		{"drawio", "<?xml version=\"1.0\"?>\n<html lang=\"en\"/>\n", map[string]string{
			"":   "found <html> as the root element: expected a draw.io <mxfile>",
			"fr": "trouvé <html> comme élément racine : attendu un <mxfile> draw.io",
			"zh": "根元素为 <html>：应为 draw.io 的 <mxfile>",
		}},
	} {
		var first []diagnostic
		for _, lang := range []string{"", "fr", "zh"} {
			body := map[string]any{"from": c.from, "source": c.source}
			if lang != "" {
				body["lang"] = lang
			}
			resp, data := do(t, ts, "POST", "/api/import", body)
			var out struct {
				OK          bool         `json:"ok"`
				Diagnostics []diagnostic `json:"diagnostics"`
			}
			if err := json.Unmarshal(data, &out); err != nil || resp.StatusCode != 422 || out.OK || len(out.Diagnostics) == 0 {
				t.Fatalf("%s in %q: %d %s", c.from, lang, resp.StatusCode, data)
			}
			if got := out.Diagnostics[0].Message; got != c.want[lang] {
				t.Errorf("%s in %q: message %q, want %q", c.from, lang, got, c.want[lang])
			}
			if first == nil {
				first = out.Diagnostics
				continue
			}
			if len(out.Diagnostics) != len(first) {
				t.Fatalf("%s in %q: %d diagnostics, %d in English", c.from, lang, len(out.Diagnostics), len(first))
			}
			for i, d := range out.Diagnostics {
				en := first[i]
				if d.Code != en.Code || d.Line != en.Line || d.Column != en.Column {
					t.Errorf("%s in %q: diagnostic %d is %s at %d:%d, in English %s at %d:%d", c.from, lang, i, d.Code, d.Line, d.Column, en.Code, en.Line, en.Column)
				}
			}
		}
	}
	resp, data := do(t, ts, "POST", "/api/import", map[string]any{"from": "mermaid", "source": "flowchart LR\n  A --> B\n", "lang": "de"})
	if resp.StatusCode != 400 || !strings.Contains(string(data), `unknown language \"de\": expected en, fr or zh`) {
		t.Errorf("import lang de: %d %s", resp.StatusCode, data)
	}

	limited := newTest(t, filepath.Join(t.TempDir(), "m.db"), Options{RateLimit: 10000, Burst: 10000, Limits: pipeline.Limits{MaxNodes: 1, MaxEdges: 30, MaxLanes: 10, MaxLabel: 100}})
	for lang, want := range map[string]string{
		"":   "the FlowZap Code imported from the mermaid input is past the limits: the diagram has 2 nodes; the limit is 1: split it into several diagrams",
		"fr": "le code FlowZap importé de l'entrée mermaid dépasse les limites : le diagramme a 2 nœuds ; la limite est de 1 : découpez-le en plusieurs diagrammes",
		"zh": "从 mermaid 输入导入的 FlowZap 代码超出限制：图表有 2 个节点；上限为 1：请拆分为多个图表",
	} {
		resp, data := do(t, limited, "POST", "/api/import", map[string]any{"from": "mermaid", "source": "flowchart LR\n  A --> B\n", "lang": lang})
		var out struct{ Error string }
		if json.Unmarshal(data, &out); resp.StatusCode != 413 || out.Error != want {
			t.Errorf("import past the limits in %q: %d %s, want 413 and %q", lang, resp.StatusCode, data, want)
		}
	}
}
