// worker.mjs: the Web Worker that runs the flowzap WebAssembly module, so
// that rendering never blocks the page. flowzap.mjs starts it as a module
// worker; messages are {id, op, req} in and {id, result} or {id, error} out.
// The first message may be {init: {wasmURL, execURL, origin}}; it is
// answered {ready: true, marks} once the module can render, or {ready:
// false, error}.
//
// core.mjs is imported when the worker starts, not statically: a static
// import would hold the worker's script (and so the module's download)
// back until core.mjs had arrived too.
let core = null;
let api = null;
// waiting counts the requests that arrived before the module was ready:
// with one waiting, the warm-up render is skipped (the request warms it).
let waiting = 0;
let starting = null;
// When each step of the start ended, in the page's time (ms since its
// navigation): the worker's script, the module's headers, Go's support
// file, compiled, Go started, the warm-up render; request: when the first
// request came while the module was loading.
const marks = { worker: performance.now() };
const pageTime = () => {
  const shift = performance.timeOrigin - (self.fzPageOrigin || performance.timeOrigin);
  const out = {};
  for (const [k, v] of Object.entries(marks)) out[k] = v + shift;
  return out;
};

function start(init) {
  if (!starting) {
    const base = new URL(".", import.meta.url);
    // Started as worker.mjs?v=VERSION (boot.js; the version of the whole
    // WebAssembly build), the worker asks for its scripts and the module
    // by URLs naming their bytes, which the server lets the browser keep
    // (the module with the code compiled for it) instead of revalidating.
    const version = new URL(import.meta.url).searchParams.get("v");
    const q = version ? "?v=" + encodeURIComponent(version) : "";
    const execURL = new URL((init && init.execURL) || "wasm_exec.js" + q, base);
    const wasmURL = new URL((init && init.wasmURL) || "flowzap.wasm" + q, base);
    // The module's download starts at once, alongside Go's support file.
    marks.fetch = performance.now();
    const module = fetch(wasmURL);
    module.catch(() => {}); // reported by load() below
    starting = Promise.all([import("./core.mjs" + q), import(execURL.href)])
      .then(([c]) => { core = c; marks.exec = performance.now(); return core.load(module, marks, { warm: beforeWarm }); })
      .then((a) => { api = a; });
  }
  return starting;
}

// beforeWarm says whether to make the warm-up render once Go has
// started: not when a request waits, which then warms the same code. Go's
// start runs in one task, a quarter of a second on a first visit, and a
// request the page sent meanwhile is still in the worker's queue of
// messages: one turn of the event loop first lets it in (its handler
// counts it in waiting), so that the page's first picture is not held
// behind a warm-up render, itself slow in code that has only just been
// compiled. (Best effort: a browser may run the timer before a message
// already sent; the shared count below covers pages that share memory.)
async function beforeWarm() {
  await new Promise((resolve) => setTimeout(resolve, 0));
  // With memory shared with the page, its count of requests sent (the
  // fourth word) tells even before their message is in: the order of a
  // message and a timer is not fixed.
  return waiting === 0 && !(shared && Atomics.load(shared.ctrl, 3) > 0);
}

// Started as worker.mjs#start=ORIGIN (the page's performance.timeOrigin;
// ?start= too), the worker loads the module (next to it) at once instead
// of waiting for the init message: a page busy running its own scripts may
// hand that message over late.
const own = new URL(import.meta.url);
const auto = new URLSearchParams(own.hash.slice(1)).get("start") ?? own.searchParams.get("start");
if (auto !== null) {
  self.fzPageOrigin = Number(auto) || 0;
  start().catch(() => {}); // reported in the answer to the init message
}

// queued reports whether the page has a request waiting for the worker
// (the shared memory's third word; false without shared memory).
const queued = () => !!shared && Atomics.load(shared.ctrl, 2) > 0;

// pageAsks returns the stop function of a layout made ahead: true once
// the page has sent another request (the fourth word counts them) or has
// one waiting; undefined without shared memory (nothing can tell).
function pageAsks() {
  if (!shared) return undefined;
  const ctrl = shared.ctrl, sent = Atomics.load(ctrl, 3);
  return () => Atomics.load(ctrl, 3) !== sent || Atomics.load(ctrl, 2) > 0;
}

