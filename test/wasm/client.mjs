// client.mjs DIR: tests web/wasm/flowzap.mjs (the main-thread API) with
// the real module from DIR, its Web Worker stood in by an in-process one
// that answers asynchronously as a worker does: results have the shapes
// docs/wasm.md gives, and stale requests resolve as cancelled.
import fs from "node:fs";
import path from "node:path";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";

const dir = process.argv[2];
await import(pathToFileURL(path.join(dir, "wasm_exec.js")).href);
const core = await import(pathToFileURL(path.join(dir, "core.mjs")).href);
const api = await core.load(fs.readFileSync(path.join(dir, "flowzap.wasm")));
// The import module, for a worker whose init names it (the exports in
// formats other than JSON go there).
let importAPI = null;
const importsSeen = [];

let sent = [];
// An in-process stand-in for the module worker (worker.mjs's protocol).
globalThis.Worker = class {
  constructor(url, opts) {
    assert.equal(opts.type, "module");
    this.onmessage = null;
    this.api = api;
  }
  postMessage(msg) {
    if (msg.init && /flowzap-import\.wasm$/.test(msg.init.wasmURL || "")) {
      this.imports = true;
      importsSeen.push(msg.init.wasmURL);
      this.loading = (async () => {
        importAPI ||= await core.load(fs.readFileSync(path.join(dir, "flowzap-import.wasm")));
        this.api = importAPI;
      })();
    }
    if (!this.imports) sent.push(msg);
    setTimeout(async () => {
      await this.loading;
      if (msg.init) return this.onmessage({ data: { ready: true } });
      const result = core.run(this.api, msg.op, msg.req);
      this.onmessage({ data: { id: msg.id, result } });
    }, 5);
  }
  terminate() {}
};
const { Flowzap } = await import(pathToFileURL(path.join(dir, "flowzap.mjs")).href);

const code = (n) => `main { # Main\n  n1: circle label:"Start"\n  n2: rectangle label:"Step ${n}"\n  n1.handle(right) -> n2.handle(left)\n}\n`;
const c = new Flowzap();

// Three renders before the module is ready: only the newest is sent.
const [a, b, last] = [c.render(code(1)), c.render(code(2)), c.render(code(3), { view: "sequence", theme: "dark" })];
assert.deepEqual(await a, { cancelled: true });
assert.deepEqual(await b, { cancelled: true });
const r3 = await last;
assert.equal(r3.status, 200);
assert.equal(r3.svg, api.render({ code: code(3), view: "sequence", theme: "dark" }).body);
assert.ok(r3.svg.includes("Step 3"));
assert.deepEqual(r3.diagnostics, { errors: [], warnings: [], infos: [] });
assert.equal(r3.stats.nodeCount, 2);
assert.equal(sent.filter((m) => m.op === "render").length, 1, "cancelled renders must not reach the worker");

// With sendEarly, the first request goes to the worker before the module
// is ready (right after the init message) and is answered.
{
  sent = [];
  const early = new Flowzap({ sendEarly: true });
  const p = early.render(code(9));
  assert.deepEqual(sent.map((m) => m.init ? "init" : m.op), ["init", "render"], "the early render should be sent at once");
  const r = await p;
  assert.equal(r.status, 200);
  assert.ok(r.svg.includes("Step 9"));
  early.close();
}

// A render already in the worker is answered as cancelled once a newer one arrives.
sent = [];
// (Once the module is ready a request goes to the worker in the same
// call, so no wait is needed, and none may be made: the stand-in answers
// after 5 ms, which a busy machine can take to come back from any wait.)
const running = c.render(code(4));
assert.equal(sent.length, 1, "the first render should be in the worker");
const newer = c.render(code(5), { format: "json" });
assert.deepEqual(await running, { cancelled: true });
const r5 = await newer;
assert.equal(r5.layout, api.render({ code: code(5), format: "json" }).body);

// With keepRunning, the render in the worker still answers (a preview
// keeps getting pictures while typing); queued older ones still drop.
sent = [];
const kept = c.render(code(6), { keepRunning: true });
assert.equal(sent.length, 1, "the kept render should be in the worker");
const dropped = c.render(code(7), { keepRunning: true });
const newest = c.render(code(8), { keepRunning: true });
const r6 = await kept;
assert.equal(r6.status, 200, "a running render with keepRunning answers");
assert.ok(r6.svg.includes("Step 6"));
assert.deepEqual(await dropped, { cancelled: true });
assert.ok((await newest).svg.includes("Step 8"));
assert.equal(sent.filter((m) => m.op === "render").length, 2, "the dropped render must not reach the worker");

