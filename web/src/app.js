// The flowzap web app: a CodeMirror 6 editor with inline diagnostics and
// quick fixes, a live preview in four views, the template gallery, sharing
// and saving. Everything it knows about FlowZap Code comes from the API.
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { EditorState, Compartment } from "@codemirror/state";
import { defaultKeymap, history as undoHistory, historyKeymap, toggleComment, indentWithTab } from "@codemirror/commands";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { autocompletion, completionKeymap, closeBrackets } from "@codemirror/autocomplete";
import { linter, lintGutter, lintKeymap, openLintPanel } from "@codemirror/lint";
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching } from "@codemirror/language";
import { flowzap } from "./flowzap-lang.js";
import { texts } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);
const state = {
  lang: localStorage.getItem("fz-lang") || ((navigator.language || "en").startsWith("fr") ? "fr" : "en"),
  theme: localStorage.getItem("fz-theme") || "light",
  view: "workflow",
  zoom: 1, panX: 0, panY: 0,
  diagram: null, // {id, version} when editing a saved diagram
  renderSeq: 0,
};
const t = (key, ...args) => { const v = texts[state.lang][key]; return typeof v === "function" ? v(...args) : v; };

async function api(path, body, method = "POST", headers = {}) {
  const res = await fetch(path, {
    method, headers: { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res;
}

// ---------- editor ----------
function toOffset(doc, line, col16) {
  if (line < 1) return 0;
  if (line > doc.lines) return doc.length;
  const l = doc.line(line);
  return Math.min(l.to, l.from + Math.max(0, col16 - 1));
}

async function lintSource(view) {
  const code = view.state.doc.toString();
  let res;
  try { res = await api("/api/validate", { code, view: state.view === "sequence" ? "sequence" : "workflow" }); } catch { return []; }
  if (!res.ok) return [];
  const v = await res.json();
  showStatus(v);
  const all = [...v.errors, ...v.warnings, ...v.infos];
  return all.map((d) => {
    const from = toOffset(view.state.doc, d.line, d.column16);
    let to = toOffset(view.state.doc, d.endLine, d.endColumn16);
    if (to <= from) to = Math.min(view.state.doc.length, from + 1);
    const diag = { from, to, severity: d.severity, message: `${d.message} [${d.code}]` + (d.fix ? ` — ${d.fix}` : ""), source: d.code };
    // Departures from the rules (FZ1xx) have an automatic repair, and so do
    // invalid bytes and control characters.
    if (/^FZ1\d\d$/.test(d.code) || d.code === "FZ001" || d.code === "FZ002") {
      diag.actions = [{ name: t("fix"), apply: () => fixAll() }];
    }
    return diag;
  });
}

const themeCompartment = new Compartment();
const editorTheme = (dark) => EditorView.theme({
  "&": { height: "100%", fontSize: "14px", backgroundColor: dark ? "#0b1120" : "#fff", color: dark ? "#e2e8f0" : "#0f172a" },
  ".cm-scroller": { fontFamily: "'JetBrains Mono', ui-monospace, Menlo, Consolas, monospace" },
  ".cm-gutters": { backgroundColor: dark ? "#111827" : "#f8fafc", color: dark ? "#64748b" : "#94a3b8", border: "none" },
  ".cm-activeLine": { backgroundColor: dark ? "#1e293b55" : "#f1f5f955" },
}, { dark });

const editor = new EditorView({
  parent: $("#editor"),
  state: EditorState.create({
    doc: "",
    extensions: [
      lineNumbers(), undoHistory(), drawSelection(), highlightActiveLine(), bracketMatching(), closeBrackets(),
      highlightSelectionMatches(), autocompletion(), lintGutter(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }), flowzap(),
      linter(lintSource, { delay: 250 }),
      keymap.of([
        { key: "Mod-/", run: toggleComment }, { key: "Shift-Alt-f", run: () => { formatCode(); return true; } },
        { key: "Mod-s", run: () => { save(); return true; }, preventDefault: true },
        indentWithTab, ...lintKeymap, ...completionKeymap, ...searchKeymap, ...historyKeymap, ...defaultKeymap,
      ]),
      themeCompartment.of(editorTheme(state.theme === "dark")),
      EditorView.updateListener.of((u) => { if (u.docChanged) scheduleRender(); }),
    ],
  }),
});
window.fzEditor = editor; // for end-to-end tests and power users
window.fzOpenLintPanel = () => openLintPanel(editor);

function setCode(code) {
  state.fitPending = true;
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: code } });
  scheduleRender(0);
}

