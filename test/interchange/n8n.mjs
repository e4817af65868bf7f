// Validates every example and template exported as n8n workflow JSON with
// the n8n-workflow package's own structure validation (node shape, unique
// names, connections that name existing nodes), and checks that every
// FlowZap node and edge is there.
import { createRequire } from 'node:module';
import { corpus, done, fail, flowzap, root } from './lib.mjs';

const require = createRequire(import.meta.url);
const { parseWorkflowStructure } = require('n8n-workflow');

const bin = process.argv[2];
if (!bin) throw new Error('usage: node n8n.mjs FLOWZAP_BINARY');

let n = 0;
for (const file of corpus()) {
  const name = file.slice(root.length + 1);
  const wf = JSON.parse(flowzap(bin, 'export', '--format', 'n8n', file));
  const graph = JSON.parse(flowzap(bin, 'export', '--format', 'json', file));
  try {
    parseWorkflowStructure(wf);
  } catch (e) {
    fail(`${name}: n8n-workflow rejects it: ${e.message} ${JSON.stringify(e.issues || e.cause || '')}`);
    continue;
  }
  const steps = wf.nodes.filter((x) => x.type !== 'n8n-nodes-base.stickyNote');
  if (steps.length !== graph.nodes.length) fail(`${name}: ${steps.length} steps, want ${graph.nodes.length}`);
  const names = new Set(wf.nodes.map((x) => x.name));
  if (names.size !== wf.nodes.length) fail(`${name}: node names are not unique`);
  let links = 0;
  for (const [src, byType] of Object.entries(wf.connections)) {
    if (!names.has(src)) fail(`${name}: connection from unknown node ${src}`);
    for (const outs of byType.main) for (const l of outs || []) { links++; if (!names.has(l.node)) fail(`${name}: connection to unknown node ${l.node}`); }
  }
  if (links !== graph.edges.length) fail(`${name}: ${links} connections, want ${graph.edges.length}`);
  n++;
}
console.log(`n8n: ${n} workflows validated by n8n-workflow`);
done('n8n');
