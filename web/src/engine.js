// Where the pipeline runs. The WebAssembly build of flowzap (web/wasm,
// served at assets/wasm/) runs in a Web Worker: once it has loaded, the
// preview, the diagnostics, the quick fixes and Format are computed in this
// browser, on every keystroke, with the server's exact answers. Until then,
// in browsers without WebAssembly or module workers, and when the module
// cannot load, the same calls go to the server's API (not on the static
// site, which has no server). Every call answers like api.js: {ok, status,
// data}, plus svg and report for render, or {cancelled: true} when a newer
// call of the same kind replaced it.
import { Flowzap } from "../wasm/flowzap.mjs";
import { api } from "./api.js";
import { isStatic } from "./static.js";
import { language } from "./i18n.js";

// Every request that answers diagnostics names the interface's language
// (lang): their messages, fixes and notes come in it, the codes do not
// change.

/** mode: "loading" (the module is on its way), "local" (it answers),
 *  "server" (it will not: the server answers) or "none" (neither: a static
 *  site in a browser that cannot run the module); warmed: {keys, ms,
 *  stopped} once the worker has warmed the module up (web/wasm/worker.mjs, settle). */
// earlyMs bounds the wait on the page's thread for a key's picture
// (early; 0 turns that off): the module draws most keys of a long diagram
// in 3-8 ms; early counts the keys whose picture came within it.
// importer: the import module's worker is running (importLocal); it
// stops importIdleMs after the last import, giving its memory back (a
// later import starts it again, the module then from the browser's cache).
export const engine = { mode: "server", reason: "", loadMs: 0, local: 0, marks: null, predictions: 0, predicted: 0, earlyMs: 10, early: 0, shared: false, warmed: null, importer: false, importIdleMs: 60_000 };

export { isStatic };

let client = null;
let bootAt = 0; // when boot.js started the worker (0: the app started it)
let initAt = 0; // when the app's start (its script's first run) ended

/** started records that the app's start has ended (for the load marks). */
export function started() { initAt = performance.now(); }

let importer = null;
let importIdle = 0;

/** importLocal converts a Mermaid, BPMN or draw.io file to FlowZap Code
 *  in this browser, with the server's exact answer to /api/import: on
 *  the import module (assets/wasm/flowzap-import.wasm, about 2.2 MB
 *  compressed), in a worker of its own started on the first import, so
 *  that a page that never imports never loads it. The static site, which
 *  has no server, imports so. Answers like api.js: {ok, status, data}. */
export async function importLocal(source, { from = "", name = "" } = {}) {
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") return { ok: false, status: 0, data: { error: "this browser has no WebAssembly" } };
  const client = importerClient();
  const r = await client.importDiagram(source, { from, name, lang: language() });
  importerDone(client, r);
  const { status = 0, goMs, ...data } = r;
  return { ok: status === 200, status, data };
}

// importerClient starts (or keeps) the import module's worker, which
// also writes the export formats other than JSON (the rendering module
// leaves them out).
function importerClient() {
  clearTimeout(importIdle);
  if (!importer) importer = new Flowzap({ workerURL: new URL("./wasm/worker.mjs", import.meta.url), wasmURL: new URL("./wasm/flowzap-import.wasm", import.meta.url), shared: false });
  engine.importer = true;
  return importer;
}

// importerDone: after the import module's answer r. The module could not
// start (offline and never kept, say): the next call tries again. Else
// the worker stays a while for the next file.
function importerDone(client, r) {
  const stop = () => { client.close(); if (importer === client) { importer = null; engine.importer = false; } };
  if (r.status === 503) stop();
  else if (!r.cancelled) importIdle = setTimeout(stop, engine.importIdleMs);
}

/** startLocal loads the module in its worker; onChange(mode) runs when the
 *  mode changes (to redraw locally, or to say the static site cannot run). */
