// Page helpers: element look-up, toasts, modal dialogs (Escape and a click
// on the backdrop close them, focus returns where it was), the discard
// confirmation and pop-up menus.
import { t, language } from "./i18n.js";

export const $ = (sel) => document.querySelector(sel);
export const $$ = (sel) => [...document.querySelectorAll(sel)];

/** el builds an element: el("li", {className: "x"}, child, "text"). */
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith("data-") || k.startsWith("aria-") || k === "role") e.setAttribute(k, v);
    else e[k] = v;
  }
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
}

let toastTimer;
/** toast shows a short message for a few seconds (longer for long ones). */
export function toast(msg, action = null) {
  const box = $("#toast");
  box.textContent = msg;
  // action: [label, fn], a button in the toast (Undo); the toast stays
  // longer then, and goes once the button is used.
  if (action) {
    const [label, fn] = action;
    box.append(" ", el("button", { type: "button", className: "toast-action", onclick: () => { hideToast(); fn(); } }, label));
  }
  box.hidden = false;
  toastAt = performance.now();
  toastAction = !!action;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(hideToast, Math.max(action ? 8000 : 4000, msg.length * 60));
}

let toastAt = 0, toastAction = false;
/** staleToast runs on every edit of the code: a message about the code
 *  as it was (a refused Format, a fix made) goes once the code changes
 *  after it was shown (one just shown for this very edit stays; so does
 *  an Undo offer, which is about the diagram list). */
export function staleToast() {
  const box = $("#toast");
  if (!box.hidden && !toastAction && performance.now() - toastAt > 1000) hideToast();
}

/** hideToast takes the toast away (the state it spoke of has ended). */
export function hideToast() {
  clearTimeout(toastTimer);
  const box = $("#toast");
  box.hidden = true;
  box.replaceChildren();
}

const openModals = [];

/** openModal shows a .modal by id; onClose runs when it closes. */
export function openModal(id, onClose) {
  const m = document.getElementById(id);
  if (!m.hidden) return;
  m.hidden = false;
  openModals.push({ m, back: document.activeElement, onClose });
  const first = m.querySelector("input, [autofocus], button:not([data-close]), [tabindex='0']") || m.querySelector("button");
  first?.focus();
}

/** closeModal hides a modal and returns focus to where it came from. */
export function closeModal(id) {
  const i = openModals.findIndex((o) => o.m.id === id);
  if (i < 0) return;
  const [o] = openModals.splice(i, 1);
  o.m.hidden = true;
  // Focus goes back where it came from; when that was an action of the
  // phone's ☰ panel, closed meanwhile, to ☰ (it fell onto the page).
  const back = o.back, more = document.getElementById("more");
  if (back?.closest?.("#tools") && !back.getClientRects().length && more?.getClientRects().length) more.focus();
  else back?.focus?.();
  o.onClose?.();
}

export function topModal() { return openModals.length ? openModals[openModals.length - 1].m.id : null; }

/** setupModals wires every close button, backdrop click and Escape. */
export function setupModals() {
  for (const m of $$(".modal")) {
    m.addEventListener("click", (e) => { if (e.target === m) closeModal(m.id); });
    for (const b of m.querySelectorAll("[data-close]")) b.addEventListener("click", () => closeModal(m.id));
    // Keep Tab inside the dialog.
    m.addEventListener("keydown", (e) => {
      if (e.key !== "Tab") return;
      const items = [...m.querySelectorAll("button, input, select, [tabindex='0']")].filter((x) => !x.disabled && x.offsetParent !== null);
      if (!items.length) return;
      const first = items[0], last = items[items.length - 1];
      if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
    });
  }
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    const top = topModal();
    if (top) { e.preventDefault(); closeModal(top); return; }
    closeMenus(true);
  });
}

let confirmResolve = null;
/** confirmDiscard asks before unsaved changes are thrown away; resolves true to go on. */
export function confirmDiscard() {
  $("#confirm-text").textContent = t("discardQuestion");
  return new Promise((resolve) => {
    confirmResolve = resolve;
    openModal("confirm-dialog", () => { if (confirmResolve) { confirmResolve(false); confirmResolve = null; } });
    $("#confirm-cancel").focus();
  });
}

