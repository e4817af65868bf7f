// The live preview: the picture (drawn in this browser by the WebAssembly
// module, or by the server's /api/render; see engine.js), the view tabs (arrow keys
// move between them), zoom (buttons, Ctrl+wheel, a two-finger pinch, + − 0
// keys), pan (drag, the wheel or arrow keys) and fit, refitted when the pane changes size until the user
// zooms or pans.
import { $, $$, el } from "./ui.js";
import { render as draw, cached, remember, engine } from "./engine.js";
import { patch, stats as patchStats, settle as settleMoved, movedCount } from "./svgpatch.js";
import { joinSVG } from "../wasm/flowzap.mjs";
import { t } from "./i18n.js";
import { views } from "./generated.js";
import { state } from "./state.js";
import { homePicture } from "./static.js";

const MIN = 0.1, MAX = 4;
let seq = 0;
let latest = ""; // the code of the newest render

/** render draws code in the current view; returns "ok", "stale", "empty" or "skipped". */
export async function render(code, tooLarge) {
  const stage = $("#stage"), my = ++seq, gen = state.gen || 0;
  latest = code;
  if (!code.trim()) {
    drawnSeq = my;
    stage.replaceChildren();
    shown = "";
    stage.dataset.state = "empty";
    $("#empty").textContent = t("empty");
    $("#empty").hidden = false;
    $("#stale").hidden = true;
    return "empty";
  }
  hide($("#empty"));
  if (tooLarge) {
    drawnSeq = my;
    stage.dataset.state = "stale";
    showStale(tooLarge);
    return "skipped";
  }
  const view = state.view, theme = state.theme;
  // The first picture of a page: the one kept from the last visit, if the
  // code is the same, before the module (or the server) has answered.
  // On the static site's first visit there is none: its picture of the
  // home template stands in, unless the module has answered by then.
  if (!shown) {
    const svg = cached(code, view, theme);
    if (svg) put(svg, "cached", gen);
    else {
      homePicture(code, view, theme).then((svg) => {
        if (svg && !shown && latest === code && state.view === view && state.theme === theme) put(svg, "cached", gen);
      });
    }
  }
  const asked = performance.now();
  const r = await draw(code, { view, theme });
  const got = performance.now();
  // A newer render is on its way: this picture is still drawn if it is
  // newer than the one shown (typing faster than the renders shows a
  // picture every render), never an older one.
  if (r.cancelled || my < drawnSeq || (my !== seq && (!r.ok || view !== state.view || theme !== state.theme))) return "skipped";
  drawnSeq = my;
  if (r.ok) {
    // The module's picture comes in parts (the markup of each top-level
    // element); the server's as one SVG.
    put(r.picture || r.svg, "fresh", gen, { ms: r.ms, goMs: r.goMs, done: r.done, asked: r.asked || asked, got, local: !!r.local, frame: !!r.frame });
    hide($("#stale"));
    remember(code, view, theme, () => r.svg);
    return "ok";
  }
  if (r.none) {
    // The static site before the module has loaded (the picture comes
    // then), or in a browser that cannot run it.
    if (engine.mode === "none") { stage.dataset.state = "stale"; showStale(t("needsWasm")); }
    return "skipped";
  }
  stage.dataset.state = "stale";
  if (r.status === 422 && !shown) {
    // Nothing good was drawn yet (a reload of code with errors): no
    // picture to keep, and no blank area under a note saying there is one.
    $("#stale").hidden = true;
    $("#empty").textContent = t("noPicture");
    $("#empty").hidden = false;
    stage.dataset.state = "none";
    return "stale";
  }
  showStale(r.status === 422 ? t("stale") : engine.mode === "local" ? t("cannotDraw", r.data.error) : t("serverRefused", r.data.error));
  return "stale";
}

// shown is the SVG on the stage (a string, or a picture in parts: {open,
// items}): an identical picture (a keystroke in a comment, the module
// redrawing what the server drew) is not swapped.
let shown = "";

// same reports whether two pictures (SVG strings or pictures in parts)
// are the same SVG.
function same(a, b) {
  if (typeof a === "string" || typeof b === "string") return textOf(a) === textOf(b);
  if (a.open !== b.open || a.items.length !== b.items.length) return false;
  for (let i = 0; i < a.items.length; i++) if (a.items[i] !== b.items[i]) return false;
  return true;
}
const textOf = (p) => typeof p === "string" ? p : joinSVG(p.open, p.items);
// drawnSeq numbers the render whose answer is on the stage.
let drawnSeq = 0;

