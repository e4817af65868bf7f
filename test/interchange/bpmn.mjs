// Checks every example and template exported as BPMN 2.0: bpmn-moddle
// reads it without a warning, bpmnlint's recommended rules report no
// error, and bpmn-js opens it in headless Chromium without a warning,
// drawing one shape per flow node and one connection per flow.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { browser, corpus, done, fail, flowzap, root } from './lib.mjs';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

const bin = process.argv[2];
if (!bin) throw new Error('usage: node bpmn.mjs FLOWZAP_BINARY');

const moddle = new BpmnModdle();

const cases = [];
for (const file of corpus()) {
  const name = file.slice(root.length + 1);
  const xml = flowzap(bin, 'export', '--format', 'bpmn', file);
  const graph = JSON.parse(flowzap(bin, 'export', '--format', 'json', file));
  let parsed;
  try {
    parsed = await moddle.fromXML(xml);
  } catch (e) {
    fail(`${name}: bpmn-moddle cannot read it: ${e.message}`);
    continue;
  }
  for (const w of parsed.warnings) fail(`${name}: bpmn-moddle warning: ${w.message}`);
  // A fresh linter per file: some rules keep state between runs.
  const linter = new Linter({ config: { extends: 'bpmnlint:recommended' }, resolver: new NodeResolver() });
  const results = await linter.lint(parsed.rootElement);
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports) {
      if (r.category === 'error') fail(`${name}: bpmnlint ${rule}: ${r.id}: ${r.message}`);
    }
  }
  const process = parsed.rootElement.rootElements.find((e) => e.$type === 'bpmn:Process');
  const flowNodes = process.flowElements.filter((e) => e.$type !== 'bpmn:SequenceFlow');
  const flows = process.flowElements.filter((e) => e.$type === 'bpmn:SequenceFlow');
  const ours = flowNodes.filter((e) => !e.id.startsWith('FlowZapAdded_'));
  if (ours.length !== graph.nodes.length) fail(`${name}: ${ours.length} flow nodes of ours, want ${graph.nodes.length}`);
  cases.push({ name, xml, shapes: flowNodes.length, flows: flows.length });
}

const b = await browser();
try {
  const page = await b.newPage();
  await page.setContent('<!doctype html><html><body><div id="c" style="width:1600px;height:1000px"></div></body></html>');
  await page.addScriptTag({ path: join(root, 'test/interchange/node_modules/bpmn-js/dist/bpmn-viewer.production.min.js') });
  for (const c of cases) {
    const res = await page.evaluate(async (xml) => {
      const viewer = new window.BpmnJS({ container: '#c' });
      try {
        const { warnings } = await viewer.importXML(xml);
        const reg = viewer.get('elementRegistry');
        const all = reg.getAll();
        const shapes = all.filter((e) => e.type !== 'label' && !e.waypoints && /Event|Task|Gateway|^bpmn:Task$/.test(e.type)).length;
        const flows = all.filter((e) => e.type === 'bpmn:SequenceFlow').length;
        return { warnings: warnings.map((w) => w.message), shapes, flows };
      } catch (e) {
        return { error: String(e && e.message || e) };
      } finally {
        viewer.destroy();
      }
    }, c.xml);
    if (res.error) { fail(`${c.name}: bpmn-js: ${res.error}`); continue; }
    for (const w of res.warnings) fail(`${c.name}: bpmn-js warning: ${w}`);
    if (res.shapes !== c.shapes) fail(`${c.name}: bpmn-js drew ${res.shapes} flow node shapes, want ${c.shapes}`);
    if (res.flows !== c.flows) fail(`${c.name}: bpmn-js drew ${res.flows} sequence flows, want ${c.flows}`);
  }
  console.log(`bpmn: ${cases.length} files read by bpmn-moddle, linted by bpmnlint and opened in bpmn-js`);
} finally {
  await b.close();
}
done('bpmn');