// ---------- preview ----------
let renderTimer = null;
function scheduleRender(delay = 25) {
  clearTimeout(renderTimer);
  renderTimer = setTimeout(renderPreview, delay);
}

async function renderPreview() {
  const seq = ++state.renderSeq;
  const code = editor.state.doc.toString();
  let res;
  try { res = await api("/api/render", { code, view: state.view, format: "svg", theme: state.theme }); } catch { return; }
  if (seq !== state.renderSeq) return; // a newer render is on its way
  const stage = $("#stage");
  if (res.ok) {
    const svg = await res.text();
    // The SVG comes from our server, which escapes every label, and the
    // page's CSP forbids inline scripts and handlers, so inserting it as
    // markup can run nothing; it is much faster than an XML parse.
    stage.innerHTML = svg;
    stage.dataset.state = "fresh";
    stage.dataset.renders = String((+stage.dataset.renders || 0) + 1);
    if (state.fitPending) { state.fitPending = false; fit(); }
    $("#stale").hidden = true;
    applyTransform();
  } else {
    stage.dataset.state = "stale";
    $("#stale").hidden = !stage.firstChild;
  }
}

// fit scales the picture to the preview pane (never above 100%).
function fit() {
  const svg = $("#stage svg");
  const pane = $("#preview");
  if (!svg) return;
  const w = parseFloat(svg.getAttribute("width")) || 1, h = parseFloat(svg.getAttribute("height")) || 1;
  state.zoom = Math.min(1, (pane.clientWidth - 32) / w, (pane.clientHeight - 32) / h);
  state.panX = 0; state.panY = 0;
  applyTransform();
}

function applyTransform() {
  const svg = $("#stage svg");
  if (svg) svg.style.transform = `translate(${state.panX}px, ${state.panY}px) scale(${state.zoom})`;
}

function setupPanZoom() {
  const pane = $("#preview");
  pane.addEventListener("wheel", (e) => {
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    state.zoom = Math.min(4, Math.max(0.2, state.zoom * (e.deltaY < 0 ? 1.1 : 1 / 1.1)));
    applyTransform();
  }, { passive: false });
  let drag = null;
  pane.addEventListener("pointerdown", (e) => { drag = { x: e.clientX - state.panX, y: e.clientY - state.panY }; pane.setPointerCapture(e.pointerId); });
  pane.addEventListener("pointermove", (e) => { if (drag) { state.panX = e.clientX - drag.x; state.panY = e.clientY - drag.y; applyTransform(); } });
  pane.addEventListener("pointerup", () => { drag = null; });
  $("#zoom-in").onclick = () => { state.zoom = Math.min(4, state.zoom * 1.2); applyTransform(); };
  $("#zoom-out").onclick = () => { state.zoom = Math.max(0.2, state.zoom / 1.2); applyTransform(); };
  $("#zoom-fit").onclick = fit;
}

function setView(view) {
  state.view = view;
  state.fitPending = true;
  for (const b of document.querySelectorAll("#tabs button")) b.setAttribute("aria-selected", String(b.dataset.view === view));
  const url = new URL(location.href);
  url.searchParams.set("view", view);
  window.history.replaceState(null, "", url);
  scheduleRender(0);
}

// ---------- status, format, fix ----------
function showStatus(v) {
  const s = $("#status");
  const parts = [];
  if (v.errors.length) parts.push(t("errors", v.errors.length));
  if (v.warnings.length) parts.push(t("warnings", v.warnings.length));
  s.textContent = parts.length ? parts.join(" · ") : t("valid");
  s.dataset.level = v.errors.length ? "error" : v.warnings.length ? "warning" : "ok";
}

