// The document being edited: loading it (with its baseline, the text last
// loaded or saved), the unsaved draft kept in this browser, the banners
// that say what the page shows, asking before unsaved work is discarded,
// and moving between URLs with consistent Back and Forward.
import { $, el, toast, confirmDiscard } from "./ui.js";
import { t, language } from "./i18n.js";
import { state, keepDraft, draft, dropDraft } from "./state.js";
import { maxCodeBytes } from "./generated.js";
import { views } from "./generated.js";
import { appPath } from "./static.js";

let editor = null;
let route = null;
let loaded = null;
let draftTimer = null;

/** bindDoc connects the editor, the router (loads what the URL names) and
 *  the hook run after each load (render and check). */
export function bindDoc(ed, router, onLoaded) { editor = ed; route = router; loaded = onLoaded; }
export const code = () => editor.code();
export const byteSize = (s) => new TextEncoder().encode(s).length;
export const tooLarge = (s) => s.length > maxCodeBytes / 4 && byteSize(s) > maxCodeBytes;

/** dirty reports unsaved changes: text or name differ from what was loaded or saved. */
export function dirty() {
  return editor.code() !== state.baseline || state.name !== (state.baselineName || "");
}

/** load puts a document in the editor; opts: {origin, doc, name, view, restoreDraft}. */
export function load(text, { origin, doc = null, name = "", view = null, restoreDraft = true } = {}) {
  state.origin = origin;
  state.doc = doc;
  state.viewing = null;
  state.baseline = text;
  state.baselineName = name;
  state.name = name;
  if (view && views.includes(view)) state.view = view;
  clearBanners();
  let shown = text;
  const d = restoreDraft ? draft(origin) : null;
  if (d && (d.code !== text || (d.name || "") !== name)) {
    shown = d.code;
    state.name = d.name || name;
    // Changes made to an older version than the one loaded (saved since
    // from another tab or device) name that version: Save then asks
    // instead of replacing the newer one (diagrams.js).
    const loaded = doc?.version;
    if (doc?.id && d.version && d.version < loaded) doc.version = d.version;
    banner("draft", t("draftRestored", new Date(d.at).toLocaleString(language() === "zh" ? "zh-CN" : language())), [
      [t("discardDraft"), () => {
        dropDraft(origin); state.name = name; $("#name").value = name;
        if (state.doc === doc && doc) doc.version = loaded;
        setText(text); clearBanner("draft"); clearBanner("conflict");
      }],
    ]);
  }
  $("#name").value = state.name;
  state.autoFit = true;
  state.fitWhole = false; // a new picture opens readable on a phone (preview.js fit)
  setText(shown);
  updateTitle();
}

function setText(text) {
  editor.setCode(text);
  loaded();
}

export function updateTitle() {
  document.title = (state.name ? state.name + " – " : "") + "flowzap";
}

/** changed runs after every edit: keeps the draft (or drops it once the text is back to the baseline). */
export function changed() {
  clearTimeout(draftTimer);
  draftTimer = setTimeout(() => {
    if (dirty()) keepDraft(editor.code(), state.name);
    else dropDraft(state.origin);
  }, 300);
}

/** saved records that the current text is stored: it becomes the baseline. */
export function saved(origin) {
  dropDraft(state.origin);
  state.origin = origin;
  state.baseline = editor.code();
  state.baselineName = state.name;
  dropDraft(origin);
  clearBanner("draft");
}

/** leave asks before throwing unsaved work away; resolves true to go on. */
export async function leave() {
  if (!dirty()) return true;
  if (!(await confirmDiscard())) return false;
  dropDraft(state.origin);
  state.baseline = editor.code(); // discarded: nothing unsaved is left
  state.baselineName = state.name;
  return true;
}

/** go moves to url (a new history entry) after asking about unsaved work. */
export async function go(url, { replace = false } = {}) {
  if (!(await leave())) return false;
  url = appPath(url);
  if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
  state.url = location.href;
  await route();
  return true;
}

/** setupHistory keeps Back and Forward consistent: the URL always shows what is loaded. */
export function setupHistory() {
  state.url = location.href;
  window.addEventListener("popstate", async () => {
    const target = location.href;
    if (sameDocument(target, state.url)) { state.url = target; return; }
    if (dirty()) {
      history.pushState(null, "", state.url); // stay until the user answers
      if (!(await leave())) return;
      history.replaceState(null, "", target);
    }
    state.url = target;
    await route();
  });
  // A phone ends a page left in the background without beforeunload
  // (the browser switched away from, the tab reclaimed): the draft is
  // kept as the page is hidden, not only 300 ms after the last edit.
  const keepNow = () => { if (dirty()) { clearTimeout(draftTimer); keepDraft(editor.code(), state.name); } };
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") keepNow(); });
  window.addEventListener("pagehide", keepNow);
  window.addEventListener("beforeunload", (e) => {
    if (!dirty()) return;
    keepDraft(editor.code(), state.name);
    e.preventDefault();
    e.returnValue = t("beforeUnload");
  });
}

// sameDocument: only the view differs (view changes replace the entry).
function sameDocument(a, b) {
  const x = new URL(a), y = new URL(b);
  x.searchParams.delete("view"); y.searchParams.delete("view");
  return x.pathname + x.search + x.hash === y.pathname + y.search + y.hash;
}

// ---------- banners ----------
const banners = new Map();
/** banner shows (or replaces) a note above the panes, with action buttons. */
export function banner(id, text, actions = [], kind = "") {
  clearBanner(id);
  const p = el("p", { className: "note " + kind, "data-banner": id, role: "status" }, el("span", {}, text));
  for (const [label, fn] of actions) p.append(el("button", { type: "button", onclick: fn }, label));
  $("#banners").append(p);
  banners.set(id, p);
}
export function clearBanner(id) { banners.get(id)?.remove(); banners.delete(id); }
export function clearBanners() { for (const id of [...banners.keys()]) clearBanner(id); }

export { toast };
