// Gestures on the picture that write the code. Every gesture is one call
// to the patch operations (POST /api/patch: all or nothing, comments kept,
// numbering gap-free, cross-lane prefixes and edges in their source lane
// written by the engine) and one transaction in the editor, so Ctrl+Z
// undoes exactly one gesture. The picture is then redrawn from the code.
import { undo, redo, isolateHistory } from "@codemirror/commands";
import { Transaction } from "@codemirror/state";
import { $, el, toast } from "./ui.js";
import { patch as enginePatch } from "./engine.js";
import { panBy } from "./preview.js";
import { local, t as tr } from "./i18n.js";
import { state } from "./state.js";
import { lineChanges } from "./editor.js";
import { scan, element, nextNodeID, laneID } from "./canvas-source.js";
import { canvas, source, svg, select, hit, groupOf, kindOf, box, toPicture, toPane, overlay, svgEl, mark, say } from "./canvas.js";

const shapes = ["circle", "rectangle", "diamond", "taskbox"];
const sides = ["left", "right", "top", "bottom"];
const GRID = 8;

const W = {
  tools: { en: "Canvas", fr: "Canevas", zh: "画布" },
  addLane: { en: "Add lane", fr: "Ajouter un couloir", zh: "添加泳道" },
  add: { en: (s) => `Add ${s}`, fr: (s) => `Ajouter : ${s}`, zh: (s) => `添加${s}` },
  circle: { en: "circle", fr: "cercle", zh: "圆形" },
  rectangle: { en: "rectangle", fr: "rectangle", zh: "矩形" },
  diamond: { en: "diamond", fr: "losange", zh: "菱形" },
  taskbox: { en: "taskbox", fr: "tâche", zh: "任务框" },
  connect: { en: "Connect", fr: "Relier", zh: "连接" },
  connectHelp: { en: "Connect: click or tap the target, or choose it with the arrow keys and press Enter; Escape cancels", fr: "Relier : cliquer ou toucher la cible, ou la choisir avec les flèches puis Entrée ; Échap pour annuler", zh: "连接：点击目标，或用方向键选择后按回车；Esc 取消" },
  del: { en: "Delete", fr: "Supprimer", zh: "删除" },
  autoLayout: { en: "Auto-layout", fr: "Disposition automatique", zh: "自动布局" },
  edit: { en: "Edit text", fr: "Modifier le texte", zh: "编辑文字" },
  shape: { en: (s) => `Shape: ${s}`, fr: (s) => `Forme : ${s}`, zh: (s) => `形状：${s}` },
  owner: { en: "Owner…", fr: "Responsable…", zh: "负责人…" },
  description: { en: "Description…", fr: "Description…", zh: "描述…" },
  system: { en: "System…", fr: "Système…", zh: "系统…" },
  moveTo: { en: (l) => `Move to lane ${l}`, fr: (l) => `Déplacer vers ${l}`, zh: (l) => `移到泳道 ${l}` },
  reverse: { en: "Reverse direction", fr: "Inverser le sens", zh: "反转方向" },
  fromSide: { en: (s) => `Leaves from: ${s}`, fr: (s) => `Part de : ${s}`, zh: (s) => `起点边：${s}` },
  toSide: { en: (s) => `Arrives at: ${s}`, fr: (s) => `Arrive à : ${s}`, zh: (s) => `终点边：${s}` },
  left: { en: "left", fr: "gauche", zh: "左" }, right: { en: "right", fr: "droite", zh: "右" },
  top: { en: "top", fr: "haut", zh: "上" }, bottom: { en: "bottom", fr: "bas", zh: "下" },
  addLoop: { en: "Add a loop over the selected nodes", fr: "Boucle sur les nœuds choisis", zh: "为所选节点添加循环" },
  loopCondition: { en: "Loop condition", fr: "Condition de la boucle", zh: "循环条件" },
  laneUp: { en: "Move lane earlier", fr: "Avancer le couloir", zh: "泳道前移" },
  laneDown: { en: "Move lane later", fr: "Reculer le couloir", zh: "泳道后移" },
  deleteLane: { en: "Delete lane", fr: "Supprimer le couloir", zh: "删除泳道" },
  labelOf: { en: (w) => `Text of ${w}`, fr: (w) => `Texte de ${w}`, zh: (w) => `${w}的文字` },
  menu: { en: "Diagram actions", fr: "Actions sur le diagramme", zh: "图表操作" },
  failed: { en: (m) => `The diagram cannot be changed: ${m}`, fr: (m) => `Le diagramme ne peut pas être modifié : ${m}`, zh: (m) => `无法修改图表：${m}` },
  changedMeanwhile: { en: "The code changed meanwhile: the gesture was not applied", fr: "Le code a changé entre-temps : le geste n’a pas été appliqué", zh: "代码已更改：未应用此操作" },
  needLane: { en: "Add a lane first", fr: "Ajoutez d’abord un couloir", zh: "请先添加泳道" },
  needNode: { en: "Select a node first", fr: "Choisissez d’abord un nœud", zh: "请先选择节点" },
  needTwo: { en: "Select two or more nodes (Shift+click or Space)", fr: "Choisissez au moins deux nœuds (Maj+clic ou Espace)", zh: "请选择两个或更多节点（Shift+单击或空格）" },
  laneN: { en: (n) => `Lane ${n}`, fr: (n) => `Couloir ${n}`, zh: (n) => `泳道 ${n}` },
  undo: { en: "Undo", fr: "Annuler", zh: "撤销" },
  redo: { en: "Redo", fr: "Rétablir", zh: "重做" },
  noLayout: { en: "Nothing to reset: the layout is automatic", fr: "Rien à réinitialiser : la disposition est automatique", zh: "无需重置：已是自动布局" },
};
const w = (key, ...args) => { const v = local(W[key]); return typeof v === "function" ? v(...args) : v; };

let current = "rectangle"; // the shape a double-click adds
let connecting = null; // keyboard connect: {from, target}
let fresh = null; // the element just added: its text can still join the gesture

// Gestures run one after the other: a gesture made while the previous one
// is still on its way (a quick second click) starts from its result.
let queue = Promise.resolve();
function serial(fn) {
  return (...args) => {
    const p = queue.then(() => fn(...args));
    queue = p.catch(() => {});
    return p;
  };
}

// ---------- applying code ----------

/** patchCode applies operations to code through the engine (the
 *  WebAssembly module in this browser, or the server's /api/patch). */
export async function patchCode(code, ops) {
  const r = await enginePatch(code, ops);
  if (!r.ok) {
    const first = r.data?.errors?.[0];
    const error = r.data?.error || tr("httpStatus", r.status);
    return { ok: false, error: first ? tr("errorAtLine", error, first.message, first.line) : error };
  }
  return { ok: true, code: r.data.code };
}

