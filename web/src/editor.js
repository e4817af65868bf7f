// The CodeMirror 6 editor: FlowZap Code highlighting with colours that meet
// WCAG AA in both themes, completion, the checker's diagnostics for the
// current view with a quick fix for each repairable one, and the keyboard
// shortcuts.
import { EditorView, ViewPlugin, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { EditorState, Compartment, StateEffect, Transaction } from "@codemirror/state";
import { defaultKeymap, history as undoHistory, historyKeymap, toggleComment, indentWithTab } from "@codemirror/commands";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { autocompletion, completionKeymap, closeBrackets } from "@codemirror/autocomplete";
import { linter, lintGutter, lintKeymap, openLintPanel, forceLinting } from "@codemirror/lint";
import { syntaxHighlighting, HighlightStyle, bracketMatching } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { flowzap } from "./language.js";
import { fixable } from "./generated.js";
import { t } from "./i18n.js";

const palette = {
  light: { bg: "#ffffff", text: "#0f172a", gutterBg: "#f1f5f9", gutter: "#475569", active: "#e2e8f080",
    heading: "#1d4ed8", comment: "#475569", string: "#166534", operator: "#9a3412", keyword: "#7e22ce",
    type: "#0e7490", atom: "#86198f", property: "#92400e", label: "#334155" },
  dark: { bg: "#0b1120", text: "#e2e8f0", gutterBg: "#111827", gutter: "#a3b1c6", active: "#1e293b80",
    heading: "#93c5fd", comment: "#a3b1c6", string: "#86efac", operator: "#fdba74", keyword: "#d8b4fe",
    type: "#67e8f9", atom: "#f0abfc", property: "#fcd34d", label: "#cbd5e1" },
};

function look(dark) {
  const p = dark ? palette.dark : palette.light;
  return [
    EditorView.theme({
      "&": { height: "100%", fontSize: "14px", backgroundColor: p.bg, color: p.text },
      ".cm-scroller": { fontFamily: "'JetBrains Mono', ui-monospace, Menlo, Consolas, monospace, flowzap-cjk" },
      ".cm-gutters": { backgroundColor: p.gutterBg, color: p.gutter, border: "none" },
      ".cm-activeLine": { backgroundColor: p.active },
      ".cm-activeLineGutter": { backgroundColor: p.active },
      ".cm-content": { caretColor: p.text },
      "&.cm-focused .cm-cursor": { borderLeftColor: p.text },
    }, { dark }),
    syntaxHighlighting(HighlightStyle.define([
      { tag: tags.heading, color: p.heading, fontWeight: "600" },
      { tag: tags.comment, color: p.comment, fontStyle: "italic" },
      { tag: tags.string, color: p.string },
      { tag: tags.operator, color: p.operator },
      { tag: tags.keyword, color: p.keyword, fontWeight: "600" },
      { tag: tags.typeName, color: p.type },
      { tag: tags.atom, color: p.atom },
      { tag: tags.propertyName, color: p.property },
      { tag: tags.variableName, color: p.text },
      { tag: tags.labelName, color: p.label },
      { tag: tags.bracket, color: p.comment },
    ])),
  ];
}

// The cursor blinks only while nothing happens (as in most code editors):
// CodeMirror's own blinking restarts its animation at every keystroke and
// every cursor move, and starting an animation costs the key's frame
// several milliseconds (an editor alone with the 200-node diagram: key to
// painted frame p50 14.8 ms with it, 8.6 ms without; in the app with every
// core busy, 150 keys at 60 ms: p50 76-93 ms with it, 57-64 ms without;
// docs/benchmarks.md). So its blink rate is 0
// (a steady cursor) and idleBlink starts a blink of our own after a pause
// (the class fz-blink, app.css), stopped again by the next edit or move.
// Not under reduced motion.
const blinkAfter = 600;
const idleBlink = ViewPlugin.fromClass(class {
  constructor(view) { this.view = view; this.timer = 0; this.el = null; this.restart(); }
  // The cursor layer (drawSelection's), looked up once while it stays.
  layer() {
    if (!this.el?.isConnected) this.el = this.view.scrollDOM.querySelector(":scope > .cm-cursorLayer");
    return this.el;
  }
  update(u) { if (u.docChanged || u.selectionSet || u.focusChanged) this.restart(); }
  restart() {
    const l = this.layer();
    if (l && l.classList.contains("fz-blink")) l.classList.remove("fz-blink");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.layer()?.classList.add("fz-blink"), blinkAfter);
  }
  destroy() { clearTimeout(this.timer); }
});

function toOffset(doc, line, col16) {
  if (line < 1) return 0;
  if (line > doc.lines) return doc.length;
  const l = doc.line(line);
  return Math.min(l.to, l.from + Math.max(0, col16 - 1));
}

// recheck asks the linter to run again on the same text (the view changed).
const recheck = StateEffect.define();

/** lineChanges returns the changes that turn old into text line by line
 *  (lines both have stay untouched, so the cursor keeps its line). */
