// flowzap.mjs: the flowzap pipeline in the browser. The WebAssembly module
// runs in a Web Worker (worker.mjs), so typing never blocks the page; the
// answers are byte for byte the HTTP API's (see docs/wasm.md).
//
//   import { render } from "./flowzap.mjs";
//   const r = await render(code, { view: "sequence", theme: "dark" });
//   if (r.cancelled) return;           // a newer render replaced it
//   if (r.svg) preview.innerHTML = r.svg;
//   show(r.diagnostics.errors, r.diagnostics.warnings, r.stats);
//
// Stale work is cancelled: when a newer request of the same operation
// arrives (render, check, fix, ...; render, check and exportGraph take a
// `channel` option to keep several streams apart), the
// older ones still pending resolve at once with {cancelled: true}, and
// one already running in the worker resolves {cancelled: true} instead of
// its result. So no debounce is needed: render on every keystroke and
// draw what is not cancelled.

/**
 * A client of one worker. Options: workerURL (default worker.mjs next to
 * this file), wasmURL and execURL (the module and Go's wasm_exec.js,
 * default flowzap.wasm and wasm_exec.js next to the worker), worker (a
 * worker.mjs Worker already started, to take over: its answer to this
 * client's init message says when it is ready), sendEarly (send the
 * first request to the worker at once instead of when the module is
 * ready: its answer then comes as soon as the module has started, not
 * after this page has heard that it is ready and asked; by default the
 * requests made meanwhile wait, and only the newest of each operation is
 * sent), onWarmed (called with {keys, ms, stopped} when the worker has
 * warmed the module up after the first picture of a stream, or stopped
 * because a text was typed: see worker.mjs; warming is true from when it
 * began).
 */
export class Flowzap {
  constructor(options = {}) {
    this.options = options;
    this.worker = null;
    this.nextID = 1;
    this.queue = []; // requests not yet sent, oldest first
    this.running = null; // the request in the worker
    this.latest = new Map(); // channel -> id of the newest request
    this.readyPromise = null;
    // isReady: the module is loaded; requests then go to the worker at
    // once, not a microtask later (after the rest of the caller's task:
    // an editor's whole update, for a keystroke).
    this.isReady = false;
    // marks: when each step of the module's start ended (see worker.mjs),
    // once it is ready.
    this.marks = null;
    // shared: the memory the worker also writes each answer to, where the
    // page is cross-origin isolated (see watch).
    this.shared = null;
    this.watching = false;
    // streams: the last picture of each render stream (see render's
    // stream option): its number and the markup of its elements.
    this.streams = new Map();
  }

  /** Resolves when the module is loaded in the worker (starting it if needed). */
  ready() {
    if (!this.readyPromise) {
      const url = this.options.workerURL || new URL("./worker.mjs", import.meta.url);
      // A worker started earlier (the page's first script) is taken over
      // once; a restart after close() starts a new one.
      this.worker = this.options.worker || new Worker(url, { type: "module", name: "flowzap" });
      this.options.worker = null;
      this.readyPromise = new Promise((resolve, reject) => {
        this.worker.onmessage = (e) => {
          if (e.data && "ready" in e.data) {
            this.worker.onmessage = (m) => this.message(m.data);
            this.marks = e.data.marks || null;
            if (e.data.ready) {
              this.isReady = true;
              resolve();
            }
            else reject(new Error(e.data.error));
            this.pump();
          }
        };
        this.worker.onerror = (e) => reject(new Error(`flowzap: the worker failed to start: ${e.message || e}`));
      });
      this.shared = this.options.shared === false ? null : sharedMemory();
      this.worker.postMessage({ init: { wasmURL: this.options.wasmURL && String(this.options.wasmURL), execURL: this.options.execURL && String(this.options.execURL), origin: performance.timeOrigin, shared: this.shared && { ctrl: this.shared.ctrl.buffer, data: this.shared.data } } });
    }
    return this.readyPromise;
  }