/** commit writes next into the editor as one undo step. */
function commit(next, { name = "edit", t0 = performance.now(), pick = null } = {}) {
  const view = canvas.editor, old = view.state.doc.toString();
  if (old === next) return false;
  view.dispatch({
    changes: lineChanges(old, next),
    annotations: [isolateHistory.of("full"), Transaction.userEvent.of("input.canvas")],
  });
  if (pick) canvas.pending = pick;
  canvas.gesture = { name, t0, waitFor: () => !pick || !!groupOf(pick), done: () => pick && reveal(pick) };
  return true;
}

/** reveal pans a zoomed-in picture so that an element a gesture made or
 *  picked (a node added after the last one on the screen) is in the pane;
 *  a picture fitted to the pane shows everything already. */
export function reveal(sel) {
  const g = groupOf(sel);
  if (state.autoFit || !g) return;
  const b = toPane(box(g)), pane = $("#preview"), m = 24;
  const shift = (lo, size, room) => size > room - 2 * m ? m - lo : lo < m ? m - lo : lo + size > room - m ? room - m - (lo + size) : 0;
  const dx = shift(b.x, b.w, pane.clientWidth), dy = shift(b.y, b.h, pane.clientHeight);
  if (dx || dy) panBy(dx, dy);
}

/** run applies ops to the editor's code: one gesture, one undo step. */
async function run(ops, opts = {}) {
  const view = canvas.editor, code = view.state.doc.toString();
  const base = opts.base ?? code;
  const r = await patchCode(base, ops);
  if (view.state.doc.toString() !== code) { toast(w("changedMeanwhile")); return null; }
  if (!r.ok) { toast(w("failed", r.error)); return null; }
  const next = opts.after ? opts.after(r.code) : r.code;
  commit(next, opts);
  return next;
}

/** runFresh applies ops for the text of an element just added: the
 *  addition and its text become one undo step. */
async function runFresh(ops, opts = {}) {
  const view = canvas.editor;
  if (fresh && view.state.doc.toString() === fresh.after) {
    const f = fresh;
    fresh = null;
    const r = await patchCode(f.seed ?? f.before, [...f.ops, ...ops]);
    if (!r.ok) { toast(w("failed", r.error)); return null; }
    const next = opts.after ? opts.after(r.code) : r.code;
    undo(view);
    if (view.state.doc.toString() !== f.before) { redo(view); return run(ops, opts); }
    commit(next, opts);
    return next;
  }
  fresh = null;
  return run(ops, opts);
}

const runS = serial(run), runFreshS = serial(runFresh);

// An empty editor has no lane for the engine to work on: the first lane
// is written as the canonical text of an empty lane.
const emptyLane = (id, label) => `${id} { # ${label}\n}\n`;

// ---------- in-place text editing ----------

let editing = null;

/** editText opens a text field over a picture box; Enter commits,
 *  Escape cancels, leaving the field commits. */
export function editText(b, value, label, onCommit, onCancel) {
  closeEdit(false);
  const pane = $("#preview-pane").getBoundingClientRect(), prev = $("#preview").getBoundingClientRect();
  const p = toPane(b);
  const input = el("input", { type: "text", className: "canvas-edit", value, "aria-label": label, spellcheck: false });
  const width = Math.max(140, p.w + 16);
  let x = prev.left - pane.left + p.x + p.w / 2 - width / 2, y = prev.top - pane.top + p.y + p.h / 2 - 16;
  x = Math.max(4, Math.min(x, pane.width - width - 4));
  y = Math.max(prev.top - pane.top + 4, Math.min(y, pane.height - 40));
  input.style.left = x + "px"; input.style.top = y + "px"; input.style.width = width + "px";
  editing = { input, onCommit, onCancel, done: false };
  input.addEventListener("keydown", (e) => {
    e.stopPropagation();
    if (e.key === "Enter") { e.preventDefault(); closeEdit(true); }
    else if (e.key === "Escape") { e.preventDefault(); closeEdit(false); }
  });
  input.addEventListener("blur", () => closeEdit(true, false));
  $("#preview-pane").append(input);
  input.focus();
  input.select();
}

function closeEdit(save, refocus = true) {
  const ed = editing;
  if (!ed || ed.done) return;
  ed.done = true;
  editing = null;
  const value = ed.input.value;
  ed.input.remove();
  if (refocus) $("#preview").focus({ preventScroll: true });
  if (save) ed.onCommit(value, performance.now());
  else ed.onCancel?.();
}

/** edit opens the text of the selection (node label, edge label, lane
 *  title, loop condition) for editing. */
export function edit(sel = canvas.sel) {
  const src = source(), rec = element(src, sel), g = groupOf(sel);
  if (!rec || !g) return;
  const isFresh = fresh && fresh.sel.kind === sel.kind && fresh.sel.id === sel.id;
  const runIt = isFresh ? runFreshS : runS;
  let b = box(g);
  if (sel.kind === "lane") b = headerBox(g) || b;
  if (sel.kind === "loop") {
    // An outlined frame (a path, not a rect) bounds more than its top box:
    // open the field at its title, which starts 10 px into that box.
    const t = g.querySelector(":scope > text"), own = !g.querySelector(":scope > rect") && t ? g.getBBox() : null;
    const dx = own ? +t.getAttribute("x") - 10 - own.x : 0;
    b = { x: b.x + dx, y: b.y, w: Math.min(b.w - dx, 200), h: 20 };
  }
  if (sel.kind === "edge") {
    const lb = g.querySelector(":scope > rect");
    if (lb) b = { x: +lb.getAttribute("x"), y: +lb.getAttribute("y"), w: +lb.getAttribute("width"), h: +lb.getAttribute("height") };
    else { const mid = edgeMiddle(g); b = { x: mid.x - 40, y: mid.y - 10, w: 80, h: 20 }; }
  }
  const name = sel.kind === "node" ? sel.id : sel.kind === "edge" ? `${rec.src} → ${rec.dst}` : sel.kind === "lane" ? sel.id : "loop";
  const value = sel.kind === "loop" ? rec.condition : rec.label;
  const label = sel.kind === "loop" ? w("loopCondition") : w("labelOf", `${say(sel.kind)} ${name}`);
  editText(b, value, label, (text, t0) => {
    if (text === value && !isFresh) return;
    if (sel.kind === "node") runIt([{ op: "updateNode", id: sel.id, label: text }], { name: "label", t0, pick: sel });
    else if (sel.kind === "edge") runIt([{ op: "updateEdge", ...edgeRef(rec), label: text }], { name: "edge label", t0, pick: sel });
    else if (sel.kind === "loop") {
      if (!text.trim()) return;
      runIt([{ op: "updateLoop", index: loopIndex(sel.id), label: text }], { name: "loop condition", t0, pick: sel });
    } else if (sel.kind === "lane") {
      const title = text.trim() || sel.id;
      const op = { op: "renameLane", id: sel.id, label: title };
      let pick = sel;
      if (isFresh) { op.newId = laneID(title, { laneById: Object.fromEntries(src.lanes.filter((l) => l.id !== sel.id).map((l) => [l.id, l])) }); pick = { kind: "lane", id: op.newId }; }
      runIt([op], { name: "lane title", t0, pick });
    }
  }, () => {
    // Escape on the text of an element just added takes the addition back.
    if (isFresh && fresh && canvas.editor.state.doc.toString() === fresh.after) {
      const prev = fresh.prev;
      fresh = null;
      canvas.pending = prev && prev.kind ? prev : null;
      canvas.sel = null;
      queue = queue.then(() => undo(canvas.editor));
    } else if (isFresh) fresh = null;
  });
}