function put(svg, how, gen, times = {}) {
  const stage = $("#stage"), t0 = performance.now();
  let made = 0, morphed = 0, shifted = 0, touched = [];
  if (!same(svg, shown)) {
    // The SVG comes from the flowzap pipeline (the module or our server),
    // which escapes every label, and the page's CSP forbids inline
    // scripts and handlers, so inserting it as markup can run nothing; it
    // is much faster than an XML parse. Only the groups whose markup
    // changed are replaced (svgpatch.js).
    made = patch(stage, svg);
    morphed = patchStats.morphed;
    shifted = patchStats.shifted;
    touched = patchStats.touched;
    shown = svg;
    noteMoved();
    // #stage is the labelled picture; the SVG inside is its content.
    const root = stage.querySelector("svg");
    if (root && root.getAttribute("aria-hidden") !== "true") root.setAttribute("aria-hidden", "true");
    if (state.autoFit) fit(); else apply();
  }
  stage.dataset.state = how;
  // Which engine drew it: the server's answer to a request made while the
  // module loaded may come after the module is ready.
  stage.dataset.engine = how === "cached" ? "cache" : times.local ? "local" : "server";
  stage.dataset.renders = String((+stage.dataset.renders || 0) + 1);
  // For the keystroke benchmark: gen numbers the edit the picture shows,
  // ms is the module's time for it (in the worker; goMs of it in Go), asked and got when the
  // render was asked for and answered (performance.now()), swap the time
  // to put it in the page, made and morphed how many top-level groups
  // were parsed anew and updated in place, shifted how many were moved
  // by a transform (svgpatch.js).
  // inFrame: put in the page at the start of a frame (the answer read from
  // the memory shared with the worker), so painted in that frame.
  // done: when the worker had the answer ready (page time).
  // touched: the top-level groups whose markup changed (null: all of
  // them; the canvas looks at those alone).
  const { ms = 0, goMs = 0, done = 0, asked = 0, got = 0, frame = false } = times;
  window.dispatchEvent(new CustomEvent("fz-picture", { detail: { gen, how, ms, goMs, done, asked, got, swap: performance.now() - t0, made, morphed, shifted, inFrame: frame, touched } }));
}

// A picture whose groups were moved by transforms, or whose root waits
// for its new size (svgpatch.js), is put back to its exact markup when
// the typing pauses (settleMs after the last picture), and at once
// before anything may read its coordinates:
// a pointer or a key outside the editor (the canvas's gestures, menus,
// a download). Meanwhile #stage's data-moved says how many groups are
// moved so.
const settleMs = 1000;
let settleTimer = 0, settleSeq = 0;
function noteMoved() {
  const stage = $("#stage"), n = movedCount(stage);
  clearTimeout(settleTimer);
  settleSeq++;
  if (!n) { delete stage.dataset.moved; return; }
  stage.dataset.moved = String(n);
  // Then when the browser is idle (not in the middle of a frame's work),
  // unless a newer picture came meanwhile.
  const due = ++settleSeq;
  const now = () => { if (due === settleSeq) settleNow(); };
  settleTimer = setTimeout(globalThis.requestIdleCallback ? () => requestIdleCallback(now, { timeout: 500 }) : now, settleMs);
}

/** settleNow puts the picture's moved groups back to their exact markup
 *  (see svgpatch.js); the canvas hears "fz-settled". */
export function settleNow() {
  const stage = $("#stage");
  clearTimeout(settleTimer);
  if (!movedCount(stage)) return;
  settleMoved(stage);
  delete stage.dataset.moved;
  if (state.autoFit) fit(); // the root has its new size
  window.dispatchEvent(new CustomEvent("fz-settled"));
}

// hide hides a note (writing nothing when it is hidden already: even the
// same value written again makes the browser look at its style again, on
// every keystroke's picture).
function hide(note) {
  if (!note.hidden) note.hidden = true;
}

function showStale(msg) {
  const note = $("#stale");
  note.textContent = msg;
  note.hidden = false;
}

// READABLE is the smallest zoom at which a picture opens on a phone: its
// 13-14 px text stays about 8 px tall. A wide diagram fitted whole into a
// phone's width would open at a quarter of its size, unreadable; it opens
// at this zoom from its start (top left) instead, to be panned with a
// finger, and the Fit button (or 0) still shows it whole.
const READABLE = 0.6;

// phone reports whether the pane is a narrow touch screen's.
function phone(pw) {
  return pw < 600 && matchMedia("(pointer: coarse)").matches;
}

/** fit scales the picture to the pane (never above 100%); on a phone, not
 *  below READABLE unless whole is true (the Fit button, the 0 key). */