export function lineChanges(old, text) {
  const a = old.split("\n"), b = text.split("\n");
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const offsets = [0];
  for (const line of a) offsets.push(offsets[offsets.length - 1] + line.length + 1);
  // edit replaces the lines [i0, i1) of old by the lines [j0, j1) of text.
  const edit = (i0, i1, j0, j1) => {
    const lines = b.slice(j0, j1).join("\n");
    if (i1 > i0 && j1 > j0) return { from: offsets[i0], to: offsets[i1] - 1, insert: lines };
    if (i1 > i0) { // deletion: take a line end with the lines
      return i1 < a.length ? { from: offsets[i0], to: offsets[i1] } : { from: Math.max(0, offsets[i0] - 1), to: old.length };
    }
    return i0 < a.length ? { from: offsets[i0], insert: lines + "\n" } : { from: old.length, insert: "\n" + lines };
  };
  const n = a.length - pre - suf, m = b.length - pre - suf;
  if (n === 0 && m === 0) return [];
  if (n * m > 4e6 || n === 0 || m === 0) return [edit(pre, pre + n, pre, pre + m)];
  // Longest common subsequence of the middle lines.
  const w = m + 1, dp = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * w + j] = a[pre + i] === b[pre + j] ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
    }
  }
  const changes = [];
  let i = 0, j = 0, i0 = 0, j0 = 0;
  const flush = () => { if (i > i0 || j > j0) changes.push(edit(pre + i0, pre + i, pre + j0, pre + j)); };
  while (i < n && j < m) {
    if (a[pre + i] === b[pre + j]) { flush(); i++; j++; i0 = i; j0 = j; }
    else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1]) i++;
    else j++;
  }
  i = n; j = m;
  flush();
  return changes;
}