// shared: the memory the page reads answers from (flowzap.mjs, watch):
// each answer is written there, its id last, and the message that follows
// says only which answer is there (the page reads it from the memory if
// it has not already): the answer is neither cloned for the message nor
// decoded from it on the page's thread.
let shared = null;
const encoder = new TextEncoder();
// share writes answer to the shared memory; false when it could not (no
// shared memory, or the answer is too large): it then goes as a message.
function share(answer) {
  if (!shared) return false;
  try {
    // (TextEncoder cannot write into shared memory: encoded, then copied.)
    const bytes = encoder.encode(JSON.stringify(answer));
    if (bytes.length > shared.data.byteLength) {
      if (bytes.length > shared.data.maxByteLength) return;
      shared.data.grow(bytes.length);
    }
    new Uint8Array(shared.data).set(bytes);
    Atomics.store(shared.ctrl, 1, bytes.length);
    Atomics.store(shared.ctrl, 0, answer.id);
    return true;
  } catch {
    shared = null; // the answers still come as messages
    return false;
  }
}

// Typing in the module's first seconds is slow: the engine compiles each
// function on its first call, then optimises the hot ones on every core
// it has, and the page's frames wait for the cores (docs/wasm.md,
// *Warm-up*). So after the page's pictures of a stream, in a pause of
// settlePause ms without any request, the worker types the letters of
// settleText one by one into the diagram's first label, on a stream of
// its own, one render at a time, giving way to any request of the page:
// by the time the person types, the code their keys run is compiled and
// optimised. Nothing is drawn or answered, and the page's stream and
// pictures are left as they were. It ends for good when the page sends a
// typed text on its stream once it has begun (the person's own typing
// warms the same code from then on); another diagram opened starts a new
// one (settleNext). Each takes settleBudget ms of renders at most. The
// page hears {warming: true} before the first render of each and
// {warmed: {keys, ms, stopped}} at its end.
let lastArrival = 0;
let settled = 0; // letters typed in this warm-up
let settleMs = 0; // the time its renders took
let settling = false;
let settleDone = false; // this warm-up has ended
let settleRuns = 0; // warm-ups begun (one per diagram opened, up to settleMaxRuns)
let settleReq = null; // the page's last render on a stream
let settleStop = false; // the person has started typing: no more warm-up
const settlePause = 250;
// settleBudget bounds a warm-up's render time (ms): on a large diagram
// fewer renders run the same code as often.
const settleBudget = 1500;
const settleMaxRuns = 3;
async function settle() {
  if (settling || settleStop || settleDone) return;
  settling = true;
  try {
    while (settled < settleText.length && settleMs < settleBudget) {
      await pause();
      if (settleStop) break;
      const req = settleReq;
      const at = typeof req.code === "string" ? labelEnd(req.code) : -1;
      if (at < 0) return;
      const code = req.code.slice(0, at) + settleText.slice(0, settled + 1) + req.code.slice(at);
      if (settled === 0) {
        settleRuns++;
        self.postMessage({ warming: true });
      }
      const t0 = performance.now();
      const r = core.run(api, "render", { code, view: req.view, theme: req.theme, stream: settleStream, speculate: true });
      settleMs += performance.now() - t0;
      settled++;
      if (r.status !== 200) return;
      if (!queued()) core.run(api, "speculate", { stream: settleStream, stop: pageAsks() });
    }
    // The layouts the page's next keystroke needs are made the most
    // recent again in the module's layout memo (the warm-up's may have
    // pushed them out): its text as it stands, and the next step ahead.
    // (Once the person types, their own renders do that.)
    await pause();
    if (!settleStop) {
      const req = settleReq;
      core.run(api, "render", { code: req.code, view: req.view, theme: req.theme });
      if (req.speculate) core.run(api, "speculate", { stream: req.stream, stop: pageAsks() });
    }
    settleDone = true;
    self.postMessage({ warmed: { keys: settled, ms: settleMs, stopped: settleStop } });
  } catch {
    settleStop = true; // not again
  } finally {
    settling = false;
  }
}

