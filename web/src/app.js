// The flowzap web app: a CodeMirror 6 editor with inline diagnostics and
// quick fixes, a live preview in four views, the template gallery, files,
// sharing, saving with names and version history, in English, French and
// Chinese, light and dark. Everything it knows about FlowZap Code comes from
// the API and from generated.js (written from the Go sources).
//
// Modules: editor.js (CodeMirror), language.js (highlighting and
// completion), preview.js (picture, tabs, zoom), doc.js (the document,
// drafts, history navigation), diagrams.js (share, save, versions), files.js
// (downloads, open), gallery.js (templates), ui.js (dialogs, menus),
// i18n.js (texts), state.js (state and local storage), api.js (the
// server's API) and engine.js (the pipeline in this browser: the
// WebAssembly module in a worker, or the server until it has loaded).
import { $, $$, toast, hideToast, staleToast, setupModals, setupConfirm, closeModal, bytes, copyText } from "./ui.js";
import { get, firstError } from "./api.js";
import * as engine from "./engine.js";
import { t, setLanguage, language, pickLanguage, local } from "./i18n.js";
import { state, pref, setPref } from "./state.js";
import { views, maxCodeBytes, home } from "./generated.js";
import { createEditor, lineChanges } from "./editor.js";
import { setupPreview, render, showTab, showViewNotes, fit, paneShown } from "./preview.js";
import { bindDoc, load, go, changed, setupHistory, tooLarge, byteSize, banner, clearBanner } from "./doc.js";
import { setupDiagrams, updateOwnerUI, acceptEditLink, fromBase64URL } from "./diagrams.js";
import { setupFiles } from "./files.js";
import { setupGallery, showGallery, fill as fillGallery } from "./gallery.js";
import { isStatic, fromCode, loadGallery, keepOffline } from "./static.js";
import { setupCanvas } from "./canvas.js";
import { setupGestures, relabelCanvas } from "./canvas-gestures.js";
import { setupToolbar, fold } from "./toolbar.js";


// ---------- checking and drawing ----------
function showStatus(v, message) {
  const s = $("#status");
  // Show problems opens the problem list (Ctrl-Shift-M without a keyboard).
  $("#problems").hidden = !v || !(v.errors.length + v.warnings.length + v.infos.length);
  if (message) { s.textContent = message; s.dataset.level = "error"; return; }
  const parts = [];
  if (v.errors.length) parts.push(t("errors", v.errors.length));
  if (v.warnings.length) parts.push(t("warnings", v.warnings.length));
  const notes = v.infos.length ? " · " + t("infos", v.infos.length) : "";
  s.textContent = (parts.length ? parts.join(" · ") : t("valid")) + notes;
  s.dataset.level = v.errors.length ? "error" : v.warnings.length ? "warning" : "ok";
}

// checkSeq counts the checks asked for: an answer to one that a newer
// check has followed is dropped (through the server, answers may come
// back out of order, and the older one would leave its status behind).
let checkSeq = 0;

async function check(code) {
  const seq = ++checkSeq;
  if (!code.trim()) {
    // One empty state: the preview's hint says what to do; the status line
    // claims nothing ("No problems" about no code contradicted it).
    const s = $("#status");
    s.textContent = "";
    delete s.dataset.level;
    $("#problems").hidden = true;
    showViewNotes([]);
    return null;
  }
  if (tooLarge(code)) { showStatus(null, t("tooLarge", bytes(byteSize(code)), bytes(maxCodeBytes))); return null; }
  const view = state.view;
  const r = await engine.check(code, view);
  if (seq !== checkSeq || r.cancelled || r.none) return null;
  if (!r.ok) { showStatus(null, t(engine.engine.mode === "local" ? "cannotDraw" : "serverRefused", r.data.error)); return null; }
  if (view !== state.view) return null; // the tab changed meanwhile: a new check follows
  showStatus(r.data);
  showViewNotes(r.data.infos, code);
  return { ...r.data, code };
}