  /** Stops the worker; pending requests resolve as cancelled. */
  close() {
    for (const r of this.queue) r.resolve({ cancelled: true });
    if (this.running) this.running.resolve({ cancelled: true });
    this.queue = [];
    this.running = null;
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.formatsClient?.close();
    this.formatsClient = null;
    this.readyPromise = null;
    this.isReady = false;
    this.streams.clear();
  }

  /**
   * Sends one operation (render, check, fix, fixOne, format, exportGraph, patch)
   * with its request object; see core.mjs for the result of each.
   */
  call(op, req, channel = op, keepRunning = false) {
    const id = this.nextID++;
    this.latest.set(channel, id);
    // Older queued requests of the channel will never be wanted.
    this.queue = this.queue.filter((r) => {
      if (r.channel === channel) {
        r.resolve({ cancelled: true });
        return false;
      }
      return true;
    });
    const p = new Promise((resolve) => {
      this.queue.push({ id, op, req, channel, resolve, keepRunning });
    });
    this.queued();
    if (this.isReady) {
      this.pump();
      return p;
    }
    const ready = this.ready();
    // With sendEarly, the first request goes to the worker before the
    // module is ready: the worker answers it as soon as the module has
    // started, without waiting for this page to hear that it is ready.
    if (this.options.sendEarly) this.pump();
    ready.then(() => this.pump(), (err) => this.failAll(err));
    return p;
  }

  pump() {
    if (this.running || !this.worker || this.queue.length === 0) return;
    this.running = this.queue.shift();
    this.running.sent = performance.now();
    this.queued();
    const { id, op, req } = this.running;
    // A stream's render asks for the parts that changed since the
    // stream's last picture here (every earlier answer has been read).
    if (req.stream) req.base = this.streams.get(req.stream)?.seq || 0;
    // The count of requests sent, in the shared memory: a layout the
    // worker makes ahead stops when it changes (worker.mjs).
    if (this.shared) Atomics.add(this.shared.ctrl, 3, 1);
    this.worker.postMessage({ id, op, req });
    if (this.shared) this.watch();
  }

  // watch looks for the running request's answer in the shared memory at
  // the start of the next watchFrames frames (or until it came as a
  // message). The browser holds a worker's message back while it gives
  // the frame after a key press priority, even on an idle page; read at
  // the start of a frame (in requestAnimationFrame), the answer is drawn
  // in that very frame. Later answers are no longer held: they come as
  // messages, so the frames of a long render run no script of ours.
  watch() {
    if (this.watching) return;
    this.watching = true;
    requestAnimationFrame(() => {
      this.watching = false;
      const r = this.running;
      if (!r || !this.shared) return;
      const msg = readShared(this.shared, r.id);
      if (msg) this.answer(msg, true);
      else if ((r.frames = (r.frames || 0) + 1) < watchFrames) this.watch();
    });
  }

  /** busyFor returns how long (ms) the worker has been on its current request, 0 when idle. */
  busyFor() {
    return this.running ? performance.now() - this.running.sent : 0;
  }

  /**
   * answerWithin waits on this thread, at most ms milliseconds, for the
   * answer to the newest request of channel (and to those before it in
   * the worker), and takes it in: the request's promise resolves as if
   * the answer had come, and its callbacks run when the caller's task
   * ends. True if it came in time. It needs memory shared with the worker
   * (a cross-origin isolated page; false without it), and the thread does
   * nothing else meanwhile: for a page that must show an answer in the
   * very task that asked for it, such as a key's picture in the frame
   * that shows the key, when the answer is known to come quickly.
   */
  answerWithin(channel, ms) {
    if (!this.shared || !this.isReady || !this.worker) return false;
    const id = this.latest.get(channel), ctrl = this.shared.ctrl;
    const end = performance.now() + ms;
    for (;;) {
      const r = this.running;
      if (!r || (r.id !== id && !this.queue.some((q) => q.id === id))) return false;
      if (Atomics.load(ctrl, 0) === r.id) {
        const msg = readShared(this.shared, r.id);
        if (!msg) return false;
        this.answer(msg);
        if (r.id === id) return true;
        continue;
      }
      if (performance.now() >= end) return false;
    }
  }