export function fit(whole = false) {
  state.autoFit = true;
  if (whole === true) state.fitWhole = true;
  const svg = $("#stage svg");
  const { w: pw, h: ph } = paneSize();
  if (!svg || !pw) return;
  const w = parseFloat(svg.getAttribute("width")) || 1, h = parseFloat(svg.getAttribute("height")) || 1;
  let z = Math.max(MIN, Math.min(1, (pw - 32) / w, (ph - 32) / h));
  if (!state.fitWhole && z < READABLE && phone(pw)) z = Math.min(1, READABLE);
  state.zoom = z;
  state.panX = 0; state.panY = 0;
  apply();
}

// The pane's size, as the ResizeObserver last saw it: reading clientWidth
// right after a new picture is in the page would make the browser lay the
// whole picture out at once, then again for the frame.
let paneCache = null;
/** paneShown reports whether the preview's pane takes room on the page
 *  (as the ResizeObserver last saw it; a phone shows the code or the
 *  picture). */
export function paneShown() {
  return !paneCache || (paneCache.w > 0 && paneCache.h > 0);
}
function paneSize() {
  if (!paneCache) { const p = $("#preview"); return { w: p.clientWidth, h: p.clientHeight }; }
  return paneCache;
}

// What apply() last wrote: an unchanged zoom writes nothing (a new style
// or attribute, even the same, makes the browser look at it again).
let applied = { svg: null, transform: "", level: "", zoom: "" };

function apply() {
  const svg = $("#stage svg");
  const transform = `translate(${state.panX}px, ${state.panY}px) scale(${state.zoom})`;
  if (svg && (svg !== applied.svg || transform !== applied.transform)) {
    svg.style.transform = transform;
    applied.svg = svg; applied.transform = transform;
  }
  const level = Math.round(state.zoom * 100) + "%", zoom = state.zoom.toFixed(3);
  if (level !== applied.level) { $("#zoom-level").textContent = level; applied.level = level; }
  if (zoom !== applied.zoom) { $("#preview").dataset.zoom = zoom; applied.zoom = zoom; }
}

/** zoomBy zooms around a point of the pane (its centre by default). */
export function zoomBy(factor, cx, cy) {
  const pane = $("#preview");
  if (cx === undefined) { cx = pane.clientWidth / 2; cy = pane.clientHeight / 2; }
  const z = Math.min(MAX, Math.max(MIN, state.zoom * factor));
  // Keep the picture point under (cx, cy) in place; 16 is the stage padding.
  const px = (cx - 16 - state.panX) / state.zoom, py = (cy - 16 - state.panY) / state.zoom;
  state.panX = cx - 16 - px * z; state.panY = cy - 16 - py * z;
  state.zoom = z;
  state.autoFit = false;
  apply();
}

export function panBy(dx, dy) { state.panX += dx; state.panY += dy; state.autoFit = false; apply(); }

