// End-to-end test of `flowzap mcp` with the official TypeScript MCP SDK
// client: initialize, list the tools, and call each tool with good and bad
// input. Usage: node client.mjs PATH/TO/flowzap
// Prints "N passed, M failed" and exits non-zero on any failure.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const bin = process.argv[2];
if (!bin) {
  console.error("usage: node client.mjs PATH/TO/flowzap");
  process.exit(2);
}

const good = `shop { # Shop
  n1: circle label:"Order placed"
  n2: rectangle label:"Reserve stock"
  n3: diamond label:"In stock?"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(bottom) -> pay.n4.handle(top) [label="Yes"]
  n3.handle(top) -> n2.handle(top) [label="No"]
}
pay { # Payments
  n4: rectangle label:"Charge card"
}
`;

let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log(`ok   ${name}`); }
  else { failed++; console.log(`FAIL ${name}: ${detail}`); }
}
const text = (r) => (r.content || []).filter((c) => c.type === "text").map((c) => c.text).join("");

const transport = new StdioClientTransport({ command: bin, args: ["mcp", "--playground-url", "http://127.0.0.1:9"], stderr: "inherit" });
const client = new Client({ name: "flowzap-e2e", version: "1.0.0" });
await client.connect(transport);
check("initialize: server name", client.getServerVersion()?.name === "flowzap", JSON.stringify(client.getServerVersion()));

const { tools } = await client.listTools();
const names = tools.map((t) => t.name).sort();
for (const want of ["apply_change", "artifact_to_diagram", "create_playground", "diff", "export_graph", "fix", "format", "get_syntax", "render", "templates", "validate"]) {
  check(`tools/list has ${want}`, names.includes(want), names.join(","));
}

async function call(name, args) {
  return client.callTool({ name, arguments: args });
}

let r = await call("validate", { code: good, strict: true });
check("validate good code", r.structuredContent?.valid === true && r.structuredContent.errors.length === 0, JSON.stringify(r.structuredContent));
r = await call("validate", { code: "shop {\n  n1: circle label=\"x\"\n  n1.handle(right) -> n7.handle(left)\n}\n" });
const errs = r.structuredContent?.errors || [];
check("validate reports errors with line/column/code", errs.length === 1 && errs[0].line === 3 && errs[0].code === "FZ015" && errs[0].column > 0,
  JSON.stringify(errs));
check("validate reports warnings too", (r.structuredContent?.warnings || []).some((w) => w.code === "FZ101"), JSON.stringify(r.structuredContent?.warnings));
r = await call("validate", { code: 7 });
check("validate rejects a number for code", r.isError === true, JSON.stringify(r));

r = await call("fix", { code: "shop {\n  a: circle label=\"Go\"\n  b: rectangle label=\"Do\"\n  a -> b\n}\n" });
check("fix repairs", r.structuredContent?.fixed === true && r.structuredContent.code.includes("n1.handle(right) -> n2.handle(left)") &&
  r.structuredContent.corrections.length > 0, JSON.stringify(r.structuredContent));

r = await call("format", { code: "shop {#Shop\nn1: circle label:\"A\"\n}\n" });
check("format", r.structuredContent?.code === "shop { # Shop\n  n1: circle label:\"A\"\n}\n", JSON.stringify(r.structuredContent));
r = await call("format", { code: "shop {\n  n1: circle label:\"A\n}\n" });
check("format refuses syntax errors", r.isError === true && text(r).includes("unterminated string"), text(r));

r = await call("render", { code: good, view: "workflow" });
check("render svg", !r.isError && text(r).startsWith("<svg"), text(r).slice(0, 80));
r = await call("render", { code: good, view: "sequence", format: "png" });
check("render png image", r.content?.[0]?.type === "image" && r.content[0].mimeType === "image/png" && r.content[0].data.length > 100,
  JSON.stringify(r.content?.[0]).slice(0, 120));
r = await call("render", { code: good, view: "mindmap", format: "json" });
check("render layout json", JSON.parse(text(r)).view === "mindmap", text(r).slice(0, 80));
r = await call("render", { code: good, view: "kanban" });
check("render unknown view is a tool error", r.isError === true && text(r).includes('argument "view" is "kanban"'), text(r));

r = await call("export_graph", { code: good });
check("export_graph", r.structuredContent?.stats?.nodeCount === 4 && r.structuredContent.stats.crossLaneEdges === 1, JSON.stringify(r.structuredContent?.stats));

r = await call("get_syntax", {});
check("get_syntax", text(r).includes("handle(SIDE)"), text(r).slice(0, 80));

r = await call("diff", { old: good, new: good.replace('"Reserve stock"', '"Hold stock"').replace('[label="No"]', '[label="Out"]') });
check("diff sees label changes", r.structuredContent?.summary === "nodes: 1 changed; edges: 1 changed", JSON.stringify(r.structuredContent));
r = await call("diff", { old: good, new: good.replace("pay { # Payments", "billing { # Payments").replace("pay.n4", "billing.n4") });
check("diff reports a lane rename as one rename", r.structuredContent?.changes?.length === 1 && r.structuredContent.changes[0].kind === "renamed", JSON.stringify(r.structuredContent));
r = await call("diff", { old: good, new: "broken {" });
check("diff with broken input is a tool error", r.isError === true, text(r));