  // message handles an answer that came as a message: the answer itself,
  // or {id, shared: true} when it is in the shared memory (read there
  // unless it already was, in a frame's start).
  message(msg) {
    // The worker's warm-up after the first picture of a stream has begun
    // ({warming: true}) or is over ({warmed: {keys, ms, stopped}}; see
    // worker.mjs, settle).
    if (msg && msg.warming) {
      this.warming = true;
      return;
    }
    if (msg && msg.warmed) {
      this.warmed = msg.warmed;
      if (typeof this.options.onWarmed === "function") this.options.onWarmed(msg.warmed);
      return;
    }
    if (msg && msg.shared) {
      if (!this.running || this.running.id !== msg.id) return;
      msg = (this.shared && readShared(this.shared, msg.id)) || { id: msg.id, error: "flowzap: the answer in the shared memory could not be read" };
    }
    this.answer(msg);
  }

  answer(msg, inFrame = false) {
    const r = this.running;
    if (!r || r.id !== msg.id) return;
    this.running = null;
    if (inFrame && msg.result) msg.result.frame = true;
    // Every picture of a stream is read, even one no longer wanted: the
    // next one is made of its parts.
    if (msg.result?.picture && !this.assemble(r.req.stream, msg.result)) {
      msg = { id: msg.id, error: "flowzap: a picture in parts from a picture this page does not have" };
    }
    const stale = this.latest.get(r.channel) !== r.id;
    if (r.channel.startsWith("patch:")) this.latest.delete(r.channel); // one channel per patch
    if (stale && !r.keepRunning) r.resolve({ cancelled: true });
    else if (msg.error) r.resolve({ error: msg.error, status: 500 });
    else r.resolve(msg.result);
    this.pump();
  }

  // queued tells the worker, through the shared memory, how many requests
  // wait here (it lays nothing out ahead while one does).
  queued() {
    if (this.shared) Atomics.store(this.shared.ctrl, 2, this.queue.length);
  }