// Drawing: in this browser every edit is drawn at once (the worker drops
// what a newer edit makes stale); through the server, 25 ms after the last
// keystroke.
let renderTimer = null;
function scheduleRender(delay = 25, newCode = null) {
  clearTimeout(renderTimer);
  const now = () => {
    const code = newCode ?? editor.code();
    render(code, tooLarge(code) ? t("tooLarge", bytes(byteSize(code)), bytes(maxCodeBytes)) : "");
  };
  if (engine.engine.mode === "local" || delay === 0) now();
  else { newCode = null; renderTimer = setTimeout(now, delay); }
}

// ---------- format and fix ----------
async function formatCode() {
  const code = editor.code();
  if (tooLarge(code)) { toast(t("tooLarge", bytes(byteSize(code)), bytes(maxCodeBytes))); return; }
  const r = await engine.format(code);
  if (r.none) return;
  if (!r.ok) {
    const e = firstError(r.data);
    toast(r.status === 422 ? t("formatBlocked", e.count, e.line) : r.data.error);
    return;
  }
  if (r.data.code === code) { toast(t("alreadyFormatted")); return; }
  editor.setCode(r.data.code, { keepCursor: true });
  toast(t("formatted"));
}

async function fixAll() {
  const code = editor.code();
  if (tooLarge(code)) { toast(t("tooLarge", bytes(byteSize(code)), bytes(maxCodeBytes))); return; }
  const r = await engine.fix(code);
  if (r.none) return;
  if (!r.ok) { toast(r.data.error); return; }
  if (!r.data.fixed) {
    const e = r.data.diagnostics.find((d) => d.severity === "error") || r.data.diagnostics[0];
    toast(e ? t("fixBlocked", `${e.message} [${e.code}]`, e.line) : t("nothingToFix"));
    return;
  }
  if (!r.data.corrections.length || r.data.code === code) { toast(t("nothingToFix")); return; }
  editor.setCode(r.data.code, { keepCursor: true });
  toast(t("fixed", r.data.corrections.length));
}

async function fixOne(d) {
  const code = editor.code();
  const r = await engine.fixOne(code, d);
  if (r.none) return;
  if (!r.ok) { toast(r.data.error); return; }
  if (!r.data.fixed || editor.code() !== code) { toast(t("fixOneFailed")); return; }
  editor.setCode(r.data.code, { keepCursor: true });
  if (r.data.corrections[0]) toast(r.data.corrections[0].message);
}

// ---------- views, texts, theme ----------
function setView(view) {
  if (!views.includes(view) || view === state.view) return;
  state.view = view;
  state.autoFit = true;
  state.fitWhole = false; // a new picture opens readable on a phone (preview.js fit)
  showTab();
  const url = new URL(location.href);
  url.searchParams.set("view", view);
  history.replaceState(null, "", url);
  state.url = location.href;
  showViewNotes([]);
  scheduleRender(0);
  editor.relint(); // the diagnostics follow the view
}

function applyTexts() {
  document.documentElement.lang = language() === "zh" ? "zh-CN" : language();
  for (const e of $$("[data-t]")) e.textContent = t(e.dataset.t);
  for (const e of $$("[data-t-title]")) e.title = t(e.dataset.tTitle);
  for (const e of $$("[data-t-label]")) e.setAttribute("aria-label", t(e.dataset.tLabel));
  for (const e of $$("[data-t-placeholder]")) e.placeholder = t(e.dataset.tPlaceholder);
  $("#lang").value = language();
  $("#theme").textContent = state.theme === "dark" ? t("lightTheme") : t("darkTheme");
  $("#theme").setAttribute("aria-pressed", String(state.theme === "dark"));
  $("#panes").setAttribute("aria-label", t("views"));
  editor.relabel();
  relabelCanvas();
  showTab();
  fold();
  updateOwnerUI();
}

function applyTheme() {
  document.documentElement.dataset.theme = state.theme;
  editor.setDark(state.theme === "dark");
  applyTexts();
  scheduleRender(0);
}