export function startLocal(onChange) {
  const quiet = (why) => {
    engine.mode = isStatic ? "none" : "server";
    engine.reason = why;
    // Not alarming: the server draws the same picture.
    if (!isStatic) console.info("flowzap: drawing on the server (" + why + ")");
    queueMicrotask(() => onChange(engine.mode)); // after the app has started
  };
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") { quiet("this browser has no WebAssembly"); return; }
  engine.mode = "loading";
  const t0 = performance.now();
  // The worker, Go's wasm_exec.js and the module sit next to the bundle.
  try {
    // The page's first script (boot.js) has started it already.
    const boot = globalThis.fzBootWorker;
    delete globalThis.fzBootWorker;
    if (boot?.failed) boot.worker.terminate();
    client = new Flowzap({ workerURL: new URL("./wasm/worker.mjs", import.meta.url), worker: boot && !boot.failed ? boot.worker : null, sendEarly: true, onWarmed: (w) => { engine.warmed = w; } });
    if (boot && !boot.failed) bootAt = boot.at;
  } catch (err) {
    quiet(String(err?.message || err));
    return;
  }
  client.ready().then(() => {
    engine.mode = "local";
    // shared: answers are read from memory shared with the worker at the
    // start of each frame (a cross-origin isolated page), not only from
    // its messages.
    engine.shared = !!client.shared;
    engine.loadMs = performance.now() - t0;
    // When each step of the load ended (ms since the navigation): the
    // app's script started the worker (app) and ended its start (init),
    // then the worker's steps.
    engine.marks = { ...(bootAt ? { boot: bootAt } : {}), app: t0, ...(initAt ? { init: initAt } : {}), ...client.marks, ready: performance.now() };
    onChange("local");
  }, (err) => {
    client?.close();
    client = null;
    quiet(String(err?.message || err));
  });
}

/** useServer reports whether a call must go to the server now. */
const useServer = () => engine.mode !== "local";

// A local call that failed inside the worker (status 500: the module
// crashed) sends this and later calls to the server, where there is one.
function broken(r) {
  if (r.status !== 500 || isStatic) return false;
  client?.close();
  client = null;
  engine.mode = "server";
  engine.reason = r.error || "the module stopped";
  console.info("flowzap: drawing on the server (" + engine.reason + ")");
  return true;
}

const answer = (r) => ({ ok: r.status === 200, status: r.status, data: r.status === 200 ? r : { error: r.error, errors: r.errors } });
const noServer = { ok: false, status: 0, data: { error: "" }, none: true };
// Keep at most this much picture for the next visit (local storage holds
// about 5 MB per site).
const cacheMax = 1 << 20;

// ahead is the preview render started for a predicted edit (predict): the
// preview's render of the same code, view and theme takes its answer
// instead of asking again.
let ahead = null;

/** predict starts the preview's render of code (the text a keystroke is
 *  about to make) now, in this browser only; render() of that code takes
 *  it over. A wrong prediction costs one render in the worker at most. */
export function predict(code, { view, theme }) {
  if (useServer() || !client) return;
  engine.predictions++;
  startAhead(code, view, theme, "predicted");
}

// unhurried reports whether the preview's last render was asked for long
// enough ago that laying the next step out ahead (the worker's speculate,
// a whole layout now and then: tens of milliseconds in the module) will
// likely be done before the next keystroke; typing faster than that, it
// would only hold the next keystroke's picture back.
let lastAsk = -Infinity;
const unhurriedMs = 150;
function unhurried() {
  const now = performance.now(), slow = now - lastAsk >= unhurriedMs;
  lastAsk = now;
  return slow;
}

// layOutAhead says whether the worker should lay the next step out ahead
// after this render: always where it shares memory with this page (it
// then stops that layout as soon as a newer request is sent, see
// worker.mjs), otherwise only when the typing is unhurried.
function layOutAhead() {
  const slow = unhurried();
  return slow || !!client.shared;
}

/** early starts the preview's render of code, the text a key is about to
 *  make, and returns a function that waits for its answer on this thread,
 *  at most engine.earlyMs (the preview's render of code, asked meanwhile,
 *  then takes it in this very task); null where the module does not
 *  answer from memory it shares with this page, or earlyMs is 0. */
export function early(code, { view, theme }) {
  if (useServer() || !client?.shared || !(engine.earlyMs > 0)) return null;
  // No wait when the worker is already on a long request (the picture
  // would queue behind it) or the recent pictures took longer than the
  // wait (a large diagram, or the module's first seconds): the key is
  // still typed here, its picture asked for first thing, and the picture
  // comes the usual way.
  const ms = client.busyFor() > engine.earlyMs || median(recentMs) > engine.earlyMs ? 0 : engine.earlyMs;
  engine.predictions++;
  startAhead(code, view, theme, "predicted");
  return () => { if (client?.answerWithin("render", ms)) engine.early++; };
}