function headerBox(g) {
  const rects = [...g.querySelectorAll(":scope > rect")];
  const v = svg().classList;
  const r = v.contains("workflow") ? rects[1] : v.contains("sequence") ? rects[0] : null;
  if (r) return { x: +r.getAttribute("x"), y: +r.getAttribute("y"), w: +r.getAttribute("width"), h: Math.min(+r.getAttribute("height"), 40) };
  const t = g.querySelector(":scope > text");
  if (t) { const bb = t.getBBox(); return { x: bb.x, y: bb.y, w: Math.max(bb.width, 120), h: bb.height }; }
  return null;
}

function edgeMiddle(g) {
  const p = g.querySelector(":scope > path");
  const len = p.getTotalLength();
  const pt = p.getPointAtLength(len / 2);
  return { x: pt.x, y: pt.y };
}

// An edge is named by its ends and its place among the edges between them;
// a loop by its place in written order.
const edgeRef = (e) => ({ from: e.src, to: e.dst, index: e.index });
const loopIndex = (id) => +id.slice(4) - 1;

// ---------- the gestures ----------

/** chosen is the selection, or the one a gesture just asked for (shown
 *  with the next picture). */
const chosen = () => canvas.pending || canvas.sel;

/** laneFor returns the lane a new node goes to: the selected lane, the
 *  lane of the selected node, or the last lane. */
function laneFor(src) {
  const s = chosen();
  if (s?.kind === "lane" && src.laneById[s.id]) return s.id;
  if (s?.kind === "node" && src.nodes[s.id]) return src.nodes[s.id].lane;
  return src.lanes.length ? src.lanes[src.lanes.length - 1].id : null;
}

/** addNode adds a node of a shape to a lane, then opens its label. */
export const addNode = serial((...a) => addNodeNow(...a));
async function addNodeNow(shape, lane, { after = null, t0 = performance.now() } = {}) {
  const view = canvas.editor, before = view.state.doc.toString(), prev = chosen();
  let src = source();
  let seed = null;
  if (!src.lanes.length) {
    if (before.trim()) { toast(w("needLane")); return; }
    seed = emptyLane("Lane1", w("laneN", 1));
    src = scan(seed);
  }
  lane = lane ?? laneFor(src);
  if (!src.laneById[lane]) { toast(w("needLane")); return; }
  const c = chosen();
  if (!after && c?.kind === "node" && src.nodes[c.id]?.lane === lane) after = c.id;
  const id = nextNodeID(src);
  const ops = [{ op: "insertNode", id, lane, shape, label: "", ...(after ? { after } : {}) }];
  const sel = { kind: "node", id };
  const next = await run(ops, { base: seed ?? before, name: "add " + shape, t0, pick: sel });
  if (next === null) return;
  fresh = { sel, before, seed, after: next, ops: ops.map((o) => ({ ...o, label: undefined })), prev };
  // Open the label once the node is drawn.
  whenDrawn(sel, () => edit(sel));
}

/** whenDrawn calls fn once the picture shows sel. */
function whenDrawn(sel, fn) {
  if (groupOf(sel) && canvas.pending === null) { fn(); return; }
  const f = () => {
    if (!groupOf(sel)) return;
    canvas.onDraw.splice(canvas.onDraw.indexOf(f), 1);
    fn();
  };
  canvas.onDraw.push(f);
}

/** addLane adds a lane after the selected one (at the end otherwise) and
 *  opens its title. */
export const addLane = serial((...a) => addLaneNow(...a));
async function addLaneNow({ t0 = performance.now() } = {}) {
  const view = canvas.editor, before = view.state.doc.toString(), prev = chosen();
  const src = source();
  let n = src.lanes.length + 1;
  while (src.laneById["Lane" + n]) n++;
  const id = "Lane" + n, label = w("laneN", n), sel = { kind: "lane", id };
  let next;
  if (!src.lanes.length) {
    if (before.trim() && !/^\s*(\/\/.*)?(\n\s*(\/\/.*)?)*$/.test(before)) { toast(w("failed", tr("noLaneFound"))); return; }
    next = (before.trim() ? before.replace(/\n*$/, "\n") : "") + emptyLane(id, label);
    commit(next, { name: "add lane", t0, pick: sel });
    fresh = { sel, before, seed: next, after: next, ops: [], prev: null };
  } else {
    const c = chosen();
    let after = c?.kind === "lane" ? c.id : c?.kind === "node" ? src.nodes[c.id]?.lane : undefined;
    if (after && !src.laneById[after]) after = undefined;
    const ops = [{ op: "insertLane", id, label, ...(after ? { after } : {}) }];
    next = await run(ops, { name: "add lane", t0, pick: sel });
    if (next === null) return;
    fresh = { sel, before, seed: null, after: next, ops, prev };
  }
  whenDrawn(sel, () => edit(sel));
}

/** connect writes an edge between two nodes with the given sides (the
 *  engine infers a side left empty) and selects it. */
export const connect = serial((...a) => connectNow(...a));
function connectNow(from, to, fromSide, toSide, t0 = performance.now()) {
  const k = source().edges.filter((e) => e.src === from && e.dst === to).length;
  const op = { op: "insertEdge", from, to };
  if (fromSide) op.fromSide = fromSide;
  if (toSide) op.toSide = toSide;
  return run([op], {
    name: "connect", t0,
    after: (code) => {
      const e = scan(code).edges.filter((x) => x.src === from && x.dst === to)[k];
      if (e) canvas.pending = { kind: "edge", id: e.id };
      return code;
    },
  });
}

/** remove deletes the selection: nodes (with their edges and loop
 *  references), an edge, a loop or a lane. */
