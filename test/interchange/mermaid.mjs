// Renders every example and template exported as a Mermaid flowchart and
// sequence diagram with the real Mermaid library in headless Chromium and
// checks that it renders without error, with one SVG node per FlowZap node,
// one link per edge (plus one per loop) and one message per sequence message.
import { join } from 'node:path';
import { browser, corpus, done, fail, flowzap, root } from './lib.mjs';

const bin = process.argv[2];
if (!bin) throw new Error('usage: node mermaid.mjs FLOWZAP_BINARY');

const cases = [];
for (const file of corpus()) {
  const graph = JSON.parse(flowzap(bin, 'export', '--format', 'json', file));
  const seq = JSON.parse(flowzap(bin, 'render', '--view', 'sequence', '--format', 'json', file));
  cases.push({
    file,
    flow: flowzap(bin, 'export', '--format', 'mermaid', file),
    sequence: flowzap(bin, 'export', '--format', 'mermaid-sequence', file),
    nodes: graph.nodes.length,
    links: graph.edges.length + (graph.loops || []).length,
    messages: seq.messages.length,
    participants: seq.participants.length,
  });
}

const b = await browser();
try {
  const page = await b.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: join(root, 'test/interchange/node_modules/mermaid/dist/mermaid.min.js') });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  let i = 0;
  for (const c of cases) {
    const name = c.file.slice(root.length + 1);
    for (const kind of ['flow', 'sequence']) {
      const res = await page.evaluate(async (text, id) => {
        try {
          const { svg } = await window.mermaid.render(id, text);
          const div = document.createElement('div');
          div.innerHTML = svg;
          const q = (s) => div.querySelectorAll(s).length;
          return {
            nodes: q('g.node'), links: q('path.flowchart-link'),
            messages: q('text.messageText'), actors: q('rect.actor-top, g.actor-top rect, rect.actor'),
            error: svg.includes('Syntax error') ? 'syntax error picture' : null,
          };
        } catch (e) {
          return { error: String(e && e.message || e) };
        }
      }, c[kind], 'm' + (i++));
      if (res.error) {
        fail(`${name} (${kind}): ${res.error}\n${c[kind]}`);
        continue;
      }
      if (kind === 'flow') {
        if (res.nodes !== c.nodes) fail(`${name}: ${res.nodes} nodes in the SVG, want ${c.nodes}`);
        if (res.links !== c.links) fail(`${name}: ${res.links} links in the SVG, want ${c.links}`);
      } else {
        if (res.messages !== c.messages) fail(`${name} (sequence): ${res.messages} messages in the SVG, want ${c.messages}`);
        if (res.actors < c.participants) fail(`${name} (sequence): ${res.actors} participant boxes, want at least ${c.participants}`);
      }
    }
  }
  console.log(`mermaid: rendered ${cases.length} flowcharts and ${cases.length} sequence diagrams`);
} finally {
  await b.close();
}
done('mermaid');
