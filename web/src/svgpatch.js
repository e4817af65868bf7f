// Incremental update of the picture. The pipeline's SVG is a flat list of
// top-level groups (lanes, edges, nodes, labels); a keystroke usually
// changes two or three of several hundred. Replacing the whole markup made
// the browser parse, style and lay out every group on every keystroke
// (tens of milliseconds at 200 nodes); patch() keeps the DOM of every
// group whose markup is unchanged and parses only the new ones.
//
// A label that grows moves everything after it: then most groups change
// only in their coordinates. Such a group (same data-id, same elements
// and text in the same order) is updated in place, attribute by attribute
// (morph), which costs the browser far less than new elements (no
// parsing, no new style and layout objects, no text shaping); a group
// whose structure changed is parsed anew.
//
// The markup comes from the flowzap pipeline (the module or the server),
// which escapes every label and attribute (no raw < or > outside tags),
// so a scan of its tags finds the top-level elements.

import { joinSVG } from "../wasm/flowzap.mjs";

const NS = "http://www.w3.org/2000/svg";
const tpl = document.createElement("template");
// Attributes the app sets on the root itself (zoom, accessibility, the
// canvas's data-*) are left alone; elements it adds (the canvas's
// overlay) stay after the picture's.
const own = (name) => name === "style" || name === "aria-hidden" || name.startsWith("data-");

// shown is what patch() last put in a container: its root <svg>, the
// markup of each top-level child and its node.
const shown = new WeakMap();

/** stats says what the last patch() did: morphed is how many changed
 *  top-level elements were updated in place (not parsed). */
export const stats = { morphed: 0 };

/** split returns the root's opening tag and the markup of each top-level
 *  element of an SVG document, or null when it does not scan cleanly. */
export function split(svg) {
  const start = svg.indexOf("<svg");
  const end = svg.lastIndexOf("</svg>");
  if (start < 0 || end < 0) return null;
  const open = svg.indexOf(">", start) + 1;
  if (open <= 0 || open > end) return null;
  const items = [];
  const re = /<(\/?)[^>]*?(\/?)>/g;
  re.lastIndex = open;
  let depth = 0, from = -1, m;
  while ((m = re.exec(svg)) && m.index < end) {
    const c = svg.charCodeAt(m.index + 1);
    if (c === 33 || c === 63) continue; // <!-- --> or <?...?>
    if (m[1]) { // </tag>
      if (--depth < 0) return null;
      if (depth === 0) items.push(svg.slice(from, re.lastIndex));
    } else if (m[2]) { // <tag/>
      if (depth === 0) items.push(m[0]);
    } else { // <tag>
      if (depth++ === 0) from = m.index;
    }
  }
  if (depth !== 0) return null;
  return { head: svg.slice(start, open), items };
}

// identity names the element a top-level markup draws, so that its new
// markup can update the element drawn before: the tag and data-id (the
// diagram's element), else the tag alone (the defs, the background).
function identity(markup) {
  const end = markup.indexOf(">");
  const open = markup.slice(0, end < 0 ? markup.length : end);
  const tag = /^<([^\s/>]+)/.exec(open);
  const id = /\sdata-id="([^"]*)"/.exec(open);
  return (tag ? tag[1] : "") + (id ? "#" + id[1] : "");
}

const entities = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const refRE = /&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g;
// decode resolves the character references the pipeline writes (as the
// browser's parser does); null for one it does not know (the group is
// then parsed by the browser).
function decode(s) {
  if (s.indexOf("\r") >= 0) s = s.replace(/\r\n?/g, "\n");
  if (s.indexOf("&") < 0) return s;
  let bad = false, refs = 0;
  const out = s.replace(refRE, (m, e) => {
    refs++;
    if (e[0] === "#") {
      const n = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      if (!(n > 0 && n <= 0x10ffff) || (n >= 0xd800 && n <= 0xdfff)) { bad = true; return m; }
      return String.fromCodePoint(n);
    }
    if (!(e in entities)) { bad = true; return m; }
    return entities[e];
  });
  // A bare & (not written by the pipeline) is left to the browser.
  return bad || refs !== s.split("&").length - 1 ? null : out;
}

// attrRE reads one attribute at a time from where the last one ended (the
// sticky flag), so that anything else in a tag stops it.
const attrRE = /\s*([^\s=/>]+)\s*=\s*"([^"]*)"/y;
const names = [], values = [];

/** morph makes el (the element drawn from older markup) equal to what
 *  markup parses to, changing only what differs; false (el possibly
 *  half changed: it is then replaced) when the two do not have the same
 *  elements and text in the same order. */
