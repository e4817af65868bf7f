// Editing on the canvas: two-way selection between the picture and the
// code, gestures that write the code through the patch operations (each
// one a single undo step in the editor), manual layout adjustments, and a
// keyboard path for every gesture. The picture is redrawn from the code
// after every change, so the code stays the one source of truth.
//
// canvas-source.js maps the picture's data-id to statements; the gestures
// and menus are in canvas-gestures.js.
import { EditorView } from "@codemirror/view";
import { StateEffect } from "@codemirror/state";
import { $ } from "./ui.js";
import { local } from "./i18n.js";
import { state } from "./state.js";
import { scan, element } from "./canvas-source.js";
import { offset } from "./svgpatch.js";

export const NS = "http://www.w3.org/2000/svg";

/** Texts of the canvas, in the app's three languages. */
export const words = {
  selected: { en: (k, what) => `Selected: ${k} ${what}`, fr: (k, what) => `Sélection : ${k} ${what}`, zh: (k, what) => `已选择：${k} ${what}` },
  none: { en: "Nothing selected", fr: "Aucune sélection", zh: "未选择" },
  node: { en: "node", fr: "nœud", zh: "节点" },
  edge: { en: "edge", fr: "lien", zh: "连线" },
  lane: { en: "lane", fr: "couloir", zh: "泳道" },
  loop: { en: "loop", fr: "boucle", zh: "循环" },
};
export const say = (key, ...args) => { const v = local(words[key]); return typeof v === "function" ? v(...args) : v; };

// The canvas state shared with the gestures.
export const canvas = {
  editor: null, // the CodeMirror view
  src: scan(""), // the scan of the editor's text
  srcCode: "",
  sel: null, // {kind, id}
  multi: new Set(), // node IDs picked with Shift (a loop's nodes)
  pending: null, // the selection to make once the picture shows it
  fromCode: false, // the selection follows the cursor (do not move it back)
  gesture: null, // {name, t0}: the gesture whose picture is awaited
  latencies: [], // [{name, ms, t0}]: input event (at t0) to redrawn picture
  onDraw: [], // called after every redraw
  shown: {}, // the edit number and state of the picture on the stage
};

/** source returns the scan of the current code (cached). */
export function source() {
  const code = canvas.editor.state.doc.toString();
  if (code !== canvas.srcCode) { canvas.src = scan(code); canvas.srcCode = code; }
  return canvas.src;
}

export const svg = () => $("#stage svg");

/** kindOf says what a picture group is: node, edge, lane, loop, or null. */
export function kindOf(g) {
  if (!g) return null;
  const c = g.classList;
  if (c.contains("fz-node")) return "node";
  if (c.contains("fz-edge")) return /^e\d+$/.test(g.dataset.id) ? "edge" : null; // mind map branches are drawn, not written
  if (c.contains("fz-lane")) return "lane";
  if (c.contains("fz-loop")) return "loop";
  return null;
}

/** groupOf returns the picture group of an element ({kind, id}). */
export function groupOf(sel) {
  const s = svg();
  if (!s || !sel) return null;
  for (const g of s.querySelectorAll(`g[data-id="${CSS.escape(sel.id)}"]`)) if (kindOf(g) === sel.kind) return g;
  return null;
}

/** hit finds the element under a DOM target: {kind, id, g, header?}. */
export function hit(target) {
  let g = target?.closest?.("#stage svg g[data-id]");
  while (g && !kindOf(g)) g = g.parentElement?.closest("#stage svg g[data-id]");
  if (!g) return null;
  const kind = kindOf(g);
  const res = { kind, id: g.dataset.id, g };
  if (kind === "lane") res.header = isHeader(g, target);
  return res;
}

// A lane's header: the second rect of a workflow lane, the participant box
// of the sequence view, the title of an architecture container.
function isHeader(g, target) {
  if (target.tagName === "text" || target.tagName === "tspan") return true;
  const rects = [...g.querySelectorAll(":scope > rect")];
  const view = svg()?.classList;
  if (view?.contains("workflow")) return target === rects[1];
  if (view?.contains("sequence")) return target.tagName === "rect";
  return false;
}

/** box returns an element's box in picture coordinates (where it is
 *  drawn: with the shift of a group moved by a transform, svgpatch.js). */
export function box(g) {
  const b = ownBox(g);
  if (!b) return null;
  const { dx, dy } = offset(g);
  return dx || dy ? { x: b.x + dx, y: b.y + dy, w: b.w, h: b.h } : b;
}

