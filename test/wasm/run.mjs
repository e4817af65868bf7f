// run.mjs DIR REQUESTS OUT [MODULE]: loads the WebAssembly module from DIR
// (MODULE, flowzap.wasm by default, with wasm_exec.js and core.mjs, as
// make wasm writes them; flowzap-import.wasm answers import and export),
// answers every request of the JSON file REQUESTS ([{op, req}], op one of
// the module's methods: validate, render, format, fix, fixOne, export)
// and writes the raw answers ([{status, type, body, report}]) to OUT.
// wasm_test.go compares them with the HTTP server's. It also prints the
// module's sizes (raw, gzip -9, brotli 11) as JSON on stdout.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { pathToFileURL } from "node:url";

const [dir, reqFile, outFile, moduleName = "flowzap.wasm"] = process.argv.slice(2);
await import(pathToFileURL(path.join(dir, "wasm_exec.js")).href);
const { load } = await import(pathToFileURL(path.join(dir, "core.mjs")).href);
const bytes = fs.readFileSync(path.join(dir, moduleName));
const api = await load(bytes);
const requests = JSON.parse(fs.readFileSync(reqFile, "utf8"));
const out = [];
for (const { op, req } of requests) {
  const r = api[op](req);
  out.push({ status: r.status, type: r.type, body: r.body, report: r.report || "" });
}
fs.writeFileSync(outFile, JSON.stringify(out));
const sizes = {
  raw: bytes.length,
  gzip: zlib.gzipSync(bytes, { level: 9 }).length,
  brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
};
console.log(JSON.stringify(sizes));
