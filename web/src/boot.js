// boot.js: the first script of the page (a few hundred bytes, a classic
// script at the top of the head, ahead of the style sheet and the app's
// bundle). It starts the WebAssembly module's worker at once, so the
// module downloads, compiles and starts while the browser is still
// loading the page and running the app's larger script (a module script
// would only run after the page is parsed, right before the app, whose
// start then holds the worker's start back); engine.js takes the worker
// over (web/wasm/flowzap.mjs, option worker). Where the module cannot run
// (no WebAssembly, no workers, a worker that fails) it does nothing and
// the app decides as before.
if (typeof WebAssembly === "object" && typeof Worker === "function") {
  try {
    // #start: the worker loads the module without waiting for a message
    // (in the fragment, which no request carries: the URL stays the same
    // from one visit to the next, so the browser may keep the worker).
    const script = document.currentScript;
    const base = (script && script.src) || location.href;
    // ?v: the WebAssembly build's version, written into the page by the
    // server (data-wasm): the worker asks for itself, its scripts and the
    // module by URLs that name their bytes, which the browser keeps (the
    // module with its compiled code) instead of asking again.
    const v = (script && script.dataset.wasm) || "";
    const worker = new Worker(new URL("./wasm/worker.mjs" + (v ? "?v=" + encodeURIComponent(v) : "") + "#start=" + performance.timeOrigin, base), { type: "module", name: "flowzap" });
    const boot = { worker, at: performance.now(), failed: false };
    // An error before the app takes the worker over (its script missing:
    // a server built without the module) would be lost: the app then
    // starts its own worker, which reports it.
    worker.addEventListener("error", () => { boot.failed = true; });
    worker.postMessage({ init: { origin: performance.timeOrigin } });
    globalThis.fzBootWorker = boot;
  } catch {
    // The app starts its own worker, or draws on the server.
  }
}