function showPane(pane) {
  // The ☰ panel closes: left open, it covered the top of the pane just
  // shown (the picture's view tabs).
  setMore(false);
  document.body.dataset.pane = pane;
  for (const b of $$("#panes button")) b.setAttribute("aria-pressed", String(b.dataset.pane === pane));
  // The bar over the picture folds at once, not at the resize observer's
  // next call: until then the page was as wide as the unfolded bar (917
  // px in French on a 390 px phone) for a script that measured it.
  if (pane === "preview") fold();
  if (pane === "preview") requestAnimationFrame(() => { if (state.autoFit) fit(); });
}

// ---------- routing ----------
/** route loads what the URL names: a saved diagram, a snapshot, a template, a code link or the start page. */
async function route() {
  const url = new URL(location.href);
  const view = url.searchParams.get("view");
  const m = url.pathname.match(/^\/(playground|d)\/([\w-]+)$/);
  $("#share-box").hidden = true;
  hideToast(); // a message about the page left behind is no longer true
  for (const id of ["gallery", "mine-dialog", "history-dialog"]) closeModal(id);
  const fail = (msg) => toast(t("loadFailed", msg));
  if (m && m[1] === "d") {
    acceptEditLink(m[2]);
    const [r, vr] = await Promise.all([get("/api/diagrams/" + m[2]), get(`/api/diagrams/${m[2]}/versions`)]);
    if (r.ok) {
      const name = vr.ok ? vr.data.name || "" : "";
      load(r.data.code, { origin: "d:" + m[2], doc: { id: r.data.id, version: r.data.version, versions: r.data.versions }, name, view: view || r.data.view });
      return done();
    }
    if (r.status === 404) {
      // Not the sample under this diagram's address: an empty editor, a
      // note that stays, and the way to a new diagram.
      load("", { origin: "missing", restoreDraft: false });
      banner("missing", t("missing", m[2]), [[t("newDiagram"), () => go("/")]]);
      return done();
    }
    fail(r.data.error);
  } else if (m) {
    const r = await get("/api/playground/" + m[2]);
    if (r.ok) {
      load(r.data.code, { origin: "p:" + m[2], doc: { snapshot: m[2] }, view: view || r.data.view });
      banner("snapshot", t("snapshot"), [[t("copy"), () => copyText(location.href)]], "info");
      return done();
    }
    fail(r.data.error);
  } else {
    const hash = new URLSearchParams(url.hash.slice(1));
    const encoded = hash.get("code") ?? url.searchParams.get("code");
    if (encoded !== null) {
      let code = null;
      try { code = await fromCode(encoded, fromBase64URL); } catch { toast(t("badCodeLink")); }
      if (code !== null) {
        load(code, { origin: "code:" + hashOf(encoded), view: hash.get("view") || view });
        return done();
      }
    }
    const tpl = url.searchParams.get("template");
    if (tpl) {
      const r = await get("/api/templates/" + encodeURIComponent(tpl));
      if (r.ok) {
        // The template's title names the diagram (and its downloads).
        load(r.data.code, { origin: "t:" + tpl, view: view || r.data.view, name: local(r.data.title) || "" });
        return done();
      }
      fail(r.data.error);
    }
  }
  // The home page's template comes with the bundle: no fetch before the
  // first picture.
  load(home.code, { origin: "home", view: view || "workflow" });
  done();
}

function done() {
  showTab();
  updateOwnerUI();
  document.body.dataset.ready = "1";
}