  // assemble puts a stream's picture together from its parts and the
  // stream's picture before: result.picture becomes {open, items, fresh}
  // (the markup of each top-level element, and the indexes of those not
  // in the picture before), and result.svg the whole SVG (made when first
  // read). False if the parts refer to a picture this client does not
  // have (the stream then starts again).
  assemble(stream, result) {
    const { seq, base, open, parts } = result.picture;
    const prev = this.streams.get(stream);
    const from = base ? (prev && prev.seq === base ? prev.items : null) : [];
    this.streams.delete(stream);
    if (!from) return false;
    const items = new Array(parts.length), fresh = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (typeof p === "string") { items[i] = p; fresh.push(i); }
      else if (p >= 0 && p < from.length) items[i] = from[p];
      else return false;
    }
    this.streams.set(stream, { seq, items });
    result.picture = { open, items, fresh };
    let svg = null;
    Object.defineProperty(result, "svg", { enumerable: true, configurable: true, get: () => (svg ??= joinSVG(open, items)) });
    return true;
  }

  failAll(err) {
    const msg = String(err && err.message || err);
    for (const r of this.queue) r.resolve({ error: msg, status: 503 });
    this.queue = [];
    // A request sent before the module failed to start gets no answer.
    if (this.running) this.running.resolve({ error: msg, status: 503 });
    this.running = null;
  }

  /**
   * render(code, {view, theme, number, order, format}) -> {svg | layout,
   * diagnostics, stats, valid, error?}. With stream: NAME (SVG only), the
   * module sends only the markup of the top-level elements that changed
   * since the stream's last picture (a keystroke changes a few of
   * hundreds), and the result has picture: {open, items, fresh} too (see
   * assemble), for a page that updates its picture element by element;
   * svg is the same; with speculate: true too, the worker then lays out
   * ahead the text one more letter would make (see core.mjs). With
   * keepRunning: true, a render
   * already in the worker when a newer one arrives still answers (queued
   * ones are still dropped): a preview then gets a picture every render
   * while the user keeps typing faster than the renders, instead of none
   * until a pause.
   */
  render(code, opts = {}) {
    const { channel, keepRunning, ...o } = opts;
    return this.call("render", { ...o, code }, channel || "render", !!keepRunning);
  }

  /** check(code, {view, strict, order, lang}) -> the validation report (lang: the language of the messages, "en", "fr" or "zh") */
  check(code, opts = {}) {
    const { channel, ...o } = opts;
    return this.call("check", { ...o, code }, channel || "check");
  }

  /** fix(code, {lang}) -> {fixed, code, corrections, diagnostics} */
  fix(code, opts = {}) {
    return this.call("fix", { ...langOf(opts), code });
  }

  /** fixOne(code, {code: "FZ101", line}, {lang}) -> the fix report of that one repair */
  fixOne(code, diagnostic, opts = {}) {
    return this.call("fixOne", { ...langOf(opts), code, diagnostic });
  }

  /** format(code, {lang}) -> {code} or {error, errors} */
  format(code, opts = {}) {
    return this.call("format", { ...langOf(opts), code });
  }

  /**
   * patch(code, ops) -> {code, result, applied, diagnostics} or {error,
   * errors}: the edit operations of /api/patch (docs/api.md, "Edit
   * operations"), all or nothing. Patches are never cancelled by newer
   * ones: each gesture's answer arrives, in order.
   */
  patch(code, ops, opts = {}) {
    this.patches = (this.patches || 0) + 1;
    return this.call("patch", { code, ops, ...langOf(opts) }, `patch:${this.patches}`);
  }

  /**
   * importDiagram(source, {from, name, lang, channel}) -> {ok, code,
   * diagnostics} (and error when the input cannot be read) or {error}:
   * /api/import, FlowZap Code made from a Mermaid, BPMN or draw.io file
   * (from: its format, else told from name and its first lines). A newer
   * import on the same channel ("importDiagram" by default) cancels an
   * older one still waiting ({cancelled: true}). Only a client of the
   * import module answers it ({wasmURL: "flowzap-import.wasm"}, as the
   * importDiagram function below does).
   */
  importDiagram(source, opts = {}) {
    const { from = "", name = "", channel } = opts;
    return this.call("importDiagram", { ...langOf(opts), from, source, name }, channel || "importDiagram");
  }

  /**
   * exportGraph(code, {format, lang}) -> {graph} (JSON, the default),
   * {text, type} (mermaid, bpmn, ...) or {error, errors} (lang: the
   * language of those errors). The rendering module writes JSON only: a
   * client of it sends the other formats to a client of the import module
   * (flowzap-import.wasm next to its own module, with the same worker
   * script), started on the first such export and closed with this one.
   */
  exportGraph(code, opts = {}) {
    const { channel, ...o } = opts;
    if (o.format && o.format !== "json" && !this.isImporter()) return this.formats().exportGraph(code, opts);
    return this.call("exportGraph", { ...o, code }, channel || "exportGraph");
  }

  // isImporter tells a client of the import module (its wasmURL's file).
  isImporter() {
    return /flowzap-import\.wasm([?#]|$)/.test(String(this.options.wasmURL || ""));
  }

  // formats returns the import module's client for this client's exports
  // in other formats: the module-wide one (importClient) when this client
  // loads the default module, else one next to its own module.
  formats() {
    if (!this.options.wasmURL && !this.options.workerURL && !this.options.execURL) return importClient();
    if (!this.formatsClient) {
      // The module is next to the worker unless given.
      const worker = new URL(String(this.options.workerURL || new URL("./worker.mjs", import.meta.url)), globalThis.location?.href);
      const base = this.options.wasmURL ? new URL(String(this.options.wasmURL), globalThis.location?.href) : worker;
      this.formatsClient = new Flowzap({ workerURL: this.options.workerURL, execURL: this.options.execURL, wasmURL: new URL("flowzap-import.wasm", base), shared: false });
    }
    return this.formatsClient;
  }
}

// langOf keeps the lang option (the diagnostics' language: "en", "fr" or
// "zh"), when given.
function langOf(opts) {
  return opts && opts.lang ? { lang: opts.lang } : {};
}

/** joinSVG returns the SVG document of a picture in parts: its root's
 *  opening tag and the markup of each top-level element. */
export function joinSVG(open, items) {
  return open + "\n" + (items.length ? items.join("\n") + "\n" : "") + "</svg>\n";
}

// sharedMemory returns the memory a worker writes its answers to as well
// as posting them: a control word pair (the id of the answer written, its
// length in bytes) and the answer's JSON, or null where the page may not
// share memory with its worker (not cross-origin isolated).
function sharedMemory() {
  if (globalThis.crossOriginIsolated !== true || typeof SharedArrayBuffer !== "function" || typeof requestAnimationFrame !== "function") return null;
  let data;
  try {
    data = new SharedArrayBuffer(1 << 20, { maxByteLength: sharedMax });
  } catch {
    return null;
  }
  if (!data.growable) return null;
  // ctrl: the id of the answer written, its length, the requests queued,
  // the requests sent.
  return { ctrl: new Int32Array(new SharedArrayBuffer(16)), data };
}

/** watchFrames is how many frames after a request its answer is looked for in the shared memory. */
const watchFrames = 2;

/** sharedMax bounds the shared answer memory; larger answers come as messages only. */
const sharedMax = 64 << 20;

const decoder = new TextDecoder();

// readShared returns the answer to request id from the shared memory, or
// null when the worker has not written it (yet).
function readShared(shared, id) {
  if (Atomics.load(shared.ctrl, 0) !== id) return null;
  const n = Atomics.load(shared.ctrl, 1);
  try {
    return JSON.parse(decoder.decode(new Uint8Array(shared.data, 0, n).slice()));
  } catch {
    return null;
  }
}

let shared = null;
function client() {
  if (!shared) shared = new Flowzap();
  return shared;
}

let importer = null;
/** importClient returns the client of the import module
 *  (flowzap-import.wasm next to this file), in a worker of its own,
 *  started on first use: pages that never import never load it. */
export function importClient() {
  if (!importer) importer = new Flowzap({ wasmURL: new URL("./flowzap-import.wasm", import.meta.url), shared: false });
  return importer;
}

/** Starts loading the module in the shared worker; resolves when it can render. */
export const ready = () => client().ready();
/** render(code, {view, theme, number, order, format, lang}) on the shared worker. */
export const render = (code, opts) => client().render(code, opts);
/** check(code, {view, strict, order, lang}) on the shared worker. */
export const check = (code, opts) => client().check(code, opts);
/** fix(code, {lang}) on the shared worker. */
export const fix = (code, opts) => client().fix(code, opts);
/** fixOne(code, {code, line}, {lang}) on the shared worker. */
export const fixOne = (code, diagnostic, opts) => client().fixOne(code, diagnostic, opts);
/** format(code, {lang}) on the shared worker. */
export const format = (code, opts) => client().format(code, opts);
/** exportGraph(code, {format, lang}) on the shared worker. */
export const exportGraph = (code, opts) => client().exportGraph(code, opts);
/** importDiagram(source, {from, name, lang}) on the import module's worker (see importClient). */
export const importDiagram = (source, opts) => importClient().importDiagram(source, opts);
/** patch(code, ops, {lang}) on the shared worker. */
export const patch = (code, ops, opts) => client().patch(code, ops, opts);