/** setupPreview wires the tabs, zoom and pan; onView(view) is called on a tab change. */
export function setupPreview(onView) {
  const tabs = $("#tabs");
  for (const v of views) {
    tabs.append(el("button", { type: "button", role: "tab", id: "tab-" + v, "data-view": v, "data-t": v, "aria-controls": "preview", "aria-selected": "false", tabIndex: -1 }, v));
  }
  tabs.addEventListener("click", (e) => { const b = e.target.closest("[role=tab]"); if (b) onView(b.dataset.view); });
  tabs.addEventListener("keydown", (e) => {
    const all = $$("#tabs [role=tab]"), i = all.indexOf(document.activeElement);
    let j = -1;
    if (e.key === "ArrowRight") j = (i + 1) % all.length;
    else if (e.key === "ArrowLeft") j = (i - 1 + all.length) % all.length;
    else if (e.key === "Home") j = 0;
    else if (e.key === "End") j = all.length - 1;
    if (j < 0) return;
    e.preventDefault();
    all[j].focus();
    onView(all[j].dataset.view);
  });
  const pane = $("#preview");
  // Before any gesture reads the picture's coordinates (capture: before
  // the canvas's own handlers).
  const early = { capture: true };
  document.addEventListener("pointerdown", settleNow, early);
  document.addEventListener("contextmenu", settleNow, early);
  document.addEventListener("keydown", (e) => { if (!e.target?.closest?.(".cm-editor")) settleNow(); }, early);
  // (Hovering needs no settling: the canvas's handles are placed by box(),
  // which adds the shift; a picture moving under a still pointer would
  // otherwise settle it at every keystroke.)
  // Ctrl+wheel (a touchpad's pinch too) zooms; the wheel alone (a
  // touchpad's two-finger scroll) pans, Shift+wheel sideways (it did
  // nothing: the pane does not scroll).
  pane.addEventListener("wheel", (e) => {
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) {
      const r = pane.getBoundingClientRect();
      zoomBy(e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX - r.left, e.clientY - r.top);
      return;
    }
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? pane.clientHeight : 1;
    let dx = e.deltaX * unit, dy = e.deltaY * unit;
    if (e.shiftKey && !dx) { dx = dy; dy = 0; }
    if (dx || dy) panBy(-dx, -dy);
  }, { passive: false });
  // One pointer pans; two (a pinch on a touch screen) zoom round the
  // point between them and pan with it.
  let drag = null, pinch = null;
  const down = new Map(); // pointer ID -> where it is
  const mid = () => {
    const [a, b] = [...down.values()], r = pane.getBoundingClientRect();
    return { x: (a.x + b.x) / 2 - r.left, y: (a.y + b.y) / 2 - r.top, d: Math.hypot(a.x - b.x, a.y - b.y) || 1 };
  };
  pane.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    down.set(e.pointerId, { x: e.clientX, y: e.clientY });
    pane.setPointerCapture(e.pointerId);
    if (down.size === 2) {
      drag = null;
      pinch = { ...mid(), zoom: state.zoom };
      return;
    }
    if (down.size === 1) drag = { x: e.clientX - state.panX, y: e.clientY - state.panY, moved: false };
  });
  pane.addEventListener("pointermove", (e) => {
    if (!down.has(e.pointerId)) return;
    down.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pinch && down.size === 2) {
      const m = mid();
      panBy(m.x - pinch.x, m.y - pinch.y);
      zoomBy(pinch.zoom * (m.d / pinch.d) / state.zoom, m.x, m.y);
      pinch.x = m.x; pinch.y = m.y;
      return;
    }
    if (!drag) return;
    state.panX = e.clientX - drag.x; state.panY = e.clientY - drag.y;
    state.autoFit = false;
    apply();
  });
  const end = (e) => {
    down.delete(e.pointerId);
    pinch = null;
    drag = null;
    if (down.size === 1) {
      // The finger left on the screen pans on from where it is.
      const [p] = down.values();
      drag = { x: p.x - state.panX, y: p.y - state.panY, moved: false };
    }
  };
  pane.addEventListener("pointerup", end);
  pane.addEventListener("pointercancel", end);
  pane.addEventListener("keydown", (e) => {
    const step = e.shiftKey ? 120 : 40;
    const keys = {
      "+": () => zoomBy(1.2), "=": () => zoomBy(1.2), "-": () => zoomBy(1 / 1.2), "0": () => fit(true),
      ArrowLeft: () => panBy(step, 0), ArrowRight: () => panBy(-step, 0), ArrowUp: () => panBy(0, step), ArrowDown: () => panBy(0, -step),
    };
    if (keys[e.key] && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); keys[e.key](); }
  });
  $("#zoom-in").addEventListener("click", () => zoomBy(1.2));
  $("#zoom-out").addEventListener("click", () => zoomBy(1 / 1.2));
  $("#zoom-fit").addEventListener("click", () => fit(true));
  // Refit when the pane changes size (window resize, phone rotation,
  // switching panes), unless the user chose a zoom.
  let last = "";
  new ResizeObserver(() => {
    const size = pane.clientWidth + "x" + pane.clientHeight;
    paneCache = { w: pane.clientWidth, h: pane.clientHeight };
    if (size === last) return;
    last = size;
    if (state.autoFit) fit();
  }).observe(pane);
}

// omittedName names the node of an FZ301 note, ID “label”, read from the
// code at the note's position (the node's declaration), so that it does
// not depend on the message's wording or language.
function omittedName(d, lines) {
  const rest = (lines[d.line - 1] || "").slice(Math.max(0, (d.column16 || 1) - 1));
  const id = rest.match(/^([^\s:]+)\s*:/);
  if (!id) return String(d.line);
  const label = rest.match(/\blabel\s*:\s*"((?:[^"\\]|\\.)*)"/);
  return label ? `${id[1]} “${label[1].replace(/\\(.)/g, "$1")}”` : id[1];
}

/** showTab marks the selected tab and labels the picture. */
export function showTab() {
  for (const b of $$("#tabs [role=tab]")) {
    const on = b.dataset.view === state.view;
    b.setAttribute("aria-selected", String(on));
    b.tabIndex = on ? 0 : -1;
  }
  $("#preview").setAttribute("aria-labelledby", "tab-" + state.view);
  $("#stage").setAttribute("aria-label", t("picture", t(state.view)));
}

/** showViewNotes says what the view leaves out (the mind map's FZ301
 *  notes of the checked code). */
export function showViewNotes(infos, code = "") {
  const omitted = infos.filter((d) => d.code === "FZ301");
  const note = $("#view-note");
  if (!omitted.length || state.view !== "mindmap") { note.hidden = true; return; }
  const lines = code.split("\n");
  const names = omitted.map((d) => omittedName(d, lines));
  note.textContent = t("mindmapLeavesOut", omitted.length, names.join(", "));
  note.className = "note info";
  note.hidden = false;
}