// Characters whose typing the editor may turn into something else (a
// closing bracket or quote added, or typed over): no prediction for them.
const unpredictable = /[()[\]{}'"\r\n]/;

/** predictInsert returns the text that typing e.data (a beforeinput event
 *  of the plain "insertText" kind) over the editor's one selection makes,
 *  or null when that is not certain (other kinds of input, several
 *  selections, an input method composing, brackets and quotes). */
export function predictInsert(state, e) {
  if (e.inputType !== "insertText" || e.isComposing || typeof e.data !== "string" || !e.data || e.data.length > 64 || unpredictable.test(e.data)) return null;
  return typedOver(state, e.data);
}

// typedOver returns the text that typing text over the editor's one
// selection makes, or null when it has several.
function typedOver(state, text) {
  if (state.selection.ranges.length !== 1) return null;
  const { from, to } = state.selection.main;
  return state.doc.sliceString(0, from) + text + state.doc.sliceString(to);
}

/** plainKey returns the character a keydown types as it is (a letter, a
 *  digit, a space, punctuation that the editor does not pair), or null:
 *  any modifier but Shift, an input method, a key of several characters
 *  or of none (Enter, Tab, "Unidentified" on some phones). */
export function plainKey(e) {
  if (e.defaultPrevented || e.isComposing || e.keyCode === 229 || e.ctrlKey || e.metaKey || e.altKey) return null;
  if (typeof e.key !== "string" || e.key.length !== 1 || unpredictable.test(e.key)) return null;
  return e.key;
}

// typeEarly types a plain character itself, in the key's own task, and
// lets the app draw its picture there too: early(code) starts the picture
// of code, the text the key makes, and returns a function that waits a
// little for it (or null: the key then goes the usual way). The frame the
// browser starts right after the key then shows both the character and
// its picture, where otherwise the character comes in a later task and
// its picture a tick of the frame clock after it (docs/wasm.md, *A plain
// character is typed in its key's own task*). Only a plain character
// typed over one selection, in an editable editor that has the focus.
function typeEarly(view, early) {
  // swallow: the character typed here, whose own text input (which a
  // browser sends after an unprevented keydown only; a test driver may
  // send it anyway) must not type it again.
  let swallow = null;
  view.dom.addEventListener("keydown", (e) => {
    swallow = null;
    const ch = plainKey(e);
    if (ch === null || e.target !== view.contentDOM || view.composing || view.state.readOnly || !view.state.facet(EditorView.editable)) return;
    const code = typedOver(view.state, ch);
    const wait = code === null ? null : early(code);
    if (!wait) return;
    e.preventDefault();
    // The editor updates its text while the picture is drawn in the
    // worker; then the picture is waited for.
    view.dispatch(view.state.update(view.state.replaceSelection(ch), { scrollIntoView: true, userEvent: "input.type" }));
    swallow = { ch, at: e.timeStamp };
    wait();
  }, true);
  view.dom.addEventListener("beforeinput", (e) => {
    const s = swallow;
    swallow = null;
    if (s && e.inputType === "insertText" && e.data === s.ch && e.timeStamp - s.at < 1000) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, true);
}

/**
 * createEditor builds the editor in parent. hooks:
 *   check(code) -> Promise<validate answer | null>  (null: nothing to show)
 *   fixOne(diagnostic) -> Promise<void>
 *   changed(code), save(), format(), predict(code), early(code) (optional)
 * changed gets the new text before the editor has updated its own display,
 * so that the picture of an edit is asked for first thing (the module
 * draws it in its worker while this page redraws the editor). predict gets
 * the text a typed character is about to make, earlier still: on the key's
 * beforeinput, before the browser has edited the page and the editor has
 * read the edit back (a few milliseconds on a long text), so its picture
 * can be started then; changed follows with the text the edit really made.
 */
export function createEditor(parent, hooks) {
  const lookC = new Compartment(), attrsC = new Compartment(), historyC = new Compartment();
  const source = async (view) => {
    const v = await hooks.check(view.state.doc.toString());
    if (!v || view.state.doc.toString() !== v.code) return [];
    const all = [...v.errors, ...v.warnings, ...v.infos];
    return all.map((d) => {
      const from = toOffset(view.state.doc, d.line, d.column16);
      let to = toOffset(view.state.doc, d.endLine, d.endColumn16);
      if (to <= from) to = Math.min(view.state.doc.length, from + 1);
      // Where the problem is (line:column, as the status line and the
      // other tools count) leads its message in the list and the tooltip.
      const diag = { from, to, severity: d.severity, message: `${d.line}:${d.column} ${d.message} [${d.code}]` + (d.fix ? ` — ${d.fix}` : ""), source: d.code };
      if (fixable.includes(d.code)) diag.actions = [{ name: t("fix"), apply: () => hooks.fixOne(d) }];
      return diag;
    });
  };
  const view = new EditorView({
    parent,
    dispatchTransactions(trs, v) {
      const changed = trs.some((tr) => tr.docChanged);
      if (changed) hooks.changed(trs[trs.length - 1].state.doc.toString());
      v.update(trs);
    },
    state: EditorState.create({
      doc: "",
      extensions: [
        lineNumbers(), historyC.of(undoHistory()), drawSelection({ cursorBlinkRate: 0 }), idleBlink, highlightActiveLine(), bracketMatching(), closeBrackets(),
        highlightSelectionMatches(), autocompletion(), lintGutter(), flowzap(),
        linter(source, { delay: 250, needsRefresh: (u) => u.transactions.some((tr) => tr.effects.some((e) => e.is(recheck))) }),
        keymap.of([
          { key: "Mod-/", run: toggleComment },
          { key: "Shift-Alt-f", run: () => { hooks.format(); return true; } },
          { key: "Mod-s", run: () => { hooks.save(); return true; }, preventDefault: true },
          indentWithTab, ...lintKeymap, ...completionKeymap, ...searchKeymap, ...historyKeymap, ...defaultKeymap,
        ]),
        lookC.of(look(false)),
        attrsC.of([]),
      ],
    }),
  });
  let isDark = false, ariaLabel = ""; // the look and label the editor has
  if (hooks.early) typeEarly(view, hooks.early);
  if (hooks.predict) {
    view.contentDOM.addEventListener("beforeinput", (e) => {
      const code = predictInsert(view.state, e);
      if (code !== null) hooks.predict(code);
    });
  }
  return {
    view,
    code: () => view.state.doc.toString(),
    /** setCode replaces the text. Without keepCursor it loads another
     *  document: the undo history starts afresh (undo right after a load
     *  must not empty the editor or bring the last document back). With
     *  keepCursor (a format, a fix, a gesture on the canvas) only the
     *  changed middle is replaced, as one step that undo takes back, and
     *  the cursor and scroll stay where they were. */
    setCode(code, { keepCursor = false } = {}) {
      const old = view.state.doc.toString();
      if (old === code) return;
      if (!keepCursor) {
        view.dispatch({
          changes: { from: 0, to: old.length, insert: code }, selection: { anchor: 0 }, scrollIntoView: true,
          annotations: Transaction.addToHistory.of(false), effects: historyC.reconfigure([]),
        });
        view.dispatch({ effects: historyC.reconfigure(undoHistory()) });
        return;
      }
      view.dispatch({ changes: lineChanges(old, code) });
    },
    // The two reconfigure the editor, which costs it a restyle and a
    // redraw (tens of milliseconds at the page's start): each only when
    // its look or label changes.
    setDark(dark) {
      if (dark === isDark) return;
      isDark = dark;
      view.dispatch({ effects: lookC.reconfigure(look(dark)) });
    },
    relabel() {
      const label = t("editorLabel");
      if (label === ariaLabel) return;
      ariaLabel = label;
      view.dispatch({ effects: attrsC.reconfigure(EditorView.contentAttributes.of({ "aria-label": label, "aria-describedby": "editor-help", tabindex: "0" })) });
    },
    relint() { view.dispatch({ effects: recheck.of(null) }); forceLinting(view); },
    openPanel() { openLintPanel(view); },
    focus() { view.focus(); },
  };
}