function ownBox(g) {
  if (!g) return null;
  const kind = kindOf(g);
  if (kind === "lane" || kind === "loop") {
    const r = g.querySelector(":scope > rect");
    if (r && !svg().classList.contains("sequence")) return { x: +r.getAttribute("x"), y: +r.getAttribute("y"), w: +r.getAttribute("width"), h: +r.getAttribute("height") };
  }
  // A node's box is its shape's, read from the shape's attributes: asking
  // the browser (getBBox) would lay the whole picture out first, right
  // after each keystroke's new picture.
  if (kind === "node") {
    const f = shapeBox(g.firstElementChild?.tagName === "title" ? g.children[1] : g.firstElementChild);
    if (f) return f;
  }
  const b = g.getBBox();
  return { x: b.x, y: b.y, w: b.width, h: b.height };
}

// shapeBox is the box of a rect, ellipse or polygon from its attributes
// (null for anything else).
function shapeBox(e) {
  const n = (a) => +e.getAttribute(a);
  switch (e?.tagName) {
    case "rect": return { x: n("x"), y: n("y"), w: n("width"), h: n("height") };
    case "ellipse": return { x: n("cx") - n("rx"), y: n("cy") - n("ry"), w: 2 * n("rx"), h: 2 * n("ry") };
    case "polygon": {
      const v = e.getAttribute("points").trim().split(/[\s,]+/).map(Number);
      const xs = v.filter((_, i) => i % 2 === 0), ys = v.filter((_, i) => i % 2 === 1);
      const x = Math.min(...xs), y = Math.min(...ys);
      return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
    }
  }
  return null;
}

/** toPicture turns a window point into picture coordinates. */
export function toPicture(cx, cy) {
  const s = svg(), r = s.getBoundingClientRect(), vb = s.viewBox.baseVal;
  return { x: (cx - r.left) * vb.width / r.width + vb.x, y: (cy - r.top) * vb.height / r.height + vb.y };
}

/** toPane turns a picture box into a box in #preview's coordinates. */
export function toPane(b) {
  const s = svg(), r = s.getBoundingClientRect(), vb = s.viewBox.baseVal, p = $("#preview").getBoundingClientRect();
  const k = r.width / vb.width;
  return { x: r.left - p.left + (b.x - vb.x) * k, y: r.top - p.top + (b.y - vb.y) * k, w: b.w * k, h: b.h * k, k };
}

/** overlay returns the canvas's own layer on top of the picture (created on demand). */
export function overlay() {
  const s = svg();
  let o = s.querySelector(":scope > g.fz-ui");
  if (!o) {
    o = document.createElementNS(NS, "g");
    o.setAttribute("class", "fz-ui");
    s.append(o);
  }
  return o;
}

export function svgEl(tag, attrs, parent) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  parent?.append(e);
  return e;
}

/** select marks an element in the picture and selects its statement in
 *  the editor (unless the selection comes from the editor's cursor). */
export function select(sel, { fromCode = false, add = false, keep = false } = {}) {
  // add (Shift+click) toggles a node in the picked set, keep (the arrow
  // keys moving between nodes) leaves the set alone.
  if (add && sel?.kind === "node") {
    if (canvas.sel?.kind === "node" && canvas.sel.id !== sel.id) canvas.multi.add(canvas.sel.id);
    if (canvas.multi.has(sel.id) && canvas.sel?.id !== sel.id) canvas.multi.delete(sel.id); else canvas.multi.add(sel.id);
  } else if (!keep || sel?.kind !== "node") canvas.multi.clear();
  canvas.sel = sel;
  canvas.fromCode = fromCode;
  mark();
  announce();
  if (sel && !fromCode) {
    const rec = element(source(), sel);
    if (rec) {
      canvas.selecting = true;
      canvas.editor.dispatch({ selection: { anchor: rec.from, head: rec.to }, effects: EditorView.scrollIntoView(rec.from, { y: "center" }) });
      canvas.selecting = false;
    }
  }
  document.dispatchEvent(new CustomEvent("fz-canvas-select"));
}

function announce() {
  const live = $("#canvas-live");
  if (!live) return;
  const sel = canvas.sel;
  if (!sel) { live.textContent = say("none"); return; }
  const rec = element(source(), sel);
  const what = sel.kind === "node" ? `${sel.id} “${rec?.label ?? ""}”` : sel.kind === "edge" ? `${rec?.src} → ${rec?.dst}${rec?.label ? ` “${rec.label}”` : ""}` : sel.kind === "lane" ? `“${rec?.label || sel.id}”` : `[${rec?.condition ?? ""}]`;
  live.textContent = say("selected", say(sel.kind), what);
}

/** mark draws the selection in the picture. */
export function mark() {
  const s = svg();
  if (!s) return;
  for (const g of s.querySelectorAll(".fz-sel")) g.classList.remove("fz-sel");
  const o = overlay();
  o.querySelector(".fz-marks")?.remove();
  const marks = svgEl("g", { class: "fz-marks" }, o);
  const ids = new Set(canvas.multi);
  const g = groupOf(canvas.sel);
  if (canvas.sel && !g) { s.dataset.selected = ""; return; }
  s.dataset.selected = canvas.sel ? canvas.sel.kind + ":" + canvas.sel.id : "";
  if (g) {
    g.classList.add("fz-sel");
    if (canvas.sel.kind !== "edge") ring(marks, box(g), canvas.sel.kind);
  }
  for (const id of ids) {
    if (canvas.sel?.kind === "node" && id === canvas.sel.id) continue;
    const m = groupOf({ kind: "node", id });
    if (m) { m.classList.add("fz-sel"); ring(marks, box(m), "node"); }
  }
  for (const f of canvas.onMark || []) f(marks, g);
}

