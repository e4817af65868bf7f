package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowzap/internal/diag"
)

// TestLocalizedDiagnostics checks real bad inputs give their messages,
// fixes and notes in French and Chinese, and the same English bytes as
// before for "" and "en".
func TestLocalizedDiagnostics(t *testing.T) {
	cases := []struct {
		code         string
		want         diag.Code
		en, fr, zh   string
		fixFR, fixZH string
	}{
		{code: "ops { # Ops\n  n1: circle label:\"Start\"\n  n1.handle(right) -> n9.handle(left)\n}\n", want: diag.UndefinedNode,
			en: `undefined node "n9": expected the ID of a node declared in some lane`,
			fr: `nœud "n9" non défini : attendu l'ID d'un nœud déclaré dans un couloir`,
			zh: `未定义的节点 "n9"：应为某条泳道中已声明的节点 ID`},
		{code: "ops { # Ops\n  n1: circle label:\"Start\"\n  n2: hexagon label:\"X\"\n  n1.handle(right) -> n2.handle(left)\n}\n", want: diag.UnknownShape,
			en:    `unknown shape "hexagon": expected circle, rectangle, diamond or taskbox`,
			fr:    `forme inconnue "hexagon" : attendu circle, rectangle, diamond ou taskbox`,
			zh:    `未知的形状 "hexagon"：应为 circle、rectangle、diamond 或 taskbox`,
			fixFR: "utilisez circle (début/fin), rectangle (étape), diamond (décision) ou taskbox (tâche)",
			fixZH: "使用 circle（开始/结束）、rectangle（步骤）、diamond（判断）或 taskbox（任务）"},
		{code: "ops { # Ops\n  n1: circle label:\"Start\"\n  n1 n2\n}\n", want: diag.Syntax,
			en: `expected "{", ":" or "->" after "n1", found "n2"`,
			fr: `attendu "{", ":" ou "->" après "n1", trouvé "n2"`,
			zh: `应为"n1" 之后的"{"、":"或"->"，实际为"n2"`},
		{code: "ops { # Ops\n  n1: circle label:\"Start\" label:\"Again\"\n}\n", want: diag.DuplicateAttr,
			en: `attribute "label" given twice: expected each key once`,
			fr: `attribut "label" donné deux fois : attendu chaque clé une seule fois`,
			zh: `属性 "label" 给出了两次：每个键应只出现一次`},
		{code: "ops { # Ops\n  n1: circle label:\"Start\n}\n", want: diag.UnterminatedStr,
			en: `unterminated string: expected a closing " before the end of the line`,
			fr: `chaîne non terminée : attendu un " fermant avant la fin de la ligne`,
			zh: `字符串未结束：行尾之前应有闭合的"`},
	}
	for _, c := range cases {
		res := Check("input.fz", []byte(c.code), Options{})
		var d *diag.Diagnostic
		for i := range res.Diags {
			if res.Diags[i].Code == c.want {
				d = &res.Diags[i]
				break
			}
		}
		if d == nil {
			t.Errorf("%q: no %s in %v", c.code, c.want, res.Diags)
			continue
		}
		if d.Msg != c.en {
			t.Errorf("%q: English %q, want %q", c.code, d.Msg, c.en)
		}
		for _, l := range []struct{ lang, msg, fix string }{{"fr", c.fr, c.fixFR}, {"zh", c.zh, c.fixZH}} {
			msg, fix, _ := d.In(l.lang)
			if msg != l.msg {
				t.Errorf("%q in %s: %q, want %q", c.code, l.lang, msg, l.msg)
			}
			if l.fix != "" && fix != l.fix {
				t.Errorf("%q in %s: fix %q, want %q", c.code, l.lang, fix, l.fix)
			}
		}
		// The report in English is the same bytes, localized or not.
		en, _ := json.Marshal(res.Report())
		for _, lang := range []string{"", "en"} {
			got, _ := json.Marshal(res.Report().Localize(lang))
			if string(got) != string(en) {
				t.Errorf("%q: the report in %q differs from English", c.code, lang)
			}
		}
	}
}

// TestLocalizedNotesAndCorrections checks a duplicate's note and the
// fixer's corrections are translated too.
func TestLocalizedNotesAndCorrections(t *testing.T) {
	code := "ops { # Ops\n  n1: circle label:\"A\"\n  n1: rectangle label:\"B\"\n}\n"
	rep := Check("input.fz", []byte(code), Options{}).Report().Localize("fr")
	if len(rep.Errors) == 0 || len(rep.Errors[0].Notes) == 0 {
		t.Fatalf("no error with a note: %+v", rep.Errors)
	}
	if got, want := rep.Errors[0].Message, `ID de nœud "n1" en double : attendu chaque ID de nœud une seule fois`; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if got, want := rep.Errors[0].Notes[0].Message, `"n1" défini ici en premier`; got != want {
		t.Errorf("note %q, want %q", got, want)
	}
	src := []byte("ops { # Ops\n  n1: circle label:\"A\"\n  n2: Rectangle label:\"B\"\n  n1.handle(right) --> n2.handle(left)\n}\n")
	res := Fix("input.fz", src)
	zh := NewFixReport(res, src).Localize("zh")
	en := NewFixReport(res, src)
	if len(zh.Corrections) == 0 || len(zh.Corrections) != len(en.Corrections) {
		t.Fatalf("corrections: %+v", zh.Corrections)
	}
	for i, c := range zh.Corrections {
		if c.Msg == en.Corrections[i].Msg || !strings.ContainsAny(c.Msg, "将写删") {
			t.Errorf("correction %d not in Chinese: %q (English %q)", i, c.Msg, en.Corrections[i].Msg)
		}
	}
}

// TestLocalizedCorpora checks every message, fix, note and correction the
// test corpora make (in every view, strict or not) reads differently in
// French and in Chinese: a text built without its format (a fix made by
// concatenation, a message left a plain string) would stay English.
func TestLocalizedCorpora(t *testing.T) {
	var files []string
	for _, g := range []string{"../compile/testdata/errors/*.fz", "../fix/testdata/*", "../../examples/*.fz", "../../test/wasm/testdata/*"} {
		m, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("only %d files", len(files))
	}
	seen := 0
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		for _, view := range Views {
			for _, strict := range []bool{false, true} {
				res := Check("input.fz", src, Options{View: view, Strict: strict})
				for _, d := range res.Diags {
					for _, lang := range []string{"fr", "zh"} {
						msg, fix, notes := d.In(lang)
						if msg == d.Msg {
							t.Errorf("%s %s: %s message not translated: %q", name, d.Code, lang, d.Msg)
						}
						if d.Fix != "" && fix == d.Fix {
							t.Errorf("%s %s: %s fix not translated: %q", name, d.Code, lang, d.Fix)
						}
						for i, n := range d.Notes {
							if notes[i] == n.Msg {
								t.Errorf("%s %s: %s note not translated: %q", name, d.Code, lang, n.Msg)
							}
						}
					}
					seen++
				}
			}
		}
		res := Fix("input.fz", src)
		en := NewFixReport(res, src)
		for _, lang := range []string{"fr", "zh"} {
			for i, c := range NewFixReport(res, src).Localize(lang).Corrections {
				if c.Msg == en.Corrections[i].Msg {
					t.Errorf("%s: %s correction not translated: %q", name, lang, c.Msg)
				}
			}
		}
	}
	if seen < 100 {
		t.Errorf("only %d diagnostics seen", seen)
	}
}
