// Where each element of the picture is written in the code. FlowZap Code
// has one statement per line, so a line scan finds every lane, node, edge
// and loop with its place in the text; edges and loops are numbered in
// written order, as the renderer numbers them (e1, e2, …, loop1, …), so
// the picture's data-id of every element maps to its statement.

const ident = "[A-Za-z_][\\w-]*";
const laneRE = new RegExp(`^(${ident})\\s*\\{\\s*(?:#\\s*(.*?))?\\s*$`);
const nodeRE = new RegExp(`^(${ident})\\s*:\\s*(${ident})(.*)$`);
const loopRE = /^loop\s*\[(.*)\]\s*(.*)$/;
const endRE = new RegExp(`^(?:(${ident})\\.)?(${ident})(?:\\.handle\\(\\s*(\\w+)\\s*\\))?$`);
const attrRE = /([A-Za-z_]+)\s*[:=]\s*"((?:[^"\\]|\\.)*)"/g;

/** scanLine finds where a line's free text starts, as the tokenizer reads
 *  it: `at` is the index of a // comment (or, with titles, of a lane's #
 *  title) outside strings, -1 when there is none; `quoted` says whether the
 *  line ends inside a string (a // inside quotes is text). */
export function scanLine(line, titles) {
  let inStr = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inStr) {
      if (c === "\\") i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if ((c === "/" && line[i + 1] === "/") || (titles && c === "#")) return { at: i, quoted: false };
  }
  return { at: -1, quoted: inStr };
}

/** code splits a line into its code and the start of a trailing comment. */
function codePart(line) {
  const { at } = scanLine(line, false);
  return at < 0 ? line : line.slice(0, at);
}

/** arrowAt finds -> (or -->) outside strings; -1 when there is none. */
function arrowAt(s) {
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      if (c === "\\") i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === "-" && s[i + 1] === ">") return i;
  }
  return -1;
}

const unescape = (s) => s.replace(/\\(.)/g, "$1");

function attrs(s) {
  const out = {};
  for (const m of s.matchAll(attrRE)) out[m[1].toLowerCase()] = unescape(m[2]);
  return out;
}

/**
 * scan reads code into {lanes, nodes, edges, loops, at(line)}:
 *   lanes: [{id, label, from, to, end, line, endLine}] (from..to the header line, end the closing brace's end)
 *   nodes: {id: {id, shape, label, owner, description, system, lane, from, to, line}}
 *   edges: [{id, src, dst, fromSide, toSide, label, index, lane, from, to, line}] (index: among the edges src->dst)
 *   loops: [{id, condition, nodes, lane, from, to, line}]
 * from..to is the statement without its indentation and trailing comment.
 */
export function scan(code) {
  const out = { lanes: [], laneById: {}, nodes: {}, nodeOrder: [], edges: [], loops: [], byLine: [] };
  const lines = code.split("\n");
  let off = 0, lane = null;
  const pairs = {};
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i], start = off;
    off += raw.length + 1;
    const body = codePart(raw);
    const text = body.trim();
    if (!text) { out.byLine[i + 1] = lane ? { kind: "lane", id: lane.id, weak: true } : null; continue; }
    const from = start + (body.length - body.trimStart().length), to = from + text.length;
    const line = i + 1;
    let m;
    if (text === "}") {
      if (lane) {
        lane.end = to; lane.endLine = line;
        out.byLine[line] = { kind: "lane", id: lane.id };
      }
      lane = null;
      continue;
    }
    if ((m = raw.trim().match(laneRE))) {
      lane = { id: m[1], label: m[2] ?? "", from, to: start + raw.trimEnd().length, end: start + raw.length, line, endLine: line };
      out.lanes.push(lane);
      out.laneById[lane.id] = lane;
      out.byLine[line] = { kind: "lane", id: lane.id };
      continue;
    }
    if ((m = text.match(loopRE))) {
      const id = "loop" + (out.loops.length + 1);
      const nodes = m[2].split(/\s+/).filter(Boolean).map((n) => n.split(".").pop());
      out.loops.push({ id, condition: m[1], nodes, lane: lane?.id ?? null, from, to, line });
      out.byLine[line] = { kind: "loop", id };
      continue;
    }
    const a = arrowAt(text);
    if (a >= 0) {
      const left = text.slice(0, a).trim();
      let rest = text.slice(a + (text[a + 2] === ">" ? 3 : 2)).trim();
      let label = "", hasLabel = false;
      const br = rest.indexOf("[");
      if (br >= 0) {
        const at = attrs(rest.slice(br));
        if ("label" in at) { label = at.label; hasLabel = true; }
        rest = rest.slice(0, br).trim();
      }
      const l = left.match(endRE), r = rest.match(endRE);
      if (l && r) {
        const key = l[2] + ">" + r[2];
        const index = pairs[key] = (pairs[key] ?? -1) + 1;
        const id = "e" + (out.edges.length + 1);
        out.edges.push({ id, src: l[2], dst: r[2], dstLane: r[1] ?? null, fromSide: l[3] ?? "", toSide: r[3] ?? "", label, hasLabel, index, lane: lane?.id ?? null, from, to, line });
        out.byLine[line] = { kind: "edge", id };
      }
      continue;
    }
    if ((m = text.match(nodeRE))) {
      const at = attrs(m[3]);
      const n = { id: m[1], shape: m[2].toLowerCase(), label: at.label ?? "", owner: at.owner ?? "", description: at.description ?? "", system: at.system ?? "", lane: lane?.id ?? null, from, to, line };
      out.nodes[n.id] = n;
      out.nodeOrder.push(n.id);
      out.byLine[line] = { kind: "node", id: n.id };
    }
  }
  return out;
}

/** element returns the record of {kind, id} in a scan, or null. */
export function element(src, sel) {
  if (!sel) return null;
  if (sel.kind === "node") return src.nodes[sel.id] || null;
  if (sel.kind === "lane") return src.laneById[sel.id] || null;
  if (sel.kind === "edge") return src.edges.find((e) => e.id === sel.id) || null;
  if (sel.kind === "loop") return src.loops.find((l) => l.id === sel.id) || null;
  return null;
}

/** nextNodeID is the ID a new node gets: n and one more than the highest nN. */
export function nextNodeID(src) {
  let max = 0;
  for (const id of src.nodeOrder) {
    const m = id.match(/^n(\d+)$/);
    if (m) max = Math.max(max, +m[1]);
  }
  return "n" + (max + 1);
}

/** laneID turns a title into a lane ID (letters and digits of the title,
 *  in CamelCase), unique among the lanes of src; fallback when none is left. */
export function laneID(title, src, fallback = "Lane") {
  let base = title.normalize("NFKD").replace(/[^\w\s-]/g, "").split(/[\s_-]+/).filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1)).join("").replace(/[^A-Za-z0-9_]/g, "");
  if (!base || !/^[A-Za-z_]/.test(base)) base = fallback;
  base = base.slice(0, 40);
  let id = base, k = 2;
  while (src.laneById[id]) id = base + k++;
  return id;
}
