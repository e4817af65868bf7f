// Storing diagrams: Share (an immutable snapshot, plus a link holding the
// code itself), Save (a new diagram with a private edit token, or a new
// version), names, version history with view and restore, the "my
// diagrams" list and the private edit link shown once.
import { $, $$, el, toast, openModal, closeModal, copyText, bytes, when } from "./ui.js";
import { api, get } from "./api.js";
import { t, language } from "./i18n.js";
import { state, tokens, setToken, remember, mine, forget, restoreMine } from "./state.js";
import { notFlowZap } from "./generated.js";
import { code, tooLarge, byteSize, saved, go, leave, load, banner, clearBanner, updateTitle } from "./doc.js";
import { maxCodeBytes } from "./generated.js";
import * as engine from "./engine.js";
import { isStatic, appPath, toCode, saveFile } from "./static.js";
import { fileName, cleanName } from "./files.js";

export const owner = () => !!(state.doc?.id && tokens()[state.doc.id]);
const auth = () => ({ Authorization: "Bearer " + tokens()[state.doc.id] });

/** storable refuses what is not FlowZap Code at all before it is stored. */
async function storable(text) {
  if (!text.trim()) { toast(t("notFlowZap", t("isEmpty"))); return false; }
  if (tooLarge(text)) { toast(t("tooLarge", bytes(byteSize(text)), bytes(maxCodeBytes))); return false; }
  const r = await engine.check(text, state.view);
  if (r.cancelled) return false;
  if (!r.ok) { toast(r.data.error); return false; }
  const bad = r.data.errors.find((e) => notFlowZap.includes(e.code));
  if (bad) { toast(t("notFlowZap", bad.code === "FZ019" ? t("noLane") : `${bad.message} [${bad.code}]`)); return false; }
  return true;
}

// ---------- share ----------
/** toBase64URL encodes text as base64url UTF-8 (the form of #code= links). */
export function toBase64URL(s) {
  const b = new TextEncoder().encode(s);
  let bin = "";
  for (let i = 0; i < b.length; i += 0x8000) bin += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** fromBase64URL decodes a code link; it throws on damaged text. */
export function fromBase64URL(s) {
  const clean = s.replace(/-/g, "+").replace(/_/g, "/").replace(/\s/g, "");
  const b = atob(clean);
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(b, (c) => c.charCodeAt(0)));
}

export async function share() {
  const text = code();
  if (!(await storable(text))) return;
  // The link holding the code (compressed where the browser can): the
  // static site's only way to share.
  const link = `${location.origin}${appPath("/")}#code=${await toCode(text, toBase64URL)}&view=${state.view}`;
  if (isStatic) {
    $("#code-link").value = link;
    $("#share-box").hidden = false;
    $("#code-link").focus();
    $("#code-link").select();
    return;
  }
  const r = await api("/api/playground", { code: text, view: state.view });
  if (!r.ok) { toast(r.data.error); return; }
  $("#share-link").value = location.origin + r.data.url;
  $("#code-link").value = link;
  $("#share-box").hidden = false;
  $("#share-link").focus();
  $("#share-link").select();
}

// ---------- save ----------
/** save stores the code: a new diagram, or a new version of the one
 *  owned. A new version names the version its text was made from
 *  (If-Match): when another tab or device saved one since, the server
 *  refuses (412) and a banner asks; force saves over it (nothing is
 *  lost: the other version stays in History). */
export async function save({ force = false } = {}) {
  const text = code();
  if (isStatic) {
    // No server: the code goes to a file on this computer.
    if (!text.trim()) { toast(t("notFlowZap", t("isEmpty"))); return; }
    const name = await saveFile(text, fileName(state.name, "workflow", "fz"), state.origin, state.name);
    if (!name) return;
    saved(state.origin);
    toast(t("savedFile", name));
    return;
  }
  if (!(await storable(text))) return;
  if (owner()) {
    const headers = auth();
    if (!force && state.doc.version) headers["If-Match"] = `"v${state.doc.version}"`;
    const r = await api("/api/diagrams/" + state.doc.id, { code: text, view: state.view }, { method: "PUT", headers });
    if (r.status === 412 && r.data.currentVersion) { conflict(r.data.currentVersion); return; }
    if (!r.ok) { toast(r.data.error); return; }
    clearBanner("conflict");
    const from = state.viewing?.version;
    state.doc.version = state.doc.versions = r.data.version;
    const nameFailed = await saveName();
    remember({ id: state.doc.id, name: state.name, version: r.data.version });
    saved("d:" + state.doc.id);
    if (from) { state.viewing = null; clearBanner("version"); toast(t("restored", from, r.data.version) + nameFailed); }
    else toast(t("saved", r.data.version) + nameFailed);
    return;
  }
  const r = await api("/api/diagrams", { code: text, view: state.view });
  if (!r.ok) { toast(r.data.error); return; }
  setToken(r.data.id, r.data.token);
  state.doc = { id: r.data.id, version: r.data.version, versions: r.data.version };
  state.viewing = null;
  const nameFailed = await saveName();
  remember({ id: r.data.id, name: state.name, version: r.data.version });
  history.pushState(null, "", `/d/${r.data.id}?view=${state.view}`);
  state.url = location.href;
  saved("d:" + r.data.id);
  clearBanner("owner"); clearBanner("snapshot"); clearBanner("version");
  updateOwnerUI();
  toast(t("saved", r.data.version) + nameFailed);
  $("#edit-link").value = `${location.origin}/d/${r.data.id}#edit=${r.data.token}`;
  openModal("edit-link-dialog");
}

