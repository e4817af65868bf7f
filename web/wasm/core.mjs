// core.mjs: loads the flowzap WebAssembly module (cmd/flowzap-wasm) and
// turns its answers into the JS API's results. The Web Worker
// (worker.mjs) runs it in browsers; Node runs it directly (the tests and
// the benchmark). It needs Go's wasm_exec.js loaded first (globalThis.Go).

/** The answer format of the module this file understands. */
export const MODULE_VERSION = "1";

/**
 * Instantiates the module and resolves with its raw API (globalThis.flowzap):
 * methods validate, render, format, fix, fixOne, export and patch (the
 * import module, flowzap-import.wasm: import), each taking a
 * request object and returning {status, type, body, report?}, the exact
 * answer of the HTTP API.
 * @param {BufferSource|Response|Promise<Response>} source the module's bytes or a fetch of it
 * @param {object} [marks] if given, gets the time (performance.now()) each
 *   step ended: response (the module's headers), compiled, started, warm
 * @param {{warm: boolean | (() => boolean | Promise<boolean>)}} [options]
 *   warm: whether to make the warm-up render (default true; a function is
 *   asked, and its promise awaited, when the module has started: a worker
 *   with a real request waiting skips it)
 */
export async function load(source, marks = {}, { warm = true } = {}) {
  if (typeof globalThis.Go !== "function") {
    throw new Error("flowzap: wasm_exec.js (Go's WebAssembly support file) must be loaded first");
  }
  const go = new globalThis.Go();
  const ready = new Promise((resolve) => { globalThis.flowzapReady = resolve; });
  let result;
  const src = await source;
  marks.response = performance.now();
  if (typeof Response !== "undefined" && src instanceof Response) {
    if (!src.ok) throw new Error(`flowzap: the module could not be fetched: ${src.status} ${src.statusText}`);
    result = WebAssembly.instantiateStreaming
      ? await WebAssembly.instantiateStreaming(src, go.importObject).catch(async () =>
          WebAssembly.instantiate(await src.clone().arrayBuffer(), go.importObject))
      : await WebAssembly.instantiate(await src.arrayBuffer(), go.importObject);
  } else {
    result = await WebAssembly.instantiate(src, go.importObject);
  }
  marks.compiled = performance.now();
  const exited = go.run(result.instance);
  await Promise.race([ready, exited.then(() => { throw new Error("flowzap: the module exited while starting"); })]);
  delete globalThis.flowzapReady;
  marks.started = performance.now();
  const api = globalThis.flowzap;
  if (!api || api.version !== MODULE_VERSION) {
    throw new Error(`flowzap: the module answers version ${api && api.version}, this script expects ${MODULE_VERSION}: rebuild with make wasm`);
  }
  // One small render parses the embedded fonts and warms the code paths
  // (the engine compiles a function on its first call), so the first real
  // render is not the slow one: two lanes, every shape, labels, a
  // decision, a return edge and a loop, as most diagrams have. It runs
  // while the page is still starting, so it costs the page nothing.
  // (The import module, flowzap-import.wasm, has no render: no warm-up.)
  if (typeof api.render === "function" && (typeof warm === "function" ? await warm() : warm)) api.render({ code: warmCode });
  marks.warm = performance.now();
  return api;
}

// warmCode is the warm-up render's diagram.
const warmCode = `a { # Warm-up
  n1: circle label:"Start"
  n2: rectangle label:"Check the request"
  n3: diamond label:"Valid?"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(bottom) -> b.n4.handle(top) [label="Yes"]
  n3.handle(top) -> n2.handle(top) [label="No, retry"]
  loop [until valid] n2 n3
}
b { # Back end
  n4: rectangle label:"Store it"
  n5: circle label:"Done"
  n4.handle(right) -> n5.handle(left) [label="saved"]
}
`;