function ring(parent, b, kind) {
  const pad = kind === "lane" ? 1 : 4;
  svgEl("rect", { class: "fz-ring", x: b.x - pad, y: b.y - pad, width: b.w + 2 * pad, height: b.h + 2 * pad, rx: kind === "node" ? 8 : 4 }, parent);
}

/** elementAt returns the element written at a position of the code. */
function elementAt(pos) {
  const src = source();
  const line = canvas.editor.state.doc.lineAt(pos).number;
  const e = src.byLine[line];
  return e ? { kind: e.kind, id: e.id } : null;
}

/** inSync reports whether the picture shows the code as it is now, in
 *  the current view (the preview numbers every edit: state.gen). */
export function inSync() {
  const s = svg();
  return !!s && canvas.shown.how === "fresh" && canvas.shown.gen === (state.gen || 0) && $("#stage").dataset.state === "fresh" && s.classList.contains(state.view);
}

/** redrawn runs after every new picture: the selection and the layer.
 *  groups lists the top-level groups whose markup changed (the others
 *  keep their hit lines); null or undefined: all of them. */
function redrawn(groups) {
  const s = svg();
  if (!s) return;
  // Edges get a wide transparent line so that they are easy to hit (the
  // last child; an edge updated in place keeps it, its route updated).
  for (const g of groups || s.querySelectorAll("g.fz-edge")) {
    if (groups && !g.classList.contains("fz-edge")) continue;
    let p = g.firstElementChild;
    while (p && p.localName !== "path") p = p.nextElementSibling;
    if (!p || p.classList.contains("fz-hit") || !kindOf(g)) continue;
    const hit = g.lastElementChild, d = p.getAttribute("d");
    if (!hit.classList.contains("fz-hit")) svgEl("path", { class: "fz-hit", d }, g);
    else if (hit.getAttribute("d") !== d) hit.setAttribute("d", d);
  }
  if (canvas.pending) {
    const want = canvas.pending;
    if (groupOf(want)) { canvas.pending = null; select(want); }
  }
  if (canvas.sel && !groupOf(canvas.sel) && !element(source(), canvas.sel)) { canvas.sel = null; canvas.multi.clear(); }
  mark();
  if (canvas.gesture) {
    const g = canvas.gesture;
    if (inSync() && (!g.waitFor || g.waitFor())) {
      canvas.latencies.push({ name: g.name, ms: performance.now() - g.t0, t0: g.t0 });
      canvas.gesture = null;
      g.done?.();
    }
  }
  for (const f of canvas.onDraw) f();
}

/** setupCanvas starts two-way selection on the editor view. */
export function setupCanvas(view) {
  canvas.editor = view;
  const stage = $("#stage");
  const live = document.createElement("p");
  live.id = "canvas-live";
  live.className = "sr-only";
  live.setAttribute("aria-live", "polite");
  $("#preview").append(live);
  // Every picture put on the stage (a new one, or the same one confirmed
  // for newer code) says so.
  window.addEventListener("fz-picture", (e) => { canvas.shown = e.detail || {}; redrawn(canvas.shown.touched); });
  // Moved groups put back to their own coordinates: the hit lines follow.
  window.addEventListener("fz-settled", () => redrawn());
  new MutationObserver(() => redrawn()).observe(stage, { childList: true });
  // The cursor in the code shows its element in the picture. While the
  // text changes (typing), that waits for a pause of 100 ms: finding the
  // element reads the whole text again, work the keystroke's own picture
  // should not wait behind.
  let syncTimer = 0;
  const sync = (v) => {
    const el = elementAt(v.state.selection.main.head);
    if (el?.kind === canvas.sel?.kind && el?.id === canvas.sel?.id) return;
    select(el, { fromCode: true });
  };
  view.dispatch({
    effects: StateEffect.appendConfig.of(EditorView.updateListener.of((u) => {
      if (canvas.selecting || !u.selectionSet || !u.view.hasFocus) return;
      clearTimeout(syncTimer);
      if (!u.docChanged) { sync(u.view); return; }
      syncTimer = setTimeout(() => { if (!canvas.selecting && u.view.hasFocus) sync(u.view); }, 100);
    })),
  });
  canvas.inSync = inSync;
  window.fzCanvasSelect = (sel) => select(sel); // for end-to-end tests
  window.fzCanvas = canvas;
  return canvas;
}