function hashOf(s) {
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = (h * 33 + s.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

async function openTemplate(tpl) {
  await go(`/?template=${encodeURIComponent(tpl.id)}&view=${tpl.view || "workflow"}`);
}

// ---------- start ----------
setLanguage(pickLanguage(pref("fz-lang", ""), navigator.language));
state.theme = pref("fz-theme", "") === "dark" ? "dark" : "light";

// The module starts loading first thing; meanwhile the first picture comes
// from the server (or the last visit); once it answers, everything is
// drawn and checked here.
engine.startLocal(() => {
  scheduleRender(0);
  editor.relint();
  if (isStatic) {
    loadGallery().catch(() => {}); // the templates, for offline use
    keepOffline(); // and every file, for a reload or a visit offline
  }
});
window.fzEngine = engine.engine;

const editor = createEditor($("#editor"), {
  check, fixOne, save: () => $("#save").click(), format: formatCode,
  changed: (code) => { state.gen = (state.gen || 0) + 1; scheduleRender(25, code); changed(); staleToast(); },
  predict: (code) => { if (!tooLarge(code)) engine.predict(code, { view: state.view, theme: state.theme }); },
  // A key's picture is waited for in the key's own task only where it
  // can be seen.
  early: (code) => tooLarge(code) || !paneShown() ? null : engine.early(code, { view: state.view, theme: state.theme }),
});
window.fzEditor = editor.view; // for end-to-end tests and power users
window.fzOpenLintPanel = () => editor.openPanel();
window.fzState = state;
window.fzLineChanges = lineChanges;
setupCanvas(editor.view); // editing on the picture (canvas*.js)

bindDoc(editor, route, () => { scheduleRender(0); editor.relint(); showTab(); });

setupModals();
setupConfirm();
setupPreview(setView);
setupFiles();
setupDiagrams();
setupGallery(openTemplate);
setupHistory();
setupGestures();
setupToolbar();

$("#format").onclick = formatCode;
$("#problems").onclick = () => editor.openPanel();
$("#fix").onclick = fixAll;
$("#templates").onclick = showGallery;
$("#name").addEventListener("input", () => changed());
$("#home").addEventListener("click", (e) => { e.preventDefault(); go("/"); });
$("#lang").onchange = () => {
  setLanguage($("#lang").value);
  setPref("fz-lang", language());
  applyTexts();
  if (!$("#gallery").hidden) fillGallery();
  editor.relint();
};
$("#theme").onclick = () => {
  state.theme = state.theme === "dark" ? "light" : "dark";
  setPref("fz-theme", state.theme);
  applyTheme();
};
for (const b of $$("#panes button")) b.onclick = () => showPane(b.dataset.pane);
// The skip link gives the picture the focus, showing its pane on a phone,
// without touching the address: following #preview was taken for a
// navigation (it asked to discard unsaved changes, and replaced a code
// link's #code=), and on a phone the hidden picture could not take it.
$(".skip").addEventListener("click", (e) => {
  e.preventDefault();
  if ($("#panes").getClientRects().length) showPane("preview");
  $("#preview").focus();
});

// On phones the header is one row (the logo, the name and ☰): the other
// actions are in the ☰ panel, which a choice, Escape or a click outside
// closes.
function setMore(open) {
  document.querySelector("header").toggleAttribute("data-open", open);
  $("#more").setAttribute("aria-expanded", String(open));
}
$("#more").onclick = () => setMore(!document.querySelector("header").hasAttribute("data-open"));
$("#tools").addEventListener("click", (e) => {
  const b = e.target.closest("button");
  if (!b || b.id === "download") return;
  // The choice had the focus: it goes to ☰, not onto the page with the
  // panel that hides it.
  const focused = $("#tools").contains(document.activeElement);
  setMore(false);
  if (focused && $("#more").getClientRects().length) $("#more").focus();
});
document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape" || !document.querySelector("header").hasAttribute("data-open") || e.target.closest?.("[role=menu]")) return;
  setMore(false);
  $("#more").focus();
});
document.addEventListener("click", (e) => { if (!e.target.closest?.("header")) setMore(false); });
window.addEventListener("fz-doc", () => { updateOwnerUI(); clearBanner("snapshot"); clearBanner("missing"); });

// The static site (flowzap site) has no server: what needs one is hidden.
if (isStatic) {
  for (const sel of ["#mine", "#history", "[for=share-link]", "#share-link", "#share-copy"]) $(sel).classList.add("no-server");
  $("[data-download=pdf]").dataset.t = "pdfServerOnly";
  $("#open-input").accept = ".fz,text/plain";
}
applyTheme();
route();
engine.started();