export function morph(el, markup) {
  const re = /<(\/?)([^\s/>!?]+)([^>]*?)(\/?)>|<[!?][^>]*>/g;
  let at = 0, m;
  let parent = null, child = el, first = true;
  // child is the next node of parent to match (el itself at first).
  const skip = (n) => {
    // What the app adds inside a group (the canvas's hit lines, which it
    // keeps up to date with each picture) stays.
    while (n && n.nodeType === 1 && n.classList.contains("fz-hit")) n = n.nextSibling;
    return n;
  };
  while ((m = re.exec(markup))) {
    if (m.index > at) {
      const text = decode(markup.slice(at, m.index));
      if (text === null || !parent) return false;
      child = skip(child);
      if (!child || child.nodeType !== 3) return false;
      if (child.data !== text) child.data = text;
      child = child.nextSibling;
    }
    at = re.lastIndex;
    if (!m[2]) return false; // a comment or processing instruction
    if (m[1]) { // </tag>
      if (!parent) return false;
      child = skip(child);
      if (child) return false; // the old element has more
      if (parent === el) return re.lastIndex === markup.length;
      child = parent.nextSibling;
      parent = parent.parentNode;
      continue;
    }
    if (!first) child = skip(child);
    if (!child || child.nodeType !== 1 || child.localName !== m[2]) return false;
    first = false;
    // The attributes: the new ones set, the others removed (the canvas's
    // selection class is set again on every picture).
    const src = m[3];
    let n = 0, pos = 0;
    attrRE.lastIndex = 0;
    for (let a; pos < src.length && (a = attrRE.exec(src)); pos = attrRE.lastIndex) {
      const v = decode(a[2]);
      if (v === null) return false;
      names[n] = a[1];
      values[n++] = v;
    }
    if (pos < src.length && src.slice(pos).trim() !== "") return false; // something this scan does not read
    let had = 0;
    for (let i = 0; i < n; i++) {
      const old = child.getAttribute(names[i]);
      if (old !== null) had++;
      if (old !== values[i]) child.setAttribute(names[i], values[i]);
    }
    const attrs = child.attributes;
    if (attrs.length !== n || had !== n) { // others to remove
      for (let i = attrs.length - 1; i >= 0; i--) {
        const name = attrs[i].name;
        let wanted = false;
        for (let j = 0; j < n && !wanted; j++) wanted = names[j] === name;
        if (!wanted) child.removeAttribute(name);
      }
    }
    if (m[4]) { // <tag/>
      if (skip(child.firstChild)) return false; // the old element has children
      if (child === el) return re.lastIndex === markup.length;
      child = child.nextSibling;
    } else {
      parent = child;
      child = child.firstChild;
    }
  }
  return false;
}

function parse(markup) {
  tpl.innerHTML = `<svg xmlns="${NS}">${markup.join("")}</svg>`;
  return [...tpl.content.firstChild.children];
}

/** patch shows svg in container, reusing the elements of the picture
 *  already there whose markup is the same. svg is an SVG document, or a
 *  picture in parts, {open, items}: the root's opening tag and the markup
 *  of each top-level element (the module's answers, web/wasm/flowzap.mjs;
 *  no scan needed). It returns how many top-level elements it had to
 *  create (all of them the first time). */
export function patch(container, svg) {
  let next;
  if (typeof svg === "string") next = split(svg);
  else {
    next = { head: svg.open, items: svg.items };
    svg = joinSVG(svg.open, svg.items); // (a rope: joined only if read)
  }
  let cur = shown.get(container);
  if (!next || !cur || cur.root.parentNode !== container) {
    // First picture (or markup the scan does not follow): whole.
    stats.morphed = 0;
    container.innerHTML = svg;
    const root = container.querySelector("svg");
    if (next && root && root.children.length === next.items.length) {
      shown.set(container, { root, head: next.head, items: next.items, nodes: [...root.children] });
    } else {
      shown.delete(container);
    }
    return next ? next.items.length : 1;
  }
  // The root's attributes (size, view box, view class).
  if (next.head !== cur.head) {
    tpl.innerHTML = next.head + "</svg>";
    const head = tpl.content.firstChild;
    for (const a of [...cur.root.attributes]) if (!own(a.name) && !head.hasAttribute(a.name)) cur.root.removeAttribute(a.name);
    for (const a of head.attributes) if (cur.root.getAttribute(a.name) !== a.value) cur.root.setAttribute(a.name, a.value);
  }
  // Unchanged markup keeps its element (the same markup twice: in order).
  const pool = new Map();
  cur.items.forEach((k, i) => {
    const q = pool.get(k);
    if (q) q.push(i); else pool.set(k, [i]);
  });
  const nodes = new Array(next.items.length), changed = [];
  next.items.forEach((k, j) => {
    const q = pool.get(k);
    if (q && q.length) nodes[j] = cur.nodes[q.shift()]; else changed.push(j);
  });
  // Changed markup updates the element drawn for the same diagram element
  // when it has the same structure; the rest is parsed.
  const left = new Map();
  for (const q of pool.values()) {
    for (const i of q) {
      const id = identity(cur.items[i]), l = left.get(id);
      if (l) l.push(cur.nodes[i]); else left.set(id, [cur.nodes[i]]);
    }
  }
  const missing = [];
  let morphed = 0;
  for (const j of changed) {
    const l = left.get(identity(next.items[j]));
    const n = l && l.shift();
    if (n && morph(n, next.items[j])) { nodes[j] = n; morphed++; continue; }
    if (n) n.remove(); // half updated: a new one is parsed
    missing.push(j);
  }
  stats.morphed = morphed;
  if (missing.length) {
    const made = parse(missing.map((j) => next.items[j]));
    if (made.length !== missing.length) {
      shown.delete(container);
      return patch(container, svg);
    }
    missing.forEach((j, i) => { nodes[j] = made[i]; });
  }
  for (const l of left.values()) for (const n of l) n.remove();
  let ref = cur.root.firstChild;
  for (const n of nodes) {
    if (n === ref) ref = ref.nextSibling;
    else cur.root.insertBefore(n, ref);
  }
  shown.set(container, { root: cur.root, head: next.head, items: next.items, nodes });
  return missing.length;
}