// recentMs: the module's time for the last five preview pictures.
const recentMs = [];
const median = (v) => v.length ? [...v].sort((a, b) => a - b)[v.length >> 1] : 0;

function startAhead(code, view, theme, kind) {
  const lang = language();
  ahead = { code, view, theme, lang, kind, at: performance.now(), p: client.render(code, { view, theme, lang, keepRunning: true, stream: "preview", speculate: layOutAhead() }) };
}

// recent is the newest local render: check() reuses its report (the same
// as /api/validate's for that code and view) instead of asking again.
let recent = null;

/** render draws code as SVG: {ok, svg, report} or {ok: false, status,
 *  data}; with format "json", the layout: {ok, layout}. channel keeps a
 *  download from cancelling the preview (and back). */
export async function render(code, { view, theme, channel = "", format = "svg" }) {
  const lang = language();
  if (useServer()) {
    // While the module loads, the preview's picture is asked of it too: the
    // worker draws it as soon as the module has started, before this page
    // has even heard that it is ready, and the preview's render once it is
    // takes that answer over (the server's, or nothing on the static site,
    // shows meanwhile).
    if (engine.mode === "loading" && client && !channel && format === "svg") startAhead(code, view, theme, "early");
    if (engine.mode === "none" || (isStatic && engine.mode === "loading")) return noServer;
    // The preview asks for no picture of code with errors (it would be
    // refused with 422): the check, which the editor needs anyway and
    // shares, says so first.
    if (!channel && format === "svg") {
      const v = await check(code, view);
      if (v.ok && v.data.errors?.length) return { ok: false, status: 422, known: true, data: v.data };
    }
    const r = await api("/api/render", { code, view, format, theme, lang }, { raw: true });
    if (r.ok) return { ok: true, status: 200, [format === "json" ? "layout" : "svg"]: await r.blob.text() };
    return r;
  }
  if (format === "json") {
    const r = await client.render(code, { view, theme, format, lang, channel: channel || "layout" });
    if (r.cancelled) return r;
    if (broken(r)) return render(code, { view, theme, channel, format });
    return r.status === 200 ? { ok: true, status: 200, layout: r.layout } : answer(r);
  }
  // The preview's render keeps running when a newer keystroke arrives: its
  // picture is still newer than the one shown (only queued ones drop).
  let p, asked = 0;
  if (!channel && ahead && ahead.code === code && ahead.view === view && ahead.theme === theme && ahead.lang === lang) {
    ({ p, at: asked } = ahead);
    if (ahead.kind === "predicted") engine.predicted++;
  }
  // The preview's pictures come in parts (a stream): only the markup of
  // what changed crosses from the module, and the page updates only that.
  else p = client.render(code, channel ? { view, theme, lang, channel } : { view, theme, lang, keepRunning: true, stream: "preview", speculate: layOutAhead() });
  if (!channel) {
    ahead = null;
    recent = { code, view, lang, p };
  }
  const r = await p;
  if (r.cancelled) return r;
  if (broken(r)) return render(code, { view, theme, channel, format });
  engine.local++;
  if (!channel && r.ms > 0) {
    recentMs.push(r.ms);
    if (recentMs.length > 5) recentMs.shift();
  }
  const report = r.diagnostics ? { valid: r.valid, ...r.diagnostics, stats: r.stats } : null;
  // asked: when a predicted render was asked (0: now).
  // svg is made from the picture's parts only when read.
  if (r.status === 200) return { ok: true, status: 200, get svg() { return r.svg; }, picture: r.picture || null, report, ms: r.ms, goMs: r.goMs, done: r.done, asked, local: true, frame: !!r.frame };
  return { ok: false, status: r.status, data: { error: r.error, errors: r.errors }, report };
}

/** check answers /api/validate for code in a view. */
// served is the server's last check: {code, view, p}.
let served = null;