/** conflict says that version current was saved elsewhere after the
 *  one being edited: Save anyway makes this text the newest version,
 *  Open shows the other (asking before the edits here are discarded). */
function conflict(current) {
  banner("conflict", t("conflict", current), [
    [t("saveAnyway"), () => save({ force: true })],
    [t("openVersion", current), () => viewVersion(current, current)],
  ]);
}

/** saveName stores the name; it returns "", or the server's refusal (to
 *  be said with the save's message, which used to replace it). */
async function saveName() {
  if (!owner()) return "";
  const r = await api(`/api/diagrams/${state.doc.id}/name`, { name: state.name }, { method: "PUT", headers: auth() });
  return r.ok ? "" : " " + t("nameNotSaved", r.data.error);
}

/** updateOwnerUI labels Save and shows History for saved diagrams. */
export function updateOwnerUI() {
  const other = state.doc?.id && !owner();
  $("#save").textContent = other || state.doc?.snapshot ? t("saveCopy") : t("save");
  $("#history").hidden = !state.doc?.id;
  if (other) banner("owner", t("notOwner"));
  else clearBanner("owner");
}

/** acceptEditLink stores the token of a private edit link (#edit=...) and hides it from the address bar. */
export function acceptEditLink(id) {
  const m = location.hash.match(/^#edit=([\w-]+)$/);
  if (!m) return;
  setToken(id, m[1]);
  history.replaceState(null, "", location.pathname + location.search);
  state.url = location.href;
  toast(t("editLinkStored"));
}

// ---------- history ----------
export async function showHistory() {
  const id = state.doc?.id;
  if (!id) return;
  const r = await get(`/api/diagrams/${id}/versions`);
  if (!r.ok) { toast(r.data.error); return; }
  const list = $("#history-list");
  list.replaceChildren();
  for (const v of r.data.versions) {
    const cur = v.version === r.data.current;
    const item = el("li", { "data-version": String(v.version) },
      el("span", { className: "what" }, t("versionLine", v.version, when(v.createdAt, language()), bytes(v.size)) + (cur ? ` (${t("current")})` : "")));
    const b = el("button", { type: "button" }, t("viewVersion"));
    b.onclick = () => { closeModal("history-dialog"); viewVersion(v.version, r.data.current); };
    item.append(b);
    list.append(item);
  }
  openModal("history-dialog");
}

/** viewVersion shows an older version; Save (or Restore) stores it as the newest. */
export async function viewVersion(v, current) {
  const id = state.doc.id;
  if (!(await leave())) return;
  const r = await get(v === current ? `/api/diagrams/${id}` : `/api/diagrams/${id}/versions/${v}`);
  if (!r.ok) { toast(r.data.error); return; }
  // The text shown is made from the current version: Save names it.
  load(r.data.code, { origin: "d:" + id, doc: { ...state.doc, version: current, versions: current }, name: state.name, view: r.data.view, restoreDraft: false });
  updateOwnerUI();
  if (v === current) return;
  state.viewing = { version: v };
  // An older version differs from the stored current one: Save restores it.
  state.baseline = "\u0000version " + v;
  banner("version", t("viewingVersion", v, current), [
    ...(owner() ? [[t("restore"), () => save()]] : []),
    [t("backToLatest"), () => viewVersion(current, current)],
  ], "info");
}

// ---------- my diagrams ----------
export function showMine() {
  const list = $("#mine-list");
  list.replaceChildren();
  const all = mine();
  $("#mine-empty").hidden = all.length > 0;
  for (const d of all) {
    const open = el("button", { type: "button" }, t("openThis"));
    open.onclick = async () => { closeModal("mine-dialog"); await go(`/d/${d.id}`); };
    const remove = el("button", { type: "button", "aria-label": `${t("remove")}: ${d.name || t("untitled")}` }, "✕");
    // Removing takes effect at once and can be taken back from the toast.
    remove.onclick = () => {
      const at = mine().findIndex((x) => x.id === d.id);
      forget(d.id);
      showMine();
      // The focus was on the ✕ just removed: it goes to the entry now in
      // its place (or the one before, or Close), not out of the dialog.
      const left = $$("#mine-list li");
      (left[Math.min(at, left.length - 1)]?.querySelector("button:last-child") || $("#mine-dialog .close")).focus();
      toast(t("removed", d.name || t("untitled")), [t("undo"), () => {
        restoreMine(d, at);
        if ($("#mine-dialog").hidden) return;
        showMine();
        $(`#mine-list li[data-id="${CSS.escape(d.id)}"] button:last-child`)?.focus();
      }]);
    };
    list.append(el("li", { "data-id": d.id },
      el("span", { className: "what" }, d.name || t("untitled"), el("small", {}, t("lastSaved", when(d.savedAt, language()), d.version))),
      open, remove));
  }
  openModal("mine-dialog");
}

export function setupDiagrams() {
  $("#share").onclick = share;
  $("#save").onclick = () => save();
  $("#history").onclick = showHistory;
  $("#mine").onclick = showMine;
  $("#share-close").onclick = () => { $("#share-box").hidden = true; };
  $("#share-copy").onclick = () => copyText($("#share-link").value, $("#share-link"));
  $("#code-copy").onclick = () => copyText($("#code-link").value, $("#code-link"));
  $("#edit-link-copy").onclick = () => copyText($("#edit-link").value, $("#edit-link"));
  $("#name").addEventListener("input", () => { state.name = cleanName($("#name").value).trim(); updateTitle(); });
}
