// Checks every example and template exported as a draw.io file: mxGraph,
// the library diagrams.net is built on, decodes it in headless Chromium
// (its own codec, draw.io's <object> cells included) and draws it
// without an error; every lane, node and edge of ours comes back as a
// cell, every edge is attached to both of its ends, and every node sits
// inside its lane's container. Every loop comes back as a cell and is
// drawn; a loop frame drawn as an outline is an inline stencil
// (shape=stencil(...)), which mxGraph draws here as diagrams.net does:
// its XML URL-encoded, raw-deflated and in base64.
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { browser, corpus, done, fail, flowzap, root } from './lib.mjs';

const bin = process.argv[2];
if (!bin) throw new Error('usage: node drawio.mjs FLOWZAP_BINARY');

const cases = [];
for (const file of corpus()) {
  const name = file.slice(root.length + 1);
  const xml = flowzap(bin, 'export', '--format', 'drawio', file);
  const graph = JSON.parse(flowzap(bin, 'export', '--format', 'json', file));
  const stencils = {};
  for (const m of xml.matchAll(/shape=stencil\(([^)]*)\)/g)) {
    stencils[m[1]] = decodeURIComponent(inflateRawSync(Buffer.from(m[1], 'base64')).toString('latin1'));
  }
  cases.push({ name, xml, stencils, lanes: graph.lanes.length, nodes: graph.nodes.length, edges: graph.edges.length, loops: (graph.loops || []).length });
}

const b = await browser();
try {
  const page = await b.newPage();
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  await page.setContent('<!doctype html><html><body><div id="c" style="width:1600px;height:1000px;position:relative"></div></body></html>');
  await page.evaluate(() => {
    window.mxBasePath = '.';
    window.mxLoadResources = false;
    window.mxLoadStylesheets = false;
    window.mxForceIncludes = false;
  });
  await page.addScriptTag({ path: join(root, 'test/interchange/node_modules/mxgraph/javascript/mxClient.min.js') });
  await page.evaluate(() => {
    const create = window.mxCellRenderer.prototype.createShape;
    window.mxCellRenderer.prototype.createShape = function (state) {
      const name = state.style && state.style[window.mxConstants.STYLE_SHAPE];
      if (typeof name === 'string' && name.startsWith('stencil(')) {
        const xml = window.stencils[name.slice(8, -1)];
        if (xml === undefined) throw new Error(`stencil ${name.slice(0, 40)}... not decoded`);
        return new window.mxShape(new window.mxStencil(window.mxUtils.parseXml(xml).documentElement));
      }
      return create.apply(this, arguments);
    };
  });
  for (const c of cases) {
    const res = await page.evaluate((xml, stencils) => {
      window.stencils = stencils;
      const doc = window.mxUtils.parseXml(xml);
      const files = doc.getElementsByTagName('mxfile');
      if (files.length !== 1) return { error: 'no <mxfile> root' };
      const diagrams = files[0].getElementsByTagName('diagram');
      if (diagrams.length !== 1) return { error: `${diagrams.length} <diagram> elements, want 1` };
      const models = diagrams[0].getElementsByTagName('mxGraphModel');
      if (models.length !== 1) return { error: 'the diagram holds no mxGraphModel' };
      const container = document.getElementById('c');
      container.innerHTML = '';
      const graph = new window.mxGraph(container);
      try {
        new window.mxCodec(models[0].ownerDocument).decode(models[0], graph.getModel());
        graph.refresh();
        const model = graph.getModel();
        const cells = Object.values(model.cells);
        const kind = (cell) => (cell.value && cell.value.getAttribute ? cell.value.getAttribute('flowzap') : '');
        const lanes = cells.filter((x) => x.vertex && kind(x) === 'lane');
        const nodes = cells.filter((x) => x.vertex && ['circle', 'rectangle', 'diamond', 'taskbox'].includes(kind(x)));
        const edges = cells.filter((x) => x.edge && x.id.startsWith('fz_edge_'));
        const loops = cells.filter((x) => x.vertex && kind(x) === 'loop');
        const problems = [];
        for (const l of loops) {
          const st = graph.view.getState(l);
          if (!st || !st.shape) problems.push(`loop ${l.id} was not drawn`);
          else if (String(st.style.shape || '').startsWith('stencil(') && !(st.shape.stencil && st.shape.node && st.shape.node.querySelector('path'))) problems.push(`loop ${l.id}: its outline was not drawn as a path`);
        }
        for (const e of edges) {
          if (!e.source || !e.target) problems.push(`edge ${e.id} is not attached to both ends`);
          else if (!graph.view.getState(e)) problems.push(`edge ${e.id} was not drawn`);
        }
        for (const n of nodes) {
          if (!n.parent || kind(n.parent) !== 'lane') problems.push(`node ${n.id} is not inside a lane container`);
          if (!graph.view.getState(n)) problems.push(`node ${n.id} was not drawn`);
          const g = n.geometry;
          const p = n.parent && n.parent.geometry;
          if (g && p && (g.x < 0 || g.y < 0 || g.x + g.width > p.width + 0.5 || g.y + g.height > p.height + 0.5)) problems.push(`node ${n.id} sticks out of its lane`);
        }
        return { lanes: lanes.length, nodes: nodes.length, edges: edges.length, loops: loops.length, problems, svg: container.querySelectorAll('svg g *').length };
      } catch (e) {
        return { error: String((e && e.message) || e) };
      } finally {
        graph.destroy();
      }
    }, c.xml, c.stencils);
    if (res.error) { fail(`${c.name}: mxGraph: ${res.error}`); continue; }
    for (const p of res.problems) fail(`${c.name}: ${p}`);
    if (res.lanes !== c.lanes) fail(`${c.name}: ${res.lanes} lane containers, want ${c.lanes}`);
    if (res.nodes !== c.nodes) fail(`${c.name}: ${res.nodes} nodes, want ${c.nodes}`);
    if (res.edges !== c.edges) fail(`${c.name}: ${res.edges} edges, want ${c.edges}`);
    if (res.loops !== c.loops) fail(`${c.name}: ${res.loops} loops, want ${c.loops}`);
    if (res.svg === 0) fail(`${c.name}: mxGraph drew nothing`);
  }
  console.log(`drawio: ${cases.length} files decoded and drawn by mxGraph`);
} finally {
  await b.close();
}
done('drawio');