r = await call("apply_change", { code: good, operations: [{ op: "removeNode", id: "n2" }, { op: "renameLane", id: "pay", newId: "billing" }] });
const patched = r.structuredContent?.code || "";
check("apply_change removes the node with its edges, renames references and keeps numbering gap-free",
  !patched.includes("Reserve stock") && patched.includes("n2: diamond") && patched.includes("billing.n3") &&
  (r.structuredContent?.applied || []).some((a) => a.includes("renumbered")), patched);
r = await call("apply_change", { code: good, operations: [{ op: "moveNode", id: "n1", lane: "nowhere" }] });
check("apply_change failure is atomic", r.isError === true && text(r).includes("nothing was changed"), text(r));

const log = `203.0.113.7 - - [23/Nov/2026:09:12:01 +0000] "GET /api/orders/12 HTTP/1.1" 200 512 "-" "curl/8" 0.012\n`;
r = await call("artifact_to_diagram", { kind: "log", content: log });
check("artifact_to_diagram from a log", (r.structuredContent?.code || "").includes("GET /api/orders/{id}"), JSON.stringify(r.structuredContent));
r = await call("artifact_to_diagram", { kind: "csv", content: "a,b" });
check("artifact_to_diagram unknown kind is a plain sentence", r.isError === true && text(r).includes('argument "kind" is "csv": expected one of log, har, openapi, go'), text(r));

r = await call("templates", { query: "passerelle" });
check("templates search in French", (r.structuredContent?.templates || []).some((t) => t.id === "api-gateway"), JSON.stringify(r.structuredContent).slice(0, 200));
r = await call("templates", { id: "saga-orchestration" });
check("templates get", (r.structuredContent?.templates?.[0]?.code || "").includes("orchestrator"), JSON.stringify(r.structuredContent).slice(0, 120));

r = await call("create_playground", { code: good, view: "sequence" });
check("create_playground link", (r.structuredContent?.url || "").startsWith("http://127.0.0.1:9/playground?code="), JSON.stringify(r.structuredContent));

// FlowZap's own tool names, called with FlowZap-shaped arguments.
for (const want of ["flowzap_validate", "flowzap_create_playground", "flowzap_get_syntax", "flowzap_export_graph", "flowzap_artifact_to_diagram",
  "flowzap_diff", "flowzap_apply_change", "flowzap_fix", "flowzap_mindmap_validate", "flowzap_mindmap_approve",
  "flowzap_mindmap_create_playground", "flowzap_mindmap_template"]) {
  check(`tools/list has ${want}`, names.includes(want), names.join(","));
}
const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
check("apply_change schema lists the ops", JSON.stringify(byName.apply_change.inputSchema).includes('"insertNode"'), JSON.stringify(byName.apply_change.inputSchema).slice(0, 200));
check("render schema has a view enum", JSON.stringify(byName.render.inputSchema.properties.view.enum) === JSON.stringify(["workflow", "sequence", "architecture", "mindmap"]),
  JSON.stringify(byName.render.inputSchema.properties.view));
check("validate is read-only and idempotent", byName.validate.annotations?.readOnlyHint === true && byName.validate.annotations?.idempotentHint === true,
  JSON.stringify(byName.validate.annotations));

r = await call("flowzap_validate", { code: good });
check("flowzap_validate stats", r.structuredContent?.valid === true && r.structuredContent.stats.lanes === 2 && r.structuredContent.stats.nodes === 4 &&
  r.structuredContent.stats.edges === 4, JSON.stringify(r.structuredContent));
r = await call("flowzap_validate", { code: "shop { # Shop\n  n1: circle label=\"A\"\n}\n", lng: "fr" });
check("flowzap_validate in French", r.structuredContent?.valid === false && text(r).includes("Ligne 2"), text(r));
r = await call("flowzap_validate", { code: "shop { # Shop\n  n1: circle label=\"A\"\n}\n", lng: "zh" });
check("flowzap_validate in Chinese", text(r).includes("第 2 行"), text(r));
r = await call("flowzap_export_graph", { code: good });
let parsed = JSON.parse(text(r));
check("flowzap_export_graph shape", parsed.success === true && parsed.graph.lanes.every((l) => ["actor", "system", "unknown"].includes(l.type)) &&
  parsed.graph.nodes.map((n) => n.kind).join() === "start,step,decision,step" && parsed.graph.stats.crossLaneEdges === 1, text(r).slice(0, 300));
r = await call("flowzap_diff", { oldCode: good, newCode: good.replace('"Charge card"', '"Charge the card"') });
parsed = JSON.parse(text(r));
check("flowzap_diff shape", parsed.success && parsed.changes.nodesUpdated[0].id === "n4" && parsed.changes.nodesUpdated[0].changes.label.new === "Charge the card",
  text(r).slice(0, 300));
r = await call("flowzap_apply_change", { code: good, operations: [
  { op: "insertNode", laneId: "pay", newNode: { shape: "rectangle", label: "Send receipt" } },
  { op: "insertEdge", newEdge: { from: "n4", to: "n5", label: "paid" } },
  { op: "updateNode", nodeId: "n1", updates: { label: "Order in" } }] });
