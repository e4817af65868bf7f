package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserDiagnosticsLanguage: the engine's messages follow the
// interface's language: after choosing French, a bad line's entry in the
// problem list and its tooltip are in French, with the fix; choosing
// Chinese then turns the open list and the tooltip to Chinese at once; the
// mind map's note still names what it leaves out, and a quick fix's
// message is in the language too. With the module, and through the server.
func TestBrowserDiagnosticsLanguage(t *testing.T) {
	inBothModes(t, func(a *app) { diagnosticsLanguage(a.t, a) })
}

// inBothModes runs f in the app twice, as subtests: drawing and checking
// with the WebAssembly module ("local"), then with the module refused,
// through the server ("server").
func inBothModes(t *testing.T, f func(a *app)) {
	for _, mode := range []string{"local", "server"} {
		t.Run(mode, func(t *testing.T) {
			var a *app
			if mode == "local" {
				a = newApp(t, 1366, 800)
			} else {
				a, _ = newProbedApp(t, "/assets/wasm/", "")
			}
			a.poll(`window.fzEngine.mode === "`+mode+`"`, "the engine's mode")
			f(a)
		})
	}
}

func diagnosticsLanguage(t *testing.T, a *app) {
	hover := func() {
		a.mouse(chromedp.MouseMoved, 5, 5)
		x := val[float64](a, `(() => { const r = document.querySelector(".cm-lintRange-error").getBoundingClientRect(); return r.left + r.width / 2; })()`)
		y := val[float64](a, `(() => { const r = document.querySelector(".cm-lintRange-error").getBoundingClientRect(); return r.top + r.height / 2; })()`)
		a.mouse(chromedp.MouseMoved, x, y)
	}
	entry := `[...document.querySelectorAll(".cm-panel-lint .cm-diagnostic")].map((d) => d.textContent).join("\n")`

	a.chooseLanguage("fr")
	a.poll(`document.querySelector("#templates").textContent === "Modèles"`, "the French interface")
	a.setCode(broken)
	a.poll(`document.querySelectorAll(".cm-lintRange-error").length >= 1`, "the error underlined")
	a.js(`window.fzEditor.dispatch({selection: {anchor: 0}}); window.fzOpenLintPanel()`)
	a.poll(entry+`.includes('3:7 forme inconnue "hexagon" : attendu circle, rectangle, diamond ou taskbox [FZ008]')`, "the French entry in the problem list")
	if got := a.val(entry); !strings.Contains(got, "utilisez circle (début/fin)") {
		t.Errorf("the French entry has no French fix: %q", got)
	}
	hover()
	a.poll(`document.querySelector(".cm-tooltip-lint")?.textContent.includes('forme inconnue "hexagon" : attendu')`, "the French tooltip")

	// The open list follows a change of language.
	a.chooseLanguage("zh")
	a.poll(entry+`.includes('3:7 未知的形状 "hexagon"：应为 circle、rectangle、diamond 或 taskbox [FZ008]')`, "the Chinese entry in the problem list")
	hover()
	a.poll(`document.querySelector(".cm-tooltip-lint")?.textContent.includes('未知的形状 "hexagon"：应为')`, "the Chinese tooltip")

	// The mind map's note names the nodes it leaves out from the code, in
	// any language.
	a.setCode("m { # Map\n  n1: circle label:\"Launch\"\n  n2: rectangle label:\"Plan\"\n  n3: diamond label:\"Ready?\"\n  n1.handle(right) -> n2.handle(left)\n  n2.handle(right) -> n3.handle(left)\n}\n")
	a.click(`#tabs [data-view="mindmap"]`)
	a.poll(`!document.querySelector("#view-note").hidden && document.querySelector("#view-note").textContent === "思维导图省略了 1 个节点：n3 “Ready?”。"`, "the mind map's note in Chinese")
	a.click(`#tabs [data-view="workflow"]`)

	// A quick fix says what it did in French.
	a.chooseLanguage("fr")
	a.setCode(gapped)
	a.js(`window.fzEditor.dispatch({selection: {anchor: 0}}); window.fzOpenLintPanel()`)
	a.poll(`document.querySelectorAll(".cm-panel-lint .cm-diagnostic button").length === 1`, "the fix button")
	a.click(".cm-panel-lint .cm-diagnostic button")
	a.toast("1 nœud(s) renuméroté(s) de n1 à n2 dans l'ordre d'apparition")
	a.chooseLanguage("en")
}

// TestBrowserPatchErrorLanguage: a canvas edit the engine refuses (a loop
// condition holding "]") is answered in the interface's language: the
// toast is French from its frame to the engine's reason, and the code
// stays as it was. With the module, and through the server.
func TestBrowserPatchErrorLanguage(t *testing.T) {
	inBothModes(t, func(a *app) {
		a.chooseLanguage("fr")
		a.poll(`document.querySelector("#templates").textContent === "Modèles"`, "the French interface")
		a.load(canvasCode, "workflow")
		start := a.code()
		x, y := a.where("loop", "loop1")
		a.dblclickAt(x, y)
		a.typeInPlace("a]b", false)
		a.toast(`Le diagramme ne peut pas être modifié : opération 1 (updateLoop) : label : une condition de boucle ne peut pas contenir "]" (au caractère 2) : le langage termine la condition au premier ] ; rien n'a été modifié`)
		if got := a.code(); got != start {
			a.t.Errorf("the refused edit changed the code:\n%s", got)
		}
	})
}

// TestBrowserRefusalLanguage: the server's own refusals shown in the app
// (a snapshot that is not there, a template that does not exist) come in
// the interface's language: the app names it in Accept-Language.
func TestBrowserRefusalLanguage(t *testing.T) {
	a := newApp(t, 1366, 800)
	a.chooseLanguage("fr")
	a.open("/playground/nope")
	a.toast(`introuvable : aucun instantané ni session de bac à sable "nope"`)
	a.chooseLanguage("zh")
	a.open("/?template=nope")
	a.toast(`没有模板 "nope"`)
	a.chooseLanguage("en")
	a.open("/?template=nope")
	a.toast(`no template "nope"`)
}