// Other operations are other channels: they do not cancel renders.
const [rr, chk, fmt, fx, one, graph, mmd] = await Promise.all([
  c.render("main { # M\n  n1: circle label:\"x\"\n  n1 -> n9\n}\n"),
  c.check(code(6), { strict: true }),
  c.format("main {   # Main\n n1: circle label:\"A\"\n}\n"),
  c.fix("main { # M\n  n1: circle label:\"A\"\n  n2: rectangle label:\"B\"\n  n1 -> n2\n"),
  c.fixOne(code(7), { code: "FZ101", line: 2 }),
  c.exportGraph(code(8)),
  c.exportGraph(code(8), { format: "mermaid", channel: "mermaid" }),
]);
assert.equal(rr.status, 422);
assert.equal(rr.svg, undefined);
assert.equal(rr.valid, false);
assert.ok(rr.diagnostics.errors.length > 0 && rr.error === "the code has errors");
assert.equal(chk.status, 200);
assert.equal(typeof chk.valid, "boolean");
assert.equal(fmt.code, "main { # Main\n  n1: circle label:\"A\"\n}\n");
assert.equal(fx.status, 200);
assert.ok(Array.isArray(fx.corrections));
assert.equal(one.status, 200);
assert.equal(graph.graph.nodes.length, 2);
assert.ok(mmd.text.startsWith("flowchart") || mmd.text.includes("flowchart"), mmd.text.slice(0, 40));
assert.match(mmd.type, /mermaid/);
// The rendering module writes JSON only: the Mermaid export went to the
// import module, next to flowzap.mjs, in a worker of its own.
assert.equal(importsSeen.length, 1, "one import module worker for the other formats");
assert.ok(importsSeen[0].endsWith("/flowzap-import.wasm"));
assert.equal(core.run(api, "exportGraph", { code: code(8), format: "mermaid" }).status, 501);

// Two requests on one channel: the older resolves as cancelled.
const [g1, g2] = await Promise.all([c.exportGraph(code(1), { format: "mermaid" }), c.exportGraph(code(2), { format: "dot" })]);
assert.deepEqual(g1, { cancelled: true });
assert.match(g2.text, /digraph/);
const [j1, j2] = await Promise.all([c.exportGraph(code(1)), c.exportGraph(code(2))]);
assert.deepEqual(j1, { cancelled: true });
assert.equal(j2.graph.nodes.length, 2);
assert.equal(importsSeen.length, 1, "the import module's worker is kept for the next export");

// Bad options are errors, not pictures.
const bad = await c.render(code(9), { view: "radial" });
assert.equal(bad.status, 400);
assert.match(bad.error, /unknown view "radial"/);

// Patches are never cancelled by newer ones: every gesture's answer comes,
// in order, with results naming what each operation made.
const [p1, p2, p3] = await Promise.all([
  c.patch(code(1), [{ op: "insertNode", lane: "main", shape: "diamond", label: "Ok?" }, { op: "insertEdge", from: "n2", to: "n3" }]),
  c.patch(code(2), [{ op: "nudgeNode", id: "n2", dx: 30 }]),
  c.patch(code(3), [{ op: "removeNode", id: "n7" }]),
]);
assert.equal(p1.status, 200);
assert.deepEqual(p1.result, [{ op: "insertNode", node: "n3", lane: "main" }, { op: "insertEdge", edge: "e2" }]);
assert.ok(p1.code.includes('n3: diamond label:"Ok?"') && Array.isArray(p1.diagnostics) && p1.applied.length === 2);
assert.deepEqual(p2.result, [{ op: "nudgeNode", node: "n2", dx: 32, dy: 0 }]);
assert.ok(p2.code.endsWith("// @layout v1\n// @layout node n2 dx=32\n"), p2.code);
assert.equal(p3.status, 422);
assert.match(p3.error, /operation 1 \(removeNode\): node "n7" does not exist; nothing was changed/);

// A stream's pictures come in parts, each made from the one before, even
// when that one was no longer wanted (cancelled): svg is the whole SVG,
// byte for byte the render's without a stream.
{
  sent = [];
  const s = new Flowzap();
  const whole = (n) => api.render({ code: code(n) }).body;
  const s1 = await s.render(code(1), { stream: "p" });
  assert.equal(s1.svg, whole(1));
  assert.equal(s1.picture.fresh.length, s1.picture.items.length, "the first picture is all new");
  const s2 = s.render(code(2), { stream: "p", keepRunning: false });
  const s3 = s.render(code(3), { stream: "p" });
  assert.deepEqual(await s2, { cancelled: true });
  const r3 = await s3;
  assert.equal(r3.svg, whole(3));
  assert.ok(r3.picture.fresh.length > 0 && r3.picture.fresh.length < r3.picture.items.length, `fresh ${r3.picture.fresh} of ${r3.picture.items.length}`);
  const renders = sent.filter((m) => m.op === "render");
  assert.deepEqual(renders.map((m) => m.req.base > 0), [false, true, true], "each render asks from the stream's last picture");
  assert.notEqual(renders[1].req.base, renders[2].req.base);
  // A failed render leaves the stream as it was.
  const bad = await s.render("main { # M\n  n1 -> n9\n}\n", { stream: "p" });
  assert.equal(bad.status, 422);
  const r4 = await s.render(code(4), { stream: "p" });
  assert.equal(r4.svg, whole(4));
  assert.ok(r4.picture.fresh.length < r4.picture.items.length);
  s.close();
}

c.close();
console.log("client ok");