parsed = JSON.parse(text(r));
check("flowzap_apply_change shape", parsed.success && parsed.code.includes('n5: rectangle label:"Send receipt"') && parsed.code.includes('n4.handle(right) -> n5.handle(left) [label="paid"]') &&
  parsed.applied.length === 3, text(r));
r = await call("flowzap_artifact_to_diagram", { artifactType: "http_logs", content: log });
parsed = JSON.parse(text(r));
check("flowzap_artifact_to_diagram shape", parsed.success && parsed.view === "sequence" && parsed.stats.stepCount >= 1 && Array.isArray(parsed.stats.actors), text(r));
r = await call("flowzap_fix", { code: "shop {\n  a: circle label='Go'\n  b: rectangle label=\"Do\"\n  a --> b;\n}\n" });
check("flowzap_fix", r.structuredContent?.success === true && typeof r.structuredContent.code === "string", JSON.stringify(r.structuredContent));
r = await call("flowzap_mindmap_template", { topic: "Trip", lng: "zh" });
const mm = r.structuredContent?.code || "";
r = await call("flowzap_mindmap_validate", { code: mm });
check("flowzap_mindmap_template then validate", r.structuredContent?.valid === true && r.structuredContent.stats.root === "Trip" && r.structuredContent.stats.branches === 4,
  JSON.stringify(r.structuredContent));
r = await call("flowzap_create_playground", { code: good, view: "kanban" });
check("flowzap_create_playground validates view", r.isError === true && text(r).includes('"view"'), text(r));

await client.close();

// The same tools over Streamable HTTP at /api/mcp of a running flowzap serve.
const port = await new Promise((resolve) => { const s = createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); }); });
const dir = mkdtempSync(join(tmpdir(), "flowzap-e2e-"));
const serve = spawn(bin, ["serve", "--addr", `127.0.0.1:${port}`, "--db", join(dir, "e2e.db")], { stdio: ["ignore", "inherit", "inherit"] });
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  try { if ((await fetch(base + "/api/health")).ok) break; } catch { /* not up yet */ }
  await new Promise((r) => setTimeout(r, 100));
}
try {
  const remote = new Client({ name: "flowzap-e2e-http", version: "1.0.0" });
  await remote.connect(new StreamableHTTPClientTransport(new URL(base + "/api/mcp")));
  const rt = (await remote.listTools()).tools.map((t) => t.name);
  check("remote tools/list has the same tools", names.every((n) => rt.includes(n)) && rt.length === names.length, rt.join(","));
  r = await remote.callTool({ name: "flowzap_validate", arguments: { code: good, lng: "fr" } });
  check("remote flowzap_validate", r.structuredContent?.valid === true && text(r).includes("Le code FlowZap est valide"), text(r));
  r = await remote.callTool({ name: "flowzap_export_graph", arguments: { code: good } });
  check("remote flowzap_export_graph", JSON.parse(text(r)).graph?.stats?.nodeCount === 4, text(r).slice(0, 200));
  r = await remote.callTool({ name: "flowzap_create_playground", arguments: { code: good, view: "sequence" } });
  const link = r.structuredContent?.url || "";
  check("remote flowzap_create_playground links to this server", link.startsWith(base + "/playground"), JSON.stringify(r.structuredContent));
  const page = await fetch(link);
  check("the playground link opens the app", page.ok && (await page.text()).includes("<html"), String(page.status));
  r = await remote.callTool({ name: "render", arguments: { code: good, view: "sequence" } });
  check("remote render", text(r).startsWith("<svg"), text(r).slice(0, 60));
  r = await remote.callTool({ name: "validate", arguments: { code: 7 } });
  check("remote argument errors are plain sentences", r.isError === true && text(r).includes('argument "code" must be a string'), text(r));
  await remote.close();

  // flowzap mcp with --playground-url creates sessions on the server, so
  // large diagrams get a short link.
  const local = new Client({ name: "flowzap-e2e-session", version: "1.0.0" });
  await local.connect(new StdioClientTransport({ command: bin, args: ["mcp", "--playground-url", base], stderr: "inherit" }));
  let big = "big { # Big\n";
  for (let i = 1; i <= 400; i++) big += `  n${i}: rectangle label:"Step number ${i} of the long diagram"\n`;
  for (let i = 1; i < 400; i++) big += `  n${i}.handle(right) -> n${i + 1}.handle(left)\n`;
  big += "}\n";
  r = await local.callTool({ name: "create_playground", arguments: { code: big, view: "workflow" } });
  const session = r.structuredContent?.url || "";
  check("create_playground makes a short session link for large code", session.startsWith(base + "/playground/") && session.length < 200 && big.length > 20000,
    (JSON.stringify(r.structuredContent) || text(r)).slice(0, 300));
  const opened = await (await fetch(base + "/api/playground/" + session.split("/").pop())).json();
  check("the session opens the code", opened.code === big, JSON.stringify(opened).slice(0, 120));
  await local.close();
} finally {
  serve.kill();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
