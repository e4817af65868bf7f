// bench.mjs DIR TYPING FILE...: loads the WebAssembly module from DIR
// (make wasm's output) and prints, as JSON, the load time (fetch-free:
// compile, instantiate and start), then for each FILE the first render and
// the median and 95th percentile of 40 renders of the SVG in the workflow
// view, each after a one-character edit (a comment line that grows: the
// layout's memo serves all but the first), then the typing replay on
// TYPING: what the web app's keystroke benchmark types (30 letters into a
// label, then the next, a space every fifth key), each keystroke rendered,
// after 20 keys of warm-up in another label; wall and CPU time per key.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, typingFile, ...files] = process.argv.slice(2);
const bytes = fs.readFileSync(path.join(dir, "flowzap.wasm"));
const t0 = performance.now();
await import(pathToFileURL(path.join(dir, "wasm_exec.js")).href);
const { load, run } = await import(pathToFileURL(path.join(dir, "core.mjs")).href);
const api = await load(bytes);
const loadMs = performance.now() - t0;
const out = { loadMs, files: [] };
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
for (const [i, file] of files.entries()) {
  const code = fs.readFileSync(file, "utf8");
  let t = performance.now();
  const first = run(api, "render", { code });
  const firstMs = performance.now() - t;
  if (first.status !== 200) throw new Error(`${file}: ${first.error}`);
  const times = [];
  let comment = "\n// ";
  for (let k = 0; k < 40; k++) {
    comment += "x";
    t = performance.now();
    const r = run(api, "render", { code: code + comment });
    times.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`${file}: ${r.error}`);
  }
  const entry = { file: path.basename(file), firstMs, p50: pct(times, 0.5), p95: pct(times, 0.95), svgBytes: first.svg.length };
  if (i === 0) entry.loadToFirstMs = loadMs + firstMs;
  out.files.push(entry);
}
{
  let src = fs.readFileSync(typingFile, "utf8");
  const wall = [], cpu = [];
  let at = 0;
  for (let i = -20; i < 150; i++) {
    if (i === -20 || (i >= 0 && i % 30 === 0)) {
      const decl = src.indexOf(`n${i < 0 ? 12 : 40 + Math.floor(i / 30) * 37 % 160}:`);
      at = src.indexOf('label:"', decl) + 7;
    }
    const k = (i + 20) % 5 === 4 ? " " : String.fromCharCode(97 + (i + 20) % 26);
    src = src.slice(0, at) + k + src.slice(at);
    at++;
    const c0 = process.cpuUsage(), t = performance.now();
    const r = run(api, "render", { code: src });
    const w = performance.now() - t, c = process.cpuUsage(c0);
    if (r.status !== 200) throw new Error(`typing: ${r.error}`);
    if (i >= 0) {
      wall.push(w);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  out.typing = { file: path.basename(typingFile), p50: pct(wall, 0.5), p95: pct(wall, 0.95), cpuP50: pct(cpu, 0.5), cpuP95: pct(cpu, 0.95) };
}
console.log(JSON.stringify(out));