export const remove = serial((...a) => removeNow(...a));
async function removeNow(t0 = performance.now()) {
  const src = source(), sel = canvas.sel;
  if (!sel) return;
  const nodes = new Set(canvas.multi);
  if (sel.kind === "node") nodes.add(sel.id);
  if (nodes.size) {
    await run([...nodes].filter((id) => src.nodes[id]).map((id) => ({ op: "removeNode", id })), { name: "delete", t0 });
  } else if (sel.kind === "edge") {
    await run([{ op: "removeEdge", ...edgeRef(element(src, sel)) }], { name: "delete", t0 });
  } else if (sel.kind === "loop") {
    await run([{ op: "removeLoop", index: loopIndex(sel.id) }], { name: "delete", t0 });
  } else if (sel.kind === "lane") {
    if (src.lanes.length === 1) commit("", { name: "delete", t0 }); // the last lane: an empty canvas
    else await run([{ op: "removeLane", id: sel.id }], { name: "delete", t0 });
  }
  canvas.sel = null;
  canvas.multi.clear();
  mark();
}

/** moveLane puts lane id at place to (0-based) among the lanes: in the
 *  code (moveLane) or, with draw, only in the drawing (reorderLane, kept in
 *  the layout block). */
export const moveLane = serial((...a) => moveLaneNow(...a));
function moveLaneNow(id, to, t0 = performance.now(), draw = false) {
  const src = source();
  if (to < 0 || to >= src.lanes.length) return null;
  return run([{ op: draw ? "reorderLane" : "moveLane", id, index: to }], { name: draw ? "reorder lanes" : "move lane", t0, pick: { kind: "lane", id } });
}

/** moveNode moves a node into another lane. */
export const moveNode = serial((...a) => moveNodeNow(...a));
function moveNodeNow(id, lane, t0 = performance.now()) {
  return run([{ op: "moveNode", id, lane }], { name: "move to lane", t0, pick: { kind: "node", id } });
}

/** reverse turns an edge around (its sides and label follow). */
const reverse = serial((e, t0) => reverseNow(e, t0));
function reverseNow(e, t0) {
  return run([{ op: "reverseEdge", ...edgeRef(e) }], { name: "reverse", t0 });
}

/** addLoop asks for a condition and adds a loop over the picked nodes. */
export function addLoop() {
  const src = source();
  const ids = new Set(canvas.multi);
  if (canvas.sel?.kind === "node") ids.add(canvas.sel.id);
  const nodes = src.nodeOrder.filter((id) => ids.has(id));
  if (nodes.length < 2) { toast(w("needTwo")); return; }
  const g = groupOf({ kind: "node", id: nodes[0] });
  editText(box(g), "", w("loopCondition"), (text, t0) => {
    if (!text.trim()) return;
    runS([{ op: "insertLoop", nodes, label: text.trim() }], { name: "add loop", t0, pick: { kind: "loop", id: "loop" + (src.loops.length + 1) } });
  });
}

// ---------- manual layout ----------

/** nudge writes a manual offset of a node (in picture units) into the
 *  code's layout block. */
export const nudge = serial((...a) => nudgeNow(...a));
function nudgeNow(id, dx, dy, t0 = performance.now()) {
  return run([{ op: "nudgeNode", id, dx: Math.round(dx), dy: Math.round(dy) }], { name: "nudge", t0, pick: { kind: "node", id } });
}

/** autoLayout drops every manual adjustment. */
export const autoLayout = serial((...a) => autoLayoutNow(...a));
function autoLayoutNow(t0 = performance.now()) {
  if (!/^\s*\/\/\s*@layout/m.test(canvas.editor.state.doc.toString())) { toast(w("noLayout")); return; }
  return run([{ op: "clearLayout" }], { name: "auto-layout", t0 });
}

// ---------- the context menu ----------

let menu = null;

/** openMenu shows the actions on the selection at a point of the window. */
export function openMenu(cx, cy) {
  closeMenu(false);
  const src = source(), sel = canvas.sel, rec = element(src, sel);
  const items = [];
  const item = (text, fn, checked) => items.push({ text, fn, checked });
  const sep = () => items.push(null);
  const view = state.view;
  if (sel?.kind === "node" && rec) {
    item(w("edit"), () => edit(sel));
    sep();
    for (const s of shapes) item(w("shape", w(s)), (t0) => runS([{ op: "updateNode", id: sel.id, shape: s }], { name: "shape", t0, pick: sel }), rec.shape === s);
    sep();
    for (const f of ["owner", "description", "system"]) item(w(f), () => field(sel, f));
    if (view !== "mindmap") {
      sep();
      for (const l of src.lanes) if (l.id !== rec.lane) item(w("moveTo", l.label || l.id), (t0) => moveNode(sel.id, l.id, t0));
    }
    sep();
    if (view === "workflow" || view === "architecture") item(w("connect"), () => startConnect());
    if (canvas.multi.size >= 1) item(w("addLoop"), () => addLoop());
    item(w("del"), (t0) => remove(t0));
  } else if (sel?.kind === "edge" && rec) {
    item(w("edit"), () => edit(sel));
    item(w("reverse"), (t0) => reverse(rec, t0));
    sep();
    for (const s of sides) item(w("fromSide", w(s)), (t0) => runS([{ op: "updateEdge", ...edgeRef(rec), fromSide: s }], { name: "side", t0, pick: sel }), rec.fromSide === s);
    sep();
    for (const s of sides) item(w("toSide", w(s)), (t0) => runS([{ op: "updateEdge", ...edgeRef(rec), toSide: s }], { name: "side", t0, pick: sel }), rec.toSide === s);
    sep();
    item(w("del"), (t0) => remove(t0));
  } else if (sel?.kind === "lane" && rec) {
    item(w("edit"), () => edit(sel));
    for (const s of shapes) item(w("add", w(s)), (t0) => addNode(s, sel.id, { t0 }));
    item(w("addLane"), (t0) => addLane({ t0 }));
    const i = src.lanes.findIndex((l) => l.id === sel.id);
    if (i > 0) item(w("laneUp"), (t0) => moveLane(sel.id, i - 1, t0));
    if (i < src.lanes.length - 1) item(w("laneDown"), (t0) => moveLane(sel.id, i + 1, t0));
    item(w("deleteLane"), (t0) => remove(t0));
  } else if (sel?.kind === "loop" && rec) {
    item(w("edit"), () => edit(sel));
    item(w("del"), (t0) => remove(t0));
  } else {
    item(w("addLane"), (t0) => addLane({ t0 }));
    for (const s of shapes) item(w("add", w(s)), (t0) => addNode(s, null, { t0 }));
    item(w("autoLayout"), (t0) => autoLayout(t0));
  }
  while (items.length && items[items.length - 1] === null) items.pop();
  const list = el("div", { id: "canvas-menu", role: "menu", className: "canvas-menu", "aria-label": w("menu") });
  for (const it of items) {
    if (!it) { list.append(el("div", { role: "separator" })); continue; }
    const b = el("button", { type: "button", role: it.checked === undefined ? "menuitem" : "menuitemradio", tabIndex: -1 }, it.text);
    if (it.checked !== undefined) b.setAttribute("aria-checked", String(!!it.checked));
    b.addEventListener("click", (e) => { const t0 = e.timeStamp || performance.now(); closeMenu(true); it.fn(t0); });
    list.append(b);
  }
  list.addEventListener("keydown", (e) => {
    const all = [...list.querySelectorAll("button")], i = all.indexOf(document.activeElement);
    let j = -1;
    if (e.key === "ArrowDown") j = (i + 1) % all.length;
    else if (e.key === "ArrowUp") j = (i - 1 + all.length) % all.length;
    else if (e.key === "Home") j = 0;
    else if (e.key === "End") j = all.length - 1;
    else if (e.key === "Escape" || e.key === "Tab") { e.preventDefault(); closeMenu(true); return; }
    if (j >= 0) { e.preventDefault(); all[j].focus(); }
  });
  $("#preview-pane").append(list);
  const pane = $("#preview-pane").getBoundingClientRect();
  const mw = list.offsetWidth, mh = list.offsetHeight;
  list.style.left = Math.max(4, Math.min(cx - pane.left, pane.width - mw - 4)) + "px";
  list.style.top = Math.max(4, Math.min(cy - pane.top, pane.height - mh - 4)) + "px";
  menu = list;
  list.querySelector("button")?.focus();
}