export function setupConfirm() {
  const answer = (yes) => { const r = confirmResolve; confirmResolve = null; closeModal("confirm-dialog"); r?.(yes); };
  $("#confirm-ok").onclick = () => answer(true);
  $("#confirm-cancel").onclick = () => answer(false);
}

const menus = [];
/** setupMenu makes a button open a role=menu list: arrow keys move, Escape,
 *  a click outside or a choice close it. */
export function setupMenu(button, list, choose) {
  const items = () => [...list.querySelectorAll("[role=menuitem]")].filter((i) => !i.hidden && !i.disabled);
  const close = (focusButton) => {
    if (list.hidden) return;
    list.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (focusButton) button.focus();
  };
  const open = () => {
    closeMenus(false);
    list.hidden = false;
    keepInside(list);
    button.setAttribute("aria-expanded", "true");
    items()[0]?.focus();
  };
  menus.push(close);
  button.addEventListener("click", () => (list.hidden ? open() : close(false)));
  button.addEventListener("keydown", (e) => { if (e.key === "ArrowDown") { e.preventDefault(); open(); } });
  list.addEventListener("keydown", (e) => {
    const all = items(), i = all.indexOf(document.activeElement);
    if (e.key === "ArrowDown") { e.preventDefault(); all[(i + 1) % all.length].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); all[(i - 1 + all.length) % all.length].focus(); }
    else if (e.key === "Home") { e.preventDefault(); all[0].focus(); }
    else if (e.key === "End") { e.preventDefault(); all[all.length - 1].focus(); }
    else if (e.key === "Tab") close(false);
  });
  // One listener for the list: its entries may be rebuilt (toolbar.js).
  list.addEventListener("click", (e) => {
    const item = e.target.closest("[role=menuitem]");
    if (item && list.contains(item) && !item.disabled) { close(true); choose(item); }
  });
  document.addEventListener("pointerdown", (e) => { if (!button.parentElement.contains(e.target)) close(false); });
}

/** keepInside keeps an open menu inside the window. Hung from its
 *  button's edge, it went past the screen's right edge when the button
 *  sat at the end of a row (Download at the right of the phone's ☰
 *  panel), and past its bottom on a landscape phone (the last entries
 *  out of reach of a finger): it moves sideways, and scrolls when the
 *  window is not tall enough. */
function keepInside(list, margin = 4) {
  list.style.translate = "";
  list.style.maxHeight = "";
  const r = list.getBoundingClientRect(), w = document.documentElement.clientWidth;
  let dx = 0;
  if (r.right > w - margin) dx = w - margin - r.right;
  if (r.left + dx < margin) dx = margin - r.left;
  if (dx) list.style.translate = `${Math.round(dx)}px 0`;
  if (r.bottom > innerHeight - margin) list.style.maxHeight = `${Math.max(Math.floor(innerHeight - margin - r.top), 120)}px`;
}

export function closeMenus(focusButton) { for (const close of menus) close(focusButton); }

/** copyText copies to the clipboard, falling back to a selection copy. */
export async function copyText(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    toast(t("copied"));
  } catch {
    if (input) { input.focus(); input.select(); }
    try {
      if (document.execCommand("copy")) { toast(t("copied")); return; }
    } catch { /* fall through */ }
    toast(t("copyFailed"));
  }
}

/** bytes formats a size for people, in the page's language (French
 *  writes "1,4 Ko"), the number and its unit never split over two lines. */
export function bytes(n) {
  const fr = language() === "fr";
  const [b, kb, mb] = fr ? ["o", "Ko", "Mo"] : ["B", "KB", "MB"];
  const num = (x, digits) => { const s = x.toFixed(digits); return fr ? s.replace(".", ",") : s; };
  if (n < 1024) return `${n}\u00a0${b}`;
  if (n < 1 << 20) return `${num(n / 1024, 1)}\u00a0${kb}`;
  return `${num(n / (1 << 20), 2)}\u00a0${mb}`;
}

/** when formats a time stamp (ms) in the page's language. */
export function when(ms, lang) {
  return new Date(ms).toLocaleString(lang === "zh" ? "zh-CN" : lang, { dateStyle: "medium", timeStyle: "short" });
}
