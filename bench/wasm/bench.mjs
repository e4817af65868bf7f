// bench.mjs DIR FILE...: loads the WebAssembly module from DIR (make wasm's
// output) and prints, as JSON, the load time (fetch-free: compile,
// instantiate and start), then for each FILE the first render and the
// median and 95th percentile of 40 renders of the SVG in the workflow
// view, each after a one-character edit (a comment line that grows), as
// typing does.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, ...files] = process.argv.slice(2);
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
console.log(JSON.stringify(out));