function closeMenu(refocus) {
  if (!menu) return;
  menu.remove();
  menu = null;
  if (refocus) $("#preview").focus({ preventScroll: true });
}

/** field asks for a taskbox field (owner, description, system). */
function field(sel, f) {
  const rec = element(source(), sel), g = groupOf(sel);
  if (!rec || !g) return;
  editText(box(g), rec[f] || "", w(f).replace("…", ""), (text, t0) => {
    if (text === (rec[f] || "")) return;
    runS([{ op: "updateNode", id: sel.id, [f]: text }], { name: f, t0, pick: sel });
  });
}

// ---------- keyboard connect ----------

function startConnect() {
  const s = canvas.sel;
  if (s?.kind !== "node") { toast(w("needNode")); return; }
  connecting = { from: s.id, target: null };
  $("#canvas-live").textContent = w("connectHelp");
  drawConnect();
  $("#preview").focus({ preventScroll: true });
}

function drawConnect() {
  const o = overlay();
  o.querySelector(".fz-connect")?.remove();
  if (!connecting) return;
  const g = svgEl("g", { class: "fz-connect" }, o);
  const a = groupOf({ kind: "node", id: connecting.from }), b = connecting.target && groupOf({ kind: "node", id: connecting.target });
  if (!a) return;
  const ba = box(a);
  if (b) {
    const bb = box(b);
    svgEl("line", { class: "fz-link", x1: ba.x + ba.w / 2, y1: ba.y + ba.h / 2, x2: bb.x + bb.w / 2, y2: bb.y + bb.h / 2 }, g);
    svgEl("rect", { class: "fz-target", x: bb.x - 4, y: bb.y - 4, width: bb.w + 8, height: bb.h + 8, rx: 8 }, g);
  }
}

// ---------- pointer gestures ----------

function centers() {
  const s = svg();
  if (!s) return [];
  return [...s.querySelectorAll("g.fz-node[data-id]")].map((g) => { const b = box(g); return { id: g.dataset.id, x: b.x + b.w / 2, y: b.y + b.h / 2, b }; });
}

/** nearest finds the node nearest to (x, y) in a direction. */
function nearest(from, dir, exclude) {
  let best = null, score = Infinity;
  for (const c of centers()) {
    if (c.id === exclude) continue;
    const dx = c.x - from.x, dy = c.y - from.y;
    const along = dir === "ArrowRight" ? dx : dir === "ArrowLeft" ? -dx : dir === "ArrowDown" ? dy : -dy;
    const across = dir === "ArrowRight" || dir === "ArrowLeft" ? Math.abs(dy) : Math.abs(dx);
    if (along <= 1) continue;
    const sc = along + 2 * across;
    if (sc < score) { score = sc; best = c; }
  }
  return best;
}