// settleNext follows the page's renders on a stream (req, the newest): a
// text typed once the warm-up has begun ends it for good; another
// diagram opened after a warm-up has ended starts a new one (up to
// settleMaxRuns), for a larger diagram runs more of the code, and more
// often.
function settleNext(req) {
  const prev = settleReq;
  settleReq = req;
  if (settleStop || !prev || prev.code === req.code) return;
  if (typed(prev.code, req.code)) {
    if (settled > 0 || settleDone) settleStop = true;
  } else if (settleDone && settleRuns < settleMaxRuns) {
    settleDone = false;
    settled = 0;
    settleMs = 0;
  }
}

// typed reports whether text b is text a with a few letters typed or
// deleted in one place (at most 8 either way).
function typed(a, b) {
  if (typeof a !== "string" || typeof b !== "string" || a === b || Math.abs(a.length - b.length) > 8) return false;
  const n = Math.min(a.length, b.length);
  let p = 0;
  while (p < n && a[p] === b[p]) p++;
  let q = 0;
  while (q < n - p && a[a.length - 1 - q] === b[b.length - 1 - q]) q++;
  return Math.max(a.length, b.length) - p - q <= 8;
}

// pause resolves once settlePause ms have passed without a request from
// the page, after at least one turn of the event loop (a request the page
// sent meanwhile is handled first).
async function pause() {
  let wait = 0;
  do {
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = lastArrival + settlePause - performance.now();
  } while (wait > 0);
}

// settleStream is the warm-up's own stream; settleText what it types.
const settleStream = "\u0000settle";
const settleText = " and a few more words typed to warm";

// labelEnd returns the index of the closing quote of the first label
// written label:"..." in code, or -1.
function labelEnd(code) {
  const open = code.indexOf('label:"');
  if (open < 0) return -1;
  for (let i = open + 7; i < code.length; i++) {
    if (code[i] === "\\") i++;
    else if (code[i] === '"') return i;
    else if (code[i] === "\n") return -1;
  }
  return -1;
}

self.onmessage = async (e) => {
  const msg = e.data || {};
  if (!msg.init) lastArrival = performance.now();
  if (msg.init) {
    if (msg.init.origin) self.fzPageOrigin = msg.init.origin;
    if (msg.init.shared) shared = { ctrl: new Int32Array(msg.init.shared.ctrl), data: msg.init.shared.data };
    try {
      await start(msg.init);
      self.postMessage({ ready: true, marks: pageTime() });
    } catch (err) {
      self.postMessage({ ready: false, error: String(err && err.message || err) });
    }
    return;
  }
  try {
    if (!api) {
      if (!marks.request) marks.request = performance.now();
      waiting++;
      try {
        await start();
      } finally {
        waiting--;
      }
    }
    const t0 = performance.now();
    const result = core.run(api, msg.op, msg.req);
    result.ms = performance.now() - t0;
    // done: when the answer was ready, in the page's time (the
    // keystroke benchmark's stages).
    result.done = performance.now() + performance.timeOrigin - (self.fzPageOrigin || performance.timeOrigin);
    self.postMessage(share({ id: msg.id, result }) ? { id: msg.id, shared: true } : { id: msg.id, result });
    // With the answer sent, the likely next keystroke's layout is made
    // ahead (see core.mjs, speculate), unless the page already has a
    // request waiting (it says how many in the shared memory's third
    // word). With shared memory, that layout stops between two of its
    // steps as soon as the page sends another request (the fourth word
    // counts them): the module has this one thread, and a layout made
    // ahead must not hold the next keystroke's picture back.
    if (msg.op === "render" && msg.req && msg.req.speculate && msg.req.stream && result.status === 200 && !queued()) {
      core.run(api, "speculate", { stream: msg.req.stream, stop: pageAsks() });
    }
    if (msg.op === "render" && msg.req && msg.req.stream && result.status === 200) {
      settleNext(msg.req);
      settle();
    }
  } catch (err) {
    const answer = { id: msg.id, error: String(err && err.message || err) };
    self.postMessage(share(answer) ? { id: msg.id, shared: true } : answer);
  }
};