export async function check(code, view) {
  const lang = language();
  if (useServer()) {
    if (engine.mode === "none" || isStatic) return noServer;
    // The preview and the editor check the same text: one request.
    if (!(served && served.code === code && served.view === view && served.lang === lang)) {
      const mine = served = { code, view, lang, p: api("/api/validate", { code, view, lang }) };
      mine.p.then((r) => { if (!r.ok && served === mine) served = null; }); // a refusal is asked again
    }
    return served.p;
  }
  if (recent && recent.code === code && recent.view === view && recent.lang === lang) {
    const r = await recent.p;
    if (!r.cancelled && r.diagnostics) return { ok: true, status: 200, data: { valid: r.valid, ...r.diagnostics, stats: r.stats } };
  }
  const r = await client.check(code, { view, lang });
  if (r.cancelled) return r;
  if (broken(r)) return check(code, view);
  return answer(r);
}

/** format answers /api/format. */
export async function format(code) {
  const lang = language();
  if (useServer()) return isStatic ? noServer : api("/api/format", { code, lang });
  const r = await client.format(code, { lang });
  if (broken(r)) return format(code);
  return answer(r);
}

/** fix answers /api/fix. */
export async function fix(code) {
  const lang = language();
  if (useServer()) return isStatic ? noServer : api("/api/fix", { code, lang });
  const r = await client.fix(code, { lang });
  if (broken(r)) return fix(code);
  return answer(r);
}

/** fixOne answers /api/fix/one for one diagnostic. */
export async function fixOne(code, d) {
  const diagnostic = { code: d.code, line: d.line };
  const lang = language();
  if (useServer()) return isStatic ? noServer : api("/api/fix/one", { code, diagnostic, lang });
  const r = await client.fixOne(code, diagnostic, { lang });
  if (broken(r)) return fixOne(code, d);
  return answer(r);
}

/** patch answers /api/patch: edit operations applied to code (the canvas). */
export async function patch(code, ops) {
  const lang = language();
  if (useServer()) return isStatic ? noServer : api("/api/patch", { code, ops, lang });
  const r = await client.patch(code, ops, { lang });
  if (broken(r)) return patch(code, ops);
  return answer(r);
}

/** exportAs answers /api/export in a format: {ok, blob} or {ok: false, data}. */
export async function exportAs(code, format) {
  const lang = language();
  // The formats other than JSON are written by the server, or with no
  // server (the static site) by the import module.
  const other = format && format !== "json";
  if (useServer() || (other && !isStatic)) return isStatic ? noServer : api("/api/export", { code, format, lang }, { raw: true });
  if (other) {
    const c = importerClient();
    const r = await c.exportGraph(code, { format, lang });
    importerDone(c, r);
    if (r.status !== 200) return answer(r);
    return { ok: true, status: 200, blob: new Blob([r.text], { type: r.type }) };
  }
  const r = await client.exportGraph(code, { format, lang });
  if (broken(r)) return exportAs(code, format);
  if (r.status !== 200) return answer(r);
  return { ok: true, status: 200, blob: new Blob([r.text], { type: r.type }) };
}

// ---------- the last picture, kept for the next visit ----------
const CACHE = "fz-picture";
let cacheTimer = null;

function hash(s) {
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = (h * 33 + s.charCodeAt(i)) >>> 0;
  return s.length.toString(36) + "." + h.toString(36);
}

/** cached returns the picture drawn last time for exactly this code, view
 *  and theme, or "" (so the first picture needs neither server nor module). */
export function cached(code, view, theme) {
  try {
    const c = JSON.parse(localStorage.getItem(CACHE));
    return c && c.key === hash(code) + view + theme ? c.svg : "";
  } catch {
    return "";
  }
}

/** remember keeps the picture (a moment after the last one, not on every
 *  keystroke); svg is the SVG or a function that returns it. */
export function remember(code, view, theme, svg) {
  clearTimeout(cacheTimer);
  cacheTimer = setTimeout(() => {
    if (typeof svg === "function") svg = svg();
    if (svg.length > cacheMax) return;
    try {
      localStorage.setItem(CACHE, JSON.stringify({ key: hash(code) + view + theme, svg }));
    } catch { /* storage full or disabled: the next visit draws it anew */ }
  }, 400);
}