/** The operations of the JS API and the module method each calls. */
export const OPS = {
  render: "render",
  check: "validate",
  fix: "fix",
  fixOne: "fixOne",
  format: "format",
  exportGraph: "export",
  patch: "patch",
  speculate: "speculate",
  // Only in the import module (flowzap-import.wasm).
  importDiagram: "import",
};

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Runs one operation and shapes the result:
 * - render: {svg} (format "svg", the default) or {layout} (format "json",
 *   the layout as a JSON string), with diagnostics ({errors, warnings,
 *   infos}, each a list of the API's diagnostic objects), stats, valid,
 *   and error (the message) when no picture was made;
 * - check: the validation report, as /api/validate answers it;
 * - fix and fixOne: the fix report, as /api/fix and /api/fix/one answer it;
 * - format: {code}, or {error, errors} when syntax errors prevent it;
 * - exportGraph: {graph} (format "json", the default), or {text, type} in
 *   another format (mermaid, bpmn, drawio, dot, d2, plantuml, ...), or
 *   {error, errors}.
 * - importDiagram ({from, source, name, lang}; the import module only):
 *   {ok, code, diagnostics} as /api/import answers it, with error too
 *   when the input cannot be read (status 422: the diagnostics say
 *   where), or {error} (a request the server refuses: 400, 413).
 * - patch ({code, ops}): {code, result, applied, diagnostics} as
 *   /api/patch answers it (result: one {op, node?, edge?, lane?, loop?,
 *   dx?, dy?} per operation, naming what it created or changed as the
 *   SVG's data-id does), or {error, errors} (nothing was changed).
 * Every result also has status, the HTTP status the server would answer,
 * and goMs, the time the call took inside the module (ms).
 * A render with a stream (a name) and a base (the number of the stream's
 * last picture the caller holds, 0 for none) answers picture: {seq, base,
 * open, parts} instead of svg: parts[i] is the markup of the i-th
 * top-level element of the SVG, or, as a number, the index of the element
 * with that markup in the picture numbered base (see flowzap.mjs).
 * With speculate: true as well, the worker then lays out ahead, in the
 * time before the next keystroke, the text one more letter typed where
 * the stream's last edit ended would make ({stream} to the speculate
 * operation, answered {laidOut}): the layout keeps that geometry, and the
 * keystroke that widens a label by a step is then drawn without laying
 * the whole diagram out. Nothing drawn changes.
 */
export function run(api, op, req) {
  const method = OPS[op];
  if (method && typeof api[method] !== "function") throw new Error(`flowzap: this module does not answer ${op}: ${op === "importDiagram" ? "imports run on flowzap-import.wasm" : "it is the import module"}`);
  if (!method) throw new Error(`flowzap: unknown operation ${JSON.stringify(op)}: expected ${Object.keys(OPS).join(", ")}`);
  const res = api[method](req || {});
  return shape(op, req || {}, res);
}

/** shape turns a raw module answer into the API's result (see run). */
export function shape(op, req, res) {
  const out = { status: res.status };
  if (typeof res.goMs === "number") out.goMs = res.goMs;
  if (op === "render") {
    const report = res.report ? parse(res.report) : null;
    if (report) {
      out.diagnostics = { errors: report.errors, warnings: report.warnings, infos: report.infos };
      out.stats = report.stats;
      out.valid = report.valid;
    }
    if (res.status === 200) {
      // A render on a stream answers its picture in parts (see
      // flowzap.mjs, which puts them together).
      if (res.picture) {
        const { seq, base, open, parts } = res.picture;
        out.picture = { seq, base, open, parts: typeof parts === "string" ? JSON.parse(parts) : parts };
      }
      else if ((req.format || "svg") === "svg") out.svg = res.body;
      else out.layout = res.body;
    } else {
      const e = parse(res.body) || { error: res.body };
      out.error = e.error;
      if (e.errors) out.errors = e.errors;
    }
    return out;
  }
  if (op === "exportGraph" && res.status === 200 && req.format && req.format !== "json") {
    out.text = res.body;
    out.type = res.type;
    return out;
  }
  const body = parse(res.body);
  // An import that could not be read (422) still answers its
  // diagnostics, positioned in the input.
  if (op === "importDiagram" && res.status === 422 && body) return Object.assign(out, body);
  if (res.status !== 200) {
    out.error = body ? body.error : res.body;
    if (body && body.errors) out.errors = body.errors;
    return out;
  }
  if (op === "exportGraph") out.graph = body;
  else Object.assign(out, body);
  return out;
}