function centerOf(sel) {
  const g = groupOf(sel);
  if (!g) return null;
  const b = box(g);
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

/** sideAt picks the side of box b nearest to point p. */
function sideAt(b, p) {
  const d = { left: Math.abs(p.x - b.x), right: Math.abs(b.x + b.w - p.x), top: Math.abs(p.y - b.y), bottom: Math.abs(b.y + b.h - p.y) };
  return Object.entries(d).sort((a, c) => a[1] - c[1])[0][0];
}

function handlePoint(b, side) {
  return side === "left" ? { x: b.x, y: b.y + b.h / 2 } : side === "right" ? { x: b.x + b.w, y: b.y + b.h / 2 } : side === "top" ? { x: b.x + b.w / 2, y: b.y } : { x: b.x + b.w / 2, y: b.y + b.h };
}

const drawsHandles = () => state.view === "workflow" || state.view === "architecture";

/** handles draws the four side handles of a node. */
function handles(parent, id) {
  const g = groupOf({ kind: "node", id });
  if (!g || !drawsHandles()) return;
  const b = box(g);
  const hg = svgEl("g", { class: "fz-handles", "data-node": id }, parent);
  // Six picture units, but at least five pixels on the screen when the
  // picture is drawn small (a 20-node diagram fitted to the pane is at
  // about a quarter of its size), without covering the node's middle
  // (a press there moves the node).
  // (The preview's zoom is the picture's scale on the screen: reading it
  // from the page would lay the new picture out before its frame.)
  const k = state.zoom || 1;
  const r = Math.max(6, Math.min(5 / k, b.h / 3, b.w / 6));
  for (const s of sides) {
    const p = handlePoint(b, s);
    svgEl("circle", { class: "fz-handle", cx: p.x, cy: p.y, r, "data-side": s, "data-node": id }, hg);
  }
}

function laneAt(p) {
  const s = svg();
  for (const g of s.querySelectorAll("g.fz-lane[data-id]")) {
    const b = box(g);
    if (p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h) return g.dataset.id;
  }
  return null;
}

function nodeUnder(cx, cy, exclude) {
  for (const e of document.elementsFromPoint(cx, cy)) {
    const h = hit(e);
    if (h?.kind === "node" && h.id !== exclude) return h;
  }
  return null;
}

/** pickAt returns what a press at (cx, cy) on target means. Where the hit
 * strokes of several edges overlap (a crowded picture, a small zoom), it is
 * the edge whose line or label is closest to the pointer, not the one drawn
 * last. */
export function pickAt(target, cx, cy) {
  const h = hit(target);
  if (h?.kind !== "edge") return h;
  const p = toPicture(cx, cy);
  let best = h, bestD = Infinity;
  for (const el of document.elementsFromPoint(cx, cy)) {
    const o = hit(el);
    if (o?.kind !== "edge") continue;
    const d = edgeDistance(o.g, p);
    if (d < bestD) { best = o; bestD = d; }
  }
  return best;
}

// edgeDistance is how far picture point p is from an edge's label box or
// line (sampled every two units along its path).
function edgeDistance(g, p) {
  const r = g.querySelector(":scope > rect");
  if (r) {
    const x = +r.getAttribute("x"), y = +r.getAttribute("y"), w = +r.getAttribute("width"), h = +r.getAttribute("height");
    if (p.x >= x && p.x <= x + w && p.y >= y && p.y <= y + h) return 0;
  }
  const path = g.querySelector(":scope > path:not(.fz-hit)") || g.querySelector(":scope > path");
  if (!path) return Infinity;
  const len = path.getTotalLength(), n = Math.min(2000, Math.ceil(len / 2));
  let d = Infinity;
  for (let i = 0; i <= n; i++) {
    const q = path.getPointAtLength(len * i / Math.max(1, n));
    d = Math.min(d, Math.hypot(q.x - p.x, q.y - p.y));
  }
  return d;
}

let press = null, lastClick = null, hover = null;
// lastTap is the last press released without moving, and doubled the last
// one that opened a double click; the browser's own dblclick event (its
// double-click speed, and a busy page that handles the second release
// after our 450 ms) acts on lastTap when our timing did not.
let lastTap = null, doubled = null;

function down(e) {
  if (e.button !== 0) lastClick = null; // a right or middle press ends a double click
  if (e.button !== 0 || !svg() || e.target.closest?.(".canvas-edit, .canvas-menu")) return;
  closeMenu(false);
  const handle = e.target.closest?.(".fz-handle");
  const h = handle ? null : pickAt(e.target, e.clientX, e.clientY);
  if (connecting) {
    // Connect mode (the Connect button, or C): a click or tap on another
    // node writes the edge; anywhere else cancels.
    const c = connecting;
    connecting = null;
    drawConnect();
    e.stopPropagation();
    e.preventDefault();
    if (h?.kind === "node" && h.id !== c.from) connect(c.from, h.id, "", "", e.timeStamp || performance.now());
    else select(canvas.sel);
    return;
  }
  press = { x: e.clientX, y: e.clientY, t0: e.timeStamp || performance.now(), h, handle, shift: e.shiftKey, moved: false, id: e.pointerId, touch: e.pointerType === "touch" };
  if (handle || (h && (h.kind === "node" || h.kind === "edge" || h.kind === "loop" || (h.kind === "lane" && h.header)))) {
    e.stopPropagation(); // not a pan
    e.preventDefault();
    // The default (focus) is prevented too: the picture takes the keys
    // itself, so that Delete, Enter or the arrows act on what was pressed
    // wherever the focus was (the editor, a closed menu, a replaced picture).
    $("#preview").focus({ preventScroll: true });
  }
  if (press.touch) {
    press.timer = setTimeout(() => {
      if (!press || press.moved) return;
      const p = press;
      press = null;
      if (p.h && !(p.h.kind === "node" && canvas.multi.has(p.h.id))) select({ kind: p.h.kind, id: p.h.id });
      openMenu(p.x, p.y);
    }, 550);
  }
  window.addEventListener("pointermove", move, true);
  window.addEventListener("pointerup", up, true);
  window.addEventListener("pointercancel", cancel, true);
}

function cancel() {
  if (press?.timer) clearTimeout(press.timer);
  press = null;
  overlay().querySelector(".fz-drag")?.remove();
  for (const g of svg()?.querySelectorAll("[data-dragging]") || []) { g.removeAttribute("transform"); g.removeAttribute("data-dragging"); }
  unlisten();
}

function unlisten() {
  window.removeEventListener("pointermove", move, true);
  window.removeEventListener("pointerup", up, true);
  window.removeEventListener("pointercancel", cancel, true);
}

function move(e) {
  if (!press) return;
  const dx = e.clientX - press.x, dy = e.clientY - press.y;
  if (!press.moved && Math.hypot(dx, dy) < (press.touch ? 10 : 4)) return;
  press.moved = true;
  if (press.timer) clearTimeout(press.timer);
  const o = overlay();
  const k = toPane({ x: 0, y: 0, w: 1, h: 1 }).k;
  if (press.handle) {
    let l = o.querySelector(".fz-drag");
    const nb = box(groupOf({ kind: "node", id: press.handle.dataset.node }));
    const a = handlePoint(nb, press.handle.dataset.side), p = toPicture(e.clientX, e.clientY);
    if (!l) l = svgEl("line", { class: "fz-drag fz-link" }, o);
    l.setAttribute("x1", a.x); l.setAttribute("y1", a.y); l.setAttribute("x2", p.x); l.setAttribute("y2", p.y);
  } else if (press.h?.kind === "node" && state.view !== "mindmap" && state.view !== "sequence") {
    let sx = dx / k, sy = dy / k;
    // Snap to the grid and to the centres of the other nodes.
    const guides = o.querySelector(".fz-guides") || svgEl("g", { class: "fz-guides fz-drag" }, o);
    guides.replaceChildren();
    const me = box(press.h.g), cx = me.x + me.w / 2 + sx, cy = me.y + me.h / 2 + sy;
    let gx = null, gy = null;
    for (const c of centers()) {
      if (c.id === press.h.id) continue;
      if (gx === null && Math.abs(c.x - cx) < 6) { gx = c.x; sx += c.x - cx; }
      if (gy === null && Math.abs(c.y - cy) < 6) { gy = c.y; sy += c.y - cy; }
    }
    if (gx === null) sx = Math.round(sx / GRID) * GRID;
    if (gy === null) sy = Math.round(sy / GRID) * GRID;
    const vb = svg().viewBox.baseVal;
    if (gx !== null) svgEl("line", { class: "fz-guide", x1: gx, y1: vb.y, x2: gx, y2: vb.y + vb.height }, guides);
    if (gy !== null) svgEl("line", { class: "fz-guide", x1: vb.x, y1: gy, x2: vb.x + vb.width, y2: gy }, guides);
    press.h.g.setAttribute("transform", `translate(${sx} ${sy})`);
    press.h.g.dataset.dragging = "1";
    press.dx = sx; press.dy = sy;
  } else if (press.h?.kind === "lane" && press.h.header && state.view !== "architecture" && state.view !== "mindmap") {
    const seq = state.view === "sequence";
    press.h.g.setAttribute("transform", seq ? `translate(${dx / k} 0)` : `translate(0 ${dy / k})`);
    press.h.g.dataset.dragging = "1";
  }
}

function up(e) {
  unlisten();
  const p = press;
  press = null;
  if (!p) return;
  if (p.timer) clearTimeout(p.timer);
  overlay().querySelector(".fz-drag")?.remove();
  overlay().querySelector(".fz-guides")?.remove();
  const dragged = svg()?.querySelector("[data-dragging]");
  if (dragged) { dragged.removeAttribute("transform"); dragged.removeAttribute("data-dragging"); }
  // The gesture ends with the release: its time, not the press's, starts
  // the gesture-to-picture measure (a drag's own length is not latency).
  p.t0 = e.timeStamp || performance.now();
  if (!p.moved) return click(p, e);
  const t0 = p.t0;
  if (p.handle) {
    const from = p.handle.dataset.node, target = nodeUnder(e.clientX, e.clientY, from);
    if (!target) return;
    const side = sideAt(box(target.g), toPicture(e.clientX, e.clientY));
    canvas.gestureInput = t0;
    connect(from, target.id, p.handle.dataset.side, side, t0);
  } else if (p.h?.kind === "node" && p.dx !== undefined) {
    const src = source(), rec = src.nodes[p.h.id];
    const lane = laneAt(toPicture(e.clientX, e.clientY));
    if (!rec) return;
    if (lane && lane !== rec.lane) moveNode(p.h.id, lane, t0);
    else if (p.dx || p.dy) nudge(p.h.id, p.dx, p.dy, t0);
  } else if (p.h?.kind === "lane" && p.h.header) {
    const src = source();
    const seq = state.view === "sequence";
    const pt = toPicture(e.clientX, e.clientY);
    const ids = src.lanes.map((l) => l.id);
    const others = ids.filter((id) => id !== p.h.id);
    let to = 0;
    for (const id of others) {
      const b = box(groupOf({ kind: "lane", id }));
      if (!b) continue;
      const mid = seq ? b.x + b.w / 2 : b.y + b.h / 2;
      if ((seq ? pt.x : pt.y) > mid) to++;
    }
    moveLane(p.h.id, to, t0, true);
  }
}

function click(p, e) {
  const now = performance.now();
  const same = lastClick && now - lastClick.t < 450 && Math.hypot(p.x - lastClick.x, p.y - lastClick.y) < 8 && (lastClick.h?.id ?? null) === (p.h?.id ?? null);
  lastClick = same ? null : { t: now, x: p.x, y: p.y, h: p.h };
  lastTap = p;
  if (p.handle) return;
  const h = p.h;
  if (same) { doubled = p; return dblclick(p, e); }
  if (!h) { select(null); return; }
  const sel = { kind: h.kind, id: h.id };
  const was = canvas.sel;
  if (h.kind === "edge" && was?.kind === "edge" && was.id === h.id) { edit(sel); return; }
  select(sel, { add: p.shift && h.kind === "node" });
}

// nativeDblclick is the browser's double click: when our own timing saw
// two single clicks (a slow double click, or a page too busy to handle the
// second release within 450 ms), it opens what the double click opens on
// the element of the last release, unless a text field is already open.
function nativeDblclick(e) {
  const p = lastTap;
  if (!p || p === doubled || p.handle || document.querySelector(".canvas-edit")) return;
  if (Math.hypot(e.clientX - p.x, e.clientY - p.y) >= 8) return;
  doubled = p;
  lastClick = null;
  dblclick(p, e);
}

function dblclick(p) {
  const h = p.h;
  if (!h) return;
  if (h.kind === "lane" && !h.header) {
    // Empty lane space: a node of the palette's shape, after the node to
    // the left of (or above) the point.
    if (state.view === "mindmap") return;
    const pt = toPicture(p.x, p.y), src = source();
    let after = null, best = -Infinity;
    for (const c of centers()) {
      if (src.nodes[c.id]?.lane !== h.id) continue;
      const key = state.view === "workflow" ? c.x : c.y;
      if (key < (state.view === "workflow" ? pt.x : pt.y) && key > best) { best = key; after = c.id; }
    }
    canvas.sel = null;
    addNode(current, h.id, { after, t0: p.t0 });
    return;
  }
  const sel = { kind: h.kind, id: h.id };
  select(sel);
  edit(sel);
}

// ---------- keyboard ----------

function key(e) {
  lastClick = null; // a key between two clicks makes them two single clicks
  if (e.target !== $("#preview")) return;
  const mod = e.ctrlKey || e.metaKey;
  const t0 = e.timeStamp || performance.now();
  // A selection that follows the code's cursor is only shown: the keys
  // pan the picture until Enter takes it (or the first node) over.
  const sel = canvas.fromCode ? null : canvas.sel;
  const stop = () => { e.preventDefault(); e.stopImmediatePropagation(); };
  if (mod && (e.key === "z" || e.key === "Z")) { stop(); (e.shiftKey ? redo : undo)(canvas.editor); return; }
  if (mod && e.key === "y") { stop(); redo(canvas.editor); return; }
  if (mod || (e.altKey && !e.key.startsWith("Arrow"))) return;
  if (connecting) {
    if (e.key.startsWith("Arrow")) {
      stop();
      const from = centerOf({ kind: "node", id: connecting.target || connecting.from });
      const n = from && nearest(from, e.key, connecting.from);
      if (n) { connecting.target = n.id; $("#canvas-live").textContent = `${connecting.from} → ${n.id}`; }
      drawConnect();
    } else if (e.key === "Enter") {
      stop();
      const c = connecting;
      connecting = null;
      drawConnect();
      if (c.target) connect(c.from, c.target, "", "", t0);
    } else if (e.key === "Escape") { stop(); connecting = null; drawConnect(); select(canvas.sel); }
    return;
  }
  if (e.key === "ContextMenu" || (e.key === "F10" && e.shiftKey)) {
    stop();
    const g = groupOf(sel), pr = (g || $("#preview")).getBoundingClientRect();
    openMenu(pr.left + Math.min(pr.width / 2, 40), pr.top + Math.min(pr.height / 2, 20));
    return;
  }
  if (e.key === "N" || e.key === "n") { stop(); addNode(current, null, { t0 }); return; }
  if (e.key === "L" && e.shiftKey) { stop(); addLane({ t0 }); return; }
  if (!sel) {
    if (e.key === "Enter" || e.key === " ") {
      stop();
      const src = source();
      const first = src.nodeOrder.find((id) => groupOf({ kind: "node", id }));
      if (canvas.sel && groupOf(canvas.sel)) select(canvas.sel);
      else if (first) select({ kind: "node", id: first });
      else if (src.lanes[0]) select({ kind: "lane", id: src.lanes[0].id });
    }
    return; // the arrows pan
  }
  if (e.key === "Escape") { stop(); select(null); return; }
  if (e.key === "Enter" || e.key === "F2") { stop(); edit(sel); return; }
  if (e.key === "Delete" || e.key === "Backspace") { stop(); remove(t0); return; }
  if (e.key === "c" || e.key === "C") { stop(); startConnect(); return; }
  if (e.key === " " && sel.kind === "node") {
    stop();
    if (canvas.multi.has(sel.id)) canvas.multi.delete(sel.id); else canvas.multi.add(sel.id);
    select(sel, { keep: true });
    return;
  }
  const src = source();
  if (e.key === "l" || e.key === "L") {
    stop();
    const rec = element(src, sel);
    const lane = sel.kind === "node" ? rec?.lane : sel.kind === "edge" ? rec?.lane : sel.kind === "loop" ? rec?.lane : null;
    if (lane) select({ kind: "lane", id: lane });
    return;
  }
  if (e.key === "e" || e.key === "E") {
    stop();
    const node = sel.kind === "node" ? sel.id : sel.kind === "edge" ? element(src, sel)?.src : null;
    if (!node) return;
    const list = src.edges.filter((x) => (x.src === node || x.dst === node) && groupOf({ kind: "edge", id: x.id }));
    if (!list.length) return;
    const i = sel.kind === "edge" ? list.findIndex((x) => x.id === sel.id) : -1;
    select({ kind: "edge", id: list[(i + 1) % list.length].id });
    return;
  }
  if (e.key === "o" || e.key === "O") {
    stop();
    const list = src.loops.filter((l) => groupOf({ kind: "loop", id: l.id }));
    if (!list.length) return;
    const i = sel.kind === "loop" ? list.findIndex((x) => x.id === sel.id) : -1;
    select({ kind: "loop", id: list[(i + 1) % list.length].id });
    return;
  }
  if (!e.key.startsWith("Arrow")) return;
  stop();
  const seq = state.view === "sequence";
  const earlier = seq ? "ArrowLeft" : "ArrowUp", later = seq ? "ArrowRight" : "ArrowDown";
  if (sel.kind === "lane") {
    const i = src.lanes.findIndex((l) => l.id === sel.id);
    if (e.altKey) { if (e.key === earlier) moveLane(sel.id, drawnIndex(sel.id) - 1, t0, true); else if (e.key === later) moveLane(sel.id, drawnIndex(sel.id) + 1, t0, true); return; }
    if (e.key === earlier && i > 0) { select({ kind: "lane", id: src.lanes[i - 1].id }); return; }
    if (e.key === later && i < src.lanes.length - 1) { select({ kind: "lane", id: src.lanes[i + 1].id }); return; }
  }
  if (sel.kind === "node" && e.altKey) {
    const rec = src.nodes[sel.id];
    const i = src.lanes.findIndex((l) => l.id === rec?.lane);
    const j = e.key === earlier ? i - 1 : e.key === later ? i + 1 : -1;
    if (rec && j >= 0 && j < src.lanes.length && j !== i) moveNode(sel.id, src.lanes[j].id, t0);
    return;
  }
  if (sel.kind === "node" && e.shiftKey && (state.view === "workflow" || state.view === "architecture")) {
    const d = { ArrowLeft: [-GRID, 0], ArrowRight: [GRID, 0], ArrowUp: [0, -GRID], ArrowDown: [0, GRID] }[e.key];
    nudge(sel.id, d[0], d[1], t0);
    return;
  }
  const from = centerOf(sel);
  const n = from && nearest(from, e.key, sel.kind === "node" ? sel.id : null);
  if (n) select({ kind: "node", id: n.id }, { keep: true });
}

/** drawnIndex is a lane's place in the picture (the layout block may
 *  draw the lanes in another order than the code). */
function drawnIndex(id) {
  const seq = state.view === "sequence";
  const all = [...svg().querySelectorAll("g.fz-lane[data-id]")].map((g) => ({ id: g.dataset.id, b: box(g) }));
  all.sort((a, b) => (seq ? a.b.x - b.b.x : a.b.y - b.b.y));
  return all.findIndex((l) => l.id === id);
}

// ---------- the toolbar ----------

const icons = { circle: "○", rectangle: "▭", diamond: "◇", taskbox: "▤" };

function toolbar() {
  const bar = el("div", { id: "canvas-tools", role: "toolbar", "aria-label": w("tools") });
  const button = (id, text, label, fn) => {
    const b = el("button", { type: "button", id, "aria-label": label, title: label }, text);
    b.addEventListener("click", (e) => fn(e.timeStamp || performance.now(), b));
    bar.append(b);
    return b;
  };
  button("canvas-add-lane", "+▤", w("addLane"), (t0) => addLane({ t0 }));
  for (const s of shapes) {
    const b = button("canvas-add-" + s, icons[s], w("add", w(s)), (t0) => { current = s; addNode(s, null, { t0 }); });
    b.dataset.shape = s;
  }
  button("canvas-connect", "↗", w("connect"), () => startConnect());
  button("canvas-delete", "✕", w("del"), (t0) => remove(t0));
  button("canvas-auto", "⟲", w("autoLayout"), (t0) => autoLayout(t0));
  // Undo and redo for touch screens (the keys work on the picture too).
  button("canvas-undo", "↶", w("undo"), () => queue.then(() => undo(canvas.editor)));
  button("canvas-redo", "↷", w("redo"), () => queue.then(() => redo(canvas.editor)));
  return bar;
}

/** relabel sets the toolbar's texts in the current language. */
export function relabelCanvas() {
  const bar = $("#canvas-tools");
  if (!bar) return;
  bar.replaceWith(toolbar());
}

/** setupGestures wires the pointer, the keyboard, the menu and the toolbar. */
export function setupGestures() {
  const stage = $("#stage"), pane = $("#preview");
  $(".preview-bar").append(toolbar());
  // Capture: a press on an element must not start the preview's pan.
  pane.addEventListener("pointerdown", down, true);
  pane.addEventListener("keydown", key, true);
  pane.addEventListener("dblclick", nativeDblclick, true);
  // The handles keep a size that can be grabbed: redraw them on a zoom.
  new MutationObserver(() => { if (svg()) mark(); }).observe(pane, { attributes: true, attributeFilter: ["data-zoom"] });
  pane.addEventListener("contextmenu", (e) => {
    e.preventDefault();
    lastClick = null;
    const h = pickAt(e.target, e.clientX, e.clientY);
    if (h && !(h.kind === "node" && canvas.multi.has(h.id))) select({ kind: h.kind, id: h.id });
    else if (!h) select(null);
    openMenu(e.clientX, e.clientY);
  });
  document.addEventListener("pointerdown", (e) => { if (menu && !menu.contains(e.target)) closeMenu(false); }, true);
  stage.addEventListener("pointerover", (e) => {
    const h = hit(e.target);
    const id = h?.kind === "node" ? h.id : e.target.closest?.(".fz-handles")?.dataset.node ?? null;
    if (id === hover) return;
    hover = id;
    mark();
  });
  canvas.onMark = [(marks) => {
    const ids = new Set();
    if (canvas.sel?.kind === "node") ids.add(canvas.sel.id);
    if (hover) ids.add(hover);
    for (const id of ids) handles(marks, id);
    if (connecting) drawConnect();
  }];
  window.fzCanvasOps = { addNode, addLane, connect, remove, moveNode, moveLane, nudge, autoLayout, edit, openMenu };
  void kindOf;
}