async function formatCode() {
  const res = await api("/api/format", { code: editor.state.doc.toString() });
  if (res.ok) setCode((await res.json()).code);
}

async function fixAll() {
  const res = await api("/api/fix", { code: editor.state.doc.toString() });
  if (!res.ok) return;
  const out = await res.json();
  if (out.fixed) {
    setCode(out.code);
    toast(t("fixed", out.corrections.length));
  }
}

// ---------- files and downloads ----------
async function download(format) {
  const code = editor.state.doc.toString();
  let blob, name = "diagram." + format;
  if (format === "fz") {
    blob = new Blob([code], { type: "text/plain" });
  } else {
    const res = await api("/api/render", { code, view: state.view, format, theme: state.theme, scale: format === "png" ? 2 : 0 });
    if (!res.ok) { toast((await res.json()).error); return; }
    blob = await res.blob();
  }
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function openFile(file) {
  file.text().then(setCode);
}

// ---------- share and save ----------
function tokens() { return JSON.parse(localStorage.getItem("fz-tokens") || "{}"); }

async function share() {
  const res = await api("/api/playground", { code: editor.state.doc.toString(), view: state.view });
  const out = await res.json();
  if (!res.ok) { toast(out.error); return; }
  const link = location.origin + out.url;
  $("#share-link").value = link;
  $("#share-box").hidden = false;
  $("#share-link").select();
}

async function save() {
  const code = editor.state.doc.toString();
  const tok = state.diagram && tokens()[state.diagram.id];
  let res, out;
  if (tok) {
    res = await api("/api/diagrams/" + state.diagram.id, { code, view: state.view }, "PUT", { Authorization: "Bearer " + tok });
    out = await res.json();
    if (res.ok) { state.diagram.version = out.version; toast(t("saved", out.version)); }
    else toast(out.error);
    return;
  }
  res = await api("/api/diagrams", { code, view: state.view });
  out = await res.json();
  if (!res.ok) { toast(out.error); return; }
  const all = tokens();
  all[out.id] = out.token;
  localStorage.setItem("fz-tokens", JSON.stringify(all));
  state.diagram = { id: out.id, version: out.version };
  window.history.pushState(null, "", "/d/" + out.id + "?view=" + state.view);
  updateSaveLabel();
  toast(t("saved", out.version));
}

function updateSaveLabel() {
  const own = state.diagram && tokens()[state.diagram.id];
  $("#save").textContent = state.diagram && !own ? t("saveCopy") : t("save");
  $("#owner-note").hidden = !(state.diagram && !own);
}

// ---------- templates ----------
let templateCategory = "";
async function showTemplates() {
  $("#gallery").hidden = false;
  $("#gallery-search").focus();
  await loadTemplates();
}

async function loadTemplates() {
  const q = $("#gallery-search").value;
  const res = await fetch(`/api/templates?category=${encodeURIComponent(templateCategory)}&q=${encodeURIComponent(q)}`);
  const data = await res.json();
  const cats = $("#gallery-cats");
  cats.replaceChildren();
  for (const c of [{ id: "", en: t("all"), fr: t("all") }, ...data.categories]) {
    const b = document.createElement("button");
    b.textContent = c[state.lang];
    b.setAttribute("aria-pressed", String(c.id === templateCategory));
    b.onclick = () => { templateCategory = c.id; loadTemplates(); };
    cats.append(b);
  }
  const list = $("#gallery-list");
  list.replaceChildren();
  for (const tpl of data.templates) {
    const card = document.createElement("button");
    card.className = "card";
    card.dataset.id = tpl.id;
    const h = document.createElement("strong");
    h.textContent = tpl.title[state.lang];
    const p = document.createElement("span");
    p.textContent = tpl.description[state.lang];
    card.append(h, p);
    card.onclick = () => openTemplate(tpl.id, tpl.view);
    list.append(card);
  }
}

async function openTemplate(id, view) {
  const res = await fetch("/api/templates/" + encodeURIComponent(id));
  if (!res.ok) return;
  const tpl = await res.json();
  $("#gallery").hidden = true;
  state.diagram = null;
  window.history.pushState(null, "", "/?view=" + (view || "workflow"));
  updateSaveLabel();
  setView(view || "workflow");
  setCode(tpl.code);
}

// ---------- language, theme, toasts ----------
function applyTexts() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  for (const el of document.querySelectorAll("[data-t-title]")) el.title = t(el.dataset.tTitle);
  $("#gallery-search").placeholder = t("search");
  $("#theme").textContent = state.theme === "dark" ? t("lightTheme") : t("theme");
  updateSaveLabel();
}

function applyTheme() {
  document.documentElement.dataset.theme = state.theme;
  editor.dispatch({ effects: themeCompartment.reconfigure(editorTheme(state.theme === "dark")) });
  applyTexts();
  scheduleRender(0);
}

let toastTimer;
function toast(msg) {
  const el = $("#toast");
  el.textContent = msg;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 4000);
}

// ---------- start ----------
function fromBase64URL(s) {
  const b = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(b, (c) => c.charCodeAt(0)));
}

async function start() {
  setupPanZoom();
  for (const b of document.querySelectorAll("#tabs button")) b.onclick = () => setView(b.dataset.view);
  $("#format").onclick = formatCode;
  $("#fix").onclick = fixAll;
  $("#share").onclick = share;
  $("#save").onclick = save;
  $("#templates").onclick = showTemplates;
  $("#gallery-close").onclick = () => { $("#gallery").hidden = true; };
  $("#gallery-search").oninput = () => loadTemplates();
  $("#share-close").onclick = () => { $("#share-box").hidden = true; };
  $("#lang").onclick = () => { state.lang = state.lang === "en" ? "fr" : "en"; localStorage.setItem("fz-lang", state.lang); applyTexts(); if (!$("#gallery").hidden) loadTemplates(); };
  $("#theme").onclick = () => { state.theme = state.theme === "dark" ? "light" : "dark"; localStorage.setItem("fz-theme", state.theme); applyTheme(); };
  for (const b of document.querySelectorAll("[data-download]")) b.onclick = () => download(b.dataset.download);
  $("#open-input").onchange = (e) => { if (e.target.files[0]) openFile(e.target.files[0]); };
  document.addEventListener("dragover", (e) => { e.preventDefault(); document.body.dataset.drop = "1"; });
  document.addEventListener("dragleave", () => { delete document.body.dataset.drop; });
  document.addEventListener("drop", (e) => { e.preventDefault(); delete document.body.dataset.drop; const f = e.dataTransfer.files[0]; if (f) openFile(f); });

  const url = new URL(location.href);
  const view = url.searchParams.get("view");
  if (["workflow", "sequence", "architecture", "mindmap"].includes(view)) state.view = view;
  for (const b of document.querySelectorAll("#tabs button")) b.setAttribute("aria-selected", String(b.dataset.view === state.view));
  applyTheme();
  let code = null;
  try {
    const m = location.pathname.match(/^\/(playground|d)\/([\w-]+)$/);
    if (m && m[1] === "playground") {
      const res = await fetch("/api/playground/" + m[2]);
      if (!res.ok) throw new Error((await res.json()).error);
      const sn = await res.json();
      code = sn.code;
      if (!view) state.view = sn.view;
    } else if (m) {
      const res = await fetch("/api/diagrams/" + m[2]);
      if (!res.ok) throw new Error((await res.json()).error);
      const d = await res.json();
      code = d.code;
      state.diagram = { id: d.id, version: d.version };
      if (!view) state.view = d.view;
    } else if (url.searchParams.get("code")) {
      code = fromBase64URL(url.searchParams.get("code"));
    }
  } catch (err) {
    toast(t("loadFailed") + err.message);
  }
  if (code === null) {
    const res = await fetch("/api/templates/api-gateway");
    code = res.ok ? (await res.json()).code : "";
  }
  for (const b of document.querySelectorAll("#tabs button")) b.setAttribute("aria-selected", String(b.dataset.view === state.view));
  updateSaveLabel();
  setCode(code);
  document.body.dataset.ready = "1";
}

start();
